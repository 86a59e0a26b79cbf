"""Running compiled code: the cache of specialisations, the guards, and the graph node.

A :class:`CompiledFunction` keeps, for each combination of input shapes, dtypes, memory layouts,
``requires_grad`` flags and grad mode it has seen (up to ``cache_size_limit``), either a
:class:`~.codegen.Program` or the decision to run eagerly. A call looks its specialisation up, checks
that the tensors the function reads from outside are still the ones it traced (a guard per global,
closure or module tensor), runs the generated forward on the arrays, and wraps the results: when a
gradient is wanted, one :class:`CompiledFunctionBackward` node stands for the whole function in the
eager graph, its ``next_functions`` pointing at the inputs, so ``backward()``, ``autograd.grad``,
optimizers and hooks on the inputs work as they do eagerly.
"""

from __future__ import annotations

import functools
import gc
import inspect
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._quiet import restore, silenced
from ..autograd import grad_mode
from ..autograd.forward_ad import paused as dual_paused
from ..autograd.forward_ad import state as dual
from ..autograd.messages import FREED_MESSAGE, modified_inplace
from ..autograd.node import FREED, Node, _sequence, inplace_clock
from ..autograd.record import recorder, tracing, watching
from ..nn.module import Module
from ..ops.views import record_view
from ..tensor import Tensor
from .codegen import CodegenError, Program, generate
from .trace import _PACKAGE, Break, Tracer, Value, file_label, user_frame

__all__ = ["CompiledFunction", "CompiledModule", "CompiledFunctionBackward", "GeneratedCode",
           "Unsupported", "CompileWarning", "RecompileWarning", "cache_size_limit"]

cache_size_limit = 8
"""How many specialisations one compiled function keeps (torch's ``cache_size_limit``); beyond it,
new ones run eagerly, with a warning."""


class Unsupported(RuntimeError):
    """``fullgraph=True`` and the function does something compiled code cannot repeat."""


class CompileWarning(UserWarning):
    """A compiled function runs eagerly (for these inputs), and why."""


class RecompileWarning(UserWarning):
    """A compiled function met inputs its code was not made for and is traced again."""


class GeneratedCode:
    """The generated forward and backward of one specialisation, as text: ``print(compiled.code)``,
    or ``compiled.code`` as a cell's last line (its repr is the code itself)."""

    def __init__(self, text: str, title: str) -> None:
        self.text = text
        self.title = title

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


# -- the node ------------------------------------------------------------------------------------------


class CompiledFunctionBackward(Node):
    """The compiled function as one node of the eager graph: its backward runs the generated
    backward code on what the generated forward saved.

    Backward:  the generated backward (``compiled.code`` shows it)
    """

    __slots__ = ("_saved", "_backward", "num_outputs", "_output_shapes", "_watched", "_versions",
                 "_made_at", "_replay", "_code")

    def name(self) -> str:
        return "CompiledFunctionBackward"

    @classmethod
    def formula(cls) -> str:
        return "Backward:  the generated backward code (compiled.code)"

    def _validate_saved(self) -> None:
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        for tensor, then in zip(self._watched, self._versions):
            now = tensor._version
            if now != then:
                producer = tensor.grad_fn.name() if tensor.grad_fn is not None else ""
                raise modified_inplace(tensor._data, producer, now, then)

    def _release(self) -> None:
        self._saved = FREED

    def _grads_for_inputs(self, grad_outputs: tuple, create_graph: bool) -> tuple:
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if create_graph:
            return self._replay_with_graph(grad_outputs)
        grads = [np.zeros(shape, dtype) if grad is None else grad
                 for grad, (shape, dtype) in zip(grad_outputs, self._output_shapes)]
        quiet = silenced()
        try:
            return self._backward(*grads, *self._saved)
        finally:
            restore(quiet)

    def _replay_with_graph(self, grad_outputs: tuple) -> tuple:
        """``create_graph=True``: the generated code records no graph, so the function runs again
        eagerly on the same inputs, and its own graph is differentiated (recording)."""
        from ..autograd.engine import grad as autograd_grad

        fn, args, kwargs, inputs, positions = self._replay
        self._validate_saved()
        result = fn(*args, **kwargs)
        flat: list = []
        _flatten_output(result, flat)
        outputs = [flat[position] for position in positions]
        wanted = [(out, grad) for out, grad in zip(outputs, grad_outputs) if grad is not None]
        grads = autograd_grad([out for out, _ in wanted],
                              inputs,
                              [g if isinstance(g, Tensor) else Tensor._make(np.asarray(g))
                               for _, g in wanted],
                              create_graph=True, allow_unused=True)
        return tuple(grads)


