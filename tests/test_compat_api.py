"""What the compatibility suite needed beyond parity cases: behaviour that is ours to define (a
device that does not exist here, generators as independent streams) and regressions it found."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_lab as t


def test_a_gpu_device_is_an_error_everywhere_it_can_be_named() -> None:
    for attempt in (lambda: t.ones(2).to("cuda"), lambda: t.zeros(2, device="cuda:0"),
                    lambda: t.ones(2).cuda(), lambda: t.set_default_device("cuda"),
                    lambda: t.randn(3, device=t.device("cuda"))):
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled\nHint"):
            attempt()
    with pytest.raises(RuntimeError, match="device 'mps' is not available"):
        t.ones(2, device="mps")


def test_generators_are_independent_streams() -> None:
    g1, g2 = t.Generator().manual_seed(7), t.Generator().manual_seed(7)
    first = t.randn(4, generator=g1)
    _ = t.rand(10)  # the default generator moving does not move g2
    assert t.equal(first, t.randn(4, generator=g2))
    assert not t.equal(t.randn(4, generator=g1), first)
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        t.rand(2, generator=np.random.default_rng(0))


def test_multinomial_follows_the_weights() -> None:
    g = t.Generator().manual_seed(0)
    draws = t.multinomial(t.tensor([1.0, 3.0]), 4000, replacement=True, generator=g)
    share = (draws == 1).float().mean().item()
    assert 0.72 < share < 0.78  # 3/4 of the draws, within sampling noise (4000 draws)
    assert sorted(t.multinomial(t.tensor([5.0, 0.0, 1.0]), 2).tolist()) == [0, 2]


def test_custom_function_backward_gets_zeros_for_unused_outputs() -> None:
    """A Function with three outputs of which one is used: torch hands backward zeros for the
    other two (before, they were None, and ``None * tensor`` silently gave NaN)."""

    class Sinh(t.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            expx, expnegx = t.exp(x), t.exp(-x)
            ctx.save_for_backward(expx, expnegx)
            return (expx - expnegx) / 2, expx, expnegx

        @staticmethod
        def backward(ctx, grad_out, grad_exp, grad_negexp):
            assert grad_exp is not None and grad_negexp is not None
            expx, expnegx = ctx.saved_tensors
            return grad_out * (expx + expnegx) / 2 + grad_exp * expx - grad_negexp * expnegx

    x = t.tensor([0.5, 1.0], dtype=t.float64, requires_grad=True)
    (grad,) = t.autograd.grad(Sinh.apply(x)[0].sum(), x)
    np.testing.assert_allclose(grad.numpy(), np.cosh([0.5, 1.0]))


@pytest.mark.parametrize("operand", [None, "2", 1j])
def test_a_tensor_with_a_non_number_is_a_type_error_not_nan(operand: object) -> None:
    with pytest.raises(TypeError, match="unsupported operand type"):
        _ = t.ones(2) * operand
