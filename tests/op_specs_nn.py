"""gradcheck specs for the ops of ``t.nn.functional`` (autograd_lab/nn/functional.py) and of the
losses (autograd_lab/ops/losses.py): linear's addmm, gelu, leaky_relu, softplus, conv2d, max_pool2d
and the single-node losses, and the backward ops torch records under ``create_graph``
(``GeluBackwardBackward0``, ...), each checked as a function of the input and the output's gradient."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab.nn import functional as F
from autograd_lab.nn.more_functional import AvgPool3D
from autograd_lab.ops import losses
from autograd_lab.ops.linalg import Trilinear
from tests.op_specs import OpSpec, at_least, fixed, one, same

_N = st.integers(0, 3)  # a size that may be 0 (empty batches)
_P = st.integers(1, 3)  # a size of at least 1


@st.composite
def _addmm_shapes(draw: Any) -> tuple:
    """A bias that broadcasts to ``(n, m)`` (``(m,)``, ``(1, m)``, ``(n, m)`` or 0-d) and the matrices."""
    n, k, m = draw(_N), draw(_N), draw(_N)
    bias = draw(st.sampled_from([(m,), (1, m), (n, m), (), (n, 1)]))
    return bias, (n, k), (k, m)


@st.composite
def _linear_shapes(draw: Any, bias: bool) -> tuple:
    """An input of 1 or 3 dims ending in ``k`` (2 dims is addmm itself), a weight ``(m, k)`` and
    (optionally) a bias ``(m,)``."""
    k, m = draw(_P), draw(_P)
    leading = tuple(draw(st.sampled_from([[], [draw(_P), draw(_P)]])))
    return ((*leading, k), (m, k), (m,)) if bias else ((*leading, k), (m, k))


@st.composite
def _classes(draw: Any, rank: int, empty: bool = True) -> tuple:
    """Scores ``(N, C)`` (``rank`` 2; N may be 0 with ``empty``), ``(C,)`` (1) or an image
    ``(N, C, H, W)`` (4)."""
    if rank == 1:
        return ((draw(_P),),)
    if rank == 2:
        return ((draw(_N if empty else _P), draw(_P)),)
    return ((draw(_P), draw(_P), draw(_P), draw(st.integers(1, 2))),)


def _targets(scores: t.Tensor) -> t.Tensor:
    """Class indices for ``scores`` (classes along dim 1, or dim 0 for one sample): a fixed pattern
    that visits every class."""
    if scores.ndim == 1:
        return t.tensor(scores.shape[0] - 1)
    classes = scores.shape[1]
    batch = [scores.shape[0], *scores.shape[2:]]
    count = 1
    for n in batch:
        count *= n
    return (t.arange(count) * 2 % classes).reshape(batch)


def _nll(**options: Any) -> Any:
    return lambda scores: F.nll_loss(scores, _targets(scores), **options)


_WEIGHTS = t.tensor([0.5, 2.0, 1.5], dtype=t.float64)


def _weighted_nll(scores: t.Tensor) -> t.Tensor:
    """nll_loss with class weights (0.5, 2, 1.5 repeated) and class 1 ignored (with the targets of
    ``_targets`` some sample always keeps class 0: never all ignored, where the loss is nan)."""
    classes = scores.shape[1]
    weight = _WEIGHTS.repeat(classes)[:classes]
    return F.nll_loss(scores, _targets(scores), weight=weight, ignore_index=1)


def _input_grads(function: Any, wrt: tuple[int, ...] | None = None) -> Any:
    """``function``'s input gradients (of the inputs at positions ``wrt``; all by default) as a
    function of its inputs and its output's gradient (the last argument): what its backward node
    computes, recorded (``create_graph``), with grad recording on, and on leaves when gradcheck's
    finite differences pass plain copies."""

    def input_grads(*args: Any) -> Any:
        *inputs, grad = args
        with t.enable_grad():
            inputs = [x if x.requires_grad else x.detach().requires_grad_() for x in inputs]
            chosen = inputs if wrt is None else [inputs[i] for i in wrt]
            grads = t.autograd.grad(function(*inputs), chosen, grad, create_graph=True)
        return grads[0] if len(grads) == 1 else grads

    return input_grads


def _and_grad(shapes: st.SearchStrategy, grad: Any = ()) -> st.SearchStrategy:
    """``shapes`` and the shape of the output's gradient: ``()`` (a reduced loss), or a function of
    the input shapes."""
    return shapes.map(lambda inputs: (*inputs, grad(inputs) if callable(grad) else grad))


def _signs(x: Any) -> Any:
    """Labels 1 and -1 in turn, of ``x``'s shape (a constant)."""
    return (t.arange(x.numel()) % 2 * -2 + 1).reshape(x.shape).to(x.dtype)


def _gelu_backward(approximate: str) -> Any:
    return lambda grad, x: F.gelu_backward(grad, x, approximate)


