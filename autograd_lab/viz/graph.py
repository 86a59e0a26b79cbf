"""The picture's data: autograd nodes and tensors turned into a plain graph with stable ids.

Building happens in two passes so that a 5,000-node recording stays cheap:

1. :func:`build_graph` lays down the *structure* (kinds, torch names, user names, edges in
   ``next_functions`` order) with ids ``n0, n1, ...`` numbered in creation order, inputs before the
   nodes that consume them: the same code always gives the same ids, whatever ran before it.
2. After :mod:`autograd_lab.viz.collapse` has folded what does not fit, :func:`describe` writes the
   text of the nodes that remain (shapes, values, gradients) and drops every reference to tensors
   and nodes, so the finished :class:`Graph` is plain data that keeps nothing alive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import record
from ..autograd.node import AccumulateGrad
from ..tensor import Tensor
from .capture import ArraySummary, Recorded

__all__ = ["Graph", "GraphNode", "GraphEdge", "NameTable", "build_graph", "GraphBuilder", "describe",
           "node_title", "add_outputs", "buffers_freed", "format_array", "format_tangent",
           "reachable_functions", "LEAF", "CONST", "OP", "ACCUMULATE", "OUTPUT", "SAVED", "EARLIER",
           "NONE", "FOLDED", "FUNCTION_KINDS"]

# Node kinds. Function kinds are graph nodes of autograd (grad_fns); the others are tensors.
LEAF = "leaf"              # a leaf tensor that requires grad (ends in an AccumulateGrad)
CONST = "const"            # a tensor input that needs no grad: a (None, 0) entry of next_functions
NONE = "none"              # a (None, 0) input whose tensor is not known (drawn after the fact)
OP = "op"                  # a grad_fn recorded (or run backward) by the traced code
ACCUMULATE = "accumulate"  # AccumulateGrad: writes the arriving gradient into leaf.grad
EARLIER = "earlier"        # a grad_fn built before the trace started (not expanded further)
OUTPUT = "output"          # a tensor the traced code produced that nothing consumed
SAVED = "saved"            # a tensor an op saved for its backward (shown with --saved)
FOLDED = "folded"          # several nodes folded into one by --max-nodes
FUNCTION_KINDS = frozenset({OP, ACCUMULATE, EARLIER})

#: Tensors with at most this many elements show their values (leaves, constants, outputs).
VALUE_LIMIT = 12
#: Intermediate results show their values only when tinier still (keeps the picture readable).
INTERMEDIATE_VALUE_LIMIT = 4


@dataclass
class GraphNode:
    """One box of the picture."""

    id: str
    kind: str
    op: str = ""                 # torch's node name for function kinds ("AddBackward0")
    name: str = ""               # the user's variable name, if any
    lines: list[str] = field(default_factory=list)  # details under the title, filled by describe()
    freed: bool = False          # its saved buffers were freed by a backward pass
    count: int = 1               # original nodes it stands for (FOLDED)
    ref: Any = None              # the tensor or autograd node; dropped by describe()
    extra: Any = None            # kind-specific: output tensors of an OP, (shape, dtype) of SAVED
    shape: str = ""              # of the tensor shown (filled by describe())
    dtype: str = ""
    grad: str = ""               # its .grad on one line, after a backward
    tangent: str = ""            # its forward-mode tangent on one line, when it had one


@dataclass
class GraphEdge:
    """An arrow in the forward direction: from an input to the node that consumed it."""

    src: str
    dst: str
    kind: str = "flow"           # flow | nograd | leaf | output | saved
    label: str = ""
    count: int = 1               # edges folded into this one


@dataclass
class Graph:
    """Nodes in id order and edges in ``next_functions`` order."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    ids: dict[Any, str] = field(default_factory=dict)  # tensor or node key -> box id, while refs live
    notes: list[str] = field(default_factory=list)     # what collapsing did, for the summary
    folded_into: dict[str, str] = field(default_factory=dict)  # original id -> id of its folded box
    # the box of an autograd node folded before it got a box of its own (see collapse.FoldingBuilder)
    member_box: Callable[[Any], str | None] | None = None
    made: int = 0                # boxes numbered so far, including those folded before they were made

    def add(self, kind: str, ref: Any = None, **fields: Any) -> GraphNode:
        node = GraphNode(self.new_id(), kind, ref=ref, **fields)
        self.nodes[node.id] = node
        if ref is not None:
            self.ids[_key(ref)] = node.id
        return node

    def new_id(self) -> str:
        """The next box id (``n0``, ``n1`` ...): boxes are numbered in the order they are made."""
        return f"n{self.reserve_id()}"

    def reserve_id(self) -> int:
        """The number of the next box id, used up (by a box folded before it was made)."""
        self.made += 1
        return self.made - 1

    def id_of(self, obj: Any) -> str | None:
        """The id of the box drawn for an autograd node or tensor (None if it is not drawn)."""
        found = self.ids.get(_key(obj))
        if found is None and self.member_box is not None and not isinstance(obj, Tensor | Recorded):
            found = self.member_box(obj)
        return found

    def boxes_of(self, nodes: list, numbers: np.ndarray | None = None) -> list[str]:
        """:meth:`box_of` for many nodes (a backward pass's), the folded runs' members found by
        their sequence numbers (``numbers``, if known) all at once."""
        ranges = getattr(self.member_box, "ranges", None)
        if not ranges:
            return list(map(self.box_of, nodes))
        if numbers is None:
            numbers = np.fromiter(map(record.sequence_nr, nodes), dtype=np.int64, count=len(nodes))
        boxes = np.full(len(nodes), None, dtype=object)
        for low, high, box in ranges:  # contiguous sequence numbers: every node in range is a member
            boxes[(numbers >= low) & (numbers <= high)] = self.folded_into.get(box, box)
        for index in np.flatnonzero(boxes == None).tolist():  # noqa: E711 - elementwise, not identity
            boxes[index] = self.box_of(nodes[index])
        return boxes.tolist()

    def box_of(self, node: Any) -> str:
        """The box that shows an autograd node now (its own, or the folded box holding it); ``""``
        if it is not drawn."""
        found = self.ids.get(id(node))
        if found is None:
            found = self.member_box(node) if self.member_box is not None else None
            if found is None:
                return ""
        return self.folded_into.get(found, found)

    def shown_as(self, node_id: str) -> str:
        """The id of the box that shows ``node_id`` now (itself, or the folded box holding it)."""
        return self.folded_into.get(node_id, node_id)

    def count(self, kind: str | None = None) -> int:
        """How many original nodes (of one kind) the graph stands for, folded ones included."""
        return sum(node.count for node in self.nodes.values() if kind is None or node.kind == kind)


