"""Tracing: run the function once, eagerly, and write down every op it applies.

The tracer sits in ``autograd.record``'s tracer slot while the function runs with its real inputs.
``Op.apply`` hands it every op (recorded or not), and the few places where values leave the ops'
reach tell it so (``record.note``). For every tensor an op receives, the tracer decides where it
comes from: an input, a tensor the function reads from outside (a global, a closure variable, a
module's parameter), a constant (a Python number, ``t.zeros(3)``), an earlier op's output, or a
promotion or view of one of those. The result is a :class:`Tape`: values and op calls, in order.

Whatever the generated code could not repeat ends the trace with a :class:`Break` that names the
learner's line: Python deciding on a tensor's values (``if loss > 0``, ``.item()``), random numbers,
an in-place change of an input, a tensor of unknown origin, a hook, a backward pass inside the
function. The function still finishes eagerly; the caller then runs it eagerly from then on.
"""

from __future__ import annotations

import contextlib
import linecache
import os
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd.op import Op
from ..ops._args import _Promoted
from ..tensor import Tensor

__all__ = ["Tape", "Value", "OpCall", "Break", "Tracer", "ParamValue", "user_frame", "source_line",
           "file_label"]

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(eq=False)
class Value:
    """One value of the traced program.

    ``kind``: ``"input"`` (argument number ``index``), ``"external"`` (a tensor read from outside,
    number ``index``), ``"constant"`` (``array``), ``"op"`` (output ``output`` of ``op``),
    ``"promoted"`` (``source`` converted to ``dtype``, as an op promotes its operand), ``"view"``
    (``source``'s memory seen through ``view``: how to build it, see ``codegen``), ``"computed"``
    (``computed`` = ``(function, values, kwargs)``: made outside an op, e.g. a comparison)."""

    kind: str
    shape: tuple[int, ...]
    dtype: np.dtype
    index: int = -1
    array: Any = None
    op: OpCall | None = None
    output: int = 0
    source: Value | None = None
    view: tuple | None = None
    computed: tuple | None = None
    name: str | None = None
    requires_grad: bool = False
    grad_fn: Any = None  # the eager node that made it (op values), for the graph-identity check


@dataclass(eq=False)
class ParamValue:
    """A traced value passed to an op as a parameter (an index array, a mask, a view)."""

    value: Value


@dataclass(eq=False)
class OpCall:
    """``cls.apply(*inputs, **params)`` as it ran: ``edges[i]`` says whether input ``i`` had a
    gradient edge (required grad), ``recorded`` whether a node was made."""

    cls: type
    inputs: list[Value]
    edges: list[bool]
    params: dict
    outputs: list[Value]
    recorded: bool
    line: tuple[str, int] | None
    index: int = 0


@dataclass
class Break:
    """Why the function cannot be compiled, and where."""

    reason: str
    line: tuple[str, int] | None = None

    def describe(self) -> str:
        where = ""
        if self.line is not None:
            filename, lineno = self.line
            text = source_line(filename, lineno)
            where = f" (line {lineno} of {file_label(filename)}" + (
                f": {text}" if text else "") + ")"
        return self.reason + where


@dataclass
class Tape:
    """What a trace recorded: the inputs and externals in order, every value, every op call, and
    the values the function returned."""

    inputs: list[Value] = field(default_factory=list)
    externals: list[Value] = field(default_factory=list)
    external_tensors: list[Tensor] = field(default_factory=list)
    ops: list[OpCall] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)

    def used_values(self, outputs: list) -> set[int]:
        """The ids of the values the ops and ``outputs`` read, directly or through promotions and
        views."""
        stack = [value for value in outputs if value is not None]
        for call in self.ops:
            stack += call.inputs
            for param in call.params.values():
                stack += _values_in(param)
        used: set[int] = set()
        while stack:
            value = stack.pop()
            if id(value) not in used:
                used.add(id(value))
                if value.source is not None:
                    stack.append(value.source)
                if value.computed is not None:
                    stack += value.computed[1]
        return used


def _values_in(param: Any) -> list:
    if isinstance(param, ParamValue):
        return [param.value]
    if type(param) in (tuple, list):
        return [value for item in param for value in _values_in(item)]
    if type(param) is dict:
        return [value for item in param.values() for value in _values_in(item)]
    return []


