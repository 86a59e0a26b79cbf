"""Forward mode in the trace view: tangents in the boxes, the forward pass step by step, passes counted.

Pictures are read back with the SVG parser of tests/test_viz_graph.py; the tangents and rules shown
are checked against what forward mode computed (``unpack_dual``), the ops' own ``Forward:`` lines and
numpy's derivatives.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab import func
from autograd_lab.autograd import forward_ad as fwAD
from autograd_lab.autograd import record
from autograd_lab.ops.elementwise import Sin
from autograd_lab.viz.capture import Capture
from autograd_lab.viz.forward import ForwardStepView
from autograd_lab.viz.raster import svg_to_png
from autograd_lab.viz.steps import CURRENT_FILL, StepView

from .test_viz_graph import capture_picture, parse_svg, summary_rows

NUMBER = r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?"

FORWARD_CELL = (
    "with fwAD.dual_level():\n"
    "    x = fwAD.make_dual(p, v)\n"
    "    h = x.sin()\n"
    "    y = (h * x).sum()\n"
    "    jvp = fwAD.unpack_dual(y).tangent\n"
)


def namespace(**extra) -> dict:
    return {"t": t, "fwAD": fwAD, "p": t.tensor([1.0, 2.0, 3.0]), "v": t.tensor([1.0, 0.5, 0.0]), **extra}


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(NUMBER, text)]


def tangent_of_box(texts: list[str]) -> list[float] | None:
    """The numbers of a box's ``tangent = ...`` lines (None when it shows no tangent)."""
    for index, line in enumerate(texts):
        if line.startswith("tangent = "):
            lines = [line[len("tangent = "):]]
            lines += [more for more in texts[index + 1:] if more.startswith(" ")]
            return numbers(" ".join(lines))
    return None


def forward_rule(cls) -> str:
    """The op class's ``Forward:`` line as a step shows it (marker dropped, spaces squeezed)."""
    return " ".join(cls.forward_formula().partition("Forward:")[2].split())


def test_forward_only_cell_draws_values_with_tangents():
    names = namespace()
    picture = capture_picture(FORWARD_CELL, names)
    p, v = names["p"].numpy(), names["v"].numpy()
    drawing = parse_svg(picture.svg)
    by_title = {box.texts[0]: box for box in drawing.boxes.values()}
    # the dual input: its value and the tangent it was given
    x_box = by_title["x"]
    assert x_box.kind == "const"
    assert tangent_of_box(x_box.texts) == pytest.approx(v.tolist())
    # sin's box: its result h and h's tangent cos(p) * v, as the rule computed it
    sin_box = by_title["SinBackward0"]
    assert sin_box.texts[1].startswith("h: (3,) float32")
    assert tangent_of_box(sin_box.texts) == pytest.approx((np.cos(p) * v).tolist(), abs=1e-4)
    # the result box: y's value and tangent, which is what unpack_dual returned
    y_box = by_title["y"]
    assert y_box.kind == "output"
    assert tangent_of_box(y_box.texts) == pytest.approx([float(names["jvp"])], abs=1e-4)
    expected = float(np.sum((np.cos(p) * p + np.sin(p)) * v))
    assert float(names["jvp"]) == pytest.approx(expected, abs=1e-5)
    # arrows: x feeds sin and the product (slot 1), sin feeds the product (slot 0)
    ids = {title: box.id for title, box in by_title.items()}
    arrows = {(a.src, a.dst, a.label) for a in drawing.arrows}
    assert (ids["x"], ids["SinBackward0"], "") in arrows
    assert (ids["SinBackward0"], ids["MulBackward0"], "0") in arrows
    assert (ids["x"], ids["MulBackward0"], "1") in arrows
    assert (ids["MulBackward0"], ids["SumBackward0"], "") in arrows
    # unpack_dual's primal gives no tangent: not a step of the forward pass, not drawn
    assert not any("Identity" in box.texts[0] for box in drawing.boxes.values())


