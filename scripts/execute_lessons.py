"""Re-execute the lesson notebooks in place, so their stored outputs are what the code prints.

Every lesson in ``notebooks/`` runs top to bottom with nbclient in a fresh kernel (this
interpreter's ``python3`` kernel, ``PYTHONHASHSEED=0``, private Jupyter/IPython/matplotlib config
directories so no user setting leaks in). The lessons seed their own random numbers. Stored outputs
come only from that run; then a few things that differ between two identical runs are made
stable, so running the script twice leaves ``git diff`` empty:

* memory addresses (``<AddBackward0 object at 0x7f3a...>``) are renumbered per notebook in
  order of first appearance (``0x0001``, ``0x0002``, ...): the same object keeps the same number,
  so the stored notebook still shows which reprs are one object;
* the other patterns of ``autograd_lab/nbval_sanitize.cfg`` (e.g. the kernel's file name for a
  cell in warnings) are applied as nbval applies them;
* consecutive pieces of one stream (a loop's prints, split wherever the kernel happened to flush)
  are joined into one output, and a line redrawn with ``\\r`` (a progress bar) is stored as it
  finally reads, as nbval compares it;
* traceback frames inside library files (``File /home/.../autograd_lab/engine.py:311``) are folded
  into one line, as ``%load_ext autograd_lab`` folds them live
  (:mod:`autograd_lab.jupyter.tracebacks`): they name the executing machine's paths and move with
  every edit of the library. The cell's own frames and the error line stay;
* widget views (``application/vnd.jupyter.widget-view+json``) are dropped from the outputs and no
  widget state is stored: their model ids are random, and a view of a kernel that is gone shows
  nothing. The widgets' static fallbacks (text results and a PNG of the figure) stay; run the
  notebook to get the live widgets.

A cell tagged ``raises-exception`` must raise and any other cell must not: either way the
notebook is not written and the script exits with status 1. A cell tagged ``nbval-ignore-output``
(lesson 13's timings) stores what this run measured: ``--check`` does not compare its outputs, as
nbval does not, and a re-execution changes them.

Usage::

    .venv/bin/python scripts/execute_lessons.py                 # every notebooks/*.ipynb
    .venv/bin/python scripts/execute_lessons.py notebooks/03_backward_in_detail.ipynb
    .venv/bin/python scripts/execute_lessons.py --check         # exit 1 if a stored output is stale
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
sys.path.insert(0, str(REPO_ROOT))  # the checkout's autograd_lab, also when run from elsewhere

from autograd_lab.jupyter.tracebacks import fold_frames  # noqa: E402
from autograd_lab.nbval_sanitize import patterns  # noqa: E402

CELL_TIMEOUT_SECONDS = 120
RAISES_TAG = "raises-exception"
IGNORE_OUTPUT_TAG = "nbval-ignore-output"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ADDRESS_SECTION = "memory_addresses"  # renumbered (identity-preserving), not blanked
# What counts as an address: the cfg's own pattern, so the two never disagree.
ADDRESS = re.compile(next(pattern.regex for pattern in patterns() if pattern.section == ADDRESS_SECTION))
# Text a later "\r" on the same line writes over (nbval's own rule, nbval.plugin.carriagereturn_pat).
OVERWRITTEN_BY_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)


class LessonError(Exception):
    """A lesson did not run as its tags say (an unexpected error, or a missing one)."""


def lesson_paths(arguments: list[str]) -> list[Path]:
    """The notebooks named on the command line, or every ``notebooks/*.ipynb``."""
    if arguments:
        return [Path(argument).resolve() for argument in arguments]
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def kernel_environment(home: Path) -> dict[str, str]:
    """The environment the kernels start in: fixed hash seed, no outside Jupyter or IPython config."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"JUPYTER_PATH", "PYTHONPATH", "MPLBACKEND", "PYTHONSTARTUP"}}
    environment.update({
        "PYTHONHASHSEED": "0",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # ipykernel's debugger warns about frozen modules
    })
    return environment


def execute(notebook: nbformat.NotebookNode, path: Path, environment: dict[str, str]) -> None:
    """Run every cell of ``notebook`` in a fresh kernel (working directory: the notebook's folder)."""
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        allow_errors=False,  # but nbclient lets cells tagged raises-exception fail
        record_timing=False,  # timestamps would differ on every run
        store_widget_state=False,  # random model ids; see the module docstring
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=environment)


def check_raises(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Every cell tagged raises-exception must have raised (nbclient checks the other way round)."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or RAISES_TAG not in cell.metadata.get("tags", []):
            continue
        if not any(output.output_type == "error" for output in cell.outputs):
            raise LessonError(f"{path.name}: cell {index} is tagged {RAISES_TAG} but raised nothing")


def is_binary(mime: str) -> bool:
    """Whether outputs of this MIME type are base64 data (PNG, JPEG), not text to rewrite."""
    return mime.startswith("image/") and not mime.endswith("+xml")


def output_strings(output: nbformat.NotebookNode) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every text in an output: stream text, each data entry, error fields."""
    if output.output_type == "stream":
        yield output, "text"
    elif output.output_type in ("display_data", "execute_result"):
        for mime in output.data:
            if not is_binary(mime):
                yield output.data, mime
    elif output.output_type == "error":
        yield output, "evalue"
        for line in range(len(output.traceback)):
            yield output.traceback, line


def rewrite_outputs(notebook: nbformat.NotebookNode, rewrite: Callable[[str], str]) -> None:
    """Apply ``rewrite`` to every text of every output (lists of lines are joined first)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for container, key in output_strings(output):
                value = container[key]
                if isinstance(value, list):
                    value = "".join(value)
                if isinstance(value, str):
                    container[key] = rewrite(value)


def address_renumbering() -> Callable[[str], str]:
    """A rewrite that numbers distinct addresses in order of first appearance, across calls."""
    numbers: dict[str, str] = {}

    def renumber(text: str) -> str:
        return ADDRESS.sub(lambda match: numbers.setdefault(match.group(0), f"0x{len(numbers) + 1:04x}"),
                           text)

    return renumber


def other_sanitize_patterns() -> Callable[[str], str]:
    """The nbval sanitize patterns except the addresses, applied in the cfg's order."""
    kept = [pattern for pattern in patterns() if pattern.section != ADDRESS_SECTION]

    def apply(text: str) -> str:
        for pattern in kept:
            text = pattern.apply(text)
        return text

    return apply


def drop_widget_views(notebook: nbformat.NotebookNode) -> None:
    """Remove widget views from outputs (keeping their static fallbacks) and any widget state."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            data = output.get("data")
            if data is not None and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:
                    continue  # a widget without fallback: nothing left to show
            kept.append(output)
        cell.outputs = kept
    notebook.metadata.pop("widgets", None)


def fold_library_frames(notebook: nbformat.NotebookNode) -> None:
    """Fold the library frames of every stored traceback (see the module docstring): a no-op for a
    lesson that loads the extension, which folds them as the cell runs."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = fold_frames(output.traceback)


def merge_adjacent_streams(notebook: nbformat.NotebookNode) -> None:
    """Join consecutive outputs of one stream: where the kernel split a loop's prints depends on
    its flush timer, not on the code (nbval joins them too before comparing). Then keep what a
    line that redraws itself with ``\\r`` (a progress bar) finally shows, as the page does."""
    for cell in notebook.cells:
        merged: list[nbformat.NotebookNode] = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (output.output_type == "stream" and previous is not None
                    and previous.output_type == "stream" and previous.name == output.name):
                previous.text += output.text
            else:
                merged.append(output)
        for output in merged:
            if output.output_type == "stream":
                output.text = OVERWRITTEN_BY_CARRIAGE_RETURN.sub("", output.text)
        if cell.cell_type == "code":
            cell.outputs = merged


def stabilise(notebook: nbformat.NotebookNode) -> None:
    """Make the outputs of two identical runs identical (see the module docstring)."""
    drop_widget_views(notebook)
    merge_adjacent_streams(notebook)
    fold_library_frames(notebook)
    rewrite_outputs(notebook, address_renumbering())
    rewrite_outputs(notebook, other_sanitize_patterns())


def run_lesson(path: Path, environment: dict[str, str]) -> str:
    """Execute one lesson and return the notebook's new text (not yet written)."""
    notebook = nbformat.read(path, as_version=4)
    try:
        execute(notebook, path, environment)
    except CellExecutionError as error:
        raise LessonError(f"{path.name}: a cell raised although it is not tagged {RAISES_TAG}:\n{error}"
                          ) from None
    check_raises(notebook, path)
    stabilise(notebook)
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def comparable(text: str) -> nbformat.NotebookNode:
    """A notebook's text as ``--check`` compares it: as nbval does, without the outputs of cells
    tagged ``nbval-ignore-output`` (timings, measured live, differ on every run)."""
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        if IGNORE_OUTPUT_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
    return notebook


def main(argv: list[str] | None = None) -> int:
    """Execute the lessons; write them back (or, with ``--check``, only compare); exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to execute (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a notebook's stored outputs differ from a fresh run")
    args = parser.parse_args(argv)
    paths = lesson_paths(args.notebooks)
    if not paths:
        print("no notebooks to execute")
        return 1
    failed = []
    with tempfile.TemporaryDirectory(prefix="autograd_lab-lessons-") as home:
        environment = kernel_environment(Path(home))
        for path in paths:
            started = time.monotonic()
            try:
                text = run_lesson(path, environment)
            except LessonError as error:
                print(f"FAILED {error}", file=sys.stderr)
                failed.append(path.name)
                continue
            elapsed = time.monotonic() - started
            if args.check:
                stored = comparable(path.read_text(encoding="utf-8"))
                status = "up to date" if stored == comparable(text) else "STALE"
                if status == "STALE":
                    failed.append(path.name)
            else:
                path.write_text(text, encoding="utf-8")
                status = "executed"
            print(f"{path.name}: {status} ({elapsed:.1f} s)", flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
