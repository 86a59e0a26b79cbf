"""Float32 matrix products that round as torch 2.13's do on CPU, for the shapes where that is known.

A matrix product is a sum of products, and float32 sums round differently by the order of their
additions. numpy's ``@`` (OpenBLAS) accumulates each element with fused multiply-adds in blocks;
torch 2.13's CPU ``mm`` calls MKL's ``sgemm``, whose kernel for a product with few columns (or few
rows) adds the rounded products in order, so the two can differ in the last bits. Where a learner
checks a product against the same sum written as a loop (d2l's 1x1 convolution as ``matmul``), the
loop agrees with torch's product and not with numpy's.

``matmul_as_torch_rounds(a, b)`` reproduces torch's order, bit for bit, in the region measured
(``scripts/measure_matmul_order.py`` re-checks it against torch live; its docstring has the table):

- float32 ``m x k`` times ``k x n`` with ``m <= 3`` rows or ``n <= 11`` columns, any ``k``;
- ``b`` C-contiguous (torch's ``mat2`` untransposed), ``a`` C-contiguous or its transpose (``x.T``),
  but not one column from a C-contiguous ``a`` of several rows (a matrix-vector product for MKL);
  or, for ``mm`` and ``matmul``, both transposed (``x.T @ w.T``) with ``m >= 2``, which MKL sums
  in order without the split sums below;
- ``mm`` and ``matmul`` of matrices, ``addmm`` with beta = alpha = 1 (its sums begin at the bias),
  ``bmm`` (any layout while ``k * m * n < 400``, where torch's own loop sums in order; above, the
  layouts and sizes above, MKL's batched kernel), and the backward products of these.

In that region MKL's kernel computes each element ``out[i, j]`` as the in-order sum
``((0 + a[i,0]*b[0,j]) + a[i,1]*b[1,j]) + ...`` of rounded products, except the first few elements
of a row that starts off a 16-byte boundary of the output (row ``i`` starts at element ``i * n``,
counted across a whole batch; the elements before the next multiple of 4, when at least 4 are left
after them): those are summed by 8 products at a time, the first 4 in order into the running sum and
the last 4 in order apart, then added to it; the products past the last multiple of 8 go in order
into the running sum.

Everywhere else (``x @ W.T`` as in ``linear``, which MKL sums in interleaved partial sums; wider
products; ``mv``; ``dot``; float64; and products above ``_LARGEST`` multiply-adds, kept at BLAS
speed) the product is numpy's, which can differ from torch's in the last bits (README, "Known
differences").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["matmul_as_torch_rounds", "in_torch_order", "torch_kernel", "trace_products"]

_LARGEST = 1 << 16
"""Above this many multiply-adds (batch * m * k * n) the product is numpy's: the emulation makes
every product an array of its own and sums them with numpy calls, 10 to 100 times BLAS's time."""

_TORCH_BMM_LOOP = 400
"""torch's ``bmm`` sums with its own loop (in order) below this ``k * m * n``, and calls MKL above."""


def matmul_as_torch_rounds(a: Any, b: Any, start: Any = None) -> Any:
    """``a @ b`` (``start + a @ b`` with a ``start``), rounded as torch 2.13's CPU kernel rounds it
    where that is known (see the module docstring), numpy's otherwise. With ``start`` (``addmm``'s
    bias, beta = alpha = 1) MKL's sums begin at ``start`` rather than at 0. Anything but numpy
    arrays (tensors while a backward pass records a graph) is computed with ``@`` and ``+``; a
    compiler's traced arrays by the function registered with :func:`trace_products`."""
    out = in_torch_order(a, b, start)
    if out is not None:
        return out
    if _TRACED:
        record = _TRACED.get(type(a)) or _TRACED.get(type(b)) or _TRACED.get(type(start))
        if record is not None:
            return record(a, b, start)
    if start is None:
        return a @ b
    out = a @ b
    out += start
    return out


_TRACED: dict[type, Callable[[Any, Any, Any], Any]] = {}


def trace_products(kind: type, record: Callable[[Any, Any, Any], Any]) -> None:
    """Let ``record(a, b, start)`` make the products of which an operand is a ``kind`` (a compiler's
    traced array): it writes a call of ``matmul_as_torch_rounds`` into the generated code where
    :func:`in_torch_order` sums the real values, so compiled code rounds as eager does."""
    _TRACED[kind] = record


