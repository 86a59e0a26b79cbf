"""Forward mode (``autograd.forward_ad``) against torch: dual levels, ``make_dual``/``unpack_dual`` and
their errors, tangents through ops (values, shapes, dtypes), broadcasting, in-place changes and
views, forward over reverse, custom Functions with ``jvp``, ops without a forward rule."""

_SETUP = "import math\nfw = t.autograd.forward_ad\nU = fw.unpack_dual\n"


def _case(code: str) -> str:
    return _SETUP + code.strip("\n") + "\n"


CASES = {name: _case(code) for name, code in {
    # --- levels and dual tensors ------------------------------------------------------------------
    "make_dual_outside_a_level": """
fw.make_dual(t.ones(2), t.ones(2))
""",
    "nested_levels": """
with fw.dual_level():
    fw.enter_dual_level()
""",
    "exit_without_a_level": """
fw.exit_dual_level()
""",
    "exit_another_level": """
with fw.dual_level():
    fw.exit_dual_level(level=2)
""",
    "level_numbers": """
with fw.dual_level() as first:
    pass
with fw.dual_level() as second:
    pass
first, second
""",
    "tangent_of_another_size": """
with fw.dual_level():
    fw.make_dual(t.ones(3), t.ones(2, 2))
""",
    "integer_primal": """
with fw.dual_level():
    fw.make_dual(t.tensor([1, 2]), t.ones(2))
""",
    "integer_tangent": """
with fw.dual_level():
    fw.make_dual(t.ones(2), t.tensor([1, 2]))
""",
    "dual_of_a_dual": """
with fw.dual_level():
    x = fw.make_dual(t.ones(2), t.ones(2))
    fw.make_dual(x, t.ones(2))
""",
    "make_dual_with_another_level": """
with fw.dual_level():
    fw.make_dual(t.ones(2), t.ones(2), level=1)
""",
    "unpack_outside_a_level": """
x = t.ones(2)
p, tangent = U(x)
p is x, tangent
""",
    "unpack_a_plain_tensor": """
x = t.ones(2, requires_grad=True)
with fw.dual_level():
    p, tangent = U(x)
p, tangent, p is x, type(U(x)).__name__, U(x)._fields
""",
    "dual_and_primal_in_the_graph": """
x = t.tensor([1., 2.], requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([0.5, -1.]))
    p = U(d).primal
    out = (repr(d), U(d), p, U(p).tangent, d.grad_fn, p.grad_fn.name())
out
""",
    "tangent_kept_as_given": """
tangent = t.ones(2, 3)
with fw.dual_level():
    same = U(fw.make_dual(t.zeros(2, 3), tangent)).tangent is tangent
    transposed = t.ones(3, 2).t()
    copied = U(fw.make_dual(t.zeros(2, 3), transposed)).tangent
same, copied is transposed, copied.is_contiguous(), copied
""",
    "tangents_dropped_at_exit": """
with fw.dual_level():
    y = fw.make_dual(t.tensor([1., 2.]), t.tensor([3., 4.])) * 2
    inside = U(y).tangent
y, U(y).tangent, inside
""",
    "decorated_function": """
@fw.dual_level()
def slope(x):
    return U(fw.make_dual(x, t.ones_like(x)) ** 3).tangent
slope(t.tensor([1., 2.]))
""",
    "repr_with_tangent": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([1., 2.]), t.tensor([0.5, 0.]))
    b = fw.make_dual(t.tensor(2.), t.tensor(0.25))
    c = fw.make_dual(t.tensor([1., 2.], requires_grad=True), t.tensor([1., 1.]))
    out = (repr(a), repr(b), repr(c))
out
""",
    # --- tangents through ops ---------------------------------------------------------------------
    "chain_of_elementwise_ops": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([0.3, 0.7, 1.2], dtype=t.float64), t.tensor([1., -0.5, 2.], dtype=t.float64))
    y = t.tanh(t.sin(x) * t.exp(x)) / (1 + x * x) - t.sqrt(x) + 2 ** x + x.sigmoid() - x.log() * x.cos()
    out = U(y)
out
""",
    "arithmetic_ops": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([1.5, -2., 3.]), t.tensor([1., 2., 3.]))
    b = fw.make_dual(t.tensor([0.5, 4., -1.]), t.tensor([-1., 0.5, 2.]))
    out = [U(r).tangent for r in (a + b, a - 2 * b, a * b, a / b, a ** 2, b ** 3, a.abs() ** b.abs(), 3 - a,
                                  -a, a.reciprocal(), t.add(a, b, alpha=3), t.sub(a, b, alpha=0.5),
                                  a.clone(), a.double(), a % 1.5, a % b, t.rsub(a, 2), 2 / a, 2 ** a)]
