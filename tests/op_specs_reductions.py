"""gradcheck specs for the reductions of autograd_lab/ops/reductions.py beyond sum and mean."""

from __future__ import annotations

import math

import autograd_lab as t
from tests.op_specs import OpSpec, at_least, one

SPECS = [
    OpSpec("prod", t.prod, one(), "ProdBackward0"),
    OpSpec("prod", lambda a: a.prod(-1, keepdim=True), at_least(1, empty=True), "ProdBackward1",
           variant="dim=-1,keepdim"),
    # inputs with exact zeros (none, one or several per product): prod's special cases
    OpSpec("prod", lambda a: a.prod(), one(), "ProdBackward0", zeros=0.3, variant="zeros"),
    OpSpec("prod", lambda a: a.prod(0), at_least(1), "ProdBackward1", zeros=0.3,
           variant="dim=0,zeros"),
    OpSpec("max", lambda a: a.max(), one(empty=False), "MaxBackward1", distinct=True),
    OpSpec("min", lambda a: t.min(a), one(empty=False), "MinBackward1", distinct=True),
    OpSpec("max", lambda a: a.max(-1).values, at_least(1), "MaxBackward0", distinct=True,
           variant="dim=-1"),
    OpSpec("min", lambda a: t.min(a, 0, keepdim=True)[0], at_least(1), "MinBackward0",
           distinct=True, variant="dim=0,keepdim"),
    OpSpec("max", lambda a: a.max(0).values, one(max_dims=0), "MaxBackward0", variant="0-d"),
    # ties: the gradient is shared evenly (a smooth function of the tied input values)
    OpSpec("max", lambda a: a.clamp(max=0.5).max(), one(empty=False), "MaxBackward1",
           domain=(0.6, 2.0), variant="ties", check="name"),
    OpSpec("amax", t.amax, one(empty=False), "AmaxBackward0", distinct=True),
    OpSpec("amax", lambda a: a.amax((0, -1), keepdim=True), at_least(2), "AmaxBackward0",
           distinct=True, variant="dim=(0,-1),keepdim"),
    OpSpec("amin", lambda a: a.amin(-1), at_least(1), "AminBackward0", distinct=True,
           variant="dim=-1"),
    OpSpec("var", lambda a: a.var(), one(empty=False).filter(lambda s: math.prod(s[0]) > 1),
           "VarBackward0"),
    OpSpec("var", lambda a: a.var(-1, keepdim=True, correction=0), at_least(1), "VarBackward0",
           variant="dim=-1,correction=0"),
    OpSpec("var", lambda a: t.var(a, (0, 1), False), at_least(2), "VarBackward0",
           variant="dim=(0,1),unbiased=False"),
    OpSpec("std", lambda a: a.std(), at_least(1).filter(lambda s: math.prod(s[0]) > 1),
           "StdBackward0", distinct=True),
    OpSpec("std", lambda a: a.std(0, correction=0), at_least(1).filter(lambda s: s[0][0] > 1),
           "StdBackward0", distinct=True, variant="dim=0,correction=0"),
    OpSpec("norm", lambda a: a.norm(), one(), "LinalgVectorNormBackward0", kinks=(0.0,)),
    OpSpec("norm", lambda a: a.norm(dim=-1, keepdim=True), at_least(1), "LinalgVectorNormBackward0",
           kinks=(0.0,), variant="dim=-1,keepdim"),
    OpSpec("norm", lambda a: t.norm(a, 1, dim=0), at_least(1), "LinalgVectorNormBackward0",
           kinks=(0.0,), variant="p=1"),
    # an asymmetric domain: distinct values whose magnitudes differ too (no ties in |a|)
    OpSpec("norm", lambda a: a.norm(math.inf), one(empty=False), "LinalgVectorNormBackward0",
           domain=(-1.3, 2.0), kinks=(0.0,), distinct=True, variant="p=inf"),
    OpSpec("norm", lambda a: a.norm(-math.inf, dim=-1), at_least(1), "LinalgVectorNormBackward0",
           domain=(-1.3, 2.0), kinks=(0.0,), distinct=True, variant="p=-inf"),
    OpSpec("norm", lambda a: a.norm(3), one(), "LinalgVectorNormBackward0", kinks=(0.0,),
           gap=0.2, variant="p=3"),
    OpSpec("logsumexp", lambda a: a.logsumexp(-1), at_least(1, empty=True), "LogsumexpBackward0",
           variant="dim=-1"),
    OpSpec("logsumexp", lambda a: t.logsumexp(a, (0, 1), keepdim=True), at_least(2),
           "LogsumexpBackward0", variant="dim=(0,1),keepdim"),
    OpSpec("cumsum", lambda a: a.cumsum(-1), at_least(1, empty=True), "CumsumBackward0",
           variant="dim=-1"),
    OpSpec("cumsum", lambda a: t.cumsum(a, 0), one(), "CumsumBackward0", variant="dim=0"),
]
