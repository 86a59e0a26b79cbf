"""``func.jvp``, ``jacfwd``, ``hessian`` and ``linearize`` beyond the parity cases: agreement with
reverse mode and with finite differences on functions of several ops, the nested case (a ``jvp``
inside an open dual level, computed by double backward), and what they leave behind."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd import forward_ad
from autograd_lab.autograd.record import recorder, watching
from autograd_lab.func import grad, hessian, jacfwd, jacrev, jvp, linearize, vjp, vmap

RNG = np.random.default_rng(0)
W = t.tensor(RNG.standard_normal((4, 3)))
B = t.tensor(RNG.standard_normal(4))
X = t.tensor([0.3, -0.7, 1.1], dtype=t.float64)


def predict(x: t.Tensor) -> t.Tensor:
    return (W @ x + B).tanh() * x.sum().exp()


def scalar(x: t.Tensor) -> t.Tensor:
    return (x.sin() * x ** 2).sum() + (x[0] * x[2]).exp()


def numpy(tensor: t.Tensor) -> np.ndarray:
    return tensor.detach().numpy()


def finite_difference_jacobian(f, x: t.Tensor, eps: float = 1e-6) -> np.ndarray:
    columns = []
    for index in range(x.numel()):
        step = np.zeros(x.shape)
        step.reshape(-1)[index] = eps
        plus = numpy(f(t.tensor(numpy(x) + step)))
        minus = numpy(f(t.tensor(numpy(x) - step)))
        columns.append(((plus - minus) / (2 * eps)).reshape(-1))
    return np.stack(columns, axis=-1)


def test_jvp_is_the_jacobian_times_the_tangent() -> None:
    v = t.tensor([1.0, -2.0, 0.5], dtype=t.float64)
    out, tangent = jvp(predict, (X,), (v,))
    assert np.allclose(numpy(out), numpy(predict(X)))
    assert np.allclose(numpy(tangent), finite_difference_jacobian(predict, X) @ numpy(v), atol=1e-6)


def test_jacfwd_agrees_with_jacrev_and_finite_differences() -> None:
    forward, reverse = jacfwd(predict)(X), jacrev(predict)(X)
    assert forward.shape == reverse.shape == (4, 3)
    assert np.allclose(numpy(forward), numpy(reverse))
    assert np.allclose(numpy(forward), finite_difference_jacobian(predict, X), atol=1e-6)


def test_jacfwd_runs_one_forward_pass_per_input_element() -> None:
    calls = []

    def counted(x: t.Tensor) -> t.Tensor:
        calls.append(x.shape)
        return predict(x)

    jacfwd(counted)(X)
    assert len(calls) == X.numel()
    calls.clear()
    jacrev(counted)(X)
    assert len(calls) == 1  # one forward pass, then one backward pass per output element


def test_hessian_is_forward_over_reverse_and_agrees_with_reverse_over_reverse() -> None:
    h = hessian(scalar)(X)
    assert np.allclose(numpy(h), numpy(jacrev(jacrev(scalar))(X)))
    assert np.allclose(numpy(h), numpy(h).T)
    assert np.allclose(numpy(h), finite_difference_jacobian(grad(scalar), X), atol=1e-5)


def test_jvp_of_grad_is_a_hessian_vector_product() -> None:
    v = t.tensor([0.5, 1.0, -1.5], dtype=t.float64)
    gradient, hvp = jvp(grad(scalar), (X,), (v,))
    assert np.allclose(numpy(gradient), numpy(grad(scalar)(X)))
    assert np.allclose(numpy(hvp), numpy(hessian(scalar)(X)) @ numpy(v))


def test_nested_forward_transforms_agree_with_reverse_mode() -> None:
    assert np.allclose(numpy(jacfwd(jacfwd(scalar))(X)), numpy(hessian(scalar)(X)))
    assert np.allclose(numpy(jacrev(jacfwd(scalar))(X)), numpy(hessian(scalar)(X)))
    third = jacfwd(jacfwd(jacrev(scalar)))(X)
    assert third.shape == (3, 3, 3)
    assert np.allclose(numpy(third), numpy(jacrev(jacrev(jacrev(scalar)))(X)))


def test_nested_jvp_results_carry_no_graph() -> None:
    def inner(a: t.Tensor) -> t.Tensor:
        out, tangent = jvp(lambda b: b.sin() * b, (a,), (t.ones_like(a),))
        assert not out.requires_grad and not tangent.requires_grad
        return tangent

    out, tangent = jvp(inner, (X,), (t.ones_like(X),))
    x = numpy(X)
    assert np.allclose(numpy(tangent), 2 * np.cos(x) - x * np.sin(x))
    assert not out.requires_grad and not tangent.requires_grad


def test_vmap_of_jacfwd_is_a_jacobian_per_row() -> None:
    xs = t.tensor(RNG.standard_normal((5, 3)))
    batched = vmap(jacfwd(predict))(xs)
    assert batched.shape == (5, 4, 3)
    for row, jacobian in zip(xs, batched):
        assert np.allclose(numpy(jacobian), numpy(jacrev(predict)(row)))


def test_linearize_gives_the_jvp_at_the_primals() -> None:
    out, jvp_fn = linearize(predict, X)
    assert np.allclose(numpy(out), numpy(predict(X)))
    v = t.tensor([0.0, 1.0, 2.0], dtype=t.float64)
    assert np.allclose(numpy(jvp_fn(v)), numpy(jvp(predict, (X,), (v,))[1]))


def test_joins_and_splits_carry_tangents() -> None:
    v = t.tensor([1.0, 2.0, 3.0], dtype=t.float64)

    def joined(x: t.Tensor) -> t.Tensor:
        a, b = x.split([1, 2])
        return t.cat([t.stack([a, a]).reshape(-1), b.flip(0).repeat(2), t.stack(x.unbind()) * 2])

    assert np.allclose(numpy(jvp(joined, (X,), (v,))[1]), numpy(jacrev(joined)(X)) @ numpy(v))


@pytest.mark.parametrize("transform", [
    lambda f: jvp(f, (X,), (X,)), lambda f: jacfwd(f)(X), lambda f: hessian(f)(X),
    lambda f: jvp(lambda a: jvp(f, (a,), (a,))[1], (X,), (X,)), lambda f: linearize(f, X)])
def test_an_error_inside_leaves_no_state_behind(transform) -> None:
    def failing(x: t.Tensor) -> t.Tensor:
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        transform(failing)
    assert recorder.batching is None and recorder.transforms == 0 and watching.count == 0
    assert not forward_ad.state.active and t.is_grad_enabled()
    out, tangent = jvp(lambda a: a * a, (X,), (X,))  # forward mode works again
    assert np.allclose(numpy(tangent), 2 * numpy(X) ** 2)


def test_outputs_of_jvp_keep_no_tangent_after_the_call() -> None:
    out, tangent = jvp(lambda a: a.exp(), (X,), (X,))
    with forward_ad.dual_level():
        assert forward_ad.unpack_dual(out).tangent is None
        assert forward_ad.unpack_dual(tangent).tangent is None


def test_vjp_and_jvp_are_transposes() -> None:
    u = t.tensor(RNG.standard_normal(4))
    v = t.tensor(RNG.standard_normal(3))
    _, vjp_fn = vjp(predict, X)
    (vjp_u,) = vjp_fn(u)
    _, jvp_v = jvp(predict, (X,), (v,))
    assert np.isclose(float((u * jvp_v).sum()), float((vjp_u * v).sum()))


def test_autograd_functional_forward_mode_agrees_with_reverse_mode() -> None:
    functional = t.autograd.functional
    forward = functional.jacobian(predict, X, vectorize=True, strategy="forward-mode")
    assert np.allclose(numpy(forward), numpy(functional.jacobian(predict, X)))
    over_reverse = functional.hessian(scalar, X, vectorize=True,
                                      outer_jacobian_strategy="forward-mode")
    assert np.allclose(numpy(over_reverse), numpy(functional.hessian(scalar, X)))
    v = t.tensor([0.5, 1.0, -1.5], dtype=t.float64)
    hv = numpy(functional.hessian(scalar, X)) @ numpy(v)
    assert np.allclose(numpy(functional.hvp(scalar, X, v)[1]), hv)
    assert np.allclose(numpy(functional.vhp(scalar, X, v)[1]), hv)
    assert np.allclose(numpy(functional.jvp(predict, X, v)[1]), numpy(jvp(predict, (X,), (v,))[1]))
    assert not forward_ad.state.active
