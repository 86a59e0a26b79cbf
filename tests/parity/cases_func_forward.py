"""``torch.func``'s forward-mode transforms: jvp, jacfwd, hessian (jacfwd of jacrev), linearize;
their compositions with vmap, grad and jacrev; and the errors for misuse (structure and shape of the
tangents, argnums, has_aux, strict, non-tensor outputs, randomness). Inputs are chosen so that no
Jacobian entry is a signed zero (printed -0.). torch's ``linearize`` traces with torch.fx, which
warns about its own graph; the linearize cases silence that warning (it names fx internals).

Not a case: ``jacfwd(f, argnums=-1)``. torch 2.13 normalizes a negative argnum for slicing the
primals but compares the unnormalized one when putting the duals in place, so no input gets a
tangent and its Jacobian is zeros; ours is the Jacobian w.r.t. the last argument, as for jacrev."""

_QUIET_FX = """
import warnings
warnings.filterwarnings("ignore", message="Attempted to insert a get_attr Node")
"""

CASES = {
    # --- jvp ----------------------------------------------------------------------------------------
    "jvp_basic": "t.func.jvp(lambda a: a.sin() * a, (t.tensor([0.5, 1., 2.]),), (t.tensor([1., 2., 3.]),))",
    "jvp_two_inputs": """
f = lambda a, b: a * b + b ** 2
t.func.jvp(f, (t.tensor([1., 2.]), t.tensor([3., 4.])), (t.tensor([1., 1.]), t.tensor([0.5, 2.])))
""",
    "jvp_scalar_to_vector": "t.func.jvp(lambda s: s * t.tensor([1., 2., 3.]), (t.tensor(2.),), (t.tensor(1.),))",
    "jvp_matmul_tanh": """
W = t.tensor([[1., 2., 3.], [-1., 0.5, 2.]])
t.func.jvp(lambda x: t.tanh(W @ x), (t.tensor([0.1, 0.2, 0.3]),), (t.tensor([1., 0., 2.]),))
""",
    "jvp_tuple_output": "t.func.jvp(lambda a: (a * 2, a.exp()), (t.tensor([0.5, 1.]),), (t.tensor([1., 3.]),))",
    "jvp_dict_primal": """
f = lambda d: d['w'] * d['b']
t.func.jvp(f, ({'w': t.tensor([1., 2.]), 'b': t.tensor([3., 4.])},), ({'w': t.tensor([1., 0.]), 'b': t.tensor([0., 1.])},))
""",
    "jvp_float64": "t.func.jvp(lambda a: a ** 3, (t.tensor([1., 2.], dtype=t.float64),), (t.tensor([1., 1.], dtype=t.float64),))",
    "jvp_tangent_float64_primal_float32": "t.func.jvp(lambda a: a * 2, (t.tensor([1., 2.]),), (t.tensor([1., 1.], dtype=t.float64),))",
    "jvp_independent_output_zeros": "t.func.jvp(lambda a: t.tensor([1., 2.]) * 2, (t.tensor([1., 2.]),), (t.tensor([1., 1.]),))",
    "jvp_has_aux": "t.func.jvp(lambda a: (a * 2, {'k': a + 1}), (t.tensor([1., 2.]),), (t.tensor([1., 1.]),), has_aux=True)",
    "jvp_outputs_plain": """
out, tangent = t.func.jvp(lambda a: a.exp(), (t.tensor([0., 1.]),), (t.tensor([1., 1.]),))
out.requires_grad, tangent.requires_grad, out.grad_fn, tangent.grad_fn
""",
    "jvp_primal_requires_grad_stays_connected": """
x = t.tensor([1., 2.], requires_grad=True)
out, tangent = t.func.jvp(lambda a: a * a, (x,), (t.tensor([1., 1.]),))
out.sum().backward()
out.requires_grad, out.grad_fn.name(), tangent.requires_grad, x.grad
""",
    "jvp_primals_not_tuple": "t.func.jvp(lambda a: a, t.ones(2), (t.ones(2),))",
    "jvp_structure_mismatch": "t.func.jvp(lambda a, b: a * b, (t.ones(2), t.ones(2)), (t.ones(2),))",
    "jvp_structure_mismatch_nested": "t.func.jvp(lambda d: d['a'], ({'a': t.ones(2)},), ([t.ones(2)],))",
    "jvp_tangent_shape_mismatch": "t.func.jvp(lambda a: a, (t.ones(3),), (t.ones(2),))",
    "jvp_tangent_integer": "t.func.jvp(lambda a: a, (t.ones(3),), (t.ones(3, dtype=t.int64),))",
    "jvp_primal_integer": "t.func.jvp(lambda a: a, (t.arange(3),), (t.ones(3),))",
    "jvp_primal_not_tensor": "t.func.jvp(lambda a: a, (2.0,), (t.ones(2),))",
    "jvp_tangent_not_tensor": "t.func.jvp(lambda a: a, (t.ones(2),), (2.0,))",
    "jvp_no_primals": "t.func.jvp(lambda: t.ones(2), (), ())",
    "jvp_strict_independent": "t.func.jvp(lambda a: t.ones(2) * 2, (t.ones(2),), (t.ones(2),), strict=True)",
    "jvp_returns_float": "t.func.jvp(lambda a: 2.0, (t.ones(2),), (t.ones(2),))",
    "jvp_returns_none": "t.func.jvp(lambda a: None, (t.ones(2),), (t.ones(2),))",
    "jvp_returns_empty_tuple": "t.func.jvp(lambda a: (), (t.ones(2),), (t.ones(2),))",
    "jvp_has_aux_not_tuple": "t.func.jvp(lambda a: a, (t.ones(2),), (t.ones(2),), has_aux=True)",
    "jvp_has_aux_number": "t.func.jvp(lambda a: (a, 1.0), (t.ones(2),), (t.ones(2),), has_aux=True)",
    # --- compositions -------------------------------------------------------------------------------
    "jvp_of_grad_is_hvp": """
f = lambda a: (a.sin() * a ** 2).sum()
t.func.jvp(t.func.grad(f), (t.tensor([0.5, 1., 2.]),), (t.tensor([1., -1., 0.5]),))
""",
    "jvp_of_grad_matches_vjp_of_grad": """
f = lambda a: (a.exp() * a).sum()
x, v = t.tensor([0.5, 1., 2.], dtype=t.float64), t.tensor([1., -1., 0.5], dtype=t.float64)
forward = t.func.jvp(t.func.grad(f), (x,), (v,))[1]
_, vjp_fn = t.func.vjp(t.func.grad(f), x)
t.allclose(forward, vjp_fn(v)[0])
""",
    "vmap_of_jvp": """
f = lambda a: (a * a).sin()
t.func.vmap(lambda x, v: t.func.jvp(f, (x,), (v,)))(t.tensor([[0.5, 1.], [2., 3.]]), t.tensor([[1., 0.], [0., 1.]]))
""",
    "jvp_of_vmap": """
t.func.jvp(t.func.vmap(lambda r: (r ** 2).sum()), (t.tensor([[1., 2.], [3., 4.]]),), (t.tensor([[1., 1.], [0., 2.]]),))
""",
    "jvp_inside_jvp": """
def inner(a):
    return t.func.jvp(lambda b: b ** 3, (a,), (t.ones(2),))[1]
t.func.jvp(inner, (t.tensor([1., 2.]),), (t.tensor([1., 1.]),))
""",
    "grad_of_jvp": """
t.func.grad(lambda a: t.func.jvp(lambda b: b.sin(), (a,), (t.ones(3),))[1].sum())(t.tensor([0.5, 1., 2.]))
""",
    # --- jacfwd -------------------------------------------------------------------------------------
    "jacfwd_basic": "t.func.jacfwd(lambda a: a.sin() * a)(t.tensor([0.5, 1., 2.]))",
    "jacfwd_matches_jacrev": """
W = t.tensor([[1., 2., 3.], [-1., 0.5, 2.]])
f = lambda x: t.tanh(W @ x)
x = t.tensor([0.1, 0.2, 0.3])
t.func.jacfwd(f)(x), t.allclose(t.func.jacfwd(f)(x), t.func.jacrev(f)(x))
""",
    "jacfwd_argnums_1": "t.func.jacfwd(lambda a, b: a * b ** 2, argnums=1)(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "jacfwd_argnums_tuple": "t.func.jacfwd(lambda a, b: a * b ** 2, argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "jacfwd_scalar_input": "t.func.jacfwd(lambda s: s * t.tensor([1., 2., 3.]))(t.tensor(2.))",
    "jacfwd_scalar_output": "t.func.jacfwd(lambda a: (a ** 2).sum())(t.tensor([1., 2., 3.]))",
    "jacfwd_matrix_input": "t.func.jacfwd(lambda m: m.sum(0) * 2)(t.tensor([[1., 2.], [3., 4.]])).shape",
    "jacfwd_tuple_output": "t.func.jacfwd(lambda a: (a * 2, a.sum()))(t.tensor([1., 2.]))",
    "jacfwd_dict_input": "t.func.jacfwd(lambda d: d['w'] * d['b'])({'w': t.tensor([1., 2.]), 'b': t.tensor([3., 4.])})",
    "jacfwd_has_aux": "t.func.jacfwd(lambda a: (a.exp(), a.cos()), has_aux=True)(t.tensor([0.5, 1.]))",
    "jacfwd_float64": "t.func.jacfwd(lambda a: a ** 3)(t.tensor([1., 2.], dtype=t.float64))",
    "jacfwd_integer_output": "t.func.jacfwd(lambda a: (a > 1).long())(t.tensor([1., 2.]))",
    "jacfwd_of_jacfwd": "t.func.jacfwd(t.func.jacfwd(lambda a: (a ** 3).sum()))(t.tensor([1., 2., 3.]))",
    "jacfwd_of_jacrev": "t.func.jacfwd(t.func.jacrev(lambda a: (a.sin() * a).sum()))(t.tensor([0.5, 1.]))",
    "jacrev_of_jacfwd": "t.func.jacrev(t.func.jacfwd(lambda a: (a.sin() * a).sum()))(t.tensor([0.5, 1.]))",
    "vmap_of_jacfwd": "t.func.vmap(t.func.jacfwd(lambda a: a.sin() * 2))(t.tensor([[0.5, 1.], [0.2, 1.5]]))",
    "jacfwd_argnums_out_of_range": "t.func.jacfwd(lambda a: a, argnums=1)(t.ones(2))",
    "jacfwd_argnums_float": "t.func.jacfwd(lambda a: a, argnums=1.0)(t.ones(2))",
    "jacfwd_argnums_repeated": "t.func.jacfwd(lambda a, b: a * b, argnums=(0, 0))(t.ones(2), t.ones(2))",
    "jacfwd_no_arguments": "t.func.jacfwd(lambda: t.ones(2))()",
    "jacfwd_integer_input": "t.func.jacfwd(lambda a: a * 2)(t.arange(3))",
    "jacfwd_returns_float": "t.func.jacfwd(lambda a: 2.0)(t.ones(2))",
    "jacfwd_has_aux_not_tuple": "t.func.jacfwd(lambda a: a.sin(), has_aux=True)(t.ones(2))",
    "jacfwd_randomness_error": "t.func.jacfwd(lambda a: a * t.rand(2))(t.ones(2))",
    "jacfwd_randomness_same": """
_ = t.manual_seed(0)
J = t.func.jacfwd(lambda a: a * t.rand(()), randomness='same')(t.ones(3))
t.allclose(J, J[0, 0] * t.eye(3))
""",
    # --- hessian ------------------------------------------------------------------------------------
    "hessian_basic": "t.func.hessian(lambda a: (a.sin() * a ** 2).sum())(t.tensor([0.5, 1., 2.]))",
    "hessian_argnums": "t.func.hessian(lambda a, b: (a * b ** 3).sum(), argnums=1)(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "hessian_argnums_tuple": "t.func.hessian(lambda a, b: (a ** 2 * b).sum(), argnums=(0, 1))(t.tensor([1., 2.]), t.tensor([3., 4.]))",
    "hessian_vector_output": "t.func.hessian(lambda a: a ** 3)(t.tensor([1., 2.]))",
    "hessian_matches_jacrev_jacrev": """
f = lambda a: (a.exp() * a.sin()).sum()
x = t.tensor([0.5, 1., 2.], dtype=t.float64)
t.allclose(t.func.hessian(f)(x), t.func.jacrev(t.func.jacrev(f))(x))
""",
    "vmap_of_hessian": "t.func.vmap(t.func.hessian(lambda a: (a ** 3).sum()))(t.tensor([[1., 2.], [3., 4.]]))",
    # --- linearize ----------------------------------------------------------------------------------
    "linearize_basic": _QUIET_FX + """
out, jvp_fn = t.func.linearize(lambda a: a.sin() * a, t.tensor([0.5, 1., 2.]))
out, jvp_fn(t.tensor([1., 0., 1.])), jvp_fn(t.tensor([0., 1., 0.]))
""",
    "linearize_two_primals": _QUIET_FX + """
out, jvp_fn = t.func.linearize(lambda a, b: a * b, t.tensor([1., 2.]), t.tensor([3., 4.]))
jvp_fn(t.tensor([1., 1.]), t.tensor([0., 1.]))
""",
    "linearize_shape_mismatch": _QUIET_FX + "t.func.linearize(lambda a: a.sin(), t.ones(3))[1](t.ones(2))",
    "linearize_dtype_mismatch": _QUIET_FX + "t.func.linearize(lambda a: a.sin(), t.ones(3))[1](t.ones(3, dtype=t.float64))",
    "linearize_structure_mismatch": _QUIET_FX + "t.func.linearize(lambda a: a.sin(), t.ones(3))[1](t.ones(3), t.ones(3))",
}
