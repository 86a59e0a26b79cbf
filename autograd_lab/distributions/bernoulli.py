"""``Bernoulli``: 1 with probability ``probs`` (or ``sigmoid(logits)``), else 0."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..nn.functional import binary_cross_entropy_with_logits
from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Bernoulli"]


class Bernoulli(Distribution):
    """Coin flips: 1.0 with probability ``probs`` (or ``sigmoid(logits)``), 0.0 otherwise."""

    has_enumerate_support = True
    arg_constraints = {"probs": "Interval(lower_bound=0.0, upper_bound=1.0)", "logits": "Real()"}

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
            if validate_args is not False:
                self._check("probs", self.probs, "Interval(lower_bound=0.0, upper_bound=1.0)",
                            (self.probs >= 0) & (self.probs <= 1))
        else:
            (self.logits,) = broadcast_all(logits)
        param = self.probs if probs is not None else self.logits
        self._dtype = param.dtype  # (of the support; reading the other parameter would compute it)
        super().__init__(param.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @lazy_property
    def logits(self) -> Tensor:
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self) -> Tensor:
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def mean(self) -> Tensor:
        return self.probs

    @property
    def mode(self) -> Tensor:
        """1 where ``probs > 1/2``, 0 where below, NaN at 1/2 (no single mode)."""
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return _lab.where(self.probs == 0.5, _lab.full_like(mode, float("nan")), mode)

    @property
    def variance(self) -> Tensor:
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        with _lab.no_grad():
            return _lab.bernoulli(self.probs.expand(shape))

    def log_prob(self, value: Any) -> Tensor:
        """``value log p + (1 - value) log(1 - p)``, as minus the BCE of the logits."""
        if self._validate:
            self._check_sample(value, "Boolean()", (value == 0) | (value == 1))
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def enumerate_support(self, expand: bool = True) -> Tensor:
        values = _lab.arange(2, dtype=self._dtype)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values

    def entropy(self) -> Tensor:
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")