out
""",
    "piecewise_ops": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([-1.5, 0.5, 2.5, 1.]), t.tensor([1., 2., 3., 4.]))
    b = fw.make_dual(t.tensor([0., 1., 1., 1.]), t.tensor([10., 20., 30., 40.]))
    out = [U(r).tangent for r in (a.relu(), a.clamp(-1, 1), a.clamp(min=0), t.clamp(a, b, b + 1),
                                  t.clamp(a, min=b), t.clamp(a, max=b), t.maximum(a, b), t.minimum(a, b),
                                  a.floor(), a.ceil(), a.round(), a.sign(), t.where(a > 0, a, b),
                                  t.div(a, b + 2, rounding_mode="floor"))]
out
""",
    "more_elementwise_ops": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([0.2, 0.5, 0.9]), t.tensor([1., 2., 3.]))
    out = [U(r).tangent for r in (a.log10(), a.log2(), a.log1p(), a.expm1(), a.rsqrt(), a.tan(),
                                  a.square(), t.softmax(a, 0), t.log_softmax(a, 0))]
out
""",
    "softmax_along_a_dim": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([[0.2, 0.5, 0.9], [1., -1., 0.]]), t.tensor([[1., 2., 3.], [0., 1., 0.]]))
    out = (U(a.softmax(1)).tangent, U(a.log_softmax(0)).tangent, U(a.sum()).tangent, U(a.mean(1)).tangent,
           U(a.sum(0, keepdim=True)).tangent)
out
""",
    "broadcasting": """
with fw.dual_level():
    column = fw.make_dual(t.ones(3, 1), t.tensor([[1.], [2.], [3.]]))
    row = fw.make_dual(t.full((1, 4), 2.), t.tensor([[1., 0., -1., 0.5]]))
    out = (repr(column * row), U(column * row).tangent, U(column + t.ones(4)).tangent, U(t.where(t.tensor([True, False, True, False]), column, 0.)).tangent)
out
""",
    "one_operand_dual": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([2.]), t.tensor([1.]))
    plain = t.tensor([5.])
    out = (U(x * plain), U(plain / x), U(plain * plain))
out
""",
    "tangent_dtype": """
with fw.dual_level():
    d = fw.make_dual(t.ones(2), t.ones(2, dtype=t.float64))
    doubled = d * 2
    mixed = d + t.ones(2, dtype=t.float64)
    halves = fw.make_dual(t.ones(2, dtype=t.float64), t.ones(2, dtype=t.float64)).float()
    out = (doubled.dtype, U(doubled).tangent, mixed.dtype, U(mixed).tangent, U(halves).tangent)
out
""",
    "without_grad_mode": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., -2.]), t.tensor([1., 1.]))
    with t.no_grad():
        y = x.abs() * x
    out = (U(y).tangent, U(x > 0).tangent, U(x.argmax()).tangent)
out
""",
    "views_share_the_tangent": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([[1., 2.], [3., 4.]]), t.tensor([[1., 2.], [3., 4.]]))
    out = [U(v).tangent for v in (x[0], x[:, 1], x.t(), x.view(4), x.reshape(1, 4), x.unsqueeze(0),
                                  x[None].squeeze(0), x.transpose(0, 1), x.permute(1, 0), x[...],
                                  x[0:1].expand(3, 2), x.flatten())]
out
""",
    "matrix_products": """
seed = [0]
def values(shape):
    seed[0] += 1
    return (t.arange(float(math.prod(shape)), dtype=t.float64) * 0.7 + seed[0]).sin().reshape(shape)
def dual(*shape):
    return fw.make_dual(values(shape), values(shape))
with fw.dual_level():
    out = []
    for left, right in [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3,)),
                        ((3,), (5, 3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)),
                        ((1, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (5, 3, 4))]:
        r = t.matmul(dual(*left), dual(*right))
        out.append((r.grad_fn, U(r).tangent))
    a, b, v = dual(2, 3), dual(3, 4), dual(3)
    plain = t.ones(3, 4, dtype=t.float64)
    out += [U(t.mm(a, b)).tangent, U(t.mm(a, plain)).tangent, U(a @ plain).tangent, U(t.mv(a, v)).tangent,
            U(t.dot(v, v)).tangent, U(t.bmm(dual(2, 2, 3), dual(2, 3, 1))).tangent, U(t.outer(v, v)).tangent]
out
""",
    "matrix_products_forward_over_reverse": """
x = t.tensor([[0.3, -1.2], [2., 0.5]], dtype=t.float64, requires_grad=True)
w = t.tensor([[1., 2.], [-1., 0.5]], dtype=t.float64)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([[1., 0.5], [-2., 1.]], dtype=t.float64))
    f = ((d @ w).tanh() @ d).sum() + t.mv(d, d[0]).sum() + t.dot(d[1], d[0])
    g, = t.autograd.grad(f, x, create_graph=True)
    out = (g.detach(), U(g).tangent.detach())
