"""From a tape to two Python functions: the forward and the backward, as straight-line numpy.

Forward: each op of the tape runs its own ``forward`` rule on :class:`~.traced.Traced` values, which
write the rule's numpy code (``traced``). Backward: the ops are walked in reverse, as the engine
walks the graph; each one whose outputs received a gradient runs its own ``backward`` rule on traced
gradients; gradients that meet are added; an op that broadcasts has its input gradients summed
back to their shapes by ``sum_to_shape``, exactly as ``Op`` does. Then the two functions are
cleaned up: equal expressions computed once (common subexpressions), statements nobody needs
dropped (gradients no input wants), temporaries used once folded into the expression that uses them.
What the backward reads of the forward's values becomes what the forward returns beside its outputs
(the saved values).

An op whose rule the traced values cannot follow (it branches on its data, or uses numpy in a way
that would hide the values) runs its rule as written, inside the generated code: ``node =
new_node(NllLoss)``, ``nll = node.forward(...)``, and in the backward ``backward_of(node, ...)``. So
every op with a rule compiles; the code says which ones are called rather than written out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._matmul_rounding import matmul_as_torch_rounds
from ..autograd.op import sum_to_shape
from . import expr as ex
from .trace import OpCall, ParamValue, Tape, Value, file_label, source_line
from .traced import Constants, Emitter, Traced, TracedObject, TracingError

__all__ = ["Program", "generate", "CodegenError", "new_node", "backward_of"]


class CodegenError(Exception):
    """The generated code could not be made (or did not reproduce the eager results)."""


_EDGE = object()  # what a rule sees in next_functions for an input that wants a gradient


def new_node(cls: type) -> Any:
    """A fresh op object for running its rules directly (what ``Op.apply`` makes, minus the graph)."""
    node = object.__new__(cls)
    node._saved = ()
    return node


def backward_of(node: Any, wanted: tuple[bool, ...], *grads: Any) -> tuple:
    """``node``'s backward rule on ``grads``, told which inputs want a gradient; always a tuple."""
    node.next_functions = tuple((_EDGE, 0) if want else (None, 0) for want in wanted)
    result = type(node).backward(node, *grads)
    return result if type(result) is tuple else (result,)


@dataclass
class Program:
    """The generated code of one specialisation: the functions, their source, and what they need."""

    forward: Callable[..., Any]
    backward: Callable[..., Any] | None
    source: str
    forward_source: str
    backward_source: str
    grad_inputs: list[int]  # positions (among inputs + externals) whose gradient backward returns
    differentiable_outputs: list[int]  # positions of the outputs that carry a gradient
    called_rules: list[str] = field(default_factory=list)  # ops run as written (not inlined)
    constants: dict[str, Any] = field(default_factory=dict)
    statement_count: int = 0


@dataclass
class _Naming:
    """Preferred names: learner's names of values, and op-based hints."""

    names: dict[int, str]  # id(value) -> name

    def of(self, value: Value) -> str:
        name = self.names.get(id(value)) or value.name
        if name:
            return name
        if value.kind == "op":
            return _op_hint(value.op)
        return "v"


