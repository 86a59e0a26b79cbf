"""``Categorical``: one of ``K`` categories, with probabilities ``probs`` or scores ``logits``."""

from __future__ import annotations

from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor
from .distribution import Distribution, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Categorical"]


class Categorical(Distribution):
    """Categories ``0 .. K-1`` drawn with probabilities ``probs`` (normalized along the last dim)
    or ``softmax(logits)``; the last dim of the parameter indexes the categories."""

    has_enumerate_support = True
    arg_constraints = {"probs": "Simplex()", "logits": "IndependentConstraint(Real(), 1)"}

    def __init__(self, probs: Tensor | None = None, logits: Tensor | None = None,
                 validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
            if validate_args is not False:
                self._check("probs", self.probs, "Simplex()",
                            (self.probs >= 0).all() & ((self.probs.sum(-1) - 1).abs() < 1e-6).all())
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        param = self.probs if probs is not None else self.logits
        self._num_events = param.size()[-1]
        super().__init__(param.size()[:-1], validate_args=validate_args)
        self._validate = validate_args is not False

    @lazy_property
    def logits(self) -> Tensor:
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self) -> Tensor:
        return logits_to_probs(self.logits)

    @property
    def param_shape(self) -> Size:
        return (self.probs if "probs" in self.__dict__ else self.logits).size()

    @property
    def mode(self) -> Tensor:
        return self.probs.argmax(dim=-1)

    @property
    def mean(self) -> Tensor:
        return _lab.full(self._extended_shape(), float("nan"), dtype=self.probs.dtype)

    @property
    def variance(self) -> Tensor:
        return _lab.full(self._extended_shape(), float("nan"), dtype=self.probs.dtype)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Category indices (int64) of shape ``sample_shape + batch_shape``."""
        sample_shape = Size(sample_shape)
        with _lab.no_grad():
            probs_2d = self.probs.reshape(-1, self._num_events)
            samples_2d = _lab.multinomial(probs_2d, sample_shape.numel(), True).T
        return samples_2d.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value: Tensor) -> Tensor:
        """``log probs[value]``, broadcasting ``value`` against the batch."""
        if self._validate:
            self._check_sample(value, f"IntegerInterval(lower_bound=0, upper_bound={self._num_events - 1})",
                               (value == value.floor()) & (value >= 0) & (value < self._num_events))
        value = value.long().unsqueeze(-1)
        value, log_pmf = _lab.broadcast_tensors(value, self.logits)
        value = value[..., :1]
        return log_pmf.gather(-1, value).squeeze(-1)

    def entropy(self) -> Tensor:
        """``-sum(p log p)`` over the categories."""
        min_real = _lab.finfo(self.logits.dtype).min
        logits = _lab.clamp(self.logits, min=min_real)
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        values = _lab.arange(self._num_events, dtype=_lab.long)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values
