"""Helpers that backward formulas share. Each works on numpy arrays and, under ``create_graph``, on
tensors, so a formula written with them can be differentiated again."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["sum_to_shape", "expand_to", "where", "reduced_shape", "normalize_dims", "scatter_add"]


def sum_to_shape(grad: Any, shape: tuple[int, ...]) -> Any:
    """Undo broadcasting: sum ``grad`` over the dims that broadcasting added or stretched, so it has
    the input's ``shape`` again. This is the one place the library does it (``Op`` calls it for ops
    marked ``broadcasts = True``)."""
    if grad.shape == shape:
        return grad
    leading = grad.ndim - len(shape)
    axes = tuple(range(leading)) + tuple(
        leading + i for i, n in enumerate(shape) if n == 1 and grad.shape[leading + i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    if leading:
        grad = grad.reshape(shape)
    return grad


def expand_to(grad: Any, shape: tuple[int, ...]) -> Any:
    """Broadcast ``grad`` to ``shape`` (the backward of a reduction)."""
    if isinstance(grad, np.ndarray | np.generic):  # numpy gives scalars for 0-d results
        return np.broadcast_to(grad, shape)
    return grad.expand(shape)


def where(condition: Any, x: Any, y: Any) -> Any:
    """``np.where`` that records a graph when ``x`` or ``y`` is a tensor."""
    if isinstance(x, np.ndarray | np.generic | int | float) and isinstance(
            y, np.ndarray | np.generic | int | float):  # np.generic: numpy's scalars for 0-d results
        return np.where(condition, x, y)
    from .elementwise import where as tensor_where

    return tensor_where(condition, x, y)


def reduced_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` with the reduced ``dims`` kept as size 1 (what ``keepdim=True`` returns)."""
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def normalize_dims(dim: Any, ndim: int) -> tuple[int, ...]:
    """``dim`` (None, an int, or a sequence, negatives allowed) as sorted non-negative dims, with
    torch's IndexError for a dim out of range."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    bound = max(ndim, 1)
    out = []
    for d in dims:
        if not -bound <= d < bound:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, "
                             f"{bound - 1}], but got {d})")
        out.append(d % bound)
    if len(set(out)) != len(out):
        raise RuntimeError(f"dim {out[0]} appears multiple times in the list of dims")
    return tuple(sorted(out)) if ndim else ()


def scatter_add(grad: Any, key: tuple, shape: tuple[int, ...], unique: bool = False) -> Any:
    """Zeros of ``shape`` with ``grad`` added at the numpy index ``key`` (the backward of a gather:
    indexing, ``gather``, ``index_select``). Repeated positions accumulate (``np.add.at``);
    ``unique=True`` says none repeat (boolean masks), so a plain assignment does. Tensors go through
    the ``IndexPut`` op (accumulating), so the result can be differentiated again."""
    if isinstance(grad, np.ndarray | np.generic):
        out = np.zeros(shape, dtype=grad.dtype)
        if unique:
            out[key] = grad
        else:
            np.add.at(out, key, grad)
        return out
    from .indexing import scatter_add_tensor

    return scatter_add_tensor(grad, key, shape)
