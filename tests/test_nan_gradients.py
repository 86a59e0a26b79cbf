"""Gradients at NaN inputs where torch's formula multiplies by ``sgn(self)``: torch's sign of NaN is 0,
so abs and the 1-, inf- and p-norms send 0 there (numpy's sign of NaN is NaN, which gave NaN)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

import autograd_lab as t

NAN = math.nan

CASES: list[tuple[str, Callable[[Any], Any], list[float]]] = [
    # (torch 2.13's x.grad for x = [nan, -2, 0, 3], written out)
    ("abs", lambda x: x.abs().sum(), [0.0, -1.0, 0.0, 1.0]),
    ("norm 1", lambda x: x.norm(p=1), [0.0, -1.0, 0.0, 1.0]),
    ("norm inf", lambda x: x.norm(p=math.inf), [0.0, -0.0, 0.0, 0.0]),
]


def _grad(library: Any, fn: Callable[[Any], Any]) -> list[float]:
    x = library.tensor([NAN, -2.0, 0.0, 3.0], requires_grad=True)
    fn(x).backward()
    return x.grad.tolist()


@pytest.mark.parametrize(("name", "fn", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sign_of_nan_is_zero_in_gradients(name: str, fn: Callable, expected: list[float]) -> None:
    got = _grad(t, fn)
    assert got == expected
    assert [math.copysign(1, v) for v in got] == [math.copysign(1, v) for v in expected]


def test_sign_of_nan_is_zero_in_tangents() -> None:
    import autograd_lab.autograd.forward_ad as fwAD

    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([NAN, -2.0, 0.0, 3.0]), t.ones(4))
        assert fwAD.unpack_dual(x.abs()).tangent.tolist() == [0.0, -1.0, 0.0, 1.0]


@pytest.mark.torch
@pytest.mark.parametrize(("name", "fn", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sign_of_nan_gradients_match_live_torch(torch, name: str, fn: Callable, expected) -> None:
    theirs = _grad(torch, fn)
    ours = _grad(t, fn)
    assert [str(v) for v in ours] == [str(v) for v in theirs]
