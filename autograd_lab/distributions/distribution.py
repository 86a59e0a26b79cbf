"""``Distribution``: what every distribution shares (shapes, sampling without a graph, the repr,
checking its parameters), written as torch's ``torch.distributions`` is."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import autograd_lab as _lab

from ..tensor import Size, Tensor

__all__ = ["Distribution", "CenteredAtLoc", "broadcast_all", "lazy_property", "clamp_probs",
           "probs_to_logits", "logits_to_probs", "sum_rightmost"]


class lazy_property:  # noqa: N801 - torch's name
    """A parameter computed from the other one on first use, then kept on the instance (so the
    repr, like torch's, lists it only once it exists): ``logits`` from ``probs`` and back."""

    def __init__(self, compute: Callable[[Any], Tensor]) -> None:
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        with _lab.enable_grad():  # (as torch: the parameter keeps its graph even if made in no_grad)
            value = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


def broadcast_all(*values: Any) -> tuple[Tensor, ...]:
    """The parameters as tensors of one shape: numbers become tensors of the tensors' dtype (the
    default float dtype if all are numbers)."""
    tensors = [value for value in values if isinstance(value, Tensor)]
    dtype = tensors[0].dtype if tensors else _lab.get_default_dtype()
    as_tensors = [value if isinstance(value, Tensor) else _lab.tensor(float(value), dtype=dtype)
                  for value in values]
    return tuple(_lab.broadcast_tensors(*as_tensors))


def clamp_probs(probs: Tensor) -> Tensor:
    """Probabilities kept inside (0, 1) by the dtype's epsilon (so their logs are finite)."""
    eps = _lab.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """``log(p)`` (``log(p) - log(1 - p)`` for a binary distribution), of clamped probabilities."""
    clamped = clamp_probs(probs)
    return _lab.log(clamped) - _lab.log1p(-clamped) if is_binary else _lab.log(clamped)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """``sigmoid(logits)`` for a binary distribution, else ``softmax(logits, -1)``."""
    return _lab.sigmoid(logits) if is_binary else _lab.softmax(logits, dim=-1)


def sum_rightmost(value: Tensor, dim: int) -> Tensor:
    """``value`` summed over its last ``dim`` dims (an event's log-density from its elements')."""
    return value.reshape(tuple(value.shape[:value.dim() - dim]) + (-1,)).sum(-1) if dim > 0 else value


class Distribution:
    """A probability distribution: ``sample``/``rsample``, ``log_prob``, ``entropy``, ``mean``,
    ``variance``, with ``batch_shape`` (independent distributions side by side) and ``event_shape``
    (the shape of one draw)."""

    has_rsample = False
    has_enumerate_support = False
    arg_constraints: dict[str, str] = {}

    def __init__(self, batch_shape: Any = (), event_shape: Any = (),
                 validate_args: bool | None = None) -> None:
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        self._validate = validate_args is not False

    @property
    def batch_shape(self) -> Size:
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        return self._event_shape

    def expand(self, batch_shape: Any, _instance: Any = None) -> Distribution:
        """The same distribution repeated over the larger ``batch_shape`` (its parameters
        expanded, not copied)."""
        batch_shape = Size(batch_shape)
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        batch_dims = len(self._batch_shape)
        for name in (*self.arg_constraints, *self._expanded_attributes):
            value = self.__dict__.get(name)
            if isinstance(value, Tensor):
                new.__dict__[name] = value.expand(tuple(batch_shape) + tuple(value.shape[batch_dims:]))
        for name, value in self.__dict__.items():
            if isinstance(value, Distribution):  # (a distribution built on another expands it too)
                new.__dict__[name] = value.expand(tuple(batch_shape) + tuple(value.batch_shape[batch_dims:]))
        new._batch_shape = batch_shape
        return new

    # tensors besides the parameters that have the batch dims first (expanded with them)
    _expanded_attributes: tuple[str, ...] = ()

    def _extended_shape(self, sample_shape: Any = ()) -> Size:
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """A draw of shape ``sample_shape + batch_shape + event_shape``, outside the graph."""
        with _lab.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """A draw that gradients flow through (the reparameterization trick)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement rsample")

    def sample_n(self, n: int) -> Tensor:
        return self.sample((n,))

    # what a distribution without a formula for it raises, as torch's base class does
    @property
    def mean(self) -> Tensor:
        raise NotImplementedError

    @property
    def mode(self) -> Tensor:
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self) -> Tensor:
        raise NotImplementedError

    def log_prob(self, value: Tensor) -> Tensor:
        raise NotImplementedError

    def cdf(self, value: Tensor) -> Tensor:
        raise NotImplementedError

    def icdf(self, value: Tensor) -> Tensor:
        raise NotImplementedError

    def entropy(self) -> Tensor:
        raise NotImplementedError

    def enumerate_support(self, expand: bool = True) -> Tensor:
        raise NotImplementedError

    @property
    def stddev(self) -> Tensor:
        return self.variance.sqrt()

    def perplexity(self) -> Tensor:
        return _lab.exp(self.entropy())

    def _check(self, name: str, value: Tensor, constraint: str, valid: Tensor) -> None:
        """torch's ValueError for a parameter outside its constraint."""
        if not bool(valid.all()):
            raise ValueError(
                f"Expected parameter {name} (Tensor of shape {tuple(value.shape)}) of distribution "
                f"{self!r} to satisfy the constraint {constraint}, but found invalid values:\n{value}")

    def _check_shape(self, value: Any) -> None:
        """torch's ValueErrors for a ``log_prob`` argument that is not a tensor, whose last dims are
        not an event, or that does not broadcast with ``batch_shape + event_shape``."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dims = len(self._event_shape)
        if value.size()[value.dim() - event_dims:] != self._event_shape:
            raise ValueError("The right-most size of value must match event_shape: "
                             f"{value.size()} vs {self._event_shape}.")
        expected = Size(tuple(self._batch_shape) + tuple(self._event_shape))
        for got, wanted in zip(reversed(value.size()), reversed(expected)):
            if got != 1 and wanted != 1 and got != wanted:
                raise ValueError("Value is not broadcastable with batch_shape+event_shape: "
                                 f"{value.size()} vs {expected}.")

    def _check_sample(self, value: Tensor, support: str, valid: Tensor) -> None:
        """torch's ValueError for a ``log_prob`` argument of the wrong shape (``_check_shape``) or
        outside the support."""
        self._check_shape(value)
        if not bool(valid.all()):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to "
                f"be within the support ({support}) of the distribution {self!r}, but found invalid "
                f"values:\n{value}")

    def __repr__(self) -> str:
        shown = [self.__dict__[name] for name in self.arg_constraints if name in self.__dict__]
        names = [name for name in self.arg_constraints if name in self.__dict__]
        text = ", ".join(f"{name}: {value if value.numel() == 1 else value.size()}"
                         for name, value in zip(names, shown))
        return f"{type(self).__name__}({text})"


_LOG_SQRT_2PI = math.log(math.sqrt(2 * math.pi))


class CenteredAtLoc(Distribution):
    """A distribution symmetric about its peak ``loc``: ``loc`` is its mean and its mode."""

    loc: Tensor

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc
