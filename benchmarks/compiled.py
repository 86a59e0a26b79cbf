"""Workloads of ``t.compile``: ``compiled_small_ops``, ``compiled_mlp_step``, ``compiled_makemore``
and ``compile_first_call``.

The same computations as the eager workloads, with the function compiled: ``t.compile`` for ours,
``torch.compile`` (inductor) beside torch eager in a row of its own. The first call of a compiled
function traces it and generates its code; every implementation is called once, and checked against
the hand-written numpy reference, before anything is timed, so the times are those of the
generated code (``compile_first_call`` times the first call itself).

- ``compiled_small_ops``: ``small_ops``'s chain (1,002 ops on shape (3,)) as one compiled function
  returning ``sum()``, then ``backward()``: µs per op. Target ≤ 0.25x torch eager.
- ``compiled_mlp_step``: ``mlp_step``'s step with the loss (model and ``cross_entropy``) compiled;
  ``zero_grad``, ``backward`` and ``optim.SGD``'s step as eagerly. Target ≤ 1.05x hand-written numpy.
- ``compiled_makemore``: makemore part 2's training loop (Karpathy's character MLP: embedding table
  ``C[X]``, a tanh layer, logits, ``cross_entropy``) on minibatches of 32 contexts of 3 characters,
  with the lecture's update ``p.data += -lr * p.grad``: µs per step. Target ≤ 0.5x torch eager.
- ``compile_first_call``: the first call of the 1,002-op chain (tracing, code generation, checking
  the code against eager's values), ms; target < 100 ms. Beside it, eager's call of the same chain.
"""

from __future__ import annotations

import contextlib
import statistics
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .chain import OPS_PER_CYCLE, START_VECTOR, cycles_for, numpy_chain, tensor_chain
from .harness import (
    Config,
    Implementation,
    available_implementations,
    check_gradients,
    interleave,
    load_torch,
    ratio_target,
    result,
    row,
    timed_call,
)
from .tensors import LEARNING_RATE, _mlp_autograd, _mlp_data, _mlp_numpy

__all__ = ["compiled_small_ops", "compiled_mlp_step", "compiled_makemore", "compile_first_call"]


def _library(name: str) -> Any:
    if name == "ours":
        import autograd_lab

        return autograd_lab
    return load_torch()


def _compiler(name: str) -> Callable[[Callable], Callable]:
    """``t.compile`` for ours, ``torch.compile`` for ``torch.compile``, nothing for eager torch."""
    if name == "ours":
        return _library("ours").compile
    if name == "torch.compile":
        return load_torch().compile
    return lambda function: function


def _with_torch_compile(config: Config, names: list[str]) -> list[str]:
    """``torch.compile`` joins when torch is there, in full runs only (its first call of a
    1,000-op function takes seconds: a smoke run cannot wait for it)."""
    return names + ["torch.compile"] if "torch" in names and not config.quick else names


def _checked(workload: str, implementations: Mapping[str, Implementation], expected: Any,
             rtol: float, atol: float) -> list[str]:
    """The first call of each (the compile), checked against the numpy reference."""
    checked = []
    for name, run in implementations.items():
        if name != "numpy":
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a compile falling back to eager is a failure here
                got = run()
            check_gradients(workload, name, got, expected, rtol=rtol, atol=atol)
            checked.append(name)
    return checked


def _rows(label: str, unit: str, times: Mapping[str, float], target: str, met: bool | None,
          ) -> list[dict[str, Any]]:
    rows = [row(label, unit, times["ours"], numpy=times["numpy"], torch=times.get("torch"),
                target=target, met=met)]
    if "torch.compile" in times:
        rows.append(row(f"{label} vs torch.compile", unit, times["ours"], numpy=times["numpy"],
                        torch=times["torch.compile"], note="torch column: torch.compile (inductor)"))
    return rows


# -- compiled_small_ops -------------------------------------------------------------------------


