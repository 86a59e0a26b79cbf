"""``Tensor``: a numpy array plus what autograd needs (``requires_grad``, ``grad``, ``grad_fn``).

Methods that compute something are one-liners into ``autograd_lab.ops``, where each op's forward and
backward live side by side.

How this module and the rest of the library know each other (the one link between them): the op
modules, the engine and ``Op`` import ``Tensor`` from here, as ordinary imports. This module imports
none of them: its methods reach the op modules through ``_ops`` (the ``autograd_lab.ops`` package)
and the engine and creation functions through ``_lab`` (the ``autograd_lab`` package), looked up
when the method runs, as torch's ``Tensor`` calls ``torch.*``. The package imports every module
right after this one, so by the time any method runs, all of it is there.
"""

from __future__ import annotations

import functools
import warnings
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

import autograd_lab as _lab  # (see the module doc: looked up when a method runs)

from . import _printing
from . import device as _devices
from . import ops as _ops
from . import random as _random
from ._arguments import (
    LENIENT_METHODS,
    ArgumentTypeError,
    argument_error,
    deprecated_call,
    dtype_argument,
    may_be_refused,
    numpy_spelled,
    parse_call,
    refusal,
)
from ._dtypes import (
    DEFAULT_FLOAT,  # noqa: F401
    bfloat16,
    bool_,
    can_cast,
    converted,
    dtype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    type_name,
    uint8,
)
from ._dtypes import as_dtype as _as_dtype
from ._quiet import restore, silenced
from .autograd import grad_mode
from .autograd.messages import (
    DETACH_VIEW_MESSAGE,
    NON_LEAF_GRAD_WARNING,
    OVERLAP_MESSAGE,
    grad_assignment_error,
)
from .autograd.meta import copy_of, is_meta, is_meta_array, meta_array, refuse_meta
from .autograd.meta import live as _meta_live
from .autograd.node import AccumulateGrad, RemovableHandle, add_hook, inplace_clock
from .autograd.record import derived, note, recorder, refuse_if_batched, watching

__all__ = ["Tensor", "Size"]

_NO_EDGE = (None, 0)



INT_HINT = ("\nHint (autograd_lab): make a float tensor, e.g. t.arange(0., 3.) or "
            "t.tensor([1, 2], dtype=t.float32), or convert with .float().")


