"""``%%trace`` in a real IPython shell: the seed notebook's cells, errors, names, options, steps.

The shell is IPython's test shell (``IPython.testing.globalipapp``), a real ``InteractiveShell``;
displays are captured with ``IPython.utils.capture.capture_output``. Pictures are read back with the
SVG parser of tests/test_viz_graph.py and compared with what PyTorch recorded
(``tests/goldens/trace.json``, from ``tests/goldens/record_trace.py``).
"""

from __future__ import annotations

import base64
import gc
import re
import weakref

import pytest

pytest.importorskip("IPython")

from IPython.utils.capture import capture_output  # noqa: E402

from autograd_lab.viz.graph import format_array, node_title  # noqa: E402
from autograd_lab.viz.steps import CURRENT_FILL  # noqa: E402

from .goldens.record_trace import ORDER_BACKWARD, ORDER_FORWARD, SEED_CELLS  # noqa: E402
from .test_viz_graph import (  # noqa: E402
    GOLDEN,
    box_grad,
    box_label,
    box_name,
    labelled_edges,
    parse_svg,
    summary_rows,
)

SVG = "image/svg+xml"


def run(ip, source: str):
    """Run a cell; (result, captured displays, captured stdout)."""
    with capture_output() as captured:
        result = ip.run_cell(source, store_history=True)
    return result, [output.data for output in captured.outputs], captured.stdout


def pictures(displays: list[dict]) -> list[dict]:
    return [data for data in displays if "text/plain" in data and "%%trace" in data["text/plain"]]


def test_load_and_unload_the_extension(shell):
    assert "trace" in shell.magics_manager.magics["cell"]
    assert "trace" in shell.magics_manager.magics["line"]
    shell.run_cell("%unload_ext autograd_lab", store_history=False)
    assert "trace" not in shell.magics_manager.magics["cell"]
    result, _, _ = run(shell, "%%trace\nx = 1\n")
    assert not result.success and "x" not in shell.user_ns
    shell.run_cell("%load_ext autograd_lab", store_history=False)
    assert "trace" in shell.magics_manager.magics["cell"]


def check_seed_cells(shell, expected_cells: dict) -> None:
    """Run every seed cell under ``%%trace``; compare each picture with what torch recorded."""
    shell.run_cell("import autograd_lab as t\nfrom autograd_lab.autograd import Variable as V\n")
    for name, source, _, _ in SEED_CELLS:
        expected = expected_cells[name]
        result, displays, stdout = run(shell, "%%trace\n" + source)
        error = type(result.error_in_exec).__name__ if result.error_in_exec is not None else None
        assert error == expected["error"], name
        (display,) = pictures(displays)
        if not expected["edges"]:
            assert SVG not in display and " 0 nodes" in display["text/plain"], name
            continue
        drawing = parse_svg(display[SVG])
        # boxes built before the cell are drawn but not expanded: their inputs are not the cell's
        earlier = {box_label(drawing, box) for box in drawing.of_kind("earlier")}
        wanted = [edge for edge in expected["edges"] if edge[0] not in earlier]
        assert labelled_edges(drawing) == wanted, name
        rows = summary_rows(display["text/plain"])
        for leaf in drawing.of_kind("leaf"):
            leaf_name = box_name(drawing, leaf)
            assert rows[leaf.id]["name"] == leaf_name and rows[leaf.id]["kind"] == "leaf"
            if expected["leaf_grads"] is not None and leaf_name in expected["leaf_grads"]:
                assert box_grad(leaf) == pytest.approx(expected["leaf_grads"][leaf_name]), (name, leaf_name)
                assert (rows[leaf.id]["grad"] == "") == (expected["leaf_grads"][leaf_name] is None)


def test_every_seed_cell_under_trace(shell):
    check_seed_cells(shell, GOLDEN["cells"])


def test_seed_hook_cell_keeps_print_output_and_lists_the_hook(shell):
    shell.run_cell("import autograd_lab as t\nfrom autograd_lab.autograd import Variable as V\n")
    source = dict((name, source) for name, source, _, _ in SEED_CELLS)["In67"]
    result, displays, stdout = run(shell, "%%trace\n" + source)
    assert result.success
    assert "y's grad:\n tensor([1., 1., 1.])" in stdout
    text = pictures(displays)[0]["text/plain"]
    hooks = text.split("hooks fired, in order:\n")[1].splitlines()[0]
    assert re.fullmatch(r"  1\. hook1 \(step \d+, MulBackward0 \(y\)\)", hooks)
    drawing = parse_svg(pictures(displays)[0][SVG])
    (mul,) = [box for box in drawing.of_kind("op") if box.texts[0] == "MulBackward0"]
    assert "hook 1: hook1" in mul.texts


