"""The layers, activations, losses and containers of t.nn beyond the first set (the ones transformer,
CNN and RNN tutorials use): values, gradients, graphs (grad_fn names and next_functions, the nodes
of a second derivative), module reprs, parameters and state_dict keys, and torch's errors, checked
against torch 2.x. Random initializations are observed through shapes and bounds only, or replaced
by known values first."""

from tests.parity import second_derivative_nodes
from tests.parity.cases_nn import case, functional


def f64(code: str) -> str:
    """A case whose known values are float64 (float32 gradients of normalizations differ from torch's
    in the last printed digit: the order of float32 sums is not the same)."""
    return code.replace("t.arange(count * 1.)", "t.arange(count * 1., dtype=t.float64)")


_X = "x = t.tensor([[-2., -0.5, 0., 0.25, 3.], [1., -1., 0.5, -3., 2.]], requires_grad=True)"

FUSE = """
def fill(m, k=0.0):
    with t.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(((t.arange(p.numel(), dtype=p.dtype) + k + i).sin() * 0.5 + 0.1).reshape(p.shape))
    return m
def trained_bn(bn, shape):
    bn.train()
    for i in range(3):
        bn((t.arange(t.Size(shape).numel(), dtype=t.float32).reshape(shape) * 0.1 + i).cos())
    return bn.eval()
"""


