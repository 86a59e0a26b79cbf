"""``torch.backends.cudnn``: not available here; its flags keep torch's defaults until set."""

from __future__ import annotations

__all__ = ["is_available", "version", "enabled", "benchmark", "deterministic", "allow_tf32"]

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    """Whether cuDNN can be used: never here (no GPU)."""
    return False


def version() -> None:
    """cuDNN's version: None, as torch says where it is not available."""
    return None