def test_last_expression_is_the_cells_result(shell):
    result, displays, stdout = run(shell, "%%trace\nimport autograd_lab as t\nprint('hello')\n"
                                          "x = t.ones(2, requires_grad=True)\n(x * 2).sum()\n")
    assert result.success
    assert stdout.startswith("hello\n")
    assert re.search(r"Out\[\d+\]: tensor\(4\., grad_fn=<SumBackward0>\)", stdout)
    assert repr(result.result) == "tensor(4., grad_fn=<SumBackward0>)"
    assert shell.user_ns["_"] is result.result
    result, _, stdout = run(shell, "%%trace\nx * 3;\n")
    assert result.result is None and "Out[" not in stdout


def test_raising_cell_shows_the_partial_graph_then_fails(shell):
    result, displays, stdout = run(shell, "%%trace\nimport autograd_lab as t\n"
                                          "x = t.tensor([1., 2.], requires_grad=True)\ny = x * 3\n"
                                          "raise ValueError('broken on purpose')\nz = y + 1\n")
    assert isinstance(result.error_in_exec, ValueError)
    drawing = parse_svg(pictures(displays)[0][SVG])
    assert [box.texts[0] for box in drawing.of_kind("op")] == ["MulBackward0"]
    assert box_name(drawing, drawing.of_kind("output")[0]) == "y"
    # a clean traceback: the cell's own line, not the magic's machinery
    assert re.search(r"Cell In\[\d+\], line 5", stdout)
    assert "raise ValueError('broken on purpose')" in stdout
    assert "magics.py" not in stdout and "exec(body" not in stdout
    assert "z" not in shell.user_ns


def test_syntax_error_points_at_the_cells_line(shell):
    result, displays, stdout = run(shell, "%%trace\nx = 1\ny = (x +\n")
    assert isinstance(result.error_in_exec, SyntaxError)
    assert result.error_in_exec.lineno == 3  # line 1 is the %%trace line
    assert re.search(r"Cell In\[\d+\], line 3", stdout)
    assert "x" not in shell.user_ns and not pictures(displays)


def test_cell_without_tensors(shell):
    result, displays, stdout = run(shell, "%%trace\nn = 20 + 1\nn * 2\n")
    assert result.success and result.result == 42
    (display,) = pictures(displays)
    assert set(display) == {"text/plain"}
    assert display["text/plain"].startswith("%%trace: 0 nodes, 0 edges")


def test_reassigned_name(shell):
    result, displays, _ = run(shell, "%%trace\nimport autograd_lab as t\nx = t.ones(2, requires_grad=True)\n"
                                     "y = x * 2\ny = y + 1\ny = y.sum()\n")
    assert result.success
    drawing = parse_svg(pictures(displays)[0][SVG])
    names = {box.texts[0]: box_name(drawing, box) for box in drawing.of_kind("op")}
    assert names == {"MulBackward0": "y#1", "AddBackward0": "y#2", "SumBackward0": "y"}
    rows = summary_rows(pictures(displays)[0]["text/plain"])
    assert sorted(row["name"] for row in rows.values() if row["name"]) == ["x", "y", "y#1", "y#2"]


@pytest.mark.parametrize("options", ["--bogus", "--max-nodes 0", "--max-nodes many", "--format png",
                                     "--name 1x", "--values --name"])
def test_bad_options_run_nothing(shell, options):
    result, displays, stdout = run(shell, f"%%trace {options}\nran = True\n")
    assert type(result.error_in_exec).__name__ == "UsageError"
    assert "ran" not in shell.user_ns and not pictures(displays)


def test_name_option_and_text_format(shell):
    result, displays, _ = run(shell, "%%trace --name tr --format text --no-values\nimport autograd_lab as t\n"
                                     "w = t.ones(2, requires_grad=True)\nloss = (w * w).sum()\n")
    assert result.success
    (display,) = pictures(displays)
    assert set(display) == {"text/plain"}
    trace = shell.user_ns["tr"]
    assert trace.text == display["text/plain"]
    assert sorted(node.op for node in trace.graph.nodes.values() if node.op) == [
        "AccumulateGrad", "MulBackward0", "SumBackward0"]
    assert parse_svg(trace.svg).of_kind("leaf")[0].texts == ["w", "(2,) float32"]  # --no-values


def test_line_magic(shell):
    shell.run_cell("import autograd_lab as t\nx = t.ones(3, requires_grad=True)\n")
    result, displays, _ = run(shell, "%trace --format text q = x * 3")
    assert result.success and "q" in shell.user_ns
    rows = summary_rows(pictures(displays)[0]["text/plain"])
    assert [row["node"] for row in rows.values() if row["kind"] == "op"] == ["MulBackward0"]