def user_frame() -> Any:
    """The innermost frame outside the autograd_lab package: the learner's line."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
    return frame


def file_label(filename: str) -> str:
    """How messages and code comments name a source file: its base name, or "cell" for a notebook
    cell (IPython compiles each cell to a temporary file named by a hash of its code)."""
    if "ipykernel_" in filename or filename.startswith("<ipython-input"):
        return "cell"
    return os.path.basename(filename)


def source_line(filename: str, lineno: int) -> str:
    return linecache.getline(filename, lineno).strip()


class Tracer:
    """The observer in ``record``'s tracer slot (see the module doc)."""

    def __init__(self, inputs: list[tuple[Tensor, str]], externals: list[tuple[Tensor, str]]) -> None:
        self.tape = Tape()
        self.broken: Break | None = None
        self._by_tensor: dict[int, tuple[Tensor, Value, np.ndarray]] = {}
        self._by_array: dict[int, tuple[np.ndarray, Value]] = {}
        # arrays that are views, by the array owning their memory: a new view of that memory may
        # be a view of one of them (numpy's .base skips intermediate views)
        self._by_owner: dict[int, list[tuple[np.ndarray, Value]]] = {}
        self._keep: list[Any] = []  # everything whose id is a key stays alive during the trace
        for index, (tensor, name) in enumerate(inputs):
            value = self._new_value("input", tensor, index=index, name=name)
            value.requires_grad = tensor._requires_grad
            self.tape.inputs.append(value)
            self._map(tensor, value)
        for tensor, name in externals:
            if id(tensor) in self._by_tensor:
                continue  # (also passed as an argument)
            value = self._new_value("external", tensor, index=len(self.tape.externals), name=name)
            value.requires_grad = tensor._requires_grad
            self.tape.externals.append(value)
            self.tape.external_tensors.append(tensor)
            self._map(tensor, value)
        self._frames: dict[int, Any] = {}  # the learner's frames seen, for their variables' names
        self._changed: Tensor | None = None
        self._computed_objects: dict[int, tuple[Any, Value]] = {}

    # -- bookkeeping --------------------------------------------------------------------------------

    def _new_value(self, kind: str, tensor: Tensor | None = None, array: Any = None,
                   **fields: Any) -> Value:
        data = tensor._data if tensor is not None else array
        if isinstance(data, (np.ndarray, np.generic)):
            value = Value(kind, tuple(data.shape), data.dtype, **fields)
        else:  # an object computed from tensors (a prepared op argument)
            value = Value(kind, (), None, **fields)
        value.array = data  # the real value now (a constant's is replaced by a frozen copy)
        self.tape.values.append(value)
        return value

    def _map(self, tensor: Tensor, value: Value) -> None:
        data = tensor._data
        self._by_tensor[id(tensor)] = (tensor, value, data)
        self._remember(data, value)
        self._keep.append(tensor)

    def _remember(self, array: Any, value: Value) -> None:
        self._by_array[id(array)] = (array, value)
        if isinstance(array, np.ndarray) and isinstance(array.base, np.ndarray):
            self._by_owner.setdefault(id(_owner(array)), []).append((array, value))

    def stop(self, reason: str) -> None:
        """End the trace (the first reason is kept)."""
        if self.broken is None:
            frame = user_frame()
            line = (frame.f_code.co_filename, frame.f_lineno) if frame is not None else None
            self.broken = Break(reason, line)

    # -- where values come from ----------------------------------------------------------------------

    def resolve(self, tensor: Tensor) -> Value | None:
        """The value a tensor holds, or None when its origin is unknown."""
        entry = self._by_tensor.get(id(tensor))
        if entry is not None and entry[0] is tensor and entry[2] is tensor._data:
            value = entry[1]
            if value.kind in _FLAGGED and (tensor._requires_grad != value.requires_grad or (
                    value.kind == "op" and tensor.grad_fn is not value.grad_fn)):
                return None  # its place in the graph changed since (requires_grad_(), a Function)
            return value
        if isinstance(tensor, _Promoted):
            source = self.resolve(tensor._original)
            if source is None:
                return None
            value = self._new_value("promoted", tensor, source=source)
            self._map(tensor, value)
            return value
        value = self.resolve_array(tensor._data)
        if value is None:
            return None
        if tensor._requires_grad and not (value.kind == "op" and tensor.grad_fn is not None
                                          and tensor.grad_fn is value.grad_fn
                                          and tensor._output_nr == value.output):
            return None  # the same values, but another place in the graph (a new leaf)
        self._map(tensor, value)
        return value

    def resolve_array(self, array: np.ndarray) -> Value | None:
        """The value an array holds: a known array, a view of one, or a read-only constant."""
        entry = self._by_array.get(id(array))
        if entry is not None and entry[0] is array:
            return entry[1]
        base = array.base
        if isinstance(base, np.ndarray):
            entry = self._by_array.get(id(base))
            if entry is not None and entry[0] is base:
                view = view_recipe(base, array)
                if view is None:
                    return None
                value = self._new_value("view", array=array, source=entry[1], view=view)
                self._remember(array, value)
                self._keep.append(array)
                return value
        if isinstance(base, np.ndarray):
            owner = _owner(array)
            for known, source in self._by_owner.get(id(owner), ()):
                if _owner(known) is owner and _inside(array, known):
                    view = view_recipe(known, array)
                    if view is not None:
                        value = self._new_value("view", array=array, source=source, view=view)
                        self._remember(array, value)
                        self._keep.append(array)
                        return value
        if not array.flags.writeable and array.base is None:
            value = self._new_value("constant", array=array)
            self._remember(array, value)
            self._keep.append(array)
            return value
        return None

    def _unknown(self, tensor: Tensor, cls: type | None) -> str:
        """Why ``tensor`` cannot be resolved."""
        entry = self._by_tensor.get(id(tensor))
        if entry is not None and entry[0] is tensor and entry[2] is tensor._data:
            return (f"a tensor of shape {tuple(tensor._data.shape)} whose place in the graph changed "
                    "after it was made (requires_grad_() inside the function)")
        return _unknown_tensor(tensor, cls)

    def _is_constant(self, array: np.ndarray) -> bool:
        resolved = self.resolve_array(array)
        return resolved is not None and resolved.kind == "constant" and (
            resolved.array is array or np.array_equal(resolved.array, array))

    def _param(self, value: Any) -> tuple[Any, bool]:
        """An op parameter with its arrays resolved: ``(param, ok)``."""
        computed = self._computed_objects.get(id(value))
        if computed is not None and computed[0] is value:
            return ParamValue(computed[1]), True
        if isinstance(value, np.ndarray):
            resolved = self.resolve_array(value)
            if resolved is None:
                return value, False
            if resolved.kind == "constant":
                return resolved.array, True
            return ParamValue(resolved), True
        if type(value) in (tuple, list):
            items = []
            for item in value:
                param, ok = self._param(item)
                if not ok:
                    return value, False
                items.append(param)
            return type(value)(items), True
        if type(value) is dict:
            resolved_dict = {}
            for key, item in value.items():
                param, ok = self._param(item)
                if not ok:
                    return value, False
                resolved_dict[key] = param
            return resolved_dict, True
        if isinstance(value, Tensor):
            return value, False
        if _holds_arrays(value):
            # an object carrying arrays (an index plan, a closure): fine while they are constants
            return value, all(self._is_constant(array) for array in _arrays_in(value))
        return value, True

    # -- the tracer protocol (autograd.record) -------------------------------------------------------

    def run(self, cls: type[Op], inputs: tuple, params: dict) -> Any:
        """``cls.apply(*inputs, **params)``, written down."""
        from ..autograd.record import recorder

        if self.broken is None:
            values = []
            for tensor in inputs:
                value = self.resolve(tensor)
                if value is None:
                    self.stop(self._unknown(tensor, cls))
                    break
                values.append(value)
            resolved_params = {}
            if self.broken is None:
                for key, param in params.items():
                    resolved, ok = self._param(param)
                    if not ok:
                        self.stop(f"{cls.__name__}'s argument {key!r} holds values computed outside "
                                  "an op, which the compiler cannot follow")
                        break
                    resolved_params[key] = resolved
        recorder.tracer = None  # (the op itself is not traced twice)
        try:
            result = cls.apply(*inputs, **params)
        finally:
            recorder.tracer = self
        if self.broken is not None:
            return result
        outputs = result if type(result) is tuple else (result,)
        frame = user_frame()
        if frame is not None:
            self._name_locals(frame)
        call = OpCall(cls, values, [t._requires_grad for t in inputs], resolved_params, [],
                      recorded=any(out.grad_fn is not None for out in outputs),
                      line=(frame.f_code.co_filename, frame.f_lineno) if frame is not None else None,
                      index=len(self.tape.ops))
        for nr, out in enumerate(outputs):
            value = self._new_value("op", out, op=call, output=nr)
            value.requires_grad = out._requires_grad
            value.grad_fn = out.grad_fn
            call.outputs.append(value)
            self._map(out, value)
        self.tape.ops.append(call)
        return result

    def _name_locals(self, frame: Any) -> None:
        """Name the values the learner's variables hold now (those made by earlier ops)."""
        self._frames[id(frame)] = frame
        by_tensor = self._by_tensor
        for name, value in frame.f_locals.items():
            if isinstance(value, Tensor) and name[0] != "_" and name != "self":
                entry = by_tensor.get(id(value))
                if entry is not None and entry[0] is value and entry[1].name is None \
                        and entry[1].kind == "op":
                    entry[1].name = name

    def finish(self) -> None:
        """After the function returned: the names its variables ended with."""
        for frame in self._frames.values():
            self._name_locals(frame)
        self._frames = {}

    def on_event(self, event: str, *details: Any) -> None:
        if self.broken is not None:
            return
        if event == "read":
            tensor, how = details
            value = self.resolve(tensor)
            if value is None or value.kind != "constant":
                self.stop(_READS.get(how, f"the tensor's values are read ({how})"))
        elif event == "constant":
            (made,) = details
            array = made._data if isinstance(made, Tensor) else made
            snapshot = array.copy()
            snapshot.flags.writeable = False
            value = self._new_value("constant", array=array)
            value.array = snapshot
            if isinstance(made, Tensor):
                self._map(made, value)
            else:
                self._remember(array, value)
                self._keep.append(array)
        elif event == "changed":
            (tensor,) = details
            if tensor is self._changed:
                self._changed = None  # (the in-place op just followed)
            else:
                self.stop("a tensor's memory changed in place outside the ops the compiler "
                          "follows (a running statistic, an optimizer step)")
        elif event == "snapshot":
            copy, original = details
            value = self.resolve(original)
            if value is None:
                self.stop(self._unknown(original, None))
                return
            self._map(copy, value)
        elif event == "inplace":
            tensor, result = details
            if result is None:
                self.stop("an in-place change of a view (it changes the tensor it views, too)")
                return
            value = self._by_tensor.get(id(tensor))
            before = value[1] if value is not None and value[0] is tensor else None
            if before is not None and before.kind in ("input", "external"):
                what = "an input" if before.kind == "input" else f"{before.name or 'a tensor'} " \
                    "from outside the function"
                self.stop(f"an in-place change of {what} (compiled code does not write into "
                          "its arguments)")
                return
            after = self.resolve(result)
            if after is None or result._data.dtype != tensor._data.dtype or \
                    result._data.shape != tensor._data.shape:
                self.stop("an in-place change the compiler cannot follow")
                return
            self._by_tensor[id(tensor)] = (tensor, after, tensor._data)
            self._remember(tensor._data, after)
            self._keep.append(tensor)
            self._changed = tensor  # (its version is bumped next: expected)
        elif event == "computed":
            out, function, inputs = details[:3]
            kwargs = details[3] if len(details) > 3 else {}
            values = []
            for item in inputs:
                value = self.resolve(item) if isinstance(item, Tensor) else self.resolve_array(item)
                if value is None:
                    return  # (unknown inputs: using the result stops the trace)
                values.append(value)
            array = out._data if isinstance(out, Tensor) else out
            value = self._new_value("computed", array=array, computed=(function, values, kwargs))
            if isinstance(out, Tensor):
                self._map(out, value)
            elif isinstance(out, np.ndarray):
                self._remember(array, value)
                self._keep.append(array)
            else:  # an object an op takes as a parameter
                self._computed_objects[id(out)] = (out, value)
                self._keep.append(out)
        elif event == "random":
            self.stop("random numbers drawn inside the function (the generated code would draw "
                      "the same ones every call); draw them outside and pass them in")
        elif event == "backward":
            self.stop("a backward pass inside the function (compile the forward computation, "
                      "call backward outside)")
        elif event == "hook":
            self.stop("a hook registered inside the function (register it outside, on an input or "
                      "an output)")
        elif event == "function":
            (function,) = details
            self.stop(f"the custom autograd.Function {function.__name__} (compiled code runs the "
                      "library's own ops only)")
        else:
            self.stop(f"{event} inside the function")


