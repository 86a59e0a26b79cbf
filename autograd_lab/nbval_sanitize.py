"""The nbval sanitize file that ships with autograd_lab, for checking notebooks with nbval.

Notebooks that use autograd_lab print a few things that change from run to run although the
library behaves the same: memory addresses in reprs (``<AddBackward0 object at 0x7f...>``, as in
PyTorch 2.x) and the kernel's file name for a cell in warnings. ``nbval_sanitize.cfg``, next to
this module, holds the patterns that replace them before nbval compares outputs. Use it for your
own lessons as well::

    python -m autograd_lab.nbval_sanitize          # prints the path of the cfg
    pytest --nbval --nbval-current-env \\
        --nbval-sanitize-with "$(python -m autograd_lab.nbval_sanitize)" my_lessons/

``python -m autograd_lab.nbval_sanitize --patterns`` lists the patterns. This module imports the
standard library only (no nbval, no IPython).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CFG_PATH", "SanitizePattern", "cfg_path", "patterns", "sanitize", "main"]

#: The sanitize file, installed with the package (package data).
CFG_PATH = Path(__file__).with_name("nbval_sanitize.cfg")

# How nbval 0.11 reads a sanitize file (nbval.plugin.get_sanitize_patterns): a "regex:" line
# directly followed by a "replace:" line. Parsing the same way keeps this module's view of the
# file identical to nbval's.
_PAIR = re.compile(r"^regex: (.*)$\n^replace: (.*)$", re.MULTILINE)
_SECTION = re.compile(r"^\[(.+)\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class SanitizePattern:
    """One regex/replacement pair of the sanitize file, with the ``[section]`` it sits in."""

    section: str
    regex: str
    replace: str

    def apply(self, text: str) -> str:
        """``text`` with every match replaced, as nbval does (``re.sub``)."""
        return re.sub(self.regex, self.replace, text)


def cfg_path() -> Path:
    """The path of the sanitize file, for ``pytest --nbval-sanitize-with``."""
    return CFG_PATH


def patterns(path: Path | str = CFG_PATH) -> list[SanitizePattern]:
    """The patterns of a sanitize file, in the order nbval applies them."""
    text = Path(path).read_text(encoding="utf-8")
    sections = [(match.start(), match.group(1)) for match in _SECTION.finditer(text)]
    found = []
    for pair in _PAIR.finditer(text):
        section = next((name for start, name in reversed(sections) if start < pair.start()), "")
        found.append(SanitizePattern(section, pair.group(1), pair.group(2)))
    return found


def sanitize(text: str, path: Path | str = CFG_PATH) -> str:
    """``text`` as nbval compares it: every pattern of the sanitize file applied in order."""
    for pattern in patterns(path):
        text = pattern.apply(text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Print the sanitize file's path (or, with ``--patterns``, its patterns)."""
    parser = argparse.ArgumentParser(
        prog="python -m autograd_lab.nbval_sanitize",
        description="Print the path of autograd_lab's nbval sanitize file, for "
        "pytest --nbval --nbval-sanitize-with PATH.",
    )
    parser.add_argument("--patterns", action="store_true", help="list the patterns instead of the path")
    args = parser.parse_args(argv)
    if args.patterns:
        for pattern in patterns():
            print(f"[{pattern.section}] {pattern.regex}  ->  {pattern.replace}")
    else:
        print(cfg_path())
    return 0


if __name__ == "__main__":
    sys.exit(main())
