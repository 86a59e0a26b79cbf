"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``), as
torch implements them: the module's tensor inputs and outputs pass through an identity Function
(``BackwardHookFunction``; its node is what ``grad_fn`` shows on the output). When the gradient
reaches the outputs' node, the pre-hooks see (and may replace) ``grad_output``; when it reaches the
inputs' node, the hooks see ``grad_input`` and ``grad_output`` (and may replace ``grad_input``).

The deprecated ``register_backward_hook`` works another way (``register_non_full_hooks``): each
hook goes on the ``grad_fn`` of the output's first tensor, as a node hook, and sees that node's
gradients only."""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any

from .._stack import outside_the_library
from ..autograd import grad_mode, messages
from ..autograd.function import Function
from ..tensor import Tensor


class BackwardHookFunction(Function):
    """The identity on tensors; its backward runs a module's backward hooks (``on_backward``)."""

    @staticmethod
    def forward(ctx: Any, on_backward: Any, *tensors: Tensor) -> Any:
        ctx.on_backward = on_backward
        ctx.mark_non_differentiable(*[x for x in tensors if not x.requires_grad])
        return tensors if len(tensors) != 1 else tensors[0]

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> tuple:
        return (None, *ctx.on_backward(grads))


class BackwardHooks:
    """One call of a module with backward hooks: wraps its inputs and outputs and runs the hooks."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.grad_outputs: tuple | None = None
        self.input_count = 0
        self.inputs_wrapped = False

    def setup_inputs(self, args: tuple) -> tuple:
        """``args`` with their tensors passed through the inputs' node (when one requires grad)."""
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self.input_count = len(positions)
        if not (grad_mode.recording() and any(args[i].requires_grad for i in positions)):
            return args
        self.inputs_wrapped = True
        wrapped = BackwardHookFunction.apply(self._on_inputs, *[args[i] for i in positions])
        wrapped = wrapped if isinstance(wrapped, tuple) else (wrapped,)
        args = list(args)
        for position, tensor in zip(positions, wrapped):
            args[position] = tensor
        return tuple(args)

    def setup_outputs(self, output: Any) -> Any:
        """``output`` (a tensor or a tuple/list of them) passed through the outputs' node."""
        single = isinstance(output, Tensor)
        tensors = [output] if single else [x for x in output if isinstance(x, Tensor)] \
            if isinstance(output, tuple | list) else []
        if not grad_mode.recording() or not any(x.requires_grad for x in tensors):
            return output
        wrapped = BackwardHookFunction.apply(self._on_outputs, *tensors)
        if single:
            return wrapped
        wrapped = iter(wrapped if isinstance(wrapped, tuple) else (wrapped,))
        return type(output)(next(wrapped) if isinstance(x, Tensor) else x for x in output)

    def _on_outputs(self, grads: tuple) -> tuple:
        module = self.module
        for hook in list(module._backward_pre_hooks.values()):
            result = hook(module, grads)
            if result is not None:
                grads = _replacement(result, grads, "Backward pre hook returned an invalid number "
                                                    "of grad_output")
        self.grad_outputs = grads
        if not self.inputs_wrapped:  # (as torch: the gradient reaches no input; with pre-hooks only too)
            warnings.warn(
                "Full backward hook is firing when gradients are computed with respect to module "
                "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/"
                "generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more "
                "details.", UserWarning, stacklevel=outside_the_library())
            for hook in list(module._backward_hooks.values()):
                result = hook(module, (None,) * self.input_count, grads)
                if result is not None and not (isinstance(result, tuple)
                                               and all(x is None for x in result)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient "
                                       "should always return None or None for all gradients.")
        return grads

    def _on_inputs(self, grads: tuple) -> tuple:
        return self._run_hooks(grads)

    def _run_hooks(self, grad_input: tuple) -> tuple:
        module = self.module
        for hook in list(module._backward_hooks.values()):
            result = hook(module, grad_input, self.grad_outputs)
            if result is not None:
                grad_input = _replacement(result, grad_input, "Backward hook returned an invalid "
                                                              "number of grad_input")
        return grad_input




