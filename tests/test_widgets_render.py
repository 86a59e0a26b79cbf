"""The widget layer (autograd_lab/jupyter/widgets.py) without a browser: controls drive the models,
figures and text follow, and a notebook of widget cells passes nbval when re-run."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import autograd_lab as t
from autograd_lab.jupyter import widgets
from autograd_lab.jupyter.widgets import DescentPlot, ErrorMessage, GradPlot

REPO_ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def readout(widget: GradPlot | DescentPlot) -> str:
    return widget.text.readout.value


def test_library_exposes_the_widgets_lazily() -> None:
    assert t.plot_grad is widgets.plot_grad
    assert t.descend is widgets.descend and t.compare_grads is widgets.compare_grads
    assert t.widgets is widgets


def test_x0_slider_moves_the_tangent_and_the_text() -> None:
    widget = t.plot_grad(lambda x: x**2, x0=1.0)
    before = widget.view.png()
    assert "f&#x27;(x0) = 2" in readout(widget)
    widget.x0_slider.value = 2.0
    assert widget.model.x0 == 2.0
    assert "f&#x27;(x0) = 4" in readout(widget)
    ends, ys = widget.plot.tangent.get_data()
    np.testing.assert_allclose(ys, 4.0 + 4.0 * (np.asarray(ends) - 2.0))
    assert not np.array_equal(pixels(before), pixels(widget.view.png()))


def test_png_holds_exactly_the_canvas_pixels() -> None:
    widget = t.plot_grad("sin(x)", x0=0.5)
    canvas = widget.view.canvas
    expected = np.asarray(canvas.buffer_rgba())[:, :, :3]
    np.testing.assert_array_equal(pixels(widgets._png(canvas)), expected)
    np.testing.assert_array_equal(pixels(widget.view.png()), expected)


def test_blitted_update_looks_like_a_full_redraw() -> None:
    moved = t.plot_grad("x**2 * sin(x)", grad="2*x*sin(x)", x0=-1.0)
    moved.x0_slider.value = 1.5  # redraws only the moving parts over the cached background
    fresh = t.plot_grad("x**2 * sin(x)", grad="2*x*sin(x)", x0=1.5)  # drawn from scratch
    differing = np.any(pixels(moved.view.png()) != pixels(fresh.view.png()), axis=-1)
    # Only the stacking order of the axes frame and the curves may differ at a few pixels.
    assert differing.mean() < 0.005


def test_parameter_sliders_and_checkbox_update_model_figure_and_text() -> None:
    widget = t.plot_grad(lambda x, a, b: a * x**2 + b, x0=1.0, a=(-2, 2, 0.1, 1.0), b=(-1, 1))
    assert list(widget.parameter_sliders) == ["a", "b"]
    widget.parameter_sliders["a"].value = 2.0
    np.testing.assert_allclose(widget.plot.f_line.get_ydata(), 2.0 * widget.model.xs**2)
    assert "f&#x27;(x0) = 4" in readout(widget) and "df/da(x0) = 1" in readout(widget)
    assert not widget.plot.second_line.get_visible()
    widget.second_checkbox.value = True
    assert widget.plot.second_line.get_visible()
    np.testing.assert_allclose(widget.plot.second_line.get_ydata(), 4.0)
    assert "f&#x27;&#x27;(x0) = 4" in readout(widget)


def test_wrong_derivative_is_drawn_and_reported() -> None:
    widget = t.plot_grad(lambda x: x**2, grad=lambda x: 3 * x)
    assert widget.plot.user_line.get_visible()
    np.testing.assert_allclose(widget.plot.user_line.get_ydata(), 3 * widget.model.xs)
    assert "largest |grad - f&#x27;| on [-3, 3]: 3 at x = -3" in readout(widget)


def test_formula_box_shows_refusals_as_messages_and_keeps_the_plot() -> None:
    widget = t.plot_grad("x**2")
    widget.expression_box.value = "__import__('os').system('echo hacked')"
    assert "attribute access" in widget.text.message.value
    assert widget.model.label == "f(x) = x**2"
    widget.expression_box.value = "x**3"
    assert widget.text.message.value == ""
    assert "f(x) = x**3" in readout(widget)


def test_errors_of_a_learners_function_become_messages() -> None:
    def picky(x, a):
        if a > 1:
            raise ValueError("a must be at most 1")
        return a * x

    widget = t.plot_grad(picky, a=(0, 2, 0.5, 0.5))
    shown = readout(widget)
    widget.parameter_sliders["a"].value = 1.5
    assert "ValueError: a must be at most 1" in widget.text.message.value
    assert widget.model.parameters == {"a": 0.5} and readout(widget) == shown  # last good state
    widget.parameter_sliders["a"].value = 1.0
    assert widget.text.message.value == ""


def test_refused_formula_gives_a_message_not_a_traceback() -> None:
    message = t.plot_grad("[x for x in range(3)]")
    assert isinstance(message, ErrorMessage)
    bundle = message._repr_mimebundle_()
    assert bundle["text/plain"].startswith("could not plot: comprehensions are not allowed")
    assert isinstance(t.descend("x.y"), ErrorMessage)


def test_display_is_a_picture_output_then_a_text_output() -> None:
    """Saved, each output shows its fallback: a viewer shows one representation per output, so the
    text results need an output of their own to be seen next to the PNG."""
    widget = t.plot_grad(lambda x: x**2, grad=lambda x: 2 * x, x0=1.0)
    (picture, _), (results, _) = widget.display_bundles()
    assert set(picture) == {"text/plain", "image/png", WIDGET_VIEW}
    assert picture[WIDGET_VIEW]["model_id"] == widget.model_id
    assert picture["text/plain"].startswith("[plot_grad: f and its derivative")
    assert set(results) == {"text/plain", WIDGET_VIEW}
    assert results["text/plain"] == widget.model.summary()
    assert results[WIDGET_VIEW]["model_id"] == widget.results.model_id
    # the live readout is in the second output only, so nothing is shown twice
    assert widget.text.readout in widget.results.children and widget.text.readout not in widget.children
    png = base64.b64decode(picture["image/png"])
    assert png.startswith(b"\x89PNG") and pixels(png).shape == (416, 672, 3)


def test_ipython_displays_the_two_outputs() -> None:
    from IPython.core.getipython import get_ipython
    from IPython.testing.globalipapp import start_ipython
    from IPython.utils.capture import capture_output

    shell = start_ipython() or get_ipython()
    shell.user_ns["t"] = t
    with capture_output() as captured:
        result = shell.run_cell("t.descend('x**2 + 10*y**2', lr=0.05, steps=5)", store_history=False)
    widget = result.result
    assert isinstance(widget, DescentPlot)
    assert [output.data for output in captured.outputs] == [data for data, _ in widget.display_bundles()]


def test_descend_controls_rerun_the_optimizer() -> None:
    widget = t.descend("x**2 + 10*y**2", lr=0.05, steps=20)
    assert "after 20 steps" in readout(widget)
    np.testing.assert_allclose(widget.plot.path_line.get_xdata(), widget.model.path.x)
    widget.lr_slider.value = 0.15
    assert widget.model.lr == pytest.approx(0.15)
    assert "diverged at step" in readout(widget)
    assert widget.plot.status.get_text().startswith("diverged at step")
    widget.method_buttons.value = "adam"
    assert widget.model.method == "adam" and "Adam" in readout(widget)
    widget.steps_slider.value = 5
    assert len(widget.model.path.x) == 6
    assert widget.display_bundles()[1][0]["text/plain"] == widget.model.summary()


def test_compare_grads_displays_as_text_and_html() -> None:
    comparison = t.compare_grads(lambda x: (x**2).sum(), t.tensor([1.0, -2.0]))
    assert comparison.autograd.tolist() == [2.0, -4.0]
    assert "largest |autograd - finite difference|" in repr(comparison)
    assert "<table>" in comparison._repr_html_()


WIDGET_NOTEBOOK_CELLS = [
    "import autograd_lab as t\n\ndef f(x):\n    return x**2\n\ndef gradf(x):\n    return 2 * x",
    "t.plot_grad(f, grad=gradf)",
    "t.plot_grad('a*x**2 + b', x0=0.5, a=(-2, 2, 0.1, 1.5), b=(-1, 1), second=True)",
    "t.descend('x**2 + 10*y**2', lr=0.05)",
    "t.compare_grads(lambda x: (x**3).sum(), [1.0, 2.0])",
]


def test_widget_cells_pass_nbval_when_rerun_and_their_text_is_checked(tmp_path: Path) -> None:
    """Run a notebook of widget cells and save it; nbval must pass it when re-running it, and must
    fail a copy whose saved f'(x0) was altered: the text results are really compared."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in WIDGET_NOTEBOOK_CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    outputs = [cell.outputs for cell in notebook.cells]
    assert all(output.output_type != "error" for cell in outputs for output in cell)
    # each widget: its picture (a PNG), then its text results in an output of their own
    assert [len(cell) for cell in outputs[1:4]] == [2, 2, 2]
    assert all("image/png" in cell[0].data and "image/png" not in cell[1].data for cell in outputs[1:4])
    texts = [cell[1].data["text/plain"] for cell in outputs[1:4]]
    assert "f'(x0) = 2" in texts[0] and "agrees with autograd" in texts[0]
    assert "df/da(x0) = 0.25" in texts[1]
    nbformat.write(notebook, tmp_path / "widgets.ipynb")
    result = outputs[1][1].data
    result["text/plain"] = result["text/plain"].replace("f'(x0) = 2", "f'(x0) = 2.5")
    nbformat.write(notebook, tmp_path / "tampered.ipynb")

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "widgets.ipynb", "tampered.ipynb", "-rf",
         f"--rootdir={tmp_path}", "-p", "no:cacheprovider",
         "--nbval-sanitize-with", str(REPO_ROOT / "autograd_lab" / "nbval_sanitize.cfg")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    cells = len(WIDGET_NOTEBOOK_CELLS)
    assert f"1 failed, {2 * cells - 1} passed" in report, report
    assert "FAILED tampered.ipynb::Cell 1" in report, report
    assert "mismatch 'text/plain'" in report and "+ f'(x0) = 2.5" in report, report


