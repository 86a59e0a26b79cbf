"""``torch.linalg``: norms, products, the inverse and the determinant, solvers and the
decompositions (Cholesky, QR, eigh, SVD) with their gradients, and ``eig``/``eigvals`` (complex
results, not differentiated).

``vector_norm``, ``matrix_norm`` and ``norm`` are built on the vector norm op (``LinalgVectorNormBackward0``,
as torch records the Frobenius norm too) and, for the matrix norms of order 1 and inf, on
``amax``/``amin`` as torch builds them; the norms from singular values (``ord=2``, ``-2``,
``'nuc'``) on ``svdvals``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._dtypes import cpp_type_name as _cpp_type_name
from ._dtypes import type_name as _type_name
from ._out import store_out as _store_out
from .autograd.complex_mode import refuse_complex as _refuse_complex
from .ops.elementwise import where as _where
from .ops.linalg import _LinAlgError as LinAlgError
from .ops.linalg import cross as _cross
from .ops.linalg import (
    det,
    eig,
    eigh,
    eigvals,
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
from .ops.linalg import mm as _mm
from .ops.reductions import cumprod as _cumprod
from .ops.reductions import norm as _vector_norm
from .ops.shape import cat as _cat
from .ops.shape import diagonal as _diagonal
from .tensor import Tensor

__all__ = ["vector_norm", "matrix_norm", "norm", "cross", "vecdot", "matmul", "inv", "det",
           "LinAlgError", "solve", "cholesky", "qr", "eig", "eigvals", "eigh",
           "eigvalsh", "svd", "svdvals", "slogdet",
           "pinv", "matrix_power", "matrix_rank", "lstsq", "matrix_exp", "cond", "multi_dot",
           "vander", "diagonal"]


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
    _refuse_complex("linalg.matrix_norm", A)
    if not A.is_floating_point():
        raise RuntimeError("linalg.matrix_norm: Expected a floating point or complex tensor as input. "
                           f"Got {_type_name(A._data.dtype)}")
    dim = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dim))}")
    if dim[0] == dim[1]:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got {dim}")
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


def diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """The diagonal ``offset`` of each matrix of ``A`` (the last two dims by default): a view."""
    return _diagonal(A, offset, dim1, dim2)


def vander(x: Tensor, *, N: int | None = None) -> Tensor:
    """The Vandermonde matrix of ``x``: columns ``x**0, x**1, ..., x**(N-1)`` (``N`` defaults to
    ``x``'s length), built as torch builds it: a running product of ``x`` repeated ``N - 1`` times,
    after a column of ones (so integers give int64, as ``cumprod``)."""
    if x._data.dtype.kind not in "fiuV":
        raise RuntimeError("linalg.vander supports floating point, complex, and integer tensors, "
                           f"but got {x.dtype.type_name}")
    column = x.unsqueeze(-1) if x.dim() == 0 else x
    n = column.shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    powers = _cumprod(column.unsqueeze(-1).expand(*column.shape, n - 1), -1)
    return _cat([powers.new_ones(*column.shape, 1), powers], -1)


def multi_dot(tensors: Any, *, out: Tensor | None = None) -> Tensor:
    """The product of a chain of matrices, in the order that costs fewest multiplications (torch's
    choice, so its rounding). The first may be a row vector and the last a column vector (1-D)."""
    count = len(tensors)
    if count < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {count}")
    first, last = tensors[0], tensors[-1]
    matrices = list(tensors)
    shape: list[int] = []  # the result's: the first's rows and the last's columns, where 2-D
    if first.dim() == 1:
        matrices[0] = first.unsqueeze(0)
    elif first.dim() == 2:
        shape.append(first.shape[0])
    else:
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.dim()}D")
    if last.dim() == 1:
        matrices[-1] = last.unsqueeze(-1)
    elif last.dim() == 2:
        shape.append(last.shape[1])
    else:
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.dim()}D")
    for index in range(1, count - 1):
        if tensors[index].dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {index} must be 2D but got "
                               f"{tensors[index].dim()}D")
    for index in range(1, count):
        if matrices[index].dtype is not matrices[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 "
                               f"is {_cpp_type_name(matrices[0].dtype)} and tensor {index} "
                               f"{_cpp_type_name(matrices[index].dtype)}")
        if matrices[index - 1].shape[-1] != matrices[index].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {index - 1} and {index} with shapes "
                               f"{list(tensors[index - 1].shape)} and {list(tensors[index].shape)} "
                               "cannot be multiplied")
    split = _chain_order([m.shape[0] for m in matrices] + [matrices[-1].shape[1]])
    if count == 3:  # torch decides three matrices by its own test, which breaks a tie the other way
        a, b, c, d = matrices[0].shape[0], matrices[1].shape[0], matrices[2].shape[0], \
            matrices[2].shape[1]
        split[0][2] = 0 if a * c * (b + d) > b * d * (a + c) else 1
    product = _chain_product(matrices, split, 0, count - 1)
    result = product.view(shape)
    if out is not None:
        _store_out("linalg_multi_dot", out, result)
        return out
    return result


def _chain_order(sizes: list[int]) -> list[list[int]]:
    """Where to split each run ``i..j`` of the chain of matrices ``sizes[k] x sizes[k + 1]``: the
    textbook dynamic program (Cormen et al., 15.2), ties to the first split, as torch's."""
    count = len(sizes) - 1
    cost = [[0] * count for _ in range(count)]
    split = [[0] * count for _ in range(count)]
    for length in range(1, count):
        for i in range(count - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                total = cost[i][k] + cost[k + 1][j] + sizes[i] * sizes[k + 1] * sizes[j + 1]
                if total < cost[i][j]:
                    cost[i][j], split[i][j] = total, k
    return split


def _chain_product(matrices: list[Tensor], split: list[list[int]], i: int, j: int) -> Tensor:
    if i == j:
        return matrices[i]
    k = split[i][j]
    return _mm(_chain_product(matrices, split, i, k), _chain_product(matrices, split, k + 1, j))
