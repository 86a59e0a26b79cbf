"""The backward pass: ``Tensor.backward``, ``autograd.backward`` and ``autograd.grad``.

The engine walks the graph without recursion, so a chain of a million ops is fine:

1. *Discover*: from the roots, visit every node once (an explicit stack) and count, for each node, how
   many edges point at it. The same walk checks that no node's buffers were freed and no saved tensor
   was modified in place, so a pass that must fail fails before it changes any ``.grad``.
2. *Run*: a node is ready when all its consumers have sent their gradient. Ready nodes run in torch's
   order: highest sequence number first (a heap; in a chain the next node is handed over directly),
   a leaf's AccumulateGrad the moment it is ready. Each node's backward turns the summed gradient of
   its outputs into one gradient per input, sent along ``next_functions``.
3. *Release*: unless ``retain_graph``, a node's saved buffers are dropped right after it runs.
"""

from __future__ import annotations

import gc
import heapq
import sys
import warnings
from typing import Any

import numpy as np

from .._quiet import restore, silenced
from . import grad_mode
from .node import FREED, AccumulateGrad, Node, inplace_clock
from .op import engine_state
from .record import recorder

__all__ = ["backward", "grad"]

# The Tensor class, bound by autograd_lab.tensor once it exists (tensor.py imports this module).
Tensor: Any = None

CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter "
    "and its gradient which can cause a memory leak. We recommend using autograd.grad when creating "
    "the graph to avoid this. If you have to use this function, make sure to reset the .grad fields "
    "of your parameters to None after use to break the cycle and avoid the leak. (Triggered "
    "internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)"
)


def _as_tensor_list(value: Any, name: str) -> list:

    if isinstance(value, Tensor):
        return [value]
    if value is None:
        return []
    items = list(value)
    for item in items:
        if item is not None and not isinstance(item, Tensor):
            raise TypeError(f"{name} must be a Tensor or a sequence of Tensors, got "
                            f"{type(item).__name__}")
    return items


def _root_grads(outputs: list, grad_outputs: list, create_graph: bool) -> list:
    """The gradient each output starts with: given, or implicitly 1 for a scalar output."""
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
            roots.append(np.ones_like(output._data))
            continue
        if not isinstance(given, Tensor):
            given = Tensor(given)
        if given._data.shape != output._data.shape:
            from ..tensor import Size

            raise RuntimeError(
                f"Mismatch in shape: grad_output[{index}] has a shape of "
                f"{Size(given._data.shape)!r} and output[{index}] has a shape of "
                f"{Size(output._data.shape)!r}.")
        if create_graph:
            roots.append(given)
        else:
            data = given._data
            roots.append(data if data.dtype == output._data.dtype else
                         data.astype(output._data.dtype))
    return roots


def _discover(root_nodes: list) -> dict[Node, int]:
    """Count the edges into every node reachable from the roots, checking buffers on the way."""
    dependencies: dict[Node, int] = {}
    stack = [node for node in root_nodes if node is not None]
    roots = set(stack)
    while stack:
        node = stack.pop()
        saved = getattr(node, "_saved", None)
        # raise now if freed or modified in place, before any .grad changes; saved tensors can only
        # be stale if some in-place op ran since the node was made
        if saved and (saved is FREED or getattr(node, "_made_at", -1) != inplace_clock.ticks):
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


def _needed(dependencies: dict[Node, int], roots: list, targets: set) -> set:
    """The nodes from which a target can be reached: the only ones ``autograd.grad`` must run.
    Children always have lower sequence numbers than their consumers, so one sorted sweep works."""
    nodes = set(dependencies) | {node for node in roots if node is not None}
    needed = set(targets)
    for node in sorted(nodes - needed, key=lambda n: n._sequence_nr):
        if any(child in needed for child, _ in node.next_functions):
            needed.add(node)
    return needed


def _run_tensor_hooks(node: Node, grads: list) -> list:
    """Hooks registered on the tensors this node produced, then retain_grad (always last)."""

    hooks = node._hooks
    for nr, table in hooks.tensor_pre.items():
        for hook in list(table.values()):
            if grads[nr] is None:
                continue
            result = hook(_as_tensor(grads[nr]))
            if recorder.observer is not None:
                recorder.observer.on_hook(node, hook)
            if result is not None:
                grads[nr] = result if engine_state.create_graph else result._data
    for nr, ref in hooks.retain_grad.items():
        tensor = ref()
        if tensor is None or grads[nr] is None or not tensor.retains_grad:
            continue
        value = grads[nr]
        new = value if isinstance(value, Tensor) else Tensor._make(np.array(value))
        tensor._grad = new if tensor._grad is None else Tensor._make(tensor._grad._data + new._data)
    return grads


def _run_pre_hooks(node: Node, grads: list, create_graph: bool) -> list:
    """Tensor hooks and retain_grad on the node's outputs, then the node's own pre-hooks."""
    grads = _run_tensor_hooks(node, grads)
    for hook in list(node._hooks.pre.values()):
        result = hook(tuple(_as_tensor(g) if g is not None else None for g in grads))
        if result is not None:
            grads = [g if create_graph or g is None else g._data for g in result]
    return grads


def _run_post_hooks(node: Node, grad_inputs: tuple, grads: list, create_graph: bool) -> tuple:
    """``node.register_hook`` hooks: they see (grad_inputs, grad_outputs) and may replace the first."""
    for hook in list(node._hooks.post.values()):
        result = hook(tuple(_as_tensor(g) if g is not None else None for g in grad_inputs),
                      tuple(_as_tensor(g) if g is not None else None for g in grads))
        if result is not None:
            grad_inputs = tuple(g if create_graph or g is None else g._data for g in result)
    return grad_inputs


def _as_tensor(value: Any) -> Any:

    return value if isinstance(value, Tensor) else Tensor._make(value)


def _accumulate(node: AccumulateGrad, grad: Any, create_graph: bool, owned: set) -> None:
    """AccumulateGrad's backward: leaf hooks, then add ``grad`` into ``leaf.grad``."""

    variable = node.variable
    state = variable._state
    if state is not None and state.hooks:
        for hook in list(state.hooks.values()):
            result = hook(_as_tensor(grad))
            if recorder.observer is not None:
                recorder.observer.on_hook(variable, hook)
            if result is not None:
                grad = result if create_graph else result._data
    if create_graph:
        grad = _as_tensor(grad)
        if grad.dtype is not variable.dtype:
            grad = grad.to(variable.dtype)
        if variable._grad is None:
            from ..ops.arithmetic import copy_from

            variable._grad = copy_from(Tensor._make(np.zeros_like(variable._data)), grad)
        else:
            variable._grad = variable._grad + grad
        return
    if isinstance(grad, Tensor):
        grad = grad._data
    if grad.dtype != variable._data.dtype:
        grad = grad.astype(variable._data.dtype)
    current = variable._grad
    if current is None:
        if not _can_keep(grad, owned):
            grad = grad.copy()
        owned.add(id(grad))
        variable._grad = Tensor._make(grad)
    elif current._requires_grad:
        variable._grad = Tensor._make(current._data + grad)
    else:
        current._data += grad  # in place, like torch when grad mode is off


def _can_keep(grad: np.ndarray, owned: set) -> bool:
    """Whether a leaf may keep this gradient array as its ``.grad`` without a copy: only if nothing
    else can see it (as torch steals a gradient whose reference count says it is unshared). A view
    (e.g. the transpose a matmul backward returns) is kept when its base is referenced by it alone."""
    if not grad.flags.writeable or id(grad) in owned or recorder.observer is not None:
        return False  # (an observer, e.g. %%trace, may hold this array to show it later)
    if grad.base is None:
        return True
    # two references to the base: the view's own, and getrefcount's argument
    return sys.getrefcount(grad.base) == 2 and grad.base.base is None


def _add_to_buffer(buffers: dict, node: Node, nr: int, grad: Any) -> None:
    """Add ``grad`` for output ``nr`` of ``node`` to what is waiting for it (see ``run_backward``)."""
    if node.num_outputs == 1:
        waiting = buffers.get(node)
        buffers[node] = grad if waiting is None else waiting + grad
        return
    slots = buffers.get(node)
    if slots is None:
        slots = buffers[node] = [None] * node.num_outputs
    slots[nr] = grad if slots[nr] is None else slots[nr] + grad


def _grads_of(node: Node, waiting: Any) -> list:
    """What arrived for ``node`` as one entry per output."""
    return [waiting] if node.num_outputs == 1 else waiting


