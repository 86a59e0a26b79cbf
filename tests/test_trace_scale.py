"""``%%trace`` at scale: a long loop's recording folded while the graph is built gives the very graph
that building everything and folding it gives; a big backward pass keeps the gradients of its first
and last steps only; the summary still accounts for every step.

Speed and memory are measured by ``benchmarks/`` (``trace_overhead``), not here.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograd_lab.jupyter.trace import Trace
from autograd_lab.viz import collapse, picture
from autograd_lab.viz.capture import STEP_DETAIL

SETUP = """
import autograd_lab as t
a = t.tensor([0.9, 0.8, 0.7], requires_grad=True)
b = t.tensor([0.1, -0.2, 0.05], requires_grad=True)
x = t.tensor([0.5, -0.3, 0.8], requires_grad=True)
"""

# Loops of many shapes: shared parameters, constants made in every iteration, leaves made in every
# iteration, results nothing consumes, two loops after each other, custom Functions, ops with several
# outputs, a value used twice, hooks, retain_graph and a second backward.
CELLS = {
    "chain": "y = x\nfor i in range(60):\n    y = (y * a + b).tanh().exp() ** 2\n    y = y.sigmoid()\n"
             "loss = y.sum()\nloss.backward()\n",
    "new constants": "y = x\nfor i in range(80):\n    y = y * t.tensor(0.5) + t.tensor([1., 2., 3.])\n"
                     "y.sum().backward()\n",
    "new leaves": "y = x\nfor i in range(70):\n    w = t.ones(3, requires_grad=True)\n    y = y * w\n"
                  "y.sum().backward()\n",
    "side results": "ys = []\ny = x\nfor i in range(90):\n    y = y + a\n    ys.append(y * 2)\n"
                    "total = ys[-1].sum()\n",
    "two loops": "y = x\nfor i in range(50):\n    y = y * a\nfor i in range(40):\n    y = (y - b).tanh()\n"
                 "y.sum().backward()\n",
    "named constant": "c = t.tensor(3.0)\ny = x\nfor i in range(60):\n    y = y * c + 1\n",
    "function": "class Square(t.autograd.Function):\n    @staticmethod\n    def forward(ctx, v):\n"
                "        ctx.save_for_backward(v)\n        return v * v\n    @staticmethod\n"
                "    def backward(ctx, g):\n        (v,) = ctx.saved_tensors\n        return 2 * v * g\n"
                "y = x\nfor i in range(60):\n    y = Square.apply(y) * 0.1 + a\ny.sum().backward()\n",
    "split": "y = x\nfor i in range(40):\n    p, q, r = y.split(1)\n    y = t.cat([q, r, p]) * a\n"
             "y.sum().backward()\n",
    "used twice": "y = x\nfor i in range(70):\n    y = y * y + b\n(y.sum()).backward()\n",
    "hooks": "seen = []\ny = x\nfor i in range(60):\n    y = y * a\n"
             "    y.register_hook(lambda g: seen.append(1))\n"
             "y.sum().backward(retain_graph=True)\ny.sum().backward()\n",
}


def traced(cell: str, *, fold_first: bool, **options) -> Trace:
    namespace: dict = {}
    exec(SETUP, namespace)
    if not fold_first:
        original = picture.fold_while_building
        picture.fold_while_building = lambda *args, **kwargs: None
    try:
        with Trace(names=namespace, **options) as recording:
            exec(cell, namespace)
    finally:
        if not fold_first:
            picture.fold_while_building = original
    return recording


@pytest.mark.parametrize("name", list(CELLS))
@pytest.mark.parametrize("options", [{}, {"max_nodes": 25}, {"max_nodes": 200, "saved": True}],
                         ids=["default", "25 boxes", "saved"])
def test_folding_while_building_draws_the_same_graph(name: str, options: dict, monkeypatch) -> None:
    calls = []
    real = collapse.fold_while_building
    monkeypatch.setattr(picture, "fold_while_building",
                        lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    fast = traced(CELLS[name], fold_first=True, format="text", **options)
    plain = traced(CELLS[name], fold_first=False, format="text", **options)
    assert calls  # the first one went the new way
    assert fast.dot == plain.dot  # ids, boxes, texts, arrows, labels: all the same
    assert fast.text == plain.text  # the table, the backward order, the hooks, the notes
    assert [step.text() for step in fast.steps] == [step.text() for step in plain.steps]
    assert fast.graph.count() == plain.graph.count()
    assert [(n.id, n.count) for n in fast.graph.nodes.values()] == [
        (n.id, n.count) for n in plain.graph.nodes.values()]


def test_a_long_loop_is_folded_while_building_and_keeps_every_count() -> None:
    fast = traced("y = x\nfor i in range(20000):\n    y = y * a + b\ny.sum().backward()\n", fold_first=True)
    folded = [node for node in fast.graph.nodes.values() if node.kind == "folded"]
    assert [node.op for node in folded] == ["× 19,998 more repetitions"]
    assert folded[0].count == 2 * 19_998
    # every box the full graph has, drawn or counted: the ops, the sum, three leaves with their
    # AccumulateGrads, the sum's result
    assert fast.graph.count() == 40_000 + 1 + 3 * 2 + 1
    text = fast.text
    assert "backward: 1 pass, 40,004 steps" in text
    row = next(line for line in text.splitlines() if line.startswith(f"{folded[0].id} "))
    assert "(39,996 steps)" in row  # every step of the folded iterations, counted


def test_a_big_backward_pass_keeps_the_gradients_of_its_first_and_last_steps() -> None:
    recording = traced("y = x\nfor i in range(3000):\n    y = y * a\ny.sum().backward()\n", fold_first=True)
    steps = recording.steps
    total = 3000 + 1 + 2  # the products, the sum, the AccumulateGrads of x and a
    assert len(steps) == 2 * STEP_DETAIL
    assert [step.number for step in steps] == [*range(1, STEP_DETAIL + 1),
                                               *range(total - STEP_DETAIL + 1, total + 1)]
    assert not any(step.partial for step in steps[:STEP_DETAIL])
    assert all(step.partial for step in steps[STEP_DETAIL:])  # steps before them were not kept
    late = steps[-1]  # x's AccumulateGrad: what arrived, without who sent it
    assert "which steps sent it is not kept" in late.grad_in[0]
    text = recording.picture.steps_text
    assert f"... steps {STEP_DETAIL + 1:,} to {total - STEP_DETAIL:,}: kept without their gradients" in text
    assert f"backward: 1 pass, {total:,} steps" in recording.text
    np.testing.assert_allclose(steps[0].arrived[0][1], np.ones(3))  # the starting gradient


def test_the_step_through_says_which_steps_it_walks() -> None:
    from autograd_lab.jupyter.stepper import _details

    recording = traced("y = x\nfor i in range(2500):\n    y = y * a\ny.sum().backward()\n", fold_first=True)
    intro = _details(recording.picture, 0)
    assert intro.startswith("Backward pass: 2,503 steps in the engine's order. The slider walks the 2,000 "
                            "kept with their gradients")
    small = traced("y = (x * a).sum()\ny.backward()\n", fold_first=True)
    assert _details(small.picture, 0) == ("Backward pass: 4 steps in the engine's order.\nPress ▶ or move "
                                          "the slider.")


def test_a_step_receiving_from_many_lists_a_few_and_counts_the_rest() -> None:
    recording = traced("y = x\nfor i in range(40):\n    y = y + b\ny.sum().backward()\n", fold_first=True)
    accumulate_b = next(step for step in recording.steps if step.title == "AccumulateGrad (b)")
    line = accumulate_b.grad_in[0]
    assert line.count("(from AddBackward0") == 5 and "… 35 more" in line


def test_a_folded_picture_keeps_no_node_alive() -> None:
    import gc
    import weakref

    namespace: dict = {}
    exec(SETUP, namespace)
    with Trace(names=namespace) as recording:
        exec("y = x\nfor i in range(3000):\n    y = y * a\nmiddle = y.grad_fn\nfor i in range(3000):\n"
             "    y = y * a\ny.sum().backward()\n", namespace)
    assert any(node.kind == "folded" for node in recording.graph.nodes.values())
    witness = weakref.ref(namespace["middle"])
    namespace.clear()
    gc.collect()
    assert witness() is None and recording.text  # the picture stands on its own
