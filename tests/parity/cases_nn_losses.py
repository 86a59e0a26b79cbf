"""The margin, embedding and likelihood losses of t.nn (margin_ranking_loss, hinge_embedding_loss,
soft_margin_loss, multilabel_soft_margin_loss, cosine_embedding_loss, poisson_nll_loss,
gaussian_nll_loss, triplet_margin_loss, triplet_margin_with_distance_loss, multi_margin_loss,
multilabel_margin_loss) and their modules: values
for every reduction, gradients, graphs (grad_fn names and next_functions), the legacy size_average /
reduce flags, module reprs and torch's errors, checked against torch 2.x."""

from tests.parity import second_derivative_nodes
from tests.parity.cases_nn import case


def every_reduction(call: str, setup: str) -> str:
    """``call`` (with ``{r}`` for the reduction) under 'none', 'mean' and 'sum': each result, its
    graph, and the gradients of its weighted sum with respect to the inputs that need them."""
    return case(setup + f"""
out = []
for r in ('none', 'mean', 'sum'):
    y = {call.format(r="r")}
    w = t.arange(1., y.numel() + 1., dtype=y.dtype).reshape(y.shape)
    leaves = [v for v in (x, p, n) if v.requires_grad]
    out += [y, graph(y), t.autograd.grad((y * w).sum(), leaves, allow_unused=True)]
out
""")


_XPN = """
x = values(3, 4)
p = (values(3, 4, scale=0.3).flip(0) + t.tensor([0.1, -0.2, 0.3, 0.05])).detach().requires_grad_()
n = values(3, 4, grad=False, scale=-0.2).flip(1)
s = t.tensor([[1., -1, 1, 1], [-1, -1, 1, -1], [1, 1, -1, 1]]).to(x.dtype)
"""
_VALUES64 = """
def values(*shape, grad=True, scale=0.25, dtype=t.float32):
    count = 1
    for k in shape:
        count *= k
    v = ((t.arange(count * 1., dtype=dtype) * 7 % count - count // 2) * scale).reshape(shape)
    return v.requires_grad_() if grad else v
"""


def f64(setup: str) -> str:
    """The setup with float64 inputs."""
    return _VALUES64 + setup.replace("values(3, 4", "values(3, 4, dtype=t.float64")


