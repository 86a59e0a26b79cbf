"""Engine invariants: diamonds, accumulation, hooks, deep graphs, memory release, atomic failures."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd.node import AccumulateGrad
from autograd_lab.autograd.record import observe


def test_diamond_sums_both_paths() -> None:
    x = t.tensor([3.0], requires_grad=True)
    y = x * x  # used twice below
    z = y * 2 + y * 3
    z.backward()
    assert x.grad.tolist() == [pytest.approx(5 * 2 * 3.0)]


def test_accumulation_over_two_backwards_and_zeroing() -> None:
    x = t.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * x).sum().backward()
    assert x.grad.tolist() == [4.0, 8.0]
    x.grad = None
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_grad_is_not_aliased_between_leaves() -> None:
    """Add sends the same array to both inputs; each leaf must own its .grad."""
    a = t.ones(2, requires_grad=True)
    b = t.ones(2, requires_grad=True)
    (a + b).sum().backward()
    a.grad.add_(10)  # in-place on one leaf's grad
    assert b.grad.tolist() == [1.0, 1.0]


def test_user_gradient_is_not_stolen() -> None:
    x = t.ones(3, requires_grad=True)
    g = t.tensor([1.0, 2.0, 3.0])
    (x + 0).backward(g)
    x.grad.add_(1)
    assert g.tolist() == [1.0, 2.0, 3.0]


def test_hook_order_follows_the_graph() -> None:
    order: list[str] = []
    x = t.ones(2, requires_grad=True)
    a = x * 2
    b = a * 3
    x.register_hook(lambda g: order.append("x"))
    a.register_hook(lambda g: order.append("a"))
    b.register_hook(lambda g: order.append("b"))
    b.sum().backward()
    assert order == ["b", "a", "x"]


def test_engine_runs_nodes_in_decreasing_sequence_order() -> None:
    events: list[str] = []

    class Recorder:
        def on_op(self, node, inputs, outputs): pass
        def on_backward_start(self, roots): pass
        def on_backward_step(self, node, grads_in, grads_out): events.append(type(node).__name__)
        def on_hook(self, *args): pass
        def on_release(self, node): pass
        def on_backward_end(self): pass

    x = t.ones(2, requires_grad=True)
    w = t.ones(2, requires_grad=True)
    with observe(Recorder()):
        loss = ((x * w) + x).sum()
        loss.backward()
    assert events[0] == "SumBackward0"
    assert events[1] == "AddBackward0"
    assert events[-1] == "AccumulateGrad"
    assert events.count("AccumulateGrad") == 2


def test_million_op_chain_backpropagates_without_recursion() -> None:
    x = t.ones(1, requires_grad=True)
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert x.grad.tolist() == [1.0]


def test_graph_memory_is_released_after_backward() -> None:
    x = t.ones(4, requires_grad=True)
    hidden = x * 2
    out = (hidden * hidden).sum()
    node = hidden.grad_fn
    watch_tensor = weakref.ref(hidden)
    del hidden
    out.backward()
    # saved inputs are freed after backward (no retain_graph): the intermediate tensor is gone
    gc.collect()
    assert watch_tensor() is None
    watch_node = weakref.ref(node)
    del node, out
    gc.collect()
    assert watch_node() is None


def test_graph_is_freed_without_backward_when_output_dropped() -> None:
    x = t.ones(4, requires_grad=True)
    out = (x.reciprocal() * x).sum()
    watch = weakref.ref(out.grad_fn)
    del out
    assert watch() is None  # no reference cycles: freed without the garbage collector


def test_retain_graph_keeps_buffers() -> None:
    x = t.tensor([2.0], requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_graph=True)
    z.backward()
    assert x.grad.tolist() == [8.0]
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        z.backward()


def test_failed_backward_changes_no_grad() -> None:
    x = t.ones(3, requires_grad=True)
    w = t.ones(3, requires_grad=True)
    a = x * 1
    loss = (a * w).sum() + (a * a).sum()
    a.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    assert x.grad is None and w.grad is None


def test_failed_second_backward_changes_no_grad() -> None:
    x = t.ones(2, requires_grad=True)
    w = t.ones(2, requires_grad=True)
    loss = (x * 2).sum() + (w * w).sum()
    loss.backward()
    before = (x.grad.tolist(), w.grad.tolist())
    with pytest.raises(RuntimeError):
        loss.backward()
    assert (x.grad.tolist(), w.grad.tolist()) == before


def test_accumulate_grad_is_shared_while_graph_lives() -> None:
    x = t.ones(2, requires_grad=True)
    a, b = x * 2, x * 3
    node_a = a.grad_fn.next_functions[0][0]
    assert isinstance(node_a, AccumulateGrad)
    assert node_a is b.grad_fn.next_functions[0][0]
    assert node_a.variable is x


def test_create_graph_gives_higher_derivatives() -> None:
    x = t.tensor([0.5, 2.0], dtype=t.float64, requires_grad=True)
    y = (x ** 4).sum()
    (g,) = t.autograd.grad(y, x, create_graph=True)
    (h,) = t.autograd.grad(g.sum(), x, create_graph=True)
    (third,) = t.autograd.grad(h.sum(), x)
    np.testing.assert_allclose(g.detach().numpy(), 4 * np.array([0.5, 2.0]) ** 3)
    np.testing.assert_allclose(h.detach().numpy(), 12 * np.array([0.5, 2.0]) ** 2)
    np.testing.assert_allclose(third.numpy(), 24 * np.array([0.5, 2.0]))


def test_hook_exception_propagates_and_leaves_no_grad_mode_change() -> None:
    x = t.ones(2, requires_grad=True)
    y = x * 2

    def bad_hook(grad):
        raise ValueError("boom")

    y.register_hook(bad_hook)
    with pytest.raises(ValueError, match="boom"):
        y.sum().backward()
    assert t.is_grad_enabled()


def test_numpy_warnings_do_not_leak(recwarn) -> None:
    x = t.tensor([0.0, 1.0], requires_grad=True)
    y = (1 / x) + x / t.tensor([0.0, 1.0]) + x ** -1.0
    y.sum().backward()
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_zero_dim_results_hold_arrays_so_inplace_updates_work() -> None:
    """numpy turns 0-d results into scalars; tensors (and .grad) must still hold arrays."""
    x = t.tensor(1.5, dtype=t.float64, requires_grad=True)
    y = x * x
    assert isinstance(y._data, np.ndarray)
    y.backward()
    assert isinstance(x.grad._data, np.ndarray)
    optimizer = t.optim.SGD([x], lr=0.1, momentum=0.9)
    optimizer.step()
    optimizer.zero_grad()
    (x * x).backward()
    optimizer.step()
    # torch: v1 = 3.0, x1 = 1.2; v2 = 0.9 * 3.0 + 2.4 = 5.1, x2 = 1.2 - 0.51
    assert x.item() == pytest.approx(0.69)


def test_leaf_keeps_an_unshared_view_but_copies_a_shared_one(fast_paths_on) -> None:
    """AccumulateGrad keeps a view gradient without copying only when nothing else sees its base and
    it is laid out as the copy would be (C-contiguous, as torch lays out ``.grad``)."""
    w = t.randn(3, 4, requires_grad=True)
    (w.view(12) * t.randn(12)).sum().backward()  # ViewBackward0 hands over a reshaped fresh array
    assert w.grad._data.base is not None
    v = t.randn(3, 4, requires_grad=True)
    (t.randn(5, 4) @ v.t()).sum().backward()  # TBackward0 hands over a transposed fresh array
    assert v.grad.is_contiguous() and v.grad._data.flags.c_contiguous
    a = t.ones(3, requires_grad=True)
    b = t.ones(3, requires_grad=True)
    (t.stack([a, b]) * 2).sum().backward()  # both gradients are views of one array
    a.grad.add_(1)
    assert b.grad.tolist() == [2.0, 2.0, 2.0]
    assert a.grad.tolist() == [3.0, 3.0, 3.0]


def test_buffers_freed_is_public_and_set_only_for_nodes_that_saved() -> None:
    x = t.ones(2, requires_grad=True)
    product = x * x  # saves both inputs
    total = product.sum()  # saves only a shape
    assert not product.grad_fn.buffers_freed
    total.backward()
    assert product.grad_fn.buffers_freed
    assert not total.grad_fn.buffers_freed


@pytest.mark.parametrize(("value", "name"), [(t.tensor([5, 5]), "long int"),
                                             (t.ones(2, dtype=t.float16), "c10::Half"),
                                             (t.ones(2, dtype=t.float64), "double")])
def test_assigning_a_grad_of_another_dtype_is_torchs_error(value, name) -> None:
    """torch's text, cut before its advice to set ``grad_dtype`` (the library has no such
    attribute, so the advice would point at nothing)."""
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError) as caught:
        x.grad = value
    assert str(caught.value) == (
        f"attempting to assign a gradient with dtype '{name}' to a tensor with grad_dtype 'Float'. "
        "The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype).")
    assert x.grad is None


def test_post_accumulate_grad_hooks_run_once_grad_is_written() -> None:
    seen = []
    x = t.ones(2, requires_grad=True)
    x.register_hook(lambda g: seen.append(("pre", g.tolist())))
    handle = x.register_post_accumulate_grad_hook(lambda p: seen.append(("post", p.grad.tolist())))
    (x * 3).sum().backward()
    t.autograd.grad((x * 3).sum(), x)  # writes no .grad: no post hook
    (x * 3).sum().backward()
    assert seen == [("pre", [3.0, 3.0]), ("post", [3.0, 3.0]), ("pre", [3.0, 3.0]),
                    ("pre", [3.0, 3.0]), ("post", [6.0, 6.0])]
    handle.remove()
    (x * 3).sum().backward()
    assert seen[-1] == ("pre", [3.0, 3.0])


def test_a_post_accumulate_grad_hook_can_step_and_drop_the_gradient() -> None:
    p = t.tensor([1.0, 2.0], requires_grad=True)

    def step(param: t.Tensor) -> None:
        with t.no_grad():
            param.add_(param.grad, alpha=-0.5)
        param.grad = None

    p.register_post_accumulate_grad_hook(step)
    (p * p).sum().backward()
    assert p.grad is None and p.tolist() == [0.0, 0.0]


def test_post_accumulate_grad_hook_errors() -> None:
    with pytest.raises(RuntimeError, match="^cannot register a hook on a tensor that doesn't "
                                           "require gradient$"):
        t.ones(2).register_post_accumulate_grad_hook(lambda p: None)
    x = t.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="^post accumulate grad hooks cannot be registered on "
                                           "non-leaf tensors$"):
        (x * 2).register_post_accumulate_grad_hook(lambda p: None)
    x.register_post_accumulate_grad_hook(lambda p: p * 2)
    with pytest.raises(RuntimeError, match="^Tensor post accumulate grad hooks should return None"):
        (x * 2).sum().backward()
