"""Run the benchmarks and print the table: ``python -m benchmarks`` or ``python benchmarks/run.py``.

Options: ``--quick`` (tiny sizes, a smoke run), ``--only NAME`` (repeatable), ``--repeats-scale F``
(more or fewer interleaved rounds), ``--clock cpu|wall`` (CPU time by default), ``--no-torch``,
``--json PATH`` (the raw results), ``--update-readme`` (write the table, the machine and the date
between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md; full runs only),
``--from-json PATH`` (the table of a saved run, without running).

Every library is pinned to one thread: the BLAS variables must be set before numpy is loaded, so
when they are missing the script sets them and starts itself again (``os.execv``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make `benchmarks` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
README = Path(__file__).resolve().parent.parent / "README.md"
START_MARKER, END_MARKER = "<!-- bench:start -->", "<!-- bench:end -->"

WORKLOADS = ("small_ops", "scalar_chain", "mlp_step", "big_matmul", "broadcast_reduce", "deep_chain",
             "trace_overhead", "widget_redraw", "makemore_bigrams", "jacfwd_vs_jacrev",
             "compiled_small_ops", "compiled_mlp_step", "compiled_makemore", "compile_first_call")


def pin_threads() -> None:
    """Start this command again with one BLAS/OpenMP thread unless that is already so."""
    if all(os.environ.get(name) == "1" for name in THREAD_VARIABLES):
        return
    os.environ.update({name: "1" for name in THREAD_VARIABLES})
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def workload_functions() -> dict[str, Callable[[Any], dict[str, Any]]]:
    """Every workload by name, in the issue's order (imported here, after the threads are pinned)."""
    from benchmarks import chain, compiled, lab, makemore, tensors, transforms

    functions = {"small_ops": chain.small_ops, "scalar_chain": chain.scalar_chain,
                 "mlp_step": tensors.mlp_step, "big_matmul": tensors.big_matmul,
                 "broadcast_reduce": tensors.broadcast_reduce, "deep_chain": chain.deep_chain,
                 "trace_overhead": lab.trace_overhead, "widget_redraw": lab.widget_redraw,
                 "makemore_bigrams": makemore.makemore_bigrams,
                 "jacfwd_vs_jacrev": transforms.jacfwd_vs_jacrev,
                 "compiled_small_ops": compiled.compiled_small_ops,
                 "compiled_mlp_step": compiled.compiled_mlp_step,
                 "compiled_makemore": compiled.compiled_makemore,
                 "compile_first_call": compiled.compile_first_call}
    assert tuple(functions) == WORKLOADS
    return functions


