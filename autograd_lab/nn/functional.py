"""``t.nn.functional`` (``import autograd_lab.nn.functional as F``): layers and losses as functions.

``relu``, ``sigmoid``, ``tanh``, ``softmax`` and ``log_softmax`` are the tensor ops themselves; the
losses live in ``autograd_lab.ops.losses``. The ops defined here are the ones torch computes as one
node: ``linear``'s ``addmm``, the activations ``gelu``, ``leaky_relu`` and ``softplus``, ``conv2d``,
``max_pool2d``, ``embedding`` and ``batch_norm``. Each is a class with its forward and backward side
by side as plain math; where torch records the backward as a node of its own under ``create_graph``
(``GeluBackwardBackward0``, ``ConvolutionBackwardBackward0``, ``NativeBatchNormBackwardBackward0``,
...), the backward applies that op, so a second derivative goes through torch's nodes. The faster
kernels of ``linear`` are in ``autograd_lab.fast_paths``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import random as _random
from .._dtypes import int64, type_name
from .._matmul_rounding import matmul_as_torch_rounds
from ..autograd import grad_mode
from ..autograd.meta import is_meta, meta_array
from ..autograd.op import Op, broadcast_error
from ..autograd.record import derived, note, watching
from ..ops._grad import scatter_add, where, zeros, zeros_like
from ..ops.elementwise import Sigmoid, SigmoidBackward
from ..ops.linalg import bilinear
from ..ops.losses import (
    AddScalar,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cast_error,
    cross_entropy,
    l1_loss,
    mse_loss,
    nll_loss,
)
from ..ops.reductions import pairwise_distance
from ..ops.shape import no_dims_message, normalize_dim
from ..tensor import Tensor
from ._tracing import from_sizes as _from_sizes
from .activation_functions import (
    floating_kernel,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    logsigmoid,
    prelu,
    relu6,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
    threshold_,
)
from .interpolation import interpolate, upsample
from .loss_functions import huber_loss, kl_div, smooth_l1_loss
from .margin_losses import (
    cosine_embedding_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    poisson_nll_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from .sampling import affine_grid, grid_sample

__all__ = ["linear", "addmm", "relu", "leaky_relu", "gelu", "sigmoid", "tanh", "softplus", "softmax",
           "log_softmax", "dropout", "one_hot", "mse_loss", "l1_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv2d", "max_pool2d",
           "embedding", "batch_norm", "layer_norm", "smooth_l1_loss", "huber_loss", "kl_div", "pad",
           "normalize", "cosine_similarity", "avg_pool2d", "adaptive_avg_pool2d",
           "conv1d", "conv_transpose1d", "conv_transpose2d", "max_pool1d", "avg_pool1d",
           "adaptive_avg_pool1d", "adaptive_max_pool1d", "adaptive_max_pool2d",
           "group_norm", "instance_norm", "rms_norm", "softmin", "hardtanh", "relu6", "threshold",
           "hardshrink", "softshrink", "logsigmoid", "hardswish", "hardsigmoid", "glu", "prelu",
           "softsign", "tanhshrink", "pixel_shuffle", "pixel_unshuffle", "interpolate", "upsample",
           "unfold", "fold", "affine_grid", "grid_sample", "embedding_bag",
           "scaled_dot_product_attention", "silu",
           "mish", "elu", "selu", "celu", "pairwise_distance", "bilinear"]
__all__ += ["dropout1d", "dropout2d", "dropout3d"]
__all__ += ["relu_", "elu_", "leaky_relu_", "hardtanh_", "selu_", "celu_", "threshold_", "rrelu",
            "rrelu_", "max_pool1d_with_indices", "max_pool2d_with_indices", "max_unpool1d",
            "max_unpool2d", "lp_pool1d", "lp_pool2d", "local_response_norm", "gumbel_softmax",
            "pdist", "alpha_dropout", "channel_shuffle", "upsample_nearest", "upsample_bilinear"]
__all__ += ["margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss",
            "multilabel_soft_margin_loss", "cosine_embedding_loss", "poisson_nll_loss",
            "gaussian_nll_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
            "multi_margin_loss", "multilabel_margin_loss"]



# -- linear --------------------------------------------------------------------------------------


class Addmm(Op):
    """``beta * self + alpha * (mat1 @ mat2)``: what ``linear`` computes as ``bias + x @ W.T``.
    ``self`` broadcasts to the product's shape; with ``beta == 0`` it is ignored (NaN included).

    Backward:  grad_self = beta * grad   (summed back to self's shape)
               grad_mat1 = alpha * grad @ mat2.T,  grad_mat2 = alpha * mat1.T @ grad
    Forward:   result_t = beta * self_t + alpha * (mat1_t @ mat2 + mat1 @ mat2_t)
    """

    __slots__ = ("beta", "alpha")
    broadcasts = True

    def forward(self, bias: np.ndarray, mat1: np.ndarray, mat2: np.ndarray, beta: Any = 1,
                alpha: Any = 1) -> np.ndarray:
        self.save_for_backward(mat1, mat2)
        self.beta, self.alpha = beta, alpha
        if beta == 1 and alpha == 1:  # torch's kernel adds the products to the bias, in its order
            return matmul_as_torch_rounds(mat1, mat2, start=bias)
        product = alpha * matmul_as_torch_rounds(mat1, mat2)
        return product if beta == 0 else beta * bias + product

    def backward(self, grad: Any) -> tuple:
        mat1, mat2 = self.saved_tensors
        wants_self, wants_mat1, wants_mat2 = self.needs_input_grad
        scaled = self.alpha * grad
        return (self.beta * grad if wants_self else None,
                matmul_as_torch_rounds(scaled, mat2.T) if wants_mat1 else None,
                matmul_as_torch_rounds(mat1.T, scaled) if wants_mat2 else None)

    def jvp(self, self_t: Any, mat1_t: Any, mat2_t: Any) -> Any:
        mat1, mat2 = self.saved_tensors
        # (as torch: self_t * 0 where beta == 0, so a NaN tangent of self stays NaN)
        products = matmul_as_torch_rounds(mat1_t, mat2) + matmul_as_torch_rounds(mat1, mat2_t)
        return self_t * self.beta + products * self.alpha


def _filled(array: np.ndarray, like: Tensor) -> Tensor:
    """A default weight or bias (ones, zeros) as a tensor: a constant for a compiler's tracer; on
    the meta device when ``like`` (the input) is there."""
    out = Tensor._make(meta_array(array.shape, array.dtype) if is_meta(like) else array)
    if watching.count:
        note("constant", out)
    return out


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` for matrices ``mat1``, ``mat2``; ``input`` broadcasts."""
    a, b, c = input._data, mat1._data, mat2._data
    for name, matrix in (("mat1", b), ("mat2", c)):
        if matrix.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {matrix.ndim}-D tensor")
    if a.dtype != c.dtype:  # (torch compares self with mat2 first)
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{type_name(a.dtype)} and {type_name(c.dtype)}")
    if b.dtype != c.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{type_name(b.dtype)} and {type_name(c.dtype)}")
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


def relu_(input: Tensor) -> Tensor:
    """``relu`` in place: ``input`` itself, its negative entries set to 0 (``ReluBackward0``)."""
    return relu(input, inplace=True)


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + exp(-input))`` elementwise."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent, elementwise."""
    return input.tanh()


class LeakyRelu(Op):
    """``self`` where positive, ``negative_slope * self`` elsewhere.

    Backward:  grad_self = grad where self > 0, negative_slope * grad elsewhere
               (the node LeakyReluBackward)
    Forward:   result_t = self_t where self > 0, negative_slope * self_t elsewhere
               (the node LeakyReluBackward)
    """

    __slots__ = ("negative_slope",)

    def forward(self, a: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
        self.save_for_backward(a)
        self.negative_slope = negative_slope
        return np.where(a > 0, a, a * negative_slope)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return LeakyReluBackward.apply(grad, a, negative_slope=self.negative_slope)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return LeakyReluBackward.apply(self_t, a, negative_slope=self.negative_slope)


class LeakyReluBackward(Op, grad_fn_name="LeakyReluBackwardBackward0"):
    """leaky_relu's backward as an op: ``g`` where ``self > 0``, ``negative_slope * g`` elsewhere,
    for the incoming gradient ``g`` (what a second derivative of leaky_relu differentiates).

    Backward:  grad_g = grad where self > 0, negative_slope * grad elsewhere,  grad_self = 0
    Forward:   result_t = g_t where self > 0, negative_slope * g_t elsewhere   (this op again)
    """

    __slots__ = ("negative_slope",)

    def forward(self, g: np.ndarray, a: np.ndarray, negative_slope: float) -> np.ndarray:
        self.save_for_backward(a)
        self.negative_slope = negative_slope
        return np.where(a > 0, g, g * negative_slope)

    def backward(self, grad: Any) -> tuple:
        (a,) = self.saved_tensors
        return LeakyReluBackward.apply(grad, a, negative_slope=self.negative_slope), zeros_like(a)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return LeakyReluBackward.apply(g_t, a, negative_slope=self.negative_slope)


class LeakyReluInplace(LeakyRelu, torch_name="LeakyRelu", overload=1):
    """``leaky_relu_``: the same values, recorded as torch's in-place node ``LeakyReluBackward1``
    (torch differentiates it through the result, so it refuses a negative slope in backward).

    Backward:  grad_self = grad where self > 0, negative_slope * grad elsewhere
               (RuntimeError for negative_slope < 0, as torch)
    Forward:   result_t = self_t where self > 0, negative_slope * self_t elsewhere
    """

    __slots__ = ()

    def backward(self, grad: Any) -> Any:
        if self.negative_slope < 0:
            raise RuntimeError(
                "In-place leakyReLu backward calculation is triggered with a negative slope which "
                "is not supported. This is caused by calling in-place forward function with a "
                "negative slope, please call out-of-place version instead. File an issue at "
                "https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu "
                "backward calculation with negative slope")
        return LeakyRelu.backward(self, grad)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """ReLU with a small slope for negative inputs (so they still get a gradient)."""
    floating_kernel("leaky_relu_cpu", input)
    if inplace:
        return input._inplace(LeakyReluInplace.apply, negative_slope=negative_slope)
    return LeakyRelu.apply(input, negative_slope=negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """``leaky_relu`` in place (``LeakyReluBackward1``)."""
    return leaky_relu(input, negative_slope, inplace=True)


class RreluWithNoise(Op):
    """The randomized leaky ReLU: ``self * noise``, ``noise`` the slope of each element (1 where
    ``self > 0``; drawn from ``U(lower, upper)`` in training, ``(lower + upper) / 2`` in eval).

    Backward:  grad_self = grad * noise   (a product: torch's MulBackward0 under create_graph)
    Forward:   result_t = self_t * noise
    """

    __slots__ = ("noise",)

    def forward(self, a: np.ndarray, noise: np.ndarray) -> np.ndarray:
        self.noise = noise
        return a * noise

    def backward(self, grad: Any) -> Any:
        return grad * self.noise

    def jvp(self, self_t: Any) -> Any:
        return self_t * self.noise


class RreluWithNoiseInplace(RreluWithNoise, torch_name="RreluWithNoise", overload=1):
    """``rrelu_``: ``RreluWithNoise`` in place (the node ``RreluWithNoiseBackward1``).

    Backward:  grad_self = grad * noise
    Forward:   result_t = self_t * noise
    """

    __slots__ = ()


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False) -> Tensor:
    """The randomized leaky ReLU: ``x`` where positive, else ``a * x`` with ``a`` drawn uniformly
    from ``[lower, upper]`` for each element in training (seeded by ``t.manual_seed``), the mean
    slope ``(lower + upper) / 2`` in eval."""
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    floating_kernel("rrelu_with_noise_out_cpu" if training else "leaky_relu_cpu", input)
    a = input._data
    if training:
        drawn = _random.rng().uniform(lower, upper, a.shape).astype(a.dtype)
        noise = np.where(a <= 0, drawn, np.ones((), a.dtype))
    else:
        noise = np.where(a > 0, np.ones((), a.dtype), np.asarray((lower + upper) / 2, a.dtype))
    if inplace:
        return input._inplace(RreluWithNoiseInplace.apply, noise=noise)
    return RreluWithNoise.apply(input, noise=noise)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False) -> Tensor:
    """``rrelu`` in place (``RreluWithNoiseBackward1``)."""
    return rrelu(input, lower, upper, training, inplace=True)


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
    Forward:   result_t = self_t * gelu'(self)   (the node GeluBackward)
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
        return GeluBackward.apply(grad, a, approximate=self.approximate)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return GeluBackward.apply(self_t, a, approximate=self.approximate)


class GeluBackward(Op, grad_fn_name="GeluBackwardBackward0"):
    """The gradient of ``gelu`` as an op, ``grad_output * gelu'(self)``, so it can be differentiated
    again (``gelu'`` needs ``erf``, which only this op computes).

    Backward:  grad_grad_output = grad * gelu'(self)   (this op again)
               grad_self = grad * grad_output * gelu''(self)
    Forward:   result_t = grad_output_t * gelu'(self) + self_t * grad_output * gelu''(self)
    """

    __slots__ = ("approximate",)

    def forward(self, grad_output: np.ndarray, a: np.ndarray, approximate: str = "none") -> np.ndarray:
        self.save_for_backward(grad_output, a)
        self.approximate = approximate
        return grad_output * _gelu_slope(a, approximate)

    def backward(self, grad: Any) -> tuple:
        grad_output, a = self.saved_tensors
        wants_grad_output, wants_self = self.needs_input_grad
        return (GeluBackward.apply(grad, a, approximate=self.approximate) if wants_grad_output
                else None,
                grad * grad_output * _gelu_curvature(a, self.approximate) if wants_self else None)

    def jvp(self, grad_output_t: Any, self_t: Any) -> Any:
        grad_output, a = self.saved_tensors
        return (GeluBackward.apply(grad_output_t, a, approximate=self.approximate)
                + self_t * grad_output * _gelu_curvature(a, self.approximate))


def gelu_backward(grad_output: Tensor, input: Tensor, approximate: str = "none") -> Tensor:
    """``grad_output * gelu'(input)``, torch's ``gelu_backward``: the input gradient of ``gelu`` as a
    differentiable function (``GeluBackwardBackward0``)."""
    return GeluBackward.apply(grad_output, input, approximate=approximate)


def _gelu_slope(a: np.ndarray, approximate: str) -> np.ndarray:
    """``gelu'(a)`` (GeluBackward's forward: arrays only)."""
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
    floating_kernel("GeluKernelImpl", input)
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate=approximate)


