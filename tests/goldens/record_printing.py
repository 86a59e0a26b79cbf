"""Record torch's tensor repr for a broad table of arrays (golden data for tests/test_printing.py).

Each case stores the exact values of the printed tensor, so the test rebuilds the same array
without torch:

* ``values``: the flat values; floats as JSON numbers holding the exact double of each float32
  or float16 value (``-0.0`` included), with ``"nan"``, ``"inf"``, ``"-inf"`` as strings.
  Large arrays store a shorter block that ``numpy.resize`` repeats to ``shape``.
* ``dtype``: the torch dtype name; ``shape``: the tensor's shape.
* ``options``: keyword arguments given to ``set_printoptions`` first (reset to the default
  profile after each case), or null.
* ``suffixes``: the autograd items torch printed (``requires_grad=True`` or ``grad_fn=<...>``).
* ``expected``: ``repr(tensor)``.

Only :func:`record` imports torch; :func:`decode_array` is shared with the tests.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

SEED = 20260125
NAN, INF = math.nan, math.inf
# Above this many elements a case stores a block that numpy.resize repeats to the full shape.
MAX_STORED_VALUES = 2048


def encode_values(flat: np.ndarray) -> list[Any]:
    """JSON-able exact values: Python ints/bools, floats as exact doubles, non-finite as strings."""
    if flat.dtype.kind == "f":
        return [value if math.isfinite(value) else str(value)
                for value in flat.astype(np.float64).tolist()]
    return flat.tolist()


def decode_array(values: list[Any], shape: list[int], dtype_name: str) -> np.ndarray:
    """Rebuild a case's array: the stored values, repeated (numpy.resize) to fill ``shape``."""
    if dtype_name.startswith("float"):
        block = np.array([float(value) for value in values], dtype=np.float64).astype(dtype_name)
    else:
        block = np.array(values, dtype=dtype_name)
    return np.resize(block, tuple(shape))


# --------------------------------------------------------------------------- the case table

def _case(name: str, array: Any, dtype: str, *, options: dict | None = None,
          autograd: str | None = None, block: np.ndarray | None = None) -> dict:
    """One table row; ``block``, if given, is what ``numpy.resize`` repeats into ``array``."""
    array = np.asarray(array, dtype=dtype)
    return {"name": name, "array": array, "dtype": dtype, "options": options,
            "autograd": autograd, "block": block}


def _tiled(name: str, block: np.ndarray, shape: tuple[int, ...], dtype: str, **kwargs) -> dict:
    """A large case stored as ``block`` repeated to ``shape``."""
    block = np.asarray(block, dtype=dtype).reshape(-1)
    return _case(name, np.resize(block, shape), dtype, block=block, **kwargs)


def _scalar_cases() -> list[dict]:
    scalars = [
        ("f32_three", 3.0, "float32"), ("f32_three_half", 3.5, "float32"),
        ("f32_neg_zero", -0.0, "float32"), ("f32_zero", 0.0, "float32"),
        ("f32_nan", NAN, "float32"), ("f32_inf", INF, "float32"), ("f32_neg_inf", -INF, "float32"),
        ("f32_1e10", 1e10, "float32"), ("f32_1e-6", 1e-6, "float32"),
        ("f32_123456_789", 123456.789, "float32"), ("f32_1e-4", 1e-4, "float32"),
        ("f64_1e-4", 1e-4, "float64"), ("f64_point_one", 0.1, "float64"),
        ("f64_pi", math.pi, "float64"), ("f16_one_half", 1.5, "float16"),
        ("i64_seven", 7, "int64"), ("i64_negative", -123, "int64"), ("i32_five", 5, "int32"),
        ("bool_true", True, "bool"), ("bool_false", False, "bool"),
    ]
    return [_case(f"scalar_{name}", value, dtype) for name, value, dtype in scalars]


