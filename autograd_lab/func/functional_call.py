"""``functional_call`` and ``stack_module_state``: a module as a function of its parameters.

The transforms differentiate and map over function arguments, but a module keeps its parameters
inside. ``functional_call(model, params, x)`` runs ``model(x)`` with the tensors of ``params`` (a
dict by dotted name, as ``named_parameters()`` gives) standing in for the module's parameters and
buffers, and puts the module's own back afterwards, so ``grad(lambda p: loss(functional_call(model,
p, x)))(params)`` is the gradient w.r.t. ``params``, and the model's ``.grad`` fields are untouched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..nn.module import Module
from ..ops.shape import stack
from ..tensor import Tensor

__all__ = ["functional_call", "stack_module_state"]

_MISSING = object()


def functional_call(module: Module, parameter_and_buffer_dicts: Any, args: Any = None,
                    kwargs: dict | None = None, *, tie_weights: bool = True,
                    strict: bool = False) -> Any:
    """Call ``module(*args, **kwargs)`` with its parameters and buffers replaced by the tensors
    of ``parameter_and_buffer_dicts`` (a dict, or a tuple/list of dicts, by dotted name); the
    module is restored afterwards. ``args`` that is not a tuple is one argument. With
    ``tie_weights``, a value given for one of several names sharing a tensor replaces them all;
    with ``strict``, every parameter and buffer must be given and nothing else."""
    if isinstance(parameter_and_buffer_dicts, dict):
        replacements = parameter_and_buffer_dicts
    elif isinstance(parameter_and_buffer_dicts, Sequence):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be dictionaries")
        counts: dict[str, int] = {}
        for table in parameter_and_buffer_dicts:
            for key in table:
                counts[key] = counts.get(key, 0) + 1
        repeated = [key for key, count in counts.items() if count > 1]
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of functional "
                             "call is ambiguous")
        replacements = {key: value for table in parameter_and_buffer_dicts
                        for key, value in table.items()}
    else:
        raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of "
                         f"dicts, but got {type(parameter_and_buffer_dicts)}")
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    with _reparametrized(module, replacements, tie_weights, strict):
        return module(*args, **kwargs)


def _named_tensors(module: Module) -> dict[str, Tensor]:
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    return named


def _untied(module: Module, replacements: dict) -> dict:
    """``replacements`` with a value given for one name of a tied tensor given for all its names."""
    names_of: dict[int, set[str]] = {}
    for name, tensor in _named_tensors(module).items():
        names_of.setdefault(id(tensor), set()).add(name)
    tied = {name: names for names in names_of.values() if len(names) > 1 for name in names}
    given = [name for name in replacements if name in tied]
    for name in given:
        names = tied[name]
        values = {id(replacements[other]) for other in names if other in replacements}
        if len(names & set(given)) > 1 and len(values) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(names)}, which "
                             "are tied. Consider using tie_weights=False")
    untied = dict(replacements)
    for name in given:
        for other in tied[name]:
            untied[other] = replacements[name]
    return untied


def _submodule(root: Module, path: str, cache: dict) -> Module:
    if not path:
        return root
    if path in cache:
        return cache[path]
    prefix, _, attribute = path.rpartition(".")
    parent = _submodule(root, prefix, cache)
    try:
        child = getattr(parent, attribute)
    except AttributeError:
        raise AttributeError(f"{parent._get_name()} has no attribute `{attribute}`") from None
    if not isinstance(child, Module):
        raise TypeError(f"submodule `{path}`: {child} is not an instance of torch.nn.Module")
    cache[path] = child
    return child


def _swap(module: Module, name: str, value: Any) -> Any:
    """Put ``value`` where ``module`` keeps ``name`` (``_MISSING``: remove it); return what was
    there (``_MISSING`` if nothing)."""
    if value is not _MISSING and value is not None and not isinstance(value, Tensor):
        raise TypeError(f"{value} is not an instance of torch.Tensor")
    for table in (module._parameters, module._buffers):
        if name in table:
            original = table[name]
            if value is _MISSING:
                del table[name]
            else:
                table[name] = value
            return original
    original = getattr(module, name, _MISSING)
    if original is not _MISSING and original is not None and not isinstance(original, Tensor):
        raise TypeError(f"attribute `{name}`: {original} is not an instance of torch.Tensor")
    if value is not _MISSING:
        setattr(module, name, value)
    elif original is not _MISSING:
        delattr(module, name)
    return original


@contextmanager
def _reparametrized(module: Module, replacements: dict, tie_weights: bool,
                    strict: bool) -> Iterator[None]:
    if tie_weights:
        replacements = _untied(module, replacements)
    if strict:
        valid = set(_named_tensors(module))
        missing, unexpected = sorted(valid - set(replacements)), sorted(set(replacements) - valid)
        problems = []
        if unexpected:
            problems.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
        if missing:
            problems.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
        if problems:
            raise RuntimeError(f"Error(s) in reparametrizing for {module._get_name()}:\n\t"
                               + "\n\t".join(problems))
    cache: dict[str, Module] = {}
    originals: dict[str, Any] = {}
    try:
        for name, value in replacements.items():
            prefix, _, attribute = name.rpartition(".")
            originals[name] = _swap(_submodule(module, prefix, cache), attribute, value)
        yield
    finally:
        for name, original in originals.items():
            prefix, _, attribute = name.rpartition(".")
            _swap(_submodule(module, prefix, cache), attribute, original)


def stack_module_state(models: Sequence[Module]) -> tuple[dict[str, Tensor], dict[str, Tensor]]:
    """``(params, buffers)`` of several modules of one class, each entry the models' tensors
    stacked along a new first dimension (for ``vmap`` over an ensemble with ``functional_call``);
    stacked parameters are new leaves that require grad."""
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval "
                           "mode.")
    if not all(type(m) is type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(model.named_parameters()) for model in models]
    all_buffers = [dict(model.named_buffers()) for model in models]
    params = {name: _stacked_leaf([p[name] for p in all_params], name) for name in all_params[0]}
    buffers = {name: _stacked_leaf([b[name] for b in all_buffers], name) for name in all_buffers[0]}
    return params, buffers


def _stacked_leaf(tensors: list, name: str) -> Tensor:
    requiring = [t.requires_grad for t in tensors]
    if any(requiring) and not all(requiring):
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = stack(tensors)
    return result.detach().requires_grad_() if all(requiring) else result
