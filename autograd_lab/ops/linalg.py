"""Matrix products: ``matmul``/``@``, ``mm``, ``bmm``, ``mv``, ``dot``, ``outer``.

``mm``, ``bmm``, ``mv`` and ``dot`` are the four primitive products; ``matmul`` is built from them the
way torch builds it (``aten::matmul``), so its graph has torch's nodes: ``DotBackward0`` for two
vectors, ``MvBackward0`` and ``MmBackward0`` for matrices, and for batches a fold of the batch dims
into one matrix (``ViewBackward0`` -> ``MmBackward0`` -> ``UnsafeViewBackward0``) or a broadcast batch
product (``ExpandBackward0`` -> ``ViewBackward0`` -> ``BmmBackward0`` -> ``UnsafeViewBackward0``).

Every backward is one matrix product per input, ``grad @ other.T``, skipped for inputs that need no
gradient (``needs_input_grad``). The same formula serves a plain backward pass (numpy arrays) and a
recorded one (``create_graph=True``: tensors, so ``@`` and ``.T`` record ``MmBackward0`` and friends).
"""

from __future__ import annotations

import math
import warnings
from operator import itemgetter
from typing import Any

import numpy as np

from .._arguments import argument_error, torch_alias
from .._dtypes import cpp_type_name, result_type, type_name
from .._matmul_rounding import matmul_as_torch_rounds
from .._stack import outside_the_library
from ..autograd.complex_mode import refuse_complex
from ..autograd.forward_ad import state as dual
from ..autograd.forward_ad import tangent_of
from ..autograd.grad_mode import recording
from ..autograd.op import Op, broadcast_error, sum_to_shape
from ..autograd.record import derived
from ..tensor import Tensor
from . import shape as _shape
from ._args import as_operand
from ._grad import cat, eye, is_array, matrix_transpose, stack, take, tril, unsqueeze, where, zeros_like
from .elementwise import where as _where
from .indexing import MaskedFill

__all__ = ["matmul", "mm", "bmm", "mv", "dot", "outer", "einsum", "vdot", "cross", "addmv", "addr",
           "tensordot", "baddbmm", "inner", "kron", "det", "inverse", "cdist", "cholesky", "qr", "svd",
           "slogdet", "logdet", "matrix_power", "pinverse", "cholesky_solve", "matrix_exp",
           "bilinear", "ger"]


class _Product(Op):
    """What the matrix products share: the forward ``a @ b`` (both factors saved) and the product
    rule for tangents, ``a_t @ b + a @ b_t``. Each product below has its own backward.

    (``matmul_as_torch_rounds(a, b)`` is ``a @ b`` summed in the order torch's kernel sums it, for
    the small float32 products where numpy's order rounds differently: autograd_lab/_matmul_rounding.py.)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.save_for_backward(a, b)
        return matmul_as_torch_rounds(a, b)

    def jvp(self, a_t: Any, b_t: Any) -> Any:
        a, b = self.saved_tensors
        return matmul_as_torch_rounds(a_t, b) + matmul_as_torch_rounds(a, b_t)


class Mm(_Product):
    """Matrix product of two matrices, ``self @ mat2``.

    Backward:  grad_self = grad @ mat2.T,  grad_mat2 = self.T @ grad
    Forward:   result_t = self_t @ mat2 + self @ mat2_t
    """

    supports_complex = True

    __slots__ = ()
    input_names = ("self", "mat2")

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        wants_self, wants_mat2 = self.needs_input_grad
        return (matmul_as_torch_rounds(grad, b.T) if wants_self else None,
                matmul_as_torch_rounds(a.T, grad) if wants_mat2 else None)


class Bmm(_Product):
    """Batched matrix product of two 3-d tensors: ``out[i] = self[i] @ mat2[i]``.

    Backward:  grad_self = grad.bmm(mat2.mT),  grad_mat2 = self.mT.bmm(grad)
    Forward:   result_t = self_t @ mat2 + self @ mat2_t   (batch by batch)
    """

    supports_complex = True

    __slots__ = ()
    input_names = ("self", "mat2")

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        wants_self, wants_mat2 = self.needs_input_grad
        # (bmm itself, as torch: recorded as BmmBackward0 under create_graph, not matmul's nodes)
        return (Bmm.apply(grad, b.mT) if wants_self else None,
                Bmm.apply(a.mT, grad) if wants_mat2 else None)


class Mv(_Product):
    """Matrix-vector product ``self @ vec``.

    Backward:  grad_self = outer(grad, vec),  grad_vec = self.T @ grad
    Forward:   result_t = self_t @ vec + self @ vec_t
    """

    supports_complex = True

    __slots__ = ()
    input_names = ("self", "vec")

    def backward(self, grad: Any) -> tuple:
        a, v = self.saved_tensors
        wants_self, wants_vec = self.needs_input_grad
        return (grad.reshape((grad.shape[0], 1)) * v if wants_self else None,  # outer(grad, vec)
                a.T @ grad if wants_vec else None)


class Dot(_Product):
    """Dot product of two vectors (a 0-d tensor).

    Backward:  grad_self = grad * tensor,  grad_tensor = grad * self
    Forward:   result_t = dot(self_t, tensor) + dot(self, tensor_t)
    """

    supports_complex = True

    __slots__ = ()
    input_names = ("self", "tensor")

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        wants_self, wants_tensor = self.needs_input_grad
        return grad * b if wants_self else None, grad * a if wants_tensor else None


# -- checks with torch's messages ------------------------------------------------------------------


def _require_tensors(function: str, *args: Any) -> None:
    """torch's TypeError unless every argument of ``function`` (a product) is a tensor."""
    if not all(isinstance(value, Tensor) for value in args):
        raise argument_error(function, args)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape)


def _check_mm(a: Tensor, b: Tensor) -> None:
    if a._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a._data.shape[1] != b._data.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(a.shape)} and "
                           f"{_shape_text(b.shape)})\nHint (autograd_lab): the inner sizes must "
                           f"agree: {a.shape[1]} columns on the left, {b.shape[0]} rows on the right.")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{cpp_type_name(a._data.dtype)} != {cpp_type_name(b._data.dtype)}")


def _check_bmm(a: Tensor, b: Tensor) -> None:
    if a._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    batch, _, inner = a._data.shape
    if b._data.shape[:2] != (batch, inner):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {inner}] but got: [{b.shape[0]}, {b.shape[1]}].")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"expected scalar type {type_name(a._data.dtype)} but found "
                           f"{type_name(b._data.dtype)}")


def _check_mv(a: Tensor, v: Tensor) -> None:
    if a._data.ndim != 2 or v._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a._data.ndim}, "
                           f"{v._data.ndim}")
    if a._data.shape[1] != v._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({_shape_text(a.shape)}), "
                           f"vec ({v.shape[0]})")
    if a._data.dtype != v._data.dtype:
        names = [type_name(d) for d in (v._data.dtype, a._data.dtype, v._data.dtype)]
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {names[0]}, "
                           f"{names[1]}, and {names[2]}")


def _check_dot(a: Tensor, b: Tensor) -> None:
    if a._data.ndim != 1 or b._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a._data.ndim}D and {b._data.ndim}D "
                           "tensors")
    if a._data.dtype != b._data.dtype:  # (before the sizes, as torch)
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{type_name(a._data.dtype)} and {type_name(b._data.dtype)}")
    if a._data.shape != b._data.shape:
        n, m = a.shape[0], b.shape[0]
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have "
                           f"the same number of elements, but got {n} and {m} elements respectively")
    if a._data.dtype == np.bool_:
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")


