"""Every lesson in a real JupyterLab: run all cells, as a learner would, and look at the page.

For each ``notebooks/*.ipynb``: Run All Cells in headless Chromium, then check that

* every code cell ran (a cell tagged ``raises-exception`` does not stop the run),
* the cells that show an error are exactly the ``raises-exception`` ones, with the stored error,
* every ``%%trace`` cell shows its graph as an SVG picture,
* every widget (``plot_grad``, ``descend``, ``%%trace --steps``) renders, and the text results a
  widget shows are the ones stored in the notebook (what nbval checks without a browser); no label
  or button of its controls is cut off,
* a step-through fits the screen (1400x900) at every step: its controls, the whole drawing, the key
  to its highlights and the step's explanation inside the notebook's visible area,
* an error shown on purpose folds the library's frames live as the stored copy does (no path into
  autograd_lab or site-packages in the traceback on screen),
* matplotlib figures appear, and the page logged no JavaScript error.

Screenshots go to ``test-artifacts/``: the page after the run, and each picture or widget cell.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import expect

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
LESSONS = sorted(path for path in (REPO_ROOT / "notebooks").glob("*.ipynb") if path.stem != "00_course")
RAISES = "raises-exception"
WIDGET_CALLS = ("plot_grad(", "descend(")
READOUT = ".autograd-lab-readout"
MESSAGE = ".autograd-lab-message"
RENDER_TIMEOUT_MS = 60_000
LIBRARY_PATHS = (str(REPO_ROOT / "autograd_lab"), "site-packages")
FOLD_NOTE = "frame(s) in library files hidden"
HIGHLIGHT_KEY = "the step running now"
LAYOUT_TIMEOUT_S = 10


# Every code cell has run and the kernel is idle. lab.run_notebook() alone is not enough here:
# JupyterLab's Run All resolves as soon as a cell reports an error, even one tagged
# raises-exception, while the kernel goes on running the cells queued after it.
_ALL_CELLS_RAN_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (panel?.sessionContext?.session?.kernel?.status !== 'idle') return false;
    const cells = panel.content.model.toJSON().cells.filter((cell) => cell.cell_type === 'code');
    return cells.every((cell) => cell.execution_count !== null);
}"""
RUN_TIMEOUT_MS = 300_000


