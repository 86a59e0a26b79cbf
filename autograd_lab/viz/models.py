"""The state behind the gradient widgets, as plain Python objects (no IPython, widgets or matplotlib).

A widget only renders one of these models and forwards slider moves to it, so tests drive the
models directly: set ``x0``, a parameter or the learning rate, then check the arrays that would be
plotted and the text that would be shown. Every model exposes ``summary()``: the text results (f(x0),
f'(x0), the largest difference ...) formatted so that re-running a notebook reproduces them exactly,
which is what nbval compares.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

import autograd_lab as t

from .curves import (
    CurveSamples,
    DescentPath,
    PointSamples,
    SurfaceSamples,
    autograd_gradient,
    central_differences,
    descent_path,
    evaluate,
    sample_curve,
    sample_grid,
    sample_point,
    sample_surface,
)

__all__ = [
    "ParameterRange", "GradPlotModel", "DescentModel", "GradComparison", "format_number",
    "format_difference", "as_function", "DESCENT_METHODS", "AGREEMENT", "FINITE_DIFFERENCE_AGREEMENT",
]

#: Below this, a hand-written derivative and autograd's agree up to floating-point rounding.
AGREEMENT = 1e-9
#: Below this, central finite differences (eps=1e-6, float64) and autograd agree: truncation and
#: rounding errors of the difference quotient are around 1e-10 for smooth functions of size ~1.
FINITE_DIFFERENCE_AGREEMENT = 1e-6

ParameterSpec = float | tuple[float, float] | tuple[float, float, float] | tuple[float, float, float, float]


def format_number(value: float) -> str:
    """Six significant digits; ``-0`` and rounding dust below 1e-12 print as ``0`` so reruns agree."""
    value = float(value)
    if math.isfinite(value) and abs(value) < 1e-12:
        value = 0.0
    return f"{value:.6g}"


def format_difference(difference: float, tolerance: float) -> str:
    """A difference as shown to learners: ``< tolerance`` when it is rounding noise, else its value.

    The noise level differs between machines, the bound does not: reruns print the same text.
    """
    if math.isnan(difference):
        return "nan"
    return f"< {tolerance:g}" if difference < tolerance else f"{difference:.4g}"


def _function_name(function: Any, default: str) -> str:
    name = getattr(function, "__name__", default)
    return default if name == "<lambda>" else name


def _label(f: Callable[..., Any], source: str | None, call: str) -> str:
    """``f(x) = x**2`` for a formula, ``f = bowl`` for a named function, ``f`` for a lambda."""
    if source is not None:
        return f"{call} = {source}"
    name = _function_name(f, "f")
    return "f" if name == "f" else f"f = {name}"


def as_function(f: Callable[..., Any] | str, variables: tuple[str, ...], parameters: tuple[str, ...]
                ) -> Callable[..., Any]:
    """A callable for ``f``: an expression string is parsed safely, a callable is checked to take the
    declared parameters (so a missing slider is reported before anything is drawn)."""
    if isinstance(f, str):
        from ..jupyter.expr import parse_expression  # parser only; no IPython involved

        return parse_expression(f, variables, parameters)
    if not callable(f):
        raise TypeError(f"f must be a function of tensors or a formula string, not {type(f).__name__}")
    _check_signature(f, len(variables), parameters)
    return f


def _check_signature(f: Callable[..., Any], variable_count: int, parameters: tuple[str, ...]) -> None:
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):
        return
    taken = list(signature.parameters.values())[variable_count:]
    takes_any = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in taken)
    names = {p.name for p in taken}
    for parameter in taken:
        by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        if (parameter.default is inspect.Parameter.empty and parameter.kind in by_name
                and parameter.name not in parameters):
            raise TypeError(f"{_function_name(f, 'f')} takes a parameter {parameter.name!r}: give it a "
                            f"slider range, e.g. {parameter.name}=(-2, 2)")
    unknown = [name for name in parameters if name not in names and not takes_any]
    if unknown:
        raise TypeError(f"{_function_name(f, 'f')} does not take parameter(s) {', '.join(unknown)}")


@dataclass(frozen=True)
class ParameterRange:
    """A slider's range for one parameter: ``low <= value <= high`` in steps of ``step``."""

    name: str
    low: float
    high: float
    step: float
    value: float

    @classmethod
    def from_spec(cls, name: str, spec: ParameterSpec) -> ParameterRange:
        """Read ipywidgets' ``interact`` conventions: ``(low, high)`` starts in the middle,
        ``(low, high, step)``, ``(low, high, step, value)``; a number ``v`` gives ``(-v, 3v)``."""
        if isinstance(spec, int | float):
            value = float(spec)
            low, high = (-1.0, 1.0) if value == 0 else sorted((-value, 3 * value))
            return cls(name, low, high, (high - low) / 100, value)
        values = tuple(float(item) for item in spec)
        if len(values) not in (2, 3, 4) or not values[1] > values[0]:
            raise ValueError(f"parameter {name}: give (low, high), (low, high, step) or "
                             f"(low, high, step, value) with low < high, got {spec!r}")
        low, high = values[:2]
        step = values[2] if len(values) > 2 else (high - low) / 100
        value = values[3] if len(values) > 3 else (low + high) / 2
        return cls(name, low, high, step, min(max(value, low), high))


