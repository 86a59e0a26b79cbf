"""Shape ops (issue: the op library): reshape/view, squeeze/unsqueeze, transpose/permute, expand,
repeat, flip, cat/stack, split/chunk/unbind — values, gradients, grad_fn names and next_functions,
views and version counters, errors — checked against torch 2.x."""

from tests.parity import second_derivative_nodes

# Inputs with distinct values, so a gradient sent to the wrong element shows.
X = "x = (t.arange(24.).reshape(2, 3, 4) / 10).requires_grad_()"
S = "x = (t.arange(6.).reshape(2, 1, 3, 1) / 10).requires_grad_()"
V = "x = t.tensor([0.5, -1.0, 2.0], requires_grad=True)"
Z = "x = t.tensor(1.5, requires_grad=True)"
E = "x = t.zeros(0, 3, requires_grad=True)"


def graded(setup: str, expr: str) -> str:
    """A case that builds ``y = expr`` and backpropagates a weighted sum, so every element's
    gradient differs: observes y, its node and the input's gradient."""
    return f"""
{setup}
y = {expr}
w = t.arange(1., y.numel() + 1.).reshape(y.shape)
(y * w).sum().backward()
y, y.grad_fn, x.grad
"""


def graded_many(setup: str, expr: str, used: str = "ys") -> str:
    """For ops returning several tensors: backpropagate through ``used`` (some of the outputs)."""
    return f"""
{setup}
ys = {expr}
total = sum(((p * t.arange(1., p.numel() + 1.).reshape(p.shape)).sum() for p in {used}), t.tensor(0.))
total.backward()
ys, [p.grad_fn for p in ys], [p.grad_fn.next_functions for p in ys], x.grad
"""