class _Pass:
    """What one backward pass needs besides the gradients: its options, and for ``autograd.grad``
    which gradients to capture and which nodes can reach them."""

    __slots__ = ("create_graph", "accumulate", "inputs", "targets", "needed", "captured", "owned",
                 "observer")

    def __init__(self, create_graph: bool, accumulate: bool, inputs: list | None,
                 owned: set) -> None:
        self.create_graph = create_graph
        self.accumulate = accumulate
        self.inputs = inputs
        self.targets: dict = {}  # (node, output_nr) -> positions in ``inputs`` whose gradient it is
        self.needed: set | None = None
        self.captured: list = [None] * len(inputs) if inputs is not None else []
        self.owned = owned  # ids of arrays a leaf must copy before keeping as its .grad
        self.observer = recorder.observer

    def capture(self, node: Node, grads: list) -> None:
        """Keep the gradients flowing into ``node`` that ``autograd.grad`` was asked for."""
        for nr, grad in enumerate(grads):
            for index in self.targets.get((node, nr), ()):
                self.captured[index] = grad

    def run_accumulator(self, node: AccumulateGrad, grads: list) -> None:
        """A leaf's AccumulateGrad, run as soon as every gradient for its leaf has arrived."""
        if node._hooks is not None:
            grads = _run_pre_hooks(node, grads, self.create_graph)
        if self.targets:
            self.capture(node, grads)
        if self.accumulate and (self.inputs is None or (node, 0) in self.targets):
            _accumulate(node, grads[0], self.create_graph, self.owned)
        if self.observer is not None:
            self.observer.on_backward_step(node, grads, ())


def run_backward(outputs: list, grad_outputs: list, retain_graph: bool, create_graph: bool,
                 inputs: list | None = None, accumulate: bool = True) -> list | None:
    """The engine. With ``inputs``, returns the gradient for each of them (``None`` if unreached);
    ``accumulate`` says whether leaf ``.grad`` fields are written (``backward``) or not (``grad``)."""
    roots = _root_grads(outputs, grad_outputs, create_graph)
    root_edges = [output._edge() for output in outputs]
    dependencies = _discover([node for node, _ in root_edges])
    # the caller's gradients are never handed to a leaf as they are
    run = _Pass(create_graph, accumulate, inputs, {id(grad) for grad in roots})
    if inputs is not None:
        for index, tensor in enumerate(inputs):
            run.targets.setdefault(tensor._edge(), []).append(index)
        run.needed = _needed(dependencies, [node for node, _ in root_edges],
                             {node for node, _ in run.targets})
    targets, needed, observer = run.targets, run.needed, run.observer

    # What has arrived for each node that has not run yet: the gradient itself for a node with one
    # output (nearly all), a list with one slot per output for the others.
    buffers: dict[Node, Any] = {}
    for (node, nr), grad in zip(root_edges, roots):
        _add_to_buffer(buffers, node, nr, grad)
    # Ready nodes run highest sequence number first (sequence numbers are unique). AccumulateGrad
    # nodes never wait in the heap: torch runs them as soon as they are ready, so they run in place.
    starting = [node for node in buffers if dependencies.get(node, 0) == 0]
    ready = [(-node._sequence_nr, node) for node in starting if type(node) is not AccumulateGrad]
    heapq.heapify(ready)
    if observer is not None:
        observer.on_backward_start([node for node, _ in root_edges])

    previous_mode, grad_mode.state.enabled = grad_mode.state.enabled, create_graph
    previous_create, engine_state.create_graph = engine_state.create_graph, create_graph
    engine_state.validated = True  # _discover checked every saved tensor already
    engine_state.plain = not create_graph
    # torch computes inf/nan gradients silently (1/x at 0); numpy would warn on every one
    quiet = silenced()
    # the pass frees objects but creates no reference cycles: the cyclic collector has nothing to
    # find, and pausing it saves a fifth of a deep chain's backward
    collecting = gc.isenabled()
    gc.disable()
    heappop, heappush = heapq.heappop, heapq.heappush
    try:
        for node in starting:
            if type(node) is AccumulateGrad:
                run.run_accumulator(node, _grads_of(node, buffers.pop(node)))
        # ``follow``: a node made ready by the previous one that outranks everything in the heap (in
        # a chain, always the next node), run next without going through the heap
        follow = heappop(ready)[1] if ready else None
        while follow is not None:
            node, follow = follow, None
            grads = buffers.pop(node)
            grads = (grads,) if node.num_outputs == 1 else tuple(grads)
            if node._hooks is not None:
                grads = _run_pre_hooks(node, list(grads), create_graph)
            if targets:
                run.capture(node, grads)
            if needed is None or node in needed:
                grad_inputs = node._grads_for_inputs(grads)
                if node._hooks is not None and node._hooks.post:
                    grad_inputs = _run_post_hooks(node, grad_inputs, grads, create_graph)
                if observer is not None:
                    observer.on_backward_step(node, grads, grad_inputs)
                if not retain_graph and node._saved:
                    node._release()
                    if observer is not None and node.buffers_freed:
                        observer.on_release(node)
                grads = None  # (a leaf may keep a gradient as its .grad only if nothing else holds it)
                for (child, nr), grad in zip(node.next_functions, grad_inputs):
                    if child is None:
                        continue
                    if grad is not None:
                        if child.num_outputs == 1:  # _add_to_buffer's common case, inlined
                            waiting = buffers.get(child)
                            buffers[child] = grad if waiting is None else waiting + grad
                        else:
                            _add_to_buffer(buffers, child, nr, grad)
                    remaining = dependencies[child] - 1
                    dependencies[child] = remaining
                    if remaining or child not in buffers:
                        continue
                    if type(child) is AccumulateGrad:
                        run.run_accumulator(child, _grads_of(child, buffers.pop(child)))
                    elif follow is None:
                        follow = child
                    elif child._sequence_nr > follow._sequence_nr:
                        heappush(ready, (-follow._sequence_nr, follow))
                        follow = child
                    else:
                        heappush(ready, (-child._sequence_nr, child))
            if follow is None:
                if ready:
                    follow = heappop(ready)[1]
            elif ready and -ready[0][0] > follow._sequence_nr:
                follow = heapq.heapreplace(ready, (-follow._sequence_nr, follow))[1]
    finally:
        restore(quiet)
        if collecting:
            gc.enable()
        engine_state.validated = engine_state.plain = False
        grad_mode.state.enabled = previous_mode
        engine_state.create_graph = previous_create
        if observer is not None:
            observer.on_backward_end()
    if inputs is None:
        return None
    return run.captured


