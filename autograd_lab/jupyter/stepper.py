"""``%%trace --steps``: replay the backward pass one engine step at a time.

A Play button and a slider move through the steps in the order the engine ran them. Beside the
drawing (laid out once, drawn small enough that slider, drawing and explanation fit one screen)
each step shows the gradient that arrived (a sum when the tensor was used twice), the node's
backward rule and what it sent to each input; in the drawing the current node is filled orange,
the nodes already run are outlined green and the arrows its gradients travel along are drawn thick,
as the key above the explanation says.

The display is two outputs (see :mod:`autograd_lab.jupyter.static`): the step-through itself
(saved: the drawing as SVG and PNG, and the summary table as text) and every step as text (live: a
collapsed "all steps" section; saved: the numbered list of steps as ``text/plain``), so a notebook
opened without a kernel, or not trusted, still shows the picture and the explanation.
"""

from __future__ import annotations

import html
from typing import Any

from ..viz.capture import STEP_DETAIL
from ..viz.picture import Picture
from ..viz.raster import svg_to_png
from ..viz.steps import CURRENT_BORDER, CURRENT_FILL, DONE_BORDER
from .static import Part, bundles, display_parts, png_data

__all__ = ["StepThrough", "drawing_scale"]

#: Milliseconds between steps when playing.
INTERVAL = 1500
#: The drawing's largest size in the step-through (CSS pixels), and its scale at most: with the
#: explanation (EXPLANATION_WIDTH) beside it, everything fits a 1400x900 screen.
MAX_DRAWING_WIDTH = 600
MAX_DRAWING_HEIGHT = 640
MAX_DRAWING_SCALE = 0.8
EXPLANATION_WIDTH = 380

#: The key to the highlights, above the explanation.
HIGHLIGHT_KEY = (
    "<div style='font-size:12px;line-height:1.9'>"
    f"<span style='border:3px solid {CURRENT_BORDER};background:{CURRENT_FILL};padding:0 6px'>"
    "&nbsp;</span> the step running now &nbsp; "
    f"<span style='border:2px solid {DONE_BORDER};padding:0 6px'>&nbsp;</span> already run &nbsp; "
    f"<span style='color:{CURRENT_BORDER};font-weight:bold'>&#10230;</span> its gradients"
    "</div>"
)


#: The key, when the steps include forward mode's (tangents flow along the arrows, forwards).
FORWARD_HIGHLIGHT_KEY = HIGHLIGHT_KEY.replace(
    "its gradients", "its gradients (backward) or the tangents it takes in (forward)")


def _forward_overview(picture: Picture) -> str:
    """What the slider walks when forward mode ran: both walks, counted."""
    forward, backward = picture.forward, picture.order
    text = (f"Forward mode: {forward.steps:,} forward step{'s' if forward.steps != 1 else ''} in "
            f"{forward.passes:,} forward pass{'es' if forward.passes != 1 else ''} (one per tangent "
            "direction), each op's tangent from its inputs' tangents by its Forward: rule.")
    if backward.steps:
        text += (f"\nBackward: {backward.steps:,} step{'s' if backward.steps != 1 else ''} in "
                 f"{backward.passes:,} pass{'es' if backward.passes != 1 else ''}.")
    return text + "\nThe slider walks them in the order they ran. Press ▶ or move the slider."


def _details(picture: Picture, index: int) -> str:
    """The explanation beside the drawing at slider position ``index`` (0 = before the first step)."""
    if index == 0 and picture.forward.steps:
        return _forward_overview(picture)
    if index == 0:
        count = max(picture.order.steps, len(picture.steps))
        kept = ""
        if len(picture.steps) < count:  # a big pass: only the first and last steps have gradients
            kept = (f" The slider walks the {len(picture.steps):,} kept with their gradients: the first "
                    f"and last {STEP_DETAIL:,}.")
        return (f"Backward pass: {count:,} step{'s' if count != 1 else ''} in the engine's order.{kept}\n"
                "Press ▶ or move the slider.")
    step = picture.steps[index - 1]
    return f"{step.walk}, {step.text()}" if picture.forward.steps else step.text()


def drawing_scale(width: float, height: float) -> float:
    """The scale at which a drawing of ``width`` x ``height`` CSS pixels is shown in the step-through."""
    return min(MAX_DRAWING_SCALE, MAX_DRAWING_WIDTH / max(width, 1.0), MAX_DRAWING_HEIGHT / max(height, 1.0))


