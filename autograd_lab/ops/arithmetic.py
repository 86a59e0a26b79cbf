"""Arithmetic: ``+ - * / **``, negation, the copies (clone, dtype conversion, copy_, fill_), and
complex numbers' parts (``real``, ``imag``, ``conj``, ``angle``, ``complex``, ``polar``).

Every op class holds its forward and its backward side by side; its docstring's ``Backward:`` lines
are the formula the lessons and the ``%%trace`` view show. Inputs broadcast (``broadcasts = True``):
the gradients are summed back to each input's shape by ``Op``, so the formulas stay plain math.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._arguments import argument_error, is_number, torch_alias
from .._dtypes import (
    DEFAULT_FLOAT,
    bool_,
    checked_number_array,
    converted,
    dtype,
    number_array,
    result_type,
    type_name,
)
from .._stack import outside_the_library
from ..autograd import meta
from ..autograd.op import Op, broadcast_error
from ..autograd.record import derived
from ..tensor import Tensor
from ._args import as_operand, binary_operands, check_operands, integer_division_check, is_operand
from ._grad import cast, cast_like, where, zeros_like

_builtin_complex = complex  # (the module defines torch's ``complex``)

__all__ = ["add", "sub", "rsub", "mul", "div", "rdiv", "true_divide", "pow", "rpow", "float_power",
           "neg", "negative", "reciprocal", "clone", "to_dtype", "copy_from", "fill", "zero", "subtract",
           "multiply", "divide", "positive", "conj", "conj_physical", "resolve_conj", "resolve_neg",
           "real", "imag", "is_conj", "is_neg", "complex", "polar", "angle", "view_as_real",
           "view_as_complex"]


class Add(Op):
    """Elementwise sum ``self + alpha * other``.

    Backward:  grad_self = grad,  grad_other = alpha * grad
    Forward:   result_t = self_t + alpha * other_t
    """

    supports_complex = True

    __slots__ = ("alpha",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, alpha: Any = 1) -> np.ndarray:
        self.alpha = alpha
        return a + alpha * b

    def backward(self, grad: Any) -> tuple:
        return grad, times_alpha(grad, self.alpha)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return self_t + self.alpha * other_t


class Sub(Op):
    """Elementwise difference ``self - alpha * other``.

    Backward:  grad_self = grad,  grad_other = -alpha * grad
    Forward:   result_t = self_t - alpha * other_t
    """

    supports_complex = True

    __slots__ = ("alpha",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, alpha: Any = 1) -> np.ndarray:
        self.alpha = alpha
        if a.dtype.kind == "c":  # torch adds the product by -alpha (a complex product: the signs
            return a + (-alpha) * b  # of zero parts, and NaN parts next to infinite ones, as torch)
        return a - alpha * b

    def backward(self, grad: Any) -> tuple:
        return grad, times_alpha(-grad, self.alpha)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return self_t - self.alpha * other_t


def times_alpha(grad: Any, alpha: Any) -> Any:
    """``alpha * grad`` as torch's formulas write it (``maybe_multiply``): ``grad`` itself when
    ``alpha`` is 1, else a product by the number (recorded under create_graph as MulBackward1)."""
    return grad if alpha == 1 else MulScalar.apply(grad, other=alpha)


class Rsub(Op, overload=1):
    """A number minus a tensor, ``other - alpha * self`` (``2 - x``).

    Backward:  grad_self = -alpha * grad
    Forward:   result_t = -alpha * self_t
    """

    supports_complex = True

    __slots__ = ("alpha",)

    def forward(self, a: np.ndarray, other: Any, alpha: Any = 1) -> np.ndarray:
        self.alpha = alpha
        if a.dtype.kind == "c":  # (as Sub: a complex product by -alpha, added)
            return other + (-alpha) * a
        return other - alpha * a

    def backward(self, grad: Any) -> Any:
        return times_alpha(-grad, self.alpha)

    def jvp(self, self_t: Any) -> Any:
        return -self.alpha * self_t


class Mul(Op):
    """Elementwise product ``self * other``.

    Backward:  grad_self = grad * other,  grad_other = grad * self
    Forward:   result_t = self_t * other + self * other_t
    """

    supports_complex = True

    __slots__ = ()
    broadcasts = True
    saved_for = ((1,), (0,))  # self for grad_other, other for grad_self

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return a * b

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad * b, grad * a

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return self_t * b + a * other_t


class MulScalar(Op, torch_name="Mul", overload=1):
    """A tensor times a Python number, as torch's C++ code computes it (``mul.Scalar``).

    Backward:  grad_self = grad * other
    Forward:   result_t = self_t * other
    """

    __slots__ = ("other",)

    def forward(self, a: np.ndarray, other: float) -> np.ndarray:
        self.other = other
        return a * other

    def backward(self, grad: Any) -> Any:
        return grad * self.other

    def jvp(self, self_t: Any) -> Any:
        return self_t * self.other


class Div(Op):
    """Elementwise quotient ``self / other``.

    Backward:  grad_self = grad / other,  grad_other = -grad * ((self / other) / other)
    Forward:   result_t = (self_t - other_t * result) / other
               (both in torch's form: at other == 0 their derivatives are inf where the forms
               -grad * self / other**2 and self_t / other - other_t * self / other**2 give NaN)
    """

    supports_complex = True

    __slots__ = ()
    broadcasts = True
    saved_for = ((1,), (0, 1))  # self for grad_other, other for both

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return a / b

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return grad / b, -grad * ((a / b) / b)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b = self.saved_tensors
        return (self_t - other_t * (a / b)) / b


class DivMode(Op, torch_name="Div", overload=2):
    """Quotient rounded to an integer value: ``div(self, other, rounding_mode="trunc" | "floor")``.

    Backward:  grad_self = 0,  grad_other = 0   (the result is piecewise constant)
    Forward:   result_t = 0
    """

    complex_name = "div with a rounding_mode"

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, rounding_mode: str) -> np.ndarray:
        if a.dtype.kind not in "fV":
            # integers divide exactly (through float64, int64's large values lost their last digits)
            floor = np.floor_divide(a, b)
            if rounding_mode == "floor":
                return floor
            # trunc: one more than floor where the division is inexact and the signs differ
            return floor + ((floor * b != a) & ((a < 0) != (b < 0)))
        # floor: Python's and torch's floor division (-7 // inf is -1, not floor(-0.0))
        return np.floor_divide(a, b) if rounding_mode == "floor" else np.trunc(a / b)

    def backward(self, grad: Any) -> tuple:
        return grad * 0, grad * 0

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        return zeros_like(self_t)


class Reciprocal(Op):
    """Elementwise ``1 / self``.

    Backward:  grad_self = -grad * result**2
    Forward:   result_t = -self_t * result**2
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = 1 / a
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        return -grad * (result * result)

    def jvp(self, self_t: Any) -> Any:
        (result,) = self.saved_tensors
        return -self_t * (result * result)


