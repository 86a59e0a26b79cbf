"""Indexing (issue: the op library): ``x[key]`` for every kind of key and mixes of them,
``x[key] = value`` (CopySlices / IndexPutBackward0, gradients to both sides), gather, index_select,
masked_fill — values, gradients, grad_fn names and next_functions, version counters, errors —
checked against torch 2.x."""

from tests.parity import second_derivative_nodes

X = "x = (t.arange(60.).reshape(3, 4, 5) / 10).requires_grad_()"
M = "x = (t.arange(12.).reshape(3, 4) / 4 - 1).requires_grad_()"


def read(key: str, setup: str = X) -> str:
    """``x[key]``: the result, its node, the node below, and the gradient of a weighted sum."""
    return f"""
{setup}
y = x[{key}]
w = t.arange(1., y.numel() + 1.).reshape(y.shape)
(y * w).sum().backward()
below = [n for n, _ in y.grad_fn.next_functions if n is not None]
y, y.grad_fn, below[0] if below else None, x.grad
"""


def graded_flat(setup: str, expr: str) -> str:
    """``out = expr`` and the input's gradient of a weighted sum of it (weights 1, 2, ...)."""
    return f"""
{setup}
out = {expr}
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, out.grad_fn, x.grad
"""


def write(key: str, value: str, setup: str = M) -> str:
    """``y[key] = value`` on a non-leaf ``y``: y, its new node, the gradients of both sides."""
    return f"""
{setup}
v = {value}
y = x * 1
y[{key}] = v
w = t.arange(1., y.numel() + 1.).reshape(y.shape)
(y * w).sum().backward()
y, y.grad_fn, y._version, x.grad, v.grad if isinstance(v, t.Tensor) and v.is_leaf else None
"""


