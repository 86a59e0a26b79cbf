"""Record torch training small models for 50 steps (golden data for tests/test_training.py).

Two problems, each on a fixed synthetic data set (closed-form, no random generator):

* ``mlp_sgd`` / ``mlp_adam``: a 2-layer MLP (2 -> 16 -> 3, tanh) classifying points of three
  interleaved spiral arms, full batch, ``CrossEntropyLoss``, SGD with momentum / Adam;
* ``regression``: ``Linear(3, 1)`` fitted to a noisy linear function with ``MSELoss`` and SGD.

The models start from torch's default initialization (``torch.manual_seed``); those initial weights
are stored with the losses, so autograd_lab (whose generator differs) starts from the same numbers.
Stored per problem: ``init`` (state_dict as lists), ``losses`` (one per step) and ``final`` (the
state_dict after the last step).

Only :func:`record` imports torch; :func:`train` is shared with the tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np

STEPS = 50
PROBLEMS = ("mlp_sgd", "mlp_adam", "regression")


def spirals(points_per_class: int = 30, classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Three spiral arms in the plane, with a deterministic wobble standing in for noise."""
    radius = np.linspace(0.1, 1.0, points_per_class)
    xs, ys = [], []
    for label in range(classes):
        angle = radius * 4.0 + label * 2 * np.pi / classes
        wobble = 0.15 * np.sin(np.arange(points_per_class) * 12.9898 + label * 78.233)
        xs.append(np.stack([radius * np.cos(angle + wobble), radius * np.sin(angle + wobble)], 1))
        ys.append(np.full(points_per_class, label))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys)


def linear_data(count: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """``y = x @ [1.5, -2, 0.5] + 0.3`` plus a small deterministic disturbance."""
    i = np.arange(count * 3.0)
    x = (np.sin(i * 0.77) * 1.5).reshape(count, 3)
    y = x @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.05 * np.cos(np.arange(count) * 2.3)
    return x.astype(np.float32), y.reshape(count, 1).astype(np.float32)


def build(t: Any, problem: str) -> tuple[Any, Any, Any, Any, Any]:
    """Model, loss function, optimizer factory and data for ``problem``, with library ``t``."""
    if problem == "regression":
        x, y = linear_data()
        model = t.nn.Linear(3, 1)
        return model, t.nn.MSELoss(), lambda p: t.optim.SGD(p, lr=0.05), t.tensor(x), t.tensor(y)
    x, y = spirals()
    model = t.nn.Sequential(t.nn.Linear(2, 16), t.nn.Tanh(), t.nn.Linear(16, 3))
    if problem == "mlp_sgd":
        make = lambda p: t.optim.SGD(p, lr=0.5, momentum=0.9)  # noqa: E731
    else:
        make = lambda p: t.optim.Adam(p, lr=0.05)  # noqa: E731
    return model, t.nn.CrossEntropyLoss(), make, t.tensor(x), t.tensor(y)


def _as_lists(state: Any) -> dict[str, Any]:
    return {key: value.detach().numpy().tolist() for key, value in state.items()}


def train(t: Any, problem: str, init: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train ``problem`` for ``STEPS`` full-batch steps with library ``t``, starting from ``init``
    (a state_dict of nested lists; default: the library's own initialization)."""
    model, loss_fn, make_optimizer, x, y = build(t, problem)
    if init is not None:
        model.load_state_dict({key: t.tensor(value) for key, value in init.items()})
    start = _as_lists(model.state_dict())
    optimizer = make_optimizer(model.parameters())
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {"init": start, "losses": losses, "final": _as_lists(model.state_dict())}


def record() -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    results = {}
    for seed, problem in enumerate(PROBLEMS):
        torch.manual_seed(seed)
        results[problem] = train(torch, problem)
    return results
