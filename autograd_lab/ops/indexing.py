"""Indexing: ``x[key]``, ``x[key] = value``, ``gather``, ``index_select``, ``masked_fill``.

``x[key]`` follows torch step by step, so the graph has torch's nodes: each int selects
(``SelectBackward0``), each slice slices (``SliceBackward0``), each ``None`` inserts a dim
(``UnsqueezeBackward0``); these are views sharing memory with ``x``. What remains, integer or boolean
tensors and lists (advanced indexing), is gathered in one copy (``IndexBackward0``). A key that does
nothing (``x[...]``) gives an alias (``AliasBackward0``).

``x[key] = value`` writes in place (``Tensor.__setitem__``); the gradient flows to the old ``x``
(zero where it was overwritten) and to ``value`` (the gradient of the overwritten part, summed back to
``value``'s shape). torch names the node ``CopySlices`` for basic keys and ``IndexPutBackward0`` for
advanced ones.

The backward of a gather is a scatter-add: ``ops._grad.scatter_add`` (``np.add.at`` on arrays, the
``IndexPut`` op with ``accumulate=True`` on tensors, so second derivatives work). The backward of
``x[i]`` and ``x[a:b]`` are ops of their own, as in torch (``SelectBackward``, ``SliceBackward``:
their nodes appear when a second derivative is recorded). Every backward formula serves a plain
pass (numpy arrays) and ``create_graph=True`` (tensors): where numpy reads a key otherwise than
torch, the helpers ``ops._grad.take`` and ``ops._grad.put`` read it as torch does.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .._arguments import argument_error, is_number, type_name
from .._dtypes import checked_number_array, converted, cpp_type_name, number_array
from .._dtypes import type_name as dtype_name
from ..autograd import grad_mode
from ..autograd.function import _broadcasts_to
from ..autograd.messages import invalid_gradient_shape
from ..autograd.meta import refuse_without_values
from ..autograd.op import Op, broadcast_error, sum_to_shape
from ..autograd.record import derived, note, watching
from ..tensor import Tensor
from ._args import constant, is_operand
from ._grad import cast, is_array, where, zeros
from ._grad import put as grad_put
from ._grad import scatter_add as grad_scatter_add
from ._grad import take as grad_take
from .shape import _vector, expand, meshgrid, normalize_dim, reshape, shares_version, stack, unsqueeze, view
from .views import LEAF_VIEW_MESSAGE

__all__ = ["index_put", "gather", "index_select", "masked_fill", "narrow", "select", "masked_select",
           "nonzero", "argwhere", "masked_scatter", "take_along_dim", "scatter", "scatter_add",
           "scatter_reduce", "index_add", "index_copy", "index_fill", "searchsorted", "bucketize",
           "take", "put", "tensor_split", "hsplit", "vsplit", "dsplit", "combinations"]

_FULL = slice(None)
# type tuples built once (``A | B`` would build a union object on every isinstance call)
_INDEX_TYPES = (Tensor, np.ndarray, list, range, tuple)  # (a range or a tuple inside the key: a list)
_BOOLS = (bool, np.bool_)
_INTS = (int, np.integer)
_SEQUENCE_PARTS = (list, tuple, range, slice, Tensor, np.ndarray)


# -- the key, decoded the way torch decodes it ------------------------------------------------------


class KeyPlan:
    """What a key does to a tensor: basic steps applied one after the other (each a view), then an
    optional advanced index (a numpy key over the result of the steps). A plan is never changed
    once made (a fast path may hand the same plan out again for the same key and shape)."""

    __slots__ = ("steps", "advanced", "unique", "numpy_key")

    _plan_kernel: Any = None
    """A fast path that may answer ``plan`` (``autograd_lab/fast_paths.py``), or None."""
    _view_kernel: Any = None
    """A fast path that may make ``getitem``'s views of a basic key at once, or None."""

    def __init__(self) -> None:
        self.steps: list[tuple] = []  # ("select", dim, i) | ("slice", dim, slice) | ("unsqueeze", dim)
        self.advanced: tuple | None = None
        self.unique = False  # advanced index from boolean masks only: no element repeats
        # one numpy key giving the steps' view at once, when a fast path knows it (keys of ints)
        self.numpy_key: tuple | None = None

    def view(self, array: np.ndarray) -> np.ndarray:
        """The steps applied to an array (a numpy view of it)."""
        if self.numpy_key is not None:
            return array[self.numpy_key]
        for step in self.steps:
            array = _STEP[step[0]](array, *step[1:])
        return array

    @property
    def basic_only(self) -> bool:
        return self.advanced is None

    @property
    def advanced_only(self) -> bool:
        return not self.steps and self.advanced is not None


def _select_array(array: np.ndarray, dim: int, index: int) -> np.ndarray:
    return array[(_FULL,) * dim + (index, Ellipsis)]


def _slice_array(array: np.ndarray, dim: int, piece: slice) -> np.ndarray:
    return array[(_FULL,) * dim + (piece,)]


def _unsqueeze_array(array: np.ndarray, dim: int) -> np.ndarray:
    return np.expand_dims(array, dim)


_STEP = {"select": _select_array, "slice": _slice_array, "unsqueeze": _unsqueeze_array}


SEQUENCE_KEY_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
    "pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as "
    "tensor index, x[torch.tensor(seq)], which will result either in an error or a different result")


def _sequence_key(key: Any) -> Any:
    """torch reads a list holding lists, slices, None, ``...`` or tensors as a tuple of indices
    (with a deprecation warning); any other list is one integer or boolean index."""
    if type(key) is list and any(isinstance(item, _SEQUENCE_PARTS) or item is None
                                 or item is Ellipsis for item in key):
        warnings.warn(SEQUENCE_KEY_WARNING, UserWarning, stacklevel=4)
        return tuple(key)
    return key


def _is_index_tensor(item: Any) -> bool:
    return isinstance(item, _INDEX_TYPES)


UINT8_INDEX_WARNING = ("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                       "torch.bool instead.")


def _is_byte_mask(item: Any) -> bool:
    """A uint8 tensor index is a mask, as a bool one is (deprecated in torch, still honoured)."""
    return isinstance(item, Tensor) and item._data.dtype == np.uint8


def _as_index_array(item: Any) -> np.ndarray:
    """An advanced index (tensor, list, array) as a numpy array, with torch's dtype check (a uint8
    tensor becomes the bool mask torch reads it as)."""
    if _is_byte_mask(item):
        if item._data.ndim:  # (torch warns of a mask, not of a 0-d one)
            warnings.warn(UINT8_INDEX_WARNING, UserWarning, stacklevel=5)
        return item._data.astype(np.bool_)
    array = item._data if isinstance(item, Tensor) else np.asarray(item)
    if isinstance(item, Tensor) and array.dtype in (np.int8, np.int16):
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if watching.count and isinstance(item, (list, range)):
        note("constant", array)  # (Python's own numbers: a constant for a compiler's tracer)
    if array.dtype.kind == "f" or (array.size == 0 and isinstance(item, list)):
        if array.size == 0 and isinstance(item, list):
            return array.astype(np.int64)
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if array.dtype.kind not in "biu":
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return array


def _as_int(item: Any) -> int | None:
    """An int index (Python int, numpy integer, 0-d integer tensor), or None."""
    if isinstance(item, _BOOLS):
        return None
    if isinstance(item, _INTS):
        return int(item)
    if isinstance(item, Tensor) and item._data.ndim == 0 and item._data.dtype.kind in "iu" and (
            not _is_byte_mask(item)):
        return int(item._data)
    return None


def _consumed(item: Any) -> int:
    """How many dims of the tensor one element of a key uses up."""
    if item is None or item is Ellipsis or isinstance(item, _BOOLS):
        return 0
    if _is_index_tensor(item):
        array = item._data if isinstance(item, Tensor) else np.asarray(item)
        return array.ndim if array.dtype == np.bool_ or _is_byte_mask(item) else 1
    return 1


def plan(key: Any, shape: tuple[int, ...]) -> KeyPlan:
    """Decode ``key`` for a tensor of ``shape`` into a :class:`KeyPlan`, raising torch's errors."""
    kernel = KeyPlan._plan_kernel
    if kernel is not None:
        found = kernel(key, shape)
        if found is not None:
            return found
    return decode_key(key, shape)


def decode_key(key: Any, shape: tuple[int, ...]) -> KeyPlan:
    """``plan``'s work: read ``key`` item by item against ``shape``."""
    single = not isinstance(key, tuple)
    items = (key,) if single else key
    ndim = len(shape)
    used = sum(_consumed(item) for item in items)
    if used > ndim:
        if ndim == 0 and single and isinstance(key, (int, np.integer)):
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        if ndim == 0 and single and isinstance(key, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result = KeyPlan()
    current = list(shape)  # the shape after the steps so far
    advanced: dict[int, np.ndarray] = {}
    masks_only = True
    dim = 0
    for position, item in enumerate(items):
        integer = _as_int(item)
        if integer is not None:
            size = current[dim]
            if not -size <= integer < size:
                # torch names the position in the key, not the dim of the view
                raise IndexError(f"index {integer} is out of bounds for dimension {position} with "
                                 f"size {size}")
            result.steps.append(("select", dim, integer % size))
            del current[dim]
        elif isinstance(item, slice):
            start, stop, step = item.indices(current[dim])
            if item.step is not None and item.step <= 0:
                raise ValueError("step must be greater than zero")
            # torch skips a slice that is visibly everything (on the raw bounds), inside a tuple
            whole = item.start in (None, 0) and item.step in (None, 1) and (
                item.stop is None or item.stop >= current[dim])
            if single or not whole:
                piece = slice(start, max(stop, start), step)
                result.steps.append(("slice", dim, piece))
                current[dim] = len(range(start, max(stop, start), step))
            dim += 1
        elif item is None:
            result.steps.append(("unsqueeze", dim))
            current.insert(dim, 1)
            dim += 1
        elif item is Ellipsis:
            dim += ndim - used
            used = ndim  # a second Ellipsis adds nothing
        elif isinstance(item, _BOOLS):
            result.steps.append(("unsqueeze", dim))
            current.insert(dim, 1)
            advanced[dim] = np.flatnonzero([bool(item)])
            dim += 1
        elif _is_index_tensor(item):
            array = _as_index_array(item)
            if array.dtype == np.bool_:
                refuse_without_values("index", item)  # (the mask's True count: a value)
                if array.ndim == 0:  # a 0-d bool tensor acts like True/False
                    result.steps.append(("unsqueeze", dim))
                    current.insert(dim, 1)
                    advanced[dim] = np.flatnonzero(array.reshape(1))
                    dim += 1
                    continue
                _check_mask(array, current, dim)
                for offset, positions in enumerate(np.nonzero(array)):
                    advanced[dim + offset] = positions
                dim += array.ndim
            else:
                masks_only = False
                size = current[dim]
                high, low = (int(array.max()), int(array.min())) if array.size else (0, 0)
                if high >= size or low < -size:
                    bad = high if high >= size else low
                    # torch counts the dimension among the index tensors, not the view's dims
                    raise IndexError(f"index {bad} is out of bounds for dimension {len(advanced)} "
                                     f"with size {size}")
                advanced[dim] = array
                dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                             f"Variables are valid indices (got {type(item).__name__})")
    if advanced:
        arrays = list(advanced.values())
        shapes = {a.shape for a in arrays}
        try:
            if len(shapes) > 1:
                np.broadcast_shapes(*shapes)
        except ValueError:
            listed = ", ".join(str(list(a.shape)) for a in arrays)
            raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together "
                             f"with shapes {listed}") from None
        last = max(advanced)
        result.advanced = tuple(advanced.get(d, _FULL) for d in range(last + 1))
        result.unique = masks_only
    return result


