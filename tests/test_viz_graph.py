"""The drawing layer without IPython: graph building, folding, DOT, SVG, summary, ``draw``.

Pictures are checked by parsing the SVG with ``xml.etree`` (boxes by their ``class``, arrows by
their ``<title>``, text lines as drawn), never by searching for substrings. The helpers here are
shared with tests/test_trace_magic.py.
"""

from __future__ import annotations

import ast
import gc
import json
import re
import subprocess
import sys
import weakref
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.viz.capture import BINDER_NAME, Bindings, Capture, add_binding_calls
from autograd_lab.viz.collapse import collapse
from autograd_lab.viz.graph import FOLDED, OP, Graph, GraphEdge, NameTable, format_array
from autograd_lab.viz.picture import Options, picture_from_capture

from .goldens.record_trace import graph_edges

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "trace.json").read_text())

SVG_NS = "{http://www.w3.org/2000/svg}"


# -- reading a picture back --------------------------------------------------------------------------


@dataclass
class Box:
    id: str
    kind: str
    texts: list[str]


@dataclass
class Arrow:
    id: str
    src: str
    dst: str
    kind: str
    label: str


@dataclass
class Drawing:
    boxes: dict[str, Box]
    arrows: list[Arrow]
    legend: list[str]

    def of_kind(self, kind: str) -> list[Box]:
        return [box for box in self.boxes.values() if box.kind == kind]

    def into(self, box_id: str, kind: str | None = None) -> list[Arrow]:
        return [a for a in self.arrows if a.dst == box_id and (kind is None or a.kind == kind)]

    def out_of(self, box_id: str, kind: str | None = None) -> list[Arrow]:
        return [a for a in self.arrows if a.src == box_id and (kind is None or a.kind == kind)]


def _text(element: ET.Element) -> str:
    return (element.text or "").replace("\xa0", " ")


def parse_svg(svg: str) -> Drawing:
    """Boxes (id, kind, text lines), arrows (from ``<title>src->dst</title>``) and legend entries."""
    root = ET.fromstring(svg)
    boxes: dict[str, Box] = {}
    arrows: list[Arrow] = []
    legend: list[str] = []
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if not classes:
            continue
        texts = [_text(text) for text in group.findall(f"{SVG_NS}text")]
        if classes[0] == "node":
            boxes[group.get("id")] = Box(group.get("id"), classes[1], texts)
        elif classes[0] == "edge":
            src, dst = group.find(f"{SVG_NS}title").text.split("->")
            arrows.append(Arrow(group.get("id"), src, dst, classes[1], texts[0] if texts else ""))
        elif classes[0] == "legend-entry":
            legend.append(" ".join(texts))
    return Drawing(boxes, arrows, legend)


_NAMED_LINE = re.compile(r"^([A-Za-z_][\w.\[\]'#]*): \(")
_NAME_ONLY = re.compile(r"^([A-Za-z_][\w.\[\]'#]*)$")


def box_name(drawing: Drawing, box: Box) -> str:
    """The variable a box is labelled with (``""`` if none)."""
    if box.kind in ("leaf", "const", "output"):
        return "" if box.texts[0] in ("leaf", "constant", "output") else box.texts[0]
    if box.kind == "accumulate":
        leaves = drawing.into(box.id, "leaf")
        return box_name(drawing, drawing.boxes[leaves[0].src]) if leaves else ""
    if box.kind in ("op", "earlier"):
        results = drawing.out_of(box.id, "output")
        if results:
            return box_name(drawing, drawing.boxes[results[0].dst])
        for line in box.texts[1:2]:
            match = _NAMED_LINE.match(line) or _NAME_ONLY.match(line)
            if match:
                return match.group(1)
    return ""


def box_label(drawing: Drawing, box: Box) -> str:
    """The golden's label: ``"MulBackward0:y"``, ``"AccumulateGrad:w"``, ``"None"``."""
    if box.kind in ("const", "none"):
        return "None"
    name = box_name(drawing, box)
    return f"{box.texts[0]}:{'' if '#' in name else name}"


