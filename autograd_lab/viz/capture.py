"""Recording what a block of code does to the autograd graph, cheaply.

:class:`Capture` is an observer for :mod:`autograd_lab.autograd.record`. While it is active it only
appends to lists, so a loop of ten thousand small ops is barely slowed down; naming, layout and
formatting happen once, after the block, in :mod:`autograd_lab.viz.graph`.

While recording, ``on_op`` keeps the objects it is handed (``list.append``; building anything per
op, even a small tuple, costs more than the appends). The inputs are kept only for an op with an
input that needs no grad (a ``(None, 0)`` entry of ``next_functions``: the picture draws that
tensor); other inputs are the outputs of earlier nodes, and keeping every op's argument tuple
would leave the garbage collector hundreds of thousands more objects to walk in a big cell.
:meth:`RecordedOps.record` then reduces each tensor of the ops that are drawn to its identity and
its numpy array, a :class:`Recorded`, and :meth:`Capture.clear` drops the rest, so the finished
picture keeps no tensor alive. Gradients seen during a backward pass are
copied when they arrive, because the engine may later add into the very array it handed to a
leaf's ``.grad``.

A backward pass of a big graph has as many steps as the graph has nodes, and keeping every step's
gradients would double what the cell itself needs. So the gradients are kept for the first and
the last :data:`STEP_DETAIL` steps of a trace only; of every other step the node alone is kept
(which box ran, in which order), one list slot per step.

Inside a dual level (forward mode), every op that computes tangents is reported too (``on_tangent``):
a :class:`ForwardStep` keeps the op, its tensors and copies of the tangents (an in-place op may
change a tangent later), for the first :data:`STEP_DETAIL` such steps; of all of them it keeps which
forward pass (tangent direction) they belong to: ops joined by a tangent one passed to the other are
one pass, so ``jacfwd``'s n directions count as n passes however the levels were opened.

:func:`add_binding_calls` rewrites a cell's syntax tree so that every assignment also reports
``(name, value)``: that is how a value that was later overwritten (``y = x * 2; y = y + 1``) keeps
the name it had.
"""

from __future__ import annotations

import ast
import operator
import weakref
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import numpy as np

from ..autograd import record
from ..autograd.node import AccumulateGrad
from ..tensor import Tensor

__all__ = ["Capture", "RecordedOps", "BackwardPass", "Step", "HookCall", "ArraySummary", "Bindings",
           "Recorded", "ForwardStep", "keep_gradient", "BINDER_NAME", "add_binding_calls", "STEP_DETAIL"]

#: Largest gradient (in elements) kept as a copy for display; bigger ones keep only a summary.
KEEP_LIMIT = 4096
#: Backward steps whose gradients are kept: this many at the start of a trace and at its end.
STEP_DETAIL = 1_000

#: The name under which the assignment reporter is visible to rewritten code while it runs.
BINDER_NAME = "__autograd_lab_bind__"
_NO_GRAD = (None, 0)  # the next_functions entry of an input that needs no grad


@dataclass(frozen=True)
class ArraySummary:
    """What is kept of a gradient too large to copy: enough to describe it."""

    shape: tuple[int, ...]
    dtype: str
    norm: float


def keep_gradient(value: Any, copy: bool = True) -> Any:
    """A gradient (numpy array, or tensor under ``create_graph``) kept for display: a summary when
    large; else a private copy, or with ``copy=False`` the array itself (the engine never changes a
    gradient array after handing it on, except the one a leaf keeps as its ``.grad``)."""
    if value is None:
        return None
    array = record.array_of(value) if isinstance(value, Tensor) else value
    if not isinstance(array, np.ndarray):
        array = np.asarray(array)
    if array.size > KEEP_LIMIT:
        with np.errstate(all="ignore"):
            norm = float(np.linalg.norm(array.astype(np.float64).ravel()))
        return ArraySummary(tuple(array.shape), array.dtype.name, norm)
    return array.copy() if copy else array


class Recorded:
    """A tensor as recorded: its identity and its numpy array (the tensor itself may be gone).

    ``key`` is ``(id(tensor), id(array))``: while the array is kept, no other live tensor can have
    the same pair, even if the tensor's own id is reused after it died.
    """

    __slots__ = ("key", "_data")

    _grad = None
    retains_grad = False

    def __init__(self, key: tuple[int, int], data: np.ndarray) -> None:
        self.key = key
        self._data = data


