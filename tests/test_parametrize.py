"""``nn.utils.parametrize``: a parameter computed from another tensor by a module, with gradients
flowing into the original, chains, caching, ``right_inverse`` and removal."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import autograd_lab as t
import autograd_lab.nn.utils.parametrize as P

nn = t.nn


class Symmetric(nn.Module):
    def forward(self, X: t.Tensor) -> t.Tensor:
        return X.triu() + X.triu(1).transpose(-1, -2)


class Skew(nn.Module):
    def forward(self, X: t.Tensor) -> t.Tensor:
        A = X.triu(1)
        return A - A.transpose(-1, -2)

    def right_inverse(self, A: t.Tensor) -> t.Tensor:
        return A.triu(1)


class Counting(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def forward(self, X: t.Tensor) -> t.Tensor:
        self.calls += 1
        return X * 2


def test_the_parameter_is_computed_and_its_gradient_reaches_the_original() -> None:
    layer = nn.Linear(3, 3)
    original = layer.weight
    P.register_parametrization(layer, "weight", Symmetric())
    assert type(layer).__name__ == "ParametrizedLinear" and isinstance(layer, nn.Linear)
    assert layer.parametrizations.weight.original is original
    w = layer.weight.detach().numpy()
    assert np.array_equal(w, w.T)
    assert [name for name, _ in layer.named_parameters()] == ["bias",
                                                              "parametrizations.weight.original"]
    layer(t.ones(2, 3)).sum().backward()
    # d/dW of sum(x @ sym(W).T) with x = ones: 2 per row of W's upper triangle, counted twice off
    # the diagonal (W[i, j] is used at (i, j) and (j, i))
    expected = np.triu(np.full((3, 3), 2.0)) + np.triu(np.full((3, 3), 2.0), 1)
    assert np.allclose(original.grad.numpy(), expected)


def test_chained_parametrizations_and_cached() -> None:
    layer = nn.Linear(2, 2)
    first, second = Counting(), Counting()
    P.register_parametrization(layer, "weight", first)
    P.register_parametrization(layer, "weight", second)
    first.calls = second.calls = 0
    original = layer.parametrizations.weight.original.detach().numpy()
    assert np.allclose(layer.weight.detach().numpy(), 4 * original)
    layer.weight  # noqa: B018
    assert (first.calls, second.calls) == (2, 2)
    with P.cached():
        layer.weight  # noqa: B018
        layer.weight  # noqa: B018
    assert (first.calls, second.calls) == (3, 3)


def test_assigning_runs_right_inverse_into_the_original() -> None:
    layer = nn.Linear(3, 3)
    P.register_parametrization(layer, "weight", Skew())
    X = t.tensor([[0.0, 1.0, 2.0], [-1.0, 0.0, 3.0], [-2.0, -3.0, 0.0]])
    layer.weight = X
    assert np.array_equal(layer.weight.detach().numpy(), X.numpy())
    assert np.array_equal(layer.parametrizations.weight.original.detach().numpy(),
                          np.triu(X.numpy(), 1))
    other = nn.Linear(3, 3)
    P.register_parametrization(other, "weight", Symmetric())
    with pytest.raises(RuntimeError, match="^parametrization Symmetric does not implement "
                                           "right_inverse.$"):
        other.weight = X


@pytest.mark.parametrize("leave_parametrized", [True, False])
def test_remove_parametrizations(leave_parametrized: bool) -> None:
    layer = nn.Linear(3, 3)
    original = layer.weight
    before = original.detach().numpy().copy()
    P.register_parametrization(layer, "weight", Symmetric())
    value = layer.weight.detach().numpy().copy()
    P.remove_parametrizations(layer, "weight", leave_parametrized=leave_parametrized)
    assert type(layer) is nn.Linear and not hasattr(layer, "parametrizations")
    assert layer.weight is original and isinstance(layer.weight, nn.Parameter)
    assert np.array_equal(layer.weight.detach().numpy(), value if leave_parametrized else before)
    assert not P.is_parametrized(layer)
    assert P.type_before_parametrizations(layer) is nn.Linear


def test_errors_name_the_problem() -> None:
    layer = nn.Linear(3, 3)
    with pytest.raises(ValueError, match="does not have a parameter, a buffer, or a parametrized "
                                         "element with name 'nope'"):
        P.register_parametrization(layer, "nope", Symmetric())
    with pytest.raises(ValueError, match="does not have a parametrization on weight"):
        P.remove_parametrizations(layer, "weight")

    class Shrink(nn.Module):
        def forward(self, X: t.Tensor) -> t.Tensor:
            return X[:1]

    with pytest.raises(ValueError, match="may not change the shape of the tensor"):
        P.register_parametrization(layer, "weight", Shrink())
    assert type(layer) is nn.Linear and isinstance(layer.weight, nn.Parameter)
    P.register_parametrization(layer, "weight", Shrink(), unsafe=True)
    assert layer.weight.shape == (1, 3)


def test_state_dict_round_trip() -> None:
    source, target = nn.Linear(2, 2), nn.Linear(2, 2)
    for layer in (source, target):
        P.register_parametrization(layer, "weight", Symmetric())
    target.load_state_dict(source.state_dict())
    assert np.array_equal(target.weight.detach().numpy(), source.weight.detach().numpy())


def test_deepcopy_works_and_pickling_is_refused() -> None:
    layer = nn.Linear(2, 2)
    P.register_parametrization(layer, "weight", Symmetric())
    replica = copy.deepcopy(layer)
    assert type(replica) is type(layer)
    assert replica.parametrizations.weight.original is not layer.parametrizations.weight.original
    assert np.array_equal(replica.weight.detach().numpy(), layer.weight.detach().numpy())
    with pytest.raises(RuntimeError, match="^Serialization of parametrized modules is only "
                                           "supported through state_dict"):
        pickle.dumps(layer)
