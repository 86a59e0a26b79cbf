"""Shared test fixtures.

Tests that need something a learner's machine may lack (PyTorch, Chromium) call :func:`need`.
On a learner's machine they skip with the reason; in CI, ``AUTOGRAD_LAB_REQUIRE_ALL=1`` turns
those skips into failures, so CI can never be green because a test quietly did not run.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL = os.environ.get("AUTOGRAD_LAB_REQUIRE_ALL") == "1"


def need(available: bool, reason: str) -> None:
    """Skip (or, with AUTOGRAD_LAB_REQUIRE_ALL=1, fail) when a requirement is missing."""
    if available:
        return
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (AUTOGRAD_LAB_REQUIRE_ALL=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def torch():
    """The real PyTorch, for live comparisons; skipped where it is not installed."""
    try:
        import torch as real_torch
    except ImportError:
        need(False, "PyTorch is not installed: live comparisons skipped (goldens still run)")
    real_torch.set_num_threads(1)
    return real_torch


@pytest.fixture
def shell():
    """IPython's test shell (a real ``InteractiveShell``) with ``%load_ext autograd_lab`` done and an
    empty user namespace."""
    pytest.importorskip("IPython")
    from IPython.core.getipython import get_ipython
    from IPython.testing.globalipapp import start_ipython

    ip = start_ipython() or get_ipython()  # the first call starts it, later ones return None
    # (what ``%reset -f`` does but its full gc.collect(), which late in a session, with the heap of
    # every test before, cost seconds per test)
    ip.reset(new_session=False)
    ip.run_cell("%load_ext autograd_lab", store_history=False)
    yield ip
    ip.run_cell("%unload_ext autograd_lab", store_history=False)
    ip.reset(new_session=False)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use the ``torch`` fixture are the live-comparison group: ``pytest -m torch``."""
    for item in items:
        if "torch" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.torch)


@pytest.fixture
def fast_paths_on():
    """For tests of a fast path itself (e.g. a gradient kept without a copy): the fast paths are on
    during the test, whatever the run's setting (CI runs the suite with them on and off)."""
    from autograd_lab import fast_paths

    previous = fast_paths.is_enabled()
    fast_paths.set_enabled(True)
    yield
    fast_paths.set_enabled(previous)
