"""torch's TypeErrors for arguments of the wrong type, worded as torch words them.

torch checks every call of a built-in function against its signatures (``_torch_signatures``) and,
when none accepts the arguments, explains why: ``add(): argument 'other' (position 2) must be
Tensor, not NoneType`` when one signature fits the number of arguments, else a list of every
signature (``where() received an invalid combination of arguments - got (Tensor, Tensor, NoneType),
but expected one of: ...``). autograd_lab checks arguments where it computes (cheap ``isinstance``
tests on its own fast paths) and, only once it has found a bad one, asks :func:`argument_error` for
torch's message: this module follows the rules of torch's argument parser to pick and word it.
"""

from __future__ import annotations

import functools
import inspect
import operator
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from . import _torch_signatures
from ._dtypes import bool_, dtype, float64, int64
from .autograd.subclass_hook import NoData

__all__ = ["ArgumentTypeError", "argument_error", "type_name", "is_number", "torch_alias",
           "dtype_argument", "checked_dtype", "combination_error", "factory", "given", "parse_call",
           "refusal", "torch_function", "numpy_spelled"]

# how torch prints each parameter type in messages
_TYPE_NAMES = {
    "Tensor": "Tensor", "Scalar": "Number", "int64_t": "int", "SymInt": "int", "double": "float",
    "complex": "complex", "TensorList": "tuple of Tensors",
    "c10::List<::std::optional<Tensor>>": "tuple of Tensors", "IntArrayRef": "tuple of ints",
    "SymIntArrayRef": "tuple of ints", "ArrayRef<double>": "tuple of floats",
    "Generator": "torch.Generator", "bool": "bool", "Storage": "torch.Storage", "PyObject*": "object",
    "ScalarType": "torch.dtype", "Layout": "torch.layout", "MemoryFormat": "torch.memory_format",
    "Device": "torch.device", "c10::string_view": "str",
}
_TENSOR_LISTS = ("TensorList", "c10::List<::std::optional<Tensor>>")
_INT_LISTS = ("IntArrayRef", "SymIntArrayRef")
_TORCH_CLASSES = {"dtype", "device", "Generator", "Size"}
# torch lets these functions take a Python number where a signature says Tensor
_NUMBERS_AS_TENSORS = {
    "add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_", "multiply", "multiply_",
    "sub", "sub_", "subtract", "subtract_", "true_divide", "true_divide_", "to", "copy_",
    "floor_divide", "floor_divide_",
}
# numpy's spellings torch accepts for some keywords
_NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"),
                "other": ("x2",)}


class ArgumentTypeError(TypeError):
    """torch's TypeError for a call no signature accepts; remembers the call, so a Tensor method
    can re-word it for ``x.add(None)`` (positions counted after ``self``), and an operator can
    return NotImplemented instead. It prints as the plain ``TypeError`` torch raises."""

    __module__ = "builtins"
    __qualname__ = "TypeError"

    def __init__(self, message: str, name: str, args: tuple, kwargs: dict, method: bool) -> None:
        super().__init__(message)
        self.call = (name, args, kwargs)
        self.method = method

    def for_method(self, name: str | None = None) -> ArgumentTypeError:
        """The same mistake made through the Tensor method ``name`` (default: the function's)."""
        if self.method:
            return self
        function, args, kwargs = self.call
        return argument_error(name or function, args[1:], kwargs, method=True)


ArgumentTypeError.__name__ = "TypeError"  # shown as torch shows it, in tracebacks and reprs


def type_name(value: Any) -> str:
    """The type name torch prints for a value (``NoneType``, ``list``, ``numpy.ndarray``)."""
    cls = type(value)
    module = cls.__module__
    if module.startswith("numpy"):
        return f"{module}.{cls.__name__}"
    if module.startswith("autograd_lab") and cls.__name__ in _TORCH_CLASSES:
        return f"torch.{cls.__name__}"  # autograd_lab's stand-ins for torch's own classes
    return cls.__name__


def is_number(value: Any) -> bool:
    """A Python or numpy number (bools too): what torch accepts as a ``Scalar``."""
    return isinstance(value, (int, float, complex, np.number, np.bool_))


def _is_long(value: Any) -> bool:
    return isinstance(value, np.integer) or (isinstance(value, int) and not isinstance(value, bool))


