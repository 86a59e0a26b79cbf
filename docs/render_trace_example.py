"""Render the README's ``%%trace`` pictures (docs/trace_example.svg, docs/trace_forward_example.svg)
with the library itself.

Run: ``.venv/bin/python docs/render_trace_example.py``. The cells run in a real IPython shell,
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


FORWARD_CELL = """%%trace --steps
with fwAD.dual_level():
    x = fwAD.make_dual(t.tensor([1.0, 2.0]), t.tensor([1.0, 0.0]))
    h = x.sin()
    y = (h * x).sum()
"""

PICTURES = {"trace_example": CELL, "trace_forward_example": FORWARD_CELL}


def main() -> list[Path]:
    shell = start_ipython()
    shell.run_cell("%load_ext autograd_lab\nimport autograd_lab as t\n"
                   "import autograd_lab.autograd.forward_ad as fwAD\n")
    written = []
    for name, cell in PICTURES.items():
        with capture_output() as captured:
            result = shell.run_cell(cell)
        result.raise_error()
        picture = [output.data for output in captured.outputs if "image/svg+xml" in output.data][0]
        target = Path(__file__).with_name(f"{name}.svg")
        target.write_text(picture["image/svg+xml"], encoding="utf-8")
        text = picture["text/plain"]
        if len(captured.outputs) > 1:  # --steps: the steps as text follow the picture
            text += "\n" + captured.outputs[1].data["text/plain"]
        Path(__file__).with_name(f"{name}.txt").write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    print(*main(), sep="\n")
