"""``Optimizer``: the base class of ``SGD`` and ``Adam`` (parameter groups, per-parameter state,
``zero_grad``, ``state_dict``), as in torch.

Updates are plain numpy arithmetic on the parameters' memory, in place: no graph is recorded (what
torch's ``no_grad`` around ``step`` guarantees), and each updated parameter's version goes up, so a
graph that saved the old value refuses to run backward with the new one.
"""

from __future__ import annotations

import copy
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from ..autograd import grad_mode
from ..autograd.meta import is_meta
from ..nn.parameter import zero_grads
from ..tensor import Tensor

__all__ = ["Optimizer", "required", "check_learning_rate", "check_at_least_zero", "check_betas",
           "scalar", "scalar_state", "zeros_state"]


class _Required:
    """Marks a hyperparameter every parameter group must give (no default)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


def check_learning_rate(lr: float | Tensor, nan_allowed: bool = False) -> None:
    """torch's checks of ``lr``: a number or a one-element tensor, not negative (torch's SGD tests
    ``lr < 0``, which lets NaN through: ``nan_allowed``)."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if lr < 0.0 if nan_allowed else not lr >= 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")


def check_at_least_zero(*named: tuple[str, Any]) -> None:
    """``ValueError: Invalid <name>: <value>`` for the first (name, value) pair below 0 (or NaN)."""
    for name, value in named:
        if not value >= 0.0:
            raise ValueError(f"Invalid {name}: {value}")


def check_betas(betas: tuple[float, float]) -> None:
    """Both coefficients of the running averages in [0, 1)."""
    for index, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {index}: {beta}")


def scalar(value: float | Tensor) -> float:
    """A hyperparameter as a Python number (``lr`` may be given as a one-element tensor)."""
    return float(value) if isinstance(value, Tensor) else value


def scalar_state(value: float) -> Tensor:
    """A 0-d float32 tensor: how torch keeps step counts and running scalars in the state."""
    return Tensor._make(np.array(value, dtype=np.float32))


def zeros_state(param: Tensor) -> Tensor:
    """A buffer of zeros shaped like ``param`` (a running average's start)."""
    return Tensor._make(np.zeros_like(param._data))


def with_weight_decay(group: dict, param: Tensor, data: np.ndarray, grad: np.ndarray,
                      lr: float, weight_decay: float) -> np.ndarray:
    """The gradient with weight decay (Adam, NAdam, RAdam): ``weight_decay * param`` added to it (L2
    regularization), or, with ``decoupled_weight_decay`` (AdamW's), the parameter itself shrunk by
    ``lr * weight_decay`` first (an in-place update of its own, as torch counts it)."""
    if weight_decay == 0:
        return grad
    if group["decoupled_weight_decay"]:
        data *= 1 - lr * weight_decay
        param._bump_version()
        return grad
    return grad + weight_decay * data


class Optimizer:
    """Holds ``param_groups`` (each a dict: ``params`` plus hyperparameters like ``lr``) and
    ``state`` (per parameter: momentum buffers, moment estimates). Subclasses implement ``step``."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors "
                            f"or dicts, but got {params.type()}")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own hyperparameters (the others from the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but "
                            "the ordering of tensors in sets will change between runs. Please use a "
                            "list instead.")
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                f"{type(param).__name__}")
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required optimization "
                                 f"parameter {name}")
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see github.com/pytorch/pytorch/issues/"
                          "40967 for more information", stacklevel=3)
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to ``None`` (torch's default) or, with ``set_to_none=False``, to 0."""
        for group in self.param_groups:
            zero_grads(group["params"], set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # pragma: no cover - abstract
        """Update the parameters once from their ``.grad``."""
        raise NotImplementedError

    def _evaluate(self, closure: Callable[[], Any] | None) -> Any:
        """Run the closure (which recomputes the loss, with grad enabled) if one is given."""
        if closure is None:
            return None
        with grad_mode.enable_grad():
            return closure()

    def _with_grads(self, group: dict[str, Any]) -> list[Tensor]:
        """The parameters of ``group`` to update: those with a gradient (and values: a parameter
        on the meta device has none to change)."""
        return [p for p in group["params"] if p._grad is not None and not is_meta(p)]

    def _count_step(self, param: Tensor) -> float:
        """Add one to the parameter's ``step`` (a 0-d float32 tensor, as torch's) and return it."""
        step = self.state[param]["step"]._data
        step += 1
        return float(step)

    def _updates(self, group: dict[str, Any]) -> Iterator[tuple[Tensor, np.ndarray, np.ndarray]]:
        """Each parameter of ``group`` that has a gradient, with its array (updated in place) and the
        gradient array to descend along (negated when the group maximizes)."""
        for param in self._with_grads(group):
            grad = param._grad._data
            yield param, param._data, -grad if group["maximize"] else grad

    def state_dict(self) -> dict[str, Any]:
        """The state and the hyperparameters, with parameters replaced by their position."""
        positions: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            for param in group["params"]:
                positions.setdefault(id(param), len(positions))
            packed["params"] = [positions[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {positions[id(param)]: value for param, value in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict`` saved (the groups must hold as many parameters as before)."""
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        by_position = {}
        for mine, saved in zip(self.param_groups, groups):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match "
                                 "the size of optimizer's group")
            by_position.update(zip(saved["params"], mine["params"]))
            mine.update({key: value for key, value in saved.items() if key != "params"})
        self.state = defaultdict(dict)
        for position, value in state_dict["state"].items():
            self.state[by_position[position]] = {
                key: Tensor._make(item._data.copy()) if isinstance(item, Tensor) else copy.deepcopy(
                    item) for key, item in value.items()}

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for index, group in enumerate(self.param_groups):
            text += f"\nParameter Group {index}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"
