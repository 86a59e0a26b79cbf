"""Run a probe script in a fresh interpreter with ``torch`` bound to torch or to autograd_lab: for
behaviour that switches something on for the rest of a process (meta tensors, complex tensors,
tensor subclasses), so each run starts clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

__all__ = ["run_probe"]


def run_probe(probe: str, module: str) -> list[str]:
    """``probe``'s output lines, with ``torch`` and ``torch.nn`` bound to ``module``'s (``"torch"``
    runs it as written, ``"autograd_lab"`` with the kit in their place)."""
    code = probe if module == "torch" else (
        "import sys, autograd_lab, autograd_lab.nn\n"
        "sys.modules['torch'], sys.modules['torch.nn'] = autograd_lab, autograd_lab.nn\n" + probe)
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
