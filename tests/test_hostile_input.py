"""Hostile input to the lab side: formulas, arguments and cells a learner (or a JSON-fed text box on
a read-only server) may send. Everything here must end in a clear message that names the problem,
never in a raw traceback from deep inside numpy, matplotlib or IPython, and never in minutes of work.

Sections: the formula parser; the arguments of ``plot_grad``, ``descend``, ``compare_grads``,
``trace`` and ``draw``; ``descend``'s reasons for stopping; cells under ``%%trace``.
"""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab.jupyter.expr import ExpressionError, parse_expression

# -- formulas ---------------------------------------------------------------------------------------


def refusal(source: object, **kwargs) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(source, **kwargs)  # type: ignore[arg-type]
    return caught.value


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_the_parser_raises_nothing_but_its_own_message(source: str) -> None:
    # any text, lone surrogates and control characters included: accepted, or refused with a message
    try:
        parse_expression(source)
    except ExpressionError as error:
        str(error).encode("utf-8")  # the message itself can be shown, sent as JSON, printed


@pytest.mark.parametrize("source", ["x\ud800", "\udfff", "sin(x) + \udc80y", "x\x00", "x +\x1b[31m 1"])
def test_lone_surrogates_and_control_characters_get_a_message_that_encodes(source: str) -> None:
    error = refusal(source)
    message = str(error)
    message.encode("utf-8")
    assert "column" in message and error.column is not None
    assert "U+" in message  # which character it was


def test_carets_count_characters_not_utf8_bytes() -> None:
    error = refusal("ｘ + y")  # the fullwidth x is three bytes in UTF-8, one character
    assert error.column == 5
    lines = str(error).splitlines()
    assert lines[0].endswith("(column 5)")
    assert lines[1] == "    ｘ + y"
    # under a wide character the caret line pads by display width, so the caret sits under the y
    assert unicodedata.east_asian_width("ｘ") == "F"
    assert lines[2] == "    " + "  " + "   " + "^"
    assert refusal("ｘ*ｘ + y").column == 7


@pytest.mark.parametrize(("source", "hint"), [
    ("π*x", "type pi"),
    ("2π*x", "type pi"),
    ("2×x", "type * to multiply"),
    ("x·y", "type * to multiply"),
    ("−x", "type - (the minus on the keyboard)"),
    ("x – 1", "type - (the minus on the keyboard)"),
    ("x²", "type **2"),
    ("x³ + 1", "type **3"),
    ("6÷x", "type / to divide"),
    ("√x", "type sqrt("),
    ("x ^ 2", "for a power type **"),
    ("x ＋ 1", "type +"),
])
def test_unicode_look_alikes_get_a_hint(source: str, hint: str) -> None:
    assert hint in str(refusal(source))


@pytest.mark.parametrize(("source", "start"), [
    ("True", "`True` is not allowed in a formula: only numbers"),
    ("False * x", "`False` is not allowed in a formula: only numbers"),
    ("None", "`None` is not allowed in a formula: only numbers"),
    ("...", "`...` is not allowed in a formula: only numbers"),
    ("2j", "complex numbers (like 2j) are not allowed in a formula: only real numbers"),
    ("'abc'", "strings are not allowed in a formula: only numbers"),
])
def test_refusals_of_constants_read_well(source: str, start: str) -> None:
    message = str(refusal(source))
    assert message.startswith(start), message
    assert " are not allowed" not in message.split(":")[0] or message.startswith(("complex", "strings"))


def test_names_taken_by_a_widget_say_so() -> None:
    taken = {"grad": "plot_grad's argument for your own derivative"}
    message = str(refusal("grad * x", reserved=taken))
    assert "grad is taken" in message and "plot_grad's argument" in message
    assert "unknown name" not in message


# -- the widgets' arguments --------------------------------------------------------------------------
# Each call must fail up front with the Python error class of the problem, and a message holding the
# argument's name, the value given and what is allowed (matched below as regular expressions).