def _check_mask(mask: np.ndarray, shape: list[int], dim: int) -> None:
    for offset, size in enumerate(mask.shape):
        if dim + offset >= len(shape) or shape[dim + offset] != size:
            raise IndexError(
                f"The shape of the mask {list(mask.shape)} at index {offset} does not match the "
                f"shape of the indexed tensor {shape} at index {dim + offset}")


# -- views: select, slice, alias -------------------------------------------------------------------


class Select(Op):
    """``x[i]`` along one dim: that dim removed, memory shared.

    Backward:  grad_self = zeros(self.shape) with grad written at [..., index, ...]   (SelectBackward)
    Forward:   result_t = self_t.select(dim, index)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("self_sym_sizes", "dim", "index")

    def forward(self, a: np.ndarray, dim: int, index: int) -> np.ndarray:
        self.self_sym_sizes, self.dim, self.index = a.shape, dim, index
        return _select_array(a, dim, index)

    def backward(self, grad: Any) -> Any:
        return SelectBackward.apply(grad, input_sizes=self.self_sym_sizes, dim=self.dim,
                                    index=self.index)

    def jvp(self, self_t: Any) -> Any:
        return Select.apply(self_t, dim=self.dim, index=self.index)


class SelectBackward(Op, grad_fn_name="SelectBackwardBackward0"):
    """``x[i]``'s backward as an op: zeros of ``x``'s shape with the gradient ``g`` written at
    ``index`` along ``dim`` (what a second derivative through ``x[i]`` differentiates).

    Backward:  grad_g = grad.select(dim, index)
    Forward:   result_t = zeros(input_sizes) with g_t written at [..., index, ...]   (it is linear)
    """

    __slots__ = ("input_sizes", "dim", "index")

    def forward(self, g: np.ndarray, input_sizes: tuple[int, ...], dim: int,
                index: int) -> np.ndarray:
        self.input_sizes, self.dim, self.index = input_sizes, dim, index
        out = np.zeros(input_sizes, dtype=g.dtype)
        _select_array(out, dim, index)[...] = g
        return out

    def backward(self, grad: Any) -> Any:
        return Select.apply(grad, dim=self.dim, index=self.index)

    def jvp(self, g_t: Any) -> Any:
        return SelectBackward.apply(g_t, input_sizes=self.input_sizes, dim=self.dim,
                                    index=self.index)


class Slice(Op):
    """``x[start:stop:step]`` along one dim, memory shared.

    Backward:  grad_self = zeros(self.shape) with grad written at [..., start:stop:step, ...]
               (SliceBackward)
    Forward:   result_t = self_t[..., start:stop:step, ...]
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("self_sym_sizes", "dim", "start", "end", "step")

    def forward(self, a: np.ndarray, dim: int, piece: slice) -> np.ndarray:
        self.self_sym_sizes, self.dim = a.shape, dim
        self.start, self.end, self.step = piece.start, piece.stop, piece.step
        return _slice_array(a, dim, piece)

    def backward(self, grad: Any) -> Any:
        return SliceBackward.apply(grad, input_sizes=self.self_sym_sizes, dim=self.dim,
                                   start=self.start, end=self.end, step=self.step)

    def jvp(self, self_t: Any) -> Any:
        return Slice.apply(self_t, dim=self.dim, piece=slice(self.start, self.end, self.step))


class SliceBackward(Op, grad_fn_name="SliceBackwardBackward0"):
    """``x[start:stop:step]``'s backward as an op: zeros of ``x``'s shape with the gradient ``g``
    written at ``start:stop:step`` along ``dim``.

    Backward:  grad_g = grad[..., start:stop:step, ...]   (the slice along dim)
    Forward:   result_t = zeros(input_sizes) with g_t written at [..., start:stop:step, ...]
    """

    __slots__ = ("input_sizes", "dim", "start", "end", "step")

    def forward(self, g: np.ndarray, input_sizes: tuple[int, ...], dim: int, start: int, end: int,
                step: int) -> np.ndarray:
        self.input_sizes, self.dim = input_sizes, dim
        self.start, self.end, self.step = start, end, step
        out = np.zeros(input_sizes, dtype=g.dtype)
        _slice_array(out, dim, slice(start, end, step))[...] = g
        return out

    def backward(self, grad: Any) -> Any:
        return Slice.apply(grad, dim=self.dim, piece=slice(self.start, self.end, self.step))

    def jvp(self, g_t: Any) -> Any:
        return SliceBackward.apply(g_t, input_sizes=self.input_sizes, dim=self.dim,
                                   start=self.start, end=self.end, step=self.step)


class Alias(Op):
    """``x[...]``: the same tensor under another name, memory shared.

    Backward:  grad_self = grad
    Forward:   result_t = self_t[...]
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.view()

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t[...]


# -- advanced indexing: a gather, and its scatter ---------------------------------------------------


class Index(Op):
    """``x[indices]`` with integer or boolean tensors: the picked elements, copied.

    Backward:  grad_self = zeros(self.shape), with grad added at indices (repeats accumulate)
    Forward:   result_t = self_t[indices]
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("self_sym_sizes", "indices", "_unique")

    def forward(self, a: np.ndarray, key: tuple, unique: bool = False) -> np.ndarray:
        self.self_sym_sizes, self.indices, self._unique = a.shape, key, unique
        return a[key]

    def backward(self, grad: Any) -> Any:
        return grad_scatter_add(grad, self.indices, self.self_sym_sizes, unique=self._unique)

    def jvp(self, self_t: Any) -> Any:
        return Index.apply(self_t, key=self.indices, unique=self._unique)


class IndexPut(Op):
    """``x[indices] = values`` out of place (or ``+=`` with ``accumulate``): a copy of ``x`` with
    ``values`` (broadcast) written at the indices.

    Backward:  grad_self = grad with zeros at indices (grad itself if accumulate),
               grad_values = grad[indices] summed back to values' shape
    Forward:   result_t = index_put(self_t, indices, values_t, accumulate)   (it is linear)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("indices", "accumulate", "_values_shape", "_values_dtype")

    def forward(self, a: np.ndarray, values: np.ndarray, key: tuple,
                accumulate: bool = False) -> np.ndarray:
        self.indices, self.accumulate = key, accumulate
        self._values_shape, self._values_dtype = values.shape, values.dtype
        out = a.copy()
        values = converted(values, a.dtype, copy=False)
        try:
            if accumulate:
                np.add.at(out, key, values)
            else:
                out[key] = values
        except ValueError:
            raise RuntimeError(
                f"shape mismatch: value tensor of shape {list(values.shape)} cannot be broadcast "
                f"to indexing result of shape {list(a[key].shape)}") from None
        return out

    def backward(self, grad: Any) -> tuple:
        wanted_self, wanted_values = self.needs_input_grad
        grad_self = grad_values = None
        if wanted_self:
            grad_self = grad if self.accumulate else grad_put(grad, self.indices, 0)
        if wanted_values:
            grad_values = _gradient_of_values(grad[self.indices], self._values_shape,
                                              self._values_dtype)
        return grad_self, grad_values

    def jvp(self, self_t: Any, values_t: Any) -> Any:
        return IndexPut.apply(self_t, values_t, key=self.indices, accumulate=self.accumulate)


class CopySlices(Op, grad_fn_name="CopySlices"):
    """``x[key] = value`` for a key with basic parts (ints, slices, None): the value written into a
    view of (a copy of) ``x``.

    Backward:  grad_self = grad with zeros at key,  grad_value = grad[key] summed back to value's shape
    Forward:   result_t = self_t with value_t written at key   (it is linear)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("_plan", "_key", "_values_shape", "_values_dtype")

    def forward(self, a: np.ndarray, values: np.ndarray, key: Any, key_plan: KeyPlan) -> np.ndarray:
        self._plan, self._key = key_plan, key
        self._values_shape, self._values_dtype = values.shape, values.dtype
        out = a.copy()
        target = key_plan.view(out)
        values = converted(values, a.dtype, copy=False)  # (as torch rounds: see ``converted``)
        if key_plan.advanced is None:
            target[...] = values  # index_put expanded values to the target's shape
        else:
            try:
                target[key_plan.advanced] = values
            except ValueError:
                raise RuntimeError(
                    f"shape mismatch: value tensor of shape {list(values.shape)} cannot be "
                    f"broadcast to indexing result of shape "
                    f"{list(target[key_plan.advanced].shape)}") from None
        return out

    def backward(self, grad: Any) -> tuple:
        wanted_self, wanted_values = self.needs_input_grad
        grad_self = grad_put(grad, self._key, 0) if wanted_self else None
        grad_values = None
        if wanted_values:
            grad_values = _gradient_of_values(grad_take(grad, self._key), self._values_shape,
                                              self._values_dtype)
        return grad_self, grad_values

    def jvp(self, self_t: Any, values_t: Any) -> Any:
        return CopySlices.apply(self_t, values_t, key=self._key, key_plan=self._plan)

    def name(self) -> str:
        return "torch::autograd::CopySlices"  # torch's name() for this C++ node


