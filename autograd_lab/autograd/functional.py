"""``torch.autograd.functional``: Jacobians, Hessians and their products with vectors, for a function
of tensors, computed with reverse mode (``autograd.grad``), one output element at a time.

    jacobian(f, x)        d f(x) / d x, shaped f(x).shape + x.shape
    hessian(f, x)         the Jacobian of the gradient of a scalar f
    vjp(f, x, v)          (f(x), v^T J)          jvp(f, x, v)   (f(x), J v)
    vhp(f, x, v)          (f(x), v^T H)          hvp(f, x, v)   (f(x), H v)

Inputs may be one tensor or a tuple of tensors; results follow torch's nesting (a tuple per input,
and per output when ``f`` returns a tuple). Without ``create_graph`` the results are cut from the
graph. ``jvp`` and ``hvp`` use the "double backward" trick torch uses too (a vjp of a vjp), so they
need no forward mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import grad_mode
from .engine import grad as _grad

__all__ = ["jacobian", "hessian", "vjp", "jvp", "vhp", "hvp"]

from ..tensor import Tensor


def _as_tuple(value: Any, argument: str, function: str) -> tuple[bool, tuple]:
    """(whether it was a tuple, the tensors as a tuple), with torch's TypeError for non-tensors."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for index, item in enumerate(items):
        if not isinstance(item, Tensor):
            which = f"the value at index {index}" if is_tuple else f"the given {argument}"
            raise TypeError(f"The {argument} given to {function} must be either a Tensor or a tuple "
                            f"of Tensors but {which} has type {type(item)}.")
    return is_tuple, items


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    """Fresh leaves (or, with create_graph, views that stay connected) that require grad."""
    prepared = []
    for tensor in inputs:
        if create_graph and tensor.requires_grad:
            prepared.append(tensor.view_as(tensor))
        else:
            prepared.append(tensor.detach().requires_grad_(True))
    return tuple(prepared)


def _finish(value: Any, create_graph: bool) -> Any:
    if value is None or create_graph:
        return value
    return value.detach()


def _grads(outputs: tuple, inputs: tuple, grad_outputs: tuple, create_graph: bool) -> tuple:
    """The vector-Jacobian products, zeros for inputs the outputs do not depend on."""
    differentiable = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not differentiable:
        return tuple(Tensor._make(np.zeros_like(i._data)) for i in inputs)
    wanted = [i for i in inputs if i.requires_grad]
    found = _grad([o for o, _ in differentiable], wanted, [g for _, g in differentiable],
                  retain_graph=True, create_graph=create_graph, allow_unused=True)
    by_input = dict(zip(map(id, wanted), found))
    return tuple(by_input.get(id(i)) if by_input.get(id(i)) is not None
                 else Tensor._make(np.zeros_like(i._data)) for i in inputs)


def vjp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), v^T J)``: the gradient of ``sum(func(inputs) * v)`` w.r.t. the inputs."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    with grad_mode.enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "vjp")
        if v is None:
            if len(outputs) != 1 or outputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            vs = (Tensor._make(np.ones_like(outputs[0]._data)),)
        else:
            _, vs = _as_tuple(v, "v", "vjp")
            for output, vector in zip(outputs, vs):
                if output.shape != vector.shape:
                    raise RuntimeError(f"Mismatch in shape: grad_output[0] has a shape of "
                                       f"{vector.shape} and output[0] has a shape of {output.shape}.")
        result = _grads(outputs, inputs, vs, create_graph)
    out = tuple(_finish(o, create_graph) for o in outputs)
    result = tuple(_finish(r, create_graph) for r in result)
    return (out if outputs_tuple else out[0]), (result if inputs_tuple else result[0])


def jvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), J v)``, by the double-backward trick: ``J v`` is the gradient, w.r.t. a
    dummy ``u``, of ``(u^T J) v``."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        vs = (Tensor._make(np.ones_like(inputs[0]._data)),)
    else:
        _, vs = _as_tuple(v, "v", "jvp")
    with grad_mode.enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jvp")
        dummies = tuple(Tensor._make(np.zeros_like(o._data)).requires_grad_(True) for o in outputs)
        transposed = _grads(outputs, inputs, dummies, create_graph=True)
        result = _grads(transposed, dummies, vs, create_graph)
    out = tuple(_finish(o, create_graph) for o in outputs)
    result = tuple(_finish(r, create_graph) for r in result)
    return (out if outputs_tuple else out[0]), (result if outputs_tuple else result[0])


def jacobian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
             strict: bool = False, vectorize: bool = False, strategy: str = "reverse-mode") -> Any:
    """The Jacobian of ``func`` at ``inputs``: for output ``o`` and input ``i`` a tensor of shape
    ``o.shape + i.shape``, built one row (one output element) at a time."""
    from ..ops.shape import stack

    if strategy != "reverse-mode":
        raise ValueError("autograd_lab computes Jacobians in reverse mode only: use "
                         "strategy='reverse-mode'")
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    with grad_mode.enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                           "jacobian")
        blocks = []
        for output in outputs:
            flat = output.reshape(-1)
            rows: list[list] = [[] for _ in inputs]
            for index in range(flat.shape[0]):
                selector = np.zeros(flat.shape, dtype=output._data.dtype)
                selector[index] = 1
                row = _grads((flat,), inputs, (Tensor._make(selector),), create_graph)
                for column, value in enumerate(row):
                    rows[column].append(value)
            per_input = []
            for column, tensor in enumerate(inputs):
                if rows[column]:
                    block = stack(rows[column]).reshape(tuple(output.shape) + tuple(tensor.shape))
                else:
                    block = Tensor._make(np.zeros(tuple(output.shape) + tuple(tensor.shape),
                                                  dtype=tensor._data.dtype))
                per_input.append(_finish(block, create_graph))
            blocks.append(tuple(per_input) if inputs_tuple else per_input[0])
    return tuple(blocks) if outputs_tuple else blocks[0]


def hessian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
            strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode") -> Any:
    """The Hessian of a scalar ``func``: the Jacobian of its gradient."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*args: Any) -> Any:
        output = func(*args)
        _, outputs = _as_tuple(output, "outputs of the user-provided function", "hessian")
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor "
                               "containing a single element")
        grads = _grads((outputs[0].reshape(()),), args,
                       (Tensor._make(np.ones((), dtype=outputs[0]._data.dtype)),), True)
        return grads if inputs_tuple else grads[0]

    return jacobian(gradient, inputs if inputs_tuple else inputs[0], create_graph=create_graph)


def _scalar_output(func: Callable[..., Any], inputs: tuple, function: str) -> Tensor:
    output = func(*inputs)
    _, outputs = _as_tuple(output, "outputs of the user-provided function", function)
    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError(f"The function given to {function} should return a single Tensor "
                           "containing a single element")
    return outputs[0]


def vhp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), v^T H)`` for a scalar ``func``."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
    _, vs = _as_tuple(v, "v", "vhp")
    with grad_mode.enable_grad():
        inputs = _prepare(inputs, create_graph)
        output = _scalar_output(func, inputs, "vhp")
        first = _grads((output,), inputs, (Tensor._make(np.ones_like(output._data)),), True)
        result = _grads(first, inputs, vs, create_graph)
    result = tuple(_finish(r, create_graph) for r in result)
    return _finish(output, create_graph), (result if inputs_tuple else result[0])


def hvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), H v)`` for a scalar ``func`` (the Hessian is symmetric, so H v = v^T H)."""
    return vhp(func, inputs, v, create_graph, strict)
