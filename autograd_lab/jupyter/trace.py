"""The Python side of ``%%trace``: ``with autograd_lab.trace() as tr: ...`` and ``autograd_lab.draw(y)``.

::

    with t.trace() as tr:
        z = (w * x + b).sum()
        z.backward()
    tr            # displays the graph the block built, its gradients and a summary table

    t.draw(z)     # the whole graph behind any tensor (torchviz's make_dot, without Graphviz installed)

Both name the boxes after the variables of the code that called them (found by identity, so ``c``
in ``c = a + b`` labels that result). Neither imports IPython: the objects display themselves
through ``_repr_mimebundle_``; only :meth:`Trace.stepper` needs ipywidgets.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from types import FrameType, TracebackType
from typing import Any

from ..tensor import Tensor
from ..viz.capture import Capture
from ..viz.graph import Graph, NameTable
from ..viz.picture import Options, Picture, picture_from_capture, picture_of_tensors
from ..viz.steps import StepView

__all__ = ["Trace", "trace", "draw"]


def _frame_namespace(frame: FrameType | None) -> dict[str, Any]:
    """The names visible in ``frame``: its globals, overridden by its locals."""
    if frame is None:
        return {}
    namespace = dict(frame.f_globals)
    if frame.f_locals is not frame.f_globals:
        namespace.update(frame.f_locals)
    return namespace


class Trace:
    """Records the autograd graph built (and the backward passes run) while it is active.

    Use it as a context manager, or call :meth:`start` / :meth:`finish` (what ``%%trace`` does).
    After :meth:`finish` it holds only a :class:`~autograd_lab.viz.picture.Picture`: plain text and
    numbers, so the recorded tensors and nodes are free to go.
    """

    def __init__(self, *, values: bool = True, grads: bool = True, saved: bool = False,
                 max_nodes: int = 60, format: str = "svg",
                 names: Mapping[str, Any] | None = None) -> None:
        self.options = Options(values=values, grads=grads, saved=saved, max_nodes=max_nodes,
                               format=format)
        self.picture: Picture | None = None
        self._names = names
        self._capture: Capture | None = None
        self._recording: Any = None

    # -- recording --------------------------------------------------------------------------------

    def start(self) -> Trace:
        """Begin recording every op and backward step."""
        if self._recording is not None:
            raise RuntimeError("this trace is already recording")
        self._capture = Capture()
        self._recording = self._capture.recording()
        self._recording.__enter__()
        return self

    def stop(self) -> None:
        """Stop recording (the events are kept until :meth:`finish`)."""
        if self._recording is not None:
            recording, self._recording = self._recording, None
            recording.__exit__(None, None, None)

    def finish(self, namespace: Mapping[str, Any] | None = None,
               bindings: Iterable[tuple[str, Any]] = (), hidden: Iterable[str] = ()) -> Picture:
        """Stop, name the tensors from ``namespace`` (and earlier ``bindings`` of reassigned names),
        draw, and drop every reference to the recorded objects."""
        self.stop()
        capture, self._capture = self._capture, None
        names = NameTable(namespace if namespace is not None else self._names or {}, bindings, hidden)
        try:
            self.picture = picture_from_capture(capture or Capture(), names, self.options,
                                                heading="%%trace")
        finally:
            names.release()
            if capture is not None:
                capture.clear()
        return self.picture

    def __enter__(self) -> Trace:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
        namespace = self._names if self._names is not None else _frame_namespace(sys._getframe(1))
        self.finish(namespace)

    # -- results ----------------------------------------------------------------------------------

    def _picture(self) -> Picture:
        if self.picture is None:
            raise RuntimeError("the trace is still recording: leave the `with` block first")
        return self.picture

    @property
    def graph(self) -> Graph:
        """The drawn graph as data: ``graph.nodes`` (id -> box) and ``graph.edges``."""
        return self._picture().graph

    @property
    def steps(self) -> list[StepView]:
        """The backward steps, in the order the engine ran them."""
        return self._picture().steps

    @property
    def svg(self) -> str:
        return self._picture().svg

    @property
    def dot(self) -> str:
        return self._picture().dot

    @property
    def text(self) -> str:
        return self._picture().text

    def stepper(self) -> Any:
        """The step-through view of the backward pass (a widget, with a static fallback)."""
        from .stepper import StepThrough

        return StepThrough(self._picture())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if self.picture is None:
            return {"text/plain": "<autograd_lab trace: recording>"}
        return self.picture.mimebundle()

    def __repr__(self) -> str:
        return self.picture.text if self.picture is not None else "<autograd_lab trace: recording>"


def trace(*, values: bool = True, grads: bool = True, saved: bool = False, max_nodes: int = 60,
          format: str = "svg") -> Trace:
    """Record the graph built inside ``with trace() as tr:``; ``tr`` then displays it.

    Options as for ``%%trace``: ``values`` of small tensors, ``grads`` after a backward, ``saved``
    tensors, ``max_nodes`` before folding, ``format`` ``"svg"`` or ``"text"``.
    """
    return Trace(values=values, grads=grads, saved=saved, max_nodes=max_nodes, format=format)


def draw(tensor: Tensor | Iterable[Tensor], params: Mapping[str, Tensor] | None = None,
         show_saved: bool = False, *, values: bool = True, grads: bool = True,
         max_nodes: int = 60, format: str = "svg") -> Picture:
    """Draw the whole graph behind ``tensor`` (or several tensors), like torchviz's ``make_dot``.

    Boxes are named from ``params`` (``dict(model.named_parameters())``) and from the variables of
    the calling code. The result displays itself and has ``.svg``, ``.dot``, ``.text``, ``.save()``.
    """
    tensors = [tensor] if isinstance(tensor, Tensor) else list(tensor)
    namespace: dict[str, Any] = dict(params or {})
    for name, value in _frame_namespace(sys._getframe(1)).items():
        namespace.setdefault(name, value)
    names = NameTable(namespace)
    try:
        return picture_of_tensors(tensors, names, Options(values=values, grads=grads, saved=show_saved,
                                                          max_nodes=max_nodes, format=format))
    finally:
        names.release()
