"""``softmax`` and ``log_softmax`` along one dimension, computed the numerically stable way.

Both subtract the maximum along ``dim`` before exponentiating, so large inputs do not overflow
(``softmax([1000., 1000.])`` is ``[0.5, 0.5]``, not NaN). ``t.nn.functional`` reuses these functions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._arguments import checked_dtype
from .._dtypes import type_name
from ..autograd.op import Op
from ..tensor import Tensor

__all__ = ["softmax", "log_softmax"]

_REQUIRED = object()  # torch's own message for a missing dim, not Python's


def _shifted(a: np.ndarray, dim: int | None) -> np.ndarray:
    """``a`` minus its maximum along ``dim``: every exponent is <= 0, so exp cannot overflow.
    An all ``-inf`` slice is shifted by 0 (its softmax is NaN, as in torch); a slice with ``+inf``
    or NaN is shifted by it, so its whole softmax is NaN, as in torch."""
    if a.size == 0:
        return a.copy()  # (max of an empty slice is an error in numpy)
    peak = a.max(axis=dim, keepdims=True)
    return a - np.where(np.isneginf(peak), 0, peak)


def _softmax(a: np.ndarray, dim: int | None) -> np.ndarray:
    exps = np.exp(_shifted(a, dim))
    return exps / exps.sum(axis=dim, keepdims=True)


def _log_softmax(a: np.ndarray, dim: int | None) -> np.ndarray:
    shifted = _shifted(a, dim)
    return shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))


class Softmax(Op):
    """``exp(self) / sum(exp(self))`` along ``dim``.

    Backward:  grad_self = result * (grad - sum(grad * result, dim))   (the node SoftmaxBackwardData)
    Forward:   result_t = result * (self_t - sum(self_t * result, dim))   (the node SoftmaxBackwardData)
    """

    __slots__ = ("dim",)

    def forward(self, a: np.ndarray, dim: int | None) -> np.ndarray:
        self.dim = dim
        result = _softmax(a, dim)  # (an all -inf slice gives NaN, as in torch)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return SoftmaxBackwardData.apply(grad, result, dim=self.dim)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return SoftmaxBackwardData.apply(self_t, result, dim=self.dim)


class LogSoftmax(Op):
    """``self - log(sum(exp(self)))`` along ``dim``.

    Backward:  grad_self = grad - exp(result) * sum(grad, dim)   (the node LogSoftmaxBackwardData)
    Forward:   result_t = self_t - sum(self_t * exp(result), dim)
    """

    __slots__ = ("dim",)

    def forward(self, a: np.ndarray, dim: int | None) -> np.ndarray:
        self.dim = dim
        result = _log_softmax(a, dim)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return LogSoftmaxBackwardData.apply(grad, result, dim=self.dim)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t - (self_t * np.exp(result)).sum(axis=self.dim, keepdims=True)


def _softmax_grad(grad: Any, result: Any, dim: int | None) -> Any:
    """Softmax's input gradient: ``result * (grad - sum(grad * result, dim))``."""
    return result * (grad - (grad * result).sum(axis=dim, keepdims=True))


def _log_softmax_grad(grad: Any, result: Any, dim: int | None) -> Any:
    """Log-softmax's input gradient: ``grad - exp(result) * sum(grad, dim)``."""
    return grad - np.exp(result) * grad.sum(axis=dim, keepdims=True)


