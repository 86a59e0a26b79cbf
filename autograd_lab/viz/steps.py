"""The backward pass, step by step, as the engine ran it.

:func:`build_steps` turns the steps a :class:`~autograd_lab.viz.capture.Capture` kept with their
gradients into :class:`StepView` records: which box ran, the gradient that arrived (as a sum when
several consumers sent one), the node's backward formula, and what it sent to each input.
:func:`backward_order` says where every step ran, those kept without gradients included (a trace
keeps the gradients of its first and last :data:`~autograd_lab.viz.capture.STEP_DETAIL` steps).
:func:`highlight` restyles one rendered SVG for a step (the current box, the boxes already run, the
arrows the gradients take), so every step shows the same layout: the graph is laid out once.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import record
from ..autograd.function import FunctionCtx
from .capture import STEP_DETAIL, ArraySummary, Capture
from .graph import Graph, format_array, node_title

__all__ = ["StepView", "build_steps", "formula_of", "gradient_text", "highlight", "hook_name",
           "BackwardOrder", "backward_order", "MAX_PARTS"]

#: Most contributions a step's "grad in" line lists one by one (a parameter used in a loop of 1,000
#: iterations receives 1,000): the first ones and the last are shown, the others counted.
MAX_PARTS = 6


@dataclass
class StepView:
    """One engine step. Gradients are kept as arrays and written as text only when shown, so a
    10,000-step pass costs nothing until someone looks at it."""

    pass_number: int             # 1-based: the n-th backward in the traced code
    number: int                  # 1-based within its pass
    node_id: str                 # the box that shows the node (a folded box if it was folded)
    title: str                   # "MulBackward0 (y)"
    op: Any                      # the node's class, for its backward rule
    arrived: list[tuple[list[tuple[str, Any]], Any]]  # per output: (contributions, their sum)
    sent: list[tuple[int, str | None, Any]]           # per input: (slot, target title, gradient)
    hooks: list[str] = field(default_factory=list)
    released: bool = False       # its saved buffers were freed right after it ran
    edge_ids: list[str] = field(default_factory=list)  # the arrows its gradients travel along
    partial: bool = False        # steps before it in its pass were kept without gradients: who sent
                                 # what is not known, only the sum that arrived
    forward: list = field(default_factory=list)  # inside a dual level: the ops of its formula and
                                                 # their tangents (ForwardStepView, forward over reverse)
    captured: bool = False       # the gradient autograd.grad asked for arrived here, and the node
                                 # did not run (no other input lies below it)

    @property
    def walk(self) -> str:
        """The walk it belongs to, as the step list heads it."""
        return f"backward pass {self.pass_number}"

    @property
    def formula(self) -> str:
        """The node's local derivative rule."""
        return formula_of(self.op)

    @property
    def grad_in(self) -> list[str]:
        """Per output, the gradient that arrived: a sum when several consumers sent one."""
        texts = []
        for parts, total in self.arrived:
            if self.partial:
                texts.append(f"{gradient_text(total)} (what arrived in all; which steps sent it is not "
                             f"kept: a trace keeps the first and last {STEP_DETAIL:,} steps)")
            elif len(parts) > 1:
                terms = [f"{gradient_text(g)} (from {sender})" for sender, g in parts]
                if len(terms) > MAX_PARTS:
                    terms = [*terms[:MAX_PARTS - 2], f"… {len(terms) - MAX_PARTS + 1:,} more", terms[-1]]
                texts.append(f"{' + '.join(terms)} = {gradient_text(total)}")
            elif parts:
                texts.append(f"{gradient_text(total)} (from {parts[0][0]})")
            else:
                texts.append(f"{gradient_text(total)} (the starting gradient)")
        return texts

    @property
    def grads_out(self) -> list[str]:
        """Per input, where the gradient goes and its value."""
        return [f"input {slot}: nothing (needs no grad)" if target is None
                else f"input {slot} → {target}: {gradient_text(grad)}" for slot, target, grad in self.sent]

    def text(self) -> str:
        """The step as a few plain lines."""
        lines = [f"step {self.number}: {self.title}"]
        lines += [f"  grad in: {grad}" for grad in self.grad_in]
        if self.captured:
            lines.append("  the gradient autograd.grad asked for: taken here, the node does not run")
        else:
            lines += ["  rule: " + line for line in self.formula.splitlines()[:3]]
        lines += [f"  sends {grad}" for grad in self.grads_out]
        lines += [f"  hook fired: {hook}" for hook in self.hooks]
        if self.released:
            lines.append("  saved buffers freed")
        if self.forward:
            lines.append("  forward mode: the ops that summed what arrived carried tangents:" if
                         self.captured else
                         "  forward mode: its formula's ops carried tangents (the gradient's tangent):")
            lines += [step.nested_text() for step in self.forward]
        return "\n".join(lines)