@pytest.mark.parametrize(("backend", "enabled"), [
    ("module://ipympl.backend_nbagg", True), ("widget", True), ("ipympl", True),
    ("module://matplotlib_inline.backend_inline", False), ("agg", False),
])
def test_ipympl_backend_is_detected_from_the_raw_setting(backend: str, enabled: bool) -> None:
    import matplotlib

    # Stored past rcParams' validation, which rejects backends that are not installed (ipympl).
    saved = dict.__getitem__(matplotlib.rcParams, "backend")
    dict.__setitem__(matplotlib.rcParams, "backend", backend)
    try:
        assert widgets.ipympl_enabled() is enabled
    finally:
        dict.__setitem__(matplotlib.rcParams, "backend", saved)


def test_with_ipympl_the_figure_is_its_canvas_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    """ipympl's canvas is a DOMWidget and a matplotlib canvas at once; this stand-in is built the
    same way (ipympl itself is an optional extra), so the interactive branch is exercised."""
    import ipywidgets
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    class CanvasWidget(ipywidgets.DOMWidget, FigureCanvasAgg):
        def __init__(self, figure: Figure) -> None:
            ipywidgets.DOMWidget.__init__(self)
            FigureCanvasAgg.__init__(self, figure)
            self.idle_draws = 0

        def draw_idle(self, *args, **kwargs) -> None:
            self.idle_draws += 1

    def figure(figsize=None, **kwargs):
        made = Figure(figsize=figsize)
        CanvasWidget(made)
        return made

    monkeypatch.setattr(widgets, "ipympl_enabled", lambda: True)
    monkeypatch.setattr(plt, "figure", figure)
    widget = t.plot_grad(lambda x: x**2, x0=1.0)
    canvas = widget.view.widget
    assert isinstance(canvas, CanvasWidget) and canvas in widget.children
    draws = canvas.idle_draws
    widget.x0_slider.value = -1.0
    assert canvas.idle_draws > draws
    assert "f&#x27;(x0) = -2" in readout(widget)
    assert widget.display_bundles()[0][0]["image/png"]  # the static fallback comes from savefig


