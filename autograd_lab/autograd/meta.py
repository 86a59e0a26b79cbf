"""The meta device: tensors with a shape and a dtype and no values.

torch's meta device lets a learner push shapes through a network without computing anything
(``torch.rand(1024, 3, 2**16, 2**16, device="meta")`` takes no memory; ``conv(t)`` says what shape
comes out). Here a meta tensor holds a read-only numpy array of its shape and dtype whose elements
are all one shared zero (every stride 0: no memory). An op finds the shapes of its results

- by the op's ``meta_shapes`` rule, where it has one (a convolution, whose inputs may be far too
  large to compute on: it returns the result's shape and dtype from the inputs'), or else
- by running the op's forward on those zeros, when its inputs hold at most ``COMPUTED_UP_TO``
  elements in all, and keeping only the shapes and dtypes of what comes out. (Larger inputs
  without a rule are a NotImplementedError that says so.)

Nothing can read a meta tensor's values: ``item()``, ``bool()``, ``numpy()``, ``tolist()`` and a
copy to the CPU raise torch's errors, and printing shows ``tensor(..., device='meta', size=...)``.
A meta tensor mixed with a CPU tensor of one element or more is torch's device error (a 0-d CPU
tensor, like a number, may join in).

The machinery pays nothing for this until the first meta tensor of the process is made: from then
on ``watching.count`` is one higher for good, so that ``Op.apply`` takes its checked path and asks
``forward_on_meta`` whether an input is meta.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .live_switch import LiveSwitch

__all__ = ["meta_array", "is_meta_array", "is_meta", "forward_on_meta", "refuse_meta",
           "refuse_without_values", "copy_of",
           "COMPUTED_UP_TO"]

COMPUTED_UP_TO = 2 ** 24
"""The most input elements (all inputs together) an op without a ``meta_shapes`` rule runs its
forward on to learn its results' shapes (zeros of that size are allocated where numpy computes)."""

# One zero per dtype: every meta array is a view of one of them (numpy keeps the owner as the base
# of every view, so the test below recognises views of meta arrays too)
_ZEROS: dict[np.dtype, np.ndarray] = {}
_ZERO_IDS: set[int] = set()


live = LiveSwitch()
"""On once a meta tensor was made in this process (then ops check their inputs)."""


def meta_array(shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """A read-only array of ``shape`` and ``dtype`` that takes no memory: a meta tensor's data."""
    kind = np.dtype(dtype)
    zero = _ZEROS.get(kind)
    if zero is None:
        zero = _ZEROS.setdefault(kind, np.zeros(1, kind))
        _ZERO_IDS.add(id(zero))
    live.switch_on()
    return np.broadcast_to(zero.reshape(()), tuple(shape))


def is_meta_array(array: Any) -> bool:
    """Whether ``array`` is a meta tensor's data (or a numpy view of one)."""
    base = getattr(array, "base", None)
    return base is not None and id(base) in _ZERO_IDS


def is_meta(tensor: Any) -> bool:
    """Whether ``tensor`` (a Tensor) lives on the meta device."""
    return live.on and is_meta_array(getattr(tensor, "_data", None))


def copy_of(array: np.ndarray) -> np.ndarray:
    """A copy of a tensor's array (of a meta tensor's: another meta array, taking no memory)."""
    return meta_array(array.shape, array.dtype) if live.on and is_meta_array(array) else \
        array.copy()


def _meta_like(out: Any) -> Any:
    if type(out) is tuple:
        return tuple(_meta_like(item) for item in out)
    array = np.asarray(out)
    return meta_array(array.shape, array.dtype)


def forward_on_meta(op: type, forward: Callable[..., Any], inputs: tuple) -> Callable[..., Any]:
    """``forward`` itself when no input is a meta tensor; else a forward that returns meta arrays
    of the shapes and dtypes ``op`` gives (torch's device error when a CPU tensor of one element
    or more joins a meta one)."""
    metas = [is_meta_array(t._data) for t in inputs]
    if not any(metas):
        return forward
    if getattr(op, "copies_across_devices", False):  # ``copy_``: into a meta tensor from anywhere
        if not metas[0]:
            raise NotImplementedError("Cannot copy out of meta tensor; no data!")
    else:
        for t, on_meta in zip(inputs, metas):
            if not on_meta and t._data.ndim:
                raise RuntimeError("Tensor on device cpu is not on the expected device meta!")
    rule = getattr(op, "meta_shapes", None)

    def on_meta(*arrays: Any, **params: Any) -> Any:
        if rule is not None:
            shape, dtype = rule(*arrays, **params)
            return meta_array(shape, dtype)
        elements = sum(math.prod(a.shape) for a in arrays if isinstance(a, np.ndarray))
        if elements > COMPUTED_UP_TO:
            raise NotImplementedError(
                f"{op.__name__} on the meta device: autograd_lab finds the shape of this op's "
                f"result by running it on zeros, and its inputs hold {elements} elements (more "
                f"than {COMPUTED_UP_TO}); this op has no shape rule of its own")
        return _meta_like(forward(*arrays, **params))

    return on_meta


_NO_DATA = {
    "item": (RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    "control flow": (RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    "numpy": (TypeError, "can't convert meta device type tensor to numpy. Use Tensor.cpu() to "
                         "copy the tensor to host memory first."),
    "data": (NotImplementedError, "Cannot copy out of meta tensor; no data!"),
}


def refuse_meta(tensor: Any, use: str) -> None:
    """torch's error for ``use`` of a meta tensor's values: ``"item"`` (``item()``, ``float()``),
    ``"control flow"`` (``bool()``), ``"numpy"`` or ``"data"`` (``tolist()``, a copy to the CPU)."""
    if is_meta(tensor):
        raise values_error(use)


def values_error(use: str) -> Exception:
    """torch's error for ``use`` of a meta tensor's values (see ``refuse_meta``)."""
    kind, text = _NO_DATA[use]
    return kind(text)


def refuse_without_values(operator: str, *tensors: Any) -> None:
    """torch's error for an op that needs values (the shape of its result depends on them:
    ``nonzero``, ``unique``, a boolean mask; or its answer is one: ``equal``) when one of
    ``tensors`` is a meta tensor."""
    if live.on and any(is_meta(t) for t in tensors):
        raise NotImplementedError(
            f"aten::{operator}: attempted to run this operator with Meta tensors, but it needs "
            "their values (the shape of its result, or its answer, depends on them), and a meta "
            "tensor has none")
