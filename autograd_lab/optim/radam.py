"""RAdam: Adam whose adaptive step is switched on gradually (rectified) while the running
variance estimate is still unreliable."""

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

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """Per parameter, step ``k`` (torch's equations)::

        g = grad + weight_decay * p           (or p *= 1 - lr * weight_decay, decoupled)
        m = m + (1 - beta1) * (g - m);   v = beta2 * v + (1 - beta2) * g * g
        rho_inf = 2 / (1 - beta2) - 1;   rho_k = rho_inf - 2 k beta2**k / (1 - beta2**k)
        rho_k > 5:  p -= lr * m / (1 - beta1**k) * sqrt(1 - beta2**k) / (sqrt(v) + eps) * r_k
                    with r_k = sqrt((rho_k - 4)(rho_k - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_k))
        otherwise:  p -= lr * m / (1 - beta1**k)          (plain momentum)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("epsilon value", eps))
        check_betas(betas)
        check_at_least_zero(("weight_decay value", weight_decay))
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, weight_decay = scalar(group["lr"]), group["eps"], group["weight_decay"]
            for param, data, grad in self._updates(group):
                state = self.state[param]
                if not state:
                    state.update(step=scalar_state(0.0), exp_avg=zeros_state(param),
                                 exp_avg_sq=zeros_state(param))
                step = self._count_step(param)
                grad = with_weight_decay(group, param, data, grad, lr, weight_decay)
                exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
                exp_avg += (grad - exp_avg) * (1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += (1 - beta2) * grad * grad
                correction2 = 1 - beta2**step
                corrected_mean = exp_avg / (1 - beta1**step)
                rho_inf = 2 / (1 - beta2) - 1
                rho = rho_inf - 2 * step * beta2**step / correction2
                if rho > 5.0:
                    rectification = math.sqrt((rho - 4) * (rho - 2) * rho_inf
                                              / ((rho_inf - 4) * (rho_inf - 2) * rho))
                    adaptive = math.sqrt(correction2) / (np.sqrt(exp_avg_sq) + eps)
                    data -= corrected_mean * lr * adaptive * rectification
                else:
                    data -= corrected_mean * lr
                param._bump_version()
        return loss
