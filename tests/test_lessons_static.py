"""The lessons as static viewers show them, with no kernel and no trust: nbconvert's HTML (the
renderer behind many notebook viewers and ``jupyter nbconvert --to html``).

Every stored picture (a ``%%trace`` graph, a step-through, a widget's figure, a plot) must be in the
page as an image, and every text result of a widget or a step-through (an output of its own, saved
as ``text/plain``) as text. The browser tests check the same in JupyterLab and Notebook 7
(tests/browser/test_fresh_clone_browser.py).
"""

from __future__ import annotations

import base64
import html

import pytest

from .lessons import LESSONS, NOTEBOOKS_DIR, read

PRESENT = [name for name in LESSONS if (NOTEBOOKS_DIR / f"{name}.ipynb").exists()]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


@pytest.fixture(scope="module")
def exporter():
    nbconvert = pytest.importorskip("nbconvert")
    return nbconvert.HTMLExporter()


@pytest.mark.parametrize("name", PRESENT)
def test_static_html_shows_every_stored_picture_and_text_result(exporter, name: str) -> None:
    notebook = read(name)
    page, _ = exporter.from_notebook_node(notebook)
    missing = []
    for index, cell in enumerate(notebook.cells):
        for number, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            where = f"{name} cell {index} output {number}"
            if "image/png" in data:
                # nbconvert shows the SVG when there is one (as an image: data:image/svg+xml), else
                # the PNG; either must be in the page, as an image
                svg = text(data.get("image/svg+xml", ""))
                shown = [f"data:image/png;base64,{text(data['image/png']).strip()[:200]}"]
                if svg:
                    shown.append(f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()[:200]}")
                    shown.append(svg.strip()[:200])  # inline, as other nbconvert versions put it
                if not any(form in page for form in shown):
                    missing.append(f"{where}: picture not in the page")
            elif output.output_type in ("display_data", "execute_result") and set(data) <= {"text/plain",
                                                                                            WIDGET_VIEW}:
                first = text(data.get("text/plain", "")).splitlines()[:1]
                if first and html.escape(first[0].strip(), quote=False) not in page:
                    missing.append(f"{where}: text result {first[0][:60]!r} not in the page")
    assert missing == [], "\n".join(missing)
