"""Widgets that plot functions against their gradients: ``plot_grad``, ``descend``, ``compare_grads``.

Each widget renders a model from :mod:`autograd_lab.viz.models` (where the numbers come from,
always the autograd engine) and forwards slider moves to it.

Drawing: with matplotlib's default (inline) backend the figure is rendered by Agg into an ``Image``
widget. The curves are drawn once per change of ``f`` or a parameter and kept as a bitmap; moving
``x0`` only redraws the tangent and the points over that bitmap (blitting), so a slider update costs
a few milliseconds for 1,000-point curves. After ``%matplotlib widget`` (ipympl) the figure is
ipympl's interactive canvas instead.

A widget is displayed as two outputs (:mod:`autograd_lab.jupyter.static`): the controls and the
figure, then the text results (f(x0), f'(x0), the largest difference). Where no widget frontend runs
(a saved notebook, nbconvert, GitHub's viewer, a fresh clone that is not trusted) the first shows a
PNG of the initial figure and the second the text results as ``text/plain``. nbval compares that
text and ignores widget views and PNGs, so widget cells need no ``nbval-ignore-output`` tag. No
``Output`` widget is used.
"""

from __future__ import annotations

import html
import io
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as W
import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure

from ..viz.curves import DIVERGED, GRADIENT_NOT_FINITE, NOT_FINITE, NOT_FINITE_AT_START
from ..viz.models import (
    DESCENT_METHODS,
    LR_RANGE,
    DescentModel,
    GradComparison,
    GradPlotModel,
    ParameterRange,
    ParameterSpec,
)
from ..viz.raster import encode_png
from .expr import ExpressionError
from .static import Part, bundles, display_parts, png_data

__all__ = ["plot_grad", "descend", "compare_grads", "GradPlot", "DescentPlot", "ErrorMessage",
           "GradPlotModel", "DescentModel", "GradComparison", "ExpressionError"]

FIGURE_SIZE = (8.4, 5.2)  # inches: the plots, and the legends beside them
DPI = 80  # 672 x 416 pixels: sharp enough inline, small enough to encode quickly
LEGEND_FONT_SIZE = 10
READOUT_CLASS = "autograd-lab-readout"  # CSS class of the text results (tests find them by it)
MESSAGE_CLASS = "autograd-lab-message"
COLORS = {"f": "C0", "point": "C1", "grad": "C2", "user": "C3", "second": "C4", "path": "C3"}


# ------------------------------------------------------------------------------------------------
# Rendering: a figure shown as a PNG (inline backend) or as ipympl's canvas
# ------------------------------------------------------------------------------------------------


def ipympl_enabled() -> bool:
    """Whether the user switched matplotlib to ipympl (``%matplotlib widget`` / ``ipympl``)."""
    # Read the raw setting: rcParams["backend"] would resolve (and possibly switch) the backend.
    backend = str(dict.__getitem__(matplotlib.rcParams, "backend")).lower()
    return "ipympl" in backend or backend == "widget"


def _png(canvas: FigureCanvasAgg) -> bytes:
    """Encode what the Agg canvas holds right now (no redraw) as an RGB PNG, favouring speed: it is
    the largest cost of a slider step, and zlib at level 1 keeps it low (flat plot colours compress
    well anyway). The figure is opaque, so alpha is dropped."""
    return encode_png(np.asarray(canvas.buffer_rgba())[:, :, :3], level=1)


