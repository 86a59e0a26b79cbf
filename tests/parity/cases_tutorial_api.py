"""The tensor API that public tutorials and lectures use beyond the core ops: triangles and
diagonals (attention masks), sort/topk/median/mode (sampling, ranking), cumprod, roll, narrow and
select, masked_select, nonzero, take_along_dim, scatter/scatter_add/index_add/index_copy/index_fill,
broadcast_to/broadcast_tensors/atleast_nd, tile, unflatten, meshgrid, new_* tensors, type_as,
stride and storage_offset: values, dtypes, grad_fn names, gradients, second-derivative nodes and
torch's errors."""

from tests.parity import second_derivative_nodes
from tests.parity.cases_reductions import graded

X = "x = t.tensor([[3.0, 1.0, 2.0, 1.0], [0.0, -1.0, 5.0, 5.0], [2.0, 0.0, 0.5, 3.0]], requires_grad=True)"
X3 = "x = ((t.arange(24.).reshape(2, 3, 4) * 5 % 11 - 5) / 4).requires_grad_()"
V = "x = t.tensor([0.5, -1.0, 2.0], requires_grad=True)"
S = "s = t.tensor([[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]], requires_grad=True)"

CASES = {
    # --- triangles and diagonals ------------------------------------------------------------------
    "tril": graded(X, "x.tril()"),
    "tril_diagonal": graded(X, "t.tril(x, -1)"),
    "triu_diagonal": graded(X3, "x.triu(1)"),
    "tril_causal_mask": """
T = 4
mask = t.tril(t.ones(T, T))
w = t.zeros(T, T).masked_fill(mask == 0, float('-inf'))
w.softmax(-1)
""",
    "tril_1d_error": "t.tril(t.ones(3))",
    "triu_inplace": "y = t.ones(3, 3)\ny.triu_(1)\ny",
    "diagonal_view": graded(X3, "x.diagonal(0, 1, 2)"),
    "diagonal_offset": graded(X, "t.diagonal(x, 1)"),
    "diagonal_negative_offset": graded(X, "x.diagonal(-1)"),
    "diagonal_is_a_view": "y = t.zeros(3, 3)\nd = y.diagonal()\nd += 1\ny",
    "diag_of_matrix": graded(X, "t.diag(x, 1)"),
    "diag_of_vector": graded(V, "t.diag(x)"),
    "diag_of_vector_offset": graded(V, "t.diag(x, -2)"),
    "diag_embed": graded(X, "t.diag_embed(x)"),
    "diag_3d_error": "t.diag(t.ones(2, 2, 2))",
    "triangle_second_derivative_nodes": second_derivative_nodes(
        X, "x.tril()", "x.diagonal()", "t.diag(x)", "t.diag(x[0])", "x.roll(1, 0)"),
    # --- roll -------------------------------------------------------------------------------------
    "roll_dim": graded(X, "x.roll(1, 0)"),
    "roll_flat": graded(X, "t.roll(x, 3)"),
    "roll_dims": graded(X3, "x.roll((1, -2), (0, 2))"),
    "roll_mismatch_error": "t.ones(2, 3).roll((1, 2), 0)",
    # --- sort, argsort, topk, median, mode --------------------------------------------------------
    "sort": graded(X, "x.sort()"),
    "sort_dim0_descending": graded(X, "t.sort(x, 0, descending=True)"),
    "sort_stable_ties": "t.tensor([2, 1, 2, 1, 0]).sort(stable=True), t.tensor([2, 1, 2, 1, 0]).sort(descending=True, stable=True)",
    "sort_nan": "t.tensor([1.0, float('nan'), -1.0]).sort(), t.tensor([1.0, float('nan'), -1.0]).sort(descending=True)",
    "argsort": "x = t.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]])\nx.argsort(), t.argsort(x, dim=0, descending=True)",
    "topk": graded(X, "x.topk(2)"),
    "topk_smallest_dim0": graded(X, "t.topk(x, 2, dim=0, largest=False)"),
    "topk_k_error": "t.ones(3).topk(4)",
    # ties: which equal values come first is the CPU kernel's C++ selection (nth_element, or
    # partial_sort when k is at most 1/64 of the row), as is the order of unsorted output
    "topk_ties": "x = t.tensor([1.0, 0.0, 1.0, 2.0, 1.0, 0.0, 2.0, 1.0])\n[x.topk(k, largest=l).indices for k in (1, 3, 5) for l in (True, False)]",
    "topk_ties_long_rows": "x = (t.arange(300.) * 7 % 3).reshape(2, 150)\nx.topk(2).indices, x.topk(40, largest=False).indices, x.topk(3, dim=0).indices",
    "topk_ties_nan": "x = t.tensor([float('nan'), 1.0, float('nan'), 1.0, 0.0])\nx.topk(3), x.topk(4, largest=False)",
    "topk_unsorted": "x = t.tensor([5.0, 1.0, 4.0, 2.0, 3.0, 0.0, 6.0])\nx.topk(4, sorted=False), x.topk(3, largest=False, sorted=False)",
    "topk_return_type": "r = t.tensor([1.0, 3.0, 2.0]).topk(2)\nr, r.values, r.indices, type(r).__name__",
    "median_all": graded("x = t.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]], requires_grad=True)", "x.median()"),
    "median_dim": graded(X, "x.median(1)"),
    "median_dim_keepdim": graded(X, "t.median(x, 0, keepdim=True)"),
    "mode_dim": graded(X, "x.mode(1)"),
    "mode_ints": "t.tensor([[1, 2, 2, 3], [4, 4, 1, 1]]).mode()",
    "ordering_second_derivative_nodes": second_derivative_nodes(
        X, "x.sort()[0]", "x.topk(2)[0]", "x.median(1)[0]", "x.max(1)[0]", "x.mode(0)[0]"),
    # --- cumprod ----------------------------------------------------------------------------------
    "cumprod": graded(X, "x.cumprod(1)"),
    "cumprod_dim0": graded(X, "t.cumprod(x, 0)"),
    "cumprod_int": "t.tensor([1, 2, 3]).cumprod(0), t.tensor([1, 2, 3]).cumprod(0, dtype=t.float32)",
    "cumprod_double_backward_zeros": """
x = t.tensor([[2.0, 0.0, 3.0, 0.5], [0.0, 0.0, 2.0, 1.5]], requires_grad=True)
(g,) = t.autograd.grad((x.cumprod(1) * t.arange(1., 9.).reshape(2, 4)).sum(), x, create_graph=True)
(g * g).sum().backward()
g.detach(), x.grad
""",
    # --- narrow, select, masked_select, nonzero, take_along_dim -----------------------------------
    "narrow": graded(X, "x.narrow(1, 1, 2)"),
    "narrow_negative_start": graded(X, "t.narrow(x, 0, -2, 2)"),
    "narrow_too_long_error": "t.ones(3, 4).narrow(0, 2, 2)",
    "select": graded(X3, "x.select(1, -1)"),
    "select_error": "t.ones(3, 4).select(0, 3)",
    "masked_select": graded(X, "x.masked_select(x > 1)"),
    "masked_select_broadcast": graded(V, "t.masked_select(x, t.tensor([[True, False, True], [False, True, True]]))"),
    "masked_select_mask_dtype_error": "t.ones(3).masked_select(t.ones(3))",
    "masked_scatter": f"""
{X}
{S}
y = x.masked_scatter(x > 1, s)
(y * t.arange(1., 13.).reshape(3, 4)).sum().backward()
y, x.grad, s.grad
""",
    "masked_scatter_too_few_error": "t.zeros(3).masked_scatter(t.tensor([True, True, False]), t.ones(1))",
    "nonzero": "x = t.tensor([[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]])\nx.nonzero(), t.nonzero(x, as_tuple=True), t.argwhere(x)",
    "nonzero_0d": "t.nonzero(t.tensor(2.0)), t.nonzero(t.tensor(0.0)), t.tensor(1).nonzero(as_tuple=True)",
    "take_along_dim": graded(X, "t.take_along_dim(x, x.argmax(1, keepdim=True), 1)"),
    "take_along_dim_flat": graded(X, "t.take_along_dim(x, t.tensor([5, 0]))"),
    "take_along_dim_broadcast": graded(X3, "t.take_along_dim(x, t.tensor([[[0], [3]]]), dim=2)"),
    # --- scatter and index_* ----------------------------------------------------------------------
    "scatter_src": graded(X + "\n" + S, "x.scatter(0, t.tensor([[0, 2, 1, 0], [2, 1, 0, 1]]), s)"),
    "scatter_src_grad": f"""
{X}
{S}
x.scatter(0, t.tensor([[0, 2, 1, 0], [2, 1, 0, 1]]), s).pow(2).sum().backward()
x.grad, s.grad
""",
    "scatter_value": graded(X, "x.scatter(1, t.tensor([[0], [3], [1]]), 7.0)"),
    "scatter_value_keyword": graded(X, "t.scatter(x, 1, t.tensor([[0], [3], [1]]), value=-1.0)"),
    "scatter_one_hot": "t.zeros(3, 5).scatter_(1, t.tensor([[1], [4], [0]]), 1.0)",
    "scatter_add": f"""
{X}
{S}
y = t.scatter_add(x, 0, t.tensor([[0, 2, 2, 0], [2, 2, 0, 1]]), s)
(y * t.arange(1., 13.).reshape(3, 4)).sum().backward()
y, x.grad, s.grad
""",
    "scatter_add_inplace_counts": "t.zeros(4, dtype=t.int64).scatter_add_(0, t.tensor([1, 3, 1, 1]), t.ones(4, dtype=t.int64))",
    "scatter_dtype_error": "t.zeros(3).scatter(0, t.tensor([0]), t.ones(1, dtype=t.float64))",
    "scatter_index_dtype_error": "t.zeros(3).scatter(0, t.tensor([0.0]), 1.0)",
    "scatter_out_of_bounds_error": "t.zeros(3).scatter(0, t.tensor([3]), 1.0)",
    "index_add": f"""
{X}
{S}
y = x.index_add(0, t.tensor([2, 0]), s, alpha=2)
(y * t.arange(1., 13.).reshape(3, 4)).sum().backward()
y, x.grad, s.grad
""",
    "index_add_repeats": "t.zeros(3, 2).index_add_(0, t.tensor([0, 0, 2]), t.ones(3, 2))",
    "index_copy": f"""
{X}
{S}
y = x.index_copy(0, t.tensor([2, 0]), s)
(y * t.arange(1., 13.).reshape(3, 4)).sum().backward()
y, x.grad, s.grad
""",
    "index_fill": graded(X, "x.index_fill(1, t.tensor([1, 3]), -1.0)"),
    "index_fill_inplace": "y = t.ones(2, 3)\ny.index_fill_(0, t.tensor([1]), 0.5)\ny",
    "index_add_shape_error": "t.zeros(3, 2).index_add(0, t.tensor([0]), t.ones(2, 2))",
    "scatter_second_derivative_nodes": second_derivative_nodes(
        X, "x.scatter(0, t.tensor([[0, 2, 1, 0]]), 1.0)", "x.masked_select(x > 1)",
        "x.index_fill(1, t.tensor([1]), 0.0)"),
    # --- broadcasting, tiling, reshaping, grids ---------------------------------------------------
    "broadcast_to": graded(V, "t.broadcast_to(x, (2, 3))"),
    "broadcast_to_method": graded(V, "x.broadcast_to((2, -1))"),
    "broadcast_to_error": "t.ones(3).broadcast_to((2, 4))",
    "broadcast_tensors": "a = t.ones(3, 1, requires_grad=True)\nb = t.zeros(4)\nt.broadcast_tensors(a, b)",
    "broadcast_shapes": "t.broadcast_shapes((3, 1), (4,), (2, 1, 1))",
    "atleast": "z = t.tensor(2.0)\nv = t.ones(3)\nt.atleast_1d(z), t.atleast_2d(v), t.atleast_3d(v), t.atleast_3d(t.ones(2, 3)).shape, t.atleast_1d(z, v)",
    "tile": graded(X, "x.tile((2,))"),
    "tile_more_dims": graded(V, "t.tile(x, (2, 2))"),
    "unflatten": graded(X, "x.unflatten(1, (2, 2))"),
    "unflatten_minus_one": graded(X3, "t.unflatten(x, -1, (-1, 2))"),
    "meshgrid_ij": """
a = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = t.tensor([4.0, 5.0], requires_grad=True)
gx, gy = t.meshgrid(a, b, indexing='ij')
(gx * gy).sum().backward()
gx, gy, a.grad, b.grad
""",
    "meshgrid_xy": "gx, gy = t.meshgrid(t.arange(3), t.arange(2), indexing='xy')\ngx, gy",
    "meshgrid_default_warns": "t.meshgrid(t.arange(2), t.arange(2))",
    # --- new tensors, dtypes and layout -----------------------------------------------------------
    "new_factories": """
x = t.ones(2, 3, dtype=t.float64)
x.new_zeros(2), x.new_ones((1, 2)), x.new_full((2,), 7), x.new_empty(0).shape, x.new_tensor([1, 2]), x.new_zeros(2, dtype=t.int64)
""",
    "new_tensor_warns": "t.ones(2).new_tensor(t.ones(2))",
    "new_zeros_requires_grad": "t.ones(2).new_zeros(3, requires_grad=True)",
    "type_as": graded(X, "x.type_as(t.ones(1, dtype=t.float64))"),
    "type_as_same_dtype": "x = t.ones(2, requires_grad=True)\nx.type_as(t.zeros(1)) is x",
    "type_as_int": "t.tensor([1.7, -2.2]).type_as(t.tensor([1]))",
    "stride": """
x = t.arange(24.).reshape(2, 3, 4)
x.stride(), x.stride(1), x.stride(-1), x.t().stride() if x.ndim == 2 else x.transpose(0, 2).stride(), x[:, 1].stride(), t.ones(3, 1).expand(3, 4).stride(), t.tensor(1.0).stride(), x.diagonal(0, 1, 2).stride()
""",
    "storage_offset": "x = t.arange(24.).reshape(2, 3, 4)\nx.storage_offset(), x[1].storage_offset(), x[:, 1, 2:].storage_offset(), x.element_size(), t.ones(2, dtype=t.int8).element_size()",
    "H": graded(X, "x.H"),
    # --- einsum: torch's decomposition, node for node ---------------------------------------------
    **{f"einsum_{label}": f"""
rng_values = [((t.arange(float(n)) * 7 % 11 - 5) / 4) for n in {sizes}]
ops = [v.reshape({shapes}[i]).requires_grad_() for i, v in enumerate(rng_values)]
out = t.einsum({equation!r}, *ops)
(out * out).sum().backward()
out, out.grad_fn, [o.grad for o in ops]
""" for label, equation, shapes in (
        ("matmul", "ij,jk->ik", [(3, 4), (4, 5)]),
        ("transpose", "ij->ji", [(3, 4)]),
        ("sum_all", "ij->", [(3, 4)]),
        ("dot", "i,i->", [(4,), (4,)]),
        ("outer", "i,j->ij", [(3,), (4,)]),
        ("bmm", "bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
        ("attention", "bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
        ("rowwise_dot", "ij,ij->i", [(3, 4), (3, 4)]),
        ("diagonal", "ii->i", [(3, 3)]),
        ("trace", "ii", [(3, 3)]),
        ("chain", "ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
        ("ellipsis", "...ij,...jk->...ik", [(2, 3, 4), (4, 5)]),
        ("implicit", "ij,j", [(3, 4), (4,)]),
        ("sum_only_one", "ij,k->i", [(3, 4), (5,)]),
        ("conv_like", "nchw,kc->nkhw", [(2, 3, 2, 2), (4, 3)]),
        ("broadcast_one", "ab,ab,ab->ab", [(2, 3), (2, 3), (1, 3)]),
    ) for sizes in [[int(__import__("math").prod(s)) for s in shapes]]},
    "einsum_list_operands": "a = t.ones(2, 3)\nb = t.ones(3)\nt.einsum('ij,j->i', [a, b])",
    "einsum_spaces": "t.einsum('i j , j -> i', t.ones(2, 3), t.ones(3))",
    "einsum_second_derivative_nodes": second_derivative_nodes(
        "x = t.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=True)",
        "t.einsum('ij,kj->ik', x, x)", "t.einsum('bi,bj->bij', x, x)"),
    "einsum_too_many_operands_error": "t.einsum('ij->i', t.ones(2, 2), t.ones(2))",
    "einsum_too_few_operands_error": "t.einsum('ij,jk->ik', t.ones(2, 2))",
    "einsum_dims_error": "t.einsum('ijk->i', t.ones(2, 2))",
    "einsum_repeated_label_sizes_error": "t.einsum('ii', t.arange(12.).reshape(3, 4))",
    "einsum_repeated_label_3d_error": "t.einsum('iij->j', t.ones(2, 3, 4))",
    "einsum_repeated_label_later_error": "t.einsum('jii', t.ones(2, 3, 4))",
    "einsum_repeated_label": "t.einsum('iji->j', t.arange(12.).reshape(2, 3, 2)), t.einsum('ii', t.arange(9.).reshape(3, 3))",
    "einsum_subscript_error": "t.einsum('i1->i', t.ones(2, 2))",
    "einsum_broadcast_error": "t.einsum('ij,jk->ik', t.ones(2, 3), t.ones(4, 5))",
    "einsum_output_error": "t.einsum('ij->k', t.ones(2, 3))",
    # --- elementwise math -------------------------------------------------------------------------
    "erf": graded(X3, "t.erf(x)"),
    "erf_int": "t.erf(t.tensor([0, 1, 2]))",
    "atan2": graded(X, "t.atan2(x, t.tensor([1.0, -1.0, 0.5, -2.0]))"),
    "atan2_quadrants": "t.atan2(t.tensor([1.0, 1.0, -1.0, -1.0, 0.0]), t.tensor([1.0, -1.0, 1.0, -1.0, 0.0]))",
    "hypot": graded(X, "x.hypot(t.tensor([1.0, -1.0, 0.5, -2.0]))"),
    "logaddexp": graded(X, "t.logaddexp(x, t.tensor([1.0, -1.0, 0.5, 100.0]))"),
    "fmod_number": graded(X, "t.fmod(x, 0.75)"),
    "fmod_tensor": graded(X, "x.fmod(t.tensor([1.0, -1.5, 2.0, 0.75]))"),
    "fmod_ints": "t.fmod(t.tensor([5, -5, 7]), 3), t.fmod(t.tensor([5, -5]), t.tensor([3, -3])), t.tensor([5, -5]) % 3",
    "trunc_frac": graded(X, "x.trunc() + 2 * x.frac()"),
    "trunc_ints": "t.trunc(t.tensor([1, -2]))",
    "frac_int_error": "t.frac(t.tensor([1, 2]))",
    "nan_to_num": graded("x = t.tensor([1.0, float('nan'), float('inf'), -float('inf')], requires_grad=True)",
                         "t.nan_to_num(x)"),
    "nan_to_num_values": "t.tensor([float('nan'), float('inf'), -float('inf'), 2.0]).nan_to_num(nan=0.5, posinf=9.0, neginf=-9.0)",
    "nan_to_num_float64": "t.nan_to_num(t.tensor([float('inf')], dtype=t.float64))",
    "lerp_number": graded(X, "t.lerp(x, t.ones(4), 0.25)"),
    "lerp_large_weight": graded(X, "x.lerp(t.zeros(3, 4), 0.75)"),
    "lerp_tensor_weight": """
x = t.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
end = t.tensor([2.0, 0.0], requires_grad=True)
w = t.tensor([[0.1], [0.9]], requires_grad=True)
y = t.lerp(x, end, w)
(y * t.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
y, y.grad_fn, x.grad, end.grad, w.grad
""",
    "lerp_ema_inplace": "avg = t.zeros(3)\nfor v in (1.0, 2.0, 4.0):\n    avg.lerp_(t.full((3,), v), 0.1)\navg",
    "lerp_dtype_error": "t.lerp(t.ones(2), t.ones(2, dtype=t.float64), 0.5)",
    "addcmul": graded(X, "t.addcmul(x, x, t.tensor([1.0, -1.0, 0.5, 2.0]), value=0.5)"),
    "addcdiv": graded(X, "x.addcdiv(t.ones(3, 4), t.tensor([1.0, -1.0, 0.5, 2.0]), value=-2)"),
    "addcmul_adam_style": """
m = t.zeros(3)
v = t.zeros(3)
g = t.tensor([0.1, -0.2, 0.3])
m.mul_(0.9).add_(g, alpha=0.1)
v.mul_(0.999).addcmul_(g, g, value=0.001)
p = t.ones(3)
p.addcdiv_(m, v.sqrt().add_(1e-8), value=-0.01)
m, v, p
""",
    "addcdiv_int_error": "t.addcdiv(t.ones(2), t.tensor([1, 2]), t.tensor([1, 2]))",
    "isclose": "t.isclose(t.tensor([1.0, 2.0, float('nan'), 1e10]), t.tensor([1.0 + 1e-9, 2.1, float('nan'), 1.00001e10])), t.isclose(t.tensor([float('nan')]), t.tensor([float('nan')]), equal_nan=True)",
    "isclose_tolerances": "t.ones(3).isclose(t.tensor([1.05, 1.2, 0.9]), rtol=0.1, atol=0.0)",
    "inplace_math": """
x = t.tensor([0.25, 4.0, 9.0])
x.sqrt_(), x.log_(), x.abs_(), x.neg_() if False else x.exp_(), x.sigmoid_(), x.tanh_(), x.reciprocal_(), x.clamp_min_(1.5), x.clamp_max_(1.6)
""",
    "inplace_records": """
a = t.tensor([0.5, 2.0], requires_grad=True)
b = a * 1.0
b.log_()
b.sqrt_()
b.sum().backward()
b, b.grad_fn, a.grad
""",
    # --- unique, count_nonzero, repeat_interleave, diff -------------------------------------------
    "unique": "x = t.tensor([[3, 1, 3], [1, 1, 2]])\nt.unique(x), x.unique(return_inverse=True, return_counts=True)",
    "unique_dim": "t.unique(t.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True, return_counts=True)",
    "unique_float": "t.tensor([2.5, -1.0, 2.5, 0.0]).unique()",
    "count_nonzero": "x = t.tensor([[0, 1, 2], [0, 0, 3]])\nt.count_nonzero(x), x.count_nonzero(1), t.count_nonzero(x, dim=(0, 1))",
    "repeat_interleave": graded(X, "x.repeat_interleave(2)"),
    "repeat_interleave_dim": graded(X, "t.repeat_interleave(x, 3, dim=1)"),
    "repeat_interleave_tensor": graded(X, "x.repeat_interleave(t.tensor([1, 0, 2]), dim=0)"),
    "repeat_interleave_counts": "t.repeat_interleave(t.tensor([2, 0, 1])), t.tensor(3.0).repeat_interleave(2)",
    "repeat_interleave_size_error": "t.ones(3).repeat_interleave(t.tensor([1, 2]))",
    "diff": graded(X, "x.diff()"),
    "diff_twice_dim0": graded(X, "t.diff(x, n=2, dim=0)"),
    "diff_prepend": graded(V, "t.diff(x, prepend=t.zeros(1), append=t.ones(2))"),
    # --- dtype limits, random fills, dropout, logspace --------------------------------------------
    "finfo": "t.finfo(), t.finfo(t.float64), t.finfo(t.float16), t.finfo().eps, t.finfo(t.float32).max, t.finfo(t.float32).tiny, t.finfo(t.float64).bits, t.finfo().dtype",
    "iinfo": "t.iinfo(t.int64), t.iinfo(t.uint8), t.iinfo(t.int32).max, t.iinfo(t.int8).min, t.iinfo(t.int16).bits",
    "finfo_int_error": "t.finfo(t.int64)",
    "iinfo_float_error": "t.iinfo(t.float32)",
    "iinfo_bool_error": "t.iinfo(t.bool)",
    "masked_fill_with_finfo_min": "t.zeros(2, 2).masked_fill(t.tensor([[False, True], [False, False]]), t.finfo(t.float32).min)",
    "logspace": "t.logspace(0, 2, 3), t.logspace(0, 3, 4, base=2, dtype=t.float64), t.logspace(-1, 1, 5)",
    "bernoulli_certain": "t.bernoulli(t.tensor([0.0, 1.0, 1.0])), t.zeros(3).bernoulli_(1.0), t.ones(2).bernoulli_(0.0), t.tensor([0.0, 1.0]).bernoulli()",
    "random_fill_range": "t.zeros(4, dtype=t.int64).random_(3, 4), t.zeros(2).random_(1, 2)",
    "dropout_eval_and_zero": "x = t.ones(2, 3)\nt.dropout(x, 0.5, False) is x, t.dropout(x, 0.0, True) is x, t.dropout(x, 1.0, True)",
    # --- more products ----------------------------------------------------------------------------
    "vdot": graded(V, "t.vdot(x, t.tensor([1.0, 2.0, -0.5]))"),
    "vdot_size_error": "t.vdot(t.ones(2), t.ones(3))",
    "cross": graded(X3 + "\nx = x[:, :, :3]", "t.cross(x, t.tensor([1.0, -1.0, 0.5]).expand(2, 3, 3), dim=2)"),
    "cross_default_dim_warns": "t.cross(t.eye(3), t.ones(3, 3))",
    "cross_length_error": "t.cross(t.ones(2, 2), t.ones(2, 2), dim=1)",
    "addmv": graded(V, "t.addmv(x, t.ones(3, 2), t.tensor([1.0, -2.0]), beta=0.5, alpha=2)"),
    "addr": graded(X, "x.addr(t.tensor([1.0, 2.0, 3.0]), t.tensor([0.5, -1.0, 2.0, 1.0]), alpha=-1)"),
    "baddbmm": graded(X, "t.baddbmm(x, t.ones(2, 3, 2), t.ones(2, 2, 4) * 0.5, beta=2)"),
    "baddbmm_beta_zero_ignores_nan": "t.baddbmm(t.full((1, 2, 2), float('nan')), t.ones(1, 2, 3), t.ones(1, 3, 2), beta=0)",
    "inner": graded(X, "t.inner(x, t.ones(5, 4))"),
    "inner_vectors": graded(V, "x.inner(x)"),
    "kron": graded("x = t.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)", "t.kron(x, t.tensor([[0.0, 1.0], [1.0, 0.5]]))"),
    "kron_mixed_dims": "t.kron(t.tensor([1.0, 2.0]), t.ones(2, 2))",
    "searchsorted": "t.searchsorted(t.tensor([1, 3, 5, 7]), t.tensor([3, 6, 9])), t.searchsorted(t.tensor([1, 3, 5, 7]), t.tensor([3, 6, 9]), right=True), t.searchsorted(t.tensor([[1.0, 3.0], [2.0, 4.0]]), t.tensor([[2.0], [5.0]]), side='right')",
    "bucketize": "t.bucketize(t.tensor([3, 6, 9]), t.tensor([1, 3, 5, 7])), t.bucketize(t.tensor([[0.5, 3.0]]), t.tensor([1.0, 3.0]), right=True, out_int32=True)",
    "rot90": graded(X, "t.rot90(x)"),
    "rot90_k_dims": graded(X3, "x.rot90(3, (2, 0))"),
    "rot90_negative": graded(X, "t.rot90(x, -1, [1, 0])"),
    "rot90_dims_error": "t.rot90(t.ones(2, 2), 1, [0, 0])",
    "rot90_second_derivative_nodes": second_derivative_nodes(X, "x.rot90(2)"),
    "cosine_similarity_torch_level": graded(X, "t.cosine_similarity(x, t.tensor([1.0, 0.5, -1.0, 2.0]).expand(3, 4))"),
    # --- tril_indices / triu_indices ----------------------------------------------------------------
    "tril_triu_indices": "t.tril_indices(3, 3), t.tril_indices(3, 4, 1), t.tril_indices(4, 3, -1), t.triu_indices(3, 3), t.triu_indices(3, 4, -1), t.triu_indices(0, 3), t.tril_indices(2, 2, dtype=t.int32), t.triu_indices(3, 2, 5), t.tril_indices(3, 2, -5), t.tril_indices(2, 2, device='cpu'), t.triu_indices(2, 2, 0, dtype=None)",
    "tril_indices_negative_row": "t.tril_indices(-1, 3)",
    "triu_indices_negative_col": "t.triu_indices(3, -1)",
    "tril_indices_float_dtype": "t.tril_indices(3, 3, dtype=t.float32)",
    "triu_indices_bool_dtype": "t.triu_indices(2, 2, dtype=t.bool)",
    "tril_indices_uint8_dtype": "t.tril_indices(2, 2, dtype=t.uint8)",
    "tril_indices_float_row": "t.tril_indices(3.0, 3)",
    "triu_indices_float_offset": "t.triu_indices(2, 2, 0.5)",
    "tril_indices_missing_col": "t.tril_indices(3)",
    "tril_indices_requires_grad": "t.tril_indices(2, 2, requires_grad=True)",

    # --- fill_diagonal_, ger, split_with_sizes, layout and the tensor's kind ------------------------
    "fill_diagonal": "t.arange(6.).reshape(2, 3).fill_diagonal_(5), t.zeros(3, 3).fill_diagonal_(1, wrap=True), t.zeros(7, 3).fill_diagonal_(1, wrap=True), t.zeros(7, 3).fill_diagonal_(1), t.zeros(4, 3).fill_diagonal_(2, True), t.zeros(2, 2, 2).fill_diagonal_(3), t.ones(2, 2, dtype=t.long).fill_diagonal_(2.7), t.zeros(2, 2).fill_diagonal_(t.tensor(2.0))",
    "fill_diagonal_grad": """
x = t.ones(5, 2, requires_grad=True)
a = x * 1
a.fill_diagonal_(3, wrap=True)
(a * t.arange(10.).reshape(5, 2)).sum().backward()
a, a.grad_fn.name(), x.grad
""",
    "fill_diagonal_vector_error": "t.ones(3).fill_diagonal_(1)",
    "fill_diagonal_unequal_error": "t.ones(2, 3, 3).fill_diagonal_(1)",
    "fill_diagonal_leaf_error": "t.ones(2, 2, requires_grad=True).fill_diagonal_(1)",
    "ger": graded(V, "t.ger(x, x * 2)"),
    "ger_method": "t.tensor([1.0, 2.0]).ger(t.tensor([1.0, 1.0]))",
    "split_with_sizes": graded(V, "t.split_with_sizes(x, [1, 2])[1]"),
    "split_with_sizes_method": "t.arange(6.).split_with_sizes([2, 4]), t.arange(6.).reshape(2, 3).split_with_sizes([1, 2], dim=1)",
    "split_with_sizes_int_error": "t.split_with_sizes(t.arange(3), 1)",
    "tensor_kind": "x = t.ones(2, 3)\nx.is_cpu, x.get_device(), x.layout, x.is_meta, x.is_sparse, x.is_quantized, x.is_nested, x.is_signed(), t.ones(1, dtype=t.uint8).is_signed(), t.ones(1, dtype=t.bool).is_signed(), x.is_same_size(t.ones(2, 3)), x.is_same_size(t.ones(3, 2))",
    "layout": "t.strided, t.zeros(2, layout=t.strided), t.eye(2, layout=None)",
    "layout_errors": "t.zeros(2, layout='x')",
    "layout_instances": "t.layout()",
    "is_same_size_error": "t.ones(2).is_same_size(3)",
    # --- gradient: finite differences from samples ---------------------------------------------------
    "gradient": """
x = t.tensor([1., 4, 9, 16, 25], requires_grad=True)
g = t.gradient(x)
g[0].sum().backward()
y = t.arange(12.).reshape(3, 4) ** 2
g, [n[0].name() for n in g[0].grad_fn.next_functions], x.grad, t.gradient(x, spacing=2.), t.gradient(x, edge_order=2), t.gradient(y), t.gradient(y, dim=1), t.gradient(y, dim=-1), t.gradient(t.tensor([1, 4, 9])), t.gradient(y, spacing=[2., 3.]), t.gradient(y, spacing=2., dim=[1]), t.gradient(y, spacing=[3.], dim=0), t.gradient(t.tensor([1., 4, 9, 16, 25], dtype=t.float64), spacing=0.1, edge_order=2)
""",
    "gradient_coordinates": """
def tree(node):
    if node is None or node.name().endswith('AccumulateGrad'):
        return 'leaf' if node is not None else None
    return [node.name()] + [tree(n) for n, _ in node.next_functions]
z = t.tensor([1., 4, 9, 16, 25], requires_grad=True)
c = t.tensor([0., 1, 3, 4, 7], requires_grad=True)
r = t.gradient(z, spacing=(c,), edge_order=2)[0]
r.sum().backward()
y = t.arange(12.).reshape(3, 4) ** 2
r, tree(r.grad_fn), tree(t.gradient(z, edge_order=2)[0].grad_fn), z.grad, c.grad, t.gradient(z, spacing=(t.tensor([0., 1, 3, 4, 7]),)), t.gradient(y, spacing=(t.tensor([0., 1, 3]), t.tensor([0., 2, 3, 5])), edge_order=2)
""",
    "gradient_spacing_length_error": "t.gradient(t.tensor([1., 4, 9]), spacing=[1., 2.])",
    "gradient_spacing_dim_length_error": "t.gradient(t.ones(3, 4), spacing=[1., 2., 3.], dim=[0, 1])",
    "gradient_dim_error": "t.gradient(t.tensor([1., 4, 9]), dim=1)",
    "gradient_edge_order_error": "t.gradient(t.tensor([1., 4, 9]), edge_order=3)",
    "gradient_size_error": "t.gradient(t.tensor([1., 2]), edge_order=2)",
    "gradient_one_sample_error": "t.gradient(t.tensor([1.]))",
    # --- asarray ---------------------------------------------------------------------------------------
    "asarray": """
import numpy as np
a = np.ones(2)
shared = t.asarray(a)
b = np.ones(2)
copied = t.asarray(b, copy=True)
a[0] = 5
b[0] = 5
x = t.ones(2)
z = t.ones(2)
zr = t.asarray(z, requires_grad=True)
r = t.ones(2, requires_grad=True)
shared, copied, t.asarray([1, 2]), t.asarray([1., 2]), t.asarray(3), t.asarray([1, 2], dtype=t.float32, requires_grad=True), t.asarray(x) is x, t.asarray(r, requires_grad=True) is r, t.asarray(r, dtype=t.float64).grad_fn.name(), t.asarray(r, copy=True).grad_fn.name(), zr is z, z.requires_grad, t.asarray(np.ones(2), requires_grad=True), t.asarray(np.float32(2.5)), t.asarray((1, 2.5)), t.asarray([np.float32(1)]).dtype, t.asarray(np.ones(2, dtype=np.float32), dtype=t.float64)
""",
    "asarray_alias_dtype_error": "import numpy as np\nt.asarray(np.ones(2), dtype=t.float32, copy=False)",
    "asarray_alias_tensor_dtype_error": "t.asarray(t.ones(2, dtype=t.float64), dtype=t.float32, copy=False)",
    "asarray_int_requires_grad_error": "t.asarray([1, 2], requires_grad=True)",
}