CASES = {
    # --- activations --------------------------------------------------------------------------------
    "silu": functional("t.nn.functional.silu(a)", (2, 5), scale=0.5),
    "mish": functional("t.nn.functional.mish(a)", (2, 5), scale=0.5),
    "elu": functional("t.nn.functional.elu(a)", (2, 5), scale=0.5),
    "elu_alpha": functional("t.nn.functional.elu(a, alpha=0.3)", (2, 5), scale=0.5),
    "selu": functional("t.nn.functional.selu(a)", (2, 5), scale=0.5),
    "celu": functional("t.nn.functional.celu(a, alpha=0.5)", (2, 5), scale=0.5),
    "celu_alpha_zero": "t.nn.functional.celu(t.ones(2), alpha=0.)",
    "activations_float32": case(_X + """
f = t.nn.functional
[f.silu(x), f.mish(x), f.elu(x), f.selu(x), f.celu(x, 2.)]
"""),
    "activations_second_derivative_nodes": second_derivative_nodes(
        _X, "t.nn.functional.silu(x)", "t.nn.functional.mish(x)", "t.nn.functional.elu(x)",
        "t.nn.functional.celu(x)"),
    "activations_double_backward_values": case(_X + """
f = t.nn.functional
out = []
for fn in (f.silu, f.mish, f.elu, f.selu):
    (g,) = t.autograd.grad((fn(x) ** 2).sum(), x, create_graph=True)
    out += [g, t.autograd.grad(g.sum(), x)[0]]
out
"""),
    "activations_inplace": case("""
x = t.tensor([-1., 0.5, 2.])
outs = []
for name in ("silu", "mish", "elu", "selu", "celu"):
    y = x.clone()
    z = getattr(t.nn.functional, name)(y, inplace=True)
    outs.append((z is y, y))
outs
"""),
    "activation_modules_repr": """
n = t.nn
[repr(m) for m in (n.SiLU(), n.SiLU(True), n.Mish(), n.Mish(inplace=True), n.ELU(), n.ELU(0.5, True),
                   n.SELU(), n.SELU(True), n.CELU(), n.CELU(2.0))]
""",
    "activation_modules_values": case(_X + """
n = t.nn
[m(x) for m in (n.SiLU(), n.Mish(), n.ELU(0.5), n.SELU(), n.CELU(2.0))]
"""),
    # --- layer norm ---------------------------------------------------------------------------------
    "layer_norm_last_dim": f64(functional("t.nn.functional.layer_norm(a, (4,), b, c)", (3, 4), (4,), (4,))),
    "layer_norm_two_dims": f64(functional("t.nn.functional.layer_norm(a, (3, 2), b, c, eps=1e-3)",
                                      (2, 3, 2), (3, 2), (3, 2))),
    "layer_norm_no_affine": case("""
x = (t.arange(24.).reshape(2, 3, 4) ** 2 % 7).double().requires_grad_()
y = t.nn.functional.layer_norm(x, [4])
(y ** 3).sum().backward()
y, graph(y), x.grad
"""),
    "layer_norm_weight_only": f64(functional("t.nn.functional.layer_norm(a, [4], b)", (3, 4), (4,))),
    "layer_norm_int_shape": f64(functional("t.nn.functional.layer_norm(a, 4)", (3, 4))),
    "layer_norm_constant_rows": case("""
x = t.ones(2, 3, requires_grad=True)
y = t.nn.functional.layer_norm(x, (3,))
y.sum().backward()
y, x.grad
"""),
    "layer_norm_float32_values": case("""
x = t.arange(24.).reshape(2, 3, 4).sin() * 3
t.nn.functional.layer_norm(x, (4,)), t.nn.functional.layer_norm(x, (3, 4), eps=0.1)
"""),
    "layer_norm_double_backward": f64(case("""
x = values(2, 4, scale=0.5)
w = values(4, scale=0.3)
b = values(4)
y = t.nn.functional.layer_norm(x, (4,), w, b)
(gx, gw, gb) = t.autograd.grad((y ** 3).sum(), (x, w, b), create_graph=True)
(gx.sum() + (gw * gw).sum()).backward()
gx, gw, gb, gx.grad_fn.name(), x.grad, w.grad, b.grad
""")),
    "layer_norm_bad_shape": "t.nn.functional.layer_norm(t.ones(2, 3), (4,))",
    "layer_norm_bad_shape_two_dims": "t.nn.functional.layer_norm(t.ones(2, 3, 4), (2, 4))",
    "layer_norm_bad_weight": "t.nn.functional.layer_norm(t.ones(2, 3), (3,), t.ones(2))",
    "layer_norm_module": f64(case("""
m = t.nn.LayerNorm(4, dtype=t.float64)
x = values(3, 4)
y = m(x)
y.sum().backward()
(repr(m), [(k, v.shape) for k, v in m.state_dict().items()], y, m.weight, m.bias, m.weight.grad,
 m.bias.grad, m.normalized_shape, m.eps, m.elementwise_affine)
""")),
    "layer_norm_module_options": """
n = t.nn
ms = [n.LayerNorm((3, 4), eps=1e-6, elementwise_affine=False), n.LayerNorm(4, bias=False),
      n.LayerNorm([2, 3], dtype=t.float64)]
[(repr(m), list(m.state_dict()), [p.dtype for p in m.parameters()]) for m in ms]
""",
    "layer_norm_transformer_block": f64(case("""
t.manual_seed(0)
ln = t.nn.LayerNorm(4).double()
with t.no_grad():
    ln.weight.copy_(t.tensor([1., 2., 0.5, -1.]))
    ln.bias.copy_(t.tensor([0.1, 0., -0.2, 0.3]))
x = values(2, 3, 4)
y = x + t.nn.functional.gelu(ln(x))
y.pow(2).mean().backward()
y, x.grad, ln.weight.grad, ln.bias.grad
""")),
    # --- containers ----------------------------------------------------------------------------------
    "module_dict": """
n = t.nn
d = n.ModuleDict({'a': n.Linear(2, 2), 'b': n.ReLU()})
d['c'] = n.Tanh()
d.update([('e', n.ReLU())])
popped = d.pop('e')
repr(d), list(d.keys()), len(d), 'a' in d, list(d), repr(popped), [k for k, _ in d.named_parameters()]
""",
    "module_dict_errors": """
errors = []
for make in (lambda: t.nn.ModuleDict({'a': 1}), lambda: t.nn.ModuleDict([1]),
             lambda: t.nn.ModuleDict([('a',)]), lambda: t.nn.ModuleDict()['x']):
    try:
        make()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "parameter_list": """
p = t.nn.ParameterList([t.nn.Parameter(t.ones(2)), t.zeros(3)])
p.append(t.nn.Parameter(t.ones(2, 2, dtype=t.float64)))
p.append(t.tensor(1.))
(repr(p), list(p.state_dict()), type(p[1]).__name__, p[1].requires_grad, len(p), p[-2].dtype,
 len(p[1:]), [q.shape for q in p])
""",
    "parameter_dict": """
q = t.nn.ParameterDict({'w': t.nn.Parameter(t.ones(2)), 's': t.zeros(1)})
q['b'] = t.zeros(2, 3, dtype=t.float64)
repr(q), list(q.state_dict()), list(q.keys()), 'w' in q, q['w'].shape, len(q), q.get('zz')
""",
    "containers_in_a_model": """
class M(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = t.nn.ParameterList([t.nn.Parameter(t.ones(1)) for _ in range(2)])
        self.md = t.nn.ModuleDict({'x': t.nn.Linear(1, 1)})
        self.pd = t.nn.ParameterDict({'scale': t.nn.Parameter(t.full((1,), 2.))})
    def forward(self, x):
        return self.md['x'](x) * self.ps[0] * self.ps[1] * self.pd['scale']
m = M()
with t.no_grad():
    m.md['x'].weight.fill_(0.5)
    m.md['x'].bias.fill_(0.1)
m(t.ones(3, 1)).sum().backward()
repr(m), [n for n, _ in m.named_parameters()], list(m.state_dict()), m.ps[0].grad, m.pd['scale'].grad
""",
    "unflatten": """
u = t.nn.Unflatten(1, (2, 3))
x = t.arange(12.).reshape(2, 6).requires_grad_()
y = u(x)
repr(u), y, repr(t.nn.Unflatten(-1, (2, 3))), t.nn.Unflatten(-1, [3, 2])(t.ones(6)).shape
""",
    # --- the Module API -------------------------------------------------------------------------------
    "module_api_walk": """
n = t.nn
class Net(n.Module):
    def __init__(self):
        super().__init__()
        self.body = n.Sequential(n.Linear(2, 3), n.ReLU())
        self.head = n.Linear(3, 1, bias=False)
        self.register_buffer('scale', t.ones(1))
        self.register_buffer('tmp', t.zeros(2), persistent=False)
    def forward(self, x):
        return self.head(self.body(x)) * self.scale
m = Net()
seen = []
m.apply(lambda mod: seen.append(type(mod).__name__))
(repr(m), [k for k, _ in m.named_children()], [k for k, _ in m.named_modules()],
 [k for k, _ in m.named_parameters()], [k for k, _ in m.named_buffers()], list(m.state_dict()),
 len(list(m.parameters(recurse=False))), len(list(m.buffers(recurse=False))), seen,
 m.eval().training, m.body[0].training, m.train().body[1].training,
 [p.requires_grad for p in m.requires_grad_(False).parameters()],
 m.to(t.float64).head.weight.dtype, m.scale.dtype, m.tmp.dtype, m.half().head.weight.dtype,
 repr(m.get_submodule('body.0')), m.get_parameter('body.0.bias').shape, m.get_buffer('scale'))
""",
    "module_api_lookup_errors": """
m = t.nn.Sequential(t.nn.Linear(2, 1))
errors = []
for target in (lambda: m.get_submodule('a.b'), lambda: m.get_submodule('0.weight'),
               lambda: m.get_parameter('0.x'), lambda: m.get_parameter('0.weight.x'),
               lambda: m.get_buffer('0.weight')):
    try:
        target()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "forward_hooks": """
m = t.nn.Linear(2, 1)
calls = []
h1 = m.register_forward_hook(lambda mod, args, out: calls.append(('fwd', len(args), out.shape)))
h2 = m.register_forward_pre_hook(lambda mod, args: calls.append(('pre', len(args))))
h3 = m.register_forward_pre_hook(lambda mod, args: calls.append('first'), prepend=True)
h4 = m.register_forward_hook(lambda mod, args, kwargs, out: out * 0 + 5, with_kwargs=True)
out = m(t.ones(4, 2))
h1.remove(); h2.remove(); h3.remove(); h4.remove()
out2 = m(t.ones(1, 2))
calls, out, out2.shape
""",
    "full_backward_hooks": """
t.manual_seed(0)
m = t.nn.Linear(2, 1)
with t.no_grad():
    m.weight.copy_(t.tensor([[0.5, -2.]]))
calls = []
m.register_full_backward_pre_hook(lambda mod, go: calls.append(('pre', [g.shape for g in go])))
m.register_full_backward_hook(lambda mod, gi, go: calls.append(('bwd', gi, go)))
x = t.ones(3, 2, requires_grad=True)
y = m(x)
y.sum().backward()
calls, y.grad_fn.name(), [f.name() for f, _ in y.grad_fn.next_functions], x.grad
""",
    "full_backward_hooks_replace": """
m = t.nn.Linear(2, 1)
with t.no_grad():
    m.weight.copy_(t.tensor([[0.5, -2.]]))
m.register_full_backward_pre_hook(lambda mod, go: (go[0] * 10,))
m.register_full_backward_hook(lambda mod, gi, go: (gi[0] + 1,))
x = t.ones(3, 2, requires_grad=True)
m(x).sum().backward()
x.grad, m.weight.grad
""",
    "full_backward_hook_no_input_grad": """
m = t.nn.Linear(2, 1)
calls = []
m.register_full_backward_hook(lambda mod, gi, go: calls.append((gi, [g.shape for g in go])))
m(t.ones(3, 2)).sum().backward()
calls
""",
    "full_backward_hook_bad_return": """
m = t.nn.Linear(2, 1)
m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
m(t.ones(3, 2, requires_grad=True)).sum().backward()
""",
    # the deprecated kind: a hook on the node that made the output (Linear's addmm: its gradients
    # for bias, input and weight transposed), with torch's FutureWarning
    "backward_hook_deprecated": """
m = t.nn.Linear(2, 1)
with t.no_grad():
    m.weight.copy_(t.tensor([[0.5, -2.]]))
calls = []
# (cloned: torch's weight.grad may share the hook's gradient buffer, which the second pass adds to)
handle = m.register_backward_hook(
    lambda mod, gi, go: calls.append((mod is m, [g.clone() for g in gi], go)))
x = t.ones(3, 2, requires_grad=True)
y = m(x)
y.sum().backward()
handle.remove()
m(x).sum().backward()
calls, y.grad_fn.name(), x.grad
""",
    "backward_hook_deprecated_replace": """
m = t.nn.Linear(2, 1, bias=False)
with t.no_grad():
    m.weight.copy_(t.tensor([[0.5, -2.]]))
m.register_backward_hook(lambda mod, gi, go: (gi[0] * 10, gi[1]))
x = t.ones(3, 2, requires_grad=True)
m(x).sum().backward()
x.grad, m.weight.grad
""",
    "backward_hook_deprecated_one_node": """
a = t.tensor([-1., 2., 3.], requires_grad=True)
calls = []
m = t.nn.ReLU()
m.register_backward_hook(lambda mod, gi, go: calls.append((gi, go)))
(m(a * 2) * t.tensor([1., 2., 3.])).sum().backward()
calls, a.grad
""",
    "backward_hook_deprecated_no_grad": """
calls = []
m = t.nn.Linear(2, 1)
m.register_backward_hook(lambda mod, gi, go: calls.append(gi))
with t.no_grad():
    y = m(t.ones(1, 2))
calls, y.requires_grad
""",
    "backward_hook_kinds_do_not_mix": """
errors = []
for first, second in (("register_backward_hook", "register_full_backward_hook"),
                      ("register_full_backward_hook", "register_backward_hook")):
    m = t.nn.Linear(2, 1)
    getattr(m, first)(lambda mod, gi, go: None)
    try:
        getattr(m, second)(lambda mod, gi, go: None)
    except RuntimeError as e:
        errors.append(str(e))
errors
""",
    # --- embedding_bag and nn.EmbeddingBag ---------------------------------------------------------
    "embedding_bag": """
out = []
F = t.nn.functional
for dtype in (t.float32, t.float64):
    w = (t.arange(12., dtype=dtype).reshape(6, 2) * 0.7).sin().requires_grad_()
    x = t.tensor([1, 2, 4, 5, 4, 3])
    for kw in (dict(offsets=t.tensor([0, 2, 2]), mode='mean'),
               dict(offsets=t.tensor([0, 2, 2]), mode='sum'),
               dict(offsets=t.tensor([0, 2, 2]), mode='max'),
               dict(offsets=t.tensor([0, 2, 2, 6]), mode='max', include_last_offset=True),
               dict(offsets=t.tensor([0, 1, 6]), mode='mean', include_last_offset=True,
                    padding_idx=4),
               dict(offsets=t.tensor([0, 2, 2]), mode='mean', padding_idx=4),
               dict(offsets=t.tensor([0, 3]), mode='sum',
                    per_sample_weights=t.linspace(-1, 2, 6, dtype=dtype)),
               dict(offsets=t.tensor([0, 1, 4]), mode='sum', padding_idx=-2)):
        o = F.embedding_bag(x, w, **kw)
        g, = t.autograd.grad((o * t.linspace(-1, 1, o.numel(), dtype=dtype).reshape(o.shape)).sum(), w)
        out.append((o, g))
    out.append(F.embedding_bag(x.reshape(2, 3), w, mode='sum', padding_idx=4))
out
""",
    "embedding_bag_module": """
m = t.nn.EmbeddingBag(10, 3)
padded = t.nn.EmbeddingBag(10, 3, padding_idx=2)
(m, t.nn.EmbeddingBag(10, 3, mode='sum', padding_idx=0, include_last_offset=True),
 m.weight.shape, m.weight.requires_grad, padded.weight[2], padded.padding_idx,
 m(t.tensor([1, 2, 3]), t.tensor([0, 1])).shape, m(t.tensor([[1, 2], [3, 4]])).grad_fn.name())
""",
    "embedding_bag_errors": """
F = t.nn.functional
w = t.ones(6, 2)
x = t.tensor([1, 2, 4, 5, 4, 3])
errors = []
for f in (lambda: F.embedding_bag(x, w, t.tensor([1, 3])),
          lambda: F.embedding_bag(x, w, t.tensor([0, 7])),
          lambda: F.embedding_bag(t.tensor([1, 9]), w, t.tensor([0])),
          lambda: F.embedding_bag(x, w, t.tensor([0, 3]), mode='foo'),
          lambda: F.embedding_bag(x, w),
          lambda: F.embedding_bag(x.reshape(2, 3), w, t.tensor([0])),
          lambda: F.embedding_bag(x, w, t.tensor([[0]])),
          lambda: F.embedding_bag(x, w, t.tensor([0]), mode='mean', per_sample_weights=t.ones(6)),
          lambda: F.embedding_bag(x, w, t.tensor([0]), per_sample_weights=t.ones(5)),
          lambda: F.embedding_bag(x.reshape(1, 2, 3), w),
          lambda: F.embedding_bag(x.float(), w, t.tensor([0])),
          lambda: F.embedding_bag(x, w, t.tensor([0]), mode='max', sparse=True),
          lambda: t.nn.EmbeddingBag(3, 2, padding_idx=5)):
    try:
        f()
    except (RuntimeError, ValueError, NotImplementedError, AssertionError) as e:
        errors.append((type(e).__name__, str(e).splitlines()[0]))
errors
""",
    # --- nn.utils.rnn.pad_sequence: a filled batch, each sequence copied into its row ---------
    "pad_sequence": """
pad = t.nn.utils.rnn.pad_sequence
a = t.arange(6.).reshape(3, 2).requires_grad_()
b = t.tensor([[7., 8.]], requires_grad=True)
p = pad([a, b])
p2 = pad((a, b), batch_first=True, padding_value=-1, padding_side='left')
(p2 * t.arange(12.).reshape(2, 3, 2)).sum().backward()
(p, p.grad_fn.name(), [f.name() for f, _ in p.grad_fn.next_functions], p2, a.grad, b.grad,
 pad([t.tensor([1, 2]), t.tensor([3])]), pad(t.ones(2, 3)))
""",
    "pad_sequence_errors": """
errors = []
for f in (lambda: t.nn.utils.rnn.pad_sequence([]),
          lambda: t.nn.utils.rnn.pad_sequence([t.ones(2, 3), t.ones(2, 4)]),
          lambda: t.nn.utils.rnn.pad_sequence([t.ones(2), t.ones(1)], padding_side='middle')):
    try:
        f()
    except RuntimeError as e:
        errors.append(str(e).splitlines()[0])
errors
""",
    # --- spatial transformers: affine_grid and grid_sample -------------------------------------
    # (float64: torch's float32 sums of a pixel's shares round in another order, last digits differ)
    "affine_grid_and_grid_sample": """
out = []
for dtype in (t.float64,):
    theta = t.tensor([[[1.1, 0.3, 0.1], [-0.2, 0.9, -0.2]], [[0.5, -0.4, 0.3], [0.6, 1.3, 0.25]]],
                     dtype=dtype, requires_grad=True)
    x = (t.arange(2 * 3 * 5 * 6, dtype=dtype).reshape(2, 3, 5, 6) * 0.37).sin().requires_grad_()
    for corners in (False, True):
        grid = t.nn.functional.affine_grid(theta, (2, 3, 4, 5), align_corners=corners)
        for mode in ("bilinear", "nearest"):
            for pad in ("zeros", "border"):
                y = t.nn.functional.grid_sample(x, grid * 1.3 + 0.01, mode=mode, padding_mode=pad,
                                                align_corners=corners)
                w = t.linspace(-1, 2, y.numel(), dtype=dtype).reshape(y.shape)
                gx, gt = t.autograd.grad((y * w).sum(), (x, theta))
                out.append((y, gx, gt))
out, grid.grad_fn.name(), y.grad_fn.name(), [f.name() for f, _ in y.grad_fn.next_functions]
""",
    "affine_grid_small_sizes": """
theta = t.tensor([[[1., 0.5, 0.25], [-0.5, 2., 0.]]])
(t.nn.functional.affine_grid(theta, (1, 2, 1, 3), align_corners=False),
 t.nn.functional.affine_grid(theta, [1, 1, 2, 1], align_corners=False))
""",
    "grid_sample_default_align_corners_warns": """
x = t.arange(12.).reshape(1, 1, 3, 4)
theta = t.tensor([[[0.8, 0.1, 0.05], [0.2, 0.7, -0.1]]])
t.nn.functional.grid_sample(x, t.nn.functional.affine_grid(theta, x.size()))
""",
    "grid_sample_backward_nodes": """
theta = t.tensor([[[1.1, 0.3, 0.1], [-0.2, 0.9, -0.2]]], dtype=t.float64, requires_grad=True)
grid = t.nn.functional.affine_grid(theta, (1, 1, 2, 3), align_corners=False)
x = t.arange(6., dtype=t.float64).reshape(1, 1, 2, 3).requires_grad_()
y = t.nn.functional.grid_sample(x, grid, align_corners=False)
gx, gg = t.autograd.grad(y, (x, grid), t.ones_like(y, requires_grad=True), create_graph=True)
gx.grad_fn.name(), gx.grad_fn is gg.grad_fn, gx, gg
""",
    "grid_sample_errors": """
errors = []
x = t.ones(1, 1, 3, 4)
grid = t.zeros(1, 2, 2, 2)
theta = t.zeros(1, 2, 3)
for f in (lambda: t.nn.functional.grid_sample(x, grid, mode="foo"),
          lambda: t.nn.functional.grid_sample(x, grid, padding_mode="foo"),
          lambda: t.nn.functional.grid_sample(x, grid.double(), align_corners=False),
          lambda: t.nn.functional.grid_sample(t.ones(2, 1, 3, 4), grid, align_corners=False),
          lambda: t.nn.functional.grid_sample(x, t.zeros(1, 2, 2, 3), align_corners=False),
          lambda: t.nn.functional.grid_sample(x[0], t.zeros(1, 2, 2, 1), align_corners=False),
          lambda: t.nn.functional.grid_sample(t.ones(1, 1, 0, 4), grid, align_corners=False),
          lambda: t.nn.functional.affine_grid(theta, (1, 1, 3), align_corners=False),
          lambda: t.nn.functional.affine_grid(theta[0], (1, 1, 3, 4), align_corners=False),
          lambda: t.nn.functional.affine_grid(theta, (2, 1, 3, 4), align_corners=False),
          lambda: t.nn.functional.affine_grid(theta, (1, 1, 0, 4), align_corners=False),
          lambda: t.nn.functional.affine_grid(theta.int(), (1, 1, 3, 4), align_corners=False)):
    try:
        f()
    except (RuntimeError, ValueError, NotImplementedError) as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    # --- losses ------------------------------------------------------------------------------------
    "smooth_l1_loss": f64(functional("t.nn.functional.smooth_l1_loss(a, b * 3)", (2, 5), (2, 5))),
    "smooth_l1_loss_beta_none": f64(functional(
        "t.nn.functional.smooth_l1_loss(a, b * 3, reduction='none', beta=0.4)", (2, 5), (2, 5))),
    "smooth_l1_loss_sum_input_only": f64(functional(
        "t.nn.functional.smooth_l1_loss(a, b * 3, reduction='sum', beta=2.)", (2, 5), (2, 5),
        grad=(0,))),
    "smooth_l1_loss_beta_zero": f64(functional(
        "t.nn.functional.smooth_l1_loss(a, b * 3, beta=0.)", (2, 5), (2, 5))),
    "smooth_l1_loss_negative_beta": "t.nn.functional.smooth_l1_loss(t.ones(2), t.zeros(2), beta=-1.)",
    "huber_loss": f64(functional("t.nn.functional.huber_loss(a, b * 3)", (2, 5), (2, 5))),
    "huber_loss_delta_none": f64(functional(
        "t.nn.functional.huber_loss(a, b * 3, reduction='none', delta=0.4)", (2, 5), (2, 5))),
    "huber_loss_bad_delta": "t.nn.functional.huber_loss(t.ones(2), t.zeros(2), delta=0.)",
    "robust_losses_double_backward": f64(case("""
x = values(2, 5, scale=0.5)
y = values(2, 5, grad=False, scale=0.7).flip(0)
out = []
for loss in (lambda: t.nn.functional.smooth_l1_loss(x, y, beta=0.8),
             lambda: t.nn.functional.huber_loss(x, y, reduction='sum', delta=0.6)):
    (g,) = t.autograd.grad(loss() * 3, x, create_graph=True)
    out += [g, g.grad_fn.name(), t.autograd.grad((g * g).sum(), x)[0]]
out
""")),
    "robust_losses_broadcast_warning": """
x = t.ones(2, 3, requires_grad=True)
t.nn.functional.smooth_l1_loss(x, t.zeros(3)), t.nn.functional.huber_loss(x, t.zeros(1, 3))
""",
    "kl_div_batchmean": f64(case("""
x = values(3, 4).log_softmax(1)
p = values(3, 4, grad=False).flip(0).softmax(1)
y = t.nn.functional.kl_div(x, p, reduction='batchmean')
y.backward()
y, graph(y), x.grad
""")),
    "kl_div_mean_warns": f64(case("""
x = values(3, 4).log_softmax(1)
p = values(3, 4, grad=False).flip(1).softmax(1)
y = t.nn.functional.kl_div(x, p)
y, graph(y)
""")),
    "kl_div_log_target_sum_none": f64(case("""
x = values(3, 4).log_softmax(1)
lp = values(3, 4, grad=False).flip(1).log_softmax(1)
a = t.nn.functional.kl_div(x, lp, reduction='sum', log_target=True)
b = t.nn.functional.kl_div(x, lp, reduction='none', log_target=True)
a, graph(a), b
""")),
    "kl_div_zero_target": """
x = t.tensor([[-1., -2., -0.5]], requires_grad=True)
y = t.nn.functional.kl_div(x, t.tensor([[0., 0.5, 0.5]]), reduction='sum')
y.backward()
y, x.grad
""",
    "loss_modules": case("""
x = values(2, 3)
y = values(2, 3, grad=False).flip(1)
n = t.nn
mods = [n.SmoothL1Loss(), n.SmoothL1Loss(reduction='sum', beta=0.5), n.HuberLoss(delta=0.3),
        n.KLDivLoss(reduction='batchmean'), n.KLDivLoss(reduction='sum', log_target=True)]
[(repr(m), m(x, y)) for m in mods], n.SmoothL1Loss(beta=0.5).beta, n.HuberLoss().delta
"""),
    # --- pad, normalize, cosine similarity ------------------------------------------------------------
    "pad_constant": functional("t.nn.functional.pad(a, (1, 2))", (2, 3)),
    "pad_two_dims_value": functional("t.nn.functional.pad(a, (1, 0, 2, 1), value=-1.5)", (1, 2, 3)),
    "pad_negative_crops": functional("t.nn.functional.pad(a, (-1, 1, 0, -1))", (3, 4)),
    "pad_int_tensor": "t.nn.functional.pad(t.ones(2, 3, dtype=t.int64), (1, 1), value=2.5)",
    "pad_double_backward": f64(case("""
x = values(2, 3)
(g,) = t.autograd.grad((t.nn.functional.pad(x, (1, 1)) ** 3).sum(), x, create_graph=True)
g, g.grad_fn.name(), t.autograd.grad(g.sum(), x)[0]
""")),
    "pad_errors": """
errors = []
for p in [(1,), (1, 2, 3, 4, 5, 6), (-2, -2)]:
    try:
        t.nn.functional.pad(t.ones(2, 3), p)
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "pad_modules": """
n = t.nn
x = t.arange(6.).reshape(1, 2, 3)
[(repr(m), m(x)) for m in (n.ZeroPad2d(1), n.ZeroPad2d((1, 0, 0, 2)), n.ConstantPad1d(2, 3.5),
                          n.ConstantPad2d((1, 2, 0, 1), 1.), n.ZeroPad1d((0, 1)))]
""",
    "normalize": f64(case("""
x = values(3, 4)
a = t.nn.functional.normalize(x)
b = t.nn.functional.normalize(x, p=1, dim=0)
(a.sum() + (b * b).sum()).backward()
a, b, x.grad
""")),
    "normalize_zero_row": """
x = t.tensor([[0., 0.], [3., 4.]], requires_grad=True)
y = t.nn.functional.normalize(x, dim=1)
y.sum().backward()
y, x.grad
""",
    "cosine_similarity": f64(case("""
a = values(3, 4)
b = values(3, 4, scale=0.5).flip(0).detach().requires_grad_()
y = t.nn.functional.cosine_similarity(a, b)
(y * t.tensor([1., 2., 3.], dtype=t.float64)).sum().backward()
y, graph(y), a.grad, b.grad
""")),
    "cosine_similarity_broadcast_dim": f64(case("""
a = values(3, 4)
b = values(4, scale=0.5)
y = t.nn.functional.cosine_similarity(a, b, dim=-1)
m = t.nn.CosineSimilarity(dim=0)
y.sum().backward()
y, a.grad, b.grad, repr(m), m(a.detach(), a.detach().flip(0))
""")),
    # --- pairwise distance and bilinear ---------------------------------------------------------
    "pairwise_distance": f64(functional("t.nn.functional.pairwise_distance(a, b)", (3, 4), (4,))),
    "pairwise_distance_options": f64(case("""
a = values(2, 3, 4)
b = values(2, 3, 4, scale=0.3).flip(0).detach().requires_grad_()
F = t.nn.functional
ys = [F.pairwise_distance(a, b, p) for p in (1, 3, 0.5, 0, float("inf"), -1)] + [
    F.pairwise_distance(a, b, keepdim=True, eps=0.), t.pairwise_distance(a[0, 0], b[0, 0]),
    t.nn.PairwiseDistance(p=1.)(a, b), F.pairwise_distance(t.tensor([[1, 2]]), t.tensor([[3, 5]]))]
sum((y * y).sum() for y in ys[:-1]).backward()
(ys, [y.grad_fn for y in ys[:-1]], a.grad, b.grad, repr(t.nn.PairwiseDistance(p=1., eps=0., keepdim=True)),
 t.nn.PairwiseDistance().norm, t.nn.PairwiseDistance().eps, t.nn.PairwiseDistance().keepdim)
""")),
    "pairwise_distance_errors": """
errors = []
for f in (lambda: t.nn.functional.pairwise_distance(t.ones(3, 4), t.ones(3, 5)),
          lambda: t.nn.functional.pairwise_distance(t.ones(3, 4), 1.0)):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e).split("\\n")[0]))
errors
""",
    "bilinear": f64(functional("t.nn.functional.bilinear(a, b, c, d)", (2, 4), (2, 3), (5, 4, 3), (5,))),
    "bilinear_shapes_and_module": f64(case("""
a, b, w = values(2, 3, 4, scale=0.3), values(2, 3, 2, scale=0.7), values(3, 4, 2, scale=0.13)
F = t.nn.functional
ys = [F.bilinear(a, b, w), F.bilinear(a[0, 0], b[0, 0], w, t.ones(3, dtype=t.float64))]
m = t.nn.Bilinear(4, 2, 3).double()
with t.no_grad():
    m.weight.copy_(w)
    m.bias.fill_(0.5)
ys.append(m(a, b))
sum((y * y).sum() for y in ys).backward()
(ys, [y.grad_fn for y in ys], a.grad, b.grad, w.grad, m.weight.grad, m.bias.grad, repr(m),
 repr(t.nn.Bilinear(4, 3, 5, bias=False)), list(m.state_dict()), [p.shape for p in m.parameters()])
""")),
    "bilinear_init_and_errors": """
m = t.nn.Bilinear(4, 3, 5)
W = t.ones(5, 4, 3)
errors = []
for f in (lambda: t.nn.functional.bilinear(t.ones(2, 4), t.ones(2, 2, 3), W),
          lambda: t.nn.functional.bilinear(t.ones(2, 4), t.ones(3, 3), W),
          lambda: t.nn.functional.bilinear(t.ones(2, 5), t.ones(2, 3), W),
          lambda: t.nn.functional.bilinear(t.ones(2, 4), t.ones(2, 2), W),
          lambda: t.nn.functional.bilinear(t.ones(2, 4), t.ones(2, 3), W, t.ones(4)),
          lambda: t.nn.functional.bilinear(t.ones(2, 4), t.ones(2, 3).double(), W)):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
(bool((m.weight.abs() <= 0.5).all()), bool((m.bias.abs() <= 0.5).all()), m.weight.requires_grad,
 float(m.weight.detach().std()) > 0.1, errors)
""",
    # --- recurrent layers --------------------------------------------------------------------------
    "rnn_parameters_and_init": """
n = t.nn
ms = [n.RNN(3, 4), n.RNN(3, 4, 2, 'relu', bias=False, batch_first=True, bidirectional=True),
      n.LSTM(3, 5, num_layers=2), n.GRU(2, 3, bidirectional=True), n.RNNCell(3, 4),
      n.RNNCell(3, 4, nonlinearity='relu'), n.LSTMCell(3, 4), n.GRUCell(3, 4, bias=False)]
[(repr(m), [(k, p.shape) for k, p in m.named_parameters()],
  all(bool((p.abs() <= 1 / m.hidden_size ** 0.5).all()) for p in m.parameters())) for m in ms]
""",
    "rnn_dropout_one_layer_warns": "repr(t.nn.LSTM(3, 4, dropout=0.3))",
    "rnn_errors": """
errors = []
for f in (lambda: t.nn.RNN(3, 4)(t.ones(2, 2, 5)), lambda: t.nn.RNN(3, 4)(t.ones(2, 2, 3), t.ones(2, 2, 4)),
          lambda: t.nn.RNN(3, 4)(t.ones(2, 2, 3), t.ones(2, 4)), lambda: t.nn.RNN(3, 4, nonlinearity='x'),
          lambda: t.nn.RNN(3, 4)(t.ones(2))):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
}

_KNOWN_WEIGHTS = """
def known(m):
    m = m.double()
    with t.no_grad():
        for i, p in enumerate(m.parameters()):
            steps = t.arange(p.numel(), dtype=t.float64) / max(p.numel() - 1, 1)
            p.copy_((steps * 1.2 - 0.6).reshape(p.shape).flip(-1) * (-1) ** i)
    return m
x = (t.arange(30., dtype=t.float64).reshape(5, 2, 3) * 0.37).sin().requires_grad_()
"""


def _recurrent(make: str, call: str, outputs: str) -> str:
    """A recurrent module with known weights run on a known sequence: its outputs, the graph's
    first node, and the gradients of a weighted sum of the outputs."""
    return _KNOWN_WEIGHTS + f"""
m = known({make})
{call}
outs = {outputs}
sum(((o * o).sum() * (k + 1) for k, o in enumerate(outs))).backward()
outs, [o.grad_fn.name() for o in outs], x.grad, [p.grad for p in m.parameters()]
"""


CASES.update({
    "rnn_tanh": _recurrent("t.nn.RNN(3, 4)", "out, h = m(x)", "[out, h]"),
    "rnn_tanh_h0": _recurrent("t.nn.RNN(3, 4, bias=False)",
                              "out, h = m(x, t.linspace(-1, 1, 8, dtype=t.float64).reshape(1, 2, 4))", "[out, h]"),
    "rnn_relu_two_layers_bidirectional": _recurrent(
        "t.nn.RNN(3, 4, 2, 'relu', bidirectional=True)", "out, h = m(x)", "[out, h]"),
    # (the output's node differs: torch transposes its result in place, TransposeBackward1)
    "rnn_batch_first": _recurrent("t.nn.RNN(3, 4, batch_first=True)", "out, h = m(x)",
                                  "[out.detach(), h]"),
    "rnn_unbatched": _recurrent("t.nn.RNN(3, 4)", "out, h = m(x[:, 0])", "[out, h]"),
    "lstm": _recurrent("t.nn.LSTM(3, 4)", "out, (h, c) = m(x)", "[out, h, c]"),
    "lstm_two_layers_bidirectional_h0_c0": _recurrent(
        "t.nn.LSTM(3, 4, num_layers=2, bidirectional=True)",
        "out, (h, c) = m(x, (t.full((4, 2, 4), 0.1, dtype=t.float64), "
        "t.full((4, 2, 4), -0.2, dtype=t.float64)))", "[out, h, c]"),
    "gru": _recurrent("t.nn.GRU(3, 4)", "out, h = m(x)", "[out, h]"),
    # d2l's BiRNN calls it before each forward: nothing changes on the CPU
    "lstm_flatten_parameters": _KNOWN_WEIGHTS + """
m = known(t.nn.LSTM(3, 4, num_layers=2, bidirectional=True))
before = [p.clone() for p in m.parameters()]
flattened = m.flatten_parameters()
out, (h, c) = m(x)
flattened, all(t.equal(a, b) for a, b in zip(before, m.parameters())), out, h, c
""",
    "gru_three_layers_batch_first": _recurrent("t.nn.GRU(3, 4, num_layers=3, batch_first=True)",
                                               "out, h = m(x)", "[out.detach(), h]"),
    "rnn_cell": _recurrent("t.nn.RNNCell(3, 4)", "h = m(x[0]); h = m(x[1], h)", "[h]"),
    "lstm_cell": _recurrent("t.nn.LSTMCell(3, 4)", "h, c = m(x[0]); h, c = m(x[1], (h, c))",
                            "[h, c]"),
    "gru_cell_unbatched": _recurrent("t.nn.GRUCell(3, 4, bias=False)",
                                     "h = m(x[1, 0], t.full((4,), 0.3, dtype=t.float64))", "[h]"),
    "char_rnn_training_step": _KNOWN_WEIGHTS + """
class CharRNN(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = t.nn.RNN(3, 8)
        self.h2o = t.nn.Linear(8, 2)
        self.softmax = t.nn.LogSoftmax(dim=1)
    def forward(self, line):
        rnn_out, hidden = self.rnn(line)
        return self.softmax(self.h2o(hidden[0]))
model = known(CharRNN())
opt = t.optim.SGD(model.parameters(), lr=0.1)
losses, norms = [], []
for step in range(3):
    opt.zero_grad()
    loss = t.nn.NLLLoss()(model(x.detach()), t.tensor([1, 0]))
    loss.backward()
    norms.append(t.nn.utils.clip_grad_norm_(model.parameters(), 0.5))
    opt.step()
    losses.append(loss.item())
losses, norms, model.rnn.weight_hh_l0
""",
    "clip_grad_norm_and_value": """
ps = [t.nn.Parameter(t.ones(3)), t.nn.Parameter(t.ones(2, 2)), t.nn.Parameter(t.ones(1))]
ps[0].grad = t.tensor([3., 4., 0.])
ps[1].grad = t.full((2, 2), 2.)
a = t.nn.utils.clip_grad_norm_(ps, 1.0)
g1 = [p.grad.clone() for p in ps[:2]]
b = t.nn.utils.clip_grad_norm_(ps, 10.0, norm_type=float('inf'))
t.nn.utils.clip_grad_value_(ps, 0.1)
v = t.nn.utils.parameters_to_vector(ps)
t.nn.utils.vector_to_parameters(v * 2, ps)
a, g1, b, [p.grad for p in ps[:2]], v, ps
""",
    # --- pooling and batch norm of images -----------------------------------------------------------
    "avg_pool2d": f64(functional("t.nn.functional.avg_pool2d(a, 2)", (2, 2, 4, 5))),
    "avg_pool2d_stride_padding": f64(functional(
        "t.nn.functional.avg_pool2d(a, (3, 2), stride=(1, 2), padding=1)", (1, 2, 5, 6))),
    "avg_pool2d_no_pad_count": f64(functional(
        "t.nn.functional.avg_pool2d(a, 3, stride=2, padding=1, count_include_pad=False)",
        (1, 1, 5, 5))),
    "avg_pool2d_divisor_unbatched": f64(functional(
        "t.nn.functional.avg_pool2d(a, 2, divisor_override=3)", (2, 4, 4))),
    "avg_pool2d_float32": "t.nn.functional.avg_pool2d(t.arange(32.).reshape(1, 2, 4, 4).sin(), 2)",
    "avg_pool2d_errors": """
errors = []
for f in (lambda: t.nn.functional.avg_pool2d(t.ones(1, 1, 4, 4), 2, padding=2),
          lambda: t.nn.functional.avg_pool2d(t.ones(1, 1, 4, 4), 5)):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "adaptive_avg_pool2d": f64(functional("t.nn.functional.adaptive_avg_pool2d(a, (2, 3))",
                                          (2, 2, 5, 4))),
    "adaptive_avg_pool2d_upsample": f64(functional(
        "t.nn.functional.adaptive_avg_pool2d(a, (4, 5))", (1, 1, 3, 3))),
    "adaptive_avg_pool2d_one_is_mean": f64(functional(
        "t.nn.functional.adaptive_avg_pool2d(a, 1)", (2, 3, 4, 4))),
    "adaptive_avg_pool2d_none_unbatched": f64(functional(
        "t.nn.functional.adaptive_avg_pool2d(a, (None, 2))", (2, 3, 4))),
    "pool_double_backward": f64(case("""
x = values(1, 2, 4, 4)
out = []
for f in (lambda v: t.nn.functional.avg_pool2d(v, 2, padding=1),
          lambda v: t.nn.functional.adaptive_avg_pool2d(v, 3)):
    (g,) = t.autograd.grad((f(x) ** 3).sum(), x, create_graph=True)
    out += [g.grad_fn.name(), [n.name() if n else None for n, _ in g.grad_fn.next_functions],
            t.autograd.grad(g.sum(), x)[0]]
out
""")),
    "pool_modules": """
n = t.nn
x = t.arange(2 * 3 * 5 * 6.).reshape(2, 3, 5, 6)
ms = [n.AvgPool2d(2), n.AvgPool2d((2, 3), stride=1, padding=1, count_include_pad=False,
                                  divisor_override=2),
      n.AdaptiveAvgPool2d((5, 7)), n.AdaptiveAvgPool2d(1), n.AdaptiveAvgPool2d((None, 3))]
[(repr(m), m(x).shape) for m in ms]
""",
    "batch_norm_2d": case("""
m = t.nn.BatchNorm2d(2).double()
x = values(3, 2, 2, 2).double()
y = m(x)
(y * t.arange(24., dtype=t.float64).reshape(3, 2, 2, 2)).sum().backward()
m.eval()
repr(m), y, graph(y), x.grad, m.weight.grad, m.running_mean, m.running_var, m.num_batches_tracked, m(x)
"""),
    "batch_norm_2d_errors": """
errors = []
for f in (lambda: t.nn.BatchNorm2d(3)(t.ones(2, 3, 4)), lambda: t.nn.BatchNorm1d(3)(t.ones(2, 3, 4, 5)),
          lambda: t.nn.BatchNorm2d(3)(t.ones(2, 4, 4, 4))):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "cifar_net": """
t.manual_seed(0)
class Net(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = t.nn.Conv2d(3, 6, 5)
        self.pool = t.nn.MaxPool2d(2, 2)
        self.conv2 = t.nn.Conv2d(6, 16, 5)
        self.bn = t.nn.BatchNorm2d(16)
        self.gap = t.nn.AdaptiveAvgPool2d((1, 1))
        self.fc = t.nn.Linear(16, 10)
    def forward(self, x):
        x = self.pool(t.nn.functional.relu(self.conv1(x)))
        x = t.nn.functional.relu(self.bn(self.conv2(x)))
        x = t.flatten(self.gap(x), 1)
        return self.fc(x)
net = Net()
out = net(t.ones(4, 3, 32, 32))
out.sum().backward()
repr(net), out.shape, out.grad_fn.name(), [p.grad.shape for p in net.parameters()]
""",
    # --- conv1d, orthogonal_ -----------------------------------------------------------------------
    "conv1d": f64(functional("t.nn.functional.conv1d(a, b, c)", (2, 3, 7), (4, 3, 2), (4,))),
    "conv1d_stride_padding_dilation": f64(functional(
        "t.nn.functional.conv1d(a, b, stride=2, padding=1, dilation=2)", (1, 2, 8), (3, 2, 3))),
    "conv1d_same_unbatched": f64(functional("t.nn.functional.conv1d(a, b, padding='same')",
                                            (2, 6), (3, 2, 3))),
    "conv1d_double_backward": f64(case("""
x = values(1, 2, 5)
w = values(3, 2, 2, scale=0.3)
y = t.nn.functional.conv1d(x, w, padding=1)
gx, gw = t.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)
(gx.sum() + (gw ** 2).sum()).backward()
gx, gw, gx.grad_fn.name(), x.grad, w.grad
""")),
    "conv1d_module": """
n = t.nn
ms = [n.Conv1d(3, 4, 2), n.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2, bias=False),
      n.Conv1d(3, 4, 3, padding='same')]
[(repr(m), [(k, p.shape) for k, p in m.named_parameters()], m(t.ones(2, 3, 9)).shape) for m in ms]
""",
    "conv1d_errors": """
errors = []
for f in (lambda: t.nn.functional.conv1d(t.ones(1, 2, 5), t.ones(3, 4, 2)),
          lambda: t.nn.functional.conv1d(t.ones(1, 2, 2), t.ones(3, 2, 3))):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "orthogonal_init": """
w = t.empty(3, 5)
a = t.nn.init.orthogonal_(w, gain=2.)
v = t.empty(6, 2, 2)
t.nn.init.orthogonal_(v)
m = v.reshape(6, 4)
(a is w, t.allclose(w @ w.T, 4 * t.eye(3), atol=1e-5), t.allclose(m.T @ m, t.eye(4), atol=1e-5),
 v.shape, v.dtype)
""",
    "orthogonal_init_1d": "t.nn.init.orthogonal_(t.empty(3))",
    # --- attention ---------------------------------------------------------------------------------
    "sdpa": f64(functional("t.nn.functional.scaled_dot_product_attention(a, b, c)",
                           (2, 4, 3), (2, 5, 3), (2, 5, 2)).replace("graph(y), ", "")),
    "sdpa_causal_scale": f64(functional(
        "t.nn.functional.scaled_dot_product_attention(a, b, c, is_causal=True, scale=0.3)",
        (1, 2, 4, 3), (1, 2, 4, 3), (1, 2, 4, 2)).replace("graph(y), ", "")),
    "sdpa_masks": f64(case("""
q, k, v = values(2, 3, 4), values(2, 5, 4, scale=0.3), values(2, 5, 2)
allowed = t.tensor([[True, True, False, True, False]] * 3)
a = t.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
b = t.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=t.arange(15.).reshape(3, 5).double() / 10)
(a.sum() + (b * b).sum()).backward()
a, b, q.grad, k.grad, v.grad
""")),
    "sdpa_mask_with_causal": """
q = t.ones(1, 2, 3)
t.nn.functional.scaled_dot_product_attention(q, q, q, attn_mask=t.ones(2, 2, dtype=t.bool), is_causal=True)
""",
    "multihead_attention": f64(case("""
def known(m):
    m = m.double()
    with t.no_grad():
        for p in m.parameters():
            p.copy_(((t.arange(p.numel(), dtype=t.float64) * 0.37).sin() * 0.5).reshape(p.shape))
    return m
m = known(t.nn.MultiheadAttention(8, 2))
x = values(3, 2, 8)
o, w = m(x, x, x)
((o * o).sum() + (w * w).sum()).backward()
(repr(m), [(k, p.shape) for k, p in m.named_parameters()], o, w, o.grad_fn.name(), w.grad_fn.name(),
 x.grad, m.in_proj_weight.grad, m.out_proj.bias.grad, m.head_dim, m.batch_first)
""")),
    "multihead_attention_options": f64(case("""
def known(m):
    m = m.double()
    with t.no_grad():
        for p in m.parameters():
            p.copy_(((t.arange(p.numel(), dtype=t.float64) * 0.37).sin() * 0.5).reshape(p.shape))
    return m
x = values(2, 3, 8)
causal = t.triu(t.ones(3, 3, dtype=t.bool), 1)
pad = t.tensor([[False, False, True], [False, False, False]])
a = known(t.nn.MultiheadAttention(8, 4, batch_first=True, bias=False))
b = known(t.nn.MultiheadAttention(8, 2, batch_first=True))
outs = [a(x, x, x, need_weights=False), b(x, x, x, attn_mask=causal),
        b(x, x, x, key_padding_mask=pad, average_attn_weights=False),
        b(x, x, x, attn_mask=causal, need_weights=False), b(x[0], x[0], x[0]),
        b(x, x[:, :2], x[:, :2])]
sum((o * o).sum() for o, _ in outs).backward()
repr(a), outs, x.grad
""")),
    "multihead_attention_init_and_errors": """
m = t.nn.MultiheadAttention(6, 3)
errors = []
for f in (lambda: t.nn.MultiheadAttention(6, 4), lambda: m(t.ones(2, 1, 6), t.ones(2, 1, 6), t.ones(2, 1, 6), is_causal=True)):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
(bool((m.in_proj_bias == 0).all()), bool((m.out_proj.bias == 0).all()),
 bool((m.in_proj_weight.abs() <= (6 / (6 + 18)) ** 0.5).all()), errors)
""",
    # --- lazy modules: the input size read from the first call ------------------------------------
    "lazy_linear_before_first_call": """
m = t.nn.LazyLinear(3)
m.weight.data.normal_(0, 0.01)
m.bias.data.fill_(0)
(repr(m), repr(t.nn.LazyLinear(2, bias=False)), str(type(m.weight)), repr(m.weight), m.in_features,
 m.has_uninitialized_params(), m.weight.data, m.weight.dtype, m.weight.requires_grad, m.weight.is_leaf,
 [repr(p) for p in m.parameters()], sorted(m.state_dict()))
""",
    "lazy_linear_first_call": """
m = t.nn.LazyLinear(3)
opt = t.optim.SGD(m.parameters(), lr=0.5)
weight = m.weight
y = m(t.ones(4, 2))
first = (repr(m), str(type(m.weight)), m.weight is weight, m.weight.shape, m.bias.shape, y.shape,
         y.grad_fn.name(), bool((m.weight.abs() <= 2 ** -0.5).all()), isinstance(m, t.nn.Linear),
         hasattr(m, "has_uninitialized_params"), len(m._forward_pre_hooks))
before = m.weight.detach().clone()
y.sum().backward()
opt.step()
unbatched = t.nn.LazyLinear(2, bias=False)
first, m.weight.grad, t.allclose(m.weight, before - 0.5 * m.weight.grad), repr(unbatched(t.ones(5)).grad_fn.name()), repr(unbatched)
""",
    "uninitialized_parameter_refuses_use": """
w = t.nn.UninitializedParameter()
out = []
for f in (lambda: t.tanh(w), lambda: w + 1, lambda: w @ w, lambda: w.sum(), lambda: w.numel()):
    try:
        f()
    except ValueError as e:
        out.append(str(e).startswith("Attempted to use an uninitialized parameter in ") and
                   str(e).endswith("When using LazyModules Call `forward` with a dummy batch to initialize the parameters before calling torch functions"))
out.append(w.size())
w.materialize((2, 3))
out += [str(type(w)), w.shape]
out
""",
    "uninitialized_parameter_shape": "t.nn.LazyLinear(2).weight.shape",
    "lazy_linear_state_dict": """
source = t.nn.Linear(2, 3)
m = t.nn.LazyLinear(3)
weight = m.weight
loaded = m.load_state_dict(source.state_dict())
before_call = (repr(loaded), repr(m), str(type(m.weight)), m.weight is weight, m.has_uninitialized_params())
y = m(t.ones(4, 2))
wrong = t.nn.LazyLinear(3)
wrong.load_state_dict(source.state_dict())
try:
    wrong(t.ones(4, 5))
except AssertionError as e:
    mismatch = str(e)
lazy_state = t.nn.LazyLinear(3).state_dict()
(before_call, repr(m), t.equal(y, source(t.ones(4, 2))), mismatch,
 {k: type(v).__name__ for k, v in lazy_state.items()},
 repr(t.nn.LazyLinear(3).load_state_dict(lazy_state)))
""",
    "lazy_state_dict_into_linear": "t.nn.Linear(2, 3).load_state_dict(t.nn.LazyLinear(3).state_dict())",
    "module_list_repr_compresses_runs": """
class Block(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = t.nn.Linear(2, 2)


class Named(t.nn.ModuleList):
    def extra_repr(self):
        return 'ignored by ModuleList'


lin = t.nn.Linear(2, 2)
(repr(t.nn.ModuleList()), repr(t.nn.ModuleList([Block(), Block()])),
 repr(t.nn.ModuleList([lin, t.nn.Linear(2, 2), t.nn.ReLU(), lin, t.nn.Linear(2, 3), t.nn.Linear(2, 3), t.nn.Linear(2, 3)])),
 repr(t.nn.Sequential(t.nn.ModuleList([t.nn.ReLU()] * 3), t.nn.ReLU(), t.nn.ReLU())), repr(Named([t.nn.ReLU()])))
""",
    "lazy_batch_norm_first_call": """
m = t.nn.LazyBatchNorm2d()
weight = m.weight
before = (repr(m), type(m.running_mean).__name__, repr(m.running_mean), m.num_batches_tracked,
          m.has_uninitialized_params(), {k: type(v).__name__ for k, v in m.state_dict().items()})
y = m(t.arange(24.).reshape(2, 3, 2, 2))
bare = t.nn.LazyBatchNorm1d(affine=False, track_running_stats=False)
bare_y = bare(t.ones(4, 3))
no_bias = t.nn.LazyBatchNorm1d(momentum=None, eps=1e-3, bias=False)
no_bias(t.arange(6.).reshape(3, 2))
(before, repr(m), type(m).__name__, m.weight is weight, m.weight, m.bias, m.running_mean, m.running_var,
 m.num_batches_tracked, y, type(m.running_mean).__name__, repr(bare), bare_y.shape, repr(no_bias),
 no_bias.running_mean, no_bias.bias, t.nn.LazyBatchNorm1d()(t.ones(4, 3, 2)).shape)
""",
    "lazy_batch_norm_errors_and_state_dict": """
out = []
for f in (lambda: t.nn.LazyBatchNorm1d()(t.ones(4)), lambda: t.nn.LazyBatchNorm2d()(t.ones(4, 3))):
    try:
        f()
    except (IndexError, ValueError) as e:
        out.append(type(e).__name__)
source = t.nn.BatchNorm2d(3)
source(t.arange(24.).reshape(2, 3, 2, 2))
m = t.nn.LazyBatchNorm2d()
out += [repr(m.load_state_dict(source.state_dict())), repr(m), m.running_mean, type(m.running_var).__name__]
x = t.arange(12.).reshape(1, 3, 2, 2)
m.eval()
source.eval()
out + [t.equal(m(x), source(x)), repr(m), repr(t.nn.UninitializedBuffer())]
""",
    "batch_norm_channel_count_errors": """
x = t.ones(4, 3)
out = []
for args in ((t.zeros(2), t.ones(2), None, None), (None, None, t.ones(2), None), (None, None, None, t.ones(2)),
             (t.zeros(2), t.ones(3), None, None), (t.zeros(3), t.ones(2), None, None),
             (t.zeros(3), t.ones(3), t.ones(2), t.zeros(2))):
    try:
        t.nn.functional.batch_norm(x, *args, training=True)
    except RuntimeError as e:
        out.append(str(e))
for module in (t.nn.BatchNorm1d(2, track_running_stats=False), t.nn.BatchNorm1d(2, affine=False), t.nn.BatchNorm1d(2)):
    try:
        module(x)
    except RuntimeError as e:
        out.append(str(e))
out + [t.nn.BatchNorm1d(2, affine=False, track_running_stats=False)(x).shape]
""",
    "lazy_convolutions_first_call": """
out = []
for m, x in ((t.nn.LazyConv2d(4, 3, padding=1, groups=2), t.ones(2, 6, 5, 5)),
             (t.nn.LazyConv2d(1, kernel_size=(1, 2), bias=False), t.ones(1, 1, 6, 8)),
             (t.nn.LazyConv1d(4, 3), t.ones(3, 7)),
             (t.nn.LazyConvTranspose2d(4, 3), t.ones(1, 3, 7, 7)),
             (t.nn.LazyConvTranspose1d(4, 3, groups=2, stride=2), t.ones(1, 6, 7))):
    weight, before = m.weight, repr(m)
    y = m(x)
    out.append((before, repr(m), type(m).__name__, m.weight is weight, m.weight.shape,
                None if m.bias is None else m.bias.shape, m.in_channels, y.shape, y.grad_fn.name(),
                bool((m.weight.abs() <= 1).all()), len(m._forward_pre_hooks)))
out.append(t.nn.LazyConv2d(2, 3, dtype=t.float64)(t.ones(1, 2, 4, 4, dtype=t.float64)).dtype)
out
""",
    "lazy_convolutions_errors_and_state_dict": """
out = []
for x in (t.ones(3, 5), t.ones(1, 3, 5, 5)):
    try:
        t.nn.LazyConv2d(4, 3, groups=2)(x)
    except (RuntimeError, ValueError) as e:
        out.append((type(e).__name__, str(e)))
source = t.nn.Conv2d(3, 4, 3)
m = t.nn.LazyConv2d(4, 3)
out += [repr(m.load_state_dict(source.state_dict())), repr(m), m.in_channels]
x = t.arange(75.).reshape(1, 3, 5, 5)
out += [t.equal(m(x), source(x)), repr(m)]
wrong = t.nn.LazyConv2d(4, 3)
wrong.load_state_dict(source.state_dict())
try:
    wrong(t.ones(1, 2, 5, 5))
except RuntimeError as e:
    out.append(str(e))
out
""",
})

