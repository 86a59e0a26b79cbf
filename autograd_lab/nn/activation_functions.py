"""More activations for ``t.nn.functional``: ``hardtanh`` (and ``relu6``), ``threshold``,
``hardshrink``, ``softshrink``, ``logsigmoid``, ``hardswish``, ``hardsigmoid``, ``glu``, ``prelu``,
and the ones torch composes from other ops (``softsign``, ``tanhshrink``; ``softmin`` is in
``functional``, beside ``softmax``).

Each activation torch computes as one node is an op class here; where torch records its backward
as a node of its own under ``create_graph`` (``HardtanhBackwardBackward0``, ...), the backward
applies that op, so a second derivative goes through torch's nodes. The piecewise-linear ones
(slope 1 or 0) share one backward pattern: the gradient let through where the slope is 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtypes import type_name
from ..autograd.op import Op, sum_to_shape
from ..ops._grad import cat, where, zeros_like
from ..ops.elementwise import (
    NotDifferentiable,
    Sigmoid,
    SigmoidBackward,
    ThresholdBackward,
    clamp_array,
)
from ..tensor import Tensor

__all__ = ["hardtanh", "hardtanh_", "threshold_", "relu6", "threshold", "hardshrink", "softshrink",
           "logsigmoid", "hardswish", "hardsigmoid", "glu", "prelu", "softsign", "tanhshrink"]


def floating_kernel(kernel: str, input: Any) -> None:
    """torch's NotImplementedError for an activation given an integer or bool tensor."""
    if isinstance(input, Tensor) and input._data.dtype.kind not in "fV":
        raise NotImplementedError(
            f"\"{kernel}\" not implemented for '{type_name(input._data.dtype)}'")


# -- piecewise linear: the gradient passes where the slope is 1 ----------------------------------


