"""Tensor repr: byte-for-byte equality with PyTorch 2.x.

Goldens (tests/goldens/printing.json, from tests/goldens/record_printing.py) run without torch;
the live tests draw arrays and print options with hypothesis and compare with torch directly.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd_lab._printing import format_tensor, get_printoptions, printoptions, set_printoptions
from tests.goldens import record_printing

GOLDENS_DIR = Path(__file__).parent / "goldens"
GOLDEN_CASES: dict[str, dict] = json.loads(
    (GOLDENS_DIR / "printing.json").read_text(encoding="utf-8"))["cases"]



recorder = record_printing

LIVE_SETTINGS = settings(max_examples=150, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(autouse=True)
def _default_print_options():
    """Every test starts and ends with torch's default options."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


# --------------------------------------------------------------------------- goldens

def test_goldens_cover_every_category():
    prefixes = {name.split("_")[0] for name in GOLDEN_CASES}
    assert {"scalar", "vector", "empty", "summary", "options", "autograd", "random",
            "tensor", "int64", "bool", "wrap", "matrix"} <= prefixes
    assert len(GOLDEN_CASES) >= 100


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_matches_torch_golden(name: str):
    case = GOLDEN_CASES[name]
    array = recorder.decode_array(case["values"], case["shape"], case["dtype"])
    with printoptions(**(case["options"] or {})):
        text = format_tensor(array, case["dtype"], case["suffixes"])
    assert text == case["expected"]


# --------------------------------------------------------------------------- options, errors

def test_printoptions_context_restores_options():
    set_printoptions(precision=6, linewidth=50)
    before = get_printoptions()
    with printoptions(profile="full", sci_mode=True):
        assert get_printoptions() != before
    assert get_printoptions() == before


def test_unknown_dtype_is_an_error():
    with pytest.raises(ValueError, match="complex32"):
        format_tensor(np.zeros(2), "complex32")


def test_array_is_converted_to_the_named_dtype():
    set_printoptions(precision=10)
    assert format_tensor(np.array([0.1]), "float32") == format_tensor(
        np.array([0.1], dtype=np.float32), "float32")


# --------------------------------------------------------------------------- live strategies

NAN, INF = math.nan, math.inf
MAX_SIDE_BY_NDIM = {0: 0, 1: 1500, 2: 50, 3: 14, 4: 8}
INT_DIGITS = {"int64": 18, "int32": 9}
FLOAT_MAX_EXPONENT = {"float16": 4, "float32": 10, "float64": 10}


def _float_elements(draw: st.DrawFn, dtype: str) -> st.SearchStrategy[float]:
    """Values of one array: magnitudes in a drawn band of 1e-6..1e10, integral values, or (more
    rarely) any value of the dtype, subnormals and extremes included; plus specials."""
    top = FLOAT_MAX_EXPONENT[dtype]
    style = draw(st.sampled_from(["integral", "band", "band", "any"]))
    if style == "any":
        main = st.floats(width=np.finfo(dtype).bits, allow_nan=False, allow_infinity=False)
    elif style == "integral":
        digits = draw(st.integers(0, top))
        main = st.integers(-(10**digits), 10**digits).map(float)
    else:
        low = draw(st.integers(-6, top - 1))
        high = draw(st.integers(low, top))
        magnitude = st.floats(low, high).map(lambda exponent: 10.0**exponent)
        main = st.tuples(magnitude, st.booleans()).map(
            lambda pair: -pair[0] if pair[1] else pair[0])
    special = st.sampled_from([0.0, -0.0, NAN, INF, -INF])
    # Roughly one value in ten is special.
    return st.integers(0, 9).flatmap(lambda roll: special if roll == 0 else main)


@st.composite
def tensor_arrays(draw: st.DrawFn) -> tuple[np.ndarray, str]:
    """(array, dtype name) of up to 4 dimensions, large enough at times to be summarized."""
    dtype = draw(st.sampled_from(["float32", "float64", "float16", "int64", "int32", "bool"]))
    ndim = draw(st.integers(0, 4))
    side = st.integers(0, MAX_SIDE_BY_NDIM[ndim])
    shape = tuple(draw(st.lists(side, min_size=ndim, max_size=ndim)))
    if dtype == "bool":
        elements = st.booleans()
    elif dtype in INT_DIGITS:
        digits = draw(st.integers(0, INT_DIGITS[dtype]))
        elements = st.integers(-(10**digits), 10**digits)
    else:
        elements = _float_elements(draw, dtype)
    block = draw(st.lists(elements, min_size=1, max_size=40))
    # A repeated block keeps big tensors cheap to draw; numpy.resize varies the edge values.
    return np.resize(np.array(block, dtype=dtype), shape), dtype


print_options = st.fixed_dictionaries({}, optional={
    "precision": st.integers(0, 10),
    "threshold": st.sampled_from([0, 5, 50, 1000, 100_000, math.inf]),
    "edgeitems": st.integers(0, 5),
    "linewidth": st.integers(10, 200),
    "profile": st.sampled_from(["default", "short", "full"]),
    "sci_mode": st.sampled_from([None, True, False]),
})


def _torch_repr(torch: Any, array: np.ndarray, autograd: str | None, options: dict) -> tuple:
    """torch's text for the array (under ``options``) and the suffixes it implies."""
    tensor = torch.from_numpy(array.copy())
    if autograd is not None:
        tensor = tensor.requires_grad_()
        if autograd == "mul":
            tensor = tensor * 1  # exact for every value, and gives grad_fn=<MulBackward0>
    torch.set_printoptions(**options)
    try:
        return repr(tensor), recorder.torch_suffixes(tensor)
    finally:
        torch.set_printoptions(profile="default")


# --------------------------------------------------------------------------- live tests

@pytest.mark.torch
@LIVE_SETTINGS
@given(drawn=tensor_arrays())
def test_matches_torch_live(torch, drawn):
    array, dtype = drawn
    expected, _ = _torch_repr(torch, array, None, {})
    assert format_tensor(array, dtype) == expected


@pytest.mark.torch
@LIVE_SETTINGS
@given(drawn=tensor_arrays(), options=print_options,
       autograd=st.sampled_from([None, "leaf", "mul"]))
def test_matches_torch_live_with_options_and_suffixes(torch, drawn, options, autograd):
    array, dtype = drawn
    if not dtype.startswith("float"):
        autograd = None  # only floating tensors can require grad
    expected, suffixes = _torch_repr(torch, array, autograd, options)
    with printoptions(**options):
        assert format_tensor(array, dtype, suffixes) == expected


@pytest.mark.torch
@LIVE_SETTINGS
@given(calls=st.lists(print_options, min_size=1, max_size=4))
def test_printoptions_follow_torch(torch, calls):
    from torch._tensor_str import get_printoptions as torch_get_printoptions

    torch.set_printoptions(profile="default")
    set_printoptions(profile="default")  # the autouse fixture runs once per test, not per example
    try:
        for options in calls:
            torch.set_printoptions(**options)
            set_printoptions(**options)
            assert get_printoptions() == torch_get_printoptions()
    finally:
        torch.set_printoptions(profile="default")
