"""t.nn beyond the parity table: models with torch's weights copied in (outputs, gradients, second
derivatives equal, live), seeded initialization and dropout, attribute registration, copies and
pickling of models, and the numbers of the losses against plain numpy formulas."""

from __future__ import annotations

import copy
import math
import pickle
from typing import Any

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.nn import functional as F


def _mlp(lib: Any) -> Any:
    return lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.ReLU(), lib.nn.Linear(8, 8), lib.nn.GELU(),
                             lib.nn.Linear(8, 3))


def _copy_weights(theirs: Any, ours: t.nn.Module) -> None:
    """torch's state_dict loaded into our model (the weights torch initialized)."""
    ours.load_state_dict({key: t.tensor(value.numpy()) for key, value in theirs.state_dict().items()})


def _inputs() -> tuple[np.ndarray, np.ndarray]:
    x = (np.sin(np.arange(24.0) * 1.3) * 2).reshape(6, 4).astype(np.float32)
    return x, np.array([0, 2, 1, 1, 0, 2])


# -- against torch, with the same weights --------------------------------------------------------


def test_model_with_torchs_weights_gives_torchs_outputs_and_gradients(torch: Any) -> None:
    torch.manual_seed(0)
    theirs = _mlp(torch)
    ours = _mlp(t)
    _copy_weights(theirs, ours)
    x, y = _inputs()
    loss_theirs = torch.nn.functional.cross_entropy(theirs(torch.tensor(x)), torch.tensor(y))
    loss_ours = F.cross_entropy(ours(t.tensor(x)), t.tensor(y))
    loss_theirs.backward()
    loss_ours.backward()
    assert loss_ours.item() == pytest.approx(loss_theirs.item(), rel=1e-6)
    for (name, mine), (_, reference) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), rtol=1e-5, atol=1e-7,
                                   err_msg=name)


def test_hessian_vector_product_matches_torch(torch: Any) -> None:
    """Double backward through Linear (addmm), GELU and cross_entropy: d/dw (grad . v)."""
    torch.manual_seed(1)
    theirs = _mlp(torch).double()
    ours = _mlp(t).double()
    _copy_weights(theirs, ours)
    x, y = _inputs()

    def hvp(lib: Any, model: Any) -> list[np.ndarray]:
        params = list(model.parameters())
        loss = lib.nn.functional.cross_entropy(model(lib.tensor(x, dtype=lib.float64)),
                                               lib.tensor(y))
        grads = lib.autograd.grad(loss, params, create_graph=True)
        dot = sum(((g * g).sum() for g in grads), lib.zeros((), dtype=lib.float64))
        return [g.detach().numpy() for g in lib.autograd.grad(dot, params)]

    for mine, reference in zip(hvp(t, ours), hvp(torch, theirs)):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-10)


