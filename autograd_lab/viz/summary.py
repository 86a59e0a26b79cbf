"""The ``text/plain`` side of a picture: nodes, edges and gradients as small tables.

It is what a text-only frontend shows and what nbval compares next to the SVG, so it is fully
deterministic (ids, not addresses; values formatted the same way as in the picture).
"""

from __future__ import annotations

from .capture import STEP_DETAIL
from .forward import ForwardOrder, ForwardStepView
from .graph import ACCUMULATE, EARLIER, FOLDED, NONE, OP, Graph
from .steps import BackwardOrder

#: After "forward pass n" in the step list: what its steps show.
FORWARD_HEADING = " (forward mode: each op's tangent from its inputs' tangents, in the order the ops ran)"

__all__ = ["summary_text", "steps_text", "table", "passes_line"]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned columns separated by two spaces, trailing blanks removed."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in [header, *rows]]


def _node_text(node) -> str:
    if node.kind in (OP, ACCUMULATE, EARLIER, FOLDED):
        return node.op
    if node.kind == NONE:
        return "(None, 0)"
    return ""


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"


def passes_line(order: BackwardOrder, forward: ForwardOrder) -> str:
    """The passes the traced code ran, counted: one backward pass per output element for a
    Jacobian by reverse mode (``jacrev``), one forward pass per input direction by forward mode
    (``jacfwd``)."""
    inside = f" ({forward.inside:,} inside backward passes)" if forward.inside else ""
    return (f"passes: {_plural(forward.passes, 'forward pass')} (tangent directions), "
            f"{forward.steps:,} forward steps{inside}; {_plural(order.passes, 'backward pass')}, "
            f"{order.steps:,} backward steps")


def summary_text(graph: Graph, order: BackwardOrder, heading: str = "autograd graph",
                 forward: ForwardOrder | None = None) -> str:
    """Nodes, edges, backward order, hooks and freed buffers of ``graph`` as plain text; with
    ``forward`` (forward mode ran), the passes of both modes and each tensor's tangent."""
    head = f"{heading}: {len(graph.nodes)} nodes, {len(graph.edges)} edges"
    if order.steps:
        head += (f"; backward: {order.passes} pass{'es' if order.passes > 1 else ''}, "
                 f"{order.steps:,} step{'s' if order.steps > 1 else ''}")
    if forward is not None and forward.steps:
        head += "\n" + passes_line(order, forward)
        if forward.missing():
            head += "\n" + forward.missing()
    if not graph.nodes:
        return f"{head}\n(no tensor that requires grad was used: there is no graph to draw)\n"
    rows = []
    stepped = forward is not None and forward.steps > 0
    tangents = stepped or any(node.tangent for node in graph.nodes.values())
    for node in graph.nodes.values():
        rows.append([node.id, node.kind, _node_text(node), node.name, node.shape, node.dtype,
                     order.when(node.id), node.grad]
                    + ([forward.when(node.id)] if stepped else []) + ([node.tangent] if tangents else []))
    header = ["id", "kind", "node", "name", "shape", "dtype", "step", "grad"]
    header += (["fwd"] if stepped else []) + (["tangent"] if tangents else [])
    lines = [head, *table(header, rows)]
    if graph.edges:
        lines.append("edges (input -> consumer [input slot]):")
        for edge in graph.edges:
            note = {"nograd": " no grad", "saved": " saved"}.get(edge.kind, "")
            slot = f" [{edge.label}]" if edge.label else ""
            lines.append(f"  {edge.src} -> {edge.dst}{slot}{note}")
    if order.hooks:
        lines.append("hooks fired, in order:")
        lines += [f"  {i}. {hook}" for i, hook in enumerate(order.hooks, start=1)]
    freed = [node for node in graph.nodes.values() if node.freed]
    if freed:
        lines.append("saved buffers freed (a second backward through these raises): "
                     + ", ".join(f"{node.id} {node.op}" for node in freed))
    lines += [f"folded: {note}" for note in graph.notes]
    return "\n".join(lines) + "\n"


def steps_text(steps: list, forward: ForwardOrder | None = None) -> str:
    """The steps in the order they ran, for frontends without widgets: the backward steps in engine
    order and, for forward mode, the forward steps (each pass headed); where steps were kept
    without their gradients, a line says how many."""
    if not steps:
        return "no backward pass ran in the traced code\n"
    blocks = []
    current_pass, expected = "", 1
    for step in steps:
        if step.walk != current_pass:
            current_pass, expected = step.walk, step.number if isinstance(step, ForwardStepView) else 1
            blocks.append(f"{current_pass}{FORWARD_HEADING if isinstance(step, ForwardStepView) else ''}:")
        if step.number != expected:
            blocks.append(f"... steps {expected:,} to {step.number - 1:,}: kept without their gradients "
                          f"(a trace keeps the first and last {STEP_DETAIL:,} steps)")
        expected = step.number + 1
        blocks.append(step.text())
    if forward is not None and forward.missing():
        blocks.append(f"... {forward.missing()}")
    return "\n".join(blocks) + "\n"