def _is_index(value: Any) -> bool:
    """An int, a one-element integer tensor or anything with ``__index__`` (bools are not)."""
    if isinstance(value, bool):
        return False
    if _is_long(value):
        return True
    data = getattr(value, "_data", None)
    if isinstance(data, np.ndarray):
        return data.size == 1 and data.dtype.kind in "iub"
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _is_tensor(value: Any) -> bool:
    return isinstance(getattr(value, "_data", None), (np.ndarray, NoData)) and hasattr(value, "grad_fn")


def _is_plain_0d(value: Any, kinds: str) -> bool:
    """A 0-d tensor that needs no grad, whose dtype kind is one of ``kinds``."""
    return (_is_tensor(value) and value._data.ndim == 0 and value._data.dtype.kind in kinds
            and not value.requires_grad)


class _Parameter:
    """One parameter of a signature, read from torch's notation (``Scalar? min=None``)."""

    __slots__ = ("kind", "name", "optional", "allow_none", "keyword_only", "size", "default")

    def __init__(self, text: str, keyword_only: bool) -> None:
        kind, _, name = text.partition(" ")
        self.allow_none = "?" in kind
        kind = kind.replace("?", "")
        self.size = 0
        if "[" in kind:
            kind, _, size = kind.partition("[")
            self.size = int(size.rstrip("]"))
        self.kind = kind
        self.keyword_only = keyword_only
        name, eq, default = name.partition("=")
        self.name, self.optional, self.default = name, bool(eq), default
        if default == "None":
            self.allow_none = True

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES[self.kind]

    def accepts(self, value: Any, numbers_as_tensors: bool) -> bool:
        """torch's check of one argument against this parameter's type."""
        kind = self.kind
        if kind == "Tensor":
            return _is_tensor(value) or (numbers_as_tensors and is_number(value))
        if kind == "Scalar" and is_number(value):
            return True
        if kind in ("Scalar", "complex") and isinstance(value, complex):
            return True
        if kind in ("Scalar", "complex", "double"):
            plain = isinstance(value, (int, float, np.number, np.bool_))
            return plain or _is_plain_0d(value, "biuf")
        if kind == "int64_t":
            return _is_long(value) or _is_plain_0d(value, "iu")
        if kind == "SymInt":
            return _is_index(value)
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "ScalarType":
            return isinstance(value, dtype) or any(value is kind for kind in (float, int, bool, complex))
        if kind == "Device":
            return _is_long(value) or isinstance(value, str) or type(value).__name__ == "device"
        if kind == "Generator":
            return type(value).__name__ == "Generator"
        if kind == "c10::string_view":
            return isinstance(value, str)
        if kind == "PyObject*":
            return True
        if kind in _INT_LISTS:
            if isinstance(value, (tuple, list)):
                return not value or _is_index(value[0])
            return self.size > 0 and _is_index(value)
        if kind in _TENSOR_LISTS:
            return isinstance(value, (tuple, list)) and all(_is_tensor(item) for item in value)
        if kind == "ArrayRef<double>":
            return isinstance(value, (tuple, list)) and all(
                isinstance(item, (int, float)) for item in value)
        return False  # layouts, memory formats, storages: autograd_lab has none

    def printable(self) -> str:
        return f"{self.type_name} {self.name}" + (f" = {self.default}" if self.optional else "")


