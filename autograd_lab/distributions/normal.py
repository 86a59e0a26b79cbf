"""``Normal``: the Gaussian with mean ``loc`` and standard deviation ``scale``."""

from __future__ import annotations

import math
from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import _LOG_SQRT_2PI, CenteredAtLoc, broadcast_all

__all__ = ["Normal"]


class Normal(CenteredAtLoc):
    """The normal distribution ``N(loc, scale**2)``; ``rsample`` is ``loc + eps * scale`` with
    ``eps ~ N(0, 1)``, so gradients reach ``loc`` and ``scale`` (the reparameterization trick)."""

    arg_constraints = {"loc": "Real()", "scale": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        if validate_args is not False:
            self._check("scale", self.scale, "GreaterThan(lower_bound=0.0)", self.scale > 0)
        super().__init__(self.loc.size(), validate_args=validate_args)

    @property
    def stddev(self) -> Tensor:
        return self.scale

    @property
    def variance(self) -> Tensor:
        return self.stddev.pow(2)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        with _lab.no_grad():
            return _lab.normal(self.loc.expand(shape), self.scale.expand(shape))

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        eps = _lab.randn(shape, dtype=self.loc.dtype)
        return self.loc + eps * self.scale

    def log_prob(self, value: Any) -> Tensor:
        """``-(value - loc)**2 / (2 scale**2) - log(scale) - log(sqrt(2 pi))``."""
        if self._validate:
            self._check_shape(value)
        var = self.scale**2
        log_scale = math.log(self.scale) if isinstance(self.scale, float) else self.scale.log()
        return -((value - self.loc) ** 2) / (2 * var) - log_scale - _LOG_SQRT_2PI

    def cdf(self, value: Any) -> Tensor:
        if self._validate:
            self._check_shape(value)
        return 0.5 * (1 + _lab.erf((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)))

    def icdf(self, value: Any) -> Tensor:
        return self.loc + self.scale * _lab.erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self) -> Tensor:
        return 0.5 + 0.5 * math.log(2 * math.pi) + _lab.log(self.scale)