def _chain_implementation(name: str, cycles: int) -> Implementation:
    start = {key: np.array(value, dtype=np.float32) for key, value in START_VECTOR.items()}
    if name == "numpy":
        return lambda: numpy_chain(start["x"], start["a"], start["b"], cycles)
    library = _library("torch" if name == "torch.compile" else name)
    x, a, b = (library.tensor(start[key], requires_grad=True) for key in ("x", "a", "b"))
    loss = _compiler(name)(lambda x, a, b: tensor_chain(x, a, b, cycles).sum())

    def iteration() -> dict[str, Any]:
        x.grad = a.grad = b.grad = None
        loss(x, a, b).backward()
        return {"x": x.grad, "a": a.grad, "b": b.grad}

    return iteration


def compiled_small_ops(config: Config) -> dict[str, Any]:
    """``small_ops``'s chain compiled: µs per op, forward + backward."""
    cycles = cycles_for(config.size(1000, 12))
    n_ops = cycles * OPS_PER_CYCLE
    names = _with_torch_compile(config, available_implementations())
    implementations = {name: _chain_implementation(name, cycles) for name in names}
    checked = _checked("compiled_small_ops", implementations, implementations["numpy"](), 1e-4, 1e-5)
    seconds = interleave(implementations, config.repeats(11))
    per_op = {name: value / n_ops * 1e6 for name, value in seconds.items()}
    rows = _rows("compiled_small_ops", "µs/op", per_op, "≤ 0.25x torch",
                 ratio_target(per_op["ours"], per_op.get("torch"), 0.25))
    notes = [f"compiled_small_ops: small_ops's {n_ops}-op chain as one t.compile'd function "
             "returning sum(), then backward(); torch column: torch eager"]
    return result("compiled_small_ops", rows, checked, notes)


# -- compiled_mlp_step --------------------------------------------------------------------------


def _compiled_mlp(name: str, inputs: np.ndarray, labels: np.ndarray,
                  weights: Mapping[str, np.ndarray]) -> Implementation:
    """``mlp_step``'s step, its loss compiled (``torch``: eager)."""
    library = "torch" if name == "torch.compile" else name
    return _mlp_autograd(library, inputs, labels, weights, wrap=_compiler(name))


def compiled_mlp_step(config: Config) -> dict[str, Any]:
    """One SGD step of mlp_step's MLP with the loss compiled: ms per step."""
    inputs, labels, weights = _mlp_data(config)
    names = _with_torch_compile(config, available_implementations())
    implementations: dict[str, Implementation] = {
        name: _mlp_numpy(inputs, labels, weights) if name == "numpy"
        else _compiled_mlp(name, inputs, labels, weights) for name in names}
    expected = _mlp_numpy(inputs, labels, weights)()
    checked = _checked("compiled_mlp_step", implementations, expected, 1e-4, 1e-5)
    ms = {name: value * 1e3 for name, value in interleave(implementations,
                                                          config.repeats(15)).items()}
    rows = _rows("compiled_mlp_step", "ms", ms, "≤ 1.05x numpy",
                 ratio_target(ms["ours"], ms["numpy"], 1.05))
    notes = ["compiled_mlp_step: mlp_step with `t.compile(lambda x, y: cross_entropy(model(x), y))`; "
             f"zero_grad, backward and the SGD step (lr {LEARNING_RATE}) as in mlp_step"]
    return result("compiled_mlp_step", rows, checked, notes)


# -- compiled_makemore --------------------------------------------------------------------------

VOCABULARY, BLOCK, EMBEDDING, HIDDEN, BATCH = 27, 3, 10, 200, 32
MAKEMORE_LR = 0.1