def _gradient_of_values(picked: Any, shape: tuple[int, ...], dt: np.dtype) -> Any:
    """The gradient of the written part, summed back to the values' shape (and dtype)."""
    return cast(sum_to_shape(picked, shape), dt)


def scatter_add_tensor(grad: Tensor, key: tuple, shape: tuple[int, ...]) -> Tensor:
    """Zeros of ``shape`` with the tensor ``grad`` added at ``key``, recorded (``IndexPut``)."""
    zeros = Tensor._make(np.zeros(shape, dtype=grad._data.dtype))
    return IndexPut.apply(zeros, grad, key=key, accumulate=True)


# -- the functions users call ----------------------------------------------------------------------


def getitem(input: Tensor, key: Any) -> Tensor:
    """``input[key]`` with torch's semantics (see the module docstring)."""
    key = _sequence_key(key)
    key_plan = plan(key, input._data.shape)
    if KeyPlan._view_kernel is not None and key_plan.advanced is None:
        out = KeyPlan._view_kernel(input, key_plan)
        if out is not None:
            return out
    out = input
    for step in key_plan.steps:
        kind = step[0]
        if kind == "select":
            out = shares_version(Select.apply(out, dim=step[1], index=step[2]), input)
        elif kind == "slice":
            out = shares_version(Slice.apply(out, dim=step[1], piece=step[2]), input)
        else:
            out = unsqueeze(out, step[1])
    if key_plan.advanced is not None:
        return Index.apply(out, key=key_plan.advanced, unique=key_plan.unique)
    if out is input:
        return shares_version(Alias.apply(input), input)
    return out


# (Tensor.__getitem__ tries the kernel fast_paths.py may register here before calling getitem)
getitem._int_key_kernel = None  # type: ignore[attr-defined]


def index_put(input: Tensor, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
    """``torch.index_put``: a copy of ``input`` with ``values`` written at ``input[indices]``
    (``indices`` a tuple of index tensors, one per leading dim), or added there with ``accumulate``
    (repeated indices adding up)."""
    check_index_put("index_put", indices, values, accumulate, first_position=2)
    return put_key(input, tuple(indices), values, accumulate)


def check_index_put(name: str, indices: Any, values: Any, accumulate: Any,
                    first_position: int) -> None:
    """torch's TypeErrors for ``index_put``'s arguments (``first_position``: where ``indices`` is,
    2 for the function, 1 for the methods)."""
    if not isinstance(indices, tuple | list):
        raise TypeError(f"{name}(): argument 'indices' (position {first_position}) must be tuple of "
                        f"Tensors, not {type_name(indices)}")
    for position, index in enumerate(indices):
        if not isinstance(index, Tensor):
            raise TypeError(f"expected Tensor as element {position} in argument "
                            f"{first_position - 1}, but got {type_name(index)}")
    if not isinstance(values, Tensor):
        raise TypeError(f"{name}(): argument 'values' (position {first_position + 1}) must be "
                        f"Tensor, not {type_name(values)}")
    if not isinstance(accumulate, bool):
        raise TypeError(f"{name}(): argument 'accumulate' must be bool, not {type_name(accumulate)}")


def put_key(input: Tensor, key: Any, value: Any, accumulate: bool = False) -> Tensor:
    """A copy of ``input`` with ``value`` written at ``key`` (what ``input[key] = value`` stores;
    ``Tensor.__setitem__`` writes it back in place). With ``accumulate``, values are added instead,
    repeated indices adding up (advanced keys)."""
    if not isinstance(value, Tensor):
        value = constant(value, input.dtype)
    if key is True:
        key = None  # torch writes into x.unsqueeze(0), as for x[None] = v
    key_plan = plan(key, input._data.shape)
    if _is_whole(key, key_plan, input._data.shape):
        # x[...] = v, x[:] = v: torch copies into x itself (no view): fill_ or copy_
        value = _broadcast_value(value, input._data.shape)
        if value._data.ndim == 0:
            return FillTensor.apply(input, value)
        from .arithmetic import copy_from

        return copy_from(input, value)
    if key_plan.basic_only:
        value = _broadcast_value(value, key_plan.view(input._data).shape)
    else:
        if value._data.dtype != input._data.dtype and not _fills_by_mask(key, input, value):
            raise RuntimeError(
                "Index put requires the source and destination dtypes match, got "
                f"{dtype_name(input._data.dtype)} for the destination and "
                f"{dtype_name(value._data.dtype)} for the source.")
        value = _without_leading_ones(value)
        if key_plan.advanced_only:
            return IndexPut.apply(input, value, key=key_plan.advanced, accumulate=accumulate)
    return CopySlices.apply(input, value, key=key, key_plan=key_plan)


def _fills_by_mask(key: Any, input: Tensor, value: Tensor) -> bool:
    """``x[mask] = v`` with a mask of x's shape and one value: torch runs ``masked_fill_``, which
    converts the value (any other advanced write needs the dtypes to match)."""
    return (isinstance(key, Tensor) and key._data.dtype in (np.bool_, np.uint8)
            and key._data.shape == input._data.shape and value._data.size == 1)


def _broadcast_value(value: Tensor, target: tuple[int, ...]) -> Tensor:
    """torch's ``copy_to`` for a basic key: a value of the target's shape, or a 0-d one, is written
    as it is; any other loses its leading 1-dims through a view, then is expanded."""
    shape = value._data.shape
    if shape == target or not shape:
        return value
    value = view(value, shape[_leading_ones(shape):])
    return value if value._data.shape == target else expand(value, target)


def setitem(input: Tensor, key: Any, value: Any) -> None:
    """``input[key] = value`` in place (``Tensor.__setitem__``). For torch, a basic key writes
    through a view of ``input``, an advanced one writes into ``input`` itself: that decides which
    error a leaf that requires grad gives."""
    if not (isinstance(value, Tensor) or is_number(value)):
        raise TypeError(f"can't assign a {type_name(value)} to a {input.type()}")
    if not isinstance(value, Tensor):  # (torch's overflow error, not a wrapped value)
        checked_number_array(value, input._data.dtype, half=False)
    key = _sequence_key(key)
    if key is False:
        return  # torch writes nothing (and counts no version) for x[False] = v
    if input.grad_fn is None and input._requires_grad and grad_mode.state.enabled:
        key_plan = plan(key, input._data.shape)
        if not (key_plan.advanced_only or _is_whole(key, key_plan, input._data.shape)):
            raise RuntimeError(LEAF_VIEW_MESSAGE)
    input._inplace(put_key, key, value)


def _is_whole(key: Any, key_plan: KeyPlan, shape: tuple[int, ...]) -> bool:
    """Whether ``x[key] = v`` writes into all of ``x`` itself (``...``, ``()``, ``:``, ``(:, :)``):
    torch's slice shortcut judges a lone slice by its raw bounds."""
    if isinstance(key, slice):
        return bool(shape) and key.start in (None, 0) and key.step in (None, 1) and (
            key.stop is None or key.stop >= shape[0])
    return not key_plan.steps and key_plan.advanced is None


class FillTensor(Op, torch_name="Fill", overload=3):
    """``x[...] = value`` with a number or a 0-d tensor: every element set to ``value``.

    Backward:  grad_self = 0,  grad_value = grad.sum()
    Forward:   result_t = value_t everywhere
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, value: np.ndarray) -> np.ndarray:
        return np.full_like(a, value)

    def jvp(self, self_t: Any, value_t: Any) -> Any:
        return FillTensor.apply(self_t, value_t)

    def backward(self, grad: Any) -> tuple:
        return zeros(grad.shape, like=grad), grad.sum() if self.next_functions[1][0] is not None else None


def _without_leading_ones(value: Tensor) -> Tensor:
    """torch drops a value's leading size-1 dims before writing it (``x[0] = v[None]`` works), with
    a view (``ViewBackward0``)."""
    shape = value._data.shape
    leading = _leading_ones(shape)
    return reshape(value, shape[leading:]) if leading else value


def _leading_ones(shape: tuple[int, ...]) -> int:
    """How many size-1 dims ``shape`` starts with."""
    leading = 0
    while leading < len(shape) and shape[leading] == 1:
        leading += 1
    return leading


class Gather(Op):
    """``out[i][j][k] = self[index[i][j][k]][j][k]`` (for ``dim=0``): values picked along ``dim``.

    Backward:  grad_self = zeros(self.shape), with grad added back where each value came from
    Forward:   result_t = self_t.gather(dim, index)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("dim", "index", "self_sym_sizes", "_key")

    def forward(self, a: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        self.dim, self.index, self.self_sym_sizes = dim, index, a.shape
        self._key = _along(index, dim)
        return _nonempty(a)[self._key].reshape(index.shape)

    def backward(self, grad: Any) -> Any:
        summed = grad_scatter_add(_nonempty(grad), self._key, self.self_sym_sizes or (1,))
        return summed if self.self_sym_sizes else summed.reshape(())

    def jvp(self, self_t: Any) -> Any:
        return Gather.apply(self_t, dim=self.dim, index=self.index)


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """Pick values along ``dim`` at the positions in ``index`` (same number of dims as ``input``)."""
    positions = index._data
    if positions.dtype.kind not in "iu":
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    ndim = input._data.ndim
    axis = normalize_dim(dim, ndim)
    # (torch compares a 0-d input or index as 1-d of one element)
    shape, index_shape = input._data.shape or (1,), positions.shape or (1,)
    if len(index_shape) != len(shape):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(len(shape)):
        if d != axis and index_shape[d] > shape[d]:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(positions.shape)} to be "
                f"no larger than self {list(input._data.shape)} apart from dimension {axis}")
    if positions.size:
        bad = positions[(positions < 0) | (positions >= shape[axis])]
        if bad.size:
            raise RuntimeError(f"index {int(bad.flat[0])} is out of bounds for dimension {axis} with "
                               f"size {shape[axis]}")
    return Gather.apply(input, dim=axis, index=positions)


