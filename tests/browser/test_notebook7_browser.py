"""The ``%%trace --steps`` step-through widget and ``plot_grad`` in Notebook 7 (not only JupyterLab).

Notebook 7 is served by the same server as the JupyterLab tests (the ``notebook`` package adds the
``/notebooks/<path>`` page to it) and is built from the same JupyterLab components: the same
``notebook:run-all-cells`` command, the same cell and output DOM classes. So the
:class:`JupyterLab` driver of ``conftest.py`` drives it too, once the page exposes its application
object as ``window.jupyterapp`` (see :class:`Notebook7`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from autograd_lab.viz.steps import CURRENT_FILL

from .conftest import _PANEL_READY_JS, NOTEBOOK_OPEN_TIMEOUT_S, JupyterLab, JupyterServer
from .test_widgets_browser import READOUT, WIDGET_CELLS, shown_values

STEP_CELLS = [
    "%load_ext autograd_lab",
    "%%trace --steps\nimport autograd_lab as t\nx = t.tensor([1., 2.], requires_grad=True)\n"
    "z = (x * x + x).sum()\nz.backward()",
]

# The server's command line sets expose_app_in_browser for JupyterLab only, so Notebook 7 keeps
# window.jupyterapp hidden. This script, run before the page's own, switches it on in the page
# configuration Notebook 7 embeds in its HTML: the parser lets the observer run before the next
# script, and the application (a deferred script) reads the configuration only after that.
# (Rewriting the HTML through a Playwright route instead makes Chromium treat the page as not
# local and block its websockets to the loopback server.)
_EXPOSE_APP_JS = """new MutationObserver((_, observer) => {
    const config = document.getElementById('jupyter-config-data');
    if (config === null || !config.textContent.includes('"exposeAppInBrowser": false')) return;
    config.textContent = config.textContent.replace(
        '"exposeAppInBrowser": false', '"exposeAppInBrowser": true');
    observer.disconnect();
}).observe(document, {childList: true, subtree: true, characterData: true});"""

# Notebook 7.6's own page raises these while it loads, also for a notebook with a single "1+1"
# cell and no widgets, some only on some runs (a command its file browser registers late, a font
# it fetches without the token): none is the widgets' doing.
NOTEBOOK7_OWN_ERRORS = (
    re.compile(re.escape("Cannot read properties of undefined (reading 'schema')")),
    re.compile(r"^Command '[\w:-]+' not registered\.$"),
    re.compile(r"Failed to load resource: .*/static/notebook/[0-9a-f]+\.woff2?\)?$"),
)

# The ids of the graph's boxes drawn in the current-step colour, in an SVG document's text.
_HIGHLIGHTED_NODES_JS = """([svgText, fill]) => {
    const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    return Array.from(svg.querySelectorAll('g.node'))
        .filter((node) => node.querySelector(`[fill="${fill}"]`) !== null)
        .map((node) => node.id);
}"""


class Notebook7(JupyterLab):
    """The :class:`JupyterLab` driver pointed at Notebook 7's single-notebook page."""

    def open_notebook(self, path: str | Path, timeout_s: float = NOTEBOOK_OPEN_TIMEOUT_S) -> None:
        """Open ``<base_url>/notebooks/<path>`` and wait until its kernel is idle."""
        relative = self.server.relative(path)
        self.page.add_init_script(_EXPOSE_APP_JS)
        self.page.goto(self.server.url(f"notebooks/{quote(relative)}"))
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout_s * 1000)
        name = self.page.evaluate("() => window.jupyterapp.name")
        assert name == "Jupyter Notebook", f"not the Notebook 7 interface: {name!r}"
        self.page.wait_for_function(_PANEL_READY_JS, arg=relative, timeout=timeout_s * 1000)


@pytest.fixture
def notebook7(browser_page: Any, jupyter_server: JupyterServer) -> Iterator[Notebook7]:
    """A :class:`Notebook7` driver on a fresh page; the kernels it started end with the test."""
    yield Notebook7(browser_page, jupyter_server)
    jupyter_server.shut_down_kernels()