def test_forward_steps_walk_the_ops_in_order_with_their_rules():
    names = namespace()
    picture = capture_picture(FORWARD_CELL, names)
    p, v = names["p"].numpy(), names["v"].numpy()
    steps = picture.steps
    assert all(isinstance(step, ForwardStepView) for step in steps)
    assert [step.title for step in steps] == ["SinBackward0 (h)", "MulBackward0", "SumBackward0 (y)"]
    assert [step.number for step in steps] == [1, 2, 3]
    text = picture.steps_text
    assert text.startswith("forward pass 1 (forward mode: ")
    blocks = text.split("\nstep ")[1:]
    sin, mul, total = blocks
    # tangent in, the op's Forward: line, tangent out: in that order
    assert [line.split(": ")[0] for line in sin.splitlines()[1:]] == [
        "  tangent in", "  forward rule", "  tangent out"]
    assert sin.splitlines()[2] == f"  forward rule: {forward_rule(Sin)}"
    assert numbers(sin.splitlines()[1].split("(x): ")[1]) == pytest.approx(v.tolist())
    assert sin.splitlines()[2] == "  forward rule: result_t = self_t * cos(self)"
    assert numbers(sin.splitlines()[3].split("tangent out: ")[1]) == pytest.approx(
        (np.cos(p) * v).tolist(), abs=1e-4)
    mul_lines = mul.splitlines()
    assert mul_lines[1].startswith("  tangent in: input 0 (h): ")
    assert mul_lines[2].startswith("  tangent in: input 1 (x): ")
    assert mul_lines[3] == "  forward rule: result_t = self_t * other + self * other_t"
    assert numbers(mul_lines[4].split(": ")[1]) == pytest.approx(
        ((np.cos(p) * p + np.sin(p)) * v).tolist(), abs=1e-4)
    assert total.splitlines()[2] == "  forward rule: result_t = sum(self_t)"
    assert numbers(total.splitlines()[3].split(": ")[1]) == pytest.approx([float(names["jvp"])], abs=1e-4)


def test_summary_counts_forward_passes_and_shows_tangents():
    names = namespace()
    picture = capture_picture(FORWARD_CELL, names)
    lines = picture.text.splitlines()
    assert lines[1] == ("passes: 1 forward pass (tangent directions), 3 forward steps; "
                        "0 backward passes, 0 backward steps")
    rows = summary_rows("\n".join(lines[1:]))
    by_name = {row["name"]: row for row in rows.values() if row["name"]}
    assert by_name["x"]["tangent"] == "[1., 0.5, 0.]"
    assert by_name["h"]["fwd"] == "1"
    assert numbers(by_name["y"]["tangent"]) == pytest.approx([float(names["jvp"])], abs=1e-4)


def test_backward_only_trace_is_unchanged_by_forward_mode():
    picture = capture_picture("x = t.ones(2, requires_grad=True)\n(x * 2).sum().backward()\n",
                              {"t": t})
    assert "passes:" not in picture.text and "tangent" not in picture.text
    assert all(isinstance(step, StepView) for step in picture.steps)
    assert picture.steps_text.startswith("backward pass 1:\n")


def test_jacfwd_style_directions_count_as_forward_passes():
    # one dual level per input direction, and several directions in one level: each direction is a
    # pass of its own (ops joined by tangents are one pass)
    code = ("cols = []\n"
            "for i in range(2):\n"
            "    e = t.zeros(2)\n    e[i] = 1.0\n"
            "    with fwAD.dual_level():\n"
            "        out = fwAD.make_dual(x0, e).sin() * 2\n"
            "        cols.append(fwAD.unpack_dual(out).tangent)\n"
            "with fwAD.dual_level():\n"
            "    a = fwAD.make_dual(x0, t.ones(2))\n"
            "    b = fwAD.make_dual(x0, t.ones(2))\n"
            "    both = a * b\n"
            "    alone = fwAD.make_dual(x0, t.ones(2)).exp()\n")
    names = {"t": t, "fwAD": fwAD, "x0": t.tensor([0.5, 1.0])}
    picture = capture_picture(code, names)
    # 2 directions in the loop; a and b meet in one product (one pass); `alone` is another
    assert picture.text.splitlines()[1].startswith("passes: 4 forward passes (tangent directions), 6 forward")
    walks = [line for line in picture.steps_text.splitlines() if line.startswith("forward pass ")]
    assert [w.split(" (")[0] for w in walks] == [f"forward pass {n}" for n in range(1, 5)]
    assert [step.direction for step in picture.steps] == [1, 1, 2, 2, 3, 4]
    assert [step.number for step in picture.steps] == [1, 2, 1, 2, 1, 1]
    column = np.cos(np.array([0.5, 1.0])) * 2
    assert numbers(picture.steps[1].tangents_out[0]) == pytest.approx([column[0], 0.0], abs=1e-4)
    assert numbers(picture.steps[3].tangents_out[0]) == pytest.approx([0.0, column[1]], abs=1e-4)


