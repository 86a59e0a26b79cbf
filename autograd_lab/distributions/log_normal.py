"""``LogNormal``: ``exp`` of a ``Normal`` draw."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Tensor
from .distribution import Distribution
from .normal import Normal

__all__ = ["LogNormal"]


class LogNormal(Distribution):
    """``exp(X)`` for ``X ~ Normal(loc, scale)``: ``rsample`` exponentiates the Normal's, and the
    log-density is the Normal's at ``log(value)`` minus ``log(value)`` (the change of variables)."""

    arg_constraints = {"loc": "Real()", "scale": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.base_dist = Normal(loc, scale, validate_args=validate_args)
        super().__init__(self.base_dist.batch_shape, validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def loc(self) -> Tensor:
        return self.base_dist.loc

    @property
    def scale(self) -> Tensor:
        return self.base_dist.scale

    @property
    def mean(self) -> Tensor:
        return (self.loc + self.scale.pow(2) / 2).exp()

    @property
    def mode(self) -> Tensor:
        return (self.loc - self.scale.square()).exp()

    @property
    def variance(self) -> Tensor:
        scale_sq = self.scale.pow(2)
        return scale_sq.expm1() * (2 * self.loc + scale_sq).exp()

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        return self.base_dist.rsample(sample_shape).exp()

    def sample(self, sample_shape: Any = ()) -> Tensor:
        with _lab.no_grad():
            return self.base_dist.sample(sample_shape).exp()

    def _check_support(self, value: Tensor) -> None:
        if self._validate:
            self._check_sample(value, "GreaterThan(lower_bound=0.0)", value > 0)

    def log_prob(self, value: Tensor) -> Tensor:
        """``Normal.log_prob(log value) - log value``."""
        self._check_support(value)
        x = value.log()
        return self.base_dist.log_prob(x) - x

    def cdf(self, value: Tensor) -> Tensor:
        self._check_support(value)
        return self.base_dist.cdf(value.log())

    def icdf(self, value: Tensor) -> Tensor:
        return self.base_dist.icdf(value).exp()

    def entropy(self) -> Tensor:
        return self.base_dist.entropy() + self.loc
