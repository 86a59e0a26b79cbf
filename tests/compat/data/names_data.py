"""The char-RNN tutorials' ``data/names/<language>.txt`` files, written from a few names per
language into a temporary directory that becomes the working directory (the tutorials read the
download from ``data/names``)."""

from __future__ import annotations

import os
import tempfile


def write_names(names: dict[str, list[str]]) -> str:
    """Write one file of names per language under ``<temporary root>/data/names``, change into the
    root and return it (the caller removes it)."""
    root = tempfile.mkdtemp(prefix="char-rnn-")
    os.makedirs(os.path.join(root, "data", "names"))
    for language, lines in names.items():
        with open(os.path.join(root, "data", "names", language + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    os.chdir(root)
    return root