def test_jacrev_counts_one_backward_pass_per_output_element():
    names = {"t": t, "func": func, "x0": t.tensor([0.5, 1.0])}
    picture = capture_picture("J = func.jacrev(lambda x: (x.sin() * 2).repeat(2)[:3])(x0)\n", names)
    assert names["J"].shape == (3, 2)
    assert re.search(r"; backward: 3 passes, \d+ steps$", picture.text.splitlines()[0])


@pytest.mark.skipif(not hasattr(func, "jacfwd"), reason="func.jacfwd is not in this build yet")
def test_jacfwd_counts_one_forward_pass_per_input_element():
    names = {"t": t, "func": func, "x0": t.tensor([0.5, 1.0])}
    picture = capture_picture("J = func.jacfwd(lambda x: (x.sin() * 2).repeat(2)[:3])(x0)\n", names)
    assert names["J"].shape == (3, 2)
    assert picture.text.splitlines()[1].startswith("passes: 2 forward passes (tangent directions), ")
    assert picture.text.splitlines()[1].endswith("; 0 backward passes, 0 backward steps")


def test_forward_over_reverse_shows_both_walks_labelled():
    code = ("with fwAD.dual_level():\n"
            "    x = fwAD.make_dual(p, v)\n"
            "    y = (x * x * x).sum()\n"
            "    g, = t.autograd.grad(y, x)\n"
            "    hvp = fwAD.unpack_dual(g).tangent\n")
    names = {"t": t, "fwAD": fwAD, "p": t.tensor([1.0, 2.0], requires_grad=True), "v": t.tensor([1.0, 0.0])}
    picture = capture_picture(code, names)
    assert names["hvp"].tolist() == [6.0, 0.0]  # the Hessian 6x times v
    # (autograd.grad: no AccumulateGrad; x's own node does not run, as in torch: the gradient asked
    # for is the one that arrived at it, its last step, where the sum of three arrivals is shown)
    assert picture.text.splitlines()[1] == ("passes: 1 forward pass (tangent directions), 9 forward "
                                             "steps (6 inside backward passes); 1 backward pass, 4 "
                                             "backward steps")
    text = picture.steps_text
    forward_at, backward_at = text.index("forward pass 1 (forward mode"), text.index("backward pass 1:")
    assert forward_at < backward_at  # the forward pass ran first
    walks = [step.walk for step in picture.steps]
    assert walks == ["forward pass 1"] * 3 + ["backward pass 1"] * 4
    # the backward steps whose formulas ran inside the dual level list their ops' tangents; the
    # last of them gives the gradient's tangent: the Hessian-vector product
    nested = [step for step in picture.steps if isinstance(step, StepView) and step.forward]
    assert sum(len(step.forward) for step in nested) == 6
    assert [step.captured for step in nested] == [False, False, True]
    assert all("  forward mode: its formula's ops carried tangents" in step.text() for step in nested[:2])
    assert "the gradient autograd.grad asked for: taken here, the node does not run" in nested[-1].text()
    last = nested[-1].forward[-1]
    assert numbers(last.tangents_out[0]) == pytest.approx([6.0, 0.0])
    # x's box (the dual view of p) shows its tangent; the recorded tangent computation says whose
    drawing = parse_svg(picture.svg)
    x_box = next(box for box in drawing.boxes.values() if box.texts[1:2] and box.texts[1].startswith("x: "))
    assert tangent_of_box(x_box.texts) == [1.0, 0.0]
    assert any(line == "(the tangent of y)" for box in drawing.boxes.values() for line in box.texts)


