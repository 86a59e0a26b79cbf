"""Warnings torch gives once per process (its C++ ``TORCH_WARN_ONCE``), given here once too:

- ``float(x)`` on a tensor that requires grad: torch's UserWarning, only with grad mode on; ``int``,
  ``item`` and ``bool`` never warn (as torch);
- a call only a deprecated overload accepts (``x.add_(-lr, grad)``): torch's UserWarning naming the
  overload to use, then the call as it should be.
"""

from __future__ import annotations

import importlib
import warnings

import pytest

import autograd_lab as t

tensor_module = importlib.import_module("autograd_lab.tensor")  # (the function t.tensor hides it)

MESSAGE = ("Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
           "behavior.\nConsider using tensor.detach() first.")


@pytest.fixture
def not_warned_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tensor_module, "_float_warned", False)


def _warnings_of(call) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_float_of_a_tensor_that_requires_grad_warns_once(not_warned_yet) -> None:
    x = t.tensor(2.5, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert float(x) == 2.5
    assert [str(w.message) for w in caught] == [MESSAGE]
    assert caught[0].filename == __file__  # (pointed at the line that converts)
    assert _warnings_of(lambda: float(x * 2)) == []  # torch: once per process


@pytest.mark.parametrize("convert", [int, bool, lambda v: v.item(), lambda v: v.tolist()],
                         ids=["int", "bool", "item", "tolist"])
def test_other_conversions_do_not_warn(not_warned_yet, convert) -> None:
    assert _warnings_of(lambda: convert(t.tensor(2.5, requires_grad=True))) == []


def test_no_warning_under_no_grad_or_without_requires_grad(not_warned_yet) -> None:
    x = t.tensor(2.5, requires_grad=True)
    with t.no_grad():
        assert _warnings_of(lambda: float(x)) == []
    assert _warnings_of(lambda: float(x.detach())) == []
    assert _warnings_of(lambda: float(x)) == [MESSAGE]  # (not used up by the calls above)


def test_lbfgs_reads_its_loss_without_the_warning(not_warned_yet) -> None:
    """torch's LBFGS turns the closure's loss into a number under no_grad: no warning there."""
    w = t.tensor([1.0, -2.0], requires_grad=True)
    optimizer = t.optim.LBFGS([w], max_iter=3)

    def closure():
        optimizer.zero_grad()
        loss = (w ** 2).sum()
        loss.backward()
        return loss

    assert _warnings_of(lambda: optimizer.step(closure)) == []


def test_deprecated_alpha_first_overload_warns_once_with_torchs_text(monkeypatch) -> None:
    """``p.data.add_(-lr, p.grad)``, torch's deprecated ``add_(Number alpha, Tensor other)``: the
    value of ``add_(other, alpha=...)``, with torch's UserWarning once per process, pointed at the
    caller's line."""
    arguments = importlib.import_module("autograd_lab._arguments")
    monkeypatch.setattr(arguments, "_deprecated_warned", [False])
    x = t.ones(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x.add_(-0.5, t.full((2,), 2.0))
        t.sub(x, 2, t.ones(2))
    assert x.tolist() == [0.0, 0.0]
    assert [str(w.message) for w in caught] == [
        "This overload of add_ is deprecated:\n\tadd_(Number alpha, Tensor other)\nConsider using "
        "one of the following signatures instead:\n\tadd_(Tensor other, *, Number alpha = 1)"]
    assert caught[0].filename == __file__
