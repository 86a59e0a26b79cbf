"""``jacfwd_vs_jacrev``: the two modes of autodiff priced on one function, ours against torch.func.

``f(x) = tanh(W @ x)`` maps R^n to R^m (W is m x n). ``jacrev`` builds the m x n Jacobian from m
backward passes (one row each), ``jacfwd`` from n forward passes (one column each), so theory says:
reverse mode wins for a wide Jacobian (n = 1000 inputs, m = 10 outputs), forward mode for a tall one
(n = 10, m = 1000). torch.func vectorizes its passes with vmap (one batched pass); ours runs them one
by one, so the ratios to torch grow with the number of passes, but each winner must be the one
theory names, for us and for torch. The numpy column is the Jacobian written by hand,
``(1 - tanh(W x)^2)[:, None] * W``, which every transform is checked against first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import (
    Config,
    available_implementations,
    check_first_iterations,
    interleave,
    load_torch,
    result,
    row,
)

CASES = ((1000, 10), (10, 1000))
QUICK_CASES = ((40, 4), (4, 40))


def _function(module: Any, weight: np.ndarray) -> Any:
    w = module.tensor(weight)
    return lambda x: module.tanh(w @ x)


def _transforms(name: str, weight: np.ndarray, x: np.ndarray) -> dict[str, Any]:
    """``{"jacfwd": run, "jacrev": run}`` for ``"ours"`` or ``"torch"``: each run returns J."""
    if name == "ours":
        import autograd_lab as module
        from autograd_lab import func
    else:
        module = load_torch()
        func = module.func
    f = _function(module, weight)
    point = module.tensor(x)
    return {transform: (lambda transform=transform: {"J": getattr(func, transform)(f)(point)})
            for transform in ("jacfwd", "jacrev")}


def _by_hand(weight: np.ndarray, x: np.ndarray) -> Any:
    def iteration() -> dict[str, np.ndarray]:
        return {"J": (1 - np.tanh(weight @ x) ** 2)[:, None] * weight}

    return iteration


def jacfwd_vs_jacrev(config: Config) -> dict[str, Any]:
    """ms per Jacobian of ``tanh(W @ x)`` by jacfwd and by jacrev, ours and torch.func's, at
    (n, m) = (1000, 10) and (10, 1000)."""
    rng = np.random.default_rng(5)
    rows, checked, notes = [], [], []
    for n, m in (QUICK_CASES if config.quick else CASES):
        weight = (rng.standard_normal((m, n)) / np.sqrt(n)).astype(np.float32)
        x = rng.standard_normal(n).astype(np.float32)
        reference = _by_hand(weight, x)
        names = [name for name in available_implementations() if name != "numpy"]
        runs = {"numpy": reference}
        for name in names:
            for transform, run in _transforms(name, weight, x).items():
                runs[f"{transform} ({name})"] = run
        expected = reference()
        checked += [f"{label} n={n} m={m}" for label in check_first_iterations(
            "jacfwd_vs_jacrev", runs, lambda _, expected=expected: expected, rtol=1e-4,
            atol=1e-5)]
        ms = {label: seconds * 1e3
              for label, seconds in interleave(runs, config.repeats(5 if n > m else 9)).items()}
        theory = "jacrev" if n > m else "jacfwd"
        winners = {name: min(("jacfwd", "jacrev"), key=lambda t, name=name: ms[f"{t} ({name})"])
                   for name in names}
        met = all(winner == theory for winner in winners.values())
        for transform in ("jacfwd", "jacrev"):
            rows.append(row(f"jacfwd_vs_jacrev {transform} n={n} m={m}", "ms",
                            ms[f"{transform} (ours)"], numpy=ms["numpy"],
                            torch=ms.get(f"{transform} (torch)"),
                            target=f"{theory} wins (ours and torch)", met=met,
                            note=f"{n if transform == 'jacfwd' else m} "
                                 f"{'forward' if transform == 'jacfwd' else 'backward'} passes"))
        notes.append(f"jacfwd_vs_jacrev n={n} m={m}: winner ours {winners['ours']}"
                     + (f", torch {winners['torch']}" if "torch" in winners else "")
                     + f", theory {theory}")
    notes.append("jacfwd_vs_jacrev: f(x) = tanh(W @ x), W (m, n) float32; numpy = the Jacobian by "
                 "hand; torch = torch.func's jacfwd/jacrev (vmap-batched passes), ours runs its "
                 "passes one by one")
    return result("jacfwd_vs_jacrev", rows, checked, notes)
