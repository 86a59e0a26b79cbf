"""The lessons as a fresh clone shows them: never trusted, nothing run yet, JupyterLab and Notebook 7.

A notebook a server has not signed is not trusted, and then JupyterLab and Notebook 7 render no
stored ``image/svg+xml`` and only sanitized ``text/html``. This is how every learner first sees the
lessons (a fresh clone, Binder). For each lesson, copied to a fresh directory and opened without
running a cell, the test checks that

* the notebook really is untrusted (its cells say so);
* every stored picture (a ``%%trace`` graph, a step-through, a widget's figure, a matplotlib plot)
  is rendered as an image that has loaded and has a size;
* every stored text result of a widget or a step-through (an output of its own) is shown as text;
* the page logged no JavaScript error.

JupyterLab opens every lesson, one after the other in one page; Notebook 7, built from the same
renderers, the lessons that hold each kind of picture.

Screenshots of the screen (1400x900) with each picture cell at its top go to
``test-artifacts/fresh-<frontend>-<lesson>-cell-NN.png``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, REPO_ROOT, JupyterLab
from .test_notebook7_browser import Notebook7, unexpected_page_errors

LESSONS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TEXT_ONLY = {"text/plain", WIDGET_VIEW}  # a text result (a widget's, saved without its view)
RENDER_TIMEOUT_MS = 30_000

# Per output of every code cell: the MIME type the page chose to render it with, and for an image
# whether it has loaded and its size on screen.
_PANEL_JS = """const panel = Array.from(window.jupyterapp.shell.widgets('main'))
        .find((widget) => widget.context?.path === path);"""
_RENDERED_OUTPUTS_JS = """(path) => {
    """ + _PANEL_JS + """
    const cells = Array.from(panel.content.widgets);
    return cells.map((cell) => {
        const outputs = cell.model.type === 'code'
            ? Array.from(cell.node.querySelectorAll('.jp-OutputArea-output')) : [];
        return {
            trusted: cell.model.type === 'code' ? cell.model.trusted : null,
            outputs: outputs.map((node) => {
                const image = node.querySelector('img');
                const box = image ? image.getBoundingClientRect() : null;
                return {
                    mime: node.getAttribute('data-mime-type'),
                    text: node.textContent,
                    loaded: image ? image.complete && image.naturalWidth > 0 : null,
                    width: box ? box.width : 0,
                    height: box ? box.height : 0,
                };
            }),
        };
    });
}"""

@pytest.fixture(scope="module")
def fresh_copy() -> Iterator[Path]:
    """The lessons copied to a new directory: files no Jupyter on this machine has seen or signed."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "fresh-clone"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for lesson in LESSONS:
        shutil.copy(lesson, target / lesson.name)
    yield target
    shutil.rmtree(target, ignore_errors=True)


def expected_outputs(cell: Any) -> list[str]:
    """What each stored output of ``cell`` must show untrusted: "picture", "text" or "other"."""
    kinds = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:  # an SVG alone would not show untrusted
            kinds.append("picture")
        elif output.output_type in ("display_data", "execute_result") and set(data) <= TEXT_ONLY:
            kinds.append("text")
        else:
            kinds.append("other")
    return kinds


# The notebook has loaded its file and every cell shows as many outputs as it stores (its kernel
# may still be starting: nothing runs).
_LOADED_JS = """(path) => {
    """ + _PANEL_JS + """
    return !!panel && panel.context.isReady && panel.content.widgets.length > 0
        && panel.content.widgets.every((cell) => cell.model.type !== 'code'
            || cell.node.querySelectorAll('.jp-OutputArea-output').length === cell.model.outputs.length);
}"""

# Lessons that hold every kind of stored picture: graphs, a step-through, widgets and plots.
NOTEBOOK7_LESSONS = ["02_the_graph", "04_function_and_gradient", "06_write_your_own_op"]


