"""Statistics and running reductions: std_mean/var_mean, aminmax, kthvalue, cummax/cummin,
logcumsumexp — values, dtypes (integer inputs too), shapes, ``torch.return_types`` fields, keepdim,
grad_fn names, gradients (ties shared or picked as torch picks them), warnings and errors against
torch 2.x."""

from tests.parity.cases_reductions import TIES, X3, X, graded

PAIR = """
x = {values}
result = {expr}
a, b = result
(a * t.arange(1., a.numel() + 1.).reshape(a.shape) + b * 3).sum().backward()
result, a.grad_fn, x.grad
"""


def pair(expr: str, values: str = "t.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=True)"
         ) -> str:
    """Both outputs of a two-output op, and the gradient of a weighted sum of both."""
    return PAIR.format(values=values, expr=expr)


ONE_OUTPUT = """
x = {values}
a, b = {expr}
a.sum().backward()
x.grad
"""

CASES = {
    # --- var_mean / std_mean ----------------------------------------------------------------------
    "var_mean_all": pair("t.var_mean(x)"),
    "var_mean_dim_keepdim": pair("t.var_mean(x, 1, keepdim=True)"),
    "var_mean_correction": pair("t.var_mean(x, dim=0, correction=0)"),
    "var_mean_unbiased_positional": pair("t.var_mean(x, (0, 1), False, True)"),
    "var_mean_unbiased_only": pair("t.var_mean(x, False)"),
    "std_mean_all": pair("t.std_mean(x)"),
    "std_mean_dims": pair("t.std_mean(x, [0, 1], keepdim=True)"),
    "std_mean_neg_dim": pair("t.std_mean(x, -1, correction=2)"),
    "std_mean_only_std_used": ONE_OUTPUT.format(values=X.split(" = ")[1], expr="t.std_mean(x, 0)"),
    "var_mean_only_mean_used": """
x = t.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=True)
v, m = t.var_mean(x, 1)
m.sum().backward()
x.grad
""",
    "std_mean_constant_row": pair("t.std_mean(x, 1)", "t.tensor([[2.0, 2.0], [1.0, 3.0]], requires_grad=True)"),
    "var_mean_dof_warning": "t.var_mean(t.tensor([1.0]))",
    "std_mean_empty": "t.std_mean(t.zeros(0))",
    "var_mean_int_error": "t.var_mean(t.tensor([1, 2]))",
    "var_mean_dim_float_error": "t.var_mean(t.tensor([1.0, 2.0]), 1.5)",
    # --- aminmax ------------------------------------------------------------------------------------
    "aminmax_all": pair("t.aminmax(x)"),
    "aminmax_ties": pair("t.aminmax(x)", TIES.split(" = ")[1]),
    "aminmax_dim_ties": pair("t.aminmax(x, dim=1)", TIES.split(" = ")[1]),
    "aminmax_keepdim": pair("x.aminmax(dim=-1, keepdim=True)", X3.split(" = ")[1]),
    "aminmax_all_keepdim": pair("t.aminmax(x, keepdim=True)"),
    "aminmax_repr_fields": "r = t.aminmax(t.tensor([3, 1, 2])); r, r.min, r.max",
    "aminmax_bool": "t.aminmax(t.tensor([True, False]))",
    "aminmax_nan": "t.aminmax(t.tensor([[1.0, float('nan')], [2.0, 0.5]]), dim=1)",
    "aminmax_0d": "t.aminmax(t.tensor(2.0), dim=0)",
    "aminmax_empty_error": "t.aminmax(t.zeros(0))",
    "aminmax_empty_dim_error": "t.aminmax(t.zeros(2, 0), dim=1)",
    "aminmax_empty_other_dim": "t.aminmax(t.zeros(2, 0), dim=0)",
    "aminmax_tuple_dim_error": "t.aminmax(t.ones(2, 2), dim=(0, 1))",
    # --- kthvalue ---------------------------------------------------------------------------------
    "kthvalue_dim": graded(X, "t.kthvalue(x, 2, 1)"),
    "kthvalue_default_dim_keepdim": graded(X3, "x.kthvalue(3, keepdim=True)"),
    "kthvalue_dim0": graded(X3, "t.kthvalue(x, 1, 0)"),
    "kthvalue_ties": graded(TIES, "t.kthvalue(x, 2)"),
    "kthvalue_many_ties": "[t.kthvalue(t.tensor([3., 1., 3., 3., 2., 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]), k) for k in (3, 7, 12)]",
    "kthvalue_ties_int": "[t.kthvalue(t.tensor([[2, 1, 2, 2, 1, 2, 0, 2], [5, 5, 5, 5, 5, 5, 5, 5]]), k) for k in (2, 4, 8)]",
    "kthvalue_nan_largest": "t.kthvalue(t.tensor([1.0, float('nan'), 0.0]), 3), t.kthvalue(t.tensor([1.0, float('nan'), 0.0]), 2)",
    "kthvalue_0d": graded(Z := "x = t.tensor(-1.5, requires_grad=True)", "t.kthvalue(x, 1)"),
    "kthvalue_k_error": "t.kthvalue(t.tensor([1.0, 2.0]), 3)",
    "kthvalue_k_zero_error": "t.kthvalue(t.tensor([1.0, 2.0]), 0)",
    "kthvalue_k_float_error": "t.kthvalue(t.tensor([1.0, 2.0]), 1.5)",
    "kthvalue_empty_error": "t.kthvalue(t.zeros(2, 0), 1)",
    "kthvalue_bool_error": "t.kthvalue(t.tensor([True, False]), 1)",
    # --- cummax / cummin ------------------------------------------------------------------------
    "cummax_ties": graded(TIES, "t.cummax(x, 1)"),
    "cummin_dim0": graded(X, "t.cummin(x, 0)"),
    "cummax_method_neg": graded(X3, "x.cummax(-1)"),
    "cummin_ties": graded(TIES, "x.cummin(dim=1)"),
    "cummax_int": "t.cummax(t.tensor([1, 3, 2, 3]), 0)",
    "cummin_bool": "t.cummin(t.tensor([True, False, True]), 0)",
    "cummax_nan": "t.cummax(t.tensor([3., 1., float('nan'), 4, float('nan')]), 0)",
    "cummin_nan": "t.cummin(t.tensor([3., 1., float('nan'), 0, float('nan')]), 0)",
    "cummax_0d": graded(Z, "t.cummax(x, 0)"),
    "cummax_empty": "t.cummax(t.zeros(0), 0)",
    "cummax_dim_error": "t.cummax(t.tensor([1.0, 2.0]), 1)",
    "cummin_dim_none_error": "t.cummin(t.tensor([1.0, 2.0]), dim=None)",
    # --- logcumsumexp -------------------------------------------------------------------------------
    "logcumsumexp_dim1": graded(X, "t.logcumsumexp(x, 1)"),
    "logcumsumexp_dim0_method": graded(X3, "x.logcumsumexp(0)"),
    "logcumsumexp_large": graded("x = t.tensor([1000.0, 1000.0, -1000.0, 999.0], requires_grad=True)", "x.logcumsumexp(0)"),
    "logcumsumexp_infs": "t.logcumsumexp(t.tensor([-float('inf'), -float('inf'), 1.0]), 0), t.logcumsumexp(t.tensor([float('inf'), 1.0]), 0)",
    "logcumsumexp_0d": graded(Z, "t.logcumsumexp(x, 0)"),
    "logcumsumexp_int_error": "t.logcumsumexp(t.tensor([1, 2]), 0)",
    "logcumsumexp_double_backward": """
x = t.tensor([0.5, -1.0, 2.0, 0.0], dtype=t.float64, requires_grad=True)
(g,) = t.autograd.grad((x.logcumsumexp(0) * t.tensor([1.0, -2.0, 0.5, 3.0], dtype=t.float64)).sum(), x, create_graph=True)
(g * t.arange(1., 5., dtype=t.float64)).sum().backward()
g.detach(), x.grad
""",
}