INF, NAN = math.inf, math.nan


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: t.plot_grad("points*x", points=(1, 2)), TypeError,
     r"plot_grad: points must be a whole number from 2 to 10,000, got \(1, 2\) \(points is plot_grad's own "
     r"argument, so a parameter with a slider needs another name\)"),
    (lambda: t.plot_grad("x**2", points="100"), TypeError, r"points must be a whole number .* got '100'"),
    (lambda: t.plot_grad("x**2", points=10**7), ValueError, r"points must be .* to 10,000, got 10000000"),
    (lambda: t.plot_grad("x**2", points=1), ValueError, r"points must be a whole number from 2"),
    (lambda: t.plot_grad("x**2", points=2.5), ValueError, r"points must be a whole number .* got 2.5"),
    (lambda: t.plot_grad("x**2", points=True), TypeError, r"points must be a whole number .* got True"),
    (lambda: t.plot_grad("x**2", x=(0, INF)), ValueError, r"plot_grad: x must be a range \(low, high\) "
     r"of numbers from -1,000,000 to 1,000,000 with low < high, got \(0, inf\)"),
    (lambda: t.plot_grad("x**2", x=(-1e308, 1e308)), ValueError, r"x must be a range .* got \(-1e\+308"),
    (lambda: t.plot_grad("x**2", x=(3, -3)), ValueError, r"x must be a range .* low < high, got \(3, -3\)"),
    (lambda: t.plot_grad("x**2", x=(NAN, 1)), ValueError, r"x must be a range .* got \(nan, 1\)"),
    (lambda: t.plot_grad("x**2", x=(1, 1 + 1e-12)), ValueError, r"x must span at least 1e-06"),
    (lambda: t.plot_grad("x**2", x="ab"), TypeError, r"x must be a range .* got 'ab'"),
    (lambda: t.plot_grad("x**2", x=(1, 2, 3)), ValueError, r"x must be a range .* got \(1, 2, 3\)"),
    (lambda: t.plot_grad("x**2", x=5), TypeError, r"x must be a range .* got 5"),
    (lambda: t.plot_grad("x**2", x0=NAN), ValueError, r"x0 must be a number in the plotted range x, "
     r"from -3 to 3, got nan"),
    (lambda: t.plot_grad("x**2", x0=5), ValueError, r"x0 must be a number in the plotted range .* got 5"),
    (lambda: t.plot_grad("x**2", x0="1"), TypeError, r"x0 must be a number .* got '1'"),
    (lambda: t.plot_grad("x0*x", x0=(0, 1)), TypeError, r"x0 must be .* got \(0, 1\) \(x0 is plot_grad's "
     r"own argument"),
    (lambda: t.plot_grad("grad*x", grad=(0, 1)), TypeError, r"plot_grad: grad must be your own derivative "
     r"\(a function of tensors or a formula string\) or None, got \(0, 1\) \(grad is plot_grad's own"),
    (lambda: t.plot_grad("second*x", second=(0, 1)), TypeError, r"second must be True or False, got "
     r"\(0, 1\) \(second is plot_grad's own argument"),
    (lambda: t.plot_grad("x**2", second="yes"), TypeError, r"second must be True or False, got 'yes'"),
    (lambda: t.plot_grad(42), TypeError, r"plot_grad: f must be a function of tensors or a formula string, "
     r"got 42"),
    (lambda: t.plot_grad("a*x", a="big"), TypeError, r"parameter a must be a number .* got 'big'"),
    (lambda: t.plot_grad("a*x", a=(0, INF)), ValueError, r"parameter a must be a range .* got \(0, inf\)"),
    (lambda: t.plot_grad("a*x", a=(0, 1, 0)), ValueError,
     r"the step of parameter a must be more than 0, got 0"),
    (lambda: t.plot_grad("a*x", a=(0, 1, -0.1)), ValueError, r"the step of parameter a must be a step from 0 "
     r"to 1, got -0.1"),
    (lambda: t.plot_grad("a*x", a=(0, 1, 0.1, 5)), ValueError, r"the start value of parameter a must be a "
     r"number from 0 to 1, got 5"),
    (lambda: t.plot_grad("a*x", a=(0, 1, 0.1, 0.5, 9)), ValueError, r"parameter a must be \(low, high\)"),
    (lambda: t.plot_grad("a*x", a=NAN), ValueError, r"parameter a must be a number .* got nan"),
    (lambda: t.plot_grad("a*x", a=None), TypeError, r"parameter a must be a number .* got None"),
    (lambda: t.plot_grad("x", **{f"p{i}": (0, 1) for i in range(11)}), ValueError,
     r"at most 10 parameters \(one slider each\), got 11"),
    (lambda: t.plot_grad("x", **{"not a name": (0, 1)}), ValueError, r"a parameter name must be a Python "
     r"name .* got 'not a name'"),
    (lambda: t.descend("x**2 + y**2", lr=0), ValueError, r"descend: lr must be a learning rate from 1e-06 to "
     r"100, got 0"),
    (lambda: t.descend("x**2 + y**2", lr=NAN), ValueError, r"lr must be a learning rate .* got nan"),
    (lambda: t.descend("x**2 + y**2", lr=INF), ValueError, r"lr must be a learning rate .* got inf"),
    (lambda: t.descend("x**2 + y**2", lr=-0.1), ValueError, r"lr must be a learning rate .* got -0.1"),
    (lambda: t.descend("x**2 + y**2", lr="0.1"), TypeError, r"lr must be a learning rate .* got '0.1'"),
    (lambda: t.descend("x**2 + y**2", steps=-5), ValueError,
     r"descend: steps must be a whole number from 1 to 2,000, got -5"),
    (lambda: t.descend("x**2 + y**2", steps=10**6), ValueError, r"steps must be .* got 1000000"),
    (lambda: t.descend("x**2 + y**2", method="sgd"), ValueError, r"method must be one of 'plain', "
     r"'momentum', 'adam', got 'sgd'"),
    (lambda: t.descend("x**2 + y**2", method=None), TypeError, r"method must be one of .* got None"),
    (lambda: t.descend("x**2 + y**2", start=(NAN, 0)), ValueError, r"descend: start must be a point \(x, y\) "
     r"of numbers from -20 to 20, got \(nan, 0\)"),
    (lambda: t.descend("x**2 + y**2", start=(1e6, 0)), ValueError, r"start must be a point .* got "
     r"\(1000000.0, 0\)"),
    (lambda: t.descend("x**2 + y**2", start=1.0), TypeError, r"start must be a point .* got 1.0"),
    (lambda: t.descend("x**2 + y**2", y=(-INF, 0)), ValueError, r"descend: y must be a range"),
    (lambda: t.descend(None), TypeError,
     r"descend: f must be a function of tensors or a formula string, got None"),
    (lambda: t.compare_grads(lambda x: x.sum(), [1.0], eps=0), ValueError, r"compare_grads: eps must be a "
     r"step size from 1e-12 to 1, got 0"),
    (lambda: t.compare_grads(lambda x: x.sum(), [1.0], eps=NAN), ValueError, r"eps must be .* got nan"),
    (lambda: t.compare_grads(lambda x: x.sum(), [1.0], eps="small"), TypeError,
     r"eps must be .* got 'small'"),
    (lambda: t.compare_grads(lambda x: x.sum(), "abc"), TypeError,
     r"compare_grads: x must be a tensor, array or \(nested\) list of 1 to 100,000 finite real numbers, "
     r"got 'abc'"),
    (lambda: t.compare_grads(lambda x: x.sum(), [[1.0, 2.0], [3.0]]), TypeError, r"x must be a tensor"),
    (lambda: t.compare_grads(lambda x: x.sum(), [1j]), TypeError, r"x must be a tensor"),
    (lambda: t.compare_grads(lambda x: x.sum(), []), ValueError, r"x must be .* got 0 elements"),
    (lambda: t.compare_grads(lambda x: x.sum(), np.zeros(100_001)), ValueError, r"got 100,001 elements"),
    (lambda: t.compare_grads(lambda x: x.sum(), [1.0, NAN]), ValueError, r"got non-finite values"),
    (lambda: t.compare_grads(3, [1.0]), TypeError, r"compare_grads: f must be a function of tensors"),
])
def test_widget_arguments_are_checked_up_front(call, error, message) -> None:
    with pytest.raises(error, match=message) as caught:
        call()
    assert type(caught.value) is error  # not an ExpressionError or a subclass from deep inside
    assert caught.value.__cause__ is None and len(str(caught.value).splitlines()) == 1


