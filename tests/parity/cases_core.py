"""The core engine and tensor (issue: autograd core): values, dtypes, reprs, grad_fn names,
next_functions, warnings and errors, checked against torch 2.x."""

CASES = {
    # --- the seed notebook, cell by cell -------------------------------------------------------
    "seed_leaf_grad": """
a = V(t.ones(3, 4), requires_grad=True)
b = V(t.ones(3, 4))
c = a + b
d = c.sum()
d.backward()
a.grad, c.requires_grad, c.grad is None
""",
    "seed_is_leaf": """
a = V(t.ones(3, 4), requires_grad=True); b = V(t.ones(3, 4)); c = a + b
a.is_leaf, b.is_leaf, c.is_leaf
""",
    "seed_data_sum": """
a = V(t.ones(3, 4), requires_grad=True); c = a + V(t.ones(3, 4))
c.data.sum(), c.sum()
""",
    "seed_grad_fn": """
x = V(t.ones(1)); b = V(t.tensor([0.25]), requires_grad=True); w = V(t.tensor([0.5]), requires_grad=True)
y = w * x; z = y + b
y.requires_grad, z.requires_grad, z.grad_fn, y.grad_fn
""",
    "seed_next_functions_z": """
x = V(t.ones(1)); b = V(t.tensor([0.25]), requires_grad=True); w = V(t.tensor([0.5]), requires_grad=True)
z = w * x + b
z.grad_fn.next_functions
""",
    "seed_next_functions_y": """
x = V(t.ones(1)); w = V(t.tensor([0.5]), requires_grad=True)
(w * x).grad_fn.next_functions
""",
    "seed_leaf_grad_fn_none": """
x = V(t.ones(1)); w = V(t.tensor([0.5]), requires_grad=True)
w.grad_fn, x.grad_fn
""",
    "seed_retain_graph_accumulates": """
x = V(t.ones(1)); b = V(t.tensor([0.25]), requires_grad=True); w = V(t.tensor([0.5]), requires_grad=True)
z = w * x + b
z.backward(retain_graph=True)
first = w.grad.clone()
z.backward()
first, w.grad
""",
    "seed_autograd_grad_nonleaf": """
x = V(t.ones(3), requires_grad=True); w = V(t.ones(3), requires_grad=True)
y = x * w; z = y.sum()
t.autograd.grad(z, y)
""",
    "seed_hook_prints": """
seen = []
x = V(t.ones(3), requires_grad=True); w = V(t.ones(3), requires_grad=True)
y = x * w
handle = y.register_hook(lambda g: seen.append(g.clone()))
y.sum().backward()
handle.remove()
seen
""",
    "seed_int_arange_requires_grad": "V(t.arange(0, 3), requires_grad=True)",
    "seed_float_arange_grad": """
x = V(t.arange(0., 3), requires_grad=True)
y = x**2 + x*2
y.sum().backward()
x.grad
""",
    "seed_shape1_gradient_rejected": """
x = V(t.arange(0., 3), requires_grad=True)
y = x**2 + x*2
y.backward(V(t.ones(1)))
""",
    "seed_full_gradient": """
x = V(t.arange(0., 3), requires_grad=True)
y = x**2 + x*2
y.backward(t.ones(3))
x.grad
""",
    # --- dtypes and promotion ------------------------------------------------------------------
    "dtype_float_default": "t.tensor([1.0, 2.0]).dtype, t.tensor([1, 2]).dtype, t.tensor([True]).dtype",
    "dtype_names": "t.float32, t.float, t.float64, t.double, t.int64, t.long, t.bool",
    "dtype_int_times_float": "t.arange(3) * 2.5",
    "dtype_int_times_int": "t.arange(3) * 2",
    "dtype_int_div_int": "t.arange(3) / 2",
    "dtype_bool_plus_int": "t.tensor([True, False]) + 1",
    "dtype_float32_times_float64_scalar_tensor": "t.ones(2) * t.tensor(2.0, dtype=t.float64)",
    "dtype_float32_times_float64_tensor": "t.ones(2) * t.ones(2, dtype=t.float64)",
    "dtype_int_tensor_plus_float_0d": "t.arange(3) + t.tensor(1.5)",
    "dtype_to_double": "t.tensor([1.5, 2.5]).to(t.float64)",
    "dtype_float_long_double": "x = t.tensor([1.7, -2.2]); x.long(), x.double(), x.long().float()",
    "dtype_creation_dtype_arg": "t.ones(2, dtype=t.float64), t.zeros(2, 2, dtype=t.int64), t.full((2,), 3)",
    "dtype_full_float": "t.full((2, 2), 1.5)",
    "dtype_from_numpy_float64": "t.from_numpy(np.array([1.0, 2.0]))",
    "dtype_from_numpy_shares": "a = np.zeros(3); x = t.from_numpy(a); a[0] = 5; x",
    "dtype_grad_of_promoted": """
x = t.ones(2, requires_grad=True)
y = (x * t.ones(2, dtype=t.float64)).sum()
y.backward()
x.grad, y.dtype
""",
    "dtype_int_pow_float": "t.arange(3) ** 0.5",
    "dtype_int_pow_int": "t.arange(3) ** 2",
    "dtype_scalar_pow_int_tensor": "2 ** t.arange(3)",
    # --- attributes ----------------------------------------------------------------------------
    "size_repr": "t.ones(2, 3).size(), t.ones(3).shape, t.tensor(3.).shape",
    "size_dim": "x = t.ones(2, 3, 4); x.size(1), x.size(-1), x.dim(), x.numel()",
    "size_dim_out_of_range": "t.ones(2, 3).size(2)",
    "item_tolist": "x = t.tensor([[1.5, 2.0]]); x.sum().item(), x.tolist(), t.tensor([3]).item()",
    "item_too_many": "t.ones(2).item()",
    "numpy_requires_grad": "t.ones(2, requires_grad=True).numpy()",
    "numpy_detached": "t.ones(2, requires_grad=True).detach().numpy().tolist()",
    "clone_grad_fn": "x = t.ones(2, requires_grad=True); x.clone()",
    "detach_shares_memory": "x = t.ones(2, requires_grad=True); d = x.detach(); d[0] = 5; x",
    "detach_inplace": "x = t.ones(2, requires_grad=True); y = x * 2; y.detach_(); y, y.is_leaf, y.requires_grad",
    "detach_inplace_view": "x = t.ones(2, requires_grad=True); y = (x * 2)[:1]; y.detach_()",
    "grad_assign_other_size": "x = t.ones(2, requires_grad=True); x.grad = t.ones(2, 1)",
    "data_get": "x = t.ones(2, requires_grad=True); x.data",
    "data_set": "x = t.ones(2, requires_grad=True); x.data = t.zeros(2); x",
    "data_inplace_no_version_check": """
x = t.ones(2, requires_grad=True)
y = x * x
x.data.mul_(3)
y.sum().backward()
x.grad
""",
    "requires_grad_int_setter": "x = t.arange(3); x.requires_grad = True",
    "requires_grad_int_method": "t.arange(3).requires_grad_()",
    "requires_grad_factory_int": "t.tensor([1, 2], requires_grad=True)",
    "requires_grad_nonleaf_false": "x = t.ones(2, requires_grad=True); y = x * 2; y.requires_grad = False",
    "requires_grad_method": "x = t.ones(2); x.requires_grad_(), x.requires_grad_(False)",
    "nonleaf_grad_warns": "x = t.ones(2, requires_grad=True); y = x * 2; y.grad",
    "retain_grad": """
x = t.ones(2, requires_grad=True)
y = x * 3
y.retain_grad()
(y * y).sum().backward()
y.grad, y.retains_grad, x.retains_grad
""",
    "retain_grad_accumulates": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.retain_grad()
y.sum().backward(retain_graph=True)
y.sum().backward()
y.grad
""",
    "version_counter": "x = t.ones(2); v0 = x._version; x.add_(1); x.mul_(2); x[0] = 3; v0, x._version",
    "grad_of_leaf_only_after_backward": "x = t.ones(2, requires_grad=True); x.grad",
    "variable_returns_tensor": "x = V(t.ones(2)); type(x).__name__ == 'Tensor', x",
    # --- creation ------------------------------------------------------------------------------
    "create_sizes_varargs_and_tuple": "t.zeros(2, 3).shape, t.zeros((2, 3)).shape, t.ones([2]).shape",
    "create_like": "x = t.ones(2, 3, dtype=t.float64); t.zeros_like(x), t.ones_like(x), t.full_like(x, 7)",
    "create_arange": "t.arange(5), t.arange(1, 4), t.arange(0, 1, 0.25), t.arange(0., 3)",
    "create_linspace": "t.linspace(0, 1, 5)",
    "create_eye": "t.eye(3), t.eye(2, 3)",
    "create_requires_grad": "t.ones(2, requires_grad=True), t.zeros(1, requires_grad=True)",
    "create_tensor_nested": "t.tensor([[1, 2], [3, 4]]), t.tensor([[1., 2.], [3., 4.]])",
    "create_scalar": "t.tensor(3.5), t.tensor(2), t.tensor(True)",
    "create_empty_list": "t.tensor([])",
    "create_tensor_from_tensor_warns": "t.tensor(t.ones(2))",
    "create_random_shapes": "t.rand(2, 3).shape, t.randn(4).dtype, t.randint(0, 10, (3,)).dtype, t.randint(5, (2, 2)).shape",
    "create_random_double": "t.rand(2, dtype=t.float64).dtype, t.randn(2, 2, dtype=t.float64).dtype",
    "create_negative_size": "t.ones(-1)",
    "create_as_tensor": "t.as_tensor([1, 2]), t.as_tensor(np.array([1.5]))",
    # --- printing via repr ---------------------------------------------------------------------
    "repr_grad_fn": "x = t.tensor([1.5, -2.0], requires_grad=True); x * 2, x.sum(), x.mean(), x - 1, x / 3",
    "repr_float64_requires_grad": "t.tensor([1., 2.], dtype=t.float64, requires_grad=True)",
    "repr_pow_names": "x = t.tensor([1., 2.], requires_grad=True); x ** 2, 2 ** x, x ** x, 2 - x, 2 / x",
    # --- grad_fn names and next_functions ------------------------------------------------------
    "names_binary_scalar": """
x = t.ones(2, requires_grad=True)
[(r.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in r.grad_fn.next_functions])
 for r in (x + 2, 2 + x, x * 2, 2 * x, x - 2, 2 - x, x / 2, 2 / x, -x, x ** 2, 2 ** x)]
