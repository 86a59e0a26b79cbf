"""``torch.autograd.functional``: Jacobians, Hessians and their products with vectors, for a function
of tensors.

    jacobian(f, x)        d f(x) / d x, shaped f(x).shape + x.shape
    hessian(f, x)         the Jacobian of the gradient of a scalar f
    vjp(f, x, v)          (f(x), v^T J)          jvp(f, x, v)   (f(x), J v)
    vhp(f, x, v)          (f(x), v^T H)          hvp(f, x, v)   (f(x), H v)

Inputs may be one tensor or a tuple of tensors; results follow torch's nesting (a tuple per input,
and per output when ``f`` returns a tuple). Without ``create_graph`` the results are cut from the
graph. As in torch, everything but ``jacobian(..., strategy="forward-mode")`` runs in reverse mode:

- ``vjp`` and ``vhp`` are one and two backward passes.
- ``jvp`` and ``hvp`` use the "double backward" trick: ``u -> u^T J`` is linear in a dummy ``u``, so
  ``J v`` is the gradient of ``(u^T J) v`` with respect to ``u`` (a backward pass through a
  backward pass). Same values as forward mode, without needing it.
- ``jacobian`` makes one backward pass per output element (``vectorize=True`` changes nothing here
  but torch's checks). ``strategy="forward-mode"`` (torch requires ``vectorize=True`` with it) makes
  one forward-mode pass (``forward_ad``) per input element instead: the better choice when the
  function has fewer inputs than outputs. ``hessian(..., outer_jacobian_strategy="forward-mode")``
  is forward over reverse.

``strict=True`` turns an output independent of an input (whose derivative would be zeros) into
torch's error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import autograd_lab as _lab  # torch-level functions (stack), looked up when called, as tensor.py's methods do

from ..tensor import Tensor
from . import forward_ad, grad_mode
from .engine import grad as _grad

__all__ = ["jacobian", "hessian", "vjp", "jvp", "vhp", "hvp"]

OUTPUTS = "outputs of the user-provided function"


# -- arguments ---------------------------------------------------------------------------------------


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


def _unpacked(value: tuple, is_tuple: bool) -> Any:
    return value if is_tuple else value[0]


def _prepare(tensors: tuple, create_graph: bool, need_graph: bool = True) -> tuple:
    """What the function is called with: with create_graph, a tensor that requires grad is viewed
    (the results stay connected to its graph); any other is detached, requiring grad if
    ``need_graph`` (inputs; not the vectors ``v``)."""
    return tuple(tensor.view_as(tensor) if create_graph and tensor.requires_grad
                 else tensor.detach().requires_grad_(need_graph) for tensor in tensors)


def _finish(tensors: tuple, create_graph: bool) -> tuple:
    """Results as the caller gets them: cut from the graph unless create_graph."""
    return tensors if create_graph else tuple(tensor.detach() for tensor in tensors)


def _vectors(v: Any, like: tuple, like_is_tuple: bool, function: str, what: str,
             create_graph: bool) -> tuple:
    """The vectors ``v`` checked against the tensors they multiply (torch's errors); ``v=None`` only
    for a single one-element tensor (then v = 1)."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if the {what} a single Tensor with a "
                               "single element.")
        return (None,)
    _, vs = _as_tuple(v, "v", function)
    vs = _prepare(vs, create_graph, need_graph=False)
    if len(vs) != len(like):
        if like_is_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got "
                               f"{len(vs)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for index, (vector, other) in enumerate(zip(vs, like)):
        if vector.shape != other.shape:
            where = f"Entry {index} in " if like_is_tuple else ""
            raise RuntimeError(f"{where}v has invalid size: should be {other.shape} but got "
                               f"{vector.shape}.")
    return vs


# -- strict mode ------------------------------------------------------------------------------------

