"""Random differential sweeps against torch (live, ``torch`` fixture): indexing keys (read and
write) and matmul operand shapes drawn by hypothesis. Each example compares the values, the
gradients of every input and the whole graph (node names, recursively) with torch's, or the error
class and message when torch refuses."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t

SWEEP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# key elements: ints, slices, None, Ellipsis, lists, tensors ("T", data), masks, bools
_ITEMS = [0, -1, 1, slice(None), slice(1, None), slice(None, None, 2), slice(0, 1), None,
          Ellipsis, [0, 1], [1, 1, 0], ("T", [0, 2]), ("T", [[0], [1]]),
          ("T", [True, False, True]), True, ("T", 1)]
# (two Ellipses in one key are left out: torch's pointer runs past the last dim there and its
# results are accidents, e.g. x[..., ..., 0] on a 3-d tensor indexes "dimension 2 with size 0")
KEYS = st.lists(st.sampled_from(_ITEMS), min_size=1, max_size=3).filter(
    lambda items: items.count(Ellipsis) < 2).map(tuple)

_SHAPES = [(3,), (2, 3), (3, 4), (1, 3, 4), (2, 2, 3), (2, 3, 4), (2, 1, 2, 3), (1, 2, 3, 4),
           (0, 3), (3, 0), (2, 0, 3), (1, 2, 3), (2, 1, 3, 4)]


def _graph(node: Any) -> Any:
    if node is None:
        return None
    return (node.name(), [_graph(child) for child, _ in node.next_functions])


def _key(lib: Any, key: tuple) -> tuple:
    return tuple(lib.tensor(item[1]) if isinstance(item, tuple) else item for item in key)


def _observe(lib: Any, fn: Any) -> tuple:
    """Run ``fn`` (returns the output and the inputs) with ``lib`` (torch or autograd_lab) and
    backpropagate a weighted sum: what happened, comparable across libraries."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out, inputs = fn()
            weights = np.arange(1.0, out.numel() + 1.0).reshape(tuple(out.shape))
            (out * lib.tensor(weights, dtype=out.dtype)).sum().backward()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return ("error", type(error).__name__, str(error).split("\nHint (autograd_lab)")[0])
    grads = [None if x.grad is None else x.grad.numpy() for x in inputs]
    return ("ok", out.detach().numpy(), grads, _graph(out.grad_fn))


def _assert_same(ours: tuple, theirs: tuple) -> None:
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "error":
        assert ours[1:] == theirs[1:]
        return
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-10)
    for mine, reference in zip(ours[2], theirs[2]):
        assert (mine is None) == (reference is None)
        if mine is not None:
            np.testing.assert_allclose(mine, reference, rtol=1e-10)
    assert ours[3] == theirs[3]


@SWEEP
@given(key=KEYS, seed=st.integers(0, 2**16))
def test_getitem_sweep(torch: Any, key: tuple, seed: int) -> None:
    data = np.random.default_rng(seed).standard_normal((3, 3, 4))

    def run(lib: Any) -> Any:
        def body() -> tuple:
            x = lib.tensor(data, requires_grad=True)
            return x[_key(lib, key)], [x]
        return _observe(lib, body)

    _assert_same(run(t), run(torch))


@SWEEP
@given(key=KEYS, seed=st.integers(0, 2**16), drop_leading=st.booleans())
def test_setitem_sweep(torch: Any, key: tuple, seed: int, drop_leading: bool) -> None:
    try:
        shape = tuple(torch.zeros(3, 3, 4)[_key(torch, key)].shape)
    except IndexError:
        return  # refused reads are covered by the getitem sweep
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((3, 3, 4))
    value = rng.standard_normal(shape[1:] if drop_leading and shape else shape)

    def run(lib: Any) -> Any:
        def body() -> tuple:
            x = lib.tensor(data, requires_grad=True)
            v = lib.tensor(value, requires_grad=True)
            y = x * 1
            y[_key(lib, key)] = v * 2
            return y, [x, v]
        return _observe(lib, body)

    _assert_same(run(t), run(torch))


@SWEEP
@given(shapes=st.tuples(st.sampled_from(_SHAPES), st.sampled_from(_SHAPES)),
       grads=st.sampled_from([(True, True), (True, False), (False, True)]),
       seed=st.integers(0, 2**16))
def test_matmul_sweep(torch: Any, shapes: tuple, grads: tuple, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = (rng.standard_normal(shape) for shape in shapes)

    def run(lib: Any) -> Any:
        def body() -> tuple:
            x = lib.tensor(a, requires_grad=grads[0])
            y = lib.tensor(b, requires_grad=grads[1])
            return x @ y, [x, y]
        return _observe(lib, body)

    _assert_same(run(t), run(torch))


_PREPARED = {
    "contiguous": lambda x: x,
    "transposed": lambda x: x.transpose(0, 1),
    "sliced": lambda x: x[:, :, :2],
    "expanded": lambda x: x[:, :1].expand(2, 3, 4),
    "permuted": lambda x: x.permute(2, 0, 1),
}


@pytest.mark.parametrize("target", [(-1,), (6, -1), (2, 3, -1), (-1, 2)])
@pytest.mark.parametrize("prepare", _PREPARED.values(), ids=_PREPARED.keys())
@pytest.mark.parametrize("method", ["reshape", "view"])
def test_reshape_graph_sweep(torch: Any, method: str, prepare: Any, target: tuple) -> None:
    """reshape/view of contiguous, transposed, sliced and expanded tensors: same node (View,
    ReshapeAlias, Clone + UnsafeView) or the same error as torch."""

    def run(lib: Any) -> Any:
        def body() -> tuple:
            x = lib.tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
            return getattr(prepare(x), method)(*target), [x]
        return _observe(lib, body)

    _assert_same(run(t), run(torch))
