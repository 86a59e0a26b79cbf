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

A recording of a long loop (a 200,000-op cell) would spend seconds making boxes only to fold them.
:func:`fold_while_building` finds the repetitions in the recorded ops' names first and builds the
graph with the middle iterations already folded (:class:`FoldingBuilder`): the same graph, the same
ids, as building everything and folding it, at a small fraction of the cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autograd import record
from ..autograd.node import AccumulateGrad
from ..tensor import Tensor
from .capture import RecordedOps, _recorded
from .graph import (
    ACCUMULATE,
    CONST,
    FOLDED,
    OP,
    OUTPUT,
    Graph,
    GraphBuilder,
    GraphEdge,
    GraphNode,
    NameTable,
    _key,
    _outputs_of,
    _saved_entries,
    add_outputs,
    edge_label,
    node_title,
)

__all__ = ["collapse", "MAX_PERIOD", "fold_while_building", "FoldingBuilder"]

#: Longest loop body (in ops) recognised as a repetition.
MAX_PERIOD = 64
#: Shortest chain that is folded.
MIN_CHAIN = 4


def collapse(graph: Graph, max_nodes: int, repetitions_folded: bool = False) -> Graph:
    """Fold ``graph`` in place until it has at most ``max_nodes`` boxes (see the module doc);
    ``repetitions_folded``: :func:`fold_while_building` did the first fold already."""
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    folds = (_fold_repetitions, _fold_chains, _fold_rest)
    for fold in folds[1:] if repetitions_folded else folds:
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
    graph.nodes = nodes
    graph.edges = _merged_edges(graph.edges, target)
    for original, folded in list(graph.folded_into.items()):
        graph.folded_into[original] = target.get(folded, folded)
    for original, folded in target.items():
        graph.folded_into[original] = folded
    graph.notes.extend(f"{title}: {boxes[first].count:,} nodes folded into {first}"
                       for first, title in ((first, box.op) for first, box in boxes.items()))


def _merged_edges(edges: list[GraphEdge], target: dict[str, str],
                  unmoved: Iterable[str] = ()) -> list[GraphEdge]:
    """``edges`` with their ends moved into folded boxes (``target``: box -> folded box): arrows
    inside a folded box dropped, parallel ones merged into one labelled ``×n``, first one's place.
    An arrow keeps its label if neither end moved (``unmoved``: ends that only got their final name)."""
    unmoved = set(unmoved)
    merged: dict[tuple[str, str, str], GraphEdge] = {}
    for edge in edges:
        src, dst = target.get(edge.src, edge.src), target.get(edge.dst, edge.dst)
        if src == dst:
            continue
        key = (src, dst, edge.kind)
        if key in merged:
            merged[key].count += edge.count
        else:
            kept = (src == edge.src or edge.src in unmoved) and (dst == edge.dst or edge.dst in unmoved)
            merged[key] = GraphEdge(src, dst, edge.kind, edge.label if kept else "", edge.count)
    for edge in merged.values():
        if edge.count > 1:
            edge.label = f"×{edge.count:,}"
    return list(merged.values())


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
        folds.append((members, *_repetition_text([node.op for node in ops[start:start + period]],
                                                 repetitions)))
    if folds:
        _apply(graph, folds)


def _repetition_text(body: list[str], repetitions: int) -> tuple[str, list[str]]:
    """Title and lines of the box folding the middle ``repetitions - 2`` iterations of ``body``."""
    middle = (repetitions - 2) * len(body)
    return f"× {repetitions - 2:,} more repetitions", _names_text(body) + [f"({middle:,} ops)"]


# -- 1 while building: repetitions of a long recording ------------------------------------------------


@dataclass
class _Run:
    """A repetition run whose middle iterations (``functions[start:stop]``) are folded while the
    graph is built: they never get boxes of their own, only ids (so the others keep theirs)."""

    index: int
    start: int
    stop: int
    title: str
    lines: list[str]
    token: str = ""          # stands for the folded box in arrows until its id is known
    lead_token: str = ""     # ... for arrows into or out of its first member, which keep their
    lead: int = -1           # label when the folded box takes that member's id (as _apply does)
    first: int = -1          # the smallest id among what it holds: the folded box takes it
    count: int = 0           # how many boxes it holds
    box_id: str = ""
    sequence: tuple[int, int] = (0, -1)  # sequence numbers of its first and last member

    def take(self, number: int) -> None:
        """One more box, numbered ``number``, folded into this run."""
        self.count += 1
        if self.first < 0 or number < self.first:
            self.first = number


