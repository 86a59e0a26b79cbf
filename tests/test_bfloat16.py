"""bfloat16 tensors: made, converted (rounded to nearest even through float32, as torch), printed,
moved; every op that would compute with them refuses, and nothing is differentiated through them.

The first bfloat16 array of a process sends every op through the checked path for good
(``autograd/bfloat16_mode.py``), so the probe and these tests run in fresh interpreters. The
probe's expected lines are torch's (tests/goldens/bfloat16.json, recorded by
tests/goldens/record_bfloat16.py); the test marked ``torch`` compares with torch live.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.goldens import probes, record_bfloat16

REPO = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((REPO / "tests" / "goldens" / "bfloat16.json").read_text(encoding="utf-8"))


def test_probe_matches_torchs_golden() -> None:
    assert record_bfloat16.run_probe("autograd_lab") == GOLDEN["lines"]


@pytest.mark.torch
def test_probe_matches_torch_live(torch) -> None:
    assert record_bfloat16.run_probe("autograd_lab") == record_bfloat16.run_probe("torch")


def _rounded_to_bfloat16(values: np.ndarray) -> np.ndarray:
    """The reference: float64 values rounded to float32, then to bfloat16 by their bits (round to
    nearest, ties to even; NaN stays NaN), returned as float64."""
    bits = values.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16).astype(np.uint32)
    out = rounded.view(np.float32).astype(np.float64)
    return np.where(np.isnan(values), np.nan, out)


def test_conversions_round_as_the_bits_say() -> None:
    """Every way in (Python floats, float64 and float32 tensors, numpy arrays, a fill value, a
    write) rounds through float32 to nearest even: numpy's own float64-to-bfloat16 cast rounds
    straight from float64 and differs next to the midpoints (1 + 2**-8 + 2**-30 is 1.0078125
    there, 1.0 in torch)."""
    g = np.random.default_rng(11)
    ones = 1 + (2 * g.integers(0, 128, 2000) + 1) * 2.0**-8  # bfloat16 midpoints in [1, 2)
    values = np.concatenate([ones + g.choice([-1, 1], 2000) * 2.0**-30, ones,
                             g.standard_normal(2000) * 10.0 ** g.integers(-45, 39, 2000)])
    out = probes.run_kit(f"""
        import numpy as np
        values = np.array({values.tolist()!r})
        bf = t.bfloat16
        ways = [t.tensor(values.tolist(), dtype=bf), t.tensor(values).to(bf),
                t.tensor(values, dtype=t.float64).bfloat16(), t.tensor(values, dtype=bf),
                t.tensor(values.astype(np.float32)).bfloat16()]
        written = t.zeros(len(values), dtype=bf)
        written.copy_(t.tensor(values))
        ways.append(written)
        filled = [t.full((1,), v, dtype=bf) for v in values[:50]]
        ways.append(t.cat(filled))
        print(repr([w.double().tolist() for w in ways]))
    """)
    expected = _rounded_to_bfloat16(values)
    for way, got in enumerate(eval(out)):  # noqa: S307 - our own repr of lists of floats
        np.testing.assert_array_equal(np.array(got), expected[:len(got)], err_msg=f"way {way}")


def test_ops_pay_nothing_until_a_bfloat16_tensor_exists() -> None:
    out = probes.run_kit("""
        import sys
        from autograd_lab.autograd import bfloat16_mode
        from autograd_lab.autograd.record import watching
        x = t.ones(3) * 2 + 1
        print(bfloat16_mode.live.on, watching.count, t.bfloat16, "ml_dtypes" in sys.modules)
        y = t.ones(2, dtype=t.bfloat16)
        print(bfloat16_mode.live.on, watching.count, "ml_dtypes" in sys.modules)
    """)
    assert out.splitlines() == ["False 0 torch.bfloat16 False", "True 1 True"]


def test_ops_that_compute_refuse_with_the_op_named() -> None:
    """Every op that would compute new values from bfloat16 inputs refuses (torch's rules for them
    are not float32's rounded: ``x + 0.1`` rounds 0.1 to bfloat16 first, ``x * 0.1`` does not),
    including the ops that have fast-path kernels."""
    out = probes.run_kit("""
        import autograd_lab.nn.functional as F
        x = t.ones(2, 2, dtype=t.bfloat16)
        attempts = {"add": lambda: x + x, "mul": lambda: x * 0.1, "sum": lambda: x.sum(),
                    "eq": lambda: x == x, "matmul": lambda: x @ x, "exp": lambda: t.exp(x),
                    "relu": lambda: F.relu(x), "mean": lambda: x.mean(), "neg": lambda: -x,
                    "linear": lambda: t.nn.Linear(2, 2).bfloat16().requires_grad_(False)(x),
                    "linspace": lambda: t.linspace(0, 1, 5, dtype=t.bfloat16),
                    "arange": lambda: t.arange(0, 1, 0.1, dtype=t.bfloat16)}
        for name, attempt in attempts.items():
            try:
                attempt()
                print(name, "computed")
            except NotImplementedError as error:
                print(name, "|", str(error).split(":")[0], "|", "bfloat16" in str(error))
        try:
            x.numpy()
        except TypeError as error:
            print("numpy |", error)
    """)
    assert out.splitlines() == [
        "add | add | True", "mul | mul | True", "sum | sum | True", "eq | eq | True",
        "matmul | mm | True", "exp | exp | True", "relu | relu | True", "mean | mean | True",
        "neg | neg | True", "linear | addmm | True",
        "linspace | linspace with dtype=torch.bfloat16 | True",
        "arange | arange with dtype=torch.bfloat16 | True",
        "numpy | Got unsupported ScalarType BFloat16"]


def test_only_conversions_and_views_are_differentiated_in_bfloat16() -> None:
    """Reverse mode goes through the ops whose backward converts or moves the gradient (their
    gradients are the golden's, torch's); any other op recording a bfloat16 value, and forward
    mode through one, raises."""
    out = probes.run_kit("""
        w = t.ones(2, requires_grad=True)
        leaf = t.ones(2, dtype=t.bfloat16, requires_grad=True)
        attempts = {"to bfloat16": lambda: w.bfloat16(), "to float": lambda: leaf.float(),
                    "a view": lambda: leaf.view(2, 1), "an index": lambda: leaf[0],
                    "expand": lambda: leaf.expand(3, 2), "cat": lambda: t.cat([leaf, leaf])}
        for name, attempt in attempts.items():
            try:
                attempt()
                print(name, "computed")
            except NotImplementedError as error:
                print(name, "|", str(error).startswith("autograd_lab does not differentiate through"
                                                        " bfloat16"))
        with t.no_grad():
            print("no_grad", leaf[0].dtype, t.cat([leaf, leaf]).dtype)
        print("detached", leaf.detach()[0].dtype)
        import autograd_lab.autograd.forward_ad as fwAD
        with fwAD.dual_level():
            d = fwAD.make_dual(t.ones(1), t.ones(1))
            try:
                d.bfloat16()
            except NotImplementedError as error:
                print("dual |", "forward mode" in str(error))
    """)
    assert out.splitlines() == ["to bfloat16 computed", "to float computed", "a view computed",
                                "an index | True", "expand | True", "cat | True",
                                "no_grad torch.bfloat16 torch.bfloat16", "detached torch.bfloat16",
                                "dual | True"]


def test_save_and_load_keep_bfloat16_tensors_bit_for_bit(tmp_path: Path) -> None:
    """The .npy format has no bfloat16 type: its tensors are stored as their bits and come back
    as bfloat16 tensors (numpy would have written opaque 2-byte records that load as nothing a
    tensor can hold)."""
    out = probes.run_kit(f"""
        path = {str(tmp_path / "weights.pt")!r}
        m = t.nn.Linear(3, 2).bfloat16()
        x = t.tensor([1 / 3, -2.5, float("nan"), float("-inf"), -0.0], dtype=t.bfloat16)
        with t.device("meta"):
            shape_only = t.zeros(4, 5, dtype=t.bfloat16)
        t.save({{"x": x, "state": m.state_dict(), "meta": shape_only, "f": t.ones(2)}}, path)
        back = t.load(path)
        same = lambda a, b: a.float().tolist() == b.float().tolist() or str(a) == str(b)
        print(back["x"].dtype, back["x"], back["x"].float().tolist()[:2] == x.float().tolist()[:2])
        print([(k, v.dtype, same(v, m.state_dict()[k])) for k, v in back["state"].items()])
        print(back["meta"].dtype, back["meta"].shape, back["meta"].is_meta, back["f"].dtype)
        fresh = t.nn.Linear(3, 2).bfloat16()
        fresh.load_state_dict(back["state"])
        print(fresh.weight.float().tolist() == m.weight.float().tolist())
    """)
    assert out.splitlines() == [
        "torch.bfloat16 tensor([ 0.3340, -2.5000,     nan,    -inf, -0.0000], dtype=torch.bfloat16) True",
        "[('weight', torch.bfloat16, True), ('bias', torch.bfloat16, True)]",
        "torch.bfloat16 torch.Size([4, 5]) True torch.float32",
        "True"]
