"""``torch.utils``: the parts teaching code uses (``benchmark.Timer``, ``data.DataLoader``,
``checkpoint``)."""

from . import benchmark, checkpoint, data

__all__ = ["benchmark", "checkpoint", "data"]
