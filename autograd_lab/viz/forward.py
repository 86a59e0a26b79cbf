"""Forward mode in the picture: tangents in the boxes, and the forward pass step by step.

Inside a dual level (``autograd.forward_ad``) every op computes its outputs' tangents by its
forward rule while it runs; :class:`~autograd_lab.viz.capture.Capture` keeps each such op as a
:class:`~autograd_lab.viz.capture.ForwardStep`. From those:

- :func:`add_forward_ops` draws the ops that no graph recorded (no input requires grad: forward
  mode alone builds no graph), with arrows from the boxes of their inputs, so a forward-mode cell
  has a picture too. Ops a graph recorded already have their boxes.
- :func:`tangents_by_tensor` gives the tangent each drawn tensor had (``describe`` writes it under
  the value: ``tangent = [...]``).
- :func:`build_forward_steps` makes one :class:`ForwardStepView` per op, in the order the ops ran:
  the tangents that went in, the op's ``Forward:`` rule, the tangent that came out, grouped in
  forward passes (one per tangent direction: ``jacfwd`` runs n). The ops of a backward pass run
  inside a dual level (forward over reverse: the gradient formulas carry tangents too) are not
  drawn (they are the backward formulas' ops); their steps are listed with the backward step
  that ran them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import record
from .capture import ForwardStep, Recorded
from .graph import CONST, LEAF, OP, Graph, GraphEdge, NameTable, add_outputs, format_tangent, node_title
from .steps import gradient_text

__all__ = ["ForwardStepView", "ForwardOrder", "add_forward_ops", "mark_tangent_nodes",
           "tangents_by_tensor", "build_forward_steps", "forward_order", "rule_text"]


def tangent_text(value: Any) -> str:
    """A tangent on one line, as a box shows it when small (see ``format_tangent``), else as a
    gradient is (shape, dtype, norm)."""
    shown = format_tangent(value) if isinstance(value, np.ndarray) else []
    return " ".join(line.strip() for line in shown) if shown else gradient_text(value)


def rule_text(node: Any) -> str:
    """The op's forward-mode rule, one line per docstring line, without the ``Forward:`` marker."""
    text = record.forward_rule_of(node)
    _, marker, rest = text.partition("Forward:")
    text = rest if marker else text
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(lines) or "(the op's docstring has no Forward: line)"


def _drawn(step: ForwardStep, recorded: set[int]) -> bool:
    """Whether the op gets a box of its own from the forward steps (no graph recorded it, and it ran
    in the traced code rather than inside a backward pass)."""
    return not step.inside_backward and id(step.node) not in recorded


def add_forward_ops(graph: Graph, steps: list[ForwardStep], names: NameTable,
                    recorded: set[int]) -> dict[int, str]:
    """Boxes and arrows for the ops run in a dual level that no graph recorded (``recorded``: ids
    of the nodes the graph has), in the order they ran; returns their box ids by node id.

    An input made by an earlier such op takes an arrow from its box; one already drawn (a leaf, a
    constant, a recorded op's result) from that box; any other tensor gets a box of its own. A
    constant box the graph drew for what turns out to be such an op's result becomes that op's box."""
    boxes: dict[int, str] = {}
    made_by: dict[tuple[int, int], str] = {}   # output tensor key -> the box of the op that made it
    consumed: set[str] = set()
    drawn = [step for step in steps if _drawn(step, recorded)]
    for step in drawn:
        edges = []
        slots = len(step.inputs)
        for slot, (tensor, (producer, _), requires) in enumerate(
                zip(step.inputs, step.producers, step.requires)):
            if tensor is None:
                continue
            source = made_by.get(tensor.key) or graph.id_of(tensor)
            if source is None and producer is not None and id(producer) in recorded:
                source = graph.box_of(producer) or None
            if source is None:
                source = graph.add(LEAF if requires else CONST, tensor, name=names.tensor(tensor)).id
            edges.append(GraphEdge(source, "", "flow", str(slot) if slots > 1 else ""))
            consumed.add(source)
        outputs = [t for t in step.outputs if t is not None]
        existing = next((graph.id_of(t) for t in outputs if graph.id_of(t) is not None), None)
        name = next((names.tensor(t) for t in outputs if names.tensor(t)), "")
        if existing is not None and graph.nodes[existing].kind == CONST:
            box = graph.nodes[existing]  # a recorded op took this result as a constant input
            box.kind, box.op, box.name, box.ref = OP, node_title(step.node), name, None
            consumed.add(box.id)
        else:
            box = graph.add(OP, op=node_title(step.node), name=name)
        box.extra = list(step.outputs)
        for edge in edges:
            edge.dst = box.id
            graph.edges.append(edge)
        boxes[id(step.node)] = box.id
        for tensor in outputs:
            made_by[tensor.key] = box.id
    for step in drawn:  # results nothing consumed get a result box, as recorded ops' do
        box = graph.nodes[boxes[id(step.node)]]
        if box.id not in consumed:
            add_outputs(graph, box, names)
    return boxes


