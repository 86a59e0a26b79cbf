"""``python -m autograd_lab.ops``: every op with the file and line where its backward lives, its
backward formula and its forward-mode formula."""

from __future__ import annotations

from . import registry


def main() -> None:
    ops = registry()
    width = max(len(info.grad_fn) for info in ops)
    for info in ops:
        formula = info.formula.replace("Backward:", "").split("\n")[0].strip()
        print(f"{info.grad_fn:<{width}}  {info.file}:{info.line}  {formula}")
        forward = info.forward_formula.replace("Forward:", "").split("\n")[0].strip()
        print(f"{'':<{width}}  forward-mode rule: {forward or '(none)'}")
    missing = sum(1 for info in ops if not info.has_forward_rule)
    print(f"\n{len(ops)} ops, {missing} without a forward-mode rule")


if __name__ == "__main__":
    main()