def stored_text(cell: Any) -> str:
    """The ``text/plain`` the notebook stores for a cell's text result ("" if none): a widget's
    text results are the output after its picture, one without a PNG."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = data.get("text/plain")
        if text and "image/png" not in data:
            return text if isinstance(text, str) else "".join(text)
    return ""


def stored_errors(cell: Any) -> list[str]:
    return [output.ename for output in cell.get("outputs", []) if output.output_type == "error"]


def code_cell_indices(notebook: nbformat.NotebookNode) -> list[int]:
    return [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def is_trace_cell(source: str) -> bool:
    return source.lstrip().startswith("%%trace")


def shows_widget(source: str) -> bool:
    """A cell whose result is a widget: ``plot_grad``/``descend`` last, or ``%%trace --steps``."""
    if is_trace_cell(source):
        return "--steps" in source.splitlines()[0]
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return False
    # the last statement, however many lines it spans (a call may wrap its arguments)
    last = ast.get_source_segment(source, statements[-1]) if statements else ""
    return isinstance(statements[-1], ast.Expr) and any(call in last for call in WIDGET_CALLS) \
        if statements else False


def check_trace_picture(lab: Any, index: int) -> None:
    """The cell shows an SVG graph (inline ``<svg>`` or an SVG image) that has a size."""
    picture = lab.cell(index).locator(".jp-RenderedSVG svg, .jp-RenderedSVG img, .widget-image").first
    expect(picture).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    box = picture.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 50, box


def check_widget(lab: Any, index: int, cell: Any) -> None:
    """The widget renders its controls, and its text results are the stored ones."""
    rendered = lab.cell(index).locator(".jupyter-widgets").first
    expect(rendered).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    source = cell.source
    if is_trace_cell(source):  # the step-through: a slider over the graph
        expect(lab.cell(index).locator(".widget-slider").first).to_be_visible()
        check_step_through_fits(lab, index)
        return
    readout = lab.cell(index).locator(READOUT)
    if readout.count() == 0:  # a refused formula shows a message instead
        expect(lab.cell(index).locator(MESSAGE).first).to_contain_text(stored_text(cell).splitlines()[0])
        return
    expect(readout).to_have_text(stored_text(cell), timeout=RENDER_TIMEOUT_MS)
    expect(lab.cell(index).locator(".widget-image img, img.widget-image").first).to_be_visible()
    # every control's label shows whole ("SGD with momentum 0.9", not "SGD with momen...")
    truncated = lab.cell(index).locator(".widget-toggle-button, .widget-label").evaluate_all(
        "(nodes) => nodes.filter((node) => node.offsetWidth > 0 && node.scrollWidth > node.clientWidth)"
        ".map((node) => node.textContent)")
    assert truncated == [], f"cell {index}: labels cut off: {truncated}"


def inside(part: dict[str, float], whole: dict[str, float]) -> bool:
    """Whether bounding box ``part`` lies within ``whole`` (to a pixel)."""
    return (part["x"] >= whole["x"] - 1 and part["y"] >= whole["y"] - 1
            and part["x"] + part["width"] <= whole["x"] + whole["width"] + 1
            and part["y"] + part["height"] <= whole["y"] + whole["height"] + 1)


def step_through_layout_problems(root: Any, parts: tuple[Any, Any, Any], area: dict[str, float]) -> list[str]:
    """What does not fit: the step-through taller or wider than the visible notebook (where the
    notebook lets it scroll to is not the widget's doing), or a part (drawing, key, explanation)
    outside it."""
    root.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    box = root.bounding_box()
    if box is None:
        return ["the step-through is not on screen"]
    across = {**area, "y": box["y"], "height": area["height"]}
    if box["height"] > area["height"] or not inside(box, across):
        return [f"the step-through ({box}) does not fit the visible notebook ({area})"]
    problems = []
    for name, part in zip(("drawing", "key to the highlights", "explanation"), parts):
        part_box = part.bounding_box()
        if part_box is None or not inside(part_box, box):
            problems.append(f"{name} ({part_box}) cut off from the step-through ({box})")
    return problems


def check_step_through_fits(lab: Any, index: int) -> None:
    """At every slider position the step-through (controls, drawing, key, explanation) fits the
    notebook's visible area of the 1400x900 window, each part within it, the drawing whole."""
    cell = lab.cell(index)
    root = cell.locator(".jp-OutputArea-output .widget-vbox").first
    key = cell.locator(".widget-html", has_text=HIGHLIGHT_KEY).first
    details = cell.locator(".widget-html pre, .widget-html-content pre").first
    image = cell.locator(".widget-image img, img.widget-image").first
    handle = cell.locator(".widget-slider .noUi-handle").first
    area = lab.page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.bounding_box()
    assert area is not None and area["height"] < 900, area
    steps = round(float(handle.get_attribute("aria-valuemax")))
    for step in range(steps + 1):
        if step:
            handle.focus()
            lab.page.keyboard.press("ArrowRight")
            expect(details).to_contain_text(f"step {step}:", timeout=30_000)
        # the browser lays out a new drawing after it loads: measure until the layout holds still
        deadline, problems = time.monotonic() + LAYOUT_TIMEOUT_S, ["not measured"]
        while problems and time.monotonic() < deadline:
            problems = step_through_layout_problems(root, (image, key, details), area)
            if problems:
                time.sleep(0.25)
        assert problems == [], f"cell {index} step {step}: {problems}"
        # the explanation wraps between words: a number never split over two lines
        assert details.evaluate("(node) => getComputedStyle(node).wordBreak") == "normal"
        natural = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
        assert natural[0] > 0 and natural[1] > 0, f"cell {index} step {step}: the drawing has not loaded"


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_runs_in_jupyterlab(lab: Any, lesson: Path) -> None:
    stored = nbformat.read(lesson, as_version=4)
    lab.run_notebook(lesson)
    lab.page.wait_for_function(_ALL_CELLS_RAN_JS, timeout=RUN_TIMEOUT_MS, polling=500)
    lab.wait_until_idle()
    errors = lab.error_outputs()
    lab.screenshot(f"lesson-{lesson.stem}")

    live = lab.notebook_json()["cells"]
    not_run = [index for index in code_cell_indices(stored) if live[index].get("execution_count") is None]
    assert not not_run, f"cells that did not run: {not_run} (did an error stop Run All?)"

    expected = {index: stored_errors(stored.cells[index]) for index in code_cell_indices(stored)
                if RAISES in stored.cells[index].metadata.get("tags", [])}
    shown: dict[int, list[str]] = {}
    for error in errors:
        shown.setdefault(error.cell_index, []).append(error.ename)
    assert shown == expected, "\n\n".join(str(error) for error in errors)
    for error in errors:  # an error on purpose, live: the library's frames folded as when stored
        stored_note = any(FOLD_NOTE in "".join(output.get("traceback", []))
                          for output in stored.cells[error.cell_index].outputs)
        assert not any(path in error.traceback for path in LIBRARY_PATHS), str(error)
        assert (FOLD_NOTE in error.traceback) == stored_note, str(error)

    for index in code_cell_indices(stored):
        cell = stored.cells[index]
        if is_trace_cell(cell.source):
            check_trace_picture(lab, index)
        if shows_widget(cell.source):
            check_widget(lab, index, cell)
        if is_trace_cell(cell.source) or shows_widget(cell.source):
            lab.cell(index).scroll_into_view_if_needed()
            lab.cell(index).screenshot(path=str(ARTIFACTS / f"lesson-{lesson.stem}-cell-{index:02d}.png"))
        # matplotlib figures (a widget's or a graph's PNG is only its saved form, not shown live)
        plots = any("image/png" in output.get("data", {})
                    and "".join(output.data.get("text/plain", "")).startswith("<Figure size")
                    for output in cell.outputs)
        if plots:
            expect(lab.cell(index).locator(".jp-RenderedImage img").first).to_be_visible()

    assert lab.page_errors == [], lab.page_errors
