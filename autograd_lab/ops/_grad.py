"""The small namespace backward rules are written against, beside operators and numpy's ufuncs.

A rule receives numpy arrays in a plain backward pass and tensors while the pass records a graph
(``create_graph=True``); operators and ufuncs (``np.cos``) work on both, since tensors implement
them. What numpy and tensors spell differently is here, once, so that no op has to ask which of the
two it was given: each helper below is the only place that does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_lab as _lab  # tensors' versions of these helpers are the library's own functions

__all__ = ["expand_to", "where", "cast", "cast_like", "transpose", "matrix_transpose", "permute", "cat",
           "stack", "take", "put",
           "reduced_shape", "normalize_dims", "scatter_add", "products_of_others", "zeros", "zeros_like",
           "is_array", "take_along", "treat_as_array", "unsqueeze", "tril", "triu", "eye"]

_ARRAY_TYPES: tuple[type, ...] = (np.ndarray, np.generic)


def is_array(value: Any) -> bool:
    """True for numpy values (arrays and numpy's scalars for 0-d results), False for tensors."""
    return isinstance(value, _ARRAY_TYPES)


def treat_as_array(kind: type) -> None:
    """Let rules take ``kind`` for a numpy array: the compiler's traced arrays, which record the numpy
    calls made on them (so the helpers below only use numpy calls such objects can follow: no
    ``np.asarray``, buffers made with ``np.zeros_like``)."""
    global _ARRAY_TYPES
    if kind not in _ARRAY_TYPES:
        _ARRAY_TYPES = (*_ARRAY_TYPES, kind)


def expand_to(grad: Any, shape: tuple[int, ...]) -> Any:
    """Broadcast ``grad`` to ``shape`` (the backward of a reduction)."""
    if is_array(grad):
        return np.broadcast_to(grad, shape)
    return grad.expand(shape)


def where(condition: Any, x: Any, y: Any) -> Any:
    """``x`` where ``condition`` holds, else ``y``; either may be a number."""
    if not isinstance(x, _lab.Tensor) and not isinstance(y, _lab.Tensor):
        return np.where(condition, x, y)
    if isinstance(condition, np.generic):
        condition = np.asarray(condition)  # (a comparison of 0-d arrays gives a numpy scalar)
    return _lab.where(condition, x, y)


def zeros(shape: tuple[int, ...], like: Any) -> Any:
    """Zeros of ``shape`` in ``like``'s dtype, of ``like``'s kind (a constant: nothing recorded)."""
    if is_array(like):
        return np.zeros(shape, dtype=like.dtype)
    return _lab.zeros(shape, dtype=like.dtype)


def zeros_like(value: Any) -> Any:
    """Zeros of ``value``'s shape and dtype: torch's ``zeros_like(grad)``, the gradient of an input
    a formula depends on only through where it is zero or not (0 even where ``grad`` is inf)."""
    return zeros(value.shape, like=value)


def cast(value: Any, dtype: np.dtype) -> Any:
    """``value`` converted to the numpy ``dtype`` (a recorded conversion for a tensor)."""
    if is_array(value):
        return _lab._dtypes.converted(value, dtype, copy=False)  # (bfloat16 as torch rounds it)
    return value.to(_lab._dtypes.as_dtype(np.dtype(dtype)))


def cast_like(value: Any, like: Any) -> Any:
    """``value`` converted to the dtype of ``like`` (an array or a tensor)."""
    return cast(value, like.dtype if is_array(like) else like._data.dtype)


def transpose(value: Any) -> Any:
    """The matrix transpose of a 2-d ``value`` (a vector or a scalar unchanged): ``x.t()``."""
    if is_array(value):
        return value.T
    return value.t()


def matrix_transpose(value: Any) -> Any:
    """Each matrix of a batch transposed (the last two dims swapped): ``x.mT``."""
    if is_array(value):
        return np.swapaxes(value, -1, -2)
    return value.transpose(-2, -1)


def eye(n: int, like: Any, m: int | None = None) -> np.ndarray:
    """The ``n`` x ``m`` identity (square by default) in ``like``'s dtype: a constant numpy array
    either way."""
    return np.eye(n, m, dtype=like.dtype if is_array(like) else like._data.dtype)


def tril(value: Any, diagonal: int = 0) -> Any:
    """Each matrix of a batch with the elements above its ``diagonal``-th diagonal zeroed."""
    if is_array(value):
        return np.tril(value, diagonal)
    return value.tril(diagonal)


def triu(value: Any, diagonal: int = 0) -> Any:
    """Each matrix of a batch with the elements below its ``diagonal``-th diagonal zeroed."""
    if is_array(value):
        return np.triu(value, diagonal)
    return value.triu(diagonal)


def permute(value: Any, dims: tuple[int, ...]) -> Any:
    """``value`` with its dims reordered: dim ``i`` of the result is dim ``dims[i]`` of ``value``."""
    if is_array(value):
        return value.transpose(dims)
    return value.permute(dims)


def unsqueeze(value: Any, dim: int) -> Any:
    """``value`` with a size-1 dim inserted at ``dim`` (negative counts from the end)."""
    if is_array(value):
        return np.expand_dims(value, dim)
    return value.unsqueeze(dim)


def cat(parts: list, dim: int) -> Any:
    """``parts`` joined along ``dim`` (the backward of ``split``)."""
    if all(is_array(part) for part in parts):
        return np.concatenate(parts, axis=dim)
    return _lab.cat([_as_tensor(part) for part in parts], dim)


def stack(parts: list, dim: int) -> Any:
    """``parts`` stacked along a new dim ``dim`` (the backward of ``unbind``)."""
    if all(is_array(part) for part in parts):
        return np.stack(parts, axis=dim)
    return _lab.stack([_as_tensor(part) for part in parts], dim)


def _as_tensor(value: Any) -> Any:
    return value if isinstance(value, _lab.Tensor) else _lab.Tensor._make(np.asarray(value))


def take(value: Any, key: Any) -> Any:
    """``value[key]`` read as torch reads a key (ints, slices, None, ``...``, index arrays, masks:
    ``ops/indexing.py``), where numpy would read some keys differently."""
    if not is_array(value):
        return value[key]
    key_plan = _lab.ops.indexing.plan(key, value.shape)
    picked = key_plan.view(value)
    return picked if key_plan.advanced is None else picked[key_plan.advanced]


def take_along(value: Any, indices: np.ndarray, dim: int) -> Any:
    """The elements of ``value`` at the positions ``indices`` (an int64 array with ``value``'s
    number of dims) along ``dim``: ``value.gather(dim, indices)`` (``max(dim)``'s tangent)."""
    if is_array(value):
        return np.take_along_axis(np.asarray(value), indices, axis=dim)
    return _lab.gather(value, dim, _lab.Tensor._make(indices))


def put(value: Any, key: Any, values: Any) -> Any:
    """A copy of ``value`` with ``values`` written at ``key`` (read as ``take`` reads it)."""
    if is_array(value) and not isinstance(values, _lab.Tensor):
        # a 0-d gradient can come as a numpy scalar (one element read out of a flat gradient):
        # its copy would be a scalar too, which the write below cannot change
        out = np.array(value) if isinstance(value, np.generic) else value.copy()
        key_plan = _lab.ops.indexing.plan(key, out.shape)
        target = key_plan.view(out)
        if key_plan.advanced is None:
            target[...] = values
        else:
            target[key_plan.advanced] = values
        return out
    return _lab.ops.indexing.put_key(_as_tensor(value), key, values)


def masked_fill(value: Any, mask: Any, fill: Any) -> Any:
    """A copy of ``value`` with ``fill`` (one value) wherever ``mask`` holds."""
    if is_array(value) and not isinstance(fill, _lab.Tensor):
        return np.where(mask, fill, value)
    return _lab.masked_fill(_as_tensor(value), _as_tensor(mask), fill)


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


def products_of_others(a: Any, dims: tuple[int, ...]) -> Any:
    """For each element of ``a``, the product of the other elements reduced with it over ``dims``
    (``prod``'s gradient where ``a`` has zeros, so that ``result / a`` would divide by zero),
    computed without dividing, so zeros are exact. Arrays: the running product of the elements
    before each one times that of the elements after it (torch's ``prod_safe_zeros_backward``).
    Tensors have no running product: the row products of a matrix whose row k holds the elements
    with the k-th replaced by 1, recorded so that it can be differentiated again."""
    kept = [d for d in range(a.ndim) if d not in dims]
    order = kept + list(dims)
    outer = [a.shape[d] for d in kept]
    reduced = [a.shape[d] for d in dims]
    count = 1
    for n in reduced:
        count *= n
    rows = permute(a, tuple(order)).reshape((*outer, count))  # reduced elements along the last dim
    if is_array(rows):
        ones = np.ones((*outer, 1), dtype=rows.dtype)
        before = np.cumprod(np.concatenate([ones, rows[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, rows[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        others = before * after
    else:
        matrix = rows.reshape((*outer, 1, count)).expand((*outer, count, count))
        others = _lab.prod(where(np.eye(count, dtype=bool), 1, matrix), -1)
    inverse = tuple(order.index(d) for d in range(a.ndim))
    return permute(others.reshape((*outer, *reduced)), inverse)


def scatter_add(grad: Any, key: tuple, shape: tuple[int, ...], unique: bool = False) -> Any:
    """Zeros of ``shape`` with ``grad`` added at the numpy index ``key`` (the backward of a gather:
    indexing, ``gather``, ``index_select``). Repeated positions accumulate (``np.add.at``);
    ``unique=True`` says none repeat (boolean masks), so a plain assignment does. Tensors go through
    the ``IndexPut`` op (accumulating), so the result can be differentiated again."""
    if is_array(grad):
        out = np.zeros_like(grad, shape=shape)
        if unique:
            out[key] = grad
        else:
            np.add.at(out, key, grad)
        return out
    return _lab.ops.indexing.scatter_add_tensor(grad, key, shape)
