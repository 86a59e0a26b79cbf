"""The margin, embedding and likelihood losses of ``t.nn.functional``: ``margin_ranking_loss``,
``hinge_embedding_loss``, ``soft_margin_loss``, ``multilabel_soft_margin_loss``,
``cosine_embedding_loss``, ``poisson_nll_loss``, ``gaussian_nll_loss``, ``triplet_margin_loss`` and
``triplet_margin_with_distance_loss``.

torch composes all but one of them from ordinary ops (in C++ or in Python), so they are composed
here from the same ops in the same order: the graph a learner inspects is torch's, and so are the
values. A Python number meets a tensor as torch's C++ code meets it (``AddBackward1`` for
``margin + dist``) or as torch's Python code does (``AddBackward0``), whichever torch uses.
``soft_margin_loss`` is one node in torch (``SoftMarginLossBackward0``, its backward a node of its
own under ``create_graph``): an op here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._dtypes import type_name
from ..autograd import grad_mode
from ..autograd.op import Op, broadcast_error
from ..ops._grad import is_array, where, zeros_like
from ..ops.losses import (
    _loss_operands,
    _per_element,
    _reduce,
    _reduce_tangent,
    add_scalar,
    legacy_reduction,
    mul_scalar,
    sub_scalar,
)
from ..ops.reductions import pairwise_distance
from ..tensor import Tensor
from .activation_functions import logsigmoid

__all__ = ["margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss",
           "multilabel_soft_margin_loss", "cosine_embedding_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
           "multi_margin_loss", "multilabel_margin_loss"]

# torch's cosine_embedding_loss adds a C++ float constant 1e-12 to the squared norms
_COSINE_EPSILON = float(np.float32(1e-12))


def _reduced(losses: Tensor, reduction: str) -> Tensor:
    """The losses averaged, summed or kept, as torch's composite losses reduce them."""
    if reduction == "mean":
        return losses.mean()
    return losses.sum() if reduction == "sum" else losses


def _number_minus(value: float, tensor: Tensor) -> Tensor:
    """``value - tensor`` as torch's C++ code records it: ``SubBackward0``, the number a constant."""
    return Tensor._make(np.asarray(value, dtype=tensor._data.dtype)) - tensor


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average: bool | None = None, reduce: bool | None = None,
                        reduction: str = "mean") -> Tensor:
    """``max(0, -target * (input1 - input2) + margin)``: ``target`` (1 or -1) says which input
    should rank higher."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    losses = add_scalar(-target * (input1 - input2), margin).clamp_min(0)
    return _reduced(losses, reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0,
                         size_average: bool | None = None, reduce: bool | None = None,
                         reduction: str = "mean") -> Tensor:
    """``input`` where ``target`` is 1, ``max(0, margin - input)`` where it is -1 (the sum of both
    elsewhere, as torch)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    zeros = zeros_like(input)
    margin_clamp = _number_minus(margin, input).clamp_min(0)
    losses = where(target != 1, margin_clamp, zeros) + where(target != -1, input, zeros)
    return _reduced(losses, reduction)