def unexpected_page_errors(driver: JupyterLab) -> list[str]:
    """The page's JavaScript errors, less those Notebook 7 itself raises on any page."""
    return [error for error in driver.page_errors
            if not any(pattern.search(error) for pattern in NOTEBOOK7_OWN_ERRORS)]


def shown_svg(image: Any) -> str:
    """The SVG document an ipywidgets ``Image`` shows right now (its ``src`` is a blob URL)."""
    return image.evaluate("async (img) => await (await fetch(img.src)).text()")


def highlighted_nodes(page: Any, svg: str) -> list[str]:
    """Ids of the boxes of ``svg`` filled with the current-step colour."""
    return page.evaluate(_HIGHLIGHTED_NODES_JS, [svg, CURRENT_FILL])


def drag_horizontally(page: Any, handle: Any, dx: float) -> None:
    """Drag a slider handle ``dx`` pixels sideways with the mouse, as a learner would."""
    box = handle.bounding_box()
    assert box is not None, "slider handle is not on screen"
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + dx, y, steps=8)
    page.mouse.up()


def test_step_through_moves_the_highlight_in_notebook7(notebook7, new_notebook):
    errors = notebook7.run_notebook(new_notebook(STEP_CELLS, name="nb7-trace-steps"))
    assert errors == []
    cell = notebook7.cell(1)
    details = cell.locator(".widget-html pre, .widget-html-content pre").first
    expect(details).to_contain_text("Backward pass: 4 steps", timeout=60_000)
    expect(cell.locator(".widget-play").first).to_be_visible()
    slider = cell.locator(".widget-slider").first
    expect(slider).to_be_visible()
    image = cell.locator(".widget-image img, img.widget-image").first
    expect(image).to_be_visible()
    overview = shown_svg(image)
    assert "<svg" in overview
    assert highlighted_nodes(notebook7.page, overview) == []
    cell.scroll_into_view_if_needed()
    notebook7.screenshot("nb7-trace-steps-overview")

    # The mouse, not the arrow keys: in Notebook 7 a focused slider handle ignores ArrowRight.
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-base").first.bounding_box()
    assert track is not None
    step_width = track["width"] / float(handle.get_attribute("aria-valuemax"))
    highlights = []
    for number in (1, 2):
        drag_horizontally(notebook7.page, handle, step_width)
        expect(details).to_contain_text(f"step {number}:", timeout=30_000)
        notebook7.wait_until_idle()
        highlights.append(highlighted_nodes(notebook7.page, shown_svg(image)))
    assert all(len(nodes) == 1 for nodes in highlights), highlights
    assert highlights[0] != highlights[1]  # the highlight moved to the next node the engine ran
    cell.scroll_into_view_if_needed()
    notebook7.screenshot("nb7-trace-steps-step2")
    assert unexpected_page_errors(notebook7) == []


def test_dragging_x0_changes_the_shown_derivative_in_notebook7(notebook7, new_notebook):
    errors = notebook7.run_notebook(new_notebook(WIDGET_CELLS[:2], name="nb7-plot-grad"))
    assert errors == []
    cell = notebook7.cell(1)
    readout = cell.locator(READOUT)
    expect(readout).to_contain_text("f'(x0) = 2", timeout=60_000)
    before = shown_values(readout.inner_text())
    readout.scroll_into_view_if_needed()
    notebook7.screenshot("nb7-plot-grad-before")

    drag_horizontally(notebook7.page, cell.locator(".widget-slider .noUi-handle").first, -120)
    expect(readout).not_to_contain_text("x0 = 1\n", timeout=30_000)
    notebook7.wait_until_idle()
    after = shown_values(readout.inner_text())
    assert after["x0"] < before["x0"]
    assert after["f'(x0)"] != before["f'(x0)"]
    # what the kernel computed by autograd for the new point: f'(x0) = 2 x0 (to the 6 digits shown)
    assert abs(after["f'(x0)"] - 2 * after["x0"]) <= 1e-5 * max(1.0, abs(after["x0"]))
    readout.scroll_into_view_if_needed()
    notebook7.screenshot("nb7-plot-grad-after")
    assert unexpected_page_errors(notebook7) == []
