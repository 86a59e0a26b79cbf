"""Every parity case: autograd_lab against the torch goldens, and against torch itself when present."""

from __future__ import annotations

import json

import pytest

import autograd_lab
from tests.parity import GOLDENS, case_modules, comparable_warnings, compare, run_case

CASES = [(area, name, code) for area, module in sorted(case_modules().items())
         for name, code in module.CASES.items()]
IDS = [f"{area}:{name}" for area, name, _ in CASES]


def _golden(area: str) -> dict:
    path = GOLDENS / f"parity_{area}.json"
    cases = json.loads(path.read_text()) if path.exists() else {}
    return {name: comparable_warnings(observation) if isinstance(observation, dict) else observation
            for name, observation in cases.items()}


GOLDEN = {area: _golden(area) for area in case_modules()}


@pytest.mark.parametrize(("area", "name", "code"), CASES, ids=IDS)
def test_matches_torch_golden(area: str, name: str, code: str) -> None:
    golden = GOLDEN[area].get(name)
    assert golden is not None, (
        f"no golden for {area}:{name}: run scripts/record_goldens.py parity_{area} with torch")
    problems = compare(run_case(autograd_lab, code), golden)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("area", "name", "code"), CASES, ids=IDS)
def test_matches_torch_live(torch, area: str, name: str, code: str) -> None:
    problems = compare(run_case(autograd_lab, code), run_case(torch, code))
    assert not problems, "\n".join(problems)


def test_goldens_are_current() -> None:
    """A golden recorded for a case that no longer exists (or a code change not re-recorded) is
    caught: every golden key is a case."""
    for area, golden in GOLDEN.items():
        names = set(case_modules()[area].CASES)
        assert set(golden) <= names, f"stale goldens in parity_{area}: {set(golden) - names}"
