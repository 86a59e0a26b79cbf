"""Reverse-mode transforms: ``grad``, ``grad_and_value``, ``vjp``, ``jacrev``.

Each runs the function on fresh inputs that require grad and differentiates with the engine's
``autograd.grad``:

    grad(f)(x)          d f(x) / d x for a scalar f               (one backward pass)
    vjp(f, x)           (f(x), v -> v^T J)                        (one backward pass per call)
    jacrev(f)(x)        J, row by row                             (one backward pass per output element)

torch's transforms are "levels" stacked on one another; here there is one graph, and what decides
whether a result stays connected to it is whether it depends on anything outside the transform: on
an input that required grad before the call, or on a tensor ``f`` closes over that requires grad (a
model's parameter, or the input of an enclosing ``grad``, as in ``grad(grad(f))``). Then the
backward pass records its own graph (``create_graph=True``), so the result can be differentiated
again; otherwise the results are plain tensors, as torch's are. Gradients are never written into
``.grad``: ``f``'s parameters are untouched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..autograd import forward_ad, grad_mode
from ..autograd.engine import grad as _engine_grad
from ..autograd.forward_ad import set_tangent, tangent_of
from ..autograd.node import AccumulateGrad
from ..autograd.record import batching_suspended, derived, transform
from ..creation import zeros, zeros_like
from ..ops.shape import split, stack
from ..tensor import Tensor
from .pytree import tree_flatten, tree_unflatten, treespec_pprint

__all__ = ["grad", "grad_and_value", "vjp", "jacrev"]


# -- argnums --------------------------------------------------------------------------------------


def _argnum(argnum: Any, count: int) -> int:
    if not isinstance(argnum, int):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < count:
        return argnum
    if -count <= argnum < 0:
        return argnum + count
    raise RuntimeError(f"Got argnum={argnum}, but only {count} positional inputs")


def normalize_argnums(argnums: Any, count: int) -> int | tuple[int, ...]:
    """``argnums`` checked against ``count`` positional arguments, negatives counted from the end,
    with torch's errors."""
    if not isinstance(argnums, int | tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if isinstance(argnums, int):
        return _argnum(argnums, count)
    normalized = tuple(_argnum(argnum, count) for argnum in argnums)
    if not normalized:
        raise RuntimeError("argnums must be non-empty")
    if len(set(normalized)) != len(normalized):
        raise RuntimeError(f"argnums elements must be unique, got {normalized}")
    return normalized


def selected(args: tuple, argnums: int | tuple[int, ...]) -> Any:
    """The arguments ``argnums`` picks: one, or a tuple of them."""
    return args[argnums] if isinstance(argnums, int) else tuple(args[i] for i in argnums)


def replaced(args: tuple, argnums: int | tuple[int, ...], new: Any) -> tuple:
    """``args`` with the ones ``argnums`` picks replaced by ``new`` (as ``selected`` gave them)."""
    if isinstance(argnums, int):
        return tuple(new if i == argnums else arg for i, arg in enumerate(args))
    by_position = dict(zip(argnums, new))
    return tuple(by_position.get(i, arg) for i, arg in enumerate(args))


# -- inputs that require grad, and what depends on the outside ----------------------------------


class _Inputs:
    """The tensors a transform differentiates with respect to: for each input, a fresh leaf that
    requires grad, or, for an input that already requires grad, a view of it (so that gradients
    also reach the graph the input belongs to)."""

    def __init__(self, tree: Any) -> None:
        self.own: set[int] = set()
        self.tree = self._make_tree(tree)
        self.flat, self.spec = tree_flatten(self.tree)

    def _make_tree(self, tree: Any) -> Any:
        leaves, spec = tree_flatten(tree)
        return tree_unflatten([self._make(leaf) for leaf in leaves], spec)

    def _make(self, value: Any) -> Tensor:
        if not isinstance(value, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(value)}")
        if value.requires_grad:
            return value.view_as(value)
        fresh = value.detach().requires_grad_(True)
        # inside forward mode (jvp of grad, jacfwd of jacrev) the leaf keeps the input's tangent
        tangent = tangent_of(value) if forward_ad.state.active else None
        if tangent is not None:
            set_tangent(fresh, tangent)
        self.own.add(id(fresh))
        return fresh

    def reach_outside(self, tensors: list) -> bool:
        """Whether any of ``tensors`` depends on a tensor that requires grad and is not one of the
        fresh leaves (then results must stay connected to the graph)."""
        stack_: list = []
        for tensor in tensors:
            if not isinstance(tensor, Tensor) or not tensor.requires_grad:
                continue
            if tensor.grad_fn is None:
                if id(tensor) not in self.own:
                    return True
                continue
            stack_.append(tensor.grad_fn)
        seen = set()
        while stack_:
            node = stack_.pop()
            if node in seen:
                continue
            seen.add(node)
            if type(node) is AccumulateGrad:
                if id(node.variable) not in self.own:
                    return True
                continue
            stack_.extend(child for child, _ in node.next_functions if child is not None)
        return False

    def unwrapped(self, tree: Any, keep_graph: bool) -> Any:
        """What ``f`` returned besides its output (``aux``), as the caller sees it: tensors only,
        cut from the graph unless they depend on the outside."""
        leaves, spec = tree_flatten(tree)
        for leaf in leaves:
            if not isinstance(leaf, Tensor):
                raise RuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")
        return tree_unflatten([leaf if keep_graph and self.reach_outside([leaf]) else leaf.detach()
                               for leaf in leaves], spec)


def autograd_grad(outputs: list, inputs: list, grad_outputs: list | None = None,
                  retain_graph: bool = False, create_graph: bool = False) -> list:
    """``autograd.grad`` that gives zeros (not None) for inputs the outputs do not depend on, and
    skips outputs that do not require grad, as torch's transforms do."""
    pairs = [(output, None if grad_outputs is None else grad_outputs[index])
             for index, output in enumerate(outputs) if output.requires_grad]
    if not pairs:
        results: list = [None] * len(inputs)
    else:
        given = None if grad_outputs is None else [g for _, g in pairs]
        with batching_suspended():  # inside vmap: batched outputs are differentiated on purpose
            results = list(_engine_grad([o for o, _ in pairs], inputs, given,
                                        retain_graph=retain_graph, create_graph=create_graph,
                                        allow_unused=True))
    sources = (*outputs, *inputs, *(grad_outputs or ()))
    return [derived(zeros_like(tensor) if result is None else result, *sources)
            for tensor, result in zip(inputs, results)]


# -- grad ---------------------------------------------------------------------------------------


def grad_and_value(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0,
                   has_aux: bool = False) -> Callable[..., Any]:
    """``(gradient, value)`` of a function returning a scalar tensor: the gradient w.r.t. the
    argument(s) ``argnums`` (a tensor, or a structure of tensors like that argument); with
    ``has_aux``, ``func`` returns ``(output, aux)`` and the value is ``(output, aux)``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _grad_and_value(func, argnums, has_aux, args, kwargs)

    return wrapper


def grad(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0,
         has_aux: bool = False) -> Callable[..., Any]:
    """The gradient of a function returning a scalar tensor, w.r.t. the argument(s) ``argnums``;
    with ``has_aux``, ``(gradient, aux)`` for a ``func`` returning ``(output, aux)``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gradients, value = _grad_and_value(func, argnums, has_aux, args, kwargs)
        return (gradients, value[1]) if has_aux else gradients

    return wrapper


def _grad_and_value(func: Callable[..., Any], argnums: Any, has_aux: bool, args: tuple,
                    kwargs: dict) -> tuple:
    outside_enabled = grad_mode.is_grad_enabled()
    with transform(), grad_mode.enable_grad():
        argnums = normalize_argnums(argnums, len(args))
        inputs = _Inputs(selected(args, argnums))
        output = func(*replaced(args, argnums, inputs.tree), **kwargs)
        aux = None
        if has_aux:
            if not (isinstance(output, tuple) and len(output) == 2):
                raise RuntimeError("grad_and_value(f)(*args): output of function f should be a "
                                   "tuple: (output, aux) if has_aux is True")
            output, aux = output
        if not isinstance(output, Tensor):
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, "
                               f"got {type(output)}")
        if output.dim() != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar "
                               f"Tensor, got tensor with {output.dim()} dims. Maybe you wanted to "
                               "use the vjp or jacrev APIs instead?")
        keep = outside_enabled and inputs.reach_outside([output])
        # (the graph is kept too: the gradient's own graph runs through the nodes of f's, which
        # torch keeps apart as an outer level and here are the same nodes)
        gradients = autograd_grad([output], inputs.flat, retain_graph=keep, create_graph=keep)
        value = output if keep else output.detach()
        if has_aux:
            value = (value, inputs.unwrapped(aux, outside_enabled))
    return tree_unflatten(gradients, inputs.spec), value


