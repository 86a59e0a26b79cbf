"""Record, from PyTorch, the graphs that ``%%trace`` must draw (golden data for tests/test_trace_magic.py).

The cells are the seed notebook's (``/work/shared/seed``), in order, as PyTorch 2.x runs them: the
integer ``arange`` that can no longer require grad is a float ``arange``; the last cell keeps its
shape-(1,) gradient and so raises, as it does in 2.x. For each cell the recorder runs the source
with ``t`` = torch and stores:

* ``edges``: the graph behind the cell's roots (named tensors, plus the tensors in the cell's last
  expression), as ``[consumer, input slot, child]`` labels ``"MulBackward0:y"`` (torch's node name,
  ``AccumulateGrad`` unprefixed, and the variable holding that tensor, ``""`` if none; ``"None"``
  for a ``(None, 0)`` input);
* ``leaf_grads``: ``.grad`` of every named leaf in that graph (cells whose values are not random);
* ``error``: the exception's class name, or null.

``order`` is the node labels in the order torch's engine runs them for one backward pass.
Only :func:`record` imports torch; the cells and :func:`graph_edges` are shared with the tests.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

PRELUDE = "import {module} as t\nfrom {module}.autograd import Variable as V\n"

# (name, source, root variable names, whether leaf gradients are deterministic)
SEED_CELLS: list[tuple[str, str, list[str], bool]] = [
    ("In32", "a = V(t.ones(3,4), requires_grad = True)\nb = V(t.ones(3,4))\nc = a+b\n"
             "d = c.sum()  # calculate the sum\nd.backward()  #back-propagation\n"
             "a.grad,c.requires_grad,c.grad is None\n", ["d"], True),
    ("In33", "a.is_leaf,b.is_leaf,c.is_leaf  # autograd only calculate the leaf.\n", [], True),
    ("In15", "c.data.sum() , c.sum()  # first is tensor,second is variable\n", [], True),
    ("In44", "def f(x):\n    y = x**2\n    return y\ndef gradf(x):\n    dx = 2*x\n    return dx\n"
             "x = V(t.randn(2,3),requires_grad = True)\ny = f(x)\nprint(y)\n"
             "y.backward(t.ones(x.size()))\nx.grad,gradf(x)\n", ["y"], False),
    ("In48", "x = V(t.ones(1))\nb = V(t.rand(1),requires_grad=True)\nw = V(t.rand(1),requires_grad=True)\n"
             "y = w*x\nz = y+b\n", ["z"], True),
    ("In52", "y.requires_grad,z.requires_grad,z.grad_fn,y.grad_fn\n", [], True),
    ("In53", "z.grad_fn.next_functions\n", [], True),
    ("In54", "y.grad_fn.next_functions\n", [], True),
    ("In55", "w.grad_fn,x.grad_fn\n", [], True),
    ("In59", "z.backward(retain_graph = True)\nw.grad\n", ["z"], True),
    ("In65", "x = V(t.ones(3),requires_grad = True)\nw = V(t.ones(3),requires_grad = True)\ny = x*w\n"
             "z = y.sum()\nt.autograd.grad(z,y)\n", ["z"], True),
    ("In67", "def hook1(grad):\n    print(\"y's grad:\\n\",grad)\nx = V(t.ones(3),requires_grad = True)\n"
             "w = V(t.ones(3),requires_grad = True)\ny = x*w\nhook_handle = y.register_hook(hook1)\n"
             "z = y.sum()\nz.backward()\nhook_handle.remove()\n", ["z"], True),
    ("In68", "x = V(t.arange(0.,3),requires_grad = True)\ny = x**2 + x*2\nz = y.sum()\nz.backward()\n"
             "x.grad\n", ["z"], True),
    ("In71", "x = V(t.arange(0.,3),requires_grad = True)\ny = x**2 + x*2\nz = y.sum()\n"
             "grad_y = V(t.ones(1))\ny.backward(grad_y)\nx.grad\n", ["y", "z"], True),
]

# One backward pass whose order is not just "reverse creation": a tensor used twice, two branches.
ORDER_FORWARD = ("x = t.tensor([1., 2., 3.], requires_grad=True)\n"
                 "w = t.tensor([0.5, -1., 2.], requires_grad=True)\n"
                 "y = x * w\nz = y * x + w\nq = z.exp()\n"
                 "s = z.sum() + y.mean() + q.sum()\n")
ORDER_BACKWARD = "s.backward()\n"


def _names(namespace: dict) -> tuple[dict[int, str], dict[tuple[int, int], str]]:
    """The variables of ``namespace`` by tensor identity and by (grad_fn, output_nr)."""
    by_tensor: dict[int, str] = {}
    by_output: dict[tuple[int, int], str] = {}
    for name, value in namespace.items():
        if name.startswith("_") or not hasattr(value, "grad_fn") or not hasattr(value, "is_leaf"):
            continue
        by_tensor.setdefault(id(value), name)
        if value.grad_fn is not None:
            by_output.setdefault((id(value.grad_fn), getattr(value, "output_nr", 0)), name)
    return by_tensor, by_output


def node_label(node: Any, namespace: dict) -> str:
    """``"MulBackward0:y"``: a node's torch name and the variable holding its tensor."""
    by_tensor, by_output = _names(namespace)
    if node is None:
        return "None"
    name = node.name().replace("torch::autograd::", "")
    if hasattr(node, "variable"):
        return f"{name}:{by_tensor.get(id(node.variable), '')}"
    return f"{name}:{by_output.get((id(node), 0), '')}"