def test_same_cell_renders_the_same_bytes(shell):
    cell = ("%%trace --saved\nimport autograd_lab as t\na = t.tensor([1., 2.], requires_grad=True)\n"
            "b = t.tensor([3., 4.], requires_grad=True)\nc = (a * b + a).sum()\n"
            "c.backward(retain_graph=True)\n")
    _, first, _ = run(shell, cell)
    _, second, _ = run(shell, cell)
    assert pictures(first)[0][SVG].encode() == pictures(second)[0][SVG].encode()
    assert pictures(first)[0]["text/plain"] == pictures(second)[0]["text/plain"]


def step_label(step) -> str:
    """A step as the goldens label nodes: ``"MulBackward0:y"``."""
    match = re.fullmatch(r"(\S+)(?: \((.*)\))?", step.title)
    return f"{match.group(1)}:{match.group(2) or ''}"


def test_step_order_is_the_engines_order(shell):
    shell.run_cell("import autograd_lab as t\n" + ORDER_FORWARD)
    result, displays, _ = run(shell, "%%trace --name tr --format text\n" + ORDER_BACKWARD)
    assert result.success
    steps = shell.user_ns["tr"].steps
    assert [step_label(step) for step in steps] == GOLDEN["order"]
    # the same order our own engine reports through node pre-hooks
    shell.run_cell("import autograd_lab as t\n" + ORDER_FORWARD)
    seen: list[str] = []
    stack, visited = [shell.user_ns["s"].grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        node.register_prehook(lambda grads, node=node: seen.append(node))
        stack.extend(child for child, _ in node.next_functions)
    run(shell, "%%trace --name tr --format text\n" + ORDER_BACKWARD)
    titles = [step.title.split()[0] for step in shell.user_ns["tr"].steps]
    assert titles == [node_title(node) for node in seen]


def test_steps_widget_and_static_fallback(shell):
    result, displays, _ = run(shell, "%%trace --steps\nimport autograd_lab as t\n"
                                     "x = t.tensor([1., 2.], requires_grad=True)\ny = x * x\n"
                                     "z = (y + x).sum()\nz.backward()\n")
    assert result.success
    # two outputs: the step-through (saved: the drawing, SVG and PNG, and the summary table), then
    # every step (saved: as text), so that a saved notebook shows the picture and the explanation
    drawing, all_steps = displays
    widget_view = "application/vnd.jupyter.widget-view+json"
    assert set(drawing) == {widget_view, SVG, "image/png", "text/plain"}
    assert set(all_steps) == {widget_view, "text/plain"}
    assert drawing["text/plain"].startswith("%%trace: ")
    assert parse_svg(drawing[SVG]).boxes  # the static picture
    assert base64.b64decode(drawing["image/png"]).startswith(b"\x89PNG")
    text = all_steps["text/plain"]
    steps = re.findall(r"^step (\d+): (\S+)", text, re.MULTILINE)
    assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
    assert [op for _, op in steps][:2] == ["SumBackward0", "AddBackward0"]
    # x is used twice (x * x and + x): its AccumulateGrad receives a sum of two gradients
    # (x * x sends to x on both inputs): three contributions, summed to what x.grad holds
    arrived = text.split("AccumulateGrad (x)\n")[1].splitlines()[0]
    total = " ".join(format_array(shell.user_ns["x"].grad._data))
    assert arrived.startswith("  grad in: ") and arrived.endswith(f" = {total}")
    assert arrived.count(" (from ") == 3 and arrived.count(" + ") == 2


def test_step_through_highlights_one_box_per_step(shell):
    result, _, _ = run(shell, "%%trace --name tr --format text\nimport autograd_lab as t\n"
                              "x = t.tensor([1., 2.], requires_grad=True)\nz = (x * 3).sum()\nz.backward()\n")
    stepper = shell.user_ns["tr"].stepper()
    image = stepper.widget and stepper.image
    assert bytes(image.value) == stepper.picture.svg.encode()
    for index, step in enumerate(stepper.picture.steps, start=1):
        stepper.show_step(index)
        drawing_svg = bytes(image.value).decode()
        box = r'<g id="(n\d+)" class="node[^"]*">\s*<title>[^<]*</title>\s*<\w+ fill="'
        highlighted = re.findall(box + CURRENT_FILL, drawing_svg)
        assert highlighted == [step.node_id]
        # the layout does not move: same boxes, same coordinates apart from colours
        colours = r'\s*(fill|stroke|stroke-width)="[^"]*"'
        assert re.sub(colours, "", drawing_svg) == re.sub(colours, "", stepper.picture.svg)
        assert f"step {step.number}:" in stepper.details.value


def test_traced_cells_release_their_graph(shell):
    shell.run_cell("import autograd_lab as t\nimport weakref\n")
    run(shell, "%%trace --name tr\nx = t.ones(3, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n")
    refs = [weakref.ref(shell.user_ns[name]) for name in ("x", "y")]
    refs.append(weakref.ref(shell.user_ns["y"].grad_fn))
    assert "tr" in shell.user_ns
    for name in ("x", "y"):
        del shell.user_ns[name]
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]  # the trace object held on to none of them
    assert shell.user_ns["tr"].graph.nodes  # and still draws


