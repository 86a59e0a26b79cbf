"""``torch.profiler``: the profiler of training loops, over ``autograd.profiler``'s op timing.

    with torch.profiler.profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with torch.profiler.record_function("model_inference"):
            model(inputs)
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=10))

What is timed, and how, is ``autograd.profiler.profile``'s (its rows are autograd_lab's ops, not
torch's ``aten::`` kernels; the CPU only). On top of it, as in torch: a ``schedule`` of steps
(``prof.step()`` ends one; steps are recorded as ``ProfilerStep#<n>`` ranges) in which the profiler
waits, warms up (records and discards) and records, calling ``on_trace_ready(prof)`` when a cycle's
recording ends.
"""

from __future__ import annotations

import enum
import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from .autograd.profiler import EventList, record_function
from .autograd.profiler import profile as _op_profile

__all__ = ["profile", "record_function", "schedule", "ProfilerActivity", "ProfilerAction",
           "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    """What a profiler records: ``CPU`` (the ops) is the only activity autograd_lab has."""

    CPU = 0  # (in torch's order)
    XPU = 1
    MTIA = 4
    CUDA = 2
    HPU = 3
    PrivateUse1 = 5

    def __int__(self) -> int:
        return self.value

    __index__ = __int__


class ProfilerAction(enum.Enum):
    """What the profiler does during a step, as its ``schedule`` says."""

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3
    DEVICE_STOPPED = 4


def schedule(*, wait: int, warmup: int, active: int, repeat: int = 0, skip_first: int = 0,
             skip_first_wait: int = 0) -> Callable[[int], ProfilerAction]:
    """The profiler's action at each step: ``skip_first`` steps of nothing, then cycles of ``wait``
    steps of nothing, ``warmup`` of warming up and ``active`` of recording (the last one
    ``RECORD_AND_SAVE``), ``repeat`` cycles (0: as long as there are steps). With
    ``skip_first_wait``, the first cycle has no wait."""
    assert wait >= 0 and warmup >= 0 and active > 0 and repeat >= 0 and skip_first >= 0, (
        f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), warmup={warmup} "
        f"(need >= 0), active={active} (need > 0), repeat={repeat} (need >= 0), "
        f"skip_first={skip_first} (need >= 0).")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results", stacklevel=2)
    cycle = wait + warmup + active

    def action(step: int) -> ProfilerAction:
        assert step >= 0, f"Step must be non-negative. Got {step}."
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait:
            step += wait  # (as though the first wait were already over)
        if repeat > 0 and step // cycle >= repeat:
            return ProfilerAction.NONE
        place = step % cycle
        if place < wait:
            return ProfilerAction.NONE
        if place < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if place < cycle - 1 else ProfilerAction.RECORD_AND_SAVE

    return action


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """torch's profiler gives some warnings once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, stacklevel=4)


def _always_record(step: int) -> ProfilerAction:
    """The schedule of a profiler given none: it records from start to stop."""
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name: str, worker_name: str | None = None,
                              use_gzip: bool = False) -> Callable[[profile], None]:
    """An ``on_trace_ready`` that writes each trace (Chrome's JSON format) into ``dir_name`` as
    ``<worker_name>.<n>.pt.trace.json`` (TensorBoard's profiler plugin reads such files)."""
    import socket
    import time

    def handler(prof: profile) -> None:
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        name = f"{worker}.{time.time_ns()}.pt.trace.json" + (".gz" if use_gzip else "")
        path = os.path.join(dir_name, name)
        if use_gzip:
            import gzip
            import tempfile

            with tempfile.TemporaryDirectory() as scratch:
                plain = os.path.join(scratch, "trace.json")
                prof.export_chrome_trace(plain)
                with open(plain, "rb") as source, gzip.open(path, "wb") as target:
                    target.write(source.read())
        else:
            prof.export_chrome_trace(path)

    return handler


