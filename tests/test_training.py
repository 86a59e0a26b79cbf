"""Training loops against torch: a 2-layer MLP on a synthetic 2-D classification set (SGD with
momentum, and Adam) and a linear regression, from the same initial weights as torch: the loss of
every one of 50 steps, and the final weights, agree within float32 rounding. Goldens (no torch
needed) and live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd_lab as t
from tests.goldens import record_training

GOLDENS = Path(__file__).resolve().parent / "goldens"



RECORDER = record_training
GOLDEN = json.loads((GOLDENS / "training.json").read_text())

# float32 rounding differs in the last bits from op to op (summation orders, fused multiply-adds);
# over 50 steps the losses stay within a few float32 epsilons (observed: < 1e-6 relative).
RTOL, ATOL = 1e-5, 1e-6
# Adam moves every weight by lr * m / sqrt(v), whatever the gradient's size: for a weight whose
# gradient is near zero, last-bit differences of the gradient become relative differences of the
# step (seen: 1.9e-6 on a weight of 0.075 after 50 steps, once some of the matrix products round as
# torch's and others as numpy's)
ADAM_RTOL = 5e-5


def assert_same_run(ours: dict, theirs: dict, rtol: float = RTOL) -> None:
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=RTOL, atol=ATOL)
    assert sorted(ours["final"]) == sorted(theirs["final"])
    for key, value in theirs["final"].items():
        np.testing.assert_allclose(ours["final"][key], value, rtol=rtol, atol=ATOL, err_msg=key)


def _rtol(problem: str) -> float:
    return ADAM_RTOL if problem.endswith("adam") else RTOL


@pytest.mark.parametrize("problem", RECORDER.PROBLEMS)
def test_losses_match_torch_step_for_step(problem: str) -> None:
    golden = GOLDEN[problem]
    assert_same_run(RECORDER.train(t, problem, golden["init"]), golden, _rtol(problem))


@pytest.mark.parametrize("problem", RECORDER.PROBLEMS)
def test_losses_match_torch_live(torch: Any, problem: str) -> None:
    torch.manual_seed(0)
    theirs = RECORDER.train(torch, problem)
    assert_same_run(RECORDER.train(t, problem, theirs["init"]), theirs, _rtol(problem))


@pytest.mark.parametrize("problem", RECORDER.PROBLEMS)
def test_training_makes_progress(problem: str) -> None:
    """The runs compared above really learn (a comparison of two stalled runs would prove little)."""
    losses = GOLDEN[problem]["losses"]
    assert losses[-1] < 0.5 * losses[0]


def test_default_initialization_has_torchs_bounds() -> None:
    """Our own initialization (not torch's numbers: the generators differ) draws from the same
    ranges, so a model trained from it behaves alike."""
    t.manual_seed(0)
    run = RECORDER.train(t, "mlp_sgd")
    for key, bound in (("0.weight", 1 / 2**0.5), ("0.bias", 1 / 2**0.5), ("2.weight", 0.25),
                       ("2.bias", 0.25)):
        values = np.array(run["init"][key])
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.5 * bound
    assert run["losses"][-1] < 0.5 * run["losses"][0]