def _recorded(tensor: Any) -> Recorded:
    tensor = getattr(tensor, "_original", tensor)  # an op's internally promoted operand
    data = record.array_of(tensor)
    return Recorded((id(tensor), id(data)), data)


class Step:
    """One node run by the engine: the gradient that arrived and what it sent to each input.

    Recording keeps the engine's own arrays (it never changes them after handing them on) and turns
    them into display values (``keep_gradient``) only when the picture asks, so a traced cell pays
    almost nothing per backward step. Gradients that reach a leaf are copied at once: the leaf keeps
    that array as its ``.grad``, which later passes change in place."""

    __slots__ = ("node", "_grad_outputs", "_grad_inputs", "_raw", "pass_index", "number")

    def __init__(self, node: Any, grad_outputs: Any, grad_inputs: Any, raw: bool = False,
                 pass_index: int = 0, number: int = 0) -> None:
        self.node = node
        self._grad_outputs = grad_outputs
        self._grad_inputs = grad_inputs
        self._raw = raw
        self.pass_index = pass_index  # which backward pass of the trace (0-based)
        self.number = number          # its place in that pass (0-based)

    def _keep(self) -> None:
        if self._raw:
            self._grad_outputs = [keep_gradient(g, copy=False) for g in self._grad_outputs]
            self._grad_inputs = [keep_gradient(g, copy=False) for g in self._grad_inputs]
            self._raw = False

    @property
    def grad_outputs(self) -> list:
        self._keep()
        return self._grad_outputs

    @property
    def grad_inputs(self) -> list:
        self._keep()
        return self._grad_inputs


@dataclass
class HookCall:
    """A user hook that fired, on a tensor (leaf) or on a node (non-leaf tensor hooks)."""

    target: Any
    hook: Any
    pass_index: int
    step_index: int


@dataclass
class BackwardPass:
    """One call into the engine (``backward`` or ``autograd.grad``): the node of every step, in the
    order the engine ran them (the steps with their gradients are :meth:`Capture.detailed_steps`)."""

    roots: list
    nodes: list = field(default_factory=list)
    released: list = field(default_factory=list)
    finished: bool = False
    numbers: np.ndarray | None = None  # the nodes' sequence numbers, once asked for


class ForwardStep:
    """One op run inside a dual level: its tensors and the tangents that went in and came out.

    ``inputs``/``outputs`` are :class:`Recorded` (None for an argument that is not a tensor, an
    output the op did not compute); ``producers`` the ``(grad_fn, output_nr)`` of each input (so an
    input made by a recorded op finds that op's box); ``tangents_in``/``tangents_out`` the tangents
    as they were at that step, kept for display (None: the rule got zeros / gave none), and
    ``arrays_in``/``arrays_out`` their arrays as they are at the end (an in-place op updates a
    tangent in place; the boxes show values as they are at the end too). ``where`` orders it among the
    backward steps: ``(passes started, None)`` in the traced code, ``(pass index, steps run)``
    inside a backward pass. ``direction`` is the forward pass (tangent direction) it belongs to,
    0-based, filled in by :meth:`Capture.forward_steps`. ``tangent_nodes``: the grad_fn of each
    output's tangent when its computation was recorded (an input requires grad)."""

    __slots__ = ("node", "inputs", "producers", "requires", "outputs", "tangents_in", "tangents_out",
                 "tangent_nodes", "arrays_in", "arrays_out", "where", "index", "label", "direction")

    def __init__(self, node: Any, inputs: tuple, outputs: tuple, tangents_in: list,
                 tangents_out: list, where: tuple, index: int, label: int) -> None:
        self.node = node
        tensors = [_unwrap_operand(t) if isinstance(t, Tensor) else None for t in inputs]
        self.inputs = tuple(None if t is None else _recorded(t) for t in tensors)
        self.producers = tuple((None, 0) if t is None else (t.grad_fn, t.output_nr) for t in tensors)
        self.requires = tuple(t is not None and t.requires_grad for t in tensors)
        self.outputs = tuple(_recorded(t) if isinstance(t, Tensor) else None for t in outputs)
        self.tangents_in = [keep_gradient(t) for t in tangents_in]
        self.tangents_out = [keep_gradient(t) for t in tangents_out]
        # the tangents' own arrays (not copies): what they hold at the end, as the boxes show values
        self.arrays_in = [None if t is None else record.array_of(t) for t in tangents_in]
        self.arrays_out = [None if t is None else record.array_of(t) for t in tangents_out]
        # the grad_fn of each recorded tangent (reverse over forward: the tangent has a graph)
        self.tangent_nodes = [getattr(t, "grad_fn", None) for t in tangents_out]
        self.where = where
        self.index = index
        self.label = label
        self.direction = 0

    @property
    def inside_backward(self) -> bool:
        """Whether it ran inside a backward pass (a gradient formula's op: forward over reverse)."""
        return self.where[1] is not None