class Softplus(Op):
    """``log(1 + exp(beta * self)) / beta``, and ``self`` itself where ``beta * self > threshold``.

    Backward:  grad_self = grad * sigmoid(beta * self)   (grad where beta * self > threshold)
               (the node SoftplusBackward)
    Forward:   result_t = self_t * sigmoid(beta * self)   (self_t where beta * self > threshold)
               (the node SoftplusBackward)
    """

    __slots__ = ("beta", "threshold")

    def forward(self, a: np.ndarray, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
        self.save_for_backward(a)
        self.beta, self.threshold = beta, threshold
        scaled = a * beta
        # in float64: numpy's float32 exp may flush tiny results (exp(-100)) to zero, torch's not
        smooth = np.log1p(np.exp(scaled.astype(np.float64))) / beta
        return np.where(scaled > threshold, a, smooth).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return SoftplusBackward.apply(grad, a, beta=self.beta, threshold=self.threshold)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return SoftplusBackward.apply(self_t, a, beta=self.beta, threshold=self.threshold)


class SoftplusBackward(Op, grad_fn_name="SoftplusBackwardBackward0"):
    """softplus's backward as an op: ``g * sigmoid(beta * self)``, and ``g`` where
    ``beta * self > threshold``, for the incoming gradient ``g``.

    Backward:  grad_g = grad * sigmoid(beta * self)   (grad where beta * self > threshold)
               grad_self = beta * grad * g * s * (1 - s),  s = sigmoid(beta * self)
                           (0 where beta * self >= threshold)
    Forward:   result_t = SoftplusBackward(g_t, self) + beta * self_t * g * s * (1 - s)
                          (the second term 0 where beta * self >= threshold)
    """

    __slots__ = ("beta", "threshold")

    def forward(self, g: np.ndarray, a: np.ndarray, beta: float, threshold: float) -> np.ndarray:
        self.save_for_backward(g, a)
        self.beta, self.threshold = beta, threshold
        scaled = a * beta
        z = np.exp(scaled)
        return np.where(scaled > threshold, g, g * z / (z + 1))  # z / (z + 1): sigmoid, as torch

    def backward(self, grad: Any) -> tuple:
        g, a = self.saved_tensors
        wants_g, wants_self = self.needs_input_grad
        return (SoftplusBackward.apply(grad, a, beta=self.beta, threshold=self.threshold)
                if wants_g else None, self._curved(grad, g, a) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, a = self.saved_tensors
        return (SoftplusBackward.apply(g_t, a, beta=self.beta, threshold=self.threshold)
                + self._curved(self_t, g, a))

    def _curved(self, v: Any, g: Any, a: Any) -> Any:
        """``beta * v * g * s * (1 - s)``, ``s = sigmoid(beta * self)`` (0 where beta * self >=
        threshold): the part of the derivative along ``self``, for a gradient or a tangent ``v``."""
        scaled = a * self.beta
        curvature = SigmoidBackward.apply(v * g, Sigmoid.apply(scaled)) * self.beta
        return where(scaled < self.threshold, curvature, 0)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """A smooth ReLU: ``log(1 + exp(beta * x)) / beta`` (linear above ``threshold``)."""
    floating_kernel("softplus_cpu", input)
    return Softplus.apply(input, beta=beta, threshold=threshold)


def _one(like: Any) -> Any:
    """The constant 1 in ``like``'s dtype and kind: torch's C++ ``1.0 - x`` (``SubBackward0``)."""
    return zeros((), like=like) + 1


class Silu(Op):
    """The sigmoid linear unit (swish): ``self * sigmoid(self)``.

    Backward:  grad_self = grad * s * (1 + self * (1 - s)),  s = sigmoid(self)
               (torch's formula, recorded as those ops under create_graph)
    Forward:   result_t = self_t * s * (1 + self * (1 - s))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return a / (1 + np.exp(-a))

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        s = Sigmoid.apply(a)
        return grad * s * AddScalar.apply(a * (_one(s) - s), other=1.0)

    def jvp(self, self_t: Any) -> Any:
        return Silu.backward(self, self_t)  # (the same formula, self_t for grad)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)`` elementwise (the swish)."""
    floating_kernel("silu_cpu", input)
    if inplace:
        return input._inplace(silu)
    return Silu.apply(input)


class Mish(Op):
    """``self * tanh(softplus(self))``.

    Backward:  grad_self = grad * (tsp + self * sigmoid(self) * (1 - tsp**2)),
               tsp = tanh(log1p(exp(self)))
               (torch's formula, recorded as those ops under create_graph)
    Forward:   result_t = self_t * (tsp + self * sigmoid(self) * (1 - tsp**2))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return a * np.tanh(np.log1p(np.exp(a)))

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        tanh_softplus = np.tanh(np.log1p(np.exp(a)))
        return grad * (tanh_softplus
                       + a * Sigmoid.apply(a) * (_one(a) - tanh_softplus * tanh_softplus))

    def jvp(self, self_t: Any) -> Any:
        return Mish.backward(self, self_t)  # (the same formula, self_t for grad)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))`` elementwise."""
    floating_kernel("mish_cpu", input)
    if inplace:
        return input._inplace(mish)
    return Mish.apply(input)


class Elu(Op):
    """The exponential linear unit: ``scale * self`` where positive, else
    ``scale * alpha * (exp(input_scale * self) - 1)`` (``selu`` is it with fixed constants).

    Backward:  grad_self = grad * scale * alpha * input_scale * exp(input_scale * self)
               where self <= 0, grad * scale elsewhere   (the node EluBackward)
    Forward:   result_t = the same with self_t for grad   (the node EluBackward)
    """

    __slots__ = ("alpha", "scale", "input_scale")

    def forward(self, a: np.ndarray, alpha: float = 1.0, scale: float = 1.0,
                input_scale: float = 1.0) -> np.ndarray:
        self.save_for_backward(a)
        self.alpha, self.scale, self.input_scale = alpha, scale, input_scale
        negative = np.expm1(a * input_scale) * (alpha * scale)
        return np.where(a > 0, a * scale, negative).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return EluBackward.apply(grad, a, alpha=self.alpha, scale=self.scale,
                                 input_scale=self.input_scale)

    def jvp(self, self_t: Any) -> Any:
        return Elu.backward(self, self_t)  # (the same formula, self_t for grad)


class Celu(Elu):
    """The continuously differentiable ELU: ``elu`` with ``input_scale = 1 / alpha``.

    Backward:  grad_self = grad where self > 0, grad * exp(self / alpha) elsewhere
               (the node EluBackward)
    Forward:   result_t = self_t where self > 0, self_t * exp(self / alpha) elsewhere
    """

    __slots__ = ()


class _EluResult(Elu):
    """What the in-place ELUs share: the same values as ``Elu``, recorded as torch's in-place node
    (``EluBackward1``, ``CeluBackward1``), which differentiates through the result and so refuses a
    negative ``alpha`` in backward."""

    __slots__ = ()

    def backward(self, grad: Any) -> Any:
        if self.alpha < 0:
            raise RuntimeError(
                "In-place elu backward calculation is triggered with a negative slope which is not "
                "supported. This is caused by calling in-place forward function with a negative "
                "slope, please call out-of-place version instead.")
        return Elu.backward(self, grad)


class EluInplace(_EluResult, torch_name="Elu", overload=1):
    """``elu_`` and ``selu_``: ``Elu`` in place (the node ``EluBackward1``).

    Backward:  grad_self = grad * scale * alpha * input_scale * exp(input_scale * self)
               where self <= 0, grad * scale elsewhere (RuntimeError for alpha < 0, as torch)
    Forward:   result_t = the same with self_t for grad
    """

    __slots__ = ()


class CeluInplace(_EluResult, torch_name="Celu", overload=1):
    """``celu_``: ``Celu`` in place (the node ``CeluBackward1``).

    Backward:  grad_self = grad where self > 0, grad * exp(self / alpha) elsewhere
               (RuntimeError for alpha < 0, as torch)
    Forward:   result_t = self_t where self > 0, self_t * exp(self / alpha) elsewhere
    """

    __slots__ = ()


class EluBackward(Op, grad_fn_name="EluBackwardBackward0"):
    """elu's backward as an op: for the incoming gradient ``g``,
    ``g * scale * alpha * input_scale * exp(input_scale * self)`` where ``self <= 0``, ``g * scale``
    elsewhere (NaN included).

    Backward:  grad_g = EluBackward(grad, self)   (this op again)
               grad_self = grad * g * scale * alpha * input_scale**2 * exp(input_scale * self)
                           where self < 0, 0 elsewhere
    Forward:   result_t = EluBackward(g_t, self) + (grad_self's formula with self_t for grad)
    """

    __slots__ = ("alpha", "scale", "input_scale")

    def forward(self, g: np.ndarray, a: np.ndarray, alpha: float, scale: float,
                input_scale: float) -> np.ndarray:
        self.save_for_backward(g, a)
        self.alpha, self.scale, self.input_scale = alpha, scale, input_scale
        negative = g * (alpha * scale * input_scale) * np.exp(a * input_scale)
        # (torch's test is self <= 0: a NaN input passes g * scale)
        return np.where(a <= 0, negative, g * scale).astype(g.dtype, copy=False)

    def backward(self, grad: Any) -> tuple:
        g, a = self.saved_tensors
        wants_g, wants_self = self.needs_input_grad
        return (self._again(grad, a) if wants_g else None,
                self._curved(grad, g, a) if wants_self else None)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        g, a = self.saved_tensors
        return self._again(g_t, a) + self._curved(self_t, g, a)

    def _again(self, v: Any, a: Any) -> Any:
        return EluBackward.apply(v, a, alpha=self.alpha, scale=self.scale,
                                 input_scale=self.input_scale)

    def _curved(self, v: Any, g: Any, a: Any) -> Any:
        """``v * g * scale * alpha * input_scale**2 * exp(input_scale * self)`` where self < 0
        (torch's elu_double_backward: 0 at self == 0 and at NaN)."""
        factor = self.alpha * self.scale * self.input_scale * self.input_scale
        return where(a < 0, v * g * np.exp(a * self.input_scale) * factor, 0)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere."""
    floating_kernel("elu_cpu", input)
    if inplace:
        return input._inplace(EluInplace.apply, alpha=alpha, scale=1.0, input_scale=1.0)
    return Elu.apply(input, alpha=alpha, scale=1.0, input_scale=1.0)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``elu`` in place (``EluBackward1``)."""
    return elu(input, alpha, inplace=True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """``scale * elu(x, alpha)`` with the self-normalizing constants (alpha 1.6733, scale 1.0507);
    torch records it as an ``elu`` (``EluBackward0``)."""
    floating_kernel("elu_cpu", input)
    op = EluInplace if inplace else Elu
    arguments = {"alpha": _SELU_ALPHA, "scale": _SELU_SCALE, "input_scale": 1.0}
    return input._inplace(op.apply, **arguments) if inplace else op.apply(input, **arguments)


def selu_(input: Tensor) -> Tensor:
    """``selu`` in place (torch records it as an in-place elu: ``EluBackward1``)."""
    return selu(input, inplace=True)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""
    floating_kernel("elu_cpu", input)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    if inplace:
        return input._inplace(CeluInplace.apply, alpha=alpha, scale=1.0, input_scale=1.0 / alpha)
    return Celu.apply(input, alpha=alpha, scale=1.0, input_scale=1.0 / alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``celu`` in place (``CeluBackward1``)."""
    return celu(input, alpha, inplace=True)


def _softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    """torch's legacy choice of dim when none is given (with its deprecation warning)."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                  "include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """``exp(x) / exp(x).sum(dim)``: scores to probabilities along ``dim``."""
    if dim is None:
        dim = _softmax_dim("softmax", input.ndim, _stacklevel)
    return input.softmax(dim, dtype=dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
            dtype: Any = None) -> Tensor:
    """``softmax(-input, dim)``, as torch computes it."""
    if dim is None:
        dim = _softmax_dim("softmin", input.ndim, _stacklevel)
    return (-input).softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
                dtype: Any = None) -> Tensor:
    """``x - logsumexp(x, dim)``: the log of ``softmax``, computed stably."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.ndim, _stacklevel)
    return input.log_softmax(dim, dtype=dtype)


# -- dropout and one_hot -------------------------------------------------------------------------


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """In training, zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``
    (so the expected value is unchanged); outside training, return ``input`` itself. As in torch it
    is a multiplication by a random mask (``MulBackward0``). Seeded by ``t.manual_seed``."""
    _check_dropout_p(p)
    return _masked_dropout(input, p, training, inplace, input.shape)


def _check_scaled_dropout(dtype: np.dtype) -> None:
    """torch scales the kept elements by a float in place: an integer or bool input fails."""
    if dtype.kind not in "fcV":
        raise cast_error(np.dtype(np.float32), dtype)


def _check_dropout_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _masked_dropout(input: Tensor, p: float, training: bool, inplace: bool,
                    mask_shape: tuple[int, ...]) -> Tensor:
    """``input`` times a random mask of ``mask_shape`` (broadcast over the rest): each mask entry
    is 0 with probability ``p``, else ``1 / (1 - p)``."""
    if p == 0 or not training or input.numel() == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        mask = np.zeros((), dtype=dtype)
    else:
        _check_scaled_dropout(dtype)
        keep = _random.rng().random(tuple(mask_shape)) >= p
        mask = keep.astype(dtype) / dtype.type(1 - p)
    noise = Tensor._make(mask)
    return input.mul_(noise) if inplace else input * noise


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool) -> Tensor:
    """Whole channels dropped: one mask entry per (sample, channel), dims 0 and 1."""
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _masked_dropout(input, p, training, inplace,
                           tuple(input.shape[:2]) + (1,) * (input.ndim - 2))


def _unbatched_feature_dropout(input: Tensor, p: float, training: bool, inplace: bool,
                               batched: bool) -> Tensor:
    """``_feature_dropout`` of an input given a batch dim of 1 when it has none (torch's
    unsqueeze / squeeze around the kernel, so the graph shows them too)."""
    if batched:
        return _feature_dropout(input, p, training, inplace)
    input = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    result = _feature_dropout(input, p, training, inplace)
    return result.squeeze_(0) if inplace else result.squeeze(0)


def _feature_dropout_warning(name: str, ndim: int, spatial: int) -> None:
    words = {2: "2", 3: "3"}[spatial]
    warnings.warn(f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will "
                  "result in an error in a future release. To retain the behavior and silence this "
                  f"warning, please use dropout instead. Note that {name} exists to provide "
                  f"channel-wise dropout on inputs with {words} spatial dimensions, a channel "
                  f"dimension, and an optional batch dimension (i.e. {spatial + 1}D or "
                  f"{spatial + 2}D inputs).", UserWarning, stacklevel=3)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Channel-wise dropout of ``(N, C, L)`` or unbatched ``(C, L)`` input: each channel of each
    sample is zeroed with probability ``p`` as a whole, the rest scaled by ``1 / (1 - p)``."""
    _check_dropout_p(p)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. "
                           "Note that dropout1d exists to provide channel-wise dropout on inputs "
                           "with 1 spatial dimension, a channel dimension, and an optional batch "
                           "dimension (i.e. 2D or 3D inputs).")
    return _unbatched_feature_dropout(input, p, training, inplace, input.ndim == 3)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Channel-wise dropout of ``(N, C, H, W)`` input (each ``input[n, c]`` zeroed as a whole with
    probability ``p``). As in torch, a 3-d input is taken as ``(N, C, L)`` (with a warning), and
    other ranks are deprecated (a warning) but run."""
    _check_dropout_p(p)
    if input.ndim not in (3, 4):
        _feature_dropout_warning("dropout2d", input.ndim, 2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape (N, C, L), "
                      "where C is the channel dim. This behavior will change in a future release "
                      "to interpret the input as one without a batch dimension, i.e. shape "
                      "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch "
                      "to using dropout1d instead.", UserWarning, stacklevel=2)
    return _feature_dropout(input, p, training, inplace)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Channel-wise dropout of ``(N, C, D, H, W)`` or unbatched ``(C, D, H, W)`` input; other
    ranks are deprecated (a warning) but run."""
    _check_dropout_p(p)
    if input.ndim not in (4, 5):
        _feature_dropout_warning("dropout3d", input.ndim, 3)
    return _unbatched_feature_dropout(input, p, training, inplace, input.ndim == 5)


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
    """Every window a kernel sees over the last two dims, as a view
    ``(N, C, out_h, out_w, kernel_h, kernel_w)`` (or ``(C, ...)``)."""
    spans = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    view = np.lib.stride_tricks.sliding_window_view(padded, spans, axis=(-2, -1))
    return view[..., ::stride[0], ::stride[1], ::dilation[0], ::dilation[1]]


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


def _padded(a: np.ndarray, padding: tuple) -> np.ndarray:
    """``a`` with ``((top, bottom), (left, right))`` rows and columns of zeros around each image."""
    return np.pad(a, ((0, 0), (0, 0), padding[0], padding[1]))


def _grouped(a: np.ndarray, groups: int) -> np.ndarray:
    """Channels (axis 1) split into ``groups``: ``(N, C, ...)`` as ``(N, G, C / G, ...)``."""
    return a.reshape(a.shape[0], groups, a.shape[1] // groups, *a.shape[2:])


def _grouped_weight(weight: np.ndarray, groups: int) -> np.ndarray:
    """A weight ``(O, C / G, kH, kW)`` as ``(G, O / G, C / G, kH, kW)``: each group's own filters."""
    return weight.reshape(groups, weight.shape[0] // groups, *weight.shape[1:])


def _ungrouped(a: np.ndarray) -> np.ndarray:
    """The inverse of ``_grouped``: ``(N, G, C / G, ...)`` as ``(N, C, ...)``."""
    return a.reshape(a.shape[0], a.shape[1] * a.shape[2], *a.shape[3:])


def _correlate(a: np.ndarray, weight: np.ndarray, stride: tuple, padding: tuple,
               dilation: tuple, groups: int) -> np.ndarray:
    """``sum_{c,i,j} weight[o, c, i, j] * padded[n, c, s*h + d*i, s*w + d*j]`` for every n, o, h, w,
    ``c`` running over the channels of output channel ``o``'s group."""
    windows = _windows(_padded(a, padding), weight.shape[2:], stride, dilation)
    return _ungrouped(np.einsum("ngchwij,gocij->ngohw", _grouped(windows, groups),
                                _grouped_weight(weight, groups), optimize=True))


def _correlate_input_grad(g: np.ndarray, weight: np.ndarray, input_shape: tuple, stride: tuple,
                          padding: tuple, dilation: tuple, groups: int) -> np.ndarray:
    """The adjoint of ``_correlate`` in its input: each output's ``g`` spread back, through the
    weight, onto the input elements its window read (the padding's share dropped)."""
    (top, bottom), (left, right) = padding
    n, c, height, width = input_shape
    spread = _spread_windows(
        _ungrouped(np.einsum("ngohw,gocij->ngchwij", _grouped(g, groups),
                             _grouped_weight(weight, groups), optimize=True)),
        (n, c, height + top + bottom, width + left + right), stride, dilation)
    return spread[:, :, top:top + height, left:left + width]


def _correlate_weight_grad(g: np.ndarray, a: np.ndarray, kernel: tuple, stride: tuple,
                           padding: tuple, dilation: tuple, groups: int) -> np.ndarray:
    """The adjoint of ``_correlate`` in its weight: ``g`` against the windows of the input."""
    windows = _windows(_padded(a, padding), kernel, stride, dilation)
    per_group = np.einsum("ngohw,ngchwij->gocij", _grouped(g, groups), _grouped(windows, groups),
                          optimize=True)
    return per_group.reshape(-1, *per_group.shape[2:])


def _transposed_shape(input_shape: tuple, weight_shape: tuple, stride: tuple, padding: tuple,
                      dilation: tuple, output_padding: tuple, groups: int) -> tuple:
    """The output shape of a transposed convolution: ``(H - 1) s - 2 p + d (k - 1) + op + 1``."""
    spatial = tuple((size - 1) * s - sum(pads) + d * (k - 1) + extra + 1
                    for size, s, pads, d, k, extra in zip(input_shape[2:], stride, padding,
                                                          dilation, weight_shape[2:],
                                                          output_padding))
    return (input_shape[0], weight_shape[1] * groups, *spatial)


def _convolve(a: np.ndarray, weight: np.ndarray, stride: tuple, padding: tuple, dilation: tuple,
              transposed: bool, output_padding: tuple, groups: int) -> np.ndarray:
    """Cross-correlation, or its adjoint in the input (``transposed``), of 4-d arrays, no bias."""
    if transposed:
        shape = _transposed_shape(a.shape, weight.shape, stride, padding, dilation,
                                  output_padding, groups)
        return _correlate_input_grad(a, weight, shape, stride, padding, dilation, groups)
    return _correlate(a, weight, stride, padding, dilation, groups)


def _planar(a: np.ndarray) -> np.ndarray:
    """A 1-d convolution's array ``(N, C, L)`` as a 2-d one ``(N, C, 1, L)`` (a view)."""
    return a[:, :, None] if a.ndim == 3 else a


def _as_rank(a: np.ndarray, rank: int) -> np.ndarray:
    """A result of ``_planar`` arrays back to ``rank`` dims."""
    return a[:, :, 0] if rank == 3 else a


class Convolution(Op):
    """2-d (and 1-d: one row) cross-correlation, torch's ``convolution``: on ``self`` padded with
    zeros, with stride ``s``, dilation ``d`` and channels in ``groups`` (``c`` runs over output
    channel ``o``'s group)::

        out[n, o, h, w] = bias[o] + sum_{c,i,j} weight[o, c, i, j] * self[n, c, s*h + d*i, s*w + d*j]

    ``transposed`` (``conv_transpose``): the adjoint of that map in ``self``, each input element
    spread through the weight ``(C_in, C_out / groups, kH, kW)`` onto the output,
    ``out[n, c, s*h + d*i - p, s*w + d*j - q] += self[n, o, h, w] * weight[o, c, i, j]`` (plus bias),
    ``output_padding`` rows and columns more at the bottom and right.

    Backward:  grad_self[n, c, s*h + d*i, s*w + d*j] += sum_o grad[n, o, h, w] * weight[o, c, i, j]
               grad_weight[o, c, i, j] = sum_{n,h,w} grad[n, o, h, w] * self[n, c, s*h + d*i, s*w + d*j]
               grad_bias[o] = sum_{n,h,w} grad[n, o, h, w]
               (transposed: grad_self = correlation of grad with weight, grad_weight the same sum
               with self and grad swapped; the three together: the node ConvolutionBackward)
    Forward:   result_t = convolution(self_t, weight, bias_t) + convolution(self, weight_t)
    """

    __slots__ = ("params",)

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: tuple,
                padding: tuple, dilation: tuple, transposed: bool = False,
                output_padding: tuple = (0, 0), groups: int = 1) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.params = {"stride": stride, "padding": padding, "dilation": dilation,
                       "transposed": transposed, "output_padding": output_padding,
                       "groups": groups}
        out = _convolve(_planar(a), _planar(weight), **self.params)
        return _as_rank(out + bias.reshape((1, -1, 1, 1)), a.ndim)

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        return ConvolutionBackward.apply(grad, a, weight, output_mask=self.needs_input_grad,
                                         **self.params)

    @staticmethod
    def meta_shapes(a: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: tuple,
                    padding: tuple, dilation: tuple, transposed: bool = False,
                    output_padding: tuple = (0, 0), groups: int = 1) -> tuple:
        """The result's shape and dtype alone, for the meta device (inputs far too large to
        compute on): ``(H + pads - d (k - 1) - 1) // s + 1`` per spatial dimension."""
        planar_a, planar_weight = _planar(a).shape, _planar(weight).shape
        if transposed:
            shape = _transposed_shape(planar_a, planar_weight, stride, padding, dilation,
                                      output_padding, groups)
        else:
            spatial = tuple((size + sum(pads) - d * (k - 1) - 1) // s + 1
                            for size, pads, s, d, k in zip(planar_a[2:], padding, stride, dilation,
                                                           planar_weight[2:]))
            shape = (planar_a[0], planar_weight[0], *spatial)
        return (shape if a.ndim == 4 else shape[:2] + shape[3:]), np.result_type(a, weight)

    def jvp(self, self_t: Any, weight_t: Any, bias_t: Any) -> Any:
        a, weight = self.saved_tensors
        no_bias = zeros((bias_t.shape[0],), like=weight)
        return (Convolution.apply(self_t, weight, bias_t, **self.params)
                + Convolution.apply(a, weight_t, no_bias, **self.params))


class ConvolutionBackward(Op, grad_fn_name="ConvolutionBackwardBackward0"):
    """convolution's backward as an op: for the incoming gradient ``g``, the gradients of ``self``,
    ``weight`` and ``bias`` (those ``output_mask`` asks for; None for the others).

    Backward:  (each output is linear in g, and in self or weight: the adjoints are convolutions)
               grad_g = convolution(gg_self, weight, gg_bias) + convolution(self, gg_weight)
               grad_self = ConvolutionBackward(g, self, gg_weight)'s grad_self
               grad_weight = ConvolutionBackward(g, gg_self, weight)'s grad_weight
    Forward:   grad_self_t = ConvolutionBackward(g_t, self, weight) + ConvolutionBackward(g, self, weight_t)
               grad_weight_t = ConvolutionBackward(g_t, self, weight) + ConvolutionBackward(g, self_t, weight)
               grad_bias_t = sum(g_t)   (each the output of that name: grad_self is bilinear in g and
               weight, grad_weight in g and self, grad_bias linear in g)
    """

    __slots__ = ("params", "output_mask")
    num_outputs = 3

    def forward(self, g: np.ndarray, a: np.ndarray, weight: np.ndarray, stride: tuple,
                padding: tuple, dilation: tuple, output_mask: tuple, transposed: bool = False,
                output_padding: tuple = (0, 0), groups: int = 1) -> tuple:
        self.save_for_backward(g, a, weight)
        self.params = {"stride": stride, "padding": padding, "dilation": dilation,
                       "transposed": transposed, "output_padding": output_padding,
                       "groups": groups}
        self.output_mask = output_mask
        wants_self, wants_weight, wants_bias = output_mask
        rank = a.ndim
        g, a, weight = _planar(g), _planar(a), _planar(weight)
        sliding = (stride, padding, dilation, groups)
        grad_self = grad_weight = None
        if transposed:  # the roles of self and g swap: g is what the windows slide over
            if wants_self:
                grad_self = _correlate(g, weight, *sliding)
            if wants_weight:
                grad_weight = _correlate_weight_grad(a, g, weight.shape[2:], *sliding)
        else:
            if wants_self:
                grad_self = _correlate_input_grad(g, weight, a.shape, *sliding)
            if wants_weight:
                grad_weight = _correlate_weight_grad(g, a, weight.shape[2:], *sliding)
        return (None if grad_self is None else _as_rank(grad_self, rank),
                None if grad_weight is None else _as_rank(grad_weight, rank),
                g.sum(axis=(0, 2, 3)) if wants_bias else None)

    def _bias_size(self, weight: Any) -> int:
        return weight.shape[1] * self.params["groups"] if self.params["transposed"] \
            else weight.shape[0]

    def backward(self, gg_self: Any, gg_weight: Any, gg_bias: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_g, wants_self, wants_weight = self.needs_input_grad
        # (a gradient nobody sent is zero)
        gg_self = zeros_like(a) if gg_self is None else gg_self
        gg_weight = zeros_like(weight) if gg_weight is None else gg_weight
        no_bias = zeros((self._bias_size(weight),), like=weight)
        gg_bias = no_bias if gg_bias is None else gg_bias
        grad_g = grad_self = grad_weight = None
        if wants_g:
            grad_g = (Convolution.apply(gg_self, weight, gg_bias, **self.params)
                      + Convolution.apply(a, gg_weight, no_bias, **self.params))
        if wants_self:
            grad_self = ConvolutionBackward.apply(g, a, gg_weight, output_mask=(True, False, False),
                                                  **self.params)[0]
        if wants_weight:
            grad_weight = ConvolutionBackward.apply(g, gg_self, weight,
                                                    output_mask=(False, True, False),
                                                    **self.params)[1]
        return grad_g, grad_self, grad_weight

    def jvp(self, g_t: Any, self_t: Any, weight_t: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_self, wants_weight, _ = self.output_mask
        along_g = ConvolutionBackward.apply(g_t, a, weight, output_mask=self.output_mask,
                                            **self.params)
        grad_self_t, grad_weight_t, grad_bias_t = along_g
        if wants_self:
            grad_self_t = grad_self_t + ConvolutionBackward.apply(
                g, a, weight_t, output_mask=(True, False, False), **self.params)[0]
        if wants_weight:
            grad_weight_t = grad_weight_t + ConvolutionBackward.apply(
                g, self_t, weight, output_mask=(False, True, False), **self.params)[1]
        return grad_self_t, grad_weight_t, grad_bias_t


def _conv_padding(padding: Any, kernel: tuple[int, int], dilation: tuple[int, int],
                  stride: tuple[int, int]) -> tuple:
    """``((top, bottom), (left, right))`` from an int, a pair, ``"valid"`` or ``"same"``."""
    if padding == "valid":
        return ((0, 0), (0, 0))
    if padding == "same":
        if stride != (1, 1):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        if any(total % 2 for total in totals):
            warnings.warn("Using padding='same' with even kernel lengths and odd dilation may "
                          "require a zero-padded copy of the input be created", UserWarning,
                          stacklevel=3)
        return tuple((total // 2, total - total // 2) for total in totals)
    if isinstance(padding, str):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    return tuple((p, p) for p in _pair(padding, "padding"))


def _conv_input(name: str, input: Tensor, weight: Tensor, bias: Tensor | None, groups: int,
                spatial_dims: int, transposed: bool = False) -> tuple[Tensor, bool]:
    """torch's checks of a convolution's input, weight and bias; the input given a batch dim if it
    had none, and whether it had none."""
    if not isinstance(groups, int) or isinstance(groups, bool):
        raise TypeError(f"{name}(): argument 'groups' must be int, not {type(groups).__name__}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    unbatched = input.ndim == spatial_dims + 1
    if unbatched:
        input = input.unsqueeze(0)
    if input.ndim != spatial_dims + 2 or weight.ndim != spatial_dims + 2:
        raise RuntimeError(f"Expected {spatial_dims + 1}D (unbatched) or {spatial_dims + 2}D "
                           f"(batched) input to {name}, but got input of size: "
                           f"{list(input.shape)}")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at "
                           f"dimension 0, but got weight of size [{list(weight.shape)}] instead")
    if transposed:
        given, channels, outputs = "Given transposed=1, weight", weight.shape[0], \
            weight.shape[1] * groups
    else:
        given, channels, outputs = "Given weight", weight.shape[1] * groups, weight.shape[0]
    if input.shape[1] != channels:
        grouped = given if transposed else f"Given groups={groups}, weight"
        raise RuntimeError(f"{grouped} of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {channels} channels, but got "
                           f"{input.shape[1]} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != outputs):
        raise RuntimeError(f"{given} of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {outputs} elements, but got bias of size "
                           f"{list(bias.shape)} instead")
    return input, unbatched


def _spatial(value: Any, name: str, spatial_dims: int, fill: int) -> tuple[int, int]:
    """A convolution's stride, dilation, padding or output padding as a pair: a 1-d one's value
    after ``fill`` for the one row it is computed on. One value stands for every dim; a list of
    another length is torch's error."""
    values = (value,) if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        values = values * spatial_dims
    if len(values) != spatial_dims:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of "
                           f"{spatial_dims} values to match the convolution dimensions, but got "
                           f"{name}={list(values)}")
    return values if spatial_dims == 2 else (fill, values[0])


# C++ names of dtypes, as torch's conv bias check prints them
_C_TYPE_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
                 "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
                 "float16": "c10::Half", "bool": "bool"}


def _check_conv_args(input: Tensor, bias: Tensor | None, pads: tuple, stride: tuple,
                     dilation: tuple, output_padding: tuple | None = None) -> None:
    """torch's first checks of a convolution's numbers and bias dtype, in its order (before the
    shapes'); ``output_padding`` is given for a transposed one (which takes a bias of another
    dtype)."""
    if any(p < 0 for pair in pads for p in pair):
        raise RuntimeError("negative padding is not supported")
    if output_padding is not None and any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(n <= 0 for n in stride):
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) < 0:
        raise RuntimeError("dilation should be greater than zero")
    if output_padding is None and bias is not None and bias._data.dtype != input._data.dtype:
        names = [_C_TYPE_NAMES.get(a._data.dtype.name, a._data.dtype.name) for a in (input, bias)]
        raise RuntimeError(f"Input type ({names[0]}) and bias type ({names[1]}) should be the same")


def _check_conv_operands(input: Tensor, weight: Tensor, dilation: tuple,
                         transposed: bool = False) -> None:
    """torch's checks after the shapes': a zero dilation, then the weight's dtype."""
    if min(dilation) == 0:
        raise RuntimeError("dilation should be greater than zero, but got " + (
            f"dilation_height: {dilation[0]}, dilation_width: {dilation[1]}" if transposed
            else f"{list(dilation)}"))
    if input._data.dtype != weight._data.dtype:
        raise RuntimeError(f"expected scalar type {type_name(input._data.dtype)} but found "
                           f"{type_name(weight._data.dtype)}")


def _sizes_text(sizes: Any, spatial_dims: int) -> str:
    return " x ".join(str(n) for n in list(sizes)[-spatial_dims:])


def _convolution(name: str, input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any,
                 padding: Any, dilation: Any, groups: int, spatial_dims: int) -> Tensor:
    """conv1d and conv2d: checks, the padding worked out, then one Convolution node."""
    stride = _spatial(stride, "stride", spatial_dims, 1)
    dilation = _spatial(dilation, "dilation", spatial_dims, 1)
    kernel = (1,) * (2 - spatial_dims) + tuple(weight.shape[2:])
    if isinstance(padding, str):
        pads = _conv_padding(padding, kernel, dilation, stride)
    else:
        pads = tuple((p, p) for p in _spatial(padding, "padding", spatial_dims, 0))
    _check_conv_args(input, bias, pads, stride, dilation)
    input, unbatched = _conv_input(name, input, weight, bias, groups, spatial_dims)
    _check_conv_operands(input, weight, dilation)
    planar_shape = (1,) * (2 - spatial_dims) + tuple(input.shape[2:])
    sizes = [planar_shape[axis] + sum(pads[axis]) for axis in range(2)]
    spans = [dilation[axis] * (kernel[axis] - 1) + 1 for axis in range(2)]
    if any(size < span for size, span in zip(sizes, spans)):
        raise RuntimeError(
            f"Calculated padded input size per channel: ({_sizes_text(sizes, spatial_dims)}). "
            f"Kernel size: ({_sizes_text(spans, spatial_dims)}). Kernel size can't be greater "
            "than actual input size")
    if bias is None:
        bias = _filled(np.zeros(weight.shape[0], dtype=weight._data.dtype), input)
    out = Convolution.apply(input, weight, bias, stride=stride, padding=pads, dilation=dilation,
                            groups=groups)
    return out.squeeze(0) if unbatched else out


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-d convolution (cross-correlation) of a batch ``(N, C, H, W)`` (or one image ``(C, H, W)``)
    with ``weight`` ``(out_channels, C / groups, kH, kW)``: with ``groups`` > 1 each group of
    ``C / groups`` input channels has its own ``out_channels / groups`` filters."""
    return _convolution("conv2d", input, weight, bias, stride, padding, dilation, groups, 2)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-d convolution (cross-correlation) of a batch ``(N, C, L)`` (or ``(C, L)``) with ``weight``
    ``(out_channels, C / groups, k)``: the same node as conv2d (``ConvolutionBackward0``), on one row."""
    return _convolution("conv1d", input, weight, bias, stride, padding, dilation, groups, 1)


def _conv_transpose(name: str, input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any,
                    padding: Any, output_padding: Any, groups: int, dilation: Any,
                    spatial_dims: int) -> Tensor:
    """conv_transpose1d and conv_transpose2d: checks, then one (transposed) Convolution node."""
    if isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
    stride = _spatial(stride, "stride", spatial_dims, 1)
    dilation = _spatial(dilation, "dilation", spatial_dims, 1)
    extra = _spatial(output_padding, "output_padding", spatial_dims, 0)
    pads = tuple((p, p) for p in _spatial(padding, "padding", spatial_dims, 0))
    _check_conv_args(input, bias, pads, stride, dilation, extra)
    input, unbatched = _conv_input(name, input, weight, bias, groups, spatial_dims,
                                   transposed=True)
    _check_conv_operands(input, weight, dilation, transposed=True)
    if bias is not None and bias._data.dtype != input._data.dtype:
        bias = bias.to(input.dtype)  # torch's transposed kernel reads the bias in input's dtype
    if any(op >= s and op >= d for op, s, d in zip(extra, stride, dilation)):
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            f"output_padding_height: {extra[0]} output_padding_width: {extra[1]} stride_height: "
            f"{stride[0]} stride_width: {stride[1]} dilation_height: {dilation[0]} "
            f"dilation_width: {dilation[1]}")
    planar_shape = (1,) * (2 - spatial_dims) + tuple(input.shape)
    out_shape = _transposed_shape(planar_shape, (1,) * (2 - spatial_dims) + tuple(weight.shape),
                                  stride, pads, dilation, extra, groups)
    if min(out_shape[2:]) < 1:
        raise RuntimeError(f"Given input size per channel: ({_sizes_text(planar_shape[2:], 2)}). "
                           f"Calculated output size per channel: "
                           f"({_sizes_text(out_shape[2:], 2)}). Output size is too small")
    if bias is None:
        bias = _filled(np.zeros(weight.shape[1] * groups, dtype=weight._data.dtype), input)
    out = Convolution.apply(input, weight, bias, stride=stride, padding=pads, dilation=dilation,
                            transposed=True, output_padding=extra, groups=groups)
    return out.squeeze(0) if unbatched else out


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """Transposed 2-d convolution (the input-gradient of ``conv2d``, used to upsample) of a batch
    ``(N, C_in, H, W)`` with ``weight`` ``(C_in, C_out / groups, kH, kW)``: output size
    ``(H - 1) * stride - 2 * padding + dilation * (kH - 1) + output_padding + 1``."""
    return _conv_transpose("conv_transpose2d", input, weight, bias, stride, padding,
                           output_padding, groups, dilation, 2)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """Transposed 1-d convolution of a batch ``(N, C_in, L)`` with ``weight``
    ``(C_in, C_out / groups, k)`` (conv_transpose2d on one row)."""
    return _conv_transpose("conv_transpose1d", input, weight, bias, stride, padding,
                           output_padding, groups, dilation, 1)


class MaxPool2DWithIndices(Op):
    """The largest value of each window (torch's ``max_pool2d``); each output remembers which input
    element it came from. (``extra``: rows and columns past the bottom-right padding that the last
    windows of ``ceil_mode`` reach; like the padding, they never win.)

    Backward:  grad_self = grad added at the position of each window's maximum (zero elsewhere)
    Forward:   result_t = self_t at the position of each window's maximum (a gather; indices: none)
    """

    __slots__ = ("key",)

    def forward(self, a: np.ndarray, kernel: tuple, stride: tuple, padding: tuple,
                dilation: tuple, extra: tuple = (0, 0)) -> tuple:
        self.save_for_backward(a)
        # the padding never wins: -inf, or an integer dtype's lowest value
        lowest = -np.inf if a.dtype.kind in "fV" else np.iinfo(a.dtype).min
        padded = np.pad(a, ((0, 0),) * (a.ndim - 2) + ((padding[0], padding[0] + extra[0]),
                                                       (padding[1], padding[1] + extra[1])),
                        constant_values=lowest)
        windows = _windows(padded, kernel, stride, dilation)
        flat = windows.reshape(windows.shape[:-2] + (-1,))
        choice = np.nanargmax(np.where(np.isnan(flat), np.inf, flat), axis=-1)  # NaN wins, as in torch
        out = np.take_along_axis(flat, choice[..., None], axis=-1)[..., 0]
        out_h, out_w = out.shape[-2:]
        rows = (np.arange(out_h)[:, None] * stride[0] + (choice // kernel[1]) * dilation[0]
                - padding[0])
        cols = (np.arange(out_w)[None, :] * stride[1] + (choice % kernel[1]) * dilation[1]
                - padding[1])
        self.key = _window_key(a.shape, rows, cols)
        return out, rows * a.shape[-1] + cols

    def backward(self, grad: Any, grad_indices: Any = None) -> Any:
        (a,) = self.saved_tensors
        return MaxPool2DWithIndicesBackward.apply(grad, a, key=self.key)

    def jvp(self, self_t: Any) -> tuple:
        return self_t[self.key], None


class MaxPool2DWithIndicesBackward(Op, grad_fn_name="MaxPool2DWithIndicesBackwardBackward0"):
    """The gradient of ``max_pool2d`` as an op (each window's gradient added at the position of
    its maximum), so it can be differentiated again (``self``, the pooled input, is an input as in
    torch: the result does not depend on its values).

    Backward:  grad_grad = grad at the position of each window's maximum (a gather),  grad_self = 0
    Forward:   result_t = grad_output_t added at the position of each window's maximum (this op again)
    """

    __slots__ = ("key",)

    def forward(self, grad_output: np.ndarray, a: np.ndarray, key: tuple) -> np.ndarray:
        self.save_for_backward(a)
        self.key = key
        return scatter_add(grad_output, key, a.shape)

    def backward(self, grad: Any) -> tuple:
        (a,) = self.saved_tensors
        return grad[self.key], zeros_like(a)

    def jvp(self, grad_output_t: Any, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._again(grad_output_t, a)

    def _again(self, grad_output: Any, a: Any) -> Any:
        return MaxPool2DWithIndicesBackward.apply(grad_output, a, key=self.key)


def _window_key(shape: tuple, rows: np.ndarray, cols: np.ndarray) -> tuple:
    """The numpy key of the elements at ``rows``, ``cols`` (each ``(..., out_h, out_w)``) of an
    array of ``shape`` ``(N, C, H, W)`` or ``(C, H, W)``: one element per output."""
    leading = np.indices(shape[:-2], sparse=True)
    return (*(index.reshape(index.shape + (1, 1)) for index in leading), rows, cols)


def _pool_output_size(size: int, kernel: int, padding: int, stride: int, dilation: int,
                      ceil_mode: bool) -> int:
    """How many windows fit (torch's ``pooling_output_shape``): with ``ceil_mode`` a last partial
    window counts too, as long as it starts inside the input or its left padding."""
    span = dilation * (kernel - 1) + 1
    count = (size + 2 * padding - span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (count - 1) * stride >= size + padding:
        count -= 1
    return count


def _pool_outputs(input: Tensor, kernel: tuple, stride: tuple, padding: tuple, dilation: tuple,
                  ceil_mode: bool) -> list[int]:
    """The output's height and width, with torch's error when one is below 1."""
    sizes = input.shape[-2:]
    outs = [_pool_output_size(*args, ceil_mode)
            for args in zip(sizes, kernel, padding, stride, dilation)]
    if min(outs) < 1:
        raise RuntimeError(f"Given input size: ({input.shape[-3]}x{sizes[0]}x{sizes[1]}). "
                           f"Calculated output size: ({input.shape[-3]}x{max(outs[0], 0)}x"
                           f"{max(outs[1], 0)}). Output size is too small")
    return outs


def _check_pool_args(kernel: tuple, stride: tuple, padding: tuple,
                     dilation: tuple = (1, 1)) -> None:
    """torch's checks of a pooling's numbers, in its order."""
    if 0 in stride:
        raise RuntimeError("stride should not be zero")
    if min(kernel) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} "
                           f"kW: {kernel[1]}")
    if min(stride) < 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {stride[0]} "
                           f"dW: {stride[1]}")
    if min(padding) < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: "
                           f"{dilation[0]} dilationW: {dilation[1]}")


def _check_pool_padding(padding: tuple, kernel: tuple, dilation: tuple) -> None:
    """At most half a window of padding on each side (torch's message names the failing dim)."""
    for p, k, d in zip(padding, kernel, dilation):
        if 2 * p > k:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")


def _pool_stride(stride: Any, kernel: tuple) -> tuple:
    """``stride``, ``kernel_size`` when None or ``[]`` (torch's default)."""
    return kernel if stride is None or (isinstance(stride, list | tuple) and not stride) \
        else _pair(stride, "stride")


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each ``kernel_size`` window of a batch ``(N, C, H, W)`` (or ``(C, H, W)``),
    windows ``stride`` apart (``kernel_size`` by default); ``ceil_mode`` keeps a last window that
    only partly fits; ``return_indices`` also gives where each maximum is (``h * W + w``)."""
    kernel = _pair(kernel_size, "kernel_size")
    stride = _pool_stride(stride, kernel)
    padding, dilation = _pair(padding, "padding"), _pair(dilation, "dilation")
    _check_pool_args(kernel, stride, padding, dilation)
    _check_pool_padding(padding, kernel, dilation)
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"max_pool2d\" not implemented for 'Bool'")
    outs = _pool_outputs(input, kernel, stride, padding, dilation, ceil_mode)
    extra = tuple(max(0, (out - 1) * s + d * (k - 1) + 1 - (size + 2 * p))
                  for out, s, d, k, size, p in zip(outs, stride, dilation, kernel,
                                                   input.shape[-2:], padding))
    out, indices = MaxPool2DWithIndices.apply(input, kernel=kernel, stride=stride,
                                              padding=padding, dilation=dilation, extra=extra)
    indices = derived(Tensor._make(indices._data.astype(np.int64)), input)
    return (out, indices) if return_indices else out


class AdaptiveMaxPool2D(MaxPool2DWithIndices):
    """The largest value of each of ``out_h x out_w`` regions tiling the image (region ``i`` of
    ``H`` rows: ``floor(i * H / out_h)`` to ``ceil((i + 1) * H / out_h)``); each output remembers
    which input element it came from.

    Backward:  grad_self = grad added at the position of each region's maximum (the node
               AdaptiveMaxPool2DBackward)
    Forward:   result_t = self_t at the position of each region's maximum (a gather; indices: none)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, output_size: tuple) -> tuple:
        self.save_for_backward(a)
        out_h, out_w = output_size
        height, width = a.shape[-2:]
        rows = np.zeros(a.shape[:-2] + (out_h, out_w), dtype=np.int64)
        cols = np.zeros_like(rows)
        for i, (top, bottom) in enumerate(_adaptive_bounds(height, out_h)):
            for j, (left, right) in enumerate(_adaptive_bounds(width, out_w)):
                region = a[..., top:bottom, left:right].reshape(
                    a.shape[:-2] + ((bottom - top) * (right - left),))  # (-1 fails on an empty batch)
                # NaN wins, as in torch; else the first of equal maxima
                choice = np.argmax(np.where(np.isnan(region), np.inf, region), axis=-1)
                rows[..., i, j] = top + choice // (right - left)
                cols[..., i, j] = left + choice % (right - left)
        self.key = _window_key(a.shape, rows, cols)
        return a[self.key], rows * width + cols

    def backward(self, grad: Any, grad_indices: Any = None) -> Any:
        (a,) = self.saved_tensors
        return AdaptiveMaxPool2DBackward.apply(grad, a, key=self.key)


class AdaptiveMaxPool2DBackward(MaxPool2DWithIndicesBackward,
                                grad_fn_name="AdaptiveMaxPool2DBackwardBackward0"):
    """The gradient of ``adaptive_max_pool2d`` as an op (each region's gradient added at the
    position of its maximum), so it can be differentiated again.

    Backward:  grad_grad = grad at the position of each region's maximum (a gather)
    Forward:   result_t = grad_output_t added at the position of each region's maximum (this op again)
    """

    __slots__ = ()

    def _again(self, grad_output: Any, a: Any) -> Any:
        return AdaptiveMaxPool2DBackward.apply(grad_output, a, key=self.key)


def _adaptive_bounds(size: int, out: int) -> list[tuple[int, int]]:
    """Region ``i`` of ``out`` over ``size`` positions: ``floor(i * size / out)`` to
    ``ceil((i + 1) * size / out)`` (torch's adaptive pooling)."""
    return [((i * size) // out, -((-(i + 1) * size) // out)) for i in range(out)]


def _adaptive_sizes(name: str, output_size: Any, input: Tensor, dims: int) -> list[int]:
    """``output_size`` (an int for every dim, a tuple; None keeps that input size) as a list."""
    sizes = [output_size] * dims if isinstance(output_size, int) or output_size is None \
        else list(output_size)
    if len(sizes) != dims:
        if dims == 1:
            raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got "
                               f"{len(sizes)})")
        raise RuntimeError(f"{name}: output_size must be 2")
    return [input.shape[input.ndim - dims + i] if n is None else n for i, n in enumerate(sizes)]


def _check_nonempty(name: str, input: Tensor) -> None:
    """torch's error for an adaptive pooling of an input with an empty dim past the first."""
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {dim} being empty")


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Max pooling to a fixed ``output_size`` ``(out_h, out_w)`` (an int for both; None keeps that
    input size), whatever the input's size; ``return_indices`` also gives where each maximum is."""
    if input.ndim not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: "
                           f"{list(input.shape)}")
    outs = _adaptive_sizes("adaptive_max_pool2d", output_size, input, 2)
    _check_nonempty("adaptive_max_pool2d", input)
    if min(outs) < 0:
        shape = [*input.shape[:-2], *outs]
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(outs)}: {shape}")
    floating_kernel("adaptive_max_pool2d", input)
    out, indices = AdaptiveMaxPool2D.apply(input, output_size=tuple(outs))
    indices = derived(Tensor._make(indices._data.astype(np.int64)), input)
    return (out, indices) if return_indices else out


def _check_1d_pool(name: str, input: Tensor) -> None:
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor "
                           f"for argument #1 'self' (while checking arguments for {name})")


