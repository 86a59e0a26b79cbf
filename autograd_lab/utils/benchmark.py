"""``torch.utils.benchmark``: ``Timer`` and ``Measurement``, printed as torch prints them.

    from torch.utils.benchmark import Timer
    timer = Timer(stmt="f(x)", setup="x = torch.ones(128)", globals={"f": f})
    print(timer.timeit(100))              # the statement, the time per run, how many runs
    print(timer.blocked_autorange())      # blocks of runs until 0.2 s: median and IQR

As in torch: ``stmt`` and ``setup`` are dedented, ``torch`` is in the statement's globals, ``timeit``
runs a short warm-up first, ``blocked_autorange`` grows the block size until the timer's overhead is
negligible and then takes blocks until ``min_run_time`` has passed, ``adaptive_autorange`` until the
interquartile range is within ``threshold`` of the median; a ``Measurement`` keeps the times and
gives ``median``, ``mean``, ``iqr`` and torch's repr (with its warning when the IQR is large).
Only Python statements run here: C++ snippets (``language=Language.CPP``) and Callgrind instruction
counts time torch's C++ library, which autograd_lab does not have; they raise
``NotImplementedError``. ``num_threads`` is recorded and printed: numpy's thread count is not changed.
``Compare`` and the fuzzers are not provided.
"""

from __future__ import annotations

import enum
import textwrap
import time
import timeit as _timeit
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["Timer", "Measurement", "TaskSpec", "Language", "select_unit"]

# the IQR, relative to the median, above which a measurement's repr warns (torch's thresholds)
_IQR_WARN_THRESHOLD = 0.1
_IQR_GROSS_WARN_THRESHOLD = 0.25


class Language(enum.Enum):
    """The language of a ``Timer``'s statement: only ``PYTHON`` runs here."""

    PYTHON = 0
    CPP = 1


