"""``torch.utils.data``: ``Dataset``, ``TensorDataset``, ``Subset``, ``random_split``,
``DataLoader``, ``default_collate`` and the samplers (``RandomSampler``, ``BatchSampler``, ...)
— mini-batches for training loops, read in this process
(shuffling draws from the same numpy generator as every random function here)."""

from __future__ import annotations

from .dataloader import DataLoader, default_collate, default_convert
from .dataset import ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset", "random_split",
           "DataLoader",
           "default_collate", "default_convert", "Sampler", "SequentialSampler", "RandomSampler",
           "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler"]
