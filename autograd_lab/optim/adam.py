"""Adam, with torch's bias correction, weight decay and AMSGrad."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .optimizer import (
    Optimizer,
    check_at_least_zero,
    check_betas,
    check_learning_rate,
    scalar,
    scalar_state,
    with_weight_decay,
    zeros_state,
)

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    """Adaptive moments. Per parameter, step ``k`` (torch's equations)::

        g = grad + weight_decay * p
        m = m + (1 - beta1) * (g - m)            (running mean of g)
        v = beta2 * v + (1 - beta2) * g * g      (running mean of g**2; AMSGrad keeps its maximum)
        p -= lr / (1 - beta1**k) * m / (sqrt(v) / sqrt(1 - beta2**k) + eps)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, decoupled_weight_decay: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("epsilon value", eps))
        check_betas(betas)
        check_at_least_zero(("weight_decay value", weight_decay))
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _state_for(self, param: Tensor, amsgrad: bool) -> dict[str, Any]:
        """The parameter's state, created on its first step as torch creates it."""
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["exp_avg"] = zeros_state(param)
            state["exp_avg_sq"] = zeros_state(param)
            if amsgrad:
                state["max_exp_avg_sq"] = zeros_state(param)
        return state

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, weight_decay, amsgrad = scalar(group["lr"]), group["eps"], \
                group["weight_decay"], group["amsgrad"]
            for param, data, grad in self._updates(group):
                state = self._state_for(param, amsgrad)
                step = self._count_step(param)
                grad = with_weight_decay(group, param, data, grad, lr, weight_decay)
                exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
                exp_avg += (grad - exp_avg) * (1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += (1 - beta2) * grad * grad
                step_size = lr / (1 - beta1**step)
                correction2_sqrt = math.sqrt(1 - beta2**step)
                if amsgrad:
                    largest = state["max_exp_avg_sq"]._data
                    np.maximum(largest, exp_avg_sq, out=largest)
                    second = largest
                else:
                    second = exp_avg_sq
                denominator = np.sqrt(second) / correction2_sqrt
                denominator += eps
                data -= step_size * exp_avg / denominator
                param._bump_version()
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (``p *= 1 - lr * weight_decay`` before each step, instead of
    adding ``weight_decay * p`` to the gradient), weight decay 0.01 by default: torch's AdamW."""

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False,
                 foreach: bool | None = None, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable, differentiable=differentiable,
                         fused=fused, decoupled_weight_decay=True)
