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
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._arguments import argument_error, torch_alias
from .._dtypes import DEFAULT_FLOAT, result_type, type_name
from .._dtypes import dtype as _dtype
from ..autograd import grad_mode
from ..autograd.forward_ad import set_tangent, tangent_of
from ..autograd.forward_ad import state as dual
from ..autograd.meta import refuse_without_values
from ..autograd.op import Op, sum_to_shape
from ..autograd.record import note, watching
from ..tensor import Tensor
from ._args import as_operand
from ._grad import cat as grad_cat
from ._grad import expand_to, normalize_dims, scatter_add, zeros
from ._grad import permute as grad_permute
from ._grad import stack as grad_stack
from ._grad import transpose as grad_transpose
from .views import check_view_change, record_view, view_info

__all__ = ["split_with_sizes", "block_diag", "diagflat", "fliplr", "flipud", "adjoint", "cartesian_prod",
           "moveaxis", "row_stack", "hstack", "vstack", "dstack", "column_stack", "ravel", "reshape",
           "view", "flatten",
           "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims",
           "t", "permute", "movedim", "expand", "repeat", "flip", "cat", "concat", "concatenate",
           "stack", "split", "chunk", "unbind", "contiguous", "tril", "triu", "roll", "diagonal",
           "diag", "diag_embed", "broadcast_to", "broadcast_shapes", "broadcast_tensors", "atleast_1d",
           "atleast_2d", "atleast_3d", "tile", "unflatten", "meshgrid", "repeat_interleave", "diff", "rot90",
           "gradient"]


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


def by_keyword(args: tuple, named: Any) -> tuple:
    """Sizes or dims given either as varargs or by keyword (``x.flip(dims=(0,))``, ``x.view(size=(3,
    2))``): torch's parser takes one or the other, and a keyword's value must be a sequence (a
    TypeError otherwise, worded as torch's by the public wrappers)."""
    if named is None:
        return args
    if args or not isinstance(named, Sequence | np.ndarray):
        raise TypeError("sizes must be given either positionally or as one sequence by keyword")
    return (named,)


def normalize_dim(dim: int, ndim: int) -> int:
    """One dim (negative allowed) as non-negative, with torch's IndexError when out of range."""
    if dim.__class__ is not int:
        dim = operator.index(dim)  # a float or a string is a TypeError
    bound = max(ndim, 1)
    if not -bound <= dim < bound:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, "
                         f"{bound - 1}], but got {dim})")
    return dim % bound


def no_dims_message(dim: Any) -> str:
    """torch's words for a dim given to an op that does not wrap a 0-d tensor's dim (roll)."""
    return f"Dimension specified as {dim} but tensor has no dimensions"


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

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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


def view(input: Tensor, *shape: Any, dtype: Any = None, size: Any = None) -> Tensor:
    """The same memory seen with another shape (one size may be -1); torch's error when the
    strides do not allow it. With a dtype instead (``x.view(torch.int32)``), the same bytes read as
    that dtype (see ``view_as_dtype``)."""
    if dtype is not None:
        if shape or size is not None:
            raise TypeError("view() takes a shape or a dtype, not both")
        return view_as_dtype(input, dtype)
    shape = by_keyword(shape, size)
    if len(shape) == 1 and isinstance(shape[0], _dtype):
        return view_as_dtype(input, shape[0])
    target = _target_shape(input, shape)
    if view_of(input._data, target) is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return shares_version(View.apply(input, shape=target), input)


def view_as_dtype(input: Tensor, dtype: _dtype) -> Tensor:
    """The bytes of ``input`` read as ``dtype`` (torch's ``Tensor.view(dtype)``): the same memory and
    version counter, not differentiable (no ``grad_fn``, never requiring grad). A dtype of another
    element size changes the last dim's length by the size ratio, which torch allows only where the
    last dim is contiguous (and, to a larger element, where sizes, strides and the storage offset
    divide evenly), with its errors otherwise."""
    a = input._data
    old, new = a.itemsize, dtype.numpy.itemsize
    names = f"{type_name(a.dtype)} as {dtype.type_name} (different element sizes)"
    if old != new:
        if a.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 to view {names}")
        strides = input.stride()
        if old > new and strides[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 to view {names}, but got {strides[-1]}")
        if old < new:
            ratio = new // old
            if a.shape[-1] % ratio:
                raise RuntimeError(f"self.size(-1) must be divisible by {ratio} to view {names}, but "
                                   f"got {a.shape[-1]}")
            offset = input.storage_offset()
            if offset % ratio:
                raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} to view "
                                   f"{names}, but got {offset}")
            for d, stride in enumerate(strides[:-1]):
                if stride % ratio:
                    raise RuntimeError(f"self.stride({d}) must be divisible by {ratio} to view "
                                       f"{names}, but got {stride}")
            if strides[-1] != 1:
                raise RuntimeError(f"self.stride(-1) must be 1 to view {names}, but got "
                                   f"{strides[-1]}")
    out = Tensor._make(a.view(dtype.numpy))
    out._vc = input._version_counter()  # (torch: not a view of input, but one version counter)
    return out


def reshape(input: Tensor, *args: Any, shape: Any = None) -> Tensor:
    """``input`` with a new shape: a view when the strides allow it, else a copy
    (``CloneBackward0`` then ``UnsafeViewBackward0``, as in torch)."""
    target = _target_shape(input, by_keyword(args, shape))
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
    from .arithmetic import Clone

    return Clone.apply(input, contiguous=True)


# -- squeeze / unsqueeze ---------------------------------------------------------------------------


