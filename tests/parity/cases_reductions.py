"""Reductions (issue: the op library): sum, mean, prod, max/min (whole, along a dim with
``torch.return_types``, binary), amax/amin, argmax/argmin, var/std, norm, logsumexp, cumsum — dims
(int, tuple, negative), keepdim, 0-d and empty inputs, ties, values, gradients, grad_fn names,
next_functions, warnings and errors against torch 2.x."""

from tests.parity import second_derivative_nodes

# Distinct values (and a zero), so a gradient sent to the wrong element shows.
X = "x = t.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=True)"
# multiples of 1/4: float32 sums and products are exact, so printed values match torch's digit for digit
X3 = "x = ((t.arange(24.).reshape(2, 3, 4) * 5 % 11 - 5) / 4).requires_grad_()"
TIES = "x = t.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], requires_grad=True)"
XNAN = "x = t.tensor([[1.0, float('nan'), 2.5], [-3.0, 0.5, float('nan')]], requires_grad=True)"
Z = "x = t.tensor(-1.5, requires_grad=True)"
E = "x = t.zeros(2, 0, requires_grad=True)"


def graded(setup: str, expr: str) -> str:
    """Build ``out = expr`` (or its values, for ``(values, indices)`` results) and backpropagate a
    weighted sum: observe the result, the node and the input's gradient."""
    return f"""
{setup}
result = {expr}
out = result if isinstance(result, t.Tensor) else result[0]
w = t.arange(1., out.numel() + 1.).reshape(out.shape)
(out * w).sum().backward()
result, out.grad_fn, x.grad
"""


def over_dims(name: str, setup: str = X3, dim: str = "") -> dict[str, str]:
    """One reduction over every spelling of ``dim``: none, int, negative, tuple, with keepdim
    (``dim="dim="`` for functions whose first argument is not the dim, like ``norm``)."""
    spellings = {"all": "", "dim1": "1", "dim_neg": "-1", "tuple": "(0, 2)", "tuple_neg": "(-1, 0)",
                 "keepdim": "1, keepdim=True", "tuple_keepdim": "(0, -1), keepdim=True"}
    return {f"{name}_{label}": graded(setup, f"x.{name}({dim if args else ''}{args})")
            for label, args in spellings.items()}


