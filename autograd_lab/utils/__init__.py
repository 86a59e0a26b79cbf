"""``torch.utils``: the parts teaching code uses (``benchmark.Timer``)."""

from . import benchmark

__all__ = ["benchmark"]
