"""Tensor algebra and matrices built from pieces: tensordot (dims as an int, two lists or a tensor),
block_diag, diagflat — values, dtypes, shapes, the graph torch records (the ops it composes),
gradients and errors against torch 2.x."""

GRAPH = """
def graph(y):
    names, seen, todo = [], set(), [y.grad_fn]
    while todo:
        node = todo.pop(0)
        if node is not None and id(node) not in seen:
            seen.add(id(node))
            names.append(node.name())
            todo.extend(f for f, _ in node.next_functions)
    return names
"""


def graded(setup: str, expr: str) -> str:
    """``expr``'s value, every node of its graph (breadth first), and the inputs' gradients of a
    weighted sum of it."""
    return f"""
{GRAPH}
{setup}
out = {expr}
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, graph(out), a.grad, b.grad
"""


AB = ("a = (t.arange(24.).reshape(2, 3, 4) / 4 - 2).requires_grad_()\n"
      "b = (t.arange(12.).reshape(4, 3) / 2 - 1).requires_grad_()")
BLOCKS = ("a = t.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\n"
          "b = t.tensor([5.0, -6.0, 7.0], requires_grad=True)")

CASES = {
    # --- tensordot -------------------------------------------------------------------------------
    "tensordot_int_dims": graded(AB, "t.tensordot(a, b.t(), dims=1)"),
    "tensordot_dim_out_of_range": "x = t.arange(3.)\nt.tensordot(x, x, dims=([1], [0]))",
    "tensordot_second_dim_out_of_range": "x = t.arange(3.)\nt.tensordot(x, x, dims=([0], [-2]))",
    "tensordot_negative_dims": "y = t.arange(6.).reshape(2, 3)\nt.tensordot(y, y, dims=([-1], [1]))",
    "tensordot_lists": graded(AB, "t.tensordot(a, b, dims=([1, 2], [1, 0]))"),
    "tensordot_lists_neg": graded(AB, "t.tensordot(a, b, dims=[[-1], [0]])"),
    "tensordot_outer": graded("a = t.tensor([1.0, 2.0], requires_grad=True)\nb = t.tensor([[3.0, -1.0]], requires_grad=True)",
                              "t.tensordot(a, b, dims=0)"),
    "tensordot_default_dims": graded("a = t.ones(2, 3, 4, requires_grad=True)\nb = t.arange(24.).reshape(3, 4, 2).requires_grad_()",
                                     "t.tensordot(a, b)"),
    "tensordot_size_one_summed": graded("a = t.tensor([[1.0], [2.0]], requires_grad=True)\nb = t.tensor([[3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], requires_grad=True)",
                                        "t.tensordot(a, b, dims=([1], [0]))"),
    "tensordot_tensor_dims": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=t.tensor(1)), t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=t.tensor([[1], [0]]))",
    "tensordot_int": "t.tensordot(t.tensor([1, 2]), t.tensor([3, 4]), dims=1)",
    "tensordot_negative_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=-1)",
    "tensordot_too_many_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=3)",
    "tensordot_lengths_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=([0], [0, 1]))",
    "tensordot_mismatch_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=([1], [1]))",
    "tensordot_default_mismatch_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2))",
    "tensordot_dtype_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2, dtype=t.float64), dims=1)",
    "tensordot_float_dims_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), 1.5)",
    "tensordot_int_pair_error": "t.tensordot(t.ones(2, 3), t.ones(3, 2), dims=(1, 0))",
    # --- block_diag ------------------------------------------------------------------------------
    "block_diag": graded(BLOCKS, "t.block_diag(a, b)"),
    "block_diag_scalar_and_empty": graded("a = t.tensor(2.0, requires_grad=True)\nb = t.zeros(0, 2, requires_grad=True)",
                                          "t.block_diag(a, b, t.ones(1, 1))"),
    "block_diag_promotes": "t.block_diag(t.tensor([True]), t.tensor([2])), t.block_diag(t.tensor([1]), t.tensor([[0.5]]))",
    "block_diag_mixed_float_grad": """
a = t.tensor([[1.0, 2.0]], requires_grad=True)
b = t.tensor([3.0], dtype=t.float64, requires_grad=True)
out = t.block_diag(a, b)
(out * t.arange(1., 5.).reshape(2, 2)).sum().backward()
out, a.grad, b.grad
""",
    "block_diag_none": "t.block_diag()",
    "block_diag_3d_error": "t.block_diag(t.ones(2, 2, 2))",
    "block_diag_not_tensor_error": "t.block_diag(t.ones(1), None)",
    # --- diagflat ---------------------------------------------------------------------------------
    "diagflat": graded(BLOCKS, "t.diagflat(a) + t.diagflat(b[:1].expand(4))"),
    "diagflat_offset": graded(BLOCKS, "b.diagflat(-1)"),
    "diagflat_transposed": graded(BLOCKS, "t.diagflat(a.t(), 1)"),
    "diagflat_int_0d_empty": "t.diagflat(t.tensor([[1, 2], [3, 4]]), -1), t.diagflat(t.tensor(3.0)), t.diagflat(t.zeros(0))",
}

