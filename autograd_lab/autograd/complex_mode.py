"""Complex tensors: which ops take them, and the refusal of everything else.

autograd_lab's complex64 and complex128 tensors support a subset of torch's ops: those whose op
class declares ``supports_complex = True`` (arithmetic, ``exp``, ``log``, ``sqrt``, sums and
products, matmul, the ops that only move elements ...). numpy computes with complex numbers almost
everywhere, but not always as torch does (``max`` and ``<`` compare complex numbers
lexicographically in numpy; torch refuses), so every other op refuses complex inputs: with torch's
own error where torch refuses too, and otherwise with a NotImplementedError saying that
autograd_lab does not support complex tensors for it. Differentiation through complex values
(torch's Wirtinger calculus) is not implemented: an op that would record a complex value in a
graph, or carry a tangent through one, raises.

The machinery pays nothing for this until the first complex tensor of the process exists (the
first complex dtype is seen, ``_dtypes.complex_seen``): from then on ``watching.count`` is one
higher for good, so that ``Op.apply`` takes its checked path and calls ``checked_forward`` (and
``check_result`` where it records), and ``record.derived`` (a result computed outside ``Op.apply``:
a comparison, ``argmax`` ...) calls ``check_derived`` (as the meta device does, ``meta.py``). A few
functions that read their arguments before any op runs (``clamp``'s bounds) call
``refuse_complex`` themselves.
"""

from __future__ import annotations

import sys
from typing import Any

from .live_switch import LiveSwitch

__all__ = ["live", "checked_forward", "check_result", "check_derived", "refusal",
           "refuse_complex", "refuse_differentiation", "NOT_DIFFERENTIABLE", "REFUSALS"]

NOT_DIFFERENTIABLE = ("autograd_lab does not differentiate complex tensors (torch does, by Wirtinger "
                      "calculus): {what}. Compute with real tensors (x.real, x.imag, x.abs()) where "
                      "a gradient is needed, or detach() the inputs.")


live = LiveSwitch()
"""On once a complex tensor was made in this process (then ops check their inputs);
``_dtypes.complex_seen`` switches it on."""


# torch's own errors for ops it refuses on complex inputs (by the op's torch name; ``{type}`` is
# torch's name of the dtype, ComplexFloat or ComplexDouble). Any other op without
# ``supports_complex`` gets autograd_lab's NotImplementedError.
REFUSALS: dict[str, tuple[type[Exception], str]] = {
    "max": (NotImplementedError, '"max_all" not implemented for \'{type}\''),
    "min": (NotImplementedError, '"min_all" not implemented for \'{type}\''),
    "max_dim": (RuntimeError, "max(): does not support complex input"),
    "min_dim": (RuntimeError, "min(): does not support complex input"),
    "amax": (NotImplementedError, '"max_values_cpu" not implemented for \'{type}\''),
    "amin": (NotImplementedError, '"min_values_cpu" not implemented for \'{type}\''),
    "argmax": (RuntimeError, "argmax(): does not support complex input"),
    "argmin": (RuntimeError, "argmin(): does not support complex input"),
    "lt": (NotImplementedError, '"lt_cpu" not implemented for \'{type}\''),
    "le": (NotImplementedError, '"le_cpu" not implemented for \'{type}\''),
    "gt": (NotImplementedError, '"gt_cpu" not implemented for \'{type}\''),
    "ge": (NotImplementedError, '"ge_cpu" not implemented for \'{type}\''),
    "sort": (RuntimeError, " Sort does not support complex dtypes on CPU"),
    "argsort": (RuntimeError, " Sort does not support complex dtypes on CPU"),
    "topk": (RuntimeError, " topk does not support complex dtypes on CPU"),
    "relu": (NotImplementedError, "clamp is not supported for complex types"),
    "clamp": (NotImplementedError, "clamp is not supported for complex types"),
    "clamp_min": (NotImplementedError, "clamp is not supported for complex types"),
    "clamp_max": (NotImplementedError, "clamp is not supported for complex types"),
    "floor": (NotImplementedError, "floor is not supported for complex inputs"),
    "ceil": (NotImplementedError, "ceil is not supported for complex inputs"),
    "trunc": (NotImplementedError, "trunc is not supported for complex inputs"),
    "round": (NotImplementedError, '"round_vml_cpu" not implemented for \'{type}\''),
    "sign": (NotImplementedError, "Unlike NumPy, torch.sign is not intended to support complex "
             "numbers. Please use torch.sgn instead."),
    "maximum": (RuntimeError, "maximum not implemented for complex tensors."),
    "minimum": (RuntimeError, "minimum not implemented for complex tensors."),
    "remainder": (NotImplementedError, '"remainder_cpu" not implemented for \'{type}\''),
    "floor_divide": (NotImplementedError, '"div_floor_cpu" not implemented for \'{type}\''),
    "unique": (NotImplementedError, '"unique" not implemented for \'{type}\''),
    "median": (NotImplementedError, '"median_cpu" not implemented for \'{type}\''),
    "nansum": (RuntimeError, "nansum on CPU does not support complex inputs"),
}


