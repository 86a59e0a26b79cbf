"""Recording what a block of code does to the autograd graph, cheaply.

:class:`Capture` is an observer for :mod:`autograd_lab.autograd.record`. While it is active it only
appends to lists, so a loop of ten thousand small ops is barely slowed down; naming, layout and
formatting happen once, after the block, in :mod:`autograd_lab.viz.graph`.

While recording, ``on_op`` keeps the objects it is handed (three ``list.append``; building anything
per op, even a small tuple, costs more than the appends). :meth:`Capture.records` then reduces each
tensor to its identity and its numpy array, a :class:`Recorded`, and :meth:`Capture.clear` drops
the rest, so the finished picture keeps no tensor alive. Gradients seen during a backward pass are
copied when they arrive, because the engine may later add into the very array it handed to a
leaf's ``.grad``.

:func:`binding_recorder` rewrites a cell's syntax tree so that every assignment also reports
``(name, value)``: that is how a value that was later overwritten (``y = x * 2; y = y + 1``) keeps
the name it had.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import record
from ..autograd.node import AccumulateGrad
from ..tensor import Tensor

__all__ = ["Capture", "BackwardPass", "Step", "HookCall", "ArraySummary", "Bindings", "Recorded",
           "keep_gradient", "BINDER_NAME", "add_binding_calls"]

#: Largest gradient (in elements) kept as a copy for display; bigger ones keep only a summary.
KEEP_LIMIT = 4096

#: The name under which the assignment reporter is visible to rewritten code while it runs.
BINDER_NAME = "__autograd_lab_bind__"


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

    __slots__ = ("node", "_grad_outputs", "_grad_inputs", "_raw")

    def __init__(self, node: Any, grad_outputs: Any, grad_inputs: Any, raw: bool = False) -> None:
        self.node = node
        self._grad_outputs = grad_outputs
        self._grad_inputs = grad_inputs
        self._raw = raw

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
    """One call into the engine (``backward`` or ``autograd.grad``)."""

    roots: list
    steps: list[Step] = field(default_factory=list)
    released: list = field(default_factory=list)
    finished: bool = False


class Capture:
    """The observer: keeps references to ops, backward steps, hooks and released buffers."""

    def __init__(self) -> None:
        self.nodes: list = []    # one grad_fn per recorded op
        self.inputs: list = []   # its input tensors
        self.outputs: list = []  # its output tensor(s)
        self.passes: list[BackwardPass] = []
        self.hooks: list[HookCall] = []
        self._current: BackwardPass | None = None

    # -- the observer protocol of autograd.record ---------------------------------------------------

    def on_op(self, node: Any, inputs: tuple, outputs: Any) -> None:
        self.nodes.append(node)
        self.inputs.append(inputs)
        self.outputs.append(outputs)

    def on_backward_start(self, roots: list) -> None:
        self._current = BackwardPass(list(roots))
        self.passes.append(self._current)

    def on_backward_step(self, node: Any, grad_outputs: Any, grad_inputs: Any) -> None:
        if self._current is None:  # a pass started before the capture did
            self.on_backward_start([node])
        if type(node) is AccumulateGrad:  # it becomes .grad, which may accumulate in place later
            self._current.steps.append(Step(node, [keep_gradient(g) for g in grad_outputs], []))
        else:
            self._current.steps.append(Step(node, grad_outputs, grad_inputs, raw=True))

    def on_hook(self, target: Any, hook: Any) -> None:
        pass_index = len(self.passes) - 1
        step_index = len(self._current.steps) if self._current is not None else 0
        self.hooks.append(HookCall(target, hook, pass_index, step_index))

    def on_release(self, node: Any) -> None:
        # the engine releases every node it ran; only those that had saved something lose it
        if self._current is not None and getattr(node, "_saved", None):
            self._current.released.append(node)

    def on_backward_end(self) -> None:
        if self._current is not None:
            self._current.finished = True
        self._current = None

    # -- use ----------------------------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[Capture]:
        """Observe the autograd core inside the ``with`` block, alongside any recording already
        running (so a ``%trace`` line inside a ``%%trace`` cell leaves the cell's picture whole)."""
        outer = record.current()
        with record.observe(self if outer is None else _Both(outer, self)):
            yield self

    def records(self) -> tuple[dict[int, tuple], dict[int, Any]]:
        """Inputs and outputs of each recorded op, by ``id(node)``, as :class:`Recorded` tensors."""
        inputs: dict[int, tuple] = {}
        outputs: dict[int, Any] = {}
        for node, ins, outs in zip(self.nodes, self.inputs, self.outputs):
            inputs[id(node)] = tuple(map(_recorded, ins))
            outputs[id(node)] = tuple(map(_recorded, outs)) if type(outs) is tuple else _recorded(outs)
        return inputs, outputs

    def clear(self) -> None:
        """Drop every reference (the graph can then be freed)."""
        self.nodes = []
        self.inputs = []
        self.outputs = []
        self.passes = []
        self.hooks = []
        self._current = None

    def nodes_seen(self) -> list:
        """Every graph node the block created or ran backward through, each once, in event order."""
        seen: dict[int, Any] = {}
        for node in self.nodes:
            seen.setdefault(id(node), node)
        for backward_pass in self.passes:
            for step in backward_pass.steps:
                if not isinstance(step.node, AccumulateGrad):
                    seen.setdefault(id(step.node), step.node)
        return list(seen.values())


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


def _binding_call(names: list[str], at: ast.stmt) -> ast.stmt:
    """``__autograd_lab_bind__((("a", a), ("b", b)))`` placed at the line of ``at``."""
    pairs = ast.Tuple(elts=[ast.Tuple(elts=[ast.Constant(name), ast.Name(name, ast.Load())],
                                      ctx=ast.Load()) for name in names], ctx=ast.Load())
    call = ast.Expr(ast.Call(ast.Name(BINDER_NAME, ast.Load()), [pairs], []))
    return ast.fix_missing_locations(ast.copy_location(call, at))


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
                result.append(_binding_call(list(dict.fromkeys(names)), statement))
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
    """Rewrite ``tree`` in place so each assignment also calls :data:`BINDER_NAME` with its values."""
    tree.body = _BindingInserter()._visit_body(tree.body)
    return tree


class Bindings:
    """What the rewritten code reports, in assignment order: for each tensor assigned to a name,
    the name and the tensor as :meth:`NameTable <autograd_lab.viz.graph.NameTable>` needs it
    (identity, array, grad_fn, output number), in parallel lists so nothing new is kept alive."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.keys: list[int] = []
        self.arrays: list = []
        self.nodes: list = []
        self.output_nrs: list[int] = []

    def reporter(self) -> Callable[[tuple], None]:
        """The function rewritten code calls after each assignment, with its ``(name, value)`` pairs."""
        names, keys, arrays = self.names.append, self.keys.append, self.arrays.append
        nodes, output_nrs = self.nodes.append, self.output_nrs.append

        def report(pairs: tuple) -> None:
            for name, value in pairs:
                if isinstance(value, Tensor):
                    names(name)
                    keys(id(value))
                    arrays(record.array_of(value))
                    nodes(value.grad_fn)
                    output_nrs(value.output_nr)

        return report

    def entries(self) -> list[tuple[str, int, Any, Any, int]]:
        """``(name, id, array, grad_fn, output_nr)`` per tensor assignment, in order."""
        return list(zip(self.names, self.keys, self.arrays, self.nodes, self.output_nrs))

    def clear(self) -> None:
        self.__init__()