class Take(Op):
    """The elements of ``self`` read as a flat vector, at the positions ``index`` (the result has
    ``index``'s shape; a negative position counts from the end).

    Backward:  grad_self = zeros(self.numel()), with grad added back at index, in self's shape
    Forward:   result_t = self_t.take(index)
    """

    __slots__ = ("index", "self_sym_sizes")

    def forward(self, a: np.ndarray, index: np.ndarray) -> np.ndarray:
        self.index, self.self_sym_sizes = index, a.shape
        return a.reshape(-1)[index]

    def backward(self, grad: Any) -> Any:
        numel = int(np.prod(self.self_sym_sizes))
        return grad_scatter_add(grad, (self.index,), (numel,)).reshape(self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return Take.apply(self_t, index=self.index)


def take(input: Tensor, index: Tensor) -> Tensor:
    """The elements of ``input`` as if it were flattened, at the positions in ``index`` (negative
    positions count from the end); the result has ``index``'s shape."""
    if not (isinstance(input, Tensor) and isinstance(index, Tensor)):
        raise argument_error("take", (input, index))
    positions = index._data
    if positions.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got "
                           f"{dtype_name(positions.dtype)}")
    numel = input._data.size
    if numel == 0 and positions.size:
        raise IndexError("take(): tried to take from an empty tensor")
    bad = positions[(positions < -numel) | (positions >= numel)]
    if bad.size:
        raise IndexError(f"out of range: tried to access index {int(bad.flat[0])} on a tensor of "
                         f"{numel} elements.")
    return Take.apply(input, index=positions)


class Put(Op):
    """A copy of ``self`` with ``source``'s elements written (``accumulate``: added) at the flat
    positions ``index`` (``self`` read as a flat vector; a negative position counts from the end).

    Backward:  grad_self = grad with zeros written at index   (accumulate: grad)
               grad_source = grad.take(index), in source's shape
    Forward:   result_t = self_t.put(index, source_t, accumulate)
    """

    __slots__ = ("index", "accumulate", "source_shape")

    def forward(self, a: np.ndarray, source: np.ndarray, index: np.ndarray,
                accumulate: bool) -> np.ndarray:
        self.index, self.accumulate, self.source_shape = index, accumulate, source.shape
        out = np.array(a, order="C")  # (a copy whose flat view writes into it)
        if accumulate:
            np.add.at(out.reshape(-1), index.reshape(-1), source.reshape(-1))
        else:
            out.reshape(-1)[index.reshape(-1)] = source.reshape(-1)
        return out

    def backward(self, grad: Any) -> Any:
        grad_self = grad if self.accumulate else Put.apply(
            grad, zeros(self.source_shape, like=grad), index=self.index, accumulate=False)
        return grad_self, Take.apply(grad, index=self.index).reshape(self.source_shape)

    def jvp(self, self_t: Any, source_t: Any) -> Any:
        return Put.apply(self_t, source_t, index=self.index, accumulate=self.accumulate)


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """A copy of ``input`` with ``source``'s elements written at the positions ``index`` of
    ``input`` read as a flat vector (added there with ``accumulate``, repeated positions adding
    up; without it, the last write to a position wins)."""
    if not (isinstance(input, Tensor) and isinstance(index, Tensor) and isinstance(source, Tensor)):
        raise argument_error("put", (input, index, source, accumulate))
    positions = index._data
    if positions.dtype != np.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got "
                           f"{dtype_name(positions.dtype)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got "
                           f"self.dtype = {dtype_name(input._data.dtype)} and source.dtype = "
                           f"{dtype_name(source._data.dtype)}")
    if source._data.size != positions.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, "
                         f"but got source.numel() = {source._data.size}, index.numel() = "
                         f"{positions.size}")
    numel = input._data.size
    bad = positions[(positions < -numel) | (positions >= numel)]
    if bad.size:
        raise IndexError(f"out of range: tried to access index {int(bad.flat[0])} on a tensor of "
                         f"{numel} elements.")
    return Put.apply(input, source, index=positions, accumulate=bool(accumulate))


class IndexSelect(Op):
    """The slices at ``index`` (a vector) along ``dim``, copied.

    Backward:  grad_self = zeros(self.shape), with grad added back at index along dim
    Forward:   result_t = self_t.index_select(dim, index)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("dim", "index", "self_sym_sizes", "_key")

    def forward(self, a: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        self.dim, self.index, self.self_sym_sizes = dim, index, a.shape
        if a.ndim == 0:
            self._key = ()
            return a.copy()
        self._key = (_FULL,) * dim + (index,)
        return a[self._key]

    def backward(self, grad: Any) -> Any:
        if not self._key:
            return grad
        return grad_scatter_add(grad, self._key, self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return IndexSelect.apply(self_t, dim=self.dim, index=self.index)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of ``input`` along ``dim`` at the positions in the vector ``index`` (no negative
    positions: torch refuses them here)."""
    if not (isinstance(input, Tensor) and isinstance(index, Tensor)) or isinstance(dim, bool) or \
            not isinstance(dim, (int, np.integer)):
        raise argument_error("index_select", (input, dim, index))
    positions = index._data
    if positions.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if positions.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    ndim = input._data.ndim
    axis = normalize_dim(dim, ndim)
    size = input._data.shape[axis] if ndim else 1
    if positions.size and ((positions < 0) | (positions >= size)).any():
        # torch's CPU kernel words this three ways
        if size == 0 and ndim > 1:
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
        if axis == 1 and ndim > 1:
            bad = positions[(positions < 0) | (positions >= size)]
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={int(bad.flat[0])} "
                               f"axis_dim={size}")
        raise IndexError("index out of range in self")
    return IndexSelect.apply(input, dim=axis, index=positions.reshape(-1))