""",
    "names_binary_tensor": """
x = t.ones(2, requires_grad=True); y = t.ones(2, requires_grad=True); c = t.ones(2)
[(r.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in r.grad_fn.next_functions])
 for r in (x + y, x - y, x * c, c * x, x / y, x ** y, c ** x, x.add(y, alpha=2))]
""",
    "names_reductions": """
x = t.ones(2, 3, requires_grad=True)
[r.grad_fn.name() for r in (x.sum(), x.sum(0), x.sum(-1, keepdim=True), x.mean(), x.mean(1), x.sum((0, 1)))]
""",
    "accumulate_grad_variable": "x = t.ones(2, requires_grad=True); acc = (x * 2).grad_fn.next_functions[0][0]; acc.variable is x, acc.name()",
    "accumulate_grad_same_object": "x = t.ones(2, requires_grad=True); (x * 2).grad_fn.next_functions[0][0] is (x * 3).grad_fn.next_functions[0][0]",
    "saved_tensors_inspect": """
x = t.tensor([1., 2.], requires_grad=True); y = t.tensor([3., 4.], requires_grad=True)
m = x * y
p = x ** 3
e = 2 ** x
m.grad_fn._saved_self, m.grad_fn._saved_other, p.grad_fn._saved_exponent, p.grad_fn._saved_self, e.grad_fn._saved_result
""",
    "saved_freed_after_backward": """
