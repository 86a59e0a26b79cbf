"""Switching gradient recording on and off: ``no_grad``, ``enable_grad``, ``set_grad_enabled``.

Each works as a context manager and as a decorator, as in torch: ``@no_grad()`` and, since torch
2.x, ``@no_grad`` without parentheses. Grad mode belongs to a thread, as in torch: a ``no_grad``
block in one thread never changes what another thread records, and every new thread starts with
grad mode on. The flag lives on one thread-local object (``state``). A thread-local read costs
several times a plain attribute, so the machinery's hot path first asks ``off.count``, the number of
threads whose grad mode is off right now: while it is 0 (the usual case), grad mode is on everywhere
and ``state`` need not be read (``recording()``). Every change of the flag goes through
``switch``, which keeps that count.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
from collections.abc import Callable, Generator
from typing import Any, TypeVar

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled", "set_multithreading_enabled"]

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    """Grad mode of the current thread (the class attribute is what a new thread starts with).
    Change it only through ``switch``."""

    enabled = True


class _InferenceState(threading.local):
    """Whether this thread is inside ``inference_mode()`` (thread-local, as grad mode)."""

    enabled = False


class _ThreadsOff:
    """How many threads have grad mode off now (see the module doc)."""

    __slots__ = ("count", "lock")

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()


state = _GradState()
inference = _InferenceState()
off = _ThreadsOff()


def switch(mode: bool) -> bool:
    """Set this thread's grad mode; returns the previous one (for restoring it)."""
    previous = state.enabled
    if previous != mode:
        with off.lock:
            off.count += -1 if mode else 1
        state.enabled = mode
    return previous


def recording() -> bool:
    """This thread's grad mode, read cheaply (the machinery's hot paths inline the same test)."""
    return not off.count or state.enabled


def is_grad_enabled() -> bool:
    """True when ops record a graph for backward."""
    return state.enabled


def is_inference_mode_enabled() -> bool:
    """True inside ``inference_mode()`` (not inside ``inference_mode(False)``)."""
    return inference.enabled


def _check_bool(function: str, mode: Any) -> None:
    """torch's error for a mode that is not a bool (``set_grad_enabled(1)``)."""
    if not isinstance(mode, bool):
        raise TypeError(f"{function}(): argument 'enabled' (position 1) must be bool, not "
                        f"{type(mode).__name__}")


class _GradModeContext:
    """Base of the context managers: sets the flag on entry, restores the previous one on exit."""

    _mode: bool = True

    def __enter__(self) -> None:
        self._previous = switch(self._mode)

    def __exit__(self, *exc: object) -> None:
        switch(self._previous)

    def _clone(self) -> _GradModeContext:
        """A fresh context in the same mode, for one call of a decorated function."""
        return self.__class__()

    def __call__(self, func: F) -> F:
        return _decorate(func, self._clone)  # type: ignore[return-value]


class _NoParamDecorator(_GradModeContext):
    """A context that also decorates without parentheses (``@no_grad``), as in torch 2.x."""

    def __new__(cls, func: Any = None) -> Any:
        if func is None:
            return super().__new__(cls)
        return cls()(func)  # the class received the function: decorate it


CLASS_DECORATION_WARNING = (
    "Decorating classes is deprecated and will be disabled in future versions. You should only "
    "decorate functions or methods. To preserve the current behavior of class decoration, you can "
    "directly decorate the `__init__` method and nothing else.")


def _decorate(func: Callable, context: Callable[[], Any]) -> Callable:
    """``func`` run inside ``context()``; a generator function runs each of its steps inside it."""
    if inspect.isclass(func):  # torch warns, and replaces the class by a function that calls it
        warnings.warn(CLASS_DECORATION_WARNING, FutureWarning, stacklevel=3)
        cls = func

        def func(*args: Any, **kwargs: Any) -> Any:
            return cls(*args, **kwargs)

    if inspect.isgeneratorfunction(func):
        @functools.wraps(func)
        def generator(*args: Any, **kwargs: Any) -> Any:
            return (yield from _steps_inside(func(*args, **kwargs), context))

        return generator

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with context():
            return func(*args, **kwargs)

    return wrapper


def _steps_inside(steps: Generator, context: Callable[[], Any]) -> Generator:
    """Drive a generator so that each of its steps (not the caller's code between them) runs inside
    ``context()``, as torch's grad-mode decorators do for generator functions."""
    try:
        with context():
            response = steps.send(None)
        while True:
            try:
                request = yield response
            except GeneratorExit:
                with context():
                    steps.close()
                raise
            except BaseException as error:
                with context():
                    response = steps.throw(error)
            else:
                with context():
                    response = steps.send(request)
    except StopIteration as stop:
        return stop.value


class no_grad(_NoParamDecorator):  # noqa: N801 - torch's name
    """Context manager / decorator: ops inside record no graph (``requires_grad`` results are False)."""

    _mode = False


class enable_grad(_NoParamDecorator):  # noqa: N801
    """Context manager / decorator: turn recording back on inside a ``no_grad`` block."""

    _mode = True


class inference_mode(_GradModeContext):  # noqa: N801
    """Recording off, as ``no_grad`` (torch's extra inference-mode guarantees are not modelled);
    ``inference_mode(False)`` turns recording on, as in torch."""

    def __new__(cls, mode: Any = True) -> Any:
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)  # @inference_mode without parentheses

    def __init__(self, mode: bool = True) -> None:
        self.mode = mode
        self._mode = not mode

    def __enter__(self) -> None:
        super().__enter__()
        self._previous_inference, inference.enabled = inference.enabled, self.mode

    def __exit__(self, *exc: object) -> None:
        inference.enabled = self._previous_inference
        super().__exit__(*exc)

    def _clone(self) -> inference_mode:
        return self.__class__(self.mode)


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Set recording on or off. Takes effect immediately (like torch), and also works as a context
    manager that restores the previous mode on exit."""

    def __init__(self, mode: bool) -> None:
        _check_bool("set_grad_enabled", mode)
        self._mode = mode
        self._previous = switch(self._mode)

    def __enter__(self) -> None:
        switch(self._mode)

    def __call__(self, func: F) -> F:
        switch(self._previous)  # as a decorator it must not change the mode at definition
        return super().__call__(func)

    def _clone(self) -> set_grad_enabled:
        return set_grad_enabled(self._mode)

    def __repr__(self) -> str:
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self._mode})"


class set_multithreading_enabled(_GradModeContext):  # noqa: N801
    """torch's switch for running backward on several threads: autograd_lab's engine runs a pass on
    the calling thread always, so this only checks its argument (a context manager and decorator
    that changes nothing)."""

    def __init__(self, mode: bool) -> None:
        _check_bool("set_multithreading_enabled", mode)
        self.mode = mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        pass

    def _clone(self) -> set_multithreading_enabled:
        return set_multithreading_enabled(self.mode)