class FigureView:
    """One matplotlib figure and the widget that shows it.

    ``moving`` artists (curves, tangent, points) change on every slider step; the rest is drawn only
    by :meth:`redraw_all`. With the inline backend, :meth:`redraw_moving` restores the cached bitmap
    of the rest and draws just the moving artists on it. ``overlays`` (legends: opaque boxes whose
    text is slow to draw) stay on top: their pixels are cached too and pasted back last.
    """

    def __init__(self, figure_size: tuple[float, float] = FIGURE_SIZE) -> None:
        self.interactive = ipympl_enabled()
        if self.interactive:
            import matplotlib.pyplot as plt

            with plt.ioff():  # the canvas widget goes into our layout; pyplot must not show it too
                self.figure = plt.figure(figsize=figure_size)
            self.widget: W.DOMWidget = self.figure.canvas
        else:
            self.figure = Figure(figsize=figure_size, dpi=DPI)
            self.canvas = FigureCanvasAgg(self.figure)
            width = round(figure_size[0] * DPI)
            # Shown at its pixel size (ipywidgets would stretch it to the output's width, blurring it).
            self.widget = W.Image(format="png", layout=W.Layout(width=f"{width}px", max_width="100%"))
        self.moving: list[Artist] = []
        self.overlays: list[Artist] = []
        self._background: Any = None
        self._overlay_pixels: list[Any] = []

    def set_moving(self, artists: Sequence[Artist], overlays: Sequence[Artist] = ()) -> None:
        """Declare the artists redrawn on every update (left out of the cached background) and the
        overlays kept on top of them."""
        for artist in self.moving:
            artist.set_animated(False)
        self.moving, self.overlays = list(artists), list(overlays)
        if not self.interactive:
            for artist in self.moving:
                artist.set_animated(True)

    def redraw_all(self) -> None:
        """Redraw everything (the curves changed)."""
        if self.interactive:
            self.figure.canvas.draw_idle()
            return
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        renderer = self.canvas.get_renderer()
        self._overlay_pixels = [self.canvas.copy_from_bbox(artist.get_window_extent(renderer))
                                for artist in self.overlays if artist.get_visible()]
        self._draw_moving_and_show()

    def redraw_moving(self) -> None:
        """Redraw only the moving artists over the cached background."""
        if self.interactive:
            self.figure.canvas.draw_idle()
            return
        if self._background is None:
            self.redraw_all()
            return
        self.canvas.restore_region(self._background)
        self._draw_moving_and_show()

    def _draw_moving_and_show(self) -> None:
        for artist in self.moving:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        for pixels in self._overlay_pixels:
            self.canvas.restore_region(pixels)
        self.widget.value = _png(self.canvas)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes (the static fallback in the cell's output)."""
        if self.interactive:
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png", dpi=DPI)
            return buffer.getvalue()
        if self._background is None:
            self.redraw_all()
        return bytes(self.widget.value)


def _padded_limits(*arrays: np.ndarray | None) -> tuple[float, float]:
    """y-limits holding the finite values of ``arrays`` with a 10% margin (fixed while x0 moves)."""
    finite = [a[np.isfinite(a)] for a in arrays if a is not None]
    finite = [a for a in finite if a.size]
    if not finite:
        return -1.0, 1.0
    values = np.concatenate(finite)
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return low - 1.0, high + 1.0
    margin = 0.1 * (high - low)
    return low - margin, high + margin


class _TextWidgets:
    """The readout (text results) and the message line (errors) shown under a figure: ``box``, the
    widget's second output."""

    def __init__(self) -> None:
        self.readout = W.HTML()
        self.readout.add_class(READOUT_CLASS)
        self.message = W.HTML()
        self.message.add_class(MESSAGE_CLASS)
        self.box = W.VBox([self.readout, self.message])

    def show(self, summary: str) -> None:
        self.readout.value = f"<pre style='margin:0'>{html.escape(summary)}</pre>"

    def error(self, text: str) -> None:
        self.message.value = (f"<pre style='margin:0;color:#b00020;white-space:pre-wrap'>"
                              f"{html.escape(text)}</pre>") if text else ""


class _TwoPartDisplay:
    """Displays a figure widget as two outputs: the controls and figure (saved: a PNG), then the
    text results (saved: ``text/plain``). See :mod:`autograd_lab.jupyter.static`."""

    model: Any
    view: FigureView
    text: _TextWidgets
    caption: str  # the first output's text/plain: what a text-only frontend shows for the figure

    def parts(self) -> list[Part]:
        """The two outputs, with the figure and the text results as they are now."""
        picture, metadata = png_data(self.view.png())
        return [Part(self, {**picture, "text/plain": self.caption}, metadata),  # type: ignore[arg-type]
                Part(self.text.box, {"text/plain": self.model.summary()})]

    def display_bundles(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(data, metadata) of the outputs a display of this widget publishes."""
        return bundles(self.parts())

    def _ipython_display_(self) -> None:
        display_parts(self.parts())


def _guarded(text: _TextWidgets, action: Callable[[], None]) -> None:
    """Run a model update; show a refused formula or an error of ``f`` as a message, not a traceback.

    The models change all or nothing, so after an error the figure still shows the last good state.
    """
    try:
        action()
    except ExpressionError as error:
        text.error(str(error))
        return
    except Exception as error:  # the learner's f failing for some slider value
        text.error(f"{type(error).__name__}: {error}")
        return
    text.error("")


# ------------------------------------------------------------------------------------------------
# plot_grad
# ------------------------------------------------------------------------------------------------


class _GradFigure:
    """f with its tangent (top) over f', the hand-written derivative and f'' (bottom).

    The axes, ticks and grid are the cached background; curves, points and legends are redrawn
    on every update. The y-limits follow the curves with some hysteresis, so that a parameter
    slider usually moves the curves without the (slow) full redraw that new limits need.
    """

    def __init__(self, model: GradPlotModel, view: FigureView) -> None:
        self.model = model
        self.view = view
        self.top, self.bottom = view.figure.subplots(2, 1, sharex=True)
        # Not a layout engine: a layout pass would double the cost of a full redraw.
        # Fixed margins; the legends sit right of the plots, where no curve or tangent runs under them.
        view.figure.subplots_adjust(left=0.1, right=0.73, top=0.93, bottom=0.09, hspace=0.1)
        (self.f_line,) = self.top.plot([], [], color=COLORS["f"], label="f")
        (self.tangent,) = self.top.plot([], [], "--", color=COLORS["point"], label="tangent at x0")
        # clip_on=False: a point at the edge of the range shows whole, not cut in half
        (self.f_point,) = self.top.plot([], [], "o", color=COLORS["point"], clip_on=False, zorder=5)
        (self.grad_line,) = self.bottom.plot([], [], color=COLORS["grad"], label="f' (autograd)")
        (self.user_line,) = self.bottom.plot([], [], "--", color=COLORS["user"],
                                             label=f"{model.grad_name} (yours)")
        (self.second_line,) = self.bottom.plot([], [], ":", color=COLORS["second"], label="f'' (autograd)")
        (self.grad_point,) = self.bottom.plot([], [], "o", color=COLORS["point"], clip_on=False, zorder=5)
        self.x0_lines = [axes.axvline(model.x0, color="0.6", linewidth=0.8)
                         for axes in (self.top, self.bottom)]
        for axes in (self.top, self.bottom):
            axes.grid(alpha=0.3)
        self.bottom.set_xlabel("x")
        self.top.set_ylabel("f(x)")
        self.bottom.set_ylabel("derivative")
        self.bottom.set_xlim(model.low, model.high)
        self.legend_labels: list[str] = []  # the last entry of each legend: changes force a redraw

    def draw_curves(self) -> bool:
        """Update every artist from the model; True if the background (limits, legend) changed."""
        model, curve = self.model, self.model.curve
        self.f_line.set_data(curve.x, curve.value)
        self.grad_line.set_data(curve.x, curve.first)
        self.user_line.set_visible(model.user_grad is not None)
        if model.user_grad is not None:
            self.user_line.set_data(curve.x, model.user_grad)
        self.second_line.set_visible(curve.second is not None)
        if curve.second is not None:
            self.second_line.set_data(curve.x, curve.second)
        changed = _follow_limits(self.top, curve.value)
        changed |= _follow_limits(self.bottom, curve.first, model.user_grad, curve.second)
        title = "" if model.label == "f" else model.label
        changed |= title != self.top.get_title()
        self.top.set_title(title, fontsize=10)
        legends = []
        for axes in (self.top, self.bottom):
            visible = [line for line in axes.get_lines()
                       if line.get_visible() and not line.get_label().startswith("_")]
            legends.append(axes.legend(handles=visible, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                                       borderaxespad=0, fontsize=LEGEND_FONT_SIZE, framealpha=1,
                                       fancybox=False))
        changed |= [legend.get_texts()[-1].get_text() for legend in legends] != self.legend_labels
        self.legend_labels = [legend.get_texts()[-1].get_text() for legend in legends]
        self.draw_point()
        self.view.set_moving([self.f_line, self.grad_line, self.user_line, self.second_line, *self.x0_lines,
                              self.tangent, self.f_point, self.grad_point], overlays=legends)
        return changed

    def draw_point(self) -> None:
        model, point = self.model, self.model.point
        self.tangent.set_data(*model.tangent())
        self.f_point.set_data([point.x0], [point.value])
        self.grad_point.set_data([point.x0], [point.first])
        for line in self.x0_lines:
            line.set_xdata([point.x0, point.x0])


def _follow_limits(axes: Any, *arrays: np.ndarray | None) -> bool:
    """Set ``axes``' y-limits for ``arrays`` unless the current ones still fit well; True if changed.

    "Fit well": the data lies inside and fills at least half of the height. New limits get extra
    room (a quarter of the data's range on each side) so that dragging a parameter slider does not
    change them on every step.
    """
    low, high = _padded_limits(*arrays)
    current_low, current_high = axes.get_ylim()
    if current_low <= low and high <= current_high and (high - low) >= 0.5 * (current_high - current_low):
        return False
    room = 0.25 * (high - low)  # on top of the 10% margin of _padded_limits
    axes.set_ylim(low - room, high + room)
    return True


def _slider(parameter: ParameterRange, description: str) -> W.FloatSlider:
    return W.FloatSlider(value=parameter.value, min=parameter.low, max=parameter.high, step=parameter.step,
                         description=description, continuous_update=True, readout_format=".3g",
                         layout=W.Layout(width="420px"))


class GradPlot(_TwoPartDisplay, W.VBox):
    """The ``plot_grad`` widget: controls and the figure; ``results`` (its second output) holds the
    text results. ``model`` holds the state."""

    def __init__(self, model: GradPlotModel) -> None:
        self.model = model
        self.view = FigureView()
        self.plot = _GradFigure(model, self.view)
        self.text = _TextWidgets()
        span = model.high - model.low
        self.x0_slider = _slider(ParameterRange("x0", model.low, model.high, span / 600, model.x0), "x0")
        self.parameter_sliders = {name: _slider(spec, name) for name, spec in model.ranges.items()}
        self.second_checkbox = W.Checkbox(value=model.second, description="show f'' (create_graph)",
                                          indent=False)
        self.expression_box = None
        controls: list[W.Widget] = []
        if model.f_source is not None:
            # continuous_update=False: parse on Enter or leaving the box, not on every keystroke.
            self.expression_box = W.Text(value=model.f_source, description="f(x) =", continuous_update=False,
                                         layout=W.Layout(width="420px"))
            self.expression_box.observe(self._on_expression, names="value")
            controls.append(self.expression_box)
        controls += [self.x0_slider, *self.parameter_sliders.values(), self.second_checkbox]
        self.x0_slider.observe(self._on_x0, names="value")
        for name, slider in self.parameter_sliders.items():
            slider.observe(lambda change, name=name: self._update(
                lambda: model.set_parameter(name, change["new"])), names="value")
        self.second_checkbox.observe(
            lambda change: self._update(lambda: setattr(model, "second", change["new"])), names="value")
        model.observe(self._on_model_change)
        self.plot.draw_curves()
        self.view.redraw_all()
        self.text.show(model.summary())
        self.results = self.text.box
        self.caption = f"[plot_grad: {model.label} and its derivative by autograd; text results below]"
        super().__init__([*controls, self.view.widget])

    def _update(self, action: Callable[[], None]) -> None:
        _guarded(self.text, action)

    def _on_x0(self, change: dict[str, Any]) -> None:
        self._update(lambda: setattr(self.model, "x0", change["new"]))

    def _on_expression(self, change: dict[str, Any]) -> None:
        self._update(lambda: self.model.set_expression(change["new"]))

    def _on_model_change(self, what: str) -> None:
        if what == "point":
            self.plot.draw_point()
            self.view.redraw_moving()
        elif self.plot.draw_curves():
            self.view.redraw_all()
        else:
            self.view.redraw_moving()
        self.text.show(self.model.summary())


class ErrorMessage(W.HTML):
    """What ``plot_grad``/``descend`` show for a formula they refuse: the reason, readable."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"<pre style='color:#b00020;white-space:pre-wrap'>{html.escape(text)}</pre>")
        self.add_class(MESSAGE_CLASS)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text
        return bundle


def plot_grad(f: Callable[..., Any] | str, grad: Callable[..., Any] | str | None = None,
              x: tuple[float, float] = (-3.0, 3.0), x0: float | None = None, points: int = 1000,
              second: bool = False, **parameters: ParameterSpec) -> GradPlot | ErrorMessage:
    """Plot ``f`` and its derivative computed by autograd, with a slider for a point ``x0``.

    ``f``: a function of a tensor (``lambda x: x**2 * t.sin(x)``) or a formula (``"x**2 * sin(x)"``),
    applied elementwise to ``points`` values on ``x = (low, high)``. The tangent at ``x0`` moves
    with the slider; ``f(x0)`` and ``f'(x0)`` are shown. ``grad``: your own derivative, drawn over
    autograd's, with the largest difference reported. ``second=True`` (or the checkbox) adds ``f''``.
    Keyword arguments are parameters with sliders, as in ``interact``: ``a=(-2, 2)`` or
    ``a=(-2, 2, 0.1, 1.0)`` (low, high, step, start); ``df/da`` at ``x0`` is shown too.

    A formula that is refused (unknown names, attribute access, ...) gives a message, not a traceback.
    Every other argument is checked first (``ValueError``/``TypeError`` naming it): ``x`` a finite
    range within ±1,000,000, ``x0`` inside it, ``points`` from 2 to 10,000, at most 10 parameters
    whose ranges follow the same rules; ``f``, ``grad``, ``x0``, ``points`` and ``second`` cannot be
    parameter names.
    """
    try:
        model = GradPlotModel(f, grad=grad, x=x, x0=x0, points=points, second=second, parameters=parameters)
    except ExpressionError as error:
        return ErrorMessage(f"could not plot: {error}")
    return GradPlot(model)


# ------------------------------------------------------------------------------------------------
# descend
# ------------------------------------------------------------------------------------------------


class _DescentFigure:
    """Contours of f, arrows of -grad f, and the optimizer's path."""

    def __init__(self, model: DescentModel, view: FigureView) -> None:
        self.model = model
        self.axes = view.figure.subplots()
        view.figure.subplots_adjust(left=0.1, right=0.97, top=0.93, bottom=0.1)
        surface, field = model.surface, model.field
        finite = np.where(np.isfinite(surface.value), surface.value, np.nan)
        if np.isfinite(finite).any():
            levels = contour_levels(surface.value)
            contours = self.axes.contourf(surface.x, surface.y, finite, levels=levels, cmap="viridis",
                                          alpha=0.8, norm=BoundaryNorm(levels, 256), extend="neither")
            view.figure.colorbar(contours, ax=self.axes, label="f(x, y)")
        else:  # nothing to draw contours of (say sqrt(-1 - x**2 - y**2))
            self.axes.text(0.5, 0.5, "f is not finite anywhere on this square", transform=self.axes.transAxes,
                           ha="center", va="center", color="#b00020")
        # Arrows show the direction of -grad f (where a step goes), all the same length: their size
        # would hide the direction where the gradient is small, which is where descent ends up.
        u, v = -field.grad_x, -field.grad_y
        norm = np.hypot(u, v)
        norm[~(norm > 0)] = 1.0
        if np.isfinite(u).any() and np.isfinite(v).any():  # nan arrows (outside f's domain) are not drawn
            with np.errstate(invalid="ignore"):
                u, v = u / norm, v / norm
            self.axes.quiver(field.x, field.y, u, v, color="white", alpha=0.7, width=0.003)
        (self.path_line,) = self.axes.plot([], [], "-o", color=COLORS["path"], markersize=3, linewidth=1.2,
                                           label="path")
        (self.start_point,) = self.axes.plot([], [], "s", color="white", markeredgecolor="black",
                                             label="start")
        (self.end_point,) = self.axes.plot([], [], "*", color=COLORS["path"], markersize=12,
                                           markeredgecolor="black", label="end")
        self.status = self.axes.text(0.02, 0.02, "", transform=self.axes.transAxes, fontsize=9,
                                     bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
        self.axes.set_xlim(*model.x_range)
        self.axes.set_ylim(*model.y_range)
        self.axes.set_xlabel("x")
        self.axes.set_ylabel("y")
        self.axes.set_title("" if model.label == "f" else model.label, fontsize=10)
        legend = self.axes.legend(loc="upper right", fontsize=8, framealpha=1, fancybox=False)
        view.set_moving([self.path_line, self.start_point, self.end_point, self.status], overlays=[legend])

    def draw_path(self) -> None:
        model, path = self.model, self.model.path
        self.path_line.set_data(path.x, path.y)
        self.start_point.set_data([model.start[0]], [model.start[1]])
        self.end_point.set_data(path.x[-1:], path.y[-1:])
        status = {DIVERGED: f"diverged at step {path.stopped_at}",
                  NOT_FINITE_AT_START: "f is not finite at the start",
                  NOT_FINITE: f"stopped at step {path.stopped_at}: f is not finite there",
                  GRADIENT_NOT_FINITE: f"stopped at step {path.stopped_at}: the gradient is not finite"}
        if path.stop is not None:
            self.status.set_text(status[path.stop])
            self.status.set_color("#b00020")
        else:
            self.status.set_text(f"f = {path.value[-1]:.4g} after {model.steps} steps")
            self.status.set_color("black")


class DescentPlot(_TwoPartDisplay, W.VBox):
    """The ``descend`` widget: learning rate, steps and method controls over the contour plot;
    ``results`` (its second output) holds the text results."""

    def __init__(self, model: DescentModel, max_steps: int = 200) -> None:
        self.model = model
        self.view = FigureView(figure_size=(6.4, 5.2))
        self.plot = _DescentFigure(model, self.view)
        self.text = _TextWidgets()
        # A tenth to ten times the given rate, in steps of 1/100 of a decade: a drag of a few pixels
        # changes the rate by a few percent (a range of 1e-4 to 10 made 60 pixels worth 18x).
        exponent = math.log10(model.lr)
        low, high = _log_grid(model.lr, step=LR_STEP, low=max(exponent - LR_DECADES, math.log10(LR_RANGE[0])),
                              high=min(exponent + LR_DECADES, math.log10(LR_RANGE[1])), limits=LR_RANGE)
        self.lr_slider = W.FloatLogSlider(value=model.lr, base=10, min=low, max=high, step=LR_STEP,
                                          description="lr", readout_format=".3g",
                                          layout=W.Layout(width="560px"))
        self.steps_slider = W.IntSlider(value=model.steps, min=1, max=max(max_steps, model.steps),
                                        description="steps", layout=W.Layout(width="560px"))
        self.method_buttons = W.ToggleButtons(
            options=[(label, key) for key, (label, _) in DESCENT_METHODS.items()], value=model.method,
            description="method", style=W.ToggleButtonsStyle(button_width="auto"))
        for widget, attribute in ((self.lr_slider, "lr"), (self.steps_slider, "steps"),
                                  (self.method_buttons, "method")):
            widget.observe(lambda change, attribute=attribute: _guarded(
                self.text, lambda: _set_unless_rounding(model, attribute, change["new"])),
                names="value")
        model.observe(self._on_model_change)
        self.plot.draw_path()
        self.view.redraw_all()
        self.text.show(model.summary())
        self.results = self.text.box
        self.caption = f"[descend: {model.label}, contours and the optimizer's path; text results below]"
        super().__init__([self.method_buttons, self.lr_slider, self.steps_slider, self.view.widget])

    def _on_model_change(self, what: str) -> None:
        self.plot.draw_path()
        self.view.redraw_moving()
        self.text.show(self.model.summary())


def descend(f: Callable[..., Any] | str, start: tuple[float, float] | None = None, lr: float = 0.1,
            steps: int = 30, method: str = "plain", x: tuple[float, float] = (-2.0, 2.0),
            y: tuple[float, float] = (-2.0, 2.0)) -> DescentPlot | ErrorMessage:
    """Gradient descent on ``f(x, y)``, drawn over its contours and its gradient field.

    ``f``: a function of two tensors (``lambda x, y: x**2 + 10 * y**2``) or a formula
    (``"x**2 + 10*y**2"``). ``method``: ``"plain"`` (SGD), ``"momentum"`` (SGD, momentum 0.9) or
    ``"adam"``, all from ``autograd_lab.optim``. Sliders set the learning rate and the number of
    steps; a rate too large for ``f`` makes the path fly off, and the plot says at which step. A
    start where ``f`` is not finite, or a path reaching a point where ``f`` or its gradient is not,
    is reported as that, not as divergence.

    Every argument is checked first (``ValueError``/``TypeError`` naming it): ``start`` within ten
    times the plotted square, ``lr`` from 1e-06 to 100, ``steps`` from 1 to 2,000, ``x`` and ``y``
    finite ranges within ±1,000,000.
    """
    try:
        model = DescentModel(f, start=start, lr=lr, steps=steps, method=method, x=x, y=y)
    except ExpressionError as error:
        return ErrorMessage(f"could not plot: {error}")
    return DescentPlot(model)


#: ``compare_grads`` shows its progress from this many elements on.
PROGRESS_FROM = 1_000


class _Progress:
    """A line on stderr redrawn as the finite differences advance (every 1% of the elements)."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        percent = done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rcompare_grads: finite differences for {done:,} of {total:,} elements "
                         f"({percent}%; interrupt to stop and keep what is done){end}")
        sys.stderr.flush()


def compare_grads(f: Callable[..., Any] | str, x: Any, eps: float = 1e-6) -> GradComparison | ErrorMessage:
    """Autograd's gradient of ``f`` at ``x`` next to central finite differences, per element.

    ``f`` maps a tensor to a scalar (several values are summed); ``x`` is a tensor, array or list of
    1 to 100,000 finite numbers; ``eps`` from 1e-12 to 1. The result displays as a table (the first 20
    elements) with the largest difference; its arrays are ``.autograd``, ``.finite_difference`` and
    ``.difference``. From 1,000 elements on a progress line is shown; interrupting (Ctrl+C, the stop
    button) keeps the elements done. A refused formula gives a message, as in ``plot_grad``.
    """
    try:
        return GradComparison(f, x, eps=eps, progress=_Progress())
    except ExpressionError as error:
        return ErrorMessage(f"could not compare: {error}")


#: The lr slider of ``descend``: its step (in powers of ten) and how many decades it spans either way.
LR_STEP = 0.01
LR_DECADES = 1.0


def contour_levels(values: np.ndarray, count: int = 25) -> np.ndarray:
    """Contour levels for ``values``: evenly spaced, or geometrically above the minimum when most of
    the surface lies near its minimum (Rosenbrock's valley would otherwise be one colour)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.linspace(0.0, 1.0, count + 1)
    low, high = float(finite.min()), float(finite.max())
    span = high - low
    if not span > 0:
        return np.linspace(low - 0.5, high + 0.5, count + 1)
    if float(np.median(finite)) - low > 0.1 * span:
        return np.linspace(low, high, count + 1)
    offsets = np.geomspace(span * 1e-4, span, count)
    return np.concatenate([[low], low + offsets])


def _log_grid(value: float, step: float, low: float, high: float,
              limits: tuple[float, float] = (0.0, math.inf)) -> tuple[float, float]:
    """Bounds for a log slider whose grid passes through ``value``: the browser snaps a slider to
    ``min + k * step``, and would otherwise move ``lr=0.05`` to 0.0501 (and compute with that).
    The grid covers ``low`` to ``high`` (exponents), but its ends never pass ``limits`` (values): a
    slider dragged to its end must give a value the widget accepts."""
    exponent = math.log10(value)
    low, high = min(low, exponent), max(high, exponent)  # a rate outside the usual range stays as given
    below = math.ceil(round((exponent - low) / step, 9))
    above = math.ceil(round((high - exponent) / step, 9))
    while below > 0 and 10 ** (exponent - below * step) < limits[0]:
        below -= 1
    while above > 0 and 10 ** (exponent + above * step) > limits[1]:
        above -= 1
    return exponent - below * step, exponent + above * step


def _set_unless_rounding(model: Any, attribute: str, value: Any) -> None:
    """Set a model attribute from a control, ignoring the browser's float rounding of the value
    the control was created with (10 ** (min + k * step) is not exactly 0.05)."""
    current = getattr(model, attribute)
    if isinstance(value, float) and isinstance(current, float) and math.isclose(
            value, current, rel_tol=1e-9):
        return
    setattr(model, attribute, value)