_READS = {
    "item": "the tensor's value read with .item() or float() (Python then works with a number the "
            "compiled code would fix)",
    "control flow": "Python branching on a tensor's value (if/while/and/or): the compiled code would "
                    "always take the branch taken now",
    "data": "the tensor's values read as Python or numpy values (.tolist(), .numpy())",
    "print": "a tensor printed inside the function (compiled calls would print nothing)",
    "tensor": "a tensor's values copied into a new one (t.tensor(x))",
}


_FLAGGED = ("op", "input", "external", "constant")  # values whose requires_grad is what it was


def _unknown_tensor(tensor: Tensor, cls: type | None) -> str:
    where = f" given to {cls.__name__}" if cls is not None else ""
    return (f"a tensor of shape {tuple(tensor._data.shape)}{where} that is neither an argument, a "
            "global, closure or module tensor the function reads, a constant, nor an op's result "
            "(made by a function the compiler cannot follow, such as a comparison, argmax or a "
            "custom Function; or reached through an object it does not look into)")


def _holds_arrays(value: Any) -> bool:
    return any(True for _ in _arrays_in(value))


def _arrays_in(value: Any, depth: int = 0) -> list:
    """The numpy arrays an arbitrary parameter object carries (its attributes, its closure)."""
    if depth > 3:
        return []
    found: list = []
    if isinstance(value, np.ndarray):
        return [value]
    if type(value) in (tuple, list):
        for item in value:
            found += _arrays_in(item, depth + 1)
        return found
    if type(value) is dict:
        for item in value.values():
            found += _arrays_in(item, depth + 1)
        return found
    if isinstance(value, (int, float, str, bool, type(None), np.generic, np.dtype, type, slice)):
        return []
    closure = getattr(value, "__closure__", None)
    if closure:
        for cell in closure:
            with contextlib.suppress(ValueError):  # (an empty cell)
                found += _arrays_in(cell.cell_contents, depth + 1)
    slots = getattr(type(value), "__slots__", ())
    for slot in (slots,) if isinstance(slots, str) else slots:
        found += _arrays_in(getattr(value, slot, None), depth + 1)
    for item in getattr(value, "__dict__", {}).values():
        found += _arrays_in(item, depth + 1)
    return found