_NOT_REQUIRING_GRAD = {
    "outputs": ("Output {i} of the user-provided function does not require gradients. The outputs "
                "must be computed in a differentiable manner from the input when running in strict "
                "mode."),
    "grad_inputs": ("The gradient with respect to input {i} is independent of the inputs of the "
                    "user-provided function. This is not allowed in strict mode."),
    "jacobian": ("While computing the hessian, found that the jacobian of the user-provided "
                 "function with respect to input {i} is independent of the input. This is not "
                 "allowed in strict mode. You should ensure that your function is twice "
                 "differentiable and that the jacobian depends on the inputs (this would be "
                 "violated by a linear function for example)."),
    "hessian": ("The hessian of the user-provided function with respect to input {i} is "
                "independent of the input. This is not allowed in strict mode. You should ensure "
                "that your function is thrice differentiable and that the hessian depends on the "
                "inputs."),
}

_UNUSED = {
    "back": "The output of the user-provided function is independent of input {i}. This is not "
            "allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. This "
                   "is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in "
                         "the grad_jacobian. This is not allowed in strict mode as it prevents "
                         "from using the double backward trick to replace forward mode AD.",
}


def _check_requires_grad(tensors: tuple, kind: str, strict: bool) -> None:
    """In strict mode, torch's error for a result that does not depend on the inputs."""
    if not strict:
        return
    for i, tensor in enumerate(tensors):
        if tensor is None:
            raise RuntimeError(f"The output of the user-provided function is independent of input "
                               f"{i}. This is not allowed in strict mode.")
        if not tensor.requires_grad:
            raise RuntimeError(_NOT_REQUIRING_GRAD[kind].format(i=i))


def _backward(outputs: tuple, inputs: tuple, grad_outputs: tuple | None = None,
              create_graph: bool = False) -> tuple:
    """``autograd.grad`` of the outputs that require grad (None for every input when none does;
    None for an input they do not depend on)."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(out, g) for out, g in zip(outputs, grad_outputs)
             if out is not None and out.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return _grad([out for out, _ in pairs], inputs, [g for _, g in pairs], retain_graph=True,
                 create_graph=create_graph, allow_unused=True)


def _zeros_for_unused(grads: tuple, like: tuple, strict: bool, create_graph: bool,
                      stage: str) -> tuple:
    """Zeros where a gradient is None (torch's error in strict mode)."""
    result = []
    for i, (gradient, reference) in enumerate(zip(grads, like)):
        if gradient is None:
            if strict:
                raise RuntimeError(_UNUSED[stage].format(i=i))
            gradient = Tensor._make(np.zeros_like(reference._data))
        elif strict and create_graph and not gradient.requires_grad:
            which = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {which} of the user-provided function is independent of input "
                               f"{i}. This is not allowed in strict mode when create_graph=True.")
        result.append(gradient)
    return tuple(result)


def _single_output(output: Any, function: str, strict: bool) -> Tensor:
    """The one-element tensor a function given to hessian, vhp or hvp must return."""
    is_tuple, outputs = _as_tuple(output, OUTPUTS, function)
    _check_requires_grad(outputs, "outputs", strict)
    if is_tuple:
        raise RuntimeError(f"The function given to {function} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {function} should "
                           "contain a single element")
    return outputs[0]


# -- products with vectors --------------------------------------------------------------------------


def vjp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), v^T J)``: the gradient of ``sum(func(inputs) * v)`` w.r.t. the inputs (one
    backward pass). ``v`` is shaped like the output (None for a one-element output)."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph)
        outputs_tuple, outputs = _as_tuple(func(*inputs), OUTPUTS, "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        vs = _vectors(v, outputs, outputs_tuple, "vjp", "user-provided function returns",
                      create_graph)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _zeros_for_unused(_backward(outputs, inputs, vs, create_graph), inputs, strict,
                                     create_graph, "back")
    return (_unpacked(_finish(outputs, create_graph), outputs_tuple),
            _unpacked(_finish(products, create_graph), inputs_tuple))


def jvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), J v)`` for ``v`` shaped like the inputs, by the double-backward trick (as
    torch): ``g(u) = u^T J`` is a backward pass from a dummy ``u``, and ``J v`` is the gradient of
    ``g(u) . v`` with respect to ``u``."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare(inputs, create_graph)
        vs = _vectors(v, inputs, inputs_tuple, "jvp", "input to the user-provided function is",
                      create_graph)
        outputs_tuple, outputs = _as_tuple(func(*inputs), OUTPUTS, "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        dummies = tuple(Tensor._make(np.zeros_like(out._data)).requires_grad_(True)
                        for out in outputs)
        transposed = _backward(outputs, inputs, dummies, create_graph=True)
        _check_requires_grad(transposed, "grad_inputs", strict)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _zeros_for_unused(_backward(transposed, dummies, vs, create_graph), outputs,
                                     strict, create_graph, "back_trick")
    return (_unpacked(_finish(outputs, create_graph), outputs_tuple),
            _unpacked(_finish(products, create_graph), outputs_tuple))


def vhp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), v^T H)`` for a scalar ``func``: the gradient of ``grad . v`` (two backward
    passes)."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
        inputs = _prepare(inputs, create_graph)
        vs = _vectors(v, inputs, inputs_tuple, "vhp", "input to the user-provided function is",
                      create_graph)
        output = _single_output(func(*inputs), "vhp", strict)
        gradient = _backward((output,), inputs, create_graph=True)
        _check_requires_grad(gradient, "jacobian", strict)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _zeros_for_unused(_backward(gradient, inputs, vs, create_graph), inputs, strict,
                                     create_graph, "double_back")
    return (_finish((output,), create_graph)[0],
            _unpacked(_finish(products, create_graph), inputs_tuple))


def hvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple:
    """``(func(inputs), H v)`` for a scalar ``func``, by the double-backward trick on the gradient
    (as torch; the Hessian is symmetric, so it equals ``vhp`` up to rounding)."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hvp")
        inputs = _prepare(inputs, create_graph)
        vs = _vectors(v, inputs, inputs_tuple, "hvp", "input to the user-provided function is",
                      create_graph)
        output = _single_output(func(*inputs), "hvp", strict)
        gradient = _backward((output,), inputs, create_graph=True)
        _check_requires_grad(gradient, "jacobian", strict)
        dummies = tuple(Tensor._make(np.zeros_like(i._data)).requires_grad_(True) for i in inputs)
        transposed = _backward(gradient, inputs, dummies, create_graph=True)
        _check_requires_grad(gradient, "hessian", strict)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _zeros_for_unused(_backward(transposed, dummies, vs, create_graph), inputs,
                                     strict, create_graph, "double_back_trick")
    return (_finish((output,), create_graph)[0],
            _unpacked(_finish(products, create_graph), inputs_tuple))


# -- Jacobians and Hessians -------------------------------------------------------------------------


def jacobian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
             strict: bool = False, vectorize: bool = False, strategy: str = "reverse-mode") -> Any:
    """The Jacobian of ``func`` at ``inputs``: for output ``o`` and input ``i`` a tensor of shape
    ``o.shape + i.shape``. ``strategy="reverse-mode"``: one backward pass per output element;
    ``"forward-mode"`` (needs ``vectorize=True``, as torch): one forward pass per input element."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                             'Hint: If your function has more outputs than inputs, "forward-mode" '
                             'tends to be more performant. Otherwise, prefer to use '
                             '"reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`create_graph=False` or `strategy="reverse-mode"`.')
        return _forward_jacobian(func, inputs, strict, vectorize)
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph)
        outputs_tuple, outputs = _as_tuple(func(*inputs), OUTPUTS, "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        if vectorize and strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either set "
                               "`strict=False` or `vectorize=False`.")
        blocks = tuple(_reverse_rows(output, i, inputs, create_graph, strict)
                       for i, output in enumerate(outputs))
    blocks = tuple(_finish(row, create_graph) for row in blocks)
    return _unpacked(tuple(_unpacked(row, inputs_tuple) for row in blocks), outputs_tuple)


