"""Reductions: ``sum``, ``mean``, ``nansum``/``nanmean``, ``prod``, ``max``/``min``, ``amax``/``amin``,
``argmax``/``argmin``, ``var``/``std``, ``norm``, ``logsumexp``, and the running sum ``cumsum``; and,
below, ordering (``sort``, ``topk``, ``median``, ``mode``, ``kthvalue``), running extremes and
``logcumsumexp``, statistics (``var_mean``/``std_mean``, ``aminmax``, ``cov``/``corrcoef``,
``quantile``) and counting (``bincount``, ``histc``).

``dim`` may be None (everything), an int or a tuple, negatives allowed; ``keepdim`` keeps reduced
dims as size 1. Backward formulas broadcast the gradient back over the reduced dims. Where several
elements tie for a maximum (``max()``, ``amax``, the inf-norm) the gradient is split evenly among
them, as torch does; ``max(dim)`` sends it to the one element its ``indices`` name.

Each op class holds its forward and its backward as plain math (the docstring's ``Backward:``
lines). The same backward serves a plain pass (numpy arrays) and ``create_graph=True`` (tensors,
recorded): it uses operators, methods arrays and tensors share (``.sum(axis=..., keepdims=...)``,
``.reshape``, ``.cumsum(dim)``), ops applied as ops (``Flip.apply``) and the helpers of ``ops._grad``.
"""

from __future__ import annotations

import builtins
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .._arguments import argument_error, checked_dtype, given
from .._dtypes import DEFAULT_FLOAT, as_dtype, int64, result_type
from .._dtypes import dtype as _dtype
from .._dtypes import type_name as dtype_name
from ..autograd.complex_mode import refuse_complex
from ..autograd.meta import refuse_without_values
from ..autograd.op import Op, broadcast_error
from ..autograd.record import derived, note, watching
from ..creation import empty, full_like
from ..tensor import Tensor
from ._args import as_operand
from ._grad import (
    cast_like,
    expand_to,
    masked_fill,
    normalize_dims,
    permute,
    products_of_others,
    reduced_shape,
    take_along,
    zeros,
    zeros_like,
)
from ._grad import eye as grad_eye
from ._grad import unsqueeze as grad_unsqueeze
from ._grad import where as grad_where
from .arithmetic import MulScalar, _check_no_bool
from .elementwise import NotDifferentiable, Sgn, clamp, sqrt
from .indexing import Scatter, ScatterAdd, narrow, select
from .linalg import mm
from .losses import AddScalar, DivScalar
from .shape import Flip, _sizes, broadcast_tensors, flip, view

__all__ = ["sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std",
           "norm", "logsumexp", "cumsum", "all", "any", "histogram", "sort", "argsort", "topk", "cumprod",
           "median", "mode", "unique", "count_nonzero", "nansum", "nanmean", "var_mean", "std_mean",
           "pairwise_distance",
           "aminmax", "kthvalue", "cummax", "cummin", "logcumsumexp", "cov", "corrcoef",
           "quantile", "nanquantile", "bincount", "histc", "msort", "trapezoid", "trapz",
           "cumulative_trapezoid", "nanmedian", "dist", "vander", "unique_consecutive", "trace"]


# the wider type torch's CPU kernels accumulate a float dtype in (at::acc_type)
_ACCUMULATE = {np.dtype(np.float16): np.dtype(np.float32), np.dtype(np.float32): np.dtype(np.float64)}


class _Reduction(Op):
    """Shared bookkeeping: which dims were reduced and the shapes backward needs."""

    __slots__ = ("dim", "keepdim", "self_sym_sizes", "_kept_shape")

    def _remember(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool) -> None:
        self.dim = dims
        self.keepdim = keepdim
        self.self_sym_sizes = a.shape
        self._kept_shape = reduced_shape(a.shape, dims)

    def _kept(self, value: Any) -> Any:
        """An output-shaped value (the gradient, the result) with the reduced dims kept as size 1,
        so it broadcasts against the input."""
        return value if self.keepdim else value.reshape(self._kept_shape)

    def _spread(self, grad: Any) -> Any:
        """The output gradient copied back over every reduced element."""
        return expand_to(self._kept(grad), self.self_sym_sizes)

    def _count(self) -> int:
        """How many input elements each output element reduces."""
        count = 1
        for d in self.dim:
            count *= self.self_sym_sizes[d]
        return count


class Sum(_Reduction):
    """Sum of all elements.

    Backward:  grad_self = grad broadcast to self's shape (every element gets the same gradient)
    Forward:   result_t = sum(self_t)
    """

    supports_complex = True

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False,
                out_dtype: Any = None) -> np.ndarray:
        self._remember(a, dims, keepdim)
        if np.dtype(out_dtype or a.dtype) == np.float16:
            # torch sums float16 in float32 and rounds once (numpy would round at every addition)
            return a.sum(axis=dims, keepdims=keepdim, dtype=np.float32).astype(np.float16)
        return a.sum(axis=dims, keepdims=keepdim, dtype=out_dtype)

    def backward(self, grad: Any) -> Any:
        return self._spread(grad)

    def jvp(self, self_t: Any) -> Any:
        return self_t.sum(axis=self.dim, keepdims=self.keepdim)


class Trace(Op):
    """``trace(A)``: the sum of a matrix's diagonal, ``sum_i A[i, i]``.

    Backward:  grad_self = grad * eye(n, m)   (the diagonal gets the gradient, the rest zero)
    Forward:   result_t = trace(self_t)
    """

    supports_complex = True

    __slots__ = ("self_sym_sizes",)

    def forward(self, a: np.ndarray, out_dtype: Any = None) -> np.ndarray:
        self.self_sym_sizes = a.shape
        return np.trace(a, dtype=out_dtype)

    def backward(self, grad: Any) -> Any:
        rows, columns = self.self_sym_sizes
        return grad * grad_eye(rows, grad, columns)

    def jvp(self, self_t: Any) -> Any:
        return self_t.trace()


class SumDim(Sum, torch_name="Sum", overload=1):
    """Sum over ``dim``.

    Backward:  grad_self = grad broadcast back over the summed dims
    Forward:   result_t = sum(self_t, dim)
    """

    __slots__ = ()


class Nansum(_Reduction):
    """Sum of the elements that are not NaN (over all elements, or over ``dim``).

    Backward:  grad_self = grad broadcast to self's shape, times 0 where self is NaN (so -0.0 for a
               negative grad, as torch)
    Forward:   result_t = sum(where(isnan(self), 0, self_t))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False,
                out_dtype: Any = None) -> np.ndarray:
        self._remember(a, dims, keepdim)
        self.save_for_backward(a)
        return np.nansum(a, axis=dims, keepdims=keepdim, dtype=out_dtype)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self._spread(grad) * (a == a)  # a == a: where a is not NaN

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return grad_where(a != a, 0, self_t).sum(axis=self.dim, keepdims=self.keepdim)


class Mean(_Reduction):
    """Mean of all elements.

    Backward:  grad_self = grad / numel, broadcast to self's shape
    Forward:   result_t = sum(self_t) / numel
    """

    supports_complex = True

    __slots__ = ("self_sym_numel",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False) -> np.ndarray:
        self._remember(a, dims, keepdim)
        self.self_sym_numel = a.size
        return _mean_array(a, dims, keepdim)

    def backward(self, grad: Any) -> Any:
        return self._spread(grad / self._count())

    def jvp(self, self_t: Any) -> Any:
        return self_t.sum(axis=self.dim, keepdims=self.keepdim) / self._count()


class MeanDim(Mean, torch_name="Mean", overload=1):
    """Mean over ``dim``.

    Backward:  grad_self = grad / (number of elements averaged), broadcast back over ``dim``
    Forward:   result_t = mean(self_t, dim)
    """

    __slots__ = ()


class _Product(_Reduction):
    """The product of the elements reduced; see ``Prod`` and ``ProdDim``.

    Backward:  grad_self = grad * (product of the other elements)
               that is grad * result / self without zeros; where self has zeros, the product of the
               others computed without dividing (``products_of_others``)
    Forward:   result_t = sum(self_t * (product of the other elements))
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False,
                out_dtype: Any = None) -> np.ndarray:
        self._remember(a, dims, keepdim)
        result = np.prod(a, axis=dims, keepdims=keepdim, dtype=out_dtype)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        return self._spread(grad) * self._others(a, result)

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        return (self_t * self._others(a, result)).sum(axis=self.dim, keepdims=self.keepdim)

    def _others(self, a: Any, result: Any) -> Any:
        """For each element, the product of the other elements reduced with it: ``result / self``
        where no element is 0, else computed without dividing."""
        if (a == 0).any():
            return products_of_others(a, self.dim)
        return self._kept(result) / a


class Prod(_Product):
    """Product of all elements.

    Backward:  grad_self = grad * (product of the other elements)
               that is grad * result / self without zeros; with one zero, only the zero gets the
               product of the rest; with two or more zeros, every gradient is 0
    Forward:   result_t = sum(self_t * (product of the other elements))
    """

    supports_complex = True

    __slots__ = ()


class ProdDim(_Product, torch_name="Prod", overload=1):
    """Product over ``dim``.

    Backward:  grad_self = grad * (product of the other elements along dim), zeros handled as Prod
    Forward:   result_t = sum(self_t * (product of the other elements along dim), dim)
    """

    supports_complex = True

    __slots__ = ()


class _Extreme(_Reduction):
    """The largest (or smallest) elements; the gradient is split evenly among tied elements, and
    the tangent is the mean of the tied elements' tangents.

    Backward:  grad_self = grad / (number of elements equal to result) * (self == result)
    Forward:   result_t = sum(where(self == result, self_t, 0)) / (number of elements equal to result)
    """

    __slots__ = ()
    pick: Any = np.max

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False) -> np.ndarray:
        self._remember(a, dims, keepdim)
        result = type(self).pick(a, axis=dims, keepdims=keepdim)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        hits = a == self._kept(result)
        return self._spread(grad) / hits.sum(axis=self.dim, keepdims=True) * hits

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        hits = a == self._kept(result)
        return (grad_where(hits, self_t, 0).sum(axis=self.dim, keepdims=self.keepdim)
                / cast_like(hits.sum(axis=self.dim, keepdims=self.keepdim), self_t))


class _WholeExtreme(_Extreme):
    """``max()``/``min()`` of a whole tensor: torch reads the tied tangents by multiplying with the
    mask (an infinite tangent elsewhere gives NaN), where ``amax`` selects them. A NaN result is
    "equal" to the NaN elements: they share the gradient (``amax`` gives NaN everywhere). The
    gradient is written into zeros, as torch's CPU kernel does: the other elements get 0 even from
    an infinite gradient, where a product with the mask would give NaN.

    Backward:  grad_self = zeros(self.shape) with grad / (number of elements equal to result)
                           written where self == result
    Forward:   result_t = sum(self_t * (self == result)) / (number of elements equal to result)
    """

    __slots__ = ()

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        hits = (a == result) | ((a != a) & (result != result))  # (x != x: x is NaN)
        return masked_fill(zeros(a.shape, like=grad), hits, grad / cast_like(hits.sum(), grad))

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        hits = a == result
        return (self_t * cast_like(hits, self_t)).sum() / cast_like(hits.sum(), self_t)


class Max(_WholeExtreme, overload=1):
    """Largest element of the whole tensor (NaN if any element is NaN).

    Backward:  grad_self = zeros(self.shape) with grad / (number of elements equal to result)
                           written where self == result
    Forward:   result_t = sum(self_t * (self == result)) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = np.max


class Min(_WholeExtreme, overload=1):
    """Smallest element of the whole tensor (NaN if any element is NaN).

    Backward:  grad_self = zeros(self.shape) with grad / (number of elements equal to result)
                           written where self == result
    Forward:   result_t = sum(self_t * (self == result)) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = np.min


class Amax(_Extreme):
    """Largest elements over ``dim`` (every dim by default).

    Backward:  grad_self = grad / (number of elements equal to result) * (self == result)
    Forward:   result_t = sum(where(self == result, self_t, 0), dim) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = np.max


class Amin(_Extreme):
    """Smallest elements over ``dim`` (every dim by default).

    Backward:  grad_self = grad / (number of elements equal to result) * (self == result)
    Forward:   result_t = sum(where(self == result, self_t, 0), dim) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = np.min


