"""The containers beside ``Sequential`` and ``ModuleList``: ``ModuleDict``, ``ParameterList`` and
``ParameterDict``. Each registers what it holds on itself (children by key, parameters by index or
key), so ``parameters()``, ``state_dict()`` and the printed tree find them as in torch."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..tensor import Tensor
from .layers import _index
from .module import Module
from .parameter import Parameter

__all__ = ["ModuleDict", "ParameterList", "ParameterDict", "DataParallel"]


def _pairs(values: Any, kind: str, sort_plain_dicts: bool) -> list[tuple[Any, Any]]:
    """The (key, value) pairs of a mapping or of an iterable of pairs, with torch's errors."""
    if isinstance(values, OrderedDict | ModuleDict | ParameterDict):
        return list(values.items())
    if isinstance(values, Mapping):
        items = list(values.items())
        return sorted(items) if sort_plain_dicts else items
    if not isinstance(values, Iterable):
        raise TypeError(f"{kind}.update should be called with an iterable of key/value pairs, but "
                        f"got {type(values).__name__}")
    pairs = []
    for number, pair in enumerate(values):
        if not isinstance(pair, Iterable):
            raise TypeError(f"{kind} update sequence element #{number} should be Iterable; is"
                            f"{type(pair).__name__}")  # (torch's text, without the space)
        pair = list(pair)
        if len(pair) != 2:
            raise ValueError(f"{kind} update sequence element #{number} has length {len(pair)}; "
                             "2 is required")
        pairs.append((pair[0], pair[1]))
    return pairs


class ModuleDict(Module):
    """Modules by name, registered as children (in insertion order); it has no ``forward``."""

    def __init__(self, modules: Any = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def clear(self) -> None:
        self._modules.clear()

    def pop(self, key: str) -> Module:
        """Remove the module under ``key`` and return it."""
        module = self[key]
        del self[key]
        return module

    def keys(self) -> Iterable[str]:
        return self._modules.keys()

    def items(self) -> Iterable[tuple[str, Module]]:
        return self._modules.items()

    def values(self) -> Iterable[Module]:
        return self._modules.values()

    def update(self, modules: Any) -> None:
        """Add (or replace) the modules of a mapping or of an iterable of (key, module) pairs."""
        for key, module in _pairs(modules, "ModuleDict", sort_plain_dicts=False):
            self[key] = module


def _as_parameter(value: Any) -> Any:
    """A tensor that is not a Parameter becomes one (torch's ParameterList/Dict do so)."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _describe(value: Any, dtype_text: str) -> str:
    """One line of a ParameterList/Dict repr: ``Parameter containing: [torch.float32 of size 2x2]``."""
    if not isinstance(value, Tensor):
        return f"Object of type: {type(value).__name__}"
    kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
    size = "x".join(str(n) for n in value.shape)
    return f"{kind} containing: [{dtype_text} of size {size}]"


class ParameterList(Module):
    """Parameters in a list, registered as ``"0"``, ``"1"``... (a plain tensor becomes a Parameter)."""

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        object.__setattr__(self, "_size", 0)
        if values is not None:
            self.extend(values)

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)([self[i] for i in range(len(self))[idx]])
        return getattr(self, _index(dict.fromkeys(map(str, range(len(self)))), idx))

    def __setitem__(self, idx: int, value: Any) -> None:
        key = _index(dict.fromkeys(map(str, range(len(self)))), idx)
        self._set(key, value)

    def _set(self, key: str, value: Any) -> None:
        value = _as_parameter(value)
        if isinstance(value, Parameter):
            self.register_parameter(key, value)
        else:
            setattr(self, key, value)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def __iadd__(self, values: Iterable[Any]) -> ParameterList:
        return self.extend(values)

    def append(self, value: Any) -> ParameterList:
        """Add ``value`` at the end."""
        object.__setattr__(self, "_size", self._size + 1)
        self._set(str(self._size - 1), value)
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        if not isinstance(values, Iterable) or isinstance(values, Tensor):
            raise TypeError("ParameterList.extend should be called with an iterable, but got "
                            f"{type(values).__name__}")
        for value in values:
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({i}): " + _describe(p, str(p.dtype) if isinstance(p, Tensor) else "")
                         for i, p in enumerate(self))


class ParameterDict(Module):
    """Parameters by name (a plain tensor becomes a Parameter); a plain dict's keys are sorted,
    an OrderedDict keeps its order, as in torch."""

    def __init__(self, parameters: Any = None) -> None:
        super().__init__()
        object.__setattr__(self, "_keys", {})
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._keys[key] = None
        value = _as_parameter(value)
        if isinstance(value, Parameter):
            self.register_parameter(key, value)
        else:
            setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        del self._keys[key]
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def keys(self) -> Iterable[str]:
        return self._keys.keys()

    def items(self) -> Iterable[tuple[str, Any]]:
        return [(key, self[key]) for key in self._keys]

    def values(self) -> Iterable[Any]:
        return [self[key] for key in self._keys]

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self._keys else default

    def pop(self, key: str) -> Any:
        """Remove the parameter under ``key`` and return it."""
        value = self[key]
        del self[key]
        return value

    def clear(self) -> None:
        for key in list(self._keys):
            del self[key]

    def update(self, parameters: Any) -> None:
        """Add (or replace) the parameters of a mapping or of an iterable of (key, value) pairs."""
        for key, value in _pairs(parameters, "ParametersDict", sort_plain_dicts=True):
            self[key] = value

    def extra_repr(self) -> str:
        return "\n".join(f"  ({k}): " + _describe(p, p.type() if isinstance(p, Tensor) else "")
                         for k, p in self.items())


class DataParallel(Module):
    """``module`` run on the batch split across GPUs. With no GPU (always so here) torch keeps
    ``module`` as it is, behind this wrapper: the same outputs, its parameters under ``module.`` in
    ``state_dict()``, ``device_ids`` empty whatever was asked."""

    def __init__(self, module: Module, device_ids: Any = None, output_device: Any = None,
                 dim: int = 0) -> None:
        super().__init__()
        self.module = module
        self.device_ids: list = []

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)