x = t.tensor([1., 2.], requires_grad=True); y = x * x
y.sum().backward()
y.grad_fn._saved_self
""",
    "saved_sum_sizes": "x = t.ones(2, 3, requires_grad=True); s = x.sum(1); s.grad_fn._saved_dim, s.grad_fn._saved_keepdim, s.grad_fn._saved_self_sym_sizes",
    # --- backward and grad ---------------------------------------------------------------------
    "backward_second_time": "x = t.ones(2, requires_grad=True); z = (x * x).sum(); z.backward(); z.backward()",
    "backward_second_time_add_only_ok": "x = t.ones(2, requires_grad=True); z = (x + 1).sum(); z.backward(); z.backward(); x.grad",
    "backward_non_scalar": "x = t.ones(2, requires_grad=True); (x * 2).backward()",
    "backward_no_grad_fn": "t.ones(2).sum().backward()",
    "backward_shape_mismatch": "x = t.ones(2, requires_grad=True); (x * 2).backward(t.ones(3))",
    "backward_gradient_weighting": "x = t.ones(3, requires_grad=True); (x * x).backward(t.tensor([1., 2., 3.])); x.grad",
    "backward_diamond": "x = t.tensor([2.], requires_grad=True); y = x * x; z = y * x + y; z.backward(); x.grad",
    "backward_inputs_only": """
