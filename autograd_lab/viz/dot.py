"""A :class:`~autograd_lab.viz.graph.Graph` as Graphviz DOT text, with one style per kind of box.

The DOT text is a pure function of the graph: nodes in id order, edges in ``next_functions`` order,
every box and arrow with an ``id`` (``n3``, ``e5``) and a ``class`` (its kind), so the SVG can be
restyled per backward step and parsed by tests. ``ordering=in`` keeps a node's inputs left to right
in torch's order.
"""

from __future__ import annotations

from .graph import (
    ACCUMULATE,
    CONST,
    EARLIER,
    FOLDED,
    LEAF,
    NONE,
    OP,
    OUTPUT,
    SAVED,
    Graph,
    GraphNode,
)

__all__ = ["to_dot", "legend_dot", "STYLES", "LEGEND", "title_lines", "FONT"]

FONT = "Helvetica"

# Colours of the legend: one per kind a learner must tell apart.
LEAF_COLOUR = "#a8d1ff"
CONST_COLOUR = "#eeeeee"
OP_COLOUR = "#e4e4e4"
OUTPUT_COLOUR = "#b9eb9e"
SAVED_COLOUR = "#ffcc85"
FREED_BORDER = "#c62828"

STYLES: dict[str, dict[str, str]] = {
    LEAF: {"fillcolor": LEAF_COLOUR},
    CONST: {"fillcolor": CONST_COLOUR, "style": "filled,rounded,dashed", "color": "#888888",
            "fontcolor": "#444444"},
    NONE: {"fillcolor": CONST_COLOUR, "style": "filled,rounded,dashed", "color": "#888888",
           "fontcolor": "#444444", "fontsize": "9"},
    OP: {"fillcolor": OP_COLOUR, "style": "filled"},
    ACCUMULATE: {"fillcolor": OP_COLOUR, "style": "filled"},
    EARLIER: {"fillcolor": OP_COLOUR, "style": "filled,dotted"},
    FOLDED: {"fillcolor": OP_COLOUR, "style": "filled", "peripheries": "2"},
    OUTPUT: {"fillcolor": OUTPUT_COLOUR},
    SAVED: {"fillcolor": SAVED_COLOUR, "fontsize": "9"},
}

EDGE_STYLES: dict[str, dict[str, str]] = {
    "flow": {},
    "leaf": {},
    "output": {},
    "nograd": {"style": "dashed", "color": "#999999"},
    "saved": {"style": "dotted", "color": "#e08a00", "arrowhead": "none"},
}

#: The legend under every picture: (kind, text), in the order shown.
LEGEND: tuple[tuple[str, str], ...] = (
    (LEAF, "leaf, requires grad"),
    (CONST, "no grad (None, 0)"),
    (OP, "op node (grad_fn)"),
    (OUTPUT, "output"),
    (SAVED, "saved tensor"),
    ("freed", "buffers freed"),
)

_GRAPH_ATTRIBUTES = (
    f'graph [rankdir=TB, ordering=in, nodesep=0.25, ranksep=0.35, pad=0.1, bgcolor="white", '
    f'fontname="{FONT}", fontsize=10];\n'
    f'node [shape=box, style="filled,rounded", fontname="{FONT}", fontsize=10, height=0.3, '
    f'margin="0.1,0.05", penwidth=1, color="#333333"];\n'
    f'edge [arrowsize=0.6, fontname="{FONT}", fontsize=8, color="#444444", fontcolor="#555555"];\n'
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def title_lines(node: GraphNode) -> list[str]:
    """The centred first line(s) of a box."""
    if node.kind in (LEAF, CONST, OUTPUT):
        return [node.name or {LEAF: "leaf", CONST: "constant", OUTPUT: "output"}[node.kind]]
    if node.kind == NONE:
        return ["(None, 0)"]
    if node.kind == SAVED:
        return [f"saved {node.name}"]
    return [node.op]


def _label(node: GraphNode) -> str:
    lines = list(node.lines)
    if node.kind in (OP, EARLIER) and node.name:
        if node.shape:  # the first line describes its result: "c: (3, 4) float32"
            lines[0] = f"{node.name}: {lines[0]}"
        else:
            lines.insert(0, node.name)
    text = "\\n".join(_escape(line) for line in title_lines(node)) + "\\n"
    # detail lines are left-justified so matrices line up
    text += "".join(_escape(line) + "\\l" for line in lines)
    return '"' + text + '"'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _attributes(attributes: dict[str, str]) -> str:
    return ", ".join(f"{key}={_quote(value)}" for key, value in attributes.items())


def to_dot(graph: Graph, name: str = "autograd") -> str:
    """DOT source for ``graph`` (deterministic: same graph, same text)."""
    parts = [f"digraph {_quote(name)} {{\n", _GRAPH_ATTRIBUTES]
    for node in graph.nodes.values():
        attributes = {"id": node.id, "class": node.kind, **STYLES[node.kind]}
        if node.freed:
            attributes.update(color=FREED_BORDER, style=attributes.get("style", "filled") + ",dashed")
        parts.append(f"{node.id} [label={_label(node)}, {_attributes(attributes)}];\n")
    for index, edge in enumerate(graph.edges):
        attributes = {"id": f"e{index}", "class": edge.kind, **EDGE_STYLES[edge.kind]}
        if edge.label:
            attributes["label"] = edge.label
        parts.append(f"{edge.src} -> {edge.dst} [{_attributes(attributes)}];\n")
    parts.append("}\n")
    return "".join(parts)


#: Legend entries per row: two rows of three keep the legend about as wide as a small graph.
LEGEND_ROW = 3


def legend_dot() -> str:
    """DOT source of the legend shown under every picture: two rows of boxes, in LEGEND's order."""
    parts = ['digraph "legend" {\n', _GRAPH_ATTRIBUTES.replace("ranksep=0.35", "ranksep=0.12"),
             "node [fontsize=9];\n"]
    names = []
    for index, (kind, text) in enumerate(LEGEND):
        name = f"legend{index}"
        names.append(name)
        if kind == "freed":
            style = {"fillcolor": OP_COLOUR, "style": "filled,dashed", "color": FREED_BORDER}
        else:
            style = dict(STYLES[kind])
        attributes = _attributes({"id": name, "class": "legend", **style})
        parts.append(f"{name} [label={_quote(text)}, {attributes}];\n")
    # top to bottom: invisible arrows down each column put the rows one under the other
    rows = [names[start:start + LEGEND_ROW] for start in range(0, len(names), LEGEND_ROW)]
    for column in zip(*rows):
        parts.append(" -> ".join(column) + " [style=invis];\n")
    parts.append("}\n")
    return "".join(parts)