def _worded_for_method(method: Callable) -> Callable:
    """A Tensor method whose argument errors are torch's, worded for the method: an op's argument
    TypeError is re-worded (``x.add(None)``: "argument 'other' (position 1)", counted after
    ``self``), and any failure of a call torch's parser refuses (``x.sum(dim=1.0)``) is torch's
    TypeError (torch checks argument types first)."""
    name = method.__name__

    @functools.wraps(method)
    def checked(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ArgumentTypeError as error:
            renamed = numpy_spelled(method, name, kwargs)
            if renamed is not None:  # x.cumsum(axis=0): torch's parser reads numpy's names
                return checked(self, *args, **renamed)
            raise error.for_method(name) from None
        except Exception:
            renamed = numpy_spelled(method, name, kwargs)
            if renamed is not None:
                return checked(self, *args, **renamed)
            named = deprecated_call(name, args, kwargs, method=True)
            if named is not None:  # (x.add_(-lr, g): warned, then called as it should be)
                return checked(self, **named)
            problem = refusal(name, args, kwargs, method=True)
            if problem is None:
                raise
            raise problem from None

    if name not in LENIENT_METHODS:
        return checked
    position = LENIENT_METHODS[name]

    @functools.wraps(method)
    def refusing_first(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        if may_be_refused(args, position):  # (a call that worked here and fails under torch)
            problem = refusal(name, args, kwargs, method=True)
            if problem is not None:
                raise problem
        return checked(self, *args, **kwargs)

    return refusing_first


_LEGACY_TYPES = {f"torch.{dt.type_name}Tensor": dt for dt in (bool_, float16, float32, float64, int8,
                                                              int16, int32, int64, uint8, bfloat16)}
"""``Tensor.type``'s legacy names: ``"torch.FloatTensor"`` is float32, and so on."""


class LegacyTensorType(type):
    """The type of torch's legacy typed constructors (``torch.FloatTensor``, ``torch.LongTensor``,
    ...): calling one makes a tensor of its dtype as ``torch.Tensor(...)`` does (data converted,
    ``LongTensor(3)`` a size); ``isinstance(t, torch.LongTensor)`` asks whether ``t`` is an int64
    tensor. They are not subclasses of Tensor (as in torch)."""

    dtype: dtype

    def __call__(cls, *args: Any, **kwargs: Any) -> Tensor:
        result = _new(Tensor)
        result._fill(cls.dtype, args, kwargs)
        return result

    def __instancecheck__(cls, value: Any) -> bool:
        return isinstance(value, Tensor) and value._data.dtype == cls.dtype.numpy

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"


LEGACY_TENSOR_TYPES = {name.removeprefix("torch."): LegacyTensorType(
    name.removeprefix("torch."), (), {"dtype": dt, "__module__": "torch"})
    for name, dt in _LEGACY_TYPES.items()}
"""``FloatTensor``, ``LongTensor``, ... by name."""


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


def _no_accumulator() -> None:
    return None


class _LeafState:
    """What only some tensors need: hooks, ``retain_grad``, the leaf's AccumulateGrad (weakly), for
    a view, what it is a view of (for a base, its views), and inside a dual level, the tangent.

    The defaults are class attributes, and an instance holds only what was set on it: every view
    gets a state (``P[3, 4]`` in a loop), so making one must cost next to nothing. Nothing here is
    mutable and shared: ``hooks`` and ``views`` start as None and get their own dict and list."""

    hooks: dict[int, Callable] | None = None
    post_accumulate: dict[int, Callable] | None = None  # a leaf's, after .grad is written
    retains_grad = False
    accumulator: Callable[[], AccumulateGrad | None] = staticmethod(_no_accumulator)
    view: Any = None  # for views: what they are views of (ops/views.py's ViewState: the state itself)
    views: list | None = None  # for bases: weak references to their views
    prune_views_at = 32  # how long ``views`` may grow before its dead are dropped (ops/views.py)
    tangent: Tensor | None = None  # forward mode (autograd/forward_ad.py)
    # the arrays it held before in-place view ops (t_, squeeze_ ...) gave it other ones: a node
    # that saved one of them saved this tensor (its in-place check must see the change)
    former_arrays: tuple[np.ndarray, ...] = ()


_new = object.__new__
_ndarray = np.ndarray


def _in_place_operator(name: str) -> Callable[[Tensor, Any], Tensor]:
    """``x += y`` (and -=, *=, /=: ``name`` "add", "sub", "mul", "div"): written by the op's in-place
    fast path (fast_paths.py) where nothing is recorded, before the method's own layers, else
    ``x.add_(y)``. For a tensor that requires grad, the op's recorded in-place fast path, where
    fast_paths.py has one, is tried instead; else it goes to the method: its change is recorded,
    or, under no_grad, the method's ``_inplace`` tries the fast path itself."""
    method = name + "_"

    def operator(self: Tensor, other: Any) -> Tensor:
        function = getattr(_ops.arithmetic, name)
        kernel = function._recorded_inplace_kernel if self._requires_grad else \
            function._inplace_kernel
        if kernel is not None and kernel(self, other):
            return self
        try:
            return getattr(self, method)(other)
        except ArgumentTypeError:
            return NotImplemented  # Python: "unsupported operand type(s) for +=", as torch

    operator.__name__ = operator.__qualname__ = f"__i{'truediv' if name == 'div' else name}__"
    return operator


class _TensorType(type):
    """The type of Tensor and its subclasses, so that ``type(x)`` prints as torch's does:
    ``<class 'torch.Tensor'>``, ``<class 'torch.nn.parameter.Parameter'>`` (a learner's own
    subclass keeps its module; the classes keep their real ``__module__``: inspect finds them), and
    so that a subclass given its own ``__torch_function__`` gets its methods routed to it
    (``autograd_lab/overrides.py``)."""

    def __init__(cls, name: str, bases: tuple, namespace: dict, **kwargs: Any) -> None:
        super().__init__(name, bases, namespace, **kwargs)
        if "__torch_function__" in namespace and any(isinstance(b, _TensorType) for b in bases):
            _lab.overrides.route_methods(cls)  # (a subclass with its own override)

    def __setattr__(cls, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "__torch_function__":  # (an override assigned after the class was made)
            _lab.overrides.route_methods(cls)

    def __repr__(cls) -> str:
        if cls is Tensor:
            return "<class 'torch.Tensor'>"
        module = cls.__module__
        if module == "autograd_lab" or module.startswith("autograd_lab."):
            return f"<class 'torch{module.removeprefix('autograd_lab')}.{cls.__qualname__}'>"
        return super().__repr__()


class Tensor(metaclass=_TensorType):
    """An n-dimensional array that can record the ops applied to it and differentiate through them."""

    __slots__ = ("_data", "grad_fn", "_requires_grad", "_output_nr", "_grad", "_vc", "_state",
                 "__weakref__")

    __array_priority__ = 1000  # ndarray (op) Tensor defers to Tensor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """``torch.Tensor(...)``, torch's legacy constructor: ``Tensor([1, 2])`` copies the data as
        float32 (whatever its type), ``Tensor(2, 3)`` or ``Tensor(torch.Size([2, 3]))`` is an
        uninitialized (here: zero) float32 tensor of that size, ``Tensor()`` an empty one, and
        ``Tensor(t)`` shares ``t``'s memory. ``torch.tensor(data, dtype=...)`` is the modern way."""
        self._fill(None, args, kwargs)

    def _fill(self, dt: dtype | None, args: tuple, kwargs: dict) -> None:
        """Set up a new leaf from the legacy constructor's arguments (``dt`` None for
        ``torch.Tensor``, else a typed constructor's dtype)."""
        source = _lab.creation.legacy_data(dt, args, kwargs)
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._state = None
        self._requires_grad = False
        if isinstance(source, Tensor):  # an alias: same memory and version counter
            if source._requires_grad:
                raise RuntimeError(
                    "torch.Tensor(t) of a tensor that requires grad is an alias recorded in the "
                    "graph (AliasBackward0), which autograd_lab does not make: use t.view_as(t), "
                    "or t.detach() for a tensor without history")
            self._data = source._data
            self._vc = source._version_counter()
        else:
            self._data = source
            self._vc = None

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

    @_worded_for_method
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
        return self._data.dtype.kind in "fV"  # (V: bfloat16)

    @property
    def device(self) -> Any:
        """``device(type='cpu')``, where everything runs here, or ``device(type='meta')`` for a
        tensor without values (``autograd/meta.py``)."""
        return _devices.META if _meta_live.on and is_meta(self) else _devices.CPU

    @property
    def is_cuda(self) -> bool:
        return False

    @property
    def is_cpu(self) -> bool:
        return not (_meta_live.on and is_meta(self))

    @property
    def is_meta(self) -> bool:
        """Whether this tensor is on the meta device: a shape and a dtype, no values."""
        return _meta_live.on and is_meta(self)

    def get_device(self) -> int:
        """-1, torch's answer for a tensor on the CPU (an accelerator's tensors give its index)."""
        return -1

    @property
    def layout(self) -> Any:
        """``torch.strided``: a dense array with strides (the only layout here)."""
        return _devices.strided

    # torch's other kinds of tensor, none of which exists here
    is_sparse = is_quantized = is_nested = property(lambda self: False)

    def type(self, dtype: Any = None) -> str | Tensor:
        """Without an argument, torch's legacy type name (``torch.FloatTensor``); with a dtype or
        such a name, the tensor converted to it."""
        if dtype is None:
            return f"torch.{self.dtype.type_name}Tensor"
        target = _legacy_type(dtype)
        return self if target is None else self.to(target)

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
        if value.__class__ is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self.grad_fn is not None:
            if not value:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use "
                    "a computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach().")
            return
        if value and self._data.dtype.kind not in "fV":
            _refuse_grad_of(self)
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients" + INT_HINT)
        self._requires_grad = bool(value)

    def _require_grad_at_creation(self) -> Tensor:
        """``requires_grad=True`` given to a factory (or Variable): torch words this error with a
        capital letter."""
        if self._data.dtype.kind not in "fV":
            _refuse_grad_of(self)
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients" + INT_HINT)
        self._requires_grad = True
        return self

    @_worded_for_method
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return the tensor."""
        if requires_grad.__class__ is not bool:
            raise TypeError("requires_grad_() takes a bool")
        if self.grad_fn is None and requires_grad and self._data.dtype.kind not in "fV":
            _refuse_grad_of(self)
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
        if self._grad is None and self.grad_fn is not None and not self.retains_grad:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            problem = grad_assignment_error(value._data, self._data)
            if problem is not None:
                raise problem
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None  # ``del x.grad``, as torch: the same as ``x.grad = None``

    @property
    def retains_grad(self) -> bool:
        return self._state is not None and self._state.retains_grad

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf tensor after backward (leaves always keep it)."""
        if watching.count:
            note("hook", self, "retain_grad")
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None:
            return
        self._leaf_state().retains_grad = True
        self.grad_fn._node_hooks().retain_grad[self._output_nr] = weakref.ref(self)

    def _rebase_history(self, grad_fn: Any, output_nr: int) -> None:
        """``grad_fn`` becomes this tensor's history after an in-place change (or, for a view, after
        its base changed). A tensor that retains grad takes its retain_grad hook along, as torch
        moves it: ``.grad`` is the gradient of the latest value. Hooks registered before the change
        stay on the old node, which sees the gradient of the old value."""
        old = self.grad_fn
        if old is not None and self._state is not None and self._state.retains_grad:
            hooks = old._hooks
            if hooks is not None and hooks.retain_grad.get(self._output_nr) is not None \
                    and hooks.retain_grad[self._output_nr]() is self:
                del hooks.retain_grad[self._output_nr]
            if grad_fn is not None:
                grad_fn._node_hooks().retain_grad[output_nr] = weakref.ref(self)
        self.grad_fn, self._output_nr = grad_fn, output_nr

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned tensor replaces it."""
        if watching.count:
            note("hook", self, "register_hook")
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            table = self.grad_fn._node_hooks().tensor_pre.setdefault(self._output_nr, {})
        else:
            state = self._leaf_state()
            table = state.hooks
            if table is None:
                table = state.hooks = {}
        return add_hook(table, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]) -> RemovableHandle:
        """Call ``hook(tensor)`` after a backward pass has added this leaf's gradient into its
        ``.grad`` (an optimizer step per parameter, as soon as its gradient is complete). The hook
        must return None."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        state = self._leaf_state()
        if state.post_accumulate is None:
            state.post_accumulate = {}
        return add_hook(state.post_accumulate, hook)

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
        version = self._vc
        if version is None:
            version = self._vc = [0]
        inplace_clock.tick(version)
        if watching.count:
            note("changed", self)  # (a compiler's tracer checks it knows what the change was)

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None) -> None:
        """Compute the gradient of this tensor w.r.t. graph leaves and accumulate it in their ``.grad``."""
        _lab.autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # -- data, copies and conversion -------------------------------------------------------------

    @property
    def data(self) -> Tensor:
        """The same memory as a tensor that is cut from the graph (autograd does not see changes)."""
        if self._data.__class__ is not _ndarray and _lab._subclasses.holds_no_data(self):
            return _lab._subclasses.dispatch_detach(self)  # (aten.detach.default, as torch)
        return derived(Tensor._make(self._data), self, complex_ok=True, bfloat16_ok=True)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's memory (and version counter), not requiring grad."""
        if self._data.__class__ is not _ndarray and _lab._subclasses.holds_no_data(self):
            return _lab._subclasses.dispatch_detach(self)  # its __torch_dispatch__ decides
        out = Tensor._make(self._data)
        out._vc = self._version_counter()
        return derived(out, self, complex_ok=True, bfloat16_ok=True)

    @staticmethod
    def _make_wrapper_subclass(cls: type, size: Any, **metadata: Any) -> Tensor:
        """A new ``cls`` instance (a subclass with ``__torch_dispatch__``) with this metadata
        (``dtype=``, ``device=``, ``strides=``, ``requires_grad=`` ...) and no data of its own:
        every op on it goes to ``cls.__torch_dispatch__`` (``autograd_lab/_subclasses.py``)."""
        return _lab._subclasses.make_wrapper_subclass(cls, size, **metadata)

    @classmethod
    def __torch_function__(cls, func: Callable[..., Any], types: Any, args: tuple = (),
                           kwargs: dict | None = None) -> Any:
        """torch's default override, which a subclass inherits (and may call from its own):
        ``func(*args, **kwargs)`` with the overrides disabled, a Tensor result as an instance of
        ``cls`` (``autograd_lab/overrides.py``)."""
        return _lab.overrides.default_torch_function(cls, func, types, args, kwargs)

    def module_load(self, other: Tensor, assign: bool = False) -> Tensor:
        """What ``nn.Module.load_state_dict`` swaps into this parameter or buffer for the state
        dict's ``other`` (with ``torch.__future__.set_swap_module_params_on_conversion(True)``):
        ``other.detach()`` with ``assign``, else ``self.copy_(other).detach()``. A subclass can
        override it through ``__torch_function__`` (``autograd_lab/overrides.py``)."""
        overrides = _lab.overrides
        if overrides.has_torch_function((self, other)):
            return overrides.handle_torch_function(Tensor.module_load, (self, other), self, other,
                                                   assign=assign)
        return other.detach() if assign else self.copy_(other).detach()

    def _fw_primal(self, level: int) -> Tensor:
        """A view of this tensor's value without its tangent (what ``unpack_dual`` returns as the
        primal); differentiable in reverse mode."""
        return _ops.views.fw_primal(self)

    def _dual_view(self) -> Tensor:
        """The view ``make_dual`` attaches a tangent to (``ViewBackward0``): a view in reverse mode
        only, whose tangent is its own."""
        return _ops.views.dual_view(self)

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph in place: it becomes a leaf that does not require grad.
        (A view cannot be: torch's error says to use ``detach()``.)"""
        if self._state is not None and self._state.view is not None:
            raise RuntimeError(DETACH_VIEW_MESSAGE)
        self.grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        return self

    def clone(self) -> Tensor:
        """A copy with its own memory; differentiable (``CloneBackward0``)."""
        return _ops.arithmetic.clone(self)

    def contiguous(self) -> Tensor:
        """This tensor if its memory is in row-major order, else a row-major copy (``CloneBackward0``)."""
        return _ops.shape.contiguous(self)

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The underlying numpy array (shared memory). Refused while the tensor requires grad."""
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead.")
        if _meta_live.on:
            refuse_meta(self, "numpy")
        refuse_if_batched(self, "data")
        if self._data.dtype.kind == "V":  # (bfloat16: numpy has no such type, nor has torch's numpy())
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self._data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def item(self) -> float | int | bool:
        """The single value of a one-element tensor as a Python number."""
        refuse_if_batched(self, "item")
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return _python_values(self._data.reshape(()))

    def tolist(self) -> Any:
        refuse_if_batched(self, "data")
        return _python_values(self._data)

    def __float__(self) -> float:
        if self._requires_grad and not _float_warned and grad_mode.recording():
            _warn_float_of_requires_grad()
        value = self.item()
        if value.__class__ is complex:  # (torch refuses, where numpy would drop the imaginary part)
            raise RuntimeError("value cannot be converted to type double without overflow")
        return float(value)

    def __int__(self) -> int:
        value = self.item()
        if value.__class__ is complex:
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
        return int(value)

    def __complex__(self) -> complex:
        return complex(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self) -> bool:
        refuse_if_batched(self, "control flow")
        if self._data.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with "
                               f"{'no values' if not self._data.size else 'more than one value'} "
                               f"is ambiguous")
        return bool(self.item())

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """Convert to another dtype (differentiable, ``ToCopyBackward0``): ``to(dtype)``,
        ``to(device, dtype)``, ``to(other_tensor)``, with ``copy=``. Only the CPU exists here, so
        ``.to("cpu")`` returns the tensor and any other device is an error."""
        to_dtype = _ops.arithmetic.to_dtype

        if len(args) == 1 and not kwargs and args[0].__class__ is dtype:
            target, copy, place = args[0], False, None  # x.to(t.float64): the common call
        else:
            target, copy, place = _to_arguments(args, kwargs)
            if place is not None and place != self.device:
                return self._moved(place, target)
        if target is None or target is self.dtype:
            return self.clone() if copy else self
        return to_dtype(self, target)

    def _moved(self, place: Any, target: dtype | None) -> Tensor:
        """``to(place)`` between the CPU and the meta device: values cannot leave a meta tensor;
        a CPU tensor's go (its shape and dtype alone stay, outside the graph)."""
        if place == _devices.CPU:
            refuse_meta(self, "data")
        # (ToCopyBackward0, as torch; and a tensor without data hands the move to its dispatch)
        if self._requires_grad and grad_mode.recording() or (
                self._data.__class__ is not _ndarray and _lab._subclasses.holds_no_data(self)):
            return _ops.arithmetic.ToCopy.apply(self, target=(target or self.dtype).numpy,
                                                to_meta=True)
        return Tensor._make(meta_array(self._data.shape, (target or self.dtype).numpy))

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

    def bfloat16(self) -> Tensor:
        """This tensor rounded to bfloat16 (to nearest even, as torch; a storage dtype here: see
        the README's "bfloat16")."""
        return self.to(bfloat16)

    def short(self) -> Tensor:
        return self.to(int16)

    def char(self) -> Tensor:
        return self.to(int8)

    def byte(self) -> Tensor:
        return self.to(uint8)

    def bool(self) -> Tensor:
        return self.to(bool_)

    def cpu(self) -> Tensor:
        if _meta_live.on:
            refuse_meta(self, "data")  # (no values to copy)
        return self

    def cuda(self, device: Any = None, non_blocking: bool = False) -> Tensor:
        """There is no GPU here: always an error (``torch.cuda.is_available()`` is False)."""
        if isinstance(device, bool):
            raise TypeError("cuda(): argument 'device' (position 1) must be torch.device, not bool")
        _devices.check_device("cuda" if device is None else device)
        return self

    def __repr__(self) -> str:
        if watching.count:
            note("read", self, "print")
        if self.grad_fn is not None:
            suffixes = [f"grad_fn=<{type(self.grad_fn).__name__}>"]
        elif self._requires_grad:
            suffixes = ["requires_grad=True"]
        else:
            suffixes = []
        if self._state is not None:  # a dual tensor shows its tangent, as in torch
            tangent = _lab.autograd.forward_ad.tangent_of(self)
            if tangent is not None:
                suffixes.append(f"tangent={tangent}")
        if _meta_live.on and is_meta(self):  # no values to show: the shape, and any dtype
            return _printing.format_meta(self._data, suffixes)
        return _printing.format_tensor(self._data, self._data.dtype.name, suffixes)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        # as torch: a plain 0-d tensor formats as its number (f"{loss}" prints 2.4540...); other
        # tensors (and Parameters) as their repr, and take no format spec (torch's TypeError)
        if self._data.ndim == 0 and type(self) is Tensor and not is_meta(self):
            return format(self.item(), spec)
        return object.__format__(self, spec)

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __reversed__(self) -> Tensor:
        """``reversed(t)``: as torch, the tensor flipped along dim 0 (``FlipBackward0``), not an
        iterator; a 0-d tensor is itself."""
        if self._data.ndim == 0:
            return self
        return self.flip(0)

    def __hash__(self) -> int:
        return id(self)

    def __reduce_ex__(self, protocol: int) -> Any:
        return (_rebuild, (self._data, self._requires_grad))

    def __deepcopy__(self, memo: dict) -> Tensor:
        """A copy of a graph leaf with its own memory, ``requires_grad`` and a copy of ``.grad``;
        a tensor a graph produced is torch's RuntimeError (its history cannot be copied)."""
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support "
                               "the deepcopy protocol at the moment.  If you were attempting to "
                               "deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        copy = _rebuild(copy_of(self._data), self._requires_grad)
        memo[id(self)] = copy
        if self._grad is not None:
            copy._grad = self._grad.__deepcopy__(memo)
        return copy

    # -- in-place ops ----------------------------------------------------------------------------

    def _check_inplace(self) -> None:
        self._check_leaf_change()
        if not self._data.flags.writeable and not (_meta_live.on and is_meta(self)):
            raise RuntimeError(OVERLAP_MESSAGE)  # an expanded tensor: elements share a location

    def _check_leaf_change(self) -> None:
        """torch's error for changing a leaf that requires grad in place (values or shape); torch
        words it for a view (of a tensor that is a leaf) when the leaf is itself a view."""
        if self.grad_fn is None and self._requires_grad and grad_mode.state.enabled:
            view = self._state.view if self._state is not None else None
            if view is not None and view.no_grad:
                raise RuntimeError(_ops.views.NO_GRAD_VIEW_MESSAGE)
            if view is not None and view.base.grad_fn is None:
                raise RuntimeError(_ops.views.LEAF_VIEW_MESSAGE)
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
            view = self._state.view if self._state is not None else None
            if view is not None:
                # torch's errors for a view (of a leaf, made under no_grad, one of several
                # outputs) come before its error for an expanded one
                _ops.views.check_view_change(self, grad_mode.state.enabled and (
                    self._requires_grad or view.base._requires_grad or _any_requires_grad(args)))
            self._check_inplace()
        except RuntimeError:
            with grad_mode.no_grad():
                _method_argument_errors(op, self.detach(), args, kwargs)
            raise
        records = (not grad_mode.off.count or grad_mode.state.enabled) and (
            self._requires_grad or _any_requires_grad(args))
        if watching.count:
            if recorder.batching is not None:  # inside func.vmap
                recorder.batching.check_inplace(self, args, op.__name__)
        elif not records:  # (a change to record: the fast path would decline)
            kernel = getattr(op, "_inplace_kernel", None)
            if kernel is not None and kernel(self, *args, **kwargs):
                return self  # a fast path wrote the result and counted the version (fast_paths.py)
        if self._state is not None and self._state.view is not None:
            # the base must learn of the change
            if watching.count:
                note("inplace", self, None)  # (a view's base changes too: not followed)
            return _ops.views.inplace_on_view(self, op, args, kwargs, _write_into)
        dual = _lab.autograd.forward_ad.state.active  # forward mode: the tangent changes too
        try:
            if records:
                before = Tensor._make(copy_of(self._data), self.grad_fn, self._output_nr)
                before._requires_grad = self._requires_grad
                if dual:
                    _ops.views.carry_tangent(self, before)
                if watching.count:
                    note("snapshot", before, self)
                result = op(before, *args, **kwargs)
            elif watching.count:
                with grad_mode.no_grad():  # a trace shows the in-place op, not the op it runs
                    result = op(self, *args, **kwargs)
            else:  # no input requires grad (or grad mode is off): the op records nothing anyway
                result = op(self, *args, **kwargs)
        except ArgumentTypeError as error:
            raise _for_inplace_method(error) from None
        _write_into(self._data, result._data)
        if dual:
            _ops.views.write_tangent(self, result)
        if watching.count:
            note("inplace", self, result)
        if records:
            self._rebase_history(result.grad_fn, result._output_nr)
            self._requires_grad = result._requires_grad
            if self._state is not None and self._state.views:
                _ops.views.refresh_views(self)  # its views now read the changed values
        self._bump_version()
        if records and getattr(result.grad_fn, "_result_index", None) is not None:
            result.grad_fn._result_written_into(self._vc)
        return self

    @_worded_for_method
    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_ops.arithmetic.add, other, alpha=alpha)

    @_worded_for_method
    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_ops.arithmetic.sub, other, alpha=alpha)

    @_worded_for_method
    def mul_(self, other: Any) -> Tensor:
        return self._inplace(_ops.arithmetic.mul, other)

    @_worded_for_method
    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return self._inplace(_ops.arithmetic.div, other, rounding_mode=rounding_mode)

    @_worded_for_method
    def pow_(self, exponent: Any) -> Tensor:
        return self._inplace(_ops.arithmetic.pow, exponent)

    def neg_(self) -> Tensor:
        return self._inplace(_ops.arithmetic.neg)

    negative_ = neg_

    def exp_(self) -> Tensor:
        return self._inplace(_ops.elementwise.exp)

    @_worded_for_method
    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        return self._inplace(_ops.elementwise.clamp, min, max)

    clip_ = clamp_

    @_worded_for_method
    def copy_(self, src: Any) -> Tensor:
        """Overwrite this tensor with ``src`` (broadcast to its shape); differentiable w.r.t. ``src``."""
        return self._inplace(_ops.arithmetic.copy_from, src)

    def zero_(self) -> Tensor:
        return self._inplace(_ops.arithmetic.zero)

    @_worded_for_method
    def fill_(self, value: Any) -> Tensor:
        return self._inplace(_ops.arithmetic.fill, value)

    @_worded_for_method
    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        return self._overwrite(lambda: _random.normal_array(self._data.shape, mean, std,
                                                           generator=generator))

    @_worded_for_method
    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        return self._overwrite(lambda: _random.uniform_array(self._data.shape, a, b,
                                                            generator=generator))

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Tensor:
        return _lab.creation.multinomial(self, num_samples, replacement, generator=generator)

    def _overwrite(self, draw: Callable[[], np.ndarray]) -> Tensor:
        """Fill with the new constant values ``draw()`` makes (the random in-place initializers;
        a meta tensor takes no draws)."""
        self._check_inplace()
        if not (_meta_live.on and is_meta(self)):
            _write_into(self._data, draw())
        tangent = _lab.autograd.forward_ad.tangent_of(self) if self._state is not None else None
        if tangent is not None:
            tangent._data[...] = 0  # torch: the tangent of a random fill is zero
        if self.grad_fn is not None and grad_mode.state.enabled:
            self.grad_fn = None  # a constant now; torch would record a node with zero gradient
            self._requires_grad = False
        self._bump_version()
        return self

    __iadd__ = _in_place_operator("add")
    __isub__ = _in_place_operator("sub")
    __imul__ = _in_place_operator("mul")
    __itruediv__ = _in_place_operator("div")

    # Without these Python would run ``x = x ** y`` for ``x **= y``: a new tensor, the old one (and
    # every view of it) unchanged. torch modifies the tensor in place.

    def __ipow__(self, exponent: Any) -> Tensor:
        try:
            return self.pow_(exponent)
        except ArgumentTypeError:
            return NotImplemented

    def __ifloordiv__(self, other: Any) -> Tensor:
        try:
            return self.floor_divide_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __imod__(self, other: Any) -> Tensor:
        try:
            return self.remainder_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __iand__(self, other: Any) -> Tensor:
        try:
            return self.bitwise_and_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __ior__(self, other: Any) -> Tensor:
        try:
            return self.bitwise_or_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __ixor__(self, other: Any) -> Tensor:
        try:
            return self.bitwise_xor_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __ilshift__(self, other: Any) -> Tensor:
        try:
            return self.bitwise_left_shift_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __irshift__(self, other: Any) -> Tensor:
        try:
            return self.bitwise_right_shift_(other)
        except ArgumentTypeError:
            return NotImplemented

    def __setitem__(self, key: Any, value: Any) -> None:
        _ops.indexing.setitem(self, key, value)

    # -- operators: into ops/; an operand that is neither a number nor a tensor gives NotImplemented,
    # so Python raises its own TypeError ("unsupported operand type(s) for +: 'Tensor' and
    # 'NoneType'") or lets the other operand try (``[1] * t.tensor(2)`` repeats the list), as torch

    def __add__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.add(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.sub(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rsub__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.rsub(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __mul__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.mul(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rmul__(self, other: Any) -> Tensor:
        mul = _ops.arithmetic.mul
        try:
            return mul(other, self) if isinstance(other, Tensor) else mul(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __truediv__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.div(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rtruediv__(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic.rdiv(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __pow__(self, exponent: Any) -> Tensor:
        try:
            return _ops.arithmetic.pow(self, exponent)
        except ArgumentTypeError:
            return NotImplemented

    def __rpow__(self, base: Any) -> Tensor:
        try:
            return _ops.arithmetic.rpow(self, base)
        except ArgumentTypeError:
            return NotImplemented

    def __neg__(self) -> Tensor:
        return _ops.arithmetic.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _ops.elementwise.abs(self)

    def __matmul__(self, other: Any) -> Tensor:
        if not isinstance(other, Tensor):
            return NotImplemented  # Python's "unsupported operand type(s) for @", as torch
        return _ops.linalg.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        if not isinstance(other, Tensor):
            return NotImplemented
        return _ops.linalg.matmul(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.floor_divide(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rfloordiv__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.floor_divide(other, self)
        except ArgumentTypeError:
            return NotImplemented

    def __mod__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.remainder(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rmod__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.remainder(other, self)
        except ArgumentTypeError:
            return NotImplemented

    # ``tensor == None`` (or a string, a list) is plain False, as in torch: Python's fallback
    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _ops.elementwise.eq(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _ops.elementwise.ne(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __lt__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.lt(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __le__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.le(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __gt__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.gt(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __ge__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.ge(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __and__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_and(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __rand__ = __and__

    def __or__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_or(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __ror__ = __or__

    def __xor__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_xor(self, other)
        except ArgumentTypeError:
            return NotImplemented

    __rxor__ = __xor__

    def __lshift__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_left_shift(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rlshift__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_left_shift(other, self)
        except ArgumentTypeError:
            return NotImplemented

    def __rshift__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_right_shift(self, other)
        except ArgumentTypeError:
            return NotImplemented

    def __rrshift__(self, other: Any) -> Tensor:
        try:
            return _ops.elementwise.bitwise_right_shift(other, self)
        except ArgumentTypeError:
            return NotImplemented

    def __invert__(self) -> Tensor:
        if self._data.dtype.kind == "f":
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                            "tensors")
        return _ops.elementwise.bitwise_not(self)

    def __getitem__(self, key: Any) -> Tensor:
        # (``P[3, 4]`` in a loop: fast_paths.py's kernel for a key of ints, tried before the op's
        # layers, answers None where the usual path must run)
        kernel = _ops.indexing.getitem._int_key_kernel
        if kernel is not None and (out := kernel(self, key)) is not None:
            return out
        return _ops.indexing.getitem(self, key)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy ufuncs on tensors run the matching op, so backward formulas written with numpy
        (``np.exp(x)``) are recorded when they receive tensors (double backward)."""
        return _ops.numpy_dispatch.dispatch_ufunc(ufunc, method, inputs, kwargs)

    # -- methods: one line each, into ops/ -------------------------------------------------------

    @_worded_for_method
    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _ops.arithmetic.add(self, other, alpha=alpha)

    @_worded_for_method
    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _ops.arithmetic.sub(self, other, alpha=alpha)

    subtract = sub

    @_worded_for_method
    def mul(self, other: Any) -> Tensor:
        return _ops.arithmetic.mul(self, other)

    multiply = mul

    @_worded_for_method
    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return _ops.arithmetic.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    @_worded_for_method
    def pow(self, exponent: Any) -> Tensor:
        return _ops.arithmetic.pow(self, exponent)

    def neg(self) -> Tensor:
        return _ops.arithmetic.neg(self)

    negative = neg

    @_worded_for_method
    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        return _ops.reductions.sum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    @_worded_for_method
    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        return _ops.reductions.mean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    @_worded_for_method
    def nansum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _ops.reductions.nansum(self, dim, keepdim, dtype=dtype)

    @_worded_for_method
    def nanmean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _ops.reductions.nanmean(self, dim, keepdim, dtype=dtype)

    @_worded_for_method
    def prod(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _ops.reductions.prod(self, dim, keepdim, dtype=dtype)

    @_worded_for_method
    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _ops.reductions.max(self, dim, keepdim)

    @_worded_for_method
    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _ops.reductions.min(self, dim, keepdim)

    @_worded_for_method
    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _ops.reductions.amax(self, dim, keepdim)

    @_worded_for_method
    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _ops.reductions.amin(self, dim, keepdim)

    @_worded_for_method
    def argmax(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _ops.reductions.argmax(self, dim, keepdim)

    @_worded_for_method
    def argmin(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _ops.reductions.argmin(self, dim, keepdim)

    @_worded_for_method
    def var(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _ops.reductions.var(self, dim, unbiased, keepdim, correction=correction)

    @_worded_for_method
    def std(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _ops.reductions.std(self, dim, unbiased, keepdim, correction=correction)

    @_worded_for_method
    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        return _ops.reductions.norm(self, p, dim, keepdim, dtype=dtype)

    @_worded_for_method
    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        return _ops.reductions.logsumexp(self, dim, keepdim)

    @_worded_for_method
    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _ops.reductions.cumsum(self, dim, dtype=dtype)

    def abs(self) -> Tensor:
        return _ops.elementwise.abs(self)

    def exp(self) -> Tensor:
        return _ops.elementwise.exp(self)

    def log(self) -> Tensor:
        return _ops.elementwise.log(self)

    def log10(self) -> Tensor:
        return _ops.elementwise.log10(self)

    def log2(self) -> Tensor:
        return _ops.elementwise.log2(self)

    def log1p(self) -> Tensor:
        return _ops.elementwise.log1p(self)

    def expm1(self) -> Tensor:
        return _ops.elementwise.expm1(self)

    @_worded_for_method
    def xlogy(self, other: Any) -> Tensor:
        return _ops.elementwise.xlogy(self, other)

    @_worded_for_method
    def heaviside(self, values: Tensor) -> Tensor:
        return _ops.elementwise.heaviside(self, values)

    def deg2rad(self) -> Tensor:
        return _ops.elementwise.deg2rad(self)

    def rad2deg(self) -> Tensor:
        return _ops.elementwise.rad2deg(self)

    def erfc(self) -> Tensor:
        return _ops.elementwise.erfc(self)

    @_worded_for_method
    def logaddexp2(self, other: Tensor) -> Tensor:
        return _ops.elementwise.logaddexp2(self, other)

    @_worded_for_method
    def copysign(self, other: Any) -> Tensor:
        return _ops.elementwise.copysign(self, other)

    @_worded_for_method
    def fmax(self, other: Tensor) -> Tensor:
        return _ops.elementwise.fmax(self, other)

    @_worded_for_method
    def fmin(self, other: Tensor) -> Tensor:
        return _ops.elementwise.fmin(self, other)

    def signbit(self) -> Tensor:
        return _ops.elementwise.signbit(self)

    @_worded_for_method
    def ldexp(self, other: Tensor) -> Tensor:
        return _ops.elementwise.ldexp(self, other)

    def frexp(self) -> Any:
        return _ops.elementwise.frexp(self)

    @_worded_for_method
    def gcd(self, other: Tensor) -> Tensor:
        return _ops.elementwise.gcd(self, other)

    @_worded_for_method
    def lcm(self, other: Tensor) -> Tensor:
        return _ops.elementwise.lcm(self, other)

    def isposinf(self) -> Tensor:
        return _ops.elementwise.isposinf(self)

    def isneginf(self) -> Tensor:
        return _ops.elementwise.isneginf(self)

    def isreal(self) -> Tensor:
        return _ops.elementwise.isreal(self)

    def is_complex(self) -> bool:
        """Whether the dtype is complex (complex64 or complex128)."""
        return self._data.dtype.kind == "c"

    def is_signed(self) -> bool:
        """Whether the dtype has a sign: False for bool and uint8."""
        return self._data.dtype.kind in "ficV"

    def is_same_size(self, other: Tensor) -> bool:
        """Whether ``other`` has this tensor's shape."""
        if not isinstance(other, Tensor):
            raise TypeError(f"is_same_size(): argument 'other' (position 1) must be Tensor, not "
                            f"{type(other).__name__}")
        return self._data.shape == other._data.shape

    def is_nonzero(self) -> bool:
        """Whether the one element is not zero (torch's errors for none or several)."""
        return bool(self)

    def addmm(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _lab.nn.functional.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    @_worded_for_method
    def exp2(self) -> Tensor:
        return _ops.elementwise.exp2(self)

    @_worded_for_method
    def sinc(self) -> Tensor:
        return _ops.elementwise.sinc(self)

    @_worded_for_method
    def logit(self, eps: float | None = None) -> Tensor:
        return _ops.elementwise.logit(self, eps)

    def sqrt(self) -> Tensor:
        return _ops.elementwise.sqrt(self)

    def rsqrt(self) -> Tensor:
        return _ops.elementwise.rsqrt(self)

    def sin(self) -> Tensor:
        return _ops.elementwise.sin(self)

    def cos(self) -> Tensor:
        return _ops.elementwise.cos(self)

    def tan(self) -> Tensor:
        return _ops.elementwise.tan(self)

    def tanh(self) -> Tensor:
        return _ops.elementwise.tanh(self)

    def ravel(self) -> Tensor:
        return _ops.shape.ravel(self)

    def data_ptr(self) -> int:
        """The address of the first element (views share their base's memory, offset); 0 for a
        meta tensor, which has no memory."""
        if is_meta(self):
            return 0
        return self._data.__array_interface__["data"][0]

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return self._data.nbytes

    def det(self) -> Tensor:
        return _ops.linalg.det(self)

    def inverse(self) -> Tensor:
        return _ops.linalg.inverse(self)

    def cholesky(self, upper: bool = False) -> Tensor:
        return _ops.linalg.cholesky(self, upper)

    def cholesky_solve(self, input2: Tensor, upper: bool = False) -> Tensor:
        return _ops.linalg.cholesky_solve(self, input2, upper)

    def qr(self, some: bool = True) -> Any:
        return _ops.linalg.qr(self, some)

    def svd(self, some: bool = True, compute_uv: bool = True) -> Any:
        return _ops.linalg.svd(self, some, compute_uv)

    def slogdet(self) -> Any:
        return _ops.linalg.slogdet(self)

    def logdet(self) -> Tensor:
        return _ops.linalg.logdet(self)

    def matrix_power(self, n: int) -> Tensor:
        return _ops.linalg.matrix_power(self, n)

    def matrix_exp(self) -> Tensor:
        return _ops.linalg.matrix_exp(self)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        return _ops.linalg.pinverse(self, rcond)

    def asin(self) -> Tensor:
        return _ops.elementwise.asin(self)

    def acos(self) -> Tensor:
        return _ops.elementwise.acos(self)

    def atan(self) -> Tensor:
        return _ops.elementwise.atan(self)

    def sinh(self) -> Tensor:
        return _ops.elementwise.sinh(self)

    def cosh(self) -> Tensor:
        return _ops.elementwise.cosh(self)

    def asinh(self) -> Tensor:
        return _ops.elementwise.asinh(self)

    def acosh(self) -> Tensor:
        return _ops.elementwise.acosh(self)

    def atanh(self) -> Tensor:
        return _ops.elementwise.atanh(self)

    def sigmoid(self) -> Tensor:
        return _ops.elementwise.sigmoid(self)

    def relu(self) -> Tensor:
        return _ops.elementwise.relu(self)

    @_worded_for_method
    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        return _ops.elementwise.clamp(self, min, max)

    clip = clamp

    @_worded_for_method
    def maximum(self, other: Tensor) -> Tensor:
        return _ops.elementwise.maximum(self, other)

    @_worded_for_method
    def minimum(self, other: Tensor) -> Tensor:
        return _ops.elementwise.minimum(self, other)

    def sign(self) -> Tensor:
        return _ops.elementwise.sign(self)

    def sgn(self) -> Tensor:
        return _ops.elementwise.sgn(self)

    def reciprocal(self) -> Tensor:
        return _ops.arithmetic.reciprocal(self)

    def square(self) -> Tensor:
        return _ops.elementwise.square(self)

    def floor(self) -> Tensor:
        return _ops.elementwise.floor(self)

    def ceil(self) -> Tensor:
        return _ops.elementwise.ceil(self)

    @_worded_for_method
    def round(self, *, decimals: int = 0) -> Tensor:
        return _ops.elementwise.round(self, decimals=decimals)

    def round_(self, *, decimals: int = 0) -> Tensor:
        return self._inplace(_ops.elementwise.round, decimals=decimals)

    @_worded_for_method
    def remainder(self, other: Any) -> Tensor:
        return _ops.elementwise.remainder(self, other)

    @_worded_for_method
    def floor_divide(self, other: Any) -> Tensor:
        return _ops.elementwise.floor_divide(self, other)

    @_worded_for_method
    def floor_divide_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.floor_divide, other)

    @_worded_for_method
    def bitwise_and(self, other: Any) -> Tensor:
        return _ops.elementwise.bitwise_and(self, other)

    @_worded_for_method
    def bitwise_left_shift(self, other: Any) -> Tensor:
        return _ops.elementwise.bitwise_left_shift(self, other)

    @_worded_for_method
    def bitwise_right_shift(self, other: Any) -> Tensor:
        return _ops.elementwise.bitwise_right_shift(self, other)

    @_worded_for_method
    def bitwise_or(self, other: Any) -> Tensor:
        return _ops.elementwise.bitwise_or(self, other)

    @_worded_for_method
    def bitwise_xor(self, other: Any) -> Tensor:
        return _ops.elementwise.bitwise_xor(self, other)

    def bitwise_not(self) -> Tensor:
        return _ops.elementwise.bitwise_not(self)

    # torch's aliases and the in-place forms of comparisons and logical ops (a comparison written
    # into a float tensor is 1.0 or 0.0, as torch)

    def absolute(self) -> Tensor:
        return _ops.elementwise.abs(self)

    @_worded_for_method
    def greater(self, other: Any) -> Tensor:
        return _ops.elementwise.gt(self, other)

    @_worded_for_method
    def greater_equal(self, other: Any) -> Tensor:
        return _ops.elementwise.ge(self, other)

    @_worded_for_method
    def less(self, other: Any) -> Tensor:
        return _ops.elementwise.lt(self, other)

    @_worded_for_method
    def less_equal(self, other: Any) -> Tensor:
        return _ops.elementwise.le(self, other)

    @_worded_for_method
    def not_equal(self, other: Any) -> Tensor:
        return _ops.elementwise.ne(self, other)

    @_worded_for_method
    def logical_xor(self, other: Any) -> Tensor:
        return _ops.elementwise.logical_xor(self, other)

    @_worded_for_method
    def multiply_(self, other: Any) -> Tensor:
        return self._inplace(_ops.arithmetic.mul, other)

    divide_ = div_

    @_worded_for_method
    def true_divide_(self, other: Any) -> Tensor:
        return self._inplace(_ops.arithmetic.div, other)

    @_worded_for_method
    def subtract_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_ops.arithmetic.sub, other, alpha=alpha)

    def bitwise_not_(self) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_not)

    def logical_not_(self) -> Tensor:
        return self._inplace(_ops.elementwise.logical_not)

    @_worded_for_method
    def logical_and_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.logical_and, other)

    @_worded_for_method
    def logical_or_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.logical_or, other)

    @_worded_for_method
    def logical_xor_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.logical_xor, other)

    @_worded_for_method
    def eq_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.eq, other)

    @_worded_for_method
    def ne_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.ne, other)

    @_worded_for_method
    def lt_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.lt, other)

    @_worded_for_method
    def le_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.le, other)

    @_worded_for_method
    def gt_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.gt, other)

    @_worded_for_method
    def ge_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.ge, other)

    # torch's longer names of the comparisons, in place (each worded as itself in errors)

    def _inplace_as(self, name: str, op: Callable[..., Tensor], *args: Any) -> Tensor:
        """``_inplace`` for a method torch also spells another way: argument errors name ``name``
        (``less_()``), not the op's own in-place method (``lt_()``)."""
        try:
            return self._inplace(op, *args)
        except ArgumentTypeError:
            raise argument_error(name, args, {}, method=True) from None

    @_worded_for_method
    def not_equal_(self, other: Any) -> Tensor:
        return self._inplace_as("not_equal_", _ops.elementwise.ne, other)

    @_worded_for_method
    def less_(self, other: Any) -> Tensor:
        return self._inplace_as("less_", _ops.elementwise.lt, other)

    @_worded_for_method
    def less_equal_(self, other: Any) -> Tensor:
        return self._inplace_as("less_equal_", _ops.elementwise.le, other)

    @_worded_for_method
    def greater_(self, other: Any) -> Tensor:
        return self._inplace_as("greater_", _ops.elementwise.gt, other)

    @_worded_for_method
    def greater_equal_(self, other: Any) -> Tensor:
        return self._inplace_as("greater_equal_", _ops.elementwise.ge, other)

    def sgn_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sgn)

    @_worded_for_method
    def cumsum_(self, dim: int) -> Tensor:
        return self._inplace(_ops.reductions.cumsum, dim)

    @_worded_for_method
    def cumprod_(self, dim: int) -> Tensor:
        return self._inplace(_ops.reductions.cumprod, dim)

    @_worded_for_method
    def bitwise_and_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_and, other)

    @_worded_for_method
    def bitwise_left_shift_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_left_shift, other)

    @_worded_for_method
    def bitwise_right_shift_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_right_shift, other)

    @_worded_for_method
    def bitwise_or_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_or, other)

    @_worded_for_method
    def bitwise_xor_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.bitwise_xor, other)

    @_worded_for_method
    def clamp_min(self, min: Any) -> Tensor:
        return _ops.elementwise.clamp_min(self, min)

    @_worded_for_method
    def clamp_max(self, max: Any) -> Tensor:
        return _ops.elementwise.clamp_max(self, max)

    def isnan(self) -> Tensor:
        return _ops.elementwise.isnan(self)

    def isinf(self) -> Tensor:
        return _ops.elementwise.isinf(self)

    def isfinite(self) -> Tensor:
        return _ops.elementwise.isfinite(self)

    def logical_not(self) -> Tensor:
        return _ops.elementwise.logical_not(self)

    @_worded_for_method
    def logical_and(self, other: Any) -> Tensor:
        return _ops.elementwise.logical_and(self, other)

    @_worded_for_method
    def logical_or(self, other: Any) -> Tensor:
        return _ops.elementwise.logical_or(self, other)

    @_worded_for_method
    def where(self, condition: Tensor, other: Any) -> Tensor:
        try:
            return _ops.elementwise.where(condition, self, other)
        except ArgumentTypeError:  # torch's method takes (condition, other)
            raise argument_error("where", (condition, other), method=True) from None

    @_worded_for_method
    def eq(self, other: Any) -> Tensor:
        return _ops.elementwise.eq(self, other)

    @_worded_for_method
    def ne(self, other: Any) -> Tensor:
        return _ops.elementwise.ne(self, other)

    @_worded_for_method
    def lt(self, other: Any) -> Tensor:
        return _ops.elementwise.lt(self, other)

    @_worded_for_method
    def le(self, other: Any) -> Tensor:
        return _ops.elementwise.le(self, other)

    @_worded_for_method
    def gt(self, other: Any) -> Tensor:
        return _ops.elementwise.gt(self, other)

    @_worded_for_method
    def ge(self, other: Any) -> Tensor:
        return _ops.elementwise.ge(self, other)

    @_worded_for_method
    def equal(self, other: Tensor) -> bool:
        return _ops.elementwise.equal(self, other)

    @_worded_for_method
    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: bool = False) -> bool:
        return _ops.elementwise.allclose(self, other, rtol=rtol, atol=atol, equal_nan=equal_nan)

    @_worded_for_method
    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _ops.reductions.any(self, dim, keepdim)

    @_worded_for_method
    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _ops.reductions.all(self, dim, keepdim)

    @_worded_for_method
    def softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return _ops.activations.softmax(self, dim, dtype=dtype)

    @_worded_for_method
    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return _ops.activations.log_softmax(self, dim, dtype=dtype)

    @_worded_for_method
    def matmul(self, other: Tensor) -> Tensor:
        return _ops.linalg.matmul(self, other)

    @_worded_for_method
    def mm(self, other: Tensor) -> Tensor:
        return _ops.linalg.mm(self, other)

    @_worded_for_method
    def bmm(self, other: Tensor) -> Tensor:
        return _ops.linalg.bmm(self, other)

    @_worded_for_method
    def dot(self, other: Tensor) -> Tensor:
        return _ops.linalg.dot(self, other)

    @_worded_for_method
    def mv(self, vec: Tensor) -> Tensor:
        return _ops.linalg.mv(self, vec)

    @_worded_for_method
    def outer(self, other: Tensor) -> Tensor:
        return _ops.linalg.outer(self, other)

    @_worded_for_method
    def reshape(self, *shape: Any, **named: Any) -> Tensor:
        return _ops.shape.reshape(self, *shape, **named)  # (named: shape=)

    @_worded_for_method
    def view(self, *shape: Any, dtype: Any = None, size: Any = None) -> Tensor:
        return _ops.shape.view(self, *shape, dtype=dtype, size=size)

    @_worded_for_method
    def view_as(self, other: Tensor) -> Tensor:
        return _ops.shape.view(self, other.shape)

    @_worded_for_method
    def reshape_as(self, other: Tensor) -> Tensor:
        return _ops.shape.reshape(self, other.shape)

    @_worded_for_method
    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _ops.shape.flatten(self, start_dim, end_dim)

    @_worded_for_method
    def squeeze(self, dim: Any = None) -> Tensor:
        return _ops.shape.squeeze(self, dim)

    @_worded_for_method
    def unsqueeze(self, dim: int) -> Tensor:
        return _ops.shape.unsqueeze(self, dim)

    @_worded_for_method
    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return _ops.shape.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def t(self) -> Tensor:
        return _ops.shape.t(self)

    def t_(self) -> Tensor:
        """``t()`` in place: this tensor becomes its transpose (same memory)."""
        return _ops.shape.t_(self)

    @_worded_for_method
    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        """``transpose(dim0, dim1)`` in place (same memory)."""
        return _ops.shape.transpose_(self, dim0, dim1)

    @_worded_for_method
    def swapdims_(self, dim0: int, dim1: int) -> Tensor:
        """``transpose_(dim0, dim1)``."""
        return _ops.shape.transpose_(self, dim0, dim1)

    @_worded_for_method
    def swapaxes_(self, axis0: int, axis1: int) -> Tensor:
        """``transpose_(axis0, axis1)``."""
        return _ops.shape.transpose_(self, axis0, axis1)

    @_worded_for_method
    def squeeze_(self, dim: Any = None) -> Tensor:
        """``squeeze(dim)`` in place (same memory)."""
        return _ops.shape.squeeze_(self, dim)

    @_worded_for_method
    def unsqueeze_(self, dim: int) -> Tensor:
        """``unsqueeze(dim)`` in place (same memory)."""
        return _ops.shape.unsqueeze_(self, dim)

    @property
    def T(self) -> Tensor:  # noqa: N802
        return _ops.shape.permute(self, tuple(reversed(range(self._data.ndim))))

    @property
    def mT(self) -> Tensor:  # noqa: N802
        return _ops.shape.matrix_transpose(self)

    @_worded_for_method
    def permute(self, *dims: Any, **named: Any) -> Tensor:
        return _ops.shape.permute(self, *dims, **named)  # (named: dims=)

    @_worded_for_method
    def movedim(self, source: Any, destination: Any) -> Tensor:
        return _ops.shape.movedim(self, source, destination)

    moveaxis = movedim

    @_worded_for_method
    def expand(self, *sizes: Any) -> Tensor:
        return _ops.shape.expand(self, *sizes)

    @_worded_for_method
    def expand_as(self, other: Tensor) -> Tensor:
        return _ops.shape.expand(self, other.shape)

    @_worded_for_method
    def repeat(self, *sizes: Any) -> Tensor:
        return _ops.shape.repeat(self, *sizes)

    @_worded_for_method
    def flip(self, *dims: Any, **named: Any) -> Tensor:
        return _ops.shape.flip(self, *dims, **named)  # (named: dims=)

    def split(self, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.shape.split(self, split_size, dim)

    @_worded_for_method
    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.shape.chunk(self, chunks, dim)

    @_worded_for_method
    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.shape.unbind(self, dim)

    @_worded_for_method
    def gather(self, dim: int, index: Tensor) -> Tensor:
        return _ops.indexing.gather(self, dim, index)

    @_worded_for_method
    def index_select(self, dim: int, index: Tensor) -> Tensor:
        return _ops.indexing.index_select(self, dim, index)

    @_worded_for_method
    def masked_fill(self, mask: Tensor, value: Any) -> Tensor:
        return _ops.indexing.masked_fill(self, mask, value)

    @_worded_for_method
    def masked_fill_(self, mask: Tensor, value: Any) -> Tensor:
        return self._inplace(_ops.indexing.masked_fill, mask, value)

    def log_(self) -> Tensor:
        return self._inplace(_ops.elementwise.log)

    def log2_(self) -> Tensor:
        return self._inplace(_ops.elementwise.log2)

    def log10_(self) -> Tensor:
        return self._inplace(_ops.elementwise.log10)

    def log1p_(self) -> Tensor:
        return self._inplace(_ops.elementwise.log1p)

    def expm1_(self) -> Tensor:
        return self._inplace(_ops.elementwise.expm1)

    def xlogy_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.xlogy, other)

    def deg2rad_(self) -> Tensor:
        return self._inplace(_ops.elementwise.deg2rad)

    def rad2deg_(self) -> Tensor:
        return self._inplace(_ops.elementwise.rad2deg)

    def erfc_(self) -> Tensor:
        return self._inplace(_ops.elementwise.erfc)

    def copysign_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.copysign, other)

    def heaviside_(self, values: Tensor) -> Tensor:
        return self._inplace(_ops.elementwise.heaviside, values)

    def exp2_(self) -> Tensor:
        return self._inplace(_ops.elementwise.exp2)

    def sinc_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sinc)

    def logit_(self, eps: float | None = None) -> Tensor:
        return self._inplace(_ops.elementwise.logit, eps)

    def sqrt_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sqrt)

    def rsqrt_(self) -> Tensor:
        return self._inplace(_ops.elementwise.rsqrt)

    def abs_(self) -> Tensor:
        if self._data.dtype.kind == "c":  # (the absolute values are real)
            raise RuntimeError("In-place abs is not supported for complex tensors.")
        return self._inplace(_ops.elementwise.abs)

    def sin_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sin)

    def cos_(self) -> Tensor:
        return self._inplace(_ops.elementwise.cos)

    def tan_(self) -> Tensor:
        return self._inplace(_ops.elementwise.tan)

    def tanh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.tanh)

    def asin_(self) -> Tensor:
        return self._inplace(_ops.elementwise.asin)

    def acos_(self) -> Tensor:
        return self._inplace(_ops.elementwise.acos)

    def atan_(self) -> Tensor:
        return self._inplace(_ops.elementwise.atan)

    def sinh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sinh)

    def cosh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.cosh)

    def asinh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.asinh_inplace)  # torch gives it no derivative

    def acosh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.acosh_inplace)  # torch gives it no derivative

    def atanh_(self) -> Tensor:
        return self._inplace(_ops.elementwise.atanh_inplace)  # torch gives it no derivative

    def sigmoid_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sigmoid)

    def relu_(self) -> Tensor:
        return self._inplace(_ops.elementwise.relu)

    def sign_(self) -> Tensor:
        return self._inplace(_ops.elementwise.sign)

    def floor_(self) -> Tensor:
        return self._inplace(_ops.elementwise.floor)

    def ceil_(self) -> Tensor:
        return self._inplace(_ops.elementwise.ceil)

    def trunc_(self) -> Tensor:
        return self._inplace(_ops.elementwise.trunc)

    def frac_(self) -> Tensor:
        return self._inplace(_ops.elementwise.frac)

    def square_(self) -> Tensor:
        return self._inplace(_ops.elementwise.square)

    def erf_(self) -> Tensor:
        return self._inplace(_ops.elementwise.erf)

    def reciprocal_(self) -> Tensor:
        return self._inplace(_ops.arithmetic.reciprocal)

    def trunc(self) -> Tensor:
        return _ops.elementwise.trunc(self)

    def frac(self) -> Tensor:
        return _ops.elementwise.frac(self)

    def erf(self) -> Tensor:
        return _ops.elementwise.erf(self)

    def erfinv(self) -> Tensor:
        return _ops.elementwise.erfinv(self)

    def erfinv_(self) -> Tensor:
        return self._inplace(_ops.elementwise.erfinv)

    def lgamma(self) -> Tensor:
        return _ops.elementwise.lgamma(self)

    def lgamma_(self) -> Tensor:
        return self._inplace(_ops.elementwise.lgamma)

    def digamma(self) -> Tensor:
        return _ops.elementwise.digamma(self)

    def digamma_(self) -> Tensor:
        return self._inplace(_ops.elementwise.digamma)

    def polygamma(self, n: int) -> Tensor:
        """``torch.polygamma(n, self)``."""
        return _ops.elementwise.polygamma(n, self)

    def polygamma_(self, n: int) -> Tensor:
        return self._inplace(_ops.elementwise.polygamma_of, n)

    fix = trunc
    fix_ = trunc_
    absolute_ = abs_

    @_worded_for_method
    def atan2(self, other: Tensor) -> Tensor:
        return _ops.elementwise.atan2(self, other)

    @_worded_for_method
    def atan2_(self, other: Tensor) -> Tensor:
        return self._inplace(_ops.elementwise.atan2, other)

    @_worded_for_method
    def hypot(self, other: Tensor) -> Tensor:
        return _ops.elementwise.hypot(self, other)

    @_worded_for_method
    def hypot_(self, other: Tensor) -> Tensor:
        return self._inplace(_ops.elementwise.hypot, other)

    @_worded_for_method
    def float_power(self, exponent: Any) -> Tensor:
        return _ops.arithmetic.float_power(self, exponent)

    @_worded_for_method
    def float_power_(self, exponent: Any) -> Tensor:
        """``float_power`` in place: the result is float64, so this tensor must be float64."""
        if self._data.dtype != np.float64:
            raise RuntimeError(f"the base given to float_power_ has dtype {type_name(self.dtype)} "
                               "but the operation's result requires dtype Double")
        return self._inplace(_ops.arithmetic.float_power, exponent)

    @_worded_for_method
    def logaddexp(self, other: Tensor) -> Tensor:
        return _ops.elementwise.logaddexp(self, other)

    @_worded_for_method
    def logaddexp_(self, other: Tensor) -> Tensor:
        return self._inplace(_ops.elementwise.logaddexp, other)

    @_worded_for_method
    def fmod(self, other: Any) -> Tensor:
        return _ops.elementwise.fmod(self, other)

    @_worded_for_method
    def fmod_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.fmod, other)

    arctan2 = atan2
    arctan2_ = atan2_
    arcsin = asin
    arcsin_ = asin_
    arccos = acos
    arccos_ = acos_
    arctan = atan
    arctan_ = atan_
    arcsinh = asinh
    arcsinh_ = asinh_
    arccosh = acosh
    arccosh_ = acosh_
    arctanh = atanh
    arctanh_ = atanh_

    @_worded_for_method
    def remainder_(self, other: Any) -> Tensor:
        return self._inplace(_ops.elementwise.remainder, other)

    @_worded_for_method
    def clamp_min_(self, min: Any) -> Tensor:
        return self._inplace(_ops.elementwise.clamp_min, min)

    @_worded_for_method
    def clamp_max_(self, max: Any) -> Tensor:
        return self._inplace(_ops.elementwise.clamp_max, max)

    @_worded_for_method
    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None,
                   neginf: float | None = None) -> Tensor:
        return _ops.elementwise.nan_to_num(self, nan, posinf, neginf)

    @_worded_for_method
    def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None,
                    neginf: float | None = None) -> Tensor:
        return self._inplace(_ops.elementwise.nan_to_num, nan, posinf, neginf)

    @_worded_for_method
    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        return _ops.elementwise.lerp(self, end, weight)

    @_worded_for_method
    def lerp_(self, end: Tensor, weight: Any) -> Tensor:
        return self._inplace(_ops.elementwise.lerp, end, weight)

    @_worded_for_method
    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.elementwise.addcmul(self, tensor1, tensor2, value=value)

    @_worded_for_method
    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return self._inplace(_ops.elementwise.addcmul, tensor1, tensor2, value=value)

    @_worded_for_method
    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.elementwise.addcdiv(self, tensor1, tensor2, value=value)

    @_worded_for_method
    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return self._inplace(_ops.elementwise.addcdiv, tensor1, tensor2, value=value)

    @_worded_for_method
    def isclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                equal_nan: bool = False) -> Tensor:
        return _ops.elementwise.isclose(self, other, rtol, atol, equal_nan)


    @_worded_for_method
    def masked_scatter(self, mask: Tensor, source: Tensor) -> Tensor:
        return _ops.indexing.masked_scatter(self, mask, source)

    @_worded_for_method
    def masked_scatter_(self, mask: Tensor, source: Tensor) -> Tensor:
        return self._inplace(_ops.indexing.masked_scatter, mask, source)

    @_worded_for_method
    def masked_select(self, mask: Tensor) -> Tensor:
        return _ops.indexing.masked_select(self, mask)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        return _ops.indexing.nonzero(self, as_tuple=as_tuple)

    def argwhere(self) -> Tensor:
        return _ops.indexing.argwhere(self)

    @_worded_for_method
    def narrow(self, dim: int, start: Any, length: int) -> Tensor:
        return _ops.indexing.narrow(self, dim, start, length)

    @_worded_for_method
    def select(self, dim: int, index: int) -> Tensor:
        return _ops.indexing.select(self, dim, index)

    @_worded_for_method
    def take(self, index: Tensor) -> Tensor:
        return _ops.indexing.take(self, index)

    @_worded_for_method
    def put(self, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
        return _ops.indexing.put(self, index, source, accumulate)

    @_worded_for_method
    def put_(self, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
        return self._inplace(_ops.indexing.put, index, source, accumulate)

    @_worded_for_method
    def sum_to_size(self, *size: Any) -> Tensor:
        return _ops.reductions.sum_to_size(self, *size)

    @_worded_for_method
    def take_along_dim(self, indices: Tensor, dim: int | None = None) -> Tensor:
        return _ops.indexing.take_along_dim(self, indices, dim)

    @_worded_for_method
    def scatter(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Tensor:
        return _ops.indexing.scatter(self, dim, index, src, value=value, reduce=reduce)

    @_worded_for_method
    def scatter_(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                 reduce: str | None = None) -> Tensor:
        return self._inplace(_ops.indexing.scatter, dim, index, src, value=value, reduce=reduce)

    @_worded_for_method
    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return _ops.indexing.scatter_add(self, dim, index, src)

    @_worded_for_method
    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return self._inplace(_ops.indexing.scatter_add, dim, index, src)

    @_worded_for_method
    def scatter_reduce(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                       include_self: bool = True) -> Tensor:
        return _ops.indexing.scatter_reduce(self, dim, index, src, reduce,
                                            include_self=include_self)

    @_worded_for_method
    def scatter_reduce_(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                        include_self: bool = True) -> Tensor:
        return self._inplace(_ops.indexing.scatter_reduce, dim, index, src, reduce,
                             include_self=include_self)

    @_worded_for_method
    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        return _ops.indexing.index_add(self, dim, index, source, alpha=alpha)

    @_worded_for_method
    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        return self._inplace(_ops.indexing.index_add, dim, index, source, alpha=alpha)

    def index_put(self, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
        """A copy with ``values`` written at ``self[indices]`` (a tuple of index tensors), or
        added there with ``accumulate``."""
        _ops.indexing.check_index_put("index_put", indices, values, accumulate, first_position=1)
        return _ops.indexing.put_key(self, tuple(indices), values, accumulate)

    def index_put_(self, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
        """``values`` written at ``self[indices]`` in place (a tuple of index tensors), or added
        there with ``accumulate``."""
        _ops.indexing.check_index_put("index_put_", indices, values, accumulate, first_position=1)
        return self._inplace(_ops.indexing.put_key, tuple(indices), values, accumulate=accumulate)

    @_worded_for_method
    def index_copy(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        return _ops.indexing.index_copy(self, dim, index, source)

    @_worded_for_method
    def index_copy_(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        return self._inplace(_ops.indexing.index_copy, dim, index, source)

    @_worded_for_method
    def index_fill(self, dim: int, index: Tensor, value: Any) -> Tensor:
        return _ops.indexing.index_fill(self, dim, index, value)

    @_worded_for_method
    def index_fill_(self, dim: int, index: Tensor, value: Any) -> Tensor:
        return self._inplace(_ops.indexing.index_fill, dim, index, value)

    # -- ordering, triangles, diagonals ----------------------------------------------------------

    @_worded_for_method
    def sort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Any:
        return _ops.reductions.sort(self, dim, descending, stable)

    @_worded_for_method
    def argsort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        return _ops.reductions.argsort(self, dim, descending, stable)

    @_worded_for_method
    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        return _ops.reductions.topk(self, k, dim, largest, sorted)

    @_worded_for_method
    def median(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _ops.reductions.median(self, dim, keepdim)

    @_worded_for_method
    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        return _ops.reductions.mode(self, dim, keepdim)

    @_worded_for_method
    def nanmedian(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _ops.reductions.nanmedian(self, dim, keepdim)

    @_worded_for_method
    def dist(self, other: Tensor, p: Any = 2) -> Tensor:
        return _ops.reductions.dist(self, other, p)

    def unique_consecutive(self, return_inverse: bool = False, return_counts: bool = False,
                           dim: int | None = None) -> Any:
        return _ops.reductions.unique_consecutive(self, return_inverse, return_counts, dim)

    @_worded_for_method
    def cumprod(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _ops.reductions.cumprod(self, dim, dtype=dtype)

    @_worded_for_method
    def aminmax(self, *, dim: int | None = None, keepdim: bool = False) -> Any:
        return _ops.reductions.aminmax(self, dim=dim, keepdim=keepdim)

    @_worded_for_method
    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        return _ops.reductions.kthvalue(self, k, dim, keepdim)

    @_worded_for_method
    def cummax(self, dim: int) -> Any:
        return _ops.reductions.cummax(self, dim)

    @_worded_for_method
    def cummin(self, dim: int) -> Any:
        return _ops.reductions.cummin(self, dim)

    @_worded_for_method
    def logcumsumexp(self, dim: int) -> Tensor:
        return _ops.reductions.logcumsumexp(self, dim)

    @_worded_for_method
    def tril(self, diagonal: int = 0) -> Tensor:
        return _ops.shape.tril(self, diagonal)

    @_worded_for_method
    def tril_(self, diagonal: int = 0) -> Tensor:
        return self._inplace(_ops.shape.tril, diagonal)

    @_worded_for_method
    def triu(self, diagonal: int = 0) -> Tensor:
        return _ops.shape.triu(self, diagonal)

    @_worded_for_method
    def triu_(self, diagonal: int = 0) -> Tensor:
        return self._inplace(_ops.shape.triu, diagonal)

    @_worded_for_method
    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return _ops.shape.roll(self, shifts, dims)

    @_worded_for_method
    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        return _ops.shape.diagonal(self, offset, dim1, dim2)

    @_worded_for_method
    def diag(self, diagonal: int = 0) -> Tensor:
        return _ops.shape.diag(self, diagonal)

    @_worded_for_method
    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        return _ops.shape.diag_embed(self, offset, dim1, dim2)

    @_worded_for_method
    def diagflat(self, offset: int = 0) -> Tensor:
        return _ops.shape.diagflat(self, offset)

    def fliplr(self) -> Tensor:
        return _ops.shape.fliplr(self)

    def flipud(self) -> Tensor:
        return _ops.shape.flipud(self)

    def adjoint(self) -> Tensor:
        return _ops.shape.adjoint(self)

    def msort(self) -> Tensor:
        return _ops.reductions.msort(self)

    def positive(self) -> Tensor:
        return _ops.arithmetic.positive(self)

    def conj(self) -> Tensor:
        return _ops.arithmetic.conj(self)

    def conj_physical(self) -> Tensor:
        return _ops.arithmetic.conj_physical(self)

    def resolve_conj(self) -> Tensor:
        return _ops.arithmetic.resolve_conj(self)

    def resolve_neg(self) -> Tensor:
        return _ops.arithmetic.resolve_neg(self)

    def is_conj(self) -> bool:
        return False

    def is_neg(self) -> bool:
        return False

    @property
    def real(self) -> Tensor:
        """The real part: a view of a complex tensor's memory; a real tensor itself."""
        return _ops.arithmetic.real(self)

    @real.setter
    def real(self, value: Any) -> None:
        self.real.copy_(value)

    @property
    def imag(self) -> Tensor:
        """The imaginary part of a complex tensor: a view of its memory (an error for a real
        tensor, as torch)."""
        return _ops.arithmetic.imag(self)

    @imag.setter
    def imag(self, value: Any) -> None:
        self.imag.copy_(value)

    def angle(self) -> Tensor:
        return _ops.arithmetic.angle(self)

    def cfloat(self) -> Tensor:
        return self.to(_lab.complex64)

    def cdouble(self) -> Tensor:
        return self.to(_lab.complex128)

    @_worded_for_method
    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.indexing.tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.indexing.hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.indexing.vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.indexing.dsplit(self, indices_or_sections)

    @_worded_for_method
    def cov(self, *, correction: int = 1, fweights: Tensor | None = None,
            aweights: Tensor | None = None) -> Tensor:
        return _ops.reductions.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self) -> Tensor:
        return _ops.reductions.corrcoef(self)

    @_worded_for_method
    def quantile(self, q: Any, dim: int | None = None, keepdim: bool = False, *,
                 interpolation: str = "linear") -> Tensor:
        return _ops.reductions.quantile(self, q, dim, keepdim, interpolation=interpolation)

    @_worded_for_method
    def nanquantile(self, q: Any, dim: int | None = None, keepdim: bool = False, *,
                    interpolation: str = "linear") -> Tensor:
        return _ops.reductions.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    @_worded_for_method
    def bincount(self, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
        return _ops.reductions.bincount(self, weights, minlength)

    @_worded_for_method
    def split_with_sizes(self, split_sizes: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.shape.split_with_sizes(self, split_sizes, dim)

    @_worded_for_method
    def ger(self, vec2: Tensor) -> Tensor:
        return _ops.linalg.ger(self, vec2)

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        return _ops.indexing.fill_diagonal_(self, fill_value, wrap)

    @_worded_for_method
    def trace(self) -> Tensor:
        return _ops.reductions.trace(self)

    def histogram(self, bins: Any = 100, *, range: Any = None,  # noqa: A002 - torch's name
                  weight: Tensor | None = None, density: bool = False) -> Any:
        return _ops.reductions.histogram(self, bins, range=range, weight=weight, density=density)

    @_worded_for_method
    def histc(self, bins: int = 100, min: Any = 0, max: Any = 0) -> Tensor:  # noqa: A002
        return _ops.reductions.histc(self, bins, min, max)

    @_worded_for_method
    def broadcast_to(self, size: Any) -> Tensor:
        return _ops.shape.broadcast_to(self, size)

    @_worded_for_method
    def tile(self, *dims: Any) -> Tensor:
        return _ops.shape.tile(self, dims[0] if len(dims) == 1 else dims)

    @_worded_for_method
    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        return _ops.shape.unflatten(self, dim, sizes)

    @_worded_for_method
    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """Every window of ``size`` elements, ``step`` apart, along ``dimension`` (a view)."""
        return _ops.shape.unfold(self, dimension, size, step)

    @_worded_for_method
    def repeat_interleave(self, repeats: Any = None, dim: int | None = None, *,
                          output_size: int | None = None) -> Tensor:
        return _ops.shape.repeat_interleave(self, repeats, dim, output_size=output_size)

    @_worded_for_method
    def rot90(self, k: int = 1, dims: Any = (0, 1)) -> Tensor:
        return _ops.shape.rot90(self, k, dims)

    @_worded_for_method
    def diff(self, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
             append: Tensor | None = None) -> Tensor:
        return _ops.shape.diff(self, n, dim, prepend, append)

    def unique(self, sorted: bool = True, return_inverse: bool = False,
               return_counts: bool = False, dim: int | None = None) -> Any:
        return _ops.reductions.unique(self, sorted, return_inverse, return_counts, dim)

    @_worded_for_method
    def count_nonzero(self, dim: Any = None) -> Tensor:
        return _ops.reductions.count_nonzero(self, dim)

    @_worded_for_method
    def vdot(self, other: Tensor) -> Tensor:
        return _ops.linalg.vdot(self, other)

    @_worded_for_method
    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        return _ops.linalg.cross(self, other, dim)

    @_worded_for_method
    def inner(self, other: Tensor) -> Tensor:
        return _ops.linalg.inner(self, other)

    @_worded_for_method
    def kron(self, other: Tensor) -> Tensor:
        return _ops.linalg.kron(self, other)

    @_worded_for_method
    def addmv(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.linalg.addmv(self, mat, vec, beta=beta, alpha=alpha)

    @_worded_for_method
    def addr(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.linalg.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    @_worded_for_method
    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.linalg.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    # -- random fills ----------------------------------------------------------------------------

    @_worded_for_method
    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """Fill with 1 with probability ``p`` (a number, or a tensor of probabilities), else 0."""
        probabilities = p._data if isinstance(p, Tensor) else p
        return self._overwrite(lambda: (_random.rng(generator).random(self._data.shape)
                                        < probabilities).astype(self._data.dtype))

    def bernoulli(self, p: Any = None, *, generator: Any = None) -> Tensor:
        """A tensor of 0s and 1s, each 1 with the probability this tensor holds there (or ``p``)."""
        return _lab.creation.bernoulli(self, p, generator=generator)

    @_worded_for_method
    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fill with draws from the exponential distribution of rate ``lambd``."""
        return self._overwrite(lambda: _random.rng(generator).exponential(1.0 / lambd,
                                                                         self._data.shape)
                               .astype(self._data.dtype))

    @_worded_for_method
    def random_(self, from_: int = 0, to: int | None = None, *, generator: Any = None) -> Tensor:
        """Fill with integers drawn uniformly from ``[from_, to)`` (``random_(to)``: from 0)."""
        low, high = (0, from_) if to is None and from_ != 0 else (from_, to)
        if high is None:
            high = 2 ** 24 + 1 if self._data.dtype.kind == "f" else int(np.iinfo(self._data.dtype).max)
        return self._overwrite(lambda: _random.rng(generator).integers(low, high, self._data.shape)
                               .astype(self._data.dtype))

    # -- new tensors like this one, and memory layout --------------------------------------------

    def _new_on(self, device: Any) -> Any:
        """Where a ``new_*`` tensor goes: ``device``, or this tensor's device (not the default)."""
        return self.device if device is None else device

    def new_zeros(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """Zeros of ``size`` with this tensor's dtype (unless ``dtype`` is given)."""
        return _lab.creation.zeros(*size, dtype=dtype or self.dtype, device=self._new_on(device),
                                   requires_grad=requires_grad)

    def new_ones(self, *size: Any, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """Ones of ``size`` with this tensor's dtype (unless ``dtype`` is given)."""
        return _lab.creation.ones(*size, dtype=dtype or self.dtype, device=self._new_on(device),
                                  requires_grad=requires_grad)

    def new_empty(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """A tensor of ``size`` with this tensor's dtype (zeros here, as ``empty``)."""
        return _lab.creation.empty(*size, dtype=dtype or self.dtype, device=self._new_on(device),
                                   requires_grad=requires_grad)

    def new_full(self, size: Any, fill_value: Any, *, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """``fill_value`` everywhere in a tensor of ``size``, with this tensor's dtype."""
        return _lab.creation.full(size, fill_value, dtype=dtype or self.dtype, device=self._new_on(device),
                                  requires_grad=requires_grad)

    def new_tensor(self, data: Any, *, dtype: Any = None, device: Any = None,
                   requires_grad: bool = False) -> Tensor:
        """A new leaf tensor holding a copy of ``data``, with this tensor's dtype (unless
        ``dtype`` is given)."""
        if isinstance(data, Tensor):
            warnings.warn(
                "To copy construct from a tensor, it is recommended to use sourceTensor.detach()."
                "clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
                "tensor.new_tensor(sourceTensor).", UserWarning, stacklevel=2)
            data = data._data  # (warned once: torch's own text names new_tensor)
        return _lab.creation.tensor(data, dtype=dtype or self.dtype, device=self._new_on(device),
                                    requires_grad=requires_grad)

    def type_as(self, other: Tensor) -> Tensor:
        """This tensor converted to ``other``'s dtype (itself if it has it already)."""
        return self.to(other.dtype)

    def stride(self, dim: int | None = None) -> Any:
        """How many elements apart consecutive entries of each dim are in memory."""
        itemsize = self._data.itemsize
        strides = tuple(s // itemsize for s in self._data.strides)
        if self._data.size <= 1 or 0 in self._data.shape:
            strides = _contiguous_strides(self._data.shape, strides)
        return strides if dim is None else strides[self._dim(dim)]

    @property
    def _base(self) -> Tensor | None:
        """The tensor whose memory this view looks into (the first one that is not a view), or
        None for a tensor that is not a view."""
        state = self._state
        return state.view.base if state is not None and state.view is not None else None

    def _is_view(self) -> bool:
        """Whether this tensor is a view of another one's memory."""
        return self._base is not None

    def storage_offset(self) -> int:
        """Where this tensor's first element sits in its base's memory (in elements)."""
        base = self._base
        if base is None or not self._data.size:
            return 0
        start = self._data.__array_interface__["data"][0]
        return (start - base._data.__array_interface__["data"][0]) // self._data.itemsize

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.itemsize

    @property
    def H(self) -> Tensor:  # noqa: N802
        """The conjugate transpose of a matrix (of a real one: its transpose)."""
        if self._data.ndim not in (0, 2):
            raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got "
                               f"{self._data.ndim}-D tensor.")
        return (_ops.shape.transpose(self, 0, 1) if self._data.ndim == 2 else self).conj()

    @property
    def mH(self) -> Tensor:  # noqa: N802
        return _ops.shape.matrix_transpose(self, "mH").conj()


def _contiguous_strides(shape: tuple[int, ...], strides: tuple[int, ...]) -> tuple[int, ...]:
    """torch's strides of a row-major tensor of ``shape`` (numpy may report others for tensors of
    at most one element)."""
    out, step = [], 1
    for n in reversed(shape):
        out.append(step)
        step *= max(n, 1)
    return tuple(reversed(out))


def _legacy_type(value: Any) -> dtype | None:
    """The dtype ``Tensor.type(value)`` converts to: a dtype, or a legacy name such as
    ``"torch.DoubleTensor"`` (None for a tensor class: no conversion); torch's errors otherwise."""
    if isinstance(value, dtype):
        return value
    if isinstance(value, LegacyTensorType):
        return value.dtype
    if value is Tensor:
        return float32  # torch.Tensor is the default float type's
    if isinstance(value, type) and issubclass(value, Tensor):
        return None
    if isinstance(value, str):
        target = _LEGACY_TYPES.get(value)
        if target is None:
            raise ValueError(f"invalid type: '{value}'")
        return target
    if isinstance(value, type):
        module = value.__module__
        name = value.__qualname__ if module == "builtins" else f"{module}.{value.__qualname__}"
        raise ValueError(f"invalid type: '{name}'")
    raise TypeError("dtype must be a type, str, or dtype object")


def _to_arguments(args: tuple, kwargs: dict) -> tuple[dtype | None, bool, Any]:
    """The dtype, ``copy`` and device (None if not given) of a ``Tensor.to`` call, read as torch
    reads its three signatures; torch's errors for a device string that names none, and
    autograd_lab's for a device other than the CPU and the meta device."""
    device_type = _devices.device
    values = parse_call("to", args, kwargs, method=True)
    place = values.get("device")
    if isinstance(place, str):
        try:
            device_type(place)
        except RuntimeError:
            raise RuntimeError(f"Invalid device string: '{place}'") from None
    if "tensor" in values:
        place = values["tensor"].device
    target = values["tensor"].dtype if "tensor" in values else values.get("dtype")
    return (dtype_argument(target), bool(values.get("copy", False)),
            None if place is None else _devices.placement(place))


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


_float_warned = False


def _refuse_grad_of(tensor: Tensor) -> None:
    """A complex tensor asked to require grad: torch differentiates complex values (Wirtinger
    calculus), autograd_lab does not."""
    if tensor._data.dtype.kind == "c":
        raise _lab.autograd.complex_mode.refuse_differentiation(
            f"a {tensor.dtype} tensor cannot require grad here")


def _python_values(array: np.ndarray) -> Any:
    """An array's values as Python numbers (``item``, ``tolist``); bfloat16 ones through float32
    (numpy would give ml_dtypes' scalars, not floats)."""
    if array.dtype.kind == "V":
        array = array.astype(np.float32)
    return array.tolist()


def _warn_float_of_requires_grad() -> None:
    """torch's warning for ``float(x)`` on a tensor that requires grad (with grad mode on), given
    once per process as torch gives it: the float is cut from the graph."""
    global _float_warned
    _float_warned = True
    warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
                  "behavior.\nConsider using tensor.detach() first.", UserWarning, stacklevel=3)


def _any_requires_grad(values: tuple) -> bool:
    """Whether one of ``values`` is a tensor that requires grad."""
    # (a loop rather than any() over a generator: every in-place change asks, and making the
    # generator costs more than the test)
    for value in values:  # noqa: SIM110
        if isinstance(value, Tensor) and value._requires_grad:
            return True
    return False


def _write_into(target: np.ndarray, values: np.ndarray) -> None:
    """Copy ``values`` into ``target`` with torch's rules for in-place ops: the result keeps the
    target's shape (``x.add_(y)`` may not broadcast ``x`` bigger) and casts only within its kind."""
    if values.shape != target.shape:
        raise RuntimeError(f"output with shape {list(target.shape)} doesn't match the broadcast "
                           f"shape {list(values.shape)}")
    if values.dtype != target.dtype and not can_cast(values.dtype, target.dtype):
        raise RuntimeError(f"result type {type_name(values.dtype)} can't be cast to the desired "
                           f"output type {type_name(target.dtype)}")
    if _meta_live.on and is_meta_array(target):
        return  # a meta tensor has no values to change
    quiet = silenced()  # a float64 result too big for float32 becomes inf, silently, as in torch
    try:
        # (numpy's assignment casts as copyto(casting="unsafe") does, at a third of its cost on
        # small arrays, where copyto's keyword parsing dominates); into or out of bfloat16
        # through float32, as torch rounds (``converted``)
        if values.dtype != target.dtype and "V" in (values.dtype.kind, target.dtype.kind):
            values = converted(values, target.dtype, copy=False)
        target[...] = values
    finally:
        restore(quiet)


def _rebuild(data: np.ndarray, requires_grad: bool) -> Tensor:
    out = Tensor._make(data)
    out._requires_grad = requires_grad
    return out
