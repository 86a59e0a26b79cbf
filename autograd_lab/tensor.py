"""``Tensor``: a numpy array plus what autograd needs (``requires_grad``, ``grad``, ``grad_fn``).

Methods that compute something are one-liners into ``autograd_lab.ops``, where each op's forward and
backward live side by side: "go to definition" on ``Tensor.exp`` lands next to its backward.
"""

from __future__ import annotations

import functools
import warnings
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import _printing
from ._arguments import ArgumentTypeError, argument_error
from ._dtypes import (
    DEFAULT_FLOAT,  # noqa: F401
    TYPE_NAMES,
    bool_,
    dtype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
)
from ._dtypes import as_dtype as _as_dtype
from .autograd import grad_mode
from .autograd.node import AccumulateGrad, RemovableHandle, add_hook, inplace_clock

__all__ = ["Tensor", "Size"]

_NO_EDGE = (None, 0)

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field to "
    "be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access "
    "the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at "
    "/__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)"
)


INT_HINT = ("\nHint (autograd_lab): make a float tensor, e.g. t.arange(0., 3.) or "
            "t.tensor([1, 2], dtype=t.float32), or convert with .float().")


def _worded_for_method(method: Callable) -> Callable:
    """A Tensor method that runs an op's function, with torch's wording of an argument TypeError
    for the method (``x.add(None)``: "argument 'other' (position 1)", counted after ``self``)."""
    name = method.__name__

    @functools.wraps(method)
    def checked(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ArgumentTypeError as error:
            raise error.for_method(name) from None

    return checked


class Size(tuple):
    """A tensor's shape: a tuple that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        count = 1
        for n in self:
            count *= n
        return count


class _LeafState:
    """What only some tensors need: hooks, ``retain_grad``, the leaf's AccumulateGrad (weakly), and
    for a view, what it is a view of (for a base, its views)."""

    __slots__ = ("hooks", "retains_grad", "accumulator", "view", "views")

    def __init__(self) -> None:
        self.hooks: dict[int, Callable] = {}
        self.retains_grad = False
        self.accumulator: Callable[[], AccumulateGrad | None] = lambda: None
        self.view: Any = None  # for views: their base (ops/views.py)
        self.views: list | None = None  # for bases: weak references to their views


_new = object.__new__
_ndarray = np.ndarray


class Tensor:
    """An n-dimensional array that can record the ops applied to it and differentiate through them."""

    __slots__ = ("_data", "grad_fn", "_requires_grad", "_output_nr", "_grad", "_vc", "_state",
                 "__weakref__")

    __array_priority__ = 1000  # ndarray (op) Tensor defers to Tensor

    def __init__(self, data: Any = (), *, dtype: dtype | None = None,
                 requires_grad: bool = False) -> None:
        from .creation import _to_array

        self._data = _to_array(data, dtype)
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._vc = None
        self._state = None
        self._requires_grad = False
        if requires_grad:
            self._require_grad_at_creation()

    @staticmethod
    def _make(data: np.ndarray, grad_fn: Any = None, output_nr: int = 0) -> Tensor:
        """Wrap an array without copying (the hot path of every op)."""
        t = _new(Tensor)
        # numpy returns scalars, not 0-d arrays, from operations on 0-d arrays; a tensor always
        # holds an array, so in-place updates (optimizers, .grad accumulation) work on 0-d too
        t._data = data if type(data) is _ndarray else np.asarray(data)
        t.grad_fn = grad_fn
        t._requires_grad = grad_fn is not None
        t._output_nr = output_nr
        t._grad = None
        t._vc = None
        t._state = None
        return t

    # -- what the tensor is ----------------------------------------------------------------------

    @property
    def dtype(self) -> dtype:
        return _as_dtype(self._data.dtype)

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None) -> Size | int:
        """The shape, or the length of one dimension."""
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[self._dim(dim)]

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    nelement = numel

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    @property
    def device(self) -> Any:
        """Always ``device(type='cpu')``: everything runs on the CPU here."""
        from .device import CPU

        return CPU

    @property
    def is_cuda(self) -> bool:
        return False

    def type(self, dtype: Any = None) -> str | Tensor:
        """Without an argument, torch's legacy type name (``torch.FloatTensor``)."""
        if dtype is not None:
            return self.to(dtype)
        return f"torch.{TYPE_NAMES[self.dtype.name]}Tensor"

    def _dim(self, dim: int) -> int:
        """Normalize a possibly negative dim, with torch's IndexError for out-of-range ones."""
        ndim = max(self._data.ndim, 1)
        if not -ndim <= dim < ndim:
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got "
                f"{dim})")
        return dim % ndim

    # -- autograd state --------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if self.grad_fn is not None:
            if not value:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use "
                    "a computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach().")
            return
        if value and self._data.dtype.kind != "f":
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients" + INT_HINT)
        self._requires_grad = bool(value)

    def _require_grad_at_creation(self) -> Tensor:
        """``requires_grad=True`` given to a factory (or Variable): torch words this error with a
        capital letter."""
        if self._data.dtype.kind != "f":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients" + INT_HINT)
        self._requires_grad = True
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return the tensor."""
        if self.grad_fn is None and requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError("only Tensors of floating point dtype can require gradients" + INT_HINT)
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        """True for tensors the user made (not the output of a recorded op)."""
        return self.grad_fn is None

    @property
    def output_nr(self) -> int:
        """Which output of its ``grad_fn`` this tensor is (``split`` makes outputs 0, 1, ...)."""
        return self._output_nr

    @property
    def grad(self) -> Tensor | None:
        if self.grad_fn is not None and not self.retains_grad:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError("assigned grad has data of a different type")
        self._grad = value

    @property
    def retains_grad(self) -> bool:
        return self._state is not None and self._state.retains_grad

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf tensor after backward (leaves always keep it)."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None:
            return
        self._leaf_state().retains_grad = True
        self.grad_fn._node_hooks().retain_grad[self._output_nr] = weakref.ref(self)

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned tensor replaces it."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            table = self.grad_fn._node_hooks().tensor_pre.setdefault(self._output_nr, {})
        else:
            table = self._leaf_state().hooks
        return add_hook(table, hook)

    def _leaf_state(self) -> _LeafState:
        if self._state is None:
            self._state = _LeafState()
        return self._state

    def _grad_accumulator(self) -> AccumulateGrad:
        """The leaf's AccumulateGrad node: one per leaf while any graph uses it (held weakly)."""
        state = self._leaf_state()
        accumulator = state.accumulator()
        if accumulator is None:
            accumulator = AccumulateGrad(self)
            state.accumulator = weakref.ref(accumulator)
        return accumulator

    def _edge(self) -> tuple:
        """Where gradients for this tensor go: one entry of a consumer's ``next_functions``."""
        if self.grad_fn is not None:
            return (self.grad_fn, self._output_nr)
        if not self._requires_grad:
            return _NO_EDGE
        state = self._state
        accumulator = state.accumulator() if state is not None else None
        return (accumulator or self._grad_accumulator(), 0)

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor (and the tensors sharing its memory) has seen."""
        return 0 if self._vc is None else self._vc[0]

    def _version_counter(self) -> list:
        if self._vc is None:
            self._vc = [0]
        return self._vc

    def _bump_version(self) -> None:
        self._version_counter()[0] += 1
        inplace_clock.ticks += 1

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None) -> None:
        """Compute the gradient of this tensor w.r.t. graph leaves and accumulate it in their ``.grad``."""
        from .autograd.engine import backward

        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # -- data, copies and conversion -------------------------------------------------------------

    @property
    def data(self) -> Tensor:
        """The same memory as a tensor that is cut from the graph (autograd does not see changes)."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's memory (and version counter), not requiring grad."""
        out = Tensor._make(self._data)
        out._vc = self._version_counter()
        return out

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph in place: it becomes a leaf that does not require grad."""
        self.grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        return self

    def clone(self) -> Tensor:
        """A copy with its own memory; differentiable (``CloneBackward0``)."""
        from .ops.arithmetic import clone

        return clone(self)

    def contiguous(self) -> Tensor:
        """This tensor if its memory is in row-major order, else a row-major copy (``CloneBackward0``)."""
        return _shape.contiguous(self)

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The underlying numpy array (shared memory). Refused while the tensor requires grad."""
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead.")
        return self._data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def item(self) -> float | int | bool:
        """The single value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self) -> Any:
        return self._data.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                "Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """Convert to another dtype (differentiable, ``ToCopyBackward0``). The device may be given
        too; only the CPU exists here, so ``.to("cpu")`` returns the tensor and any other device is
        an error."""
        from .device import check_device
        from .ops.arithmetic import to_dtype

        target = kwargs.get("dtype")
        check_device(kwargs.get("device"))
        for arg in args:
            if isinstance(arg, dtype):
                target = arg
            elif isinstance(arg, Tensor):
                target = arg.dtype
            elif arg is not None and not isinstance(arg, bool):
                check_device(arg)
        if target is None or target is self.dtype:
            return self.clone() if kwargs.get("copy") else self
        return to_dtype(self, target)

    def float(self) -> Tensor:
        return self.to(float32)

    def double(self) -> Tensor:
        return self.to(float64)

    def long(self) -> Tensor:
        return self.to(int64)

    def int(self) -> Tensor:
        return self.to(int32)

    def half(self) -> Tensor:
        return self.to(float16)

    def short(self) -> Tensor:
        return self.to(int16)

    def char(self) -> Tensor:
        return self.to(int8)

    def byte(self) -> Tensor:
        return self.to(uint8)

    def bool(self) -> Tensor:
        return self.to(bool_)

    def cpu(self) -> Tensor:
        return self

    def cuda(self, device: Any = None, non_blocking: bool = False) -> Tensor:
        """There is no GPU here: always an error (``torch.cuda.is_available()`` is False)."""
        from .device import check_device

        check_device("cuda" if device is None else device if not isinstance(device, int) else "cuda")
        return self

    def __repr__(self) -> str:
        if self.grad_fn is not None:
            suffixes = [f"grad_fn=<{type(self.grad_fn).__name__}>"]
        elif self._requires_grad:
            suffixes = ["requires_grad=True"]
        else:
            suffixes = []
        return _printing.format_tensor(self._data, self._data.dtype.name, suffixes)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        # as torch: a plain 0-d tensor formats as its number (f"{loss}" prints 2.4540...); other
        # tensors (and Parameters) as their repr
        if self._data.ndim == 0 and type(self) is Tensor:
            return format(self.item(), spec)
        return format(repr(self), spec)

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self) -> int:
        return id(self)

    def __reduce_ex__(self, protocol: int) -> Any:
        return (_rebuild, (self._data, self._requires_grad))

    # -- in-place ops ----------------------------------------------------------------------------

    def _check_inplace(self) -> None:
        if self.grad_fn is None and self._requires_grad and grad_mode.state.enabled:
            raise RuntimeError(
                "a leaf Variable that requires grad is being used in an in-place operation.")

    def _inplace(self, op: Callable[..., Tensor], *args: Any, **kwargs: Any) -> Tensor:
        """Run an out-of-place ``op`` and write its result into this tensor's memory.

        When the result needs a graph, the op runs on a snapshot of this tensor's old value, and the
        tensor takes over the op's grad_fn, as torch rebases a tensor modified in place. An argument
        torch refuses raises torch's TypeError worded for the method (``add_()``), before any other
        error, as torch checks argument types first.
        """
        try:
            self._check_inplace()
        except RuntimeError:
            with grad_mode.no_grad():
                _method_argument_errors(op, self.detach(), args, kwargs)
            raise
        if self._state is not None and self._state.view is not None:
            from .ops.views import inplace_on_view  # the base must learn of the change

            return inplace_on_view(self, op, args, kwargs, _write_into)
        records = grad_mode.state.enabled and (self._requires_grad or any(
            isinstance(a, Tensor) and a._requires_grad for a in args))
        try:
            if records:
                before = Tensor._make(self._data.copy(), self.grad_fn, self._output_nr)
                before._requires_grad = self._requires_grad
                result = op(before, *args, **kwargs)
            else:
                with grad_mode.no_grad():
                    result = op(self, *args, **kwargs)
        except ArgumentTypeError as error:
            raise _for_inplace_method(error) from None
        _write_into(self._data, result._data)
        if records:
            self.grad_fn = result.grad_fn
            self._output_nr = result._output_nr
            self._requires_grad = result._requires_grad
            if self._state is not None and self._state.views:
                _views.refresh_views(self)  # its views now read the changed values
        self._bump_version()
        return self

    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_arith.add, other, alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_arith.sub, other, alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        return self._inplace(_arith.mul, other)

    def div_(self, other: Any) -> Tensor:
        return self._inplace(_arith.div, other)

    def pow_(self, exponent: Any) -> Tensor:
        return self._inplace(_arith.pow, exponent)

    def neg_(self) -> Tensor:
        return self._inplace(_arith.neg)

    def exp_(self) -> Tensor:
        return self._inplace(_ew.exp)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        return self._inplace(_ew.clamp, min, max)

    def copy_(self, src: Any) -> Tensor:
        """Overwrite this tensor with ``src`` (broadcast to its shape); differentiable w.r.t. ``src``."""
        return self._inplace(_arith.copy_from, src)

    def zero_(self) -> Tensor:
        return self._inplace(_arith.zero)

    def fill_(self, value: Any) -> Tensor:
        return self._inplace(_arith.fill, value)

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        from . import random

        return self._overwrite(random.normal_array(self._data.shape, mean, std,
                                                   generator=generator))

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        from . import random

        return self._overwrite(random.uniform_array(self._data.shape, a, b, generator=generator))

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Tensor:
        from .creation import multinomial

        return multinomial(self, num_samples, replacement, generator=generator)

    def _overwrite(self, values: np.ndarray) -> Tensor:
        """Fill with new constant values (used by the random in-place initializers)."""
        self._check_inplace()
        _write_into(self._data, values)
        if self.grad_fn is not None and grad_mode.state.enabled:
            self.grad_fn = None  # a constant now; torch would record a node with zero gradient
            self._requires_grad = False
        self._bump_version()
        return self

    def __iadd__(self, other: Any) -> Tensor:
        try:
            return self.add_(other)
        except ArgumentTypeError:
            return NotImplemented  # Python: "unsupported operand type(s) for +=", as torch

    def __isub__(self, other: Any) -> Tensor:
        try:
            return self.sub_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __imul__(self, other: Any) -> Tensor:
        try:
            return self.mul_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __itruediv__(self, other: Any) -> Tensor:
        try:
            return self.div_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __setitem__(self, key: Any, value: Any) -> None:
        _idx.setitem(self, key, value)

    # -- operators: into ops/; an operand that is neither a number nor a tensor gives NotImplemented,
    # so Python raises its own TypeError ("unsupported operand type(s) for +: 'Tensor' and
    # 'NoneType'") or lets the other operand try (``[1] * t.tensor(2)`` repeats the list), as torch

    def __add__(self, other: Any) -> Tensor:
        try:
            return _arith.add(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        try:
            return _arith.sub(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rsub__(self, other: Any) -> Tensor:
        try:
            return _arith.rsub(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __mul__(self, other: Any) -> Tensor:
        try:
            return _arith.mul(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rmul__(self, other: Any) -> Tensor:
        try:
            return _arith.mul(other, self) if isinstance(other, Tensor) else _arith.mul(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __truediv__(self, other: Any) -> Tensor:
        try:
            return _arith.div(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rtruediv__(self, other: Any) -> Tensor:
        try:
            return _arith.rdiv(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __pow__(self, exponent: Any) -> Tensor:
        try:
            return _arith.pow(self, exponent)
        except ArgumentTypeError:
            return NotImplemented

    def __rpow__(self, base: Any) -> Tensor:
        try:
            return _arith.rpow(self, base)
        except ArgumentTypeError:
            return NotImplemented

    def __neg__(self) -> Tensor:
        return _arith.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _ew.abs(self)

    def __matmul__(self, other: Any) -> Tensor:
        if not isinstance(other, Tensor):
            return NotImplemented  # Python's "unsupported operand type(s) for @", as torch
        return _la.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        if not isinstance(other, Tensor):
            return NotImplemented
        return _la.matmul(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        try:
            return _ew.floor_divide(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rfloordiv__(self, other: Any) -> Tensor:
        try:
            return _ew.floor_divide(other, self)
        except ArgumentTypeError:
            return NotImplemented

    def __mod__(self, other: Any) -> Tensor:
        try:
            return _ew.remainder(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rmod__(self, other: Any) -> Tensor:
        try:
            return _ew.remainder(other, self)
        except ArgumentTypeError:
            return NotImplemented

    # ``tensor == None`` (or a string, a list) is plain False, as in torch: Python's fallback
    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _ew.eq(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _ew.ne(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __lt__(self, other: Any) -> Tensor:
        try:
            return _ew.lt(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __le__(self, other: Any) -> Tensor:
        try:
            return _ew.le(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __gt__(self, other: Any) -> Tensor:
        try:
            return _ew.gt(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __ge__(self, other: Any) -> Tensor:
        try:
            return _ew.ge(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __and__(self, other: Any) -> Tensor:
        try:
            return _ew.bitwise_and(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __rand__ = __and__

    def __or__(self, other: Any) -> Tensor:
        try:
            return _ew.bitwise_or(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __ror__ = __or__

    def __xor__(self, other: Any) -> Tensor:
        try:
            return _ew.bitwise_xor(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __rxor__ = __xor__

    def __invert__(self) -> Tensor:
        if self._data.dtype.kind == "f":
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                            "tensors")
        return _ew.bitwise_not(self)

    def __getitem__(self, key: Any) -> Tensor:
        return _idx.getitem(self, key)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy ufuncs on tensors run the matching op, so backward formulas written with numpy
        (``np.exp(x)``) are recorded when they receive tensors (double backward)."""
        from .ops.numpy_dispatch import dispatch_ufunc

        return dispatch_ufunc(ufunc, method, inputs, kwargs)

    # -- methods: one line each, into ops/ -------------------------------------------------------

    @_worded_for_method
    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _arith.add(self, other, alpha=alpha)

    @_worded_for_method
    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _arith.sub(self, other, alpha=alpha)

    subtract = sub

    @_worded_for_method
    def mul(self, other: Any) -> Tensor:
        return _arith.mul(self, other)

    multiply = mul

    @_worded_for_method
    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return _arith.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    @_worded_for_method
    def pow(self, exponent: Any) -> Tensor:
        return _arith.pow(self, exponent)

    def neg(self) -> Tensor:
        return _arith.neg(self)

    negative = neg

    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        return _red.sum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        return _red.mean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def prod(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _red.prod(self, dim, keepdim, dtype=dtype)

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _red.max(self, dim, keepdim)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _red.min(self, dim, keepdim)

    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _red.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _red.amin(self, dim, keepdim)

    def argmax(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.argmax(self, dim, keepdim)

    def argmin(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.argmin(self, dim, keepdim)

    def var(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _red.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _red.std(self, dim, unbiased, keepdim, correction=correction)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        return _red.norm(self, p, dim, keepdim, dtype=dtype)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        return _red.logsumexp(self, dim, keepdim)

    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _red.cumsum(self, dim, dtype=dtype)

    def abs(self) -> Tensor:
        return _ew.abs(self)

    def exp(self) -> Tensor:
        return _ew.exp(self)

    def log(self) -> Tensor:
        return _ew.log(self)

    def log10(self) -> Tensor:
        return _ew.log10(self)

    def log2(self) -> Tensor:
        return _ew.log2(self)

    def log1p(self) -> Tensor:
        return _ew.log1p(self)

    def expm1(self) -> Tensor:
        return _ew.expm1(self)

    def sqrt(self) -> Tensor:
        return _ew.sqrt(self)

    def rsqrt(self) -> Tensor:
        return _ew.rsqrt(self)

    def sin(self) -> Tensor:
        return _ew.sin(self)

    def cos(self) -> Tensor:
        return _ew.cos(self)

    def tan(self) -> Tensor:
        return _ew.tan(self)

    def tanh(self) -> Tensor:
        return _ew.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ew.sigmoid(self)

    def relu(self) -> Tensor:
        return _ew.relu(self)

    @_worded_for_method
    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        return _ew.clamp(self, min, max)

    clip = clamp

    @_worded_for_method
    def maximum(self, other: Tensor) -> Tensor:
        return _ew.maximum(self, other)

    @_worded_for_method
    def minimum(self, other: Tensor) -> Tensor:
        return _ew.minimum(self, other)

    def sign(self) -> Tensor:
        return _ew.sign(self)

    def reciprocal(self) -> Tensor:
        return _arith.reciprocal(self)

    def square(self) -> Tensor:
        return _ew.square(self)

    def floor(self) -> Tensor:
        return _ew.floor(self)

    def ceil(self) -> Tensor:
        return _ew.ceil(self)

    def round(self, *, decimals: int = 0) -> Tensor:
        return _ew.round(self, decimals=decimals)

    @_worded_for_method
    def remainder(self, other: Any) -> Tensor:
        return _ew.remainder(self, other)

    @_worded_for_method
    def floor_divide(self, other: Any) -> Tensor:
        return _ew.floor_divide(self, other)

    @_worded_for_method
    def clamp_min(self, min: Any) -> Tensor:
        return _ew.clamp_min(self, min)

    @_worded_for_method
    def clamp_max(self, max: Any) -> Tensor:
        return _ew.clamp_max(self, max)

    def isnan(self) -> Tensor:
        return _ew.isnan(self)

    def isinf(self) -> Tensor:
        return _ew.isinf(self)

    def isfinite(self) -> Tensor:
        return _ew.isfinite(self)

    def logical_not(self) -> Tensor:
        return _ew.logical_not(self)

    @_worded_for_method
    def logical_and(self, other: Any) -> Tensor:
        return _ew.logical_and(self, other)

    @_worded_for_method
    def logical_or(self, other: Any) -> Tensor:
        return _ew.logical_or(self, other)

    def where(self, condition: Tensor, other: Any) -> Tensor:
        try:
            return _ew.where(condition, self, other)
        except ArgumentTypeError:  # torch's method takes (condition, other)
            raise argument_error("where", (condition, other), method=True) from None

    @_worded_for_method
    def eq(self, other: Any) -> Tensor:
        return _ew.eq(self, other)

    @_worded_for_method
    def ne(self, other: Any) -> Tensor:
        return _ew.ne(self, other)

    @_worded_for_method
    def lt(self, other: Any) -> Tensor:
        return _ew.lt(self, other)

    @_worded_for_method
    def le(self, other: Any) -> Tensor:
        return _ew.le(self, other)

    @_worded_for_method
    def gt(self, other: Any) -> Tensor:
        return _ew.gt(self, other)

    @_worded_for_method
    def ge(self, other: Any) -> Tensor:
        return _ew.ge(self, other)

    @_worded_for_method
    def equal(self, other: Tensor) -> bool:
        return _ew.equal(self, other)

    @_worded_for_method
    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: bool = False) -> bool:
        return _ew.allclose(self, other, rtol=rtol, atol=atol, equal_nan=equal_nan)

    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.any(self, dim, keepdim)

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.all(self, dim, keepdim)

    def softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return _act.softmax(self, dim, dtype=dtype)

    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return _act.log_softmax(self, dim, dtype=dtype)

    @_worded_for_method
    def matmul(self, other: Tensor) -> Tensor:
        return _la.matmul(self, other)

    @_worded_for_method
    def mm(self, other: Tensor) -> Tensor:
        return _la.mm(self, other)

    @_worded_for_method
    def bmm(self, other: Tensor) -> Tensor:
        return _la.bmm(self, other)

    @_worded_for_method
    def dot(self, other: Tensor) -> Tensor:
        return _la.dot(self, other)

    @_worded_for_method
    def mv(self, vec: Tensor) -> Tensor:
        return _la.mv(self, vec)

    @_worded_for_method
    def outer(self, other: Tensor) -> Tensor:
        return _la.outer(self, other)

    def reshape(self, *shape: Any) -> Tensor:
        return _shape.reshape(self, *shape)

    def view(self, *shape: Any) -> Tensor:
        return _shape.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        return _shape.view(self, other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return _shape.reshape(self, other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def squeeze(self, dim: Any = None) -> Tensor:
        return _shape.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        return _shape.unsqueeze(self, dim)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return _shape.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def t(self) -> Tensor:
        return _shape.t(self)

    @property
    def T(self) -> Tensor:  # noqa: N802
        return _shape.permute(self, tuple(reversed(range(self._data.ndim))))

    @property
    def mT(self) -> Tensor:  # noqa: N802
        return _shape.matrix_transpose(self)

    def permute(self, *dims: Any) -> Tensor:
        return _shape.permute(self, *dims)

    def expand(self, *sizes: Any) -> Tensor:
        return _shape.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        return _shape.expand(self, other.shape)

    def repeat(self, *sizes: Any) -> Tensor:
        return _shape.repeat(self, *sizes)

    def flip(self, *dims: Any) -> Tensor:
        return _shape.flip(self, *dims)

    def split(self, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.split(self, split_size, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.chunk(self, chunks, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.unbind(self, dim)

    def gather(self, dim: int, index: Tensor) -> Tensor:
        return _idx.gather(self, dim, index)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        return _idx.index_select(self, dim, index)

    @_worded_for_method
    def masked_fill(self, mask: Tensor, value: Any) -> Tensor:
        return _idx.masked_fill(self, mask, value)

    def masked_fill_(self, mask: Tensor, value: Any) -> Tensor:
        return self._inplace(_idx.masked_fill, mask, value)


def _for_inplace_method(error: ArgumentTypeError) -> ArgumentTypeError:
    """An op's argument error worded for its in-place method (``add`` -> ``add_()``)."""
    name = error.call[0]
    return error.for_method(name if name.endswith("_") else name + "_")


def _method_argument_errors(op: Callable[..., Tensor], input: Tensor, args: tuple,
                            kwargs: dict) -> None:
    """Raise the in-place method's argument TypeError if ``op`` refuses these arguments; any other
    failure is left to be reported after the error already found."""
    try:
        op(input, *args, **kwargs)
    except ArgumentTypeError as error:
        raise _for_inplace_method(error) from None
    except Exception:  # noqa: BLE001, S110 - only the argument check matters here
        pass


def _write_into(target: np.ndarray, values: np.ndarray) -> None:
    """Copy ``values`` into ``target`` with torch's casting rule for in-place ops."""
    if values.dtype != target.dtype and not np.can_cast(values.dtype, target.dtype, "same_kind"):
        names = {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}
        raise RuntimeError(
            f"result type {names.get(values.dtype.name, values.dtype.name)} can't be cast to the "
            f"desired output type {names.get(target.dtype.name, target.dtype.name)}")
    np.copyto(target, values, casting="unsafe")


def _rebuild(data: np.ndarray, requires_grad: bool) -> Tensor:
    out = Tensor._make(data)
    out._requires_grad = requires_grad
    return out


# The engine modules need the class but are imported by this module: bind it into them here.
# (Through sys.modules: `autograd.gradcheck` the attribute is the function, not the module.)
import sys  # noqa: E402

for _module in ("engine", "function", "functional", "gradcheck", "op"):
    sys.modules[f"{__package__}.autograd.{_module}"].Tensor = Tensor

# The op modules import Tensor, so they are bound here, after the class exists.
from .ops import activations as _act  # noqa: E402
from .ops import arithmetic as _arith  # noqa: E402
from .ops import elementwise as _ew  # noqa: E402
from .ops import indexing as _idx  # noqa: E402
from .ops import linalg as _la  # noqa: E402
from .ops import reductions as _red  # noqa: E402
from .ops import shape as _shape  # noqa: E402
from .ops import views as _views  # noqa: E402
