"""The compatibility suite: PyTorch teaching scripts run under torch and under autograd_lab.

Each script in ``scripts/`` follows one piece of public teaching material (its header names the
repository and path it follows, and what was adapted to run here). ``run.py`` executes a script in a
fresh process (forked from a server that imported the library once, where the system can fork) with
``torch`` bound either to the real PyTorch or to autograd_lab (an import hook maps
``torch`` and every ``torch.<submodule>`` to ``autograd_lab.<submodule>``; the script itself is never
edited) and reports what it printed and how it ended. ``compare`` then checks the two reports:

- ``compare: values`` (the default): the text must be equal once whitespace is collapsed, and every
  number must agree within the script's tolerance (``rtol:``, default 1e-4). For scripts whose
  numbers do not depend on the random generators (or come from numpy / Python's ``random``, which
  both runs seed alike).
- ``compare: structure``: floating-point numbers are masked; everything else (integers such as
  shapes and counts, dtypes, grad_fn names, text) must be equal. For scripts that draw from
  torch's generator, which autograd_lab does not reproduce (its numbers come from numpy's).
- ``values:`` lines hold a regular expression: in structure mode, output lines matching it keep
  their numbers compared (what does not depend on the random draws, such as bigram counts).
- ``mask:`` lines hold a regular expression; what it matches is replaced by ``<masked>`` in both
  runs, and a run of wholly masked lines by one (text that depends on random draws, such as names
  sampled from a model, or timings).
- ``expect-fail:`` names the reason a script cannot run here yet; the test then expects it to fail.

Goldens (``tests/goldens/compat.json``, written by ``tests/goldens/record_compat.py``) hold torch's
reports, so the suite runs without torch; tests marked ``torch`` compare against torch live.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "scripts"
DATA = HERE / "data"
REPO_ROOT = HERE.parent.parent
GOLDEN_PATH = REPO_ROOT / "tests" / "goldens" / "compat.json"
TIMEOUT_SECONDS = 120

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
# a number standing alone (not the 32 of float32 or the 0 of MulBackward0)
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf\b|nan\b)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Script:
    """One script of the suite and what its header says about comparing it."""

    path: Path
    source: str
    compare: str = "values"
    rtol: float = 1e-4
    atol: float = 1e-5
    masks: tuple[str, ...] = ()
    value_lines: tuple[str, ...] = ()
    expect_fail: str | None = None
    adaptations: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.stem


def _header(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines of the comment block a script starts with."""
    entries: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, colon, value = line.lstrip("# ").partition(":")
        if colon and re.fullmatch(r"[a-z-]+", key):
            entries.setdefault(key, []).append(value.strip())
    return entries


def load(path: Path) -> Script:
    """Read a script's header (``source:`` is required)."""
    header = _header(path)
    if "source" not in header:
        raise ValueError(f"{path.name}: the header must name its source (# source: repo, path)")
    return Script(
        path=path,
        source=header["source"][0],
        compare=header.get("compare", ["values"])[0],
        rtol=float(header.get("rtol", ["1e-4"])[0]),
        atol=float(header.get("atol", ["1e-5"])[0]),
        masks=tuple(header.get("mask", [])),
        value_lines=tuple(header.get("values", [])),
        expect_fail=header.get("expect-fail", [None])[0],
        adaptations=tuple(header.get("adapted", [])),
    )


def scripts() -> list[Script]:
    """Every script of the suite, by name."""
    return [load(path) for path in sorted(SCRIPTS.glob("*.py"))]


