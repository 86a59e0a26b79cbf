"""``torch.special``: the special functions autograd_lab has, under torch.special's names.

Each is the library's function (the same ops and ``grad_fn`` nodes as ``torch.erfinv``,
``torch.lgamma`` ...: ``special.gammaln`` records ``LgammaBackward0``, ``special.expit``
``SigmoidBackward0``, as in torch), with torch.special's argument errors (``special_erfinv(): ...``) and
``out=``. The other functions of torch.special (``zeta``, ``i0``, ``ndtr`` ...) are not provided: using one
raises AttributeError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._arguments import argument_error
from ._out import store_out
from .ops import activations, elementwise, reductions
from .tensor import Tensor

__all__ = ["erf", "erfinv", "digamma", "psi", "gammaln", "polygamma", "expit", "log1p", "expm1",
           "logsumexp", "softmax", "log_softmax", "erfc", "exp2", "sinc", "logit", "round", "xlogy"]

_REQUIRED = object()


def _check_input(name: str, input: Any, position: int = 1) -> None:
    if not isinstance(input, Tensor):
        raise TypeError(f"special_{name}(): argument 'input' (position {position}) must be Tensor, not "
                        f"{type(input).__name__}")


def _stored(aten_name: str, result: Tensor, out: Tensor | None) -> Tensor:
    """``result``, or ``out`` with it written in (errors name the op behind: ``lgamma()``)."""
    return result if out is None else store_out(aten_name, out, result)


def _elementwise(name: str, function: Callable[[Tensor], Tensor], doc: str) -> Callable[..., Tensor]:
    """torch.special's form of an elementwise ``function``: its argument checks, named
    ``special_<name>``, and ``out=``."""

    def special(input: Tensor, *, out: Tensor | None = None) -> Tensor:
        _check_input(name, input)
        return _stored(function.__name__, function(input), out)

    special.__name__ = special.__qualname__ = name
    special.__doc__ = doc
    return special


erf = _elementwise("erf", elementwise.erf, "The error function (``torch.erf``).")
erfinv = _elementwise("erfinv", elementwise.erfinv, "The inverse error function (``torch.erfinv``).")
digamma = _elementwise("digamma", elementwise.digamma, "The digamma function (``torch.digamma``).")
psi = _elementwise("psi", elementwise.digamma, "The digamma function (``torch.digamma``).")
gammaln = _elementwise("gammaln", elementwise.lgamma, "``log|Gamma(input)|`` (``torch.lgamma``).")
expit = _elementwise("expit", elementwise.sigmoid, "The logistic sigmoid (``torch.sigmoid``).")
log1p = _elementwise("log1p", elementwise.log1p, "``log(1 + input)`` (``torch.log1p``).")
expm1 = _elementwise("expm1", elementwise.expm1, "``exp(input) - 1`` (``torch.expm1``).")
erfc = _elementwise("erfc", elementwise.erfc, "``1 - erf(input)`` (``torch.erfc``).")
exp2 = _elementwise("exp2", elementwise.exp2, "``2 ** input`` (``torch.exp2``).")
sinc = _elementwise("sinc", elementwise.sinc, "The normalized sinc function (``torch.sinc``).")


def logit(input: Tensor, eps: float | None = None, *, out: Tensor | None = None) -> Tensor:
    """``log(input / (1 - input))``, ``input`` clamped to ``[eps, 1 - eps]`` first (``torch.logit``)."""
    _check_input("logit", input)
    return _stored("logit", elementwise.logit(input, eps), out)


def round(input: Tensor, *, decimals: int = 0, out: Tensor | None = None) -> Tensor:  # noqa: A001
    """``input`` rounded half to even, to ``decimals`` decimal places (``torch.round``)."""
    _check_input("round", input)
    return _stored("round", elementwise.round(input, decimals=decimals), out)


def xlogy(input: Any, other: Any, *, out: Tensor | None = None) -> Tensor:
    """``input * log(other)``, 0 where ``input`` is 0 (``torch.xlogy``; either side may be a number)."""
    try:
        result = elementwise.xlogy(input, other)
    except TypeError:  # torch.xlogy's signatures, under torch.special's name
        message = str(argument_error("xlogy", (input, other)))
        raise TypeError(message.replace("xlogy()", "special_xlogy()", 1)) from None
    return _stored("xlogy", result, out)


def polygamma(n: int, input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """The ``n``-th derivative of the digamma function (``torch.polygamma``)."""
    if not isinstance(n, int):
        raise TypeError(f"special_polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    _check_input("polygamma", input, position=2)
    return _stored("polygamma", elementwise.polygamma(n, input), out)


def _required_dim(name: str, dim: Any) -> None:
    if dim is _REQUIRED:
        raise TypeError(f'special_{name}() missing 1 required positional arguments: "dim"')


def logsumexp(input: Tensor, dim: Any = _REQUIRED, keepdim: bool = False, *,
              out: Tensor | None = None) -> Tensor:
    """``log(sum(exp(input)))`` over ``dim`` (``torch.logsumexp``)."""
    _required_dim("logsumexp", dim)
    _check_input("logsumexp", input)
    return _stored("logsumexp", reductions.logsumexp(input, dim, keepdim), out)


def softmax(input: Tensor, dim: Any = _REQUIRED, *, dtype: Any = None) -> Tensor:
    """Softmax along ``dim`` (``torch.softmax``)."""
    _required_dim("softmax", dim)
    _check_input("softmax", input)
    return activations.softmax(input, dim, dtype)


def log_softmax(input: Tensor, dim: Any = _REQUIRED, *, dtype: Any = None) -> Tensor:
    """``log(softmax(input, dim))`` (``torch.log_softmax``)."""
    _required_dim("log_softmax", dim)
    _check_input("log_softmax", input)
    return activations.log_softmax(input, dim, dtype)