def _unwrap_operand(tensor: Any) -> Any:
    return getattr(tensor, "_original", tensor)


class _Directions:
    """Which forward pass each forward step belongs to: steps joined by a tangent are one pass
    (union-find over labels; a tangent is known by identity, checked through a weak reference so
    that a reused id is not taken for it)."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.tangents: dict[int, tuple[Any, int]] = {}

    def find(self, label: int) -> int:
        parent = self.parent
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def step(self, tangents_in: list, tangents_out: list) -> int:
        """The label of a step taking ``tangents_in`` and giving ``tangents_out``."""
        labels = []
        for tangent in tangents_in:
            if tangent is None:
                continue
            known = self.tangents.get(id(tangent))
            if known is not None and known[0]() is tangent:
                labels.append(self.find(known[1]))
        if labels:
            label = min(labels)
            for other in labels:
                self.parent[other] = label
        else:  # only tangents no traced op made: a new direction starts here
            label = len(self.parent)
            self.parent.append(label)
        for tangent in (*tangents_in, *tangents_out):
            if tangent is not None:
                self.tangents[id(tangent)] = (weakref.ref(tangent), label)
        return label

    def count(self) -> int:
        return len({self.find(label) for label in range(len(self.parent))})


class Capture:
    """The observer: keeps references to ops, backward steps, hooks and released buffers."""

    def __init__(self) -> None:
        self.nodes: list = []    # one grad_fn per recorded op
        self.inputs: list = []   # its input tensors
        # its output: the array and the id of a single tensor (no tensor kept: a 200,000-op cell
        # would leave the garbage collector that many more objects to walk), the tensors of several
        self.outputs: list = []
        self.output_ids = array("q")
        self.passes: list[BackwardPass] = []
        self.hooks: list[HookCall] = []
        self._current: BackwardPass | None = None
        # the first STEP_DETAIL steps with their gradients, as (node, grad_outputs, grad_inputs,
        # pass index, number), and the gradients of the last STEP_DETAIL: Steps when asked for
        self._head: list[tuple] = []
        self._head_room = STEP_DETAIL
        self._tail_outputs: deque = deque(maxlen=STEP_DETAIL)
        self._tail_inputs: deque = deque(maxlen=STEP_DETAIL)
        self._forward: list[ForwardStep] = []  # the first STEP_DETAIL ops run in a dual level
        self.forward_count = 0                  # all of them
        self.forward_inside = 0                 # those of them that ran inside a backward pass
        self._directions = _Directions()

    # -- the observer protocol of autograd.record ---------------------------------------------------

    def on_op(self, node: Any, inputs: tuple, outputs: Any) -> None:
        self.nodes.append(node)
        self.inputs.append(inputs if _NO_GRAD in node.next_functions else None)
        if type(outputs) is tuple:
            self.outputs.append(outputs)
            self.output_ids.append(0)
        else:
            self.outputs.append(record.array_of(outputs))
            self.output_ids.append(id(outputs))

    def on_backward_start(self, roots: list) -> None:
        self._current = BackwardPass(list(roots))
        self.passes.append(self._current)

    def on_backward_step(self, node: Any, grad_outputs: Any, grad_inputs: Any) -> None:
        if self._current is None:  # a pass started before the capture did
            self.on_backward_start([node])
        nodes = self._current.nodes
        nodes.append(node)
        if type(node) is AccumulateGrad:  # it becomes .grad, which may accumulate in place later
            grad_outputs, grad_inputs = [keep_gradient(g) for g in grad_outputs], ()
        if self._head_room:
            self._head_room -= 1
            self._head.append((node, grad_outputs, grad_inputs, len(self.passes) - 1, len(nodes) - 1))
        else:  # the oldest drop out: only the last STEP_DETAIL stay (their nodes are in the passes)
            self._tail_outputs.append(grad_outputs)
            self._tail_inputs.append(grad_inputs)

    def on_hook(self, target: Any, hook: Any) -> None:
        pass_index = len(self.passes) - 1
        step_index = len(self._current.nodes) if self._current is not None else 0
        self.hooks.append(HookCall(target, hook, pass_index, step_index))

    def on_release(self, node: Any) -> None:
        # the engine reports the nodes whose saved buffers it just freed
        if self._current is not None:
            self._current.released.append(node)

    def on_backward_end(self) -> None:
        if self._current is not None:
            self._current.finished = True
        self._current = None

    def on_tangent(self, node: Any, inputs: tuple, outputs: tuple, tangents_in: list,
                   tangents_out: list) -> None:
        if all(tangent is None for tangent in tangents_out):
            return  # no tangent came out (unpack_dual's primal, an integer result): not a step
        label = self._directions.step(tangents_in, tangents_out)
        self.forward_count += 1
        self.forward_inside += self._current is not None
        if len(self._forward) < STEP_DETAIL:
            where = ((len(self.passes), None) if self._current is None
                     else (len(self.passes) - 1, len(self._current.nodes)))
            self._forward.append(ForwardStep(node, inputs, outputs, tangents_in, tangents_out, where,
                                             self.forward_count - 1, label))

    # -- use ----------------------------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[Capture]:
        """Observe the autograd core inside the ``with`` block, alongside any recording already
        running (so a ``%trace`` line inside a ``%%trace`` cell leaves the cell's picture whole)."""
        outer = record.current()
        with record.observe(self if outer is None else _Both(outer, self)):
            yield self

    def ops(self) -> RecordedOps:
        """The graph nodes seen, in order, with what each recorded op received and produced."""
        return RecordedOps(self)

    def clear(self) -> None:
        """Drop every reference (the graph can then be freed)."""
        self.nodes = []
        self.inputs = []
        self.outputs = []
        self.output_ids = array("q")
        self.passes = []
        self.hooks = []
        self._current = None
        self._head = []
        self._head_room = STEP_DETAIL
        self._tail_outputs = deque(maxlen=STEP_DETAIL)
        self._tail_inputs = deque(maxlen=STEP_DETAIL)
        self._forward = []
        self.forward_count = 0
        self.forward_inside = 0
        self._directions = _Directions()

    def forward_steps(self) -> list[ForwardStep]:
        """The ops run in a dual level that were kept (the first :data:`STEP_DETAIL`), in order,
        each with its forward pass (``direction``) numbered in order of appearance."""
        numbers: dict[int, int] = {}
        for step in self._forward:
            root = self._directions.find(step.label)
            step.direction = numbers.setdefault(root, len(numbers))
        return list(self._forward)

    def forward_pass_count(self) -> int:
        """How many forward passes (tangent directions) ran while recording."""
        return self._directions.count()

    def detailed_steps(self) -> list[Step]:
        """The steps kept with their gradients, in the order they ran (see :data:`STEP_DETAIL`)."""
        tail = []  # the last steps of the trace: walk back through the passes to find their nodes
        wanted = len(self._tail_outputs)
        for pass_index in range(len(self.passes) - 1, -1, -1):
            if len(tail) == wanted:
                break
            nodes = self.passes[pass_index].nodes
            for number in range(len(nodes) - 1, max(len(nodes) - 1 - (wanted - len(tail)), -1), -1):
                tail.append((nodes[number], pass_index, number))
        tail.reverse()
        steps = [(node, outputs, inputs, pass_index, number) for (node, pass_index, number), outputs, inputs
                 in zip(tail, self._tail_outputs, self._tail_inputs)]
        return [Step(node, grad_outputs, grad_inputs, type(node) is not AccumulateGrad, pass_index, number)
                for node, grad_outputs, grad_inputs, pass_index, number in (*self._head, *steps)]

    def step_count(self) -> int:
        """How many backward steps ran while recording, over all passes."""
        return sum(len(backward_pass.nodes) for backward_pass in self.passes)

    def pass_numbers(self, backward_pass: BackwardPass) -> np.ndarray:
        """The sequence numbers of the nodes ``backward_pass`` ran, in order (worked out once)."""
        if backward_pass.numbers is None or len(backward_pass.numbers) != len(backward_pass.nodes):
            backward_pass.numbers = _sequence_numbers(backward_pass.nodes)
        return backward_pass.numbers

    def nodes_seen(self) -> list:
        """Every graph node the block created or ran backward through, each once: the recorded ops
        in the order they were made (each op is recorded once), then the nodes only a backward
        pass ran (made before the recording started)."""
        return [*self.nodes, *self.earlier_nodes()]

    def earlier_nodes(self, recorded: np.ndarray | None = None) -> list:
        """The nodes (not AccumulateGrad) a backward pass ran that were not recorded here, once each
        (``recorded``: the recorded nodes' sequence numbers, sorted, if known)."""
        # by sequence number (unique per node), in numpy: a big pass would otherwise need a set of
        # 200,000 ids next to what the cell already holds
        if recorded is None:
            recorded = np.sort(_sequence_numbers(self.nodes))
        earlier: dict[int, Any] = {}
        for backward_pass in self.passes:
            ran = self.pass_numbers(backward_pass)
            at = np.searchsorted(recorded, ran).clip(max=max(len(recorded) - 1, 0))
            missing = np.flatnonzero(recorded[at] != ran) if len(recorded) else np.arange(len(ran))
            for index in missing.tolist():
                node = backward_pass.nodes[index]
                if type(node) is not AccumulateGrad:
                    earlier.setdefault(id(node), node)
        return list(earlier.values())


_SEQUENCE_NR = record.sequence_nr


def _sequence_numbers(nodes: list) -> np.ndarray:
    return np.fromiter(map(_SEQUENCE_NR, nodes), dtype=np.int64, count=len(nodes))


class RecordedOps:
    """The graph nodes a :class:`Capture` saw, sorted by sequence number (creation order), and for
    each recorded op what it received and produced. Lookups bisect the sequence numbers, so nothing
    is built per op in advance: a 200,000-op recording costs one list of numbers.

    ``functions``: the nodes; ``raw_inputs(i)`` the input tensors of ``functions[i]`` as recorded
    (None for a node that was not recorded); ``record(node)`` its inputs and outputs reduced to
    :class:`Recorded` tensors, or None."""

    def __init__(self, capture: Capture) -> None:
        self._capture = capture
        recorded = capture.nodes
        recorded_numbers = list(map(_SEQUENCE_NR, recorded))
        earlier = sorted(capture.earlier_nodes(np.sort(np.array(recorded_numbers, dtype=np.int64))),
                         key=_SEQUENCE_NR)
        functions = earlier + recorded
        sequence = [*map(_SEQUENCE_NR, earlier), *recorded_numbers]
        # where each function's record is in the capture's lists: in the usual case (the earlier
        # nodes all older than the recorded ones, which were made in order) an offset; otherwise
        # looked up by identity
        self._offset = len(earlier)
        self._where: dict[int, int] | None = None
        if not all(map(operator.lt, sequence, islice(sequence, 1, None))):
            functions = sorted(functions, key=_SEQUENCE_NR)
            sequence = list(map(_SEQUENCE_NR, functions))
            self._where = {id(node): index for index, node in enumerate(recorded)}
        self.functions = functions
        self.sequence = sequence

    def position(self, node: Any) -> int | None:
        """The index of ``node`` in :attr:`functions`, or None."""
        try:
            sequence_nr = record.sequence_nr(node)
        except AttributeError:  # not an autograd node
            return None
        index = bisect_left(self.sequence, sequence_nr)
        if index < len(self.functions) and self.functions[index] is node:
            return index
        return None

    def _capture_index(self, position: int) -> int | None:
        if self._where is not None:
            return self._where.get(id(self.functions[position]))
        index = position - self._offset
        return index if index >= 0 else None

    def raw_inputs(self, position: int) -> tuple | None:
        """The tensors op ``functions[position]`` received (None if it was not recorded)."""
        index = self._capture_index(position)
        return None if index is None else self._capture.inputs[index]

    def record(self, node: Any) -> tuple[tuple, Any] | None:
        """``(inputs, outputs)`` of a recorded op as :class:`Recorded` tensors (outputs a tuple for
        several), or None for a node that was not recorded."""
        position = self.position(node)
        index = None if position is None else self._capture_index(position)
        if index is None:
            return None
        ins, outs = self._capture.inputs[index], self._capture.outputs[index]
        if type(outs) is tuple:
            outputs: Any = tuple(map(_recorded, outs))
        else:  # the array of a single tensor, and its id
            outputs = Recorded((self._capture.output_ids[index], id(outs)), outs)
        return () if ins is None else tuple(map(_recorded, ins)), outputs


class _Both:
    """Two observers, told the same events in turn: the recording that was running, then the new one."""

    def __init__(self, first: Any, second: Any) -> None:
        self.first = first
        self.second = second

    def on_op(self, node: Any, inputs: tuple, outputs: Any) -> None:
        self.first.on_op(node, inputs, outputs)
        self.second.on_op(node, inputs, outputs)

    def on_backward_start(self, roots: list) -> None:
        self.first.on_backward_start(roots)
        self.second.on_backward_start(roots)

    def on_backward_step(self, node: Any, grad_outputs: Any, grad_inputs: Any) -> None:
        self.first.on_backward_step(node, grad_outputs, grad_inputs)
        self.second.on_backward_step(node, grad_outputs, grad_inputs)

    def on_hook(self, target: Any, hook: Any) -> None:
        self.first.on_hook(target, hook)
        self.second.on_hook(target, hook)

    def on_release(self, node: Any) -> None:
        self.first.on_release(node)
        self.second.on_release(node)

    def on_backward_end(self) -> None:
        self.first.on_backward_end()
        self.second.on_backward_end()

    def on_tangent(self, *args: Any) -> None:
        self.first.on_tangent(*args)
        self.second.on_tangent(*args)


# -- names of overwritten values -------------------------------------------------------------------


def _target_names(target: ast.expr) -> list[str]:
    """The plain names an assignment target binds (``a``, ``a, b``, ``[a, *rest]``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _target_names(element)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def _binding_calls(names: list[str], at: ast.stmt) -> list[ast.stmt]:
    """``__autograd_lab_bind__("a", a)``, one per name, placed at the line of ``at`` (two plain
    arguments: no tuple is built per assignment, which a loop runs hundreds of thousands of times)."""
    calls = []
    for name in names:
        call = ast.Expr(ast.Call(ast.Name(BINDER_NAME, ast.Load()),
                                 [ast.Constant(name), ast.Name(name, ast.Load())], []))
        calls.append(ast.fix_missing_locations(ast.copy_location(call, at)))
    return calls


class _BindingInserter(ast.NodeTransformer):
    """After each assignment to plain names (outside function and class bodies), report the values."""

    def _visit_body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        result: list[ast.stmt] = []
        for statement in body:
            result.append(self.visit(statement))
            names: list[str] = []
            if isinstance(statement, ast.Assign):
                names = [name for target in statement.targets for name in _target_names(target)]
            elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)) and (
                    not isinstance(statement, ast.AnnAssign) or statement.value is not None):
                names = _target_names(statement.target)
            if names:
                result += _binding_calls(list(dict.fromkeys(names)), statement)
        return result

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return node  # their names are local to them
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(node, name, self._visit_body(block))
        for handler in getattr(node, "handlers", ()) or ():
            handler.body = self._visit_body(handler.body)
        for case in getattr(node, "cases", ()) or ():
            case.body = self._visit_body(case.body)
        return node


def add_binding_calls(tree: ast.Module) -> ast.Module:
    """Rewrite ``tree`` in place so each assignment also calls :data:`BINDER_NAME` with each name it
    binds and that name's value."""
    tree.body = _BindingInserter()._visit_body(tree.body)
    return tree


class Bindings:
    """What the rewritten code reports, in assignment order: for each tensor assigned to a name,
    the name and the tensor as :meth:`NameTable <autograd_lab.viz.graph.NameTable>` needs it
    (identity, array, grad_fn, output number), in parallel lists: nothing new is kept alive, and
    the numbers go into ``array`` columns (a loop assigning 200,000 times makes no tensor or int
    objects live on for the garbage collector to walk)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.keys = array("q")        # id of the tensor
        self.arrays: list = []
        self.nodes: list = []
        self.output_nrs = array("q")

    def reporter(self) -> Callable[[str, Any], None]:
        """The function rewritten code calls after each assignment, with a name and its value."""
        names, keys, arrays = self.names.append, self.keys.append, self.arrays.append
        nodes, output_nrs, array_of = self.nodes.append, self.output_nrs.append, record.array_of

        def report(name: str, value: Any) -> None:
            if isinstance(value, Tensor):
                names(name)
                keys(id(value))
                arrays(array_of(value))
                nodes(value.grad_fn)
                output_nrs(value.output_nr)

        return report

    def entries(self) -> list[tuple[str, int, Any, Any, int]]:
        """``(name, id, array, grad_fn, output_nr)`` per tensor assignment, in order."""
        return list(zip(self.names, self.keys, self.arrays, self.nodes, self.output_nrs))

    def clear(self) -> None:
        self.__init__()