def _float_vector_cases() -> list[dict]:
    vectors = {
        "integral": [1, 2, 3],
        "integral_negative": [-1, -20, 300],
        "fractions": [1.5, 2.25, -3.125],
        "tenths": [0.1, 0.2, 0.3],
        "rounding_halves": [0.00005, 0.00015, 1.00005, 2.5, 0.12345],
        "ratio_1000": [1, 1000],
        "ratio_over_1000": [1, 1000.5],
        "ratio_just_over": [0.001, 1.0001],
        "max_1e8": [1e8],
        "max_over_1e8": [1.5e8],
        "max_1e8_fraction": [1e8, 0.5e8 + 0.5],
        "min_1e-4": [1e-4, 0.5],
        "min_over_1e-4": [0.00011, 0.05],
        "int_sci": [1, 1e9],
        "small_and_one": [1e-5, 1],
        "huge_and_tiny": [1e20, -1e-20],
        "subnormal": [1e-45, 1.0],
        "all_nan": [NAN, NAN, NAN],
        "all_inf": [INF, -INF],
        "nonfinite_int": [NAN, INF, -INF, 1],
        "nan_fraction": [NAN, 1.5],
        "inf_sci": [INF, 1e-5, 3],
        "neg_inf_int": [-INF, 2],
        "neg_zero": [-0.0],
        "neg_zero_zero": [-0.0, 0.0],
        "neg_zero_int": [-0.0, 1],
        "neg_zero_fraction": [-0.0, 1.5],
        "neg_zero_sci": [-0.0, 1e-5, 1],
        "zeros": [0, 0, 0],
        "big_integral": [123456789, 1],
        "negative_fractions": [-0.5, -1234.5678, 99.99999],
        "carry_rounding": [9.99995, 0.5],
        "sci_carry": [9.99995e-5, 1],
    }
    cases = []
    for dtype in ("float32", "float64"):
        cases += [_case(f"vector_{dtype}_{name}", values, dtype)
                  for name, values in vectors.items()]
    cases.append(_case("vector_float64_exponent_3_digits", [1e-300, 1e300], "float64"))
    cases.append(_case("vector_float64_min_subnormal", [5e-324, 1.0], "float64"))
    cases.append(_case("vector_float64_many_digits", [1.23456789012345, 2.0], "float64"))
    cases.append(_case("vector_float16_mixed", [0.1, 65504, -2.5, NAN], "float16"))
    return cases


def _integer_and_bool_cases(rng: np.random.Generator) -> list[dict]:
    int64 = np.iinfo(np.int64)
    return [
        _case("int64_small", [1, 2, 3], "int64"),
        _case("int64_negative", [-5, 10, -200], "int64"),
        _case("int64_extremes", [int64.min, 0, int64.max], "int64"),
        _case("int64_matrix_widths", [[1, -22222], [333, 4]], "int64"),
        _case("int64_random_matrix", rng.integers(-10**6, 10**6, (5, 7)), "int64"),
        _case("int64_wrap", np.arange(100), "int64"),
        _case("int32_vector", [7, -8, 9], "int32"),
        _case("int16_vector", [300, -3], "int16"),
        _case("uint8_vector", [0, 255, 17], "uint8"),
        _case("bool_vector", [True, False, True], "bool"),
        _case("bool_all_true", [True, True], "bool"),
        _case("bool_matrix", rng.random((3, 4)) > 0.5, "bool"),
        _case("bool_3d", rng.random((3, 1, 2)) > 0.5, "bool"),
    ]


def _empty_cases() -> list[dict]:
    shapes = [("float32", (0,)), ("float64", (0,)), ("int64", (0,)), ("bool", (0,)),
              ("float16", (0,)), ("int32", (0,)), ("float32", (0, 3)), ("float32", (3, 0)),
              ("int64", (2, 0, 4)), ("float64", (0, 0))]
    return [_case(f"empty_{dtype}_{'x'.join(map(str, shape))}", np.zeros(shape), dtype)
            for dtype, shape in shapes]


def _layout_cases(rng: np.random.Generator) -> list[dict]:
    """Alignment, wrapping and nesting of multi-dimensional tensors."""
    normal = rng.standard_normal
    return [
        _case("matrix_alignment", [[1, -10], [100, 2.5]], "float32"),
        _case("matrix_integral", [[1, -10], [100, 2]], "float32"),
        _case("matrix_random", normal((4, 5)), "float32"),
        _case("matrix_float64_large", normal((5, 3)) * 1e5, "float64"),
        _case("matrix_nan_inf", [[NAN, 1.25], [-INF, 3]], "float32"),
        _case("matrix_neg_zero", [[-0.0, 1], [2, -0.0]], "float32"),
        _case("matrix_zeros", np.zeros((2, 3)), "float32"),
        _case("wrap_floats", np.linspace(-3, 3, 30), "float32"),
        _case("wrap_sci", normal(20) * 1e-6, "float32"),
        _case("wrap_matrix", normal((3, 25)), "float32"),
        _case("wrap_3d", normal((2, 2, 30)), "float64"),
        _case("tensor_3d", normal((2, 3, 4)), "float32"),
        _case("tensor_3d_single_blocks", normal((3, 1, 2)), "float32"),
        _case("tensor_4d_int", rng.integers(-9, 99, (2, 2, 2, 2)), "int64"),
        _case("tensor_4d_float64", normal((2, 3, 2, 2)), "float64"),
        _case("tensor_5d", normal((2, 1, 2, 1, 2)), "float32"),
        _case("tensor_4d_sci", normal((2, 2, 2, 3)) * 1e9, "float32"),
    ]