def power(a: Any, exponent: Any) -> Any:
    """``a ** exponent`` as torch computes it: a float array to the power -0.5 is one over its
    square root, as torch's kernel computes it (C's pow gives ``(-0.0) ** -0.5 == +inf``, torch
    -inf; numpy already takes the square root for 0.5). On tensors, the recorded ``**``."""
    if exponent == -0.5 and isinstance(a, np.ndarray) and a.dtype.kind in "fV":
        return 1 / np.sqrt(a)
    if isinstance(a, np.ndarray) and a.dtype.kind == "c":
        return _complex_power(a, exponent)
    return a ** exponent


def _complex_power(a: np.ndarray, exponent: Any) -> np.ndarray:
    """``a ** exponent`` for a complex array, by torch's special cases (numpy's complex power takes
    other routes: other signs of zero parts, other results near overflow), otherwise as C++'s
    ``std::pow``: ``exp(exponent * log(a))``."""
    special = {0.5: np.sqrt, -0.5: lambda z: 1 / np.sqrt(z), 1: np.copy, -1: lambda z: 1 / z,
               2: lambda z: z * z, 3: lambda z: z * z * z, -2: lambda z: 1 / (z * z),
               0: np.ones_like}
    rule = special.get(exponent) if not isinstance(exponent, _builtin_complex) else None
    if rule is not None:
        return rule(a).astype(a.dtype, copy=False)
    return np.exp(np.asarray(exponent, a.dtype) * np.log(a))


class Pow(Op):
    """A tensor to a number's power, ``self ** exponent``.

    Backward:  grad_self = grad * exponent * self ** (exponent - 1)   (0 when exponent == 0)
    Forward:   result_t = self_t * exponent * self ** (exponent - 1)   (0 when exponent == 0)
    """

    supports_complex = True

    __slots__ = ("exponent",)

    def forward(self, a: np.ndarray, exponent: Any) -> np.ndarray:
        self.exponent = exponent
        self.save_for_backward(a)
        return power(a, exponent)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        if self.exponent == 0:
            return grad * 0  # (not grad * 0 * a ** -1, which is NaN at 0)
        return grad * self.exponent * power(a, self.exponent - 1)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        if self.exponent == 0:
            return zeros_like(self_t)
        return self_t * self.exponent * power(a, self.exponent - 1)


