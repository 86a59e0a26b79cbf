"""``torch.nn.utils.prune``: zero out part of a module's parameter through a mask.

Pruning ``module.weight`` turns the parameter into a product computed before every forward pass:

- the parameter moves to ``weight_orig`` (still what an optimizer updates);
- a buffer ``weight_mask`` (ones and zeros, saved in ``state_dict``) says which entries survive;
- ``module.weight`` becomes a plain attribute holding ``weight_mask * weight_orig``, recomputed by
  a forward pre-hook (the pruning method object itself, listed in ``module._forward_pre_hooks``), so
  gradients reach ``weight_orig`` with the pruned entries' gradients zeroed by the mask.

Pruning the same tensor again combines the masks (a ``PruningContainer`` keeps the history): the new
method only looks at what the old mask kept. ``remove`` makes the pruning permanent (``weight`` is
a parameter again, holding the pruned values). Random methods draw from this library's generator,
so their masks differ from torch's for the same seed; everything else is as torch computes it
(also which of equal magnitudes are pruned: ``topk`` chooses among ties as torch's CPU kernel does).
"""

from __future__ import annotations

import numbers
from abc import ABC, ABCMeta, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any

from ...creation import ones_like, rand, rand_like, zeros_like
from ...ops.reductions import kthvalue
from ...tensor import Tensor
from ..module import Module
from . import parameters_to_vector

__all__ = ["BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured",
           "L1Unstructured", "RandomStructured", "LnStructured", "CustomFromMask", "identity",
           "random_unstructured", "l1_unstructured", "random_structured", "ln_structured",
           "global_unstructured", "custom_from_mask", "remove", "is_pruned"]


def _torch_path(cls: type) -> str:
    """A class's dotted name as torch prints it: this library's classes under ``torch.``, a
    learner's own subclass under its own module."""
    module = cls.__module__
    if module.startswith("autograd_lab."):
        module = "torch" + module.removeprefix("autograd_lab")
    return f"{module}.{cls.__qualname__}"


class _MethodType(ABCMeta):
    """Only so that the classes print as torch's (``<class 'torch.nn.utils.prune.L1Unstructured'>``
    in error messages)."""

    def __repr__(cls) -> str:
        return f"<class '{_torch_path(cls)}'>"


class BasePruningMethod(ABC, metaclass=_MethodType):
    """Base of every pruning method: a subclass sets ``PRUNING_TYPE`` (``"unstructured"``,
    ``"structured"`` with a ``dim`` attribute, or ``"global"``: which part of an already pruned
    tensor it acts on) and defines ``compute_mask``; ``apply`` does the rest."""

    _tensor_name: str

    def __repr__(self) -> str:
        return f"<{_torch_path(type(self))} object at {id(self):#x}>"

    def __call__(self, module: Module, inputs: Any) -> None:
        """The forward pre-hook: ``module.<name>`` = mask * orig, recomputed before each forward."""
        setattr(module, self._tensor_name, self.apply_mask(module))

    @abstractmethod
    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        """The mask for ``t`` (its importance scores), keeping the zeros of ``default_mask`` (the
        mask of earlier pruning, ones if none)."""

    def apply_mask(self, module: Module) -> Tensor:
        """The pruned tensor: the module's ``<name>_mask`` times its ``<name>_orig`` (a product
        in the graph, so the gradient reaching ``<name>_orig`` is masked too)."""
        orig = getattr(module, self._tensor_name + "_orig")
        mask = getattr(module, self._tensor_name + "_mask")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module: Module, name: str, *args: Any, importance_scores: Tensor | None = None,
              **kwargs: Any) -> BasePruningMethod:
        """Prune ``module.<name>`` with ``cls(*args, **kwargs)``: registers ``<name>_orig`` and
        ``<name>_mask`` and the forward pre-hook, and sets ``module.<name>`` to the pruned tensor.
        Pruning a tensor already pruned adds the method to its ``PruningContainer`` (made on the
        second pruning), which combines the masks. Returns the hook."""
        old_keys = [key for key, hook in module._forward_pre_hooks.items()
                    if isinstance(hook, BasePruningMethod) and hook._tensor_name == name]
        if len(old_keys) > 1:
            raise AssertionError(f"Avoid adding multiple pruning hooks to the same tensor {name} "
                                 f"of module {module}. Use a PruningContainer.")
        method = cls(*args, **kwargs)
        method._tensor_name = name
        if old_keys:
            old = module._forward_pre_hooks[old_keys[0]]
            container = old if isinstance(old, PruningContainer) else PruningContainer(old)
            container.add_pruning_method(method)
            method = container
        tensor = getattr(module, name)
        scores = _importance(importance_scores, tensor, f"parameter {name} of {module}")
        if old_keys:
            default_mask = getattr(module, name + "_mask").detach().clone()
        else:
            module.register_parameter(name + "_orig", tensor)
            del module._parameters[name]
            default_mask = ones_like(tensor)
        try:
            mask = method.compute_mask(scores, default_mask=default_mask)
        except Exception:
            # leave the module as it was (a first pruning puts the parameter back, at the end of
            # the parameters as torch does; a container forgets the method)
            if old_keys:
                method._pruning_methods = method._pruning_methods[:-1]
            else:
                module.register_parameter(name, module._parameters.pop(name + "_orig"))
            raise
        module.register_buffer(name + "_mask", mask)
        setattr(module, name, method.apply_mask(module))
        for key in old_keys:  # the hook moves to the end of the table, under a new key
            del module._forward_pre_hooks[key]
        module.register_forward_pre_hook(method)
        return method

    def prune(self, t: Tensor, default_mask: Tensor | None = None,
              importance_scores: Tensor | None = None) -> Tensor:
        """``t`` times this method's mask for it (``importance_scores``, if given, rank the
        entries instead of ``t``)."""
        scores = _importance(importance_scores, t, "tensor t")
        if default_mask is None:
            default_mask = ones_like(t)
        return t * self.compute_mask(scores, default_mask=default_mask)

    def remove(self, module: Module) -> None:
        """Make the pruning permanent: ``<name>`` becomes a parameter again (the ``<name>_orig``
        parameter itself, now holding the pruned values); ``<name>_orig`` and ``<name>_mask`` go."""
        name = self._tensor_name
        pruned = self.apply_mask(module)
        if hasattr(module, name):
            delattr(module, name)
        orig = module._parameters.pop(name + "_orig")
        orig.data = pruned.data
        del module._buffers[name + "_mask"]
        setattr(module, name, orig)