def _op_hint(call: OpCall) -> str:
    name = call.cls.__name__
    for suffix in ("Backward0", "Backward1", "Backward2", "Backward3", "Backward4", "Backward"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.lower() or "v"


def generate(tape: Tape, outputs: list[Value], with_backward: bool, grad_outputs: list[int],
             names: dict[int, str] | None = None) -> Program:
    """The program for ``tape`` returning ``outputs`` (``grad_outputs``: positions among the outputs
    that receive a gradient; ``with_backward``: make the backward too)."""
    opaque: set[int] = set()
    for _attempt in range(len(tape.ops) + 1):
        try:
            return _Generation(tape, outputs, with_backward, grad_outputs, opaque,
                               _Naming(names or {})).run()
        except _RuleFailed as failure:
            if failure.op in opaque:
                raise CodegenError(f"{tape.ops[failure.op].cls.__name__}: {failure.reason}") from None
            opaque.add(failure.op)
    raise CodegenError("no program")  # pragma: no cover - each attempt makes one more op opaque


class _RuleFailed(Exception):
    def __init__(self, op: int, reason: str) -> None:
        super().__init__(reason)
        self.op, self.reason = op, reason


class _Generation:
    """One attempt at generating the program (with the ops in ``opaque`` run as written)."""

    def __init__(self, tape: Tape, outputs: list[Value], with_backward: bool,
                 grad_outputs: list[int], opaque: set[int], naming: _Naming) -> None:
        self.tape, self.outputs, self.with_backward = tape, outputs, with_backward
        self.grad_outputs, self.opaque, self.naming = grad_outputs, opaque, naming
        self.constants = Constants()
        self.constants.values.update(new_node=new_node, backward_of=backward_of,
                                     sum_to_shape=sum_to_shape)
        self.emitter = Emitter(self.constants, taken={"new_node", "backward_of", "grad"})
        self.traced: dict[int, Traced] = {}  # id(value) -> its traced value
        self.nodes: dict[int, Any] = {}  # op index -> the op object its rules ran on
        self.real_nodes: dict[int, Any] = {}  # op index -> (opaque ops) the object run on arrays
        self.node_vars: dict[int, Traced] = {}
        self.failures: dict[int, str] = {}  # op index -> why its rules run as written
        self._line: Any = None
        self._comments: dict[tuple, tuple[str, str]] = {}

    # -- values ---------------------------------------------------------------------------------------

    def traced_of(self, value: Value) -> Traced | TracedObject:
        known = self.traced.get(id(value))
        if known is not None:
            return known
        emitter = self.emitter
        if value.kind in ("input", "external"):
            raise CodegenError("an input without a variable")  # (made up front)
        if value.kind == "constant":
            array = value.array
            name = self.constants.array(array)
            made = Traced(self.constants.values[name.name], name, emitter)
        elif value.kind == "promoted":
            source = self.traced_of(value.source)
            made = source.astype(value.dtype)
        elif value.kind == "view":
            made = self._view(self.traced_of(value.source), value.view)
        elif value.kind == "computed":
            made = self._computed(value)
        else:
            raise CodegenError(f"value of an op not generated yet ({value.op.cls.__name__})")
        self.traced[id(value)] = made
        return made

    def _computed(self, value: Value) -> Traced:
        """A value made outside the ops (a comparison, argmax ...): its numpy function written out,
        or called as it is when traced values cannot follow it."""
        function, sources, kwargs = value.computed
        args = [self.traced_of(source) for source in sources]
        mark = len(self.emitter.statements)
        try:
            if value.dtype is None:
                raise TracingError("an object, not an array")
            made = function(*args, **kwargs)
            if not isinstance(made, Traced):
                raise TracingError("not traced")
        except Exception:  # noqa: BLE001 - called as it is instead
            del self.emitter.statements[mark:]
            real = function(*[a.value for a in args], **kwargs)
            hint = getattr(function, "__name__", "function").strip("_<>") or "function"
            name = self.constants.object(function, hint)
            made = self.emitter.assign(
                ex.Call(name, [a.var for a in args],
                        {key: self.emitter.operand(item)[0] for key, item in kwargs.items()}),
                real, hint, args, pure=False)
            if value.dtype is None:  # a prepared argument object
                return TracedObject(real, made.var, self.emitter)
        if np.shape(made.value) != value.shape or made.value.dtype != value.dtype:
            raise CodegenError(f"{getattr(function, '__name__', function)} gave "
                               f"{made.value.dtype}{list(np.shape(made.value))}, traced as "
                               f"{value.dtype}{list(value.shape)}")
        return made

    def _view(self, source: Traced, recipe: tuple) -> Traced:
        kind = recipe[0]
        if kind == "reshape":
            return source.reshape(recipe[1])
        if kind == "transpose":
            return source.transpose(recipe[1])
        _, offset, shape, strides = recipe
        flat = source.reshape(-1)[offset:]
        in_bytes = tuple(s * source.dtype.itemsize for s in strides)
        function = ex.Attr(ex.Attr(ex.Attr(ex.Name("np"), "lib"), "stride_tricks"), "as_strided")
        real = np.lib.stride_tricks.as_strided(flat.value, shape, in_bytes)
        return self.emitter.assign(ex.Call(function, [flat.var, ex.Literal(repr(tuple(shape))),
                                                      ex.Literal(repr(in_bytes))]),
                                   real, "view", [flat])

    def _param(self, param: Any) -> Any:
        if isinstance(param, ParamValue):
            return self.traced_of(param.value)
        if type(param) in (tuple, list):
            return type(param)(self._param(item) for item in param)
        if type(param) is dict:
            return {key: self._param(item) for key, item in param.items()}
        return param

    # -- the whole program ----------------------------------------------------------------------------

    def run(self) -> Program:
        emitter = self.emitter
        arguments: list[ex.Var] = []
        for value in [*self.tape.inputs, *self.tape.externals]:
            var = emitter.fresh(self.naming.of(value))
            arguments.append(var)
            emitter.protected.add(var)
            self.traced[id(value)] = Traced(value.array, var, emitter)
        for call in self.tape.ops:
            self._forward(call)
        output_traced = [self.traced_of(value) for value in self.outputs]
        forward_end = len(emitter.statements)

        grad_inputs: list[int] = []
        grad_arguments: list[ex.Var] = []
        returned_grads: list[Traced | None] = []
        if self.with_backward:
            grad_arguments, returned_grads, grad_inputs = self._backward(output_traced)
        statements = emitter.statements
        forward_statements = statements[:forward_end]
        backward_statements = statements[forward_end:]
        components = _view_components(emitter.views)
        output_vars: list[ex.Expr] = [t.var for t in output_traced]
        grad_vars: list[ex.Expr | None] = [None if t is None else t.var for t in returned_grads]

        # equal expressions computed once (the backward may reuse what the forward computed)
        seen: dict = {}
        forward_statements, replace = _share_common(forward_statements, components, seen)
        backward_statements = _apply(backward_statements, replace)
        backward_statements, backward_replace = _share_common(backward_statements, components, seen)
        replace.update(backward_replace)
        output_vars = [replace.get(v, v) for v in output_vars]
        grad_vars = [replace.get(v, v) for v in grad_vars]

        # the backward first: what it reads of the forward is what the forward must return
        backward_statements = ex.remove_dead(
            backward_statements, {v for v in grad_vars if isinstance(v, ex.Var)}, components)
        forward_defined = {s.target for s in forward_statements if s.target is not None}
        forward_defined.update(arguments)
        saved: list[ex.Var] = []
        saved_set: set = set()
        reads = [var for statement in backward_statements for var in statement.reads()]
        for var in reads + [v for v in grad_vars if isinstance(v, ex.Var)]:
            if var in forward_defined and var not in saved_set:
                saved_set.add(var)
                saved.append(var)
        forward_live = {v for v in output_vars if isinstance(v, ex.Var)} | saved_set
        forward_statements = ex.remove_dead(forward_statements, forward_live, components)
        return self._assemble(arguments, forward_statements, output_vars, saved, grad_arguments,
                              backward_statements, grad_vars, grad_inputs)

    # -- forward ----------------------------------------------------------------------------------------

    def _note_line(self, call: OpCall) -> None:
        if call.line is None or call.line == self._line:
            return
        self._line = call.line
        known = self._comments.get(call.line)
        if known is None:
            filename, lineno = call.line
            text = source_line(filename, lineno)
            where = f"{file_label(filename)}:{lineno}"
            known = self._comments[call.line] = (f"{filename}:{lineno}",
                                                 f"{where}: {text}" if text else where)
        self.emitter.line = known[0]
        self.emitter.comment(known[1])

    def _forward(self, call: OpCall) -> None:
        emitter = self.emitter
        self._note_line(call)
        inputs = [self.traced_of(value) for value in call.inputs]
        params = {key: self._param(param) for key, param in call.params.items()}
        if call.index not in self.opaque:
            mark = len(emitter.statements)
            views = dict(emitter.views)
            node = new_node(call.cls)
            try:
                outputs = self._inline_forward(call, node, inputs, params)
            except Exception as error:  # noqa: BLE001 - any failure: run this rule as written
                del emitter.statements[mark:]
                emitter.views = views
                self.opaque.add(call.index)
                self.failures[call.index] = _reason(error)
            else:
                self.nodes[call.index] = node
                self._name_outputs(call, outputs, mark)
                return
        self._opaque_forward(call, inputs, params)

    def _inline_forward(self, call: OpCall, node: Any, inputs: list[Traced], params: dict) -> list:
        result = call.cls.forward(node, *inputs, **params)
        results = list(result) if type(result) is tuple else [result]
        if len(results) != len(call.outputs):
            raise TracingError("a different number of results than when traced")
        outputs = []
        for out, value in zip(results, call.outputs):
            if not isinstance(out, Traced):
                if isinstance(out, (np.ndarray, np.generic)):
                    out = _constant_traced(self.emitter, np.asarray(out))
                else:
                    raise TracingError(f"a result of type {type(out).__name__}")
            if tuple(np.shape(out.value)) != value.shape or out.value.dtype != value.dtype:
                raise TracingError(f"a result of shape {np.shape(out.value)} {out.value.dtype}, "
                                   f"traced as {value.shape} {value.dtype}")
            outputs.append(out)
        return outputs

    def _name_outputs(self, call: OpCall, outputs: list[Traced], mark: int) -> None:
        emitter = self.emitter
        defined_here = {s.target for s in emitter.statements[mark:] if s.target is not None}
        for out, value in zip(outputs, call.outputs):
            var = out.var
            if isinstance(var, ex.Var) and var in defined_here and var.temporary:
                emitter.rename(var, self.naming.of(value))
            self.traced[id(value)] = out

    def _opaque_forward(self, call: OpCall, inputs: list[Traced], params: dict) -> None:
        emitter = self.emitter
        cls_name = self.constants.object(call.cls, call.cls.__name__)
        real_node = new_node(call.cls)
        node_traced = emitter.assign(ex.Call(ex.Name("new_node"), [cls_name]), real_node,
                                     f"{_op_hint(call)}_node", [], pure=False)
        emitter.rename(node_traced.var, f"{_op_hint(call)}_node")
        args = [t.var for t in inputs]
        kwargs = {key: self._param_expr(param) for key, param in params.items()}
        real_args = [t.value for t in inputs]
        real_kwargs = {key: _real_param(param) for key, param in params.items()}
        result = call.cls.forward(real_node, *real_args, **real_kwargs)
        results = list(result) if type(result) is tuple else [result]
        whole = emitter.assign(ex.Call(ex.Attr(node_traced.var, "forward"), args, kwargs),
                               result, _op_hint(call), inputs, pure=False)
        self.real_nodes[call.index] = real_node
        self.node_vars[call.index] = node_traced
        if type(result) is tuple:
            outs = [emitter.assign(ex.Subscript(whole.var, [ex.Literal(str(i))], False),
                                   np.asarray(item) if isinstance(item, np.generic) else item,
                                   self.naming.of(value), [whole])
                    for i, (item, value) in enumerate(zip(results, call.outputs))]
        else:
            outs = [whole]
        for out, value in zip(outs, call.outputs):
            if isinstance(out.var, ex.Var) and out.var.temporary:
                emitter.rename(out.var, self.naming.of(value))
            self.traced[id(value)] = out

    def _param_expr(self, param: Any) -> ex.Expr:
        if isinstance(param, (Traced, TracedObject)):
            return param.var
        return self.emitter.operand(param)[0]

    # -- backward ---------------------------------------------------------------------------------------

    def _backward(self, output_traced: list[Traced]) -> tuple[list, list, list]:
        emitter = self.emitter
        self._line = None
        emitter.comment("the gradient of each output (the engine passes ones for a scalar loss)")
        grads: dict[int, Traced] = {}
        grad_arguments: list[ex.Var] = []
        for position in self.grad_outputs:
            value = self.outputs[position]
            real = np.ones_like(np.asarray(value.array))
            var = emitter.fresh(f"grad_{self.naming.of(value)}")
            grad_arguments.append(var)
            traced = Traced(real, var, emitter)
            self._accumulate(grads, value, traced)
        # promoted values hand their gradient on to their source once their first user has run
        handoff: dict[int, list[Value]] = {}
        handed: set[int] = set()
        for call in self.tape.ops:
            for value in call.inputs:
                if value.kind == "promoted" and id(value) not in handed:
                    handed.add(id(value))
                    handoff.setdefault(call.index, []).append(value)
        for call in reversed(self.tape.ops):
            incoming = [grads.pop(id(value), None) for value in call.outputs]
            for value, grad in zip(call.outputs, incoming):
                if grad is not None and isinstance(grad.var, ex.Var) and grad.var.temporary:
                    emitter.rename(grad.var, f"grad_{self._var_name(value)}")
            if call.recorded and call.cls.differentiable and any(g is not None for g in incoming) \
                    and any(call.edges):
                self._note_line(call)
                for value, grad in zip(call.inputs, self._backward_op(call, incoming)):
                    if grad is not None:
                        self._accumulate(grads, value, grad)
            for value in handoff.get(call.index, ()):
                grad = grads.pop(id(value), None)
                if grad is not None:
                    self._accumulate(grads, value.source, grad)
        returned: list[Traced | None] = []
        grad_inputs: list[int] = []
        for position, value in enumerate([*self.tape.inputs, *self.tape.externals]):
            if value.requires_grad:
                grad_inputs.append(position)
                grad = grads.get(id(value))
                if grad is not None and isinstance(grad.var, ex.Var) and grad.var.temporary:
                    emitter.rename(grad.var, f"grad_{self._var_name(value)}")
                returned.append(grad)
        return grad_arguments, returned, grad_inputs

    def _var_name(self, value: Value) -> str:
        """The name the value has in the forward code (what its gradient is named after)."""
        traced = self.traced.get(id(value))
        if traced is not None and isinstance(traced.var, ex.Var):
            return traced.var.name
        return self.naming.of(value)

    def _accumulate(self, grads: dict[int, Traced], value: Value, grad: Traced) -> None:
        waiting = grads.get(id(value))
        grads[id(value)] = grad if waiting is None else waiting + grad

    def _backward_op(self, call: OpCall, incoming: list[Traced | None]) -> list:
        emitter = self.emitter
        if call.index in self.opaque:
            return self._opaque_backward(call, incoming)
        node = self.nodes[call.index]
        node.next_functions = tuple((_EDGE, 0) if edge else (None, 0) for edge in call.edges)
        mark = len(emitter.statements)
        try:
            result = call.cls.backward(node, *incoming)
            results = list(result) if type(result) is tuple else [result]
            grads = []
            for value, edge, grad in zip(call.inputs, call.edges, results):
                if grad is None or not edge:
                    grads.append(None)
                    continue
                if not isinstance(grad, Traced):
                    if isinstance(grad, (np.ndarray, np.generic)):
                        grad = _constant_traced(emitter, np.asarray(grad))
                    else:
                        raise TracingError(f"a gradient of type {type(grad).__name__}")
                if call.cls.broadcasts and tuple(grad.shape) != value.shape:
                    grad = sum_to_shape(grad, value.shape)
                grads.append(grad)
            return grads
        except Exception as error:  # noqa: BLE001 - any failure: run this op's rules as written
            del emitter.statements[mark:]
            raise _RuleFailed(call.index, _reason(error)) from None

    def _opaque_backward(self, call: OpCall, incoming: list[Traced | None]) -> list:
        emitter = self.emitter
        node_traced = self.node_vars[call.index]
        real_node = self.real_nodes[call.index]
        wanted = tuple(call.edges)
        exprs = [ex.Literal("None") if g is None else g.var for g in incoming]
        reals = [None if g is None else g.value for g in incoming]
        try:
            result = backward_of(real_node, wanted, *reals)
        except Exception:  # noqa: BLE001 - it raises when the backward runs, as it does eagerly
            result = tuple(np.zeros(value.shape, value.dtype) for value in call.inputs)
        operands = [g for g in incoming if g is not None]
        whole = emitter.assign(ex.Call(ex.Name("backward_of"), [node_traced.var,
                                                                ex.Literal(repr(wanted)), *exprs]),
                               result, f"{_op_hint(call)}_grads", [node_traced, *operands],
                               pure=False)
        grads = []
        for position, (value, edge) in enumerate(zip(call.inputs, call.edges)):
            real = result[position] if position < len(result) else None
            if real is None or not edge:
                grads.append(None)
                continue
            grad = emitter.assign(ex.Subscript(whole.var, [ex.Literal(str(position))], False),
                                  real, "grad", [whole])
            if call.cls.broadcasts and tuple(np.shape(real)) != value.shape:
                grad = sum_to_shape(grad, value.shape)
            grads.append(grad)
        return grads

    # -- writing it out ---------------------------------------------------------------------------------

    def _assemble(self, arguments: list, forward_statements: list, output_vars: list, saved: list,
                  grad_arguments: list, backward_statements: list, returned_grads: list,
                  grad_inputs: list) -> Program:
        keep = set(output_vars) | set(saved)
        forward_statements = ex.inline_temporaries(forward_statements, keep)
        backward_keep = {v for v in returned_grads if isinstance(v, ex.Var)}
        backward_statements = ex.transpose_products(
            backward_statements, self.emitter.products, self.emitter.transposes, set(saved),
            lambda: self.emitter.constants.object(matmul_as_torch_rounds, "matmul_as_torch_rounds"))
        backward_statements = ex.inline_temporaries(backward_statements, backward_keep)
        forward_lines = [f"def forward({', '.join(v.name for v in arguments)}):"]
        forward_lines += _body(forward_statements)
        outputs_text = _tuple_text([_expr_text(v) for v in output_vars])
        saved_text = _tuple_text([v.name for v in saved])
        forward_lines.append(f"    return {outputs_text}, {saved_text}")
        backward_lines: list[str] = []
        if self.with_backward:
            parameters = [v.name for v in grad_arguments] + [v.name for v in saved]
            backward_lines = [f"def backward({', '.join(parameters)}):"]
            backward_lines += _body(backward_statements)
            returned = [("None" if v is None else _expr_text(v)) for v in returned_grads]
            backward_lines.append(f"    return {_tuple_text(returned)}")
        forward_source = "\n".join(forward_lines) + "\n"
        backward_source = "\n".join(backward_lines) + "\n" if backward_lines else ""
        namespace: dict[str, Any] = {"np": np, **self.constants.values}
        try:
            exec(compile(forward_source + "\n" + backward_source, "<autograd_lab.compile>", "exec"),
                 namespace)
        except SyntaxError as error:  # pragma: no cover - a bug in this module
            raise CodegenError(f"generated code does not parse: {error}") from None
        header = _constants_listing(self.constants, forward_source + backward_source)
        called = sorted({self.tape.ops[index].cls.__name__ for index in self.opaque})
        return Program(namespace["forward"], namespace.get("backward"),
                       header + forward_source + ("\n" + backward_source if backward_source else ""),
                       forward_source, backward_source, grad_inputs,
                       list(self.grad_outputs), called, self.constants.values,
                       len(forward_statements) + len(backward_statements))


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]


