"""``%%trace`` in a real JupyterLab: the picture shows, and the step-through widget moves its
highlight over the same layout, one engine step at a time."""

from __future__ import annotations

import re

from playwright.sync_api import expect

TRACE_CELLS = [
    "%load_ext autograd_lab",
    "%%trace\nimport autograd_lab as t\nx = t.tensor([1., 2.], requires_grad=True)\n"
    "z = (x * x + x).sum()\nz.backward(retain_graph=True)",
    "%%trace --steps\nz.backward()",
]


def test_trace_picture_and_step_through(lab, new_notebook):
    errors = lab.run_notebook(new_notebook(TRACE_CELLS, name="trace-steps"))
    assert errors == []
    picture = lab.cell(1).locator(".jp-RenderedSVG, .jp-RenderedImage").first
    expect(picture).to_be_visible(timeout=60_000)
    picture.scroll_into_view_if_needed()
    lab.screenshot("trace-picture")

    cell = lab.cell(2)
    details = cell.locator(".widget-html pre, .widget-html-content pre").first
    expect(details).to_contain_text("Backward pass: 4 steps", timeout=60_000)
    image = cell.locator(".widget-image img, img.widget-image").first
    expect(image).to_be_visible()
    before = image.get_attribute("src")
    handle = cell.locator(".widget-slider .noUi-handle").first
    handle.focus()
    seen = []
    for number in range(1, 5):
        lab.page.keyboard.press("ArrowRight")
        expect(details).to_contain_text(f"step {number}:", timeout=30_000)
        seen.append(re.match(r"step \d+: (\S+)", details.inner_text()).group(1))
    assert seen == ["SumBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad"]
    assert image.get_attribute("src") != before  # the highlighted drawing replaced the plain one
    expect(details).to_contain_text("(from MulBackward0) = [3., 5.]")
    cell.scroll_into_view_if_needed()
    lab.screenshot("trace-step-through")
    assert lab.page_errors == [], lab.page_errors
