"""``t.nn.functional`` (``import autograd_lab.nn.functional as F``): layers and losses as functions.

``relu``, ``sigmoid``, ``tanh``, ``softmax`` and ``log_softmax`` are the tensor ops themselves; the
losses live in ``autograd_lab.ops.losses``. The ops defined here are the ones torch computes as one
node: ``linear``'s ``addmm``, the activations ``gelu``, ``leaky_relu`` and ``softplus``, ``conv2d``
and ``max_pool2d``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import random as _random
from .._dtypes import int64, type_name
from ..autograd.op import Op, sum_to_shape
from ..autograd.record import derived
from ..ops._grad import scatter_add, where
from ..ops.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    is_array,
    l1_loss,
    mse_loss,
    needs_grad,
    nll_loss,
    sigmoid_of,
)
from ..tensor import Tensor

__all__ = ["linear", "addmm", "relu", "leaky_relu", "gelu", "sigmoid", "tanh", "softplus", "softmax",
           "log_softmax", "dropout", "one_hot", "mse_loss", "l1_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv2d", "max_pool2d",
           "embedding", "batch_norm"]



# -- linear --------------------------------------------------------------------------------------


class Addmm(Op):
    """``beta * self + alpha * (mat1 @ mat2)``: what ``linear`` computes as ``bias + x @ W.T``.

    Backward:  grad_self = beta * grad (summed over the rows self was broadcast to)
               grad_mat1 = alpha * grad @ mat2.T,  grad_mat2 = alpha * mat1.T @ grad
    """

    __slots__ = ("beta", "alpha", "self_sym_sizes")

    def forward(self, bias: np.ndarray, mat1: np.ndarray, mat2: np.ndarray, beta: Any = 1,
                alpha: Any = 1) -> np.ndarray:
        self.save_for_backward(mat1, mat2)
        self.beta, self.alpha, self.self_sym_sizes = beta, alpha, bias.shape
        out = mat1 @ mat2
        if alpha != 1:
            out *= alpha
        if beta != 0:
            out += bias if beta == 1 else beta * bias  # in place: ``out`` is a fresh array
        return out

    def backward(self, grad: Any) -> tuple:
        mat1, mat2 = self.saved_tensors
        scaled = grad if self.alpha == 1 else grad * self.alpha
        grad_bias = grad_mat1 = grad_mat2 = None
        if needs_grad(self, 0):
            spread = grad if self.beta == 1 else grad * self.beta
            if self.self_sym_sizes == spread.shape[1:]:  # the usual (out,) bias: a fresh array,
                grad_bias = spread.sum(axis=0)          # which the leaf's .grad can keep as is
            else:
                grad_bias = sum_to_shape(spread, self.self_sym_sizes)
        if needs_grad(self, 1):
            grad_mat1 = scaled @ mat2.swapaxes(0, 1)
        if needs_grad(self, 2):
            # computed in the layout of linear's weight (mat2 is weight.T): once TBackward0 turns it
            # back, the weight's gradient is the whole of a fresh array, not a strided view
            grad_mat2 = (scaled.swapaxes(0, 1) @ mat1).swapaxes(0, 1)
        return grad_bias, grad_mat1, grad_mat2


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` for matrices ``mat1``, ``mat2``; ``input`` broadcasts."""
    a, b, c = input._data, mat1._data, mat2._data
    for name, matrix in (("mat1", b), ("mat2", c)):
        if matrix.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {matrix.ndim}-D tensor")
    if b.dtype != c.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{type_name(b.dtype)} and {type_name(c.dtype)}")
    if a.dtype != c.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{type_name(a.dtype)} and {type_name(c.dtype)}")
    rows, inner = b.shape
    if inner != c.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{inner} and "
                           f"{c.shape[0]}x{c.shape[1]})")
    if a.shape != (c.shape[1],):  # the usual bias needs no check
        _check_expands(a.shape, (rows, c.shape[1]))
    return Addmm.apply(input, mat1, mat2, beta=beta, alpha=alpha)


