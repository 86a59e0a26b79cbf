"""``Exponential``: waiting times between events that occur at ``rate`` per unit time."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all

__all__ = ["Exponential"]


class Exponential(Distribution):
    """The exponential distribution of rate ``rate`` (density ``rate e**(-rate x)`` on x >= 0);
    ``rsample`` is ``e / rate`` for a standard exponential draw ``e``."""

    arg_constraints = {"rate": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, rate: Any, validate_args: bool | None = None) -> None:
        (self.rate,) = broadcast_all(rate)
        if validate_args is not False:
            self._check("rate", self.rate, self.arg_constraints["rate"], self.rate > 0)
        super().__init__(self.rate.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def mean(self) -> Tensor:
        return self.rate.reciprocal()

    @property
    def mode(self) -> Tensor:
        return _lab.zeros_like(self.rate)

    @property
    def stddev(self) -> Tensor:
        return self.rate.reciprocal()

    @property
    def variance(self) -> Tensor:
        return self.rate.pow(-2)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        return _lab.empty(shape, dtype=self.rate.dtype).exponential_() / self.rate

    def _check_support(self, value: Tensor) -> None:
        if self._validate:
            self._check_sample(value, "GreaterThanEq(lower_bound=0.0)", value >= 0)

    def log_prob(self, value: Tensor) -> Tensor:
        """``log(rate) - rate value``."""
        self._check_support(value)
        return self.rate.log() - self.rate * value

    def cdf(self, value: Tensor) -> Tensor:
        self._check_support(value)
        return 1 - _lab.exp(-self.rate * value)

    def icdf(self, value: Tensor) -> Tensor:
        return -_lab.log1p(-value) / self.rate

    def entropy(self) -> Tensor:
        return 1.0 - _lab.log(self.rate)