def select_unit(seconds: float) -> tuple[str, float]:
    """The unit torch prints a time in (``"us"`` for 2.5e-6 s) and its scale in seconds."""
    exponent = int(np.floor(np.log10(seconds)) // 3) if seconds > 0 else -3
    unit = {-3: "ns", -2: "us", -1: "ms"}.get(exponent, "s")
    return unit, {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


class TaskSpec:
    """What a ``Timer`` times (statement, setup, labels, threads): the top of a measurement's repr."""

    def __init__(self, stmt: str, setup: str, global_setup: str = "", label: str | None = None,
                 sub_label: str | None = None, description: str | None = None,
                 env: str | None = None, num_threads: int = 1) -> None:
        self.stmt, self.setup, self.global_setup = stmt, setup, global_setup
        self.label, self.sub_label, self.description = label, sub_label, description
        self.env, self.num_threads = env, num_threads

    @property
    def title(self) -> str:
        """The label (with the sub-label), else the statement."""
        suffix = f": {self.sub_label}" if self.sub_label else ""
        if self.label is not None:
            return self.label + suffix
        if "\n" not in self.stmt:
            return self.stmt + suffix
        return f"stmt:{f' ({self.sub_label})' if self.sub_label else ''}\n" + textwrap.indent(self.stmt, "  ")

    def setup_str(self) -> str:
        if self.setup in ("", "pass"):
            return ""
        if "\n" in self.setup:
            return "setup:\n" + textwrap.indent(self.setup, "  ")
        return f"setup: {self.setup}"

    def summarize(self) -> str:
        sections = [self.title, self.description or "", self.setup_str()]
        return "\n".join(f"{section}\n" if "\n" in section else section for section in sections if section)


class Measurement:
    """The times of a statement: ``raw_times`` (seconds per block of ``number_per_run`` runs),
    ``times`` (per run), ``median``, ``mean``, ``iqr``."""

    def __init__(self, number_per_run: int, raw_times: list[float], task_spec: TaskSpec,
                 metadata: dict | None = None) -> None:
        self.number_per_run = number_per_run
        self.raw_times = list(raw_times)
        self.task_spec = task_spec
        self.metadata = metadata

    def __getattr__(self, name: str) -> Any:
        # stmt, label, num_threads ... read through to the task (as torch's Measurement does)
        if name != "task_spec" and "task_spec" in self.__dict__ and hasattr(self.task_spec, name):
            return getattr(self.task_spec, name)
        raise AttributeError(f"'Measurement' object has no attribute '{name}'")

    @property
    def times(self) -> list[float]:
        return [raw / self.number_per_run for raw in self.raw_times]

    def _quantile(self, q: float) -> float:
        return float(np.quantile(np.asarray(self.times, dtype=np.float64), q))

    @property
    def median(self) -> float:
        return self._quantile(0.5)

    @property
    def mean(self) -> float:
        # of the sorted times, as torch sums them (the order changes the last bit)
        return float(np.mean(np.sort(np.asarray(self.times, dtype=np.float64))))

    @property
    def iqr(self) -> float:
        return self._quantile(0.75) - self._quantile(0.25)

    def meets_confidence(self, threshold: float = _IQR_WARN_THRESHOLD) -> bool:
        """Whether the interquartile range is under ``threshold`` times the median."""
        return self.iqr / self.median < threshold

    @property
    def has_warnings(self) -> bool:
        return bool(self._warnings())

    def _warnings(self) -> list[str]:
        if self.meets_confidence(_IQR_WARN_THRESHOLD):
            return []
        why = ("This suggests significant environmental influence."
               if not self.meets_confidence(_IQR_GROSS_WARN_THRESHOLD)
               else "This could indicate system fluctuation.")
        return [f"  WARNING: Interquartile range is {self.iqr / self.median * 100:.1f}% of the "
                f"median measurement.\n           {why}"]

    def __repr__(self) -> str:
        count = len(self.raw_times)
        unit, scale = select_unit(self.median)
        threads = self.task_spec.num_threads
        lines = [f"<torch.utils.benchmark.utils.common.Measurement object at {hex(id(self))}>",
                 self.task_spec.summarize(),
                 f"  {'Median: ' if count > 1 else ''}{self.median / scale:.2f} {unit}"]
        if count >= 4:
            lines.append(f"  IQR:    {self.iqr / scale:.2f} {unit} ({self._quantile(0.25) / scale:.2f} "
                         f"to {self._quantile(0.75) / scale:.2f})")
        plural = "s" if threads > 1 else ""
        lines.append(f"  {count} measurement{'s' if count > 1 else ''}, {self.number_per_run} runs "
                     f"{'per measurement,' if count > 1 else ','} {threads} thread{plural}")
        lines.extend(self._warnings())
        return "\n".join(lines).strip()

    __str__ = __repr__


def _dedented(code: str) -> str:
    """torch's clean-up of ``stmt`` and ``setup``: dedented, one leading newline and trailing space
    dropped."""
    code = textwrap.dedent(code)
    return (code[1:] if code.startswith("\n") else code).rstrip()


class Timer:
    """Time ``stmt`` (Python source, run with ``globals`` and ``torch``) after ``setup`` has run."""

    def __init__(self, stmt: str = "pass", setup: str = "pass", global_setup: str = "",
                 timer: Callable[[], float] = time.perf_counter, globals: dict | None = None,  # noqa: A002
                 label: str | None = None, sub_label: str | None = None,
                 description: str | None = None, env: str | None = None, num_threads: int = 1,
                 language: Language | str = Language.PYTHON) -> None:
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        if language in (Language.CPP, "cpp", "c++"):
            raise NotImplementedError(
                "C++ snippets time torch's C++ library, which autograd_lab does not have: only "
                "Python statements (language=Language.PYTHON) can be timed here.")
        if language not in (Language.PYTHON, "py", "python"):
            raise ValueError(f"Invalid language `{language}`.")
        if global_setup:
            raise ValueError(f"global_setup is C++ only, got `{global_setup}`. Most likely this code "
                             "can simply be moved to `setup`.")
        import autograd_lab

        names = dict(globals or {})
        names.setdefault("torch", autograd_lab)
        stmt, setup = _dedented(stmt), _dedented(setup)
        self._timer = _timeit.Timer(stmt=stmt, setup=setup, timer=timer, globals=names)
        self._task_spec = TaskSpec(stmt, setup, global_setup, label, sub_label, description, env,
                                   num_threads)

    def _timeit(self, number: int) -> float:
        return max(self._timer.timeit(number), 1e-9)

    def timeit(self, number: int = 1000000) -> Measurement:
        """Warm up (``number // 100`` runs, at least 2), then time ``number`` runs as one block."""
        self._timeit(max(number // 100, 2))
        return Measurement(number, [self._timeit(number)], self._task_spec)

    def repeat(self, repeat: int = -1, number: int = -1) -> None:
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback: Callable[[int, float], Any] | None = None) -> None:
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _block_size(self, min_run_time: float) -> int:
        """Runs per block: grown tenfold until the timer's own overhead is under 1e-4 of a block
        and a block takes a thousandth of ``min_run_time`` (or more than all of it)."""
        overhead = float(np.median([self._timeit(0) for _ in range(5)]))
        number = 1
        while True:
            taken = self._timeit(number)
            if (overhead / taken <= 1e-4 and taken >= min_run_time / 1000) or taken > min_run_time \
                    or number * 10 > 2147483647:
                return number
            number *= 10

    def _blocks(self, number: int, min_run_time: float, stop: Callable[[list[float]], bool],
                max_run_time: float | None = None,
                callback: Callable[[int, float], Any] | None = None) -> list[float]:
        times: list[float] = []
        total, can_stop = 0.0, False
        while total < min_run_time or not can_stop:
            spent = self._timeit(number)
            times.append(spent)
            total += spent
            if callback:
                callback(number, spent)
            can_stop = stop(times)
            if max_run_time and total > max_run_time:
                break
        return times

    def blocked_autorange(self, callback: Callable[[int, float], Any] | None = None,
                          min_run_time: float = 0.2) -> Measurement:
        """Blocks of runs until ``min_run_time`` seconds have passed."""
        number = self._block_size(min_run_time)
        times = self._blocks(number, min_run_time, lambda times: True, callback=callback)
        return Measurement(number, times, self._task_spec)

    def adaptive_autorange(self, threshold: float = 0.1, *, min_run_time: float = 0.01,
                           max_run_time: float = 10.0,
                           callback: Callable[[int, float], Any] | None = None) -> Measurement:
        """Blocks of runs until the IQR is within ``threshold`` of the median (more than 3 blocks,
        at least ``min_run_time``, at most ``max_run_time`` seconds)."""
        number = self._block_size(0.05)

        def confident(times: list[float]) -> bool:
            return len(times) > 3 and Measurement(number, times, self._task_spec).meets_confidence(threshold)

        times = self._blocks(number, min_run_time, confident, max_run_time, callback)
        return Measurement(number, times, self._task_spec)

    def collect_callgrind(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "Callgrind counts the instructions of torch's C++ library, which autograd_lab does not "
            "have: time statements with blocked_autorange instead.")
