"""t.nn and t.optim (issue: the op library, nn and optim): module reprs and bookkeeping, state_dict
and its errors, Parameter, the deterministic parts of init, nn.functional values, gradients, graphs
(grad_fn names and next_functions, torch's decomposition of linear and cross_entropy) and error
messages, optimizer reprs, state and errors, checked against torch 2.x.

Random values differ between the libraries (different generators), so cases only observe random
tensors through their shapes, bounds and statistics, or overwrite them with known values first.
"""

# Every node of a graph, breadth first: each shows its name and its next_functions.
GRAPH = """
def graph(y):
    nodes, queue, seen = [], [y.grad_fn], set()
    while queue:
        node = queue.pop(0)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        queue.extend(n for n, _ in node.next_functions)
    return nodes
"""

# Known values for inputs: small, distinct, of both signs.
VALUES = """
def values(*shape, grad=True, scale=0.25):
    count = 1
    for n in shape:
        count *= n
    x = ((t.arange(count * 1.) * 7 % count - count // 2) * scale).reshape(shape)
    return x.requires_grad_() if grad else x
"""


def case(body: str) -> str:
    """A case with the ``graph`` and ``values`` helpers defined."""
    return GRAPH + VALUES + body


def functional(call: str, *shapes: tuple, grad: tuple = (), scale: float = 0.25) -> str:
    """``call`` (an expression of inputs ``a``, ``b``...) on known values: its result, the whole
    graph, and the gradients of a weighted sum of the result."""
    lines = []
    for index, shape in enumerate(shapes):
        name = "abcd"[index]
        wants = not grad or index in grad
        lines.append(f"{name} = values(*{shape!r}, grad={wants}, scale={scale})")
    names = ", ".join(f"{'abcd'[i]}.grad" for i in range(len(shapes)))
    return case("\n".join(lines) + f"""
y = {call}
w = t.arange(1., y.numel() + 1.).reshape(y.shape) if y.requires_grad else None
if w is not None:
    (y * w).sum().backward()
y, graph(y), {names}
""")


def error(code: str) -> str:
    return case(code)


def optimizer(make: str, steps: int = 3) -> str:
    """An optimizer stepping a known quadratic-plus-cubic loss: parameters, state and version."""
    return f"""
p = t.nn.Parameter(t.tensor([[1.0, -2.0], [0.5, 3.0]]))
q = t.nn.Parameter(t.tensor([0.25, -0.75]))
opt = {make}
for _ in range({steps}):
    opt.zero_grad()
    loss = ((p - 1) ** 2).sum() + (p ** 3).sum() * 0.1 + (q * p[0]).sum()
    loss.backward()
    opt.step()
p, q, p._version, sorted(opt.state[p]), [opt.state[p][k] for k in sorted(opt.state[p])]
"""


