"""More elementwise math and value tests: deg2rad/rad2deg, logaddexp2, copysign, fmax/fmin, erfc,
signbit, isposinf/isneginf/isreal, isin, is_complex/is_nonzero, torch.addmm — values, dtypes,
broadcasting, grad_fn names, gradients (ties and NaN as torch sends them), errors against torch 2.x."""

A = "a = t.tensor([[1.0, -2.0, 0.0], [3.0, float('nan'), 2.0]], requires_grad=True)"
B = "b = t.tensor([1.0, 1.0, float('nan')], requires_grad=True)"


def graded(setup: str, expr: str, *inputs: str) -> str:
    """``expr``'s value and node, and the inputs' gradients of a weighted sum of it."""
    grads = ", ".join(f"{name}.grad" for name in inputs)
    return f"""
{setup}
out = {expr}
(out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
out, out.grad_fn, {grads}
"""


CASES = {
    # --- angle units, erfc, logaddexp2 ---------------------------------------------------------------
    "deg2rad_rad2deg": graded("x = t.tensor([180.0, -90.0, 45.0], requires_grad=True)", "t.deg2rad(x) + x.rad2deg()", "x"),
    "deg2rad_int_bool_float64": "t.deg2rad(t.tensor([180])), t.deg2rad(t.tensor([True])), t.rad2deg(t.tensor([1.0], dtype=t.float64))",
    "erfc": graded("x = t.tensor([-3.0, -0.5, 0.0, 0.5, 10.0], requires_grad=True)", "t.erfc(x)", "x"),
    "erfc_int_method_special": "t.erfc(t.tensor([0, 1])), t.tensor([0.5]).erfc(), t.special.erfc(t.tensor([2.0], dtype=t.float64))",
    "logaddexp2": graded("x = t.tensor([[1.0, -2.0, 30.0]], requires_grad=True)\ny = t.tensor([[0.5], [100.0]], requires_grad=True)", "t.logaddexp2(x, y)", "x", "y"),
    "logaddexp2_int_error": "t.logaddexp2(t.tensor([1, 2]), t.tensor([1, 2]))",
    "logaddexp2_number_error": "t.logaddexp2(t.tensor([1.0]), 2)",
    # --- copysign -------------------------------------------------------------------------------------
    "copysign": graded("x = t.tensor([1.0, -2.0, 0.0, 3.0], requires_grad=True)\ny = t.tensor([-1.0, 2.0, -1.0, 0.0], requires_grad=True)", "t.copysign(x, y)", "x", "y"),
    "copysign_number": graded("x = t.tensor([1.0, -2.0, 0.0, 3.0], requires_grad=True)", "x.copysign(-0.0)", "x"),
    "copysign_broadcast_int": "t.copysign(t.tensor([1, 2]), t.tensor([-1, 2])), t.copysign(t.tensor([[1.0], [-2.0]]), t.tensor([0.0, -0.0]))",
    "copysign_number_first_error": "t.copysign(2, t.tensor([1.0]))",
    # --- fmax / fmin ----------------------------------------------------------------------------------
    "fmax": graded(A + "\n" + B, "t.fmax(a, b)", "a", "b"),
    "fmin": graded(A + "\n" + B, "a.fmin(b)", "a", "b"),
    "fmax_ties": graded("a = t.tensor([1.0, 2.0], requires_grad=True)\nb = t.tensor([1.0, 2.0], requires_grad=True)", "t.fmax(a, b) + t.fmin(a, b) * 10", "a", "b"),
    "fmax_int_mixed": "t.fmax(t.tensor([1, 5]), t.tensor([3, 2])), t.fmin(t.tensor([1, 5]), t.tensor([3.0, 2.0])), t.fmax(t.tensor([float('nan')]), t.tensor([float('nan')]))",
    "fmax_number_error": "t.fmax(t.tensor([1.0]), 2)",
    # --- value tests -----------------------------------------------------------------------------------
    "signbit": "t.signbit(t.tensor([1.0, -0.0, 0.0, -2.0, float('nan')])), t.signbit(t.tensor([1, -2])), t.signbit(t.tensor([True])), t.ones(2, requires_grad=True).signbit()",
    "isposinf_isneginf_isreal": "x = t.tensor([1.0, float('inf'), -float('inf'), float('nan')])\nt.isposinf(x), t.isneginf(x), t.isposinf(t.tensor([1, 2])), t.isreal(x), x.isneginf()",
    "isin": "t.isin(t.tensor([1, 2, 3]), t.tensor([2, 5])), t.isin(t.tensor([[1, 2], [3, 4]]), t.tensor([2, 4]), invert=True), t.isin(t.tensor([1, 2]), 2), t.isin(2, t.tensor([1, 2]))",
    "isin_float_nan_mixed": "t.isin(t.tensor([1.0, 2.0, float('nan')]), t.tensor([2.0, float('nan')])), t.isin(t.tensor([1, 2]), t.tensor([2.0])), t.isin(t.tensor([1.5, 2.0]), t.tensor([2]), assume_unique=True)",
    "isin_bool_error": "t.isin(t.tensor([1, 2]), t.tensor([True]))",
    "is_complex_is_nonzero": "t.is_complex(t.ones(2)), t.ones(1).is_complex(), t.is_nonzero(t.tensor([1.0])), t.is_nonzero(t.tensor([0])), t.is_nonzero(t.tensor(float('nan')))",
    "is_nonzero_empty_error": "t.is_nonzero(t.tensor([]))",
    "is_nonzero_many_error": "t.tensor([1, 2]).is_nonzero()",
    "bool_empty_error": "bool(t.tensor([]))",
    # --- addmm ----------------------------------------------------------------------------------------
    "addmm": graded("c = t.tensor([1.0, -1.0, 2.0], requires_grad=True)\nm1 = t.tensor([[1.0, 2.0], [0.5, -1.0]], requires_grad=True)\nm2 = t.tensor([[1.0, 0.0, 2.0], [3.0, -1.0, 1.0]], requires_grad=True)",
                    "t.addmm(c, m1, m2, beta=0.5, alpha=2)", "c", "m1", "m2"),
    "addmm_method_int": "t.tensor([[1, 2, 3]]).addmm(t.tensor([[1, 2]]), t.tensor([[1, 2, 3], [4, 5, 6]]), beta=2, alpha=3)",
    "addmm_shape_error": "t.addmm(t.ones(2), t.ones(2, 2), t.ones(2, 3))",
    "addmm_dtype_error": "t.addmm(t.ones(2, 3), t.ones(2, 2), t.ones(2, 3, dtype=t.float64))",
    "addmm_matrix_error": "t.addmm(t.ones(2, 3), t.ones(2), t.ones(2, 3))",
}