CASES = {
    # --- sum / mean ------------------------------------------------------------------------------
    **over_dims("sum"),
    **over_dims("mean"),
    "sum_empty_tuple_is_all": graded(X, "x.sum(())"),
    "sum_numpy_spelling": graded(X, "x.sum(axis=0, keepdims=True)"),
    "sum_int_and_bool": "t.tensor([1, 2]).sum(), t.tensor([True, True]).sum(), t.tensor([1, 2]).sum(dtype=t.float64)",
    "sum_empty": graded(E, "x.sum(1)"),
    "sum_empty_all": graded(E, "x.sum()"),
    "mean_empty": "t.zeros(2, 0).mean(1), t.zeros(0).mean()",
    "sum_0d": graded(Z, "x.sum(0)"),
    "mean_int_error": "t.tensor([1, 2]).mean()",
    "sum_dim_error": "t.ones(2, 3).sum(2)",
    "sum_repeated_dim_error": "t.ones(2, 3).sum((0, 0))",
    # --- prod ------------------------------------------------------------------------------------
    "prod_all": graded("x = t.tensor([[1.5, -2.0, 0.5], [3.0, 1.0, -1.0]], requires_grad=True)", "x.prod()"),
    "prod_dim": graded("x = t.tensor([[1.5, -2.0, 0.5], [3.0, 1.0, -1.0]], requires_grad=True)", "x.prod(1)"),
    "prod_dim_keepdim_neg": graded(X3, "t.prod(x, -1, keepdim=True)"),
    "prod_one_zero": graded("x = t.tensor([0.0, 2.0, 3.0], requires_grad=True)", "x.prod()"),
    "prod_two_zeros": graded("x = t.tensor([0.0, 2.0, 0.0], requires_grad=True)", "x.prod()"),
    "prod_zeros_along_dim": graded("x = t.tensor([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0], [1.0, 2.0, 4.0]], requires_grad=True)", "x.prod(1)"),
    "prod_0d": graded(Z, "x.prod(0)"),
    "prod_empty": graded(E, "x.prod(1)"),
    "prod_int_bool_dtype": "t.tensor([1, 3]).prod(), t.tensor([True]).prod(), t.tensor([1, 3]).prod(dtype=t.float32)",
    **{f"prod_double_backward_{label}": f"""
x = t.tensor({values}, requires_grad=True)
(g,) = t.autograd.grad(x.prod({args}).sum(), x, create_graph=True)
(g * t.arange(1., g.numel() + 1.).reshape(g.shape)).sum().backward()
g.detach(), x.grad
""" for label, values, args in (("no_zero", "[0.5, 2.0, -1.0, 3.0]", ""),
                                 ("one_zero", "[0.5, 2.0, 0.0, 3.0]", ""),
                                 ("two_zeros", "[0.5, 0.0, 0.0, 3.0]", ""),
                                 ("dim", "[[0.5, 0.0, 2.0], [0.0, 0.0, 3.0], [1.5, 2.0, 4.0]]", "1"))},
    # --- max / min -------------------------------------------------------------------------------
    "max_all": graded(X, "x.max()"),
    "min_all": graded(X, "t.min(x)"),
    "max_all_ties": graded(TIES, "x.max()"),
    "max_dim": graded(X, "x.max(1)"),
    "max_dim_keepdim": graded(X, "t.max(x, 1, keepdim=True)"),
    "max_dim_neg": graded(X3, "x.max(-1)"),
    "max_dim_kw": graded(X, "x.max(dim=0)"),
    "min_dim": graded(X, "x.min(0)"),
    "min_dim_keepdim": graded(X3, "t.min(x, -2, True)"),
    "max_dim_ties_first_index": graded(TIES, "x.max(1)"),
    "min_dim_ties_first_index": graded(TIES, "x.min(1)"),
    "max_dim_fields": X + "\nr = x.max(1); r.values, r.indices, r[0], r[1], len(r), type(r).__name__",
    "max_dim_repr": X + "\nrepr(x.max(1)), str(t.min(x.detach(), 0, keepdim=True))",
    "max_dim_unpack": X + "\nvalues, indices = x.max(-1); values, indices",
    "max_0d": graded(Z, "x.max(0)"),
    "max_0d_all": graded(Z, "x.max()"),
    "max_0d_dim_error": "t.tensor(3.0).max(1)",
    "max_empty_error": "t.ones(0).max()",
    "min_empty_error": "t.ones(0, 3).min()",
    "max_empty_dim_error": "t.ones(0, 3).max(0)",
    "max_empty_other_dim": "t.ones(0, 3).max(1)",
    "max_binary": graded("x = t.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=True); y = t.tensor([1.0, 2.0, 0.0])", "t.max(x, y)"),
    "min_binary": "t.min(t.tensor([1.0, 5.0]), t.tensor([3.0, 2.0]))",
    "max_int_bool": "t.tensor([1, 3]).max(), t.tensor([True, False]).max(0), t.tensor([[1, 5], [7, 2]]).min(1)",
    "max_nan": "v = t.tensor([1.0, float('nan'), 3.0]); v.max(), v.max(0), v.min(0), v.amax()",
    # --- amax / amin -----------------------------------------------------------------------------
    **over_dims("amax"),
    **over_dims("amin"),
    "amax_ties_split": graded(TIES, "x.amax(1)"),
    "amin_ties_split_all": graded("x = t.tensor([[1.0, 3.0], [1.0, 1.0]], requires_grad=True)", "x.amin()"),
    "amax_0d": graded(Z, "x.amax()"),
    "amax_empty_error": "t.ones(0).amax()",
    "amax_empty_dim_error": "t.ones(2, 0).amax(1)",
    "amax_empty_other_dim": "t.ones(2, 0).amax(0)",
    "amax_int_bool": "t.tensor([[1, 2]]).amax(1), t.tensor([[True, False]]).amin(1)",
    # --- argmax / argmin -------------------------------------------------------------------------
    "argmax_all": X + "\nx.argmax(), t.argmin(x), x.argmax(keepdim=True)",
    "argmax_dims": X3 + "\nx.argmax(1), x.argmin(-1), t.argmax(x, 0, keepdim=True), x.argmin(dim=2, keepdim=True)",
    "argmax_ties_first": TIES + "\nx.argmax(1), x.argmin(1), x.argmax()",
    "argmax_0d": "t.tensor(2.0).argmax(), t.tensor(2.0).argmin(0), t.tensor(2.0).argmax(-1, keepdim=True)",
    "argmax_empty_error": "t.ones(0).argmax()",
    "argmax_empty_dim_error": "t.ones(2, 0).argmax(1)",
    "argmax_empty_other_dim": "t.ones(2, 0).argmax(0)",
    "argmax_int": "t.tensor([3, 1, 4, 1, 5]).argmax(), t.tensor([[3, 1]]).argmin(1)",
    "argmax_bool_error": "t.tensor([[True, False]]).argmin(1)",
    "argmax_no_grad": X + "\nr = x.argmax(1); r.requires_grad, r.grad_fn, r.dtype",
    "argmax_tuple_error": "t.argmax(t.ones(2, 3), (0, 1))",
    # --- var / std -------------------------------------------------------------------------------
    **over_dims("var"),
    **over_dims("std"),
    "var_unbiased_false": graded(X, "x.var(1, False)"),
    "var_unbiased_positional_overload": graded(X, "x.var(False)"),
    "var_correction": graded(X, "x.var(1, correction=0)"),
    "var_correction_2": graded(X3, "t.var(x, (0, 1), correction=2, keepdim=True)"),
    "var_correction_fractional": graded(X, "x.var(correction=0.5)"),
    "std_unbiased_keepdim": graded(X, "t.std(x, 0, True, True)"),
    "std_constant_grad": graded("x = t.tensor([1.0, 1.0, 1.0], requires_grad=True)", "x.std()"),
    "var_dof_warning": graded("x = t.tensor([1.0, 2.0, 4.0], requires_grad=True)", "x.var(correction=3)"),
    "var_single_element": graded("x = t.tensor([1.0], requires_grad=True)", "x.var()"),
    "std_single_element": "t.tensor([1.0]).std()",
    "var_0d": "t.tensor(2.0).var(), t.tensor(2.0).std(0, correction=0)",
    "var_empty": "t.ones(0).var(), t.ones(2, 0).var(1)",
    "var_int_error": "t.tensor([1, 2]).var()",
    "std_int_error": "t.tensor([1, 2]).std(0)",
    # --- norm ------------------------------------------------------------------------------------
    **over_dims("norm", dim="dim="),
    "norm_tuple_as_p_error": "t.ones(2, 3).norm((0, 1))",
    "norm_p1": graded(X, "x.norm(1)"),
    "norm_p1_dim": graded(X, "t.norm(x, 1, dim=0)"),
    "norm_inf": graded(X, "x.norm(float('inf'))"),
    "norm_inf_ties": graded("x = t.tensor([0.0, 2.0, -2.0, 1.0], requires_grad=True)", "x.norm(float('inf'))"),
    "norm_neg_inf_dim": graded(X, "x.norm(float('-inf'), dim=1, keepdim=True)"),
    "norm_p3": graded(X, "x.norm(3)"),
    "norm_p_half": graded("x = t.tensor([0.5, -2.0, 1.0], requires_grad=True)", "x.norm(0.5)"),
    "norm_p0": X + "\nn = x.norm(0); n.backward(); n, x.grad",
    "norm_fro": graded(X, "x.norm('fro')"),
    "norm_fro_dims": graded(X3, "x.norm('fro', dim=(0, 2))"),
    "norm_p2_keyword": graded(X, "t.norm(x, p=2, dim=1, keepdim=True)"),
    "norm_at_zero": graded("x = t.zeros(3, requires_grad=True)", "x.norm()"),
    "norm_dim_at_zero": graded("x = t.tensor([[0.0, 0.0], [3.0, 4.0]], requires_grad=True)", "x.norm(dim=1)"),
    "norm_0d": graded(Z, "x.norm()"),
    "norm_empty": "t.ones(0).norm(), t.ones(2, 0).norm(dim=1), t.ones(0).norm(1)",
    "norm_inf_empty_error": "t.ones(0).norm(float('inf'))",
    "norm_inf_empty_dim_error": "t.ones(0, 2).norm(float('-inf'), dim=0)",
    "norm_int_error": "t.tensor([1, 2]).norm()",
    "norm_dtype": graded(X, "t.norm(x, dtype=t.float64)"),
    "norm_fro_three_dims_error": "t.ones(2, 2, 2).norm('fro', dim=(0, 1, 2))",
    "norm_unknown_order_error": "t.ones(2, 2).norm('abc')",
    # --- logsumexp -------------------------------------------------------------------------------
    "logsumexp_dim": graded(X, "x.logsumexp(1)"),
    "logsumexp_tuple": graded(X3, "t.logsumexp(x, (0, -1))"),
    "logsumexp_keepdim_neg": graded(X3, "x.logsumexp(-2, keepdim=True)"),
    "logsumexp_large": graded("x = t.tensor([[1000.0, 1000.0], [-1000.0, 0.0]], requires_grad=True)", "x.logsumexp(1)"),
    "logsumexp_infinities": "t.tensor([-float('inf'), -float('inf')]).logsumexp(0), t.tensor([float('inf'), 1.0]).logsumexp(0)",
    "logsumexp_all_neg_inf_grad": graded("x = t.tensor([-float('inf'), -float('inf')], requires_grad=True)", "x.logsumexp(0)"),
    "logsumexp_0d": graded(Z, "x.logsumexp(0)"),
    "logsumexp_empty": "t.ones(0).logsumexp(0), t.ones(2, 0).logsumexp(1)",
    "logsumexp_int": "t.tensor([1, 2]).logsumexp(0), t.tensor([[1, 2]]).logsumexp(1)",
    "logsumexp_missing_dim": "t.logsumexp(t.ones(2))",
    # --- cumsum ----------------------------------------------------------------------------------
    "cumsum_dim1": graded(X, "x.cumsum(1)"),
    "cumsum_dim0": graded(X, "t.cumsum(x, 0)"),
    "cumsum_neg_dim": graded(X3, "x.cumsum(-1)"),
    "cumsum_0d": graded(Z, "x.cumsum(0)"),
    "cumsum_empty": graded(E, "x.cumsum(1)"),
    "cumsum_int_bool_dtype": "t.tensor([1, 2]).cumsum(0), t.tensor([True, True]).cumsum(0), t.cumsum(t.tensor([1, 3]), 0, dtype=t.float64)",
    "cumsum_dim_error": "t.tensor([1, 3]).cumsum(1)",
    "cumsum_double_backward": """
x = t.tensor([0.5, 2.0, -1.0], requires_grad=True)
y = (x * x).cumsum(0)
(g,) = t.autograd.grad((y * t.tensor([1.0, 2.0, 3.0])).sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- nansum / nanmean: NaN counts as absent; its gradient is 0 -------------------------------
    **{f"{name}_{label}": graded(XNAN, f"{call}")
       for name in ("nansum", "nanmean")
       for label, call in (("all", f"x.{name}()"), ("dim", f"t.{name}(x, 1)"),
                           ("dim_neg_keepdim", f"x.{name}(-1, keepdim=True)"),
                           ("tuple", f"t.{name}(x, (0, -1))"), ("list_kw", f"x.{name}(dim=[0])"),
                           ("dtype", f"x.{name}(0, dtype=t.float64)"))},
    "nansum_int_bool_dtype": "t.nansum(t.tensor([1, 2])), t.tensor([True, True]).nansum(0), t.nansum(t.tensor([1, 3]), dtype=t.float32), t.tensor([5], dtype=t.uint8).nansum()",
    "nansum_0d_empty": "t.nansum(t.tensor(float('nan')), 0), t.zeros(2, 0).nansum(1), t.nansum(t.zeros(0))",
    "nanmean_all_nan_and_empty": "t.nanmean(t.tensor([float('nan'), float('nan')])), t.nanmean(t.zeros(0)), t.zeros(2, 0).nanmean(1)",
    "nanmean_int_error": "t.nanmean(t.tensor([1, 2]))",
    "nanmean_bool_error_with_dtype": "t.tensor([True]).nanmean(dtype=t.float32)",
    "nansum_dim_error": "t.nansum(t.ones(2, 3), 2)",
    "nanmean_dim_error": "t.ones(2, 3).nanmean(-3)",
    "nansum_repeated_dim_error": "t.nansum(t.ones(2, 3), (1, -1))",
    "nansum_double_backward": XNAN + """
(g,) = t.autograd.grad((t.nansum(x, 1) ** 2).sum(), x, create_graph=True)
(g * t.arange(1., 7.).reshape(2, 3)).sum().backward()
g.detach(), x.grad
""",
    "nansum_nanmean_forward_ad": """
fwAD = t.autograd.forward_ad
with fwAD.dual_level():
    d = fwAD.make_dual(t.tensor([[1.0, float('nan'), 2.0], [3.0, 4.0, float('nan')]]), t.arange(1., 7.).reshape(2, 3))
    r = fwAD.unpack_dual(t.nansum(d, 0)).tangent, fwAD.unpack_dual(t.nanmean(d, 1)).tangent
r
""",
    # --- sum_to_size: the inverse of expand ------------------------------------------------------
    "sum_to_size_keepdim": graded(X, "x.sum_to_size(1, 3)"),
    "sum_to_size_leading": graded(X3, "x.sum_to_size((3, 1))"),
    "sum_to_size_list_middle": graded(X3, "x.sum_to_size([2, 1, 4])"),
    "sum_to_size_same_is_self": X + "\nr = x.sum_to_size(2, 3)\nr is x, r.grad_fn",
    "sum_to_size_ones_and_scalar": graded(X, "x.sum_to_size(1, 1)") + "\nx.sum_to_size(()), x.sum_to_size(t.Size([3]))",
    "sum_to_size_int_bool": "t.tensor([[1, 2], [3, 4]]).sum_to_size(2, 1), t.tensor([True, True]).sum_to_size(1), t.tensor([1, 2], dtype=t.uint8).sum_to_size(())",
    "sum_to_size_not_expandable": "t.ones(2, 3).sum_to_size(3, 3)",
    "sum_to_size_more_dims": "t.ones(2, 3).sum_to_size(1, 2, 3)",
    "sum_to_size_negative": "t.ones(2, 3).sum_to_size(-1)",
    "sum_to_size_wrong_type": "t.ones(2, 3).sum_to_size('a')",
    "sum_to_size_double_backward": X3 + """
(g,) = t.autograd.grad((x.sum_to_size(3, 1) ** 2).sum(), x, create_graph=True)
(g * x).sum().backward()
x.grad
""",
    "nansum_nanmean_argument_errors": "[f(*a) for f, a in ((t.nansum, (1,)), (t.nanmean, ([1.0],)))]",
    "nansum_method_dim_type_error": "t.ones(2).nansum('a')",
    "nanmean_method_dim_type_error": "t.ones(2).nanmean(dim=1.5)",
    # --- names of every reduction's node ---------------------------------------------------------
    "dtype_argument_nodes": "x = t.tensor([1.0, 2.0], requires_grad=True); [(r, r.grad_fn) for r in (x.prod(dtype=t.float64), t.prod(x, 0, dtype=t.float64), t.cumsum(x, 0, dtype=t.float64), x.sum(dtype=t.float64), x.mean(dtype=t.float64), t.norm(x, dtype=t.float64))]",
    "dtype_argument_grad": "x = t.tensor([1.0, 2.0], requires_grad=True); (x.prod(dtype=t.float64) + t.cumsum(x, 0, dtype=t.float64).sum() + x.mean(dtype=t.float64)).backward(); x.grad",
    "node_names": X + "\n[r.grad_fn.name() for r in (x.sum(), x.sum(0), x.mean(), x.mean(1), x.prod(), x.prod(1), x.max(), x.max(1)[0], x.min(), x.min(0)[0], x.amax(), x.amin(1), x.var(), x.std(1), x.norm(), x.norm(1, dim=0), x.logsumexp(1), x.cumsum(0), x.nansum(), x.nansum(1), x.nanmean(), x.nanmean(1))]",
    # --- what a second derivative goes back through ---------------------------------------------
    "second_derivative_nodes": second_derivative_nodes(
        "x = t.arange(1., 13.).reshape(3, 4).requires_grad_()", "x.cumsum(1)", "x.cumsum(0)"),
    # max()/min() of a whole tensor write the gradient into zeros: an infinite gradient stays off the
    # other elements (a product with the mask would give them NaN), and their second derivative
    # goes through masked_fill as torch's does
    "max_whole_infinite_gradient": """
x = t.tensor([1., 3., 3., 2.], requires_grad=True)
t.autograd.grad(x.max(), x, t.tensor(float('inf')))
""",
    "min_whole_double_backward_nodes": """
x = t.tensor([[1., 3.], [3., 2.]], requires_grad=True)
g, = t.autograd.grad(x.min() * x.sum(), x, create_graph=True)
g, [f.name() for f, _ in g.grad_fn.next_functions if f is not None]
""",

    # mode: torch sorts each row with std::sort (not stable) and keeps the first longest run's last
    # element: which of the equal elements gets the index (and the gradient) is that sort's
    "mode_long_rows_with_ties": """
x = (t.arange(120.).reshape(3, 40) * 7 % 5).requires_grad_()
values, indices = x.mode(1)
values.sum().backward()
values, indices, x.grad.nonzero()
""",
    "mode_with_nans": """
nan = float('nan')
x = t.tensor([[1., nan, 2.], [nan, 1., 2.], [nan, nan, 1.], [5., nan, nan]])
x.mode(), t.tensor([nan, 2., 2., nan] * 5).mode()
""",

}