def gradient_text(value: Any) -> str:
    """A gradient on one line: its values when small, else its shape and norm."""
    if value is None:
        return "None"
    if isinstance(value, ArraySummary):
        return f"{value.shape} {value.dtype}, norm {value.norm:.4g}"
    array = np.asarray(value)
    shown = format_array(array)
    if shown:
        return " ".join(line.strip() for line in shown)
    with np.errstate(all="ignore"):
        norm = float(np.linalg.norm(array.astype(np.float64).ravel()))
    return f"{tuple(array.shape)} {array.dtype.name}, norm {norm:.4g}"


def formula_of(source: Any) -> str:
    """The backward rule of a node (or its class): the ``Backward:`` lines of the op's docstring;
    for a custom ``autograd.Function``, its ``backward`` and the first line of its docstring."""
    if isinstance(source, FunctionCtx):
        source = _FunctionRule(record.function_class(source))
    if isinstance(source, _FunctionRule):
        return source.formula()
    cls = source if isinstance(source, type) else type(source)
    doc = cls.formula() if hasattr(cls, "formula") else inspect.getdoc(cls) or ""
    _, marker, rest = doc.partition("Backward:")
    text = rest if marker else doc
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


def _rule_source(node: Any) -> Any:
    """What :func:`formula_of` needs, without keeping the node: its class (or, for a custom
    Function, the Function class)."""
    if isinstance(node, FunctionCtx):
        return _FunctionRule(record.function_class(node))
    return type(node)


@dataclass(frozen=True)
class _FunctionRule:
    function: type

    def formula(self) -> str:
        doc = inspect.getdoc(self.function.backward) or ""
        first = doc.splitlines()[0] if doc else ""
        return f"{self.function.__name__}.backward(ctx, grad)" + (f": {first}" if first else "")


def hook_name(hook: Any) -> str:
    """A hook's name as the user wrote it (``hook1``, ``Model.log_grad``, ``<lambda>``)."""
    name = getattr(hook, "__qualname__", None) or type(hook).__name__
    return name.replace("<locals>.", "")


def _label(graph: Graph, node: Any, node_id: str | None, labels: dict[str, str]) -> str:
    title = node_title(node)
    if node_id is None:
        return title
    box = graph.nodes.get(graph.shown_as(node_id))
    name = labels.get(node_id) or (box.name if box is not None and box.id == node_id else "")
    return f"{title} ({name})" if name else title


def build_steps(capture: Capture, graph: Graph, labels: dict[str, str]) -> list[StepView]:
    """The steps ``capture`` kept with their gradients, in the order they ran. Call before
    ``describe`` drops the ids.

    ``labels`` maps box ids to what the user calls them (leaf and output names), for the text.
    """
    edge_index: dict[tuple[str, str], list[str]] = {}
    for index, edge in enumerate(graph.edges):
        edge_index.setdefault((edge.src, edge.dst), []).append(f"e{index}")
    hooks_at: dict[tuple[int, int], list[str]] = {}
    for call in capture.hooks:
        hooks_at.setdefault((call.pass_index, call.step_index), []).append(hook_name(call.hook))
    detailed = capture.detailed_steps()
    kept = np.fromiter((id(step.node) for step in detailed), dtype=np.int64, count=len(detailed))
    released = set()  # (pass, node) of the kept steps whose node's saved buffers were freed
    for index, backward_pass in enumerate(capture.passes):
        freed = np.fromiter(map(id, backward_pass.released), dtype=np.int64,
                            count=len(backward_pass.released))
        released.update((index, node_id) for node_id in freed[np.isin(freed, kept)].tolist())
    views = []
    current_pass, expected, partial = -1, 0, False
    arriving: dict[tuple[int, int], list[tuple[str, Any]]] = {}
    for step in detailed:
        if step.pass_index != current_pass:
            current_pass, expected, partial = step.pass_index, 0, False
            arriving = {}
        partial = partial or step.number != expected  # steps without gradients came before it
        expected = step.number + 1
        node = step.node
        node_id = graph.id_of(node)
        shown = graph.shown_as(node_id) if node_id is not None else ""
        title = _label(graph, node, node_id, labels)
        arrived = [(arriving.pop((id(node), nr), []), total) for nr, total in enumerate(step.grad_outputs)]
        sent: list[tuple[int, str | None, Any]] = []
        edges: list[str] = []
        for slot, ((child, nr), grad) in enumerate(zip(node.next_functions, step.grad_inputs)):
            if child is None:
                sent.append((slot, None, None))
                continue
            child_id = graph.id_of(child)
            sent.append((slot, _label(graph, child, child_id, labels), grad))
            if grad is not None:
                arriving.setdefault((id(child), nr), []).append((title, grad))
            if child_id is not None:
                edges += edge_index.get((graph.shown_as(child_id), shown), [])
        views.append(StepView(step.pass_index + 1, step.number + 1, shown, title, _rule_source(node), arrived,
                              sent, hooks_at.get((step.pass_index, step.number), []),
                              (step.pass_index, id(node)) in released, list(dict.fromkeys(edges)), partial,
                              captured=not step.grad_inputs and bool(node.next_functions)))
    return views