x = t.ones(2, requires_grad=True); w = t.ones(2, requires_grad=True)
(x * w * 3).sum().backward(inputs=[w])
x.grad, w.grad
""",
    "backward_create_graph_second_derivative": """
x = t.tensor([1., 2.], requires_grad=True)
y = (x ** 3).sum()
y.backward(create_graph=True)
g = x.grad
x.grad = None
g.sum().backward()
g, x.grad
""",
    "grad_basic": "x = t.tensor([1., 2.], requires_grad=True); t.autograd.grad((x ** 2).sum(), x)",
    "grad_no_accumulate": "x = t.tensor([1., 2.], requires_grad=True); t.autograd.grad((x ** 2).sum(), x); x.grad",
    "grad_unused": "x = t.ones(2, requires_grad=True); u = t.ones(2, requires_grad=True); t.autograd.grad((x * 2).sum(), [x, u])",
    "grad_allow_unused": "x = t.ones(2, requires_grad=True); u = t.ones(2, requires_grad=True); t.autograd.grad((x * 2).sum(), [x, u], allow_unused=True)",
    "grad_outputs_arg": "x = t.ones(2, requires_grad=True); t.autograd.grad(x * 3, x, grad_outputs=t.tensor([1., 2.]))",
    "grad_create_graph_third": """
x = t.tensor(1.5, requires_grad=True)
y = x ** 4
(g1,) = t.autograd.grad(y, x, create_graph=True)
(g2,) = t.autograd.grad(g1, x, create_graph=True)
(g3,) = t.autograd.grad(g2, x)
g1, g2, g3
""",
    "grad_requires_grad_input": "x = t.ones(2); t.autograd.grad((x * 2).sum(), x)",
    "autograd_backward_function": "x = t.ones(2, requires_grad=True); t.autograd.backward([(x * 2).sum()]); x.grad",
    # --- hooks ---------------------------------------------------------------------------------
    "hook_replaces_grad": """
x = t.ones(2, requires_grad=True)
y = x * 2
y.register_hook(lambda g: g * 10)
y.sum().backward()
x.grad
""",
    "hook_on_leaf": """
x = t.ones(2, requires_grad=True)
x.register_hook(lambda g: g + 1)
(x * 3).sum().backward()
x.grad
""",
    "hook_order": """
