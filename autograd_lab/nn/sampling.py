"""``F.affine_grid`` and ``F.grid_sample``: spatial transformers' sampling, as torch computes it on
the CPU for 2-D images (4-D inputs).

``affine_grid(theta, (N, C, H, W))`` maps a base grid of normalized ``(x, y, 1)`` points (``x`` and
``y`` from -1 to 1 across the width and height; with ``align_corners=False`` the pixel centres,
``(2 i + 1) / size - 1``) by each batch element's 2x3 matrix: ``grid[n, h, w] = theta[n] @ (x_w,
y_h, 1)``. ``grid_sample(input, grid)`` reads ``input`` at those points, each normalized coordinate
turned into a pixel position (``align_corners``: -1 and 1 are the corner pixels' centres; else the
image's outer edges), by bilinear interpolation of the four pixels around it or by the nearest
pixel; points outside read zeros (``padding_mode='zeros'``) or are clamped to the image
(``'border'``).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._stack import outside_the_library
from ..autograd.op import Op
from ..ops._grad import is_array, matrix_transpose
from ..ops.linalg import bmm
from ..tensor import Tensor
from ._tracing import from_sizes

__all__ = ["affine_grid", "grid_sample"]

_ALIGN_CORNERS_CHANGED = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
    "Please specify align_corners=True if the old behavior is desired. See the documentation of "
    "grid_sample for details.")


def _base_coordinates(steps: int, align_corners: bool, dtype: np.dtype) -> np.ndarray:
    """torch's ``linspace_from_neg_one``: ``steps`` points from -1 to 1 (scaled by
    ``(steps - 1) / steps`` without ``align_corners``: the pixel centres); one point is 0."""
    if steps <= 1:
        return np.zeros(1, dtype=dtype)
    points = np.linspace(-1, 1, steps, dtype=dtype)
    if not align_corners:
        points = points * dtype.type((steps - 1) / steps)
    return points


class AffineGridGenerator(Op):
    """The sampling grid of a batch of 2x3 affine matrices: ``grid[n, h, w] = theta[n] @ b[h, w]``
    for the base points ``b[h, w] = (x_w, y_h, 1)`` (``B``: all of them, one row per point).

    Backward:  grad_theta = (B^T @ grad.view(N, H * W, 2))^T   (torch's composite: a bmm, then a
               transpose)
    Forward:   result_t = the grid of theta_t
    """

    __slots__ = ("base",)

    def forward(self, theta: np.ndarray, base: np.ndarray) -> np.ndarray:
        self.base = base  # (H, W, 3)
        return np.einsum("hwk,njk->nhwj", base, theta).astype(theta.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        n, h, w, _ = grad.shape
        points = np.ascontiguousarray(
            np.broadcast_to(self.base.reshape(h * w, 3).T, (n, 3, h * w))).astype(
            self.base.dtype, copy=False)
        flat = grad.reshape(n, h * w, 2)
        if is_array(flat):
            return matrix_transpose(points @ flat)
        from_sizes(points)
        return matrix_transpose(bmm(Tensor._make(points), flat))

    def jvp(self, theta_t: Any) -> Any:
        return AffineGridGenerator.apply(theta_t, base=self.base)


def affine_grid(theta: Tensor, size: Any, align_corners: bool | None = None) -> Tensor:
    """The ``(N, H, W, 2)`` grid of normalized sampling points that the 2x3 matrices ``theta``
    ``(N, 2, 3)`` make of an output of ``size`` ``(N, C, H, W)``, for ``grid_sample``."""
    if align_corners is None:
        warnings.warn(_ALIGN_CORNERS_CHANGED, UserWarning, stacklevel=outside_the_library())
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = tuple(size)
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                             f"{size}. Got {theta.shape}.")
    elif len(size) == 5:
        raise NotImplementedError("autograd_lab: affine_grid makes 2-D grids (a 4-D size) only; "
                                  "3-D affine grids (a 5-D size) are not supported")
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine "
                                  f"transforms, respectively. Got size {size}.")
    if align_corners and min(size[-2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids "
                      "when align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", UserWarning,
                      stacklevel=outside_the_library())
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if theta.shape[0] != size[0]:  # (torch's batched product of the base grid and theta says so)
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, 3] but got: [{theta.shape[0]}, 3].")
    dtype = theta._data.dtype
    height, width = size[2], size[3]
    base = np.empty((height, width, 3), dtype=dtype)
    base[..., 0] = _base_coordinates(width, align_corners, dtype)[None, :]
    base[..., 1] = _base_coordinates(height, align_corners, dtype)[:, None]
    base[..., 2] = 1
    from_sizes(base)
    return AffineGridGenerator.apply(theta, base=base)


# -- grid_sample -----------------------------------------------------------------------------------


def _pixel_positions(coordinates: np.ndarray, size: int, align_corners: bool,
                     border: bool) -> tuple[np.ndarray, np.ndarray]:
    """Normalized coordinates as pixel positions (clamped to the image for ``border``), and the
    derivative of each position by its coordinate (0 where the clamp holds it). As torch's CPU
    kernel: ``(c + 1) * scale`` (less a half pixel without ``align_corners``), one rounding of the
    scale, so a point lands on the same side of a pixel boundary as in torch."""
    dtype = coordinates.dtype
    if align_corners:
        scale = dtype.type((size - 1) / 2)
        positions = (coordinates + 1) * scale
    else:
        scale = dtype.type(size / 2)
        positions = (coordinates + 1) * scale - dtype.type(0.5)
    slope = np.full(positions.shape, scale, dtype=positions.dtype)
    if border:
        inside = (positions > 0) & (positions < size - 1)
        slope = np.where(inside, slope, 0).astype(positions.dtype)
        positions = np.clip(positions, 0, size - 1).astype(positions.dtype)
    return positions, slope


class _Sampling:
    """Where one grid reads its input: the pixels each point draws on, their weights, and which of
    them lie inside the image."""

    def __init__(self, input: np.ndarray, grid: np.ndarray, nearest: bool, border: bool,
                 align_corners: bool) -> None:
        _, _, self.height, self.width = input.shape
        self.x, self.slope_x = _pixel_positions(grid[..., 0], self.width, align_corners, border)
        self.y, self.slope_y = _pixel_positions(grid[..., 1], self.height, align_corners, border)
        self.batch = np.arange(input.shape[0])[:, None, None]
        if nearest:  # (rounded half to even, as torch's nearbyint)
            self.corners = [(np.rint(self.x).astype(np.int64), np.rint(self.y).astype(np.int64))]
            self.weights = [np.ones_like(self.x)]
            return
        west, north = np.floor(self.x), np.floor(self.y)
        east, south = west + 1, north + 1
        self.west, self.north, self.east, self.south = west, north, east, south
        self.corners = [(west.astype(np.int64), north.astype(np.int64)),
                        (east.astype(np.int64), north.astype(np.int64)),
                        (west.astype(np.int64), south.astype(np.int64)),
                        (east.astype(np.int64), south.astype(np.int64))]
        self.weights = [(east - self.x) * (south - self.y), (self.x - west) * (south - self.y),
                        (east - self.x) * (self.y - north), (self.x - west) * (self.y - north)]

    def inside(self, corner: tuple[np.ndarray, np.ndarray]) -> tuple:
        """Whether each point's ``corner`` pixel is in the image, and its indices (clamped)."""
        column, row = corner
        valid = (column >= 0) & (column < self.width) & (row >= 0) & (row < self.height)
        return valid, np.clip(column, 0, self.width - 1), np.clip(row, 0, self.height - 1)

    def values(self, input: np.ndarray) -> list[np.ndarray]:
        """The input's values at each corner, ``(N, C, Ho, Wo)``, zero outside the image."""
        result = []
        for corner in self.corners:
            valid, column, row = self.inside(corner)
            read = np.moveaxis(input[self.batch, :, row, column], -1, 1)
            result.append(np.where(valid[:, None], read, 0).astype(input.dtype, copy=False))
        return result


