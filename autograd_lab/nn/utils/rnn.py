"""``torch.nn.utils.rnn``: ``pad_sequence``, sequences of different lengths padded into one batch
as torch builds it (a filled tensor, each sequence copied into its row: ``CopySlices`` nodes), and
packed sequences: ``pack_padded_sequence`` (the valid steps of a padded batch, time step after time
step, longest sequence first: ``PackPaddedSequenceBackward0``), ``pad_packed_sequence`` (back to a
padded batch, in the original order), ``pack_sequence``, ``unpack_sequence`` and
``unpad_sequence``. The recurrent layers take a ``PackedSequence`` and return one."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np

from ... import creation
from ...autograd.op import Op
from ...ops._grad import zeros
from ...tensor import Tensor

__all__ = ["pad_sequence", "PackedSequence", "pack_padded_sequence", "pad_packed_sequence",
           "pack_sequence", "unpack_sequence", "unpad_sequence", "invert_permutation"]


class PackedSequence(namedtuple("PackedSequence_",
                                ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """A batch of sequences of different lengths: ``data`` holds the steps of the sequences (sorted
    longest first) time step after time step, ``batch_sizes[t]`` how many are at least ``t + 1``
    long; ``sorted_indices`` is that order (None when the batch was given sorted) and
    ``unsorted_indices`` its inverse."""

    __slots__ = ()

    def __new__(cls, data: Tensor, batch_sizes: Tensor | None = None,
                sorted_indices: Tensor | None = None,
                unsorted_indices: Tensor | None = None) -> PackedSequence:
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    @property
    def is_cuda(self) -> bool:
        return False

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """The sequence with its data converted (``.to(dtype)``); the indices stay as they are."""
        data = self.data.to(*args, **kwargs)
        return self if data is self.data else type(self)(data, self.batch_sizes,
                                                         self.sorted_indices, self.unsorted_indices)


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The permutation that undoes ``permutation`` (None stays None)."""
    if permutation is None:
        return None
    inverse = np.empty_like(permutation._data)
    inverse[permutation._data] = np.arange(permutation._data.size)
    return Tensor._make(inverse)


class PackPaddedSequence(Op):
    """The valid steps of a padded ``(T, B, *)`` batch (sorted longest first), time step after time
    step: ``result = cat(self[t, :batch_sizes[t]] for t)``.

    Backward:  grad_self = grad's rows copied back to their steps of zeros (torch's
               _pack_padded_sequence_backward: a CopySlices node per step)
    Forward:   result_t = the same rows of self_t (this op again)
    """

    __slots__ = ("batch_sizes", "shape")

    def forward(self, a: np.ndarray, batch_sizes: tuple) -> np.ndarray:
        self.batch_sizes, self.shape = batch_sizes, a.shape
        return np.concatenate([a[step, :size] for step, size in enumerate(batch_sizes)])

    def backward(self, grad: Any) -> Any:
        return _copy_steps(zeros(self.shape, grad), grad, self.batch_sizes)

    def jvp(self, self_t: Any) -> Any:
        return PackPaddedSequence.apply(self_t, batch_sizes=self.batch_sizes)


def _copy_steps(out: Tensor, data: Tensor, batch_sizes: Any) -> Tensor:
    """Packed rows ``data`` copied into their steps of the padded ``out`` (in place, as torch)."""
    start = 0
    for step, size in enumerate(batch_sizes):
        out[step, :size] = data[start:start + size]
        start += size
    return out


def pack_padded_sequence(input: Tensor, lengths: Any, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """A padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``) of sequences of
    ``lengths`` as a PackedSequence. With ``enforce_sorted`` the lengths must be decreasing;
    otherwise the batch is sorted longest first (``index_select``) and the order kept."""
    sizes = np.asarray(lengths._data if isinstance(lengths, Tensor) else lengths, dtype=np.int64)
    if enforce_sorted:
        if np.any(sizes[1:] > sizes[:-1]):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
                "to sidestep this requirement if you do not need ONNX exportability.")
        sorted_indices = None
    else:
        order = np.argsort(-sizes, kind="stable")
        sizes = sizes[order]
        sorted_indices = Tensor._make(order.astype(np.int64))
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    if sizes.size and sizes[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in "
                           "'lengths' that is <= 0")
    if sizes.size and sizes[0] > input.shape[0]:
        raise RuntimeError(f"Expected sequence length to be at most {input.shape[0]} (the input's "
                           f"length), but got {sizes[0]}")
    batch_sizes = tuple(int((sizes > step).sum()) for step in range(int(sizes[0])))
    data = PackPaddedSequence.apply(input, batch_sizes=batch_sizes)
    return PackedSequence(data, Tensor._make(np.array(batch_sizes, dtype=np.int64)),
                          sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """A PackedSequence back to a padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``),
    in the order it was given, and the lengths (int64). ``total_length`` pads ``T`` further."""
    data, batch_sizes = sequence.data, [int(n) for n in sequence.batch_sizes._data]
    longest = len(batch_sizes)
    if total_length is not None:
        if total_length < longest:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {longest}")
        longest = total_length
    batch = batch_sizes[0] if batch_sizes else 0
    out = _copy_steps(creation.full((longest, batch, *data.shape[1:]), padding_value,
                                    dtype=data.dtype), data, batch_sizes)
    lengths = np.array([sum(1 for size in batch_sizes if size > row) for row in range(batch)],
                       dtype=np.int64)
    if batch_first:
        out = out.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        out = out.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices._data]
    return out, Tensor._make(lengths)


def pack_sequence(sequences: Any, enforce_sorted: bool = True) -> PackedSequence:
    """Tensors of different lengths (each ``(L_i, *)``) as a PackedSequence: padded, then packed."""
    lengths = [sequence.shape[0] for sequence in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """A PackedSequence as the list of its sequences, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor,
                   batch_first: bool = False) -> list[Tensor]:
    """Each sequence of a padded batch, cut to its length (picked by a mask, as torch picks it:
    ``IndexBackward0``). torch transposes a time-first batch in place; here the caller's tensor is
    left as it is."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    steps = creation.arange(padded_sequences.shape[1])
    return [sequence[steps < length] for sequence, length in zip(padded_sequences, lengths)]


def pad_sequence(sequences: Any, batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """The tensors of ``sequences`` (each ``(L_i, *)``) stacked into ``(L, B, *)`` (``(B, L, *)``
    with ``batch_first``), ``L`` the longest, the shorter ones filled with ``padding_value`` after
    their end (``padding_side='left'``: before their start)."""
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    longest = max(sequence.shape[0] for sequence in sequences)
    trailing = tuple(sequences[0].shape[1:])
    batch = len(sequences)
    sizes = (batch, longest, *trailing) if batch_first else (longest, batch, *trailing)
    out = creation.full(sizes, padding_value, dtype=sequences[0].dtype)
    for index, sequence in enumerate(sequences):
        length = sequence.shape[0]
        start = longest - length if padding_side == "left" else 0
        out.select(0 if batch_first else 1, index).narrow(0, start, length).copy_(sequence)
    return out
