"""Shape ops: ``reshape``/``view``, ``squeeze``/``unsqueeze``, ``transpose``/``permute``, ``expand``,
``repeat``, ``flip``, ``cat``/``stack``, ``split``/``chunk``/``unbind``.

Like torch's, the *view* ops (``view``, ``reshape`` when no copy is needed, ``squeeze``, ``unsqueeze``,
``transpose``, ``t``, ``permute``, ``expand``, ``split``, ``chunk``, ``unbind``) return tensors that
share memory with their input, and its version counter: an in-place change through a view is an
in-place change of the base, and saved-tensor checks see it. ``repeat``, ``flip``, ``cat`` and
``stack`` copy.

Backward formulas only move gradients around: a view's gradient is the output gradient put back into
the input's shape (``reshape``, the inverse permutation, a sum over expanded dims ...). The same
formula serves a plain pass (numpy arrays) and ``create_graph=True`` (tensors, recorded): it uses
methods arrays and tensors share (``.reshape``, ``.squeeze(dim)``, ``.swapaxes``, ``.sum``), Python
indexing (``grad[..., 2:5]`` reads a tensor as torch does), ops applied as ops (``Flip.apply``) and the
helpers of ``ops._grad`` (``permute``, ``cat``, ``stack``, ``zeros``) where numpy spells it otherwise.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._arguments import argument_error
from .._dtypes import result_type, type_name
from ..autograd.op import Op, sum_to_shape
from ..tensor import Tensor
from ._args import as_operand
from ._grad import cat as grad_cat
from ._grad import expand_to, normalize_dims, scatter_add, zeros
from ._grad import permute as grad_permute
from ._grad import stack as grad_stack
from ._grad import transpose as grad_transpose
from .views import record_view

__all__ = ["reshape", "view", "flatten", "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims",
           "t", "permute", "movedim", "expand", "repeat", "flip", "cat", "concat", "concatenate",
           "stack", "split", "chunk", "unbind", "contiguous"]


# -- helpers ---------------------------------------------------------------------------------------

_ALL = slice(None)  # ``:`` in an index


def shares_version(out: Any, base: Tensor, multi_output: str | None = None) -> Any:
    """Make ``out`` (a tensor or a tuple of tensors) a view of ``base``: one version counter, and
    each output remembers its base (``ops/views.py``: in-place changes through views)."""
    for tensor in out if type(out) is tuple else (out,):
        record_view(tensor, base, multi_output)
    return out


def _sizes(args: tuple) -> tuple:
    """torch's varargs-or-one-sequence convention: ``f(2, 3)`` and ``f((2, 3))`` mean the same."""
    if len(args) == 1 and isinstance(args[0], Sequence | np.ndarray):
        args = tuple(args[0])
    return tuple(operator.index(n) for n in args)  # (a float size is a TypeError, as in torch)


def normalize_dim(dim: int, ndim: int) -> int:
    """One dim (negative allowed) as non-negative, with torch's IndexError when out of range."""
    if dim.__class__ is not int:
        dim = operator.index(dim)  # a float or a string is a TypeError
    bound = max(ndim, 1)
    if not -bound <= dim < bound:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, "
                         f"{bound - 1}], but got {dim})")
    return dim % bound


