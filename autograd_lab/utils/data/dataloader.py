"""``DataLoader``: a dataset read in (shuffled) mini-batches, each batch collated into tensors."""

from __future__ import annotations

import collections.abc
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

import autograd_lab as _lab

from ...random import rng
from ...tensor import Tensor
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]


def default_collate(batch: list) -> Any:
    """Samples merged into one batch as torch merges them: tensors (and numpy arrays) stacked along
    a new first dim, Python floats and ints made one float64 / int64 tensor, dicts and tuples
    collated field by field (a tuple of samples becomes a list of batches), strings kept as they
    come (a tuple, from a field of tuples)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _lab.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        return _lab.stack([_lab.as_tensor(b) for b in batch], 0)
    if isinstance(elem, np.generic):
        return _lab.tensor(np.array(batch))
    if isinstance(elem, float):
        return _lab.tensor(batch, dtype=_lab.float64)
    if isinstance(elem, bool):
        return _lab.tensor(batch)
    if isinstance(elem, int):
        return _lab.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(sample) != len(elem) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(samples) for samples in zip(*batch)]
    raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                    f"lists; found {type(elem)}")


def default_convert(sample: Any) -> Any:
    """A sample as a DataLoader without batching (``batch_size=None``) hands it over: numpy arrays
    made tensors, dicts converted value by value, tuples and lists made lists."""
    if isinstance(sample, np.ndarray):
        return _lab.as_tensor(sample)
    if isinstance(sample, collections.abc.Mapping):
        return {key: default_convert(value) for key, value in sample.items()}
    if isinstance(sample, tuple) and hasattr(sample, "_fields"):
        return type(sample)(*(default_convert(item) for item in sample))
    if isinstance(sample, collections.abc.Sequence) and not isinstance(sample, (str, bytes, Tensor)):
        return [default_convert(item) for item in sample]
    return sample


def get_worker_info() -> None:
    """Information on the worker process reading this batch: None, as torch gives in the main
    process (every batch here is read in the main process, whatever ``num_workers`` says)."""
    return None


class DataLoader:
    """Batches of ``batch_size`` samples of ``dataset`` (in a new random order each pass with
    ``shuffle=True``), merged by ``collate_fn``; ``len()`` is the number of batches. Everything
    runs in this process: ``num_workers`` is accepted and changes nothing."""

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool = False,
                 sampler: Any = None, batch_sampler: Any = None, num_workers: int = 0,
                 collate_fn: Callable | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0, worker_init_fn: Any = None,
                 generator: Any = None, **options: Any) -> None:
        if shuffle and sampler is not None:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.collate_fn = collate_fn or default_collate
        self._own_collate = collate_fn is not None
        self.drop_last = drop_last
        self.generator = generator

    def _order(self) -> Any:
        if self.sampler is not None:
            return iter(self.sampler)
        if self.shuffle:
            return iter(rng(self.generator).permutation(len(self.dataset)).tolist())
        return iter(range(len(self.dataset)))

    def _batches(self) -> Iterator[list]:
        if self.batch_sampler is not None:
            return iter(self.batch_sampler)
        return iter(BatchSampler(self._order(), self.batch_size, self.drop_last))

    def __iter__(self) -> Iterator:
        if isinstance(self.dataset, IterableDataset):
            yield from self._iterate_stream()
            return
        if self.batch_size is None:
            for index in self._order():
                yield (self.collate_fn if self._own_collate else default_convert)(self.dataset[index])
            return
        for indices in self._batches():
            yield self.collate_fn([self.dataset[i] for i in indices])

    def _iterate_stream(self) -> Iterator:
        if self.batch_size is None:
            for sample in self.dataset:
                yield (self.collate_fn if self._own_collate else default_convert)(sample)
            return
        batch: list = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        indices = self.sampler if self.sampler is not None else range(len(self.dataset))
        if self.batch_size is None:
            return len(indices)
        return len(BatchSampler(indices, self.batch_size, self.drop_last))