def graph_edges(roots: list, namespace: dict) -> list[list]:
    """``[consumer, slot, child]`` for every edge reachable from the tensors ``roots``."""
    edges = []
    seen: set[int] = set()
    stack = [root.grad_fn for root in roots if getattr(root, "grad_fn", None) is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for slot, (child, _) in enumerate(node.next_functions):
            edges.append([node_label(node, namespace), slot, node_label(child, namespace)])
            if child is not None and not hasattr(child, "variable"):
                stack.append(child)
    return sorted(edges)


def result_tensors(value: Any) -> list:
    """The tensors in a cell's last expression (a tensor or a tuple of things)."""
    items = value if isinstance(value, tuple) else (value,)
    return [item for item in items if hasattr(item, "grad_fn") and hasattr(item, "is_leaf")]


def run_cell(source: str, namespace: dict) -> tuple[Any, BaseException | None]:
    """Execute a cell like IPython: statements, then the last expression's value."""
    import ast

    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(tree, "<cell>", "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
    except Exception as error:  # noqa: BLE001 - the error is what is recorded
        return None, error
    return value, None


def leaf_grads(edges: list[list], namespace: dict) -> dict[str, Any]:
    """``.grad`` (flat list, or None) of each named leaf in ``edges``."""
    grads = {}
    for _, _, child in edges:
        kind, _, name = child.partition(":")
        if kind == "AccumulateGrad" and name:
            grad = namespace[name].grad
            grads[name] = None if grad is None else [float(v) for v in grad.detach().reshape(-1).tolist()]
    return grads


def record_cells(module: Any, variable: Any) -> dict:
    """Run the seed cells with ``t`` = ``module``; what each cell's graph is."""
    namespace: dict = {"t": module, "V": variable}
    cells = {}
    for name, source, roots, deterministic in SEED_CELLS:
        value, error = run_cell(source, namespace)
        tensors = [namespace[root] for root in roots] + result_tensors(value)
        edges = graph_edges(tensors, namespace)
        cells[name] = {"edges": edges, "error": type(error).__name__ if error else None,
                       "leaf_grads": leaf_grads(edges, namespace) if deterministic else None}
    return cells


def record_order(module: Any) -> list[str]:
    """Node labels in the order the engine of ``module`` runs them (pre-hooks on every node)."""
    namespace: dict = {"t": module}
    run_cell(ORDER_FORWARD, namespace)
    order: list[str] = []
    stack, seen = [namespace["s"].grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        label = node_label(node, namespace)
        node.register_prehook(lambda grads, label=label: order.append(label))
        stack.extend(child for child, _ in node.next_functions)
    run_cell(ORDER_BACKWARD, namespace)
    return order


def record() -> dict:
    import torch

    return {"cells": record_cells(torch, torch.autograd.Variable), "order": record_order(torch)}
