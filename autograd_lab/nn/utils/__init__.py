"""``t.nn.utils``: ``clip_grad_norm_`` (and its parts ``get_total_norm`` and
``clip_grads_with_norm_``), ``clip_grad_value_``, ``parameters_to_vector`` and
``vector_to_parameters``, as torch defines them; ``fuse_conv_bn_eval`` / ``fuse_linear_bn_eval``
(a layer and its BatchNorm folded into one); ``parametrize`` (parameters computed by a module);
``prune`` (parameters zeroed in part by a mask); ``rnn`` (``pad_sequence``)."""

from __future__ import annotations

import types
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..._stack import outside_the_library
from ...autograd import grad_mode
from ...ops.shape import cat, stack
from ...tensor import Tensor
from .fusion import (
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
)

__all__ = ["clip_grad_norm_", "clip_grad_norm", "get_total_norm", "clip_grads_with_norm_",
           "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval",
           "fuse_linear_bn_weights", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters",
           "parametrize", "prune", "rnn"]


def _listed(parameters: Any) -> list[Tensor]:
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def get_total_norm(tensors: Any, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: Any = None) -> Tensor:
    """The ``norm_type``-norm of all ``tensors`` (gradients, say) taken as one vector: the norm
    of their norms; 0 for none. ``error_if_nonfinite``: a NaN or infinite norm raises."""
    tensors = _listed(tensors)
    norm_type = float(norm_type)  # (torch reads it so: 'inf' is math.inf)
    if not tensors:
        return Tensor._make(np.array(0.0, dtype=np.float32))
    with grad_mode.no_grad():
        total = _stack_norm([g.detach().norm(norm_type) for g in tensors], norm_type)
    if error_if_nonfinite and not bool(np.isfinite(total._data)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
            "by the non-finite norm anyway, set `error_if_nonfinite=False`")
    return total


def clip_grads_with_norm_(parameters: Any, max_norm: float, total_norm: Tensor,
                          foreach: Any = None) -> None:
    """Scale the gradients in place by ``max_norm / (total_norm + 1e-6)`` where that is below 1
    (``total_norm`` from ``get_total_norm``, perhaps gathered over several calls)."""
    grads = [p.grad for p in _listed(parameters) if p.grad is not None]
    max_norm = float(max_norm)
    if not grads:
        return
    with grad_mode.no_grad():
        coefficient = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(coefficient.to(g.dtype))


def clip_grad_norm_(parameters: Any, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """Scale the gradients in place so that their combined ``norm_type``-norm (all gradients as
    one vector) is at most ``max_norm``; returns that norm before clipping. As torch, the scale is
    ``max_norm / (norm + 1e-6)``, applied only when below 1."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        from_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if from_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                          UserWarning, stacklevel=outside_the_library())
    grads = [p.grad for p in parameters if p.grad is not None]
    total = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters: Any, max_norm: float, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """The old name of ``clip_grad_norm_`` (it warns, as torch)."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning,
                  stacklevel=outside_the_library())
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


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