def _importance(scores: Tensor | None, tensor: Tensor, what: str) -> Tensor:
    """The tensor that ranks the entries: ``scores`` if given (of ``tensor``'s shape), else the
    tensor itself."""
    if scores is None:
        return tensor
    if scores.shape != tensor.shape:
        raise AssertionError(f"importance_scores should have the same shape as {what}, got "
                             f"{scores.shape} vs {tensor.shape}")
    return scores


class PruningContainer(BasePruningMethod):
    """The pruning methods applied one after the other to one tensor (iterative pruning); its mask
    is the last method's mask computed on what the earlier ones kept."""

    def __init__(self, *methods: BasePruningMethod) -> None:
        self._pruning_methods: tuple[BasePruningMethod, ...] = ()
        if len(methods) == 1:
            self._tensor_name = methods[0]._tensor_name
        for method in methods:
            self.add_pruning_method(method)

    def add_pruning_method(self, method: BasePruningMethod) -> None:
        """Append ``method`` (it must prune the same tensor as the container)."""
        if method is not None:
            if not isinstance(method, BasePruningMethod):
                raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
            if self._tensor_name != method._tensor_name:
                raise ValueError("Can only add pruning methods acting on the parameter named "
                                 f"'{self._tensor_name}' to PruningContainer {self}. Found "
                                 f"'{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self) -> int:
        return len(self._pruning_methods)

    def __iter__(self) -> Iterator[BasePruningMethod]:
        return iter(self._pruning_methods)

    def __getitem__(self, index: Any) -> Any:
        return self._pruning_methods[index]

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        """``default_mask`` with the last method's mask written over the part it still keeps:
        the kept entries (flattened) for an unstructured method, the channels along ``dim`` that
        still have a kept entry for a structured one, everything for a global one."""
        method = self._pruning_methods[-1]
        region = _kept_region(method, t, default_mask)
        mask = default_mask.to(dtype=t.dtype)
        partial = method.compute_mask(t[region], default_mask=default_mask[region])
        mask[region] = partial.to(dtype=mask.dtype)
        return mask


def _kept_region(method: BasePruningMethod, t: Tensor, mask: Tensor) -> Any:
    """The index selecting the part of ``t`` that ``method`` (by its PRUNING_TYPE) acts on."""
    kind = method.PRUNING_TYPE
    if kind == "unstructured":
        return mask == 1
    if kind == "structured":
        if not hasattr(method, "dim"):
            raise AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the '
                                 "attribute `dim` defined.")
        ndim = t.dim()
        dim = method.dim + ndim if method.dim < 0 else method.dim
        if dim < 0:
            raise IndexError(f"Index is out of bounds for tensor with dimensions {ndim}")
        has_kept = mask.sum(dim=[d for d in range(ndim) if d != dim]) != 0
        return _along(ndim, dim, has_kept)
    if kind == "global":
        return (slice(None),) * len(t.shape)
    raise ValueError(f"Unrecognized PRUNING_TYPE {kind}")


