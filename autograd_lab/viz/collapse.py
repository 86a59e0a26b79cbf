"""Folding a graph that is too big to read (``--max-nodes``).

Three folds, each tried only while the graph is still larger than the limit:

1. **Repetitions.** Code that loops creates the same ops again and again, so the op names in
   creation order repeat with a period (``Mul, Add, Mul, Add, ...``). A run of at least three
   repetitions keeps its first and last iteration and folds the ones between into one box
   "× 2,498 more: MulBackward0 → AddBackward0".
2. **Chains.** A long path where each op has one consumer and one op input keeps its ends and folds
   the middle ("chain of 40 ops").
3. **The rest.** If still too big, the nodes nearest to the outputs are kept and everything else is
   one box listing what it holds.

Inputs used only by folded ops (per-iteration constants, leaves made in the loop) fold with them;
inputs shared with the rest (the parameters) stay, with one arrow labelled ``×n``. A folded box takes
the id of its first member, so ids stay stable and in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from .graph import ACCUMULATE, FOLDED, OP, OUTPUT, Graph, GraphEdge, GraphNode

__all__ = ["collapse", "MAX_PERIOD"]

#: Longest loop body (in ops) recognised as a repetition.
MAX_PERIOD = 64
#: Shortest chain that is folded.
MIN_CHAIN = 4


def collapse(graph: Graph, max_nodes: int) -> Graph:
    """Fold ``graph`` in place until it has at most ``max_nodes`` boxes (see the module doc)."""
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    for fold in (_fold_repetitions, _fold_chains, _fold_rest):
        if len(graph.nodes) <= max_nodes:
            break
        fold(graph, max_nodes)
    return graph


# -- shared machinery ----------------------------------------------------------------------------------


def _neighbours(graph: Graph) -> dict[str, set[str]]:
    around: dict[str, set[str]] = {node_id: set() for node_id in graph.nodes}
    for edge in graph.edges:
        around[edge.src].add(edge.dst)
        around[edge.dst].add(edge.src)
    return around


def _absorb(graph: Graph, members: set[str], around: dict[str, set[str]]) -> set[str]:
    """Add to ``members`` the non-op boxes whose every neighbour is already a member (twice, so a
    leaf behind an absorbed AccumulateGrad follows it)."""
    frontier = set(members)
    for _ in range(2):
        candidates = {other for member in frontier for other in around[member]} - members
        added = {other for other in candidates
                 if graph.nodes[other].kind not in (OP, FOLDED) and around[other] <= members}
        if not added:
            break
        members |= added
        frontier = added
    return members


def _apply(graph: Graph, folds: list[tuple[set[str], str, list[str]]]) -> None:
    """Replace each set of members by one FOLDED box (title, lines), merging parallel edges."""
    target: dict[str, str] = {}
    boxes: dict[str, GraphNode] = {}
    for members, title, lines in folds:
        ordered = [node_id for node_id in graph.nodes if node_id in members]
        first = ordered[0]
        count = sum(graph.nodes[node_id].count for node_id in ordered)
        boxes[first] = GraphNode(first, FOLDED, op=title, lines=lines, count=count)
        for node_id in ordered:
            target[node_id] = first
    nodes: dict[str, GraphNode] = {}
    for node_id, node in graph.nodes.items():
        if node_id in boxes:
            nodes[node_id] = boxes[node_id]
        elif node_id not in target:
            nodes[node_id] = node
    merged: dict[tuple[str, str, str], GraphEdge] = {}
    for edge in graph.edges:
        src, dst = target.get(edge.src, edge.src), target.get(edge.dst, edge.dst)
        if src == dst:
            continue
        key = (src, dst, edge.kind)
        if key in merged:
            merged[key].count += edge.count
        else:
            merged[key] = GraphEdge(src, dst, edge.kind, edge.label if (src, dst) == (
                edge.src, edge.dst) else "", edge.count)
    for edge in merged.values():
        if edge.count > 1:
            edge.label = f"×{edge.count:,}"
    graph.nodes = nodes
    graph.edges = list(merged.values())
    for original, folded in list(graph.folded_into.items()):
        graph.folded_into[original] = target.get(folded, folded)
    for original, folded in target.items():
        graph.folded_into[original] = folded
    graph.notes.extend(f"{title}: {boxes[first].count:,} nodes folded into {first}"
                       for first, title in ((first, box.op) for first, box in boxes.items()))


def _names_text(names: Iterable[str], limit: int = 4) -> list[str]:
    names = list(names)
    shown = " → ".join(names[:limit])
    return [shown + (f" → … ({len(names)} ops)" if len(names) > limit else "")]


# -- 1. repetitions ------------------------------------------------------------------------------------


def _periodic_runs(codes: np.ndarray) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, period, repetitions) runs of a repeated pattern, best first."""
    n = len(codes)
    candidates = []
    for period in range(1, min(MAX_PERIOD, n // 3) + 1):
        match = np.concatenate(([False], codes[:-period] == codes[period:], [False]))
        changes = np.flatnonzero(np.diff(match.astype(np.int8)))
        for start, end in zip(changes[::2], changes[1::2]):
            repetitions = (end - start + period) // period
            if (repetitions - 2) * period >= 2 and repetitions >= 3:
                candidates.append((repetitions * period, -period, -int(start), int(start), period,
                                   int(repetitions)))
    candidates.sort(reverse=True)
    taken = np.zeros(n, dtype=bool)
    runs = []
    for _, _, _, start, period, repetitions in candidates:
        span = slice(start, start + repetitions * period)
        if taken[span].any():
            continue
        taken[span] = True
        runs.append((start, period, repetitions))
    return sorted(runs)


def _fold_repetitions(graph: Graph, max_nodes: int) -> None:
    ops = [node for node in graph.nodes.values() if node.kind == OP]
    if len(ops) < 6:
        return
    vocabulary: dict[str, int] = {}
    codes = np.array([vocabulary.setdefault(node.op, len(vocabulary)) for node in ops], dtype=np.int64)
    around = _neighbours(graph)
    folds = []
    for start, period, repetitions in _periodic_runs(codes):
        middle = ops[start + period:start + (repetitions - 1) * period]
        members = _absorb(graph, {node.id for node in middle}, around)
        body = [node.op for node in ops[start:start + period]]
        title = f"× {repetitions - 2:,} more repetitions"
        folds.append((members, title, _names_text(body) + [f"({len(middle):,} ops)"]))
    if folds:
        _apply(graph, folds)


# -- 2. chains ------------------------------------------------------------------------------------------


def _fold_chains(graph: Graph, max_nodes: int) -> None:
    consumers: dict[str, list[str]] = {node_id: [] for node_id in graph.nodes}
    op_inputs: dict[str, list[str]] = {node_id: [] for node_id in graph.nodes}
    for edge in graph.edges:
        consumers[edge.src].append(edge.dst)
        if graph.nodes[edge.src].kind in (OP, FOLDED) and edge.kind == "flow":
            op_inputs[edge.dst].append(edge.src)
    chainable = {node_id for node_id, node in graph.nodes.items() if node.kind == OP}

    def links_to(node_id: str) -> str | None:
        following = consumers[node_id]
        if len(following) == 1 and following[0] in chainable and op_inputs[following[0]] == [node_id]:
            return following[0]
        return None

    has_link_in = {links_to(node_id) for node_id in chainable} - {None}
    around = _neighbours(graph)
    folds = []
    for node_id in graph.nodes:
        if node_id not in chainable or node_id in has_link_in:
            continue
        chain = [node_id]
        while (following := links_to(chain[-1])) is not None:
            chain.append(following)
        if len(chain) >= MIN_CHAIN:
            middle = chain[1:-1]
            members = _absorb(graph, set(middle), around)
            names = [graph.nodes[m].op for m in middle]
            folds.append((members, f"chain of {len(middle):,} ops", _names_text(names)))
    if folds:
        _apply(graph, folds)


# -- 3. the rest -----------------------------------------------------------------------------------------


def _fold_rest(graph: Graph, max_nodes: int) -> None:
    """Keep the ``max_nodes - 1`` boxes nearest to the outputs; fold all others into one."""
    inputs_of: dict[str, list[str]] = {node_id: [] for node_id in graph.nodes}
    for edge in graph.edges:
        inputs_of[edge.dst].append(edge.src)
    consumed = {edge.src for edge in graph.edges}
    start = [node_id for node_id, node in graph.nodes.items()
             if node.kind == OUTPUT or node_id not in consumed]
    order: list[str] = []
    seen: set[str] = set()
    frontier = list(reversed(start))
    while frontier and len(order) < max_nodes - 1:
        following = []
        for node_id in frontier:
            if node_id in seen:
                continue
            seen.add(node_id)
            order.append(node_id)
            following.extend(reversed(inputs_of[node_id]))
        frontier = following
    kept = set(order[:max_nodes - 1])
    rest = [node_id for node_id in graph.nodes if node_id not in kept]
    if len(rest) < 2:
        return
    kinds = Counter(graph.nodes[node_id].op or graph.nodes[node_id].kind for node_id in rest
                    if graph.nodes[node_id].kind != ACCUMULATE)
    common = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
    lines = [f"{name} ×{count:,}" for name, count in common]
    _apply(graph, [(set(rest), f"{sum(graph.nodes[n].count for n in rest):,} more nodes", lines)])
