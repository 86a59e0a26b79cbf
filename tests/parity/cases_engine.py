"""The engine never gives a wrong gradient: ``.grad`` never shares memory with an array user code
holds, gradients from user code are checked as torch checks them, ``ctx.materialize_grads``,
anomaly detection. Each case runs under torch and autograd_lab and their observations are compared."""

# custom Functions shared by the cases below: one that changes its input in place (mark_dirty), one
# whose backward is marked @once_differentiable
_DOUBLE_IN_PLACE = """
class Double(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 2
"""
_EXP_ONCE_DIFFERENTIABLE = """
class Exp(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.exp()
    @staticmethod
    @t.autograd.function.once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * x.exp()
"""

CASES = {
    # --- .grad never shares memory with what user code holds -----------------------------------
    "hook_result_kept_by_the_hook": """
kept = []
x = t.ones(3, requires_grad=True)
def double(g):
    result = g * 2
    kept.append(result)
    return result
x.register_hook(double)
(x * 1.0).sum().backward()
(x * 1.0).sum().backward()
kept[0], x.grad
""",
    "hook_result_on_intermediate_kept": """
kept = []
x = t.ones(3, requires_grad=True)
y = x * 1.0
def triple(g):
    result = g * 3
    kept.append(result)
    return result
y.register_hook(triple)
y.sum().backward()
x.grad.add_(1)
kept[0], x.grad
""",
    "function_backward_result_kept": """
kept = []
class Keep(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        result = grad * 2
        kept.append(result)
        return result
x = t.ones(3, requires_grad=True)
Keep.apply(x).sum().backward()
Keep.apply(x).sum().backward()
kept[0], x.grad
""",
    "function_backward_returns_its_input": """
class Identity(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()
    @staticmethod
    def backward(ctx, grad):
        return grad
x = t.ones(3, requires_grad=True)
g = t.full((3,), 2.0)
Identity.apply(x).backward(g)
x.grad.mul_(10)
g, x.grad
""",
    "gradient_argument_not_aliased": """
x = t.ones(3, requires_grad=True)
g = t.tensor([1.0, 2.0, 3.0])
(x + 0).backward(g)
x.grad.add_(100)
g, x.grad
""",
    "gradient_argument_changed_later": """
x = t.ones(3, requires_grad=True)
g = t.tensor([1.0, 2.0, 3.0])
(x * 1).backward(g)
g.add_(100)
x.grad
""",
    "autograd_grad_result_not_aliased": """
x = t.ones(3, requires_grad=True)
y = x * 2
(gy,) = t.autograd.grad((y * y).sum(), y, retain_graph=True)
(y * y).sum().backward()
gy.add_(5)
gy, x.grad
""",
    "autograd_grad_result_is_expanded": """
x = t.ones(3, requires_grad=True)
y = x * 2
(gy,) = t.autograd.grad(y.sum(), y)
gy.add_(5)
""",
    "backward_inputs_nonleaf_not_aliased": """
x = t.ones(3, requires_grad=True)
y = x * 2
z = y + 0
z.sum().backward(inputs=[y, x])
y.grad.add_(7)
y.grad, x.grad
""",
    "post_hook_result_kept": """
kept = []
x = t.ones(3, requires_grad=True)
y = x * 2
def replace(grad_inputs, grad_outputs):
    result = grad_inputs[0] * 5
    kept.append(result)
    return (result, None)
y.grad_fn.register_hook(replace)
y.sum().backward()
x.grad.add_(1)
kept[0], x.grad
""",
    "two_leaves_one_gradient_array": """
a = t.ones(3, requires_grad=True)
b = t.ones(3, requires_grad=True)
(a + b).sum().backward()
a.grad.add_(1)
a.grad, b.grad
""",
    "views_of_one_gradient_array": """
a = t.ones(3, requires_grad=True)
b = t.ones(3, requires_grad=True)
(t.stack([a, b]) * 2).sum().backward()
a.grad.add_(1)
a.grad, b.grad
""",
    # --- gradients from user code are checked --------------------------------------------------
    "function_gradient_wrong_shape": """
class Wrong(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return t.ones(7)
x = t.ones(2, requires_grad=True)
Wrong.apply(x).sum().backward()
""",
    "function_gradient_broadcastable_shape_is_summed": """
class Wide(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return t.ones(3, 2)
x = t.ones(2, requires_grad=True)
Wide.apply(x).sum().backward()
x.grad
""",
    "function_gradient_leading_one_is_summed": """
class Lead(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return t.ones(1, 2)
x = t.ones(2, requires_grad=True)
Lead.apply(x).sum().backward()
x.grad
""",
    "function_gradient_other_dtype_is_converted": """
class Double(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return t.ones(2, dtype=t.float64)
x = t.ones(2, requires_grad=True)
Double.apply(x).sum().backward()
x.grad
""",
    "function_gradient_not_a_tensor": """
class Number(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return 3
x = t.ones(2, requires_grad=True)
Number.apply(x).sum().backward()
""",
    "function_gradient_a_list": """
class Listed(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return [grad]
x = t.ones(2, requires_grad=True)
Listed.apply(x).sum().backward()
""",
    "function_too_many_gradients": """
class Two(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return grad, grad
x = t.ones(2, requires_grad=True)
Two.apply(x).sum().backward()
""",
    "function_extra_trailing_nones_allowed": """
class Extra(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        return grad * 2, None, None
x = t.ones(2, requires_grad=True)
Extra.apply(x).sum().backward()
x.grad
""",
    "function_gradient_for_a_number_input": """
class Scaled(t.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        return x * k
    @staticmethod
    def backward(ctx, grad):
        return grad * 3, grad
x = t.ones(2, requires_grad=True)
Scaled.apply(x, 3).sum().backward()
""",
    "tensor_hook_changes_size": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.register_hook(lambda g: t.ones(3))
y.sum().backward()
""",
    "tensor_hook_changes_dtype": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.register_hook(lambda g: g.double())
y.sum().backward()
""",
    "named_tensor_hook_changes_dtype": """
def to_long(g):
    return g.long()
x = t.ones(2, requires_grad=True)
y = x * 2
y.register_hook(to_long)
y.sum().backward()
""",
    "tensor_hook_returns_a_number": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.register_hook(lambda g: 3)
y.sum().backward()
""",
    "leaf_hook_changes_size": """
x = t.ones(2, requires_grad=True)
x.register_hook(lambda g: t.ones(3))
(x * 2).sum().backward()
""",
    "node_hook_replaces_a_none_gradient": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (grad_inputs[0], grad_inputs[0]))
y.sum().backward()
""",
    "node_hook_returns_too_few": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (t.ones(2),))
