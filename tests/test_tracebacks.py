"""Tracebacks after ``%load_ext autograd_lab`` (autograd_lab/jupyter/tracebacks.py): the library's
frames folded into one line, the learner's cell and the error kept, every frame with %xmode Verbose."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import autograd_lab
from autograd_lab.jupyter.tracebacks import fold_frames, is_library_frame

pytest.importorskip("IPython")

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
LIBRARY = Path(autograd_lab.__file__).parent


def test_library_frames_are_recognised_by_their_path(tmp_path: Path) -> None:
    assert is_library_frame(f"\x1b[36mFile \x1b[39m{LIBRARY}/tensor.py:296, in Tensor.backward()\n")
    assert is_library_frame(f"File {Path(re.__file__)}:10, in compile()")  # the standard library
    assert not is_library_frame(f"File {tmp_path}/my_module.py:3, in helper()")  # the learner's own
    assert not is_library_frame("\x1b[36mCell\x1b[39m In[3], line 4\n----> 4 y.backward(g)\n")


def test_runs_of_library_frames_become_one_note_each() -> None:
    entries = ["head", "Cell In[1], line 1", "lib a", "lib b", "Cell helper", "lib c", "Error: x"]
    folded = fold_frames(entries, lambda entry: entry.startswith("lib"))
    plain = [ANSI_ESCAPE.sub("", entry) for entry in folded]
    assert plain == ["head", "Cell In[1], line 1",
                     "[... 2 frame(s) in library files hidden; %xmode Verbose shows them ...]",
                     "Cell helper", "[... 1 frame(s) in library files hidden; %xmode Verbose shows them ...]",
                     "Error: x"]


def traceback_of(ip, source: str) -> list[str]:
    """The traceback entries IPython would show for ``source`` (which must raise)."""
    try:
        exec(compile(source, "<cell>", "exec"), ip.user_ns)
    except Exception:
        entries = ip.InteractiveTB.structured_traceback(*sys.exc_info())
        return [ANSI_ESCAPE.sub("", entry) for entry in entries]
    raise AssertionError("the code did not raise")


def test_a_lesson_error_shows_no_library_frame_until_verbose(shell) -> None:
    shell.run_cell("import autograd_lab as t", store_history=False)
    source = "w = t.ones(1, requires_grad=True)\nw += 1\n"
    folded = traceback_of(shell, source)
    assert not any(str(LIBRARY) in entry for entry in folded)
    note = re.compile(r"\[\.\.\. \d+ frame\(s\) in library files hidden; %xmode Verbose shows them \.\.\.\]")
    assert any(note.fullmatch(entry) for entry in folded)
    assert folded[-1].startswith("RuntimeError: a leaf Variable that requires grad")
    shell.run_cell("%xmode Verbose", store_history=False)
    assert any(str(LIBRARY) in entry for entry in traceback_of(shell, source))
    shell.run_cell("%xmode Context\n%unload_ext autograd_lab", store_history=False)
    assert any(str(LIBRARY) in entry for entry in traceback_of(shell, source))  # unloaded: all frames