def check_lesson_as_stored(driver: JupyterLab, path: Path, frontend: str) -> list[str]:
    """The problems of ``path`` as shown (already open, nothing run): every stored picture and text
    result must show. Takes a screenshot of the screen with each picture cell at its top."""
    stored = nbformat.read(path, as_version=4)
    relative = driver.server.relative(path)
    driver.page.wait_for_function(_LOADED_JS, arg=relative, timeout=60_000)
    for index, cell in enumerate(stored.cells):
        if "picture" in expected_outputs(cell):  # wait until its images have loaded
            images = driver.cell(index).locator(".jp-OutputArea-output img")
            images.first.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
            expect(images.first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    shown = driver.page.evaluate(_RENDERED_OUTPUTS_JS, relative)
    if len(shown) != len(stored.cells):
        return [f"{path.stem}: {len(shown)} cells shown, {len(stored.cells)} stored"]
    problems = []
    for index, cell in enumerate(stored.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.stem} cell {index}"
        if shown[index]["trusted"]:
            problems.append(f"{where} is trusted: the test must see the untrusted view")
        expected = expected_outputs(cell)
        outputs = shown[index]["outputs"]
        if len(outputs) != len(expected):
            problems.append(f"{where}: {len(outputs)} outputs shown, {len(expected)} stored")
            continue
        for number, (kind, output) in enumerate(zip(expected, outputs)):
            if kind == "picture":
                if output["mime"] != "image/png" or not output["loaded"]:
                    problems.append(f"{where} output {number}: picture shown as {output['mime']}, "
                                    f"loaded={output['loaded']}")
                elif output["width"] < 50 or output["height"] < 50:
                    size = f"{output['width']}x{output['height']}"
                    problems.append(f"{where} output {number}: picture only {size} px")
            elif kind == "text":
                data = cell.outputs[number].data["text/plain"]
                first_line = (data if isinstance(data, str) else "".join(data)).splitlines()[0]
                if output["mime"] != "text/plain" or first_line.strip() not in output["text"]:
                    shown_text = f"{output['mime']}: {output['text'][:80]!r}"
                    problems.append(f"{where} output {number}: text result not shown ({shown_text})")
        if "picture" in expected:  # the screen as the learner sees it, this cell at the top
            driver.cell(index).evaluate("(node) => node.scrollIntoView({block: 'start'})")
            driver.page.screenshot(path=str(ARTIFACTS / f"fresh-{frontend}-{path.stem}-cell-{index:02d}.png"))
    return problems


def test_fresh_clone_shows_every_picture_and_text_in_jupyterlab(lab, fresh_copy):
    """Every lesson, opened one after the other in one JupyterLab page (as from its file browser;
    each in a tab of its own: closing a tab while its kernel starts makes JupyterLab log errors)."""
    lab.page.goto(lab.server.url("lab?reset"))
    lab.page.wait_for_function("() => window.jupyterapp?.commands.hasCommand('docmanager:open')",
                               timeout=60_000)
    problems = []
    for lesson in LESSONS:
        path = fresh_copy / lesson.name
        lab.execute_command("docmanager:open", {"path": lab.server.relative(path)}, timeout_s=60)
        problems += check_lesson_as_stored(lab, path, "lab")
    assert problems == [], "\n".join(problems)
    assert lab.page_errors == [], lab.page_errors


@pytest.fixture
def notebook7(browser_page: Any, jupyter_server: Any) -> Iterator[Notebook7]:
    yield Notebook7(browser_page, jupyter_server)
    jupyter_server.shut_down_kernels()


@pytest.mark.parametrize("lesson", NOTEBOOK7_LESSONS)
def test_fresh_clone_shows_every_picture_and_text_in_notebook7(notebook7, fresh_copy, lesson):
    path = fresh_copy / f"{lesson}.ipynb"
    notebook7.open_notebook(path)
    assert check_lesson_as_stored(notebook7, path, "nb7") == []
    assert unexpected_page_errors(notebook7) == []
