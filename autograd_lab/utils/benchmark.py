"""``torch.utils.benchmark.Timer``, minimal: time a statement and print the measurement as torch does.

    from torch.utils.benchmark import Timer
    timer = Timer(stmt="f(x)", globals={"f": f, "x": x})
    print(timer.timeit(100))        # the statement, the time per run, and how many runs

The statement runs ``number`` times in one block, timed by ``time.perf_counter``; one block is one
measurement (``blocked_autorange`` takes blocks until ``min_run_time`` has passed). There is no
warm-up policy, thread control or statistics beyond mean and median.
"""

from __future__ import annotations

import statistics
import time
import timeit as _timeit
from collections.abc import Callable
from typing import Any

__all__ = ["Timer", "Measurement"]

_UNITS = ((1e-9, "ns"), (1e-6, "us"), (1e-3, "ms"), (1.0, "s"))


def _unit(seconds: float) -> tuple[float, str]:
    scale, name = _UNITS[0]
    for scale_, name_ in _UNITS:
        if seconds >= scale_:
            scale, name = scale_, name_
    return scale, name


class Measurement:
    """The times of a statement: ``times`` (seconds per run, one per block), ``mean``, ``median``."""

    def __init__(self, number_per_run: int, raw_times: list[float], stmt: str,
                 label: str | None = None, num_threads: int = 1) -> None:
        self.number_per_run = number_per_run
        self.raw_times = raw_times
        self.stmt = stmt
        self.label = label
        self.num_threads = num_threads

    @property
    def times(self) -> list[float]:
        return [raw / self.number_per_run for raw in self.raw_times]

    @property
    def mean(self) -> float:
        return statistics.mean(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def __repr__(self) -> str:
        scale, unit = _unit(self.median)
        count = len(self.raw_times)
        lines = [f"<torch.utils.benchmark.Measurement object at {hex(id(self))}>"]
        if self.label:
            lines.append(self.label)
        lines.append(self.stmt)
        lines.append(f"  {self.median / scale:.2f} {unit}")
        lines.append(f"  {count} measurement{'s' if count != 1 else ''}, {self.number_per_run} runs "
                     f", {self.num_threads} thread{'s' if self.num_threads != 1 else ''}")
        return "\n".join(lines)

    __str__ = __repr__


class Timer:
    """Time ``stmt`` (a string of Python, run with ``globals``) after ``setup`` has run once."""

    def __init__(self, stmt: str = "pass", setup: str = "pass", global_setup: str = "",
                 timer: Callable[[], float] = time.perf_counter, globals: dict | None = None,  # noqa: A002
                 label: str | None = None, sub_label: str | None = None,
                 description: str | None = None, env: str | None = None, num_threads: int = 1,
                 **options: Any) -> None:
        self.stmt = stmt
        self.label = label
        self.num_threads = num_threads
        self._timer = _timeit.Timer(stmt=stmt, setup=setup, timer=timer,
                                    globals=dict(globals or {}))

    def timeit(self, number: int = 1000000) -> Measurement:
        """Run the statement ``number`` times (one block) and measure the time per run."""
        return Measurement(number, [self._timer.timeit(number)], self.stmt, self.label,
                           self.num_threads)

    def blocked_autorange(self, callback: Any = None, min_run_time: float = 0.2) -> Measurement:
        """Blocks of runs (the block size grown until one takes at least 10 ms), repeated until
        ``min_run_time`` seconds have passed."""
        number = 1
        while True:
            elapsed = self._timer.timeit(number)
            if elapsed >= 0.01 or number >= 10**6:
                break
            number *= 10
        times, total = [elapsed], elapsed
        while total < min_run_time:
            elapsed = self._timer.timeit(number)
            times.append(elapsed)
            total += elapsed
        return Measurement(number, times, self.stmt, self.label, self.num_threads)
