"""From recorded events (or a tensor) to a finished picture: graph, SVG, text summary and steps.

:class:`Picture` is plain data (it keeps no tensor or node alive) with ``_repr_mimebundle_``, so any
frontend shows it: ``image/svg+xml`` (the drawing and its legend), the same drawing as
``image/png`` (what a notebook that is not trusted, such as a fresh clone, shows: see
:mod:`autograd_lab.viz.raster`) and a ``text/plain`` summary table. Nothing here imports IPython.
"""

from __future__ import annotations

import base64
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tensor import Tensor
from .arguments import check_choice, check_flag, check_whole
from .capture import Capture
from .collapse import collapse, fold_while_building
from .dot import to_dot
from .forward import (
    ForwardOrder,
    ForwardStepView,
    add_forward_ops,
    build_forward_steps,
    forward_order,
    mark_tangent_nodes,
    tangents_by_tensor,
)
from .graph import (
    CONST,
    LEAF,
    Graph,
    NameTable,
    build_graph,
    describe,
    reachable_functions,
)
from .graphviz import RenderError, render_svg, with_legend
from .raster import svg_to_png
from .steps import BackwardOrder, StepView, backward_order, build_steps, highlight, hook_name
from .summary import steps_text, summary_text

__all__ = ["Options", "Picture", "picture_from_capture", "picture_of_tensors", "FORMATS", "MAX_NODES",
           "checked_options", "collector_paused"]

FORMATS = ("svg", "text")
#: The largest ``max_nodes`` per format: what Graphviz lays out in seconds (``svg``), what a text
#: table can hold (``text``).
MAX_NODES = {"svg": 2_000, "text": 100_000}


@dataclass(frozen=True)
class Options:
    """What a picture shows (the ``%%trace`` options)."""

    values: bool = True      # values of small tensors
    grads: bool = True       # .grad of leaves and retain_grad tensors after a backward
    saved: bool = False      # the tensors each op saved for backward
    max_nodes: int = 60      # fold the graph above this many boxes
    format: str = "svg"      # "svg" (picture and text) or "text" (text only)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if int(self.max_nodes) < 1:
            raise ValueError(f"max_nodes must be a positive number, not {self.max_nodes!r}")


def checked_options(function: str, *, values: Any, grads: Any, saved: Any, max_nodes: Any, format: Any,
                    names: dict[str, str] | None = None, text_format: str = "format='text'") -> Options:
    """:class:`Options` from a user's arguments, each checked (``TypeError``/``ValueError`` naming
    ``function`` and the argument; ``names`` renames arguments, as ``draw``'s ``show_saved``)."""
    names = {"values": "values", "grads": "grads", "saved": "saved", "max_nodes": "max_nodes",
             "format": "format", **(names or {})}
    format = check_choice(function, names["format"], format, FORMATS)
    flags = {name: check_flag(function, names[name], value)
             for name, value in (("values", values), ("grads", grads), ("saved", saved))}
    try:
        max_nodes = check_whole(function, names["max_nodes"], max_nodes, 1, MAX_NODES[format])
    except ValueError as error:
        if format != "svg" or not _is_whole(max_nodes):
            raise
        raise ValueError(f"{error} (up to {MAX_NODES['text']:,} with {text_format})") from None
    return Options(max_nodes=max_nodes, format=format, **flags)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Picture:
    """A drawn autograd graph: ``svg``, ``dot``, ``text``, ``steps``; displays itself in Jupyter."""

    def __init__(self, graph: Graph, steps: list, options: Options,
                 heading: str = "autograd graph", order: BackwardOrder | None = None,
                 forward: ForwardOrder | None = None) -> None:
        self.graph = graph
        # the steps kept with their gradients (all of a pass up to 2,000 steps), and the forward
        # steps of forward mode (ForwardStepView), in the order they ran
        self.steps = steps
        self.order = order or BackwardOrder()  # where every step ran
        self.forward = forward or ForwardOrder()  # the forward passes (tangent directions)
        self.options = options
        self.heading = heading
        self._svg: str | None = None

    @property
    def dot(self) -> str:
        """The Graphviz DOT source."""
        return to_dot(self.graph)

    @property
    def svg(self) -> str:
        """The drawing with its legend (rendered on first use, then kept)."""
        if self._svg is None:
            self._svg = with_legend(render_svg(self.dot))
        return self._svg

    @property
    def text(self) -> str:
        """The plain-text summary: nodes, edges, backward order, hooks, freed buffers."""
        return summary_text(self.graph, self.order, self.heading, self.forward)

    @property
    def steps_text(self) -> str:
        """Every backward step as text (what a frontend without widgets shows for ``--steps``)."""
        return steps_text(self.steps, self.forward)

    def step_svg(self, index: int) -> str:
        """The drawing with step ``index`` (0-based) highlighted and the earlier steps of its pass
        outlined; same layout as :attr:`svg`."""
        current = self.steps[index]
        done = [step.node_id for step in self.steps[:index] if step.walk == current.walk]
        return highlight(self.svg, current, list(dict.fromkeys(done)))

    @property
    def png(self) -> bytes:
        """The drawing as a PNG (drawn from :attr:`svg`, shape for shape)."""
        return svg_to_png(self.svg)[0]

    @property
    def drawn(self) -> bool:
        """Whether the display shows a drawing (not for ``format="text"`` or an empty graph)."""
        return self.options.format == "svg" and bool(self.graph.nodes)

    def mimebundle(self) -> dict[str, str]:
        """The display data: ``text/plain`` always; unless the format is text or there is nothing
        to draw, ``image/svg+xml`` and the same drawing as ``image/png`` (base64)."""
        bundle = {"text/plain": self.text}
        if self.drawn:
            try:
                bundle["image/svg+xml"] = self.svg
            except RenderError as error:  # shown, not raised: a display must not fail
                bundle["text/plain"] = f"(no picture: {error})\n{bundle['text/plain']}"
            else:
                bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def metadata(self) -> dict[str, Any]:
        """Display metadata: the PNG is shown at the size the SVG would have (it has more pixels)."""
        try:
            if not self.drawn:
                return {}
            width, height = svg_to_png(self.svg)[1]
        except RenderError:  # mimebundle() says why there is no picture
            return {}
        return {"image/png": {"width": width, "height": height}}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        return self.mimebundle(), self.metadata()

    def __repr__(self) -> str:
        return self.text

    def save(self, path: str | Path) -> Path:
        """Write the SVG (``.svg``), DOT (``.dot``/``.gv``) or summary (other suffixes) to ``path``."""
        path = Path(path)
        content = {".svg": lambda: self.svg, ".dot": lambda: self.dot, ".gv": lambda: self.dot}.get(
            path.suffix, lambda: self.text)()
        path.write_text(content, encoding="utf-8")
        return path


