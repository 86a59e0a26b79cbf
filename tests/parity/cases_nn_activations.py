"""The activations beyond the first set: ``hardtanh``/``relu6``, ``threshold``, ``hardshrink``,
``softshrink``, ``logsigmoid``, ``hardswish``, ``hardsigmoid``, ``glu``, ``prelu``, ``softmin``,
``softsign``, ``tanhshrink`` and ``Softmax2d``, with their modules — values at and around the kinks,
gradients, graphs, second-derivative nodes, reprs, parameters and errors against torch 2.x."""

from tests.parity import second_derivative_nodes
from tests.parity.cases_nn import case, functional
from tests.parity.cases_nn_conv import ERRORS, F

_X = ("x = t.tensor([[-4., -3., -2.5, -1., -0.5, 0.], [0.25, 0.5, 1., 2.9, 3., 3.5], "
      "[7., -7., 0.1, -0.1, 0.6, 6.]], dtype=t.float64, requires_grad=True)")
_CALLS = ("f.hardtanh(x)", "f.hardtanh(x, -2., 3.)", "f.relu6(x)", "f.threshold(x, 0.5, -5.)",
          "f.hardshrink(x)", "f.softshrink(x, 1.)", "f.logsigmoid(x)", "f.hardswish(x)",
          "f.hardsigmoid(x)", "f.glu(x, 1)", "f.softmin(x, 1)", "f.softsign(x)", "f.tanhshrink(x)")

