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
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import anomaly_mode, grad_mode, messages
from .messages import FREED_MESSAGE
from .node import FREED, Node, _sequence, inplace_clock
from .op import sum_to_shape
from .record import recorder, watching

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx(Node):
    """The ``ctx`` a custom Function's forward and backward share; also the graph node (grad_fn)."""

    __slots__ = ("_saved", "_saved_versions", "_made_at", "needs_input_grad", "_tensor_positions",
                 "_function", "_non_differentiable", "materialize_grads", "_input_meta",
                 "_output_meta", "__dict__")

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors for backward; they come back (checked for in-place changes) as
        ``ctx.saved_tensors``."""
        self._saved = tensors
        self._made_at = inplace_clock.ticks
        self._saved_versions = tuple(
            (t._version_counter(), t._version) if t is not None else None for t in tensors)

    def _validate_saved(self) -> None:
        self.saved_tensors  # noqa: B018 - raises if freed or modified in place

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        for tensor, record in zip(self._saved, self._saved_versions):
            if record is not None and record[0][0] != record[1]:
                producer = tensor.grad_fn.name() if tensor.grad_fn is not None else ""
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
        """Accepted for compatibility (in-place custom functions are not tracked specially)."""

    def _release(self) -> None:
        if self._saved:
            self._saved = FREED

    def _grads_for_inputs(self, grad_outputs: tuple, create_graph: bool) -> tuple:
        """Call the user's backward with one tensor per output (zeros for outputs that got no
        gradient, unless ``set_materialize_grads(False)``), and check what it returns as torch does."""
        grads = []
        for grad, (shape, dtype) in zip(grad_outputs, self._output_meta):
            if grad is None:
                grads.append(Tensor._make(np.zeros(shape, dtype)) if self.materialize_grads else None)
            else:
                grads.append(grad if isinstance(grad, Tensor) else Tensor._make(grad))
        result = self._function.backward(self, *grads)
        return tuple(self._checked(result, create_graph))

    def _checked(self, result: Any, create_graph: bool) -> list:
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
            if create_graph:
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


class Function:
    """Base class for ops written by the user: subclass, define static ``forward`` and
    ``backward``, call ``.apply``."""

    _node_class: type[FunctionCtx]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # torch names the node after the class: Square -> SquareBackward
        cls._node_class = type(f"{cls.__name__}Backward", (FunctionCtx,), {"__slots__": ()})

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")

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

        ctx = cls._node_class.__new__(cls._node_class)
        ctx._saved = ()
        ctx._saved_versions = ()
        ctx._hooks = None
        ctx._function = cls
        ctx._non_differentiable = set()
        ctx.materialize_grads = True
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        ctx._tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        ctx._input_meta = tuple((args[i]._data.shape, args[i]._data.dtype)
                                for i in ctx._tensor_positions)
        with grad_mode.no_grad():
            outputs = cls.forward(ctx, *args, **kwargs)
        records = grad_mode.state.enabled and any(ctx.needs_input_grad)
        if not records:
            return outputs
        ctx.next_functions = tuple(args[i]._edge() for i in ctx._tensor_positions)
        ctx._sequence_nr = next(_sequence)
        single = not isinstance(outputs, tuple)
        results = []
        for nr, out in enumerate((outputs,) if single else outputs):
            if isinstance(out, Tensor) and id(out) not in ctx._non_differentiable:
                if any(out is a for a in args):
                    out = Tensor._make(out._data)
                out.grad_fn = ctx
                out._output_nr = nr
                out._requires_grad = True
            results.append(out)
        ctx.num_outputs = len(results)
        ctx._output_meta = tuple((np.shape(getattr(out, "_data", out)), _output_dtype(out))
                                 for out in results)
        if watching.count and anomaly_mode.state.enabled:
            anomaly_mode.remember_forward(ctx)
        if watching.count and recorder.observer is not None:
            recorder.observer.on_op(ctx, tuple(args[i] for i in ctx._tensor_positions),
                                    results[0] if single else tuple(results))
        return results[0] if single else tuple(results)


def _output_dtype(out: Any) -> np.dtype:
    return out._data.dtype if isinstance(out, Tensor) else np.asarray(out).dtype


def once_differentiable(fn: Callable) -> Callable:
    """Marks a backward that cannot itself be differentiated (accepted for compatibility)."""
    return fn