out
""",
    "reductions": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([[0.5, -1.5, 2.], [3., 0.25, -1.]]), t.tensor([[1., 2., 3.], [-1., 0.5, 4.]]))
    out = [U(r).tangent for r in (x.prod(), x.prod(1), x.prod(0, keepdim=True), x.max(), x.min(), x.amax(), x.amin(0),
                                  x.amax((0, 1), keepdim=True), x.max(1).values, x.min(0, keepdim=True).values,
                                  x.var(), x.var(1), x.var(0, correction=0, keepdim=True), x.std(), x.std(1, unbiased=False),
                                  x.norm(), x.norm(dim=1), x.norm(p=1), x.norm(p=3, dim=0), x.norm(p=0.5), x.norm(p=1.5, dim=1),
                                  x.norm(p=-1), x.norm(p=float('inf')), x.norm(p=-float('inf'), dim=1), x.norm(p=0),
                                  t.norm(x, 4, dim=(0, 1), keepdim=True),
                                  x.logsumexp(1), x.logsumexp((0, 1), keepdim=True), x.cumsum(0), x.cumsum(-1), x.sum(1), x.mean())]
    out.append(x.max(1).indices)
out
""",
    "reductions_float32_keep_their_dtype": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., 3., 3., -2.]), t.tensor([0.5, 1., 2., 4.]))
    out = [(r.dtype, U(r).tangent) for r in (x.max(), x.amax(), x.norm(p=float('inf')), x.prod(), x.var(), x.std(), x.logsumexp(0),
                                             x.cumsum(0, dtype=t.float64), x.prod(dtype=t.float64), x.norm(p=3))]
out
""",
    "reductions_with_ties": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([[1., 3., 3.], [2., 2., -2.]]), t.tensor([[1., 2., 4.], [8., 16., 32.]]))
    out = [U(r).tangent for r in (x.max(), x.amax(1), x.amin(1), x.max(1).values, x.min(1).values, x.norm(p=float('inf'), dim=1),
                                  x.norm(p=float('inf')))]
    inf = fw.make_dual(t.tensor([1., 3., 3.]), t.tensor([float('inf'), 1., 2.]))
    out += [U(r).tangent for r in (inf.max(), inf.amax(), inf.norm(p=float('inf')), inf.max(0).values)]
out
""",
    "reductions_at_edges": """
nan, inf = float('nan'), float('inf')
with fw.dual_level():
    zeros = fw.make_dual(t.tensor([[0., 2., 3.], [0., 0., 5.]]), t.tensor([[1., 1., 1.], [2., 3., 4.]]))
    empty = fw.make_dual(t.zeros(2, 0), t.zeros(2, 0))
    minus = fw.make_dual(t.tensor([-inf, -inf]), t.tensor([1., 1.]))
    flat = fw.make_dual(t.tensor([2., 2.]), t.tensor([1., 0.]))
    nans = fw.make_dual(t.tensor([nan, 3., 3.]), t.tensor([1., 1., 2.]))
    one = fw.make_dual(t.tensor([2.]), t.tensor([1.]))
    out = [U(r).tangent for r in (zeros.prod(), zeros.prod(1), zeros[0].prod(), zeros.norm(p=0.5, dim=1),
                                  zeros[1, :2].norm(), zeros[1, :2].norm(p=3), zeros[1, :2].norm(p=1.5), zeros[1, :2].norm(p=-1),
                                  empty.logsumexp(1), empty.sum(1), minus.logsumexp(0), flat.std(), flat.var(),
                                  nans.max(), nans.amax(), nans.norm(p=inf), nans.max(0).values,
                                  one.var(), one.var(0), one.std(correction=2), one.var(0, correction=2),
                                  t.tensor(5.).max(0).values)]
out
""",
    "reductions_forward_over_reverse": """
x = t.tensor([[0.3, -1.2, 2.], [1., 0.5, -0.5]], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([[1., 0.5, -2.], [0., 1., 1.]], dtype=t.float64))
    f = d.prod(1).sum() + d.logsumexp(1).sum() + d.var(0).sum() + d.std() + d.norm(p=3) + d.amax(1).sum() + d.max(0).values.sum() \
        + d.cumsum(1).pow(2).sum()
    g, = t.autograd.grad(f, x, create_graph=True)
    out = (g.detach(), U(g).tangent.detach())
out
""",
    "joining_and_cutting": """
with fw.dual_level():
    a = fw.make_dual(t.tensor([[1., 2., 3.], [4., 5., 6.]]), t.tensor([[0.5, 1., 1.5], [2., 2.5, 3.]]))
    b = fw.make_dual(t.tensor([[7., 8., 9.]]), t.tensor([[-1., -2., -3.]]))
    plain = t.ones(2, 3)
    out = [U(r).tangent for r in (t.cat([a, b]), t.cat([a, plain], 1), t.cat([a, t.tensor([])]), t.stack([a, plain]),
                                  t.stack([a, a], 2), a.repeat(2, 1), a.repeat(1, 2, 2), a.flip(0), a.flip(0, 1))]
    out += [[U(p).tangent for p in ps] for ps in (a.split(2, 1), a.split([1, 2], 1), a.chunk(2), a.unbind(1), a.unbind())]
    out.append([p.grad_fn for p in a.split(1)])
    mixed = t.cat([fw.make_dual(t.ones(2), t.ones(2)), t.tensor([1., 2.], dtype=t.float64)])
    out.append((mixed.dtype, U(mixed).tangent))
out
""",
    "pieces_are_views_of_the_tangent": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., 2., 3., 4.]), t.tensor([1., 1., 1., 1.]))
    first, second = x.split(2)
    first.mul_(3)
    row = x.unbind()[3]
    row.add_(fw.make_dual(t.tensor(1.), t.tensor(10.)))
    out = (U(x), U(first), U(second))
