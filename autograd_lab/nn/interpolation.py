"""``F.interpolate`` (and ``nn.Upsample``): resizing by ``nearest``, ``nearest-exact``, ``linear``,
``bilinear`` and ``bicubic`` interpolation, as torch's upsample kernels compute it, and ``area``
(torch's adaptive average pooling).

Every such resize is linear and separable: along each resized dim, output position ``d`` is a
weighted sum of at most two input positions (four for ``bicubic``). The op holds one matrix per
resized dim (row ``d``: those weights) and applies them; its backward applies the transposed
matrices, and is a node of its own under ``create_graph``
(``UpsampleBilinear2DBackwardBackward0``, ...), whose own backward is the resize again. The
weights are torch's, computed in the input's precision as torch's kernels do.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd.op import Op
from ..tensor import Tensor
from ._tracing import from_sizes

__all__ = ["interpolate", "upsample"]


def _along(a: np.ndarray, matrices: tuple, transposed: bool = False) -> np.ndarray:
    """``a`` with each of its last ``len(matrices)`` dims mapped by its matrix (or its transpose)."""
    for index, matrix in enumerate(matrices):
        axis = a.ndim - len(matrices) + index
        weights = (matrix.T if transposed else matrix).astype(a.dtype, copy=False)
        a = np.moveaxis(np.tensordot(weights, a, axes=([1], [axis])), 0, axis)
    return a


class _Resize(Op):
    """Resizing by interpolation along the last dims: ``out = M_1 ... M_k self`` (each matrix
    ``M_i`` along dim ``i``: row ``d`` holds the weights of the input positions output position
    ``d`` is made of).

    Backward:  grad_self = M_1.T ... M_k.T grad   (the node <name>Backward: the weights' transpose)
    Forward:   result_t = the same resize of self_t
    """

    __slots__ = ("matrices",)
    spread: type[Op]

    def forward(self, a: np.ndarray, matrices: tuple) -> np.ndarray:
        self.matrices = matrices
        return _along(a, matrices)

    def backward(self, grad: Any) -> Any:
        return self.spread.apply(grad, matrices=self.matrices)

    def jvp(self, self_t: Any) -> Any:
        return self.spread.resize.apply(self_t, matrices=self.matrices)


class _ResizeBackward(Op):
    """A resize's backward as an op: ``M_1.T ... M_k.T g`` for the incoming gradient ``g``.

    Backward:  grad_g = the resize of grad (``M_1 ... M_k grad``)
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ("matrices",)
    resize: type[_Resize]

    def forward(self, g: np.ndarray, matrices: tuple) -> np.ndarray:
        self.matrices = matrices
        return _along(g, matrices, transposed=True)

    def backward(self, grad: Any) -> Any:
        return self.resize.apply(grad, matrices=self.matrices)

    def jvp(self, g_t: Any) -> Any:
        return self.resize.spread.apply(g_t, matrices=self.matrices)


def _resize_family(name: str, dims: tuple[int, ...]) -> dict[int, type[_Resize]]:
    """The op classes of one mode for 1 and 2 resized dims, with torch's node names
    (``UpsampleBilinear2DBackward0`` and its backward ``UpsampleBilinear2DBackwardBackward0``)."""
    family = {}
    for count in dims:
        label = f"{name}{count}D" if name not in ("Bilinear", "Bicubic") else f"{name}2D"
        resize = type(f"Upsample{label}", (_Resize,), {"__slots__": (),
                                                        "__doc__": _Resize.__doc__})
        spread = type(f"Upsample{label}Backward", (_ResizeBackward,), {
            "__slots__": (), "__doc__": _ResizeBackward.__doc__, "resize": resize})
        resize.spread = spread
        family[count] = resize
    return family


_RESIZES = {"nearest": _resize_family("Nearest", (1, 2)),
            "nearest-exact": _resize_family("NearestExact", (1, 2)),
            "linear": _resize_family("Linear", (1,)), "bilinear": _resize_family("Bilinear", (2,)),
            "bicubic": _resize_family("Bicubic", (2,))}


def _scale(size: int, out: int, scale_factor: float | None, dtype: np.dtype) -> Any:
    """torch's ``compute_scales_value``: ``1 / scale_factor`` when one was given, else
    ``size / out``, in the computation's precision."""
    value = 1.0 / scale_factor if scale_factor is not None and scale_factor > 0 else size / out
    return dtype.type(value)


def _nearest_matrix(size: int, out: int, scale_factor: float | None, dtype: np.dtype,
                    exact: bool) -> np.ndarray:
    """Row ``d`` picks input ``floor(d * scale)`` (``nearest``; torch's shortcuts for the same
    size and for twice the size) or ``floor((d + 0.5) * scale)`` (``nearest-exact``)."""
    positions = np.arange(out)
    if exact:
        sources = np.floor((positions + dtype.type(0.5)) * _scale(size, out, scale_factor, dtype))
    elif out == size:
        sources = positions
    elif out == 2 * size:
        sources = positions >> 1
    else:
        sources = np.floor(positions * _scale(size, out, scale_factor, dtype))
    sources = np.minimum(sources.astype(np.int64), size - 1)
    matrix = np.zeros((out, size))
    matrix[positions, sources] = 1
    return matrix


def _sources(size: int, out: int, scale_factor: float | None, align_corners: bool,
             dtype: np.dtype) -> np.ndarray:
    """The input position each output position reads from: ``scale * d`` (``align_corners``: the
    corners of input and output line up) or ``scale * (d + 0.5) - 0.5`` (pixel centres line up)."""
    positions = np.arange(out).astype(dtype)
    if align_corners:
        scale = dtype.type((size - 1) / (out - 1)) if out > 1 else dtype.type(0)
        return scale * positions
    return _scale(size, out, scale_factor, dtype) * (positions + dtype.type(0.5)) - dtype.type(0.5)


def _linear_matrix(size: int, out: int, scale_factor: float | None, align_corners: bool,
                   dtype: np.dtype) -> np.ndarray:
    """Row ``d`` weighs the two inputs around its source position (``_sources``; clamped at 0
    when pixel centres line up) by how close each is."""
    sources = _sources(size, out, scale_factor, align_corners, dtype)
    if not align_corners:
        sources = np.maximum(sources, 0)
    first = np.minimum(sources.astype(np.int64), size - 1)
    second = first + (first < size - 1)
    weight_second = np.clip(sources - first, 0, 1).astype(dtype)
    weight_first = (1 - weight_second).astype(dtype)
    matrix = np.zeros((out, size), dtype=dtype)
    np.add.at(matrix, (np.arange(out), first), weight_first)
    np.add.at(matrix, (np.arange(out), second), weight_second)
    return matrix


def _cubic_matrix(size: int, out: int, scale_factor: float | None, align_corners: bool,
                  dtype: np.dtype) -> np.ndarray:
    """Row ``d`` weighs the four inputs around source position ``x`` (as for ``linear``, without
    the clamp at 0) by Keys' cubic convolution with ``A = -0.75``, torch's: with ``t`` the
    fraction of ``x``, the weights of ``floor(x) - 1 .. floor(x) + 2`` are ``k2(t + 1), k1(t),
    k1(1 - t), k2(2 - t)``; taps past either end read the end (their weights added to it)."""
    a = dtype.type(-0.75)
    sources = _sources(size, out, scale_factor, align_corners, dtype)
    floor = np.floor(sources)
    t = (sources - floor).astype(dtype)

    def near(x: np.ndarray) -> np.ndarray:  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x: np.ndarray) -> np.ndarray:  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    one = dtype.type(1)
    weights = (far(t + one), near(t), near(one - t), far((one - t) + one))
    matrix = np.zeros((out, size), dtype=dtype)
    rows = np.arange(out)
    for offset, weight in zip((-1, 0, 1, 2), weights):
        taps = np.clip(floor.astype(np.int64) + offset, 0, size - 1)
        np.add.at(matrix, (rows, taps), weight.astype(dtype))
    return matrix


