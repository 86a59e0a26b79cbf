"""Making tensors: ``tensor``, ``ones``, ``zeros``, ``arange``, ``rand`` ... (torch's signatures).

Sizes may be given as varargs (``ones(2, 3)``), one tuple (``ones((2, 3))``) or ``size=``; every
function takes ``dtype=`` and ``requires_grad=``, and ``device=`` (only the CPU exists here: another
device is an error). The random functions take ``generator=`` (a ``torch.Generator``).
"""

from __future__ import annotations

import builtins
import math
import warnings
from typing import Any

import numpy as np

from . import random as _random
from ._dtypes import DEFAULT_FLOAT, as_dtype, dtype, float32, int64, scalar_dtype
from .autograd.record import derived
from .device import check_device
from .tensor import Size, Tensor

__all__ = [
    "tensor", "as_tensor", "from_numpy", "ones", "zeros", "full", "empty", "ones_like",
    "zeros_like", "full_like", "empty_like", "rand", "randn", "randint", "rand_like", "randn_like",
    "randint_like", "randperm", "multinomial", "arange", "linspace", "eye", "is_tensor", "numel",
]


def _to_array(data: Any, dt: dtype | None) -> np.ndarray:
    """Convert Python data or arrays to a numpy array with torch's dtype inference."""
    if isinstance(data, Tensor):
        array = data._data
        return array.copy() if dt is None else array.astype(dt.numpy)
    if isinstance(data, np.ndarray):
        array = np.array(data, copy=True)
        inferred = as_dtype(array.dtype)
    else:
        array = np.array(_unwrap(data))
        if array.dtype == object:
            raise TypeError(f"Could not infer dtype of {type(data).__name__}")
        if array.dtype.kind == "f":
            inferred = DEFAULT_FLOAT  # Python floats become float32, as in torch
        else:
            inferred = as_dtype(array.dtype)
        if array.size == 0 and not _contains_ints(data):
            inferred = DEFAULT_FLOAT
    target = dt or inferred
    return array.astype(target.numpy, copy=False)


def _unwrap(data: Any) -> Any:
    """Nested lists of tensors or numbers, as nested lists of numbers."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        return [_unwrap(item) for item in data]
    return data


def _contains_ints(data: Any) -> bool:
    if isinstance(data, (list, tuple)):
        return builtins.any(_contains_ints(item) for item in data)
    return isinstance(data, (int, np.integer))


def _finish(array: np.ndarray, requires_grad: bool, device: Any = None) -> Tensor:
    check_device(device)
    out = Tensor._make(array)
    return out._require_grad_at_creation() if requires_grad else out


def tensor(data: Any, *, dtype: dtype | None = None, device: Any = None,
           requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of ``data`` (nested lists, numbers, arrays)."""
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
            "or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
    return _finish(_to_array(data, dtype), requires_grad, device)


def as_tensor(data: Any, dtype: dtype | None = None, device: Any = None) -> Tensor:
    """Like ``tensor`` but shares memory with a numpy array or tensor when it can."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.numpy):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    as_dtype(array.dtype)  # raises for unsupported dtypes, with torch's message
    if array.dtype not in (np.float32, np.float64, np.int64, np.bool_):
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
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {list(size)}")
    return tuple(int(n) for n in size)


def _caller() -> str:
    import inspect

    frame = inspect.currentframe()
    return frame.f_back.f_back.f_code.co_name if frame and frame.f_back and frame.f_back.f_back \
        else "tensor"


def ones(*size: Any, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False, **keywords: Any) -> Tensor:
    """A tensor of ones (float32 unless ``dtype`` says otherwise)."""
    shape = _size(size, _size_keyword("ones", keywords))
    return _finish(np.ones(shape, dtype=(dtype or DEFAULT_FLOAT).numpy), requires_grad, device)


def zeros(*size: Any, dtype: dtype | None = None, device: Any = None,
          requires_grad: bool = False, **keywords: Any) -> Tensor:
    """A tensor of zeros."""
    shape = _size(size, _size_keyword("zeros", keywords))
    return _finish(np.zeros(shape, dtype=(dtype or DEFAULT_FLOAT).numpy), requires_grad, device)


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


def full(size: Any, fill_value: Any, *, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as in torch)."""
    dt = dtype or scalar_dtype(fill_value)
    return _finish(np.full(_size((size,)), fill_value, dtype=dt.numpy), requires_grad, device)


def _like(input: Tensor, dt: dtype | None) -> tuple[tuple[int, ...], dtype]:
    """The shape and dtype of a ``*_like`` result (which, inside vmap, is batched when ``input``
    is: ``derived``)."""
    return input._data.shape, dt or input.dtype


