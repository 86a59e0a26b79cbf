"""``out=``: writing a function's result into an existing tensor, as torch's functions allow.

The torch-level functions that take ``out=`` (``torch.mul(a, b, out=c)``) are the library's
functions wrapped by :func:`with_out`; Tensor methods call the unwrapped ones, so the common path
carries no extra argument.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .autograd import grad_mode
from .device import check_layout
from .tensor import Tensor, _write_into

__all__ = ["with_out", "store_out", "inplace_function", "INPLACE_FUNCTIONS", "factory_with_out",
           "FACTORIES"]


def store_out(function: str, out: Any, result: Tensor) -> Tensor:
    """Write ``result`` into ``out`` (resized, with torch's warning, when the shapes differ) and
    return ``out``. Refused, with torch's error, when the result is part of a graph."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{function}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if result.requires_grad and grad_mode.state.enabled:
        raise RuntimeError(f"{function}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    out._check_inplace()
    if out._data.shape != result._data.shape:
        if out._data.size:
            warnings.warn(
                f"An output with one or more elements was resized since it had shape "
                f"{list(out._data.shape)}, which does not match the required output shape "
                f"{list(result._data.shape)}. This behavior is deprecated, and in a future PyTorch "
                "release outputs will not be resized unless they have zero elements. You can "
                "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
                "t.resize_(0).", UserWarning, stacklevel=3)
        resized = np.empty(result._data.shape, out._data.dtype)
        _write_into(resized, result._data)  # the same casting check as an in-place write
        out._data = resized
    else:
        _write_into(out._data, result._data)
    out._bump_version()
    return out


def with_out(function: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """``function`` with an ``out=`` keyword."""

    @functools.wraps(function)
    def wrapper(*args: Any, out: Tensor | None = None, **kwargs: Any) -> Tensor:
        result = function(*args, **kwargs)
        return result if out is None else store_out(function.__name__, out, result)

    # (``torch_function`` wraps this function again to check its arguments; it reads ``out=`` itself
    # and calls ``function`` directly, one Python call less on every ``torch.log(x)``)
    wrapper.without_out = function
    return wrapper


FACTORIES = ("zeros", "ones", "empty", "full", "rand", "randn", "randint", "randperm", "normal", "arange",
             "linspace", "logspace", "eye")
"""torch's creation functions that take ``out=``."""


def factory_with_out(function: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """A creation function with an ``out=`` keyword: the values are made in ``out``'s dtype (unless
    ``dtype=`` says another) and written into ``out`` (``torch.rand(2, 2, out=c)``). It also takes
    torch's ``layout=``, which can only be ``strided`` here."""
    name = function.__name__

    @functools.wraps(function)
    def wrapper(*args: Any, out: Tensor | None = None, layout: Any = None, **kwargs: Any) -> Tensor:
        check_layout(layout, name)
        if out is None:
            return function(*args, **kwargs)
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
        if out.requires_grad and grad_mode.state.enabled:
            raise RuntimeError(f"aten::{name}(): functions with out=... arguments don't support "
                               "automatic differentiation, but one of the arguments requires grad.")
        kwargs.setdefault("dtype", out.dtype)
        requires_grad = kwargs.pop("requires_grad", False)
        store_out(name, out, function(*args, **kwargs))
        return out.requires_grad_() if requires_grad else out

    return wrapper


INPLACE_FUNCTIONS = (
    "abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
    "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_", "clamp_min_", "clip_",
    "cos_", "cosh_", "detach_", "erf_", "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_",
    "log10_", "log1p_", "log2_", "log_", "nan_to_num_", "neg_", "negative_", "reciprocal_", "relu_",
    "round_", "rsqrt_", "sigmoid_", "sin_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_",
    "zero_",
)
"""torch's in-place functions (``torch.sin_(x)``) that are forms of Tensor's in-place methods."""


def inplace_function(name: str) -> Callable:
    """``torch.<name>(input, ...)``: the in-place method ``input.<name>(...)`` as a function."""
    method = getattr(Tensor, name)

    def function(input: Tensor, *args: Any, **kwargs: Any) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        return method(input, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``input.{name}(...)``, in place: torch's function form of the method."
    return function