def labelled_edges(drawing: Drawing) -> list[list]:
    """``[consumer, slot, child]`` for every input arrow of an op box, as the goldens store them."""
    edges = []
    for arrow in drawing.arrows:
        if arrow.kind not in ("flow", "nograd") or drawing.boxes[arrow.dst].kind != "op":
            continue
        slot = int(arrow.label) if arrow.label.isdigit() else 0
        edges.append([box_label(drawing, drawing.boxes[arrow.dst]), slot,
                      box_label(drawing, drawing.boxes[arrow.src])])
    return sorted(edges)


def box_grad(box: Box) -> list[float] | None:
    """The numbers of a box's ``grad = ...`` lines, or None when it shows no gradient."""
    for index, line in enumerate(box.texts):
        if line.startswith("grad = "):
            lines = [line[len("grad = "):]]
            lines += [more for more in box.texts[index + 1:] if more.startswith(" ")]
            return [float(v) for v in re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?", " ".join(lines))]
    return None


def summary_rows(text: str) -> dict[str, dict[str, str]]:
    """The node table of a text summary, by id (columns sliced at the header's positions)."""
    lines = text.splitlines()
    header = lines[1]
    names = header.split()
    starts = [header.index(name) for name in names]
    rows = {}
    for line in lines[2:]:
        if not re.match(r"^n\d+ ", line):
            break
        cells = [line[start:end].strip() for start, end in zip(starts, starts[1:] + [None])]
        rows[cells[0]] = dict(zip(names, cells))
    return rows


def capture_picture(code: str, namespace: dict, **options) -> object:
    """Run ``code`` under a Capture and draw it, as ``%%trace`` does (without IPython)."""
    capture = Capture()
    tree = add_binding_calls(ast.parse(code))
    bindings = Bindings()
    namespace[BINDER_NAME] = bindings.reporter()
    with capture.recording():
        exec(compile(tree, "<test>", "exec"), namespace)
    del namespace[BINDER_NAME]
    names = NameTable(namespace, bindings.entries())
    picture = picture_from_capture(capture, names, Options(**options))
    names.release()
    capture.clear()
    return picture


# -- tests -------------------------------------------------------------------------------------------


SEED_CODE = ("a = t.ones(3, 4, requires_grad=True)\nb = t.ones(3, 4)\nc = a + b\nd = c.sum()\n"
             "d.backward()\n")


def test_seed_graph_boxes_edges_and_grads():
    picture = capture_picture(SEED_CODE, {"t": t})
    drawing = parse_svg(picture.svg)
    assert labelled_edges(drawing) == GOLDEN["cells"]["In32"]["edges"]  # the same code under torch
    (leaf,) = drawing.of_kind("leaf")
    assert box_name(drawing, leaf) == "a"
    assert leaf.texts[1] == "(3, 4) float32"
    assert box_grad(leaf) == GOLDEN["cells"]["In32"]["leaf_grads"]["a"]
    (const,) = drawing.of_kind("const")
    assert box_name(drawing, const) == "b" and box_grad(const) is None
    (output,) = drawing.of_kind("output")
    assert output.texts == ["d", "() float32", "24."]
    assert sorted(drawing.legend) == sorted(["leaf, requires grad", "no grad (None, 0)", "op node (grad_fn)",
                                             "output", "saved tensor", "buffers freed"])
    rows = summary_rows(picture.text)
    assert rows[leaf.id]["name"] == "a"
    assert [float(v) for v in re.findall(r"\d+\.", rows[leaf.id]["grad"])] == box_grad(leaf)
    # the summary and the picture agree on ids and kinds
    assert {row["id"]: row["kind"] for row in rows.values()} == {b.id: b.kind for b in drawing.boxes.values()}


def test_svg_is_deterministic_and_clean():
    first = capture_picture(SEED_CODE, {"t": t}).svg
    t.ones(5, requires_grad=True) * 3  # move the global node counter on
    second = capture_picture(SEED_CODE, {"t": t}).svg
    assert first.encode() == second.encode()
    root = ET.fromstring(first)
    assert root.tag == f"{SVG_NS}svg"
    assert "<!--" not in first and "<?xml" not in first and "graphviz version" not in first.lower()
    assert not re.search(r"0x[0-9a-f]{6,}", first)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_svg_bytes_identical_in_a_fresh_process():
    script = ("import autograd_lab as t\nfrom tests.test_viz_graph import capture_picture, SEED_CODE\n"
              "import sys\nsys.stdout.write(capture_picture(SEED_CODE, {'t': t}).svg)\n")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=str(Path(__file__).resolve().parent.parent)).stdout
    assert other == capture_picture(SEED_CODE, {"t": t}).svg


