"""``Uniform``: every value in ``[low, high)`` equally likely."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all

__all__ = ["Uniform"]


class Uniform(Distribution):
    """The uniform distribution on ``[low, high)``; ``rsample`` is ``low + u (high - low)`` for
    ``u ~ U[0, 1)``."""

    arg_constraints = {"low": "Real()", "high": "Real()"}
    has_rsample = True

    def __init__(self, low: Any, high: Any, validate_args: bool | None = None) -> None:
        self.low, self.high = broadcast_all(low, high)
        if validate_args is not False:
            self._check("low", self.low, f"LessThan(upper_bound={self.high})", self.low < self.high)
        super().__init__(self.low.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def mean(self) -> Tensor:
        return (self.high + self.low) / 2

    @property
    def mode(self) -> Tensor:
        return float("nan") * self.high  # (every value of the interval is one)

    @property
    def stddev(self) -> Tensor:
        return (self.high - self.low) / 12**0.5

    @property
    def variance(self) -> Tensor:
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        rand = _lab.rand(shape, dtype=self.low.dtype)
        return self.low + rand * (self.high - self.low)

    def log_prob(self, value: Tensor) -> Tensor:
        """``-log(high - low)`` inside ``[low, high)``."""
        self._check_support(value)
        lb = self.low.le(value).type_as(self.low)
        ub = self.high.gt(value).type_as(self.low)
        return _lab.log(lb.mul(ub)) - _lab.log(self.high - self.low)

    def _check_support(self, value: Tensor) -> None:
        if self._validate:
            self._check_sample(value, f"Interval(lower_bound={self.low}, upper_bound={self.high})",
                               (self.low <= value) & (value <= self.high))

    def cdf(self, value: Tensor) -> Tensor:
        self._check_support(value)
        return ((value - self.low) / (self.high - self.low)).clamp(min=0, max=1)

    def icdf(self, value: Tensor) -> Tensor:
        return value * (self.high - self.low) + self.low

    def entropy(self) -> Tensor:
        return _lab.log(self.high - self.low)
