"""``autograd.Function``: write your own op with torch's API.

::

    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    y = Square.apply(x)        # y.grad_fn is <SquareBackward object at ...>

``forward`` receives the tensors and runs with grad recording off; ``backward`` receives one gradient
per output and returns one per input (``None`` for inputs that are not tensors or need no grad).

torch's other style is supported too: a ``forward(x)`` without ``ctx`` and a static
``setup_context(ctx, inputs, output)`` that saves what backward needs (``inputs`` are forward's
arguments with its defaults filled in).

Forward mode (``autograd.forward_ad``): a static ``jvp(ctx, *tangents)`` receives one tangent per
forward argument (zeros for a tensor without one, None for a non-tensor) and returns one per
output; tensors it needs are saved in ``forward`` with ``ctx.save_for_forward(...)`` and read back
as ``ctx.saved_tensors`` inside ``jvp``. ``forward`` itself runs without tangents, as in torch.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import anomaly_mode, grad_mode, messages, saved_hooks
from .forward_ad import check_tangent_shape, set_tangent, tangent_of
from .forward_ad import paused as dual_paused
from .forward_ad import state as dual
from .messages import FREED_MESSAGE
from .node import FREED, Node, _sequence, inplace_clock
from .op import sum_to_shape
from .record import note, recorder, tangents_computed, watching

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx(Node):
    """The ``ctx`` a custom Function's forward and backward share; also the graph node (grad_fn)."""

    __slots__ = ("_saved", "_saved_versions", "_made_at", "needs_input_grad", "_tensor_positions",
                 "_function", "_non_differentiable", "_dirty", "materialize_grads", "_input_meta",
                 "_output_meta", "saved_for_forward", "_in_jvp", "_saved_outputs", "__dict__")

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors for backward; they come back (checked for in-place changes) as
        ``ctx.saved_tensors``."""
        for index, tensor in enumerate(tensors):
            if not (tensor is None or isinstance(tensor, Tensor)):
                raise TypeError(f"save_for_backward can only save variables, but argument {index} "
                                f"is of type {type(tensor).__name__}")
        self._saved = tensors
        self._made_at = inplace_clock.ticks
        self._saved_versions = tuple(
            (t._version_counter(), t._version) if t is not None else None for t in tensors)

    def save_for_forward(self, *tensors: Any) -> None:
        """Keep tensors for ``jvp`` (forward mode); inside ``jvp`` they are ``ctx.saved_tensors``."""
        for tensor in tensors:
            if not (isinstance(tensor, Tensor) or tensor is None):
                raise AssertionError("save_for_forward expects all arguments to be tensors; you "
                                     "should save non-tensors as attributes on ctx.")
        self.saved_for_forward = tensors

    def _validate_saved(self) -> None:
        if self._saved.__class__ is not saved_hooks.Packed:  # (packed: unpacked in backward only)
            self.saved_tensors  # noqa: B018 - raises if freed or modified in place

    @property
    def saved_tensors(self) -> tuple:
        """What ``save_for_backward`` kept (checked for in-place changes); inside ``jvp``, what
        ``save_for_forward`` kept."""
        if self._in_jvp:
            return self.saved_for_forward
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if self._saved.__class__ is saved_hooks.Packed:  # (the hooks decide: no in-place check)
            return tuple([saved_hooks.unpack(entry) for entry in self._saved])
        for tensor, record in zip(self._saved, self._saved_versions):
            if record is not None and record[0][0] != record[1]:
                producer = (self.name() if id(tensor) in self._saved_outputs
                            else tensor.grad_fn.name() if tensor.grad_fn is not None else "")
                raise messages.modified_inplace(tensor._data, producer, record[0][0], record[1])
        return self._saved

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {id(self):#x}>"

    def mark_non_differentiable(self, *tensors: Any) -> None:
        """Outputs that get no grad_fn (e.g. indices)."""
        self._non_differentiable = {id(t) for t in tensors}

    def set_materialize_grads(self, value: bool) -> None:
        """With False, backward receives None (instead of zeros) for outputs that got no gradient."""
        self.materialize_grads = value

    def mark_dirty(self, *tensors: Any) -> None:
        """Inputs that ``forward`` changed in place; it must return them. Each comes back as the same
        tensor, its history now this node (as torch rebases a tensor changed in place)."""
        self._dirty = tensors

    def _release(self) -> None:
        if self._saved:
            self._saved = FREED

    def _grads_for_inputs(self, grad_outputs: tuple, tensors: bool) -> tuple:
        """Call the user's backward with one tensor per output (zeros for outputs that got no
        gradient, unless ``set_materialize_grads(False)``), and check what it returns as torch does."""
        grads = []
        for grad, (shape, dtype) in zip(grad_outputs, self._output_meta):
            if grad is None:
                grads.append(Tensor._make(np.zeros(shape, dtype)) if self.materialize_grads else None)
            else:
                grads.append(grad if isinstance(grad, Tensor) else Tensor._make(grad))
        result = self._function.backward(self, *grads)
        return tuple(self._checked(result, tensors))

    def _checked(self, result: Any, tensors: bool) -> list:
        """The gradients the user's backward returned, one per tensor input: their number and types
        checked, a shape that broadcasts to the input's summed back (others raise), another dtype
        converted, as torch's engine does."""
        if not isinstance(result, tuple):
            result = (result,)
        expected = len(self.needs_input_grad)
        if len(result) > expected and all(extra is None for extra in result[expected:]):
            result = result[:expected]  # trailing Nones are allowed, as in torch
        if len(result) != expected:
            raise messages.invalid_gradient_count(self.name(), expected, len(result))
        checked = []
        for position, grad in enumerate(result):
            if grad is None:
                if position in self._tensor_positions:
                    checked.append(None)
                continue
            if not isinstance(grad, Tensor):
                raise messages.not_a_tensor(grad)
            if position not in self._tensor_positions:
                raise RuntimeError(
                    f"function {self.name()} returned a gradient different than None at position "
                    f"{position + 1}, but the corresponding forward input was not a Variable")
            shape, dtype = self._input_meta[self._tensor_positions.index(position)]
            if grad._data.shape != shape:
                if not _broadcasts_to(shape, grad._data.shape):
                    raise messages.invalid_gradient_shape(self.name(), len(checked),
                                                          grad._data.shape, shape)
                grad = sum_to_shape(grad, shape)
            if tensors:  # (create_graph, or inside a dual level: the gradient keeps its tangent)
                checked.append(grad if grad._data.dtype == dtype else grad.to(_dtype_of(dtype)))
            else:
                checked.append(grad._data if grad._data.dtype == dtype else grad._data.astype(dtype))
        return checked


