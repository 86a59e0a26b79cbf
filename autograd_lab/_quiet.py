"""Numpy without floating-point warnings, cheaply: torch computes ``log(0) = -inf`` and ``1 / 0 = inf``
silently, and so do the library's ops and backward passes.

``np.errstate`` costs about as much as a small ufunc, and an op pays it on every call; setting numpy's
error-state context variable directly costs a sixth of that. That variable is numpy-internal, so
when it is missing (another numpy version) this falls back to ``np.errstate``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["quiet_call", "silenced", "restore"]

try:
    from numpy._core._ufunc_config import _extobj_contextvar

    with np.errstate(all="ignore"):
        _IGNORE_ALL = _extobj_contextvar.get()

    # (C-level callables, no Python frame: every op's forward pays for these)
    silenced: Callable[[], Any] = functools.partial(_extobj_contextvar.set, _IGNORE_ALL)
    """Turn numpy's floating-point warnings off; returns a token for ``restore``."""
    restore: Callable[[Any], None] = _extobj_contextvar.reset
    """Undo ``silenced``."""

    def quiet_call(function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` with numpy's floating-point warnings off."""
        token = _extobj_contextvar.set(_IGNORE_ALL)
        try:
            return function(*args)
        finally:
            _extobj_contextvar.reset(token)

except (ImportError, AttributeError, LookupError):  # pragma: no cover - other numpy versions

    def silenced() -> Any:
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def restore(token: Any) -> None:
        token.__exit__(None, None, None)

    def quiet_call(function: Callable[..., Any], *args: Any) -> Any:
        with np.errstate(all="ignore"):
            return function(*args)

