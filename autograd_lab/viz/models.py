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

from .arguments import (
    RANGE_LIMIT,
    check_choice,
    check_flag,
    check_interval,
    check_point,
    check_real,
    check_whole,
    shown,
)
from .curves import (
    DIVERGED,
    GRADIENT_NOT_FINITE,
    NOT_FINITE,
    NOT_FINITE_AT_START,
    CurveSamples,
    DescentPath,
    FiniteDifferencesInterrupted,
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
    "MAX_POINTS", "MAX_PARAMETERS", "MAX_STEPS", "LR_RANGE", "EPS_RANGE", "MAX_ELEMENTS",
    "PLOT_GRAD_ARGUMENTS", "DESCENT_ARGUMENTS",
]

#: Below this, a hand-written derivative and autograd's agree up to floating-point rounding.
AGREEMENT = 1e-9
#: Below this, central finite differences (eps=1e-6, float64) and autograd agree: truncation and
#: rounding errors of the difference quotient are around 1e-10 for smooth functions of size ~1.
FINITE_DIFFERENCE_AGREEMENT = 1e-6

ParameterSpec = float | tuple[float, float] | tuple[float, float, float] | tuple[float, float, float, float]

# What a figure can show, and what keeps one update well under a second (the README states these).
#: Most points ``plot_grad`` samples f at (its figure is 560 pixels wide).
MAX_POINTS = 10_000
#: Most parameters of ``plot_grad`` (one slider each).
MAX_PARAMETERS = 10
#: Most optimizer steps of ``descend``.
MAX_STEPS = 2_000
#: Learning rates ``descend`` accepts.
LR_RANGE = (1e-6, 100.0)
#: Step sizes ``compare_grads`` accepts for its finite differences.
EPS_RANGE = (1e-12, 1.0)
#: Most elements of ``compare_grads``'s input (two evaluations of f each).
MAX_ELEMENTS = 100_000

#: ``plot_grad``'s own arguments: a formula's parameter cannot have these names.
PLOT_GRAD_ARGUMENTS = {
    "f": "plot_grad's argument for the function",
    "grad": "plot_grad's argument for your own derivative",
    "x0": "plot_grad's argument for the point of the tangent",
    "points": "plot_grad's argument for the number of points",
    "second": "plot_grad's argument for showing f''",
}
#: ``descend``'s own arguments (its formulas take x and y only).
DESCENT_ARGUMENTS = {name: f"descend's argument {name}=" for name in ("f", "start", "lr", "steps", "method")}


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


def as_function(f: Callable[..., Any] | str, variables: tuple[str, ...], parameters: tuple[str, ...],
                function: str = "plot_grad", argument: str = "f",
                reserved: Mapping[str, str] | None = None) -> Callable[..., Any]:
    """A callable for ``f``: an expression string is parsed safely, a callable is checked to take the
    declared parameters (so a missing slider is reported before anything is drawn).

    ``function`` and ``argument`` name the caller and the argument in messages; ``reserved`` are
    names a formula's parameter cannot have (the caller's own arguments)."""
    if isinstance(f, str):
        from ..jupyter.expr import parse_expression  # parser only; no IPython involved

        return parse_expression(f, variables, parameters, reserved=reserved)
    if not callable(f):
        raise TypeError(f"{function}: {argument} must be a function of tensors or a formula string, "
                        f"got {shown(f)}{_taken(function, argument, f)}")
    _check_signature(f, len(variables), parameters)
    return f


def _taken(function: str, argument: str, value: Any) -> str:
    """For a slider range given to one of a widget's own arguments (``grad=(0, 1)``): say the name is
    taken. Empty for anything else."""
    if isinstance(value, tuple | list) and argument != "x":
        return (f" ({argument} is {function}'s own argument, so a parameter with a slider needs "
                "another name)")
    return ""


