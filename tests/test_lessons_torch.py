"""The lessons prove the transfer: every lesson cell that does not use the lab's own tools runs under
real PyTorch, with ``import torch as t``, and prints what the lesson stores.

For each lesson a copy is made in which ``import autograd_lab as t`` reads ``import torch as t``
(``Variable`` and ``Function`` come from ``torch.autograd``), ``%load_ext autograd_lab`` is gone,
a ``%%trace`` cell keeps its code without the magic, and the cells that use what only the lab has
are left out: widgets (``plot_grad``, ``descend``, ``compare_grads``), ``t.draw`` and ``t.trace``,
``t.check`` and the exercises, trace objects kept with ``%%trace --name``, and ``t.compile`` with
the functions it returns (its generated code is the lab's own). The copy runs in a
fresh kernel, and each remaining cell's text outputs (printed text, the result's ``text/plain``,
error class and message) are compared with the stored ones, where memory addresses and file names
are blanked as nbval blanks them. Pictures are not compared (matplotlib's figures, the lab's
graphs), nor the outputs of a cell tagged ``nbval-ignore-output`` (timings, measured live): it runs,
and must not raise unless it is tagged ``raises-exception``.

Random numbers: the two libraries' generators differ, so the copy's first cell makes torch draw
from autograd_lab's generator (``manual_seed``, ``rand``, ``randn``, ``randint``, their ``_like``
forms and the ``uniform_``/``normal_`` that ``nn.init`` calls), and both runs start from the same
numbers. Two texts are not compared: PyTorch's "(Triggered internally at <its build path>)" at the
end of a warning, and the ``Hint (autograd_lab):`` line some of autograd_lab's errors add. A line
redrawn with ``\r`` (a progress bar) is compared as it finally reads.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

from autograd_lab.nbval_sanitize import sanitize

from .lessons import EXERCISE, LESSONS, NOTEBOOKS_DIR, ROOT, SOLUTION, read, tags

PRESENT = [name for name in LESSONS if (NOTEBOOKS_DIR / f"{name}.ipynb").exists()]
LAB_ONLY = re.compile(r"\bt\.(check|plot_grad|descend|compare_grads|draw|trace|widgets|compile)\b"
                      r"|^\s*%trace\b", re.MULTILINE)
IMPORTS = {
    "import autograd_lab as t": "import torch as t",
    "from autograd_lab.autograd import Variable as V": "from torch.autograd import Variable as V",
    "from autograd_lab.autograd import Function": "from torch.autograd import Function",
}
TRIGGERED_INTERNALLY = re.compile(r" \(Triggered internally at [^)]*\.\)")
# Text a later "\r" on the same line writes over: a progress line shows its last state (as nbval and
# scripts/execute_lessons.py compare it).
OVERWRITTEN_BY_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)
IGNORE_OUTPUT = "nbval-ignore-output"
LAB_HINT = re.compile(r"\n?Hint \(autograd_lab\):[^\n]*")

# Run first in the copy: torch's random functions draw from autograd_lab's generator.
SAME_RANDOM_NUMBERS = '''
import torch as _torch
import autograd_lab as _lab
from autograd_lab import random as _lab_random

# one thread, as the compat runner: torch's second thread spins while the machine's other core is
# busy (CI runs a second pytest beside this one), and a 200-step training cell took 25 s, not 2
_torch.set_num_threads(1)


def _to_torch(lab_tensor, requires_grad=False):
    return _torch.from_numpy(lab_tensor.numpy().copy()).requires_grad_(requires_grad)


def _bridged(name):
    lab_function = getattr(_lab, name)

    def draw(*args, requires_grad=False, device=None, generator=None, **kwargs):
        args = [_lab.from_numpy(a.detach().numpy()) if isinstance(a, _torch.Tensor) else a for a in args]
        if "dtype" in kwargs and kwargs["dtype"] is not None:
            kwargs["dtype"] = getattr(_lab, str(kwargs["dtype"]).removeprefix("torch."))
        return _to_torch(lab_function(*args, **kwargs), requires_grad)

    return draw


_torch_manual_seed = _torch.manual_seed


def _manual_seed(seed):
    _lab.manual_seed(seed)
    return _torch_manual_seed(seed)


_torch.manual_seed = _manual_seed
for _name in ("rand", "randn", "randint", "rand_like", "randn_like"):
    setattr(_torch, _name, _bridged(_name))


def _uniform_(self, a=0.0, b=1.0, generator=None):
    values = _lab_random.uniform_array(tuple(self.shape), a, b, self.detach().numpy().dtype)
    with _torch.no_grad():
        return self.copy_(_torch.from_numpy(values))


def _normal_(self, mean=0.0, std=1.0, generator=None):
    values = _lab_random.normal_array(tuple(self.shape), mean, std, self.detach().numpy().dtype)
    with _torch.no_grad():
        return self.copy_(_torch.from_numpy(values))


_torch.Tensor.uniform_ = _uniform_
_torch.Tensor.normal_ = _normal_
'''


@pytest.fixture(scope="module")
def execute_lessons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("execute_lessons", ROOT / "scripts" / "execute_lessons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trace_names(notebook: nbformat.NotebookNode) -> set[str]:
    """Names a ``%%trace --name VAR`` cell binds to a trace object (the lab's own)."""
    return {found for cell in notebook.cells if cell.cell_type == "code"
            for found in re.findall(r"^%%trace\b.*--name\s+(\w+)", cell.source, re.MULTILINE)}


def compiled_names(notebook: nbformat.NotebookNode) -> set[str]:
    """Names bound to what ``t.compile`` returns (its generated code is the lab's own; torch.compile
    generates other code, and its first call takes seconds)."""
    return {found for cell in notebook.cells if cell.cell_type == "code"
            for found in re.findall(r"^(\w+) = t\.compile\(", cell.source, re.MULTILINE)}


def lab_only(cell: Any, traces: set[str]) -> bool:
    if EXERCISE in tags(cell) or SOLUTION in tags(cell):
        return True
    if LAB_ONLY.search(cell.source):
        return True
    return any(re.search(rf"\b{re.escape(name)}\b", cell.source) for name in traces
               if not cell.source.startswith("%%trace"))


def for_torch(source: str) -> str:
    """The cell as it reads with PyTorch: imports changed, the extension and %%trace line gone."""
    lines = source.splitlines()
    if lines and lines[0].startswith("%%trace"):
        lines = lines[1:]
    lines = [IMPORTS.get(line.split("  #")[0].rstrip(), line) for line in lines
             if line.strip() != "%load_ext autograd_lab"]
    return "\n".join(lines)


def text_outputs(cell: Any) -> list[tuple[str, str]]:
    """What is compared of a cell's outputs: streams, the result's text, errors; pictures are not."""
    found = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            text = "".join(output.text) if isinstance(output.text, list) else output.text
            found.append((output.name, text))
        elif output.output_type == "execute_result":
            text = output.data.get("text/plain", "")
            found.append(("result", "".join(text) if isinstance(text, list) else text))
        elif output.output_type == "error":
            found.append(("error", f"{output.ename}: {LAB_HINT.sub('', output.evalue)}"))
    merged: list[tuple[str, str]] = []
    for kind, text in found:  # a stream split in two by the kernel's flushing is one text
        if merged and kind in ("stdout", "stderr") and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return [(kind, TRIGGERED_INTERNALLY.sub("", sanitize(OVERWRITTEN_BY_CARRIAGE_RETURN.sub("", text))))
            for kind, text in merged]


@pytest.mark.parametrize("name", PRESENT)
def test_lesson_runs_under_pytorch_with_the_stored_outputs(torch, execute_lessons, name: str) -> None:
    from nbclient import NotebookClient

    stored = read(name)
    traces = trace_names(stored) | compiled_names(stored)
    kept = [index for index, cell in enumerate(stored.cells)
            if cell.cell_type == "code" and not lab_only(cell, traces)]
    copy = nbformat.v4.new_notebook(metadata=stored.metadata)
    copy.cells = [nbformat.v4.new_code_cell(SAME_RANDOM_NUMBERS)]
    for index in kept:
        cell = nbformat.v4.new_code_cell(for_torch(stored.cells[index].source))
        cell.metadata["tags"] = tags(stored.cells[index])
        copy.cells.append(cell)
    with tempfile.TemporaryDirectory(prefix="autograd_lab-torch-") as home:
        NotebookClient(copy, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute(
            env=execute_lessons.kernel_environment(Path(home)))
    bridge = copy.cells[0].outputs
    assert not [output for output in bridge if output.output_type == "error"], bridge
    differences = []
    for index, ran in zip(kept, copy.cells[1:]):
        expected, got = text_outputs(stored.cells[index]), text_outputs(ran)
        if IGNORE_OUTPUT in tags(stored.cells[index]):  # compared as nbval compares it: not at all
            expected, got = [], [(kind, text) for kind, text in got if kind == "error"]
        if expected != got:
            diff = difflib.unified_diff([f"{k}: {t}" for k, t in expected], [f"{k}: {t}" for k, t in got],
                                        "autograd_lab (stored)", "torch", lineterm="")
            differences.append(f"cell {index}:\n{ran.source}\n" + "\n".join(diff))
    assert len(kept) >= 3, f"{name}: only {len(kept)} cells run under torch"
    assert not differences, f"{name}: {len(differences)} of {len(kept)} cells differ under torch\n\n" + \
        "\n\n".join(differences)