class Squeeze(Op):
    """Every size-1 dim removed (``x.squeeze()``), sharing memory.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)   (the same dims removed)
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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


class SqueezeInplace(Squeeze, torch_name="Squeeze", overload=3):
    """``x.squeeze_()``: every size-1 dim removed from ``x`` itself.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)
    """

    __slots__ = ()


class SqueezeDimsInplace(Squeeze, torch_name="Squeeze", overload=5):
    """``x.squeeze_((0, 2))``: the size-1 dims among ``dim`` removed from ``x`` itself.

    Backward:  grad_self = grad.reshape(self.shape)
    Forward:   result_t = self_t.reshape(result's shape)
    """

    __slots__ = ()


def _squeezed(input: Tensor, dim: Any) -> tuple[int, tuple[int, ...]]:
    """Which of torch's squeezes ``dim`` asks for (0: all size-1 dims, 1: one dim, 2: several) and
    the dims it removes."""
    shape = input._data.shape
    if dim is None:
        return 0, tuple(i for i, n in enumerate(shape) if n == 1)
    kind = 1 if isinstance(dim, int | np.integer) else 2
    return kind, tuple(d for d in normalize_dims(dim, input._data.ndim) if shape[d] == 1)


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Remove size-1 dims: all of them, or those among ``dim`` (an int or a tuple)."""
    kind, dims = _squeezed(input, dim)
    return shares_version((Squeeze, SqueezeDim, SqueezeDims)[kind].apply(input, dims=dims), input)


def squeeze_(input: Tensor, dim: Any = None) -> Tensor:
    """``squeeze`` in place: ``input`` loses the size-1 dims (all, or those among ``dim``)."""
    kind, dims = _squeezed(input, dim)
    return _in_place_view(input, (SqueezeInplace, SqueezeDimInplace, SqueezeDimsInplace)[kind],
                          dims=dims)


class Unsqueeze(Op):
    """A size-1 dim inserted at ``dim``, sharing memory.

    Backward:  grad_self = grad.squeeze(dim)
    Forward:   result_t = self_t.unsqueeze(dim)
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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


class UnsqueezeInplace(Unsqueeze, torch_name="Unsqueeze", overload=1):
    """``x.unsqueeze_(dim)``: a size-1 dim inserted into ``x`` itself.

    Backward:  grad_self = grad.squeeze(dim)
    Forward:   result_t = self_t.unsqueeze(dim)
    """

    __slots__ = ()


def unsqueeze_(input: Tensor, dim: int) -> Tensor:
    """``unsqueeze`` in place: ``input`` gets a size-1 dim at ``dim``."""
    return _in_place_view(input, UnsqueezeInplace, dim=normalize_dim(dim, input._data.ndim + 1))


# -- reordering dims -------------------------------------------------------------------------------


class Transpose(Op):
    """Dims ``dim0`` and ``dim1`` swapped, sharing memory.

    Backward:  grad_self = grad.transpose(dim0, dim1)
    Forward:   result_t = self_t.transpose(dim0, dim1)
    """

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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

    supports_complex = True
    supports_bfloat16 = True
    bfloat16_gradients = True

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


_ZERO_D_ADVICE = {"mT": "This function is the identity in these cases.",
                  "mH": "Consider using x.conj()."}


def matrix_transpose(input: Tensor, name: str = "mT") -> Tensor:
    """``x.mT`` (``x.mH``: the same, real tensors having no conjugate): the last two dims swapped (a
    batch of matrices transposed); a 0-d tensor is returned as it is, with torch's warning."""
    if input._data.ndim == 0:
        warnings.warn(f"Tensor.{name} is deprecated on 0-D tensors. {_ZERO_D_ADVICE[name]}",
                      UserWarning, stacklevel=3)
        return input
    if input._data.ndim == 1:
        raise RuntimeError(f"tensor.{name} is only supported on matrices or batches of matrices. "
                           "Got 1-D tensor.")
    return transpose(input, -2, -1)


def _matrix_dims(function: str, input: Tensor) -> None:
    """torch's error for ``t()`` or ``t_()`` of a tensor with more than 2 dims."""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"{function}() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")


def t(input: Tensor) -> Tensor:
    """Transpose a matrix (a view); vectors and scalars come back unchanged."""
    _matrix_dims("t", input)
    return shares_version(T.apply(input), input)


class TransposeInplace(Transpose, torch_name="Transpose", overload=1):
    """``x.transpose_(dim0, dim1)`` (and ``swapdims_``, ``swapaxes_``): ``x`` itself with two dims
    swapped.

    Backward:  grad_self = grad.transpose(dim0, dim1)
    Forward:   result_t = self_t.transpose(dim0, dim1)
    """

    __slots__ = ()


class TInplace(T, torch_name="T", overload=1):
    """``x.t_()``: the matrix ``x`` itself transposed.

    Backward:  grad_self = grad.t()
    Forward:   result_t = self_t.t()
    """

    __slots__ = ()