CASES.update({
    # --- ldexp, frexp, gcd, lcm ------------------------------------------------------------------------
    "ldexp": graded("x = t.tensor([[1.0, -2.0, 0.5]], requires_grad=True)\ne = t.tensor([[3.0], [-1.0]], requires_grad=True)", "t.ldexp(x, e)", "x", "e"),
    "ldexp_int_float64": "t.ldexp(t.tensor([1.0, 2.0]), t.tensor([3, -1])), t.ldexp(t.tensor([1, 2]), t.tensor([3, 1])), t.tensor([1.0], dtype=t.float64).ldexp(t.tensor([2.0]))",
    "ldexp_number_error": "t.ldexp(t.tensor([1.0]), 2)",
    "frexp": graded("x = t.tensor([8.0, -0.5, 0.0, 3.0, 1e-3], requires_grad=True)", "t.frexp(x).mantissa", "x"),
    "frexp_result": "r = t.frexp(t.tensor([8.0, -0.5, float('inf'), float('nan')]))\nr, r.mantissa, r.exponent, t.tensor([1.0], dtype=t.float64).frexp()",
    "frexp_int_error": "t.frexp(t.tensor([1, 2]))",
    "gcd_lcm": "t.gcd(t.tensor([12, -8, 0, 7]), t.tensor([18, 12, 5, 0])), t.lcm(t.tensor([4, -6, 0]), t.tensor([6, 4, 3])), t.lcm(t.tensor([[4], [6]]), t.tensor([6, 4])), t.tensor([4], dtype=t.int32).gcd(t.tensor([6]))",
    "gcd_float_error": "t.gcd(t.tensor([1.0, 2.0]), t.tensor([1.0, 2.0]))",
    "gcd_bool_error": "t.lcm(t.tensor([True]), t.tensor([True]))",
    "gcd_number_error": "t.gcd(t.tensor([4]), 2)",
})

DTYPES = "[t.bool, t.uint8, t.int8, t.int16, t.int32, t.int64, t.float16, t.float32, t.float64]"
CASES.update({
    "can_cast_every_pair": f"[[t.can_cast(a, b) for b in {DTYPES}] for a in {DTYPES}]",
    "can_cast_number_error": "t.can_cast(1, t.int64)",
    "can_cast_tensor_error": "t.can_cast(t.ones(2), t.int64)",
    "can_cast_string_error": "t.can_cast(t.float32, 'a')",
})

CASES.update({
    # --- complex-number views of real tensors ----------------------------------------------------------
    "conj_real_resolve": """
x = t.tensor([1.0, -2.0], requires_grad=True)
(t.conj(x) is x, x.conj() is x, t.conj_physical(x) is x, t.resolve_conj(x) is x, t.resolve_neg(x) is x,
 t.real(x) is x, x.real is x, t.is_conj(x), x.is_neg(), t.conj(t.tensor([1, 2])))
""",
    "imag_error": "t.imag(t.tensor([1.0]))",
    "conj_not_tensor_error": "t.conj(None)",
})
