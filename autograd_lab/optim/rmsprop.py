"""RMSprop, with torch's momentum, centering and weight decay."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, check_at_least_zero, check_learning_rate, scalar, scalar_state, zeros_state

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """Divide each step by a running root mean square of the gradient (torch's equations)::

        g = grad + weight_decay * p
        v = alpha * v + (1 - alpha) * g * g                      (running mean of g**2)
        avg = sqrt(v - m * m) + eps   with   m = m + (1 - alpha) * (g - m)   (centered)
        avg = sqrt(v) + eps                                                  (otherwise)
        buf = momentum * buf + g / avg;  p -= lr * buf           (momentum > 0)
        p -= lr * g / avg                                        (otherwise)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0, momentum: float = 0,
                 centered: bool = False, capturable: bool = False, foreach: bool | None = None,
                 maximize: bool = False, differentiable: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("epsilon value", eps), ("momentum value", momentum),
                            ("weight_decay value", weight_decay), ("alpha value", alpha))
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps, "centered": centered,
                    "weight_decay": weight_decay, "capturable": capturable, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    def _state_for(self, param: Tensor, group: dict[str, Any]) -> dict[str, Any]:
        """The parameter's state, created on its first step as torch creates it."""
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["square_avg"] = zeros_state(param)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_state(param)
            if group["centered"]:
                state["grad_avg"] = zeros_state(param)
        return state

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, alpha, eps = scalar(group["lr"]), group["alpha"], group["eps"]
            weight_decay, momentum = group["weight_decay"], group["momentum"]
            for param, data, grad in self._updates(group):
                state = self._state_for(param, group)
                self._count_step(param)
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                square_avg = state["square_avg"]._data
                square_avg *= alpha
                square_avg += (1 - alpha) * grad * grad
                if group["centered"]:
                    grad_avg = state["grad_avg"]._data
                    grad_avg += (grad - grad_avg) * (1 - alpha)
                    average = np.sqrt(square_avg - grad_avg * grad_avg)
                else:
                    average = np.sqrt(square_avg)
                average += eps
                if momentum > 0:
                    buffer = state["momentum_buffer"]._data
                    buffer *= momentum
                    buffer += grad / average
                    data -= lr * buffer
                else:
                    data -= lr * grad / average
                param._bump_version()
        return loss