def test_op_recorded_by_a_graph_takes_an_untracked_forward_result_as_its_input():
    # h comes from forward mode alone (no input requires grad); w * h is recorded (w requires
    # grad): h is drawn as sin's box feeding the product, not as a constant
    code = ("with fwAD.dual_level():\n"
            "    x = fwAD.make_dual(p, v)\n"
            "    h = x.sin()\n"
            "    y = (w * h).sum()\n")
    names = namespace(w=t.tensor([2.0, 2.0, 2.0], requires_grad=True))
    picture = capture_picture(code, names)
    drawing = parse_svg(picture.svg)
    sin_box = next(box for box in drawing.boxes.values() if box.texts[0] == "SinBackward0")
    assert sin_box.kind == "op" and sin_box.texts[1].startswith("h: ")
    consumers = [drawing.boxes[a.dst].texts[0] for a in drawing.out_of(sin_box.id)]
    assert "MulBackward0" in consumers
    assert not [box for box in drawing.boxes.values() if box.kind == "const" and box.texts[0] == "h"]


def test_custom_function_step_shows_its_jvp():
    class Cube(t.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_forward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):
            return grad

        @staticmethod
        def jvp(ctx, x_t):
            """result_t = 3 x^2 x_t"""
            x, = ctx.saved_tensors
            return 3 * x * x * x_t

    names = namespace(Cube=Cube)
    picture = capture_picture("with fwAD.dual_level():\n    c = Cube.apply(fwAD.make_dual(p, v))\n", names)
    step, = picture.steps
    assert step.title == "CubeBackward (c)"
    assert step.formula == "Cube.jvp(ctx, *tangents): result_t = 3 x^2 x_t"
    assert numbers(step.tangents_out[0]) == pytest.approx([3.0, 6.0, 0.0])


def test_in_place_change_of_a_tangent_is_what_the_box_shows():
    code = ("with fwAD.dual_level():\n"
            "    z = fwAD.make_dual(p, v).clone()\n"
            "    z.mul_(2)\n")
    picture = capture_picture(code, namespace())
    rows = {row["name"]: row for row in summary_rows("\n".join(picture.text.splitlines()[1:])).values()}
    assert numbers(rows["z"]["tangent"]) == [2.0, 1.0, 0.0]  # as z's value, after mul_
    clone_step = picture.steps[0]
    assert numbers(clone_step.tangents_out[0]) == [1.0, 0.5, 0.0]  # as the clone made it


def test_step_svg_highlights_the_forward_steps_box_and_its_input_arrows():
    picture = capture_picture(FORWARD_CELL, namespace())
    drawing = parse_svg(picture.svg)
    for index, step in enumerate(picture.steps):
        svg = picture.step_svg(index)
        box = r'<g id="(n\d+)" class="node[^"]*">\s*<title>[^<]*</title>\s*<\w+ fill="'
        assert re.findall(box + CURRENT_FILL, svg) == [step.node_id]
        assert sorted(step.edge_ids) == sorted(a.id for a in drawing.into(step.node_id))
    mul = picture.steps[1]
    assert len(mul.edge_ids) == 2  # its two inputs' tangents come in along two arrows


def test_draw_inside_a_dual_level_shows_tangents():
    p = t.tensor([1.0, 2.0], requires_grad=True)
    with fwAD.dual_level():
        d = fwAD.make_dual(p, t.tensor([1.0, -1.0]))
        z = (d * 3).exp()
        inside = t.draw(z)
        expected = fwAD.unpack_dual(z).tangent.tolist()
    outside = t.draw(z)
    rows = {row["name"]: row for row in summary_rows(inside.text).values()}
    assert numbers(rows["d"]["tangent"]) == [1.0, -1.0]
    assert numbers(rows["z"]["tangent"]) == pytest.approx(expected, rel=1e-4)
    z_box = next(box for box in parse_svg(inside.svg).boxes.values() if box.texts[0] == "z")
    assert tangent_of_box(z_box.texts) == pytest.approx(expected, rel=1e-4)
    assert "tangent" not in outside.text  # the level closed: the tangents are gone


