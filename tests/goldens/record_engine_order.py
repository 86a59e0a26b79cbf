"""Record, from PyTorch, the order in which its engine runs the nodes of random graphs (golden data
for tests/test_engine_order.py).

Each seed builds a random graph of small ops (``* + -``, tanh, sigmoid, a multiplication by a number,
``split`` into three outputs) over three leaves and one constant; some results are left out of the
loss, so some leaves have consumers the backward pass never reaches. Every node gets a pre-hook and
every leaf a tensor hook that append a label when they run, so the recorded ``order`` is the engine's
schedule (inputs are mostly recent results, so a node often makes two others ready at once): highest
sequence number first among ready nodes, a leaf's AccumulateGrad as soon as its last consumer ran.
``grads`` are the leaves' gradients.

:func:`run_graph` is shared by the recorder (with torch) and the tests (with autograd_lab); only
:func:`record` imports torch.
"""

from __future__ import annotations

import random
from typing import Any

SEEDS = range(40)
STEPS = 24
BINARY = {"mul": lambda a, b: a * b, "add": lambda a, b: a + b, "sub": lambda a, b: a - b,
          "tanh": lambda a, b: a.tanh(), "sigmoid": lambda a, b: a.sigmoid(),
          "scale": lambda a, b: a * 0.5}
OPS = (*BINARY, "split")


def run_graph(t: Any, seed: int) -> dict[str, Any]:
    """Build seed's graph with the module ``t`` (torch or autograd_lab), run backward, and return
    the labels in the order the engine ran them and the leaves' gradients."""
    rng = random.Random(seed)
    order: list[str] = []
    leaves = [t.tensor([0.1 * (k + 1), -0.2 * (k + 1), 0.3], requires_grad=True) for k in range(3)]
    for k, leaf in enumerate(leaves):
        leaf.register_hook(lambda grad, label=f"leaf{k}": order.append(label))
    values = [*leaves, t.tensor([0.5, 0.5, 0.5])]
    labelled: set[int] = set()

    def watch(result: Any, label: str) -> None:
        node = result.grad_fn
        if node is not None and id(node) not in labelled:
            labelled.add(id(node))
            node.register_prehook(lambda grads: order.append(label))

    for step in range(STEPS):
        op = rng.choice(OPS)
        # mostly recent results, so nodes often make two non-leaf inputs ready at once
        a, b = (rng.choice(values[-5:] if rng.random() < 0.7 else values) for _ in range(2))
        if op == "split":
            pieces = (a * 1.5).split(1)
            watch(pieces[0], f"{step}:split")
            values.extend(pieces)
            continue
        result = BINARY[op](a, b)
        watch(result, f"{step}:{op}")
        values.append(result)
    wanted = [value for value in values[4:] if value.requires_grad]
    chosen = rng.sample(wanted, min(3, len(wanted)))
    loss = chosen[0].sum()
    watch(loss, "sum0")
    for index, value in enumerate(chosen[1:], start=1):
        total = value.sum()
        watch(total, f"sum{index}")
        loss = loss + total
        watch(loss, f"loss{index}")
    loss.backward()
    return {"order": order,
            "grads": [None if leaf.grad is None else [round(v, 6) for v in leaf.grad.tolist()]
                      for leaf in leaves]}


def record() -> dict:
    import torch

    return {str(seed): run_graph(torch, seed) for seed in SEEDS}
