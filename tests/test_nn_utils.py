"""t.nn.utils: gradient clipping and parameters as one vector, against torch's behaviour."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import autograd_lab as t


def _model(library: Any) -> tuple[Any, Any]:
    """A small MLP with numpy-made weights and a backward pass done (same numbers in both libraries)."""
    rng = np.random.default_rng(0)
    model = library.nn.Sequential(library.nn.Linear(4, 3), library.nn.Tanh(), library.nn.Linear(3, 2))
    with library.no_grad():
        for param in model.parameters():
            param.copy_(library.tensor(rng.standard_normal(tuple(param.shape)).astype(np.float32)))
    x = library.tensor(rng.standard_normal((5, 4)).astype(np.float32))
    (model(x) ** 2).sum().backward()
    return model, x


def _grads(model: Any) -> list[np.ndarray]:
    return [np.array(p.grad.tolist(), dtype=np.float32) for p in model.parameters()]


def _norm(grads: list[np.ndarray]) -> float:
    return math.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads))


def test_clip_grad_norm_scales_every_gradient_to_the_bound() -> None:
    model, _ = _model(t)
    before = _grads(model)
    total = t.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    expected_total = _norm(before)
    assert total.item() == pytest.approx(expected_total, rel=1e-6)
    after = _grads(model)
    assert _norm(after) == pytest.approx(0.5, rel=1e-5)
    for a, b in zip(after, before):
        np.testing.assert_allclose(a, b * (0.5 / (expected_total + 1e-6)), rtol=1e-6)


def test_clip_grad_norm_leaves_small_gradients_alone_and_refuses_non_finite() -> None:
    model, _ = _model(t)
    before = _grads(model)
    t.nn.utils.clip_grad_norm_(model.parameters(), 1e6, norm_type="inf")
    for a, b in zip(_grads(model), before):
        np.testing.assert_array_equal(a, b)
    assert t.nn.utils.clip_grad_norm_([], 1.0).item() == 0.0
    model[0].weight.grad[0, 0] = math.nan
    with pytest.raises(RuntimeError, match=r"^The total norm of order 2\.0 for gradients from "
                                           r"`parameters` is non-finite, so it cannot be clipped"):
        t.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)


def test_clip_grad_value_and_parameter_vectors() -> None:
    model, _ = _model(t)
    t.nn.utils.clip_grad_value_(model.parameters(), 0.01)
    assert all(np.abs(g).max() <= 0.01 for g in _grads(model))
    vector = t.nn.utils.parameters_to_vector(model.parameters())
    assert vector.shape == (23,) and vector.grad_fn.name() == "CatBackward0"
    t.nn.utils.vector_to_parameters(t.arange(23.0), model.parameters())
    assert model[0].bias.tolist() == [12.0, 13.0, 14.0]
    assert model[2].bias.tolist() == [21.0, 22.0]


@pytest.mark.torch
@pytest.mark.parametrize(("max_norm", "norm_type"), [(0.5, 2.0), (100.0, math.inf), (0.1, 1.0)])
def test_clip_grad_norm_matches_live_torch(torch, max_norm: float, norm_type: float) -> None:
    ours, _ = _model(t)
    theirs, _ = _model(torch)
    total_ours = t.nn.utils.clip_grad_norm_(ours.parameters(), max_norm, norm_type=norm_type)
    total_theirs = torch.nn.utils.clip_grad_norm_(theirs.parameters(), max_norm, norm_type=norm_type)
    assert repr(total_ours) == repr(total_theirs)
    for a, b in zip(_grads(ours), _grads(theirs)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)  # (float32 matmul sums)
