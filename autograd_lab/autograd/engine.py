"""The backward pass: ``Tensor.backward``, ``autograd.backward`` and ``autograd.grad``.

The engine walks the graph without recursion, so a chain of a million ops is fine:

1. *Discover*: from the roots, visit every node once (an explicit stack) and count, for each node, how
   many edges point at it. The same walk checks that no node's buffers were freed and no saved tensor
   was modified in place, so a pass that must fail fails before it changes any ``.grad``.
2. *Walk*: a node is ready when all its consumers have sent their gradient. Ready nodes run in torch's
   order: highest sequence number first (a heap; in a chain the next node is handed over directly).
   Each node's backward turns the summed gradient of its outputs into one gradient per input, sent
   along ``next_functions``; a leaf's AccumulateGrad runs as soon as its gradient is complete.
3. *Release*: unless ``retain_graph``, a node's saved buffers are dropped right after it runs.

Gradients that come from user code (custom Functions, hooks) are checked as torch checks them: their
number, shape (a shape that broadcasts to the input's is summed back), dtype (converted) and type.
A pass belongs to its thread: it switches grad mode for that thread only.

A pass computes with numpy arrays, except with ``create_graph=True`` (the gradients are tensors, so
the pass itself is recorded) and inside a dual level of forward mode: there the gradients are
tensors too, computed by ops that carry tangents, so a gradient's tangent is a Hessian-vector
product (forward over reverse). Without ``create_graph`` nothing is recorded even then.
"""

from __future__ import annotations

import gc
import heapq
import threading
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

import autograd_lab as _lab  # torch-level stack, looked up when called (see functional.py)

from .._quiet import restore, silenced
from ..tensor import Size, Tensor
from . import anomaly_mode, grad_mode, messages, meta
from .forward_ad import paused as dual_paused
from .forward_ad import set_tangent, tangent_of
from .forward_ad import state as dual
from .messages import CREATE_GRAPH_WARNING
from .node import FREED, AccumulateGrad, Node, inplace_clock
from .record import current as current_observer
from .record import note, recorder, watching

__all__ = ["backward", "grad", "run_backward"]


# -- before the walk -----------------------------------------------------------------------------


# torch's error for a list item that is not a tensor, by the argument it is in
_NOT_A_TENSOR = {
    "outputs": lambda item: AssertionError("Expected output to be a torch.Tensor"),
    "inputs": lambda item: RuntimeError(
        f"all inputs have to be Tensors or GradientEdges, but got {type(item).__name__}"),
    "gradients": lambda item: TypeError(
        f"gradients can be either Tensors or None, but got {type(item).__name__}"),
}


def _as_tensor_list(value: Any, name: str) -> list:
    """``value`` (a tensor, None or a sequence) as a list; ``name`` is ``outputs``, ``inputs`` or
    ``gradients``, for torch's error on an item that is not a tensor."""
    if isinstance(value, Tensor):
        return [value]
    if value is None:
        return []
    items = list(value)
    for item in items:
        if item is not None and not isinstance(item, Tensor):
            raise _NOT_A_TENSOR[name](item)
    return items


def _root_grads(outputs: list, grad_outputs: list, tensors: bool) -> list:
    """The gradient each output starts with: given, or implicitly 1 for a scalar output (tensors
    for a pass on ``tensors``, else arrays)."""
    if grad_outputs and len(grad_outputs) != len(outputs):
        raise RuntimeError(f"got {len(grad_outputs)} tensors and {len(outputs)} gradients")
    roots = []
    for index, output in enumerate(outputs):
        given = grad_outputs[index] if grad_outputs else None
        if not output._requires_grad:
            raise RuntimeError(
                f"element {index} of tensors does not require grad and does not have a grad_fn")
        if given is None:
            if output._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            ones = np.ones_like(output._data)
            roots.append(Tensor._make(ones) if tensors else ones)
            continue
        if not isinstance(given, Tensor):
            given = Tensor._make(np.asarray(given))
        if given._data.shape != output._data.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{index}] has a shape of "
                f"{Size(given._data.shape)!r} and output[{index}] has a shape of "
                f"{Size(output._data.shape)!r}.")
        if tensors:
            roots.append(given)
        else:
            data = given._data
            roots.append(data if data.dtype == output._data.dtype else
                         data.astype(output._data.dtype))
    return roots


