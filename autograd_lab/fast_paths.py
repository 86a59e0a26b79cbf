"""Fast paths: every speed trick of the library, in one place, each registered against what it
speeds up, and all of them switchable off at once.

The op classes hold plain math: ``Tanh.backward`` is ``grad * (1 - result ** 2)`` and nothing else.
Plain math on small numpy arrays has costs that have nothing to do with the math: numpy converts a
Python number such as the ``1`` in ``1 - y`` on every call (as long as the subtraction itself),
``a + 1 * b`` multiplies by one, a broadcasting product's backward builds a full-size temporary only
to sum it away. The kernels below compute the same values without those costs. The machinery calls
an op's ``_forward_kernel`` and ``_backward_kernel`` (``autograd/op.py``); registering a kernel here
points those at it, and switching the fast paths off points them back at the rules. (So an op
whose rule you edit or monkeypatch runs your version only with the fast paths off, if it has one.)

- A kernel computes exactly what its rule computes (``tests/test_fast_paths.py`` runs every
  registered kernel against its rule, and the whole suite runs both ways in CI).
- Two paths skip the op machinery where it would record nothing: a basic key (``P[3, 4]``) is one
  numpy view instead of one view op per step, and ``x += y`` (``add_``, ``sub_``, ``mul_``,
  ``div_``) is numpy writing into x's memory instead of a new array copied in. Each checks that
  nothing needs recording (no gradient, no trace, profiler, vmap or compiler watching, no dual
  level) and otherwise declines, leaving the op to the usual path.
- Three paths record what the op machinery would record, without its layers (makemore's loop with
  a gradient: ``ll += torch.log(P[i, j])``): a key of ints on a tensor that requires grad makes the
  ``SelectBackward0`` nodes the view ops make; ``torch.log(x)`` (and the other one-input ufunc
  functions) of a tensor that requires grad makes the op's node with its own forward; ``x += y`` and
  ``x -= y`` where x has a history make the ``AddBackward0`` / ``SubBackward0`` node on x without
  the snapshot of x's old value (neither node saves it). Each makes the same nodes, with the same
  fields, sequence numbers and edges, and declines wherever the usual path has more to do: a
  subclass, grad mode off, anything watching (trace, profiler, anomaly mode, saved tensors hooks,
  vmap, compiler, meta or complex tensors), a dual level; for ``+=``, also a view, a base of views,
  a tensor that retains its grad, a leaf (torch's error), another dtype or shape.
- Kernels only ever see numpy arrays (a forward kernel saves what its rule saves); under
  ``create_graph=True`` the backward rules themselves run.
- The one kernel that changes memory behaviour, ``AccumulateGrad``'s, keeps a gradient array as
  ``leaf.grad`` without copying only when nothing else can reach it (torch's rule: its reference
  count), so ``.grad`` never shares memory with an array user code holds.

Off switches: the environment variable ``AUTOGRAD_LAB_FAST_PATHS=0`` (read at import), the context
manager ``with autograd_lab.fast_paths.disabled(): ...``, or ``set_enabled(False)``. The switch is
process-wide. ``registered()`` lists every fast path with what it speeds up.
"""

from __future__ import annotations

import operator
import os
import string
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._matmul_rounding import matmul_as_torch_rounds
from ._quiet import restore, silenced
from .autograd import forward_ad, grad_mode
from .autograd.engine import run_backward
from .autograd.node import AccumulateGrad, _sequence, inplace_clock
from .autograd.op import sum_to_shape
from .autograd.record import watching
from .nn.functional import Addmm
from .ops import arithmetic, elementwise, indexing
from .ops._args import binary_operands, constant
from .ops.arithmetic import Add, Mul, Pow, Sub
from .ops.elementwise import Relu, Sigmoid, SigmoidBackward, TanhBackward, ThresholdBackward
from .ops.indexing import KeyPlan, Select, decode_key, plan
from .ops.reductions import Prod
from .ops.views import record_view
from .tensor import Tensor

_new = object.__new__

__all__ = ["FastPath", "registered", "is_enabled", "set_enabled", "disabled", "fast_path"]


