"""Loss functions: ``mse_loss``, ``l1_loss``, ``nll_loss``, ``cross_entropy``, ``binary_cross_entropy``,
``binary_cross_entropy_with_logits`` (what ``t.nn.functional`` offers under those names).

The losses torch computes as one node (``MseLossBackward0``, ``NllLossBackward0``, ...) are ops here,
forward and backward side by side as plain math. Where torch records a loss's backward as a node of
its own under ``create_graph`` (``MseLossBackwardBackward0``, ``NllLossBackwardBackward0``,
``BinaryCrossEntropyBackwardBackward0``), the backward applies that op, so a second derivative goes
through torch's nodes and formulas. The other losses are built from ops exactly as torch builds
them, so the graph a learner inspects is torch's: ``cross_entropy`` is ``nll_loss(log_softmax(x))``,
``l1_loss`` is ``(x - y).abs().mean()``.

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'`` (one loss per element / sample). In the
backward formulas ``grad`` is the gradient of the reduced loss: for ``'mean'`` it is divided by the
number of terms (or by the total weight, for weighted ``nll_loss``). Checks of the arguments, with
torch's messages, are in the public functions.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._dtypes import int64, type_name
from ..autograd.op import Op, broadcast_error
from ..autograd.record import note, watching
from ..tensor import Tensor
from ._args import binary_operands
from ._grad import where, zeros_like
from .arithmetic import MulScalar
from .elementwise import Sigmoid

__all__ = ["mse_loss", "l1_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "add_scalar", "sub_scalar", "mul_scalar",
           "div_scalar"]

_REDUCTIONS = ("none", "mean", "sum")
_BCE_EPSILON = 1e-12  # torch's floor on x * (1 - x) in the BCE gradient
_LOG_FLOOR = -100.0  # torch clamps log(x) and log(1 - x) at -100, so a confident mistake costs 100


def _reduce(losses: np.ndarray, reduction: str) -> Any:
    """The losses summed (``'sum'``), averaged (``'mean'``: sum / count, as torch, so an empty input
    gives NaN) or kept (``'none'``)."""
    if reduction == "mean":
        return losses.sum() / losses.dtype.type(losses.size)
    if reduction == "sum":
        return losses.sum()
    return losses


def _reduce_tangent(tangents: Any, reduction: str, count: int) -> Any:
    """The losses' tangents reduced as the losses are (``count`` of them): arrays or tensors."""
    if reduction == "mean":
        return tangents.sum() / count
    return tangents.sum() if reduction == "sum" else tangents


def _per_element(grad: Any, reduction: str, count: int) -> Any:
    """The gradient each element's loss receives from the reduced loss's gradient ``grad``."""
    return grad / count if reduction == "mean" else grad


# -- scalar overloads that torch's composite losses use ------------------------------------------


class AddScalar(Op, torch_name="Add", overload=1):
    """A tensor plus a Python number, as torch's C++ code computes it (``add.Scalar``).

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        return a + other

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class SubScalar(Op, torch_name="Sub", overload=1):
    """A tensor less a Python number, as torch's C++ code computes it (``sub.Scalar``).

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        return a - other

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class DivScalar(Op, torch_name="Div", overload=1):
    """A tensor divided by a Python number, as torch's C++ code computes it (``div.Scalar``).

    Backward:  grad_self = grad / other
    Forward:   result_t = self_t / other
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        self.other = other
        return a / other

    def backward(self, grad: Any) -> Any:
        return grad / self.other

    def jvp(self, self_t: Any) -> Any:
        return self_t / self.other


def add_scalar(input: Tensor, other: float) -> Tensor:
    """``input + other`` recorded as torch's ``AddBackward1`` (a number, not a tensor, on the right)."""
    return AddScalar.apply(input, other=other)


def sub_scalar(input: Tensor, other: float) -> Tensor:
    """``input - other`` recorded as torch's ``SubBackward1``."""
    return SubScalar.apply(input, other=other)


def mul_scalar(input: Tensor, other: float) -> Tensor:
    """``input * other`` recorded as torch's ``MulBackward1`` (a number, not a tensor, on the right)."""
    return MulScalar.apply(input, other=other)


def div_scalar(input: Tensor, other: float) -> Tensor:
    """``input / other`` recorded as torch's ``DivBackward1``."""
    return DivScalar.apply(input, other=other)


# -- mean squared error --------------------------------------------------------------------------


