"""Chains of small elementwise ops: ``small_ops``, ``scalar_chain`` and ``deep_chain``.

Every chain repeats one cycle of six ops, the issue's ``+ * tanh exp ** sigmoid`` mix::

    y = y * a;  y = y + b;  y = y.tanh();  y = y.exp();  y = y ** 2;  y = y.sigmoid()

with ``x`` (where the chain starts), ``a`` and ``b`` all requiring grad, then ``y.sum().backward()``.
The values stay in (0, 3) however long the chain is, so a million ops neither overflow nor underflow
(the gradient of ``x`` does vanish over a long chain, as in any such chain; ``a`` and ``b`` collect a
gradient of order one from every cycle). Op counts are rounded up to whole cycles.

The same chain is written four times: once for tensors with torch's API (autograd_lab and torch run
the very same code), once in micrograd's idiom, and once as hand-written numpy (forward keeping only
what the backward needs, backward by hand), which is the floor no autograd can reach.

``python -m benchmarks.chain memory IMPL N`` runs one chain in a fresh process and prints its peak
resident memory as JSON: that is how ``deep_chain`` measures memory for torch (whose allocations
tracemalloc cannot see) and for ours alike.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .harness import (
    Config,
    all_met,
    available_implementations,
    check_first_iterations,
    check_gradients,
    interleave,
    load_torch,
    ratio_target,
    result,
    row,
    rss_bytes,
    timed_call,
)

__all__ = ["small_ops", "scalar_chain", "deep_chain", "OPS_PER_CYCLE", "make_chain"]

OPS_PER_CYCLE = 6

START = {"x": 0.5, "a": 0.9, "b": 0.1}  # 0-d chains
START_VECTOR = {"x": (0.5, -0.3, 0.8), "a": (0.9, 0.8, 0.7), "b": (0.1, -0.2, 0.05)}

REPOSITORY = Path(__file__).resolve().parent.parent


def cycles_for(n_ops: int) -> int:
    """Whole cycles covering at least ``n_ops`` ops."""
    return max(1, math.ceil(n_ops / OPS_PER_CYCLE))


# -- the chain, four ways -------------------------------------------------------------------------

def tensor_chain(y: Any, a: Any, b: Any, cycles: int) -> Any:
    """The chain on autograd_lab or torch tensors (the same code serves both)."""
    for _ in range(cycles):
        y = y * a
        y = y + b
        y = y.tanh()
        y = y.exp()
        y = y ** 2
        y = y.sigmoid()
    return y


def numpy_chain(x: np.ndarray, a: np.ndarray, b: np.ndarray, cycles: int) -> dict[str, np.ndarray]:
    """The chain and its gradients by hand: forward keeps, per cycle, only what backward needs."""
    tape = []
    y = x
    for _ in range(cycles):
        product_input = y
        t = np.tanh(y * a + b)
        e = np.exp(t)
        s = 1.0 / (1.0 + np.exp(-(e * e)))
        tape.append((product_input, t, e, s))
        y = s
    g = np.ones_like(y)  # d sum / d y
    grad_a = np.zeros_like(a)
    grad_b = np.zeros_like(b)
    for product_input, t, e, s in reversed(tape):
        g = g * (s * (1.0 - s))   # sigmoid
        g = g * (2.0 * e)         # ** 2 (its input is e)
        g = g * e                 # exp
        g = g * (1.0 - t * t)     # tanh
        grad_b = grad_b + g       # + b
        grad_a = grad_a + g * product_input  # * a
        g = g * a
    return {"x": g, "a": grad_a, "b": grad_b}


def _micrograd_unary(value: Any, data: float, derivative: float, op: str) -> Any:
    """A micrograd ``Value`` for a one-input op, written in micrograd's own idiom."""
    from micrograd.engine import Value

    out = Value(data, (value,), op)

    def _backward() -> None:
        value.grad += derivative * out.grad

    out._backward = _backward
    return out


def micrograd_chain(y: Any, a: Any, b: Any, cycles: int) -> Any:
    """The chain on micrograd ``Value`` scalars. micrograd has ``+ * **`` only, so tanh, exp and
    sigmoid are added as its lecture writes them (one node each, closure backward)."""
    for _ in range(cycles):
        y = y * a
        y = y + b
        t = math.tanh(y.data)
        y = _micrograd_unary(y, t, 1.0 - t * t, "tanh")
        e = math.exp(y.data)
        y = _micrograd_unary(y, e, e, "exp")
        y = y ** 2
        s = 1.0 / (1.0 + math.exp(-y.data))
        y = _micrograd_unary(y, s, s * (1.0 - s), "sigmoid")
    return y


# -- one iteration of each implementation ---------------------------------------------------------

def _start_values(scalar: bool, length: int, dtype: Any) -> dict[str, np.ndarray]:
    if scalar:
        return {name: np.array(value, dtype=dtype) for name, value in START.items()}
    if length == len(START_VECTOR["x"]):
        return {name: np.array(value, dtype=dtype) for name, value in START_VECTOR.items()}
    return {name: np.full(length, value, dtype=dtype) for name, value in START.items()}