def fold_while_building(ops: RecordedOps, names: NameTable, max_nodes: int, show_saved: bool = False
                        ) -> Graph | None:
    """The graph of ``ops`` with its repetitions folded, as :func:`collapse` would fold the graph
    :func:`~autograd_lab.viz.graph.build_graph` builds; None when that would fold no repetition
    (the graph fits, or nothing repeats): then build it the plain way."""
    functions = ops.functions
    if len(functions) <= max_nodes or len(functions) < 6:
        return None
    codes = _title_codes(functions)
    runs = []
    for start, period, repetitions in _periodic_runs(codes):
        title, lines = _repetition_text([node_title(functions[i]) for i in range(start, start + period)],
                                        repetitions)
        runs.append(_Run(len(runs), start + period, start + (repetitions - 1) * period, title, lines))
    if not runs:
        return None
    builder = FoldingBuilder(ops, runs, names, show_saved)
    kept_from = 0
    for run in runs:
        for function in functions[kept_from:run.start]:
            builder.add_function(function)
        builder.add_members(run)
        kept_from = run.stop
    for function in functions[kept_from:]:
        builder.add_function(function)
    return builder.finish()


def _title_codes(functions: Sequence[Any]) -> np.ndarray:
    """One code per function, equal for equal torch names (a node's name is its class's)."""
    kinds = list(map(type, functions))
    example = dict(zip(kinds, functions))
    by_title: dict[str, int] = {}
    by_kind = {kind: by_title.setdefault(node_title(function), len(by_title))
               for kind, function in example.items()}
    return np.fromiter(map(by_kind.__getitem__, kinds), dtype=np.int64, count=len(kinds))


