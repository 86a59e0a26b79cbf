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

``record_function(name)`` (a context manager or a decorator) adds a labelled range: its row's CPU
total is the time the range took, its self CPU time that total less the ops and ranges inside it.
Outside a profiler it records nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from typing import Any

from .record import profiling, recorder

__all__ = ["profile", "record_function", "EventList", "FunctionEvent", "FunctionEventAvg"]

_SORT_KEYS = ("cpu_time", "cpu_time_total", "self_cpu_time_total", "count")


class FunctionEvent:
    """One call of one op (or one ``record_function`` range): its name, input shapes, start (in
    microseconds since the profiler started) and CPU time in microseconds, in total and by itself
    (less the ops and ranges inside it; an op's own is its total, as ops are timed whole)."""

    __slots__ = ("name", "cpu_time_total", "self_cpu_time_total", "input_shapes", "start_us",
                 "is_range")

    def __init__(self, name: str, cpu_time_total: float, input_shapes: list, start_us: float = 0.0,
                 is_range: bool = False) -> None:
        self.name = name
        self.cpu_time_total = cpu_time_total
        self.self_cpu_time_total = cpu_time_total
        self.input_shapes = input_shapes
        self.start_us = start_us
        self.is_range = is_range

    @property
    def key(self) -> str:
        # the steps of torch.profiler.profile's schedule are one row, as in torch
        return "ProfilerStep*" if self.name.startswith("ProfilerStep#") else self.name

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

    __slots__ = ("key", "count", "cpu_time_total", "self_cpu_time_total", "input_shapes")

    def __init__(self, key: str, input_shapes: Any = None) -> None:
        self.key = key
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.input_shapes = input_shapes

    def add(self, event: FunctionEvent) -> FunctionEventAvg:
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        return self

    @property
    def cpu_time(self) -> float:
        """The average time of one call."""
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self) -> str:
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total:.3f}us "
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
        with_shapes = any(row.input_shapes for row in self)  # (recorded, and kept apart)
        return _table(rows, self.total_cpu_time(), max_name_column_width,
                      max_shapes_column_width if with_shapes else 0, header)

    def total_cpu_time(self) -> float:
        """The self CPU time of all rows: the time spent, each microsecond counted once."""
        return sum(row.self_cpu_time_total for row in self)

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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _share(part: float, total: float) -> str:
    return f"{100 * part / total:.2f}%" if total else "0.00%"


def _table(rows: list, total: float, name_width: int, shapes_width: int, header: str | None) -> str:
    """torch's table: a row per event or average; an Input Shapes column when ``shapes_width``."""
    names = [_clip(row.key, name_width) for row in rows]
    width = max([len("Name"), *map(len, names)]) + 2
    columns = ["Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls"]
    widths = [12] * len(columns)
    shapes = [_clip(str(row.input_shapes), shapes_width) for row in rows] if shapes_width else []
    if shapes_width:
        columns.append("Input Shapes")
        widths.append(max([len("Input Shapes"), *map(len, shapes)]) + 2)
    rule = "-" * width + "  " + "  ".join("-" * w for w in widths) + "  "
    lines = [header] if header else []
    lines += [rule, "Name".rjust(width) + "  "
              + "  ".join(c.rjust(w) for c, w in zip(columns, widths)) + "  ", rule]
    for index, (name, row) in enumerate(zip(names, rows)):
        cells = [_share(row.self_cpu_time_total, total), _time(row.self_cpu_time_total),
                 _share(row.cpu_time_total, total), _time(row.cpu_time_total),
                 _time(row.cpu_time), str(row.count)] + shapes[index:index + 1]
        lines.append(name.rjust(width) + "  "
                     + "  ".join(c.rjust(w) for c, w in zip(cells, widths)) + "  ")
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
        self._ranges: list[FunctionEvent] = []  # the record_function ranges open, innermost last
        self._start = time.perf_counter_ns()

    def __enter__(self) -> profile:
        if self.enabled:
            self._start = time.perf_counter_ns()
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
            self.function_events.append(FunctionEvent(name, elapsed, shapes,
                                                      (start - self._start) / 1000.0))
            self._count_inside(elapsed)

    def _count_inside(self, elapsed: float) -> None:
        """An op or range of ``elapsed`` microseconds ended: not the self time of its range."""
        if self._ranges:
            self._ranges[-1].self_cpu_time_total -= elapsed

    def open_range(self, name: str, args: str | None = None) -> FunctionEvent:
        """A ``record_function`` range starts: its event, placed where it starts (``args``, a
        string, is the range's one input when given, of shape ``[]``, as in torch)."""
        shapes = [[]] if self.record_shapes and args is not None else []
        event = FunctionEvent(name, 0.0, shapes, (time.perf_counter_ns() - self._start) / 1000.0,
                              is_range=True)
        self.function_events.append(event)
        self._ranges.append(event)
        return event

    def close_range(self, event: FunctionEvent) -> None:
        """The range ``event`` ends: its total is the time since it started."""
        elapsed = (time.perf_counter_ns() - self._start) / 1000.0 - event.start_us
        event.cpu_time_total = elapsed
        event.self_cpu_time_total += elapsed  # (less the time of what ran inside, already taken)
        if event in self._ranges:
            self._ranges.remove(event)
        self._count_inside(elapsed)

    def events(self) -> EventList:
        """Every event recorded, in order of start."""
        return self.function_events

    def export_chrome_trace(self, path: str | os.PathLike) -> None:
        """Write the events as a Chrome trace (JSON; open with chrome://tracing or Perfetto)."""
        events = [{"ph": "X", "cat": "user_annotation" if event.is_range else "cpu_op",
                   "name": event.name, "pid": os.getpid(), "tid": 1, "ts": event.start_us,
                   "dur": event.cpu_time_total, "args": {"Input Dims": event.input_shapes}}
                  for event in self.function_events]
        with open(path, "w") as file:
            json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, file)

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



class record_function(contextlib.ContextDecorator):  # noqa: N801 - torch's name
    """A labelled range in the profile of the ``with`` block (or of each call of the decorated
    function): a row named ``name`` whose CPU total is the time the range took."""

    def __init__(self, name: str, args: str | None = None) -> None:
        self.name = name
        self.args = args
        self._open: list[tuple[Any, FunctionEvent]] = []  # (profiler, event) per entry, nested

    def __enter__(self) -> record_function:
        if recorder.profiler is not None:
            self._open.append((recorder.profiler, recorder.profiler.open_range(self.name, self.args)))
        else:
            self._open.append((None, None))
        return self

    def __exit__(self, *exc: object) -> None:
        profiler, event = self._open.pop()
        if profiler is not None:
            profiler.close_range(event)