def test_state_dict_goes_to_torch_and_back(torch: Any) -> None:
    t.manual_seed(5)
    ours = _mlp(t)
    theirs = _mlp(torch)
    theirs.load_state_dict({key: torch.tensor(value.numpy()) for key, value in
                            ours.state_dict().items()})
    x, _ = _inputs()
    np.testing.assert_allclose(ours(t.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


# -- initialization and randomness ---------------------------------------------------------------


def test_linear_default_initialization_statistics() -> None:
    """kaiming_uniform_(a=sqrt(5)) is uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)]: its variance is
    bound**2 / 3; the bias has the same bound."""
    t.manual_seed(0)
    layer = t.nn.Linear(256, 512)
    bound = 1 / math.sqrt(256)
    weight, bias = layer.weight.numpy(force=True), layer.bias.numpy(force=True)
    assert np.abs(weight).max() <= bound and np.abs(bias).max() <= bound
    assert weight.var() == pytest.approx(bound**2 / 3, rel=0.02)
    assert abs(weight.mean()) < 0.05 * bound
    assert np.abs(bias).max() > 0.9 * bound


def test_initialization_is_seeded() -> None:
    t.manual_seed(42)
    first = _mlp(t).state_dict()
    t.manual_seed(42)
    second = _mlp(t).state_dict()
    other = _mlp(t).state_dict()
    for key in first:
        assert first[key].tolist() == second[key].tolist()
    assert first["0.weight"].tolist() != other["0.weight"].tolist()


@pytest.mark.parametrize("fill", [t.nn.init.xavier_normal_, t.nn.init.kaiming_normal_,
                                  t.nn.init.normal_])
def test_normal_initializers_have_the_documented_spread(fill: Any) -> None:
    t.manual_seed(0)
    weight = t.empty(400, 250)
    fill(weight)
    expected = {t.nn.init.xavier_normal_: math.sqrt(2 / 650),
                t.nn.init.kaiming_normal_: math.sqrt(2 / (1 + 0.01**2)) / math.sqrt(250),
                t.nn.init.normal_: 1.0}[fill]
    assert weight.numpy().std() == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("fill", [t.nn.init.uniform_, t.nn.init.normal_])
def test_initializers_draw_from_the_given_generator(fill: Any) -> None:
    # the generator= argument was ignored: the draws came from the default generator
    weights = []
    for _ in range(2):
        generator = t.Generator().manual_seed(3)
        t.manual_seed(len(weights))  # the default generator differs between the two draws
        weights.append(fill(t.empty(4, 5), generator=generator).tolist())
    assert weights[0] == weights[1]
    t.manual_seed(0)
    before = t.rand(3).tolist()
    t.manual_seed(0)
    fill(t.empty(4, 5), generator=t.Generator().manual_seed(3))
    assert t.rand(3).tolist() == before  # the default generator was not used


def test_dropout_is_seeded_and_keeps_the_mean() -> None:
    x = t.ones(200, 200)
    t.manual_seed(7)
    first = F.dropout(x, 0.3)
    t.manual_seed(7)
    second = F.dropout(x, 0.3)
    assert first.tolist() == second.tolist()
    values = first.numpy()
    assert set(np.unique(values).tolist()) == {0.0, np.float32(1 / 0.7).item()}
    assert values.mean() == pytest.approx(1.0, abs=0.02)


# -- module bookkeeping --------------------------------------------------------------------------


class _Net(t.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.first = t.nn.Linear(2, 3)
        self.scale = t.nn.Parameter(t.tensor(2.0))
        self.register_buffer("calls", t.zeros(()))

    def forward(self, x: t.Tensor) -> t.Tensor:
        self.calls += 1
        return self.first(x) * self.scale


def test_registration_follows_assignment() -> None:
    net = _Net()
    assert [name for name, _ in net.named_parameters()] == ["scale", "first.weight", "first.bias"]
    net.first = t.nn.Linear(2, 5)  # replacing a child re-registers it
    assert net.first.out_features == 5
    net.scale = None
    assert [name for name, _ in net.named_parameters()] == ["first.weight", "first.bias"]
    net.first = None
    assert list(net.parameters()) == [] and list(net.children()) == []
    net.plain = 3
    assert net.plain == 3 and "plain" not in net.state_dict()
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'first'"):
        net.first = 3


def test_buffers_are_state_not_parameters() -> None:
    net = _Net()
    net(t.ones(2))
    net(t.ones(2))
    assert net.calls.item() == 2.0
    assert "calls" in net.state_dict() and all(p is not net.calls for p in net.parameters())


def test_deepcopy_and_pickle_keep_parameters_and_values() -> None:
    t.manual_seed(3)
    model = _mlp(t)
    model.eval()
    x, _ = _inputs()
    expected = model(t.tensor(x)).detach().numpy()
    for clone in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert all(type(p) is t.nn.Parameter and p.requires_grad for p in clone.parameters())
        assert not clone.training
        np.testing.assert_array_equal(clone(t.tensor(x)).detach().numpy(), expected)
        with t.no_grad():
            clone[0].weight.add_(1.0)  # the copy owns its memory
    np.testing.assert_array_equal(model(t.tensor(x)).detach().numpy(), expected)


def test_parameter_shares_memory_and_versions_with_its_tensor() -> None:
    data = t.zeros(3)
    param = t.nn.Parameter(data)
    with t.no_grad():
        param.add_(1.0)
    assert data.tolist() == [1.0, 1.0, 1.0] and data._version == param._version == 1


# -- the losses' numbers against plain formulas ----------------------------------------------------


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def test_cross_entropy_and_its_gradient_are_the_textbook_formulas() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(64, 10)).astype(np.float64)
    y = rng.integers(0, 10, 64)
    logits = t.tensor(z, requires_grad=True)
    loss = F.cross_entropy(logits, t.tensor(y))
    loss.backward()
    logp = _log_softmax(z)
    assert loss.item() == pytest.approx(-logp[np.arange(64), y].mean(), rel=1e-12)
    expected = np.exp(logp)
    expected[np.arange(64), y] -= 1
    np.testing.assert_allclose(logits.grad.numpy(), expected / 64, rtol=1e-10, atol=1e-14)


def test_binary_cross_entropy_with_logits_is_stable_where_the_naive_formula_overflows() -> None:
    x = t.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], requires_grad=True)
    target = t.tensor([1.0, 1.0, 0.5, 0.0, 0.0])
    loss = F.binary_cross_entropy_with_logits(x, target, reduction="none")
    loss.sum().backward()
    np.testing.assert_allclose(loss.detach().numpy(), [1000.0, 50.0, math.log(2), 50.0, 1000.0],
                               rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [-1.0, -1.0, 0.0, 1.0, 1.0], atol=1e-7)


def test_linear_does_not_compute_unneeded_gradients() -> None:
    """The first layer's input needs no gradient: addmm's backward skips that matrix product."""
    x = t.ones(5, 4)
    layer = t.nn.Linear(4, 3)
    out = layer(x)
    node = out.grad_fn
    assert node.next_functions[1] == (None, 0)
    grads = node._grads_for_inputs((np.ones((5, 3), dtype=np.float32),), False)
    assert grads[1] is None and grads[0].shape == (3,) and grads[2].shape == (4, 3)


def test_same_padding_with_an_even_kernel_warns_as_torch() -> None:
    """torch warns (once per process, so the parity cases leave it out) that an even kernel with
    padding='same' may need a padded copy; ours warns on each such call."""
    x, w = t.ones(1, 1, 4, 4), t.ones(1, 1, 2, 2)
    with pytest.warns(UserWarning, match=r"^Using padding='same' with even kernel lengths and odd "
                                         r"dilation may require a zero-padded copy of the input be "
                                         r"created$"):
        out = t.nn.functional.conv2d(x, w, padding="same")
    assert out.shape == (1, 1, 4, 4)
