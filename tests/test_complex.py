"""Complex tensors (complex64, complex128): printing, promotion, ``linalg.eig``, the supported
ops, torch's refusals, and the refusal to differentiate through complex values.

The first complex tensor of a process sends every op through the checked path for good
(``autograd/complex_mode.py``), so the probe and the tests making complex tensors run in fresh
interpreters. The probe's expected lines are torch's (tests/goldens/complex.json, recorded by
tests/goldens/record_complex.py); the tests marked ``torch`` compare with torch live.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.goldens import probes, record_complex

REPO = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((REPO / "tests" / "goldens" / "complex.json").read_text(encoding="utf-8"))


def test_probe_matches_torchs_golden() -> None:
    ours = record_complex.run_probe("autograd_lab")
    assert ours == GOLDEN["lines"]


@pytest.mark.torch
def test_probe_matches_torch_live(torch) -> None:
    assert record_complex.run_probe("autograd_lab") == record_complex.run_probe("torch")


_run = probes.run_kit


def test_ops_pay_nothing_until_a_complex_tensor_exists() -> None:
    out = _run("""
        from autograd_lab.autograd import complex_mode
        from autograd_lab.autograd.record import watching
        x = t.ones(3, dtype=t.float64) * 2 + 1
        print(complex_mode.live.on, watching.count, t.complex64)
        z = t.tensor([1j])
        print(complex_mode.live.on, watching.count)
    """)
    assert out.splitlines() == ["False 0 torch.complex64", "True 1"]


def test_every_way_to_a_complex_tensor_switches_the_checks_on() -> None:
    """A complex tensor made any way (Python data, a dtype, numpy, an op of real tensors) is
    checked by the next op: a comparison is refused, never numpy's lexicographic answer."""
    ways = ["t.tensor(1 + 2j)", "t.zeros(2, dtype=t.complex128)", "t.ones(2).to(t.cfloat)",
            "t.from_numpy(__import__('numpy').array([1j]))", "t.ones(2) * 1j",
            "t.complex(t.ones(1), t.ones(1))", "t.polar(t.ones(1), t.ones(1))",
            "t.view_as_complex(t.ones(1, 2))", "t.linalg.eigvals(t.ones(2, 2))",
            "t.as_tensor(__import__('numpy').array([1j]))"]
    for way in ways:
        out = _run(f"""
            z = {way}
            try:
                z < 0
            except NotImplementedError as error:
                print(error)
        """)
        assert out.startswith('"lt_cpu" not implemented for \'Complex'), (way, out)


def test_unsupported_ops_refuse_with_the_op_named() -> None:
    out = _run("""
        z = t.tensor([1 + 2j])
        for attempt in (lambda: z.sigmoid(), lambda: t.sin(z), lambda: z.std(), lambda: z.norm(),
                        lambda: t.tanh(z), lambda: z ** t.tensor([1j])):
            try:
                attempt()
            except NotImplementedError as error:
                print(str(error).split(":")[0], "|", "does not support complex tensors" in str(error))
    """)
    assert out.splitlines() == ["sigmoid | True", "sin | True", "std | True",
                                "linalg.vector_norm | True", "tanh | True", "pow | True"]


def test_complex_values_are_never_differentiated() -> None:
    out = _run("""
        import math
        z = t.tensor([1 + 2j])
        w = t.ones(1, requires_grad=True)
        attempts = {
            "requires_grad_": lambda: z.requires_grad_(),
            "requires_grad=": lambda: t.tensor([1j], requires_grad=True),
            "with a real input requiring grad": lambda: z * w,
            "a number": lambda: w * 1j,
            "to complex": lambda: w.to(t.complex64),
            "complex()": lambda: t.complex(w, w),
            "eig": lambda: t.linalg.eig(t.eye(2, requires_grad=True)),
        }
        for name, attempt in attempts.items():
            try:
                attempt()
                print(name, "computed")
            except NotImplementedError as error:
                print(name, "|", str(error).startswith("autograd_lab does not differentiate complex"))
        with t.no_grad():
            print("no_grad", (z * w).dtype)  # nothing to differentiate: computed
        import autograd_lab.autograd.forward_ad as fwAD
        with fwAD.dual_level():
            d = fwAD.make_dual(t.ones(1), t.ones(1))
            for name, attempt in {"dual times 1j": lambda: d * 1j,
                                  "dual into complex()": lambda: t.complex(d, d),
                                  "make_dual": lambda: fwAD.make_dual(z, z)}.items():
                try:
                    attempt()
                    print(name, "computed")
                except NotImplementedError as error:
                    print(name, "|", str(error).startswith("autograd_lab does not differentiate"))
    """)
    assert out.splitlines() == [
        "requires_grad_ | True", "requires_grad= | True", "with a real input requiring grad | True",
        "a number | True", "to complex | True", "complex() | True", "eig | True",
        "no_grad torch.complex64", "dual times 1j | True", "dual into complex() | True",
        "make_dual | True"]