def refusal(name: str, arrays: Any) -> Exception:
    """The error for op ``name`` given complex inputs (``arrays``: their numpy arrays)."""
    known = REFUSALS.get(name)
    if known is not None:
        kind = "ComplexDouble" if any(a.dtype.name == "complex128" for a in arrays
                                      if a.dtype.kind == "c") else "ComplexFloat"
        error, text = known
        return error(text.format(type=kind))
    return NotImplementedError(f"{name}: autograd_lab does not support complex tensors for this op "
                               "(it supports complex numbers in arithmetic, exp, log, sqrt, pow, "
                               "sum, mean, prod, matmul, linalg.eig and the ops that move "
                               "elements; see the README's \"Complex numbers\")")


def refuse_complex(name: str, *values: Any) -> None:
    """Raise the refusal of ``name`` if a value is a complex tensor: for the functions that read
    their arguments before any op runs (``clamp``'s bounds, ``topk``), where numpy would fail first
    with a message about something else."""
    arrays = [v._data for v in values if getattr(getattr(v, "_data", None), "dtype", None) is not None]
    if live.on and any(a.dtype.kind == "c" for a in arrays):
        raise refusal(name, arrays)


def refuse_differentiation(what: str) -> NotImplementedError:
    """The error for differentiating through a complex value (``what`` says where)."""
    return NotImplementedError(NOT_DIFFERENTIABLE.format(what=what))


def checked_forward(op: Any, node: Any, forward: Any, inputs: tuple, params: dict) -> Any:
    """Before ``op`` (an Op class) runs on tensors ``inputs``: refuse complex inputs unless it
    supports them, and any complex input in a computation autograd would differentiate. Returns
    the forward to run: ``forward`` for real inputs, the op's own rule for complex ones (the fast
    paths' kernels are written for real numbers)."""
    for t in inputs:
        if t._data.dtype.kind == "c":
            break
    else:
        return forward
    if not op.supports_complex:
        # (an op class serving several functions is told which by ``aten_name``)
        name = op.complex_name or params.get("aten_name") or op.aten_name()
        raise refusal(name, [t._data for t in inputs])
    _check_not_differentiated(op.aten_name(), inputs)
    return node.forward if forward == node._forward_kernel else forward


def check_result(op: Any, inputs: tuple, out: Any) -> None:
    """After ``op`` computed ``out`` (arrays) from ``inputs``: a complex result of real inputs (a
    ``torch.complex``, ``linalg.eig``) may not be differentiated either."""
    outs = out if type(out) is tuple else (out,)
    if any(getattr(o, "dtype", None) is not None and o.dtype.kind == "c" for o in outs):
        _check_not_differentiated(op.aten_name(), inputs)


def _check_not_differentiated(name: str, inputs: tuple) -> None:
    differentiated = differentiation_of(inputs)
    if differentiated is not None:
        raise refuse_differentiation(f"{name} of a complex value with {differentiated}")


REVERSE_MODE = "an input that requires grad"
"""What ``differentiation_of`` answers for a result reverse mode would record."""


def differentiation_of(inputs: tuple) -> str | None:
    """How an op's result computed from tensors ``inputs`` would be differentiated: "an input that
    requires grad" (reverse mode records it), "a dual tensor (forward mode)", or None."""
    from .forward_ad import state as dual  # (forward_ad imports the tensor module)
    from .forward_ad import tangent_of
    from .grad_mode import state as grad_state

    if grad_state.enabled and any(t._requires_grad for t in inputs):
        return REVERSE_MODE
    if dual.active and any(tangent_of(t) is not None for t in inputs):
        return "a dual tensor (forward mode)"
    return None


def check_derived(sources: tuple, complex_ok: bool) -> None:
    """For a result computed outside ``Op.apply`` (``record.derived``) from ``sources``: refuse
    complex sources unless the call site declared that it handles them (``complex_ok``). The
    error names the public function that was called (read from the stack: only on this path)."""
    if complex_ok or not any(getattr(getattr(s, "_data", None), "dtype", None) is not None
                             and s._data.dtype.kind == "c" for s in sources):
        return
    raise refusal(public_caller(sys._getframe(2)), [s._data for s in sources if hasattr(s, "_data")])


def public_caller(frame: Any) -> str:
    """The public function on the stack from ``frame`` outwards (for errors raised deep inside
    one): the first whose name does not start with ``_`` and is not the machinery's."""
    while frame is not None and (frame.f_code.co_name.startswith("_")
                                 or frame.f_code.co_name in ("derived", "checked")):
        frame = frame.f_back
    return frame.f_code.co_name if frame is not None else "this op"
