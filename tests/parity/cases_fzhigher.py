"""Higher-order and forward-mode derivatives found by differential fuzzing against torch (float64):
tangents that were dropped or cut from their graph, and derivative rules at delicate points."""

_DUAL = "fw = t.autograd.forward_ad\n"
_XY = ("x = t.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], dtype=t.float64, requires_grad=True)\n"
       "y = t.tensor([[1.1, 0.4, -0.6], [0.3, -1.5, 0.8]], dtype=t.float64, requires_grad=True)\n")

CASES = {
    # the target's tangent went through label smoothing only when the target required grad
    "cross_entropy_label_smoothing_target_tangent": """
x = t.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], dtype=t.float64)
y = t.tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], dtype=t.float64)
v = t.tensor([[0.7, -0.2, 0.1], [0.3, 0.4, -0.5]], dtype=t.float64)
F = t.nn.functional
(t.func.jvp(lambda y: F.cross_entropy(x, y, label_smoothing=0.1), (y,), (v,)),
 t.func.jvp(lambda y: F.cross_entropy(x, y, label_smoothing=0.3, reduction='none'), (y,), (v,)))
""",
    # an in-place change under no_grad keeps the tangent's graph (torch changes it in place), so
    # the gradient of cosine_similarity's tangent includes the norms' part
    "cosine_similarity_reverse_over_forward": _XY + _DUAL + """
with fw.dual_level():
    out = t.nn.functional.cosine_similarity(fw.make_dual(x, t.ones_like(x)), fw.make_dual(y, y * 0.5))
    tangent = fw.unpack_dual(out).tangent
    grads = t.autograd.grad((tangent * t.tensor([1.0, -2.0], dtype=t.float64)).sum(), (x, y))
tangent, grads
""",
    "inplace_under_no_grad_keeps_tangent_graph": """
x = t.tensor([0.5, -1.2, 2.0], dtype=t.float64, requires_grad=True)
fw = t.autograd.forward_ad
with fw.dual_level():
    d = fw.make_dual(x, x * 1.5)
    n = (d * 2).clone()
    with t.no_grad():
        n.clamp_(min=0.0)
    tangent = fw.unpack_dual(n).tangent
    grad = t.autograd.grad((tangent * tangent).sum(), x)
tangent, grad
""",
    # torch's forward formula for atan2 has no zeros at the origin (its backward has): NaN there
    "atan2_tangent_at_origin": """
x = t.tensor([0.0, 0.5, 1.0, -2.0], dtype=t.float64)
y = t.tensor([0.0, 3.0, 0.0, 0.0], dtype=t.float64)
vx = t.tensor([0.5, -1.0, 2.0, 0.25], dtype=t.float64)
vy = t.tensor([1.5, 0.5, -1.0, 0.75], dtype=t.float64)
(t.func.jvp(t.atan2, (x, y), (vx, vy)), t.func.jvp(lambda x: t.atan2(x, y), (x,), (vx,)),
 t.func.jvp(lambda y: t.atan2(x, y), (y,), (vy,)))
""",
    # kl_div's target * log(target) was a constant unless the target required grad: a dual target's
    # tangent lost that term (and gave finite values where torch's xlogy gives NaN at 0)
    "kl_div_target_tangent": """
x = t.log_softmax(t.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], dtype=t.float64), 1)
y = t.tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], dtype=t.float64)
z = t.tensor([[0.2, 0.8, 0.0], [1.0, 0.0, 0.0]], dtype=t.float64)
v = t.tensor([[0.7, -0.2, 0.1], [0.3, 0.4, -0.5]], dtype=t.float64)
F = t.nn.functional
(t.func.jvp(lambda y: F.kl_div(x, y, reduction='batchmean'), (y,), (v,)),
 t.func.jvp(lambda y: F.kl_div(x, y, reduction='none'), (z,), (v,)))
""",
    # det's backward and forward rule inverted A, and numpy raised LinAlgError for a singular A;
    # torch gives 0 in a plain pass and in forward mode, and the cofactors in a recorded pass
    "det_singular_derivatives": """
a = t.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, -1.0, 2.0]], dtype=t.float64)
x = a.clone().requires_grad_()
t.det(x).backward()
y = a.clone().requires_grad_()
(g,) = t.autograd.grad(t.det(y), y, create_graph=True)
(h,) = t.autograd.grad((g * t.arange(9.0, dtype=t.float64).reshape(3, 3)).sum(), y)
b = t.stack([a, t.tensor([[2.0, 0.5, -0.3], [0.1, 1.5, 0.4], [-0.2, 0.3, 1.2]], dtype=t.float64)])
z = b.clone().requires_grad_()
(gb,) = t.autograd.grad((t.det(z) * t.tensor([1.5, -1.0], dtype=t.float64)).sum(), z, create_graph=True)
x.grad.abs(), g.detach().round(decimals=9) + 0.0, h, gb.detach().round(decimals=9) + 0.0, t.func.jvp(t.det, (b,), (t.ones_like(b),))
""",
    # pow's exponent derivative: torch masks the factor result * log(self) at a zero base (not the
    # product with grad), so the second derivative there is NaN (0 * log(0)), not 0
    "pow_zero_base_second_derivative": """
x = t.tensor([0.0, 0.0, 0.0, 2.0], dtype=t.float64, requires_grad=True)
y = t.tensor([1.5, 0.5, 2.0, 0.0], dtype=t.float64, requires_grad=True)
gs = t.autograd.grad(t.pow(x, y).sum(), (x, y), create_graph=True)
h = t.autograd.grad(gs[1].sum(), (x, y), allow_unused=True)
z = t.tensor([1.5, 0.5, 2.0, 0.0], dtype=t.float64, requires_grad=True)
(gz,) = t.autograd.grad(t.pow(0.0, z).sum(), z, create_graph=True)
(hz,) = t.autograd.grad(gz.sum(), z)
gs, h, gz, hz
""",
    # the 2-norm's backward masked grad / norm at a zero norm where torch masks self / norm, so the
    # second derivative there was 0 where torch's is NaN
    "norm_zero_second_derivative": """
x = t.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]], dtype=t.float64, requires_grad=True)
v = t.tensor([[1.0, -1.0, 2.0], [0.5, 0.3, -0.2]], dtype=t.float64)
r = []
for f in (lambda x: x.norm(dim=1), lambda x: t.linalg.vector_norm(x, 2, dim=1), lambda x: (x * 0).norm()):
    (g,) = t.autograd.grad(f(x).sum(), x, create_graph=True)
    r.append((g, t.autograd.grad((g * v).sum(), x)[0]))
r
""",
    # div's forward rule and its backward for the divisor in torch's forms ((self_t - other_t *
    # result) / other, -grad * ((self / other) / other)): at a zero divisor they give inf where
    # the expanded forms gave inf - inf = NaN (log's and sqrt's Hessian-vector products at 0)
    "div_forms_at_zero_divisor": """
x = t.tensor([0.0, 1.0, 0.0, 2.0], dtype=t.float64)
w = t.tensor([0.5, 1.0, -0.5, 1.5], dtype=t.float64)
v = t.tensor([-1.0, 1.0, 1.0, 0.5], dtype=t.float64)
hvps = [t.func.jvp(t.func.grad(lambda x: (f(x) * w).sum()), (x,), (v,)) for f in (t.log, t.sqrt)]
hvps, t.func.jvp(lambda x: w / x, (x,), (v,)), t.func.jvp(t.div, (w, x), (v, v))
""",
}