class StepThrough:
    """The step-through display of a traced backward pass (``slider``, ``image``, ``details``)."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture
        self._widget: Any = None
        self._all_steps: Any = None

    @property
    def widget(self) -> Any:
        """The ipywidgets view (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self) -> Any:
        import ipywidgets as widgets

        picture = self.picture
        last = len(picture.steps)
        play = widgets.Play(value=0, min=0, max=last, step=1, interval=INTERVAL,
                            description="play", disabled=last == 0)
        self.slider = widgets.IntSlider(value=0, min=0, max=last, step=1, description="step",
                                        disabled=last == 0, continuous_update=True)
        widgets.jslink((play, "value"), (self.slider, "value"))
        _, (width, height) = svg_to_png(picture.svg)
        scale = drawing_scale(width, height)
        self.image = widgets.Image(value=picture.svg.encode("utf-8"), format="svg+xml",
                                   layout=widgets.Layout(width=f"{round(width * scale)}px",
                                                         height=f"{round(height * scale)}px",
                                                         flex="0 0 auto"))
        self.details = widgets.HTML(value=self._details_html(0))
        key = FORWARD_HIGHLIGHT_KEY if picture.forward.steps else HIGHLIGHT_KEY
        explanation = widgets.VBox([widgets.HTML(key), self.details],
                                   layout=widgets.Layout(width=f"{EXPLANATION_WIDTH}px", margin="0 0 0 12px"))

        def show(change: dict) -> None:
            index = change["new"]
            svg = picture.svg if index == 0 else picture.step_svg(index - 1)
            self.image.value = svg.encode("utf-8")
            self.details.value = self._details_html(index)

        self.slider.observe(show, names="value")
        # wraps the explanation under the drawing when the notebook is too narrow for both
        body = widgets.HBox([self.image, explanation],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        return widgets.VBox([widgets.HBox([play, self.slider]), body])

    def _details_html(self, index: int) -> str:
        # lines wrap between words only: JupyterLab's outputs break anywhere, which split a number
        # in two ("-0.832" on one line, "3" on the next)
        return ("<pre style='margin:0;white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;"
                "font-size:12px'>"
                f"{html.escape(_details(self.picture, index))}</pre>")

    @property
    def all_steps(self) -> Any:
        """The second output, live: every step as text, in a collapsed section."""
        if self._all_steps is None:
            import ipywidgets as widgets

            count = len(self.picture.steps)
            text = widgets.HTML(f"<pre style='margin:0'>{html.escape(self.picture.steps_text)}</pre>")
            self._all_steps = widgets.Accordion(children=[text], selected_index=None)
            self._all_steps.set_title(0, f"All {count} step{'s' if count != 1 else ''} as text")
        return self._all_steps

    def show_step(self, index: int) -> None:
        """Move the view to slider position ``index`` (0 = overview, k = step k)."""
        _ = self.widget
        self.slider.value = index

    @property
    def text(self) -> str:
        """The static fallback: summary table and the numbered steps."""
        return self.picture.text + "\n" + self.picture.steps_text

    def parts(self) -> list[Part]:
        """The two outputs of the display (see the module docstring)."""
        if not self.picture.drawn:  # nothing to draw or step through: the text alone
            return []
        png, metadata = png_data(self.picture.png, svg_to_png(self.picture.svg)[1])
        fallbacks = {"image/svg+xml": self.picture.svg, **png, "text/plain": self.picture.text}
        drawing = Part(self.widget, fallbacks, metadata)
        return [drawing, Part(self.all_steps, {"text/plain": self.picture.steps_text})]

    def display_bundles(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(data, metadata) of the outputs a display of the step-through publishes."""
        parts = self.parts()
        return bundles(parts) if parts else [({"text/plain": self.text}, {})]

    def _ipython_display_(self) -> None:
        parts = self.parts()
        if parts:
            display_parts(parts)
        else:
            from IPython.display import display

            display({"text/plain": self.text}, raw=True)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """For frontends that ask for one bundle: the drawing, and all the text."""
        bundle: dict[str, Any] = {"text/plain": self.text}
        if self.picture.drawn:
            bundle["image/svg+xml"] = self.picture.svg
        return bundle
