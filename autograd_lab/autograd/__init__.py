"""``autograd_lab.autograd``: the engine's public face, as ``torch.autograd``.

``Variable`` is kept for old tutorials: as in PyTorch 2.x, ``Variable(t, requires_grad=True)`` just
returns a tensor.
"""

from __future__ import annotations

from typing import Any

from . import graph  # noqa: F401  (torch.autograd.graph: Node)
from .engine import backward, grad
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, gradgradcheck

__all__ = [
    "Variable", "backward", "grad", "Function", "FunctionCtx", "once_differentiable", "no_grad",
    "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode", "gradcheck",
    "gradgradcheck", "GradcheckError", "set_detect_anomaly", "detect_anomaly",
]


def Variable(data: Any, requires_grad: bool = False, volatile: bool = False) -> Any:  # noqa: N802
    """PyTorch 0.3's Variable: today a tensor. Returns ``data`` itself (as torch does), with
    ``requires_grad`` set when asked."""
    from ..tensor import Tensor

    tensor = data if isinstance(data, Tensor) else Tensor(data)
    return tensor._require_grad_at_creation() if requires_grad else tensor


class set_detect_anomaly:  # noqa: N801
    """Accepted for compatibility; error messages here already name the failing op."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.mode = mode

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


detect_anomaly = set_detect_anomaly
