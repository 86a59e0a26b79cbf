"""Convolutions beyond the plain one: ``groups`` (grouped and depthwise), ``conv_transpose1d/2d``
(stride, padding, output_padding, dilation, groups) with their modules (``output_size``), the
modules' ``padding_mode`` and their argument errors; 1-d pooling, ``ceil_mode``, adaptive max
pooling and ``return_indices`` — values, gradients, graphs, reprs and errors against torch 2.x."""

from tests.parity.cases_nn import case, functional
from tests.parity.cases_nn_layers import f64

ERRORS = """
def errors(*calls):
    out = []
    for call in calls:
        try:
            call()
            out.append(None)
        except Exception as e:
            out.append((type(e).__name__, str(e)))
    return out
"""
F = "f = t.nn.functional\n"

CASES = {
    # --- groups --------------------------------------------------------------------------------------
    "conv2d_groups": f64(functional("t.nn.functional.conv2d(a, b, c, groups=2, stride=(2, 1), "
                                    "padding=1, dilation=(1, 2))", (2, 4, 5, 4), (6, 2, 2, 2), (6,))),
    "conv1d_depthwise_same": f64(functional("t.nn.functional.conv1d(a, b, groups=3, padding='same')",
                                            (2, 3, 6), (6, 1, 3))),
    "conv_groups_double_backward": f64(case("""
x = values(1, 4, 4, 3, scale=0.21)
w = values(2, 2, 2, 2, scale=0.33)
y = t.nn.functional.conv2d(x, w, groups=2, padding=1)
gx, gw = t.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)
(gx.sum() + (gw ** 2).sum()).backward()
gx, gw, gx.grad_fn.name(), x.grad, w.grad
""")),
    "conv_groups_errors": ERRORS + F + """errors(
    lambda: f.conv2d(t.ones(1, 4, 5, 5), t.ones(4, 3, 3, 3), groups=2),
    lambda: f.conv2d(t.ones(1, 4, 5, 5), t.ones(3, 2, 3, 3), groups=2),
    lambda: f.conv2d(t.ones(1, 4, 5, 5), t.ones(4, 4, 3, 3), groups=0),
    lambda: f.conv2d(t.ones(1, 4, 5, 5), t.ones(4, 2, 3, 3), t.ones(3), groups=2),
    lambda: f.conv1d(t.ones(1, 4, 5), t.ones(4, 2, 7), groups=2))
""",
    # --- transposed ----------------------------------------------------------------------------------
    "conv_transpose2d": f64(functional("t.nn.functional.conv_transpose2d(a, b, c)",
                                       (2, 3, 3, 4), (3, 2, 2, 3), (2,))),
    "conv_transpose2d_everything": f64(functional(
        "t.nn.functional.conv_transpose2d(a, b, c, stride=(2, 3), padding=(1, 0), "
        "output_padding=(1, 2), groups=2, dilation=(1, 2))", (1, 4, 3, 2), (4, 3, 3, 2), (6,))),
    "conv_transpose1d_unbatched": f64(functional(
        "t.nn.functional.conv_transpose1d(a, b, stride=3, padding=2, output_padding=1)",
        (2, 5), (2, 3, 4))),
    "conv_transpose_double_backward": f64(case("""
x = values(1, 2, 3, 2, scale=0.21)
w = values(2, 3, 2, 2, scale=0.33)
b = values(3, scale=0.1)
y = t.nn.functional.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)
gx, gw, gb = t.autograd.grad((y ** 3).sum(), (x, w, b), create_graph=True)
(gx.sum() + (gw ** 2).sum() + (gb ** 2).sum()).backward()
y.shape, gx, gw, gb, gx.grad_fn.name(), x.grad, w.grad, b.grad
""")),
    "conv_transpose_errors": ERRORS + F + """errors(
    lambda: f.conv_transpose2d(t.ones(1, 4, 5, 5), t.ones(3, 2, 3, 3)),
    lambda: f.conv_transpose2d(t.ones(1, 4, 5, 5), t.ones(4, 2, 3, 3), groups=3),
    lambda: f.conv_transpose2d(t.ones(1, 4, 5, 5), t.ones(4, 2, 3, 3), stride=2, output_padding=2),
    lambda: f.conv_transpose2d(t.ones(1, 4, 5, 5), t.ones(4, 2, 3, 3), padding=5),
    lambda: f.conv_transpose2d(t.ones(1, 4, 5, 5), t.ones(4, 2, 3, 3), t.ones(3)),
    lambda: f.conv_transpose1d(t.ones(1, 4, 5), t.ones(4, 2, 3), padding='same'),
    lambda: f.conv_transpose1d(t.ones(1, 4, 5), t.ones(4, 2, 3), stride=2, output_padding=2),
    lambda: f.conv_transpose2d(t.ones(5, 5), t.ones(4, 2, 3, 3)))
""",
    # --- modules -------------------------------------------------------------------------------------
    "conv_modules": """
n = t.nn
ms = [n.Conv2d(4, 6, 3, groups=2, padding=1, bias=False), n.Conv1d(4, 8, 3, groups=4, stride=2, dilation=2),
      n.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
      n.ConvTranspose1d(3, 5, 4, bias=False, dilation=2), n.ConvTranspose2d(2, 3, (2, 3), stride=(1, 2)),
      n.Conv2d(4, 4, 3, padding='same'), n.Conv1d(2, 2, 3, padding=2, padding_mode='zeros')]
[(repr(m), [(k, p.shape) for k, p in m.named_parameters()], list(m.state_dict()),
  round(float(m.weight.detach().abs().max()), 4) <= round(1 / (m.weight[0].numel() ** 0.5), 4)) for m in ms]
""",
    "conv_transpose_module_output_size": ERRORS + """
m = t.nn.ConvTranspose2d(4, 2, 3, stride=2)
x = t.ones(1, 4, 5, 5)
shapes = [m(x).shape, m(x, output_size=[12, 12]).shape, m(x, output_size=(1, 2, 11, 12)).shape,
          m(x[0], output_size=[2, 12, 11]).shape]
shapes, errors(lambda: m(x, output_size=[14, 12]), lambda: m(x, output_size=[14]))
""",
    "conv_transpose_module_values": f64(case("""
m = t.nn.ConvTranspose1d(2, 4, 3, stride=2, groups=2).double()
with t.no_grad():
    m.weight.copy_(values(2, 2, 3, grad=False))
    m.bias.copy_(values(4, grad=False, scale=0.1))
x = values(2, 2, 4)
y = m(x, output_size=[10])
y.sum().backward()
y, m.weight.grad, m.bias.grad, x.grad
""")),
    "conv_module_errors": ERRORS + """
n = t.nn
errors(lambda: n.Conv2d(4, 6, 3, groups=3), lambda: n.Conv2d(4, 6, 3, groups=4),
       lambda: n.Conv2d(4, 6, 3, groups=0), lambda: n.Conv2d(4, 6, 3, padding='same', stride=2),
       lambda: n.ConvTranspose2d(4, 6, 3, padding_mode='reflect'),
       lambda: n.ConvTranspose1d(4, 6, 3, padding_mode='circular'))
""",
    # --- padding modes --------------------------------------------------------------------------------
    "pad_reflect_1d": f64(functional("t.nn.functional.pad(a, (2, 3), mode='reflect')", (2, 3, 5))),
    "pad_reflect_2d_crop": f64(functional("t.nn.functional.pad(a, (-1, 2, 3, 1), mode='reflect')",
                                          (1, 2, 4, 5))),
    "pad_replicate_2d_unbatched": f64(functional("t.nn.functional.pad(a, (1, 2, 3, 0), mode='replicate')",
                                                 (2, 4, 3))),
    "pad_replicate_3d": f64(functional("t.nn.functional.pad(a, (1, 0, 2, 1, 0, 1), mode='replicate')",
                                       (1, 2, 2, 3, 2))),
    "pad_circular": f64(functional("t.nn.functional.pad(a, (1, 2, 2, 1), mode='circular')",
                                   (1, 2, 3, 4))),
    "pad_circular_1d_crop": f64(functional("t.nn.functional.pad(a, (-1, 3), mode='circular')", (2, 5))),
    "pad_modes_double_backward": f64(case("""
x = values(1, 2, 3, 4, scale=0.21)
out = []
for mode in ('reflect', 'replicate'):
    y = t.nn.functional.pad(x, (2, 1, 1, 2), mode=mode)
    (g,) = t.autograd.grad((y ** 3).sum(), x, create_graph=True)
    (gg,) = t.autograd.grad((g ** 2).sum(), x)
    out += [g, g.grad_fn.name(), [n.name() for n, _ in g.grad_fn.next_functions if n], gg]
out
""")),
    "pad_mode_errors": ERRORS + F + """x = t.ones(2, 4, 5)
errors(lambda: f.pad(x, (5, 1), mode='reflect'), lambda: f.pad(x, (1, 1, 4, 1), mode='reflect'),
       lambda: f.pad(t.ones(1, 2, 4, 5), (1, 5), mode='replicate'),
       lambda: f.pad(x, (6, 1), mode='circular'), lambda: f.pad(x, (1, 1), mode='wrap'),
       lambda: f.pad(x, (1, 1), mode='reflect', value=2.0),
       lambda: f.pad(t.ones(1, 2, 0, 5), (1, 1, 1, 1), mode='replicate'),
       lambda: f.pad(x, (1, 1), mode='reflect', value=0))
""",
    "conv_padding_modes": f64(case("""
out = []
for dims, mode in ((2, 'reflect'), (2, 'replicate'), (2, 'circular'), (1, 'reflect'), (1, 'circular')):
    cls = t.nn.Conv2d if dims == 2 else t.nn.Conv1d
    m = cls(2, 3, 3, padding=(1, 2) if dims == 2 else 2, padding_mode=mode).double()
    with t.no_grad():
        m.weight.copy_(values(*m.weight.shape, grad=False, scale=0.1))
        m.bias.zero_()
    x = values(1, 2, 4, 5, scale=0.21) if dims == 2 else values(2, 2, 5, scale=0.21)
    y = m(x)
    (y * y).sum().backward()
    out += [repr(m), y, y.grad_fn.name(), [n.name() for n, _ in y.grad_fn.next_functions if n], x.grad]
out
""")),
    "conv_padding_mode_same": f64(case("""
m = t.nn.Conv2d(1, 1, (2, 3), padding='same', padding_mode='reflect', bias=False).double()
with t.no_grad():
    m.weight.copy_(values(1, 1, 2, 3, grad=False))
x = values(1, 1, 3, 4)
y = m(x)
y, x.shape == y.shape
""")),
    # --- pooling -------------------------------------------------------------------------------------
    "max_pool2d_ceil_mode_indices": f64(functional(
        "t.nn.functional.max_pool2d(a, 3, 2, padding=1, ceil_mode=True, return_indices=True)[0]",
        (1, 2, 6, 5))),
    "max_pool2d_ceil_indices_unbatched": """
x = t.arange(42.).reshape(2, 3, 7).flip(-1).requires_grad_()
y, i = t.nn.functional.max_pool2d(x, (2, 3), (1, 2), dilation=(1, 2), ceil_mode=True, return_indices=True)
y.sum().backward()
y, i, x.grad, y.grad_fn.name()
""",
    "avg_pool2d_ceil_mode": f64(functional(
        "t.nn.functional.avg_pool2d(a, 3, 2, padding=1, ceil_mode=True)", (1, 2, 6, 5))),
    "avg_pool2d_ceil_mode_exclude_pad": f64(functional(
        "t.nn.functional.avg_pool2d(a, (2, 3), (2, 2), padding=(1, 1), ceil_mode=True, "
        "count_include_pad=False)", (2, 5, 6))),
    "max_pool1d": f64(functional("t.nn.functional.max_pool1d(a, 3, 2, padding=1)", (2, 3, 7))),
    "max_pool1d_indices_unbatched": f64(case("""
x = values(3, 8)
y, i = t.nn.functional.max_pool1d(x, 3, 2, dilation=2, ceil_mode=True, return_indices=True)
y.sum().backward()
y, i, x.grad, y.grad_fn.name(), [n.name() for n, _ in y.grad_fn.next_functions]
""")),
    "avg_pool1d": f64(functional("t.nn.functional.avg_pool1d(a, 3, 2, padding=1, "
                                 "count_include_pad=False)", (2, 3, 7))),
    "avg_pool1d_ceil": f64(functional("t.nn.functional.avg_pool1d(a, 3, 2, ceil_mode=True)", (3, 8))),
    "adaptive_avg_pool1d": f64(functional("t.nn.functional.adaptive_avg_pool1d(a, 3)", (2, 3, 7))),
    "adaptive_avg_pool1d_one": f64(functional("t.nn.functional.adaptive_avg_pool1d(a, 1)", (3, 7))),
    "adaptive_max_pool1d": f64(functional(
        "t.nn.functional.adaptive_max_pool1d(a, 3, return_indices=True)[0]", (2, 3, 7))),
    "adaptive_max_pool2d": f64(functional("t.nn.functional.adaptive_max_pool2d(a, (3, 4))",
                                          (1, 2, 7, 6))),
    "adaptive_max_pool2d_indices_none": """
x = t.tensor([[[1., 5., 2., 2.], [3., 0., 5., 1.], [4., 4., 1., 6.]]], requires_grad=True)
y, i = t.nn.functional.adaptive_max_pool2d(x, (None, 3), return_indices=True)
(g,) = t.autograd.grad((y ** 2).sum(), x, create_graph=True)
y, i, g, g.grad_fn.name(), [n.name() if n else None for n, _ in g.grad_fn.next_functions]
""",
    "max_pool_double_backward_nodes": f64(case("""
x = values(1, 1, 4, 5)
out = []
for f in (lambda x: t.nn.functional.max_pool2d(x, 2, ceil_mode=True),
          lambda x: t.nn.functional.adaptive_max_pool2d(x, 3)):
    (g,) = t.autograd.grad((f(x) ** 3).sum(), x, create_graph=True)
    (gg,) = t.autograd.grad((g ** 2).sum(), x)
    out += [g, g.grad_fn.name(), [n.name() if n else None for n, _ in g.grad_fn.next_functions], gg]
out
""")),
    "pool_modules": """
n = t.nn
ms = [n.MaxPool1d(3), n.MaxPool1d(3, 2, 1, return_indices=True, ceil_mode=True), n.AvgPool1d(3),
      n.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False), n.AdaptiveAvgPool1d(4),
      n.AdaptiveMaxPool1d(3), n.AdaptiveMaxPool2d((2, None)), n.AdaptiveMaxPool2d(2, return_indices=True),
      n.MaxPool2d(3, 2, ceil_mode=True)]
x1, x2 = t.arange(42.).reshape(2, 3, 7), t.arange(84.).reshape(1, 3, 4, 7)
out = []
for m in ms:
    y = m(x2 if isinstance(m, (n.AdaptiveMaxPool2d, n.MaxPool2d)) else x1)
    out.append((repr(m), [part.shape for part in y] if isinstance(y, tuple) else y.shape))
out
""",
    "pool_errors": ERRORS + F + """errors(
    lambda: f.max_pool1d(t.ones(3), 2), lambda: f.max_pool1d(t.ones(1, 2, 3), 4),
    lambda: f.max_pool1d(t.ones(1, 2, 5), 2, padding=2), lambda: f.max_pool1d(t.ones(1, 2, 0), 2),
    lambda: f.max_pool1d(t.ones(1, 2, 5), 2, dilation=0), lambda: f.max_pool1d(t.ones(1, 2, 5), 0),
    lambda: f.avg_pool1d(t.ones(3), 2), lambda: f.avg_pool1d(t.ones(1, 2, 3), 4),
    lambda: f.avg_pool1d(t.ones(1, 2, 5), 2, padding=2),
    lambda: f.adaptive_avg_pool1d(t.ones(3), 2), lambda: f.adaptive_max_pool1d(t.ones(3), 2),
    lambda: f.adaptive_max_pool2d(t.ones(3, 3), 2), lambda: f.adaptive_avg_pool1d(t.ones(1, 2, 5), (2, 3)),
    lambda: f.max_pool2d(t.ones(1, 2, 3, 3), 4))
""",
}
