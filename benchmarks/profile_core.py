"""Where the time of one small op goes: the numbers behind ``benchmarks/PROFILE.md``.

``python -m benchmarks.profile_core [--scalar] [--cycles N] [--lines]`` prints, for the
``small_ops`` chain (or ``scalar_chain`` with ``--scalar``):

1. a split of the time per op, measured directly (each part interleaved with the others):
   raw numpy forward, our forward without grad, our forward recording the graph, and backward;
2. the price of single building blocks (one ``np.errstate``, one ufunc on a tiny array, wrapping a
   tensor, one heap push + pop ...), timed alone;
3. a cProfile of whole iterations, its own time summed into buckets (apply, wrapping, engine loop,
   heap, numpy, ...); cProfile inflates small functions, so read the shares, not the µs, and it
   does not see ufuncs (their time counts as the calling function's own);
4. with ``--lines`` (needs ``line_profiler``), the engine loop and ``Op.apply`` line by line.
"""

from __future__ import annotations

import argparse
import cProfile
import heapq
import pstats
import timeit
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from . import harness
from .chain import OPS_PER_CYCLE, make_chain, tensor_chain
from .harness import check_gradients, interleave, load_torch

__all__ = ["split_per_op", "building_blocks", "profile_buckets", "main"]

# cProfile's functions by where they live, first match wins: what each bucket means in PROFILE.md
BUCKETS = (
    ("engine loop", ("engine.py",)),
    ("heap", ("heappush", "heappop", "heapify")),
    ("errstate", ("_ufunc_config.py", "ContextVar")),
    ("apply + bookkeeping", ("op.py", "node.py")),
    ("wrapping (Tensor._make)", ("(_make)", "__new__")),
    ("Tensor operators and methods", ("tensor.py:",)),
    ("operand coercion", ("_args.py",)),
    ("op forward/backward bodies, with their ufuncs", ("ops/",)),
    ("numpy", ("numpy", "ufunc", "method 'astype'", "built-in method numpy")),
    ("benchmark loop", ("benchmarks/",)),
)


def _leaves(module: Any, scalar: bool) -> tuple[Any, Any, Any]:
    shape = () if scalar else (3,)
    values = (0.5, 0.9, 0.1)
    return tuple(module.tensor(np.full(shape, value, dtype=np.float32), requires_grad=True)
                 for value in values)


def _numpy_forward(cycles: int, scalar: bool) -> Callable[[], Any]:
    """The forward ufunc calls of the chain, one per op, as our ops make them."""
    shape = () if scalar else (3,)
    x, a, b = (np.full(shape, value, dtype=np.float32) for value in (0.5, 0.9, 0.1))

    def forward() -> Any:
        y = x
        for _ in range(cycles):
            y = np.multiply(y, a)
            y = np.add(y, b)
            y = np.tanh(y)
            y = np.exp(y)
            y = np.power(y, 2)
            y = 1 / (1 + np.exp(-y))
        return y

    return forward


def split_per_op(cycles: int, scalar: bool, repeats: int = 15) -> dict[str, float]:
    """µs per op of: numpy forward alone, our forward without grad, our forward with grad, our
    forward + backward, the hand-written numpy forward + backward, the lean sketch, torch."""
    import autograd_lab as t

    x, a, b = _leaves(t, scalar)

    def forward_no_grad() -> None:
        with t.no_grad():
            tensor_chain(x, a, b, cycles)

    def forward_with_grad() -> None:
        tensor_chain(x, a, b, cycles).sum()

    lean = make_chain("lean", cycles, scalar=scalar)
    check_gradients("profile", "lean", lean(), make_chain("numpy", cycles, scalar=scalar)(),
                    rtol=1e-4, atol=1e-5)
    implementations = {
        "numpy forward (ufuncs only)": _numpy_forward(cycles, scalar),
        "ours forward, no_grad": forward_no_grad,
        "ours forward, recording": forward_with_grad,
        "ours forward + backward": make_chain("ours", cycles, scalar=scalar),
        "numpy forward + backward (hand-written)": make_chain("numpy", cycles, scalar=scalar),
        "lean sketch forward + backward (benchmarks/lean.py)": lean,
    }
    if load_torch() is not None:
        implementations["torch forward + backward"] = make_chain("torch", cycles, scalar=scalar)
    timings = interleave(implementations, repeats)
    n_ops = cycles * OPS_PER_CYCLE
    return {name: seconds / n_ops * 1e6 for name, seconds in timings.items()}