M = "x = t.tensor([[1.0, 2.0, 4.0], [0.0, 1.0, -1.0], [2.0, 2.0, 3.0]], requires_grad=True)"
CASES.update({
    # --- cov / corrcoef -----------------------------------------------------------------------------
    "cov": graded(M, "t.cov(x)"),
    "cov_correction": graded(M, "x.cov(correction=0)"),
    "cov_vector": graded("x = t.tensor([1.0, 2.0, 4.0], requires_grad=True)", "t.cov(x)"),
    "cov_fweights": graded(M, "t.cov(x, fweights=t.tensor([1, 2, 1]))"),
    "cov_aweights": graded(M, "t.cov(x, aweights=t.tensor([0.5, 2.0, 1.0]))"),
    "cov_both_weights": graded(M, "t.cov(x, correction=2, fweights=t.tensor([1, 2, 1]), aweights=t.tensor([0.5, 2.0, 1.0]))"),
    "cov_int": "t.cov(t.tensor([1, 2, 4])), t.cov(t.tensor([[1, 2], [0, 5]])), t.cov(t.tensor([[1, 2], [0, 5]], dtype=t.float64))",
    "cov_dof_warning": "t.cov(t.tensor([1.0])), t.cov(t.tensor(2.0))",
    "cov_3d_error": "t.cov(t.ones(2, 2, 2))",
    "cov_bool_error": "t.cov(t.tensor([True]))",
    "cov_fweights_float_error": "t.cov(t.ones(2, 3), fweights=t.tensor([1.0, 2.0, 1.0]))",
    "cov_fweights_negative_error": "t.cov(t.ones(2, 3), fweights=t.tensor([1, -2, 1]))",
    "cov_fweights_numel_error": "t.cov(t.ones(2, 3), fweights=t.tensor([1, 2]))",
    "cov_aweights_2d_error": "t.cov(t.ones(2, 3), aweights=t.tensor([[1.0, 2.0, 1.0]]))",
    "cov_aweights_int_error": "t.cov(t.ones(2, 3), aweights=t.tensor([1, 2, 1]))",
    "cov_weights_zero_error": "t.cov(t.ones(2, 3), aweights=t.tensor([0.0, 0.0, 0.0]))",
    "cov_correction_float_error": "t.cov(t.ones(2, 3), correction=0.5)",
    "corrcoef": graded("x = t.tensor([[1.0, 2.0, 4.0], [0.0, 1.5, -1.0]], requires_grad=True)",
                       "t.corrcoef(x)"),
    "corrcoef_constant_row": "t.corrcoef(t.tensor([[1.0, 2.0, 4.0], [3.0, 1.0, 1.0], [2.0, 2.0, 2.0]]))",
    "corrcoef_vector_int": "t.corrcoef(t.tensor([1.0, 2.0, 4.0])), t.corrcoef(t.tensor([1, 2, 4])), t.tensor([2.0, 2.0]).corrcoef()",
    "corrcoef_3d_error": "t.corrcoef(t.ones(2, 2, 2))",
})

