"""Package-level promises: the core's imports, the op registry and its CLI, the README op list."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import autograd_lab
from autograd_lab.ops import registry

ROOT = Path(__file__).resolve().parent.parent


def test_core_import_loads_no_jupyter_or_plotting() -> None:
    code = ("import sys, autograd_lab as t; t.ones(2, requires_grad=True).sum().backward(); "
            "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports (anywhere in the file), relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return found


def test_layers_only_look_down() -> None:
    """autograd/ imports nothing from ops/, nn/, optim/ or the lab side; the core imports no lab side."""
    above_autograd = ("autograd_lab.ops", "autograd_lab.nn", "autograd_lab.optim", "autograd_lab.func",
                      "autograd_lab.viz", "autograd_lab.jupyter", "autograd_lab.compiler",
                      "autograd_lab.fast_paths", "autograd_lab.check")
    lab_side = ("autograd_lab.viz", "autograd_lab.jupyter", "IPython", "ipywidgets", "matplotlib")
    for path in sorted((ROOT / "autograd_lab" / "autograd").glob("*.py")):
        bad = [m for m in _imported_modules(path) if m.startswith(above_autograd)]
        assert not bad, f"{path.name} imports {bad}"
    core = [ROOT / "autograd_lab" / "tensor.py", *(ROOT / "autograd_lab").glob("ops/*.py"),
            *(ROOT / "autograd_lab").glob("nn/**/*.py"), *(ROOT / "autograd_lab").glob("optim/*.py")]
    for path in core:
        bad = [m for m in _imported_modules(path) if m.startswith(lab_side)]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_registry_points_at_each_backward() -> None:
    ops = registry()
    assert len(ops) >= 10
    for info in ops:
        lines = (ROOT / info.file).read_text().splitlines()
        assert lines[info.line - 1].lstrip().startswith("def backward"), info
        assert info.grad_fn.isidentifier(), info


def test_every_op_documents_its_backward_formula() -> None:
    missing = [info.grad_fn for info in registry() if not info.formula.startswith("Backward:")]
    assert not missing, f"ops without a 'Backward:' formula in their docstring: {missing}"


def test_every_forward_rule_documents_its_formula() -> None:
    """An op with a ``jvp`` has a ``Forward:`` line in its docstring; one without has none."""
    undocumented = [info.grad_fn for info in registry()
                    if info.has_forward_rule and not info.forward_formula.startswith("Forward:")]
    assert not undocumented, f"ops with a jvp but no 'Forward:' line: {undocumented}"
    claimed = [info.grad_fn for info in registry() if info.forward_formula and not info.has_forward_rule]
    assert not claimed, f"ops documenting a 'Forward:' rule they do not define: {claimed}"


def test_ops_cli_lists_every_op() -> None:
    out = subprocess.run([sys.executable, "-m", "autograd_lab.ops"], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    for info in registry():
        assert f"{info.file}:{info.line}" in out


def test_readme_op_list_is_generated_and_current() -> None:
    """The README's op list comes from the registry (scripts/update_readme.py), never by hand."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from update_readme import render_ops_section
    finally:
        sys.path.pop(0)
    readme = (ROOT / "README.md").read_text()
    assert render_ops_section() in readme, "README op list is stale: run scripts/update_readme.py"


def test_version_is_exposed() -> None:
    assert autograd_lab.__version__


def test_readme_op_example_is_the_real_mul() -> None:
    """The README shows the real ``Mul`` class, not a simplified copy that could drift from it."""
    import inspect
    import re
    from pathlib import Path

    from autograd_lab.ops.arithmetic import Mul

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    blocks = re.findall(r"```python\n(class Mul\(Op\):.*?)```", readme, re.S)
    assert len(blocks) == 1
    assert blocks[0] == inspect.getsource(Mul)
