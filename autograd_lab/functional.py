"""``torch.functional``: the torch-level functions torch writes in Python (``einsum``, ``norm``,
``split``, ``meshgrid`` ...), the same functions as ``torch.<name>``. Imported on first use (``import
torch.functional as F``), when the package is complete."""

from __future__ import annotations

from autograd_lab import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_shapes,
    broadcast_tensors,
    einsum,
    meshgrid,
    norm,
    split,
    unique,
)

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors", "einsum",
           "meshgrid", "norm", "split", "unique"]