Q = "x = t.tensor([[1.0, 5.0, 2.0, 4.0], [3.0, 3.0, 0.0, -1.0]], requires_grad=True)"
QUANTILE_GRAPH = """
{setup}
out = {expr}
names, seen, todo = [], set(), [out.grad_fn]
while todo:
    node = todo.pop(0)
    if node is not None and id(node) not in seen:
        seen.add(id(node))
        names.append(node.name())
        todo.extend(f for f, _ in node.next_functions)
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, names, x.grad
"""


def quantile_case(expr: str, setup: str = Q) -> str:
    """The quantile's value, every node of its graph, and the gradient of a weighted sum."""
    return QUANTILE_GRAPH.format(setup=setup, expr=expr)


CASES.update({
    # --- quantile / nanquantile ---------------------------------------------------------------------
    "quantile_all": quantile_case("t.quantile(x, 0.3)"),
    "quantile_dim_last": quantile_case("x.quantile(0.3, dim=1)"),
    "quantile_dim0": quantile_case("t.quantile(x, 0.6, dim=0, keepdim=True)"),
    "quantile_q_tensor": quantile_case("t.quantile(x, t.tensor([0.25, 0.5, 1.0]), dim=1, keepdim=True)"),
    "quantile_q_tensor_all": quantile_case("t.quantile(x, t.tensor([0.0, 0.75]))"),
    **{f"quantile_{mode}": quantile_case(f"t.quantile(x, t.tensor([0.1, 0.3, 0.5]), dim=-1, interpolation='{mode}')")
       for mode in ("lower", "higher", "midpoint", "nearest")},
    "quantile_all_keepdim": quantile_case("t.quantile(x, 0.5, keepdim=True)"),
    "quantile_ties": quantile_case("t.quantile(x, 0.5, dim=1)", "x = t.tensor([[2.0, 2.0, 2.0, 1.0]], requires_grad=True)"),
    "nanquantile": quantile_case("t.nanquantile(x, 0.3, dim=0)",
                                 "x = t.tensor([[1.0, float('nan'), 2.0], [3.0, 4.0, float('nan')], [0.5, 1.0, float('nan')]], requires_grad=True)"),
    "quantile_nan": "t.quantile(t.tensor([1.0, float('nan'), 3.0]), 0.5), t.nanquantile(t.tensor([1.0, float('nan'), 3.0]), 0.5), t.nanquantile(t.tensor([float('nan')] * 2), 0.5)",
    "quantile_0d_float64": "t.quantile(t.tensor(2.0, dtype=t.float64), 0.5, dim=0, keepdim=True), t.quantile(t.tensor([0.0, 1.0], dtype=t.float64), t.tensor(0.25, dtype=t.float64))",
    "quantile_empty_error": "t.quantile(t.zeros(0), 0.5)",
    "quantile_q_range_error": "t.quantile(t.ones(3), 1.5)",
    "quantile_q_values_error": "t.quantile(t.ones(3), t.tensor([0.5, 1.5]))",
    "quantile_int_error": "t.quantile(t.tensor([1, 2]), 0.5)",
    "quantile_q_dtype_error": "t.quantile(t.ones(3), t.tensor([0.5], dtype=t.float64))",
    "quantile_q_2d_error": "t.quantile(t.ones(3), t.ones(1, 1) / 2)",
    "quantile_interpolation_error": "t.nanquantile(t.ones(3), 0.5, interpolation='cubic')",
    "quantile_dim_error": "t.quantile(t.ones(3), 0.5, dim=1)",
    # --- bincount / histc ----------------------------------------------------------------------------
    "bincount": "t.bincount(t.tensor([1, 1, 3])), t.bincount(t.tensor([1, 1, 3]), minlength=6), t.bincount(t.tensor([1, 2], dtype=t.uint8)), t.bincount(t.tensor([], dtype=t.int64))",
    "bincount_weights": "t.bincount(t.tensor([1, 1, 3]), weights=t.tensor([0.5, 1.0, 2.0])), t.bincount(t.tensor([1, 1, 3]), t.tensor([0.5, 1.0, 2.0], dtype=t.float64)), t.tensor([0, 2]).bincount(t.tensor([1, 2]))",
    "bincount_weights_grad": """
w = t.tensor([0.5, 1.0, 2.0], requires_grad=True)
out = t.bincount(t.tensor([1, 1, 3]), w)
out, out.grad_fn
""",
    "bincount_negative_error": "t.bincount(t.tensor([-1, 1]))",
    "bincount_2d_error": "t.bincount(t.tensor([[1, 2]]))",
    "bincount_float_error": "t.bincount(t.tensor([1.0, 2.0]))",
    "bincount_minlength_error": "t.bincount(t.tensor([1, 2]), minlength=-1)",
    "bincount_weights_error": "t.bincount(t.tensor([1, 2]), weights=t.tensor([1.0]))",
    "histc": "t.histc(t.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3), t.histc(t.tensor([1.0, 2.0, 1.0]), bins=3), t.tensor([1.0, 2.0, 5.0]).histc(2, 0, 4)",
    "histogram_method": "x = t.tensor([1.0, 2.0, 1.0, 4.0])\nx.histogram(2), x.histogram(3, range=(0., 4.)), x.histogram(t.tensor([0., 1.5, 5.])), x.histogram(2, weight=t.tensor([1., 2., 3., 4.]), density=True)",
    "histc_default_bins": "t.histc(t.tensor([1.0, 2.0, 1.0]))",
    "histc_edges": "t.histc(t.tensor([0.1, 0.2, 0.3, 0.7]), bins=10, min=0, max=1), t.histc(t.tensor([0.0, 1.0, 2.0, 3.0]), bins=3, min=0, max=3)",
    "histc_equal_bounds": "t.histc(t.tensor([1.0, 1.0, 1.0]), bins=2), t.histc(t.tensor([]), bins=2), t.histc(t.tensor([1.0, 2.0], dtype=t.float64), bins=2)",
    "histc_no_grad": "x = t.tensor([1.0, 2.0, 1.0], requires_grad=True)\nt.histc(x, bins=3)",
    "histc_int_error": "t.histc(t.tensor([1, 2, 1]), bins=3)",
    "histc_bins_error": "t.histc(t.tensor([1.0, 2.0]), bins=0)",
    "histc_bounds_error": "t.histc(t.tensor([1.0, 2.0]), bins=2, min=3, max=1)",
    "histc_inf_error": "t.histc(t.tensor([1.0, float('inf')]), bins=2)",
})