def _along(ndim: int, dim: int, index: Any) -> tuple:
    """An index taking ``index`` along ``dim`` and everything along the other dims."""
    return tuple(index if d == dim else slice(None) for d in range(ndim))


# -- amounts ---------------------------------------------------------------------------------------

def _check_amount(amount: Any) -> None:
    """torch's check when a method is made: an int at least 0, or a float in [0, 1]."""
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    is_int = isinstance(amount, numbers.Integral)
    if (is_int and amount < 0) or (not is_int and not 0.0 <= float(amount) <= 1.0):
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a "
                         "non-negative integer")


def _how_many(amount: float, size: int) -> int:
    """How many of ``size`` entries (or channels) ``amount`` prunes: an int as it is, a fraction
    rounded (Python's round, half to even); an int larger than ``size`` is an error."""
    count = amount if isinstance(amount, numbers.Integral) else round(amount * size)
    if isinstance(count, numbers.Integral) and count > size:
        raise ValueError(f"amount={count} should be smaller than the number of parameters to "
                         f"prune={size}")
    return count


def _channels(t: Tensor, dim: int) -> int:
    """The number of channels along ``dim``, after torch's checks for structured pruning."""
    if len(t.shape) <= 1:
        raise ValueError("Structured pruning can only be applied to multidimensional tensors. "
                         f"Found tensor of shape {t.shape} with {len(t.shape)} dims")
    if dim >= t.dim():
        raise IndexError(f"Invalid index {dim} for tensor of size {t.shape}")
    return t.shape[dim]


# -- the methods -----------------------------------------------------------------------------------

class Identity(BasePruningMethod):
    """Prunes nothing: the reparametrization (``_orig``, ``_mask`` of ones, hook) alone."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        return default_mask

    @classmethod
    def apply(cls, module: Module, name: str) -> Identity:  # type: ignore[override]
        return super().apply(module, name)


def _drop_entries(default_mask: Tensor, scores: Tensor, amount: float, largest: bool) -> Tensor:
    """A copy of ``default_mask`` with zeros at the ``amount`` entries whose scores are the
    largest (or smallest)."""
    count = _how_many(amount, scores.numel())
    mask = default_mask.clone()
    if count:
        # (the method: a bool amount is torch's TypeError, worded from the call)
        chosen = scores.reshape(-1).topk(k=count, largest=largest).indices
        mask.view(-1)[chosen] = 0
    return mask


class RandomUnstructured(BasePruningMethod):
    """Prunes ``amount`` entries (an int, or a fraction of the entries) chosen at random."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount: float) -> None:
        _check_amount(amount)
        self.amount = amount

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        # the entries with the largest uniform draws are as random as any
        return _drop_entries(default_mask, rand_like(t), self.amount, largest=True)

    @classmethod
    def apply(cls, module: Module, name: str, amount: float) -> RandomUnstructured:  # type: ignore[override]
        return super().apply(module, name, amount=amount)