# -- the functions users call ----------------------------------------------------------------------


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Product of two matrices (no broadcasting)."""
    _require_tensors("mm", input, mat2)
    _check_mm(input, mat2)
    return Mm.apply(input, mat2)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched product of two 3-d tensors with the same batch size (no broadcasting)."""
    _require_tensors("bmm", input, mat2)
    _check_bmm(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product."""
    _require_tensors("mv", input, vec)
    _check_mv(input, vec)
    return Mv.apply(input, vec)


def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """Dot product of two vectors of the same length (no broadcasting)."""
    _require_tensors("dot", input, tensor)
    _check_dot(input, tensor)
    return Dot.apply(input, tensor)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two vectors, ``out[i, j] = input[i] * vec2[j]`` (a broadcast product, as
    torch computes it)."""
    from .arithmetic import mul

    _require_tensors("outer", input, vec2)
    for name, value in (("self", input), ("vec2", vec2)):
        if value._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {value._data.ndim}-D")
    return mul(_shape.reshape(input, input._data.shape[0], 1), vec2)


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product with torch's rules for every rank: vector·vector, matrix@vector,
    vector@matrix (a leading 1 is added, then removed), matrix@matrix, and batches whose leading
    dims broadcast."""
    _require_tensors("matmul", input, other)
    d1, d2 = input._data.ndim, other._data.ndim
    if d1 == 0 or d2 == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {d1}D and {d2}D")
    if d1 == 1 and d2 == 1:
        return dot(input, other)
    if d1 == 2 and d2 == 1:
        return mv(input, other)
    if d1 == 1 and d2 == 2:
        product = mm(_shape.unsqueeze(input, 0), other)
        return _shape.shares_version(SqueezeInplace.apply(product, dims=(0,)), product)
    if d1 == 2 and d2 == 2:
        return mm(input, other)
    if d1 == 3 and d2 == 3:
        # a batch of one that needs a gradient is squeezed, not expanded to the other's batch size
        # (its gradient would otherwise be that many times larger before being summed back)
        sizes = (input._data.shape[0], other._data.shape[0])
        if sizes[0] == 1 and sizes[1] != 1 and input._requires_grad:
            return matmul(_shape.squeeze(input, 0), other)
        if sizes[1] == 1 and sizes[0] != 1 and other._requires_grad:
            return matmul(input, _shape.squeeze(other, 0))
    if _should_fold(input, other):
        return _folded(input, other)
    return _batched(input, other)


SqueezeInplace = _shape.SqueezeDimInplace


def _element_strides(array: np.ndarray) -> tuple[int, ...]:
    return tuple(s // array.itemsize for s in array.strides)


def _should_fold(a: Tensor, b: Tensor) -> bool:
    """torch's ``should_fold``: multiply the larger operand, its batch dims folded into its rows,
    by the other with ``mm``/``mv``, when that costs no copy (or saves a large gradient)."""
    a_larger = a._data.ndim >= b._data.ndim
    big = a._data if a_larger else b._data.swapaxes(-1, -2)
    small_ndim = b._data.ndim if a_larger else a._data.ndim
    if not (big.ndim >= 3 and small_ndim <= 2):
        return False
    small_requires_grad = b._requires_grad if a_larger else a._requires_grad
    if small_requires_grad:
        # not folding would expand the small operand, and its gradient, to the batch size
        return True
    if a._data.ndim == 2:
        return False  # the result would have to be transposed and copied
    if big.size == 0:
        return True
    shape, strides = big.shape, _element_strides(big)
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(big.ndim - 2))


def _folded(a: Tensor, b: Tensor) -> Tensor:
    """Batch dims of the larger operand folded into rows: one ``mm`` (or ``mv``) then a reshape."""
    transposed = b._data.ndim > a._data.ndim
    big = _shape.transpose(b, -1, -2) if transposed else a
    small = (_shape.t(a) if a._data.ndim == 2 else a) if transposed else b
    rows = big._data.shape[:-1]
    folded_rows = int(np.prod(rows, dtype=np.int64))
    folded = _shape.reshape(big, folded_rows, big._data.shape[-1])
    if small._data.ndim == 2:
        output = _shape.UnsafeView.apply(mm(folded, small), shape=rows + small._data.shape[1:])
        if transposed:
            return _shape.contiguous(_shape.transpose(output, -1, -2))
        return output
    return _shape.UnsafeView.apply(mv(folded, small), shape=rows)


def _batched(a: Tensor, b: Tensor) -> Tensor:
    """Both operands expanded to the broadcast batch shape, flattened to 3-d, one ``bmm``."""
    d1, d2 = a._data.ndim, b._data.ndim
    n = a._data.shape[-2] if d1 > 1 else 1
    m1 = a._data.shape[-1]
    batch_a = a._data.shape[:-2] if d1 > 1 else ()
    if d2 == 1:
        b = _shape.unsqueeze(b, -1)
    m2, p = b._data.shape[-2:]
    batch_b = b._data.shape[:-2]
    try:
        batch = np.broadcast_shapes(batch_a, batch_b)
    except ValueError:
        raise broadcast_error(batch_a, batch_b) from None
    count = int(np.prod(batch, dtype=np.int64))
    left = _shape.reshape(_shape.expand(a, batch + (n, m1)), count, n, m1)
    right = _shape.reshape(_shape.expand(b, batch + (m2, p)), count, m2, p)
    product = bmm(left, right)
    if d2 == 1:
        product = _shape.squeeze(product, -1)
    out_shape = batch + ((n,) if d1 > 1 else ()) + ((p,) if d2 > 1 else ())
    return _shape.UnsafeView.apply(product, shape=out_shape)


# -- einsum: torch's decomposition into permutes, sums, products and bmm -----------------------------

_ELLIPSIS = "..."


def _einsum_terms(equation: str, count: int) -> tuple[list[list[str]], list[str] | None]:
    """The labels of each operand (``"..."`` one item) and of the output (None: implicit)."""
    text = equation.replace(" ", "")
    lhs, arrow, rhs = text.partition("->")
    terms = lhs.split(",")
    if len(terms) < count:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if len(terms) > count:
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")

    def labels(term: str, offset: int) -> list[str]:
        out, i = [], 0
        while i < len(term):
            if term.startswith(_ELLIPSIS, i):
                if _ELLIPSIS in out:
                    raise RuntimeError("einsum(): found '.' for operand that is not part of any "
                                       "ellipsis")
                out.append(_ELLIPSIS)
                i += 3
                continue
            char = term[i]
            if not char.isascii() or not char.isalpha():
                raise RuntimeError(f"einsum(): invalid subscript given at index {offset + i} in the "
                                   "equation string, subscripts must be in [a-zA-Z]")
            out.append(char)
            i += 1
        return out

    parsed, offset = [], 0
    for term in terms:
        parsed.append(labels(term, offset))
        offset += len(term) + 1
    return parsed, (labels(rhs, len(lhs) + 2) if arrow else None)


def _sumproduct_pair(left: Tensor, right: Tensor, sum_dims: list[int]) -> Tensor:
    """torch's ``sumproduct_pair`` with ``keepdim``: ``(left * right).sum(sum_dims)`` as one
    ``bmm``, the summed dims kept as size 1 (dims are aligned; size-1 dims broadcast)."""
    from .reductions import sum as _sum

    lro: list[int] = []
    lo: list[int] = []
    ro: list[int] = []
    lro_size = lo_size = ro_size = sum_size = 1
    for i in range(left._data.ndim):
        n_left, n_right = left._data.shape[i], right._data.shape[i]
        if i in sum_dims:
            if n_left != 1 and n_right != 1:
                sum_size *= n_left
            elif n_left != 1:
                left = _sum(left, i, keepdim=True)
            elif n_right != 1:
                right = _sum(right, i, keepdim=True)
        elif n_left != 1 and n_right != 1:
            lro.append(i)
            lro_size *= n_left
        elif n_left != 1:
            lo.append(i)
            lo_size *= n_left
        else:
            ro.append(i)
            ro_size *= n_right
    out_size = ([left._data.shape[d] for d in lro] + [left._data.shape[d] for d in lo]
                + [1] * len(sum_dims) + [right._data.shape[d] for d in ro])
    order = lro + lo + sum_dims + ro
    inverse = [0] * len(order)
    for position, d in enumerate(order):
        inverse[d] = position
    left = _shape.reshape(_shape.permute(left, tuple(order)), (lro_size, lo_size, sum_size))
    right = _shape.reshape(_shape.permute(right, tuple(lro + sum_dims + ro + lo)),
                           (lro_size, sum_size, ro_size))
    product = bmm(left, right)
    return _shape.permute(_shape.view(product, tuple(out_size)), tuple(inverse))


def einsum(equation: str, *operands: Any) -> Tensor:
    """Einstein summation: ``einsum("ij,jk->ik", a, b)`` is ``a @ b``. Labels shared by operands
    are multiplied, labels missing from the output summed; ``...`` stands for broadcast dims.
    Computed as torch computes it (diagonals, permutes, sums, products, ``bmm``), so the graph has
    torch's nodes."""
    from .arithmetic import mul
    from .reductions import sum as _sum

    if not isinstance(equation, str):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not "
                        f"{type(equation).__name__}")
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = tuple(operands[0])
    for operand in operands:
        if not isinstance(operand, Tensor):
            raise TypeError(f"einsum(): argument 'tensors' must be tuple of Tensors, not "
                            f"{type(operand).__name__}")
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    terms, output = _einsum_terms(equation, len(operands))
    ell_dims = 0
    for i, (term, operand) in enumerate(zip(terms, operands)):
        named = len(term) - (_ELLIPSIS in term)
        ndim = operand._data.ndim
        if _ELLIPSIS in term:
            if named > ndim:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) is "
                                   f"more than the number of dimensions ({ndim}) for operand {i}")
            ell_dims = max(ell_dims, ndim - named)
        elif named != ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) does "
                               f"not match the number of dimensions ({ndim}) for operand {i} and "
                               "no ellipsis was given")
    seen = [label for term in terms for label in term if label != _ELLIPSIS]
    has_ellipsis = any(_ELLIPSIS in term for term in terms)
    if output is None:
        output = ([_ELLIPSIS] if has_ellipsis else []) + sorted(
            label for label in set(seen) if seen.count(label) == 1)
    else:
        for label in output:
            if label != _ELLIPSIS and label not in seen:
                raise RuntimeError(f"einsum(): output subscript {label} does not appear in the "
                                   "equation for any input operand")
            if label != _ELLIPSIS and output.count(label) > 1:
                raise RuntimeError(f"einsum(): output subscript {label} appears more than once in "
                                   "the output")
    # each label (and each ellipsis dim) gets a position: the output's first, then the summed ones
    position: dict[str, int] = {}
    ell_at = -1
    next_position = 0
    for label in output:
        if label == _ELLIPSIS:
            ell_at, next_position = next_position, next_position + ell_dims
        else:
            position[label], next_position = next_position, next_position + 1
    out_count = next_position
    if ell_at < 0:  # the ellipsis dims are summed
        ell_at, next_position = next_position, next_position + ell_dims
    for label in sorted(set(seen) - set(position)):
        position[label], next_position = next_position, next_position + 1
    total = next_position

    prepared = []
    for number, (term, operand) in enumerate(zip(terms, operands)):
        permutation = [-1] * total
        label_dim: dict[str, int] = {}
        dim = 0
        for label in term:
            if label == _ELLIPSIS:
                count = operand._data.ndim - (len(term) - 1)
                for j in range(ell_dims - count, ell_dims):
                    permutation[ell_at + j] = dim
                    dim += 1
            elif label in label_dim:  # a repeated label: the diagonal
                first, again = operand._data.shape[label_dim[label]], operand._data.shape[dim]
                if first != again:
                    raise RuntimeError(f"einsum(): subscript {label} is repeated for operand "
                                       f"{number} but the sizes don't match, {again} != {first}")
                operand = _shape.movedim(_shape.diagonal(operand, 0, label_dim[label], dim), -1,
                                         label_dim[label])
            else:
                label_dim[label] = dim
                permutation[position[label]] = dim
                dim += 1
        for index in range(total):
            if permutation[index] == -1:
                operand = _shape.unsqueeze(operand, -1)
                permutation[index] = dim
                dim += 1
        prepared.append(_shape.permute(operand, tuple(permutation)))

    shapes = [p._data.shape for p in prepared]
    size_of: dict[str, int] = {}
    for i, term in enumerate(terms):
        for label in set(term) - {_ELLIPSIS}:
            n = shapes[i][position[label]]
            if size_of.get(label, 1) != 1 and n != 1 and n != size_of[label]:
                raise RuntimeError(f"einsum(): subscript {label} has size {n} for operand {i} which "
                                   f"does not broadcast with previously seen size {size_of[label]}")
            if n != 1:
                size_of[label] = n
    for d in range(total):
        sizes = {s[d] for s in shapes} - {1}
        if len(sizes) > 1:
            originals = " ".join(f"{list(o._data.shape)}->{list(s)}" for o, s in zip(operands, shapes))
            raise RuntimeError("einsum(): operands do not broadcast with remapped shapes "
                               f"(original->remapped): {originals}")
    contracted = list(range(out_count, total))
    if len(prepared) == 1:
        result = prepared[0]
        return _sum(result, tuple(contracted)) if contracted else result
    counts = {d: sum(1 for s in shapes if s[d] != 1) for d in contracted}
    a = prepared[0]
    for b in prepared[1:]:
        sum_dims, a_only, b_only = [], [], []
        for d in contracted:
            n_a, n_b = a._data.shape[d], b._data.shape[d]
            if n_a != 1 and n_b != 1:
                counts[d] -= 1
                if counts[d] == 1:
                    sum_dims.append(d)
                    counts[d] = 0
            elif counts[d] == 1:
                if n_a != 1:
                    a_only.append(d)
                    counts[d] = 0
                elif n_b != 1:
                    b_only.append(d)
                    counts[d] = 0
        if a_only:
            a = _sum(a, tuple(a_only), keepdim=True)
        if b_only:
            b = _sum(b, tuple(b_only), keepdim=True)
        a = _sumproduct_pair(a, b, sum_dims) if sum_dims else mul(a, b)
    if contracted:
        return _shape.view(a, tuple(a._data.shape[:out_count]))
    return a



# -- more products: vdot, cross, addmv, addr, baddbmm, inner, kron ------------------------------------


class Vdot(Dot):
    """Dot product of two vectors (the first conjugated: the same for real numbers).

    Backward:  grad_self = grad * other,  grad_other = grad * self
    Forward:   result_t = vdot(self_t, other) + vdot(self, other_t)
    """

    __slots__ = ()
    input_names = ("self", "other")


def vdot(input: Tensor, other: Tensor) -> Tensor:
    """The dot product of two vectors (``dot``: no complex numbers here)."""
    _require_tensors("vdot", input, other)
    _check_dot(input, other)
    return Vdot.apply(input, other)


class LinalgCross(Op):
    """The cross product of 3-vectors along ``dim`` (the two broadcast).

    Backward:  grad_self = cross(other, grad),  grad_other = cross(grad, self)
    Forward:   result_t = cross(self_t, other) + cross(self, other_t)
    """

    __slots__ = ("dim",)
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, dim: int) -> np.ndarray:
        self.dim = dim
        self.save_for_backward(a, b)
        return np.cross(a, b, axis=dim)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return (LinalgCross.apply(b, grad, dim=self.dim), LinalgCross.apply(grad, a, dim=self.dim))

    def jvp(self, a_t: Any, b_t: Any) -> Any:
        a, b = self.saved_tensors
        return LinalgCross.apply(a_t, b, dim=self.dim) + LinalgCross.apply(a, b_t, dim=self.dim)


CROSS_DIM_WARNING = (
    "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
    "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
    "with that of linalg.cross in a future release.")


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (without ``dim``: the first dim of size 3,
    with torch's deprecation warning)."""
    import warnings

    _require_tensors("cross", input, other)
    if input._data.ndim != other._data.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if dim is None:
        warnings.warn(CROSS_DIM_WARNING, UserWarning, stacklevel=outside_the_library())
        # (torch looks for it in the input's own sizes)
        dim = next((d for d, n in enumerate(input._data.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    axis = _shape.normalize_dim(dim, input._data.ndim)
    n, m = input._data.shape[axis], other._data.shape[axis]
    if n != 3 or m != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {n} and {m}")
    try:
        np.broadcast_shapes(input._data.shape, other._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, other._data.shape) from None
    if input._data.dtype != other._data.dtype:  # (torch does not promote here)
        raise RuntimeError(f"expected scalar type {type_name(input._data.dtype)} but found "
                           f"{type_name(other._data.dtype)}")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"cross\" not implemented for 'Bool'")
    return LinalgCross.apply(input, other, dim=axis)


class Addmv(Op):
    """``beta * self + alpha * (mat @ vec)``.

    Backward:  grad_self = beta * grad,  grad_mat = alpha * outer(grad, vec),
               grad_vec = alpha * mat.T @ grad
    Forward:   result_t = beta * self_t + alpha * (mat_t @ vec + mat @ vec_t)
    """

    __slots__ = ("beta", "alpha")
    broadcasts = True

    def forward(self, c: np.ndarray, a: np.ndarray, v: np.ndarray, beta: Any,
                alpha: Any) -> np.ndarray:
        self.beta, self.alpha = beta, alpha
        self.save_for_backward(a, v)
        return _scaled(c, beta) + _scaled(a @ v, alpha)

    def backward(self, grad: Any) -> tuple:
        a, v = self.saved_tensors
        return (_scaled(grad, self.beta), _scaled(grad.reshape((grad.shape[0], 1)) * v, self.alpha),
                _scaled(a.T @ grad, self.alpha))

    def jvp(self, c_t: Any, a_t: Any, v_t: Any) -> Any:
        a, v = self.saved_tensors
        return _scaled(c_t, self.beta) + _scaled(a_t @ v + a @ v_t, self.alpha)


class Addr(Op):
    """``beta * self + alpha * outer(vec1, vec2)``.

    Backward:  grad_self = beta * grad,  grad_vec1 = alpha * grad @ vec2,
               grad_vec2 = alpha * grad.T @ vec1
    Forward:   result_t = beta * self_t + alpha * (outer(vec1_t, vec2) + outer(vec1, vec2_t))
    """

    __slots__ = ("beta", "alpha")
    broadcasts = True

    def forward(self, c: np.ndarray, u: np.ndarray, v: np.ndarray, beta: Any,
                alpha: Any) -> np.ndarray:
        self.beta, self.alpha = beta, alpha
        self.save_for_backward(u, v)
        return _scaled(c, beta) + _scaled(u.reshape(-1, 1) * v, alpha)

    def backward(self, grad: Any) -> tuple:
        u, v = self.saved_tensors
        return (_scaled(grad, self.beta), _scaled(grad @ v, self.alpha),
                _scaled(grad.T @ u, self.alpha))

    def jvp(self, c_t: Any, u_t: Any, v_t: Any) -> Any:
        u, v = self.saved_tensors
        n = u.shape[0]
        return _scaled(c_t, self.beta) + _scaled(u_t.reshape((n, 1)) * v + u.reshape((n, 1)) * v_t,
                                                  self.alpha)


class Baddbmm(Op):
    """``beta * self + alpha * batch1.bmm(batch2)``.

    Backward:  grad_self = beta * grad,  grad_batch1 = alpha * grad.bmm(batch2.mT),
               grad_batch2 = alpha * batch1.mT.bmm(grad)
    Forward:   result_t = beta * self_t + alpha * (batch1_t @ batch2 + batch1 @ batch2_t)
    """

    __slots__ = ("beta", "alpha")
    broadcasts = True

    def forward(self, c: np.ndarray, a: np.ndarray, b: np.ndarray, beta: Any,
                alpha: Any) -> np.ndarray:
        self.beta, self.alpha = beta, alpha
        self.save_for_backward(a, b)
        return _scaled(c, beta) + _scaled(a @ b, alpha)

    def backward(self, grad: Any) -> tuple:
        a, b = self.saved_tensors
        return (_scaled(grad, self.beta), _scaled(Bmm.apply(grad, b.mT), self.alpha),
                _scaled(Bmm.apply(a.mT, grad), self.alpha))

    def jvp(self, c_t: Any, a_t: Any, b_t: Any) -> Any:
        a, b = self.saved_tensors
        return _scaled(c_t, self.beta) + _scaled(a_t @ b + a @ b_t, self.alpha)


def _scaled(value: Any, factor: Any) -> Any:
    """``factor * value``, and 0 (not NaN from ``0 * inf``) for ``factor == 0``, as torch."""
    if factor == 1:
        return value
    if factor == 0:
        return zeros_like(value)
    return value * factor


def _addmm_like(function: str, input: Tensor, first: Tensor, second: Tensor, beta: Any,
                alpha: Any, shape: tuple[int, ...]) -> tuple:
    _require_tensors(function, input, first, second)
    try:
        np.broadcast_to(np.empty(input._data.shape, dtype=bool), shape)
    except ValueError:
        raise RuntimeError(f"The expanded size of the tensor ({shape[-1]}) must match the existing "
                           f"size ({input._data.shape[-1]}) at non-singleton dimension "
                           f"{len(shape) - 1}.  Target sizes: {list(shape)}.  Tensor sizes: "
                           f"{list(input._data.shape)}") from None
    return input, first, second


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat @ vec)``."""
    _require_tensors("addmv", input, mat, vec)
    _check_mv(mat, vec)
    _addmm_like("addmv", input, mat, vec, beta, alpha, (mat._data.shape[0],))
    return Addmv.apply(input, mat, vec, beta=beta, alpha=alpha)


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * outer(vec1, vec2)``."""
    _require_tensors("addr", input, vec1, vec2)
    if vec1._data.ndim != 1 or vec2._data.ndim != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec1, but got {vec1._data.ndim}-D"
                           if vec1._data.ndim != 1 else
                           f"addr: Expected 1-D argument vec2, but got {vec2._data.ndim}-D")
    _addmm_like("addr", input, vec1, vec2, beta, alpha,
                (vec1._data.shape[0], vec2._data.shape[0]))
    # torch computes addr elementwise, so its operands are promoted as an elementwise op's
    common = result_type(input, vec1, vec2)
    if not common.is_floating_point:
        for name, value in (("beta", beta), ("alpha", alpha)):
            if isinstance(value, float):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                                   "floating point number.")
    input, vec1, vec2 = (as_operand(value, common) for value in (input, vec1, vec2))
    return Addr.apply(input, vec1, vec2, beta=beta, alpha=alpha)


