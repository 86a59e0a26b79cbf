"""The one recording hook: how the trace view observes the core without the core knowing about it.

An observer is any object with these methods (all optional to act on, all must exist):

- ``on_op(node, inputs, outputs)``: an op recorded ``node`` (a grad_fn) from input tensors to outputs.
- ``on_backward_start(roots)``: the engine is about to run a backward pass from these nodes.
- ``on_backward_step(node, grad_outputs, grad_inputs)``: the engine ran ``node``'s backward.
- ``on_hook(tensor_or_node, hook)``: a user hook fired.
- ``on_release(node)``: the engine freed ``node``'s saved buffers (no ``retain_graph``).
- ``on_backward_end()``: the pass finished (or raised).

Only one observer is active at a time; ``observe`` restores the previous one on exit, so traces nest.

The profiler (``autograd.profiler.profile``) is a second slot: while ``recorder.profiler`` is set,
``Op.apply`` hands each op to ``recorder.profiler.run(apply, name, inputs, params)``, which times it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["observe", "current"]


class _Recorder:
    __slots__ = ("observer", "profiler")

    def __init__(self) -> None:
        self.observer: Any = None
        self.profiler: Any = None


recorder = _Recorder()


def current() -> Any:
    """The active observer, or None."""
    return recorder.observer


@contextmanager
def observe(observer: Any) -> Iterator[Any]:
    """Route every op and backward step to ``observer`` inside the ``with`` block."""
    previous, recorder.observer = recorder.observer, observer
    try:
        yield observer
    finally:
        recorder.observer = previous
