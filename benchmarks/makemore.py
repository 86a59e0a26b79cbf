"""``makemore_bigrams``: the loop of makemore part 1 (Karpathy's "Neural Networks: Zero to Hero"),
where a learner meets per-op overhead head on.

The lecture scores a bigram model by walking every bigram of the data set in Python::

    for ix1, ix2 in bigrams:
        prob = P[ix1, ix2]              # one element of a 27x27 tensor
        logprob = torch.log(prob)
        log_likelihood += logprob

three ops on one-element tensors per bigram. The workload runs that loop over 2,000 bigrams twice:
as in the lecture (``P`` needs no gradient), and with ``P`` requiring grad and the negative mean
log-likelihood backpropagated to it (every op then records a node). Time per bigram, µs; the floor
is the same loop on numpy scalars (the gradient of the second row by hand: ``-count / (n * P)``).

Before that, the lecture counts the bigrams into an int32 table, ``N[ix1, ix2] += 1`` (a view, an
in-place add, a write back): the third row, µs per bigram.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .harness import (
    Config,
    available_implementations,
    check_gradients,
    interleave,
    load_torch,
    ratio_target,
    result,
    row,
)

__all__ = ["makemore_bigrams"]

VOCABULARY = 27


def _data(config: Config) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A bigram probability table (smoothed counts, rows summing to one) and the bigrams."""
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 50, (VOCABULARY, VOCABULARY)) + 1
    table = (counts / counts.sum(axis=1, keepdims=True)).astype(np.float32)
    size = config.size(2000, 40)
    bigrams = [(int(a), int(b)) for a, b in rng.integers(0, VOCABULARY, (size, 2))]
    return table, bigrams


def _numpy(table: np.ndarray, bigrams: list, with_grad: bool) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        log_likelihood = 0.0
        n = 0
        for ix1, ix2 in bigrams:
            prob = table[ix1, ix2]
            logprob = np.log(prob)
            log_likelihood += logprob
            n += 1
        out: dict[str, Any] = {"log_likelihood": np.asarray(log_likelihood)}
        if with_grad:
            seen = np.zeros_like(table)
            for ix1, ix2 in bigrams:
                seen[ix1, ix2] += 1
            out["P"] = -seen / (n * table)
        return out

    return run


def _autograd(module: Any, table: np.ndarray, bigrams: list,
              with_grad: bool) -> Callable[[], dict[str, Any]]:
    P = module.tensor(table, requires_grad=with_grad)

    def run() -> dict[str, Any]:
        log_likelihood = 0.0
        n = 0
        for ix1, ix2 in bigrams:
            prob = P[ix1, ix2]
            logprob = module.log(prob)
            log_likelihood += logprob
            n += 1
        out = {"log_likelihood": log_likelihood}
        if with_grad:
            P.grad = None
            (-log_likelihood / n).backward()
            out["P"] = P.grad
        return out

    return run


def _counting(module: Any | None, bigrams: list) -> Callable[[], dict[str, Any]]:
    """The lecture's counting loop into an int32 table (``module`` None: numpy)."""
    def run() -> dict[str, Any]:
        if module is None:
            counts = np.zeros((VOCABULARY, VOCABULARY), np.int32)
        else:
            counts = module.zeros((VOCABULARY, VOCABULARY), dtype=module.int32)
        for ix1, ix2 in bigrams:
            counts[ix1, ix2] += 1
        return {"N": counts}

    return run


def _counting_rows(names: list[str], bigrams: list, config: Config) -> tuple[dict, list[str]]:
    implementations = {name: _counting(None if name == "numpy" else
                                       __import__("autograd_lab") if name == "ours" else load_torch(),
                                       bigrams) for name in names}
    expected = implementations["numpy"]()
    checked = []
    for name, run in implementations.items():
        if name != "numpy":
            check_gradients("makemore_counts", name, run(), expected, rtol=0, atol=0)
            checked.append(name)
    seconds = interleave(implementations, config.repeats(9))
    per_bigram = {name: value / len(bigrams) * 1e6 for name, value in seconds.items()}
    torch = per_bigram.get("torch")
    return row("makemore_counts", "µs/bigram", per_bigram["ours"], numpy=per_bigram["numpy"],
               torch=torch, target="≤ 1.0x torch",
               met=ratio_target(per_bigram["ours"], torch, 1.0)), checked


def makemore_bigrams(config: Config) -> dict[str, Any]:
    """The lecture's log-likelihood loop, without and with a gradient: µs per bigram."""
    table, bigrams = _data(config)
    names = available_implementations()
    rows, checked = [], []
    for with_grad in (False, True):
        label = "makemore_bigrams" + (" with grad" if with_grad else "")
        reference = _numpy(table, bigrams, with_grad)
        implementations: dict[str, Callable[[], Any]] = {}
        for name in names:
            if name == "numpy":
                implementations[name] = reference
            else:
                module = __import__("autograd_lab") if name == "ours" else load_torch()
                implementations[name] = _autograd(module, table, bigrams, with_grad)
        expected = reference()
        for name, run in implementations.items():
            if name != "numpy":
                check_gradients(label, name, run(), expected, rtol=1e-4, atol=1e-6)
                if not with_grad:
                    checked.append(name)
        seconds = interleave(implementations, config.repeats(9))
        per_bigram = {name: value / len(bigrams) * 1e6 for name, value in seconds.items()}
        torch = per_bigram.get("torch")
        rows.append(row(label, "µs/bigram", per_bigram["ours"], numpy=per_bigram["numpy"],
                        torch=torch, target="≤ 1.0x torch",
                        met=ratio_target(per_bigram["ours"], torch, 1.0)))
    counting, counted = _counting_rows(names, bigrams, config)
    rows.append(counting)
    checked += [name for name in counted if name not in checked]
    notes = [f"makemore_bigrams: {len(bigrams)} bigrams, each `P[ix1, ix2]`, `log`, `+=` on "
             "one-element float32 tensors (makemore part 1's log-likelihood loop); with grad: P "
             "requires grad, then (-log_likelihood / n).backward(); makemore_counts: the same "
             "bigrams counted with `N[ix1, ix2] += 1` into an int32 table"]
    return result("makemore_bigrams", rows, checked, notes)
