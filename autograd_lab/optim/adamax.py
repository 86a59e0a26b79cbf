"""Adamax: Adam with the infinity norm of past gradients in place of their root mean square."""

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
    zeros_state,
)

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """Per parameter, step ``k`` (torch's equations)::

        g = grad + weight_decay * p
        m = m + (1 - beta1) * (g - m)                (running mean of g)
        u = max(beta2 * u, |g| + eps)                (decaying maximum of |g|)
        p -= lr / (1 - beta1**k) * m / u
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("epsilon value", eps))
        check_betas(betas)
        check_at_least_zero(("weight_decay value", weight_decay))
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
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
                                 exp_inf=zeros_state(param))
                step = self._count_step(param)
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                exp_avg, exp_inf = state["exp_avg"]._data, state["exp_inf"]._data
                exp_avg += (grad - exp_avg) * (1 - beta1)
                exp_inf *= beta2
                np.maximum(exp_inf, np.abs(grad) + eps, out=exp_inf)
                data -= lr / (1 - beta1**step) * (exp_avg / exp_inf)
                param._bump_version()
        return loss
