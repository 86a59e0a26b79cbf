"""Where a warning points: the learner's line, not the library's."""

from __future__ import annotations

import sys

__all__ = ["outside_the_library"]


def outside_the_library() -> int:
    """The ``stacklevel`` (for ``warnings.warn`` called by the caller of this function) of the first
    frame outside autograd_lab: the learner's line, however many library frames (wrappers that
    word torch's errors, hooks, the engine) lie between."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("autograd_lab"):
        frame, level = frame.f_back, level + 1
    return level
