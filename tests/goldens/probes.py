"""Run a probe script in a fresh interpreter with ``torch`` bound to torch or to autograd_lab: for
behaviour that switches something on for the rest of a process (meta tensors, complex tensors,
tensor subclasses), so each run starts clean."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

__all__ = ["run_probe", "run_kit", "SHOW"]

SHOW = textwrap.dedent('''
    import warnings

    seen = set()  # (torch gives its warnings once per process; autograd_lab's are Python's)

    def show(label, make):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                value = make()
            print(label, "->", repr(value))
            for warning in caught:
                text = warning.category.__name__ + " " + str(warning.message).split(" (Triggered")[0]
                if text not in seen:
                    seen.add(text)
                    print("  warns", text)
        except Exception as error:
            print(label, "!", type(error).__name__, str(error).splitlines()[0])
''')
"""A probe's ``show(label, make)``: prints ``label -> repr(make())`` and the warnings it gave
(each once), or ``label ! ErrorClass first line of the message``."""


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


def run_kit(code: str) -> str:
    """Run ``code`` (``t`` is autograd_lab) in a fresh interpreter; its output."""
    program = "import autograd_lab as t\n" + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=120, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    return done.stdout