class profile:  # noqa: N801 - torch's name
    """Profile the ops run inside the ``with`` block (or between ``start()`` and ``stop()``),
    following ``schedule`` across the steps that ``step()`` ends."""

    def __init__(self, *, activities: Iterable[ProfilerActivity] | None = None,
                 schedule: Callable[[int], ProfilerAction] | None = None,
                 on_trace_ready: Callable[..., Any] | None = None, record_shapes: bool = False,
                 profile_memory: bool = False, with_stack: bool = False, with_flops: bool = False,
                 with_modules: bool = False, experimental_config: Any = None,
                 execution_trace_observer: Any = None, acc_events: bool = False,
                 use_cuda: bool | None = None, custom_trace_id_callback: Any = None,
                 post_processing_timeout_s: float | None = None) -> None:
        self.activities = set(activities) if activities is not None else {ProfilerActivity.CPU}
        for activity in self.activities:
            if not isinstance(activity, ProfilerActivity):
                raise TypeError(f"activities must be ProfilerActivity values, not {activity!r}")
        self.schedule = schedule if schedule is not None else _always_record
        self.record_steps = schedule is not None  # (steps are ranges only under a schedule)
        self.on_trace_ready = on_trace_ready
        self.record_shapes = record_shapes
        self.acc_events = acc_events
        self.step_num = 0
        self.current_action = self.schedule(0)
        self.profiler: _op_profile | None = None  # the op profiler of the cycle being recorded
        self._last: _op_profile | None = None  # the op profiler of the last cycle recorded
        self._finished = EventList()  # events of the cycles before, kept with acc_events
        self._step_range: record_function | None = None

    def __enter__(self) -> profile:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._transit(ProfilerAction.NONE, self.current_action)
        self._open_step()

    def stop(self) -> None:
        self._close_step()
        self._transit(self.current_action, None)

    def step(self) -> None:
        """The current step ends and the next begins (and the schedule says what to do in it)."""
        self._close_step()
        previous = self.current_action
        self.step_num += 1
        self.current_action = self.schedule(self.step_num)
        self._transit(previous, self.current_action)
        self._open_step()

    def _open_step(self) -> None:
        if self.record_steps and self.profiler is not None:
            self._step_range = record_function(f"ProfilerStep#{self.step_num}")
            self._step_range.__enter__()

    def _close_step(self) -> None:
        if self._step_range is not None:
            self._step_range.__exit__(None, None, None)
            self._step_range = None

    def _transit(self, previous: ProfilerAction, action: ProfilerAction | None) -> None:
        """Start, restart or stop recording between one step's action and the next's
        (``action`` None: the profiler stops)."""
        recording = (ProfilerAction.WARMUP, ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)
        saving = previous == ProfilerAction.RECORD_AND_SAVE or (
            action is None and previous == ProfilerAction.RECORD)
        if self.profiler is not None and (saving or action not in recording):
            self.profiler.__exit__(None, None, None)
            if saving or previous == ProfilerAction.RECORD:
                if self.on_trace_ready is not None:
                    self.on_trace_ready(self)
                if self.acc_events:
                    self._finished.extend(self.profiler.function_events)
            elif previous == ProfilerAction.WARMUP:
                self.profiler.function_events.clear()  # a warm-up's events are discarded
            self._last, self.profiler = self.profiler, None
        if previous == ProfilerAction.WARMUP and action in recording[1:] and self.profiler:
            self.profiler.function_events.clear()  # the warm-up's events are discarded
        if action in recording and self.profiler is None:
            if self._last is not None and not self.acc_events:
                _warn_once("Warning: Profiler clears events at the end of each cycle. Only events "
                           "from the current cycle will be reported. To keep events across cycles, "
                           "set acc_events=True.")
            self.profiler = _op_profile(record_shapes=self.record_shapes)
            self.profiler.__enter__()

    def _events(self) -> EventList:
        source = self.profiler or self._last
        current = source.function_events if source is not None else EventList()
        if self.acc_events:
            return EventList([*self._finished, *current])
        return current

    def events(self) -> EventList:
        """The events recorded (of the last cycle, or of all with ``acc_events``)."""
        return self._events()

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False) -> EventList:
        """One row per op (and per input shapes, with ``group_by_input_shape``)."""
        return self._events().key_averages(group_by_input_shape)

    def export_chrome_trace(self, path: str | os.PathLike) -> None:
        """The recorded events as a Chrome trace (JSON)."""
        source = self.profiler or self._last
        if source is None:
            raise RuntimeError("export_chrome_trace: the profiler has recorded no cycle yet")
        source.export_chrome_trace(path)
