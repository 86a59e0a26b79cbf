"""``autograd.graph.saved_tensors_hooks``, ``save_on_cpu`` and ``disable_saved_tensors_hooks``:
what an op saves goes through the pack hook when it runs and comes back through the unpack hook
when the backward pass (or ``grad_fn._saved_*``) needs it."""

from __future__ import annotations

import gc
import threading
import weakref

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd.graph import (
    disable_saved_tensors_hooks,
    save_on_cpu,
    saved_tensors_hooks,
)
from autograd_lab.autograd.record import watching

FREED = "Trying to backward through the graph a second time"


def test_pack_runs_when_the_op_saves_and_unpack_when_backward_reads() -> None:
    log = []
    x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with saved_tensors_hooks(lambda s: log.append(("pack", s)) or s,
                             lambda s: log.append(("unpack", s)) or s):
        y = x.exp()
    assert [kind for kind, _ in log] == ["pack"] and log[0][1] is y  # exp saves its result
    y.sum().backward()
    assert [kind for kind, _ in log] == ["pack", "unpack"]
    assert np.allclose(x.grad.numpy(), np.exp([1.0, 2.0, 3.0]))


def test_the_backward_pass_reads_what_unpack_gives_back() -> None:
    x = t.tensor([1.0, -2.0, 0.5], requires_grad=True)
    with saved_tensors_hooks(lambda s: s * 4, lambda s: s / 4):
        y = (x ** 3).sum()
    y.backward()
    assert np.allclose(x.grad.numpy(), 3 * x.detach().numpy() ** 2)
    x.grad = None
    with saved_tensors_hooks(lambda s: s * 4, lambda s: s):  # forgets to divide: 4x the input
        y = (x ** 2).sum()
    y.backward()
    assert np.allclose(x.grad.numpy(), 2 * 4 * x.detach().numpy())


def test_packed_objects_are_released_by_the_backward_pass() -> None:
    class Box:
        def __init__(self, tensor: t.Tensor) -> None:
            self.tensor = tensor

    boxes = []

    def pack(tensor: t.Tensor) -> Box:
        boxes.append(weakref.ref(box := Box(tensor)))
        return box

    x = t.ones(3, requires_grad=True)
    with saved_tensors_hooks(pack, lambda box: box.tensor):
        y = (x * 2).exp()
    y.sum().backward()
    gc.collect()
    assert boxes and all(ref() is None for ref in boxes)
    with pytest.raises(RuntimeError, match=FREED):
        y.grad_fn._saved_result  # noqa: B018


def test_saved_attributes_unpack_on_every_access() -> None:
    calls = []
    x = t.ones(4, requires_grad=True)
    with saved_tensors_hooks(lambda s: s, lambda s: calls.append(1) or s):
        y = x.pow(2)
    assert y.grad_fn._saved_self is x and y.grad_fn._saved_self is x
    assert len(calls) == 2


def test_unpack_must_give_back_a_tensor_of_the_saved_shape_and_dtype() -> None:
    x = t.ones(3, requires_grad=True)
    with saved_tensors_hooks(lambda s: 3, lambda s: s):
        y = x.exp()
    with pytest.raises(TypeError, match="Output of saved tensor unpack_hook expected to be a Tensor "
                                        "but got result of type int"):
        y.sum().backward()
    with saved_tensors_hooks(lambda s: s, lambda s: t.zeros(1)):
        y = x.exp()
    with pytest.raises(RuntimeError, match="unpack_hook returned a tensor of shape"):
        y.sum().backward()
    with saved_tensors_hooks(lambda s: s, lambda s: s.double()):
        y = x.exp()
    with pytest.raises(RuntimeError, match="dtype"):
        y.grad_fn._saved_result  # noqa: B018