# torch runs a module's backward hooks inside a node hook of its own, named ``hook`` in its errors
_TORCH_NODE_HOOK = SimpleNamespace(__name__="hook")


def _replacement(result: Any, grads: tuple, count_error: str) -> tuple:
    """The gradients a module backward (pre-)hook returned instead of ``grads``, checked as torch
    checks them: their number, then (by torch's node hook) each one's dtype and shape."""
    try:
        count = len(result)
    except TypeError:
        raise TypeError(f"object of type '{type(result).__name__}' has no len()") from None
    if count != len(grads):
        raise RuntimeError(f"{count_error}, got {count}, but expected {len(grads)}")
    if isinstance(result, Tensor):  # (torch counts its rows, then its node hook refuses it)
        raise messages.hook_changed_size(_TORCH_NODE_HOOK)
    for new, old in zip(result, grads):
        if isinstance(new, Tensor) and isinstance(old, Tensor):
            if new.dtype is not old.dtype:
                raise messages.hook_changed_type(_TORCH_NODE_HOOK, old._data.dtype, new._data.dtype)
            if new.shape != old.shape:
                raise messages.hook_changed_size(_TORCH_NODE_HOOK)
    return tuple(result)


def register_non_full_hooks(module: Any, args: tuple, output: Any) -> None:
    """The deprecated hooks of ``module`` registered on the node that made ``output``'s first tensor
    (the first value of a dict, the first item of a sequence, down to a tensor); torch's
    FutureWarning where that node's gradients are not the module's."""
    first = output
    while not isinstance(first, Tensor):
        first = next(v for v in first.values() if isinstance(v, Tensor)) \
            if isinstance(first, dict) else first[0]
    node = first.grad_fn
    if node is None:
        return
    for hook in list(module._backward_hooks.values()):
        node.register_hook(lambda grad_input, grad_output, hook=hook: hook(module, grad_input,
                                                                           grad_output))
    reason = _non_full_hook_shortfall(args, output, node)
    if reason is not None:
        warnings.warn(reason, FutureWarning, stacklevel=outside_the_library())


_PLEASE = " Please use register_full_backward_hook to get the documented behavior."


def _non_full_hook_shortfall(args: tuple, output: Any, node: Any) -> str | None:
    """What a hook on ``node`` will miss of the module's gradients (torch's warning), or None."""
    outputs = (output,) if isinstance(output, Tensor) else output
    if not (isinstance(outputs, tuple) and all(isinstance(x, Tensor) for x in outputs)):
        return ("Using non-full backward hooks on a Module that does not return a single Tensor or "
                "a tuple of Tensors is deprecated and will be removed in future versions. This hook "
                "will be missing some of the grad_output." + _PLEASE)
    if not all(isinstance(x, Tensor) for x in args):
        return ("Using non-full backward hooks on a Module that does not take as input a single "
                "Tensor or a tuple of Tensors is deprecated and will be removed in future versions. "
                "This hook will be missing some of the grad_input." + _PLEASE)
    made_by = {x.grad_fn for x in outputs if x.grad_fn is not None}
    if made_by != {node}:
        if len(made_by) > 1:
            return ("Using a non-full backward hook when outputs are generated by different "
                    "autograd Nodes is deprecated and will be removed in future versions. This hook "
                    "will be missing some grad_output." + _PLEASE)
        return ("Using a non-full backward hook when outputs are nested in python data structure "
                "is deprecated and will be removed in future versions. This hook will be missing "
                "some grad_output.")
    # the node's inputs must be exactly the nodes that made the module's inputs
    if {x.grad_fn for x in args if x.grad_fn is not None} != {n for n, _ in node.next_functions}:
        return ("Using a non-full backward hook when the forward contains multiple autograd Nodes "
                "is deprecated and will be removed in future versions. This hook will be missing "
                "some grad_input." + _PLEASE)
    return None