class _Signature:
    """One overload: its parameters, and the rules torch's parser applies to a call."""

    def __init__(self, text: str) -> None:
        text, *flags = text.split("|")
        self.hidden = bool(flags)  # deprecated overloads are accepted but never listed
        self.name, _, inside = text[:-1].partition("(")
        self.params: list[_Parameter] = []
        keyword_only = False
        for part in inside.split(", ") if inside else ():
            if part == "*":
                keyword_only = True
            else:
                self.params.append(_Parameter(part, keyword_only))
        self.min_args = sum(not p.optional for p in self.params)
        self.max_args = len(self.params)
        self.max_pos_args = sum(not p.keyword_only for p in self.params)
        self.numbers_as_tensors = self.name in _NUMBERS_AS_TENSORS

    def printable(self) -> str:
        parts, starred = [], False
        for param in self.params:
            if param.keyword_only and not starred:
                parts.append("*")
                starred = True
            parts.append(param.printable())
        return f"({', '.join(parts)})"

    def failure(self, args: tuple, kwargs: Mapping[str, Any]) -> str | None:
        """Why torch refuses the call under this signature (None when it accepts it): an argument
        its parser refuses, else an element of a list of ints it cannot read."""
        parsed: dict[int, Any] = {}
        problem = self._parse(args, kwargs, parsed)
        if problem is not None:
            return problem
        for index, value in parsed.items():
            param = self.params[index]
            if param.kind in _INT_LISTS and isinstance(value, (tuple, list)):
                for position, item in enumerate(value):
                    if not (_is_index(item) or isinstance(item, bool)):
                        return (f"{self.name}(): argument '{param.name}' failed to unpack the object "
                                f'at pos {position + 1} with error "type must be tuple of ints,but '
                                f'got {type_name(item)}"')
        return None

    def _parse(self, args: tuple, kwargs: Mapping[str, Any], parsed: dict[int, Any]) -> str | None:
        """torch's parse of a call: fills ``parsed`` (parameter index -> value), or says why not."""
        name, nargs = self.name, len(args)
        # ones(2, 3): a lone list-of-ints parameter takes all positional arguments, if the first is
        # an int
        varargs = (self.max_pos_args == 1 and self.params[0].kind in _INT_LISTS and nargs > 0
                   and _is_index(args[0]))
        if nargs > self.max_pos_args and not varargs:
            return self._extra_args(nargs)
        position, used = 0, 0
        for index, param in enumerate(self.params):
            keyword = position >= nargs
            if not keyword:
                if param.keyword_only:
                    return self._extra_args(nargs)
                value, present = args[position], True
            else:
                names = (param.name, *_NUMPY_NAMES.get(param.name, ()))
                present = any(n in kwargs for n in names)
                value = next((kwargs[n] for n in names if n in kwargs), None)
            if (not present and param.optional) or (present and value is None and param.allow_none):
                pass
            elif not present:
                return self._missing(index)
            elif param.accepts(value, self.numbers_as_tensors):
                parsed[index] = value
            elif varargs and position == 0 and not keyword:
                parsed[index] = args
                position = nargs
                continue
            elif param.kind in _TENSOR_LISTS and isinstance(value, (tuple, list)):
                item = next(i for i, v in enumerate(value) if not _is_tensor(v))
                return (f"expected Tensor as element {item} in argument {index}, but got "
                        f"{type_name(value[item])}")
            elif keyword:
                return (f"{name}(): argument '{param.name}' must be {param.type_name}, not "
                        f"{type_name(value)}")
            elif param.kind in _INT_LISTS and isinstance(value, (tuple, list)):
                return (f"{name}(): argument '{param.name}' (position {position + 1}) must be "
                        f"{param.type_name}, but found element of type {type_name(value[0])} at "
                        "pos 0")
            else:
                return (f"{name}(): argument '{param.name}' (position {position + 1}) must be "
                        f"{param.type_name}, not {type_name(value)}")
            if not keyword:
                position += 1
            elif present:
                used += 1
        if used < len(kwargs):
            return self._extra_kwargs(kwargs, nargs)
        return None

    def _extra_args(self, nargs: int) -> str:
        if self.min_args != self.max_pos_args:
            return (f"{self.name}() takes from {self.min_args} to {self.max_pos_args} positional "
                    f"arguments but {nargs} were given")
        plural = "" if self.max_pos_args == 1 else "s"
        verb = "was" if nargs == 1 else "were"
        return (f"{self.name}() takes {self.max_pos_args} positional argument{plural} but {nargs} "
                f"{verb} given")

    def _missing(self, index: int) -> str:
        missing = [f'"{p.name}"' for p in self.params[index:] if not p.optional]
        plural = "s" if len(missing) == 1 else ""  # sic: torch's message has the plural backwards
        return (f"{self.name}() missing {len(missing)} required positional argument{plural}: "
                f"{', '.join(missing)}")

    def _extra_kwargs(self, kwargs: Mapping[str, Any], nargs: int) -> str:
        for key in kwargs:
            index = next((i for i, p in enumerate(self.params) if key == p.name), -1)
            if index < 0:
                return f"{self.name}() got an unexpected keyword argument '{key}'"
            if index < nargs:
                return f"{self.name}() got multiple values for argument '{key}'"
        return "invalid keyword arguments"