class PowTensor(Op, torch_name="Pow", overload=1):
    """A tensor to a tensor's power, ``self ** exponent`` elementwise.

    Backward:  grad_self = grad * exponent * self ** (exponent - 1)   (0 where exponent == 0)
               grad_exponent = grad * (result * log(self))   (that factor 0 where self == 0 and
                               exponent >= 0: torch masks the factor, not the product, so a second
                               derivative there is NaN, from 0 * log(0), as in torch)
    Forward:   result_t = self_t * exponent * self ** (exponent - 1)   (0 where exponent == 0)
                        + exponent_t * (result * log(self))   (the same masked factor)
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, exponent: np.ndarray) -> np.ndarray:
        result = a ** exponent if a.dtype.kind in "fV" else integer_power(a, exponent)
        self.save_for_backward(a, exponent, result)
        return result

    def backward(self, grad: Any) -> tuple:
        a, exponent, result = self.saved_tensors
        grad_self = where(exponent == 0, 0, grad * exponent * a ** (exponent - 1))
        return grad_self, grad * _log_factor(a, exponent, result)

    def jvp(self, self_t: Any, exponent_t: Any) -> Any:
        a, exponent, result = self.saved_tensors
        return (where(exponent == 0, 0, self_t * exponent * a ** (exponent - 1))
                + exponent_t * _log_factor(a, exponent, result))


def _log_factor(a: Any, exponent: Any, result: Any) -> Any:
    """``result * log(self)``, the derivative of ``self ** exponent`` in the exponent, 0 where
    ``self == 0`` and ``exponent >= 0`` (torch's ``pow_backward_exponent``)."""
    return where((a == 0) & (exponent >= 0), 0, result * np.log(a))


def integer_power(a: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """``a ** exponent`` for integer arrays as torch computes it: a negative exponent gives
    ``1 / a ** -exponent`` truncated toward zero (0 unless ``a`` is 1 or -1; numpy refuses)."""
    power = a ** np.maximum(exponent, 0)
    unit_power = np.where((a == -1) & (exponent % 2 == 1), -1, np.where(np.abs(a) == 1, 1, 0))
    return np.where(exponent < 0, unit_power, power).astype(power.dtype)


class PowScalarBase(Op, torch_name="Pow", overload=2):
    """A number to a tensor's power, ``base ** exponent`` (``2 ** x``).

    Backward:  grad_exponent = grad * result * log(base)   (log(base) is NaN for a negative base);
               for base 0: grad * (result * log(0)), the factor 0 where exponent >= 0 (as torch
               masks it, so a second derivative there is NaN)
    Forward:   result_t = exponent_t * result * log(base)   (the same zeros)
    """

    __slots__ = ("base",)

    def forward(self, exponent: np.ndarray, base: Any) -> np.ndarray:
        self.base = base
        base_array = np.asarray(base, dtype=exponent.dtype)
        result = base_array ** exponent if exponent.dtype.kind in "fV" else integer_power(
            base_array, exponent)
        self.save_for_backward(exponent, result)
        return result

    def backward(self, grad: Any) -> Any:
        exponent, result = self.saved_tensors
        return self._times_log_base(grad, result, exponent)

    def jvp(self, exponent_t: Any) -> Any:
        exponent, result = self.saved_tensors
        return self._times_log_base(exponent_t, result, exponent)

    def _times_log_base(self, value: Any, result: Any, exponent: Any) -> Any:
        """``value * result * log(base)``; for base 0 ``value * (result * log(0))`` with the factor
        0 where the exponent >= 0 (torch's derivative of ``0 ** x`` there; ``log(0)`` is -inf)."""
        if self.base == 0:
            return value * where(exponent >= 0, 0, result * -math.inf)
        return value * result * (math.log(self.base) if self.base > 0 else math.nan)


class Neg(Op):
    """Elementwise negation ``-self``.

    Backward:  grad_self = -grad
    Forward:   result_t = -self_t
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return -a

    def backward(self, grad: Any) -> Any:
        return -grad

    def jvp(self, self_t: Any) -> Any:
        return -self_t


class Clone(Op):
    """A copy with its own memory, laid out as ``self`` where it can be (torch's
    ``preserve_format``: a transposed tensor's clone is transposed too, so still not contiguous;
    an expanded one's is contiguous); ``contiguous=True`` (``x.contiguous()``): row-major.

    Backward:  grad_self = grad
    Forward:   result_t = self_t
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

    __slots__ = ()

    def forward(self, a: np.ndarray, contiguous: bool = False) -> np.ndarray:
        overlapping = any(stride == 0 and size > 1 for size, stride in zip(a.shape, a.strides))
        # (row-major for contiguous(), and for an expanded tensor)
        return np.copy(a, order="C" if contiguous or overlapping else "K")

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, self_t: Any) -> Any:
        return self_t


class ToCopy(Op):
    """Conversion to another dtype (``x.double()``, ``x.to(t.float64)``), or a move to the meta
    device (``x.to("meta")``: the shape and dtype alone).

    Backward:  grad_self = grad converted back to self's dtype (a gradient on the meta device cannot
               come back to the CPU: it has no values, torch's NotImplementedError)
    Forward:   result_t = self_t converted to the result's dtype
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

    __slots__ = ("source_dtype", "target_dtype", "to_meta")

    def forward(self, a: np.ndarray, target: np.dtype, to_meta: bool = False) -> np.ndarray:
        self.source_dtype, self.target_dtype, self.to_meta = a.dtype, target, to_meta
        if to_meta:
            return meta.meta_array(a.shape, target)
        if a.dtype.kind == "c" and target.kind != "c":  # complex to real: the real part (the
            return (a != 0) if target.kind == "b" else converted(a.real, target)  # caller warned)
        return converted(a, target)

    def backward(self, grad: Any) -> Any:
        if self.to_meta:
            raise meta.values_error("data")
        return cast(grad, self.source_dtype)

    def jvp(self, self_t: Any) -> Any:
        return cast(self_t, self.target_dtype)


class Copy(Op, grad_fn_name="CopyBackwards"):
    """``self.copy_(src)``: the values of ``src`` (broadcast) written over ``self``.

    Backward:  grad_self = 0,  grad_src = grad (summed back to src's shape)
    Forward:   result_t = src_t (broadcast to self's shape, in self_t's dtype)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ()
    broadcasts = True
    copies_across_devices = True  # (the meta device: a CPU tensor may be copied into a meta one)

    def forward(self, a: np.ndarray, src: np.ndarray) -> np.ndarray:
        if src.dtype.kind == "c" and a.dtype.kind != "c":  # (the real part: copy_from warned)
            src = src.real
        return converted(np.broadcast_to(src, a.shape), a.dtype)

    def backward(self, grad: Any) -> tuple:
        return zeros_like(grad), grad  # (not grad * 0: -0 and NaN where grad is inf)

    def name(self) -> str:
        return "torch::autograd::CopyBackwards"  # torch's name() for this C++ node

    def jvp(self, self_t: Any, src_t: Any) -> Any:
        return cast_like(src_t, self_t)


class Zero(Op):
    """``self.zero_()``: every element set to 0.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.zeros_like(a)

    def backward(self, grad: Any) -> Any:
        return zeros_like(grad)

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class Fill(Op, overload=2):
    """``self.fill_(value)``: every element set to one number.

    Backward:  grad_self = 0
    Forward:   result_t = 0
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ()

    def forward(self, a: np.ndarray, value: Any) -> np.ndarray:
        return np.full_like(a, value)

    def backward(self, grad: Any) -> Any:
        return zeros_like(grad)

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


# -- the functions users call (and Tensor's methods call) ----------------------------------------


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """``input + alpha * other``, broadcasting (for two bool tensors: logical or)."""
    a, b = binary_operands(input, other, "add")
    if alpha.__class__ is not int:
        _check_alpha("add", input, other, alpha, a._data.dtype)
    if a._data.dtype == np.bool_:  # bools cannot require grad: no node, as in torch
        try:
            either = np.logical_or(a._data, b._data & bool(alpha))
        except ValueError:
            raise broadcast_error(a._data.shape, b._data.shape) from None
        return derived(Tensor._make(either), a, b)
    return Add.apply(a, b, alpha=alpha)


def _check_alpha(function: str, input: Any, other: Any, alpha: Any, common: np.dtype) -> None:
    """torch's TypeError for an ``alpha`` that is not a number, and its RuntimeErrors for an alpha
    the result's dtype (``common``) cannot take."""
    if not is_number(alpha) or isinstance(alpha, _builtin_complex):
        raise argument_error(function, (input, other), {"alpha": alpha})
    if isinstance(alpha, bool) and common != np.bool_:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, float) and common.kind not in "fcV":
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """``input - alpha * other``, broadcasting."""
    a, b = binary_operands(input, other, "sub")  # (t.sub(2, x) is SubBackward0, as torch's)
    if alpha.__class__ is not int:
        _check_alpha("sub", input, other, alpha, a._data.dtype)
    # a bool operand is impossible when neither operand was converted (or only a float was) and
    # the common dtype is not bool
    if a is not input or (b is not other and other.__class__ is not float) or \
            a._data.dtype is _BOOL:
        _check_no_bool(input, other)
    return Sub.apply(a, b, alpha=alpha)


_BOOL = np.dtype(np.bool_)


def _check_no_bool(input: Any, other: Any) -> None:
    """torch refuses subtraction with a bool operand (a tensor, or a Python bool)."""
    bools = [isinstance(value, bool) or (
        isinstance(value, Tensor) and value._data.dtype == np.bool_) for value in (input, other)]
    if all(bools):
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
            "`logical_xor()` operator instead.")
    if any(bools):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead.")


def rsub(input: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """``other - alpha * input``; a Python number on the left gives torch's ``RsubBackward1``."""
    if not isinstance(input, Tensor):  # (torch.rsub(2, x): torch's signatures take a tensor first)
        raise argument_error("rsub", (input, other), {} if alpha == 1 else {"alpha": alpha})
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    check_operands("rsub", input, other)
    dt = result_type(input, other)
    if alpha.__class__ is not int:
        _check_alpha("rsub", input, other, alpha, dt.numpy)
    _check_no_bool(input, other)
    if type(other) is int and dt.numpy.kind in "iub":  # (wrapped into the dtype, as torch)
        other = int(number_array(other, dt.numpy))
    return Rsub.apply(as_operand(input, dt), other=other, alpha=alpha)


def mul(input: Any, other: Any) -> Tensor:
    """``input * other``, broadcasting."""
    a, b = binary_operands(input, other, "mul")
    return Mul.apply(a, b)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """``input / other`` (true division: integer inputs give floats), broadcasting."""
    if rounding_mode is not None:
        if rounding_mode not in ("trunc", "floor"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                               f"but found '{rounding_mode}'")
        if not is_operand(other):
            check_operands("div", input, other, kwargs={"rounding_mode": rounding_mode})
        a, b = binary_operands(input, other, "div")
        if a._data.dtype == np.bool_:  # (two bool operands: torch has no rounding kernel for them)
            raise NotImplementedError(f"\"div_{rounding_mode}_cpu\" not implemented for 'Bool'")
        integer_division_check(b._data)
        return DivMode.apply(a, b, rounding_mode=rounding_mode)
    a, b = binary_operands(input, other, "div")
    if a._data.dtype.kind not in "fcV":  # (from the operands themselves: -3 is not first a uint8)
        a, b = as_operand(input, DEFAULT_FLOAT), as_operand(other, DEFAULT_FLOAT)
    return Div.apply(a, b)


# ``x += y`` (Tensor's in-place operators) tries the kernels autograd_lab/fast_paths.py registers
# on these functions: ``_inplace_kernel`` where nothing is recorded, ``_recorded_inplace_kernel``
# (sum and difference only) where x has a history; None: the method, as usual.
for _function in (add, sub, mul, div):
    _function._inplace_kernel = _function._recorded_inplace_kernel = None  # type: ignore[attr-defined]


def rdiv(input: Tensor, other: Any) -> Tensor:
    """``other / input`` for a Python number ``other``: torch computes ``reciprocal(input) * other``."""
    check_operands("div", other, input)
    if input._data.dtype.kind not in "fcV":
        input = as_operand(input, DEFAULT_FLOAT)
    return mul(reciprocal(input), other)


def reciprocal(input: Tensor) -> Tensor:
    """``1 / input``."""
    if input._data.dtype.kind not in "fcV":
        input = as_operand(input, DEFAULT_FLOAT)
    return Reciprocal.apply(input)


def pow(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent``; either side may be a Python number."""
    if not isinstance(input, Tensor):
        return rpow(exponent, input)
    if isinstance(exponent, np.generic):
        # a numpy scalar is a Python number to torch: as one it cannot widen the result (numpy's
        # uint8 ** np.float64(2.5) would be float64, torch's is float32)
        exponent = exponent.item()
    if isinstance(exponent, Tensor):
        a, b = binary_operands(input, exponent, "pow")
        _refuse_bool_power(a)
        return PowTensor.apply(a, b)
    if input._data.dtype.kind in "fV" and type(exponent) in (int, float):
        return Pow.apply(input, exponent=exponent)  # x ** 2: no promotion needed
    check_operands("pow", input, exponent)
    dt = result_type(input, exponent)
    if dt.numpy == np.bool_:  # a bool tensor to a bool's power: x ** True is x, x ** False all True
        return derived(Tensor._make(input._data | (not exponent)), input)
    if isinstance(exponent, int | np.integer) and exponent < 0 and dt.numpy.kind in "iub":
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if type(exponent) is int:  # (converted checked: torch's overflow error)
        checked_number_array(exponent, dt.numpy)
    return Pow.apply(as_operand(input, dt), exponent=exponent)


def rpow(input: Tensor, base: Any) -> Tensor:
    """``base ** input`` for a Python number ``base``."""
    check_operands("pow", base, input)
    dt = result_type(input, base)
    _refuse_bool_power(as_operand(input, dt))
    if type(base) is int and dt.numpy.kind in "iub":  # (wrapped into the dtype, as torch: a
        base = int(number_array(base, dt.numpy))      # uint8 power of -3 is one of 253)
    return PowScalarBase.apply(as_operand(input, dt), base=base)


def _refuse_bool_power(base: Tensor) -> None:
    """torch has no power of bool tensors by bool tensors (a bool tensor's own power of a Python
    bool is computed in ``pow``)."""
    if base._data.dtype == np.bool_:
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")


def float_power(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent`` computed in float64."""
    from .._dtypes import float64

    check_operands("float_power", input, exponent)
    return pow(as_operand(input, float64), as_operand(exponent, float64) if isinstance(
        exponent, Tensor) else exponent)


def neg(input: Tensor) -> Tensor:
    """``-input``."""
    if not isinstance(input, Tensor):
        raise TypeError(f"neg(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input._data.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are "
                           "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return Neg.apply(input)


def clone(input: Tensor) -> Tensor:
    """A copy of ``input`` with its own memory, still connected to the graph."""
    return Clone.apply(input)


def to_dtype(input: Tensor, target: dtype) -> Tensor:
    """``input`` converted to ``target`` (a differentiable copy). A complex tensor converted to a
    real dtype loses its imaginary part, with torch's warning."""
    if input._data.dtype.kind == "c" and not target.is_complex and target is not bool_:
        _warn_imaginary_part_discarded()
    if target.is_floating_point or target.is_complex or not input._requires_grad:
        return ToCopy.apply(input, target=target.numpy)
    with np.errstate(invalid="ignore"):  # (NaN and inf to an integer: silently, as torch)
        converted = input._data.astype(target.numpy)
    return derived(Tensor._make(converted), input)  # no graph for integers


def _warn_imaginary_part_discarded() -> None:
    warnings.warn("Casting complex values to real discards the imaginary part", UserWarning,
                  stacklevel=outside_the_library())


def copy_from(input: Tensor, src: Any) -> Tensor:
    """What ``input.copy_(src)`` writes: ``src`` broadcast to ``input``'s shape and dtype."""
    if not is_operand(src) or isinstance(src, np.ndarray):
        raise argument_error("copy_", (src,), method=True)
    source = src if isinstance(src, Tensor) else Tensor._make(np.asarray(src))
    if source._data.dtype.kind == "c" and input._data.dtype.kind != "c":
        _warn_imaginary_part_discarded()
    try:
        shape = np.broadcast_shapes(input._data.shape, source._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, source._data.shape) from None
    if shape != input._data.shape:
        raise RuntimeError(f"output with shape {list(input._data.shape)} doesn't match the "
                           f"broadcast shape {list(shape)}")
    return Copy.apply(input, source)


def zero(input: Tensor) -> Tensor:
    """What ``input.zero_()`` writes: zeros."""
    return Zero.apply(input)


def fill(input: Tensor, value: Any) -> Tensor:
    """What ``input.fill_(value)`` writes: ``value`` everywhere."""
    if not is_operand(value) or isinstance(value, np.ndarray):
        raise argument_error("fill", (input, value))
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        value = value.item()
    # (torch leaves a float16 value unchecked when it writes a single element)
    value = checked_number_array(value, input._data.dtype, half=input._data.size != 1)[()]
    return Fill.apply(input, value=value)


subtract = torch_alias(sub, "subtract")
multiply = torch_alias(mul, "multiply")
divide = torch_alias(div, "divide")
true_divide = torch_alias(div, "true_divide")
negative = neg


def positive(input: Tensor) -> Tensor:
    """``+input``: the tensor itself (torch refuses bool tensors)."""
    if input._data.dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# -- complex numbers: parts, conjugate, angle; complex tensors from real ones ----------------------
#
# Only ``angle`` of a real tensor is differentiated: the others take or make complex values, which
# autograd_lab does not differentiate (``autograd/complex_mode.py`` refuses an input requiring
# grad), so their classes are not registered as graph nodes (their names start with ``_``; on real
# inputs the parts and the conjugate are the tensor itself, as in torch).


def _real_tensor(input: Any) -> Tensor:
    """``input``, which must be a tensor (a plain TypeError otherwise: the torch-level function
    words it as torch does)."""
    if not isinstance(input, Tensor):
        raise TypeError("expected a tensor")
    return input


def _is_complex(input: Tensor) -> bool:
    return input._data.dtype.kind == "c"


class _Real(Op):
    """The real part of a complex tensor: a view of its memory (numpy's ``a.real``), so writing
    into it writes into the complex tensor, as in torch."""

    torch_name = "Real"
    supports_complex = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.real

    def backward(self, grad: Any) -> Any:  # pragma: no cover - complex values are not differentiated
        raise NotImplementedError


class _Imag(_Real):
    """The imaginary part of a complex tensor: a view of its memory (numpy's ``a.imag``)."""

    torch_name = "Imag"

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.imag


class _Conj(Op):
    """The complex conjugate, in memory of its own (torch's ``conj`` is a lazy view instead: the
    values are the same, ``is_conj()`` is False here)."""

    torch_name = "ConjPhysical"
    supports_complex = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.conj(a)

    def backward(self, grad: Any) -> Any:  # pragma: no cover - complex values are not differentiated
        raise NotImplementedError


class Angle(Op):
    """The angle of each element in the complex plane, in radians (``atan2(imag, real)``); a real
    element's is 0, or pi for a negative one (NaN stays NaN).

    Backward:  grad_self = 0 (real inputs: the angle is piecewise constant)
    Forward:   result_t = 0
    """

    supports_complex = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        if a.dtype.kind == "c":
            return np.angle(a)
        return np.where(a < 0, np.asarray(math.pi, a.dtype), np.asarray(0, a.dtype)) + a * 0

    def backward(self, grad: Any) -> Any:
        return zeros_like(grad)

    def jvp(self, self_t: Any) -> Any:
        return zeros_like(self_t)


class _Complex(Op):
    """``real + imag * i`` from two real tensors of one floating dtype (broadcasting); each part
    stored as it is (``inf`` stays ``inf``, where ``imag * 1j`` would make NaN)."""

    torch_name = "Complex"
    supports_complex = True

    def forward(self, real: np.ndarray, imag: np.ndarray) -> np.ndarray:
        out = np.empty(np.broadcast_shapes(real.shape, imag.shape),
                       np.complex64 if real.dtype == np.float32 else np.complex128)
        out.real, out.imag = real, imag
        return out

    def backward(self, grad: Any) -> Any:  # pragma: no cover - complex values are not differentiated
        raise NotImplementedError


class _Polar(_Complex):
    """``abs * (cos(angle) + i sin(angle))`` from two real tensors of one floating dtype."""

    torch_name = "Polar"

    def forward(self, abs: np.ndarray, angle: np.ndarray) -> np.ndarray:  # noqa: A002 - torch's name
        return _Complex.forward(self, abs * np.cos(angle), abs * np.sin(angle))


class _ViewAsReal(Op):
    """A complex tensor's memory seen as real numbers: one more dim, of size 2 (real, imaginary)."""

    torch_name = "ViewAsReal"
    supports_complex = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        parts = np.float32 if a.dtype == np.complex64 else np.float64
        return a.reshape(a.shape + (1,)).view(parts) if a.ndim == 0 or a.strides[-1] == \
            a.itemsize else np.stack([a.real, a.imag], -1)

    def backward(self, grad: Any) -> Any:  # pragma: no cover - complex values are not differentiated
        raise NotImplementedError


class _ViewAsComplex(_ViewAsReal):
    """Pairs of real numbers (the last dim, of size 2) seen as complex numbers."""

    torch_name = "ViewAsComplex"

    def forward(self, a: np.ndarray) -> np.ndarray:
        whole = np.complex64 if a.dtype == np.float32 else np.complex128
        return a.view(whole)[..., 0]


def _parts(function: str, real: Any, imag: Any, names: tuple[str, str]) -> None:
    """torch's errors for the two real tensors of ``complex``/``polar``."""
    for position, (name, value) in enumerate(zip(names, (real, imag)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{function}(): argument '{name}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")
    kinds = (real._data.dtype, imag._data.dtype)
    if any(kind not in (np.float16, np.float32, np.float64) for kind in kinds):
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{type_name(kinds[0])} and {type_name(kinds[1])}")
    if kinds[0] != kinds[1]:
        raise RuntimeError(f"Expected object of scalar type {type_name(kinds[0])} but got scalar "
                           f"type {type_name(kinds[1])} for second argument")
    if kinds[0] == np.float16:
        raise NotImplementedError(f"{function}() of float16 tensors makes torch.complex32, which "
                                  "autograd_lab does not have: convert to float32 or float64")


def complex(real: Tensor, imag: Tensor) -> Tensor:  # noqa: A001 - torch's name
    """The complex tensor ``real + imag * i`` (two float tensors of one dtype, broadcasting):
    complex64 from float32, complex128 from float64."""
    _parts("complex", real, imag, ("real", "imag"))
    return _Complex.apply(real, imag)


def polar(abs: Tensor, angle: Tensor) -> Tensor:  # noqa: A002 - torch's names
    """The complex tensor of absolute values ``abs`` and angles ``angle`` (radians)."""
    _parts("polar", abs, angle, ("abs", "angle"))
    return _Polar.apply(abs, angle)


def angle(input: Tensor) -> Tensor:
    """The angle of each element in the complex plane (radians, in ``[-pi, pi]``); a real
    tensor's is 0 or pi (integers give the default float)."""
    _real_tensor(input)
    if input._data.dtype.kind in "iub":
        input = input.to(DEFAULT_FLOAT)
    return Angle.apply(input)


def view_as_real(input: Tensor) -> Tensor:
    """A complex tensor as real numbers with one more dim of size 2 (real and imaginary parts),
    sharing its memory (a copy when its last dim is not contiguous)."""
    if not _is_complex(_real_tensor(input)):
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _ViewAsReal.apply(input)


def view_as_complex(input: Tensor) -> Tensor:
    """A float32 or float64 tensor whose last dim has size 2 (real, imaginary) as complex numbers,
    sharing its memory."""
    array = _real_tensor(input)._data
    if array.dtype not in (np.float32, np.float64):
        if array.dtype == np.float16:
            raise NotImplementedError("view_as_complex of a float16 tensor makes torch.complex32, "
                                      "which autograd_lab does not have")
        raise RuntimeError("view_as_complex is only supported for floating point tensors, but got "
                           f"a tensor of scalar type: {type_name(array.dtype)}")
    if not array.ndim or array.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if array.strides[-1] != array.itemsize:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(stride % (2 * array.itemsize) for stride in array.strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    return _ViewAsComplex.apply(input)


def conj(input: Tensor) -> Tensor:
    """The complex conjugate (a new tensor; torch's is a lazy view with the same values); a real
    tensor's is the tensor itself (as torch)."""
    return _Conj.apply(input) if _is_complex(_real_tensor(input)) else input


def conj_physical(input: Tensor) -> Tensor:
    """The complex conjugate, materialized; a real tensor's is the tensor itself (as torch)."""
    return conj(input)


def resolve_conj(input: Tensor) -> Tensor:
    """``input`` with a pending conjugation applied: ``input`` itself (conjugates are computed at
    once here, none is pending)."""
    return _real_tensor(input)


def resolve_neg(input: Tensor) -> Tensor:
    """``input`` with a pending negation applied: ``input`` itself (the library keeps none)."""
    return _real_tensor(input)


def real(input: Tensor) -> Tensor:
    """The real part (a view sharing memory); ``input`` itself for a real tensor (as torch)."""
    return _Real.apply(input) if _is_complex(_real_tensor(input)) else input


def imag(input: Tensor) -> Tensor:
    """The imaginary part (a view sharing memory); an error for a real tensor (as torch)."""
    if _is_complex(_real_tensor(input)):
        return _Imag.apply(input)
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


def is_conj(input: Tensor) -> bool:
    """Whether ``input`` is a lazily conjugated view: never here."""
    _real_tensor(input)
    return False


def is_neg(input: Tensor) -> bool:
    """Whether ``input`` is a lazily negated view: never here."""
    _real_tensor(input)
    return False
