"""``F.embedding_bag`` and ``nn.EmbeddingBag``: rows of a weight picked by indices and reduced bag by
bag (``sum``, ``mean`` or ``max``), the bags given by ``offsets`` into a 1-D input (or the rows of a
2-D one), as torch's CPU kernel computes them. The ``padding_idx`` row is left out of its bag (and
out of a mean's count); an empty bag gives zeros."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.op import Op
from ..tensor import Tensor
from .functional import EmbeddingDenseBackward

__all__ = ["embedding_bag"]


class EmbeddingBag(Op):
    """Each bag ``b`` of the picked rows reduced: ``out[b] = sum_j c_j * weight[indices[j]]`` over
    the positions ``j`` of bag ``b`` (``c_j``: 1 for sum, or its per-sample weight; for mean the
    rows are summed, then divided by the bag's size; for max, 1 at the position holding each
    column's largest value, the first of a tie, and 0 elsewhere).

    Backward:  grad_weight[i] = sum over the positions j with indices[j] == i of c_j * grad[bag_j]
               (mean: c_j = 1 / the bag's size; the node EmbeddingDenseBackward of those rows)
    Forward:   result_t = the same reduction of weight_t (max: at the same positions)
    """

    __slots__ = ("indices", "bags", "count", "shares", "num_weights")

    def forward(self, weight: np.ndarray, indices: np.ndarray, bags: np.ndarray, count: int,
                scale: np.ndarray, sizes: np.ndarray | None, max_mode: bool) -> np.ndarray:
        self.indices, self.bags, self.count = indices, bags, count
        self.num_weights = weight.shape[0]
        rows = weight[indices]
        out = np.zeros((count, weight.shape[1]), dtype=weight.dtype)
        columns = np.arange(rows.shape[1])
        if max_mode:
            # c_j per position and column: 1 where the bag's maximum is (the first of a tie)
            shares = np.zeros(rows.shape, dtype=weight.dtype)
            for bag in np.unique(bags):
                where = np.flatnonzero(bags == bag)
                best = where[np.argmax(rows[where], axis=0)]
                shares[best, columns] = 1
                out[bag] = rows[best, columns]
            self.shares = shares
            return out
        np.add.at(out, bags, rows * scale[:, None])
        if sizes is not None:  # mean: the sum divided by the bag's size (an empty bag stays 0)
            out /= np.maximum(sizes, 1).astype(weight.dtype)[:, None]
            scale = (1 / np.maximum(sizes, 1))[bags].astype(weight.dtype)
        self.shares = scale[:, None]
        return out

    def backward(self, grad: Any) -> Any:
        return EmbeddingDenseBackward.apply(grad[self.bags] * self.shares, indices=self.indices,
                                            num_weights=self.num_weights, padding_idx=None)

    def jvp(self, weight_t: Any) -> Any:
        # (each bag's scaled rows added into its output row: embedding's backward, bags as indices)
        return EmbeddingDenseBackward.apply(weight_t[self.indices] * self.shares, indices=self.bags,
                                            num_weights=self.count, padding_idx=None)


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,
                  max_norm: float | None = None, norm_type: float = 2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Tensor | None = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """The rows of ``weight`` picked by ``input``, reduced per bag by ``mode``: ``(bags, dim)``."""
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not "
                         f"None, then it must have the same shape as the input ({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    indices = input._data
    if input.dim() == 2:
        if offsets is not None:
            kind = "<class 'torch.Tensor'>" if isinstance(offsets, Tensor) else str(type(offsets))
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a "
                             "mini-batch of fixed length sequences. However, found offsets of type "
                             f"{kind}")
        starts = np.arange(0, indices.size, max(indices.shape[1], 1))
        include_last_offset = False
        indices = indices.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        starts = offsets._data
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported "
            f"for mode='sum' (got mode='{mode}'). Please open a feature request on GitHub.")
    if sparse or scale_grad_by_freq or max_norm is not None:
        raise NotImplementedError("autograd_lab's embedding_bag supports neither sparse, "
                                  "scale_grad_by_freq nor max_norm")
    if per_sample_weights is not None and per_sample_weights.requires_grad:
        raise NotImplementedError("autograd_lab's embedding_bag takes per_sample_weights as "
                                  "constants: they cannot require grad")
    if input.is_floating_point():
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following "
                           f"scalar types: Long, Int; but got {input.type()} instead (while checking "
                           f"arguments for embedding_bag)")
    starts = np.asarray(starts, dtype=np.int64)
    if starts.size and starts[0] != 0:
        raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has "
                           f"to start from position 0. However, got {starts[0]}")
    if starts.size and starts[-1] > indices.size:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {indices.size} but "
                           f"got offsets[-1] of {starts[-1]}")
    if include_last_offset and starts.size and starts[-1] != indices.size:
        # torch's CPU kernels then disagree on where the last bag ends (some read to the input's
        # end, some to offsets[-1], depending on dtype, mode and padding_idx): refused
        raise NotImplementedError("autograd_lab's embedding_bag takes include_last_offset=True "
                                  "only with offsets[-1] equal to the input's length")
    rows = weight.shape[0]
    outside = np.flatnonzero((indices < 0) | (indices >= rows))
    if outside.size:
        position = int(outside[0])
        raise RuntimeError(f"Index {position} of input takes value {int(indices[position])} which "
                           f"is not in the valid range [0, {rows})")
    count = starts.size - 1 if include_last_offset else starts.size
    ends = np.append(starts[1:], indices.size)[:count] if not include_last_offset else starts[1:]
    bags = np.repeat(np.arange(count), np.maximum(ends - starts[:count], 0))
    positions = np.concatenate([np.arange(s, e) for s, e in zip(starts[:count], ends)]) \
        if count else np.zeros(0, dtype=np.int64)
    positions = positions.astype(np.int64)
    picked = indices[positions].astype(np.int64)
    if padding_idx is not None:
        padding_idx %= rows
        kept = picked != padding_idx
        positions, picked, bags = positions[kept], picked[kept], bags[kept]
    dtype = weight._data.dtype
    sizes = np.bincount(bags, minlength=count) if mode == "mean" else None
    if per_sample_weights is not None:
        scale = per_sample_weights._data.reshape(-1)[positions].astype(dtype)
    else:
        scale = np.ones(picked.size, dtype=dtype)
    return EmbeddingBag.apply(weight, indices=picked, bags=bags, count=count, scale=scale,
                              sizes=sizes, max_mode=mode == "max")