def _broadcasts_to(shape: tuple, grad_shape: tuple) -> bool:
    """Whether an array of ``shape`` broadcasts to ``grad_shape`` (then the gradient sums back)."""
    if len(shape) > len(grad_shape):
        return False
    return all(n == 1 or n == m for n, m in zip(reversed(shape), reversed(grad_shape)))


def _dtype_of(numpy_dtype: np.dtype) -> Any:
    return Tensor._make(np.zeros((), numpy_dtype)).dtype


NO_JVP_MESSAGE = ("You must implement the jvp function for custom autograd.Function to use it with "
                  "forward mode AD.")


class Function:
    """Base class for ops written by the user: subclass, define static ``forward`` and
    ``backward``, call ``.apply``."""

    _node_class: type[FunctionCtx]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # torch names the node after the class: Square -> SquareBackward
        cls._node_class = type(f"{cls.__name__}Backward", (FunctionCtx,),
                               {"__slots__": (), "_forward_cls": cls})

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")

    @staticmethod
    def jvp(ctx: FunctionCtx, *tangents: Any) -> Any:
        """Forward mode: one tangent per output from one per forward argument (override it)."""
        raise NotImplementedError(NO_JVP_MESSAGE)

    @staticmethod
    def setup_context(ctx: FunctionCtx, inputs: tuple[Any, ...], output: Any) -> Any:
        """Override it (then ``forward`` takes no ``ctx``) to save what backward needs from
        forward's ``inputs`` (its arguments, defaults filled in) and its ``output``."""
        raise NotImplementedError("setup_context is not implemented.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            f"{type(self)} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.", DeprecationWarning,
            stacklevel=2)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)\n"
            f"Hint (autograd_lab): call {type(self).__name__}.apply(...) on the class.")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:

        if watching.count:
            note("function", cls)  # (a compiler's tracer cannot follow a custom backward)
        separate_setup = cls.setup_context is not Function.setup_context
        if separate_setup:  # forward(x) and setup_context(ctx, inputs, output): torch binds the
            bound = _signature(cls.forward).bind(*args, **kwargs)  # call to forward's parameters
            bound.apply_defaults()
            args, kwargs = bound.args, bound.kwargs
        ctx = cls._node_class.__new__(cls._node_class)
        ctx._saved = ()
        ctx._saved_versions = ()
        ctx._saved_outputs = frozenset()
        ctx._hooks = None
        ctx._function = cls
        ctx._non_differentiable = set()
        ctx._dirty = ()
        ctx.materialize_grads = True
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        ctx._tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        ctx._input_meta = tuple((args[i]._data.shape, args[i]._data.dtype)
                                for i in ctx._tensor_positions)
        ctx.saved_for_forward = ()
        ctx._in_jvp = False
        forward_mode = dual.active and not dual_paused.paused and any(
            isinstance(a, Tensor) and tangent_of(a) is not None for a in args)
        with grad_mode.no_grad():
            if forward_mode:  # forward runs without tangents; jvp gives the outputs theirs
                dual_paused.paused = True
                try:
                    outputs = _run_forward(cls, ctx, args, kwargs, separate_setup)
                finally:
                    dual_paused.paused = False
            else:
                outputs = _run_forward(cls, ctx, args, kwargs, separate_setup)
        records = grad_mode.state.enabled and any(ctx.needs_input_grad)
        if ctx._dirty:
            _check_dirty(ctx._dirty, outputs, records)
            for tensor in ctx._dirty:
                tensor._bump_version()  # (torch counts the change once more as it rebases)
        if not records:
            if forward_mode:
                _forward_mode(cls, ctx, args, outputs)
            return outputs
        ctx.next_functions = tuple(args[i]._edge() for i in ctx._tensor_positions)
        ctx._sequence_nr = next(_sequence)
        single = not isinstance(outputs, tuple)
        results = []
        for nr, out in enumerate((outputs,) if single else outputs):
            if isinstance(out, Tensor) and id(out) not in ctx._non_differentiable \
                    and out._data.dtype.kind == "f":  # integer outputs cannot require grad
                if any(out is a for a in args) and not any(out is d for d in ctx._dirty):
                    out = Tensor._make(out._data)  # an input returned as it is: a new tensor
                out.grad_fn = ctx
                out._output_nr = nr
                out._requires_grad = True
            results.append(out)
        ctx.num_outputs = len(results)
        # saved tensors that are this node's outputs: torch names the node itself when one of them
        # is changed in place (an input is named by its grad_fn of the moment)
        ctx._saved_outputs = frozenset(id(out) for out in results
                                       if any(out is saved for saved in ctx._saved))
        ctx._output_meta = tuple((np.shape(getattr(out, "_data", out)), _output_dtype(out))
                                 for out in results)
        if forward_mode:
            _forward_mode(cls, ctx, args, results[0] if single else tuple(results), outputs)
        if watching.count and saved_hooks.state.pairs and ctx._saved:
            ctx._saved = saved_hooks.pack(list(ctx._saved),
                                          [isinstance(t, Tensor) for t in ctx._saved])
        if watching.count and anomaly_mode.state.enabled:
            anomaly_mode.remember_forward(ctx)
        if watching.count and recorder.observer is not None:
            recorder.observer.on_op(ctx, tuple(args[i] for i in ctx._tensor_positions),
                                    results[0] if single else tuple(results))
        return results[0] if single else tuple(results)


