"""Views and in-place changes through them, as torch handles them.

A view (``x[0]``, ``x.t()``, ``x.view(6)`` ...) shares memory and the version counter with its
*base*, the tensor whose memory it looks into. Every view remembers its base (the first non-view
tensor), whether it was made under ``no_grad``, and whether it is one of several outputs of one op
(``split``, ``chunk``, ``unbind``).

An in-place op on a view changes the base too, so the base's history must say so. As in torch:

- the base's ``grad_fn`` becomes a ``CopySlices`` node: the gradient of the base passes through
  unchanged outside the view, and inside it goes through the in-place op's backward;
- the view's ``grad_fn`` becomes ``AsStridedBackward0`` (``shape.AsStrided``), reading its
  elements out of the new base;
- the base's other views (and the views of a base changed in place itself) read their values out
  of the changed base from then on: their ``grad_fn`` becomes ``AsStridedBackward0`` too;
- it is an error when the base is a leaf that requires grad, when the view is one output of a
  multi-output op, or when the view was made under ``no_grad`` and the change happens with grad on.

Positions of a view's elements in its base are read from numpy's strides, so any chain of views
works without replaying it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd import grad_mode
from ..autograd.forward_ad import same_layout, set_tangent, tangent_of, window_into
from ..autograd.forward_ad import state as dual
from ..autograd.messages import OVERLAP_MESSAGE
from ..autograd.meta import copy_of, is_meta
from ..autograd.node import Node, _sequence
from ..autograd.op import Op
from ..tensor import Tensor, _LeafState
from ._grad import put

__all__ = ["record_view", "check_view_change", "inplace_on_view", "refresh_views", "view_positions",
           "fw_primal", "dual_view", "carry_tangent", "write_tangent"]

LEAF_VIEW_MESSAGE = "a view of a leaf Variable that requires grad is being used in an in-place operation."
NO_GRAD_VIEW_MESSAGE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given "
    "that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by "
    "moving both the view and the inplace either both inside the no_grad block (if you don't want "
    "the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
MULTI_OUTPUT_NOTE = (
    "This view is the output of a function that returns multiple views. Such functions do not "
    "allow the output views to be modified inplace. You should replace the inplace operation by an "
    "out-of-place one.")
MULTI_OUTPUT_MESSAGE = "Output {nr} of {op} is a view and is being modified inplace. " + MULTI_OUTPUT_NOTE
# torch's wording for one without a grad_fn (split of a tensor that does not require grad, changed
# with a value that does)
NO_GRAD_FN_MULTI_OUTPUT_MESSAGE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. "
    + MULTI_OUTPUT_NOTE)


class ViewState(_LeafState):
    """The state of a view (``tensor._state``): what every tensor's state holds (hooks, the tangent
    ...) and what the view remembers: its base, the two ways it can be forbidden to change in
    place, and for forward mode, the tensor whose tangent its own tangent is a view of.

    A state answers ``state.view`` with what the tensor is a view of: None for any other tensor
    (``_LeafState``'s default), itself for a view. One object per view, so ``P[3, 4]`` in a loop
    makes one record per view, not two (see ``record_view``)."""

    base: Tensor  # the first tensor that is not a view, whose memory this view looks into
    # None for a view in reverse mode only (make_dual's result, unpack_dual's primal): its tangent
    # is its own, and its views look into that one
    forward_base: Tensor | None
    no_grad = False  # made under no_grad
    multi_output: str | None = None  # "Split" for an output of split(), else None

    @property
    def view(self) -> ViewState:  # type: ignore[override]
        return self


def view_info(tensor: Tensor) -> ViewState | None:
    state = tensor._state
    return None if state is None else state.view


_PRUNE_FROM = _LeafState.prune_views_at  # no base's list of views is pruned shorter


def record_view(out: Tensor, base: Tensor, multi_output: str | None = None,
                forward: bool = True) -> None:
    """Make ``out`` a view of ``base``: one version counter, and ``out`` remembers the base.
    ``forward=False``: a view in reverse mode only (a tangent of its own, never the base's)."""
    # (every view of every op comes here, ``P[3, 4]`` in a loop too: the tensors' fields are read
    # directly, without the helpers that wrap them)
    version = base._vc
    if version is None:
        version = base._vc = [0]
    out._vc = version
    no_grad = grad_mode.off.count and not grad_mode.state.enabled  # (grad_mode.recording)
    base_state = base._state
    parent = base_state.view if base_state is not None else None
    if parent is None:
        root = base
        forward_base = base if forward else None
    else:
        root = parent.base
        no_grad = no_grad or parent.no_grad
        multi_output = multi_output or parent.multi_output
        forward_base = None
        if forward:
            forward_base = base if parent.forward_base is None else parent.forward_base
    state = out._state
    if state is None:  # (the usual case: a new tensor; the class defaults stand where they can)
        state = out._state = ViewState()
        state.base = root  # (always in this order: the instances share their attributes' keys)
        state.forward_base = forward_base
        if no_grad:
            state.no_grad = True
        if multi_output is not None:
            state.multi_output = multi_output
    else:  # (a tensor with a state already: a tangent given before it became a view)
        if state.__class__ is not ViewState:
            former, state = state, ViewState()
            state.__dict__.update(former.__dict__)
            out._state = state
        state.base = root
        state.forward_base = forward_base
        state.no_grad = bool(no_grad)
        state.multi_output = multi_output
    if no_grad:
        return  # torch does not re-derive these views' history either
    # the base keeps weak references to its views: after an in-place change of the base (or of one
    # view), the others must read their values out of the changed base (refresh_views), or, for
    # one output of a multi-output op, can no longer be differentiated
    state = root._state
    if state is None:
        state = root._state = _LeafState()
    views = state.views
    if views is None:
        views = state.views = []
    elif len(views) >= state.prune_views_at:
        # the dead are dropped once the list has doubled since the last pruning (from _PRUNE_FROM
        # views on): each view is scanned twice on average, whether its siblings die at once or
        # all stay alive (a loop building a graph out of ``P[i, j]``, where scanning every 32
        # views made the loop quadratic)
        prune_views(views)
        state.prune_views_at = max(_PRUNE_FROM, 2 * len(views))
    views.append(weakref.ref(out))


def prune_views(views: list) -> None:
    """Drop the weak references to views that died."""
    views[:] = [ref for ref in views if ref() is not None]


def refresh_views(base: Tensor, changed: Tensor | None = None) -> None:
    """After a recorded in-place change of ``base`` (or of its view ``changed``), give every other
    live view the history torch gives it when it next looks: ``AsStridedBackward0`` reading it out of
    the changed base. Without this, a view made before the change would send its gradient to the
    old values."""
    views = base._state.views if base._state is not None else None
    if not views or base.grad_fn is None:
        return
    from .shape import AsStrided

    live = []
    for ref in views:
        view = ref()
        if view is None:
            continue
        live.append(ref)
        if view is changed:
            continue
        if view._state.view.multi_output is None:
            _read_from_base(view, base, AsStrided)
        else:  # torch cannot re-derive one output of split() or unbind(): using it is an error
            stale = StaleOutputView(_view_op(view), view._output_nr)
            view._rebase_history(stale, view._output_nr)
            view._requires_grad = True
    views[:] = live


STALE_VIEW_MESSAGE = (
    "Output {nr} of {op} is a view and its base or another view of its base has been modified "
    "inplace. This view is the output of a function that returns multiple views. Such functions do "
    "not allow the output views to be modified inplace. You should replace the inplace operation by "
    "an out-of-place one.")


class StaleOutputView(Node):
    """The history of one output of a multi-output view op (``split``, ``unbind``, ``chunk``) whose
    base changed in place afterwards: torch cannot say how the view's values now depend on the
    graph, so differentiating through it raises torch's error (the view's values stay usable)."""

    __slots__ = ("_op", "_nr")

    def __init__(self, op: str, nr: int) -> None:
        self._op = op
        self._nr = nr
        self.next_functions = ()
        self._sequence_nr = next(_sequence)
        self._hooks = None

    def name(self) -> str:
        return "Invalid"

    def _grads_for_inputs(self, grad_outputs: tuple, tensors: bool) -> tuple:
        raise RuntimeError(STALE_VIEW_MESSAGE.format(nr=self._nr, op=self._op))


StaleOutputView.__name__ = "Invalid"  # as torch's class of this node is called (grad_fn=<Invalid>)


def _read_from_base(view: Tensor, base: Tensor, as_strided: type,
                    positions: np.ndarray | None = None) -> None:
    """``view.grad_fn`` becomes an AsStrided node reading its elements out of ``base``."""
    if positions is None:
        positions = view_positions(view._data, base._data)
    with grad_mode.enable_grad():
        reread = as_strided.apply(base, positions=positions, array=view._data)
    view._rebase_history(reread.grad_fn, 0)
    view._requires_grad = True


def view_positions(view: np.ndarray, base: np.ndarray) -> np.ndarray:
    """For each element of ``view``, its flat (row-major) position in ``base``, whose memory it
    shares: computed from the arrays' addresses and strides."""
    item = base.itemsize
    start = base.__array_interface__["data"][0]

    def memory_offsets(array: np.ndarray) -> np.ndarray:
        offset = (array.__array_interface__["data"][0] - start) // item
        offsets = np.full(array.shape, offset, dtype=np.int64)
        for dim, (size, stride) in enumerate(zip(array.shape, array.strides)):
            shape = [1] * array.ndim
            shape[dim] = size
            offsets = offsets + (np.arange(size, dtype=np.int64) * (stride // item)).reshape(shape)
        return offsets

    if base.flags.c_contiguous:
        return memory_offsets(view)
    # a base that is not row-major itself: map memory offsets back to row-major positions
    base_offsets = memory_offsets(base).reshape(-1)
    order = np.argsort(base_offsets, kind="stable")
    return order[np.searchsorted(base_offsets[order], memory_offsets(view))]


class CopySlices(Node):
    """The base of a view after an in-place op on the view: the op's result written into the view's
    elements of the old base.

    Backward:  grad_base = grad outside the view; inside it, the in-place op's gradient for its self
               grad_others = the in-place op's gradients for its other inputs
    """

    __slots__ = ("_inner", "_positions", "_shape")

    def __init__(self, base_edge: tuple, inner: Any, positions: np.ndarray,
                 shape: tuple[int, ...]) -> None:
        self._inner = inner
        self._positions = positions
        self._shape = shape
        self.next_functions = (base_edge,) + tuple(inner.next_functions[1:])
        self._sequence_nr = next(_sequence)
        self._hooks = None

    def name(self) -> str:
        return "torch::autograd::CopySlices"  # torch's name() for this C++ node

    @classmethod
    def formula(cls) -> str:
        doc = cls.__doc__ or ""
        return "Backward:" + doc.partition("Backward:")[2].rstrip()

    def _grads_for_inputs(self, grad_outputs: tuple, tensors: bool) -> tuple:
        (grad,) = grad_outputs
        flat = grad.reshape(-1)
        inner_grads = self._inner._grads_for_inputs((flat[self._positions],), tensors)
        own = inner_grads[0]
        grad_base = put(flat, self._positions, 0 if own is None else own)
        return (grad_base.reshape(self._shape),) + tuple(inner_grads[1:])

    def _release(self) -> None:
        self._inner._release()

    @property
    def _saved(self) -> Any:
        """The in-place op's saved buffers (the engine checks them before running)."""
        return getattr(self._inner, "_saved", None)

    @property
    def saved_tensors(self) -> Any:
        return self._inner.saved_tensors

    def _validate_saved(self) -> None:
        self._inner._validate_saved()

    @property
    def _made_at(self) -> Any:
        """When the in-place op's node was made (the engine skips checks nothing can have staled)."""
        return getattr(self._inner, "_made_at", None)


def _view_op(view: Tensor) -> str:
    """How torch's messages name the op that made ``view`` (one output of ``split``, or a view of
    one): its grad_fn's name without "Backward0", a later overload keeping its number (``Split``,
    ``Select``, ``Squeeze1``); for one whose base changed since, the op that made it."""
    node = view.grad_fn
    if node is None:
        return view._state.view.multi_output
    if isinstance(node, StaleOutputView):
        return node._op
    return re.sub(r"Backward0$", "", node.name()).replace("Backward", "")


def check_view_change(view: Tensor, records: bool) -> None:
    """torch's errors for an in-place change of a view (of its values or of its shape, ``t_``) that
    autograd cannot follow: one made under no_grad changed with grad on, one output of a
    multi-output op, a view of a leaf that requires grad."""
    info = view_info(view)
    if records and info.no_grad:
        raise RuntimeError(NO_GRAD_VIEW_MESSAGE)
    if records and info.multi_output is not None:
        if view.grad_fn is None:
            raise RuntimeError(NO_GRAD_FN_MULTI_OUTPUT_MESSAGE)
        raise RuntimeError(MULTI_OUTPUT_MESSAGE.format(nr=view._output_nr, op=_view_op(view)))
    # torch asks whether the view requires grad and its base is a leaf: a view of a leaf that does
    # not require grad counts too, when the view (or a view it was taken from) was made to
    if grad_mode.state.enabled and info.base.grad_fn is None and (
            info.base._requires_grad or view._requires_grad):
        raise RuntimeError(LEAF_VIEW_MESSAGE)


def inplace_on_view(view: Tensor, op: Callable[..., Tensor], args: tuple, kwargs: dict,
                    write: Callable[[np.ndarray, np.ndarray], None]) -> Tensor:
    """``view.<op>_(*args)``: write the result into the view's memory and, when the change is
    recorded, give the base a ``CopySlices`` node and the view an ``AsStridedBackward0`` one."""
    info = view_info(view)
    base = info.base
    records = grad_mode.state.enabled and (view._requires_grad or base._requires_grad or any(
        isinstance(a, Tensor) and a._requires_grad for a in args))
    check_view_change(view, records)
    if not view._data.flags.writeable and not is_meta(view):
        raise RuntimeError(OVERLAP_MESSAGE)
    if not records:
        with grad_mode.no_grad():
            result = op(view, *args, **kwargs)
        write(view._data, result._data)
        if dual.active:
            write_tangent(view, result)
        view._bump_version()
        return view
    before = Tensor._make(copy_of(view._data), view.grad_fn, view._output_nr)
    before._requires_grad = view._requires_grad
    if dual.active:
        carry_tangent(view, before)
    result = op(before, *args, **kwargs)
    write(view._data, result._data)
    if dual.active:
        write_tangent(view, result)
    view._bump_version()
    if result.grad_fn is None:
        return view
    if getattr(result.grad_fn, "_result_index", None) is not None:
        result.grad_fn._result_written_into(view._vc)
    positions = view_positions(view._data, base._data)
    base_edge = base._edge()
    node = CopySlices(base_edge, result.grad_fn, positions, base._data.shape)
    base._rebase_history(node, 0)
    base._requires_grad = True
    from .shape import AsStrided

    _read_from_base(view, base, AsStrided, positions)
    refresh_views(base, changed=view)
    return view


# -- forward mode: tangents of tensors changed in place ----------------------------------------------


def carry_tangent(tensor: Tensor, snapshot: Tensor) -> None:
    """Give the snapshot of ``tensor``'s old value (what an in-place op computes from) its tangent."""
    tangent = tangent_of(tensor)
    if tangent is not None:
        set_tangent(snapshot, tangent)


def write_tangent(tensor: Tensor, result: Tensor) -> None:
    """After ``tensor`` took ``result``'s values in place: its tangent takes ``result``'s tangent, in
    place, as torch does. A view writes into its base's tangent (made of zeros first if the base
    had none), so the base and all its views see the change."""
    tangent = tangent_of(result)
    if tangent is None:
        return
    info = view_info(tensor)
    base = info.forward_base if info is not None else None
    if base is not None:
        base_tangent = base._state.tangent if base._state is not None else None
        if base_tangent is None:
            base_tangent = Tensor._make(np.zeros_like(base._data, dtype=tangent._data.dtype))
            set_tangent(base, base_tangent)
        if base_tangent._requires_grad or tangent._requires_grad:
            # a recorded tangent changes out of place: the base's tangent with the view's part
            # replaced (a recorded index_put), and the view's tangent read out of it
            positions = view_positions(tensor._data, base._data)
            flat = put(base_tangent.reshape(-1), positions.reshape(-1), tangent.reshape(-1))
            set_tangent(base, flat.reshape(base._data.shape))
            set_tangent(tensor, flat[positions])
            return
        window = window_into(base_tangent._data, base._data, tensor._data)
        window[...] = tangent._data
        set_tangent(tensor, Tensor._make(window))
        return
    current = tensor._state.tangent if tensor._state is not None else None
    if current is not None and current._data.flags.writeable \
            and current._data.shape == tensor._data.shape and not tangent._requires_grad \
            and (not current._requires_grad or not grad_mode.state.enabled):
        # torch updates the tangent in place; under no_grad a tangent that requires grad keeps its
        # graph (the change is not recorded), so reverse over forward still reaches the inputs
        # (cosine_similarity's norm.clamp_ under no_grad gave gradients without the norms' part)
        current._data[...] = tangent._data
        if current._requires_grad:
            current._bump_version()
        return
    if not tangent._requires_grad and not same_layout(tangent._data, tensor._data):
        copy = np.empty_like(tensor._data, dtype=tangent._data.dtype)
        copy[...] = tangent._data
        tangent = Tensor._make(copy)
    set_tangent(tensor, tangent)


class FwPrimal(Op, grad_fn_name="Identity"):
    """The value of a dual tensor without its tangent (``unpack_dual(x).primal``): a view.

    Backward:  grad_self = grad
    Forward:   no tangent (the primal is the value alone)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.view()

    def backward(self, grad: Any) -> Any:
        return grad

    def jvp(self, tangent: Any) -> None:
        return None

    def name(self) -> str:
        return "torch::autograd::Identity"  # torch's name() for this C++ node

    def __repr__(self) -> str:
        return f"<CppFunction object at {id(self):#x}>"


def dual_view(tensor: Tensor) -> Tensor:
    """What ``make_dual`` returns before it gets its tangent: ``tensor.view(tensor.shape)``, a view
    in reverse mode only (a tangent of its own, which its own views look into)."""
    from .shape import view

    out = view(tensor, tensor._data.shape)
    out._state.forward_base = None
    return out


def fw_primal(tensor: Tensor) -> Tensor:
    """A view of ``tensor`` that carries no tangent (the primal ``unpack_dual`` returns)."""
    out = FwPrimal.apply(tensor)
    record_view(out, tensor, forward=False)
    return out