class MaskedFill(Op):
    """``value`` (a number) where ``mask`` is True, ``self`` elsewhere (``self`` broadcast against
    ``mask``).

    Backward:  grad_self = grad.masked_fill(mask, 0)
    Forward:   result_t = self_t.masked_fill(mask, 0)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("mask", "self_sym_sizes")
    broadcasts = True

    def forward(self, a: np.ndarray, mask: np.ndarray, value: Any) -> np.ndarray:
        self.mask, self.self_sym_sizes = mask, a.shape
        return np.where(mask, number_array(value, a.dtype), a)

    def backward(self, grad: Any) -> Any:
        return MaskedFill.apply(grad, mask=self.mask, value=0)

    def jvp(self, self_t: Any) -> Any:
        return MaskedFill.apply(self_t, mask=self.mask, value=0)


class MaskedFillTensor(Op, torch_name="MaskedFill", overload=1):
    """``value`` (a 0-d tensor) where ``mask`` is True, ``self`` elsewhere.

    Backward:  grad_self = grad.masked_fill(mask, 0),  grad_value = sum of grad where mask
    Forward:   result_t = self_t.masked_fill(mask, value_t)
    """

    __slots__ = ("mask", "self_sym_sizes")
    broadcasts = True

    def forward(self, a: np.ndarray, value: np.ndarray, mask: np.ndarray) -> np.ndarray:
        self.mask, self.self_sym_sizes = mask, a.shape
        return np.where(mask, converted(value, a.dtype), a)

    def backward(self, grad: Any) -> tuple:
        grad_self = MaskedFill.apply(grad, mask=self.mask, value=0)
        grad_value = where(self.mask, grad, 0).sum() if self.needs_input_grad[1] else None
        return grad_self, grad_value

    def jvp(self, self_t: Any, value_t: Any) -> Any:
        return MaskedFillTensor.apply(self_t, value_t, mask=self.mask)


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    """``value`` where ``mask`` (bool, broadcast against ``input``) is True, ``input`` elsewhere."""
    if not (isinstance(input, Tensor) and isinstance(mask, Tensor) and is_operand(value)):
        raise argument_error("masked_fill", (input, mask, value))
    flags = mask._data
    if flags.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{cpp_type_name(flags.dtype)}")
    try:
        np.broadcast_shapes(input._data.shape, flags.shape)
    except ValueError:
        raise broadcast_error(flags.shape, input._data.shape) from None
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value._data.ndim} dimension(s).")
        return MaskedFillTensor.apply(input, value, mask=flags)
    checked_number_array(value, input._data.dtype)  # (torch's overflow error, not a wrapped value)
    return MaskedFill.apply(input, mask=flags, value=value)


# -- narrow, select, masked_select, nonzero, take_along_dim -----------------------------------------


def narrow(input: Tensor, dim: int, start: Any, length: int) -> Tensor:
    """``length`` elements of ``input`` along ``dim`` from ``start`` (a view: ``SliceBackward0``)."""
    if isinstance(start, Tensor):
        start = int(start.item())
    ndim = input._data.ndim
    if ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    axis = normalize_dim(dim, ndim)
    size = input._data.shape[axis]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but "
                         f"got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return shares_version(Slice.apply(input, dim=axis, piece=slice(start, start + length, 1)), input)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """The slice at ``index`` along ``dim``, that dim removed (a view: ``x.select(0, i)`` is
    ``x[i]``)."""
    ndim = input._data.ndim
    if ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    axis = normalize_dim(dim, ndim)
    size = input._data.shape[axis]
    index = int(index)
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input._data.shape)} at dimension {axis}")
    return shares_version(Select.apply(input, dim=axis, index=index % size), input)


class MaskedSelect(Op):
    """The elements of ``self`` where ``mask`` is True (both broadcast), as a vector (a copy).

    Backward:  grad_self = zeros(broadcast shape).masked_scatter(mask, grad), summed to self.shape
    Forward:   result_t = self_t.masked_select(mask)
    """

    __slots__ = ("mask", "self_sym_sizes")

    def forward(self, a: np.ndarray, mask: np.ndarray) -> np.ndarray:
        self.mask, self.self_sym_sizes = mask, a.shape
        return np.broadcast_to(a, mask.shape)[mask]

    def backward(self, grad: Any) -> Any:
        # (the output is a vector, not the broadcast shape: the machinery's sum-back cannot tell)
        scattered = MaskedScatter.apply(zeros(self.mask.shape, like=grad), grad, mask=self.mask)
        return sum_to_shape(scattered, self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return MaskedSelect.apply(self_t, mask=self.mask)


class MaskedScatter(Op):
    """A copy of ``self`` with the first elements of ``source`` written, in order, where ``mask``
    is True (``self`` broadcast against ``mask``).

    Backward:  grad_self = grad.masked_fill(mask, 0),
               grad_source = grad.masked_select(mask), then zeros for the unused rest of source
    Forward:   result_t = self_t.masked_scatter(mask, source_t)
    """

    __slots__ = ("mask", "_source_shape")
    broadcasts = True

    def forward(self, a: np.ndarray, source: np.ndarray, mask: np.ndarray) -> np.ndarray:
        self.mask, self._source_shape = mask, source.shape
        out = np.array(np.broadcast_to(a, np.broadcast_shapes(a.shape, mask.shape)))
        picked = np.broadcast_to(mask, out.shape)
        out[picked] = source.reshape(-1)[:int(picked.sum())]
        return out

    def backward(self, grad: Any) -> tuple:
        grad_source = None
        if self.needs_input_grad[1]:
            picked = MaskedSelect.apply(grad, mask=np.broadcast_to(self.mask, grad.shape))
            count = 1
            for n in self._source_shape:
                count *= n
            if picked.shape[0] < count:
                picked = grad_put(zeros((count,), like=picked), slice(0, picked.shape[0]), picked)
            grad_source = picked.reshape(self._source_shape)
        return MaskedFill.apply(grad, mask=self.mask, value=0), grad_source

    def jvp(self, self_t: Any, source_t: Any) -> Any:
        return MaskedScatter.apply(self_t, source_t, mask=self.mask)


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """A copy of ``input`` with ``source``'s first elements written, in order, where ``mask`` is
    True."""
    if not (isinstance(input, Tensor) and isinstance(mask, Tensor) and isinstance(source, Tensor)):
        raise argument_error("masked_scatter", (input, mask, source))
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype}")
    try:
        shape = np.broadcast_shapes(input._data.shape, mask._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, mask._data.shape) from None
    if int(np.broadcast_to(mask._data, shape).sum()) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    _same_dtype("masked_scatter", input, source, "source")
    return MaskedScatter.apply(input, source, mask=mask._data)


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements of ``input`` where the bool ``mask`` is True (broadcast together), as a 1-d
    tensor."""
    if not (isinstance(input, Tensor) and isinstance(mask, Tensor)):
        raise argument_error("masked_select", (input, mask))
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    refuse_without_values("masked_select", input, mask)
    try:
        shape = np.broadcast_shapes(input._data.shape, mask._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, mask._data.shape) from None
    return MaskedSelect.apply(input, mask=np.broadcast_to(mask._data, shape))


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """The positions of the non-zero elements: an int64 tensor with one row per element (or, with
    ``as_tuple``, one vector per dim)."""
    refuse_without_values("nonzero", input)
    positions = np.nonzero(input._data.reshape(1) if input._data.ndim == 0 else input._data)
    if as_tuple:
        if input._data.ndim == 0:
            return (derived(Tensor._make(positions[0].astype(np.int64)), input, complex_ok=True),)
        return tuple(derived(Tensor._make(p.astype(np.int64)), input, complex_ok=True)
                     for p in positions)
    rows = np.stack(positions, axis=1).astype(np.int64) if input._data.ndim else \
        np.zeros((positions[0].size, 0), dtype=np.int64)
    return derived(Tensor._make(rows), input, complex_ok=True)


def argwhere(input: Tensor) -> Tensor:
    """The positions of the non-zero elements, one row each (``nonzero``)."""
    return nonzero(input)


def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """The values of ``input`` at ``indices`` along ``dim`` (the two broadcast in the other dims);
    without ``dim``, of the flattened tensor."""
    if indices._data.dtype.kind not in "iu":
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be int64 but got "
                           f"{indices.dtype}")
    if dim is None:
        return gather(reshape(input, -1), 0, reshape(indices, -1))
    ndim = input._data.ndim
    if indices._data.ndim != ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {ndim} dimensions for input, and "
                           f"{indices._data.ndim} dimensions for indices")
    axis = normalize_dim(dim, ndim)
    shape_in, shape_ix = list(input._data.shape), list(indices._data.shape)
    shape_in[axis] = shape_ix[axis] = 1
    try:
        common = list(np.broadcast_shapes(tuple(shape_in), tuple(shape_ix)))
    except ValueError:
        raise broadcast_error(tuple(shape_in), tuple(shape_ix)) from None
    target_in = tuple(common[:axis] + [input._data.shape[axis]] + common[axis + 1:])
    target_ix = tuple(common[:axis] + [indices._data.shape[axis]] + common[axis + 1:])
    input = expand(input, target_in)  # (always: torch records ExpandBackward0 even for no change)
    if indices._data.shape != target_ix:
        indices = Tensor._make(np.broadcast_to(indices._data, target_ix))
    return gather(input, axis, indices)


# -- scatter, index_add, index_fill, index_copy ----------------------------------------------------


def _nonempty(value: Any) -> Any:
    """``value`` (an array or a tensor) as 1-d of one element if it is 0-d: torch's scatter and
    gather treat a 0-d self, index or src so. (For an array, a view: writes reach ``value``.)"""
    return value.reshape(1) if value.ndim == 0 else value


def _along(index: np.ndarray, dim: int) -> tuple:
    """The numpy key that reads the elements ``index`` names along ``dim`` (one per index entry),
    in an array of at least one dim (``_nonempty``)."""
    index = _nonempty(index)
    grids = np.indices(index.shape, sparse=True)
    return tuple(index if d == dim else grids[d] for d in range(index.ndim))


def _take_along(values: np.ndarray, index: np.ndarray, dim: int) -> np.ndarray:
    """numpy's ``take_along_axis`` with 0-d operands as 1-d: the values at ``index``, in its shape."""
    return _nonempty(values)[_along(index, dim)].reshape(index.shape)


def _corner(values: Any, shape: tuple[int, ...]) -> Any:
    """The leading block of ``values`` of ``shape`` (a scatter reads only that part of ``src``)."""
    if tuple(values.shape) == shape:
        return values
    return _nonempty(values)[tuple(slice(0, n) for n in shape or (1,))]


