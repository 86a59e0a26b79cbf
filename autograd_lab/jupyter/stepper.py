"""``%%trace --steps``: replay the backward pass one engine step at a time.

A Play button and a slider move through the steps in the order the engine ran them; each step shows
the same drawing (laid out once) with the current node highlighted, the nodes already run outlined
and the arrows its gradients travel along drawn thick, and under it the gradient that arrived (a sum
when the tensor was used twice), the node's backward rule and what it sent to each input.

Where no widget frontend runs (nbconvert, GitHub, a terminal), the same display falls back to
``text/html`` and ``text/plain``: the drawing and the numbered list of steps.
"""

from __future__ import annotations

import html
from typing import Any

from ..viz.picture import Picture

__all__ = ["StepThrough"]

#: Milliseconds between steps when playing.
INTERVAL = 1500


def _details(picture: Picture, index: int) -> str:
    """The text under the drawing at slider position ``index`` (0 = before the first step)."""
    if index == 0:
        count = len(picture.steps)
        return (f"Backward pass: {count} step{'s' if count != 1 else ''} in the engine's order. "
                "Press ▶ or move the slider.")
    return picture.steps[index - 1].text()


class StepThrough:
    """The step-through display of a traced backward pass."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture
        self._widget: Any = None

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
        slider = widgets.IntSlider(value=0, min=0, max=last, step=1, description="step",
                                   disabled=last == 0, continuous_update=True)
        widgets.jslink((play, "value"), (slider, "value"))
        image = widgets.Image(value=picture.svg.encode("utf-8"), format="svg+xml")
        details = widgets.HTML(value=self._details_html(0))

        def show(change: dict) -> None:
            index = change["new"]
            svg = picture.svg if index == 0 else picture.step_svg(index - 1)
            image.value = svg.encode("utf-8")
            details.value = self._details_html(index)

        slider.observe(show, names="value")
        return widgets.VBox([widgets.HBox([play, slider]), image, details])

    def _details_html(self, index: int) -> str:
        return f"<pre style='margin:0'>{html.escape(_details(self.picture, index))}</pre>"

    def show_step(self, index: int) -> None:
        """Move the view to slider position ``index`` (0 = overview, k = step k)."""
        slider = self.widget.children[0].children[1]
        slider.value = index

    @property
    def text(self) -> str:
        """The static fallback: summary table and the numbered steps."""
        return self.picture.text + "\n" + self.picture.steps_text

    def static_html(self) -> str:
        """The drawing and the list of steps as HTML (for nbconvert and GitHub)."""
        items = "".join(f"<li><pre>{html.escape(step.text())}</pre></li>" for step in self.picture.steps)
        steps = f"<ol>{items}</ol>" if items else f"<p>{html.escape(self.picture.steps_text)}</p>"
        return f"<div class='autograd-lab-steps'>\n{self.picture.svg}{steps}\n</div>\n"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": self.text}
        if self.picture.options.format == "svg" and self.picture.graph.nodes:
            bundle["image/svg+xml"] = self.picture.svg
            bundle["text/html"] = self.static_html()
            view = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
            key = "application/vnd.jupyter.widget-view+json"
            if key in view:
                bundle[key] = view[key]
        return bundle