CASES = {
    # --- module reprs -------------------------------------------------------------------------------
    "repr_sequential_tree": """
m = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Sequential(t.nn.Linear(3, 1, bias=False), t.nn.Sigmoid()), t.nn.Dropout(0.2), t.nn.Tanh(), t.nn.Softmax(dim=1), t.nn.LogSoftmax(1), t.nn.Identity(), t.nn.Flatten(), t.nn.Module())
repr(m)
""",
    "repr_losses": """
repr(t.nn.Sequential(t.nn.MSELoss(), t.nn.CrossEntropyLoss(), t.nn.L1Loss(reduction='sum'), t.nn.NLLLoss(), t.nn.BCELoss(), t.nn.BCEWithLogitsLoss(), t.nn.CrossEntropyLoss(weight=t.ones(2), label_smoothing=0.1)))
""",
    "repr_options": """
[repr(m) for m in (t.nn.ReLU(inplace=True), t.nn.Dropout(), t.nn.Dropout(p=0.5, inplace=True), t.nn.Softmax(), t.nn.Softmax(dim=-1), t.nn.Flatten(0, 1), t.nn.LeakyReLU(), t.nn.LeakyReLU(0.2, inplace=True), t.nn.GELU(), t.nn.GELU(approximate='tanh'), t.nn.Softplus(), t.nn.Softplus(beta=2, threshold=10), t.nn.Identity(3, foo=4), t.nn.Linear(0, 3), t.nn.ModuleList([t.nn.ReLU(), t.nn.Tanh()]))]
""",
    "repr_custom_module": """
class Net(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = t.nn.Linear(2, 2)
        self.act = t.nn.ReLU()
        self.register_buffer("running", t.zeros(2))
        self.w = t.nn.Parameter(t.ones(1))
    def forward(self, x):
        return self.act(self.fc(x)) * self.w
n = Net()
repr(n), str(n), n.extra_repr(), t.nn.Linear(2, 3).extra_repr()
""",
    "repr_sequential_slice": """
m = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Tanh())
repr(m[1:]), repr(m[-1]), len(m), type(m[0:2]).__name__, repr(m.append(t.nn.Sigmoid()))
""",
    "sequential_ordered_dict": """
from collections import OrderedDict
m = t.nn.Sequential(OrderedDict([("hidden", t.nn.Linear(2, 4)), ("act", t.nn.ReLU()), ("out", t.nn.Linear(4, 1))]))
repr(m), [n for n, _ in m.named_parameters()], repr(m.hidden)
""",
    "sequential_index_error": """
t.nn.Sequential(t.nn.ReLU())[3]
""",
    # --- Parameter ---------------------------------------------------------------------------------
    "parameter_repr": """
p = t.nn.Parameter(t.tensor([1.0, 2.0]))
repr(p), str(p), p.requires_grad, p.is_leaf, p.grad_fn, isinstance(p, t.Tensor)
""",
    "parameter_no_grad_and_empty": """
repr(t.nn.Parameter(t.ones(2), requires_grad=False)), repr(t.nn.Parameter()), repr(t.nn.Parameter(t.tensor([1, 2]), requires_grad=False))
""",
    "parameter_int_error": """
t.nn.Parameter(t.tensor([1, 2]))
""",
    "parameter_ops_give_tensors": """
p = t.nn.Parameter(t.tensor([1.0, 2.0]))
y = p * 2 + 1
type(y).__name__, y, y.grad_fn.next_functions[0][0].next_functions
""",
    "parameter_shares_memory": """
x = t.tensor([1.0, 2.0])
p = t.nn.Parameter(x)
with t.no_grad():
    p.add_(1)
x, p
""",
    # --- walking the module tree --------------------------------------------------------------------
    "named_parameters_and_modules": """
m = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Sequential(t.nn.Linear(3, 1, bias=False), t.nn.Sigmoid()))
[n for n, _ in m.named_parameters()], [list(p.shape) for p in m.parameters()], [n for n, _ in m.named_modules()], [type(c).__name__ for c in m.children()], [n for n, _ in m.named_children()], len(list(m.modules()))
""",
    "shared_parameter_listed_once": """
shared = t.nn.Linear(2, 2)
m = t.nn.Sequential(shared, t.nn.ReLU(), shared)
[n for n, _ in m.named_parameters()], [n for n, _ in m.named_modules()], list(m.state_dict())
""",
    "buffers_and_state_dict": """
class Net(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = t.nn.Linear(2, 2)
        self.register_buffer("running", t.zeros(2))
        self.register_buffer("tmp", t.ones(2), persistent=False)
        self.w = t.nn.Parameter(t.ones(1))
        self.plain = t.ones(1)
    def forward(self, x):
        return self.fc(x)
n = Net()
sd = n.state_dict()
type(sd).__name__, list(sd), [k for k, _ in n.named_buffers()], [k for k, _ in n.named_parameters()], sd["w"], sd["running"], n.tmp, n.plain
""",
    "state_dict_detached": """
l = t.nn.Linear(2, 3)
sd = l.state_dict()
sd["weight"].requires_grad, sd["weight"].grad_fn, sd["weight"].is_leaf, l.state_dict(keep_vars=True)["bias"].requires_grad
""",
    "load_state_dict_roundtrip": """
a = t.nn.Linear(2, 3)
with t.no_grad():
    a.weight.copy_(t.arange(6.).reshape(3, 2)); a.bias.fill_(0.5)
b = t.nn.Linear(2, 3)
result = b.load_state_dict(a.state_dict())
repr(result), b.weight, b.bias, b.weight._version, b(t.ones(1, 2))
""",
    "load_state_dict_missing": """
t.nn.Linear(2, 3).load_state_dict({'weight': t.ones(3, 2)})
""",
    "load_state_dict_unexpected": """
t.nn.Linear(2, 3).load_state_dict({'weight': t.ones(3, 2), 'bias': t.ones(3), 'foo': t.ones(1)})
""",
    "load_state_dict_size_mismatch": """
t.nn.Linear(2, 3).load_state_dict({'weight': t.ones(2, 2), 'bias': t.ones(3), 'x': t.ones(1)})
""",
    "load_state_dict_nested_missing_and_unexpected": """
m = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Sequential(t.nn.Linear(3, 1)))
m.load_state_dict({'weight': t.ones(3, 2), '0.bias': t.ones(3), '2.0.foo': t.ones(1)})
""",
    "load_state_dict_not_strict": """
r = t.nn.Linear(2, 3).load_state_dict({'weight': t.ones(3, 2), 'extra': t.ones(1)}, strict=False)
repr(r), r.missing_keys, r.unexpected_keys
""",
    "load_state_dict_not_strict_still_checks_sizes": """
t.nn.Linear(2, 3).load_state_dict({'weight': t.ones(2, 2), 'bias': t.ones(3)}, strict=False)
""",
    # --- registration rules and their errors ---------------------------------------------------------
    "missing_attribute": """
t.nn.Linear(1, 1).foo
""",
    "assign_tensor_over_parameter": """
l = t.nn.Linear(1, 1)
l.weight = t.ones(1, 1)
""",
    "assign_none_parameter_then_module": """
l = t.nn.Linear(2, 2)
l.bias = None
l.extra = t.nn.ReLU()
[n for n, _ in l.named_parameters()], l.bias, repr(l), [n for n, _ in l.named_children()]
""",
    "register_buffer_existing_attribute": """
class Net(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = t.nn.Parameter(t.ones(1))
Net().register_buffer("w", t.ones(1))
""",
    "register_parameter_tensor": """
t.nn.Module().register_parameter("p", t.ones(1))
""",
    "add_module_dotted_name": """
t.nn.Module().add_module("a.b", t.nn.ReLU())
""",
    "add_module_not_module": """
t.nn.Module().add_module("x", 3)
""",
    "forward_missing": """
t.nn.Module()(1)
""",
    "assign_module_before_init": """
class Bad(t.nn.Module):
    def __init__(self):
        self.x = t.nn.Linear(1, 1)
Bad()
""",
    "assign_parameter_before_init": """
class Bad(t.nn.Module):
    def __init__(self):
        self.x = t.nn.Parameter(t.ones(1))
Bad()
""",
    "delete_parameter": """
l = t.nn.Linear(2, 2)
del l.bias
[n for n, _ in l.named_parameters()], hasattr(l, "bias")
""",
    # --- train / eval, zero_grad, forward hooks -------------------------------------------------------
    "train_eval_flags": """
m = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.Dropout(), t.nn.Sequential(t.nn.ReLU()))
before = [c.training for c in m.modules()]
same = m.eval() is m
after = [c.training for c in m.modules()]
back = m.train() is m
before, same, after, back, [c.training for c in m.modules()], m[2][0].training
""",
    "train_mode_must_be_bool": """
t.nn.Linear(1, 1).train("yes")
""",
    "module_zero_grad": """
l = t.nn.Linear(2, 3)
l(t.ones(2)).sum().backward()
g = l.weight.grad.clone()
l.zero_grad(set_to_none=False)
zeroed = l.weight.grad.clone()
l.zero_grad()
g, zeroed, l.weight.grad, l.bias.grad
""",
    "forward_hooks": """
seen = []
l = t.nn.Linear(2, 2)
h1 = l.register_forward_pre_hook(lambda m, args: seen.append(("pre", list(args[0].shape))))
h2 = l.register_forward_hook(lambda m, args, out: out * 0)
out = l(t.ones(1, 2))
h1.remove(); h2.remove()
out2 = l(t.ones(1, 2))
seen, out, out2.abs().sum() > 0
""",
    "requires_grad_off": """
m = t.nn.Linear(2, 2).requires_grad_(False)
[p.requires_grad for p in m.parameters()], m(t.ones(2)).requires_grad
""",
    "module_double": """
m = t.nn.Linear(2, 2).double()
m.weight.dtype, m.bias.dtype, m(t.ones(2, dtype=t.float64)).dtype, type(m.weight).__name__
""",
    "dir_lists_parameters": """
l = t.nn.Linear(2, 2)
"weight" in dir(l), "bias" in dir(l), "forward" in dir(l)
""",
    # --- Linear: shapes, default init bounds, the graph of linear ----------------------------------
    "linear_parameter_shapes": """
l = t.nn.Linear(4, 3)
l.weight.shape, l.bias.shape, l.weight.dtype, t.nn.Linear(4, 3, bias=False).bias, t.nn.Linear(2, 3, dtype=t.float64).weight.dtype, l.in_features, l.out_features
""",
    "linear_default_init_bounds": """
t.manual_seed(3)
l = t.nn.Linear(50, 40)
bound = 1 / 50 ** 0.5
bool((l.weight.abs() <= bound).all()), bool((l.bias.abs() <= bound).all()), l.weight.abs().max().item() > 0.9 * bound, abs(l.weight.mean().item()) < 0.02, l.weight._version
""",
    "linear_zero_features_warns": """
l = t.nn.Linear(0, 3)
l.weight.shape
""",
    "linear_2d_bias_graph": functional("t.nn.functional.linear(a, b, c)", (4, 3), (2, 3), (2,)),
    "linear_2d_no_bias_graph": functional("t.nn.functional.linear(a, b)", (4, 3), (2, 3)),
    "linear_1d_bias_graph": functional("t.nn.functional.linear(a, b, c)", (3,), (2, 3), (2,)),
    "linear_1d_no_bias_graph": functional("t.nn.functional.linear(a, b)", (3,), (2, 3)),
    "linear_3d_bias_graph": functional("t.nn.functional.linear(a, b, c)", (5, 4, 3), (2, 3), (2,)),
    "linear_3d_no_bias_graph": functional("t.nn.functional.linear(a, b)", (5, 4, 3), (2, 3)),
    "linear_4d_bias_graph": functional("t.nn.functional.linear(a, b, c)", (2, 2, 1, 3), (2, 3), (2,)),
    "linear_input_no_grad": functional("t.nn.functional.linear(a, b, c)", (4, 3), (2, 3), (2,), grad=(1, 2)),
    "linear_weight_no_grad": functional("t.nn.functional.linear(a, b, c)", (4, 3), (2, 3), (2,), grad=(0, 2)),
    "linear_bias_no_grad": functional("t.nn.functional.linear(a, b, c)", (4, 3), (2, 3), (2,), grad=(0, 1)),
    "linear_scalar_bias": functional("t.nn.functional.linear(a, b, c)", (4, 3), (2, 3), ()),
    "linear_module_forward": case("""
l = t.nn.Linear(3, 2)
with t.no_grad():
    l.weight.copy_(values(2, 3, grad=False)); l.bias.copy_(t.tensor([0.5, -0.5]))
x = values(4, 3)
y = l(x)
y.sum().backward()
y, graph(y), x.grad, l.weight.grad, l.bias.grad
"""),
    "linear_shape_error": """
t.nn.functional.linear(t.ones(4, 5), t.ones(2, 3), t.ones(2))
""",
    "linear_shape_error_no_bias": """
t.nn.functional.linear(t.ones(4, 5), t.ones(2, 3))
""",
    "linear_shape_error_1d": """
t.nn.Linear(2, 3)(t.ones(3))
""",
    "linear_shape_error_3d": """
t.nn.functional.linear(t.ones(5, 4, 5), t.ones(2, 3), t.ones(2))
""",
    "linear_bias_size_error": """
t.nn.functional.linear(t.ones(4, 3), t.ones(2, 3), t.ones(3))
""",
    "linear_dtype_error": """
t.nn.functional.linear(t.ones(4, 3).long(), t.ones(2, 3), t.ones(2))
""",
    "linear_bias_dtype_error": """
t.nn.functional.linear(t.ones(4, 3), t.ones(2, 3), t.ones(2).double())
""",
    "linear_0d_error": """
t.nn.functional.linear(t.tensor(1.), t.ones(2, 3))
""",
    # --- activations --------------------------------------------------------------------------------
    "relu_functional": functional("t.nn.functional.relu(a)", (3, 4)),
    "relu_module_inplace": case("""
x = values(2, 3)
y = x * 1
out = t.nn.ReLU(inplace=True)(y)
out is y, y, type(y.grad_fn).__name__
"""),
    "sigmoid_tanh_modules": functional("t.nn.Tanh()(t.nn.Sigmoid()(a))", (2, 3)),
    "leaky_relu_default": functional("t.nn.functional.leaky_relu(a)", (3, 4)),
    "leaky_relu_slope": functional("t.nn.functional.leaky_relu(a, 0.2)", (3, 4)),
    "leaky_relu_module": functional("t.nn.LeakyReLU(0.1)(a)", (2, 3)),
    # (scale 0.3: near x = -0.75 gelu's slope is a difference of nearly equal numbers, where
    # torch's float32 erf and an exact one round differently in the 4th digit)
    "gelu_exact": functional("t.nn.functional.gelu(a)", (3, 4), scale=0.3),
    "gelu_tanh": functional("t.nn.functional.gelu(a, approximate='tanh')", (3, 4), scale=0.3),
    "gelu_module": functional("t.nn.GELU()(a)", (2, 3), scale=0.3),
    "gelu_bad_approximate": """
t.nn.functional.gelu(t.ones(2), approximate='foo')
""",
    "gelu_double_backward": case("""
x = values(5)
g, = t.autograd.grad(t.nn.functional.gelu(x).sum(), x, create_graph=True)
g2, = t.autograd.grad(g.sum(), x)
g, g2, g.grad_fn.name()
"""),
    "softplus_double_backward": case("""
x = values(7, scale=1.5)
y = t.nn.functional.softplus(x, beta=2, threshold=3)
g, = t.autograd.grad((y * y).sum(), x, create_graph=True)
g2, = t.autograd.grad((g * x).sum(), x)
g, g2, [n.name() for n in graph(g)]
"""),
    "leaky_relu_double_backward": case("""
x = values(6)
y = t.nn.functional.leaky_relu(x, 0.2)
g, = t.autograd.grad((y * y * y).sum(), x, create_graph=True)
g2, = t.autograd.grad((g * g).sum(), x)
g, g2, [n.name() for n in graph(g)]
"""),
    "conv2d_double_backward": case("""
x = values(1, 2, 4, 3, grad=False, scale=0.1).double().requires_grad_()
w = values(3, 2, 2, 2, grad=False, scale=0.2).double().requires_grad_()
b = values(3, grad=False).double().requires_grad_()
y = t.nn.functional.conv2d(x, w, b, stride=(1, 2), padding=1, dilation=(2, 1))
gx, gw, gb = t.autograd.grad((y * y).sum(), (x, w, b), create_graph=True)
(gx.sum() + (gw * gw).sum() + (gb * b).sum()).backward()
gx, gw, gb, x.grad, w.grad, b.grad, gx.grad_fn.name(), [n.name() for n in graph(gw)]
"""),
    "conv2d_double_backward_input_only": case("""
x = values(1, 1, 3, 3, scale=0.3)
w = values(2, 1, 2, 2, grad=False)
y = t.nn.functional.conv2d(x, w)
g, = t.autograd.grad((y * y).sum(), x, create_graph=True)
g2, = t.autograd.grad(g.sum(), x)
g, g2, [n.name() for n in graph(g)]
"""),
    "softplus_default": functional("t.nn.functional.softplus(a)", (3, 4)),
    "softplus_beta_threshold": functional("t.nn.functional.softplus(a, beta=2, threshold=1)", (3, 4)),
    "softplus_large_values": """
x = t.tensor([-100., -1., 0., 1., 30., 100.], requires_grad=True)
y = t.nn.functional.softplus(x)
y.sum().backward()
y, x.grad
""",
    "softmax_functional": functional("t.nn.functional.softmax(a, dim=1)", (3, 4)),
    "log_softmax_functional": functional("t.nn.functional.log_softmax(a, dim=0)", (3, 4)),
    "softmax_implicit_dim": """
x = t.arange(6.).reshape(2, 3)
t.nn.functional.softmax(x), t.nn.functional.log_softmax(t.arange(3.))
""",
    "softmax_module_implicit_dim": """
t.nn.Softmax()(t.arange(6.).reshape(2, 3)), t.nn.LogSoftmax(dim=1)(t.arange(6.).reshape(2, 3))
""",
    "softmax_dtype": """
t.nn.functional.softmax(t.arange(3.), dim=0, dtype=t.float64)
""",
    "flatten_identity_modules": functional("t.nn.Flatten()(t.nn.Identity()(a))", (2, 3, 2)),
    # --- dropout ------------------------------------------------------------------------------------
    "dropout_eval_and_p0_return_input": case("""
x = values(3, 4)
t.nn.functional.dropout(x, 0.5, training=False) is x, t.nn.functional.dropout(x, 0.0) is x
"""),
    "dropout_p1": functional("t.nn.functional.dropout(a, 1.0)", (3, 4)),
    "dropout_graph": case("""
x = (values(30, 40, grad=False) + 1000).requires_grad_()
y = t.nn.functional.dropout(x, 0.25)
kept = y != 0
y.sum().backward()
y.grad_fn, y.grad_fn.next_functions[0][0], y.grad_fn.next_functions[1], bool(((y[kept] / x[kept] - 1 / 0.75).abs() < 1e-5).all()), bool((x.grad[kept] == 1 / 0.75).all()), bool((x.grad[~kept] == 0).all()), abs(kept.float().mean().item() - 0.75) < 0.06
"""),
    "dropout_module_train_eval": case("""
d = t.nn.Dropout(0.5)
x = values(20, 20, grad=False) + 100
train_zeros = (d(x) == 0).float().mean().item()
d.eval()
train_zeros > 0.35, train_zeros < 0.65, d(x) is x
"""),
    "dropout_bad_p": """
t.nn.functional.dropout(t.ones(2), 1.5)
""",
    "dropout_module_bad_p": """
t.nn.Dropout(-0.1)
""",
    # --- one_hot ------------------------------------------------------------------------------------
    "one_hot_inferred": """
t.nn.functional.one_hot(t.tensor([0, 1, 2, 1]))
""",
    "one_hot_classes": """
t.nn.functional.one_hot(t.tensor([[0, 3], [1, 2]]), 5), t.nn.functional.one_hot(t.tensor(2), 3), t.nn.functional.one_hot(t.tensor([], dtype=t.long), 3)
""",
    "one_hot_too_large": """
t.nn.functional.one_hot(t.tensor([0, 3]), 2)
""",
    "one_hot_negative": """
t.nn.functional.one_hot(t.tensor([0, -1]))
""",
    "one_hot_float": """
t.nn.functional.one_hot(t.tensor([0., 1.]))
""",
    "one_hot_empty": """
t.nn.functional.one_hot(t.tensor([], dtype=t.long))
""",
    # --- mse / l1 -----------------------------------------------------------------------------------
    "mse_mean": functional("t.nn.functional.mse_loss(a, b)", (3, 4), (3, 4)),
    "mse_sum_target_no_grad": functional("t.nn.functional.mse_loss(a, b, reduction='sum')", (3, 4), (3, 4), grad=(0,)),
    "mse_none": functional("t.nn.functional.mse_loss(a, b, reduction='none')", (3, 4), (3, 4)),
    "mse_module": functional("t.nn.MSELoss()(a, b)", (2, 3), (2, 3), grad=(0,)),
    "mse_broadcast_warns": functional("t.nn.functional.mse_loss(a, b)", (4, 3), (3,)),
    "mse_broadcast_input_smaller": functional("t.nn.functional.mse_loss(a, b)", (3,), (4, 3)),
    "mse_broadcast_error": """
t.nn.functional.mse_loss(t.ones(4, 3), t.ones(4, 2))
""",
    "mse_dtype_promotion": """
t.nn.functional.mse_loss(t.ones(2, requires_grad=True), t.zeros(2, dtype=t.float64))
""",
    "mse_empty": """
t.nn.functional.mse_loss(t.ones(0, requires_grad=True), t.ones(0))
""",
    "mse_bad_reduction": """
t.nn.functional.mse_loss(t.ones(2), t.ones(2), reduction='avg')
""",
    "mse_legacy_size_average": """
t.nn.functional.mse_loss(t.arange(3.), t.zeros(3), size_average=False)
""",
    "l1_mean": functional("t.nn.functional.l1_loss(a, b)", (3, 4), (3, 4)),
    "l1_sum": functional("t.nn.functional.l1_loss(a, b, reduction='sum')", (3, 4), (3, 4), grad=(0,)),
    "l1_none_module": functional("t.nn.L1Loss(reduction='none')(a, b)", (3, 4), (3, 4)),
    "l1_broadcast": functional("t.nn.functional.l1_loss(a, b)", (4, 3), (3,)),
    # --- nll_loss / cross_entropy -------------------------------------------------------------------
    "nll_mean": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]))", (4, 3)),
    "nll_sum": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]), reduction='sum')", (4, 3)),
    "nll_none": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]), reduction='none')", (4, 3)),
    "nll_weight_mean": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]), weight=t.tensor([1., 2., 0.5]))", (4, 3)),
    "nll_weight_none": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]), weight=t.tensor([1., 2., 0.5]), reduction='none')", (4, 3)),
    "nll_ignore_index": functional("t.nn.functional.nll_loss(a, t.tensor([0, 2, 1, 2]), ignore_index=2)", (4, 3)),
    "nll_ignore_index_none": functional("t.nn.functional.nll_loss(a, t.tensor([0, -100, 1, 2]), reduction='none')", (4, 3)),
    "nll_all_ignored_is_nan": functional("t.nn.functional.nll_loss(a, t.tensor([1, 1]), ignore_index=1)", (2, 3)),
    "nll_single_sample": functional("t.nn.functional.nll_loss(a, t.tensor(1))", (3,)),
    "nll_single_sample_none": functional("t.nn.functional.nll_loss(a, t.tensor(2), reduction='none')", (3,)),
    "nll_empty_batch": """
t.nn.functional.nll_loss(t.ones(0, 3, requires_grad=True), t.ones(0).long()), t.nn.functional.nll_loss(t.ones(0, 3), t.ones(0).long(), reduction='sum')
""",
    "nll_spatial_4d": functional("t.nn.functional.nll_loss(a, t.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]]))", (2, 3, 2, 2)),
    "nll_spatial_4d_none": functional("t.nn.functional.nll_loss(a, t.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]]), reduction='none')", (2, 3, 2, 2)),
    "nll_3d": functional("t.nn.functional.nll_loss(a, t.tensor([[0, 1, 2, 1], [2, 2, 0, 1]]))", (2, 3, 4)),
    "nll_3d_none": functional("t.nn.functional.nll_loss(a, t.tensor([[0, 1, 2, 1], [2, 2, 0, 1]]), reduction='none')", (2, 3, 4)),
    "nll_module_weighted": functional("t.nn.NLLLoss(weight=t.tensor([0.5, 1., 2.]), reduction='sum')(a, t.tensor([2, 0, 1]))", (3, 3)),
    "nll_target_out_of_bounds": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0, 1, 3, 1]))