def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
            alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * batch1.bmm(batch2)``."""
    _require_tensors("baddbmm", input, batch1, batch2)
    _check_bmm(batch1, batch2)
    shape = (batch1._data.shape[0], batch1._data.shape[1], batch2._data.shape[2])
    _addmm_like("baddbmm", input, batch1, batch2, beta, alpha, shape)
    return Baddbmm.apply(input, batch1, batch2, beta=beta, alpha=alpha)


def inner(input: Tensor, other: Tensor) -> Tensor:
    """The sum over the last dims of the products: ``dot`` for vectors, else
    ``out[i..., j...] = sum_k input[i..., k] * other[j..., k]`` (computed as torch's
    ``tensordot``: permutes, reshapes, one matrix product, a reshape)."""
    from .arithmetic import mul

    _require_tensors("inner", input, other)
    if input._data.ndim == 0 or other._data.ndim == 0:
        return mul(input, other)
    n, m = input._data.shape[-1], other._data.shape[-1]
    if n != m:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(input._data.shape)} and {list(other._data.shape)}")
    if input._data.dtype != other._data.dtype:  # (torch's tensordot says so, before its product)
        raise RuntimeError("both inputs should have same dtype")
    free_a, free_b = input._data.shape[:-1], other._data.shape[:-1]
    left = _shape.permute(input, tuple(range(input._data.ndim)))
    right = _shape.permute(other, (other._data.ndim - 1,) + tuple(range(other._data.ndim - 1)))
    if free_a:
        left = _shape.reshape(left, (int(np.prod(free_a)), n))
    if free_b:
        right = _shape.reshape(right, (n, int(np.prod(free_b))))
    return _shape.reshape(matmul(left, right), free_a + free_b)


def tensordot(a: Tensor, b: Tensor, dims: Any = 2, out: Tensor | None = None) -> Tensor:
    """The sum of products over the dims ``dims`` pairs up: an int ``n`` contracts the last ``n``
    dims of ``a`` with the first ``n`` of ``b``; ``([dims of a], [dims of b])`` names them. As torch
    computes it: the contracted dims permuted together, both reshaped to matrices, one ``mm``, a
    reshape (a contracted dim of size 1 on one side is summed away first)."""
    if out is not None:
        raise NotImplementedError("tensordot(out=...) is not supported by autograd_lab")
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, bool) or not isinstance(dims, (tuple, list, int)):
        raise RuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] or "
                           f"list[list[int]] containing two lists, but got dims={dims}")
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a._data.ndim, b._data.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        dims_a, dims_b = dims  # (a Python ValueError for anything but two lists, as torch)
    for position, (name, given) in enumerate((("dims_self", dims_a), ("dims_other", dims_b))):
        if not isinstance(given, (list, tuple)):
            raise TypeError(f"tensordot(): argument '{name}' (position {position + 3}) must be tuple "
                            f"of ints, not {type(given).__name__}")
    return _contracted(a, b, list(dims_a), list(dims_b))


def _contracted(a: Tensor, b: Tensor, dims_a: list[int], dims_b: list[int]) -> Tensor:
    """``tensordot`` over the paired dims ``dims_a`` of ``a`` and ``dims_b`` of ``b``."""
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    given = list(zip(dims_a, dims_b))  # (as torch's messages name them)
    dims_a = [_shape.normalize_dim(d, a._data.ndim) for d in dims_a]  # (torch's IndexError)
    dims_b = [_shape.normalize_dim(d, b._data.ndim) for d in dims_b]
    left, right = a, b
    contracted = 1
    for (da, db), (named_a, named_b) in zip(zip(dims_a, dims_b), given):
        size_a, size_b = a.shape[da], b.shape[db]
        if size_b == 1:  # a dim b broadcasts along: summed right away
            left = left.sum(da, keepdim=True)
        elif size_a == 1:
            right = right.sum(db, keepdim=True)
        elif size_a != size_b:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {size_a} "
                               f"in dim {named_a} and second has size {size_b} in dim {named_b}")
        else:
            contracted *= size_a
    kept_a = [d for d in range(a._data.ndim) if d not in {x % max(a._data.ndim, 1) for x in dims_a}]
    kept_b = [d for d in range(b._data.ndim) if d not in {x % max(b._data.ndim, 1) for x in dims_b}]
    rows = int(np.prod([left.shape[d] for d in kept_a]))
    columns = int(np.prod([right.shape[d] for d in kept_b]))
    left = _shape.reshape(_shape.permute(left, tuple(kept_a + dims_a)), (rows, contracted))
    right = _shape.reshape(_shape.permute(right, tuple(dims_b + kept_b)), (contracted, columns))
    result_shape = tuple(a.shape[d] for d in kept_a) + tuple(b.shape[d] for d in kept_b)
    return _shape.reshape(mm(left, right), result_shape)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product: every element of ``input`` times the whole of ``other``, laid out
    block by block."""
    from .arithmetic import mul

    _require_tensors("kron", input, other)
    ndim = max(input._data.ndim, other._data.ndim)
    a_shape = (1,) * (ndim - input._data.ndim) + input._data.shape
    b_shape = (1,) * (ndim - other._data.ndim) + other._data.shape
    # (reshapes of their own, as torch's: UnsafeViewBackward0)
    a = _shape.UnsafeView.apply(input, shape=tuple(x for n in a_shape for x in (n, 1)))
    b = _shape.UnsafeView.apply(other, shape=tuple(x for n in b_shape for x in (1, n)))
    product = mul(a, b)
    return _shape.UnsafeView.apply(product, shape=tuple(p * q for p, q in zip(a_shape, b_shape)))


# -- pairwise distances: cdist ---------------------------------------------------------------------