# -- where the tensors a function reads from outside are ---------------------------------------------


@dataclass
class _External:
    """A tensor the function reads from outside, and the path to it (from a globals dict, a
    closure cell, a module ...) that is walked again on every call to check it is still there."""

    tensor: Tensor
    label: str
    root: Any
    path: tuple


def _walk(root: Any, path: tuple) -> Any:
    value = root
    for kind, key in path:
        if kind == "item":
            value = value[key]
        elif kind == "attr":
            value = value.__dict__[key] if key in getattr(value, "__dict__", {}) else getattr(value, key)
        else:  # "cell"
            value = value.cell_contents
    return value


_MAX_ITEMS = 256
_MAX_TENSORS = 2048


class _Scan:
    """Find the tensors a function can reach without being given them: the globals and closure
    variables its code names (and the code of the functions, modules and objects those hold), the
    parameters and buffers of modules, the tensors in lists, tuples, dicts and objects' attributes."""

    def __init__(self) -> None:
        self.found: list[_External] = []
        self.modules: list[Module] = []
        self._seen: set[int] = set()
        self._functions: set[int] = set()

    def function(self, fn: Any, depth: int = 0) -> None:
        if isinstance(fn, (types.MethodType,)):
            self.value(fn.__self__, "self", fn, (("attr", "__self__"),), depth)
            fn = fn.__func__
        code = getattr(fn, "__code__", None)
        if code is None or id(fn) in self._functions or depth > 4:
            return
        if getattr(code, "co_filename", "").startswith(_PACKAGE):
            return  # the library's own functions hold no learner tensors
        self._functions.add(id(fn))
        module_globals = getattr(fn, "__globals__", {})
        for name in _code_names(code):
            if name in module_globals:
                self.value(module_globals[name], name, module_globals, (("item", name),), depth)
        for name, cell in zip(code.co_freevars, fn.__closure__ or ()):
            try:
                contents = cell.cell_contents
            except ValueError:
                continue
            self.value(contents, name, cell, (("cell", None),), depth)
        for index, default in enumerate(getattr(fn, "__defaults__", None) or ()):
            self.value(default, f"default_{index}", fn, (("attr", "__defaults__"), ("item", index)),
                       depth)

    def value(self, value: Any, label: str, root: Any, path: tuple, depth: int) -> None:
        if isinstance(value, Tensor):
            if len(self.found) < _MAX_TENSORS and id(value) not in self._seen:
                self._seen.add(id(value))
                self.found.append(_External(value, label, root, path))
            return
        if depth > 4 or id(value) in self._seen or isinstance(value, (type, types.ModuleType)):
            return
        if isinstance(value, Module):
            self._seen.add(id(value))
            self.module(value, label, root, path, depth)
            return
        if type(value) in (list, tuple) and len(value) <= _MAX_ITEMS:
            self._seen.add(id(value))
            for index, item in enumerate(value):
                self.value(item, f"{label}[{index}]", root, (*path, ("item", index)), depth + 1)
            return
        if type(value) is dict and len(value) <= _MAX_ITEMS:
            self._seen.add(id(value))
            for key, item in value.items():
                if isinstance(key, (str, int)):
                    self.value(item, f"{label}[{key!r}]", root, (*path, ("item", key)), depth + 1)
            return
        if isinstance(value, (types.FunctionType, types.MethodType)):
            self.function(value, depth + 1)
            return
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict) and not callable(getattr(value, "__array__", None)) \
                and len(attributes) <= _MAX_ITEMS:
            self._seen.add(id(value))
            for key, item in list(attributes.items()):
                self.value(item, f"{label}.{key}", root, (*path, ("attr", key)), depth + 1)
            for method in vars(type(value)).values():
                if isinstance(method, types.FunctionType):
                    self.function(method, depth + 1)

    def module(self, module: Module, label: str, root: Any, path: tuple, depth: int) -> None:
        self.modules.append(module)
        prefix = f"{label}." if label else ""
        for table in ("_parameters", "_buffers"):
            for name, tensor in getattr(module, table).items():
                if tensor is not None:
                    self.value(tensor, f"{prefix}{name}", root, (*path, ("attr", table),
                                                                  ("item", name)), depth)
        for name, child in module._modules.items():
            if child is not None:
                self.value(child, f"{prefix}{name}", root, (*path, ("attr", "_modules"),
                                                             ("item", name)), depth)
        self.function(type(module).forward, depth + 1)


