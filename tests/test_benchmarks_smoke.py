"""Smoke test of the benchmark harness (``benchmarks/``): every workload once, tiny, no timing asserted.

Each workload checks its own gradients against the hand-written numpy reference and raises
``GradientMismatch`` when one is wrong, so running it is the check; these tests add that the result
has the shape the table needs, that a wrong gradient is indeed caught, and that the README block is
replaced in place. torch is left out here (it is slow to import); the ``torch`` group runs the
workloads against it too.
"""

from __future__ import annotations

import datetime
import importlib.util

import numpy as np
import pytest

from benchmarks import harness, run
from benchmarks.chain import START_VECTOR, make_chain
from benchmarks.harness import Config, GradientMismatch, check_gradients

QUICK = Config(quick=True)
ROW_KEYS = {"workload", "unit", "ours", "numpy", "torch", "micrograd", "target", "met", "note"}
RESULT_KEYS = {"name", "rows", "checked", "notes"}
# the workloads whose gradients ours is checked against numpy (trace_overhead checks its variants)
CHECKED_OURS = {"small_ops", "scalar_chain", "mlp_step", "big_matmul", "broadcast_reduce", "deep_chain",
                "makemore_bigrams"}


@pytest.fixture
def without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "TORCH_ENABLED", False)


def _check_result(name: str, outcome: dict) -> None:
    assert set(outcome) == RESULT_KEYS
    assert outcome["name"] == name
    assert outcome["rows"], f"{name} produced no row"
    for line in outcome["rows"]:
        assert set(line) == ROW_KEYS
        assert line["workload"].startswith(name.split("_")[0])
        assert line["met"] in (True, False, None)
        for column in ("ours", "numpy", "torch", "micrograd"):
            assert line[column] is None or line[column] >= 0
    if name in CHECKED_OURS:
        assert "ours" in outcome["checked"]
        assert all(line["ours"] is not None and line["numpy"] is not None
                   for line in outcome["rows"][:1])


@pytest.mark.parametrize("name", run.WORKLOADS)
def test_workload_runs_quick_and_its_gradient_check_passes(name: str, without_torch: None) -> None:
    outcome = run.workload_functions()[name](QUICK)
    _check_result(name, outcome)
    if name == "trace_overhead":
        assert outcome["checked"] == ["untraced (ours)", "recording (ours)", "with picture (ours)",
                                      "%%trace cell (ours)"]
    if name == "scalar_chain" and importlib.util.find_spec("micrograd") is not None:
        assert "micrograd" in outcome["checked"]
        assert outcome["rows"][0]["micrograd"] is not None
    if name == "widget_redraw" and importlib.util.find_spec("benchmarks.widget_redraw") is None:
        assert outcome["rows"][0]["ours"] is None and "skipped" in outcome["rows"][0]["note"]


@pytest.mark.parametrize("name", ["small_ops", "mlp_step", "big_matmul", "broadcast_reduce",
                                  "makemore_bigrams"])
def test_workload_checks_against_torch(name: str, torch) -> None:
    outcome = run.workload_functions()[name](QUICK)
    _check_result(name, outcome)
    assert outcome["checked"][:2] == ["ours", "torch"]
    assert outcome["rows"][0]["torch"] is not None


def test_a_wrong_gradient_is_caught() -> None:
    reference = make_chain("numpy", cycles=2)()
    ours = make_chain("ours", cycles=2)()
    check_gradients("small_ops", "ours", ours, reference, rtol=1e-4, atol=1e-5)
    wrong = dict(ours, a=np.asarray(ours["a"]._data) * 1.01)
    with pytest.raises(GradientMismatch, match="gradient of a"):
        check_gradients("small_ops", "ours", wrong, reference, rtol=1e-4, atol=1e-5)
    with pytest.raises(GradientMismatch, match="gradients for"):
        check_gradients("small_ops", "ours", {"x": ours["x"]}, reference, rtol=1e-4)


def _forward(values: dict[str, np.ndarray], cycles: int) -> float:
    """The chain written as one formula per cycle, independently of benchmarks.chain."""
    y = values["x"]
    for _ in range(cycles):
        y = 1 / (1 + np.exp(-np.exp(np.tanh(y * values["a"] + values["b"])) ** 2))
    return float(np.sum(y))


def test_numpy_reference_matches_finite_differences() -> None:
    """The hand-written backward that every workload is checked against is itself right."""
    cycles, step = 3, 1e-6
    grads = make_chain("numpy", cycles, dtype=np.float64)()
    values = {name: np.array(value, dtype=np.float64) for name, value in START_VECTOR.items()}
    for name in ("x", "a", "b"):
        for index in range(3):
            bump = np.zeros(3)
            bump[index] = step
            up = _forward({**values, name: values[name] + bump}, cycles)
            down = _forward({**values, name: values[name] - bump}, cycles)
            assert grads[name][index] == pytest.approx((up - down) / (2 * step), rel=1e-5, abs=1e-9)


def test_table_and_readme_block(tmp_path, without_torch: None) -> None:
    outcome = run.workload_functions()["small_ops"](QUICK)
    text = run.table([outcome])
    header = text.splitlines()[0]
    assert [cell.strip() for cell in header.strip("|").split("|")][:5] == [
        "workload", "unit", "ours", "numpy", "torch"]
    assert "small_ops" in text and "ours/numpy" in text
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Performance\n\n{run.START_MARKER}\nold\n{run.END_MARKER}\n\n## Next\n")
    block = run.readme_block([outcome], datetime.datetime(2026, 1, 2, 3, 4), "a test machine")
    run.update_readme(block, readme)
    updated = readme.read_text()
    assert "old" not in updated and "Measured 2026-01-02 03:04 UTC on a test machine" in updated
    assert "CPU time" in updated and text in updated
    assert updated.startswith("# x\n\n## Performance\n\n") and updated.endswith(
        f"{run.END_MARKER}\n\n## Next\n")
    run.update_readme(block, readme)  # idempotent
    assert readme.read_text() == updated
