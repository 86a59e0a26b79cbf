"""Elementwise functions: ``exp``, ``log``, ``sin`` ..., ``relu``, ``clamp``, ``maximum``, ``where``,
rounding, comparisons and logical ops.

Every differentiable op is a class with its forward and its backward side by side; the docstring's
``Backward:`` lines are the formula the lessons and ``%%trace`` show. Functions that torch computes in
floating point (``exp(int_tensor)``) promote integer and bool inputs to the default float first, as
torch does. Comparisons, logical ops and the ``is*`` tests are not differentiable: they return plain
bool tensors, built without an op. ``+ - * / **``, ``neg`` and ``reciprocal`` live in ``arithmetic``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import random as _random
from .._arguments import argument_error, is_number, torch_alias
from .._dtypes import (
    DEFAULT_FLOAT,
    checked_number_array,
    cpp_type_name,
    number_array,
    result_type,
    type_name,
)
from .._quiet import quiet_call
from ..autograd import bfloat16_mode
from ..autograd.complex_mode import refuse_complex
from ..autograd.messages import forward_ad_not_supported
from ..autograd.meta import refuse_meta, refuse_without_values
from ..autograd.op import Op, broadcast_error
from ..autograd.record import derived, note, watching
from ..tensor import Tensor
from . import _special_math
from ._args import (
    as_operand,
    binary_operands,
    check_operands,
    constant,
    integer_division_check,
    is_operand,
)
from ._grad import where as grad_where
from ._grad import zeros_like
from .arithmetic import (
    MulScalar,
    reciprocal,  # noqa: F401 - ``Tensor.reciprocal`` reaches it through this module
)
from .arithmetic import pow as _pow
from .indexing import MaskedFill, nonzero

__all__ = [
    "abs", "absolute", "exp", "log", "log10", "log2", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos",
    "tan", "tanh", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "arcsin",
    "arccos", "arctan", "arcsinh", "arccosh", "arctanh",
    "sigmoid", "relu", "clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "where",
    "sign", "sgn", "square", "floor", "ceil", "round", "floor_divide", "remainder", "eq", "ne", "lt", "le",
    "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal", "logical_and",
    "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift",
    "bitwise_not", "isnan", "isinf", "isfinite", "allclose", "equal", "erf", "atan2", "arctan2",
    "hypot", "logaddexp", "fmod", "trunc", "fix", "frac", "nan_to_num", "lerp", "addcmul", "addcdiv",
    "isclose", "erfinv", "lgamma", "digamma", "polygamma", "exp2", "sinc", "logit",
    "heaviside", "xlogy", "deg2rad", "rad2deg", "logaddexp2", "copysign", "fmax", "fmin", "erfc",
    "signbit", "isposinf", "isneginf", "isreal", "isin", "ldexp", "frexp", "gcd", "lcm",
    "poisson", "binomial", "_standard_gamma", "_standard_gamma_grad",
]

def _compute(function: Callable[..., Any], *arrays: Any) -> np.ndarray:
    """A numpy computation done outside an op (comparisons, tests) as an array (numpy turns 0-d
    results into scalars), without the inf/NaN warnings torch never gives."""
    return np.asarray(quiet_call(function, *arrays))


def _type_name(t: Tensor) -> str:
    """torch's short name of a tensor's dtype, as its error messages write it (``Float``)."""
    return type_name(t._data.dtype)


def _check_tensor(function: str, value: Any, argument: str = "input", position: int = 1) -> None:
    """torch's TypeError for a non-tensor where a tensor is required."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")


def _floating(function: str, input: Any) -> Tensor:
    """``input`` as a floating-point tensor: integer and bool tensors become the default float (the
    converted operand keeps the original's place in the graph)."""
    if input.__class__ is Tensor and input._data.dtype.kind in "fV":
        return input  # the common case, without the checks below
    _check_tensor(function, input)
    if input._data.dtype.kind not in "fcV":  # (a complex one stays: the op takes it, or refuses)
        return as_operand(input, DEFAULT_FLOAT)
    return input


