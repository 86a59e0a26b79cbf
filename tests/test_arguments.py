"""torch's TypeErrors for arguments of the wrong type (``autograd_lab._arguments``): the messages
its parser rules give for every function and Tensor method autograd_lab knows the signatures of,
against torch's (goldens, and torch live), and the operand checks that use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import autograd_lab as t
from autograd_lab import _torch_signatures
from autograd_lab._arguments import argument_error
from tests.goldens.record_signatures import PATTERNS, arguments, fingerprint, torch_message

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "signatures.json").read_text())
ENTRIES = [(variant, name) for variant, table in (("function", _torch_signatures.FUNCTIONS),
                                                  ("method", _torch_signatures.METHODS))
           for name in sorted(table)
           if not (variant == "function" and name in _torch_signatures.PYTHON_LEVEL)]


def _refused(variant: str, name: str) -> list[tuple[int, str]]:
    """The golden calls torch refused: (pattern number, digest of torch's message)."""
    text = GOLDEN["calls"][f"{variant} {name}"]
    return [(int(number), digest) for number, digest in (item.split(":") for item in text.split())]


def _ours(variant: str, name: str, number: int) -> str:
    args, kwargs = arguments(t, PATTERNS[number])
    return str(argument_error(name, args, kwargs, method=variant == "method"))


def test_goldens_are_current() -> None:
    assert GOLDEN["patterns"] == [[list(args), kwargs] for args, kwargs in PATTERNS]
    assert set(GOLDEN["calls"]) == {f"{variant} {name}" for variant, name in ENTRIES}


@pytest.mark.parametrize(("variant", "name"), ENTRIES, ids=[f"{v}:{n}" for v, n in ENTRIES])
def test_messages_match_torch_golden(variant: str, name: str) -> None:
    wrong = [number for number, digest in _refused(variant, name)
             if fingerprint(_ours(variant, name, number)) != digest]
    assert not wrong, [(PATTERNS[number], _ours(variant, name, number)) for number in wrong]


@pytest.mark.parametrize(("variant", "name"), ENTRIES, ids=[f"{v}:{n}" for v, n in ENTRIES])
def test_messages_match_torch_live(torch, variant: str, name: str) -> None:
    for number, pattern in enumerate(PATTERNS):
        expected = torch_message(torch, variant, name, pattern)
        if expected is not None:
            assert _ours(variant, name, number) == expected, pattern


def test_every_table_entry_has_refused_calls() -> None:
    """Each signature in the table is exercised by at least one refused call."""
    assert all(_refused(variant, name) for variant, name in ENTRIES)


def test_error_prints_as_plain_type_error() -> None:
    error = argument_error("add", (None, t.ones(2)))
    assert isinstance(error, TypeError) and type(error).__name__ == "TypeError"
    assert repr(error) == ("TypeError(\"add(): argument 'input' (position 1) must be Tensor, not "
                           "NoneType\")")


def test_method_wording_counts_after_self() -> None:
    error = argument_error("add", (t.ones(2), None))
    assert str(error).endswith("(position 2) must be Tensor, not NoneType")
    assert str(error.for_method()) == "add(): argument 'other' (position 1) must be Tensor, not NoneType"
    assert str(error.for_method("add_")).startswith("add_(): argument 'other' (position 1)")


def test_operators_give_python_type_errors_and_leave_operands_alone() -> None:
    x = t.ones(2)
    for expression, message in [
        (lambda: x + None, "unsupported operand type(s) for +: 'Tensor' and 'NoneType'"),
        (lambda: None * x, "unsupported operand type(s) for *: 'NoneType' and 'Tensor'"),
        (lambda: x < "a", "'<' not supported between instances of 'Tensor' and 'str'"),
    ]:
        with pytest.raises(TypeError) as caught:
            expression()
        assert str(caught.value) == message
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+=: 'Tensor' and"):
        x += None
    assert x.tolist() == [1.0, 1.0] and x._version == 0
    assert (x == None) is False and (x != None) is True  # noqa: E711 - the point of the test


def test_a_leaf_requiring_grad_reports_the_bad_argument_first() -> None:
    """torch checks argument types before the in-place check on leaves."""
    w = t.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match=r"add_\(\): argument 'other' \(position 1\)"):
        w.add_(None)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w.add_(1.0)
