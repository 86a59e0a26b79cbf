"""Record torch's derivatives and optimizer paths for the gradient widgets (tests/test_widgets.py).

* ``curves``: for each formula, evaluated by the same safe parser with ``library=torch``: on a grid,
  f, f' and f'' from ``torch.autograd.grad`` (``create_graph=True`` for f''), and at ``x0`` the
  gradient with respect to every parameter.
* ``descent``: the points visited by ``torch.optim`` (SGD, SGD with momentum, Adam) on a 2-D function,
  stepping two scalar tensors exactly as ``autograd_lab.viz.curves.descent_path`` does.

The case tables are plain data shared with the tests, so both sides run the same cases.
"""

from __future__ import annotations

from typing import Any

#: formula -> (x range, grid points, x0, parameter values)
CURVE_CASES: dict[str, tuple[tuple[float, float], int, float, dict[str, float]]] = {
    "x**2": ((-3.0, 3.0), 41, 1.0, {}),
    "x**3 - 2*x": ((-2.0, 2.0), 41, -0.5, {}),
    "x**2 * sin(x)": ((-3.0, 3.0), 41, 1.3, {}),
    "exp(-x**2 / 2)": ((-3.0, 3.0), 41, 0.4, {}),
    "tanh(2*x) + x/3": ((-2.0, 2.0), 41, 0.2, {}),
    "log(1 + x**2)": ((-3.0, 3.0), 41, -1.1, {}),
    "sqrt(x) * cos(x)": ((0.1, 4.0), 40, 2.0, {}),
    "sigmoid(3*x)": ((-2.0, 2.0), 41, 0.1, {}),
    "a*x**2 + b": ((-3.0, 3.0), 41, 0.7, {"a": 1.5, "b": -0.5}),
    "sin(a*x) * exp(-b*x)": ((-1.0, 3.0), 41, 1.2, {"a": 2.0, "b": 0.3}),
    "1/x": ((0.5, 3.0), 41, 1.5, {}),
}

#: name -> (formula in x and y, start, steps, {method: learning rate})
DESCENT_CASES: dict[str, tuple[str, tuple[float, float], int, dict[str, float]]] = {
    "elongated bowl": ("x**2 + 10*y**2", (-1.5, 1.5), 25, {"plain": 0.05, "momentum": 0.02, "adam": 0.2}),
    "rosenbrock": ("(1 - x)**2 + 5*(y - x**2)**2", (-1.5, 1.5), 30,
                   {"plain": 0.01, "momentum": 0.005, "adam": 0.1}),
    "too fast": ("x**2 + 10*y**2", (-1.5, 1.5), 25, {"plain": 0.15}),
}
MOMENTUM = 0.9
DIVERGENCE_BOUND = 20.0


def grid(low: float, high: float, points: int) -> list[float]:
    import numpy as np

    return np.linspace(low, high, points).tolist()


def _values(tensor: Any) -> list[float]:
    return tensor.detach().reshape(-1).tolist()


def record_curve(torch: Any, formula: str, case: tuple) -> dict[str, Any]:
    from autograd_lab.jupyter.expr import parse_expression

    (low, high), points, x0, parameters = case
    function = parse_expression(formula, ("x",), tuple(parameters), library=torch)
    scalars = {name: torch.tensor(value, dtype=torch.float64) for name, value in parameters.items()}
    x = torch.tensor(grid(low, high, points), dtype=torch.float64, requires_grad=True)
    y = function(x, **scalars)
    (first,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (second,) = torch.autograd.grad(first.sum(), x)
    point = torch.tensor([x0], dtype=torch.float64, requires_grad=True)
    leaves = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True)
              for name, value in parameters.items()}
    y0 = function(point, **leaves)
    grads = torch.autograd.grad(y0.sum(), [point, *leaves.values()], create_graph=True)
    (second0,) = torch.autograd.grad(grads[0].sum(), point)
    return {
        "value": _values(y), "first": _values(first), "second": _values(second),
        "x0": {"value": y0.item(), "first": grads[0].item(), "second": second0.item(),
               "parameter_grads": {name: grad.item() for name, grad in zip(leaves, grads[1:])}},
    }


def make_optimizer(torch: Any, method: str, params: list[Any], lr: float) -> Any:
    if method == "plain":
        return torch.optim.SGD(params, lr=lr)
    if method == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM)
    return torch.optim.Adam(params, lr=lr)


def record_descent(torch: Any, formula: str, start: tuple[float, float], steps: int, method: str,
                   lr: float) -> dict[str, Any]:
    import math

    from autograd_lab.jupyter.expr import parse_expression

    function = parse_expression(formula, ("x", "y"), library=torch)
    x = torch.tensor(start[0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor(start[1], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer(torch, method, [x, y], lr)
    xs, ys, values, diverged_at = [], [], [], None
    for step in range(steps + 1):
        optimizer.zero_grad()
        value = function(x, y)
        point = (x.item(), y.item(), value.item())
        if not all(math.isfinite(v) for v in point) or max(abs(point[0]), abs(point[1])) > DIVERGENCE_BOUND:
            diverged_at = step
            break
        xs.append(point[0])
        ys.append(point[1])
        values.append(point[2])
        if step == steps:
            break
        value.backward()
        optimizer.step()
    return {"x": xs, "y": ys, "value": values, "diverged_at": diverged_at}


def record() -> dict:
    """Everything above, from the installed torch (float64)."""
    import torch

    curves = {formula: record_curve(torch, formula, case) for formula, case in CURVE_CASES.items()}
    descent = {
        f"{name} / {method}": record_descent(torch, formula, start, steps, method, lr)
        for name, (formula, start, steps, rates) in DESCENT_CASES.items()
        for method, lr in rates.items()
    }
    return {"torch_version": torch.__version__.split("+")[0], "curves": curves, "descent": descent}
