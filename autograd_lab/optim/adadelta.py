"""Adadelta: steps scaled by the ratio of running root mean squares of past steps and gradients."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, check_at_least_zero, check_learning_rate, scalar, scalar_state, zeros_state

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Per parameter (torch's equations)::

        g = grad + weight_decay * p
        v = rho * v + (1 - rho) * g * g                      (state "square_avg")
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta              (state "acc_delta")
        p -= lr * delta
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1.0, rho: float = 0.9,
                 eps: float = 1e-6, weight_decay: float = 0, foreach: bool | None = None, *,
                 capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False) -> None:
        check_learning_rate(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_at_least_zero(("epsilon value", eps), ("weight_decay value", weight_decay))
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, rho, eps = scalar(group["lr"]), group["rho"], group["eps"]
            weight_decay = group["weight_decay"]
            for param, data, grad in self._updates(group):
                state = self.state[param]
                if not state:
                    state.update(step=scalar_state(0.0), square_avg=zeros_state(param),
                                 acc_delta=zeros_state(param))
                self._count_step(param)
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                square_avg, acc_delta = state["square_avg"]._data, state["acc_delta"]._data
                square_avg *= rho
                square_avg += (1 - rho) * grad * grad
                delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
                acc_delta *= rho
                acc_delta += (1 - rho) * delta * delta
                data -= lr * delta
                param._bump_version()
        return loss
