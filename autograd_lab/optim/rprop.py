"""Rprop: each weight has its own step size, grown while its gradient keeps its sign and shrunk
when the sign flips; only the gradient's sign is used."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, check_learning_rate, scalar, scalar_state, zeros_state

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Per weight (torch's equations; step sizes start at ``lr``)::

        s = sign(g * g_prev)
        size = clamp(size * (etaplus if s > 0, etaminus if s < 0, 1 if s == 0), *step_sizes)
        g = 0 where s < 0                 (after a sign flip the weight waits one step)
        p -= sign(g) * size;   g_prev = g
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2,
                 etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        check_learning_rate(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            eta_minus, eta_plus = group["etas"]
            smallest, largest = group["step_sizes"]
            for param, data, grad in self._updates(group):
                state = self.state[param]
                if not state:
                    state.update(step=scalar_state(0.0), prev=zeros_state(param),
                                 step_size=Tensor._make(np.full_like(param._data,
                                                                     scalar(group["lr"]))))
                self._count_step(param)
                previous, size = state["prev"]._data, state["step_size"]._data
                agreement = np.sign(grad * previous)
                factor = np.where(agreement > 0, eta_plus, np.where(agreement < 0, eta_minus, 1))
                size *= factor.astype(size.dtype)
                np.clip(size, smallest, largest, out=size)
                grad = np.where(agreement < 0, 0, grad).astype(data.dtype)
                data -= np.sign(grad) * size
                previous[...] = grad
                param._bump_version()
        return loss
