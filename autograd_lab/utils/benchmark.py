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
``Compare`` prints measurements as torch's table (rows by threads, env and sub-label, columns by
description; ``trim_significant_figures``, ``colorize``, ``highlight_warnings``). The fuzzers are not
provided.
"""

from __future__ import annotations

import collections
import dataclasses
import enum
import itertools
import math
import textwrap
import time
import timeit as _timeit
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["Timer", "Measurement", "TaskSpec", "Language", "Compare", "Colorize", "select_unit",
           "trim_sigfig"]

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


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    """What a ``Timer`` times (statement, setup, labels, threads): the top of a measurement's repr;
    equal specs are one task (``Compare`` merges their measurements)."""

    stmt: str
    setup: str
    global_setup: str = ""
    label: str | None = None
    sub_label: str | None = None
    description: str | None = None
    env: str | None = None
    num_threads: int = 1

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

    @property
    def significant_figures(self) -> int:
        """How many figures of the median the spread of the middle half of the times supports
        (1 to 4), as torch estimates it (in float32, z = 1.645, an interval of at least 25 ns)."""
        ordered = sorted(self.times)
        middle = np.asarray(ordered[len(ordered) // 4:math.ceil(np.float32(3 * len(ordered) / 4))],
                            dtype=np.float32)
        interval = max(1.645 * float(middle.std()) / float(np.sqrt(np.float32(len(middle)))), 25e-9)
        figures = int(np.floor(np.log10(np.float32(self.median / interval))))
        return min(max(figures, 1), 4)

    @property
    def title(self) -> str:
        return self.task_spec.title

    @property
    def env(self) -> str:
        return "Unspecified env" if self.task_spec.env is None else self.task_spec.env

    @property
    def as_row_name(self) -> str:
        return self.task_spec.sub_label or self.task_spec.stmt or "[Unknown]"

    @staticmethod
    def merge(measurements: list[Measurement]) -> list[Measurement]:
        """One measurement per task, of all its times (per run, so ``number_per_run`` is 1)."""
        grouped: dict[TaskSpec, list[float]] = collections.defaultdict(list)
        for measurement in measurements:
            grouped[measurement.task_spec].extend(measurement.times)
        return [Measurement(1, times, spec) for spec, times in grouped.items()]

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


# -- Compare: measurements as a table ----------------------------------------------------------------

_UNIT_WORDS = {"ns": "nanosecond", "us": "microsecond", "ms": "millisecond", "s": "second"}
# terminal colours of colorize(): best, within 10%, 2x and 5x the best
_BEST, _GOOD, _BAD, _VERY_BAD = "\033[92m", "\033[34m", "\033[2m\033[91m", "\033[31m"
_BOLD, _END = "\033[1m", "\033[0m"


class Colorize(enum.Enum):
    """Which cells ``Compare.colorize`` compares: none, down each column or along each row."""

    NONE = "none"
    COLUMNWISE = "columnwise"
    ROWWISE = "rowwise"


def trim_sigfig(x: float, n: int) -> float:
    """``x`` rounded to ``n`` significant figures (torch's rounding, in float32)."""
    if n != int(n):
        raise AssertionError("Number of significant figures must be an integer")
    magnitude = int(np.ceil(np.log10(np.abs(np.float32(x)))))
    scale = 10 ** (magnitude - n)
    return float(np.round(np.float32(x / scale)) * scale)


def _ordered_unique(items: Any) -> list:
    return list(dict.fromkeys(items))


def _leading_digits(value: float) -> int:
    return int(np.ceil(np.log10(np.float32(value))))


class _Column:
    """One description's cells: a common number format for all its medians."""

    def __init__(self, groups: list[tuple[Measurement | None, ...]], scale: float, trim: bool,
                 highlight: bool) -> None:
        self.groups = groups
        flat = [m for m in itertools.chain.from_iterable(groups) if m is not None]
        self.trim = trim
        self.highlight = highlight and any(m.has_warnings for m in flat)
        digits = [_leading_digits(m.median / scale) for m in flat]
        decimals = (min(max(m.significant_figures - d, 0) for d, m in zip(digits, flat)) if trim else 1)
        width = max(digits) + decimals + (1 if decimals else 0)
        self.template = f"{{:>{width}.{decimals}f}}{{:>{7 if self.highlight else 0}}}"

    def cell(self, value: float | None, figures: int, spread: float | None) -> str:
        if value is None:
            return " " * len(self.cell(1, figures, None))
        if self.trim:
            value = trim_sigfig(value, figures)
        note = f" (! {spread * 100:.0f}%)" if self.highlight and spread is not None else ""
        return self.template.format(value, note)


def _coloured(text: str, value: float, best: float) -> str:
    if value <= best * 1.01 or value <= best + 100e-9:
        return _BEST + _BOLD + text + _END * 2
    if value <= best * 1.1:
        return _GOOD + _BOLD + text + _END * 2
    if value >= best * 5:
        return _VERY_BAD + _BOLD + text + _END * 2
    if value >= best * 2:
        return _BAD + text + _END * 2
    return text


class _Table:
    """The measurements of one label: rows by (threads, env, sub-label or statement), columns by
    description, times in the unit of the fastest."""

    def __init__(self, results: list[Measurement], colorize: Colorize, trim: bool,
                 highlight: bool) -> None:
        self.results, self.colorize, self.highlight = results, colorize, highlight
        self.label = results[0].label
        self.unit, self.scale = select_unit(min(m.median for m in results))
        self.row_keys = _ordered_unique((m.num_threads, m.env, m.as_row_name) for m in results)
        self.row_keys.sort(key=lambda key: key[:2])  # threads, then env; statements keep their order
        self.column_keys = _ordered_unique(m.description for m in results)
        cells: list[list[Measurement | None]] = [[None] * len(self.column_keys) for _ in self.row_keys]
        for m in results:
            cells[self.row_keys.index((m.num_threads, m.env, m.as_row_name))][
                self.column_keys.index(m.description)] = m
        self.cells = cells
        envs = {m.env for m in results}
        self.render_env = len(envs) > 1
        self.env_width = max(len(env) for env in envs) if self.render_env else 0
        self.groups: list[int] = []  # each row's thread group
        self.separators: list[int | None] = []  # the thread count heading a group's first row
        self.env_shown: list[bool] = []
        prior_threads, prior_env = -1, ""
        by_group: list[list[list[Measurement | None]]] = []
        for (threads, env, _), row in zip(self.row_keys, cells):
            if threads != prior_threads:
                prior_threads, prior_env = threads, ""
                by_group.append([])
                self.separators.append(threads)
            else:
                self.separators.append(None)
            self.groups.append(len(by_group) - 1)
            self.env_shown.append(self.render_env and env != prior_env)
            by_group[-1].append(row)
            prior_env = env
        self.columns = [_Column([tuple(row[i] for row in group) for group in by_group], self.scale,
                                trim, highlight) for i in range(len(self.column_keys))]

    def _row_strings(self, index: int) -> list[str]:
        row = self.cells[index]
        first = next(m for m in row if m is not None)
        env = f"({first.env})" if self.env_shown[index] else ""
        strings = ["  " + env.ljust(self.env_width + 4) + first.as_row_name]
        for m, column in zip(row, self.columns):
            strings.append(column.cell(None, 1, None) if m is None else column.cell(
                m.median / self.scale, m.significant_figures, m.iqr / m.median if m.has_warnings else None))
        return strings

    def _best(self, index: int) -> list[float | None]:
        row = self.cells[index]
        if self.colorize == Colorize.ROWWISE:
            return [min(m.median for m in row if m is not None)] * len(row)
        if self.colorize == Colorize.COLUMNWISE:
            return [min((m.median for m in column.groups[self.groups[index]] if m is not None), default=None)
                    for column in self.columns]
        return [None] * len(row)

    def render(self) -> str:
        rows = [[""] + [key if key is not None else "" for key in self.column_keys]]
        rows += [self._row_strings(i) for i in range(len(self.cells))]
        count = max(len(row) for row in rows)
        rows = [row + [""] * (count - len(row)) for row in rows]
        widths = [max(len(cell) for cell in column) for column in zip(*rows)]
        lines = ["  |  ".join(cell.center(width) for cell, width in zip(rows[0], widths))]
        overall = len(lines[0])
        for index, strings in enumerate(rows[1:]):
            if self.separators[index] is not None:
                lines.append(f"{self.separators[index]} threads: ".ljust(overall, "-"))
            cells = [strings[0].ljust(widths[0])]
            for text, width, m, best in zip(strings[1:], widths[1:], self.cells[index], self._best(index)):
                text = text.center(width)
                if self.colorize != Colorize.NONE and m is not None and best is not None:
                    text = _coloured(text, m.median, best)
                cells.append(text)
            lines.append("  |  ".join(cells))
        warned = self.highlight and any(m.has_warnings for m in self.results)
        title = (" " + (self.label or "") + " ").center(overall - 2, "-")
        return (f"[{title}]\n" + "\n".join(lines) + f"\n\nTimes are in {_UNIT_WORDS[self.unit]}s "
                f"({self.unit}).\n" + ("(! XX%) Measurement has high variance, where XX is the IQR / "
                                       "median * 100.\n" if warned else ""))


class Compare:
    """Measurements as tables, one per label: ``print(Compare(results))`` or ``.print()``."""

    def __init__(self, results: list[Measurement]) -> None:
        self._results: list[Measurement] = []
        self.extend_results(results)
        self._trim_significant_figures = False
        self._colorize = Colorize.NONE
        self._highlight_warnings = False

    def __str__(self) -> str:
        return "\n".join(self._render())

    def extend_results(self, results: list[Measurement]) -> None:
        for result in results:
            if not isinstance(result, Measurement):
                raise ValueError(f"Expected an instance of `Measurement`, got {type(result)} instead.")
        self._results.extend(results)

    def trim_significant_figures(self) -> None:
        """Show each time to the figures its spread supports."""
        self._trim_significant_figures = True

    def colorize(self, rowwise: bool = False) -> None:
        """Colour each time by how it compares with the best of its column (or row)."""
        self._colorize = Colorize.ROWWISE if rowwise else Colorize.COLUMNWISE

    def highlight_warnings(self) -> None:
        """Mark times whose IQR is large with ``(! XX%)``."""
        self._highlight_warnings = True

    def print(self) -> None:
        print(str(self))

    def _render(self) -> list[str]:
        by_label: dict[str | None, list[Measurement]] = collections.defaultdict(list)
        for measurement in Measurement.merge(self._results):
            by_label[measurement.label].append(measurement)
        return [_Table(group, self._colorize, self._trim_significant_figures,
                       self._highlight_warnings).render() for group in by_label.values()]
