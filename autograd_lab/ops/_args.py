"""Turning op arguments into tensors of one dtype, by torch's promotion rules."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtypes import dtype, result_type
from ..tensor import Tensor

__all__ = ["binary_operands", "as_operand", "constant"]


class _Promoted(Tensor):
    """An operand converted to the op's dtype: new memory, but the same place in the graph (and the
    same version counter) as the tensor it came from, as torch's ops promote internally."""

    __slots__ = ("_original",)

    def _edge(self) -> tuple:
        return self._original._edge()


def constant(value: Any, dt: dtype) -> Tensor:
    """A Python number (or array) as a tensor that needs no grad: the ``(None, 0)`` input."""
    return Tensor._make(np.asarray(value, dtype=dt.numpy))


def as_operand(value: Any, dt: dtype) -> Tensor:
    """``value`` as a tensor of dtype ``dt``: tensors are converted, numbers become constants."""
    if not isinstance(value, Tensor):
        return constant(value, dt)
    if value._data.dtype == dt.numpy:
        return value
    promoted = object.__new__(_Promoted)
    promoted._data = value._data.astype(dt.numpy)
    promoted._original = value
    promoted._grad = promoted._state = None
    promoted.grad_fn = value.grad_fn
    promoted._output_nr = value._output_nr
    promoted._requires_grad = value._requires_grad
    promoted._vc = value._version_counter()
    return promoted


def binary_operands(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """Both operands of an elementwise op as tensors of their common dtype."""
    if type(a) is Tensor:
        if type(b) is Tensor and a._data.dtype is b._data.dtype:
            return a, b
        if type(b) is float and a._data.dtype.kind == "f":  # x * 0.5: the common case, fast
            return a, Tensor._make(np.asarray(b, dtype=a._data.dtype))
    dt = result_type(a, b)
    return as_operand(a, dt), as_operand(b, dt)