def infer_shape(shape: tuple[int, ...], numel: int) -> tuple[int, ...]:
    """``shape`` with its ``-1`` replaced by the size that makes ``numel`` elements (torch's rules
    and error messages)."""
    unknown = None
    known = 1
    for index, n in enumerate(shape):
        if n == -1:
            if unknown is not None:
                raise RuntimeError("only one dimension can be inferred")
            unknown = index
        elif n < 0:
            raise RuntimeError(f"invalid shape dimension {n} at index {index} of shape "
                               f"{list(shape)}")
        else:
            known *= n
    listed = "[" + ", ".join(str(n) for n in shape) + "]"
    if unknown is None:
        if known != numel:
            raise RuntimeError(f"shape '{listed}' is invalid for input of size {numel}")
        return shape
    if known == 0:
        if numel == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {listed} because the unspecified "
                "dimension size -1 can be any value and is ambiguous")
        raise RuntimeError(f"shape '{listed}' is invalid for input of size {numel}")
    if numel % known:
        raise RuntimeError(f"shape '{listed}' is invalid for input of size {numel}")
    return shape[:unknown] + (numel // known,) + shape[unknown + 1:]


def view_of(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """``array`` reshaped without copying, or None when its strides do not allow it (torch's
    ``view`` rule, which numpy's reshape follows)."""
    try:
        return array.reshape(shape, copy=False)
    except ValueError:
        return None


def _fill_missing(grads: tuple, shapes: list[tuple[int, ...]]) -> list:
    """Multi-output backward: outputs no gradient reached count as zeros."""
    like = next(g for g in grads if g is not None)
    return [g if g is not None else zeros(shape, like) for g, shape in zip(grads, shapes)]


# -- reshaping -------------------------------------------------------------------------------------


class View(Op):
    """The same elements in a new shape, sharing memory (``x.view(2, 3)``, ``x.reshape(...)``).

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(size)
    """

    __slots__ = ("self_sym_sizes", "size")

    def forward(self, a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        self.self_sym_sizes, self.size = a.shape, shape
        return a.reshape(shape)  # (the public functions checked that no copy is needed)

    def backward(self, grad: Any) -> Any:
        return grad.reshape(self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return self_t.reshape(self.size)


class UnsafeView(View):
    """A reshape of a fresh copy (what ``reshape`` does when a view is impossible), or of a result
    that nothing else sees (matmul's output).

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(size)
    """

    __slots__ = ()


class ReshapeAlias(View):
    """``reshape`` of a tensor whose memory is not in row-major order, when the strides still allow
    a view (a transposed or sliced tensor): the same memory, another shape.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(size)
    """

    __slots__ = ()


def _target_shape(input: Tensor, shape: tuple) -> tuple[int, ...]:
    return infer_shape(_sizes(shape), input._data.size)


def view(input: Tensor, *shape: Any) -> Tensor:
    """The same memory seen with another shape (one size may be -1); torch's error when the
    strides do not allow it."""
    if len(shape) == 1 and not isinstance(shape[0], Sequence | int | np.integer):
        from .._dtypes import dtype

        if isinstance(shape[0], dtype) and shape[0].numpy == input._data.dtype:
            return input
    target = _target_shape(input, shape)
    if view_of(input._data, target) is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return shares_version(View.apply(input, shape=target), input)


def reshape(input: Tensor, *shape: Any) -> Tensor:
    """``input`` with a new shape: a view when the strides allow it, else a copy
    (``CloneBackward0`` then ``UnsafeViewBackward0``, as in torch)."""
    target = _target_shape(input, shape)
    if view_of(input._data, target) is not None:
        op = View if input._data.flags.c_contiguous else ReshapeAlias
        return shares_version(op.apply(input, shape=target), input)
    from .arithmetic import clone

    return UnsafeView.apply(clone(input), shape=target)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dims ``start_dim..end_dim`` merged into one (a reshape; the input itself if nothing merges)."""
    ndim = input._data.ndim
    if ndim == 0:
        return reshape(input, 1)
    start, end = normalize_dim(start_dim, ndim), normalize_dim(end_dim, ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    shape = input._data.shape
    merged = 1
    for n in shape[start:end + 1]:
        merged *= n
    return reshape(input, shape[:start] + (merged,) + shape[end + 1:])


def contiguous(input: Tensor) -> Tensor:
    """``input`` itself when its memory is in row-major order, else a row-major copy (``Clone``)."""
    if input._data.flags.c_contiguous:
        return input
    from .arithmetic import clone

    return clone(input)


# -- squeeze / unsqueeze ---------------------------------------------------------------------------


class Squeeze(Op):
    """Every size-1 dim removed (``x.squeeze()``), sharing memory.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)   (the same dims removed)
    """

    __slots__ = ("self_sym_sizes", "dims")

    def forward(self, a: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
        self.self_sym_sizes, self.dims = a.shape, dims
        return a.squeeze(dims)

    def backward(self, grad: Any) -> Any:
        return grad.reshape(self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return self_t.reshape(tuple(n for d, n in enumerate(self.self_sym_sizes)
                                    if d not in self.dims))


class SqueezeDim(Squeeze, torch_name="Squeeze", overload=1):
    """One dim removed if its size is 1 (``x.squeeze(0)``).

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)
    """

    __slots__ = ()


class SqueezeDims(Squeeze, torch_name="Squeeze", overload=2):
    """The size-1 dims among ``dim`` removed (``x.squeeze((0, 2))``).

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)
    """

    __slots__ = ()


class SqueezeDimInplace(Squeeze, torch_name="Squeeze", overload=4):
    """``x.squeeze_(dim)``: torch's matmul of a vector by a matrix ends with it.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)
    """

    __slots__ = ()


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Remove size-1 dims: all of them, or those among ``dim`` (an int or a tuple)."""
    shape = input._data.shape
    if dim is None:
        op, dims = Squeeze, tuple(i for i, n in enumerate(shape) if n == 1)
    else:
        op = SqueezeDim if isinstance(dim, int | np.integer) else SqueezeDims
        dims = tuple(d for d in normalize_dims(dim, input._data.ndim) if shape[d] == 1)
    return shares_version(op.apply(input, dims=dims), input)


class Unsqueeze(Op):
    """A size-1 dim inserted at ``dim``, sharing memory.

    Backward:  grad_self = grad.squeeze(dim)
    Forward:   result_t = self_t.unsqueeze(dim)
    """

    __slots__ = ("dim",)

    def forward(self, a: np.ndarray, dim: int) -> np.ndarray:
        self.dim = dim
        return np.expand_dims(a, dim)

    def backward(self, grad: Any) -> Any:
        return grad.squeeze(self.dim)

    def jvp(self, self_t: Any) -> Any:
        shape = tuple(self_t.shape)
        return self_t.reshape(shape[:self.dim] + (1,) + shape[self.dim:])


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a size-1 dim at ``dim`` (``-1`` appends one)."""
    return shares_version(Unsqueeze.apply(input, dim=normalize_dim(dim, input._data.ndim + 1)), input)


# -- reordering dims -------------------------------------------------------------------------------


class Transpose(Op):
    """Dims ``dim0`` and ``dim1`` swapped, sharing memory.

    Backward:  grad_self = grad.transpose(dim0, dim1)
    Forward:   result_t = self_t.transpose(dim0, dim1)
    """

    __slots__ = ("dim0", "dim1")

    def forward(self, a: np.ndarray, dim0: int, dim1: int) -> np.ndarray:
        self.dim0, self.dim1 = dim0, dim1
        return a.swapaxes(dim0, dim1) if a.ndim else a.view()

    def backward(self, grad: Any) -> Any:
        return grad.swapaxes(self.dim0, self.dim1) if grad.ndim else grad

    def jvp(self, self_t: Any) -> Any:
        return self_t.swapaxes(self.dim0, self.dim1) if self_t.ndim else self_t[...]


class T(Op):
    """``x.t()``: a matrix transposed (vectors and scalars unchanged), sharing memory.

    Backward:  grad_self = grad.t()
    Forward:   result_t = self_t.t()
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.T

    def backward(self, grad: Any) -> Any:
        return grad_transpose(grad)

    def jvp(self, self_t: Any) -> Any:
        return grad_transpose(self_t) if self_t.ndim == 2 else self_t[...]


class Permute(Op):
    """Dims reordered: output dim ``i`` is input dim ``dims[i]``, sharing memory.

    Backward:  grad_self = grad.permute(inverse of dims)
    Forward:   result_t = self_t.permute(dims)
    """

    __slots__ = ("dims",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
        self.dims = dims
        return a.transpose(dims)

    def backward(self, grad: Any) -> Any:
        inverse = tuple(self.dims.index(d) for d in range(len(self.dims)))
        return grad_permute(grad, inverse)

    def jvp(self, self_t: Any) -> Any:
        return grad_permute(self_t, self.dims)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dims (a view)."""
    ndim = input._data.ndim
    d0, d1 = normalize_dim(dim0, ndim), normalize_dim(dim1, ndim)
    return shares_version(Transpose.apply(input, dim0=d0, dim1=d1), input)


swapaxes = swapdims = transpose


def matrix_transpose(input: Tensor) -> Tensor:
    """``x.mT``: the last two dims swapped (a batch of matrices transposed)."""
    if input._data.ndim == 1:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D "
                           "tensor.")
    return transpose(input, -2, -1)


def t(input: Tensor) -> Tensor:
    """Transpose a matrix (a view); vectors and scalars come back unchanged."""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return shares_version(T.apply(input), input)


def permute(input: Tensor, *dims: Any) -> Tensor:
    """Reorder the dims (a view): ``x.permute(2, 0, 1)``."""
    order = _sizes(dims)
    ndim = input._data.ndim
    if len(order) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{ndim} is not equal to len(dims) = {len(order)}")
    normalized = tuple(normalize_dim(d, ndim) for d in order)
    if len(set(normalized)) != len(normalized):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return shares_version(Permute.apply(input, dims=normalized), input)


def movedim(input: Tensor, source: int, destination: int) -> Tensor:
    """Move one dim to another position (a ``permute``)."""
    ndim = input._data.ndim
    src, dst = normalize_dim(source, ndim), normalize_dim(destination, ndim)
    order = [d for d in range(ndim) if d != src]
    order.insert(dst, src)
    return permute(input, tuple(order))


# -- a view re-read from its base after an in-place change through it (ops/views.py) ---------------


class AsStrided(Op):
    """A view read out of its base after an in-place change (``v = y[:2]; v.mul_(2)``, or
    ``y.mul_(2)`` after ``v = y[:2]``, makes ``v.grad_fn`` this node, reading ``v`` from the new ``y``).

    Backward:  grad_base = zeros(base.shape) with grad added at the view's positions
    Forward:   result_t = base_t's elements at the view's positions
    """

    __slots__ = ("positions", "self_sym_sizes", "_unique")

    def forward(self, base: np.ndarray, positions: np.ndarray, array: np.ndarray) -> np.ndarray:
        self.positions, self.self_sym_sizes = positions, base.shape
        # an expanded view repeats elements (stride 0): their gradients must add up
        self._unique = all(stride or size < 2 for size, stride in zip(array.shape, array.strides))
        return array

    def backward(self, grad: Any) -> Any:
        size = int(np.prod(self.self_sym_sizes, dtype=np.int64))
        flat = scatter_add(grad, (self.positions,), (size,), unique=self._unique)
        return flat.reshape(self.self_sym_sizes)

    def jvp(self, base_t: Any) -> Any:
        return base_t.reshape(-1)[self.positions]


# -- expand / repeat / flip ------------------------------------------------------------------------


class Expand(Op):
    """Size-1 dims stretched (and new leading dims added) without copying: every output element
    along an expanded dim is the same memory.

    Backward:  grad_self = grad summed over the expanded dims (back to self's shape)
    Forward:   result_t = self_t.expand(size)
    """

    __slots__ = ("self_sym_sizes", "size")

    def forward(self, a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        self.self_sym_sizes, self.size = a.shape, shape
        return np.broadcast_to(a, shape)

    def backward(self, grad: Any) -> Any:
        return sum_to_shape(grad, self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return expand_to(self_t, self.size)


def expand_shape(source: tuple[int, ...], sizes: tuple[int, ...], kind: str = "Float") -> tuple:
    """The shape ``expand(*sizes)`` gives a tensor of shape ``source`` (``-1`` keeps a size), with
    torch's errors."""
    if len(sizes) < len(source):
        raise RuntimeError(
            f"expand(torch.{kind}Tensor{{{list(source)}}}, size={list(sizes)}): the number of sizes "
            f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
            f"tensor ({len(source)})")
    leading = len(sizes) - len(source)
    out = []
    for index, size in enumerate(sizes):
        if index < leading:
            if size < 0:
                raise RuntimeError(f"The expanded size of the tensor ({size}) isn't allowed in a "
                                   f"leading, non-existing dimension {index}")
            out.append(size)
            continue
        existing = source[index - leading]
        if size == -1:
            size = existing
        elif existing != 1 and size != existing:
            raise RuntimeError(
                f"The expanded size of the tensor ({size}) must match the existing size "
                f"({existing}) at non-singleton dimension {index}.  Target sizes: {list(sizes)}.  "
                f"Tensor sizes: {list(source)}")
        out.append(size)
    return tuple(out)




def expand(input: Tensor, *sizes: Any) -> Tensor:
    """A view of ``input`` stretched to ``sizes`` (size-1 dims only; ``-1`` keeps a dim's size)."""
    shape = expand_shape(input._data.shape, _sizes(sizes),
                         type_name(input._data.dtype))
    return shares_version(Expand.apply(input, shape=shape), input)


class Repeat(Op):
    """The tensor tiled ``repeats[i]`` times along each dim (a copy; numpy's ``tile``).

    Backward:  grad_self = grad split into the tiles and the tiles summed
    Forward:   result_t = self_t.repeat(repeats)
    """

    __slots__ = ("repeats", "self_sym_sizes")

    def forward(self, a: np.ndarray, repeats: tuple[int, ...]) -> np.ndarray:
        self.repeats = repeats
        self.self_sym_sizes = a.shape
        return np.tile(a, repeats)

    def backward(self, grad: Any) -> Any:
        padded = (1,) * (len(self.repeats) - len(self.self_sym_sizes)) + self.self_sym_sizes
        interleaved = []
        for count, size in zip(self.repeats, padded):
            interleaved += [count, size]
        tiles = grad.reshape(tuple(interleaved))
        summed = tiles.sum(axis=tuple(range(0, len(interleaved), 2)))
        return summed.reshape(self.self_sym_sizes)

    def jvp(self, self_t: Any) -> Any:
        return Repeat.apply(self_t, repeats=self.repeats)


def repeat(input: Tensor, *sizes: Any) -> Tensor:
    """Tile ``input``: ``x.repeat(2, 1)`` stacks two copies along dim 0."""
    repeats = _sizes(sizes)
    if len(repeats) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of "
                           "dimensions of tensor")
    padded = (1,) * (len(repeats) - input._data.ndim) + input._data.shape
    target = [r * n for r, n in zip(repeats, padded)]
    negative = [n for n in target if n < 0]
    if negative:
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {negative[0]}: {target}")
    return Repeat.apply(input, repeats=repeats)


class Flip(Op):
    """The order of elements reversed along ``dims`` (a copy).

    Backward:  grad_self = grad.flip(dims)
    Forward:   result_t = self_t.flip(dims)
    """

    __slots__ = ("dims",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
        self.dims = dims
        return np.flip(a, dims).copy()

    def backward(self, grad: Any) -> Any:
        return Flip.apply(grad, dims=self.dims)

    def jvp(self, self_t: Any) -> Any:
        return Flip.apply(self_t, dims=self.dims)


def flip(input: Tensor, *dims: Any) -> Tensor:
    """Reverse the order of elements along the given dims."""
    order = _sizes(dims)
    normalized = normalize_dims(order, input._data.ndim) if order else ()
    return Flip.apply(input, dims=normalized)


# -- joining ---------------------------------------------------------------------------------------


class Cat(Op):
    """Tensors joined end to end along an existing dim ``dim`` (a copy).

    Backward:  grad_tensors[i] = grad sliced back into each input's extent along dim
               (zeros for the 1-d empty inputs cat skips)
    Forward:   result_t = cat(tensors_t, dim)
    """

    __slots__ = ("dim", "sizes")

    def forward(self, *arrays: np.ndarray, dim: int) -> np.ndarray:
        self.dim = dim
        self.sizes = [a.shape[dim] if not _skipped(a) else None for a in arrays]
        return np.concatenate([a for a in arrays if not _skipped(a)], axis=dim)

    def backward(self, grad: Any) -> tuple:
        grads = []
        start = 0
        for size in self.sizes:
            if size is None:
                grads.append(zeros((0,), grad))
                continue
            grads.append(grad[(_ALL,) * self.dim + (slice(start, start + size),)])
            start += size
        return tuple(grads)

    def jvp(self, *tangents: Any) -> Any:
        return Cat.apply(*tangents, dim=self.dim)


def _skipped(array: np.ndarray) -> bool:
    """torch's legacy rule: 1-d empty tensors are ignored by ``cat`` whatever the other shapes."""
    return array.ndim == 1 and array.shape[0] == 0


def _joined_operands(tensors: Any, name: str) -> list[Tensor]:
    """The tensors of ``cat``/``stack``, converted to their common dtype."""
    if not isinstance(tensors, (list, tuple)) or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"{name}() takes a list or tuple of tensors")
    items = list(tensors)
    if not items:
        if name == "cat":
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")
        raise RuntimeError("stack expects a non-empty TensorList")
    dt = result_type(*items)
    return [as_operand(item, dt) for item in items]


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dim; all other sizes must match."""
    items = _joined_operands(tensors, "cat")
    for position, item in enumerate(items):
        if item._data.ndim == 0:
            raise RuntimeError(
                f"zero-dimensional tensor (at position {position}) cannot be concatenated")
    shaped = [item._data.shape for item in items if not _skipped(item._data)]
    if not shaped:
        return Cat.apply(*items, dim=0)
    reference = shaped[0]
    axis = normalize_dim(dim, len(reference))
    for position, item in enumerate(items):
        shape = item._data.shape
        if _skipped(item._data):
            continue
        if len(shape) != len(reference):
            raise RuntimeError(f"Tensors must have same number of dimensions: got "
                               f"{len(reference)} and {len(shape)}")
        for d, (expected, got) in enumerate(zip(reference, shape)):
            if d != axis and expected != got:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {axis}. Expected size "
                    f"{expected} but got size {got} for tensor number {position} in the list.")
    return Cat.apply(*items, dim=axis)


concat = concatenate = cat


class Stack(Op):
    """Tensors of one shape stacked along a new dim ``dim`` (a copy).

    Backward:  grad_tensors[i] = grad.select(dim, i)   (grad[:, ..., i, ...] with i at dim)
    Forward:   result_t = stack(tensors_t, dim)
    """

    __slots__ = ("dim",)

    def forward(self, *arrays: np.ndarray, dim: int) -> np.ndarray:
        self.dim = dim
        return np.stack(arrays, axis=dim)

    def backward(self, grad: Any) -> tuple:
        return tuple(grad[(_ALL,) * self.dim + (i, ...)] for i in range(grad.shape[self.dim]))

    def jvp(self, *tangents: Any) -> Any:
        return Stack.apply(*tangents, dim=self.dim)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Stack tensors of the same shape along a new dim."""
    items = _joined_operands(tensors, "stack")
    reference = items[0]._data.shape
    for position, item in enumerate(items):
        if item._data.shape != reference:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(reference)} at entry 0 and {list(item._data.shape)} at "
                               f"entry {position}")
    return Stack.apply(*items, dim=normalize_dim(dim, len(reference) + 1))