@functools.cache
def _signatures(name: str, method: bool) -> tuple[_Signature, ...]:
    """torch's signatures of a function or method (none for a name the table does not hold)."""
    table = _torch_signatures.METHODS if method else _torch_signatures.FUNCTIONS
    return tuple(_Signature(text) for text in table.get(name, ()))


def argument_error(name: str, args: Sequence, kwargs: Mapping[str, Any] | None = None, *,
                   method: bool = False) -> ArgumentTypeError:
    """torch's TypeError for calling ``name(*args, **kwargs)`` (the Tensor method when ``method``;
    ``args`` then leave ``self`` out) with arguments its signatures refuse.

    Follows torch's parser: a function of one signature, or of one that fits the number of
    arguments, names the first bad argument; others list every signature."""
    args, kwargs = tuple(args), dict(kwargs or {})
    signatures = _signatures(name, method)
    if not signatures:  # a function the table does not hold: no torch wording to follow
        return ArgumentTypeError(f"{name}() does not support the arguments "
                                 f"{_described(args, kwargs)}", name, args, kwargs, method)
    listed = [s for s in signatures if not s.hidden]
    accepting = next((s for s in signatures if s._parse(args, kwargs, {}) is None), None)
    if len(signatures) == 1 or accepting is not None:
        message = (accepting or signatures[0]).failure(args, kwargs)
    else:
        count = len(args) + len(kwargs)
        plausible = [s for s in listed if s.min_args <= count <= s.max_args]
        message = plausible[0].failure(args, kwargs) if len(plausible) == 1 else None
        if message is None:
            message = _invalid_combination(f"{name}()", args, kwargs, listed)
    if message is None:  # torch's types allow the call: the values are what autograd_lab refuses
        message = f"{name}() does not support the arguments {_described(args, kwargs)}"
    return ArgumentTypeError(message, name, args, kwargs, method)


def combination_error(function: str, args: tuple, kwargs: dict,
                      signatures: Sequence[str]) -> ArgumentTypeError:
    """torch's "received an invalid combination of arguments" TypeError for a callable whose
    signatures are not in the table (``torch.Tensor``'s legacy constructor, ``new()``)."""
    message = _invalid_combination(function, args, kwargs, [_Signature(s) for s in signatures])
    return ArgumentTypeError(message, function.rstrip("()"), args, kwargs, False)


def _described(args: tuple, kwargs: dict) -> str:
    """``(Tensor, NoneType, dim=str)``; torch leaves a trailing ", " when only keywords are given."""
    text = ", ".join([type_name(a) for a in args] + [f"{k}={type_name(v)}" for k, v in kwargs.items()])
    return f"({text}, )" if kwargs and not args else f"({text})"


def _invalid_combination(function: str, args: tuple, kwargs: dict,
                         signatures: list[_Signature]) -> str:
    """torch's "received an invalid combination of arguments" message."""
    head = f"{function} received an invalid combination of arguments - "
    if len(signatures) == 1:
        (signature,) = signatures
        unmatched = _unmatched_keywords(signature, kwargs)
        if unmatched:
            return head + "got unrecognized keyword arguments: " + ", ".join(unmatched)
        got = _marked(signature, args, kwargs) if _count_matches(signature, args, kwargs) \
            else _described(args, kwargs)
        return f"{head}got {got}, but expected {_option_text(signature)}"
    lines = [f"{head}got {_described(args, kwargs)}, but expected one of:"]
    for signature in signatures:
        lines.append(f" * {_option_text(signature)}")
        if _count_matches(signature, args, kwargs):
            unmatched = _unmatched_keywords(signature, kwargs)
            if unmatched:
                lines.append("      didn't match because some of the keywords were incorrect: "
                             + ", ".join(unmatched))
            else:
                lines.append("      didn't match because some of the arguments have invalid types: "
                             + _marked(signature, args, kwargs))
    return "\n".join(lines) + "\n"


def _option_text(signature: _Signature) -> str:
    return signature.printable()


