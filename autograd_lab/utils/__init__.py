"""``torch.utils``: the parts teaching code uses (``benchmark.Timer``, ``data.DataLoader``)."""

from . import benchmark, data

__all__ = ["benchmark", "data"]