class _ExtremeDim(_Reduction):
    """The largest (or smallest) element along one dim, and where it is (``indices``).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)   (the tangent at the position indices names)
    """

    __slots__ = ("indices",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool,
                indices: np.ndarray) -> np.ndarray:
        # indices (with the dim kept) are found by the public function, which also returns them
        self._remember(a, dims, keepdim)
        self.indices = indices
        if not dims:  # a 0-d tensor: the one element is the answer
            return a.copy()
        values = np.take_along_axis(a, indices, axis=dims[0])
        return values if keepdim else values.reshape(_dropped(a.shape, dims))

    def backward(self, grad: Any) -> Any:
        if not self.dim:  # 0-d input: the one element is the answer
            return grad
        axis = self.dim[0]
        kept = grad if self.keepdim else grad_unsqueeze(grad, axis)
        return Scatter.apply(zeros(self.self_sym_sizes, like=grad), kept, dim=axis,
                             index=self.indices)

    def jvp(self, self_t: Any) -> Any:
        if not self.dim:  # 0-d input: the one element is the answer
            return self_t
        picked = take_along(self_t, self.indices, self.dim[0])
        return picked if self.keepdim else picked.reshape(_dropped(self.self_sym_sizes, self.dim))


class MaxDim(_ExtremeDim, torch_name="Max", overload=0):
    """Largest element along ``dim`` (returned with its index).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    complex_name = "max_dim"  # (torch words the refusal of its dim form otherwise)

    __slots__ = ()


class MinDim(_ExtremeDim, torch_name="Min", overload=0):
    """Smallest element along ``dim`` (returned with its index).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    complex_name = "min_dim"  # (torch words the refusal of its dim form otherwise)

    __slots__ = ()


class _Moments(_Reduction):
    """Shared by ``var`` and ``std``: the correction and the divisor ``N - correction``."""

    __slots__ = ("correction", "_whole")

    def _variance(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, correction: float,
                  whole: bool, root: bool = False) -> np.ndarray:
        """The variance (its square root with ``root``) in ``a``'s dtype."""
        self._remember(a, dims, keepdim)
        self.correction = correction
        self._whole = whole
        divisor = builtins.max(0, self._count() - correction)  # torch clamps at 0: inf or NaN
        # torch accumulates in a wider type (float32 in float64, float16 in float32): the squares
        # of values near the dtype's maximum do not overflow (std of [3e38, 0] is 2.1e38, not inf)
        wide = a.astype(_ACCUMULATE.get(a.dtype, a.dtype), copy=False)
        centered = wide - _mean_array(wide, dims, True)
        variance = (centered * centered).sum(axis=dims, keepdims=keepdim) / divisor
        return (np.sqrt(variance) if root else variance).astype(a.dtype, copy=False)

    def _variance_slope(self, a: Any) -> Any:
        """d var / d self: ``2 * (self - mean(self)) / (N - correction)``, with torch's conventions
        when ``N - correction`` is not positive (written to be recorded under create_graph)."""
        mean = a.sum(axis=self.dim, keepdims=True) / builtins.max(self._count(), 1)
        dof = self._count() - self.correction
        if self._whole and dof <= 0:
            # torch: infinity, or NaN (infinity * 0) where an element equals the mean
            return cast_like(grad_where(a == mean, math.nan, math.inf), a)
        return (a - mean) * (2 / dof if dof else math.inf)

    def _variance_tangent(self, a: Any, self_t: Any) -> Any:
        """The variance's tangent: the slope times the input's tangent, summed over ``dim``."""
        return (self_t * self._variance_slope(a)).sum(axis=self.dim, keepdims=self.keepdim)


class Var(_Moments):
    """Variance ``sum((self - mean) ** 2) / (N - correction)`` over ``dim`` (correction 1: unbiased).

    Backward:  grad_self = grad * 2 * (self - mean(self)) / (N - correction)
    Forward:   result_t = sum(self_t * 2 * (self - mean(self)) / (N - correction), dim)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, correction: float,
                whole: bool) -> np.ndarray:
        self.save_for_backward(a)
        return self._variance(a, dims, keepdim, correction, whole)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return self._spread(grad) * self._variance_slope(a)

    def jvp(self, self_t: Any) -> Any:
        (a,) = self.saved_tensors
        return self._variance_tangent(a, self_t)


class Std(_Moments):
    """Standard deviation ``sqrt(var(self, dim, correction))``.

    Backward:  grad_self = grad * (self - mean(self)) / ((N - correction) * result)
               (0 where result == 0)
    Forward:   result_t = var_t / (2 * result)   (0 where result == 0; var_t is Var's tangent)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, correction: float,
                whole: bool) -> np.ndarray:
        result = self._variance(a, dims, keepdim, correction, whole, root=True)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        scaled = grad_where(result == 0, 0, grad / (result * 2))
        return self._spread(scaled) * self._variance_slope(a)

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        return grad_where(result == 0, 0, self._variance_tangent(a, self_t) / (result * 2))


class LinalgVectorNorm(_Reduction):
    """Vector ``ord``-norm over ``dim``: ``sum(|self| ** ord) ** (1 / ord)``; ``inf`` is max ``|self|``,
    ``-inf`` min ``|self|``, 0 the number of nonzero elements.

    Backward:  ord 2:    grad_self = grad * (self / result)          (that factor 0 where result == 0)
               ord 1:    grad_self = grad * sign(self)
               ord inf:  grad_self = sign(self) * grad / (number of ties) * (|self| == result)
               other:    grad_self = grad * sign(self) * |self| ** (ord - 1) / result ** (ord - 1)
               ord 0:    no gradient
    Forward:   ord 2:    result_t = sum(self * self_t) / result                 (0 where result == 0)
               ord 1:    result_t = sum(sign(self) * self_t)
               ord inf:  result_t = sum(sign(self) * self_t * (|self| == result)) / (number of ties)
               ord < 1:  result_t = sum(sign(self) * |self| ** (ord - 1) * self_t) * result ** (1 - ord)
                         (|self| ** (ord - 1) taken as 0 where self == 0)
               ord < 2:  result_t = sum(sign(self) * |self| ** (ord - 1) * self_t) / result ** (ord - 1)
               ord > 2:  result_t = sum(self * |self| ** (ord - 2) * self_t) / result ** (ord - 1)
                         (both 0 where result == 0)
               ord 0:    result_t = 0
    """

    __slots__ = ("ord",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, ord: float) -> np.ndarray:
        self._remember(a, dims, keepdim)
        self.ord = ord
        magnitude = np.abs(a)
        if ord == math.inf:
            result = magnitude.max(axis=dims, keepdims=keepdim)
        elif ord == -math.inf:
            result = magnitude.min(axis=dims, keepdims=keepdim)
        elif ord == 0:
            result = (a != 0).sum(axis=dims, keepdims=keepdim).astype(a.dtype)
        elif ord == 1:
            result = magnitude.sum(axis=dims, keepdims=keepdim)
        elif ord == 2:
            result = np.sqrt((a * a).sum(axis=dims, keepdims=keepdim))
        else:
            result = (magnitude ** ord).sum(axis=dims, keepdims=keepdim) ** (1 / ord)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        return self._gradient(a, result, grad)

    def _gradient(self, a: Any, result: Any, grad: Any) -> Any:
        """The input's gradient for the norm ``result`` of ``a`` (``Backward:`` above)."""
        grad, norm = self._kept(grad), self._kept(result)
        ord = self.ord
        if ord == 0:
            return None
        if ord == 1:
            return Sgn.apply(a) * grad  # (torch: self.sgn() * grad)
        if ord == 2:
            # torch's grad * (self / norm).masked_fill_(norm == 0, 0): the mask on self / norm, so
            # a second derivative at a zero norm is NaN (0 * 1/0), as torch's
            return grad * grad_where(norm == 0, 0, a / norm)
        if ord in (math.inf, -math.inf):
            magnitude = np.abs(a)
            hits = (magnitude == norm) | (magnitude != magnitude)  # NaN counts as the extreme
            return Sgn.apply(a) * (grad / hits.sum(axis=self.dim, keepdims=True) * hits)
        scale = grad_where(norm == 0, 0, grad / norm ** (ord - 1))
        powered = np.abs(a) ** (ord - 1)
        if ord < 1:  # |0| ** negative is inf: those elements get 0, as in torch
            powered = grad_where(a == 0, 0, powered)
        return Sgn.apply(a) * powered * scale

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        return self._tangent(a, result, self_t)

    def _tangent(self, a: Any, result: Any, self_t: Any) -> Any:
        """The norm's tangent for the input tangent ``self_t`` (``Forward:`` above)."""
        ord, dims, keepdim = self.ord, self.dim, self.keepdim
        if ord == 0:
            return zeros_like(result)
        sign = Sgn.apply(a)  # (0 for NaN, as torch's sgn)
        if ord == 1:
            return (sign * self_t).sum(axis=dims, keepdims=keepdim)
        if ord == 2:
            return grad_where(result == 0, 0, (a * self_t).sum(axis=dims, keepdims=keepdim) / result)
        if ord in (math.inf, -math.inf):
            norm = self._kept(result)
            magnitude = np.abs(a)
            hits = (magnitude == norm) | ((a != a) & (norm != norm))  # NaN ties with a NaN norm
            count = cast_like(hits.sum(axis=dims, keepdims=True), self_t)
            return (sign * self_t * cast_like(hits, self_t) / count).sum(axis=dims, keepdims=keepdim)
        magnitude = np.abs(a)
        if ord < 1:  # |0| ** negative is inf: those elements count 0, as in torch
            powered = grad_where(a == 0, 0, magnitude ** (ord - 1))
            return (powered * sign * self_t).sum(axis=dims, keepdims=keepdim) * result ** (1 - ord)
        if ord < 2:
            summed = (magnitude ** (ord - 1) * sign * self_t).sum(axis=dims, keepdims=keepdim)
        else:
            summed = (magnitude ** (ord - 2) * a * self_t).sum(axis=dims, keepdims=keepdim)
        return grad_where(result == 0, 0, summed / result ** (ord - 1))


class Dist(LinalgVectorNorm):
    """The ``p``-norm of the difference ``self - other`` (broadcasting): the distance between them.

    Backward:  grad_self = the norm's gradient at self - other (see LinalgVectorNorm),
               grad_other = -grad_self
    Forward:   result_t = the norm's tangent at self - other for the tangent self_t - other_t
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, ord: float) -> np.ndarray:
        difference = a - b
        result = super().forward(difference, dims=tuple(range(difference.ndim)), keepdim=False,
                                 ord=ord)
        self.save_for_backward(a, b, result)  # (the difference is formed again from the inputs)
        return result

    def backward(self, grad: Any) -> tuple:
        a, b, result = self.saved_tensors
        grad_self = self._gradient(a - b, result, grad)
        return (None, None) if grad_self is None else (grad_self, -grad_self)

    def jvp(self, self_t: Any, other_t: Any) -> Any:
        a, b, result = self.saved_tensors
        return self._tangent(a - b, result, self_t - other_t)


class NormDim(LinalgVectorNorm, torch_name="Norm", overload=1):
    """The ``p``-norm over ``dim`` as torch's ``norm(self, p, dim, keepdim)`` computes it (the node
    ``pairwise_distance`` ends in): the same math as ``LinalgVectorNorm`` with ``ord = p``.

    Backward:  grad_self = the p-norm's gradient (see LinalgVectorNorm)
    Forward:   result_t = the p-norm's tangent (see LinalgVectorNorm)
    """

    __slots__ = ()


class Logsumexp(_Reduction):
    """``log(sum(exp(self)))`` over ``dim``, computed after subtracting the maximum (no overflow).

    Backward:  grad_self = grad * exp(self - result)
    Forward:   result_t = sum(w * self_t, dim) / sum(w, dim)  with w = exp(self - result)
               (the softmax-weighted mean of the tangents; NaN for an empty slice, as torch)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool = False) -> np.ndarray:
        self._remember(a, dims, keepdim)
        if a.size:
            peak = a.max(axis=dims, keepdims=True)
            peak = np.where(np.isfinite(peak), peak, 0)  # all -inf (or an inf): shift by 0
        else:  # (max has no identity: an empty input is shifted by 0)
            peak = np.zeros(self._kept_shape, dtype=a.dtype)
        result = np.log(np.exp(a - peak).sum(axis=dims, keepdims=True)) + peak
        if not keepdim:
            result = result.reshape(_dropped(a.shape, dims))
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        return self._kept(grad) * np.exp(a - self._kept(result))

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        weights = np.exp(a - self._kept(result))
        return ((weights * self_t).sum(axis=self.dim, keepdims=self.keepdim)
                / weights.sum(axis=self.dim, keepdims=self.keepdim))


class Cumsum(Op):
    """Running sum along ``dim``: element i is the sum of elements 0..i.

    Backward:  grad_self = reversed running sum of grad = flip(cumsum(flip(grad, dim), dim), dim)
    Forward:   result_t = cumsum(self_t, dim)
    """

    supports_complex = True

    __slots__ = ("dim",)

    def forward(self, a: np.ndarray, dim: int | None, out_dtype: Any = None) -> np.ndarray:
        self.dim = dim
        if dim is None:  # a 0-d tensor: its running sum is itself
            return a.astype(out_dtype or a.dtype)
        kind = np.dtype(out_dtype or a.dtype)
        # torch runs the sum in a wider type (float16 in float32, float32 in float64) from +0,
        # which also turns a leading -0.0 into 0.0
        result = np.cumsum(a.astype(kind, copy=False), axis=dim, dtype=_ACCUMULATE.get(kind, kind))
        if kind.kind in "fV":
            result += 0.0
        return result.astype(kind, copy=False)

    def backward(self, grad: Any) -> Any:
        if self.dim is None:  # a 0-d tensor: its running sum is itself
            return grad
        reversed_dim = (self.dim,)
        return Flip.apply(Flip.apply(grad, dims=reversed_dim).cumsum(self.dim), dims=reversed_dim)

    def jvp(self, self_t: Any) -> Any:
        return Cumsum.apply(self_t, dim=self.dim)


