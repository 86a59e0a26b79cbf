"""numpy ufuncs applied to tensors run the library's ops (what lets backward formulas written with
numpy be recorded under ``create_graph``): each entry of the dispatch table gives the same values and
the same node as calling the op directly."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.ops import elementwise
from autograd_lab.ops.numpy_dispatch import _table

TABLE = _table()
ELEMENTWISE = {ufunc: fn for ufunc, fn in TABLE.items() if fn.__module__ == elementwise.__name__}


def _operands(ufunc: np.ufunc) -> list:
    x = t.tensor([0.5, 1.5, -0.25], dtype=t.float64, requires_grad=True)
    if ufunc.nin == 1:
        return [x.abs() + 0.1 if ufunc in (np.log, np.log1p, np.sqrt) else x]
    if ufunc in (np.logical_and, np.logical_or):
        return [x > 0, x < 1]
    if ufunc in (np.bitwise_and, np.bitwise_or, np.bitwise_xor, np.left_shift, np.right_shift):
        return [t.tensor([6, 5, 1]), t.tensor([3, 1, 2])]  # (integer ops)
    return [x, t.tensor([1.0, 1.5, -1.0], dtype=t.float64)]


def test_every_elementwise_name_is_dispatched() -> None:
    """The dispatch table finds the elementwise functions by name: none is silently missing."""
    names = {fn.__name__ for fn in ELEMENTWISE.values()}
    assert {"exp", "log", "log1p", "expm1", "sqrt", "sin", "cos", "tan", "tanh", "abs", "sign",
            "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
            "maximum", "minimum", "square", "floor", "ceil", "gt", "ge", "lt", "le", "eq", "ne",
            "logical_and", "logical_or", "logical_not", "floor_divide"} <= names


@pytest.mark.parametrize("ufunc", list(ELEMENTWISE), ids=lambda u: u.__name__)
def test_ufunc_on_tensor_is_the_op(ufunc: np.ufunc) -> None:
    operands = _operands(ufunc)
    through_numpy = ufunc(*operands)
    direct = ELEMENTWISE[ufunc](*operands)
    assert isinstance(through_numpy, t.Tensor)
    assert through_numpy.dtype == direct.dtype
    assert np.array_equal(through_numpy.detach().numpy(), direct.detach().numpy(), equal_nan=True)
    assert type(through_numpy.grad_fn) is type(direct.grad_fn)


def test_backward_formula_with_numpy_is_recorded() -> None:
    """sin's backward is ``grad * np.cos(x)``: under create_graph it must build CosBackward0."""
    x = t.tensor([0.3, 1.2], dtype=t.float64, requires_grad=True)
    (g,) = t.autograd.grad(t.sin(x).sum(), x, create_graph=True)
    (h,) = t.autograd.grad(g.sum(), x)
    assert np.allclose(h.numpy(), -np.sin([0.3, 1.2]))