def _on_rows(pool: Any, input: Tensor, *args: Any, **kwargs: Any) -> Any:
    """A 1-d pooling as torch computes it: the 2-d pooling of ``input.unsqueeze(-2)`` (one row),
    then ``squeeze(-2)`` of each result."""
    result = pool(input.unsqueeze(-2), *args, **kwargs)
    if isinstance(result, tuple):
        return tuple(part.squeeze(-2) for part in result)
    return result.squeeze(-2)


def max_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each ``kernel_size`` window of a batch ``(N, C, L)`` (or ``(C, L)``):
    max_pool2d on one row."""
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim "
                           f"batch size for input, but got:{list(input.shape)}")
    kernel, padding, dilation = _single(kernel_size), _single(padding), _single(dilation)
    stride = kernel if stride is None or (isinstance(stride, list | tuple) and not stride) \
        else _single(stride)
    for label, value in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
        if value <= 0:
            raise RuntimeError(f"max_pool1d() {label} must be greater than zero, but got {value}")
    if padding < 0:
        raise RuntimeError(f"max_pool1d() pad must be non-negative, but got {padding}")
    if 2 * padding > kernel:
        raise RuntimeError("max_pool1d() padding should be at most half of kernel size, but got "
                           f"padding={padding} and kernel_size={kernel}")
    size = _pool_output_size(input.shape[-1], kernel, padding, stride, dilation, ceil_mode)
    if size < 1:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {size}")
    if not return_indices:  # torch's kernel without indices takes floating point only
        floating_kernel("max_pool1d_impl", input)
    return _on_rows(max_pool2d, input, (1, kernel), (1, stride), (0, padding), (1, dilation),
                    ceil_mode, return_indices)


def avg_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """The mean of each ``kernel_size`` window of a batch ``(N, C, L)`` (or ``(C, L)``):
    avg_pool2d on one row."""
    _check_1d_pool("avg_pool1d", input)
    kernel = _single(kernel_size)
    stride = kernel if stride is None or (isinstance(stride, list | tuple) and not stride) \
        else _single(stride)
    return _on_rows(avg_pool2d, input, (1, kernel), (1, stride), (0, _single(padding)), ceil_mode,
                    count_include_pad)


def adaptive_avg_pool1d(input: Tensor, output_size: Any) -> Tensor:
    """Average pooling of ``(N, C, L)`` (or ``(C, L)``) to ``output_size`` positions:
    adaptive_avg_pool2d on one row."""
    _check_1d_pool("adaptive_avg_pool1d", input)
    (size,) = _adaptive_sizes("adaptive_avg_pool1d", output_size, input, 1)
    return _on_rows(adaptive_avg_pool2d, input, (1, size))


def adaptive_max_pool1d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Max pooling of ``(N, C, L)`` (or ``(C, L)``) to ``output_size`` positions:
    adaptive_max_pool2d on one row."""
    _check_1d_pool("adaptive_max_pool1d", input)
    (size,) = _adaptive_sizes("adaptive_max_pool1d", output_size, input, 1)
    _check_nonempty("adaptive_max_pool1d", input)
    return _on_rows(adaptive_max_pool2d, input, (1, size), return_indices)


