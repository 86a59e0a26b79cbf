"""Adagrad, with torch's learning-rate decay, weight decay and initial accumulator."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, check_at_least_zero, check_learning_rate, scalar, scalar_state

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Divide each step by the root of the sum of all squared gradients so far (torch's
    equations, step ``k`` from 1)::

        g = grad + weight_decay * p
        sum = sum + g * g
        p -= lr / (1 + (k - 1) * lr_decay) * g / (sqrt(sum) + eps)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, lr_decay: float = 0,
                 weight_decay: float = 0, initial_accumulator_value: float = 0, eps: float = 1e-10,
                 foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("lr_decay value", lr_decay), ("weight_decay value", weight_decay),
                            ("initial_accumulator_value value", initial_accumulator_value),
                            ("epsilon value", eps))
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:  # torch makes Adagrad's state at construction
            for param in group["params"]:
                self.state[param]["step"] = scalar_state(0.0)
                self.state[param]["sum"] = Tensor._make(
                    np.full_like(param._data, group["initial_accumulator_value"]))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lr_decay, eps, weight_decay = (scalar(group["lr"]), group["lr_decay"], group["eps"],
                                               group["weight_decay"])
            for param, data, grad in self._updates(group):
                state = self.state[param]
                step = self._count_step(param)
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                clr = lr / (1 + (step - 1) * lr_decay)
                total = state["sum"]._data
                total += grad * grad
                std = np.sqrt(total)
                std += eps
                data -= clr * grad / std
                param._bump_version()
        return loss