order = []
x = t.ones(2, requires_grad=True)
a = x * 2
b = a * 3
c = b.sum()
x.register_hook(lambda g: order.append('x'))
a.register_hook(lambda g: order.append('a'))
b.register_hook(lambda g: order.append('b'))
b.register_hook(lambda g: order.append('b2'))
c.backward()
order
""",
    "hook_removed": """
seen = []
x = t.ones(2, requires_grad=True)
h = x.register_hook(lambda g: seen.append(1))
h.remove()
(x * 2).sum().backward()
seen
""",
    "hook_no_grad_tensor": "t.ones(2).register_hook(print)",
    "node_hooks": """
seen = []
x = t.ones(2, requires_grad=True)
y = x * 2
y.grad_fn.register_prehook(lambda go: seen.append(('pre', len(go))))
y.grad_fn.register_hook(lambda gi, go: seen.append(('post', len(gi), len(go))))
y.sum().backward()
seen
""",
    # --- grad mode -----------------------------------------------------------------------------
    "no_grad_context": "x = t.ones(2, requires_grad=True)\nwith t.no_grad():\n    y = x * 2\ny.requires_grad, y.grad_fn, t.is_grad_enabled()",
    "no_grad_decorator": """
@t.no_grad()
def f(x):
    return x * 2
x = t.ones(2, requires_grad=True)
f(x).requires_grad
""",
    "enable_grad_inside_no_grad": "x = t.ones(2, requires_grad=True)\nwith t.no_grad():\n    with t.enable_grad():\n        y = x * 2\ny.requires_grad",
    "set_grad_enabled": "x = t.ones(2, requires_grad=True)\nwith t.set_grad_enabled(False):\n    y = x * 2\nz = x * 2\ny.requires_grad, z.requires_grad, t.is_grad_enabled()",
    "set_grad_enabled_call": "t.set_grad_enabled(False); a = t.is_grad_enabled(); t.set_grad_enabled(True); a, t.is_grad_enabled()",
    # --- in-place ------------------------------------------------------------------------------
    "inplace_leaf_error": "x = t.ones(2, requires_grad=True); x.add_(1)",
    "inplace_leaf_iadd_error": "x = t.ones(2, requires_grad=True); x += 1",
    "inplace_leaf_no_grad_ok": "x = t.ones(2, requires_grad=True)\nwith t.no_grad():\n    x.add_(1)\nx",
    "inplace_nonleaf_grad_fn": "x = t.ones(2, requires_grad=True); y = x * 1; y.add_(1); y, y.grad_fn.next_functions",
    "inplace_nonleaf_gradient": "x = t.tensor([1., 2.], requires_grad=True); y = x * 3; y.mul_(y); y.sum().backward(); x.grad",
    "inplace_modified_saved": "x = t.ones(3, requires_grad=True); a = x * 1; b = a * a; a.add_(1); b.sum().backward()",
    "inplace_modified_saved_leaf": "x = t.ones(3, requires_grad=True); l = t.ones(3); b = x * l; l.add_(1); b.sum().backward()",
    "inplace_modified_saved_double": "d = t.ones(3, dtype=t.float64, requires_grad=True); a = d * 1; b = a * a; a.mul_(2); b.sum().backward()",
    "inplace_modified_output": "w = t.ones(3, requires_grad=True); c = (2 ** w); c.add_(1); c.sum().backward()",
    "inplace_ops_values": "x = t.tensor([1., 2.]); x.add_(1); x.sub_(0.5); x.mul_(4); x.div_(2); x",
    "inplace_zero_fill": "x = t.ones(2, requires_grad=True); y = x * 1; y.zero_(); z = x * 1; z.fill_(2); y, z",
    "inplace_copy": "x = t.ones(2, requires_grad=True); y = t.zeros(2); y.copy_(x * 3); y.sum().backward(); y, x.grad",
    "inplace_int_result_cast_error": "x = t.arange(3); x.add_(1.5)",
    "inplace_failed_leaves_state": """
x = t.ones(2, requires_grad=True)
try:
    x.add_(1)
