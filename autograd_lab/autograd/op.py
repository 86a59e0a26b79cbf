"""``Op``: the machinery every built-in op goes through.

An op is a class named after the torch op, with its forward and backward side by side as plain math::

    class Mul(Op):
        '''Elementwise product ``self * other``.

        Backward:  grad_self = grad * other,  grad_other = grad * self
        '''
        def forward(self, a, b):
            self.save_for_backward(a, b)
            return a * b

        def backward(self, grad):
            a, b = self.saved_tensors
            return grad * b, grad * a

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
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from .._quiet import restore, silenced
from ..tensor import Tensor
from . import anomaly_mode
from .grad_mode import off as grad_off
from .grad_mode import state as grad_state
from .messages import FREED_MESSAGE, modified_inplace
from .node import FREED, Node, _sequence, inplace_clock
from .record import recorder, watching

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
                 "_result_vc", "_made_at")

    torch_name: ClassVar[str]
    overload: ClassVar[int] = 0
    differentiable: ClassVar[bool] = True
    broadcasts: ClassVar[bool] = False
    """True for ops whose inputs broadcast: their input gradients are summed back to each input's
    shape after ``backward`` (``sum_to_shape``), so formulas stay plain math."""

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
        return saved

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """For each input, whether its gradient is wanted (backward may skip the others)."""
        return tuple([fn is not None for fn, _ in self.next_functions])

    @classmethod
    def formula(cls) -> str:
        """The backward formula from the op's docstring (the lines from ``Backward:`` on)."""
        doc = inspect.getdoc(cls) or ""
        _, marker, rest = doc.partition("Backward:")
        return (marker + rest).strip() if marker else doc

    # -- forward: running an op ------------------------------------------------------------------

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Any:
        """Run the op on tensors: forward on their arrays, and record a node if grad is needed.
        On arrays (or numpy scalars), just the forward's value: nothing is recorded."""
        first = inputs[0]
        if first.__class__ is not Tensor and not isinstance(first, Tensor):
            return cls._value_of(inputs, params)
        if watching.count:
            if recorder.batching is not None:  # inside func.vmap: results of batched inputs are
                return recorder.batching.run(cls.apply, inputs, params)
            if recorder.profiler is not None:  # inside profiler.profile(): timed
                return recorder.profiler.run(cls.apply, cls.torch_name.lower(), inputs, params)
        node = _new(cls)
        node._saved = ()
        forward = node._forward_kernel or node.forward
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
        # (grad mode read cheaply: see grad_mode.recording)
        edges = _edges(inputs) if (not grad_off.count or grad_state.enabled) and cls.differentiable \
            else None
        if edges is None:
            return Tensor._make(out) if type(out) is not tuple else _wrap_outputs(out, None)
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
                break

    # -- backward: what the engine calls ---------------------------------------------------------

    def _grads_for_inputs(self, grad_outputs: tuple, create_graph: bool) -> tuple:
        """One gradient per input, summed back to the input's shape where it broadcast. A plain
        pass runs the backward kernel on arrays; ``create_graph`` runs the rule on tensors."""
        if create_graph:
            grads = type(self).backward(_Recording(self), *grad_outputs)
        else:
            grads = (self._backward_kernel or self.backward)(*grad_outputs)
        if type(grads) is not tuple:
            grads = (grads,)
        if self._reduce_to is not None:
            grads = tuple([None if g is None else sum_to_shape(g, shape)
                           for g, shape in zip(grads, self._reduce_to)])
        return grads

    def _validate_saved(self) -> None:
        """What the engine checks before a pass: buffers not freed, saved tensors unmodified."""
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if self._saved:
            self._check_versions()

    def _check_versions(self) -> None:
        """Raise torch's error if a saved tensor was modified in place after it was saved."""
        if self._result_index is not None and self._result_vc[0] != 0:
            raise modified_inplace(self._saved[self._result_index], self.name(), self._result_vc[0], 0)
        versions = self._saved_versions
        for position, tensor in enumerate(self._inputs):
            now = 0 if tensor._vc is None else tensor._vc[0]
            then = 0 if versions is None else versions[position]
            if now != then and position in self._saved_from:
                producer = tensor.grad_fn.name() if tensor.grad_fn is not None else ""
                if producer and tensor._state is not None and tensor._state.view is not None:
                    producer = "AsStridedBackward0"  # torch re-derives a changed view as AsStrided
                raise modified_inplace(tensor._data, producer, now, then)

    @property
    def _saved_from(self) -> tuple:
        """For each saved array: the input position it is, ``_OUTPUT``, or None (an intermediate)."""
        if self._positions is None:
            arrays = [t._data for t in self._inputs]
            positions = []
            for index, saved in enumerate(self._saved):
                position = _OUTPUT if index == self._result_index else None
                for input_index, array in enumerate(arrays):
                    if position is None and saved is array:
                        position = input_index
                positions.append(position)
            self._positions = tuple(positions)
        return self._positions

    def saved_sources(self) -> list[tuple[Any, Any]]:
        """``(source, value)`` for each value the node saved: ``source`` is the input position it
        is, ``"result"`` for the op's own output, None for anything else; ``[]`` once freed."""
        if not self._saved or self._saved is FREED:
            return []
        return [("result" if position is _OUTPUT else position, value)
                for position, value in zip(self._saved_from, self._saved)]

    def _saved_as_tensors(self, recording: bool) -> tuple:
        """The saved values as tensors connected to the graph (for create_graph and inspection)."""
        tensors = []
        for saved, position in zip(self._saved, self._saved_from):
            if position is _OUTPUT:
                tensors.append(Tensor._make(saved, self))
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
        wanted = {"self": 0, "other": 1, "result": _OUTPUT}.get(key)
        if wanted is not None and self._saved:
            if self._saved is FREED:
                raise RuntimeError(FREED_MESSAGE)
            self._check_versions()
            for position, tensor in zip(self._saved_from, self._saved_as_tensors(False)):
                if position == wanted:
                    return tensor
        try:
            return object.__getattribute__(self, key)
        except AttributeError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'") from None


class _Recording:
    """An op node as its rule sees it while a backward pass records a graph (``create_graph``):
    ``saved_tensors`` are the tensors of the graph, everything else is the node's own."""

    __slots__ = ("_node", "saved_tensors")

    def __init__(self, node: Op) -> None:
        self._node = node
        if node._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        self.saved_tensors = node._saved_as_tensors(True) if node._saved else ()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._node, name)


def _watched(node: Node, inputs: tuple, result: Any) -> None:
    """What an op does beyond recording while someone watches: anomaly detection keeps the forward
    traceback, a trace (``record.observe``) sees the op."""
    if anomaly_mode.state.enabled:
        anomaly_mode.remember_forward(node)
    if recorder.observer is not None:
        recorder.observer.on_op(node, inputs, result)


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
