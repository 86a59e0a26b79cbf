"""``Binomial``: the number of successes in ``total_count`` independent trials."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Binomial"]


def _positive_part(x: Tensor) -> Tensor:
    """``max(x, 0)`` written so that its gradient at 0 is 1/2 (as torch's formula has it)."""
    return (x.clamp(min=0) + x - x.clamp(max=0)) / 2


class Binomial(Distribution):
    """Successes among ``total_count`` trials, each a success with probability ``probs`` (or
    ``sigmoid(logits)``): float counts from 0 to ``total_count``."""

    _expanded_attributes = ("_param",)
    arg_constraints = {"total_count": "IntegerGreaterThan(lower_bound=0)",
                       "probs": "Interval(lower_bound=0.0, upper_bound=1.0)", "logits": "Real()"}
    has_enumerate_support = True

    def __init__(self, total_count: Any = 1, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            self.total_count = self.total_count.type_as(self.probs)
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            self.total_count = self.total_count.type_as(self.logits)
        self._param = self.probs if probs is not None else self.logits
        if validate_args is not False:  # torch checks the parameters in this order
            count = self.total_count
            self._check("total_count", count, self.arg_constraints["total_count"],
                        (count == count.floor()) & (count >= 0))
            if probs is not None:
                self._check("probs", self.probs, self.arg_constraints["probs"],
                            (self.probs >= 0) & (self.probs <= 1))
            else:
                self._check("logits", self.logits, "Real()", self.logits == self.logits)
        super().__init__(self._param.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @lazy_property
    def logits(self) -> Tensor:
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self) -> Tensor:
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self) -> Size:
        return self._param.size()

    @property
    def mean(self) -> Tensor:
        return self.total_count * self.probs

    @property
    def mode(self) -> Tensor:
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self) -> Tensor:
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Float counts of shape ``sample_shape + batch_shape``, outside the graph."""
        shape = self._extended_shape(Size(sample_shape))
        with _lab.no_grad():
            return _lab.binomial(self.total_count.expand(shape), self.probs.expand(shape))

    def log_prob(self, value: Any) -> Tensor:
        """``log C(n, k) + k log p + (n - k) log(1 - p)``, from the logits:
        ``k logits - n softplus(logits) + lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)``."""
        if self._validate:
            self._check_sample(value, f"IntegerInterval(lower_bound=0, upper_bound={self.total_count})",
                               (value == value.floor()) & (value >= 0) & (value <= self.total_count))
        n = self.total_count
        # the terms in torch's order, so the graph has torch's nodes
        normalize = (n * _positive_part(self.logits) + n * _lab.log1p(_lab.exp(-self.logits.abs()))
                     - _lab.lgamma(n + 1))
        return (value * self.logits - _lab.lgamma(value + 1) - _lab.lgamma(n - value + 1)
                - normalize)

    def _homogeneous_count(self, what: str) -> int:
        """The one ``total_count`` of the batch (enumerating needs one support for all)."""
        count = int(self.total_count.max())
        if not self.total_count.min() == count:
            raise NotImplementedError(f"Inhomogeneous total count not supported by `{what}`.")
        return count

    def entropy(self) -> Tensor:
        """``-sum_k p(k) log p(k)`` over the support."""
        self._homogeneous_count("entropy")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(_lab.exp(log_prob) * log_prob).sum(0)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """``0, 1, ..., total_count`` along a new first dim (expanded over the batch)."""
        count = self._homogeneous_count("enumerate_support")
        values = _lab.arange(1 + count, dtype=self._param.dtype)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values