@pytest.mark.parametrize("name", ["grad", "x0", "points", "second"])
def test_a_formula_using_a_name_plot_grad_takes_says_it_is_taken(name: str) -> None:
    message = t.plot_grad(f"{name} * x + 1")
    assert isinstance(message, t.widgets.ErrorMessage)
    assert f"{name} is taken (plot_grad's argument for" in message.text
    assert "give the parameter another name" in message.text and "unknown name" not in message.text


def test_model_setters_refuse_what_a_slider_cannot_send() -> None:
    widget = t.plot_grad("a * x**2", a=(-2, 2))
    with pytest.raises(ValueError, match="x0 must be a number"):
        widget.model.x0 = NAN
    with pytest.raises(ValueError, match="parameter a must be a number from -2 to 2, got 5"):
        widget.model.set_parameter("a", 5)
    with pytest.raises(TypeError, match="second must be True or False"):
        widget.model.second = "yes"
    descent = t.descend("x**2 + y**2")
    for attribute, value, expected in (("lr", 0.0, "lr must be"), ("steps", 0, "steps must be"),
                                       ("start", (INF, 0), "start must be"), ("method", "fast", "method")):
        with pytest.raises(ValueError, match=expected):
            setattr(descent.model, attribute, value)
    assert descent.model.lr == 0.1 and descent.model.steps == 30  # unchanged


