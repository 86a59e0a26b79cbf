"""``autograd_lab.autograd``: the engine's public face, as ``torch.autograd``.

``Variable`` is kept for old tutorials: as in PyTorch 2.x, ``Variable(t, requires_grad=True)`` just
returns a tensor (sharing ``t``'s memory), and every tensor is an instance of ``Variable``.
"""

from __future__ import annotations

import warnings
from typing import Any

from . import forward_ad, functional, graph, profiler  # noqa: F401  (torch.autograd.graph: Node)
from .anomaly_mode import (
    detect_anomaly,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_detect_anomaly,
)
from .engine import backward, grad
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
    set_multithreading_enabled,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck

__all__ = [
    "Variable", "backward", "grad", "Function", "FunctionCtx", "once_differentiable", "no_grad",
    "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode", "gradcheck",
    "gradgradcheck", "GradcheckError", "set_detect_anomaly", "detect_anomaly",
    "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_multithreading_enabled",
]


class _VariableMeta(type):
    """``isinstance(tensor, Variable)`` is True, as in torch, though no tensor is made by the class."""

    def __instancecheck__(cls, instance: Any) -> bool:
        from ..tensor import Tensor

        return isinstance(instance, Tensor)


VOLATILE_WARNING = "volatile was removed and now has no effect. Use `with torch.no_grad():` instead."


class Variable(metaclass=_VariableMeta):
    """PyTorch 0.3's Variable. Calling it returns a tensor, as in torch 2.x: a new leaf sharing
    ``data``'s memory (``data.detach()``), with ``requires_grad`` set when asked."""

    def __new__(cls, data: Any = None, requires_grad: bool = False,  # type: ignore[misc]
                volatile: bool = False) -> Any:
        from ..tensor import Tensor

        if volatile:
            warnings.warn(VOLATILE_WARNING, UserWarning, stacklevel=2)
        if data is None:
            data = Tensor(())
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        tensor = data.detach()
        return tensor._require_grad_at_creation() if requires_grad else tensor
