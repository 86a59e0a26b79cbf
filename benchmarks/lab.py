"""The lab side: ``trace_overhead`` (``%%trace`` recording and rendering) and ``widget_redraw``.

``trace_overhead`` times the chain of :mod:`benchmarks.chain` (shape (3,), 10,000 ops, then
``sum().backward()``) as a plain cell and inside ``autograd_lab.trace()``, interleaved, and the
drawing of a 500-node graph folded to the default 60 boxes, after a first warm-up render (the
first one also compiles Graphviz's WebAssembly module). Then the same chain at 200,000 ops as a
notebook cell in a real IPython shell, with and without ``%%trace`` on top, each in a fresh process
(``python -m benchmarks.lab cell plain|trace CYCLES``): CPU time of the cell, picture included,
and peak resident memory above what the process held before it (sampled every millisecond).

``widget_redraw`` belongs to the widget code: ``benchmarks/widget_redraw.py`` provides
``run(quick: bool) -> dict``; this module only turns its result into a table row, and reports the row
as skipped while that file does not exist.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from . import harness
from .chain import OPS_PER_CYCLE, REPOSITORY, START_VECTOR, _PeakSampler, cycles_for, make_chain
from .harness import Config, GradientMismatch, check_first_iterations, interleave, result, row, rss_bytes

__all__ = ["trace_overhead", "widget_redraw", "widget_row"]

RENDER_LIMIT_MS = 500.0
WIDGET_LIMIT_MS = 50.0
#: The issue's bounds for a 200,000-op cell under %%trace, against the same cell without it.
CELL_TIME_LIMIT = 1.5
CELL_MEMORY_LIMIT = 2.0


def _traced(run: Callable[[], Any], finish: bool) -> Callable[[], Any]:
    """``run`` inside a trace: recording only, or recording and building the picture (no SVG)."""
    from autograd_lab.jupyter.trace import Trace

    def iteration() -> Any:
        recording = Trace().start()
        try:
            grads = run()
        finally:
            recording.stop()
        if finish:
            recording.finish({})
        return grads

    return iteration


def _render_time(cycles: int) -> tuple[float, int]:
    """Seconds from the end of a recorded cell to its finished SVG, and the boxes drawn."""
    from autograd_lab.jupyter.trace import Trace

    recording = Trace().start()
    make_chain("ours", cycles)()
    recording.stop()
    start = harness.clock()
    recording.finish({})
    recording.svg  # noqa: B018 - rendering is what is timed
    return harness.clock() - start, len(recording.graph.nodes)


def _cycles_for_nodes(wanted: int) -> tuple[int, int]:
    """Chain cycles whose traced graph has at least ``wanted`` nodes before folding (measured, not
    guessed), and that node count."""
    from autograd_lab.jupyter.trace import Trace
    from autograd_lab.viz.picture import MAX_NODES

    cycles = max(1, wanted // OPS_PER_CYCLE - 2)
    while True:
        probe = Trace(max_nodes=MAX_NODES["text"], format="text").start()
        make_chain("ours", cycles)()
        probe.stop()
        probe.finish({})
        if len(probe.graph.nodes) >= wanted:
            return cycles, len(probe.graph.nodes)
        cycles += 1


def trace_overhead(config: Config) -> dict[str, Any]:
    """A 10,000-op cell with and without trace recording; the SVG of a 500-node graph, folded."""
    cycles = cycles_for(config.size(10_000, 60))
    untraced = make_chain("ours", cycles)
    implementations = {"untraced": untraced, "recording": _traced(untraced, finish=False),
                       "with picture": _traced(untraced, finish=True)}
    reference = make_chain("numpy", cycles)()
    checked = check_first_iterations("trace_overhead", implementations, lambda name: reference,
                                     rtol=1e-4, atol=1e-5)
    ms = {name: seconds * 1e3 for name, seconds in interleave(implementations,
                                                               config.repeats(7)).items()}
    base = ms["untraced"]

    render_cycles, nodes = _cycles_for_nodes(config.size(500, 40))
    first, boxes = _render_time(render_cycles)  # warm-up: compiles the Graphviz module
    renders = [_render_time(render_cycles)[0] * 1e3 for _ in range(config.repeats(5))]
    render_ms = statistics.median(renders)

    cell_cycles = cycles_for(config.size(200_000, 600))
    cell = _cell_runs(cell_cycles, config.repeats(3))

    label = f"{cycles * OPS_PER_CYCLE:,}-op cell"
    cell_label = f"{cell_cycles * OPS_PER_CYCLE:,}-op cell under %%trace"
    time_ratio = cell["trace"]["seconds"] / cell["plain"]["seconds"]
    memory_ratio = cell["trace"]["peak_mb"] / cell["plain"]["peak_mb"]
    rows = [
        row(f"trace_overhead {label}, recording", "ms", ms["recording"], target="≤ 1.2x untraced",
            met=ms["recording"] <= 1.2 * base,
            note=f"{ms['recording'] / base:.2f}x untraced ({base:.0f} ms)"),
        row(f"trace_overhead {label}, recording + picture", "ms", ms["with picture"],
            note=f"{ms['with picture'] / base:.2f}x untraced; graph built and folded, no SVG"),
        row(f"trace render {nodes} nodes", "ms", render_ms, target=f"≤ {RENDER_LIMIT_MS:.0f} ms",
            met=render_ms <= RENDER_LIMIT_MS,
            note=f"folded to {boxes} boxes; first render {first * 1e3:.0f} ms"),
        row(f"trace_overhead {cell_label}, time", "s", cell["trace"]["seconds"],
            target=f"≤ {CELL_TIME_LIMIT:g}x untraced", met=time_ratio <= CELL_TIME_LIMIT,
            note=f"{time_ratio:.2f}x untraced ({cell['plain']['seconds']:.2f} s)"),
        row(f"trace_overhead {cell_label}, peak memory", "MB", cell["trace"]["peak_mb"],
            target=f"≤ {CELL_MEMORY_LIMIT:g}x untraced", met=memory_ratio <= CELL_MEMORY_LIMIT,
            note=f"{memory_ratio:.2f}x untraced ({cell['plain']['peak_mb']:.0f} MB)"),
    ]
    notes = [f"trace_overhead: the small_ops chain ({cycles * OPS_PER_CYCLE:,} ops, shape (3,)) "
             "with sum().backward(), plain and inside autograd_lab.trace(); render = picture + SVG "
             "of a recorded cell, median after a warm-up render",
             f"trace_overhead {cell_label}: the same chain ({cell_cycles * OPS_PER_CYCLE:,} ops) and "
             "loss.backward() as a cell of IPython's shell, with and without %%trace (picture and "
             "table displayed), a fresh process per run, medians of "
             f"{config.repeats(3)}; memory is the peak resident memory above the process's before the "
             "cell"]
    return result("trace_overhead", rows, [f"{name} (ours)" for name in [*checked, "%%trace cell"]],
                  notes)


# -- a big cell under %%trace, in IPython ---------------------------------------------------------

SETUP_CELL = ("import autograd_lab as t\n"
              "x = t.tensor({x}, requires_grad=True)\na = t.tensor({a}, requires_grad=True)\n"
              "b = t.tensor({b}, requires_grad=True)\n").format(**{name: list(value) for name, value
                                                                  in START_VECTOR.items()})
CHAIN_CELL = ("y = x\nfor _ in range({cycles}):\n    y = y * a\n    y = y + b\n    y = y.tanh()\n"
              "    y = y.exp()\n    y = y ** 2\n    y = y.sigmoid()\nloss = y.sum()\nloss.backward()\n")


def _cell_runs(cycles: int, repeats: int) -> dict[str, dict[str, float]]:
    """Median CPU seconds and peak MB of the chain cell, plain and under %%trace, in turns, each in
    a fresh process; the gradients of every run are checked against the numpy chain's."""
    reference = {name: np.asarray(value, dtype=np.float64)
                 for name, value in make_chain("numpy", cycles)().items()}
    samples: dict[str, list[dict[str, Any]]] = {"plain": [], "trace": []}
    for _ in range(repeats):
        for mode in samples:
            command = [sys.executable, "-m", "benchmarks.lab", "cell", mode, str(cycles)]
            completed = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, check=False,
                                       env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
            if completed.returncode != 0:
                raise RuntimeError(f"the {mode} cell run failed:\n{completed.stderr}")
            measured = json.loads(completed.stdout.strip().splitlines()[-1])
            for name, expected in reference.items():
                got = np.asarray(measured["grads"][name])
                if not np.allclose(got, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max()):
                    raise GradientMismatch(f"trace_overhead/{mode} cell: gradient of {name} is "
                                           f"{got.tolist()}, the numpy chain's {expected.tolist()}")
            samples[mode].append(measured)
    return {mode: {"seconds": statistics.median(run["seconds"] for run in runs),
                   "peak_mb": statistics.median(run["peak_bytes"] for run in runs) / 1e6}
            for mode, runs in samples.items()}


