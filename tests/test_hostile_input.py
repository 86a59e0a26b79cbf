"""Hostile input to the lab side: formulas, arguments and cells a learner (or a JSON-fed text box on
a read-only server) may send. Everything here must end in a clear message that names the problem,
never in a raw traceback from deep inside numpy, matplotlib or IPython, and never in minutes of work.

Sections: the formula parser; the arguments of ``plot_grad``, ``descend``, ``compare_grads``,
``trace`` and ``draw``; ``descend``'s reasons for stopping; cells under ``%%trace``.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
