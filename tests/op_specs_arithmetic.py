"""gradcheck specs for autograd_lab/ops/arithmetic.py: ``+ - * / **``, negation, copies, sum, mean."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import autograd_lab as t
from tests.op_specs import OpSpec, Shape, at_least, broadcasting, one


def _target_and_source(draw: Any) -> tuple[Shape, Shape]:
    """``copy_``'s shapes: the source broadcasts to the target, not the other way round."""
    (target,) = draw(one())
    drop = draw(st.integers(0, len(target)))
    return target, tuple(1 if draw(st.booleans()) else n for n in target[drop:])

SPECS = [
    OpSpec("add", lambda a, b: a + b, broadcasting(), "AddBackward0"),
    OpSpec("add", lambda a, b: t.add(a, b, alpha=2.5), broadcasting(), "AddBackward0",
           variant="alpha"),
    OpSpec("add", lambda a: a + 2.0, one(), "AddBackward0", variant="scalar"),
    OpSpec("sub", lambda a, b: a - b, broadcasting(), "SubBackward0"),
    OpSpec("sub", lambda a, b: t.sub(a, b, alpha=-1.5), broadcasting(), "SubBackward0",
           variant="alpha"),
    OpSpec("rsub", lambda a: 2.0 - a, one(), "RsubBackward1"),
    OpSpec("angle", t.angle, one(), "AngleBackward0", kinks=(0.0,)),
    OpSpec("rsub", lambda a: t.rsub(a, 3.0, alpha=2), one(), "RsubBackward1", variant="alpha"),
    OpSpec("mul", lambda a, b: a * b, broadcasting(), "MulBackward0"),
    OpSpec("mul", lambda a: 3.0 * a, one(), "MulBackward0", variant="scalar"),
    OpSpec("div", lambda a, b: a / b, broadcasting(), "DivBackward0", kinks=(0.0,), gap=0.3),
    OpSpec("div", lambda a: a / 4.0, one(), "DivBackward0", variant="scalar"),
    OpSpec("div", lambda a: t.div(a, 1.0, rounding_mode="floor"), one(), "DivBackward2",
           variant="floor", kinks=(-2.0, -1.0, 0.0, 1.0, 2.0)),
    OpSpec("rdiv", lambda a: 2.0 / a, one(), "MulBackward0", kinks=(0.0,), gap=0.3),
    OpSpec("pow", lambda a: a ** 3, one(), "PowBackward0"),
    OpSpec("pow", lambda a: a ** 0.5, one(), "PowBackward0", domain=(0.2, 2.0),
           variant="fractional"),
    OpSpec("pow", lambda a: a ** 0, one(), "PowBackward0", variant="zero"),
    OpSpec("pow", lambda a, b: a ** b, broadcasting(), "PowBackward1", domain=(0.2, 2.0),
           variant="tensor"),
    OpSpec("pow", lambda a: 2.0 ** a, one(), "PowBackward2", variant="scalar base"),
    OpSpec("neg", lambda a: -a, one(), "NegBackward0"),
    OpSpec("reciprocal", lambda a: a.reciprocal(), one(), "ReciprocalBackward0", kinks=(0.0,),
           gap=0.3),
    OpSpec("clone", lambda a: a.clone(), one(), "CloneBackward0"),
    # through float32 and back: float32 rounding needs a coarser finite difference
    OpSpec("to_dtype", lambda a: a.float(), one(), "ToCopyBackward0", eps=1e-2, atol=1e-3,
           rtol=1e-2),
    OpSpec("copy_", lambda a, b: a.clone().copy_(b), _target_and_source, "CopyBackwards"),
    OpSpec("fill_", lambda a: a.clone().fill_(1.5), one(), "FillBackward2"),
    OpSpec("zero_", lambda a: a.clone().zero_(), one(), "ZeroBackward0"),
    OpSpec("sum", lambda a: a.sum(), one(), "SumBackward0"),
    OpSpec("sum", lambda a: a.sum(-1), at_least(1, empty=True), "SumBackward1", variant="dim=-1"),
    OpSpec("sum", lambda a: a.sum((0, -1), keepdim=True), at_least(2), "SumBackward1",
           variant="dim=(0,-1),keepdim"),
    OpSpec("mean", lambda a: a.mean(), one(empty=False), "MeanBackward0"),
    OpSpec("mean", lambda a: a.mean(0, keepdim=True), at_least(1), "MeanBackward1",
           variant="dim=0,keepdim"),
    OpSpec("mean", lambda a: a.mean((-2, -1)), at_least(2), "MeanBackward1", variant="dim=(-2,-1)"),
]
