"""gradcheck specs for the matrix products of autograd_lab/ops/linalg.py: the four primitives and
matmul's rank combinations (each with torch's top grad_fn)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import autograd_lab as t
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
]