def _option_slots(signature: _Signature) -> list[tuple[str, str]]:
    """A listed signature split as torch's message formatter splits it: at each ", ", the ``*``
    counting as a piece, each piece read as (type, name) around its last space, so a defaulted
    ``bool keepdim = False`` reads as type "bool keepdim =" named "False" (and matches nothing)."""
    pieces = signature.printable()[1:-1].split(", ")  # "()" is one empty piece
    slots = []
    for piece in pieces:
        kind, _, name = piece.rpartition(" ")
        slots.append((kind or piece, name))
    return slots


def _count_matches(signature: _Signature, args: tuple, kwargs: dict) -> bool:
    return len(args) + len(kwargs) == len(_option_slots(signature))


def _unmatched_keywords(signature: _Signature, kwargs: dict) -> list[str]:
    names = [name for _, name in _option_slots(signature)]
    start = max(len(names) - len(kwargs), 0)
    return [key for key in kwargs if key not in names[start:]]


def _marked(signature: _Signature, args: tuple, kwargs: dict) -> str:
    """The given arguments' types, those that do not fit the signature between ``!``."""
    slots = _option_slots(signature)
    items = list(args) + [kwargs[name] for _, name in slots[len(args):len(args) + len(kwargs)]]
    pieces = []
    for index, value in enumerate(items):
        kind, name = slots[index]
        text = type_name(value)
        if isinstance(value, (tuple, list)):
            inner = ", ".join(type_name(item) for item in value)
            text += " of " + (f"({inner}{',' if len(value) == 1 else ''})"
                              if isinstance(value, tuple) else f"[{inner}]")
        if index >= len(args):
            text = f"{name}={text}"
        pieces.append(text if _simple_match(kind, value) else f"!{text}!")
    return f"({', '.join(pieces)}, )" if kwargs and not args else f"({', '.join(pieces)})"


def _simple_match(kind: str, value: Any) -> bool:
    """The message formatter's own, plainer type test: the printed type name against the value's
    type name (so ``Number`` never matches, and ``float`` matches ints too)."""
    if kind == "float":
        return type_name(value) in ("float", "int")
    return type_name(value) == kind


def torch_alias(function: Callable, name: str) -> Callable:
    """``function`` under torch's other name for it (``true_divide`` for ``div``): the same
    computation, with argument errors worded for ``name``'s own signatures."""
    return torch_function(function, name, alias=True)


# Python's own types name dtypes too: dtype=float is float64, as in torch
_PYTHON_TYPE_DTYPES = {float: float64, int: int64, bool: bool_}


def dtype_argument(value: Any) -> dtype | None:
    """A ``dtype=`` argument as an autograd_lab dtype (None stays None; ``float``, ``int`` and
    ``bool`` name float64, int64 and bool); None back for anything torch refuses (a string, a numpy
    dtype), for the caller to word torch's TypeError."""
    if value is None or isinstance(value, dtype):
        return value
    if value is complex:
        raise TypeError("autograd_lab has no complex dtypes (dtype=complex is torch.complex128)")
    return _PYTHON_TYPE_DTYPES.get(value) if isinstance(value, type) else None


def factory(name: str) -> Callable[[Callable], Callable]:
    """Decorate the creation function torch calls ``name``: its ``dtype=`` and ``requires_grad=``
    are checked as torch's parser checks them, before the function runs, and ``dtype=float``
    reaches it as ``float64``. (Creation is not on the hot path of an op.)"""

    def decorate(function: Callable) -> Callable:
        checked = torch_function(function, name)

        @functools.wraps(function)
        def create(*args: Any, **kwargs: Any) -> Any:
            if kwargs:
                kwargs = _checked_keywords(name, args, kwargs)
            return checked(*args, **kwargs)

        create.torch_name = name
        return create

    return decorate


def _checked_keywords(name: str, args: tuple, kwargs: dict) -> dict:
    """``kwargs`` with ``dtype`` converted, or torch's TypeError for a bad dtype or flag."""
    checked = dict(kwargs)
    if "dtype" in kwargs:
        checked["dtype"] = dtype_argument(kwargs["dtype"])
        if checked["dtype"] is None and kwargs["dtype"] is not None:
            raise argument_error(name, args, kwargs)
    value = kwargs.get("requires_grad", False)
    if not isinstance(value, bool):
        nullable = any(param.name == "requires_grad" and param.allow_none
                       for signature in _signatures(name, False) for param in signature.params)
        if value is not None or not nullable:
            raise argument_error(name, args, kwargs)
        checked["requires_grad"] = False
    return checked