class _Observable:
    """Lets a view subscribe to what changed: ``"curves"`` (redraw everything) or ``"point"``."""

    def __init__(self) -> None:
        self._observers: list[Callable[[str], None]] = []

    def observe(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(what_changed)`` after every change of the model."""
        self._observers.append(callback)

    def _notify(self, what: str) -> None:
        for callback in self._observers:
            callback(what)


class GradPlotModel(_Observable):
    """``f`` and its derivative by autograd on ``[low, high]``, a point ``x0`` with its tangent.

    ``grad`` (optional) is a hand-written derivative drawn over autograd's, with the largest
    difference reported. ``parameters`` maps names to slider specs (see :class:`ParameterRange`).
    Arrays: ``curve.x``, ``curve.value``, ``curve.first``, ``curve.second`` (when ``second``),
    ``user_grad``; point values: ``point``; the tangent: :meth:`tangent`.
    """

    def __init__(self, f: Callable[..., Any] | str, grad: Callable[..., Any] | str | None = None,
                 x: tuple[float, float] = (-3.0, 3.0), x0: float | None = None, points: int = 1000,
                 second: bool = False, parameters: Mapping[str, ParameterSpec] | None = None) -> None:
        super().__init__()
        specs = parameters or {}
        self.ranges = {name: ParameterRange.from_spec(name, spec) for name, spec in specs.items()}
        self.parameters = {name: r.value for name, r in self.ranges.items()}
        self.low, self.high = float(x[0]), float(x[1])
        self.xs = sample_grid(self.low, self.high, points)
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x",), tuple(self.ranges))
        self.grad_source = grad if isinstance(grad, str) else None
        self.grad = None if grad is None else as_function(grad, ("x",), tuple(self.ranges))
        self.grad_name = "grad" if grad is None or isinstance(grad, str) else _function_name(grad, "grad")
        self._x0 = self._clamp(self.low + (self.high - self.low) * 2 / 3 if x0 is None else x0)
        self._second = bool(second)
        self._sample_curves()
        self._sample_point()

    # -- state ---------------------------------------------------------------------------------------

    @property
    def x0(self) -> float:
        """The point with the tangent (the main slider)."""
        return self._x0

    @x0.setter
    def x0(self, value: float) -> None:
        self._update({"_x0": self._clamp(value)}, "point")

    @property
    def second(self) -> bool:
        """Whether ``f''`` is computed and drawn (the checkbox)."""
        return self._second

    @second.setter
    def second(self, value: bool) -> None:
        self._update({"_second": bool(value)}, "curves")

    def set_parameter(self, name: str, value: float) -> None:
        """Move parameter ``name``'s slider: every curve is recomputed."""
        if name not in self.parameters:
            raise KeyError(f"no parameter {name!r}; parameters: {', '.join(self.parameters) or 'none'}")
        self._update({"parameters": {**self.parameters, name: float(value)}}, "curves")

    def set_expression(self, source: str) -> None:
        """Replace ``f`` by a new formula; raises ``ExpressionError`` (model unchanged) if refused."""
        function = as_function(source, ("x",), tuple(self.ranges))
        self._update({"f": function, "f_source": source.strip()}, "curves")

    def _update(self, changes: dict[str, Any], what: str) -> None:
        """Apply ``changes`` (attribute -> value) and resample; all or nothing.

        If sampling fails (the learner's f raises for a new parameter value, say), the model is left
        exactly as it was, so the figure keeps showing a consistent state next to the error.
        """
        previous = {name: getattr(self, name) for name in changes}
        samples = self.curve, self.user_grad, self.point
        for name, value in changes.items():
            setattr(self, name, value)
        try:
            if what == "curves":
                self._sample_curves()
            self._sample_point()
        except Exception:
            for name, value in previous.items():
                setattr(self, name, value)
            self.curve, self.user_grad, self.point = samples
            raise
        self._notify(what)

    def _clamp(self, value: float) -> float:
        return min(max(float(value), self.low), self.high)

    def _sample_curves(self) -> None:
        self.curve: CurveSamples = sample_curve(self.f, self.xs, self.parameters, self._second)
        self.user_grad: np.ndarray | None = (
            None if self.grad is None else evaluate(self.grad, self.xs, self.parameters))

    def _sample_point(self) -> None:
        self.point: PointSamples = sample_point(self.f, self._x0, self.parameters, self._second)

    # -- what is drawn and shown ---------------------------------------------------------------------

    def tangent(self) -> tuple[np.ndarray, np.ndarray]:
        """The tangent at ``x0`` across the whole range: two points, ``y = f(x0) + f'(x0)(x - x0)``."""
        ends = np.array([self.low, self.high])
        return ends, self.point.value + self.point.first * (ends - self._x0)

    @property
    def difference(self) -> np.ndarray | None:
        """``|grad - f'|`` on the grid (None without ``grad``); nan where either is not finite."""
        if self.user_grad is None:
            return None
        return np.abs(self.user_grad - self.curve.first)

    def _ranked_difference(self) -> np.ndarray | None:
        """``difference`` where autograd's f' is finite (elsewhere -inf, never the largest); a nan
        from ``grad`` where f' is finite counts as infinitely wrong."""
        difference = self.difference
        if difference is None:
            return None
        return np.where(np.isfinite(self.curve.first), np.nan_to_num(difference, nan=np.inf), -np.inf)

    @property
    def max_difference(self) -> float | None:
        """The largest ``|grad - f'|`` on the grid (nan if f' is nowhere finite)."""
        ranked = self._ranked_difference()
        if ranked is None:
            return None
        largest = float(ranked.max())
        return math.nan if largest == -np.inf else largest

    @property
    def max_difference_at(self) -> float | None:
        """Where the largest difference occurs (the first such grid point)."""
        ranked = self._ranked_difference()
        return None if ranked is None else float(self.xs[int(np.argmax(ranked))])

    @property
    def label(self) -> str:
        """How ``f`` is named in the text: its formula, or its Python name."""
        return _label(self.f, self.f_source, "f(x)")

    def summary_lines(self) -> list[str]:
        """The text results, one per line: f(x0), f'(x0) [, f''(x0)], df/dp, the largest difference."""
        point = self.point
        lines = [] if self.label == "f" else [self.label]
        lines += [f"x0 = {format_number(point.x0)}", f"f(x0) = {format_number(point.value)}",
                  f"f'(x0) = {format_number(point.first)}"]
        if point.second is not None:
            lines.append(f"f''(x0) = {format_number(point.second)}")
        lines += [f"df/d{name}(x0) = {format_number(value)}" for name, value in point.parameter_grads.items()]
        if self.max_difference is not None:
            difference = self.max_difference
            text = format_difference(difference, AGREEMENT)
            interval = f"[{format_number(self.low)}, {format_number(self.high)}]"
            line = f"largest |{self.grad_name} - f'| on {interval}: {text}"
            if difference < AGREEMENT:
                line += " (agrees with autograd)"
            else:
                line += f" at x = {format_number(self.max_difference_at)}"
            lines.append(line)
        return lines

    def summary(self) -> str:
        """:meth:`summary_lines` joined into one text (what nbval checks)."""
        return "\n".join(self.summary_lines())


def _plain(params: list[t.Tensor], lr: float) -> Any:
    return t.optim.SGD(params, lr=lr)


def _momentum(params: list[t.Tensor], lr: float) -> Any:
    return t.optim.SGD(params, lr=lr, momentum=0.9)


def _adam(params: list[t.Tensor], lr: float) -> Any:
    return t.optim.Adam(params, lr=lr)


#: Optimizer choices of :class:`DescentModel`: name -> (label, factory(params, lr)).
DESCENT_METHODS: dict[str, tuple[str, Callable[[list[t.Tensor], float], Any]]] = {
    "plain": ("gradient descent (SGD)", _plain),
    "momentum": ("SGD with momentum 0.9", _momentum),
    "adam": ("Adam", _adam),
}


class DescentModel(_Observable):
    """Gradient descent on a two-variable ``f(x, y)``: contours, the gradient field, the path taken.

    The path comes from ``autograd_lab.optim`` (``SGD``, ``SGD(momentum=0.9)``, ``Adam``) stepping
    two scalar tensors, exactly a training loop. A path that leaves ten times the plotted square, or
    reaches a non-finite value, is cut there and reported as diverged.
    """

    def __init__(self, f: Callable[..., Any] | str, start: tuple[float, float] | None = None, lr: float = 0.1,
                 steps: int = 30, method: str = "plain", x: tuple[float, float] = (-2.0, 2.0),
                 y: tuple[float, float] = (-2.0, 2.0), grid: int = 80, arrows: int = 15) -> None:
        super().__init__()
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x", "y"), ())
        self.x_range = (float(x[0]), float(x[1]))
        self.y_range = (float(y[0]), float(y[1]))
        self.bound = 10 * max(abs(v) for v in self.x_range + self.y_range)
        self.surface: SurfaceSamples = sample_surface(
            self.f, sample_grid(*self.x_range, grid), sample_grid(*self.y_range, grid))
        self.field: SurfaceSamples = sample_surface(
            self.f, sample_grid(*self.x_range, arrows), sample_grid(*self.y_range, arrows))
        if start is None:
            start = (self.x_range[0] + 0.125 * (self.x_range[1] - self.x_range[0]),
                     self.y_range[1] - 0.125 * (self.y_range[1] - self.y_range[0]))
        self._start = (float(start[0]), float(start[1]))
        self._lr = float(lr)
        self._steps = int(steps)
        self._method = self._checked_method(method)
        self._run()

    @staticmethod
    def _checked_method(method: str) -> str:
        if method not in DESCENT_METHODS:
            raise ValueError(f"method must be one of {', '.join(DESCENT_METHODS)}, got {method!r}")
        return method

    def _run(self) -> None:
        factory = DESCENT_METHODS[self._method][1]
        lr = self._lr
        self.path: DescentPath = descent_path(self.f, self._start, lambda params: factory(params, lr),
                                              self._steps, self.bound)

    def _set(self, attribute: str, value: Any) -> None:
        """Change one setting and rerun the optimizer; all or nothing, as in ``GradPlotModel``."""
        previous, path = getattr(self, attribute), self.path
        setattr(self, attribute, value)
        try:
            self._run()
        except Exception:
            setattr(self, attribute, previous)
            self.path = path
            raise
        self._notify("point")

    lr = property(lambda self: self._lr, lambda self, value: self._set("_lr", float(value)),
                  doc="The learning rate.")
    steps = property(lambda self: self._steps, lambda self, value: self._set("_steps", int(value)),
                     doc="How many optimizer steps are taken.")
    method = property(lambda self: self._method,
                      lambda self, value: self._set("_method", self._checked_method(value)),
                      doc="'plain', 'momentum' or 'adam'.")
    start = property(lambda self: self._start,
                     lambda self, value: self._set("_start", (float(value[0]), float(value[1]))),
                     doc="The starting point (x, y).")

    @property
    def diverged(self) -> bool:
        """Whether the path left the region (or hit inf/nan) before its last step."""
        return self.path.diverged_at is not None

    @property
    def label(self) -> str:
        """How ``f`` is named in the text: its formula, or its Python name."""
        return _label(self.f, self.f_source, "f(x, y)")

    def summary_lines(self) -> list[str]:
        """Method and settings, then where the path ended, or the step at which it diverged."""
        path = self.path
        start = f"({format_number(self._start[0])}, {format_number(self._start[1])})"
        lines = [] if self.label == "f" else [self.label]
        lines.append(f"{DESCENT_METHODS[self._method][0]}, lr = {format_number(self._lr)}, "
                     f"{self._steps} steps from {start}")
        if self.diverged:
            lines.append(f"diverged at step {path.diverged_at}: the point left |x|, |y| <= "
                         f"{format_number(self.bound)} (the learning rate is too large for this f)")
        else:
            lines.append(f"after {self._steps} steps: (x, y) = ({format_number(path.x[-1])}, "
                         f"{format_number(path.y[-1])}), f = {format_number(path.value[-1])}")
        return lines

    def summary(self) -> str:
        """:meth:`summary_lines` joined into one text (what nbval checks)."""
        return "\n".join(self.summary_lines())


class GradComparison:
    """Autograd's gradient of ``f`` at ``x`` next to central finite differences, element by element.

    ``f`` maps a tensor to a scalar (a tensor with several values is summed first). Shown as a
    table; ``largest_difference`` is what to look at: rounding noise when the backward formulas are
    right, the size of the mistake when they are not.
    """

    def __init__(self, f: Callable[[t.Tensor], Any] | str, x: Any, eps: float = 1e-6) -> None:
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x",), ())
        data = x.detach().numpy() if isinstance(x, t.Tensor) else x
        self.x = np.array(data, dtype=np.float64)
        self.eps = float(eps)
        self.autograd = autograd_gradient(self.f, self.x)
        self.finite_difference = central_differences(self.f, self.x, self.eps)
        self.difference = np.abs(self.autograd - self.finite_difference)

    @property
    def largest_difference(self) -> float:
        """The largest ``|autograd - finite difference|`` over the elements."""
        return float(np.nan_to_num(self.difference, nan=np.inf).max()) if self.difference.size else 0.0

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """One row of formatted text per element: index, x, autograd, finite difference, difference."""
        rows = []
        for index in np.ndindex(self.x.shape):
            rows.append((str(list(index)) if index else "()", format_number(self.x[index]),
                         format_number(self.autograd[index]), format_number(self.finite_difference[index]),
                         format_difference(float(self.difference[index]), FINITE_DIFFERENCE_AGREEMENT)))
        return rows

    HEADER = ("index", "x", "autograd", "finite diff.", "|difference|")

    def summary(self) -> str:
        """The table as aligned plain text, then the largest difference."""
        table = [self.HEADER, *self.rows()]
        widths = [max(len(row[column]) for row in table) for column in range(len(self.HEADER))]
        lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in table]
        largest = format_difference(self.largest_difference, FINITE_DIFFERENCE_AGREEMENT)
        lines.append(f"largest |autograd - finite difference|: {largest} (central differences, eps = "
                     f"{self.eps:g})")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.summary())

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in self.HEADER)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                       for row in self.rows())
        largest = format_difference(self.largest_difference, FINITE_DIFFERENCE_AGREEMENT)
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<p>largest |autograd - finite difference|: {html.escape(largest)}</p>")

    def __repr__(self) -> str:
        return self.summary()

