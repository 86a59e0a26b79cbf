"""``torch.overrides``: the ``__torch_function__`` protocol, for Tensor methods.

In torch, every Tensor method and torch function first looks at its tensor arguments: when the
class of one defines its own ``__torch_function__(cls, func, types, args=(), kwargs=None)``, the
call goes there instead (``func`` the public API that was called, ``Tensor.add``,
``Tensor.module_load``), and that function decides; it usually ends with
``super().__torch_function__(func, types, args, kwargs)`` (the default: ``func(*args, **kwargs)``
with the overrides disabled, a Tensor result converted to the subclass) or with ``func(*args,
**kwargs)`` inside ``torch._C.DisableTorchFunctionSubclass()``.

Here, when a subclass gets its own ``__torch_function__`` (in its class body, or assigned later:
the metaclass in ``tensor.py`` sees both), ``route_methods``

- gives that subclass, for each public method of Tensor it does not define itself (and the
  operators: ``__add__``, ``__getitem__`` ...), one that hands the call to the override: ordinary
  tensors pay nothing, the routing lives on the subclass. ``nn.Module``'s ``load_state_dict``
  calls ``Tensor.module_load`` so (``torch.__future__``'s swap flag);
- the first time in the process, replaces the torch functions (``torch.exp``, ``torch.cat``,
  ``torch.nn.functional.relu`` ...) by ones that look at their tensor arguments first, for good
  (as the meta device turns its checks on): until then they pay nothing.

Not routed here (torch routes them): property reads (``x.shape``, ``x.grad``: torch's
``Tensor.shape.__get__``), ``__hash__``, pickling and copying, and a torch function imported by
name before the first override (``from torch import exp``); the README's known differences say so.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from types import FunctionType
from typing import Any

from .tensor import Tensor

__all__ = ["has_torch_function", "handle_torch_function", "is_tensor_like",
           "DisableTorchFunctionSubclass", "route_methods"]


class _Disabled(threading.local):
    depth = 0


_disabled = _Disabled()


class DisableTorchFunctionSubclass(AbstractContextManager):
    """``torch._C.DisableTorchFunctionSubclass()``: inside the block, subclasses'
    ``__torch_function__`` overrides are not called (the real method runs)."""

    def __enter__(self) -> DisableTorchFunctionSubclass:
        _disabled.depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _disabled.depth -= 1


def default_torch_function(cls: type, func: Callable[..., Any], types: Iterable[type],
                            args: tuple = (), kwargs: dict | None = None) -> Any:
    """What ``Tensor.__torch_function__``, the default a subclass inherits, does: ``func`` itself,
    with the overrides disabled, and a Tensor result (or each one of a tuple or list) as an
    instance of ``cls`` sharing its data and history (torch's ``_convert``)."""
    with DisableTorchFunctionSubclass():
        result = func(*args, **(kwargs or {}))
    return _convert(result, cls)


def _convert(result: Any, cls: type) -> Any:
    if cls is Tensor:
        return result
    if isinstance(result, Tensor):
        if isinstance(result, cls):
            return result
        converted = Tensor.__new__(cls)
        for slot in ("_data", "grad_fn", "_requires_grad", "_output_nr", "_grad", "_vc", "_state"):
            setattr(converted, slot, getattr(result, slot))
        return converted
    if type(result) in (tuple, list):
        return type(result)(_convert(item, cls) for item in result)
    return result


def _overrides(value: Any) -> bool:
    """Whether ``value``'s class has a ``__torch_function__`` other than Tensor's default."""
    override = getattr(type(value), "__torch_function__", None)
    return override is not None and getattr(override, "__func__", override) \
        is not Tensor.__torch_function__.__func__


def has_torch_function(relevant_args: Iterable[Any]) -> bool:
    """Whether one of ``relevant_args`` is of a class with its own ``__torch_function__`` (and the
    overrides are not disabled)."""
    return not _disabled.depth and any(_overrides(value) for value in relevant_args)


def is_tensor_like(value: Any) -> bool:
    """Whether ``value`` is a Tensor, or of a class with ``__torch_function__``."""
    return isinstance(value, Tensor) or hasattr(type(value), "__torch_function__")


def handle_torch_function(public_api: Callable[..., Any], relevant_args: Iterable[Any],
                          *args: Any, **kwargs: Any) -> Any:
    """Call the ``__torch_function__`` overrides of ``relevant_args``' classes (a subclass before
    its base, otherwise left to right) until one does not return NotImplemented."""
    overloaded: list[type] = []
    for value in relevant_args:
        kind = type(value)
        if _overrides(value) and kind not in overloaded:
            position = next((i for i, other in enumerate(overloaded) if issubclass(kind, other)),
                            len(overloaded))
            overloaded.insert(position, kind)
    for kind in overloaded:
        result = kind.__torch_function__(public_api, tuple(overloaded), args, kwargs)
        if result is not NotImplemented:
            return result
    raise TypeError(f"no implementation found for '{public_api.__qualname__}' on types that "
                    f"implement __torch_function__: {overloaded}")


_NOT_ROUTED = frozenset({
    "__init__", "__array__", "__array_ufunc__", "__hash__", "__reduce_ex__", "__deepcopy__",
    "_make_wrapper_subclass",
})
"""Tensor's functions that are machinery, not API a ``__torch_function__`` sees here."""


def _routable() -> dict[str, Callable[..., Any]]:
    """Tensor's public methods and operators, by name."""
    return {name: value for name, value in vars(Tensor).items()
            if type(value) is FunctionType and name not in _NOT_ROUTED
            and (not name.startswith("_") or name.startswith("__"))}


_AS_METHOD = {
    "__add__": "add", "__radd__": "add", "__sub__": "sub", "__mul__": "mul", "__rmul__": "mul",
    "__truediv__": "div", "__pow__": "pow", "__neg__": "neg", "__pos__": "positive",
    "__abs__": "abs", "__matmul__": "matmul", "__mod__": "remainder", "__ne__": "ne", "__lt__": "lt",
    "__le__": "le", "__gt__": "gt", "__ge__": "ge", "__iadd__": "add_", "__isub__": "sub_",
    "__imul__": "mul_", "__itruediv__": "div_", "__ipow__": "pow_", "__ifloordiv__": "floor_divide_",
    "__imod__": "remainder_",
}
"""The operators torch hands to ``__torch_function__`` as the method they compute (``x + 1`` as
``Tensor.add``; the others, ``x[0]``, ``1 - x``, ``x == y``, as themselves: torch's choices)."""


def _routed(method: Callable[..., Any], public: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` (a function of Tensor), handing the call, as ``public`` (the function torch names
    for it), to the ``__torch_function__`` overrides of its tensor arguments' classes (unless
    disabled)."""

    @functools.wraps(method)
    def routed(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not _disabled.depth:
            relevant = (self, *[a for a in args if isinstance(a, Tensor)])
            if any(_overrides(value) for value in relevant):
                return handle_torch_function(public, relevant, self, *args, **kwargs)
        return method(self, *args, **kwargs)

    routed.routes_torch_function = True
    return routed


def _tensor_arguments(args: tuple, kwargs: dict) -> list[Any]:
    """The tensors among a call's arguments, and inside its list and tuple arguments (``cat``)."""
    found = []
    for value in (*args, *kwargs.values()):
        if isinstance(value, Tensor):
            found.append(value)
        elif type(value) in (list, tuple):
            found.extend(item for item in value if isinstance(item, Tensor))
    return found


def _routed_function(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a torch function), handing the call to the ``__torch_function__`` overrides
    of its tensor arguments' classes (unless disabled), with itself as ``func``."""

    @functools.wraps(function)
    def routed(*args: Any, **kwargs: Any) -> Any:
        if not _disabled.depth:
            relevant = _tensor_arguments(args, kwargs)
            if any(_overrides(value) for value in relevant):
                return handle_torch_function(routed, relevant, *args, **kwargs)
        return function(*args, **kwargs)

    routed.routes_torch_function = True
    return routed


_functions_routed = threading.Lock()

_CREATION_ROUTED = frozenset({"bernoulli", "empty_like", "full_like", "multinomial", "numel",
                              "ones_like", "zeros_like"})
"""The creation functions torch routes (``torch.overrides.get_overridable_functions()``)."""


def _route_functions() -> None:
    """The first subclass with an override of the process: the torch functions (the op families'
    functions in ``torch``, the creation functions torch routes, ``torch.nn.functional``'s) become
    routed ones, for good, so that ordinary calls pay nothing until then. (A function imported by
    name before, ``from torch import exp``, stays as it was.)"""
    import autograd_lab
    from autograd_lab.nn import functional

    from .ops import public_functions

    with _functions_routed:
        if getattr(autograd_lab.exp, "routes_torch_function", False):
            return
        names = {name for family in public_functions().values() for name in family}
        names |= _CREATION_ROUTED
        for module, chosen in ((autograd_lab, names), (functional, functional.__all__)):
            for name in chosen:
                value = getattr(module, name, None)
                if type(value) is FunctionType and not getattr(value, "routes_torch_function", False):
                    setattr(module, name, _routed_function(value))


def route_methods(cls: type) -> None:
    """Give ``cls`` (a Tensor subclass with its own ``__torch_function__``) Tensor's methods routed
    through the protocol, except those it, or a class between it and Tensor, defines itself (and
    route the torch functions, once)."""
    _route_functions()
    for name, method in _routable().items():
        owner = next(klass for klass in cls.__mro__ if name in vars(klass))
        if owner is Tensor:
            public = vars(Tensor).get(_AS_METHOD.get(name, name), method)
            type.__setattr__(cls, name, _routed(method, public))