# -- names -------------------------------------------------------------------------------------------


_SKIPPED_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython"})
_CONTAINER_LIMIT = 256


def _unwrap(tensor: Any) -> Any:
    """The user's tensor behind an op's internally promoted operand."""
    return getattr(tensor, "_original", tensor)


def _key(obj: Any) -> Any:
    """Identity of a tensor (live or :class:`Recorded`) or of an autograd node, for lookups.

    A tensor's key pairs its id with its array's: the array is kept alive by whoever holds the key,
    so a key cannot be reused by another tensor."""
    if isinstance(obj, Recorded):
        return obj.key
    if isinstance(obj, Tensor):
        obj = _unwrap(obj)
        return (id(obj), id(record.array_of(obj)))
    return id(obj)


class NameTable:
    """The user's names for tensors, found by identity: ``a``, ``params[0]``, ``model.fc.weight``,
    and ``y#1`` for the first value a name held in the traced code before it was reassigned.

    ``bindings`` are the assignments of tensors the traced code reported, in order: a
    :class:`~autograd_lab.viz.capture.Bindings`, or ``(name, id, array, grad_fn, output_nr)`` tuples."""

    def __init__(self, namespace: Mapping[str, Any] | None = None, bindings: Any = (),
                 hidden: Iterable[str] = ()) -> None:
        self._by_tensor: dict[tuple[int, int], str] = {}
        self._by_output: dict[tuple[int, int], str] = {}
        self._output_tensors: dict[tuple[int, int], Tensor] = {}
        self._keep: list[Any] = []  # the named tensors stay alive while ids are compared
        hidden = set(hidden)
        for name, value in (namespace or {}).items():
            if name.startswith("_") or name in _SKIPPED_NAMES or name in hidden:
                continue
            for label, tensor in _named_tensors(name, value):
                self._name(tensor, label)
        self._bound = _Bound(bindings, self._by_tensor)

    def _name(self, tensor: Tensor, label: str) -> None:
        key = _key(tensor)
        if key in self._by_tensor:
            return
        self._keep.append(tensor)
        self._by_tensor[key] = label
        if tensor.grad_fn is not None:
            output = (id(tensor.grad_fn), tensor.output_nr)
            self._by_output.setdefault(output, label)
            self._output_tensors.setdefault(output, tensor)

    def tensor(self, tensor: Any) -> str:
        """The name of a tensor (live or recorded), or ``""``."""
        key = _key(tensor)
        return self._by_tensor.get(key) or self._bound.tensor(key)

    def output(self, node: Any, output_nr: int = 0) -> str:
        """The name of the tensor a grad_fn produced (output ``output_nr``), or ``""``."""
        return self._by_output.get((id(node), output_nr)) or self._bound.output(id(node), output_nr)

    def output_tensor(self, node: Any, output_nr: int = 0) -> Tensor | None:
        """The named tensor a grad_fn produced, if the user holds it."""
        return self._output_tensors.get((id(node), output_nr))

    def named_outputs(self) -> list[Tensor]:
        """The named tensors that have a grad_fn (what :func:`draw` also shows as results)."""
        return [tensor for tensor in self._keep if isinstance(tensor, Tensor) and tensor.grad_fn is not None]

    def release(self) -> None:
        self._keep = []
        self._by_tensor = {}
        self._by_output = {}
        self._output_tensors = {}
        self._bound = _Bound((), {})


