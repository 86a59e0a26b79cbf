"""More of t.nn against torch 2.x: the in-place activations (``relu_``, ``elu_``, ``leaky_relu_``,
``hardtanh_``, ``selu_``, ``celu_``, ``threshold_``) and their in-place nodes, ``rrelu`` / ``RReLU``,
the padding modules, ``max_pool*_with_indices`` and ``max_unpool``, ``lp_pool``,
``local_response_norm``, ``gumbel_softmax``, ``pdist``, ``alpha_dropout``, ``channel_shuffle`` and
the deprecated upsample wrappers: values, gradients, graphs, reprs and errors. Random functions are
observed through their structure (and, where the noise can be fixed, values)."""

from tests.parity.cases_nn import case, functional
from tests.parity.cases_nn_conv import ERRORS, F
from tests.parity.cases_nn_layers import f64

_X = "x = t.tensor([-3., -1., -0.5, 0., 0.25, 2., 7.], dtype=t.float64, requires_grad=True)\n"


def _inplace(call: str) -> str:
    """``call`` (of ``y``, a non-leaf copy of ``x``) in place: its result, whether it is ``y``,
    its node, and the gradient reaching ``x``."""
    return case(_X + F + f"""
y = x * 1
r = {call}
(r * t.arange(1., 8., dtype=t.float64)).sum().backward()
r, r is y, r.grad_fn.name(), y._version, x.grad
""")


_INPLACE = ("f.relu_(y)", "f.relu(y, inplace=True)", "f.elu_(y)", "f.elu_(y, 0.5)",
            "f.elu(y, 2., inplace=True)", "f.leaky_relu_(y)", "f.leaky_relu_(y, 0.2)",
            "f.leaky_relu(y, 0.3, True)", "f.hardtanh_(y)", "f.hardtanh_(y, -0.5, 1.5)",
            "f.hardtanh(y, inplace=True)", "f.selu_(y)", "f.selu(y, True)", "f.celu_(y)",
            "f.celu_(y, 0.5)", "f.celu(y, 2., True)", "f.threshold_(y, 0., 5.)",
            "f.threshold(y, 0.1, -2., True)", "f.relu6(y, True)", "f.rrelu_(y)",
            "f.rrelu(y, 0.1, 0.3, inplace=True)", "f.rrelu(y)", "f.rrelu(y, 0.2, 0.5)")

