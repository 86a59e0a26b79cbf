"""The gradient widgets' models (autograd_lab/viz/models.py, curves.py), driven without any widget.

Derivatives are checked against torch: goldens recorded by tests/goldens/record_widgets.py, and the
same comparison live when torch is installed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.jupyter.expr import ExpressionError, parse_expression
from autograd_lab.viz.curves import descent_path, sample_curve, sample_grid, sample_point
from autograd_lab.viz.models import (
    AGREEMENT,
    DescentModel,
    GradComparison,
    GradPlotModel,
    ParameterRange,
    format_difference,
    format_number,
)
from tests.goldens import record_widgets

GOLDENS = Path(__file__).parent / "goldens"



RECORDER = record_widgets
GOLDEN = json.loads((GOLDENS / "widgets.json").read_text())


# The seed notebook's function and its hand-written derivative, verbatim.
def f(x):
    y = x**2
    return y


def gradf(x):
    dx = 2 * x
    return dx


# -- derivatives against torch -------------------------------------------------------------------


def ours_for_curve(formula: str) -> dict:
    (low, high), points, x0, parameters = RECORDER.CURVE_CASES[formula]
    function = parse_expression(formula, ("x",), tuple(parameters))
    curve = sample_curve(function, sample_grid(low, high, points), parameters, second=True)
    point = sample_point(function, x0, parameters, second=True)
    return {"value": curve.value, "first": curve.first, "second": curve.second,
            "x0": {"value": point.value, "first": point.first, "second": point.second,
                   "parameter_grads": point.parameter_grads}}


def assert_same_derivatives(actual: dict, expected: dict) -> None:
    for key in ("value", "first", "second"):
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-12, atol=1e-12, err_msg=key)
    for key in ("value", "first", "second"):
        assert actual["x0"][key] == pytest.approx(expected["x0"][key], rel=1e-12, abs=1e-12), key
    assert actual["x0"]["parameter_grads"] == pytest.approx(expected["x0"]["parameter_grads"], rel=1e-12)


@pytest.mark.parametrize("formula", list(RECORDER.CURVE_CASES))
def test_curves_match_torch_goldens(formula: str) -> None:
    assert_same_derivatives(ours_for_curve(formula), GOLDEN["curves"][formula])


@pytest.mark.parametrize("formula", list(RECORDER.CURVE_CASES))
def test_curves_match_live_torch(torch, formula: str) -> None:
    expected = RECORDER.record_curve(torch, formula, RECORDER.CURVE_CASES[formula])
    assert_same_derivatives(ours_for_curve(formula), expected)


def ours_for_descent(case_name: str, method: str) -> dict:
    formula, start, steps, rates = RECORDER.DESCENT_CASES[case_name]
    function = parse_expression(formula, ("x", "y"))
    make = {"plain": lambda p, lr: t.optim.SGD(p, lr=lr),
            "momentum": lambda p, lr: t.optim.SGD(p, lr=lr, momentum=RECORDER.MOMENTUM),
            "adam": lambda p, lr: t.optim.Adam(p, lr=lr)}[method]
    path = descent_path(function, start, lambda params: make(params, rates[method]), steps,
                        RECORDER.DIVERGENCE_BOUND)
    return {"x": path.x, "y": path.y, "value": path.value, "diverged_at": path.diverged_at}


DESCENT_KEYS = [(name, method)
                for name, (_, _, _, rates) in RECORDER.DESCENT_CASES.items() for method in rates]


def assert_same_path(actual: dict, expected: dict) -> None:
    assert actual["diverged_at"] == expected["diverged_at"]
    for key in ("x", "y", "value"):
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-10, atol=1e-12, err_msg=key)


@pytest.mark.parametrize(("case_name", "method"), DESCENT_KEYS)
def test_descent_paths_match_torch_optim_goldens(case_name: str, method: str) -> None:
    assert_same_path(ours_for_descent(case_name, method), GOLDEN["descent"][f"{case_name} / {method}"])


@pytest.mark.parametrize(("case_name", "method"), DESCENT_KEYS)
def test_descent_paths_match_live_torch_optim(torch, case_name: str, method: str) -> None:
    formula, start, steps, rates = RECORDER.DESCENT_CASES[case_name]
    expected = RECORDER.record_descent(torch, formula, start, steps, method, rates[method])
    assert_same_path(ours_for_descent(case_name, method), expected)


# -- plot_grad's model -------------------------------------------------------------------------------


def test_grid_is_sampled_in_one_vectorized_call() -> None:
    calls = []

    def counting(x):
        calls.append(tuple(x.shape))
        return x**2

    model = GradPlotModel(counting, points=1000)
    assert (1000,) in calls and len(calls) == 2  # the grid once, the point x0 once
    np.testing.assert_allclose(model.curve.first, 2 * model.xs)


def test_moving_x0_moves_the_point_and_the_tangent() -> None:
    model = GradPlotModel(f, x=(-3, 3), x0=1.0)
    curves_before = model.curve
    model.x0 = -2.0
    assert (model.point.value, model.point.first) == (4.0, -4.0)
    ends, ys = model.tangent()
    np.testing.assert_allclose(ends, [-3.0, 3.0])
    np.testing.assert_allclose(ys, 4.0 - 4.0 * (ends + 2.0))  # through (x0, f(x0)) with slope f'(x0)
    assert model.curve is curves_before  # x0 alone does not resample the curves
    model.x0 = 10.0
    assert model.x0 == 3.0  # clamped to the plotted range


def test_tangent_at_a_grid_point_agrees_with_the_sampled_curve() -> None:
    model = GradPlotModel("x**2 * sin(x)", x=(-3, 3), points=601)
    for index in (0, 123, 300, 599):
        model.x0 = model.xs[index]
        assert model.point.value == pytest.approx(model.curve.value[index], rel=1e-12, abs=1e-15)
        assert model.point.first == pytest.approx(model.curve.first[index], rel=1e-12, abs=1e-15)
        ends, ys = model.tangent()
        slope = (ys[1] - ys[0]) / (ends[1] - ends[0])
        assert slope == pytest.approx(model.curve.first[index], rel=1e-9, abs=1e-12)


def test_parameter_sliders_recompute_curves_and_parameter_gradients() -> None:
    model = GradPlotModel(lambda x, a, b: a * x**2 + b, x0=0.5,
                          parameters={"a": (-2, 2, 0.1, 1.0), "b": (-1, 1)})
    assert model.parameters == {"a": 1.0, "b": 0.0}
    model.set_parameter("a", 2.0)
    model.set_parameter("b", -0.5)
    np.testing.assert_allclose(model.curve.value, 2.0 * model.xs**2 - 0.5)
    np.testing.assert_allclose(model.curve.first, 4.0 * model.xs)
    # df/da = x0**2 and df/db = 1 at x0, by autograd w.r.t. the parameters
    assert model.point.parameter_grads == pytest.approx({"a": 0.25, "b": 1.0})
    assert "df/da(x0) = 0.25" in model.summary() and "df/db(x0) = 1" in model.summary()
    with pytest.raises(KeyError, match="no parameter 'c'"):
        model.set_parameter("c", 1.0)


def test_seed_gradf_agrees_and_a_wrong_derivative_is_reported() -> None:
    right = GradPlotModel(f, grad=gradf)
    assert right.max_difference < AGREEMENT
    assert "largest |gradf - f'| on [-3, 3]: < 1e-09 (agrees with autograd)" in right.summary()

    def wrong_gradf(x):
        return 3 * x  # a learner's slip

    wrong = GradPlotModel(f, grad=wrong_gradf)
    np.testing.assert_allclose(wrong.user_grad, 3 * wrong.xs)
    assert wrong.max_difference == pytest.approx(3.0)  # |3x - 2x| is largest at the ends
    assert wrong.max_difference_at == -3.0
    assert "largest |wrong_gradf - f'| on [-3, 3]: 3 at x = -3" in wrong.summary()


def test_hand_written_derivative_can_be_a_formula_and_take_parameters() -> None:
    model = GradPlotModel("a*sin(x)", grad="a*cos(x) + 0.01", parameters={"a": 2.0})
    assert model.max_difference == pytest.approx(0.01)
    model_callable = GradPlotModel(lambda x, a: a * x**2, grad=lambda x, a: 2 * a * x, parameters={"a": 3.0})
    assert model_callable.max_difference < AGREEMENT


def test_second_derivative_through_create_graph() -> None:
    model = GradPlotModel("x**3 - 2*x", x0=0.5)
    assert model.curve.second is None and model.point.second is None
    model.second = True
    np.testing.assert_allclose(model.curve.second, 6 * model.xs, atol=1e-12)
    assert model.point.second == pytest.approx(3.0)
    assert "f''(x0) = 3" in model.summary()


def test_constant_and_linear_functions_have_zero_derivatives() -> None:
    constant = GradPlotModel("3", second=True)
    np.testing.assert_array_equal(constant.curve.value, 3.0)
    np.testing.assert_array_equal(constant.curve.first, 0.0)
    np.testing.assert_array_equal(constant.curve.second, 0.0)
    linear = GradPlotModel(lambda x: 2 * x + 1, second=True)
    np.testing.assert_array_equal(linear.curve.second, 0.0)


def test_non_elementwise_function_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="must work elementwise"):
        GradPlotModel(lambda x: x.sum())


def test_callable_parameters_are_checked_against_the_sliders() -> None:
    with pytest.raises(TypeError, match="takes a parameter 'b': give it a slider range"):
        GradPlotModel(lambda x, a, b: a * x + b, parameters={"a": (-1, 1)})
    with pytest.raises(TypeError, match="does not take parameter"):
        GradPlotModel(lambda x: x, parameters={"a": (-1, 1)})


def test_new_formula_replaces_f_and_a_refused_one_changes_nothing() -> None:
    model = GradPlotModel("x**2", x0=1.0)
    model.set_expression("x**3")
    assert model.point.first == 3.0 and model.label == "f(x) = x**3"
    with pytest.raises(ExpressionError, match="attribute access"):
        model.set_expression("x.grad")
    with pytest.raises(ExpressionError, match="unknown name 'a'"):
        model.set_expression("a*x")
    assert model.point.first == 3.0 and model.label == "f(x) = x**3"


def test_a_failing_update_leaves_the_model_as_it_was() -> None:
    def fragile(x, a):
        if a < 0:
            raise ValueError("negative a")
        return a * x**2

    model = GradPlotModel(fragile, x0=1.0, parameters={"a": 1.0})
    heard = []
    model.observe(heard.append)
    curve, point = model.curve, model.point
    with pytest.raises(ValueError, match="negative a"):
        model.set_parameter("a", -1.0)
    assert model.parameters == {"a": 1.0} and model.curve is curve and model.point is point
    assert heard == []
    model.set_parameter("a", 2.0)
    assert model.point.first == 4.0 and heard == ["curves"]


def test_observers_hear_what_changed() -> None:
    model = GradPlotModel("a*x", parameters={"a": 1.0})
    heard = []
    model.observe(heard.append)
    model.x0 = 0.0
    model.set_parameter("a", 2.0)
    model.second = True
    model.set_expression("a*x**2")
    assert heard == ["point", "curves", "curves", "curves"]


def test_summary_text_is_reproducible_and_free_of_rounding_dust() -> None:
    first = GradPlotModel("sin(x)", grad="cos(x)", x=(-math.pi, math.pi), x0=0.0).summary()
    second = GradPlotModel("sin(x)", grad="cos(x)", x=(-math.pi, math.pi), x0=0.0).summary()
    assert first == second
    assert "f(x0) = 0\n" in first  # not -0 or 1.2e-16
    assert format_number(-0.0) == "0" and format_number(1e-17) == "0" and format_number(2 / 3) == "0.666667"
    assert format_difference(1e-13, 1e-9) == "< 1e-09" and format_difference(0.25, 1e-9) == "0.25"


def test_parameter_specs_follow_interact_conventions() -> None:
    assert ParameterRange.from_spec("a", (-2, 2)) == ParameterRange("a", -2.0, 2.0, 0.04, 0.0)
    assert ParameterRange.from_spec("a", (0, 1, 0.5)).step == 0.5
    assert ParameterRange.from_spec("a", (0, 4, 0.5, 3)).value == 3.0
    assert ParameterRange.from_spec("a", 2.0) == ParameterRange("a", -2.0, 6.0, 0.08, 2.0)
    with pytest.raises(ValueError, match="low < high"):
        ParameterRange.from_spec("a", (1, -1))


# -- descend's model ---------------------------------------------------------------------------------


def test_descent_converges_with_a_small_rate_and_diverges_with_a_large_one() -> None:
    model = DescentModel("x**2 + 10*y**2", start=(-1.5, 1.5), lr=0.05, steps=60)
    assert not model.diverged
    assert model.path.value[-1] < 1e-4 * model.path.value[0]
    assert "after 60 steps" in model.summary()
    model.lr = 0.15  # 1 - 0.15 * 20 = -2: the y coordinate doubles in size every step
    assert model.diverged
    assert "diverged at step" in model.summary() and "too large" in model.summary()
    assert np.all(np.abs(model.path.y[1:]) > np.abs(model.path.y[:-1]))


def test_descent_surface_and_field_come_from_autograd() -> None:
    model = DescentModel(lambda x, y: x**2 + 10 * y**2, grid=21, arrows=5)
    surface, field = model.surface, model.field
    np.testing.assert_allclose(surface.value, surface.x**2 + 10 * surface.y**2)
    np.testing.assert_allclose(field.grad_x, 2 * field.x)
    np.testing.assert_allclose(field.grad_y, 20 * field.y)


def test_descent_methods_and_settings() -> None:
    model = DescentModel("x**2 + y**2", steps=10)
    heard = []
    model.observe(heard.append)
    for method in ("plain", "momentum", "adam"):
        model.method = method
        assert len(model.path.x) == 11
    model.steps = 5
    assert len(model.path.x) == 6
    model.start = (1.0, 1.0)
    assert (model.path.x[0], model.path.y[0]) == (1.0, 1.0)
    assert len(heard) == 5
    with pytest.raises(ValueError, match="method must be one of"):
        model.method = "newton"


# -- compare_grads' model ---------------------------------------------------------------------------


def test_finite_differences_agree_with_a_correct_gradient() -> None:
    comparison = GradComparison(lambda x: (x**3).sum(), [0.5, -1.0, 2.0])
    np.testing.assert_allclose(comparison.autograd, 3 * np.array([0.5, -1.0, 2.0]) ** 2)
    np.testing.assert_allclose(comparison.finite_difference, comparison.autograd, rtol=1e-8)
    assert "largest |autograd - finite difference|: < 1e-06" in comparison.summary()


def test_finite_differences_expose_a_wrong_backward() -> None:
    class Cube(t.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 2 * x**2  # should be 3 * x**2

    comparison = GradComparison(lambda x: Cube.apply(x).sum(), t.tensor([1.0, 2.0]))
    np.testing.assert_allclose(comparison.difference, [1.0, 4.0], rtol=1e-6)
    assert comparison.largest_difference == pytest.approx(4.0, rel=1e-6)
    lines = comparison.summary().splitlines()
    assert lines[0].split() == ["index", "x", "autograd", "finite", "diff.", "|difference|"]
    assert lines[2].split() == ["[1]", "2", "8", "12", "4"]
    assert "<td>12</td>" in comparison._repr_html_()


def test_compare_grads_sums_a_vector_output_and_takes_a_formula() -> None:
    comparison = GradComparison("x**2", [1.0, 3.0])
    np.testing.assert_allclose(comparison.autograd, [2.0, 6.0])


def test_models_and_parser_load_no_ipython_widgets_or_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys, autograd_lab.viz.models, autograd_lab.viz.curves, autograd_lab.jupyter.expr\n"
            "autograd_lab.viz.models.GradPlotModel('x**2')\n"
            "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