CASES.update({
    # --- Tensor.view(dtype): the same bytes read as another dtype ----------------------------------
    "view_dtype_same_size": "x = t.tensor([1.0, -2.0, 0.5, 3.0])\nx.view(t.int32), x.view(dtype=t.int32)",
    "view_dtype_smaller": "x = t.tensor([1.0, -2.0, 0.5, 3.0])\nx.view(t.int16), x.view(t.uint8), x.view(t.float16), x.view(t.bool)",
    "view_dtype_larger": "x = t.tensor([1.0, -2.0, 0.5, 3.0])\nx.view(t.float64), x.view(t.int64), t.tensor([1, 2, 3]).view(t.float32)",
    "view_dtype_bool_bytes": "t.tensor([True, False]).view(t.uint8), t.tensor([1, 0], dtype=t.uint8).view(t.bool)",
    "view_dtype_shares_memory": """
x = t.tensor([1.0, -2.0, 0.5, 3.0])
v = x.view(t.int32)
v[0] = 0
w = x.view(t.float64)
x[3] = 0.0
x, v, w, x._version, v._version
""",
    "view_dtype_no_grad": """
x = t.tensor([1.0, -2.0, 0.5, 3.0], requires_grad=True)
same, wider = x.view(t.float32), x.view(t.float64)
same.requires_grad, same.grad_fn, same.is_leaf, wider.requires_grad, (x * 2).view(t.int32).grad_fn
""",
    "view_dtype_strided": "m = t.arange(6.).reshape(2, 3)\nm.t().view(t.int32), m[:, 1:].view(t.int16), t.ones(2, 4)[:, 2:4].view(t.float64)",
    "view_dtype_0d_error": "t.tensor(1.0).view(t.int16)",
    "view_dtype_stride_error": "t.arange(6.).reshape(2, 3).t().view(t.int16)",
    "view_dtype_size_error": "t.arange(6.).reshape(2, 3).view(t.float64)",
    "view_dtype_row_stride_error": "t.arange(6.).reshape(2, 3)[:, :2].view(t.float64)",
    "view_dtype_offset_error": "t.tensor([1.0, -2.0, 0.5, 3.0])[1:3].view(t.float64)",
})

X = "x = t.tensor([[1.0, -2.0, 3.0, 0.5], [0.5, 2.0, -1.0, 4.0], [2.5, 0.0, 1.5, -3.0]], requires_grad=True)"
V = "v = t.tensor([1.0, 2.0, 4.0], requires_grad=True)"


def pieces(expr: str) -> str:
    """Each piece of a split (shape and grad_fn) and the gradient of a weighted sum of all."""
    return f"""
{X}
parts = {expr}
sum((p * (i + 1)).sum() for i, p in enumerate(parts)).backward()
parts, x.grad
"""