class MseLoss(Op):
    """Mean squared error: the reduction of ``(self - target) ** 2``.

    Backward:  grad_self = 2 * (self - target) * grad,  grad_target = 2 * (target - self) * grad
               (the node MseLossBackward, for target with the roles swapped)
    Forward:   result_t = the reduction of 2 * (self - target) * (self_t - target_t)
    """

    __slots__ = ("reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, reduction: str = "mean") -> Any:
        self.save_for_backward(a, target)
        self.reduction, self.count = reduction, a.size
        difference = a - target
        return _reduce(difference * difference, reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        wants_self, wants_target = self.needs_input_grad
        # torch differentiates w.r.t. target by swapping the roles (so a zero stays +0, not -0)
        return (MseLossBackward.apply(grad, a, target, reduction=self.reduction) if wants_self
                else None,
                MseLossBackward.apply(grad, target, a, reduction=self.reduction) if wants_target
                else None)

    def jvp(self, self_t: Any, target_t: Any) -> Any:
        a, target = self.saved_tensors
        return _reduce_tangent((a - target) * (self_t - target_t) * 2, self.reduction, self.count)


class MseLossBackward(Op, grad_fn_name="MseLossBackwardBackward0"):
    """mse_loss's backward as an op: ``2 * (self - target) * g`` for the loss's incoming gradient
    ``g`` (divided by the element count ``n`` for ``'mean'``).

    Backward:  grad_g = 2 * (self - target) * grad / n   (summed to g's shape: this op again)
               grad_self = 2 * grad * g / n,  grad_target = -2 * grad * g / n
    Forward:   result_t = 2 * ((self - target) * g_t + (self_t - target_t) * g) / n   (this op twice)
    """

    __slots__ = ("reduction", "count")
    broadcasts = True  # (g is 0-d for 'mean' and 'sum')

    def forward(self, g: np.ndarray, a: np.ndarray, target: np.ndarray, reduction: str) -> np.ndarray:
        self.save_for_backward(g, a, target)
        self.reduction, self.count = reduction, a.size
        return (a - target) * (_per_element(g, reduction, a.size) * 2)

    def backward(self, grad: Any) -> tuple:
        g, a, target = self.saved_tensors
        wants_g, wants_self, wants_target = self.needs_input_grad
        curvature = _per_element(grad * g, self.reduction, self.count) * 2
        return (MseLossBackward.apply(grad, a, target, reduction=self.reduction) if wants_g
                else None,
                curvature if wants_self else None,
                -curvature if wants_target else None)

    def jvp(self, g_t: Any, self_t: Any, target_t: Any) -> Any:
        g, a, target = self.saved_tensors
        return (MseLossBackward.apply(g_t, a, target, reduction=self.reduction)
                + MseLossBackward.apply(g, self_t, target_t, reduction=self.reduction))


def _check_reduction(reduction: str) -> str:
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' "
                      "instead.", stacklevel=3)
        return "mean"
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def legacy_reduction(size_average: bool | None, reduce: bool | None, reduction: str) -> str:
    """torch's old ``size_average``/``reduce`` flags, translated to ``reduction`` (with its warning)."""
    if size_average is None and reduce is None:
        return _check_reduction(reduction)
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    result = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{result}' "
                  "instead.", stacklevel=3)
    return result


def _broadcast_pair(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """torch's losses broadcast target and input against each other (after warning that they
    differ): each tensor that needs it is expanded (``ExpandBackward0``)."""
    if input.shape == target.shape:
        return input, target
    warnings.warn(
        f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have "
        "the same size.", UserWarning, stacklevel=3)
    try:
        shape = np.broadcast_shapes(input._data.shape, target._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, target._data.shape) from None
    return (input if input._data.shape == shape else input.expand(shape),
            target if target._data.shape == shape else target.expand(shape))


def mse_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
             reduce: bool | None = None, reduction: str = "mean", weight: Any = None) -> Tensor:
    """Mean squared error between ``input`` and ``target`` (same shape, or broadcast with a warning)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, target = _broadcast_pair(*_loss_operands(input, target, "mse_loss", "mse_cpu"))
    return MseLoss.apply(input, target, reduction=reduction)


def l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
            reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """Mean absolute error, built as torch builds it: ``(input - target).abs().mean()``."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, target = _broadcast_pair(*_loss_operands(input, target, "l1_loss"))
    losses = (input - target).abs()
    if reduction == "mean":
        return losses.mean()
    return losses.sum() if reduction == "sum" else losses