class _Bound:
    """The names earlier values of reassigned names had (``y#1``, ``y#2`` ...), looked up in numpy
    arrays of the assignments rather than in dictionaries holding every one of them: a loop that
    assigns ``y`` 200,000 times costs a few arrays, and the labels of only the boxes drawn.

    A value gets the label of the first assignment that held it, unless a namespace name holds it
    (``taken``: the namespace's names by key); an op's output, that of the first assignment of a
    value produced by it that got a label."""

    def __init__(self, bindings: Any, taken: Mapping[tuple[int, int], str]) -> None:
        if hasattr(bindings, "arrays"):  # a Bindings
            self._array = bindings.arrays.__getitem__
            tensor_ids = np.frombuffer(bindings.keys, dtype=np.int64) if len(bindings.keys) else (
                np.zeros(0, dtype=np.int64))
        else:  # (name, id, array, node, output_nr) tuples
            rows = list(bindings)
            arrays = [row[2] for row in rows]
            self._array = arrays.__getitem__
            tensor_ids = np.array([row[1] for row in rows], dtype=np.int64)
            bindings = _Rows([row[0] for row in rows], [row[3] for row in rows], [row[4] for row in rows])
        self._bindings = bindings  # keeps the arrays alive: no other tensor can take their ids
        self.names = bindings.names
        self.nodes = bindings.nodes
        self.taken = taken
        self.tensor_ids = tensor_ids
        self.node_ids = np.fromiter(map(id, self.nodes), dtype=np.int64, count=len(self.nodes))
        self.output_nrs = np.asarray(bindings.output_nrs, dtype=np.int64)
        self.by_tensor = np.argsort(tensor_ids, kind="stable")  # equal ids in assignment order
        self.by_node = np.argsort(self.node_ids, kind="stable")
        self._numbers: np.ndarray | None = None

    def _label(self, index: int) -> str:
        """``name#k``: the k-th assignment to that name."""
        if self._numbers is None:
            codes = {name: code for code, name in enumerate(dict.fromkeys(self.names))}
            names = np.fromiter(map(codes.__getitem__, self.names), dtype=np.int64, count=len(self.names))
            order = np.argsort(names, kind="stable")
            sorted_names = names[order]
            starts = np.flatnonzero(np.r_[True, sorted_names[1:] != sorted_names[:-1]])
            ranks = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
            self._numbers = np.empty(len(order), dtype=np.int64)
            self._numbers[order] = ranks + 1
        return f"{self.names[index]}#{self._numbers[index]}"

    @staticmethod
    def _rows(order: np.ndarray, ids: np.ndarray, wanted: int) -> np.ndarray:
        """The assignments whose id in ``ids`` is ``wanted``, in assignment order."""
        sorted_ids = ids[order]
        return order[np.searchsorted(sorted_ids, wanted, "left"):np.searchsorted(sorted_ids, wanted, "right")]

    def _holder(self, key: tuple[int, int]) -> int | None:
        """The first assignment that held the value with ``key``, if any."""
        for row in self._rows(self.by_tensor, self.tensor_ids, key[0]).tolist():
            if id(self._array(row)) == key[1]:
                return row
        return None

    def tensor(self, key: tuple[int, int]) -> str:
        row = self._holder(key) if len(self.names) else None
        return "" if row is None else self._label(row)

    def output(self, node_id: int, output_nr: int) -> str:
        if not len(self.names):
            return ""
        for row in self._rows(self.by_node, self.node_ids, node_id).tolist():
            if self.output_nrs[row] != output_nr:
                continue
            key = (int(self.tensor_ids[row]), id(self._array(row)))
            if key not in self.taken and self._holder(key) == row:  # its value got this label
                return self._label(row)
        return ""


