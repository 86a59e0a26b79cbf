"""``nn.utils.prune``: masks, their combination when a tensor is pruned again, global pruning,
``remove``, what pruning does to a module (names, hooks, state_dict, gradients) and torch's errors;
compared with torch live where nothing is random."""

from __future__ import annotations

import importlib
import re
from typing import Any

import numpy as np
import pytest

import autograd_lab as t
import autograd_lab.nn.utils.prune as prune

nn = t.nn

_RNG = np.random.default_rng(0)
# distinct magnitudes (no ties), so that every L1 / Ln choice is the same in both libraries
LINEAR_W = (_RNG.permutation(20).reshape(5, 4) + 1) * _RNG.choice([-0.1, 0.1], (5, 4))
CONV_W = (_RNG.permutation(54).reshape(3, 2, 3, 3) + 1) * _RNG.choice([-0.01, 0.01], (3, 2, 3, 3))
X = _RNG.standard_normal((2, 4))


def _prune(lib: Any) -> Any:
    """The library's prune module (torch does not import it with ``torch``)."""
    return importlib.import_module(lib.__name__ + ".nn.utils.prune")


def _layers(lib: Any) -> tuple[Any, Any]:
    """A Linear(4, 5) and a Conv2d(2, 3, 3) with the weights above and zero biases."""
    linear, conv = lib.nn.Linear(4, 5), lib.nn.Conv2d(2, 3, 3)
    with lib.no_grad():
        for layer, weight in ((linear, LINEAR_W), (conv, CONV_W)):
            layer.weight.copy_(lib.tensor(weight, dtype=lib.float32))
            layer.bias.zero_()
    return linear, conv


def _state(module: Any) -> dict:
    """What pruning changed on a module, as plain values."""
    return {"parameters": [name for name, _ in module.named_parameters()],
            "buffers": {name: b.numpy().tolist() for name, b in module.named_buffers()},
            "state_dict": list(module.state_dict()),
            "hooks": [type(h).__name__ for h in module._forward_pre_hooks.values()],
            "weight": module.weight.detach().numpy().tolist()}


def _scenario(lib: Any) -> dict:
    """Local, iterative and global pruning, gradients through the mask, then remove."""
    P = _prune(lib)
    linear, conv = _layers(lib)
    out: dict[str, Any] = {}
    P.l1_unstructured(linear, "weight", amount=6)
    P.l1_unstructured(linear, "bias", amount=0.4, importance_scores=lib.arange(5.0))
    out["local"] = _state(linear)
    y = linear(lib.tensor(X, dtype=lib.float32)).sum()
    y.backward()
    out["grad"] = linear.weight_orig.grad.numpy().tolist()
    out["grad_fn"] = type(linear.weight.grad_fn).__name__
    # pruned again: the structured method sees only rows with an unpruned entry, then L1 again
    # ranks only the entries still kept (the zeros already pruned are not candidates)
    P.ln_structured(linear, "weight", amount=1, n=1, dim=0)
    P.l1_unstructured(linear, "weight", amount=0.25)
    out["iterative"] = _state(linear)
    out["history"] = [type(m).__name__ for m in linear._forward_pre_hooks[
        list(linear._forward_pre_hooks)[-1]]]
    for n, dim in ((2, 0), (float("inf"), 1), (float("-inf"), -1), (3, -3), ("fro", 1)):
        fresh = _layers(lib)[n != "fro"]  # (the conv; 'fro' over 3 dims is an error in torch)
        P.ln_structured(fresh, "weight", amount=0.5, n=n, dim=dim)
        out[f"ln {n} {dim}"] = fresh.weight_mask.numpy().tolist()
    _, conv2 = _layers(lib)
    P.custom_from_mask(conv2, "bias", mask=lib.tensor([0, 1, 1]))
    P.identity(conv2, "weight")
    out["custom"] = _state(conv2)
    P.l1_unstructured(conv, "weight", amount=10)
    P.global_unstructured([(linear, "weight"), (conv, "weight"), (conv, "bias")],
                          pruning_method=P.L1Unstructured, amount=0.3,
                          importance_scores={(conv, "bias"): lib.tensor([5.0, 0.0, 5.0])})
    out["global"] = [_state(linear), _state(conv)]
    out["pruned"] = [P.is_pruned(linear), P.is_pruned(lib.nn.Sequential(lib.nn.ReLU(), conv)),
                     P.is_pruned(lib.nn.Linear(2, 2))]
    P.remove(linear, "weight")
    out["removed"] = _state(linear)
    out["removed leaf"] = [linear.weight.is_leaf, linear.weight.requires_grad,
                           type(linear.weight).__name__]
    # ties in magnitude: wholly inside the pruned set, and straddling the cut (which of the equal
    # entries go is topk's choice, as torch's CPU kernel makes it)
    tied = lib.nn.Linear(1, 7)
    with lib.no_grad():
        tied.bias.copy_(lib.tensor([2.0, -0.5, 3.0, 0.5, -2.0, 1.0, 0.5]))
    P.l1_unstructured(tied, "bias", amount=3)
    P.l1_unstructured(tied, "bias", amount=1)  # the 1.0: the pruned 0.5s are no candidates
    P.l1_unstructured(tied, "bias", amount=2)  # both 2.0s
    out["ties"] = tied.bias_mask.tolist()
    straddling = lib.nn.Conv2d(1, 4, 2)
    with lib.no_grad():
        straddling.weight.copy_((lib.arange(16.0) * 7 % 3 - 1).reshape(4, 1, 2, 2))
    P.l1_unstructured(straddling, "weight", amount=7)
    P.ln_structured(straddling, "weight", amount=1, n=1, dim=0)
    out["straddling ties"] = straddling.weight_mask.tolist()
    mask = lib.tensor([[1.0, 0.0], [0.0, 1.0]])
    out["prune()"] = P.L1Unstructured(amount=1).prune(
        lib.tensor([[1.0, -2.0], [3.0, 0.5]]), default_mask=mask).numpy().tolist()
    return out