def measure_cell(mode: str, cycles: int) -> dict[str, Any]:
    """In this process: IPython's shell runs the chain cell (``%%trace`` on top when ``mode`` is
    ``"trace"``) after a small warm-up cell of the same kind; its CPU time, peak memory and grads."""
    import gc

    from IPython.testing.globalipapp import start_ipython
    from IPython.utils.capture import capture_output

    shell = start_ipython()
    shell.run_cell("%load_ext autograd_lab", store_history=False)
    shell.run_cell(SETUP_CELL, store_history=False)
    prefix = "%%trace\n" if mode == "trace" else ""
    with capture_output():  # the warm-up: imports, the Graphviz engine, first calls
        shell.run_cell(prefix + CHAIN_CELL.format(cycles=2), store_history=True)
    shell.run_cell("x.grad = a.grad = b.grad = None", store_history=False)
    gc.collect()
    baseline = rss_bytes()
    with capture_output(), _PeakSampler() as sampler:
        start = time.process_time()
        outcome = shell.run_cell(prefix + CHAIN_CELL.format(cycles=cycles), store_history=True)
        seconds = time.process_time() - start
    outcome.raise_error()
    grads = {name: shell.user_ns[name].grad.tolist() for name in ("x", "a", "b")}
    return {"seconds": seconds, "peak_bytes": max(0, sampler.peak - baseline), "grads": grads}


