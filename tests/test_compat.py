"""The compatibility suite: each script of tests/compat/scripts runs under autograd_lab (in place of
torch) and what it prints is compared with torch's goldens, and live with torch where installed."""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path

import pytest

from tests.compat import GOLDEN_PATH, Script, compare, load, run, scripts

SCRIPTS = scripts()
GOLDEN = json.loads(GOLDEN_PATH.read_text()) if GOLDEN_PATH.exists() else {}


def _params() -> list:
    return [pytest.param(script, id=script.name, marks=(
        [pytest.mark.xfail(reason=script.expect_fail, strict=True)] if script.expect_fail else []))
        for script in SCRIPTS]


@functools.cache
def _ours(script: Script) -> dict:
    """autograd_lab's report of ``script``, run once for both comparisons (the golden and the live)."""
    return run(script, "autograd_lab")


@pytest.mark.parametrize("script", _params())
def test_script_matches_torch_golden(script: Script) -> None:
    golden = GOLDEN.get(script.name)
    assert golden is not None, f"no golden for {script.name}: run scripts/record_goldens.py compat"
    problems = compare(script, _ours(script), golden)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("script", _params())
def test_script_matches_torch_live(torch, script: Script) -> None:
    problems = compare(script, _ours(script), run(script, "torch"))
    assert not problems, "\n".join(problems)


def test_goldens_are_current() -> None:
    assert set(GOLDEN) == {script.name for script in SCRIPTS}, "re-record: scripts/record_goldens.py compat"


def test_every_script_names_its_source() -> None:
    for script in SCRIPTS:
        repository, _, path = script.source.partition(", ")
        assert "/" in repository and path, f"{script.name}: source must be 'owner/repo, path'"
        assert script.compare in ("values", "structure"), script.name


# -- the harness itself ----------------------------------------------------------------------------


def _script(tmp_path: Path, header: str, body: str = "print(1)\n") -> Script:
    path = tmp_path / "case.py"
    path.write_text(textwrap.dedent(header).lstrip() + body)
    return load(path)


def _report(stdout: str, error: str | None = None) -> dict:
    return {"stdout": stdout, "error": error}


def test_values_mode_compares_numbers_within_tolerance(tmp_path: Path) -> None:
    script = _script(tmp_path, "# source: a/b, c.py\n# rtol: 1e-3\n")
    assert not compare(script, _report("loss 1.0004\n"), _report("loss 1.0000\n"))
    assert compare(script, _report("loss 1.01\n"), _report("loss 1.00\n"))
    assert compare(script, _report("3 items\n"), _report("4 items\n")), "integers are exact"


def test_values_mode_ignores_alignment_padding(tmp_path: Path) -> None:
    script = _script(tmp_path, "# source: a/b, c.py\n")
    assert not compare(script, _report("tensor([ 0.5000, -1.0000])"),
                       _report("tensor([ 0.5000,  -1.0000])"))


def test_structure_mode_masks_floats_but_not_names_or_shapes(tmp_path: Path) -> None:
    script = _script(tmp_path, "# source: a/b, c.py\n# compare: structure\n")
    ours = "tensor([-0.1234,  2.5000], grad_fn=<AddBackward0>) torch.Size([2])"
    assert not compare(script, _report(ours),
                       _report("tensor([ 1.9000, -0.5000], grad_fn=<AddBackward0>) torch.Size([2])"))
    assert compare(script, _report(ours),
                   _report("tensor([-0.1234,  2.5000], grad_fn=<MulBackward0>) torch.Size([2])"))
    assert compare(script, _report(ours),
                   _report("tensor([-0.1234,  2.5000], grad_fn=<AddBackward0>) torch.Size([3])"))
    assert compare(script, _report(ours.replace("AddBackward0", "AddBackward1")), _report(ours))


def test_masked_lines_and_errors(tmp_path: Path) -> None:
    script = _script(tmp_path, "# source: a/b, c.py\n# mask: ^[a-z]+\\.$\n")
    assert not compare(script, _report("mora.\nend\n"), _report("kayla.\nend\n"))
    assert compare(script, _report("end\n", "TypeError: x"), _report("end\n"))


def test_the_alias_answers_torch_submodules(tmp_path: Path) -> None:
    script = _script(tmp_path, "# source: a/b, c.py\n", textwrap.dedent("""
        import torch
        import torch.nn.functional as F
        from torch import optim
        from torch.autograd import Function
        print(torch.__name__, F.__name__, optim.__name__, Function.__module__)
        import torch.no_such_module
    """))
    report = run(script, "autograd_lab")
    assert report["stdout"].split() == ["autograd_lab", "autograd_lab.nn.functional",
                                        "autograd_lab.optim", "autograd_lab.autograd.function"]
    assert report["error"].startswith("ModuleNotFoundError: No module named 'torch.no_such_module'")


def test_each_run_starts_afresh_and_a_dying_run_is_reported(tmp_path: Path) -> None:
    # runs are forked from one server per library: what one script changes (a module attribute, the
    # working directory, sys.argv) is not seen by the next, and a run that kills its process is an
    # error of the runner, after which the next run still works
    changing = _script(tmp_path, "# source: a/b, c.py\n", textwrap.dedent("""
        import os, sys
        import numpy as np
        print(getattr(np, "_compat_marker", None), os.path.basename(os.getcwd()), len(sys.argv))
        np._compat_marker = "left behind"
    """))
    assert run(changing, "autograd_lab")["stdout"].split() == ["None", "data", "3"]
    assert run(changing, "autograd_lab")["stdout"].split() == ["None", "data", "3"]
    dying = tmp_path / "dying.py"
    dying.write_text("# source: a/b, c.py\nimport os\nos._exit(3)\n")
    with pytest.raises(RuntimeError, match="the runner itself failed on dying"):
        run(load(dying), "autograd_lab")
    assert run(changing, "autograd_lab")["stdout"].split() == ["None", "data", "3"]