out
""",
    "gathering_and_masking": """
with fw.dual_level():
    x = fw.make_dual(t.tensor([[1., 2., 3.], [4., 5., 6.]]), t.tensor([[0.5, 1., 1.5], [2., 2.5, 3.]]))
    mask = t.tensor([[True, False, True], [False, False, True]])
    value = fw.make_dual(t.tensor(9.), t.tensor(-7.))
    index = t.tensor([[0, 2, 2], [1, 0, 0]])
    out = [U(r).tangent for r in (x.gather(1, index), x.gather(0, t.tensor([[1, 0, 1]])), x.index_select(1, t.tensor([2, 0, 2])),
                                  x.index_select(0, t.tensor([1])), x.masked_fill(mask, 0.5), x.masked_fill(mask, value),
                                  t.ones(2, 3).masked_fill(mask, value), x.masked_fill(t.tensor([True, False, False]), 2.),
                                  x[t.tensor([1, 0, 1])], x[:, t.tensor([2, 2])], x[mask], x[t.tensor([0, 1]), t.tensor([2, 0])],
                                  x[x > 2.5])]
out
""",
    "gathering_forward_over_reverse": """
x = t.tensor([[0.3, -1.2, 2.], [1., 0.5, -0.5]], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([[1., 0.5, -2.], [0., 1., 1.]], dtype=t.float64))
    f = (d.gather(1, t.tensor([[2, 2], [0, 1]])) ** 3).sum() + (d.index_select(0, t.tensor([1, 1])) ** 2).sum() \
        + (d.masked_fill(d > 0.9, 0.) ** 3).sum() + (t.cat([d, d.flip(1)]) ** 3).sum() + (t.stack(d.unbind(1)) ** 3).sum() \
        + (d.repeat(2, 1) ** 3).sum() + (d[t.tensor([1, 0, 1])] ** 3).sum() + sum((p ** 3).sum() for p in d.split(2, 1))
    g, = t.autograd.grad(f, x, create_graph=True)
    out = (g.detach(), U(g).tangent.detach())
out
""",
    "gradcheck_with_forward_mode": """
x = t.tensor([[0.5, -1.5, 2.], [0.3, 1., -0.7]], dtype=t.float64, requires_grad=True)
w = t.tensor([[0.5, -1.5], [0.3, 1.], [1., 2.]], dtype=t.float64, requires_grad=True)
g = t.autograd
out = [g.gradcheck(f, args, check_forward_ad=True) for f, args in [
    (lambda a: a.sin() * a, (x,)), (lambda a, b: a @ b, (x, w)), (lambda a, b: a @ b, (x.t(), w.t())),
    (lambda a: a.max(1), (x,)), (lambda a: a.split(1), (x,)), (lambda a: (a.prod(1), a.norm(), a.var(0)), (x,))]]
out += [g.gradcheck(lambda a: a.logsumexp(1), (x,), check_forward_ad=True, check_backward_ad=False),
        g.gradgradcheck(lambda a: (a.sin() * a).prod(), (x[0].detach().requires_grad_(),), check_fwd_over_rev=True),
        g.gradgradcheck(lambda a, b: (a @ b).tanh(), (x, w), check_fwd_over_rev=True, check_rev_over_rev=False,
                        check_undefined_grad=False)]
out
""",
    "gradcheck_batched": """
x = t.tensor([[0.5, -1.5, 2.], [0.3, 1., -0.7]], dtype=t.float64, requires_grad=True)
g = t.autograd
out = [g.gradcheck(f, (x,), check_forward_ad=True, check_batched_grad=True, check_batched_forward_grad=True)
       for f in (lambda a: a.sin() * a, lambda a: a.t() @ a, lambda a: a.max(1), lambda a: (a.prod(1), a.norm()))]
out.append(g.gradgradcheck(lambda a: (a.sin() * a).sum(), (x,), check_batched_grad=True))
out
""",
    "gradcheck_batched_forward_needs_forward_ad": """
x = t.tensor([0.5, -1.5], dtype=t.float64, requires_grad=True)
t.autograd.gradcheck(lambda a: a * a, (x,), check_batched_forward_grad=True)
""",
    "gradgradcheck_forward_only_needs_undefined_grad_off": """
x = t.tensor([0.5, -1.5], dtype=t.float64, requires_grad=True)
t.autograd.gradgradcheck(lambda a: a * a, (x,), check_fwd_over_rev=True, check_rev_over_rev=False)
""",
    "gradcheck_with_a_wrong_forward_rule": """
