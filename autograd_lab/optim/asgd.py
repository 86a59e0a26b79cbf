"""ASGD: SGD with a decaying step size that also keeps a running average of the weights."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..tensor import Tensor
from .optimizer import Optimizer, check_at_least_zero, check_learning_rate, scalar, scalar_state, zeros_state

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """Averaged SGD, per parameter at step ``k`` (torch's equations; ``eta`` starts at ``lr``,
    ``mu`` at 1, both kept as float32 scalars)::

        g = grad + weight_decay * p
        p *= 1 - lambd * eta;   p -= eta * g
        ax = p (while mu == 1), then ax += mu * (p - ax)      (the averaged weights)
        eta = lr / (1 + lambd * lr * k)**alpha;   mu = 1 / max(1, k - t0)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, lambd: float = 1e-4,
                 alpha: float = 0.75, t0: float = 1e6, weight_decay: float = 0,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        check_learning_rate(lr)
        check_at_least_zero(("weight_decay value", weight_decay))
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lambd, alpha = scalar(group["lr"]), group["lambd"], group["alpha"]
            t0, weight_decay = group["t0"], group["weight_decay"]
            for param, data, grad in self._updates(group):
                state = self.state[param]
                if not state:
                    state.update(step=scalar_state(0.0), eta=scalar_state(lr),
                                 mu=scalar_state(1.0), ax=zeros_state(param))
                step = self._count_step(param)
                if weight_decay != 0:
                    grad = grad + weight_decay * data
                eta, mu = state["eta"]._data, state["mu"]._data
                data *= 1 - lambd * float(eta)
                param._bump_version()  # the decay and the step are two in-place updates in torch
                data -= float(eta) * grad
                param._bump_version()
                average = state["ax"]._data
                if float(mu) != 1:
                    average += (data - average) * mu
                else:
                    average[...] = data
                eta[...] = lr / (1 + lambd * lr * step) ** alpha
                mu[...] = 1 / max(1, step - t0)
        return loss