# -- widget_redraw --------------------------------------------------------------------------------

WIDGET_MODULE = "benchmarks.widget_redraw"
_MS_KEYS = {"wall": ("median_ms", "ms", "ms_per_update", "redraw_ms"),
            "cpu": ("cpu_median_ms", "median_ms", "ms", "ms_per_update", "redraw_ms")}


def widget_row(measured: Mapping[str, Any], clock: str = "cpu") -> dict[str, Any]:
    """The table row for what ``widget_redraw.run`` returned: a median in ms under one of
    ``_MS_KEYS`` (CPU time first when timing by CPU, or else the first key ending in ``ms``);
    the other scalar entries become the note."""
    key = next((key for key in _MS_KEYS[clock] if key in measured), None)
    if key is None:
        key = next((key for key, value in measured.items()
                    if key.endswith("ms") and isinstance(value, (int, float))), None)
    if key is None:
        raise ValueError(f"widget_redraw.run() returned no time in ms: {sorted(measured)}")
    ms = float(measured[key])
    extras = ", ".join(f"{name}={value}" for name, value in measured.items()
                       if name != key and isinstance(value, (int, float, str)))
    return row("widget_redraw", "ms", ms, target=f"≤ {WIDGET_LIMIT_MS:.0f} ms",
               met=ms <= WIDGET_LIMIT_MS, note=extras)


def widget_redraw(config: Config) -> dict[str, Any]:
    """One slider update of ``plot_grad`` with 1,000 points, from ``benchmarks/widget_redraw.py``."""
    if importlib.util.find_spec(WIDGET_MODULE) is None:
        note = "benchmarks/widget_redraw.py is not there yet: skipped"
        return result("widget_redraw", [row("widget_redraw", "ms", None,
                                            target=f"≤ {WIDGET_LIMIT_MS:.0f} ms", note=note)],
                      [], [f"widget_redraw: {note}"])
    measured = importlib.import_module(WIDGET_MODULE).run(quick=config.quick)
    return result("widget_redraw", [widget_row(measured, harness.clock_name())], [],
                  ["widget_redraw: measured by benchmarks/widget_redraw.py"])



if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "cell" or sys.argv[2] not in ("plain", "trace"):
        raise SystemExit("usage: python -m benchmarks.lab cell plain|trace CYCLES")
    print(json.dumps(measure_cell(sys.argv[2], int(sys.argv[3]))))