# -- negative log-likelihood (and cross-entropy on top of it) ------------------------------------


@dataclass(frozen=True)
class Targets:
    """``nll_loss``'s targets as its public function reads them (after checking their bounds): each
    sample's class (an ignored sample reads class 0), its weight (its class's weight; 0 for an
    ignored sample), which samples are ignored, and the targets' shape (a ``'none'`` result's)."""

    classes: np.ndarray
    weights: np.ndarray
    ignored: np.ndarray
    shape: tuple[int, ...]


def _class_axis(ndim: int) -> int:
    """Where the classes are: dim 1, or dim 0 for a single sample."""
    return 1 if ndim > 1 else 0


def _class_rows(a: np.ndarray) -> np.ndarray:
    """The scores as one row of classes per sample: ``(C,)`` is one row, ``(N, C)`` itself,
    ``(N, C, H, W)`` one row per pixel."""
    axis = _class_axis(a.ndim)
    if axis < a.ndim - 1:  # (N, C, H, W): the classes moved last first
        a = np.moveaxis(a, axis, -1)
    return a.reshape((-1, a.shape[-1]))


def _from_class_rows(rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Rows of classes put back in the layout of scores of ``shape`` (``_class_rows`` undone)."""
    axis = _class_axis(len(shape))
    if axis == len(shape) - 1:  # (C,) or (N, C): the rows are the layout
        return rows.reshape(shape)
    moved = shape[:axis] + shape[axis + 1:] + shape[axis:axis + 1]
    return np.moveaxis(rows.reshape(moved), -1, axis)


class NllLoss(Op):
    """Negative log-likelihood: for each sample ``i`` with target class ``c``, the loss is
    ``-weight[c] * self[i, c]`` (0 for an ignored sample); ``'mean'`` divides their sum by the total
    weight of the samples.

    Backward:  grad_self[i, target[i]] = -weight[target[i]] * grad / total_weight,  0 elsewhere
               (0 for ignored samples, even where grad is infinite: the node NllLossBackward)
    Forward:   result_t = nll_loss(self_t)   (the same picks and weights, of self_t)
    """

    __slots__ = ("targets", "reduction", "total_weight")

    def forward(self, a: np.ndarray, targets: Targets, reduction: str) -> Any:
        self.save_for_backward(a)
        self.targets, self.reduction = targets, reduction
        rows = _class_rows(a)
        picked = rows[np.arange(len(rows)), targets.classes]
        losses = np.where(targets.ignored, 0, -picked * targets.weights)  # (ignored: +0, as torch)
        self.total_weight = targets.weights.sum()
        if reduction == "none":
            return losses.reshape(targets.shape)
        total = losses.sum()
        return total / self.total_weight if reduction == "mean" else total

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return NllLossBackward.apply(grad, a, targets=self.targets, reduction=self.reduction,
                                     total_weight=self.total_weight)

    def jvp(self, self_t: Any) -> Any:
        return NllLoss.apply(self_t, targets=self.targets, reduction=self.reduction)


class NllLossBackward(Op, grad_fn_name="NllLossBackwardBackward0"):
    """nll_loss's backward as an op: zeros of ``self``'s shape, with ``-weight[c] * g / total_weight``
    at each sample's target class ``c`` (nothing for an ignored sample), for the loss's incoming
    gradient ``g`` (one per sample for ``'none'``; not divided for ``'sum'`` and ``'none'``).

    Backward:  grad_g = nll_loss(grad)   (the same picks, of grad: NllLoss again),  grad_self = 0
    Forward:   result_t = NllLossBackward(g_t)   (this op again, of g_t)
    """

    __slots__ = ("targets", "reduction", "total_weight")

    def forward(self, g: np.ndarray, a: np.ndarray, targets: Targets, reduction: str,
                total_weight: Any) -> np.ndarray:
        self.targets, self.reduction, self.total_weight = targets, reduction, total_weight
        scale = g / total_weight if reduction == "mean" else g
        # scattered already scaled: a class nobody picked stays 0 even where g is infinite
        picked = np.where(targets.ignored, 0, -scale.reshape(-1) * targets.weights)
        rows = np.zeros_like(g, shape=_class_rows(a).shape)
        rows[np.arange(len(rows)), targets.classes] = picked
        return _from_class_rows(rows, a.shape)

    def backward(self, grad: Any) -> tuple:
        wants_g, wants_self = self.needs_input_grad
        return (NllLoss.apply(grad, targets=self.targets, reduction=self.reduction) if wants_g
                else None, zeros_like(grad) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        # (self_t: only its shape is read, self's)
        return NllLossBackward.apply(g_t, self_t, targets=self.targets, reduction=self.reduction,
                                     total_weight=self.total_weight)


class NllLoss2d(NllLoss, torch_name="NllLoss2D"):
    """Negative log-likelihood for an image of predictions ``(N, C, H, W)`` and targets ``(N, H, W)``:
    ``nll_loss`` with one sample per pixel.

    Backward:  grad_self[n, target[n, h, w], h, w] = -weight[target] * grad / total_weight,  0 elsewhere
               (the node NllLoss2dBackward)
    Forward:   result_t = nll_loss2d(self_t)
    """

    __slots__ = ()

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return NllLoss2dBackward.apply(grad, a, targets=self.targets, reduction=self.reduction,
                                       total_weight=self.total_weight)

    def jvp(self, self_t: Any) -> Any:
        return NllLoss2d.apply(self_t, targets=self.targets, reduction=self.reduction)


class NllLoss2dBackward(NllLossBackward, grad_fn_name="NllLoss2DBackwardBackward0"):
    """nll_loss2d's backward as an op (``NllLossBackward``, one sample per pixel).

    Backward:  grad_g = nll_loss2d(grad)   (NllLoss2d again),  grad_self = 0
    Forward:   result_t = NllLoss2dBackward(g_t)   (this op again, of g_t)
    """

    __slots__ = ()

    def backward(self, grad: Any) -> tuple:
        wants_g, wants_self = self.needs_input_grad
        return (NllLoss2d.apply(grad, targets=self.targets, reduction=self.reduction) if wants_g
                else None, zeros_like(grad) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        # (self_t: only its shape is read, self's)
        return NllLoss2dBackward.apply(g_t, self_t, targets=self.targets, reduction=self.reduction,
                                       total_weight=self.total_weight)


def _read_targets(target: np.ndarray, weight: np.ndarray | None, ignore_index: int, classes: int,
                 dtype: np.dtype) -> Targets:
    """Each sample's class and weight, with torch's error for a target out of bounds (an ignored
    one may be anything)."""
    flat = target.reshape(-1)
    ignored = flat == ignore_index
    out_of_bounds = ((flat < 0) | (flat >= classes)) & ~ignored
    if out_of_bounds.any():
        raise IndexError(f"Target {flat[out_of_bounds.argmax()]} is out of bounds.")
    safe = np.where(ignored, 0, flat)
    class_weights = np.ones(classes, dtype=dtype) if weight is None else weight
    return Targets(safe, np.where(ignored, 0, class_weights[safe]), ignored, target.shape)


def _check_nll_arguments(input: Tensor, target: Tensor, weight: Tensor | None) -> None:
    """torch's checks of nll_loss's arguments, in torch's order (read from the arrays: this runs on
    every training step)."""
    scores, targets = input._data, target._data
    if scores.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {scores.ndim})")
    target_batch = targets.shape[0] if targets.ndim else None
    if scores.ndim != 1 and scores.shape[0] != target_batch:
        raise ValueError(f"Expected input batch_size ({scores.shape[0]}) to match target batch_size "
                         f"({target_batch}).")
    classes = scores.shape[1] if scores.ndim > 1 else scores.shape[0]
    if weight is not None:
        if weight.requires_grad:
            raise RuntimeError("The function 'nll_loss_forward' is not differentiable with respect "
                               "to argument 'weight'. This input cannot have requires_grad True.")
        if weight.numel() != classes:
            raise RuntimeError(
                f"weight tensor should be defined either for all {classes} classes or no classes but "
                f"got weight tensor of shape: {list(weight.shape)}")
    if scores.ndim == 1 and targets.ndim == 1 and targets.shape[0] != 1:
        raise ValueError(
            f"For 1D input, 1D target must have size 1, but got target size: {targets.shape[0]}")
    if scores.ndim == 2 and targets.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if targets.dtype != int64.numpy:
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{type_name(targets.dtype)}")


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
             size_average: bool | None = None, ignore_index: int = -100, reduce: bool | None = None,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of ``target`` (class indices) under ``input`` (log-probabilities,
    classes along dim 1, or dim 0 for a single sample)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    return _nll_loss(input, target, weight, ignore_index, reduction)


def _nll_loss(input: Tensor, target: Tensor, weight: Tensor | None, ignore_index: int,
              reduction: str) -> Tensor:
    """``nll_loss`` once ``reduction`` is settled (``cross_entropy`` settles it first)."""
    _check_nll_arguments(input, target, weight)
    weight_array = None if weight is None else weight._data.astype(input._data.dtype, copy=False)
    ndim = input._data.ndim
    classes = input._data.shape[_class_axis(ndim)]

    def targets(values: np.ndarray) -> Targets:
        read = _read_targets(values, weight_array, ignore_index, classes, input._data.dtype)
        if watching.count:  # (how they are read, for a compiler's tracer)
            note("computed", read, _read_targets, (values,),
                 {"weight": weight_array, "ignore_index": ignore_index, "classes": classes,
                  "dtype": input._data.dtype})
        return read

    if ndim <= 2:
        return NllLoss.apply(input, targets=targets(target._data), reduction=reduction)
    if ndim == 4:
        if target.ndim != 3:
            raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                               f"targets of dimension: {target.ndim}")
        return NllLoss2d.apply(input, targets=targets(target._data), reduction=reduction)
    # 3-d or more than 4-d: torch views the extra dims as one image row, (N, C, 1, -1)
    n, c = input.shape[0], input.shape[1]
    out_size = [n, *input.shape[2:]]
    if list(target.shape[1:]) != list(input.shape[2:]):
        raise RuntimeError(f"Expected target size {out_size}, got {list(target.shape)}")
    image = input.view(n, c, 1, -1) if input.numel() else input.view(n, c, 0, 0)
    rows = target._data.reshape(n, 1, -1) if target.numel() else target._data.reshape(n, 0, 0)
    out = NllLoss2d.apply(image, targets=targets(rows), reduction=reduction)
    return out.view(out_size) if reduction == "none" else out


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average: bool | None = None, ignore_index: int = -100,
                  reduce: bool | None = None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy between the class scores ``input`` (logits) and ``target``: class indices
    (``nll_loss(log_softmax(input))``) or class probabilities of ``input``'s shape."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 0 if input._data.ndim == 1 else 1
    if input._data.shape == target._data.shape:
        return _cross_entropy_probabilities(input, target, weight, ignore_index, reduction,
                                            label_smoothing, class_dim)
    log_probabilities = input.log_softmax(class_dim)
    loss = _nll_loss(log_probabilities, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return loss
    return _smoothed(loss, log_probabilities, target, weight, ignore_index, reduction,
                     label_smoothing, class_dim)


def _class_shape(input: Tensor, class_dim: int) -> list[int]:
    """Shape that lines a per-class weight up with ``input``'s class dim for broadcasting."""
    shape = [1] * input.ndim
    shape[class_dim] = input.shape[class_dim]
    return shape


