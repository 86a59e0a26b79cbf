"""Record torch's optimizers, step by step, on one small problem (golden data for tests/test_optim.py).

The problem is a linear classifier ``cross_entropy(x @ W.T + b, y)`` on fixed data, started from fixed
weights (closed-form values, no random generator, so both libraries start from the same numbers).
For each optimizer configuration in ``CONFIGS`` the optimizer runs ``STEPS`` steps (LBFGS with a
closure, as it requires); after each step the loss, ``W`` and ``b`` are stored, and at the end the
optimizer's state for ``W``. A configuration named ``*_tensor_lr`` gives its ``lr`` as a 0-d tensor.

Only :func:`record` imports torch; :func:`run` takes the library as an argument and is shared with
the tests, which run it with autograd_lab (and, where torch is installed, with torch live).
"""

from __future__ import annotations

from typing import Any

import numpy as np

STEPS = 10

CONFIGS: dict[str, tuple[str, dict[str, Any]]] = {
    "sgd_plain": ("SGD", {"lr": 0.5}),
    "sgd_momentum": ("SGD", {"lr": 0.2, "momentum": 0.9}),
    "sgd_dampening": ("SGD", {"lr": 0.2, "momentum": 0.9, "dampening": 0.5}),
    "sgd_nesterov": ("SGD", {"lr": 0.2, "momentum": 0.9, "nesterov": True}),
    "sgd_weight_decay": ("SGD", {"lr": 0.2, "weight_decay": 0.1}),
    "sgd_everything": ("SGD", {"lr": 0.1, "momentum": 0.8, "weight_decay": 0.05,
                               "nesterov": True}),
    "sgd_maximize": ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.1, "maximize": True}),
    "adam_default": ("Adam", {}),
    "adam_lr": ("Adam", {"lr": 0.05}),
    "adam_betas_eps": ("Adam", {"lr": 0.05, "betas": (0.8, 0.95), "eps": 1e-4}),
    "adam_weight_decay": ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    "adam_amsgrad": ("Adam", {"lr": 0.05, "amsgrad": True}),
    "adam_everything": ("Adam", {"lr": 0.05, "betas": (0.85, 0.99), "weight_decay": 0.05,
                                 "amsgrad": True}),
    "adam_decoupled": ("Adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    "adam_maximize": ("Adam", {"lr": 0.01, "maximize": True}),
    "adamw_default": ("AdamW", {"lr": 0.05}),
    "adamw_amsgrad": ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}),
    "rmsprop_default": ("RMSprop", {}),
    "rmsprop_lr_alpha": ("RMSprop", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6}),
    "rmsprop_momentum": ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    "rmsprop_weight_decay": ("RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
    "rmsprop_centered": ("RMSprop", {"lr": 0.01, "centered": True}),
    "rmsprop_maximize": ("RMSprop", {"lr": 0.01, "maximize": True}),
    "adagrad_default": ("Adagrad", {}),
    "adagrad_decay": ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1,
                                  "initial_accumulator_value": 0.5}),
    "adagrad_maximize": ("Adagrad", {"lr": 0.05, "maximize": True, "eps": 1e-6}),
    "adamax_default": ("Adamax", {}),
    "adamax_options": ("Adamax", {"lr": 0.05, "betas": (0.8, 0.9), "weight_decay": 0.1,
                                  "maximize": True}),
    "nadam_default": ("NAdam", {}),
    "nadam_weight_decay": ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "momentum_decay": 0.01}),
    "nadam_decoupled": ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    "radam_default": ("RAdam", {}),
    "radam_rectified": ("RAdam", {"lr": 0.05, "betas": (0.9, 0.9), "weight_decay": 0.1}),
    "radam_decoupled": ("RAdam", {"lr": 0.05, "betas": (0.8, 0.9), "weight_decay": 0.1,
                                  "decoupled_weight_decay": True}),
    "adadelta_default": ("Adadelta", {}),
    "adadelta_options": ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1,
                                      "maximize": True}),
    "rprop_default": ("Rprop", {}),
    "rprop_options": ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1)}),
    "asgd_default": ("ASGD", {}),
    "asgd_averaging": ("ASGD", {"lr": 0.1, "lambd": 0.01, "alpha": 0.5, "t0": 3,
                                "weight_decay": 0.1}),
    "lbfgs_fixed_step": ("LBFGS", {"lr": 0.5, "max_iter": 2, "history_size": 3}),
    "lbfgs_strong_wolfe": ("LBFGS", {"max_iter": 2, "history_size": 2,
                                     "line_search_fn": "strong_wolfe"}),
    "adam_tensor_lr": ("Adam", {"lr": 0.05}),
    "sgd_tensor_lr": ("SGD", {"lr": 0.2, "momentum": 0.9}),
}
GROUPS = "groups"  # two parameter groups with different hyperparameters (SGD with momentum)


def start() -> dict[str, np.ndarray]:
    """Starting weights and data, computed in closed form (identical everywhere)."""
    i = np.arange(12.0)
    return {
        "W": (np.sin(i * 1.7) * 0.5).reshape(3, 4).astype(np.float32),
        "b": np.array([0.1, -0.2, 0.05], dtype=np.float32),
        "x": (np.cos(np.arange(20.0) * 0.9) * 2).reshape(5, 4).astype(np.float32),
        "y": np.array([0, 2, 1, 1, 0]),
    }


def _optimizer(t: Any, name: str, W: Any, b: Any) -> Any:
    if name == GROUPS:
        return t.optim.SGD([{"params": [W]}, {"params": [b], "lr": 0.05, "momentum": 0.5}],
                           lr=0.3, momentum=0.9)
    kind, options = CONFIGS[name]
    if name.endswith("_tensor_lr"):
        options = {**options, "lr": t.tensor(options["lr"])}
    return getattr(t.optim, kind)([W, b], **options)


def _state_value(value: Any) -> Any:
    """A state entry as plain numbers (tensors as nested lists, lists item by item)."""
    if isinstance(value, list):
        return [_state_value(item) for item in value]
    return value.numpy().tolist() if hasattr(value, "numpy") else value


def run(t: Any, name: str) -> dict[str, Any]:
    """Run configuration ``name`` with library ``t`` (torch or autograd_lab)."""
    values = start()
    W = t.nn.Parameter(t.tensor(values["W"]))
    b = t.nn.Parameter(t.tensor(values["b"]))
    x, y = t.tensor(values["x"]), t.tensor(values["y"])
    optimizer = _optimizer(t, name, W, b)
    losses, weights, biases = [], [], []

    def closure() -> Any:
        optimizer.zero_grad()
        loss = t.nn.functional.cross_entropy(t.nn.functional.linear(x, W, b), y)
        loss.backward()
        return loss

    for _ in range(STEPS):
        if isinstance(optimizer, t.optim.LBFGS):
            loss = optimizer.step(closure)
        else:
            loss = closure()
            optimizer.step()
        losses.append(loss.item())
        weights.append(W.detach().numpy().tolist())
        biases.append(b.detach().numpy().tolist())
    state = {key: _state_value(value) for key, value in sorted(optimizer.state[W].items())}
    return {"losses": losses, "W": weights, "b": biases, "state": state, "version": W._version}


def record() -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    return {name: run(torch, name) for name in [*CONFIGS, GROUPS]}
