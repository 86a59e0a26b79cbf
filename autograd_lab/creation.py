"""Making tensors: ``tensor``, ``ones``, ``zeros``, ``arange``, ``rand`` ... (torch's signatures).

Sizes may be given as varargs (``ones(2, 3)``), one tuple (``ones((2, 3))``) or ``size=``; every
function takes ``dtype=`` and ``requires_grad=``, and ``device=`` (only the CPU exists here: another
device is an error). The random functions take ``generator=`` (a ``torch.Generator``).
"""

from __future__ import annotations

import builtins
import functools
import math
import operator
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import random as _random
from ._arguments import combination_error, factory, parse_call, type_name
from ._dtypes import (
    DEFAULT_COMPLEX,
    DEFAULT_FLOAT,
    _promote,
    as_dtype,
    bfloat16,
    bool_,
    checked_number_array,
    converted,
    cpp_type_name,
    dtype,
    float32,
    int64,
    scalar_dtype,
    unsupported_array_error,
)
from .autograd.meta import is_meta, is_meta_array, meta_array
from .autograd.record import derived, note, watching
from .device import META, check_device, placement
from .tensor import Size, Tensor

__all__ = [
    "tensor", "as_tensor", "asarray", "from_numpy", "ones", "zeros", "full", "empty", "ones_like",
    "zeros_like", "full_like", "empty_like", "rand", "randn", "randint", "normal", "rand_like",
    "randn_like",
    "randint_like", "randperm", "multinomial", "arange", "linspace", "eye", "is_tensor", "numel",
    "bernoulli", "logspace", "tril_indices", "triu_indices",
]


def _to_array(data: Any, dt: dtype | None) -> np.ndarray:
    """Convert Python data or arrays to a numpy array with torch's dtype inference."""
    if isinstance(data, Tensor):
        array = data._data
        return array.copy() if dt is None else converted(array, dt.numpy)
    if isinstance(data, np.ndarray):
        _refuse_foreign_array(data)
        array = np.array(data, copy=True)
        return converted(array, (dt or as_dtype(array.dtype)).numpy, copy=False)
    return _from_python(data, dt)


def _refuse_foreign_array(array: np.ndarray) -> None:
    """torch's TypeError for a numpy array of ml_dtypes' bfloat16 (or any type without a numpy
    kind of its own): torch reads none, though bfloat16 tensors exist (``x.bfloat16()``)."""
    if array.dtype.kind == "V":
        raise unsupported_array_error(array.dtype)


def _toward_zero_in_bfloat16(values: np.ndarray) -> np.ndarray:
    """float32 ``values`` as bfloat16, rounded toward zero: their top 16 bits."""
    return (values.view(np.uint32) >> 16).astype(np.uint16).view(bfloat16.numpy)


def _bfloat16_through_float32(function: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """A creation function whose bfloat16 results are made in float32 and then rounded to bfloat16
    (as torch computes them in float: numpy would round its float64 values straight to bfloat16,
    and now and then to the other neighbour)."""
    @functools.wraps(function)
    def made(*args: Any, dtype: dtype | None = None, requires_grad: bool = False,
             **keywords: Any) -> Tensor:
        if dtype is not bfloat16:
            return function(*args, dtype=dtype, requires_grad=requires_grad, **keywords)
        made32 = function(*args, dtype=float32, **keywords)._data
        if is_meta_array(made32):
            return _finish(meta_array(made32.shape, bfloat16.numpy), requires_grad)
        return _finish(converted(made32, bfloat16.numpy), requires_grad)

    return made


# -- Python data, read as torch reads it: the shape from the first elements, the dtype from all of
# them, then every element stored (a ragged list or a non-number is an error at the first bad one)

MAX_DIMS = 128
"""torch's limit on the nesting depth of data (a string nests without end: ``["1"]``)."""

_PLAIN_NUMBERS = frozenset({float, int, bool})


def _from_python(data: Any, dt: dtype | None) -> np.ndarray:
    """``tensor(data)`` for numbers and (nested) sequences of numbers, tensors, arrays."""
    if data.__class__ in _PLAIN_NUMBERS:  # one Python number
        target = dt or (DEFAULT_FLOAT if data.__class__ is float else
                        int64 if data.__class__ is int else bool_)
        return _numbers(_element(data, target), target, [])
    plain = _plain(data)  # nested lists of Python numbers, regular: the common case, fast
    if plain is not None:
        sizes, kinds, values = plain
        target = dt or (DEFAULT_FLOAT if float in kinds else int64 if int in kinds else bool_)
        if target.is_floating_point or target is bool_ or float not in kinds:
            return _numbers(values, target, sizes)
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type_name(data)}'")
    sizes = _data_sizes(data)
    target = dt or _inferred_dtype(data)
    if math.prod(sizes) == 0:
        return np.zeros(sizes, dtype=target.numpy)  # torch stores nothing, so checks nothing
    values: list = []
    _store(data, sizes, 0, target, values)
    return _numbers(values, target, sizes)


