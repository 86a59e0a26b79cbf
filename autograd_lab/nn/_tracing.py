"""What ``nn`` tells a compiler's tracer about the parameters it computes outside an op."""

from __future__ import annotations

from typing import Any

from ..autograd.record import note, watching

__all__ = ["from_sizes"]


def from_sizes(*arrays: Any) -> None:
    """Tell a compiler's tracer that ``arrays`` (an op's parameters) were made from sizes alone:
    constants of the traced function."""
    if watching.count:
        for array in arrays:
            note("constant", array)