# -- vjp ----------------------------------------------------------------------------------------


def vjp(func: Callable[..., Any], *primals: Any, has_aux: bool = False) -> tuple:
    """``(func(*primals), vjp_fn)``: ``vjp_fn(v)`` is the vector-Jacobian product ``v^T J`` for a
    ``v`` shaped like the output (one backward pass per call; the graph is kept between calls), a
    tuple with one gradient per primal. With ``has_aux``, ``(output, vjp_fn, aux)``."""
    return _vjp_with_argnums(func, primals, None, has_aux)


def _vjp_with_argnums(func: Callable[..., Any], primals: tuple, argnums: Any,
                     has_aux: bool) -> tuple:
    """``vjp`` differentiating w.r.t. the primals ``argnums`` picks (all when None): jacrev's
    core. Errors are worded as ``vjp``'s, as torch words them."""
    outside_enabled = grad_mode.is_grad_enabled()
    with transform(), grad_mode.enable_grad():
        if argnums is None:
            inputs = _Inputs(primals)
            args = inputs.tree
        else:
            argnums = normalize_argnums(argnums, len(primals))
            inputs = _Inputs(selected(primals, argnums))
            args = replaced(primals, argnums, inputs.tree)
        output = func(*args)
        aux = None
        if has_aux:
            if not (isinstance(output, tuple) and len(output) == 2):
                raise RuntimeError("vjp(f, *primals): output of function f should be a tuple: "
                                   "(output, aux) if has_aux is True")
            output, aux = output
            aux = inputs.unwrapped(aux, outside_enabled)
        flat_outputs, output_spec = tree_flatten(output)
        check_tensor_outputs(flat_outputs, "vjp(f, *primals)")
        for out in flat_outputs:
            if not out.is_floating_point():
                raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex "
                                   f"Tensors, got Tensor with dtype {out.dtype}")
        keep = outside_enabled and inputs.reach_outside(flat_outputs)
        results = output if keep else tree_unflatten([out.detach() for out in flat_outputs],
                                                     output_spec)

    def wrapper(cotangents: Any, retain_graph: bool = True, create_graph: bool | None = None) -> Any:
        """The vector-Jacobian product for ``cotangents`` shaped like the output."""
        flat_cotangents, cotangent_spec = tree_flatten(cotangents)
        if create_graph is None:
            create_graph = grad_mode.is_grad_enabled() and (keep or any(
                isinstance(c, Tensor) and c.requires_grad for c in flat_cotangents))
        if cotangent_spec != output_spec:
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure of "
                f"outputs to the function. cotangents: {treespec_pprint(cotangent_spec)}, primal "
                f"output: {treespec_pprint(output_spec)}")
        gradients = autograd_grad(flat_outputs, inputs.flat, flat_cotangents,
                                  retain_graph=retain_graph or create_graph,
                                  create_graph=create_graph)
        return tree_unflatten(gradients, inputs.spec)

    return (results, wrapper, aux) if has_aux else (results, wrapper)