# -- embedding and batch norm --------------------------------------------------------------------


class Embedding(Op):
    """Rows of ``weight`` picked by integer ``indices``: ``out[..., :] = weight[indices[...], :]``.

    Backward:  grad_weight[i] = sum of grad[...] over the positions where indices == i
               (zero for the padding_idx row; the node EmbeddingDenseBackward)
    Forward:   result_t = weight_t[indices]   (padding_idx's row too: it only stops gradients)
    """

    __slots__ = ("indices", "padding_idx", "num_weights")

    def forward(self, weight: np.ndarray, indices: np.ndarray, padding_idx: int | None) -> np.ndarray:
        self.indices, self.padding_idx, self.num_weights = indices, padding_idx, weight.shape[0]
        return weight[indices]

    def backward(self, grad: Any) -> Any:
        return EmbeddingDenseBackward.apply(grad, indices=self.indices, num_weights=self.num_weights,
                                            padding_idx=self.padding_idx)

    def jvp(self, weight_t: Any) -> Any:
        return Embedding.apply(weight_t, indices=self.indices, padding_idx=self.padding_idx)


class EmbeddingDenseBackward(Op, grad_fn_name="EmbeddingDenseBackwardBackward0"):
    """embedding's backward as an op: ``num_weights`` rows of zeros, each ``g[...]`` added to the row
    its index picked (the ``padding_idx`` row left at zero).

    Backward:  grad_g[...] = grad[indices[...]]   (0 where indices == padding_idx)
    Forward:   result_t = each g_t[...] added to the row its index picked   (this op again)
    """

    __slots__ = ("indices", "padding_idx", "num_weights")

    def forward(self, g: np.ndarray, indices: np.ndarray, num_weights: int,
                padding_idx: int | None) -> np.ndarray:
        self.indices, self.padding_idx, self.num_weights = indices, padding_idx, num_weights
        rows = np.zeros((num_weights, g.shape[-1]), dtype=g.dtype)
        np.add.at(rows, indices, g)  # (an index picked twice gets both gradients)
        if padding_idx is not None:
            rows[padding_idx] = 0
        return rows

    def backward(self, grad: Any) -> Any:
        picked = Embedding.apply(grad, indices=self.indices, padding_idx=self.padding_idx)
        if self.padding_idx is None:
            return picked
        return where((self.indices == self.padding_idx)[..., None], 0, picked)

    def jvp(self, g_t: Any) -> Any:
        return EmbeddingDenseBackward.apply(g_t, indices=self.indices, num_weights=self.num_weights,
                                            padding_idx=self.padding_idx)


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """The rows of ``weight`` (``(num_embeddings, dim)``) at the integer ``input`` indices: shape
    ``input.shape + (dim,)``. With ``max_norm``, each row looked up whose ``norm_type``-norm is
    larger is first scaled down to that norm, in ``weight`` itself (torch's ``embedding_renorm_``,
    unrecorded)."""
    if scale_grad_by_freq or sparse:
        raise NotImplementedError("autograd_lab's embedding supports neither scale_grad_by_freq "
                                  "nor sparse")
    if input._data.dtype.kind not in "iu":
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
            f"Long, Int; but got torch.{type_name(input.dtype)}Tensor instead (while "
            "checking arguments for embedding)")
    rows = weight.shape[0]
    # torch's lookup reads no index from the end: -1 is out of range as rows is
    if input._data.size and (input._data.max() >= rows or input._data.min() < 0):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    if max_norm is not None:
        _renorm_rows(weight, np.unique(input._data), max_norm, norm_type)
    return Embedding.apply(weight, indices=input._data, padding_idx=padding_idx)


