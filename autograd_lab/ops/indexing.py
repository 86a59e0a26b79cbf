"""indexing ops (to be filled by the op library)."""

from __future__ import annotations

__all__: list[str] = []