class WrongJvp(t.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        ctx.save_for_forward(a)
        return a * a
    @staticmethod
    def backward(ctx, g):
        return g * 2 * ctx.saved_tensors[0]
    @staticmethod
    def jvp(ctx, a_t):
        return a_t * ctx.saved_tensors[0]
x = t.tensor([0.5, -1.5], dtype=t.float64, requires_grad=True)
y = t.tensor([2., 3.], dtype=t.float64, requires_grad=True)
out = [t.autograd.gradcheck(WrongJvp.apply, (x,)), t.autograd.gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, raise_exception=False)]
try:
    t.autograd.gradcheck(lambda a, b: (a * 2, WrongJvp.apply(b)), (x, y), check_forward_ad=True)
except Exception as error:
    out.append((type(error).__name__, str(error)))
out
""",
    # --- in-place changes -------------------------------------------------------------------------
    "in_place_on_a_dual": """
tangent = t.ones(3)
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., 2., 3.]), tangent)
    x.mul_(2)
    same = U(x).tangent is tangent
    plain = t.tensor([1., 2., 3.])
    plain.add_(x)
    out = (U(x), same, tangent, U(plain))
out
""",
    "in_place_through_a_view": """
tangent = t.ones(3)
with fw.dual_level():
    d = fw.make_dual(t.tensor([1., 2., 3.]), tangent)
    v = d[:2]
    v.mul_(10)
    out = (U(d), tangent, U(v))
out
""",
    "in_place_into_a_plain_base_through_its_view": """
with fw.dual_level():
    base = t.zeros(4)
    w = base[1:3]
    w.add_(fw.make_dual(t.ones(2), t.ones(2) * 7))
    later = base[2:]
    out = (U(base), U(w), U(later))
out
""",
    "views_see_a_changed_base": """
with fw.dual_level():
    b = fw.make_dual(t.zeros(3), t.ones(3))
    bv = b[1:]
    b.add_(fw.make_dual(t.ones(3), t.tensor([1., 2., 3.])))
    c = t.zeros(3)
    cv = c[:2]
    c.copy_(fw.make_dual(t.ones(3), t.tensor([4., 5., 6.])))
    m = t.zeros(2, 3)
    m.t()[0].copy_(fw.make_dual(t.ones(2), t.tensor([1., 2.])))
    out = (U(bv), U(cv), U(m), U(b.data).tangent)
out
""",
    "clone_has_its_own_tangent": """
tangent = t.ones(3)
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., 2., 3.]), tangent)
    c = x.clone()
    c.mul_(5)
    y = x.exp_()
    out = (U(c), tangent, U(y))
out
""",
    "setitem_with_a_dual": """
with fw.dual_level():
    x = t.zeros(2, 3)
    x[1] = fw.make_dual(t.ones(3), t.tensor([1., 2., 3.]))
    first = U(x)
    x[0, 0] = fw.make_dual(t.tensor(5.), t.tensor(9.))
    x[:, 2] = fw.make_dual(t.tensor(7.), t.tensor(-1.))
    x[[0, 1], [1, 1]] = fw.make_dual(t.tensor([3., 4.]), t.tensor([0.5, 0.25]))
    y = fw.make_dual(t.zeros(3), t.ones(3))
    y[1] = 2.
    out = (first, U(x), U(y))
out
""",
    "in_place_with_grad": """
x = t.tensor([1., 2.], requires_grad=True)
with fw.dual_level():
    y = fw.make_dual(x, t.tensor([1., 0.])) * 1
    y.exp_()
    tangent = U(y).tangent.detach()
    y.sum().backward()
tangent, x.grad
""",
    # --- forward over reverse ---------------------------------------------------------------------
    "hessian_vector_product": """
x = t.tensor([0.3, -1.2, 2.], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([1., 0.5, -2.], dtype=t.float64))
    f = (t.sin(d) * t.exp(d)).sum() + (d * d * d).sum() + d.tanh().sum() + d.sigmoid().mean()
    g, = t.autograd.grad(f, x, create_graph=True)
    out = (g.detach(), U(g).tangent.detach())
out
""",
    "hessian_vector_product_without_create_graph": """
x = t.tensor([0.3, -1.2, 2.], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([1., 0.5, -2.], dtype=t.float64))
    f = (d.tanh() * d).sum() + (d.softmax(0) * t.tensor([1., 2., 3.], dtype=t.float64)).sum()
    g, = t.autograd.grad(f, x)
    out = (g, U(g).tangent)
out
""",
    "hessian_vector_product_of_log_softmax_and_relu": """
x = t.tensor([[0.3, -1.2, 2.], [1., 0.5, -0.5]], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([[1., 0.5, -2.], [0., 1., 1.]], dtype=t.float64))
    f = (d.log_softmax(1) * t.tensor([1., 2., 3.], dtype=t.float64)).sum() + (d.relu() ** 3).sum()
    g, = t.autograd.grad(f, x)
    out = U(g)
out
""",
    "grads_and_tangents_after_backward": """
x = t.tensor([1., 2.], requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([1., 0.]))
    y = d * d
    y.retain_grad()
    (y * y).sum().backward()
    out = (x.grad, U(x.grad).tangent, y.grad)
out
""",
    "reverse_over_forward": """
x = t.tensor([0.5, 1.5], dtype=t.float64, requires_grad=True)
with fw.dual_level():
    d = fw.make_dual(x, t.tensor([1., 1.], dtype=t.float64))
    tangent = U(t.exp(d) * d).tangent
    g, = t.autograd.grad(tangent.sum(), x)