def _reverse_rows(output: Tensor, position: int, inputs: tuple, create_graph: bool,
                  strict: bool) -> tuple:
    """The blocks ``d output / d input`` for every input, one backward pass per output element."""
    flat = output.reshape(-1)
    rows: list[list] = [[] for _ in inputs]
    for index in range(flat.shape[0]):
        for column, (row, tensor) in enumerate(zip(
                _backward((flat[index],), inputs, create_graph=create_graph), inputs)):
            if row is None:
                if strict:
                    raise RuntimeError(f"Output {position} of the user-provided function is "
                                       f"independent of input {column}. This is not allowed in "
                                       "strict mode.")
                row = Tensor._make(np.zeros_like(tensor._data))
            elif strict and create_graph and not row.requires_grad:
                raise RuntimeError(f"The jacobian of the user-provided function is independent of "
                                   f"input {position}. This is not allowed in strict mode when "
                                   "create_graph=True.")
            rows[column].append(row)
    return tuple(_lab.stack(column_rows).view(tuple(output.shape) + tuple(tensor.shape))
                 if column_rows else
                 Tensor._make(np.zeros(tuple(output.shape) + tuple(tensor.shape),
                                       dtype=tensor._data.dtype))
                 for column_rows, tensor in zip(rows, inputs))


def _forward_jacobian(func: Callable[..., Any], inputs: Any, strict: bool, vectorize: bool) -> Any:
    """The Jacobian by forward mode: for each element of the inputs, one forward pass with that
    element's tangent 1 (the others 0) gives one column."""
    if strict:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                           '`strategy="forward-mode"` are not supported together (yet). Please '
                           'either set `strict=False` or `strategy="reverse-mode"`.')
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian isonly implemented for `vectorize=True`.")
    numels = [tensor.numel() for tensor in inputs]
    columns: list[list[np.ndarray]] = []
    outputs_tuple, outputs = False, ()
    for position, numel in enumerate(numels):
        for index in range(numel):
            with forward_ad.dual_level():
                duals = []
                for other, source in enumerate(inputs):
                    direction = np.zeros(source._data.shape, dtype=source._data.dtype)
                    if other == position:
                        direction.reshape(-1)[index] = 1
                    duals.append(forward_ad.make_dual(source, Tensor._make(direction)))
                outputs_tuple, results = _as_tuple(func(*duals), "outputs", None)
                unpacked = [forward_ad.unpack_dual(result) for result in results]
                outputs = tuple(primal for primal, _ in unpacked)
                columns.append([np.zeros_like(primal._data) if tangent is None else tangent._data
                                for primal, tangent in unpacked])
    blocks = []
    for which, output in enumerate(outputs):
        whole = np.stack([column[which] for column in columns], axis=-1)
        pieces = np.split(whole, np.cumsum(numels)[:-1], axis=-1)
        blocks.append([Tensor._make(np.ascontiguousarray(piece).reshape(
            tuple(output.shape) + tuple(tensor.shape))) for piece, tensor in zip(pieces, inputs)])
    # (torch nests this strategy's blocks in lists, not tuples)
    return _unpacked([_unpacked(row, inputs_tuple) for row in blocks], outputs_tuple)


def hessian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
            strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode") -> Any:
    """The Hessian of a scalar ``func``: the Jacobian of its gradient. The gradient is reverse mode;
    the outer Jacobian is ``outer_jacobian_strategy`` (``"forward-mode"``: forward over reverse,
    which needs ``vectorize=True``, as torch)."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def single_output(*args: Any) -> Tensor:
        return _single_output(func(*args), "hessian", strict).squeeze()

    def gradient(*args: Any) -> tuple:
        if outer_jacobian_strategy == "forward-mode":
            args = tuple(arg.requires_grad_(True) for arg in args)
        result = jacobian(single_output, args, create_graph=True)
        _check_requires_grad(result, "jacobian", strict)
        return result

    blocks = jacobian(gradient, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return blocks if inputs_tuple else blocks[0][0]  # (lists for forward-mode, as torch's)
