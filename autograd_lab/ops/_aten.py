"""``torch.ops.aten``: torch's operator names, for the kit's ops.

torch's ops live in a C++ registry (ATen) that Python sees as ``torch.ops.aten``: one *packet* per
operator (``aten.mul``), one *overload* per signature (``aten.mul.Tensor``, ``aten.detach.default``).
A ``__torch_dispatch__`` tensor subclass receives such an overload as ``func`` for each operation
done on it, compares it (``func is aten.detach.default``, ``func in (...)``) and usually calls it on
the tensors it wraps. Here:

- the namespace holds a packet for each op of ``autograd_lab.ops`` that has a public function of
  the same name (``exp``, ``mul``, ``sum``, ``t`` ...: the op class's torch name, as
  ``Op.aten_name`` derives it) and for the tensor methods outside the op classes that dispatch
  reaches (``detach``, ``_to_copy``, ``clone``, ``alias``);
- each packet has one overload, the one torch dispatches when the op is called on tensors alone
  (``aten.mul.Tensor``, ``aten.pow.Tensor_Tensor``, ``aten.softmax.int``, else ``.default``),
  printed as torch's (``aten.mul.Tensor``) and made once, so identity comparisons hold;
- calling a packet or an overload calls that public function (``torch.mul``) with the arguments
  given: torch's Python functions take ATen's arguments for these overloads.

Names torch has and the kit does not, and torch's other overloads, are an AttributeError that says
so. Routing operations on subclass instances to ``__torch_dispatch__`` is ``autograd_lab/_subclasses.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["OpOverload", "OpOverloadPacket", "aten", "aten_name"]

# the overload torch dispatches for a call on tensors alone, where it is not "default"
_TENSOR_OVERLOAD = {
    "add": "Tensor", "sub": "Tensor", "mul": "Tensor", "div": "Tensor", "rsub": "Tensor",
    "copysign": "Tensor", "fmod": "Tensor", "remainder": "Tensor", "pow": "Tensor_Tensor",
    "softmax": "int", "log_softmax": "int", "transpose": "int", "select": "int", "unbind": "int",
    "max": "other", "min": "other", "lerp": "Tensor", "masked_fill": "Tensor", "fill": "Tensor",
    "index": "Tensor", "slice": "Tensor", "split": "Tensor", "frexp": "Tensor", "ldexp": "Tensor",
    "norm": "Scalar", "scatter": "src", "scatter_reduce": "two", "index_fill": "int_Tensor",
    "xlogy": "Tensor",
}


class OpOverload:
    """One signature of an operator (``aten.detach.default``): callable, compared by identity."""

    __slots__ = ("overloadpacket", "_overloadname", "_call")

    def __init__(self, packet: OpOverloadPacket, overload: str, call: Callable[..., Any]) -> None:
        self.overloadpacket = packet
        self._overloadname = overload
        self._call = call

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(*args, **kwargs)

    def name(self) -> str:
        """torch's qualified name: ``aten::detach`` (``aten::add.Tensor`` for a named overload)."""
        base = self.overloadpacket._qualified_op_name
        return base if self._overloadname == "default" else f"{base}.{self._overloadname}"

    def __str__(self) -> str:
        return f"aten.{self.overloadpacket.__name__}.{self._overloadname}"

    def __repr__(self) -> str:
        return f"<OpOverload(op='aten.{self.overloadpacket.__name__}', " \
               f"overload='{self._overloadname}')>"


class OpOverloadPacket:
    """An operator with its overloads (``aten.detach``); calling it calls the operator."""

    __slots__ = ("__name__", "_qualified_op_name", "_overloads", "_call")

    def __init__(self, name: str, call: Callable[..., Any]) -> None:
        self.__name__ = name
        self._qualified_op_name = f"aten::{name}"
        self._call = call
        overload = _TENSOR_OVERLOAD.get(name, "default")
        self._overloads = {overload: OpOverload(self, overload, call)}

    def overloads(self) -> list[str]:
        """The overload names the kit has for this operator (torch's list is longer)."""
        return list(self._overloads)

    def __getattr__(self, overload: str) -> OpOverload:
        try:
            return self._overloads[overload]
        except KeyError:
            raise AttributeError(
                f"The underlying op of 'aten.{self.__name__}' has no overload name '{overload}'"
                f"\nHint (autograd_lab): the overloads here are {self.overloads()}, the ones torch "
                "dispatches when the op is called on tensors alone") from None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(*args, **kwargs)

    def __str__(self) -> str:
        return f"aten.{self.__name__}"

    def __repr__(self) -> str:
        return f"<OpOverloadPacket(op='aten.{self.__name__}')>"


def _to_copy(input: Any, *, dtype: Any = None, layout: Any = None, device: Any = None,
             pin_memory: Any = None, non_blocking: bool = False, memory_format: Any = None) -> Any:
    """``aten._to_copy``: a copy of ``input`` converted to ``dtype`` and moved to ``device``
    (what ``Tensor.to`` calls when the tensor must change)."""
    return input.to(device=device, dtype=dtype, non_blocking=non_blocking, copy=True)


_ATEN_NAMES = {"ToCopy": "_to_copy"}
"""Op classes whose ATen name is not their torch name in snake case (``Op.aten_name``)."""


def aten_name(op: type) -> str:
    """The ATen operator an op class implements: ``Mul`` -> ``mul``, ``ToCopy`` -> ``_to_copy``."""
    from ..autograd.op import Op

    # (Op.aten_name's function: an op class may shadow the name with a slot of its own)
    return _ATEN_NAMES.get(op.torch_name) or Op.aten_name.__func__(op)


def _methods() -> dict[str, Callable[..., Any]]:
    from ..tensor import Tensor

    return {"detach": Tensor.detach, "_to_copy": _to_copy, "clone": Tensor.clone,
            "alias": lambda input: input.view_as(input)}


class _OpNamespace:
    """``torch.ops.aten``: its packets, made on first use (every op module must be loaded)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._packets: dict[str, OpOverloadPacket] | None = None

    def _table(self) -> dict[str, OpOverloadPacket]:
        if self._packets is None:
            import autograd_lab

            from ..autograd.op import OPS
            from ..tensor import Tensor

            calls = {}
            for op in OPS.values():
                name = aten_name(op)
                # torch.<name>, else Tensor.<name> (view, expand, repeat are methods only)
                function = getattr(autograd_lab, name, None) or getattr(Tensor, name, None)
                if callable(function) and not isinstance(function, type):
                    calls[name] = function
            calls.update(_methods())
            self._packets = {name: OpOverloadPacket(name, call) for name, call in sorted(calls.items())}
        return self._packets

    def __getattr__(self, name: str) -> OpOverloadPacket:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._table()[name]
        except KeyError:
            raise AttributeError(
                f"'_OpNamespace' '{self.name}' object has no attribute '{name}'\nHint "
                f"(autograd_lab): torch.ops.aten here names the kit's ops that have a public "
                f"function of the same name ({len(self._table())} of them), and detach, _to_copy, "
                "clone, alias; torch's registry holds many more") from None

    def __dir__(self) -> list[str]:
        return sorted(self._table())

    def __repr__(self) -> str:
        return "<module 'torch.ops.aten' from 'torch.ops'>"


aten = _OpNamespace("aten")