def test_pruning_matches_torch(torch) -> None:
    ours, theirs = _scenario(t), _scenario(torch)
    assert ours.keys() == theirs.keys()
    for key in ours:
        if key == "grad":
            assert np.allclose(ours[key], theirs[key]), key
        else:
            assert ours[key] == theirs[key], key


def _error(lib: Any, case: str) -> str:
    P, nn_ = _prune(lib), lib.nn
    linear = nn_.Linear(3, 2)
    try:
        if case == "tensor amount":
            P.l1_unstructured(linear, "weight", amount=lib.tensor(0.5))
        elif case == "negative":
            P.random_unstructured(linear, "weight", amount=-1)
        elif case == "above one":
            P.RandomStructured(amount=1.5)
        elif case == "too many":
            P.l1_unstructured(linear, "weight", amount=7)
        elif case == "1-d structured":
            P.random_structured(linear, "bias", amount=1, dim=0)
        elif case == "dim":
            P.ln_structured(linear, "weight", amount=1, n=2, dim=2)
        elif case == "scores shape":
            P.l1_unstructured(linear, "weight", amount=1, importance_scores=lib.ones(3))
        elif case == "remove unpruned":
            P.remove(linear, "weight")
        elif case == "global structured":
            P.global_unstructured([(linear, "weight")], pruning_method=P.RandomStructured, amount=1)
        elif case == "global scores":
            P.global_unstructured([(linear, "weight")], pruning_method=P.L1Unstructured, amount=1,
                                  importance_scores=[])
        elif case == "global generator":
            P.global_unstructured(((m, "weight") for m in [linear]),
                                  pruning_method=P.L1Unstructured, amount=1)
        elif case == "container":
            P.identity(linear, "weight")
            hook = next(iter(linear._forward_pre_hooks.values()))
            P.PruningContainer(hook).add_pruning_method(3)
        elif case == "custom mask":
            P.custom_from_mask(linear, "weight", mask=lib.ones(3, 2))
        elif case == "abstract":
            P.BasePruningMethod()
    except Exception as error:  # noqa: BLE001 - the class and text are what is compared
        return f"{type(error).__name__}: {re.sub('0x[0-9a-f]+', '0x', str(error))}"
    return "no error"


ERROR_CASES = ["tensor amount", "negative", "above one", "too many", "1-d structured", "dim",
               "scores shape", "remove unpruned", "global structured", "global scores",
               "global generator", "container", "custom mask", "abstract"]


def test_errors_match_torch(torch) -> None:
    for case in ERROR_CASES:
        ours, theirs = _error(t, case), _error(torch, case)
        assert ours.startswith(theirs) or ours == theirs, (case, ours, theirs)
        assert theirs != "no error", case


