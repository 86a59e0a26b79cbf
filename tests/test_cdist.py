"""``cdist`` beyond the parity cases (tests/parity/cases_cdist.py): the distances against a direct
numpy computation, the gradient's value at zero distance, and float32 values and gradients against
torch over random inputs of many shapes (float32 sums round differently in the two libraries, so
these compare within tolerances rather than digit for digit)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_lab as t

P_VALUES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, float("inf"))


def _direct(a: np.ndarray, b: np.ndarray, p: float) -> np.ndarray:
    diff = np.abs(a[..., :, None, :] - b[..., None, :, :])
    if p == 0:
        return (diff != 0).sum(-1).astype(a.dtype)
    if p == float("inf"):
        return diff.max(-1)
    return (diff**p).sum(-1) ** (1 / p)


@pytest.mark.parametrize("p", P_VALUES)
def test_distances_are_the_p_norms_of_the_row_differences(p: float) -> None:
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 7, 3)), rng.standard_normal((1, 5, 3))
    assert np.allclose(t.cdist(t.tensor(a), t.tensor(b), p).numpy(), _direct(a, b, p), rtol=1e-13)


def test_many_rows_take_the_matrix_product_and_agree_with_the_direct_path() -> None:
    rng = np.random.default_rng(2)
    a, b = t.tensor(rng.standard_normal((40, 3))), t.tensor(rng.standard_normal((6, 3)))
    product = t.cdist(a, b)
    direct = t.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist")
    assert product.grad_fn is None and np.allclose(product.numpy(), direct.numpy(), rtol=1e-12)
    a.requires_grad_()
    assert t.cdist(a, b).grad_fn.next_functions[0][0].name() == "EuclideanDistBackward0"
    assert t.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist").grad_fn.name() == "CdistBackward0"


def test_a_point_against_itself() -> None:
    """Distance 0 gets gradient 0 on both paths (torch's choice at the non-differentiable point);
    the matrix product's distance of a point to itself is the square root of a rounding error."""
    rng = np.random.default_rng(3)
    x = t.tensor(rng.standard_normal((30, 3)), requires_grad=True)
    direct = t.cdist(x[:2], x[:2], compute_mode="donot_use_mm_for_euclid_dist")
    assert direct.diagonal().tolist() == [0.0, 0.0]
    (grad,) = t.autograd.grad(direct[0, 0], x)
    assert not grad.numpy().any()
    product = t.cdist(x, x[:2])
    assert float(product.detach()[:2].diagonal().abs().max()) < 1e-6


@pytest.mark.parametrize("p", P_VALUES)
@pytest.mark.parametrize(("shape1", "shape2"), [((4, 3), (6, 3)), ((2, 1, 5, 4), (3, 7, 4)),
                                                ((30, 2), (5, 2)), ((2, 40, 3), (1, 8, 3))])
def test_float32_matches_torch(torch, p: float, shape1: tuple, shape2: tuple) -> None:
    rng = np.random.default_rng(len(shape1) * 10 + shape2[-2])
    a = rng.standard_normal(shape1).astype(np.float32)
    b = rng.standard_normal(shape2).astype(np.float32)
    g = None
    results = []
    for lib in (t, torch):
        x1 = lib.tensor(a, requires_grad=True)
        x2 = lib.tensor(b, requires_grad=True)
        out = lib.cdist(x1, x2, p)
        if g is None:
            g = rng.standard_normal(tuple(out.shape)).astype(np.float32)
        (out * lib.tensor(g)).sum().backward()
        results.append((out.grad_fn.name(), out.detach().numpy(), x1.grad.numpy(), x2.grad.numpy()))
    (ours_name, *ours), (theirs_name, *theirs) = results
    assert ours_name == theirs_name
    for mine, reference in zip(ours, theirs):
        scale = max(1.0, float(np.abs(reference).max()))
        assert np.allclose(mine, reference, rtol=1e-5, atol=1e-5 * scale)