""",
    "nll_target_negative": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0, 1, -1, 1]))
""",
    "nll_batch_mismatch": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0, 1, 2]))
""",
    "nll_float_target": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0., 1., 2., 1.]))
""",
    "nll_bool_target": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([True, False, True, True]))
""",
    "nll_0d_input": """
t.nn.functional.nll_loss(t.tensor(1.), t.tensor(0))
""",
    "nll_weight_size": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0, 1, 2, 1]), weight=t.ones(2))
""",
    "nll_weight_requires_grad": """
t.nn.functional.nll_loss(t.ones(4, 3), t.tensor([0, 1, 2, 1]), weight=t.ones(3, requires_grad=True))
""",
    "nll_multi_target": """
t.nn.functional.nll_loss(t.ones(4, 3), t.zeros(4, 3).long())
""",
    "nll_1d_input_long_target": """
t.nn.functional.nll_loss(t.ones(3), t.tensor([0, 1]))
""",
    "nll_3d_target_size": """
t.nn.functional.nll_loss(t.ones(2, 3, 4), t.zeros(2, 5).long())
""",
    "nll_4d_target_dims": """
t.nn.functional.nll_loss(t.ones(2, 3, 4, 5), t.zeros(2, 5).long())
""",
    "cross_entropy_indices": functional("t.nn.functional.cross_entropy(a, t.tensor([0, 2, 1, 2]))", (4, 3)),
    "cross_entropy_sum": functional("t.nn.functional.cross_entropy(a, t.tensor([0, 2, 1, 2]), reduction='sum')", (4, 3)),
    "cross_entropy_none": functional("t.nn.functional.cross_entropy(a, t.tensor([0, 2, 1, 2]), reduction='none')", (4, 3)),
    "cross_entropy_weight_ignore": functional("t.nn.functional.cross_entropy(a, t.tensor([0, 2, 1, 2]), weight=t.tensor([1., 2., 0.5]), ignore_index=1)", (4, 3)),
    "cross_entropy_single_sample": functional("t.nn.functional.cross_entropy(a, t.tensor(2))", (3,)),
    "cross_entropy_module": functional("t.nn.CrossEntropyLoss()(a, t.tensor([1, 0]))", (2, 5)),
    "cross_entropy_large_logits": """
x = t.tensor([[1000., 0., -1000.], [0., 0., 0.]], requires_grad=True)
y = t.nn.functional.cross_entropy(x, t.tensor([1, 2]))
y.backward()
y, x.grad
""",
    "cross_entropy_spatial": functional("t.nn.functional.cross_entropy(a, t.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]]))", (2, 3, 2, 2)),
    "cross_entropy_probabilities": functional("t.nn.functional.cross_entropy(a, t.softmax(b * 0.5 + 1, 1))", (4, 3), (4, 3), grad=(0,)),
    "cross_entropy_probabilities_sum": functional("t.nn.functional.cross_entropy(a, t.softmax(b * 0.5 + 1, 1), reduction='sum')", (4, 3), (4, 3), grad=(0,)),
    "cross_entropy_probabilities_none": functional("t.nn.functional.cross_entropy(a, t.softmax(b * 0.5 + 1, 1), reduction='none')", (4, 3), (4, 3), grad=(0,)),
    "cross_entropy_probabilities_target_grad": functional("t.nn.functional.cross_entropy(a, b)", (4, 3), (4, 3)),
    "cross_entropy_probabilities_weight": functional("t.nn.functional.cross_entropy(a, t.softmax(b * 0.5 + 1, 1), weight=t.tensor([1., 2., 0.5]))", (4, 3), (4, 3), grad=(0,)),
    "cross_entropy_probabilities_empty": """
t.nn.functional.cross_entropy(t.ones(0, 3, requires_grad=True), t.ones(0, 3))
""",
    "cross_entropy_label_smoothing": case("""
x = values(4, 3)
y = t.nn.functional.cross_entropy(x, t.tensor([0, 2, 1, 2]), label_smoothing=0.1)
y.backward()
y, x.grad
"""),
    "cross_entropy_label_smoothing_weight_ignore": case("""
x = values(4, 3)
y = t.nn.functional.cross_entropy(x, t.tensor([0, 2, 1, 2]), label_smoothing=0.2, weight=t.tensor([1., 2., 0.5]), ignore_index=1)
y.backward()
y, x.grad
"""),
    "cross_entropy_label_smoothing_none": case("""
x = values(4, 3)
y = t.nn.functional.cross_entropy(x, t.tensor([0, 2, 1, 2]), label_smoothing=0.3, reduction='none')
y.sum().backward()
y, x.grad
"""),
    "cross_entropy_label_smoothing_probabilities": case("""
x = values(4, 3)
y = t.nn.functional.cross_entropy(x, t.softmax(values(4, 3, grad=False), 1), label_smoothing=0.1)
y.backward()
y, x.grad
"""),
    "cross_entropy_out_of_bounds": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0, 1, 3, 1]))