def transpose_(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """``transpose`` in place: ``input`` has ``dim0`` and ``dim1`` swapped."""
    ndim = input._data.ndim
    return _in_place_view(input, TransposeInplace, dim0=normalize_dim(dim0, ndim),
                          dim1=normalize_dim(dim1, ndim))


def t_(input: Tensor) -> Tensor:
    """``t`` in place: the matrix ``input`` becomes its transpose."""
    _matrix_dims("t_", input)
    return _in_place_view(input, TInplace)


def _in_place_view(input: Tensor, op: type[Op], **params: Any) -> Tensor:
    """torch's in-place view ops (``t_``, ``transpose_``, ``squeeze_``, ``unsqueeze_``): ``input``
    takes the shape and strides of ``op``'s view of it over the same memory (its values and the
    views of it are untouched), its version counter is bumped, and when the change is recorded the
    op's node (``TBackward1`` ...) becomes its ``grad_fn``, as after any in-place op."""
    records = grad_mode.recording() and input._requires_grad
    info = view_info(input)
    if info is not None:
        check_view_change(input, grad_mode.recording() and (records or info.base._requires_grad))
    else:
        input._check_leaf_change()
    if records:
        result = op.apply(input, **params)
        # (torch leaves a retain_grad hook on the old node here: .grad keeps the old shape)
        input.grad_fn, input._output_nr = result.grad_fn, result._output_nr
    else:
        with grad_mode.no_grad():
            result = op.apply(input, **params)
    state = input._leaf_state()
    state.former_arrays += (input._data,)
    input._data = result._data
    tangent = tangent_of(result) if dual.active else None
    if tangent is not None:
        set_tangent(input, tangent)
    if watching.count:
        note("inplace", input, result)  # (a tracer, t.compile's: the tensor now holds result's value)
    input._bump_version()
    return input


def permute(input: Tensor, *args: Any, dims: Any = None) -> Tensor:
    """Reorder the dims (a view): ``x.permute(2, 0, 1)``."""
    order = _sizes(by_keyword(args, dims))
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


def movedim(input: Tensor, source: int | Sequence[int],
            destination: int | Sequence[int]) -> Tensor:
    """Move dims to other positions (a ``permute``): ``source`` and ``destination`` are two dims,
    or two sequences of dims of the same length; the other dims keep their order."""
    ndim = input._data.ndim
    if isinstance(source, int) != isinstance(destination, int):
        # (the public entry points replace this with torch's parser wording)
        raise TypeError("movedim() takes two ints or two sequences of ints")
    sources = [source] if isinstance(source, int) else list(source)
    destinations = [destination] if isinstance(destination, int) else list(destination)
    if len(sources) != len(destinations):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({sources} dims) "
                           f"should contain the same number of dims as destination "
                           f"({destinations} dims)")
    src = [normalize_dim(dim, ndim) for dim in sources]
    dst = [normalize_dim(dim, ndim) for dim in destinations]
    for name, given, dims in (("source", sources, src), ("destination", destinations, dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order: list[int | None] = [None] * ndim
    for moved, position in zip(src, dst):
        if ndim:
            order[position] = moved
    others = iter([dim for dim in range(ndim) if dim not in src])
    return permute(input, tuple(next(others) if dim is None else dim for dim in order))


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
        # a view that repeats elements (an expanded one, stride 0, or overlapping windows of
        # unfold): the gradients of one element's copies must add up
        self._unique = np.unique(positions).size == positions.size
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

    supports_complex = True
    supports_bfloat16 = True

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

    supports_complex = True
    supports_bfloat16 = True

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

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("dims",)

    def forward(self, a: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
        self.dims = dims
        return np.flip(a, dims).copy()

    def backward(self, grad: Any) -> Any:
        return Flip.apply(grad, dims=self.dims)

    def jvp(self, self_t: Any) -> Any:
        return Flip.apply(self_t, dims=self.dims)


def flip(input: Tensor, *args: Any, dims: Any = None) -> Tensor:
    """Reverse the order of elements along the given dims."""
    order = _sizes(by_keyword(args, dims))
    normalized = normalize_dims(order, input._data.ndim) if order else ()
    return Flip.apply(input, dims=normalized)


# -- joining ---------------------------------------------------------------------------------------


class Cat(Op):
    """Tensors joined end to end along an existing dim ``dim`` (a copy).

    Backward:  grad_tensors[i] = grad sliced back into each input's extent along dim
               (zeros for the 1-d empty inputs cat skips)
    Forward:   result_t = cat(tensors_t, dim)
    """

    supports_complex = True
    supports_bfloat16 = True

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
        if name == "block_diag":  # (torch's block_diag is Python: its tensors are one argument)
            position = next(i for i, t in enumerate(tensors) if not isinstance(t, Tensor))
            raise TypeError(f"expected Tensor as element {position} in argument 0, but got "
                            f"{type(tensors[position]).__name__}")
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

    supports_complex = True
    supports_bfloat16 = True

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

    supports_complex = True
    supports_bfloat16 = True

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


def split_with_sizes(input: Tensor, split_sizes: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``input`` cut along ``dim`` into pieces of the listed sizes (``split`` with a list)."""
    if isinstance(split_sizes, int | np.integer):
        raise argument_error("split_with_sizes", (input, split_sizes, dim))
    return split(input, split_sizes, dim)


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

    supports_complex = True
    supports_bfloat16 = True

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


# -- triangles, diagonals, rolls ------------------------------------------------------------------


class Tril(Op):
    """The lower triangle of the last two dims (elements on and below diagonal ``diagonal``; the
    rest zeroed), a copy.

    Backward:  grad_self = grad.tril(diagonal)
    Forward:   result_t = self_t.tril(diagonal)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("diagonal",)

    def forward(self, a: np.ndarray, diagonal: int) -> np.ndarray:
        self.diagonal = diagonal
        return np.tril(a, diagonal)

    def backward(self, grad: Any) -> Any:
        return Tril.apply(grad, diagonal=self.diagonal)

    def jvp(self, self_t: Any) -> Any:
        return Tril.apply(self_t, diagonal=self.diagonal)


class Triu(Op):
    """The upper triangle of the last two dims (elements on and above diagonal ``diagonal``; the
    rest zeroed), a copy.

    Backward:  grad_self = grad.triu(diagonal)
    Forward:   result_t = self_t.triu(diagonal)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("diagonal",)

    def forward(self, a: np.ndarray, diagonal: int) -> np.ndarray:
        self.diagonal = diagonal
        return np.triu(a, diagonal)

    def backward(self, grad: Any) -> Any:
        return Triu.apply(grad, diagonal=self.diagonal)

    def jvp(self, self_t: Any) -> Any:
        return Triu.apply(self_t, diagonal=self.diagonal)


def _triangle(function: str, op: type[Op], input: Tensor, diagonal: int) -> Tensor:
    if not isinstance(input, Tensor) or isinstance(diagonal, bool) or \
            not isinstance(diagonal, int | np.integer):
        raise argument_error(function, (input, diagonal))
    if input._data.ndim < 2:
        raise RuntimeError(f"{function}: input tensor must have at least 2 dimensions")
    return op.apply(input, diagonal=int(diagonal))


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of a matrix (or of each matrix of a batch): zeros above ``diagonal``."""
    return _triangle("tril", Tril, input, diagonal)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of a matrix (or of each matrix of a batch): zeros below ``diagonal``."""
    return _triangle("triu", Triu, input, diagonal)


class Roll(Op):
    """Elements shifted ``shifts`` places along ``dims``, those pushed off the end coming back at
    the start (no ``dims``: along the flattened tensor), a copy.

    Backward:  grad_self = grad.roll(-shifts, dims)
    Forward:   result_t = self_t.roll(shifts, dims)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("shifts", "dims")

    def forward(self, a: np.ndarray, shifts: tuple[int, ...], dims: tuple[int, ...]) -> np.ndarray:
        self.shifts, self.dims = shifts, dims
        if not dims:
            return np.roll(a.reshape(-1), shifts[0]).reshape(a.shape)
        return np.roll(a, shifts, axis=dims)

    def backward(self, grad: Any) -> Any:
        return Roll.apply(grad, shifts=tuple(-s for s in self.shifts), dims=self.dims)

    def jvp(self, self_t: Any) -> Any:
        return Roll.apply(self_t, shifts=self.shifts, dims=self.dims)


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """Shift elements cyclically ``shifts`` places along ``dims`` (all dims flattened if none)."""
    steps = (shifts,) if isinstance(shifts, int | np.integer) else tuple(shifts)
    if dims is None or dims == ():
        if len(steps) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(steps)}, dims:0")
        return Roll.apply(input, shifts=(int(steps[0]),), dims=())
    axes = (dims,) if isinstance(dims, int | np.integer) else tuple(dims)
    if len(steps) != len(axes):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(steps)}, dims:{len(axes)}")
    ndim = input._data.ndim
    if not ndim:
        raise IndexError(no_dims_message(axes[0]))
    return Roll.apply(input, shifts=tuple(int(s) for s in steps),
                      dims=tuple(normalize_dim(d, ndim) for d in axes))


def _diagonal_view(a: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """A writable numpy view of the diagonal ``offset`` of the planes ``(dim1, dim2)``, appended
    as the last dim (numpy's own ``diagonal`` view is read-only)."""
    start = [slice(None)] * a.ndim
    if offset >= 0:
        start[dim2] = slice(min(offset, a.shape[dim2]), None)
    else:
        start[dim1] = slice(min(-offset, a.shape[dim1]), None)
    shifted = a[tuple(start)]
    length = max(min(shifted.shape[dim1], shifted.shape[dim2]), 0)
    kept = [d for d in range(a.ndim) if d not in (dim1, dim2)]
    shape = tuple(shifted.shape[d] for d in kept) + (length,)
    strides = tuple(shifted.strides[d] for d in kept) + (shifted.strides[dim1] + shifted.strides[dim2],)
    return np.lib.stride_tricks.as_strided(shifted, shape, strides,
                                           writeable=shifted.flags.writeable)


class Diagonal(Op):
    """The diagonal ``offset`` of the planes ``(dim1, dim2)`` as the last dim, sharing memory.

    Backward:  grad_self = zeros(self.shape) with grad written on that diagonal (DiagonalBackward)
    Forward:   result_t = self_t.diagonal(offset, dim1, dim2)
    """

    supports_complex = True
    supports_bfloat16 = True

    __slots__ = ("self_sym_sizes", "offset", "dim1", "dim2")

    def forward(self, a: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
        self.self_sym_sizes, self.offset, self.dim1, self.dim2 = a.shape, offset, dim1, dim2
        return _diagonal_view(a, offset, dim1, dim2)

    def backward(self, grad: Any) -> Any:
        return DiagonalBackward.apply(grad, input_sizes=self.self_sym_sizes, offset=self.offset,
                                      dim1=self.dim1, dim2=self.dim2)

    def jvp(self, self_t: Any) -> Any:
        return Diagonal.apply(self_t, offset=self.offset, dim1=self.dim1, dim2=self.dim2)


class DiagonalCopy(Diagonal, grad_fn_name="DiagonalBackward0_copy"):
    """``torch.diag`` of a matrix: its diagonal ``offset``, copied (torch's ``diagonal_copy``).

    Backward:  grad_self = zeros(self.shape) with grad written on that diagonal (DiagonalBackward)
    Forward:   result_t = diag(self_t, offset)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
        return super().forward(a, offset, dim1, dim2).copy()

    def jvp(self, self_t: Any) -> Any:
        return DiagonalCopy.apply(self_t, offset=self.offset, dim1=self.dim1, dim2=self.dim2)


class DiagonalBackward(Op, grad_fn_name="DiagonalBackwardBackward0"):
    """``diagonal``'s backward as an op: zeros of the input's shape with ``g`` written on the
    diagonal (what a second derivative through ``diagonal`` differentiates).

    Backward:  grad_g = grad.diagonal(offset, dim1, dim2)
    Forward:   result_t = zeros(input_sizes) with g_t written on the diagonal   (it is linear)
    """

    __slots__ = ("input_sizes", "offset", "dim1", "dim2")

    def forward(self, g: np.ndarray, input_sizes: tuple[int, ...], offset: int, dim1: int,
                dim2: int) -> np.ndarray:
        self.input_sizes, self.offset, self.dim1, self.dim2 = input_sizes, offset, dim1, dim2
        out = np.zeros(input_sizes, dtype=g.dtype)
        _diagonal_view(out, offset, dim1, dim2)[...] = g
        return out

    def backward(self, grad: Any) -> Any:
        return Diagonal.apply(grad, offset=self.offset, dim1=self.dim1, dim2=self.dim2)

    def jvp(self, g_t: Any) -> Any:
        return DiagonalBackward.apply(g_t, input_sizes=self.input_sizes, offset=self.offset,
                                      dim1=self.dim1, dim2=self.dim2)


class Unfold(Op):
    """Windows of ``size`` elements taken every ``step`` along ``dim``, as a new last dim, sharing
    memory (``x.unfold(dim, size, step)``).

    Backward:  grad_self = zeros(self.shape) with each window's gradient added back where the window
               was read (UnfoldBackward)
    Forward:   result_t = self_t.unfold(dim, size, step)
    """

    __slots__ = ("self_sym_sizes", "dim", "size", "step")

    def forward(self, a: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
        self.self_sym_sizes, self.dim, self.size, self.step = a.shape, dim, size, step
        return _unfold_view(a, dim, size, step)

    def backward(self, grad: Any) -> Any:
        return UnfoldBackward.apply(grad, input_sizes=self.self_sym_sizes, dim=self.dim,
                                    size=self.size, step=self.step)

    def jvp(self, self_t: Any) -> Any:
        return Unfold.apply(self_t, dim=self.dim, size=self.size, step=self.step)


class UnfoldBackward(Op, grad_fn_name="UnfoldBackwardBackward0"):
    """``unfold``'s backward as an op: zeros of the input's shape with each window of ``g`` added
    where it was read (overlapping windows add up).

    Backward:  grad_g = grad.unfold(dim, size, step)
    Forward:   result_t = the same sum of the windows of g_t   (it is linear)
    """

    __slots__ = ("input_sizes", "dim", "size", "step")

    def forward(self, g: np.ndarray, input_sizes: tuple[int, ...], dim: int, size: int,
                step: int) -> np.ndarray:
        self.input_sizes, self.dim, self.size, self.step = input_sizes, dim, size, step
        out = np.zeros(input_sizes, dtype=g.dtype)
        flat = out.reshape(1) if out.ndim == 0 else out  # (a 0-d input has one window)
        count = g.shape[dim] if out.ndim else 1
        positions = np.arange(count)[:, None] * step + np.arange(size)[None, :]
        windows = g.reshape(count, size) if out.ndim == 0 else np.moveaxis(g, -1, dim + 1)
        np.add.at(flat, (_ALL,) * dim + (positions,), windows)
        return out

    def backward(self, grad: Any) -> Any:
        return Unfold.apply(grad, dim=self.dim, size=self.size, step=self.step)

    def jvp(self, g_t: Any) -> Any:
        return UnfoldBackward.apply(g_t, input_sizes=self.input_sizes, dim=self.dim,
                                    size=self.size, step=self.step)


def _unfold_view(a: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
    """The windows as a strided view of ``a``; read-only where windows overlap (a write through
    one element would change others: torch's overlap error, not a value that depends on order)."""
    if a.ndim == 0:
        return a.reshape(1)[:size]
    count = (a.shape[dim] - size) // step + 1
    shape = a.shape[:dim] + (count,) + a.shape[dim + 1:] + (size,)
    strides = a.strides[:dim] + (a.strides[dim] * step,) + a.strides[dim + 1:] + (a.strides[dim],)
    overlapping = step < size and count > 1
    return np.lib.stride_tricks.as_strided(a, shape, strides,
                                           writeable=a.flags.writeable and not overlapping)


def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``x.unfold(dimension, size, step)``: every window of ``size`` elements, ``step`` apart, along
    ``dimension`` (a view; the windows are a new last dim)."""
    size, step = operator.index(size), operator.index(step)  # (a float is torch's TypeError)
    ndim = input._data.ndim
    dim = normalize_dim(dimension, ndim)
    length = input._data.shape[dim] if ndim else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if length < size:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {length} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return shares_version(Unfold.apply(input, dim=dim, size=size, step=step), input)


class DiagEmbed(Op):
    """Each vector along the last dim laid on the diagonal ``offset`` of the planes
    ``(dim1, dim2)`` of a new tensor of zeros (``torch.diag`` of a vector).

    Backward:  grad_self = grad.diagonal(offset, dim1, dim2)
    Forward:   result_t = diag_embed(self_t, offset, dim1, dim2)
    """

    __slots__ = ("offset", "dim1", "dim2")

    def forward(self, a: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
        self.offset, self.dim1, self.dim2 = offset, dim1, dim2
        size = a.shape[-1] + abs(offset)
        shape = list(a.shape[:-1])
        for d in sorted((dim1, dim2)):
            shape.insert(d, size)
        out = np.zeros(shape, dtype=a.dtype)
        _diagonal_view(out, offset, dim1, dim2)[...] = a
        return out

    def backward(self, grad: Any) -> Any:
        return Diagonal.apply(grad, offset=self.offset, dim1=self.dim1, dim2=self.dim2)

    def jvp(self, self_t: Any) -> Any:
        return DiagEmbed.apply(self_t, offset=self.offset, dim1=self.dim1, dim2=self.dim2)


class BlockDiag(Op):
    """The matrices laid corner to corner along the diagonal of a matrix of zeros (a 0-d input is a
    1x1 block, a vector a 1-row block).

    Backward:  grad_tensors[i] = the block of grad where tensors[i] lies, in tensors[i]'s shape
    Forward:   result_t = block_diag(tensors_t)
    """

    __slots__ = ("shapes", "corners")

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        self.shapes = [a.shape for a in arrays]
        blocks = [a.reshape(_as_block(a.shape)) for a in arrays]
        rows = sum(block.shape[0] for block in blocks)
        columns = sum(block.shape[1] for block in blocks)
        out = np.zeros((rows, columns), dtype=arrays[0].dtype)
        self.corners = []
        row = column = 0
        for block in blocks:
            self.corners.append((row, column))
            out[row:row + block.shape[0], column:column + block.shape[1]] = block
            row, column = row + block.shape[0], column + block.shape[1]
        return out

    def backward(self, grad: Any) -> tuple:
        grads = []
        for shape, (row, column) in zip(self.shapes, self.corners):
            rows, columns = _as_block(shape)
            grads.append(grad[row:row + rows, column:column + columns].reshape(shape))
        return tuple(grads)

    def jvp(self, *tangents: Any) -> Any:
        return BlockDiag.apply(*tangents)


def _as_block(shape: tuple[int, ...]) -> tuple[int, int]:
    """The matrix shape a block_diag input takes: (1, 1) for a number, (1, n) for a vector."""
    return (1,) * (2 - len(shape)) + tuple(shape)


def block_diag(*tensors: Tensor) -> Tensor:
    """A block-diagonal matrix of ``tensors`` (matrices; a number is a 1x1 block, a vector a row),
    in their common dtype; no tensors give a 1x0 matrix."""
    if not tensors:
        return Tensor._make(np.zeros((1, 0), dtype=DEFAULT_FLOAT.numpy))
    items = _joined_operands(tensors, "block_diag")
    for position, item in enumerate(items):
        if item._data.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {position} has {item._data.ndim} dimensions")
    return BlockDiag.apply(*items)


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """``input`` flattened onto the diagonal ``offset`` of a square matrix of zeros (as torch
    composes it: ``diag_embed`` of ``input.contiguous().view(-1)``)."""
    return diag_embed(view(contiguous(input), (-1,)), offset)


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal ``offset`` of the planes ``(dim1, dim2)``, as the last dim (a view)."""
    ndim = input._data.ndim
    d1, d2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return shares_version(Diagonal.apply(input, offset=int(offset), dim1=d1, dim2=d2), input)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """A tensor of zeros with the last dim of ``input`` laid on the diagonal of ``(dim1, dim2)``."""
    ndim = input._data.ndim + 1
    d1, d2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return DiagEmbed.apply(input, offset=int(offset), dim1=d1, dim2=d2)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A vector as a square matrix with it on the diagonal ``diagonal``; a matrix's diagonal
    ``diagonal`` as a vector (a copy)."""
    if not isinstance(input, Tensor) or isinstance(diagonal, bool) or \
            not isinstance(diagonal, int | np.integer):
        raise argument_error("diag", (input, diagonal))
    ndim = input._data.ndim
    if ndim == 1:
        return DiagEmbed.apply(input, offset=int(diagonal), dim1=0, dim2=1)
    if ndim == 2:
        return DiagonalCopy.apply(input, offset=int(diagonal), dim1=0, dim2=1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")


# -- broadcasting, tiling, grids -------------------------------------------------------------------


def broadcast_to(input: Tensor, size: Any) -> Tensor:
    """``input`` expanded to ``size`` (a view; ``-1`` keeps a size): ``input.expand(size)``."""
    return expand(input, size)


def broadcast_shapes(*shapes: Any) -> Any:
    """The shape tensors of the given shapes broadcast to, as a ``Size``; torch's error if they
    do not broadcast."""
    from ..autograd.op import broadcast_error
    from ..tensor import Size

    sizes = [(s,) if isinstance(s, int | np.integer) else tuple(s) for s in shapes]
    try:
        return Size(np.broadcast_shapes(*sizes))
    except ValueError:
        raise broadcast_error(*sizes) from None


def broadcast_tensors(*tensors: Tensor) -> tuple[Tensor, ...]:
    """The tensors expanded to their common shape (each a view; one already of that shape is
    returned as it is)."""
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    shape = tuple(broadcast_shapes(*(t._data.shape for t in tensors)))
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)


def _at_least(function: str, ndim: int, tensors: tuple) -> Any:
    single = len(tensors) == 1 and isinstance(tensors[0], Tensor)
    items = tensors if not (len(tensors) == 1 and isinstance(tensors[0], list | tuple)) \
        else tuple(tensors[0])
    out = []
    for t in items:
        if not isinstance(t, Tensor):
            raise TypeError(f"{function}(): argument 'tensors' must be tuple of Tensors, not "
                            f"{type(t).__name__}")
        n = t._data.ndim
        if n >= ndim:
            out.append(t)
        elif ndim == 3 and n == 2:
            out.append(unsqueeze(t, -1))
        elif ndim == 3 and n == 1:
            out.append(unsqueeze(unsqueeze(t, 0), -1))
        elif n == 1:
            out.append(unsqueeze(t, 0))
        else:
            out.append(reshape(t, (1,) * ndim))
    return out[0] if single else tuple(out)


def atleast_1d(*tensors: Any) -> Any:
    """Each tensor with at least one dim (a 0-d tensor becomes shape ``(1,)``)."""
    return _at_least("atleast_1d", 1, tensors)


def atleast_2d(*tensors: Any) -> Any:
    """Each tensor with at least two dims (a vector becomes one row)."""
    return _at_least("atleast_2d", 2, tensors)


def atleast_3d(*tensors: Any) -> Any:
    """Each tensor with at least three dims."""
    return _at_least("atleast_3d", 3, tensors)


def _stack_list(function: str, tensors: Any) -> list:
    """The tensors ``hstack`` and friends join, with torch's errors for anything else."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{function}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    if not tensors:
        raise RuntimeError(f"{function} expects a non-empty TensorList")
    return list(tensors)


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors joined horizontally: along dim 1, or dim 0 for 1-d tensors."""
    parts = atleast_1d(*_stack_list("hstack", tensors))
    parts = [parts] if isinstance(parts, Tensor) else list(parts)
    return cat(parts, 0 if parts[0]._data.ndim == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors joined vertically (along dim 0), 1-d tensors as rows."""
    parts = atleast_2d(*_stack_list("vstack", tensors))
    return cat([parts] if isinstance(parts, Tensor) else list(parts), 0)


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors joined in depth (along dim 2), each made at least 3-d."""
    parts = atleast_3d(*_stack_list("dstack", tensors))
    return cat([parts] if isinstance(parts, Tensor) else list(parts), 2)


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors side by side as columns: 0-d and 1-d tensors become ``(n, 1)`` columns."""
    parts = [t.reshape(t.numel(), 1) if t._data.ndim <= 1 else t
             for t in _stack_list("column_stack", tensors)]
    return cat(parts, 1)


def ravel(input: Tensor) -> Tensor:
    """``input`` flattened to one dim: ``input.contiguous().view(-1)``, as torch computes it (a
    view when ``input`` is contiguous, else a copy then a view)."""
    return view(contiguous(input), (-1,))


def tile(input: Tensor, dims: Any) -> Tensor:
    """``input`` repeated ``dims[i]`` times along each dim; fewer ``dims`` than dims are padded
    with ones in front (``x.repeat`` otherwise)."""
    reps = _sizes((dims,)) if not isinstance(dims, int | np.integer) else (int(dims),)
    reps = (1,) * (input._data.ndim - len(reps)) + reps
    return repeat(input, reps)


def unflatten(input: Tensor, dim: int, sizes: Any) -> Tensor:
    """Dim ``dim`` split into several of ``sizes`` (one may be -1): a reshape."""
    ndim = input._data.ndim
    axis = normalize_dim(dim, ndim)
    if not ndim:
        raise RuntimeError(f"unflatten got an unexpected error:\n{no_dims_message(axis)}")
    parts = _sizes((sizes,))
    if not parts:
        raise RuntimeError("unflatten: sizes must be non-empty")
    try:
        inner = infer_shape(parts, input._data.shape[axis])
    except RuntimeError as error:  # torch words reshape's errors for unflatten
        if str(error).startswith("shape '"):
            raise RuntimeError(f"unflatten: Provided sizes {list(parts)} don't multiply up to the "
                               f"size of dim {axis} ({input._data.shape[axis]}) in the input "
                               "tensor") from None
        raise RuntimeError(f"unflatten got an unexpected error:\n{error}") from None
    return view(input, input._data.shape[:axis] + inner + input._data.shape[axis + 1:])


MESHGRID_WARNING = ("torch.meshgrid: in an upcoming release, it will be required to pass the "
                    "indexing argument.")


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Coordinate grids: for ``n`` vectors, ``n`` tensors of shape ``(len(v1), ..., len(vn))``
    (``indexing="xy"`` swaps the first two dims, as numpy's default)."""
    import warnings

    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(MESHGRID_WARNING, UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: '
                           f"{indexing}")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t!r}")
    swap = indexing == "xy" and len(tensors) >= 2
    ordered = list(tensors)
    if swap:
        ordered[0], ordered[1] = ordered[1], ordered[0]
    shape = tuple(t._data.size for t in ordered)
    grids = []
    for i, t in enumerate(ordered):
        at = [1] * len(ordered)
        at[i] = -1
        grids.append(expand(view(t, tuple(at)), shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def repeat_interleave(input: Tensor, repeats: Any = None, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:
    """Each element (or each slice along ``dim``) repeated ``repeats`` times in place:
    ``[1, 2] -> [1, 1, 2, 2]`` (without ``dim``, of the flattened tensor). ``repeats`` may be a
    tensor of counts, one per slice; ``repeat_interleave(counts)`` alone gives the repeated
    positions ``[0, 0, 1, ...]``."""
    from ..autograd.record import derived
    from .arithmetic import clone
    from .indexing import index_select

    refuse_without_values("repeat_interleave", input if repeats is None else repeats)
    if repeats is None:  # repeat_interleave(counts): the positions, each repeated its count
        counts = input._data
        if counts.ndim > 1 or counts.dtype.kind not in "iu":
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        return derived(Tensor._make(np.repeat(np.arange(counts.size, dtype=np.int64), counts)),
                       input)
    if dim is None:
        input, dim = flatten(input), 0
    axis = normalize_dim(dim, input._data.ndim)
    if isinstance(repeats, Tensor) and repeats._data.ndim and repeats._data.size != 1:
        size = input._data.shape[axis] if input._data.ndim else 1
        counts = repeats._data
        if counts.ndim != 1 or counts.size != size:
            raise RuntimeError("repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {counts.size} and input.size({axis}) = {size}")
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        index = np.repeat(np.arange(size, dtype=np.int64), counts)
        return index_select(input, axis, Tensor._make(index))
    count = int(repeats.item() if isinstance(repeats, Tensor) else repeats)
    if count < 0:  # (torch words a negative number and a negative one-element tensor apart)
        raise RuntimeError("repeats can not be negative" if isinstance(repeats, Tensor)
                           else "Repeats must be non-negative")
    if input._data.ndim == 0:
        input = reshape(input, 1)
    shape = input._data.shape
    spread = expand(unsqueeze(input, axis + 1), shape[:axis + 1] + (count,) + shape[axis + 1:])
    merged = shape[:axis] + (shape[axis] * count,) + shape[axis + 1:]
    return reshape(clone(spread), merged)


def gradient(input: Tensor, *, spacing: Any = 1, dim: Any = None,
             edge_order: int = 1) -> tuple[Tensor, ...]:
    """Estimates of ``input``'s derivative along each of ``dim`` (every dim by default) from its
    samples, as numpy's ``gradient`` and torch's: central differences inside, one-sided ones at the
    two ends (``edge_order`` 1 or 2, their order of accuracy). ``spacing``: the distance between
    samples (a number, one per dim), or the sample coordinates (one 1-D tensor per dim). Built from
    slices, differences, products and a ``cat``, as torch builds it, so it is differentiable."""
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    ndim = input.dim()
    dims = list(range(ndim)) if dim is None else [dim] if isinstance(dim, int) else list(dim)
    dims = [normalize_dim(d, ndim) for d in dims]
    if isinstance(spacing, list | tuple):
        if len(spacing) != len(dims):
            if dim is None:
                raise RuntimeError(
                    "torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                    f"length equal to 'self.dim() = {ndim}', since dim argument was not given, but "
                    f"got a list of length {len(spacing)}")
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and "
                "dim arguments to have the same length, but got a spacing argument of length "
                f"{len(spacing)} and a dim argument of length {len(dims)}.")
        steps = list(spacing)
    else:
        steps = [spacing] * len(dims)
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError(
                "torch.gradient expected each dimension size to be at least edge_order+1")
    return tuple(_gradient_along(input, d, step, edge_order) for d, step in zip(dims, steps))


def _piece(input: Tensor, dim: int, start: int, stop: int | None = None) -> Tensor:
    """``input``'s slice ``start:stop`` along ``dim``."""
    return input[(slice(None),) * dim + (slice(start, stop),)]


def _gradient_along(input: Tensor, dim: int, step: Any, edge_order: int) -> Tensor:
    """One dim of :func:`gradient`: evenly spaced samples (``step`` a number) or at coordinates."""
    from .losses import div_scalar, mul_scalar

    def over(value: Tensor, number: Any) -> Tensor:  # (torch's C++ divides by a number:
        return div_scalar(value, number) if value._data.dtype.kind == "f" else value / number

    def times(number: Any, value: Tensor) -> Tensor:  # DivBackward1, MulBackward1)
        return mul_scalar(value, number) if value._data.dtype.kind == "f" else number * value

    first, second, third = (_piece(input, dim, k, k + 1) for k in range(3))
    last, before_last, third_last = (_piece(input, dim, k, k + 1 or None) for k in (-1, -2, -3))
    if not isinstance(step, Tensor):
        center = over(over(_piece(input, dim, 2) - _piece(input, dim, 0, -2), step), 2)
        if edge_order == 1:
            start = over(second - first, step)
            end = over(last - before_last, step)
        else:
            start = over(times(-1.5, first) + times(2, second) - times(0.5, third), step)
            end = over(times(0.5, third_last) - times(2, before_last) + times(1.5, last), step)
        return cat([start, center, end], dim)
    shape = [1] * input.dim()
    shape[dim] = -1
    gaps = step.diff(1, 0)
    left, right = gaps[:-1], gaps[1:]
    a = (-right / (left * (left + right))).reshape(shape)
    b = ((right - left) / (left * right)).reshape(shape)
    c = (left / (right * (left + right))).reshape(shape)
    center = a * _piece(input, dim, 0, -2) + b * _piece(input, dim, 1, -1) + c * _piece(input, dim, 2)
    if edge_order == 1:
        start = (second - first) / gaps[0]
        end = (last - before_last) / gaps[-1]
    else:
        h0, h1 = gaps[0], gaps[1]
        start = (-(times(2.0, h0) + h1) / (h0 * (h0 + h1)) * first
                 + (h0 + h1) / (h0 * h1) * second + (-h0) / (h1 * (h0 + h1)) * third)
        h0, h1 = gaps[-1], gaps[-2]
        end = (h0 / (h1 * (h0 + h1)) * third_last + -(h0 + h1) / (h0 * h1) * before_last
               + (times(2, h0) + h1) / (h0 * (h0 + h1)) * last)
    return cat([start, center, end], dim)


def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
         append: Tensor | None = None) -> Tensor:
    """The ``n``-th forward difference along ``dim``: ``out[i] = input[i + 1] - input[i]``
    (``prepend``/``append`` joined to ``input`` first)."""
    from .arithmetic import sub
    from .elementwise import logical_xor
    from .indexing import narrow

    if input._data.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    axis = normalize_dim(dim, input._data.ndim)
    parts = [p for p in (prepend, input, append) if p is not None]
    if len(parts) > 1:
        input = cat(parts, axis)
    for _ in range(n):
        size = input._data.shape[axis]
        if size == 0:
            break
        difference = logical_xor if input._data.dtype == np.bool_ else sub  # (torch's, for bools)
        input = difference(narrow(input, axis, 1, size - 1), narrow(input, axis, 0, size - 1))
    return input


class Rot90(Op):
    """The tensor turned ``k`` quarter turns in the plane of ``dims``, from the first dim toward
    the second (a copy).

    Backward:  grad_self = grad.rot90(-k, dims)
    Forward:   result_t = self_t.rot90(k, dims)
    """

    __slots__ = ("k", "dims")

    def forward(self, a: np.ndarray, k: int, dims: tuple[int, int]) -> np.ndarray:
        self.k, self.dims = k, dims
        return np.rot90(a, k, dims).copy()

    def backward(self, grad: Any) -> Any:
        return Rot90.apply(grad, k=-self.k, dims=self.dims)

    def jvp(self, self_t: Any) -> Any:
        return Rot90.apply(self_t, k=self.k, dims=self.dims)


def rot90(input: Tensor, k: int = 1, dims: Any = (0, 1)) -> Tensor:
    """Turn ``input`` ``k`` quarter turns in the plane of ``dims`` (from ``dims[0]`` toward
    ``dims[1]``)."""
    plane = tuple(dims)
    if len(plane) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(plane)}")
    ndim = input._data.ndim
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    d0, d1 = normalize_dim(plane[0], ndim), normalize_dim(plane[1], ndim)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                           f"dim1 = {d1}")
    return Rot90.apply(input, k=int(k) % 4, dims=(d0, d1))


# -- more of torch's namespace built from the ops above --------------------------------------------


def fliplr(input: Tensor) -> Tensor:
    """The columns in reverse order (``flip`` of dim 1)."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input: Tensor) -> Tensor:
    """The rows in reverse order (``flip`` of dim 0)."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def adjoint(input: Tensor) -> Tensor:
    """Each matrix's conjugate transpose (of a real tensor: a view, the transpose)."""
    if input._data.ndim < 2:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. "
                           f"Got {input._data.ndim}-D tensor.")
    return transpose(input, -2, -1).conj()


def _vector(input: Tensor) -> None:
    if input._data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._data.shape)}")


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """Every combination of one element from each vector, one per row (``itertools.product``): as
    torch builds it, the flattened ``meshgrid`` grids stacked as columns."""
    for t in tensors:
        _vector(t)
    if len(tensors) == 1:
        return tensors[0]
    if len({t._data.dtype for t in tensors}) > 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    grids = meshgrid(*tensors, indexing="ij")
    return stack([flatten(grid) for grid in grids], 1)


moveaxis = torch_alias(movedim, "moveaxis")
row_stack = torch_alias(vstack, "row_stack")
