"""bfloat16 tensors: a storage dtype here, and the refusal of computing in it.

torch's bfloat16 computes every op in float32 and rounds each result to bfloat16, with rules of its
own on top (``x + 0.1`` rounds the 0.1 to bfloat16 first, ``x * 0.1`` does not; ``sum`` adds in
float32 and rounds once). Rather than approximate those rules op by op, autograd_lab keeps
bfloat16 to what moves values without computing new ones: making tensors (``torch.tensor(...,
dtype=torch.bfloat16)``, ``zeros``, ``full``), converting (``x.bfloat16()``, ``x.to(dtype)``,
``x.float()``: rounded to nearest even, as torch, through float32), copying, indexing, reshaping,
concatenating and printing. These ops declare ``supports_bfloat16 = True``; every other op refuses
bfloat16 inputs with a NotImplementedError that says to convert to float32 first (``x.float()``),
which is what torch's bfloat16 kernels do inside.

A bfloat16 tensor may require grad (``module.bfloat16()`` keeps its parameters'
``requires_grad``). Reverse mode goes through the ops whose backward only converts or moves the
gradient (``bfloat16_gradients = True``: ``x.float()``, ``x.bfloat16()``, ``clone``, the views that
reshape or reorder), so ``w.float()`` of a bfloat16 parameter trains it; any other op that would
record a bfloat16 value in a graph, and forward mode through one, raises.

As with complex tensors (``complex_mode``), the machinery pays nothing for this until the first
bfloat16 array of the process exists (``_dtypes.bfloat16_seen``, which also imports ``ml_dtypes``,
the package that gives numpy a bfloat16 type): then ``watching.count`` is one higher for good, and
``Op.apply``'s watched path calls ``checked_forward``.
"""

from __future__ import annotations

import sys
from typing import Any

from .complex_mode import REVERSE_MODE, differentiation_of, public_caller
from .live_switch import LiveSwitch

__all__ = ["live", "checked_forward", "check_result", "check_derived", "refusal", "refuse_bfloat16"]

live = LiveSwitch()
"""On once a bfloat16 array was made in this process (then ops check their inputs)."""


def _is_bfloat16(array: Any) -> bool:
    return getattr(getattr(array, "dtype", None), "name", None) == "bfloat16"


def refusal(name: str) -> NotImplementedError:
    """The error for op ``name`` given bfloat16 inputs."""
    return NotImplementedError(
        f"{name}: autograd_lab keeps bfloat16 tensors for storage and does not compute with them "
        "(it converts, copies, indexes, reshapes, concatenates and prints them). Compute in "
        "float32, as torch's bfloat16 kernels do inside: x.float(), then .bfloat16() to round the "
        "result back (see the README's \"bfloat16\")")


def refuse_bfloat16(name: str, *values: Any) -> None:
    """Raise the refusal of ``name`` if a value is a bfloat16 tensor: for the functions that
    compute outside any op (``allclose`` answers a Python bool)."""
    if live.on and any(_is_bfloat16(getattr(v, "_data", None)) for v in values):
        raise refusal(name)


def _refuse_differentiation(name: str, how: str) -> NotImplementedError:
    return NotImplementedError(f"autograd_lab does not differentiate through bfloat16 values: {name} "
                               f"of a bfloat16 value with {how}. Compute in float32 (x.float()) "
                               "where a gradient is needed, or detach() the inputs.")


def checked_forward(op: Any, node: Any, forward: Any, inputs: tuple, params: dict) -> Any:
    """Before ``op`` (an Op class) runs on tensors ``inputs``: refuse bfloat16 inputs unless it
    supports them, and any bfloat16 input in a computation autograd would differentiate. Returns
    the forward to run: ``forward`` without bfloat16 inputs, the op's own rule with them (the fast
    paths' kernels are not written for them)."""
    for t in inputs:
        if _is_bfloat16(t._data):
            break
    else:
        return forward
    name = params.get("aten_name") or op.aten_name()
    if not op.supports_bfloat16:
        raise refusal(name)
    _check_not_differentiated(op, name, inputs)
    return node.forward if forward == node._forward_kernel else forward


def check_result(op: Any, inputs: tuple, out: Any) -> None:
    """After ``op`` computed ``out`` (arrays) from ``inputs``: a bfloat16 result of other inputs
    (``x.bfloat16()``) is not differentiated either."""
    outs = out if type(out) is tuple else (out,)
    if any(_is_bfloat16(o) for o in outs):
        _check_not_differentiated(op, op.aten_name(), inputs)


def _check_not_differentiated(op: Any, name: str, inputs: tuple) -> None:
    """Refuse a computation autograd would differentiate, unless reverse mode through an op whose
    backward only converts or moves the gradient (``bfloat16_gradients``: ``x.float()``,
    ``x.bfloat16()``, views), where a bfloat16 gradient is what torch's is."""
    how = differentiation_of(inputs)
    if how is not None and not (how == REVERSE_MODE and op.bfloat16_gradients):
        raise _refuse_differentiation(name, how)


def check_derived(sources: tuple) -> None:
    """For a result computed outside ``Op.apply`` (``record.derived``: a comparison, ``argmax``)
    from ``sources``: bfloat16 sources are refused. The error names the public function that was
    called (read from the stack: only on this path)."""
    if not any(_is_bfloat16(getattr(s, "_data", None)) for s in sources):
        return
    raise refusal(public_caller(sys._getframe(2)))
