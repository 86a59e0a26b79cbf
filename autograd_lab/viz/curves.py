"""Sampling functions and their derivatives with the autograd engine, for plots (numpy + core only).

Everything the gradient widgets draw comes from here, and every derivative comes from
``backward``/``autograd.grad`` on the whole sampled grid at once, never from sympy or finite
differences (except :func:`central_differences`, which exists to be compared against autograd).

Why one call on the whole grid works: for an elementwise ``f``, ``d/dx_i sum_j f(x_j) = f'(x_i)``, so
the gradient of ``f(x).sum()`` with respect to a 1,000-element ``x`` is ``f'`` at the 1,000 points;
``create_graph=True`` keeps that gradient differentiable, and the same trick once more gives ``f''``.

Sampling runs in float64 with numpy's floating-point warnings silenced: a learner's ``exp(x)`` on a
wide grid overflows to ``inf`` and is simply not drawn, where a warning would clutter the notebook
(and change the outputs nbval compares).
"""

from __future__ import annotations

import contextlib
import inspect
import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import autograd_lab as t

__all__ = [
    "CurveSamples", "PointSamples", "SurfaceSamples", "DescentPath", "sample_grid", "sample_curve",
    "sample_point", "evaluate", "sample_surface", "central_differences", "autograd_gradient",
    "descent_path", "accepted_parameters", "quiet_numerics", "DIVERGED", "NOT_FINITE_AT_START",
    "NOT_FINITE", "GRADIENT_NOT_FINITE", "FiniteDifferencesInterrupted",
]


