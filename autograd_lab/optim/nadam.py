"""NAdam: Adam with Nesterov momentum (the step looks ahead along the running mean)."""

from __future__ import annotations

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

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """Per parameter, step ``k`` (torch's equations)::

        g = grad + weight_decay * p           (or p *= 1 - lr * weight_decay, decoupled)
        mu_k = beta1 * (1 - 0.5 * 0.96**(k * momentum_decay))      (momentum schedule)
        prod_k = mu_1 * ... * mu_k                                  (state "mu_product")
        m = m + (1 - beta1) * (g - m);   v = beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2**k)) + eps
        p -= lr * (1 - mu_k) / (1 - prod_k) * g / denom
        p -= lr * mu_{k+1} / (1 - prod_k * mu_{k+1}) * m / denom
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("epsilon value", eps))
        check_betas(betas)
        check_at_least_zero(("weight_decay value", weight_decay),
                            ("momentum_decay value", momentum_decay))
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay,
                    "decoupled_weight_decay": decoupled_weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable, "differentiable": differentiable}
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, weight_decay = scalar(group["lr"]), group["eps"], group["weight_decay"]
            momentum_decay = group["momentum_decay"]
            for param, data, grad in self._updates(group):
                state = self.state[param]
                if not state:
                    state.update(step=scalar_state(0.0), mu_product=scalar_state(1.0),
                                 exp_avg=zeros_state(param), exp_avg_sq=zeros_state(param))
                step = self._count_step(param)
                grad = with_weight_decay(group, param, data, grad, lr, weight_decay)
                mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
                mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
                product = state["mu_product"]._data
                product *= np.float32(mu)  # a float32 tensor in torch: rounded at every step
                exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
                exp_avg += (grad - exp_avg) * (1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += (1 - beta2) * grad * grad
                denominator = np.sqrt(exp_avg_sq / (1 - beta2**step))
                denominator += eps
                data -= lr * (1.0 - mu) / (1.0 - float(product)) * (grad / denominator)
                param._bump_version()  # two in-place updates, as torch's two addcdiv_
                data -= lr * mu_next / (1.0 - float(product) * mu_next) * (exp_avg / denominator)
                param._bump_version()
        return loss
