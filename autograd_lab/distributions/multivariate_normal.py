"""``MultivariateNormal``: Gaussian vectors of mean ``loc`` and a covariance given as a
covariance matrix, a precision matrix or its lower Cholesky factor ``scale_tril``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import CenteredAtLoc, lazy_property

__all__ = ["MultivariateNormal"]


def batch_mahalanobis(scale_tril: Tensor, diff: Tensor) -> Tensor:
    """``diff^T (L L^T)^-1 diff``, as ``|L^-1 diff|**2`` (the two broadcast over their batch)."""
    # (tril: only L's lower triangle is read, so only it gets a gradient, as in a triangular solve)
    solved = _lab.linalg.solve(scale_tril.tril(), diff.unsqueeze(-1)).squeeze(-1)
    return solved.pow(2).sum(-1)


def half_log_det(scale_tril: Tensor) -> Tensor:
    """``log det(L L^T) / 2``: the sum of the logs of ``L``'s diagonal."""
    return scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)


def _is_positive_definite(matrix: Tensor) -> Tensor:
    """torch's ``PositiveDefinite`` check: symmetric (to 1e-6) and with a Cholesky factor."""
    data = matrix.detach().numpy()
    symmetric = np.isclose(data, np.swapaxes(data, -1, -2), atol=1e-6).all((-2, -1))
    factorable = (np.all(np.linalg.eigvalsh(data) > 0, axis=-1) if data.size
                  else np.ones(data.shape[:-2], bool))
    return _lab.tensor(np.asarray(symmetric & factorable))


class MultivariateNormal(CenteredAtLoc):
    """The Gaussian of mean vector ``loc`` (the last dim) and one of ``covariance_matrix``,
    ``precision_matrix`` or ``scale_tril``; ``rsample`` is ``loc + L eps`` for ``eps ~ N(0, I)``,
    so gradients reach ``loc`` and the covariance."""

    arg_constraints = {"loc": "IndependentConstraint(Real(), 1)",
                       "covariance_matrix": "PositiveDefinite()",
                       "precision_matrix": "PositiveDefinite()",
                       "scale_tril": "LowerCholesky()"}
    has_rsample = True

    def __init__(self, loc: Tensor, covariance_matrix: Tensor | None = None,
                 precision_matrix: Tensor | None = None, scale_tril: Tensor | None = None,
                 validate_args: bool | None = None) -> None:
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = [(name, matrix) for name, matrix in (("scale_tril", scale_tril),
                                                     ("covariance_matrix", covariance_matrix),
                                                     ("precision_matrix", precision_matrix))
                 if matrix is not None]
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril "
                             "may be specified.")
        (name, matrix), = given
        if matrix.dim() < 2:
            text = "scale_tril matrix" if name == "scale_tril" else name
            raise ValueError(f"{text} must be at least two-dimensional, with optional leading batch "
                             "dimensions")
        batch_shape = _lab.broadcast_shapes(matrix.shape[:-2], loc.shape[:-1])
        setattr(self, name, matrix.expand(tuple(batch_shape) + (-1, -1)))
        self.loc = loc.expand(tuple(batch_shape) + (-1,))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if validate_args is not False:
            stored = self.__dict__[name]
            if name == "scale_tril":
                valid = ((stored.tril() == stored).all(-1).all(-1)
                         & (stored.diagonal(dim1=-2, dim2=-1) > 0).all(-1))
            else:
                valid = _is_positive_definite(stored)
            self._check(name, stored, self.arg_constraints[name], valid)
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = matrix
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = _lab.linalg.cholesky(matrix)
        else:  # (the factor of the covariance, the precision's inverse)
            self._unbroadcasted_scale_tril = _lab.linalg.cholesky(_lab.linalg.inv(matrix))

    @lazy_property
    def scale_tril(self) -> Tensor:
        return self._unbroadcasted_scale_tril.expand(
            tuple(self._batch_shape) + tuple(self._event_shape) * 2)

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        scale_tril = self._unbroadcasted_scale_tril
        return (scale_tril @ scale_tril.mT).expand(tuple(self._batch_shape) + tuple(self._event_shape) * 2)

    @lazy_property
    def precision_matrix(self) -> Tensor:
        scale_tril = self._unbroadcasted_scale_tril
        return _lab.linalg.inv(scale_tril @ scale_tril.mT).expand(
            tuple(self._batch_shape) + tuple(self._event_shape) * 2)

    @property
    def variance(self) -> Tensor:
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(
            tuple(self._batch_shape) + tuple(self._event_shape))

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        shape = self._extended_shape(Size(sample_shape))
        eps = _lab.randn(shape, dtype=self.loc.dtype)
        return self.loc + (self._unbroadcasted_scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def log_prob(self, value: Tensor) -> Tensor:
        """``-(k log(2 pi) + mahalanobis(value - loc)) / 2 - log det(L)``."""
        if self._validate:
            self._check_shape(value)
        diff = value - self.loc
        mahalanobis = batch_mahalanobis(self._unbroadcasted_scale_tril, diff)
        return (-0.5 * (self._event_shape[0] * math.log(2 * math.pi) + mahalanobis)
                - half_log_det(self._unbroadcasted_scale_tril))

    def entropy(self) -> Tensor:
        entropy = (0.5 * self._event_shape[0] * (1.0 + math.log(2 * math.pi))
                   + half_log_det(self._unbroadcasted_scale_tril))
        return entropy if len(self._batch_shape) == 0 else entropy.expand(self._batch_shape)
