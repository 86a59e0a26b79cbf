"""Float32 matrix products round as torch's do, bit for bit, where autograd_lab sums in torch's order
(autograd_lab/_matmul_rounding.py: MKL's kernel for few rows or columns, torch's loop for small
``bmm``).

Goldens (tests/goldens/matmul_rounding.json, from tests/goldens/record_matmul_rounding.py) run without
torch; where torch is installed, the same cases and a random sweep of shapes in the region are
compared live.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import autograd_lab
from tests.goldens import record_matmul_rounding as recorder

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "matmul_rounding.json").read_text())


def _from_bits(values: list[int], shape: tuple[int, ...]) -> np.ndarray:
    return np.array(values, dtype=np.uint32).view(np.float32).reshape(shape)


def _differing(ours: np.ndarray, theirs: np.ndarray) -> str:
    """Where two float32 arrays differ in any bit ('' when they are the same)."""
    if ours.shape != theirs.shape:
        return f"shape {ours.shape} != {theirs.shape}"
    where = np.argwhere(ours.view(np.uint32) != theirs.view(np.uint32))
    if not len(where):
        return ""
    index = tuple(where[0])
    return (f"{len(where)} of {ours.size} elements differ, first at {index}: "
            f"{ours[index]!r} != {theirs[index]!r}")


def test_goldens_are_current() -> None:
    assert set(GOLDEN["cases"]) == set(recorder.CASES), \
        "re-record: scripts/record_goldens.py matmul_rounding"


def _layout_of_linear_s_weight_gradient(request: pytest.FixtureRequest, name: str) -> None:
    """linear's weight gradient comes out in torch's layout, ``(grad.T @ x).T``, from the fast path
    (fast_paths.py's ``addmm_backward``); Addmm's rule computes ``x.T @ grad``, which sums the same
    terms in an order that can round apart in the last bits (README, known differences): those
    cases run with the fast paths on."""
    if name.startswith("linear_backward"):
        request.getfixturevalue("fast_paths_on")


@pytest.mark.parametrize("name", sorted(recorder.CASES))
def test_product_matches_torch_golden_bitwise(request: pytest.FixtureRequest, name: str) -> None:
    _layout_of_linear_s_weight_gradient(request, name)
    case = GOLDEN["cases"][name]
    arrays = [_from_bits(values, shape)
              for values, shape in zip(case["inputs"], recorder.CASES[name][1], strict=True)]
    for ref, array in zip(recorder.inputs(name), arrays, strict=True):
        assert np.array_equal(ref.view(np.uint32), array.view(np.uint32)), "inputs re-drawn differently"
    ours = recorder.compute(autograd_lab, name, arrays)
    assert len(ours) == len(case["results"])
    for result, golden in zip(ours, case["results"], strict=True):
        problem = _differing(result, _from_bits(golden["bits"], tuple(golden["shape"])))
        assert not problem, problem


@pytest.mark.parametrize("name", sorted(recorder.CASES))
def test_product_matches_torch_live_bitwise(request: pytest.FixtureRequest, torch,
                                            name: str) -> None:
    _layout_of_linear_s_weight_gradient(request, name)
    arrays = recorder.inputs(name)
    for ours, theirs in zip(recorder.compute(autograd_lab, name, arrays),
                            recorder.compute(torch, name, arrays), strict=True):
        problem = _differing(ours, theirs)
        assert not problem, problem


def _random_case(rng: np.random.Generator) -> tuple[str, list[np.ndarray]]:
    """A product in the region: few rows (m <= 3) or few columns (n <= 11), any inner size up to the
    emulation's size limit (2**16 multiply-adds); for ``bmm`` (a batch of 3) also products under
    torch's loop threshold (k * m * n < 400)."""
    kind = str(rng.choice(["mm", "mm_tn", "mm_tt", "addmm", "bmm"]))
    few_rows = rng.random() < 0.4
    m = int(rng.integers(1, 4) if few_rows else rng.integers(1, 70))
    n = int(rng.integers(1, 60) if few_rows else rng.integers(1, 12))
    k = int(rng.integers(1, 20) if rng.random() < 0.5 else rng.integers(1, 300))
    if n == 1 and m > 1 and kind != "mm_tn":  # a matrix-vector product for MKL: another order
        n = 2
    if kind == "mm_tt" and m == 1:  # (both transposed: in order from two rows)
        m = 2
    k = min(k, 2 ** 16 // (m * n * (3 if kind == "bmm" else 1)))
    draw = lambda *shape: rng.standard_normal(shape).astype(np.float32)  # noqa: E731
    if kind == "mm":
        return kind, [draw(m, k), draw(k, n)]
    if kind == "mm_tn":
        return kind, [draw(k, m), draw(k, n)]
    if kind == "mm_tt":
        return kind, [draw(k, m), draw(n, k)]
    if kind == "addmm":
        return kind, [draw(n) if rng.random() < 0.5 else draw(m, n), draw(m, k), draw(k, n)]
    return kind, [draw(3, m, k), draw(3, k, n)]


def _run(t, kind: str, arrays: list[np.ndarray]) -> np.ndarray:
    x = [t.tensor(array) for array in arrays]
    if kind == "mm":
        return (x[0] @ x[1]).numpy()
    if kind == "mm_tn":
        return (x[0].t() @ x[1]).numpy()
    if kind == "mm_tt":
        return (x[0].t() @ x[1].t()).numpy()
    if kind == "addmm":
        return t.addmm(*x).numpy()
    return t.bmm(*x).numpy()


def test_random_products_in_the_region_match_torch_live_bitwise(torch) -> None:
    rng = np.random.default_rng(7)
    failures = []
    for _ in range(300):
        kind, arrays = _random_case(rng)
        problem = _differing(_run(autograd_lab, kind, arrays), _run(torch, kind, arrays))
        if problem:
            failures.append(f"{kind} {[a.shape for a in arrays]}: {problem}")
    assert not failures, "\n".join(failures[:10])


def test_products_outside_the_region_stay_numpy() -> None:
    """Wider products, other layouts, float64 and matrix-vector products are numpy's ``@``."""
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((16, 40)).astype(np.float32), rng.standard_normal((40, 16))
    b = b.astype(np.float32)
    t = autograd_lab
    assert np.array_equal((t.tensor(a) @ t.tensor(b)).numpy(), a @ b)
    w = rng.standard_normal((5, 40)).astype(np.float32)
    assert np.array_equal((t.tensor(a) @ t.tensor(w).t()).numpy(), a @ w.T)
    assert np.array_equal((t.tensor(a.astype(np.float64)) @ t.tensor(w.T.astype(np.float64))).numpy(),
                          a.astype(np.float64) @ w.T.astype(np.float64))
    v = rng.standard_normal(40).astype(np.float32)
    assert np.array_equal((t.tensor(a) @ t.tensor(v)).numpy(), a @ v)


def test_compiled_products_round_as_eager_ones(fast_paths_on) -> None:  # (linear: see above)
    """t.compile's generated code calls the same function where eager sums in torch's order (its
    forward and the backward's products, also a weight gradient written in the weight's layout)."""
    rng = np.random.default_rng(5)
    t = autograd_lab
    t.manual_seed(0)
    model = t.nn.Linear(5, 20)  # x.T @ g is outside the region, g.T @ x (eager's layout) inside
    weight = t.tensor(rng.standard_normal((16, 7)).astype(np.float32))
    for function, x in ((lambda x: model(x).tanh(), rng.standard_normal((32, 5))),
                        (lambda x: (x @ weight).tanh(), rng.standard_normal((5, 16)))):
        results = []
        compiled = t.compile(function)
        compiled(t.tensor(x.astype(np.float32), requires_grad=True))  # (traced: runs eagerly)
        for run in (compiled, function):
            inp = t.tensor(x.astype(np.float32), requires_grad=True)
            model.zero_grad()
            out = run(inp)
            out.sum().backward()
            results.append([out.detach().numpy(), inp.grad.numpy(), model.weight.grad.numpy()
                            if model.weight.grad is not None else None])
        for compiled, eager in zip(*results, strict=True):
            if eager is not None:
                assert not _differing(compiled, eager), _differing(compiled, eager)