def _check_expands(shape: tuple[int, ...], target: tuple[int, ...]) -> None:
    """torch's error when the bias cannot be broadcast to the product's shape."""
    padded = (1,) * (len(target) - len(shape)) + tuple(shape)
    for dim in reversed(range(len(target))):
        if padded[dim] not in (1, target[dim]) or len(shape) > len(target):
            raise RuntimeError(
                f"The expanded size of the tensor ({target[dim]}) must match the existing size "
                f"({padded[dim]}) at non-singleton dimension {dim}.  Target sizes: {list(target)}.  "
                f"Tensor sizes: {list(shape)}")


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: a fully connected layer. As in torch, a 2-d input with a bias is
    one ``addmm`` node (with ``TBackward0`` on the weight); other ranks are flattened to 2-d around it."""
    if input._data.ndim == 2 and bias is not None:
        return addmm(bias, input, weight.t())
    if input.ndim == 0 or weight.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{input.ndim}D and {weight.ndim}D")
    if bias is None:
        return input.matmul(weight.t())
    # torch's _flatten_nd_linear: all leading dims become rows, then the rows are viewed back
    leading = input.shape[:-1]
    rows = 1
    for size in leading:
        rows *= size
    out = addmm(bias, input.reshape(rows, input.shape[-1]), weight.t())
    return out.view(*leading, out.shape[1])


# -- activations ---------------------------------------------------------------------------------


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(input, 0)`` elementwise."""
    if inplace:
        return input._inplace(type(input).relu)
    return input.relu()


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + exp(-input))`` elementwise."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent, elementwise."""
    return input.tanh()


