"""Tensors without data of their own (made by ``Tensor._make_wrapper_subclass``): their array,
``NoData``, and the slot through which ``Op.apply`` hands an op on one to its class's
``__torch_dispatch__``.

``autograd_lab/_subclasses.py`` fills ``dispatch.route`` and raises ``watching.count`` for good when
the first such tensor of the process is made (as the meta device does): until then an op pays
nothing, and afterwards it calls ``route(op_class, inputs, params)``, which answers NotImplemented
when no input is such a tensor (the op then runs as usual). The places that read a tensor's values
(``item()``, ``tolist()``, ``numpy()``, ``bool()``) ask ``refuse_values`` by the same count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["dispatch", "NoData", "contiguous_strides", "refuse_values"]


class _Slot:
    route: Callable[[type, tuple, dict], Any] | None = None


dispatch = _Slot()


class NoData:
    """The array of a tensor made by ``Tensor._make_wrapper_subclass``: its metadata (what the
    machinery reads of an array: shape, dtype, strides, ``base`` for the meta device), and no
    values. Anything else (a numpy function, a conversion, an array method) is a
    NotImplementedError naming the class and the attempt: nothing computes on missing data."""

    __slots__ = ("shape", "dtype", "strides", "base", "owner")

    def __init__(self, shape: tuple[int, ...], dtype: np.dtype, strides: tuple[int, ...],
                 base: Any, owner: type) -> None:
        self.shape, self.dtype, self.strides = shape, dtype, strides
        self.base = base  # a meta array's zero for the meta device (autograd/meta.py asks base)
        self.owner = owner  # the class that made it, for the messages

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))
    itemsize = property(lambda self: self.dtype.itemsize)

    @property
    def flags(self) -> Any:
        contiguous = self.strides == contiguous_strides(self.shape, self.dtype.itemsize)
        return _Flags(contiguous)

    def _refusal(self, attempt: str) -> NotImplementedError:
        name = self.owner.__name__
        return NotImplementedError(
            f"{name} holds no data of its own (it was made by Tensor._make_wrapper_subclass), and "
            f"this operation reads it directly ({attempt}): autograd_lab hands the ops of "
            f"autograd_lab.ops, detach() and conversions to {name}.__torch_dispatch__, not this one")

    def __getattr__(self, name: str) -> Any:
        raise self._refusal(f"numpy's ndarray.{name}")

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise self._refusal("a conversion to a numpy array")

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        raise self._refusal(f"numpy's {ufunc.__name__}")

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise self._refusal(f"numpy's {func.__name__}")

    def __getitem__(self, index: Any) -> Any:
        raise self._refusal("indexing its array")


def _refusing(name: str) -> Callable[..., Any]:
    def refuse(self: NoData, *args: Any) -> Any:
        raise self._refusal(f"numpy's ndarray.{name}")

    refuse.__name__ = name
    return refuse


# Python's operators on the array (``a * 2``, ``float(a)``) bypass __getattr__: refused alike
for _name in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv",
              "rfloordiv", "mod", "rmod", "pow", "rpow", "matmul", "rmatmul", "neg", "pos", "abs",
              "invert", "and", "rand", "or", "ror", "xor", "rxor", "lt", "le", "gt", "ge",
              "bool", "len", "iter", "float", "int", "index"):
    setattr(NoData, f"__{_name}__", _refusing(f"__{_name}__"))
del _name


class _Flags:
    __slots__ = ("c_contiguous",)

    def __init__(self, c_contiguous: bool) -> None:
        self.c_contiguous = c_contiguous


def contiguous_strides(shape: tuple[int, ...], itemsize: int) -> tuple[int, ...]:
    """Row-major strides in bytes, as numpy gives a new array of ``shape``."""
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def refuse_values(tensor: Any, use: str) -> None:
    """A NotImplementedError for ``use`` (``"item"``, ``"data"`` ...) of the values of a tensor
    without data of its own; nothing for any other tensor."""
    data = getattr(tensor, "_data", None)
    if data.__class__ is NoData:
        raise data._refusal(_USES.get(use, use))


_USES = {"item": "item() of its value", "control flow": "bool() of its value (control flow)",
         "data": "its values as a list, a numpy array or a copy"}
