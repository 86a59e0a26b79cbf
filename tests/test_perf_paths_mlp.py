"""The paths of an MLP training step (``nll_loss``/``cross_entropy``, ``Linear``'s ``addmm`` and its
fast kernels, ``SGD``) against torch: the goldens of tests/goldens/record_perf_paths_mlp.py, torch
live, and what they must keep (bounds errors, gradients the leaves keep without a copy)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd_lab as t
from tests.goldens import record_perf_paths_mlp

GOLDEN = json.loads((Path(__file__).resolve().parent / "goldens" / "perf_paths_mlp.json").read_text())
OURS = record_perf_paths_mlp.run(t)


def assert_same(ours: Any, expected: Any, where: str = "") -> None:
    """Equal structure, equal flags, floats equal up to float32 rounding (inf and NaN included)."""
    if isinstance(expected, dict):
        assert isinstance(ours, dict) and set(ours) == set(expected), where
        for key in expected:
            assert_same(ours[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(ours, list) and len(ours) == len(expected), where
        for index, (mine, theirs) in enumerate(zip(ours, expected)):
            assert_same(mine, theirs, f"{where}[{index}]")
    elif isinstance(expected, bool):
        assert ours is expected, where
    else:
        assert math.isclose(ours, expected, rel_tol=1e-5, abs_tol=1e-7) or (
            math.isnan(ours) and math.isnan(expected)), f"{where}: {ours} != {expected}"


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_matches_torch_golden(case: str) -> None:
    assert_same(OURS[case], GOLDEN[case], case)


def test_matches_torch_live(torch) -> None:
    expected = record_perf_paths_mlp.run(torch)
    assert set(OURS) == set(expected)
    for case in expected:
        assert_same(OURS[case], expected[case], case)


def test_goldens_cover_every_case() -> None:
    assert set(GOLDEN) == set(OURS)


def test_infinite_upstream_gradient_leaves_other_classes_at_zero() -> None:
    # scattering the scaled gradient, not scaling the scattered rows: 0 * inf would be NaN
    grad = np.array(OURS["nll_infinite_upstream"]["grad"])
    targets = [3, 0, 2, 2, 1]
    assert (grad[np.arange(5), targets] == -np.inf).all()
    grad[np.arange(5), targets] = 0
    assert (grad == 0).all()


@pytest.mark.parametrize("target", [-1, -2**62, 4, 2**62])
def test_out_of_range_target_raises_torchs_error(target: int) -> None:
    scores = t.zeros(3, 4, requires_grad=True)
    with pytest.raises(IndexError, match=f"Target {target} is out of bounds."):
        t.nn.functional.nll_loss(scores, t.tensor([0, target, 1]))


def test_weight_gradient_is_a_whole_array() -> None:
    """The weight's gradient through ``addmm`` and ``TBackward0`` is the weight's own layout, and
    owns its memory (a leaf may keep it without a copy)."""
    model = t.nn.Linear(6, 5)
    model(t.ones(4, 6)).sum().backward()
    grad = model.weight.grad._data
    assert grad.flags.c_contiguous
    assert grad.base is None or grad.base.shape == (5, 6)


def test_leaves_keep_the_gradients_addmm_computes(monkeypatch: pytest.MonkeyPatch,
                                                fast_paths_on: None) -> None:
    """Neither the weight's gradient (``addmm``'s fast backward kernel, then ``TBackward0``) nor the
    bias's (summed back to its shape by the machinery) is copied on its way into ``.grad``: each
    leaf keeps the array made for it (for a 784x256 weight, a copy would cost as much as the rest
    of the step's bookkeeping)."""
    from autograd_lab.autograd import op
    from autograd_lab.nn.functional import Addmm

    made: dict[str, int] = {}  # where the arrays live (holding them would force a copy)
    kernel, summed_back = Addmm._backward_kernel, op.sum_to_shape

    def spy_kernel(node: Addmm, grad: Any) -> tuple:
        grads = kernel(node, grad)
        made["weight"] = grads[2].ctypes.data
        return grads

    def spy_sum(grad: Any, shape: tuple) -> Any:
        out = summed_back(grad, shape)
        if shape == (5,):
            made["bias"] = out.ctypes.data
        return out

    monkeypatch.setattr(Addmm, "_backward_kernel", spy_kernel)
    monkeypatch.setattr(op, "sum_to_shape", spy_sum)
    model = t.nn.Linear(6, 5)
    model(t.ones(4, 6)).sum().backward()
    assert model.bias.grad._data.ctypes.data == made["bias"]
    assert model.weight.grad._data.ctypes.data == made["weight"]
    assert model.weight.grad.is_contiguous()