_MODE_DIMS = {"linear": 3, "bilinear": 4, "trilinear": 5}


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Resize the spatial dims of ``(N, C, L)`` or ``(N, C, H, W)`` to ``size``, or by
    ``scale_factor``: ``mode`` ``'nearest'``, ``'nearest-exact'``, ``'area'``, ``'linear'`` (3-d
    input), ``'bilinear'`` or ``'bicubic'`` (4-d), with ``align_corners`` for the last three."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dims = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    scale_factors = None
    if size is not None:
        if isinstance(size, list | tuple):
            if len(size) != dims:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input.shape[2:])} and output size of "
                    f"{size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                    "output size in (o1, o2, ...,oK) format.")
            outs = [int(n) for n in size]
        else:
            outs = [int(size)] * dims
    elif scale_factor is not None:
        if isinstance(scale_factor, list | tuple):
            if len(scale_factor) != dims:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {list(input.shape[2:])} and "
                    f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, C, "
                    "d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
            scale_factors = [float(s) for s in scale_factor]
        else:
            scale_factors = [float(scale_factor)] * dims
        outs = [math.floor(input.shape[2 + i] * scale_factors[i]) for i in range(dims)]
        if recompute_scale_factor:
            scale_factors = None
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias:
        raise NotImplementedError("autograd_lab's interpolate has no antialias")
    needed = _MODE_DIMS.get(mode)
    if needed is not None and input.ndim != needed:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {needed}D input")
    if mode == "bicubic" and input.ndim != 4:
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the "
            "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            "nearest-exact (got bicubic)")
    if mode == "area" and input.ndim in (3, 4):  # torch's own: the adaptive average pool
        from . import functional as F

        pool = F.adaptive_avg_pool1d if input.ndim == 3 else F.adaptive_avg_pool2d
        return pool(input, outs)
    if mode not in _RESIZES or input.ndim not in (3, 4):
        raise NotImplementedError(
            f"autograd_lab's interpolate supports the modes nearest, nearest-exact, linear, "
            f"bilinear, bicubic and area on 3-d and 4-d inputs, not {mode!r} on a "
            f"{input.ndim}-d input")
    dtype = np.dtype(np.float64 if input._data.dtype == np.float64 else np.float32)
    sizes = input.shape[2:]
    per_dim = [None if scale_factors is None else scale_factors[i] for i in range(dims)]
    if mode in ("nearest", "nearest-exact"):  # (torch picks nearest sources in float32 always)
        matrices = tuple(_nearest_matrix(sizes[i], outs[i], per_dim[i], np.dtype(np.float32),
                                         exact=mode == "nearest-exact") for i in range(dims))
    else:
        weights = _cubic_matrix if mode == "bicubic" else _linear_matrix
        matrices = tuple(weights(sizes[i], outs[i], per_dim[i], align_corners, dtype)
                         for i in range(dims))
    from_sizes(*matrices)
    return _RESIZES[mode][dims].apply(input, matrices=matrices)


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
             align_corners: bool | None = None) -> Tensor:
    """``interpolate`` under its old name."""
    return interpolate(input, size, scale_factor, mode, align_corners)
