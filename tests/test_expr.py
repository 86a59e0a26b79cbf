"""The safe expression parser behind the widgets' formula boxes (autograd_lab/jupyter/expr.py)."""

from __future__ import annotations

import ast
import builtins
import math

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.jupyter.expr import MAX_EXPONENT, MAX_LENGTH, ExpressionError, parse_expression


def refusal(source: str, **kwargs) -> str:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(source, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(("source", "expected"), [
    ("__import__('os')", "unknown function '__import__'"),
    ("__import__('os').system('ls')", "attribute access"),
    ("x.grad", "attribute access"),
    ("x.__class__.__mro__", "attribute access"),
    ("os.system('ls')", "attribute access"),
    ("(lambda: 1)()", "lambda is not allowed"),
    ("sin(x)(2)", "only math functions called by name"),
    ("lambda x: x", "lambda is not allowed"),
    ("[x for x in range(3)]", "comprehensions are not allowed"),
    ("sum(x for x in range(3))", "unknown function 'sum'"),
    ("sin([x for x in range(3)])", "comprehensions are not allowed"),
    ("sin(x for x in range(3))", "comprehensions are not allowed"),
    ("{x: 1 for x in range(3)}", "comprehensions are not allowed"),
    ("{x for x in range(3)}", "comprehensions are not allowed"),
    ("x[0]", "indexing"),
    ("'abc'", "strings are not allowed"),
    ("x if x else 1", "is not allowed"),
    ("x < 1", "comparisons are not allowed"),
    ("(y := 2)", "assignment"),
    ("sin(x=1)", "no keyword arguments"),
    ("sin(*[x])", "not allowed"),
    ("x % 2", "the operator % is not allowed"),
    ("x // 2", "the operator // is not allowed"),
    ("~x", "the operator ~ is not allowed"),
    ("True", "only numbers"),
    ("None", "only numbers"),
    ("2j", "only real numbers"),
    ("import os", "not a valid formula"),
    ("x; y", "not a valid formula"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("eval('1')", "unknown function 'eval'"),
    ("getattr(x, 'grad')", "unknown function 'getattr'"),
])
def test_refuses_code_that_is_not_a_formula(source: str, expected: str) -> None:
    assert expected in refusal(source)


@pytest.mark.parametrize("source", ["10**10**10", "2**-10**10", "x**(10**10)", "x**1e400", "(2**3)**(10**4)",
                                    "10**10**10**10**10", "pow(x, 10**10)"])
def test_refuses_huge_constant_exponents_before_computing_anything(source: str) -> None:
    # A Python-int evaluation of 10**10**10 would run for a very long time: the parser must refuse
    # it from the tree alone (a hang here means the check is broken).
    message = refusal(source)
    assert "exponent" in message and f"{MAX_EXPONENT:g}" in message


def test_accepts_large_but_bounded_exponents_and_variable_exponents() -> None:
    assert parse_expression("x**1000")(1.0) == 1.0
    with np.errstate(over="ignore"):
        value = parse_expression("2**x")(t.tensor([1e6], dtype=t.float64))
    assert value.tolist() == [math.inf]  # float overflow: inf, at once


def test_refuses_unknown_names_and_says_what_is_allowed() -> None:
    message = refusal("c*x")
    assert "unknown name 'c'" in message
    assert "variables x" in message and "pi, e" in message and "sin" in message
    assert "plot_grad('a*x', a=(-2, 2))" in message  # how to declare a parameter
    assert "parameters a, b" in refusal("a*x + b + c", parameters=("a", "b"))


def test_function_names_are_calls_and_variables_are_not_functions() -> None:
    assert "sin is a function: call it" in refusal("sin * x")
    assert "x is not a function" in refusal("x(2)")
    assert "sin() takes 1 argument, got 2" in refusal("sin(x, 2)")
    assert "pow() takes 2 arguments, got 1" in refusal("pow(x)")


def test_messages_point_at_the_column_and_carry_no_traceback_chain() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_expression("x + y.real")
    error = caught.value
    assert error.column == 5
    assert str(error).splitlines()[1:] == ["    x + y.real", "        ^"]
    with pytest.raises(ExpressionError) as caught:
        parse_expression("x +* 2")
    error = caught.value
    assert str(error).startswith("this is not a valid formula: invalid syntax")
    # the SyntaxError it replaces is not chained: a learner sees one message, not two tracebacks
    assert error.__cause__ is None and error.__suppress_context__


def test_refuses_empty_and_long_input_and_takes_deep_nesting_within_the_limit() -> None:
    assert "empty" in refusal("   ")
    assert "too long" in refusal("x+" * MAX_LENGTH + "x")
    assert parse_expression("(" * 150 + "x" + ")" * 150)(2.0) == 2.0
    assert parse_expression("-" * 300 + "x")(2.0) == 2.0  # deep but within the limits: fine
    assert "must be a string" in refusal(42)  # type: ignore[arg-type]


def test_parameter_names_cannot_shadow_functions_or_be_private() -> None:
    assert "cannot be used" in refusal("x", parameters=("sin",))
    assert "cannot be used" in refusal("x", parameters=("__class__",))


def test_never_evaluates_python_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must not be used")

    real_compile = builtins.compile

    def parse_only(source, filename, mode, flags=0, *args, **kwargs):
        # ast.parse compiles to a syntax tree only; compiling to code objects is what must not happen
        assert flags & ast.PyCF_ONLY_AST, "compile() to a code object must not be used"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "compile", parse_only)
    function = parse_expression("a*x**2 + b", parameters=("a", "b"))
    assert function(3.0, a=2.0, b=1.0) == 19.0


def test_numbers_are_floats_so_integer_arithmetic_cannot_blow_up() -> None:
    assert parse_expression("2**0.5 + pi - e")(0.0) == pytest.approx(2**0.5 + math.pi - math.e)
    assert math.isnan(parse_expression("(-8)**(1/3)")(0.0))  # not a complex number
    with pytest.raises(ExpressionError, match="divides a number by zero"):
        parse_expression("1/0")(0.0)
    with pytest.raises(ExpressionError, match="too large"):
        parse_expression("1e300**2")(0.0)


def test_calls_check_how_many_variables_and_parameters_are_given() -> None:
    function = parse_expression("a*x*y", ("x", "y"), ("a",))
    assert function(2.0, 3.0, a=0.5) == 3.0
    with pytest.raises(TypeError, match="takes 2 variable"):
        function(2.0, a=0.5)
    with pytest.raises(TypeError, match="needs a value for parameter"):
        function(2.0, 3.0)


def test_formulas_on_tensors_record_a_graph() -> None:
    x = t.tensor([0.5, 1.0, 2.0], dtype=t.float64, requires_grad=True)
    y = parse_expression("x**3 - 2*x + 1")(x)
    y.sum().backward()
    values = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(y.detach().numpy(), values**3 - 2 * values + 1)
    np.testing.assert_allclose(x.grad.numpy(), 3 * values**2 - 2)


def test_math_functions_come_from_autograd_lab() -> None:
    x = t.tensor([0.25, 1.0, 2.5], dtype=t.float64, requires_grad=True)
    y = parse_expression("x**2 * sin(x) + exp(-x) + sqrt(x)")(x)
    values = np.array([0.25, 1.0, 2.5])
    expected = values**2 * np.sin(values) + np.exp(-values) + np.sqrt(values)
    np.testing.assert_allclose(y.detach().numpy(), expected)
    assert parse_expression("sin(pi/2)")(0.0).item() == 1.0  # a number argument becomes a tensor


def test_same_formula_runs_on_torch(torch) -> None:
    x = torch.tensor([0.25, 1.0, 2.5], dtype=torch.float64, requires_grad=True)
    ours = t.tensor([0.25, 1.0, 2.5], dtype=t.float64, requires_grad=True)
    source = "x**2 * sin(x) + tanh(x) / (1 + x)"
    expected = parse_expression(source, library=torch)(x)
    actual = parse_expression(source)(ours)
    expected.sum().backward()
    actual.sum().backward()
    np.testing.assert_allclose(actual.detach().numpy(), expected.detach().numpy(), rtol=1e-13)
    np.testing.assert_allclose(ours.grad.numpy(), x.grad.numpy(), rtol=1e-13)