CASES = {
    **{f"inplace_{index}": _inplace(call) for index, call in enumerate(_INPLACE)},
    "inplace_integer_and_unchecked": ERRORS + F + """errors(
    lambda: f.relu_(t.tensor([1, -2])), lambda: f.threshold_(t.tensor([1, -2, 0]), 0.5, 7.5),
    lambda: f.threshold(t.tensor([-1, 0, 3], dtype=t.int8), -0.5, 9), lambda: f.threshold(t.tensor([True]), 0, 1),
    lambda: f.hardtanh_(t.tensor([-3., 0.5, 3.]), 2., 1.), lambda: f.hardtanh(t.tensor([1.]), 2., 1.),
    lambda: f.elu_(t.tensor([1, 2])), lambda: f.leaky_relu_(t.tensor([1, 2])), lambda: f.celu_(t.tensor([1.]), 0.),
    lambda: f.elu_(t.tensor([1.], requires_grad=True)))
""",
    "inplace_negative_slope_backward": ERRORS + F + """
def backward(fn):
    x = t.tensor([-1., 2.], requires_grad=True)
    fn(x * 1).sum().backward()
    return x.grad
errors(lambda: backward(lambda y: f.leaky_relu_(y, -0.1)), lambda: backward(lambda y: f.leaky_relu_(y, 0.)),
       lambda: backward(lambda y: f.elu_(y, -0.5)), lambda: backward(lambda y: f.celu_(y, -0.5)),
       lambda: backward(lambda y: f.leaky_relu(y, -0.1)))
""",
    "inplace_second_derivative_values": case(_X + F + """
out = []
for fn in (lambda v: f.elu_(v, 0.5), f.selu_, lambda v: f.celu_(v, 0.5), lambda v: f.leaky_relu_(v, 0.2),
           lambda v: f.threshold_(v, 0., 1.), f.hardtanh_):
    (g,) = t.autograd.grad((fn(x * 1) ** 3).sum(), x, create_graph=True)
    out += [g, t.autograd.grad((g ** 2).sum(), x)[0]]
out
"""),
    "rrelu_eval": functional("t.nn.functional.rrelu(a)", (3, 4)),
    "rrelu_eval_bounds": functional("t.nn.functional.rrelu(a, 0.3, 0.3)", (2, 5)),
    "rrelu_training_structure": """
f = t.nn.functional
x = t.linspace(-5., 5., 201, requires_grad=True)
y = f.rrelu(x, 0.1, 0.3, training=True)
y.sum().backward()
slope = (y / x)[x < 0]
pos = x > 0
(bool((y[pos] == x[pos]).all()), bool((slope >= 0.1).all()), bool((slope <= 0.3).all()),
 bool((x.grad[pos] == 1).all()), bool(t.allclose(x.grad[x < 0], slope)), y.grad_fn.name(), y.dtype,
 f.rrelu(t.tensor([-3.], dtype=t.float64), 0.2, 0.2, training=True))
""",
    "rrelu_errors": ERRORS + F + """errors(
    lambda: f.rrelu(t.tensor([1, -2])), lambda: f.rrelu(t.tensor([1, -2]), training=True),
    lambda: f.rrelu(t.tensor([1., -2.]), 0.5, 0.2), lambda: f.rrelu(t.tensor([1., -2.]), 0.5, 0.2, True),
    lambda: f.rrelu_(t.tensor([1., -2.]), 0.5, 0.1), lambda: f.rrelu(t.tensor([1., -2.]), -0.5, -0.1))
""",
    "rrelu_module": """
ms = [t.nn.RReLU(), t.nn.RReLU(0.1, 0.3), t.nn.RReLU(0.2, 0.2, inplace=True)]
x = t.tensor([-2., -1., 0., 1.])
out = [(repr(m), m.lower, m.upper, m.inplace) for m in ms]
m = ms[2]
y = m(x.clone())
m.eval()
out + [y, m(x.clone()), ms[0].eval()(x), ms[0].training]
""",
    # --- padding modules --------------------------------------------------------------------------
    "pad_module_reprs": """
n = t.nn
[repr(m) for m in (n.ReflectionPad1d(2), n.ReflectionPad2d((1, 0, 2, 1)), n.ReflectionPad3d(1),
 n.ReplicationPad1d((1, 2)), n.ReplicationPad2d(1), n.ReplicationPad3d([1, 0, 1, 0, 1, 0]),
 n.CircularPad1d(1), n.CircularPad2d((1, 1, 0, 2)), n.CircularPad3d(1), n.ZeroPad3d(1),
 n.ZeroPad3d((1, 2, 0, 0, 1, 0)), n.ConstantPad3d(1, 2.5), n.ConstantPad3d((0, 1, 1, 0, 2, 0), 3))]
""",
    **{f"pad_module_{index}": functional(f"t.nn.{module}(a)", shape)
       for index, (module, shape) in enumerate((
           ("ReflectionPad1d(2)", (2, 3, 4)), ("ReflectionPad1d((1, 3))", (3, 5)),
           ("ReflectionPad2d((1, 0, 2, 1))", (1, 2, 3, 4)), ("ReflectionPad3d(1)", (1, 2, 3, 3, 2)),
           ("ReplicationPad1d((1, 2))", (2, 3)), ("ReplicationPad2d(1)", (2, 3, 3)),
           ("ReplicationPad3d((1, 0, 0, 2, 1, 1))", (2, 2, 2, 3)), ("CircularPad1d(1)", (1, 2, 3)),
           ("CircularPad2d((1, 1, 0, 2))", (1, 1, 3, 3)), ("CircularPad3d(1)", (1, 1, 2, 2, 2)),
           ("ZeroPad3d((1, 0, 1, 2, 0, 1))", (2, 2, 2, 2)), ("ConstantPad3d(1, 2.5)", (1, 2, 1, 2))))},
    "pad_module_errors": ERRORS + """
n = t.nn
errors(lambda: n.CircularPad1d(1)(t.ones(1, 1, 2, 2)), lambda: n.CircularPad2d(1)(t.ones(2, 2)),
       lambda: n.CircularPad3d(1)(t.ones(2, 2, 2)), lambda: n.ReflectionPad1d(1)(t.ones(1, 1, 2, 2)),
       lambda: n.ReflectionPad1d(3)(t.ones(1, 2)), lambda: n.ReplicationPad3d(1)(t.ones(2, 2)),
       lambda: n.ZeroPad3d(1)(t.ones(2, 2)), lambda: n.ConstantPad3d(1, 1)(t.ones(1, 2, 2)).shape)
""",
    # --- max pooling with indices, unpooling ------------------------------------------------------
    "max_pool2d_with_indices": functional("t.nn.functional.max_pool2d_with_indices(a, 2, 1, 1)[0]",
                                          (1, 2, 3, 4)),
    "max_pool_with_indices_pairs": case("""
f = t.nn.functional
a = values(2, 3, 5)
b = values(1, 2, 4, 5)
[f.max_pool1d_with_indices(a, 2), f.max_pool1d_with_indices(a, 3, 2, 1, return_indices=False),
 f.max_pool2d_with_indices(b, 2, ceil_mode=True), f.max_pool2d_with_indices(b, (2, 3), 1, (1, 0), 1),
 t.nn.MaxPool2d(2, return_indices=True)(b), t.nn.MaxPool1d(2, return_indices=True)(a),
 repr(t.nn.MaxPool2d(2, return_indices=True))]
"""),
    "max_unpool2d": case("""
f = t.nn.functional
x = values(1, 2, 4, 5)
o, i = f.max_pool2d(x, 2, return_indices=True)
u = f.max_unpool2d(o, i, 2, output_size=(4, 5))
(u * t.arange(1., u.numel() + 1).reshape(u.shape)).sum().backward()
u, graph(u), x.grad, f.max_unpool2d(o[0], i[0], 2, output_size=(1, 2, 4, 5)).shape
"""),
    "max_unpool1d": case("""
f = t.nn.functional
x = values(2, 3, 7)
o, i = f.max_pool1d(x, 3, 2, 1, return_indices=True)
u = f.max_unpool1d(o, i, 3, 2, 1)
(u * t.arange(1., u.numel() + 1).reshape(u.shape)).sum().backward()
u, graph(u), x.grad, f.max_unpool1d(o, i, 3, 2, 1, output_size=[8]).shape
"""),
    "max_unpool_modules": case("""
n = t.nn
x = values(1, 1, 4, 4, grad=False)
pool, unpool = n.MaxPool2d(2, stride=2, return_indices=True), n.MaxUnpool2d(2, stride=2)
o, i = pool(x)
p1, u1 = n.MaxPool1d(2, return_indices=True), n.MaxUnpool1d(2)
o1, i1 = p1(x[0])
[repr(m) for m in (unpool, u1, n.MaxUnpool2d((2, 3), 1, 1), n.MaxUnpool1d(3, stride=2, padding=1))], \\
    unpool(o, i), unpool(o, i, output_size=x.size()), u1(o1, i1)
"""),
    "max_unpool_errors": ERRORS + F + """
x = t.arange(16.).reshape(1, 1, 4, 4)
o, i = f.max_pool2d(x, 2, return_indices=True)
errors(lambda: f.max_unpool2d(o, i + 20, 2), lambda: f.max_unpool2d(o, i.float(), 2),
       lambda: f.max_unpool2d(o, i, 2, output_size=(7, 7)), lambda: f.max_unpool2d(o[0, 0], i[0, 0], 2),
       lambda: f.max_unpool2d(o, i[0], 2), lambda: f.max_unpool2d(o, i, 2, output_size=(1, 5, 5)),
       lambda: f.max_unpool1d(t.ones(1, 2, 2), t.zeros(1, 2, 2, dtype=t.long), 2))
""",
    # --- lp_pool, local_response_norm -------------------------------------------------------------
    # (float64: torch's float32 pow(x, 0.5) is not always the nearest float to the square root)
    **{f"lp_pool_{index}": f64(functional(call, shape, scale=0.5))
       for index, (call, shape) in enumerate((
           ("t.nn.functional.lp_pool1d(a, 2, 2)", (2, 3, 6)),
           ("t.nn.functional.lp_pool1d(a, 3, 3, stride=2, ceil_mode=True)", (1, 2, 8)),
           ("t.nn.functional.lp_pool2d(a, 2, 2)", (1, 2, 4, 4)),
           ("t.nn.functional.lp_pool2d(a, 1.5, (2, 3), stride=1)", (2, 1, 3, 4)),
           ("t.nn.functional.lp_pool2d(a, float('inf'), 2)", (1, 1, 4, 4)),
           ("t.nn.functional.lp_pool1d(a, -float('inf'), 2)", (1, 2, 4)),
           ("t.nn.LPPool2d(2, 2, stride=1)(a)", (1, 1, 3, 3)),
           ("t.nn.LPPool1d(1, 3)(a)", (2, 7))))},
    "lp_pool_module_reprs": """
[repr(m) for m in (t.nn.LPPool1d(2, 3), t.nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True), t.nn.LPPool2d(2, 2))]
""",
    "lp_pool_float32": functional("t.nn.functional.lp_pool2d(a, 3, 2)", (1, 2, 4, 4)),
    "avg_pool_inf_and_nan_stay_in_their_windows": case("""
f = t.nn.functional
x = t.tensor([[[1., 2., float('inf'), 4.], [5., float('nan'), 7., 8.], [9., 10., 11., 12.]]], requires_grad=True)
y = f.avg_pool2d(x, 2, 1)
g = t.ones(2, 3)
g[0, 0] = float('nan')
y.backward(g[None])
y, x.grad, f.avg_pool1d(x, 2), f.adaptive_avg_pool2d(x, (2, 3))
"""),
    "lp_pool_zero_norm": ERRORS + F + "errors(lambda: f.lp_pool1d(t.ones(1, 1, 3), 0, 2))",
    **{f"local_response_norm_{index}": functional(call, shape)
       for index, (call, shape) in enumerate((
           ("t.nn.functional.local_response_norm(a, 2)", (1, 3, 2, 4)),
           ("t.nn.functional.local_response_norm(a, 3, alpha=0.5, beta=0.6, k=2.)", (2, 4, 3)),
           ("t.nn.functional.local_response_norm(a, 5, alpha=1., beta=0.75, k=1.)", (1, 6, 2, 2, 2)),
           ("t.nn.LocalResponseNorm(4, 0.1, 0.5, 1.5)(a)", (2, 5, 3, 2))))},
    "local_response_norm_second_derivative": case("""
x = values(1, 3, 2, 2)
(g,) = t.autograd.grad((t.nn.functional.local_response_norm(x, 2, 0.5) ** 2).sum(), x, create_graph=True)
g, t.autograd.grad((g ** 2).sum(), x)[0]
"""),
    "local_response_norm_edges": ERRORS + F + """
[repr(t.nn.LocalResponseNorm(3)), repr(t.nn.LocalResponseNorm(2, 1e-3, 0.5, 2.))] + errors(
    lambda: f.local_response_norm(t.ones(2, 3), 2), lambda: f.local_response_norm(t.ones(0, 3, 2), 2))
""",
    # --- gumbel_softmax, alpha_dropout --------------------------------------------------------------
    "gumbel_softmax_structure": """
f = t.nn.functional
logits = t.tensor([[1., 2., 0.5, -1.], [0., 0., 3., 1.], [-2., 4., 1., 0.]], requires_grad=True)
soft = f.gumbel_softmax(logits, tau=0.5)
hard = f.gumbel_softmax(logits, hard=True, dim=0)
(hard * t.arange(12.).reshape(3, 4)).sum().backward()
(soft.shape, soft.dtype, bool(t.allclose(soft.sum(-1), t.ones(3))), bool((soft > 0).all()),
 soft.grad_fn.name(), hard.grad_fn.name(), sorted(set(hard.detach().flatten().tolist())),
 hard.sum(0), logits.grad.shape, bool(t.allclose(logits.grad.sum(0), t.zeros(4), atol=1e-5)))
""",
    "gumbel_softmax_fixed_noise": """
f = t.nn.functional
logits = t.tensor([[1., 2., 0.5, -1.], [0., 0., 3., 1.]], dtype=t.float64, requires_grad=True)
# the same seed twice: the noise gumbel_softmax draws is the noise drawn here
t.manual_seed(3)
g = -t.empty_like(logits).exponential_().log()
t.manual_seed(3)
soft = f.gumbel_softmax(logits, tau=0.7)
t.manual_seed(3)
hard = f.gumbel_softmax(logits, tau=0.7, hard=True)
expected = ((logits + g) / 0.7).softmax(-1)
(bool(t.allclose(soft, expected)), bool(t.equal(hard.argmax(-1), (logits + g).argmax(-1))),
 bool(t.allclose(hard - soft.detach(), f.one_hot(hard.argmax(-1), 4).double() - soft.detach())), soft.dtype)
""",
    "gumbel_softmax_eps_warning": """
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    t.nn.functional.gumbel_softmax(t.zeros(3), eps=1e-5).shape
[str(x.message) for x in w]
""",
    "alpha_dropout": """
f = t.nn.functional
x = t.ones(2000, requires_grad=True)
y = f.alpha_dropout(x, 0.2, True)
y.sum().backward()
vals = sorted(set(y.tolist()))
(vals, y.grad_fn.name(), [n.name() for n, _ in y.grad_fn.next_functions if n], sorted(set(x.grad.tolist())),
 f.alpha_dropout(x, 0.2) is x, f.alpha_dropout(x, 0., True) is x, f.alpha_dropout(x[:3], 1., True),
 f.alpha_dropout(t.ones(3, dtype=t.float64), 0.5, True).dtype)
""",
    "alpha_dropout_module": """
m = t.nn.AlphaDropout(0.2, inplace=True)
x = t.ones(500)
y = m(x)
m.eval()
repr(t.nn.AlphaDropout()), repr(m), sorted(set(y.tolist())), x.sum(), m(x) is x, isinstance(m, t.nn.Dropout)
""",
    "alpha_dropout_errors": ERRORS + F + """errors(lambda: f.alpha_dropout(t.ones(3), 1.5),
    lambda: t.nn.AlphaDropout(-0.1))""",
    # --- pdist, channel_shuffle, upsample wrappers ----------------------------------------------------
    **{f"pdist_{index}": functional(f"t.nn.functional.pdist(a, {p})", (4, 3))
       for index, p in enumerate((2, 1, 0, 3, 0.5, "float('inf')"))},
    "pdist_double_backward": ERRORS + """
x = t.tensor([[0., 1.], [2., -1.], [0.5, 3.]], requires_grad=True)
out = []
for p in (2., 1., 3.):
    y = t.nn.functional.pdist(x, p)
    (g,) = t.autograd.grad((y ** 2).sum(), x, create_graph=True)
    out += [y, g, g.grad_fn.name()] + errors(lambda: g.sum().backward())
out
""",
    "pdist_edges": ERRORS + F + """errors(lambda: f.pdist(t.ones(3)), lambda: f.pdist(t.ones(2, 3, 4)),
    lambda: f.pdist(t.ones(3, 2), -1), lambda: f.pdist(t.ones(1, 2)), lambda: f.pdist(t.ones(0, 2)),
    lambda: f.pdist(t.ones(3, 0)), lambda: f.pdist(t.ones(3, 2, dtype=t.int64)),
    lambda: f.pdist(t.tensor([[1., 2.], [1., 2.], [0., 0.]], dtype=t.float64)),
    lambda: f.pdist(t.tensor([[1., 2.], [1., 2.]], requires_grad=True)).sum().backward())
""",
    **{f"channel_shuffle_{index}": functional(call, shape)
       for index, (call, shape) in enumerate((
           ("t.nn.functional.channel_shuffle(a, 3)", (2, 6, 2)),
           ("t.nn.functional.channel_shuffle(a, 2)", (1, 4, 2, 3)),
           ("t.nn.ChannelShuffle(2)(a)", (1, 6, 1, 2, 1))))},
    "channel_shuffle_edges": ERRORS + F + """
x = t.arange(12.).reshape(1, 6, 2).requires_grad_()
(g,) = t.autograd.grad((f.channel_shuffle(x, 3) ** 2).sum(), x, create_graph=True)
[g.grad_fn.name(), repr(t.nn.ChannelShuffle(3)), f.channel_shuffle(t.arange(12).reshape(1, 6, 2), 2)] + errors(
    lambda: f.channel_shuffle(t.ones(2, 6), 3), lambda: f.channel_shuffle(t.ones(2, 6, 2), 4),
    lambda: f.channel_shuffle(t.ones(2, 6, 2), 0), lambda: f.channel_shuffle(t.ones(2, 6, 2), -1),
    lambda: t.nn.ChannelShuffle(3)(t.ones(1, 4, 2)))
""",
    "upsample_nearest": functional("t.nn.functional.upsample_nearest(a, scale_factor=2)", (1, 2, 2, 3)),
    "upsample_nearest_size": functional("t.nn.functional.upsample_nearest(a, 5)", (1, 2, 3)),
    "upsample_bilinear": functional("t.nn.functional.upsample_bilinear(a, (3, 5))", (1, 1, 2, 3)),
    "upsample_bilinear_scale": functional("t.nn.functional.upsample_bilinear(a, scale_factor=1.5)",
                                          (2, 1, 2, 2)),
}
