"""``t.nn.functional`` (``import autograd_lab.nn.functional as F``): layers and losses as functions.

``relu``, ``sigmoid``, ``tanh``, ``softmax`` and ``log_softmax`` are the tensor ops themselves; the
losses live in ``autograd_lab.ops.losses``. The ops defined here are the ones torch computes as one
node: ``linear``'s ``addmm`` and the activations ``gelu``, ``leaky_relu`` and ``softplus``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import random as _random
from .._dtypes import int64
from ..autograd.op import Op
from ..ops._grad import sum_to_shape, where
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
           "binary_cross_entropy", "binary_cross_entropy_with_logits"]

_DTYPE_NAMES = {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}


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
                           f"{_DTYPE_NAMES[b.dtype.name]} and {_DTYPE_NAMES[c.dtype.name]}")
    if a.dtype != c.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{_DTYPE_NAMES[a.dtype.name]} and {_DTYPE_NAMES[c.dtype.name]}")
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
    return Tensor._make((values[..., None] == np.arange(num_classes)).astype(np.int64))