def _constant_traced(emitter: Emitter, array: np.ndarray) -> Traced:
    name = emitter.constants.array(array)
    return Traced(emitter.constants.values[name.name], name, emitter)


def _real_param(param: Any) -> Any:
    if isinstance(param, (Traced, TracedObject)):
        return param.value
    if type(param) in (tuple, list):
        return type(param)(_real_param(item) for item in param)
    if type(param) is dict:
        return {key: _real_param(item) for key, item in param.items()}
    return param


def _expr_text(var: ex.Expr) -> str:
    return ex.render(var)


def _tuple_text(items: list[str]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _body(statements: list[ex.Statement]) -> list[str]:
    lines = []
    for statement in statements:
        if statement.text_op == "#" and lines:
            lines.append("")
        lines.append("    " + ex.statement_text(statement))
    return lines or ["    pass"]


def _constants_listing(constants: Constants, source: str) -> str:
    """The constants the code reads, as comments above it (they are bound when it is compiled)."""
    used = [name for name in constants.shown if name in source]
    if not used:
        return ""
    lines = ["# constants (bound once, so no Python number is converted on each call):"]
    lines += [f"#   {name} = {constants.shown[name]}" for name in used]
    return "\n".join(lines) + "\n\n"


def _view_components(views: dict) -> dict:
    """For each variable that is a view of another (or has views), the set of variables sharing its
    memory: a change through one changes them all."""
    parent: dict = {}

    def find(var: Any) -> Any:
        while parent.get(var, var) is not var:
            var = parent[var]
        return var

    for var, bases in views.items():
        for base in bases:
            a, b = find(var), find(base)
            if a is not b:
                parent[a] = b
    groups: dict = {}
    for var, bases in views.items():
        for member in (var, *bases):
            groups.setdefault(find(member), set()).add(member)
    return {var: group for group in groups.values() for var in group}


def _share_common(statements: list[ex.Statement], components: dict,
                  seen: dict) -> tuple[list[ex.Statement], dict]:
    """The second of two equal pure expressions reuses the first's variable (values that are ever
    changed in place, or share memory with one that is, are left alone). ``seen`` carries the
    expressions already computed (the forward's, for the backward); returns the statements and
    the replaced variables."""
    unstable: set = set()
    for statement in statements:
        if statement.mutates is not None:
            unstable |= components.get(statement.mutates, {statement.mutates})
    replace: dict = {}
    kept = []
    for statement in statements:
        if replace and any(var in replace for var in statement.reads()):
            if statement.expr is not None:
                statement.expr = _substituted(statement.expr, replace)
            if statement.mutates is not None and statement.mutates in replace:
                statement.mutates = replace[statement.mutates]
            statement.changed()
        target = statement.target
        if (target is None or not statement.pure or target in unstable
                or any(var in unstable for var in statement.reads())):
            kept.append(statement)
            continue
        key = _key(statement.expr)
        earlier = seen.get(key)
        if earlier is not None:
            replace[target] = earlier
            if not target.temporary and earlier.temporary:
                earlier.name, earlier.temporary = target.name, False
            continue
        seen[key] = target
        kept.append(statement)
    return kept, replace


def _apply(statements: list[ex.Statement], replace: dict) -> list[ex.Statement]:
    if replace:
        for statement in statements:
            if not any(var in replace for var in statement.reads()):
                continue
            if statement.expr is not None:
                statement.expr = _substituted(statement.expr, replace)
            if statement.mutates is not None and statement.mutates in replace:
                statement.mutates = replace[statement.mutates]
            statement.changed()
    return statements


def _substituted(expr: ex.Expr, replace: dict) -> ex.Expr:
    if isinstance(expr, ex.Var):
        return replace.get(expr, expr)
    for name in expr.__slots__:
        value = getattr(expr, name)
        if isinstance(value, ex.Expr):
            setattr(expr, name, _substituted(value, replace))
        elif isinstance(value, list):
            for position, item in enumerate(value):
                value[position] = _substituted(item, replace)
        elif isinstance(value, dict):
            for key, item in value.items():
                value[key] = _substituted(item, replace)
    return expr


def _key(expr: ex.Expr) -> Any:
    """A hashable description of an expression (variables by identity)."""
    kind = type(expr)
    if kind is ex.Var:
        return expr
    if kind is ex.Name:
        return ("name", expr.name)
    if kind is ex.Literal:
        return ("lit", expr.text)
    if kind is ex.BinOp:
        return (expr.op, _key(expr.left), _key(expr.right))
    if kind is ex.Unary:
        return ("u" + expr.op, _key(expr.operand))
    if kind is ex.Call:
        return ("call", _key(expr.function), tuple(_key(arg) for arg in expr.args),
                tuple((k, _key(v)) for k, v in expr.kwargs.items()))
    if kind is ex.Attr:
        return ("attr", _key(expr.obj), expr.attr)
    if kind is ex.Subscript:
        return ("sub", _key(expr.obj), expr.is_tuple, tuple(_key(part) for part in expr.key))
    if kind is ex.SliceExpr:
        return ("slice", *(None if b is None else _key(b) for b in (expr.start, expr.stop,
                                                                   expr.step)))
    if kind is ex.TupleExpr:
        return ("tuple", tuple(_key(item) for item in expr.items))
    raise TypeError(f"no key for {expr!r}")
