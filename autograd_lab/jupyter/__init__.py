"""The Jupyter side of autograd_lab: the ``%%trace`` magics, the trace/draw API and the widgets.

``%load_ext autograd_lab`` calls :func:`load_ipython_extension`; ``%unload_ext autograd_lab``
removes the magics again.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_ipython_extension", "unload_ipython_extension"]


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%trace`` / ``%trace`` with ``ipython``."""
    from .magics import TraceMagics

    ipython.register_magics(TraceMagics)


def unload_ipython_extension(ipython: Any) -> None:
    """Remove the magics registered by :func:`load_ipython_extension`."""
    manager = ipython.magics_manager
    for kind in ("line", "cell"):
        table = manager.magics[kind]
        function = table.get("trace")
        if function is not None and type(getattr(function, "__self__", None)).__name__ == "TraceMagics":
            del table["trace"]
    manager.registry.pop("TraceMagics", None)
