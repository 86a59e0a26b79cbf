"""Record torch on the fast paths of an MLP training step (golden data for tests/test_perf_paths_mlp.py).

The paths the ``mlp_step`` benchmark runs through: ``nll_loss`` scatters the loss's incoming gradient,
already scaled, to the targets (so other classes stay 0 even for an infinite one) and checks the
targets' bounds; ``Linear``'s ``addmm`` has fast kernels (``autograd_lab.fast_paths``) that compute
the weight's gradient in the weight's own layout; ``SGD`` updates in place. Each case here drives
one of them through its edge cases (an incoming gradient other than 1 or not finite, class weights,
ignored targets, batch sizes changing between calls, parameters without a gradient) and records
what torch computes.

Only :func:`record` imports torch; :func:`run` takes the library as an argument and is shared with
the tests, which run it with autograd_lab (and, where torch is installed, with torch live).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _scores(rows: int, classes: int, phase: float = 0.0) -> np.ndarray:
    """Class scores in closed form (no random generator: identical in both libraries)."""
    return (np.sin(np.arange(rows * classes) * 1.3 + phase) * 2).reshape(rows, classes).astype(
        np.float32)


def _values(tensor: Any) -> list:
    return tensor.detach().numpy().tolist()


def _loss_gradient(t: Any, make_loss: Callable[[Any, Any], Any], rows: int, classes: int,
                   targets: list[int], scale: float, phase: float = 0.0) -> dict[str, Any]:
    """The loss of fixed scores and ``targets``, and the scores' gradient of ``loss * scale``."""
    scores = t.tensor(_scores(rows, classes, phase), requires_grad=True)
    loss = make_loss(scores, t.tensor(targets))
    (loss * scale).backward()
    return {"loss": _values(loss), "grad": _values(scores.grad)}


def _nll_cases(t: Any) -> dict[str, Any]:
    F = t.nn.functional
    weight = t.tensor([0.5, 2.0, 1.0, 0.25])
    targets = [3, 0, 2, 2, 1]
    return {
        "nll_mean_scaled": _loss_gradient(t, F.nll_loss, 5, 4, targets, 3.7),
        "nll_sum_scaled": _loss_gradient(
            t, lambda x, y: F.nll_loss(x, y, reduction="sum"), 5, 4, targets, -0.3),
        "nll_weighted_mean_scaled": _loss_gradient(
            t, lambda x, y: F.nll_loss(x, y, weight=weight), 5, 4, targets, 1.9),
        "nll_weighted_sum_scaled": _loss_gradient(
            t, lambda x, y: F.nll_loss(x, y, weight=weight, reduction="sum"), 5, 4, targets, 3.7),
        "nll_ignored_scaled": _loss_gradient(
            t, lambda x, y: F.nll_loss(x, y, ignore_index=2), 5, 4, targets, 0.7),
        "nll_infinite_upstream": _loss_gradient(t, F.nll_loss, 5, 4, targets, float("inf")),
        "nll_single_sample_scaled": _loss_gradient(
            t, lambda x, y: F.nll_loss(x[0], y[0]), 1, 4, [2], 2.5),
        "cross_entropy_scaled": _loss_gradient(t, F.cross_entropy, 5, 4, targets, 0.3),
        "cross_entropy_ignored_scaled": _loss_gradient(
            t, lambda x, y: F.cross_entropy(x, y, ignore_index=0), 5, 4, targets, 0.3),
        # one batch size after another: the row numbers of one must not leak into the next
        "batch_sizes": [_loss_gradient(t, F.cross_entropy, rows, 3, [(2 * i + 1) % 3 for i in
                                                                     range(rows)], 1.0, rows)
                        for rows in (6, 2, 9, 6)],
    }


def _mlp(t: Any) -> tuple[Any, Any, Any, Any]:
    """A 6-5-3 ReLU MLP with closed-form weights, its SGD optimizer, and a batch of 4."""
    model = t.nn.Sequential(t.nn.Linear(6, 5), t.nn.ReLU(), t.nn.Linear(5, 3))
    with t.no_grad():
        for index, parameter in enumerate(model.parameters()):
            count = parameter.numel()
            values = np.cos(np.arange(count) * 0.7 + index) * 0.4
            parameter.copy_(t.tensor(values.reshape(tuple(parameter.shape)).astype(np.float32)))
    inputs = t.tensor((np.sin(np.arange(24) * 0.9) * 1.5).reshape(4, 6).astype(np.float32))
    labels = t.tensor([2, 0, 1, 2])
    return model, t.optim.SGD(model.parameters(), lr=0.1), inputs, labels


def _mlp_steps(t: Any) -> dict[str, Any]:
    """Three training steps: losses, every gradient (with the weights' layout) and the weights."""
    model, optimizer, inputs, labels = _mlp(t)
    steps = []
    for _ in range(3):
        optimizer.zero_grad()
        loss = t.nn.functional.cross_entropy(model(inputs), labels)
        loss.backward()
        grads = {name: _values(p.grad) for name, p in model.named_parameters()}
        layouts = {name: p.grad.is_contiguous() for name, p in model.named_parameters()}
        optimizer.step()
        steps.append({"loss": _values(loss), "grads": grads, "layouts": layouts})
    weights = {name: _values(p) for name, p in model.named_parameters()}
    return {"steps": steps, "weights": weights}


def _sgd_partial(t: Any) -> dict[str, Any]:
    """Two groups, a parameter without a gradient (left alone) and ``zero_grad(set_to_none=False)``."""
    a = t.tensor([1.0, -2.0, 3.0], requires_grad=True)
    b = t.tensor([0.5, 0.25], requires_grad=True)
    c = t.tensor([4.0], requires_grad=True)
    optimizer = t.optim.SGD([{"params": [a, c]}, {"params": [b], "lr": 0.5}], lr=0.1)
    ((a * a).sum() + (b * 3).sum()).backward()
    optimizer.step()
    after_step = {"a": _values(a), "b": _values(b), "c": _values(c), "c_grad": c.grad is None}
    optimizer.zero_grad(set_to_none=False)
    zeroed = {"a": _values(a.grad), "b": _values(b.grad), "c_grad": c.grad is None}
    return {"after_step": after_step, "zeroed": zeroed}


def run(t: Any) -> dict[str, Any]:
    """Every case, computed with the library ``t`` (torch or autograd_lab)."""
    return {**_nll_cases(t), "mlp_steps": _mlp_steps(t), "sgd_partial": _sgd_partial(t)}


def record() -> dict[str, Any]:
    import torch

    return run(torch)