def _plain(data: Any) -> tuple[list[int], set, list] | None:
    """The shape, the element types and the flat elements of regular nested lists (or tuples) of
    Python numbers; None for anything else (read the slow way, with torch's errors)."""
    if data.__class__ not in (list, tuple) or not data:
        return None
    if data[0].__class__ not in (list, tuple):
        kinds = set(map(type, data))
        return ([len(data)], kinds, data) if kinds <= _PLAIN_NUMBERS else None
    rows = [_plain(row) for row in data]
    if None in rows or any(row[0] != rows[0][0] for row in rows):
        return None
    return ([len(data), *rows[0][0]], set().union(*(row[1] for row in rows)),
            [value for row in rows for value in row[2]])


def _numbers(values: list, target: dtype, sizes: list[int]) -> np.ndarray:
    """Python numbers (already checked) as an array of ``target`` and shape ``sizes``."""
    if target is bfloat16:  # (through float32, as torch converts: see ``converted``)
        return converted(_numbers(values, float32, sizes), target.numpy)
    try:
        with np.errstate(over="ignore"):  # a float too big for float32 is inf, silently
            return np.array(values, dtype=target.numpy).reshape(sizes)
    except OverflowError:  # an int outside ``target`` (or beyond 64 bits)
        _check_int_range(values, target)
        return np.array(values, dtype=np.int64).astype(target.numpy).reshape(sizes)


def _check_int_range(values: Any, target: dtype) -> None:
    """torch's errors for ints ``target`` cannot hold (``values``: a list, or one number): beyond
    64 bits, or outside the dtype, where an unsigned dtype takes a negative int down to minus its
    maximum (wrapped around: -1 is 255)."""
    if not isinstance(values, list):
        values = [values]
    limits = np.iinfo(target.numpy)
    lowest = -limits.max if limits.min == 0 else limits.min
    for value in values:
        if value.__class__ is int and not -2**63 <= value < 2**63:
            raise ValueError("Overflow when unpacking long long")
    for value in values:
        if value.__class__ is int and not lowest <= value <= limits.max:
            raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")


def _is_sequence(value: Any) -> bool:
    """What torch reads as a sequence (lists, tuples, ranges, strings, arrays; a tensor is a
    number here)."""
    if value.__class__ in (list, tuple):
        return True
    return isinstance(value, (Sequence, np.ndarray)) and not isinstance(value, Tensor)


def _data_sizes(data: Any) -> list[int]:
    """The shape of nested data, read from each level's first element (as torch does)."""
    sizes: list[int] = []
    while _is_sequence(data):
        sizes.append(len(data))
        if len(sizes) > MAX_DIMS:
            raise ValueError(f"too many dimensions '{type_name(data)}'")
        if not sizes[-1]:
            break
        data = data[0]
    return sizes


def _inferred_dtype(data: Any) -> dtype:
    """torch's dtype for data: from every element, promoted (Python floats: the default float)."""
    if data.__class__ in (list, tuple) and data:
        kinds = set(map(type, data))
        if kinds <= _PLAIN_NUMBERS:  # a list of Python numbers: the common case, fast
            return DEFAULT_FLOAT if float in kinds else int64 if int in kinds else bool_
    if isinstance(data, (np.ndarray, np.generic)):
        return as_dtype(np.asarray(data).dtype)
    if isinstance(data, float):
        return DEFAULT_FLOAT
    if isinstance(data, bool):
        return bool_
    if isinstance(data, int):
        return int64
    if isinstance(data, complex):
        return DEFAULT_COMPLEX
    if isinstance(data, Tensor):
        return data.dtype
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type_name(data)}'")
    if _is_sequence(data):
        if not len(data):
            return DEFAULT_FLOAT
        result = None
        for item in data:
            if item is data:
                raise TypeError("new(): self-referential lists are incompatible")
            result = _promote(result, _inferred_dtype(item))
        return result
    raise RuntimeError(f"Could not infer dtype of {type_name(data)}")


def _store(data: Any, sizes: list[int], dim: int, target: dtype, values: list) -> None:
    """Append the elements of ``data`` (at depth ``dim`` of ``sizes``) to ``values``, as numbers
    of ``target``'s kind, with torch's error for a ragged sequence or an element it cannot read."""
    if dim == len(sizes):
        values.append(_element(data, target))
        return
    if isinstance(data, np.ndarray):
        _warn_list_of_arrays()
        if data.shape == tuple(sizes[dim:]):
            data = data.tolist()  # an array of the right shape: its numbers, without a loop
    if isinstance(data, np.ndarray):
        data = list(data)
    elif not isinstance(data, (list, tuple)):
        if not _is_sequence(data):
            raise TypeError("not a sequence")
        data = list(data)
    if len(data) != sizes[dim]:
        raise ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got {len(data)})")
    if dim == len(sizes) - 1 and set(map(type, data)) <= _PLAIN_NUMBERS and (
            target.is_floating_point or target is bool_ or float not in set(map(type, data))):
        values.extend(data)  # numbers numpy converts exactly as torch does
        return
    for item in data:
        _store(item, sizes, dim + 1, target, values)


_warned_list_of_arrays = False


def _warn_list_of_arrays() -> None:
    """torch's warning for arrays inside a list, given once per session as torch gives it."""
    global _warned_list_of_arrays
    if not _warned_list_of_arrays:
        _warned_list_of_arrays = True
        warnings.warn("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please "
                      "consider converting the list to a single numpy.ndarray with numpy.array() "
                      "before converting to a tensor.", UserWarning, stacklevel=5)