def test_forward_trace_svg_is_byte_stable_and_rasterizes():
    first = capture_picture(FORWARD_CELL, namespace())
    second = capture_picture(FORWARD_CELL, namespace())
    assert first.svg == second.svg and first.text == second.text
    assert first.steps_text == second.steps_text
    assert svg_to_png(first.svg)[0].startswith(b"\x89PNG")


def test_tangents_reach_an_observer_only_while_it_watches():
    calls = []

    class Watcher(Capture):
        def on_tangent(self, *args):
            calls.append(args)
            super().on_tangent(*args)

    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([1.0]), t.tensor([1.0]))
        x.sin()
        assert calls == []
        with record.observe(Watcher()):
            x.cos()
        x.exp()
    assert len(calls) == 1
    node, inputs, outputs, tangents_in, tangents_out = calls[0]
    assert type(node).__name__ == "CosBackward0"
    assert inputs[0] is x and tangents_in[0].tolist() == [1.0]
    assert tangents_out[0].tolist() == pytest.approx([-np.sin(1.0)])


def test_trace_magic_steps_walk_the_forward_pass(shell):
    pytest.importorskip("ipywidgets")
    from IPython.utils.capture import capture_output

    shell.run_cell("import autograd_lab as t\nfrom autograd_lab.autograd import forward_ad as fwAD\n"
                   "p = t.tensor([1.0, 2.0, 3.0])\nv = t.tensor([1.0, 0.5, 0.0])\n")
    with capture_output() as captured:
        result = shell.run_cell("%%trace --steps --name tr\n" + FORWARD_CELL)
    assert result.success
    drawing, all_steps = [output.data for output in captured.outputs]
    assert drawing["text/plain"].splitlines()[1].startswith("passes: 1 forward pass (tangent directions)")
    boxes = parse_svg(drawing["image/svg+xml"]).boxes.values()
    assert tangent_of_box(next(box for box in boxes if box.texts[0] == "x").texts) == [1.0, 0.5, 0.0]
    text = all_steps["text/plain"]
    assert re.findall(r"^step (\d+): (\S+)", text, re.MULTILINE) == [
        ("1", "SinBackward0"), ("2", "MulBackward0"), ("3", "SumBackward0")]
    assert text.count("  forward rule: ") == 3
    stepper = shell.user_ns["tr"].stepper()
    stepper.show_step(0)
    assert "Forward mode: 3 forward steps in 1 forward pass" in stepper.details.value
    stepper.show_step(2)
    assert "forward pass 1, step 2: MulBackward0" in stepper.details.value
    assert "result_t = self_t * other + self * other_t" in stepper.details.value


def test_a_long_forward_loop_keeps_the_first_steps_and_says_so():
    code = ("with fwAD.dual_level():\n"
            "    x = fwAD.make_dual(p, v)\n"
            "    for _ in range(1_200):\n"
            "        x = x * 1.001\n")
    picture = capture_picture(code, namespace())
    missing = ("forward steps 1,001 to 1,200: not kept (a trace keeps the first 1,000 forward steps "
               "with their tangents, and draws their ops)")
    assert picture.text.splitlines()[1].startswith("passes: 1 forward pass (tangent directions), 1,200 ")
    assert picture.text.splitlines()[2] == missing
    assert len(picture.steps) == 1_000 and picture.steps_text.endswith(f"... {missing}\n")
    assert numbers(picture.steps[-1].tangents_out[0]) == pytest.approx((1.001 ** 1_000 * np.array(
        [1.0, 0.5, 0.0])).tolist(), rel=1e-3)
    drawing = parse_svg(picture.svg)  # folded to fit, as a long recorded loop is
    assert len(drawing.boxes) <= 60 and drawing.of_kind("folded")


def test_a_forward_trace_keeps_no_tensor_or_node_alive():
    import gc
    import weakref

    names = {**namespace(), "weakref": weakref}
    picture = capture_picture(FORWARD_CELL + "refs = [weakref.ref(x), weakref.ref(h), weakref.ref(y)]\n",
                              names)
    refs = names["refs"]
    names.clear()
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]  # the picture is plain data
    assert "tangent = " in picture.svg and picture.steps_text.count("forward rule:") == 3