class L1Unstructured(BasePruningMethod):
    """Prunes the ``amount`` entries of smallest absolute value."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount: float) -> None:
        _check_amount(amount)
        self.amount = amount

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        return _drop_entries(default_mask, t.abs(), self.amount, largest=False)

    @classmethod
    def apply(cls, module: Module, name: str, amount: float,  # type: ignore[override]
              importance_scores: Tensor | None = None) -> L1Unstructured:
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


def _keep_channels(t: Tensor, dim: int, kept: Tensor, default_mask: Tensor) -> Tensor:
    """Ones on the channels ``kept`` (a bool mask or indices along ``dim``), zeros elsewhere,
    times ``default_mask``."""
    mask = zeros_like(t)
    mask[_along(t.dim(), dim, kept)] = 1
    mask *= default_mask.to(dtype=mask.dtype)
    return mask


class RandomStructured(BasePruningMethod):
    """Prunes ``amount`` whole channels along ``dim`` (slices ``t.select(dim, i)``) at random."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount: float, dim: int = -1) -> None:
        _check_amount(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        channels = _channels(t, self.dim)
        count = _how_many(self.amount, channels)
        if not count:
            return default_mask
        draws = rand(channels)
        # the channels whose draw is above the count-th smallest draw survive
        return _keep_channels(t, self.dim, draws > kthvalue(draws, k=count).values, default_mask)

    @classmethod
    def apply(cls, module: Module, name: str, amount: float,  # type: ignore[override]
              dim: int = -1) -> RandomStructured:
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prunes the ``amount`` channels along ``dim`` of smallest ``n``-norm (``n`` as ``p`` of
    ``torch.norm``: an int, a float, ``inf``, ``-inf``, ``'fro'``)."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount: float, n: Any, dim: int = -1) -> None:
        _check_amount(amount)
        self.amount = amount
        self.n = n
        self.dim = dim

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        channels = _channels(t, self.dim)
        count = _how_many(self.amount, channels)
        dim = self.dim % t.dim()
        norms = t.norm(p=self.n, dim=[d for d in range(t.dim()) if d != dim])
        strongest = norms.topk(k=channels - count, largest=True).indices
        if not count:
            return default_mask
        return _keep_channels(t, dim, strongest, default_mask)

    @classmethod
    def apply(cls, module: Module, name: str, amount: float, n: Any,  # type: ignore[override]
              dim: int, importance_scores: Tensor | None = None) -> LnStructured:
        return super().apply(module, name, amount=amount, n=n, dim=dim,
                             importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prunes where a given ``mask`` (of the tensor's shape) is zero."""

    PRUNING_TYPE = "global"

    def __init__(self, mask: Tensor) -> None:
        self.mask = mask

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        if default_mask.shape != self.mask.shape:
            raise AssertionError(f"default_mask shape {default_mask.shape} must match self.mask "
                                 f"shape {self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module: Module, name: str, mask: Tensor) -> CustomFromMask:  # type: ignore[override]
        return super().apply(module, name, mask=mask)


# -- the functions ---------------------------------------------------------------------------------

def identity(module: Module, name: str) -> Module:
    """The pruning reparametrization of ``module.<name>`` with a mask of ones; returns ``module``."""
    Identity.apply(module, name)
    return module


def random_unstructured(module: Module, name: str, amount: float) -> Module:
    """Prune ``amount`` (int, or fraction) of ``module.<name>``'s unpruned entries at random."""
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module: Module, name: str, amount: float,
                    importance_scores: Tensor | None = None) -> Module:
    """Prune the ``amount`` unpruned entries of ``module.<name>`` of smallest absolute value (of
    ``importance_scores``, if given)."""
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module: Module, name: str, amount: float, dim: int) -> Module:
    """Prune ``amount`` unpruned channels of ``module.<name>`` along ``dim``, at random."""
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module: Module, name: str, amount: float, n: Any, dim: int,
                  importance_scores: Tensor | None = None) -> Module:
    """Prune the ``amount`` unpruned channels of ``module.<name>`` along ``dim`` of smallest
    ``n``-norm."""
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def global_unstructured(parameters: Iterable, pruning_method: type, importance_scores: Any = None,
                        **kwargs: Any) -> None:
    """Prune the ``(module, name)`` tensors of ``parameters`` as if they were one vector: an
    unstructured ``pruning_method(**kwargs)`` (e.g. ``L1Unstructured`` with ``amount``) chooses
    among all their entries, so each tensor loses its own share. ``importance_scores`` maps a
    ``(module, name)`` pair to scores replacing its tensor's values in the ranking."""
    if not isinstance(parameters, Iterable):
        raise TypeError("global_unstructured(): parameters is not an Iterable")
    if importance_scores is None:
        importance_scores = {}
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be of type dict")
    # (parameters is walked three times, as torch does: a generator is spent after the first)
    scores = parameters_to_vector([importance_scores.get((module, name), getattr(module, name))
                                   for module, name in parameters])
    masks = parameters_to_vector([_mask_of(module, name) for module, name in parameters])
    method = pruning_method(**kwargs)
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError('Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. '
                        f"Found method {pruning_method} of type {method.PRUNING_TYPE}")
    # a container over the one vector: the method acts only on the entries still unpruned
    method._tensor_name = "temp"
    container = PruningContainer(method)
    whole = container.compute_mask(scores, masks)
    start = 0
    for module, name in parameters:
        tensor = getattr(module, name)
        custom_from_mask(module, name, mask=whole[start:start + tensor.numel()].view_as(tensor))
        start += tensor.numel()


def _mask_of(module: Module, name: str) -> Tensor:
    """The mask ``module.<name>`` is pruned with (ones if it is not pruned)."""
    if hasattr(module, name + "_mask"):
        return getattr(module, name + "_mask")
    return ones_like(getattr(module, name))


def custom_from_mask(module: Module, name: str, mask: Tensor) -> Module:
    """Prune ``module.<name>`` where ``mask`` is zero."""
    CustomFromMask.apply(module, name, mask)
    return module


def remove(module: Module, name: str) -> Module:
    """Make the pruning of ``module.<name>`` permanent and drop its hook (the pruned entries stay
    zero; ``<name>`` is a parameter again)."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, BasePruningMethod) and hook._tensor_name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"Parameter '{name}' of module {module} has to be pruned before pruning can "
                     "be removed")


def is_pruned(module: Module) -> bool:
    """Whether ``module`` or any of its descendants has a pruning hook."""
    return any(isinstance(hook, BasePruningMethod)
               for submodule in module.modules()
               for hook in submodule._forward_pre_hooks.values())