CASES = {
    # --- reshape / view / flatten ----------------------------------------------------------------
    "reshape_varargs": graded(X, "x.reshape(6, 4)"),
    "reshape_tuple": graded(X, "x.reshape((4, 6))"),
    "reshape_infer": graded(X, "x.reshape(-1, 2)"),
    "reshape_flat": graded(X, "x.reshape(-1)"),
    "reshape_copy_when_not_viewable": graded(X, "x.transpose(0, 1).reshape(-1)"),
    "reshape_copy_node_chain": f"{X}\ny = x.transpose(0, 1).reshape(-1)\ny.grad_fn.next_functions[0][0]",
    "reshape_alias_when_strided_but_viewable": graded(
        "x = (t.arange(12.).reshape(4, 3) / 4).requires_grad_()", "x.t().reshape(3, 2, 2)"),
    "reshape_alias_of_slice": graded(X, "x[:, :, :2].reshape(6, 2)"),
    "reshape_0d": graded(Z, "x.reshape(1, 1)"),
    "reshape_to_0d": "x = t.tensor([3.], requires_grad=True); y = x.reshape(()); y, y.shape",
    "reshape_empty": graded(E, "x.reshape(3, 0)"),
    "reshape_empty_infer": "t.zeros(0, 3).reshape(-1).shape, t.zeros(0, 3).reshape(4, -1, 0).shape",
    "reshape_as": "x = t.arange(6.); x.reshape_as(t.zeros(3, 2))",
    "reshape_bad_size": "t.ones(2, 3).reshape(4)",
    "reshape_bad_infer": "t.ones(2, 3).reshape(4, -1)",
    "reshape_two_infer": "t.ones(2, 3).reshape(-1, -1)",
    "reshape_negative": "t.ones(2, 3).reshape(-2, 3)",
    "reshape_ambiguous_empty": "t.ones(0, 3).view(-1, 0)",
    "view_varargs": graded(X, "x.view(3, 8)"),
    "view_minus_one": graded(X, "x.view(-1)"),
    "view_list": "t.arange(6.).view([3, 2])",
    "view_as": "x = t.arange(6.); x.view_as(t.zeros(2, 3))",
    "view_incompatible": "t.ones(2, 3).transpose(0, 1).view(6)",
    "view_bad_size": "t.ones(2, 3).view(4)",
    "view_shares_memory": "x = t.zeros(2, 3); v = x.view(6); v[0] = 7.; x",
    "view_version_shared": "x = t.zeros(2, 3); v = x.view(6); v.add_(1); x._version, v._version",
    "flatten_all": graded(X, "x.flatten()"),
    "flatten_from_1": graded(X, "x.flatten(1)"),
    "flatten_range": graded(X, "x.flatten(0, 1)"),
    "flatten_negative": graded(X, "x.flatten(-2, -1)"),
    "flatten_same_dim_is_input": f"{X}\nx.flatten(1, 1) is x, x.flatten(1, 1).grad_fn",
    "flatten_1d_is_input": f"{V}\nx.flatten() is x",
    "flatten_0d": graded(Z, "x.flatten()"),
    "flatten_bad_order": "t.ones(2, 3).flatten(1, 0)",
    "flatten_bad_dim": "t.ones(2, 3).flatten(2)",
    "t_flatten_function": "t.flatten(t.ones(2, 3)).shape",
    # --- squeeze / unsqueeze ---------------------------------------------------------------------
    "squeeze_all": graded(S, "x.squeeze()"),
    "squeeze_dim": graded(S, "x.squeeze(1)"),
    "squeeze_dim_not_one": graded(S, "x.squeeze(0)"),
    "squeeze_negative": graded(S, "x.squeeze(-1)"),
    "squeeze_tuple": graded(S, "x.squeeze((1, 3))"),
    "squeeze_tuple_one": graded(S, "x.squeeze((1,))"),
    "squeeze_0d": graded(Z, "x.squeeze(0)"),
    "squeeze_0d_all": graded(Z, "x.squeeze()"),
    "squeeze_bad_dim": "t.ones(2, 3).squeeze(3)",
    "squeeze_function": "t.squeeze(t.ones(2, 1)).shape, t.squeeze(t.ones(2, 1), 1).shape",
    "unsqueeze_front": graded(X, "x.unsqueeze(0)"),
    "unsqueeze_back": graded(X, "x.unsqueeze(-1)"),
    "unsqueeze_middle": graded(X, "x.unsqueeze(2)"),
    "unsqueeze_0d": graded(Z, "x.unsqueeze(0)"),
    "unsqueeze_bad_dim": "t.ones(2, 3).unsqueeze(3)",
    "unsqueeze_function": "t.unsqueeze(t.ones(2), 1).shape",
    # --- transpose / t / permute / T / mT --------------------------------------------------------
    "transpose": graded(X, "x.transpose(0, 2)"),
    "transpose_negative": graded(X, "x.transpose(-1, 0)"),
    "transpose_same": graded(X, "x.transpose(1, 1)"),
    "transpose_function": "t.transpose(t.arange(6.).reshape(2, 3), 0, 1)",
    "swapaxes": "t.arange(6.).reshape(2, 3).swapaxes(0, 1), t.arange(6.).reshape(2, 3).swapdims(0, 1)",
    "transpose_bad_dim": "t.ones(2, 3).transpose(0, 2)",
    "t_matrix": graded("x = (t.arange(6.).reshape(2, 3) / 4).requires_grad_()", "x.t()"),
    "t_vector": graded(V, "x.t()"),
    "t_0d": graded(Z, "x.t()"),
    "t_3d_error": "t.ones(2, 3, 4).t()",
    "t_function": "t.t(t.arange(6.).reshape(2, 3))",
    "permute_varargs": graded(X, "x.permute(2, 0, 1)"),
    "permute_tuple": graded(X, "x.permute((1, 2, 0))"),
    "permute_negative": graded(X, "x.permute(-1, 0, 1)"),
    "permute_function": "t.permute(t.arange(6.).reshape(2, 3), (1, 0))",
    "permute_wrong_count": "t.ones(2, 3).permute(0)",
    "permute_duplicate": "t.ones(2, 3).permute(0, 0)",
    "T_matrix": graded("x = (t.arange(6.).reshape(2, 3) / 4).requires_grad_()", "x.T"),
    "mT_batch": graded(X, "x.mT"),
    "mT_vector_error": "t.ones(3).mT",
    "movedim": "t.movedim(t.arange(24.).reshape(2, 3, 4), 0, 2).shape",
    "transposed_shares_memory": "x = t.zeros(2, 3); x.t()[2, 1] = 5.; x",
    # --- expand / repeat / flip ------------------------------------------------------------------
    "expand_new_dims": graded(X, "x.expand(5, 2, 3, 4)"),
    "expand_minus_one": graded(X, "x.expand(-1, 3, 4)"),
    "expand_size_one": graded(S, "x.expand(2, 4, 3, 2)"),
    "expand_tuple": graded(V, "x.expand((2, 3))"),
    "expand_0d": graded(Z, "x.expand(3)"),
    "expand_as": graded(V, "x.expand_as(t.zeros(2, 3))"),
    "expand_too_few": "t.ones(2, 3).expand(3)",
    "expand_mismatch": "t.ones(2, 3).expand(4, 3)",
    "expand_leading_minus_one": "t.ones(2, 3).expand(-1, -1, 3)",
    "expand_shares_memory": "x = t.zeros(3, 1); e = x.expand(3, 2); x[0, 0] = 4.; e",
    "repeat_same_dims": graded("x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)", "x.repeat(2, 3)"),
    "repeat_more_dims": graded(V, "x.repeat(2, 1, 2)"),
    "repeat_tuple": graded(V, "x.repeat((3,))"),
    "repeat_zero": graded(V, "x.repeat(0)"),
    "repeat_0d": graded(Z, "x.repeat(2, 2)"),
    "repeat_too_few": "t.ones(2, 3).repeat(2)",
    "repeat_negative": "t.ones(3).repeat(-1)",
    "flip_one": graded(X, "x.flip(0)"),
    "flip_many": graded(X, "x.flip(0, 2)"),
    "flip_tuple_negative": graded(X, "x.flip((-1,))"),
    # reversed(t) is t.flip(0) (d2l's bidirectional RNN runs one over reversed(inputs))
    "reversed_flips_dim0": graded(X, "reversed(x)"),
    "reversed_0d_is_itself": "x = t.tensor(3.)\nreversed(x) is x",
    "flip_function": "t.flip(t.arange(6.).reshape(2, 3), [1])",
    "flip_duplicate": "t.ones(3).flip(0, 0)",
    "flip_bad_dim": "t.ones(2, 3).flip(2)",
    "flip_copies": "x = t.zeros(3); f = x.flip(0); x[0] = 1.; f",
    # --- cat / stack -----------------------------------------------------------------------------
    "cat_dim0": """
a = t.tensor([[1., 2.]], requires_grad=True); b = t.tensor([[3., 4.], [5., 6.]], requires_grad=True)
y = t.cat([a, b]); (y * t.arange(6.).reshape(3, 2)).sum().backward()
y, y.grad_fn, a.grad, b.grad
""",
    "cat_dim1_tuple": """
a = t.tensor([[1.], [2.]], requires_grad=True); b = t.tensor([[3., 4.], [5., 6.]])
y = t.cat((a, b), 1); (y * t.arange(6.).reshape(2, 3)).sum().backward()
y, y.grad_fn, a.grad
""",
    "cat_negative_dim": "t.cat([t.ones(2, 1), t.zeros(2, 2)], -1)",
    "cat_three": "x = t.ones(2, requires_grad=True); y = t.cat([x, x * 2, x]); y.sum().backward(); y, x.grad",
    "cat_promotes": "t.cat([t.ones(2), t.ones(2, dtype=t.float64)]), t.cat([t.ones(2), t.tensor([1, 2])])",
    "cat_skips_empty_1d": "x = t.ones(2, 3, requires_grad=True); y = t.cat([x, t.zeros(0)]); y.sum().backward(); y.shape, x.grad",
    "cat_concat_alias": "t.concat([t.ones(1), t.zeros(1)]), t.concatenate([t.ones(1), t.zeros(1)])",
    "cat_empty_list": "t.cat([])",
    "cat_size_mismatch": "t.cat([t.ones(2, 3), t.ones(3, 3)], 1)",
    "cat_ndim_mismatch": "t.cat([t.ones(2, 3), t.ones(3)])",
    "cat_zero_dim": "t.cat([t.tensor(1.), t.tensor(2.)])",
    "cat_bad_dim": "t.cat([t.ones(2, 3)], 2)",
    "stack_dim0": """
a = t.tensor([1., 2.], requires_grad=True); b = t.tensor([3., 4.], requires_grad=True)
y = t.stack([a, b]); (y * t.arange(4.).reshape(2, 2)).sum().backward()
y, y.grad_fn, a.grad, b.grad
""",
    "stack_last": """
a = t.tensor([1., 2.], requires_grad=True); b = t.tensor([3., 4.])
y = t.stack((a, b), -1); (y * t.arange(4.).reshape(2, 2)).sum().backward()
y, y.grad_fn, a.grad
""",
    "stack_0d": "x = t.tensor(2., requires_grad=True); y = t.stack([x, x * 3]); y.sum().backward(); y, x.grad",
    "stack_promotes": "t.stack([t.ones(2), t.tensor([1, 2])])",
    "stack_mismatch": "t.stack([t.ones(2), t.ones(3)])",
    "stack_empty": "t.stack([])",
    "stack_bad_dim": "t.stack([t.ones(2, 3)], 3)",
    # --- split / chunk / unbind ------------------------------------------------------------------
    "split_int": graded_many(X, "x.split(1)"),
    "split_uneven": graded_many(X, "x.split(3, 2)"),
    "split_sizes": graded_many(X, "x.split([1, 2], 1)"),
    "split_one_output_used": graded_many(X, "x.split([1, 2], 1)", "ys[1:]"),
    # each output is one output_nr of a single node: seen from a consumer's next_functions
    "split_output_numbers": f"{X}\na, b, c = x.split([1, 1, 1], 1); (a + b * c).grad_fn.next_functions, (b * c).grad_fn.next_functions",
    "unbind_output_numbers": f"{X}\na, b = x.unbind(); (a - b).grad_fn.next_functions",
    "split_function": "[p.shape for p in t.split(t.ones(5, 2), 2)]",
    "split_zero": "t.ones(3).split(0)",
    "split_zero_empty": "[p.shape for p in t.ones(0).split(0)]",
    "split_negative": "t.ones(3).split(-1)",
    "split_sizes_bad_sum": "t.ones(3).split([1, 1])",
    "split_sizes_negative": "t.ones(3).split([4, -1])",
    "split_0d": "t.tensor(1.).split(1)",
    "split_views_share_memory": "x = t.zeros(4); a, b = x.split(2); b[0] = 3.; x, a._version, x._version",
    "chunk_even": graded_many(X, "x.chunk(2, 2)"),
    "chunk_uneven": graded_many("x = t.arange(5.).requires_grad_()", "x.chunk(3)"),
    "chunk_fewer": "[p.shape for p in t.ones(6).chunk(4)]",
    "chunk_empty": "[p.shape for p in t.ones(0).chunk(2)]",
    "chunk_zero": "t.ones(3).chunk(0)",
    "chunk_function": "[p.shape for p in t.chunk(t.ones(4, 2), 2, 1)]",
    "unbind_dim0": graded_many(X, "x.unbind()"),
    "unbind_dim1": graded_many(X, "x.unbind(1)"),
    "unbind_some_used": graded_many(X, "x.unbind(2)", "ys[:2]"),
    "unbind_function": "t.unbind(t.arange(4.).reshape(2, 2), 1)",
    "unbind_empty": "t.ones(0, 2).unbind(0)",
    "unbind_0d": "t.tensor(1.).unbind(0)",
    "unbind_bad_dim": "t.ones(2, 3).unbind(2)",
    "iterate_unbinds": "x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True); rows = list(x); rows[1].sum().backward(); rows, x.grad",
    # --- contiguous, views and version counters --------------------------------------------------
    "contiguous_copy": graded(X, "x.transpose(0, 1).contiguous()"),
    "is_contiguous": f"{X}\nx.is_contiguous(), x.transpose(0, 1).is_contiguous(), x[:, 1].is_contiguous()",
    "split_output_nr": f"{X}\n[p.output_nr for p in x.split(1, 2)], x.unbind()[1].output_nr, (x * 2).output_nr",
    "contiguous_is_self": f"{X}\nx.contiguous() is x",
    "view_of_view_version": "x = t.zeros(2, 3); v = x.view(6)[1:]; v.add_(1); x._version, x",
    "squeeze_version_shared": "x = t.zeros(2, 1); s = x.squeeze(); s.mul_(2); x._version, s._version",
    "double_backward_through_views": """
x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = (x.t().reshape(-1) ** 3).sum()
g, = t.autograd.grad(y, x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    "double_backward_cat_split": """
x = t.tensor([1., 2., 3.], requires_grad=True)
a, b = t.cat([x, x * x]).split([2, 4])
g, = t.autograd.grad((b ** 2).sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- in-place changes through views: the base learns of them (CopySlices / AsStrided) --------
    "inplace_view_rebases_base": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
v = y[:2]
v.mul_(3)
y.sum().backward()
y, y.grad_fn, v.grad_fn, v.grad_fn.next_functions, x.grad
""",
    "inplace_view_of_view": """
x = t.tensor([1., 2., 3., 4.], requires_grad=True)
y = x * 1
w = y.view(2, 2).t()[1]
w.add_(t.tensor([10., 20.]))
(y * t.arange(4.)).sum().backward()
y, w, y.grad_fn, w.grad_fn, x.grad
""",
    "inplace_view_value_needs_grad": """
z = t.zeros(4)
a = t.tensor([1., 2.], requires_grad=True)
v = z[1:3]
v.add_(a * a)
(z * t.arange(4.)).sum().backward()
z, z.grad_fn, z.grad_fn.next_functions, a.grad
""",
    "inplace_view_setitem": """
x = t.tensor([1., 2., 3., 4.], requires_grad=True)
y = x * 1
v = y[1:]
v[0] = 7.
(y * t.arange(4.)).sum().backward()
y, y.grad_fn, y.grad_fn.next_functions, x.grad
""",
    "inplace_view_saved_result_error": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x.exp(); y[0].mul_(2); y.sum().backward()",
    "inplace_view_of_leaf_error": "x = t.tensor([1., 2., 3.], requires_grad=True); v = x[0]; v.mul_(2)",
    "inplace_view_of_leaf_no_grad_ok": """
x = t.tensor([1., 2., 3.], requires_grad=True)
with t.no_grad():
    x[1:].mul_(2)
x, x.grad_fn, x.is_leaf
""",
    "inplace_view_made_in_no_grad_error": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
with t.no_grad():
    v = y[:2]
v.mul_(2)
""",
    "inplace_split_output_error": "x = t.tensor([1., 2., 3., 4.], requires_grad=True); a, b = (x * 1).split([1, 3]); b.mul_(2)",
    "inplace_unbind_output_error": "x = t.tensor([1., 2.], requires_grad=True); a, b = (x * 1).unbind(); b.add_(1)",
    "inplace_split_output_no_grad_ok": "x = t.ones(4); a, b = x.split(2); b.mul_(3); x, x._version",
    "inplace_expanded_error": "x = t.zeros(3, 1); x.expand(3, 2).add_(1)",
    "inplace_view_double_backward": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x ** 2
y[1:].mul_(x[:2])
g, = t.autograd.grad(y.sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- views made before an in-place change of their base read the changed values ------------
    "view_after_base_inplace": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; v = y[:2]; y.mul_(3); v.sum().backward(); x.grad, v.grad_fn, v",
    "view_after_base_setitem": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; v = y[:2]; y[0] = 7.; (v * t.tensor([1., 10.])).sum().backward(); x.grad, v.grad_fn, v",
    "sibling_view_after_view_inplace": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; a = y[:2]; b = y[1:]; b.mul_(5); a.sum().backward(); x.grad, a.grad_fn",
    "old_node_kept_by_reference": "x = t.tensor([1., 2., 3.], requires_grad=True); y = x * 2; v = y[:2]; g = v.grad_fn; y.mul_(3); g, v.grad_fn",
    "transposed_view_after_base_add": "x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True); y = x * 1; v = y.t(); y.add_(t.tensor([[1., 0.], [0., 1.]], requires_grad=True)); (v * t.tensor([[1., 2.], [3., 4.]])).sum().backward(); x.grad, v.grad_fn",
    "view_of_no_grad_base_after_inplace": "z = t.zeros(3); v = z[1:]; w = t.ones(3, requires_grad=True); z.add_(w); v.sum().backward(); w.grad, v.grad_fn",
    "expanded_view_after_base_inplace": "x = t.tensor([[1.], [2.]], requires_grad=True); y = x * 1; e = y.expand(2, 3); y.mul_(3); (e * t.arange(6.).reshape(2, 3)).sum().backward(); x.grad, e.grad_fn",
    # --- what a second derivative goes back through ---------------------------------------------
    "second_derivative_nodes": second_derivative_nodes(
        "x = t.arange(12.).reshape(3, 4).requires_grad_()", "x.unsqueeze(0)", "x.t()",
        "x.permute(1, 0)", "x.transpose(0, 1)", "x.flip(0)", "x.expand(2, 3, 4)", "x.repeat(2, 1)",
        "x.view(12)", "t.cat([x, 2 * x], 1)", "t.stack([x, x], 1)", "x.split(2)[1]", "x.unbind(1)[2]"),
    # --- hstack, vstack, dstack, column_stack (cat of atleast_nd), ravel, memory facts ----------
    "stacks_1d": "a = t.ones(2, requires_grad=True)\nb = t.ones(2)\n[(r.shape, r.grad_fn, r.grad_fn.next_functions) for r in (t.hstack([a, b]), t.vstack([a, b]), t.dstack([a, b]), t.column_stack([a, b]))]",
    "stacks_2d_grad": "A = t.arange(6.).reshape(2, 3).requires_grad_()\nrs = [f((A, A * 2)) for f in (t.hstack, t.vstack, t.dstack, t.column_stack)]\nsum(r.sum() for r in rs).backward()\nrs, A.grad",
    "column_stack_0d": "t.column_stack([t.tensor(1.), t.tensor(2.)])",
    "ravel": "A = t.arange(6.).reshape(2, 3).requires_grad_()\nr = t.ravel(A.t())\nA.ravel(), r, A.ravel().grad_fn, r.grad_fn.next_functions",
    "memory_facts": "x = t.zeros(3)\nx.nbytes, x.itemsize, x[1:].data_ptr() - x.data_ptr(), x.view(3).data_ptr() == x.data_ptr(), x.clone().data_ptr() == x.data_ptr(), t.ones(2, dtype=t.float64).itemsize",
    "vstack_empty": "t.vstack([])",
    "hstack_tensor_refused": "t.hstack(t.ones(2))",
    "hstack_mismatch": "t.hstack([t.ones(2), t.ones(2, 2)])",
    # Tensor.unfold: windows as a view, overlapping or apart, and their gradients added back
    "unfold_windows": """
x = t.arange(7.).requires_grad_()
u = x.unfold(0, 3, 2)
(u * t.arange(9.).reshape(3, 3)).sum().backward()
u, u.stride(), u.is_contiguous(), x.grad
""",
    "unfold_double_backward": """
x = t.arange(7.).requires_grad_()
(g,) = t.autograd.grad((x.unfold(0, 2, 1) ** 2).sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    "unfold_shapes": """
y = t.arange(12.).reshape(3, 4)
y.unfold(1, 2, 2), y.unfold(0, 2, 1).shape, y.unfold(-1, 4, 10), t.tensor(5.).unfold(0, 1, 1), y.unfold(1, 0, 1).shape
""",
    "unfold_transposed": """
y = t.arange(12.).reshape(3, 4).t().requires_grad_()
v = y.unfold(0, 2, 1)
(v * v).sum().backward()
v, y.grad
""",
    "unfold_write_through_windows_apart": "z = t.arange(6.); w = z.unfold(0, 2, 2); w.mul_(10); z, z._version",
    "unfold_too_big": "t.ones(3, 4).unfold(1, 5, 1)",
    "unfold_step_zero": "t.ones(3, 4).unfold(1, 2, 0)",
    "unfold_negative_size": "t.ones(3, 4).unfold(1, -1, 1)",
    "unfold_float_size": "t.ones(3, 4).unfold(1, 2.5, 1)",

}
CASES.update({
    "matrix_transpose_0d": "x = t.tensor(2., requires_grad=True)\nx.mT is x, x.mH is x",
    "matrix_transpose_1d_mH": "t.ones(3).mH",
})