def _summarized_cases(rng: np.random.Generator) -> list[dict]:
    normal = rng.standard_normal
    hidden_outlier = np.ones(2000)
    hidden_outlier[1000] = 1e10  # not among the edge items, so not seen by the formatter
    return [
        _case("summary_1000_not_summarized", normal(1000), "float32"),
        _case("summary_1001", normal(1001), "float32"),
        _case("summary_2x501", normal((2, 501)), "float32"),
        _case("summary_hidden_outlier", hidden_outlier, "float32"),
        _case("summary_bool_2000", rng.random(2000) > 0.5, "bool"),
        _case("summary_int_1500", rng.integers(-10**9, 10**9, 1500), "int64"),
        _tiled("summary_40x40", normal(97), (40, 40), "float32"),
        _tiled("summary_1000x1000", normal(101), (1000, 1000), "float32"),
        _tiled("summary_3d_11", normal(89), (11, 11, 11), "float64"),
        _tiled("summary_4d_7", rng.integers(-50, 50, 83), (7, 7, 7, 7), "int64"),
        _tiled("summary_200x5", normal(83), (200, 5), "float32"),
        _tiled("summary_5x300", normal(79), (5, 300), "float32"),
        _tiled("summary_2x2x300", normal(73), (2, 2, 300), "float32"),
        _tiled("summary_sci", normal(71) * 1e-7, (60, 60), "float32"),
    ]