def test_saved_tensors_and_freed_buffers():
    namespace = {"t": t}
    picture = capture_picture("x = t.tensor([1., 2.], requires_grad=True)\ny = x * x\n", namespace,
                              saved=True)
    drawing = parse_svg(picture.svg)
    saved = sorted(box.texts[0] for box in drawing.of_kind("saved"))
    assert saved == ["saved other", "saved self"]
    (mul,) = [box for box in drawing.of_kind("op") if box.texts[0] == "MulBackward0"]
    assert all(arrow.kind == "saved" for arrow in drawing.into(mul.id) if arrow.src in
               {b.id for b in drawing.of_kind("saved")})
    after = capture_picture("y.sum().backward()\n", namespace, saved=True)
    drawing = parse_svg(after.svg)
    assert not drawing.of_kind("saved")  # freed: nothing left to show
    freed = [box for box in drawing.boxes.values() if "saved buffers freed" in box.texts]
    assert [box.texts[0] for box in freed] == ["MulBackward0"]
    assert "saved buffers freed" in after.text
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        namespace["y"].sum().backward()


def test_reassigned_names_keep_their_first_name():
    picture = capture_picture("x = t.ones(2, requires_grad=True)\ny = x * 2\ny = y + 1\n", {"t": t})
    drawing = parse_svg(picture.svg)
    (mul,) = [box for box in drawing.of_kind("op") if box.texts[0] == "MulBackward0"]
    assert box_name(drawing, mul) == "y#1"
    (output,) = drawing.of_kind("output")
    assert box_name(drawing, output) == "y"
    add = drawing.boxes[drawing.into(output.id)[0].src]
    assert add.texts[0] == "AddBackward0" and drawing.into(add.id)[0].src == mul.id


