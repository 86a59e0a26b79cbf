"""``nn.Parameter``: a tensor that a ``Module`` registers as one of its learnable weights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that a ``Module`` lists in ``parameters()``
    when assigned as an attribute. It shares memory with the tensor it wraps, as in torch."""

    __slots__ = ()

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        source = data if data is not None else Tensor()
        self._data = source._data
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._vc = source._version_counter()
        self._state = None
        self._requires_grad = False
        if requires_grad:
            self._require_grad_at_creation()

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __reduce_ex__(self, protocol: int) -> Any:
        # pickling and copy.deepcopy keep the Parameter type (Tensor's own reduce makes a Tensor)
        return (_rebuild_parameter, (self._data, self._requires_grad))

    def __deepcopy__(self, memo: dict) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        copy = Parameter(Tensor._make(self._data.copy()), self._requires_grad)
        if self._grad is not None:
            copy._grad = Tensor._make(self._grad._data.copy())
        memo[id(self)] = copy
        return copy


def _rebuild_parameter(data: np.ndarray, requires_grad: bool) -> Parameter:
    return Parameter(Tensor._make(data), requires_grad)


def zero_grads(params: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset each tensor's ``.grad``: to ``None`` (torch's default) or, in place, to zeros (what
    ``Module.zero_grad`` and ``Optimizer.zero_grad`` both do)."""
    for param in params:
        grad = param._grad
        if grad is None:
            continue
        if set_to_none:
            param._grad = None
        else:
            grad.detach_()
            grad._data[...] = 0
            grad._bump_version()