def test_a_failed_first_pruning_puts_the_parameter_back_as_torch_does(torch) -> None:
    for lib in (t, torch):
        linear = lib.nn.Linear(3, 2)
        with pytest.raises(ValueError):
            _prune(lib).l1_unstructured(linear, "weight", amount=7)
        assert [n for n, _ in linear.named_parameters()] == ["bias", "weight"]
        assert not linear._forward_pre_hooks and not list(linear.buffers())


def test_the_hook_table_prints_as_torch_does() -> None:
    linear = nn.Linear(2, 2)
    assert repr(linear._forward_pre_hooks) == "OrderedDict()"
    prune.identity(linear, "weight")
    (key,) = linear._forward_pre_hooks
    assert re.fullmatch(rf"OrderedDict\(\[\({key}, <torch\.nn\.utils\.prune\.Identity object at "
                        r"0x[0-9a-f]+>\)\]\)", repr(linear._forward_pre_hooks))
    assert repr(prune.L1Unstructured) == "<class 'torch.nn.utils.prune.L1Unstructured'>"


def test_random_methods_prune_the_counts_asked_and_keep_earlier_zeros() -> None:
    t.manual_seed(0)
    conv = nn.Conv2d(2, 4, 3)  # weight 4 x 2 x 3 x 3: 72 entries
    prune.random_unstructured(conv, "weight", amount=0.3)
    first = conv.weight_mask.clone()
    assert int((first == 0).sum()) == round(0.3 * 72) == 22
    prune.random_structured(conv, "weight", amount=0.5, dim=0)  # 2 of the 4 output channels
    mask = conv.weight_mask
    zero_channels = [i for i in range(4) if not mask[i].any()]
    assert len(zero_channels) == 2
    assert bool((mask <= first).all())  # nothing pruned before comes back
    kept = [i for i in range(4) if i not in zero_channels]
    assert t.equal(mask[kept], first[kept])
    prune.random_unstructured(conv, "weight", amount=5)  # 5 more among the entries still kept
    assert int((conv.weight_mask == 0).sum()) == int((mask == 0).sum()) + 5
    assert [type(m).__name__ for m in conv._forward_pre_hooks[list(conv._forward_pre_hooks)[0]]] == [
        "RandomUnstructured", "RandomStructured", "RandomUnstructured"]
    # a fraction rounds half to even, as Python's round: 0.5 of 5 entries is 2
    bias = nn.Linear(2, 5)
    prune.random_unstructured(bias, "bias", amount=0.5)
    assert int((bias.bias_mask == 0).sum()) == 2


def test_a_failed_second_pruning_leaves_the_module_as_it_was() -> None:
    # (torch drops the hook before computing the new mask and does not put it back; here a failed
    # pruning changes nothing, so the module keeps recomputing its weight)
    linear = nn.Linear(3, 4)
    prune.l1_unstructured(linear, "weight", amount=2)
    prune.l1_unstructured(linear, "weight", amount=1)
    hooks = dict(linear._forward_pre_hooks)
    (container,) = hooks.values()
    mask = linear.weight_mask.clone()
    with pytest.raises(IndexError, match="Invalid index 3"):
        prune.ln_structured(linear, "weight", amount=1, n=2, dim=3)
    assert dict(linear._forward_pre_hooks) == hooks and len(container) == 2
    assert t.equal(linear.weight_mask, mask)


def test_a_custom_method_sees_only_the_unpruned_entries() -> None:
    class EveryOther(prune.BasePruningMethod):
        PRUNING_TYPE = "unstructured"

        def compute_mask(self, t_: t.Tensor, default_mask: t.Tensor) -> t.Tensor:
            mask = default_mask.clone()
            mask.flatten()[::2] = 0
            return mask

    linear = nn.Linear(2, 8)
    EveryOther.apply(linear, "bias")
    assert linear.bias_mask.tolist() == [0, 1, 0, 1, 0, 1, 0, 1]
    EveryOther.apply(linear, "bias")  # every other of the 4 still kept
    assert linear.bias_mask.tolist() == [0, 0, 0, 1, 0, 0, 0, 1]
    assert re.fullmatch(r"<tests\.test_prune\..*EveryOther object at 0x[0-9a-f]+>",
                        repr(linear._forward_pre_hooks[list(linear._forward_pre_hooks)[0]][0]))
