"""Transforms built on forward mode: ``hessian``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .reverse import jacrev

__all__ = ["hessian"]


def hessian(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """The Hessian of ``func`` w.r.t. the argument(s) ``argnums``: the Jacobian of its Jacobian
    (for a scalar ``func``, of its gradient), shaped ``out.shape + x.shape + x.shape``."""
    return jacrev(jacrev(func, argnums), argnums)
