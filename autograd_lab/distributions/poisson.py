"""``Poisson``: counts of events that occur at ``rate`` per interval."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all

__all__ = ["Poisson"]


class Poisson(Distribution):
    """The Poisson distribution of mean ``rate``: float counts 0, 1, 2, ..."""

    arg_constraints = {"rate": "GreaterThanEq(lower_bound=0.0)"}

    def __init__(self, rate: Any, validate_args: bool | None = None) -> None:
        (self.rate,) = broadcast_all(rate)
        if validate_args is not False:
            self._check("rate", self.rate, self.arg_constraints["rate"], self.rate >= 0)
        super().__init__(self.rate.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def mean(self) -> Tensor:
        return self.rate

    @property
    def mode(self) -> Tensor:
        return self.rate.floor()

    @property
    def variance(self) -> Tensor:
        return self.rate

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Float counts of shape ``sample_shape + batch_shape``, outside the graph."""
        shape = self._extended_shape(Size(sample_shape))
        with _lab.no_grad():
            return _lab.poisson(self.rate.expand(shape))

    def log_prob(self, value: Any) -> Tensor:
        """``value log(rate) - rate - lgamma(value + 1)`` (``0 log 0 = 0``, by ``xlogy``)."""
        if self._validate:
            self._check_sample(value, "IntegerGreaterThan(lower_bound=0)",
                               (value == value.floor()) & (value >= 0))
        rate, value = broadcast_all(self.rate, value)
        return _lab.xlogy(value, rate) - rate - _lab.lgamma(value + 1)