def _box_labels(graph: Graph) -> dict[str, str]:
    """What the user calls the box next to each function box: a leaf's AccumulateGrad takes the
    leaf's name, an op with a result box takes the result's name."""
    labels = {}
    for edge in graph.edges:
        source, target = graph.nodes[edge.src], graph.nodes[edge.dst]
        if edge.kind == "leaf" and source.name:
            labels[target.id] = source.name
        elif edge.kind == "output" and target.name:
            labels[source.id] = target.name
    return labels


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. Building a picture allocates many small acyclic
    objects: without pausing, the collector would walk the whole kernel heap several times for
    nothing (after a 200,000-op cell, that is seconds)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _finish(graph: Graph, capture: Capture | None, options: Options, heading: str, names: NameTable,
            repetitions_folded: bool = False) -> Picture:
    forward_steps = capture.forward_steps() if capture is not None else []
    recorded: set[int] = set()
    boxes: dict[int, str] = {}
    if forward_steps:  # forward mode ran: draw the ops no graph recorded
        recorded = set(map(id, capture.nodes))
        boxes = add_forward_ops(graph, forward_steps, names, recorded)
    collapse(graph, int(options.max_nodes), repetitions_folded)
    steps: list = []
    order = forward = None
    if capture is not None:
        labels = _box_labels(graph)
        steps = build_steps(capture, graph, labels)
        order = backward_order(capture, graph, labels)
        if forward_steps:
            views = build_forward_steps(forward_steps, graph, names, boxes, recorded, labels)
            mark_tangent_nodes(graph, forward_steps, recorded, boxes, labels)
            forward = forward_order(views, capture.forward_pass_count(), capture.forward_count,
                                    capture.forward_inside)
            steps = _in_order(steps, forward_steps, views)
        for number, call in enumerate(capture.hooks, start=1):
            target = graph.id_of(call.target)
            if target is not None:
                graph.nodes[graph.shown_as(target)].lines.append(f"hook {number}: {hook_name(call.hook)}")
    describe(graph, values=options.values, grads=options.grads,
             tangents=tangents_by_tensor(forward_steps) if forward_steps else None)
    return Picture(graph, steps, options, heading, order, forward)


def _in_order(backward: list[StepView], forward_steps: list, views: list[ForwardStepView]) -> list:
    """Backward and forward steps in the order they ran. A forward step that ran inside a
    backward pass (forward over reverse: an op of a gradient formula) is listed with the backward
    step whose formula ran it."""
    by_step = {(step.pass_number - 1, step.number - 1): step for step in backward}
    timed: list[tuple[tuple, Any]] = [((step.pass_number - 1, 1, step.number - 1), step) for step in backward]
    for step, view in zip(forward_steps, views):
        passes, ran = step.where
        if ran is None:
            timed.append(((passes, 0, step.index), view))
        elif (passes, ran) in by_step:
            by_step[(passes, ran)].forward.append(view)
    timed.sort(key=lambda pair: pair[0])
    return [view for _, view in timed]


def picture_from_capture(capture: Capture, names: NameTable, options: Options = Options(),
                         heading: str = "autograd graph") -> Picture:
    """The picture of what the code recorded by ``capture`` built and ran backward through.

    A long loop's recording has its repetitions folded while the graph is built
    (:func:`~autograd_lab.viz.collapse.fold_while_building`), so its cost follows what is drawn."""
    with collector_paused():
        ops = capture.ops()
        graph = fold_while_building(ops, names, int(options.max_nodes), options.saved)
        folded = graph is not None
        if graph is None:
            graph = build_graph(ops.functions, names, records=ops.record, show_saved=options.saved)
        return _finish(graph, capture, options, heading, names, folded)


def picture_of_tensors(tensors: Iterable[Tensor], names: NameTable, options: Options = Options(),
                       heading: str = "autograd graph") -> Picture:
    """The picture of the whole graph behind ``tensors`` (what ``draw`` shows)."""
    tensors = [tensor for tensor in tensors if isinstance(tensor, Tensor)]
    with collector_paused():
        functions = reachable_functions(tensor.grad_fn for tensor in tensors)
        graph = build_graph(functions, names, results=[*tensors, *names.named_outputs()],
                            show_saved=options.saved)
        for tensor in tensors:
            if tensor.grad_fn is None and graph.id_of(tensor) is None:
                graph.add(LEAF if tensor.requires_grad else CONST, tensor, name=names.tensor(tensor))
        return _finish(graph, None, options, heading, names)