def test_parts_are_views_of_the_complex_tensor() -> None:
    out = _run("""
        z = t.tensor([1 + 2j, 3 - 1j])
        z.real.add_(10)
        z.imag[1] = 5
        print(z)
        z.real = t.tensor([0.5, 0.25])
        print(z, t.view_as_real(z).shape)
    """)
    assert out.splitlines() == ["tensor([11.+2.j, 13.+5.j])",
                                "tensor([0.5000+2.j, 0.2500+5.j]) torch.Size([2, 2])"]


def test_fast_path_kernels_are_not_used_for_complex_inputs() -> None:
    """The fast paths' kernels are written for real numbers (``a + b`` for an alpha of 1): complex
    inputs run the op's own rule, which is torch's ``a + alpha * b`` (an infinite part of ``b``
    makes the other part NaN, as in torch)."""
    out = _run("""
        inf = float("inf")
        z = t.tensor([complex(-0.0, 0.0)]) + t.tensor([complex(inf, 0)])
        print(z)
    """)
    assert out.strip() == "tensor([inf+nanj])"


EIG_CHECK = """
import numpy as np
g = np.random.default_rng(0)
rows = []
for n, dtype in ((2, "float64"), (5, "float64"), (6, "float32"), (4, "complex128")):
    a = g.standard_normal((n, n))
    if dtype == "complex128":
        a = a + 1j * g.standard_normal((n, n))
    A = t.tensor(a.astype(dtype))
    values, vectors = t.linalg.eig(A)
    rows.append((str(values.dtype), values.numpy().tolist(), vectors.numpy().tolist()))
print(repr(rows))
"""


def _eig_rows(module: str) -> list:
    done = subprocess.run([sys.executable, "-c", f"import {module} as t\n" + EIG_CHECK], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    return eval(done.stdout)  # noqa: S307 - our own repr of lists of numbers


def _assert_eig_agrees(ours: list, theirs: list) -> None:
    import numpy as np

    for (dtype, values, vectors), (their_dtype, their_values, their_vectors) in zip(ours, theirs):
        assert dtype == their_dtype
        tolerance = 1e-4 if dtype == "torch.complex64" else 1e-10
        # LAPACK's geev, as torch: the same eigenvalues in the same order
        np.testing.assert_allclose(values, their_values, rtol=tolerance, atol=tolerance)
        # each eigenvector the same up to a phase (unit norm, its largest component real)
        for ours_v, theirs_v in zip(np.array(vectors).T, np.array(their_vectors).T):
            phase = np.vdot(ours_v, theirs_v)
            np.testing.assert_allclose(abs(phase), 1, atol=tolerance)
            np.testing.assert_allclose(ours_v * phase, theirs_v, atol=10 * tolerance)


def test_eig_solves_the_eigenproblem() -> None:
    import numpy as np

    g = np.random.default_rng(0)
    for dtype, tolerance in (("float64", 1e-10), ("float32", 1e-4), ("complex128", 1e-10)):
        a = g.standard_normal((5, 5))
        if dtype == "complex128":
            a = a + 1j * g.standard_normal((5, 5))
        a = a.astype(dtype)
        out = _run(f"""
            import numpy as np
            values, vectors = t.linalg.eig(t.tensor(np.array({a.tolist()!r}, dtype="{dtype}")))
            print(repr((str(values.dtype), values.numpy().tolist(), vectors.numpy().tolist())))
        """)
        kind, values, vectors = eval(out)  # noqa: S307 - our own repr of lists of numbers
        assert kind == ("torch.complex64" if dtype == "float32" else "torch.complex128")
        values, vectors = np.array(values), np.array(vectors)
        np.testing.assert_allclose(a @ vectors, vectors * values, atol=tolerance * 10)
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=0), 1, atol=tolerance)


@pytest.mark.torch
def test_eig_matches_torch_live(torch) -> None:
    _assert_eig_agrees(_eig_rows("autograd_lab"), _eig_rows("torch"))