def checked_dtype(value: Any, function: str, args: tuple, kwargs: dict) -> dtype | None:
    """``value`` (the ``dtype=`` of ``function(*args, **kwargs)``) as a dtype, or torch's TypeError."""
    converted = dtype_argument(value)
    if converted is None and value is not None:
        raise argument_error(function, args, kwargs)
    return converted


def given(*args: Any) -> tuple:
    """The positional arguments a call gave, from its parameters' values: trailing ones left at
    their default (None or False) are taken as not given (to word a message as torch would)."""
    count = len(args)
    while count and (args[count - 1] is None or args[count - 1] is False):
        count -= 1
    return args[:count]


def parse_call(name: str, args: Sequence, kwargs: Mapping[str, Any], *,
               method: bool = False) -> dict[str, Any]:
    """The call's arguments by parameter name, read by the first of torch's signatures of ``name``
    that accepts them (as torch's parser picks an overload); torch's TypeError when none does."""
    args, kwargs = tuple(args), dict(kwargs)
    for signature in _signatures(name, method):
        parsed: dict[int, Any] = {}
        if signature._parse(args, kwargs, parsed) is None and signature.failure(args, kwargs) is None:
            return {signature.params[index].name: value for index, value in parsed.items()}
    raise argument_error(name, args, kwargs, method=method)


_deprecated_warned = [False]


def deprecated_call(name: str, args: Sequence, kwargs: Mapping[str, Any], *,
                    method: bool = False) -> dict[str, Any] | None:
    """For a call that only one of torch's deprecated overloads of ``name`` accepts
    (``p.data.add_(-lr, p.grad)``: ``add_(Number alpha, Tensor other)``), the arguments by parameter
    name, for the function's own signature, after torch's UserWarning (once per process, as torch
    gives it); None for any other call. Asked only after a call failed."""
    args, kwargs = tuple(args), dict(kwargs)
    signatures = _signatures(name, method)
    for signature in signatures:
        parsed: dict[int, Any] = {}
        if signature._parse(args, kwargs, parsed) is None and signature.failure(args, kwargs) is None:
            if not signature.hidden:
                return None
            if not _deprecated_warned[0]:
                _deprecated_warned[0] = True
                instead = "\n\t".join(name + s.printable() for s in signatures if not s.hidden)
                warnings.warn(f"This overload of {name} is deprecated:\n\t{name}"
                              f"{signature.printable()}\nConsider using one of the following "
                              f"signatures instead:\n\t{instead}", UserWarning, stacklevel=3)
            return {signature.params[index].name: value for index, value in parsed.items()}
    return None


def refusal(name: str, args: Sequence, kwargs: Mapping[str, Any], *,
            method: bool = False) -> ArgumentTypeError | None:
    """torch's TypeError for calling ``name(*args, **kwargs)`` if its parser refuses the call, else
    None. Public entry points ask this when a call fails: torch checks argument types before it
    computes, so a wrong-typed argument is reported as torch reports it, whatever went wrong
    afterwards (``x.sum(dim=1.0)`` is torch's TypeError, not numpy's)."""
    args, kwargs = tuple(args), dict(kwargs)
    signatures = _signatures(name, method)
    if not signatures or any(signature.failure(args, kwargs) is None for signature in signatures):
        return None
    return argument_error(name, args, kwargs, method=method)


_NUMPY_KEYWORDS = {"axis": "dim", "keepdims": "keepdim"}
"""numpy's spellings torch's argument parser accepts for ``dim=`` and ``keepdim=`` (``x.sum(axis=0)``,
``x.cumsum(axis=0)``, ``x.max(axis=1, keepdims=True)``)."""

_WRITTEN_IN_PYTHON = frozenset({"norm", "split", "unique"})
"""torch functions and methods written in Python, which take only their own keyword names."""


