"""Tracebacks that show the learner's code and the error, with the library's frames folded.

An error raised inside autograd_lab (or numpy) shows, between the cell's line and the error
message, two to seven frames of library code the learner did not write and need not read. After
``%load_ext autograd_lab`` IPython's tracebacks fold each run of such frames into one line::

    [... 3 frame(s) in library files hidden; %xmode Verbose shows them ...]

"Library files" are files of autograd_lab and of the installed Python (standard library,
site-packages); frames of notebook cells and of the learner's own modules stay. ``%xmode Verbose``
(or ``%xmode Plain``) shows every frame; ``%xmode Context`` folds again. The lessons' stored
tracebacks are folded the same way (``scripts/execute_lessons.py`` uses :func:`fold_frames`), so a
cell run live shows what the saved notebook shows.
"""

from __future__ import annotations

import re
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["fold_frames", "is_library_frame", "install", "uninstall", "HIDDEN_FRAMES_NOTE"]

HIDDEN_FRAMES_NOTE = ("\x1b[2m[... {count} frame(s) in library files hidden; %xmode Verbose shows them ...]"
                      "\x1b[0m")
#: The traceback modes in which frames are folded (IPython's default, "Context", and "Minimal").
FOLDED_MODES = frozenset({"Context", "Minimal"})
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_FILE_FRAME = re.compile(r"^File (.+?):\d+(?:, in |$)")


def _library_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {str(Path(__file__).resolve().parents[1])}  # the autograd_lab package, wherever installed
    roots.update(str(Path(paths[key]).resolve()) for key in ("stdlib", "purelib", "platlib") if key in paths)
    return tuple(sorted(roots))


_ROOTS = _library_roots()


def is_library_frame(entry: str, roots: tuple[str, ...] | None = None) -> bool:
    """Whether a traceback entry is a frame in a library file (``roots``: the library directories;
    ``None``: autograd_lab and the installed Python)."""
    match = _FILE_FRAME.match(_ANSI_ESCAPE.sub("", entry))
    if match is None:
        return False
    if roots is None:
        roots = _ROOTS
    try:
        path = str(Path(match.group(1)).resolve())
    except (OSError, ValueError):
        return False
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def fold_frames(traceback: list[str], is_library: Callable[[str], bool] = is_library_frame) -> list[str]:
    """``traceback`` (IPython's entries) with each run of library frames replaced by one note."""
    folded: list[str] = []
    hidden = 0
    for entry in [*traceback, None]:  # None: flush a run at the end
        if entry is not None and is_library(entry):
            hidden += 1
            continue
        if hidden:
            folded.append(HIDDEN_FRAMES_NOTE.format(count=hidden))
            hidden = 0
        if entry is not None:
            folded.append(entry)
    return folded


def install(ipython: Any) -> None:
    """Fold library frames in ``ipython``'s tracebacks (``%load_ext autograd_lab`` calls this)."""
    formatter = getattr(ipython, "InteractiveTB", None)
    if formatter is None or getattr(formatter.structured_traceback, "_autograd_lab_folding", False):
        return
    original = formatter.structured_traceback

    def structured_traceback(*args: Any, **kwargs: Any) -> list[str]:
        entries = original(*args, **kwargs)
        if getattr(formatter, "mode", "Context") not in FOLDED_MODES:
            return entries
        return fold_frames(list(entries))

    structured_traceback._autograd_lab_folding = True  # type: ignore[attr-defined]
    structured_traceback._original = original  # type: ignore[attr-defined]
    formatter.structured_traceback = structured_traceback


def uninstall(ipython: Any) -> None:
    """Show every frame again (``%unload_ext autograd_lab``)."""
    formatter = getattr(ipython, "InteractiveTB", None)
    current = getattr(formatter, "structured_traceback", None)
    if getattr(current, "_autograd_lab_folding", False):
        formatter.structured_traceback = current._original  # type: ignore[union-attr]