def backward(tensors: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False, grad_variables: Any = None, inputs: Any = None) -> None:
    """Accumulate gradients of ``tensors`` into the ``.grad`` of the leaves (or of ``inputs`` only)."""
    outputs = _as_tensor_list(tensors, "tensors")
    grads = _as_tensor_list(grad_tensors if grad_tensors is not None else grad_variables,
                            "grad_tensors")
    if retain_graph is None:
        retain_graph = create_graph
    wanted = _as_tensor_list(inputs, "inputs") if inputs is not None else None
    if create_graph:
        warnings.warn(CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)
    if wanted is not None and not wanted:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    captured = run_backward(outputs, grads, retain_graph, create_graph, inputs=wanted,
                            accumulate=True)
    for tensor, value in zip(wanted or (), captured or ()):
        if tensor.grad_fn is not None and value is not None:  # leaves were handled by the engine
            value = _as_tensor(value)
            tensor._grad = value if tensor._grad is None else tensor._grad + value


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool | None = None,
         materialize_grads: bool = False) -> tuple:
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned (no ``.grad`` is written)."""

    output_list = _as_tensor_list(outputs, "outputs")
    input_list = _as_tensor_list(inputs, "inputs")
    for index, output in enumerate(output_list):
        if not output._requires_grad:
            raise RuntimeError(
                f"element {index} of tensors does not require grad and does not have a grad_fn")
    for tensor in input_list:
        if not tensor._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    if allow_unused is None:
        allow_unused = materialize_grads
    captured = run_backward(output_list, _as_tensor_list(grad_outputs, "grad_outputs"),
                            retain_graph, create_graph, inputs=input_list, accumulate=False)
    results = []
    for index, (tensor, value) in enumerate(zip(input_list, captured)):
        if value is None:
            if not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior.")
            results.append(Tensor._make(np.zeros_like(tensor._data)) if materialize_grads
                           else None)
            continue
        if isinstance(value, Tensor):
            results.append(value if create_graph else Tensor._make(value._data))
        else:
            results.append(Tensor._make(value if value.dtype == tensor._data.dtype
                                        else value.astype(tensor._data.dtype)))
    return tuple(results)