def test_a_formula_box_given_a_refused_text_shows_a_message() -> None:
    widget = t.plot_grad("x**2")
    widget.expression_box.value = "x\ud800"
    assert "U+D800" in widget.text.message.value
    widget.expression_box.value = "2×x"
    assert "type * to multiply" in widget.text.message.value
    assert widget.model.f_source == "x**2"


def test_a_small_learning_rate_stays_as_given_on_its_slider() -> None:
    widget = t.descend("x**2 + y**2", lr=1e-6)
    assert widget.model.lr == 1e-6 and widget.lr_slider.value == pytest.approx(1e-6)


# -- descend: why the path stopped -----------------------------------------------------------------


@pytest.mark.parametrize(("formula", "start", "reason"), [
    ("sqrt(-1 - x**2 - y**2)", None, "f is not finite at the start (x, y) = (-1.5, 1.5): f = nan, so no "
                                     "step was taken"),
    ("log(x) + y**2", (-1.0, 0.5), "f is not finite at the start (x, y) = (-1, 0.5)"),
    ("1 / (x**2 + y**2)", (0.0, 0.0), "f is not finite at the start (x, y) = (0, 0): f = inf"),
])
def test_descend_says_when_f_is_not_finite_at_the_start(formula, start, reason) -> None:
    widget = t.descend(formula, start=start)
    summary = widget.model.summary()
    assert reason in summary
    assert "diverged" not in summary and "learning rate" not in summary
    assert widget.plot.status.get_text() == "f is not finite at the start"
    assert len(widget.model.path.x) == 0


def test_descend_tells_a_point_outside_f_s_domain_from_divergence() -> None:
    model = t.descend("sqrt(x) + y**2", start=(0.5, 0.5), lr=0.5, steps=20).model
    assert model.path.stop == "not finite" and not model.diverged
    assert f"stopped at step {model.path.stopped_at}: f is not finite at (x, y)" in model.summary()
    assert "learning rate is too large" not in model.summary()


def test_descend_reports_a_gradient_that_is_not_finite() -> None:
    model = t.descend("sqrt(x**2 + y**2)", start=(0.0, 0.0)).model  # the cone's tip: f = 0, grad nan
    assert model.path.stop == "gradient not finite" and model.path.stopped_at == 0
    assert "the gradient of f is not finite at (x, y) = (0, 0)" in model.summary()


def test_descend_tells_a_too_large_rate_from_a_function_without_minimum() -> None:
    too_fast = t.descend("x**2 + 10*y**2", start=(1.5, 1.0), lr=0.11).model
    assert too_fast.diverged and "(the learning rate is too large for this f)" in too_fast.summary()
    downhill = t.descend("x + y", start=(0.0, 0.0), lr=1.0, steps=100).model
    assert downhill.diverged
    assert "while f kept decreasing (f may have no minimum in that direction" in downhill.summary()
    assert "too large" not in downhill.summary()


def test_descend_draws_a_square_where_f_is_nowhere_finite() -> None:
    widget = t.descend("log(-1 - x**2)")
    assert widget.display_bundles()[0][0]["image/png"]  # the figure output: a PNG
    texts = [text.get_text() for text in widget.plot.axes.texts]
    assert "f is not finite anywhere on this square" in texts


