"""``utils.checkpoint``: the forward pass of a function runs again in the backward pass instead of
its ops keeping what they save; gradients are those of the plain function."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.utils.checkpoint import CheckpointError, checkpoint, checkpoint_sequential


def _model() -> t.nn.Module:
    t.manual_seed(3)
    return t.nn.Sequential(t.nn.Linear(3, 8), t.nn.Dropout(0.5), t.nn.Tanh(), t.nn.Linear(8, 1))


def _gradients(model: t.nn.Module, x: t.Tensor, run) -> list:  # noqa: ANN001
    model.zero_grad()
    x.grad = None
    t.manual_seed(11)  # the dropout mask
    run(model, x).sum().backward()
    return [p.grad.numpy().copy() for p in model.parameters()] + [x.grad.numpy().copy()]


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_gradients_equal_the_plain_function_s_dropout_included(use_reentrant: bool) -> None:
    model, x = _model(), t.ones(4, 3, requires_grad=True)
    plain = _gradients(model, x, lambda m, a: m(a))
    checkpointed = _gradients(
        model, x, lambda m, a: checkpoint(m, a, use_reentrant=use_reentrant))
    assert all(np.allclose(a, b) for a, b in zip(plain, checkpointed))


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_the_function_runs_again_in_the_backward_pass(use_reentrant: bool) -> None:
    calls = []

    def f(a: t.Tensor) -> t.Tensor:
        calls.append(1)
        return (a.sin() * 2).exp()

    x = t.tensor([0.5, -1.0], requires_grad=True)
    y = checkpoint(f, x, use_reentrant=use_reentrant)
    assert len(calls) == 1
    y.sum().backward()
    assert len(calls) == 2
    expected = 2 * np.cos([0.5, -1.0]) * np.exp(2 * np.sin([0.5, -1.0]))
    assert np.allclose(x.grad.numpy(), expected)


def test_non_reentrant_recomputes_once_per_pass() -> None:
    calls = []
    x = t.tensor([0.5, 2.0], requires_grad=True)
    y = checkpoint(lambda a: calls.append(1) or a.exp().exp(), x, use_reentrant=False)
    y.sum().backward(retain_graph=True)
    y.sum().backward()
    assert len(calls) == 3


def test_a_recomputation_that_saves_fewer_tensors_is_an_error() -> None:
    state = {"n": 0}

    def h(a: t.Tensor) -> t.Tensor:
        state["n"] += 1
        return a.exp().exp() if state["n"] == 1 else a.exp()

    y = checkpoint(h, t.ones(2, requires_grad=True), use_reentrant=False)
    with pytest.raises(CheckpointError, match="^torch.utils.checkpoint: A different number of "
                                              "tensors was saved during the original forward and "
                                              "recomputation.\nNumber of tensors saved during "
                                              "forward: 2\nNumber of tensors saved during "
                                              "recomputation: 1."):
        y.sum().backward()


def test_a_recomputation_with_other_shapes_is_an_error() -> None:
    state = {"n": 0}

    def h(a: t.Tensor) -> t.Tensor:
        state["n"] += 1
        return a.exp() if state["n"] == 1 else a[:1].exp()

    y = checkpoint(h, t.ones(2, requires_grad=True), use_reentrant=False)
    with pytest.raises(CheckpointError, match="have different metadata than during the forward"):
        y.sum().backward()


def test_reentrant_needs_a_pass_that_writes_grad() -> None:
    x = t.ones(2, requires_grad=True)
    y = checkpoint(lambda a: a.exp(), x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="incompatible with .grad()"):
        t.autograd.grad(y.sum(), x)
    z = checkpoint(lambda a: a.exp(), x, use_reentrant=False)
    assert np.allclose(t.autograd.grad(z.sum(), x)[0].numpy(), np.e)


def test_arguments_checked_as_torch_checks_them() -> None:
    x = t.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="the use_reentrant parameter should be passed explicitly"):
        checkpoint(lambda a: a * 2, x)
    with pytest.raises(ValueError, match="^Unexpected keyword arguments: scale$"):
        checkpoint(lambda a, scale: a * scale, x, use_reentrant=True, scale=2)
    with pytest.raises(ValueError, match="only supported when use_reentrant=False"):
        checkpoint(lambda a: a, x, use_reentrant=True, debug=True)


def test_checkpoint_sequential_matches_the_plain_model() -> None:
    t.manual_seed(0)
    seq = t.nn.Sequential(*[t.nn.Linear(3, 3) for _ in range(4)])
    x = t.randn(2, 3, requires_grad=True)
    seq(x).pow(2).sum().backward()
    expected = [p.grad.clone() for p in seq.parameters()]
    seq.zero_grad()
    checkpoint_sequential(seq, 2, x, use_reentrant=False).pow(2).sum().backward()
    assert all(np.allclose(p.grad.numpy(), e.numpy()) for p, e in zip(seq.parameters(), expected))