def _renorm_rows(weight: Tensor, rows: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Scale each of ``rows`` of ``weight`` whose norm exceeds ``max_norm`` by
    ``max_norm / (norm + 1e-7)``, in place (the weight's version goes up, as torch's)."""
    values = weight._data[rows]
    norms = np.linalg.norm(values, ord=norm_type, axis=1)
    scales = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
    weight._data[rows] = values * scales[:, None].astype(values.dtype)
    weight._bump_version()


class _BatchNorm(Op):
    """What batch norm and its backward share: the statistics, ``xhat`` and the projection ``P``."""

    __slots__ = ("axes", "eps", "training", "running_mean", "running_var")

    def _normalized(self, a: Any) -> tuple:
        """``xhat`` and ``h = 1 / sqrt(var + eps)`` (per channel)."""
        mean, var = _statistics(self, a)
        h = (var + self.eps) ** -0.5
        return (a - mean) * h, h

    def _mean(self, values: Any) -> Any:
        return values.mean(axis=self.axes, keepdims=True)

    def _project(self, v: Any, xhat: Any) -> Any:
        """``P(v) = v - M(v) - xhat * M(v * xhat)``: v without its part along 1 and along xhat."""
        return v - self._mean(v) - xhat * self._mean(v * xhat)


class NativeBatchNorm(_BatchNorm):
    """Batch normalization over the batch (and length) dims, per channel ``c``::

        out = weight[c] * (self - mean) / sqrt(var + eps) + bias[c]

    with the batch's mean and (biased) variance when training, else the running ones (constants).

    Backward:  training:  grad_self = weight / sqrt(var + eps) / n * (n * grad - sum(grad)
                                      - xhat * sum(grad * xhat)),   xhat = (self - mean) / sqrt(var + eps)
               evaluating: grad_self = grad * weight / sqrt(running_var + eps)
               grad_weight = sum(grad * xhat),  grad_bias = sum(grad)   (sums over all but c)
               (the three together: the node NativeBatchNormBackward)
    Forward:   result_t = weight * xhat_t + weight_t * xhat + bias_t,
               xhat_t = (self_t - M(self_t) - xhat * M(self_t * xhat)) / sqrt(var + eps)   (training;
               M: the mean over all but c),  xhat_t = self_t / sqrt(running_var + eps)   (evaluating)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, axes: tuple,
                eps: float, training: bool, running_mean: Any, running_var: Any) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.axes, self.eps, self.training = axes, eps, training
        self.running_mean, self.running_var = running_mean, running_var
        mean, var = _statistics(self, a)
        return (a - mean) / np.sqrt(var + eps) * _per_channel(weight, axes) + \
            _per_channel(bias, axes)

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        return NativeBatchNormBackward.apply(
            grad, a, weight, axes=self.axes, eps=self.eps, training=self.training,
            running_mean=self.running_mean, running_var=self.running_var,
            output_mask=self.needs_input_grad)

    def jvp(self, self_t: Any, weight_t: Any, bias_t: Any) -> Any:
        a, weight = self.saved_tensors
        xhat, h = self._normalized(a)
        xhat_t = h * self._project(self_t, xhat) if self.training else self_t * h
        return (xhat_t * _per_channel(weight, self.axes) + xhat * _per_channel(weight_t, self.axes)
                + _per_channel(bias_t, self.axes))


def _per_channel(values: Any, axes: tuple) -> Any:
    """A per-channel vector shaped to broadcast against the input (channels along dim 1)."""
    return values.reshape((1, -1) + (1,) * (len(axes) - 1))


def _statistics(node: Any, a: Any) -> tuple:
    """The mean and variance normalizing ``a``: the batch's, or the running ones."""
    if node.training:
        mean = a.mean(axis=node.axes, keepdims=True)
        centered = a - mean
        return mean, (centered * centered).mean(axis=node.axes, keepdims=True)
    return _per_channel(node.running_mean, node.axes), _per_channel(node.running_var, node.axes)