# -- compare_grads: messages, progress, interruption -------------------------------------------------


def test_compare_grads_shows_a_refused_formula_as_a_message() -> None:
    message = t.compare_grads("x.grad", [1.0, 2.0])
    assert isinstance(message, t.widgets.ErrorMessage)
    assert message.text.startswith("could not compare: attribute access")


def test_compare_grads_shows_progress_on_big_inputs(capsys) -> None:
    comparison = t.compare_grads(lambda x: (x**2).sum(), np.linspace(-1, 1, 1500))
    progress = capsys.readouterr().err
    assert "compare_grads: finite differences for 15 of 1,500 elements (1%" in progress
    assert progress.endswith("for 1,500 of 1,500 elements (100%; interrupt to stop and keep what is done)\n")
    assert comparison.done == 1500 and not comparison.interrupted
    summary = comparison.summary()
    assert len(summary.splitlines()) == 1 + 20 + 2  # header, 20 rows, the rest counted, the largest
    assert "... 1,480 more elements" in summary
    t.compare_grads(lambda x: (x**2).sum(), [1.0, 2.0])
    assert capsys.readouterr().err == ""  # small inputs: no progress line


def test_compare_grads_can_be_interrupted_and_keeps_what_it_did() -> None:
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == 1 + 2 * 7 + 1:  # the autograd call, 7 elements, then Ctrl+C
            raise KeyboardInterrupt
        return (x**3).sum()

    x = np.linspace(0.1, 1.0, 50)
    comparison = t.compare_grads(f, x)
    assert comparison.interrupted and comparison.done == 7
    np.testing.assert_allclose(comparison.finite_difference[:7], 3 * x[:7] ** 2, rtol=1e-6)
    assert np.isnan(comparison.finite_difference[7:]).all()
    summary = comparison.summary()
    assert "interrupted: finite differences for 7 of 50 elements" in summary
    assert "largest |autograd - finite difference|: < 1e-06 at index [" in summary
    assert summary.splitlines()[8].split()[3:] == ["–", "–"]  # element 7 was not compared


# -- trace and draw: arguments ---------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: t.trace(max_nodes="10"), TypeError, r"trace: max_nodes must be a whole number from 1 to 2,000, "
     r"got '10'"),
    (lambda: t.trace(max_nodes=0), ValueError, r"trace: max_nodes must be a whole number from 1 to 2,000"),
    (lambda: t.trace(max_nodes=10**6), ValueError, r"max_nodes must be .* 2,000, got 1000000 \(up to "
     r"100,000 with format='text'\)"),
    (lambda: t.trace(max_nodes=10**6, format="text"), ValueError, r"max_nodes must be a whole number from 1 "
     r"to 100,000, got 1000000"),
    (lambda: t.trace(max_nodes=True), TypeError, r"max_nodes must be a whole number"),
    (lambda: t.trace(format="png"), ValueError, r"trace: format must be one of 'svg', 'text', got 'png'"),
    (lambda: t.trace(values="no"), TypeError, r"trace: values must be True or False, got 'no'"),
    (lambda: t.trace(grads=None), TypeError, r"trace: grads must be True or False, got None"),
    (lambda: t.trace(saved=1), TypeError, r"trace: saved must be True or False, got 1"),
    (lambda: t.draw(42), TypeError, r"draw: tensor must be a tensor or a list of tensors, got 42"),
    (lambda: t.draw("loss"), TypeError, r"draw: tensor must be a tensor or a list of tensors, got 'loss'"),
    (lambda: t.draw([]), ValueError,
     r"draw: tensor must be a tensor or a list of tensors, got an empty list"),
    (lambda: t.draw([t.ones(1), 3]), TypeError, r"draw: tensor\[1\] must be a tensor, got 3"),
    (lambda: t.draw(t.ones(1), params=[1, 2]), TypeError, r"draw: params must be a dict of names to tensors "
     r"\(dict\(model.named_parameters\(\)\)\), got \[1, 2\]"),
    (lambda: t.draw(t.ones(1), params={"w": 3}), TypeError, r"draw: params\['w'\] must be a tensor, got 3"),
    (lambda: t.draw(t.ones(1), params={1: t.ones(1)}), TypeError, r"draw: the names in params must be "
     r"strings, got 1"),
    (lambda: t.draw(t.ones(1), show_saved="yes"), TypeError, r"draw: show_saved must be True or False"),
    (lambda: t.draw(t.ones(1), max_nodes=-1), ValueError, r"draw: max_nodes must be a whole number"),
])
def test_trace_and_draw_arguments_are_checked_up_front(call, error, message) -> None:
    with pytest.raises(error, match=message) as caught:
        call()
    assert type(caught.value) is error


