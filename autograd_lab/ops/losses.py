"""Loss functions: ``mse_loss``, ``l1_loss``, ``nll_loss``, ``cross_entropy``, ``binary_cross_entropy``,
``binary_cross_entropy_with_logits`` (what ``t.nn.functional`` offers under those names).

The losses torch computes as one node (``MseLossBackward0``, ``NllLossBackward0``, ...) are ops here,
forward and backward side by side. The others are built from ops exactly as torch builds them, so the
graph a learner inspects is torch's: ``cross_entropy`` is ``nll_loss(log_softmax(x))``, ``l1_loss`` is
``(x - y).abs().mean()``.

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'`` (one loss per element / sample). In the
backward formulas ``grad`` is the gradient of the reduced loss: for ``'mean'`` it is divided by the
number of terms (or by the total weight, for weighted ``nll_loss``).
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np

from .._dtypes import int64, type_name
from ..autograd.op import Op, broadcast_error
from ..tensor import Tensor
from ._args import binary_operands
from ._grad import where

__all__ = ["mse_loss", "l1_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "mul_scalar", "div_scalar", "needs_grad", "is_array",
           "sigmoid_of"]

_REDUCTIONS = ("none", "mean", "sum")
_BCE_EPSILON = 1e-12  # torch's floor on x * (1 - x) in the BCE gradient
_LOG_FLOOR = -100.0  # torch clamps log(x) and log(1 - x) at -100, so a confident mistake costs 100


def needs_grad(node: Op, index: int) -> bool:
    """Whether input ``index`` of ``node`` wants a gradient (torch's ``needs_input_grad``): the
    other inputs' gradients are not computed at all."""
    return node.next_functions[index][0] is not None


def is_array(value: Any) -> bool:
    """True for numpy values (arrays and numpy scalars), False for tensors: what a backward formula
    received tells whether it is recording a graph (``create_graph``)."""
    return isinstance(value, (np.ndarray, np.generic))


def sigmoid_of(value: Any) -> Any:
    """``1 / (1 + exp(-value))`` for a backward formula: on arrays computed in float64 and rounded
    (numpy's float32 ``exp`` flushes results like ``exp(-100)`` to zero, torch's does not), on tensors
    the recorded ``sigmoid`` op."""
    if is_array(value):
        with np.errstate(over="ignore"):
            return (1 / (1 + np.exp(-np.asarray(value, dtype=np.float64)))).astype(value.dtype)
    return value.sigmoid()


def _reduce(losses: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "mean":
        # sum / count, as torch: an empty input gives nan without numpy's empty-slice warning
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(losses.sum() / losses.dtype.type(losses.size), dtype=losses.dtype)
    if reduction == "sum":
        return np.asarray(losses.sum(), dtype=losses.dtype)
    return losses


def _per_element(grad: Any, reduction: str, count: int) -> Any:
    """The gradient each element's loss receives from the reduced loss's gradient ``grad``."""
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            return grad / count if count else grad * np.nan
    return grad


# -- scalar overloads that torch's composite losses use ------------------------------------------


class MulScalar(Op, torch_name="Mul", overload=1):
    """A tensor times a Python number, as torch's C++ code computes it (``mul.Scalar``).

    Backward:  grad_self = grad * other
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        self.other = other
        return a * other

    def backward(self, grad: Any) -> Any:
        return grad * self.other


class DivScalar(Op, torch_name="Div", overload=1):
    """A tensor divided by a Python number, as torch's C++ code computes it (``div.Scalar``).

    Backward:  grad_self = grad / other
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        self.other = other
        with np.errstate(invalid="ignore", divide="ignore"):
            return a / other

    def backward(self, grad: Any) -> Any:
        with np.errstate(invalid="ignore", divide="ignore"):
            return grad / self.other


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
    """

    __slots__ = ("reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, reduction: str = "mean") -> np.ndarray:
        self.save_for_backward(a, target)
        self.reduction = reduction
        self.count = a.size
        difference = np.asarray(a - target)  # (0-d inputs give a numpy scalar)
        return _reduce(np.square(difference, out=difference), reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        scale = _per_element(grad, self.reduction, self.count) * 2
        grad_self = (a - target) * scale if needs_grad(self, 0) else None
        # torch differentiates w.r.t. target by swapping the roles (so a zero stays +0, not -0)
        grad_target = (target - a) * scale if needs_grad(self, 1) else None
        return grad_self, grad_target


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
    input, target = _broadcast_pair(*_loss_operands(input, target, "mse_loss"))
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


class NllLoss(Op):
    """Negative log-likelihood: for each sample, ``-weight[c] * self[i, c]`` with ``c = target[i]``;
    ``'mean'`` divides the sum by the total weight of the (non-ignored) targets.

    Backward:  grad_self[i, target[i]] = -weight[target[i]] * grad / total_weight,  0 elsewhere
    """

    __slots__ = ("target", "weights", "ignored", "reduction", "total_weight", "self_shape")

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                reduction: str = "mean", ignore_index: int = -100) -> np.ndarray:
        self.self_shape = a.shape
        self.reduction = reduction
        picked, self.target, self.weights, self.ignored = _pick_targets(a, target, weight,
                                                                        ignore_index)
        if self.weights is None and reduction != "none":
            # the common case: every sample counts once, so the loss is a sum of negated picks
            # (negated before summing, as torch: a zero loss is +0, not -0)
            total = (-picked).sum(dtype=a.dtype)
            self.total_weight = float(target.size) if reduction == "mean" else 1.0
            return np.asarray(_divided(total, self.total_weight) if reduction == "mean" else total)
        losses = -picked if self.weights is None else -picked * self.weights
        if self.ignored is not None:
            losses[self.ignored] = 0  # +0, as torch skips them
        if reduction == "none":
            self.total_weight = 1.0
            return losses.reshape(target.shape)
        total = losses.sum(dtype=a.dtype)
        if reduction == "sum":
            self.total_weight = 1.0
            return np.asarray(total)
        self.total_weight = float(self.weights.sum())
        return np.asarray(_divided(total, self.total_weight))

    def backward(self, grad: Any) -> Any:
        return self._row_gradients(grad).reshape(self.self_shape)

    def _row_gradients(self, grad: Any) -> Any:
        """The gradient as one row of class scores per sample: zero except at each target."""
        rows = self.target.size
        classes = self.self_shape[-1] if len(self.self_shape) == 1 else self.self_shape[1]
        coefficients = np.zeros((rows, classes), dtype=_dtype_of(grad))
        # (the engine runs backward with numpy's warnings off: a zero total weight gives -inf/NaN)
        scale = -1.0 / self.total_weight if self.total_weight else -np.inf
        picked = scale if self.weights is None else self.weights * scale
        if self.ignored is not None:
            picked[self.ignored] = 0
        if self.reduction != "none" and is_array(grad):
            # one number for every target: fold it in before scattering, not over all (N, C)
            # (the same float32 roundings as multiplying the scattered rows by it)
            coefficients[_row_numbers(rows), self.target] = picked * grad
            return coefficients
        coefficients[_row_numbers(rows), self.target] = picked
        if self.reduction == "none":
            grad = grad.reshape((rows, 1))
        if is_array(grad):
            coefficients *= grad  # in place: the array is ours, no second (N, C) allocation
            return coefficients
        return coefficients * grad


class NllLoss2d(NllLoss, torch_name="NllLoss2D"):
    """Negative log-likelihood for an image of predictions ``(N, C, H, W)`` and targets ``(N, H, W)``.

    Backward:  grad_self[n, target[n, h, w], h, w] = -weight[target] * grad / total_weight,  0 elsewhere
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                reduction: str = "mean", ignore_index: int = -100) -> np.ndarray:
        # classes last, then the 2-d case: one row per pixel
        rows = np.moveaxis(a, 1, -1).reshape(-1, a.shape[1])
        out = super().forward(rows, target.reshape(-1), weight, reduction, ignore_index)
        self.self_shape = a.shape
        return out.reshape(target.shape) if reduction == "none" else out

    def backward(self, grad: Any) -> Any:
        n, c, h, w = self.self_shape
        rows = self._row_gradients(grad)  # one row per pixel, classes last
        return rows.reshape((n, h, w, c)).swapaxes(2, 3).swapaxes(1, 2)


def _dtype_of(value: Any) -> np.dtype:
    return value.dtype if is_array(value) else value._data.dtype


def _divided(total: np.generic, total_weight: float) -> np.generic:
    """``total / total_weight`` in ``total``'s dtype; a zero total weight (no target counted) gives
    NaN or inf silently, as in torch."""
    if total_weight:
        return total / total.dtype.type(total_weight)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / total.dtype.type(total_weight)


@functools.lru_cache(maxsize=8)
def _row_numbers(count: int) -> np.ndarray:
    """``np.arange(count)``, kept from one call to the next (a training loop asks for the same
    batch size at every step); read-only, since every caller shares it."""
    numbers = np.arange(count)
    numbers.flags.writeable = False
    return numbers


def _pick_targets(a: np.ndarray, target: np.ndarray, weight: np.ndarray | None, ignore_index: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The log-probability of each sample's target class, the targets made safe to index with, each
    sample's weight (``None`` when all are 1) and the mask of ignored samples (``None`` if none is),
    with torch's out-of-bounds error."""
    rows = a if a.ndim == 2 else a.reshape(1, -1)
    flat = target.reshape(-1)
    classes = rows.shape[1]
    # one reduction checks both bounds: seen as unsigned, a negative target is huge
    in_range = flat.size == 0 or int(flat.view(np.uint64).max()) < classes
    if in_range and not 0 <= ignore_index < classes:
        ignored, any_ignored = None, False  # the common case: one reduction, no mask
    else:
        ignored = flat == ignore_index
        out_of_bounds = ((flat < 0) | (flat >= classes)) & ~ignored
        if out_of_bounds.any():
            raise IndexError(f"Target {flat[out_of_bounds.argmax()]} is out of bounds.")
        any_ignored = bool(ignored.any())
    safe = np.where(ignored, 0, flat) if any_ignored else flat
    weights = None
    if weight is not None or any_ignored:
        weights = weight[safe].astype(a.dtype) if weight is not None else np.ones(
            flat.shape, dtype=a.dtype)
        if any_ignored:
            weights[ignored] = 0
    return (rows[_row_numbers(rows.shape[0]), safe], safe, weights,
            ignored if any_ignored else None)




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
    if ndim <= 2:
        return NllLoss.apply(input, target=target._data, weight=weight_array, reduction=reduction,
                             ignore_index=ignore_index)
    params = {"target": target._data, "weight": weight_array, "reduction": reduction,
              "ignore_index": ignore_index}
    if ndim == 4:
        if target.ndim != 3:
            raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                               f"targets of dimension: {target.ndim}")
        return NllLoss2d.apply(input, **params)
    # 3-d or more than 4-d: torch views the extra dims as one image row, (N, C, 1, -1)
    n, c = input.shape[0], input.shape[1]
    out_size = [n, *input.shape[2:]]
    if list(target.shape[1:]) != list(input.shape[2:]):
        raise RuntimeError(f"Expected target size {out_size}, got {list(target.shape)}")
    image = input.view(n, c, 1, -1) if input.numel() else input.view(n, c, 0, 0)
    params["target"] = target._data.reshape(n, 1, -1) if target.numel() else target._data.reshape(
        n, 0, 0)
    out = NllLoss2d.apply(image, **params)
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
    if target._data.dtype.kind != "f":
        raise RuntimeError("Expected floating point type for target with class probabilities, got "
                           f"{type_name(target.dtype)}")
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    classes = input.shape[class_dim]
    if label_smoothing > 0:
        smoothed = mul_scalar(target, 1 - label_smoothing) if target.requires_grad else (
            Tensor._make(target._data * (1 - label_smoothing)))
        target = smoothed + label_smoothing / classes
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
               grad_target = -grad * w * logit(self),  logit(self) = log(self) - log(1 - self)
    """

    __slots__ = ("weight", "reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                reduction: str = "mean") -> np.ndarray:
        self.save_for_backward(a, target)
        self.weight, self.reduction, self.count = weight, reduction, a.size
        with np.errstate(divide="ignore", invalid="ignore"):
            log_p = np.maximum(np.log(a), _LOG_FLOOR)
            log_q = np.maximum(np.log1p(-a), _LOG_FLOOR)
        losses = -(target * log_p + (1 - target) * log_q)
        if weight is not None:
            losses *= weight
        return _reduce(losses, reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        grad = _per_element(grad, self.reduction, self.count)
        if self.weight is not None:
            grad = grad * self.weight
        grad_self = grad_target = None
        if needs_grad(self, 0):
            variance = a * (1 - a)
            grad_self = grad * (a - target) / where(variance < _BCE_EPSILON, _BCE_EPSILON, variance)
        if needs_grad(self, 1):
            with np.errstate(divide="ignore"):
                grad_target = -(np.log(a) - np.log1p(-a)) * grad  # -logit(self) * grad, as torch
        return grad_self, grad_target


def _sized(value: Any) -> None:
    """torch's loss functions begin with ``target.size()``, ``input.size()`` (Python code): a
    non-tensor fails there, with the error that call gives."""
    if isinstance(value, Tensor):
        return
    if isinstance(value, np.ndarray):  # an array's ``size`` is its element count, not a method
        raise TypeError("'int' object is not callable")
    raise AttributeError(f"'{type(value).__name__}' object has no attribute 'size'")


def _loss_operands(input: Any, target: Any, function: str) -> tuple[Tensor, Tensor]:
    """``input`` and ``target`` of a loss as tensors of one dtype (refused as torch refuses them)."""
    _sized(target)
    _sized(input)
    return binary_operands(input, target, function)


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
    if ((values < 0) | (values > 1)).any():
        raise RuntimeError("all elements of input should be between 0 and 1")
    fixed = _fixed_weight(weight, "weight", "binary_cross_entropy", values.shape, values.dtype)
    return BinaryCrossEntropy.apply(input, target, weight=fixed, reduction=reduction)


class BinaryCrossEntropyWithLogits(Op):
    """Binary cross-entropy of logits, computed stably without forming ``sigmoid(self)``:
    ``w * ((1 - target) * self - (1 + (pos_weight - 1) * target) * logsigmoid(self))``.

    Backward:  grad_self = grad * w * ((p * target + 1 - target) * sigmoid(self) - p * target)
               (p: pos_weight, 1 if not given)
               grad_target = grad * w * (-self - (pos_weight - 1) * logsigmoid(self))
    """

    __slots__ = ("weight", "pos_weight", "reduction", "count")

    def forward(self, a: np.ndarray, target: np.ndarray, weight: np.ndarray | None = None,
                pos_weight: np.ndarray | None = None, reduction: str = "mean") -> np.ndarray:
        self.save_for_backward(a, target)
        self.weight, self.pos_weight, self.reduction, self.count = weight, pos_weight, reduction, a.size
        log_weight = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
        losses = (1 - target) * a - log_weight * _log_sigmoid(a)
        if weight is not None:
            losses = losses * weight
        return _reduce(np.asarray(losses, dtype=a.dtype), reduction)

    def backward(self, grad: Any) -> tuple:
        a, target = self.saved_tensors
        grad = _per_element(grad, self.reduction, self.count)
        if self.weight is not None:
            grad = grad * self.weight
        pos_weight = self.pos_weight
        grad_self = grad_target = None
        if needs_grad(self, 0):
            if pos_weight is None:
                grad_self = (sigmoid_of(a) - target) * grad
            else:
                positive = pos_weight * target
                grad_self = ((positive + 1 - target) * sigmoid_of(a) - positive) * grad
        if needs_grad(self, 1):
            grad_target = grad * (-a if pos_weight is None else -a - (pos_weight - 1) * _log_sigmoid(a))
        return grad_self, grad_target


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
    input, target = binary_operands(input, target, "binary_cross_entropy_with_logits")
    dtype = input._data.dtype
    function = "binary_cross_entropy_with_logits"
    fixed = _fixed_weight(weight, "weight", function, input._data.shape, dtype)
    fixed_pos = _fixed_weight(pos_weight, "pos_weight", function, input._data.shape, dtype)
    return BinaryCrossEntropyWithLogits.apply(input, target, weight=fixed, pos_weight=fixed_pos,
                                              reduction=reduction)

