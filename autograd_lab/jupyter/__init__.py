"""The Jupyter side of autograd_lab: the ``%%trace`` magics, the trace/draw API and the widgets.

``%load_ext autograd_lab`` calls :func:`load_ipython_extension`: it registers the magics and folds
the library's frames in tracebacks (:mod:`autograd_lab.jupyter.tracebacks`); ``%unload_ext
autograd_lab`` undoes both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_ipython_extension", "unload_ipython_extension"]


class _AwaitAsyncTrace:
    """The input transformer that lets a ``%%trace`` cell use top-level ``await`` (see
    :func:`autograd_lab.jupyter.magics.await_async_trace`)."""

    def __init__(self, ipython: Any) -> None:
        self.ipython = ipython

    def __call__(self, lines: list[str]) -> list[str]:
        from .magics import await_async_trace

        return await_async_trace(self.ipython, lines)


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%trace`` / ``%trace`` with ``ipython`` and fold library frames in its tracebacks."""
    from . import tracebacks
    from .magics import TraceMagics

    ipython.register_magics(TraceMagics)
    tracebacks.install(ipython)
    transformers = ipython.input_transformers_post
    if not any(isinstance(transformer, _AwaitAsyncTrace) for transformer in transformers):
        transformers.append(_AwaitAsyncTrace(ipython))


def unload_ipython_extension(ipython: Any) -> None:
    """Remove the magics registered by :func:`load_ipython_extension`; show every frame again."""
    from . import tracebacks

    tracebacks.uninstall(ipython)
    ipython.input_transformers_post[:] = [transformer for transformer in ipython.input_transformers_post
                                          if not isinstance(transformer, _AwaitAsyncTrace)]
    manager = ipython.magics_manager
    for kind in ("line", "cell"):
        table = manager.magics[kind]
        function = table.get("trace")
        if function is not None and type(getattr(function, "__self__", None)).__name__ == "TraceMagics":
            del table["trace"]
    manager.registry.pop("TraceMagics", None)
