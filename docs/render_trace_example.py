"""Render the README's ``%%trace`` picture (docs/trace_example.svg) with the library itself.

Run: ``.venv/bin/python docs/render_trace_example.py``. The cell runs in a real IPython shell,
exactly as in a notebook; the SVG written is the one ``%%trace`` displays.
"""

from __future__ import annotations

from pathlib import Path

from IPython.testing.globalipapp import start_ipython
from IPython.utils.capture import capture_output

CELL = """%%trace
x = t.ones(1)
b = t.tensor([0.25], requires_grad=True)
w = t.tensor([0.5], requires_grad=True)
y = w * x
z = y + b
z.backward(retain_graph=True)
"""


def main() -> Path:
    shell = start_ipython()
    shell.run_cell("%load_ext autograd_lab\nimport autograd_lab as t\n")
    with capture_output() as captured:
        result = shell.run_cell(CELL)
    result.raise_error()
    (picture,) = [output.data for output in captured.outputs if "image/svg+xml" in output.data]
    target = Path(__file__).with_name("trace_example.svg")
    target.write_text(picture["image/svg+xml"], encoding="utf-8")
    Path(__file__).with_name("trace_example.txt").write_text(picture["text/plain"], encoding="utf-8")
    return target


if __name__ == "__main__":
    print(main())
