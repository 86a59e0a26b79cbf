"""``torch.backends.cuda``: not built here; ``matmul`` holds torch's precision flags."""

from __future__ import annotations

from typing import Any

__all__ = ["is_built", "matmul"]


def is_built() -> bool:
    """Whether this build has CUDA: never here."""
    return False


class _Flags:
    """A settings object of ``torch.backends`` (``cuda.matmul``): its flags can be read and set,
    an unknown one is refused with torch's AttributeError. Without a GPU they change nothing."""

    def __init__(self, **flags: Any) -> None:
        object.__setattr__(self, "_flags", dict(flags))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._flags[name]
        except KeyError:
            raise AttributeError(f"Unknown attribute {name}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._flags:
            raise AttributeError(f"Unknown attribute {name}")
        self._flags[name] = value


# torch's defaults
matmul = _Flags(allow_tf32=False, allow_fp16_reduced_precision_reduction=True,
                allow_bf16_reduced_precision_reduction=True)