SPECS = [
    # -- linear ----------------------------------------------------------------------------------
    OpSpec("addmm", F.addmm, _addmm_shapes(), "AddmmBackward0"),
    OpSpec("addmm", lambda b, m1, m2: F.addmm(b, m1, m2, beta=0.5, alpha=2.0), _addmm_shapes(),
           "AddmmBackward0", variant="beta,alpha"),
    OpSpec("linear", F.linear, fixed((4, 3), (2, 3), (2,)), "AddmmBackward0", variant="2d"),
    OpSpec("linear", F.linear, _linear_shapes(bias=True), "ViewBackward0", variant="nd",
           check="grad"),
    # the bilinear form of F.bilinear (its node), and F.bilinear whole (views and the bias around it)
    OpSpec("bilinear", Trilinear.apply, fixed((2, 4), (5, 4, 3), (2, 3)), "TrilinearBackward0"),
    OpSpec("bilinear", F.bilinear, fixed((2, 3, 4), (2, 3, 2), (3, 4, 2), (3,)), "AddBackward0",
           variant="batched, bias", check="grad"),
    # pairwise_distance: values kept apart (no zero difference, where the norms have kinks)
    *[OpSpec("pairwise_distance", lambda a, b, p=p: F.pairwise_distance(a, b, p), fixed((3, 4), (4,)),
             "NormBackward1", variant=f"p={p}", distinct=True) for p in (2.0, 1.0, 3.0)],
    OpSpec("pairwise_distance", lambda a, b: F.pairwise_distance(a, b, keepdim=True, eps=0.0),
           fixed((2, 3, 2), (2, 3, 2)), "NormBackward1", variant="keepdim", distinct=True),
    # -- activations -----------------------------------------------------------------------------
    OpSpec("leaky_relu", F.leaky_relu, one(), "LeakyReluBackward0", kinks=(0.0,)),
    OpSpec("leaky_relu", lambda x: F.leaky_relu(x, 0.3), one(), "LeakyReluBackward0",
           kinks=(0.0,), variant="slope=0.3"),
    OpSpec("gelu", F.gelu, one(), "GeluBackward0", domain=(-3, 3)),
    OpSpec("gelu", lambda x: F.gelu(x, approximate="tanh"), one(), "GeluBackward0",
           domain=(-3, 3), variant="tanh"),
    OpSpec("gelu_backward", _gelu_backward("none"), same(2), "GeluBackwardBackward0",
           domain=(-3, 3)),
    OpSpec("gelu_backward", _gelu_backward("tanh"), same(2), "GeluBackwardBackward0",
           domain=(-3, 3), variant="tanh"),
    OpSpec("softplus", F.softplus, one(), "SoftplusBackward0", domain=(-4, 4)),
    OpSpec("softplus", lambda x: F.softplus(x, beta=2, threshold=3), one(), "SoftplusBackward0",
           domain=(-3, 3), kinks=(1.5,), variant="beta=2,threshold=3"),
    OpSpec("softplus_backward", _input_grads(F.softplus), same(2), "SoftplusBackwardBackward0",
           domain=(-4, 4)),
    OpSpec("softplus_backward", _input_grads(lambda x: F.softplus(x, beta=2, threshold=3)), same(2),
           "SoftplusBackwardBackward0", domain=(-3, 3), kinks=(1.5,),
           variant="beta=2,threshold=3"),
    OpSpec("leaky_relu_backward", _input_grads(lambda x: F.leaky_relu(x, 0.3)), same(2),
           "LeakyReluBackwardBackward0", kinks=(0.0,)),
    OpSpec("silu", F.silu, one(), "SiluBackward0"),
    OpSpec("mish", F.mish, one(), "MishBackward0"),
    OpSpec("elu", F.elu, one(), "EluBackward0", kinks=(0.0,)),
    OpSpec("elu", lambda x: F.elu(x, alpha=0.7), one(), "EluBackward0", kinks=(0.0,),
           variant="alpha=0.7"),
    OpSpec("selu", F.selu, one(), "EluBackward0", kinks=(0.0,), variant="selu"),
    OpSpec("celu", lambda x: F.celu(x, alpha=0.5), one(), "CeluBackward0", kinks=(0.0,)),
    OpSpec("elu_backward", _input_grads(F.selu), same(2), "EluBackwardBackward0", kinks=(0.0,)),
    OpSpec("add_scalar", lambda x: losses.AddScalar.apply(x, other=0.3), one(), "AddBackward1"),
    # -- layer norm ------------------------------------------------------------------------------
    OpSpec("layer_norm", lambda x, w, b: F.layer_norm(x, (3,), w, b), fixed((2, 3), (3,), (3,)),
           "NativeLayerNormBackward0"),
    OpSpec("layer_norm", lambda x, w, b: F.layer_norm(x, (2, 2), w, b),
           fixed((2, 2, 2), (2, 2), (2, 2)), "NativeLayerNormBackward0", variant="2 dims"),
    OpSpec("layer_norm", lambda x: F.layer_norm(x, (4,)), fixed((2, 4)), "NativeLayerNormBackward0",
           variant="no affine"),
    OpSpec("layer_norm_backward", _input_grads(lambda x, w, b: F.layer_norm(x, (3,), w, b)),
           fixed((2, 3), (3,), (3,), (2, 3)), "NativeLayerNormBackwardBackward0"),
    OpSpec("layer_norm_backward", _input_grads(lambda x, w, b: F.layer_norm(x, (2, 2), w, b)),
           fixed((1, 2, 2), (2, 2), (2, 2), (1, 2, 2)), "NativeLayerNormBackwardBackward0",
           variant="2 dims"),
    OpSpec("group_norm", lambda x, w, b: F.group_norm(x, 2, w, b), fixed((2, 4, 3), (4,), (4,)),
           "NativeGroupNormBackward0"),
    OpSpec("group_norm", lambda x: F.group_norm(x, 1, eps=1e-3), fixed((1, 2, 2, 2)),
           "NativeGroupNormBackward0", variant="one group, images"),
    # -- the activations of nn/activation_functions.py ----------------------------------------------
    OpSpec("hardtanh", lambda x: F.hardtanh(x, -1.0, 1.5), one(), "HardtanhBackward0",
           kinks=(-1.0, 1.5)),
    OpSpec("hardtanh_backward", _input_grads(lambda x: F.hardtanh(x, -1.0, 1.5)), same(2),
           "HardtanhBackwardBackward0", kinks=(-1.0, 1.5)),
    OpSpec("threshold", lambda x: F.threshold(x, 0.5, -1.0), one(), "ThresholdBackward0",
           kinks=(0.5,)),
    OpSpec("hardshrink", F.hardshrink, one(), "HardshrinkBackward0", kinks=(-0.5, 0.5)),
    OpSpec("hardshrink_backward", _input_grads(F.hardshrink), same(2),
           "HardshrinkBackwardBackward0", kinks=(-0.5, 0.5)),
    OpSpec("softshrink", lambda x: F.softshrink(x, 0.7), one(), "SoftshrinkBackward0",
           kinks=(-0.7, 0.7)),
    OpSpec("softshrink_backward", _input_grads(lambda x: F.softshrink(x, 0.7)), same(2),
           "SoftshrinkBackwardBackward0", kinks=(-0.7, 0.7)),
    OpSpec("logsigmoid", F.logsigmoid, one(), "LogSigmoidBackward0", domain=(-4, 4)),
    OpSpec("logsigmoid_backward", _input_grads(F.logsigmoid), same(2),
           "LogSigmoidBackwardBackward0", domain=(-4, 4)),
    OpSpec("hardswish", F.hardswish, one(), "HardswishBackward0", domain=(-4, 4),
           kinks=(-3.0, 3.0)),
    OpSpec("hardswish_backward", _input_grads(F.hardswish), same(2), "HardswishBackwardBackward0",
           domain=(-4, 4), kinks=(-3.0, 3.0)),
    OpSpec("hardsigmoid", F.hardsigmoid, one(), "HardsigmoidBackward0", domain=(-4, 4),
           kinks=(-3.0, 3.0), check="grad"),
    OpSpec("glu", lambda x: F.glu(x, 1), fixed((2, 4)), "GluBackward0"),
    OpSpec("glu_backward", _input_grads(lambda x: F.glu(x, 0)), fixed((4, 3), (2, 3)),
           "GluBackwardBackward0"),
    OpSpec("prelu", F.prelu, fixed((2, 3, 2), (3,)), "PreluKernelBackward0", kinks=(0.0,)),
    OpSpec("prelu_backward", _input_grads(F.prelu, wrt=(0,)), fixed((2, 3), (3,), (2, 3)),
           "PreluKernelBackwardBackward0", kinks=(0.0,)),
    OpSpec("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), fixed((1, 8, 2, 3)),
           "PixelShuffleBackward0"),
    OpSpec("pixel_unshuffle", lambda x: F.pixel_unshuffle(x, 2), fixed((2, 4, 2)),
           "PixelUnshuffleBackward0"),
    *[spec for mode, node, shape, size in (
          ("nearest", "UpsampleNearest1D", (1, 2, 3), 5),
          ("nearest", "UpsampleNearest2D", (1, 1, 2, 3), (3, 4)),
          ("nearest-exact", "UpsampleNearestExact1D", (1, 2, 3), 5),
          ("nearest-exact", "UpsampleNearestExact2D", (1, 1, 2, 3), (3, 4)),
          ("linear", "UpsampleLinear1D", (1, 2, 3), 5),
          ("bilinear", "UpsampleBilinear2D", (1, 1, 2, 3), (3, 4)),
          ("bicubic", "UpsampleBicubic2D", (1, 1, 3, 4), (5, 2)))
      for spec in (
          OpSpec("interpolate", lambda x, size=size, mode=mode: F.interpolate(x, size, mode=mode),
                 fixed(shape), f"{node}Backward0", variant=node),
          OpSpec("interpolate_backward",
                 _input_grads(lambda x, size=size, mode=mode: F.interpolate(x, size, mode=mode)),
                 fixed(shape, shape[:2] + ((size,) if isinstance(size, int) else size)),
                 f"{node}BackwardBackward0", variant=node))],
    # -- spatial transformers' sampling (grid values away from pixel boundaries by chance: the
    # weights are piecewise linear in the grid); no second derivative through grid_sample here
    OpSpec("affine_grid", lambda theta: F.affine_grid(theta, (2, 1, 3, 4), align_corners=False),
           fixed((2, 2, 3)), "AffineGridGeneratorBackward0"),
    OpSpec("affine_grid", lambda theta: F.affine_grid(theta, (1, 3, 2, 2), align_corners=True),
           fixed((1, 2, 3)), "AffineGridGeneratorBackward0", variant="align_corners"),
    *[OpSpec("grid_sample", lambda x, grid, mode=mode, pad=pad, corners=corners: F.grid_sample(
              x, grid * 0.8, mode=mode, padding_mode=pad, align_corners=corners),
             fixed((2, 2, 3, 4), (2, 3, 2, 2)), "GridSampler2DBackward0", check="grad",
             domain=(-1.6, 1.6), variant=f"{mode},{pad},align_corners={corners}")
      for mode, pad, corners in (("bilinear", "zeros", False), ("bilinear", "border", True),
                                 ("bilinear", "zeros", True), ("nearest", "border", False))],
    OpSpec("grid_sample", _input_grads(lambda x, grid: F.grid_sample(x, grid, align_corners=False)),
           fixed((1, 2, 3, 4), (1, 2, 2, 2), (1, 2, 2, 2)), "GridSampler2DBackwardBackward0",
           check="name", variant="backward"),
    OpSpec("unfold", lambda x: F.unfold(x, (2, 3), padding=1, stride=(2, 1)), fixed((1, 2, 3, 3)),
           "Im2ColBackward0"),
    OpSpec("fold", lambda x: F.fold(x, (3, 4), 2, dilation=(1, 2)), fixed((4, 4)),
           "Col2ImBackward0"),
    # -- convolution and pooling -------------------------------------------------------------------
    OpSpec("conv2d", F.conv2d, fixed((1, 2, 4, 3), (2, 2, 2, 2), (2,)), "ConvolutionBackward0"),
    OpSpec("conv2d", lambda x, w: F.conv2d(x, w, stride=(2, 1), padding=(1, 2), dilation=(1, 2)),
           fixed((1, 1, 5, 4), (2, 1, 2, 2)), "ConvolutionBackward0",
           variant="stride,padding,dilation"),
    OpSpec("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
           fixed((1, 2, 5), (2, 2, 2), (2,)), "ConvolutionBackward0", variant="1d"),
    OpSpec("convolution_backward", _input_grads(lambda x, w: F.conv1d(x, w, padding=1)),
           fixed((1, 1, 3), (2, 1, 2), (1, 2, 4)), "ConvolutionBackwardBackward0", variant="1d"),
    OpSpec("convolution_backward", _input_grads(F.conv2d),
           fixed((1, 1, 3, 3), (2, 1, 2, 2), (2,), (1, 2, 2, 2)), "ConvolutionBackwardBackward0"),
    OpSpec("convolution_backward",
           _input_grads(lambda x, w: F.conv2d(x, w, stride=(2, 1), padding=(1, 2), dilation=(1, 2))),
           fixed((1, 1, 4, 3), (1, 1, 2, 2), (1, 1, 3, 5)), "ConvolutionBackwardBackward0",
           variant="stride,padding,dilation"),
    OpSpec("conv2d", lambda x, w, b: F.conv2d(x, w, b, groups=2, padding=1),
           fixed((1, 4, 3, 3), (2, 2, 2, 2), (2,)), "ConvolutionBackward0", variant="groups"),
    OpSpec("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(
        x, w, b, stride=(2, 1), padding=(1, 0), output_padding=(1, 0), groups=2, dilation=(1, 2)),
           fixed((1, 2, 3, 2), (2, 1, 2, 2), (2,)), "ConvolutionBackward0"),
    OpSpec("conv_transpose1d", lambda x, w: F.conv_transpose1d(x, w, stride=2, padding=1),
           fixed((2, 2, 3), (2, 3, 3)), "ConvolutionBackward0"),
    OpSpec("convolution_backward", _input_grads(lambda x, w: F.conv_transpose2d(x, w, stride=2,
                                                                                groups=2)),
           fixed((1, 2, 2, 2), (2, 1, 2, 2), (1, 2, 4, 4)), "ConvolutionBackwardBackward0",
           variant="transposed,groups"),
    *[spec for mode, node in (("reflect", "ReflectionPad"), ("replicate", "ReplicationPad"))
      for dims, shape, pad, out in (
          (1, (2, 4), (2, 1), (2, 7)), (2, (1, 1, 3, 3), (1, 2, 0, 2), (1, 1, 5, 6)),
          (3, (1, 2, 2, 3), (1, 0, 1, 1, 1, 0), (1, 3, 4, 4)))
      for spec in (
          OpSpec("pad", lambda x, pad=pad, mode=mode: F.pad(x, pad, mode=mode), fixed(shape),
                 f"{node}{dims}DBackward0", variant=f"{mode} {dims}d"),
          OpSpec("pad_backward", _input_grads(lambda x, pad=pad, mode=mode: F.pad(x, pad, mode=mode)),
                 fixed(shape, out), f"{node}{dims}DBackwardBackward0", variant=f"{mode} {dims}d"))],
    OpSpec("max_pool2d", lambda x: F.max_pool2d(x, 2), fixed((1, 2, 4, 5)),
           "MaxPool2DWithIndicesBackward0", distinct=True),
    OpSpec("max_pool2d", lambda x: F.max_pool2d(x, (3, 2), stride=1, padding=1, dilation=(1, 2)),
           fixed((2, 1, 4, 5)), "MaxPool2DWithIndicesBackward0", distinct=True,
           variant="stride,padding,dilation"),
    OpSpec("max_pool2d_backward", _input_grads(lambda x: F.max_pool2d(x, 2)),
           fixed((1, 1, 4, 4), (1, 1, 2, 2)),
           "MaxPool2DWithIndicesBackwardBackward0", distinct=True, check="grad"),
    OpSpec("max_pool2d", lambda x: F.max_pool2d(x, 3, 2, padding=1, ceil_mode=True),
           fixed((2, 5, 4)), "MaxPool2DWithIndicesBackward0", distinct=True,
           variant="ceil_mode,unbatched"),
    OpSpec("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (2, 3)), fixed((1, 2, 5, 4)),
           "AdaptiveMaxPool2DBackward0", distinct=True),
    OpSpec("adaptive_max_pool2d_backward", _input_grads(lambda x: F.adaptive_max_pool2d(x, 2)),
           fixed((2, 3, 3), (2, 2, 2)), "AdaptiveMaxPool2DBackwardBackward0", distinct=True,
           check="grad"),
    OpSpec("avg_pool2d", lambda x: F.avg_pool2d(x, 3, 2, padding=1, ceil_mode=True),
           fixed((1, 2, 4, 5)), "AvgPool2DBackward0", variant="ceil_mode"),
    OpSpec("avg_pool2d", lambda x: F.avg_pool2d(x, 2), fixed((1, 2, 4, 5)), "AvgPool2DBackward0"),
    OpSpec("avg_pool2d", lambda x: F.avg_pool2d(x, (3, 2), stride=(2, 1), padding=1,
                                                 count_include_pad=False),
           fixed((2, 5, 4)), "AvgPool2DBackward0", variant="stride,padding,unbatched"),
    OpSpec("avg_pool2d_backward", _input_grads(lambda x: F.avg_pool2d(x, 2, padding=1)),
           fixed((1, 1, 3, 4), (1, 1, 2, 3)), "AvgPool2DBackwardBackward0"),
    OpSpec("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (2, 3)), fixed((1, 2, 5, 4)),
           "AdaptiveAvgPool2DBackward0"),
    OpSpec("adaptive_avg_pool2d_backward", _input_grads(lambda x: F.adaptive_avg_pool2d(x, 2)),
           fixed((1, 1, 3, 3), (1, 1, 2, 2)), "AdaptiveAvgPool2DBackwardBackward0"),
    OpSpec("embedding", lambda w: F.embedding(t.tensor([[0, 2], [1, 0]]), w), fixed((3, 2)),
           "EmbeddingBackward0"),
    OpSpec("embedding", lambda w: F.embedding(t.tensor([0, 2, 0, 1]), w, padding_idx=0),
           fixed((3, 2)), "EmbeddingBackward0", variant="padding_idx",
           check="name"),  # the padding row's gradient is zero by definition, not by the math
    # embedding_bag: bags [0, 2), [2, 2) (empty) and [2, 6) of the rows picked
    *[OpSpec("embedding_bag", lambda w, mode=mode: F.embedding_bag(
              t.tensor([1, 2, 4, 0, 4, 3]), w, t.tensor([0, 2, 2]), mode=mode),
             fixed((5, 2)), "EmbeddingBagBackward0", variant=mode, distinct=True)
      for mode in ("sum", "mean", "max")],
    OpSpec("embedding_bag", lambda w: F.embedding_bag(
        t.tensor([[1, 2, 4], [0, 4, 3]]), w, mode="sum", padding_idx=4,
        per_sample_weights=t.tensor([[0.5, -1., 2.], [1.5, 3., -0.25]], dtype=w.dtype)),
        fixed((5, 2)), "EmbeddingBagBackward0", variant="2-d,per_sample_weights,padding_idx"),
    OpSpec("pack_padded_sequence", lambda x: t.nn.utils.rnn.pack_padded_sequence(
        x, [3, 1]).data, fixed((3, 2, 2)), "PackPaddedSequenceBackward0"),
    OpSpec("batch_norm", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
           fixed((4, 3), (3,), (3,)), "NativeBatchNormBackward0"),
    OpSpec("batch_norm", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
           fixed((3, 2, 4), (2,), (2,)), "NativeBatchNormBackward0", variant="3d"),
    OpSpec("batch_norm", lambda x, w, b: F.batch_norm(x, t.full((2,), 0.3, dtype=x.dtype),
                                                      t.full((2,), 1.7, dtype=x.dtype), w, b),
           fixed((3, 2), (2,), (2,)), "NativeBatchNormBackward0", variant="eval"),
    OpSpec("embedding_backward", _input_grads(lambda w: F.embedding(t.tensor([[0, 2], [1, 0]]), w)),
           fixed((3, 2), (2, 2, 2)), "EmbeddingDenseBackwardBackward0"),
    OpSpec("embedding_backward",
           _input_grads(lambda w: F.embedding(t.tensor([0, 2, 0, 1]), w, padding_idx=0)),
           fixed((3, 2), (4, 2)), "EmbeddingDenseBackwardBackward0", variant="padding_idx"),
    OpSpec("batch_norm_backward",
           _input_grads(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True)),
           fixed((4, 2), (2,), (2,), (4, 2)), "NativeBatchNormBackwardBackward0"),
    OpSpec("batch_norm_backward",
           _input_grads(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True)),
           fixed((3, 2, 2), (2,), (2,), (3, 2, 2)), "NativeBatchNormBackwardBackward0",
           variant="3d"),
    OpSpec("batch_norm_backward",
           _input_grads(lambda x, w, b: F.batch_norm(x, t.full((2,), 0.3, dtype=x.dtype),
                                                     t.full((2,), 1.7, dtype=x.dtype), w, b)),
           fixed((3, 2), (2,), (2,), (3, 2)), "NativeBatchNormBackwardBackward0", variant="eval"),
    # -- losses ----------------------------------------------------------------------------------
    OpSpec("mse_loss", F.mse_loss, same(2), "MseLossBackward0"),
    OpSpec("mse_loss", lambda a, b: F.mse_loss(a, b, reduction="sum"), same(2),
           "MseLossBackward0", variant="sum"),
    OpSpec("mse_loss", lambda a, b: F.mse_loss(a, b, reduction="none"), same(2),
           "MseLossBackward0", variant="none"),
    OpSpec("nll_loss", _nll(), _classes(2), "NllLossBackward0"),
    OpSpec("nll_loss", _nll(reduction="sum"), _classes(2), "NllLossBackward0", variant="sum"),
    OpSpec("nll_loss", _nll(reduction="none"), _classes(2), "NllLossBackward0", variant="none"),
    OpSpec("nll_loss", _nll(), _classes(1), "NllLossBackward0", variant="one sample"),
    OpSpec("nll_loss", _weighted_nll, at_least(2, max_dims=2), "NllLossBackward0",
           variant="weight,ignore_index"),
    OpSpec("nll_loss", _nll(), _classes(4), "NllLoss2DBackward0", variant="4d"),
    OpSpec("nll_loss", _nll(reduction="none"), _classes(4), "NllLoss2DBackward0",
           variant="4d,none"),
    OpSpec("cross_entropy", lambda x: F.cross_entropy(x, _targets(x)), _classes(2),
           "NllLossBackward0"),
    OpSpec("cross_entropy", lambda x, p: F.cross_entropy(x, p.softmax(-1)),
           at_least(2, max_dims=2, count=2), "DivBackward1", variant="probabilities"),
    OpSpec("smooth_l1_loss", F.smooth_l1_loss, same(2), "SmoothL1LossBackward0", distinct=True),
    OpSpec("smooth_l1_loss", lambda a, b: F.smooth_l1_loss(a, b, reduction="none", beta=0.5),
           same(2), "SmoothL1LossBackward0", distinct=True, variant="none,beta=0.5"),
    OpSpec("huber_loss", lambda a, b: F.huber_loss(a, b, reduction="sum", delta=0.7), same(2),
           "HuberLossBackward0", distinct=True),
    # (inside the quadratic part: the slope's kinks at |d| = beta are what finite differences
    # cannot follow; the linear part is compared with torch by the parity cases)
    OpSpec("smooth_l1_loss_backward", _input_grads(F.smooth_l1_loss), _and_grad(same(2)),
           "SmoothL1LossBackwardBackward0", domain=(-0.45, 0.45)),
    OpSpec("huber_loss_backward",
           _input_grads(lambda a, b: F.huber_loss(a, b, reduction="none", delta=0.7)), same(3),
           "HuberLossBackwardBackward0", domain=(-0.3, 0.3)),
    OpSpec("pad", lambda x: F.pad(x, (1, 2)), at_least(1), "ConstantPadNdBackward0"),
    OpSpec("pad", lambda x: F.pad(x, (1, -1, 0, 2), value=3.0), fixed((2, 3, 2)),
           "ConstantPadNdBackward0", variant="crop,value"),
    # (their backward nodes, as functions of the inputs and the loss's gradient)
    OpSpec("mse_loss_backward", _input_grads(F.mse_loss), _and_grad(same(2)),
           "MseLossBackwardBackward0"),
    OpSpec("mse_loss_backward", _input_grads(lambda a, b: F.mse_loss(a, b, reduction="none")),
           same(3), "MseLossBackwardBackward0", variant="none"),
    # (an empty batch's mean is 0 / 0: its derivative by finite differences is NaN, as in torch)
    OpSpec("nll_loss_backward", _input_grads(_nll()), _and_grad(_classes(2, empty=False)),
           "NllLossBackwardBackward0"),
    OpSpec("nll_loss_backward", _input_grads(_nll(reduction="none")),
           _and_grad(_classes(2), lambda shapes: shapes[0][:1]), "NllLossBackwardBackward0",
           variant="none"),
    OpSpec("nll_loss_backward", _input_grads(_weighted_nll),
           _and_grad(at_least(2, max_dims=2)), "NllLossBackwardBackward0",
           variant="weight,ignore_index"),
    OpSpec("nll_loss_backward", _input_grads(_nll()), _and_grad(_classes(4)),
           "NllLoss2DBackwardBackward0", variant="4d"),
    # (of the input only: the target's gradient is a product, MulBackward0, as in torch)
    OpSpec("binary_cross_entropy_backward", _input_grads(F.binary_cross_entropy, wrt=(0,)),
           _and_grad(same(2, empty=False)), "BinaryCrossEntropyBackwardBackward0",
           domain=(0.05, 0.95)),
    OpSpec("binary_cross_entropy_backward",
           _input_grads(lambda x, y: F.binary_cross_entropy(
               x, y, weight=t.tensor(0.7, dtype=t.float64), reduction="none"), wrt=(0,)),
           same(3), "BinaryCrossEntropyBackwardBackward0", domain=(0.05, 0.95),
           variant="weight,none"),
    OpSpec("mul_scalar", lambda x: losses.mul_scalar(x, 0.3), one(), "MulBackward1"),
    OpSpec("sub_scalar", lambda x: losses.sub_scalar(x, 0.3), one(), "SubBackward1"),
    # (labels of both signs; the target is a constant, as torch requires)
    OpSpec("soft_margin_loss", lambda x: F.soft_margin_loss(x, _signs(x)), one(),
           "SoftMarginLossBackward0"),
    OpSpec("soft_margin_loss", lambda x: F.soft_margin_loss(x, _signs(x), reduction="none"),
           one(), "SoftMarginLossBackward0", variant="none"),
    # (torch records no derivative of their backward: first derivatives only)
    OpSpec("multi_margin_loss", lambda x: F.multi_margin_loss(x, t.tensor([3, 0, 1])),
           fixed((3, 4)), "MultiMarginLossBackward0", distinct=True, check="grad"),
    OpSpec("multi_margin_loss", lambda x: F.multi_margin_loss(
        x, t.tensor([2, 2, 0]), p=2, margin=0.6, weight=t.tensor([1., 2., 0.5], dtype=x.dtype),
        reduction="none"), fixed((3, 3)), "MultiMarginLossBackward0", distinct=True, check="grad",
        variant="p=2,weight,none"),
    OpSpec("multi_margin_loss", lambda x: F.multi_margin_loss(x, t.tensor(1), reduction="sum"),
           fixed((4,)), "MultiMarginLossBackward0", distinct=True, check="grad", variant="one sample"),
    OpSpec("multilabel_margin_loss", lambda x: F.multilabel_margin_loss(
        x, t.tensor([[3, 0, -1, 1], [1, 1, -1, 0], [-1, 0, 0, 0]])), fixed((3, 4)),
        "MultilabelMarginLossBackward0", distinct=True, check="grad"),
    OpSpec("multilabel_margin_loss", lambda x: F.multilabel_margin_loss(
        x, t.tensor([2, 0, -1]), reduction="none"), fixed((3,)), "MultilabelMarginLossBackward0",
        distinct=True, check="grad", variant="one sample,none"),
    OpSpec("soft_margin_loss_backward",
           _input_grads(lambda x: F.soft_margin_loss(x, _signs(x), reduction="sum")),
           _and_grad(one()), "SoftMarginLossBackwardBackward0"),
    OpSpec("soft_margin_loss_backward",
           _input_grads(lambda x: F.soft_margin_loss(x, _signs(x), reduction="none")),
           same(2), "SoftMarginLossBackwardBackward0", variant="none"),
    OpSpec("div_scalar", lambda x: losses.div_scalar(x, 0.3), one(), "DivBackward1"),
    OpSpec("binary_cross_entropy", F.binary_cross_entropy, same(2),
           "BinaryCrossEntropyBackward0", domain=(0.05, 0.95)),
    OpSpec("binary_cross_entropy",
           lambda x, y: F.binary_cross_entropy(x, y, weight=t.tensor(0.7, dtype=t.float64),
                                               reduction="none"),
           same(2), "BinaryCrossEntropyBackward0", domain=(0.05, 0.95), variant="weight,none"),
    OpSpec("binary_cross_entropy_with_logits",
           lambda x, y: F.binary_cross_entropy_with_logits(x, y.sigmoid()), same(2),
           "BinaryCrossEntropyWithLogitsBackward0", domain=(-3, 3)),
    OpSpec("binary_cross_entropy_with_logits",
           lambda x, y: F.binary_cross_entropy_with_logits(
               x, y.sigmoid(), pos_weight=t.tensor(2.5, dtype=t.float64), reduction="sum"),
           same(2), "BinaryCrossEntropyWithLogitsBackward0", domain=(-3, 3),
           variant="pos_weight,sum"),
    # -- in-place activations (their own nodes: torch's Backward1) and rrelu (eval: its mean slope;
    # training draws its slopes anew on each call, which finite differences cannot follow) --------
    OpSpec("elu_", lambda x: F.elu_(x * 1, 0.5), one(), "EluBackward1", kinks=(0.0,)),
    OpSpec("selu_", lambda x: F.selu_(x * 1), one(), "EluBackward1", kinks=(0.0,)),
    OpSpec("celu_", lambda x: F.celu_(x * 1, 0.5), one(), "CeluBackward1", kinks=(0.0,)),
    OpSpec("leaky_relu_", lambda x: F.leaky_relu_(x * 1, 0.2), one(), "LeakyReluBackward1",
           kinks=(0.0,)),
    OpSpec("threshold_", lambda x: F.threshold_(x * 1, 0.5, -1.0), one(), "ThresholdBackward1",
           kinks=(0.5,)),
    OpSpec("rrelu", lambda x: F.rrelu(x, 0.1, 0.3), one(), "RreluWithNoiseBackward0", kinks=(0.0,)),
    OpSpec("rrelu_", lambda x: F.rrelu_(x * 1), one(), "RreluWithNoiseBackward1", kinks=(0.0,)),
    # -- unpooling, local response norm's depth pooling, pdist, channel_shuffle --------------------
    OpSpec("max_unpool2d", lambda x: F.max_unpool2d(x, t.tensor([[[[0, 3], [9, 10]]]]), 2),
           fixed((1, 1, 2, 2)), "MaxUnpool2DBackward0"),
    OpSpec("max_unpool1d", lambda x: F.max_unpool1d(x, t.tensor([[1, 2, 5], [0, 3, 4]]), 2),
           fixed((2, 3)), "SqueezeBackward1", variant="1d"),
    OpSpec("local_response_norm", lambda x: F.local_response_norm(x, 3, 0.5, 0.75, 1.0),
           fixed((1, 4, 2, 2)), "DivBackward0"),
    OpSpec("avg_pool3d", lambda x: AvgPool3D.apply(x, depth=3), fixed((1, 1, 4, 2, 3)),
           "AvgPool3DBackward0"),
    OpSpec("avg_pool3d_backward", _input_grads(lambda x: AvgPool3D.apply(x, depth=2)),
           fixed((2, 1, 3, 1, 2), (2, 1, 2, 1, 2)), "AvgPool3DBackwardBackward0"),
    # torch defines no second derivative of pdist's backward (PdistBackwardBackward0 raises)
    *[OpSpec("pdist", lambda x, p=p: F.pdist(x, p), fixed((4, 3)), "PdistBackward0", distinct=True,
             check="grad", variant=f"p={p}") for p in (2.0, 1.0, 3.0, 1.5)],
    OpSpec("pdist", _input_grads(F.pdist), fixed((3, 2), (3,)), "PdistBackwardBackward0",
           distinct=True, check="name", variant="backward"),
    OpSpec("channel_shuffle", lambda x: F.channel_shuffle(x, 3), fixed((2, 6, 2)),
           "ChannelShuffleBackward0"),
]