def _code_names(code: types.CodeType) -> list[str]:
    names = list(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names += _code_names(constant)
    return names


# -- the arguments -----------------------------------------------------------------------------------


class _UnsupportedArgument(Exception):
    pass


def _describe(value: Any, tensors: list, parts: list) -> None:
    """Flatten one argument: its tensors into ``tensors``, what the specialisation fixes into
    ``parts``."""
    kind = type(value)
    if kind is Tensor or isinstance(value, Tensor):
        data = value._data
        tensors.append(value)
        parts.append((data.shape, data.strides, data.dtype, value._requires_grad))
    elif value is None or kind in (int, bool, str):
        parts.append((kind, value))
    elif kind is float:
        parts.append((kind, repr(value)))
    elif kind in (tuple, list):
        parts.append((kind, len(value)))
        for item in value:
            _describe(item, tensors, parts)
    elif kind is dict:
        parts.append((kind, tuple(value)))
        for item in value.values():
            _describe(item, tensors, parts)
    elif isinstance(value, Module):
        parts.append(("module", id(value), tuple(m.training for m in value.modules())))
        for item in [*value.parameters(), *value.buffers()]:
            _describe(item, tensors, parts)
    else:
        raise _UnsupportedArgument(kind.__name__)


def _arguments_key(args: tuple, kwargs: dict) -> tuple[tuple, list]:
    tensors: list[Tensor] = []
    parts: list = [grad_mode.state.enabled]
    for value in args:
        if value.__class__ is Tensor:  # the common case, inline
            data = value._data
            tensors.append(value)
            parts.append((data.shape, data.strides, data.dtype, value._requires_grad))
        else:
            _describe(value, tensors, parts)
    if kwargs:
        parts.append(tuple(kwargs))
        for value in kwargs.values():
            _describe(value, tensors, parts)
    return tuple(parts), tensors


def _argument_names(fn: Callable, args: tuple, kwargs: dict) -> list[str]:
    """A name per argument tensor, in ``_arguments_key``'s order (from the parameter names)."""
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    positional = [p.name for p in parameters if p.kind in (inspect.Parameter.POSITIONAL_ONLY,
                                                           inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    rest = next((p.name for p in parameters if p.kind is inspect.Parameter.VAR_POSITIONAL), "arg")
    names: list[str] = []
    for index, value in enumerate(args):
        name = positional[index] if index < len(positional) else f"{rest}{index - len(positional)}"
        _names_of(value, name, names)
    for name, value in kwargs.items():
        _names_of(value, name, names)
    return names


def _names_of(value: Any, label: str, out: list) -> None:
    if isinstance(value, Tensor):
        out.append(label)
    elif type(value) in (tuple, list):
        for index, item in enumerate(value):
            _names_of(item, f"{label}_{index}", out)
    elif type(value) is dict:
        for key, item in value.items():
            _names_of(item, f"{label}_{key}", out)
    elif isinstance(value, Module):
        for name, _ in [*value.named_parameters(), *value.named_buffers()]:
            out.append(f"{label}_{name}")


def _flatten_output(value: Any, flat: list) -> Any:
    """The template of a returned value: tensors replaced by their position in ``flat``."""
    if isinstance(value, Tensor):
        flat.append(value)
        return _Slot(len(flat) - 1)
    if type(value) in (tuple, list):
        return type(value)(_flatten_output(item, flat) for item in value)
    if isinstance(value, tuple) and getattr(type(value), "n_fields", None) == len(value):
        return _Record(type(value), tuple(_flatten_output(item, flat) for item in value))
    if type(value) is dict:
        return {key: _flatten_output(item, flat) for key, item in value.items()}
    if value is None or type(value) in (int, float, bool, str):
        return value
    raise _UnsupportedArgument(f"a returned {type(value).__name__}")


@dataclass(frozen=True)
class _Slot:
    index: int


@dataclass(frozen=True)
class _Record:
    """A returned result type with named fields (``torch.return_types.linalg_qr``): its type and
    the templates of its items."""

    kind: type
    items: tuple


def _rebuild(template: Any, outputs: list) -> Any:
    if type(template) is _Slot:
        return outputs[template.index]
    if type(template) is _Record:
        return template.kind(*(_rebuild(item, outputs) for item in template.items))
    if type(template) in (tuple, list):
        return type(template)(_rebuild(item, outputs) for item in template)
    if type(template) is dict:
        return {key: _rebuild(item, outputs) for key, item in template.items()}
    return template


# -- one specialisation -------------------------------------------------------------------------------


@dataclass
class _Entry:
    """One compiled specialisation (``program`` None: run eagerly, ``reason`` says why)."""

    key: tuple
    program: Program | None
    reason: str = ""
    externals: list[_External] = field(default_factory=list)
    external_meta: list = field(default_factory=list)
    modules: list = field(default_factory=list)  # (module, training) pairs the trace depended on
    template: Any = None
    output_kinds: list = field(default_factory=list)  # per output: ("code", i) | ("input", i)
    output_grad: list = field(default_factory=list)  # per code output: carries a gradient
    output_meta: list = field(default_factory=list)
    output_views: list = field(default_factory=list)
    saved_inputs: list = field(default_factory=list)  # input positions whose arrays backward reads
    grad_inputs: list = field(default_factory=list)
    differentiable: bool = False
    code: GeneratedCode | None = None

    def guards_hold(self) -> bool:
        for external, meta in zip(self.externals, self.external_meta):
            try:
                if _walk(external.root, external.path) is not external.tensor:
                    return False
            except (KeyError, IndexError, AttributeError, ValueError, TypeError):
                return False
            data = external.tensor._data
            if (data.shape, data.strides, data.dtype, external.tensor._requires_grad) != meta:
                return False
        return all(module.training is training for module, training in self.modules)

    def guard_failure(self) -> str:
        for external, meta in zip(self.externals, self.external_meta):
            try:
                if _walk(external.root, external.path) is not external.tensor:
                    return f"{external.label} now holds another tensor"
            except (KeyError, IndexError, AttributeError, ValueError, TypeError):
                return f"{external.label} is gone"
            data = external.tensor._data
            now = (data.shape, data.strides, data.dtype, external.tensor._requires_grad)
            if now != meta:
                return f"{external.label}: {_meta_text(meta)} -> {_meta_text(now)}"
        for module, training in self.modules:
            if module.training is not training:
                return f"{type(module).__name__}.training changed to {module.training}"
        return ""

    def run(self, tensors: list[Tensor], fn: Callable, args: tuple, kwargs: dict) -> Any:
        program = self.program
        inputs = tensors + [external.tensor for external in self.externals]
        quiet = silenced()
        try:
            outputs, saved = program.forward(*[t._data for t in inputs])
        finally:
            restore(quiet)
        node = None
        if self.differentiable and grad_mode.state.enabled:
            node = _new_node(self, inputs, saved, fn, args, kwargs)
        results = []
        code_index = 0
        for kind, position in self.output_kinds:
            if kind == "input":
                results.append(inputs[position])
                continue
            array = outputs[code_index]
            if not array.flags.writeable and array.base is None:
                array = np.array(array)  # a constant's array (or a number): the caller's own
            if node is not None and self.output_grad[code_index]:
                out = Tensor._make(array, node, self._nr[code_index])
            else:
                out = Tensor._make(array)
            shared = self.output_views[code_index]
            if shared is not None:  # it shares an input's memory, as the eager result does
                position, view, multi_output = shared
                if view:
                    record_view(out, inputs[position], multi_output)
                else:
                    out._vc = inputs[position]._version_counter()
            results.append(out)
            code_index += 1
        if node is not None and watching.count and recorder.observer is not None:
            recorder.observer.on_op(node, tuple(inputs[i] for i in self.grad_inputs),
                                    tuple(r for r in results if r.grad_fn is node))
        return _rebuild(self.template, results)

    @property
    def _nr(self) -> list[int]:
        numbers, count = [], 0
        for carries in self.output_grad:
            numbers.append(count if carries else -1)
            count += carries
        return numbers


def _new_node(entry: _Entry, inputs: list, saved: tuple, fn: Callable, args: tuple,
              kwargs: dict) -> CompiledFunctionBackward:
    node = object.__new__(CompiledFunctionBackward)
    node.next_functions = tuple(inputs[i]._edge() for i in entry.grad_inputs)
    node._sequence_nr = next(_sequence)
    node._hooks = None
    node._saved = saved
    node._backward = entry.program.backward
    node.num_outputs = sum(entry.output_grad)
    node._output_shapes = [meta for meta, carries in zip(entry.output_meta, entry.output_grad)
                           if carries]
    watched = [inputs[i] for i in entry.saved_inputs]
    node._watched = watched
    node._versions = [t._version for t in watched]
    node._made_at = inplace_clock.ticks
    node._replay = (fn, args, kwargs, [inputs[i] for i in entry.grad_inputs],
                    [i for i, carries in enumerate(entry.output_grad) if carries])
    node._code = entry.code
    return node


def _meta_text(meta: tuple) -> str:
    shape, _strides, dtype, requires_grad = meta
    return f"{np.dtype(dtype).name}{list(shape)}" + (" requiring grad" if requires_grad else "")


# -- the compiled function ----------------------------------------------------------------------------


class CompiledFunction:
    """What ``t.compile(fn)`` returns: call it as ``fn``. See the package doc."""

    def __init__(self, fn: Callable, *, fullgraph: bool = False, module: Module | None = None) -> None:
        self._fn = fn
        self._module = module
        self.fullgraph = fullgraph
        self._entries: dict[tuple, list[_Entry]] = {}
        self._count = 0
        self._last: _Entry | None = None
        self._warned: set[str] = set()
        self.recompiles: list[str] = []
        """Why each retrace after the first happened (torch's recompile log)."""
        if module is None:
            functools.update_wrapper(self, fn)
        self._name = getattr(fn, "__qualname__", None) or type(fn).__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if watching.count:
            if recorder.tracer is not None:
                return self._fn(*args, **kwargs)  # inside another compiled function's trace: inlined
            if recorder.batching is not None:
                return self._eager_once("inside func.vmap (the generated code runs on whole "
                                        "arrays, not on vmap's batch elements)", args, kwargs)
        if dual.active and not dual_paused.paused:
            return self._eager_once("inside a forward-mode dual level (the generated code computes "
                                    "no tangents)", args, kwargs)
        try:
            key, tensors = _arguments_key(args, kwargs)
        except _UnsupportedArgument as error:
            return self._eager_with_warning(f"an argument of type {error}", args, kwargs)
        entries = self._entries.get(key)
        if entries is not None:
            for entry in entries:
                if entry.guards_hold():
                    if entry.program is None:
                        return self._fn(*args, **kwargs)
                    self._last = entry
                    return entry.run(tensors, self._fn, args, kwargs)
        return self._compile(key, tensors, args, kwargs, entries)

    # -- making a specialisation ------------------------------------------------------------------------

    def _compile(self, key: tuple, tensors: list, args: tuple, kwargs: dict,
                 entries: list[_Entry] | None) -> Any:
        if self._count >= cache_size_limit:
            if self._count == cache_size_limit:
                self._count += 1
                warnings.warn(f"t.compile({self._name}): {cache_size_limit} specialisations made "
                              f"(cache_size_limit); other inputs run eagerly", CompileWarning,
                              stacklevel=3)
            return self._fn(*args, **kwargs)
        if self._last is not None:
            reason = self._difference(key, entries)
            self.recompiles.append(reason)
            warnings.warn(f"t.compile({self._name}): recompiling: {reason}", RecompileWarning,
                          stacklevel=3)
        self._count += 1
        names = _argument_names(self._fn if self._module is None else self._module.forward,
                                args, kwargs)
        scan = _Scan()
        if self._module is not None:
            scan.value(self._module, "", self._module, (), 0)
        scan.function(self._fn)
        argument_ids = {id(t) for t in tensors}
        externals = [external for external in scan.found if id(external.tensor) not in argument_ids]
        tracer = Tracer(list(zip(tensors, names)), [(e.tensor, e.label) for e in externals])
        collecting = gc.isenabled()
        gc.disable()  # (tracing and generating make many objects, none of them cyclic garbage)
        try:
            with tracing(tracer):
                result = self._fn(*args, **kwargs)
            tracer.finish()
            entry = self._build(key, tracer, externals, scan.modules, result)
        finally:
            if collecting:
                gc.enable()
        self._entries.setdefault(key, []).append(entry)
        if entry.program is None:
            if self.fullgraph:
                raise Unsupported(f"t.compile({self._name}, fullgraph=True): {entry.reason}")
            warnings.warn(f"t.compile({self._name}): running it eagerly: {entry.reason}",
                          CompileWarning, stacklevel=3)
        else:
            self._last = entry
        return result

    def _build(self, key: tuple, tracer: Tracer, externals: list[_External], modules: list,
               result: Any) -> _Entry:
        if tracer.broken is not None:
            return _Entry(key, None, tracer.broken.describe())
        flat: list = []
        try:
            template = _flatten_output(result, flat)
        except _UnsupportedArgument as error:
            return _Entry(key, None, f"it returns {error} (compiled functions return tensors, "
                                     "numbers, strings, and lists, tuples and dicts of them)")
        tape = tracer.tape
        used = tape.used_values(flat_values := [tracer.resolve(tensor) for tensor in flat])
        first_use: dict[int, int] = {}
        for call in tape.ops:
            for value in call.inputs:
                first_use.setdefault(id(value), call.index)
        # the tensors read from outside, in the order the function first used them
        kept = sorted((e for e in externals if id(tracer.resolve(e.tensor)) in used),
                      key=lambda e: first_use.get(id(tracer.resolve(e.tensor)), len(tape.ops)))
        tape.externals = [tracer.resolve(e.tensor) for e in kept]
        tape.external_tensors = [e.tensor for e in kept]
        inputs = [*tape.inputs, *tape.externals]
        input_ids = {id(v): i for i, v in enumerate(inputs)}
        output_values: list[Value] = []
        output_kinds: list = []
        output_views: list = []  # per code output: None, or how it shares an input's memory
        for tensor, value in zip(flat, flat_values):
            if value is None:
                return _Entry(key, None, "it returns a tensor made outside the ops the compiler "
                                         "follows")
            if id(value) in input_ids and tensor is _tensor_of(tracer, value):
                output_kinds.append(("input", input_ids[id(value)]))
                continue
            output_kinds.append(("code", len(output_values)))
            output_values.append(value)
            output_views.append(_view_of_input(tensor, inputs, tracer))
        grad_outputs = [i for i, v in enumerate(output_values) if v.requires_grad]
        with_backward = bool(grad_outputs) and grad_mode.state.enabled
        names = {}
        try:
            program = generate(tape, output_values, with_backward,
                               grad_outputs if with_backward else [], names)
            _check(program, inputs, [flat[i] for i, (kind, _) in enumerate(output_kinds)
                                     if kind == "code"])
        except CodegenError as error:
            return _Entry(key, None, f"the generated code failed: {error}")
        entry = _Entry(key, program, externals=kept,
                       external_meta=[(e.tensor._data.shape, e.tensor._data.strides,
                                       e.tensor._data.dtype, e.tensor._requires_grad) for e in kept],
                       modules=[(m, m.training) for m in modules], template=template,
                       output_kinds=output_kinds,
                       output_grad=[bool(with_backward and v.requires_grad) for v in output_values],
                       output_meta=[(v.shape, v.dtype) for v in output_values],
                       output_views=output_views,
                       saved_inputs=_saved_inputs(program, len(inputs)),
                       grad_inputs=program.grad_inputs, differentiable=with_backward)
        entry.code = GeneratedCode(program.source, self._describe(entry, inputs))
        return entry

    def _difference(self, key: tuple, entries: list[_Entry] | None) -> str:
        if entries:
            return entries[-1].guard_failure() or "the function's surroundings changed"
        last = self._last.key
        if key[0] != last[0]:
            return f"grad mode is now {'on' if key[0] else 'off'}"
        for position, (now, then) in enumerate(zip(key[1:], last[1:])):
            if now != then:
                if isinstance(now, tuple) and len(now) == 4 and isinstance(then, tuple) \
                        and len(then) == 4:
                    return f"argument tensor {position}: {_meta_text(then)} -> {_meta_text(now)}"
                return f"argument {position}: {then!r} -> {now!r}"
        return "different arguments"

    def _describe(self, entry: _Entry, inputs: list[Value]) -> str:
        return f"t.compile({self._name})"

    def _eager_with_warning(self, reason: str, args: tuple, kwargs: dict) -> Any:
        if self.fullgraph:
            raise Unsupported(f"t.compile({self._name}, fullgraph=True): {reason}")
        warnings.warn(f"t.compile({self._name}): running it eagerly: {reason}", CompileWarning,
                      stacklevel=3)
        return self._fn(*args, **kwargs)

    def _eager_once(self, reason: str, args: tuple, kwargs: dict) -> Any:
        """Run eagerly because of where the function is called; warn once per reason."""
        if reason not in self._warned:
            if self.fullgraph:
                raise Unsupported(f"t.compile({self._name}, fullgraph=True): called {reason}")
            self._warned.add(reason)
            line = user_frame()
            where = f" (line {line.f_lineno} of {file_label(line.f_code.co_filename)})" \
                if line is not None else ""
            warnings.warn(f"t.compile({self._name}): running it eagerly: called {reason}{where}",
                          CompileWarning, stacklevel=3)
        return self._fn(*args, **kwargs)

    # -- looking at it ------------------------------------------------------------------------------

    @property
    def code(self) -> GeneratedCode | None:
        """The generated forward and backward of the specialisation that ran last (None before the
        first call, or when it runs eagerly)."""
        return None if self._last is None else self._last.code

    def cache_info(self) -> list[str]:
        """One line per specialisation: what it was made for, compiled or eager (and why)."""
        lines = []
        for entries in self._entries.values():
            for entry in entries:
                shapes = [part for part in entry.key[1:] if isinstance(part, tuple) and len(part) == 4]
                described = ", ".join(_meta_text(part) for part in shapes) or "no tensors"
                status = "compiled" if entry.program is not None else f"eager: {entry.reason}"
                lines.append(f"{described}: {status}")
        return lines

    def __repr__(self) -> str:
        return f"<compiled {self._name}>"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        """As a decorator on a method: bound to the instance (each bound call compiles the method
        with ``self`` as its first argument)."""
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)


def _view_of_input(tensor: Tensor, inputs: list[Value], tracer: Tracer) -> tuple | None:
    """How an output shares an input's memory, as the eager result did: ``(input position, is a
    view, multi-output op name)``, or None."""
    state = tensor._state
    info = state.view if state is not None else None
    for position, value in enumerate(inputs):
        source = _tensor_of(tracer, value)
        if info is not None and info.base is source:
            return (position, True, info.multi_output)
        if np.may_share_memory(tensor._data, value.array):
            return (position, False, None)
    return None


def _tensor_of(tracer: Tracer, value: Value) -> Tensor | None:
    for tensor, known, _ in tracer._by_tensor.values():
        if known is value and value.kind in ("input", "external"):
            return tensor
    return None


def _saved_inputs(program: Program, count: int) -> list[int]:
    """Input positions whose arrays the backward reads (their in-place changes must be caught)."""
    source = program.forward_source
    header = source.splitlines()[0]
    parameters = header[header.index("(") + 1:header.rindex(")")].split(", ") if count else []
    returned = source.strip().splitlines()[-1]
    saved_part = returned[returned.index(", (", ) + 2:] if ", (" in returned else ""
    names = {name.strip("(), ") for name in saved_part.split(",")}
    return [i for i, name in enumerate(parameters) if name in names]


def _check(program: Program, inputs: list[Value], eager_outputs: list[Tensor]) -> None:
    """Run the new forward on the traced inputs and compare with what eager computed."""
    quiet = silenced()
    try:
        outputs, _ = program.forward(*[value.array for value in inputs])
    except Exception as error:  # noqa: BLE001
        raise CodegenError(f"{type(error).__name__}: {error}") from None
    finally:
        restore(quiet)
    for got, tensor in zip(outputs, eager_outputs):
        want = tensor._data
        got = np.asarray(got)
        if got.shape != want.shape or got.dtype != want.dtype:
            raise CodegenError(f"an output of {got.dtype}{list(got.shape)} where eager gave "
                               f"{want.dtype}{list(want.shape)}")
        if want.dtype.kind in "fc":
            tolerance = 1e-4 if want.dtype.itemsize <= 4 else 1e-10
            if not np.allclose(got, want, rtol=tolerance, atol=tolerance * max(
                    1.0, float(np.max(np.abs(want[np.isfinite(want)])))) if want.size and
                    np.isfinite(want).any() else tolerance, equal_nan=True):
                raise CodegenError("the generated forward does not reproduce the eager values")
        elif not np.array_equal(got, want):
            raise CodegenError("the generated forward does not reproduce the eager values")


# -- modules -----------------------------------------------------------------------------------------


class CompiledModule(Module):
    """What ``t.compile(module)`` returns (torch's ``OptimizedModule``): calls run the module's
    compiled forward; its parameters are those of the module (``_orig_mod``)."""

    def __init__(self, module: Module, fullgraph: bool = False) -> None:
        super().__init__()
        self._orig_mod = module
        object.__setattr__(self, "_compiled", CompiledFunction(module, fullgraph=fullgraph,
                                                               module=module))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._compiled(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._compiled(*args, **kwargs)

    @property
    def code(self) -> GeneratedCode | None:
        """The generated code of the specialisation that ran last."""
        return self._compiled.code

    @property
    def recompiles(self) -> list[str]:
        return self._compiled.recompiles

    def cache_info(self) -> list[str]:
        return self._compiled.cache_info()

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self.__dict__["_modules"]["_orig_mod"], name)

    def __repr__(self) -> str:
        inner = repr(self._orig_mod).replace("\n", "\n  ")
        return f"OptimizedModule(\n  (_orig_mod): {inner}\n)"


__all__ += ["Break"]