def _makemore_data(config: Config) -> tuple[dict[str, np.ndarray], list[tuple[np.ndarray, np.ndarray]]]:
    """The lecture's parameters (its initialisation scales) and the minibatches of the loop."""
    rng = np.random.default_rng(11)
    hidden = config.size(HIDDEN, 16)
    parameters = {
        "C": rng.standard_normal((VOCABULARY, EMBEDDING)),
        "W1": rng.standard_normal((BLOCK * EMBEDDING, hidden)) * (5 / 3) / (BLOCK * EMBEDDING) ** 0.5,
        "b1": rng.standard_normal(hidden) * 0.01,
        "W2": rng.standard_normal((hidden, VOCABULARY)) * 0.01,
        "b2": np.zeros(VOCABULARY),
    }
    steps = config.size(50, 3)
    batches = [(rng.integers(0, VOCABULARY, (BATCH, BLOCK)), rng.integers(0, VOCABULARY, BATCH))
               for _ in range(steps)]
    return {key: value.astype(np.float32) for key, value in parameters.items()}, batches


def _makemore_numpy(parameters: Mapping[str, np.ndarray],
                    batches: list[tuple[np.ndarray, np.ndarray]]) -> Implementation:
    """The loop by hand: forward, the gradients derived on paper, the update."""
    def run() -> dict[str, np.ndarray]:
        C, W1, b1, W2, b2 = (parameters[key].copy() for key in ("C", "W1", "b1", "W2", "b2"))
        rows = np.arange(BATCH)
        for X, Y in batches:
            emb = C[X]
            flat = emb.reshape(BATCH, -1)
            h = np.tanh(flat @ W1 + b1)
            logits = h @ W2 + b2
            shifted = logits - logits.max(axis=1, keepdims=True)
            exp = np.exp(shifted)
            grad_logits = exp / exp.sum(axis=1, keepdims=True)
            grad_logits[rows, Y] -= 1
            grad_logits /= BATCH
            grad_W2 = h.T @ grad_logits
            grad_b2 = grad_logits.sum(axis=0)
            grad_pre = (grad_logits @ W2.T) * (1 - h * h)
            grad_W1 = flat.T @ grad_pre
            grad_b1 = grad_pre.sum(axis=0)
            grad_C = np.zeros_like(C)
            np.add.at(grad_C, X, (grad_pre @ W1.T).reshape(emb.shape))
            for parameter, grad in ((C, grad_C), (W1, grad_W1), (b1, grad_b1), (W2, grad_W2),
                                    (b2, grad_b2)):
                parameter += -MAKEMORE_LR * grad
        return {"C": C, "W1": W1, "b1": b1, "W2": W2, "b2": b2}

    return run


def _makemore_autograd(name: str, parameters: Mapping[str, np.ndarray],
                       batches: list[tuple[np.ndarray, np.ndarray]]) -> Implementation:
    """The lecture's loop: the loss as a function of the minibatch (compiled, for torch eager
    not), ``backward()``, ``p.data += -lr * p.grad``. Each run starts from the same parameters and
    returns them after the loop."""
    library = _library("torch" if name == "torch.compile" else name)
    F = library.nn.functional
    data = [(library.from_numpy(X), library.from_numpy(Y)) for X, Y in batches]
    C, W1, b1, W2, b2 = every = [library.tensor(parameters[key], requires_grad=True)
                                 for key in ("C", "W1", "b1", "W2", "b2")]

    def loss_of(X: Any, Y: Any) -> Any:
        emb = C[X]
        h = library.tanh(emb.view(-1, BLOCK * EMBEDDING) @ W1 + b1)
        logits = h @ W2 + b2
        return F.cross_entropy(logits, Y)

    loss_fn = _compiler(name)(loss_of)
    initial = [library.from_numpy(parameters[key]) for key in ("C", "W1", "b1", "W2", "b2")]

    def run() -> dict[str, Any]:
        with library.no_grad():
            for p, start in zip(every, initial):
                p.copy_(start)
        for X, Y in data:
            for p in every:
                p.grad = None
            loss_fn(X, Y).backward()
            for p in every:
                p.data += -MAKEMORE_LR * p.grad
        return {"C": C, "W1": W1, "b1": b1, "W2": W2, "b2": b2}

    return run