def _broadcast_shape(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast shape, or torch's RuntimeError naming the shapes that do not broadcast."""
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise broadcast_error(*shapes) from None


# -- exponentials and logarithms -----------------------------------------------------------------


class Exp(Op):
    """Elementwise ``e ** self``.

    Backward:  grad_self = grad * result
    Forward:   result_t = self_t * result
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.exp(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return grad * result

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t * result


class Log(Op):
    """Elementwise natural logarithm.

    Backward:  grad_self = grad / self
    Forward:   result_t = self_t / self
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.log(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / a

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / a


class Log10(Op):
    """Elementwise base-10 logarithm.

    Backward:  grad_self = grad / (self * ln(10))
    Forward:   result_t = self_t / (self * ln(10))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return _log10(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / (a * _LN10)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / (a * _LN10)


class Log2(Op):
    """Elementwise base-2 logarithm.

    Backward:  grad_self = grad / (self * ln(2))
    Forward:   result_t = self_t / (self * ln(2))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.log2(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / (a * _LN2)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / (a * _LN2)


_LN10 = float(np.log(10.0))


def _log10(a: np.ndarray) -> np.ndarray:
    """numpy's float32 log10 is one unit off at powers of ten (log10(100) = 2.0000002); computed in
    float64 and rounded it is exact there, as torch's is."""
    if a.dtype == np.float32:
        return np.log10(a.astype(np.float64)).astype(np.float32)
    return np.log10(a)


_LN2 = float(np.log(2.0))


class Log1P(Op):
    """Elementwise ``log(1 + self)``, accurate for small ``self``.

    Backward:  grad_self = grad / (1 + self)
    Forward:   result_t = self_t / (1 + self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.log1p(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / (a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / (a + 1)


class Expm1(Op):
    """Elementwise ``exp(self) - 1``, accurate for small ``self``.

    Backward:  grad_self = grad * (result + 1)
    Forward:   result_t = self_t * (result + 1)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.expm1(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return grad * (result + 1)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t * (result + 1)


class Sqrt(Op):
    """Elementwise square root.

    Backward:  grad_self = grad / (2 * result)
    Forward:   result_t = self_t / (2 * result)
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.sqrt(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return grad / (result * 2)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t / (result * 2)


class Rsqrt(Op):
    """Elementwise ``1 / sqrt(self)``.

    Backward:  grad_self = -0.5 * grad * result ** 3
    Forward:   result_t = -0.5 * self_t * result ** 3
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = 1 / np.sqrt(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return grad * (result * result * result) * -0.5

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t * (result * result * result) * -0.5


# -- trigonometric and squashing functions -------------------------------------------------------


class Sin(Op):
    """Elementwise sine.

    Backward:  grad_self = grad * cos(self)
    Forward:   result_t = self_t * cos(self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.sin(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * np.cos(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * np.cos(a)


class Cos(Op):
    """Elementwise cosine.

    Backward:  grad_self = -grad * sin(self)
    Forward:   result_t = -self_t * sin(self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.cos(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return -grad * np.sin(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return -self_t * np.sin(a)


class Tan(Op):
    """Elementwise tangent.

    Backward:  grad_self = grad * (1 + result ** 2)
    Forward:   result_t = self_t * (1 + result ** 2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.tan(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return grad * (result * result + 1)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return self_t * (result * result + 1)


class Asin(Op):
    """Elementwise arcsine (inverse sine), in ``[-pi/2, pi/2]``; NaN outside ``[-1, 1]``.

    Backward:  grad_self = grad / sqrt(1 - self ** 2)
    Forward:   result_t = self_t / sqrt(1 - self ** 2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arcsin(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Rsqrt.apply(-a * a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Rsqrt.apply(-a * a + 1)


class Acos(Op):
    """Elementwise arccosine (inverse cosine), in ``[0, pi]``; NaN outside ``[-1, 1]``.

    Backward:  grad_self = -grad / sqrt(1 - self ** 2)
    Forward:   result_t = -self_t / sqrt(1 - self ** 2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arccos(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * -Rsqrt.apply(-a * a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * -Rsqrt.apply(-a * a + 1)


class Atan(Op):
    """Elementwise arctangent (inverse tangent), in ``(-pi/2, pi/2)``.

    Backward:  grad_self = grad / (1 + self ** 2)
    Forward:   result_t = self_t / (1 + self ** 2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arctan(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / (a * a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / (a * a + 1)


class Sinh(Op):
    """Elementwise hyperbolic sine ``(exp(self) - exp(-self)) / 2``.

    Backward:  grad_self = grad * cosh(self)
    Forward:   result_t = self_t * cosh(self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.sinh(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Cosh.apply(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Cosh.apply(a)


class Cosh(Op):
    """Elementwise hyperbolic cosine ``(exp(self) + exp(-self)) / 2``.

    Backward:  grad_self = grad * sinh(self)
    Forward:   result_t = self_t * sinh(self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.cosh(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Sinh.apply(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Sinh.apply(a)


class Asinh(Op):
    """Elementwise inverse hyperbolic sine ``log(self + sqrt(self ** 2 + 1))``.

    Backward:  grad_self = grad / sqrt(self ** 2 + 1)
    Forward:   result_t = self_t / sqrt(self ** 2 + 1)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arcsinh(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Rsqrt.apply(a * a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Rsqrt.apply(a * a + 1)


class Acosh(Op):
    """Elementwise inverse hyperbolic cosine ``log(self + sqrt(self ** 2 - 1))``; NaN below 1.

    Backward:  grad_self = grad / sqrt(self ** 2 - 1)
    Forward:   result_t = self_t / sqrt(self ** 2 - 1)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arccosh(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Rsqrt.apply(a * a - 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Rsqrt.apply(a * a - 1)


class Atanh(Op):
    """Elementwise inverse hyperbolic tangent ``log((1 + self) / (1 - self)) / 2``; NaN outside
    ``[-1, 1]``.

    Backward:  grad_self = grad / (1 - self ** 2)
    Forward:   result_t = self_t / (1 - self ** 2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.arctanh(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad / (-a * a + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t / (-a * a + 1)


class _InplaceWithoutDerivative(Op):
    """An in-place form torch records without a derivative: ``asinh_``, ``acosh_``, ``atanh_``
    (their out-of-place forms have one).

    Backward:  raises torch's "the derivative for 'inplace version of <op>' is not implemented."
    """

    __slots__ = ()
    compute: Callable[[np.ndarray], np.ndarray]

    def forward(self, a: np.ndarray) -> np.ndarray:
        return type(self).compute(a)

    def backward(self, grad: Any) -> Any:
        raise NotImplementedError(
            f"the derivative for 'inplace version of {self.torch_name.rstrip('_')}' is not "
            "implemented.")


class AsinhInplace(_InplaceWithoutDerivative, torch_name="asinh_", grad_fn_name="AsinhBackward1"):
    __doc__ = _InplaceWithoutDerivative.__doc__
    __slots__ = ()
    compute = staticmethod(np.arcsinh)


class AcoshInplace(_InplaceWithoutDerivative, torch_name="acosh_", grad_fn_name="AcoshBackward1"):
    __doc__ = _InplaceWithoutDerivative.__doc__
    __slots__ = ()
    compute = staticmethod(np.arccosh)


class AtanhInplace(_InplaceWithoutDerivative, torch_name="atanh_", grad_fn_name="AtanhBackward1"):
    __doc__ = _InplaceWithoutDerivative.__doc__
    __slots__ = ()
    compute = staticmethod(np.arctanh)


class Tanh(Op):
    """Elementwise hyperbolic tangent.

    Backward:  grad_self = grad * (1 - result ** 2)     (the node TanhBackward: torch's tanh_backward)
    Forward:   result_t = self_t * (1 - result ** 2)     (the node TanhBackward)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.tanh(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return TanhBackward.apply(grad, result)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return TanhBackward.apply(self_t, result)


class Sigmoid(Op):
    """Elementwise logistic function ``1 / (1 + exp(-self))``.

    Backward:  grad_self = grad * result * (1 - result)   (the node SigmoidBackward)
    Forward:   result_t = self_t * result * (1 - result)   (the node SigmoidBackward)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = 1 / (1 + np.exp(-a))  # exp(-a) = inf for very negative a: 1 / inf is the limit 0
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return SigmoidBackward.apply(grad, result)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return SigmoidBackward.apply(self_t, result)


class Relu(Op):
    """Elementwise ``max(self, 0)``.

    Backward:  grad_self = 0 where result <= 0, else grad   (the node ThresholdBackward)
    Forward:   result_t = 0 where result <= 0, else self_t   (the node ThresholdBackward)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.maximum(0, a)  # (in this order it keeps NaN and -0.0, as torch does)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return ThresholdBackward.apply(grad, result)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return ThresholdBackward.apply(self_t, result)


# -- backward formulas that torch records as nodes of their own under create_graph ------------------
# (Applied to arrays in a plain backward pass they just compute; applied to the tensors of a
# create_graph pass they record TanhBackwardBackward0 and friends, as torch does.)


class TanhBackward(Op, grad_fn_name="TanhBackwardBackward0"):
    """tanh's backward as an op: ``g * (1 - y ** 2)`` for the incoming gradient ``g`` and tanh's
    output ``y`` (what a second derivative of tanh differentiates).

    Backward:  grad_g = grad * (1 - y ** 2),  grad_y = -2 * grad * g * y
    Forward:   result_t = g_t * (1 - y ** 2) - 2 * g * y * y_t
    """

    __slots__ = ()

    def forward(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        self.save_for_backward(g, y)
        return g * (1 - y * y)

    def backward(self, grad: Any) -> tuple:
        g, y = self.saved_tensors
        return grad * (1 - y * y), -2 * grad * g * y

    def jvp(self, g_t: Any, y_t: Any) -> Any:
        g, y = self.saved_tensors
        return g_t * (1 - y * y) - 2 * g * y * y_t


class SigmoidBackward(Op, grad_fn_name="SigmoidBackwardBackward0"):
    """sigmoid's backward as an op: ``g * y * (1 - y)`` for the incoming gradient ``g`` and
    sigmoid's output ``y``.

    Backward:  grad_g = grad * y * (1 - y),  grad_y = grad * g * (1 - 2 * y)
    Forward:   result_t = g_t * y * (1 - y) + g * (1 - 2 * y) * y_t
    """

    __slots__ = ()

    def forward(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        self.save_for_backward(g, y)
        return g * (y * (1 - y))

    def backward(self, grad: Any) -> tuple:
        g, y = self.saved_tensors
        return grad * (y * (1 - y)), grad * g * (1 - 2 * y)

    def jvp(self, g_t: Any, y_t: Any) -> Any:
        g, y = self.saved_tensors
        return g_t * (y * (1 - y)) + g * (1 - 2 * y) * y_t


class ThresholdBackward(Op, grad_fn_name="ThresholdBackwardBackward0"):
    """relu's backward as an op: 0 where relu's output ``y`` is <= 0, else ``g`` (a NaN output lets
    the gradient through, as torch's ``threshold_backward``); ``F.threshold``'s with its input as
    ``y`` and its ``threshold`` in place of 0.

    Backward:  grad_g = 0 where y <= threshold, else grad,  grad_y = 0
    Forward:   result_t = 0 where y <= threshold, else g_t
    """

    __slots__ = ("threshold",)

    def forward(self, g: np.ndarray, y: np.ndarray, threshold: float = 0.0) -> np.ndarray:
        self.save_for_backward(y)
        self.threshold = threshold
        return grad_where(y <= threshold, 0, g)

    def backward(self, grad: Any) -> tuple:
        (y,) = self.saved_tensors
        return grad_where(y <= self.threshold, 0, grad), grad * 0

    def jvp(self, g_t: Any, y_t: Any) -> Any:
        (y,) = self.saved_tensors
        return grad_where(y <= self.threshold, 0, g_t)


# -- absolute value, sign, squares, rounding -----------------------------------------------------


class Abs(Op):
    """Elementwise absolute value.

    Backward:  grad_self = grad * sign(self)
    Forward:   result_t = self_t * sign(self)
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.abs(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Sgn.apply(a)  # (torch's sgn: 0 at NaN, where np.sign gives NaN)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Sgn.apply(a)


class Sign(Op):
    """Elementwise sign: -1, 0 or 1 (0 for NaN, as torch).

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        # (a > 0) - (a < 0) rather than np.sign: NaN gives 0 as in torch
        return (a > 0).astype(a.dtype) - (a < 0).astype(a.dtype)

    def backward(self, grad: Any) -> Any:
        return grad * 0

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class Sgn(Sign):
    """``sgn``: the sign of a real number (for real tensors, what ``sign`` computes; torch's abs and
    norm formulas multiply by it).

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()


class Floor(Op):
    """Elementwise rounding down to an integer value.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.floor(a)

    def backward(self, grad: Any) -> Any:
        return grad * 0

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class Ceil(Op):
    """Elementwise rounding up to an integer value.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.ceil(a)

    def backward(self, grad: Any) -> Any:
        return grad * 0

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class Round(Op):
    """Elementwise rounding to the nearest integer value, halves to even (``round(2.5) == 2``).

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.round(a)

    def backward(self, grad: Any) -> Any:
        return grad * 0

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class RoundDecimals(Round, torch_name="Round", overload=1):
    """Elementwise rounding to ``decimals`` decimal places, halves to even.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ("decimals",)

    def forward(self, a: np.ndarray, decimals: int) -> np.ndarray:
        self.decimals = decimals
        # torch rounds float16 in float32, so that the scaled value does not overflow (65504 to 2
        # decimals stays 65504, not inf; to 5 decimals, not NaN)
        work = a.astype(np.float32) if a.dtype == np.float16 else a
        return np.round(work, decimals).astype(a.dtype, copy=False)


# -- clamping, maximum, minimum, where -----------------------------------------------------------


class Clamp(Op, overload=1):
    """Elementwise ``self`` limited to ``[min, max]`` (numbers; either may be None).

    Backward:  grad_self = grad where min <= self <= max, else 0
    Forward:   result_t = self_t where min <= self <= max, else 0
    """

    __slots__ = ("min", "max")

    def forward(self, a: np.ndarray, min: Any, max: Any) -> np.ndarray:
        self.min, self.max = min, max
        self.save_for_backward(a)
        return clamp_array(a, min, max)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(_within(a, self.min, self.max), grad, 0)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(_within(a, self.min, self.max), self_t, 0)


class ClampTensor(Op, torch_name="Clamp", overload=0):
    """Elementwise ``self`` limited to ``[min, max]`` given as tensors (broadcasting).

    Backward:  grad_self = grad where min <= self <= max, else 0
               grad_min  = grad where self < min (and min < max), else 0
               grad_max  = grad where self > max (or max < min), else 0
    Forward:   result_t = max_t where max < min; else min_t where self < min,
                          max_t where self > max, else self_t
               (with one bound: self_t where self is strictly inside, else the bound's tangent)
    """

    __slots__ = ("has_min", "has_max")
    broadcasts = True

    def forward(self, a: np.ndarray, low: np.ndarray, high: np.ndarray, has_min: bool,
                has_max: bool) -> np.ndarray:
        # a missing bound arrives as a constant placeholder, so it is a (None, 0) edge as in torch
        self.has_min, self.has_max = has_min, has_max
        self.save_for_backward(a, low, high)
        return clamp_array(a, low if has_min else None, high if has_max else None)

    def backward(self, grad: Any) -> tuple:
        a, low, high = self.saved_tensors
        low_or_none = low if self.has_min else None
        high_or_none = high if self.has_max else None
        grad_self = grad_where(_within(a, low_or_none, high_or_none), grad, 0)
        grad_min = grad_max = None
        if self.has_min and self.has_max:
            grad_min = grad_where((a < low) & (low < high), grad, 0)
            grad_max = grad_where((a > high) | (high < low), grad, 0)
        elif self.has_min:
            grad_min = grad_where(a < low, grad, 0)
        else:
            grad_max = grad_where(a > high, grad, 0)
        return grad_self, grad_min, grad_max

    def jvp(self, self_t: Any, min_t: Any, max_t: Any) -> Any:
        a, low, high = self.saved_tensors
        if self.has_min and self.has_max:
            return grad_where(low > high, max_t,
                              grad_where(a < low, min_t, grad_where(a > high, max_t, self_t)))
        if self.has_min:
            return grad_where(a > low, self_t, min_t)
        return grad_where(a < high, self_t, max_t)


class ClampMin(Op, overload=0):
    """Elementwise ``self`` limited from below by the number ``min`` (``clamp_min``).

    Backward:  grad_self = grad where self >= min, else 0
    Forward:   result_t = self_t where self >= min, else 0
    """

    __slots__ = ("min",)

    def forward(self, a: np.ndarray, min: Any) -> np.ndarray:
        self.min = min
        self.save_for_backward(a)
        return clamp_array(a, min, None)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(a >= self.min, grad, 0)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(a >= self.min, self_t, 0)


class ClampMax(Op, overload=0):
    """Elementwise ``self`` limited from above by the number ``max`` (``clamp_max``).

    Backward:  grad_self = grad where self <= max, else 0
    Forward:   result_t = self_t where self <= max, else 0
    """

    __slots__ = ("max",)

    def forward(self, a: np.ndarray, max: Any) -> np.ndarray:
        self.max = max
        self.save_for_backward(a)
        return clamp_array(a, None, max)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(a <= self.max, grad, 0)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(a <= self.max, self_t, 0)


class ClampMinTensor(Op, torch_name="ClampMin", overload=1):
    """Elementwise ``self`` limited from below by the tensor ``min`` (broadcasting).

    Backward:  grad_self = grad where self >= min, else 0,  grad_min = grad where self < min, else 0
    Forward:   result_t = self_t where self >= min, else min_t
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, low: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, low)
        return clamp_array(a, low, None)

    def backward(self, grad: Any) -> tuple:
        a, low = self.saved_tensors
        return grad_where(a >= low, grad, 0), grad_where(a < low, grad, 0)

    def jvp(self, self_t: Any, min_t: Any) -> Any:
        a, low = self.saved_tensors
        return grad_where(a >= low, self_t, min_t)


class ClampMaxTensor(Op, torch_name="ClampMax", overload=1):
    """Elementwise ``self`` limited from above by the tensor ``max`` (broadcasting).

    Backward:  grad_self = grad where self <= max, else 0,  grad_max = grad where self > max, else 0
    Forward:   result_t = self_t where self <= max, else max_t
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, high: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, high)
        return clamp_array(a, None, high)

    def backward(self, grad: Any) -> tuple:
        a, high = self.saved_tensors
        return grad_where(a <= high, grad, 0), grad_where(a > high, grad, 0)

    def jvp(self, self_t: Any, max_t: Any) -> Any:
        a, high = self.saved_tensors
        return grad_where(a <= high, self_t, max_t)


def clamp_array(a: np.ndarray, low: Any, high: Any) -> np.ndarray:
    """torch's clamp: ``low`` where ``a < low``, ``high`` where ``a > high`` (so every element is
    ``high`` when ``low > high``), NaN where either is NaN, else ``a`` itself: an element equal to a
    bound keeps its own value (``-0.0`` clamped at ``0.0`` stays ``-0.0``)."""
    result = a
    if low is not None:
        result = _tie_keeps_second(np.maximum, low, result)
    if high is not None:
        result = _tie_keeps_second(np.minimum, high, result)
    return np.asarray(result, dtype=a.dtype)


def _tie_keeps_second(extreme: np.ufunc, bound: Any, values: np.ndarray) -> np.ndarray:
    """``extreme(bound, values)`` (np.maximum or np.minimum), ``values`` where the two are equal.
    numpy's own loops return their second operand then, except float16's, which return the first."""
    if values.dtype != np.float16:
        return extreme(bound, values)
    return np.where(values == bound, values, extreme(bound, values))


def _within(a: Any, low: Any, high: Any) -> Any:
    """The mask ``low <= a <= high`` (a missing bound does not limit)."""
    if low is None:
        return a <= high
    if high is None:
        return a >= low
    return (a >= low) & (a <= high)


class Maximum(Op):
    """Elementwise larger of ``self`` and ``other`` (broadcasting; NaN wins).

    Backward:  grad_self = grad where self > other, grad / 2 where equal, else 0
               grad_other = grad where other > self, grad / 2 where equal, else 0
    Forward:   result_t = other_t + (1 where self > other, 1/2 where equal, else 0)
                                  * (self_t - other_t)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return _tie_keeps_second(np.maximum, b, a)  # (0.0 against -0.0: self's, as torch's)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return _split_between(grad, a, b)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return other_t + _winning_share(self_t - other_t, a, b)


class Minimum(Op):
    """Elementwise smaller of ``self`` and ``other`` (broadcasting; NaN wins).

    Backward:  grad_self = grad where self < other, grad / 2 where equal, else 0
               grad_other = grad where other < self, grad / 2 where equal, else 0
    Forward:   result_t = other_t + (1 where self < other, 1/2 where equal, else 0)
                                  * (self_t - other_t)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return _tie_keeps_second(np.minimum, b, a)  # (0.0 against -0.0: self's, as torch's)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return _split_between(grad, b, a)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return other_t + _winning_share(self_t - other_t, b, a)


def _winning_share(value: Any, winner: Any, loser: Any) -> Any:
    """``value`` where an op that picks the larger took ``winner``, half of it at a tie, else 0."""
    return grad_where(winner == loser, value / 2, grad_where(winner > loser, value, 0))


def _split_between(grad: Any, winner: Any, loser: Any) -> tuple:
    """The gradients of (winner, loser) for an op that picked the larger: ties share it evenly."""
    half = grad_where(winner == loser, grad / 2, 0)
    return grad_where(winner > loser, grad, half), grad_where(loser > winner, grad, half)


class Where(Op):
    """Elementwise ``self`` where ``condition`` holds, else ``other`` (all three broadcast).

    Backward:  grad_self = grad where condition, else 0
               grad_other = grad where not condition, else 0
    Forward:   result_t = self_t where condition, else other_t
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("condition",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, condition: np.ndarray) -> np.ndarray:
        # the condition is a parameter, not an input: torch gives it no next_functions entry
        self.condition = condition
        return np.where(condition, a, b)

    def backward(self, grad: Any) -> tuple:
        condition = self.condition
        return grad_where(condition, grad, 0), grad_where(condition, 0, grad)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return grad_where(self.condition, self_t, other_t)


# -- division with rounding, remainder -----------------------------------------------------------


class NotDifferentiable(Op, grad_fn_name="NotImplemented"):
    """An op torch records without a derivative (``floor_divide``, ``number % tensor``).

    Backward:  raises torch's "derivative for aten::<op> is not implemented"
    Forward:   raises torch's "Trying to use forward AD with aten::<op>"
    """

    __slots__ = ("aten_name",)

    def forward(self, *arrays: np.ndarray, compute: Callable[..., Any], aten_name: str) -> np.ndarray:
        self.aten_name = aten_name
        return compute(*arrays)

    def backward(self, *grads: Any) -> Any:
        raise RuntimeError(f"derivative for aten::{self.aten_name} is not implemented")

    def name(self) -> str:
        return "torch::autograd::NotImplemented"  # torch's name() for this C++ node

    def jvp(self, *tangents: Any) -> Any:
        raise NotImplementedError(forward_ad_not_supported(self.aten_name))


class Remainder(Op):
    """Elementwise ``self % other`` for a number ``other``, with the sign of ``other`` (Python's %).

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: Any) -> np.ndarray:
        self.other = other
        return _remainder_array(a, np.asarray(other, dtype=a.dtype))

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class RemainderTensor(Op, torch_name="Remainder", overload=1):
    """Elementwise ``self % other`` for tensors, with the sign of ``other`` (broadcasting).

    Backward:  grad_self = grad,  grad_other = -grad * floor(self / other)
    Forward:   result_t = self_t - other_t * floor(self / other)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return _remainder_array(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad, -grad * np.floor(a / b)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return self_t - other_t * np.floor(a / b)


def _no_bool_kernel(kernel: str, a: np.ndarray) -> None:
    """torch's error where operands in the common dtype bool meet an op without a bool kernel."""
    if a.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _remainder_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _no_bool_kernel("remainder_cpu", a)
    integer_division_check(b)
    if a.dtype.kind not in "fV":
        return np.remainder(a, b)
    # torch's formula, which keeps the sign of a zero result (-2.0 % 2 is -0.0, numpy gives 0.0)
    mod = np.fmod(a, b)
    return np.asarray(np.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod), dtype=a.dtype)


class Exp2(Op):
    """Elementwise ``2 ** self``.

    Backward:  grad_self = grad * result * ln(2)
    Forward:   result_t = self_t * result * ln(2)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.exp2(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return MulScalar.apply(grad * result, other=_LN2)  # (a number: torch's MulBackward1)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return MulScalar.apply(self_t * result, other=_LN2)


class Sinc(Op):
    """Elementwise normalized sinc: ``sin(pi * self) / (pi * self)``, and 1 at 0.

    Backward:  grad_self = grad * ((pi*self * cos(pi*self) - sin(pi*self)) / (pi * self**2)),
               0 where pi * self**2 is 0
    Forward:   result_t = self_t * (the same derivative)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        product = a * np.pi
        return np.where(a == 0, np.ones_like(a), np.sin(product) / product)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self._slope(grad, a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._slope(self_t, a)

    @staticmethod
    def _slope(grad: Any, a: Any) -> Any:
        """``grad`` times the derivative of sinc at ``a`` (torch's ``sinc_backward``)."""
        a_pi = a * np.pi
        squared_pi = a * a * np.pi
        out = grad * ((a_pi * np.cos(a_pi) - np.sin(a_pi)) / squared_pi)
        return grad_where(squared_pi == 0.0, 0.0, out)


class Logit(Op):
    """Elementwise ``log(self / (1 - self))``, the inverse of ``sigmoid``; with ``eps``, ``self`` is
    first clamped to ``[eps, 1 - eps]``.

    Backward:  grad_self = grad / (self * (1 - self)); without eps NaN outside [0, 1], with eps 0
               outside [eps, 1 - eps] (where the clamp is flat)
    Forward:   result_t = self_t / (self * (1 - self)), the same cases
    """

    __slots__ = ("eps",)

    def forward(self, a: np.ndarray, eps: float | None = None) -> np.ndarray:
        self.eps = eps
        self.save_for_backward(a)
        x = a if eps is None else np.clip(a, eps, 1 - eps)
        return np.log(x / (1 - x))

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self._slope(grad, a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._slope(self_t, a)

    def _slope(self, grad: Any, a: Any) -> Any:
        """``grad`` times logit's derivative at ``a``, with torch's values outside the domain."""
        inner = grad / (a * (1 - a))
        if self.eps is None or self.eps < 0:
            return grad_where(~((a < 0) | (a > 1)), inner, math.nan)
        # (a NaN self counts as inside, so its gradient is NaN, as torch's backward kernel gives)
        return grad_where(~((a < self.eps) | (a > 1 - self.eps)), inner, 0.0)


def _xlogy_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a * log(b)``, and 0 where ``a`` is 0 (unless ``b`` is NaN)."""
    return np.where((a == 0) & ~np.isnan(b), 0, a * np.log(b))


class Xlogy(Op):
    """Elementwise ``self * log(other)``, 0 where ``self`` is 0 (unless ``other`` is NaN),
    broadcasting.

    Backward:  grad_self = xlogy(grad, other), 0 where self == 0 and other <= 0,
               grad_other = grad * self / other
    Forward:   result_t = xlogy(self_t, other) (the same zeros) + other_t * self / other
    """

    __slots__ = ("zeros",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        self.zeros = (a == 0) & (b <= 0)  # where self's gradient is 0 instead of log(other)
        return _xlogy_array(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return MaskedFill.apply(Xlogy.apply(grad, b), mask=self.zeros, value=0), grad * a / b

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return MaskedFill.apply(Xlogy.apply(self_t, b), mask=self.zeros, value=0) + other_t * a / b


class XlogyScalarSelf(Op, torch_name="Xlogy", overload=1):
    """``self * log(other)`` for a number ``self`` (0 everywhere if it is 0, except at NaN).

    Backward:  grad_other = grad * self / other
    Forward:   result_t = other_t * self / other
    """

    __slots__ = ("self_value",)

    def forward(self, b: np.ndarray, self_value: float) -> np.ndarray:
        self.self_value = self_value
        self.save_for_backward(b)
        return _xlogy_array(np.asarray(self_value, dtype=b.dtype), b)

    def backward(self, grad: Any) -> Any:
        (b,) = self.saved_tensors
        return MulScalar.apply(grad, other=self.self_value) / b

    def jvp(self, other_t: Any) -> Any:
        (b,) = self.saved_tensors
        return MulScalar.apply(other_t, other=self.self_value) / b


class XlogyScalarOther(Op, torch_name="Xlogy", overload=2):
    """``self * log(other)`` for a number ``other``, 0 where ``self`` is 0.

    Backward:  grad_self = xlogy(grad, other); where other <= 0, 0 where self == 0
    Forward:   result_t = xlogy(self_t, other), the same zeros
    """

    __slots__ = ("other", "zeros")

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        self.other = other
        self.zeros = None if other > 0 else a == 0
        return _xlogy_array(a, np.asarray(other, dtype=a.dtype))

    def backward(self, grad: Any) -> Any:
        return self._slope(grad)

    def jvp(self, self_t: Any) -> Any:
        return self._slope(self_t)

    def _slope(self, grad: Any) -> Any:
        scaled = XlogyScalarOther.apply(grad, other=self.other)
        return scaled if self.zeros is None else MaskedFill.apply(scaled, mask=self.zeros, value=0)


def _floor_divide_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _no_bool_kernel("div_floor_cpu", a)
    integer_division_check(b)
    return np.floor_divide(a, b)


# -- the functions users call (and Tensor's methods call) ----------------------------------------


def exp(input: Tensor) -> Tensor:
    """``e ** input``, elementwise."""
    return Exp.apply(_floating("exp", input))


def log(input: Tensor) -> Tensor:
    """Natural logarithm, elementwise (``log(0) == -inf``, negative inputs give NaN)."""
    return Log.apply(_floating("log", input))


def log10(input: Tensor) -> Tensor:
    """Base-10 logarithm, elementwise."""
    return Log10.apply(_floating("log10", input))


def log2(input: Tensor) -> Tensor:
    """Base-2 logarithm, elementwise."""
    return Log2.apply(_floating("log2", input))


def log1p(input: Tensor) -> Tensor:
    """``log(1 + input)``, elementwise."""
    return Log1P.apply(_floating("log1p", input))


def expm1(input: Tensor) -> Tensor:
    """``exp(input) - 1``, elementwise."""
    return Expm1.apply(_floating("expm1", input))


def exp2(input: Tensor) -> Tensor:
    """``2 ** input``, elementwise."""
    return Exp2.apply(_floating("exp2", input))


def sinc(input: Tensor) -> Tensor:
    """The normalized sinc ``sin(pi * input) / (pi * input)`` (1 at 0), elementwise."""
    return Sinc.apply(_floating("sinc", input))


def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """``log(input / (1 - input))``, elementwise; with ``eps``, ``input`` is clamped to
    ``[eps, 1 - eps]`` first (so 0 and 1 give finite values)."""
    if eps is not None and (isinstance(eps, bool) or not isinstance(eps, (int, float))):
        # (a plain TypeError: the torch-level wrapper words it for the call as it was written)
        raise TypeError(f"logit(): eps must be a number, not {type(eps).__name__}")
    return Logit.apply(_floating("logit", input), eps=None if eps is None else float(eps))


def sqrt(input: Tensor) -> Tensor:
    """Square root, elementwise."""
    return Sqrt.apply(_floating("sqrt", input))


def rsqrt(input: Tensor) -> Tensor:
    """``1 / sqrt(input)``, elementwise."""
    return Rsqrt.apply(_floating("rsqrt", input))


def sin(input: Tensor) -> Tensor:
    """Sine, elementwise."""
    return Sin.apply(_floating("sin", input))


def cos(input: Tensor) -> Tensor:
    """Cosine, elementwise."""
    return Cos.apply(_floating("cos", input))


def tan(input: Tensor) -> Tensor:
    """Tangent, elementwise."""
    return Tan.apply(_floating("tan", input))


def asin(input: Tensor) -> Tensor:
    """Arcsine, elementwise (NaN outside [-1, 1])."""
    return Asin.apply(_floating("asin", input))


def acos(input: Tensor) -> Tensor:
    """Arccosine, elementwise (NaN outside [-1, 1])."""
    return Acos.apply(_floating("acos", input))


def atan(input: Tensor) -> Tensor:
    """Arctangent, elementwise."""
    return Atan.apply(_floating("atan", input))


def sinh(input: Tensor) -> Tensor:
    """Hyperbolic sine, elementwise."""
    return Sinh.apply(_floating("sinh", input))


def cosh(input: Tensor) -> Tensor:
    """Hyperbolic cosine, elementwise."""
    return Cosh.apply(_floating("cosh", input))


def asinh(input: Tensor) -> Tensor:
    """Inverse hyperbolic sine, elementwise."""
    return Asinh.apply(_floating("asinh", input))


def acosh(input: Tensor) -> Tensor:
    """Inverse hyperbolic cosine, elementwise (NaN below 1)."""
    return Acosh.apply(_floating("acosh", input))


def atanh(input: Tensor) -> Tensor:
    """Inverse hyperbolic tangent, elementwise (NaN outside [-1, 1])."""
    return Atanh.apply(_floating("atanh", input))


def asinh_inplace(input: Tensor) -> Tensor:
    """``asinh`` as ``Tensor.asinh_`` computes it: recorded without a derivative, as torch does."""
    return AsinhInplace.apply(_floating("asinh", input))


def acosh_inplace(input: Tensor) -> Tensor:
    """``acosh`` as ``Tensor.acosh_`` computes it: recorded without a derivative, as torch does."""
    return AcoshInplace.apply(_floating("acosh", input))


def atanh_inplace(input: Tensor) -> Tensor:
    """``atanh`` as ``Tensor.atanh_`` computes it: recorded without a derivative, as torch does."""
    return AtanhInplace.apply(_floating("atanh", input))


arcsin = torch_alias(asin, "arcsin")
arccos = torch_alias(acos, "arccos")
arctan = torch_alias(atan, "arctan")
arcsinh = torch_alias(asinh, "arcsinh")
arccosh = torch_alias(acosh, "arccosh")
arctanh = torch_alias(atanh, "arctanh")


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent, elementwise."""
    return Tanh.apply(_floating("tanh", input))


def sigmoid(input: Tensor) -> Tensor:
    """Logistic sigmoid ``1 / (1 + exp(-input))``, elementwise."""
    return Sigmoid.apply(_floating("sigmoid", input))


def relu(input: Tensor) -> Tensor:
    """``max(input, 0)``, elementwise (integer tensors stay integer)."""
    _check_tensor("relu", input)
    if input._data.dtype == np.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    return Relu.apply(input)


def abs(input: Tensor) -> Tensor:
    """Absolute value, elementwise (integer tensors stay integer)."""
    _check_tensor("abs", input)
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return Abs.apply(input)


def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of each element (0 for NaN)."""
    _check_tensor("sign", input)
    if input._data.dtype == np.bool_:
        return _unchanged_copy(input)
    return Sign.apply(input)


def sgn(input: Tensor) -> Tensor:
    """The sign of each element (torch's ``sgn``; for real tensors the same values as ``sign``)."""
    _check_tensor("sgn", input)
    if input._data.dtype == np.bool_:
        return _unchanged_copy(input)
    return Sgn.apply(input)


def square(input: Tensor) -> Tensor:
    """``input ** 2`` (torch computes it as ``pow``, so the node is ``PowBackward0``)."""
    _check_tensor("square", input)
    return _pow(input, 2)


def floor(input: Tensor) -> Tensor:
    """Round down to an integer value, elementwise (zero gradient)."""
    _check_tensor("floor", input)
    if input._data.dtype.kind not in "fV":
        return _rounded_integers("floor", input)
    return Floor.apply(input)


def ceil(input: Tensor) -> Tensor:
    """Round up to an integer value, elementwise (zero gradient)."""
    _check_tensor("ceil", input)
    if input._data.dtype.kind not in "fV":
        return _rounded_integers("ceil", input)
    return Ceil.apply(input)


def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    """Round to the nearest value with ``decimals`` decimals, halves to even (zero gradient)."""
    _check_tensor("round", input)
    if decimals == 0:
        return Round.apply(input) if input._data.dtype.kind in "fV" else _rounded_integers("round", input)
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f"\"round_cpu\" not implemented for '{_type_name(input)}'")
    return RoundDecimals.apply(input, decimals=decimals)


def _rounded_integers(function: str, input: Tensor) -> Tensor:
    """What rounding does to an integer tensor: a copy; torch has no rounding kernel for bool."""
    if input._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{function}_vml_cpu\" not implemented for 'Bool'")
    return _unchanged_copy(input)


def _unchanged_copy(input: Tensor) -> Tensor:
    """What rounding does to an integer or bool tensor: a copy (such tensors need no graph)."""
    return derived(Tensor._make(input._data.copy()), input, how=np.copy)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """``input`` limited to ``[min, max]``; either bound may be None, a number, or a tensor
    (tensor bounds broadcast and receive gradients)."""
    if not isinstance(input, Tensor) or not _bound(min) or not _bound(max):
        bounds = {name: bound for name, bound in (("min", min), ("max", max)) if bound is not None}
        raise argument_error("clamp", (input,), bounds)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    refuse_complex("clamp", input, min, max)
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return _clamp_tensor(input, min, max)
    dt = result_type(input, *(bound for bound in (min, max) if bound is not None))
    if dt.numpy == np.bool_:  # bool bounds on a bool tensor: torch has no such kernel
        kernel = "clamp_max" if min is None else "clamp_min" if max is None else "clamp"
        raise NotImplementedError(f"\"{kernel}_scalar_cpu\" not implemented for 'Bool'")
    for bound in (min, max):
        if bound is not None:  # (converted checked: torch's overflow error)
            checked_number_array(bound, dt.numpy)
    if not dt.is_floating_point:  # (an int bound wraps into an unsigned dtype, as torch)
        min, max = (None if bound is None else int(number_array(bound, dt.numpy))
                    for bound in (min, max))
    return Clamp.apply(as_operand(input, dt), min=min, max=max)


def _clamp_tensor(input: Tensor, min: Any, max: Any) -> Tensor:
    for name, bound in (("min", min), ("max", max)):
        if bound is not None and not isinstance(bound, Tensor):
            raise TypeError(
                f"clamp() received an invalid combination of arguments: '{name}' is a "
                f"{type(bound).__name__} while the other bound is a Tensor"
                "\nHint (autograd_lab): give both bounds as tensors, or both as numbers.")
    present = [bound for bound in (min, max) if bound is not None]
    dt = result_type(input, *present)
    placeholder = constant(0, dt)  # stands for the missing bound: a (None, 0) edge
    low = as_operand(min, dt) if min is not None else placeholder
    high = as_operand(max, dt) if max is not None else placeholder
    _broadcast_shape(*(t._data.shape for t in (input, *present)))
    return ClampTensor.apply(as_operand(input, dt), low, high, has_min=min is not None,
                             has_max=max is not None)


def _bound(value: Any) -> bool:
    """What clamp takes as a bound: nothing, a number or a tensor."""
    return value is None or is_operand(value)


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """``input`` limited from below by ``min`` (a number or a tensor, which broadcasts)."""
    if not isinstance(input, Tensor) or min is None or not is_operand(min):
        raise argument_error("clamp_min", (input, min))
    return _clamp_one_side(input, min, ClampMin, ClampMinTensor)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """``input`` limited from above by ``max`` (a number or a tensor, which broadcasts)."""
    if not isinstance(input, Tensor) or max is None or not is_operand(max):
        raise argument_error("clamp_max", (input, max))
    return _clamp_one_side(input, max, ClampMax, ClampMaxTensor)


def _clamp_one_side(input: Tensor, bound: Any, by_number: type[Op], by_tensor: type[Op]) -> Tensor:
    """``clamp_min``/``clamp_max``: torch's own nodes (``ClampMinBackward0`` for a number,
    ``ClampMinBackward1`` for a tensor), not clamp's."""
    refuse_complex("clamp", input, bound)
    dt = result_type(input, bound)
    if isinstance(bound, Tensor):
        _broadcast_shape(input._data.shape, bound._data.shape)
        return by_tensor.apply(as_operand(input, dt), as_operand(bound, dt))
    name = "min" if by_number is ClampMin else "max"
    return by_number.apply(as_operand(input, dt), **{name: bound})


def _binary_tensors(function: str, input: Any, other: Any) -> tuple[Tensor, Tensor]:
    """Both operands of an op whose signature takes two tensors (no Python numbers), promoted."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error(function, (input, other))
    _broadcast_shape(input._data.shape, other._data.shape)
    return binary_operands(input, other, function)


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise larger of two tensors (broadcasting)."""
    return Maximum.apply(*_binary_tensors("maximum", input, other))


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise smaller of two tensors (broadcasting)."""
    return Minimum.apply(*_binary_tensors("minimum", input, other))


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """``input`` where ``condition`` holds, else ``other``; the three broadcast, and ``input`` or
    ``other`` may be Python numbers. ``where(condition)`` alone gives the indices of True elements."""
    alone = input is None and other is None
    if not isinstance(condition, (Tensor, np.ndarray)) or not (
            alone or (is_operand(input) and is_operand(other))):
        raise argument_error("where", (condition,) if alone else (condition, input, other))
    if alone and isinstance(condition, Tensor):  # any dtype: nonzero's indices, as torch
        return nonzero(condition, as_tuple=True)
    if isinstance(condition, Tensor):
        if condition._data.dtype != np.bool_:
            raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor "
                               f"with dtype {_type_name(condition)}")
        mask = condition._data
    else:
        mask = np.asarray(condition, dtype=bool)  # backward formulas pass numpy masks
    if input is None and other is None:
        return tuple(derived(Tensor._make(np.asarray(index, dtype=np.int64)), condition)
                     for index in np.nonzero(mask))
    a, b = binary_operands(input, other, "where")
    for value, operand in ((input, a), (other, b)):
        if type(value) is int or type(value) is float:  # (converted checked: torch's overflow error)
            checked_number_array(value, operand._data.dtype, half=False)
    _broadcast_shape(mask.shape, a._data.shape, b._data.shape)
    return Where.apply(a, b, condition=mask)


def floor_divide(input: Any, other: Any) -> Tensor:
    """``input // other``, rounding down (not differentiable: torch records ``NotImplemented``)."""
    return _without_derivative("floor_divide", _floor_divide_array, input, other)


def remainder(input: Any, other: Any) -> Tensor:
    """``input % other`` with the sign of ``other`` (Python's ``%``), broadcasting."""
    refuse_complex("remainder", input, other)
    if not isinstance(input, Tensor):  # a number % a tensor: torch records no derivative
        return _without_derivative("remainder", _remainder_array, input, other)
    if not isinstance(other, Tensor):
        check_operands("remainder", input, other)
        dt = result_type(input, other)
        if type(other) is int and not dt.is_floating_point:  # (wrapped into the dtype, as torch)
            other = int(number_array(other, dt.numpy))
        return Remainder.apply(as_operand(input, dt), other=other)
    a, b = binary_operands(input, other, "remainder")
    _broadcast_shape(a._data.shape, b._data.shape)
    return RemainderTensor.apply(a, b)


def xlogy(input: Any, other: Any) -> Tensor:
    """``input * log(other)`` elementwise (broadcasting), 0 where ``input`` is 0 unless ``other``
    is NaN; either side may be a number."""
    input_is_tensor, other_is_tensor = isinstance(input, Tensor), isinstance(other, Tensor)
    if not (input_is_tensor or other_is_tensor) or not (input_is_tensor or is_number(input)) or \
            not (other_is_tensor or is_number(other)):
        # (a plain TypeError: the torch-level wrapper words it for the call as it was written)
        raise TypeError("xlogy() takes a tensor and a tensor or a number")
    a, b = _float_pair("xlogy", input, other)
    if input_is_tensor and other_is_tensor:
        return Xlogy.apply(a, b)
    if input_is_tensor:
        return XlogyScalarOther.apply(a, other=float(other))
    return XlogyScalarSelf.apply(b, self_value=float(input))


def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """The step function: 0 where ``input < 0``, 1 where ``input > 0``, ``values`` (broadcast) where
    ``input == 0``; NaN gives 0. Not differentiable: torch records ``NotImplemented``."""
    if not (isinstance(input, Tensor) and isinstance(values, Tensor)):
        # (a plain TypeError: the torch-level wrapper words it for the call as it was written)
        raise TypeError("heaviside() takes two tensors")
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return _without_derivative("heaviside", _heaviside_array, input, values)


def _heaviside_array(a: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.where(a == 0, values, (a > 0).astype(a.dtype))


def _without_derivative(aten_name: str, compute: Callable[[np.ndarray, np.ndarray], np.ndarray],
                        input: Any, other: Any) -> Tensor:
    """``compute(input, other)`` recorded as torch's ``NotImplemented`` node; a Python number operand
    is folded into the computation, and so is a tensor that does not require grad when the other
    does: only tensors requiring grad become ``next_functions`` entries, as in torch."""
    a, b = binary_operands(input, other, aten_name)
    _broadcast_shape(a._data.shape, b._data.shape)
    a_tracked = isinstance(input, Tensor) and a.requires_grad
    b_tracked = isinstance(other, Tensor) and b.requires_grad
    if a_tracked == b_tracked and isinstance(input, Tensor) and isinstance(other, Tensor):
        return NotDifferentiable.apply(a, b, compute=compute, aten_name=aten_name)
    if a_tracked or (isinstance(input, Tensor) and not b_tracked):
        number = b._data
        return NotDifferentiable.apply(a, compute=lambda x: compute(x, number), aten_name=aten_name)
    number = a._data
    return NotDifferentiable.apply(b, compute=lambda x: compute(number, x), aten_name=aten_name)


# -- comparisons and logical ops: bool results, no graph ------------------------------------------


def _compare(function: str, ufunc: np.ufunc, input: Any, other: Any) -> Tensor:
    """A comparison in the operands' common dtype, broadcasting; a bool tensor without grad_fn."""
    if not isinstance(input, Tensor):  # (torch.eq(2, x): torch's signatures take a tensor first)
        raise argument_error(function, (input, other))
    a, b = binary_operands(input, other, function)
    _broadcast_shape(a._data.shape, b._data.shape)
    # (complex numbers compare equal or not; numpy orders them lexicographically, torch refuses)
    return derived(Tensor._make(_compute(ufunc, a._data, b._data)), a, b, how=ufunc,
                   complex_ok=ufunc is np.equal or ufunc is np.not_equal)


def eq(input: Any, other: Any) -> Tensor:
    """``input == other`` elementwise (a bool tensor)."""
    return _compare("eq", np.equal, input, other)


def ne(input: Any, other: Any) -> Tensor:
    """``input != other`` elementwise (a bool tensor)."""
    return _compare("ne", np.not_equal, input, other)


def lt(input: Any, other: Any) -> Tensor:
    """``input < other`` elementwise (a bool tensor)."""
    return _compare("lt", np.less, input, other)


def le(input: Any, other: Any) -> Tensor:
    """``input <= other`` elementwise (a bool tensor)."""
    return _compare("le", np.less_equal, input, other)


def gt(input: Any, other: Any) -> Tensor:
    """``input > other`` elementwise (a bool tensor)."""
    return _compare("gt", np.greater, input, other)


def ge(input: Any, other: Any) -> Tensor:
    """``input >= other`` elementwise (a bool tensor)."""
    return _compare("ge", np.greater_equal, input, other)


def _logical(function: str, ufunc: np.ufunc, input: Any, other: Any) -> Tensor:
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error(function, (input, other))
    _broadcast_shape(input._data.shape, other._data.shape)
    return derived(Tensor._make(np.asarray(ufunc(input._data.astype(bool), other._data.astype(bool)))),
                   input, other, how=ufunc, complex_ok=True)  # (a complex number is true if not 0)


def logical_and(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise logical AND (nonzero is True); a bool tensor."""
    return _logical("logical_and", np.logical_and, input, other)


def logical_or(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise logical OR (nonzero is True); a bool tensor."""
    return _logical("logical_or", np.logical_or, input, other)


def logical_xor(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise logical XOR (nonzero is True); a bool tensor."""
    return _logical("logical_xor", np.logical_xor, input, other)


def logical_not(input: Tensor) -> Tensor:
    """Elementwise logical NOT (nonzero is True); a bool tensor."""
    _check_tensor("logical_not", input)
    return derived(Tensor._make(np.logical_not(input._data).reshape(input._data.shape)), input,
                   how=np.logical_not, complex_ok=True)


def _bitwise(function: str, ufunc: np.ufunc, input: Any, other: Any) -> Tensor:
    """Bitwise ops on integers, logical ones on bools (``mask & True``); numbers allowed."""
    a, b = binary_operands(input, other, function)
    _broadcast_shape(a._data.shape, b._data.shape)
    if a._data.dtype.kind in "fV":
        raise NotImplementedError(f"\"{function}_cpu\" not implemented for '{_type_name(a)}'")
    return derived(Tensor._make(np.asarray(ufunc(a._data, b._data))), a, b, how=ufunc)


def bitwise_and(input: Any, other: Any) -> Tensor:
    """Elementwise ``input & other``: bitwise on integers, logical AND on bools."""
    return _bitwise("bitwise_and", np.bitwise_and, input, other)


def bitwise_or(input: Any, other: Any) -> Tensor:
    """Elementwise ``input | other``: bitwise on integers, logical OR on bools."""
    return _bitwise("bitwise_or", np.bitwise_or, input, other)


def bitwise_xor(input: Any, other: Any) -> Tensor:
    """Elementwise ``input ^ other``: bitwise on integers, logical XOR on bools."""
    return _bitwise("bitwise_xor", np.bitwise_xor, input, other)


def _shifted_left(a: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """``a << shift`` as torch's kernel: 0 where the shift is negative or the dtype's width or more
    (the CPU's own shift instruction would wrap the count)."""
    in_range = (shift >= 0) & (shift < a.dtype.itemsize * 8)
    return np.where(in_range, np.left_shift(a, np.where(in_range, shift, 0)), 0).astype(a.dtype)


def _shifted_right(a: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """``a >> shift`` as torch's kernel: where the shift is negative or the dtype's width or more,
    every bit is the sign bit (-1 for negative numbers, else 0)."""
    width = a.dtype.itemsize * 8
    in_range = (shift >= 0) & (shift < width)
    sign = np.right_shift(a, width - 1) if a.dtype.kind == "i" else np.zeros_like(a)
    return np.where(in_range, np.right_shift(a, np.where(in_range, shift, 0)), sign).astype(a.dtype)


def _shift(function: str, kernel: str, shift: Callable[[np.ndarray, np.ndarray], np.ndarray],
           input: Any, other: Any) -> Tensor:
    """Bit shifts of integers (numbers allowed, as for the other bitwise ops); not of floats or
    bools (torch names its kernel, ``lshift_cpu``)."""
    a, b = binary_operands(input, other, function)
    _broadcast_shape(a._data.shape, b._data.shape)
    if a._data.dtype.kind in "fbV":
        raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{_type_name(a)}'")
    return derived(Tensor._make(np.asarray(shift(a._data, b._data))), a, b, how=shift)


def bitwise_left_shift(input: Any, other: Any) -> Tensor:
    """Elementwise ``input << other`` on integers (0 for a shift past the dtype's width)."""
    return _shift("bitwise_left_shift", "lshift", _shifted_left, input, other)


def bitwise_right_shift(input: Any, other: Any) -> Tensor:
    """Elementwise ``input >> other`` on integers (the sign for a shift past the dtype's width)."""
    return _shift("bitwise_right_shift", "rshift", _shifted_right, input, other)


def bitwise_not(input: Tensor) -> Tensor:
    """Elementwise ``~input``: bitwise NOT on integers, logical NOT on bools."""
    _check_tensor("bitwise_not", input)
    if input._data.dtype.kind in "fV":
        raise NotImplementedError(f"\"bitwise_not_cpu\" not implemented for '{_type_name(input)}'")
    return derived(Tensor._make(np.asarray(np.invert(input._data))), input, how=np.invert)


def _test(function: str, ufunc: np.ufunc, input: Tensor) -> Tensor:
    _check_tensor(function, input)
    return derived(Tensor._make(np.asarray(ufunc(input._data)).reshape(input._data.shape)), input,
                   how=ufunc, complex_ok=ufunc in (np.isnan, np.isinf, np.isfinite))


def isnan(input: Tensor) -> Tensor:
    """Which elements are NaN (a bool tensor)."""
    return _test("isnan", np.isnan, input)


def isinf(input: Tensor) -> Tensor:
    """Which elements are +inf or -inf (a bool tensor)."""
    return _test("isinf", np.isinf, input)


def isfinite(input: Tensor) -> Tensor:
    """Which elements are neither infinite nor NaN (a bool tensor)."""
    return _test("isfinite", np.isfinite, input)


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:
    """True if ``|input - other| <= atol + rtol * |other|`` everywhere (same dtypes, broadcasting)."""
    _check_tensor("allclose", input)
    _check_tensor("allclose", other, "other", 2)
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"{_type_name(input)} did not match {_type_name(other)}")
    _broadcast_shape(input._data.shape, other._data.shape)
    refuse_meta(input, "item")  # (torch reads the answer as a number)
    refuse_meta(other, "item")
    bfloat16_mode.refuse_bfloat16("allclose", input)  # (torch's tolerance test rounds as it goes)
    return bool(np.allclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def equal(input: Tensor, other: Tensor) -> bool:
    """True if both tensors have the same shape and the same values (dtypes may differ)."""
    _check_tensor("equal", input)
    _check_tensor("equal", other, "other", 2)
    refuse_without_values("equal", input, other)  # (the answer is a value: there is none)
    return input._data.shape == other._data.shape and bool(np.array_equal(input._data, other._data))


absolute = abs
clip = torch_alias(clamp, "clip")
greater = torch_alias(gt, "greater")
greater_equal = torch_alias(ge, "greater_equal")
less = torch_alias(lt, "less")
less_equal = torch_alias(le, "less_equal")
not_equal = torch_alias(ne, "not_equal")


# -- more elementwise math: erf, atan2, hypot, logaddexp, fmod, trunc, frac, nan_to_num, lerp, ------
# -- addcmul, addcdiv -------------------------------------------------------------------------------

_erf = np.frompyfunc(math.erf, 1, 1)


class Erf(Op):
    """The error function ``erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt``.

    Backward:  grad_self = 2 / sqrt(pi) * exp(-self^2) * grad
    Forward:   result_t = 2 / sqrt(pi) * exp(-self^2) * self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.array(_erf(a), dtype=a.dtype)  # (math.erf element by element: objects)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return 2 / math.sqrt(math.pi) * np.exp(-(a * a)) * grad

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return 2 / math.sqrt(math.pi) * np.exp(-(a * a)) * self_t


class Erfinv(Op):
    """The inverse error function: ``erfinv(erf(x)) = x``, defined on [-1, 1] (±inf at ±1).

    Backward:  grad_self = sqrt(pi) / 2 * exp(result^2) * grad
    Forward:   result_t = sqrt(pi) / 2 * exp(result^2) * self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = _special_math.erfinv(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return MulScalar.apply(np.exp(result**2), other=0.5 * math.sqrt(math.pi)) * grad

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return MulScalar.apply(np.exp(result**2), other=0.5 * math.sqrt(math.pi)) * self_t


class Lgamma(Op):
    """The logarithm of the gamma function's absolute value, ``log|Gamma(self)|``.

    Backward:  grad_self = grad * digamma(self)
    Forward:   result_t = self_t * digamma(self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return _special_math.lgamma(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Digamma.apply(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Digamma.apply(a)


class Digamma(Op):
    """The digamma function ``psi(self) = d/dx log Gamma(x)`` at ``self``.

    Backward:  grad_self = grad * polygamma(1, self)
    Forward:   result_t = self_t * polygamma(1, self)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return _special_math.digamma(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Polygamma.apply(a, n=1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Polygamma.apply(a, n=1)


class Polygamma(Op):
    """The ``n``-th derivative of the digamma function at ``self`` (``n = 0``: digamma itself).

    Backward:  grad_self = grad * polygamma(n + 1, self)
    Forward:   result_t = self_t * polygamma(n + 1, self)
    """

    __slots__ = ("n",)

    def forward(self, a: np.ndarray, n: int) -> np.ndarray:
        self.n = n
        self.save_for_backward(a)
        return _special_math.polygamma(n, a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return grad * Polygamma.apply(a, n=self.n + 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self_t * Polygamma.apply(a, n=self.n + 1)


class Atan2(Op):
    """The angle of the point ``(other, self)``: ``atan(self / other)`` in the right quadrant.

    Backward:  grad_self = grad * other / (self^2 + other^2),
               grad_other = -grad * self / (self^2 + other^2)   (both 0 where self^2 + other^2 == 0)
    Forward:   result_t = (self_t * other - other_t * self) / (self^2 + other^2)
               (no zeros here: NaN at the origin, as torch's forward formula gives)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return np.arctan2(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        recip = _atan2_reciprocal(a, b)
        return grad * b * recip, grad * -a * recip

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return (self_t * b - other_t * a) / (a * a + b * b)


def _atan2_reciprocal(a: Any, b: Any) -> Any:
    """``1 / (a^2 + b^2)``, 0 where that sum is 0: torch's atan2 gradient is 0 at the origin."""
    squares = a * a + b * b
    return grad_where(squares == 0, 0, 1 / squares)


class Hypot(Op):
    """``sqrt(self^2 + other^2)`` without overflow.

    Backward:  grad_self = grad * self / result,  grad_other = grad * other / result
    Forward:   result_t = (self_t * self + other_t * other) / result
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        result = np.hypot(a, b)
        self.save_for_backward(a, b, result)
        return result

    def backward(self, grad: Any) -> tuple:
        a, b, result = self.saved_tensors
        return grad * a / result, grad * b / result

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b, result = self.saved_tensors
        return (self_t * a + other_t * b) / result


class Logaddexp(Op):
    """``log(exp(self) + exp(other))`` without overflow.

    Backward:  grad_self = grad / (1 + exp(other - self)),  grad_other = grad / (1 + exp(self - other))
    Forward:   result_t = self_t / (1 + exp(other - self)) + other_t / (1 + exp(self - other))
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return np.logaddexp(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad / (1 + np.exp(b - a)), grad / (1 + np.exp(a - b))

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return self_t / (1 + np.exp(b - a)) + other_t / (1 + np.exp(a - b))


class Fmod(Op):
    """Elementwise ``self - trunc(self / other) * other`` for a number ``other``: the remainder
    with the sign of ``self`` (C's fmod).

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: Any) -> np.ndarray:
        self.other = other
        return np.fmod(a, np.asarray(other, dtype=a.dtype))

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class FmodTensor(Op, torch_name="Fmod", overload=1):
    """Elementwise ``self - trunc(self / other) * other`` for tensors (broadcasting).

    Backward:  grad_self = grad,  grad_other = -grad * trunc(self / other)
    Forward:   result_t = self_t - other_t * trunc(self / other)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return np.fmod(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad, -grad * np.trunc(a / b)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return self_t - other_t * np.trunc(a / b)


class Trunc(Op):
    """Elementwise rounding toward zero (a step function: its gradient is 0).

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.trunc(a)

    def backward(self, grad: Any) -> Any:
        return zeros_like(grad)

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class Frac(Op):
    """Elementwise fractional part ``self - trunc(self)`` (with the sign of ``self``).

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a - np.trunc(a)

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class NanToNum(Op):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the
    dtype's largest and smallest finite values).

    Backward:  grad_self = grad * isfinite(self)
    Forward:   result_t = self_t * isfinite(self)
    """

    __slots__ = ("finite",)

    def forward(self, a: np.ndarray, nan: float, posinf: Any, neginf: Any) -> np.ndarray:
        self.finite = np.isfinite(a)
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)

    def backward(self, grad: Any) -> Any:
        return grad * self.finite

    def jvp(self, self_t: Any) -> Any:
        return self_t * self.finite


def _lerp_array(a: np.ndarray, b: np.ndarray, w: Any) -> np.ndarray:
    """torch's lerp: ``self + w * (end - self)`` for ``|w| < 0.5``, else
    ``end - (end - self) * (1 - w)`` (exact at both ends)."""
    return np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


class Lerp(Op):
    """Linear interpolation ``self + weight * (end - self)`` with a number ``weight``.

    Backward:  grad_self = grad * (1 - weight),  grad_end = grad * weight
    Forward:   result_t = self_t * (1 - weight) + end_t * weight
    """

    __slots__ = ("weight",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, weight: Any) -> np.ndarray:
        self.weight = weight
        return _lerp_array(a, b, np.asarray(weight, dtype=a.dtype)).astype(a.dtype, copy=False)

    def backward(self, grad: Any) -> tuple:
        return grad * (1 - self.weight), grad * self.weight

    def jvp(self, self_t: Any, end_t: Any) -> Any:
        return self_t * (1 - self.weight) + end_t * self.weight


class LerpTensor(Op, torch_name="Lerp", overload=1):
    """Linear interpolation ``self + weight * (end - self)`` with a tensor ``weight`` (the three
    broadcast).

    Backward:  grad_self = grad * (1 - weight),  grad_end = grad * weight,
               grad_weight = grad * (end - self)
    Forward:   result_t = self_t * (1 - weight) + end_t * weight + weight_t * (end - self)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b, w)
        return _lerp_array(a, b, w)

    def backward(self, grad: Any) -> tuple:
        a, b, w = self.saved_tensors
        return grad * (1 - w), grad * w, grad * (b - a)

    def jvp(self, self_t: Any, end_t: Any, weight_t: Any) -> Any:
        a, b, w = self.saved_tensors
        return self_t * (1 - w) + end_t * w + weight_t * (b - a)


class Addcmul(Op):
    """``self + value * tensor1 * tensor2`` (the three broadcast).

    Backward:  grad_self = grad,  grad_tensor1 = grad * value * tensor2,
               grad_tensor2 = grad * value * tensor1
    Forward:   result_t = self_t + value * (tensor1_t * tensor2 + tensor1 * tensor2_t)
    """

    __slots__ = ("value",)
    broadcasts = True

    def forward(self, a: np.ndarray, t1: np.ndarray, t2: np.ndarray, value: Any) -> np.ndarray:
        self.value = value
        self.save_for_backward(t1, t2)
        return a + value * (t1 * t2)

    def backward(self, grad: Any) -> tuple:
        t1, t2 = self.saved_tensors
        return grad, grad * self.value * t2, grad * self.value * t1

    def jvp(self, self_t: Any, t1_t: Any, t2_t: Any) -> Any:
        t1, t2 = self.saved_tensors
        return self_t + self.value * (t1_t * t2 + t1 * t2_t)


class Addcdiv(Op):
    """``self + value * tensor1 / tensor2`` (the three broadcast).

    Backward:  grad_self = grad,  grad_tensor1 = grad * value / tensor2,
               grad_tensor2 = -grad * value * tensor1 / tensor2^2
    Forward:   result_t = self_t + value * (tensor1_t / tensor2 - tensor1 * tensor2_t / tensor2^2)
    """

    __slots__ = ("value",)
    broadcasts = True

    def forward(self, a: np.ndarray, t1: np.ndarray, t2: np.ndarray, value: Any) -> np.ndarray:
        self.value = value
        self.save_for_backward(t1, t2)
        return a + value * (t1 / t2)

    def backward(self, grad: Any) -> tuple:
        t1, t2 = self.saved_tensors
        return grad, grad * (self.value / t2), -grad * (self.value * t1 / (t2 * t2))

    def jvp(self, self_t: Any, t1_t: Any, t2_t: Any) -> Any:
        t1, t2 = self.saved_tensors
        return self_t + self.value * (t1_t / t2 - t1 * t2_t / (t2 * t2))


def erf(input: Tensor) -> Tensor:
    """The error function, elementwise (integer inputs give floats)."""
    return Erf.apply(_floating("erf", input))


def erfinv(input: Tensor) -> Tensor:
    """The inverse error function, elementwise: NaN outside [-1, 1], ±inf at ±1 (integer inputs
    give floats)."""
    return Erfinv.apply(_floating("erfinv", input))


def lgamma(input: Tensor) -> Tensor:
    """``log|Gamma(input)|`` elementwise: inf at 0 and the negative integers (integer inputs give
    floats)."""
    return Lgamma.apply(_floating("lgamma", input))


def digamma(input: Tensor) -> Tensor:
    """The digamma function (the derivative of ``lgamma``) elementwise: -inf at 0 (inf at -0.0), NaN
    at the negative integers (integer inputs give floats)."""
    return Digamma.apply(_floating("digamma", input))


def polygamma(n: int, input: Tensor) -> Tensor:
    """The ``n``-th derivative of the digamma function, elementwise (``n = 0``: ``digamma``)."""
    if not isinstance(n, int | np.integer):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    _check_tensor("polygamma", input, position=2)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return Polygamma.apply(_floating("polygamma", input), n=int(n))


def polygamma_of(input: Tensor, n: int) -> Tensor:
    """``polygamma(n, input)`` with the tensor first (what ``Tensor.polygamma_`` applies in place)."""
    return polygamma(n, input)


def _float_pair(function: str, input: Any, other: Any, *,
                promotes: bool = True) -> tuple[Tensor, Tensor]:
    """Two operands of a floating-point binary function, promoted (integers become floats; for a
    function that does not promote, torch's NotImplementedError for integer operands)."""
    a, b = binary_operands(input, other, function)
    _broadcast_shape(a._data.shape, b._data.shape)
    if a._data.dtype.kind not in "fV":
        if not promotes:
            raise NotImplementedError(f"\"{function}_cpu\" not implemented for '{_type_name(a)}'")
        # (from the operands themselves: -3 is not first a uint8)
        a, b = as_operand(input, DEFAULT_FLOAT), as_operand(other, DEFAULT_FLOAT)
    return a, b


def atan2(input: Tensor, other: Tensor) -> Tensor:
    """The angle of the point ``(other, input)`` in radians, elementwise (broadcasting)."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error("atan2", (input, other))
    return Atan2.apply(*_float_pair("atan2", input, other))


arctan2 = torch_alias(atan2, "arctan2")


def hypot(input: Tensor, other: Tensor) -> Tensor:
    """``sqrt(input^2 + other^2)`` elementwise (broadcasting)."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error("hypot", (input, other))
    return Hypot.apply(*_float_pair("hypot", input, other, promotes=False))


def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """``log(exp(input) + exp(other))`` elementwise, without overflow."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error("logaddexp", (input, other))
    return Logaddexp.apply(*_float_pair("logaddexp", input, other, promotes=False))


def fmod(input: Tensor, other: Any) -> Tensor:
    """The remainder of ``input / other`` with the sign of ``input`` (C's fmod), broadcasting."""
    if not isinstance(input, Tensor):  # (torch's signatures take a tensor first)
        raise argument_error("fmod", (input, other))
    if not isinstance(other, Tensor):
        check_operands("fmod", input, other)
        dt = result_type(input, other)
        if not dt.is_floating_point:
            _no_bool_kernel("fmod_cpu", np.empty(0, dtype=dt.numpy))  # (of the common dtype)
            integer_division_check(np.asarray(other))
            if type(other) is int:  # (wrapped into the dtype, as torch: a uint8 fmod -3 is fmod 253)
                other = int(number_array(other, dt.numpy))
        return Fmod.apply(as_operand(input, dt), other=other)
    a, b = binary_operands(input, other, "fmod")
    _broadcast_shape(a._data.shape, b._data.shape)
    if a._data.dtype.kind not in "fV":  # integers: no derivative
        return _without_derivative("fmod", _integer_fmod_array, input, other)
    return FmodTensor.apply(a, b)


def _integer_fmod_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _no_bool_kernel("fmod_cpu", a)
    integer_division_check(b)
    return np.fmod(a, b)


def trunc(input: Tensor) -> Tensor:
    """Round toward zero, elementwise."""
    _check_tensor("trunc", input)
    if input._data.dtype.kind not in "fV":
        return _rounded_integers("trunc", input)
    return Trunc.apply(input)


fix = torch_alias(trunc, "fix")


def frac(input: Tensor) -> Tensor:
    """The fractional part ``input - trunc(input)``, elementwise (floating-point tensors)."""
    _check_tensor("frac", input)
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f'"frac_cpu" not implemented for \'{_type_name(input)}\'')
    return Frac.apply(input)


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """NaN replaced by ``nan``, infinities by ``posinf``/``neginf`` (default: the dtype's largest
    and smallest finite values)."""
    _check_tensor("nan_to_num", input)
    if input._data.dtype.kind not in "fV":
        return _unchanged_copy(input)
    return NanToNum.apply(input, nan=nan, posinf=posinf, neginf=neginf)


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """``input + weight * (end - input)``: linear interpolation (``weight`` a number or a tensor;
    all broadcast)."""
    if not (isinstance(input, Tensor) and isinstance(end, Tensor) and is_operand(weight)):
        raise argument_error("lerp", (input, end, weight))
    if input._data.dtype != end._data.dtype:
        raise RuntimeError(f"expected dtype {_c_name(input)} for `end` but got dtype {_c_name(end)}")
    if isinstance(weight, Tensor):
        _broadcast_shape(input._data.shape, end._data.shape, weight._data.shape)
        if weight._data.dtype != input._data.dtype:
            raise RuntimeError(f"expected dtype {_c_name(input)} for `weight` but got dtype "
                               f"{_c_name(weight)}")
        _check_lerp_dtype(input, "tensor")
        return LerpTensor.apply(input, end, weight)
    _broadcast_shape(input._data.shape, end._data.shape)
    _check_lerp_dtype(input, "scalar")
    return Lerp.apply(input, end, weight=weight)


def _check_lerp_dtype(input: Tensor, kernel: str) -> None:
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f"\"lerp_kernel_{kernel}\" not implemented for "
                                  f"'{_type_name(input)}'")


def _c_name(t: Tensor) -> str:
    """torch's C++ name of a tensor's dtype, as some of its messages write it (``double``)."""
    return cpp_type_name(t._data.dtype)


def _three(function: str, input: Any, tensor1: Any, tensor2: Any, value: Any) -> tuple:
    if not (isinstance(input, Tensor) and isinstance(tensor1, Tensor)
            and isinstance(tensor2, Tensor)) or not is_operand(value):
        raise argument_error(function, (input, tensor1, tensor2), {"value": value})
    dt = result_type(input, tensor1, tensor2)
    _broadcast_shape(input._data.shape, tensor1._data.shape, tensor2._data.shape)
    return as_operand(input, dt), as_operand(tensor1, dt), as_operand(tensor2, dt)


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 * tensor2`` (the three broadcast)."""
    return Addcmul.apply(*_three("addcmul", input, tensor1, tensor2, value), value=value)


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 / tensor2`` (the three broadcast)."""
    a, t1, t2 = _three("addcdiv", input, tensor1, tensor2, value)
    if tensor1._data.dtype.kind not in "fV" and tensor2._data.dtype.kind not in "fV":
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  "
                           "release addcdiv will perform a true division of tensor1 and tensor2. "
                           "The historic addcdiv behavior can be implemented as (input + value * "
                           "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and "
                           "as (input + value * tensor1 / tensor2) for float inputs. The future "
                           "addcdiv behavior is just the latter implementation: (input + value * "
                           "tensor1 / tensor2), for all dtypes.")
    return Addcdiv.apply(a, t1, t2, value=value)


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    """Where ``|input - other| <= atol + rtol * |other|`` (a bool tensor, broadcasting)."""
    _check_tensor("isclose", input)
    _check_tensor("isclose", other, "other", 2)
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"{_type_name(input)} did not match {_type_name(other)}")
    _broadcast_shape(input._data.shape, other._data.shape)
    return derived(Tensor._make(_compute(lambda a, b: np.isclose(a, b, rtol=rtol, atol=atol,
                                                                 equal_nan=equal_nan),
                                         input._data, other._data)), input, other)


# -- angle units, base-2 logaddexp, signs copied, NaN-ignoring extremes, erfc ------------------------

_DEGREES_PER_RADIAN = 180.0 / math.pi


class Deg2Rad(Op):
    """Degrees to radians: ``self * pi / 180``.

    Backward:  grad_self = grad * pi / 180
    Forward:   result_t = self_t * pi / 180
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a * a.dtype.type(math.pi / 180.0)

    def backward(self, grad: Any) -> Any:
        return grad * (math.pi / 180.0)

    def jvp(self, self_t: Any) -> Any:
        return self_t * (math.pi / 180.0)


class Rad2Deg(Op):
    """Radians to degrees: ``self * 180 / pi``.

    Backward:  grad_self = grad * 180 / pi
    Forward:   result_t = self_t * 180 / pi
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a * a.dtype.type(_DEGREES_PER_RADIAN)

    def backward(self, grad: Any) -> Any:
        return grad * _DEGREES_PER_RADIAN

    def jvp(self, self_t: Any) -> Any:
        return self_t * _DEGREES_PER_RADIAN


class Logaddexp2(Op):
    """``log2(2 ** self + 2 ** other)`` without overflow.

    Backward:  grad_self = grad / (1 + 2 ** (other - self)),  grad_other = grad / (1 + 2 ** (self - other))
    Forward:   result_t = self_t / (1 + 2 ** (other - self)) + other_t / (1 + 2 ** (self - other))
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return np.logaddexp2(a, b)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad / (1 + 2 ** (b - a)), grad / (1 + 2 ** (a - b))

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return self_t / (1 + 2 ** (b - a)) + other_t / (1 + 2 ** (a - b))


class Copysign(Op):
    """``|self|`` with the sign of ``other`` (``-0.0`` counts as negative), broadcasting.

    Backward:  grad_self = grad * result / self   (0 where self == 0),  grad_other = 0
    Forward:   result_t = self_t * result / self   (0 where self == 0)
    """

    __slots__ = ("ratio",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        result = np.copysign(a, b)
        # d result / d self: the sign flip, 0 where self is 0 (a constant: the signs)
        self.ratio = np.where(a == 0, 0, result / np.where(a == 0, 1, a)).astype(result.dtype)
        return result

    def backward(self, grad: Any) -> tuple:
        return grad * self.ratio, zeros_like(grad)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return self_t * self.ratio


class CopysignScalar(Op, torch_name="Copysign", overload=1):
    """``|self|`` with the sign of the number ``other``.

    Backward:  grad_self = grad * result / self   (0 where self == 0)
    Forward:   result_t = self_t * result / self   (0 where self == 0)
    """

    __slots__ = ("ratio",)

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        result = np.copysign(a, a.dtype.type(other))
        self.ratio = np.where(a == 0, 0, result / np.where(a == 0, 1, a)).astype(result.dtype)
        return result

    def backward(self, grad: Any) -> Any:
        return grad * self.ratio

    def jvp(self, self_t: Any) -> Any:
        return self_t * self.ratio


class _NanIgnoringExtreme(Op):
    """The larger (smaller) of two elements, or the one that is not NaN; the gradient goes to the
    element picked (``self`` on a tie).

    Backward:  grad_self = grad where self was picked, else 0;  grad_other = grad where other was
    Forward:   result_t = where(self was picked, self_t, other_t)
    """

    __slots__ = ("picks_self",)
    broadcasts = True
    compare: Any = np.greater_equal

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.picks_self = np.asarray(type(self).compare(a, b) | (b != b))  # (b != b: b is NaN)
        return np.where(self.picks_self, a, b)

    def backward(self, grad: Any) -> tuple:
        return grad_where(self.picks_self, grad, 0), grad_where(self.picks_self, 0, grad)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return grad_where(self.picks_self, self_t, other_t)


class Fmax(_NanIgnoringExtreme):
    """The larger of two elements, ignoring NaN (NaN only where both are), broadcasting.

    Backward:  grad_self = grad where self >= other or other is NaN, else 0;  grad_other = the rest
    Forward:   result_t = where(self >= other or other is NaN, self_t, other_t)
    """

    __slots__ = ()
    compare = np.greater_equal


class Fmin(_NanIgnoringExtreme):
    """The smaller of two elements, ignoring NaN (NaN only where both are), broadcasting.

    Backward:  grad_self = grad where self <= other or other is NaN, else 0;  grad_other = the rest
    Forward:   result_t = where(self <= other or other is NaN, self_t, other_t)
    """

    __slots__ = ()
    compare = np.less_equal


_erfc = np.frompyfunc(math.erfc, 1, 1)


class Erfc(Op):
    """The complementary error function ``erfc(x) = 1 - erf(x)``, accurate where erf is near 1.

    Backward:  grad_self = -2 / sqrt(pi) * exp(-self^2) * grad
    Forward:   result_t = -2 / sqrt(pi) * exp(-self^2) * self_t
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return np.array(_erfc(a), dtype=a.dtype)  # (math.erfc element by element: objects)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return -2 / math.sqrt(math.pi) * np.exp(-(a * a)) * grad

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return -2 / math.sqrt(math.pi) * np.exp(-(a * a)) * self_t


def deg2rad(input: Tensor) -> Tensor:
    """Angles in degrees to radians (integer and bool inputs give floats)."""
    return Deg2Rad.apply(_floating("deg2rad", input))


def rad2deg(input: Tensor) -> Tensor:
    """Angles in radians to degrees (integer and bool inputs give floats)."""
    return Rad2Deg.apply(_floating("rad2deg", input))


def logaddexp2(input: Tensor, other: Tensor) -> Tensor:
    """``log2(2 ** input + 2 ** other)`` elementwise, without overflow (floating-point tensors)."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error("logaddexp2", (input, other))
    return Logaddexp2.apply(*_float_pair("logaddexp2", input, other, promotes=False))


def copysign(input: Tensor, other: Any) -> Tensor:
    """``|input|`` with the sign of ``other`` (a tensor, broadcasting, or a number); integer inputs
    give floats."""
    if not isinstance(input, Tensor) or not (isinstance(other, Tensor) or is_number(other)):
        raise TypeError("copysign() takes a tensor and a tensor or a number")  # (worded by torch_function)
    if isinstance(other, Tensor):
        return Copysign.apply(*_float_pair("copysign", input, other))
    return CopysignScalar.apply(_floating("copysign", input), other=float(other))


def fmax(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise larger of two tensors, ignoring NaN (broadcasting)."""
    return Fmax.apply(*_binary_tensors("fmax", input, other))


def fmin(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise smaller of two tensors, ignoring NaN (broadcasting)."""
    return Fmin.apply(*_binary_tensors("fmin", input, other))


def erfc(input: Tensor) -> Tensor:
    """The complementary error function ``1 - erf(input)``, elementwise (integer inputs give floats)."""
    return Erfc.apply(_floating("erfc", input))


# -- tests of values: bool results, no graph ---------------------------------------------------------


def _bool_result(values: np.ndarray, input: Any) -> Tensor:
    return derived(Tensor._make(np.asarray(values, dtype=bool)), input)


def signbit(input: Tensor) -> Tensor:
    """Whether each element's sign bit is set (True for ``-0.0``; NaN as stored: positive)."""
    _check_tensor("signbit", input)
    return _bool_result(np.signbit(input._data), input)


def isposinf(input: Tensor) -> Tensor:
    """Whether each element is ``+inf``."""
    _check_tensor("isposinf", input)
    return _bool_result(np.isposinf(input._data) if input._data.dtype.kind in "fV"
                        else np.zeros(input._data.shape, dtype=bool), input)


def isneginf(input: Tensor) -> Tensor:
    """Whether each element is ``-inf``."""
    _check_tensor("isneginf", input)
    return _bool_result(np.isneginf(input._data) if input._data.dtype.kind in "fV"
                        else np.zeros(input._data.shape, dtype=bool), input)


def isreal(input: Tensor) -> Tensor:
    """Whether each element is real (always, for the real dtypes the library has)."""
    _check_tensor("isreal", input)
    return _bool_result(np.ones(input._data.shape, dtype=bool), input)


def isin(elements: Any, test_elements: Any, *, assume_unique: bool = False,
         invert: bool = False) -> Tensor:
    """Whether each of ``elements`` occurs in ``test_elements`` (either may be a number; NaN occurs
    nowhere); ``invert=True`` asks the opposite."""
    if not (isinstance(elements, Tensor) or isinstance(test_elements, Tensor)):
        raise TypeError("isin() takes at least one tensor")  # (worded by the torch-level function)
    for value in (elements, test_elements):
        if isinstance(value, Tensor) and value._data.dtype == np.bool_:
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    values = elements._data if isinstance(elements, Tensor) else np.asarray(elements)
    tests = test_elements._data if isinstance(test_elements, Tensor) else np.asarray(test_elements)
    found = np.isin(values, tests, invert=bool(invert))
    sources = [v for v in (elements, test_elements) if isinstance(v, Tensor)]
    return derived(Tensor._make(np.asarray(found, dtype=bool)), *sources)


# -- powers of two: ldexp, frexp; integer gcd and lcm --------------------------------------------------


class Ldexp(Op):
    """``self * 2 ** other``, broadcasting.

    Backward:  grad_self = grad * 2 ** other,  grad_other = grad * result * log(2)
    Forward:   result_t = self_t * 2 ** other + other_t * result * log(2)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        result = a * np.exp2(b)
        self.save_for_backward(b, result)
        return result

    def backward(self, grad: Any) -> tuple:
        b, result = self.saved_tensors
        return grad * 2.0 ** b, grad * result * math.log(2.0)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        b, result = self.saved_tensors
        return self_t * 2.0 ** b + other_t * result * math.log(2.0)


class Frexp(Op):
    """The mantissa of ``self = mantissa * 2 ** exponent`` (``|mantissa|`` in [0.5, 1), or 0);
    ``exponent``, an int32 tensor found by the public function, has no derivative.

    Backward:  grad_self = grad / 2 ** exponent
    Forward:   result_t = self_t / 2 ** exponent
    """

    __slots__ = ("scale",)

    def forward(self, a: np.ndarray, exponent: np.ndarray) -> np.ndarray:
        self.scale = np.exp2(exponent).astype(a.dtype)  # 2 ** exponent, a constant
        return np.frexp(a)[0]

    def backward(self, grad: Any) -> Any:
        return grad / self.scale

    def jvp(self, self_t: Any) -> Any:
        return self_t / self.scale


def ldexp(input: Tensor, other: Tensor) -> Tensor:
    """``input * 2 ** other`` elementwise (broadcasting); integer inputs give floats."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        raise argument_error("ldexp", (input, other))
    a, b = _float_pair("ldexp", input, other)
    return Ldexp.apply(a, b)


class _MantissaExponent(tuple):
    """``(mantissa, exponent)`` with named fields, printed as ``torch.return_types.frexp``."""

    __slots__ = ()

    @property
    def mantissa(self) -> Tensor:
        return self[0]

    @property
    def exponent(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.frexp(\nmantissa={self[0]!r},\nexponent={self[1]!r})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (type(self), (tuple(self),))


return_types_frexp = type("frexp", (_MantissaExponent,), {"__slots__": (),
                                                          "__qualname__": "return_types_frexp"})


def _exponent_of(a: np.ndarray) -> np.ndarray:
    """The int32 exponents of ``a = mantissa * 2 ** exponent``."""
    return np.frexp(a)[1].astype(np.int32)


def frexp(input: Tensor) -> Any:
    """``input`` split as ``mantissa * 2 ** exponent`` (``|mantissa|`` in [0.5, 1), or 0; inf and
    NaN kept with exponent 0): ``(mantissa, exponent)``, the exponent int32."""
    _check_tensor("frexp", input)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    exponent = _exponent_of(input._data)
    if watching.count:  # (how the exponent is found, for a compiler's tracer)
        note("computed", exponent, _exponent_of, (input,), {})
    mantissa = Frexp.apply(input, exponent=exponent)
    return return_types_frexp((mantissa, derived(Tensor._make(exponent), input)))


def _integer_pair(function: str, input: Any, other: Any) -> tuple[Tensor, Tensor]:
    a, b = _binary_tensors(function, input, other)
    if a._data.dtype.kind not in "iu":
        raise NotImplementedError(f"\"{function}_cpu\" not implemented for '{_type_name(a)}'")
    return a, b


def gcd(input: Tensor, other: Tensor) -> Tensor:
    """The greatest common divisor of integer tensors, elementwise (broadcasting; never negative)."""
    a, b = _integer_pair("gcd", input, other)
    return derived(Tensor._make(np.asarray(np.gcd(a._data, b._data))), a, b)


def lcm(input: Tensor, other: Tensor) -> Tensor:
    """The least common multiple of integer tensors, elementwise (broadcasting; never negative)."""
    a, b = _integer_pair("lcm", input, other)
    return derived(Tensor._make(np.asarray(np.lcm(a._data, b._data))), a, b)


# -- random draws --------------------------------------------------------------------------------


class Poisson(Op):
    """Elementwise draws from the Poisson distribution of rate ``self``, by the numpy generator
    ``source``, in ``self``'s dtype.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    __slots__ = ()

    def forward(self, rates: np.ndarray, source: np.random.Generator) -> np.ndarray:
        return np.asarray(source.poisson(rates), dtype=rates.dtype)

    def backward(self, grad: Any) -> Any:
        return grad * 0

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


def poisson(input: Tensor, generator: Any = None) -> Tensor:
    """A draw from the Poisson distribution of rate ``input`` at each element (a float tensor of
    counts, in ``input``'s dtype; its gradient is zero). A rate too large for numpy's sampler
    (above about 1e19, infinity) is numpy's ValueError, where torch returns a meaningless count."""
    _check_tensor("poisson", input)
    rates = input._data
    if rates.dtype.kind not in "fV":
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{_type_name(input)}'")
    if not (rates >= 0).all():  # (NaN fails too, as in torch)
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    # (the generator is looked up here, outside the op: a compiled function sees the draw)
    return Poisson.apply(input, source=_random.rng(generator))


class StandardGamma(Op):
    """Elementwise draws ``result`` from the Gamma distribution of concentration ``self`` and rate
    1, by the numpy generator ``source``, in ``self``'s dtype. The gradient is the implicit
    reparameterization one: the draw moves with ``self`` so that its c.d.f. value stays put. As in
    torch, there is no forward-mode rule.

    Backward:  grad_self = grad * _standard_gamma_grad(self, result)
    """

    __slots__ = ()

    @classmethod
    def aten_name(cls) -> str:
        return "_standard_gamma"

    def forward(self, concentration: np.ndarray, source: np.random.Generator) -> np.ndarray:
        result = np.asarray(source.standard_gamma(concentration), dtype=concentration.dtype)
        # (torch keeps draws at least the dtype's tiny: a zero would make log_prob -inf)
        result = np.maximum(result, np.finfo(result.dtype).tiny)
        self.save_for_backward(concentration, result)
        return result

    def backward(self, grad: Any) -> Any:
        concentration, result = self.saved_tensors
        return grad * StandardGammaGrad.apply(concentration, result)


class StandardGammaGrad(Op):
    """``d result / d self`` of a Gamma(``self``, 1) draw ``result`` held at its c.d.f. value
    ``P(self, result)``: ``-(dP/dself) / p(result; self)`` (see ``_special_math.standard_gamma_grad``).
    torch defines no derivative of it, so neither is there one here.

    Backward:  raises torch's "the derivative for '_standard_gamma_grad' is not implemented."
    """

    __slots__ = ()

    @classmethod
    def aten_name(cls) -> str:
        return "_standard_gamma_grad"

    def forward(self, concentration: np.ndarray, result: np.ndarray) -> np.ndarray:
        return _special_math.standard_gamma_grad(concentration, result)

    def backward(self, grad: Any) -> Any:
        raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


def _standard_gamma(input: Tensor, generator: Any = None) -> Tensor:
    """A draw from the Gamma distribution of concentration ``input`` (rate 1) at each element, in
    ``input``'s dtype, differentiable in ``input`` (what ``Gamma.rsample`` builds on)."""
    _check_tensor("_standard_gamma", input)
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f"\"gamma_cpu\" not implemented for '{_type_name(input)}'")
    return StandardGamma.apply(input, source=_random.rng(generator))


def _standard_gamma_grad(input: Tensor, output: Tensor) -> Tensor:
    """How a Gamma(``input``, 1) draw ``output`` moves with ``input`` (the gradient of
    ``_standard_gamma``), elementwise."""
    _check_tensor("_standard_gamma_grad", input)
    _check_tensor("_standard_gamma_grad", output, "output", 2)
    return StandardGammaGrad.apply(input, output)


def binomial(count: Tensor, prob: Tensor, generator: Any = None) -> Tensor:
    """The number of successes in ``count`` trials of success probability ``prob``, elementwise
    (the two broadcast; floats of ``count``'s dtype, which ``prob`` must share). Not
    differentiable: a result of inputs that require grad has torch's ``NotImplemented`` node.
    A probability outside [0, 1] or a negative count is an error here, where torch returns 0."""
    _check_tensor("binomial", count, "count")
    _check_tensor("binomial", prob, "prob", 2)
    if count._data.dtype.kind not in "fV":
        raise ValueError(f"binomial only supports floating-point dtypes for count, got: {_type_name(count)}")
    if prob._data.dtype != count._data.dtype:
        raise RuntimeError(f"Found dtype {_type_name(prob)} but expected {_type_name(count)}")
    if not ((prob._data >= 0) & (prob._data <= 1)).all():
        raise RuntimeError("binomial: expected every prob to be in [0, 1]")
    if not (count._data >= 0).all():
        raise RuntimeError("binomial: expected every count to be non-negative")
    source = _random.rng(generator)

    def draw(trials: np.ndarray, chance: np.ndarray) -> np.ndarray:
        return np.asarray(source.binomial(np.floor(trials).astype(np.int64), chance), dtype=trials.dtype)

    return NotDifferentiable.apply(count, prob, compute=draw, aten_name="binomial")
