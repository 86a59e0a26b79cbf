"""Matrix products (issue: the op library): matmul/@ for every rank combination, mm, bmm, mv, dot,
outer — values, gradients, grad_fn names and next_functions (matmul's graph is torch's
decomposition), dtype rules and errors with both shapes named — checked against torch 2.x."""


def operand(name: str, *shape: int, grad: bool = True) -> str:
    """A tensor of distinct small values with the given shape."""
    count = 1
    for n in shape:
        count *= n
    dims = ", ".join(str(n) for n in shape)
    text = f"{name} = ((t.arange({count}.) - {count // 2}) / {max(count, 2)}).reshape({dims})"
    return text + (".requires_grad_()" if grad else "")


def product(a: tuple, b: tuple, expr: str = "a @ b", grad_a: bool = True,
            grad_b: bool = True) -> str:
    """``expr`` of operands with shapes ``a`` and ``b``: the result, its node (name and
    next_functions), the node below it, and both gradients of a weighted sum."""
    return f"""
{operand("a", *a, grad=grad_a)}
{operand("b", *b, grad=grad_b)}
y = {expr}
w = t.arange(1., y.numel() + 1.).reshape(y.shape)
(y * w).sum().backward()
below = [n for n, _ in y.grad_fn.next_functions if n is not None]
y, y.grad_fn, below[0] if below else None, a.grad, b.grad
"""