def _mean_array(a: np.ndarray, dims: tuple[int, ...], keepdim: bool) -> np.ndarray:
    """``a.mean`` as sum / count: numpy's own mean warns "Mean of empty slice" for an empty slice
    even with floating-point warnings off (torch returns NaN silently)."""
    count = 1
    for d in dims:
        count *= a.shape[d]
    if a.dtype == np.float16:  # averaged in float32 and rounded once, as torch
        return (a.sum(axis=dims, keepdims=keepdim, dtype=np.float32) / count).astype(np.float16)
    return a.sum(axis=dims, keepdims=keepdim) / count


def _dropped(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` without the reduced ``dims`` (what ``keepdim=False`` returns)."""
    return tuple(n for i, n in enumerate(shape) if i not in dims)


def _dim_args(dim: Any, keepdim: bool, axis: Any, keepdims: bool | None) -> tuple[Any, bool]:
    """torch accepts numpy's ``axis``/``keepdims`` spellings too."""
    if axis is not None:
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    if keepdim.__class__ is not bool:
        raise TypeError("keepdim must be a bool")
    return dim, keepdim


def _running_dtype(function: str, input: Tensor, dtype: _dtype | None) -> Any:
    """``cumsum``/``cumprod``'s accumulator dtype (torch has no bool kernel for them)."""
    if dtype is not None and dtype.numpy == np.bool_:
        raise NotImplementedError(f"\"{function}_out_cpu\" not implemented for 'Bool'")
    return _accumulated_dtype(input, dtype)


def _accumulated_dtype(input: Tensor, dtype: _dtype | None) -> Any:
    """The numpy dtype a sum or product accumulates in: the requested ``dtype``, else int64 for
    integer and bool tensors (None: the input's own)."""
    if dtype is not None:
        return dtype.numpy
    return int64.numpy if input._data.dtype.kind in "biu" else None


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
        axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Sum over all elements, or over ``dim`` (int or tuple)."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "sum", given(input, dim, keepdim), {"dtype": dtype})
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    dims = _dims(dim, input._data.ndim)
    op = Sum if dim is None else SumDim
    return op.apply(input, dims=dims, keepdim=keepdim, out_dtype=_accumulated_dtype(input, dtype))


def trace(input: Tensor) -> Tensor:
    """The sum of a matrix's diagonal (an integer matrix's to int64, as ``sum``)."""
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    if input._data.dtype.kind == "b":
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    integer = input._data.dtype.kind in "iu"
    return Trace.apply(input, out_dtype=int64.numpy if integer else None)


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Mean over all elements, or over ``dim`` (int or tuple). Floating-point tensors only."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "mean", given(input, dim, keepdim), {"dtype": dtype})
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    checked = dtype.numpy if dtype is not None else input._data.dtype
    if checked.kind not in "fcV":
        raise RuntimeError(
            f"mean(): could not infer output dtype. {'Input' if dtype is None else 'Optional'} "
            f"dtype must be either a floating point or complex dtype. Got: {dtype_name(checked)}")
    if dtype is not None:
        input = as_operand(input, dtype)  # converted inside the op: no ToCopy node, as torch
    dims = _dims(dim, input._data.ndim)
    op = Mean if dim is None else MeanDim
    return op.apply(input, dims=dims, keepdim=keepdim)


def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """Sum over all elements, or over ``dim`` (int or tuple), treating NaN as 0."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "nansum", given(input, dim, keepdim), {"dtype": dtype})
    dims = _dims(dim, input._data.ndim)
    return Nansum.apply(input, dims=dims, keepdim=keepdim, out_dtype=_accumulated_dtype(input, dtype))


def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """Mean of the elements that are not NaN, over all elements or over ``dim``: as torch computes
    it, ``nansum(input, dim) / (number of non-NaN elements)`` (the graph has torch's nodes,
    ``DivBackward0`` over ``NansumBackward0``). Floating-point tensors only."""
    refuse_complex("nanmean", input)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but "
                           f"got {dtype_name(input._data.dtype)}")
    dims = _dims(dim, input._data.ndim)
    counted = Tensor._make(np.sum(~np.isnan(input._data), axis=dims, keepdims=keepdim,
                                  dtype=int64.numpy))
    return nansum(input, dim, keepdim, dtype=dtype) / counted


def sum_to_size(input: Tensor, *size: Any) -> Tensor:
    """``input`` summed down to ``size``, a shape ``input`` broadcasts from (the inverse of
    ``expand``): leading dims are summed away, dims of size 1 in ``size`` summed with keepdim, as
    torch composes it (``sum(dims, keepdim=True)``, then a ``view`` when leading dims went;
    ``input`` itself when nothing is summed, a plain ``sum()`` for ``size=()``)."""
    shape, given_shape = _sizes(size), input._data.shape
    leading = len(given_shape) - len(shape)
    if leading < 0 or builtins.any(n not in (1, m) for n, m in zip(shape, given_shape[leading:])):
        raise RuntimeError(f"size {{{list(shape)}}} is not expandable to size {{{list(given_shape)}}}.")
    if not shape:
        return sum(input)
    dims = tuple(range(leading)) + tuple(d for d in range(leading, len(given_shape))
                                         if shape[d - leading] == 1 and given_shape[d] != 1)
    summed = sum(input, dims, keepdim=True) if dims else input
    return view(summed, shape) if leading else summed


def _dims(dim: Any, ndim: int) -> tuple[int, ...]:
    """``dim`` as sorted non-negative dims; None and an empty tuple both mean every dim, as in torch."""
    if isinstance(dim, (tuple, list)) and not dim:
        dim = None
    return normalize_dims(dim, ndim)


def _integer_dim(function: str, dim: Any) -> None:
    """torch's TypeError for a ``dim`` that must be a single int (``prod``, ``max``, ``argmax`` ...)."""
    if not isinstance(dim, int):
        raise TypeError(f"{function}(): argument 'dim' (position 2) must be int, not "
                        f"{type(dim).__name__}")


def _check_reducible(function: str, input: Tensor, dims: tuple[int, ...], whole: bool,
                     error: type[Exception] = RuntimeError) -> None:
    """Reductions without an identity (max, amax, argmax ...) refuse empty slices, as torch does."""
    shape = input._data.shape
    if whole and input._data.size == 0:
        tail = "" if error is IndexError else " Specify the reduction dim with the 'dim' argument."
        raise error(f"{function}(): Expected reduction dim to be specified for input.numel() == 0."
                    + tail)
    for d in dims:
        if shape[d] == 0:
            raise IndexError(f"{function}(): Expected reduction dim {d} to have non-zero size.")


class _ValuesIndices(tuple):
    """A ``(values, indices)`` pair with named fields, printed like torch's ``torch.return_types``."""

    __slots__ = ()
    n_fields = 2  # (as torch's result types count their fields)

    def __new__(cls, values: Tensor, indices: Tensor) -> _ValuesIndices:
        return super().__new__(cls, (values, indices))

    @property
    def values(self) -> Tensor:
        return self[0]

    @property
    def indices(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return (f"torch.return_types.{type(self).__name__}(\nvalues={self[0]!r},\n"
                f"indices={self[1]!r})")

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (type(self), tuple(self))


# torch.return_types.max / .min: the class names are what a learner sees in the repr (the
# qualified names are the module attributes, so results pickle)
return_types_max = type("max", (_ValuesIndices,), {"__slots__": (), "__qualname__": "return_types_max"})
return_types_min = type("min", (_ValuesIndices,), {"__slots__": (), "__qualname__": "return_types_min"})


def prod(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """Product of all elements, or along one ``dim`` (integer and bool tensors give int64)."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "prod", given(input, dim, keepdim), {"dtype": dtype})
    out_dtype = _accumulated_dtype(input, dtype)
    if dtype is not None:
        input = as_operand(input, dtype)  # converted inside the op: no ToCopy node, as torch
    if dim is None:
        return Prod.apply(input, dims=_dims(None, input._data.ndim), keepdim=False,
                          out_dtype=out_dtype)
    _integer_dim("prod", dim)
    return ProdDim.apply(input, dims=normalize_dims(dim, input._data.ndim), keepdim=keepdim,
                         out_dtype=out_dtype)


def _extreme(function: str, whole_op: type[Op], dim_op: type[Op], locate: Any,
             result_type: type[_ValuesIndices], input: Tensor, dim: Any, keepdim: bool) -> Any:
    """``max``/``min``: of the whole tensor, of two tensors, or along ``dim`` with indices."""
    if isinstance(dim, Tensor):  # max(a, b): the elementwise maximum
        from .elementwise import maximum, minimum

        return (maximum if function == "max" else minimum)(input, dim)
    if dim is None:
        _check_reducible(function, input, (), whole=True)
        return whole_op.apply(input, dims=_dims(None, input._data.ndim), keepdim=False)
    _integer_dim(function, dim)
    a = input._data
    axis = input._dim(dim)
    _check_reducible(function, input, (axis,) if a.ndim else (), whole=False)
    work = a.reshape(1) if a.ndim == 0 else a  # a 0-d tensor is one element along dim 0
    kept_indices = np.asarray(locate(work, axis=axis, keepdims=True), dtype=np.int64)
    if watching.count and a.ndim:  # (how the indices are found, for a compiler's tracer)
        note("computed", kept_indices, locate, (input,), {"axis": axis, "keepdims": True})
    values = dim_op.apply(input, dims=(axis,) if a.ndim else (), keepdim=keepdim,
                          indices=kept_indices.reshape(reduced_shape(a.shape, (axis,))))
    return result_type(values, derived(Tensor._make(kept_indices.reshape(values._data.shape)), input))


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The largest element; with ``dim``, ``(values, indices)`` along it; with a tensor, the
    elementwise maximum of the two."""
    return _extreme("max", Max, MaxDim, np.argmax, return_types_max, input, dim, keepdim)


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The smallest element; with ``dim``, ``(values, indices)`` along it; with a tensor, the
    elementwise minimum of the two."""
    return _extreme("min", Min, MinDim, np.argmin, return_types_min, input, dim, keepdim)


def _amax_or_amin(function: str, op: type[Op], input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    shape = input._data.shape
    for d in dim if isinstance(dim, (tuple, list)) else () if dim is None else (dim,):
        # torch checks the dims in the order given and names each as the caller spelled it
        if shape and shape[input._dim(d)] == 0:
            raise IndexError(f"{function}(): Expected reduction dim {d} to have non-zero size.")
    dims = _dims(dim, input._data.ndim)
    _check_reducible(function, input, dims, whole=len(dims) == input._data.ndim)
    return op.apply(input, dims=dims, keepdim=keepdim)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """The largest elements over ``dim`` (every dim by default); ties share the gradient."""
    return _amax_or_amin("amax", Amax, input, dim, keepdim)


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """The smallest elements over ``dim`` (every dim by default); ties share the gradient."""
    return _amax_or_amin("amin", Amin, input, dim, keepdim)


def _position(function: str, locate: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    """``argmax``/``argmin``: an int64 tensor of positions, not differentiable."""
    a = input._data
    if a.dtype == np.bool_:
        raise RuntimeError(f"{function}(): does not support bool input")
    if dim is None:
        _check_reducible(function, input, (), whole=True, error=IndexError)
        index = np.asarray(locate(a), dtype=np.int64)
        return derived(Tensor._make(index.reshape((1,) * a.ndim) if keepdim else index), input)
    _integer_dim(function, dim)
    axis = input._dim(dim)
    if a.ndim == 0:
        return derived(Tensor._make(np.zeros((), dtype=np.int64)), input)
    _check_reducible(function, input, (axis,), whole=False)
    return derived(Tensor._make(np.asarray(locate(a, axis=axis, keepdims=keepdim), dtype=np.int64)),
                   input, how=(locate, {"axis": axis, "keepdims": keepdim}))


def argmax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (of the flattened tensor, or along ``dim``)."""
    return _position("argmax", np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (of the flattened tensor, or along ``dim``)."""
    return _position("argmin", np.argmin, input, dim, keepdim)


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """Whether every element is non-zero (of the whole tensor, or along ``dim``): a bool tensor,
    not differentiable."""
    return _truth(np.all, input, dim, keepdim)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """Whether some element is non-zero (of the whole tensor, or along ``dim``): a bool tensor,
    not differentiable."""
    return _truth(np.any, input, dim, keepdim)


def _truth_array(a: np.ndarray, reduce: Any, axis: Any, keepdims: bool) -> np.ndarray:
    """``np.all``/``np.any`` of ``a``: bool, except that uint8 gives uint8 0s and 1s, as in torch."""
    truth = np.asarray(reduce(a, axis=axis, keepdims=keepdims))
    return truth.astype(np.uint8) if a.dtype == np.uint8 else truth


def _truth(reduce: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    axes = None if dim is None else normalize_dims(dim, input._data.ndim)
    how = {"reduce": reduce, "axis": axes, "keepdims": keepdim}
    return derived(Tensor._make(_truth_array(input._data, **how)), input, how=(_truth_array, how),
                   complex_ok=True)


class _HistogramResult(tuple):
    """``(hist, bin_edges)``, as ``torch.return_types.histogram``."""

    __slots__ = ()

    @property
    def hist(self) -> Tensor:
        return self[0]

    @property
    def bin_edges(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.histogram(\nhist={self[0]!r},\nbin_edges={self[1]!r})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (type(self), (tuple(self),))


# the class name is what a learner sees (torch.return_types.histogram); the qualified name is the
# module attribute, so results pickle
return_types_histogram = type("histogram", (_HistogramResult,),
                              {"__slots__": (), "__qualname__": "return_types_histogram"})


def histogram(input: Tensor, bins: Any = 100, *, range: Any = None, weight: Tensor | None = None,
              density: bool = False) -> return_types_histogram:  # noqa: A002 - torch's name
    """Counts of ``input``'s values in ``bins`` equal bins between its min and max (or ``range``),
    with the bins' edges; ``density=True`` scales the counts to a density. Not differentiable."""
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"torch.histogram: input tensor and bins tensors should have the same "
                           f"dtype, but got input {input.dtype.name.replace('int', 'Int').title()}")
    edges = bins._data if isinstance(bins, Tensor) else bins
    counts, bin_edges = np.histogram(input._data, bins=edges, range=range,
                                     weights=None if weight is None else weight._data,
                                     density=density)
    dtype = input._data.dtype
    return return_types_histogram((Tensor._make(counts.astype(dtype)),
                                   Tensor._make(bin_edges.astype(dtype))))


def _moments(function: str, op: type[Op], input: Tensor, dim: Any, unbiased: Any, keepdim: bool,
             correction: Any) -> Tensor:
    """``var``/``std``: torch's overloads ``(dim, unbiased, keepdim)``, ``(unbiased)`` and
    ``(dim, *, correction, keepdim)``."""
    if isinstance(dim, bool):  # x.var(False): the (unbiased) overload
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{function}() received an invalid combination of arguments - got both "
                        "'unbiased' and 'correction'\nHint (autograd_lab): give one of them; "
                        "unbiased=False is correction=0.")
    refuse_complex(function, input)
    if input._data.dtype.kind not in "fV":
        name = function if function.endswith("_mean") else "std and var"
        raise RuntimeError(f"{name} only support floating point and complex dtypes")
    if correction is None:
        correction = 0 if unbiased is False else 1
    dims = _dims(dim, input._data.ndim)
    count = 1
    for d in dims:
        count *= input._data.shape[d]
    if count - correction <= 0:
        warnings.warn(f"{function}(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)
    whole = dim is None or input._data.ndim == 0
    return op.apply(input, dims=dims, keepdim=keepdim, correction=correction, whole=whole)


def var(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:
    """Variance over ``dim`` (all by default), dividing by ``N - correction`` (default 1, unbiased;
    ``unbiased=False`` is ``correction=0``)."""
    return _moments("var", Var, input, dim, unbiased, keepdim, correction)


def std(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:
    """Standard deviation over ``dim``: ``sqrt(var(...))`` with the same arguments."""
    return _moments("std", Std, input, dim, unbiased, keepdim, correction)


def _norm_order(p: Any, dim: Any) -> float:
    """The vector-norm order of torch.norm's ``p`` (``'fro'`` is the 2-norm of the flattened dims)."""
    if not isinstance(p, str):
        if not isinstance(p, int | float):
            raise TypeError("linalg_vector_norm(): argument 'ord' (position 2) must be Number, not "
                            f"{type(p).__name__}")
        return float(p)
    dims = () if dim is None or isinstance(dim, int) else tuple(dim)
    if p == "fro":
        if len(dims) > 2:
            raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got "
                               + " ".join(str(d) for d in dims))
        return 2.0
    raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False,
         dtype: Any = None) -> Tensor:
    """Vector p-norm over ``dim`` (all by default): p = 2 / ``'fro'`` (default), 1, ``inf``, ``-inf``,
    0 (count of nonzeros) or any other number; ``'nuc'`` is ``linalg.matrix_norm``'s."""
    if isinstance(p, str) and p == "nuc":
        from ..linalg import matrix_norm  # (linalg is built on these ops)

        dims = tuple(range(input._data.ndim)) if dim is None else dim  # (a 3-d input is refused)
        return matrix_norm(input, "nuc", dims, keepdim, dtype=dtype)
    ord = _norm_order(p, dim)
    refuse_complex("linalg.vector_norm", input)
    if input._data.dtype.kind not in "fV":  # (the input's own dtype: ``dtype`` does not excuse it)
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {dtype_name(input._data.dtype)}")
    if dtype is not None:
        input = as_operand(input, dtype)  # converted inside the op: no ToCopy node, as torch
    dims = _dims(dim, input._data.ndim)
    if ord < 0 or math.isinf(ord):  # no identity: an empty slice has no norm
        if dim is None and input._data.size == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on an empty "
                               "tensor because the operation does not have an identity")
        for d in dims:
            if input._data.shape[d] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on the "
                                   f"dimension {d}because this dimension is empty and the operation "
                                   "does not have an identity")
    return LinalgVectorNorm.apply(input, dims=dims, keepdim=keepdim, ord=ord)


_REQUIRED = object()  # torch's own message for a missing dim, not Python's


def logsumexp(input: Tensor, dim: Any = _REQUIRED, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(input)))`` over ``dim``, without overflow (integer inputs give floats)."""
    if dim is _REQUIRED:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    if input._data.dtype.kind not in "fV":
        input = as_operand(input, DEFAULT_FLOAT)
    return Logsumexp.apply(input, dims=_dims(dim, input._data.ndim), keepdim=keepdim)  # [] = all


def cumsum(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """Running sum along ``dim`` (integer and bool tensors give int64)."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "cumsum", (input, dim), {"dtype": dtype})
    _integer_dim("cumsum", dim)
    axis = input._dim(dim)
    out_dtype = _running_dtype("cumsum", input, dtype)
    if dtype is not None:
        input = as_operand(input, dtype)  # converted inside the op: no ToCopy node, as torch
    return Cumsum.apply(input, dim=axis if input._data.ndim else None, out_dtype=out_dtype)


# -- ordering: sort, topk, median, mode; the running product ---------------------------------------


class _Reordered(Op):
    """Values picked along ``dim`` at ``indices`` (found by the public function, an int64 array of
    the output's shape): each input element lands in at most one place.

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ("dim", "indices", "self_sym_sizes")

    def forward(self, a: np.ndarray, dim: int | None, indices: np.ndarray) -> np.ndarray:
        self.dim, self.indices, self.self_sym_sizes = dim, indices, a.shape
        if dim is None:  # a 0-d tensor: the one element
            return a.copy()
        return np.take_along_axis(a, indices, axis=dim)

    def backward(self, grad: Any) -> Any:
        if self.dim is None:
            return grad
        return Scatter.apply(zeros(self.self_sym_sizes, like=grad), grad, dim=self.dim,
                             index=self.indices)

    def jvp(self, self_t: Any) -> Any:
        if self.dim is None:
            return self_t
        return take_along(self_t, self.indices, self.dim)


class Sort(_Reordered):
    """The elements along ``dim`` in order (with where each came from, ``indices``).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class Topk(_Reordered):
    """The ``k`` largest (or smallest) elements along ``dim``, in order, with their ``indices``.

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class MedianDim(_ExtremeDim, torch_name="Median", overload=1):
    """The median along ``dim`` (the lower of the two middle values for an even count), with the
    index of the element it is.

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class ModeDim(_ExtremeDim, torch_name="Mode", overload=0):
    """The most frequent value along ``dim`` (the smallest among equally frequent ones), with the
    index of one element holding it.

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


def _no_median(a: np.ndarray, keepdims: bool) -> np.ndarray:
    """The median of no elements: NaN converted to ``a``'s dtype (as torch's kernel converts it:
    the lowest value of int32 and int64, 0 for the narrower integers)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.nan).astype(a.dtype).reshape((1,) * a.ndim if keepdims else ())


def _lower_median(a: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    """The lower median of all elements (NaN if any is NaN), torch's ``median()``."""
    if a.size == 0:
        return _no_median(a, keepdims)
    flat = np.sort(a.reshape(-1))  # NaN sorts last
    has_nan = flat.dtype.kind in "fV" and bool(np.isnan(flat[-1]))
    value = flat[-1] if has_nan else flat[(flat.size - 1) // 2]
    return np.asarray(value).reshape((1,) * a.ndim if keepdims else ())


class Median(_WholeExtreme):
    """The median of all elements (the lower of the two middle values for an even count); the
    gradient is split evenly among the elements equal to it.

    Backward:  grad_self = grad / (number of elements equal to result) * (self == result)
    Forward:   result_t = sum(self_t * (self == result)) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = staticmethod(_lower_median)


def _lower_nanmedian(a: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    """The lower median of the elements that are not NaN (NaN if there are none), torch's
    ``nanmedian()``."""
    if a.size == 0:
        return _no_median(a, keepdims)
    flat = np.sort(a.reshape(-1))  # NaN sorts last
    count = int(flat.size - np.isnan(flat).sum()) if flat.dtype.kind in "fV" else flat.size
    value = flat[(count - 1) // 2] if count else flat[0]
    return np.asarray(value, dtype=a.dtype).reshape((1,) * a.ndim if keepdims else ())


class Nanmedian(_WholeExtreme):
    """The median of the elements that are not NaN (the lower middle one); the gradient is split
    evenly among the elements equal to it.

    Backward:  grad_self = grad / (number of elements equal to result) * (self == result)
    Forward:   result_t = sum(self_t * (self == result)) / (number of elements equal to result)
    """

    __slots__ = ()
    pick = staticmethod(_lower_nanmedian)


class NanmedianDim(_ExtremeDim, torch_name="Nanmedian", overload=1):
    """The median of the elements that are not NaN along ``dim``, with the index of the element it
    is (NaN where a slice is all NaN).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class Cumprod(Op):
    """Running product along ``dim``: element j is the product of elements 0..j.

    Backward:  grad_self[i] = sum over j >= i of grad[j] * (product of self[0..j] without self[i])
               = reversed running sum of (grad * result), divided by self, where self has no zero
    Forward:   result_t[j] = sum over i <= j of self_t[i] * (product of self[0..j] without self[i])
    """

    __slots__ = ("dim",)

    def forward(self, a: np.ndarray, dim: int | None, out_dtype: Any = None) -> np.ndarray:
        self.dim = dim
        result = a.astype(out_dtype or a.dtype) if dim is None else np.cumprod(a, axis=dim,
                                                                                  dtype=out_dtype)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        if self.dim is None:
            return grad
        if bool((a != 0).all()):
            flipped = (self.dim,)
            return Flip.apply(Flip.apply(grad * result, dims=flipped).cumsum(self.dim),
                              dims=flipped) / a
        others = _products_without(a, self.dim)  # [..., i, j]: product of a[0..j] without a[i]
        later = np.triu(np.ones(others.shape[-2:], dtype=bool))  # j >= i
        spread = grad_unsqueeze(_moved_last(grad, self.dim), -2)
        summed = grad_where(later, spread * others, 0).sum(axis=-1)
        return _moved_back(summed, self.dim)

    def jvp(self, self_t: Any) -> Any:
        a, result = self.saved_tensors
        if self.dim is None:
            return self_t
        others = _products_without(a, self.dim)
        earlier = np.triu(np.ones(others.shape[-2:], dtype=bool))  # i <= j
        column = grad_unsqueeze(_moved_last(self_t, self.dim), -1)
        summed = grad_where(earlier, column * others, 0).sum(axis=-2)
        return _moved_back(summed, self.dim)


def _moved_last(value: Any, dim: int) -> Any:
    order = [d for d in range(value.ndim) if d != dim] + [dim]
    return permute(value, tuple(order))


def _moved_back(value: Any, dim: int) -> Any:
    order = list(range(value.ndim - 1))
    order.insert(dim, value.ndim - 1)
    return permute(value, tuple(order))


def _products_without(a: Any, dim: int) -> Any:
    """For ``a`` with ``dim`` of size n: a tensor ``[..., i, j]`` (``dim`` moved last and doubled)
    holding the product of ``a[0..j]`` with ``a[i]`` left out (1 in its place): the running
    products of n copies of ``a``, the i-th with its i-th element replaced by 1. No division, so
    zeros are exact."""
    rows = _moved_last(a, dim)
    n = rows.shape[-1]
    copies = expand_to(grad_unsqueeze(rows, -2), (*rows.shape[:-1], n, n))
    return Cumprod.apply(grad_where(np.eye(n, dtype=bool), 1, copies), dim=copies.ndim - 1)


def cumprod(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """Running product along ``dim`` (integer and bool tensors give int64)."""
    if dtype is not None and dtype.__class__ is not _dtype:
        dtype = checked_dtype(dtype, "cumprod", (input, dim), {"dtype": dtype})
    _integer_dim("cumprod", dim)
    axis = input._dim(dim)
    out_dtype = _running_dtype("cumprod", input, dtype)
    if dtype is not None:
        input = as_operand(input, dtype)  # converted inside the op: no ToCopy node, as torch
    return Cumprod.apply(input, dim=axis if input._data.ndim else None, out_dtype=out_dtype)


def _descending_order(a: np.ndarray, axis: int) -> np.ndarray:
    """Positions that sort ``a`` along ``axis`` from largest to smallest, equal elements in their
    original order, NaN first (torch's ``sort(descending=True, stable=True)``)."""
    if a.dtype.kind in "fV":
        moved = np.moveaxis(a, axis, -1)
        order = np.lexsort((-moved, ~np.isnan(moved)), axis=-1)
        return np.moveaxis(order, -1, axis)
    return np.argsort(~a, axis=axis, kind="stable")


def _order(a: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """The int64 positions that sort ``a`` along ``axis`` (stable)."""
    if descending:
        return _descending_order(a, axis).astype(np.int64)
    return np.argsort(a, axis=axis, kind="stable").astype(np.int64)


def _first(a: np.ndarray, axis: int, k: int, largest: bool, in_order: bool = True) -> np.ndarray:
    """The int64 positions of the ``k`` largest (or smallest) elements along ``axis`` that torch's
    CPU kernel returns. A row of distinct values has one answer in order (numpy finds it); where
    values repeat, which of the equal ones come first is the kernel's C++ algorithms' doing, so
    they are followed step by step (also for unsorted output, whose order is theirs)."""
    if k == 0:
        return np.take(_order(a, axis, largest), np.arange(0), axis=axis)
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    size = rows.shape[-1]
    picked = np.take(_order(rows, -1, largest), np.arange(k), axis=-1)
    if in_order or k * 64 <= size or k == 1:  # (output in order, as sorted output)
        ascending = np.sort(rows, axis=-1)
        followed = (ascending[:, 1:] == ascending[:, :-1]).any(axis=-1)
        if rows.dtype.kind in "fV":
            followed |= np.isnan(rows).sum(axis=-1) > 1
    else:
        followed = np.ones(rows.shape[0], dtype=bool)
    for r in np.flatnonzero(followed):
        picked[r] = _std_topk_order(rows[r].tolist(), k, largest, in_order)
    return np.moveaxis(picked.reshape(*moved.shape[:-1], k), -1, axis)


def _only_position(a: np.ndarray) -> np.ndarray:
    """The position of a 0-d tensor's one element."""
    return np.zeros((), dtype=np.int64)


def _positions(function: Any, input: Tensor, **keywords: Any) -> np.ndarray:
    """``function(input's array, **keywords)``: positions found outside an op, told to a
    compiler's tracer (how they were found, so compiled code finds them again)."""
    found = function(input._data, **keywords)
    if watching.count:
        note("computed", found, function, (input,), keywords)
    return found


return_types_sort = type("sort", (_ValuesIndices,), {"__slots__": (), "__qualname__": "return_types_sort"})
return_types_topk = type("topk", (_ValuesIndices,), {"__slots__": (), "__qualname__": "return_types_topk"})
return_types_median = type("median", (_ValuesIndices,),
                           {"__slots__": (), "__qualname__": "return_types_median"})
return_types_mode = type("mode", (_ValuesIndices,), {"__slots__": (), "__qualname__": "return_types_mode"})


def _ordering_dim(function: str, input: Tensor, dim: Any) -> int | None:
    _integer_dim(function, dim)
    axis = input._dim(dim)
    return axis if input._data.ndim else None


def sort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
    """The elements along ``dim`` in ascending (or ``descending``) order, and where each came from:
    ``(values, indices)``. Equal elements keep their order (``stable`` is always in effect)."""
    axis = _ordering_dim("sort", input, dim)
    if axis is None:  # a 0-d tensor: its one element
        indices = _positions(_only_position, input)
    else:
        indices = _positions(_order, input, axis=axis, descending=bool(descending))
    values = Sort.apply(input, dim=axis, indices=indices)
    return return_types_sort(values, derived(Tensor._make(indices), input))


def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The positions that sort ``input`` along ``dim`` (an int64 tensor, not differentiable)."""
    axis = _ordering_dim("argsort", input, dim)
    if axis is None:
        return derived(Tensor._make(np.zeros((), dtype=np.int64)), input)
    return derived(Tensor._make(_order(input._data, axis, bool(descending))), input,
                   how=(_order, {"axis": axis, "descending": bool(descending)}))


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """The ``k`` largest (or smallest) elements along ``dim`` and their positions:
    ``(values, indices)``, in order."""
    refuse_complex("topk", input)
    if (isinstance(k, bool) or not isinstance(k, int | np.integer)
            or not isinstance(largest, bool) or not isinstance(sorted, bool)):
        # (torch's parser refuses a bool k and a non-bool flag; the function's wrapper words
        # torch's TypeError from the call itself)
        raise TypeError("topk(): k must be an int, largest and sorted bools")
    axis = _ordering_dim("topk", input, dim)
    size = input._data.shape[axis] if axis is not None else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if input._data.dtype == np.bool_:  # (after the check of k, as torch)
        raise RuntimeError("topk does not support bool dtypes on CPU")
    if axis is None:  # a 0-d tensor: its one element
        indices = _positions(_only_position, input)
    else:
        indices = _positions(_first, input, axis=axis, k=int(k), largest=bool(largest),
                             in_order=bool(sorted))
    values = Topk.apply(input, dim=axis, indices=indices)
    return return_types_topk(values, derived(Tensor._make(indices), input))


def _median_along(a: np.ndarray, axis: int, keepdims: bool = True) -> np.ndarray:
    """The position of the lower median along ``axis`` (a NaN's position if there is one)."""
    order = np.argsort(a, axis=axis, kind="stable")  # NaN last
    middle = (a.shape[axis] - 1) // 2
    picked = np.take(order, [middle], axis=axis)
    if a.dtype.kind in "fV":
        nan_at = np.argmax(np.isnan(a), axis=axis, keepdims=True)
        picked = np.where(np.isnan(a).any(axis=axis, keepdims=True), nan_at, picked)
    return picked


def _mode_along(a: np.ndarray, axis: int, keepdims: bool = True) -> np.ndarray:
    """The position torch's CPU kernel picks for the mode along ``axis``: it sorts each row's
    (value, position) pairs by value with C++'s ``std::sort`` (not stable: among equal values the
    order is the algorithm's), walks the sorted row counting runs of equal values (a NaN equals
    nothing, so each is a run of one), and keeps the first longest run's last pair."""
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    picked = np.empty(rows.shape[0], dtype=np.int64)
    for r, row in enumerate(rows):
        order = _std_sort_order(row.tolist())
        best = run = 0
        for i, position in enumerate(order):
            run += 1
            if i == len(order) - 1 or row[position] != row[order[i + 1]]:
                if run > best:
                    best, picked[r] = run, position
                run = 0
    return np.expand_dims(picked.reshape(moved.shape[:-1]), axis)


class _StdRange:
    """Positions rearranged as libstdc++'s algorithms rearrange a range of (value, position)
    pairs that torch's CPU kernels hand them (``std::sort``, ``std::partial_sort``,
    ``std::nth_element``): among equal values the order they leave is the algorithm's, not a
    stable one. ``less(i, j)`` is the kernel's comparison of the values at positions ``i``, ``j``."""

    def __init__(self, count: int, less: Callable[[int, int], bool]) -> None:
        self.items = list(range(count))
        self.less = less

    def _insertion(self, first: int, last: int, guarded: bool) -> None:
        """Insertion sort; ``guarded`` checks against ``first`` (unguarded: a smaller element is
        known to stand before the range)."""
        items, less = self.items, self.less
        for i in range(first + (1 if guarded else 0), last):
            item = items[i]
            if guarded and less(item, items[first]):
                items[first + 1:i + 1] = items[first:i]
                items[first] = item
                continue
            hole = i
            while less(item, items[hole - 1]):
                items[hole] = items[hole - 1]
                hole -= 1
            items[hole] = item

    def _adjust_heap(self, first: int, hole: int, length: int, item: int) -> None:
        items, less = self.items, self.less
        top, child = hole, hole
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if less(items[first + child], items[first + child - 1]):
                child -= 1
            items[first + hole] = items[first + child]
            hole = child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            items[first + hole] = items[first + child - 1]
            hole = child - 1
        parent = (hole - 1) // 2
        while hole > top and less(items[first + parent], item):
            items[first + hole] = items[first + parent]
            hole, parent = parent, (parent - 1) // 2
        items[first + hole] = item

    def _pop_heap(self, first: int, last: int, result: int) -> None:
        """The heap's top goes to ``result``; what stood there is sifted into the heap."""
        item, self.items[result] = self.items[result], self.items[first]
        self._adjust_heap(first, 0, last - first, item)

    def _heap_select(self, first: int, middle: int, last: int) -> None:
        """A heap of the ``middle - first`` smallest (by ``less``) of the range, at its front."""
        length = middle - first
        for parent in range((length - 2) // 2, -1, -1):
            self._adjust_heap(first, parent, length, self.items[first + parent])
        for i in range(middle, last):
            if self.less(self.items[i], self.items[first]):
                self._pop_heap(first, middle, i)

    def _sort_heap(self, first: int, last: int) -> None:
        while last - first > 1:
            last -= 1
            self._pop_heap(first, last, last)

    def _partition_pivot(self, first: int, last: int) -> int:
        """Median of three moved to ``first``, then the rest partitioned around it."""
        items, less = self.items, self.less
        a, b, c = first + 1, first + (last - first) // 2, last - 1
        if less(items[a], items[b]):
            pick = b if less(items[b], items[c]) else c if less(items[a], items[c]) else a
        else:
            pick = a if less(items[a], items[c]) else c if less(items[b], items[c]) else b
        items[first], items[pick] = items[pick], items[first]
        low, high, pivot = first + 1, last, items[first]
        while True:
            while less(items[low], pivot):
                low += 1
            high -= 1
            while less(pivot, items[high]):
                high -= 1
            if not low < high:
                return low
            items[low], items[high] = items[high], items[low]
            low += 1

    def _introsort(self, first: int, last: int, depth: int) -> None:
        while last - first > 16:
            if depth == 0:  # past the depth limit: heapsort
                self._heap_select(first, last, last)
                self._sort_heap(first, last)
                return
            depth -= 1
            cut = self._partition_pivot(first, last)
            self._introsort(cut, last, depth)
            last = cut

    def sort(self, first: int, last: int) -> None:
        """``std::sort``: introsort down to runs of 16, then one insertion sort."""
        if last - first > 1:
            self._introsort(first, last, 2 * ((last - first).bit_length() - 1))
            self._insertion(first, builtins.min(last, first + 16), guarded=True)
            self._insertion(first + 16, last, guarded=False)

    def partial_sort(self, first: int, middle: int, last: int) -> None:
        """``std::partial_sort``: the smallest ``middle - first``, sorted, at the front."""
        self._heap_select(first, middle, last)
        self._sort_heap(first, middle)

    def nth_element(self, first: int, nth: int, last: int) -> None:
        """``std::nth_element`` (introselect): what belongs at ``nth`` is there, none greater
        before it, none smaller after it."""
        depth = 2 * ((last - first).bit_length() - 1)
        while last - first > 3:
            if depth == 0:
                self._heap_select(first, nth + 1, last)
                self.items[first], self.items[nth] = self.items[nth], self.items[first]
                return
            depth -= 1
            cut = self._partition_pivot(first, last)
            if cut <= nth:
                first = cut
            else:
                last = cut
        self._insertion(first, last, guarded=True)


def _std_sort_order(values: list) -> list[int]:
    """The positions of ``values`` in the order ``std::sort`` leaves them when it compares only
    values with ``<`` (false for any NaN)."""
    order = _StdRange(len(values), lambda i, j: values[i] < values[j])
    order.sort(0, len(values))
    return order.items


def _std_topk_order(values: list, k: int, largest: bool, in_order: bool) -> list[int]:
    """The positions torch's CPU top-k kernel returns: NaN counts as the largest value;
    ``std::partial_sort`` when k is at most 1/64 of the row, else ``std::nth_element`` and, if
    sorted output is asked, ``std::sort`` of the first k - 1."""
    nan = [value != value for value in values]
    if largest:
        def less(i: int, j: int) -> bool:
            return (nan[i] and not nan[j]) or values[i] > values[j]
    else:
        def less(i: int, j: int) -> bool:
            return (not nan[i] and nan[j]) or values[i] < values[j]
    order, count = _StdRange(len(values), less), len(values)
    if k * 64 <= count:
        order.partial_sort(0, k, count)
    else:
        order.nth_element(0, k - 1, count)
        if in_order:
            order.sort(0, k - 1)
    return order.items[:k]


def median(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The median of all elements (the lower middle value), or along ``dim`` with its index:
    ``(values, indices)``."""
    _no_bool_median(input, dim)
    if dim is None:
        return Median.apply(input, dims=tuple(range(input._data.ndim)), keepdim=False)
    return _extreme("median", Median, MedianDim, _median_along, return_types_median, input, dim,
                    keepdim)


def _no_bool_median(input: Tensor, dim: Any) -> None:
    """torch has no median kernel for bool tensors (its error names the kernel asked for)."""
    if dim is not None:  # (a bad dim is reported first)
        _integer_dim("median", dim)
        input._dim(dim)
    if input._data.dtype == np.bool_:
        kernel = "median_cpu" if dim is None else "median_out"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def mode(input: Tensor, dim: int = -1, keepdim: bool = False) -> Any:
    """The most frequent value along ``dim`` and the index of an element holding it."""
    return _extreme("mode", Median, ModeDim, _mode_along, return_types_mode, input, dim, keepdim)


def _unique_axis(input: Tensor, dim: int | None) -> int | None:
    """The axis ``unique``/``unique_consecutive`` compare slices along, with torch's errors: none
    for a 0-d tensor, nor for an empty tensor whose emptiness is in another dim."""
    if dim is None:
        return None
    if input._data.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    axis = input._dim(dim)
    if builtins.any(n == 0 for d, n in enumerate(input._data.shape) if d != axis):
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique "
                           "cannot be applied")
    return axis


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim: int | None = None) -> Any:
    """The distinct values of ``input`` in ascending order (or the distinct slices along ``dim``);
    with ``return_inverse``, where each element went; with ``return_counts``, how often each
    value occurs. Not differentiable."""
    refuse_without_values("_unique2", input)
    a = input._data
    axis = _unique_axis(input, dim)
    values, inverse, counts = np.unique(a, return_inverse=True, return_counts=True, axis=axis)
    if axis is None:
        inverse = inverse.reshape(a.shape)
    out = [derived(Tensor._make(values), input)]
    if return_inverse:
        out.append(derived(Tensor._make(inverse.reshape(-1 if axis is not None else a.shape)
                                        .astype(np.int64)), input))
    if return_counts:
        out.append(derived(Tensor._make(counts.astype(np.int64)), input))
    return out[0] if len(out) == 1 else tuple(out)


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """How many elements are not zero (in all, or along ``dim``): an int64 tensor."""
    dims = None if dim is None else _dims(dim, input._data.ndim)  # (dim=[] counts all, as torch)
    counted = np.count_nonzero(input._data, axis=dims)
    return derived(Tensor._make(np.asarray(counted, dtype=np.int64)), input, complex_ok=True)


# -- moments together, both extremes, order statistics, running extremes, running logsumexp -------


class VarMean(_Moments):
    """Variance and mean over ``dim`` in one pass: ``(var(self, dim, correction), mean(self, dim))``.

    Backward:  grad_self = grad_var * 2 * (self - mean(self)) / (N - correction) + grad_mean / N
    Forward:   var_t = sum(self_t * 2 * (self - mean(self)) / (N - correction), dim),
               mean_t = sum(self_t, dim) / N
    """

    __slots__ = ()
    num_outputs = 2

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, correction: float,
                whole: bool) -> tuple:
        self.save_for_backward(a)
        return (self._variance(a, dims, keepdim, correction, whole),
                _mean_array(a, dims, keepdim))

    def backward(self, grad_var: Any, grad_mean: Any) -> Any:
        (a,) = self.saved_tensors
        from_var = None if grad_var is None else self._spread(grad_var) * self._variance_slope(a)
        return _added(from_var, None if grad_mean is None else self._spread(grad_mean / self._count()))

    def jvp(self, self_t: Any) -> tuple:
        (a,) = self.saved_tensors
        return (self._variance_tangent(a, self_t),
                self_t.sum(axis=self.dim, keepdims=self.keepdim) / self._count())


class StdMean(_Moments):
    """Standard deviation and mean over ``dim``: ``(sqrt(var(self, dim, correction)), mean(self, dim))``.

    Backward:  grad_self = grad_std * (self - mean(self)) / ((N - correction) * std)   (0 where std == 0)
               + grad_mean / N
    Forward:   std_t = var_t / (2 * std)   (0 where std == 0; var_t is Var's tangent),
               mean_t = sum(self_t, dim) / N
    """

    __slots__ = ()
    num_outputs = 2

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool, correction: float,
                whole: bool) -> tuple:
        self.save_for_backward(a)  # (std is computed again from self: only one result can be saved)
        return (self._variance(a, dims, keepdim, correction, whole, root=True),
                _mean_array(a, dims, keepdim))

    def _std(self, a: Any) -> Any:
        return Std.apply(a, dims=self.dim, keepdim=self.keepdim, correction=self.correction,
                         whole=self._whole)

    def backward(self, grad_std: Any, grad_mean: Any) -> Any:
        (a,) = self.saved_tensors
        from_std = None
        if grad_std is not None:
            std = self._std(a)
            scaled = grad_where(std == 0, 0, grad_std / (std * 2))
            from_std = self._spread(scaled) * self._variance_slope(a)
        return _added(from_std, None if grad_mean is None else self._spread(grad_mean / self._count()))

    def jvp(self, self_t: Any) -> tuple:
        (a,) = self.saved_tensors
        std = self._std(a)
        return (grad_where(std == 0, 0, self._variance_tangent(a, self_t) / (std * 2)),
                self_t.sum(axis=self.dim, keepdims=self.keepdim) / self._count())


def _added(first: Any, second: Any) -> Any:
    """The sum of two gradient parts, either of which may be missing (None: its output got none)."""
    if first is None:
        return second
    return first if second is None else first + second


class Aminmax(_Reduction):
    """The smallest and the largest elements over ``dim`` (every dim by default), together; tied
    elements share each gradient evenly, as for ``amin`` and ``amax``.

    Backward:  grad_self = grad_min / (number of elements equal to min) * (self == min)
                         + grad_max / (number of elements equal to max) * (self == max)
    Forward:   min_t = mean of self_t over the elements equal to min,
               max_t = mean of self_t over the elements equal to max
    """

    __slots__ = ("at_min", "at_max")
    num_outputs = 2

    def forward(self, a: np.ndarray, dims: tuple[int, ...], keepdim: bool) -> tuple:
        self._remember(a, dims, keepdim)
        smallest = np.min(a, axis=dims, keepdims=keepdim)
        largest = np.max(a, axis=dims, keepdims=keepdim)
        # where the gradients go (constant masks; arrays even for a 0-d input)
        self.at_min = np.asarray(a == self._kept(smallest))
        self.at_max = np.asarray(a == self._kept(largest))
        return smallest, largest

    def backward(self, grad_min: Any, grad_max: Any) -> Any:
        return _added(None if grad_min is None else self._shared(grad_min, self.at_min),
                      None if grad_max is None else self._shared(grad_max, self.at_max))

    def _shared(self, grad: Any, hits: np.ndarray) -> Any:
        """``grad`` split evenly among the elements ``hits`` marks."""
        return self._spread(grad) / hits.sum(axis=self.dim, keepdims=True) * hits

    def jvp(self, self_t: Any) -> tuple:
        return self._mean_where(self_t, self.at_min), self._mean_where(self_t, self.at_max)

    def _mean_where(self, self_t: Any, hits: np.ndarray) -> Any:
        return (grad_where(hits, self_t, 0).sum(axis=self.dim, keepdims=self.keepdim)
                / cast_like(hits.sum(axis=self.dim, keepdims=self.keepdim), self_t))


class KthvalueDim(_ExtremeDim, torch_name="Kthvalue", overload=0):
    """The ``k``-th smallest element along ``dim`` (returned with its index).

    Backward:  grad_self = zeros(self.shape).scatter(dim, indices, grad)   (grad at the position
               ``indices`` names, 0 elsewhere)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class _RunningExtreme(Op):
    """The largest (or smallest) element so far along ``dim``, and where it is (``indices``, found
    by the public function). An element may be picked many times: its gradient adds up.

    Backward:  grad_self = zeros(self.shape).scatter_add(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ("dim", "indices", "self_sym_sizes")

    def forward(self, a: np.ndarray, dim: int | None, indices: np.ndarray) -> np.ndarray:
        self.dim, self.indices, self.self_sym_sizes = dim, indices, a.shape
        if dim is None:  # a 0-d tensor: its one element
            return a.copy()
        return np.take_along_axis(a, indices, axis=dim)

    def backward(self, grad: Any) -> Any:
        if self.dim is None:
            return grad
        return ScatterAdd.apply(zeros(self.self_sym_sizes, like=grad), grad, dim=self.dim,
                                index=self.indices)

    def jvp(self, self_t: Any) -> Any:
        if self.dim is None:
            return self_t
        return take_along(self_t, self.indices, self.dim)


class Cummax(_RunningExtreme):
    """The running maximum along ``dim`` (NaN from the first NaN on), with its ``indices`` (on a
    tie, the later element).

    Backward:  grad_self = zeros(self.shape).scatter_add(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class Cummin(_RunningExtreme):
    """The running minimum along ``dim`` (NaN from the first NaN on), with its ``indices`` (on a
    tie, the later element).

    Backward:  grad_self = zeros(self.shape).scatter_add(dim, indices, grad)
    Forward:   result_t = self_t.gather(dim, indices)
    """

    __slots__ = ()


class Logcumsumexp(Op):
    """The running ``log(sum(exp(self)))`` along ``dim``: element j is logsumexp of elements 0..j.

    Backward:  grad_self[i] = sum over j >= i of grad[j] * exp(self[i] - result[j]), computed
               without overflow as exp(self + reversed logcumsumexp(log(grad) - result)) for the
               positive and the negative parts of grad separately
    Forward:   result_t = cumsum(w * self_t, dim) / cumsum(w, dim)  with w = exp(self - max(self, dim))
               (max(self, dim) a constant shift: it cancels)
    """

    __slots__ = ("dim", "lowest", "shift")

    def forward(self, a: np.ndarray, dim: int | None) -> np.ndarray:
        self.dim = dim
        self.lowest = float(np.finfo(a.dtype).min)  # backward's log(0), kept finite so it cancels
        if dim is None:  # a 0-d tensor: itself
            return a.copy()
        # (accumulated in float64, as torch accumulates float32 on the CPU)
        result = np.logaddexp.accumulate(a.astype(np.float64), axis=dim).astype(a.dtype)
        # the forward rule's weights exp(self - shift): the largest finite value along dim
        peak = a.max(axis=dim, keepdims=True) if a.size else np.zeros(
            reduced_shape(a.shape, (dim,)), dtype=a.dtype)
        self.shift = np.where(np.isfinite(peak), peak, 0)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        if self.dim is None:
            return grad
        a, result = self.saved_tensors
        magnitude = np.log(abs(grad))
        positive = grad_where(grad > 0, magnitude, self.lowest)
        negative = grad_where(grad < 0, magnitude, self.lowest)
        return (np.exp(self._reversed(positive - result) + a)
                - np.exp(self._reversed(negative - result) + a))

    def _reversed(self, value: Any) -> Any:
        """logcumsumexp from the end of ``dim`` backwards."""
        flipped = (self.dim,)
        return Flip.apply(Logcumsumexp.apply(Flip.apply(value, dims=flipped), dim=self.dim),
                          dims=flipped)

    def jvp(self, self_t: Any) -> Any:
        if self.dim is None:
            return self_t
        (a, _) = self.saved_tensors
        weights = np.exp(a - self.shift)
        return Cumsum.apply(weights * self_t, dim=self.dim) / Cumsum.apply(weights, dim=self.dim)


def var_mean(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
             correction: Any = None) -> tuple:
    """``(var(input, ...), mean(input, ...))`` over the same ``dim`` in one op (``VarMeanBackward0``),
    with var's arguments (``correction`` default 1; ``unbiased=False`` is ``correction=0``)."""
    return _moments("var_mean", VarMean, input, dim, unbiased, keepdim, correction)


def std_mean(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
             correction: Any = None) -> tuple:
    """``(std(input, ...), mean(input, ...))`` over the same ``dim`` in one op (``StdMeanBackward0``),
    with std's arguments."""
    return _moments("std_mean", StdMean, input, dim, unbiased, keepdim, correction)


class _MinMax(tuple):
    """``(min, max)`` with named fields, printed as ``torch.return_types.aminmax``."""

    __slots__ = ()
    n_fields = 2  # (as torch's result types count their fields)

    def __new__(cls, smallest: Tensor, largest: Tensor) -> _MinMax:
        return super().__new__(cls, (smallest, largest))

    @property
    def min(self) -> Tensor:
        return self[0]

    @property
    def max(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.aminmax(\nmin={self[0]!r},\nmax={self[1]!r})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (type(self), tuple(self))


def _return_type(name: str, base: type) -> type:
    """torch's ``torch.return_types.<name>``: the class name is what a learner sees in the repr;
    the qualified name is this module's attribute, so results pickle."""
    return type(name, (base,), {"__slots__": (), "__qualname__": f"return_types_{name}"})


return_types_aminmax = _return_type("aminmax", _MinMax)
return_types_kthvalue = _return_type("kthvalue", _ValuesIndices)
return_types_cummax = _return_type("cummax", _ValuesIndices)
return_types_cummin = _return_type("cummin", _ValuesIndices)


def aminmax(input: Tensor, *, dim: int | None = None, keepdim: bool = False) -> Any:
    """The smallest and the largest elements (of everything, or along one ``dim``) as
    ``(min, max)``; tied elements share the gradient, as for ``amin``/``amax``."""
    if dim is not None:
        _integer_dim("aminmax", dim)
    a = input._data
    if dim is None:
        if a.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                               "operation has no identity.")
        dims = tuple(range(a.ndim))
    else:
        dims = normalize_dims(dim, a.ndim)
        if a.ndim and a.shape[dims[0]] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {dims[0]} to have non-zero size.")
    return return_types_aminmax(*Aminmax.apply(input, dims=dims, keepdim=keepdim))


def _kth_position(row: np.ndarray, k: int) -> int:
    """The position in ``row`` of its ``k``-th smallest element (k from 0; NaN counts as the
    largest), found by partitioning around a median-of-three pivot as torch's CPU kernel does, so
    that among equal elements the same one is picked."""
    values, positions = row.copy(), np.arange(row.size)

    def above(x: Any, y: Any) -> bool:  # x sorts after y (NaN after every number)
        return bool(x > y) or (x != x and y == y)

    def swap(i: int, j: int) -> None:
        values[i], values[j] = values[j], values[i]
        positions[i], positions[j] = positions[j], positions[i]

    low, high = 0, row.size - 1
    while high > low:
        if high == low + 1:
            if above(values[low], values[high]):
                swap(low, high)
            break
        swap((low + high) >> 1, low + 1)
        if above(values[low + 1], values[high]):
            swap(low + 1, high)
        if above(values[low], values[high]):
            swap(low, high)
        if above(values[low + 1], values[low]):
            swap(low + 1, low)
        i, j, pivot = low + 1, high, values[low]
        while True:
            i += 1
            while above(pivot, values[i]):
                i += 1
            j -= 1
            while above(values[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)
        if j <= k:
            low = i
        if j >= k:
            high = j - 1
    return int(positions[k])


def _kth_along(a: np.ndarray, axis: int, k: int) -> np.ndarray:
    """The positions of the ``k``-th smallest elements along ``axis`` (k from 1), kept as size 1."""
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    picked = np.array([_kth_position(row, k - 1) for row in rows], dtype=np.int64)
    return np.expand_dims(picked.reshape(moved.shape[:-1]), axis)


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    """The ``k``-th smallest element along ``dim`` (k from 1; NaN counts as the largest) and its
    index: ``(values, indices)``."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        # (the function's and the method's wrappers word torch's TypeError from the call itself)
        raise TypeError(f"kthvalue(): argument 'k' must be int, not {type(k).__name__}")
    _integer_dim("kthvalue", dim)
    a = input._data
    axis = input._dim(dim)
    if a.ndim and a.shape[axis] == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {axis} to have non-zero size.")
    if not 1 <= k <= (a.shape[axis] if a.ndim else 1):
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    if a.dtype == np.bool_ and a.ndim:  # (after the checks of k; a 0-d tensor is its own answer)
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    if a.ndim == 0:
        kept = _positions(_only_position, input)
    else:
        kept = _positions(_kth_along, input, axis=axis, k=k)
    values = KthvalueDim.apply(input, dims=(axis,) if a.ndim else (), keepdim=keepdim,
                               indices=kept.reshape(reduced_shape(a.shape, (axis,))) if a.ndim else kept)
    return return_types_kthvalue(values, derived(Tensor._make(kept.reshape(values._data.shape)), input))


def _running_extreme_positions(a: np.ndarray, axis: int, largest: bool) -> np.ndarray:
    """For each element along ``axis``, the position of the running maximum (or minimum) up to it:
    a later element equal to it, or a NaN, takes over."""
    moved = np.moveaxis(a, axis, 0)
    positions = np.zeros(moved.shape, dtype=np.int64)
    best = moved[0].copy() if moved.shape[0] else moved[:0]
    for j in range(1, moved.shape[0]):
        current = moved[j]
        takes = (current >= best) if largest else (current <= best)
        if a.dtype.kind in "fV":
            takes = (takes & ~np.isnan(best)) | np.isnan(current)
        positions[j] = np.where(takes, j, positions[j - 1])
        best = np.where(takes, current, best)
    return np.moveaxis(positions, 0, axis)


def _running_extreme(function: str, op: type[Op], result_type: type, input: Tensor, dim: Any,
                     largest: bool) -> Any:
    if not isinstance(dim, int):
        raise TypeError(f"{function}(): argument 'dim' must be int, not {type(dim).__name__}")
    if input._data.ndim == 0 and dim not in (0, -1):
        raise IndexError(f"{function}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    axis = input._dim(dim)
    if input._data.ndim == 0:
        indices = _positions(_only_position, input)
        values = op.apply(input, dim=None, indices=indices)
    else:
        indices = _positions(_running_extreme_positions, input, axis=axis, largest=largest)
        values = op.apply(input, dim=axis, indices=indices)
    return result_type(values, derived(Tensor._make(indices), input))


def cummax(input: Tensor, dim: int) -> Any:
    """The running maximum along ``dim`` and where each was found: ``(values, indices)``."""
    return _running_extreme("cummax", Cummax, return_types_cummax, input, dim, largest=True)


def cummin(input: Tensor, dim: int) -> Any:
    """The running minimum along ``dim`` and where each was found: ``(values, indices)``."""
    return _running_extreme("cummin", Cummin, return_types_cummin, input, dim, largest=False)


def logcumsumexp(input: Tensor, dim: int) -> Tensor:
    """The running ``log(sum(exp(input)))`` along ``dim``, without overflow. Floating-point
    tensors only."""
    _integer_dim("logcumsumexp", dim)
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for "
                                  f"'{dtype_name(input._data.dtype)}'")
    axis = input._dim(dim)
    return Logcumsumexp.apply(input, dim=axis if input._data.ndim else None)


# -- covariance and correlation of variables (rows) over observations (columns) -------------------


def _observation_weights(name: str, weights: Tensor, observations: int, integral: bool) -> None:
    """torch's checks of ``cov``'s ``fweights`` (integral) and ``aweights`` (floating point)."""
    if weights._data.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} "
                           f"with {weights._data.ndim} dimensions")
    kind_ok = weights._data.dtype.kind in ("iu" if integral else "f")
    if not kind_ok:
        wanted = "integral" if integral else "floating point"
        raise RuntimeError(f"cov(): expected {name} to have {wanted} dtype but got {name} with "
                           f"{dtype_name(weights._data.dtype)} dtype")
    if weights._data.size != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations "
                           f"in the input but got {weights._data.size} != {observations}")
    if weights._data.size and weights._data.min() < 0:
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,
        aweights: Tensor | None = None) -> Tensor:
    """The covariance matrix of the variables in ``input``'s rows (a vector is one variable), over
    the observations in its columns, optionally weighted by observation counts (``fweights``) and
    importances (``aweights``); divided by ``N - correction``. As torch composes it: the weighted
    mean, the centered rows, one ``mm``, a division and a ``squeeze``."""
    if not isinstance(correction, int):  # (worded as torch words it by the torch-level function)
        raise TypeError(f"cov(): argument 'correction' must be int, not {type(correction).__name__}")
    if input._data.ndim > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an input "
                           f"with {input._data.ndim} dimensions")
    if input._data.dtype == np.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    rows = input if input._data.ndim == 2 else view(input, (1, -1))
    observations = rows.shape[1]
    weights = None
    if fweights is not None:
        _observation_weights("fweights", fweights, observations, integral=True)
        weights = fweights
    if aweights is not None:
        _observation_weights("aweights", aweights, observations, integral=False)
        weights = aweights if weights is None else weights * aweights
    if weights is None:
        total = Tensor._make(np.asarray(observations, dtype=np.int64))
    else:
        total = weights.sum()
        if not total._data:
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    mean = (rows if weights is None else rows * weights).sum(1) / total
    if weights is not None and aweights is not None and correction != 0:
        divisor = total - (weights * aweights).sum() * correction / total
    else:
        divisor = total - correction
    if divisor._data <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than "
                      "the number of observations.", UserWarning, stacklevel=3)
        divisor = zeros_like(divisor)  # torch divides by 0: inf, or NaN
    centered = rows - mean.unsqueeze(1)
    products = mm(centered, (centered if weights is None else centered * weights).t())
    return (products / divisor).squeeze()


def corrcoef(input: Tensor) -> Tensor:
    """Pearson's correlation coefficients of the variables in ``input``'s rows: ``cov`` divided by
    the product of the standard deviations, clipped to [-1, 1] (a single variable gives 1, or NaN
    where its variance is 0, inf or NaN)."""
    if input._data.ndim > 2:
        raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but got an "
                           f"input with {input._data.ndim} dimensions")
    covariance = cov(input)
    if covariance._data.ndim == 0:
        return covariance / covariance
    spread = sqrt(covariance.diagonal())
    scaled = covariance / view(spread, (-1, 1)) / view(spread, (1, -1))
    return clamp(scaled, -1, 1)


# -- quantiles: sort, then read (and interpolate) at the ranks q points to -------------------------

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input: Tensor, q: Any, dim: int | None, keepdim: bool, interpolation: str,
              ignore_nan: bool) -> Tensor:
    """``quantile``/``nanquantile`` (torch's messages say ``quantile()`` for both), composed of the
    ops torch's implementation runs (sort, view, gather, in-place lerp_ and squeeze_), so the graph
    and the gradients are torch's: the gradient goes to the one or two sorted elements each
    quantile is read from."""
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if not isinstance(q, Tensor):
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q}")
        q = Tensor._make(np.asarray(q, dtype=input._data.dtype))
    a = input._data
    axis = input._dim(dim if dim is not None else 0)
    if a.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if q._data.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if a.dtype not in (np.float32, np.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if q._data.dtype != a.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    if not bool(((q._data >= 0) & (q._data <= 1)).all()):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    if dim is not None and a.ndim:
        kept = list(a.shape)  # the shape of one quantile's result
        if keepdim:
            kept[axis] = 1
        else:
            del kept[axis]
    else:
        kept = [1] * a.ndim if keepdim else []
    if dim is None:
        ordered = sort(input.flatten()).values
    elif axis == a.ndim - 1:
        ordered = sort(input).values
    else:
        ordered = sort(input.unsqueeze(-1).transpose(axis, -1)).values
    ordered = view(ordered, (*kept, ordered.shape[-1]))  # each slice to read along the last dim
    # the ranks q points to, along a last dim of one per quantile (NaN: the last rank, or with
    # ignore_nan, ranks among the numbers only)
    if ignore_nan:
        ranks = q * (ordered.isnan().logical_not_().sum(-1, True) - 1)
        ranks.masked_fill_(ranks < 0, 0)
    else:
        last = ordered.shape[-1] - 1
        ranks, has_nan = broadcast_tensors(q * last, ordered.isnan().any(-1, True))
        ranks = ranks.masked_fill(has_nan, last)
    if interpolation == "lower":
        ranks.floor_()
    elif interpolation == "higher":
        ranks.ceil_()
    elif interpolation == "nearest":
        ranks.round_()
    below = ranks.long()
    values = ordered.gather(-1, below)
    if interpolation in ("linear", "midpoint"):
        weights = ranks - below if interpolation == "linear" else full_like(ranks, 0.5)
        values.lerp_(ordered.gather(-1, ranks.ceil_().long()), weights)
    if q._data.ndim == 0:
        return values.squeeze_(-1)
    return values.unsqueeze_(0).transpose_(0, -1).squeeze_(-1)


def quantile(input: Tensor, q: Any, dim: int | None = None, keepdim: bool = False, *,
             interpolation: str = "linear") -> Tensor:
    """The ``q``-quantiles (a number or a 1-d tensor in [0, 1]) of all elements, or along ``dim``
    (one result per q, first): read from the sorted values at rank ``q * (n - 1)``, between two
    ranks ``linear`` (default), ``lower``, ``higher``, ``midpoint`` or ``nearest``; NaN if a slice
    has a NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)


def nanquantile(input: Tensor, q: Any, dim: int | None = None, keepdim: bool = False, *,
                interpolation: str = "linear") -> Tensor:
    """``quantile`` with the NaNs of each slice left out (NaN only where a slice is all NaN)."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)


# -- counting values: bincount, histc (no derivatives) ----------------------------------------------


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each value 0, 1, ... occurs in ``input`` (1-d, non-negative integers), at least
    ``minlength`` counts; with ``weights``, the sum of the weights of each value's elements (float;
    integer weights give float64). Not differentiable: weights that require grad are recorded as
    torch records them, a ``NotImplemented`` node."""
    refuse_without_values("bincount", input)
    a = input._data
    if a.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{dtype_name(a.dtype)}'")
    if a.ndim != 1 or (a.size and a.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        counts = np.bincount(a, minlength=minlength).astype(np.int64)
        return derived(Tensor._make(counts), input)
    if weights._data.ndim != 1 or weights._data.shape[0] != a.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    dtype = weights._data.dtype if weights._data.dtype.kind in "fV" else np.float64

    def weighted(w: np.ndarray) -> np.ndarray:
        return np.bincount(a, weights=w, minlength=minlength).astype(dtype)

    return NotDifferentiable.apply(weights, compute=weighted, aten_name="bincount")


def _c_number(value: float) -> str:
    """A float as C++ prints it in torch's messages (``nan``/``-nan``, ``inf``, ``1``, ``0.5``)."""
    if math.isnan(value):
        return "-nan" if math.copysign(1.0, value) < 0 else "nan"
    return f"{value:g}"


def histc(input: Tensor, bins: int = 100, min: Any = 0, max: Any = 0) -> Tensor:  # noqa: A002
    """Counts of ``input``'s elements in ``bins`` equal bins between ``min`` and ``max`` (both 0:
    the smallest and largest element; equal bounds are widened by 1 on each side); elements outside
    are left out, the last bin includes its right edge. A float tensor of ``input``'s dtype, not
    differentiable."""
    a = input._data
    if a.dtype.kind not in "fV":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{dtype_name(a.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    low, high = a.dtype.type(min), a.dtype.type(max)
    if low == high and a.size:
        low, high = a.min(), a.max()
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{_c_number(float(low))}, "
                           f"{_c_number(float(high))}] is not finite")
    inside = a[(a >= low) & (a <= high)]
    # each element's bin as torch's kernel finds it, in the input's dtype: (x - min) * bins / (max - min)
    positions = ((inside - low) * a.dtype.type(bins) / (high - low)).astype(np.int64)
    positions[positions == bins] = bins - 1  # the last bin includes its right edge
    counts = np.bincount(positions, minlength=bins).astype(a.dtype)
    return derived(Tensor._make(counts), input)


def msort(input: Tensor) -> Tensor:
    """The elements along dim 0 in ascending order (``sort(input, 0).values``)."""
    return sort(input, 0).values


# -- integration by the trapezoidal rule --------------------------------------------------------------


def _trapezoid_check(function: str, y: Tensor, x: Any, dx: Any) -> None:
    if y._data.dtype == np.bool_ or (isinstance(x, Tensor) and x._data.dtype == np.bool_):
        raise RuntimeError(f"{function}: received a bool input for `y`, but bool is not supported")
    if isinstance(dx, bool | complex):
        raise RuntimeError(f"{function}: Currently, we only support dx as a real number.")


def _sample_spacing(function: str, y: Tensor, x: Tensor, axis: int) -> Tensor:
    """The differences of ``x`` along ``axis``, viewed so they broadcast against ``y``'s slices (a
    vector ``x`` along ``axis``; fewer dims padded in front), as torch computes them."""
    if x._data.ndim == 1:
        if x.shape[0] != y.shape[axis]:
            raise RuntimeError(f"{function}: There must be one `x` value for each sample point")
        shape = [1] * y._data.ndim
        shape[axis] = x.shape[0]
        x = view(x, tuple(shape))
    elif x._data.ndim < y._data.ndim:
        x = view(x, (1,) * (y._data.ndim - x._data.ndim) + tuple(x.shape))
    return _neighbours(x, axis, 1) - _neighbours(x, axis, 0)


def _neighbours(value: Tensor, axis: int, start: int) -> Tensor:
    """``value`` along ``axis`` without its last (``start=0``) or first (``start=1``) element."""
    return narrow(value, axis, start, value.shape[axis] - 1)


def trapezoid(y: Tensor, x: Tensor | None = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """The integral of the samples ``y`` along ``dim`` by the trapezoidal rule, at the points ``x``
    or spaced ``dx`` apart (default 1); no samples integrate to 0. Composed as torch composes it."""
    return _trapezoid("trapezoid", y, x, dx, dim, running=False)


def trapz(y: Tensor, x: Tensor | None = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """``trapezoid`` (its older name)."""
    return _trapezoid("trapezoid", y, x, dx, dim, running=False)


def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx: Any = None,
                         dim: int = -1) -> Tensor:
    """The running integral of ``y`` along ``dim`` by the trapezoidal rule (one value per interval)."""
    return _trapezoid("cumulative_trapezoid", y, x, dx, dim, running=True)


def _trapezoid(function: str, y: Tensor, x: Any, dx: Any, dim: int, running: bool) -> Tensor:
    if x is not None and dx is not None:
        raise TypeError(f"{function}() takes either x or dx, not both")  # (worded as torch by the wrapper)
    axis = y._dim(dim)
    if y._data.ndim == 0:
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {dim})")
    size = y.shape[axis]
    if size == 0:
        shape = list(y.shape)
        if running:
            return Tensor._make(np.zeros(shape, dtype=y._data.dtype if y._data.dtype.kind in "fV"
                                         else DEFAULT_FLOAT.numpy))
        del shape[axis]
        return Tensor._make(np.zeros(shape, dtype=y._data.dtype))
    _trapezoid_check(function, y, x, dx)
    if x is not None:
        spacing = _sample_spacing(function, y, x, axis)
        sums = (_neighbours(y, axis, 0) + _neighbours(y, axis, 1)) * spacing
        return _scaled(cumsum(sums, axis) if running else sum(sums, axis), 0.5, DivScalar, 2.0)
    step = 1 if dx is None else dx
    if running:
        return cumsum(_scaled(_neighbours(y, axis, 0) + _neighbours(y, axis, 1), step / 2.0), axis)
    ends = _scaled(select(y, axis, 0) + select(y, axis, -1), 0.5)
    return _scaled(sum(y, axis) - ends, step)


def _scaled(value: Tensor, factor: float, op: type[Op] = MulScalar, number: float | None = None
            ) -> Tensor:
    """``value * factor`` as torch's C++ code computes it with a number (``MulBackward1``; with
    ``op=DivScalar``, ``value / number``: ``DivBackward1``); an integer tensor (never requiring
    grad) is promoted to float as the operator promotes it."""
    if value._data.dtype.kind not in "fV":
        return value * factor
    return op.apply(value, other=factor if number is None else number)


def _nanmedian_along(a: np.ndarray, axis: int, keepdims: bool = True) -> np.ndarray:
    """The position of the lower median of the numbers along ``axis`` (equal values in order of
    position; the first element where a slice is all NaN)."""
    order = np.argsort(a, axis=axis, kind="stable")  # NaN last
    numbers = a.shape[axis] - (np.isnan(a).sum(axis=axis, keepdims=True) if a.dtype.kind in "fV"
                               else 0)
    middle = np.maximum(numbers - 1, 0) // 2  # (torch's C++ division: -1 // 2 is 0)
    return np.take_along_axis(order, np.broadcast_to(middle, order.shape[:axis] + (1,)
                                                      + order.shape[axis + 1:]), axis=axis)


return_types_nanmedian = _return_type("nanmedian", _ValuesIndices)


def nanmedian(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """``median`` of the elements that are not NaN: of all elements, or along ``dim`` with the
    index of the element it is (``(values, indices)``)."""
    _no_bool_median(input, dim)
    if dim is None:
        return Nanmedian.apply(input, dims=tuple(range(input._data.ndim)), keepdim=False)
    return _extreme("median", Nanmedian, NanmedianDim, _nanmedian_along, return_types_nanmedian,
                    input, dim, keepdim)


def dist(input: Tensor, other: Tensor, p: Any = 2) -> Tensor:
    """The ``p``-norm of ``input - other`` (broadcasting): 2 (default), 1, ``inf``, 0 or any number."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor) or isinstance(p, bool) \
            or not isinstance(p, int | float):
        raise TypeError("dist() takes two tensors and a number")  # (worded by torch_function)
    _check_no_bool(input, other)  # (torch subtracts first: its checks come first)
    try:
        np.broadcast_shapes(input._data.shape, other._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, other._data.shape) from None
    a, b = as_operand(input, result_type(input, other)), as_operand(other, result_type(input, other))
    refuse_complex("dist", a)
    if a._data.dtype.kind not in "fV":
        raise RuntimeError("norm(): input dtype should be either floating point or complex. Got "
                           f"{dtype_name(a._data.dtype)} instead.")
    return Dist.apply(a, b, ord=float(p))


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """The ``p``-norm of ``x1 - x2 + eps`` over the last dim (the inputs broadcast), as torch
    composes it: a subtraction, the addition of ``eps``, and ``norm`` over that dim."""
    if not isinstance(x1, Tensor) or not isinstance(x2, Tensor) or isinstance(p, bool) or \
            not isinstance(p, int | float) or isinstance(eps, bool) or \
            not isinstance(eps, int | float) or not isinstance(keepdim, bool):
        raise argument_error("pairwise_distance", (x1, x2, p, eps, keepdim))
    difference = x1 - x2
    if difference._data.dtype.kind not in "fV":  # torch's add of a float to integers gives floats
        difference = as_operand(difference, DEFAULT_FLOAT)
    difference = AddScalar.apply(difference, other=eps)
    # the last dim of the larger input (a 0-d pair: the one value itself)
    dims = (difference._data.ndim - 1,) if difference._data.ndim else ()
    return NormDim.apply(difference, dims=dims, keepdim=keepdim, ord=float(p))


def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:
    """The Vandermonde matrix of a vector: column j holds ``x ** (N - 1 - j)`` (``x ** j`` with
    ``increasing``), ``N`` columns (default ``len(x)``); integer inputs give int64. Built as torch
    builds it: ones, the powers written in place as a running product, then a ``flip``; as in
    torch, the running product's input is then changed in place, so a gradient through it raises
    torch's error about a variable modified by an inplace operation."""
    if x._data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    columns = x.shape[0] if N is None else N
    if columns < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = as_dtype(np.promote_types(x._data.dtype, np.int64)) if x._data.dtype.kind in "biu" \
        else as_dtype(x._data.dtype)
    result = empty((x.shape[0], columns), dtype=dtype)
    if columns > 0:
        result.fill_(1)
    if columns > 1:
        result[:, 1:].copy_(x.unsqueeze(1))
        result[:, 1:].copy_(cumprod(result[:, 1:], 1))
    return result if increasing else flip(result, 1)


def unique_consecutive(input: Tensor, return_inverse: bool = False, return_counts: bool = False,
                       dim: int | None = None) -> Any:
    """``input`` with each run of equal consecutive elements (or slices along ``dim``) kept once;
    with ``return_inverse``, the run each element belongs to; with ``return_counts``, each run's
    length. Not differentiable."""
    refuse_without_values("unique_consecutive", input)
    a = input._data
    axis = _unique_axis(input, dim)
    rows = a.reshape(-1) if axis is None else np.moveaxis(a, axis, 0)
    if rows.shape[0]:
        changed = np.ones(rows.shape[0], dtype=bool)
        differs = rows[1:] != rows[:-1]
        changed[1:] = differs if differs.ndim == 1 else differs.reshape(differs.shape[0], -1).any(1)
    else:
        changed = np.zeros(0, dtype=bool)
    starts = np.flatnonzero(changed)
    kept = rows[starts]
    values = kept if axis is None else np.moveaxis(kept, 0, axis)
    out = [derived(Tensor._make(np.ascontiguousarray(values)), input)]
    if return_inverse:
        inverse = np.cumsum(changed) - 1
        out.append(derived(Tensor._make(inverse.reshape(a.shape if axis is None else -1)
                                        .astype(np.int64)), input))
    if return_counts:
        out.append(derived(Tensor._make(np.diff(np.append(starts, rows.shape[0])).astype(np.int64)),
                           input))
    return out[0] if len(out) == 1 else tuple(out)
