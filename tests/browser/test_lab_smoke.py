"""Smoke test of the browser harness: JupyterLab serves, Chromium drives it, a kernel computes."""

from __future__ import annotations

from playwright.sync_api import expect


def test_typed_cell_runs_and_shows_its_result(lab, new_notebook):
    notebook = new_notebook([""])
    lab.open_notebook(notebook)

    first_cell = lab.cell(0)
    first_cell.locator(".cm-content").click()
    lab.page.keyboard.type("1+1")
    lab.page.keyboard.press("Shift+Enter")

    expect(first_cell.locator(".jp-OutputArea-output")).to_have_text("2", timeout=60_000)
    lab.wait_until_idle()
    lab.screenshot("lab-smoke-1plus1")
    assert lab.page_errors == []


def test_run_notebook_runs_every_cell_and_reports_the_error(lab, new_notebook):
    notebook = new_notebook(["answer = 40 + 2", "answer", "1/0"], name="with-error")

    errors = lab.run_notebook(notebook)

    assert lab.cell_outputs_text(1) == "42"
    assert [(error.cell_index, error.ename) for error in errors] == [(2, "ZeroDivisionError")]
    assert "division by zero" in errors[0].evalue
    assert "1/0" in errors[0].traceback
    assert lab.page_errors == [], lab.page_errors
