"""``autograd.forward_ad``: forward-mode automatic differentiation, as ``torch.autograd.forward_ad``.

Reverse mode (``backward``) runs after the forward pass and carries the gradient of one output back
to every input: one pass per output gives a row of the Jacobian. Forward mode runs *during* the
forward pass: every value carries a **tangent**, its derivative along one chosen direction of the
inputs, so one pass gives a column of the Jacobian (a Jacobian-vector product, ``J @ v``)::

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, v)        # a dual tensor: a value and its tangent
        y = f(x)                                    # every op computes y's tangent as it goes
        value, jvp = forward_ad.unpack_dual(y)      # jvp == J_f(primal) @ v

How it works here:

- Each op class has a ``jvp`` rule beside its ``backward`` (see ``autograd/op.py``). While a dual
  level is open, ``Op.apply`` hands the tangents of an op's inputs (zeros for inputs without one) to
  the rule and attaches what it returns to the outputs. Outside a level this costs one attribute
  check per op.
- A tangent is a tensor kept beside the value (``unpack_dual`` returns it as it was given when its
  memory layout matches the value's). Closing the level drops every tangent.
- A view's tangent is the same view of its base's tangent; an in-place op updates the tangent in
  place, so the base and its views keep seeing one tangent (``autograd_lab/ops/views.py``).
- Forward over reverse: a backward pass run inside a level computes the gradient with tensors, so
  every op of the backward formulas carries tangents too: ``unpack_dual(grad).tangent`` is a
  Hessian-vector product.
- One level at a time, as in torch (``torch.func.jvp`` nests transforms; this module does not).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..tensor import Size, Tensor
from .complex_mode import refuse_differentiation
from .grad_mode import _decorate

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual",
           "dual_level"]

NO_LEVEL_MESSAGE = ("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                    "enter_dual_level() first.")


class _Level:
    """The open dual level (torch has one global level at a time): whether one is open, its number,
    the tensors that received a tangent in it (their tangents are dropped when it closes), and the
    tangents of results that nodes saved for backward (a backward pass inside the level needs them:
    the node keeps the result's array, not the tensor)."""

    __slots__ = ("active", "level", "duals", "result_tangents")

    def __init__(self) -> None:
        self.active = False  # read by Op.apply for every op: the one check forward mode costs
        self.level = -1
        self.duals: list[weakref.ref] = []
        self.result_tangents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


state = _Level()


class _Paused(threading.local):
    """True in this thread while a jvp rule runs: the rule's own ops compute with the values of the
    inputs (their primals) and carry no tangents of their own (there is one level, not two)."""

    paused = False


paused = _Paused()


class UnpackedDualTensor(NamedTuple):
    """What ``unpack_dual`` returns: the value (``primal``) and its ``tangent`` (None without one)."""

    primal: Tensor
    tangent: Tensor | None


def enter_dual_level() -> int:
    """Open a dual level (forward-mode tangents are kept while it is open) and return its number."""
    if state.level >= 0:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    state.level = 0
    state.active = True
    return state.level


def exit_dual_level(*, level: int | None = None) -> None:
    """Close the dual level: every tangent made in it is dropped."""
    if level is None:
        level = state.level
    if level != state.level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was "
                           "created. This is not supported.")
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    for ref in state.duals:
        tensor = ref()
        if tensor is not None:
            tensor._state.tangent = None
    state.duals = []
    state.result_tangents.clear()
    state.level = -1
    state.active = False