class LeakyRelu(Op):
    """``self`` where positive, ``negative_slope * self`` elsewhere.

    Backward:  grad_self = grad where self > 0, negative_slope * grad elsewhere
    """

    __slots__ = ("negative_slope",)

    def forward(self, a: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
        self.save_for_backward(a)
        self.negative_slope = negative_slope
        return np.where(a > 0, a, a * negative_slope)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return where(a > 0, grad, grad * self.negative_slope)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """ReLU with a small slope for negative inputs (so they still get a gradient)."""
    if inplace:
        return input._inplace(leaky_relu, negative_slope)
    return LeakyRelu.apply(input, negative_slope=negative_slope)


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_CUBIC = 0.044715
_erf = np.frompyfunc(math.erf, 1, 1)  # numpy has no erf; math.erf is exact


def _normal_cdf(a: np.ndarray) -> np.ndarray:
    erf = np.asarray(_erf(a * _INV_SQRT_2), dtype=np.float64)  # (a Python float for 0-d input)
    return (0.5 * (1.0 + erf)).astype(a.dtype)


class Gelu(Op):
    """Gaussian error linear unit ``self * Phi(self)`` (Phi: the standard normal CDF), or with
    ``approximate='tanh'``: ``0.5 * self * (1 + tanh(sqrt(2 / pi) * (self + 0.044715 * self**3)))``.

    Backward:  grad_self = grad * (Phi(self) + self * phi(self))      (phi: the normal density)
               (tanh form: grad * d/dself of the formula above)
    """

    __slots__ = ("approximate",)

    def forward(self, a: np.ndarray, approximate: str = "none") -> np.ndarray:
        self.save_for_backward(a)
        self.approximate = approximate
        if approximate == "tanh":
            return 0.5 * a * (1 + np.tanh(_SQRT_2_OVER_PI * (a + _TANH_CUBIC * a * a * a)))
        return a * _normal_cdf(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return gelu_backward(grad, a, self.approximate)


class GeluBackward(Op, grad_fn_name="GeluBackwardBackward0"):
    """The gradient of ``gelu`` as an op, ``grad * gelu'(self)``, so it can be differentiated again.

    Backward:  grad_grad = grad * gelu'(self),  grad_self = grad * grad_output * gelu''(self)
    """

    __slots__ = ("approximate",)

    def forward(self, grad_output: np.ndarray, a: np.ndarray, approximate: str = "none") -> np.ndarray:
        self.save_for_backward(grad_output, a)
        self.approximate = approximate
        return grad_output * _gelu_slope(a, approximate)

    def backward(self, grad: Any) -> tuple:
        grad_output, a = self.saved_tensors
        grad_grad = gelu_backward(grad, a, self.approximate) if needs_grad(self, 0) else None
        grad_self = None
        if needs_grad(self, 1):
            grad_self = grad * grad_output * _gelu_curvature(a, self.approximate)
        return grad_grad, grad_self


def gelu_backward(grad: Any, a: Any, approximate: str) -> Any:
    """``grad * gelu'(a)``: computed directly on arrays, through ``GeluBackward`` on tensors (under
    ``create_graph``), since ``gelu'`` needs ``erf``, which only this op knows on tensors."""
    if is_array(grad) and is_array(a):
        return grad * _gelu_slope(a, approximate)
    grad = grad if isinstance(grad, Tensor) else Tensor._make(np.asarray(grad))
    a = a if isinstance(a, Tensor) else Tensor._make(np.asarray(a))
    return GeluBackward.apply(grad, a, approximate=approximate)


def _gelu_slope(a: np.ndarray, approximate: str) -> np.ndarray:
    """``gelu'(a)`` on arrays."""
    if approximate == "tanh":
        inner = np.tanh(_SQRT_2_OVER_PI * (a + _TANH_CUBIC * a * a * a))
        slope = _SQRT_2_OVER_PI * (1 + 3 * _TANH_CUBIC * a * a)
        return 0.5 * (1 + inner) + 0.5 * a * (1 - inner * inner) * slope
    return _normal_cdf(a) + a * np.exp(-0.5 * a * a) * _INV_SQRT_2PI


def _gelu_curvature(a: Any, approximate: str) -> Any:
    """``gelu''(a)``, written with ops that also record on tensors (no erf needed)."""
    if approximate == "tanh":
        inner = np.tanh((a + a * a * a * _TANH_CUBIC) * _SQRT_2_OVER_PI)
        slope = (a * a * (3 * _TANH_CUBIC) + 1) * _SQRT_2_OVER_PI
        bend = a * (6 * _TANH_CUBIC * _SQRT_2_OVER_PI)
        return (1 - inner * inner) * (slope + a * 0.5 * (bend - inner * slope * slope * 2))
    return np.exp(a * a * -0.5) * _INV_SQRT_2PI * (2 - a * a)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit (``approximate='tanh'`` for the tanh approximation)."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate=approximate)


class Softplus(Op):
    """``log(1 + exp(beta * self)) / beta``, and ``self`` itself where ``beta * self > threshold``.

    Backward:  grad_self = grad * sigmoid(beta * self)   (grad where beta * self > threshold)
    """

    __slots__ = ("beta", "threshold")

    def forward(self, a: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
        self.save_for_backward(a)
        self.beta, self.threshold = beta, threshold
        scaled = a * beta
        with np.errstate(over="ignore"):
            # in float64: numpy's float32 exp flushes tiny results (exp(-100)) to zero, torch's not
            smooth = np.log1p(np.exp(scaled.astype(np.float64))) / beta
        return np.where(scaled > threshold, a, smooth).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        scaled = a * self.beta
        return where(scaled > self.threshold, grad, grad * sigmoid_of(scaled))


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """A smooth ReLU: ``log(1 + exp(beta * x)) / beta`` (linear above ``threshold``)."""
    return Softplus.apply(input, beta=beta, threshold=threshold)


def _softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    """torch's legacy choice of dim when none is given (with its deprecation warning)."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                  "include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """``exp(x) / exp(x).sum(dim)``: scores to probabilities along ``dim``."""
    if dim is None:
        dim = _softmax_dim("softmax", input.ndim, _stacklevel)
    if dtype is not None:
        input = input.to(dtype)
    return input.softmax(dim)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
                dtype: Any = None) -> Tensor:
    """``x - logsumexp(x, dim)``: the log of ``softmax``, computed stably."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.ndim, _stacklevel)
    if dtype is not None:
        input = input.to(dtype)
    return input.log_softmax(dim)


# -- dropout and one_hot -------------------------------------------------------------------------


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """In training, zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``
    (so the expected value is unchanged); outside training, return ``input`` itself. As in torch it
    is a multiplication by a random mask (``MulBackward0``). Seeded by ``t.manual_seed``."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        mask = np.zeros((), dtype=dtype)
    else:
        keep = _random.rng().random(input._data.shape) >= p
        mask = keep.astype(dtype) / dtype.type(1 - p)
    noise = Tensor._make(mask)
    return input.mul_(noise) if inplace else input * noise


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices as rows of 0s and 1s: ``one_hot(t.tensor([0, 2]), 3)`` is ``[[1, 0, 0], [0, 0, 1]]``
    (int64, one more dim of size ``num_classes``)."""
    if tensor._data.dtype != int64.numpy:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    values = tensor._data
    if num_classes == -1:
        if values.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(values.max()) + 1
    if values.size:
        if values.min() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if values.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    return derived(Tensor._make((values[..., None] == np.arange(num_classes)).astype(np.int64)), tensor)


# -- convolution and pooling ---------------------------------------------------------------------


def _pair(value: Any, name: str) -> tuple[int, int]:
    """An int or a pair of ints (torch's ``_pair``)."""
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or not all(isinstance(n, int) for n in pair):
        raise TypeError(f"{name} must be an int or a tuple of two ints, not {value!r}")
    return pair  # type: ignore[return-value]


def _windows(padded: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int],
             dilation: tuple[int, int]) -> np.ndarray:
    """Every window a kernel sees, as a view ``(N, C, out_h, out_w, kernel_h, kernel_w)``."""
    spans = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    view = np.lib.stride_tricks.sliding_window_view(padded, spans, axis=(2, 3))
    return view[:, :, ::stride[0], ::stride[1], ::dilation[0], ::dilation[1]]


def _spread_windows(values: np.ndarray, padded_shape: tuple[int, ...], stride: tuple[int, int],
                    dilation: tuple[int, int]) -> np.ndarray:
    """The adjoint of ``_windows``: each window's values added back where the window read them."""
    out = np.zeros(padded_shape, dtype=values.dtype)
    out_h, out_w, kernel_h, kernel_w = values.shape[2:]
    for i in range(kernel_h):
        for j in range(kernel_w):
            rows = slice(i * dilation[0], i * dilation[0] + stride[0] * (out_h - 1) + 1, stride[0])
            cols = slice(j * dilation[1], j * dilation[1] + stride[1] * (out_w - 1) + 1, stride[1])
            out[:, :, rows, cols] += values[:, :, :, :, i, j]
    return out


def _arrays_only(function: str, *values: Any) -> None:
    """A convolution's backward is numpy code: it cannot be recorded for a second derivative."""
    if any(isinstance(value, Tensor) for value in values):
        raise RuntimeError(f"{function}: autograd_lab cannot differentiate a convolution twice "
                           "(create_graph=True through conv2d is not supported)")


class Convolution(Op):
    """2-d cross-correlation, torch's ``convolution``: on ``self`` padded with zeros, with
    stride ``s`` and dilation ``d``::

        out[n, o, h, w] = bias[o] + sum_{c,i,j} weight[o, c, i, j] * self[n, c, s*h + d*i, s*w + d*j]

    Backward:  grad_self[n, c, s*h + d*i, s*w + d*j] += sum_o grad[n, o, h, w] * weight[o, c, i, j]
               grad_weight[o, c, i, j] = sum_{n,h,w} grad[n, o, h, w] * self[n, c, s*h + d*i, s*w + d*j]
               grad_bias[o] = sum_{n,h,w} grad[n, o, h, w]
    """

    __slots__ = ("stride", "padding", "dilation")

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: tuple,
                padding: tuple, dilation: tuple) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.stride, self.padding, self.dilation = stride, padding, dilation
        padded = np.pad(a, ((0, 0), (0, 0), padding[0], padding[1]))
        windows = _windows(padded, weight.shape[2:], stride, dilation)
        out = np.einsum("nchwij,ocij->nohw", windows, weight, optimize=True)
        out += bias.reshape(1, -1, 1, 1)
        return out

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        _arrays_only("ConvolutionBackward0", grad, a, weight)
        (top, bottom), (left, right) = self.padding
        grad_input = grad_weight = grad_bias = None
        if needs_grad(self, 0):
            padded_shape = (a.shape[0], a.shape[1], a.shape[2] + top + bottom,
                            a.shape[3] + left + right)
            spread = _spread_windows(np.einsum("nohw,ocij->nchwij", grad, weight, optimize=True),
                                     padded_shape, self.stride, self.dilation)
            grad_input = spread[:, :, top:top + a.shape[2], left:left + a.shape[3]]
        if needs_grad(self, 1):
            padded = np.pad(a, ((0, 0), (0, 0), self.padding[0], self.padding[1]))
            windows = _windows(padded, weight.shape[2:], self.stride, self.dilation)
            grad_weight = np.einsum("nohw,nchwij->ocij", grad, windows, optimize=True)
        if needs_grad(self, 2):
            grad_bias = grad.sum(axis=(0, 2, 3))
        return grad_input, grad_weight, grad_bias


def _conv_padding(padding: Any, kernel: tuple[int, int], dilation: tuple[int, int],
                  stride: tuple[int, int]) -> tuple:
    """``((top, bottom), (left, right))`` from an int, a pair, ``"valid"`` or ``"same"``."""
    if padding == "valid":
        return ((0, 0), (0, 0))
    if padding == "same":
        if stride != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        if any(total % 2 for total in totals):
            warnings.warn("Using padding='same' with even kernel lengths and odd dilation may "
                          "require a zero-padded copy of the input be created", UserWarning,
                          stacklevel=3)
        return tuple((total // 2, total - total // 2) for total in totals)
    if isinstance(padding, str):
        raise ValueError(f"Invalid padding string '{padding}', should be one of ('valid', 'same')")
    return tuple((p, p) for p in _pair(padding, "padding"))


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-d convolution (cross-correlation) of a batch ``(N, C, H, W)`` (or one image ``(C, H, W)``)
    with ``weight`` ``(out_channels, C, kH, kW)``; ``groups`` must be 1 here."""
    if groups != 1:
        raise NotImplementedError("autograd_lab's conv2d supports groups=1 only")
    unbatched = input.ndim == 3
    if unbatched:
        input = input.unsqueeze(0)
    if input.ndim != 4 or weight.ndim != 4:
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got "
                           f"input of size: {list(input.shape)}")
    if input.shape[1] != weight.shape[1]:
        raise RuntimeError(
            f"Given groups=1, weight of size {list(weight.shape)}, expected "
            f"input{list(input.shape)} to have {weight.shape[1]} channels, but got "
            f"{input.shape[1]} channels instead")
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    kernel = tuple(weight.shape[2:])
    pads = _conv_padding(padding, kernel, dilation, stride)
    sizes = [input.shape[2 + axis] + sum(pads[axis]) for axis in range(2)]
    spans = [dilation[axis] * (kernel[axis] - 1) + 1 for axis in range(2)]
    if any(size < span for size, span in zip(sizes, spans)):
        raise RuntimeError(
            f"Calculated padded input size per channel: ({sizes[0]} x {sizes[1]}). Kernel size: "
            f"({spans[0]} x {spans[1]}). Kernel size can't be greater than actual input size")
    if bias is None:
        bias = Tensor._make(np.zeros(weight.shape[0], dtype=weight._data.dtype))
    out = Convolution.apply(input, weight, bias, stride=stride, padding=pads, dilation=dilation)
    return out.squeeze(0) if unbatched else out


class MaxPool2DWithIndices(Op):
    """The largest value of each window (torch's ``max_pool2d``); each output remembers which input
    element it came from.

    Backward:  grad_self = grad added at the position of each window's maximum (zero elsewhere)
    """

    __slots__ = ("key", "input_shape")

    def forward(self, a: np.ndarray, kernel: tuple, stride: tuple, padding: tuple,
                dilation: tuple) -> tuple:
        padded = np.pad(a, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2),
                        constant_values=-np.inf)
        windows = _windows(padded, kernel, stride, dilation)
        flat = windows.reshape(windows.shape[:4] + (-1,))
        choice = np.nanargmax(np.where(np.isnan(flat), np.inf, flat), axis=-1)  # NaN wins, as in torch
        out = np.take_along_axis(flat, choice[..., None], axis=-1)[..., 0]
        out_h, out_w = out.shape[2:]
        rows = (np.arange(out_h)[:, None] * stride[0] + (choice // kernel[1]) * dilation[0]
                - padding[0])
        cols = (np.arange(out_w)[None, :] * stride[1] + (choice % kernel[1]) * dilation[1]
                - padding[1])
        batch = np.arange(a.shape[0])[:, None, None, None]
        channel = np.arange(a.shape[1])[None, :, None, None]
        self.key = (batch, channel, rows, cols)
        self.input_shape = a.shape
        return out, rows * a.shape[3] + cols

    def backward(self, grad: Any, grad_indices: Any = None) -> Any:
        return max_pool2d_backward(grad, self.key, self.input_shape)


class MaxPool2DWithIndicesBackward(Op, grad_fn_name="MaxPool2DWithIndicesBackwardBackward0"):
    """The gradient of ``max_pool2d`` as an op (each window's gradient added at the position of
    its maximum), so it can be differentiated again.

    Backward:  grad_grad = grad at the position of each window's maximum (a gather)
    """

    __slots__ = ("key",)

    def forward(self, grad_output: np.ndarray, key: tuple, input_shape: tuple) -> np.ndarray:
        self.key = key
        return scatter_add(grad_output, key, input_shape)

    def backward(self, grad: Any) -> Any:
        return grad[self.key]


def max_pool2d_backward(grad: Any, key: tuple, input_shape: tuple) -> Any:
    """The gradient of ``max_pool2d``'s input: computed directly on arrays, through
    ``MaxPool2DWithIndicesBackward`` on tensors (under ``create_graph``)."""
    if is_array(grad):
        return scatter_add(grad, key, input_shape)
    return MaxPool2DWithIndicesBackward.apply(grad, key=key, input_shape=input_shape)


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each ``kernel_size`` window of a batch ``(N, C, H, W)`` (or ``(C, H, W)``),
    windows ``stride`` apart (``kernel_size`` by default)."""
    if ceil_mode:
        raise NotImplementedError("autograd_lab's max_pool2d supports ceil_mode=False only")
    kernel = _pair(kernel_size, "kernel_size")
    stride = kernel if stride is None or stride == [] else _pair(stride, "stride")
    padding, dilation = _pair(padding, "padding"), _pair(dilation, "dilation")
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                           f"pad={padding[0]}, kernel_size={kernel[0]} and dilation={dilation[0]}")
    unbatched = input.ndim == 3
    if unbatched:
        input = input.unsqueeze(0)
    if input.ndim != 4:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    out, indices = MaxPool2DWithIndices.apply(input, kernel=kernel, stride=stride,
                                              padding=padding, dilation=dilation)
    indices = derived(Tensor._make(indices._data.astype(np.int64)), input)
    if unbatched:
        out, indices = out.squeeze(0), indices.squeeze(0)
    return (out, indices) if return_indices else out


# -- embedding and batch norm --------------------------------------------------------------------


class Embedding(Op):
    """Rows of ``weight`` picked by integer ``indices``: ``out[..., :] = weight[indices[...], :]``.

    Backward:  grad_weight[i] = sum of grad[...] over the positions where indices == i
               (zero for the padding_idx row)
    """

    __slots__ = ("indices", "padding_idx", "weight_shape")

    def forward(self, weight: np.ndarray, indices: np.ndarray, padding_idx: int | None) -> np.ndarray:
        self.indices, self.padding_idx, self.weight_shape = indices, padding_idx, weight.shape
        return weight[indices]

    def backward(self, grad: Any) -> Any:
        grad_weight = scatter_add(grad, (self.indices,), self.weight_shape)
        if self.padding_idx is None:
            return grad_weight
        keep = np.ones((self.weight_shape[0], 1), dtype=bool)
        keep[self.padding_idx] = False
        return where(keep, grad_weight, 0.0)


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """The rows of ``weight`` (``(num_embeddings, dim)``) at the integer ``input`` indices: shape
    ``input.shape + (dim,)``."""
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError("autograd_lab's embedding supports neither max_norm, "
                                  "scale_grad_by_freq nor sparse")
    if input._data.dtype.kind not in "iu":
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
            f"Long, Int; but got torch.{type_name(input.dtype)}Tensor instead (while "
            "checking arguments for embedding)")
    rows = weight.shape[0]
    if input._data.size and (input._data.max() >= rows or input._data.min() < -rows):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    return Embedding.apply(weight, indices=input._data % rows if input._data.size else input._data,
                           padding_idx=padding_idx)


class NativeBatchNorm(Op):
    """Batch normalization over the batch (and length) dims, per channel ``c``::

        out = weight[c] * (self - mean) / sqrt(var + eps) + bias[c]

    with the batch's mean and (biased) variance when training, else the running ones (constants).

    Backward:  training:  grad_self = weight / sqrt(var + eps) / n * (n * grad - sum(grad)
                                      - xhat * sum(grad * xhat)),   xhat = (self - mean) / sqrt(var + eps)
               evaluating: grad_self = grad * weight / sqrt(running_var + eps)
               grad_weight = sum(grad * xhat),  grad_bias = sum(grad)   (sums over all but c)
    """

    __slots__ = ("axes", "eps", "training", "running_mean", "running_var")

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, axes: tuple,
                eps: float, training: bool, running_mean: Any, running_var: Any) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.axes, self.eps, self.training = axes, eps, training
        self.running_mean, self.running_var = running_mean, running_var
        mean, var = self._statistics(a)
        return (a - mean) / np.sqrt(var + eps) * self._per_channel(weight) + \
            self._per_channel(bias)

    def _per_channel(self, values: Any) -> Any:
        """A per-channel vector shaped to broadcast against the input."""
        ndim = len(self.axes) + 1
        return values.reshape((1, -1) + (1,) * (ndim - 2))

    def _statistics(self, a: Any) -> tuple:
        """The mean and variance normalizing ``a``: the batch's, or the running ones."""
        if self.training:
            mean = a.mean(axis=self.axes, keepdims=True)
            centered = a - mean
            return mean, (centered * centered).mean(axis=self.axes, keepdims=True)
        return self._per_channel(self.running_mean), self._per_channel(self.running_var)

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        mean, var = self._statistics(a)
        inverse_std = (var + self.eps) ** -0.5
        xhat = (a - mean) * inverse_std
        grad_weight = (grad * xhat).sum(axis=self.axes)
        grad_bias = grad.sum(axis=self.axes)
        scale = self._per_channel(weight) * inverse_std
        if self.training:
            grad_self = scale * (grad - grad.mean(axis=self.axes, keepdims=True)
                                 - xhat * (grad * xhat).mean(axis=self.axes, keepdims=True))
        else:
            grad_self = grad * scale
        return grad_self, grad_weight, grad_bias


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalize each channel (dim 1) of ``input`` by the batch's statistics (``training``; the
    running ones are updated in place: ``(1 - momentum) * running + momentum * batch``, with the
    unbiased variance) or by the running statistics."""
    if input.ndim < 2:
        raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")
    axes = (0,) + tuple(range(2, input.ndim))
    count = input.numel() // input.shape[1] if input.shape[1] else 0
    if training and count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{input.shape}")
    dt = input._data.dtype
    channels = input.shape[1]
    weight = weight if weight is not None else Tensor._make(np.ones(channels, dtype=dt))
    bias = bias if bias is not None else Tensor._make(np.zeros(channels, dtype=dt))
    if training and running_mean is not None:
        data = input._data
        batch_mean = data.mean(axis=axes)
        batch_var = data.var(axis=axes, ddof=1)
        running_mean._data *= 1 - momentum
        running_mean._data += momentum * batch_mean
        running_var._data *= 1 - momentum
        running_var._data += momentum * batch_var
        running_mean._bump_version()
        running_var._bump_version()
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    return NativeBatchNorm.apply(
        input, weight, bias, axes=axes, eps=eps, training=training,
        running_mean=None if training else running_mean._data.copy(),
        running_var=None if training else running_var._data.copy())
