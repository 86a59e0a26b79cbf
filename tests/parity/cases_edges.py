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