def _discover(root_nodes: list, validate: bool) -> dict[Node, int]:
    """Count the edges into every node reachable from the roots, checking buffers on the way if
    ``validate`` (every node reached will run: a pass without ``inputs``)."""
    dependencies: dict[Node, int] = {}
    # each root once: a tensor given twice (``backward([y, y])``) is one node whose edges count once
    stack = list(dict.fromkeys(node for node in root_nodes if node is not None))
    roots = set(stack)
    ticks = inplace_clock.ticks  # (no in-place change runs during the walk)
    while stack:
        node = stack.pop()
        if validate:  # ``_check_saved``'s test, inline: most nodes saved nothing
            saved = getattr(node, "_saved", None)
            if saved and (saved is FREED or getattr(node, "_made_at", -1) != ticks):
                node._validate_saved()
        for child, _ in node.next_functions:
            if child is None:
                continue
            if child in dependencies:
                dependencies[child] += 1
            else:  # first visit
                dependencies[child] = 1
                if child not in roots:
                    stack.append(child)
    return dependencies


def _latest_first(node: Node) -> int:
    return -node._sequence_nr


def _check_saved(node: Node) -> None:
    """Raise now if ``node``'s buffers were freed or modified in place, before any .grad changes
    (saved tensors can only be stale if some in-place op ran since the node was made)."""
    saved = getattr(node, "_saved", None)
    if saved and (saved is FREED or getattr(node, "_made_at", -1) != inplace_clock.ticks):
        node._validate_saved()


def _needed(dependencies: dict[Node, int], roots: list, targets: set, run_targets: bool) -> set:
    """The nodes with a target below them: the only ones a pass with ``inputs`` must run. A
    target's own node runs if ``run_targets`` (``backward(inputs=...)``: torch runs it), else only
    when another target lies below it (``autograd.grad``: the gradient asked for is the one arriving
    at it, captured before it would run; torch neither runs it, nor its hooks, nor frees its
    buffers). Children always have lower sequence numbers than their consumers, so one sorted sweep
    works."""
    nodes = set(dependencies) | {node for node in roots if node is not None}
    needed: set = set(targets) if run_targets else set()
    for node in sorted(nodes - needed, key=lambda n: n._sequence_nr):
        if any(child in needed or child in targets for child, _ in node.next_functions):
            needed.add(node)
    return needed


_gc_lock = threading.Lock()
_gc_pauses = [0, False]  # passes running now, and whether the collector was on before the first


@contextmanager
def _backward_mode(create_graph: bool) -> Iterator[None]:
    """What a pass runs under: this thread's grad mode set to ``create_graph``, numpy's inf/NaN
    warnings off (torch computes ``1 / x`` at 0 silently) and Python's cyclic collector paused
    (the pass frees objects but creates no cycles; pausing saves a fifth of a deep chain's time)."""
    previous_mode = grad_mode.switch(create_graph)
    quiet = silenced()
    with _gc_lock:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses[0] -= 1
            if _gc_pauses[0] == 0 and _gc_pauses[1]:
                gc.enable()
        restore(quiet)
        grad_mode.switch(previous_mode)


# -- checking what user code returns ------------------------------------------------------------


def _as_tensor(value: Any) -> Any:
    return value if isinstance(value, Tensor) else Tensor._make(value)