class NativeBatchNormBackward(_BatchNorm, grad_fn_name="NativeBatchNormBackwardBackward0"):
    """batch norm's backward as an op: for the incoming gradient ``g``, the gradients of ``self``,
    ``weight`` and ``bias`` (those ``output_mask`` asks for; None for the others).

    Backward:  (per channel; M: the mean over all but the channel dim, h = 1 / sqrt(var + eps),
                P(v) = v - M(v) - xhat * M(v * xhat), gg_*: the gradients of the three outputs)
               training:   grad_g = weight * h * P(gg_self) + gg_weight * xhat + gg_bias
                           grad_self = gg_weight * h * P(g) - weight * h**2 * (M(gg_self * P(g)) * xhat
                                       + M(g * xhat) * P(gg_self) + M(gg_self * xhat) * P(g))
                           grad_weight = sum(gg_self * h * P(g))
               evaluating: grad_g = gg_self * weight * h + gg_weight * xhat + gg_bias
                           grad_self = gg_weight * h * g,  grad_weight = sum(gg_self * g * h)
    Forward:   result_t = NativeBatchNormBackward(g_t, self, weight) + (grad_self, grad_weight, 0)
               of the Backward formulas at gg_self = self_t, gg_weight = weight_t   (second derivatives
               are symmetric: those are the outputs' parts along self and weight)
    """

    __slots__ = ("output_mask",)
    num_outputs = 3

    def forward(self, g: np.ndarray, a: np.ndarray, weight: np.ndarray, axes: tuple, eps: float,
                training: bool, running_mean: Any, running_var: Any, output_mask: tuple) -> tuple:
        self.save_for_backward(g, a, weight)
        self.axes, self.eps, self.training = axes, eps, training
        self.running_mean, self.running_var = running_mean, running_var
        self.output_mask = output_mask
        wants_self, wants_weight, wants_bias = output_mask
        xhat, h = self._normalized(a)
        if training:
            grad_self = _per_channel(weight, axes) * h * self._project(g, xhat)
        else:
            grad_self = g * (_per_channel(weight, axes) * h)
        return (grad_self if wants_self else None,
                (g * xhat).sum(axis=axes) if wants_weight else None,
                g.sum(axis=axes) if wants_bias else None)

    def backward(self, gg_self: Any, gg_weight: Any, gg_bias: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_g, wants_self, wants_weight = self.needs_input_grad
        # (a gradient nobody sent is zero)
        gg_self = zeros_like(a) if gg_self is None else gg_self
        gg_weight = _per_channel(zeros_like(weight) if gg_weight is None else gg_weight, self.axes)
        gg_bias = _per_channel(zeros_like(weight) if gg_bias is None else gg_bias, self.axes)
        gamma = _per_channel(weight, self.axes)
        xhat, h = self._normalized(a)
        grad_g = None
        if wants_g and self.training:
            grad_g = gamma * h * self._project(gg_self, xhat) + gg_weight * xhat + gg_bias
        elif wants_g:
            grad_g = gg_self * gamma * h + gg_weight * xhat + gg_bias
        return (grad_g, *self._curved(g, a, weight, gg_self, gg_weight, wants_self, wants_weight))

    def jvp(self, g_t: Any, self_t: Any, weight_t: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_self, wants_weight, _ = self.output_mask
        along_g = NativeBatchNormBackward.apply(
            g_t, a, weight, axes=self.axes, eps=self.eps, training=self.training,
            running_mean=self.running_mean, running_var=self.running_var,
            output_mask=self.output_mask)
        curved_self, curved_weight = self._curved(g, a, weight, self_t,
                                                  _per_channel(weight_t, self.axes),
                                                  wants_self, wants_weight)
        return (along_g[0] + curved_self if wants_self else None,
                along_g[1] + curved_weight if wants_weight else None, along_g[2])

    def _curved(self, g: Any, a: Any, weight: Any, gg_self: Any, gg_weight: Any, wants_self: bool,
                wants_weight: bool) -> tuple:
        """The Backward formulas' ``grad_self`` and ``grad_weight`` (None where not wanted): the
        outputs' second derivatives along ``self`` and ``weight`` (``gg_weight`` per channel)."""
        gamma = _per_channel(weight, self.axes)
        xhat, h = self._normalized(a)
        grad_self = grad_weight = None
        if self.training:
            projected_g = self._project(g, xhat)
            if wants_self:
                bend = (self._mean(gg_self * projected_g) * xhat
                        + self._mean(g * xhat) * self._project(gg_self, xhat)
                        + self._mean(gg_self * xhat) * projected_g)
                grad_self = gg_weight * h * projected_g - gamma * h * h * bend
            if wants_weight:
                grad_weight = (gg_self * h * projected_g).sum(axis=self.axes)
        else:
            if wants_self:
                grad_self = gg_weight * h * g
            if wants_weight:
                grad_weight = (gg_self * g * h).sum(axis=self.axes)
        return grad_self, grad_weight


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
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
        if value is not None and value.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {value.numel()}")
    weight = weight if weight is not None else _filled(np.ones(channels, dtype=dt), input)
    bias = bias if bias is not None else _filled(np.zeros(channels, dtype=dt), input)
    if training and running_mean is not None and not is_meta(running_mean):
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
        missing = "running_mean" if running_mean is None else "running_var"
        raise RuntimeError(f"{missing} must be defined in evaluation mode")
    return NativeBatchNorm.apply(
        input, weight, bias, axes=axes, eps=eps, training=training,
        running_mean=None if training else running_mean._data.copy(),
        running_var=None if training else running_var._data.copy())


# -- layer norm ----------------------------------------------------------------------------------


class NativeLayerNorm(_BatchNorm):
    """Layer normalization over the last dims (``axes``) of each sample, elementwise affine::

        out = (self - mean) / sqrt(var + eps) * weight + bias

    mean and (biased) variance over ``axes``; ``weight`` and ``bias`` have the normalized shape.

    Backward:  grad_self = h * P(grad * weight),  h = 1 / sqrt(var + eps),  xhat = (self - mean) * h,
               P(v) = v - M(v) - xhat * M(v * xhat)   (M: the mean over the normalized dims)
               grad_weight = sum(grad * xhat),  grad_bias = sum(grad)   (sums over the leading dims)
               (the three together: the node NativeLayerNormBackward)
    Forward:   result_t = h * P(self_t) * weight + xhat * weight_t + bias_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, axes: tuple,
                eps: float) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.axes, self.eps, self.training = axes, eps, True
        xhat, _ = self._normalized(a)
        return xhat * weight + bias

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        return NativeLayerNormBackward.apply(grad, a, weight, axes=self.axes, eps=self.eps,
                                             output_mask=self.needs_input_grad)

    def jvp(self, self_t: Any, weight_t: Any, bias_t: Any) -> Any:
        a, weight = self.saved_tensors
        xhat, h = self._normalized(a)
        return h * self._project(self_t, xhat) * weight + xhat * weight_t + bias_t


class NativeLayerNormBackward(_BatchNorm, grad_fn_name="NativeLayerNormBackwardBackward0"):
    """layer norm's backward as an op: for the incoming gradient ``g``, the gradients of ``self``,
    ``weight`` and ``bias`` (those ``output_mask`` asks for; None for the others).

    Backward:  (h, xhat, M, P as in NativeLayerNorm; gg_*: the gradients of the three outputs;
                sum_lead: the sum over the leading dims)
               grad_g = weight * h * P(gg_self) + gg_weight * xhat + gg_bias
               grad_self = h * P(gg_weight * g) - h**2 * (M(gg_self * P(G)) * xhat
                           + M(G * xhat) * P(gg_self) + M(gg_self * xhat) * P(G)),  G = g * weight
               grad_weight = sum_lead(g * h * P(gg_self))
    Forward:   result_t = NativeLayerNormBackward(g_t, self, weight) + (grad_self, grad_weight, 0)
               of the Backward formulas at gg_self = self_t, gg_weight = weight_t   (second derivatives
               are symmetric: those are the outputs' parts along self and weight)
    """

    __slots__ = ("output_mask",)
    num_outputs = 3

    def forward(self, g: np.ndarray, a: np.ndarray, weight: np.ndarray, axes: tuple, eps: float,
                output_mask: tuple) -> tuple:
        self.save_for_backward(g, a, weight)
        self.axes, self.eps, self.training, self.output_mask = axes, eps, True, output_mask
        wants_self, wants_weight, wants_bias = output_mask
        xhat, h = self._normalized(a)
        leading = self._leading(a)
        return (h * self._project(g * weight, xhat) if wants_self else None,
                (g * xhat).sum(axis=leading) if wants_weight else None,
                g.sum(axis=leading) if wants_bias else None)

    def _leading(self, a: Any) -> tuple:
        return tuple(range(a.ndim - len(self.axes)))

    def backward(self, gg_self: Any, gg_weight: Any, gg_bias: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_g, wants_self, wants_weight = self.needs_input_grad
        # (a gradient nobody sent is zero)
        gg_self = zeros_like(a) if gg_self is None else gg_self
        gg_weight = zeros_like(weight) if gg_weight is None else gg_weight
        gg_bias = zeros_like(weight) if gg_bias is None else gg_bias
        xhat, h = self._normalized(a)
        grad_g = None
        if wants_g:
            grad_g = weight * h * self._project(gg_self, xhat) + gg_weight * xhat + gg_bias
        return (grad_g, *self._curved(g, a, weight, gg_self, gg_weight, wants_self, wants_weight))

    def jvp(self, g_t: Any, self_t: Any, weight_t: Any) -> tuple:
        g, a, weight = self.saved_tensors
        wants_self, wants_weight, _ = self.output_mask
        along_g = NativeLayerNormBackward.apply(g_t, a, weight, axes=self.axes, eps=self.eps,
                                                output_mask=self.output_mask)
        curved_self, curved_weight = self._curved(g, a, weight, self_t, weight_t, wants_self,
                                                  wants_weight)
        return (along_g[0] + curved_self if wants_self else None,
                along_g[1] + curved_weight if wants_weight else None, along_g[2])

    def _curved(self, g: Any, a: Any, weight: Any, gg_self: Any, gg_weight: Any, wants_self: bool,
                wants_weight: bool) -> tuple:
        """The Backward formulas' ``grad_self`` and ``grad_weight`` (None where not wanted): the
        outputs' second derivatives along ``self`` and ``weight``."""
        xhat, h = self._normalized(a)
        grad_self = grad_weight = None
        if wants_self:
            scaled = g * weight
            projected = self._project(scaled, xhat)
            bend = (self._mean(gg_self * projected) * xhat
                    + self._mean(scaled * xhat) * self._project(gg_self, xhat)
                    + self._mean(gg_self * xhat) * projected)
            grad_self = h * self._project(gg_weight * g, xhat) - h * h * bend
        if wants_weight:
            grad_weight = (g * h * self._project(gg_self, xhat)).sum(axis=self._leading(a))
        return grad_self, grad_weight


def layer_norm(input: Tensor, normalized_shape: Any, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalize each sample over its last ``len(normalized_shape)`` dims to zero mean and unit
    variance, then scale by ``weight`` and shift by ``bias`` (both of ``normalized_shape``)."""
    if not isinstance(normalized_shape, tuple | list) and not hasattr(normalized_shape, "__len__"):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, "
                        f"not {type(normalized_shape).__name__}")
    shape = tuple(normalized_shape)
    count = len(shape)
    if count == 0 or tuple(input.shape[input.ndim - count:]) != shape or input.ndim < count:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(map(str, shape))}], but got input of size"
                           f"{list(input.shape)}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and tuple(value.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {list(value.shape)} and normalized_shape = "
                               f"{list(shape)}")
    dt = input._data.dtype
    weight = weight if weight is not None else _filled(np.ones(shape, dtype=dt), input)
    bias = bias if bias is not None else _filled(np.zeros(shape, dtype=dt), input)
    axes = tuple(range(input.ndim - count, input.ndim))
    return NativeLayerNorm.apply(input, weight, bias, axes=axes, eps=eps)


# -- group, instance and RMS norm ----------------------------------------------------------------


class NativeGroupNorm(_BatchNorm):
    """Group normalization: the channels of each sample split into ``groups``; each group (its
    channels and all their positions) normalized to zero mean and unit variance, then an affine
    map per channel ``c``::

        out = (self - mean_g) / sqrt(var_g + eps) * weight[c] + bias[c]

    Backward:  grad_self = h * P(grad * weight),  h = 1 / sqrt(var_g + eps),
               P(v) = v - M(v) - xhat * M(v * xhat)   (M: the mean over the group)
               grad_weight[c] = sum(grad * xhat),  grad_bias[c] = sum(grad)   (over all but c)
               (written with ops, so a second derivative records them, as torch's does)
    Forward:   result_t = h * P(self_t) * weight + xhat * weight_t + bias_t
    """

    __slots__ = ("groups",)

    def forward(self, a: np.ndarray, weight: np.ndarray, bias: np.ndarray, groups: int,
                eps: float) -> np.ndarray:
        self.save_for_backward(a, weight)
        self.groups, self.eps, self.training, self.axes = groups, eps, True, (2,)
        xhat, _ = self._normalized(self._grouped(a))
        return xhat.reshape(a.shape) * self._channels(weight, a) + self._channels(bias, a)

    def _grouped(self, values: Any) -> Any:
        """``(N, C, ...)`` as ``(N, groups, C / groups * ...)``: one row per group."""
        return values.reshape((values.shape[0], self.groups, -1))

    def _channels(self, values: Any, a: Any) -> Any:
        return values.reshape((1, -1) + (1,) * (a.ndim - 2))

    def backward(self, grad: Any) -> tuple:
        a, weight = self.saved_tensors
        wants_self, wants_weight, wants_bias = self.needs_input_grad
        xhat, h = self._normalized(self._grouped(a))
        others = (0,) + tuple(range(2, a.ndim))
        grad_self = grad_weight = grad_bias = None
        if wants_self:
            spread = self._grouped(grad * self._channels(weight, a))
            grad_self = (h * self._project(spread, xhat)).reshape(a.shape)
        # (per channel sums, then a view to (C,), as torch's formula ends)
        if wants_weight:
            grad_weight = (grad * xhat.reshape(a.shape)).sum(axis=others).reshape((-1,))
        if wants_bias:
            grad_bias = grad.sum(axis=others).reshape((-1,))
        return grad_self, grad_weight, grad_bias

    def jvp(self, self_t: Any, weight_t: Any, bias_t: Any) -> Any:
        a, weight = self.saved_tensors
        xhat, h = self._normalized(self._grouped(a))
        xhat_t = (h * self._project(self._grouped(self_t), xhat)).reshape(a.shape)
        return (xhat_t * self._channels(weight, a) + xhat.reshape(a.shape) * self._channels(
            weight_t, a) + self._channels(bias_t, a))


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalize each group of ``C / num_groups`` channels of each sample ``(N, C, ...)`` to zero
    mean and unit variance, then scale by ``weight`` and shift by ``bias`` (per channel)."""
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.ndim}")
    channels = input.shape[1]
    if math.prod([input.shape[0] * channels // num_groups] + list(input.shape[2:])) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{[input.shape[0] * channels // num_groups, num_groups] + list(input.shape[2:])}")
    if channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {list(input.shape)} and num_groups={num_groups}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and (value.ndim != 1 or value.shape[0] != channels):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {list(value.shape)} "
                               f"and input of shape {list(input.shape)}")
    dt = input._data.dtype
    weight = weight if weight is not None else _filled(np.ones(channels, dtype=dt), input)
    bias = bias if bias is not None else _filled(np.zeros(channels, dtype=dt), input)
    return NativeGroupNorm.apply(input, weight, bias, groups=num_groups, eps=eps)


def instance_norm(input: Tensor, running_mean: Tensor | None = None,
                  running_var: Tensor | None = None, weight: Tensor | None = None,
                  bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalize each channel of each sample ``(N, C, ...)`` over its positions, as torch computes
    it: batch norm of the input viewed as one sample of ``N * C`` channels (weight, bias and
    running statistics repeated ``N`` times; the running ones then averaged back over the batch)."""
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{input.shape}")
    batch, channels = input.shape[:2]
    repeated = [None if value is None else value.repeat(batch)
                for value in (running_mean, running_var, weight, bias)]
    out = batch_norm(input.contiguous().view((1, batch * channels, *input.shape[2:])), *repeated,
                     use_input_stats, momentum, eps)
    with grad_mode.no_grad():
        for kept, updated in zip((running_mean, running_var), repeated[:2]):
            if kept is not None and use_input_stats:
                kept.copy_(updated.view(batch, channels).mean(0))
    return out.view(input.shape)


def rms_norm(input: Tensor, normalized_shape: Any, weight: Tensor | None = None,
             eps: float | None = None) -> Tensor:
    """Divide each sample by the root mean square over its last ``len(normalized_shape)`` dims
    (``eps`` added under the root: the dtype's machine epsilon by default), then scale by
    ``weight``: torch's composition ``input * rsqrt(mean(input ** 2) + eps) * weight`` (its C++
    ``+ eps``: the node AddBackward1)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    count = len(shape)
    if input.ndim < count or tuple(input.shape[input.ndim - count:]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(map(str, shape))}], but got input of size"
                           f"{list(input.shape)}")
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = "
                           f"{list(shape)}")
    if eps is None:
        eps = float(np.finfo(input._data.dtype).eps)
    dims = tuple(range(input.ndim - count, input.ndim))
    out = input * AddScalar.apply(input.pow(2).mean(dims, keepdim=True), other=eps).rsqrt()
    return out if weight is None else out * weight


# -- pixel shuffle --------------------------------------------------------------------------------


def _shuffled(a: np.ndarray, factor: int) -> np.ndarray:
    """``(*, C * r * r, H, W)`` as ``(*, C, H * r, W * r)``: each group of ``r * r`` channels
    spread over an ``r x r`` block of pixels."""
    *lead, channels, height, width = a.shape
    blocks = a.reshape(*lead, channels // (factor * factor), factor, factor, height, width)
    order = tuple(range(len(lead))) + tuple(len(lead) + i for i in (0, 3, 1, 4, 2))
    return blocks.transpose(order).reshape(*lead, channels // (factor * factor), height * factor,
                                           width * factor)


def _unshuffled(a: np.ndarray, factor: int) -> np.ndarray:
    """The inverse of ``_shuffled``: each ``r x r`` block of pixels gathered into channels."""
    *lead, channels, height, width = a.shape
    blocks = a.reshape(*lead, channels, height // factor, factor, width // factor, factor)
    order = tuple(range(len(lead))) + tuple(len(lead) + i for i in (0, 2, 4, 1, 3))
    return blocks.transpose(order).reshape(*lead, channels * factor * factor, height // factor,
                                           width // factor)


class PixelShuffle(Op):
    """``(*, C * r * r, H, W)`` rearranged into ``(*, C, H * r, W * r)``: out[c, h * r + i, w * r + j]
    = self[c * r * r + i * r + j, h, w].

    Backward:  grad_self = pixel_unshuffle(grad, r)   (the node PixelUnshuffle: its inverse)
    Forward:   result_t = pixel_shuffle(self_t, r)
    """

    __slots__ = ("factor",)

    def forward(self, a: np.ndarray, factor: int) -> np.ndarray:
        self.factor = factor
        return _shuffled(a, factor)

    def backward(self, grad: Any) -> Any:
        return PixelUnshuffle.apply(grad, factor=self.factor)

    def jvp(self, self_t: Any) -> Any:
        return PixelShuffle.apply(self_t, factor=self.factor)


class PixelUnshuffle(Op):
    """``(*, C, H * r, W * r)`` rearranged into ``(*, C * r * r, H, W)`` (pixel_shuffle's inverse).

    Backward:  grad_self = pixel_shuffle(grad, r)   (the node PixelShuffle)
    Forward:   result_t = pixel_unshuffle(self_t, r)
    """

    __slots__ = ("factor",)

    def forward(self, a: np.ndarray, factor: int) -> np.ndarray:
        self.factor = factor
        return _unshuffled(a, factor)

    def backward(self, grad: Any) -> Any:
        return PixelShuffle.apply(grad, factor=self.factor)

    def jvp(self, self_t: Any) -> Any:
        return PixelUnshuffle.apply(self_t, factor=self.factor)


def _check_shuffle(name: str, input: Tensor, factor: int, label: str) -> None:
    if input.ndim < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input "
                           f"with {input.ndim} dimension(s)")
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {label}, but got {factor}")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """Trade channels for resolution: ``(*, C * r * r, H, W)`` to ``(*, C, H * r, W * r)``."""
    _check_shuffle("pixel_shuffle", input, upscale_factor, "upscale_factor")
    square = upscale_factor * upscale_factor
    if input.shape[-3] % square:
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible "
                           f"by the square of upscale_factor, but input.size(-3)="
                           f"{input.shape[-3]} is not divisible by {square}")
    return PixelShuffle.apply(input, factor=upscale_factor)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """Trade resolution for channels: ``(*, C, H * r, W * r)`` to ``(*, C * r * r, H, W)``."""
    _check_shuffle("pixel_unshuffle", input, downscale_factor, "downscale_factor")
    for axis, label in ((-2, "height"), (-1, "width")):
        if input.shape[axis] % downscale_factor:
            raise RuntimeError(f"pixel_unshuffle expects {label} to be divisible by "
                               f"downscale_factor, but input.size({axis})={input.shape[axis]} is "
                               f"not divisible by {downscale_factor}")
    return PixelUnshuffle.apply(input, factor=downscale_factor)


# -- unfold and fold (im2col, col2im) ------------------------------------------------------------


def _batched(a: np.ndarray, rank: int) -> np.ndarray:
    """An unbatched array given a batch dim of 1 (a view), so the kernels see one layout."""
    return a[None] if a.ndim == rank - 1 else a


class Im2Col(Op):
    """Every ``kernel_size`` block of the (zero-padded) image, as a column: ``(N, C, H, W)`` to
    ``(N, C * kh * kw, L)``, ``L`` the number of blocks; column ``l`` holds block ``l``'s values,
    channel by channel, row by row.

    Backward:  grad_self = each column's gradient added back onto the pixels its block read
               (col2im: the node Col2Im)
    Forward:   result_t = im2col(self_t)
    """

    __slots__ = ("params", "image_size")

    def forward(self, a: np.ndarray, kernel: tuple, dilation: tuple, padding: tuple,
                stride: tuple) -> np.ndarray:
        self.params = {"kernel": kernel, "dilation": dilation, "padding": padding, "stride": stride}
        self.image_size = a.shape[-2:]
        batched = _batched(a, 4)
        windows = _windows(_padded(batched, tuple((p, p) for p in padding)), kernel, stride,
                           dilation)
        n, c, rows, cols = windows.shape[:4]
        columns = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kernel[0] * kernel[1],
                                                               rows * cols)
        return columns if a.ndim == 4 else columns[0]

    def backward(self, grad: Any) -> Any:
        return Col2Im.apply(grad, output_size=self.image_size, **self.params)

    def jvp(self, self_t: Any) -> Any:
        return Im2Col.apply(self_t, **self.params)


class Col2Im(Op):
    """The adjoint of im2col: ``(N, C * kh * kw, L)`` columns summed back into an image of
    ``output_size`` (overlapping blocks add up; the padding's share dropped).

    Backward:  grad_self = im2col(grad)   (the node Im2Col)
    Forward:   result_t = col2im(self_t)
    """

    __slots__ = ("params", "output_size")

    def forward(self, a: np.ndarray, output_size: tuple, kernel: tuple, dilation: tuple,
                padding: tuple, stride: tuple) -> np.ndarray:
        self.params = {"kernel": kernel, "dilation": dilation, "padding": padding, "stride": stride}
        self.output_size = output_size
        batched = _batched(a, 3)
        rows, cols = _blocks(output_size, kernel, dilation, padding, stride)
        n, channels = batched.shape[0], batched.shape[1] // (kernel[0] * kernel[1])
        windows = batched.reshape(n, channels, kernel[0], kernel[1], rows, cols)
        height, width = output_size
        spread = _spread_windows(windows.transpose(0, 1, 4, 5, 2, 3),
                                 (n, channels, height + 2 * padding[0], width + 2 * padding[1]),
                                 stride, dilation)
        image = spread[:, :, padding[0]:padding[0] + height, padding[1]:padding[1] + width]
        return image if a.ndim == 3 else image[0]

    def backward(self, grad: Any) -> Any:
        return Im2Col.apply(grad, **self.params)

    def jvp(self, self_t: Any) -> Any:
        return Col2Im.apply(self_t, output_size=self.output_size, **self.params)


def _blocks(size: tuple, kernel: tuple, dilation: tuple, padding: tuple,
            stride: tuple) -> tuple[int, int]:
    """How many blocks fit along each spatial dim."""
    return tuple((n + 2 * p - (d * (k - 1) + 1)) // s + 1
                 for n, k, d, p, s in zip(size, kernel, dilation, padding, stride))


def _check_blocks(kernel: tuple, dilation: tuple, padding: tuple, stride: tuple) -> None:
    for label, pair, low in (("kernel size", kernel, 1), ("stride", stride, 1),
                             ("dilation", dilation, 1), ("padding", padding, 0)):
        name = label.replace(" ", "_").replace("_size", "")
        if min(pair) < low:
            relation = "greater than zero" if low else "non-negative"
            raise RuntimeError(f"{label} should be {relation}, but got {name}_height: {pair[0]} "
                               f"{name}_width: {pair[1]}")


def unfold(input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> Tensor:
    """Extract every ``kernel_size`` block of ``(N, C, H, W)`` (or ``(C, H, W)``) as a column of
    ``(N, C * kh * kw, L)`` (im2col): a convolution is then a matrix product."""
    kernel, dilation = _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation")
    padding, stride = _pair(padding, "padding"), _pair(stride, "stride")
    if input.ndim not in (3, 4):
        raise NotImplementedError(f"Input Error: Only 3D or 4D input Tensors are supported "
                                  f"(got {input.ndim}D)")
    _check_blocks(kernel, dilation, padding, stride)
    blocks = _blocks(input.shape[-2:], kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(
            f"Given input with spatial size {tuple(input.shape[-2:])}, kernel_size={kernel}, "
            f"dilation={dilation}, padding={padding}, calculated shape of the array of sliding "
            f"blocks as {blocks}, but its components must be at least one.")
    return Im2Col.apply(input, kernel=kernel, dilation=dilation, padding=padding, stride=stride)


def fold(input: Tensor, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
         stride: Any = 1) -> Tensor:
    """Sum columns ``(N, C * kh * kw, L)`` (or ``(C * kh * kw, L)``) back into an image of
    ``output_size`` (col2im, unfold's adjoint: overlapping blocks add up)."""
    size, kernel = _pair(output_size, "output_size"), _pair(kernel_size, "kernel_size")
    dilation, padding, stride = (_pair(dilation, "dilation"), _pair(padding, "padding"),
                                 _pair(stride, "stride"))
    if input.ndim not in (2, 3):
        raise NotImplementedError(f"Input Error: Only unbatched (2D) or batched (3D) input "
                                  f"Tensors are supported (got {input.ndim}D)")
    _check_blocks(kernel, dilation, padding, stride)
    # (torch's messages count the dims of the batched view, unbatched or not)
    if input.shape[-2] % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={input.shape[-2]} and "
                           f"kernel_size={kernel}.")
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != input.shape[-1]:
        raise RuntimeError(
            f"Given output_size={size}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, stride={stride}, expected size of input's dimension 2 to match "
            f"the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]}, but got input.size(2)={input.shape[-1]}.")
    return Col2Im.apply(input, output_size=size, kernel=kernel, dilation=dilation,
                        padding=padding, stride=stride)


# -- padding, normalize, cosine similarity -------------------------------------------------------


class ConstantPadNd(Op):
    """``self`` with ``value`` added around its last dims: ``pad = (left, right, top, bottom, ...)``
    pairs from the last dim backward; a negative amount crops instead.

    Backward:  grad_self = grad with the padding cut off again (constant_pad_nd with -pad: this op)
    Forward:   result_t = self_t padded with zeros
    """

    __slots__ = ("pad",)

    def forward(self, a: np.ndarray, pad: tuple, value: float = 0.0) -> np.ndarray:
        self.pad = pad
        widths = [(0, 0)] * a.ndim
        crops = [slice(None)] * a.ndim
        for index in range(len(pad) // 2):
            dim = a.ndim - 1 - index
            before, after = pad[2 * index], pad[2 * index + 1]
            widths[dim] = (max(before, 0), max(after, 0))
            crops[dim] = slice(max(-before, 0), a.shape[dim] - max(-after, 0))
        cropped = a[tuple(crops)]
        return np.pad(cropped, widths, constant_values=np.array(value).astype(a.dtype))

    def backward(self, grad: Any) -> Any:
        return ConstantPadNd.apply(grad, pad=tuple(-p for p in self.pad), value=0.0)

    def jvp(self, self_t: Any) -> Any:
        return ConstantPadNd.apply(self_t, pad=self.pad, value=0.0)


def _gather_positions(a: np.ndarray, sources: tuple) -> np.ndarray:
    """``a`` read at ``sources``: ``(axis, positions)`` pairs, each output position along ``axis``
    a copy of the input element at its entry of ``positions``."""
    for axis, positions in sources:
        a = np.take(a, positions, axis=axis)
    return a


def _scatter_positions(g: np.ndarray, sources: tuple, shape: tuple) -> np.ndarray:
    """The adjoint of ``_gather_positions``: each element of ``g`` added onto the input element it
    was copied from (an element copied several times sums their gradients)."""
    for axis, positions in reversed(sources):
        out = np.zeros((*g.shape[:axis], shape[axis], *g.shape[axis + 1:]), dtype=g.dtype)
        np.add.at(out, (slice(None),) * axis + (positions,), g)
        g = out
    return g


class _PadBackward(Op):
    """A reflection or replication pad's backward as an op: ``g`` added back onto the elements the
    padded positions copied (``self``, the padded input, is an input as in torch; the result does
    not depend on its values).

    Backward:  grad_g = the same pad of grad (this op's adjoint),  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ("sources",)
    pad_op: type[Op]

    def forward(self, g: np.ndarray, a: np.ndarray, sources: tuple) -> np.ndarray:
        self.save_for_backward(a)
        self.sources = sources
        return _scatter_positions(g, sources, a.shape)

    def backward(self, grad: Any) -> tuple:
        (a,) = self.saved_tensors
        return self.pad_op.apply(grad, sources=self.sources), zeros_like(a)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self.pad_op.spread.apply(g_t, a, sources=self.sources)


class _CopyPad(Op):
    """Padding by copies of the input's own elements (torch's ``reflection_pad`` and
    ``replication_pad``): along each padded axis, output position ``p`` (from ``-before`` to
    ``size + after``) copies input element ``source(p)``: ``-p`` / ``2 (size - 1) - p`` past the
    ends (reflect), the nearest end element (replicate).

    Backward:  grad_self = grad added back onto the elements each padded position copied
               (the node <name>BackwardBackward: this op's adjoint)
    Forward:   result_t = the same pad of self_t
    """

    __slots__ = ("sources",)
    spread: type[_PadBackward]

    def forward(self, a: np.ndarray, sources: tuple) -> np.ndarray:
        self.save_for_backward(a)
        self.sources = sources
        return _gather_positions(a, sources)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self.spread.apply(grad, a, sources=self.sources)

    def jvp(self, self_t: Any) -> Any:
        return self.spread.pad_op.apply(self_t, sources=self.sources)


def _pad_family(name: str) -> dict[int, type[_CopyPad]]:
    """The op classes of one padding mode for 1, 2 and 3 padded dims, with torch's node names
    (``ReflectionPad2DBackward0`` and its backward ``ReflectionPad2DBackwardBackward0``)."""
    family = {}
    for dims in (1, 2, 3):
        spread = type(f"{name}{dims}DBackward", (_PadBackward,), {
            "__slots__": (), "__doc__": _PadBackward.__doc__})
        family[dims] = type(f"{name}{dims}D", (_CopyPad,), {
            "__slots__": (), "__doc__": _CopyPad.__doc__, "spread": spread})
        spread.pad_op = family[dims]
    return family


_COPY_PADS = {"reflect": _pad_family("ReflectionPad"), "replicate": _pad_family("ReplicationPad")}


def _pad_sources(mode: str, pad: tuple, shape: tuple) -> tuple:
    """``(axis, positions)`` for each padded axis: which input element each output position copies."""
    sources = []
    for index in range(len(pad) // 2):
        axis = len(shape) - 1 - index
        size, before, after = shape[axis], pad[2 * index], pad[2 * index + 1]
        positions = np.arange(-before, size + after)
        if mode == "reflect":
            positions = np.abs(positions)
            positions = np.where(positions >= size, 2 * (size - 1) - positions, positions)
        elif mode == "replicate":
            positions = np.clip(positions, 0, size - 1)
        else:
            positions = positions % size
        sources.append((axis, positions))
    return tuple(sources)


def _check_copy_pad(input: Tensor, pad: tuple, mode: str) -> int:
    """torch's checks for a non-constant pad; the number of padded dims."""
    dims = len(pad) // 2
    if dims not in (1, 2, 3) or input.ndim not in (dims + 1, dims + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode != "circular" and 0 in input.shape[1 if input.ndim == dims + 2 else 0:]:
        raise RuntimeError(f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly "
                           "0 batch size and other non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    for index in range(dims):
        size, before, after = input.shape[-1 - index], pad[2 * index], pad[2 * index + 1]
        if mode == "reflect" and (before >= size or after >= size):
            raise RuntimeError(f"Argument #{4 + 2 * index}: Padding size should be less than the "
                               "corresponding input dimension, but got: padding "
                               f"({before}, {after}) at dimension {input.ndim - 1 - index} of "
                               f"input {list(input.shape)}")
        if mode == "circular" and (before > size or after > size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
    return dims


def _pad_circular(input: Tensor, pad: tuple) -> Tensor:
    """Circular padding as torch composes it: the input copied into the middle of a new tensor,
    then, axis by axis, each end filled by a copy of the other end (in-place slice copies, so the
    result's node is ``CopySlices``)."""
    dims = len(pad) // 2
    axes = range(input.ndim - dims, input.ndim)
    amounts = {axis: (pad[2 * (input.ndim - 1 - axis)], pad[2 * (input.ndim - 1 - axis) + 1])
               for axis in axes}
    shape = list(input.shape)
    for axis, (before, after) in amounts.items():
        shape[axis] += before + after
    out = input.new_empty(shape)
    inner, source = [slice(None)] * input.ndim, input
    for axis, (before, after) in amounts.items():
        inner[axis] = slice(max(before, 0), shape[axis] - max(after, 0))
        source = source.narrow(axis, max(-before, 0),
                               input.shape[axis] - max(-after, 0) - max(-before, 0))
    out[tuple(inner)] = source
    for axis, (before, after) in amounts.items():
        here = [slice(None)] * input.ndim
        there = [slice(None)] * input.ndim
        if before > 0:
            here[axis] = slice(0, before)
            end = shape[axis] - max(after, 0)
            there[axis] = slice(end - before, end)
            out[tuple(here)] = out[tuple(there)]
        if after > 0:
            here[axis] = slice(shape[axis] - after, shape[axis])
            there[axis] = slice(max(before, 0), max(before, 0) + after)
            out[tuple(here)] = out[tuple(there)]
    return out


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:
    """``input`` padded by ``pad = (left, right, top, bottom, ...)`` (pairs from the last dim
    backward): ``mode='constant'`` with ``value`` (0 by default; negative amounts crop), or with
    copies of the input's own elements, ``'reflect'`` (mirrored without repeating the edge),
    ``'replicate'`` (the edge repeated) or ``'circular'`` (wrapped around), on the last 1, 2 or 3
    dims of a batched or unbatched input."""
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) > 2 * input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{input.ndim}")
    if mode != "constant":
        if value is not None and value != 0:
            raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
        dims = _check_copy_pad(input, pad, mode)
        if mode == "circular":
            return _pad_circular(input, pad)
        sources = _pad_sources(mode, pad, input.shape)
        _from_sizes(*(positions for _, positions in sources))
        return _COPY_PADS[mode][dims].apply(input, sources=sources)
    for index in range(len(pad) // 2):
        size = input.shape[input.ndim - 1 - index]
        if size + min(pad[2 * index], 0) + min(pad[2 * index + 1], 0) < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
    return ConstantPadNd.apply(input, pad=pad, value=0.0 if value is None else value)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out: Tensor | None = None) -> Tensor:
    """``input`` divided by its ``p``-norm along ``dim`` (at least ``eps``), built as torch builds it:
    ``input / input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)``."""
    denominator = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    if out is not None:
        return out.copy_(input / denominator)
    return input / denominator


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim`` (they broadcast), built as
    torch builds it: each divided by its norm (a clone, floored at ``eps`` out of the graph), then
    the product summed over ``dim``."""
    if x1.shape != x2.shape:
        try:
            shape = tuple(np.broadcast_shapes(x1.shape, x2.shape))
        except ValueError:
            raise broadcast_error(tuple(x1.shape), tuple(x2.shape)) from None
        x1, x2 = x1.expand(shape), x2.expand(shape)
    norms = []
    for x in (x1, x2):
        norm = x.norm(2, dim, keepdim=True).clone()
        with grad_mode.no_grad():
            norm.clamp_(min=eps)
        norms.append(norm)
    return ((x1 / norms[0]) * (x2 / norms[1])).sum(dim)


# -- average pooling -----------------------------------------------------------------------------


def _window_offsets(rows: np.ndarray, cols: np.ndarray) -> Any:
    """For each offset ``(dh, dw)`` into the windows marked by ``rows`` and ``cols`` (row by row,
    left to right, as torch's kernel walks a window): the input row and column each window reads
    there, and which windows reach that far (a shorter window's offset reads nothing)."""
    row_start, row_len = rows.argmax(axis=1), rows.sum(axis=1)
    col_start, col_len = cols.argmax(axis=1), cols.sum(axis=1)
    for dh in range(int(row_len.max(initial=0))):
        h = np.minimum(row_start + dh, rows.shape[1] - 1)
        for dw in range(int(col_len.max(initial=0))):
            w = np.minimum(col_start + dw, cols.shape[1] - 1)
            yield h, w, (dh < row_len)[:, None] & (dw < col_len)[None, :]


def _window_sums(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The sum of each window of ``a``'s last two dims, added up in torch's order; no element
    outside a window is touched (a product with a 0/1 matrix would let an inf or NaN leak into
    every window as ``0 * inf``)."""
    total = np.zeros((*a.shape[:-2], rows.shape[0], cols.shape[0]), dtype=a.dtype)
    for h, w, valid in _window_offsets(rows, cols):
        total += np.where(valid, a[..., h[:, None], w[None, :]], 0).astype(a.dtype, copy=False)
    return total


class AvgPool2D(Op):
    """The mean of each window, pooled separably: ``out[n, c] = (R @ self[n, c] @ C.T) / divisor``,
    where row ``i`` of ``R`` (``C``) marks the input rows (columns) output row ``i`` (column ``j``)
    averages, and ``divisor[i, j]`` is the window's size (or its count of real, unpadded elements,
    or ``divisor_override``).

    Backward:  grad_self[n, c] = R.T @ (grad[n, c] / divisor) @ C   (each output's gradient shared
               equally by the elements its window averaged; the node AvgPool2DBackward)
    Forward:   result_t = the same pooling of self_t
    """

    __slots__ = ("rows", "cols", "divisor")

    def forward(self, a: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                divisor: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)  # (its backward node takes it, as torch's: shape and dtype)
        self.rows, self.cols, self.divisor = rows, cols, divisor
        return (_window_sums(a, rows, cols) / divisor.astype(a.dtype)).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self._spread(grad, a)

    def jvp(self, self_t: Any) -> Any:
        return self._pool(self_t)

    def _pool(self, values: Any) -> Any:
        return AvgPool2D.apply(values, rows=self.rows, cols=self.cols, divisor=self.divisor)

    def _spread(self, grad: Any, a: Any) -> Any:
        return AvgPool2DBackward.apply(grad, a, rows=self.rows, cols=self.cols,
                                       divisor=self.divisor)


class AvgPool2DBackward(Op, grad_fn_name="AvgPool2DBackwardBackward0"):
    """avg_pool2d's backward as an op: ``R.T @ (g / divisor) @ C`` for the incoming gradient ``g``
    (``self``, the pooled input, is an input as in torch: the result does not depend on its values).

    Backward:  grad_g = avg_pool2d(grad)   (the pooling itself: the adjoint of this op),  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ("rows", "cols", "divisor")

    def forward(self, g: np.ndarray, a: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                divisor: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        self.rows, self.cols, self.divisor = rows, cols, divisor
        shared = g / divisor.astype(g.dtype)
        out = np.zeros((int(np.prod(g.shape[:-2])), rows.shape[1], cols.shape[1]), dtype=g.dtype)
        flat = shared.reshape(out.shape[0], *shared.shape[-2:])
        for h, w, valid in _window_offsets(rows, cols):
            np.add.at(out, (slice(None), h[:, None], w[None, :]), np.where(valid, flat, 0))
        return out.reshape(*g.shape[:-2], *out.shape[1:])

    def backward(self, grad: Any) -> tuple:
        (a,) = self.saved_tensors
        return self._pool(grad), zeros_like(a)

    def _pool(self, values: Any) -> Any:
        return AvgPool2D.apply(values, rows=self.rows, cols=self.cols, divisor=self.divisor)

    def jvp(self, g_t: Any, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._again(g_t, a)

    def _again(self, g: Any, a: Any) -> Any:
        return AvgPool2DBackward.apply(g, a, rows=self.rows, cols=self.cols, divisor=self.divisor)


class AdaptiveAvgPool2D(AvgPool2D):
    """The mean of each of ``out_h x out_w`` regions tiling the image (region ``i`` of ``H`` rows:
    ``floor(i * H / out_h)`` to ``ceil((i + 1) * H / out_h)``), pooled separably as AvgPool2D.

    Backward:  grad_self[n, c] = R.T @ (grad[n, c] / divisor) @ C   (the node AdaptiveAvgPool2DBackward)
    Forward:   result_t = the same pooling of self_t
    """

    __slots__ = ()

    def _pool(self, values: Any) -> Any:
        return AdaptiveAvgPool2D.apply(values, rows=self.rows, cols=self.cols, divisor=self.divisor)

    def _spread(self, grad: Any, a: Any) -> Any:
        return AdaptiveAvgPool2DBackward.apply(grad, a, rows=self.rows, cols=self.cols,
                                               divisor=self.divisor)


class AdaptiveAvgPool2DBackward(AvgPool2DBackward,
                                grad_fn_name="AdaptiveAvgPool2DBackwardBackward0"):
    """adaptive_avg_pool2d's backward as an op: ``R.T @ (g / divisor) @ C``.

    Backward:  grad_g = adaptive_avg_pool2d(grad)   (the pooling itself),  grad_self = 0
    Forward:   result_t = this op applied to g_t
    """

    __slots__ = ()

    def _pool(self, values: Any) -> Any:
        return AdaptiveAvgPool2D.apply(values, rows=self.rows, cols=self.cols, divisor=self.divisor)

    def _again(self, g: Any, a: Any) -> Any:
        return AdaptiveAvgPool2DBackward.apply(g, a, rows=self.rows, cols=self.cols,
                                               divisor=self.divisor)


def _window_matrix(size: int, kernel: int, stride: int, padding: int,
                   count: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ``i`` marks the input positions (padding excluded) that window ``i`` of ``count``
    covers; with it, each window's length within the padded input (a ``ceil_mode`` window may
    stick out past the padding: torch counts only the part inside)."""
    starts = np.arange(count)[:, None] * stride - padding
    positions = np.arange(size)[None, :]
    marks = ((positions >= starts) & (positions < starts + kernel)).astype(np.int64)
    lengths = np.minimum(starts[:, 0] + kernel, size + padding) - starts[:, 0]
    return marks, lengths


def _check_images(input: Tensor, name: str) -> None:
    """A batch ``(N, C, H, W)`` or one image ``(C, H, W)``."""
    if input.ndim not in (3, 4):
        raise RuntimeError(f"{name}: Expected 3D or 4D tensor, but got: {list(input.shape)}")


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """The mean of each ``kernel_size`` window of a batch ``(N, C, H, W)`` (or ``(C, H, W)``),
    windows ``stride`` apart (``kernel_size`` by default), the input padded with zeros by
    ``padding`` (counted in the mean unless ``count_include_pad=False``); ``ceil_mode`` keeps a
    last window that only partly fits."""
    kernel = _pair(kernel_size, "kernel_size")
    stride = _pool_stride(stride, kernel)
    padding = _pair(padding, "padding")
    _check_pool_args(kernel, stride, padding)
    _check_pool_padding(padding, kernel, (1, 1))
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if input.ndim < 3:  # torch reads the size of dim -3 first
        if not input.ndim:
            raise IndexError(no_dims_message(-3))
        normalize_dim(-3, input.ndim)
    if input.ndim > 4:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
                           f"for input, but got:{list(input.shape)}")
    if input._data.dtype != np.int64:  # torch's kernel takes floating point and int64 only
        floating_kernel("avg_pool2d", input)
    outs = _pool_outputs(input, kernel, stride, padding, (1, 1), ceil_mode)
    (rows, heights), (cols, widths) = (
        _window_matrix(n, k, s, p, out)
        for n, k, s, p, out in zip(input.shape[-2:], kernel, stride, padding, outs))
    if divisor_override is not None:
        divisor = np.full((outs[0], outs[1]), divisor_override)
    elif count_include_pad:
        divisor = np.outer(heights, widths)
    else:
        divisor = np.outer(rows.sum(axis=1), cols.sum(axis=1))
    _from_sizes(rows, cols, divisor)
    return AvgPool2D.apply(input, rows=rows, cols=cols, divisor=divisor)


def _adaptive_matrix(size: int, out: int) -> np.ndarray:
    """Row ``i`` marks the input positions ``floor(i * size / out)`` to ``ceil((i + 1) * size / out)``."""
    starts = (np.arange(out) * size) // out
    ends = -((-(np.arange(out) + 1) * size) // out)
    positions = np.arange(size)[None, :]
    return ((positions >= starts[:, None]) & (positions < ends[:, None])).astype(np.int64)


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """Average pooling to a fixed ``output_size`` ``(out_h, out_w)`` (an int for both; None keeps
    that input size), whatever the input's size; ``1`` is the mean over each image, as torch
    computes it (``mean``)."""
    outs = _adaptive_sizes("adaptive_avg_pool2d", output_size, input, 2)
    _check_images(input, "adaptive_avg_pool2d")
    if min(outs) < 0:
        raise RuntimeError("adaptive_avg_pool2d: elements of output_size must be greater than or "
                           f"equal to 0 but received {{{outs[0]}, {outs[1]}}}")
    if outs == [1, 1]:
        return input.mean((-1, -2), keepdim=True)
    _check_nonempty("adaptive_avg_pool2d", input)
    floating_kernel("adaptive_avg_pool2d", input)
    rows, cols = (_adaptive_matrix(input.shape[input.ndim - 2 + i], outs[i]) for i in range(2))
    divisor = np.outer(rows.sum(axis=1), cols.sum(axis=1))
    _from_sizes(rows, cols, divisor)
    return AdaptiveAvgPool2D.apply(input, rows=rows, cols=cols, divisor=divisor)


def _single(value: Any) -> Any:
    """An int, or the one int of a 1-tuple (torch's ``_single``)."""
    return value[0] if isinstance(value, tuple | list) and len(value) == 1 else value


# -- attention -----------------------------------------------------------------------------------


def additive_mask(mask: Tensor, like: Tensor, keep_where_true: bool) -> Tensor:
    """A boolean mask as the float mask added to the scores (``-inf`` where attention is not
    allowed); a float mask as it is."""
    if mask._data.dtype != np.bool_:
        return mask
    blocked = ~mask._data if keep_where_true else mask._data
    values = np.where(blocked, -np.inf, 0.0).astype(like._data.dtype)
    return Tensor._make(values)


def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor,
                                 attn_mask: Tensor | None = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """``softmax(query @ key.T * scale + mask) @ value`` over the last two dims (``scale`` defaults
    to ``1 / sqrt(query.size(-1))``); ``is_causal`` lets position ``i`` attend to ``j <= i`` only; a
    boolean ``attn_mask`` is True where attention is allowed, a float one is added to the scores."""
    if enable_gqa:
        raise NotImplementedError("autograd_lab's scaled_dot_product_attention takes no enable_gqa")
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set "
                           "when is_causal=True")
    scale_factor = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    target, source = query.shape[-2], key.shape[-2]
    weights = query @ key.transpose(-2, -1) * scale_factor
    if is_causal:
        allowed = np.tril(np.ones((target, source), dtype=bool))
        weights = weights + additive_mask(Tensor._make(allowed), query, keep_where_true=True)
    elif attn_mask is not None:
        weights = weights + additive_mask(attn_mask, query, keep_where_true=True)
    weights = weights.softmax(-1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return weights @ value


from .embedding_bag import embedding_bag  # noqa: E402 - it builds on Embedding's backward above
from .more_functional import (  # noqa: E402 - they build on the pools and pad above
    alpha_dropout,
    channel_shuffle,
    gumbel_softmax,
    local_response_norm,
    lp_pool1d,
    lp_pool2d,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
    max_unpool1d,
    max_unpool2d,
    pdist,
    upsample_bilinear,
    upsample_nearest,
)
