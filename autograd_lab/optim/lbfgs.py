"""L-BFGS: a quasi-Newton method. It keeps the last ``history_size`` pairs (step, change of gradient)
and turns the gradient into a direction with the two-loop recursion; each ``step(closure)`` runs up to
``max_iter`` iterations, with a fixed step or torch's strong-Wolfe line search.

Scalars that torch keeps as 0-d float32 tensors (dot products, ``t``, ``H_diag``) are float32 here
too, so the iterations round as torch's do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..autograd import grad_mode
from ..tensor import Tensor
from .optimizer import Optimizer, check_learning_rate, scalar

__all__ = ["LBFGS"]

Objective = Callable[[list[np.ndarray], Any, np.ndarray], tuple[float, np.ndarray]]


def _cubic_interpolate(x1: Any, f1: Any, g1: Any, x2: Any, f2: Any, g2: Any,
                       bounds: tuple[Any, Any] | None = None) -> Any:
    """The minimizer, within ``bounds`` (default: between x1 and x2), of the cubic through the two
    points with values f and slopes g; the middle of the bounds when the cubic has no minimum."""
    low, high = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square < 0:
        return (low + high) / 2.0
    d2 = np.sqrt(d2_square)
    if x1 <= x2:
        position = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        position = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(position, low), high)


def _strong_wolfe(objective: Objective, x: list[np.ndarray], t: Any, d: np.ndarray, f: float,
                  g: np.ndarray, gtd: Any, c1: float = 1e-4, c2: float = 0.9,
                  tolerance_change: float = 1e-9,
                  max_ls: int = 25) -> tuple[float, np.ndarray, Any, int]:
    """Find a step ``t`` along ``d`` with sufficient decrease (``f(t) <= f + c1 t g.d``) and a
    small enough slope (``|g(t).d| <= c2 |g.d|``): first bracket such a step, then shrink the bracket
    by cubic interpolation (torch's algorithm, after minFunc). Returns the loss, gradient and step
    found, and how many times the objective was evaluated."""
    d_norm = np.abs(d).max()
    f_new, g_new = objective(x, t, d)
    evaluations = 1
    gtd_new = g_new.dot(d)
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    iteration = 0
    while iteration < max_ls:
        if f_new > (f + c1 * t * gtd) or (iteration > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        # extrapolate: the next trial step lies beyond t, at most ten times it
        min_step, max_step = t + 0.01 * (t - t_prev), t * 10
        t_prev, t = t, _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                                          bounds=(min_step, max_step))
        f_prev, g_prev, gtd_prev = f_new, g_new.copy(), gtd_new
        f_new, g_new = objective(x, t, d)
        evaluations += 1
        gtd_new = g_new.dot(d)
        iteration += 1
    if iteration == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]

    # zoom: shrink the bracket until a point satisfies both conditions
    insufficient_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and iteration < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0],
                               bracket[1], bracket_f[1], bracket_gtd[1])
        # keep the trial point at least 10% of the bracket away from its ends
        margin = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < margin:
            if insufficient_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - margin
                else:
                    t = min(bracket) + margin
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        f_new, g_new = objective(x, t, d)
        evaluations += 1
        gtd_new = g_new.dot(d)
        iteration += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high] = t, f_new
            bracket_g[high], bracket_gtd[high] = g_new.copy(), gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low] = t, f_new
            bracket_g[low], bracket_gtd[low] = g_new.copy(), gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evaluations


def _as_state(value: Any) -> Any:
    """How torch's state holds a value: arrays and float32 scalars as tensors (lists item by item)."""
    if isinstance(value, list):
        return [_as_state(item) for item in value]
    if isinstance(value, (np.ndarray, np.floating)):
        return Tensor._make(np.asarray(value))
    return value


def _from_state(value: Any) -> Any:
    """The inverse of :func:`_as_state`: tensors back to arrays (0-d ones to float32 scalars)."""
    if isinstance(value, list):
        return [_from_state(item) for item in value]
    if isinstance(value, Tensor):
        return value._data[()] if value.ndim == 0 else value._data
    return value


def _loss_value(loss: Any) -> float:
    """The closure's loss as a Python float, read with grad mode off as torch's step reads it (so no
    warning about a tensor that requires grad turned into a number)."""
    with grad_mode.no_grad():
        return float(loss)


class LBFGS(Optimizer):
    """Limited-memory BFGS (torch's ``LBFGS``): ``step(closure)`` re-evaluates the loss as often as
    it needs; one parameter group only. Per iteration::

        d = -H g       (two-loop recursion over the stored (s, y) pairs, H's scale ys / yy)
        t = min(1, 1 / sum|g|) * lr on the very first iteration, lr afterwards
        p += t d       (t from the strong-Wolfe line search when line_search_fn='strong_wolfe')
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1, max_iter: int = 20,
                 max_eval: int | None = None, tolerance_grad: float = 1e-7,
                 tolerance_change: float = 1e-9, history_size: int = 100,
                 line_search_fn: str | None = None) -> None:
        check_learning_rate(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {"lr": lr, "max_iter": max_iter, "max_eval": max_eval,
                    "tolerance_grad": tolerance_grad, "tolerance_change": tolerance_change,
                    "history_size": history_size, "line_search_fn": line_search_fn}
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _flat_grad(self) -> np.ndarray:
        """Every parameter's gradient in one vector (zeros for a parameter without one)."""
        return np.concatenate([np.zeros(p._data.size, p._data.dtype) if p._grad is None
                               else p._grad._data.ravel() for p in self._params])

    def _add_to_params(self, step: Any, direction: np.ndarray) -> None:
        """``p += step * direction``, the flat direction cut into the parameters' shapes."""
        offset = 0
        for param in self._params:
            data = param._data
            data += (step * direction[offset:offset + data.size]).reshape(data.shape)
            param._bump_version()
            offset += data.size

    def _set_params(self, values: list[np.ndarray]) -> None:
        for param, value in zip(self._params, values):
            param._data[...] = value
            param._bump_version()

    def _evaluate_along(self, closure: Callable[[], Any], x: list[np.ndarray], t: Any,
                        d: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss and gradient at ``x + t d``; the parameters are put back to ``x`` after."""
        self._add_to_params(t, d)
        loss = _loss_value(self._evaluate(closure))
        flat_grad = self._flat_grad()
        self._set_params(x)
        return loss, flat_grad

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """Up to ``max_iter`` iterations; returns the loss the closure gave first."""
        group = self.param_groups[0]
        lr, max_iter, max_eval = scalar(group["lr"]), group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]

        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        original_loss = self._evaluate(closure)
        loss = _loss_value(original_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._flat_grad()
        if np.abs(flat_grad).max() <= tolerance_grad:
            return original_loss

        d, t, old_dirs, old_stps, ro, H_diag, prev_flat_grad, prev_loss, al = (
            _from_state(state.get(key)) for key in ("d", "t", "old_dirs", "old_stps", "ro",
                                                    "H_diag", "prev_flat_grad", "prev_loss", "al"))
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro, H_diag = [], [], [], 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = y.dot(s)
                if ys > 1e-10:  # keep the pair only where the curvature is positive
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    H_diag = ys / y.dot(y)
                if al is None:
                    al = [None] * history_size
                q = -flat_grad
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = old_stps[i].dot(q) * ro[i]
                    q -= al[i] * old_dirs[i]
                d = r = q * H_diag
                for i in range(len(old_dirs)):
                    be_i = old_dirs[i].dot(r) * ro[i]
                    r += (al[i] - be_i) * old_stps[i]
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss
            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / np.abs(flat_grad).sum()) * lr
            else:
                t = lr
            gtd = flat_grad.dot(d)
            if gtd > -tolerance_change:  # not a descent direction
                break

            evaluations = 0
            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                start = [p._data.copy() for p in self._params]

                def objective(x: list[np.ndarray], t: Any, d: np.ndarray) -> tuple[float, Any]:
                    return self._evaluate_along(closure, x, t, d)

                loss, flat_grad, t, evaluations = _strong_wolfe(
                    objective, start, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals)
                self._add_to_params(t, d)
                optimal = np.abs(flat_grad).max() <= tolerance_grad
            else:
                self._add_to_params(t, d)
                if n_iter != max_iter:  # the last iteration's loss is the next step's first
                    loss = _loss_value(self._evaluate(closure))
                    flat_grad = self._flat_grad()
                    optimal = np.abs(flat_grad).max() <= tolerance_grad
                    evaluations = 1
            current_evals += evaluations
            state["func_evals"] += evaluations

            if (n_iter == max_iter or current_evals >= max_eval or optimal
                    or np.abs(d * t).max() <= tolerance_change
                    or abs(loss - prev_loss) < tolerance_change):
                break

        state.update(d=_as_state(d), t=_as_state(t), old_dirs=_as_state(old_dirs),
                     old_stps=_as_state(old_stps), ro=_as_state(ro), H_diag=_as_state(H_diag),
                     prev_flat_grad=_as_state(prev_flat_grad), prev_loss=prev_loss)
        if al is not None:
            state["al"] = _as_state(al)
        return original_loss
