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
from ..viz.arguments import shown
from ..viz.capture import Capture
from ..viz.graph import Graph, NameTable
from ..viz.picture import (
    Options,
    Picture,
    checked_options,
    collector_paused,
    picture_from_capture,
    picture_of_tensors,
)
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
                 names: Mapping[str, Any] | None = None, options: Options | None = None) -> None:
        self.options = options or checked_options("trace", values=values, grads=grads, saved=saved,
                                                  max_nodes=max_nodes, format=format)
        self.picture: Picture | None = None
        self.skipped = False  # drawing was interrupted: there is no picture
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

    def finish(self, namespace: Mapping[str, Any] | None = None, bindings: Any = (),
               hidden: Iterable[str] = ()) -> Picture:
        """Stop, name the tensors from ``namespace`` (and earlier ``bindings`` of reassigned names,
        see :class:`~autograd_lab.viz.graph.NameTable`), draw, and drop every reference to the
        recorded objects."""
        self.stop()
        capture, self._capture = self._capture, None
        with collector_paused():
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

    def skip(self) -> None:
        """Give up the picture (drawing was interrupted) and drop what was recorded."""
        self.stop()
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.clear()
        self.picture = None
        self.skipped = True

    def _picture(self) -> Picture:
        if self.skipped:
            raise RuntimeError("the picture was skipped: drawing it was interrupted")
        if self.picture is None:
            raise RuntimeError("the trace is still recording: leave the `with` block first")
        return self.picture

    @property
    def graph(self) -> Graph:
        """The drawn graph as data: ``graph.nodes`` (id -> box) and ``graph.edges``."""
        return self._picture().graph

    @property
    def steps(self) -> list[StepView]:
        """The backward steps, in the order the engine ran them, and forward mode's steps
        (:class:`~autograd_lab.viz.forward.ForwardStepView`), in the order the ops ran."""
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

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        if self.picture is None:
            return {"text/plain": repr(self)}
        return self.picture._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        if self.skipped:
            return "<autograd_lab trace: picture skipped>"
        return self.picture.text if self.picture is not None else "<autograd_lab trace: recording>"


def trace(*, values: bool = True, grads: bool = True, saved: bool = False, max_nodes: int = 60,
          format: str = "svg") -> Trace:
    """Record the graph built inside ``with trace() as tr:``; ``tr`` then displays it.

    Options as for ``%%trace``: ``values`` of small tensors, ``grads`` after a backward, ``saved``
    tensors, ``max_nodes`` before folding (1 to 2,000; to 100,000 with ``format="text"``), ``format``
    ``"svg"`` or ``"text"``. A bad option raises ``TypeError``/``ValueError`` naming it.
    """
    return Trace(values=values, grads=grads, saved=saved, max_nodes=max_nodes, format=format)


def draw(tensor: Tensor | Iterable[Tensor], params: Mapping[str, Tensor] | None = None,
         show_saved: bool = False, *, values: bool = True, grads: bool = True,
         max_nodes: int = 60, format: str = "svg") -> Picture:
    """Draw the whole graph behind ``tensor`` (or several tensors), like torchviz's ``make_dot``.

    Boxes are named from ``params`` (``dict(model.named_parameters())``, or the pairs themselves) and
    from the variables of the calling code. The result displays itself and has ``.svg``, ``.dot``,
    ``.text``, ``.save()``. Every argument is checked first (``TypeError``/``ValueError`` naming it).
    """
    tensors = _checked_tensors(tensor)
    options = checked_options("draw", values=values, grads=grads, saved=show_saved, max_nodes=max_nodes,
                              format=format, names={"saved": "show_saved"})
    namespace: dict[str, Any] = _checked_params(params)
    for name, value in _frame_namespace(sys._getframe(1)).items():
        namespace.setdefault(name, value)
    names = NameTable(namespace)
    try:
        return picture_of_tensors(tensors, names, options)
    finally:
        names.release()


def _checked_tensors(tensor: Any) -> list[Tensor]:
    allowed = "a tensor or a list of tensors"
    if isinstance(tensor, Tensor):
        return [tensor]
    if isinstance(tensor, str | bytes | Mapping) or not isinstance(tensor, Iterable):
        raise TypeError(f"draw: tensor must be {allowed}, got {shown(tensor)}")
    tensors = list(tensor)
    if not tensors:
        raise ValueError(f"draw: tensor must be {allowed}, got an empty list")
    for index, item in enumerate(tensors):
        if not isinstance(item, Tensor):
            raise TypeError(f"draw: tensor[{index}] must be a tensor, got {shown(item)}")
    return tensors


def _checked_params(params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    allowed = "a dict of names to tensors (dict(model.named_parameters()))"
    try:
        pairs = dict(params)
    except (TypeError, ValueError):
        raise TypeError(f"draw: params must be {allowed}, got {shown(params)}") from None
    for name, value in pairs.items():
        if not isinstance(name, str):
            raise TypeError(f"draw: the names in params must be strings, got {shown(name)}")
        if not isinstance(value, Tensor):
            raise TypeError(f"draw: params[{name!r}] must be a tensor, got {shown(value)}")
    return pairs
