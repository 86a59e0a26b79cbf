"""Edge inputs found by differential fuzzing against torch: NaN, infinities and zeros where a
gradient formula divides or takes a log, integer and bool dtypes, in-place operators on aliases."""

CASES = {
    # --- in-place operators modify the tensor (and every alias and view of it) ----------------------
    "inplace_operators_modify_aliases": """
x = t.tensor([1., 2., 3.]); alias = x; tail = x[1:]
alias **= 2; tail //= 2; tail %= 3
i = t.tensor([5, 6, 7]); j = i
j &= 3; j |= 8; j ^= 1
f = t.tensor([1.5, 2.]); f //= t.tensor([1.], dtype=t.float64)
(x, tail, alias is x, i, f)
""",
    "inplace_pow_records_the_graph": """
w = t.tensor([1., 2.], requires_grad=True)
x = w * 1
x **= 2
x.sum().backward()
(x, w.grad)
""",
    "inplace_and_on_float_refused": "x = t.tensor([1., 2.]); x &= 1",
    "inplace_floordiv_by_str_refused": "x = t.tensor([1, 2]); x //= 'a'",
    "bitwise_methods": """
i = t.tensor([5, 6, 7])
(i.bitwise_and(6), i.bitwise_or(1), i.bitwise_xor(t.tensor(3)), i.bitwise_not(), i.clone().bitwise_and_(2))
""",
    # --- pow: torch's zeros where the formula gives 0 * inf ---------------------------------------
    "pow_tensor_gradients_at_zero": """
a = t.tensor([0., 0., -2., 2., 0.], requires_grad=True); b = t.tensor([2., -1., 0.5, 0., 0.], requires_grad=True)
y = a ** b
y.sum().backward()
(y, a.grad, b.grad)
""",
    "pow_number_base_gradients": """
b = t.tensor([2., -1., 0.5, 0.], requires_grad=True)
[(base ** b, t.autograd.grad((base ** b).sum(), b)[0]) for base in (0, -3, 2, 0.5)]
""",
    "pow_number_base_zero_forward_mode": """
fwAD = t.autograd.forward_ad
with fwAD.dual_level():
    d = fwAD.make_dual(t.tensor([2., -1., 0.]), t.tensor([1., 1., 1.]))
    out = fwAD.unpack_dual(0 ** d).tangent
out
""",
    "pow_integer_negative_exponents": """
a = t.tensor([2, -3, 0, 1, -1, -1, 5]); b = t.tensor([-1, -2, 2, -3, -3, -4, 3])
(a ** b, t.tensor([2, -1], dtype=t.int32) ** t.tensor([-1, -1], dtype=t.int32), t.tensor([2, 3], dtype=t.uint8) ** t.tensor(2))
""",
    "pow_integer_negative_number_refused": "t.tensor([2, 3]) ** -1",
    # --- bool tensors: torch has no rounding, negation or division kernel for them ---------------------
    "bool_ceil_refused": "t.ceil(t.tensor([True, False]))",
    "bool_floor_refused": "t.tensor([True]).floor()",
    "bool_round_refused": "t.round(t.tensor([True]))",
    "bool_trunc_refused": "t.trunc(t.tensor([True]))",
    "bool_neg_refused": "-t.tensor([True, False])",
    "bool_floor_divide_refused": "t.tensor([True]) // t.tensor([True])",
    "bool_remainder_refused": "t.remainder(True, t.tensor([True]))",
    "neg_of_a_number_refused": "t.neg(3)",
    # --- NaN inputs to relu and the whole-tensor extremes --------------------------------------------
    "relu_gradient_at_nan": """
x = t.tensor([-1., 0., float('nan'), 2.], requires_grad=True)
(g,) = t.autograd.grad(t.relu(x).sum(), x, create_graph=True)
(g, t.autograd.grad(F.relu(x * 2).sum(), x)[0] if (F := t.nn.functional) else None)
""",
    "max_min_median_gradient_with_nan": """
x = t.tensor([[1., float('nan'), 2.], [float('nan'), 0., 3.]], requires_grad=True)
[t.autograd.grad(f(x), x)[0] for f in (t.max, t.min, t.median, lambda v: v.amax())]
""",
    "max_gradient_split_among_ties": """
x = t.tensor([3., 1., 3.], requires_grad=True)
(t.autograd.grad(x.max(), x)[0], t.max(t.tensor([3, 1, 3])))
""",
    # --- atan2 at the origin: gradient 0, not NaN -------------------------------------------------
    "atan2_gradient_at_origin": """
a = t.tensor([0., 0., -0.0, 1.], requires_grad=True); b = t.tensor([0., -0.0, 0., 0.], requires_grad=True)
ga, gb = t.autograd.grad(t.atan2(a, b).sum(), (a, b), create_graph=True)
(ga, gb, t.autograd.grad((ga * ga + gb).sum(), a)[0])
""",
}
CASES.update({
    # --- dtypes: a gradient in its input's dtype, addr promoted as an elementwise op ------------------
    "grad_of_mixed_dtype_graph_keeps_input_dtype": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = t.cat([x, x.double()])
(g,) = t.autograd.grad((y * t.arange(6.)).sum(), x, create_graph=True)
g
""",
    "addr_promotes_integer_vectors": """
a = t.tensor([1, 2, 3]); M = t.ones(3, 3, requires_grad=True)
y = t.addr(M, a, a)
y.sum().backward()
(y, t.addr(t.ones(3, 3, dtype=t.int32), a.int(), a.int()), t.addr(t.ones(3, 3), a.double(), a), M.grad)
""",
    "addr_integer_float_alpha_refused": "t.addr(t.ones(2, 2, dtype=t.int64), t.tensor([1, 2]), t.tensor([1, 2]), alpha=0.5)",
    "addr_integer_float_beta_refused": "t.addr(t.ones(2, 2, dtype=t.int64), t.tensor([1, 2]), t.tensor([1, 2]), beta=0.5, alpha=0.5)",
    # --- alpha that the result's dtype cannot take ---------------------------------------------------
    "add_integer_float_alpha_refused": "t.add(t.tensor([1, 2]), 2, alpha=0.5)",
    "sub_integer_float_alpha_refused": "t.sub(2, t.tensor([1, 2]), alpha=0.5)",
    "add_inplace_integer_float_alpha_refused": "t.tensor([1, 2]).add_(1, alpha=0.5)",
    "rsub_integer_float_alpha_refused": "t.rsub(t.tensor([1, 2]), 2, alpha=0.5)",
    "add_float_bool_alpha_refused": "t.add(t.ones(2), 2, alpha=True)",
    "add_alpha_accepted": """
(t.add(t.ones(2), t.tensor([1, 2]), alpha=0.5), t.add(t.tensor([True]), t.tensor([True]), alpha=True), t.add(t.tensor([1, 2]), 2.5, alpha=2))
""",
    # --- a number first in sub is wrapped as torch wraps it: SubBackward0 ------------------------------
    "sub_number_first": """
x = t.tensor([1., 2.], requires_grad=True)
y = t.sub(2, x, alpha=3)
y.sum().backward()
(y, y.grad_fn.next_functions, t.sub(2.5, t.tensor([1, 2])), 2 - x, x.grad)
""",
    # --- ints outside a small integer dtype wrap around -----------------------------------------------
    "uint8_with_out_of_range_ints_wraps": """
u = t.tensor([1, 2, 200], dtype=t.uint8); i8 = t.tensor([1, -2], dtype=t.int8)
(u + (-3), u * 300, u == -3, u > 300, i8 + 200, u - 1000, t.full((2,), -1, dtype=t.uint8), u.clone().fill_(-1), u.clone().add_(-1))
""",
    # --- softmax of a slice with +inf is NaN throughout --------------------------------------------------
    "softmax_with_infinities": """
x = t.tensor([[1., float('nan'), 2.], [-1., 0., float('inf')], [-float('inf')] * 3, [-float('inf'), 0., 1.]], requires_grad=True)
(t.softmax(x, -1), t.log_softmax(x, 1), t.softmax(x, 0), t.autograd.grad(t.log_softmax(x, 1)[3].sum(), x)[0])
""",
    # --- clamp_min/clamp_max record their own nodes -----------------------------------------------------
    "clamp_min_max_nodes_and_gradients": """
x = t.tensor([[0.2, 0.5, float('nan')], [0.7, -1., 2.]], requires_grad=True); b = t.tensor([0.5, 0., 1.], requires_grad=True)
ys = [t.clamp_min(x, b), t.clamp_max(x, b), x.clamp_min(0.5), t.clamp_max(x, 0.5), t.clamp_min(x, t.tensor(1))]
gs = t.autograd.grad(sum(y.sum() for y in ys), (x, b))
ys + list(gs) + [ys[0].grad_fn.next_functions, t.clamp_min(t.tensor([1, 5]), 2.5), x.detach().clone().clamp_max_(0.3)]
""",
})
CASES.update({
    # --- index_add / index_copy refuse negative indices (index_fill and index_select read them) -------
    "index_add_copy_negative_and_past_the_end_indices": """
x = t.zeros(2, 3)
out = []
for f in [lambda: t.index_add(x, 1, t.tensor([-1, 0]), t.ones(2, 2)),
          lambda: t.index_add(x, 0, t.tensor([-1]), t.ones(1, 3), alpha=2),
          lambda: t.index_copy(x, 1, t.tensor([-1, 0]), t.ones(2, 2)),
          lambda: t.index_copy(x, 0, t.tensor([-1]), t.ones(1, 3)),
          lambda: t.index_add(x, 1, t.tensor([3]), t.ones(2, 1)),
          lambda: t.index_copy(x, 1, t.tensor([3]), t.ones(2, 1)),
          lambda: x.clone().index_add_(1, t.tensor([-1, 0]), t.ones(2, 2)),
          lambda: t.index_copy(x, 1, t.tensor([0], dtype=t.int32), t.ones(2, 1)),
          lambda: t.index_add(x, 1, t.tensor([2, 2]), t.ones(2, 2), alpha=3),
          lambda: t.index_fill(x, 1, t.tensor([-1]), 2.),
          lambda: x.clone().index_copy_(0, t.tensor([1]), t.ones(1, 3))]:
    try:
        out.append(f())
    except (RuntimeError, IndexError) as error:
        out.append(f"{type(error).__name__}: {error}")
out
""",
    # --- reductions over dim=[] count every dim; mode with NaN ------------------------------------------
    "count_nonzero_logsumexp_empty_dim_list": """
x = t.tensor([[1., 0.], [3., 5.]])
(t.count_nonzero(x, dim=[]), t.logsumexp(t.ones(0), dim=[]), t.logsumexp(t.ones(2, 0), dim=()), t.count_nonzero(x, dim=(0,)))
""",
    "mode_with_nan": """
(t.mode(t.tensor([float('nan'), 0.])), t.mode(t.tensor([float('nan'), float('nan'), 0., 0., 0.])),
 t.mode(t.tensor([float('nan'), 5., 5.])), t.mode(t.tensor([[1., float('nan'), 2.], [-1., 0., float('inf')]]), 0))
""",
    "cosine_similarity_shapes_that_do_not_broadcast": "t.cosine_similarity(t.ones(2, 3), t.ones(3, 2))",
})
CASES.update({
    # --- elu/selu/celu: torch's masks (a NaN input passes the gradient, none curves at 0) --------------
    "elu_family_gradients_at_zero_and_nan": """
F = t.nn.functional
x = t.tensor([-2.5, -1., -0.0, 0., 0.5, float('nan'), float('inf'), -float('inf')], requires_grad=True)
out = []
for f in (F.elu, F.selu, lambda v: F.celu(v, 0.5), lambda v: F.elu(v, 2.)):
    (g,) = t.autograd.grad((f(x) * t.arange(1., 9.)).sum(), x, create_graph=True)
    out += [g, t.autograd.grad((g * g).sum(), x)[0]]
out
""",
    # --- activations refuse integer and bool tensors, as torch's kernels ------------------------------
    "activations_refuse_integers": """
F = t.nn.functional
out = []
for f in (F.elu, F.selu, F.celu, F.gelu, F.silu, F.mish, F.softplus, lambda v: F.leaky_relu(v, 0.1)):
    for x in (t.tensor([1, -2]), t.tensor([True]), t.tensor([3], dtype=t.uint8)):
        try:
            out.append(f(x))
        except NotImplementedError as error:
            out.append(str(error))
out
""",
    "normalize_integer_refused_with_torch_dtype_name": "t.nn.functional.normalize(t.tensor([1, 2], dtype=t.int32), dim=0)",
    # --- conversions, creation ----------------------------------------------------------------------
    "float_to_integer_conversions_of_nan_and_inf": """
x = t.tensor([float('nan'), float('inf'), -float('inf'), 1e20, 300.7, -1.5])
(x.long(), x.int(), x.to(t.int8), x.to(t.uint8), x.short(), x.bool(), x.requires_grad_().long())
""",
    "tensor_ints_outside_the_dtype": """
out = []
for data, dt in [([-129], t.int8), ([-256], t.uint8), ([-255], t.uint8), ([[1, -3]], t.uint8),
                 ([2**40], t.int32), ([True, -1], t.uint8), ([300], t.uint8), ([1.5, -1], t.uint8)]:
    try:
        out.append(t.tensor(data, dtype=dt))
    except RuntimeError as error:
        out.append(str(error))
out
""",
    "tensor_floats_too_big_are_inf": "(t.tensor([1e40]), t.tensor([1e40, -1e300], dtype=t.float16))",
    "zeros_negative_size": "t.zeros(2, -1)",
    "ones_negative_size": "t.ones(2, -1)",
    "eye_negative_n": "t.eye(-1)",
    "eye_negative_m": "t.eye(2, -3)",
    "linspace_negative_steps": "t.linspace(0, 1, -1)",
    "logspace_negative_steps": "t.logspace(0, 1, -2)",
    # --- bools: diff is xor, topk refuses; binary_cross_entropy refuses NaN ------------------------------
    "diff_of_bools": "(t.diff(t.tensor([[True, False, False], [True, True, False]])), t.diff(t.tensor([True, False]), prepend=t.tensor([False])))",
    "topk_of_bools_refused": "t.topk(t.tensor([True, False]), 1)",
    "binary_cross_entropy_nan_input_refused": "t.nn.functional.binary_cross_entropy(t.tensor([0.5, float('nan')]), t.ones(2))",
    "float_power_method": "(t.tensor([2, 3]).float_power(2), t.tensor([2.]).float_power(t.tensor([0.5])))",
})
CASES["tensor_scalar_ints_outside_the_dtype"] = """
out = []
for value, dt in [(300, t.uint8), (-1, t.uint8), (-129, t.int8)]:
    try:
        out.append(t.tensor(value, dtype=dt))
    except RuntimeError as error:
        out.append(str(error))
out
"""
CASES["method_aliases_and_inplace_comparisons"] = """
x = t.tensor([1., -2., 3.]); i = t.tensor([1, 0, 3]); b = t.tensor([True, False, True])
r = [x.absolute(), x.greater(0), x.less_equal(1), x.not_equal(1), x.greater_equal(1), x.less(1),
     b.logical_xor(t.tensor([True, True, False])), x.clone().eq_(1), x.clone().gt_(0), x.clone().ge_(1),
     x.clone().lt_(1), x.clone().le_(1), i.clone().ne_(0), b.clone().logical_not_(), i.clone().bitwise_not_(),
     x.clone().multiply_(2), x.clone().divide_(2), x.clone().divide_(2, rounding_mode='floor'),
     x.clone().true_divide_(4), x.clone().subtract_(1, alpha=2), x.clone().sgn_(), x.clone().cumsum_(0),
     x.clone().cumprod_(0), i.clone().logical_and_(b), x.clone().logical_or_(i), b.clone().logical_xor_(b)]
w = t.tensor([1., 2., 3.], requires_grad=True); y = w * 1; y.cumsum_(0); y.sum().backward()
try:
    i.clone().true_divide_(2)
except RuntimeError as error:
    r.append(str(error))
r + [y, w.grad]
"""
CASES["clone_keeps_the_layout"] = """
x = t.arange(6.).reshape(3, 2).t()
e = t.ones(3).expand(2, 3)
s = t.arange(12.).reshape(3, 4)[:, ::2]
p = t.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)
r = [x.clone().stride(), x.clone().is_contiguous(), e.clone().stride(), s.clone().stride(),
     p.clone().stride(), x.contiguous().stride(), x.clone().contiguous().is_contiguous()]
w = x.detach().clone().requires_grad_()
r += [w.contiguous().grad_fn, w.reshape(-1).grad_fn, w.flatten().grad_fn]
try:
    x.clone().view(-1)
except RuntimeError as error:
    r.append(str(error))
r
"""
CASES["true_division_of_small_ints_by_negative_numbers"] = """
u = t.tensor([1, 2, 200], dtype=t.uint8); i = t.tensor([3, -4])
(u / -3, -3 / u, t.div(u, -3), u / t.tensor(-3), t.atan2(u, t.tensor(-3)), i / 2, 7 / i, u / 300, t.tensor([True]) / -1)
"""
def _group(prefix: str, cases: dict[str, str]) -> dict[str, str]:
    """Related cases, each named ``<prefix>_<name>``."""
    return {f"{prefix}_{name}": code for name, code in cases.items()}


CASES["movedim_with_sequences"] = """
x = t.arange(24.).reshape(2, 3, 4).requires_grad_()
y = x.movedim((0, 1), (2, 0))
y.mul(t.arange(24.).reshape(3, 4, 2)).sum().backward()
(y.shape, t.movedim(x, [-1, 0], [0, -1]).shape, x.moveaxis((0, 1), (1, 0)).shape, x.movedim((), ()).shape, x.grad)
"""
CASES.update(_group("movedim_sequence_errors", {
    "lengths": "t.ones(2, 3, 4).movedim((0, 1), (2,))",
    "repeated_source": "t.ones(2, 3, 4).movedim((0, 0), (1, 2))",
    "repeated_destination": "t.ones(2, 3, 4).movedim((0, 1), (1, 1))",
    "out_of_range": "t.ones(2, 3, 4).movedim((0, 5), (1, 2))",
    "int_and_tuple": "t.ones(2, 3, 4).movedim(0, (1,))",
    "zero_dims": "(t.tensor(1.5).movedim(0, 0), t.tensor(1.5).movedim((-1,), (0,)))",
}))
CASES.update(_group("dims_of_a_0d_tensor", {
    "roll": "t.roll(t.tensor(1.5), 1, 0)",
    "roll_no_dims": "t.roll(t.tensor(1.5), 1)",
    "unflatten_out_of_range": "t.tensor(1.5).unflatten(1, (1,))",
}))
CASES.update(_group("float_functions_refuse_integers", {
    "hypot_long": "t.hypot(t.tensor([3]), t.tensor([4]))",
    "hypot_bool": "t.hypot(t.tensor([True]), t.tensor([True]))",
    "hypot_mixed": "t.hypot(t.tensor([3]), t.tensor([4.0]))",
    "logaddexp_int": "t.logaddexp(t.tensor([3], dtype=t.int32), t.tensor([4], dtype=t.int32))",
    "logaddexp_mixed": "t.logaddexp(t.tensor([3]), t.tensor([4.0]))",
    "lerp_tensor_weight": "t.lerp(t.tensor([3]), t.tensor([4]), t.tensor([1]))",
    "lerp_scalar_weight": "t.lerp(t.tensor([True]), t.tensor([True]), 0.5)",
}))
CASES["power_minus_half_at_signed_zeros"] = """
x = t.tensor([-0.0, 0.0, 4.0, -4.0, 2.0, 1.7, 0.37], requires_grad=True)
ys = [x ** e for e in (0.5, -0.5, 1.5, -1.5)]
grads = [t.autograd.grad(y.sum(), x, retain_graph=True)[0] for y in ys]
(ys, grads)
"""
CASES.update(_group("bool_powers", {
    "by_true": "t.tensor([True, False]) ** True",
    "by_false": "t.tensor([True, False]) ** False",
    "method": "t.tensor([True, False]).pow(True)",
    "by_int": "t.tensor([True, False]) ** 2",
    "by_bool_tensor": "t.tensor([True, False]) ** t.tensor([True, True])",
    "bool_base": "True ** t.tensor([True, False])",
    "int_by_bool_tensor": "t.tensor([1, 2]) ** t.tensor([True, False])",
}))
# torch's longer names of the in-place comparisons, and float_power_ (a float64 base only)
CASES.update({
    f"inplace_{name}": f"a = t.tensor([1., 5., 2.]); r = a.{name}(t.tensor([2., 2., 2.])); a, r is a"
    for name in ("not_equal_", "less_", "less_equal_", "greater_", "greater_equal_")
})
CASES.update({
    "inplace_float_power_double": "a = t.tensor([0.5, 2., -1.], dtype=t.float64); a.float_power_(t.tensor([2., -3., 0.])), a",
    "inplace_float_power_scalar": "a = t.tensor([1., 2.], dtype=t.float64); a.float_power_(3)",
    "inplace_float_power_float": "t.tensor([1., 2.]).float_power_(2)",
    "inplace_float_power_long": "t.tensor([1, 2]).float_power_(2)",
    "inplace_less_bad_operand": "t.ones(2).less_('a')",
})
# a number to an integer tensor's power, negative exponents included (numpy refuses them); in-place
# results cast by torch's rule (an int64 result goes into uint8), and bool operands in place
CASES.update({
    "rpow_int_negative_exponents": "2 ** t.tensor([2, -3, 0]), 0 ** t.tensor([2, -3, 0]), (-1) ** t.tensor([2, -3, 0])",
    "rpow_bool_base": "True ** t.tensor([2, -3, 0])",
    "inplace_uint8_plus_int64": "a = t.tensor([1, 2, 200], dtype=t.uint8); a += t.tensor([2, -3, 0]); a",
    "inplace_int8_times_int64": "a = t.tensor([100, -3], dtype=t.int8); a.mul_(t.tensor([3, 2])); a",
    "inplace_float_minus_bool_mask": "a = t.tensor([2., -3., 0.]); a -= t.tensor([True, False, True])",
    "inplace_float_plus_bool_mask": "a = t.tensor([2., -3., 0.]); a += t.tensor([True, False, True]); a",
    "inplace_int_plus_float_refused": "a = t.tensor([1, 2]); a += t.tensor([0.5, 1.5])",
})
# Python ints out of an integer dtype's range: wrapped in arithmetic (torch casts the scalar to the
# tensor's dtype), refused with torch's overflow error where torch converts it checked (fill_,
# full, masked_fill, where, clamp, an int power)
_U8 = "u = t.tensor([2, 250], dtype=t.uint8); i8 = t.tensor([100, -100], dtype=t.int8)\n"
CASES.update({f"int_scalar_{name}": _U8 + expr for name, expr in {
    "wraps_sub": "u - 3, u * 300, u + 256, i8 + 200, i8 * 1000, i8 - 129",
    "wraps_compare": "u < 300, u > -1, u == 258",
    "wraps_floor_remainder_and": "u // 300, u % 300, u & 257",
    "wraps_rsub": "300 - u",
    "wraps_in_place": "v = u.clone(); v.add_(300); w = u.clone(); w.sub_(3); v, w",
    "wraps_beyond_int64": "u + 2**63, t.tensor([5]) + 2**63",
    "too_big_for_64_bits": "u + 2**64",
    "fill_overflow": "u.clone().fill_(300)",
    "full_overflow": "t.full((2,), 300, dtype=t.uint8)",
    "full_unsigned_negative": "t.full((2,), -1, dtype=t.uint8), t.full((2,), -255, dtype=t.uint8)",
    "masked_fill_overflow": "u.masked_fill(u > 3, 300)",
    "masked_fill_unsigned_negative": "u.masked_fill(u > 3, -255)",
    "where_overflow": "t.where(u > 3, u, 300)",
    "clamp_overflow": "u.clamp(-5, 300)",
    "clamp_unsigned_negative_bound": "u.clamp(min=-5)",
    "pow_overflow": "u ** 300",
    "float32_overflow": "t.full((1,), 1e40), t.tensor([1.]).clamp(max=1e40)",
    "float32_inf_is_fine": "t.tensor([1.]) + 1e40, t.tensor([1.]).clone().fill_(float('inf'))",
    "float16_masked_fill_overflow": "h = t.tensor([1., 2.], dtype=t.float16)\nh.masked_fill(h > 1, 1e6)",
    "float16_fill_becomes_inf": "t.zeros(1, dtype=t.float16).fill_(1e6)",
}.items()})
# a number where torch's functions take a tensor first (the operators reflect instead)
CASES.update({f"number_first_{name}": f"x = t.tensor([1., 2.])\nt.{name}({first}, x)" for name, first in (
    ("eq", "2"), ("ne", "2.5"), ("lt", "True"), ("greater", "2"), ("not_equal", "2"), ("fmod", "3"),
    ("rsub", "2"))})
CASES.update({"number_first_operators": "x = t.tensor([1., 2.])\n2 < x, 2 == x, 3 % x, 2 - x"})

CASES["deepcopy_of_leaves_and_of_graph_results"] = """
import copy
x = t.ones(2, requires_grad=True)
(x * 3).sum().backward()
y = copy.deepcopy(x)
shared = copy.deepcopy([x, x])
plain = copy.deepcopy(t.ones(2) * 2)
y, y.grad, y.requires_grad, y.is_leaf, y.grad is x.grad, shared[0] is shared[1], plain
"""
CASES["deepcopy_of_a_graph_result"] = "import copy; copy.deepcopy(t.ones(2, requires_grad=True) * 2)"
CASES["topk_and_kthvalue_argument_types"] = """
out = []
for call in (lambda: t.topk(t.ones(3), True), lambda: t.ones(3).topk(k=True),
             lambda: t.topk(t.ones(3), 1, 0, 1), lambda: t.ones(3).topk(1, sorted=0),
             lambda: t.ones(3).kthvalue(True), lambda: t.kthvalue(t.ones(3), 1.5)):
    try:
        out.append(call())
    except TypeError as error:
        out.append(str(error))
out
"""


def _outcomes(*calls: str) -> str:
    """A case observing each call's value or its error (class and first line), in order."""
    listed = "".join(f"\n    lambda: {call}," for call in calls)
    return f"""
out = []
for call in ({listed}
):
    try:
        out.append(call())
    except Exception as error:
        out.append(f"{{type(error).__name__}}: {{str(error).splitlines()[0]}}")
out
"""


# --- found by differential fuzzing of the core tensor ops (values first, then errors) -------------
CASES.update({
    # a Python -0.0 keeps its sign (a cached +0.0 constant used to stand in for it)
    "negative_zero_scalar_keeps_its_sign": """
a = t.tensor([7.5, -7.5, 0.0, -0.0]); i = t.tensor([7, -7, 0])
(a * 0.0, a * -0.0, a + -0.0, a - -0.0, -0.0 / a, i * -0.0, i / -0.0, -0.0 % i, t.tensor(2) * -0.0)
""",
    "all_any_of_uint8_give_uint8": """
u = t.tensor([[1, 200, 3], [4, 0, 255]], dtype=t.uint8)
(u.all(), u.any(0), t.all(u, 1, keepdim=True), u.any(dim=(0, 1)), t.tensor([0, 3], dtype=t.int8).all())
""",
    "sum_prod_cumsum_keep_the_requested_dtype": """
f = t.tensor([[1.5, -2.0, 0.5], [3.0, float('inf'), -float('inf')]])
i = t.tensor([[1, -2, 3], [4, 0, -6]])
(f.prod(dtype=t.int32), i.prod(1, dtype=t.int32), f.cumsum(1, dtype=t.int32), i.cumprod(0, dtype=t.int32),
 t.tensor([200, 100], dtype=t.uint8).cumsum(0, dtype=t.uint8), t.zeros(2, 0).cumsum(1, dtype=t.int32))
""",
    "prod_and_cumsum_with_dtype_gradients": """
x = t.tensor([1.5, 2.0], requires_grad=True)
p = x.prod(dtype=t.float64); c = x.cumsum(0, dtype=t.float64)
(p + c.sum()).backward()
(p, c, x.grad)
""",
    "median_of_empty_and_of_zeros": """
(t.median(t.zeros(0)), t.nanmedian(t.zeros(2, 0)), t.median(t.zeros(2, 0, dtype=t.int32)),
 t.nanmedian(t.zeros(0, dtype=t.int64)), t.median(t.zeros(0, dtype=t.uint8)))
""",
    "median_of_empty_gradient": """
x = t.zeros(0, requires_grad=True)
y = t.median(x); y.backward()
(y, x.grad)
""",
    "integer_division_by_zero_raises": _outcomes(
        "t.fmod(t.tensor([7, -7]), 0)", "t.fmod(t.tensor([7, -7], dtype=t.int32), t.tensor([0, 2]))",
        "t.tensor([True]).fmod(0)", "t.div(t.tensor([7, -7]), 0, rounding_mode='floor')",
        "t.div(t.tensor([7, -7], dtype=t.uint8), t.tensor([0, 2]), rounding_mode='trunc')",
        "t.fmod(t.tensor([7., -7.]), 0)", "t.div(t.tensor([7, -7]), 0)",
        "t.fmod(t.tensor([7, 249], dtype=t.uint8), -3)"),
    "where_of_one_tensor_of_any_dtype": """
(t.where(t.tensor([[3., 0.], [0., -1.]])), t.where(t.tensor([5, 0, 255], dtype=t.uint8)),
 t.where(t.tensor(1.5)), t.where(t.zeros(2, 0, dtype=t.int32)), t.where(t.tensor(True)))
""",
    "full_with_a_0d_tensor_fill": _outcomes(
        "t.full((2,), t.tensor(3))", "t.full((2,), t.tensor(3., dtype=t.float64))",
        "t.full((2,), t.tensor(True))", "t.full((2,), t.tensor([3]))",
        "t.full((2,), t.tensor(2.5, requires_grad=True))"),
    "float16_fill_is_checked_beyond_one_element": _outcomes(
        "t.zeros(2, dtype=t.float16).fill_(1e6)", "t.zeros(1, 1, dtype=t.float16).fill_(1e6)",
        "t.full((2,), 70000., dtype=t.float16)", "t.full((), 70000., dtype=t.float16)",
        "t.zeros(0, dtype=t.float16).fill_(1e6)", "t.full_like(t.zeros(3, dtype=t.float16), 1e6)"),
    "uint8_index_tensors_are_masks": """
x = t.arange(12.).reshape(3, 4)
m = t.tensor([1, 0, 1], dtype=t.uint8)
(x[m], x[m, 1:], x[:, t.tensor([1, 0, 1, 0], dtype=t.uint8)], x[t.tensor(0, dtype=t.uint8)].shape)
""",
    "uint8_mask_write_and_gradient": """
import warnings
with warnings.catch_warnings():  # (how often torch warns here, backward and writes included, is
    warnings.simplefilter("ignore")  # its internal business: the case above counts a read's)
    x = t.arange(12.).reshape(3, 4).requires_grad_()
    y = x[t.tensor([1, 0, 1], dtype=t.uint8)]
    y.sum().backward()
    z = t.arange(12.).reshape(3, 4)
    z[t.tensor([0, 1, 1], dtype=t.uint8)] = t.zeros(4)
(y.grad_fn.name(), x.grad, z)
""",
    "int8_and_int16_index_tensors_refused": _outcomes(
        "t.arange(3)[t.tensor([0, 2], dtype=t.int8)]", "t.arange(3)[t.tensor([0, 2], dtype=t.int16)]",
        "t.arange(3)[t.tensor([0, 2], dtype=t.int32)]"),
    "advanced_writes_need_matching_dtypes": _outcomes(
        "t.arange(12).reshape(3, 4).index_put_((t.tensor([0, 0]),), t.ones(4))",
        "t.arange(12).reshape(3, 4).__setitem__(([0, 2], [1, 1]), t.tensor(7.))",
        "t.arange(12.).reshape(3, 4).__setitem__([0, 1], t.ones(2, 4, dtype=t.int32))",
        "t.arange(12).reshape(3, 4).__setitem__((0, [0, 1]), t.ones(2))",
        "t.arange(12).reshape(3, 4).__setitem__(t.tensor([True, False, True]), t.ones(4))",
        "t.arange(12).reshape(3, 4).__setitem__(t.arange(12).reshape(3, 4) > 5, t.tensor([1.]))",
        "t.arange(12).reshape(3, 4).__setitem__(0, t.ones(4))",
        "t.arange(12).reshape(3, 4).__setitem__([0, 0], 7.5)"),
    "written_numbers_are_converted_checked": _outcomes(
        "t.arange(4).__setitem__(0, float('nan'))", "t.arange(4, dtype=t.uint8).__setitem__(0, 300)",
        "t.arange(4, dtype=t.int32).__setitem__([0], 2**40)", "t.arange(4.).__setitem__(..., 1e300)",
        "t.arange(4).__setitem__(t.arange(4) > 1, float('inf'))",
        "t.arange(4, dtype=t.uint8).__setitem__(0, -1)", "t.arange(4, dtype=t.float16).__setitem__(0, 1e6)",
        "t.zeros(2, dtype=t.uint8).index_fill(0, t.tensor([0]), 300)",
        "t.zeros(2, dtype=t.uint8).index_fill(0, t.tensor([0]), -1)",
        "t.zeros(2, dtype=t.int64).index_fill(0, t.tensor([0]), float('nan'))"),
    "norm_errors_and_nuclear_norm": _outcomes(
        "t.norm(t.zeros(2, 0), -1)", "t.norm(t.zeros(2, 0), -0.5, 1)", "t.norm(t.zeros(2, 0), -1, 0)",
        "t.norm(t.tensor([[1, 2], [3, 4]]), dtype=t.float64)", "t.norm(t.tensor([[1., 2.], [3., 4.]]), (0, 1))",
        "t.norm(t.tensor([[1., 2.], [3., 4.]]), 'nuc')", "t.norm(t.ones(2, 2, 3), 'nuc', dim=(0, 2))",
        "t.norm(t.ones(2, 2, 3), 'nuc')", "t.norm(t.tensor(3.), 'nuc')", "t.norm(t.tensor([[1, 2], [3, 4]]), 'nuc')",
        "t.linalg.matrix_norm(t.tensor([[1, 2], [3, 4]]))", "t.linalg.matrix_norm(t.ones(2, 2, 3), dim=(0,))",
        "t.linalg.matrix_norm(t.ones(2, 2, 3), 1, (0, 0))"),
    "nuclear_norm_gradient": """
x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = t.norm(x, 'nuc'); y.backward()
(y, x.grad)
""",
    "reduction_dtype_and_dim_errors": _outcomes(
        "t.mean(t.tensor([1., 2.]), dtype=t.int32)", "t.mean(t.tensor([1, 2], dtype=t.int32))",
        "t.tensor([1, 2]).mean(dtype=t.bool)", "t.tensor([True]).cumsum(0, dtype=t.bool)",
        "t.tensor([1.]).cumprod(0, dtype=t.bool)", "t.amax(t.zeros(0), 0)", "t.amin(t.zeros(2, 0), -1)",
        "t.amax(t.zeros(2, 0), (0, 1))", "t.amin(t.zeros(0), (0, 1))", "t.amax(t.zeros(0))",
        "t.cummax(t.tensor(2.5), 1)", "t.cummin(t.tensor(3), -2)", "t.cummax(t.tensor(2.5), -1)"),
    "bool_order_statistics_errors": _outcomes(
        "t.median(t.tensor([True, False]))", "t.nanmedian(t.tensor([True, False]), 0)",
        "t.median(t.tensor([True, False]), 2)", "t.median(t.tensor([True, False]), (0,))",
        "t.tensor([True, False]).mode()", "t.topk(t.tensor([True, False]), 9)", "t.topk(t.tensor([True]), 1)",
        "t.kthvalue(t.tensor([True, False]), 0)", "t.kthvalue(t.tensor([True, False]), 1)",
        "t.kthvalue(t.tensor(True), 1)", "t.tensor([True, False]).clamp(min=True)",
        "t.tensor([True, False]).clamp(True, False)", "t.clip(t.tensor([True]), max=True)",
        "t.tensor([True, False]).clamp(min=True, max=1)", "t.tensor([True, False]).clamp(min=0.5)"),
    "unique_dim_errors": _outcomes(
        "t.unique(t.tensor(1.5), dim=0)", "t.tensor(1.5).unique(dim=1)",
        "t.unique_consecutive(t.tensor(1.5), dim=-1)", "t.unique(t.zeros(2, 0, dtype=t.int32), dim=0)",
        "t.unique_consecutive(t.zeros(0, 3), dim=1)", "t.unique(t.zeros(2, 0), dim=1, return_counts=True)",
        "t.unique(t.zeros(0, 3), dim=0, return_inverse=True)"),
    "searchsorted_shape_errors": _outcomes(
        "t.searchsorted(t.tensor(1.5), 2)", "t.searchsorted(t.tensor(1.5), t.tensor([0., 2.]))",
        "t.searchsorted(t.ones(2, 3), 2)", "t.searchsorted(t.ones(2, 3), t.tensor(2.))",
        "t.searchsorted(t.ones(3), t.tensor(2.))", "t.bucketize(2, t.tensor([1, 3]))"),
    "shape_op_errors": _outcomes(
        "t.ones(2, 3, 4).unflatten(2, (3, 2))", "t.ones(2, 3, 4).unflatten(-1, (-1, 3))",
        "t.ones(2, 3, 4).unflatten(2, (0, -1))", "t.repeat_interleave(t.tensor([1, 2]), -1)",
        "t.repeat_interleave(t.tensor([-1, 2]))", "t.tensor([1, 2]).repeat_interleave(t.tensor(-1))",
        "t.repeat_interleave(t.tensor([1, 2]), t.tensor([-1, 2]))"),
    "binary_ops_refuse_python_numbers": _outcomes(
        "t.atan2(t.ones(2), 2)", "t.arctan2(t.ones(2), 2.5)", "t.hypot(t.ones(2), 2)",
        "t.logaddexp(t.ones(2), 2)", "t.ones(2).atan2(2)", "t.ones(2).hypot(2)", "t.ones(2).logaddexp(2)",
        "t.count_nonzero(t.ones(2, 3), 1, keepdim=True)", "t.ones(2).count_nonzero(0, keepdim=True)",
        "t.count_nonzero(t.ones(2, 3), (0, 1))"),
})
CASES.update({
    "dist_subtracts_first": _outcomes(
        "t.dist(t.tensor([2.5, -0.5]), t.tensor([True, False]))", "t.dist(t.tensor([True]), t.tensor([True]))",
        "t.dist(t.tensor([2, -3, 0, 4]), t.tensor([1, 2], dtype=t.uint8))", "t.dist(t.tensor([1, 2]), t.tensor([3, 4]))",
        "t.dist(t.tensor([1., 2.]), t.tensor([3, 4]))"),
    "fmod_of_bool_tensors_refused": _outcomes(
        "t.fmod(t.tensor([True, False]), t.tensor([True, False]))", "t.fmod(t.tensor([True, False]), True)",
        "t.fmod(t.tensor([True, False]), 2)", "t.fmod(t.tensor([1, 2]), t.tensor([True, True]))"),
    # (always with dim: torch.cross without it warns once per process, and a case in
    # tutorial_api observes that warning)
    "cross_checks": _outcomes(
        "t.cross(t.ones(3), t.ones(4), dim=0)",
        "t.linalg.cross(t.ones(3), t.ones(3, dtype=t.long))", "t.linalg.cross(t.ones(3, dtype=t.long), t.ones(3))",
        "t.linalg.cross(t.ones(3, dtype=t.bool), t.ones(3, dtype=t.bool))",
        "t.cross(t.tensor([1., 0., 0.]), t.tensor([0., 1., 0.]), dim=0)"),
    "dot_and_inner_check_dtypes_in_torch_order": _outcomes(
        "t.dot(t.tensor([2, -3, 0]), t.tensor([1, 2], dtype=t.uint8))", "t.dot(t.tensor([2, -3, 0]), t.tensor([1, 2]))",
        "t.matmul(t.tensor([2, -3, 0]), t.tensor([1., 2.]))", "t.inner(t.tensor([2, -3]), t.tensor([1., 2.]))",
        "t.inner(t.tensor([2, -3]), t.tensor([1., 2., 3.]))", "t.inner(t.tensor(2), t.tensor([1., 2.]))"),
})
CASES.update({
    "inplace_div_with_rounding_mode": """
a = t.tensor([7, -7, 5]); b = t.tensor([7.5, -7.5, 5.0])
(a.clone().div_(2, rounding_mode='floor'), a.clone().div_(t.tensor([2, 2, 3]), rounding_mode='trunc'),
 b.clone().div_(2, rounding_mode='floor'), b.clone().divide_(-2, rounding_mode='trunc'), b.clone().div_(4))
""",
    "rounding_division_of_bools_refused": _outcomes(
        "t.div(t.tensor([True, False]), True, rounding_mode='floor')",
        "t.div(t.tensor([True, False]), t.tensor([True, True]), rounding_mode='trunc')",
        "t.tensor([True, False]).div_(True, rounding_mode='floor')",
        "t.div(t.tensor([True, False]), 2, rounding_mode='floor')", "t.tensor([True, False]) // True"),
})