def test_binding_calls_follow_assignments_only_outside_functions():
    tree = add_binding_calls(ast.parse("a = 1\nfor i in range(2):\n    b, c = 2, 3\n"
                                       "def f():\n    d = 4\nx += 1\n"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", "") == BINDER_NAME]
    reported = [(call.args[0].value, call.args[1].id, call.lineno) for call in calls]
    assert sorted(reported) == [("a", "a", 1), ("b", "b", 3), ("c", "c", 3), ("x", "x", 6)]


def test_draw_names_from_caller_and_params():
    w = t.tensor([1.0, -1.0], requires_grad=True)
    x = t.tensor([2.0, 3.0])
    out = (w * x).sum()
    drawing = parse_svg(t.draw(out).svg)
    # the reference is the graph itself, walked through next_functions
    assert labelled_edges(drawing) == graph_edges([out], {"w": w, "x": x, "out": out})
    drawing = parse_svg(t.draw(out, params={"weight": w}).svg)
    assert "AccumulateGrad:weight" in {edge[2] for edge in labelled_edges(drawing)}


def test_draw_after_backward_shows_none_inputs_it_cannot_name():
    u = t.tensor([1.0, 2.0], requires_grad=True)
    v = (u * t.tensor([3.0, 4.0])).sum()
    v.backward()  # frees MulBackward0's saved inputs: the constant is no longer known
    drawing = parse_svg(t.draw(v).svg)
    assert [box.texts for box in drawing.of_kind("none")] == [["(None, 0)"]]


def _chain_graph(names: list[str]) -> Graph:
    graph = Graph()
    previous = None
    for name in names:
        node = graph.add(OP, op=name)
        if previous is not None:
            graph.edges.append(GraphEdge(previous.id, node.id))
        previous = node
    return graph


def test_collapse_folds_repetitions_keeping_first_and_last():
    graph = _chain_graph(["ExpBackward0"] + ["MulBackward0", "AddBackward0"] * 50 + ["SumBackward0"])
    collapse(graph, 20)
    kinds = [(node.kind, node.op) for node in graph.nodes.values()]
    assert kinds[:3] == [(OP, "ExpBackward0"), (OP, "MulBackward0"), (OP, "AddBackward0")]
    assert kinds[3][0] == FOLDED and graph.nodes["n3"].count == 96
    assert kinds[4:] == [(OP, "MulBackward0"), (OP, "AddBackward0"), (OP, "SumBackward0")]
    assert graph.count() == 102  # nothing lost: folded boxes count what they hold


def test_collapse_folds_long_chains_and_then_the_rest():
    names = [f"Op{i}Backward0" for i in range(30)]  # no repetition: a chain
    graph = _chain_graph(names)
    collapse(graph, 10)
    assert len(graph.nodes) == 3 and graph.count() == 30
    rng = np.random.default_rng(0)
    wide = Graph()
    for _ in range(300):
        wide.add(OP, op=f"Op{rng.integers(50)}Backward0")
    for i in range(1, 300):
        wide.edges.append(GraphEdge(f"n{rng.integers(i)}", f"n{i}"))
    collapse(wide, 25)
    assert len(wide.nodes) <= 25 and wide.count() == 300


def test_capture_releases_everything():
    namespace = {"t": t}
    picture = capture_picture("x = t.ones(3, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n",
                              namespace)
    refs = [weakref.ref(namespace["x"]), weakref.ref(namespace["y"]), weakref.ref(namespace["y"].grad_fn)]
    namespace.clear()
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]
    assert picture.text.startswith("autograd graph")  # the picture lives on as plain data


def test_no_ipython_in_the_drawing_layer():
    code = ("import sys, autograd_lab as t\nimport autograd_lab.viz.picture, autograd_lab.jupyter.trace\n"
            "x = t.ones(2, requires_grad=True)\nt.draw((x * 2).sum()).svg\n"
            "with t.trace() as tr:\n    (x * 3).sum().backward()\ntr.svg\n"
            "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"



def test_retained_grad_is_shown_on_its_op():
    namespace = {"t": t}
    picture = capture_picture("x = t.tensor([1., 2.], requires_grad=True)\ny = x * 3\ny.retain_grad()\n"
                              "z = (y * y).sum()\nz.backward()\n", namespace)
    drawing = parse_svg(picture.svg)
    (named,) = [box for box in drawing.of_kind("op") if box_name(drawing, box) == "y"]
    assert box_grad(named) == namespace["y"].grad.tolist()
    unnamed = [box for box in drawing.of_kind("op") if box is not named]
    assert all(box_grad(box) is None for box in unnamed)  # not retained: no grad to show
    assert summary_rows(picture.text)[named.id]["grad"] == " ".join(format_array(namespace["y"].grad._data))


def test_autograd_grad_runs_no_accumulate_grad_step():
    """autograd.grad captures the input's gradient: torch never runs its AccumulateGrad, so the
    trace shows no step there (backward() does run it, as the last step)."""
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with t.trace() as captured:
        t.autograd.grad((x * x).sum(), x)
    lines = captured.text.splitlines()
    assert lines[0].endswith("backward: 1 pass, 2 steps")
    accumulate = next(line for line in lines if "AccumulateGrad" in line)
    assert accumulate.split() == ["n1", "accumulate", "AccumulateGrad"]  # no step, no grad
    assert x.grad is None
    with t.trace() as captured:
        (x * x).sum().backward()
    assert captured.text.splitlines()[0].endswith("backward: 1 pass, 3 steps")
