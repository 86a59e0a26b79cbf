"""Graph nodes: what ``tensor.grad_fn`` is.

A :class:`Node` is one recorded step of the forward pass, seen from the backward pass: it knows how to
turn the gradient of its output(s) into gradients for its inputs, and where to send each of them
(``next_functions``, exactly as torch builds it: one ``(node, output_nr)`` pair per input, ``(None, 0)``
for an input that needs no gradient). Leaves that require grad end in an :class:`AccumulateGrad`,
which adds the arriving gradient into ``leaf.grad``.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .messages import FREED_MESSAGE

if TYPE_CHECKING:
    from ..tensor import Tensor

__all__ = ["Node", "AccumulateGrad", "RemovableHandle", "FREED_MESSAGE"]

FREED = object()
"""What a node's saved buffers become once a backward pass without retain_graph released them."""

class _InplaceClock:
    """Counts in-place changes to any tensor. A node remembers the count when it saves tensors; if
    it has not moved since, none of them can have changed, and the engine skips the version check.

    No increment may be lost between two threads: a lost one would skip a check that must fail.
    With the GIL, ``version[0] += 1`` cannot lose one: the interpreter switches threads only at
    calls, function entries and backward jumps (and at a line, for a tracer), never inside the
    read-add-write of a list item or a slot holding an int. A lock would cost ``x += y`` on a
    0-d tensor a sixth of its time (makemore's loop). A free-threaded build (``sys._is_gil_enabled``
    False) has no such guarantee, and counts under a lock."""

    __slots__ = ("ticks", "_lock")

    def __init__(self) -> None:
        self.ticks = 0
        self._lock = threading.Lock()

    def tick(self, version: list[int]) -> None:
        """Record an in-place change of a tensor whose version counter is ``version``."""
        version[0] += 1
        self.ticks += 1

    def _tick_locked(self, version: list[int]) -> None:
        with self._lock:
            version[0] += 1
            self.ticks += 1

    if not getattr(sys, "_is_gil_enabled", lambda: True)():  # a free-threaded build
        tick = _tick_locked


inplace_clock = _InplaceClock()

# Every node gets the next number when it is created. Children are always created before their
# consumers, so running nodes from the highest number down is a valid backward order, and it is
# torch's order: its engine pops the ready node with the highest sequence number first.
_sequence = itertools.count()


class RemovableHandle:
    """Returned by ``register_hook``: ``handle.remove()`` unregisters the hook."""

    __slots__ = ("_hooks", "_key")

    def __init__(self, hooks: dict[int, Callable], key: int) -> None:
        self._hooks = hooks
        self._key = key

    def remove(self) -> None:
        self._hooks.pop(self._key, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


_hook_ids = itertools.count()


def add_hook(hooks: dict[int, Callable], hook: Callable) -> RemovableHandle:
    """Append ``hook`` to an ordered hook table and return a handle that removes it."""
    key = next(_hook_ids)
    hooks[key] = hook
    return RemovableHandle(hooks, key)


class NodeHooks:
    """The hooks of one node, created only for nodes that get any (most never do)."""

    __slots__ = ("pre", "post", "tensor_pre", "retain_grad")

    def __init__(self) -> None:
        self.pre: dict[int, Callable] = {}  # node.register_prehook: fn(grad_outputs)
        self.post: dict[int, Callable] = {}  # node.register_hook: fn(grad_inputs, grad_outputs)
        # tensor.register_hook on the node's outputs: {output_nr: {key: fn(grad)}}
        self.tensor_pre: dict[int, dict[int, Callable]] = {}
        self.retain_grad: dict[int, Any] = {}  # output_nr -> weakref to the tensor that retains grad


class Node:
    """Base of every grad_fn. Subclasses implement ``backward``."""

    __slots__ = ("next_functions", "_sequence_nr", "_hooks", "_metadata", "__weakref__")

    num_outputs = 1
    next_functions: tuple[tuple[Node | None, int], ...]
    _saved: Any = ()  # what the node saved for backward (nodes that save something have a slot)

    def name(self) -> str:
        """torch's name for this node, e.g. ``"AddBackward0"``."""
        return type(self).__name__

    @property
    def metadata(self) -> dict:
        """A dict of the user's own, kept with the node (empty until written; made when asked, so
        recording a node never pays for it)."""
        try:
            return self._metadata
        except AttributeError:
            self._metadata = {}
            return self._metadata

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def _node_hooks(self) -> NodeHooks:
        if self._hooks is None:
            self._hooks = NodeHooks()
        return self._hooks

    def register_hook(self, fn: Callable) -> RemovableHandle:
        """``fn(grad_inputs, grad_outputs)`` runs after this node's backward; it may return
        replacement ``grad_inputs``."""
        return add_hook(self._node_hooks().post, fn)

    def register_prehook(self, fn: Callable) -> RemovableHandle:
        """``fn(grad_outputs)`` runs before this node's backward; it may return replacement
        ``grad_outputs``."""
        return add_hook(self._node_hooks().pre, fn)

    def backward(self, *grad_outputs: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, *grad_outputs: Any) -> Any:
        """``grad_fn(grad)``: this node's backward on ``grad_outputs``, as torch's node call gives
        it: None for an input that needs no gradient, and no sum back to a broadcast input's shape
        (the engine does that when it runs the node)."""
        grads = self.backward(*grad_outputs)
        edges = getattr(self, "next_functions", ())
        if type(grads) is tuple and len(grads) == len(edges) and not _takes_a_list(type(self)):
            return tuple(None if node is None else grad for grad, (node, _) in zip(grads, edges))
        return grads  # (torch computes every gradient of a list of inputs, cat's, if any is needed)

    def _release(self) -> None:
        """Free saved buffers after a pass without retain_graph (nodes that save nothing: no-op)."""

    @property
    def buffers_freed(self) -> bool:
        """True once a backward pass without ``retain_graph`` has freed what this node saved: a second
        backward through it raises "Trying to backward through the graph a second time"."""
        return getattr(self, "_saved", None) is FREED


@functools.cache
def _takes_a_list(node_class: type) -> bool:
    """Whether the op behind ``node_class`` takes its tensors as one list (``forward(*arrays)``)."""
    forward = getattr(node_class, "forward", None)
    if forward is None:
        return False
    return any(parameter.kind is inspect.Parameter.VAR_POSITIONAL
               for parameter in inspect.signature(forward).parameters.values())


class AccumulateGrad(Node):
    """The sink for a leaf tensor that requires grad: adds the arriving gradient into ``variable.grad``.

    Backward:  leaf.grad = grad            (first time)
               leaf.grad = leaf.grad + grad (afterwards: gradients accumulate)
    """

    __slots__ = ("variable",)

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable
        self.next_functions = ()
        self._sequence_nr = sys.maxsize  # torch runs these as soon as they are ready
        self._hooks = None

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"  # what torch's name() says for this C++ node

    def first_grad(self, grad: np.ndarray) -> np.ndarray:
        """The array ``leaf.grad`` gets when it had none: a copy of the arriving gradient, which
        user code (a hook, a custom Function, the ``gradient=`` argument) may still hold."""
        return grad.copy()

    # What the engine calls; ``autograd_lab.fast_paths`` may point it at a kernel that keeps an
    # unshared gradient without the copy, as torch's AccumulateGrad does.
    _first_grad_kernel = first_grad
