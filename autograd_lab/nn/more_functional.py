"""More of ``t.nn.functional``: ``max_pool1d/2d_with_indices`` and their inverses ``max_unpool1d/2d``,
the power-average pools ``lp_pool1d/2d``, ``local_response_norm``, ``gumbel_softmax``, ``pdist``,
``alpha_dropout``, ``channel_shuffle`` and the deprecated ``upsample_nearest`` /
``upsample_bilinear``.

Where torch composes a function from other ops (``lp_pool``, ``local_response_norm``,
``gumbel_softmax``, ``alpha_dropout``, the upsample wrappers), it is composed here from the same ops
in the same order, so the graph shows torch's nodes. Where torch computes it as one node
(``max_unpool2d``, ``pdist``, ``channel_shuffle``), it is an op class with its forward and backward
side by side as plain math.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import creation
from .. import random as _random
from .._dtypes import type_name
from ..autograd.op import Op
from ..ops._grad import take_along
from ..ops.linalg import _pnorm_of_rows, pnorm_rows_grad
from ..tensor import Tensor
from . import functional as F

__all__ = ["max_pool1d_with_indices", "max_pool2d_with_indices", "max_unpool1d", "max_unpool2d",
           "lp_pool1d", "lp_pool2d", "local_response_norm", "gumbel_softmax", "pdist",
           "alpha_dropout", "channel_shuffle", "upsample_nearest", "upsample_bilinear"]


# -- max pooling with indices, max unpooling -----------------------------------------------------


def max_pool1d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
                            dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``max_pool1d`` and where each maximum is (an index along the last dim), always both."""
    return F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
                            dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``max_pool2d`` and where each maximum is (``h * W + w``), always both."""
    return F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


class MaxUnpool2D(Op):
    """Each value of ``self`` (..., h, w) put at its flat position ``indices`` of an ``(out_h, out_w)``
    plane of zeros (max_pool2d's ``return_indices`` undone).

    Backward:  grad_self = grad (flattened over the plane) read at indices
    Forward:   result_t = self_t put at the same positions
    """

    __slots__ = ("indices", "plane")

    def forward(self, a: np.ndarray, indices: np.ndarray, plane: tuple) -> np.ndarray:
        self.indices, self.plane = indices, plane
        lead = a.shape[:-2]
        out = np.zeros((*lead, plane[0] * plane[1]), dtype=a.dtype)
        flat = indices.reshape(*lead, -1)
        np.put_along_axis(out, flat, a.reshape(*lead, -1), axis=-1)
        return out.reshape(*lead, *plane)

    def backward(self, grad: Any) -> Any:
        lead = self.indices.shape[:-2]
        flat = self.indices.reshape(*lead, -1)
        return take_along(grad.reshape(*lead, -1), flat, -1).reshape(self.indices.shape)

    def jvp(self, self_t: Any) -> Any:
        return MaxUnpool2D.apply(self_t, indices=self.indices, plane=self.plane)


def _unpool_output_size(input: Tensor, kernel: tuple, stride: tuple, padding: tuple,
                        output_size: Any) -> list[int]:
    """The unpooled spatial size: the one max pooling came from by default, or ``output_size``
    (its last ``len(kernel)`` entries) if within a stride of it (torch's ValueErrors otherwise)."""
    dims = len(kernel)
    default = [(input.shape[-dims + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
               for d in range(dims)]
    if output_size is None:
        sizes = default
    else:
        sizes = list(output_size)
        if len(sizes) == dims + 2:
            sizes = sizes[2:]
        if len(sizes) != dims:
            raise ValueError(f"output_size should be a sequence containing {dims} or {dims + 2} "
                             f"elements, but it has a length of '{len(sizes)}'")
        for d in range(dims):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < sizes[d] < high:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between '
                                 f"{low} and {high})")
    for d in range(dims):
        if sizes[d] < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                             f"dimensions, but got output_size[{d}]={sizes[d]}")
    return sizes


def _max_unpool(input: Tensor, indices: Tensor, plane: list[int]) -> Tensor:
    """torch's ``max_unpool2d`` kernel on ``(N, C, H, W)`` or ``(C, H, W)``, with its checks."""
    if indices._data.dtype != np.int64:
        raise RuntimeError("elements in indices should be type int64 but got: "
                           f"{type_name(indices._data.dtype)}")
    if input.ndim not in (3, 4):
        raise RuntimeError("Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor "
                           f"with {input.ndim} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError("Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    flat = indices._data
    invalid = flat[(flat < 0) | (flat >= plane[0] * plane[1])]
    if invalid.size:
        raise RuntimeError(f"Found an invalid max index: {invalid[-1]} (output volumes are of size "
                           f"{plane[0]}x{plane[1]})")
    return MaxUnpool2D.apply(input, indices=flat, plane=tuple(plane))


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """The inverse of ``max_pool2d(..., return_indices=True)``: each value put back where its
    maximum came from, zeros elsewhere (the size by default the one the pooling came from)."""
    kernel = F._pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else F._pair(stride, "stride")
    padding = F._pair(padding, "padding")
    plane = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool(input, indices, plane)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """The inverse of ``max_pool1d(..., return_indices=True)``, computed as torch does: a
    ``max_unpool2d`` of ``input.unsqueeze(-1)``, then ``squeeze(-1)``."""
    kernel = (F._single(kernel_size),)
    stride = kernel if stride is None else (F._single(stride),)
    padding = (F._single(padding),)
    size = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool(input.unsqueeze(-1), indices.unsqueeze(-1), [*size, 1]).squeeze(-1)


# -- power-average pooling, local response normalization -----------------------------------------


def _lp_pool(pool: Any, max_pool: Any, input: Tensor, norm_type: float, kernel_size: Any,
             stride: Any, ceil_mode: bool, window: int) -> Tensor:
    """``(sum over each window of x ** p) ** (1 / p)`` as torch composes it: the ``avg`` pool of
    ``x ** p`` times the window's size, its negative parts cut by ``sign * relu(abs)``; p = +-inf:
    the max pool of ``|x|``."""
    if isinstance(norm_type, int | float):
        if norm_type == math.inf:
            return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -math.inf:
            return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = pool(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * F.relu(out.abs())).mul(window).pow(1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size: int, stride: Any = None,
              ceil_mode: bool = False) -> Tensor:
    """The ``norm_type``-norm of each ``kernel_size`` window of a sequence."""
    return _lp_pool(F.avg_pool1d, F.max_pool1d, input, norm_type, kernel_size, stride, ceil_mode,
                    kernel_size)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,
              ceil_mode: bool = False) -> Tensor:
    """The ``norm_type``-norm of each ``kernel_size`` window of an image."""
    kw, kh = F._pair(kernel_size, "kernel_size")
    return _lp_pool(F.avg_pool2d, F.max_pool2d, input, norm_type, kernel_size, stride, ceil_mode,
                    kw * kh)


class AvgPool3D(Op):
    """The mean of each run of ``depth`` consecutive planes along dim -3 of ``(N, C, D, H, W)``
    (torch's ``avg_pool3d`` with kernel ``(depth, 1, 1)``, stride 1, no padding: the one
    ``local_response_norm`` uses; no other 3-d pooling is offered).

    Backward:  grad_self[d] = sum of grad[o] / depth over the runs o that contain plane d
               (the node AvgPool3DBackward)
    Forward:   result_t = the same means of self_t
    """

    __slots__ = ("depth",)

    def forward(self, a: np.ndarray, depth: int) -> np.ndarray:
        self.depth = depth
        runs = a.shape[-3] - depth + 1
        total = sum(a[..., k:k + runs, :, :] for k in range(depth))
        return (total / a.dtype.type(depth)).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        return AvgPool3DBackward.apply(grad, depth=self.depth)

    def jvp(self, self_t: Any) -> Any:
        return AvgPool3D.apply(self_t, depth=self.depth)


class AvgPool3DBackward(Op, grad_fn_name="AvgPool3DBackwardBackward0"):
    """``AvgPool3D``'s backward as an op: each ``g[o] / depth`` added onto the planes ``o`` to
    ``o + depth - 1`` it averaged.

    Backward:  grad_g = AvgPool3D(grad)   (the means again: the adjoint of this op)
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ("depth",)

    def forward(self, g: np.ndarray, depth: int) -> np.ndarray:
        self.depth = depth
        runs = g.shape[-3]
        out = np.zeros((*g.shape[:-3], runs + depth - 1, *g.shape[-2:]), dtype=g.dtype)
        share = g / g.dtype.type(depth)
        for k in range(depth):
            out[..., k:k + runs, :, :] += share
        return out

    def backward(self, grad: Any) -> Any:
        return AvgPool3D.apply(grad, depth=self.depth)

    def jvp(self, g_t: Any) -> Any:
        return AvgPool3DBackward.apply(g_t, depth=self.depth)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> Tensor:
    """Each element divided by ``(k + alpha * mean of the squares over the ``size`` neighbouring
    channels) ** beta``, composed as torch composes it (a zero-padded average pool over dim 1)."""
    dim = input.ndim
    if dim < 3:
        raise ValueError("Expected 3D or higher dimensionality                          input "
                         f"(got {dim} dimensions)")
    if input.numel() == 0:
        return input
    div = input.mul(input)
    if dim == 3:
        div = div.unsqueeze(1)
        div = F.pad(div, (0, 0, size // 2, (size - 1) // 2))
        div = F.avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = input.shape
        div = div.view(sizes[0], 1, sizes[1], sizes[2], -1)
        div = F.pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = AvgPool3D.apply(div, depth=size).squeeze(1)
        div = div.view(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


# -- random: gumbel_softmax, alpha_dropout -------------------------------------------------------


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """A sample of the Gumbel-softmax distribution: ``softmax((logits + g) / tau)`` with ``g`` Gumbel
    noise (``-log`` of exponential draws; seeded by ``t.manual_seed``); ``hard=True``: the one-hot
    of its largest entry, differentiated as the soft sample (``y_hard - y_soft.detach() + y_soft``)."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -creation.empty_like(logits).exponential_().log()
    gumbels = (logits + gumbels) / tau
    y_soft = gumbels.softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


_SELU_ALPHA_PRIME = 1.7580993408473766  # SELU's scale * alpha: the value a dropped unit takes


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                  inplace: bool = False) -> Tensor:
    """Dropout that keeps a SELU network's mean and variance: in training each element is set,
    with probability ``p``, to SELU's negative saturation, then all are scaled and shifted by ``a``
    and ``b`` so that mean and variance stay as they were (as torch: ``input * noise + b``);
    outside training, ``input`` itself."""
    F._check_dropout_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        zero = Tensor._make(np.zeros((), dtype=dtype))
        return input.mul_(zero) if inplace else input * zero
    F._check_scaled_dropout(dtype)
    keep = (_random.rng().random(tuple(input.shape)) >= p).astype(dtype)
    a = 1.0 / math.sqrt((_SELU_ALPHA_PRIME ** 2 * p + 1) * (1 - p))
    # (in the input's dtype, step by step, as torch's kernel computes them)
    shift = (keep - dtype.type(1)) * dtype.type(_SELU_ALPHA_PRIME * a) \
        + dtype.type(_SELU_ALPHA_PRIME * a * p)
    noise = Tensor._make(keep * dtype.type(a))
    out = input.mul_(noise) if inplace else input * noise
    return out.add_(Tensor._make(shift))


# -- pdist, channel_shuffle ------------------------------------------------------------------------


class Pdist(Op, grad_fn_name="PdistBackward0"):
    """The ``p``-norm distance between every pair of rows ``i < j`` of ``self`` (n, m), in the
    order (0, 1), (0, 2), ..., (1, 2), ...: the upper triangle of ``cdist(self, self)``.

    Backward:  grad_self[i] = sum over the pairs (i, j) of grad * w(self[i] - self[j], result)
               (w as in cdist's backward; the node PdistBackward: torch's _pdist_backward)
    """

    __slots__ = ("p",)

    @classmethod
    def aten_name(cls) -> str:
        return "_pdist_forward"  # (torch's name in its forward-mode error: it has no forward rule)

    def forward(self, a: np.ndarray, p: float) -> np.ndarray:
        self.p = p
        rows, cols = np.triu_indices(a.shape[0], 1)
        result = _pnorm_of_rows(a[rows] - a[cols], p).astype(a.dtype, copy=False)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        return PdistBackward.apply(grad, a, result, p=self.p)


class PdistBackward(Op, grad_fn_name="PdistBackwardBackward0"):
    """pdist's backward as an op (torch's ``_pdist_backward``): the pairs' gradients ``g`` and
    distances ``r`` spread into symmetric ``(n, n)`` matrices, then cdist's row gradient. torch
    defines no derivative of it, so neither is there one here.

    Backward:  raises torch's "the derivative for '_pdist_backward' is not implemented."
    """

    __slots__ = ()

    @classmethod
    def aten_name(cls) -> str:
        return "_pdist_backward"

    def forward(self, g: np.ndarray, a: np.ndarray, r: np.ndarray, p: float) -> np.ndarray:
        n = a.shape[0]
        upper = np.triu_indices(n, 1)
        pairs, distances = np.zeros((n, n), dtype=a.dtype), np.zeros((n, n), dtype=a.dtype)
        pairs[upper], distances[upper] = g, r
        # (w is odd in the difference: row j's share of pair (i, j) is row i's with the sign flipped)
        return pnorm_rows_grad(pairs + pairs.T, a, a, distances + distances.T, p)

    def backward(self, grad: Any) -> Any:
        raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


def pdist(input: Tensor, p: float = 2) -> Tensor:
    """The ``p``-norm distances between the rows of ``input`` (n, m), each pair ``i < j`` once:
    ``n * (n - 1) / 2`` values."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if input._data.dtype.kind not in "fV":
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return Pdist.apply(input, p=float(p))


def _shuffled_channels(a: np.ndarray, groups: int) -> np.ndarray:
    """``(N, C, *)`` with channel ``g * (C / groups) + i`` moved to ``i * groups + g``."""
    n, c = a.shape[:2]
    return a.reshape(n, groups, c // groups, *a.shape[2:]).swapaxes(1, 2).reshape(a.shape)


class ChannelShuffle(Op):
    """The channels of ``self`` (N, C, *) regrouped: read as ``groups`` groups of ``C / groups``,
    written out transposed (channel ``g * (C / groups) + i`` goes to ``i * groups + g``).

    Backward:  grad_self = channel_shuffle(grad, C / groups)   (the inverse permutation)
    Forward:   result_t = channel_shuffle(self_t, groups)
    """

    __slots__ = ("groups",)

    def forward(self, a: np.ndarray, groups: int) -> np.ndarray:
        self.groups = groups
        return _shuffled_channels(a, groups)

    def backward(self, grad: Any) -> Any:
        return ChannelShuffle.apply(grad, groups=grad.shape[1] // self.groups)

    def jvp(self, self_t: Any) -> Any:
        return ChannelShuffle.apply(self_t, groups=self.groups)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """The channels (dim 1) of ``input`` (N, C, *) split into ``groups`` groups and interleaved."""
    if input.ndim <= 2:
        raise RuntimeError("channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    if input.shape[1] % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {input.shape[1]} "
                           f"channels and {groups} groups.")
    return ChannelShuffle.apply(input, groups=groups)


# -- deprecated wrappers of interpolate --------------------------------------------------------


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """Deprecated: ``interpolate(input, size, scale_factor, mode='nearest')``, with torch's warning."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=2)
    return F.interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """Deprecated: ``interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)``,
    with torch's warning."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return F.interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
