"""The lab side: ``trace_overhead`` (``%%trace`` recording and rendering) and ``widget_redraw``.

``trace_overhead`` times the chain of :mod:`benchmarks.chain` (shape (3,), 10,000 ops, then
``sum().backward()``) as a plain cell and inside ``autograd_lab.trace()``, interleaved, and the
drawing of a 500-node graph folded to the default 60 boxes, after a first warm-up render (the
first one also compiles Graphviz's WebAssembly module).

``widget_redraw`` belongs to the widget code: ``benchmarks/widget_redraw.py`` provides
``run(quick: bool) -> dict``; this module only turns its result into a table row, and reports the row
as skipped while that file does not exist.
"""

from __future__ import annotations

import importlib
import importlib.util
import statistics
from collections.abc import Callable, Mapping
from typing import Any

from . import harness
from .chain import OPS_PER_CYCLE, cycles_for, make_chain
from .harness import Config, check_first_iterations, interleave, result, row

__all__ = ["trace_overhead", "widget_redraw", "widget_row"]

RENDER_LIMIT_MS = 500.0
WIDGET_LIMIT_MS = 50.0


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

    label = f"{cycles * OPS_PER_CYCLE:,}-op cell"
    rows = [
        row(f"trace_overhead {label}, recording", "ms", ms["recording"], target="≤ 1.2x untraced",
            met=ms["recording"] <= 1.2 * base,
            note=f"{ms['recording'] / base:.2f}x untraced ({base:.0f} ms)"),
        row(f"trace_overhead {label}, recording + picture", "ms", ms["with picture"],
            note=f"{ms['with picture'] / base:.2f}x untraced; graph built and folded, no SVG"),
        row(f"trace render {nodes} nodes", "ms", render_ms, target=f"≤ {RENDER_LIMIT_MS:.0f} ms",
            met=render_ms <= RENDER_LIMIT_MS,
            note=f"folded to {boxes} boxes; first render {first * 1e3:.0f} ms"),
    ]
    notes = [f"trace_overhead: the small_ops chain ({cycles * OPS_PER_CYCLE:,} ops, shape (3,)) "
             "with sum().backward(), plain and inside autograd_lab.trace(); render = picture + SVG "
             "of a recorded cell, median after a warm-up render"]
    return result("trace_overhead", rows, [f"{name} (ours)" for name in checked], notes)


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

