"""``torch.autograd.functional``: jacobian (reverse mode, vectorize, strategy="forward-mode"),
hessian (outer_jacobian_strategy), vjp, jvp (the double-backward trick), vhp, hvp; values, the
nesting of results (tuples, and lists for the forward-mode strategy), create_graph, strict mode and
torch's errors for bad vectors and arguments.

torch's forward-over-reverse Hessian (``outer_jacobian_strategy="forward-mode"``) returns blocks with
a grad_fn although ``create_graph=False``; ours are plain tensors, so those cases compare values."""

_SETUP = """
x = t.tensor([0.5, 1., 2.])
y = t.tensor([1., -1.])
f = lambda a: a.sin() * a
s = lambda a: (a.sin() * a ** 2).sum()
g = lambda a, b: (a[:2] * b.exp(), (a ** 2).sum() * b)
two = lambda a, b: (a.sum() * b ** 2).sum()
"""


def _case(code: str) -> str:
    return _SETUP + code


CASES = {name: _case(code) for name, code in {
    # --- jvp, vjp -------------------------------------------------------------------------------------
    "jvp": "t.autograd.functional.jvp(f, x, t.ones(3))",
    "jvp_tuples": "t.autograd.functional.jvp(g, (x, y), (t.ones(3), t.ones(2)))",
    "jvp_v_none_one_element": "t.autograd.functional.jvp(lambda a: a * 3, t.tensor([2.]))",
    "jvp_v_none_refused": "t.autograd.functional.jvp(f, x)",
    "jvp_v_wrong_size": "t.autograd.functional.jvp(f, x, t.ones(2))",
    "jvp_v_wrong_size_in_tuple": "t.autograd.functional.jvp(g, (x, y), (t.ones(3), t.ones(3)))",
    "jvp_v_wrong_length": "t.autograd.functional.jvp(g, (x, y), (t.ones(3),))",
    "jvp_v_tuple_for_one_input": "t.autograd.functional.jvp(f, x, (t.ones(3), t.ones(3)))",
    "jvp_v_not_tensor": "t.autograd.functional.jvp(f, x, 1.0)",
    "jvp_input_not_tensor": "t.autograd.functional.jvp(f, 1.0, x)",
    "jvp_output_not_tensor": "t.autograd.functional.jvp(lambda a: 1.0, x, x)",
    "jvp_independent_output_zeros": "t.autograd.functional.jvp(lambda a: t.ones(3), x, x)",
    "jvp_strict_independent": "t.autograd.functional.jvp(lambda a: t.ones(3), x, x, strict=True)",
    "jvp_strict_linear": "t.autograd.functional.jvp(lambda a: a * 2, x, x, strict=True)",
    "jvp_create_graph": """
out, product = t.autograd.functional.jvp(f, x, t.ones(3), create_graph=True)
out.requires_grad, product.requires_grad, product
""",
    "vjp": "t.autograd.functional.vjp(f, x, t.ones(3))",
    "vjp_v_wrong_size": "t.autograd.functional.vjp(f, x, t.ones(2))",
    "vjp_strict_independent": "t.autograd.functional.vjp(lambda a: t.ones(3), x, t.ones(3), strict=True)",
    "vjp_unused_input": "t.autograd.functional.vjp(lambda a, b: a * 2, (x, y), t.ones(3))",
    "vjp_unused_input_strict": "t.autograd.functional.vjp(lambda a, b: a * 2, (x, y), t.ones(3), strict=True)",
    # --- hvp, vhp -------------------------------------------------------------------------------------
    "hvp": "t.autograd.functional.hvp(s, x, t.tensor([1., 0., 2.]))",
    "vhp": "t.autograd.functional.vhp(s, x, t.tensor([1., 0., 2.]))",
    "hvp_tuples": "t.autograd.functional.hvp(two, (x, y), (t.ones(3), t.ones(2)))",
    "vhp_tuples": "t.autograd.functional.vhp(two, (x, y), (t.ones(3), t.ones(2)))",
    "hvp_vector_output": "t.autograd.functional.hvp(f, x, x)",
    "hvp_tuple_output": "t.autograd.functional.hvp(lambda a: (a.sum(), a.sum()), x, x)",
    "vhp_vector_output": "t.autograd.functional.vhp(f, x, x)",
    "hvp_v_none_refused": "t.autograd.functional.hvp(s, x)",
    "hvp_strict_linear": "t.autograd.functional.hvp(lambda a: a.sum() * 2, x, x, strict=True)",
    "hvp_strict_quadratic": "t.autograd.functional.hvp(lambda a: (a ** 2).sum(), x, x, strict=True)",
    "vhp_strict_linear": "t.autograd.functional.vhp(lambda a: a.sum() * 2, x, x, strict=True)",
    "vhp_strict_quadratic": "t.autograd.functional.vhp(lambda a: (a ** 2).sum(), x, x, strict=True)",
    # --- jacobian -------------------------------------------------------------------------------------
    "jacobian": "t.autograd.functional.jacobian(f, x)",
    "jacobian_vectorize": "t.autograd.functional.jacobian(f, x, vectorize=True)",
    "jacobian_tuples": "t.autograd.functional.jacobian(g, (x, y))",
    "jacobian_forward_mode": "t.autograd.functional.jacobian(f, x, vectorize=True, strategy='forward-mode')",
    "jacobian_forward_mode_tuples": "t.autograd.functional.jacobian(g, (x, y), vectorize=True, strategy='forward-mode')",
    "jacobian_forward_mode_unused_input": "t.autograd.functional.jacobian(lambda a, b: a * 2, (x, y), vectorize=True, strategy='forward-mode')",
    "jacobian_forward_mode_needs_vectorize": "t.autograd.functional.jacobian(f, x, strategy='forward-mode')",
    "jacobian_forward_mode_strict": "t.autograd.functional.jacobian(f, x, strict=True, strategy='forward-mode')",
    "jacobian_forward_mode_create_graph": "t.autograd.functional.jacobian(f, x, create_graph=True, strategy='forward-mode')",
    "jacobian_forward_mode_output_not_tensor": "t.autograd.functional.jacobian(lambda a: 2.0, x, vectorize=True, strategy='forward-mode')",
    "jacobian_unknown_strategy": "t.autograd.functional.jacobian(f, x, strategy='sideways')",
    "jacobian_vectorize_strict": "t.autograd.functional.jacobian(f, x, vectorize=True, strict=True)",
    "jacobian_strict_unused_input": "t.autograd.functional.jacobian(lambda a, b: a * 2, (x, y), strict=True)",
    "jacobian_create_graph": "t.autograd.functional.jacobian(f, x, create_graph=True)",
    # --- hessian --------------------------------------------------------------------------------------
    "hessian": "t.autograd.functional.hessian(s, x)",
    "hessian_tuples": "t.autograd.functional.hessian(two, (x, y))",
    "hessian_forward_over_reverse": """
h = t.autograd.functional.hessian(s, x, vectorize=True, outer_jacobian_strategy='forward-mode')
h.shape, t.allclose(h, t.autograd.functional.hessian(s, x))
""",
    "hessian_forward_over_reverse_tuples": """
h = t.autograd.functional.hessian(two, (x, y), vectorize=True, outer_jacobian_strategy='forward-mode')
r = t.autograd.functional.hessian(two, (x, y))
type(h).__name__, type(h[0]).__name__, [[t.allclose(a, b) for a, b in zip(p, q)] for p, q in zip(h, r)]
""",
    "hessian_forward_needs_vectorize": "t.autograd.functional.hessian(s, x, outer_jacobian_strategy='forward-mode')",
    "hessian_unknown_strategy": "t.autograd.functional.hessian(s, x, outer_jacobian_strategy='x')",
    "hessian_vector_output": "t.autograd.functional.hessian(f, x)",
    "hessian_tuple_output": "t.autograd.functional.hessian(lambda a: (a.sum(),), x)",
    "hessian_strict_linear": "t.autograd.functional.hessian(lambda a: a.sum() * 2, x, strict=True)",
    "hessian_create_graph": "t.autograd.functional.hessian(s, x.clone().requires_grad_(), create_graph=True).requires_grad",
}.items()}
