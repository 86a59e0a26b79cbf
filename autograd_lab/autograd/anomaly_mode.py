"""Anomaly detection: ``set_detect_anomaly`` and ``detect_anomaly``, as in torch.

While it is on, every node made by the forward pass keeps the traceback of the line that made it,
and the backward pass

- checks each node's gradients for NaN (unless ``check_nan=False``) and raises torch's
  ``Function 'MulBackward0' returned nan values in its 0th output.``;
- when a node's backward raises (that NaN error, or any other), first warns with the traceback of
  the forward line that made the node ("Error detected in MulBackward0. Traceback of forward call
  that caused the error: ..."), so the learner sees which line of *their* code is to blame.

Off, it costs one attribute read per op. The switch is process-wide, as torch's is.
"""

from __future__ import annotations

import os
import traceback
import warnings
import weakref
from typing import Any

import numpy as np

from .record import watching

__all__ = ["set_detect_anomaly", "detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]


class _AnomalyState:
    __slots__ = ("enabled", "check_nan")

    def __init__(self) -> None:
        self.enabled = False
        self.check_nan = True


state = _AnomalyState()


def _set(enabled: bool, check_nan: bool) -> None:
    """Switch anomaly detection, keeping ``record.watching`` (the one flag every op checks for
    anything beyond plain recording) in step."""
    enabled = bool(enabled)
    if enabled != state.enabled:
        with watching.lock:
            watching.count += 1 if enabled else -1
    state.enabled, state.check_nan = enabled, bool(check_nan)

# node -> the formatted stack of the forward line that made it (only while anomaly mode is on)
_forward_stacks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def is_anomaly_enabled() -> bool:
    """True while anomaly detection is on."""
    return state.enabled


def is_anomaly_check_nan_enabled() -> bool:
    """True while anomaly detection also checks gradients for NaN."""
    return state.check_nan


_LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def remember_forward(node: Any) -> None:
    """Keep the traceback of the code that is making ``node`` (called by the op machinery): the
    learner's frames, without the library's own (torch's ops run in C++ and show none either)."""
    frames = [frame for frame in traceback.extract_stack()
              if not os.path.abspath(frame.filename).startswith(_LIBRARY)]
    _forward_stacks[node] = "".join(traceback.format_list(frames))


def check_nan(node: Any, grads: Any) -> None:
    """torch's error if one of ``node``'s gradients holds a NaN."""
    for index, grad in enumerate(grads):
        if grad is None:
            continue
        array = getattr(grad, "_data", grad)
        if np.isnan(np.asarray(array)).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {index}th output.")


def warn_forward_trace(node: Any) -> None:
    """torch's warning with the forward traceback of a node whose backward failed."""
    stack = _forward_stacks.get(node)
    if stack is None:
        message = (f"Error detected in {node.name()}. No forward pass information available. "
                   "Enable detect anomaly during forward pass for more information.")
    else:
        message = (f"Error detected in {node.name()}. Traceback of forward call that caused the "
                   f"error:\n{stack}")
    warnings.warn(message, UserWarning, stacklevel=2)


class set_detect_anomaly:  # noqa: N801 - torch's name
    """Turn anomaly detection on or off; also a context manager restoring the previous setting."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._previous = (state.enabled, state.check_nan)
        _set(mode, check_nan)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        _set(*self._previous)


class detect_anomaly:  # noqa: N801 - torch's name
    """Context manager (and decorator) that turns anomaly detection on inside its block."""

    def __init__(self, check_nan: bool = True) -> None:
        self._check_nan = check_nan
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and should "
            "only be enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self) -> None:
        self._previous = (state.enabled, state.check_nan)
        _set(True, self._check_nan)

    def __exit__(self, *exc: object) -> None:
        _set(*self._previous)

    def __call__(self, func: Any) -> Any:
        import functools

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__(self._check_nan):
                return func(*args, **kwargs)

        return wrapper