def _random_magnitude_cases(rng: np.random.Generator) -> list[dict]:
    """Random-ish data at magnitudes from 1e-6 to 1e10, in a few shapes."""
    cases = []
    shapes = [(7,), (3, 4), (2, 2, 3)]
    for exponent in range(-6, 11, 2):
        for dtype in ("float32", "float64"):
            shape = shapes[(exponent + 6) // 2 % len(shapes)]
            values = rng.standard_normal(shape) * 10.0**exponent
            cases.append(_case(f"random_{dtype}_1e{exponent}", values, dtype))
    cases.append(_case("random_log_uniform", 10.0 ** rng.uniform(-6, 10, 12), "float32"))
    cases.append(_case("random_integral_floats", rng.integers(-999, 999, (3, 5)), "float32"))
    return cases


def _option_cases(rng: np.random.Generator) -> list[dict]:
    """The same few arrays printed under changed print options."""
    normal = rng.standard_normal
    matrix = normal((4, 6))
    wide = normal(40) * 100
    option_sets = {
        "sci_on": {"sci_mode": True},
        "sci_off": {"sci_mode": False},
        "precision_0": {"precision": 0},
        "precision_1": {"precision": 1},
        "precision_8": {"precision": 8},
        "precision_10": {"precision": 10},
        "profile_short": {"profile": "short"},
        "profile_default": {"profile": "default"},
        "linewidth_40": {"linewidth": 40},
        "linewidth_10": {"linewidth": 10},
        "linewidth_120": {"linewidth": 120},
        "edgeitems_1_threshold_5": {"edgeitems": 1, "threshold": 5},
        "precision_2_sci_on": {"precision": 2, "sci_mode": True},
    }
    cases = []
    for name, options in option_sets.items():
        cases.append(_case(f"options_{name}_matrix", matrix, "float32", options=options))
        cases.append(_case(f"options_{name}_wide", wide, "float64", options=options))
    cases += [
        _case("options_sci_on_integral", [1, 2, 3], "float32", options={"sci_mode": True}),
        _case("options_sci_on_zeros", [0, 0], "float32", options={"sci_mode": True}),
        _case("options_sci_on_nan", [NAN, 2.5], "float32", options={"sci_mode": True}),
        _case("options_sci_on_int64", [1, 2], "int64", options={"sci_mode": True}),
        _case("options_sci_off_huge", [1e-8, 1e10], "float64", options={"sci_mode": False}),
        _case("options_sci_off_1e20", [1e20], "float32", options={"sci_mode": False}),
        _case("options_precision_0_sci", [1e-5, 1], "float32", options={"precision": 0}),
        _case("options_threshold_5_arange", np.arange(10), "int64", options={"threshold": 5}),
        _case("options_threshold_0_small", [1.5, 2], "float32", options={"threshold": 0}),
        _case("options_profile_full_1001", normal(1001), "float32", options={"profile": "full"}),
        _case("options_profile_full_40x40", normal((40, 40)), "float32",
              options={"profile": "full"}),
        _case("options_profile_short_summary", normal((10, 200)), "float32",
              options={"profile": "short"}),
        _case("options_edgeitems_0_vector", normal(2000), "float32", options={"edgeitems": 0}),
        _case("options_edgeitems_0_small", [1.5, 2], "float32", options={"edgeitems": 0}),
        _tiled("options_edgeitems_0_matrix", normal(61), (50, 50), "float32",
               options={"edgeitems": 0}),
        _tiled("options_edgeitems_10", normal(59), (30, 30), "float32",
               options={"edgeitems": 10}),
        _case("options_edgeitems_0_int_matrix", [[1, 2], [3, 4]], "int64",
              options={"edgeitems": 0, "threshold": 0}),
        _case("options_edgeitems_0_bool_3d", np.ones((2, 1, 2)), "bool",
              options={"edgeitems": 0, "threshold": 3}),
        _case("options_linewidth_10_3d", normal((2, 2, 3)), "float32", options={"linewidth": 10}),
    ]
    return cases


def _autograd_cases(rng: np.random.Generator) -> list[dict]:
    """Tensors printed with requires_grad / grad_fn suffixes, built in torch by ``autograd``."""
    normal = rng.standard_normal
    cases = [
        _case("autograd_leaf_ones", np.ones(2), "float32", autograd="leaf"),
        _case("autograd_mul_ones", np.ones(2), "float32", autograd="mul"),
        _case("autograd_leaf_matrix", normal((3, 4)), "float32", autograd="leaf"),
        _case("autograd_mul_matrix", normal((3, 4)), "float32", autograd="mul"),
        _case("autograd_sum_scalar", normal(5), "float32", autograd="sum"),
        _case("autograd_leaf_float64", [1.5, 2], "float64", autograd="leaf"),
        _case("autograd_mul_float64", [1.5, 2], "float64", autograd="mul"),
        _case("autograd_leaf_empty_0x3", np.zeros((0, 3)), "float64", autograd="leaf"),
        _case("autograd_leaf_empty", np.zeros(0), "float32", autograd="leaf"),
        _case("autograd_transpose", normal((2, 3)), "float32", autograd="transpose"),
        _case("autograd_leaf_summary", normal(1500), "float32", autograd="leaf"),
        _case("autograd_leaf_linewidth_40", normal(6), "float64", autograd="leaf",
              options={"linewidth": 40}),
    ]
    # Vectors whose last line ends just before / after the point where a suffix must wrap.
    for length in range(5, 16):
        values = np.linspace(-1.5, 1.5, length)
        cases.append(_case(f"autograd_wrap_{length}", values, "float64", autograd="leaf"))
        cases.append(_case(f"autograd_wrap_mul_{length}", values, "float32", autograd="mul"))
    return cases


def build_cases() -> list[dict]:
    """The whole table, generated from a fixed seed (numpy only)."""
    rng = np.random.default_rng(SEED)
    cases = [*_scalar_cases(), *_float_vector_cases(), *_integer_and_bool_cases(rng),
             *_empty_cases(), *_layout_cases(rng), *_summarized_cases(rng),
             *_random_magnitude_cases(rng), *_option_cases(rng), *_autograd_cases(rng)]
    names = [case["name"] for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"duplicate case names: {sorted(duplicates)}"
    return cases


# --------------------------------------------------------------------------- recording

def _autograd_tensor(torch: Any, array: np.ndarray, autograd: str | None) -> Any:
    """The torch tensor a case prints: the array itself, or an autograd result built from it."""
    tensor = torch.from_numpy(array.copy())
    if autograd is None:
        return tensor
    leaf = tensor.requires_grad_()
    builders = {"leaf": lambda: leaf, "mul": lambda: leaf * 2, "sum": leaf.sum,
                "transpose": lambda: leaf.t()}
    return builders[autograd]()


def torch_suffixes(tensor: Any) -> list[str]:
    """The autograd items torch appends (what the Tensor class passes to format_tensor)."""
    if tensor.grad_fn is not None:
        return [f"grad_fn=<{type(tensor.grad_fn).__name__}>"]
    return ["requires_grad=True"] if tensor.requires_grad else []


def _record_case(torch: Any, case: dict) -> dict:
    tensor = _autograd_tensor(torch, case["array"], case["autograd"])
    printed = tensor.detach().numpy()
    block = case["block"] if case["block"] is not None else printed.reshape(-1)
    assert block.size <= MAX_STORED_VALUES, f"{case['name']}: store a block, not every value"
    entry = {"dtype": case["dtype"], "shape": list(printed.shape), "values": encode_values(block),
             "options": case["options"], "suffixes": torch_suffixes(tensor)}
    rebuilt = decode_array(entry["values"], entry["shape"], entry["dtype"])
    assert rebuilt.tobytes() == printed.tobytes(), f"{case['name']}: values do not round-trip"
    if case["options"]:
        torch.set_printoptions(**case["options"])
    try:
        entry["expected"] = repr(tensor)
    finally:
        torch.set_printoptions(profile="default")
    return entry


def record() -> dict:
    """Every case of the table, with the text torch prints for it."""
    import torch

    torch.set_printoptions(profile="default")
    cases = {case["name"]: _record_case(torch, case) for case in build_cases()}
    return {"torch_version": torch.__version__, "cases": cases}