def _row_differences(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """``x1[..., i, :] - x2[..., j, :]`` for every pair of rows: shape (..., r1, r2, c)."""
    return x1[..., :, None, :] - x2[..., None, :, :]


def _pnorm_of_rows(diff: np.ndarray, p: float) -> np.ndarray:
    """The p-norm over the last dim, as torch's cdist computes it: p = 0 counts the nonzero
    coordinates (NaN stays NaN), p = inf takes the largest |difference| (NaN skipped, as torch's
    running maximum does)."""
    size = np.abs(diff)
    if p == 0:
        return np.minimum(np.ceil(size), 1).sum(axis=-1)
    if p == 1:
        return size.sum(axis=-1)
    if p == 2:
        return np.sqrt((size * size).sum(axis=-1))
    if p == np.inf:
        return np.fmax.reduce(size, axis=-1, initial=0).astype(diff.dtype)
    return (size**p).sum(axis=-1) ** (1 / p)


class Cdist(Op, grad_fn_name="CdistBackward0"):
    """The p-norm distance between every row of ``x1`` (..., r1, c) and every row of ``x2``
    (..., r2, c): ``result[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p``; p = 0 counts the
    coordinates that differ, p = inf takes the largest difference. Batch dims broadcast.

    Backward:  grad_x1[i] = sum_j grad[i, j] * w(x1[i] - x2[j], result[i, j]), grad_x2 the same with
               x1 and x2 swapped (the node CdistBackward: torch's _cdist_backward), where for the
               difference d and the distance r: p = 0: 0;  p = 1: sign(d);  p = 2: d / r;
               p = inf: sign(d) where |d| = r, else 0;  other p: sign(d) |d|^(p-1) / r^(p-1);
               0 where r = 0 (and, for p < 1, where d = 0)
    """

    __slots__ = ("p",)
    broadcasts = True

    @classmethod
    def aten_name(cls) -> str:
        return "_cdist_forward"  # (torch's name in its forward-mode error: it has no forward rule)

    def forward(self, x1: np.ndarray, x2: np.ndarray, p: float) -> np.ndarray:
        self.p = p
        result = _pnorm_of_rows(_row_differences(x1, x2), p)
        self.save_for_backward(x1, x2, result)
        return result

    def backward(self, grad: Any) -> tuple:
        x1, x2, result = self.saved_tensors
        return (CdistBackward.apply(grad, x1, x2, result, p=self.p),
                CdistBackward.apply(matrix_transpose(grad), x2, x1, matrix_transpose(result),
                                    p=self.p))


class CdistBackward(Op, grad_fn_name="CdistBackwardBackward0"):
    """cdist's backward as an op (torch's ``_cdist_backward``): the gradient of ``x1`` from the
    output gradient ``g`` and the distances ``r`` (see ``CdistBackward0``). torch defines no
    derivative of it, so neither is there one here.

    Backward:  raises torch's "the derivative for '_cdist_backward' is not implemented."
    """

    __slots__ = ()

    @classmethod
    def aten_name(cls) -> str:
        return "_cdist_backward"

    def forward(self, g: np.ndarray, x1: np.ndarray, x2: np.ndarray, r: np.ndarray,
                p: float) -> np.ndarray:
        return pnorm_rows_grad(g, x1, x2, r, p)

    def backward(self, grad: Any) -> Any:
        raise NotImplementedError("the derivative for '_cdist_backward' is not implemented.")


def pnorm_rows_grad(g: np.ndarray, x1: np.ndarray, x2: np.ndarray, r: np.ndarray,
                    p: float) -> np.ndarray:
    """``sum_j g[i, j] * w(x1[i] - x2[j], r[i, j])``: the gradient of the p-norm distances ``r``
    between the rows of ``x1`` and ``x2`` with respect to ``x1`` (cdist's and pdist's backward;
    ``w`` as in ``Cdist``'s docstring)."""
    d = _row_differences(x1, x2)
    g, r = g[..., None], r[..., None]
    if p == 0:
        share = np.zeros_like(d)
    elif p == 1:
        share = np.sign(d) * g
    elif p == 2:
        share = np.where(r == 0, 0, g * d / r)
    elif p == np.inf:
        share = np.where(np.abs(d) == r, np.sign(d) * g, 0)
    elif p < 2:
        share = np.where(r == 0, 0, np.sign(d) * np.abs(d) ** (p - 1) * g / r ** (p - 1))
        if p < 1:
            share = np.where(d == 0, 0, share)
    else:
        share = np.where(r == 0, 0, d * np.abs(d) ** (p - 2) * g / r ** (p - 1))
    return share.sum(axis=-2).astype(x1.dtype)


class EuclideanDist(Op):
    """Euclidean distances between the rows of ``x1`` (n, r1, c) and ``x2`` (n, r2, c) by one
    matrix product, as torch's ``_euclidean_dist`` (cdist's path for p = 2 and more than 25 rows):
    ``|a - b|^2 = |a|^2 - 2 a.b + |b|^2``, negative rounding clamped to 0, then the square root.
    Faster than the row differences, less exact where points nearly coincide.

    Backward:  with q = grad / result (0 where result = 0):
               grad_x1 = x1 * q.sum(-1) - q @ x2,  grad_x2 = x2 * q.sum(-2) - q^T @ x1
    """

    __slots__ = ("at_zero",)

    @classmethod
    def aten_name(cls) -> str:
        return "_euclidean_dist"

    def forward(self, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
        x1_norm = (x1 * x1).sum(axis=-1, keepdims=True)
        x2_norm = (x2 * x2).sum(axis=-1, keepdims=True)
        left = np.concatenate([x1 * -2, x1_norm, np.ones_like(x1_norm)], axis=-1)
        right = np.concatenate([x2, np.ones_like(x2_norm), x2_norm], axis=-1)
        result = np.sqrt(np.maximum(left @ np.swapaxes(right, -1, -2), 0))
        self.at_zero = result == 0
        self.save_for_backward(x1, x2, result)
        return result

    def backward(self, grad: Any) -> tuple:
        x1, x2, result = self.saved_tensors
        ratio = MaskedFill.apply(grad / result, mask=self.at_zero, value=0)
        return (x1 * ratio.sum(axis=-1, keepdims=True) - ratio @ x2,
                x2 * ratio.sum(axis=-2)[..., None] - matrix_transpose(ratio) @ x1)


_COMPUTE_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                  "donot_use_mm_for_euclid_dist": 2}


def _cdist_checks(x1: Any, x2: Any, p: Any) -> float:
    """torch's checks of cdist's arguments, in torch's order; ``p`` as a float."""
    for position, (name, value) in enumerate((("x1", x1), ("x2", x2)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"cdist(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")
    if isinstance(p, Tensor) and p._data.ndim == 0:
        p = p.item()
    if not isinstance(p, int | float | np.number):
        raise TypeError(f"cdist(): argument 'p' (position 3) must be float, not {type(p).__name__}")
    for name, value in (("X1", x1), ("X2", x2)):
        if value._data.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{value._data.ndim}D")
    for name, value in (("X1", x1), ("X2", x2)):
        if value._data.dtype.kind not in "fV":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{type_name(value._data.dtype)}")
    c1, c2 = x1._data.shape[-1], x2._data.shape[-1]
    if c1 != c2:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {c1} X2: {c2}")
    if not p >= 0:  # (NaN too)
        raise RuntimeError("cdist only supports non-negative p values")
    return float(p)


# -- bilinear ----------------------------------------------------------------------------------------


def _contract(equation: str, *operands: Any) -> Any:
    """``einsum`` of arrays (numpy) or, while a rule records a graph, of tensors."""
    if all(isinstance(x, np.ndarray | np.generic) for x in operands):
        return np.einsum(equation, *operands)
    return einsum(equation, *(x if isinstance(x, Tensor) else Tensor._make(np.asarray(x))
                              for x in operands))


class Trilinear(Op):
    """The bilinear form of ``bilinear``: ``out[n, o] = sum_ij i1[n, i] * w[o, i, j] * i2[n, j]``
    for the rows of ``i1`` (N, I) and ``i2`` (N, J) and the weight ``w`` (O, I, J) (torch's
    ``_trilinear`` with the expansions ``bilinear`` gives it).

    Backward:  grad_i1[n, i] = sum_oj grad[n, o] * w[o, i, j] * i2[n, j]
               grad_w[o, i, j] = sum_n grad[n, o] * i1[n, i] * i2[n, j]
               grad_i2[n, j] = sum_oi grad[n, o] * w[o, i, j] * i1[n, i]
    Forward:   result_t = trilinear(i1_t, w, i2) + trilinear(i1, w_t, i2) + trilinear(i1, w, i2_t)
    """

    __slots__ = ()

    def forward(self, i1: np.ndarray, w: np.ndarray, i2: np.ndarray) -> np.ndarray:
        self.save_for_backward(i1, w, i2)
        return np.einsum("ni,oij,nj->no", i1, w, i2)

    def backward(self, grad: Any) -> tuple:
        i1, w, i2 = self.saved_tensors
        needs = self.needs_input_grad
        return (_contract("no,oij,nj->ni", grad, w, i2) if needs[0] else None,
                _contract("no,ni,nj->oij", grad, i1, i2) if needs[1] else None,
                _contract("no,oij,ni->nj", grad, w, i1) if needs[2] else None)

    def jvp(self, i1_t: Any, w_t: Any, i2_t: Any) -> Any:
        i1, w, i2 = self.saved_tensors
        return (Trilinear.apply(i1_t, w, i2) + Trilinear.apply(i1, w_t, i2)
                + Trilinear.apply(i1, w, i2_t))


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input1 @ weight[o] @ input2`` for each output feature ``o`` (plus ``bias``): inputs
    (..., I) and (..., J) with the same leading dims, ``weight`` (O, I, J). Composed as torch
    composes it: both inputs viewed as rows, the bilinear form (``TrilinearBackward0``), a view back
    to the leading dims, then the bias added."""
    if not all(isinstance(x, Tensor) for x in (input1, input2, weight)) or \
            not (bias is None or isinstance(bias, Tensor)):
        raise argument_error("bilinear", (input1, input2, weight, bias))
    a, b = input1._data, input2._data
    if a.ndim != b.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {a.ndim} and {b.ndim}")
    for dim in range(a.ndim - 1):
        if a.shape[dim] != b.shape[dim]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {dim}: got "
                               f"{a.shape[dim]} and {b.shape[dim]}")
    w = weight._data
    if w.ndim != 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-w.ndim}, "
                         f"{w.ndim - 1}], but got 2)")
    if a.shape[-1] != w.shape[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {a.shape[-1]} "
                           f"but expected {w.shape[1]}")
    if b.shape[-1] != w.shape[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {b.shape[-1]} "
                           f"but expected {w.shape[2]}")
    if bias is not None and bias.shape[0] != w.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.shape[0]} but expected {w.shape[0]}")
    if not a.dtype == b.dtype == w.dtype:
        raise RuntimeError(f"All tensors must have the same dtype, got input1: "
                           f"{cpp_type_name(a.dtype)}, input2: {cpp_type_name(b.dtype)}, weight: "
                           f"{cpp_type_name(w.dtype)}")
    rows1 = _shape.reshape(input1, (-1, a.shape[-1]))
    rows2 = _shape.reshape(input2, (-1, b.shape[-1]))
    output = _shape.reshape(Trilinear.apply(rows1, weight, rows2), (*a.shape[:-1], w.shape[0]))
    return output if bias is None else output + bias


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0,
          compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """The p-norm distance between each row of ``x1`` (..., r1, c) and each row of ``x2``
    (..., r2, c), an (..., r1, r2) tensor; batch dims broadcast. As torch, the Euclidean distance
    (p = 2) of more than 25 rows is computed by a matrix product (``_euclidean_dist``; always with
    ``compute_mode='use_mm_for_euclid_dist'``, never with ``'donot_use_mm_for_euclid_dist'``)."""
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    p = _cdist_checks(x1, x2, p)
    try:
        batch = np.broadcast_shapes(x1._data.shape[:-2], x2._data.shape[:-2])
    except ValueError:
        raise broadcast_error(x1._data.shape[:-2], x2._data.shape[:-2]) from None
    r1, r2 = x1._data.shape[-2], x2._data.shape[-2]
    mode = _COMPUTE_MODES[compute_mode]
    empty = x1._data.size == 0 or x2._data.size == 0
    if p == 2 and not empty and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))):
        if x1._data.dtype != x2._data.dtype:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_C_TYPE[x1._data.dtype.name]} != {_C_TYPE[x2._data.dtype.name]}")
        return _euclidean_cdist(x1, x2, batch)
    if x1._data.dtype == np.float16 and not empty:
        raise NotImplementedError("\"cdist\" not implemented for 'Half'")
    if x1._data.dtype != x2._data.dtype:
        raise RuntimeError(f"expected scalar type {type_name(x1._data.dtype)} but found "
                           f"{type_name(x2._data.dtype)}")
    return Cdist.apply(x1, x2, p=p)


_C_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half"}


def _euclidean_cdist(x1: Tensor, x2: Tensor, batch: tuple[int, ...]) -> Tensor:
    """cdist by torch's matrix-product path: the batch dims broadcast and folded into one (no fold
    for two plain matrices), ``EuclideanDistBackward0``, and a view to the output's shape."""
    (r1, c), r2 = x1._data.shape[-2:], x2._data.shape[-2]
    if batch or x1._data.ndim > 2 or x2._data.ndim > 2:
        count = int(np.prod(batch, dtype=np.int64))
        x1 = _shape.view(_shape.contiguous(_shape.expand(x1, *batch, r1, c)), count, r1, c)
        x2 = _shape.view(_shape.contiguous(_shape.expand(x2, *batch, r2, c)), count, r2, c)
    return _shape.view(EuclideanDist.apply(x1, x2), *batch, r1, r2)


# -- inverse and determinant of square matrices (batches of them) ---------------------------------


class LinalgInvEx(Op):
    """The inverse of each square matrix ``A`` of a batch.

    Backward:  grad_A = -inv(A)^T @ grad @ inv(A)^T
    Forward:   result_t = -inv(A) @ A_t @ inv(A)
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        result = np.linalg.inv(a)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (inverse,) = self.saved_tensors
        inverse_t = matrix_transpose(inverse)
        return -(inverse_t @ grad @ inverse_t)

    def jvp(self, a_t: Any) -> Any:
        (inverse,) = self.saved_tensors
        return -(inverse @ a_t @ inverse)


class LinalgDet(Op):
    """The determinant of each square matrix ``A`` of a batch.

    Backward:  grad_A = grad * det(A) * inv(A)^T, which is 0 for a singular A in a plain pass
               (torch's perturbed LU solve of a zero right-hand side); in a recorded pass
               (create_graph) the cofactor matrix of a singular A, differentiable, as torch's SVD
               formula gives (and in every pass for the minors of ``_cofactors``: ``exact``)
    Forward:   result_t = det(A) * trace(inv(A) @ A_t)   (0 for a singular A, as torch)
    """

    __slots__ = ("exact",)

    def forward(self, a: np.ndarray, exact: bool = False) -> np.ndarray:
        self.exact = exact
        result = np.linalg.det(a)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, result = self.saved_tensors
        if (self.exact or not is_array(result)) and _zero_det(result).any():
            return grad.reshape(tuple(result.shape) + (1, 1)) * _cofactors(a)
        scale = (grad * result).reshape(tuple(result.shape) + (1, 1))
        return scale * matrix_transpose(_safe_inverse(a, result))

    def jvp(self, a_t: Any) -> Any:
        a, result = self.saved_tensors
        return result * (_safe_inverse(a, result) * matrix_transpose(a_t)).sum(axis=(-2, -1))


def _zero_det(det: Any) -> np.ndarray:
    """Where a determinant (an array, or a tensor's values: a constant mask) is exactly 0."""
    return np.asarray((det if is_array(det) else det.detach().numpy()) == 0)


def _safe_inverse(a: Any, det: Any) -> Any:
    """``inv(A)`` with each singular matrix replaced by the identity first (numpy's inverse raises
    for it): every use multiplies that matrix's part by its determinant, 0."""
    singular = _zero_det(det)
    if singular.any():
        a = where(singular[..., None, None], eye(a.shape[-1], a), a)
    return LinalgInvEx.apply(a)


def _cofactors(a: Any) -> Any:
    """The cofactor matrix of each square matrix of a batch (``det(A) inv(A)^T`` where ``A`` is
    invertible) from its minors' determinants: defined at singular matrices too, and recorded as
    determinants whose own backward is exact at a singular minor, so a further derivative is the
    derivative of the cofactors (not the 0 of a plain pass at a singular matrix)."""
    n = a.shape[-1]
    rows = []
    for i in range(n):
        kept_rows = [k for k in range(n) if k != i]
        row = []
        for j in range(n):
            kept_columns = [k for k in range(n) if k != j]
            minor = take(take(a, (..., kept_rows, slice(None))), (..., kept_columns))
            row.append(LinalgDet.apply(minor, exact=True) * (-1.0) ** (i + j))
        rows.append(stack(row, -1))
    return stack(rows, -2)


def _square_matrices(function: str, input: Any, *, named: str | None = None,
                     floating: bool = True) -> Tensor:
    """``input`` checked as torch checks the argument ``A`` of ``linalg.<function>``; ``named``:
    how the messages name the function when it is not ``linalg.<function>`` (``torch.logdet``);
    ``floating=False``: the dtype is left to the LAPACK kernel's own error."""
    if not isinstance(input, Tensor):
        raise TypeError(f"linalg_{function}(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    named = named or f"linalg.{function}"
    if input._data.ndim < 2:
        raise RuntimeError(f"{named}: The input tensor A must have at least 2 dimensions.")
    refuse_complex(named, input)
    if floating and input._data.dtype.kind not in "fV":
        raise RuntimeError(f"{named}: Expected a floating point or complex tensor as input. Got "
                           f"{type_name(input._data.dtype)}")
    rows, columns = input._data.shape[-2:]
    if rows != columns:
        raise RuntimeError(f"{named}: A must be batches of square matrices, but they are "
                           f"{rows} by {columns} matrices")
    return input


# The Padé approximant of degree 13 to exp and its scaling bound (Higham, "The scaling and squaring
# method for the matrix exponential revisited", 2005): coefficients b_0 ... b_13, and the largest
# 1-norm for which it is accurate to double precision.
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_PADE13_THETA = 5.371920351148152


def _expm(a: np.ndarray) -> np.ndarray:
    """``exp`` of each square matrix of a batch, by scaling and squaring: ``exp(A) = exp(A / 2^s)^(2^s)``
    with ``exp(A / 2^s)`` from the Padé approximant, computed in float64 and rounded to ``a``'s
    dtype."""
    if a.size == 0:
        return np.zeros_like(a)
    matrices = a.reshape((-1,) + a.shape[-2:]).astype(np.float64)
    b = _PADE13
    results = []
    for matrix in matrices:
        n = matrix.shape[0]
        norm = np.abs(matrix).sum(axis=0).max()
        if not np.isfinite(norm):  # (inf or NaN anywhere: every entry NaN, as torch gives)
            results.append(np.full_like(matrix, np.nan))
            continue
        squarings = max(0, int(np.ceil(np.log2(norm / _PADE13_THETA)))) if norm > 0 else 0
        x = matrix / 2.0 ** squarings
        identity = np.eye(n)
        x2 = x @ x
        x4 = x2 @ x2
        x6 = x4 @ x2
        u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) + b[7] * x6 + b[5] * x4 + b[3] * x2
                 + b[1] * identity)
        v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 \
            + b[0] * identity
        result = np.linalg.solve(v - u, v + u)
        for _ in range(squarings):
            result = result @ result
        results.append(result)
    return np.array(results, dtype=a.dtype).reshape(a.shape)


def _exp_of_block(upper_left: Any, upper_right: Any) -> Any:
    """The upper right block of ``exp([[X, E], [0, X]])``: the derivative of ``exp`` at ``X`` in the
    direction ``E`` (arrays, or tensors in a pass that records)."""
    n = upper_left.shape[-1]
    top = cat([upper_left, upper_right], -1)
    bottom = cat([zeros_like(upper_left), upper_left], -1)
    return LinalgMatrixExp.apply(cat([top, bottom], -2))[..., :n, n:]


class LinalgMatrixExp(Op):
    """The matrix exponential ``exp(A) = I + A + A^2/2! + ...`` of each square matrix of a batch.

    Backward:  grad_A = the upper right block of exp([[A^T, grad], [0, A^T]])
    Forward:   result_t = the upper right block of exp([[A, A_t], [0, A]])
    """

    __slots__ = ()

    def forward(self, a: np.ndarray) -> np.ndarray:
        self.save_for_backward(a)
        return _expm(a)

    def backward(self, grad: Any) -> Any:
        (a,) = self.saved_tensors
        return _exp_of_block(matrix_transpose(a), grad)

    def jvp(self, a_t: Any) -> Any:
        (a,) = self.saved_tensors
        return _exp_of_block(a, a_t)


def matrix_exp(A: Tensor) -> Tensor:
    """``torch.linalg.matrix_exp`` (and ``torch.matrix_exp``): the matrix exponential of a square
    matrix, or of each in a batch."""
    _square_matrices("matrix_exp", A)
    return LinalgMatrixExp.apply(A)


def inv(A: Tensor) -> Tensor:
    """The inverse of a square matrix (or of each in a batch); a singular matrix is an error."""
    _square_matrices("inv", A)
    try:
        return LinalgInvEx.apply(A)
    except np.linalg.LinAlgError:
        raise _singular("inv", A._data) from None


class _LinAlgError(RuntimeError):
    """torch's error for a matrix a factorization cannot handle (``torch.linalg.LinAlgError``)."""


def _singular(function: str, a: np.ndarray) -> _LinAlgError:
    """torch's error for a singular matrix: the first zero pivot of its LU factorization (as
    LAPACK's getrf reports it), and which matrix of a batch."""
    matrices = a.reshape((-1,) + a.shape[-2:])
    for index, matrix in enumerate(matrices):
        pivot = _first_zero_pivot(matrix)
        if pivot:
            batch = f"(Batch element {index}): " if a.ndim > 2 else ""
            return _LinAlgError(f"linalg.{function}: {batch}The diagonal element {pivot} is zero, "
                                "the inversion could not be completed because the input matrix is "
                                "singular.")
    return _LinAlgError(f"linalg.{function}: the input matrix is singular.")


def _first_zero_pivot(matrix: np.ndarray) -> int:
    """The 1-based index of the first zero pivot of LU with partial pivoting (0: none)."""
    a = matrix.copy()
    for k in range(a.shape[0]):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        if a[p, k] == 0:
            return k + 1
        a[[k, p]] = a[[p, k]]
        a[k + 1:, k:] -= np.outer(a[k + 1:, k] / a[k, k], a[k, k:])
    return 0


def det(A: Tensor) -> Tensor:
    """The determinant of a square matrix (or of each in a batch)."""
    return LinalgDet.apply(_square_matrices("det", A))


def inverse(input: Tensor) -> Tensor:
    """``torch.inverse``: ``linalg.inv``, the inverse of a square matrix (or of each in a batch)."""
    return inv(input)


# -- solving, factorizing and decomposing matrices ---------------------------------------------------
#
# The decompositions with several outputs (qr, eigh, svd, slogdet) save only their input: their
# rules compute the factors again by applying the op itself, so that under create_graph the factors
# are tensors of the graph and the formula can be differentiated again.


def _result_type(name: str, fields: tuple[str, ...]) -> type:
    """A tuple with named fields printed as torch's ``torch.return_types.<name>`` (a structseq,
    not a namedtuple: no ``_fields``); its qualified name is the module attribute
    ``return_types_<name>``, so results pickle."""

    def __new__(cls: type, *items: Any) -> tuple:
        return tuple.__new__(cls, items)

    def __repr__(self: tuple) -> str:
        items = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self))
        return f"torch.return_types.{name}(\n{items})"

    def __reduce__(self: tuple) -> Any:
        return (type(self), tuple(self))

    namespace: dict[str, Any] = {"__slots__": (), "__qualname__": f"return_types_{name}",
                                 "__new__": __new__, "__repr__": __repr__, "__str__": __repr__,
                                 "__reduce__": __reduce__, "n_fields": len(fields)}
    namespace.update({field: property(itemgetter(index), doc=f"The result's ``{field}``.")
                      for index, field in enumerate(fields)})
    return type(name, (tuple,), namespace)


