"""``torch.cdist`` against torch 2.x: every p (0, fractional, 1, 2, other, inf), gradients with torch's
choices at zero distances, zero differences and ties, batch broadcasting, the matrix-product path
torch takes for p = 2 with more than 25 rows (``ViewBackward0`` over ``EuclideanDistBackward0``) and
``compute_mode``, the missing second derivative and forward rule, and the errors."""

# rows with a zero distance (x2[1] == x1[0]) and zero differences (x2[2] shares two columns with x1[1])
PAIRS = """
x1 = t.tensor([[0.5, -1.0, 2.0, 0.0], [1.5, 0.25, -0.5, 1.0], [-2.0, 0.75, 1.0, -1.5]], dtype=t.float64,
              requires_grad=True)
x2 = t.tensor([[1.0, 1.0, -1.0, 0.5], [0.5, -1.0, 2.0, 0.0], [1.5, 0.25, 3.0, -2.0],
               [0.0, -0.5, 0.5, 2.0], [-1.0, 2.0, 0.0, 1.0]], dtype=t.float64, requires_grad=True)
"""
# more than 25 rows: torch's matrix-product path for p = 2 (in float64: float32 sums of this many
# terms round differently here and in torch; tests/test_cdist.py compares them within tolerances)
MANY = """
x1 = (t.arange(60., dtype=t.float64).reshape(30, 2) * 0.37).sin().requires_grad_()
x2 = (t.arange(8., dtype=t.float64).reshape(4, 2) * 1.3).cos().requires_grad_()
"""


def graded(setup: str, expr: str) -> str:
    """``out = expr`` backpropagated with distinct weights: the output, its node chain (names, two
    levels) and both inputs' gradients."""
    return f"""
{setup}
out = {expr}
w = t.arange(1., out.numel() + 1.).reshape(out.shape).to(out.dtype)
(out * w).sum().backward()
chain = [out.grad_fn.name()] + [f.name() for f, _ in out.grad_fn.next_functions if f is not None]
out, chain, x1.grad, x2.grad
"""


P_VALUES = {"p0": "0.0", "p_half": "0.5", "p1": "1.0", "p1_5": "1.5", "p2": "2.0", "p3": "3.0",
            "p_inf": "float('inf')"}

