"""``autograd_lab.func`` beyond the parity cases: agreement with ``autograd.functional`` and with
loops written by hand, what the transforms leave behind (grad mode, ``.grad``, the state ops report
to), vmap's randomness modes, and what vmap refuses or allows inside the function."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd.record import recorder, watching
from autograd_lab.func import functional_call, grad, grad_and_value, hessian, jacrev, vjp, vmap

W = t.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])
B = t.tensor([0.1, -0.2])


def predict(x: t.Tensor) -> t.Tensor:
    return (W @ x + B).tanh()


def two_inputs(x: t.Tensor, y: t.Tensor) -> t.Tensor:
    return (x * y.sin()).exp()


def scalar(x: t.Tensor) -> t.Tensor:
    return (x.sin() * x ** 2).sum()


X = t.tensor([0.3, -0.7, 1.1])


def close(a: t.Tensor, b: t.Tensor) -> bool:
    return a.shape == b.shape and np.allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-6)


# -- agreement ----------------------------------------------------------------------------------


def test_jacrev_agrees_with_autograd_functional_jacobian() -> None:
    assert close(jacrev(predict)(X), t.autograd.functional.jacobian(predict, X))
    mine = jacrev(two_inputs, argnums=(0, 1))(X, X * 2)
    theirs = t.autograd.functional.jacobian(two_inputs, (X, X * 2))
    assert all(close(a, b) for a, b in zip(mine, theirs))


def test_hessian_agrees_with_autograd_functional_hessian() -> None:
    assert close(hessian(scalar)(X), t.autograd.functional.hessian(scalar, X))
    f = lambda x, y: (x * y.sin()).sum()  # noqa: E731
    mine = hessian(f, argnums=(0, 1))(X, X * 2)
    theirs = t.autograd.functional.hessian(f, (X, X * 2))
    assert all(close(a, b) for row_a, row_b in zip(mine, theirs) for a, b in zip(row_a, row_b))


def test_vjp_agrees_with_autograd_functional_vjp_and_jvp_with_jacobian() -> None:
    v = t.tensor([1.0, -2.0])
    out, fn = vjp(predict, X)
    (vjp_value,) = fn(v)
    reference_out, reference = t.autograd.functional.vjp(predict, X, v)
    assert close(out, reference_out) and close(vjp_value, reference)
    u = t.tensor([0.5, 0.0, -1.0])
    _, jvp_value = t.autograd.functional.jvp(predict, X, u)
    assert close(jvp_value, jacrev(predict)(X) @ u)


def test_hvp_and_vhp_agree_with_the_hessian() -> None:
    v = t.tensor([1.0, 0.5, -1.0])
    h = hessian(scalar)(X)
    assert close(t.autograd.functional.hvp(scalar, X, v)[1], h @ v)
    assert close(t.autograd.functional.vhp(scalar, X, v)[1], v @ h)
    _, fn = vjp(grad(scalar), X)  # reverse over reverse
    assert close(fn(v)[0], h @ v)


def test_grad_agrees_with_backward() -> None:
    x = X.clone().requires_grad_()
    scalar(x).backward()
    assert close(grad(scalar)(X), x.grad)
    gradient, value = grad_and_value(scalar)(X)
    assert close(gradient, x.grad) and close(value, scalar(X))


def test_vmap_agrees_with_a_loop() -> None:
    xs = t.tensor([[0.1, 0.2, 0.3], [-1.0, 0.5, 2.0], [0.0, 0.0, 1.0], [3.0, -2.0, 0.5]])
    assert close(vmap(predict)(xs), t.stack([predict(x) for x in xs]))
    assert close(vmap(predict, in_dims=1, out_dims=1)(xs.T), t.stack([predict(x) for x in xs], 1))
    assert close(vmap(jacrev(predict))(xs), t.stack([jacrev(predict)(x) for x in xs]))
    assert close(vmap(grad(scalar))(xs), t.stack([grad(scalar)(x) for x in xs]))



def test_vmap_matrix_products_round_as_the_whole_batch_does() -> None:
    # torch's vmap multiplies the batch at once; per element, a one-row product is BLAS's vector
    # product, which rounds otherwise: the tutorial's batched Jacobian then differed from the
    # summed function's (1 - tanh**2 amplifies the last bits)
    rng = np.random.default_rng(3)
    weight = t.tensor(rng.standard_normal((33, 31), dtype=np.float32))
    bias = t.tensor(rng.standard_normal(33, dtype=np.float32))
    xs = t.tensor(rng.standard_normal((64, 31), dtype=np.float32))

    def same(a: t.Tensor, b: t.Tensor) -> bool:
        return a.shape == b.shape and np.array_equal(a.numpy(), b.numpy())

    assert same(vmap(lambda x: t.nn.functional.linear(x, weight, bias))(xs),
                t.nn.functional.linear(xs, weight, bias))
    assert same(vmap(lambda x: x @ weight.T)(xs), xs @ weight.T)  # mm of one row, no bias
    assert same(vmap(lambda x: weight @ x)(xs), (weight @ xs.T).T)  # mv: the batch as columns
    assert same(vmap(lambda x: x.unsqueeze(0) @ weight.T)(xs), (xs @ weight.T).unsqueeze(1))

    def predict(x: t.Tensor) -> t.Tensor:
        return t.nn.functional.linear(x, weight, bias).tanh()

    batched = vmap(jacrev(predict))(xs)
    summed = jacrev(lambda x: predict(x).sum(0))(xs).movedim(1, 0)
    assert same(batched, summed)

def test_gradient_through_vmap_equals_gradient_through_the_loop() -> None:
    xs = t.tensor([[0.1, 0.2, 0.3], [-1.0, 0.5, 2.0]], requires_grad=True)
    vmap(predict)(xs).pow(2).sum().backward()
    through_vmap = xs.grad.clone()
    xs.grad = None
    t.stack([predict(x) for x in xs]).pow(2).sum().backward()
    assert close(through_vmap, xs.grad)


def test_grad_of_grad_is_the_second_derivative() -> None:
    x = t.tensor(0.7)
    assert np.isclose(grad(grad(lambda a: a.sin() * a ** 3))(x).item(),
                      float(-np.sin(0.7) * 0.7 ** 3 + 6 * np.cos(0.7) * 0.7 ** 2
                             + 6 * np.sin(0.7) * 0.7))


# -- what transforms leave behind -------------------------------------------------------------


def _clean() -> bool:
    return recorder.batching is None and recorder.transforms == 0 and t.is_grad_enabled()


@pytest.mark.parametrize("transform", [
    lambda f: grad(f)(X), lambda f: jacrev(f)(X), lambda f: vjp(f, X),
    lambda f: vmap(f)(X.reshape(3, 1)), lambda f: vmap(grad(f))(X.reshape(3, 1)),
    lambda f: hessian(f)(X)])
def test_an_error_inside_leaves_no_state_behind(transform) -> None:
    def failing(x: t.Tensor) -> t.Tensor:
        with t.no_grad():
            raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        transform(failing)
    assert _clean() and watching.count == 0
    x = t.ones(2, requires_grad=True)
    (x * 2).sum().backward()  # backward works again outside
    assert x.grad.tolist() == [2.0, 2.0]


def test_grad_mode_off_stays_off() -> None:
    with t.no_grad():
        assert close(grad(scalar)(X), grad(scalar)(X))
        vmap(grad(scalar))(X.reshape(3, 1))
        assert not t.is_grad_enabled()
    assert _clean()


def test_per_sample_gradients_leave_the_model_alone() -> None:
    t.manual_seed(0)
    model = t.nn.Sequential(t.nn.Linear(3, 4), t.nn.Tanh(), t.nn.Linear(4, 1))
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    params = {name: p.detach() for name, p in model.named_parameters()}
    xs, ys = t.randn(5, 3), t.randn(5, 1)

    def loss(params: dict, x: t.Tensor, y: t.Tensor) -> t.Tensor:
        return ((functional_call(model, params, (x,)) - y) ** 2).sum()

    per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
    for name, p in model.named_parameters():
        assert p.grad is None and type(p) is t.nn.Parameter and close(p, before[name])
        assert per_sample[name].shape == (5, *p.shape)
    for i in range(5):  # each row is that sample's gradient, as autograd computes it
        model.zero_grad()
        ((model(xs[i]) - ys[i]) ** 2).sum().backward()
        for name, p in model.named_parameters():
            assert close(per_sample[name][i], p.grad)


def test_functional_call_restores_a_module_after_an_error() -> None:
    model = t.nn.Linear(2, 1)
    weight = model.weight
    with pytest.raises(RuntimeError):
        functional_call(model, {"weight": t.ones(3, 3)}, (t.ones(2),))
    assert model.weight is weight and list(model._parameters) == ["weight", "bias"]


# -- vmap's randomness -------------------------------------------------------------------------


def test_randomness_same_draws_once_for_the_whole_batch() -> None:
    t.manual_seed(3)
    same = vmap(lambda x: x + t.randn(2), randomness="same")(t.zeros(4, 2))
    after = t.rand(1)
    t.manual_seed(3)
    once = t.randn(2)
    assert all(t.equal(row, once) for row in same)
    assert t.equal(after, t.rand(1)), "the generator advanced as by one draw"


def test_randomness_same_with_a_generator_of_ones_own() -> None:
    generator = t.Generator().manual_seed(5)
    rows = vmap(lambda x: t.rand(3, generator=generator), randomness="same")(t.zeros(3))
    assert t.equal(rows[0], rows[2])
    assert t.equal(rows[0], t.rand(3, generator=t.Generator().manual_seed(5)))


def test_randomness_different_draws_for_each_element() -> None:
    t.manual_seed(3)
    rows = vmap(lambda x: t.randn(2), randomness="different")(t.zeros(3))
    t.manual_seed(3)
    assert t.equal(rows, t.stack([t.randn(2) for _ in range(3)]))


def test_nested_randomness_same_outside_different_inside() -> None:
    inner = vmap(lambda x: t.rand(()), randomness="different")
    table = vmap(lambda row: inner(row), randomness="same")(t.zeros(3, 4))
    assert all(t.equal(table[0], row) for row in table), "the same across the outer dimension"
    assert len(set(table[0].tolist())) == 4, "different across the inner one"


def test_random_refused_when_any_vmap_around_refuses() -> None:
    inner = vmap(lambda x: t.rand(()), randomness="different")
    with pytest.raises(RuntimeError, match="randomness error mode"):
        vmap(lambda row: inner(row))(t.zeros(2, 2))


# -- what vmap allows and refuses inside --------------------------------------------------------


def test_unbatched_values_can_be_read_inside_vmap() -> None:
    w = t.tensor([1.0, -2.0, 3.0])

    def f(x: t.Tensor) -> t.Tensor:
        positive = (w > 0).float().sum().item()  # computed from w alone: not batched
        if w.max() > 2:
            x = x * 2
        return x * positive + t.tensor(w.tolist()).sum()

    assert close(vmap(f)(t.ones(2, 3)), t.full((2, 3), 6.0))


@pytest.mark.parametrize("use", [
    lambda a: a.sum().item(), lambda a: bool(a.max() > 0), lambda a: (a != 0).any().item(),
    lambda a: t.logical_not(a > 0).all().item(), lambda a: a.long().sum().item(),
    lambda a: a.detach().numpy(), lambda a: a.data.tolist(), lambda a: t.ones_like(a).sum().item(),
    lambda a: a.max(0).indices.item(), lambda a: a.argmin().item(), lambda a: t.isfinite(a).all().item(),
    lambda a: t.nn.functional.one_hot(a.long(), 3).sum().item()])
def test_values_computed_from_a_batched_tensor_are_refused(use) -> None:
    with pytest.raises(RuntimeError, match="vmap|data pointer"):
        vmap(lambda a: (use(a), a)[1])(t.ones(2, 3))
    assert _clean()


def test_outputs_differing_across_elements_are_a_clear_error() -> None:
    calls = []

    def stateful(x: t.Tensor) -> Any:
        calls.append(x)
        return x if len(calls) == 1 else (x, x)

    def ragged(x: t.Tensor) -> t.Tensor:
        calls.append(x)
        return x[: len(calls)]

    with pytest.raises(RuntimeError, match="different structures for different batch elements"):
        vmap(stateful)(t.ones(2, 2))
    calls.clear()
    with pytest.raises(RuntimeError, match="has shape .* for one batch element"):
        vmap(ragged)(t.ones(2, 3))
    assert _clean()


def test_vmap_in_one_thread_leaves_other_threads_alone() -> None:
    started, release = threading.Event(), threading.Event()
    seen = []

    def slow(x: t.Tensor) -> t.Tensor:
        started.set()
        release.wait(5)
        return x * 2

    worker = threading.Thread(target=lambda: seen.append(vmap(slow)(t.ones(1, 2))))
    worker.start()
    started.wait(5)
    value = t.ones(3).sum().item()  # this thread is not inside a vmap: no refusal
    release.set()
    worker.join()
    assert value == 3.0 and t.equal(seen[0], t.full((1, 2), 2.0))


def test_batched_marks_do_not_keep_tensors_alive() -> None:
    import gc
    import weakref

    refs = []

    def f(x: t.Tensor) -> t.Tensor:
        y = x * 2.0
        refs.append(weakref.ref(y))
        return y.sum()

    vmap(f)(t.ones(3, 4))
    gc.collect()
    assert len(refs) == 3 and all(ref() is None for ref in refs)
