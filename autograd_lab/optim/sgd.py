"""Stochastic gradient descent, with torch's momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..tensor import Tensor
from .optimizer import Optimizer, check_learning_rate, scalar

__all__ = ["SGD"]


class SGD(Optimizer):
    """``p -= lr * g`` where, step by step (torch's equations)::

        g = grad + weight_decay * p
        buf = g (first step), then buf = momentum * buf + (1 - dampening) * g
        g = g + momentum * buf   (nesterov)   or   g = buf   (momentum != 0)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3, momentum: float = 0,
                 dampening: float = 0, weight_decay: float = 0, nesterov: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        check_learning_rate(lr, nan_allowed=True)
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, momentum, dampening = scalar(group["lr"]), group["momentum"], group["dampening"]
            weight_decay, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
            for param in self._with_grads(group):
                data = param._data
                grad = param._grad._data
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                if momentum != 0:
                    grad = self._momentum(param, grad, momentum, dampening, nesterov)
                data -= lr * grad  # (one temporary, as ``p -= lr * g`` by hand)
                param._bump_version()
        return loss

    def _momentum(self, param: Tensor, grad: Any, momentum: float, dampening: float,
                  nesterov: bool) -> Any:
        """Update the parameter's momentum buffer; return the direction to step in."""
        state = self.state[param]
        buffer = state.get("momentum_buffer")
        if buffer is None:
            buffer = state["momentum_buffer"] = Tensor._make(grad.copy())
        else:
            values = buffer._data
            values *= momentum
            values += grad if dampening == 0 else (1 - dampening) * grad
        return grad + momentum * buffer._data if nesterov else buffer._data
