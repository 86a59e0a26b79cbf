"""``Op``: the machinery every built-in op goes through.

An op is a class named after the torch op, with its forward and backward side by side as plain math,
and beside them its forward-mode rule (``jvp``)::

    class Mul(Op):
        '''Elementwise product ``self * other``.

        Backward:  grad_self = grad * other,  grad_other = grad * self
        Forward:   result_t = self_t * other + self * other_t
        '''
        def forward(self, a, b):
            self.save_for_backward(a, b)
            return a * b

        def backward(self, grad):
            a, b = self.saved_tensors
            return grad * b, grad * a

        def jvp(self, self_t, other_t):
            a, b = self.saved_tensors
            return self_t * b + a * other_t

Everything else is here, once, for every op:

- ``Mul.apply(x, y)`` runs ``forward`` on the tensors' numpy arrays (with numpy's floating-point
  warnings off: torch computes ``inf - inf`` silently) and, when grad mode is on and an input requires
  grad, keeps the op object as the result's ``grad_fn``. Applied to plain arrays instead (a backward
  rule using another op, as tanh's backward uses ``TanhBackward``), it just computes the forward.
- The grad_fn name: ``Mul`` becomes ``MulBackward0`` (``overload=`` picks torch's other numbers,
  ``torch_name=`` an op whose class name differs from torch's, ``grad_fn_name=`` any other name).
- Broadcasting is undone here, in ``sum_to_shape``, the one place the library does it: an op that
  declares ``broadcasts = True`` gets each input gradient summed back to that input's shape.
- One rule serves both kinds of backward pass. A plain pass hands ``backward`` numpy arrays (the
  incoming gradient, ``saved_tensors``). Under ``create_graph=True`` the same code receives tensors
  (the saved inputs are the tensors of the graph), so the formula itself is recorded and can be
  differentiated again. That is why rules use operators, numpy's ufuncs (which tensors implement)
  and the helpers of ``ops._grad`` only.
- Speed: where ``autograd_lab.fast_paths`` registered a faster kernel for an op (``_forward_kernel``,
  ``_backward_kernel``), the machinery runs it instead of the rule. Kernels only ever run on arrays;
  under ``create_graph`` the backward rule itself runs, and with the fast paths switched off, every
  rule does.

The forward-mode rule (``autograd.forward_ad``; the docstring's ``Forward:`` line, ``x_t`` is the
tangent of ``x``):

- ``jvp(self, *tangents)`` gets one tangent per input of ``forward`` (in the same order; zeros for an
  input without one) and returns one tangent per output (a tuple for several; None for an output
  with no derivative, such as indices). It runs right after ``forward`` on the same node, so it
  reads the primal values from ``self.saved_tensors`` (``forward`` saves what ``jvp`` needs, as
  for ``backward``) and parameters from the attributes ``forward`` set.
- The same duality as backward: tangents are numpy arrays, or tensors when the tangent computation
  itself is recorded (grad mode on and an input or a tangent requiring grad: reverse mode over
  forward mode); then ``saved_tensors`` are the graph's tensors. So rules use the same operators,
  ufuncs and ``ops._grad`` helpers (``where``, ``zeros_like``, ``cast`` ...), and where torch's
  formula is a node of its own (``tanh``'s ``tanh_backward``), the rule applies that op.
- The ops a rule runs carry no tangents themselves (one level: the rule is computed with the
  primals). The machinery expands a tangent that broadcasts to the output's shape (a rule's
  ``zeros_like(self_t)`` for a broadcasting op) and raises torch's error for any other shape, copies
  a tangent that is an input's tangent unless the output's value is a view of that input's (so a
  clone's tangent is its own; a view's tangent is the same view of its base's), and attaches it.
- Broadcasting needs nothing in a rule: tangents have their inputs' shapes and combine as the
  values do. Integer outputs get no tangent.
- An op class without ``jvp`` has no forward rule: forward mode through it raises torch's
  NotImplementedError (``Op.has_forward_rule()``; the README lists such ops, ideally none).
- Outside a dual level, forward mode costs ``Op.apply`` one attribute check.

Complex inputs (``complex_mode``): an op computes on them only if its class declares
``supports_complex = True`` (numpy computes with complex numbers almost everywhere, not always as
torch: ``max`` of complex numbers is torch's error, numpy's lexicographic maximum); every other op
refuses them. Nothing is differentiated through complex values. Until the first complex tensor
exists, this costs nothing. bfloat16 inputs (``bfloat16_mode``) likewise, for the ops declaring
``supports_bfloat16 = True`` (those that move values without computing new ones).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from .._quiet import restore, silenced
from ..tensor import Tensor
from . import anomaly_mode, bfloat16_mode, complex_mode, meta, saved_hooks
from .forward_ad import check_tangent_shape, paused, set_tangent, tangent_of
from .forward_ad import state as dual
from .grad_mode import off as grad_off
from .grad_mode import state as grad_state
from .messages import FREED_MESSAGE, forward_ad_not_implemented, modified_inplace
from .node import FREED, Node, _sequence, inplace_clock
from .record import recorder, tangents_computed, watching
from .saved_hooks import Packed
from .subclass_hook import dispatch as subclass_dispatch

__all__ = ["Op", "OPS", "sum_to_shape", "broadcast_error"]

_new = object.__new__

OPS: dict[str, type[Op]] = {}
"""Every op class, by torch grad_fn name (``"MulBackward0"``): the registry the docs and tests list."""

_OUTPUT = object()  # marks a saved array that is the op's own result (saved without a cycle)


def sum_to_shape(grad: Any, shape: tuple[int, ...]) -> Any:
    """Undo broadcasting: sum ``grad`` over the dims that broadcasting added or stretched, so it has
    the input's ``shape`` again. This is the one place the library does it (for ops declaring
    ``broadcasts = True``, and for gradients from user code that torch also sums back)."""
    if grad.shape == shape:
        return grad
    if not shape:  # a 0-d input: everything summed at once, as torch (SumBackward0, not a view)
        return grad.sum() if isinstance(grad, Tensor) else grad.sum(keepdims=True).reshape(())
    leading = grad.ndim - len(shape)
    axes = tuple(range(leading)) + tuple(
        leading + i for i, n in enumerate(shape) if n == 1 and grad.shape[leading + i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    if leading:
        grad = grad.reshape(shape)
    return grad


class Op(Node):
    """Base class of built-in ops: subclass it, write ``forward`` and ``backward``; see the module doc."""

    __slots__ = ("_saved", "_positions", "_saved_versions", "_inputs", "_reduce_to", "_result_index",
                 "_result_vc", "_result_at", "_made_at")

    torch_name: ClassVar[str]
    overload: ClassVar[int] = 0
    differentiable: ClassVar[bool] = True
    broadcasts: ClassVar[bool] = False
    """True for ops whose inputs broadcast: their input gradients are summed back to each input's
    shape after ``backward`` (``sum_to_shape``), so formulas stay plain math."""
    input_names: ClassVar[tuple[str, str]] = ("self", "other")
    """torch's names of the first two inputs, as its nodes expose what they saved: ``_saved_self``,
    ``_saved_other`` (``_saved_mat2`` for mm, ``_saved_vec`` for mv...)."""
    saved_for: ClassVar[tuple[tuple[int, ...], ...] | None] = None
    """For each array ``forward`` saves, the inputs whose gradients read it (None: every input's).
    torch saves an input only when a gradient that reads it is wanted (``x * w`` with ``w`` a
    constant keeps ``w`` alone), so changing the other input in place afterwards is no error."""
    supports_complex: ClassVar[bool] = False
    """True for ops whose forward computes torch's values on complex inputs too. Every other op
    refuses complex inputs (checked only once a complex tensor exists: see ``complex_mode``)."""
    complex_name: ClassVar[str | None] = None
    """The name a refusal of complex inputs gives the op (default: ``aten_name()``)."""
    supports_bfloat16: ClassVar[bool] = False
    """True for ops that only move or convert values (copies, views, indexing, concatenation):
    the ones that take bfloat16 inputs here (see ``bfloat16_mode``)."""
    bfloat16_gradients: ClassVar[bool] = False
    """True for the ops among those whose backward only converts or moves the gradient (no sum, no
    scatter): reverse mode goes through them with bfloat16 values (see ``bfloat16_mode``)."""

    # faster kernels autograd_lab.fast_paths registered for this op; None: the rules themselves run
    # (looked up when called, so an edited or monkeypatched rule takes effect at once)
    _forward_kernel: ClassVar[Callable[..., Any] | None] = None
    _backward_kernel: ClassVar[Callable[..., Any] | None] = None
    _value_kernel: ClassVar[Callable[..., Any] | None] = None  # the forward's value alone, on arrays

    def __init_subclass__(cls, torch_name: str | None = None, overload: int = 0,
                          grad_fn_name: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__.startswith("_"):
            return  # a shared base such as ``_Reduction``: not an op of its own, so not registered
        cls.torch_name = torch_name or cls.__name__
        cls.overload = overload
        cls.__name__ = grad_fn_name or f"{cls.torch_name}Backward{overload}"
        if cls.__name__ in OPS:
            raise TypeError(f"two ops claim the grad_fn name {cls.__name__}")
        OPS[cls.__name__] = cls

    # -- the rules (what subclasses write) -------------------------------------------------------

    def forward(self, *arrays: np.ndarray, **params: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def backward(self, *grads: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def jvp(self, *tangents: Any) -> Any:
        """The forward-mode rule: one tangent per output from one tangent per input. An op class
        that does not override it has no forward rule: forward mode through it raises torch's
        NotImplementedError."""
        raise NotImplementedError(forward_ad_not_implemented(self.aten_name()))

    @classmethod
    def has_forward_rule(cls) -> bool:
        """Whether the op defines ``jvp`` (the registry lists the ops that do not)."""
        return cls.jvp is not Op.jvp

    @classmethod
    def aten_name(cls) -> str:
        """torch's name of the function behind the op, as its forward-mode errors spell it
        (``MaxPool2DWithIndices`` -> ``max_pool2d_with_indices``)."""
        return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", cls.torch_name).lower()

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays (inputs or the result) for ``backward``; read them back with ``saved_tensors``."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """What ``forward`` saved: numpy arrays in a plain backward pass, and the tensors of the
        graph while a pass records one (``create_graph=True``)."""
        saved = self._saved
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if saved.__class__ is Packed:  # (outside a backward pass, which unpacks once)
            return self._unpacked_arrays(saved)
        return saved

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """For each input, whether its gradient is wanted (backward may skip the others)."""
        return tuple([fn is not None for fn, _ in self.next_functions])

    @classmethod
    def formula(cls) -> str:
        """The backward formula from the op's docstring (the lines from ``Backward:`` on, up to a
        ``Forward:`` line)."""
        doc = inspect.getdoc(cls) or ""
        _, marker, rest = doc.partition("Backward:")
        if not marker:
            return doc
        return (marker + rest.partition("Forward:")[0]).strip()

    @classmethod
    def forward_formula(cls) -> str:
        """The forward-mode formula from the op's docstring (the lines from ``Forward:`` on, up to
        a ``Backward:`` line), or "" when the docstring has none."""
        doc = inspect.getdoc(cls) or ""
        _, marker, rest = doc.partition("Forward:")
        return (marker + rest.partition("Backward:")[0]).strip() if marker else ""

    # -- forward: running an op ------------------------------------------------------------------

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Any:
        """Run the op on tensors: forward on their arrays, and record a node if grad is needed.
        On arrays (or numpy scalars), just the forward's value: nothing is recorded."""
        first = inputs[0]
        if first.__class__ is not Tensor and not isinstance(first, Tensor):
            return cls._value_of(inputs, params)
        if watching.count:
            if subclass_dispatch.route is not None:  # a tensor subclass without data exists
                routed = subclass_dispatch.route(cls, inputs, params)
                if routed is not NotImplemented:  # (an input is one: its __torch_dispatch__ ran)
                    return routed
            if recorder.batching is not None:  # inside func.vmap: results of batched inputs are
                return recorder.batching.run(cls.apply, inputs, params)
            if recorder.profiler is not None:  # inside profiler.profile(): timed
                return recorder.profiler.run(cls.apply, cls.torch_name.lower(), inputs, params)
            if recorder.tracer is not None:  # a function being compiled (autograd_lab.compiler)
                return recorder.tracer.run(cls, inputs, params)
        elif (cls._value_kernel is not None and len(inputs) == 1 and not params
              and not first._requires_grad and not dual.active):
            # fast lane: nothing will be recorded and fast_paths.py registered the op's value
            # alone, so no node is made and nothing saved (``torch.log(P[i, j])`` in a loop)
            data = first._data
            quiet = silenced()
            try:
                # (a 0-d array's value as a numpy scalar: numpy runs a ufunc on a scalar in half
                # the time, with the same loop)
                out = cls._value_kernel(data if data.ndim else data[()])
            except ValueError as error:
                raise _torch_error(error, [data]) from None
            finally:
                restore(quiet)
            return Tensor._make(out)
        node = _new(cls)
        node._saved = ()
        forward = node._forward_kernel or node.forward
        if watching.count:
            if meta.live.on:  # a meta tensor exists: results may be meta
                forward = meta.forward_on_meta(cls, forward, inputs)
            if complex_mode.live.on:  # a complex tensor exists: may this op take it?
                forward = complex_mode.checked_forward(cls, node, forward, inputs, params)
            if bfloat16_mode.live.on:  # a bfloat16 tensor exists: may this op take it?
                forward = bfloat16_mode.checked_forward(cls, node, forward, inputs, params)
        quiet = silenced()  # torch computes inf - inf, exp(1000), log(0) without a word
        try:
            # (one and two inputs spelled out: this is the hot path of every op)
            count = len(inputs)
            if count == 1:
                out = forward(first._data, **params)
            elif count == 2:
                out = forward(first._data, inputs[1]._data, **params)
            else:
                out = forward(*[t._data for t in inputs], **params)
        except ValueError as error:
            raise _torch_error(error, [t._data for t in inputs]) from None
        finally:
            restore(quiet)
        # (grad mode read cheaply: see grad_mode.recording; inputs that do not require grad, the
        # commonest case, without a call)
        if not first._requires_grad and (count == 1 or count == 2 and not inputs[1]._requires_grad):
            edges = None
        else:
            edges = _edges(inputs) if (not grad_off.count or grad_state.enabled) \
                and cls.differentiable else None
        if edges is None:
            result = Tensor._make(out) if type(out) is not tuple else _wrap_outputs(out, None)
            if dual.active and not paused.paused:  # forward mode: tangents too
                _forward_mode(node, inputs, out, result)
            return result
        if watching.count:  # (a complex result is not differentiated, nor a bfloat16 one but through
            if complex_mode.live.on:  # the ops that only convert or move it)
                complex_mode.check_result(cls, inputs, out)
            if bfloat16_mode.live.on:
                bfloat16_mode.check_result(cls, inputs, out)
        node.next_functions = edges
        node._sequence_nr = next(_sequence)
        node._hooks = None
        node._reduce_to = None
        if cls.broadcasts and (count != 2 or first._data.shape != out.shape
                               or inputs[1]._data.shape != out.shape):
            node._reduce_to = _reduced_shapes(inputs, out)
        result = Tensor._make(out, node) if type(out) is not tuple else _wrap_outputs(out, node)
        if node._saved:
            node._remember_sources(inputs, out, result)
        if dual.active and not paused.paused:
            _forward_mode(node, inputs, out, result)
        if watching.count:  # anomaly detection, a trace or a profiler is on somewhere
            _watched(node, inputs, result)
        return result

    @classmethod
    def _value_of(cls, arrays: tuple, params: dict) -> Any:
        """The forward's value on plain arrays, recording nothing (a backward rule applying another
        op, as tanh's backward applies TanhBackward, in a pass that records no graph)."""
        if cls._value_kernel is not None:
            return cls._value_kernel(*arrays, **params)
        node = _new(cls)
        return (node._forward_kernel or node.forward)(*arrays, **params)

    def _remember_sources(self, inputs: tuple, out: Any, result: Any) -> None:
        """Keep what the in-place check and double backward need: the inputs, their versions now
        (None when all are at version 0, the usual case), and, when the result itself was saved,
        the result's version counter (not the result: no cycle). Which input each saved array is
        gets worked out only when asked (``_saved_from``)."""
        self._inputs = inputs
        self._made_at = inplace_clock.ticks
        self._positions = None
        self._saved_versions = None
        for t in inputs:
            if t._vc is not None and t._vc[0]:
                self._saved_versions = [0 if t._vc is None else t._vc[0] for t in inputs]
                break
        self._result_index = None
        for index, saved in enumerate(self._saved):
            if saved is out:
                self._result_index = index
                self._result_vc = result._vc = [0]
                self._result_at = 0
                break

    def _result_written_into(self, version: list) -> None:
        """An in-place op (``x.exp_()``) wrote this node's result into a tensor whose version
        counter is ``version`` (just bumped): torch saved that tensor, so a later change of it, or
        of its base or views, stales what was saved."""
        if self._result_index is not None:
            self._result_vc, self._result_at = version, version[0]

    # -- backward: what the engine calls ---------------------------------------------------------

    def _grads_for_inputs(self, grad_outputs: tuple, tensors: bool) -> tuple:
        """One gradient per input, summed back to the input's shape where it broadcast. A plain
        pass runs the backward kernel on arrays; a pass on ``tensors`` (``create_graph``, or one
        inside a dual level, whose gradients carry tangents) runs the rule on the graph's tensors."""
        if self._saved.__class__ is Packed:
            return self._grads_from_packed(grad_outputs, tensors)
        if tensors:
            grads = type(self).backward(_Recording(self, self._graph_tensors()), *grad_outputs)
        else:
            grads = (self._backward_kernel or self.backward)(*grad_outputs)
        if type(grads) is not tuple:
            grads = (grads,)
        if self._reduce_to is not None:
            grads = tuple([None if g is None else sum_to_shape(g, shape)
                           for g, shape in zip(grads, self._reduce_to)])
        return grads

    def _validate_saved(self) -> None:
        """What the engine checks before a pass: buffers not freed, saved tensors unmodified (unless
        hooks packed them: then, as in torch, the hooks decide what the pass reads)."""
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if self._saved and self._saved.__class__ is not Packed:
            self._check_versions()

    # -- saved tensors hooks (autograd.graph.saved_tensors_hooks; see saved_hooks.py) --------------

    def _pack_saved(self, result: Any) -> None:
        """Hand each saved value to the active pack hook and keep what it returns instead: the
        inputs and the result as the tensors they are, an intermediate array as a new tensor."""
        positions = self._saved_from  # (worked out now, while the arrays themselves are here)
        tensors = list(self._saved_as_tensors(False))
        if self._result_index is not None and type(result) is Tensor:
            tensors[self._result_index] = result
        is_tensor = [isinstance(saved, np.ndarray | np.generic) for saved in self._saved]
        values = [tensor if array else saved
                  for tensor, saved, array in zip(tensors, self._saved, is_tensor)]
        self._saved = saved_hooks.pack(values, is_tensor)
        self._positions = positions

    def _unpacked_arrays(self, packed: tuple) -> tuple:
        return tuple([saved_hooks.unpack(entry)._data if entry[1] is not None else entry[0]
                      for entry in packed])

    def _grads_from_packed(self, grad_outputs: tuple, tensors: bool) -> tuple:
        """The backward rule run on the values the unpack hook gives back (each unpacked once)."""
        packed = self._saved
        self._saved = self._unpacked_arrays(packed)
        try:
            if tensors:
                # a pass that records: a saved input enters the new graph as the input itself, so
                # its values must be the ones that were packed
                for position, array in zip(self._saved_from, self._saved):
                    if isinstance(position, int) and not np.array_equal(
                            array, self._inputs[position]._data, equal_nan=array.dtype.kind in "fc"):
                        raise RuntimeError(
                            f"{self.name()}: unpack_hook gave back other values than pack_hook "
                            "was given; a backward pass that records a graph (create_graph=True) "
                            "cannot use them")
            return self._grads_for_inputs(grad_outputs, tensors)
        finally:
            self._saved = packed

    def _check_versions(self) -> None:
        """Raise torch's error if a saved tensor was modified in place after it was saved."""
        if self._result_index is not None and self._result_vc[0] != self._result_at:
            raise modified_inplace(self._saved[self._result_index], self.name(), self._result_vc[0],
                                   self._result_at)
        versions = self._saved_versions
        for position, tensor in enumerate(self._inputs):
            now = 0 if tensor._vc is None else tensor._vc[0]
            then = 0 if versions is None else versions[position]
            if now != then and self._reads_saved_input(position):
                producer = tensor.grad_fn.name() if tensor.grad_fn is not None else ""
                if producer and tensor._state is not None and tensor._state.view is not None:
                    producer = "AsStridedBackward0"  # torch re-derives a changed view as AsStrided
                raise modified_inplace(tensor._data, producer, now, then)

    def _reads_saved_input(self, position: int) -> bool:
        """Whether backward reads input ``position`` as it was saved (see ``saved_for``)."""
        saved_from = self._saved_from
        if position not in saved_from:
            return False
        readers = type(self).saved_for
        if readers is None:
            return True
        edges = self.next_functions
        return any(source == position and any(edges[i][0] is not None for i in readers[index])
                   for index, source in enumerate(saved_from))

    @property
    def _saved_from(self) -> tuple:
        """For each saved array: the input position it is, ``_OUTPUT``, or None (an intermediate)."""
        if self._positions is None:
            # (an input changed by t_() or squeeze_() since holds another array: its former ones count)
            arrays = [(t._data,) + (t._state.former_arrays if t._state is not None else ())
                      for t in self._inputs]
            positions: list = []
            for index, saved in enumerate(self._saved):
                if index == self._result_index:
                    positions.append(_OUTPUT)
                    continue
                matches = [input_index for input_index, held in enumerate(arrays)
                           if any(saved is array for array in held)]
                # one tensor given twice (x * x, x @ x) and saved twice is each input in turn
                unused = [i for i in matches if i not in positions]
                positions.append(unused[0] if unused else matches[0] if matches else None)
            self._positions = tuple(positions)
        return self._positions

    def saved_sources(self) -> list[tuple[Any, Any]]:
        """``(source, value)`` for each value the node saved: ``source`` is the input position it
        is, ``"result"`` for the op's own output, None for anything else; ``[]`` once freed."""
        if not self._saved or self._saved is FREED or self._saved.__class__ is Packed:
            return []  # (packed: reading them would run the user's unpack hook)
        return [("result" if position is _OUTPUT else position, value)
                for position, value in zip(self._saved_from, self._saved)]

    def _graph_tensors(self) -> tuple:
        """``saved_tensors`` for a backward rule run on tensors (see ``_Recording``)."""
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        return self._saved_as_tensors(grad_state.enabled) if self._saved else ()

    def _saved_as_tensors(self, recording: bool) -> tuple:
        """The saved values as tensors connected to the graph (for create_graph and inspection).
        Inside a dual level they carry their tangents (saved inputs are the inputs themselves; the
        saved result gets the tangent the op gave it)."""
        tensors = []
        for saved, position in zip(self._saved, self._saved_from):
            if position is _OUTPUT:
                result = Tensor._make(saved, self)
                tangent = dual.result_tangents.get(self) if dual.active else None
                if tangent is not None:
                    set_tangent(result, tangent)
                tensors.append(result)
            elif position is None:
                if recording and isinstance(saved, np.ndarray):
                    raise RuntimeError(
                        f"{self.name()} saved an intermediate array, so it cannot be "
                        "differentiated twice (create_graph=True). Save inputs or the result.")
                tensors.append(Tensor._make(np.asarray(saved)))
            else:
                source = self._inputs[position]
                same = source._data is saved
                tensors.append(source if same else source.to(Tensor._make(saved).dtype))
        return tuple(tensors)

    def _release(self) -> None:
        """Free saved buffers after a backward pass without ``retain_graph``."""
        if self._saved:
            self._saved = FREED
            self._inputs = ()
            self._positions = ()

    def __getattr__(self, name: str) -> Any:
        # torch exposes what a node saved as _saved_self, _saved_other, _saved_result, _saved_dim...
        if not name.startswith("_saved_"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        key = name[len("_saved_"):]
        first, second = self.input_names
        wanted = {first: 0, second: 1, "result": _OUTPUT}.get(key)
        if wanted is not None and self._saved:
            if self._saved is FREED:
                raise RuntimeError(FREED_MESSAGE)
            if self._saved.__class__ is Packed:  # unpacked on every access, as torch
                for position, entry in zip(self._saved_from, self._saved):
                    if position == wanted:
                        return saved_hooks.unpack(entry)
                raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
            self._check_versions()
            for position, tensor in zip(self._saved_from, self._saved_as_tensors(False)):
                if position == wanted:
                    return tensor
        try:
            return object.__getattribute__(self, key)
        except AttributeError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'") from None


class _Recording:
    """An op node as its rule sees it when the rule runs on tensors (a backward pass with
    ``create_graph``, or inside a dual level; a jvp rule whose tangents are recorded):
    ``saved_tensors`` are the given tensors, everything else is the node's own."""

    __slots__ = ("_node", "saved_tensors")

    def __init__(self, node: Op, saved_tensors: tuple) -> None:
        self._node = node
        self.saved_tensors = saved_tensors

    def __getattr__(self, name: str) -> Any:
        return getattr(self._node, name)


def _watched(node: Node, inputs: tuple, result: Any) -> None:
    """What an op does beyond recording while someone watches: saved tensors hooks pack what it
    saved, anomaly detection keeps the forward traceback, a trace (``record.observe``) sees the op."""
    if saved_hooks.state.pairs and node._saved:
        node._pack_saved(result)
    if anomaly_mode.state.enabled:
        anomaly_mode.remember_forward(node)
    if recorder.observer is not None:
        recorder.observer.on_op(node, inputs, result)


# -- forward mode ----------------------------------------------------------------------------------


def _forward_mode(node: Op, inputs: tuple, out: Any, result: Any) -> None:
    """Inside a dual level: the outputs' tangents from the inputs' tangents by the op's ``jvp``
    (zeros for inputs without one), attached to the outputs. The rule gets arrays, or tensors when
    the tangent computation itself must be recorded (grad mode on and an input or a tangent
    requiring grad: reverse mode over forward mode). Its own ops carry no tangents."""
    tangents = [tangent_of(t) for t in inputs]
    if all(tangent is None for tangent in tangents):
        return
    if complex_mode.live.on:  # (no tangent of a complex value is computed here)
        complex_mode.check_result(type(node), inputs, out)
    if bfloat16_mode.live.on:  # (nor of a bfloat16 one)
        bfloat16_mode.check_result(type(node), inputs, out)
    recording = grad_state.enabled and (
        any(t._requires_grad for t in inputs)
        or any(tangent is not None and tangent._requires_grad for tangent in tangents))
    outputs = result if type(result) is tuple else (result,)
    was_paused, paused.paused = paused.paused, True
    quiet = silenced()
    try:
        if recording:
            given = [tangent if tangent is not None else Tensor._make(np.zeros_like(t._data))
                     for t, tangent in zip(inputs, tangents)]
            saved = _jvp_saved_tensors(node, inputs, out, outputs)
            produced = type(node).jvp(_Recording(node, saved), *given)
        else:
            given = [tangent._data if tangent is not None else np.zeros_like(t._data)
                     for t, tangent in zip(inputs, tangents)]
            produced = node.jvp(*given)
    finally:
        restore(quiet)
        paused.paused = was_paused
    if type(produced) is not tuple:
        produced = (produced,)
    if len(produced) != len(outputs):
        raise RuntimeError(f"{type(node).__qualname__}.jvp returned {len(produced)} tangents for "
                           f"{len(outputs)} outputs")
    attached: list = [None] * len(outputs)
    for index, (output, tangent) in enumerate(zip(outputs, produced)):
        if tangent is None or output is None or output._data.dtype.kind != "f":
            continue
        tangent = _unshared(_fitted(tangent, output._data.shape), output, inputs, given)
        set_tangent(output, tangent)
        attached[index] = tangent
        if index == 0 and node._saved and getattr(node, "_result_index", None) is not None:
            dual.result_tangents[node] = tangent  # the saved result carries it in a backward pass
    if watching.count:  # a trace shows the tangents
        tangents_computed(node, inputs, outputs, tangents, attached)


def _jvp_saved_tensors(node: Op, inputs: tuple, out: Any, outputs: tuple) -> tuple:
    """What ``forward`` saved, as tensors for a recorded jvp: each input and output as itself (so
    the tangent's graph reaches them), anything else as a constant."""
    arrays = out if type(out) is tuple else (out,)
    tensors = []
    for saved in node._saved:
        match = next((t for t in inputs if t._data is saved), None)
        if match is None:
            match = next((o for a, o in zip(arrays, outputs) if a is saved), None)
        if match is None:
            match = Tensor._make(np.asarray(saved)) if isinstance(saved, np.ndarray | np.generic) \
                else saved
        tensors.append(match)
    return tuple(tensors)


def _unshared(tangent: Tensor, output: Tensor, inputs: tuple, given: list) -> Tensor:
    """``tangent``, copied if it shares memory with an input's tangent while ``output`` does not
    share memory with that input: a tangent is a view of another only where its value is a view of
    the other's (``clone``'s rule returns ``self_t`` itself; an in-place change of the clone's
    tangent must not reach the input's)."""
    array = tangent._data
    for t, g in zip(inputs, given):
        g_array = g._data if isinstance(g, Tensor) else g
        if np.may_share_memory(array, g_array) and not np.may_share_memory(output._data, t._data):
            return tangent.clone() if tangent._requires_grad else Tensor._make(array.copy())
    return tangent


def _fitted(tangent: Any, shape: tuple[int, ...]) -> Tensor:
    """A rule's tangent as a tensor of the output's ``shape``: a tangent that broadcasts to it (a
    rule's constant zero, say) is expanded into a tensor of its own; any other shape is torch's
    error."""
    if not isinstance(tangent, Tensor):
        tangent = Tensor._make(np.asarray(tangent))
    if tangent._data.shape != shape:
        try:
            np.broadcast_shapes(tangent._data.shape, shape)
        except ValueError:
            check_tangent_shape(shape, tangent._data.shape)
        if np.broadcast_shapes(tangent._data.shape, shape) != shape:
            check_tangent_shape(shape, tangent._data.shape)
        if tangent._requires_grad:
            tangent = tangent.expand(shape).clone()
        else:
            tangent = Tensor._make(np.array(np.broadcast_to(tangent._data, shape)))
    return tangent


def _edges(inputs: tuple) -> tuple | None:
    """``next_functions`` for a node taking ``inputs`` (one ``(node, output_nr)`` per input, as torch
    builds it), or None when no input requires grad (then nothing is recorded)."""
    # one and two inputs, the commonest cases, without a loop
    if len(inputs) == 1:
        a = inputs[0]
        if a.grad_fn is not None:
            return ((a.grad_fn, a._output_nr),)
        return (a._edge(),) if a._requires_grad else None
    if len(inputs) == 2:
        a, b = inputs
        if a._requires_grad or b._requires_grad:
            return (((a.grad_fn, a._output_nr) if a.grad_fn is not None else a._edge()),
                    ((b.grad_fn, b._output_nr) if b.grad_fn is not None else b._edge()))
        return None
    for t in inputs:
        if t._requires_grad:
            return tuple([(t.grad_fn, t._output_nr) if t.grad_fn is not None else t._edge()
                          for t in inputs])
    return None


def _reduced_shapes(inputs: tuple, out: Any) -> tuple | None:
    """The shapes a broadcasting op's input gradients are summed back to, or None when no input
    that requires grad was broadcast."""
    shape = out.shape
    for t in inputs:
        if t._requires_grad and t._data.shape != shape:
            return tuple([t._data.shape for t in inputs])
    return None


def broadcast_error(*shapes: tuple[int, ...]) -> RuntimeError:
    """torch's error for shapes that do not broadcast, with both shapes named in a hint line."""
    ndim = max(len(shape) for shape in shapes)
    padded = [(1,) * (ndim - len(shape)) + tuple(shape) for shape in shapes]
    for dim in reversed(range(ndim)):
        sizes = [shape[dim] for shape in padded]
        a, b = padded[0][dim], padded[1][dim] if len(padded) > 1 else padded[0][dim]
        if len({n for n in sizes if n != 1}) > 1:
            listed = " and ".join(str(list(shape)) for shape in shapes)
            return RuntimeError(
                f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
                f"dimension {dim}\nHint (autograd_lab): the shapes {listed} do not broadcast: aligned "
                "from the right, each pair of sizes must be equal or 1.")
    return RuntimeError(f"shapes {shapes} cannot be broadcast together")


def _torch_error(error: ValueError, arrays: list) -> Exception:
    """numpy's ValueError for incompatible shapes, as torch's RuntimeError."""
    if "broadcast" in str(error) and len(arrays) >= 2:
        return broadcast_error(*(np.shape(a) for a in arrays[:2]))
    return error


def _wrap_outputs(out: Any, node: Op | None) -> Any:
    """The op's result array(s) as tensor(s) with ``node`` as grad_fn (``output_nr`` in order); an
    output the op did not compute (None, as a backward op's gradient nobody asked for) stays None."""
    if type(out) is tuple:
        return tuple([None if array is None else Tensor._make(array, node, nr)
                      for nr, array in enumerate(out)])
    return Tensor._make(out, node)
