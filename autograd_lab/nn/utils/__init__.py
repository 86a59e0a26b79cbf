"""``t.nn.utils``: ``clip_grad_norm_``, ``clip_grad_value_``, ``parameters_to_vector`` and
``vector_to_parameters``, as torch defines them; ``parametrize`` (parameters computed by a module);
``prune`` (parameters zeroed in part by a mask); ``rnn`` (``pad_sequence``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ...autograd import grad_mode
from ...ops.shape import cat, stack
from ...tensor import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters",
           "parametrize", "prune", "rnn"]


def _listed(parameters: Any) -> list[Tensor]:
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def clip_grad_norm_(parameters: Any, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """Scale the gradients in place so that their combined ``norm_type``-norm (all gradients as
    one vector) is at most ``max_norm``; returns that norm before clipping. As torch, the scale is
    ``max_norm / (norm + 1e-6)``, applied only when below 1."""
    norm_type = float(norm_type)  # (torch reads it so: 'inf' is math.inf)
    grads = [p.grad for p in _listed(parameters) if p.grad is not None]
    if not grads:
        return Tensor._make(np.array(0.0, dtype=np.float32))
    with grad_mode.no_grad():
        norms = [g.detach().norm(norm_type) for g in grads]
        total = _stack_norm(norms, norm_type)
        if error_if_nonfinite and not bool(np.isfinite(total._data)):
            raise RuntimeError(
                f"The total norm of order {float(norm_type)} for gradients from `parameters` is "
                "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
                "by the non-finite norm anyway, set `error_if_nonfinite=False`")
        coefficient = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(coefficient.to(g.dtype))
    return total


def _stack_norm(norms: list[Tensor], norm_type: float) -> Tensor:
    """The norm of the per-gradient norms (the norm of all gradients as one vector)."""
    return stack(norms).norm(norm_type)


def clip_grad_value_(parameters: Any, clip_value: float, foreach: Any = None) -> None:
    """Clamp every gradient, in place, to ``[-clip_value, clip_value]``."""
    with grad_mode.no_grad():
        for p in _listed(parameters):
            if p.grad is not None:
                p.grad.clamp_(min=-clip_value, max=clip_value)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened into one vector."""
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters (replacing their data)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    for p in parameters:
        count = p.numel()
        p.data = vec[start:start + count].view_as(p).data
        start += count


from . import parametrize, prune, rnn  # noqa: E402 - after the functions they need
