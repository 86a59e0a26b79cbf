"""``torch.linalg``: norms, products, the inverse and the determinant.

``vector_norm``, ``matrix_norm`` and ``norm`` are built on the vector norm op (``LinalgVectorNormBackward0``,
as torch records the Frobenius norm too) and, for the matrix norms of order 1 and inf, on
``amax``/``amin`` as torch builds them. Norms that need singular values (``ord=2``, ``-2``,
``'nuc'``) are refused: autograd_lab has no singular value decomposition.
"""

from __future__ import annotations

import math
from typing import Any

from .ops.linalg import _LinAlgError as LinAlgError
from .ops.linalg import cross as _cross
from .ops.linalg import det, inv, matmul, vdot
from .ops.reductions import norm as _vector_norm
from .tensor import Tensor

__all__ = ["vector_norm", "matrix_norm", "norm", "cross", "vecdot", "matmul", "inv", "det",
           "LinAlgError"]


def vector_norm(x: Tensor, ord: Any = 2, dim: Any = None, keepdim: bool = False, *,
                dtype: Any = None) -> Tensor:
    """The ``ord``-norm of ``x`` seen as a vector (over ``dim``, all dims by default)."""
    if isinstance(ord, str):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not {type(ord).__name__}")
    return _vector_norm(x, ord, dim, keepdim, dtype)


def matrix_norm(A: Tensor, ord: Any = "fro", dim: tuple[int, int] = (-2, -1), keepdim: bool = False,
                *, dtype: Any = None) -> Tensor:
    """The matrix norm of each matrix (over the two dims ``dim``): ``'fro'`` (Frobenius), or the
    largest column (``ord=1``) or row (``ord=inf``) absolute sum, ``-1``/``-inf`` the smallest."""
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    rows, columns = (d % A.dim() for d in dim)
    if ord == "fro":
        return _vector_norm(A, 2, (rows, columns), keepdim, dtype)
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(f"linalg.matrix_norm(ord={ord!r}) needs singular values, which "
                                  "autograd_lab does not compute")
    if ord not in (1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    summed, reduced = (rows, columns) if abs(ord) == 1 else (columns, rows)
    sums = _vector_norm(A, 1, summed, keepdim, dtype)  # the absolute sums, as torch computes them
    if not keepdim and reduced > summed:
        reduced -= 1
    return sums.amax(dim=reduced, keepdim=keepdim) if ord > 0 else sums.amin(dim=reduced,
                                                                            keepdim=keepdim)


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *,
         dtype: Any = None) -> Tensor:
    """A vector norm (``dim`` an int, or ``A`` 1-d) or a matrix norm (``dim`` a pair, or ``A`` 2-d
    with an ``ord``); without ``ord`` and ``dim``, the 2-norm of all of ``A``."""
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        if dim is not None and len(dim) == 2:
            return matrix_norm(A, "fro", tuple(dim), keepdim, dtype=dtype)
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A.dim() not in (1, 2):
            raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be 1D "
                               f"or 2D. Got {A.dim()}D.")
        dim = tuple(range(A.dim()))
    if len(dim) == 2:
        return matrix_norm(A, ord, tuple(dim), keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """The dot product of ``x`` and ``y`` along ``dim`` (broadcasting the other dims)."""
    if x.dim() == 1 and y.dim() == 1:
        return vdot(x, y)
    return (x * y).sum(dim=dim)


def cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (the last by default)."""
    return _cross(input, other, dim)
