"""Group, instance and RMS normalization (``F.group_norm``/``nn.GroupNorm``,
``F.instance_norm``/``nn.InstanceNorm1d/2d`` with running statistics, ``F.rms_norm``/``nn.RMSNorm``),
``Embedding(max_norm=...)`` and the norm modules' reprs — values, gradients (and second derivatives),
graphs, buffers, state_dict keys and errors against torch 2.x."""

from tests.parity.cases_nn import case, functional
from tests.parity.cases_nn_conv import ERRORS, F
from tests.parity.cases_nn_layers import f64

CASES = {
    "group_norm": f64(functional("t.nn.functional.group_norm(a, 3, b, c)", (2, 6, 4), (6,), (6,))),
    "group_norm_images_eps": f64(functional("t.nn.functional.group_norm(a, 2, eps=1e-3)",
                                            (2, 4, 3, 2))),
    "group_norm_double_backward": f64(case("""
x = values(2, 4, 3, scale=0.21)
w = values(4, scale=0.33)
y = t.nn.functional.group_norm(x, 2, w)
gx, gw = t.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)
(gx ** 2).sum().backward()
gx, gw, gx.grad_fn.name(), x.grad, w.grad
""")),
    "instance_norm": f64(functional("t.nn.functional.instance_norm(a, weight=b, bias=c)",
                                    (2, 3, 5), (3,), (3,))),
    "instance_norm_running_stats": f64(case("""
x = values(2, 3, 2, 2)
rm, rv = t.zeros(3, dtype=t.float64), t.ones(3, dtype=t.float64)
y = t.nn.functional.instance_norm(x, rm, rv, momentum=0.2)
z = t.nn.functional.instance_norm(x, rm, rv, use_input_stats=False)
(y * t.arange(24.).reshape(2, 3, 2, 2)).sum().backward()
y, z, rm, rv, x.grad, y.grad_fn.name()
""")),
    "rms_norm": f64(functional("t.nn.functional.rms_norm(a, (5,), b)", (2, 3, 5), (5,))),
    "rms_norm_two_dims_eps": f64(functional("t.nn.functional.rms_norm(a, [3, 2], eps=1e-3)",
                                            (2, 3, 2))),
    "rms_norm_float32_default_eps": case("""
x = values(2, 4) * 1e-4
t.nn.functional.rms_norm(x, (4,)), t.nn.functional.rms_norm(x.double(), (4,))
"""),
    "norm_modules": """
n = t.nn
ms = [n.GroupNorm(3, 6), n.GroupNorm(2, 4, eps=1e-3, affine=False), n.GroupNorm(2, 4, bias=False),
      n.InstanceNorm1d(3), n.InstanceNorm2d(3, affine=True, track_running_stats=True),
      n.InstanceNorm1d(3, momentum=None, affine=True, bias=False), n.RMSNorm(5), n.RMSNorm([2, 3], eps=1e-6, elementwise_affine=False),
      n.BatchNorm1d(3, affine=False), n.BatchNorm2d(3, affine=True, bias=False)]
[(repr(m), [(k, p) for k, p in m.named_parameters()], [(k, b) for k, b in m.named_buffers()]) for m in ms]
""",
    "instance_norm_module_training_eval": f64(case("""
m = t.nn.InstanceNorm1d(3, affine=True, track_running_stats=True).double()
x = values(2, 3, 5)
y1 = m(x)
y2 = m(values(3, 5, grad=False) * 2)
m.eval()
y3 = m(x)
y1, y2, y3, m.running_mean, m.running_var, m.num_batches_tracked, list(m.state_dict())
""")),
    "instance_norm_module_warns_and_errors": ERRORS + """
n = t.nn
y = n.InstanceNorm1d(4)(t.ones(2, 3, 5))
y.shape, errors(lambda: n.InstanceNorm1d(4, affine=True)(t.ones(2, 3, 5)),
                lambda: n.InstanceNorm2d(3)(t.ones(2, 3)), lambda: n.InstanceNorm1d(3)(t.ones(2, 3, 1)))
""",
    "norm_errors": ERRORS + F + """errors(
    lambda: f.group_norm(t.ones(2, 6, 5), 4), lambda: f.group_norm(t.ones(2, 6, 5), 3, t.ones(5)),
    lambda: f.group_norm(t.ones(6), 3), lambda: f.group_norm(t.ones(1, 6), 6),
    lambda: f.rms_norm(t.ones(2, 6, 5), (6,)), lambda: f.rms_norm(t.ones(2, 6, 5), (5,), t.ones(6)),
    lambda: f.instance_norm(t.ones(2, 6, 1)), lambda: t.nn.GroupNorm(4, 6))
""",
    "embedding_max_norm": f64(case("""
w0 = (t.arange(20.).reshape(5, 4) * 0.37 - 3).double()
m = t.nn.Embedding(5, 4, max_norm=2.0).double()
with t.no_grad():
    m.weight.copy_(w0)
v = m.weight._version
y = m(t.tensor([[0, 3], [3, 1]]))
y.sum().backward()
m2 = t.nn.Embedding(5, 4, max_norm=1.5, norm_type=1.0, padding_idx=2).double()
with t.no_grad():
    m2.weight.copy_(w0)
repr(m), y, m.weight, m.weight._version - v, m.weight.grad, repr(m2), m2(t.tensor([4, 2, 0])), m2.weight
""")),
}
