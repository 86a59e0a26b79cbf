"""``torch.utils.data``: ``Dataset``, ``TensorDataset``, ``Subset``, ``random_split``,
``StackDataset``, ``ChainDataset``, ``DataLoader``, ``get_worker_info`` (None: batches are read in this
process), ``default_collate`` and the samplers (``RandomSampler``, ``BatchSampler``, ...)
— mini-batches for training loops, read in this process
(shuffling draws from the same numpy generator as every random function here)."""

from __future__ import annotations

from .dataloader import DataLoader, default_collate, default_convert, get_worker_info
from .dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset", "StackDataset",
           "ChainDataset", "random_split", "DataLoader", "get_worker_info",
           "default_collate", "default_convert", "Sampler", "SequentialSampler", "RandomSampler",
           "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler"]
