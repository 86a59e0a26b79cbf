"""What every workload shares: sizes, interleaved timing, gradient checks and result rows.

A workload is a function ``workload(config) -> dict`` (see :func:`result`). It builds each
implementation as a zero-argument callable that runs one full iteration (forward + backward, and
the update where the workload has one) and returns the gradients it computed as numpy arrays. The
first call of each is checked against the hand-written numpy reference (:func:`check_gradients`);
then :func:`interleave` times them in turns (ours, numpy, torch, ours, numpy, torch ...), so a burst
of load from another process on this shared machine hits all of them alike, and keeps the median.
"""

from __future__ import annotations

import contextlib
import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Config", "GradientMismatch", "Implementation", "all_met", "available_implementations",
    "check_first_iterations", "check_gradients", "interleave", "load_torch", "ratio_target", "result",
    "row", "rss_bytes", "timed_call", "use_clock", "clock_name",
]

Implementation = Callable[[], Mapping[str, Any]]
"""One iteration of one implementation; returns ``{name: gradient}`` (numpy arrays or tensors)."""


@dataclass(frozen=True)
class Config:
    """How big and how often: ``quick`` shrinks every workload to a smoke run of a few seconds."""

    quick: bool = False
    repeat_scale: float = 1.0

    def size(self, full: int, quick: int) -> int:
        """``full`` in a real run, ``quick`` in a smoke run."""
        return quick if self.quick else full

    def repeats(self, full: int) -> int:
        """How many interleaved rounds to take the median of (2 in a smoke run)."""
        return 2 if self.quick else max(1, round(full * self.repeat_scale))


class GradientMismatch(AssertionError):
    """An implementation's gradient disagrees with the hand-written numpy reference."""


_torch_module: Any = None

TORCH_ENABLED = True
"""Set to False (``--no-torch``, or a test) to leave torch out even where it is installed."""


def load_torch() -> Any:
    """``torch`` pinned to one thread, or ``None`` when it is not installed (or not wanted)."""
    global _torch_module
    if not TORCH_ENABLED:
        return None
    if _torch_module is None:
        try:
            import torch
        except ImportError:
            return None
        torch.set_num_threads(1)
        # only allowed before torch's first parallel work; harmless to skip after it
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
        _torch_module = torch
    return _torch_module


def as_array(value: Any) -> np.ndarray:
    """A gradient from any implementation as a float64 numpy array."""
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    elif hasattr(value, "_data") and isinstance(value._data, np.ndarray):  # an autograd_lab tensor
        value = value._data
    return np.asarray(value, dtype=np.float64)


def check_gradients(workload: str, implementation: str, got: Mapping[str, Any],
                    expected: Mapping[str, Any], rtol: float, atol: float = 0.0) -> None:
    """Raise :class:`GradientMismatch` unless every gradient in ``got`` matches ``expected``.

    ``atol`` is relative to the largest expected magnitude of each gradient, so one tolerance
    serves gradients of any scale (entries that cancel to about zero are judged against it).
    """
    if set(got) != set(expected):
        raise GradientMismatch(f"{workload}/{implementation}: gradients for {sorted(got)}, "
                               f"the reference has {sorted(expected)}")
    for name, reference in expected.items():
        want, have = as_array(reference), as_array(got[name])
        if have.shape != want.shape:
            raise GradientMismatch(f"{workload}/{implementation}: gradient of {name} has shape "
                                   f"{have.shape}, the reference {want.shape}")
        if not np.all(np.isfinite(have)):
            raise GradientMismatch(f"{workload}/{implementation}: gradient of {name} is not finite")
        scale = float(np.max(np.abs(want))) if want.size else 0.0
        try:
            np.testing.assert_allclose(have, want, rtol=rtol, atol=atol * scale)
        except AssertionError as error:
            raise GradientMismatch(
                f"{workload}/{implementation}: gradient of {name} differs from the hand-written "
                f"numpy reference\n{error}") from None


def check_first_iterations(workload: str, implementations: Mapping[str, Implementation],
                           expected: Callable[[str], Mapping[str, Any]], rtol: float,
                           atol: float = 0.0) -> list[str]:
    """Run every implementation but the numpy reference once and check its gradients against
    ``expected(name)``; returns the names checked. Raises :class:`GradientMismatch` on the first
    wrong one, before anything is timed."""
    checked = []
    for name, run in implementations.items():
        if name != "numpy":
            check_gradients(workload, name, run(), expected(name), rtol=rtol, atol=atol)
            checked.append(name)
    return checked


def available_implementations(*optional: str) -> list[str]:
    """``ours`` and ``numpy``, then ``torch`` when it is installed, then whichever of
    ``optional`` (``"micrograd"``) can be imported."""
    import importlib.util

    names = ["ours", "numpy"]
    if load_torch() is not None:
        names.append("torch")
    names.extend(name for name in optional if importlib.util.find_spec(name) is not None)
    return names


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
"""``cpu``: this process's CPU time, which other processes' load does not inflate (on a shared
machine a wall-clock sample also counts the time the process waited for a core); ``wall``: the
wall clock, what a user waits for on an idle machine."""

clock: Callable[[], float] = CLOCKS["cpu"]


def use_clock(name: str) -> None:
    """Time with ``"cpu"`` (the default) or ``"wall"`` from now on."""
    global clock
    clock = CLOCKS[name]


def clock_name() -> str:
    return next(name for name, function in CLOCKS.items() if function is clock)


def timed_call(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds (by :data:`clock`) one call of ``function`` takes, and what it returned."""
    gc.collect()
    start = clock()
    value = function()
    return clock() - start, value


def interleave(implementations: Mapping[str, Callable[[], Any]], repeats: int,
               number: int = 1) -> dict[str, float]:
    """Median seconds per call of each implementation, timed in turns over ``repeats`` rounds.

    Each round runs every implementation ``number`` times back to back, in the mapping's order,
    timed with :data:`clock`. Garbage from one sample is collected before the next starts, so no
    implementation pays for another's cycles.
    """
    samples: dict[str, list[float]] = {name: [] for name in implementations}
    for _ in range(repeats):
        for name, run in implementations.items():
            gc.collect()
            start = clock()
            for _ in range(number):
                run()
            samples[name].append((clock() - start) / number)
    return {name: statistics.median(values) for name, values in samples.items()}


def ratio_target(ours: float | None, reference: float | None, limit: float) -> bool | None:
    """Whether ``ours <= limit * reference`` (``None`` when either was not measured)."""
    if ours is None or reference is None:
        return None
    return ours <= limit * reference


def all_met(*checks: bool | None) -> bool | None:
    """``True`` if every measured check holds, ``False`` if one fails, ``None`` if none ran."""
    measured = [check for check in checks if check is not None]
    return all(measured) if measured else None


def row(workload: str, unit: str, ours: float | None, *, numpy: float | None = None,
        torch: float | None = None, micrograd: float | None = None, target: str = "",
        met: bool | None = None, note: str = "") -> dict[str, Any]:
    """One line of the table; times are in ``unit`` already (µs/op, ms, s, KB/op ...)."""
    return {"workload": workload, "unit": unit, "ours": ours, "numpy": numpy, "torch": torch,
            "micrograd": micrograd, "target": target, "met": met, "note": note}


def result(name: str, rows: list[dict[str, Any]], checked: list[str],
           notes: list[str] | None = None) -> dict[str, Any]:
    """What a workload returns: its rows, the references its gradient was checked against, notes."""
    return {"name": name, "rows": rows, "checked": checked, "notes": list(notes or [])}


def rss_bytes() -> int:
    """This process's resident memory now (Linux ``/proc``; 0 where it cannot be read)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
