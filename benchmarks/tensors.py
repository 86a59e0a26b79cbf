"""Workloads on bigger tensors: ``mlp_step``, ``big_matmul`` and ``broadcast_reduce``.

Here the floor is numpy itself: each hand-written reference is the forward pass and the backward
derived on paper, in the plain form one writes first (``np.ones_like`` for the gradient of a sum,
the same broadcast product in the backward as in the forward), so "≤ 1.0x numpy" means the autograd
adds no work beyond what the maths needs. autograd_lab and torch run the very same code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .harness import (
    Config,
    Implementation,
    all_met,
    available_implementations,
    check_first_iterations,
    interleave,
    load_torch,
    ratio_target,
    result,
    row,
)

__all__ = ["mlp_step", "big_matmul", "broadcast_reduce"]


def _module(name: str) -> Any:
    """``autograd_lab`` for ``"ours"``, ``torch`` for ``"torch"``: they share the API used here."""
    if name == "ours":
        import autograd_lab

        return autograd_lab
    return load_torch()


def _leaves(module: Any, arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    return {name: module.tensor(array, requires_grad=True) for name, array in arrays.items()}


def _timed(workload: str, config: Config, build: Callable[[str], Implementation],
           reference: Implementation, repeats: int, rtol: float, atol: float,
           ) -> tuple[dict[str, float], list[str]]:
    """Build ours / numpy / torch, check their first iteration, time them: milliseconds each."""
    names = available_implementations()
    implementations = {name: reference if name == "numpy" else build(name) for name in names}
    expected = reference()
    checked = check_first_iterations(workload, implementations, lambda name: expected, rtol, atol)
    seconds = interleave(implementations, config.repeats(repeats))
    return {name: value * 1e3 for name, value in seconds.items()}, checked


# -- mlp_step -------------------------------------------------------------------------------------

LEARNING_RATE = 0.1


def _mlp_data(config: Config) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """A batch, its labels, and torch's default Linear initialisation U(±1/sqrt(fan_in))."""
    batch, n_in, n_hidden, n_out = (config.size(128, 8), config.size(784, 20),
                                    config.size(256, 12), 10)
    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((batch, n_in)).astype(np.float32)
    labels = rng.integers(0, n_out, batch).astype(np.int64)

    def uniform(shape: tuple[int, ...], fan_in: int) -> np.ndarray:
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    weights = {"W1": uniform((n_hidden, n_in), n_in), "b1": uniform((n_hidden,), n_in),
               "W2": uniform((n_out, n_hidden), n_hidden), "b2": uniform((n_out,), n_hidden)}
    return inputs, labels, weights


def _mlp_numpy(inputs: np.ndarray, labels: np.ndarray,
               weights: Mapping[str, np.ndarray]) -> Implementation:
    """784-256-10 ReLU MLP, cross-entropy, SGD: forward, backward and update by hand."""
    W1, b1, W2, b2 = (weights[name].copy() for name in ("W1", "b1", "W2", "b2"))
    rows = np.arange(len(labels))
    batch = len(labels)

    def step() -> dict[str, np.ndarray]:
        hidden = inputs @ W1.T + b1
        relu = np.maximum(hidden, 0)
        logits = relu @ W2.T + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        # loss = mean(log(total) - shifted[rows, labels]); its gradient w.r.t. the logits:
        grad_logits = exp / total
        grad_logits[rows, labels] -= 1
        grad_logits /= batch
        grads = {"W2": grad_logits.T @ relu, "b2": grad_logits.sum(axis=0)}
        grad_hidden = (grad_logits @ W2) * (hidden > 0)
        grads["W1"] = grad_hidden.T @ inputs
        grads["b1"] = grad_hidden.sum(axis=0)
        for parameter, name in ((W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2")):
            parameter -= LEARNING_RATE * grads[name]
        return grads

    return step


def _mlp_autograd(name: str, inputs: np.ndarray, labels: np.ndarray,
                  weights: Mapping[str, np.ndarray],
                  wrap: Callable[[Callable], Callable] | None = None) -> Implementation:
    """The same step with ``nn.Sequential``, ``F.cross_entropy`` and ``optim.SGD``; ``wrap``: what
    the loss function goes through (a compiler: ``benchmarks.compiled``)."""
    module = _module(name)
    nn = module.nn
    n_hidden, n_in = weights["W1"].shape
    model = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, len(weights["b2"])))
    first, second = model[0], model[2]
    with module.no_grad():
        for parameter, name_ in ((first.weight, "W1"), (first.bias, "b1"), (second.weight, "W2"),
                                 (second.bias, "b2")):
            parameter.copy_(module.from_numpy(weights[name_].copy()))
    optimizer = module.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    cross_entropy = nn.functional.cross_entropy
    x, y = module.from_numpy(inputs), module.from_numpy(labels)

    def loss_of(x: Any, y: Any) -> Any:
        return cross_entropy(model(x), y)

    loss = wrap(loss_of) if wrap is not None else loss_of

    def step() -> dict[str, Any]:
        optimizer.zero_grad()
        loss(x, y).backward()
        grads = {"W1": first.weight.grad, "b1": first.bias.grad, "W2": second.weight.grad,
                 "b2": second.bias.grad}
        optimizer.step()
        return grads

    return step