class dual_level:  # noqa: N801 - torch's name
    """Context manager (and decorator) for forward mode: ``with dual_level(): ...`` opens a level
    and closes it (dropping every tangent) on the way out; ``as`` gives the level's number."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc: object) -> None:
        exit_dual_level()

    def __call__(self, func: Callable) -> Callable:
        return _decorate(func, dual_level)


def _check_level(level: int | None, function: str) -> int:
    if level is None:
        level = state.level
    if level < 0:
        raise RuntimeError(NO_LEVEL_MESSAGE)
    if level != state.level:
        raise RuntimeError(f"Invalid level given to {function}")
    return level


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """A dual tensor: a view of ``tensor`` carrying ``tangent`` (kept as it is when its memory layout
    matches ``tensor``'s, else copied into that layout). Differentiable in reverse mode too."""
    level = _check_level(level, "_make_dual")
    if tensor.is_complex() or tangent.is_complex():
        raise refuse_differentiation("make_dual of a complex tensor (forward mode)")
    if not tensor.is_floating_point():
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not tangent.is_floating_point():
        raise ValueError(f"Expected tangent to be floating point or complex, but got: "
                         f"{tangent.dtype}")
    if tangent_of(tensor) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward "
                           f"gradient at the same level {level} is not supported.")
    check_tangent_shape(tensor._data.shape, tangent._data.shape)
    dual = tensor._dual_view()
    if not same_layout(tangent._data, dual._data):
        copy = np.empty_like(dual._data, dtype=tangent._data.dtype)
        copy[...] = tangent._data
        tangent = Tensor._make(copy)
    set_tangent(dual, tangent)
    return dual


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """``(primal, tangent)``: a view of ``tensor``'s value without its tangent, and the tangent
    (None when ``tensor`` has none, or outside a dual level, where ``primal`` is ``tensor``)."""
    if level is None:
        level = state.level
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, Tensor):
        raise TypeError(f"_unpack_dual(): argument 'dual' (position 1) must be Tensor, not "
                        f"{type(tensor).__name__}")
    tangent = tangent_of(tensor) if level == state.level else None
    return UnpackedDualTensor(tensor._fw_primal(level), tangent)


# -- where tangents live (for the machinery: Op.apply, the engine, views, printing) ----------------


def tangent_of(tensor: Tensor) -> Tensor | None:
    """The tangent ``tensor`` carries at the open level, or None. A view without a tangent of its own
    whose base has one carries the same view of the base's tangent (made here when first asked)."""
    leaf_state = tensor._state
    if leaf_state is None:
        return None
    tangent = leaf_state.tangent
    view = leaf_state.view
    if tangent is not None or view is None or not state.active:
        return tangent
    base = view.forward_base
    if base is None:
        return None
    base_tangent = base._state.tangent if base._state is not None else None
    if base_tangent is None:
        return None
    window = Tensor._make(window_into(base_tangent._data, base._data, tensor._data))
    set_tangent(tensor, window)
    return window


def set_tangent(tensor: Tensor, tangent: Tensor) -> None:
    """Give ``tensor`` its tangent at the open level (dropped when the level closes)."""
    tensor._leaf_state().tangent = tangent
    state.duals.append(weakref.ref(tensor))


def check_tangent_shape(shape: tuple[int, ...], tangent_shape: tuple[int, ...]) -> None:
    """torch's error for a tangent whose shape is not its value's."""
    if tangent_shape != shape:
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the original "
            "Tensor, this is not supported. Tensor is of size "
            f"{list(Size(shape))} while the given forward gradient is of size "
            f"{list(Size(tangent_shape))}.")


def same_layout(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays lay their elements out alike in memory (shape, and strides in elements
    along every dim longer than 1): then a tangent can be a view wherever its value is one."""
    if a.shape != b.shape:
        return False
    return all(n < 2 or sa // a.itemsize == sb // b.itemsize
               for n, sa, sb in zip(a.shape, a.strides, b.strides))


class _Window:
    """An array interface numpy reads to make a view at a given address (as ``as_strided`` does)."""

    def __init__(self, interface: dict, owner: np.ndarray) -> None:
        self.__array_interface__ = interface
        self.base = owner  # keeps the memory alive as long as the view


def window_into(tangent: np.ndarray, base: np.ndarray, view: np.ndarray) -> np.ndarray:
    """The elements of ``tangent`` (laid out as ``base``) that ``view`` looks at in ``base``: the
    view's offset and strides applied to the tangent's memory, so the two share memory."""
    items = (view.__array_interface__["data"][0] - base.__array_interface__["data"][0]) \
        // base.itemsize
    if not same_layout(tangent, base):
        raise RuntimeError("a tangent and its value are laid out differently in memory")
    interface = {
        "data": (tangent.__array_interface__["data"][0] + items * tangent.itemsize, False),
        "shape": view.shape,
        "strides": tuple(stride // base.itemsize * tangent.itemsize for stride in view.strides),
        "typestr": tangent.dtype.str,
        "version": 3,
    }
    return np.asarray(_Window(interface, tangent))