@dataclass
class _Rows:
    """Assignments given as ``(name, id, array, node, output_nr)`` tuples, as parallel lists."""

    names: list
    nodes: list
    output_nrs: list


def _named_tensors(name: str, value: Any) -> Iterable[tuple[str, Tensor]]:
    """Tensors reachable from one namespace entry, one level deep, with their labels."""
    if isinstance(value, Tensor):
        yield name, value
    elif isinstance(value, (list, tuple)) and len(value) <= _CONTAINER_LIMIT:
        for index, item in enumerate(value):
            if isinstance(item, Tensor):
                yield f"{name}[{index}]", item
    elif isinstance(value, dict) and len(value) <= _CONTAINER_LIMIT:
        for key, item in value.items():
            if isinstance(item, Tensor) and isinstance(key, (str, int)):
                yield f"{name}[{key!r}]", item
    elif not isinstance(value, type) and callable(getattr(value, "named_parameters", None)):
        try:
            for parameter_name, parameter in value.named_parameters():
                if isinstance(parameter, Tensor):
                    yield f"{name}.{parameter_name}", parameter
        except Exception:  # noqa: BLE001 - a half-built module must not break the picture
            return


# -- structure ----------------------------------------------------------------------------------------


def node_title(node: Any) -> str:
    """torch's name of an autograd node as the picture shows it (``AccumulateGrad`` unprefixed)."""
    return "AccumulateGrad" if isinstance(node, AccumulateGrad) else node.name()


def buffers_freed(node: Any) -> bool:
    """True when a backward pass without ``retain_graph`` already freed this node's saved tensors
    (a second backward through it would raise)."""
    return bool(getattr(node, "buffers_freed", False))


def reachable_functions(roots: Iterable[Any]) -> list:
    """Every grad_fn (not AccumulateGrad) reachable from ``roots`` through ``next_functions``."""
    found: dict[int, Any] = {}
    stack = [root for root in roots if root is not None]
    while stack:
        node = stack.pop()
        if id(node) in found or isinstance(node, AccumulateGrad):
            continue
        found[id(node)] = node
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return list(found.values())


Records = Callable[[Any], "tuple[tuple, Any] | None"]
"""For a grad_fn, the tensors its op received and produced as recorded, or None
(:meth:`~autograd_lab.viz.capture.RecordedOps.record`)."""