def in_torch_order(a: Any, b: Any, start: Any = None) -> np.ndarray | None:
    """``start + a @ b`` summed in torch's order when the operands lie in the region of the module
    docstring, else None (the product is then numpy's)."""
    kernel = torch_kernel(a, b, start)
    if kernel is None:
        return None
    if kernel.startswith("mm"):
        m, k = a.shape
        terms = np.empty((k + 1, m, b.shape[1]), np.float32)
        terms[0] = 0 if start is None else start  # MKL's sums begin at +0.0 (or the bias)
        np.multiply(a.T[:, :, None], b[:, None, :], out=terms[1:])
        return _mkl_sums(terms) if kernel == "mm" else _in_order(terms)
    batch, m, k = a.shape
    n = b.shape[2]
    terms = np.empty((k + 1, batch, m, n), np.float32)
    terms[0] = 0
    np.multiply(a.transpose(2, 0, 1)[..., None], b.transpose(1, 0, 2)[:, :, None, :], out=terms[1:])
    if kernel == "bmm loop":
        return _in_order(terms)
    # MKL's batched kernel: each matrix as mm's, its rows numbered through the batch
    return _mkl_sums(terms.reshape(k + 1, batch * m, n)).reshape(batch, m, n)


def torch_kernel(a: Any, b: Any, start: Any = None) -> str | None:
    """Which of torch's kernels summed in a known order computes ``start + a @ b``: ``"mm"``
    (MKL's, for ``mm`` and ``addmm``), ``"mm transposed"`` (MKL's for both factors transposed),
    ``"bmm loop"`` (torch's own for small ``bmm``), ``"bmm mkl"``; None outside the region of the
    module docstring."""
    if (type(a) is not np.ndarray or type(b) is not np.ndarray or a.dtype != np.float32
            or b.dtype != np.float32):
        return None
    if (a.ndim == 2 and b.ndim == 2
            and (start is None or (type(start) is np.ndarray and start.dtype == np.float32))):
        m, k = a.shape
        n = b.shape[1]
        if (m <= 3 or n <= 11) and 0 < m * k * n <= _LARGEST:
            if _mkl_layout(a, b, m, n):
                return "mm"
            if m > 1 and start is None and a.flags.f_contiguous and b.flags.f_contiguous:
                return "mm transposed"  # (both factors transposed: in order, no split sums)
    elif a.ndim == 3 and b.ndim == 3 and start is None:
        batch, m, k = a.shape
        n = b.shape[2]
        if 0 < batch * m * k * n <= _LARGEST:
            if k * m * n < _TORCH_BMM_LOOP:
                return "bmm loop"
            if (m <= 3 or n <= 11) and _mkl_layout(a[0], b[0], m, n):
                return "bmm mkl"
    return None


def _mkl_layout(a: np.ndarray, b: np.ndarray, m: int, n: int) -> bool:
    """Whether MKL's small kernel serves these layouts: ``b`` row-major, ``a`` row-major (not as a
    matrix-vector product: one column from several rows) or transposed."""
    return b.flags.c_contiguous and (a.flags.f_contiguous
                                     or (a.flags.c_contiguous and (n > 1 or m == 1)))


def _in_order(terms: np.ndarray) -> np.ndarray:
    """``terms[0] + terms[1] + ...`` added in order, elementwise. numpy sums an axis in order unless
    it is the fastest-varying one in memory (pairwise summation is only used there: numpy.sum's
    notes), which axis 0 of a C-contiguous array of several elements per term is not; a single
    element per term goes through ``cumsum``, in order by definition."""
    if terms[0].size > 1:
        return np.add.reduce(terms, axis=0)
    return np.cumsum(terms, axis=0)[-1]


def _mkl_sums(terms: np.ndarray) -> np.ndarray:
    """MKL's small-product kernel (module docstring) from ``terms[0]``, the start, and the rounded
    products ``terms[1 + p, i, j] = a[i, p] * b[p, j]``: the in-order sums, and the split sums for
    the elements before each row's first 16-byte boundary."""
    k, m, n = terms.shape[0] - 1, terms.shape[1], terms.shape[2]
    out = _in_order(terms)
    if k < 8 or n < 5:
        return out
    lead = -np.arange(m) * n % 4  # elements of each row before the output's next 16-byte boundary
    rows = np.flatnonzero((lead > 0) & (n - lead >= 4))
    if rows.size:
        width = int(lead[rows].max())
        split = _split_sums(np.ascontiguousarray(terms[:, rows, :width]))
        out[rows, :width] = np.where(np.arange(width) < lead[rows, None], split, out[rows, :width])
    return out


def _split_sums(terms: np.ndarray) -> np.ndarray:
    """Sums from ``terms[0]`` over the products ``terms[1:]`` by 8 at a time: the first 4 in order
    into the running sum, the last 4 summed in order apart and then added to it; the products past
    the last multiple of 8 in order into the running sum."""
    products = terms[1:]
    whole = len(products) - len(products) % 8
    chunks = products[:whole].reshape(whole // 8, 8, *products.shape[1:])
    apart = chunks[:, 4] + chunks[:, 5]
    apart += chunks[:, 6]
    apart += chunks[:, 7]
    # the running sum's additions in order: each chunk's first 4 products, then its apart sum
    running = np.concatenate([chunks[:, :4], apart[:, None]], axis=1).reshape(-1, *apart.shape[1:])
    return _in_order(np.concatenate([terms[:1], running, products[whole:]]))