def building_blocks(scalar: bool) -> dict[str, float]:
    """µs per call (CPU time) of the pieces every op pays for, each timed alone (best of 5)."""
    from autograd_lab.tensor import Tensor

    shape = () if scalar else (3,)
    array = np.full(shape, 0.5, dtype=np.float32)
    other = np.full(shape, 0.9, dtype=np.float32)
    heap: list = [(-i, i, None) for i in range(4)]
    heapq.heapify(heap)
    def errstate_block() -> None:
        with np.errstate(all="ignore"):  # a new one each time, as the ops do (numpy 2 forbids reuse)
            pass

    def heap_round() -> None:
        heapq.heappush(heap, (-5, 5, None))
        heapq.heappop(heap)

    candidates: dict[str, Callable[[], Any]] = {
        "np.multiply(a, b)": lambda: np.multiply(array, other),
        "np.tanh(a)": lambda: np.tanh(array),
        "1 / (1 + np.exp(-a))  (sigmoid, 4 ufuncs)": lambda: 1 / (1 + np.exp(-array)),
        "np.asarray(result)": lambda: np.asarray(array),
        "with np.errstate(all='ignore')": errstate_block,
        "Tensor._make(array)": lambda: Tensor._make(array),
        "heappush + heappop": heap_round,
        "empty Python function call": lambda: None,
    }
    best = {}
    for name, function in candidates.items():
        number = 20000
        timings = timeit.repeat(function, number=number, repeat=5, timer=harness.clock)
        best[name] = min(timings) / number * 1e6
    return best


def _bucket(location: str) -> str:
    for name, needles in BUCKETS:
        if any(needle in location for needle in needles):
            return name
    return "other Python"


def profile_buckets(cycles: int, scalar: bool, iterations: int = 20) -> tuple[dict[str, float], str]:
    """cProfile's own time per bucket (share of the total), and the top functions as text."""
    run = make_chain("ours", cycles, scalar=scalar)
    run()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(iterations):
        run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    shares: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, line, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        shares[_bucket(f"{filename}:{line}({function})")] += own
        total += own
    import io

    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
    return {name: own / total for name, own in sorted(shares.items(), key=lambda item: -item[1])}, \
        text.getvalue()


def line_profile(cycles: int, scalar: bool) -> str:
    """``Op.apply`` and ``run_backward`` line by line (line_profiler)."""
    import io

    from line_profiler import LineProfiler

    from autograd_lab.autograd import engine, op

    profiler = LineProfiler(op.Op.apply.__func__, engine.run_backward)
    run = profiler(make_chain("ours", cycles, scalar=scalar))
    for _ in range(10):
        run()
    text = io.StringIO()
    profiler.print_stats(stream=text, output_unit=1e-6)
    return text.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_core")
    parser.add_argument("--scalar", action="store_true", help="profile scalar_chain (0-d tensors)")
    parser.add_argument("--cycles", type=int, default=167, help="cycles of 6 ops per iteration")
    parser.add_argument("--lines", action="store_true", help="also line-profile apply and the engine")
    arguments = parser.parse_args(argv)
    from .run import pin_threads

    pin_threads()
    label = "scalar_chain (0-d)" if arguments.scalar else "small_ops (shape (3,))"
    print(f"## {label}: {arguments.cycles * OPS_PER_CYCLE} ops\n")
    print("### time per op, interleaved medians of CPU time (µs/op)")
    for name, value in split_per_op(arguments.cycles, arguments.scalar).items():
        print(f"- {name}: {value:.2f}")
    print("\n### building blocks (µs of CPU per call, best of 5)")
    for name, value in building_blocks(arguments.scalar).items():
        print(f"- {name}: {value:.3f}")
    shares, top = profile_buckets(arguments.cycles, arguments.scalar)
    print("\n### cProfile own time by bucket (share)")
    for name, share in shares.items():
        print(f"- {name}: {share:.0%}")
    print("\n### cProfile top functions\n```\n" + top.strip() + "\n```")
    if arguments.lines:
        print("\n### line profile\n```\n" + line_profile(arguments.cycles, arguments.scalar) + "\n```")


if __name__ == "__main__":
    main()
