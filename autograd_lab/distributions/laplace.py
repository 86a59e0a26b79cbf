"""``Laplace``: the double exponential, peaked at ``loc`` with spread ``scale``."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import CenteredAtLoc, broadcast_all

__all__ = ["Laplace"]


class Laplace(CenteredAtLoc):
    """The Laplace distribution (density ``e**(-|x - loc| / scale) / (2 scale)``); ``rsample``
    inverts the c.d.f. at a uniform draw, so gradients reach ``loc`` and ``scale``."""

    arg_constraints = {"loc": "Real()", "scale": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        if validate_args is not False:
            self._check("scale", self.scale, self.arg_constraints["scale"], self.scale > 0)
        super().__init__(self.loc.size(), validate_args=validate_args)

    @property
    def variance(self) -> Tensor:
        return 2 * self.scale.pow(2)

    @property
    def stddev(self) -> Tensor:
        return (2**0.5) * self.scale

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        # u in (-1, 1): the open interval keeps log1p(-|u|) finite
        eps = _lab.finfo(self.loc.dtype).eps
        u = _lab.empty(shape, dtype=self.loc.dtype).uniform_(eps - 1, 1)
        return self.loc - self.scale * u.sign() * _lab.log1p(-u.abs())

    def log_prob(self, value: Tensor) -> Tensor:
        """``-log(2 scale) - |value - loc| / scale``."""
        if self._validate:
            self._check_shape(value)
        return -_lab.log(2 * self.scale) - _lab.abs(value - self.loc) / self.scale

    def cdf(self, value: Tensor) -> Tensor:
        if self._validate:
            self._check_shape(value)
        return 0.5 - 0.5 * (value - self.loc).sign() * _lab.expm1(-(value - self.loc).abs() / self.scale)

    def icdf(self, value: Tensor) -> Tensor:
        term = value - 0.5
        return self.loc - self.scale * term.sign() * _lab.log1p(-2 * term.abs())

    def entropy(self) -> Tensor:
        return 1 + _lab.log(2 * self.scale)