class FoldingBuilder(GraphBuilder):
    """A :class:`~autograd_lab.viz.graph.GraphBuilder` for which some runs of functions are folded
    before they are built: each function in a run's middle only numbers the boxes it would have made
    (its own, a ``(None, 0)`` input, its saved tensors and results) and adds its outside inputs to
    the run's counted arrows; what only the run uses is folded with it at the end, as
    :func:`_absorb` does on a built graph."""

    def __init__(self, ops: RecordedOps, runs: list[_Run], names: NameTable, show_saved: bool) -> None:
        super().__init__(names, show_saved=show_saved, records=ops.record)
        self.ops = ops
        self.runs = runs
        self.run_of = [-1] * len(ops.functions)  # position -> index of the run it is folded into
        for run in runs:
            run.token, run.lead_token = f"fold{run.index}", f"fold{run.index}.lead"
            run.sequence = (ops.sequence[run.start], ops.sequence[run.stop - 1])
            self.run_of[run.start:run.stop] = [run.index] * (run.stop - run.start)
        self.used = bytearray(len(ops.functions))  # position -> a function consumes it
        self.kept: list[tuple[int, str]] = []       # (position, box id) of the functions built
        self.counted: dict[tuple[str, str, str], GraphEdge] = {}  # arrows into runs, counted
        self._last_run: _Run | None = None

    def source(self, child: Any) -> str:
        if type(child) is not AccumulateGrad:
            position = self.ops.position(child)
            index = -1 if position is None else self.run_of[position]
            if index >= 0:
                self.used[position] = 1
                run = self.runs[index]  # its box gets its id in finish()
                return run.lead_token if position == run.start else run.token
        return super().source(child)

    def add_function(self, function: Any) -> GraphNode:
        node = super().add_function(function)
        self.kept.append((self.ops.position(function), node.id))
        return node

    def _arrow(self, src: str, run: _Run, kind: str, label: str, lead: bool) -> None:
        """An arrow into ``run``: the first member's own (with its label), the others counted."""
        if lead:
            self.graph.edges.append(GraphEdge(src, run.lead_token, kind, label))
        else:
            self._counted(src, run, kind).count += 1

    def add_members(self, run: _Run) -> None:
        """Number the boxes of the functions in ``run``'s middle and count their arrows."""
        self._add_member(run, run.start, lead=True)
        if self.show_saved:  # rare: the plain way
            for position in range(run.start + 1, run.stop):
                self._add_member(run, position, lead=False)
            return
        # The loop below runs once per folded function (200,000 times for a big cell): the plain
        # way's steps, inlined. A child in the same run is found from its sequence number; the
        # arrow counted for an outside child (a parameter's AccumulateGrad) is found from its id.
        graph, ops, functions = self.graph, self.ops, self.ops.functions
        used, sequence_of = self.used, record.sequence_nr
        inside, start = (run.token, run.lead_token), run.start
        low, high = run.sequence
        contiguous = high - low == run.stop - 1 - start
        arrows: dict[int, GraphEdge | None] = {}  # id of an outside child -> its counted arrow
        made, count = graph.made, 0
        for position in range(start + 1, run.stop):
            function = functions[position]
            previous = functions[position - 1]
            for slot, (child, _) in enumerate(function.next_functions):
                if child is previous:  # a chain: the function just before, inside the fold
                    used[position - 1] = 1
                    continue
                if child is None:
                    inputs = ops.raw_inputs(position) or getattr(function, "_inputs", None) or ()
                    tensor = inputs[slot] if slot < len(inputs) else None
                    if tensor is None:
                        made += 1  # a "(None, 0)" box of its own: folded
                        count += 1
                        continue
                    graph.made = made
                    edge = self._counted(self._constant(tensor), run, "nograd")
                    made = graph.made
                    edge.count += 1
                    continue
                edge = arrows.get(id(child), False)
                if edge is False:  # first time: inside the run, or an outside box (made if new)
                    sequence_nr = sequence_of(child)
                    at = None
                    if low <= sequence_nr <= high:
                        at = start + sequence_nr - low if contiguous else ops.position(child)
                    if at is not None and functions[at] is child:
                        used[at] = 1
                        continue  # from an earlier iteration: inside the fold
                    graph.made = made
                    source = self.source(child)
                    made = graph.made
                    edge = None
                    if source not in inside:
                        self.consumed.add(source)
                        edge = self._counted(source, run, "flow")
                    arrows[id(child)] = edge
                if edge is not None:
                    edge.count += 1
            made += 1  # the function's own box
            count += 1
        graph.made = made
        run.count += count

    def _counted(self, source: str, run: _Run, kind: str) -> GraphEdge:
        """The counted arrow from ``source`` into ``run`` (made, with count 0, the first time)."""
        edge = self.counted.get((source, run.token, kind))
        if edge is None:
            edge = self.counted[(source, run.token, kind)] = GraphEdge(source, run.token, kind, "", 0)
            self.graph.edges.append(edge)
        return edge

    def _constant(self, tensor: Any) -> str:
        """The box of a tensor input that needs no grad (made the first time it is seen)."""
        box = self.graph.ids.get(_key(tensor))
        if box is None:
            recorded = _recorded(tensor) if isinstance(tensor, Tensor) else tensor
            box = self.graph.add(CONST, recorded, name=self.names.tensor(recorded)).id
        return box

    def _add_member(self, run: _Run, position: int, lead: bool) -> None:
        """One folded function, the plain way (its first member keeps its arrows' labels)."""
        graph, ops = self.graph, self.ops
        function = ops.functions[position]
        inside = (run.token, run.lead_token)
        inputs = ops.raw_inputs(position) or getattr(function, "_inputs", None) or ()
        for slot, (child, output_nr) in enumerate(function.next_functions):
            label = edge_label(function, slot, child, output_nr) if lead else ""
            if child is None:
                tensor = inputs[slot] if slot < len(inputs) else None
                if tensor is None:
                    run.take(graph.reserve_id())  # a "(None, 0)" box of its own: folded
                    continue
                self._arrow(self._constant(tensor), run, "nograd", label, lead)
                continue
            source = self.source(child)
            if source in inside:
                continue  # from the previous iteration: inside the fold
            self.consumed.add(source)
            self._arrow(source, run, "flow", label, lead)
        number = graph.reserve_id()  # the function's own box
        run.take(number)
        if lead:
            run.lead = number
        if self.show_saved:
            for _ in _saved_entries(function):
                run.take(graph.reserve_id())

    def finish(self) -> Graph:
        graph, names = self.graph, self.names
        # result boxes under what nothing consumed, in box order: built functions get them, folded
        # ones only number them
        by_position = dict(self.kept)
        unused = [position for run in self.runs for position in range(run.start, run.stop)
                  if not self.used[position]]
        for position in sorted([*by_position, *unused]):
            node_id = by_position.get(position)
            if node_id is not None:
                node = graph.nodes[node_id]
                if node.id not in self.consumed:
                    add_outputs(graph, node, names)
                continue
            function = self.ops.functions[position]
            record = self.ops.record(function)
            outputs = _outputs_of(function, None if record is None else record[1], self.given, names)
            run = self.runs[self.run_of[position]]
            for _ in range(sum(output is not None for output in outputs)):
                run.take(graph.reserve_id())
        # boxes made for the runs alone (per-iteration constants, earlier nodes) fold with them
        tokens = {token: run for run in self.runs for token in (run.token, run.lead_token)}
        around: dict[str, set[str]] = {}
        for edge in graph.edges:
            src = tokens[edge.src].token if edge.src in tokens else edge.src
            dst = tokens[edge.dst].token if edge.dst in tokens else edge.dst
            around.setdefault(src, set()).add(dst)
            around.setdefault(dst, set()).add(src)
        target: dict[str, str] = {}
        for node_id, neighbours in around.items():
            node = graph.nodes.get(node_id)
            if node is None or node.kind in (OP, FOLDED) or len(neighbours) != 1:
                continue
            run = tokens.get(next(iter(neighbours)))
            if run is not None:
                run.take(int(node_id[1:]))
                target[node_id] = run.token
        boxes = {}
        for run in self.runs:
            run.box_id = f"n{run.first}"
            boxes[run.box_id] = GraphNode(run.box_id, FOLDED, op=run.title, lines=run.lines, count=run.count)
            graph.notes.append(f"{run.title}: {run.count:,} nodes folded into {run.box_id}")
        final = {token: run.box_id for token, run in tokens.items()}
        for node_id, token in target.items():
            final[node_id] = tokens[token].box_id
            graph.folded_into[node_id] = tokens[token].box_id
            del graph.nodes[node_id]
        graph.nodes = dict(sorted({**graph.nodes, **boxes}.items(), key=lambda item: int(item[0][1:])))
        # arrows into or out of the first member keep their label when the box took its id
        unmoved = {run.lead_token for run in self.runs if run.first == run.lead}
        graph.edges = _merged_edges(graph.edges, final, unmoved)
        graph.member_box = _MemberBox(self)
        return graph

    def member_box(self, node: Any) -> str | None:
        """The folded box holding ``node``, if it is a folded function."""
        try:
            sequence_nr = record.sequence_nr(node)
        except AttributeError:  # not an autograd node
            return None
        last = self._last_run  # the steps of a backward pass come in long stretches of one run
        for run in (last, *self.runs) if last is not None else self.runs:
            low, high = run.sequence
            if low <= sequence_nr <= high:
                at = (run.start + sequence_nr - low if high - low == run.stop - 1 - run.start
                      else self.ops.position(node))
                if at is not None and run.start <= at < run.stop and self.ops.functions[at] is node:
                    self._last_run = run
                    return run.box_id
                return None
        return None


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


class _MemberBox:
    """``Graph.member_box`` for a graph folded while built: the folded box of a folded function, and
    (``ranges``) the sequence numbers each box holds, for runs whose numbers are contiguous."""

    def __init__(self, builder: FoldingBuilder) -> None:
        self.builder = builder
        self.ranges = [(*run.sequence, run.box_id) for run in builder.runs
                       if run.sequence[1] - run.sequence[0] == run.stop - 1 - run.start]

    def __call__(self, node: Any) -> str | None:
        return self.builder.member_box(node)