tangent.requires_grad, g
""",
    # --- ops without a forward rule ---------------------------------------------------------------
    "floor_divide_refuses_forward_mode": """
with fw.dual_level():
    fw.make_dual(t.tensor([3.]), t.tensor([1.])) // 2
""",
    "number_remainder_refuses_forward_mode": """
with fw.dual_level():
    2 % fw.make_dual(t.tensor([3.]), t.tensor([1.]))
""",
    # --- custom Functions -------------------------------------------------------------------------
    "function_jvp": """
class Scale(t.autograd.Function):
    @staticmethod
    def forward(ctx, x, factor):
        ctx.save_for_forward(x)
        ctx.factor = factor
        inside = U(x * 1).tangent
        ctx.inside = inside
        return x * x * factor
    @staticmethod
    def jvp(ctx, x_t, factor_t):
        x, = ctx.saved_tensors
        ctx.seen = factor_t
        return 2 * x * x_t * ctx.factor
    @staticmethod
    def backward(ctx, grad):
        return grad, None
with fw.dual_level():
    x = fw.make_dual(t.tensor([1., 3.]), t.tensor([1., 2.]))
    y = Scale.apply(x, 0.5)
    out = (U(y), y.grad_fn, U(Scale.apply(t.tensor([2.]), 1.)).tangent)
out
""",
    "function_jvp_with_saved_for_backward_only": """