def _element(value: Any, target: dtype) -> Any:
    """One element as torch stores it into ``target``: a number (or a one-element tensor) converted
    by Python's own rules, with torch's errors."""
    if isinstance(value, Tensor):
        if value._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        value = value._data.reshape(()).item()
    elif isinstance(value, np.bool_):
        value = bool(value)
    if target.is_complex:
        if isinstance(value, (str, bytes)) or not hasattr(type(value), "__complex__") and not \
                hasattr(type(value), "__float__") and not hasattr(type(value), "__index__"):
            raise TypeError(f"must be complex number, not {type_name(value)}")
        return complex(value)
    if isinstance(value, (complex, np.complexfloating)):
        if target.is_floating_point:
            raise TypeError("must be real number, not complex")
        raise TypeError("'complex' object cannot be interpreted as an integer")
    if target.is_floating_point:
        if isinstance(value, (str, bytes)) or not hasattr(type(value), "__float__") and not \
                hasattr(type(value), "__index__"):
            raise TypeError(f"must be real number, not {type_name(value)}")
        return float(value)
    if isinstance(value, (float, np.floating)):
        if target is bool_:
            return bool(value)
        limits = np.iinfo(target.numpy)
        if not (math.isfinite(value) and limits.min <= value <= limits.max):
            raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")
        return int(value)
    number = operator.index(value)  # Python's TypeError for anything else
    return bool(number) if target is bool_ else number


def _finish(array: np.ndarray, requires_grad: bool, device: Any = None) -> Tensor:
    if placement(device) is META and not is_meta_array(array):
        array = meta_array(array.shape, array.dtype)  # (the values were small: made, then dropped)
    out = Tensor._make(array)
    if watching.count:
        note("constant", out)  # made from Python values and sizes (random draws note "random")
    return out._require_grad_at_creation() if requires_grad else out


def _fresh(shape: tuple[int, ...], kind: np.dtype, make: Callable[[], np.ndarray],
           requires_grad: bool, device: Any) -> Tensor:
    """A new tensor of ``shape`` holding ``make()``'s values; on the meta device, without calling
    ``make`` (a meta tensor may be far larger than memory, and takes no random draws)."""
    if placement(device) is META:
        return _finish(meta_array(shape, kind), requires_grad)
    return _finish(make(), requires_grad, device)