def build_graph(functions: Iterable[Any], names: NameTable, *, records: Records | None = None,
                results: Iterable[Tensor] = (), show_saved: bool = False) -> Graph:
    """The structure of the graph behind ``functions`` (the grad_fns to expand).

    ``records`` gives the tensors an op received and produced (known when the ops were recorded);
    ``results`` are extra tensors to show as outputs. Children that are not in ``functions`` are
    drawn as ``EARLIER`` boxes and not expanded.
    """
    builder = GraphBuilder(names, results, show_saved, records)
    for function in sorted((f for f in functions if not isinstance(f, AccumulateGrad)),
                           key=record.sequence_nr):
        builder.add_function(function)
    return builder.finish()


class GraphBuilder:
    """Lays the graph down one grad_fn at a time, in sequence order; ids ``n0, n1 ...`` follow the
    order boxes are made in (a function's inputs before the function). :func:`build_graph` uses it
    as it is; :mod:`autograd_lab.viz.collapse` extends it to fold loops while building."""

    def __init__(self, names: NameTable, results: Iterable[Tensor] = (), show_saved: bool = False,
                 records: Records | None = None) -> None:
        self.graph = Graph()
        self.names = names
        self.show_saved = show_saved
        self.records = records
        self.given = {(id(tensor.grad_fn), tensor.output_nr): tensor for tensor in results
                      if tensor.grad_fn is not None}
        self.consumed: set[str] = set()  # boxes an op's input arrow leaves from

    def recorded(self, function: Any) -> tuple[tuple, Any]:
        """What ``function``'s op received and produced: as recorded, or from the node itself."""
        found = self.records(function) if self.records is not None else None
        if found is not None and found[0]:
            return found
        return (getattr(function, "_inputs", None) or (), None if found is None else found[1])

    def source(self, child: Any) -> str:
        """The box an input arrow from ``child`` (a grad_fn) leaves from, made if needed."""
        return self.graph.id_of(child) or _child_node(self.graph, child, self.names)

    def add_function(self, function: Any) -> GraphNode:
        """The box of ``function``, after the boxes of its inputs, and the arrows into it."""
        graph = self.graph
        inputs, outputs = self.recorded(function)
        edges = []
        for slot, (child, output_nr) in enumerate(function.next_functions):
            label = edge_label(function, slot, child, output_nr)
            if child is None:
                tensor = inputs[slot] if slot < len(inputs) else None
                edges.append(GraphEdge(_constant_node(graph, tensor, self.names), "", "nograd", label))
                continue
            source = self.source(child)
            edges.append(GraphEdge(source, "", "flow", label))
            self.consumed.add(source)
        node = graph.add(OP, function, op=node_title(function), name=self.names.output(function),
                         freed=buffers_freed(function),
                         extra=_outputs_of(function, outputs, self.given, self.names))
        for edge in edges:
            edge.dst = node.id
            graph.edges.append(edge)
        if self.show_saved:
            _add_saved(graph, node, function)
        return node

    def finish(self) -> Graph:
        """Result boxes under the ops nothing consumed; the graph."""
        for node in list(self.graph.nodes.values()):
            if node.kind == OP and node.id not in self.consumed:
                add_outputs(self.graph, node, self.names)
        return self.graph


def edge_label(function: Any, slot: int, child: Any, output_nr: int) -> str:
    """The label of the arrow into input ``slot`` of ``function``: the slot when there are several,
    and which output of ``child`` when it has several."""
    slots = len(function.next_functions)
    if child is not None and child.num_outputs > 1:
        return f"{output_nr}→{slot}" if slots > 1 else f"out {output_nr}"
    return str(slot) if slots > 1 else ""


def _outputs_of(function: Any, recorded: Any, given: Mapping, names: NameTable) -> list:
    """The tensor behind each output of ``function``: a live one when the user holds it (it has the
    current ``.grad``), else the recorded one, else None."""
    recorded = () if recorded is None else recorded if isinstance(recorded, tuple) else (recorded,)
    outputs = []
    for output_nr in range(max(len(recorded), 1)):
        live = given.get((id(function), output_nr))
        if live is None:
            live = names.output_tensor(function, output_nr)
        outputs.append(live if live is not None else
                       recorded[output_nr] if output_nr < len(recorded) else None)
    return outputs


