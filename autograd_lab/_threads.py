"""``torch.get_num_threads`` / ``set_num_threads``: the thread count torch reports (and
``utils.benchmark`` prints). numpy does the work here, so the number is reported, not applied."""

from __future__ import annotations

import builtins
import os

__all__ = ["get_num_threads", "set_num_threads"]

_num_threads: int | None = None  # set by set_num_threads


def get_num_threads() -> int:
    """The number of threads torch would use for an op: ``set_num_threads``'s value, else
    ``OMP_NUM_THREADS`` capped at the CPUs this process may use, else that CPU count (torch counts
    physical cores). numpy does the work here: the number is reported, not applied to it."""
    if _num_threads is not None:
        return _num_threads
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = os.environ.get("OMP_NUM_THREADS", "")
    count = int(wanted) if wanted.isdigit() else 0
    return min(count, cpus) if count > 0 else cpus


def set_num_threads(int: int) -> None:  # noqa: A002 - torch's parameter name
    """Set what ``get_num_threads`` reports (and ``utils.benchmark`` prints); numpy's own threads
    are left as they are."""
    global _num_threads
    if isinstance(int, bool) or not isinstance(int, builtins.int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(int).__name__}")
    if int <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _num_threads = int
