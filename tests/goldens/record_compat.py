"""Record what every compatibility script prints under torch (tests/compat/scripts/*.py).

Each script runs in a fresh interpreter with the real torch (``tests/compat/run.py``); its output
and how it ended are written to ``tests/goldens/compat.json``, which ``tests/test_compat.py``
compares autograd_lab's runs with.
"""

from __future__ import annotations

from tests.compat import run, scripts


def record() -> dict:
    return {script.name: run(script, "torch") for script in scripts()}