CASES = {
    **{f"cdist_{name}": graded(PAIRS, f"t.cdist(x1, x2, {p})") for name, p in P_VALUES.items()},
    **{f"cdist_{name}_float32": graded(PAIRS.replace("t.float64", "t.float32"), f"t.cdist(x1, x2, {p})")
       for name, p in P_VALUES.items()},
    "default_p": graded(PAIRS, "t.cdist(x1, x2)"),
    "int_p_and_tensor_p": "a = t.ones(2, 3); b = t.zeros(1, 3)\nt.cdist(a, b, 1), t.cdist(a, b, t.tensor(3.0))",
    "inf_ties": """
x1 = t.tensor([[0.0, 0.0], [1.0, 1.0]], requires_grad=True)
x2 = t.tensor([[1.0, -1.0], [2.0, 1.0], [1.0, 1.0]], requires_grad=True)
out = t.cdist(x1, x2, float('inf'))
out.sum().backward()
out, x1.grad, x2.grad
""",
    "batch_broadcast": graded(
        "x1 = t.arange(24.).reshape(2, 1, 3, 4).sin().requires_grad_()\n"
        "x2 = t.arange(60.).reshape(3, 5, 4).cos().requires_grad_()", "t.cdist(x1, x2, 1.0)"),
    "batch_matrix_against_batch": graded(
        "x1 = t.arange(6., dtype=t.float64).reshape(3, 2).sin().requires_grad_()\n"
        "x2 = t.arange(16., dtype=t.float64).reshape(2, 4, 2).cos().requires_grad_()", "t.cdist(x1, x2)"),
    "many_rows_matrix_product": graded(MANY, "t.cdist(x1, x2)"),
    "many_rows_batch": graded(
        "x1 = (t.arange(120., dtype=t.float64).reshape(2, 30, 2) * 0.37).sin().requires_grad_()\n"
        "x2 = (t.arange(8., dtype=t.float64).reshape(1, 4, 2) * 1.3).cos().requires_grad_()", "t.cdist(x1, x2)"),
    "many_rows_other_p": graded(MANY, "t.cdist(x1, x2, 1.0)"),
    "compute_modes": graded(PAIRS, "t.stack([t.cdist(x1, x2, compute_mode='use_mm_for_euclid_dist'), "
                                   "t.cdist(x1, x2, compute_mode='donot_use_mm_for_euclid_dist')])"),
    "no_matrix_product_for_many_rows": graded(
        MANY, "t.cdist(x1, x2, compute_mode='donot_use_mm_for_euclid_dist')"),
    "k_nearest_neighbours": """
# a k-NN lookup, as teaching code writes it
points = (t.arange(80.).reshape(40, 2) * 0.61).sin()
queries = t.tensor([[0.0, 0.0], [0.5, -0.5], [-0.9, 0.9]])
distances = t.cdist(queries, points)
distances.topk(3, largest=False)
""",
    "rbf_kernel": """
x = t.linspace(-1, 1, 5).reshape(5, 1).requires_grad_()
kernel = t.exp(-t.cdist(x, x) ** 2 / 0.5)
kernel.sum().backward()
kernel, x.grad
""",
    "empty": """
a = t.ones(0, 2, requires_grad=True)
out = t.cdist(a, t.ones(3, 2))
out, out.grad_fn, t.cdist(t.ones(2, 0), t.ones(3, 0), float('inf')), t.cdist(t.ones(0, 2, 2), t.ones(3, 2)).shape
""",
    "nan": "[t.cdist(t.tensor([[float('nan'), 1.0]]), t.tensor([[0.0, 1.0]]), p) for p in (0.0, 1.0, 2.0, float('inf'), 3.0)]",
    "second_derivative_error": """
x1 = t.tensor([[0.5, 1.0], [2.0, -1.0]], requires_grad=True)
(g,) = t.autograd.grad(t.cdist(x1, t.ones(3, 2)).sum(), x1, create_graph=True)
g.grad_fn
g.sum().backward()
""",
    "second_derivative_node": """
x1 = t.tensor([[0.5, 1.0], [2.0, -1.0]], requires_grad=True)
(g,) = t.autograd.grad(t.cdist(x1, t.ones(3, 2)).sum(), x1, create_graph=True)
g.grad_fn, g.requires_grad
""",
    "matrix_product_second_derivative": """
x1 = (t.arange(60., dtype=t.float64).reshape(30, 2) * 0.37).sin().requires_grad_()
x2 = t.tensor([[0.5, 1.0], [2.0, -1.0]], dtype=t.float64)
(g,) = t.autograd.grad(t.cdist(x1, x2).sum(), x1, create_graph=True)
g.sum().backward()
g[:3], x1.grad[:3]
""",
    "forward_mode_error": """
fw = t.autograd.forward_ad
with fw.dual_level():
    t.cdist(fw.make_dual(t.ones(2, 2), t.ones(2, 2)), t.zeros(3, 2))
""",
    "forward_mode_matrix_product_error": """
fw = t.autograd.forward_ad
with fw.dual_level():
    t.cdist(fw.make_dual(t.ones(30, 2), t.ones(30, 2)), t.zeros(3, 2))
""",
    "columns_error": "t.cdist(t.ones(3, 2), t.ones(4, 3))",
    "negative_p_error": "t.cdist(t.ones(3, 2), t.ones(4, 2), -1.0)",
    "nan_p_error": "t.cdist(t.ones(3, 2), t.ones(4, 2), float('nan'))",
    "one_dim_error": "t.cdist(t.ones(2), t.ones(4, 2))",
    "one_dim_x2_error": "t.cdist(t.ones(2, 2, dtype=t.long), t.ones(2))",
    "integer_error": "t.cdist(t.tensor([[1, 2]]), t.tensor([[1, 2]]))",
    "integer_x2_error": "t.cdist(t.ones(1, 2), t.tensor([[1, 2]]))",
    "bool_error": "t.cdist(t.ones(1, 2, dtype=t.bool), t.ones(2, 2))",
    "dtype_mismatch_error": "t.cdist(t.ones(1, 2), t.ones(2, 2, dtype=t.float64))",
    "dtype_mismatch_p1_error": "t.cdist(t.ones(1, 2, dtype=t.float64), t.ones(2, 2), 1.0)",
    "dtype_mismatch_many_rows_error": "t.cdist(t.ones(30, 2), t.ones(2, 2, dtype=t.float64))",
    "half_error": "t.cdist(t.ones(1, 2, dtype=t.float16), t.ones(2, 2, dtype=t.float16))",
    "half_many_rows": "t.cdist(t.ones(30, 2, dtype=t.float16), t.zeros(2, 2, dtype=t.float16))[:2]",
    "batch_error": "t.cdist(t.ones(2, 1, 2), t.ones(3, 2, 2))",
    "compute_mode_error": "t.cdist(t.ones(1, 2), t.ones(2, 2), compute_mode='fast')",
    "compute_mode_none_error": "t.cdist(t.ones(1, 2), t.ones(2, 2), compute_mode=None)",
    "x2_list_error": "t.cdist(t.ones(2, 2), [[1.0, 2.0]])",
    "x1_none_error": "t.cdist(None, t.ones(2, 2))",
    "p_str_error": "t.cdist(t.ones(2, 2), t.ones(2, 2), 'a')",
    "keywords": "t.cdist(x1=t.ones(1, 2), x2=t.zeros(2, 2), p=1.0)",
}
