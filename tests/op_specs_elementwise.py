"""gradcheck specs for autograd_lab/ops/elementwise.py and ops/activations.py."""

from __future__ import annotations

import autograd_lab as t
from tests.op_specs import OpSpec, at_least, broadcasting, one, same

POSITIVE = (0.2, 2.0)


def _first_derivative(function: object, a: t.Tensor, g: t.Tensor) -> t.Tensor:
    """The gradient of ``function(a)`` for output gradient ``g``, as a differentiable graph."""
    with t.enable_grad():  # gradcheck's finite differences call this inside no_grad
        (grad,) = t.autograd.grad(function(a), a, g, create_graph=True)
    return grad

SPECS = [
    OpSpec("exp", t.exp, one(), "ExpBackward0"),
    OpSpec("log", t.log, one(), "LogBackward0", domain=POSITIVE),
    OpSpec("log10", t.log10, one(), "Log10Backward0", domain=POSITIVE),
    OpSpec("log2", t.log2, one(), "Log2Backward0", domain=POSITIVE),
    OpSpec("log1p", t.log1p, one(), "Log1PBackward0", domain=(-0.8, 2.0)),
    OpSpec("expm1", t.expm1, one(), "Expm1Backward0"),
    OpSpec("sqrt", t.sqrt, one(), "SqrtBackward0", domain=POSITIVE),
    OpSpec("rsqrt", t.rsqrt, one(), "RsqrtBackward0", domain=POSITIVE),
    OpSpec("sin", t.sin, one(), "SinBackward0"),
    OpSpec("cos", t.cos, one(), "CosBackward0"),
    OpSpec("tan", t.tan, one(), "TanBackward0", domain=(-1.2, 1.2)),
    OpSpec("tanh", t.tanh, one(), "TanhBackward0"),
    OpSpec("sigmoid", t.sigmoid, one(), "SigmoidBackward0"),
    OpSpec("relu", t.relu, one(), "ReluBackward0", kinks=(0.0,)),
    OpSpec("abs", t.abs, one(), "AbsBackward0", kinks=(0.0,)),
    OpSpec("sign", t.sign, one(), "SignBackward0", kinks=(0.0,)),
    OpSpec("sgn", t.sgn, one(), "SgnBackward0", kinks=(0.0,)),
    OpSpec("square", t.square, one(), "PowBackward0"),
    OpSpec("floor", t.floor, one(), "FloorBackward0", kinks=(-2.0, -1.0, 0.0, 1.0, 2.0)),
    OpSpec("ceil", t.ceil, one(), "CeilBackward0", kinks=(-2.0, -1.0, 0.0, 1.0, 2.0)),
    OpSpec("round", t.round, one(), "RoundBackward0", kinks=(-1.5, -0.5, 0.5, 1.5)),
    OpSpec("round", lambda a: t.round(a, decimals=1), one(), "RoundBackward1",
           kinks=tuple(k / 20 for k in range(-39, 40, 2)), gap=0.01, variant="decimals=1"),
    OpSpec("clamp", lambda a: t.clamp(a, -0.5, 1.0), one(), "ClampBackward1", kinks=(-0.5, 1.0)),
    OpSpec("clamp", lambda a: a.clamp(min=0.3), one(), "ClampBackward1", kinks=(0.3,),
           variant="min"),
    OpSpec("clip", lambda a: t.clip(a, max=0.3), one(), "ClampBackward1", kinks=(0.3,),
           variant="max"),
    OpSpec("clamp", lambda a, low, high: t.clamp(a, low, high), broadcasting(3), "ClampBackward0",
           distinct=True, variant="tensors"),
    OpSpec("clamp", lambda a, low: t.clamp(a, min=low), broadcasting(2), "ClampBackward0",
           distinct=True, variant="tensor min"),
    OpSpec("maximum", t.maximum, broadcasting(), "MaximumBackward0", distinct=True),
    OpSpec("minimum", t.minimum, broadcasting(), "MinimumBackward0", distinct=True),
    OpSpec("max", lambda a, b: t.max(a, b), broadcasting(), "MaximumBackward0", distinct=True,
           variant="binary"),
    OpSpec("where", lambda c, a, b: t.where(c > 0, a, b), broadcasting(3), "WhereBackward0",
           differentiable=(1, 2)),
    OpSpec("where", lambda c, a: t.where(c > 0, a, 0.5), broadcasting(2), "WhereBackward0",
           differentiable=(1,), variant="scalar other"),
    OpSpec("remainder", lambda a: t.remainder(a, 0.75), one(), "RemainderBackward0",
           kinks=(-1.5, -0.75, 0.0, 0.75, 1.5)),
    OpSpec("remainder", lambda a, b: a % b, broadcasting(), "RemainderBackward1",
           domain=(0.3, 2.0), distinct=True, check="grad", variant="tensor"),
    # torch records floor_divide without a derivative: only the node's name is checked here
    OpSpec("floor_divide", lambda a, b: a // b, broadcasting(), "NotImplemented", domain=POSITIVE,
           check="name"),
    OpSpec("softmax", lambda a: t.softmax(a, -1), at_least(1, empty=True), "SoftmaxBackward0",
           variant="dim=-1"),
    OpSpec("softmax", lambda a: a.softmax(0), one(), "SoftmaxBackward0", variant="dim=0"),
    OpSpec("log_softmax", lambda a: t.log_softmax(a, 1), at_least(2), "LogSoftmaxBackward0",
           variant="dim=1"),
    OpSpec("log_softmax", lambda a: a.log_softmax(-1), one(), "LogSoftmaxBackward0",
           variant="dim=-1"),
    # their backward formulas are nodes of their own under create_graph, as in torch
    OpSpec("softmax backward", lambda a, g: _first_derivative(lambda x: t.softmax(x, -1), a, g),
           same(2), "SoftmaxBackwardDataBackward0"),
    OpSpec("log_softmax backward",
           lambda a, g: _first_derivative(lambda x: t.log_softmax(x, -1), a, g), same(2),
           "LogSoftmaxBackwardDataBackward0"),
    OpSpec("tanh backward", lambda a, g: _first_derivative(t.tanh, a, g), same(2),
           "TanhBackwardBackward0"),
    OpSpec("sigmoid backward", lambda a, g: _first_derivative(t.sigmoid, a, g), same(2),
           "SigmoidBackwardBackward0"),
    OpSpec("relu backward", lambda a, g: _first_derivative(t.relu, a, g), same(2),
           "ThresholdBackwardBackward0", kinks=(0.0,)),
    OpSpec("erf", t.erf, one(), "ErfBackward0"),
    OpSpec("atan2", t.atan2, broadcasting(), "Atan2Backward0", domain=(0.3, 2.0)),
    OpSpec("hypot", t.hypot, broadcasting(), "HypotBackward0", domain=(0.3, 2.0)),
    OpSpec("logaddexp", t.logaddexp, broadcasting(), "LogaddexpBackward0"),
    OpSpec("fmod", lambda a: t.fmod(a, 0.75), one(), "FmodBackward0",
           kinks=(-1.5, -0.75, 0.0, 0.75, 1.5)),
    OpSpec("fmod", lambda a, b: a.fmod(b), broadcasting(), "FmodBackward1", domain=(0.5, 1.9),
           differentiable=(0,), kinks=(1.0,), variant="tensor"),
    OpSpec("trunc", t.trunc, one(), "TruncBackward0", kinks=(-2.0, -1.0, 0.0, 1.0, 2.0)),
    OpSpec("frac", t.frac, one(), "FracBackward0", kinks=(-2.0, -1.0, 0.0, 1.0, 2.0)),
    OpSpec("nan_to_num", t.nan_to_num, one(), "NanToNumBackward0"),
    OpSpec("lerp", lambda a, b: t.lerp(a, b, 0.3), broadcasting(), "LerpBackward0"),
    OpSpec("lerp", t.lerp, broadcasting(3), "LerpBackward1", variant="tensor weight"),
    OpSpec("addcmul", lambda a, b, c: t.addcmul(a, b, c, value=0.5), broadcasting(3),
           "AddcmulBackward0"),
    OpSpec("addcdiv", lambda a, b, c: a.addcdiv(b, c, value=-2), broadcasting(3), "AddcdivBackward0",
           kinks=(0.0,), gap=0.4),

]