except RuntimeError:
    pass
x, x._version
""",
    "inplace_failed_backward_leaves_grads_untouched": """
x = t.ones(3, requires_grad=True); w = t.ones(3, requires_grad=True)
a = x * 1; b = (a * w).sum() + (a * a).sum()
a.add_(1)
try:
    b.backward()
except RuntimeError:
    pass
x.grad, w.grad
""",
    # --- errors --------------------------------------------------------------------------------
    "error_broadcast": "t.ones(2, 3) + t.ones(3, 2)",
    "error_broadcast_mul": "t.ones(4) * t.ones(3)",
    # --- custom Function and gradcheck ---------------------------------------------------------
    "function_custom": """
class Square(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad
x = t.tensor([1., 3.], requires_grad=True)
y = Square.apply(x)
y.sum().backward()
y, type(y.grad_fn).__name__, y.grad_fn.next_functions, x.grad
""",
    "function_needs_input_grad": """
seen = []
class Mul(t.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        seen.append(ctx.needs_input_grad)
        ctx.save_for_backward(a, b)
        return a * b
    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * b, grad * a
x = t.tensor([2.], requires_grad=True)
y = Mul.apply(x, t.tensor([5.]))
y.backward()
seen, x.grad, y.grad_fn.next_functions
""",
    "function_wrong_grad_count": """
class Bad(t.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b
    @staticmethod
    def backward(ctx, grad):
        return grad
x = t.ones(2, requires_grad=True)
Bad.apply(x, x).sum().backward()
""",
    "gradcheck_passes": """
x = t.tensor([0.5, 1.5], dtype=t.float64, requires_grad=True)
t.autograd.gradcheck(lambda a: (a ** 3 / (a + 1)).sum(), (x,))
""",
    "div_rounding_modes": """
x = t.tensor([-3.5, 2.5], requires_grad=True)
a = t.div(x, 2, rounding_mode='floor'); b = x.div(t.tensor([2., 2.]), rounding_mode='trunc')
(a + b).sum().backward()
a, b, a.grad_fn.next_functions, x.grad, t.div(t.tensor([-7, 7]), 2, rounding_mode='trunc'), t.div(t.tensor([-7, 7]), 2, rounding_mode='floor')
""",
    "div_rounding_mode_bad": "t.div(t.ones(2), 2, rounding_mode='round')",
    "bitwise_operators": "m = t.tensor([True, False]); i = t.tensor([6, 3]); m & True, m | m, ~m, i & 3, i ^ 5, ~i, True & m",
    "invert_float_error": "~t.ones(2)",
    "return_types_max": "r = t.ones(2, 3).max(1); type(r).__name__, r.values, r.indices",
    "index_0d_tensor": "loss = t.tensor(2.5); loss.data[0]",
    "slice_0d_tensor": "t.tensor(2.5)[:]",
    "index_0d_ok_keys": "x = t.tensor(3.); x[None], x[...]",
    "function_instance_called": """
class Sq(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * x
    @staticmethod
    def backward(ctx, g):
        return g
Sq()(t.ones(2, requires_grad=True))
""",
    "function_node_repr": """
class Sq(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * x
    @staticmethod
    def backward(ctx, g):
        return g
y = Sq.apply(t.ones(2, requires_grad=True))
y.grad_fn, y
""",
    # --- float arange rounded as torch's kernel rounds it (fused multiply-adds, vectors of 8 / 4) ---
    "arange_float_rounding": """
x = t.arange(-8.0, 8.0, 0.1)
(repr(x), x[80].item() != 0, t.arange(-1.0, 1.0, 0.1)[10].item() != 0,
 [v.hex() for v in t.arange(-3.484, 7.887, 0.056)[186:204].tolist()],
 [v.hex() for v in t.arange(-0.986, 0.306, 0.0225, dtype=t.float64)[40:58].tolist()],
 [v.hex() for v in t.arange(-2.377, 0.021, 0.2282).tolist()])
""",
}