def _hook_result(hook: Any, original: Any, result: Any, tensors: bool) -> Any:
    """A tensor hook's replacement for ``original``, checked as torch checks it (same dtype and
    shape), as an array (or a tensor, in a pass on tensors)."""
    if result is None:
        return original
    if not isinstance(result, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
    if original is None:
        raise RuntimeError("can't replace a None gradient with a non-None value")
    was = original._data if isinstance(original, Tensor) else original
    if result._data.dtype != was.dtype:
        raise messages.hook_changed_type(hook, was.dtype, result._data.dtype)
    if result._data.shape != was.shape:
        raise messages.hook_changed_size(hook)
    return result if tensors else result._data


def _node_hook_results(hook: Any, originals: tuple, results: Any, tensors: bool) -> list:
    """A node hook's replacement gradients: a tuple of the same length, each checked like a
    tensor hook's result."""
    if not isinstance(results, tuple | list):
        raise TypeError(f"expected tuple, but hook returned '{type(results).__name__}'")
    if len(results) != len(originals):
        raise messages.hook_count(hook, len(results), len(originals))
    return [_hook_result(hook, original, result, tensors)
            for original, result in zip(originals, results)]


# -- the walk ------------------------------------------------------------------------------------


class _Pass:
    """One backward pass: where gradients wait, which nodes are ready, and what to do with leaves.

    ``buffers`` holds what has arrived for each node that has not run yet: the gradient itself for a
    node with one output (nearly all), a list with one slot per output for the others."""

    __slots__ = ("create_graph", "tensors", "retain_graph", "accumulate", "inputs", "dependencies",
                 "buffers", "ready", "leaves", "targets", "needed", "captured", "observer",
                 "sole_root")

    def __init__(self, create_graph: bool, retain_graph: bool, accumulate: bool,
                 inputs: list | None, dependencies: dict, roots: list, tensors: bool) -> None:
        self.create_graph = create_graph
        self.tensors = tensors  # gradients are tensors (create_graph, or inside a dual level)
        self.retain_graph = retain_graph
        self.accumulate = accumulate
        self.inputs = inputs
        self.dependencies = dependencies
        self.buffers: dict[Node, Any] = {}
        self.ready: list = []  # heap of (-sequence_nr, node)
        self.leaves: list = []  # AccumulateGrad nodes whose gradient is complete
        self.observer = current_observer()
        # autograd.grad: (node, output_nr) -> positions in ``inputs`` whose gradient it is
        self.targets: dict = {}
        self.needed: set | None = None
        self.captured: list = [None] * len(inputs) if inputs is not None else []
        # a pass from one output starts at that output's node (torch's engine runs it as the root
        # of the pass: the hooks on the output run even when no input lies below it)
        self.sole_root = roots[0] if len(roots) == 1 else None
        if inputs is not None:
            for index, tensor in enumerate(inputs):
                self.targets.setdefault(tensor._edge(), []).append(index)
            self.needed = _needed(dependencies, roots, {node for node, _ in self.targets},
                                  run_targets=accumulate)

    def receive(self, node: Node, nr: int, grad: Any) -> None:
        """Add ``grad`` for output ``nr`` of ``node`` to what is waiting for it."""
        if node.num_outputs == 1:
            waiting = self.buffers.get(node)
            self.buffers[node] = grad if waiting is None else waiting + grad
            return
        slots = self.buffers.get(node)
        if slots is None:
            slots = self.buffers[node] = [None] * node.num_outputs
        slots[nr] = grad if slots[nr] is None else slots[nr] + grad

    def walk(self) -> None:
        """Run every node that receives a gradient, in torch's order."""
        buffers, dependencies, ready, leaves = self.buffers, self.dependencies, self.ready, self.leaves
        tensors, needed = self.tensors, self.needed
        heappop, heappush = heapq.heappop, heapq.heappush
        for node in list(buffers):
            if dependencies.get(node, 0) == 0:
                self._schedule(node)
        self._run_leaves()
        # ``follow``: a node made ready by the previous one that outranks everything in the heap (in
        # a chain, always the next node), run next without going through the heap
        follow = heappop(ready)[1] if ready else None
        # a pass on arrays that captures nothing and that nobody observes: a node without hooks
        # runs as ``_incoming`` and ``_call`` would run it, without the calls (their other cases
        # cannot arise), the engine's commonest step
        plain = not tensors and needed is None and self.observer is None
        retain_graph, anomaly = self.retain_graph, anomaly_mode.state
        while follow is not None:
            node, follow = follow, None
            if plain and node._hooks is None and not anomaly.enabled:
                grads = buffers.pop(node)
                grad_inputs = node._grads_for_inputs(
                    (grads,) if node.num_outputs == 1 else tuple(grads), False)
                if not retain_graph and node._saved:
                    node._release()
                runs = True
            else:
                runs = needed is None or node in needed
                if not runs and not self._captures(node) and node is not self.sole_root:
                    # a pass with ``inputs`` that does not need this node: torch never reaches it,
                    # so neither its hooks run nor anything below it
                    del buffers[node]
                    grads = None
                else:
                    grads = self._incoming(node, runs)
                    if not runs and self.observer is not None and self._captures(node):
                        # (a trace shows where the gradient asked for arrived, and what summed it)
                        self.observer.on_backward_step(node, grads, ())
                if runs:
                    grad_inputs = self._call(node, grads, tensors)
            if runs:
                grads = None  # (a leaf may keep a gradient as its .grad only if nothing else holds it)
                for (child, nr), grad in zip(node.next_functions, grad_inputs):
                    if child is None:
                        continue
                    if grad is not None:
                        if child.num_outputs == 1:  # ``receive``'s common case, inlined
                            waiting = buffers.get(child)
                            buffers[child] = grad if waiting is None else waiting + grad
                        else:
                            self.receive(child, nr, grad)
                    remaining = dependencies[child] - 1
                    dependencies[child] = remaining
                    if remaining:
                        continue
                    if child not in buffers:
                        # no gradient reached it (a None from every path): it does not run, but
                        # what it would pass on is awaited below it, so release that
                        self._skip(child)
                        continue
                    if type(child) is AccumulateGrad:
                        leaves.append(child)
                    elif follow is None:
                        follow = child
                    elif child._sequence_nr > follow._sequence_nr:
                        heappush(ready, (-follow._sequence_nr, follow))
                        follow = child
                    else:
                        heappush(ready, (-child._sequence_nr, child))
                grad_inputs = grad = None
                if leaves:
                    self._run_leaves()
            if follow is None:
                if ready:
                    follow = heappop(ready)[1]
            elif ready and -ready[0][0] > follow._sequence_nr:
                follow = heapq.heapreplace(ready, (-follow._sequence_nr, follow))[1]

    def _skip(self, node: Node) -> None:
        """``node`` gets no gradient: count it as done for the nodes below it, scheduling those
        whose other inputs are all in (and skipping in turn those that got nothing either)."""
        buffers, dependencies = self.buffers, self.dependencies
        todo = [node]
        while todo:
            for child, _ in todo.pop().next_functions:
                if child is None or child not in dependencies:
                    continue
                dependencies[child] -= 1
                if dependencies[child]:
                    continue
                if child in buffers:
                    self._schedule(child)
                else:
                    todo.append(child)

    def _schedule(self, node: Node) -> None:
        if type(node) is AccumulateGrad:
            self.leaves.append(node)
        else:
            heapq.heappush(self.ready, (-node._sequence_nr, node))

    def _captures(self, node: Node) -> bool:
        """Whether a gradient arriving at ``node`` is one ``autograd.grad`` was asked for."""
        return any((node, nr) in self.targets for nr in range(node.num_outputs))

    def _incoming(self, node: Node, runs: bool = True) -> tuple:
        """The gradients that arrived for ``node``'s outputs, after the hooks on them ran (the
        node's own pre-hooks only if it ``runs``: torch calls them as it runs a node)."""
        grads = self.buffers.pop(node)
        grads = (grads,) if node.num_outputs == 1 else tuple(grads)
        # ``autograd.grad`` captures the gradient of an input whose node runs (another input lies
        # below it) as it arrived, before the hooks on the input change what flows on; of one whose
        # node does not run, after them (torch's order)
        if self.targets and runs:
            self._capture(node, grads)
        if node._hooks is not None:
            grads = self._pre_hooks(node, grads, runs)
        if self.targets and not runs:
            self._capture(node, grads)
        return grads

    def _call(self, node: Node, grads: tuple, tensors: bool) -> tuple:
        """``node``'s backward: one gradient per input; then its post-hooks, and its buffers freed."""
        try:
            grad_inputs = node._grads_for_inputs(grads, tensors)
            if node._hooks is not None and node._hooks.post:
                grad_inputs = self._post_hooks(node, _wanted(node, grad_inputs), grads)
            if anomaly_mode.state.enabled and anomaly_mode.state.check_nan:
                # only the gradients torch computes: a rule may also give one for an input that
                # needs none (x.sqrt() * 0: d/d0 is NaN there), which torch never sees
                anomaly_mode.check_nan(node, _wanted(node, grad_inputs))
        except Exception:
            if anomaly_mode.state.enabled:
                anomaly_mode.warn_forward_trace(node)
            raise
        if self.observer is not None:
            self.observer.on_backward_step(node, grads, _wanted(node, grad_inputs))
        if not self.retain_graph and node._saved:
            node._release()
            if self.observer is not None and node.buffers_freed:
                self.observer.on_release(node)
        return grad_inputs

    def _run_leaves(self) -> None:
        """AccumulateGrad for every leaf whose gradient is complete (torch runs them at once)."""
        leaves, needed = self.leaves, self.needed
        while leaves:
            node = leaves.pop(0)
            grad = self.buffers.pop(node)
            if (needed is not None and node not in needed and (node, 0) not in self.targets
                    and node is not self.sole_root):
                continue  # a pass with ``inputs`` that does not reach this leaf: not even its hooks
            state = node.variable._state
            if node._hooks is not None or (state is not None and state.hooks):
                (grad,) = self._pre_hooks(node, (grad,))
            if self.targets:
                self._capture(node, (grad,))
            if self.accumulate and (self.inputs is None or (node, 0) in self.targets):
                _accumulate(node, grad, self.create_graph)
                if self.observer is not None:  # (autograd.grad captures: AccumulateGrad never runs)
                    self.observer.on_backward_step(node, (grad,), ())
                state = node.variable._state
                if state is not None and state.post_accumulate:
                    _post_accumulate_hooks(node.variable, state.post_accumulate)

    def _capture(self, node: Node, grads: tuple) -> None:
        """Keep the gradients flowing into ``node`` that ``autograd.grad`` was asked for."""
        for nr, grad in enumerate(grads):
            for index in self.targets.get((node, nr), ()):
                self.captured[index] = grad

    def _pre_hooks(self, node: Node, grads: tuple, node_hooks: bool = True) -> tuple:
        """Hooks on the tensors this node produced (for a leaf: on the leaf), retain_grad, then the
        node's own pre-hooks (if ``node_hooks``); each may replace gradients, and what they return
        is checked."""
        grads = list(grads)
        for nr, hook, owner in _tensor_hooks(node):
            if grads[nr] is None:
                continue
            result = hook(_as_tensor(grads[nr]))
            if self.observer is not None:
                self.observer.on_hook(owner, hook)
            grads[nr] = _hook_result(hook, grads[nr], result, self.tensors)
        hooks = node._hooks
        if hooks is None:
            return tuple(grads)
        for nr, ref in hooks.retain_grad.items():
            tensor = ref()
            if tensor is None or grads[nr] is None or not tensor.retains_grad:
                continue
            # (torch's retain_grad hook: a copy of the first gradient, then a sum; recorded in a
            # pass that records a graph, as CloneBackward0 and AddBackward0)
            value = grads[nr]
            if isinstance(value, Tensor):
                tensor._grad = value.clone() if tensor._grad is None else tensor._grad + value
            else:
                tensor._grad = Tensor._make(np.array(value) if tensor._grad is None
                                            else tensor._grad._data + value)
        for hook in list(hooks.pre.values()) if node_hooks else ():
            result = hook(tuple(_as_tensor(g) if g is not None else None for g in grads))
            if result is not None:
                grads = _node_hook_results(hook, tuple(grads), result, self.tensors)
        return tuple(grads)

    def _post_hooks(self, node: Node, grad_inputs: tuple, grads: tuple) -> tuple:
        """``node.register_hook`` hooks: they see (grad_inputs, grad_outputs) and may replace the
        first."""
        for hook in list(node._hooks.post.values()):
            result = hook(tuple(_as_tensor(g) if g is not None else None for g in grad_inputs),
                          tuple(_as_tensor(g) if g is not None else None for g in grads))
            if result is not None:
                grad_inputs = tuple(_node_hook_results(hook, grad_inputs, result, self.tensors))
        return grad_inputs


def _wanted(node: Node, grad_inputs: tuple) -> tuple:
    """The gradients as torch's nodes report them: None for inputs that need no gradient (torch
    does not compute those; a rule here may have)."""
    return tuple([None if child is None else grad
                  for (child, _), grad in zip(node.next_functions, grad_inputs)])


def _tensor_hooks(node: Node) -> list:
    """``(output_nr, hook, tensor or node it was registered on)`` for the hooks registered with
    ``tensor.register_hook`` on what ``node`` produced (for AccumulateGrad: on its leaf), in order."""
    if type(node) is AccumulateGrad:
        state = node.variable._state
        table = (state.hooks if state is not None else None) or {}
        return [(0, hook, node.variable) for hook in list(table.values())]
    if node._hooks is None:
        return []
    return [(nr, hook, node) for nr, table in list(node._hooks.tensor_pre.items())
            for hook in list(table.values())]


def _post_accumulate_hooks(variable: Tensor, hooks: dict) -> None:
    """``register_post_accumulate_grad_hook`` hooks, in order, once ``variable.grad`` is written;
    they must return None (torch's errors otherwise)."""
    for hook in list(hooks.values()):
        result = hook(variable)
        if isinstance(result, Tensor):
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")
        if result is not None:
            raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")


def _accumulate(node: AccumulateGrad, grad: Any, create_graph: bool) -> None:
    """AccumulateGrad's backward: add ``grad`` into ``leaf.grad``."""
    _add_to_grad(node.variable, grad, create_graph, node._first_grad_kernel)


def _add_to_grad(variable: Tensor, grad: Any, create_graph: bool, first_grad: Any) -> None:
    """``variable.grad += grad``, as torch's AccumulateGrad does it: the first gradient becomes
    ``.grad`` through ``first_grad`` (a copy, unless a fast path sees nothing else can reach it);
    later ones are added in place (out of place while the pass records a graph)."""
    if create_graph:
        grad = _as_tensor(grad)
        if grad.dtype is not variable.dtype:
            grad = grad.to(variable.dtype)
        if variable._grad is None:
            # torch copies the gradient into a new tensor, recorded (CopyBackwards)
            variable._grad = Tensor._make(np.zeros_like(variable._data)).copy_(grad)
        else:
            variable._grad = variable._grad + grad
        return
    if isinstance(grad, Tensor):
        grad = grad._data
    if meta.live.on and meta.is_meta(variable):  # a meta leaf's gradient has no values either
        if variable._grad is None:
            variable._grad = Tensor._make(meta.meta_array(grad.shape, variable._data.dtype))
        return
    if grad.dtype != variable._data.dtype:
        grad = grad.astype(variable._data.dtype)
    current = variable._grad
    if current is None:
        variable._grad = Tensor._make(first_grad(grad))
    else:
        # in place, like torch's ``grad += new`` with grad mode off: the same tensor (a .grad made
        # with create_graph keeps its CopyBackwards), one version later (what saved it sees that)
        current._data += grad
        current._bump_version()


class _PassKind(threading.local):
    writes_grads: bool = True  # the innermost running pass is backward() without inputs=


_pass_kind = _PassKind()


def checkpoint_valid() -> bool:
    """Whether the running pass is one a reentrant checkpoint may run in: ``backward()`` without
    ``inputs`` (torch refuses it inside ``autograd.grad`` and ``backward(inputs=...)``)."""
    return _pass_kind.writes_grads


def run_backward(outputs: list, grad_outputs: list, retain_graph: bool, create_graph: bool,
                 inputs: list | None = None, accumulate: bool = True) -> list | None:
    """The engine. With ``inputs``, returns the gradient for each of them (``None`` if unreached);
    ``accumulate`` says whether leaf ``.grad`` fields are written (``backward``) or not (``grad``)."""
    if watching.count:
        note("backward")
    tensors = create_graph or (dual.active and not dual_paused.paused)
    roots = _root_grads(outputs, grad_outputs, tensors)
    root_edges = [output._edge() for output in outputs]
    dependencies = _discover([node for node, _ in root_edges], validate=inputs is None)
    run = _Pass(create_graph, retain_graph, accumulate, inputs, dependencies,
                [node for node, _ in root_edges], tensors)
    if run.needed is not None:  # only the nodes that will run, in the order they run (torch
        for node in sorted(run.needed, key=_latest_first):  # checks each as it runs it)
            _check_saved(node)
    for (node, nr), grad in zip(root_edges, roots):
        run.receive(node, nr, grad)
    roots = grad = None  # (the caller's gradient arrays are now held by the pass alone)
    if run.observer is not None:
        run.observer.on_backward_start([node for node, _ in root_edges])
    outer_kind, _pass_kind.writes_grads = _pass_kind.writes_grads, accumulate and inputs is None
    try:
        with _backward_mode(create_graph):
            run.walk()
    finally:
        _pass_kind.writes_grads = outer_kind
        if run.observer is not None:
            run.observer.on_backward_end()
    return run.captured if inputs is not None else None


# -- the public functions ------------------------------------------------------------------------


def backward(tensors: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False, grad_variables: Any = None, inputs: Any = None) -> None:
    """Accumulate gradients of ``tensors`` into the ``.grad`` of the leaves (or of ``inputs`` only)."""
    if watching.count and recorder.transforms:
        raise RuntimeError(messages.BACKWARD_IN_TRANSFORM)
    outputs = _as_tensor_list(tensors, "outputs")
    grads = _as_tensor_list(grad_tensors if grad_tensors is not None else grad_variables,
                            "gradients")
    if retain_graph is None:
        retain_graph = create_graph
    wanted = _as_tensor_list(inputs, "inputs") if inputs is not None else None
    if create_graph:
        warnings.warn(CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)
    if wanted is not None and not wanted:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    for tensor in wanted or ():
        # as torch: every input retains its grad from now on (an error if it needs none), and the
        # gradient of a non-leaf input reaches its .grad that way
        tensor.retain_grad()
    run_backward(outputs, grads, retain_graph, create_graph, inputs=wanted, accumulate=True)


def _detached(value: Tensor) -> Tensor:
    """A gradient cut from the graph; inside a dual level it keeps its tangent, as in torch."""
    result = Tensor._make(value._data)
    tangent = tangent_of(value) if dual.active else None
    if tangent is not None:
        set_tangent(result, tangent)
    return result


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, only_inputs: bool = True, allow_unused: bool | None = None,
         is_grads_batched: bool = False, materialize_grads: bool = False) -> tuple | dict:
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned (no ``.grad`` is written).

    ``inputs`` may be a dict of tensors (the gradients come back as a dict with its keys);
    ``is_grads_batched`` reads the first dimension of every ``grad_outputs`` tensor as a batch of
    vector-Jacobian products, one pass each, stacked."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    keys = None
    if type(inputs) is dict:
        keys, inputs = list(inputs), list(inputs.values())
    elif isinstance(inputs, Mapping):
        raise TypeError(f"`inputs` argument to `grad()` must be a dict, not {type(inputs).__name__}. "
                        "Other Mapping types are not supported.")
    output_list = _as_tensor_list(outputs, "outputs")
    input_list = _as_tensor_list(inputs, "inputs")
    if not input_list:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To "
                      "accumulate gradient for other parts of the graph, please use "
                      "torch.autograd.backward.", FutureWarning, stacklevel=2)
    if watching.count and recorder.batching is not None:
        recorder.batching.check_grad(output_list, input_list)
    for index, output in enumerate(output_list):
        if not output._requires_grad:
            raise RuntimeError(
                f"element {index} of tensors does not require grad and does not have a grad_fn")
    for tensor in input_list:
        if not tensor._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    # as torch: a gradient for each output, extra ones ignored
    given = _as_tensor_list(grad_outputs, "gradients")[:len(output_list)]
    if is_grads_batched:
        results = _batched_grads(output_list, input_list, given, retain_graph, create_graph,
                                 allow_unused)
    else:
        results = _grads(output_list, input_list, given, retain_graph, create_graph, allow_unused)
    if materialize_grads:
        results = [Tensor._make(np.zeros_like(tensor._data)).requires_grad_(create_graph)
                   if value is None else value for tensor, value in zip(input_list, results)]
    return dict(zip(keys, results)) if keys is not None else tuple(results)