def _constant_node(graph: Graph, tensor: Any, names: NameTable) -> str:
    if tensor is None:
        return graph.add(NONE).id
    tensor = _unwrap(tensor)
    existing = graph.id_of(tensor)
    if existing is not None:
        return existing
    return graph.add(CONST, tensor, name=names.tensor(tensor)).id


def _child_node(graph: Graph, child: Any, names: NameTable) -> str:
    if isinstance(child, AccumulateGrad):
        variable = child.variable
        leaf = graph.id_of(variable) or graph.add(LEAF, variable, name=names.tensor(variable)).id
        accumulate = graph.add(ACCUMULATE, child, op="AccumulateGrad")
        graph.edges.append(GraphEdge(leaf, accumulate.id, "leaf"))
        return accumulate.id
    return graph.add(EARLIER, child, op=node_title(child), name=names.output(child),
                     freed=buffers_freed(child), extra=[names.output_tensor(child)]).id


def _saved_entries(function: Any) -> list[tuple[str, tuple, str]]:
    """(role, shape, dtype) of what a node saved, or [] (nothing saved, or already freed)."""
    entries = []
    used: set[str] = set()
    for index, (position, value) in enumerate(record.saved_sources(function)):
        if value is None:
            continue
        roles = ("self", "other")
        if position == "result":
            role = "result"
        elif position in (0, 1) and len(function.next_functions) <= 2:
            # x * x saves the same array twice: both point at input 0, but the second is "other"
            role = roles[position] if roles[position] not in used else roles[index % 2]
        else:
            role = f"saved[{index}]"
        used.add(role)
        array = record.array_of(value) if isinstance(value, Tensor) else np.asarray(value)
        entries.append((role, tuple(array.shape), _dtype_name(array.dtype)))
    return entries


def _add_saved(graph: Graph, node: GraphNode, function: Any) -> None:
    for role, shape, dtype in _saved_entries(function):
        saved = graph.add(SAVED, name=role, extra=(shape, dtype))
        graph.edges.append(GraphEdge(saved.id, node.id, "saved"))


def add_outputs(graph: Graph, node: GraphNode, names: NameTable) -> None:
    """Result boxes under a node nothing consumed, one per known output tensor."""
    added = False
    for tensor in node.extra:
        if tensor is None:
            continue
        output = graph.add(OUTPUT, tensor, name=names.tensor(tensor) or node.name)
        graph.edges.append(GraphEdge(node.id, output.id, "output"))
        added = True
    if added:
        node.name = ""  # the result box carries the name


# -- text -----------------------------------------------------------------------------------------------


def _dtype_name(dtype: np.dtype) -> str:
    return {"float32": "float32", "float64": "float64", "int64": "int64", "bool": "bool"}.get(
        dtype.name, dtype.name)


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def format_array(array: Any, limit: int = VALUE_LIMIT) -> list[str]:
    """Values as short text lines (``[[1., 1.], [1., 1.]]``), or ``[]`` when there are too many."""
    if array is None or not hasattr(array, "size") or array.size > limit:
        return []
    if array.dtype.kind == "V":  # (bfloat16: its values, exactly, as the floats they are)
        array = array.astype(np.float32)
    if array.dtype.kind == "f":
        text = np.array2string(array, precision=4, separator=", ", suppress_small=True,
                               max_line_width=60, floatmode="maxprec")
    else:
        text = np.array2string(array, separator=", ", max_line_width=60)
    return text.replace("-0.,", " 0.,").splitlines()


