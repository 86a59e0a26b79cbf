"""``Dirichlet``: probability vectors (points of the simplex) of ``concentration``."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution

__all__ = ["Dirichlet"]


class Dirichlet(Distribution):
    """The Dirichlet distribution over the simplex, the categories along the last dim of
    ``concentration``; ``rsample`` normalizes independent Gamma(concentration, 1) draws, so
    gradients reach ``concentration`` through ``_standard_gamma``."""

    arg_constraints = {"concentration": "IndependentConstraint(GreaterThan(lower_bound=0.0), 1)"}
    has_rsample = True

    def __init__(self, concentration: Tensor, validate_args: bool | None = None) -> None:
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        if validate_args is not False:
            self._check("concentration", concentration, self.arg_constraints["concentration"],
                        concentration > 0)
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)
        self._validate = validate_args is not False

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        gammas = _lab._standard_gamma(self.concentration.expand(shape))
        return gammas / gammas.sum(-1, keepdim=True)

    def log_prob(self, value: Tensor) -> Tensor:
        """``sum((c - 1) log x) + lgamma(sum c) - sum(lgamma(c))``."""
        if self._validate:
            self._check_sample(value, "Simplex()",
                               (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6))
        return (_lab.xlogy(self.concentration - 1.0, value).sum(-1)
                + _lab.lgamma(self.concentration.sum(-1)) - _lab.lgamma(self.concentration).sum(-1))

    @property
    def mean(self) -> Tensor:
        return self.concentration / self.concentration.sum(-1, True)

    @property
    def mode(self) -> Tensor:
        """``(c - 1) / sum(c - 1)`` (the corner of the largest ``c`` when every ``c < 1``)."""
        concentration_minus_one = (self.concentration - 1).clamp(min=0.0)
        interior = concentration_minus_one / concentration_minus_one.sum(-1, True)
        corner = _lab.nn.functional.one_hot(
            self.concentration.argmax(-1), self.concentration.shape[-1]).to(interior.dtype)
        return _lab.where((self.concentration < 1).all(-1, keepdim=True), corner, interior)

    @property
    def variance(self) -> Tensor:
        con0 = self.concentration.sum(-1, True)
        return self.concentration * (con0 - self.concentration) / (con0.pow(2) * (con0 + 1))

    def entropy(self) -> Tensor:
        k = self.concentration.size(-1)
        a0 = self.concentration.sum(-1)
        return (_lab.lgamma(self.concentration).sum(-1) - _lab.lgamma(a0)
                - (k - a0) * _lab.digamma(a0)
                - ((self.concentration - 1.0) * _lab.digamma(self.concentration)).sum(-1))