def mark_tangent_nodes(graph: Graph, steps: list[ForwardStep], recorded: set[int],
                       boxes: Mapping[int, str], labels: Mapping[str, str]) -> None:
    """When a tangent's computation was recorded (an input requires grad, so the tangent has a
    graph of its own), the box of the op that made the tangent says whose tangent it is."""
    for step in steps:
        if step.inside_backward:
            continue
        for tangent_node in step.tangent_nodes:
            if tangent_node is None or id(tangent_node) not in recorded:
                continue
            box = graph.box_of(tangent_node)
            if not box:
                continue
            of = boxes.get(id(step.node)) or graph.box_of(step.node)
            source = graph.nodes.get(graph.shown_as(of)) if of else None
            what = node_title(step.node)
            if source is not None and (labels.get(source.id) or source.name):
                what = labels.get(source.id) or source.name
            graph.nodes[box].lines.append(f"(the tangent of {what})")


def tangents_by_tensor(steps: list[ForwardStep]) -> dict[tuple[int, int], Any]:
    """The tangent of each tensor the forward steps saw, by tensor key, as it is at the end (as
    the boxes show values): a result's is the one its op made, an input's the one it brought."""
    tangents: dict[tuple[int, int], Any] = {}
    for step in steps:
        for tensor, tangent in zip(step.inputs, step.arrays_in):
            if tensor is not None and tangent is not None:
                tangents.setdefault(tensor.key, tangent)
        for tensor, tangent in zip(step.outputs, step.arrays_out):
            if tensor is not None and tangent is not None:
                tangents[tensor.key] = tangent
    return tangents


@dataclass
class ForwardStepView:
    """One op of a forward pass: the tangents that went in, the op's forward rule, the tangents
    that came out (kept as arrays; written as text when shown)."""

    direction: int               # 1-based: the forward pass (tangent direction) it belongs to
    number: int                  # 1-based within its forward pass
    node_id: str                 # its box ("" when not drawn)
    title: str                   # "MulBackward0 (y)"
    formula: str                 # the op's forward-mode rule (its docstring's ``Forward:`` line)
    received: list[tuple[str, Any]]   # per tensor input: (what it is, its tangent or None)
    produced: list[Any]               # per output: its tangent (None: none)
    edge_ids: list[str] = field(default_factory=list)  # the arrows its inputs come along
    inside: int = 0              # the backward pass it ran inside (1-based), 0 in the traced code

    @property
    def walk(self) -> str:
        """The walk it belongs to, as the step list heads it."""
        return f"forward pass {self.direction}"

    @property
    def tangents_in(self) -> list[str]:
        """Per tensor input, what it is and the tangent it brought."""
        return [f"{what}: zeros (no tangent)" if tangent is None else f"{what}: {tangent_text(tangent)}"
                for what, tangent in self.received]

    @property
    def tangents_out(self) -> list[str]:
        """Per output, the tangent the rule gave it."""
        return ["none" if tangent is None else tangent_text(tangent) for tangent in self.produced]

    def text(self) -> str:
        """The step as a few plain lines."""
        lines = [f"step {self.number}: {self.title}"]
        lines += [f"  tangent in: {tangent}" for tangent in self.tangents_in]
        lines += ["  forward rule: " + line for line in self.formula.splitlines()[:3]]
        lines += [f"  tangent out: {tangent}" for tangent in self.tangents_out]
        return "\n".join(lines)

    def nested_text(self) -> str:
        """The step as listed under the backward step that ran it (forward over reverse)."""
        received = ", ".join(self.tangents_in)
        lines = [f"    {self.title}: tangent in {received}",
                 *["      forward rule: " + line for line in self.formula.splitlines()[:2]],
                 *[f"      tangent out: {tangent}" for tangent in self.tangents_out]]
        return "\n".join(lines)


