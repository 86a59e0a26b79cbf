"""Run one compatibility script with ``torch`` bound to torch or to autograd_lab; print a JSON report.

    python -m tests.compat.run autograd_lab tests/compat/scripts/blitz_autograd.py

With ``autograd_lab``, an import hook answers every ``import torch`` / ``import torch.X.Y`` /
``from torch.X import Y`` with ``autograd_lab`` / ``autograd_lab.X.Y``: the script runs unedited.
Python's ``random`` and numpy's global generator are seeded alike for both libraries; the script
runs with ``tests/compat/data`` as its working directory (``names.txt`` is there) and first on
``sys.path`` (the suite's stand-in for d2l's helper package, ``d2l/torch.py``, is there).

    python -m tests.compat.run --serve torch

serves many runs from one interpreter: it imports the library once (torch takes about two seconds
to import, the suite runs each script under it), then for each request line ``<script>\t<report
file>`` on stdin forks a child that runs the script exactly as above, from the state right after
the imports, writes the report into the file, and answers ``done`` on stdout (``died <status>`` if
the child did not exit cleanly). Where there is no ``fork`` (Windows), ``tests/compat`` starts one
interpreter per script instead.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import io
import json
import os
import random
import runpy
import sys
import traceback
from pathlib import Path
from types import ModuleType

DATA = Path(__file__).resolve().parent / "data"


class TorchAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers imports of ``torch`` and its submodules with autograd_lab's modules."""

    def __init__(self, target: str = "autograd_lab") -> None:
        self.target = target

    def find_spec(self, fullname: str, path: object = None, target: object = None):
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        real_name = self.target + fullname[len("torch"):]
        try:
            importlib.import_module(real_name)
        except ModuleNotFoundError as error:
            if error.name is not None and not real_name.startswith(error.name):
                raise  # a missing dependency inside an existing module: not ours to rename
            return None  # Python then raises "No module named 'torch.X'"
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target + spec.name[len("torch"):])

    def exec_module(self, module: ModuleType) -> None:
        """The module is autograd_lab's own, already executed."""


def _import(library: str) -> None:
    """``torch`` bound to ``library``, imported (with numpy), as every run starts."""
    if library == "autograd_lab":
        sys.meta_path.insert(0, TorchAlias())
    elif library != "torch":
        raise SystemExit(f"unknown library {library!r}: torch or autograd_lab")
    import numpy  # noqa: F401
    import torch

    if library == "torch":
        torch.set_num_threads(1)
        # torch imports its compiler stack (torch._dynamo, and sympy with it) lazily, on the
        # first optimizer step or functorch transform: about 1.3 s that every forked run would
        # pay again. Imported here once, before the server forks; the scripts see the same modules.
        import torch._dynamo  # noqa: F401
        import torch.func  # noqa: F401
        import torch.optim  # noqa: F401
        import torch.utils.data  # noqa: F401


def main(argv: list[str]) -> int:
    if argv[0] == "--serve":
        return serve(argv[1])
    library, script = argv
    _import(library)
    json.dump(_report(library, script), sys.stdout)
    return 0


def serve(library: str) -> int:
    """Answer run requests from stdin, one forked child per script (see the module doc)."""
    _import(library)
    for request in sys.stdin:
        script, report_path = request.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:  # the child: one run, then out without running the parent's cleanup
            status = 1
            try:
                # nothing but the parent's answers may reach the pipe the client reads
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                sys.argv = [__file__, library, script]  # (what a script sees in a fresh run)
                report = _report(library, script)
                Path(report_path).write_text(json.dumps(report))
                status = 0
            except BaseException:  # noqa: BLE001 - told to the client through the exit status
                traceback.print_exc()
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        print("done" if status == 0 else f"died {status}", flush=True)
    return 0


def _report(library: str, script: str) -> dict:
    """Run ``script`` (``torch`` already imported as ``library``) and report how it went."""
    import numpy as np

    random.seed(0)
    np.random.seed(0)
    if library == "torch":
        # torch seeds its generator at random in each process: a draw printed in sci mode now and
        # then escaped a script's mask (d2l_ndarray's randn)
        import torch

        torch.manual_seed(0)
    script_path = Path(script).resolve()
    os.chdir(DATA)
    sys.path.insert(0, str(DATA))
    stdout = io.StringIO()
    error = None
    with contextlib.redirect_stdout(stdout):
        try:
            runpy.run_path(str(script_path), run_name="__main__")
        except Exception as exc:  # noqa: BLE001 - how the script ended is what is reported
            error = f"{type(exc).__name__}: {exc}"
            frames = traceback.extract_tb(exc.__traceback__)
            lines = [f"line {f.lineno}: {f.line}" for f in frames if f.filename == str(script_path)]
            error += "\n" + "\n".join(lines[-1:])
    return {"stdout": stdout.getvalue(), "error": error}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