def _grads(outputs: list, inputs: list, given: list, retain_graph: bool, create_graph: bool,
           allow_unused: bool) -> list:
    """One pass of ``autograd.grad``: the gradient of each input (None where unreached)."""
    captured = run_backward(outputs, given, retain_graph, create_graph, inputs=inputs,
                            accumulate=False)
    results = []
    for index, (tensor, value) in enumerate(zip(inputs, captured)):
        if value is None:
            if not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior.")
            results.append(None)
            continue
        if isinstance(value, Tensor):
            if value.dtype is not tensor.dtype:  # (computed in a wider dtype: see run_backward)
                value = value.to(tensor.dtype)
            results.append(value if create_graph else _detached(value))
        else:
            results.append(Tensor._make(value if value.dtype == tensor._data.dtype
                                        else value.astype(tensor._data.dtype)))
        if meta.live.on and meta.is_meta(tensor):  # the gradient of a meta tensor has no values
            results[-1]._data = meta.meta_array(tensor._data.shape, tensor._data.dtype)
    return results


_BATCHED_0D = ("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a "
               "Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.")


def _batched_grads(outputs: list, inputs: list, given: list, retain_graph: bool,
                   create_graph: bool, allow_unused: bool) -> list:
    """``is_grads_batched``: one pass per row of the batched ``grad_outputs``, stacked along a new
    first dimension (torch vmaps the pass; the values are the same)."""
    sizes = []
    for index, (output, gradient) in enumerate(zip(outputs, given)):
        if gradient is None:  # (the implicit gradient of a scalar output is 0-d: vmap refuses it)
            raise ValueError(_BATCHED_0D)
        if gradient[0].shape != output.shape:
            raise RuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each grad_output "
                "as the batch dimension. The sizes of the remaining dimensions are expected to "
                "match the shape of corresponding output, but a mismatch was detected: "
                f"grad_output[{index}] has a shape of {Size(gradient[0].shape[1:])!r} and "
                f"output[{index}] has a shape of {output.shape!r}. If you only want some tensors in "
                "`grad_output` to be considered batched, consider using vmap.")
        sizes.append(gradient.shape[0])
    if len(set(sizes)) != 1:
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, "
                         f"got sizes {sizes} for the mapped dimension")
    batch = sizes[0]
    rows = [_grads(outputs, inputs, [None if g is None else g[row] for g in given],
                   retain_graph or row < batch - 1, create_graph, allow_unused)
            for row in range(batch)]
    return [None if column[0] is None else _lab.stack(column) for column in zip(*rows)]