def test_descend_lr_slider_grid_passes_through_the_given_rate() -> None:
    """The browser snaps a log slider to min + k * step: the grid must contain the lesson's lr,
    and the browser's float rounding of it must not change what the model computes with."""
    import math

    import autograd_lab as t
    from autograd_lab.jupyter.widgets import _log_grid

    for lr in (0.05, 0.11, 0.001, 0.3):
        low, high = _log_grid(lr, 0.05, -4, 1)
        steps = (math.log10(lr) - low) / 0.05
        assert abs(steps - round(steps)) < 1e-6 and low <= -4 and high >= 1
    widget = t.descend("x**2 + 3*y**2", start=(1.5, 1.0), lr=0.05, steps=10)
    snapped = 10 ** (widget.lr_slider.min + round((math.log10(0.05) - widget.lr_slider.min) / 0.05) * 0.05)
    widget.lr_slider.value = snapped  # what the browser echoes back
    assert widget.model.lr == 0.05
    widget.lr_slider.value = 0.2
    assert widget.model.lr == pytest.approx(0.2)


def test_descend_lr_slider_spans_a_tenth_to_ten_times_the_rate() -> None:
    """Two decades, not 1e-4..10: a drag over a sixth of the slider changes the rate about 2x
    (over 60 of its pixels the old range jumped from 0.05 to 0.889)."""
    for lr in (0.05, 0.001, 0.11):
        slider = t.descend("x**2 + 10*y**2", start=(1.5, 1.0), lr=lr, steps=5).lr_slider
        assert 10**slider.min == pytest.approx(lr / 10, rel=0.03)
        assert 10**slider.max == pytest.approx(lr * 10, rel=0.03)
    # near the limits descend accepts (1e-6 to 100), the slider's ends stay inside them: dragged to
    # an end it gave 102.09 (or 9.8e-7) and the widget refused its own value
    for lr in (50.0, 2e-6):
        widget = t.descend("x**2 + 10*y**2", start=(1.5, 1.0), lr=lr, steps=5)
        for end in (widget.lr_slider.min, widget.lr_slider.max):
            widget.lr_slider.value = 10**end
            assert widget.model.lr == pytest.approx(10**end), readout(widget)
            assert "ValueError" not in widget.text.box.children[-1].value
        assert 10**widget.lr_slider.max > 99 if lr == 50.0 else 10**widget.lr_slider.min < 1.1e-6