@functools.cache
def _parameter_names(function: Callable) -> frozenset[str]:
    try:
        return frozenset(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return frozenset()


def numpy_spelled(function: Callable, name: str, kwargs: Mapping[str, Any]) -> dict | None:
    """``kwargs`` with numpy's spellings ``axis=``/``keepdims=`` renamed to torch's ``dim=``/
    ``keepdim=`` where ``function`` takes those, as torch's parser accepts them; None when there is
    nothing to rename. Called only after a call failed, so the common path pays nothing."""
    if name in _WRITTEN_IN_PYTHON or not any(key in kwargs for key in _NUMPY_KEYWORDS):
        return None
    names = _parameter_names(function)
    renamed = {}
    for key, value in kwargs.items():
        target = _NUMPY_KEYWORDS.get(key)
        if target is not None and target in names and target not in kwargs and key not in names:
            key = target
        renamed[key] = value
    return renamed if renamed.keys() != kwargs.keys() else None


def torch_function(function: Callable, name: str | None = None, *, alias: bool = False) -> Callable:
    """``function`` as torch's function ``name`` (default: its own name): a call whose arguments
    torch's parser refuses raises torch's TypeError (see :func:`refusal`). For an ``alias`` (torch's
    other name for the function), the function's own argument errors are worded for ``name``."""
    name = name or function.__name__
    inner = getattr(function, "without_out", function)  # (see _out.with_out)
    # fast_paths.py may register a direct lane for the function (``torch.log(x)`` of a tensor that
    # records nothing: the ufunc, without the function's layers); it answers None where the usual
    # path must run
    has_lane = hasattr(inner, "_direct_kernel")

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if has_lane and len(args) == 1 and not kwargs and inner._direct_kernel is not None \
                and (out := inner._direct_kernel(args[0])) is not None:
            return out
        try:
            if inner is not function and "out" in kwargs:
                return function(*args, **kwargs)
            return inner(*args, **kwargs)
        except ArgumentTypeError as error:
            renamed = numpy_spelled(function, name, kwargs)
            if renamed is not None:
                return checked(*args, **renamed)
            if not alias or error.call[0] == name:
                raise
            raise argument_error(name, args, kwargs) from None
        except Exception:
            renamed = numpy_spelled(function, name, kwargs)
            if renamed is not None:
                return checked(*args, **renamed)
            named = deprecated_call(name, args, kwargs)
            if named is not None:  # (torch.add(x, -lr, g): warned, then called as it should be)
                return checked(**named)
            problem = refusal(name, args, kwargs)
            if problem is None:
                raise
            raise problem from None

    if name in LENIENT:
        checked = _refusing_first(checked, name, LENIENT[name])
    checked.__name__ = checked.__qualname__ = name
    checked.torch_name = name  # (the package wraps each torch-level function once)
    return checked


LENIENT = {"flip": 1, "permute": 1, "reshape": 1, "tile": 1, "rot90": 2, "unflatten": 2,
           "amax": 2, "amin": 2, "std": 2, "var": 2}
"""torch-level functions whose implementation accepts calls torch's parser refuses, with the
position of the argument where it does: the Tensor method's varargs (``t.reshape(x, 3, 2)``), an
int for a tuple of ints (``t.flip(x, 0)``, numpy's spelling) or for a bool (``t.amax(x, 0, 1)``).
Such a call worked here and failed under torch, so it is checked against torch's signatures."""
LENIENT_METHODS = {"amax": 1, "amin": 1, "std": 1, "var": 1}
"""The same for Tensor methods (``x.amax(0, 1)``), positions after self."""


def _refusing_first(checked: Callable, name: str, position: int) -> Callable:
    """``checked`` with torch's TypeError for a call torch refuses, asked only when the call has an
    int at ``position`` or positional arguments beyond it (the calls that may be refused), so the
    usual call costs one test."""

    @functools.wraps(checked)
    def refusing_first(*args: Any, **kwargs: Any) -> Any:
        if may_be_refused(args, position):
            problem = refusal(name, args, kwargs)
            if problem is not None:
                raise problem
        return checked(*args, **kwargs)

    return refusing_first


def may_be_refused(args: tuple, position: int) -> bool:
    """Whether a call of a ``LENIENT`` function (or method) may be one torch refuses: an int at
    ``position`` (torch wants a tuple or a bool there) or more positional arguments."""
    count = len(args)
    return count > position + 1 or count > position and args[position].__class__ is int
