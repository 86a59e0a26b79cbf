"""The one recording hook: how the trace view observes the core without the core knowing about it.

An observer is any object with these methods (all optional to act on, all must exist):

- ``on_op(node, inputs, outputs)``: an op recorded ``node`` (a grad_fn) from input tensors to outputs.
- ``on_backward_start(roots)``: the engine is about to run a backward pass from these nodes.
- ``on_backward_step(node, grad_outputs, grad_inputs)``: the engine ran ``node``'s backward.
- ``on_hook(tensor_or_node, hook)``: a user hook fired.
- ``on_release(node)``: the engine freed ``node``'s saved buffers (no ``retain_graph``).
- ``on_backward_end()``: the pass finished (or raised).
- ``on_tangent(node, inputs, outputs, tangents_in, tangents_out)``: inside a dual level (forward
  mode), an op computed its outputs' tangents by its forward rule. ``node`` is the op (a grad_fn
  when it was recorded, else a node that belongs to no graph; the ``FunctionCtx`` of a custom
  ``autograd.Function``), ``outputs`` a tuple, ``tangents_in`` one tangent tensor per input (None
  where the rule got zeros), ``tangents_out`` one per output (None: no tangent). The tensors are
  the live ones: an in-place op may change them later. Told by ``tangents_computed`` only while
  someone observes, so forward mode outside a trace pays one global read per op.

An observer belongs to the thread that installed it: ops and backward passes in other threads are
not reported to it. Only one observer is active per thread; ``observe`` restores the previous one on
exit, so traces nest.

The profiler (``autograd.profiler.profile``) is a second slot of the same kind: while
``recorder.profiler`` is set (``profiling``), ``Op.apply`` hands each op of that thread to
``recorder.profiler.run(apply, name, inputs, params)``, which times it.

The function transforms of ``autograd_lab.func`` use a third slot, ``recorder.batching``, and a
count, ``recorder.transforms`` (``transform``). While a transform runs a function, ``backward()`` is
refused, as torch refuses it. ``vmap`` runs its function once per batch element and sets
``recorder.batching`` to an object that keeps track of which tensors hold per-element values (are
"batched", in torch's words), so that what torch refuses on a batched tensor is refused here too:

- ``run(apply, inputs, params)``: ``Op.apply`` hands it every op; it runs the op and marks the
  results batched when an input is.
- ``derived(result, sources)``: a tensor computed from ``sources`` outside ``Op.apply`` (a
  comparison, ``detach``, ``zeros_like`` ...): batched when a source is (``derived`` below).
- ``refuse(tensor, use)``: raise torch's error if ``tensor`` is batched; ``use`` is ``"item"``
  (``.item()``, ``float()``), ``"control flow"`` (``bool()``, an ``if``) or ``"data"``
  (``.numpy()``, ``.tolist()``).
- ``check_inplace(target, operands, method)``: raise torch's error when an in-place method would
  write batched values into a tensor that is not batched.
- ``random(generator)``: a random draw from ``generator``: an error in vmap's default randomness
  mode, the same numbers for every element in ``randomness="same"``.
- ``check_grad(outputs, inputs)``: ``autograd.grad`` inside vmap (torch's batched tensors do not
  require grad at the vmap's level).

The compiler (``autograd_lab.compiler``) uses a fourth slot, ``recorder.tracer`` (``tracing``):
while it is set, ``Op.apply`` hands every op of that thread to ``recorder.tracer.run(op_class,
inputs, params)``, recorded or not, and the places where values leave the ops' reach tell it
through ``on_event(event, ...)``: the same call sites as vmap's (``derived``, whose optional
``how`` says which numpy function made the result; ``refuse_if_batched``, as a ``"read"``), and
``note(event, ...)`` for the rest: ``"read"`` (a tensor printed), ``"snapshot"`` and ``"inplace"``
(an in-place op: the copy it ran on, then the tensor now holding its result), ``"changed"`` (a
tensor's version moved), ``"constant"`` (a creation function made a tensor or array from Python
values and sizes alone), ``"computed"`` (an array made outside an op, and how), ``"random"``,
``"backward"`` (a backward pass started) and ``"hook"`` (a hook registered on a tensor).

The functions below are the documented way for an observer (the ``viz`` package) to read what it
needs from nodes and tensors, so that it never depends on their private fields.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np

from . import bfloat16_mode, complex_mode, meta, subclass_hook

__all__ = ["observe", "profiling", "transform", "batching_suspended", "derived",
           "refuse_if_batched", "tracing", "note", "current", "sequence_nr", "function_class",
           "array_of", "grad_array_of", "saved_sources", "tangents_computed", "tangent_array_of",
           "forward_rule_of"]


class _Recorder(threading.local):
    """The current thread's observer and profiler (the class attributes are what a new thread
    starts with)."""

    observer: Any = None
    profiler: Any = None
    batching: Any = None
    transforms: int = 0
    tracer: Any = None


class _Watching:
    """How many ``observe``, ``profiling`` and ``transform`` blocks are open in all threads, plus
    one while anomaly detection is on: while the count is 0, an op checks nothing else (a
    thread-local read costs several times a plain attribute)."""

    __slots__ = ("count", "lock")

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()


recorder = _Recorder()
watching = _Watching()


def current() -> Any:
    """The active observer of this thread, or None."""
    return recorder.observer if watching.count else None


@contextmanager
def _watched() -> Iterator[None]:
    with watching.lock:
        watching.count += 1
    try:
        yield
    finally:
        with watching.lock:
            watching.count -= 1


@contextmanager
def _routed(slot: str, receiver: Any) -> Iterator[Any]:
    """``recorder.<slot>`` (this thread's) set to ``receiver`` inside the block, ops watched."""
    with _watched():
        previous = getattr(recorder, slot)
        setattr(recorder, slot, receiver)
        try:
            yield receiver
        finally:
            setattr(recorder, slot, previous)


def profiling(profiler: Any) -> AbstractContextManager[Any]:
    """Hand every op of this thread to ``profiler.run`` inside the ``with`` block."""
    return _routed("profiler", profiler)


def observe(observer: Any) -> AbstractContextManager[Any]:
    """Route every op and backward step of this thread to ``observer`` inside the ``with`` block."""
    return _routed("observer", observer)


@contextmanager
def transform(batching: Any = None) -> Iterator[None]:
    """Run the body as a function transform of ``autograd_lab.func`` (``backward()`` is refused);
    with ``batching`` (vmap), ops report to it as the module doc says."""
    with _watched():
        previous = recorder.batching
        recorder.transforms += 1
        if batching is not None:
            recorder.batching = batching
        try:
            yield
        finally:
            recorder.batching = previous
            recorder.transforms -= 1


@contextmanager
def batching_suspended() -> Iterator[None]:
    """Ops in the body are not reported to ``recorder.batching`` (the transforms' own autograd
    calls inside vmap, which mark their results themselves)."""
    previous, recorder.batching = recorder.batching, None
    try:
        yield
    finally:
        recorder.batching = previous


def derived(result: Any, *sources: Any, how: Any = None, complex_ok: bool = False,
            bfloat16_ok: bool = False) -> Any:
    """``result``, computed from ``sources`` outside ``Op.apply``; inside vmap it is batched when a
    source is, and it is a meta tensor when a source is. ``how``: the numpy function that computed
    it from the sources' arrays (a function, or ``(function, keywords)``), for a compiler's tracer.
    A complex source is refused (``complex_mode.check_derived``) unless ``complex_ok``: the call
    site computes torch's value for it; a bfloat16 source likewise unless ``bfloat16_ok`` (the
    result shares or moves the source's values: ``detach``). Returns ``result``."""
    if watching.count:
        if complex_mode.live.on:
            complex_mode.check_derived(sources, complex_ok)
        if bfloat16_mode.live.on and not bfloat16_ok:
            bfloat16_mode.check_derived(sources)
        if meta.live.on and getattr(result, "_data", None) is not None and \
                any(meta.is_meta(source) for source in sources):
            result._data = meta.meta_array(result._data.shape, result._data.dtype)  # no values
        if recorder.batching is not None:
            recorder.batching.derived(result, sources)
        if how is not None and recorder.tracer is not None:
            function, keywords = how if isinstance(how, tuple) else (how, {})
            recorder.tracer.on_event("computed", result, function, sources, keywords)
    return result


def refuse_if_batched(tensor: Any, use: str) -> None:
    """Inside vmap, raise torch's error for ``use`` of a batched tensor (see the module doc), and
    for any use of a meta tensor's values or of a tensor's without data of its own
    (``subclass_hook``); a compiler's tracer hears of the use as a ``"read"``."""
    if watching.count:
        if subclass_hook.dispatch.route is not None:  # (a tensor without data exists)
            subclass_hook.refuse_values(tensor, use)
        if meta.live.on:
            meta.refuse_meta(tensor, use)
        if recorder.batching is not None:
            recorder.batching.refuse(tensor, use)
        if recorder.tracer is not None:
            recorder.tracer.on_event("read", tensor, use)


@contextmanager
def tracing(tracer: Any) -> Iterator[Any]:
    """Hand every op of this thread to ``tracer.run`` inside the ``with`` block, and every event."""
    with _watched():
        previous, recorder.tracer = recorder.tracer, tracer
        try:
            yield tracer
        finally:
            recorder.tracer = previous


def note(event: str, *details: Any) -> None:
    """Tell this thread's tracer (if any) about ``event`` (see the module doc). Callers check
    ``watching.count`` first."""
    tracer = recorder.tracer
    if tracer is not None:
        tracer.on_event(event, *details)


def tangents_computed(node: Any, inputs: tuple, outputs: tuple, tangents_in: list,
                      tangents_out: list) -> None:
    """Forward mode's report of one op's tangents (see ``on_tangent`` in the module doc): handed to
    this thread's observer, if any."""
    if watching.count and recorder.observer is not None:
        recorder.observer.on_tangent(node, inputs, outputs, tangents_in, tangents_out)


def tangent_array_of(tensor: Any) -> np.ndarray | None:
    """The array of the tangent ``tensor`` carries in the open dual level (forward mode), or None
    (no level open, or no tangent)."""
    # (imported here: forward_ad imports the tensor module, which imports this one)
    from .forward_ad import state, tangent_of

    if not state.active:
        return None
    tangent = tangent_of(tensor)
    return None if tangent is None else tangent._data


def forward_rule_of(node: Any) -> str:
    """The forward-mode rule of a node (or op class): the ``Forward:`` lines of the op's docstring;
    for a custom ``autograd.Function``, its ``jvp`` and the first line of that method's docstring;
    ``""`` when there is none."""
    function = function_class(node)
    if function is not None:
        doc = inspect.getdoc(function.jvp) or ""
        first = doc.splitlines()[0] if doc else ""
        return f"{function.__name__}.jvp(ctx, *tangents)" + (f": {first}" if first else "")
    cls = node if isinstance(node, type) else type(node)
    rule = getattr(cls, "forward_formula", None)
    return rule() if rule is not None else ""


def sequence_nr(node: Any) -> int:
    """The number the node got when the forward pass created it: the backward pass runs ready nodes
    from the highest number down, as torch does (AccumulateGrad nodes have the largest number)."""
    return node._sequence_nr


def function_class(node: Any) -> Any:
    """For the node of a custom ``autograd.Function``, that Function subclass; else None."""
    return getattr(node, "_function", None)


def array_of(tensor: Any) -> np.ndarray:
    """The numpy array holding a tensor's values (shared memory: read it, do not write it)."""
    return tensor._data


def grad_array_of(tensor: Any) -> np.ndarray | None:
    """The array of ``tensor.grad`` without torch's warning for non-leaf tensors, or None."""
    grad = tensor._grad
    return None if grad is None else grad._data


def saved_sources(node: Any) -> list[tuple[Any, Any]]:
    """What a node saved for its backward, as ``(source, value)`` pairs: ``source`` is the input
    position the value is, ``"result"`` for the node's own output, None for anything else (values
    a custom Function saved are all None). ``[]`` when it saved nothing or a backward freed it."""
    sources = getattr(node, "saved_sources", None)
    if sources is not None:
        return sources()
    saved = getattr(node, "_saved", None)
    if not saved or node.buffers_freed:
        return []
    return [(None, value) for value in saved]