def test_draw_takes_named_parameters_as_pairs() -> None:
    model = t.nn.Linear(2, 1)
    loss = model(t.ones(1, 2)).sum()
    picture = t.draw(loss, params=model.named_parameters())
    assert sorted(node.name for node in picture.graph.nodes.values() if node.kind == "leaf") == [
        "bias", "weight"]


def test_a_picture_too_hard_to_lay_out_becomes_its_text(monkeypatch) -> None:
    from autograd_lab.viz import graphviz

    def refuse(dot: str) -> str:
        raise graphviz.RenderError("Graphviz gave up")

    monkeypatch.setattr(graphviz, "_render", refuse)
    x = t.ones(2, requires_grad=True)
    picture = t.draw((x * 2).sum())
    bundle, metadata = picture._repr_mimebundle_()
    assert set(bundle) == {"text/plain"} and metadata == {}
    assert bundle["text/plain"].startswith("(no picture: Graphviz gave up)\n")
    with pytest.raises(graphviz.RenderError):
        picture.svg  # noqa: B018 - asked for directly, the failure is an exception


def test_graphviz_runs_out_of_time_on_a_layout_and_recovers(monkeypatch) -> None:
    from autograd_lab.viz import graphviz

    monkeypatch.setattr(graphviz, "RENDER_SECONDS", 0.2)
    x = t.ones(3, requires_grad=True)
    y = x
    for _ in range(150):  # a long chain with one shared input: Graphviz needs minutes for it
        y = y * 1.0
    picture = t.draw(y, max_nodes=2000)
    with pytest.raises(graphviz.RenderError, match=r"took more than 0.2 s to lay out 15\d boxes"):
        picture.svg  # noqa: B018
    assert t.draw((x * 2).sum()).svg.startswith("<svg")  # the engine still works afterwards


# -- cells under %%trace -------------------------------------------------------------------------------
# The cell must run exactly as IPython runs it without the magic; the picture comes on top.

from .test_trace_magic import pictures, run  # noqa: E402 - helpers of the %%trace tests

TRACED = "%%trace --format text\n"


def ops_of(display: dict) -> list[str]:
    return [line.split()[2] for line in display["text/plain"].splitlines()
            if len(line.split()) > 2 and line.split()[1] == "op"]


def test_a_trace_line_inside_a_traced_cell(shell) -> None:
    result, displays, _ = run(shell, TRACED + "import autograd_lab as t\n"
                                              "x = t.ones(2, requires_grad=True)\n"
                                              "%trace --format text y = x * 2\nz = (y + 1).sum()\nz\n")
    assert result.success, result.error_in_exec
    inner, outer = pictures(displays)
    assert ops_of(inner) == ["MulBackward0"]
    assert ops_of(outer) == ["MulBackward0", "AddBackward0", "SumBackward0"]  # the inner line too
    assert repr(result.result) == "tensor(6., grad_fn=<SumBackward0>)"
    assert "__autograd_lab_bind__" not in shell.user_ns


def test_top_level_await_runs_as_in_a_plain_cell(shell) -> None:
    result, displays, _ = run(shell, TRACED + "import asyncio\nimport autograd_lab as t\n"
                                              "x = t.ones(2, requires_grad=True)\nawait asyncio.sleep(0)\n"
                                              "async def double(v):\n    await asyncio.sleep(0)\n"
                                              "    return v * 2\n"
                                              "y = await double(x)\nawait double(y.sum())\n")
    assert result.success, result.error_in_exec
    assert repr(result.result) == "tensor(8., grad_fn=<MulBackward0>)"
    (display,) = pictures(displays)
    assert ops_of(display) == ["MulBackward0", "SumBackward0", "MulBackward0"]
    result, _, _ = run(shell, "%trace --format text z = await double(x)")
    assert result.success and repr(shell.user_ns["z"]) == "tensor([2., 2.], grad_fn=<MulBackward0>)"