def compiled_makemore(config: Config) -> dict[str, Any]:
    """makemore part 2's training loop with its loss compiled: µs per step."""
    parameters, batches = _makemore_data(config)
    names = _with_torch_compile(config, available_implementations())
    implementations = {name: _makemore_numpy(parameters, batches) if name == "numpy"
                       else _makemore_autograd(name, parameters, batches) for name in names}
    checked = _checked("compiled_makemore", implementations, implementations["numpy"](), 1e-3, 1e-4)
    seconds = interleave(implementations, config.repeats(9))
    per_step = {name: value / len(batches) * 1e6 for name, value in seconds.items()}
    rows = _rows("compiled_makemore", "µs/step", per_step, "≤ 0.5x torch",
                 ratio_target(per_step["ours"], per_step.get("torch"), 0.5))
    notes = [f"compiled_makemore: makemore part 2's MLP (embedding {VOCABULARY}x{EMBEDDING}, "
             f"context {BLOCK}, tanh layer of {parameters['b1'].size}, {VOCABULARY} logits, "
             f"cross_entropy), float32, minibatches of {BATCH}, {len(batches)} steps of "
             "loss_fn(X, Y).backward() and p.data += -lr * p.grad, loss_fn compiled (torch column: "
             "eager)"]
    return result("compiled_makemore", rows, checked, notes)


# -- compile_first_call -------------------------------------------------------------------------


def compile_first_call(config: Config) -> dict[str, Any]:
    """The first call of a compiled 1,002-op function (trace and code generation): ms."""
    import autograd_lab as t

    cycles = cycles_for(config.size(1000, 12))
    n_ops = cycles * OPS_PER_CYCLE
    start = {key: np.array(value, dtype=np.float32) for key, value in START_VECTOR.items()}
    x, a, b = (t.tensor(start[key], requires_grad=True) for key in ("x", "a", "b"))

    def loss(x: Any, a: Any, b: Any) -> Any:
        return tensor_chain(x, a, b, cycles).sum()

    expected = numpy_chain(start["x"], start["a"], start["b"], cycles)

    def first_call() -> dict[str, Any]:
        x.grad = a.grad = b.grad = None
        compiled = t.compile(loss)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled(x, a, b)
        compiled(x, a, b).backward()
        return {"x": x.grad, "a": a.grad, "b": b.grad}

    check_gradients("compile_first_call", "ours", first_call(), expected, rtol=1e-4, atol=1e-5)
    first, eager = [], []
    for _ in range(config.repeats(7)):
        first.append(timed_call(lambda: t.compile(loss)(x, a, b))[0] * 1e3)
        eager.append(timed_call(lambda: loss(x, a, b))[0] * 1e3)
    ours, plain = statistics.median(first), statistics.median(eager)
    torch_first = _torch_compile_first_call(config, start, cycles)
    rows = [row("compile_first_call", "ms", ours, torch=torch_first, target="< 100 ms",
                met=ours < 100,
                note=f"eager call of the same function: {plain:.1f} ms"
                     + ("; torch column: torch.compile's first call, wall clock (inductor compiles "
                        "in worker processes; its on-disk cache as found)" if torch_first else ""))]
    notes = [f"compile_first_call: the first call of t.compile of small_ops's {n_ops}-op chain "
             "(forward only; the trace runs it eagerly), a fresh t.compile each time"]
    return result("compile_first_call", rows, ["ours"], notes)


def _torch_compile_first_call(config: Config, start: Mapping[str, np.ndarray],
                              cycles: int) -> float | None:
    """torch.compile's first call of the same function (one sample: it takes seconds), ms."""
    torch = load_torch()
    if torch is None or config.quick:
        return None
    x, a, b = (torch.tensor(start[key], requires_grad=True) for key in ("x", "a", "b"))
    compiled = torch.compile(lambda x, a, b: tensor_chain(x, a, b, cycles).sum())
    with contextlib.suppress(Exception):
        start = time.perf_counter()  # wall clock: inductor compiles in worker processes
        compiled(x, a, b)
        return (time.perf_counter() - start) * 1e3
    return None