class GridSampler2D(Op):
    """``input`` (N, C, H, W) read at the points of ``grid`` (N, Ho, Wo, 2): out[n, c, i, j] =
    sum over the corner pixels p around the point (x, y) = grid[n, i, j] (as pixel positions) of
    w_p * input[n, c, p]; bilinear weights ``w = (1 - |x - p_x|) (1 - |y - p_y|)`` or the nearest
    pixel, pixels outside the image reading 0 (or the point clamped to the image: border).

    Backward:  grad_input[n, c, p] += w_p * grad   (at each point's corner pixels)
               grad_grid[.., 0] = dx/dgrid_x * sum_c grad * sum_p input[p] dw_p/dx   (likewise y;
               0 for nearest, and where border clamps) -- the node GridSampler2DBackward
    """

    __slots__ = ("mode", "border", "align_corners")

    @classmethod
    def aten_name(cls) -> str:
        return "grid_sampler_2d"

    def forward(self, input: np.ndarray, grid: np.ndarray, mode: str, border: bool,
                align_corners: bool) -> np.ndarray:
        self.mode, self.border, self.align_corners = mode, border, align_corners
        self.save_for_backward(input, grid)
        sampling = _Sampling(input, grid, mode == "nearest", border, align_corners)
        out = np.zeros((*input.shape[:2], *grid.shape[1:3]), dtype=input.dtype)
        for value, weight in zip(sampling.values(input), sampling.weights):
            out += value * weight[:, None]
        return out

    def backward(self, grad: Any) -> tuple:
        input, grid = self.saved_tensors
        return GridSampler2DBackward.apply(grad, input, grid, mode=self.mode, border=self.border,
                                           align_corners=self.align_corners)