class SoftmaxBackwardData(Op, grad_fn_name="SoftmaxBackwardDataBackward0"):
    """Softmax's backward as an op of its own (what a second derivative differentiates):
    ``y * (g - sum(g * y, dim))`` for the incoming gradient ``g`` and the softmax output ``y``.

    Backward:  grad_g = y * (grad - sum(grad * y, dim))
               grad_y = grad * (g - sum(g * y, dim)) - g * sum(grad * y, dim)
    Forward:   result_t = y_t * (g - sum(g * y, dim)) + y * (g_t - sum(g_t * y + g * y_t, dim))
    """

    __slots__ = ("dim",)

    def forward(self, g: np.ndarray, y: np.ndarray, dim: int | None) -> np.ndarray:
        self.dim = dim
        self.save_for_backward(g, y)
        return _softmax_grad(g, y, dim)

    def backward(self, grad: Any) -> tuple:
        g, y = self.saved_tensors
        weighted = (grad * y).sum(axis=self.dim, keepdims=True)
        return (y * (grad - weighted),
                grad * (g - (g * y).sum(axis=self.dim, keepdims=True)) - g * weighted)

    def jvp(self, g_t: Any, y_t: Any) -> Any:
        g, y = self.saved_tensors
        dim = self.dim
        return (y_t * (g - (g * y).sum(axis=dim, keepdims=True))
                + y * (g_t - (g_t * y + g * y_t).sum(axis=dim, keepdims=True)))


class LogSoftmaxBackwardData(Op, grad_fn_name="LogSoftmaxBackwardDataBackward0"):
    """Log-softmax's backward as an op of its own: ``g - exp(y) * sum(g, dim)`` for the incoming
    gradient ``g`` and the log-softmax output ``y``.

    Backward:  grad_g = grad - sum(grad * exp(y), dim)
               grad_y = -grad * exp(y) * sum(g, dim)
    Forward:   result_t = g_t - exp(y) * (sum(g_t, dim) + y_t * sum(g, dim))
    """

    __slots__ = ("dim",)

    def forward(self, g: np.ndarray, y: np.ndarray, dim: int | None) -> np.ndarray:
        self.dim = dim
        self.save_for_backward(g, y)
        return _log_softmax_grad(g, y, dim)

    def backward(self, grad: Any) -> tuple:
        g, y = self.saved_tensors
        probabilities = np.exp(y)
        return (grad - (grad * probabilities).sum(axis=self.dim, keepdims=True),
                -grad * probabilities * g.sum(axis=self.dim, keepdims=True))

    def jvp(self, g_t: Any, y_t: Any) -> Any:
        g, y = self.saved_tensors
        dim = self.dim
        return g_t - np.exp(y) * (g_t.sum(axis=dim, keepdims=True)
                                  + y_t * g.sum(axis=dim, keepdims=True))


def _prepare(function: str, input: Tensor, dim: Any, dtype: Any) -> tuple[Tensor, int | None]:
    """The input converted to ``dtype`` (a recorded conversion, as torch's) and ``dim`` normalized."""
    if dim is _REQUIRED:
        raise TypeError(f'{function}() missing 1 required positional arguments: "dim"')
    if dtype is not None:
        input = input.to(checked_dtype(dtype, function, (input, dim), {"dtype": dtype}))
    axis = input._dim(dim)
    if input._data.dtype.kind not in "fV":
        kernel = "lastdim_kernel_impl" if axis == input._data.ndim - 1 or input._data.ndim == 0 \
            else "kernel_impl"
        raise NotImplementedError(
            f"\"{function}_{kernel}\" not implemented for '{type_name(input._data.dtype)}'")
    # a 0-d tensor is one element along its only dim: numpy reduces it with axis=None
    return input, axis if input._data.ndim else None


def softmax(input: Tensor, dim: Any = _REQUIRED, dtype: Any = None) -> Tensor:
    """Softmax along ``dim``: non-negative values summing to 1, ``exp(x) / exp(x).sum(dim)``."""
    input, axis = _prepare("softmax", input, dim, dtype)
    return Softmax.apply(input, dim=axis)


def log_softmax(input: Tensor, dim: Any = _REQUIRED, dtype: Any = None) -> Tensor:
    """``log(softmax(input, dim))``, computed without taking the log of a rounded-off probability."""
    input, axis = _prepare("log_softmax", input, dim, dtype)
    return LogSoftmax.apply(input, dim=axis)
