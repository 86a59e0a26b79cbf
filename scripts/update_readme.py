"""Regenerate the README's list of supported ops from the op registry.

    .venv/bin/python scripts/update_readme.py

The list sits between the markers ``<!-- ops:start -->`` and ``<!-- ops:end -->``; a test fails when
it is stale, so the README can never claim an op the library does not register (or miss one).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- ops:start -->", "<!-- ops:end -->"


def render_ops_section() -> str:
    """The generated Markdown: per family, its functions and the grad_fn nodes with their source."""
    sys.path.insert(0, str(ROOT))
    from autograd_lab.ops import FAMILIES, public_functions, registry

    functions = public_functions()
    ops = registry()
    lines = [START, ""]
    for family in FAMILIES:
        nodes = [info for info in ops if info.module.endswith(f".{family}")]
        lines.append(f"- **{family}** — " + ", ".join(f"`{name}`" for name in functions[family]))
        if nodes:
            lines.append("  - nodes: " + ", ".join(
                f"[`{info.grad_fn}`]({info.file})" for info in nodes))
    others = [info for info in ops if not any(info.module.endswith(f".{f}") for f in FAMILIES)]
    for module in dict.fromkeys(info.module for info in others):
        lines.append(f"- **{module.removeprefix('autograd_lab.').removeprefix('ops.')}** — nodes: "
                     + ", ".join(f"[`{info.grad_fn}`]({info.file})" for info in others
                                 if info.module == module))
    missing = [info for info in ops if not info.has_forward_rule]
    lines += ["", f"{len(ops)} ops in all; `python -m autograd_lab.ops` prints each with the line of its "
              "backward, its formula and its forward-mode formula.", ""]
    if missing:
        lines.append(f"Ops without a forward-mode rule ({len(missing)}; forward mode through them "
                     "raises torch's NotImplementedError): "
                     + ", ".join(f"`{info.grad_fn}`" for info in missing) + ".")
    else:
        lines.append("Every op has a forward-mode rule.")
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text()
    section = render_ops_section()
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        _, after = rest.split(END, 1)
        readme = before + section + after
    else:
        readme = readme.rstrip() + "\n\n## Supported ops\n\n" + section + "\n"
    readme_path.write_text(readme)
    print(f"updated {readme_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