def test_contour_levels_resolve_rosenbrocks_valley_and_keep_a_bowl_even() -> None:
    from autograd_lab.jupyter.widgets import contour_levels

    x, y = np.meshgrid(np.linspace(-2, 2, 121), np.linspace(-1, 3, 121))
    rosenbrock = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    levels = contour_levels(rosenbrock)
    assert np.all(np.diff(levels) > 0) and levels[0] == rosenbrock.min() and levels[-1] >= rosenbrock.max()
    # the valley, the lowest 1 % of the range of values, gets many bands: evenly spaced levels give it
    # none (one colour, the valley hidden)
    valley = rosenbrock.min() + 0.01 * np.ptp(rosenbrock)
    assert np.sum(levels < valley) >= 8
    bowl = x**2 + 10 * (y - 1) ** 2
    np.testing.assert_allclose(np.diff(contour_levels(bowl)), np.ptp(bowl) / 25)


def test_plot_grad_has_axis_titles_legends_beside_the_plots_and_whole_points_at_the_edges() -> None:
    widget = t.plot_grad("x**2", x=(-3, 3), x0=3.0)  # the point at the right edge of the range
    figure = widget.view.figure
    top, bottom = widget.plot.top, widget.plot.bottom
    assert top.get_ylabel() == "f(x)" and bottom.get_ylabel() == "derivative" and bottom.get_xlabel() == "x"
    png = widget.view.png()
    renderer = figure.canvas.get_renderer()
    for axes in (top, bottom):
        legend = axes.get_legend()
        assert legend is not None and all(text.get_fontsize() >= 9 for text in legend.get_texts())
        # beside the plot, not over it: the tangent never runs under the legend
        assert legend.get_window_extent(renderer).x0 > axes.get_window_extent(renderer).x1
    # the point at x0 = 3 is drawn whole: its marker reaches right of the axes' edge, not cut in half
    image = pixels(png)
    height = image.shape[0]
    box = top.get_window_extent(renderer)
    x_edge, (_, y_point) = box.x1, top.transData.transform((3.0, 9.0))
    row = int(round(height - y_point))
    columns = slice(int(np.ceil(x_edge)) + 1, int(np.ceil(x_edge)) + 4)
    orange = np.array([255, 127, 14])  # C1, the point's colour
    near = np.abs(image[row - 2:row + 3, columns] - orange).sum(axis=-1) < 60
    assert near.any(), "the point at the edge of the range is cut off"