@functools.lru_cache(maxsize=256)
def _signature(forward: Callable) -> inspect.Signature:
    return inspect.signature(forward)


def _run_forward(cls: type[Function], ctx: FunctionCtx, args: tuple, kwargs: dict,
                 separate_setup: bool) -> Any:
    """``forward``'s outputs: with ``ctx`` first, or without it and then ``setup_context``."""
    if not separate_setup:
        return cls.forward(ctx, *args, **kwargs)
    outputs = cls.forward(*args, **kwargs)
    cls.setup_context(ctx, args, outputs)
    return outputs


NOT_A_VIEW_MESSAGE = ("A custom Function's forward is returning a view (or an input as-is) but the "
                      "jvp is not returning a view.")


def _forward_mode(cls: type, ctx: FunctionCtx, args: tuple, outputs: Any,
                  returned: Any = None) -> None:
    """Forward mode through a custom Function: its ``jvp`` gives the outputs their tangents, checked
    as torch checks them (their number, type and shape). ``returned``: what ``forward`` returned,
    when ``outputs`` are new tensors made from it."""
    if cls.jvp is Function.jvp:
        raise NotImplementedError(NO_JVP_MESSAGE)
    tangents, given = [], []  # what jvp receives; the tangents the inputs carry (None: zeros)
    for arg in args:
        if not isinstance(arg, Tensor):
            tangents.append(None)
            given.append(None)
            continue
        tangent = tangent_of(arg)
        given.append(tangent)
        tangents.append(tangent if tangent is not None else Tensor._make(np.zeros_like(arg._data)))
    ctx._in_jvp = True
    dual_paused.paused = True
    try:
        produced = cls.jvp(ctx, *tangents)
    finally:
        dual_paused.paused = False
        ctx._in_jvp = False
        ctx.saved_for_forward = ()
    single = not isinstance(outputs, tuple)
    outputs = (outputs,) if single else outputs
    returned = outputs if returned is None else ((returned,) if single else returned)
    produced = produced if isinstance(produced, tuple) else (produced,)
    if len(produced) != len(outputs):
        raise RuntimeError(f"Function's jvp returned an invalid number of forward gradients "
                           f"(expected {len(outputs)} but got {len(produced)})")
    attached: list = [None] * len(outputs)
    for index, (output, original, tangent) in enumerate(zip(outputs, returned, produced)):
        if tangent is None:
            continue
        if not isinstance(tangent, Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(tangent).__name__}) for grad "
                               f"output {index}.")
        if not isinstance(output, Tensor) or id(original) in ctx._non_differentiable:
            continue
        check_tangent_shape(output._data.shape, tangent._data.shape)
        inputs = [a for a in args if isinstance(a, Tensor) and a is original]
        if inputs and not np.may_share_memory(tangent._data, tangents[args.index(inputs[0])]._data):
            raise RuntimeError(NOT_A_VIEW_MESSAGE)
        if output._data.dtype.kind == "f" and not inputs:
            set_tangent(output, tangent)
            attached[index] = tangent
    tangents_computed(ctx, args, outputs, given, attached)