@dataclass
class BackwardOrder:
    """Where every backward step ran, for the summary table: kept as numbers, not as one record per
    step, so a pass of 200,000 steps costs a few dictionaries."""

    passes: int = 0
    steps: int = 0
    first: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # box -> first 3 (pass, step)
    last: dict[str, tuple[int, int]] = field(default_factory=dict)         # box -> its last step
    count: dict[str, int] = field(default_factory=dict)                    # box -> how many steps
    hooks: list[str] = field(default_factory=list)  # "hook1 (step 3, MulBackward0 (y))", in order

    def add(self, box: str, pass_number: int, start: int, stop: int) -> None:
        """Steps ``start`` to ``stop`` (inclusive) of pass ``pass_number`` ran in ``box``."""
        marks = self.first.setdefault(box, [])
        marks += [(pass_number, number) for number in range(start, min(stop, start + 2 - len(marks)) + 1)]
        self.count[box] = self.count.get(box, 0) + stop - start + 1
        self.last[box] = (pass_number, stop)

    def mark(self, step: tuple[int, int]) -> str:
        """``"3"``, or ``"2.3"`` (pass 2, step 3) when there were several passes."""
        return f"{step[0]}.{step[1]}" if self.passes > 1 else str(step[1])

    def when(self, box: str) -> str:
        """The steps a box ran at: ``"1,4,7"``, or ``"2…9,998 (5,000 steps)"`` for many."""
        count = self.count.get(box, 0)
        if count == 0:
            return ""
        if count <= 3:
            return ",".join(self.mark(step) for step in self.first[box])
        return f"{self.mark(self.first[box][0])}…{self.mark(self.last[box])} ({count:,} steps)"


def backward_order(capture: Capture, graph: Graph, labels: dict[str, str]) -> BackwardOrder:
    """Every step of every pass in ``capture`` by the box that shows its node. Call before
    ``describe`` drops the ids."""
    order = BackwardOrder(passes=len(capture.passes), steps=capture.step_count())
    for pass_number, backward_pass in enumerate(capture.passes, start=1):
        # consecutive steps in one box (a folded loop: thousands) are added as one streak
        streak, since = None, 0
        boxes = graph.boxes_of(backward_pass.nodes, capture.pass_numbers(backward_pass))
        for number, box in enumerate(boxes, start=1):
            if box != streak:
                if streak is not None:
                    order.add(streak, pass_number, since, number - 1)
                streak, since = box, number
        if streak is not None:
            order.add(streak, pass_number, since, len(backward_pass.nodes))
    for call in capture.hooks:
        nodes = capture.passes[call.pass_index].nodes if 0 <= call.pass_index < len(capture.passes) else []
        if call.step_index < len(nodes):
            node = nodes[call.step_index]
            title = _label(graph, node, graph.id_of(node), labels)
            order.hooks.append(f"{hook_name(call.hook)} (step {call.step_index + 1}, {title})")
    return order


# -- restyling one SVG per step -----------------------------------------------------------------------

CURRENT_FILL = "#ffd54f"
CURRENT_BORDER = "#e65100"
DONE_BORDER = "#2e7d32"


def _group(svg: str, element_id: str) -> re.Match | None:
    return re.search(rf'<g id="{re.escape(element_id)}" class="(?:node|edge)[^"]*">.*?</g>', svg, re.DOTALL)


def _restyle(svg: str, element_id: str, *, fill: str | None, stroke: str, width: str,
             every_shape: bool) -> str:
    match = _group(svg, element_id)
    if match is None:
        return svg
    group = match.group(0)
    shape = re.compile(r'<(path|polygon|ellipse) fill="([^"]*)" stroke="[^"]*"')

    def paint(found: re.Match) -> str:
        new_fill = found.group(2) if fill is None or found.group(2) == "none" else fill
        return f'<{found.group(1)} fill="{new_fill}" stroke="{stroke}" stroke-width="{width}"'

    group = shape.sub(paint, group, count=0 if every_shape else 1)
    return svg[:match.start()] + group + svg[match.end():]


def highlight(svg: str, current: StepView | None, done: list[str]) -> str:
    """``svg`` with the step's box highlighted, the boxes in ``done`` outlined, and the arrows its
    gradients travel along drawn thick."""
    for node_id in done:
        svg = _restyle(svg, node_id, fill=None, stroke=DONE_BORDER, width="2", every_shape=False)
    if current is not None:
        for edge_id in current.edge_ids:
            svg = _restyle(svg, edge_id, fill=CURRENT_BORDER, stroke=CURRENT_BORDER, width="2.5",
                           every_shape=True)
        svg = _restyle(svg, current.node_id, fill=CURRENT_FILL, stroke=CURRENT_BORDER, width="3",
                       every_shape=False)
    return svg
