"""``torch.overrides``: the ``__torch_function__`` protocol, for the one method that uses it here.

In torch, every Tensor method and torch function first looks at its tensor arguments: when the
class of one defines its own ``__torch_function__(cls, func, types, args=(), kwargs=None)``, the
call goes there instead (``func`` the public API that was called, ``Tensor.module_load``), and that
function decides; it usually ends with ``func(*args, **kwargs)`` inside
``torch._C.DisableTorchFunctionSubclass()``, which runs the real method.

autograd_lab implements the protocol where ``nn.Module.load_state_dict`` needs it, and nowhere
else: ``Tensor.module_load`` (called for each parameter and buffer when
``torch.__future__.get_swap_module_params_on_conversion()`` is True) hands itself to an override,
with torch's rules below. Other Tensor methods and torch functions do not call
``__torch_function__`` (a subclass's override does not see them; the README's known differences
say so).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from .tensor import Tensor

__all__ = ["has_torch_function", "handle_torch_function", "is_tensor_like",
           "DisableTorchFunctionSubclass"]


class _Disabled(threading.local):
    depth = 0


_disabled = _Disabled()


class DisableTorchFunctionSubclass(AbstractContextManager):
    """``torch._C.DisableTorchFunctionSubclass()``: inside the block, subclasses'
    ``__torch_function__`` overrides are not called (the real method runs)."""

    def __enter__(self) -> DisableTorchFunctionSubclass:
        _disabled.depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _disabled.depth -= 1


def default_torch_function(cls: type, func: Callable[..., Any], types: Iterable[type],
                            args: tuple = (), kwargs: dict | None = None) -> Any:
    """What ``Tensor.__torch_function__``, the default a subclass inherits, does: ``func`` itself,
    with the overrides disabled. (torch also converts a Tensor result to ``cls``; the kit does not.)"""
    with DisableTorchFunctionSubclass():
        return func(*args, **(kwargs or {}))


def _overrides(value: Any) -> bool:
    """Whether ``value``'s class has a ``__torch_function__`` other than Tensor's default."""
    override = getattr(type(value), "__torch_function__", None)
    return override is not None and getattr(override, "__func__", override) \
        is not Tensor.__torch_function__.__func__


def has_torch_function(relevant_args: Iterable[Any]) -> bool:
    """Whether one of ``relevant_args`` is of a class with its own ``__torch_function__`` (and the
    overrides are not disabled)."""
    return not _disabled.depth and any(_overrides(value) for value in relevant_args)


def is_tensor_like(value: Any) -> bool:
    """Whether ``value`` is a Tensor, or of a class with ``__torch_function__``."""
    return isinstance(value, Tensor) or hasattr(type(value), "__torch_function__")


def handle_torch_function(public_api: Callable[..., Any], relevant_args: Iterable[Any],
                          *args: Any, **kwargs: Any) -> Any:
    """Call the ``__torch_function__`` overrides of ``relevant_args``' classes (a subclass before
    its base, otherwise left to right) until one does not return NotImplemented."""
    overloaded: list[type] = []
    for value in relevant_args:
        kind = type(value)
        if _overrides(value) and kind not in overloaded:
            position = next((i for i, other in enumerate(overloaded) if issubclass(kind, other)),
                            len(overloaded))
            overloaded.insert(position, kind)
    for kind in overloaded:
        result = kind.__torch_function__(public_api, tuple(overloaded), args, kwargs)
        if result is not NotImplemented:
            return result
    raise TypeError(f"no implementation found for '{public_api.__qualname__}' on types that "
                    f"implement __torch_function__: {overloaded}")