return_types_linalg_qr = _result_type("linalg_qr", ("Q", "R"))
return_types_qr = _result_type("qr", ("Q", "R"))
return_types_linalg_eigh = _result_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
return_types_linalg_eig = _result_type("linalg_eig", ("eigenvalues", "eigenvectors"))
return_types_linalg_svd = _result_type("linalg_svd", ("U", "S", "Vh"))
return_types_svd = _result_type("svd", ("U", "S", "V"))
return_types_linalg_slogdet = _result_type("linalg_slogdet", ("sign", "logabsdet"))
return_types_slogdet = _result_type("slogdet", ("sign", "logabsdet"))
return_types_linalg_lstsq = _result_type("linalg_lstsq", ("solution", "residuals", "rank",
                                                          "singular_values"))
RESULT_TYPES = (return_types_linalg_lstsq, return_types_linalg_qr, return_types_qr, return_types_linalg_eigh,
                return_types_linalg_eig, return_types_linalg_svd, return_types_svd,
                return_types_linalg_slogdet, return_types_slogdet)
"""The result types above, for ``torch.return_types``."""


def _diag_embed(values: Any) -> Any:
    """Matrices with ``values`` (..., n) on their diagonals."""
    return unsqueeze(values, -1) * eye(values.shape[-1], values)


def _diagonal(matrices: Any) -> Any:
    """The diagonals (..., n) of square matrices (..., n, n)."""
    return (matrices * eye(matrices.shape[-1], matrices)).sum(axis=-1)


class LinalgSolveEx(Op):
    """The solution X of ``A X = B`` (``left``) or ``X A = B`` for each square ``A`` of a batch; the
    batch dims of ``A`` and ``B`` broadcast, and a vector ``B`` (``vector``) is one column.

    Backward:  grad_B = solve(A^T, grad),  grad_A = -grad_B X^T   (X A = B: grad_A = -X^T grad_B)
    Forward:   X_t = solve(A, B_t - A_t X)                      (X A = B: solve(A, B_t - X A_t))
    """

    __slots__ = ("left", "vector")
    broadcasts = True

    def forward(self, a: np.ndarray, b: np.ndarray, left: bool, vector: bool) -> np.ndarray:
        self.left, self.vector = left, vector
        if vector:
            result = np.linalg.solve(a, b[..., None])[..., 0]
        elif left:
            result = np.linalg.solve(a, b)
        else:  # X A = B is A^T X^T = B^T
            result = np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)),
                                 -1, -2)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> tuple:
        a, x = self.saved_tensors
        wants_a, wants_b = self.needs_input_grad
        grad_b = LinalgSolveEx.apply(matrix_transpose(a), grad, left=self.left, vector=self.vector)
        if not wants_a:
            return None, grad_b
        if self.vector:
            grad_a = -(unsqueeze(grad_b, -1) * unsqueeze(x, -2))
        elif self.left:
            grad_a = -(grad_b @ matrix_transpose(x))
        else:
            grad_a = -(matrix_transpose(x) @ grad_b)
        return grad_a, grad_b if wants_b else None

    def jvp(self, a_t: Any, b_t: Any) -> Any:
        a, x = self.saved_tensors
        if self.vector:
            moved = (a_t @ unsqueeze(x, -1))[..., 0]
        else:
            moved = a_t @ x if self.left else x @ a_t
        return LinalgSolveEx.apply(a, b_t - moved, left=self.left, vector=self.vector)


def _matrices(function: str, input: Any, argument: str = "A") -> Tensor:
    """``input`` checked as torch checks a matrix argument of ``linalg.<function>``: a tensor of
    floats with at least 2 dims."""
    if not isinstance(input, Tensor):
        raise TypeError(f"linalg_{function}(): argument '{argument}' (position 1) must be Tensor, "
                        f"not {type(input).__name__}")
    if input._data.ndim < 2:
        raise RuntimeError(f"linalg.{function}: The input tensor {argument} must have at least 2 "
                           "dimensions.")
    refuse_complex(f"linalg.{function}", input)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"linalg.{function}: Expected a floating point or complex tensor as "
                           f"input. Got {type_name(input._data.dtype)}")
    return input


def _lapack_dtype(kernel: str, input: Tensor) -> None:
    """torch's error for a dtype its LAPACK kernel has no version of (float16, integers)."""
    if input._data.dtype not in (np.float32, np.float64):
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{type_name(input._data.dtype)}'")


def _is_vector_rhs(a: np.ndarray, b: np.ndarray) -> bool:
    """torch's rule for a right-hand side that is a vector (one column): 1-d, or shaped as ``A``
    without its last dim."""
    return b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """The solution ``X`` of ``A @ X = B`` (``left=False``: ``X @ A = B``) for square invertible
    ``A`` (batches broadcast); a singular ``A`` is ``torch.linalg.LinAlgError``."""
    for position, (argument, value) in enumerate((("A", A), ("B", B)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"linalg_solve(): argument '{argument}' (position {position}) must be "
                            f"Tensor, not {type(value).__name__}")
    a, b = A._data, B._data
    _square_matrices("solve", A)  # (before the dtypes are compared, as torch)
    if a.dtype != b.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of "
                           f"type {type_name(a.dtype)} and B of type {type_name(b.dtype)} instead")
    _lapack_dtype("lu_cpu", A)
    vector = _is_vector_rhs(a, b)
    rows, columns = (b.shape[-1], 1) if vector else b.shape[-2:]
    n = a.shape[-1]
    if (rows if left else columns) != n or (vector and not left):
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{equation} ({n}x{n} and {rows}x{columns})")
    b_batch = b.shape[:-1] if vector else b.shape[:-2]
    try:
        batch = np.broadcast_shapes(b_batch, a.shape[:-2])
    except ValueError:
        raise broadcast_error(b_batch, a.shape[:-2]) from None
    try:
        return LinalgSolveEx.apply(A, B, left=left, vector=vector)
    except np.linalg.LinAlgError:
        matrices = np.broadcast_to(a, batch + a.shape[-2:])
        raise _failed("torch.linalg.solve", "The solver failed because the input matrix is "
                      "singular.", matrices, _first_zero_pivot) from None


def _failed(function: str, reason: str, matrices: np.ndarray, test: Any) -> _LinAlgError:
    """torch's LinAlgError naming the first matrix of a batch that ``test`` finds at fault."""
    flat = matrices.reshape((-1,) + matrices.shape[-2:])
    for index, matrix in enumerate(flat):
        fault = test(matrix)
        if fault:
            batch = f"(Batch element {index}): " if matrices.ndim > 2 else ""
            return _LinAlgError(f"{function}: {batch}{reason.format(fault=fault)}")
    return _LinAlgError(f"{function}: {reason.format(fault='?')}")


class LinalgCholeskyEx(Op):
    """The lower triangular ``L`` with ``A = L L^T`` for each symmetric positive-definite ``A``
    (``upper``: ``U = L^T``, ``A = U^T U``); only the triangle of ``A`` holding the result is read.

    Backward:  grad_A = sym(L^-T phi(L^T grad_L) L^-1),  phi(X) = tril(X) with its diagonal halved,
               sym(X) = (X + X^T) / 2   (upper: grad_L = grad_U^T)
    Forward:   L_t = L phi(L^-1 A_t L^-T)
    """

    __slots__ = ("upper",)

    def forward(self, a: np.ndarray, upper: bool) -> np.ndarray:
        self.upper = upper
        result = np.linalg.cholesky(a, upper=upper)
        self.save_for_backward(result)
        return result

    def backward(self, grad: Any) -> Any:
        (result,) = self.saved_tensors
        lower, grad_lower = (matrix_transpose(result), matrix_transpose(grad)) if self.upper \
            else (result, grad)
        lower_t = matrix_transpose(lower)
        inner = _phi(lower_t @ grad_lower)
        grad_a = LinalgSolveEx.apply(lower, LinalgSolveEx.apply(lower_t, inner, left=True,
                                                                vector=False),
                                     left=False, vector=False)
        return (grad_a + matrix_transpose(grad_a)) * 0.5

    def jvp(self, a_t: Any) -> Any:
        (result,) = self.saved_tensors
        lower = matrix_transpose(result) if self.upper else result
        inner = LinalgSolveEx.apply(matrix_transpose(lower),
                                    LinalgSolveEx.apply(lower, a_t, left=True, vector=False),
                                    left=False, vector=False)
        lower_t = lower @ _phi(inner)
        return matrix_transpose(lower_t) if self.upper else lower_t


class Cholesky(LinalgCholeskyEx):
    """``torch.cholesky``: ``linalg.cholesky`` under torch's older name (its own node).

    Backward:  grad_A = sym(L^-T phi(L^T grad_L) L^-1), as LinalgCholeskyExBackward0
    Forward:   L_t = L phi(L^-1 A_t L^-T)
    """

    __slots__ = ()


