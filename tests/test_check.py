"""The exercise checker (autograd_lab/check.py): right answers pass, wrong ones get told what and
where, unanswered ones are recognised, hints come only after a wrong try."""

from __future__ import annotations

import subprocess
import sys

import pytest

import autograd_lab as t
from autograd_lab import check
from autograd_lab.autograd import Function


def test_importing_the_checker_loads_no_jupyter_or_plotting() -> None:
    code = ("import sys, autograd_lab as t; t.check.value('1', 1.0, 1.0); "
            "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_value_right_wrong_and_unanswered() -> None:
    expected = t.tensor([3.0, 12.0, 27.0])
    right = check.value("1.1", t.tensor([3.0, 12.0, 27.0]), expected, name="my_grad", hint="3x²")
    assert right.passed and bool(right) and right.status == "correct"
    assert right.text == "✓ Exercise 1.1: correct.\n  my_grad is [3, 12, 27]"
    wrong = check.value("1.1", t.tensor([3.0, 6.0, 9.0]), expected, name="my_grad", hint="3x²")
    assert not wrong and wrong.status == "wrong"
    assert wrong.text.splitlines() == [
        "✗ Exercise 1.1: not yet.",
        "  my_grad[1] is 6 where the expected answer is 12 (2 of 3 elements differ)",
        "  Hint: 3x²",
    ]
    unanswered = check.value("1.1", ..., expected, name="my_grad", hint="3x²")
    assert unanswered.status == "unanswered" and "Hint" not in unanswered.text  # no hint before a try
    assert unanswered.text == "… Exercise 1.1: not answered yet.\n  replace the ... with my_grad"


def test_value_names_a_pattern_in_the_difference() -> None:
    expected = t.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    doubled = check.value("x", 2 * expected, expected)
    assert "every element is 2 times the expected answer: a missing or extra factor?" in doubled.text
    assert "every element has the wrong sign" in check.value("x", -expected, expected).text
    transposed = check.value("x", expected.T, expected)
    assert "has shape (3, 2) where the expected answer has shape (2, 3)" in transposed.text
    assert "yours is the transpose of the expected answer" in transposed.text
    assert "yours is all zeros" in check.value("x", t.zeros(2, 3), expected).text


def test_value_compares_strings_tuples_dicts_and_tolerates_float32_rounding() -> None:
    names = check.value("2.1", ["ExpBackward0", "AddBackward1"], ["ExpBackward0", "AddBackward0"],
                        name="names")
    assert "names[1] is 'AddBackward1' where the expected answer is 'AddBackward0'" in names.text
    assert check.value("1.2", (True, True, False), (True, True, False))
    assert check.value("x", 0.1 + 0.2, 0.3)
    assert check.value("x", t.tensor([1.0]) / 3, [1 / 3])  # float32 against float64
    answers = check.value("5.1", {"grad_w": 1.0, "grad_b": ...}, {"grad_w": 1.0, "grad_b": 2.0})
    assert answers.status == "unanswered" and answers.details == ["replace the ... with grad_b"]
    answers = check.value("5.1", {"grad_w": 1.0, "grad_b": 3.0}, {"grad_w": 1.0, "grad_b": 2.0})
    assert answers.details == ["grad_b is 3 where the expected answer is 2"]


def test_value_computed_by_the_learners_code() -> None:
    def step(p):
        return ...  # not written yet

    waiting = check.value("8.2", lambda: step(1.0), 2.0, uses=step)
    assert waiting.status == "unanswered" and "`step` still holds a ..." in waiting.text

    def broken(p):
        return p + "one"

    failing = check.value("8.2", lambda: broken(1.0), 2.0, uses=broken, hint="add one")
    assert failing.status == "wrong"
    assert failing.details[0].startswith("computing your answer raised TypeError")
    assert "Hint: add one" in failing.text

    def written(p):
        return p + 1.0

    assert check.value("8.2", lambda: written(1.0), 2.0, uses=written)


def test_at_least() -> None:
    assert check.at_least("10.2", 0.97, 0.95, name="accuracy")
    low = check.at_least("10.2", t.tensor(0.9), 0.95, name="accuracy", hint="more hidden units")
    assert low.details == ["accuracy is 0.9, below 0.95"] and "Hint: more hidden units" in low.text


def test_grad_against_autograd_and_a_missing_grad() -> None:
    x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    y.retain_grad()
    (y * 3).sum().backward()
    assert check.grad("9.1", 2 * x.detach() * 3, x, name="dx")
    wrong = check.grad("9.1", 2 * x.detach(), x, name="dx")
    assert "dx[0] is 2 where autograd's is 6" in wrong.text
    assert "every element is 0.333333 times autograd's" in wrong.text
    assert check.grad("9.1", t.full((3,), 3.0), y, name="dy").text == (
        "✓ Exercise 9.1: correct.\n  dy matches autograd on all 3 elements (largest difference below 1e-05)")
    both = check.grad("dW", {"dx": 2 * x.detach() * 3, "dy": t.full((3,), 4.0)}, {"dx": x, "dy": y})
    assert both.text.splitlines() == [
        "✗ dW: not yet.", "  dy[0] is 4 where autograd's is 3 (3 of 3 elements differ)",
        "  every element is 1.33333 times autograd's: a missing or extra factor?"]
    waiting = check.grad("9.2", {"dx": ..., "dy": ..., "dz": 1.0}, {"dx": x, "dy": y, "dz": y})
    assert waiting.details == ["replace the ... with dx and dy"]
    no_grad = t.ones(2)
    with pytest.raises(ValueError, match="retain_grad"):
        check.grad("9.1", t.ones(2), no_grad)


def test_backward_checks_each_input_with_an_upstream_gradient_that_is_not_ones() -> None:
    x = t.randn(3, 4)
    assert check.backward("9.3", t.tanh, lambda grad, x: grad * (1 - t.tanh(x) ** 2), x)
    # forgetting the incoming gradient only works when it is all ones: it is not
    forgot = check.backward("9.3", t.tanh, lambda grad, x: 1 - t.tanh(x) ** 2, x, hint="times grad")
    assert forgot.status == "wrong" and "your gradient[0, 0] is" in forgot.text
    assert "Hint: times grad" in forgot.text

    def linear(x, weight, bias):
        return x @ weight.T + bias

    inputs = (t.randn(5, 3), t.randn(4, 3), t.randn(4))
    assert check.backward("9.4", linear, lambda g, x, w, b: (g @ w, g.T @ x, g.sum(0)), *inputs)
    transposed = check.backward("9.4", linear, lambda g, x, w, b: (g @ w, x.T @ g, g.sum(0)), *inputs)
    assert "gradient 1 has shape (3, 4) where autograd's has shape (4, 3)" in transposed.text
    assert "yours is the transpose of autograd's" in transposed.text
    too_few = check.backward("9.4", linear, lambda g, x, w, b: (g @ w, g.T @ x), *inputs)
    assert "returned 2 gradients, one per input is 3" in too_few.text

    def unwritten(grad, x):
        return grad * ...

    assert check.backward("9.3", t.tanh, unwritten, x).status == "unanswered"


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


class CubeMissingSquare(Cube):
    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x


class CubeUnwritten(Cube):
    @staticmethod
    def backward(ctx, grad_output):
        return ...


def test_same_gradients_for_a_custom_function() -> None:
    x = t.tensor([1.0, -2.0, 0.5])
    assert check.same_gradients("6.1", Cube.apply, lambda x: x**3, x)
    wrong = check.same_gradients("6.1", CubeMissingSquare.apply, lambda x: x**3, x)
    assert wrong.status == "wrong" and wrong.details[0].startswith("the gradient[1] is")  # 3x = 3x² at x = 1
    values_differ = check.same_gradients("6.1", Cube.apply, lambda x: x**2, x)
    assert "your result[1] is -8 where the reference's is 4" in values_differ.text
    unwritten = check.same_gradients("6.1", CubeUnwritten.apply, lambda x: x**3, x)
    assert unwritten.text.splitlines() == ["… Exercise 6.1: not answered yet.",
                                           "  `CubeUnwritten` still holds a ...: replace it with your code"]


def f(x):
    return x**2 * t.sin(x)


def test_derivative_names_where_a_wrong_one_differs() -> None:
    right = check.derivative("4.1", f, lambda x: 2 * x * t.sin(x) + x**2 * t.cos(x))
    assert right.text == "✓ Exercise 4.1: correct.\n  your gradf agrees with autograd everywhere on [-3, 3]"
    wrong = check.derivative("4.1", f, lambda x: 2 * x * t.sin(x), hint="product rule")
    assert wrong.details[0].startswith("at x = -3 your gradf gives 0.84672, autograd -8.06321")
    assert "Hint: product rule" in wrong.text

    def gradf(x):
        return ...

    assert check.derivative("4.1", f, gradf).status == "unanswered"


def test_derivative_feedback_draws_the_plot_above_its_text() -> None:
    from IPython.core.getipython import get_ipython
    from IPython.testing.globalipapp import start_ipython
    from IPython.utils.capture import capture_output

    shell = start_ipython() or get_ipython()
    shell.user_ns.update(t=t, f=f)
    with capture_output() as captured:
        shell.run_cell("t.check.derivative('4.1', f, lambda x: 2 * x * t.sin(x))", store_history=False)
    texts = [output.data["text/plain"] for output in captured.outputs]
    # the plot's two outputs (figure, text results), then the verdict
    assert len(texts) == 3 and "image/png" in captured.outputs[0].data
    assert texts[1].startswith("x0 = -3") and "largest |grad - f'|" in texts[1]
    assert texts[2].startswith("✗ Exercise 4.1: not yet.")


def test_has_placeholder_finds_ellipsis_in_nested_code() -> None:
    def outer():
        def inner():
            return ...

        return inner

    def done():
        return 1

    def statement():
        x = 1
        ...  # a bare ... is compiled away: found in the source
        return x

    assert check.has_placeholder(outer) and not check.has_placeholder(done)
    assert check.has_placeholder(statement)
    assert check.has_placeholder(CubeUnwritten) and not check.has_placeholder(Cube.apply)