y.sum().backward()
""",
    "node_hook_returns_a_number": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: 5)
y.sum().backward()
""",
    "node_prehook_returns_too_many": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda grad_outputs: (grad_outputs[0], grad_outputs[0]))
y.sum().backward()
""",
    "node_prehook_changes_size": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda grad_outputs: (t.ones(3),))
y.sum().backward()
""",
    "node_prehook_returns_a_tensor": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda grad_outputs: grad_outputs[0])
y.sum().backward()
""",
    "node_prehook_changes_dtype": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda grad_outputs: (grad_outputs[0].double(),))
y.sum().backward()
""",
    "node_prehook_scales": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda grad_outputs: (grad_outputs[0] * 10,))
y.sum().backward()
x.grad
""",
    # --- ctx.materialize_grads -----------------------------------------------------------------
    "unused_output_gets_zeros": """
seen = []
class Pair(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3
    @staticmethod
    def backward(ctx, g1, g2):
        seen.append((g1, g2))
        return g1 * 2 + g2 * 3
x = t.ones(2, requires_grad=True)
a, b = Pair.apply(x)
a.sum().backward()
seen[0], x.grad
""",
    "unused_output_without_materialize": """
seen = []
class Pair(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2, x * 3
    @staticmethod
    def backward(ctx, g1, g2):
        seen.append((g1, g2))
        return g1 * 2 if g2 is None else g1 * 2 + g2 * 3
x = t.ones(2, requires_grad=True)
a, b = Pair.apply(x)
a.sum().backward()
seen[0], x.grad
""",
    "double_backward_tutorial_unused_output": """
class MyCube(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x ** 3
        dx = 3 * x ** 2
        ctx.save_for_backward(x, dx)
        return result, dx
    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        result = grad_output * dx + grad_dx * 6 * x
        return result
def my_cube(x):
    result, dx = MyCube.apply(x)
    return result
x = t.tensor([1.0, 2.0], dtype=t.double, requires_grad=True)
(g,) = t.autograd.grad(my_cube(x).sum(), x, create_graph=True)
(gg,) = t.autograd.grad(g.sum(), x)
g, gg
""",
    # --- anomaly detection ---------------------------------------------------------------------
    "anomaly_nan_in_backward": """
x = t.tensor([0.0, 1.0], requires_grad=True)
with t.autograd.detect_anomaly():
    y = x * 0
    z = y / y
    z.sum().backward()
""",
    "anomaly_check_nan_off": """
x = t.tensor([0.0, 1.0], requires_grad=True)
with t.autograd.set_detect_anomaly(True, check_nan=False):
    y = x * 0
    z = y / y
    z.sum().backward()
x.grad
""",
    "anomaly_error_in_function_backward": """
class Boom(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, grad):
        raise ValueError("boom")
x = t.ones(2, requires_grad=True)
with t.autograd.detect_anomaly():
    y = Boom.apply(x)
    y.sum().backward()
""",
    "anomaly_switches": """
before = (t.is_anomaly_enabled(), t.is_anomaly_check_nan_enabled())
with t.autograd.set_detect_anomaly(True, check_nan=False):
    inside = (t.is_anomaly_enabled(), t.is_anomaly_check_nan_enabled())
after = t.is_anomaly_enabled()
before, inside, after
""",
    "anomaly_off_nan_silently": """
x = t.tensor([0.0, 1.0], requires_grad=True)
y = x * 0
(y / y).sum().backward()
x.grad
""",
    # --- custom Functions: mark_dirty, once_differentiable ------------------------------------
    "function_mark_dirty_rebases_the_input": _DOUBLE_IN_PLACE + """a = t.tensor([1., 2.], requires_grad=True)
c = a.clone()
y = Double.apply(c)
(y * t.tensor([1., 3.])).sum().backward()
y is c, y, c._version, a.grad
""",
    "function_mark_dirty_leaf": _DOUBLE_IN_PLACE + """Double.apply(t.tensor([1., 2.], requires_grad=True))
""",
    "function_mark_dirty_not_returned": """
class Copy(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.mark_dirty(x)
        return x.clone()
    @staticmethod
    def backward(ctx, g):
        return g
Copy.apply(t.tensor([1., 2.], requires_grad=True).clone())
""",
    "function_once_differentiable": _EXP_ONCE_DIFFERENTIABLE + """x = t.tensor([1., 2.], requires_grad=True)
g1, = t.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)
g2, = t.autograd.grad(Exp.apply(x), x, t.ones(2, requires_grad=True), create_graph=True)
g1, g2, [f.name() for f, _ in g2.grad_fn.next_functions]
""",
    "function_once_differentiable_twice": _EXP_ONCE_DIFFERENTIABLE + """x = t.tensor([1., 2.], requires_grad=True)
g, = t.autograd.grad(Exp.apply(x), x, t.ones(2, requires_grad=True), create_graph=True)
g.sum().backward()
""",

    # a path whose gradient is None (the 0-norm has none) leaves the other paths' gradients whole
    "none_gradient_path_keeps_the_others": """
x = t.ones(3, requires_grad=True)
z = t.linalg.vector_norm(x * 1.0, 0) + (x * 2).sum()
z.backward()
y = t.ones(2, requires_grad=True)
w = (y - 1).sum() + t.linalg.vector_norm(y - 1, 0)
w.backward()
x.grad, y.grad
""",
    # --- a Function in torch's other style: forward without ctx, then setup_context --------------
    "function_setup_context": """
seen = []
class Power(t.autograd.Function):
    @staticmethod
    def forward(x, k=2):
        return x ** k
    @staticmethod
    def setup_context(ctx, inputs, output):
        seen.append((len(inputs), inputs[1], ctx.needs_input_grad, output))
        ctx.save_for_backward(inputs[0])
        ctx.k = inputs[1]
    @staticmethod
    def backward(ctx, g):
        return ctx.k * ctx.saved_tensors[0] ** (ctx.k - 1) * g, None
x = t.tensor([3.0, 0.5], requires_grad=True)
y = Power.apply(x, 3)
y.sum().backward()
first = x.grad.clone()
x.grad = None
Power.apply(x, k=4).sum().backward()
with t.no_grad():
    z = Power.apply(x)
y.grad_fn.name(), first, x.grad, z, seen
""",
    "function_setup_context_jvp": """
class Lin(t.autograd.Function):
    @staticmethod
    def forward(x, w):
        return x @ w
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)
        ctx.save_for_forward(*inputs)
    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w.T, x.T @ g
    @staticmethod
    def jvp(ctx, xt, wt):
        x, w = ctx.saved_tensors
        return xt @ w + x @ wt
x = t.ones(2, 3, requires_grad=True)
w = t.arange(6.0).reshape(3, 2).requires_grad_()
Lin.apply(x, w).sum().backward()
fwAD = t.autograd.forward_ad
with fwAD.dual_level():
    out = fwAD.unpack_dual(Lin.apply(fwAD.make_dual(x.detach(), t.ones(2, 3)), w.detach())).tangent
x.grad, w.grad, out
""",
    "function_setup_context_extra_argument_error": """
class Id(t.autograd.Function):
    @staticmethod
    def forward(x):
        return x * 1
    @staticmethod
    def setup_context(ctx, inputs, output):
        pass
    @staticmethod
    def backward(ctx, g):
        return g
Id.apply(t.ones(1), 2)
""",
    # --- a node called directly, and its metadata --------------------------------------------------
    "node_called_directly": """
a = t.tensor([1.0, 2.0], requires_grad=True)
b = t.tensor([3.0, 4.0])
x = t.ones(2, 1, requires_grad=True)
y = t.ones(1, 3, requires_grad=True)
(x + y).grad_fn(t.ones(2, 3)), (x * 3).grad_fn(t.ones(2, 1)), (a * b).grad_fn(t.ones(2)), t.cat([a, b]).grad_fn(t.arange(4.0)), a.sum().grad_fn(t.tensor(1.0))
""",
    "node_metadata": "y = t.ones(1, requires_grad=True) * 2\nbefore = dict(y.grad_fn.metadata)\ny.grad_fn.metadata['step'] = 3\nbefore, y.grad_fn.metadata",
    # --- autograd.grad and backward: the options and their misuse --------------------------------
    "same_output_twice": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
t.autograd.backward([y.sum(), y.sum()])
z = y * 1
x.grad, t.autograd.grad([z, z], x, [t.ones(3), t.ones(3) * 2])
""",
    "grad_extra_grad_outputs_ignored": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
t.autograd.grad([x * 2], [x], grad_outputs=[t.ones(3), t.ones(2)])
""",
    "grad_inputs_dict": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
t.autograd.grad((x * w).sum(), {"x": x, "w": w})
""",
    "grad_inputs_empty": "x = t.ones(3, requires_grad=True)\nt.autograd.grad(x.sum(), [])",
    "backward_inputs_empty": "x = t.ones(3, requires_grad=True)\nx.sum().backward(inputs=[])",
    "backward_input_without_grad": "x = t.ones(3, requires_grad=True)\n(x * 2).sum().backward(inputs=[t.ones(3)])",
    "grad_materialize_without_allow_unused": """
x = t.ones(3, requires_grad=True)
t.autograd.grad(x.sum(), x, allow_unused=False, materialize_grads=True)
""",
    "grad_materialize_create_graph": """
x = t.ones(3, requires_grad=True)
z = t.ones(2, requires_grad=True)
r = t.autograd.grad((x * x).sum(), [x, z], materialize_grads=True, create_graph=True)
r, r[1].requires_grad
""",
    "grad_only_inputs": "x = t.ones(3, requires_grad=True)\nt.autograd.grad((x * 2).sum(), x, only_inputs=False)",
    "grad_not_tensor_input": "x = t.ones(3, requires_grad=True)\nt.autograd.grad(x.sum(), (x, 1))",
    "grad_not_tensor_grad_output": "x = t.ones(3, requires_grad=True)\nt.autograd.grad(x.sum(), x, [1.0])",
    "backward_not_tensor_gradient": "x = t.ones(3, requires_grad=True)\n(x * 2).backward([1.0, 1.0, 1.0])",
    "grads_batched": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
z = t.ones(2, requires_grad=True)
y = x ** 2
a = t.autograd.grad(y, x, t.eye(3), is_grads_batched=True, retain_graph=True)
b = t.autograd.grad([y, y.sum()], [x, z], [t.ones(2, 3), t.tensor([1.0, 2.0])], is_grads_batched=True, materialize_grads=True)
a, b
""",
    "grads_batched_shape_mismatch": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
t.autograd.grad(x * 2, x, t.ones(2, 2), is_grads_batched=True)
""",
    "grads_batched_sizes_differ": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
t.autograd.grad([y, y.sum()], x, [t.ones(2, 3), t.ones(3)], is_grads_batched=True)
""",
    "grads_batched_implicit_scalar_gradient": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
t.autograd.grad([y, y.sum()], x, [t.ones(2, 3), None], is_grads_batched=True)
""",
    # --- .grad accumulates in place, a version later ----------------------------------------------
    "grad_accumulates_in_place": """
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
(x * 2).sum().backward()
first, version = x.grad, x.grad._version
(x * 2).sum().backward()
first is x.grad, version, x.grad._version
""",
    "grad_with_graph_accumulates_in_place": """
import warnings
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
with warnings.catch_warnings():  # (torch warns once a process)
    warnings.simplefilter("ignore")
    (x ** 3).sum().backward(create_graph=True)
g = x.grad
(x ** 3).sum().backward()
g is x.grad, x.grad, x.grad._version
""",
    "grad_with_graph_changed_after_saved": """
import warnings
x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
with warnings.catch_warnings():  # (torch warns once a process)
    warnings.simplefilter("ignore")
    (x ** 3).sum().backward(create_graph=True)
square = x.grad ** 2
(x ** 3).sum().backward()
square.sum().backward()
""",
    "function_saves_a_number": """
class Keep(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x, 5)
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g
Keep.apply(t.ones(2, requires_grad=True))
""",
    "function_node_forward_cls": """
class Twice(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g * 2
Twice.apply(t.ones(2, requires_grad=True)).grad_fn._forward_cls is Twice
""",
    # --- what a node saved, by torch's names ------------------------------------------------------
    "saved_inputs_by_name": """
x = t.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
v = t.tensor([1.0, -1.0], requires_grad=True)
mm, mv, dot = x @ x, x.mv(v), v.dot(v)
(mm.grad_fn._saved_self is x, mm.grad_fn._saved_mat2 is x, mv.grad_fn._saved_vec is v,
 dot.grad_fn._saved_tensor is v, v.vdot(v).grad_fn._saved_other is v, (v * v).grad_fn._saved_other is v)
""",
    "grad_deleted": """
x = t.ones(2, requires_grad=True)
x.sum().backward()
del x.grad
x.grad
""",
    "anomaly_nan_only_in_needed_gradients": """
x = t.tensor([-1.0, 1.0], requires_grad=True)
with t.autograd.detect_anomaly():
    (x.sqrt() * 0).sum().backward()
""",
    "function_saved_output_changed_in_place": """
class Twice(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x * 2
        ctx.save_for_backward(y)
        return y
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y
y = Twice.apply(t.ones(3, requires_grad=True))
y.add_(1)
y.sum().backward()
""",
    # autograd.grad with respect to an intermediate result: the gradient arriving at its node is the
    # answer, and the node itself does not run (nor its hooks; its buffers are not freed)
    "grad_of_an_intermediate_does_not_run_its_node": """
x = t.tensor([1.0, 2.0], requires_grad=True)
w = x.exp()
calls = []
w.grad_fn.register_hook(lambda gi, go: calls.append("post"))
w.grad_fn.register_prehook(lambda go: calls.append("pre"))
w.register_hook(lambda g: calls.append("w hook"))
x.register_hook(lambda g: calls.append("x hook"))
first = t.autograd.grad((w * 2).sum(), w), list(calls)
calls.clear()
v = w * 3
second = t.autograd.grad(v.sum(), [w, x]), list(calls)
calls.clear()
u = w.sin()
third = t.autograd.grad(u.sum(), [u]), list(calls)
first, second, third
""",
    # backward(inputs=[w]) runs w's node (torch does) and counts a retained grad once; a leaf the
    # inputs do not reach runs nothing, not even its hooks
    "backward_inputs_intermediate_with_retain_grad": """
x = t.tensor([1.0, 2.0], requires_grad=True)
w = x.exp()
w.retain_grad()
calls = []
w.grad_fn.register_hook(lambda gi, go: calls.append("post"))
x.register_hook(lambda g: calls.append("x hook"))
v = (w * 3).sum()
v.backward(inputs=[w], retain_graph=True)
first = w.grad.clone(), x.grad, list(calls)
calls.clear()
v.backward(inputs=[x], retain_graph=True)
second = w.grad.clone(), x.grad.clone(), list(calls)
calls.clear()
v.backward()
first, second, (w.grad, x.grad, list(calls))
""",
    # torch retains the grad of every input of backward(inputs=...) (a non-leaf's .grad arrives
    # that way, and it keeps retaining), and never reaches nodes no input lies below: their tensor
    # hooks do not run
    "backward_inputs_retain_their_grad_and_skip_the_rest": """
l0 = t.tensor([1.13, 0.95], requires_grad=True)
calls = []
v1 = l0 + (l0 - l0)
v2 = v1 * l0
v3 = v2 * l0
v5 = v2.tanh()
v1.register_hook(lambda g: calls.append("v1"))
out = (v5 * v5).sum()
out.backward(inputs=[v3, v2], retain_graph=True)
first = v2.retains_grad, v3.retains_grad, v1.retains_grad, v2.grad, v3.grad, l0.grad, list(calls)
out.backward(retain_graph=True)
first, (v2.grad, v3.grad, l0.grad, list(calls))
""",
    # autograd.grad of an input whose node runs (another input lies below it) is what arrived there,
    # before the input's hooks; of one whose node does not run, after them. A pass from one output
    # runs that output's hooks even when no input lies below it (torch runs the root's node first)
    "grad_captured_before_or_after_hooks": """
l0 = t.tensor([0.62, 1.02], requires_grad=True)
calls = []
v0 = l0 - l0
v0.register_hook(lambda g: (calls.append("v0"), g * -1)[1])
l0.register_hook(lambda g: (calls.append("l0"), g * -1)[1])
first = t.autograd.grad([l0, v0], [l0, v0], [t.ones(2) * 0.5, t.ones(2) * 0.5])
u = l0 * 3
u.register_hook(lambda g: calls.append("u"))
b = t.tensor([1.0, 2.0], requires_grad=True)
second = t.autograd.grad(u, [b], t.ones(2), allow_unused=True)
u.retain_grad()
third = t.autograd.grad(u, [b], t.ones(2), allow_unused=True), u.grad
first, second, third, calls
""",
    # the retained gradient is a copy of the first one (CloneBackward0 under create_graph), then sums
    "retained_grad_under_create_graph": """
x = t.tensor([1.1, 1.07], requires_grad=True)
v = x.sin()
v.retain_grad()
(g,) = t.autograd.grad((v * x).sum(), [x], create_graph=True)
first = v.grad, v.grad is not None and v.grad.grad_fn
(g2,) = t.autograd.grad((v * x).sum(), [x], create_graph=True)
first, v.grad
""",
    # the gradients Add and Sub pass on are torch's: the incoming one itself, its negation
    # (NegBackward0), a product by alpha as a number (MulBackward1)
    "add_sub_gradients_under_create_graph": """
x = t.tensor([1., 2.], requires_grad=True)
y = t.tensor([3., 4.], requires_grad=True)
g = t.ones(2, requires_grad=True)
out = []
for z in (x + y, x - y, t.add(x, y, alpha=2), t.sub(x, y, alpha=2), 1 - y, t.addcdiv(x, x, y)):
    gx, gy = t.autograd.grad(z, [x, y], g, create_graph=True, allow_unused=True)
    out.append([None if v is None else (v.grad_fn, v is g) for v in (gx, gy)])
out
""",
    # the gradient of a 0-d input that broadcast is summed at once (SumBackward0), as torch's sum_to
    "broadcast_0d_input_gradient_is_a_sum": """
x = t.tensor([-0.29, -1.23], requires_grad=True)
s = x.sum()
y = x.abs() * s + x
(gs, gx) = t.autograd.grad(y, [s, x], t.ones(2) * 0.5, create_graph=True)
gs, gx, t.autograd.grad(gs, x, retain_graph=True)
""",
}
