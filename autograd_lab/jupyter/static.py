"""How a widget shows in a saved notebook: a picture and its text, in every viewer.

A live widget needs its kernel. A saved notebook, opened later, in nbconvert's HTML, on GitHub, or
as a fresh clone that Jupyter does not trust, shows what the output stores next to the widget view:

* ``image/png`` for the picture. Every viewer renders a PNG; an ``image/svg+xml`` or ``text/html``
  output is shown by JupyterLab, Notebook 7 and VS Code only once the notebook is trusted, and a
  fresh clone or a Binder session never is.
* ``text/plain`` for the text results, **in an output of its own**. Within one output a viewer
  picks a single representation, the richest it can show: the picture, never the text under it.

So a widget is displayed as two outputs (:func:`display_parts`): its picture part (controls and
figure: live, the widget; saved, the PNG) and its text part (live, a widget that updates with the
controls; saved, the same text as ``text/plain``, which nbval compares). Nothing of a part is shown
twice: a viewer that renders the widget view hides that output's fallbacks.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Part", "WIDGET_VIEW", "png_data", "bundles", "display_parts"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass
class Part:
    """One output of a widget: the widget shown live, and what a saved notebook shows instead."""

    widget: Any                                              # an ipywidgets widget
    data: dict[str, Any]                                     # the fallbacks, by MIME type
    metadata: dict[str, Any] = field(default_factory=dict)   # e.g. the PNG's display size


def png_data(png: bytes, size: tuple[int, int] | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    """``image/png`` data (base64) and, if ``size`` (CSS pixels) is given, the metadata to show it so."""
    data = {"image/png": base64.b64encode(png).decode("ascii")}
    metadata = {"image/png": {"width": size[0], "height": size[1]}} if size else {}
    return data, metadata


def bundles(parts: Iterable[Part]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(data, metadata) of each output :func:`display_parts` publishes: the fallbacks plus the
    widget's view."""
    published = []
    for part in parts:
        view = part.widget._repr_mimebundle_() or {}
        data = dict(part.data)
        if WIDGET_VIEW in view:
            data[WIDGET_VIEW] = view[WIDGET_VIEW]
        published.append((data, dict(part.metadata)))
    return published


def display_parts(parts: Iterable[Part]) -> None:
    """Display each part as an output of its own (see the module docstring)."""
    from IPython.display import display

    for data, metadata in bundles(parts):
        display(data, metadata=metadata, raw=True)