# -- splitting (several outputs, each a view) -------------------------------------------------------


class Split(Op):
    """Consecutive pieces of ``split_size`` along ``dim`` (views; the last may be shorter).

    Backward:  grad_self = cat(grad of each piece, dim)   (zeros for pieces that got no gradient)
    Forward:   result_t[i] = self_t split as self is
    """

    __slots__ = ("dim", "num_outputs", "_shapes")

    def forward(self, a: np.ndarray, sizes: list[int], dim: int) -> tuple:
        self.dim = dim
        bounds = np.cumsum(sizes)[:-1].tolist()
        pieces = tuple(np.split(a, bounds, axis=dim)) if sizes else ()
        self.num_outputs = len(pieces)
        self._shapes = [p.shape for p in pieces]
        return pieces

    def backward(self, *grads: Any) -> Any:
        return grad_cat(_fill_missing(grads, self._shapes), self.dim)

    def jvp(self, self_t: Any) -> Any:
        pieces = Split.apply(self_t, sizes=[shape[self.dim] for shape in self._shapes],
                             dim=self.dim)
        return pieces if type(pieces) is tuple else (pieces,)


class SplitWithSizes(Split):
    """Pieces of the given sizes along ``dim`` (views).

    Backward:  grad_self = cat(grad of each piece, dim)   (zeros for pieces that got no gradient)
    Forward:   result_t[i] = self_t split as self is
    """

    __slots__ = ()