class SoftMarginLoss(Op):
    """The reduction of ``log(1 + exp(-target * self))`` (``target`` is 1 or -1; a constant).

    Backward:  grad_self = -target * z / (1 + z) * grad,  z = exp(-target * self)
               (divided by the element count for 'mean'; the node SoftMarginLossBackward)
    Forward:   result_t = the reduction of -target * z / (1 + z) * self_t
    """

    __slots__ = ("target", "reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, reduction: str) -> Any:
        self.save_for_backward(a)
        self.target, self.reduction, self.count = target, reduction, a.size
        return _reduce(np.log(np.exp(-a * target) + 1), reduction)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return SoftMarginLossBackward.apply(grad, a, target=self.target, reduction=self.reduction)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        slopes = SoftMarginLossBackward.apply(self_t, a, target=self.target, reduction="none")
        return _reduce_tangent(slopes, self.reduction, self.count)


class SoftMarginLossBackward(Op, grad_fn_name="SoftMarginLossBackwardBackward0"):
    """soft_margin_loss's backward as an op: ``-target * z / (1 + z) * g`` for the loss's incoming
    gradient ``g``, ``z = exp(-target * self)`` (``g`` divided by the element count ``n`` for 'mean').

    Backward:  grad_g = -target * z / (1 + z) * grad / n   (summed to g's shape: this op again)
               grad_self = target**2 * z / (1 + z)**2 * g * grad / n
    Forward:   result_t = this op applied to g_t + target**2 * z / (1 + z)**2 * g / n * self_t
    """

    __slots__ = ("target", "reduction", "count")
    broadcasts = True  # (g is 0-d for 'mean' and 'sum')

    def forward(self, g: np.ndarray, a: np.ndarray, target: np.ndarray, reduction: str) -> np.ndarray:
        self.save_for_backward(g, a)
        self.target, self.reduction, self.count = target, reduction, a.size
        z = np.exp(-target * a)
        # torch's order: target * z, times -1 (over n), divided by 1 + z, times the gradient
        scale = -1.0 / max(a.size, 1) if reduction == "mean" else -1.0  # (empty: no elements)
        return (target * z * a.dtype.type(scale) / (z + 1) * g).astype(a.dtype, copy=False)

    def _again(self, g: Any, a: Any) -> Any:
        return SoftMarginLossBackward.apply(g, a, target=self.target, reduction=self.reduction)

    def _curvature(self, a: Any) -> Any:
        """Each element's second derivative: ``target**2 * z / (1 + z)**2``."""
        exponent = a * -self.target
        z = np.exp(exponent) if is_array(exponent) else exponent.exp()  # (a tensor under create_graph)
        return z * (self.target * self.target) / ((z + 1) * (z + 1))

    def backward(self, grad: Any) -> tuple:
        g, a = self.saved_tensors
        wants_g, wants_self = self.needs_input_grad
        return (self._again(grad, a) if wants_g else None,
                _per_element(grad * g, self.reduction, self.count) * self._curvature(a)
                if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, a = self.saved_tensors
        return (self._again(g_t, a)
                + _per_element(g, self.reduction, self.count) * self._curvature(a) * self_t)


def soft_margin_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                     reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """The logistic loss ``log(1 + exp(-target * input))`` of labels ``target`` in {1, -1}."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, target = _loss_operands(input, target, "soft_margin_loss")
    if target.requires_grad:
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to "
                           "argument 'target'. This input cannot have requires_grad True.")
    try:
        shape = np.broadcast_shapes(input._data.shape, target._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, target._data.shape) from None
    if shape != input._data.shape:  # torch writes the result into a tensor of input's shape
        raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast "
                           f"shape {list(shape)}")
    return SoftMarginLoss.apply(input, target=np.broadcast_to(target._data, shape),
                                reduction=reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                size_average: bool | None = None, reduce: bool | None = None,
                                reduction: str = "mean") -> Tensor:
    """The binary cross-entropy of logits ``input`` against 0/1 labels, averaged over the classes
    (the last dim) to one loss per sample, as torch's Python code computes it."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, reduction)
    losses = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        losses = losses * weight
    class_dim = input.dim() - 1
    losses = losses.sum(dim=class_dim) / input.size(class_dim)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not valid")
    return _reduced(losses, reduction)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                          size_average: bool | None = None, reduce: bool | None = None,
                          reduction: str = "mean") -> Tensor:
    """``1 - cos(input1, input2)`` where ``target`` is 1, ``max(0, cos - margin)`` where it is -1
    (the cosine over the last dim, with torch's 1e-12 added to each squared norm)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    dim = target.dim()
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1:
        expected = "1D target tensor expects 2D" if dim else "0D target tensor expects 1D"
        raise RuntimeError(f"{expected} input tensors, but found inputs with sizes "
                           f"{list(input1.shape)} and {list(input2.shape)}.")
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = add_scalar((input1 * input1).sum(dim), _COSINE_EPSILON)
    mag_square2 = add_scalar((input2 * input2).sum(dim), _COSINE_EPSILON)
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = zeros_like(cos)
    positive = where(target == 1, _number_minus(1, cos), zeros)
    negative = where(target == -1, sub_scalar(cos, margin).clamp_min(0), zeros)
    return _reduced(positive + negative, reduction)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,
                     size_average: bool | None = None, eps: float = 1e-8,
                     reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """The negative log-likelihood of counts ``target`` under a Poisson distribution of rate
    ``exp(input)`` (``input`` itself without ``log_input``, ``eps`` keeping its log finite), up to
    a constant; ``full`` adds Stirling's approximation of ``log(target!)`` where ``target > 1``."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_input:
        losses = input.exp() - target * input
    else:
        losses = input - target * add_scalar(input, eps).log()
    if full:
        stirling = (target * target.log() - target
                    + mul_scalar(mul_scalar(target, 2 * math.pi).log(), 0.5))
        losses = losses + stirling.masked_fill(target <= 1, 0)
    return _reduced(losses, reduction)


def _gaussian_var(input: Tensor, var: Tensor | float) -> Tensor:
    """``var`` checked and shaped as torch's gaussian_nll_loss does: non-negative, and either
    input's size, input's size without its last dim (then unsqueezed), or input's size with one
    dim of size 1."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        from ..creation import ones_like

        var = var * ones_like(input)
    elif (var < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.size() == input.size():
        return var
    if input.size()[:-1] == var.size():
        return var.unsqueeze(-1)
    if input.ndim == var.ndim and sum(
            b for a, b in zip(input.size(), var.size(), strict=True) if a != b) == 1:
        return var
    raise ValueError("var is of incorrect size")


def gaussian_nll_loss(input: Tensor, target: Tensor, var: Tensor | float, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """The negative log-likelihood of ``target`` under normal distributions of mean ``input`` and
    variance ``var`` (floored at ``eps`` without a gradient through the floor), as torch's Python
    code computes it; ``full`` adds the constant ``log(2 pi) / 2``."""
    var = _gaussian_var(input, var)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not valid")
    var = var.clone()
    with grad_mode.no_grad():  # the floor is a value fix, not part of the function differentiated
        var.clamp_(min=eps)
    losses = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        losses = losses + 0.5 * math.log(2 * math.pi)
    return _reduced(losses, reduction)


def _check_triplet(anchor: Tensor, positive: Tensor, negative: Tensor) -> None:
    """torch's check that a triplet's tensors have one number of dims."""
    a_dim, p_dim, n_dim = anchor.ndim, positive.ndim, negative.ndim
    if not (a_dim == p_dim and p_dim == n_dim):
        raise RuntimeError(
            f"The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative {n_dim}D inputs")


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0,
                        p: float = 2, eps: float = 1e-6, swap: bool = False,
                        size_average: bool | None = None, reduce: bool | None = None,
                        reduction: str = "mean") -> Tensor:
    """``max(0, d(anchor, positive) - d(anchor, negative) + margin)`` with ``d`` the pairwise
    ``p``-distance; ``swap`` uses the closer of ``d(anchor, negative)`` and
    ``d(positive, negative)``."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet(anchor, positive, negative)
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        from ..ops.elementwise import minimum

        dist_neg = minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduced((add_scalar(dist_pos, margin) - dist_neg).clamp_min(0), reduction)


def triplet_margin_with_distance_loss(
        anchor: Tensor, positive: Tensor, negative: Tensor, *,
        distance_function: Callable[[Tensor, Tensor], Tensor] | None = None, margin: float = 1.0,
        swap: bool = False, reduction: str = "mean") -> Tensor:
    """The triplet margin loss with any ``distance_function`` (``pairwise_distance`` by default),
    as torch's Python code computes it."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet(anchor, positive, negative)
    distance = distance_function if distance_function is not None else pairwise_distance
    dist_pos = distance(anchor, positive)
    dist_neg = distance(anchor, negative)
    if swap:
        from ..ops.elementwise import minimum

        dist_neg = minimum(dist_neg, distance(positive, negative))
    return _reduced((margin + dist_pos - dist_neg).clamp_min(0), reduction)


# -- multi-class margin losses: one node each in torch, with no derivative of their backward ------


def _backward_without_derivative(formula: Callable[[Any, np.ndarray], np.ndarray], grad: Any,
                                 a: Any, aten_name: str) -> Any:
    """``formula(grad, a)`` on arrays; under ``create_graph`` (tensors), recorded as torch records
    these losses' backward: a ``NotImplemented`` node, which a second derivative cannot pass."""
    if is_array(a):
        return formula(grad, a)
    from ..ops.elementwise import NotDifferentiable

    g = grad._data if isinstance(grad, Tensor) else grad
    return NotDifferentiable.apply(a, compute=lambda x: formula(g, x), aten_name=aten_name)


def _sample_grads(grad: Any, reduction: str, samples: int) -> Any:
    """The gradient each sample's loss receives (a column, to scale that sample's row)."""
    if reduction == "none":
        return np.reshape(grad, (samples, 1))
    return grad / samples if reduction == "mean" else grad


class MultiMarginLoss(Op):
    """The multi-class hinge loss: per sample (row of ``C`` scores ``x``, class ``y``),
    ``sum over j != y of w[y] * max(0, margin - x[y] + x[j])**p / C``, then reduced over samples.

    Backward:  grad_x[j] = grad * w[y] * p * max(0, z_j)**(p - 1) / C for j != y
               (z_j = margin - x[y] + x[j], the step [z_j > 0] for p = 1),
               grad_x[y] = -(the sum of the others)   (divided by N for 'mean'; torch records no
               derivative of this backward)
    """

    __slots__ = ("classes", "p", "margin", "weight", "reduction", "shape")

    def forward(self, a: np.ndarray, classes: np.ndarray, p: int, margin: float,
                weight: np.ndarray | None, reduction: str, shape: tuple[int, ...]) -> Any:
        self.save_for_backward(a)
        self.classes, self.p, self.margin, self.weight = classes, p, margin, weight
        self.reduction, self.shape = reduction, shape
        rows = a.reshape(len(classes), -1)
        z = self._margins(rows)
        hinge = np.maximum(z, 0)
        losses = (hinge if p == 1 else hinge * hinge) * self._row_weights(rows.dtype)
        losses = losses.sum(axis=1) / rows.dtype.type(rows.shape[1])
        return _reduce(losses, reduction).reshape(shape) if reduction == "none" else \
            _reduce(losses, reduction)

    def _margins(self, rows: np.ndarray) -> np.ndarray:
        """``margin - x[y] + x[j]`` for each class ``j``, 0 at the sample's own class."""
        picked = np.take_along_axis(rows, self.classes[:, None], axis=1)
        z = self.margin - picked + rows
        np.put_along_axis(z, self.classes[:, None], 0, axis=1)
        return z

    def _row_weights(self, dtype: np.dtype) -> Any:
        """Each sample's class weight (a column), or 1."""
        return 1 if self.weight is None else self.weight[self.classes][:, None].astype(dtype)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return _backward_without_derivative(self._input_grad, grad, a,
                                            "multi_margin_loss_backward")

    def _input_grad(self, grad: Any, a: np.ndarray) -> np.ndarray:
        rows = a.reshape(len(self.classes), -1)
        z = self._margins(rows)
        slopes = np.where(z > 0, 1 if self.p == 1 else 2 * z, 0) * self._row_weights(rows.dtype)
        slopes = slopes / rows.dtype.type(rows.shape[1])
        np.put_along_axis(slopes, self.classes[:, None], -slopes.sum(axis=1, keepdims=True), axis=1)
        samples = _sample_grads(np.asarray(grad), self.reduction, len(self.classes))
        return (slopes * samples).astype(a.dtype, copy=False).reshape(a.shape)


def _margin_input_rows(input: Tensor) -> int:
    """The number of samples of a multi-class margin loss's input (a vector is one sample)."""
    if input.ndim not in (1, 2) or input.numel() == 0 and input.ndim == 1:
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, "
                           f"but got: {list(input.shape)}")
    return 1 if input.ndim == 1 else input.shape[0]