def test_five_thousand_nodes_are_folded(shell):
    loop = ("import autograd_lab as t\nw = t.tensor([1., 2.], requires_grad=True)\n"
            "b = t.tensor([0.5, 0.5], requires_grad=True)\nx = w\nfor i in range(2500):\n"
            "    x = x * 1.001 + b\nloss = x.sum()\nloss.backward()\n")
    result, _, _ = run(shell, "%%trace --name full --format text --max-nodes 100000\n" + loop)
    assert result.success
    full = shell.user_ns["full"].graph
    assert len(full.nodes) > 5000 and full.count() == len(full.nodes)  # nothing folded
    result, displays, _ = run(shell, "%%trace --name folded --max-nodes 40\n" + loop)
    assert result.success
    drawing = parse_svg(pictures(displays)[0][SVG])
    assert len(drawing.boxes) <= 40
    folded = shell.user_ns["folded"].graph
    assert folded.count() == len(full.nodes)  # every node is drawn or counted in a folded box
    (box,) = drawing.of_kind("folded")
    held = folded.nodes[box.id].count
    assert box.texts[0] == f"× {2500 - 2:,} more repetitions"
    assert box.texts[1:] == ["MulBackward0 → AddBackward0", f"({(2500 - 2) * 2:,} ops)"]
    # what stays: the leaves, the first and the last iteration, the sum and the result
    assert sorted(box_name(drawing, leaf) for leaf in drawing.of_kind("leaf")) == ["b", "w"]
    assert held == len(full.nodes) - (len(drawing.boxes) - 1)
    # b (and the constant 1.001, one tensor) feed every folded iteration: one arrow each, counted
    shared = {box_label(drawing, drawing.boxes[a.src]): a.label for a in drawing.into(box.id)
              if a.label.startswith("×")}
    assert shared == {"AccumulateGrad:b": f"×{2500 - 2:,}", "None": f"×{2500 - 2:,}"}
    assert "folded: × 2,498 more repetitions" in pictures(displays)[0]["text/plain"]


def test_many_traced_cells_keep_nothing_alive(shell):
    from autograd_lab.viz.capture import Capture
    from autograd_lab.viz.picture import Picture

    def alive() -> int:
        gc.collect()
        return sum(isinstance(obj, (Capture, Picture)) for obj in gc.get_objects())

    shell.run_cell("import autograd_lab as t\nimport weakref\nrefs = []\n")
    before = alive()  # a step-through widget shown earlier keeps its picture: widgets live on
    for _ in range(300):
        result = shell.run_cell("%%trace --format text\nx = t.ones(3, requires_grad=True)\n"
                                "y = (x * 2).sum()\ny.backward()\nrefs.append(weakref.ref(y.grad_fn))\n",
                                store_history=False)
        assert result.success
    shell.run_cell("del x, y", store_history=False)
    assert alive() == before
    assert [ref for ref in shell.user_ns["refs"] if ref() is not None] == []


def test_trace_context_manager_names_locals():
    import autograd_lab as t

    def build():
        weight = t.tensor([2.0], requires_grad=True)
        with t.trace() as tr:
            scaled = weight * 3
            scaled.sum().backward()
        return tr

    tr = build()
    drawing = parse_svg(tr.svg)
    assert [box_name(drawing, box) for box in drawing.of_kind("leaf")] == ["weight"]
    (mul,) = [box for box in drawing.of_kind("op") if box.texts[0] == "MulBackward0"]
    assert box_name(drawing, mul) == "scaled"
    assert [step.title.split()[0] for step in tr.steps] == ["SumBackward0", "MulBackward0", "AccumulateGrad"]


def test_a_drawing_failure_never_changes_the_cell(shell, monkeypatch):
    import autograd_lab.jupyter.trace as trace_module

    def broken(*args, **kwargs):
        raise ValueError("drawing broke")

    monkeypatch.setattr(trace_module, "picture_from_capture", broken)
    with pytest.warns(RuntimeWarning, match="could not draw the graph"):
        result, displays, _ = run(shell, "%%trace\nimport autograd_lab as t\n"
                                         "x = t.ones(2, requires_grad=True)\n(x * 2).sum()\n")
    assert result.success and repr(result.result) == "tensor(4., grad_fn=<SumBackward0>)"
    assert not pictures(displays)
    with pytest.warns(RuntimeWarning):
        result, _, _ = run(shell, "%%trace\nraise KeyError('the cell')\n")
    assert isinstance(result.error_in_exec, KeyError)