def split(input: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Cut ``input`` along ``dim`` into pieces of one size (an int) or of the listed sizes."""
    one_size = isinstance(split_size_or_sections, int | np.integer)
    if not (one_size or isinstance(split_size_or_sections, (list, tuple)) and all(
            isinstance(n, int | np.integer) for n in split_size_or_sections)) or not isinstance(
            dim, int | np.integer):  # as torch's split: an int goes to split, the rest to split_with_sizes
        raise argument_error("split" if one_size else "split_with_sizes",
                             (input, split_size_or_sections, dim))
    if input._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    axis = normalize_dim(dim, input._data.ndim)
    length = input._data.shape[axis]
    if isinstance(split_size_or_sections, int | np.integer):
        size = int(split_size_or_sections)
        if size < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={size}")
        if size == 0 and length != 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                               f"size of {length}")
        count = max(-(-length // size), 1) if size else 1
        sizes = [min(size, length - i * size) for i in range(count)]
        return _split(Split, input, sizes, axis)
    sizes = [int(n) for n in split_size_or_sections]
    if any(n < 0 for n in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, "
                           f"but got split_sizes={sizes}")
    if sum(sizes) != length:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {length} (input "
                           f"tensor's size at dimension {axis}), but got split_sizes={sizes}")
    return _split(SplitWithSizes, input, sizes, axis)


def _split(op: type[Split], input: Tensor, sizes: list[int], axis: int) -> tuple[Tensor, ...]:
    out = op.apply(input, sizes=sizes, dim=axis)
    return shares_version(out if type(out) is tuple else (out,), input, op.torch_name)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """Cut ``input`` into ``chunks`` pieces of equal size (rounded up; the last may be smaller, and
    there may be fewer pieces)."""
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if input._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    length = input._data.shape[normalize_dim(dim, input._data.ndim)]
    if length == 0:
        return split(input, [0] * chunks, dim)
    return split(input, -(-length // chunks), dim)


class Unbind(Op):
    """Every slice along ``dim`` as its own tensor (views with that dim removed).

    Backward:  grad_self = stack(grad of each slice, dim)   (zeros for slices that got no gradient)
    Forward:   result_t[i] = self_t.select(dim, i)
    """

    __slots__ = ("dim", "num_outputs", "_shape")

    def forward(self, a: np.ndarray, dim: int) -> tuple:
        self.dim = dim
        self.num_outputs = a.shape[dim]
        self._shape = a.shape[:dim] + a.shape[dim + 1:]
        moved = np.moveaxis(a, dim, 0)
        return tuple(moved[i, ...] for i in range(a.shape[dim]))  # 0-d views, not scalars

    def backward(self, *grads: Any) -> Any:
        return grad_stack(_fill_missing(grads, [self._shape] * len(grads)), self.dim)

    def jvp(self, self_t: Any) -> Any:
        slices = Unbind.apply(self_t, dim=self.dim)
        return slices if type(slices) is tuple else (slices,)


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices of ``input`` along ``dim``, as a tuple of views."""
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    axis = normalize_dim(dim, input._data.ndim)
    if input._data.shape[axis] == 0:
        return ()
    out = Unbind.apply(input, dim=axis)
    return shares_version(out if type(out) is tuple else (out,), input, Unbind.torch_name)
