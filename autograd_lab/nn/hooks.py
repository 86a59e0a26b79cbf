"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``), as
torch implements them: the module's tensor inputs and outputs pass through an identity Function
(``BackwardHookFunction``; its node is what ``grad_fn`` shows on the output). When the gradient
reaches the outputs' node, the pre-hooks see (and may replace) ``grad_output``; when it reaches the
inputs' node, the hooks see ``grad_input`` and ``grad_output`` (and may replace ``grad_input``)."""

from __future__ import annotations

import warnings
from typing import Any

from .._stack import outside_the_library
from ..autograd import grad_mode
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
                result = result if isinstance(result, tuple) else (result,)
                if len(result) != len(grads):
                    raise RuntimeError(f"Backward pre hook returned an invalid number of grad_output, "
                                       f"got {len(result)}, but expected {len(grads)}")
                grads = result
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
                result = result if isinstance(result, tuple) else (result,)
                if len(result) != len(grad_input):
                    raise RuntimeError(f"Backward hook returned an invalid number of grad_input, "
                                       f"got {len(result)}, but expected {len(grad_input)}")
                grad_input = result
        return grad_input


