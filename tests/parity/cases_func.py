"""``torch.func``: grad, grad_and_value, vjp, jacrev, hessian, vmap, functional_call and
stack_module_state; values, shapes, dtypes, grad_fn names where torch has them, and the errors for
misuse (argnums, has_aux, non-scalar outputs, vmap's in_dims/out_dims, what vmap refuses inside).
Inputs are chosen so that no Jacobian entry is a signed zero (printed -0.), whose sign depends on
the order of floating-point operations."""

_MODEL = """
class Net(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = t.nn.Linear(3, 2)
        self.register_buffer("scale", t.tensor(2.0))
    def forward(self, x):
        return self.fc(x) * self.scale
net = Net()
with t.no_grad():
    net.fc.weight.copy_(t.tensor([[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]]))
    net.fc.bias.copy_(t.tensor([0.5, -0.5]))
"""

CASES = {
    # --- grad -------------------------------------------------------------------------------------
    "grad_basic": "t.func.grad(lambda x: (x ** 3).sum())(t.tensor([1., 2., 3.]))",
    "grad_argnums_tuple": """
f = lambda x, y: (x * y ** 2).sum()
t.func.grad(f, argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3., 4.]))
""",
    "grad_argnums_negative": """
t.func.grad(lambda x, y: (x * y ** 2).sum(), argnums=-1)(t.tensor([1., 2.]), t.tensor([3., 4.]))
""",
    "grad_argnums_out_of_range": "t.func.grad(lambda x: x.sum(), argnums=1)(t.ones(2))",
    "grad_argnums_negative_out_of_range": "t.func.grad(lambda x, y: x.sum(), argnums=-3)(t.ones(2), t.ones(2))",
    "grad_argnums_float": "t.func.grad(lambda x, y: x.sum(), argnums=1.0)(t.ones(2), t.ones(2))",
    "grad_argnums_list": "t.func.grad(lambda x, y: x.sum(), argnums=[0, 1])(t.ones(2), t.ones(2))",
    "grad_argnums_empty": "t.func.grad(lambda x, y: x.sum(), argnums=())(t.ones(2), t.ones(2))",
    "grad_argnums_repeated": "t.func.grad(lambda x, y: x.sum(), argnums=(0, -2))(t.ones(2), t.ones(2))",
    "grad_argnum_in_tuple_not_int": "t.func.grad(lambda x, y: x.sum(), argnums=(0, 'a'))(t.ones(2), t.ones(2))",
    "grad_no_positional_inputs": "t.func.grad(lambda: t.ones(()))()",
    "grad_non_tensor_input": "t.func.grad(lambda x: x)(2.0)",
    "grad_non_tensor_in_dict": "t.func.grad(lambda d: d['a'].sum())({'a': t.ones(2), 'b': 3})",
    "grad_integer_input": "t.func.grad(lambda x: x.sum())(t.arange(3))",
    "grad_returns_float": "t.func.grad(lambda x: 1.0)(t.ones(2))",
    "grad_returns_vector": "t.func.grad(lambda x: x ** 2)(t.ones(2))",
    "grad_returns_one_element_vector": "t.func.grad(lambda x: x.sum().reshape(1))(t.ones(2))",
    "grad_returns_tuple_without_has_aux": "t.func.grad(lambda x: (x.sum(), x))(t.ones(2))",
    "grad_has_aux": "t.func.grad(lambda x: ((x ** 2).sum(), x * 10), has_aux=True)(t.tensor([1., 2.]))",
    "grad_has_aux_dict": "t.func.grad(lambda x: (x.sum(), {'k': x + 1, 'j': [x * 2]}), has_aux=True)(t.tensor([1., 2.]))",
    "grad_has_aux_not_a_tuple": "t.func.grad(lambda x: x.sum(), has_aux=True)(t.ones(2))",
    "grad_has_aux_three_items": "t.func.grad(lambda x: (x.sum(), x, x), has_aux=True)(t.ones(2))",
    "grad_has_aux_list": "t.func.grad(lambda x: [x.sum(), x], has_aux=True)(t.ones(2))",
    "grad_has_aux_number": "t.func.grad(lambda x: (x.sum(), 1.0), has_aux=True)(t.ones(2))",
    "grad_has_aux_none": "t.func.grad(lambda x: (x.sum(), None), has_aux=True)(t.ones(2))",
    "grad_unused_input": "t.func.grad(lambda x, y: y.sum())(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "grad_constant_output": "t.func.grad(lambda x: t.ones(()))(t.tensor([1., 2.]))",
    "grad_dict_input": "t.func.grad(lambda d: (d['w'] ** 2).sum() + d['b'].sum())({'w': t.tensor([1., 2.]), 'b': t.tensor(3.)})",
    "grad_tuple_input": "t.func.grad(lambda p: (p[0] * p[1]).sum())((t.tensor([1., 2.]), t.tensor([3., 4.])))",
    "grad_float64": "t.func.grad(lambda x: (x ** 2).sum())(t.tensor([1., 2.], dtype=t.float64))",
    "grad_kwargs_not_differentiated": "t.func.grad(lambda x, scale=1.0: (x * scale).sum())(t.tensor([1., 2.]), scale=t.tensor(3.))",
    "grad_input_requires_grad": """
x = t.tensor([1., 2., 3.], requires_grad=True)
g = t.func.grad(lambda a: (a * a * a).sum())(x)
g.sum().backward()
g.requires_grad, x.grad
""",
    "grad_value_connected_when_input_requires_grad": """
x = t.tensor([1., 2.], requires_grad=True)
g, value = t.func.grad_and_value(lambda a: (a * a).sum())(x)
value, g.requires_grad
""",
    "grad_closure_requires_grad": """
w = t.tensor([1., 2., 3.], requires_grad=True)
g = t.func.grad(lambda a: (a * w).sum())(t.tensor([4., 5., 6.]))
g
""",
    "grad_closure_requires_grad_under_no_grad": """
w = t.tensor([1., 2., 3.], requires_grad=True)
with t.no_grad():
    g = t.func.grad(lambda a: (a * w).sum())(t.tensor([4., 5., 6.]))
g, t.is_grad_enabled()
""",
    "grad_under_no_grad_still_differentiates": """
with t.no_grad():
    g = t.func.grad(lambda a: (a * a).sum())(t.tensor([4., 5.]))
g
""",
    "grad_no_grad_inside_function": """
def f(x):
    with t.no_grad():
        c = x ** 2
    return (x - c).sum()
t.func.grad(f)(t.tensor([1., 2.]))
""",
    "grad_sees_a_leaf": """
seen = []
t.func.grad(lambda a: (seen.append((a.requires_grad, a.is_leaf, a.grad_fn)), a.sum())[1])(t.ones(2))
seen
""",
    "grad_backward_inside": "t.func.grad(lambda a: (a.sum().backward(), a.sum())[1])(t.ones(2))",
    "grad_state_after_error": """
try:
    t.func.grad(lambda a: a)(t.ones(2))
except RuntimeError:
    pass
x = t.ones(2, requires_grad=True)
(x * 3).sum().backward()
x.grad, t.is_grad_enabled()
""",
    "grad_of_grad": "t.func.grad(t.func.grad(lambda x: x ** 3))(t.tensor(2.))",
    "grad_of_grad_of_grad": "t.func.grad(t.func.grad(t.func.grad(lambda x: x ** 4)))(t.tensor(2.))",
    "grad_of_grad_closure": """
x0 = t.tensor([1., 2.])
t.func.grad(lambda w: t.func.grad(lambda x: (x * w * w).sum())(x0).sum())(t.tensor([3., 4.]))
""",
    "grad_autograd_grad_inside": """
t.func.grad(lambda a: t.autograd.grad((a ** 2).sum(), a, create_graph=True)[0].sum())(t.tensor([1., 2.]))
""",
    "grad_leaves_parameters_alone": _MODEL + """
x = t.tensor([1., 2., 3.])
g = t.func.grad(lambda inp: net(inp).sum())(x)
# g's grad_fn is ViewBackward0 here, as torch's autograd.grad gives it; torch.func's is SqueezeBackward1
g.detach(), net.fc.weight.grad, g.requires_grad
""",
    "grad_and_value_basic": "t.func.grad_and_value(lambda x: (x ** 2).sum())(t.tensor([1., 2.]))",
    "grad_and_value_has_aux": "t.func.grad_and_value(lambda x: ((x ** 2).sum(), x + 1), has_aux=True)(t.tensor([1., 2.]))",
    "grad_and_value_error_names_grad_and_value": "t.func.grad_and_value(lambda x: x)(t.ones(2))",
    "grad_wraps_the_function": """
def loss(x):
    '''my loss'''
    return x.sum()
g = t.func.grad(loss)
g.__name__, g.__doc__
""",
    # --- vjp -------------------------------------------------------------------------------------
    "vjp_basic": """
out, fn = t.func.vjp(lambda x: x ** 2, t.tensor([1., 2., 3.]))
out, fn(t.tensor([1., 10., 100.]))
""",
    "vjp_several_primals": """
out, fn = t.func.vjp(lambda x, y: x * y, t.tensor([1., 2.]), t.tensor([3., 4.]))
fn(t.ones(2))
""",
    "vjp_tuple_output": """
out, fn = t.func.vjp(lambda x: (x * 2, (x * x).sum()), t.tensor([1., 2.]))
out, fn((t.ones(2), t.tensor(1.)))
""",
    "vjp_dict_primal": """
out, fn = t.func.vjp(lambda d: d['a'] * d['b'], {'a': t.tensor([1., 2.]), 'b': t.tensor([3., 4.])})
fn(t.ones(2))
""",
    "vjp_cotangent_structure_tuple_for_tensor": """
out, fn = t.func.vjp(t.sin, t.tensor([1., 2.]))
fn((t.ones(2),))
""",
    "vjp_cotangent_structure_tensor_for_tuple": """
out, fn = t.func.vjp(lambda x: (x, x * 2), t.tensor([1., 2.]))
fn(t.ones(2))
""",
    "vjp_cotangent_wrong_shape": """
out, fn = t.func.vjp(t.sin, t.tensor([1., 2., 3.]))
fn(t.ones(4))
""",
    "vjp_returns_float": "t.func.vjp(lambda x: 1.0, t.ones(2))",
    "vjp_returns_nothing": "t.func.vjp(lambda x: (), t.ones(2))",
    "vjp_returns_none": "t.func.vjp(lambda x: None, t.ones(2))",
    "vjp_integer_output": "t.func.vjp(lambda x: x.long(), t.ones(2))",
    "vjp_non_tensor_primal": "t.func.vjp(lambda x: x, 3.0)",
    "vjp_has_aux": """
out, fn, aux = t.func.vjp(lambda x: (x ** 2, x + 1), t.tensor([1., 2.]), has_aux=True)
out, fn(t.ones(2)), aux
""",
    "vjp_has_aux_not_a_tuple": "t.func.vjp(lambda x: x ** 2, t.ones(2), has_aux=True)",
    "vjp_called_twice": """
out, fn = t.func.vjp(t.exp, t.tensor([0., 1.]))
fn(t.ones(2)), fn(t.tensor([2., 3.]))
""",
    "vjp_cotangent_float64": """
out, fn = t.func.vjp(lambda x: x * 3, t.tensor([1., 2.]))
fn(t.ones(2, dtype=t.float64))
""",
    "vjp_primal_requires_grad": """
x = t.tensor([1., 2.], requires_grad=True)
out, fn = t.func.vjp(lambda a: a * a, x)
out
""",
    "vjp_cotangent_requires_grad": """
out, fn = t.func.vjp(lambda x: x * x, t.tensor([1., 2.]))
v = t.tensor([3., 4.], requires_grad=True)
(g,) = fn(v)
g.sum().backward()
g.requires_grad, v.grad
""",
    # --- jacrev ----------------------------------------------------------------------------------
    "jacrev_basic": "t.func.jacrev(lambda x: x ** 2)(t.tensor([1., 2., 3.]))",
    "jacrev_matrix_shapes": "t.func.jacrev(lambda a: a @ a.T)(t.arange(1., 7.).reshape(2, 3)).shape",
    "jacrev_linear_map": """
W = t.tensor([[1., 2., 3.], [4., 5., 6.]])
t.func.jacrev(lambda x: W @ x)(t.tensor([1., 1., 1.]))
""",
    "jacrev_argnums_tuple": "t.func.jacrev(lambda x, y: x * y, argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "jacrev_argnums_second": "t.func.jacrev(lambda x, y: x * y ** 2, argnums=1)(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "jacrev_tuple_output": "t.func.jacrev(lambda x: (x * 2, (x * x).sum()))(t.tensor([1., 2.]))",
    "jacrev_dict_input": "t.func.jacrev(lambda d: d['a'] * 3)({'a': t.tensor([1., 2.])})",
    "jacrev_has_aux": "t.func.jacrev(lambda x: (x ** 2, x + 1), has_aux=True)(t.tensor([1., 2.]))",
    "jacrev_returns_float": "t.func.jacrev(lambda x: 1.0)(t.ones(2))",
    "jacrev_chunk_size_zero": "t.func.jacrev(t.sin, chunk_size=0)",
    "jacrev_chunk_size_one": "t.func.jacrev(lambda x: x ** 2, chunk_size=1)(t.tensor([1., 2.]))",
    "jacrev_argnum_out_of_range": "t.func.jacrev(t.sin, argnums=2)(t.ones(2))",
    "jacrev_integer_input": "t.func.jacrev(t.sin)(t.arange(3))",
    "jacrev_scalar_in_scalar_out": "t.func.jacrev(lambda x: x ** 2)(t.tensor(3.))",
    "jacrev_scalar_output": "t.func.jacrev(lambda x: (x ** 2).sum())(t.tensor([1., 2.]))",
    "jacrev_unused_input": "t.func.jacrev(lambda x, y: x * 2, argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3.]))",
    "jacrev_float64": "t.func.jacrev(lambda x: x ** 2)(t.tensor([1., 2.], dtype=t.float64))",
    "jacrev_input_requires_grad": """
x = t.tensor([1., 2.], requires_grad=True)
J = t.func.jacrev(lambda a: a ** 3)(x)
J.sum().backward()
J.requires_grad, x.grad
""",
    "jacrev_of_grad": "t.func.jacrev(t.func.grad(lambda x: (x ** 3).sum()))(t.tensor([1., 2., 3.]))",
    "jacrev_of_jacrev": "t.func.jacrev(t.func.jacrev(lambda x: x ** 3))(t.tensor([1., 2.]))",
    "jacrev_wraps_the_function": "def f(x):\n    return x\nt.func.jacrev(f).__name__",
    # --- hessian ---------------------------------------------------------------------------------
    "hessian_scalar_function": "t.func.hessian(lambda x: (x ** 3).sum())(t.tensor([1., 2., 3.]))",
    "hessian_quadratic_form": """
A = t.tensor([[2., 1.], [1., 3.]])
t.func.hessian(lambda x: x @ A @ x)(t.tensor([1., 1.]))
""",
    "hessian_vector_function_shape": "t.func.hessian(lambda x: x ** 3)(t.tensor([1., 2., 3.])).shape",
    "hessian_argnums_tuple": "t.func.hessian(lambda x, y: (x * y * y).sum(), argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    # --- vmap: values and shapes ----------------------------------------------------------------
    "vmap_elementwise": "t.vmap(t.sin)(t.tensor([[0., 1.], [2., 3.]]))",
    "vmap_is_func_vmap": "t.vmap is t.func.vmap",
    "vmap_reduction": "t.func.vmap(lambda x: x.sum())(t.arange(6.).reshape(3, 2))",
    "vmap_dot_products": "t.func.vmap(t.dot)(t.arange(6.).reshape(3, 2), t.ones(3, 2))",
    "vmap_matrix_times_vectors": """
W = t.tensor([[1., 2.], [3., 4.], [5., 6.]])
t.func.vmap(lambda x: W @ x)(t.arange(4.).reshape(2, 2))
""",
    "vmap_in_dims_1": "t.func.vmap(lambda x: x * 2, in_dims=1)(t.arange(6.).reshape(2, 3))",
    "vmap_in_dims_negative": "t.func.vmap(lambda x: x.sum(), in_dims=-1)(t.arange(6.).reshape(2, 3))",
    "vmap_in_dims_none": "t.func.vmap(lambda x, y: x + y, in_dims=(0, None))(t.arange(6.).reshape(3, 2), t.tensor([10., 20.]))",
    "vmap_in_dims_nested": "t.func.vmap(lambda p: p[0] + p[1], in_dims=((0, None),))((t.arange(6.).reshape(3, 2), t.tensor([10., 20.])))",
    "vmap_in_dims_dict": "t.func.vmap(lambda d: d['a'] * 2, in_dims=({'a': 1},))({'a': t.arange(6.).reshape(2, 3)})",
    "vmap_in_dims_dict_order_is_the_prefix_order": """
x = t.ones(2, 3)
y = t.ones(3, 4)
t.func.vmap(lambda d: d['a'].sum() + d['b'].sum(), in_dims=({'b': 1, 'a': 0},))({'a': x, 'b': y})
""",
    "vmap_out_dims_1": "t.func.vmap(lambda x: x * 2, out_dims=1)(t.arange(6.).reshape(2, 3))",
    "vmap_out_dims_negative": "t.func.vmap(lambda x: x * 2, out_dims=-1)(t.arange(6.).reshape(2, 3))",
    "vmap_out_dims_tuple": "t.func.vmap(lambda x: (x, x.sum()), out_dims=(1, 0))(t.arange(6.).reshape(2, 3))",
    "vmap_out_dims_tuple_of_one": "t.func.vmap(t.sin, out_dims=(0,))(t.tensor([1., 2.]))",
    "vmap_out_dims_none_unbatched": "t.func.vmap(lambda x: t.ones(2), out_dims=None)(t.ones(3))",
    "vmap_out_dims_none_number": "t.func.vmap(lambda x: 1.0, out_dims=None)(t.ones(3))",
    "vmap_out_dims_none_in_tuple": "t.func.vmap(lambda x: (x * 2, 'label'), out_dims=(0, None))(t.tensor([1., 2.]))",
    "vmap_unbatched_output_expanded": "t.func.vmap(lambda x: t.ones(2))(t.ones(3))",
    "vmap_returns_list_and_dict": "t.func.vmap(lambda x: [x, {'s': x.sum()}])(t.arange(4.).reshape(2, 2))",
    "vmap_kwargs_not_mapped": "t.func.vmap(lambda x, scale=1.0: x * scale)(t.arange(4.).reshape(2, 2), scale=t.tensor([1., 10.]))",
    "vmap_integer_output": "t.func.vmap(lambda x: x.argmax())(t.tensor([[1., 3., 2.], [5., 4., 0.]]))",
    "vmap_bool_output": "t.func.vmap(lambda x: x > 1)(t.tensor([[1., 3.], [5., 0.]]))",
    "vmap_nested": "t.func.vmap(t.func.vmap(lambda x, y: x * y), in_dims=(0, None))(t.arange(6.).reshape(2, 3), t.tensor([1., 10., 100.]))",
    "vmap_nested_outer_products": "t.func.vmap(t.func.vmap(t.mul, in_dims=(None, 0)), in_dims=(0, None))(t.tensor([1., 2.]), t.tensor([3., 4., 5.]))",
    "vmap_returns_its_input": "x = t.ones(2, 3); t.func.vmap(lambda a: a)(x) is x",
    "vmap_in_place_on_input": """
x = t.ones(2, 3)
t.func.vmap(lambda a: a.add_(1))(x)
x
""",
    "vmap_in_place_on_batched_copy": "t.func.vmap(lambda a: a.clone().mul_(3))(t.arange(4.).reshape(2, 2))",
    "vmap_zeros_like_is_batched": "t.func.vmap(lambda a: t.zeros_like(a).add_(a))(t.arange(4.).reshape(2, 2))",
    "vmap_item_of_unbatched": "t.func.vmap(lambda a: a + t.tensor(2.).item())(t.tensor([1., 2.]))",
    "vmap_autograd_grad_of_unbatched": """
w = t.tensor([1., 2.], requires_grad=True)
t.func.vmap(lambda a: a * t.autograd.grad((w ** 2).sum(), w)[0])(t.ones(3, 2))
""",
    "vmap_input_requires_grad": """
x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = t.func.vmap(lambda a: (a ** 2).sum())(x)
y.sum().backward()
y.detach(), y.requires_grad, x.grad
""",
    "vmap_empty_batch": "t.func.vmap(t.sin)(t.ones(0, 3))",
    "vmap_empty_batch_reduction": "t.func.vmap(lambda x: x.sum(0))(t.ones(0, 3)).shape",
    "vmap_empty_batch_out_dims": "t.func.vmap(lambda x: x * 2, out_dims=1)(t.ones(0, 3)).shape",
    "vmap_chunk_size": "t.func.vmap(lambda x: x * 2, chunk_size=2)(t.arange(6.).reshape(3, 2))",
    "vmap_wraps_the_function": "def f(x):\n    return x\nt.func.vmap(f).__name__",
    # --- vmap: randomness ------------------------------------------------------------------------
    "vmap_random_refused": "t.func.vmap(lambda x: x + t.randn(2))(t.ones(3, 2))",
    "vmap_random_like_refused": "t.func.vmap(lambda x: t.rand_like(x))(t.ones(3, 2))",
    "vmap_dropout_refused": "t.func.vmap(lambda x: t.nn.functional.dropout(x, 0.5))(t.ones(3, 2))",
    "vmap_normal_refused": "t.func.vmap(lambda x: x.clone().normal_())(t.ones(3, 2))",
    "vmap_randomness_same": """
r = t.func.vmap(lambda x: t.rand(2), randomness='same')(t.ones(3))
r.shape, t.equal(r[0], r[1]), t.equal(r[1], r[2])
""",
    "vmap_randomness_same_like": """
r = t.func.vmap(lambda x: t.rand_like(x), randomness='same')(t.ones(3, 2))
r.shape, t.equal(r[0], r[2])
""",
    "vmap_randomness_different": """
r = t.func.vmap(lambda x: t.rand(2), randomness='different')(t.ones(3))
r.shape, t.equal(r[0], r[1]), t.equal(r[1], r[2])
""",
    "vmap_randomness_bad_value": "t.func.vmap(t.sin, randomness='sometimes')",
    # --- vmap: misuse ----------------------------------------------------------------------------
    "vmap_mapped_sizes_differ": "t.func.vmap(lambda a, b: a + b)(t.ones(3), t.ones(4))",
    "vmap_in_dim_out_of_range": "t.func.vmap(t.sin, in_dims=2)(t.ones(3, 2))",
    "vmap_in_dim_of_a_0d_tensor": "t.func.vmap(t.sin)(t.tensor(1.))",
    "vmap_in_dims_float": "t.func.vmap(t.sin, in_dims=1.0)(t.ones(3, 2))",
    "vmap_in_dims_list": "t.func.vmap(t.sin, in_dims=[0])(t.ones(3, 2))",
    "vmap_in_dims_string_entry": "t.func.vmap(t.sin, in_dims=('a',))(t.ones(3, 2))",
    "vmap_in_dims_too_short": "t.func.vmap(t.add, in_dims=(0,))(t.ones(3), t.ones(3))",
    "vmap_in_dims_dict_keys_differ": "t.func.vmap(lambda d: d['a'], in_dims=({'b': 1},))({'a': t.ones(2, 3)})",
    "vmap_nothing_mapped": "t.func.vmap(t.add, in_dims=(None, None))(t.ones(3), t.ones(3))",
    "vmap_in_dim_for_a_number": "t.func.vmap(lambda a, b: a * b, in_dims=(0, 0))(t.ones(3), 2.0)",
    "vmap_no_inputs": "t.func.vmap(lambda: t.ones(2))()",
    "vmap_partial_name_in_message": """
import functools
t.func.vmap(functools.partial(t.add, alpha=2), in_dims=3)(t.ones(2), t.ones(2))
""",
    "vmap_module_name_in_message": "t.func.vmap(t.nn.Linear(2, 2), in_dims=3)(t.ones(2, 2))",
    "vmap_out_dim_out_of_range": "t.func.vmap(t.sin, out_dims=3)(t.ones(3, 2))",
    "vmap_out_dims_tuple_too_long": "t.func.vmap(lambda a: (a, a), out_dims=(0, 0, 0))(t.ones(3, 2))",
    "vmap_out_dims_list": "t.func.vmap(t.sin, out_dims=[0])(t.ones(2))",
    "vmap_out_dims_float": "t.func.vmap(t.sin, out_dims=1.5)(t.ones(2))",
    "vmap_out_dims_none_batched": "t.func.vmap(t.sin, out_dims=None)(t.ones(3, 2))",
    "vmap_returns_float": "t.func.vmap(lambda a: 1.0)(t.ones(3))",
    "vmap_returns_none": "t.func.vmap(lambda a: None)(t.ones(3))",
    "vmap_returns_number_in_tuple": "t.func.vmap(lambda a: (a, 2))(t.ones(3))",
    "vmap_chunk_size_zero": "t.func.vmap(t.sin, chunk_size=0)",
    # --- vmap: what is refused inside -----------------------------------------------------------
    "vmap_item": "t.func.vmap(lambda a: a.sum().item())(t.ones(3, 2))",
    "vmap_float_of_tensor": "t.func.vmap(lambda a: float(a.sum()))(t.ones(3, 2))",
    "vmap_int_of_tensor": "t.func.vmap(lambda a: int(a))(t.ones(2, dtype=t.long))",
    "vmap_format_of_tensor": "t.func.vmap(lambda a: (f'{a}', a)[1])(t.ones(2))",
    "vmap_item_nested": "t.func.vmap(t.func.vmap(lambda a: a.item()))(t.ones(2, 3))",
    "vmap_item_of_detached": "t.func.vmap(lambda a: a.detach().item())(t.ones(2))",
    "vmap_item_of_argmax": "t.func.vmap(lambda a: a.argmax().item())(t.ones(2, 3))",
    "vmap_if_on_tensor": "t.func.vmap(lambda a: a if a.sum() > 0 else -a)(t.ones(3, 2))",
    "vmap_if_on_all": "t.func.vmap(lambda a: a if (a > 0).all() else -a)(t.ones(3, 2))",
    "vmap_if_on_isnan_any": "t.func.vmap(lambda a: a if not t.isnan(a).any() else -a)(t.ones(3, 2))",
    "vmap_tolist": "t.func.vmap(lambda a: t.tensor(a.tolist()))(t.ones(3, 2))",
    "vmap_numpy": "t.func.vmap(lambda a: a.numpy())(t.ones(3, 2))",
    "vmap_backward_inside": "t.func.vmap(lambda a: (a.sum().backward(), a)[1])(t.ones(2, 3))",
    "vmap_autograd_grad_of_batched": "t.func.vmap(lambda a: t.autograd.grad((a ** 2).sum(), a)[0])(t.ones(2, 3, requires_grad=True))",
    "vmap_in_place_mul_into_unbatched": "t.func.vmap(lambda a: t.ones(3).mul_(a))(t.ones(2, 3))",
    "vmap_in_place_add_into_unbatched": "t.func.vmap(lambda a: t.zeros(2).add_(a))(t.ones(3, 2))",
    "vmap_in_place_iadd_into_unbatched": "t.func.vmap(lambda a: t.ones(3).__iadd__(a))(t.ones(2, 3))",
    "vmap_in_place_sub_into_unbatched": "t.func.vmap(lambda a: t.ones(3).sub_(a))(t.ones(2, 3))",
    "vmap_in_place_div_into_unbatched": "t.func.vmap(lambda a: t.ones(3).div_(a))(t.ones(2, 3))",
    "vmap_in_place_copy_into_unbatched": "t.func.vmap(lambda a: t.ones(3).copy_(a))(t.ones(2, 3))",
    "vmap_in_place_fill_into_unbatched": "t.func.vmap(lambda a: t.ones(3).fill_(a.sum()))(t.ones(2, 3))",
    "vmap_in_place_clamp_into_unbatched": """
import warnings
with warnings.catch_warnings():
    warnings.simplefilter('ignore')  # torch warns that clamp_ has no batching rule of its own
    t.func.vmap(lambda a: t.ones(3).clamp_(a))(t.ones(2, 3))
""",
    "vmap_setitem_into_unbatched": "t.func.vmap(lambda a: (lambda z: (z.__setitem__(0, a[0]), z)[1])(t.zeros(3)))(t.ones(2, 3))",
    "vmap_in_place_nested_add": "t.func.vmap(t.func.vmap(lambda a: t.ones(3).add_(a)))(t.ones(4, 2, 3))",
    "vmap_in_place_nested_mul": "t.func.vmap(t.func.vmap(lambda a: t.ones(3).mul_(a)))(t.ones(4, 2, 3))",
    "vmap_in_place_outer_batched_inner_arg_add": "t.func.vmap(lambda b: t.func.vmap(lambda a: b.clone().add_(a))(t.ones(4, 3)))(t.ones(2, 3))",
    "vmap_in_place_add_number": "t.func.vmap(lambda a: t.ones(3).add_(2))(t.ones(2, 3))",
    # --- compositions ----------------------------------------------------------------------------
    "vmap_of_grad_per_sample": """
w = t.tensor([1., -1.])
loss = lambda w, x, y: ((x @ w - y) ** 2)
xs = t.tensor([[1., 2.], [3., 4.], [5., 6.]])
ys = t.tensor([1., 0., 2.])
t.func.vmap(t.func.grad(loss), in_dims=(None, 0, 0))(w, xs, ys)
""",
    "vmap_of_jacrev": "t.func.vmap(t.func.jacrev(lambda x: x ** 2))(t.tensor([[1., 2.], [3., 4.]]))",
    "vmap_of_hessian": "t.func.vmap(t.func.hessian(lambda x: (x ** 3).sum()))(t.tensor([[1., 2.], [3., 4.]]))",
    "vmap_of_vjp_is_the_jacobian": """
W = t.tensor([[1., 2., 3.], [4., 5., 6.]])
_, fn = t.func.vjp(lambda x: (W @ x).tanh(), t.tensor([0.1, 0.2, 0.3]))
(J,) = t.func.vmap(fn)(t.eye(2))
J
""",
    "grad_of_vmap": "t.func.grad(lambda x: t.func.vmap(lambda r: (r ** 2).sum())(x).sum())(t.tensor([[1., 2.], [3., 4.]]))",
    "jacrev_of_vmap": "t.func.jacrev(t.func.vmap(lambda r: r.sum()))(t.tensor([[1., 2.], [3., 4.]]))",
    "vmap_of_grad_input_requires_grad": """
x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
g = t.func.vmap(t.func.grad(lambda a: (a ** 3).sum()))(x)
g.sum().backward()
g.detach(), x.grad
""",
    # --- functional_call / stack_module_state ----------------------------------------------------
    "functional_call_replaces_parameters": _MODEL + """
params = {'fc.weight': t.ones(2, 3), 'fc.bias': t.zeros(2)}
out = t.func.functional_call(net, params, (t.tensor([1., 2., 3.]),))
out, net.fc.weight.sum(), type(net.fc.weight).__name__
""",
    "functional_call_single_argument": _MODEL + """
t.func.functional_call(net, {'scale': t.tensor(1.)}, t.tensor([1., 2., 3.]))
""",
    "functional_call_tuple_of_dicts": _MODEL + """
t.func.functional_call(net, ({'fc.bias': t.zeros(2)}, {'scale': t.tensor(1.)}), (t.tensor([1., 2., 3.]),))
""",
    "functional_call_kwargs": """
class Scaled(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = t.nn.Parameter(t.tensor(2.))
    def forward(self, x, power=1):
        return self.w * x ** power
t.func.functional_call(Scaled(), {'w': t.tensor(3.)}, (t.tensor([1., 2.]),), {'power': 2})
""",
    "functional_call_repeated_keys": _MODEL + "t.func.functional_call(net, ({'scale': t.tensor(1.)}, {'scale': t.tensor(2.)}), (t.ones(3),))",
    "functional_call_not_dicts": _MODEL + "t.func.functional_call(net, ({'scale': t.tensor(1.)}, 3), (t.ones(3),))",
    "functional_call_bad_type": _MODEL + "t.func.functional_call(net, 3, (t.ones(3),))",
    "functional_call_strict_missing_and_unexpected": _MODEL + "t.func.functional_call(net, {'fc.weight': t.ones(2, 3), 'extra': t.ones(1)}, (t.ones(3),), strict=True)",
    "functional_call_strict_complete": _MODEL + """
t.func.functional_call(net, {'fc.weight': t.ones(2, 3), 'fc.bias': t.ones(2), 'scale': t.tensor(1.)}, (t.ones(3),), strict=True)
""",
    "functional_call_non_tensor_value": _MODEL + "t.func.functional_call(net, {'scale': 2.0}, (t.ones(3),))",
    "functional_call_unknown_submodule": _MODEL + "t.func.functional_call(net, {'nope.weight': t.ones(1)}, (t.ones(3),))",
    "functional_call_restores_after_error": _MODEL + """
try:
    t.func.functional_call(net, {'fc.weight': t.ones(5, 5)}, (t.ones(3),))
except RuntimeError as error:
    pass
type(net.fc.weight).__name__, net.fc.weight.shape, net(t.ones(3))
""",
    "functional_call_tied_weights": """
class Tied(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = t.nn.Linear(2, 2, bias=False)
        self.b = t.nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight
    def forward(self, x):
        return self.b(self.a(x))
m = Tied()
x = t.tensor([1., 2.])
(t.func.functional_call(m, {'a.weight': t.eye(2) * 2}, (x,)),
 t.func.functional_call(m, {'a.weight': t.eye(2) * 2}, (x,), tie_weights=False).shape)
""",
    "functional_call_tied_weights_conflict": """
class Tied(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = t.nn.Linear(2, 2, bias=False)
        self.b = t.nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight
    def forward(self, x):
        return self.b(self.a(x))
t.func.functional_call(Tied(), {'a.weight': t.eye(2), 'b.weight': t.eye(2) * 2}, (t.ones(2),))
""",
    "grad_of_functional_call": _MODEL + """
params = {k: v.detach() for k, v in net.named_parameters()}
x = t.tensor([1., 2., 3.])
g = t.func.grad(lambda p: t.func.functional_call(net, p, (x,)).sum())(params)
g, net.fc.weight.grad
""",
    "per_sample_grads_with_functional_call": _MODEL + """
params = {k: v.detach() for k, v in net.named_parameters()}
buffers = {k: v.detach() for k, v in net.named_buffers()}
def loss(params, buffers, x, y):
    out = t.func.functional_call(net, (params, buffers), (x.unsqueeze(0),))
    return t.nn.functional.mse_loss(out, y.unsqueeze(0))
xs = t.tensor([[1., 2., 3.], [0., 1., 0.], [2., 0., 1.]])
ys = t.tensor([[0., 1.], [1., 0.], [2., 2.]])
grads = t.func.vmap(t.func.grad(loss), in_dims=(None, None, 0, 0))(params, buffers, xs, ys)
grads, net.fc.weight.grad
""",
    "stack_module_state": """
_ = t.manual_seed(0)
models = [t.nn.Linear(3, 2) for _ in range(4)]
params, buffers = t.func.stack_module_state(models)
sorted(params), params['weight'].shape, params['weight'].requires_grad, params['weight'].is_leaf, buffers
""",
    "stack_module_state_ensemble": """
_ = t.manual_seed(0)
models = [t.nn.Linear(3, 2) for _ in range(4)]
params, buffers = t.func.stack_module_state(models)
x = t.ones(5, 3)
out = t.func.vmap(lambda p, b, x: t.func.functional_call(models[0], (p, b), (x,)), in_dims=(0, 0, None))(params, buffers, x)
out.shape, t.allclose(out[2], models[2](x))
""",
    "stack_module_state_empty": "t.func.stack_module_state([])",
    "stack_module_state_mixed_classes": "t.func.stack_module_state([t.nn.Linear(1, 1), t.nn.ReLU()])",
    "stack_module_state_mixed_modes": "t.func.stack_module_state([t.nn.Linear(1, 1), t.nn.Linear(1, 1).eval()])",
}