@dataclass(frozen=True)
class FastPath:
    """One registered fast path: ``kernel`` runs instead of ``target``'s rule named ``rule``."""

    target: type
    rule: str
    """"forward", "backward", "value" (the forward's value on arrays, for a backward rule that
    applies this op in a plain pass: no node is made), "first_grad" (AccumulateGrad's keep-or-copy)
    or "plan" (how an indexing key is decoded: ``ops/indexing.py``'s ``plan``)"""
    kernel: Callable[..., Any]
    summary: str = ""
    """What the kernel does differently, for a kernel without a docstring of its own (a ufunc)."""

    @property
    def description(self) -> str:
        """What the kernel does differently: the summary, or its docstring's first line."""
        return self.summary or (self.kernel.__doc__ or "").strip().splitlines()[0]

    def install(self, on: bool) -> None:
        """Point the machinery at the kernel (on), or back at the rule (off)."""
        fallback = self.target.first_grad if self.target is AccumulateGrad else None
        setattr(self.target, f"_{self.rule}_kernel", self.kernel if on else fallback)


_REGISTRY: list[FastPath] = []
_enabled = [os.environ.get("AUTOGRAD_LAB_FAST_PATHS", "1").strip().lower() not in ("0", "false", "off",
                                                                                   "no")]


def fast_path(target: type, rule: str,
              summary: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the kernel for ``target``'s ``rule``."""

    def register(kernel: Callable[..., Any]) -> Callable[..., Any]:
        path = FastPath(target, rule, kernel, summary)
        _REGISTRY.append(path)
        path.install(_enabled[0])
        return kernel

    return register


def registered() -> list[FastPath]:
    """Every fast path, in the order this module defines them."""
    return list(_REGISTRY)


def is_enabled() -> bool:
    """True while the kernels run instead of the rules."""
    return _enabled[0]


def set_enabled(on: bool) -> None:
    """Switch every fast path on or off (process-wide)."""
    _enabled[0] = bool(on)
    for path in _REGISTRY:
        path.install(_enabled[0])


@contextmanager
def disabled() -> Iterator[None]:
    """Run the block with every fast path off: the rules, exactly as written, do all the work."""
    previous = _enabled[0]
    set_enabled(False)
    try:
        yield
    finally:
        set_enabled(previous)


# -- constants the kernels use instead of Python numbers ----------------------------------------
# numpy converts a Python number on every call, which costs as much as arithmetic on a small array.
# A read-only 0-d float32 one promotes exactly as the Python 1 does (float64 arrays stay float64).

_ONE = np.ones((), np.float32)
_ZEROS = {np.dtype(kind): np.zeros((), kind) for kind in (np.float32, np.float64, np.int64)}
for _constant in (_ONE, *_ZEROS.values()):
    _constant.flags.writeable = False


# -- arithmetic ----------------------------------------------------------------------------------


@fast_path(Add, "forward")
def add_forward(node: Add, a: np.ndarray, b: np.ndarray, alpha: Any = 1) -> np.ndarray:
    """``a + b`` without multiplying by an alpha of 1."""
    node.alpha = alpha
    return a + b if alpha == 1 else a + alpha * b


@fast_path(Add, "backward")
def add_backward(node: Add, grad: np.ndarray) -> tuple:
    """Hands the gradient on as it is for an alpha of 1 (no multiplication by one)."""
    alpha = node.alpha
    return grad, grad if alpha == 1 else alpha * grad


@fast_path(Sub, "forward")
def sub_forward(node: Sub, a: np.ndarray, b: np.ndarray, alpha: Any = 1) -> np.ndarray:
    """``a - b`` without multiplying by an alpha of 1."""
    node.alpha = alpha
    return a - b if alpha == 1 else a - alpha * b


@fast_path(Sub, "backward")
def sub_backward(node: Sub, grad: np.ndarray) -> tuple:
    """``-grad`` for an alpha of 1 (no multiplication by minus one)."""
    alpha = node.alpha
    return grad, -grad if alpha == 1 else -alpha * grad


FUSE_MIN_SIZE = 1 << 14
"""From this many elements on, a broadcasting product's gradient is computed with ``einsum`` (below
it, einsum's setup costs more than the temporary it saves)."""


@fast_path(Mul, "backward")
def mul_backward(node: Mul, grad: np.ndarray) -> tuple:
    """A broadcast input's gradient multiplied and summed back to its shape in one einsum pass."""
    a, b = node._saved
    if node._reduce_to is None or grad.size < FUSE_MIN_SIZE:
        return grad * b, grad * a
    shape_a, shape_b = node._reduce_to
    return product_summed_to(grad, b, shape_a), product_summed_to(grad, a, shape_b)


def product_summed_to(grad: np.ndarray, other: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``sum_to_shape(grad * other, shape)`` in one ``einsum`` pass: the same sums, without the
    full-size product array (``(x[:, None] * w).sum(-1)`` would otherwise build one of the size of
    the broadcast result in backward, twice)."""
    ndim = grad.ndim
    if ndim > len(string.ascii_letters):
        return sum_to_shape(grad * other, shape)
    labels = string.ascii_letters[:ndim]
    skip = ndim - other.ndim
    # other's stretched size-1 dims are dropped (einsum matches labels by size, not by broadcasting)
    other_axes = [axis for axis, size in enumerate(other.shape)
                  if size != 1 or grad.shape[skip + axis] == 1]
    other_labels = "".join(labels[skip + axis] for axis in other_axes)
    skip = ndim - len(shape)
    kept = "".join(labels[skip + axis] for axis, size in enumerate(shape)
                   if size == grad.shape[skip + axis])
    product = np.einsum(f"{labels},{other_labels}->{kept}", grad,
                        other.reshape([other.shape[axis] for axis in other_axes]))
    return product.reshape(shape)


@fast_path(Pow, "backward")
def pow_backward(node: Pow, grad: np.ndarray) -> Any:
    """``x ** 2``, the commonest power: ``grad * (x + x)``, without Python numbers."""
    (a,) = node._saved
    if node.exponent == 2:
        return grad * (a + a)
    return Pow.backward(node, grad)


# -- one-input ops on tensors that record nothing -------------------------------------------------
# With nothing to record, the node object, the saved inputs and the forward's call through the
# node are all thrown away at once. ``Op.apply`` runs the op's "value" kernel instead when nothing
# requires grad or watches: for these ops, the one ufunc that is their forward.


def _direct_from_function(op: type, ufunc: np.ufunc) -> None:
    """Register the direct lane of the torch-level function that applies ``op`` (``torch.log`` for
    ``Log``): the function's own layers (its argument wrapper, the float check, ``Op.apply``'s
    tests) cost twice the ufunc on a 0-d tensor (``torch.log(P[i, j])`` in makemore's loop)."""
    function = getattr(sys.modules[op.__module__], op.torch_name.lower())

    def direct(input: Any) -> Tensor | None:
        if input.__class__ is Tensor and not (watching.count or forward_ad.state.active):
            data = input._data
            if data.dtype.kind == "f":
                if input._requires_grad:
                    if not grad_mode.off.count or grad_mode.state.enabled:
                        return _recorded_one_input(op, input)
                    return None  # (grad mode off: the usual path)
                quiet = silenced()
                try:  # (as Op.apply's lane: a 0-d array's value as a numpy scalar)
                    return Tensor._make(ufunc(data if data.ndim else data[()]))
                finally:
                    restore(quiet)
        return None

    direct.__name__ = f"{function.__name__}_direct"
    direct.__doc__ = (f"``torch.{function.__name__}(x)`` of a floating tensor, straight from the "
                      f"function: numpy's {ufunc.__name__} on x's array where nothing is recorded, "
                      f"the {op.__name__} node recorded without ``Op.apply``'s layers where x "
                      "requires grad (None: the usual path).")
    fast_path(function, "direct")(direct)


def _recorded_node(op: type, next_functions: tuple) -> Any:
    """A node of ``op`` with the fields ``Op.apply`` gives every node it records (its edges, the next
    sequence number, no hooks, nothing saved yet), for the recorded lanes; the op's own fields are
    the caller's to set."""
    node = _new(op)
    node._saved = ()
    node.next_functions = next_functions
    node._sequence_nr = next(_sequence)
    node._hooks = None
    node._reduce_to = None
    return node


def _recorded_one_input(op: type, input: Tensor) -> Tensor:
    """``op.apply(input)`` for a plain floating tensor whose op is recorded while nothing watches
    (no trace, profiler, anomaly mode, saved tensors hooks, meta or complex tensor, dual level):
    what ``Op.apply`` does then, without the tests for everything else. The op's own forward (or
    its kernel) runs on the array and saves what it saves."""
    grad_fn = input.grad_fn
    node = _recorded_node(op, ((grad_fn, input._output_nr) if grad_fn is not None
                               else input._edge(),))
    forward = node._forward_kernel or node.forward
    quiet = silenced()
    try:
        out = forward(input._data)
    finally:
        restore(quiet)
    result = Tensor._make(out, node)
    if node._saved:
        node._remember_sources((input,), out, result)
    return result


def _ufunc_value(op: type, ufunc: np.ufunc) -> None:
    # (the ufunc itself is the kernel: no Python frame around it)
    fast_path(op, "value", f"numpy's {ufunc.__name__} alone, with no node made and nothing saved")(
        ufunc)


for _op, _ufunc in ((elementwise.Exp, np.exp), (elementwise.Log, np.log),
                    (elementwise.Log2, np.log2), (elementwise.Log1P, np.log1p),
                    (elementwise.Expm1, np.expm1), (elementwise.Sqrt, np.sqrt),
                    (elementwise.Sin, np.sin), (elementwise.Cos, np.cos), (elementwise.Tan, np.tan),
                    (elementwise.Asin, np.arcsin), (elementwise.Acos, np.arccos),
                    (elementwise.Atan, np.arctan), (elementwise.Sinh, np.sinh),
                    (elementwise.Cosh, np.cosh), (elementwise.Asinh, np.arcsinh),
                    (elementwise.Acosh, np.arccosh), (elementwise.Atanh, np.arctanh),
                    (elementwise.Tanh, np.tanh), (elementwise.Abs, np.abs),
                    (arithmetic.Neg, np.negative)):
    _ufunc_value(_op, _ufunc)
    _direct_from_function(_op, _ufunc)


# -- tanh, sigmoid, relu -------------------------------------------------------------------------


@fast_path(TanhBackward, "value")
def tanh_backward(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``g * (1 - y * y)`` with a 0-d one instead of a Python 1, and no node made."""
    return g * (_ONE - y * y)


@fast_path(SigmoidBackward, "value")
def sigmoid_backward(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``g * (y * (1 - y))`` with a 0-d one instead of a Python 1, and no node made."""
    return g * (y * (_ONE - y))


@fast_path(Sigmoid, "forward")
def sigmoid_forward(node: Sigmoid, a: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-a))`` computed in one buffer (no temporaries; the output passed by position,
    which numpy handles faster than ``out=``)."""
    result = np.empty_like(a)
    np.negative(a, result)
    np.exp(result, result)
    result += _ONE
    np.reciprocal(result, result)
    node.save_for_backward(result)
    return result


@fast_path(Relu, "forward")
def relu_forward(node: Relu, a: np.ndarray) -> np.ndarray:
    """``maximum(0, a)`` with a 0-d zero of a's dtype instead of a Python 0."""
    result = np.maximum(_ZEROS.get(a.dtype, 0), a)
    node.save_for_backward(result)
    return result


_BITS = {np.dtype(np.float32): np.uint32, np.dtype(np.float64): np.uint64}


@fast_path(ThresholdBackward, "value")
def threshold_backward(g: np.ndarray, y: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """``where(y <= threshold, 0, g)`` as a bitwise AND of g's bits with an all-ones-or-zeros mask:
    bit for bit the same values (NaN, inf and -0.0 in g kept where y > threshold or y is NaN, +0.0
    elsewhere), about 3x faster than numpy's ``where`` on an MLP's activations; no node made."""
    bits = _BITS.get(g.dtype)
    if bits is None or g.shape != y.shape or not g.ndim:
        return np.where(y <= threshold, _ZEROS.get(g.dtype, 0), g)
    mask = np.less_equal(y, threshold).astype(bits)
    mask -= 1  # 0 -> all ones (unsigned wrap-around), 1 -> 0
    mask &= g.view(bits)
    return mask.view(g.dtype)


# -- linear (addmm) -------------------------------------------------------------------------------


@fast_path(Addmm, "forward")
def addmm_forward(node: Addmm, bias: np.ndarray, mat1: np.ndarray, mat2: np.ndarray,
                  beta: Any = 1, alpha: Any = 1) -> np.ndarray:
    """``bias + mat1 @ mat2`` added into the product's own fresh array, with no multiplication by a
    beta or alpha of 1."""
    node.save_for_backward(mat1, mat2)
    node.beta, node.alpha = beta, alpha
    if beta != 1 or alpha != 1:
        return Addmm.forward(node, bias, mat1, mat2, beta, alpha)
    # (the public function checked that bias has the product's dtype and broadcasts)
    return matmul_as_torch_rounds(mat1, mat2, start=bias)


@fast_path(Addmm, "backward")
def addmm_backward(node: Addmm, grad: np.ndarray) -> tuple:
    """``mat2``'s gradient computed in ``mat2``'s own layout, as torch's ``mm_mat2_backward``: for
    ``linear``, ``mat2`` is ``weight.T``, so ``(grad.T @ mat1).T``, once TBackward0 turns it back, is
    a whole C-contiguous array that the weight's ``.grad`` keeps without a copy; no multiplication by
    a beta or alpha of 1."""
    mat1, mat2 = node._saved
    wants_self, wants_mat1, wants_mat2 = node.needs_input_grad
    scaled = grad if node.alpha == 1 else node.alpha * grad
    grad_mat2 = None
    if wants_mat2:
        transposed = mat2.flags.f_contiguous and not mat2.flags.c_contiguous
        grad_mat2 = (matmul_as_torch_rounds(scaled.T, mat1).T if transposed
                     else matmul_as_torch_rounds(mat1.T, scaled))
    return (None if not wants_self else grad if node.beta == 1 else node.beta * grad,
            matmul_as_torch_rounds(scaled, mat2.T) if wants_mat1 else None, grad_mat2)


# -- reductions ----------------------------------------------------------------------------------


@fast_path(Prod, "backward")
def prod_backward(node: Prod, grad: np.ndarray) -> Any:
    """Two zeros or more in the tensor: every gradient is 0 at once, as torch computes it when no
    graph is recorded, without the running products of the others (which give the same zeros for
    finite values; with an infinite element they give NaN there, as torch's recorded formula does)."""
    a, _ = node._saved
    if np.count_nonzero(a == 0) > 1:
        return node._spread(grad) * 0
    return Prod.backward(node, grad)


# -- the engine ------------------------------------------------------------------------------------


def _references_when_unshared() -> int:
    """How many references an unshared gradient array has inside ``keep_if_unshared``: the engine's
    own, measured once by running a real backward pass whose gradient is fresh, so that any
    reference more is one that user code holds."""
    seen = []

    def count(node: AccumulateGrad, grad: np.ndarray) -> np.ndarray:
        seen.append(sys.getrefcount(grad))
        return grad

    saved = AccumulateGrad._first_grad_kernel
    AccumulateGrad._first_grad_kernel = count
    try:
        leaf = Tensor._make(np.zeros(1, np.float32)).requires_grad_()
        run_backward([Mul.apply(leaf, Tensor._make(np.ones(1, np.float32)))], [], False, False)
    finally:
        AccumulateGrad._first_grad_kernel = saved
    return seen[0]


@fast_path(AccumulateGrad, "first_grad")
def keep_if_unshared(node: AccumulateGrad, grad: np.ndarray) -> np.ndarray:
    """Keeps the arriving gradient as ``leaf.grad`` without a copy when nothing else references it
    (torch's rule, by reference count) and it has the layout the copy would have (torch's layout
    contract: ``.grad`` is laid out as the leaf, here C-contiguous); a view is kept only when its
    base is referenced by it alone."""
    if (not grad.flags.writeable or not grad.flags.c_contiguous
            or sys.getrefcount(grad) > _UNSHARED):
        return grad.copy()
    if grad.base is not None and (sys.getrefcount(grad.base) > 2 or grad.base.base is not None):
        return grad.copy()  # (two references to the base: the view's own and getrefcount's)
    return grad


_UNSHARED = _references_when_unshared()


# -- indexing ------------------------------------------------------------------------------------
# Decoding a key (``P[3, 4]``) item by item costs as much as the two views it makes; loops such as
# makemore's ``P[ix1, ix2]`` index with the same few keys over and over.

_PLANS: dict[tuple, KeyPlan] = {}
_PLANS_KEPT = 4096


@fast_path(KeyPlan, "plan")
def reuse_int_key_plans(key: Any, shape: tuple[int, ...]) -> KeyPlan | None:
    """A key of Python ints is decoded once per key and shape, then its plan reused, with the one
    numpy key that makes its view (None: any other key, decoded as usual)."""
    if type(key) is tuple:
        for item in key:
            if type(item) is not int:
                return None
    elif type(key) is not int:
        return None
    found = _PLANS.get((key, shape))
    if found is None:
        found = decode_key(key, shape)  # (a bad key raises here, and nothing is kept)
        # numpy's view for the same ints (``...`` keeps a 0-d result a view, not a scalar)
        found.numpy_key = (*key, Ellipsis) if type(key) is tuple else (key, Ellipsis)
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        _PLANS[key, shape] = found
    return found


@fast_path(KeyPlan, "view")
def one_view_when_unrecorded(input: Tensor, key_plan: KeyPlan) -> Tensor | None:
    """A basic key on a tensor whose indexing records nothing is one numpy view, not one view op
    per step (``P[3, 4]``: two selects; None: a recorded one, as usual).

    "Records nothing": no gradient is needed (``input`` does not require grad, or grad mode is
    off), and nothing watches the ops (no trace, profiler, vmap or compiler; no dual level). The
    steps' intermediate views are then never seen: the result is the same view of the same base.
    """
    if (not key_plan.steps or watching.count or forward_ad.state.active
            or input._requires_grad and (not grad_mode.off.count or grad_mode.state.enabled)):
        return None
    out = Tensor._make(key_plan.view(input._data))
    record_view(out, input)
    return out


@fast_path(indexing.getitem, "int_key")
def int_key_views(input: Tensor, key: Any) -> Tensor | None:
    """``P[3, 4]`` in a loop (makemore's): a key of Python ints is one numpy view, in one call;
    where the indexing is recorded, with the ``SelectBackward0`` nodes the view ops would record,
    made here at once from the key's reused plan (None: any other case, as usual)."""
    if watching.count or forward_ad.state.active:
        return None
    if key.__class__ is tuple:
        if not key:
            return None  # (``x[()]``: an alias, made by the usual path)
        for item in key:
            if item.__class__ is not int:
                return None
    elif key.__class__ is not int:
        return None
    data = input._data
    if input._requires_grad and (not grad_mode.off.count or grad_mode.state.enabled):
        if input.__class__ is not Tensor:
            return None  # (a subclass: the usual path, whatever it makes of it)
        key_plan = _PLANS.get((key, data.shape)) or reuse_int_key_plans(key, data.shape)
        out = Tensor._make(data[key_plan.numpy_key], _select_nodes(input, key_plan.steps))
    else:
        # (nothing recorded: numpy's view is the whole answer, and no plan is needed; numpy
        # refuses what torch refuses, an index out of range or more ints than dimensions, and the
        # usual path then raises torch's error; ``...`` keeps a 0-d result a view, not a scalar)
        try:
            array = data[(*key, Ellipsis) if key.__class__ is tuple else (key, Ellipsis)]
        except IndexError:
            return None
        out = Tensor._make(array)
    record_view(out, input)
    return out


def _select_nodes(input: Tensor, steps: list) -> Select:
    """The chain of ``SelectBackward0`` nodes that ``Select.apply``, once per int of the key, records
    (the same fields and sequence numbers; ``Select.forward`` sets the last three); the last one.
    The intermediate views they would make are never seen by anyone: only the last view is kept."""
    shape = input._data.shape
    edge = input._edge()
    for count, (_, dim, index) in enumerate(steps):
        node = _recorded_node(Select, (edge,))
        # (each int of the key selects along dim 0 of what the ones before it left)
        node.self_sym_sizes, node.dim, node.index = shape[count:], dim, index
        edge = (node, 0)
    return node


@fast_path(Select, "backward")
def select_backward(node: Select, grad: np.ndarray) -> np.ndarray:
    """Zeros of the input's shape with the gradient written at the index, here, without
    ``SelectBackward``'s ``apply`` (two per ``P[i, j]`` in a backward pass)."""
    out = np.zeros(node.self_sym_sizes, dtype=grad.dtype)
    if node.dim == 0:
        out[node.index] = grad
    else:
        out[(slice(None),) * node.dim + (node.index,)] = grad
    return out


# -- in-place arithmetic -------------------------------------------------------------------------
# ``x += y`` runs ``add`` and copies its result into x (``Tensor._inplace``): a new array, a copy,
# and the op machinery, for what numpy does in place. When nothing is recorded, numpy may write
# into x's memory directly. (numpy copies an operand that overlaps x first, as a new result would.)
# ``x += y`` itself (``Tensor.__iadd__``) tries the kernel before anything else, so the kernel makes
# every check the usual path would make before writing, and declines where that path has more to do.


def _records(self: Tensor, other: Any) -> bool:
    """Whether changing ``self`` in place with ``other`` must be recorded (or may be: a dual level
    is open, and the usual path decides about tangents)."""
    if forward_ad.state.active:
        return True
    if grad_mode.off.count and not grad_mode.state.enabled:
        return False
    view = self._state.view if self._state is not None else None
    return self._requires_grad or (other.__class__ is Tensor and other._requires_grad) or (
        view is not None and view.base._requires_grad)


def _unrecorded_write(self: Tensor, other: Any, name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """x's array and the operand's, when ``x.<name>_(other)`` records nothing, nothing watches,
    and it computes in x's dtype with an operand of x's shape (or a 0-d one) into memory that may be
    written; else None (the usual path decides, and raises torch's errors)."""
    if watching.count or _records(self, other):
        return None
    target = self._data
    if other.__class__ is Tensor and other._data.dtype is target.dtype:
        values = other._data  # the commonest case (a running sum of tensors), without the checks below
        kind = target.dtype.kind
    elif other.__class__ is Tensor and other._data.dtype.kind == "b":
        return None  # a bool operand: torch refuses some (x -= mask), the usual path says which
    elif other.__class__ is Tensor or other.__class__ is float or other.__class__ is int:
        promoted, operand = binary_operands(self, other, name)
        if promoted is not self:
            return None  # promoted: the usual path refuses
        values = operand._data
        kind = target.dtype.kind
    else:
        return None
    if kind == "b" or (name == "div" and kind not in "fc"):
        return None  # torch refuses bool arithmetic in place; an integer division promotes
    if values.shape != target.shape and values.ndim or not target.flags.writeable:
        return None
    return target, values


# the largest finite value of each floating dtype whose in-place + - * may run on Python floats
_FINITE_MAX = {np.dtype(kind): float(np.finfo(kind).max) for kind in (np.float16, np.float32,
                                                                       np.float64)}


def _in_place(ufunc: np.ufunc, scalar_operator: Callable[[Any, Any], Any],
              name: str) -> Callable[..., bool]:
    python_exact = name != "div"  # (see _write_in_place)

    def kernel(self: Tensor, other: Any, **options: Any) -> bool:
        if options:
            alpha = options.pop("alpha", 1)
            if options or alpha.__class__ is not int or alpha != 1:
                return False
        target = self._data
        if (other.__class__ is Tensor and other._data.dtype is target.dtype and self._state is None
                and not (self._requires_grad or other._requires_grad or watching.count
                         or forward_ad.state.active)):
            # the commonest case (a running sum of tensors of one dtype), decided in one test: x is
            # no view, nothing requires grad or watches, so nothing is recorded
            values = other._data
            kind = target.dtype.kind
            if (kind == "b" or (name == "div" and kind not in "fc") or not target.flags.writeable
                    or values.shape != target.shape and values.ndim):
                return False  # (the same refusals as _unrecorded_write's)
        else:
            arrays = _unrecorded_write(self, other, name)
            if arrays is None:
                return False
            target, values = arrays
        _write_in_place(target, values, ufunc, scalar_operator, python_exact)
        _count_change(self)
        return True

    kernel.__name__ = f"{name}_in_place"
    kernel.__doc__ = (f"``x.{name}_(y)`` that records nothing, in x's dtype: numpy's {ufunc.__name__} "
                      "into x's memory, not a new array copied in, and x's version counted (False: "
                      "the usual path).")
    return kernel


def _count_change(tensor: Tensor) -> None:
    """``Tensor._bump_version`` without its note (nothing watches where the kernels write)."""
    version = tensor._vc
    if version is None:
        version = tensor._vc = [0]
    inplace_clock.tick(version)


def _write_in_place(target: np.ndarray, values: np.ndarray, ufunc: np.ufunc,
                    scalar_operator: Callable[[Any, Any], Any], python_exact: bool) -> None:
    """``target = ufunc(target, values)`` in target's memory and dtype, the bits the op's result
    would have (``python_exact``: the operation is + - or *, see the 0-d case)."""
    limit = _FINITE_MAX.get(target.dtype) if python_exact and not target.ndim else None
    if limit is not None and values.dtype is target.dtype and -limit <= (
            result := scalar_operator(target.item(), values.item())) <= limit:
        # (0-d arrays of one floating dtype, makemore's running sum: Python's float arithmetic
        # is the IEEE operation in float64, and one rounding of its result to float32 or
        # float16 is that dtype's own IEEE result (double rounding cannot make + - * of the
        # narrower floats differ); it needs no switch of numpy's warnings. A result beyond the
        # dtype's range, whose cast numpy would warn about, goes below; so does division,
        # which raises on zero in Python.)
        target[()] = result
        return
    quiet = silenced()  # as every op: torch computes overflow to inf without a word
    try:
        if target.ndim:
            ufunc(target, values, out=target)
        elif values.dtype is target.dtype and target.dtype.kind != "c":
            # (0-d arrays of one real dtype: numpy's scalar arithmetic, the same IEEE
            # operation in that dtype, costs a third of the ufunc's call; out= would cost
            # twice the ufunc's. Complex division is left to the ufunc, whose algorithm it
            # is.)
            target[()] = scalar_operator(target[()], values[()])
        else:
            target[()] = ufunc(target, values)
    finally:
        restore(quiet)


add_in_place = fast_path(arithmetic.add, "inplace")(_in_place(np.add, operator.add, "add"))
sub_in_place = fast_path(arithmetic.sub, "inplace")(_in_place(np.subtract, operator.sub, "sub"))
mul_in_place = fast_path(arithmetic.mul, "inplace")(_in_place(np.multiply, operator.mul, "mul"))
div_in_place = fast_path(arithmetic.div, "inplace")(_in_place(np.true_divide, operator.truediv,
                                                              "div"))


# ``ll += logprob`` where ``ll`` has a history (makemore's log-likelihood with a gradient): the
# usual path snapshots ll's old value, runs ``add`` on the snapshot through the op machinery, copies
# the result into ll and rebases ll's history onto the new node. For the sum and the difference,
# whose nodes save nothing, the snapshot is never read: the kernel writes into ll's memory and
# records the same node (its fields, sequence number and edges) directly.


def _recorded_in_place(node_class: type, ufunc: np.ufunc,
                       scalar_operator: Callable[[Any, Any], Any], name: str) -> Callable[..., bool]:

    def kernel(self: Tensor, other: Any) -> bool:
        if (other.__class__ is not Tensor or self.__class__ is not Tensor or self.grad_fn is None
                or self._state is not None or watching.count or forward_ad.state.active
                or grad_mode.off.count and not grad_mode.state.enabled):
            # (x a leaf, a view, a base of views, retaining its grad, a subclass; a trace, a
            # profiler, anomaly mode, a dual level, saved tensors hooks; grad mode off: the usual
            # path, which raises torch's errors or records what it must)
            return False
        target, values = self._data, other._data
        if (values.dtype is not target.dtype or target.dtype.kind != "f"
                or values.shape != target.shape or not target.flags.writeable):
            return False  # (a promotion, a broadcast, an expanded x: the usual path)
        # (the snapshot of x would have x's grad_fn: the old history is the first input's edge)
        node = _recorded_node(node_class, ((self.grad_fn, self._output_nr), other._edge()))
        node.alpha = 1
        _write_in_place(target, values, ufunc, scalar_operator, True)
        self.grad_fn, self._output_nr = node, 0  # (Tensor._rebase_history for a tensor without state)
        _count_change(self)
        return True

    kernel.__name__ = f"{name}_in_place_recorded"
    kernel.__doc__ = (f"``x {'+' if name == 'add' else '-'}= y`` of one floating dtype and shape, "
                      f"x having a history: numpy's {ufunc.__name__} into x's memory and the "
                      f"{node_class.__name__} node the usual path records, without the snapshot of "
                      "x or the op machinery (False: the usual path).")
    return kernel


add_in_place_recorded = fast_path(arithmetic.add, "recorded_inplace")(
    _recorded_in_place(Add, np.add, operator.add, "add"))
sub_in_place_recorded = fast_path(arithmetic.sub, "recorded_inplace")(
    _recorded_in_place(Sub, np.subtract, operator.sub, "sub"))


@fast_path(indexing.put_key, "inplace")
def index_put_in_place(self: Tensor, key: Any, value: Any, accumulate: bool = False) -> bool:
    """``x[key] = value`` with a basic key that records nothing: numpy writes into x's view, not
    into a copy of all of x that is then copied back (False: the usual path)."""
    if accumulate or key is True or _records(self, value):
        return False
    key_plan = plan(key, self._data.shape)  # (a bad key raises torch's error, as the usual path)
    if key_plan.advanced is not None:
        return False
    target = key_plan.view(self._data)
    values = (value if isinstance(value, Tensor) else constant(value, self.dtype))._data
    if values.dtype != target.dtype or (values.shape != target.shape and values.ndim):
        return False
    target[...] = values
    self._bump_version()
    return True