def test_await_without_autoawait_fails_as_in_a_plain_cell(shell) -> None:
    shell.autoawait = False
    try:
        plain, _, _ = run(shell, "import asyncio\nawait asyncio.sleep(0)\n")
        traced, _, _ = run(shell, TRACED + "import asyncio\nawait asyncio.sleep(0)\n")
    finally:
        shell.autoawait = True
    assert type(plain.error_before_exec or plain.error_in_exec) is SyntaxError
    assert type(traced.error_before_exec or traced.error_in_exec) is SyntaxError


def test_magics_and_shell_commands_inside_a_traced_cell(shell) -> None:
    result, displays, stdout = run(shell, TRACED + "import autograd_lab as t\n"
                                                   "x = t.ones(2, requires_grad=True)\n"
                                                   "%time y = x * 2\n!echo from-the-shell\nz = y.sum()\n")
    assert result.success, result.error_in_exec
    assert "from-the-shell" in stdout and "Wall time" in stdout
    assert ops_of(pictures(displays)[0]) == ["MulBackward0", "SumBackward0"]


def test_every_expression_is_shown_when_ipython_is_told_so(shell) -> None:
    shell.ast_node_interactivity = "all"
    try:
        _, _, plain = run(shell, "1 + 1\nx = 4\n2 + 3\n")
        _, _, traced = run(shell, TRACED + "1 + 1\nx = 4\n2 + 3\n")
    finally:
        shell.ast_node_interactivity = "last_expr"
    assert [line.split(": ")[1] for line in plain.splitlines()] == ["2", "5"]  # Out[n]: 2
    assert [line.split(": ")[1] for line in traced.splitlines()] == ["2", "5"]


@pytest.mark.parametrize(("options", "expected"), [
    ('--name "abc', "No closing quotation"),
    ("--max-nodes 1000000", "--max-nodes must be a whole number from 1 to 2,000"),
    ("--format text --max-nodes 1000000", "--max-nodes must be a whole number from 1 to 100,000"),
    ("--name for", "--name needs a Python variable name"),
])
def test_option_errors_are_usage_errors(shell, options: str, expected: str) -> None:
    result, displays, _ = run(shell, f"%%trace {options}\nran = True\n")
    assert type(result.error_in_exec).__name__ == "UsageError"
    assert expected in str(result.error_in_exec)
    assert "ran" not in shell.user_ns and not pictures(displays)


@pytest.mark.parametrize("where", ["building", "rendering"])
def test_an_interrupt_while_drawing_keeps_the_cell_s_result(shell, monkeypatch, where: str) -> None:
    import autograd_lab.jupyter.trace as trace_module
    from autograd_lab.viz import graphviz

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    if where == "building":
        monkeypatch.setattr(trace_module, "picture_from_capture", interrupted)
    else:
        monkeypatch.setattr(graphviz, "_render", interrupted)
    result, displays, _ = run(shell, "%%trace --name tr\nimport autograd_lab as t\n"
                                     "x = t.ones(2, requires_grad=True)\n(x * 3).sum()\n")
    assert result.success and result.error_in_exec is None
    assert repr(result.result) == "tensor(6., grad_fn=<SumBackward0>)"
    assert repr(shell.user_ns["_"]) == "tensor(6., grad_fn=<SumBackward0>)"
    notes = [d["text/plain"] for d in displays if "picture was skipped" in d.get("text/plain", "")]
    assert notes == ["%%trace: the picture was skipped (interrupted while drawing); the cell itself ran to "
                     "the end"]
    assert not any("image/svg+xml" in d for d in displays)
    with pytest.raises(RuntimeError, match="the picture was skipped"):
        shell.user_ns["tr"].svg  # noqa: B018


def test_unflatten_of_a_0d_tensor_names_the_dim_torch_names() -> None:
    """torch's message (before its C++ backtrace, which is not imitated): the dim wrapped, then
    refused because the tensor has none (was a Python IndexError from a tuple)."""
    for dim in (0, -1):
        with pytest.raises(RuntimeError, match="^unflatten got an unexpected error:\nDimension "
                                               "specified as 0 but tensor has no dimensions$"):
            t.tensor(1.5).unflatten(dim, (1,))