class Scatter(Op):
    """A copy of ``self`` with ``src``'s values written along ``dim`` at ``index``:
    ``out[index[i][j]][j] = src[i][j]`` for ``dim=0``.

    Backward:  grad_self = grad.scatter(dim, index, 0),  grad_src = grad.gather(dim, index)
    Forward:   result_t = self_t.scatter(dim, index, src_t)
    """

    __slots__ = ("dim", "index", "_src_shape")

    def forward(self, a: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        self.dim, self.index, self._src_shape = dim, index, src.shape
        out = np.array(a, order="C")  # (a copy, an array even of a numpy scalar a rule hands)
        _nonempty(out)[_along(index, dim)] = _corner(src, index.shape)
        return out

    def backward(self, grad: Any) -> tuple:
        grad_self = ScatterValue.apply(grad, dim=self.dim, index=self.index, value=0)
        grad_src = None
        if self.needs_input_grad[1]:
            grad_src = _padded(Gather.apply(grad, dim=self.dim, index=self.index), self._src_shape)
        return grad_self, grad_src

    def jvp(self, self_t: Any, src_t: Any) -> Any:
        return Scatter.apply(self_t, src_t, dim=self.dim, index=self.index)


def _padded(values: Any, shape: tuple[int, ...]) -> Any:
    """``values`` in the leading block of zeros of ``shape`` (the gradient of the part of ``src``
    a scatter read; the rest of ``src`` gets 0)."""
    if tuple(values.shape) == shape:
        return values
    if not shape:  # (a 0-d src, read through a one-element index)
        return values.reshape(())
    return grad_put(zeros(shape, like=values), tuple(slice(0, n) for n in _nonempty(values).shape),
                    values)


class ScatterValue(Op, torch_name="Scatter", overload=1):
    """A copy of ``self`` with the number ``value`` written along ``dim`` at ``index``.

    Backward:  grad_self = grad.scatter(dim, index, 0)
    Forward:   result_t = self_t.scatter(dim, index, 0)
    """

    __slots__ = ("dim", "index")

    def forward(self, a: np.ndarray, dim: int, index: np.ndarray, value: Any) -> np.ndarray:
        self.dim, self.index = dim, index
        out = np.array(a, order="C")  # (a copy, an array even of a numpy scalar a rule hands)
        _nonempty(out)[_along(index, dim)] = value
        return out

    def backward(self, grad: Any) -> Any:
        return ScatterValue.apply(grad, dim=self.dim, index=self.index, value=0)

    def jvp(self, self_t: Any) -> Any:
        return ScatterValue.apply(self_t, dim=self.dim, index=self.index, value=0)


class ScatterAdd(Op):
    """A copy of ``self`` with ``src``'s values added along ``dim`` at ``index`` (repeated indices
    add up): ``out[index[i][j]][j] += src[i][j]`` for ``dim=0``.

    Backward:  grad_self = grad,  grad_src = grad.gather(dim, index)
    Forward:   result_t = self_t.scatter_add(dim, index, src_t)
    """

    __slots__ = ("dim", "index", "_src_shape")

    def forward(self, a: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        self.dim, self.index, self._src_shape = dim, index, src.shape
        out = np.array(a, order="C")  # (a copy, an array even of a numpy scalar a rule hands)
        np.add.at(_nonempty(out), _along(index, dim), _corner(src, index.shape))
        return out

    def backward(self, grad: Any) -> tuple:
        grad_src = None
        if self.needs_input_grad[1]:
            grad_src = _padded(Gather.apply(grad, dim=self.dim, index=self.index), self._src_shape)
        return grad, grad_src

    def jvp(self, self_t: Any, src_t: Any) -> Any:
        return ScatterAdd.apply(self_t, src_t, dim=self.dim, index=self.index)


def _scatter_arguments(function: str, input: Tensor, dim: Any, index: Tensor,
                       src: Any = None, kernel: str | None = None) -> tuple[int, np.ndarray]:
    """``dim`` normalized and ``index``'s array, checked as torch checks them (``kernel``: the
    name torch's kernel gives its messages, when not ``function``)."""
    if not isinstance(input, Tensor) or not isinstance(index, Tensor):
        raise argument_error(function, (input, dim, index) + (() if src is None else (src,)))
    positions = index._data
    if positions.dtype.kind not in "iu":
        raise RuntimeError(f"{kernel or function}(): Expected dtype int32/int64 for index")
    ndim = input._data.ndim
    axis = normalize_dim(dim, ndim)
    # (torch compares a 0-d self, index or src as 1-d of one element)
    index_shape = positions.shape or (1,)
    if len(index_shape) != max(ndim, 1) and positions.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    shape = input._data.shape if ndim else (1,)
    if isinstance(src, Tensor):
        src_shape = src._data.shape or (1,)
        if len(src_shape) != len(index_shape) and positions.size:
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        for d in range(len(index_shape)):
            if positions.size and index_shape[d] > src_shape[d]:
                raise RuntimeError(
                    f"Expected index {list(positions.shape)} to be no larger than self "
                    f"{list(input._data.shape)} apart from dimension {axis} and to be no larger "
                    f"size than src {list(src._data.shape)}")
    for d in range(len(index_shape)):
        if d != axis and positions.size and index_shape[d] > shape[d]:
            raise RuntimeError(
                f"Expected index {list(positions.shape)} to be no larger than self "
                f"{list(input._data.shape)} apart from dimension {axis}"
                + (f" and to be no larger size than src {list(src._data.shape)}"
                   if isinstance(src, Tensor) else ""))
    if positions.size:
        bad = positions[(positions < 0) | (positions >= shape[axis])]
        if bad.size:
            raise RuntimeError(f"index {int(bad.flat[0])} is out of bounds for dimension {axis} "
                               f"with size {shape[axis]}")
    return axis, positions


def _same_dtype(function: str, input: Tensor, src: Tensor, what: str = "src") -> None:
    if input._data.dtype != src._data.dtype:
        raise RuntimeError(f"{function}(): Expected self.dtype to be equal to {what}.dtype")


def scatter(input: Tensor, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
            reduce: str | None = None) -> Tensor:
    """A copy of ``input`` with ``src`` (a tensor, or a number as ``value``) written along ``dim``
    at the positions ``index`` holds."""
    if src is None:
        src = value
    if reduce is not None:
        return _scatter_and_reduce(input, dim, index, src, reduce)
    if src is None:
        raise TypeError("scatter() missing required argument 'src' (or 'value')")
    axis, positions = _scatter_arguments("scatter", input, dim, index, src)
    if isinstance(src, Tensor):
        _same_dtype("scatter", input, src)
        return Scatter.apply(input, src, dim=axis, index=positions)
    if not is_number(src):
        raise argument_error("scatter", (input, dim, index, src))
    return ScatterValue.apply(input, dim=axis, index=positions, value=src)


_SCATTER_REDUCTIONS = {"add": "sum", "multiply": "prod"}
SCATTER_REDUCE_WARNING = (
    "The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
    "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.")
_scatter_reduce_warned = False  # torch warns once per process


def _scatter_and_reduce(input: Tensor, dim: int, index: Tensor, src: Any, reduce: str) -> Tensor:
    """torch's older ``scatter(..., reduce='add' | 'multiply')``: ``src`` (a tensor or a number)
    added into or multiplied onto ``input`` at ``index``. torch records it without a derivative
    (``scatter_reduce`` is the differentiable form), and so does this."""
    from .elementwise import NotDifferentiable  # (elementwise reads MaskedFill from here)

    global _scatter_reduce_warned
    if reduce not in _SCATTER_REDUCTIONS:
        raise RuntimeError("reduce argument must be either add or multiply.")
    if src is None:
        raise TypeError("scatter() missing required argument 'src' (or 'value')")
    axis, positions = _scatter_arguments("scatter", input, dim, index, src)
    how = _SCATTER_REDUCTIONS[reduce]
    if isinstance(src, Tensor):
        _same_dtype("scatter", input, src)
        if not _scatter_reduce_warned:
            _scatter_reduce_warned = True
            warnings.warn(SCATTER_REDUCE_WARNING, UserWarning, stacklevel=4)
        return NotDifferentiable.apply(
            input, src, aten_name="scatter",
            compute=lambda a, values: scatter_reduced(a, values, axis, positions, how, True))
    if not is_number(src):
        raise argument_error("scatter", (input, dim, index, src))
    return NotDifferentiable.apply(
        input, aten_name="scatter",
        compute=lambda a: scatter_reduced(a, np.full(positions.shape, src, a.dtype), axis, positions,
                                          how, True))


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of ``input`` with ``src`` added along ``dim`` at the positions ``index`` holds
    (repeated positions add up)."""
    if not isinstance(src, Tensor):
        raise argument_error("scatter_add", (input, dim, index, src))
    axis, positions = _scatter_arguments("scatter_add", input, dim, index, src)
    _same_dtype("scatter_add", input, src)
    return ScatterAdd.apply(input, src, dim=axis, index=positions)


# -- scatter_reduce ----------------------------------------------------------------------------------

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
# torch's forward also takes "max" and "min" (as amax and amin); its backward then refuses them
_ALIASES = {"max": "amax", "min": "amin"}
_UFUNCS = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum,
           "amin": np.minimum}


def _reduction_identity(reduce: str, dtype: np.dtype) -> Any:
    """What a position reduces from when ``include_self=False``: the reduction's identity."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    if dtype.kind == "b":
        return reduce == "amin"
    info = np.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


def _scatter_counts(shape: tuple[int, ...], dim: int, index: np.ndarray, include_self: bool,
                    dtype: np.dtype) -> np.ndarray:
    """How many values each position of the result averages (``self`` counted with
    ``include_self``), at least 1: ``mean``'s divisor."""
    counts = np.full(shape, 1 if include_self else 0, dtype=dtype)
    np.add.at(_nonempty(counts), _along(index, dim), 1)
    counts[counts == 0] = 1
    return counts


def scatter_reduced(a: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray, reduce: str,
                    include_self: bool) -> np.ndarray:
    """``a`` with ``src``'s values reduced in along ``dim`` at ``index``, in numpy."""
    key = _along(index, dim)
    out = np.array(a, order="C")  # (a copy, an array even of a numpy scalar a rule hands)
    if not include_self:
        _nonempty(out)[key] = _reduction_identity(reduce, a.dtype)
    _UFUNCS[reduce].at(_nonempty(out), key, _corner(src, index.shape))
    if reduce == "mean":
        counts = _scatter_counts(a.shape, dim, index, include_self, a.dtype)
        out = out // counts if a.dtype.kind in "iub" else out / counts
    return out.astype(a.dtype, copy=False)


def _array(value: Any) -> np.ndarray:
    """The values of an array or of a tensor (for masks and counts: constants of the rule)."""
    return value if is_array(value) else value._data


class ScatterReduce(Op):
    """A copy of ``self`` with ``src``'s values reduced in along ``dim`` at ``index`` (``sum``,
    ``prod``, ``mean``, ``amax``, ``amin``), ``self``'s own value among them with
    ``include_self``.

    Backward:  sum:  grad_self = grad,  grad_src = grad.gather(dim, index)
               mean: N = the number of values each position averages (at least 1);
                     grad_self = grad / N,  grad_src = grad.gather(dim, index) / N.gather(dim, index)
               prod: grad_self = grad * (the product of the other values), read as
                     grad * result' / self' where self' is self with its zeros as 1 and result' the
                     reduction of self'; grad_src = grad.gather * result.gather / src where src is
                     not 0, and where src is the only zero of its position
                     grad.gather * (the reduction with that zero as 1).gather
               amax, amin: the gradient split evenly among the values equal to the result:
                     N = (self == result).scatter_add(dim, index, src == result.gather(dim, index));
                     grad_self = (self == result) * grad / N,
                     grad_src = (src == result.gather) * (grad / N).gather(dim, index)
               without include_self, grad_self is 0 where src was reduced in
    Forward:   sum, mean: result_t = self_t.scatter_reduce(dim, index, src_t, reduce, include_self)
               prod: result_t = self_t * grad_self(1) + (src_t * grad_src(1)) added at index
               amax, amin: result_t = the mean of the tangents of the values equal to the result
    """

    __slots__ = ("dim", "index", "reduce", "include_self", "_src_shape")

    def forward(self, a: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray, reduce: str,
                include_self: bool = True) -> np.ndarray:
        self.dim, self.index, self.reduce = dim, index, reduce
        self.include_self, self._src_shape = include_self, src.shape
        result = scatter_reduced(a, src, dim, index, _ALIASES.get(reduce, reduce), include_self)
        if reduce in ("prod", "amax", "amin", "max", "min"):
            self.save_for_backward(a, src, result)
        return result

    def _again(self, a: Any, src: Any) -> Any:
        """The same reduction of other values (recorded when the rule records a graph: ``apply``
        on arrays is just the value)."""
        return ScatterReduce.apply(a, src, dim=self.dim, index=self.index, reduce=self.reduce,
                                   include_self=self.include_self)

    def _gather(self, value: Any) -> Any:
        return Gather.apply(value, dim=self.dim, index=self.index)

    def backward(self, grad: Any) -> tuple:
        reduce, dim, index = self.reduce, self.dim, self.index
        if reduce not in _REDUCTIONS:
            raise RuntimeError("Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', "
                               f"'amin' but got {reduce}.")
        if reduce in ("sum", "mean") and self.needs_input_grad[1] and \
                not _broadcasts_to(tuple(self._src_shape), tuple(index.shape)):
            # torch's rule gives a gradient of the index's shape, which its engine refuses unless
            # it sums back to src's shape (a one-element index for a 0-d src)
            raise invalid_gradient_shape("ScatterReduceBackward0", 1, index.shape, self._src_shape)
        if reduce == "sum":
            grad_self, grad_src = grad, self._gather(grad)
        elif reduce == "mean":
            counts = _scatter_counts(tuple(grad.shape), dim, index, self.include_self,
                                     _array(grad).dtype)
            grad_self = grad / counts
            grad_src = self._gather(grad) / _take_along(counts, index, dim)
        else:
            a, src, result = self.saved_tensors
            src = self._src_read(src, reduce)
            if reduce == "prod":
                grad_self, grad_src = self._prod_gradients(grad, a, src, result)
            else:
                grad_self, grad_src = self._extreme_gradients(grad, a, src, result)
        if not self.include_self:
            grad_self = ScatterValue.apply(grad_self, dim=dim, index=index, value=0)
        if not self.needs_input_grad[1]:
            return grad_self, None
        return grad_self, sum_to_shape(grad_src, tuple(self._src_shape))

    def _src_read(self, src: Any, reduce: str) -> Any:
        """``src`` where it is the index's shape; torch's rule for prod, amax and amin compares
        ``src`` with index-shaped values and fails on a larger ``src``, as here."""
        if tuple(src.shape) != tuple(self.index.shape):
            raise broadcast_error(tuple(src.shape), tuple(self.index.shape))
        return src

    def _prod_gradients(self, grad: Any, a: Any, src: Any, result: Any) -> tuple:
        a_values, src_values = _array(a), _array(src)
        masked_self = where(a_values == 0, 1, a)
        grad_self = grad * self._again(masked_self, src) / masked_self
        src_zero = src_values == 0
        zero_counts = np.zeros(a_values.shape, dtype=np.int64)
        np.add.at(_nonempty(zero_counts), _along(self.index, self.dim), src_zero)
        single_zero = src_zero & (_take_along(zero_counts, self.index, self.dim) == 1)
        if not is_array(grad) and (_take_along(zero_counts, self.index, self.dim) > 1).any():
            # torch's rule raises when its own gradient is differentiated; here, already now
            raise RuntimeError("scatter_reduce(): Double backward is unsupported for src when >1 "
                               "zeros in src are scattered to the same position in self")
        gathered = self._gather(grad)
        without_zero = self._again(a, where(single_zero, 1, src))
        grad_src = where(single_zero, gathered * self._gather(without_zero),
                         gathered * self._gather(result) / where(src_zero, 1, src))
        return grad_self, grad_src

    def _extreme_gradients(self, grad: Any, a: Any, src: Any, result: Any) -> tuple:
        dtype = _array(grad).dtype
        self_hits = (_array(a) == _array(result)).astype(dtype)
        value = _take_along(_array(result), self.index, self.dim)
        src_hits = (_array(src) == value).astype(dtype)
        shares = np.array(self_hits)  # (an array even for a 0-d self, whose == gives a scalar)
        np.add.at(_nonempty(shares), _along(self.index, self.dim), src_hits)
        distributed = grad / shares
        return self_hits * distributed, src_hits * self._gather(distributed)

    def jvp(self, self_t: Any, src_t: Any) -> Any:
        reduce, dim, index = _ALIASES.get(self.reduce, self.reduce), self.dim, self.index
        if reduce in ("sum", "mean"):
            return ScatterReduce.apply(self_t, src_t, dim=dim, index=index, reduce=reduce,
                                       include_self=self.include_self)
        a, src, result = self.saved_tensors
        src_t = _corner(src_t, index.shape)
        src = _corner(src, index.shape)
        if reduce == "prod":
            ones = np.ones(_array(result).shape, dtype=_array(result).dtype)
            coefficient_self, coefficient_src = self._prod_gradients(ones, a, src, result)
            if not self.include_self:
                coefficient_self = ScatterValue.apply(coefficient_self, dim=dim, index=index,
                                                      value=0)
            return ScatterAdd.apply(self_t * coefficient_self, src_t * coefficient_src, dim=dim,
                                    index=index)
        self_hits = (_array(a) == _array(result)).astype(_array(result).dtype)
        if not self.include_self:
            self_hits = ScatterValue.apply(self_hits, dim=dim, index=index, value=0)
        value = _take_along(_array(result), index, dim)
        src_hits = (_array(src) == value).astype(self_hits.dtype)
        shares = np.array(self_hits)  # (an array even for a 0-d self, whose == gives a scalar)
        np.add.at(_nonempty(shares), _along(index, dim), src_hits)
        summed = ScatterAdd.apply(self_t * self_hits, src_t * src_hits, dim=dim, index=index)
        return summed / np.where(shares == 0, 1, shares)


def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                   include_self: bool = True) -> Tensor:
    """A copy of ``input`` with ``src``'s values reduced in along ``dim`` at the positions
    ``index`` holds: ``reduce`` is ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``;
    with ``include_self=False`` a position's own value is left out of its reduction."""
    if not isinstance(src, Tensor) or not isinstance(reduce, str) or \
            not isinstance(include_self, bool):
        raise argument_error("scatter_reduce", (input, dim, index, src, reduce),
                             {"include_self": include_self})
    if reduce not in _REDUCTIONS and reduce not in _ALIASES:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    axis, positions = _scatter_arguments("scatter_reduce", input, dim, index, src, "scatter")
    if input._data.dtype != src._data.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    return ScatterReduce.apply(input, src, dim=axis, index=positions, reduce=reduce,
                               include_self=include_self)


class IndexAdd(Op):
    """A copy of ``self`` with ``alpha * source`` added at the positions ``index`` (a vector)
    along ``dim`` (repeated positions add up).

    Backward:  grad_self = grad,  grad_source = alpha * grad.index_select(dim, index)
    Forward:   result_t = self_t.index_add(dim, index, source_t, alpha=alpha)
    """

    __slots__ = ("dim", "index", "alpha")

    def forward(self, a: np.ndarray, source: np.ndarray, dim: int, index: np.ndarray,
                alpha: Any = 1) -> np.ndarray:
        self.dim, self.index, self.alpha = dim, index, alpha
        out = a.copy()
        np.add.at(out, (_FULL,) * dim + (index,), source * alpha if alpha != 1 else source)
        return out

    def backward(self, grad: Any) -> tuple:
        grad_source = None
        if self.needs_input_grad[1]:
            grad_source = IndexSelect.apply(grad, dim=self.dim, index=self.index)
            if self.alpha != 1:
                grad_source = grad_source * self.alpha
        return grad, grad_source

    def jvp(self, self_t: Any, source_t: Any) -> Any:
        return IndexAdd.apply(self_t, source_t, dim=self.dim, index=self.index, alpha=self.alpha)


class IndexCopy(Op):
    """A copy of ``self`` with ``source``'s slices written at the positions ``index`` (a vector)
    along ``dim``.

    Backward:  grad_self = grad.index_fill(dim, index, 0),  grad_source = grad.index_select(dim, index)
    Forward:   result_t = self_t.index_copy(dim, index, source_t)
    """

    __slots__ = ("dim", "index")

    def forward(self, a: np.ndarray, source: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        self.dim, self.index = dim, index
        out = a.copy()
        out[(_FULL,) * dim + (index,)] = source
        return out

    def backward(self, grad: Any) -> tuple:
        grad_source = None
        if self.needs_input_grad[1]:
            grad_source = IndexSelect.apply(grad, dim=self.dim, index=self.index)
        return IndexFill.apply(grad, dim=self.dim, index=self.index, value=0), grad_source

    def jvp(self, self_t: Any, source_t: Any) -> Any:
        return IndexCopy.apply(self_t, source_t, dim=self.dim, index=self.index)


class IndexFill(Op):
    """A copy of ``self`` with the number ``value`` written at the positions ``index`` (a vector)
    along ``dim``.

    Backward:  grad_self = grad.index_fill(dim, index, 0)
    Forward:   result_t = self_t.index_fill(dim, index, 0)
    """

    __slots__ = ("dim", "index")

    def forward(self, a: np.ndarray, dim: int, index: np.ndarray, value: Any) -> np.ndarray:
        self.dim, self.index = dim, index
        out = a.copy()
        out[(_FULL,) * dim + (index,)] = value
        return out

    def backward(self, grad: Any) -> Any:
        return IndexFill.apply(grad, dim=self.dim, index=self.index, value=0)

    def jvp(self, self_t: Any) -> Any:
        return IndexFill.apply(self_t, dim=self.dim, index=self.index, value=0)


def _index_arguments(function: str, input: Tensor, dim: Any, index: Tensor,
                     bounds_error: Callable[[int, int, int], Exception] | None = None,
                     ) -> tuple[int, np.ndarray]:
    """The dim and the positions (non-negative) of an ``index_*`` call. A negative index counts
    from the end, unless ``bounds_error`` is given: then it is out of bounds, as any index past
    the end, and ``bounds_error(index, dim, size)`` is raised (torch's text for the op)."""
    if not isinstance(input, Tensor) or not isinstance(index, Tensor):
        raise argument_error(function, (input, dim, index))
    positions = index._data
    if positions.ndim > 1:
        raise IndexError(f"{function}(): Index is supposed to be a vector")
    if positions.dtype.kind not in "iu":
        raise RuntimeError(f"{function}(): Expected dtype int32/int64 for index")
    ndim = input._data.ndim
    axis = normalize_dim(dim, ndim)
    size = input._data.shape[axis] if ndim else 1
    if positions.size:
        bad = positions[(positions < (0 if bounds_error else -size)) | (positions >= size)]
        if bad.size:
            if bounds_error is not None:
                raise bounds_error(int(bad.reshape(-1)[0]), axis, size)
            raise IndexError("index out of range in self")
    if positions.ndim == 0 or (positions < 0).any():  # (else the index's own array: a compiler
        positions = positions.reshape(-1) % max(size, 1)  # follows it)
    return axis, positions


def _check_source(function: str, input: Tensor, axis: int, positions: np.ndarray,
                  source: Tensor) -> None:
    along = source._data.shape[axis] if source._data.ndim > axis else 1
    if positions.size != along:
        raise RuntimeError(f"{function}_(): Number of indices ({positions.size}) should be equal to "
                           f"source.size(dim): ({along}), for dim: {axis}")
    expected = list(input._data.shape)
    if expected:
        expected[axis] = positions.size
    if list(source._data.shape) != expected and not (source._data.ndim == 0 and positions.size == 1
                                                     and input._data.ndim <= 1):
        raise RuntimeError(f"{function}(): Source/destination tensor must have same slice shapes. "
                           f"Destination slice shape: {list(input._data.shape)} at dimension "
                           f"{axis} and source slice shape: {list(source._data.shape)} at "
                           f"dimension 0.")


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
    """A copy of ``input`` with ``alpha * source`` added at the positions ``index`` along ``dim``."""
    axis, positions = _index_arguments("index_add", input, dim, index, _index_add_bounds(alpha))
    _check_source("index_add", input, axis, positions, source)
    _same_dtype("index_add", input, source, "source")
    return IndexAdd.apply(input, source, dim=axis, index=positions, alpha=alpha)


def _index_add_bounds(alpha: Any) -> Callable[[int, int, int], Exception]:
    """torch's error for an index out of ``index_add``'s bounds (negative ones included): its two
    kernels word it differently, with ``alpha`` 1 or not."""
    if alpha == 1:
        return lambda i, dim, size: RuntimeError(
            f"index {i} is out of bounds for dimension {dim} with size {size}")
    return lambda i, dim, size: IndexError("index out of range in self")


def _index_copy_bounds(i: int, dim: int, size: int) -> Exception:
    return IndexError(f"index_copy_(): index {i} is out of bounds for dimension {dim} with size "
                      f"{size}")


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """A copy of ``input`` with ``source``'s slices written at the positions ``index`` along
    ``dim``."""
    if isinstance(index, Tensor) and index._data.dtype.kind in "iu" and index._data.dtype != np.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got "
                           f"{dtype_name(index._data.dtype)}")
    axis, positions = _index_arguments("index_copy", input, dim, index, _index_copy_bounds)
    _check_source("index_copy", input, axis, positions, source)
    _same_dtype("index_copy", input, source, "source")
    return IndexCopy.apply(input, source, dim=axis, index=positions)


def index_fill(input: Tensor, dim: int, index: Tensor, value: Any) -> Tensor:
    """A copy of ``input`` with ``value`` written at the positions ``index`` along ``dim``."""
    axis, positions = _index_arguments("index_fill", input, dim, index)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value._data.ndim} dimension(s).")
        if value.requires_grad:
            raise NotImplementedError("index_fill with a value tensor that requires grad is not "
                                      "supported by autograd_lab")
        value = value.item()
    # converted checked, as torch (an unsigned dtype wraps a small negative int)
    value = checked_number_array(value, input._data.dtype)[()]
    return IndexFill.apply(input, dim=axis, index=positions, value=value)


