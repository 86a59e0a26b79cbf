"""Turning op arguments into tensors of one dtype, by torch's promotion rules; refusing what is not
a number or a tensor with torch's TypeError."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._arguments import argument_error
from .._dtypes import as_dtype, converted, dtype, number_array, result_type
from ..autograd import complex_mode
from ..autograd.forward_ad import set_tangent, tangent_of
from ..autograd.forward_ad import state as dual
from ..tensor import Tensor

__all__ = ["binary_operands", "as_operand", "constant", "is_operand", "check_operands"]

# What an elementwise op takes besides tensors: Python and numpy numbers, and numpy arrays (backward
# formulas mix them with tensors under create_graph; a learner's array is taken like a number's
# dtype would be, see the README's Known differences).
_OPERAND_TYPES = (Tensor, int, float, complex, np.number, np.bool_, np.ndarray)
_PLAIN_OPERANDS = frozenset({Tensor, int, float, bool})  # checked by class alone: the common case


def is_operand(value: Any) -> bool:
    """A tensor, a number or an array: something an elementwise op can compute with."""
    return isinstance(value, _OPERAND_TYPES)


def check_operands(function: str, *operands: Any, kwargs: dict | None = None) -> None:
    """torch's TypeError (``add(): argument 'other' (position 2) must be Tensor, not NoneType``)
    when an operand is neither a tensor nor a number. ``operands`` are the call's positional
    arguments as the user gave them, ``kwargs`` its keywords (to word torch's message)."""
    for value in operands:
        if not isinstance(value, _OPERAND_TYPES):
            raise argument_error(function, operands, kwargs)


class _Promoted(Tensor):
    """An operand converted to the op's dtype: new memory, but the same place in the graph (and the
    same version counter) as the tensor it came from, as torch's ops promote internally."""

    __slots__ = ("_original",)

    def _edge(self) -> tuple:
        return self._original._edge()


_CONSTANTS: dict[tuple, Tensor] = {}
_MAX_CONSTANTS = 512


def constant(value: Any, dt: dtype) -> Tensor:
    """A Python number (or array) as a tensor that needs no grad: the ``(None, 0)`` input.

    Numbers are cached (read-only), since loops use the same few constants (``y * 0.5``) over and
    over and making a 0-d array costs as much as the multiplication itself. A float zero is not
    cached: ``-0.0 == 0.0`` (and ``== 0``), so one key would serve both signs."""
    if type(value) is int or type(value) is float and value:
        key = (value, dt.numpy)
        cached = _CONSTANTS.get(key)
        if cached is None:
            if len(_CONSTANTS) >= _MAX_CONSTANTS:
                _CONSTANTS.clear()
            array = number_array(value, dt.numpy)
            array.flags.writeable = False
            cached = _CONSTANTS[key] = Tensor._make(array)
        return cached
    return Tensor._make(number_array(value, dt.numpy))


def as_operand(value: Any, dt: dtype) -> Tensor:
    """``value`` as a tensor of dtype ``dt``: tensors are converted, numbers become constants."""
    if not isinstance(value, Tensor):
        return constant(value, dt)
    if value._data.dtype == dt.numpy:
        return value
    if value._data.dtype.kind == "c" and dt.numpy.kind != "c":  # (never the imaginary part lost)
        raise complex_mode.refusal(f"converting a complex tensor to {dt}", [value._data])
    promoted = object.__new__(_Promoted)
    if value._data.dtype.kind in "fV" and dt.numpy.kind in "iu":
        with np.errstate(invalid="ignore"):  # NaN and infinities convert silently, as in torch
            promoted._data = value._data.astype(dt.numpy)
    else:  # (into bfloat16 through float32, as torch rounds: see ``converted``)
        promoted._data = converted(value._data, dt.numpy)
    promoted._original = value
    promoted._grad = promoted._state = None
    promoted.grad_fn = value.grad_fn
    promoted._output_nr = value._output_nr
    promoted._requires_grad = value._requires_grad
    promoted._vc = value._version_counter()
    if dual.active:  # forward mode: the tangent is converted too
        tangent = tangent_of(value)
        if tangent is not None:
            set_tangent(promoted, tangent.to(dt))
    return promoted


def binary_operands(a: Any, b: Any, function: str) -> tuple[Tensor, Tensor]:
    """Both operands of the elementwise op ``function`` as tensors of their common dtype; torch's
    TypeError when one is not a number or a tensor."""
    if isinstance(a, Tensor):  # (Parameters too)
        if isinstance(b, Tensor) and a._data.dtype is b._data.dtype:
            return a, b
        if type(b) is float and a._data.dtype.kind in "fV" or type(b) is int and (
                a._data.dtype.kind in "fiucV"):  # x * 0.5, n + 1: the common cases, fast
            # (the tensor's dtype is the common one; a float zero is never cached, see constant)
            cached = _CONSTANTS.get((b, a._data.dtype)) if b or type(b) is int else None
            return a, cached if cached is not None else constant(b, as_dtype(a._data.dtype))
    if a.__class__ not in _PLAIN_OPERANDS or b.__class__ not in _PLAIN_OPERANDS:
        check_operands(function, a, b)
    dt = result_type(a, b)
    return as_operand(a, dt), as_operand(b, dt)


def integer_division_check(b: np.ndarray) -> None:
    """Integer division by zero: torch raises (numpy would warn and return 0)."""
    if b.dtype.kind in "iub" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")