CASES = {
    # --- matmul: every rank combination, torch's graph ---------------------------------------------
    "matmul_1d_1d": product((3,), (3,)),
    "matmul_2d_2d": product((2, 3), (3, 4)),
    "matmul_2d_1d": product((2, 3), (3,)),
    "matmul_1d_2d": product((3,), (3, 4)),
    "matmul_3d_3d": product((5, 2, 3), (5, 3, 4)),
    "matmul_3d_2d": product((5, 2, 3), (3, 4)),
    "matmul_3d_2d_no_grad_rhs": product((5, 2, 3), (3, 4), grad_b=False),
    "matmul_3d_2d_no_grad_lhs": product((5, 2, 3), (3, 4), grad_a=False),
    "matmul_3d_1d": product((5, 2, 3), (3,)),
    "matmul_1d_3d": product((3,), (5, 3, 4)),
    "matmul_2d_3d": product((2, 3), (5, 3, 4)),
    "matmul_2d_3d_no_grad_lhs": product((2, 3), (5, 3, 4), grad_a=False),
    "matmul_4d_2d": product((2, 5, 2, 3), (3, 4)),
    "matmul_4d_3d_broadcast": product((2, 1, 2, 3), (5, 3, 4)),
    "matmul_4d_4d_broadcast": product((2, 1, 2, 3), (1, 5, 3, 4)),
    "matmul_3d_batch_of_one_rhs": product((5, 2, 3), (1, 3, 4)),
    "matmul_3d_batch_of_one_rhs_no_grad": product((5, 2, 3), (1, 3, 4), grad_b=False),
    "matmul_3d_batch_of_one_lhs": product((1, 2, 3), (5, 3, 4)),
    "matmul_3d_both_batch_of_one": product((1, 2, 3), (1, 3, 4)),
    "matmul_4d_expanded_rhs": product((2, 2, 2, 3), (1, 1, 3, 4)),
    "matmul_1d_3d_batch_of_one": product((3,), (1, 3, 4)),
    "matmul_batch_of_one_shape_error": "t.ones(1, 3, 4, requires_grad=True) @ t.ones(2, 2, 3)",
    "matmul_transposed_lhs_folds_with_copy": """
a = (t.arange(30.).reshape(5, 3, 2) / 30).requires_grad_()
b = (t.arange(12.).reshape(3, 4) / 12).requires_grad_()
y = a.transpose(1, 2) @ b
y.sum().backward()
y, y.grad_fn.next_functions[0][0].next_functions, a.grad, b.grad
""",
    "matmul_method_and_function": "a = t.arange(6.).reshape(2, 3); b = t.arange(3.); a.matmul(b), t.matmul(a, b)",
    "matmul_empty_inner": "t.ones(3, 0) @ t.ones(0, 2)",
    "matmul_empty_outer": "x = t.ones(0, 3, requires_grad=True); y = x @ t.ones(3, 2); y.sum().backward(); y, x.grad",
    "matmul_integers": "t.arange(6).reshape(2, 3) @ t.arange(3)",
    "matmul_float64": "t.arange(4., dtype=t.float64).reshape(2, 2) @ t.ones(2, 2, dtype=t.float64)",
    "matmul_0d_error": "t.tensor(1.) @ t.ones(3)",
    "matmul_shape_error_2d": "t.ones(2, 3) @ t.ones(2, 3)",
    "matmul_shape_error_1d_2d": "t.ones(3) @ t.ones(2, 4)",
    "matmul_shape_error_1d": "t.ones(3) @ t.ones(4)",
    "matmul_shape_error_2d_1d": "t.ones(2, 3) @ t.ones(4)",
    "matmul_shape_error_folded": "t.ones(5, 2, 3) @ t.ones(4, 5)",
    "matmul_shape_error_batched": "t.ones(5, 2, 3) @ t.ones(5, 4, 5)",
    "matmul_batch_broadcast_error": "t.ones(5, 2, 3) @ t.ones(4, 3, 4)",
    "matmul_dtype_error_mm": "t.ones(2, 3) @ t.ones(3, 2, dtype=t.float64)",
    "matmul_dtype_error_dot": "t.ones(3) @ t.ones(3, dtype=t.float64)",
    "matmul_dtype_error_mv": "t.ones(2, 3) @ t.ones(3, dtype=t.float64)",
    "matmul_dtype_error_bmm": "t.ones(5, 2, 3) @ t.ones(5, 3, 4, dtype=t.float64)",
    "matmul_operator_number": "t.ones(2, 3) @ 3",
    "matmul_operator_number_left": "3 @ t.ones(2, 3)",
    "matmul_operator_list": "t.ones(2, 3) @ [1., 2., 3.]",
    "matmul_not_a_tensor": "t.matmul(t.ones(2, 3), t.ones(3, 2).numpy())",
    "matmul_double_backward": """
a = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
b = t.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
y = ((a @ b) ** 2).sum()
ga, gb = t.autograd.grad(y, (a, b), create_graph=True)
(ga.sum() + (gb * gb).sum()).backward()
ga, gb, a.grad, b.grad
""",
    "matmul_double_backward_batched": """
a = (t.arange(12.).reshape(2, 2, 3) / 10).requires_grad_()
b = (t.arange(6.).reshape(3, 2) / 10).requires_grad_()
g, = t.autograd.grad(((a @ b) ** 2).sum(), b, create_graph=True)
g.sum().backward()
g, a.grad, b.grad
""",
    # --- mm / bmm / mv / dot / outer ---------------------------------------------------------------
    "mm": product((2, 3), (3, 4), "t.mm(a, b)"),
    "mm_method": product((2, 3), (3, 2), "a.mm(b)", grad_a=False),
    "mm_not_matrix_self": "t.mm(t.ones(3), t.ones(3, 2))",
    "mm_not_matrix_mat2": "t.mm(t.ones(2, 3), t.ones(3))",
    "mm_shape_error": "t.mm(t.ones(2, 3), t.ones(2, 3))",
    "mm_dtype_error": "t.mm(t.ones(2, 3), t.ones(3, 2, dtype=t.float64))",
    "mm_integers": "t.mm(t.ones(2, 3, dtype=t.long), t.ones(3, 2, dtype=t.long))",
    "bmm": product((4, 2, 3), (4, 3, 2), "t.bmm(a, b)"),
    "bmm_method": product((2, 2, 3), (2, 3, 1), "a.bmm(b)", grad_b=False),
    "bmm_not_3d": "t.bmm(t.ones(2, 3), t.ones(3, 2))",
    "bmm_not_3d_second": "t.bmm(t.ones(2, 2, 3), t.ones(3, 4))",
    "bmm_shape_error": "t.bmm(t.ones(2, 2, 3), t.ones(3, 3, 4))",
    "bmm_dtype_error": "t.bmm(t.ones(2, 2, 3), t.ones(2, 3, 4, dtype=t.float64))",
    "mv": product((2, 3), (3,), "t.mv(a, b)"),
    "mv_method": product((3, 2), (2,), "a.mv(b)", grad_a=False),
    "mv_not_vector": "t.mv(t.ones(2, 3), t.ones(2, 3))",
    "mv_shape_error": "t.mv(t.ones(2, 3), t.ones(4))",
    "mv_dtype_error": "t.mv(t.ones(2, 3), t.ones(3, dtype=t.float64))",
    "dot": product((4,), (4,), "t.dot(a, b)"),
    "dot_method": product((3,), (3,), "a.dot(b)", grad_b=False),
    "dot_integers": "t.dot(t.arange(3), t.arange(3))",
    "dot_not_1d": "t.dot(t.ones(2, 3), t.ones(2, 3))",
    "dot_size_error": "t.dot(t.ones(3), t.ones(4))",
    "dot_dtype_error": "t.dot(t.ones(3), t.ones(3, dtype=t.float64))",
    "dot_bool_error": "t.dot(t.tensor([True]), t.tensor([True]))",
    "outer": product((2,), (3,), "t.outer(a, b)"),
    "outer_method_one_grad": product((2,), (3,), "a.outer(b)", grad_a=False),
    "outer_promotes": "t.outer(t.ones(2), t.ones(3, dtype=t.float64)).dtype, t.outer(t.ones(2), t.arange(3)).dtype",
    "outer_not_1d": "t.outer(t.ones(2, 2), t.ones(3))",
    # --- a linear layer by hand, the lesson's shape --------------------------------------------------
    "linear_layer_by_hand": """
x = t.tensor([[1., 2., 3.], [4., 5., 6.]])
W = t.tensor([[0.1, -0.2, 0.3], [0.0, 0.5, -0.5]], requires_grad=True)
b = t.tensor([0.1, -0.1], requires_grad=True)
y = x @ W.T + b
loss = (y ** 2).mean()
loss.backward()
y, y.grad_fn.next_functions, W.grad, b.grad
""",
    # --- torch.linalg: inverse, determinant, norms -----------------------------------------------
    "linalg_inv_grad": "A = t.tensor([[2., 1.], [1., 3.]], requires_grad=True)\ny = t.linalg.inv(A)\n(y * t.tensor([[1., 2.], [3., 4.]])).sum().backward()\ny, y.grad_fn, A.grad",
    "linalg_inv_batch_float64": "A = t.tensor([[[1., 2.], [3., 4.]], [[0., 1.], [1., 1.]]], dtype=t.float64, requires_grad=True)\ny = A.inverse()\n(y * y).sum().backward()\ny, A.grad",
    "torch_inverse_name": "t.inverse(t.eye(2, requires_grad=True)).grad_fn",
    "linalg_inv_second_derivative": "A = t.tensor([[2., 1.], [1., 3.]], requires_grad=True)\n(g,) = t.autograd.grad(t.linalg.inv(A).sum(), A, create_graph=True)\n(h,) = t.autograd.grad(g[0, 0], A)\ng, h",
    "linalg_det_grad": "A = t.tensor([[2., 1., 0.], [1., 3., 1.], [0., 1., 4.]], requires_grad=True)\nd = t.linalg.det(A)\nd.backward()\nd, d.grad_fn, A.grad.round(decimals=3)",
    "linalg_det_batch": "A = t.tensor([[[1., 2.], [3., 4.]], [[2., 0.], [1., 1.]]], requires_grad=True)\nd = t.det(A)\n(d * t.tensor([1., 2.])).sum().backward()\nd, A.grad.round(decimals=3), A.det()",
    "linalg_det_second_derivative": "A = t.tensor([[2., 1.], [1., 3.]], requires_grad=True)\n(g,) = t.autograd.grad(t.linalg.det(A), A, create_graph=True)\n(h,) = t.autograd.grad(g[0, 1], A)\ng.detach().round(decimals=3), h.round(decimals=3)",
    "linalg_det_forward_mode": "fwAD = t.autograd.forward_ad\nA = t.tensor([[2., 1.], [1., 3.]])\nwith fwAD.dual_level():\n    d = fwAD.make_dual(A, t.tensor([[1., 0.], [2., 1.]]))\n    out = fwAD.unpack_dual(t.linalg.det(d)).tangent, fwAD.unpack_dual(t.linalg.inv(d)).tangent\nout",
    "linalg_inv_not_square": "t.linalg.inv(t.ones(2, 3))",
    "linalg_inv_vector": "t.linalg.inv(t.ones(2))",
    "linalg_inv_int": "t.linalg.inv(t.ones(2, 2, dtype=t.long))",
    "linalg_inv_singular": "t.linalg.inv(t.tensor([[0., 1.], [0., 1.]]))",
    "linalg_inv_singular_batch": "t.linalg.inv(t.stack([t.eye(2), t.ones(2, 2)]))",
    "linalg_inv_singular_is_linalg_error": "try:\n    t.linalg.inv(t.zeros(3, 3))\nexcept t.linalg.LinAlgError as error:\n    caught = isinstance(error, RuntimeError), str(error)\ncaught",
    "linalg_det_not_square": "t.linalg.det(t.ones(3, 2))",
    "linalg_inv_list": "t.linalg.inv([[1.0]])",
    "linalg_norms": "x = t.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\nouts = [t.linalg.norm(x), t.linalg.norm(x, dim=1), t.linalg.norm(x, ord=1), t.linalg.norm(x, ord=float('inf')), t.linalg.matrix_norm(x, ord=-1), t.linalg.vector_norm(x, ord=1, dim=0), t.linalg.norm(x[0], ord=3), t.linalg.norm(x, dim=(0, 1)), t.linalg.matrix_norm(x, keepdim=True), t.linalg.matrix_norm(x, ord=-float('inf'), keepdim=True), t.linalg.vector_norm(x, ord=0)]\nsum(o.sum() for o in outs).backward()\nouts, [o.grad_fn.name() for o in outs], x.grad",
    "linalg_norm_batch_matrices": "x = t.arange(12.).reshape(2, 2, 3)\nt.linalg.matrix_norm(x), t.linalg.matrix_norm(x, ord=1), t.linalg.norm(x, dim=(1, 2)), t.linalg.norm(x, ord=float('inf'), dim=(0, 2))",
    "linalg_norm_ord_3d_refused": "t.linalg.norm(t.ones(2, 2, 2), ord=1)",
    "linalg_vecdot_cross_matmul": "x = t.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\ny = t.tensor([0., 1., -1.], requires_grad=True)\nv, c, m = t.linalg.vecdot(x, y), t.linalg.cross(x, y.expand(2, 3)), t.linalg.matmul(x, y)\n(v.sum() + c.sum() + m.sum()).backward()\nv, c, m, v.grad_fn, t.linalg.vecdot(y, y).grad_fn, x.grad, y.grad",
    # --- linalg.cond ------------------------------------------------------------------------------
    "linalg_cond_orders": """
A = t.tensor([[[2., 1., 0.], [0.5, 3., 1.], [1., -1., 4.]], [[1., 2., 0.], [2., 5., 1.], [0., 1., 3.]]], dtype=t.float64, requires_grad=True)
out = []
for p in (None, 2, -2, "nuc"):
    y = t.linalg.cond(A, p)
    (g,) = t.autograd.grad(y.sum(), A)
    out.append((y, y.grad_fn, y.grad_fn.next_functions, g))
for p in ("fro", float("inf"), -float("inf"), 1, -1):
    y = t.linalg.cond(A, p)
    out.append((y, y.grad_fn, y.grad_fn.next_functions))
out
""",
    "linalg_cond_gradient_after_inplace": """
A = t.tensor([[2., 1.], [0.5, 3.]], requires_grad=True)
t.linalg.cond(A, "fro").backward()
""",
    "linalg_cond_singular_and_errors": """
out = [t.linalg.cond(t.tensor([[1., 2.], [2., 4.]]), 1), t.linalg.cond(t.zeros(2, 2), 1), t.linalg.cond(t.zeros(2, 2)),
       t.linalg.cond(t.tensor([[[1., 2.], [2., 4.]], [[1., 0.], [0., 2.]]]), "fro"), t.linalg.cond(t.tensor([[1., 2., 0.], [0., 1., 3.]])),
       t.linalg.cond(t.tensor([[1., 2., 0.], [0., 1., 3.]]).T, -2)]
for f in (lambda: t.linalg.cond(t.ones(2, 3), "fro"), lambda: t.linalg.cond(t.ones(3)),
          lambda: t.linalg.cond(t.eye(2), 3), lambda: t.linalg.cond(t.eye(2), "foo"),
          lambda: t.linalg.cond(t.ones(2, 2, dtype=t.long)), lambda: t.linalg.cond(t.ones(2, 2, dtype=t.long), 1),
          lambda: t.linalg.cond(t.ones(2, 3), float("inf"))):
    try:
        f()
    except Exception as e:
        out.append((type(e).__name__, str(e).split("\\n")[0]))
out
""",
    "multi_dot_order": """
def tree(node):
    if node is None or node.name().endswith('AccumulateGrad'):
        return 'leaf' if node is not None else None
    return [node.name()] + [tree(n) for n, _ in node.next_functions]

out = []
for shapes in [(2, 3, 3, 2), (3, 3, 3, 3), (5, 2, 7, 3, 4), (2, 2, 2, 2, 2), (1, 6, 2, 6, 1), (4, 1, 5, 1, 4, 2), (10, 1, 10, 1)]:
    ms = [(t.arange(float(shapes[i] * shapes[i + 1])).reshape(shapes[i], shapes[i + 1]) % 5 - 2).requires_grad_() for i in range(len(shapes) - 1)]
    r = t.linalg.multi_dot(ms)
    out.append((r, tree(r.grad_fn)))
out
""",
    "multi_dot_vectors": "A = t.arange(6.).reshape(2, 3).requires_grad_()\ny = t.linalg.multi_dot([A, t.ones(3, 4), t.ones(4, 2)])\ny.sum().backward()\ny, A.grad, t.linalg.multi_dot([t.tensor([1., 2]), t.ones(2, 3), t.tensor([1., 1, 1])]), t.linalg.multi_dot((t.tensor([1., 2]), t.ones(2, 3))), t.linalg.multi_dot([t.ones(2, 3), t.tensor([1., 2, 3])])",
    "multi_dot_out": "out = t.empty(2, 2)\nr = t.linalg.multi_dot([t.ones(2, 3), t.ones(3, 2)], out=out)\nr is out, out",
    "multi_dot_one_error": "t.linalg.multi_dot([t.ones(2, 2)])",
    "multi_dot_shapes_error": "t.linalg.multi_dot([t.ones(2, 3), t.ones(2, 2)])",
    "multi_dot_first_3d_error": "t.linalg.multi_dot([t.ones(2, 2, 2), t.ones(2, 2)])",
    "multi_dot_last_3d_error": "t.linalg.multi_dot([t.ones(2, 2), t.ones(2, 2, 2)])",
    "multi_dot_middle_1d_error": "t.linalg.multi_dot([t.ones(2, 2), t.ones(2), t.ones(2, 2)])",
    "multi_dot_dtype_error": "t.linalg.multi_dot([t.ones(2, 2, dtype=t.float64), t.ones(2, 2)])",
    "multi_dot_long_dtype_error": "t.linalg.multi_dot([t.ones(2, 2), t.ones(2, 2, dtype=t.long)])",
    "vander": "x = t.tensor([1., 2, 3], requires_grad=True)\nv = t.linalg.vander(x)\nv.sum().backward()\nv, [n[0] and n[0].name() for n in v.grad_fn.next_functions], x.grad, t.linalg.vander(t.ones(2, 2), N=3).shape, t.linalg.vander(x, N=2), t.linalg.vander(t.tensor([2], dtype=t.int8), N=9)",
    "vander_n_error": "t.linalg.vander(t.tensor([1., 2, 3]), N=1)",
    "vander_0d_error": "t.linalg.vander(t.tensor(2.))",
    "vander_bool_error": "t.linalg.vander(t.tensor([True]))",
    "linalg_diagonal": "t.linalg.diagonal(t.arange(8.).reshape(2, 2, 2), offset=1), t.linalg.diagonal(t.ones(2, 3), dim1=0, dim2=1), t.linalg.diagonal(t.ones(3, 3, requires_grad=True)).grad_fn.name()",
}