def run_workloads(names: Sequence[str], quick: bool = False, repeat_scale: float = 1.0,
                  log: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Run the named workloads in order; each result as returned by the workload."""
    from benchmarks.harness import Config

    config = Config(quick=quick, repeat_scale=repeat_scale)
    functions = workload_functions()
    results = []
    for name in names:
        start = time.perf_counter()
        if log:
            log(f"{name} ...")
        results.append(functions[name](config))
        if log:
            log(f"{name} done in {time.perf_counter() - start:.1f} s")
    return results


# -- the table ------------------------------------------------------------------------------------

def _number(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value >= 0.01 else f"{value:.2g}"


def _ratio(ours: float | None, other: float | None) -> str:
    if ours is None or other is None or other == 0:
        return "–"
    return f"{ours / other:.2f}x"


def _met(value: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[value]


def table(results: Sequence[dict[str, Any]]) -> str:
    """The results as a Markdown table (readable as plain text too), then the notes."""
    rows = [row for result in results for row in result["rows"]]
    show_micrograd = any(row["micrograd"] is not None for row in rows)
    header = ["workload", "unit", "ours", "numpy", "torch"]
    header += ["micrograd"] if show_micrograd else []
    header += ["ours/numpy", "ours/torch", "target", "met", "note"]
    lines = [header]
    for row in rows:
        cells = [row["workload"], row["unit"], _number(row["ours"]), _number(row["numpy"]),
                 _number(row["torch"])]
        cells += [_number(row["micrograd"])] if show_micrograd else []
        cells += [_ratio(row["ours"], row["numpy"]), _ratio(row["ours"], row["torch"]),
                  row["target"] or "–", _met(row["met"]), row["note"]]
        lines.append(cells)
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    numeric = {header.index(name) for name in ("ours", "numpy", "torch", "ours/numpy", "ours/torch")}
    numeric |= {header.index("micrograd")} if show_micrograd else set()

    def format_line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.rjust(width) if index in numeric else cell.ljust(width)
                                 for index, (cell, width) in enumerate(zip(cells, widths))) + " |"

    rule = "|" + "|".join("-" * (width + 1) + (":" if index in numeric else "-")
                          for index, width in enumerate(widths)) + "|"
    text = [format_line(lines[0]), rule, *(format_line(line) for line in lines[1:])]
    notes = [note for result in results for note in result["notes"]]
    checked = [f"{result['name']}: {', '.join(result['checked'])}" for result in results
               if result["checked"]]
    if checked:
        notes.append("Gradients checked against the hand-written numpy reference on the first "
                     "iteration — " + "; ".join(checked))
    return "\n".join(text) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"


def machine_description() -> str:
    """CPU, cores, memory, OS, Python, numpy and torch versions, and the load when measured."""
    import numpy

    from benchmarks.harness import load_torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB"
    torch = load_torch()
    versions = f"Python {platform.python_version()}, numpy {numpy.__version__}"
    versions += f", torch {torch.__version__}" if torch is not None else ", torch not installed"
    try:
        from importlib.metadata import version

        versions += f", micrograd {version('micrograd')}"
    except Exception:  # noqa: BLE001 - micrograd is optional
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average {os.getloadavg()[0]:.1f} at the end of the run"
    return (f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}; "
            f"{code_version()}; {versions}; one thread (OMP/OPENBLAS/MKL_NUM_THREADS=1, "
            f"torch.set_num_threads(1)){load}")


CLOCK_WORDS = {"cpu": "CPU time of the benchmark process (time.process_time)",
               "wall": "wall-clock time"}


def code_version() -> str:
    """The commit of the measured autograd_lab, and whether its files had uncommitted changes."""
    import subprocess

    import autograd_lab

    package = Path(autograd_lab.__file__).resolve().parent

    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=package, capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return "autograd_lab outside git"
    return f"autograd_lab at {commit}" + (" with uncommitted changes" if dirty else "")


def readme_block(results: Sequence[dict[str, Any]], when: datetime.datetime, machine: str,
                 clock: str = "cpu") -> str:
    """The README's generated part: the date, the machine, the clock, then the table."""
    return (f"Measured {when:%Y-%m-%d %H:%M} UTC on {machine}. Times are medians of interleaved "
            f"rounds, in {CLOCK_WORDS[clock]}.\n\n{table(results)}")


def update_readme(block: str, readme: Path = README) -> None:
    """Replace what lies between the bench markers in ``readme`` with ``block``."""
    text = readme.read_text(encoding="utf-8")
    if START_MARKER not in text or END_MARKER not in text:
        raise SystemExit(f"{readme} has no {START_MARKER} ... {END_MARKER} block to update")
    before, rest = text.split(START_MARKER, 1)
    _, after = rest.split(END_MARKER, 1)
    readme.write_text(f"{before}{START_MARKER}\n{block.strip()}\n{END_MARKER}{after}", encoding="utf-8")


# -- command line ---------------------------------------------------------------------------------

def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of the harness")
    parser.add_argument("--only", action="append", choices=WORKLOADS, metavar="NAME",
                        help=f"run this workload only (repeatable): {', '.join(WORKLOADS)}")
    parser.add_argument("--repeats-scale", type=float, default=1.0,
                        help="multiply every workload's number of interleaved rounds")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="time by this process's CPU time (default: other processes' load does "
                             "not count) or by the wall clock")
    parser.add_argument("--no-torch", action="store_true", help="leave torch out even if installed")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the table into README.md (full runs only)")
    parser.add_argument("--from-json", type=Path, metavar="PATH",
                        help="print (and with --update-readme, write) the table of a run saved "
                             "with --json instead of running")
    arguments = parser.parse_args(argv)
    if arguments.update_readme and (arguments.quick or arguments.only or arguments.no_torch):
        parser.error("--update-readme needs the full run: no --quick, --only or --no-torch")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.from_json:
        saved = json.loads(arguments.from_json.read_text(encoding="utf-8"))
        if saved.get("quick"):
            raise SystemExit(f"{arguments.from_json} holds a --quick run: not for the README")
        block = readme_block(saved["results"], datetime.datetime.fromisoformat(saved["date"]),
                             saved["machine"], saved.get("clock", "cpu"))
        print(block)
        if arguments.update_readme:
            update_readme(block)
        return 0

    pin_threads()
    names = arguments.only or list(WORKLOADS)
    from benchmarks import harness

    harness.use_clock(arguments.clock)
    harness.TORCH_ENABLED = not arguments.no_torch

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = run_workloads(names, quick=arguments.quick, repeat_scale=arguments.repeats_scale,
                            log=log)
    when = datetime.datetime.now(datetime.timezone.utc)
    machine = machine_description()
    block = readme_block(results, when, machine, arguments.clock)
    print(block)
    if arguments.json:
        arguments.json.write_text(json.dumps({"date": when.isoformat(), "machine": machine,
                                              "clock": arguments.clock, "quick": arguments.quick,
                                              "results": results}, indent=1, ensure_ascii=False),
                                  encoding="utf-8")
    if arguments.update_readme:
        update_readme(block)
        log(f"updated {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
