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
