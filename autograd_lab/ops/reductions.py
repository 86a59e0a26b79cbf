"""Reductions: ``sum``, ``mean`` (and, with the op library, ``prod``, ``max``, ``var`` ...).

``dim`` may be None (everything), an int or a tuple, negatives allowed; ``keepdim`` keeps reduced
dims as size 1. Backward formulas broadcast the gradient back over the reduced dims.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtypes import int64
from ..autograd.op import Op
from ..tensor import Tensor
from ._grad import expand_to, normalize_dims, reduced_shape

__all__ = ["sum", "mean"]


class _Reduction(Op):
    """Shared bookkeeping: which dims were reduced and the shapes backward needs."""

    __slots__ = ("dim", "keepdim", "self_sym_sizes", "_kept_shape")

    def _remember(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool) -> None:
        self.dim = dims
        self.keepdim = keepdim
        self.self_sym_sizes = a.shape
        self._kept_shape = reduced_shape(a.shape, dims)

    def _spread(self, grad: Any) -> Any:
        """The output gradient copied back over every reduced element."""
        if not self.keepdim:
            grad = grad.reshape(self._kept_shape)
        return expand_to(grad, self.self_sym_sizes)


class Sum(_Reduction):
    """Sum of all elements.

    Backward:  grad_self = grad broadcast to self's shape (every element gets the same gradient)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False,
                out_dtype: Any = None) -> np.ndarray:
        self._remember(a, dims, keepdim)
        return np.asarray(a.sum(axis=dims, keepdims=keepdim, dtype=out_dtype))

    def backward(self, grad: Any) -> Any:
        return self._spread(grad)


class SumDim(Sum, torch_name="Sum", overload=1):
    """Sum over ``dim``.

    Backward:  grad_self = grad broadcast back over the summed dims
    """

    __slots__ = ()


class Mean(_Reduction):
    """Mean of all elements.

    Backward:  grad_self = grad / numel, broadcast to self's shape
    """

    __slots__ = ("self_sym_numel", "_count")

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False) -> np.ndarray:
        self._remember(a, dims, keepdim)
        self.self_sym_numel = a.size
        count = 1
        for d in dims:
            count *= a.shape[d]
        self._count = count
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(a.mean(axis=dims, keepdims=keepdim))

    def backward(self, grad: Any) -> Any:
        return self._spread(grad / self._count)


class MeanDim(Mean, torch_name="Mean", overload=1):
    """Mean over ``dim``.

    Backward:  grad_self = grad / (number of elements averaged), broadcast back over ``dim``
    """

    __slots__ = ()


def _dim_args(dim: Any, keepdim: bool, axis: Any, keepdims: bool | None) -> tuple[Any, bool]:
    """torch accepts numpy's ``axis``/``keepdims`` spellings too."""
    if axis is not None:
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    return dim, keepdim


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
        axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Sum over all elements, or over ``dim`` (int or tuple)."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    dims = normalize_dims(dim, input._data.ndim)
    out_dtype = dtype.numpy if dtype is not None else (
        int64.numpy if input._data.dtype.kind in "biu" else None)
    op = Sum if dim is None else SumDim
    return op.apply(input, dims=dims, keepdim=keepdim, out_dtype=out_dtype)


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Mean over all elements, or over ``dim`` (int or tuple). Floating-point tensors only."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if dtype is not None:
        input = input.to(dtype)
    if input._data.dtype.kind != "f":
        name = {"int64": "Long", "bool": "Bool"}.get(input._data.dtype.name, "Long")
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or "
            f"complex dtype. Got: {name}")
    dims = normalize_dims(dim, input._data.ndim)
    op = Mean if dim is None else MeanDim
    return op.apply(input, dims=dims, keepdim=keepdim)
