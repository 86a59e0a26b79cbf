"""``t.compile``: a function's forward and backward as straight-line numpy code you can read.

::

    @t.compile
    def loss_fn(x, w, b):
        return ((x @ w + b).tanh() ** 2).mean()

    loss = loss_fn(x, w, b)      # first call: runs eagerly once, traced, code generated
    loss.backward()              # w.grad, b.grad as always
    print(loss_fn.code)          # the generated forward and backward

How it works (each step in its own module):

1. ``trace``: the first call with new input shapes runs the function eagerly, with a tracer in
   ``autograd.record``'s slot: every op it applies is written down, with where each tensor came
   from (an argument, a global or module tensor, a constant, an earlier op's result).
2. ``traced`` and ``codegen``: each op's own ``forward`` rule runs on traced arrays, which write the
   numpy code they execute; then each op's ``backward`` rule, walking the ops in reverse as the
   engine does. Gradients that meet are added, broadcasting undone by ``sum_to_shape``; gradients no
   input needs are dropped, common subexpressions computed once, constants bound once.
3. ``runtime``: later calls with the same shapes run the generated forward; the result is one node
   (``CompiledFunctionBackward``) in the eager graph, whose backward runs the generated backward.

Specialised to the inputs' shapes, dtypes, layouts and ``requires_grad``, and to grad mode: other
inputs trace again (``RecompileWarning``; up to ``cache_size_limit`` versions). Python that decides
on tensor values (``if loss > 0``, ``.item()``), random numbers, in-place changes of inputs, hooks and
backward passes inside the function cannot be repeated by generated code: the function then runs
eagerly, with a ``CompileWarning`` naming the line, or raises ``Unsupported`` with
``fullgraph=True``. ``create_graph=True`` through a compiled function replays the function eagerly
to record the graph it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._matmul_rounding import trace_products
from ..nn.module import Module
from ..ops._grad import treat_as_array
from .runtime import (
    CompiledFunction,
    CompiledFunctionBackward,
    CompiledModule,
    CompileWarning,
    GeneratedCode,
    RecompileWarning,
    Unsupported,
)
from .traced import Traced, traced_product

__all__ = ["compile", "CompiledFunction", "CompiledModule", "CompiledFunctionBackward",
           "GeneratedCode", "Unsupported", "CompileWarning", "RecompileWarning"]

treat_as_array(Traced)  # rules' helpers (ops._grad) take traced arrays for arrays
trace_products(Traced, traced_product)  # products summed in torch's order stay so when compiled

_MODES = (None, "default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs")
_BACKENDS = (None, "inductor", "autograd_lab")


def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: bool | None = None,  # noqa: A001
            backend: str | None = None, mode: str | None = None, options: dict | None = None,
            disable: bool = False) -> Any:
    """Compile ``model`` (a function or a ``Module``) to generated numpy code; usable as
    ``@t.compile`` or ``@t.compile(fullgraph=True)``, as torch's.

    ``fullgraph=True``: raise ``Unsupported`` instead of running eagerly when the function cannot be
    compiled. ``dynamic``: only ``None``/``False`` (the code is specialised to each input shape).
    ``backend``, ``mode`` and ``options``: torch's values are accepted for compatibility and all mean
    the same here (there is one backend). ``disable=True`` returns ``model`` unchanged."""
    if dynamic:
        raise NotImplementedError("t.compile(dynamic=True): autograd_lab specialises to each input "
                                  "shape (other shapes trace again)")
    if backend not in _BACKENDS and not callable(backend):
        raise ValueError(f"t.compile: unknown backend {backend!r} (autograd_lab has one: "
                         "'inductor' is accepted as its name)")
    if callable(backend):
        raise NotImplementedError("t.compile: custom backends are not supported")
    if mode not in _MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: "
                           + ", ".join(str(m) for m in _MODES[1:]))
    if options is not None and not isinstance(options, dict):
        raise TypeError("t.compile: options must be a dict")

    def wrap(target: Callable) -> Any:
        if disable:
            return target
        if isinstance(target, Module):
            return CompiledModule(target, fullgraph=fullgraph)
        if not callable(target):
            raise RuntimeError(f"t.compile: {type(target).__name__} is not callable")
        return CompiledFunction(target, fullgraph=fullgraph)

    return wrap if model is None else wrap(model)
