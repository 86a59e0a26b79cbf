"""``torch.backends.mps`` (Apple GPUs): neither built nor available here."""

from __future__ import annotations

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """Whether an Apple GPU can be used: never here."""
    return False


def is_built() -> bool:
    """Whether this build supports Apple GPUs: never here."""
    return False