@contextlib.contextmanager
def quiet_numerics() -> Iterator[None]:
    """Silence numpy's overflow/invalid/divide warnings: inf and nan are plotted as gaps."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def sample_grid(low: float, high: float, points: int) -> np.ndarray:
    """``points`` evenly spaced float64 values from ``low`` to ``high`` inclusive."""
    if not high > low:
        raise ValueError(f"the range must go from low to high, got ({low}, {high})")
    if points < 2:
        raise ValueError(f"at least 2 points are needed, got {points}")
    return np.linspace(float(low), float(high), int(points))


def accepted_parameters(function: Callable[..., Any], parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``parameters`` that ``function`` accepts by keyword (all of them for ``**kw``).

    Lets a hand-written derivative ``gradf(x)`` sit next to ``f(x, a, b)``: each gets what it takes.
    """
    declared = getattr(function, "parameters", None)
    if isinstance(declared, tuple):  # a parsed Expression says which parameters it uses
        return {name: value for name, value in parameters.items() if name in declared}
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # builtins without a signature: pass nothing extra
        return {}
    kinds = {parameter.kind for parameter in signature.parameters.values()}
    if inspect.Parameter.VAR_KEYWORD in kinds:
        return dict(parameters)
    names = {name for name, parameter in signature.parameters.items()
             if parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
    return {name: value for name, value in parameters.items() if name in names}


def _scalar(value: float, requires_grad: bool = False) -> t.Tensor:
    return t.tensor(float(value), dtype=t.float64, requires_grad=requires_grad)


def _call(function: Callable[..., Any], variables: Sequence[t.Tensor], parameters: Mapping[str, Any],
          what: str) -> t.Tensor:
    """``function(*variables, **parameters)`` as a float64 tensor of the variables' shape.

    A plain number (a constant function) is broadcast; a result of another shape means ``function``
    is not elementwise, which the one-call-per-grid method relies on, so it is refused clearly.
    """
    shape = tuple(variables[0].shape)
    result = function(*variables, **accepted_parameters(function, parameters))
    if not isinstance(result, t.Tensor):
        try:
            array = np.broadcast_to(np.asarray(result, dtype=np.float64), shape)
        except (TypeError, ValueError):
            raise TypeError(f"{what} must return a tensor or a number, got {type(result).__name__}") from None
        return t.tensor(array.copy(), dtype=t.float64)
    if tuple(result.shape) != shape:
        if result.numel() == 1 and not result.requires_grad:
            return t.tensor(np.full(shape, float(result.item())), dtype=t.float64)
        raise ValueError(
            f"{what} must work elementwise: given {len(variables)} tensor(s) of shape {list(shape)} it "
            f"returned shape {list(result.shape)} (use operations like x**2 and sin(x), not sums over x)")
    return result if result.dtype == t.float64 else result.double()


def _derivative(output: t.Tensor, inputs: Sequence[t.Tensor], create_graph: bool) -> list[t.Tensor | None]:
    """``d output.sum() / d input`` for each input, None where ``output`` does not depend on it."""
    if not output.requires_grad:
        return [None] * len(inputs)
    return list(t.autograd.grad(output.sum(), list(inputs), create_graph=create_graph, allow_unused=True))


def _array(tensor: t.Tensor | None, shape: tuple[int, ...]) -> np.ndarray:
    if tensor is None:
        return np.zeros(shape)
    return np.array(tensor.detach().numpy(), dtype=np.float64).reshape(shape)


@dataclass(frozen=True)
class CurveSamples:
    """A function sampled on a grid: values, first and (when asked) second derivative."""

    x: np.ndarray
    value: np.ndarray
    first: np.ndarray
    second: np.ndarray | None = None


def sample_curve(f: Callable[..., Any], xs: np.ndarray, parameters: Mapping[str, float] | None = None,
                 second: bool = False) -> CurveSamples:
    """Sample ``f`` and ``f'`` (and ``f''`` if ``second``) on ``xs`` with one backward pass each."""
    parameter_tensors = {name: _scalar(value) for name, value in (parameters or {}).items()}
    shape = xs.shape
    with quiet_numerics(), t.enable_grad():
        x = t.tensor(xs, dtype=t.float64, requires_grad=True)
        y = _call(f, [x], parameter_tensors, "f")
        (first,) = _derivative(y, [x], create_graph=second)
        second_derivative = None
        if second:
            (second_tensor,) = [None] if first is None else _derivative(first, [x], create_graph=False)
            second_derivative = _array(second_tensor, shape)
        return CurveSamples(xs, _array(y, shape), _array(first, shape), second_derivative)


@dataclass(frozen=True)
class PointSamples:
    """``f``, ``f'``, ``f''`` at one point, and ``df/dp`` there for every parameter ``p``."""

    x0: float
    value: float
    first: float
    second: float | None = None
    parameter_grads: dict[str, float] = field(default_factory=dict)


def sample_point(f: Callable[..., Any], x0: float, parameters: Mapping[str, float] | None = None,
                 second: bool = False) -> PointSamples:
    """Evaluate ``f`` at ``x0`` and differentiate it by autograd w.r.t. ``x`` and every parameter."""
    names = list(parameters or {})
    with quiet_numerics(), t.enable_grad():
        x = t.tensor([float(x0)], dtype=t.float64, requires_grad=True)
        parameter_tensors = {name: _scalar(parameters[name], requires_grad=True) for name in names}
        y = _call(f, [x], parameter_tensors, "f")
        used = [parameter_tensors[name] for name in accepted_parameters(f, parameter_tensors)]
        grads = _derivative(y, [x, *used], create_graph=second)
        first = grads[0]
        by_tensor = {id(tensor): grad for tensor, grad in zip(used, grads[1:])}
        parameter_grads = {name: float(_array(by_tensor.get(id(parameter_tensors[name])), ())[()])
                           for name in names}
        second_value = None
        if second:
            (second_tensor,) = [None] if first is None else _derivative(first, [x], create_graph=False)
            second_value = float(_array(second_tensor, (1,))[0])
        return PointSamples(float(x0), float(_array(y, (1,))[0]), float(_array(first, (1,))[0]),
                            second_value, parameter_grads)


def evaluate(function: Callable[..., Any], xs: np.ndarray, parameters: Mapping[str, float] | None = None
             ) -> np.ndarray:
    """``function`` on ``xs`` without recording a graph (a learner's hand-written derivative)."""
    parameter_tensors = {name: _scalar(value) for name, value in (parameters or {}).items()}
    with quiet_numerics(), t.no_grad():
        x = t.tensor(xs, dtype=t.float64)
        return _array(_call(function, [x], parameter_tensors, "grad"), xs.shape)


@dataclass(frozen=True)
class SurfaceSamples:
    """``f(x, y)`` on a mesh (for contours) and its gradient by autograd on the same mesh."""

    x: np.ndarray  # mesh, shape (ny, nx)
    y: np.ndarray
    value: np.ndarray
    grad_x: np.ndarray
    grad_y: np.ndarray


def sample_surface(f: Callable[..., Any], xs: np.ndarray, ys: np.ndarray) -> SurfaceSamples:
    """Sample a two-variable ``f`` on the mesh ``xs`` x ``ys`` and its gradient in one backward pass."""
    mesh_x, mesh_y = np.meshgrid(xs, ys)
    with quiet_numerics(), t.enable_grad():
        x = t.tensor(mesh_x, dtype=t.float64, requires_grad=True)
        y = t.tensor(mesh_y, dtype=t.float64, requires_grad=True)
        z = _call(f, [x, y], {}, "f")
        grad_x, grad_y = _derivative(z, [x, y], create_graph=False)
        shape = mesh_x.shape
        return SurfaceSamples(mesh_x, mesh_y, _array(z, shape), _array(grad_x, shape), _array(grad_y, shape))


def _scalar_output(f: Callable[[t.Tensor], Any], x: t.Tensor) -> t.Tensor:
    """``f(x)`` reduced to the scalar whose gradient is compared (its sum, if it has several values)."""
    output = f(x)
    if not isinstance(output, t.Tensor):
        return _scalar(float(output))
    return output.sum()  # the sum of one value is that value, as a 0-dim tensor


def autograd_gradient(f: Callable[[t.Tensor], Any], x: np.ndarray) -> np.ndarray:
    """The gradient of ``f`` (summed if it returns several values) at ``x``, by ``backward``."""
    with quiet_numerics(), t.enable_grad():
        leaf = t.tensor(x, dtype=t.float64, requires_grad=True)
        output = _scalar_output(f, leaf)
        (grad,) = _derivative(output, [leaf], create_graph=False)
        return _array(grad, x.shape)


class FiniteDifferencesInterrupted(KeyboardInterrupt):
    """Ctrl+C (or the stop button) during :func:`central_differences`: ``gradient`` holds the elements
    done so far (``done`` of them, in order; the rest are nan)."""

    def __init__(self, gradient: np.ndarray, done: int) -> None:
        super().__init__(f"interrupted after {done:,} of {gradient.size:,} elements")
        self.gradient = gradient
        self.done = done


def central_differences(f: Callable[[t.Tensor], Any], x: np.ndarray, eps: float = 1e-6,
                        progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every element ``i`` of ``x`` (float64).

    Two calls of ``f`` per element: ``progress(done, total)``, if given, is called after each element.
    An interrupt raises :class:`FiniteDifferencesInterrupted` carrying what was computed."""
    gradient = np.full(x.shape, np.nan)
    flat = gradient.reshape(-1)
    moved = np.array(x, dtype=np.float64)
    moved_flat = moved.reshape(-1)
    done = 0
    try:
        with quiet_numerics(), t.no_grad():
            for index in range(x.size):
                original = moved_flat[index]
                shifted = []
                for sign in (1.0, -1.0):
                    moved_flat[index] = original + sign * eps
                    shifted.append(float(_scalar_output(f, t.tensor(moved, dtype=t.float64)).item()))
                moved_flat[index] = original
                flat[index] = (shifted[0] - shifted[1]) / (2 * eps)
                done = index + 1
                if progress is not None:
                    progress(done, x.size)
    except KeyboardInterrupt:
        raise FiniteDifferencesInterrupted(gradient, done) from None
    return gradient


#: Why a descent path stopped early (``DescentPath.stop``).
DIVERGED = "diverged"                          # the point left the region
NOT_FINITE_AT_START = "not finite at start"    # f is inf or nan where the path starts
NOT_FINITE = "not finite"                      # f became inf or nan at a point the path reached
GRADIENT_NOT_FINITE = "gradient not finite"    # f is finite there, its gradient is not


@dataclass(frozen=True)
class DescentPath:
    """The points an optimizer visited and ``f`` there, and why it stopped early if it did.

    ``stop`` is None (every step taken) or one of :data:`DIVERGED`, :data:`NOT_FINITE_AT_START`,
    :data:`NOT_FINITE`, :data:`GRADIENT_NOT_FINITE`; ``stopped_at`` is the step it stopped at and
    ``stop_point``/``stop_value``/``stop_gradient`` what was found there. The path holds the points
    before that step (and, for a non-finite gradient, that step's point, where f was still finite).
    ``falling`` says whether f was still decreasing when the point left the region.
    """

    x: np.ndarray
    y: np.ndarray
    value: np.ndarray
    stopped_at: int | None = None
    stop: str | None = None
    stop_point: tuple[float, float] = (math.nan, math.nan)
    stop_value: float = math.nan
    stop_gradient: tuple[float, float] = (math.nan, math.nan)
    falling: bool = False

    @property
    def diverged_at(self) -> int | None:
        """The step at which the point left the region (None if it did not)."""
        return self.stopped_at if self.stop == DIVERGED else None


def _gradient(tensor: t.Tensor) -> float:
    return 0.0 if tensor.grad is None else float(tensor.grad.item())  # None: f does not use it


def descent_path(f: Callable[..., Any], start: tuple[float, float],
                 make_optimizer: Callable[[list[t.Tensor]], Any], steps: int, bound: float) -> DescentPath:
    """Run ``steps`` optimizer steps on ``f(x, y)`` from ``start``, the way a training loop does.

    Stops early, and records where and why, when the point leaves the square ``|x|, |y| <= bound``
    (what a too-large learning rate looks like), or ``f`` or its gradient stops being finite (what
    stepping outside f's domain looks like; at the start, f itself is the problem).
    """
    with quiet_numerics(), t.enable_grad():
        x = _scalar(start[0], requires_grad=True)
        y = _scalar(start[1], requires_grad=True)
        optimizer = make_optimizer([x, y])
        xs, ys, values = [], [], []
        stop: dict[str, Any] = {}
        for step in range(steps + 1):
            optimizer.zero_grad()
            value = f(x, y)
            value = value if isinstance(value, t.Tensor) else _scalar(value)
            point = (float(x.item()), float(y.item()))
            number = float(value.item())
            if not (math.isfinite(point[0]) and math.isfinite(point[1])
                    and max(abs(point[0]), abs(point[1])) <= bound):
                falling = len(values) >= 2 and values[-1] < values[-2] and values[-1] < values[0]
                stop = {"stop": DIVERGED, "falling": falling}
            elif not math.isfinite(number):
                stop = {"stop": NOT_FINITE_AT_START if step == 0 else NOT_FINITE}
            if stop:
                stop.update(stopped_at=step, stop_point=point, stop_value=number)
                break
            xs.append(point[0])
            ys.append(point[1])
            values.append(number)
            if step == steps:
                break
            if value.requires_grad:
                value.backward()
            gradient = (_gradient(x), _gradient(y))
            if value.requires_grad and not (math.isfinite(gradient[0]) and math.isfinite(gradient[1])):
                stop = {"stop": GRADIENT_NOT_FINITE, "stopped_at": step, "stop_point": point,
                        "stop_value": number, "stop_gradient": gradient}
                break
            optimizer.step()
        return DescentPath(np.array(xs), np.array(ys), np.array(values), **stop)
