"""Every differentiable op's gradient against finite differences, in float64, on hypothesis-drawn
shapes (0-d, empty, broadcasting): gradcheck and gradgradcheck, plus the output's grad_fn name.

The ops come from every ``tests/op_specs_<area>.py`` (``SPECS: list[OpSpec]``, see tests/op_specs.py).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab.autograd.gradcheck import gradcheck, gradgradcheck
from tests.op_specs import OpSpec, make_inputs

TESTS = Path(__file__).resolve().parent


def spec_modules() -> dict[str, object]:
    """Every ``tests/op_specs_<area>.py`` module, by area."""
    return {info.name.removeprefix("op_specs_"): importlib.import_module(f"tests.{info.name}")
            for info in pkgutil.iter_modules([str(TESTS)]) if info.name.startswith("op_specs_")}


def all_specs() -> list[OpSpec]:
    """The specs of every area, in a stable order."""
    return [spec for _, module in sorted(spec_modules().items()) for spec in module.SPECS]


SPECS = all_specs()


def _outputs(value: object) -> list:
    return [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, t.Tensor)]


def test_spec_ids_are_unique() -> None:
    ids = [spec.id for spec in SPECS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("spec", SPECS, ids=[spec.id for spec in SPECS])
# (derandomize, no example database: every run, in CI and on a learner's machine, checks the same
# draws, so a spec that puts an input on a kink fails every time, not one run in a hundred)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, database=None)
@given(data=st.data())
def test_gradients_match_finite_differences(spec: OpSpec, data: st.DataObject) -> None:
    shapes = spec.draw_shapes(data)
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    inputs = make_inputs(t, spec, shapes, seed)
    outputs = _outputs(spec.fn(*inputs))
    assert outputs, f"{spec.id} returned no tensor"
    # the class name is the registry's key (name() may add torch's C++ namespace)
    names = {type(out.grad_fn).__name__ if out.grad_fn is not None else None for out in outputs
             if out.requires_grad}
    assert names == {spec.grad_fn}, f"{spec.id}: grad_fn {names}, expected {spec.grad_fn}"
    if spec.check in ("grad", "gradgrad"):
        assert gradcheck(spec.fn, tuple(inputs), eps=spec.eps, atol=spec.atol, rtol=spec.rtol)
    if spec.check == "gradgrad":
        assert gradgradcheck(_recording(spec.fn), tuple(inputs), eps=spec.eps, atol=spec.atol,
                             rtol=spec.rtol)


def _recording(fn: Callable) -> Callable:
    """``fn`` run with grad recording on. gradgradcheck's finite differences evaluate the first
    derivative inside ``no_grad``, where it could not build the graph it differentiates."""

    def recorded(*inputs: object) -> object:
        with t.enable_grad():
            return fn(*inputs)

    return recorded
