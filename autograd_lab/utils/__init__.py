"""``torch.utils``: the parts teaching code uses (``benchmark.Timer``, ``data.DataLoader``,
``checkpoint``, ``swap_tensors``)."""

from . import benchmark, checkpoint, data
from .swap import swap_tensors

__all__ = ["benchmark", "checkpoint", "data", "swap_tensors"]