def _phi(matrices: Any) -> Any:
    """The lower triangle with the diagonal halved (Cholesky's derivative)."""
    return tril(matrices) - _diag_embed(_diagonal(matrices)) * 0.5


def _first_non_positive_minor(matrix: np.ndarray) -> int:
    """The order of the first leading minor of a symmetric matrix (its lower triangle read) that
    is not positive-definite, as LAPACK's potrf reports it (0: none)."""
    n = matrix.shape[0]
    lower = np.zeros_like(matrix)
    for j in range(n):
        pivot = matrix[j, j] - lower[j, :j] @ lower[j, :j]
        if not pivot > 0:
            return j + 1
        lower[j, j] = np.sqrt(pivot)
        lower[j + 1:, j] = (matrix[j + 1:, j] - lower[j + 1:, :j] @ lower[j, :j]) / lower[j, j]
    return 0


def _cholesky(function: str, op: type[Op], A: Tensor, upper: bool) -> Tensor:
    if op is LinalgCholeskyEx:
        _square_matrices(function, A)
    else:  # torch.cholesky: its own name, and any dtype but float32/64 is LAPACK's error
        _square_matrices(function, A, named=function, floating=False)
    _lapack_dtype("cholesky_cpu", A)
    try:
        return op.apply(A, upper=upper)
    except np.linalg.LinAlgError:
        lower = np.swapaxes(A._data, -1, -2) if upper else A._data
        raise _failed(f"linalg.{function}" if op is LinalgCholeskyEx else function,
                      "The factorization could not be completed because the input is not "
                      "positive-definite (the leading minor of order {fault} is not "
                      "positive-definite).", lower, _first_non_positive_minor) from None


def linalg_cholesky(A: Tensor, *, upper: bool = False) -> Tensor:
    """``torch.linalg.cholesky``: the lower triangular ``L`` with ``A = L @ L.mT`` for symmetric
    positive-definite ``A`` (``upper=True``: ``U = L.mT``); otherwise ``LinAlgError``."""
    return _cholesky("cholesky", LinalgCholeskyEx, A, upper)


CHOLESKY_DEPRECATED = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
    "PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\n"
    "and\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
    "This transform will produce equivalent results for all valid (symmetric positive definite) "
    "inputs.")
QR_DEPRECATED = (
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
    "release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.\n"
    "Q, R = torch.qr(A, some)\nshould be replaced with\n"
    "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")
_warned: set[str] = set()


def _deprecated(message: str) -> None:
    """torch's deprecation warning, given once per session as torch gives it."""
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, UserWarning, stacklevel=outside_the_library())


def cholesky(input: Tensor, upper: bool = False) -> Tensor:
    """``torch.cholesky`` (deprecated in torch for ``torch.linalg.cholesky``), with its node
    ``CholeskyBackward0`` and torch's deprecation warning."""
    _deprecated(CHOLESKY_DEPRECATED)
    if not isinstance(input, Tensor):
        raise TypeError(f"cholesky(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return _cholesky("cholesky", Cholesky, input, upper)


QR_MODE_R = ("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please "
             "use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.")
QR_COMPLETE_TALL = "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."


class LinalgQr(Op):
    """``A = Q R``, ``Q`` with orthonormal columns, ``R`` upper triangular: ``'reduced'`` Q (m, k)
    and R (k, n) with k = min(m, n), ``'complete'`` Q (m, m) and R (m, n), ``'r'`` R alone.

    Backward:  m >= n: M = R grad_R^T - grad_Q^T Q,  grad_A = (grad_Q + Q copyltu(M)) R^-T,
               copyltu(M) = tril(M) + tril(M, -1)^T;  m < n: A = [X | Y], R = [U | V]:
               grad_Y = Q grad_V, grad_X by the rule above with grad_Q + Y grad_V^T and grad_U
    Forward:   m >= n: C = Q^T A_t R^-1,  W = tril(C, -1) - tril(C, -1)^T,
               R_t = (C - W) R,  Q_t = A_t R^-1 - Q (C - W);  m < n: (Q_t, U_t) from X_t,
               V_t = Q_t^T Y + Q^T Y_t
    """

    __slots__ = ("mode",)
    num_outputs = 2

    def forward(self, a: np.ndarray, mode: str) -> tuple:
        self.mode = mode
        self.save_for_backward(a)
        if mode == "r":
            return np.empty((0,), dtype=a.dtype), np.linalg.qr(a, mode="r")
        q, r = np.linalg.qr(a, mode=mode)
        return q, r

    def _factors(self, a: Any) -> tuple:
        """Q and R again (recorded under create_graph), after torch's checks that they can be
        differentiated."""
        if self.mode == "r":
            raise RuntimeError(QR_MODE_R)
        m, n = a.shape[-2:]
        if self.mode == "complete" and m > n:
            raise RuntimeError(QR_COMPLETE_TALL)
        return LinalgQr.apply(a, mode=self.mode)

    def backward(self, grad_q: Any, grad_r: Any) -> Any:
        (a,) = self.saved_tensors
        q, r = self._factors(a)
        grad_q = zeros_like(q) if grad_q is None else grad_q
        grad_r = zeros_like(r) if grad_r is None else grad_r
        m, n = a.shape[-2:]
        if m >= n:
            return _qr_backward(q, r, grad_q, grad_r)
        y, grad_u, grad_v = a[..., :, m:], grad_r[..., :, :m], grad_r[..., :, m:]
        grad_x = _qr_backward(q, r[..., :, :m], grad_q + y @ matrix_transpose(grad_v), grad_u)
        return cat([grad_x, q @ grad_v], -1)

    def jvp(self, a_t: Any) -> tuple:
        (a,) = self.saved_tensors
        q, r = self._factors(a)
        m, n = a.shape[-2:]
        if m >= n:
            return _qr_jvp(q, r, a_t)
        q_t, u_t = _qr_jvp(q, r[..., :, :m], a_t[..., :, :m])
        v_t = matrix_transpose(q_t) @ a[..., :, m:] + matrix_transpose(q) @ a_t[..., :, m:]
        return q_t, cat([u_t, v_t], -1)


def _qr_backward(q: Any, r: Any, grad_q: Any, grad_r: Any) -> Any:
    """QR's gradient for a matrix with at least as many rows as columns (R square)."""
    m = r @ matrix_transpose(grad_r) - matrix_transpose(grad_q) @ q
    copied = tril(m) + matrix_transpose(tril(m, -1))
    return LinalgSolveEx.apply(matrix_transpose(r), grad_q + q @ copied, left=False, vector=False)


def _qr_jvp(q: Any, r: Any, a_t: Any) -> tuple:
    """QR's tangents for a matrix with at least as many rows as columns (R square)."""
    a_t_r = LinalgSolveEx.apply(r, a_t, left=False, vector=False)  # A_t R^-1
    c = matrix_transpose(q) @ a_t_r
    below = tril(c, -1)
    upper_part = c - below + matrix_transpose(below)  # C - W
    return a_t_r - q @ upper_part, upper_part @ r


_QR_MODES = ("reduced", "complete", "r")


def linalg_qr(A: Tensor, mode: str = "reduced") -> Any:
    """``(Q, R)`` with ``A = Q @ R``: ``mode='reduced'`` (default), ``'complete'`` (Q square) or
    ``'r'`` (R only; Q empty and nothing can be differentiated)."""
    _matrices("qr", A)
    if mode not in _QR_MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' "
                           "(default), 'r', or 'complete'")
    _lapack_dtype("geqrf_cpu", A)
    return return_types_linalg_qr(*LinalgQr.apply(A, mode=mode))


def qr(input: Tensor, some: bool = True) -> Any:
    """``torch.qr`` (deprecated in torch for ``torch.linalg.qr``): ``some=False`` is
    ``mode='complete'``; torch's deprecation warning."""
    _deprecated(QR_DEPRECATED)
    result = linalg_qr(input, "reduced" if some else "complete")
    return return_types_qr(*result)


class LinalgEigh(Op):
    """Eigenvalues ``L`` (ascending) and orthonormal eigenvectors ``V`` (columns) of each symmetric
    ``A = V diag(L) V^T``; only the triangle ``uplo`` of ``A`` is read.

    Backward:  grad_A = V (diag(grad_L) + skew(V^T grad_V) / E) V^T,
               skew(X) = (X - X^T) / 2,  E_ij = L_j - L_i (i != j)
    Forward:   P = V^T A_t V,  L_t = diag(P),  V_t = V (P / E),  0 on the diagonal of P / E
    """

    __slots__ = ("uplo",)
    num_outputs = 2

    def forward(self, a: np.ndarray, uplo: str) -> tuple:
        self.uplo = uplo
        self.save_for_backward(a)
        values, vectors = np.linalg.eigh(a, UPLO=uplo)
        return values, vectors

    def backward(self, grad_values: Any, grad_vectors: Any) -> Any:
        (a,) = self.saved_tensors
        values, vectors = LinalgEigh.apply(a, uplo=self.uplo)
        middle = zeros_like(a) if grad_values is None else _diag_embed(grad_values)
        if grad_vectors is not None:
            inner = matrix_transpose(vectors) @ grad_vectors
            middle = middle + (inner - matrix_transpose(inner)) * 0.5 / _gaps(values)
        return vectors @ middle @ matrix_transpose(vectors)

    def jvp(self, a_t: Any) -> tuple:
        (a,) = self.saved_tensors
        values, vectors = LinalgEigh.apply(a, uplo=self.uplo)
        inner = matrix_transpose(vectors) @ a_t @ vectors
        off_diagonal = 1 - eye(a.shape[-1], a)
        return _diagonal(inner), vectors @ (inner * off_diagonal / _gaps(values))


def _gaps(values: Any) -> Any:
    """``E_ij = values_j - values_i`` with 1 on the diagonal (the divisor of the off-diagonal
    terms of eigh's and svd's derivatives)."""
    gaps = unsqueeze(values, -2) - unsqueeze(values, -1)
    return gaps + eye(values.shape[-1], values)


def _may_need_derivative(input: Tensor) -> bool:
    """Whether an op on ``input`` may be differentiated (torch then computes the eigenvectors or
    singular vectors that eigvalsh and svdvals otherwise skip)."""
    return (input._requires_grad and recording()) or (dual.active and tangent_of(input) is not None)


