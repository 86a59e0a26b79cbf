"""``torch.autograd.profiler.profile``: which ops ran, how often, and how long they took.

    with t.autograd.profiler.profile() as prof:
        for _ in range(1000):
            z = (z / x) * y
    print(prof.key_averages().table(sort_by="self_cpu_time_total"))

Every op (a class of ``autograd_lab.ops``) run inside the block is timed, forward only, by the CPU
clock around the op's whole call (checks, forward, recording its node); an op another op calls
internally counts towards the outer one. Names are the ops' own (``mul``, ``div``, ``addmm``),
not torch's ``aten::`` kernel names, and times are those of the numpy code, so they show where a
program's time goes here, not what torch would spend.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .record import profiling, recorder

__all__ = ["profile", "EventList", "FunctionEvent", "FunctionEventAvg"]

_SORT_KEYS = ("cpu_time", "cpu_time_total", "self_cpu_time_total", "count")


class FunctionEvent:
    """One call of one op: its name, input shapes and CPU time in microseconds."""

    __slots__ = ("name", "cpu_time_total", "input_shapes")

    def __init__(self, name: str, cpu_time_total: float, input_shapes: list) -> None:
        self.name = name
        self.cpu_time_total = cpu_time_total
        self.input_shapes = input_shapes

    @property
    def key(self) -> str:
        return self.name

    @property
    def self_cpu_time_total(self) -> float:
        return self.cpu_time_total  # ops are timed as a whole: no nested op is subtracted

    @property
    def count(self) -> int:
        return 1

    @property
    def cpu_time(self) -> float:
        return self.cpu_time_total

    def __repr__(self) -> str:
        return (f"<FunctionEvent name={self.name} cpu_time_total={self.cpu_time_total:.3f}us "
                f"input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """All calls of one op (one row of the table): count and total CPU time."""

    __slots__ = ("key", "count", "cpu_time_total", "input_shapes")

    def __init__(self, key: str, input_shapes: Any = None) -> None:
        self.key = key
        self.count = 0
        self.cpu_time_total = 0.0
        self.input_shapes = input_shapes

    def add(self, event: FunctionEvent) -> FunctionEventAvg:
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        return self

    @property
    def self_cpu_time_total(self) -> float:
        return self.cpu_time_total

    @property
    def cpu_time(self) -> float:
        """The average time of one call."""
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self) -> str:
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.cpu_time_total:.3f}us "
                f"cpu_time={self.cpu_time_total:.3f}us count={self.count}>")


class EventList(list):
    """A list of events (or of per-op averages) that prints as torch's table."""

    def table(self, sort_by: str | None = None, row_limit: int = 100, max_src_column_width: int = 75,
              max_name_column_width: int = 55, max_shapes_column_width: int = 80,
              header: str | None = None, top_level_events_only: bool = False) -> str:
        """The rows as a text table (sorted by ``sort_by``, descending; at most ``row_limit``)."""
        rows = list(self)
        if sort_by is not None:
            if sort_by not in _SORT_KEYS:
                raise AttributeError(f"sort_by must be one of {', '.join(_SORT_KEYS)} "
                                     f"(autograd_lab times the CPU only), not {sort_by!r}")
            rows.sort(key=lambda row: getattr(row, sort_by), reverse=True)
        if row_limit > 0:
            rows = rows[:row_limit]
        return _table(rows, self.total_cpu_time(), max_name_column_width, header)

    def total_cpu_time(self) -> float:
        return sum(row.cpu_time_total for row in self)

    def key_averages(self, group_by_input_shapes: bool = False) -> EventList:
        """One row per op name (and per input shapes, when asked), in order of first call."""
        averages: dict[Any, FunctionEventAvg] = {}
        for event in self:
            shapes = str(event.input_shapes) if group_by_input_shapes else None
            key = (event.key, shapes)
            if key not in averages:
                averages[key] = FunctionEventAvg(event.key, event.input_shapes if shapes else None)
            averages[key].add(event)
        return EventList(averages.values())

    def __str__(self) -> str:
        return self.table()


def _time(microseconds: float) -> str:
    """torch's time format: us below 1 ms, ms below 1 s, then s."""
    if microseconds >= 1e6:
        return f"{microseconds / 1e6:.3f}s"
    if microseconds >= 1e3:
        return f"{microseconds / 1e3:.3f}ms"
    return f"{microseconds:.3f}us"


def _table(rows: list, total: float, name_width: int, header: str | None) -> str:
    names = [row.key if len(row.key) <= name_width else row.key[:name_width - 3] + "..."
             for row in rows]
    width = max([len("Name"), *map(len, names)]) + 2
    columns = ("Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls")
    rule = "-" * width + "  " + "  ".join("-" * 12 for _ in columns) + "  "
    lines = [header] if header else []
    lines += [rule, "Name".rjust(width) + "  " + "  ".join(c.rjust(12) for c in columns) + "  ", rule]
    for name, row in zip(names, rows):
        share = f"{100 * row.cpu_time_total / total:.2f}%" if total else "0.00%"
        cells = (share, _time(row.self_cpu_time_total), share, _time(row.cpu_time_total),
                 _time(row.cpu_time), str(row.count))
        lines.append(name.rjust(width) + "  " + "  ".join(c.rjust(12) for c in cells) + "  ")
    lines += [rule, f"Self CPU time total: {_time(total)}", ""]
    return "\n".join(lines)


class profile:  # noqa: N801 - torch's name
    """Record every op run inside the ``with`` block: ``key_averages().table()`` shows them by
    count and time. ``record_shapes=True`` keeps each call's input shapes (for
    ``key_averages(group_by_input_shape=True)``)."""

    def __init__(self, enabled: bool = True, *, use_cuda: bool = False, use_device: Any = None,
                 record_shapes: bool = False, with_flops: bool = False, profile_memory: bool = False,
                 with_stack: bool = False, with_modules: bool = False, use_kineto: bool = True,
                 use_cpu: bool = True, **options: Any) -> None:
        if use_cuda or use_device not in (None, "cpu"):
            from ..device import check_device

            check_device("cuda" if use_cuda else use_device)
        self.enabled = enabled
        self.record_shapes = record_shapes
        self.function_events = EventList()
        self._active: Any = None

    def __enter__(self) -> profile:
        if self.enabled:
            self._active = profiling(self)
            self._active.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._active.__exit__(None, None, None)

    def run(self, op: Callable[..., Any], name: str, inputs: tuple, params: dict) -> Any:
        """Run ``op(*inputs, **params)`` with profiling paused inside it, and record its time."""
        recorder.profiler = None  # an op another op calls counts towards the outer one
        start = time.perf_counter_ns()
        try:
            return op(*inputs, **params)
        finally:
            elapsed = (time.perf_counter_ns() - start) / 1000.0
            recorder.profiler = self
            shapes = [list(getattr(t, "shape", ())) for t in inputs] if self.record_shapes else []
            self.function_events.append(FunctionEvent(name, elapsed, shapes))

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0) -> EventList:
        return self.function_events.key_averages(group_by_input_shape)

    def table(self, sort_by: str | None = None, row_limit: int = 100, **options: Any) -> str:
        return self.key_averages().table(sort_by=sort_by, row_limit=row_limit)

    def total_average(self) -> FunctionEventAvg:
        total = FunctionEventAvg("Total")
        for event in self.function_events:
            total.add(event)
        return total

    def __str__(self) -> str:
        return self.key_averages().table()