def test_hooks_nest_and_ops_inside_a_hook_are_not_packed() -> None:
    outer, inner = [], []
    x = t.ones(2, requires_grad=True)

    def inner_pack(s: t.Tensor) -> t.Tensor:
        inner.append(s)
        return s * 1  # an op that saves nothing, run inside the hook

    with saved_tensors_hooks(lambda s: outer.append(s) or s, lambda s: s):
        with saved_tensors_hooks(inner_pack, lambda s: s):
            y = x * x
        z = y.exp()
    assert len(inner) == 2 and len(outer) == 1 and outer[0] is z
    z.sum().backward()
    assert np.allclose(x.grad.numpy(), 2 * np.exp(1.0))


def test_disable_saved_tensors_hooks() -> None:
    with disable_saved_tensors_hooks("no hooks in this block"), \
            pytest.raises(RuntimeError, match="^no hooks in this block$"), \
            saved_tensors_hooks(lambda s: s, lambda s: s):
        pass
    with saved_tensors_hooks(lambda s: s, lambda s: s), \
            pytest.raises(RuntimeError, match="^already on$"), \
            disable_saved_tensors_hooks("already on"):
        pass
    with saved_tensors_hooks(lambda s: s, lambda s: s):  # allowed again once the block closed
        pass
    assert watching.count == 0


def test_a_custom_function_packs_what_it_saves() -> None:
    log = []

    class Double(t.autograd.Function):
        @staticmethod
        def forward(ctx, x):  # noqa: ANN001, ANN205
            ctx.save_for_backward(x)
            return x * 2

        @staticmethod
        def backward(ctx, grad):  # noqa: ANN001, ANN205
            (x,) = ctx.saved_tensors
            return grad * 2 + 0 * x

    x = t.ones(3, requires_grad=True)
    with saved_tensors_hooks(lambda s: log.append("pack") or s, lambda s: log.append("unpack") or s):
        y = Double.apply(x)
    y.sum().backward()
    assert log == ["pack", "unpack"] and np.array_equal(x.grad.numpy(), [2.0, 2.0, 2.0])


def test_with_hooks_a_later_in_place_change_does_not_reach_the_backward_pass() -> None:
    # as in torch: the hooks decide what the pass reads, so there is no in-place check; here the
    # pack hook copied, and the gradient is that of the values at the time of the op
    e = t.tensor([1.0, 2.0], requires_grad=True).clone()
    with saved_tensors_hooks(lambda s: s.detach().clone(), lambda s: s):
        y = (e * e).sum()
    with t.no_grad():
        e.add_(10)
    (grad,) = t.autograd.grad(y, e)
    assert np.array_equal(grad.numpy(), [2.0, 4.0])


def test_create_graph_through_packed_tensors() -> None:
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with saved_tensors_hooks(lambda s: s * 4, lambda s: s / 4):
        y = (x ** 3).sum()
    (g,) = t.autograd.grad(y, x, create_graph=True)
    g.sum().backward()
    assert np.allclose(x.grad.numpy(), [6.0, 12.0])
    with saved_tensors_hooks(lambda s: s * 4, lambda s: s):
        y = (x ** 3).sum()
    with pytest.raises(RuntimeError, match="other values than pack_hook was given"):
        t.autograd.grad(y, x, create_graph=True)


@pytest.mark.parametrize("pin_memory", [False, True])
def test_save_on_cpu_gives_the_same_gradients(pin_memory: bool) -> None:
    model = t.nn.Sequential(t.nn.Linear(4, 8), t.nn.Tanh(), t.nn.Linear(8, 1))
    x = t.randn(5, 4)
    model(x).sum().backward()
    expected = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    with save_on_cpu(pin_memory=pin_memory):
        loss = model(x).sum()
    loss.backward()
    assert all(np.array_equal(p.grad.numpy(), e.numpy()) for p, e in zip(model.parameters(), expected))


def test_hooks_belong_to_their_thread() -> None:
    packed = []
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with saved_tensors_hooks(lambda s: packed.append(s) or s, lambda s: s):
            started.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    started.wait(5)
    x = t.ones(2, requires_grad=True)
    x.exp().sum().backward()
    release.set()
    thread.join()
    assert packed == []