CASES = {
    # --- each loss under every reduction: values, graphs, gradients -------------------------------
    "margin_ranking_loss": every_reduction(
        "t.nn.functional.margin_ranking_loss(x[:, 0], p[:, 1], s[:, 0], margin=0.3, reduction={r})",
        _XPN),
    "margin_ranking_loss_float64_default_margin": every_reduction(
        "t.nn.functional.margin_ranking_loss(x, p, s, reduction={r})", f64(_XPN)),
    "margin_ranking_loss_target_grad": case(_XPN + """
tg = s[0].clone().requires_grad_()
y = t.nn.functional.margin_ranking_loss(x[0], p[1], tg, margin=-0.2)
y.backward()
y, graph(y), tg.grad, x.grad
"""),
    "hinge_embedding_loss": every_reduction(
        "t.nn.functional.hinge_embedding_loss(x, s, reduction={r})", _XPN),
    "hinge_embedding_loss_margin_other_labels": every_reduction(
        "t.nn.functional.hinge_embedding_loss(x, s * t.tensor([1., 0.5, 2., -1.]), margin=0.4, "
        "reduction={r})", _XPN),
    "soft_margin_loss": every_reduction("t.nn.functional.soft_margin_loss(x, s, reduction={r})",
                                        _XPN),
    "soft_margin_loss_float64_broadcast_target": every_reduction(
        "t.nn.functional.soft_margin_loss(x, s[1], reduction={r})", f64(_XPN)),
    "soft_margin_loss_double_backward": case(_VALUES64 + """
x = values(3, 4, dtype=t.float64)
y = t.tensor([1., -1., 1., -1.], dtype=t.float64)
out = []
for r in ('mean', 'sum', 'none'):
    loss = t.nn.functional.soft_margin_loss(x, y, reduction=r)
    (g,) = t.autograd.grad((loss * 3).sum(), x, create_graph=True)
    out += [g, g.grad_fn.name(), [f is None for f, _ in g.grad_fn.next_functions],
            t.autograd.grad((g * g).sum(), x)[0]]
out
"""),
    "soft_margin_loss_forward_ad": case(_VALUES64 + """
import torch.autograd.forward_ad as fwAD
x = values(2, 3, grad=False, dtype=t.float64)
v = t.ones(2, 3, dtype=t.float64) * 0.5
out = []
for r in ('mean', 'none'):
    with fwAD.dual_level():
        y = t.nn.functional.soft_margin_loss(fwAD.make_dual(x, v), x.sign(), reduction=r)
        out.append(fwAD.unpack_dual(y).tangent)
out
""").replace("import torch.autograd.forward_ad as fwAD", "fwAD = t.autograd.forward_ad"),
    "multilabel_soft_margin_loss": every_reduction(
        "t.nn.functional.multilabel_soft_margin_loss(x, (s > 0).float(), reduction={r})", _XPN),
    "multilabel_soft_margin_loss_weight_3d": case(_XPN + """
w = t.tensor([1., 2., 0.5, 1.])
y = t.nn.functional.multilabel_soft_margin_loss(x.reshape(3, 2, 2), (s > 0).float().reshape(3, 2, 2),
                                                weight=w[:2], reduction='none')
y.sum().backward()
y, graph(y), x.grad
"""),
    "cosine_embedding_loss": every_reduction(
        "t.nn.functional.cosine_embedding_loss(x, p, s[:, 0], margin=0.1, reduction={r})", _XPN),
    "cosine_embedding_loss_float64_0d_target": every_reduction(
        "t.nn.functional.cosine_embedding_loss(x[0], n[1], t.tensor(-1., dtype=t.float64), "
        "margin=-0.5, reduction={r})", f64(_XPN)),
    "cosine_embedding_loss_other_labels": case(_XPN + """
y = t.nn.functional.cosine_embedding_loss(x, p, t.tensor([1., 0., -1.]), reduction='none')
y, graph(y)
"""),
    "poisson_nll_loss": every_reduction(
        "t.nn.functional.poisson_nll_loss(x, n.abs(), reduction={r})", _XPN),
    "poisson_nll_loss_full_rates": every_reduction(
        "t.nn.functional.poisson_nll_loss(x.abs(), p.abs() * 9, log_input=False, full=True, "
        "reduction={r})", f64(_XPN)),
    "poisson_nll_loss_full_log_eps": every_reduction(
        "t.nn.functional.poisson_nll_loss(x, n.abs() * 8, full=True, eps=0.1, reduction={r})", _XPN),
    "gaussian_nll_loss": every_reduction(
        "t.nn.functional.gaussian_nll_loss(x, n, p.abs(), reduction={r})", _XPN),
    "gaussian_nll_loss_var_one_dim_short_full": every_reduction(
        "t.nn.functional.gaussian_nll_loss(x, n, p[:, 0].abs(), full=True, reduction={r})",
        f64(_XPN)),
    "gaussian_nll_loss_var_broadcast_eps": every_reduction(
        "t.nn.functional.gaussian_nll_loss(x, n, p[:, :1].abs(), eps=0.05, reduction={r})", _XPN),
    "gaussian_nll_loss_var_float": every_reduction(
        "t.nn.functional.gaussian_nll_loss(x, n, 0.5, reduction={r})", _XPN),
    "triplet_margin_loss": every_reduction(
        "t.nn.functional.triplet_margin_loss(x, p, n, reduction={r})", _XPN),
    "triplet_margin_loss_swap_p1": every_reduction(
        "t.nn.functional.triplet_margin_loss(x, p, n, margin=2., p=1, swap=True, reduction={r})",
        f64(_XPN)),
    "triplet_margin_loss_p3_eps": every_reduction(
        "t.nn.functional.triplet_margin_loss(x, p, n, p=3, eps=0.1, reduction={r})", _XPN),
    "triplet_margin_with_distance_loss": every_reduction(
        "t.nn.functional.triplet_margin_with_distance_loss(x, p, n, reduction={r})", _XPN),
    "triplet_margin_with_distance_loss_cosine_swap": every_reduction(
        "t.nn.functional.triplet_margin_with_distance_loss(x, p, n, distance_function=lambda a, b: "
        "1 - t.nn.functional.cosine_similarity(a, b), margin=0.5, swap=True, reduction={r})", _XPN),
    # (soft_margin_loss's own nodes; the composite losses' second derivatives go through mean's,
    # sum's and norm's backward, whose nodes under create_graph are not all torch's yet)
    "losses_second_derivative_nodes": second_derivative_nodes(
        "x = t.tensor([[-2., -0.5, 0., 0.25], [1., -1., 0.5, -3.]], requires_grad=True)\n"
        "s = t.tensor([[1., -1., 1., 1.], [-1., -1., 1., -1.]])",
        "t.nn.functional.soft_margin_loss(x, s)",
        "t.nn.functional.soft_margin_loss(x, s, reduction='none')"),
    "multi_margin_loss": case("""
x = t.tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.5, 0.2, 0.0], [1.5, -0.2, 0.9, 0.95]],
             requires_grad=True)
y = t.tensor([3, 1, 0])
out = []
for r in ('none', 'mean', 'sum'):
    for loss in (t.nn.functional.multi_margin_loss(x, y, reduction=r),
                 t.nn.functional.multi_margin_loss(x, y, p=2, margin=0.7, reduction=r),
                 t.nn.functional.multi_margin_loss(x, y, weight=t.tensor([1., 2., 0.5, 3.]),
                                                   reduction=r),
                 t.nn.functional.multi_margin_loss(x[0], y[0], reduction=r),
                 t.nn.functional.multi_margin_loss(x[1], y[1:2], p=2, reduction=r)):
        w = t.arange(1., loss.numel() + 1.).reshape(loss.shape)
        (g,) = t.autograd.grad((loss * w).sum(), x, create_graph=True)
        out += [loss, graph(loss), g, g.grad_fn.name()]
out
"""),
    "multilabel_margin_loss": case("""
x = t.tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.5, 0.2, 0.0], [1.5, -0.2, 0.9, 0.95]],
             dtype=t.float64, requires_grad=True)
y = t.tensor([[3, 0, -1, 1], [1, 1, -1, 0], [-1, 0, 0, 0]])
out = []
for r in ('none', 'mean', 'sum'):
    for loss in (t.nn.functional.multilabel_margin_loss(x, y, reduction=r),
                 t.nn.functional.multilabel_margin_loss(x[0], y[0], reduction=r)):
        w = t.arange(1., loss.numel() + 1., dtype=t.float64).reshape(loss.shape)
        (g,) = t.autograd.grad((loss * w).sum(), x, create_graph=True)
        out += [loss, graph(loss), g, g.grad_fn.name()]
out
"""),
    "multi_margin_losses_no_second_derivative": """
x = t.tensor([[0.1, 0.2, 0.4, 0.8]], requires_grad=True)
errors = []
for loss in (t.nn.functional.multi_margin_loss(x, t.tensor([2]), p=2),
             t.nn.functional.multilabel_margin_loss(x, t.tensor([[2, -1, 0, 0]]))):
    (g,) = t.autograd.grad(loss, x, create_graph=True)
    try:
        t.autograd.grad(g.sum(), x)
    except RuntimeError as e:
        errors.append(str(e))
errors
""",
    "multi_margin_losses_forward_ad": """
fw = t.autograd.forward_ad
errors = []
with fw.dual_level():
    d = fw.make_dual(t.tensor([0.1, 0.2, 0.4, 0.8]), t.ones(4))
    for f in (lambda: t.nn.functional.multi_margin_loss(d, t.tensor(3)),
              lambda: t.nn.functional.multilabel_margin_loss(d, t.tensor([3, 0, -1, 1]))):
        try:
            f()
        except NotImplementedError as e:
            errors.append(str(e))
errors
""",
    "multi_margin_losses_errors": """
f = t.nn.functional
x = t.tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.5, 0.2, 0.0]], requires_grad=True)
errors = []
for call in [lambda: f.multi_margin_loss(x, t.tensor([4, 1])),
             lambda: f.multi_margin_loss(x, t.tensor([3])),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]), p=3),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]), weight=t.ones(2, 2)),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]), weight=t.ones(3)),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]), weight=t.ones(4).double()),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]), weight=t.ones(4, requires_grad=True)),
             lambda: f.multi_margin_loss(x, t.tensor([1., 1.])),
             lambda: f.multi_margin_loss(x, t.tensor([1, 1]).int()),
             lambda: f.multi_margin_loss(x[None], t.tensor([1, 1])),
             lambda: f.multi_margin_loss(x[0], t.tensor([[1]])),
             lambda: f.multi_margin_loss(x, t.tensor([[1], [1]])),
             lambda: f.multilabel_margin_loss(x, t.tensor([[4, 0, 0, 0], [0, 0, 0, 0]])),
             lambda: f.multilabel_margin_loss(x, t.tensor([[0, -2, 1, 0], [0, 0, 0, 0]])),
             lambda: f.multilabel_margin_loss(x, t.tensor([1, 0])),
             lambda: t.nn.MultiMarginLoss(p=3),
             lambda: t.nn.MultiMarginLoss(weight=t.ones(2, 2))]:
    try:
        call()
    except (RuntimeError, ValueError) as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    # --- legacy flags, modules ------------------------------------------------------------------
    "losses_legacy_flags": case(_XPN + """
f = t.nn.functional
[f.margin_ranking_loss(x[0], p[0], s[0], size_average=False),
 f.hinge_embedding_loss(x, s, reduce=False), f.soft_margin_loss(x, s, size_average=True),
 f.multilabel_soft_margin_loss(x, (s > 0).float(), reduce=False),
 f.cosine_embedding_loss(x, p, s[:, 0], size_average=False, reduce=True),
 f.poisson_nll_loss(x, n.abs(), reduce=False, reduction='sum'),
 f.triplet_margin_loss(x, p, n, size_average=False)]
"""),
    "loss_modules_margin": case(_XPN + """
m = t.nn
mods = [m.MarginRankingLoss(0.5), m.MarginRankingLoss(reduction='sum'), m.HingeEmbeddingLoss(),
        m.HingeEmbeddingLoss(margin=2., reduction='none'), m.CosineEmbeddingLoss(0.2),
        m.CosineEmbeddingLoss(size_average=False)]
[(repr(k), k.margin, k.reduction) for k in mods], [
    mods[0](x[:, 0], p[:, 0], s[:, 0]), mods[1](x[0], p[0], s[0]), mods[2](x, s), mods[3](x, s),
    mods[4](x, p, s[:, 0]), mods[5](x, p, s[:, 0])]
"""),
    "loss_modules_soft_poisson_gaussian": case(_XPN + """
m = t.nn
w = t.tensor([1., 2., 0.5, 1.])
ml = m.MultiLabelSoftMarginLoss(weight=w, reduction='sum')
pl = m.PoissonNLLLoss(log_input=False, full=True, eps=1e-3)
gl = m.GaussianNLLLoss(full=True, reduction='none')
[(repr(k), k.reduction) for k in (m.SoftMarginLoss(), ml, pl, gl)], list(ml.state_dict()), [
    m.SoftMarginLoss(reduce=False)(x, s), ml(x, (s > 0).float()), pl(x.abs(), n.abs() * 5),
    (pl.log_input, pl.full, pl.eps), gl(x, n, p.abs()), (gl.full, gl.eps),
    m.PoissonNLLLoss()(x, n.abs())]
"""),
    "loss_modules_triplet": case(_XPN + """
m = t.nn
mods = [m.TripletMarginLoss(), m.TripletMarginLoss(margin=0.5, p=1., eps=0., swap=True),
        m.TripletMarginWithDistanceLoss(),
        m.TripletMarginWithDistanceLoss(distance_function=m.CosineSimilarity(), margin=2.),
        m.TripletMarginWithDistanceLoss(distance_function=lambda a, b: (a - b).abs().sum(-1),
                                        swap=True, reduction='none')]
[repr(k) for k in mods], [(k.margin, k.swap) for k in mods], [k(x, p, n) for k in mods]
"""),
    "loss_modules_multi_margin": case(_XPN + """
m = t.nn
a = m.MultiMarginLoss(p=2, margin=0.5, weight=t.tensor([1., 2., 0.5, 1.]), reduction='none')
b = m.MultiLabelMarginLoss(reduction='sum')
[repr(k) for k in (m.MultiMarginLoss(), a, b, m.MultiLabelMarginLoss(size_average=False))], [
    list(a.state_dict()), (a.p, a.margin), a(x, t.tensor([3, 0, 1])),
    b(x, t.tensor([[3, 0, -1, 1], [1, -1, 0, 0], [2, 1, 0, 3]])),
    m.MultiMarginLoss()(x, t.tensor([0, 1, 2]))]
"""),
    # --- errors ---------------------------------------------------------------------------------
    "losses_errors": """
f = t.nn.functional
x = t.ones(3, 4)
v = t.ones(3, 4)
errors = []
for call in [lambda: f.margin_ranking_loss(t.ones(3), t.ones(3), t.ones(3, 1)),
             lambda: f.margin_ranking_loss(t.ones(3), t.ones(3), t.ones(3), reduction='avg'),
             lambda: f.hinge_embedding_loss(x, v, reduction='x'),
             lambda: f.soft_margin_loss(t.ones(3), t.ones(2, 3)),
             lambda: f.soft_margin_loss(t.ones(3), t.ones(3, requires_grad=True)),
             lambda: f.multilabel_soft_margin_loss(x, v, reduction='x'),
             lambda: f.cosine_embedding_loss(x, v, t.ones(3, 1)),
             lambda: f.cosine_embedding_loss(x, v, t.tensor(1.)),
             lambda: f.cosine_embedding_loss(t.ones(4), t.ones(4), t.ones(3)),
             lambda: f.poisson_nll_loss(x, v, reduction='x'),
             lambda: f.gaussian_nll_loss(x, v, -t.ones(3, 4)),
             lambda: f.gaussian_nll_loss(x, v, -1.),
             lambda: f.gaussian_nll_loss(x, v, t.ones(4)),
             lambda: f.gaussian_nll_loss(x, v, t.ones(1, 1)),
             lambda: f.gaussian_nll_loss(x, v, t.ones(3, 4), reduction='x'),
             lambda: f.triplet_margin_loss(x, v, v, margin=0),
             lambda: f.triplet_margin_loss(x, v, t.ones(4)),
             lambda: f.triplet_margin_loss(x, v, v, reduction='x'),
             lambda: f.triplet_margin_with_distance_loss(x, v, t.ones(4)),
             lambda: f.triplet_margin_with_distance_loss(x, v, v, margin=-1.),
             lambda: f.triplet_margin_with_distance_loss(x, v, v, reduction='x'),
             lambda: t.nn.TripletMarginLoss(margin=-1.),
             lambda: t.nn.TripletMarginWithDistanceLoss(margin=0.)]:
    try:
        call()
    except (RuntimeError, ValueError) as e:
        errors.append((type(e).__name__, str(e).split("Hint (autograd_lab)")[0].strip()))
errors
""",
    "losses_size_mismatch": """
try:
    t.nn.functional.margin_ranking_loss(t.ones(3), t.ones(2), t.ones(3))
except RuntimeError as e:
    error = str(e).splitlines()[0]
error
""",
}
