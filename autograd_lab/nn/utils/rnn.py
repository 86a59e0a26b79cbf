"""``torch.nn.utils.rnn``: ``pad_sequence``, sequences of different lengths padded into one batch
as torch builds it (a filled tensor, each sequence copied into its row: ``CopySlices`` nodes).
Packed sequences (``pack_padded_sequence``) are not supported."""

from __future__ import annotations

from typing import Any

from ... import creation
from ...tensor import Tensor

__all__ = ["pad_sequence"]


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