N = "x = t.tensor([[1.0, float('nan'), 3.0, 2.0], [float('nan'), float('nan'), 0.5, 0.5], [4.0, 2.0, 2.0, 1.0]], requires_grad=True)"
CASES.update({
    # --- nanmedian, dist, unique_consecutive ------------------------------------------------------
    "nanmedian_all": graded(N, "t.nanmedian(x)"),
    "nanmedian_dim": graded(N, "x.nanmedian(1)"),
    "nanmedian_dim0_keepdim": graded(N, "t.nanmedian(x, 0, keepdim=True)"),
    "nanmedian_all_nan": graded("x = t.tensor([[float('nan'), float('nan')], [1.0, float('nan')]], requires_grad=True)", "t.nanmedian(x, 1)"),
    "nanmedian_ties_all": graded("x = t.tensor([2.0, 1.0, 2.0, 2.0, float('nan')], requires_grad=True)", "t.nanmedian(x)"),
    "nanmedian_edges": "t.nanmedian(t.tensor([float('nan')] * 2)), t.nanmedian(t.tensor([3, 1, 2, 2])), t.nanmedian(t.zeros(0))",
    "nanmedian_empty_dim_error": "t.nanmedian(t.zeros(2, 0), 1)",
    **{f"dist_p{label}": f"""
a = t.tensor([[1.0, 2.0, 2.0], [0.5, -1.0, 3.0]], requires_grad=True)
b = t.tensor([0.0, 2.0, 1.0], requires_grad=True)
out = t.dist(a, b, {p})
out.backward()
out, out.grad_fn, a.grad, b.grad
""" for label, p in (("2", "2"), ("1", "1"), ("inf", "float('inf')"), ("3", "3"), ("half", "0.5"))},
    "dist_values": "t.dist(t.tensor([1.0, 2.0]), t.tensor([0.0, 0.0]), 0), t.tensor([1.0, 2.0]).dist(t.tensor([0.0, 0.0], dtype=t.float64))",
    "dist_int_error": "t.dist(t.tensor([1, 2]), t.tensor([0, 0]))",
    # --- trace (torch's, the sum of a diagonal; the lab's trace() takes no tensor) -------------------
    "trace": "t.trace(t.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), t.eye(3)[:, :2].trace(), t.trace(t.zeros(0, 3)), t.trace(input=t.eye(2, dtype=t.float64)), t.trace(t.ones(2, 2, dtype=t.float16))",
    "trace_int": "t.trace(t.tensor([[1, 2], [3, 4]], dtype=t.int8)), t.trace(t.tensor([[200, 2], [3, 100]], dtype=t.uint8))",
    "trace_grad": """
a = t.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = t.trace(a * 2)
y.backward()
y, a.grad
""",
    "trace_vector_error": "t.trace(t.ones(3))",
    "trace_3d_error": "t.trace(t.ones(2, 2, 2))",
    "trace_bool_error": "t.trace(t.tensor([[True, False], [False, True]]))",
    "trace_list_error": "t.trace([[1.0, 2.0]])",
    "unique_consecutive": "t.unique_consecutive(t.tensor([1, 1, 2, 2, 3, 1, 1, 2])), t.unique_consecutive(t.tensor([1, 1, 2, 2, 3, 1, 1, 2]), return_inverse=True, return_counts=True)",
    "unique_consecutive_dim": "t.unique_consecutive(t.tensor([[1, 1], [1, 1], [2, 3]]), dim=0), t.tensor([[1, 1, 2], [1, 1, 3]]).unique_consecutive(return_counts=True, dim=1), t.unique_consecutive(t.tensor([[2, 2], [3, 3]]), return_inverse=True)",
    "unique_consecutive_float": "t.unique_consecutive(t.tensor([1.0, float('nan'), float('nan'), 2.0, 2.0])), t.unique_consecutive(t.tensor([], dtype=t.int64))",
})