@factory("tensor")
def tensor(data: Any, *, dtype: dtype | None = None, device: Any = None,
           requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of ``data`` (nested lists, numbers, arrays)."""
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
            "or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
    if watching.count:
        for held in _tensors_in(data):
            note("read", held, "tensor")  # its values are copied: not a constant
    return _finish(_to_array(data, dtype), requires_grad, device)


def _tensors_in(data: Any) -> list:
    """The tensors inside ``data`` (a tensor, or nested lists and tuples holding some)."""
    if isinstance(data, Tensor):
        return [data]
    if isinstance(data, (list, tuple)):
        return [held for item in data for held in _tensors_in(item)]
    return []


@factory("as_tensor")
def as_tensor(data: Any, dtype: dtype | None = None, device: Any = None) -> Tensor:
    """Like ``tensor`` but shares memory with a numpy array or tensor when it can."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.numpy):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


ASARRAY_REQUIRES_GRAD_WARNING = (
    "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad instead of False. "
    "Pass requires_grad=False explicitly to get the old behavior and silence this warning.")
_asarray_warned = False  # torch warns once per process


def asarray(obj: Any, *, dtype: dtype | None = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool | None = None) -> Tensor:
    """``obj`` as a tensor (the array API's name): a tensor or numpy array is shared when its dtype
    is kept (``copy=None``), always copied with ``copy=True``, never with ``copy=False`` (an error
    when the dtype must change). A shared tensor is returned itself, its ``requires_grad`` set when
    one is given; unspecified, it keeps the tensor's own (torch warns that this changed)."""
    check_device(device)
    if isinstance(obj, Tensor | np.ndarray):
        current = obj.dtype if isinstance(obj, Tensor) else as_dtype(obj.dtype)
        target = dtype or current
        if copy is False and target is not current:
            raise ValueError(f"can't alias tensor with dtype '{current.type_name}' into dtype "
                             f"'{target.type_name}'.")
        if isinstance(obj, np.ndarray):
            result = from_numpy(obj) if target is current and not copy else tensor(obj, dtype=target)
            return result.requires_grad_() if requires_grad else result
        keeps_grad = obj.requires_grad if requires_grad is None else requires_grad
        if requires_grad is None and obj.requires_grad and not _asarray_warned:
            _warn_asarray_once()
        if target is current and not copy:
            return obj.requires_grad_(keeps_grad) if requires_grad is not None else obj
        result = obj.to(target, copy=True)
        if not keeps_grad:
            return result.detach()
        return result if result.requires_grad else result.requires_grad_()
    return tensor(obj, dtype=dtype, requires_grad=bool(requires_grad))


def _warn_asarray_once() -> None:
    global _asarray_warned
    _asarray_warned = True
    warnings.warn(ASARRAY_REQUIRES_GRAD_WARNING, UserWarning, stacklevel=3)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _refuse_foreign_array(array)
    as_dtype(array.dtype)  # raises for unsupported dtypes, with torch's message
    if array.dtype not in (np.float32, np.float64, np.int64, np.bool_, np.complex64, np.complex128):
        array = array.astype(as_dtype(array.dtype).numpy)
    return Tensor._make(array)


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    return input.numel()


def _size(size: tuple, keyword: Any = None) -> tuple[int, ...]:
    """Sizes as varargs, one sequence, or the ``size=`` keyword."""
    if keyword is not None:
        if size:
            raise TypeError(f"{_caller()}() got multiple values for argument 'size'")
        size = (keyword,)
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        size = tuple(size[0])
    for n in size:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(
                f"{_caller()}(): argument 'size' must be tuple of ints, but found element of type "
                f"{type(n).__name__} at pos {size.index(n)}")
        if n < 0:
            if _caller() == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {list(size)}")
    return tuple(int(n) for n in size)


def _caller() -> str:
    import inspect

    frame = inspect.currentframe()
    return frame.f_back.f_back.f_code.co_name if frame and frame.f_back and frame.f_back.f_back \
        else "tensor"


@factory("ones")
def ones(*size: Any, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False, **keywords: Any) -> Tensor:
    """A tensor of ones (float32 unless ``dtype`` says otherwise)."""
    shape = _size(size, _size_keyword("ones", keywords))
    kind = (dtype or DEFAULT_FLOAT).numpy
    return _fresh(shape, kind, lambda: np.ones(shape, dtype=kind), requires_grad, device)


@factory("zeros")
def zeros(*size: Any, dtype: dtype | None = None, device: Any = None,
          requires_grad: bool = False, **keywords: Any) -> Tensor:
    """A tensor of zeros."""
    shape = _size(size, _size_keyword("zeros", keywords))
    kind = (dtype or DEFAULT_FLOAT).numpy
    return _fresh(shape, kind, lambda: np.zeros(shape, dtype=kind), requires_grad, device)


@factory("empty")
def empty(*size: Any, dtype: dtype | None = None, device: Any = None,
          requires_grad: bool = False, **keywords: Any) -> Tensor:
    """An uninitialized tensor (here: zeros, so lessons stay reproducible)."""
    shape = _size(size, _size_keyword("empty", keywords))
    return zeros(shape, dtype=dtype, device=device, requires_grad=requires_grad)


def _size_keyword(function: str, keywords: dict) -> Any:
    """The ``size=`` keyword of the varargs factories (``randn(size=(2, 3))``); any other unknown
    keyword is torch's TypeError."""
    size = keywords.pop("size", None)
    if keywords:
        raise TypeError(f"{function}() got an unexpected keyword argument '{next(iter(keywords))}'")
    return size


@factory("full")
def full(size: Any, fill_value: Any, *, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as in torch)."""
    if not isinstance(size, (tuple, list, Size)):
        raise TypeError("full() takes its size as a tuple or list")
    if isinstance(fill_value, Tensor):  # a 0-d tensor without grad is read as its number
        if fill_value._data.ndim or fill_value.requires_grad:
            raise TypeError("full(): argument 'fill_value' (position 2) must be Number, not Tensor")
        fill_value = fill_value.item()
    dt = dtype or scalar_dtype(fill_value)
    shape = _size((size,))
    # (torch leaves a float16 value unchecked when it writes a single element)
    value = checked_number_array(fill_value, dt.numpy, half=math.prod(shape) != 1)
    return _fresh(shape, value.dtype, lambda: np.full(shape, value), requires_grad, device)


def _like(input: Tensor, dt: dtype | None, device: Any) -> tuple[tuple[int, ...], dtype, Any]:
    """The shape, dtype and device of a ``*_like`` result (which, inside vmap, is batched when
    ``input`` is: ``derived``)."""
    return input._data.shape, dt or input.dtype, input.device if device is None else device


def _like_result(out: Tensor, input: Tensor) -> Tensor:
    """A ``*_like`` result: batched inside vmap when ``input`` is (``derived``); left on the CPU
    when it was asked for there although ``input`` is on the meta device."""
    return out if is_meta(input) and not is_meta(out) else derived(out, input, complex_ok=True,
                                                                   bfloat16_ok=True)


@factory("ones_like")
def ones_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    return _like_result(ones(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


@factory("zeros_like")
def zeros_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    return _like_result(zeros(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


@factory("empty_like")
def empty_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    return _like_result(zeros(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


@factory("full_like")
def full_like(input: Tensor, fill_value: Any, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    out = full(shape, fill_value, dtype=dt, device=device, requires_grad=requires_grad)
    return _like_result(out, input)


def _random_float_dtype(dt: dtype | None, function: str) -> dtype:
    dt = dt or DEFAULT_FLOAT
    if not dt.is_floating_point:
        raise NotImplementedError(f'"{function}" not implemented for \'{dt.type_name}\'')
    return dt


@factory("rand")
def rand(*size: Any, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False, generator: Any = None, **keywords: Any) -> Tensor:
    """Uniform random numbers in [0, 1) (from ``generator``, or the default one ``manual_seed``
    seeds)."""
    shape = _size(size, _size_keyword("rand", keywords))
    dt = _random_float_dtype(dtype, "check_uniform_bounds")
    if dt is bfloat16:  # a float32 draw rounded toward zero: rounded to nearest, one in about
        # 500 would be 1, outside [0, 1) (the draws are random, as torch's: only their range is kept)
        return _fresh(shape, dt.numpy, lambda: _toward_zero_in_bfloat16(
            _random.uniform_array(shape, generator=generator)), requires_grad, device)
    return _fresh(shape, dt.numpy,
                  lambda: _random.uniform_array(shape, dtype=dt.numpy, generator=generator),
                  requires_grad, device)


@factory("randn")
@_bfloat16_through_float32
def randn(*size: Any, dtype: dtype | None = None, device: Any = None,
          requires_grad: bool = False, generator: Any = None, **keywords: Any) -> Tensor:
    """Standard normal random numbers (from ``generator``, or the default one ``manual_seed``
    seeds)."""
    shape = _size(size, _size_keyword("randn", keywords))
    dt = _random_float_dtype(dtype, "normal_kernel_cpu")
    return _fresh(shape, dt.numpy,
                  lambda: _random.normal_array(shape, dtype=dt.numpy, generator=generator),
                  requires_grad, device)


_NORMAL_SIGNATURES = (
    "normal(Tensor mean, Tensor std, *, Generator? generator=None, Tensor out=None)",
    "normal(Tensor mean, double std=1, *, Generator? generator=None, Tensor out=None)",
    "normal(double mean, Tensor std, *, Generator? generator=None, Tensor out=None)",
    "normal(double mean, double std, SymIntArrayRef size, *, Generator? generator=None, "
    "Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
    "bool? pin_memory=False, bool? requires_grad=False)",
)


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: Any = None,
           dtype: dtype | None = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Normal random numbers: ``normal(mean, std, size)`` for numbers, or one draw per element of
    tensor ``mean`` and/or ``std`` (broadcast together)."""
    tensors = [value for value in (mean, std) if isinstance(value, Tensor)]
    numbers_only = not tensors
    if (numbers_only and size is None) or (tensors and size is not None) or not all(
            isinstance(value, Tensor) or isinstance(value, (int, float)) and not isinstance(value, bool)
            for value in (mean, std)):
        given = {key: value for key, value in (("generator", generator), ("dtype", dtype))
                 if value is not None}
        arguments = (mean, std) if size is None else (mean, std, size)
        raise combination_error("normal()", arguments, given, _NORMAL_SIGNATURES)
    check_device(device)
    if isinstance(std, Tensor):
        if (std._data < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    if numbers_only:
        dt = _random_float_dtype(dtype, "normal_kernel_cpu")
        return _finish(_random.normal_array(_size((size,)), float(mean), float(std), dt.numpy,
                                            generator), requires_grad, device)
    if any(value.requires_grad for value in tensors):
        raise NotImplementedError(
            "normal() of a tensor that requires grad: torch records it as NormalBackward with zero "
            "gradients, which autograd_lab does not; for a sample that carries gradients, write "
            "mean + std * torch.randn_like(mean)")
    arrays = [value._data if isinstance(value, Tensor) else value for value in (mean, std)]
    target = tensors[0].dtype if len(tensors) == 1 else _promote(mean.dtype, std.dtype)
    if not target.is_floating_point:
        raise NotImplementedError(f'"normal_kernel_cpu" not implemented for \'{target.type_name}\'')
    try:
        shape = np.broadcast_shapes(*(np.shape(array) for array in arrays))
    except ValueError:
        a, b = (np.shape(array) for array in arrays)
        raise RuntimeError(f"The size of tensor a ({a[-1]}) must match the size of tensor b "
                           f"({b[-1]}) at non-singleton dimension {max(len(a), len(b)) - 1}") from None
    noise = _random.normal_array(shape, dtype=target.numpy, generator=generator)
    return Tensor._make((arrays[0] + arrays[1] * noise).astype(target.numpy, copy=False))


@factory("randint")
@_bfloat16_through_float32
def randint(low: int, high: int | None = None, size: Any = None, *, dtype: dtype | None = None,
            device: Any = None, requires_grad: bool = False, generator: Any = None) -> Tensor:
    """Random integers in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    if size is None:
        if high is None:
            raise TypeError("randint() missing required argument 'size'")
        low, high, size = 0, low, high
    elif high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= "
                           f"to={high}")
    shape = _size((size,))
    if dtype is not None and dtype.is_complex:
        raise RuntimeError("check_random_bounds handles only integral, floating-point and boolean "
                           "types")
    kind = (dtype or int64).numpy
    return _fresh(shape, kind,
                  lambda: _random.rng(generator).integers(low, high, size=shape).astype(kind),
                  requires_grad, device)


@factory("rand_like")
def rand_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False, generator: Any = None) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    out = rand(shape, dtype=dt, device=device, requires_grad=requires_grad, generator=generator)
    return _like_result(out, input)


@factory("randn_like")
def randn_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False, generator: Any = None) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    out = randn(shape, dtype=dt, device=device, requires_grad=requires_grad, generator=generator)
    return _like_result(out, input)


@factory("randint_like")
def randint_like(input: Tensor, low: int, high: int | None = None, *,
                 dtype: dtype | None = None, device: Any = None) -> Tensor:
    shape, dt, device = _like(input, dtype, device)
    return _like_result(randint(low, high, shape, dtype=dt, device=device), input)


@factory("randperm")
def randperm(n: int, *, generator: Any = None, dtype: dtype | None = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """A random permutation of ``0 .. n-1``."""
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    return _finish(_random.rng(generator).permutation(n).astype((dtype or int64).numpy),
                   requires_grad, device)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator: Any = None) -> Tensor:
    """Draw ``num_samples`` category indices from each row of ``input`` (non-negative weights, not
    necessarily summing to one): int64, shape ``(num_samples,)`` or ``(rows, num_samples)``.
    Without ``replacement`` no index is drawn twice in a row."""
    weights = input._data
    if weights.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if weights.dtype.kind not in "fV":  # (V: bfloat16, read exactly as float64 below)
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: "
                           f"{input.dtype.name.capitalize()}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = weights.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    rows = np.atleast_2d(weights).astype(np.float64)
    if not np.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    totals = rows.sum(axis=1)
    if (totals <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    source = _random.rng(generator)
    samples = np.empty((rows.shape[0], num_samples), dtype=np.int64)
    for index, (row, total) in enumerate(zip(rows, totals)):
        if not replacement and num_samples > np.count_nonzero(row):
            raise RuntimeError("invalid multinomial distribution (with replacement=False, not "
                               "enough non-negative category to sample)")
        samples[index] = source.choice(categories, size=num_samples, replace=replacement,
                                       p=row / total)
    return Tensor._make(samples if weights.ndim == 2 else samples[0])


@factory("arange")
def arange(*bounds: Any, dtype: dtype | None = None, device: Any = None,
           requires_grad: bool = False, **keywords: Any) -> Tensor:
    """``arange(end)``, ``arange(start, end)``, ``arange(start, end, step)`` (or as keywords):
    ``start, start+step, ...`` below ``end``. All-integer arguments give int64 (which cannot require
    grad: use ``arange(0., 3.)`` or ``dtype=t.float32`` for that)."""
    given = parse_call("arange", bounds, keywords)  # torch's reading of its three signatures
    start, end, step = given.get("start", 0), given["end"], given.get("step", 1)
    bounds = tuple(_range_number(value) for value in (start, end, step))
    dt = dtype or (float32 if builtins.any(isinstance(v, float) for v in bounds) else int64)
    if dt is bool_ or dt.is_complex:
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{dt.type_name}'")
    first, last, stride = (float(v) for v in bounds)
    if not (stride > 0 or stride < 0):
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(first) and math.isfinite(last)):
        raise RuntimeError(f"unsupported range: {first:g} -> {last:g}")
    if not ((stride > 0 and last >= first) or (stride < 0 and last <= first)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dt is bfloat16 and not _exact_in_bfloat16(bounds):
        raise NotImplementedError(
            "arange with dtype=torch.bfloat16: autograd_lab makes it only where every value and step "
            "is an integer of at most 256 in magnitude (exact in bfloat16). Beyond that torch's "
            "bfloat16 kernel rounds partial sums in vectors whose width depends on the CPU; make "
            "it in float32 and convert (arange(...).bfloat16()) if float32's values rounded will do.")
    if dt.is_floating_point:
        size = math.ceil((last - first) / stride)
        if size > _INT64_MAX:
            raise RuntimeError("invalid size, possible overflow?")
        return _finish(_float_range(first, stride, size, dt.numpy), requires_grad, device)
    low, high, jump = (int(v) for v in bounds)  # integer dtypes count in integers, as torch
    if dt is int64:
        # torch sizes an int64 range from the truncated bounds, exactly: ceil((high - low) / jump)
        if jump == 0:
            raise ValueError("step must be nonzero")
        size = -((low - high) // jump)
    else:
        # the narrower integer dtypes are sized from the bounds as given, in float64 (arange(1.5,
        # dtype=int32) has two elements, arange(0, 1, .25, dtype=int32) four zeros), and then filled
        # from the truncated start and step
        size = math.ceil((last - first) / stride)
    return _finish((low + np.arange(size, dtype=np.int64) * jump).astype(dt.numpy), requires_grad,
                   device)


def _exact_in_bfloat16(bounds: tuple) -> bool:
    """Whether a bfloat16 arange over ``bounds`` (start, end, step) only ever meets integers of at
    most 256 in magnitude: then every value, partial sum and product is exact in bfloat16, and no
    rounding order can change it."""
    start, end, step = bounds
    return all(float(v).is_integer() and abs(v) <= 256 for v in (start, end, step, end - start))


_INT64_MAX = np.iinfo(np.int64).max
# torch's CPU arange fills float32 in vectors of 8 and float64 in vectors of 4 elements
_RANGE_VECTOR = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}


def _float_range(start: float, step: float, size: int, kind: np.dtype) -> np.ndarray:
    """``start + i * step`` rounded as torch's CPU kernel rounds it, so that a value such as
    ``arange(-8., 8., .1)[80]`` is torch's 4.4e-16 and not 0 (which changes how a tensor prints).

    The kernel computes in float64 with fused multiply-adds, two vectors at a time: each vector
    starts at ``base = fma(step, i0, start)`` rounded to the dtype, its elements are
    ``fma(j, step, base)`` for ``j`` in the vector; the elements after the last pair of vectors are
    ``fma(step, i, start)``. Other float dtypes get ``start + i * step`` rounded once."""
    index = np.arange(size, dtype=np.float64)
    width = _RANGE_VECTOR.get(np.dtype(kind))
    if width is None:
        return (start + index * step).astype(kind)
    values = _fma(index, step, start)
    paired = size - size % (2 * width)
    lane = index[:paired] % width
    base = _fma(index[:paired] - lane, step, start).astype(kind).astype(np.float64)
    values[:paired] = _fma(lane, step, base)
    return values.astype(kind)


def _fma(a: Any, b: Any, c: Any) -> np.ndarray:
    """``a * b + c`` in float64 with one rounding, as a fused multiply-add gives it: the product's
    rounding error is recovered exactly (Dekker's two-product) and added back with the sum's."""
    a, b, c = (np.asarray(x, dtype=np.float64) for x in (a, b, c))
    product = a * b
    split = 134217729.0  # 2**27 + 1: halves of 26 bits whose products are exact
    with np.errstate(all="ignore"):  # beyond 1e300 the halves overflow: plain a * b + c there
        a_big = split * a - (split * a - a)
        b_big = split * b - (split * b - b)
        a_small, b_small = a - a_big, b - b_big
        product_error = (((a_big * b_big - product) + a_big * b_small + a_small * b_big)
                         + a_small * b_small)
        total = product + c
        back = total - product
        sum_error = (product - (total - back)) + (c - back)
        fused = total + (sum_error + product_error)
    return np.where(np.isfinite(fused), fused, total)


def _range_number(value: Any) -> int | float:
    """An ``arange`` bound (a number or a 0-d tensor, as torch's parser let through) as a Python
    number."""
    if isinstance(value, (Tensor, np.generic)):
        value = value.item()
    if isinstance(value, int) and not -_INT64_MAX - 1 <= value <= _INT64_MAX:
        raise OverflowError("int too big to convert")
    return value


def _check_steps(steps: Any) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
        # (the factory's wrapper words torch's TypeError from the call itself)
        raise TypeError(f"argument 'steps' must be int, not {type(steps).__name__}")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")


@factory("linspace")
def linspace(start: float, end: float, steps: int, *, dtype: dtype | None = None,
             device: Any = None, requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    _check_steps(steps)
    dt = dtype or DEFAULT_FLOAT
    _refuse_bfloat16_spacing("linspace", dt)
    wider = _LINSPACE_WORK.get(dt.numpy)
    if wider is None or steps < 2:
        return _finish(np.linspace(start, end, steps).astype(dt.numpy), requires_grad, device)
    return _finish(_linspace_as_torch(start, end, steps, dt.numpy, wider), requires_grad, device)


def _refuse_bfloat16_spacing(function: str, dt: dtype) -> None:
    """torch's bfloat16 linspace rounds as a kernel of its own (its values are not float32's
    rounded: 0.0000 where float32's gives 0.0091): not reproduced here, so refused."""
    if dt is bfloat16:
        raise NotImplementedError(
            f"{function} with dtype=torch.bfloat16: autograd_lab does not reproduce torch's "
            f"bfloat16 {function}, whose values are not float32's rounded. Make it in float32 "
            f"and convert ({function}(...).bfloat16()) if float32's values rounded will do.")


# float32 and float64 linspace computed as torch's CPU kernel computes them (below), in a type
# wide enough to hold a product of two of them exactly (float64; the x86 long double for float64,
# where it is wider: elsewhere the float64 values may differ from torch's in the last bit)
_LINSPACE_WORK = {np.dtype(np.float32): np.float64, np.dtype(np.float64): np.longdouble}


def _linspace_as_torch(start: float, end: float, steps: int, dtype: np.dtype,
                       wider: type) -> np.ndarray:
    """torch's CPU linspace, element by element: ``step = (end - start) / (steps - 1)`` in the
    dtype; the first half ``start + step * i``, the second half ``end - step * (steps - 1 - i)``,
    each rounded once (its compiler fuses the multiply and the add), which the wider type gives.
    numpy's formula rounds differently: most values of a float32 linspace differed in the last
    bit."""
    kind = dtype.type
    first, last = kind(start), kind(end)
    step = kind(kind(last - first) / kind(steps - 1))
    index = np.arange(steps)
    from_start = wider(first) + wider(step) * index.astype(wider)
    from_end = wider(last) - wider(step) * (steps - 1 - index).astype(wider)
    return np.where(index < steps // 2, from_start, from_end).astype(dtype)


def logspace(start: float, end: float, steps: int, base: float = 10.0, *,
             dtype: dtype | None = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """``steps`` values ``base ** x`` for ``x`` evenly spaced from ``start`` to ``end``."""
    _check_steps(steps)
    dt = dtype or DEFAULT_FLOAT
    _refuse_bfloat16_spacing("logspace", dt)
    # a power too big for an integer dtype becomes what torch's cast makes of it, silently (numpy
    # warns "invalid value encountered in cast", which torch does not)
    with np.errstate(invalid="ignore", over="ignore"):
        values = np.logspace(start, end, steps, base=base).astype(dt.numpy)
    return _finish(values, requires_grad, device)


def bernoulli(input: Tensor, p: Any = None, *, generator: Any = None) -> Tensor:
    """0s and 1s: each element 1 with the probability ``input`` holds there (or ``p``), in
    ``input``'s dtype (not differentiable)."""
    probabilities = input._data if p is None else p
    if p is None and ((probabilities < 0) | (probabilities > 1)).any():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could "
                           "this error message be improved?  If so, please report an enhancement "
                           "request to PyTorch.)")
    draws = _random.rng(generator).random(input._data.shape) < probabilities
    return derived(Tensor._make(draws.astype(input._data.dtype)), input)


@factory("eye")
def eye(n: int, m: int | None = None, *, dtype: dtype | None = None, device: Any = None,
        requires_grad: bool = False) -> Tensor:
    """The identity matrix (``n`` x ``m``)."""
    for name, size in (("n", n), ("m", m)):
        if isinstance(size, int) and size < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {size}")
    return _finish(np.eye(n, m, dtype=(dtype or DEFAULT_FLOAT).numpy), requires_grad, device)



@factory("tril_indices")
def tril_indices(row: int, col: int, offset: int = 0, *, dtype: dtype | None = None,
                 device: Any = None, requires_grad: bool = False) -> Tensor:
    """The (row, column) positions of a ``row`` x ``col`` matrix's lower triangle (on and below
    diagonal ``offset``), row by row, as a 2 x N tensor (int64, or ``dtype`` int32)."""
    return _triangle_indices("tril_indices", np.tril_indices, row, col, offset, dtype, device, requires_grad)


@factory("triu_indices")
def triu_indices(row: int, col: int, offset: int = 0, *, dtype: dtype | None = None,
                 device: Any = None, requires_grad: bool = False) -> Tensor:
    """The (row, column) positions of a ``row`` x ``col`` matrix's upper triangle (on and above
    diagonal ``offset``), row by row, as a 2 x N tensor (int64, or ``dtype`` int32)."""
    return _triangle_indices("triu_indices", np.triu_indices, row, col, offset, dtype, device, requires_grad)


def _triangle_indices(name: str, positions: Any, row: int, col: int, offset: int,
                      dt: dtype | None, device: Any, requires_grad: bool) -> Tensor:
    for label, size in (("row", row), ("col", col), ("offset", offset)):
        operator.index(size)  # (a float is refused: torch's TypeError, worded by the wrapper)
        if label != "offset" and size < 0:
            raise RuntimeError(f"{label} must be non-negative, got{size}")
    dt = dt or int64
    if dt.numpy.name not in ("int32", "int64"):
        raise NotImplementedError(f"\"{name}\" not implemented for '{dt.type_name}'")
    rows, cols = positions(row, offset, col)
    return _finish(np.stack([rows, cols]).astype(dt.numpy), requires_grad, device)


# -- torch.Tensor(...) and the legacy typed constructors (torch.FloatTensor(...), LongTensor(...))

_LEGACY_SIGNATURES = (
    "new(*, Device? device=None)", "new(Storage storage)", "new(Tensor other)",
    "new(SymIntArrayRef size, *, Device? device=None)", "new(PyObject* data, *, Device? device=None)",
)
"""torch's signatures of the legacy constructor, as its argument errors list them."""

def _options(dt: dtype) -> str:
    return (f"TensorOptions(dtype={cpp_type_name(dt)}, device=cpu, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))")


def legacy_data(dt: dtype | None, args: tuple, kwargs: dict) -> np.ndarray | Tensor:
    """What ``torch.Tensor(*args)`` (``dt`` None: float32) or a typed legacy constructor such as
    ``torch.LongTensor(*args)`` (``dt`` its dtype) holds: a tensor to share memory with
    (``Tensor(t)``), or a new array: ``Tensor(data)`` converts data to the dtype whatever its own
    type, ``Tensor(2, 3)`` and ``Tensor(torch.Size([2, 3]))`` are uninitialized (here: zero) tensors
    of that size, ``Tensor()`` an empty one. Only ``device=`` is accepted as a keyword (no ``dtype=``,
    no ``requires_grad=``), with torch's TypeError otherwise."""
    target = dt or DEFAULT_FLOAT
    unknown = {key: value for key, value in kwargs.items() if key != "device"}
    if not unknown and len(args) > 1 and _is_size_number(args[0]):  # read as sizes
        for position, n in enumerate(args):
            if not _is_size_number(n):
                raise TypeError(f"new(): argument 'size' failed to unpack the object at pos "
                                f"{position + 1} with error \"type must be tuple of ints,but got "
                                f"{type_name(n)}\"")
    if unknown or (len(args) > 1 and not _is_size_number(args[0])):
        raise combination_error("new()", args, kwargs, _LEGACY_SIGNATURES)
    check_device(kwargs.get("device"))
    if not args:
        return np.empty(0, dtype=target.numpy)
    if len(args) > 1 or _is_size_number(args[0]) or isinstance(args[0], Size):
        return zeros(_size(tuple(args[0]) if isinstance(args[0], Size) else args),
                     dtype=target)._data
    (data,) = args
    if isinstance(data, Tensor):
        if dt is not None and data.dtype is not dt:
            raise TypeError(f"expected {_options(dt)} (got {_options(data.dtype)})")
        return data
    if isinstance(data, (float, bool, complex, np.generic)):
        raise TypeError(f"new(): data must be a sequence (got {type_name(data)})")
    return _to_array(data, target)


def _is_size_number(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
