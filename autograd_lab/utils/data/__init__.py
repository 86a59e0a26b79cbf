"""``torch.utils.data``: ``Dataset``, ``TensorDataset``, ``Subset``, ``random_split``,
``DataLoader`` and ``default_collate`` — mini-batches for training loops, read in this process
(shuffling draws from the same numpy generator as every random function here)."""

from __future__ import annotations

from .dataloader import DataLoader, default_collate, default_convert
from .dataset import Dataset, IterableDataset, Subset, TensorDataset, random_split

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "random_split", "DataLoader",
           "default_collate", "default_convert"]
