"""Switching gradient recording on and off: ``no_grad``, ``enable_grad``, ``set_grad_enabled``.

Each works as a context manager and as a decorator, as in torch. The flag lives on one small object
(``state``) so the hot path of every op reads a single attribute.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode"]

F = TypeVar("F", bound=Callable[..., Any])


class _GradState:
    __slots__ = ("enabled",)

    def __init__(self) -> None:
        self.enabled = True


state = _GradState()


def is_grad_enabled() -> bool:
    """True when ops record a graph for backward."""
    return state.enabled


class _GradModeContext:
    """Base of the context managers: sets the flag on entry, restores the previous one on exit."""

    _mode: bool = True

    def __enter__(self) -> None:
        self._previous = state.enabled
        state.enabled = self._mode

    def __exit__(self, *exc: object) -> None:
        state.enabled = self._previous

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):  # noqa: N801 - torch's name
    """Context manager / decorator: ops inside record no graph (``requires_grad`` results are False)."""

    _mode = False


class enable_grad(_GradModeContext):  # noqa: N801
    """Context manager / decorator: turn recording back on inside a ``no_grad`` block."""

    _mode = True


class inference_mode(no_grad):  # noqa: N801
    """Same as ``no_grad`` here (torch's extra inference-mode guarantees are not modelled)."""

    def __init__(self, mode: bool = True) -> None:
        self._mode = not mode


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Set recording on or off. Takes effect immediately (like torch), and also works as a context
    manager that restores the previous mode on exit."""

    def __init__(self, mode: bool) -> None:
        self._mode = bool(mode)
        self._previous = state.enabled
        state.enabled = self._mode

    def __enter__(self) -> None:
        state.enabled = self._mode

    def __call__(self, func: F) -> F:
        state.enabled = self._previous  # as a decorator it must not change the mode at definition
        mode = self._mode

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