def mlp_step(config: Config) -> dict[str, Any]:
    """One SGD step of a 784-256-10 MLP on a batch of 128, float32, cross-entropy: ms per step."""
    inputs, labels, weights = _mlp_data(config)
    ms, checked = _timed("mlp_step", config, lambda name: _mlp_autograd(name, inputs, labels, weights),
                         _mlp_numpy(inputs, labels, weights), repeats=15, rtol=1e-4, atol=1e-5)
    rows = [row("mlp_step", "ms", ms["ours"], numpy=ms["numpy"], torch=ms.get("torch"),
                target="≤ 1.1x numpy", met=ratio_target(ms["ours"], ms["numpy"], 1.1))]
    notes = [f"mlp_step: Linear({inputs.shape[1]}, {weights['W1'].shape[0]}) - ReLU - "
             f"Linear({weights['W1'].shape[0]}, 10), batch {len(labels)}, float32, cross_entropy, "
             "zero_grad + forward + backward + SGD step (lr 0.1)"]
    return result("mlp_step", rows, checked, notes)


# -- big_matmul -----------------------------------------------------------------------------------

def _matmul_data(config: Config) -> dict[str, np.ndarray]:
    """Scaled so that ``A @ B`` has unit variance: tanh is neither linear nor saturated."""
    n = config.size(1024, 48)
    rng = np.random.default_rng(1)
    scale = n ** -0.25
    return {"A": (rng.standard_normal((n, n)) * scale).astype(np.float32),
            "B": (rng.standard_normal((n, n)) * scale).astype(np.float32),
            "C": (rng.standard_normal((n, n)) / np.sqrt(n)).astype(np.float32)}


def _matmul_numpy(data: Mapping[str, np.ndarray]) -> Implementation:
    A, B, C = data["A"], data["B"], data["C"]

    def iteration() -> dict[str, np.ndarray]:
        T = np.tanh(A @ B)
        Q = T @ C
        Q.sum()
        grad_Q = np.ones_like(Q)
        grad_C = T.T @ grad_Q
        grad_P = (grad_Q @ C.T) * (1 - T * T)
        return {"A": grad_P @ B.T, "B": A.T @ grad_P, "C": grad_C}

    return iteration


def _matmul_autograd(name: str, data: Mapping[str, np.ndarray]) -> Implementation:
    leaves = _leaves(_module(name), data)
    A, B, C = leaves["A"], leaves["B"], leaves["C"]

    def iteration() -> dict[str, Any]:
        A.grad = B.grad = C.grad = None
        ((A @ B).tanh() @ C).sum().backward()
        return {"A": A.grad, "B": B.grad, "C": C.grad}

    return iteration


def big_matmul(config: Config) -> dict[str, Any]:
    """``((A @ B).tanh() @ C).sum()`` and its backward, 1024x1024 float32: ms per iteration."""
    data = _matmul_data(config)
    ms, checked = _timed("big_matmul", config, lambda name: _matmul_autograd(name, data),
                         _matmul_numpy(data), repeats=5, rtol=1e-3, atol=1e-4)
    rows = [row("big_matmul", "ms", ms["ours"], numpy=ms["numpy"], torch=ms.get("torch"),
                target="≤ 1.05x numpy", met=ratio_target(ms["ours"], ms["numpy"], 1.05))]
    n = len(data["A"])
    return result("big_matmul", rows, checked,
                  [f"big_matmul: A, B, C {n}x{n} float32, all requiring grad (5 matmuls per iteration)"])


# -- broadcast_reduce -----------------------------------------------------------------------------

def _broadcast_data(config: Config) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2)
    return {"x": rng.standard_normal((config.size(256, 8), config.size(128, 4))).astype(np.float32),
            "w": rng.standard_normal((config.size(64, 3), config.size(128, 4))).astype(np.float32)}


def _broadcast_numpy(data: Mapping[str, np.ndarray]) -> Implementation:
    x, w = data["x"], data["w"]

    def iteration() -> dict[str, np.ndarray]:
        sums = (x[:, None, :] * w[None, :, :]).sum(-1)
        sums.mean()
        grad_sums = np.full(sums.shape, 1.0 / sums.size, dtype=sums.dtype)[:, :, None]
        return {"x": (grad_sums * w[None, :, :]).sum(1), "w": (grad_sums * x[:, None, :]).sum(0)}

    return iteration


def _broadcast_autograd(name: str, data: Mapping[str, np.ndarray]) -> Implementation:
    leaves = _leaves(_module(name), data)
    x, w = leaves["x"], leaves["w"]

    def iteration() -> dict[str, Any]:
        x.grad = w.grad = None
        (x[:, None, :] * w[None, :, :]).sum(-1).mean().backward()
        return {"x": x.grad, "w": w.grad}

    return iteration


def broadcast_reduce(config: Config) -> dict[str, Any]:
    """``(x[:, None, :] * w[None, :, :]).sum(-1).mean()``, x (256, 128), w (64, 128): ms."""
    data = _broadcast_data(config)
    ms, checked = _timed("broadcast_reduce", config, lambda name: _broadcast_autograd(name, data),
                         _broadcast_numpy(data), repeats=15, rtol=1e-4, atol=1e-5)
    met = all_met(ratio_target(ms["ours"], ms["numpy"], 1.0),
                  ratio_target(ms["ours"], ms.get("torch"), 1.5))
    rows = [row("broadcast_reduce", "ms", ms["ours"], numpy=ms["numpy"], torch=ms.get("torch"),
                target="≤ 1.0x numpy, ≤ 1.5x torch", met=met)]
    shapes = f"x {data['x'].shape}, w {data['w'].shape}"
    return result("broadcast_reduce", rows, checked, [f"broadcast_reduce: {shapes}, float32"])