def _batches_of_square_matrices(function: str, argument: str, kernel: str, A: Any) -> None:
    """``A`` a tensor of (batches of) square matrices, with torch's errors: ``function``'s argument
    ``argument`` named in the TypeError, the ``kernel`` that runs in the shape errors."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_{function}(): argument '{argument}' (position 1) must be Tensor, "
                        f"not {type(A).__name__}")
    if A._data.ndim < 2:
        raise RuntimeError(f"linalg.{kernel}: The input tensor A must have at least 2 dimensions.")
    rows, columns = A._data.shape[-2:]
    if rows != columns:
        raise RuntimeError(f"linalg.{kernel}: A must be batches of square matrices, but they are "
                           f"{rows} by {columns} matrices")


def _hermitian(function: str, A: Any, UPLO: str) -> None:
    """``A`` checked as torch checks it for ``linalg.eigh``/``eigvalsh``: the dtype by LAPACK's
    kernel (NotImplementedError for integers too), after the shape."""
    # (torch's messages name eigh for eigvalsh too: it runs eigh)
    _batches_of_square_matrices(function, "A", "eigh", A)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _lapack_dtype("linalg_eigh_cpu", A)


def eigh(A: Tensor, UPLO: str = "L") -> Any:
    """``(eigenvalues, eigenvectors)`` of symmetric ``A`` (ascending eigenvalues; eigenvectors
    are columns, with LAPACK's signs); only the triangle ``UPLO`` is read."""
    _hermitian("eigh", A, UPLO)
    return return_types_linalg_eigh(*LinalgEigh.apply(A, uplo=UPLO))


def eigvalsh(A: Tensor, UPLO: str = "L") -> Tensor:
    """The eigenvalues of symmetric ``A``, ascending (differentiable through ``eigh``)."""
    _hermitian("eigvalsh", A, UPLO)
    if _may_need_derivative(A):
        return LinalgEigh.apply(A, uplo=UPLO)[0]
    return derived(Tensor._make(np.linalg.eigvalsh(A._data, UPLO=UPLO)), A,
                   how=(np.linalg.eigvalsh, {"UPLO": UPLO}))


class _LinalgEig(Op):
    """Eigenvalues ``L`` and eigenvectors ``V`` (columns) of a general square ``A``:
    ``A V = V diag(L)``, complex even for a real ``A`` (its complex counterpart dtype). LAPACK's
    geev, as torch: each eigenvector has norm 1 and its largest component is real; the order is
    geev's. Not differentiated (complex results), so not a registered graph node.
    """

    torch_name = "LinalgEig"
    supports_complex = True
    num_outputs = 2

    def forward(self, a: np.ndarray) -> tuple:
        values, vectors = np.linalg.eig(a)
        kind = np.complex64 if a.dtype in (np.float32, np.complex64) else np.complex128
        return values.astype(kind), vectors.astype(kind)  # (numpy: real when all are real)

    def backward(self, grad_values: Any, grad_vectors: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("linalg.eig: autograd_lab does not differentiate complex values")


def _general_square(function: str, A: Any) -> None:
    """``A`` checked as torch checks it for ``linalg.eig``/``eigvals``."""
    _batches_of_square_matrices(function, "input", "eig", A)
    if A._data.dtype.kind in "iub":
        raise RuntimeError(f"Unknown Complex ScalarType for {type_name(A._data.dtype)}")
    if A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f'"linalg_eig_out_cpu" not implemented for '
                                  f"'{type_name(A._data.dtype)}'")
    if not np.isfinite(A._data).all():
        raise RuntimeError(f"torch.linalg.{function}: input tensor should not contain infs or NaNs.")


def eig(A: Tensor) -> Any:
    """``(eigenvalues, eigenvectors)`` of a square matrix (or a batch): complex tensors, the
    eigenvectors as columns of unit norm (LAPACK's geev, as torch)."""
    _general_square("eig", A)
    return return_types_linalg_eig(*_LinalgEig.apply(A))


def eigvals(A: Tensor) -> Tensor:
    """The eigenvalues of a square matrix (or a batch), complex (``linalg.eig``'s first result)."""
    _general_square("eigvals", A)
    return _LinalgEig.apply(A)[0]


class LinalgSvd(Op):
    """``A = U diag(S) Vh`` with ``S`` descending and non-negative, ``U`` and ``Vh^T`` with
    orthonormal columns: k = min(m, n) of them, or all (m and n) with ``full_matrices``.

    Backward:  U, Vh, grad_U, grad_Vh cut to their first k columns (rows of Vh), V = Vh^T:
               J = (skew(U^T grad_U) S_j + S_i skew(V^T grad_V)) / E + diag(grad_S),
               skew(X) = X - X^T,  E_ij = S_j^2 - S_i^2 (i != j);
               grad_A = U J Vh + (I - U U^T) grad_U S^-1 Vh + U S^-1 grad_V^T (I - V V^T)
               (grad_A = U diag(grad_S) Vh when only S is used)
    Forward:   P = U^T A_t V,  S_t = diag(P),  F_ij = 1 / (S_j^2 - S_i^2) (0 for i == j),
               U_t = U (F * (P S + S P^T)) + (I - U U^T) A_t V S^-1,
               V_t = V (F * (S P + P^T S)) + (I - V V^T) A_t^T U S^-1,  Vh_t = V_t^T
    """

    __slots__ = ("full_matrices",)
    num_outputs = 3

    def forward(self, a: np.ndarray, full_matrices: bool) -> tuple:
        self.full_matrices = full_matrices
        self.save_for_backward(a)
        u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def _factors(self, a: Any) -> tuple:
        """U, S, Vh again (recorded under create_graph), cut to k = min(m, n)."""
        u, s, vh = LinalgSvd.apply(a, full_matrices=self.full_matrices)
        k = s.shape[-1]
        return u[..., :, :k], s, vh[..., :k, :]

    def backward(self, grad_u: Any, grad_s: Any, grad_vh: Any) -> Any:
        (a,) = self.saved_tensors
        u, s, vh = self._factors(a)
        k = s.shape[-1]
        middle = zeros_like(u[..., :k, :]) if grad_s is None else _diag_embed(grad_s)
        if grad_u is None and grad_vh is None:
            return u @ middle @ vh
        grad_u = zeros_like(u) if grad_u is None else grad_u[..., :, :k]
        grad_vh = zeros_like(vh) if grad_vh is None else grad_vh[..., :k, :]
        v, grad_v = matrix_transpose(vh), matrix_transpose(grad_vh)
        inner_u = matrix_transpose(u) @ grad_u
        inner_v = matrix_transpose(v) @ grad_v
        skew_u = inner_u - matrix_transpose(inner_u)
        skew_v = inner_v - matrix_transpose(inner_v)
        squares = s * s
        middle = middle + (skew_u * unsqueeze(s, -2) + unsqueeze(s, -1) * skew_v) / _gaps(squares)
        m, n = a.shape[-2:]
        grad_a = u @ middle @ vh
        if m > k:
            scaled = grad_u / unsqueeze(s, -2)
            grad_a = grad_a + (scaled - u @ (matrix_transpose(u) @ scaled)) @ vh
        if n > k:
            scaled = grad_vh / unsqueeze(s, -1)
            grad_a = grad_a + u @ (scaled - (scaled @ v) @ vh)
        return grad_a

    def jvp(self, a_t: Any) -> tuple:
        (a,) = self.saved_tensors
        m, n = a.shape[-2:]
        if self.full_matrices and m != n:
            raise RuntimeError(SVD_FULL_FORWARD_AD)
        u, s, vh = self._factors(a)
        k = s.shape[-1]
        v = matrix_transpose(vh)
        p = matrix_transpose(u) @ a_t @ v
        off_diagonal = 1 - eye(k, a)
        f = off_diagonal / _gaps(s * s)
        s_row, s_column = unsqueeze(s, -2), unsqueeze(s, -1)
        p_t = matrix_transpose(p)
        u_t = u @ (f * (p * s_row + s_column * p_t))
        v_t = v @ (f * (s_column * p + p_t * s_row))
        if m > k:
            a_t_v = a_t @ v / s_row
            u_t = u_t + a_t_v - u @ (matrix_transpose(u) @ a_t_v)
        if n > k:
            a_t_u = matrix_transpose(a_t) @ u / s_row
            v_t = v_t + a_t_u - v @ (vh @ a_t_u)
        return u_t, _diagonal(p), matrix_transpose(v_t)


SVD_FULL_FORWARD_AD = ("linalg_svd: Forward AD is not supported when full_matrices=True and the "
                       "input is not square")


def _svd_checks(A: Any) -> None:
    _matrices("svd", A)
    _lapack_dtype("linalg_svd_cpu", A)


def _svd_failed(A: Tensor) -> _LinAlgError:
    return _failed("linalg.svd", "The algorithm failed to converge because the input matrix "
                   "contained non-finite values.", A._data,
                   lambda matrix: not np.isfinite(matrix).all())


def linalg_svd(A: Tensor, full_matrices: bool = True, *, driver: str | None = None) -> Any:
    """``(U, S, Vh)`` with ``A = U @ diag(S) @ Vh`` (singular values descending; LAPACK's signs
    for the singular vectors, as torch and numpy both call LAPACK's gesdd)."""
    _svd_checks(A)
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA "
                           "inputs with cuSOLVER backend.")
    try:
        return return_types_linalg_svd(*LinalgSvd.apply(A, full_matrices=full_matrices))
    except np.linalg.LinAlgError:
        raise _svd_failed(A) from None


def svdvals(A: Tensor, *, driver: str | None = None) -> Tensor:
    """The singular values of ``A``, descending (differentiable through ``svd``)."""
    _svd_checks(A)
    try:
        if _may_need_derivative(A):
            return LinalgSvd.apply(A, full_matrices=False)[1]
        return derived(Tensor._make(np.linalg.svd(A._data, compute_uv=False)), A,
                       how=(np.linalg.svd, {"compute_uv": False}))
    except np.linalg.LinAlgError:
        raise _svd_failed(A) from None


def svd(input: Tensor, some: bool = True, compute_uv: bool = True) -> Any:
    """``torch.svd``: ``(U, S, V)`` with ``V`` (not ``Vh``) the right singular vectors;
    ``some=False`` gives square U and V; ``compute_uv=False`` gives zero U and V."""
    if not compute_uv:
        s = svdvals(input)
        m, n = input._data.shape[-2:]
        batch = input._data.shape[:-2]
        zeros = [Tensor._make(np.zeros(batch + (size, size), dtype=input._data.dtype))
                 for size in (m, n)]
        return return_types_svd(zeros[0], s, zeros[1])
    u, s, vh = linalg_svd(input, full_matrices=not some)
    return return_types_svd(u, s, vh.transpose(-2, -1))


class LinalgSlogdet(Op):
    """The sign and the log of the absolute value of the determinant of each square ``A``.

    Backward:  grad_A = grad_logabsdet * inv(A)^T   (the sign has no derivative: a gradient
               reaching only the sign gives A none at all, as in torch)
    Forward:   sign_t = 0,  logabsdet_t = trace(inv(A) A_t)
    """

    __slots__ = ()
    num_outputs = 2

    def forward(self, a: np.ndarray) -> tuple:
        self.save_for_backward(a)
        sign, logabsdet = np.linalg.slogdet(a)
        return sign, logabsdet

    def backward(self, grad_sign: Any, grad_logabsdet: Any) -> Any:
        (a,) = self.saved_tensors
        if grad_logabsdet is None:
            return None
        scale = grad_logabsdet.reshape(tuple(grad_logabsdet.shape) + (1, 1))
        return scale * matrix_transpose(LinalgInvEx.apply(a))

    def jvp(self, a_t: Any) -> tuple:
        (a,) = self.saved_tensors
        trace = (LinalgInvEx.apply(a) * matrix_transpose(a_t)).sum(axis=(-2, -1))
        return trace * 0.0, trace


def _slogdet(A: Tensor, named: str | None = None) -> tuple:
    _square_matrices("slogdet", A, named=named)
    if A._data.dtype == np.float16:
        raise RuntimeError("linalg.slogdet: Low precision dtypes not supported. Got Half")
    return LinalgSlogdet.apply(A)


def linalg_slogdet(A: Tensor) -> Any:
    """``(sign, logabsdet)``: ``det(A) = sign * exp(logabsdet)``, without overflow."""
    return return_types_linalg_slogdet(*_slogdet(A))


def slogdet(input: Tensor) -> Any:
    """``torch.slogdet``: ``linalg.slogdet`` with torch's older result type."""
    return return_types_slogdet(*_slogdet(input))


def logdet(input: Tensor) -> Tensor:
    """The log of the determinant: NaN for a negative determinant, -inf for a singular matrix
    (``where(sign == -1, nan, logabsdet)``, as torch builds it)."""
    sign, logabsdet = _slogdet(input, named="logdet")
    return _where(sign == -1.0, math.nan, logabsdet)


class LinalgPinv(Op):
    """The pseudo-inverse ``X`` of each matrix ``A`` (from its SVD, or from eigh when
    ``hermitian``): singular values up to ``max(atol, rtol * largest)`` count as zero.

    Backward:  grad_A = -X^T grad X^T + (I - A X) grad^T X X^T + X^T X grad^T (I - X A)
    Forward:   X_t = -X A_t X + X X^T A_t^T (I - A X) + (I - X A) A_t^T X^T X
    """

    __slots__ = ()

    def forward(self, a: np.ndarray, atol: Any, rtol: Any, hermitian: bool) -> np.ndarray:
        if hermitian:
            values, vectors = np.linalg.eigh(a)
            magnitudes = np.abs(values)
            cutoff = np.maximum(atol, rtol * magnitudes.max(axis=-1, keepdims=True, initial=0))
            inverted = np.where(magnitudes > cutoff, 1 / values, 0).astype(a.dtype)
            result = (vectors * inverted[..., None, :]) @ np.swapaxes(vectors, -1, -2)
        else:
            u, s, vh = np.linalg.svd(a, full_matrices=False)
            cutoff = np.maximum(atol, rtol * s[..., :1])
            inverted = np.where(s > cutoff, 1 / s, 0).astype(a.dtype)
            result = (np.swapaxes(vh, -1, -2) * inverted[..., None, :]) @ np.swapaxes(u, -1, -2)
        self.save_for_backward(a, result)
        return result

    def backward(self, grad: Any) -> Any:
        a, x = self.saved_tensors
        return _pinv_backward(grad, x, a)

    def jvp(self, a_t: Any) -> Any:
        a, x = self.saved_tensors
        return _pinv_jvp(x, a, a_t)


def _tolerances(a: np.ndarray, atol: Any, rtol: Any) -> tuple[Any, Any]:
    """torch's defaults: no ``atol`` is 0; no ``rtol`` is 0 when ``atol`` is positive, else
    ``eps * max(m, n)`` of the dtype."""
    atol_value = 0.0 if atol is None else atol
    if rtol is None:
        positive = atol is not None and np.all(np.asarray(atol) > 0)
        rtol = 0.0 if positive else np.finfo(a.dtype).eps * max(a.shape[-2:])
    return atol_value, rtol


def _tolerance_array(value: Any, a: np.ndarray) -> Any:
    """A tolerance given as a tensor, as its array broadcast against the batch (one per matrix)."""
    if isinstance(value, Tensor):
        return value._data[..., None]
    return value