def _check_dirty(dirty: tuple, outputs: Any, records: bool) -> None:
    """torch's errors for tensors ``mark_dirty`` named: each must be returned, and, where the change
    is recorded, none may be a leaf that requires grad. (A view changed in place would need its
    base's history rebased too; the library refuses it rather than give the base a wrong gradient.)"""
    returned = outputs if isinstance(outputs, tuple) else (outputs,)
    for tensor in dirty:
        if not any(tensor is out for out in returned):
            raise RuntimeError(messages.DIRTY_NOT_RETURNED_MESSAGE)
    if not records:
        return
    for tensor in dirty:
        if tensor.grad_fn is None and tensor._requires_grad:
            raise RuntimeError(messages.LEAF_INPLACE_MESSAGE)
        if tensor._state is not None and tensor._state.view is not None:
            raise NotImplementedError(
                "autograd_lab: a custom Function that changes a view in place (mark_dirty) is not "
                "supported: its base's gradient would not follow the change. Pass view.clone() and "
                "write the result back, or change the base itself")


def _output_dtype(out: Any) -> np.dtype:
    return out._data.dtype if isinstance(out, Tensor) else np.asarray(out).dtype


class DelayedError(Node):
    """What a gradient computed by a backward marked ``@once_differentiable`` hangs from when the
    pass records a graph: differentiating through it raises torch's error."""

    __slots__ = ()

    def name(self) -> str:
        return "torch::autograd::Error"  # torch's name() for this C++ node

    def _grads_for_inputs(self, grad_outputs: tuple, tensors: bool) -> tuple:
        raise RuntimeError(messages.ONCE_DIFFERENTIABLE_MESSAGE)


DelayedError.__name__ = "Error"  # as torch's class of this node is called (grad_fn=<Error>)


def _differentiating_raises(value: Any) -> Any:
    """``value`` (a gradient) as a tensor whose grad_fn raises when differentiated."""
    if not isinstance(value, Tensor):
        return value
    stand_in = Tensor._make(value._data)  # torch's detached alias that requires grad
    stand_in._requires_grad = True
    node = DelayedError()
    node.next_functions = (stand_in._edge(),)
    node._sequence_nr = next(_sequence)
    node._hooks = None
    return Tensor._make(value._data, node)


def once_differentiable(fn: Callable) -> Callable:
    """Marks a custom Function's ``backward`` that cannot itself be differentiated: it runs with
    grad mode off, and when the pass records a graph (``create_graph=True``) from gradients that
    require grad, differentiating its results again raises torch's error."""

    @functools.wraps(fn)
    def wrapper(ctx: Any, *args: Any) -> Any:
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        if not grad_mode.state.enabled or not any(
                isinstance(arg, Tensor) and arg._requires_grad for arg in args):
            return outputs
        if isinstance(outputs, tuple):
            return tuple(_differentiating_raises(output) for output in outputs)
        return _differentiating_raises(outputs)

    return wrapper
