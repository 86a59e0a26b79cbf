"""gradcheck specs for the matrix products of autograd_lab/ops/linalg.py: the four primitives and
matmul's rank combinations (each with torch's top grad_fn)."""

from __future__ import annotations

import warnings
from typing import Any

from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab.ops.linalg import EuclideanDist
from tests.op_specs import OpSpec, fixed

_N = st.integers(0, 3)  # a matrix size (0 included: empty products)
_SMALL = st.integers(0, 2)  # for batches: gradgradcheck's cost grows with the square of the size
_B = st.integers(1, 2)  # a batch size


def _shapes(pattern: str, sizes: st.SearchStrategy = _N) -> st.SearchStrategy:
    """Compatible operand shapes for a pattern like ``"nk,km"`` (letters are sizes drawn from
    ``sizes``; ``b``/``c`` batch sizes, ``1`` a literal 1)."""

    @st.composite
    def draw_shapes(draw: Any) -> tuple:
        sizes_of = {letter: draw(_B if letter in "bc" else sizes) for letter in "nkmbc"}
        return tuple(tuple(1 if ch == "1" else sizes_of[ch] for ch in part)
                     for part in pattern.split(","))

    return draw_shapes()


SPECS = [
    OpSpec("mm", t.mm, _shapes("nk,km"), "MmBackward0"),
    OpSpec("bmm", t.bmm, _shapes("bnk,bkm", _SMALL), "BmmBackward0"),
    OpSpec("mv", t.mv, _shapes("nk,k"), "MvBackward0"),
    OpSpec("dot", t.dot, _shapes("k,k"), "DotBackward0"),
    OpSpec("outer", t.outer, _shapes("n,m"), "MulBackward0"),
    OpSpec("matmul", t.matmul, _shapes("k,k"), "DotBackward0", variant="1d@1d"),
    OpSpec("matmul", t.matmul, _shapes("nk,km"), "MmBackward0", variant="2d@2d"),
    OpSpec("matmul", t.matmul, _shapes("nk,k"), "MvBackward0", variant="2d@1d"),
    OpSpec("matmul", t.matmul, _shapes("k,km"), "SqueezeBackward4", variant="1d@2d"),
    OpSpec("matmul", t.matmul, _shapes("bnk,bkm", _SMALL), "UnsafeViewBackward0", variant="3d@3d"),
    OpSpec("matmul", t.matmul, _shapes("bnk,km", _SMALL), "UnsafeViewBackward0", variant="3d@2d"),
    OpSpec("matmul", t.matmul, _shapes("bnk,k", _SMALL), "UnsafeViewBackward0", variant="3d@1d"),
    # (with sizes of 1 the transposed result is already contiguous: no copy, as in torch)
    OpSpec("matmul", t.matmul, _shapes("nk,bkm", st.just(2)), "CloneBackward0",
           variant="2d@3d"),
    OpSpec("matmul", t.matmul, _shapes("nk,bkm", _SMALL), "UnsafeViewBackward0", differentiable=(1,),
           variant="2d@3d,rhs only"),
    OpSpec("matmul", t.matmul, _shapes("b1nk,ckm", _SMALL), "UnsafeViewBackward0",
           variant="4d@3d broadcast"),
    OpSpec("vdot", t.vdot, fixed((3,), (3,)), "VdotBackward0"),
    OpSpec("cross", lambda a, b: t.cross(a, b, dim=-1), fixed((2, 3), (1, 3)), "LinalgCrossBackward0"),
    OpSpec("addmv", lambda c, a, v: t.addmv(c, a, v, beta=0.5, alpha=2.0), fixed((), (2, 3), (3,)),
           "AddmvBackward0"),
    OpSpec("addr", lambda c, u, v: c.addr(u, v, alpha=-1.0), fixed((2, 3), (2,), (3,)),
           "AddrBackward0"),
    OpSpec("baddbmm", lambda c, a, b: t.baddbmm(c, a, b, beta=2.0), fixed((1, 3), (2, 1, 2), (2, 2, 3)),
           "BaddbmmBackward0"),
    OpSpec("linalg.matrix_exp", t.linalg.matrix_exp, _shapes("nn", st.integers(1, 3)),
           "LinalgMatrixExpBackward0", domain=(-1.5, 1.5)),
    OpSpec("linalg.matrix_exp", t.matrix_exp, _shapes("bnn", st.integers(1, 2)),
           "LinalgMatrixExpBackward0", domain=(-1.5, 1.5), variant="batched"),
    # inverse and determinant of matrices kept well conditioned: small entries plus 2 I
    OpSpec("linalg.inv", lambda a: t.linalg.inv(a + 2 * t.eye(a.shape[-1], dtype=a.dtype)),
           _shapes("nn", st.integers(1, 3)), "LinalgInvExBackward0", domain=(-0.4, 0.4)),
    OpSpec("linalg.inv", lambda a: t.linalg.inv(a + 2 * t.eye(a.shape[-1], dtype=a.dtype)),
           _shapes("bnn", st.integers(1, 2)), "LinalgInvExBackward0", domain=(-0.4, 0.4),
           variant="batch"),
    OpSpec("linalg.det", lambda a: t.linalg.det(a + 2 * t.eye(a.shape[-1], dtype=a.dtype)),
           _shapes("nn", st.integers(1, 3)), "LinalgDetBackward0", domain=(-0.4, 0.4)),
    OpSpec("linalg.det", lambda a: t.det(a + 2 * t.eye(a.shape[-1], dtype=a.dtype)),
           _shapes("bnn", st.integers(1, 2)), "LinalgDetBackward0", domain=(-0.4, 0.4),
           variant="batch"),
    # solvers and decompositions: matrices kept well conditioned (plus 2 I, or A A^T + n I for the
    # symmetric positive-definite ones); eigh and svd on random matrices, whose eigenvalues and
    # singular values are distinct (their derivatives divide by the gaps)
    OpSpec("linalg.solve", lambda a, b: t.linalg.solve(_shifted(a), b), fixed((2, 2), (2, 3)),
           "LinalgSolveExBackward0", domain=(-0.4, 0.4)),
    OpSpec("linalg.solve", lambda a, b: t.linalg.solve(_shifted(a), b), fixed((2, 2, 2), (2,)),
           "LinalgSolveExBackward0", domain=(-0.4, 0.4), variant="batch,vector"),
    OpSpec("linalg.solve", lambda a, b: t.linalg.solve(_shifted(a), b, left=False),
           fixed((2, 2), (3, 2)), "LinalgSolveExBackward0", domain=(-0.4, 0.4), variant="left=False"),
    OpSpec("linalg.cholesky", lambda a: t.linalg.cholesky(_positive_definite(a)),
           _shapes("nn", st.integers(1, 3)), "LinalgCholeskyExBackward0"),
    OpSpec("linalg.cholesky", lambda a: t.linalg.cholesky(_positive_definite(a), upper=True),
           fixed((2, 2, 2)), "LinalgCholeskyExBackward0", variant="batch,upper"),
    OpSpec("cholesky", lambda a: _deprecated(t.cholesky, _positive_definite(a)), fixed((2, 2)),
           "CholeskyBackward0"),
    OpSpec("cholesky_solve", lambda b, f: t.cholesky_solve(b, _shifted(f.tril())),
           fixed((2, 3), (2, 2)), "CholeskySolveBackward0", domain=(-0.4, 0.4)),
    OpSpec("cholesky_solve", lambda b, f: t.cholesky_solve(b, _shifted(f.triu()), upper=True),
           fixed((2, 2, 1), (2, 2)), "CholeskySolveBackward0", domain=(-0.4, 0.4),
           variant="batch broadcast,upper"),
    OpSpec("linalg.lstsq", lambda a, b: t.linalg.lstsq(a, b).solution, fixed((3, 2), (3, 2)),
           "LinalgLstsqBackward0"),
    OpSpec("linalg.lstsq", lambda a, b: t.linalg.lstsq(a, b, driver="gelsd")[:2],
           fixed((2, 3, 2), (2, 3)), "LinalgLstsqBackward0", variant="batch,vector,residuals"),
    OpSpec("linalg.qr", t.linalg.qr, fixed((3, 2)), "LinalgQrBackward0", variant="tall"),
    OpSpec("linalg.qr", t.linalg.qr, fixed((2, 3)), "LinalgQrBackward0", variant="wide"),
    OpSpec("linalg.qr", lambda a: t.linalg.qr(a, mode="complete"), fixed((2, 2, 2)),
           "LinalgQrBackward0", variant="batch,complete"),
    OpSpec("linalg.eigh", lambda a: t.linalg.eigh(a + a.mT), fixed((3, 3)), "LinalgEighBackward0"),
    OpSpec("linalg.eigh", lambda a: t.linalg.eigh(a + a.mT, UPLO="U"), fixed((2, 2, 2)),
           "LinalgEighBackward0", variant="batch,upper triangle"),
    OpSpec("linalg.eigvalsh", lambda a: t.linalg.eigvalsh(a + a.mT), fixed((3, 3)),
           "LinalgEighBackward0"),
    OpSpec("linalg.svd", lambda a: t.linalg.svd(a, full_matrices=False), fixed((3, 2)),
           "LinalgSvdBackward0", variant="tall"),
    OpSpec("linalg.svd", lambda a: t.linalg.svd(a, full_matrices=False), fixed((2, 2, 3)),
           "LinalgSvdBackward0", variant="batch,wide"),
    OpSpec("linalg.svd", t.linalg.svd, fixed((2, 2)), "LinalgSvdBackward0",
           variant="full_matrices,square"),
    OpSpec("linalg.svdvals", t.linalg.svdvals, fixed((2, 3)), "LinalgSvdBackward0"),
    OpSpec("linalg.slogdet", lambda a: t.linalg.slogdet(a)[1], fixed((3, 3)),
           "LinalgSlogdetBackward0"),
    OpSpec("logdet", lambda a: t.logdet(_positive_definite(a)), fixed((2, 2, 2)), "WhereBackward0"),
    OpSpec("linalg.pinv", t.linalg.pinv, fixed((3, 2)), "LinalgPinvBackward0"),
    OpSpec("linalg.pinv", lambda a: t.linalg.pinv(a + a.mT, hermitian=True), fixed((2, 2)),
           "LinalgPinvBackward0", variant="hermitian"),
    # cdist: values kept apart (no zero distance or difference, where p = 1 and inf have kinks);
    # torch defines no second derivative of its backward (CdistBackwardBackward0 raises)
    *[OpSpec("cdist", lambda a, b, p=p: t.cdist(a, b, p), _shapes("nk,mk", st.integers(1, 3)),
             "CdistBackward0", distinct=True, check="grad", variant=f"p={p}")
      for p in (0.0, 1.0, 1.5, 2.0, 3.0)],
    # (p = inf on one column: with two, the largest difference may change hands between the finite
    # differences' two points; the parity cases check ties)
    OpSpec("cdist", lambda a, b: t.cdist(a, b, float("inf")), _shapes("n1,m1", st.integers(1, 3)),
           "CdistBackward0", distinct=True, check="grad", variant="p=inf"),
    OpSpec("cdist", lambda a, b: t.cdist(a, b, 0.5), fixed((2, 1, 3, 2), (3, 2, 2)), "CdistBackward0",
           distinct=True, check="grad", variant="batch broadcast,p=0.5"),
    OpSpec("cdist", lambda a, b, g: _cdist_gradient(a, b, g), fixed((3, 2), (2, 2), (3, 2)),
           "CdistBackwardBackward0", distinct=True, check="name", variant="backward"),
    OpSpec("cdist", lambda a, b: t.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
           _shapes("bnk,bmk", st.integers(1, 3)), "ViewBackward0", distinct=True,
           variant="matrix product"),
    OpSpec("_euclidean_dist", EuclideanDist.apply, _shapes("bnk,bmk", st.integers(1, 3)),
           "EuclideanDistBackward0", distinct=True),
    OpSpec("tensordot", lambda a, b: t.tensordot(a, b, ([0, 2], [1, 0])), fixed((2, 3, 2), (2, 2, 3)),
           "ViewBackward0"),
]


def _cdist_gradient(a: t.Tensor, b: t.Tensor, g: t.Tensor) -> t.Tensor:
    """cdist's gradient w.r.t. ``a`` for the output gradient ``g``, as a graph (its node is torch's
    ``_cdist_backward``, which has no derivative)."""
    with t.enable_grad():
        (grad,) = t.autograd.grad(t.cdist(a, b), a, g, create_graph=True)
    return grad



def _shifted(a: t.Tensor) -> t.Tensor:
    """``a + 2 I``: invertible for small entries."""
    return a + 2 * t.eye(a.shape[-1], dtype=a.dtype)


def _positive_definite(a: t.Tensor) -> t.Tensor:
    """``a a^T + n I``: symmetric positive-definite, well conditioned."""
    n = a.shape[-1]
    return a @ a.mT + n * t.eye(n, dtype=a.dtype)


def _deprecated(function: object, *args: object) -> object:
    """A deprecated torch function called without its (once per session) deprecation warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return function(*args)
