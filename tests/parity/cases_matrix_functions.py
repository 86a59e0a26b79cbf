"""``torch.matrix_exp`` / ``linalg.matrix_exp`` / ``Tensor.matrix_exp``: values, gradients (first
and second), tangents, batches, empty and non-finite matrices, and the argument errors."""

_A = "a = t.tensor([[0.3, -1.2, 0.5], [0.8, 0.1, -0.4], [-0.6, 0.9, 0.2]], dtype=t.float64)\n"

CASES = {
    "matrix_exp_values": _A + "t.matrix_exp(a), t.linalg.matrix_exp(a.float()), a.matrix_exp()",
    "matrix_exp_gradient": _A + """
x = a.clone().requires_grad_()
y = t.linalg.matrix_exp(x)
(y * y.sin()).sum().backward()
y.grad_fn, x.grad
""",
    "matrix_exp_second_derivative": _A + """
x = a.clone().requires_grad_()
(g,) = t.autograd.grad(t.matrix_exp(x).sum(), x, create_graph=True)
g, t.autograd.grad(g.pow(2).sum(), x)
""",
    "matrix_exp_tangent": _A + """
fw = t.autograd.forward_ad
with fw.dual_level():
    y = t.matrix_exp(fw.make_dual(a, t.ones(3, 3, dtype=t.float64)))
    tangent = fw.unpack_dual(y).tangent
tangent
""",
    "matrix_exp_batch": _A + "t.matrix_exp(t.stack([a, -a, a.T]))",
    "matrix_exp_skew_is_orthogonal": _A + """
q = t.matrix_exp(a - a.T)
t.dist(q.T @ q, t.eye(3, dtype=t.float64)) < 1e-12
""",
    "matrix_exp_empty": "t.matrix_exp(t.zeros(0, 0)), t.matrix_exp(t.zeros(2, 0, 0)).shape",
    "matrix_exp_not_finite": "t.matrix_exp(t.tensor([[float('inf'), 0.0], [0.0, 1.0]]))",
    "matrix_exp_not_square": "t.matrix_exp(t.ones(2, 3))",
    "matrix_exp_integer": "t.matrix_exp(t.ones(2, 2, dtype=t.long))",
    "matrix_exp_vector": "t.linalg.matrix_exp(t.ones(3))",
}
