"""``python -m autograd_lab.ops``: every op with the file and line where its backward lives."""

from __future__ import annotations

from . import registry


def main() -> None:
    ops = registry()
    width = max(len(info.grad_fn) for info in ops)
    for info in ops:
        formula = info.formula.replace("Backward:", "").split("\n")[0].strip()
        print(f"{info.grad_fn:<{width}}  {info.file}:{info.line}  {formula}")
    print(f"\n{len(ops)} ops")


if __name__ == "__main__":
    main()