""",
    "cross_entropy_batch_mismatch": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0, 1, 2]))
""",
    "cross_entropy_float_indices": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0., 1., 2., 1.]))
""",
    "cross_entropy_long_probabilities": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.ones(4, 3).long())
""",
    "cross_entropy_probabilities_ignore_index": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.ones(4, 3), ignore_index=1)
""",
    "cross_entropy_bad_reduction": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0, 1, 2, 1]), reduction='avg')
""",
    "cross_entropy_bad_smoothing": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0, 1, 2, 1]), label_smoothing=1.5)
""",
    "cross_entropy_multi_target": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.rand(4, 2))
""",
    "cross_entropy_weight_size": """
t.nn.functional.cross_entropy(t.ones(4, 3), t.tensor([0, 1, 2, 1]), weight=t.ones(2))
""",
    "cross_entropy_module_state": """
m = t.nn.CrossEntropyLoss(weight=t.ones(2))
m.state_dict(), [n for n, _ in m.named_buffers()], m.reduction, m.ignore_index, m.label_smoothing
""",
    # --- second derivatives of embedding and batch norm (their backward nodes) ----------------------
    "embedding_double_backward": case("""
w = values(4, 3)
y = t.nn.functional.embedding(t.tensor([[0, 2], [3, 0]]), w, padding_idx=3)
g, = t.autograd.grad((y * y * y).sum(), w, create_graph=True)
(g * g).sum().backward()
g, w.grad, g.grad_fn.name(), [n.name() for n in graph(g)]
"""),
    "batch_norm_double_backward": case("""
x = values(4, 3, grad=False).double().requires_grad_()
w = values(3, grad=False, scale=0.5).double().requires_grad_()
b = values(3, grad=False).double().requires_grad_()
y = t.nn.functional.batch_norm(x, None, None, w, b, training=True)
gx, gw, gb = t.autograd.grad((y * y * y).sum(), (x, w, b), create_graph=True)
(gx * gx).sum().backward(retain_graph=True)
first = x.grad.clone(), w.grad.clone()
x.grad = w.grad = None
(gx.sum() * 2 + (gw * gb).sum()).backward()
gx, gw, gb, first, x.grad, w.grad, gx.grad_fn.name(), [n.name() for n in graph(gx)]
"""),
    "batch_norm_double_backward_3d_eval": case("""
x = values(2, 2, 3, grad=False).double().requires_grad_()
w = values(2, grad=False, scale=0.5).double().requires_grad_()
mean, var = t.tensor([0.2, -0.1], dtype=t.float64), t.tensor([1.5, 0.7], dtype=t.float64)
y = t.nn.functional.batch_norm(x, mean, var, w, None)
gx, gw = t.autograd.grad((y * y * y).sum(), (x, w), create_graph=True)
(gx * gx).sum().backward()
gx, gw, x.grad, w.grad, [n.name() for n in graph(gx)]
"""),
    "batch_norm_double_backward_3d_training": case("""
x = values(2, 2, 3, grad=False).double().requires_grad_()
y = t.nn.functional.batch_norm(x, None, None, training=True)
g, = t.autograd.grad((y * y * y).sum(), x, create_graph=True)
g2, = t.autograd.grad((g * g).sum(), x)
g, g2
"""),
    # --- second derivatives of the losses (their backward nodes) -------------------------------------
    "mse_loss_double_backward": case("""
x = values(2, 3)
y = values(2, 3, scale=0.1)
gx, gy = t.autograd.grad(t.nn.functional.mse_loss(x, y) * 3, (x, y), create_graph=True)
(gx * gx * x).sum().backward()
gx, gy, x.grad, y.grad, gx.grad_fn.name(), gy.grad_fn.name(), [n.name() for n in graph(gx)]
"""),
    "mse_loss_double_backward_none": case("""
x = values(4)
y = values(4, grad=False, scale=0.3)
g, = t.autograd.grad(t.nn.functional.mse_loss(x, y, reduction='none'), x, values(4, scale=0.5),
                     create_graph=True)
g2, = t.autograd.grad((g * g).sum(), x)
g, g2, [n.name() for n in graph(g)]
"""),
    "nll_loss_double_backward": case("""
x = values(3, 4)
g, = t.autograd.grad(t.nn.functional.nll_loss(x, t.tensor([1, 3, 0])) * 2, x, create_graph=True)
(g * x).sum().backward()
g, x.grad, [n.name() for n in graph(g)]
"""),
    "nll_loss_double_backward_weight_ignore_none": case("""
x = values(4, 3)
w = values(4, scale=0.5)
loss = t.nn.functional.nll_loss(x, t.tensor([2, 1, 0, 2]), weight=t.tensor([1., 2., 0.5]),
                                ignore_index=1, reduction='none')
g, = t.autograd.grad(loss, x, w, create_graph=True)
g2, = t.autograd.grad((g * g).sum(), w)
g, g2, [n.name() for n in graph(g)]
"""),
    "nll_loss2d_double_backward": case("""
x = values(2, 3, 2, 2)
g, = t.autograd.grad(t.nn.functional.nll_loss(x, t.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]])), x,
                     create_graph=True)
(g * x).sum().backward()
g, x.grad, [n.name() for n in graph(g)]
"""),
    "cross_entropy_double_backward": case("""
x = values(3, 4)
g, = t.autograd.grad(t.nn.functional.cross_entropy(x, t.tensor([1, 3, 0])), x, create_graph=True)
(g * g).sum().backward()
g, x.grad, [n.name() for n in graph(g)]
"""),
    "bce_double_backward": case("""
x = (values(2, 3, grad=False) * 0.5).sigmoid().requires_grad_()
y = (values(2, 3, grad=False, scale=0.1) + 0.3).requires_grad_()
g, = t.autograd.grad(t.nn.functional.binary_cross_entropy(x, y), x, create_graph=True)
(g * g).sum().backward()
g, x.grad, y.grad, [n.name() for n in graph(g)]
"""),
    "bce_double_backward_weight_none": case("""
x = (values(4, grad=False) * 0.5).sigmoid().requires_grad_()
y = t.tensor([1., 0., 0.5, 0.25])
gout = values(4, scale=0.5)
loss = t.nn.functional.binary_cross_entropy(x, y, weight=t.tensor([1., 2., 0.5, 0.]),
                                            reduction='none')
g, = t.autograd.grad(loss, x, gout, create_graph=True)
gx, gg = t.autograd.grad(g.sum(), (x, gout))
g, gx, gg
"""),
    # --- binary cross-entropy -----------------------------------------------------------------------
    "bce_mean": functional("t.nn.functional.binary_cross_entropy(t.sigmoid(a), t.sigmoid(b * 0.5 + 1))", (3, 4), (3, 4), grad=(0,)),
    "bce_target_grad": functional("t.nn.functional.binary_cross_entropy(t.sigmoid(a), t.sigmoid(b * 0.5 + 1))", (3, 4), (3, 4)),
    "bce_sum_weight": functional("t.nn.functional.binary_cross_entropy(t.sigmoid(a), t.sigmoid(b * 0.5 + 1), weight=t.tensor([1., 2., 0.5, 0.]), reduction='sum')", (3, 4), (3, 4), grad=(0,)),
    "bce_none_module": functional("t.nn.BCELoss(reduction='none')(t.sigmoid(a), t.sigmoid(b * 0.5 + 1))", (3, 4), (3, 4), grad=(0,)),
    "bce_log_clamp": """
x = t.tensor([0., 1., 0.5], requires_grad=True)
y = t.nn.functional.binary_cross_entropy(x, t.tensor([1., 0., 1.]), reduction='none')
y.sum().backward()
y, x.grad
""",
    "bce_out_of_range": """
t.nn.functional.binary_cross_entropy(t.tensor([1.5]), t.tensor([1.]))
""",
    "bce_size_mismatch": """
t.nn.functional.binary_cross_entropy(t.rand(4, 3), t.rand(3))
""",
    "bce_dtype_mismatch": """
t.nn.functional.binary_cross_entropy(t.rand(4, 3), t.rand(4, 3).double())
""",
    "bce_weight_requires_grad": """
t.nn.functional.binary_cross_entropy(t.rand(4, 3), t.rand(4, 3), weight=t.ones(3, requires_grad=True))
""",
    "bce_logits_mean": functional("t.nn.functional.binary_cross_entropy_with_logits(a, t.sigmoid(b * 0.5 + 1))", (3, 4), (3, 4), grad=(0,)),
    "bce_logits_target_grad": functional("t.nn.functional.binary_cross_entropy_with_logits(a, b)", (3, 4), (3, 4)),
    "bce_logits_pos_weight": functional("t.nn.functional.binary_cross_entropy_with_logits(a, t.sigmoid(b * 0.5 + 1), pos_weight=t.tensor([1., 2., 3., 0.5]))", (3, 4), (3, 4)),
    "bce_logits_weight_sum": functional("t.nn.functional.binary_cross_entropy_with_logits(a, t.sigmoid(b * 0.5 + 1), weight=t.tensor([1., 2., 0.5, 0.]), reduction='sum')", (3, 4), (3, 4), grad=(0,)),
    "bce_logits_module_none": functional("t.nn.BCEWithLogitsLoss(reduction='none', pos_weight=t.tensor([3.]))(a, t.sigmoid(b * 0.5 + 1))", (3, 4), (3, 4), grad=(0,)),
    "bce_logits_extreme": """
x = t.tensor([-200., -20., 0., 20., 200.], requires_grad=True)
y = t.nn.functional.binary_cross_entropy_with_logits(x, t.tensor([1., 0., 1., 0., 0.]), reduction='none')
y.sum().backward()
y, x.grad
""",
    "bce_logits_size_mismatch": """
t.nn.functional.binary_cross_entropy_with_logits(t.ones(4, 3), t.ones(3))
""",
    # the losses come in the target's dtype (torch computes them in place in ``1 - target``)
    "bce_logits_mixed_dtypes": """
x = t.tensor([0.5, -1.3, 2.25, 7.0], dtype=t.float64, requires_grad=True)
y = t.tensor([1., 0., 0.3, 0.9])
a = t.nn.functional.binary_cross_entropy_with_logits(x, y)
b = t.nn.functional.binary_cross_entropy_with_logits(x.float(), y.double(), reduction='none')
c = t.nn.functional.binary_cross_entropy_with_logits(
    x, y, weight=t.tensor([1., 2., 0.5, 1.5], dtype=t.float64), pos_weight=t.tensor([2., 1., 3., 0.5]),
    reduction='sum')
d = t.nn.BCEWithLogitsLoss()(x.float(), y.double())
(a + b.sum() + c + d).backward()
a, b, c, d, x.grad
""",
    "bce_logits_pos_weight_requires_grad": """
t.nn.functional.binary_cross_entropy_with_logits(t.ones(4, 3), t.ones(4, 3), pos_weight=t.ones(3, requires_grad=True))
""",
    # --- init ---------------------------------------------------------------------------------------
    "init_gains": """
g = t.nn.init.calculate_gain
[g('linear'), g('conv2d'), g('sigmoid'), g('tanh'), g('relu'), g('leaky_relu'), g('leaky_relu', 0.2), g('selu'), g('leaky_relu', 1)]
""",
    "init_gain_bad_nonlinearity": """
t.nn.init.calculate_gain('swish')
""",
    "init_gain_bad_slope": """
t.nn.init.calculate_gain('leaky_relu', 'x')
""",
    "init_constants_in_place": """
w = t.nn.Parameter(t.empty(2, 3))
a = t.nn.init.constant_(w, 0.5)
b = w.clone()
t.nn.init.ones_(w); c = w.clone()
t.nn.init.zeros_(w)
a is w, b, c, w, w._version, w.requires_grad, w.grad_fn
""",
    "init_eye": """
w = t.empty(2, 3)
t.nn.init.eye_(w)
""",
    "init_fan_error": """
t.nn.init.xavier_uniform_(t.empty(3))
""",
    "init_mode_error": """
t.nn.init.kaiming_uniform_(t.empty(3, 2), mode='fan_avg')
""",
    "init_kaiming_empty_warns": """
w = t.empty(0, 3)
t.nn.init.kaiming_uniform_(w) is w, t.nn.init.kaiming_normal_(w).shape
""",
    "init_random_bounds": """
w = t.nn.Parameter(t.empty(300, 200))
u = bool((t.nn.init.uniform_(w, -0.1, 0.2) >= -0.1).all()) and bool((w < 0.2).all())
xu = t.nn.init.xavier_uniform_(w, gain=2.0).abs().max().item() <= 2.0 * (6 / 500) ** 0.5
ku = t.nn.init.kaiming_uniform_(w, a=0, nonlinearity='relu').abs().max().item() <= (6 / 200) ** 0.5
kf = t.nn.init.kaiming_uniform_(w, mode='fan_out').abs().max().item() <= (2 / (1 + 0.01 ** 2) * 3 / 300) ** 0.5
u, xu, ku, kf, w._version, w.requires_grad, w.dtype
""",
    "init_random_statistics": """
w = t.empty(400, 300)
n = t.nn.init.normal_(w, 1.0, 0.5)
m1, s1 = abs(w.mean().item() - 1.0) < 0.01, abs(w.std().item() - 0.5) < 0.01
t.nn.init.xavier_normal_(w)
s2 = abs(w.std().item() - (2 / 700) ** 0.5) < 0.002
t.nn.init.kaiming_normal_(w, nonlinearity='relu', mode='fan_out')
s3 = abs(w.std().item() - (2 / 400) ** 0.5) < 0.002
n is w, m1, s1, s2, s3
""",
    "init_float64_tensor": """
w = t.empty(3, 4, dtype=t.float64)
t.nn.init.xavier_uniform_(w).dtype
""",
    # --- optimizers ---------------------------------------------------------------------------------
    "sgd_repr_defaults": """
p = t.nn.Parameter(t.ones(2))
repr(t.optim.SGD([p])), repr(t.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True))
""",
    "adam_repr_groups": """
p = t.nn.Parameter(t.ones(2)); q = t.nn.Parameter(t.ones(1))
a = t.optim.Adam([{'params': [p]}, {'params': [q], 'lr': 0.5}], lr=0.01)
repr(a), [sorted(g) for g in a.param_groups]
""",
    "sgd_plain": optimizer("t.optim.SGD([p, q], lr=0.1)"),
    "sgd_momentum": optimizer("t.optim.SGD([p, q], lr=0.1, momentum=0.9)"),
    "sgd_dampening_weight_decay": optimizer("t.optim.SGD([p, q], lr=0.1, momentum=0.8, dampening=0.3, weight_decay=0.05)"),
    "sgd_nesterov_maximize": optimizer("t.optim.SGD([p, q], lr=0.01, momentum=0.9, nesterov=True, maximize=True)"),
    "adam_default": optimizer("t.optim.Adam([p, q], lr=0.1)"),
    "adam_amsgrad_weight_decay": optimizer("t.optim.Adam([p, q], lr=0.1, betas=(0.8, 0.9), weight_decay=0.1, amsgrad=True)", steps=4),
    "adam_decoupled_maximize": optimizer("t.optim.Adam([p, q], lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)"),
    "adam_param_groups": optimizer("t.optim.Adam([{'params': [p]}, {'params': [q], 'lr': 0.5}], lr=0.01)"),
    "optimizer_zero_grad": """
p = t.nn.Parameter(t.ones(2))
opt = t.optim.SGD([p], lr=0.1)
(p * 3).sum().backward()
opt.zero_grad(set_to_none=False)
kept = p.grad
opt.zero_grad()
kept, p.grad
""",
    "optimizer_skips_params_without_grad": """
p = t.nn.Parameter(t.ones(2)); q = t.nn.Parameter(t.ones(2))
opt = t.optim.SGD([p, q], lr=0.1, momentum=0.9)
(p * 3).sum().backward()
opt.step()
p, q, q._version, len(opt.state), sorted(opt.state[p])
""",
    "optimizer_state_dict": """
p = t.nn.Parameter(t.ones(2)); q = t.nn.Parameter(t.zeros(1))
opt = t.optim.Adam([{'params': [p]}, {'params': [q], 'lr': 0.5}], lr=0.01)
(p * 2).sum().backward(); opt.step()
sd = opt.state_dict()
sorted(sd), sd["state"], sd["param_groups"]
""",
    "optimizer_load_state_dict": """
p = t.nn.Parameter(t.ones(2))
opt = t.optim.SGD([p], lr=0.1, momentum=0.9)
(p * 2).sum().backward(); opt.step()
p2 = t.nn.Parameter(t.ones(2))
opt2 = t.optim.SGD([p2], lr=0.5, momentum=0.9)
opt2.load_state_dict(opt.state_dict())
opt2.param_groups[0]["lr"], opt2.state[p2]
""",
    "optimizer_step_closure": """
p = t.nn.Parameter(t.ones(2))
opt = t.optim.SGD([p], lr=0.1)
def closure():
    opt.zero_grad()
    loss = (p * p).sum()
    loss.backward()
    return loss
with t.no_grad():
    out = opt.step(closure)
out, p
""",
    "optimizer_module_parameters": """
m = t.nn.Linear(2, 1)
with t.no_grad():
    m.weight.fill_(0.5); m.bias.fill_(0.0)
opt = t.optim.SGD(m.parameters(), lr=0.1)
for _ in range(3):
    opt.zero_grad()
    loss = t.nn.functional.mse_loss(m(t.tensor([[1., 2.], [3., 4.]])), t.tensor([[1.], [2.]]))
    loss.backward()
    opt.step()
loss, m.weight, m.bias
""",
    "sgd_bad_lr": """
t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=-1)
""",
    "sgd_bad_momentum": """
t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1, momentum=-1)
""",
    "sgd_bad_weight_decay": """
t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1, weight_decay=-1)
""",
    "sgd_nesterov_without_momentum": """
t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1, nesterov=True)
""",
    "sgd_nesterov_dampening": """
t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)
""",
    "optimizer_empty_params": """
t.optim.SGD([], lr=0.1)
""",
    "optimizer_tensor_params": """
t.optim.SGD(t.nn.Parameter(t.ones(1)), lr=0.1)
""",
    "optimizer_non_leaf": """
t.optim.SGD([t.ones(1, requires_grad=True) * 2], lr=0.1)
""",
    "optimizer_duplicate_warns": """
p = t.nn.Parameter(t.ones(1))
len(t.optim.SGD([p, p], lr=0.1).param_groups[0]["params"])
""",
    "optimizer_param_in_two_groups": """
p = t.nn.Parameter(t.ones(1))
t.optim.Adam([{'params': [p]}, {'params': [p]}])
""",
    "adam_bad_lr": """
t.optim.Adam([t.nn.Parameter(t.ones(1))], lr=-1)
""",
    "adam_bad_eps": """
t.optim.Adam([t.nn.Parameter(t.ones(1))], eps=-1)
""",
    "adam_bad_beta1": """
t.optim.Adam([t.nn.Parameter(t.ones(1))], betas=(1.0, 0.9))
""",
    "adam_bad_beta2": """
t.optim.Adam([t.nn.Parameter(t.ones(1))], betas=(0.9, -0.1))
""",
    "adam_bad_weight_decay": """
t.optim.Adam([t.nn.Parameter(t.ones(1))], weight_decay=-1)
""",
    "step_bumps_version_and_breaks_saved_graph": """
p = t.nn.Parameter(t.tensor([1., 2.]))
opt = t.optim.SGD([p], lr=0.1)
(p * p).sum().backward()
y = (p * p).sum()
opt.step()
y.backward()
""",
    "trunc_normal_support_and_statistics": """
w = t.nn.Parameter(t.empty(300, 400))
r = t.nn.init.trunc_normal_(w, mean=0.5, std=2., a=-1., b=1.5)
d = t.empty(500, 200, dtype=t.float64)
t.nn.init.trunc_normal_(d, std=0.02)
f = t.empty(400, 300, dtype=t.float64)
t.nn.init.trunc_normal_(f, mean=0.3, std=0.05, a=0., b=0.2)
(r is w, w.shape, w.dtype, w.requires_grad, w.grad_fn, w.is_leaf,
 bool(w.min() >= -1.), bool(w.max() <= 1.5), round(w.mean().item(), 1), round(w.std().item(), 1),
 d.dtype, bool(d.abs().max() <= 0.04), round(d.std().item() * 100, 1),
 bool(f.min() >= 0.), bool(f.max() <= 0.2), round(f.mean().item(), 2))
""",
    "trunc_normal_mean_far_outside_warns": "w = t.empty(100, 100, dtype=t.float64)\n"
                                          "t.nn.init.trunc_normal_(w, mean=5., std=0.5, a=-1., b=1.)\n"
                                          "bool(w.min() >= -1.), bool(w.max() <= 1.), round(w.mean().item(), 1)",
    "dirac_and_groups": """
a = t.nn.init.dirac_(t.empty(3, 2, 3))
b = t.nn.init.dirac_(t.empty(4, 2, 3, 3), groups=2)
c = t.nn.init.dirac_(t.empty(2, 2, 1, 2, 3))
x = t.arange(10.).reshape(1, 2, 5)
a, b, c, t.nn.functional.conv1d(x, t.nn.init.dirac_(t.empty(2, 2, 3)), padding=1)
""",
    "dirac_dims_error": "t.nn.init.dirac_(t.empty(3, 3))",
    "dirac_groups_error": "t.nn.init.dirac_(t.empty(3, 2, 3), groups=2)",
    "deprecated_init_names_warn": """
w = t.empty(3, 4)
out = [t.nn.init.constant(w, 0.5).clone(), t.nn.init.eye(w).clone(), t.nn.init.dirac(t.empty(2, 2, 3)),
       t.nn.init.uniform(w, 2., 3.) is w, bool(w.min() >= 2.), t.nn.init.normal(w) is w,
       t.nn.init.xavier_uniform(w).shape, t.nn.init.xavier_normal(w, gain=2.).shape,
       t.nn.init.kaiming_uniform(w, a=1.).shape, t.nn.init.kaiming_normal(w, mode='fan_out').shape]
q = t.nn.init.orthogonal(t.empty(3, 5))
out, (q @ q.T).allclose(t.eye(3), atol=1e-5), t.nn.init.normal.__name__, t.nn.init.kaiming_uniform.__name__
""",
    "deprecated_init_name_errors_as_new": "t.nn.init.eye(t.empty(2, 2, 2))",
}