def _one_line(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def format_tangent(tangent: Any, limit: int = VALUE_LIMIT) -> list[str]:
    """A tangent's values as :func:`format_array` writes them, ``-0.`` as ``0.`` (a rule's zero
    times a negative number), and on one line without the padding that aligns columns (``[0.5403,
    0.]``, not ``[0.5403, 0.    ]``)."""
    if tangent.dtype.kind == "f":
        tangent = tangent + 0.0
    shown = format_array(tangent, limit)
    if len(shown) == 1:
        shown = [re.sub(r" +(?=[,\]])", "", re.sub(r"\[ +", "[", shown[0]))]
    return shown


def _tangent_lines(node: GraphNode, tangent: Any, values: bool, limit: int) -> list[str]:
    """The lines under a value for its forward-mode tangent (``tangent = [...]`` when small)."""
    if isinstance(tangent, ArraySummary):
        node.tangent = f"{_shape_text(tangent.shape)} {tangent.dtype}, norm {tangent.norm:.4g}"
        return [f"tangent: {node.tangent}"]
    shown = format_tangent(tangent, limit) if values else []
    if shown:
        node.tangent = _one_line(shown)
        return ["tangent = " + shown[0], *["          " + line for line in shown[1:]]]
    node.tangent = f"{_shape_text(tangent.shape)} {_dtype_name(tangent.dtype)}"
    return [f"tangent: {node.tangent}"]


def _describe_tensor(node: GraphNode, tensor: Tensor, values: bool, grads: bool, limit: int,
                     tangents: Mapping[Any, Any] | None = None) -> list[str]:
    """Fill ``node``'s shape, dtype, grad and tangent from ``tensor``; the lines its box shows.
    The tangent is the one ``tensors`` recorded for it, else the one it carries now (inside a dual
    level)."""
    data = record.array_of(tensor)
    node.shape, node.dtype = _shape_text(data.shape), _dtype_name(data.dtype)
    lines = [f"{node.shape} {node.dtype}"]
    if values:
        lines += format_array(data, limit)
    tangent = tangents.get(_key(tensor)) if tangents else None
    if tangent is None and isinstance(tensor, Tensor):
        tangent = record.tangent_array_of(_unwrap(tensor))
    if tangent is not None:
        lines += _tangent_lines(node, tangent, values, limit)
    grad = record.grad_array_of(tensor)
    if grads and grad is not None:
        shown = format_array(grad)
        node.grad = _one_line(shown) if shown else f"{_shape_text(grad.shape)} tensor"
        if shown:
            lines.append("grad = " + shown[0])
            lines += ["       " + line for line in shown[1:]]
        else:
            lines.append(f"grad: {node.grad}")
    return lines


def describe(graph: Graph, *, values: bool = True, grads: bool = True,
             tangents: Mapping[Any, Any] | None = None) -> Graph:
    """Write every node's detail lines from the objects it refers to, then drop the references.
    ``tangents``: forward-mode tangents recorded by tensor key (a trace's; see ``viz.forward``)."""
    with_result_box = {edge.src for edge in graph.edges if edge.kind == "output"}
    for node in graph.nodes.values():
        ref = node.ref
        if node.kind in (LEAF, CONST, OUTPUT) and ref is not None:
            node.lines = _describe_tensor(node, ref, values, grads and (
                node.kind != OUTPUT or ref.retains_grad), VALUE_LIMIT, tangents) + node.lines
        elif node.kind == OP:
            outputs = [t for t in node.extra if t is not None]
            if len(outputs) == 1 and node.id not in with_result_box:
                tensor = outputs[0]
                node.lines = _describe_tensor(node, tensor, values, grads and tensor.retains_grad,
                                              INTERMEDIATE_VALUE_LIMIT, tangents) + node.lines
            if node.freed:
                node.lines.append("saved buffers freed")
        elif node.kind == EARLIER:
            if node.extra[0] is not None:
                tensor = node.extra[0]
                node.lines = _describe_tensor(node, tensor, values, grads and tensor.retains_grad,
                                              INTERMEDIATE_VALUE_LIMIT, tangents) + node.lines
            node.lines.append("(built before the trace)")
            if node.freed:
                node.lines.append("saved buffers freed")
        elif node.kind == SAVED:
            shape, dtype = node.extra
            node.shape, node.dtype = _shape_text(shape), dtype
            node.lines = [f"{node.shape} {dtype}"]
        node.ref = None
        node.extra = None
    graph.ids = {}
    graph.member_box = None
    return graph
