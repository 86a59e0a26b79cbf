"""``Multinomial``: the counts of ``total_count`` categorical draws."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .categorical import Categorical
from .distribution import Distribution, broadcast_all

__all__ = ["Multinomial"]


class Multinomial(Distribution):
    """How many of ``total_count`` independent draws from ``Categorical(probs)`` fell in each
    category (a float tensor of counts, the categories along the last dim)."""

    arg_constraints = {"probs": "Simplex()", "logits": "IndependentConstraint(Real(), 1)"}

    def __init__(self, total_count: int = 1, probs: Tensor | None = None,
                 logits: Tensor | None = None, validate_args: bool | None = None) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits, validate_args=validate_args)
        param = self._categorical.param_shape
        super().__init__(self._categorical.batch_shape, param[-1:], validate_args=validate_args)

    @property
    def probs(self) -> Tensor:
        return self._categorical.probs

    @property
    def logits(self) -> Tensor:
        return self._categorical.logits

    @property
    def param_shape(self) -> Size:
        return self._categorical.param_shape

    @property
    def mean(self) -> Tensor:
        return self.probs * self.total_count

    @property
    def variance(self) -> Tensor:
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Counts of shape ``sample_shape + batch_shape + (K,)``, as floats."""
        sample_shape = Size(sample_shape)
        draws = self._categorical.sample(Size((self.total_count,)) + sample_shape)._data
        categories = self._event_shape[0]
        counts = (draws[..., None] == np.arange(categories)).sum(axis=0)
        return Tensor._make(counts.astype(self.probs._data.dtype).reshape(
            self._extended_shape(sample_shape)))

    def log_prob(self, value: Tensor) -> Tensor:
        """``log(n!) - sum(log(x_i!)) + sum(x_i log p_i)``."""
        logits, value = broadcast_all(self.logits, value)
        logits = _lab.where((value == 0) & (logits == -float("inf")), _lab.zeros_like(logits), logits)
        log_factorial_n = _lab.lgamma(value.sum(-1) + 1)
        log_factorial_xs = _lab.lgamma(value + 1).sum(-1)
        log_powers = (logits * value).sum(-1)
        return log_factorial_n - log_factorial_xs + log_powers
