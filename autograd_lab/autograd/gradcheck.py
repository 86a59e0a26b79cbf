"""``gradcheck``: compare autograd's gradients with finite differences.

For each input element, the output is evaluated at ``x + eps`` and ``x - eps``; the central difference
``(f(x + eps) - f(x - eps)) / (2 eps)`` is one column of the numerical Jacobian. The analytical
Jacobian comes from backward with one-hot output gradients. Use float64 inputs: float32 rounding
swamps the differences.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import grad_mode

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when the analytical and numerical Jacobians differ."""


def _as_tuple(value: Any) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def _outputs(func: Callable, inputs: tuple) -> list:

    return [o for o in _as_tuple(func(*inputs)) if isinstance(o, Tensor)]


def numerical_jacobian(func: Callable, inputs: tuple, eps: float) -> list[list[np.ndarray]]:
    """``[input][output]`` Jacobians (rows: input elements, columns: output elements)."""

    jacobians = []
    with grad_mode.no_grad():
        outputs = _outputs(func, inputs)
        for tensor in inputs:
            if not (isinstance(tensor, Tensor) and tensor.requires_grad):
                continue
            columns = [np.zeros((tensor.numel(), out.numel())) for out in outputs]
            flat = tensor._data.reshape(-1)
            for i in range(flat.size):
                original = flat[i].copy()
                flat[i] = original + eps
                plus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
                flat[i] = original - eps
                minus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
                flat[i] = original
                for column, p, m in zip(columns, plus, minus):
                    column[i] = (p - m) / (2 * eps)
            jacobians.append(columns)
    return jacobians


def analytical_jacobian(func: Callable, inputs: tuple) -> list[list[np.ndarray]]:
    from .engine import grad

    differentiable = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    outputs = _outputs(func, inputs)
    jacobians = [[np.zeros((t.numel(), o.numel())) for o in outputs] for t in differentiable]
    for j, out in enumerate(outputs):
        if not out.requires_grad:
            continue
        for k in range(out.numel()):
            one_hot = np.zeros(out.numel(), dtype=out._data.dtype)
            one_hot[k] = 1
            grads = grad(out, differentiable, Tensor._make(one_hot.reshape(out._data.shape)),
                         retain_graph=True, allow_unused=True)
            for i, g in enumerate(grads):
                if g is not None:
                    jacobians[i][j][:, k] = g._data.reshape(-1)
    return jacobians


def gradcheck(func: Callable, inputs: Any, *, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, raise_exception: bool = True, **_ignored: Any) -> bool:
    """True if autograd's Jacobian matches finite differences for every (input, output) pair."""

    inputs = _as_tuple(inputs)
    for index, t in enumerate(inputs):
        if isinstance(t, Tensor) and t.requires_grad and t.dtype.name != "float64":
            warnings.warn(
                f"Input #{index} requires gradient and is not a double precision floating point. "
                "This check will likely fail if all the inputs are not of double precision "
                "floating point. ", UserWarning, stacklevel=2)
    numerical = numerical_jacobian(func, inputs, eps)
    analytical = analytical_jacobian(func, inputs)
    for i, (num_row, ana_row) in enumerate(zip(numerical, analytical)):
        for j, (num, ana) in enumerate(zip(num_row, ana_row)):
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(
                    f"Jacobian mismatch for output {j} with respect to input {i},\n"
                    f"numerical:{_fmt(num)}\nanalytical:{_fmt(ana)}\n")
    return True


def _fmt(matrix: np.ndarray) -> str:

    return repr(Tensor._make(matrix))


def gradgradcheck(func: Callable, inputs: Any, grad_outputs: Sequence | None = None, *,
                  eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  raise_exception: bool = True, **_ignored: Any) -> bool:
    """gradcheck of the gradient itself (second derivatives through ``create_graph``)."""
    from .engine import grad

    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        from ..random import normal_array

        grad_outputs = [Tensor._make(normal_array(o._data.shape, dtype=o._data.dtype))
                        for o in _outputs(func, inputs)]

    def first_derivative(*args: Any) -> tuple:
        # the numerical Jacobian evaluates this under no_grad: the derivative itself needs a graph
        with grad_mode.enable_grad():
            outputs = _outputs(func, args)
            wanted = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
            grads = grad(outputs, wanted, list(grad_outputs), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
