"""``Op``: the one mechanism every differentiable op uses.

An op is a class named after the torch op, with its forward and backward side by side::

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

``Mul.apply(x, y)`` runs ``forward`` on the tensors' numpy arrays and, when grad is enabled and an
input requires grad, keeps the op object as the result's ``grad_fn``. The class's torch name is derived
here, once: ``Mul`` becomes ``MulBackward0`` (``overload=`` picks torch's other numbers, ``torch_name=``
an op whose class name differs from torch's).

``backward`` receives numpy arrays. Under ``create_graph=True`` the same code receives tensors (the
saved inputs, the incoming gradient), so the formula itself is recorded and can be differentiated again.
That is why backward formulas use operators, numpy ufuncs and the helpers of ``ops._grad`` only, and why
ops save only their inputs and outputs: an intermediate array would be a constant to a second
derivative.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

import numpy as np

from ..ops._grad import sum_to_shape
from .grad_mode import state as grad_state
from .node import FREED, FREED_MESSAGE, Node, _sequence, inplace_clock
from .record import recorder

__all__ = ["Op", "OPS", "engine_state"]

# The Tensor class, bound by autograd_lab.tensor once it exists (tensor.py imports this module).
Tensor: Any = None

_new = object.__new__
_NO_EDGE = (None, 0)

OPS: dict[str, type[Op]] = {}
"""Every op class, by torch grad_fn name (``"MulBackward0"``): the registry the docs and tests list."""

_OUTPUT = object()  # marks a saved array that is the op's own result (saved without a cycle)


class _EngineState:
    """Whether the backward pass running now records a graph (``create_graph=True``)."""

    __slots__ = ("create_graph", "validated", "plain")

    def __init__(self) -> None:
        self.create_graph = False
        self.plain = False  # validated and not create_graph: saved arrays are handed out as they are
        self.validated = False  # the running pass checked every saved tensor up front


engine_state = _EngineState()


class Op(Node):
    """Base class of built-in ops: subclass it, write ``forward`` and ``backward``; see the module doc."""

    __slots__ = ("_saved", "_positions", "_saved_versions", "_inputs", "_reduce_to", "_result_index",
                 "_result_vc", "_made_at")

    torch_name: ClassVar[str]
    overload: ClassVar[int] = 0
    differentiable: ClassVar[bool] = True
    broadcasts: ClassVar[bool] = False
    """True for elementwise ops whose inputs broadcast: their input gradients are summed back to each
    input's shape after ``backward`` (in ``_grads_for_inputs``), so formulas stay plain math."""

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

    # -- forward ---------------------------------------------------------------------------------

    def forward(self, *arrays: np.ndarray, **params: Any) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays (inputs or the result) for ``backward``; read them back with ``saved_tensors``."""
        self._saved = arrays

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Any:
        """Run the op on tensors: forward on their arrays, and record a node if grad is needed."""
        if recorder.profiler is not None:  # inside autograd.profiler.profile: timed there
            return recorder.profiler.run(cls.apply, cls.torch_name.lower(), inputs, params)
        node = _new(cls)
        node._saved = ()
        # (one and two inputs spelled out: this is the hot path of every op)
        count = len(inputs)
        try:
            if count == 1:
                out = node.forward(inputs[0]._data, **params)
            elif count == 2:
                out = node.forward(inputs[0]._data, inputs[1]._data, **params)
            else:
                out = node.forward(*[t._data for t in inputs], **params)
        except ValueError as error:
            raise _torch_error(error, [t._data for t in inputs]) from None
        edges = _edges(inputs) if grad_state.enabled and cls.differentiable else None
        if edges is None:
            return Tensor._make(out) if type(out) is not tuple else _wrap_outputs(out, None)
        node.next_functions = edges
        node._sequence_nr = next(_sequence)
        node._hooks = None
        node._reduce_to = None
        if cls.broadcasts and (count != 2 or inputs[0]._data.shape != out.shape
                               or inputs[1]._data.shape != out.shape):
            node._reduce_to = _reduce_shapes(inputs, out.shape)
        result = Tensor._make(out, node) if type(out) is not tuple else _wrap_outputs(out, node)
        if node._saved:
            node._remember_sources(inputs, out, result)
        if recorder.observer is not None:
            recorder.observer.on_op(node, inputs, result)
        return result

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """For each input, whether its gradient is wanted (backward may skip the others)."""
        return tuple([fn is not None for fn, _ in self.next_functions])

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

    # -- backward --------------------------------------------------------------------------------

    def _grads_for_inputs(self, grad_outputs: list) -> tuple:
        """Run ``backward`` and return one gradient per input (what the engine calls)."""
        grads = self.backward(*grad_outputs)  # the engine silences numpy's inf/NaN warnings
        if type(grads) is not tuple:
            grads = (grads,)
        if self._reduce_to is not None:
            grads = tuple([None if g is None else sum_to_shape(g, shape)
                           for g, shape in zip(grads, self._reduce_to)])
        return grads

    @property
    def saved_tensors(self) -> tuple:
        """What ``forward`` saved: numpy arrays, or tensors when backward is recording a graph."""
        saved = self._saved
        if engine_state.plain and saved is not FREED:
            return saved  # the common case: a backward pass that checked everything up front
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if not saved:
            return saved
        if not engine_state.validated:
            self._check_versions()
        if engine_state.create_graph:
            return tuple(self._saved_as_tensors())
        return saved

    def _validate_saved(self) -> None:
        """What the engine checks before a pass: buffers not freed, saved tensors unmodified."""
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        self._check_versions()

    def _check_versions(self) -> None:
        """Raise torch's error if a saved tensor was modified in place after it was saved."""
        if self._result_index is not None and self._result_vc[0] != 0:
            self._raise_modified(_OUTPUT, self._result_vc[0], 0)
        versions = self._saved_versions
        for position, tensor in enumerate(self._inputs):
            now = 0 if tensor._vc is None else tensor._vc[0]
            then = 0 if versions is None else versions[position]
            if now != then and position in self._saved_from:
                self._raise_modified(position, now, then)

    def _raise_modified(self, position: Any, now: int, expected: int) -> None:
        if position is _OUTPUT:
            array, producer = self._saved[self._result_index], self
        else:
            source = self._inputs[position]
            array, producer = source._data, source.grad_fn
        name = producer.name() if producer is not None else ""
        if name and position is not _OUTPUT and self._inputs[position]._state is not None and (
                self._inputs[position]._state.view is not None):
            name = "AsStridedBackward0"  # torch re-derives a changed view's grad_fn as AsStrided
        kind = {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}.get(
            array.dtype.name, "Float")
        shape = ", ".join(str(n) for n in array.shape)
        # torch names the producer by its grad_fn name without "Backward" (and without a 0)
        short = name.replace("Backward0", "").replace("Backward", "")
        where = f", which is output 0 of {short}," if short else ""
        raise RuntimeError(
            "one of the variables needed for gradient computation has been modified by an inplace "
            f"operation: [torch.{kind}Tensor [{shape}]]{where} is at version {now}; expected version "
            f"{expected} instead. Hint: enable anomaly detection to find the operation that failed to "
            "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
        )

    def _saved_as_tensors(self) -> list:
        """The saved values as tensors connected to the graph (for create_graph and inspection)."""

        tensors = []
        for saved, position in zip(self._saved, self._saved_from):
            if position is _OUTPUT:
                tensors.append(Tensor._make(saved, self))
            elif position is None:
                if isinstance(saved, np.ndarray) and engine_state.create_graph:
                    raise RuntimeError(
                        f"{self.name()} saved an intermediate array, so it cannot be "
                        "differentiated twice (create_graph=True). Save inputs or the result.")
                tensors.append(Tensor._make(np.asarray(saved)))
            else:
                source = self._inputs[position]
                same = source._data is saved
                tensors.append(source if same else source.to(Tensor._make(saved).dtype))
        return tensors

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
            for position, tensor in zip(self._saved_from, self._saved_as_tensors()):
                if position == wanted:
                    return tensor
        try:
            return object.__getattribute__(self, key)
        except AttributeError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'") from None

    @classmethod
    def formula(cls) -> str:
        """The backward formula from the op's docstring (the lines from ``Backward:`` on)."""
        doc = inspect.getdoc(cls) or ""
        _, marker, rest = doc.partition("Backward:")
        return (marker + rest).strip() if marker else doc


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


def _reduce_shapes(inputs: tuple, shape: tuple) -> tuple | None:
    """The shapes a broadcasting op's input gradients are summed back to, or None when no input
    that requires grad was broadcast."""
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
    """The op's result array(s) as tensor(s) with ``node`` as grad_fn (``output_nr`` in order)."""
    if type(out) is tuple:
        return tuple(Tensor._make(array, node, nr) for nr, array in enumerate(out))
    return Tensor._make(out, node)
