"""gradcheck and gradgradcheck take torch's keywords and make torch's checks: reentrancy
(``nondet_tol``), gradient dtypes, undefined output gradients; checks autograd_lab cannot make yet
(forward mode, vmap) raise NotImplementedError when asked for, never pass unchecked."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd import GradcheckError, gradcheck, gradgradcheck


def _x() -> t.Tensor:
    return t.tensor([0.5, -1.5], dtype=t.float64, requires_grad=True)


def _square(a: t.Tensor) -> t.Tensor:
    return a * a


class Noisy(t.autograd.Function):
    """A backward that gives a slightly different answer each time (a non-deterministic kernel);
    zero for a zero gradient."""

    calls = 0

    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        Noisy.calls += 1
        return g * (2 + Noisy.calls * 1e-9)


class AlwaysOnes(t.autograd.Function):
    """A backward that ignores its gradient: zero output gradients still give ones."""

    @staticmethod
    def forward(ctx, a):
        return a.clone()

    @staticmethod
    def backward(ctx, g):
        return t.ones_like(g)


class NeedsOneGradient(t.autograd.Function):
    """Asks for None gradients, copes with one missing, fails when both are."""

    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        return a * 2, a * 3

    @staticmethod
    def backward(ctx, g1, g2):
        if g1 is None and g2 is None:
            raise RuntimeError("no gradient at all")
        return (0 if g1 is None else g1 * 2) + (0 if g2 is None else g2 * 3)


@pytest.mark.parametrize("keyword", ["check_forward_ad", "check_batched_grad"])
def test_checks_that_cannot_be_made_are_refused(keyword: str) -> None:
    with pytest.raises(NotImplementedError, match=f"^{keyword}=True: autograd_lab has no"):
        gradcheck(_square, (_x(),), **{keyword: True})


def test_batched_forward_check_is_refused() -> None:
    with pytest.raises(NotImplementedError, match="check_batched_forward_grad=True: autograd_lab"):
        gradcheck(_square, (_x(),), check_forward_ad=True, check_batched_forward_grad=True)


@pytest.mark.parametrize("keyword", ["check_fwd_over_rev", "check_batched_grad"])
def test_gradgradcheck_refuses_what_it_cannot_check(keyword: str) -> None:
    with pytest.raises(NotImplementedError, match=f"^{keyword}=True"):
        gradgradcheck(_square, (_x(),), **{keyword: True})


def test_non_deterministic_backward_is_caught_unless_tolerated() -> None:
    with pytest.raises(GradcheckError, match="^Backward is not reentrant.*nondeterminism was 0.0"):
        gradcheck(Noisy.apply, (_x(),))
    assert gradcheck(Noisy.apply, (_x(),), nondet_tol=1e-6)
    assert gradcheck(Noisy.apply, (_x(),), raise_exception=False) is False


def test_backward_must_give_zeros_for_zero_output_gradients() -> None:
    """torch's check, made whatever the keywords: zero output gradients give zero input ones."""
    with pytest.raises(GradcheckError, match="^backward not multiplied by grad_output$"):
        gradcheck(AlwaysOnes.apply, (_x(),), atol=10.0, check_undefined_grad=False)


def test_functions_that_ask_for_none_are_called_with_none() -> None:
    with pytest.warns(UserWarning, match="New undefined gradient support checking"), \
            pytest.raises(GradcheckError, match="^Expected backward function to handle undefined"):
        gradcheck(lambda a: NeedsOneGradient.apply(a), (_x(),))
    assert gradcheck(lambda a: NeedsOneGradient.apply(a), (_x(),), check_undefined_grad=False)


def test_gradient_dtype_check_reads_the_gradient(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gradient of another dtype than its input fails ``check_grad_dtypes`` (torch's message);
    custom Functions' gradients are converted before they arrive, as in torch."""
    import sys

    module = sys.modules["autograd_lab.autograd.gradcheck"]
    original = module._jacobian_rows

    def float32_gradients(grad, out, differentiable, check):
        def as_float32(*args, **kwargs):
            return tuple(g.float() for g in grad(*args, **kwargs))
        return original(as_float32, out, differentiable, check)

    monkeypatch.setattr(module, "_jacobian_rows", float32_gradients)
    with pytest.raises(GradcheckError, match="^Gradient has dtype mismatch$"):
        gradcheck(_square, (_x(),), check_grad_dtypes=True)
    assert gradcheck(_square, (_x(),))


def test_messages_match_torch_live(torch) -> None:
    """The same mistakes under torch: the same error class and first line (where torch's message
    goes on about its own repository, autograd_lab's stops or gives its own hint line)."""
    for make in (_ones, _needs_one):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(Exception) as theirs:
                torch.autograd.gradcheck(make(torch).apply, (_x_for(torch),), atol=10.0)
            with pytest.raises(Exception) as ours:
                t.autograd.gradcheck(make(t).apply, (_x_for(t),), atol=10.0)
        assert type(ours.value).__name__ == type(theirs.value).__name__ == "GradcheckError"
        first = str(ours.value).split("\n")[0]
        assert str(theirs.value).startswith(first), make.__name__


def test_non_deterministic_backward_live(torch) -> None:
    with pytest.raises(Exception) as theirs:
        torch.autograd.gradcheck(_noisy(torch).apply, (_x_for(torch),))
    with pytest.raises(Exception) as ours:
        t.autograd.gradcheck(_noisy(t).apply, (_x_for(t),))
    assert str(theirs.value).startswith(str(ours.value))


def _x_for(lib) -> object:
    return lib.tensor([0.5, -1.5], dtype=lib.float64, requires_grad=True)


def _noisy(lib):
    class NoisyLive(lib.autograd.Function):
        calls = 0

        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            NoisyLive.calls += 1
            return g * (2 + NoisyLive.calls * 1e-9)

    return NoisyLive


def _ones(lib):
    class OnesLive(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a.clone()

        @staticmethod
        def backward(ctx, g):
            return lib.ones_like(g)

    return OnesLive


def _needs_one(lib):
    class NeedsOneLive(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.set_materialize_grads(False)
            return a * 2, a * 3

        @staticmethod
        def backward(ctx, g1, g2):
            if g1 is None and g2 is None:
                raise RuntimeError("no gradient at all")
            return (0 if g1 is None else g1 * 2) + (0 if g2 is None else g2 * 3)

    class Apply:
        @staticmethod
        def apply(a):
            return NeedsOneLive.apply(a)

    return Apply


def test_fast_mode_runs_the_full_check() -> None:
    class Wrong(t.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to input 0"):
        gradcheck(Wrong.apply, (_x(),), fast_mode=True)
    assert np.isclose(gradcheck(_square, (_x(),), fast_mode=True), True)
