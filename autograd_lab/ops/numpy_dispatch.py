"""numpy ufuncs applied to tensors run the library's ops (``np.exp(tensor)`` is ``tensor.exp()``).

This is what lets backward formulas be written once, in numpy, and still be recorded when
``create_graph=True`` hands them tensors instead of arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["dispatch_ufunc"]


def _table() -> dict[np.ufunc, Callable]:
    from . import arithmetic as ar
    from . import elementwise as ew
    from . import linalg as la

    table: dict[np.ufunc, Callable] = {
        np.add: ar.add, np.subtract: ar.sub, np.multiply: ar.mul, np.true_divide: ar.div,
        np.power: ar.pow, np.negative: ar.neg, np.reciprocal: ar.reciprocal,
    }
    optional = {
        np.exp: "exp", np.log: "log", np.log1p: "log1p", np.expm1: "expm1", np.sqrt: "sqrt",
        np.sin: "sin", np.cos: "cos", np.tan: "tan", np.tanh: "tanh", np.absolute: "abs",
        np.arcsin: "asin", np.arccos: "acos", np.arctan: "atan", np.sinh: "sinh", np.cosh: "cosh",
        np.arcsinh: "asinh", np.arccosh: "acosh", np.arctanh: "atanh",
        np.sign: "sign", np.maximum: "maximum", np.minimum: "minimum", np.square: "square",
        np.floor: "floor", np.ceil: "ceil", np.greater: "gt", np.greater_equal: "ge",
        np.less: "lt", np.less_equal: "le", np.equal: "eq", np.not_equal: "ne",
        np.logical_and: "logical_and", np.logical_or: "logical_or",
        np.logical_not: "logical_not", np.floor_divide: "floor_divide", np.trunc: "trunc",
        np.arctan2: "atan2", np.hypot: "hypot", np.logaddexp: "logaddexp", np.fmod: "fmod",
        np.remainder: "remainder", np.bitwise_and: "bitwise_and", np.bitwise_or: "bitwise_or",
        np.bitwise_xor: "bitwise_xor", np.left_shift: "bitwise_left_shift",
        np.right_shift: "bitwise_right_shift",
    }
    for ufunc, name in optional.items():
        if hasattr(ew, name):
            table[ufunc] = getattr(ew, name)
    if hasattr(la, "matmul"):
        table[np.matmul] = la.matmul
    return table


_TABLE: dict[np.ufunc, Callable] | None = None


def dispatch_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc(*inputs)`` as the library op of the same name, or say it is not supported."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _table()
    op = _TABLE.get(ufunc)
    if method != "__call__" or op is None or kwargs:
        return NotImplemented
    from ..tensor import Tensor

    args = [a.item() if _is_number(a, ufunc) else Tensor._make(np.asarray(a))
            if isinstance(a, np.ndarray) else a for a in inputs]
    if ufunc in _MIRRORED and not isinstance(args[0], Tensor):
        # number < tensor is torch's tensor > number (its reflected operator)
        return _TABLE[_MIRRORED[ufunc]](args[1], args[0])
    return op(*args)


# A numpy scalar is a number to torch (``np.int32(-2) < t`` is ``t > -2``, the number taking the
# tensor's dtype), never a zero-dimensional tensor of its own dtype. A scalar compared with a tensor
# reaches the ufunc as a 0-d array (numpy converts it), and torch refuses a real 0-d array there
# (TypeError), so a 0-d array in a comparison is read as the scalar it was.
_MIRRORED = {np.greater: np.less, np.greater_equal: np.less_equal, np.less: np.greater,
             np.less_equal: np.greater_equal, np.equal: np.equal, np.not_equal: np.not_equal}


def _is_number(value: Any, ufunc: np.ufunc) -> bool:
    """Whether a ufunc input stands for a number: a numpy scalar, or a comparison's 0-d array."""
    return isinstance(value, np.generic) or (
        ufunc in _MIRRORED and isinstance(value, np.ndarray) and value.ndim == 0)
