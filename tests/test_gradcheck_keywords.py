"""gradcheck and gradgradcheck take torch's keywords and make torch's checks: reentrancy
(``nondet_tol``), gradient dtypes, undefined output gradients, forward mode's Jacobian
(``check_forward_ad``, ``check_fwd_over_rev``), batched gradients and tangents by vmap."""

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


class TangentThroughNumpy(t.autograd.Function):
    """Right rules, but the forward rule leaves the library (``.numpy()``): vmap cannot batch it."""

    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2

    @staticmethod
    def jvp(ctx, a_t):
        return t.tensor(a_t.numpy() * 2)


@pytest.mark.parametrize("fn", [lambda a: a.sin() * a, lambda a: a.t() @ a, lambda a: a.max(1),
                                lambda a: a.split(1), lambda a: (a.prod(1), a.norm())],
                         ids=["elementwise", "matmul", "max_dim", "split", "reductions"])
def test_batched_checks_pass_for_right_rules(fn) -> None:
    assert gradcheck(fn, (_matrix(),), check_forward_ad=True, check_batched_grad=True,
                     check_batched_forward_grad=True)
    assert gradgradcheck(lambda a: fn(a)[0].sum(), (_matrix(),), check_batched_grad=True)


def test_batched_forward_check_reports_what_vmap_cannot_batch() -> None:
    assert gradcheck(TangentThroughNumpy.apply, (_x(),), check_forward_ad=True)
    with pytest.raises(GradcheckError, match="^While computing batched gradients, got: .*\n\n"
                                             "gradcheck failed while testing batched gradient "
                                             "computation with forward-mode AD."):
        gradcheck(TangentThroughNumpy.apply, (_x(),), check_forward_ad=True,
                  check_batched_forward_grad=True)


@pytest.mark.parametrize("keywords", [{"check_batched_grad": True},
                                      {"check_forward_ad": True, "check_batched_forward_grad": True}])
def test_batched_results_are_compared_with_one_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                          keywords: dict) -> None:
    """A batched result that differs from the stacked one-at-a-time results fails, naming the
    output and input (vmap replaced by one that doubles what it computes)."""
    import autograd_lab.func

    real_vmap = autograd_lab.func.vmap

    def doubling_vmap(fn):
        return lambda batch: tuple(r * 2 for r in real_vmap(fn)(batch))

    monkeypatch.setattr(autograd_lab.func, "vmap", doubling_vmap)
    with pytest.raises(GradcheckError, match="^For output 0 and input 0:\n\ngradcheck.*failed while "
                                             "testing batched gradient computation"):
        gradcheck(_square, (_x(),), **keywords)


def test_batched_checks_need_their_mode() -> None:
    with pytest.raises(AssertionError, match="^Setting check_batched_grad=True requires "
                                             "check_rev_over_rev to be True$"):
        gradgradcheck(_square, (_x(),), check_batched_grad=True, check_fwd_over_rev=True,
                      check_rev_over_rev=False, check_undefined_grad=False)
    with pytest.raises(AssertionError, match="^Setting check_batched_forward_grad=True requires "
                                             "check_forward_ad to be True$"):
        gradcheck(_square, (_x(),), check_batched_forward_grad=True)


class WrongJvp(t.autograd.Function):
    """``a * a`` with a right backward and a forward rule missing its factor 2."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        ctx.save_for_forward(a)
        return a * a

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * 2 * a

    @staticmethod
    def jvp(ctx, a_t):
        (a,) = ctx.saved_tensors
        return a_t * a


class CubeGradient(t.autograd.Function):
    """``3 a^2 g`` (the gradient of ``a^3``), differentiable in reverse mode, with a forward rule
    that forgets ``a``'s tangent."""

    @staticmethod
    def forward(ctx, a, g):
        ctx.save_for_backward(a, g)
        ctx.save_for_forward(a, g)
        return 3 * a * a * g

    @staticmethod
    def backward(ctx, grad):
        a, g = ctx.saved_tensors
        return grad * 6 * a * g, grad * 3 * a * a

    @staticmethod
    def jvp(ctx, a_t, g_t):
        a, g = ctx.saved_tensors
        return 3 * a * a * g_t