def ones_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    shape, dt = _like(input, dtype)
    return derived(ones(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


def zeros_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False) -> Tensor:
    shape, dt = _like(input, dtype)
    return derived(zeros(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


def empty_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False) -> Tensor:
    shape, dt = _like(input, dtype)
    return derived(zeros(shape, dtype=dt, device=device, requires_grad=requires_grad), input)


def full_like(input: Tensor, fill_value: Any, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False) -> Tensor:
    shape, dt = _like(input, dtype)
    out = full(shape, fill_value, dtype=dt, device=device, requires_grad=requires_grad)
    return derived(out, input)


def _random_float_dtype(dt: dtype | None, function: str) -> dtype:
    dt = dt or DEFAULT_FLOAT
    if not dt.is_floating_point:
        raise RuntimeError(f'"{function}" not implemented for '
                           f"'{ {'int64': 'Long', 'bool': 'Bool'}[dt.name] }'")
    return dt


def rand(*size: Any, dtype: dtype | None = None, device: Any = None,
         requires_grad: bool = False, generator: Any = None, **keywords: Any) -> Tensor:
    """Uniform random numbers in [0, 1) (from ``generator``, or the default one ``manual_seed``
    seeds)."""
    shape = _size(size, _size_keyword("rand", keywords))
    dt = _random_float_dtype(dtype, "check_uniform_bounds")
    return _finish(_random.uniform_array(shape, dtype=dt.numpy, generator=generator),
                   requires_grad, device)


def randn(*size: Any, dtype: dtype | None = None, device: Any = None,
          requires_grad: bool = False, generator: Any = None, **keywords: Any) -> Tensor:
    """Standard normal random numbers (from ``generator``, or the default one ``manual_seed``
    seeds)."""
    shape = _size(size, _size_keyword("randn", keywords))
    dt = _random_float_dtype(dtype, "normal_kernel_cpu")
    return _finish(_random.normal_array(shape, dtype=dt.numpy, generator=generator),
                   requires_grad, device)


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
    values = _random.rng(generator).integers(low, high, size=shape)
    return _finish(values.astype((dtype or int64).numpy), requires_grad, device)


def rand_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
              requires_grad: bool = False, generator: Any = None) -> Tensor:
    shape, dt = _like(input, dtype)
    out = rand(shape, dtype=dt, device=device, requires_grad=requires_grad, generator=generator)
    return derived(out, input)


def randn_like(input: Tensor, *, dtype: dtype | None = None, device: Any = None,
               requires_grad: bool = False, generator: Any = None) -> Tensor:
    shape, dt = _like(input, dtype)
    out = randn(shape, dtype=dt, device=device, requires_grad=requires_grad, generator=generator)
    return derived(out, input)


def randint_like(input: Tensor, low: int, high: int | None = None, *,
                 dtype: dtype | None = None, device: Any = None) -> Tensor:
    shape, dt = _like(input, dtype)
    return derived(randint(low, high, shape, dtype=dt), input)


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
    if weights.dtype.kind != "f":
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


def arange(start: Any, end: Any = None, step: Any = 1, *, dtype: dtype | None = None,
           device: Any = None, requires_grad: bool = False) -> Tensor:
    """``start, start+step, ...`` below ``end``. All-integer arguments give int64 (which cannot
    require grad: use ``arange(0., 3.)`` or ``dtype=t.float32`` for that)."""
    if end is None:
        start, end = 0, start
    numbers = [float(v) if isinstance(v, Tensor) and v.is_floating_point() else v
               for v in (start, end, step)]
    if step == 0:
        raise RuntimeError("step must be nonzero")
    inferred = float32 if builtins.any(isinstance(v, float) for v in numbers) else int64
    dt = dtype or inferred
    count = builtins.max(0, math.ceil((numbers[1] - numbers[0]) / numbers[2]))
    values = numbers[0] + np.arange(count, dtype=np.float64) * numbers[2]
    return _finish(values.astype(dt.numpy), requires_grad, device)


def linspace(start: float, end: float, steps: int, *, dtype: dtype | None = None,
             device: Any = None, requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    dt = dtype or DEFAULT_FLOAT
    return _finish(np.linspace(start, end, steps).astype(dt.numpy), requires_grad, device)


def eye(n: int, m: int | None = None, *, dtype: dtype | None = None, device: Any = None,
        requires_grad: bool = False) -> Tensor:
    """The identity matrix (``n`` x ``m``)."""
    return _finish(np.eye(n, m, dtype=(dtype or DEFAULT_FLOAT).numpy), requires_grad, device)