def _smoothed(loss: Tensor, log_probabilities: Tensor, target: Tensor, weight: Tensor | None,
              ignore_index: int, reduction: str, label_smoothing: float, class_dim: int) -> Tensor:
    """torch's label smoothing for class-index targets: mix the loss with the mean of all classes'
    negative log-probabilities."""
    classes = log_probabilities.shape[class_dim]
    ignored = target == ignore_index
    spread = log_probabilities if weight is None else log_probabilities * weight.view(
        _class_shape(log_probabilities, class_dim))
    smooth = -spread.sum(class_dim)
    smooth.masked_fill_(ignored, 0.0)
    if reduction == "mean":
        kept = ~ignored._data
        if weight is None:
            smooth = smooth.sum() / Tensor._make(np.asarray(kept.sum()))
        else:
            total = weight._data[target._data[kept]].sum()
            smooth = smooth.sum() / Tensor._make(np.asarray(total, dtype=weight._data.dtype))
    elif reduction == "sum":
        smooth = smooth.sum()
    return mul_scalar(loss, 1 - label_smoothing) + mul_scalar(smooth, label_smoothing / classes)


def _cross_entropy_probabilities(input: Tensor, target: Tensor, weight: Tensor | None,
                                 ignore_index: int, reduction: str, label_smoothing: float,
                                 class_dim: int) -> Tensor:
    """Cross-entropy against class probabilities: ``-(log_softmax(input) * target).sum(classes)``."""
    if target._data.dtype.kind not in "fV":
        raise RuntimeError("Expected floating point type for target with class probabilities, got "
                           f"{type_name(target.dtype)}")
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    classes = input.shape[class_dim]
    if label_smoothing > 0:
        # recorded even when target does not require grad: a forward-mode tangent of the target
        # must go through the scaling too (it was dropped, giving a zero tangent)
        target = mul_scalar(target, 1 - label_smoothing) + label_smoothing / classes
    products = input.log_softmax(class_dim) * target
    if weight is not None:
        products = products * weight.view(_class_shape(input, class_dim))
    if reduction == "none":
        return -products.sum(class_dim)
    total = -products.sum()
    if reduction == "sum":
        return total
    if input.numel() == 0:
        # torch fills the result with nan outside autograd: the graph stays NegBackward0
        total._data = np.full((), np.nan, dtype=total._data.dtype)
        return total
    return div_scalar(total, input.numel() / classes)


