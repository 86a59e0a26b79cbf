"""Tensor subclasses that hold no data of their own: ``Tensor._make_wrapper_subclass`` and
``__torch_dispatch__``.

A subclass such as a quantized weight keeps its real data in attributes (``self.elem``,
``self.scale``) and is a tensor only in its metadata: shape, dtype, strides, device,
``requires_grad``. torch makes it with ``Tensor._make_wrapper_subclass(cls, size, dtype=...)`` and
hands every operation on it to the class's ``__torch_dispatch__(cls, func, types, args, kwargs)``,
``func`` being the ATen overload (``torch.ops.aten.detach.default``), which decides what to compute
(usually ``func`` on the wrapped tensors) and returns the result. Here:

- the instance's array is a ``NoData``: shape, dtype, strides and device, and nothing else. Any
  attempt to read values from it (a numpy function, a conversion, an array method) is a
  NotImplementedError naming the class and the attempt, so nothing ever computes on missing data;
- ``Op.apply`` (every op of ``autograd_lab.ops``) hands an op with such an input to
  ``__torch_dispatch__`` (``route``, through ``autograd/subclass_hook.py``), with the op's
  overload in ``torch.ops.aten`` and ATen's arguments: the tensors (a Python number among them
  arrives as the 0-d tensor the kit made of it), for ops the kit calls with tensors alone; ``add``
  and ``sub``'s ``alpha=``; ``_to_copy``'s ``dtype=`` (and ``layout=``, ``device=`` for a move)
  for a conversion (``to``, ``half()``, ``double()``, ``to("meta")``). An op the kit calls with
  arguments of its own (``sum(dim=...)``, indexing, ``cat``) is a NotImplementedError naming it:
  those arguments are not translated to ATen's;
- ``detach()`` and ``.data`` dispatch ``aten.detach.default`` (they are not ops of the library);
- torch records ops on such tensors in the autograd graph above the dispatch; the kit does not:
  an op that would be recorded (grad mode on and an input requiring grad) is a NotImplementedError
  saying so (``torch.no_grad()`` runs it);
- ``nn.Parameter(instance)`` follows torch: ``instance.detach().requires_grad_(...)``, of the same
  class, marked as a parameter (``nn/parameter.py``).

Like the meta device, the machinery pays nothing until the first such tensor of the process is made.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from . import device as _devices
from ._dtypes import DEFAULT_FLOAT, as_dtype
from ._dtypes import dtype as _dtype
from .autograd.grad_mode import state as _grad_state
from .autograd.meta import meta_array
from .autograd.record import watching
from .autograd.subclass_hook import NoData, contiguous_strides
from .autograd.subclass_hook import dispatch as _slot
from .tensor import Tensor

__all__ = ["make_wrapper_subclass", "holds_no_data", "dispatch_detach", "route"]


def holds_no_data(tensor: Any) -> bool:
    """Whether ``tensor`` was made by ``_make_wrapper_subclass`` (or took such a tensor's data)."""
    return isinstance(tensor, Tensor) and tensor._data.__class__ is NoData


_switch_lock = threading.Lock()


def _switch_on() -> None:
    """The first wrapper of the process: from now on ``Op.apply`` asks ``route`` (for good)."""
    if _slot.route is None:
        with _switch_lock:
            if _slot.route is None:
                with watching.lock:
                    watching.count += 1
                _slot.route = route


def make_wrapper_subclass(cls: type, size: Any, *, strides: Any = None, storage_offset: Any = None,
                          memory_format: Any = None, dtype: _dtype | None = None,
                          layout: Any = None, device: Any = None, pin_memory: bool = False,
                          requires_grad: bool = False, **dispatch_options: Any) -> Tensor:
    """``torch.Tensor._make_wrapper_subclass``: a new instance of ``cls`` (a Tensor subclass with
    ``__torch_dispatch__``) with this metadata and no data of its own (see the module doc)."""
    if not (isinstance(cls, type) and issubclass(cls, Tensor)):
        raise TypeError(f"cls must be a subclass of torch.Tensor, not {cls!r}")
    if getattr(cls, "__torch_dispatch__", None) is None:
        raise TypeError(f"{cls.__name__} must define __torch_dispatch__")
    if layout is not None and layout is not _devices.strided:
        raise NotImplementedError(f"_make_wrapper_subclass with layout={layout}: the only layout "
                                  "here is torch.strided")
    if storage_offset not in (None, 0):
        raise NotImplementedError("_make_wrapper_subclass with a storage_offset other than 0: "
                                  "autograd_lab's wrappers have no storage to be offset into")
    if dispatch_options:
        raise NotImplementedError(f"_make_wrapper_subclass's {', '.join(dispatch_options)}: "
                                  "autograd_lab dispatches every operation, sizes and strides "
                                  "are the wrapper's own")
    shape = tuple(int(n) for n in size)
    kind = (dtype or DEFAULT_FLOAT).numpy
    item = kind.itemsize
    steps = contiguous_strides(shape, item) if strides is None else tuple(int(s) * item for s in strides)
    if len(steps) != len(shape):
        raise RuntimeError(f"_make_wrapper_subclass: {len(shape)} sizes but {len(steps)} strides")
    place = _devices.placement(device)
    base = meta_array((), kind).base if place == _devices.META else None
    result = Tensor.__new__(cls)
    result._data = NoData(shape, kind, steps, base, cls)
    result.grad_fn = None
    result._output_nr = 0
    result._grad = None
    result._vc = None
    result._state = None
    result._requires_grad = False
    _switch_on()
    if requires_grad:
        result.requires_grad_(True)
    return result


def _dispatch(func: Any, args: tuple, kwargs: dict) -> Any:
    """Hand ``func(*args, **kwargs)`` to ``__torch_dispatch__`` of the classes of its data-less
    tensor arguments, in order, until one does not return NotImplemented (torch's protocol)."""
    types: list[type] = []
    for value in (*args, *kwargs.values()):
        if holds_no_data(value) and type(value) not in types:
            types.append(type(value))
    for kind in types:
        handler = getattr(kind, "__torch_dispatch__", None)
        if handler is None:
            raise NotImplementedError(
                f"{func} on a {kind.__name__} that holds no data of its own (its data was taken "
                "from a wrapper subclass with .data =) and has no __torch_dispatch__")
        result = handler(func, tuple(types), args, kwargs)
        if result is not NotImplemented:
            return result
    raise TypeError(f"Multiple dispatch failed for '{func.name()}'; all __torch_dispatch__ "
                    f"handlers returned NotImplemented:\n\n  - tensor subclass "
                    + "\n  - tensor subclass ".join(repr(kind) for kind in types))


def dispatch_detach(tensor: Tensor) -> Tensor:
    """``detach()`` (and ``.data``) of a data-less tensor: ``aten.detach.default``."""
    from .ops._aten import aten

    return _dispatch(aten.detach.default, (tensor,), {})


def _to_copy_arguments(inputs: tuple, params: dict) -> tuple[tuple, dict]:
    kwargs: dict[str, Any] = {"dtype": as_dtype(np.dtype(params["target"]))}
    if params.get("to_meta"):
        kwargs.update(layout=_devices.strided, device=_devices.META)
    return inputs, kwargs


def _alpha_arguments(inputs: tuple, params: dict) -> tuple[tuple, dict]:
    alpha = params.get("alpha", 1)
    return inputs, ({} if alpha == 1 and alpha.__class__ is int else {"alpha": alpha})


_ARGUMENTS = {"ToCopy": _to_copy_arguments, "Add": _alpha_arguments, "Sub": _alpha_arguments}
"""For the op classes whose parameters are not ATen's: their ATen arguments from the op's inputs
and parameters. (An op called with tensors alone needs no entry.)"""


def route(op: type, inputs: tuple, params: dict) -> Any:
    """``Op.apply``'s question, once a wrapper exists: NotImplemented when no input of ``op`` holds
    no data; else the op handed to ``__torch_dispatch__`` with its ATen overload and arguments."""
    if not any(t._data.__class__ is NoData for t in inputs):
        return NotImplemented
    from .ops._aten import aten, aten_name

    name = aten_name(op)
    owner = next(type(t).__name__ for t in inputs if t._data.__class__ is NoData)
    translate = _ARGUMENTS.get(op.torch_name)
    if translate is None and params:
        raise NotImplementedError(
            f"aten.{name} on a {owner}: the kit calls this op with arguments of its own "
            f"({', '.join(params)}), which autograd_lab does not translate to ATen's, so it cannot "
            f"hand it to {owner}.__torch_dispatch__")
    try:
        packet = getattr(aten, name)
    except AttributeError:
        raise NotImplementedError(
            f"aten.{name} on a {owner}: the op has no overload in autograd_lab's torch.ops.aten "
            f"(no public function of that name), so it cannot be handed to "
            f"{owner}.__torch_dispatch__") from None
    if op.differentiable and _grad_state.enabled and any(t._requires_grad for t in inputs):
        raise NotImplementedError(
            f"aten.{name} on a {owner} that requires grad: torch records it in the autograd graph "
            f"before {owner}.__torch_dispatch__ runs; autograd_lab does not record ops on tensors "
            "without data (run it under torch.no_grad())")
    args, kwargs = translate(inputs, params) if translate is not None else (inputs, {})
    overload = getattr(packet, packet.overloads()[0])
    return _dispatch(overload, tuple(args), kwargs)
