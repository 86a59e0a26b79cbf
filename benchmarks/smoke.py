"""CI's benchmark smoke run: the whole command line once with ``--quick``, as a user would type it.

``tests/test_benchmarks_smoke.py`` runs each workload function; this runs ``python -m benchmarks
--quick`` in a fresh process (through the re-exec that pins the threads, the table and the notes)
and fails unless it exits cleanly with a row for every workload. No time is judged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(REPOSITORY))
    from benchmarks.run import WORKLOADS

    # without the thread pins, so the run goes through the re-exec that sets them
    environment_free_of_pins = {key: value for key, value in os.environ.items()
                                if not key.endswith("_NUM_THREADS")}
    completed = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=REPOSITORY,
                               capture_output=True, text=True, env=environment_free_of_pins,
                               check=False)
    print(completed.stdout)
    if completed.returncode != 0:
        print(completed.stderr, file=sys.stderr)
        print(f"benchmark smoke run failed with exit code {completed.returncode}", file=sys.stderr)
        return 1
    rows = [line for line in completed.stdout.splitlines() if line.startswith("| ")]
    missing = [name for name in WORKLOADS if not any(line.startswith(f"| {name}") for line in rows)]
    if missing:
        print(f"benchmark smoke run printed no row for {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"benchmark smoke run: {len(WORKLOADS)} workloads, {len(rows) - 1} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
