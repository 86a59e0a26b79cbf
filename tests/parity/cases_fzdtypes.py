"""Dtypes, type promotion and printing, found by differential fuzzing against torch 2.x: numpy
scalars as operands (they are numbers to torch, never 0-d tensors of their own dtype), integer
``arange`` with float bounds, and ``out=`` on the comparison and division-like functions."""

CASES = {
    # a numpy scalar compared with a 0-d tensor is a number taking the tensor's dtype: -2 as uint8
    # is 254, so np.int32(-2) < tensor(2, uint8) is False (it was compared as int32: True)
    "numpy_scalar_compared_with_0d_uint8": """
b = t.tensor(2, dtype=t.uint8)
(np.int32(-2) < b, np.int64(-2) >= b, np.int32(300) > b, np.float64(2.5) == t.tensor(2.5),
 np.int32(-1) != t.tensor([255, 1], dtype=t.uint8))
""",
    # a numpy scalar exponent cannot widen the result (numpy's power made it float64 / int64)
    "pow_numpy_scalar_exponent_dtype": """
a = t.tensor([3, 2, 0], dtype=t.uint8)
h = t.tensor([1.0, 2.0], dtype=t.float16)
(a ** np.float64(2.5), a ** np.int64(3), t.pow(a, np.float32(0.5)), h ** np.float64(2.5),
 t.tensor([True, False]) ** np.float64(2.5))
""",
    # numpy scalar % tensor and numpy scalar & tensor are the tensor's reflected operators
    "numpy_scalar_reflected_remainder": """
(np.float64(2.5) % t.tensor([3, 2, -1], dtype=t.int8), np.int64(7) % t.tensor([2, 3]),
 np.int64(6) & t.tensor([3, 5]), np.int64(6) | t.tensor([3, 5]), np.int64(6) ^ t.tensor([3, 5]),
 np.int64(1) << t.tensor([1, 2]), np.int64(8) >> t.tensor([1, 2]))
""",
    "numpy_float_bitwise_and_tensor_error": """
np.float64(2.5) & t.tensor([3, 2], dtype=t.uint8)
""",
    # the narrower integer dtypes size a range from its bounds as given (torch: two elements), then
    # fill it from the truncated start and step; int64 sizes it from the truncated bounds
    "arange_float_bounds_int32": """
(t.arange(1.5, dtype=t.int32), t.arange(1.5, dtype=t.int64), t.arange(-2.5, 3, dtype=t.uint8),
 t.arange(0, 5, 2.5, dtype=t.int16), t.arange(0, 5, 2.5, dtype=t.int64))
""",
    "arange_fractional_step_int32": """
(t.arange(0, 1, 0.25, dtype=t.int32), t.arange(0, 1, 0.1, dtype=t.uint8))
""",
    "arange_fractional_step_int64_error": """
t.arange(0, 1, 0.25, dtype=t.int64)
""",
    # out= on atan2, remainder, fmod, floor_divide and the comparisons (a TypeError before)
    "out_atan2_remainder_floor_divide": """
a = t.tensor([3, -2, 5], dtype=t.int32)
b = t.tensor([2., 4., -3.])
o1, o2, o3, o4 = t.empty(3), t.empty(3, dtype=t.float64), t.empty(3), t.empty(3)
r1 = t.atan2(b, b, out=o1)
r2 = t.remainder(a, b, out=o2)
r3 = t.floor_divide(a, 2.5, out=o3)
r4 = t.fmod(a, b, out=o4)
(r1, r2, r3, r4, r1 is o1, r2 is o2, r3 is o3, r4 is o4)
""",
    "out_comparisons_into_numbers": """
a = t.tensor([1, 2, 3])
o1, o2, o3 = t.empty(3, dtype=t.int32), t.empty(3), t.empty(3, dtype=t.bool)
(t.eq(a, 2, out=o1), t.lt(a, 2.5, out=o2), t.ge(a, t.tensor([3, 0, 3]), out=o3), o1, o2, o3)
""",
    "out_remainder_cast_error": """
t.remainder(t.tensor([True, False]), 2.5, out=t.empty(2, dtype=t.int64))
""",
    "out_atan2_cast_error": """
t.atan2(t.tensor([1, 2]), t.tensor([3, 4]), out=t.empty(2, dtype=t.int16))
""",
    "out_bitwise_and_hypot": """
o1, o2 = t.empty(2, dtype=t.int64), t.empty(2)
(t.bitwise_and(t.tensor([6, 5]), t.tensor([3, 1]), out=o1), t.hypot(t.tensor([3.]), t.tensor([4.]), out=o2), o1, o2)
""",
    # a negative (or too big) int to an integer tensor's power wraps into the tensor's dtype, as
    # torch (numpy's conversion raised OverflowError)
    "int_base_power_of_integer_tensor_wraps": """
e = t.tensor([3, 2, 0], dtype=t.uint8)
((-3) ** e, 300 ** e.to(t.int8), (-200) ** e.to(t.int32), t.pow(-3, e), np.int32(-2) ** e)
""",
    # a power too big for an integer dtype is cast as torch casts it, with no numpy warning
    "logspace_integer_overflow_no_warning": """
(t.logspace(0, 10, 4, dtype=t.int32), t.logspace(0, 10, 4, dtype=t.uint8))
""",
    # torch accumulates var/std in a wider type: the squares of values near the dtype's maximum do
    # not overflow (ours gave inf)
    "std_var_near_dtype_max": """
x = t.tensor([[65504.0, -0.0], [1e-4, 3.0]], dtype=t.float16)
y = t.tensor([3e38, 1e-40, -1e38])
(x.std(0), x.var(1), y.std(), y.var(), t.std_mean(y), t.var_mean(x, 0))
""",
    # float16 rounded to decimals in float32, as torch: 65504 stays (ours: inf, and NaN at 5)
    "round_decimals_float16_no_overflow": """
x = t.tensor([65504.0, 1.2345, -0.0, 300.5, -3.5e4], dtype=t.float16)
(x.round(decimals=2), x.round(decimals=5), x.round(decimals=-1), t.round(x, decimals=3))
""",
    # a running sum starts from +0 in torch (a leading -0.0 becomes 0.0), in a wider type
    "cumsum_leading_negative_zero_and_accumulation": """
v = [0.1, 1e-4, 3.3, -2.7, 1e-3, 7.7, 0.01, -5.5, 12.5, 0.33, 1e-4, 0.7]
(t.tensor([-0.0, -0.0, 1.0]).cumsum(0), t.tensor([[-0.0, 2.0], [-0.0, -0.0]], dtype=t.float64).cumsum(1),
 t.tensor(v, dtype=t.float16).cumsum(0), t.tensor(v).cumsum(0, dtype=t.float16),
 t.tensor([-0.0, 1.5], requires_grad=True).cumsum(0))
""",
    # float16 sums and means are computed in float32 and rounded once, as torch's: numpy's float16
    # running sum stalled at 256 (0.1 * 3000 is 300), a mean whose sum passes 65504 was inf
    "float16_sum_mean_accumulate_in_float32": """
x = t.full((3000, 3), 0.1, dtype=t.float16)
y = t.full((600,), 110.0, dtype=t.float16)
(x.sum(0), x.mean(0), x.sum(), y.mean(), y.sum(), t.full((3000,), 0.1).sum(dtype=t.float16))
""",
    # integer division with rounding_mode is exact (it went through float64: int64's largest
    # values came back as -2**63), and floor division of floats is Python's (-7 // inf is -1)
    "div_rounding_mode_large_int64_exact": """
a = t.tensor([9223372036854775807, -9223372036854775807, 5, -7, 12, -12])
(t.div(a, 1, rounding_mode='trunc'), t.div(a, -1, rounding_mode='trunc'),
 t.div(a, 3, rounding_mode='trunc'), t.div(a, -5, rounding_mode='floor'),
 t.div(a.to(t.int32) // 3, t.tensor([2, -2, 3, -3, 5, 5], dtype=t.int32), rounding_mode='trunc'))
""",
    "div_floor_by_infinity": """
(t.div(t.tensor([127, -127, 5, -7], dtype=t.int8), float('inf'), rounding_mode='floor'),
 t.div(t.tensor([7.5, -7.5, -0.0, 3.0]), t.tensor([float('inf'), float('inf'), 2.0, -float('inf')]),
       rounding_mode='floor'),
 t.div(t.tensor([-7.5, 7.5], dtype=t.float64), -float('inf'), rounding_mode='floor'))
""",
    # where an element equals the bound (or the other operand), torch keeps the element's own value,
    # with its sign of zero: -0.0 clamped to min=0 stays -0.0 (numpy kept the second argument)
    "clamp_maximum_keep_own_signed_zero": """
x = t.tensor([-0.0, 0.0, 1.0, float('nan')], requires_grad=True)
z = t.tensor(0.0)
(x.clamp(min=0), x.clamp(max=-0.0), x.clamp(0, 0), x.clamp_min(0), t.maximum(x, z), t.minimum(z, x),
 t.clamp(x, t.tensor(0.0), t.tensor(1.0)), t.tensor([0.0, -0.0]).clamp(min=-0.0),
 t.clamp(t.tensor([0, 5], dtype=t.uint8), min=-0.0))
""",
}