class GridSampler2DBackward(Op, grad_fn_name="GridSampler2DBackwardBackward0"):
    """grid_sample's backward as an op (torch's ``grid_sampler_2d_backward``): the gradients of the
    input and of the grid from the output's gradient ``g`` (see ``GridSampler2DBackward0``).
    autograd_lab defines no derivative of it (torch does: a second derivative through
    grid_sample is an error here).

    Backward:  raises NotImplementedError (not implemented here)
    """

    __slots__ = ()
    num_outputs = 2  # (grad_input, grad_grid)

    @classmethod
    def aten_name(cls) -> str:
        return "grid_sampler_2d_backward"

    def forward(self, g: np.ndarray, input: np.ndarray, grid: np.ndarray, mode: str, border: bool,
                align_corners: bool) -> tuple:
        sampling = _Sampling(input, grid, mode == "nearest", border, align_corners)
        n, c, h, w = input.shape
        by_pixel = np.zeros((n, h, w, c), dtype=input.dtype)  # (channels last: one row a pixel)
        for corner, weight in zip(sampling.corners, sampling.weights):
            valid, column, row = sampling.inside(corner)
            share = np.moveaxis(g * (weight * valid)[:, None], 1, -1)
            np.add.at(by_pixel, (sampling.batch, row, column), share)
        grad_input = np.ascontiguousarray(np.moveaxis(by_pixel, -1, 1))
        grad_grid = np.zeros_like(grid)
        if mode != "nearest":
            nw, ne, sw, se = sampling.values(input)
            x, y = sampling.x[:, None], sampling.y[:, None]
            west, north = sampling.west[:, None], sampling.north[:, None]
            east, south = sampling.east[:, None], sampling.south[:, None]
            along_x = (ne - nw) * (south - y) + (se - sw) * (y - north)
            along_y = (sw - nw) * (east - x) + (se - ne) * (x - west)
            grad_grid[..., 0] = (g * along_x).sum(axis=1) * sampling.slope_x
            grad_grid[..., 1] = (g * along_y).sum(axis=1) * sampling.slope_y
        return grad_input, grad_grid

    def backward(self, *grads: Any) -> Any:
        raise NotImplementedError("autograd_lab: the derivative of grid_sample's backward "
                                  "(grid_sampler_2d_backward) is not implemented")


def _scalar_name(tensor: Tensor) -> str:
    """torch's C++ name of a tensor's dtype in its messages (``Float``, ``Double``)."""
    return tensor.type().removeprefix("torch.").removesuffix("Tensor")


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",
                align_corners: bool | None = None) -> Tensor:
    """``input`` (N, C, H, W) read at the normalized points of ``grid`` (N, Ho, Wo, 2), ``(x, y)``
    from -1 to 1 across the width and height: ``(N, C, Ho, Wo)``."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' "
                         f"or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_CORNERS_CHANGED, UserWarning, stacklevel=outside_the_library())
        align_corners = False
    if input.dtype != grid.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input)} but found "
                           f"{_scalar_name(grid)}")
    input_sizes, grid_sizes = list(input.shape), list(grid.shape)
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but "
                           f"got input with sizes {input_sizes} and grid with sizes {grid_sizes}")
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.dim() - 2} in last "
                           f"dimension, but got grid with sizes {grid_sizes}")
    for axis in range(2, input.dim()):
        if input.shape[axis] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial "
                               f"dimensions, but input has sizes {input_sizes} with dimension "
                               f"{axis} being empty")
    rank = 4 if input.dim() == 4 else 5  # (torch samples a 4-D input in 2-D, any other in 3-D)
    if input.dim() != rank or grid.dim() != rank:
        raise RuntimeError(f"grid_sampler(): expected {rank}D input and grid with same number of "
                           f"dimensions, but got input with sizes {input_sizes} and grid with "
                           f"sizes {grid_sizes}")
    if rank == 5:
        raise NotImplementedError("autograd_lab: grid_sample reads 4-D inputs (2-D images) only; "
                                  "5-D inputs are not supported")
    if mode == "bicubic" or padding_mode == "reflection":
        raise NotImplementedError(f"autograd_lab: grid_sample supports modes 'bilinear' and "
                                  f"'nearest' with padding 'zeros' or 'border', not mode='{mode}', "
                                  f"padding_mode='{padding_mode}'")
    return GridSampler2D.apply(input, grid, mode=mode, border=padding_mode == "border",
                               align_corners=bool(align_corners))