def _owner(array: np.ndarray) -> np.ndarray:
    """The array owning ``array``'s memory (the last array in its chain of bases)."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _inside(view: np.ndarray, array: np.ndarray) -> bool:
    """Whether every element ``view`` reads lies in ``array``'s memory."""
    low, high = np.lib.array_utils.byte_bounds(view)
    start, end = np.lib.array_utils.byte_bounds(array)
    return start <= low and high <= end


def view_recipe(base: np.ndarray, view: np.ndarray) -> tuple | None:
    """How to get ``view`` from ``base`` (whose memory it shares) in generated code:
    ``("reshape", shape)``, ``("transpose", axes)`` or ``("strided", offset, shape, strides)``
    (in elements); None if it cannot be said (a base that is not C-contiguous)."""
    if not base.flags.c_contiguous or base.dtype != view.dtype:
        return None
    start = base.__array_interface__["data"][0]
    offset_bytes = view.__array_interface__["data"][0] - start
    item = base.itemsize
    if offset_bytes % item or any(stride % item for stride in view.strides):
        return None
    offset = offset_bytes // item
    if offset == 0 and view.flags.c_contiguous and view.size == base.size:
        return ("reshape", tuple(view.shape))
    if offset == 0 and view.ndim == base.ndim and view.size == base.size:
        for axes in _transpositions(base, view):
            return ("transpose", axes)
    return ("strided", offset, tuple(view.shape), tuple(s // item for s in view.strides))


def _transpositions(base: np.ndarray, view: np.ndarray) -> list:
    """The axis orders that make ``base.transpose(axes)`` the same view as ``view``."""
    import itertools

    if base.ndim > 6:
        return []
    found = []
    for axes in itertools.permutations(range(base.ndim)):
        candidate = base.transpose(axes)
        if candidate.shape == view.shape and candidate.strides == view.strides:
            found.append(axes)
            break
    return found