def searchsorted(sorted_sequence: Tensor, input: Any, *, out_int32: bool = False,
                 right: bool = False, side: str | None = None, sorter: Tensor | None = None) -> Tensor:
    """Where each value of ``input`` would go in ``sorted_sequence`` (along its last dim) to keep
    it sorted: the first such position (the last with ``right=True`` or ``side="right"``)."""
    values = input._data if isinstance(input, Tensor) else np.asarray(input)
    boundaries = sorted_sequence._data
    if sorter is not None:
        boundaries = np.take_along_axis(boundaries, sorter._data, axis=-1)
    side = side or ("right" if right else "left")
    if values.ndim == 0 and boundaries.ndim != 1:
        raise RuntimeError("torch.searchsorted(): input value can be a scalar only when boundaries "
                           f"tensor dimension is 1, but we got boundaries tensor dim({boundaries.ndim})"
                           " and input value's dim(0) numel(1)")
    if boundaries.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, "
                           "but got 0 dimension")
    if boundaries.ndim == 1:
        found = np.searchsorted(boundaries, values, side=side)
    else:
        if boundaries.shape[:-1] != values.shape[:-1]:
            raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the "
                               "first N-1 dimensions of boundaries tensor and input value tensor "
                               f"must match, but we got boundaries tensor {list(boundaries.shape)} "
                               f"and input value tensor {list(values.shape)}")
        rows_b = boundaries.reshape(-1, boundaries.shape[-1])
        rows_v = values.reshape(-1, values.shape[-1])
        found = np.stack([np.searchsorted(b, v, side=side) for b, v in zip(rows_b, rows_v)])
        found = found.reshape(values.shape)
    dtype = np.int32 if out_int32 else np.int64
    sources = (sorted_sequence, input) if isinstance(input, Tensor) else (sorted_sequence,)
    return derived(Tensor._make(np.asarray(found, dtype=dtype)), *sources)


