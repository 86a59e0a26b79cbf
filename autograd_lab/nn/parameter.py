"""``nn.Parameter``: a tensor that a ``Module`` registers as one of its learnable weights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .. import creation
from ..autograd.meta import copy_of
from ..tensor import Tensor, _TensorType

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer"]


class _ParameterMeta(_TensorType):
    """``isinstance(x, Parameter)`` is also True for a tensor subclass instance that
    ``Parameter(instance)`` marked (``_is_param``), as in torch."""

    def __instancecheck__(cls, value: Any) -> bool:
        if super().__instancecheck__(value):
            return True
        return cls is Parameter and isinstance(value, Tensor) and \
            getattr(value, "__dict__", {}).get("_is_param", False)


class Parameter(Tensor, metaclass=_ParameterMeta):
    """A leaf tensor that requires grad (by default) and that a ``Module`` lists in ``parameters()``
    when assigned as an attribute. It shares memory with the tensor it wraps, as in torch.

    Of an instance of a tensor subclass that defines ``__torch_dispatch__`` or its own
    ``__torch_function__``, it is, as in torch, ``data.detach().requires_grad_(requires_grad)``,
    which must keep the class, marked as a parameter (``_is_param``: ``isinstance(p, Parameter)``
    is True). (torch does so for every subclass, whose ``detach`` keeps the class there; the
    kit's ``detach`` gives a plain Tensor, so other subclasses become Parameters as before.)"""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # (the arguments as __init__ takes them; a subclass of Parameter may take others)
        data = args[0] if args else kwargs.get("data")
        if cls is Parameter and data is not None and _dispatching(type(data)):
            requires_grad = args[1] if len(args) > 1 else kwargs.get("requires_grad", True)
            made = data.detach().requires_grad_(requires_grad)
            if type(made) is not type(data):
                raise RuntimeError(
                    f"Creating a Parameter from an instance of type {type(data).__name__} requires "
                    f"that detach() returns an instance of the same type, but return type "
                    f"{type(made).__name__} was found instead. To use the type as a Parameter, "
                    f"please correct the detach() semantics defined by its __torch_dispatch__() "
                    f"implementation.")
            made._is_param = True
            return made
        return super().__new__(cls)

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        source = data if data is not None else Tensor()
        self._data = source._data
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._vc = source._version_counter()
        self._state = None
        self._requires_grad = False
        if requires_grad:
            self._require_grad_at_creation()

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __reduce_ex__(self, protocol: int) -> Any:
        # pickling and copy.deepcopy keep the Parameter type (Tensor's own reduce makes a Tensor)
        return (_rebuild_parameter, (self._data, self._requires_grad))

    def __deepcopy__(self, memo: dict) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        copy = Parameter(Tensor._make(copy_of(self._data)), self._requires_grad)
        if self._grad is not None:
            copy._grad = Tensor._make(self._grad._data.copy())
        memo[id(self)] = copy
        return copy


def _dispatching(kind: type) -> bool:
    """Whether ``kind`` is a Tensor subclass with ``__torch_dispatch__`` or its own
    ``__torch_function__`` (one whose ``detach`` decides what a Parameter of it is)."""
    if kind is Tensor or kind is Parameter or not issubclass(kind, Tensor):
        return False
    override = getattr(kind, "__torch_function__", None)
    return getattr(kind, "__torch_dispatch__", None) is not None or \
        getattr(override, "__func__", override) is not Tensor.__torch_function__.__func__


_UNINITIALIZED_USE = (
    "Attempted to use an uninitialized parameter in {}. This error happens when you are using a "
    "`LazyModule` or explicitly manipulating `torch.nn.parameter.UninitializedParameter` objects. "
    "When using LazyModules Call `forward` with a dummy batch to initialize the parameters before "
    "calling torch functions")


class _Unmaterialized(np.ndarray):
    """The empty array an UninitializedParameter holds: any numpy computation on it (which every
    op's forward is) raises torch's ValueError instead of computing on zero elements."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        raise ValueError(_UNINITIALIZED_USE.format(ufunc.__name__))

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise ValueError(_UNINITIALIZED_USE.format(func.__name__))


class _Uninitialized(Tensor):
    """What ``UninitializedParameter`` and ``UninitializedBuffer`` share: a dtype and
    ``requires_grad`` but no shape (reading it, or computing with the tensor, raises torch's
    errors), until ``materialize(shape)`` turns this same object into a ``materialized`` tensor of
    that shape (uninitialized memory, as ``torch.empty``), so references to it stay valid."""

    __slots__ = ()
    materialized: type[Tensor] = Tensor

    def _unmaterialized(self) -> None:
        self._data = np.empty(0, self._data.dtype).view(_Unmaterialized)

    def materialize(self, shape: Any, device: Any = None, dtype: Any = None) -> None:
        """Become a ``materialized`` tensor of ``shape`` (this object)."""
        dtype = dtype if dtype is not None else self.dtype
        self._data = creation.empty(shape, device=device, dtype=dtype)._data
        self.__class__ = self.materialized

    @property
    def shape(self) -> Any:
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing their "
            "attributes.")

    @property
    def data(self) -> Tensor:
        """An empty tensor of the dtype (there is no memory to share yet)."""
        return Tensor._make(np.empty(0, self._data.dtype))

    def numel(self) -> int:
        raise ValueError(_UNINITIALIZED_USE.format("numel"))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: int) -> Any:
        return (type(self), (self._requires_grad, None, self.dtype))

    def __deepcopy__(self, memo: dict) -> _Uninitialized:
        if id(self) not in memo:
            memo[id(self)] = type(self)(self._requires_grad, dtype=self.dtype)
        return memo[id(self)]


class UninitializedParameter(_Uninitialized, Parameter):
    """A parameter whose shape is not known yet (what a lazy module such as ``nn.LazyLinear``
    holds until its first call): it can be handed to an optimizer, and ``materialize(shape)``
    makes it a ``Parameter``, so optimizers holding it keep working."""

    __slots__ = ()
    materialized = Parameter

    def __init__(self, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__(creation.empty(0, device=device, dtype=dtype), requires_grad)
        self._unmaterialized()


class UninitializedBuffer(_Uninitialized):
    """A buffer whose shape is not known yet (a lazy batch norm's running statistics until its
    first call); ``materialize(shape)`` makes it a plain tensor."""

    __slots__ = ()

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None,
                 persistent: bool = True) -> None:
        Tensor.__init__(self)
        self._data = creation.empty(0, device=device, dtype=dtype)._data
        self._unmaterialized()
        if requires_grad:
            self._require_grad_at_creation()


def _rebuild_parameter(data: np.ndarray, requires_grad: bool) -> Parameter:
    return Parameter(Tensor._make(data), requires_grad)


def zero_grads(params: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset each tensor's ``.grad``: to ``None`` (torch's default) or, in place, to zeros (what
    ``Module.zero_grad`` and ``Optimizer.zero_grad`` both do)."""
    for param in params:
        grad = param._grad
        if grad is None:
            continue
        if set_to_none:
            param._grad = None
        else:
            grad.detach_()
            grad._data[...] = 0
            grad._bump_version()
