"""``Beta``: values in (0, 1), a two-category ``Dirichlet``."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Tensor
from .dirichlet import Dirichlet
from .distribution import Distribution, broadcast_all

__all__ = ["Beta"]


class Beta(Distribution):
    """The Beta distribution of ``concentration1`` (alpha) and ``concentration0`` (beta): the first
    coordinate of ``Dirichlet([alpha, beta])``, whose ``rsample`` it uses."""

    arg_constraints = {"concentration1": "GreaterThan(lower_bound=0.0)",
                       "concentration0": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, concentration1: Any, concentration0: Any,
                 validate_args: bool | None = None) -> None:
        concentration1, concentration0 = broadcast_all(concentration1, concentration0)
        # (the Dirichlet checks the pair, and names its parameter in the error, as torch's does)
        concentration1_concentration0 = _lab.stack([concentration1, concentration0], -1)
        self._dirichlet = Dirichlet(concentration1_concentration0, validate_args=validate_args)
        super().__init__(self._dirichlet._batch_shape, validate_args=validate_args)
        self._validate = validate_args is not False

    @property
    def concentration1(self) -> Tensor:
        return self._dirichlet.concentration[..., 0]

    @property
    def concentration0(self) -> Tensor:
        return self._dirichlet.concentration[..., 1]

    @property
    def mean(self) -> Tensor:
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self) -> Tensor:
        return self._dirichlet.mode[..., 0]

    @property
    def variance(self) -> Tensor:
        total = self.concentration1 + self.concentration0
        return self.concentration1 * self.concentration0 / (total.pow(2) * (total + 1))

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        return self._dirichlet.rsample(sample_shape).select(-1, 0)

    def log_prob(self, value: Any) -> Tensor:
        """The Dirichlet's log-density at ``(value, 1 - value)``."""
        if self._validate:
            self._check_sample(value, "Interval(lower_bound=0.0, upper_bound=1.0)",
                               (value >= 0) & (value <= 1))
        heads_tails = _lab.stack([value, 1.0 - value], -1)
        return self._dirichlet.log_prob(heads_tails)

    def entropy(self) -> Tensor:
        return self._dirichlet.entropy()