def bucketize(input: Any, boundaries: Tensor, *, out_int32: bool = False,
              right: bool = False) -> Tensor:
    """For each value of ``input``, the index of the bucket of the 1-d ``boundaries`` it falls in
    (``boundaries[i-1] < x <= boundaries[i]``; with ``right``, ``boundaries[i-1] <= x <
    boundaries[i]``)."""
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


# -- splitting into views at positions: tensor_split, hsplit, vsplit, dsplit -----------------------


def _slices(input: Tensor, axis: int, bounds: list[int]) -> tuple[Tensor, ...]:
    """``input`` cut along ``axis`` at ``bounds`` (read as slice bounds: negative from the end,
    clamped): one view per piece (``SliceBackward0``), as torch's ``tensor_split`` slices."""
    edges = [0, *bounds, input._data.shape[axis]]
    return tuple(shares_version(Slice.apply(input, dim=axis, piece=slice(start, end, 1)), input)
                 for start, end in zip(edges, edges[1:]))


def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``input`` split along ``dim`` into ``sections`` pieces as equal as can be (the first ones one
    longer), or at the positions ``indices`` (a list, or a tensor of either): views, ``SliceBackward0``."""
    if input._data.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor "
                           "with 0 dims")
    if isinstance(indices_or_sections, Tensor):
        split = indices_or_sections._data
        indices_or_sections = int(split) if split.ndim == 0 else [int(i) for i in split]
    if not isinstance(dim, int) or isinstance(indices_or_sections, bool) or not isinstance(
            indices_or_sections, int | list | tuple):
        # (a plain TypeError: the torch-level function words it for the call as it was written)
        raise TypeError("tensor_split() takes an int, a sequence of ints or a tensor")
    axis = normalize_dim(dim, input._data.ndim)
    if isinstance(indices_or_sections, int):
        sections = indices_or_sections
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        size = input._data.shape[axis]
        longer = size % sections
        bounds, start = [], 0
        for piece in range(sections - 1):
            start += size // sections + (piece < longer)
            bounds.append(start)
        return _slices(input, axis, bounds)
    return _slices(input, axis, [int(i) for i in indices_or_sections])


def _split_along(function: str, input: Tensor, sections: Any, dim: int, min_dims: int) -> tuple:
    """``hsplit``/``vsplit``/``dsplit``: ``tensor_split`` along ``dim``, sections dividing it."""
    ndim = input._data.ndim
    if ndim < min_dims:
        raise RuntimeError(f"torch.{function} requires a tensor with at least {min_dims} dimension, "
                           f"but got a tensor with {ndim} dimensions!")
    if isinstance(sections, int) and not isinstance(sections, bool):
        size = input._data.shape[dim]
        if sections == 0 or size % sections:
            raise RuntimeError(f"torch.{function} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {size} is not divisible by the split_size "
                               f"{sections}!")
    return tensor_split(input, sections, dim)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``input`` split along its columns (dim 1; dim 0 of a vector) into equal sections or at
    positions (views)."""
    dim = 1 if input._data.ndim >= 2 else 0
    return _split_along("hsplit", input, indices_or_sections, dim, 1)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``input`` split along its rows (dim 0) into equal sections or at positions (views)."""
    return _split_along("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``input`` split along its depth (dim 2) into equal sections or at positions (views)."""
    return _split_along("dsplit", input, indices_or_sections, 2, 3)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """Every choice of ``r`` elements of a vector in order of position (``itertools.combinations``,
    or ``combinations_with_replacement``), one per row: as torch builds it, the ``meshgrid`` grids
    read through the mask of increasing (or non-decreasing) positions, stacked as columns."""
    _vector(input)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return Tensor._make(np.zeros((0,), dtype=input._data.dtype))
    positions = np.meshgrid(*([np.arange(input._data.shape[0])] * r), indexing="ij")
    mask = np.ones(positions[0].shape, dtype=bool)
    for earlier, later in zip(positions, positions[1:]):
        mask &= (earlier <= later) if with_replacement else (earlier < later)
    chosen = Tensor._make(mask)
    grids = meshgrid(*([input] * r), indexing="ij")
    return stack([masked_select(grid, chosen) for grid in grids], 1)


def fill_diagonal_(input: Tensor, fill_value: Any, wrap: bool = False) -> Tensor:
    """Write ``fill_value`` in place on the main diagonal of ``input``: the elements whose indices
    are all equal (every dim of the same length, or a 2-D tensor of any shape). With ``wrap``, a
    tall matrix's diagonal starts again ``columns + 1`` rows on, as torch's (and numpy's) rule."""
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    diagonal = input
    while diagonal._data.ndim > 1:  # (a view of a view: the change reaches input, recorded)
        diagonal = diagonal.diagonal(0, 0, 1)
    diagonal.fill_(fill_value)
    rows, columns = shape[0], shape[1]
    if wrap and len(shape) == 2 and rows > columns + 1:
        fill_diagonal_(input[columns + 1:], fill_value, wrap=True)
    return input