def _input_name(names: NameTable, tensor: Recorded, producer: Any, slot: int) -> str:
    name = names.tensor(tensor)
    if not name and producer is not None:
        name = names.output(producer)
    return f"input {slot} ({name})" if name else f"input {slot}"


def build_forward_steps(steps: list[ForwardStep], graph: Graph, names: NameTable,
                        boxes: Mapping[int, str], recorded: set[int],
                        labels: Mapping[str, str]) -> list[ForwardStepView]:
    """One view per kept forward step, in the order the ops ran. Call before ``describe`` drops
    the ids."""
    into: dict[str, list[str]] = {}
    for index, edge in enumerate(graph.edges):
        into.setdefault(edge.dst, []).append(f"e{index}")
    numbers: dict[int, int] = {}
    views = []
    for step in steps:
        node = step.node
        if id(node) in boxes:
            node_id = graph.shown_as(boxes[id(node)])
        elif id(node) in recorded:
            node_id = graph.box_of(node)
        else:
            node_id = ""
        title = node_title(node)
        name = labels.get(node_id) or (graph.nodes[node_id].name if node_id in graph.nodes else "")
        if not name:
            name = next((names.tensor(t) for t in step.outputs if t is not None and names.tensor(t)), "")
        if name:
            title = f"{title} ({name})"
        received = [(_input_name(names, tensor, producer, slot), tangent)
                    for slot, (tensor, (producer, _), tangent)
                    in enumerate(zip(step.inputs, step.producers, step.tangents_in)) if tensor is not None]
        inside = step.where[0] + 1 if step.inside_backward else 0
        if not inside:  # numbered within its forward pass (those inside a backward pass are listed
            numbers[step.direction] = numbers.get(step.direction, 0) + 1  # under its steps)
        views.append(ForwardStepView(step.direction + 1, numbers.get(step.direction, 0), node_id, title,
                                     rule_text(node),
                                     received, list(step.tangents_out),
                                     into.get(node_id, []) if node_id else [], inside))
    return views


@dataclass
class ForwardOrder:
    """The forward passes for the summary table: how many (tangent directions), how many steps,
    and at which steps each box ran."""

    passes: int = 0
    steps: int = 0
    inside: int = 0              # steps that ran inside a backward pass (forward over reverse)
    kept: int = 0                # steps kept with their tangents (the first STEP_DETAIL)
    marks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # box -> (pass, step)

    def missing(self) -> str:
        """A line saying which forward steps a trace did not keep, or ``""``."""
        if self.kept >= self.steps:
            return ""
        return (f"forward steps {self.kept + 1:,} to {self.steps:,}: not kept (a trace keeps the first "
                f"{self.kept:,} forward steps with their tangents, and draws their ops)")

    def when(self, box: str) -> str:
        """``"2"``, ``"1.2"`` (pass 1, step 2) when there were several passes, ``"1.2…3.2 (3
        steps)"`` for many."""
        marks = self.marks.get(box, [])

        def mark(at: tuple[int, int]) -> str:
            return f"{at[0]}.{at[1]}" if self.passes > 1 else str(at[1])

        if len(marks) <= 3:
            return ",".join(map(mark, marks))
        return f"{mark(marks[0])}…{mark(marks[-1])} ({len(marks):,} steps)"


def forward_order(views: list[ForwardStepView], passes: int, steps: int, inside: int) -> ForwardOrder:
    """The :class:`ForwardOrder` of the forward steps ``views`` (of ``steps`` in all, ``inside``
    of them inside backward passes, ``passes`` directions)."""
    order = ForwardOrder(passes, steps, inside, len(views))
    for view in views:
        if view.node_id and not view.inside:
            order.marks.setdefault(view.node_id, []).append((view.direction, view.number))
    return order