class _GateBackward(Op):
    """What the backward ops of the piecewise-linear activations share: ``g`` where the
    activation's slope at ``self`` is 1, 0 where it is 0 (``_closed``). Each subclass says where
    its gate is closed and how to apply itself again (``_again``)."""

    __slots__ = ("params",)

    def forward(self, g: np.ndarray, a: np.ndarray, **params: Any) -> np.ndarray:
        self.save_for_backward(a)
        self.params = params
        return np.where(self._closed(a, **params), 0, g).astype(g.dtype, copy=False)

    def backward(self, grad: Any) -> tuple:
        (a,) = self.saved_tensors
        return self._again(grad, a), zeros_like(a)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._again(g_t, a)

    def _closed(self, a: np.ndarray, **params: Any) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _again(self, g: Any, a: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class HardtanhBackward(_GateBackward, grad_fn_name="HardtanhBackwardBackward0"):
    """hardtanh's backward as an op: 0 where ``self <= min_val`` or ``self >= max_val``, else ``g``.

    Backward:  grad_g = 0 where self <= min_val or self >= max_val, else grad,  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ()

    def _closed(self, a: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
        return (a <= min_val) | (a >= max_val)

    def _again(self, g: Any, a: Any) -> Any:
        return HardtanhBackward.apply(g, a, **self.params)


class Hardtanh(Op):
    """``self`` clamped to ``[min_val, max_val]``.

    Backward:  grad_self = grad where min_val < self < max_val, else 0   (the node HardtanhBackward)
    Forward:   result_t = self_t where min_val < self < max_val, else 0  (the node HardtanhBackward)
    """

    __slots__ = ("min_val", "max_val")

    def forward(self, a: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
        self.save_for_backward(a)
        self.min_val, self.max_val = min_val, max_val
        return clamp_array(a, min_val, max_val)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return HardtanhBackward.apply(grad, a, min_val=self.min_val, max_val=self.max_val)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return HardtanhBackward.apply(self_t, a, min_val=self.min_val, max_val=self.max_val)


class Threshold(Op):
    """``self`` where ``self > threshold``, ``value`` elsewhere.

    Backward:  grad_self = grad where self > threshold, else 0   (the node ThresholdBackward)
    Forward:   result_t = self_t where self > threshold, else 0  (the node ThresholdBackward)
    """

    __slots__ = ("threshold",)

    def forward(self, a: np.ndarray, threshold: float, value: float) -> np.ndarray:
        self.save_for_backward(a)
        self.threshold = threshold
        # (torch's kernel reads both numbers as the tensor's dtype: truncated for an integer tensor)
        bound = np.asarray(threshold).astype(a.dtype) if a.dtype.kind in "iu" else threshold
        return np.where(a <= bound, np.asarray(value).astype(a.dtype), a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return ThresholdBackward.apply(grad, a, threshold=self.threshold)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return ThresholdBackward.apply(self_t, a, threshold=self.threshold)


class ThresholdInplace(Threshold, torch_name="Threshold", overload=1):
    """``threshold_``: ``Threshold`` in place (the node ``ThresholdBackward1``).

    Backward:  grad_self = grad where self > threshold, else 0   (the node ThresholdBackward)
    Forward:   result_t = self_t where self > threshold, else 0
    """

    __slots__ = ()


class _ShrinkBackward(_GateBackward):
    """The backward of hardshrink and softshrink: 0 where ``-lambd <= self <= lambd``, else ``g``."""

    __slots__ = ()

    def _closed(self, a: np.ndarray, lambd: float) -> np.ndarray:
        return (a >= -lambd) & (a <= lambd)


class HardshrinkBackward(_ShrinkBackward, grad_fn_name="HardshrinkBackwardBackward0"):
    """hardshrink's backward as an op: 0 where ``-lambd <= self <= lambd``, else ``g``.

    Backward:  grad_g = 0 where -lambd <= self <= lambd, else grad,  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ()

    def _again(self, g: Any, a: Any) -> Any:
        return HardshrinkBackward.apply(g, a, **self.params)


class SoftshrinkBackward(_ShrinkBackward, grad_fn_name="SoftshrinkBackwardBackward0"):
    """softshrink's backward as an op: 0 where ``-lambd <= self <= lambd``, else ``g``.

    Backward:  grad_g = 0 where -lambd <= self <= lambd, else grad,  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ()

    def _again(self, g: Any, a: Any) -> Any:
        return SoftshrinkBackward.apply(g, a, **self.params)


class Hardshrink(Op):
    """``self`` where ``|self| > lambd``, 0 elsewhere.

    Backward:  grad_self = grad where |self| > lambd, else 0   (the node HardshrinkBackward)
    Forward:   result_t = self_t where |self| > lambd, else 0  (the node HardshrinkBackward)
    """

    __slots__ = ("lambd",)

    def forward(self, a: np.ndarray, lambd: float) -> np.ndarray:
        self.save_for_backward(a)
        self.lambd = lambd
        return np.where((a >= -lambd) & (a <= lambd), 0, a).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return HardshrinkBackward.apply(grad, a, lambd=self.lambd)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return HardshrinkBackward.apply(self_t, a, lambd=self.lambd)


class Softshrink(Op):
    """``self - lambd`` above ``lambd``, ``self + lambd`` below ``-lambd``, 0 between.

    Backward:  grad_self = grad where |self| > lambd, else 0   (the node SoftshrinkBackward)
    Forward:   result_t = self_t where |self| > lambd, else 0  (the node SoftshrinkBackward)
    """

    __slots__ = ("lambd",)

    def forward(self, a: np.ndarray, lambd: float) -> np.ndarray:
        self.save_for_backward(a)
        self.lambd = lambd
        shrunk = np.where(a > lambd, a - lambd, np.where(a < -lambd, a + lambd, 0))
        return shrunk.astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return SoftshrinkBackward.apply(grad, a, lambd=self.lambd)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return SoftshrinkBackward.apply(self_t, a, lambd=self.lambd)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """``input`` clamped to ``[min_val, max_val]`` (slope 1 inside, 0 outside)."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _hardtanh(input, min_val, max_val, inplace)


def _hardtanh(input: Tensor, min_val: float, max_val: float, inplace: bool) -> Tensor:
    floating_kernel("hardtanh_cpu", input)
    if inplace:
        return input._inplace(Hardtanh.apply, min_val=min_val, max_val=max_val)
    return Hardtanh.apply(input, min_val=min_val, max_val=max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """``hardtanh`` in place (``HardtanhBackward0``; like torch's, it does not check that
    ``min_val <= max_val``)."""
    return _hardtanh(input, min_val, max_val, inplace=True)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(input, 0), 6)``: hardtanh on ``[0, 6]``, as torch computes it."""
    return hardtanh(input, 0.0, 6.0, inplace)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``input`` where ``input > threshold``, ``value`` elsewhere (integer tensors too, as torch)."""
    return _threshold(input, threshold, value, inplace)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """``threshold`` in place (``ThresholdBackward1``)."""
    return _threshold(input, threshold, value, inplace=True)


def _threshold(input: Tensor, bound: float, value: float, inplace: bool) -> Tensor:
    if isinstance(input, Tensor) and input._data.dtype == np.bool_:
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")
    if inplace:
        return input._inplace(ThresholdInplace.apply, threshold=bound, value=value)
    return Threshold.apply(input, threshold=bound, value=value)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``input`` where ``|input| > lambd``, 0 elsewhere."""
    floating_kernel("hardshrink_cpu", input)
    return Hardshrink.apply(input, lambd=lambd)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``input`` moved ``lambd`` towards 0, and 0 within ``lambd`` of it."""
    floating_kernel("softshrink_cpu", input)
    if lambd < 0:
        dtype = input._data.dtype
        raise RuntimeError(f"lambda must be in range [0, {float(np.finfo(dtype).max):g}] for input "
                           f"dtype {type_name(dtype)}, but found {lambd:g}")
    return Softshrink.apply(input, lambd=lambd)


# -- smooth ones ---------------------------------------------------------------------------------


class LogSigmoid(Op):
    """``log(sigmoid(self))``, computed as ``min(self, 0) - log1p(exp(-|self|))`` (no overflow).

    Backward:  grad_self = grad * sigmoid(-self)   (the node LogSigmoidBackward)
    Forward:   result_t = self_t * sigmoid(-self)  (the node LogSigmoidBackward)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return (np.minimum(a, 0) - np.log1p(np.exp(-np.abs(a)))).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return LogSigmoidBackward.apply(grad, a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return LogSigmoidBackward.apply(self_t, a)


class LogSigmoidBackward(Op, grad_fn_name="LogSigmoidBackwardBackward0"):
    """logsigmoid's backward as an op: ``g * sigmoid(-self)``.

    Backward:  grad_g = grad * sigmoid(-self),  grad_self = -grad * g * s * (1 - s),  s = sigmoid(self)
    Forward:   result_t = g_t * sigmoid(-self) - self_t * g * s * (1 - s)
    """

    __slots__ = ()

    def forward(self, g: np.ndarray, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(g, a)
        z = np.exp(-np.abs(a))
        return g * np.where(a < 0, 1 - z / (1 + z), z / (1 + z))  # sigmoid(-self), no overflow

    def backward(self, grad: Any) -> tuple:
        g, a = self.saved_tensors
        wants_g, wants_self = self.needs_input_grad
        return (LogSigmoidBackward.apply(grad, a) if wants_g else None,
                self._curved(grad, g, a) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, a = self.saved_tensors
        return LogSigmoidBackward.apply(g_t, a) + self._curved(self_t, g, a)

    def _curved(self, v: Any, g: Any, a: Any) -> Any:
        """``-v * g * s * (1 - s)``: the derivative of ``g * sigmoid(-self)`` along ``self``."""
        return -SigmoidBackward.apply(v * g, Sigmoid.apply(a))


def logsigmoid(input: Tensor) -> Tensor:
    """``log(1 / (1 + exp(-input)))``, without overflow."""
    floating_kernel("log_sigmoid_cpu", input)
    return LogSigmoid.apply(input)


class Hardswish(Op):
    """``self * relu6(self + 3) / 6``: 0 below -3, ``self`` above 3, a parabola between.

    Backward:  grad_self = grad * (self / 3 + 0.5) for -3 < self < 3, grad from 3 on, 0 up to -3
               (the node HardswishBackward)
    Forward:   result_t = the same slope times self_t  (the node HardswishBackward)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return (a * np.minimum(np.maximum(a + 3, 0), 6) / 6).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return HardswishBackward.apply(grad, a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return HardswishBackward.apply(self_t, a)


class HardswishBackward(Op, grad_fn_name="HardswishBackwardBackward0"):
    """hardswish's backward as an op: ``g * slope(self)``.

    Backward:  grad_g = grad * slope(self),  grad_self = grad * g / 3 where -3 < self < 3, else 0
    Forward:   result_t = g_t * slope(self) + self_t * g / 3 (where -3 < self < 3)
    """

    __slots__ = ()

    def forward(self, g: np.ndarray, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(g, a)
        slope = np.where(a <= -3, 0, np.where(a < 3, a / 3 + 0.5, 1))
        return (g * slope).astype(g.dtype, copy=False)

    def backward(self, grad: Any) -> tuple:
        g, a = self.saved_tensors
        wants_g, wants_self = self.needs_input_grad
        return (HardswishBackward.apply(grad, a) if wants_g else None,
                self._curved(grad, g, a) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, a = self.saved_tensors
        return HardswishBackward.apply(g_t, a) + self._curved(self_t, g, a)

    def _curved(self, v: Any, g: Any, a: Any) -> Any:
        return where((a > -3) & (a < 3), v * g / 3, 0)


class Hardsigmoid(Op):
    """``relu6(self + 3) / 6``: 0 below -3, 1 above 3, linear between.

    Backward:  grad_self = grad / 6 where -3 < self < 3, else 0   (torch records this backward
               without a derivative of its own: a second derivative raises torch's error)
    Forward:   result_t = self_t / 6 where -3 < self < 3, else 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return (np.minimum(np.maximum(a + 3, 0), 6) / 6).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return NotDifferentiable.apply(grad, a, compute=_hardsigmoid_backward,
                                       aten_name="hardsigmoid_backward")

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return where((a > -3) & (a < 3), self_t / 6, 0)


def _hardsigmoid_backward(g: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.where((a > -3) & (a < 3), g * (1 / 6), 0).astype(g.dtype, copy=False)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``input * relu6(input + 3) / 6`` (MobileNetV3's activation)."""
    floating_kernel("hardswish_cpu", input)
    if inplace:
        return input._inplace(hardswish)
    return Hardswish.apply(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``relu6(input + 3) / 6``: a piecewise-linear sigmoid."""
    floating_kernel("hardsigmoid_cpu", input)
    if inplace:
        return input._inplace(hardsigmoid)
    return Hardsigmoid.apply(input)


# -- gated and parametric ------------------------------------------------------------------------


class Glu(Op):
    """The gated linear unit: ``self`` halved along ``dim`` into ``a`` and ``b``,
    ``a * sigmoid(b)``.

    Backward:  grad_a = grad * sigmoid(b),  grad_b = grad * a * s * (1 - s)   (s = sigmoid(b);
               both halves together: the node GluBackward)
    Forward:   result_t = a_t * s + a * s * (1 - s) * b_t
    """

    __slots__ = ("dim",)

    def forward(self, x: np.ndarray, dim: int) -> np.ndarray:
        self.save_for_backward(x)
        self.dim = dim
        first, second = np.split(x, 2, axis=dim)
        return first * (1 / (1 + np.exp(-second)))

    def backward(self, grad: Any) -> Any:
        (x,) = self.saved_tensors
        return GluBackward.apply(grad, x, dim=self.dim)

    def jvp(self, self_t: Any) -> Any:
        (x,) = self.saved_tensors
        half = x.shape[self.dim] // 2
        first, second = _halves(x, self.dim, half)
        first_t, second_t = _halves(self_t, self.dim, half)
        gate = Sigmoid.apply(second)
        return first_t * gate + SigmoidBackward.apply(first * second_t, gate)


def _halves(values: Any, dim: int, half: int) -> tuple:
    """The two halves of ``values`` along ``dim`` (arrays or tensors)."""
    if isinstance(values, np.ndarray):
        return tuple(np.split(values, 2, axis=dim))
    return values.narrow(dim, 0, half), values.narrow(dim, half, half)


class GluBackward(Op, grad_fn_name="GluBackwardBackward0"):
    """glu's backward as an op: for the incoming gradient ``g``, the gradient of both halves
    ``(g * s, g * a * s * (1 - s))`` side by side along ``dim`` (``s = sigmoid(b)``).

    Backward:  grad_g = grad_a * s + grad_b * a * s * (1 - s)
               grad_self = (grad_b * g * s * (1 - s),
                            g * s * (1 - s) * (grad_a + grad_b * a * (1 - 2 s)))
    Forward:   the same bilinear form with the tangents in place of the incoming gradients
    """

    __slots__ = ("dim",)

    def forward(self, g: np.ndarray, x: np.ndarray, dim: int) -> np.ndarray:
        self.save_for_backward(g, x)
        self.dim = dim
        first, second = np.split(x, 2, axis=dim)
        gate = 1 / (1 + np.exp(-second))
        return np.concatenate([g * gate, g * first * gate * (1 - gate)], axis=dim)

    def backward(self, grad: Any) -> tuple:
        g, x = self.saved_tensors
        return self._along_g(grad, x), self._along_self(grad, g, x)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, x = self.saved_tensors
        half = x.shape[self.dim] // 2
        first, second = _halves(x, self.dim, half)
        first_t, second_t = _halves(self_t, self.dim, half)
        gate = Sigmoid.apply(second)
        slope = gate * (1 - gate)
        along_self = cat([g * slope * second_t,
                           g * slope * (first_t + first * (1 - 2 * gate) * second_t)], self.dim)
        return GluBackward.apply(g_t, x, dim=self.dim) + along_self

    def _along_g(self, grad: Any, x: Any) -> Any:
        half = x.shape[self.dim] // 2
        first, second = _halves(x, self.dim, half)
        grad_first, grad_second = _halves(grad, self.dim, half)
        gate = Sigmoid.apply(second)
        return grad_first * gate + grad_second * first * gate * (1 - gate)

    def _along_self(self, grad: Any, g: Any, x: Any) -> Any:
        half = x.shape[self.dim] // 2
        first, second = _halves(x, self.dim, half)
        grad_first, grad_second = _halves(grad, self.dim, half)
        gate = Sigmoid.apply(second)
        slope = gate * (1 - gate)
        return cat([grad_second * g * slope,
                     g * slope * (grad_first + grad_second * first * (1 - 2 * gate))], self.dim)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """The gated linear unit: the first half of ``input`` along ``dim`` times the sigmoid of the
    second half."""
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    axis = dim % input.ndim
    if input.shape[axis] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size "
                           f"{input.shape[axis]}")
    return Glu.apply(input, dim=axis)


class PreluKernel(Op):
    """``self`` where positive, ``weight * self`` elsewhere (``weight`` broadcast along the
    channels).

    Backward:  grad_self = grad where self > 0, else weight * grad
               grad_weight = grad * self where self <= 0, else 0   (summed back to weight's shape)
               (both together: the node PreluKernelBackward)
    Forward:   result_t = self_t where self > 0, else weight * self_t + weight_t * self
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, weight: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, weight)
        return np.where(a > 0, a, weight * a)

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        return PreluKernelBackward.apply(grad, a, weight)

    def jvp(self, self_t: Any, weight_t: Any) -> Any:
        a, weight = self.saved_tensors
        return where(a > 0, self_t, weight * self_t + weight_t * a)


class PreluKernelBackward(Op, grad_fn_name="PreluKernelBackwardBackward0"):
    """prelu's backward as an op: ``(g where self > 0 else weight * g, g * self where self <= 0)``.

    Backward:  grad_g = gg_self where self >= 0 else weight * gg_self + gg_weight * self
               grad_self = gg_weight * g where self < 0, else 0
               grad_weight = gg_self * g where self < 0, else 0   (at self = 0 torch's second
               derivative takes the positive side, its first the negative one)
    Forward:   result_t = (g_t where self >= 0 else weight * g_t + weight_t * g,
                           g_t * self + g * self_t where self < 0, else 0)
    """

    __slots__ = ()
    num_outputs = 2

    def forward(self, g: np.ndarray, a: np.ndarray, weight: np.ndarray) -> tuple:
        self.save_for_backward(g, a, weight)
        negative = a <= 0
        grad_weight = np.where(negative, g * a, 0).astype(g.dtype, copy=False)
        return np.where(negative, weight * g, g), sum_to_shape(grad_weight, weight.shape)

    def backward(self, gg_self: Any, gg_weight: Any) -> tuple:
        g, a, weight = self.saved_tensors
        gg_self = zeros_like(a) if gg_self is None else gg_self
        gg_weight = zeros_like(weight) if gg_weight is None else gg_weight
        negative = a < 0  # (torch's second derivative takes self = 0 as positive)
        return (where(negative, weight * gg_self + gg_weight * a, gg_self),
                where(negative, gg_weight * g, 0),
                sum_to_shape(where(negative, gg_self * g, 0), weight.shape))

    def jvp(self, g_t: Any, self_t: Any, weight_t: Any) -> tuple:
        g, a, weight = self.saved_tensors
        negative = a < 0
        return (where(negative, weight * g_t + weight_t * g, g_t),
                sum_to_shape(where(negative, g_t * a + g * self_t, 0), weight.shape))


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``input`` where positive, ``weight * input`` elsewhere: ``weight`` has one element, or one
    per channel (dim 1), viewed to broadcast along the channels as torch does."""
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    count = weight.numel()
    channels = input.shape[1] if input.ndim >= 2 else 1
    if count != 1 and count != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                           f"parameter numbers = {count} and channel size = {channels}.")
    if input.ndim >= 2:
        weight = weight.view((1, count) + (1,) * (input.ndim - 2)) if weight.ndim == 1 else \
            weight.view((1,) * input.ndim)
    return PreluKernel.apply(input, weight)


# -- composed from other ops, as torch composes them ---------------------------------------------


def softsign(input: Tensor) -> Tensor:
    """``input / (1 + |input|)``."""
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    """``input - tanh(input)``."""
    return input - input.tanh()