# --- channel-wise dropout (pytorch/tutorials' defining_a_neural_network recipe uses Dropout2d) ------
CASES.update({
    "dropout2d_whole_channels": case("""
x = (values(4, 6, 3, 5, grad=False) + 1000).requires_grad_()
y = t.nn.functional.dropout2d(x, 0.5)
y.sum().backward()
kept = (y[:, :, 0, 0] != 0)
(y.grad_fn, y.shape, bool((kept[:, :, None, None] == (y != 0)).all()),
 bool((y[kept] / x[kept] == 2).all()), bool((x.grad == 2 * kept[:, :, None, None]).all()))
"""),
    "dropout2d_eval_p0_p1": case("""
x = values(2, 3, 2, 2)
(t.nn.functional.dropout2d(x, 0.5, training=False) is x, t.nn.functional.dropout2d(x, 0.) is x,
 t.nn.functional.dropout2d(x, 1.))
"""),
    "dropout2d_3d_and_5d_warn": """
x = t.ones(2, 3, 4)
y = t.nn.functional.dropout2d(x, 0.5)
z = t.nn.functional.dropout2d(t.ones(2, 3, 2, 2, 1), 0.5)
y.shape, bool(((y == 0) | (y == 2)).all()), bool((y == y[:, :, :1]).all()), z.shape, bool((z == z[:, :, :1, :1, :1]).all())
""",
    "dropout2d_1d_input": "t.nn.functional.dropout2d(t.ones(2), 0.5)",
    "dropout2d_bad_p": "t.nn.functional.dropout2d(t.ones(2, 2, 2, 2), 1.5)",
    "dropout1d_unbatched_graph": case("""
x = (values(3, 8, grad=False) + 1000).requires_grad_()
y = t.nn.functional.dropout1d(x, 0.5)
y.shape, graph(y), bool((y == y[:, :1] / x[:, :1] * x).all())
"""),
    "dropout1d_bad_rank": "t.nn.functional.dropout1d(t.ones(2, 2, 2, 2), 0.5)",
    "dropout3d_unbatched_and_warn": """
y = t.nn.functional.dropout3d(t.ones(3, 2, 2, 2), 0.25)
z = t.nn.functional.dropout3d(t.ones(2, 3, 2), 0.25)
y.shape, y.grad_fn, bool((y == y[:, :1, :1, :1]).all()), z.shape
""",
    "dropout_nd_modules": """
ms = [t.nn.Dropout1d(), t.nn.Dropout2d(0.25), t.nn.Dropout3d(0.1, inplace=True)]
x = t.ones(2, 3, 4, 4)
d = t.nn.Dropout2d(0.5)
d.eval()
[repr(m) for m in ms], isinstance(ms[1], t.nn.Dropout), d(x) is x, d.train().training, t.nn.Dropout2d(0.5)(x).shape
""",
    "dropout_nd_module_bad_p": "t.nn.Dropout2d(2)",
    "embedding_from_pretrained": """
w = t.ones(3, 2)
m = t.nn.Embedding(3, 2, padding_idx=0, _weight=w)
w[1, 1] = 7
p = t.nn.Embedding.from_pretrained(w, padding_idx=1)
f = t.nn.Embedding.from_pretrained(t.eye(3), freeze=False)
f(t.tensor([1, 1])).sum().backward()
m.weight, m.weight[1], p.weight, p.padding_idx, repr(p), p(t.tensor([1, 2])), repr(t.nn.Embedding.from_pretrained(w, max_norm=1.0)), f.weight.grad
""",
    "embedding_bag_from_pretrained": "w = t.ones(3, 2)\nm = t.nn.EmbeddingBag.from_pretrained(w, mode='sum', freeze=False)\nrepr(m), m.weight.requires_grad, m(t.tensor([[0, 1]])), t.nn.EmbeddingBag.from_pretrained(w).weight.requires_grad",
    "embedding_weight_shape_error": "t.nn.Embedding(3, 3, _weight=t.ones(3, 2))",
    "embedding_from_pretrained_1d_error": "t.nn.Embedding.from_pretrained(t.ones(3))",
    "embedding_bag_from_pretrained_3d_error": "t.nn.EmbeddingBag.from_pretrained(t.ones(2, 2, 2))",
    "get_total_norm_and_clip_grads_with_norm": """
gs = [t.tensor([3., 4., 0.]), t.full((2, 2), 2.)]
ps = [t.nn.Parameter(t.ones(3)), t.nn.Parameter(t.ones(2, 2)), t.nn.Parameter(t.ones(1))]
for p, g in zip(ps, gs):
    p.grad = g.clone()
n2, ninf, n1 = t.nn.utils.get_total_norm(gs), t.nn.utils.get_total_norm(gs, 'inf'), t.nn.utils.get_total_norm(gs[0], 1)
t.nn.utils.clip_grads_with_norm_(ps, 1.0, n2)
n2, ninf, n1, t.nn.utils.get_total_norm([]), [p.grad for p in ps], t.nn.utils.clip_grads_with_norm_([], 1.0, n2)
""",
    "get_total_norm_nonfinite_error": "t.nn.utils.get_total_norm([t.tensor([1., float('inf')])], error_if_nonfinite=True)",
    "clip_grad_norm_deprecated_name_warns": "p = t.nn.Parameter(t.ones(2))\np.grad = t.tensor([3., 4.])\n"
                                            "t.nn.utils.clip_grad_norm(p, 1.0), p.grad",
    "clip_grad_norm_empty_generator_warns": "t.nn.utils.clip_grad_norm_((p for p in []), 1.0)",
    "fuse_conv_bn_eval": FUSE + """conv = fill(t.nn.Conv2d(2, 3, 3, padding=1))
bn = fill(trained_bn(t.nn.BatchNorm2d(3), (2, 3, 4, 4)), 1.0)
conv.eval()
fused = t.nn.utils.fuse_conv_bn_eval(conv, bn)
x = t.arange(32.).reshape(1, 2, 4, 4).sin()
fused, fused.weight, fused.bias, fused(x), bn(conv(x)), conv.weight
""",
    "fuse_conv_transpose_bn_no_bias": FUSE + """conv = fill(t.nn.ConvTranspose1d(2, 3, 2, bias=False)).eval()
bn = trained_bn(t.nn.BatchNorm1d(3, affine=False), (4, 3, 5))
fused = t.nn.utils.fuse_conv_bn_eval(conv, bn, transpose=True)
x = t.arange(10.).reshape(1, 2, 5).cos()
fused.weight, fused.bias, fused(x), bn(conv(x))
""",
    "fuse_conv_bn_weights_float64": FUSE + """w, b = t.nn.utils.fuse_conv_bn_weights(t.ones(2, 1, 3, dtype=t.float64), None, t.tensor([0.5, -1.]),
    t.tensor([2., 0.5]), 1e-5, t.tensor([1.5, 2.]), None)
w, b, type(w).__name__, w.requires_grad
""",
    "fuse_linear_bn_eval": FUSE + """lin = fill(t.nn.Linear(4, 3)).eval()
bn = fill(trained_bn(t.nn.BatchNorm1d(3), (5, 3)), 2.0)
fused = t.nn.utils.fuse_linear_bn_eval(lin, bn)
x = t.arange(8.).reshape(2, 4).sin()
fused.weight, fused.bias, fused(x), bn(lin(x))
""",
    "fuse_linear_bn_weights": """w, b = t.nn.utils.fuse_linear_bn_weights(t.ones(2, 3), t.tensor([1., 2.]), t.tensor([0.5, -1.]),
    t.tensor([2., 0.5]), 1e-5, t.tensor([1.5, 2.]), t.tensor([0.1, 0.2]))
w, b""",
    "fuse_training_error": "t.nn.utils.fuse_conv_bn_eval(t.nn.Conv2d(1, 2, 1), t.nn.BatchNorm2d(2))",
    "fuse_linear_features_error": "t.nn.utils.fuse_linear_bn_eval(t.nn.Linear(2, 3).eval(), t.nn.BatchNorm1d(2).eval())",
    "fuse_no_running_stats_error": "t.nn.utils.fuse_linear_bn_eval(t.nn.Linear(2, 3).eval(), "
                                   "t.nn.BatchNorm1d(3, track_running_stats=False).eval())",
    "backward_hook_results_checked": """
def failure(register, result):
    m = t.nn.Linear(2, 2)
    register(m)(result)
    try:
        m(t.ones(1, 2, requires_grad=True)).sum().backward()
    except (RuntimeError, TypeError) as error:
        return type(error).__name__, str(error)
pre = lambda m: (lambda f: m.register_full_backward_pre_hook(lambda mod, go: f(go)))
post = lambda m: (lambda f: m.register_full_backward_hook(lambda mod, gi, go: f(gi)))
[failure(pre, lambda g: g[0]), failure(pre, lambda g: (g[0].double(),)), failure(pre, lambda g: (g[0][:, :1],)),
 failure(post, lambda g: (t.ones(3),)), failure(post, lambda g: 5), failure(pre, lambda g: t.ones(2, 2))]
""",
    "backward_hook_list_result": """
m = t.nn.Linear(2, 2)
with t.no_grad():
    m.weight.fill_(1.0)
m.register_full_backward_hook(lambda mod, gi, go: [gi[0] * 3])
x = t.ones(1, 2, requires_grad=True)
m(x).sum().backward()
x.grad
""",
})