def pinv(A: Tensor, rcond: Any = None, hermitian: bool = False, *, atol: Any = None,
         rtol: Any = None) -> Tensor:
    """The (Moore-Penrose) pseudo-inverse; singular values (``hermitian``: absolute eigenvalues) up
    to ``max(atol, rtol * largest)`` are treated as zero (``rcond`` is ``rtol``)."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_pinv(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    a = A._data
    if a.ndim < 2 or a.dtype not in (np.float32, np.float64):
        shape = ", ".join(str(n) for n in a.shape)
        raise RuntimeError(f"linalg.pinv({type_name(a.dtype)}{{[{shape}]}}): expected a tensor with "
                           "2 or more dimensions of float, double, cfloat or cdouble types")
    if rcond is not None:
        rtol = rcond
    atol, rtol = _tolerances(a, atol, rtol)
    return LinalgPinv.apply(A, atol=_tolerance_array(atol, a), rtol=_tolerance_array(rtol, a),
                            hermitian=hermitian)


def matrix_rank(A: Tensor, tol: Any = None, hermitian: bool = False, *, atol: Any = None,
                rtol: Any = None) -> Tensor:
    """The number of singular values (``hermitian``: absolute eigenvalues) above
    ``max(atol, rtol * largest)``, an int64 tensor (``tol`` is ``atol`` with ``rtol=0``)."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_matrix_rank(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    a = A._data
    if a.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 "
                           "dimensions.")
    if a.dtype not in (np.float32, np.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if tol is not None:
        atol, rtol = tol, 0.0
    atol, rtol = _tolerances(a, atol, rtol)
    keywords = {"atol": _tolerance_array(atol, a), "rtol": _tolerance_array(rtol, a),
                "hermitian": hermitian}
    return derived(Tensor._make(_rank(a, **keywords)), A, how=(_rank, keywords))


def _rank(a: np.ndarray, atol: Any, rtol: Any, hermitian: bool) -> np.ndarray:
    """The number of singular values (absolute eigenvalues) of each matrix above the cutoff."""
    if hermitian:
        values = np.abs(np.linalg.eigvalsh(a))
        largest = values.max(axis=-1, keepdims=True, initial=0)
    else:
        values = np.linalg.svd(a, compute_uv=False)
        largest = values[..., :1] if values.shape[-1] else np.zeros(values.shape[:-1] + (1,))
    cutoff = np.maximum(atol, rtol * largest)
    return (values > cutoff).sum(axis=-1).astype(np.int64)


def matrix_power(A: Tensor, n: int) -> Tensor:
    """``A`` multiplied by itself ``n`` times (``n < 0``: powers of ``inv(A)``; ``n == 0``: the
    identity), by repeated squaring with ``matmul`` as torch computes it."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_matrix_power(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not "
                        f"{type(n).__name__}")
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    rows, columns = A._data.shape[-2:]
    if rows != columns:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they "
                           f"are {rows} by {columns} matrices")
    if n == 0:
        identity = Tensor._make(np.broadcast_to(np.eye(rows, dtype=A._data.dtype), A._data.shape))
        return A.clone().copy_(identity)
    if n == 1:
        return A.clone()
    if n < 0:
        A, n = inv(A), -n
    if n == 1:
        return A
    if n == 2:
        return matmul(A, A)
    if n == 3:
        return matmul(matmul(A, A), A)
    result = square = None
    while n > 0:
        bit, n = n % 2, n // 2
        square = A if square is None else matmul(square, square)
        if bit:
            result = square if result is None else matmul(result, square)
    return result


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: ``linalg.pinv`` with singular values up to ``rcond`` times the largest
    treated as zero."""
    return pinv(input, rtol=rcond)


class CholeskySolve(Op):
    """The solution X of ``A X = B`` from the Cholesky factor of ``A``: ``A = L L^T`` (``upper``:
    ``A = U^T U``); the batch dims of ``B`` and ``L`` broadcast.

    Backward:  grad_B = cholesky_solve(grad, L),  C = grad_B X^T + X grad_B^T,
               grad_L = -C L   (upper: grad_U = -U C)
    Forward:   X_t = cholesky_solve(B_t - (L_t L^T + L L_t^T) X, L)   (upper: U^T U_t + U_t^T U)
    """

    __slots__ = ("upper",)
    broadcasts = True

    def forward(self, b: np.ndarray, factor: np.ndarray, upper: bool) -> np.ndarray:
        self.upper = upper
        lower = np.swapaxes(factor, -1, -2) if upper else factor
        try:
            result = np.linalg.solve(np.swapaxes(lower, -1, -2), np.linalg.solve(lower, b))
        except np.linalg.LinAlgError:  # a zero on the diagonal: LAPACK divides by it
            result = _substitute(lower, b)
        self.save_for_backward(factor, result)
        return result

    def backward(self, grad: Any) -> tuple:
        factor, x = self.saved_tensors
        grad_b = CholeskySolve.apply(grad, factor, upper=self.upper)
        common = grad_b @ matrix_transpose(x)
        common = common + matrix_transpose(common)
        return grad_b, -(factor @ common) if self.upper else -(common @ factor)

    def jvp(self, b_t: Any, factor_t: Any) -> Any:
        factor, x = self.saved_tensors
        # the change of A: L_t L^T (+ its transpose), or U^T U_t for an upper factor
        product = matrix_transpose(factor) @ factor_t if self.upper \
            else factor_t @ matrix_transpose(factor)
        return CholeskySolve.apply(b_t - (product + matrix_transpose(product)) @ x, factor,
                                   upper=self.upper)


def _substitute(lower: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``L^-T L^-1 b`` by forward and back substitution, dividing by zeros where L has them (the
    infinities and NaN LAPACK's triangular solves give for a singular factor)."""
    shape = np.broadcast_shapes(lower.shape[:-2], b.shape[:-2])
    lower = np.broadcast_to(lower, shape + lower.shape[-2:])
    y = np.array(np.broadcast_to(b, shape + b.shape[-2:]), dtype=np.result_type(lower, b))
    n = lower.shape[-1]
    for i in range(n):
        y[..., i, :] = (y[..., i, :] - np.einsum("...k,...kj->...j", lower[..., i, :i],
                                                 y[..., :i, :])) / lower[..., i, i, None]
    for i in reversed(range(n)):
        y[..., i, :] = (y[..., i, :] - np.einsum("...k,...kj->...j", lower[..., i + 1:, i],
                                                 y[..., i + 1:, :])) / lower[..., i, i, None]
    return y


def cholesky_solve(input: Tensor, input2: Tensor, upper: bool = False) -> Tensor:
    """The solution X of ``A @ X = input`` given the Cholesky factor ``input2`` of ``A`` (lower,
    or ``upper=True``); batch dims broadcast."""
    for position, (argument, value) in enumerate((("input", input), ("input2", input2)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"cholesky_solve(): argument '{argument}' (position {position}) must be "
                            f"Tensor, not {type(value).__name__}")
    b, factor = input._data, input2._data
    for name, array in (("b", b), ("u", factor)):
        if array.ndim < 2:
            raise RuntimeError(f"{name} should have at least 2 dimensions, but has {array.ndim} "
                               "dimensions instead")
    if b.dtype != factor.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{type_name(b.dtype)} and A of type {type_name(factor.dtype)} instead.")
    rows, columns = factor.shape[-2:]
    if rows != columns:
        raise RuntimeError(f"A must be batches of square matrices, but they are {rows} by {columns} "
                           "matrices")
    if b.shape[-2] != rows:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is {rows} "
                           f"by {rows} but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    try:
        np.broadcast_shapes(b.shape[:-2], factor.shape[:-2])
    except ValueError:
        raise broadcast_error(b.shape[:-2], factor.shape[:-2]) from None
    _lapack_dtype("cholesky_solve_cpu", input)
    return CholeskySolve.apply(input, input2, upper=upper)


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _pinv_backward(grad: Any, x: Any, a: Any) -> Any:
    """The gradient of ``X = pinv(A)`` for the gradient ``grad`` of ``X``."""
    x_t, grad_t = matrix_transpose(x), matrix_transpose(grad)
    m, n = a.shape[-2:]
    left = eye(m, a) - a @ x
    right = eye(n, a) - x @ a
    return -(x_t @ grad @ x_t) + left @ grad_t @ (x @ x_t) + (x_t @ x) @ grad_t @ right


def _pinv_jvp(x: Any, a: Any, a_t: Any) -> Any:
    """The tangent of ``X = pinv(A)`` for the tangent ``a_t`` of ``A``."""
    m, n = a.shape[-2:]
    a_t_t, x_t = matrix_transpose(a_t), matrix_transpose(x)
    left = eye(m, a) - a @ x
    right = eye(n, a) - x @ a
    return -(x @ a_t @ x) + (x @ x_t) @ a_t_t @ left + right @ a_t_t @ (x_t @ x)


class LinalgLstsq(Op):
    """The least-squares solution ``X`` of ``A X = B`` (the smallest such ``X`` for a wide ``A``),
    with the squared residuals ``r = sum((A X - B)^2)`` per column when asked; ``vector``: ``B`` is
    one column.

    Backward:  P = pinv(A),  E = A X - B:  grad_A = pinv_backward(grad_X B^T, P, A) + 2 E grad_r X^T,
               grad_B = P^T grad_X - 2 E grad_r   (grad_r on the columns; X minimizes r, so r's
               derivative through X vanishes)
    Forward:   X_t = P_t B + P B_t  (P_t = pinv's forward rule),  r_t = 2 sum(E (A_t X - B_t))
    """

    __slots__ = ("vector", "rcond", "residuals")
    num_outputs = 2  # (so the batch dims broadcast are summed back here, not by the machinery)

    def forward(self, a: np.ndarray, b: np.ndarray, vector: bool, rcond: float,
                residuals: bool) -> tuple:
        self.vector, self.rcond, self.residuals = vector, rcond, residuals
        self.save_for_backward(a, b)
        columns = b[..., None] if vector else b
        batch = np.broadcast_shapes(a.shape[:-2], columns.shape[:-2])
        a_all = np.broadcast_to(a, batch + a.shape[-2:]).reshape((-1,) + a.shape[-2:])
        b_all = np.broadcast_to(columns, batch + columns.shape[-2:]).reshape(
            (-1,) + columns.shape[-2:])
        solutions = [np.linalg.lstsq(x, y, rcond=rcond)[0] for x, y in zip(a_all, b_all)]
        solution = np.array(solutions, dtype=a.dtype).reshape(batch + (a.shape[-1],
                                                                       columns.shape[-1]))
        squares = np.empty((0,), dtype=a.dtype)
        if residuals:
            squares = ((a @ solution - columns) ** 2).sum(axis=-2)
        return solution[..., 0] if vector else solution, squares

    def _parts(self, a: Any, b: Any) -> tuple:
        """pinv(A), B and X as matrices (X again: recorded under create_graph)."""
        pinv_a = LinalgPinv.apply(a, atol=0.0, rtol=_default_rtol(a), hermitian=False)
        x = LinalgLstsq.apply(a, b, vector=self.vector, rcond=self.rcond, residuals=False)[0]
        if self.vector:
            return pinv_a, unsqueeze(b, -1), unsqueeze(x, -1)
        return pinv_a, b, x

    def backward(self, grad: Any, grad_residuals: Any) -> tuple:
        a, b = self.saved_tensors
        pinv_a, columns, x = self._parts(a, b)
        if grad is None:
            grad = zeros_like(x[..., 0] if self.vector else x)
        grad_x = unsqueeze(grad, -1) if self.vector else grad
        grad_a = _pinv_backward(grad_x @ matrix_transpose(columns), pinv_a, a)
        grad_b = matrix_transpose(pinv_a) @ grad_x
        if grad_residuals is not None and self.residuals:
            scaled = (a @ x - columns) * unsqueeze(grad_residuals, -2) * 2
            grad_a = grad_a + scaled @ matrix_transpose(x)
            grad_b = grad_b - scaled
        grad_b = grad_b[..., 0] if self.vector else grad_b
        wants_a, wants_b = self.needs_input_grad
        return (sum_to_shape(grad_a, tuple(a.shape)) if wants_a else None,
                sum_to_shape(grad_b, tuple(b.shape)) if wants_b else None)

    def jvp(self, a_t: Any, b_t: Any) -> tuple:
        a, b = self.saved_tensors
        pinv_a, columns, x = self._parts(a, b)
        columns_t = unsqueeze(b_t, -1) if self.vector else b_t
        x_t = _pinv_jvp(pinv_a, a, a_t) @ columns + pinv_a @ columns_t
        residuals_t = None
        if self.residuals:
            residuals_t = ((a @ x - columns) * (a_t @ x - columns_t)).sum(axis=-2) * 2
        return x_t[..., 0] if self.vector else x_t, residuals_t


def _default_rtol(a: Any) -> float:
    """torch's default relative tolerance of pinv: eps * max(m, n) of the dtype."""
    return float(np.finfo(_numpy_dtype(a)).eps) * max(a.shape[-2:])


def _numpy_dtype(value: Any) -> np.dtype:
    return value.dtype if isinstance(value, np.ndarray) else value._data.dtype


def lstsq(A: Tensor, B: Tensor, rcond: float | None = None, *, driver: str | None = None) -> Any:
    """``(solution, residuals, rank, singular_values)``: the least-squares solution of
    ``A @ X = B`` as LAPACK's ``driver`` gives it (``'gelsy'`` by default on the CPU; which of the
    other fields are filled depends on the driver, as in torch)."""
    for position, (argument, value) in enumerate((("self", A), ("b", B)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"linalg_lstsq(): argument '{argument}' (position {position}) must be "
                            f"Tensor, not {type(value).__name__}")
    a, b = A._data, B._data
    if a.dtype not in (np.float32, np.float64) or b.dtype not in (np.float32, np.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if a.dtype != b.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, "
                           f"but got input's dtype {type_name(a.dtype)} and other's dtype "
                           f"{type_name(b.dtype)}")
    if a.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    driver = "gelsy" if driver is None else driver
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, "
                           "gelsd, gelss)")
    if not 0 <= a.ndim - b.ndim <= 1:
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() "
                           "and (input.dim() - other.dim()) <= 1")
    vector = a.ndim - b.ndim == 1
    columns = b[..., None] if vector else b
    try:
        batch = np.broadcast_shapes(a.shape[:-2], columns.shape[:-2])
    except ValueError:
        raise broadcast_error(a.shape[:-2], columns.shape[:-2]) from None
    if a.shape[-2] != columns.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = a.shape[-2:]
    if rcond is None:
        rcond = _default_rtol(a)
    values = np.linalg.svd(np.broadcast_to(a, batch + (m, n)), compute_uv=False) if m and n \
        else np.zeros(batch + (0,), dtype=a.dtype)
    ranks = _rank(np.broadcast_to(a, batch + (m, n)), atol=0.0, rtol=rcond, hermitian=False)
    full_rank = bool(np.all(ranks == min(m, n)))
    if driver == "gelsy" and not full_rank:
        raise NotImplementedError(
            "linalg.lstsq: autograd_lab solves a rank-deficient A (by rcond) only with "
            "driver='gelsd' or 'gelss' (the SVD's minimum-norm solution); LAPACK's gelsy, torch's "
            "default, truncates differently")
    residuals = m > n and driver != "gelsy" and (driver == "gels" or bool(np.all(ranks == n)))
    solution, squares = LinalgLstsq.apply(A, B, vector=vector, rcond=rcond, residuals=residuals)
    rank = Tensor._make(ranks) if driver != "gels" else Tensor._make(np.empty((0,), np.int64))
    singular = Tensor._make(values) if driver in ("gelsd", "gelss") \
        else Tensor._make(np.empty((0,), dtype=a.dtype))
    return return_types_linalg_lstsq(solution, squares, rank, singular)


ger = torch_alias(outer, "ger")  # torch's older name for outer
