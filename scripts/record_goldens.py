"""Regenerate the golden files that tests compare against, from the real PyTorch.

Every ``tests/goldens/record_<area>.py`` exposes ``record() -> dict``; its result is written to
``tests/goldens/<area>.json`` (sorted keys, indent 1). Run from anywhere:

    .venv/bin/python scripts/record_goldens.py            # every area
    .venv/bin/python scripts/record_goldens.py printing   # only the named areas
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLDENS_DIR = REPO_ROOT / "tests" / "goldens"
RECORDER_PREFIX = "record_"


PARITY_DIR = REPO_ROOT / "tests" / "parity"


def recorder_paths() -> dict[str, Path]:
    """Every recorder module, by area name (``record_printing.py`` -> ``printing``); each parity case
    table ``tests/parity/cases_<area>.py`` is the area ``parity_<area>``."""
    paths = {path.stem.removeprefix(RECORDER_PREFIX): path
             for path in sorted(GOLDENS_DIR.glob(f"{RECORDER_PREFIX}*.py"))}
    paths.update({f"parity_{path.stem.removeprefix('cases_')}": path
                  for path in sorted(PARITY_DIR.glob("cases_*.py"))})
    return paths


def record(area: str, path: Path) -> dict:
    """What one area records: a recorder's ``record()``, or a parity table run under torch."""
    if area.startswith("parity_"):
        from tests.parity import record_area

        return record_area(area.removeprefix("parity_"))
    return load_recorder(path).record()


def load_recorder(path: Path) -> ModuleType:
    """Import a recorder module from its file (tests/goldens is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_goldens_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load recorder {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_golden(area: str, data: dict) -> Path:
    """Write one area's golden JSON and return its path."""
    target = GOLDENS_DIR / f"{area}.json"
    target.write_text(json.dumps(data, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """Record the requested areas (all by default); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("areas", nargs="*", help="areas to record (default: all)")
    args = parser.parse_args(argv)
    # Recorders may import the package itself, e.g. to reuse a shared case table.
    sys.path.insert(0, str(REPO_ROOT))
    available = recorder_paths()
    unknown = sorted(set(args.areas) - set(available))
    if unknown:
        parser.error(f"no recorder for {', '.join(unknown)}; known: {', '.join(available)}")
    for area in args.areas or available:
        target = write_golden(area, record(area, available[area]))
        print(f"wrote {target.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