def make_chain(implementation: str, cycles: int, scalar: bool = False, length: int = 3,
               dtype: Any = np.float32) -> Callable[[], dict[str, Any]]:
    """One iteration (chain, sum, backward) of ``implementation``, returning the gradients.

    ``implementation`` is ``"ours"``, ``"torch"``, ``"numpy"``, ``"micrograd"`` (scalars only) or
    ``"lean"`` (the minimal sketch of :mod:`benchmarks.lean`, for the profile).
    """
    start = _start_values(scalar, length, dtype)
    if implementation == "numpy":
        x, a, b = start["x"], start["a"], start["b"]
        return lambda: numpy_chain(x, a, b, cycles)
    if implementation == "micrograd":
        return _micrograd_iteration(start, cycles)
    if implementation == "lean":
        return _lean_iteration(start, cycles)
    if implementation == "ours":
        import autograd_lab as module
        leaves = {name: module.tensor(value, requires_grad=True) for name, value in start.items()}
    elif implementation == "torch":
        module = load_torch()
        leaves = {name: module.tensor(value, requires_grad=True) for name, value in start.items()}
    else:
        raise ValueError(f"unknown implementation {implementation!r}")
    x, a, b = leaves["x"], leaves["a"], leaves["b"]

    def iteration() -> dict[str, Any]:
        x.grad = a.grad = b.grad = None
        tensor_chain(x, a, b, cycles).sum().backward()
        return {"x": x.grad, "a": a.grad, "b": b.grad}

    return iteration


def _lean_iteration(start: dict[str, np.ndarray], cycles: int) -> Callable[[], dict[str, Any]]:
    from .lean import LeanTensor, lean_backward

    x, a, b = (LeanTensor(start[name]) for name in ("x", "a", "b"))

    def iteration() -> dict[str, Any]:
        x.grad = a.grad = b.grad = None
        lean_backward(tensor_chain(x, a, b, cycles).sum())
        return {"x": x.grad, "a": a.grad, "b": b.grad}

    return iteration


def _micrograd_iteration(start: dict[str, np.ndarray], cycles: int) -> Callable[[], dict[str, Any]]:
    from micrograd.engine import Value

    # micrograd's backward sorts the graph recursively: one Python frame per node of the chain
    depth_needed = 2 * OPS_PER_CYCLE * cycles + 100

    def iteration() -> dict[str, Any]:
        x, a, b = (Value(float(start[name])) for name in ("x", "a", "b"))
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, depth_needed))
        try:
            micrograd_chain(x, a, b, cycles).backward()
        finally:
            sys.setrecursionlimit(limit)
        return {"x": x.grad, "a": a.grad, "b": b.grad}

    return iteration


def _checked_implementations(workload: str, cycles: int, scalar: bool, length: int,
                             names: list[str]) -> tuple[dict[str, Callable[[], Any]], list[str]]:
    """Build each implementation and check its first iteration against the numpy reference:
    float32 implementations against a float32 reference, micrograd's Python floats against float64."""
    reference = {dtype: make_chain("numpy", cycles, scalar, length, dtype)()
                 for dtype in (np.float32, np.float64)}
    implementations = {name: make_chain(name, cycles, scalar, length, _dtype_of(name))
                       for name in names}
    checked = check_first_iterations(workload, implementations,
                                     lambda name: reference[_dtype_of(name)], rtol=1e-4, atol=1e-5)
    return implementations, checked


def _dtype_of(implementation: str) -> Any:
    return np.float64 if implementation == "micrograd" else np.float32


# -- the workloads --------------------------------------------------------------------------------

def _chain_workload(name: str, config: Config, scalar: bool, compare_micrograd: bool) -> dict[str, Any]:
    cycles = cycles_for(config.size(1000, 12))
    n_ops = cycles * OPS_PER_CYCLE
    names = available_implementations(*(["micrograd"] if compare_micrograd else []))
    implementations, checked = _checked_implementations(name, cycles, scalar, 3, names)
    seconds = interleave(implementations, config.repeats(11))
    per_op = {impl: value / n_ops * 1e6 for impl, value in seconds.items()}
    ours, torch, micrograd = per_op["ours"], per_op.get("torch"), per_op.get("micrograd")
    target = "≤ 0.5x torch" + (", ≤ micrograd" if compare_micrograd else "")
    met = all_met(ratio_target(ours, torch, 0.5),
                  ratio_target(ours, micrograd, 1.0) if compare_micrograd else None)
    notes = [f"{name}: {n_ops} ops ({cycles} cycles of `* + tanh exp ** sigmoid`) on "
             f"{'0-d tensors' if scalar else 'shape (3,)'}, float32, then sum().backward()"]
    if compare_micrograd:
        notes.append("micrograd " + ("0.1.0: Python floats; tanh, exp and sigmoid added in its idiom; "
                                     "recursion limit raised for its recursive topological sort"
                                     if "micrograd" in per_op else "not installed: column skipped"))
    return result(name, [row(name, "µs/op", ours, numpy=per_op["numpy"], torch=torch,
                             micrograd=micrograd, target=target, met=met)], checked, notes)