def _own_argument(function: str, name: str, value: Any, check: Callable[[], Any]) -> Any:
    """``check()``, with a note that ``name`` is taken added to its message for a slider range."""
    try:
        return check()
    except (TypeError, ValueError) as error:
        note = _taken(function, name, value)
        if not note:
            raise
        raise type(error)(f"{error}{note}") from None


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
    def from_spec(cls, name: str, spec: ParameterSpec, function: str = "plot_grad") -> ParameterRange:
        """Read ipywidgets' ``interact`` conventions: ``(low, high)`` starts in the middle,
        ``(low, high, step)``, ``(low, high, step, value)``; a number ``v`` gives ``(-v, 3v)``.

        Every number must be finite and within ``±RANGE_LIMIT``, ``low < high``, the step positive
        and at most ``high - low``, the start value within ``[low, high]``."""
        argument = f"parameter {name}"
        if not isinstance(spec, tuple | list):
            value = check_real(function, argument, spec, -RANGE_LIMIT / 3, RANGE_LIMIT / 3,
                               what="a number (its slider then spans (-v, 3v)) or a range (low, high[, step"
                                    "[, value]]) of numbers")
            low, high = (-1.0, 1.0) if value == 0 else sorted((-value, 3 * value))
            return cls(name, low, high, (high - low) / 100, value)
        if len(spec) not in (2, 3, 4):
            raise ValueError(f"{function}: {argument} must be (low, high), (low, high, step) or "
                             f"(low, high, step, value), got {shown(spec)}")
        low, high = check_interval(function, argument, tuple(spec[:2]))
        step = (high - low) / 100
        if len(spec) > 2:
            step = check_real(function, f"the step of {argument}", spec[2], 0.0, high - low,
                              what="a step")
            if step == 0:
                raise ValueError(f"{function}: the step of {argument} must be more than 0, got "
                                 f"{shown(spec[2])}")
        value = (low + high) / 2
        if len(spec) > 3:
            value = check_real(function, f"the start value of {argument}", spec[3], low, high,
                               what="a number")
        return cls(name, low, high, step, value)


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
        specs = dict(parameters or {})
        if len(specs) > MAX_PARAMETERS:
            raise ValueError(f"plot_grad: at most {MAX_PARAMETERS} parameters (one slider each), got "
                             f"{len(specs)}: {', '.join(specs)}")
        for name in specs:
            if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
                raise ValueError(f"plot_grad: a parameter name must be a Python name not starting "
                                 f"with _, got {shown(name)}")
        self.ranges = {name: ParameterRange.from_spec(name, spec) for name, spec in specs.items()}
        self.parameters = {name: r.value for name, r in self.ranges.items()}
        self.low, self.high = check_interval("plot_grad", "x", x)
        points = _own_argument("plot_grad", "points", points,
                               lambda: check_whole("plot_grad", "points", points, 2, MAX_POINTS))
        second = _own_argument("plot_grad", "second", second,
                               lambda: check_flag("plot_grad", "second", second))
        if x0 is not None:
            x0 = _own_argument("plot_grad", "x0", x0, lambda: check_real(
                "plot_grad", "x0", x0, self.low, self.high, what="a number in the plotted range x,"))
        if grad is not None and not isinstance(grad, str) and not callable(grad):
            raise TypeError(f"plot_grad: grad must be your own derivative (a function of tensors or a "
                            f"formula string) or None, got {shown(grad)}{_taken('plot_grad', 'grad', grad)}")
        self.xs = sample_grid(self.low, self.high, points)
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x",), tuple(self.ranges), reserved=PLOT_GRAD_ARGUMENTS)
        self.grad_source = grad if isinstance(grad, str) else None
        self.grad = None if grad is None else as_function(grad, ("x",), tuple(self.ranges), argument="grad",
                                                          reserved=PLOT_GRAD_ARGUMENTS)
        self.grad_name = "grad" if grad is None or isinstance(grad, str) else _function_name(grad, "grad")
        self._x0 = self._clamp(self.low + (self.high - self.low) * 2 / 3 if x0 is None else x0)
        self._second = second
        self._sample_curves()
        self._sample_point()

    # -- state ---------------------------------------------------------------------------------------

    @property
    def x0(self) -> float:
        """The point with the tangent (the main slider)."""
        return self._x0

    @x0.setter
    def x0(self, value: float) -> None:
        number = check_real("plot_grad", "x0", value, what="a number")
        self._update({"_x0": self._clamp(number)}, "point")  # a slider may overshoot: clamped

    @property
    def second(self) -> bool:
        """Whether ``f''`` is computed and drawn (the checkbox)."""
        return self._second

    @second.setter
    def second(self, value: bool) -> None:
        self._update({"_second": check_flag("plot_grad", "second", value)}, "curves")

    def set_parameter(self, name: str, value: float) -> None:
        """Move parameter ``name``'s slider: every curve is recomputed."""
        if name not in self.parameters:
            raise KeyError(f"no parameter {name!r}; parameters: {', '.join(self.parameters) or 'none'}")
        limits = self.ranges[name]
        number = check_real("plot_grad", f"parameter {name}", value, limits.low, limits.high)
        self._update({"parameters": {**self.parameters, name: number}}, "curves")

    def set_expression(self, source: str) -> None:
        """Replace ``f`` by a new formula; raises ``ExpressionError`` (model unchanged) if refused."""
        if not isinstance(source, str):
            from ..jupyter.expr import ExpressionError

            raise ExpressionError(f"an expression must be a string, not {type(source).__name__}")
        function = as_function(source, ("x",), tuple(self.ranges), reserved=PLOT_GRAD_ARGUMENTS)
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
    two scalar tensors, exactly a training loop. It stops early, and the summary says why, when the
    point leaves ten times the plotted square (diverged), or f or its gradient stops being finite;
    a start where f is not finite takes no step at all.
    """

    def __init__(self, f: Callable[..., Any] | str, start: tuple[float, float] | None = None, lr: float = 0.1,
                 steps: int = 30, method: str = "plain", x: tuple[float, float] = (-2.0, 2.0),
                 y: tuple[float, float] = (-2.0, 2.0), grid: int = 80, arrows: int = 15) -> None:
        super().__init__()
        self.x_range = check_interval("descend", "x", x)
        self.y_range = check_interval("descend", "y", y)
        self.bound = 10 * max(abs(v) for v in self.x_range + self.y_range)
        if start is None:
            start = (self.x_range[0] + 0.125 * (self.x_range[1] - self.x_range[0]),
                     self.y_range[1] - 0.125 * (self.y_range[1] - self.y_range[0]))
        self._start = self._checked_start(start)
        self._lr = self._checked_lr(lr)
        self._steps = self._checked_steps(steps)
        self._method = self._checked_method(method)
        grid = check_whole("descend", "grid", grid, 2, 400)
        arrows = check_whole("descend", "arrows", arrows, 2, 100)
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x", "y"), (), function="descend", reserved=DESCENT_ARGUMENTS)
        self.surface: SurfaceSamples = sample_surface(
            self.f, sample_grid(*self.x_range, grid), sample_grid(*self.y_range, grid))
        self.field: SurfaceSamples = sample_surface(
            self.f, sample_grid(*self.x_range, arrows), sample_grid(*self.y_range, arrows))
        self._run()

    def _checked_start(self, start: Any) -> tuple[float, float]:
        return check_point("descend", "start", start, self.bound)

    @staticmethod
    def _checked_lr(lr: Any) -> float:
        return check_real("descend", "lr", lr, *LR_RANGE, what="a learning rate")

    @staticmethod
    def _checked_steps(steps: Any) -> int:
        return check_whole("descend", "steps", steps, 1, MAX_STEPS)

    @staticmethod
    def _checked_method(method: Any) -> str:
        return check_choice("descend", "method", method, DESCENT_METHODS)

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

    lr = property(lambda self: self._lr, lambda self, value: self._set("_lr", self._checked_lr(value)),
                  doc="The learning rate.")
    steps = property(lambda self: self._steps,
                     lambda self, value: self._set("_steps", self._checked_steps(value)),
                     doc="How many optimizer steps are taken.")
    method = property(lambda self: self._method,
                      lambda self, value: self._set("_method", self._checked_method(value)),
                      doc="'plain', 'momentum' or 'adam'.")
    start = property(lambda self: self._start,
                     lambda self, value: self._set("_start", self._checked_start(value)),
                     doc="The starting point (x, y).")

    @property
    def diverged(self) -> bool:
        """Whether the path left the region before its last step (f and its gradient still finite)."""
        return self.path.stop == DIVERGED

    @property
    def label(self) -> str:
        """How ``f`` is named in the text: its formula, or its Python name."""
        return _label(self.f, self.f_source, "f(x, y)")

    def stop_reason(self) -> str | None:
        """Why the path stopped early, as a sentence (None when it took every step)."""
        path = self.path
        if path.stop is None:
            return None
        if path.stop == NOT_FINITE_AT_START:
            return (f"f is not finite at the start (x, y) = {_pair_text(self._start)}: f = "
                    f"{format_number(path.stop_value)}, so no step was taken (start where f is defined)")
        where = f"(x, y) = {_pair_text(path.stop_point)}"
        if path.stop == NOT_FINITE:
            return (f"stopped at step {path.stopped_at}: f is not finite at {where} (f = "
                    f"{format_number(path.stop_value)}): the path reached a point where f is not defined")
        if path.stop == GRADIENT_NOT_FINITE:
            grads = ", ".join(format_number(g) for g in path.stop_gradient)
            return (f"stopped at step {path.stopped_at}: the gradient of f is not finite at {where} "
                    f"(df/dx, df/dy = {grads}), so no step can follow it")
        left = f"diverged at step {path.stopped_at}: the point left |x|, |y| <= {format_number(self.bound)}"
        if path.falling:
            return (f"{left} while f kept decreasing (f may have no minimum in that direction; a smaller "
                    "learning rate would only slow this down)")
        return f"{left} (the learning rate is too large for this f)"

    def summary_lines(self) -> list[str]:
        """Method and settings, then where the path ended, or why and where it stopped."""
        path = self.path
        lines = [] if self.label == "f" else [self.label]
        lines.append(f"{DESCENT_METHODS[self._method][0]}, lr = {format_number(self._lr)}, "
                     f"{self._steps} steps from {_pair_text(self._start)}")
        reason = self.stop_reason()
        if reason is not None:
            lines.append(reason)
        else:
            lines.append(f"after {self._steps} steps: (x, y) = ({format_number(path.x[-1])}, "
                         f"{format_number(path.y[-1])}), f = {format_number(path.value[-1])}")
        return lines

    def summary(self) -> str:
        """:meth:`summary_lines` joined into one text (what nbval checks)."""
        return "\n".join(self.summary_lines())


def _pair_text(pair: tuple[float, float]) -> str:
    return f"({format_number(pair[0])}, {format_number(pair[1])})"


class GradComparison:
    """Autograd's gradient of ``f`` at ``x`` next to central finite differences, element by element.

    ``f`` maps a tensor to a scalar (a tensor with several values is summed first). Shown as a
    table (the first :attr:`MAX_ROWS` elements; the arrays hold all of them); ``largest_difference``
    is what to look at: rounding noise when the backward formulas are right, the size of the mistake
    when they are not. Finite differences take two calls of ``f`` per element: ``progress(done,
    total)`` is told after each, and an interrupt (Ctrl+C, the stop button) keeps what was done
    (``done`` elements; ``interrupted`` is then True and the rest of ``finite_difference`` is nan).
    """

    MAX_ROWS = 20
    HEADER = ("index", "x", "autograd", "finite diff.", "|difference|")

    def __init__(self, f: Callable[[t.Tensor], Any] | str, x: Any, eps: float = 1e-6,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.eps = check_real("compare_grads", "eps", eps, *EPS_RANGE, what="a step size")
        self.x = _comparison_input(x)
        self.f_source = f if isinstance(f, str) else None
        self.f = as_function(f, ("x",), (), function="compare_grads")
        self.autograd = autograd_gradient(self.f, self.x)
        try:
            self.finite_difference = central_differences(self.f, self.x, self.eps, progress)
            self.done = self.x.size
        except FiniteDifferencesInterrupted as interrupted:
            self.finite_difference = interrupted.gradient
            self.done = interrupted.done
        self.difference = np.abs(self.autograd - self.finite_difference)

    @property
    def interrupted(self) -> bool:
        """Whether the finite differences were stopped before the last element."""
        return self.done < self.x.size

    def _compared(self) -> np.ndarray:
        """The differences of the elements compared, nan (a failed element) counting as infinite."""
        return np.nan_to_num(self.difference.reshape(-1)[:self.done], nan=np.inf)

    @property
    def largest_difference(self) -> float:
        """The largest ``|autograd - finite difference|`` over the elements compared."""
        compared = self._compared()
        return float(compared.max()) if compared.size else 0.0

    @property
    def largest_difference_at(self) -> tuple[int, ...] | None:
        """The index of the element with the largest difference (None if nothing was compared)."""
        compared = self._compared()
        if not compared.size:
            return None
        return tuple(int(i) for i in np.unravel_index(int(np.argmax(compared)), self.x.shape))

    def rows(self, limit: int | None = None) -> list[tuple[str, str, str, str, str]]:
        """One row of formatted text per element (the first ``limit``): index, x, autograd, finite
        difference, difference."""
        rows = []
        for count, index in enumerate(np.ndindex(self.x.shape)):
            if limit is not None and count >= limit:
                break
            compared = count < self.done
            rows.append((str(list(index)) if index else "()", format_number(self.x[index]),
                         format_number(self.autograd[index]),
                         format_number(self.finite_difference[index]) if compared else "–",
                         format_difference(float(self.difference[index]), FINITE_DIFFERENCE_AGREEMENT)
                         if compared else "–"))
        return rows

    def notes(self) -> list[str]:
        """The lines under the table: elements not shown, an interruption, the largest difference."""
        lines = []
        hidden = self.x.size - self.MAX_ROWS
        if hidden > 0:
            lines.append(f"... {hidden:,} more elements (all of them are in .autograd, .finite_difference "
                         "and .difference)")
        if self.interrupted:
            lines.append(f"interrupted: finite differences for {self.done:,} of {self.x.size:,} elements")
        largest = format_difference(self.largest_difference, FINITE_DIFFERENCE_AGREEMENT)
        where = ""
        if (hidden > 0 or self.interrupted) and self.largest_difference_at is not None:
            where = f" at index {list(self.largest_difference_at)}"
        lines.append(f"largest |autograd - finite difference|: {largest}{where} (central differences, "
                     f"eps = {self.eps:g})")
        return lines

    def summary(self) -> str:
        """The table as aligned plain text, then the notes."""
        table = [self.HEADER, *self.rows(self.MAX_ROWS)]
        widths = [max(len(row[column]) for row in table) for column in range(len(self.HEADER))]
        lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in table]
        return "\n".join(lines + self.notes())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.summary())

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in self.HEADER)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                       for row in self.rows(self.MAX_ROWS))
        notes = self.notes()
        # the last note without its "(central differences ...)" part, as before
        notes[-1] = notes[-1].split(" (central differences")[0]
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                + "".join(f"<p>{html.escape(note)}</p>" for note in notes))

    def __repr__(self) -> str:
        return self.summary()


def _comparison_input(x: Any) -> np.ndarray:
    """``compare_grads``'s ``x`` as a float64 array: numbers only, finite, 1 to MAX_ELEMENTS elements."""
    data = x.detach().numpy() if isinstance(x, t.Tensor) else x
    allowed = f"a tensor, array or (nested) list of 1 to {MAX_ELEMENTS:,} finite real numbers"
    if isinstance(data, str | bytes) or (isinstance(data, np.ndarray) and data.dtype.kind not in "biuf"):
        raise TypeError(f"compare_grads: x must be {allowed}, got {shown(x)}")
    try:
        array = np.array(data, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"compare_grads: x must be {allowed}, got {shown(x)}") from None
    if not 1 <= array.size <= MAX_ELEMENTS:
        raise ValueError(f"compare_grads: x must be {allowed}, got {array.size:,} elements")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"compare_grads: x must be {allowed}, got non-finite values in {shown(x)}")
    return array
