"""``Gamma``: positive values of shape ``concentration`` and ``rate``."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, broadcast_all

__all__ = ["Gamma"]


class Gamma(Distribution):
    """The Gamma distribution (density ``rate**c x**(c - 1) e**(-rate x) / Gamma(c)`` for
    concentration ``c``); ``rsample`` draws ``Gamma(c, 1) / rate`` with ``_standard_gamma``, whose
    gradient in ``c`` is the implicit reparameterization one, so gradients reach both parameters."""

    arg_constraints = {"concentration": "GreaterThan(lower_bound=0.0)",
                       "rate": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, concentration: Any, rate: Any, validate_args: bool | None = None) -> None:
        self.concentration, self.rate = broadcast_all(concentration, rate)
        if validate_args is not False:
            for name in self.arg_constraints:
                value = getattr(self, name)
                self._check(name, value, self.arg_constraints[name], value > 0)
        super().__init__(self.concentration.size(), validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def mean(self) -> Tensor:
        return self.concentration / self.rate

    @property
    def mode(self) -> Tensor:
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self) -> Tensor:
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        return _lab._standard_gamma(self.concentration.expand(shape)) / self.rate.expand(shape)

    def log_prob(self, value: Any) -> Tensor:
        """``c log(rate) + (c - 1) log(value) - rate value - lgamma(c)``."""
        value = _lab.as_tensor(value, dtype=self.rate.dtype)
        if self._validate:
            self._check_sample(value, "GreaterThanEq(lower_bound=0.0)", value >= 0)
        return (_lab.xlogy(self.concentration, self.rate) + _lab.xlogy(self.concentration - 1, value)
                - self.rate * value - _lab.lgamma(self.concentration))

    def entropy(self) -> Tensor:
        return (self.concentration - _lab.log(self.rate) + _lab.lgamma(self.concentration)
                + (1.0 - self.concentration) * _lab.digamma(self.concentration))