CASES = {
    # --- basic keys: views ---------------------------------------------------------------------------
    "int": read("0"),
    "int_negative": read("-1"),
    "int_pair": read("0, 1"),
    "int_all_dims": read("1, 2, 3"),
    "chained_ints": read("0][1"),
    "slice": read("1:"),
    "slice_step": read("::2"),
    "slice_second_dim": read(":, 1:3"),
    "slice_full_alone": read(":"),
    "slice_full_in_tuple": read(":, :"),
    "slice_negative_bounds": read("-2:, :-1"),
    "slice_out_of_range": read("10:"),
    "slice_empty_last_dim": read(":, :, 5:"),
    "slice_step_and_int": read("::2, 1, 1::2"),
    "ellipsis": read("..."),
    "ellipsis_int": read("..., 1"),
    "ellipsis_middle": read("0, ..., 2"),
    "two_ellipses_error": "t.ones(2, 3)[..., ...]",
    "empty_tuple": read("()"),
    "none": read("None"),
    "none_after_int": read("0, None"),
    "none_trailing": read("..., None"),
    "none_between": read(":, None, 1"),
    "two_nones": read("None, None"),
    "slice_none_int": read("1:, ..., None, 2"),
    "int_tensor_0d": read("t.tensor(1)"),
    "on_vector": read("2", "x = t.tensor([1., 2., 3.], requires_grad=True)"),
    "on_vector_0d_result": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x[1]; y.backward(); y, y.shape, x.grad",
    # --- advanced keys -------------------------------------------------------------------------------
    "list": read("[0, 2]"),
    "list_repeats_accumulate": read("[0, 2, 0, 0]"),
    "list_negative": read("[-1, 0]"),
    "tensor": read("t.tensor([0, 2])"),
    "tensor_2d": read("t.tensor([[0, 1], [1, 2]])"),
    "two_lists": read("[0, 2], [1, 3]"),
    "two_lists_broadcast": read("[[0], [2]], [1, 3]"),
    "lists_split_by_slice": read("[0, 1], :, [1, 2]"),
    "bool_mask_full": read("x > 2"),
    "bool_mask_leading": read("t.tensor([True, False, True])"),
    "bool_mask_2d": read("t.tensor([[True, False, True, False]] * 3)"),
    "bool_mask_second_dim": read(":, t.tensor([False, True, True, False])"),
    "bool_python_true": read("True"),
    "bool_python_false": read("False"),
    "bool_0d_tensor": read("t.tensor(True)", "x = t.tensor([1., 2., 3.], requires_grad=True)"),
    "empty_list": read("t.tensor([], dtype=t.long)"),
    "list_of_lists_is_a_tuple": read("[[0, 2], [1, 3]]"),
    "list_with_slice_is_a_tuple": read("[0, slice(1, 3)]"),
    "list_with_tensor_is_a_tuple": read("[t.tensor(0), 1]"),
    "numpy_index": read("np.array([2, 0])"),
    "numpy_int": read("np.int64(1)"),
    "int32_index": "x = t.arange(6.).reshape(3, 2); x[t.tensor([2, 0], dtype=t.int32)] if hasattr(t, 'int32') else x[[2, 0]]",
    # --- mixes ---------------------------------------------------------------------------------------
    "int_then_list": read("0, [1, 2]"),
    "int_slice_list": read("0, :, [1, 2]"),
    "list_slice_int": read("[0, 1], :, 1"),
    "slice_then_list": read("1:, [1, 2]"),
    "none_then_list": read("None, [1]"),
    "ellipsis_then_list": read("..., [0, 4]"),
    "mask_and_int": read("t.tensor([True, False, True]), 1"),
    "list_and_none_and_slice": read("[2, 0], None, 1:3"),
    # --- errors --------------------------------------------------------------------------------------
    "int_out_of_range": "t.ones(3, 4)[3]",
    "int_out_of_range_dim1": "t.ones(3, 4)[0, 4]",
    "list_out_of_range": "t.ones(3, 4)[[3]]",
    "list_out_of_range_negative": "t.ones(3, 4)[[-4]]",
    "too_many_indices": "t.ones(3, 4)[0, 0, 0]",
    "float_index": "t.ones(3)[1.5]",
    "float_tensor_index": "t.ones(3)[t.tensor([0.5])]",
    "mask_shape_mismatch": "t.ones(3, 4, 5)[t.ones(3, 5, dtype=t.bool)]",
    "mask_shape_mismatch_later": "t.ones(3, 4, 5)[:, t.ones(4, 4, dtype=t.bool)]",
    "mask_too_short": "t.ones(3, 4)[t.tensor([True, False])]",
    "negative_step": "t.ones(3)[::-1]",
    "lists_do_not_broadcast": "t.ones(3, 4)[[0, 1], [0, 1, 2]]",
    # --- views share memory and versions -------------------------------------------------------------
    "select_shares_memory": "x = t.zeros(2, 3); r = x[1]; r.add_(5); x, x._version, r._version",
    "slice_shares_memory": "x = t.zeros(4); s = x[1::2]; s.mul_(2); s.add_(1); x, x._version",
    "advanced_copies": "x = t.zeros(4); s = x[[1, 2]]; s.add_(1); x, x._version, s._version",
    "double_backward_gather": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = (x[[0, 2, 2]] ** 3).sum() + (x[1:] ** 2).sum()
g, = t.autograd.grad(y, x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- setitem ----------------------------------------------------------------------------------
    "set_int_number": write("0", "5."),
    "set_int_tensor": write("1", "t.tensor([1., 2., 3., 4.], requires_grad=True)"),
    "set_slice_broadcast": write(":, 1:3", "t.tensor([10., 20.], requires_grad=True)"),
    "set_value_leading_ones": write("0", "t.ones(1, 4, requires_grad=True)"),
    "set_list": write("[0, 2]", "t.tensor([1., 2., 3., 4.], requires_grad=True)"),
    "set_list_broadcast_column": write("[0, 2]", "t.tensor([[1.], [2.]], requires_grad=True)"),
    "set_mask_number": write("x > 0", "0."),
    "set_mask_0d_tensor": write("x > 0", "t.tensor(2.)"),
    "set_int_and_list": write("0, [1, 2]", "t.tensor([7., 8.], requires_grad=True)"),
    "set_full_slice_and_list": write(":, [1, 2]", "t.tensor([7., 8.], requires_grad=True)"),
    "set_none": write("None", "3."),
    "set_int_int": write("0, 0", "t.tensor(9., requires_grad=True)"),
    "set_from_view_of_value": write(":, 1", "t.tensor([1., 2., 3., 4.], requires_grad=True)[:3]"),
    "set_value_needs_grad_base_not": """
v = t.tensor([1., 2., 3., 4.], requires_grad=True)
y = t.zeros(3, 4)
y[1] = v * 2
(y * t.arange(12.).reshape(3, 4)).sum().backward()
y, y.grad_fn, y.requires_grad, v.grad
""",
    "set_list_value_needs_grad_base_not": """
v = t.tensor([1., 2., 3., 4.], requires_grad=True)
y = t.zeros(3, 4)
y[[1]] = v
y.sum().backward()
y.grad_fn, v.grad
""",
    "set_twice": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y[0] = 0.
y[2] = x[0] * 10
y.sum().backward()
y, y.grad_fn, y._version, x.grad
""",
    "set_ellipsis_number": write("...", "2."),
    "set_full_slice_number": write(":", "2."),
    "set_full_tuple_0d_tensor": write(":, :", "t.tensor(3., requires_grad=True)"),
    "set_ellipsis_tensor_grad": write("...", "t.tensor([1., 2., 3., 4.], requires_grad=True)"),
    "set_ellipsis_leaf_error": "x = t.ones(3, requires_grad=True); x[...] = 2.",
    "set_list_of_lists": "y = t.zeros(3, 4); y[[[0, 2], [1, 3]]] = 1.; y",
    "set_slice_same_shape_no_nodes": write("0:1", "t.ones(1, 4, requires_grad=True)"),
    "set_slice_value_viewed_then_expanded": write("0:1", "t.ones(4, requires_grad=True)"),
    "set_ellipsis_value_leading_one": write("...", "t.ones(1, 3, 4, requires_grad=True)"),
    "set_explicit_full_slice_is_whole": write("0:10", "2."),
    "set_false_writes_nothing": "y = t.ones(3); y[False] = 5.; y, y._version",
    "set_true": write("True", "t.tensor([1., 2., 3., 4.], requires_grad=True)"),
    "set_no_grad_plain": "y = t.ones(3); y[0] = 5; y, y._version",
    "set_int_tensor_cast": "y = t.ones(3, 2, dtype=t.long); y[:, 0] = t.tensor([1.5, 2., 3.]); y",
    "set_double_into_float": "y = t.ones(3, 2); y[:, 0] = t.tensor([1.5, 2, 3], dtype=t.float64); y, y.dtype",
    "set_ellipsis_tensor": "y = t.ones(3, 2); y[...] = t.tensor([1., 2.]); y",
    "set_index_out_of_range": "y = t.ones(3); y[5] = 5",
    "set_value_too_many_dims": "y = t.ones(3); y[0] = t.ones(2)",
    "set_value_wrong_size": "y = t.ones(3, 2); y[0] = t.ones(3)",
    "set_list_value_wrong_size": "y = t.ones(3, 2); y[[0]] = t.ones(3)",
    "set_leaf_requires_grad_advanced": "x = t.ones(3, requires_grad=True); x[[0]] = 2.",
    "set_then_saved_tensor_check": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x.exp()
y[0] = 1.
y.sum().backward()
x.grad
""",
    "set_breaks_saved_input": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
z = y * y
y[0] = 1.
z.sum().backward()
""",
    "set_double_backward": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x ** 2
y[1] = x[0] ** 3
g, = t.autograd.grad(y.sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- gather / index_select / masked_fill ---------------------------------------------------------
    "gather_dim1": read("...", M).replace("y = x[...]", "y = x.gather(1, t.tensor([[0, 0], [1, 3], [2, 2]]))"),
    "gather_dim0_smaller_index": read("...", M).replace("y = x[...]", "y = t.gather(x, 0, t.tensor([[2, 0, 1]]))"),
    "gather_negative_dim": "x = t.arange(6.).reshape(2, 3); x.gather(-1, t.tensor([[2], [0]]))",
    "gather_wrong_ndim": "t.ones(2, 3).gather(1, t.tensor([0]))",
    "gather_out_of_range": "t.ones(2, 3).gather(1, t.tensor([[3]]))",
    "gather_float_index": "t.ones(2, 3).gather(1, t.tensor([[0.]]))",
    "gather_index_too_big": "t.ones(2, 3).gather(1, t.tensor([[0], [1], [2]]))",
    "gather_bad_dim": "t.ones(2, 3).gather(2, t.tensor([[0]]))",
    "index_select": read("...", M).replace("y = x[...]", "y = x.index_select(1, t.tensor([3, 0, 3]))"),
    "index_select_function": read("...", M).replace("y = x[...]", "y = t.index_select(x, 0, t.tensor([2]))"),
    "index_select_0d_index": "t.arange(6.).reshape(2, 3).index_select(1, t.tensor(2))",
    "index_select_matrix_index": "t.ones(2, 3).index_select(1, t.tensor([[0]]))",
    "index_select_out_of_range": "t.ones(2, 3).index_select(1, t.tensor([9]))",
    "index_select_float_index": "t.ones(2, 3).index_select(1, t.tensor([0.]))",
    "index_select_bad_dim": "t.ones(2, 3).index_select(2, t.tensor([0]))",
    "masked_fill_number": read("...", M).replace("y = x[...]", "y = x.masked_fill(x > 0, 0.)"),
    "masked_fill_broadcast_mask": read("...", M).replace(
        "y = x[...]", "y = x.masked_fill(t.tensor([True, False, False, True]), -1.)"),
    "masked_fill_0d_tensor": """
x = (t.arange(6.).reshape(2, 3) - 2).requires_grad_()
v = t.tensor(7., requires_grad=True)
y = x.masked_fill(x < 0, v)
(y * t.arange(6.).reshape(2, 3)).sum().backward()
y, y.grad_fn, x.grad, v.grad
""",
    "masked_fill_0d_tensor_no_grad": "x = t.ones(3, requires_grad=True); y = x.masked_fill(x > 0, t.tensor(2.)); y.grad_fn",
    "masked_fill_function": "t.masked_fill(t.ones(3), t.tensor([True, False, True]), 0.)",
    "masked_fill_int_tensor_float_value": "t.ones(3, dtype=t.long).masked_fill(t.ones(3, dtype=t.bool), 2.5)",
    "masked_fill_mask_bigger": "t.ones(3).masked_fill(t.ones(2, 3, dtype=t.bool), 0.).shape",
    "masked_fill_inplace": "x = t.ones(3); x.masked_fill_(t.tensor([True, False, True]), 0.); x, x._version",
    "masked_fill_inplace_grad": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.masked_fill_(y > 3, 0.)
y.sum().backward()
y, y.grad_fn, x.grad
""",
    "masked_fill_non_bool_mask": "t.ones(3).masked_fill(t.ones(3), 1.)",
    "masked_fill_value_not_0d": "t.ones(3).masked_fill(t.ones(3, dtype=t.bool), t.tensor([1., 2.]))",
    "masked_fill_mask_shape_error": "t.ones(2, 3).masked_fill(t.ones(4, dtype=t.bool), 1.)",
    # --- augmented assignment through an index (getitem, in-place op, setitem) ------------------
    "iadd_basic_key": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; y[1:] += x[:2]; y.sum().backward(); y, y.grad_fn, x.grad",
    "iadd_advanced_key": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; y[[0, 2]] += x[:2]; y.sum().backward(); y, y.grad_fn, x.grad",
    "imul_into_constant_base": "x = t.tensor([1., 2., 3.], requires_grad=True); y = t.ones(3); y[:2] *= x[1:]; y.sum().backward(); y, y.grad_fn, x.grad",
    "setitem_in_a_loop": "x = t.tensor([1., 2., 3.], requires_grad=True); y = t.zeros(3)\nfor i in range(3):\n    y[i] = x[i] * i\ny.sum().backward(); y, y.grad_fn, x.grad",
    "rows_changed_while_iterating": "x = t.ones(2, 2); [r.add_(1) for r in x]; x, x._version",
    # --- what a second derivative goes back through ---------------------------------------------
    "second_derivative_nodes": second_derivative_nodes(
        "x = t.arange(12.).reshape(3, 4).requires_grad_()", "x[1]", "x[:, 1:3]", "x[::2]",
        "x[None]", "x[..., 2]", "x.masked_fill(x > 3, 0.)"),
    # --- index_put: a tuple of index tensors, torch's argument errors -------------------------
    "index_put_accumulate_repeats": """
x = t.zeros(3)
x.index_put_((t.tensor([0, 0, 2]),), t.tensor(1.5), accumulate=True)
""",
    "index_put_function_and_method_copy": """
x = t.zeros(2, 3)
a = t.index_put(x, (t.tensor([1]), t.tensor([2])), t.tensor([5.0]))
b = x.index_put([t.tensor([0, 1]), t.tensor([0, 0])], t.tensor([7.0, 8.0]))
(a, b, x)
""",
    "index_put_gradients": """
w = t.ones(2, 3, requires_grad=True)
v = t.tensor([3.0, 4.0], requires_grad=True)
y = (w * 2).index_put((t.tensor([0, 1]), t.tensor([2, 2])), v, True)
y.pow(2).sum().backward()
(y, w.grad, v.grad)
""",
    "index_put_in_place_graph": """
w = t.ones(2, 3, requires_grad=True)
z = (w * 1).index_put_([t.tensor([1])], t.tensor(9.0))
z.sum().backward()
(z, w.grad)
""",
    "index_put_bool_mask": "x = t.zeros(3)\nx.index_put_((t.tensor([True, False, True]),), t.tensor(3.0))",
    "index_put_indices_a_tensor": "x = t.zeros(3)\nx.index_put_(t.tensor([0]), t.tensor(1.0))",
    "index_put_function_indices_a_tensor": "t.index_put(t.zeros(3), t.tensor([0]), t.tensor(1.0))",
    "index_put_values_a_number": "x = t.zeros(3)\nx.index_put((t.tensor([0]),), 1.0)",
    "index_put_an_int_index": "x = t.zeros(3)\nx.index_put_((0,), t.tensor(1.0))",
    "index_put_a_none_index": "x = t.zeros(3)\nx.index_put_((t.tensor([0]), None), t.tensor(1.0))",
    "index_put_accumulate_not_bool": (
        "x = t.zeros(3)\nx.index_put_((t.tensor([0]),), t.tensor(1.0), accumulate=1.5)"),
    "index_put_float_index": "x = t.zeros(3)\nx.index_put_((t.tensor([0.5]),), t.tensor(1.0))",
    "index_put_out_of_bounds": "x = t.zeros(3)\nx.index_put_((t.tensor([5]),), t.tensor(1.0))",
    # --- take: the input read as a flat vector -----------------------------------------------------
    "take": graded_flat(M, "t.take(x, t.tensor([[0, 11], [-1, 0]]))"),
    "take_method_0d_index": graded_flat(M, "x.take(t.tensor(5))"),
    "take_0d_input": graded_flat("x = t.tensor(2.5, requires_grad=True)", "x.take(t.tensor([0, -1, 0]))"),
    "take_empty_index": graded_flat(M, "t.take(x, t.tensor([], dtype=t.int64))"),
    "take_int_input": "t.take(t.tensor([[1, 2], [3, 4]]), t.tensor([3, 0])), t.take(t.tensor([True, False]), t.tensor([1]))",
    "take_double_backward": M + """
(g,) = t.autograd.grad((t.take(x, t.tensor([1, 1, 4])) ** 2).sum(), x, create_graph=True)
g.sum().backward()
g.detach(), x.grad
""",
    "take_out_of_range": "t.take(t.ones(2, 3), t.tensor([6]))",
    "take_negative_out_of_range": "t.ones(2, 3).take(t.tensor([0, -7]))",
    "take_int32_index": "t.take(t.ones(2, 3), t.tensor([0], dtype=t.int32))",
    # --- put: source written (or added) at flat positions ------------------------------------------
    "put": M + """
s = t.tensor([10., 20., 30.], requires_grad=True)
out = x.put(t.tensor([0, -1, 0]), s)
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, x.grad, s.grad
""",
    "put_accumulate": M + """
s = t.tensor([10., 20., 30.], requires_grad=True)
out = t.put(x, t.tensor([0, 5, 0]), s, accumulate=True)
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, x.grad, s.grad
""",
    "put_in_place": "z = t.arange(6.).reshape(2, 3).t().clone()\nz.put_(t.tensor([1, 2]), t.tensor([9., 8.])), z._version",
    "put_double_backward": M + """
s = t.tensor([2., 3.], requires_grad=True)
gx, gs = t.autograd.grad((t.put(x, t.tensor([1, 4]), s) ** 2).sum(), (x, s), create_graph=True)
(gx.sum() + gs.sum()).backward()
gx.detach(), gs.detach(), x.grad, s.grad
""",
    "put_ints_accumulate": "t.arange(4).put(t.tensor([0, 0]), t.tensor([7, 1]), accumulate=True)",
    "put_out_of_range": "t.ones(2, 3).put(t.tensor([0, 6]), t.tensor([1., 2.]))",
    "put_int32_index": "t.ones(2, 3).put(t.tensor([0], dtype=t.int32), t.tensor([1.]))",
    "put_other_dtype": "t.ones(2, 3).put(t.tensor([0]), t.tensor([1.], dtype=t.float64))",
    "put_sizes_differ": "t.ones(2, 3).put(t.tensor([0, 1]), t.tensor([1.]))",
    "put_in_place_on_a_leaf_view": "x = t.arange(6.).reshape(2, 3).requires_grad_()\nx.put_(t.tensor([0]), t.tensor([1.]))",
    "take_float_index": "t.ones(3).take(t.tensor([0.0]))",
    "take_list_index": "t.take(t.ones(3), [0])",
    "take_method_int_index": "t.ones(3).take(1)",
    "take_from_empty": "t.take(t.zeros(0), t.tensor([0]))",
    "take_empty_from_empty": "t.take(t.zeros(2, 0), t.tensor([], dtype=t.int64))",
    # --- 0-d self, index or src: taken as 1-d of one element ---------------------------------
    "gather_scatter_zero_dim_operands": """
out = []
for self_shape in ((), (3,)):
    for index_shape in ((), (1,)):
        for position in (0, 2):
            x = t.arange(1., 4.)[:1].reshape(self_shape) if not self_shape else t.arange(1., 4.)
            x.requires_grad_()
            s = t.tensor(5.).reshape(index_shape).requires_grad_()
            i = t.tensor(position).reshape(index_shape)
            row = [self_shape, index_shape, position]
            for name, call in (("gather", lambda: x.gather(0, i)),
                               ("scatter", lambda: x.scatter(0, i, s)),
                               ("scatter_value", lambda: x.scatter(0, i, 7.0)),
                               ("scatter_add", lambda: x.scatter_add(0, i, s)),
                               ("scatter_reduce", lambda: x.scatter_reduce(0, i, s, "amax"))):
                try:
                    y = call()
                    y.sum().backward()
                    row.append((name, y, y.grad_fn, x.grad, s.grad))
                except RuntimeError as error:
                    row.append((name, str(error)))
                x.grad = s.grad = None
            out.append(row)
out
""",
    "gather_zero_dim_one_element_index": "t.tensor(3.).gather(0, t.tensor([0]))",
    "scatter_reduce_zero_dim_src_one_element_index": """
x = t.zeros(3, requires_grad=True)
s = t.tensor(2., requires_grad=True)
y = x.scatter_reduce(0, t.tensor([1]), s, "mean")
y.sum().backward()
y, x.grad, s.grad
""",
    "scatter_zero_dim_dim_out_of_range": "t.zeros(()).scatter(1, t.tensor(0), t.tensor(5.))",
    # --- scatter_reduce: each reduction with and without self, ties, zeros, NaN ----------------
    "scatter_reduce_values_and_gradients": """
index = t.tensor([[0, 2, 1, 0], [0, 2, 2, 1]])
out = []
for reduce in ("sum", "prod", "mean", "amax", "amin"):
    for include_self in (True, False):
        x = t.tensor([[1., 0., 2., 3.], [2., 2., -1., 0.], [0.5, 4., 2., 1.]], requires_grad=True)
        s = t.tensor([[2., 0., 2., 3.], [-1., 4., 0., 3.]], requires_grad=True)
        y = x.scatter_reduce(0, index, s, reduce, include_self=include_self)
        (y * t.arange(1., 13.).reshape(3, 4)).sum().backward()
        out.append((reduce, include_self, y, x.grad, s.grad))
out
""",
    "scatter_reduce_functional_and_inplace": """
x = t.tensor([1., 2., 3., 4.], requires_grad=True)
s = t.tensor([5., 0., 7., 7., float("nan")], requires_grad=True)
i = t.tensor([0, 1, 1, 0, 3])
a = t.scatter_reduce(x, 0, i, s, reduce="amax", include_self=False)
b = x.clone()
b.scatter_reduce_(0, i, s, "mean")
(a.nan_to_num() + b.nan_to_num()).sum().backward()
c = t.zeros(4)
t.scatter_reduce(t.ones(4), 0, i, s.detach(), "sum", out=c)
(a, b, b.grad_fn, b.grad_fn.next_functions, x.grad, s.grad, c,
 t.ones(2, 3).scatter_reduce(1, t.tensor([[2, 2], [0, 1]]), t.tensor([[1., 2.], [3., 4.]]), "prod"))
""",
    "scatter_reduce_integers": """
(t.tensor([1, 2, 3, 4]).scatter_reduce(0, t.tensor([0, 0, 1, 1]), t.tensor([2, 3, 4, 6]), "mean"),
 t.tensor([0, 0]).scatter_reduce(0, t.tensor([0, 0, 0]), t.tensor([-2, -3, -2]), "mean", include_self=False),
 t.tensor([2, 3], dtype=t.uint8).scatter_reduce(0, t.tensor([0, 0]), t.tensor([200, 100], dtype=t.uint8), "sum"),
 t.tensor([1, 5, 3]).scatter_reduce(0, t.tensor([0, 0]), t.tensor([4, 2]), "amin", include_self=False),
 t.tensor([True, False]).scatter_reduce(0, t.tensor([0, 1]), t.tensor([True, True]), "sum"),
 t.tensor([1., 2.]).scatter_reduce(0, t.tensor([1, 1]), t.tensor([3., 4.]), "max"))
""",
    "scatter_reduce_errors": """
x, i, s = t.ones(3, requires_grad=True), t.tensor([0, 1]), t.ones(2)
errors = []
for f in (lambda: x.scatter_reduce(0, i, s, "add"), lambda: x.scatter_reduce(0, i.float(), s, "sum"),
          lambda: x.scatter_reduce(0, i, s.double(), "sum"), lambda: x.scatter_reduce(0, t.tensor([3]), s, "sum"),
          lambda: x.scatter_reduce(0, t.tensor([[0]]), s, "sum"), lambda: x.scatter_reduce(1, i, s, "sum"),
          lambda: x.scatter_reduce(0, i, 1.0, "sum"), lambda: x.scatter_reduce(0, i, s),
          lambda: x.scatter_reduce(0, i, s, "sum", include_self=None),
          lambda: x.scatter_reduce(0, i, s, "max").sum().backward(),
          lambda: x.scatter_reduce(0, i, t.ones(3, requires_grad=True), "sum").sum().backward(),
          lambda: t.scatter_reduce(x, 0, i, s, "sum", out=t.zeros(3))):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "scatter_reduce_double_backward": """
x = t.tensor([[1.5, 0.5], [2., -1.]], requires_grad=True)
s = t.tensor([[0.5, 2.], [3., 0.25], [1., 1.]], requires_grad=True)
i = t.tensor([[0, 1], [0, 1], [1, 1]])
out = []
for reduce in ("sum", "prod", "mean", "amax", "amin"):
    y = x.scatter_reduce(0, i, s, reduce, include_self=reduce != "mean")
    gx, gs = t.autograd.grad((y ** 2).sum(), (x, s), create_graph=True)
    out.append((gx, gs, t.autograd.grad((gx ** 2).sum() + (gs ** 3).sum(), (x, s))))
out
""",
    "scatter_reduce_prod_zeros_double_backward": """
x = t.tensor([0., 2., 3.], requires_grad=True)
s = t.tensor([0., 0., 5.], requires_grad=True)
y = t.scatter_reduce(x, 0, t.tensor([0, 0, 1]), s, "prod")
t.autograd.grad(y.sum(), s, create_graph=True)[0].sum().backward()
""",
    "scatter_reduce_forward_mode": """
fwAD = t.autograd.forward_ad
a, s = t.tensor([[1., 0., 2.], [3., 3., -1.]]), t.tensor([[2., 0., 3.], [3., 0., 5.]])
i = t.tensor([[0, 2, 2], [1, 1, 0]])
out = []
for reduce in ("sum", "mean", "amax", "amin"):
    for include_self in (True, False):
        with fwAD.dual_level():
            y = fwAD.make_dual(a, t.ones(2, 3)).scatter_reduce(
                1, i, fwAD.make_dual(s, t.tensor([[.5, -1., 2.], [3., 1., -2.]])), reduce, include_self=include_self)
            out.append(fwAD.unpack_dual(y).tangent)
out
""",

    "tuple_inside_key": "x = t.arange(10)\ny = x.clone()\ny[(1, 2),] = 0\nx[(1, 2),], x.view(2, 5)[(0, 1), (1, 2)], x.view(2, 5)[((0, 1),)], x.view(2, 5)[((0, 1), (1, 2))], y",
    "tuple_inside_key_grad": "x = t.arange(6.).requires_grad_()\ny = x[(1, 1, 3),]\ny.sum().backward()\ny, x.grad",
    "scatter_with_reduce": "x = t.zeros(2, 3)\nidx = t.tensor([[0, 1, 0], [1, 0, 1]])\nsrc = t.arange(1., 7).view(2, 3)\nx.clone().scatter_(0, idx, src, reduce='add'), t.ones(2, 3).scatter_(0, idx, src, reduce='multiply'), x.clone().scatter_(0, idx, 2.0, reduce='add'), t.ones(2, 3).scatter_(0, idx, value=2.0, reduce='multiply'), x.clone().scatter(0, idx, src, reduce='add'), t.zeros(2, 3, dtype=t.long).scatter_(0, idx, 3, reduce='add'), t.zeros(2, 3).scatter_(1, t.tensor([[0, 0]]), t.tensor([[1., 2.]]), reduce='add')",
    "scatter_with_reduce_not_differentiable": "s = t.arange(1., 7).view(2, 3).requires_grad_()\ny = t.ones(2, 3).scatter(0, t.tensor([[0, 1, 0]]), s, reduce='multiply')\ny.grad_fn.name(), y",
    "scatter_with_reduce_backward_error": "s = t.arange(1., 7).view(2, 3).requires_grad_()\nt.ones(2, 3).scatter(0, t.tensor([[0, 1, 0]]), s, reduce='add').sum().backward()",
    "scatter_with_bad_reduce_error": "t.zeros(2, 3).scatter_(0, t.tensor([[0, 1, 0]]), t.ones(2, 3), reduce='mean')",
}
