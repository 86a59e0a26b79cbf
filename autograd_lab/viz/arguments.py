"""Checking the arguments of the lab's functions up front: ``plot_grad``, ``descend``, ``compare_grads``,
``trace`` and ``draw`` (numpy only).

Each check returns the value in the form the caller computes with (a float, an int, a pair) or raises
a ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, not allowed) whose message names
the function, the argument, the value given and what is allowed::

    plot_grad: points must be a whole number from 2 to 10,000, got (1, 2)

so that nothing reaches numpy or matplotlib that would fail there with an unrelated message, or run
for minutes. The limits (:data:`RANGE_LIMIT`, ...) are what a figure can show; the README states them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from typing import Any

import numpy as np

__all__ = ["shown", "check_flag", "check_whole", "check_real", "check_interval", "check_choice",
           "check_point", "RANGE_LIMIT", "MIN_SPAN"]

#: Ranges (``x=``, ``y=``, parameter sliders) and points lie within ``±RANGE_LIMIT``.
RANGE_LIMIT = 1e6
#: ... and a range spans at least this much (below it, grid points and slider steps collapse).
MIN_SPAN = 1e-6
#: Longest text of a value repeated in a message.
_SHOWN_LENGTH = 60


def shown(value: Any) -> str:
    """``repr(value)`` for a message: shortened, and with characters that cannot be shown replaced."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real message
        text = f"<{type(value).__name__} object>"
    if len(text) > _SHOWN_LENGTH:
        text = text[:_SHOWN_LENGTH - 5] + " ...)"
    return text.encode("utf-8", errors="replace").decode("utf-8")


def _is_real(value: Any) -> bool:
    """A real number: int, float or numpy scalar, not bool (True as 1.0 is a slip, not a choice)."""
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, numbers.Real) or (isinstance(value, np.ndarray) and value.ndim == 0
                                                and value.dtype.kind in "iuf")


def _number_text(value: float) -> str:
    """1000000 -> "1,000,000", 1e-06 -> "1e-06"."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def check_flag(function: str, name: str, value: Any) -> bool:
    """``True`` or ``False`` (a numpy bool too)."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"{function}: {name} must be True or False, got {shown(value)}")


def check_whole(function: str, name: str, value: Any, low: int, high: int) -> int:
    """A whole number in ``[low, high]`` (``1e3`` is accepted as 1000)."""
    if _is_real(value) and math.isfinite(float(value)) and float(value).is_integer():
        number = int(value)
        if low <= number <= high:
            return number
        raise ValueError(f"{function}: {name} must be a whole number from {_number_text(low)} to "
                         f"{_number_text(high)}, got {shown(value)}")
    kind = ValueError if _is_real(value) else TypeError
    raise kind(f"{function}: {name} must be a whole number from {_number_text(low)} to "
               f"{_number_text(high)}, got {shown(value)}")


def check_real(function: str, name: str, value: Any, low: float = -RANGE_LIMIT,
               high: float = RANGE_LIMIT, what: str = "a number") -> float:
    """A finite real number in ``[low, high]``."""
    allowed = f"{what} from {_number_text(low)} to {_number_text(high)}"
    if not _is_real(value):
        raise TypeError(f"{function}: {name} must be {allowed}, got {shown(value)}")
    number = float(value)
    if not low <= number <= high:  # nan fails every comparison
        raise ValueError(f"{function}: {name} must be {allowed}, got {shown(value)}")
    return number


def _pair(function: str, name: str, value: Any, allowed: str) -> tuple[Any, Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Collection) or len(value) != 2:
        kind = ValueError if isinstance(value, tuple | list) else TypeError
        raise kind(f"{function}: {name} must be {allowed}, got {shown(value)}")
    first, second = value
    if not (_is_real(first) and _is_real(second)):
        raise TypeError(f"{function}: {name} must be {allowed}, got {shown(value)}")
    return first, second


def check_interval(function: str, name: str, value: Any) -> tuple[float, float]:
    """A range ``(low, high)`` of finite numbers within ``±RANGE_LIMIT``, ``low < high``, spanning at
    least :data:`MIN_SPAN`."""
    allowed = (f"a range (low, high) of numbers from -{_number_text(RANGE_LIMIT)} to "
               f"{_number_text(RANGE_LIMIT)} with low < high")
    low, high = (float(item) for item in _pair(function, name, value, allowed))
    if not (-RANGE_LIMIT <= low <= RANGE_LIMIT and -RANGE_LIMIT <= high <= RANGE_LIMIT and low < high):
        raise ValueError(f"{function}: {name} must be {allowed}, got {shown(value)}")
    if high - low < MIN_SPAN:
        raise ValueError(f"{function}: {name} must span at least {MIN_SPAN:g}, got {shown(value)}")
    return low, high


def check_point(function: str, name: str, value: Any, bound: float) -> tuple[float, float]:
    """A point ``(x, y)`` of finite numbers with ``|x|, |y| <= bound``."""
    allowed = f"a point (x, y) of numbers from -{_number_text(bound)} to {_number_text(bound)}"
    first, second = (float(item) for item in _pair(function, name, value, allowed))
    if not (abs(first) <= bound and abs(second) <= bound):  # nan fails too
        raise ValueError(f"{function}: {name} must be {allowed}, got {shown(value)}")
    return first, second


def check_choice(function: str, name: str, value: Any, choices: Collection[str]) -> str:
    """One of ``choices`` (strings)."""
    if isinstance(value, str) and value in choices:
        return value
    kind = ValueError if isinstance(value, str) else TypeError
    listed = ", ".join(repr(choice) for choice in choices)
    raise kind(f"{function}: {name} must be one of {listed}, got {shown(value)}")
