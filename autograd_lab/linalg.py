"""``torch.linalg``: norms, products, the inverse and the determinant, solvers and the
decompositions (Cholesky, QR, eigh, SVD) with their gradients.

``vector_norm``, ``matrix_norm`` and ``norm`` are built on the vector norm op (``LinalgVectorNormBackward0``,
as torch records the Frobenius norm too) and, for the matrix norms of order 1 and inf, on
``amax``/``amin`` as torch builds them; the norms from singular values (``ord=2``, ``-2``,
``'nuc'``) on ``svdvals``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .ops.elementwise import where as _where
from .ops.linalg import _LinAlgError as LinAlgError
from .ops.linalg import cross as _cross
from .ops.linalg import (
    det,
    eigh,
    eigvalsh,
    inv,
    lstsq,
    matmul,
    matrix_exp,
    matrix_power,
    matrix_rank,
    pinv,
    solve,
    svdvals,
    vdot,
)
from .ops.linalg import linalg_cholesky as cholesky
from .ops.linalg import linalg_qr as qr
from .ops.linalg import linalg_slogdet as slogdet
from .ops.linalg import linalg_svd as svd
from .ops.reductions import norm as _vector_norm
from .tensor import Tensor

__all__ = ["vector_norm", "matrix_norm", "norm", "cross", "vecdot", "matmul", "inv", "det",
           "LinAlgError", "solve", "cholesky", "qr", "eigh", "eigvalsh", "svd", "svdvals", "slogdet",
           "pinv", "matrix_power", "matrix_rank", "lstsq", "matrix_exp", "cond"]


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
        return _spectral_norm(A, ord, rows, columns, keepdim, dtype)
    if ord not in (1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    summed, reduced = (rows, columns) if abs(ord) == 1 else (columns, rows)
    sums = _vector_norm(A, 1, summed, keepdim, dtype)  # the absolute sums, as torch computes them
    if not keepdim and reduced > summed:
        reduced -= 1
    return sums.amax(dim=reduced, keepdim=keepdim) if ord > 0 else sums.amin(dim=reduced,
                                                                            keepdim=keepdim)


def _spectral_norm(A: Tensor, ord: Any, rows: int, columns: int, keepdim: bool,
                   dtype: Any) -> Tensor:
    """The norms from the singular values, as torch builds them: the two dims moved last, then the
    sum (``'nuc'``), the largest (2) or the smallest (-2) of ``svdvals``."""
    if dtype is not None:
        A = A.to(dtype)
    order = [d for d in range(A.dim()) if d not in (rows, columns)] + [rows, columns]
    values = svdvals(A.permute(order))
    if ord == "nuc":
        result = values.sum(-1, keepdim=keepdim)
    else:
        result = values.amax(-1, keepdim=keepdim) if ord == 2 else values.amin(-1, keepdim=keepdim)
    if keepdim:
        reverse = [order.index(d) for d in range(A.dim())]
        result = result.unsqueeze(-1).permute(reverse)
    return result


def cond(A: Tensor, p: Any = None) -> Tensor:
    """The condition number of each matrix in the norm ``p``: ``None``/2 (largest over smallest
    singular value), -2 (the reverse) and ``'nuc'`` from ``svdvals``; ``'fro'``, ``inf``, ``-inf``,
    1 and -1 as ``matrix_norm(A, p) * matrix_norm(inv(A), p)``, ``inf`` for a singular matrix.
    Composed as torch composes it (its nodes: ``SqueezeBackward1`` over the division of singular
    values; ``NanToNumBackward0`` over the product of the two norms)."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_cond(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A.dim() < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p is None or (not isinstance(p, str | bool) and p in (2, -2)):
        values = svdvals(A)
        largest, smallest = values.narrow(-1, 0, 1), values.narrow(-1, -1, 1)
        ratio = largest / smallest if p in (None, 2) else smallest / largest
        return ratio.squeeze(-1)
    if p == "nuc":
        values = svdvals(A)
        return values.sum(-1) * values.reciprocal().sum(-1)
    if isinstance(p, bool) or p not in ("fro", 1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    rows, columns = A.shape[-2], A.shape[-1]
    if rows != columns:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but they "
                           f"are {rows} by {columns} matrices")
    inverse, singular = _inverse_or_infinite(A)
    inverse.masked_fill_(singular, math.inf)
    result = matrix_norm(A, p) * matrix_norm(inverse, p)
    # 0 * inf (a zero matrix) is nan: torch makes it inf, as numpy does
    return result.nan_to_num_(math.inf, math.inf, -math.inf)


def _inverse_or_infinite(A: Tensor) -> tuple[Tensor, Tensor]:
    """``inv(A)`` (torch's ``linalg.inv_ex``) and the mask, of ``A``'s shape, of the singular
    matrices (whose inverse stands in as the identity's, to be filled with ``inf``)."""
    data = A._data
    try:
        return inv(A), Tensor._make(np.zeros(data.shape, dtype=bool))
    except RuntimeError:
        pass
    flat = data.reshape(-1, *data.shape[-2:])
    singular = np.array([np.linalg.matrix_rank(m) < m.shape[-1] if np.isfinite(m).all() else False
                         for m in flat]).reshape(data.shape[:-2])
    mask = np.broadcast_to(singular[..., None, None], data.shape)
    safe = _where(Tensor._make(mask), Tensor._make(np.broadcast_to(np.eye(data.shape[-1],
                                                                          dtype=data.dtype),
                                                                   data.shape).copy()), A)
    return inv(safe), Tensor._make(mask.copy())


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
