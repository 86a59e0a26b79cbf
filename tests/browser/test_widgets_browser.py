"""plot_grad in a real JupyterLab: the widget renders, dragging the x0 slider changes f'(x0)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

READOUT = ".autograd-lab-readout"
WIDGET_CELLS = [
    "import autograd_lab as t\n\n"
    "def f(x):\n    return x**2\n\n"
    "def gradf(x):\n    return 2 * x",
    "t.plot_grad(f, grad=gradf, x=(-3, 3), x0=1.0)",
    "t.descend('x**2 + 10*y**2', lr=0.05, steps=30)",
]


def shown_values(text: str) -> dict[str, float]:
    """``{"x0": 1.0, "f'(x0)": 2.0, ...}`` from the readout's ``name = value`` lines."""
    values = {}
    for line in text.splitlines():
        match = re.fullmatch(r"\s*([^=]+?) = (-?[0-9.e+-]+)\s*", line)
        if match:
            values[match.group(1)] = float(match.group(2))
    return values


def test_dragging_x0_changes_the_shown_derivative(lab, new_notebook):
    errors = lab.run_notebook(new_notebook(WIDGET_CELLS, name="plot-grad"))
    assert errors == []
    cell = lab.cell(1)
    readout = cell.locator(READOUT)
    expect(readout).to_contain_text("f'(x0) = 2", timeout=60_000)
    expect(readout).to_contain_text("agrees with autograd")
    expect(cell.locator(".widget-image img, img.widget-image").first).to_be_visible()
    readout.scroll_into_view_if_needed()
    lab.screenshot("widgets-plot-grad-before")

    handle = cell.locator(".widget-slider .noUi-handle").first
    box = handle.bounding_box()
    assert box is not None
    lab.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lab.page.mouse.down()
    lab.page.mouse.move(box["x"] - 120, box["y"] + box["height"] / 2, steps=8)
    lab.page.mouse.up()

    expect(readout).not_to_contain_text("f'(x0) = 2\n", timeout=30_000)
    lab.wait_until_idle()
    expect(readout).not_to_contain_text("x0 = 1\n")
    values = shown_values(readout.inner_text())
    assert values["x0"] < 1.0
    # what the kernel computed by autograd for the new point: f'(x0) = 2 x0 (to the 6 digits shown)
    assert abs(values["f'(x0)"] - 2 * values["x0"]) <= 1e-5 * max(1.0, abs(values["x0"]))
    assert abs(values["f(x0)"] - values["x0"] ** 2) <= 1e-5 * max(1.0, values["x0"] ** 2)
    readout.scroll_into_view_if_needed()
    lab.screenshot("widgets-plot-grad-after")

    descent = lab.cell(2).locator(READOUT)
    expect(descent).to_contain_text("after 30 steps")
    expect(lab.cell(2).locator(".widget-toggle-buttons")).to_be_visible()
    assert lab.page_errors == [], lab.page_errors