def small_ops(config: Config) -> dict[str, Any]:
    """A chain of 1,000 elementwise ops on shape-(3,) tensors, then ``sum().backward()``: µs per op."""
    return _chain_workload("small_ops", config, scalar=False, compare_micrograd=False)


def scalar_chain(config: Config) -> dict[str, Any]:
    """The same chain on 0-d tensors (and micrograd scalars, when installed): µs per op."""
    return _chain_workload("scalar_chain", config, scalar=True, compare_micrograd=True)


def deep_chain(config: Config) -> dict[str, Any]:
    """100,000 and 1,000,000 ops on a shape-(1,) tensor: time and peak memory per op, linearity."""
    short_ops, long_ops = config.size(100_000, 120), config.size(1_000_000, 1_200)
    short, long = cycles_for(short_ops), cycles_for(long_ops)
    names = available_implementations()
    implementations, checked = _checked_implementations("deep_chain", short, False, 1, names)
    short_seconds = interleave(implementations, config.repeats(3))

    # the long chain runs alone (ours only); its checked first run is also its first sample
    ours_long = make_chain("ours", long, length=1)
    first, grads = timed_call(ours_long)
    check_gradients("deep_chain", "ours (long)", grads, make_chain("numpy", long, length=1)(),
                    rtol=1e-4, atol=1e-5)
    long_samples = [first] + [timed_call(ours_long)[0] for _ in range(config.repeats(2) - 1)]
    long_seconds = statistics.median(long_samples)
    scaling = long_seconds / short_seconds["ours"]
    expected = long / short

    # a fresh process per measurement; a smoke run measures in this process (rougher, but fast)
    measure = _measure_memory_per_op if config.quick else chain_memory_per_op
    memory = {name: measure(name, short) for name in names}
    memory_long = measure("ours", long)

    label_short, label_long = _count_label(short * OPS_PER_CYCLE), _count_label(long * OPS_PER_CYCLE)
    rows = [
        row(f"deep_chain {label_short}", "s", short_seconds["ours"], numpy=short_seconds["numpy"],
            torch=short_seconds.get("torch"), target="≤ 0.5x torch",
            met=ratio_target(short_seconds["ours"], short_seconds.get("torch"), 0.5)),
        row(f"deep_chain {label_long}", "s", long_seconds,
            target=f"linear: t({label_long})/t({label_short}) ≤ {1.2 * expected:.0f}",
            met=scaling <= 1.2 * expected,
            note=f"t({label_long})/t({label_short}) = {scaling:.1f} ({expected:.0f} is linear)"),
        row(f"deep_chain {label_short} memory", "KB/op", memory["ours"], numpy=memory["numpy"],
            torch=memory.get("torch"), target="≤ torch",
            met=ratio_target(memory["ours"], memory.get("torch"), 1.0)),
        row(f"deep_chain {label_long} memory", "KB/op", memory_long),
    ]
    notes = ["deep_chain: peak resident memory above the baseline, in a fresh process per "
             "implementation, divided by the op count (includes each op's output array and saved "
             "values); no RecursionError at any length"]
    return result("deep_chain", rows, checked, notes)


def _count_label(n_ops: int) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n_ops >= size:
            return f"{n_ops / size:g}{suffix}" if n_ops % size == 0 else f"{round(n_ops / size)}{suffix}"
    return str(n_ops)


# -- memory, in a fresh process -------------------------------------------------------------------

def chain_memory_per_op(implementation: str, cycles: int) -> float:
    """Peak resident memory (KB per op) of one chain + backward, measured in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.chain", "memory", implementation, str(cycles)]
    completed = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, check=False,
                               env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
    if completed.returncode != 0:
        raise RuntimeError(f"memory run of {implementation} failed:\n{completed.stderr}")
    peak = json.loads(completed.stdout.strip().splitlines()[-1])["peak_bytes"]
    return peak / (cycles * OPS_PER_CYCLE) / 1024


class _PeakSampler:
    """Samples the resident memory every millisecond on a thread and keeps the highest."""

    def __init__(self) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.001)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def _measure_memory_per_op(implementation: str, cycles: int) -> float:
    """Like :func:`chain_memory_per_op`, in this process (memory freed earlier may be reused)."""
    return _measure_memory(implementation, cycles) / (cycles * OPS_PER_CYCLE) / 1024


def _measure_memory(implementation: str, cycles: int) -> int:
    """Peak bytes above the baseline while one chain of ``cycles`` cycles runs forward + backward."""
    import gc

    run = make_chain(implementation, cycles, length=1)
    make_chain(implementation, 2, length=1)()  # warm up: imports and first-call allocations
    gc.collect()
    baseline = rss_bytes()
    with _PeakSampler() as sampler:
        run()
    return max(0, sampler.peak - baseline)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "memory":
        raise SystemExit("usage: python -m benchmarks.chain memory IMPLEMENTATION CYCLES")
    print(json.dumps({"peak_bytes": _measure_memory(sys.argv[2], int(sys.argv[3]))}))