class Cube(t.autograd.Function):
    """``a^3`` whose backward is the Function above."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        ctx.save_for_forward(a)
        return a * a * a

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return CubeGradient.apply(a, g)

    @staticmethod
    def jvp(ctx, a_t):
        (a,) = ctx.saved_tensors
        return 3 * a * a * a_t


def _matrix() -> t.Tensor:
    return t.tensor([[0.5, -1.5, 2.0], [0.3, 1.0, -0.7]], dtype=t.float64, requires_grad=True)


@pytest.mark.parametrize("fn", [
    lambda a: a.sin() * a,
    lambda a: a.t() @ a,                         # a view and a matrix product
    lambda a: a[0],                              # the output's tangent is a view of the input's
    lambda a: a.max(1),                          # an integer output (indices) beside the values
    lambda a: a.split(1),                        # several outputs
    lambda a: (a.prod(1), a.norm(), a.logsumexp(0).exp()),
], ids=["elementwise", "matmul", "view", "max_dim", "split", "reductions"])
def test_forward_mode_jacobian_of_correct_rules_passes(fn) -> None:
    assert gradcheck(fn, (_matrix(),), check_forward_ad=True)
    assert gradcheck(fn, (_matrix(),), check_forward_ad=True, check_backward_ad=False)


def test_forward_jacobian_is_built_column_by_column() -> None:
    from autograd_lab.autograd.gradcheck import forward_jacobian

    a, b = _matrix(), t.tensor([2.0, -1.0], dtype=t.float64, requires_grad=True)
    jacobians = forward_jacobian(lambda x, y: (x * 3, x.sum(1) * y, y.long()), (a, b))
    assert len(jacobians) == 2 and all(len(row) == 2 for row in jacobians)  # the int64 output: none
    np.testing.assert_array_equal(jacobians[0][0], 3 * np.eye(6))
    np.testing.assert_allclose(jacobians[1][1], np.diag([1.0, 0.6]))  # d(sum(x, 1) * y)/dy
    np.testing.assert_array_equal(jacobians[1][0], np.zeros((2, 6)))


def test_a_wrong_forward_rule_fails_with_torchs_message() -> None:
    x = t.tensor([0.5, -1.5], dtype=t.float64, requires_grad=True)
    assert gradcheck(WrongJvp.apply, (x,))  # reverse mode alone is right
    expected = ("Jacobian computed with forward mode mismatch for output 0 with respect to input 0,\n"
                "numerical:tensor([[ 1.0000,  0.0000],\n        [ 0.0000, -3.0000]], "
                "dtype=torch.float64)\nanalytical:tensor([[ 0.5000, -0.0000],\n        "
                "[ 0.0000, -1.5000]], dtype=torch.float64)\n")
    with pytest.raises(GradcheckError) as caught:
        gradcheck(WrongJvp.apply, (x,), check_forward_ad=True)
    assert str(caught.value) == expected
    with pytest.raises(GradcheckError, match="^Jacobian computed with forward mode mismatch"):
        gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, check_backward_ad=False)
    assert gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, raise_exception=False) is False


def test_forward_check_names_the_output_and_input() -> None:
    a, b = _x(), t.tensor([2.0, 3.0], dtype=t.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match="^Jacobian computed with forward mode mismatch for "
                                             "output 1 with respect to input 1,"):
        gradcheck(lambda x, y: (x * 2, WrongJvp.apply(y)), (a, b), check_forward_ad=True,
                  check_backward_ad=False)


def test_tangents_must_not_depend_on_an_input_having_one() -> None:
    """torch's check (with check_undefined_grad): an input given a zero tangent and an input given
    none must lead to the same output tangents."""
    from autograd_lab.autograd import forward_ad

    def scaled_when_dual(a, b):
        return a * b * (1 if forward_ad.unpack_dual(a).tangent is None else 2)

    a, b = _x(), t.tensor([2.0, 3.0], dtype=t.float64, requires_grad=True)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(scaled_when_dual, (a, b), check_forward_ad=True, check_backward_ad=False,
                  atol=100.0)  # (its Jacobian is off by 2: tolerated, to reach the check)
    assert caught.value.args[:2] == ("Mismatch in tangent values for output with index: ", 0)
    assert gradcheck(scaled_when_dual, (a, b), check_forward_ad=True, check_backward_ad=False,
                     check_undefined_grad=False, atol=100.0)


def test_gradgradcheck_forward_only_needs_undefined_grad_off() -> None:
    with pytest.raises(AssertionError, match="^Setting check_undefined_grad=True requires "
                                             "check_rev_over_rev to be True$"):
        gradgradcheck(_square, (_x(),), check_fwd_over_rev=True, check_rev_over_rev=False)


def test_forward_check_needs_an_input_that_requires_grad() -> None:
    with pytest.raises(ValueError, match="^gradcheck expects at least one input tensor"):
        gradcheck(_square, (_x().detach(),), check_forward_ad=True, check_backward_ad=False)


def test_forward_over_reverse_check() -> None:
    """gradgradcheck(check_fwd_over_rev=True): forward mode through the backward pass; a forward
    rule of the backward's Function that drops a tangent is caught, reverse over reverse is not."""
    assert gradgradcheck(lambda a: (a.sin() * a).prod(), (_x(),), check_fwd_over_rev=True)
    assert gradgradcheck(lambda a: a.t() @ a, (_matrix(),), check_fwd_over_rev=True,
                         check_rev_over_rev=False, check_undefined_grad=False)
    assert gradgradcheck(Cube.apply, (_x(),))
    with pytest.raises(GradcheckError, match="^Jacobian computed with forward mode mismatch"):
        gradgradcheck(Cube.apply, (_x(),), check_fwd_over_rev=True)


def test_non_contiguous_inputs_are_perturbed() -> None:
    """The numerical Jacobian writes each perturbation into the input itself: a transposed input
    (no flat view of its elements) used to be perturbed in a copy, so its Jacobian read as 0."""
    a = t.tensor([[0.5, -1.5, 2.0], [0.3, 1.0, -0.7]], dtype=t.float64, requires_grad=True)
    w = t.tensor([[0.5, -1.5], [0.3, 1.0], [1.0, 2.0]], dtype=t.float64, requires_grad=True)
    assert gradcheck(lambda x, y: x @ y, (a.t(), w.t()), check_forward_ad=True)


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
