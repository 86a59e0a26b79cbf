"""``torch.nn.parallel`` on a machine without a GPU: ``DataParallel`` (which then runs the module
itself) and ``data_parallel``, which, as torch's, finds no device to run on and says so."""

from __future__ import annotations

from typing import Any

from .containers import DataParallel
from .module import Module

__all__ = ["DataParallel", "data_parallel"]


def data_parallel(module: Module, inputs: Any, device_ids: Any = None, output_device: Any = None,
                  dim: int = 0, module_kwargs: Any = None) -> Any:
    """``module`` run on ``inputs`` split across GPUs: with none (always so here), torch's error."""
    raise RuntimeError("device type could not be determined")