_ENV = dict(os.environ, PYTHONHASHSEED="0", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")


def run(script: Script, library: str) -> dict:
    """Run ``script`` with ``torch`` bound to ``library`` ("torch" or "autograd_lab"), as in a
    fresh interpreter; returns ``{"stdout": ..., "error": None or "Type: message"}``. Where the
    system can fork, a forked child of a server that imported the library once runs it (see
    ``run.py``); else a new interpreter."""
    if hasattr(os, "fork"):
        return _Server.for_library(library).run(script)
    process = subprocess.run(
        [sys.executable, "-m", "tests.compat.run", library, str(script.path)],
        cwd=REPO_ROOT, env=_ENV, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if process.returncode != 0:
        raise RuntimeError(f"the runner itself failed on {script.name} ({library}):\n"
                           f"{process.stderr}")
    return json.loads(process.stdout)


class _Server:
    """One ``python -m tests.compat.run --serve <library>`` per library and test session."""

    _running: dict[str, _Server] = {}

    def __init__(self, library: str) -> None:
        self.library = library
        self.directory = tempfile.TemporaryDirectory(prefix="compat-")
        self.stderr = open(os.path.join(self.directory.name, "stderr.txt"), "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.compat.run", "--serve", library], cwd=REPO_ROOT,
            env=_ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
            start_new_session=True)  # (its own process group: a hung child is killed with it)
        atexit.register(self.close)

    @classmethod
    def for_library(cls, library: str) -> _Server:
        server = cls._running.get(library)
        if server is None or server.process.poll() is not None:
            server = cls._running[library] = cls(library)
        return server

    def run(self, script: Script) -> dict:
        report = os.path.join(self.directory.name, f"{script.name}.json")
        self.process.stdin.write(f"{script.path}\t{report}\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT_SECONDS)
        answer = self.process.stdout.readline().strip() if ready else "timed out"
        if answer != "done":
            self.close()  # (a fresh server for the next script)
            self.stderr.seek(0)
            raise RuntimeError(f"the runner itself failed on {script.name} ({self.library}): "
                               f"{answer or 'the server ended'}\n{self.stderr.read()}")
        with open(report) as file:
            return json.load(file)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self._running.get(self.library) is self:
            del self._running[self.library]


def _masked_lines(text: str, masks: tuple[str, ...]) -> str:
    """Each match of a mask replaced by ``<masked>``; a run of wholly masked lines becomes one."""
    patterns = [re.compile(mask) for mask in masks]
    lines: list[str] = []
    for line in text.splitlines():
        for pattern in patterns:
            line = pattern.sub("<masked>", line)
        if not (line == "<masked>" and lines and lines[-1] == "<masked>"):
            lines.append(line)
    return "\n".join(lines)


def _is_float(number: str) -> bool:
    return any(c in number for c in ".eEna")


def _tokens(text: str, mask_floats: bool, value_lines: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The text with numbers replaced by ``#`` and whitespace collapsed, and the numbers. With
    ``mask_floats`` (structure mode) integers (shapes, counts, sizes) stay in the text and floats
    are dropped, except on lines matching one of ``value_lines``, whose numbers are kept."""
    text = _ADDRESS.sub("0x…", text)
    numbers: list[str] = []
    keep = [re.compile(pattern) for pattern in value_lines]

    def replace(match: re.Match, masked: bool) -> str:
        if masked and not _is_float(match.group()):
            return match.group()
        if not masked:
            numbers.append(match.group())
        return "#"

    lines = []
    for line in text.split("\n"):
        masked = mask_floats and not any(pattern.search(line) for pattern in keep)
        lines.append(_NUMBER.sub(lambda match, masked=masked: replace(match, masked), line))
    skeleton = "\n".join(lines)
    skeleton = _SPACE.sub(" ", skeleton)
    skeleton = re.sub(r"([\[(]) ", r"\1", skeleton).strip()  # alignment padding inside brackets
    return skeleton.split(" "), numbers


def _close(ours: str, theirs: str, rtol: float, atol: float) -> bool:
    if not (_is_float(ours) or _is_float(theirs)):
        return ours == theirs  # integers are exact
    a, b = float(ours), float(theirs)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    # a printed number carries only the digits shown: allow one unit in its last place
    decimals = max(len(theirs.split("e")[0].partition(".")[2]), len(ours.split("e")[0].partition(".")[2]))
    shown = 10.0 ** -decimals if "e" not in theirs.lower() else 0.0
    return math.isclose(a, b, rel_tol=rtol, abs_tol=max(atol, shown))


def compare(script: Script, ours: dict, theirs: dict) -> list[str]:
    """The differences between two reports of ``script`` (empty when they agree)."""
    problems = []
    if (ours["error"] is None) != (theirs["error"] is None) or (
            ours["error"] and _ADDRESS.sub("0x…", ours["error"]).split("\n")[0]
            != _ADDRESS.sub("0x…", theirs["error"]).split("\n")[0]):
        problems.append(f"ended differently: ours {ours['error']!r}, torch {theirs['error']!r}")
    structure = script.compare == "structure"
    our_words, our_numbers = _tokens(_masked_lines(ours["stdout"], script.masks), structure,
                                     script.value_lines)
    their_words, their_numbers = _tokens(_masked_lines(theirs["stdout"], script.masks), structure,
                                         script.value_lines)
    if our_words != their_words:
        for index, (a, b) in enumerate(zip(our_words + [""] * len(their_words),
                                           their_words + [""] * len(our_words))):
            if a != b:
                context = " ".join(their_words[max(0, index - 8):index + 8])
                problems.append(f"text differs at word {index}: ours {a!r}, torch {b!r}\n"
                                f"  torch: ... {context} ...\n"
                                f"  ours:  ... {' '.join(our_words[max(0, index - 8):index + 8])} ...")
                break
    else:
        if len(our_numbers) != len(their_numbers):
            problems.append(f"{len(our_numbers)} numbers compared, torch {len(their_numbers)}")
        for index, (a, b) in enumerate(zip(our_numbers, their_numbers)):
            if not _close(a, b, script.rtol, script.atol):
                problems.append(f"number {index} differs: ours {a}, torch {b}")
                if len(problems) > 5:
                    break
    return problems
