"""The losses ``smooth_l1_loss``, ``huber_loss`` and ``kl_div`` (``t.nn.functional`` offers them).

``smooth_l1_loss`` and ``huber_loss`` are one node each in torch (``SmoothL1LossBackward0``,
``HuberLossBackward0``), with their backward a node of its own under ``create_graph``
(``SmoothL1LossBackwardBackward0``, ...): ops here, as ``mse_loss`` is. ``kl_div`` is built from ops
exactly as torch builds it, so its graph is torch's.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..autograd.op import Op
from ..ops._grad import where
from ..ops.elementwise import Xlogy
from ..ops.losses import (
    _broadcast_pair,
    _loss_operands,
    _per_element,
    _reduce,
    _reduce_tangent,
    cast_error,
    legacy_reduction,
)
from ..tensor import Tensor

__all__ = ["smooth_l1_loss", "huber_loss", "kl_div"]


class SmoothL1Loss(Op):
    """The reduction of ``0.5 * d**2 / beta`` where ``|d| < beta``, ``|d| - 0.5 * beta`` elsewhere,
    ``d = self - target``: squared near zero, absolute far from it.

    Backward:  grad_self = slope(d) * grad,  slope(d) = d / beta where |d| <= beta, sign(d) elsewhere
               grad_target = slope(target - self) * grad   (the node SmoothL1LossBackward, for target
               with the roles swapped)
    Forward:   result_t = the reduction of slope(d) * (self_t - target_t)
    """

    __slots__ = ("reduction", "count", "beta")

    def forward(self, a: np.ndarray, target: np.ndarray, reduction: str, beta: float) -> Any:
        self.save_for_backward(a, target)
        self.reduction, self.count, self.beta = reduction, a.size, beta
        return _reduce(self._losses(a - target, beta), reduction)

    @staticmethod
    def _losses(d: np.ndarray, beta: float) -> np.ndarray:
        size = np.abs(d)
        return np.where(size < beta, 0.5 * d * d / beta, size - 0.5 * beta).astype(d.dtype, copy=False)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        wants_self, wants_target = self.needs_input_grad
        return (self._backward_op(grad, a, target) if wants_self else None,
                self._backward_op(grad, target, a) if wants_target else None)

    def jvp(self, self_t: Any, target_t: Any) -> Any:
        a, target = self.saved_tensors
        slopes = self._backward_op(self_t - target_t, a, target, reduction="none")
        return _reduce_tangent(slopes, self.reduction, self.count)

    def _backward_op(self, g: Any, a: Any, target: Any, reduction: str | None = None) -> Any:
        """This loss's backward node applied to ``g`` (with this loss's reduction by default)."""
        return SmoothL1LossBackward.apply(g, a, target, reduction=reduction or self.reduction,
                                          beta=self.beta)


class HuberLoss(SmoothL1Loss):
    """The reduction of ``0.5 * d**2`` where ``|d| < delta``, ``delta * (|d| - 0.5 * delta)``
    elsewhere, ``d = self - target`` (``delta`` times smooth_l1_loss with ``beta = delta``).

    Backward:  grad_self = slope(d) * grad,  slope(d) = d where |d| <= delta, delta * sign(d)
               elsewhere;  grad_target = slope(target - self) * grad   (the node HuberLossBackward)
    Forward:   result_t = the reduction of slope(d) * (self_t - target_t)
    """

    __slots__ = ()

    @staticmethod
    def _losses(d: np.ndarray, beta: float) -> np.ndarray:
        size = np.abs(d)
        return np.where(size < beta, 0.5 * d * d, beta * (size - 0.5 * beta)).astype(d.dtype,
                                                                                    copy=False)

    def _backward_op(self, g: Any, a: Any, target: Any, reduction: str | None = None) -> Any:
        return HuberLossBackward.apply(g, a, target, reduction=reduction or self.reduction,
                                       beta=self.beta)


class SmoothL1LossBackward(Op, grad_fn_name="SmoothL1LossBackwardBackward0"):
    """smooth_l1_loss's backward as an op: ``slope(self - target) * g`` for the loss's incoming
    gradient ``g`` (divided by the element count ``n`` for ``'mean'``).

    Backward:  grad_g = slope(self - target) * grad / n   (summed to g's shape: this op again)
               grad_self = grad * g / beta / n where |self - target| < beta (0 elsewhere),
               grad_target = -grad_self
    Forward:   result_t = slope(d) * g_t / n + (self_t - target_t) * g / beta / n where |d| < beta
    """

    __slots__ = ("reduction", "count", "beta")
    broadcasts = True  # (g is 0-d for 'mean' and 'sum')

    def forward(self, g: np.ndarray, a: np.ndarray, target: np.ndarray, reduction: str,
                beta: float) -> np.ndarray:
        self.save_for_backward(g, a, target)
        self.reduction, self.count, self.beta = reduction, a.size, beta
        d = a - target
        return self._slope(d, beta) * _per_element(g, reduction, a.size)

    @staticmethod
    def _slope(d: np.ndarray, beta: float) -> np.ndarray:
        return np.where(d < -beta, -1, np.where(d > beta, 1, d / beta)).astype(d.dtype, copy=False)

    def _again(self, g: Any, a: Any, target: Any) -> Any:
        """This op applied again (to another gradient or a tangent)."""
        return SmoothL1LossBackward.apply(g, a, target, reduction=self.reduction, beta=self.beta)

    def _curvature(self, a: Any, target: Any) -> Any:
        """The second derivative of each element's loss: ``1 / beta`` inside ``|d| < beta``, else 0."""
        return where(np.abs(a - target) < self.beta, 1 / self.beta, 0)

    def backward(self, grad: Any) -> tuple:
        g, a, target = self.saved_tensors
        wants_g, wants_self, wants_target = self.needs_input_grad
        curved = _per_element(grad * g, self.reduction, self.count) * self._curvature(a, target)
        return (self._again(grad, a, target) if wants_g else None,
                curved if wants_self else None,
                -curved if wants_target else None)

    def jvp(self, g_t: Any, self_t: Any, target_t: Any) -> Any:
        g, a, target = self.saved_tensors
        return (self._again(g_t, a, target) + _per_element(g, self.reduction, self.count)
                * (self_t - target_t) * self._curvature(a, target))


class HuberLossBackward(SmoothL1LossBackward, grad_fn_name="HuberLossBackwardBackward0"):
    """huber_loss's backward as an op: ``slope(self - target) * g`` (divided by ``n`` for 'mean').

    Backward:  grad_g = slope(self - target) * grad / n   (this op again)
               grad_self = grad * g / n where |self - target| < delta (0 elsewhere),
               grad_target = -grad_self
    Forward:   result_t = slope(d) * g_t / n + (self_t - target_t) * g / n where |d| < delta
    """

    __slots__ = ()

    @staticmethod
    def _slope(d: np.ndarray, beta: float) -> np.ndarray:
        return np.where(d < -beta, -beta, np.where(d > beta, beta, d)).astype(d.dtype, copy=False)

    def _again(self, g: Any, a: Any, target: Any) -> Any:
        return HuberLossBackward.apply(g, a, target, reduction=self.reduction, beta=self.beta)

    def _curvature(self, a: Any, target: Any) -> Any:
        return where(np.abs(a - target) < self.beta, 1.0, 0)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                   reduce: bool | None = None, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """Squared error (halved, over ``beta``) where ``|input - target| < beta``, absolute error
    (less ``beta / 2``) elsewhere; ``beta = 0`` is ``l1_loss``, as in torch."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        from ..ops.losses import l1_loss

        return l1_loss(input, target, reduction=reduction)
    input, target = _broadcast_pair(*_loss_operands(input, target, "smooth_l1_loss",
                                                    "smooth_l1_cpu"))
    return SmoothL1Loss.apply(input, target, reduction=reduction, beta=float(beta))


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """Squared error (halved) where ``|input - target| < delta``, ``delta`` times the absolute error
    (less ``delta / 2``) elsewhere."""
    if weight is not None:
        raise NotImplementedError("autograd_lab's huber_loss takes no weight")
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    reduction = legacy_reduction(None, None, reduction)
    given = input._data.dtype if isinstance(input, Tensor) else None
    input, target = _broadcast_pair(*_loss_operands(input, target, "huber_loss", "huber_cpu"))
    if given is not None and given.kind not in "fV":  # torch writes huber's result in input's dtype
        raise cast_error(input._data.dtype, given)
    return HuberLoss.apply(input, target, reduction=reduction, beta=float(delta))


def kl_div(input: Tensor, target: Tensor, size_average: bool | None = None,
           reduce: bool | None = None, reduction: str = "mean", log_target: bool = False) -> Tensor:
    """The Kullback-Leibler divergence of ``target`` from ``input`` (log-probabilities), built as
    torch builds it: ``xlogy(target, target) - target * input`` (``exp(target) * (target - input)``
    with ``log_target``), then reduced; ``'batchmean'`` is the sum divided by the batch size."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, "mean")
    elif reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support size."
            "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
            "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
            UserWarning, stacklevel=2)
    elif reduction not in ("batchmean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_target:
        losses = target.exp() * (target - input)
    else:
        losses = _xlogy_self(target) - target * input
    if reduction == "batchmean" and input.ndim != 0:
        return losses.sum() / input.shape[0]
    if reduction in ("mean", "batchmean"):
        return losses.mean()
    return losses.sum() if reduction == "sum" else losses


def _xlogy_self(target: Tensor) -> Tensor:
    """``target * log(target)``, 0 where ``target`` is 0: torch's ``xlogy(target, target)`` (the op
    itself, so a target's forward-mode tangent goes through it too)."""
    return Xlogy.apply(target, target)