def check_tensor_outputs(flat_outputs: list, api: str) -> None:
    """torch's checks that a transformed function returned tensors (and at least one)."""
    if not flat_outputs or (len(flat_outputs) == 1 and flat_outputs[0] is None):
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output (got "
                           f"output = {flat_outputs})")
    for out in flat_outputs:
        if not isinstance(out, Tensor):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(out)}")


# -- jacrev ---------------------------------------------------------------------------------------


def jacrev(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size: int | None = None, _preallocate_and_copy: bool = False) -> Callable[..., Any]:
    """The Jacobian of ``func`` w.r.t. the argument(s) ``argnums``, by reverse mode: one backward
    pass (a ``vjp``) per element of the output, each giving one row. For output ``o`` and input
    ``x`` the block has shape ``o.shape + x.shape``; several outputs or inputs give nested tuples
    (or the structure the inputs have). ``chunk_size`` is accepted as torch's (rows are computed one
    at a time here anyway)."""
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        result = _vjp_with_argnums(func, args, argnums, has_aux)
        output, vjp_fn = result[0], result[1]
        flat_outputs, output_spec = tree_flatten(output)
        primals = selected(args, normalize_argnums(argnums, len(args)))
        flat_primals, primals_spec = tree_flatten(primals if isinstance(argnums, tuple)
                                                  else (primals,))
        numels = [out.numel() for out in flat_outputs]
        rows: list[list] = [[] for _ in flat_primals]
        for position, numel in enumerate(numels):
            for index in range(numel):
                basis = _basis(flat_outputs, position, index)
                row = tree_flatten(vjp_fn(tree_unflatten(basis, output_spec)))[0]
                for column, value in enumerate(row):
                    rows[column].append(value)
        blocks_per_input = []
        for column, primal in enumerate(flat_primals):
            whole = (stack(rows[column]) if rows[column] else
                     zeros((0, *primal.shape), dtype=primal.dtype))
            pieces = split(whole, numels, dim=0)
            blocks_per_input.append([piece.view(out.shape + primal.shape)
                                     for piece, out in zip(pieces, flat_outputs)])
        per_output = []
        for position in range(len(flat_outputs)):
            blocks = tree_unflatten([blocks[position] for blocks in blocks_per_input], primals_spec)
            per_output.append(blocks if isinstance(argnums, tuple) else blocks[0])
        jacobian = tree_unflatten(per_output, output_spec)
        return (jacobian, result[2]) if has_aux else jacobian

    return wrapper


def _basis(flat_outputs: list, position: int, index: int) -> list:
    """The cotangent that picks element ``index`` of output ``position`` (zeros elsewhere)."""
    basis = []
    for where, out in enumerate(flat_outputs):
        cotangent = zeros(out.shape, dtype=out.dtype)
        if where == position:
            cotangent._data.reshape(-1)[index] = 1
        basis.append(cotangent)
    return basis
