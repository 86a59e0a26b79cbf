"""``widget_redraw``: how long one slider update of ``plot_grad`` takes with 1,000-point curves.

One update is what happens in the kernel when the frontend moves the ``x0`` slider: the slider's
value changes, the model evaluates f, f' at the new x0 by autograd, the tangent and points are
redrawn over the cached figure, the PNG is encoded and the text results are rebuilt. (Sending the
PNG to the browser is left out: without a frontend the widget's comm does nothing.) The figure shows
f, autograd's f' and a hand-written derivative. The target is 50 ms (wall clock, ``median_ms``);
``cpu_median_ms`` is the CPU time of the same updates, which load from other processes on a shared
machine does not inflate.

A parameter slider (which resamples all curves by autograd) is timed as well, for the note.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

POINTS = 1000


def _median_ms(update: Callable[[int], None], count: int, clock: Callable[[], float] = time.perf_counter
               ) -> float:
    times = []
    for index in range(count):
        start = clock()
        update(index)
        times.append(clock() - start)
    return statistics.median(times) * 1000


def run(quick: bool = False) -> dict[str, Any]:
    """Median milliseconds of one ``x0`` slider update (and of a parameter slider update)."""
    import autograd_lab as t

    widget = t.plot_grad("a * x**2 * sin(x)", grad="a * (2*x*sin(x) + x**2*cos(x))", x=(-3, 3),
                         points=POINTS, a=(0.5, 1.5, 0.01, 1.0))
    slider, parameter = widget.x0_slider, widget.parameter_sliders["a"]
    updates = 10 if quick else 100
    positions = [-2.9 + 5.8 * index / (updates - 1) for index in range(updates)]
    _median_ms(lambda index: setattr(slider, "value", positions[index]), 3)  # warm-up
    median = _median_ms(lambda index: setattr(slider, "value", positions[index]), updates)
    # CPU time of the same updates: on a machine shared with other work it shows the cost itself
    cpu_median = _median_ms(lambda index: setattr(slider, "value", positions[-1 - index]), updates,
                            clock=time.process_time)
    # a sweep over the parameter slider in small steps, as a drag produces
    parameter_median = _median_ms(lambda index: setattr(parameter, "value", 1.0 + 0.004 * (index + 1)),
                                  max(5, updates // 4))
    return {"median_ms": round(median, 2), "cpu_median_ms": round(cpu_median, 2), "points": POINTS,
            "updates": updates, "parameter_slider_median_ms": round(parameter_median, 2)}


if __name__ == "__main__":
    print(run(quick=False))