CASES = {
    **{f"activation_{index}": case(_X + f"\nf = t.nn.functional\ny = {call}\n"
                                   "(y * t.arange(1., y.numel() + 1.).reshape(y.shape)).sum().backward()\n"
                                   "y, graph(y), x.grad")
       for index, call in enumerate(_CALLS)},
    "activations_float32": case(_X.replace("dtype=t.float64", "dtype=t.float32") + """
f = t.nn.functional
[f.hardtanh(x), f.threshold(x, 0.1, 20.), f.softshrink(x), f.logsigmoid(x), f.hardswish(x),
 f.hardsigmoid(x), f.glu(x, 0 if False else 1), f.softsign(x)]
"""),
    "activations_second_derivative_nodes": second_derivative_nodes(
        "x = t.tensor([-2.5, -0.6, 0.3, 0.7, 1.8, 3.5], requires_grad=True)",
        "t.nn.functional.hardtanh(x)", "t.nn.functional.threshold(x, 0.5, 2.)",
        "t.nn.functional.hardshrink(x)", "t.nn.functional.softshrink(x)",
        "t.nn.functional.logsigmoid(x)", "t.nn.functional.hardswish(x)",
        "t.nn.functional.glu(x)", "t.nn.functional.softmin(x, 0)",
        "t.nn.functional.softsign(x)", "t.nn.functional.tanhshrink(x)"),
    "activations_double_backward_values": case(_X + """
f = t.nn.functional
out = []
for fn in (f.logsigmoid, f.hardswish, lambda v: f.glu(v, 1), lambda v: f.glu(v, 0)):
    (g,) = t.autograd.grad((fn(x) ** 3).sum(), x, create_graph=True)
    out += [g, t.autograd.grad((g ** 2).sum(), x)[0]]
out
"""),
    "hardsigmoid_second_derivative_not_implemented": case(_X + """
(g,) = t.autograd.grad((t.nn.functional.hardsigmoid(x) ** 2).sum(), x, create_graph=True)
try:
    g.sum().backward()
except RuntimeError as e:
    message = str(e)
g, g.grad_fn.name(), message
"""),
    "prelu": functional("t.nn.functional.prelu(a, b)", (2, 3, 4), (3,)),
    "prelu_one_weight": functional("t.nn.functional.prelu(a, b)", (2, 5), (1,)),
    "prelu_double_backward": case("""
x = t.tensor([[-1., 0., 2.], [0.5, -0.25, -3.]], dtype=t.float64, requires_grad=True)
w = t.tensor([0.25, -0.5, 2.], dtype=t.float64, requires_grad=True)
gx, gw = t.autograd.grad((t.nn.functional.prelu(x, w) ** 3).sum(), (x, w), create_graph=True)
ggx, ggw = t.autograd.grad((gx ** 2).sum() + (gw ** 2).sum(), (x, w))
gx, gw, gx.grad_fn.name(), ggx, ggw
"""),
    "inplace_activations": """
f = t.nn.functional
x = t.tensor([-4., -1., 0.5, 2., 7.])
a, b, c, d = x.clone(), x.clone(), x.clone(), x.clone()
f.hardtanh(a, inplace=True), f.relu6(b, inplace=True), f.threshold(c, 1., 9., inplace=True), f.hardswish(d, inplace=True)
a, b, c, d
""",
    "activation_modules": """
n = t.nn
ms = [n.Hardtanh(), n.Hardtanh(-2, 3, inplace=True), n.ReLU6(), n.ReLU6(inplace=True), n.Threshold(0.1, 20),
      n.Threshold(0.1, 20., True), n.Hardshrink(), n.Softshrink(0.3), n.LogSigmoid(), n.Hardswish(),
      n.Hardsigmoid(inplace=True), n.GLU(), n.GLU(0), n.PReLU(), n.PReLU(3, init=0.1), n.Softmin(1),
      n.Softmax2d(), n.Softsign(), n.Tanhshrink()]
x = t.arange(24.).reshape(2, 3, 4) / 6 - 2
[(repr(m), [(k, p) for k, p in m.named_parameters()], m(x.clone())) for m in ms]
""",
    "activation_module_types": """
n = t.nn
isinstance(n.ReLU6(), n.Hardtanh), n.ReLU6().min_val, n.ReLU6().max_val, isinstance(n.Softshrink(), n.Hardshrink)
""",
    "activation_errors": ERRORS + F + """errors(
    lambda: f.glu(t.ones(3, 3)), lambda: f.glu(t.tensor(1.)), lambda: f.hardtanh(t.ones(2), 2., 1.),
    lambda: f.softshrink(t.ones(2), -1.), lambda: f.prelu(t.ones(2, 3), t.ones(2)),
    lambda: f.prelu(t.ones(2, 3), t.ones(3, 1)), lambda: t.nn.Hardtanh(2, 1),
    lambda: t.nn.Softmax2d()(t.ones(3, 3)), lambda: f.hardswish(t.ones(2, dtype=t.int64)),
    lambda: f.logsigmoid(t.ones(2, dtype=t.int64)))
""",
    "pixel_shuffle": functional("t.nn.functional.pixel_shuffle(a, 2)", (2, 8, 2, 3)),
    "pixel_unshuffle_unbatched": functional("t.nn.functional.pixel_unshuffle(a, 3)", (2, 3, 6)),
    "pixel_shuffle_round_trip_and_second_derivative": case("""
x = values(1, 2, 4, 6)
y = t.nn.functional.pixel_unshuffle(x, 2)
(g,) = t.autograd.grad((t.nn.functional.pixel_shuffle(y * y, 2) ** 2).sum(), x, create_graph=True)
torch_like = t.equal(t.nn.functional.pixel_shuffle(y, 2), x)
y.shape, y.grad_fn.name(), torch_like, g, g.grad_fn.name()
"""),
    "pixel_shuffle_modules_and_errors": ERRORS + F + """m, u = t.nn.PixelShuffle(2), t.nn.PixelUnshuffle(3)
repr(m), repr(u), m(t.ones(3, 8, 1, 2)).shape, u(t.ones(2, 6, 3)).shape, errors(
    lambda: f.pixel_shuffle(t.ones(2, 3), 2), lambda: f.pixel_shuffle(t.ones(7, 2, 3), 2),
    lambda: f.pixel_shuffle(t.ones(8, 2, 3), 0), lambda: f.pixel_unshuffle(t.ones(8, 5, 4), 2),
    lambda: f.pixel_unshuffle(t.ones(8, 4, 5), 2), lambda: f.pixel_unshuffle(t.ones(4, 5), 2))
""",
    # --- interpolate / Upsample ----------------------------------------------------------------------
    "interpolate_nearest_scale": functional("t.nn.functional.interpolate(a, scale_factor=2)", (1, 2, 2, 3)),
    "interpolate_nearest_sizes": case("""
x = t.arange(20.).reshape(1, 1, 4, 5)
f = t.nn.functional
[f.interpolate(x, size=(3, 7)), f.interpolate(x, scale_factor=1.5), f.interpolate(x[0], scale_factor=0.6),
 f.interpolate(x, size=(5, 8), mode='nearest-exact')]
"""),
    "interpolate_bilinear": functional("t.nn.functional.interpolate(a, size=(4, 5), mode='bilinear')",
                                       (1, 2, 2, 3)),
    "interpolate_bilinear_align_corners": functional(
        "t.nn.functional.interpolate(a, scale_factor=(1.5, 2.5), mode='bilinear', align_corners=True)",
        (2, 1, 3, 2)),
    "interpolate_linear_values": case("""
x = t.tensor([[[0., 1., 4., 9., 16.]]], dtype=t.float64)
f = t.nn.functional
[f.interpolate(x, size=8, mode='linear'), f.interpolate(x, size=3, mode='linear', align_corners=True),
 f.interpolate(x, scale_factor=1.7, mode='linear'), f.interpolate(x, scale_factor=1.7, mode='linear', recompute_scale_factor=True),
 f.interpolate(x, size=1, mode='linear', align_corners=True)]
"""),
    "interpolate_bicubic": case("""
x = t.tensor([[[[0., 1., 4., 9.], [2., -1., 3., 0.5], [5., 5., 0., -2.], [1., 2., 3., 4.], [9., 0., 1., 7.]]]], dtype=t.float64)
f = t.nn.functional
[f.interpolate(x, size=3, mode='bicubic'), f.interpolate(x, size=(7, 9), mode='bicubic'), f.interpolate(x, scale_factor=2, mode='bicubic'),
 f.interpolate(x, scale_factor=0.5, mode='bicubic'), f.interpolate(x, size=(7, 9), mode='bicubic', align_corners=True),
 f.interpolate(x, scale_factor=1.7, mode='bicubic'), f.interpolate(x, size=(1, 1), mode='bicubic'), f.interpolate(x, size=(5, 4), mode='bicubic')]
"""),
    "interpolate_bicubic_grad": functional("t.nn.functional.interpolate(a, size=(5, 3), mode='bicubic')", (1, 2, 3, 4)),
    "interpolate_bicubic_3d_error": "t.nn.functional.interpolate(t.ones(1, 1, 4), size=3, mode='bicubic')",
    "interpolate_area": case("""
x = t.arange(40., dtype=t.float64).reshape(1, 2, 5, 4).requires_grad_()
f = t.nn.functional
ys = [f.interpolate(x, size=3, mode='area'), f.interpolate(x, size=(2, 3), mode='area'), f.interpolate(x, scale_factor=0.5, mode='area'),
      f.interpolate(t.arange(10.).view(1, 1, 10), size=4, mode='area')]
sum(y.sum() for y in ys[:3]).backward()
ys, [y.grad_fn.name() for y in ys[:3]], x.grad
"""),
    "interpolate_area_align_corners_error": "t.nn.functional.interpolate(t.ones(1, 1, 4, 4), size=3, mode='area', align_corners=True)",
    "interpolate_second_derivative": case("""
x = values(1, 1, 2, 3)
out = []
for mode in ('nearest', 'bilinear'):
    (g,) = t.autograd.grad((t.nn.functional.interpolate(x, size=(3, 5), mode=mode) ** 3).sum(), x, create_graph=True)
    out += [g, g.grad_fn.name(), [n.name() for n, _ in g.grad_fn.next_functions if n]]
out
"""),
    "upsample_modules": """
n = t.nn
ms = [n.Upsample(scale_factor=2), n.Upsample(size=(3, 4), mode='bilinear', align_corners=True),
      n.Upsample(scale_factor=(2, 1.5), mode='bilinear'), n.UpsamplingNearest2d(scale_factor=2),
      n.UpsamplingBilinear2d(size=3)]
x = t.arange(12.).reshape(1, 1, 3, 4)
[(repr(m), m(x)) for m in ms]
""",
    "interpolate_errors": ERRORS + F + """x = t.ones(1, 2, 3, 4)
errors(lambda: f.interpolate(x, size=3, scale_factor=2), lambda: f.interpolate(x),
       lambda: f.interpolate(x, size=3, align_corners=True), lambda: f.interpolate(x, size=3, mode='linear'),
       lambda: f.interpolate(t.ones(1, 2, 5), size=3, mode='bilinear'),
       lambda: f.interpolate(x, size=(3, 4, 5)), lambda: f.interpolate(x, size=(3, 4), recompute_scale_factor=True))
""",
    # --- unfold / fold --------------------------------------------------------------------------------
    "unfold": functional("t.nn.functional.unfold(a, (2, 3), padding=1, stride=(2, 1))", (2, 2, 4, 3)),
    "fold_unbatched": functional("t.nn.functional.fold(a, (3, 4), 2, dilation=(1, 2))", (8, 4)),
    "unfold_fold_second_derivative": case("""
x = values(1, 2, 4, 4)
y = t.nn.functional.unfold(x, 2, stride=2)
z = t.nn.functional.fold(y * y, (4, 4), 2, stride=2)
(g,) = t.autograd.grad((z ** 2).sum(), x, create_graph=True)
y.grad_fn.name(), z.grad_fn.name(), g, g.grad_fn.name(), t.autograd.grad((g ** 2).sum(), x)[0]
"""),
    "unfold_fold_modules_and_errors": ERRORS + F + """u, v = t.nn.Unfold((2, 3), padding=1), t.nn.Fold((5, 4), 2)
repr(u), repr(v), repr(t.nn.Fold(5, (2, 3), stride=2)), u(t.ones(1, 2, 3, 4)).shape, v(t.ones(1, 8, 12)).shape, errors(
    lambda: f.unfold(t.ones(1, 2, 3, 4), 5), lambda: f.unfold(t.ones(1, 2, 3, 4), 0),
    lambda: f.unfold(t.ones(1, 2, 3, 4), 2, stride=0), lambda: f.fold(t.ones(1, 7, 6), (3, 4), 2),
    lambda: f.fold(t.ones(1, 8, 5), (3, 4), 2), lambda: f.fold(t.ones(2, 8), (3, 4), 2))
""",
}