class Keep(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2
    @staticmethod
    def jvp(ctx, x_t):
        ctx.seen = ctx.saved_tensors
        return x_t * 2
x = t.tensor([1., 2.], requires_grad=True)
with fw.dual_level():
    y = Keep.apply(fw.make_dual(x, t.ones(2)))
    out = (U(y), y.grad_fn.seen if hasattr(y.grad_fn, 'seen') else 'no attribute')
out
""",
    "function_without_jvp": """
class NoJvp(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
with fw.dual_level():
    NoJvp.apply(fw.make_dual(t.ones(2), t.ones(2)))
""",
    "function_jvp_count": """
class Two(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def jvp(ctx, x_t):
        return x_t, x_t
with fw.dual_level():
    Two.apply(fw.make_dual(t.ones(2), t.ones(2)))
""",
    "function_jvp_type": """
class Listed(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def jvp(ctx, x_t):
        return [x_t]
with fw.dual_level():
    Listed.apply(fw.make_dual(t.ones(2), t.ones(2)))
""",
    "function_jvp_size": """
class Short(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def jvp(ctx, x_t):
        return x_t[:1]
with fw.dual_level():
    Short.apply(fw.make_dual(t.ones(2), t.ones(2)))
""",
    "function_save_for_forward_of_a_number": """
class SavesNumber(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_forward(3)
        return x * 2
    @staticmethod
    def jvp(ctx, x_t):
        return x_t
with fw.dual_level():
    SavesNumber.apply(fw.make_dual(t.ones(2), t.ones(2)))
""",
    "function_two_outputs": """
class Both(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, t.tensor([1, 2])
    @staticmethod
    def jvp(ctx, x_t):
        return x_t * 2, None
with fw.dual_level():
    out = [U(o) for o in Both.apply(fw.make_dual(t.tensor([1., 2.], requires_grad=True), t.ones(2)))]
out
""",
}.items()}


# === layers and losses of nn.functional (their jvp rules, and their backward nodes' rules through
# forward over reverse) ===============================================================================

_NN_SETUP = """
F = t.nn.functional
def values(*shape, k=0):
    return (t.arange(float(math.prod(shape)), dtype=t.float64) * 0.7 + k).sin().reshape(shape)
def dual(*shape, k=0):
    return fw.make_dual(values(*shape, k=k), values(*shape, k=k + 5))
def hvp(f, *shapes):
    xs = [values(*shape, k=i).requires_grad_() for i, shape in enumerate(shapes)]
    with fw.dual_level():
        ds = [fw.make_dual(x, values(*x.shape, k=i + 7)) for i, x in enumerate(xs)]
        y = f(*ds)
        gs = t.autograd.grad(y, xs, create_graph=True)
        # (+ 0.0: the values are compared, not the signs of their zeros)
        return U(y).tangent.detach(), [(g.detach() + 0.0, U(g).tangent.detach() + 0.0) for g in gs]
"""

CASES.update({name: _case(_NN_SETUP + code) for name, code in {
    "nn_softmax_and_log_softmax": """
with fw.dual_level():
    x = dual(2, 3)
    half = fw.make_dual(values(3, 2).float(), values(3, 2, k=1).float())
    out = [U(f(x, d)) for f in (t.softmax, t.log_softmax) for d in (0, 1, -1)]
    out += [U(F.softmax(half, 0)), U(F.log_softmax(half, 1)), U(t.softmax(x, 1, dtype=t.float32))]
out
""",
    "nn_linear_and_addmm": """
with fw.dual_level():
    x, w, b = dual(4, 3), dual(2, 3, k=1), dual(2, k=2)
    out = [U(F.linear(x, w, b)), F.linear(x, w, b).grad_fn, U(F.linear(x, w)),
           U(F.linear(dual(2, 4, 3), w, b)), U(F.linear(x, values(2, 3), b)),
           U(F.linear(values(4, 3), w, values(2))),
           U(F.linear(half := fw.make_dual(values(2, 3).float(), values(2, 3, k=3).float()),
                      values(4, 3).float(), values(4).float()))]
out
""",
    "nn_activations": """
with fw.dual_level():
    x = fw.make_dual(values(7) * 4, values(7, k=3))
    out = [U(F.gelu(x)), U(F.gelu(x, approximate='tanh')), U(F.leaky_relu(x)),
           U(F.leaky_relu(x, 0.3)), U(F.softplus(x)), U(F.softplus(x, beta=2, threshold=3)),
           F.gelu(x).grad_fn, U(F.gelu(x.float() / 4))]
    y = x * 1
    F.leaky_relu(y, 0.2, inplace=True)
    out.append(U(y))
out
""",
    "nn_cross_entropy_and_nll_loss": """
with fw.dual_level():
    x = dual(4, 3)
    y = t.tensor([0, 2, 1, 2])
    weight = t.tensor([0.5, 2., 1.5], dtype=t.float64)
    image = dual(2, 3, 2, 2, k=1)
    pixels = t.tensor([[[0, 1], [2, 2]], [[1, 0], [0, 2]]])
    out = [U(F.cross_entropy(x, y)), U(F.cross_entropy(x, y, reduction='none')),
           U(F.cross_entropy(x, y, reduction='sum')), U(F.cross_entropy(x, y, weight=weight)),
           U(F.cross_entropy(x, y, ignore_index=2)), U(F.cross_entropy(x, y, label_smoothing=0.2)),
           U(F.cross_entropy(x, y, weight=weight, ignore_index=0, label_smoothing=0.3)),
           U(F.cross_entropy(x, values(4, 3, k=4).softmax(1), label_smoothing=0.1)),
           U(F.cross_entropy(x, values(4, 3, k=4).softmax(1))), U(F.nll_loss(x, y)),
           U(F.nll_loss(dual(3), t.tensor(1))), U(F.cross_entropy(image, pixels)),
           U(F.cross_entropy(image, pixels, reduction='none')),
           U(F.cross_entropy(dual(2, 3, 2, k=2), pixels[:, 0])),
           F.cross_entropy(image, pixels).grad_fn]
out
""",
    "nn_mse_and_binary_cross_entropy": """
with fw.dual_level():
    x, y = dual(2, 3), dual(2, 3, k=1)
    p, q = fw.make_dual(values(2, 3).sigmoid(), values(2, 3, k=2)), values(2, 3, k=3).sigmoid()
    weight = values(3, k=4).abs()
    out = [U(F.mse_loss(x, y)), U(F.mse_loss(x, y, reduction='sum')),
           U(F.mse_loss(x, y, reduction='none')), U(F.mse_loss(x, values(2, 3))),
           U(F.mse_loss(values(2, 3), y)),
           U(F.binary_cross_entropy(p, q)), U(F.binary_cross_entropy(p, q, weight=weight)),
           U(F.binary_cross_entropy(p, q, reduction='none')),
           U(F.binary_cross_entropy(values(2, 3).sigmoid(), fw.make_dual(q, values(2, 3, k=5)))),
           U(F.binary_cross_entropy_with_logits(x, q)),
           U(F.binary_cross_entropy_with_logits(x, q, pos_weight=t.tensor([1., 2., 3.], dtype=t.float64))),
           U(F.binary_cross_entropy_with_logits(x, fw.make_dual(q, values(2, 3, k=6)), weight=weight,
                                                reduction='sum')),
           U(F.mse_loss(dual(0), dual(0, k=1)))]
out
""",
    "nn_batch_norm": """
with fw.dual_level():
    x, w, b = dual(4, 3), dual(3, k=1), dual(3, k=2)
    image = dual(2, 3, 2, 2, k=3)
    mean, var = values(3, k=4), values(3, k=5).abs() + 0.5
    out = [U(F.batch_norm(x, None, None, w, b, training=True)),
           U(F.batch_norm(x, None, None, training=True)),
           U(F.batch_norm(image, None, None, w, b, training=True, eps=0.1)),
           U(F.batch_norm(x, mean, var, w, b)), U(F.batch_norm(image, mean, var)),
           U(F.batch_norm(values(4, 3), mean, var, w, values(3))),
           F.batch_norm(x, None, None, w, b, training=True).grad_fn]
    running_mean, running_var = t.zeros(3, dtype=t.float64), t.ones(3, dtype=t.float64)
    out.append(U(F.batch_norm(x, running_mean, running_var, w, b, training=True)))
    out.append((running_mean, running_var))
out
""",
    "nn_embedding": """
with fw.dual_level():
    w = dual(4, 3)
    out = [U(F.embedding(t.tensor([[0, 2], [3, 0]]), w)),
           U(F.embedding(t.tensor([1, 0, 1]), w, padding_idx=0)),
           U(F.embedding(t.tensor([1, 3]), w, padding_idx=-1)), U(F.embedding(t.tensor([], dtype=t.int64), w))]
out
""",
    "nn_conv2d_and_max_pool2d": """
with fw.dual_level():
    x, w, b = dual(2, 2, 5, 4), dual(3, 2, 2, 2, k=1), dual(3, k=2)
    pooled, indices = F.max_pool2d(x, 2, return_indices=True)
    out = [U(F.conv2d(x, w, b)), U(F.conv2d(x, w)), U(F.conv2d(x, w, b, stride=2, padding=1)),
           U(F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2))),
           U(F.conv2d(x, w, padding='same')), U(F.conv2d(x[0], w, b)),
           U(F.conv2d(values(2, 2, 5, 4), w)), U(F.conv2d(x, values(3, 2, 2, 2), values(3))),
           U(pooled), U(indices).tangent, indices.dtype,
           U(F.max_pool2d(x, (3, 2), stride=1, padding=1, dilation=(1, 2))),
           U(F.max_pool2d(x[1], 2))]
out
""",
    # forward over reverse: each tangent of a gradient goes through the backward's own nodes
    "nn_hessian_vector_products_of_layers": """
out = [hvp(lambda x, w, b: F.linear(x, w, b).tanh().sum(), (4, 3), (2, 3), (2,)),
       hvp(lambda x, w, b: (F.conv2d(x, w, b, stride=(2, 1), padding=1) ** 2).sum(),
           (2, 2, 5, 4), (3, 2, 2, 2), (3,)),
       hvp(lambda x: (F.max_pool2d(x, 2) ** 3).sum(), (1, 2, 4, 4)),
       hvp(lambda x, w, b: (F.batch_norm(x, None, None, w, b, training=True) ** 3).sum(),
           (4, 3), (3,), (3,)),
       hvp(lambda x, w, b: (F.batch_norm(x, None, None, w, b, training=True).sin()).sum(),
           (2, 3, 2, 2), (3,), (3,)),
       hvp(lambda x, w, b: (F.batch_norm(x, values(3), values(3).abs() + 1, w, b) ** 3).sum(),
           (4, 3), (3,), (3,)),
       hvp(lambda w: (F.embedding(t.tensor([1, 0, 1, 3]), w, padding_idx=0) ** 3).sum(), (4, 3)),
       # (some inputs constant: the backward nodes compute only the gradients asked for)
       hvp(lambda x: (F.conv2d(x, values(3, 2, 2, 2), padding=1) ** 3).sum(), (2, 2, 5, 4)),
       hvp(lambda w: (F.conv2d(values(2, 2, 5, 4), w, stride=2) ** 3).sum(), (3, 2, 2, 2)),
       hvp(lambda x: (F.batch_norm(x, None, None, values(3), values(3), training=True) ** 3).sum(),
           (4, 3)),
       hvp(lambda w: (F.batch_norm(values(4, 3), None, None, w, training=True) ** 3).sum(), (3,))]
out
""",
    "nn_hessian_vector_products_of_activations": """
out = [hvp(lambda x: (F.gelu(x) ** 2).sum(), (5,)),
       hvp(lambda x: (F.gelu(x, approximate='tanh') ** 2).sum(), (5,)),
       hvp(lambda x: (F.leaky_relu(x, 0.2) ** 3).sum(), (5,)),
       hvp(lambda x: (F.softplus(x * 3, beta=2, threshold=3) ** 2).sum(), (5,)),
       hvp(lambda x: (t.softmax(x, 1) ** 2).sum() + (t.log_softmax(x, 0) ** 2).sum(), (2, 3))]
out
""",
    "nn_hessian_vector_products_of_losses": """
y = t.tensor([0, 2, 1, 2])
out = [hvp(lambda x: F.cross_entropy(x, y), (4, 3)),
       hvp(lambda x: F.cross_entropy(x, y, weight=values(3).abs(), ignore_index=1), (4, 3)),
       hvp(lambda x: F.cross_entropy(x, t.tensor([[[0, 1], [2, 2]], [[1, 0], [0, 2]]])), (2, 3, 2, 2)),
       hvp(lambda x: (F.nll_loss(x, y, reduction='none') ** 2).sum(), (4, 3)),
       hvp(lambda x, z: F.mse_loss(x, z), (2, 3), (2, 3)),
       hvp(lambda x, z: (F.mse_loss(x, z, reduction='none') ** 2).sum(), (2, 3), (2, 3)),
       hvp(lambda x: F.binary_cross_entropy(x.sigmoid(), values(2, 3, k=3).sigmoid()), (2, 3)),
       hvp(lambda x: F.binary_cross_entropy(x.sigmoid(), values(2, 3, k=3).sigmoid(),
                                            weight=values(3).abs(), reduction='sum'), (2, 3)),
       hvp(lambda x, z: F.binary_cross_entropy_with_logits(x, z.sigmoid(),
                                                           pos_weight=values(3).abs()), (2, 3), (2, 3))]
out
""",
}.items()})