def one_input(setup: str, expr: str, name: str) -> str:
    """``expr``'s value and graph, and the gradient of a weighted sum of it with respect to ``name``."""
    return f"""
{GRAPH}
{setup}
out = {expr}
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, graph(out), {name}.grad
"""


CASES.update({
    # --- splits into views: tensor_split, hsplit, vsplit, dsplit ---------------------------------------
    "tensor_split_sections": pieces("t.tensor_split(x, 3, dim=1)"),
    "tensor_split_indices": pieces("x.tensor_split([1, 3])"),
    "tensor_split_indices_past_end": pieces("t.tensor_split(x, (1, 6), dim=1)"),
    "tensor_split_tensor": pieces("t.tensor_split(x, t.tensor(2))") + "\n",
    "tensor_split_tensor_indices": pieces("t.tensor_split(x, t.tensor([1, 2]), 1)"),
    "hsplit": pieces("t.hsplit(x, 2)"),
    "hsplit_indices": pieces("x.hsplit([1])"),
    "vsplit": pieces("t.vsplit(x, [2])"),
    "hsplit_vector_dsplit": "t.hsplit(t.arange(5.), 5), t.dsplit(t.ones(2, 2, 4), [1]), t.ones(2, 2, 4).dsplit(2)",
    "tensor_split_zero_error": "t.tensor_split(t.ones(3), 0)",
    "tensor_split_0d_error": "t.tensor_split(t.tensor(1.0), 2)",
    "tensor_split_float_error": "t.tensor_split(t.ones(3), 2.5)",
    "hsplit_divisible_error": "t.hsplit(t.ones(3, 4), 3)",
    "vsplit_dims_error": "t.vsplit(t.ones(5), 5)",
    "dsplit_dims_error": "t.dsplit(t.ones(2, 3), 2)",
    "hsplit_0d_error": "t.hsplit(t.tensor(1.0), 1)",
    # --- flips, moves, aliases -------------------------------------------------------------------------
    "fliplr_flipud": one_input(X, "t.fliplr(x) + x.flipud() * 2", "x"),
    "fliplr_error": "t.fliplr(t.ones(3))",
    "flipud_error": "t.flipud(t.tensor(1.0))",
    "moveaxis": one_input(X, "t.moveaxis(x, 0, 1)", "x"),
    "moveaxis_error": "t.moveaxis(t.ones(2, 3), 0, (1,))",
    "row_stack": "t.row_stack([t.ones(2), t.zeros(2)]), t.row_stack((t.ones(1, 2), t.arange(2.)))",
    "positive": "x = t.tensor([1.0, -2.0], requires_grad=True)\np = t.positive(x)\np is x, x.positive() is x, t.positive(t.tensor([1, 2]))",
    "positive_bool_error": "t.positive(t.tensor([True]))",
    "adjoint": one_input(X, "t.adjoint(x) * 1", "x"),
    "adjoint_error": "t.adjoint(t.ones(3))",
    "msort": one_input(X, "t.msort(x)", "x"),
    "msort_0d": "t.msort(t.tensor(3.0)), t.tensor([[3, 1], [2, 5]]).msort()",
    # --- cartesian_prod, combinations --------------------------------------------------------------
    "cartesian_prod": one_input(V, "t.cartesian_prod(v, v * 1)", "v"),
    "cartesian_prod_three_int": "t.cartesian_prod(t.tensor([1, 2]), t.tensor([3, 4]), t.tensor([5])), t.cartesian_prod(t.tensor([1, 2]))",
    "cartesian_prod_dims_error": "t.cartesian_prod(t.ones(2, 2))",
    "cartesian_prod_dtypes_error": "t.cartesian_prod(t.tensor([1, 2]), t.tensor([3.0, 4.0]))",
    "combinations": one_input(V, "t.combinations(v)", "v"),
    "combinations_replacement": one_input(V, "t.combinations(v, 3, with_replacement=True)", "v"),
    "combinations_edges": "t.combinations(t.tensor([1, 2, 3]), 0), t.combinations(t.tensor([1, 2, 3]), 4), t.combinations(t.tensor([1, 2, 3]), 1)",
    "combinations_negative_error": "t.combinations(t.tensor([1, 2, 3]), -1)",
    "combinations_dims_error": "t.combinations(t.ones(2, 2))",
    # --- trapezoid, trapz, cumulative_trapezoid ---------------------------------------------------------
    "trapezoid": one_input(V, "t.trapezoid(v)", "v"),
    "trapezoid_dx": one_input(V, "t.trapezoid(v, dx=0.5)", "v"),
    "trapezoid_x": one_input(X + "\n" + V.replace("[1.0, 2.0, 4.0]", "[0.0, 1.0, 3.0, 3.5]"), "t.trapezoid(x, v)", "x"),
    "trapezoid_x_grad": one_input(X + "\n" + V.replace("[1.0, 2.0, 4.0]", "[0.0, 1.0, 3.0, 3.5]"), "t.trapezoid(x, v)", "v"),
    "trapezoid_dim0": one_input(X, "t.trapezoid(x, dim=0)", "x"),
    "trapezoid_x_2d": one_input(X + "\nv = t.tensor([[0.0, 1.0, 3.0, 3.5]], requires_grad=True)", "t.trapezoid(x, v, dim=1)", "v"),
    "trapz": one_input(V, "t.trapz(v, dx=2)", "v"),
    "trapz_x": "t.trapz(t.ones(3), t.tensor([0.0, 1.0, 3.0]))",
    "cumulative_trapezoid": one_input(V, "t.cumulative_trapezoid(v)", "v"),
    "cumulative_trapezoid_x": one_input(X + "\n" + V.replace("[1.0, 2.0, 4.0]", "[0.0, 1.0, 3.0, 3.5]"), "t.cumulative_trapezoid(x, v)", "x"),
    "trapezoid_int_empty": "t.trapezoid(t.tensor([1, 2, 4])), t.cumulative_trapezoid(t.tensor([1, 2, 4])), t.trapezoid(t.zeros(2, 0)), t.cumulative_trapezoid(t.zeros(2, 0))",
    "trapezoid_bool_error": "t.trapezoid(t.tensor([True]))",
    "trapezoid_points_error": "t.trapezoid(t.ones(3), t.ones(2))",
    "trapezoid_dx_bool_error": "t.trapezoid(t.ones(3), dx=True)",
    "trapezoid_both_error": "t.trapezoid(t.ones(3), t.ones(3), dx=1)",
    # --- torch.special: exp2, sinc, logit, round, xlogy -------------------------------------------------
    "special_more": "x = t.tensor([0.25, 0.5, 1.5])\nt.special.exp2(x), t.special.sinc(x), t.special.logit(x, eps=0.3), t.special.round(x), t.special.round(x, decimals=1), t.special.xlogy(x, 2.0), t.special.xlogy(2, x)",
    "special_xlogy_grad": one_input(V, "t.special.xlogy(v, v * 2)", "v"),
    "special_xlogy_error": "t.special.xlogy(1, 2)",
    "special_exp2_error": "t.special.exp2(None)",
})

CASES.update({
    # --- vander -----------------------------------------------------------------------------------
    "vander": one_input(V, "t.vander(v)", "v"),
    "vander_increasing": one_input(V, "t.vander(v, 4, increasing=True)", "v"),
    "vander_n2": one_input(V, "t.vander(v, N=2)", "v"),
    "vander_values": "v = t.tensor([1.0, 2.0, 3.0], requires_grad=True)\nt.vander(v), t.vander(v, 4, increasing=True)",
    "vander_int_bool_empty": "t.vander(t.tensor([1, 2, 3])), t.vander(t.tensor([True, False])), t.vander(t.tensor([1.0, 2.0]), N=0), t.vander(t.tensor([1.0, 2.0]), N=1)",
    "vander_dims_error": "t.vander(t.ones(2, 2))",
    "vander_n_error": "t.vander(t.tensor([1.0, 2.0]), N=-1)",
})