def _long_target(target: Tensor) -> np.ndarray:
    """The class indices (torch takes int64 only)."""
    if target._data.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {type_name(target._data.dtype)}")
    return target._data


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1,
                      weight: Tensor | None = None, size_average: bool | None = None,
                      reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """The multi-class hinge loss of scores ``input`` (``(N, C)`` or ``(C,)``) against class
    indices ``target``: each wrong class within ``margin`` of the right one costs (``p`` = 1 or 2)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    samples = _margin_input_rows(input)
    classes = _long_target(target)
    if not (classes.ndim <= 1 and classes.size == samples) or (input.ndim == 2 and classes.ndim != 1):
        raise RuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
            f"samples (batch size). Expected target size [{samples}], but got "
            f"{list(target.shape)}. Input has shape {list(input.shape)}.")
    count = input.shape[-1]
    if classes.size and (classes.min() < 0 or classes.max() >= count):
        raise RuntimeError("target out of range")
    fixed = None
    if weight is not None:
        if weight.numel() != count:
            raise RuntimeError(f"inconsistent weight size, expected {count} but got "
                               f"{list(weight.shape)}")
        if weight._data.dtype != input._data.dtype:
            raise RuntimeError(f"expected scalar type {type_name(input._data.dtype)} but found "
                               f"{type_name(weight._data.dtype)}")
        if weight.requires_grad:
            raise RuntimeError("The function 'multi_margin_loss' is not differentiable with "
                               "respect to argument 'weight'. This input cannot have "
                               "requires_grad True.")
        fixed = weight._data
    return MultiMarginLoss.apply(input, classes=classes.reshape(-1), p=p, margin=float(margin),
                                 weight=fixed, reduction=reduction, shape=target.shape)


class MultilabelMarginLoss(Op):
    """The multi-label hinge loss: per sample (``C`` scores ``x``; its target classes, listed in
    its target row up to the first -1), ``sum over targets j and other classes k of
    max(0, 1 - (x[j] - x[k])) / C``, then reduced over samples.

    Backward:  grad_x[j] -= grad / C and grad_x[k] += grad / C for each pair with a positive hinge
               (divided by N for 'mean'; torch records no derivative of this backward)
    """

    __slots__ = ("targets", "reduction", "shape")

    @classmethod
    def aten_name(cls) -> str:
        return "multilabel_margin_loss_forward"  # torch's name in its forward-mode error

    def forward(self, a: np.ndarray, targets: np.ndarray, reduction: str,
                shape: tuple[int, ...]) -> Any:
        self.save_for_backward(a)
        self.targets, self.reduction, self.shape = targets, reduction, shape
        rows = a.reshape(targets.shape)
        hinges, _ = self._hinges(rows)
        losses = hinges.sum(axis=(1, 2)) / rows.dtype.type(rows.shape[1])
        return _reduce(losses, reduction).reshape(shape) if reduction == "none" else \
            _reduce(losses, reduction)

    def _hinges(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``max(0, 1 - x[j] + x[k])`` for each listed target ``j`` (axis 1, duplicates counting
        again, as torch) and each class ``k`` that is not a target (axis 2), and which pairs count."""
        listed = np.cumprod(self.targets >= 0, axis=1).astype(bool)  # up to the first -1
        picked = np.take_along_axis(rows, np.where(listed, self.targets, 0), axis=1)
        is_target = np.zeros(rows.shape, dtype=bool)
        samples = np.nonzero(listed)[0]
        is_target[samples, self.targets[listed]] = True
        pairs = listed[:, :, None] & ~is_target[:, None, :]
        z = 1 - picked[:, :, None] + rows[:, None, :]
        return np.where(pairs, np.maximum(z, 0), 0).astype(rows.dtype, copy=False), pairs & (z > 0)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return _backward_without_derivative(self._input_grad, grad, a,
                                            "multilabel_margin_loss_backward")

    def _input_grad(self, grad: Any, a: np.ndarray) -> np.ndarray:
        rows = a.reshape(self.targets.shape)
        _, active = self._hinges(rows)
        active = active.astype(rows.dtype) / rows.dtype.type(rows.shape[1])
        result = active.sum(axis=1)  # each other class k: +1/C per active pair
        listed = np.where(self.targets >= 0, self.targets, 0)
        np.add.at(result, (np.arange(len(rows))[:, None], listed), -active.sum(axis=2))
        samples = _sample_grads(np.asarray(grad), self.reduction, len(rows))
        return (result * samples).astype(a.dtype, copy=False).reshape(a.shape)


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                           reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """The multi-label hinge loss of scores ``input`` (``(N, C)`` or ``(C,)``) against target
    classes ``target`` (same shape; each row lists its classes, ended by -1): every target class
    should score at least 1 above every other class."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    samples = _margin_input_rows(input)
    targets = _long_target(target)
    if target.shape != input.shape:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(input.shape)}")
    count = input.shape[-1]
    targets = targets.reshape(samples, count)
    if ((targets < -1) | (targets >= count)).any():
        raise RuntimeError("argument #2 'target' is out of range")
    # (an entry after the first -1 is not read, but torch checks its range too)
    return MultilabelMarginLoss.apply(input, targets=targets, reduction=reduction,
                                      shape=() if input.ndim == 1 else (samples,))