# -- binary cross-entropy -------------------------------------------------------------------------


class BinaryCrossEntropy(Op):
    """Binary cross-entropy of probabilities: ``-w * (target * log(self) + (1 - target) * log(1 - self))``
    (each log floored at -100).

    Backward:  grad_self = grad * w * (self - target) / max(self * (1 - self), 1e-12)
                           (the node BinaryCrossEntropyBackward)
               grad_target = -grad * w * logit(self),  logit(self) = log(self) - log(1 - self)
    Forward:   result_t = the reduction of w * (self_t * (self - target) / max(self * (1 - self), 1e-12)
                                                - target_t * logit(self))
    """

    __slots__ = ("weight", "reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                reduction: str = "mean") -> Any:
        self.save_for_backward(a, target)
        self.weight, self.reduction, self.count = weight, reduction, a.size
        log_p = np.maximum(np.log(a), _LOG_FLOOR)
        log_q = np.maximum(np.log1p(-a), _LOG_FLOOR)
        losses = -(target * log_p + (1 - target) * log_q)
        return _reduce(losses if weight is None else losses * weight, reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        wants_self, wants_target = self.needs_input_grad
        grad_self = grad_target = None
        if wants_self:
            grad_self = BinaryCrossEntropyBackward.apply(grad, a, target, weight=self.weight,
                                                         reduction=self.reduction)
        if wants_target:
            grad_target = -(np.log(a) - np.log1p(-a)) * _weighted(self, grad)
        return grad_self, grad_target

    def jvp(self, self_t: Any, target_t: Any) -> Any:
        a, target = self.saved_tensors
        along_self = BinaryCrossEntropyBackward.apply(self_t, a, target, weight=self.weight,
                                                      reduction="none")
        along_target = -(np.log(a) - np.log1p(-a)) * target_t
        if self.weight is not None:
            along_target = along_target * self.weight
        return _reduce_tangent(along_self + along_target, self.reduction, self.count)


def _weighted(node: Any, grad: Any) -> Any:
    """The gradient each element of a binary cross-entropy receives: ``grad`` divided by the
    element count for ``'mean'``, times the element's weight."""
    grad = _per_element(grad, node.reduction, node.count)
    return grad if node.weight is None else grad * node.weight


class BinaryCrossEntropyBackward(Op, grad_fn_name="BinaryCrossEntropyBackwardBackward0"):
    """binary_cross_entropy's backward as an op: ``g * w * (self - target) / max(self * (1 - self),
    1e-12)`` for the loss's incoming gradient ``g`` (divided by the element count for ``'mean'``).

    Backward:  (torch's formulas, e = 1e-12, grad and g times w and divided as g is)
               grad_g = grad * (self - target) / ((self + e) * (1 - self + e))   (summed to g's shape)
               grad_self = grad * g * (self**2 - 2 * self * target + target)
                           / ((self + e)**2 * (1 - self + e)**2)
               grad_target = -grad * g / max(self * (1 - self), e)
    Forward:   result_t = BinaryCrossEntropyBackward(g_t) + grad_self and grad_target above with
                          grad = self_t and grad = target_t, added
    """

    __slots__ = ("weight", "reduction", "count")
    broadcasts = True  # (g is 0-d for 'mean' and 'sum')

    def forward(self, g: np.ndarray, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None,
                reduction: str) -> np.ndarray:
        self.save_for_backward(g, a, target)
        self.weight, self.reduction, self.count = weight, reduction, a.size
        return _weighted(self, g) * (a - target) / np.maximum(a * (1 - a), _BCE_EPSILON)

    def backward(self, grad: Any) -> tuple:
        g, a, target = self.saved_tensors
        wants_g, wants_self, wants_target = self.needs_input_grad
        e = _BCE_EPSILON
        grad_g = grad_self = grad_target = None
        if wants_g:
            grad_g = _weighted(self, grad) * (a - target) / ((a + e) * (1 - a + e))
        if wants_self:
            grad_self = self._along_self(grad, g, a, target)
        if wants_target:
            grad_target = self._along_target(grad, g, a)
        return grad_g, grad_self, grad_target

    def jvp(self, g_t: Any, self_t: Any, target_t: Any) -> Any:
        g, a, target = self.saved_tensors
        return (BinaryCrossEntropyBackward.apply(g_t, a, target, weight=self.weight,
                                                 reduction=self.reduction)
                + self._along_self(self_t, g, a, target) + self._along_target(target_t, g, a))

    def _along_self(self, v: Any, g: Any, a: Any, target: Any) -> Any:
        """The output's derivative along ``self`` times ``v`` (a gradient or a tangent)."""
        e = _BCE_EPSILON
        below, above = a + e, 1 - a + e
        curvature = (a * a - 2 * a * target + target) / (below * below * above * above)
        return _weighted(self, v * g) * curvature

    def _along_target(self, v: Any, g: Any, a: Any) -> Any:
        """The output's derivative along ``target`` times ``v`` (a gradient or a tangent)."""
        variance = a * (1 - a)
        return -_weighted(self, v * g) / where(variance < _BCE_EPSILON, _BCE_EPSILON, variance)


def _sized(value: Any) -> None:
    """torch's loss functions begin with ``target.size()``, ``input.size()`` (Python code): a
    non-tensor fails there, with the error that call gives."""
    if isinstance(value, Tensor):
        return
    if isinstance(value, np.ndarray):  # an array's ``size`` is its element count, not a method
        raise TypeError("'int' object is not callable")
    raise AttributeError(f"'{type(value).__name__}' object has no attribute 'size'")


def _loss_operands(input: Any, target: Any, function: str,
                   kernel: str | None = None) -> tuple[Tensor, Tensor]:
    """``input`` and ``target`` of a loss as tensors of one dtype (refused as torch refuses them);
    with ``kernel`` (a loss whose kernel takes floating point only), torch's NotImplementedError
    when that common dtype is an integer or bool."""
    _sized(target)
    _sized(input)
    input, target = binary_operands(input, target, function)
    if kernel is not None and input._data.dtype.kind not in "fV":
        raise NotImplementedError(
            f"\"{kernel}\" not implemented for '{type_name(input._data.dtype)}'")
    return input, target


def cast_error(result: np.dtype, output: np.dtype) -> RuntimeError:
    """torch's error when a loss's floating result would be written into an integer tensor."""
    return RuntimeError(f"result type {type_name(result)} can't be cast to the desired output "
                        f"type {type_name(output)}")


def _same_size(input: Tensor, target: Tensor, message: str) -> None:
    if input.shape != target.shape:
        raise ValueError(message.format(target=target.shape, input=input.shape))


def _fixed_weight(weight: Tensor | None, name: str, function: str, shape: tuple,
                  dtype: np.dtype) -> np.ndarray | None:
    """A per-element weight as a constant array of ``shape`` (torch refuses weights needing grad)."""
    if weight is None:
        return None
    if weight.requires_grad:
        raise RuntimeError(f"The function '{function}' is not differentiable with respect to "
                           f"argument '{name}'. This input cannot have requires_grad True.")
    return np.broadcast_to(weight._data.astype(dtype, copy=False), shape)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average: bool | None = None, reduce: bool | None = None,
                         reduction: str = "mean") -> Tensor:
    """Binary cross-entropy between probabilities ``input`` (in [0, 1]) and ``target``."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    _sized(target)
    _sized(input)
    _same_size(input, target, "Using a target size ({target}) that is different to the input size "
                              "({input}) is deprecated. Please ensure they have the same size.")
    if input.dtype != target.dtype:
        raise RuntimeError(f"Found dtype {type_name(target.dtype)} but expected "
                           f"{type_name(input.dtype)}")
    values = input._data
    if not ((values >= 0) & (values <= 1)).all():  # (NaN too, as torch)
        raise RuntimeError("all elements of input should be between 0 and 1")
    fixed = _fixed_weight(weight, "weight", "binary_cross_entropy", values.shape, values.dtype)
    return BinaryCrossEntropy.apply(input, target, weight=fixed, reduction=reduction)


class BinaryCrossEntropyWithLogits(Op):
    """Binary cross-entropy of logits, computed stably without forming ``sigmoid(self)``:
    ``w * ((1 - target) * self - (1 + (pos_weight - 1) * target) * logsigmoid(self))``.

    Backward:  grad_self = grad * w * ((p * target + 1 - target) * sigmoid(self) - p * target)
               (p: pos_weight, 1 if not given)
               grad_target = grad * w * (-self - (pos_weight - 1) * logsigmoid(self))
    Forward:   result_t = the reduction of w * (self_t * ((p * target + 1 - target) * sigmoid(self)
                          - p * target) + target_t * (-self - (pos_weight - 1) * logsigmoid(self)))

    The losses are in ``dtype``, the target's own (torch computes them in place in ``1 - target``):
    a float64 input against a float32 target gives a float32 loss.
    """

    __slots__ = ("weight", "pos_weight", "reduction", "count", "dtype")

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                pos_weight: np.ndarray | None = None, reduction: str = "mean",
                dtype: np.dtype | None = None) -> Any:
        self.save_for_backward(a, target)
        self.weight, self.pos_weight, self.reduction, self.count = weight, pos_weight, reduction, a.size
        self.dtype = dtype or a.dtype
        log_weight = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
        losses = ((1 - target) * a - log_weight * _log_sigmoid(a)).astype(self.dtype, copy=False)
        return _reduce(losses if weight is None else losses * weight, reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        wants_self, wants_target = self.needs_input_grad
        grad = _weighted(self, grad)
        return (self._slope_self(a, target) * grad if wants_self else None,
                self._slope_target(a) * grad if wants_target else None)

    def jvp(self, self_t: Any, target_t: Any) -> Any:
        a, target = self.saved_tensors
        tangents = self._slope_self(a, target) * self_t + self._slope_target(a) * target_t
        if self.weight is not None:
            tangents = tangents * self.weight
        # (in the operands' common dtype, not the loss's: torch's tangent of a float32 loss of a
        # float64 input is float64)
        return _reduce_tangent(tangents, self.reduction, self.count)

    def _slope_self(self, a: Any, target: Any) -> Any:
        """Each loss's derivative along its logit: ``(p * target + 1 - target) * sigmoid(self) -
        p * target`` (``sigmoid(self) - target`` without pos_weight)."""
        if self.pos_weight is None:
            return Sigmoid.apply(a) - target
        positive = self.pos_weight * target
        return (positive + 1 - target) * Sigmoid.apply(a) - positive

    def _slope_target(self, a: Any) -> Any:
        """Each loss's derivative along its target: ``-self - (pos_weight - 1) * logsigmoid(self)``."""
        if self.pos_weight is None:
            return -a
        return -a - (self.pos_weight - 1) * _log_sigmoid(a)


def _log_sigmoid(a: Any) -> Any:
    """``log(sigmoid(a)) = min(a, 0) - log1p(exp(-|a|))``, stable for any |a| (arrays or tensors)."""
    magnitude = np.abs(a)
    return (a - magnitude) * 0.5 - np.log1p(np.exp(-magnitude))


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     size_average: bool | None = None, reduce: bool | None = None,
                                     reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)`` against ``target``, computed stably from logits;
    ``pos_weight`` weighs the positive examples of each class."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    _sized(target)
    _sized(input)
    _same_size(input, target, "Target size ({target}) must be the same as input size ({input})")
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(
            f"\"log_sigmoid_cpu\" not implemented for '{type_name(input._data.dtype)}'")
    # torch computes ``1 - target`` and then in place in the target's dtype: an integer one fails
    if target._data.dtype == np.bool_:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if target._data.dtype.kind in "iu":
        raise cast_error(input._data.dtype, target._data.dtype)
    loss_dtype = target._data.dtype  # (torch computes the losses in place in ``1 - target``)
    input, target = binary_operands(input, target, "binary_cross_entropy_with_logits")
    dtype = input._data.dtype
    function = "binary_cross_entropy_with_logits"
    fixed = _fixed_weight(weight, "weight", function, input._data.shape, loss_dtype)
    fixed_pos = _fixed_weight(pos_weight, "pos_weight", function, input._data.shape, dtype)
    return BinaryCrossEntropyWithLogits.apply(input, target, weight=fixed, pos_weight=fixed_pos,
                                              reduction=reduction, dtype=loss_dtype)

