"""How much ``%%trace`` slows a cell of 10,000 small ops (the target: at most 20% while recording).

Three timings of the same cell, taken in turns (plain, recording, plain, recording ...) so that load
from other processes hits both alike, averaged (a full garbage collection lands in one run out of
several; the mean spreads its cost over the runs that caused it):

* ``plain``: the cell as Python runs it;
* ``recording``: under the recording hook and with the assignment reporting that ``%%trace`` adds
  (what the learner waits for while the cell runs);
* ``whole %%trace``: recording plus naming, folding and drawing the picture after the cell.

A notebook kernel holds a few hundred thousand objects, and a full garbage collection walks all of
them: the benchmark keeps such a heap alive, so that what the recording keeps alive is paid for.

Run: ``.venv/bin/python benchmarks/bench_trace.py`` (prints the times and the ratios).
"""

from __future__ import annotations

import ast
import statistics
import time

import autograd_lab as t
from autograd_lab.viz.capture import BINDER_NAME, Bindings, Capture, add_binding_calls
from autograd_lab.viz.graph import NameTable
from autograd_lab.viz.picture import picture_from_capture

CELL = """
x = t.ones(4, requires_grad=True)
y = x
for i in range(5000):
    y = y * 1.0001 + 0.1
loss = y.sum()
"""
REPEATS = 15
KERNEL_HEAP = 300_000  # objects, about what a notebook kernel with IPython loaded holds


def _interleaved(runs: dict) -> dict[str, float]:
    """Mean seconds of each run, timed in turns."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.fmean(values) for name, values in times.items()}


def main() -> dict[str, float]:
    plain_code = compile(CELL, "<cell>", "exec")
    traced_code = compile(add_binding_calls(ast.parse(CELL)), "<cell>", "exec")

    def plain() -> None:
        exec(plain_code, {"t": t})

    def recording() -> tuple:
        namespace = {"t": t}
        bindings = Bindings()
        namespace[BINDER_NAME] = bindings.reporter()
        capture = Capture()
        with capture.recording():
            exec(traced_code, namespace)
        return capture, namespace, bindings

    def whole() -> None:
        capture, namespace, bindings = recording()
        names = NameTable(namespace, bindings.entries())
        picture = picture_from_capture(capture, names)
        picture.svg  # noqa: B018 - the drawing is part of what the learner waits for
        names.release()
        capture.clear()

    heap = [[index] for index in range(KERNEL_HEAP)]
    whole()  # load the Graphviz engine first: a one-off cost per process
    results = _interleaved({"plain": plain, "recording": recording, "whole %%trace": whole})
    del heap
    for name, seconds in results.items():
        print(f"{name:>14}: {seconds * 1000:8.1f} ms  ({seconds / results['plain']:.2f}x plain)")
    return results


if __name__ == "__main__":
    main()
