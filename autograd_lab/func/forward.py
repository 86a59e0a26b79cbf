"""Forward-mode transforms: ``jvp``, ``jacfwd``, ``linearize``, and ``hessian`` (forward over reverse).

``jvp(f, primals, tangents)`` runs ``f`` once on dual tensors (``autograd.forward_ad``): every op
computes its output's tangent from its inputs' with its ``jvp`` rule as it goes, so one forward
pass gives ``J @ v``, one column of the Jacobian per basis vector::

    jvp(f, (x,), (v,))     (f(x), J v)                  one forward pass
    jacfwd(f)(x)           J, column by column          one forward pass per input element (n)
    jacrev(f)(x)           J, row by row                one backward pass per output element (m)
    hessian(f)(x)          jacfwd(jacrev(f))(x)         forward over reverse, as torch defines it

So for ``f: R^n -> R^m``, ``jacfwd`` costs n passes and ``jacrev`` m: forward mode wins for tall
Jacobians (few inputs, many outputs), reverse mode for wide ones (a loss: many inputs, one output).
``jacfwd`` runs ``vmap`` over the standard basis of the inputs, as torch does (here ``vmap`` runs
its function once per basis vector), so its ``randomness`` is ``vmap``'s.

Forward mode has one dual level at a time (``forward_ad``). A ``jvp`` that runs while a level is
already open (the inner one of ``jacfwd(jacfwd(f))``, or ``jvp`` inside ``jvp``) computes ``J v`` by
the "double backward" trick instead: ``J v`` is the gradient, with respect to a dummy ``u``, of
``u^T J`` (itself a backward pass), and every op of those backward passes carries the outer
level's tangents. Same values, more passes. A ``jacfwd`` inside an open level (the inner one of
``jacfwd(jacfwd(f))``) is ``jacrev`` for the same reason: the same Jacobian by m backward passes
(each carrying the outer tangents), where n nested ``jvp``s would cost 2n.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..autograd import forward_ad, grad_mode
from ..autograd.engine import grad as _engine_grad
from ..autograd.forward_ad import set_tangent, tangent_of
from ..autograd.record import batching_suspended, transform
from ..creation import zeros, zeros_like
from ..ops.shape import split
from ..tensor import Tensor
from .pytree import tree_flatten, tree_unflatten
from .reverse import _Inputs, jacrev, normalize_argnums, replaced
from .vmap import vmap

__all__ = ["jvp", "jacfwd", "hessian", "linearize"]

JVP = "jvp(f, primals, tangents)"


# -- checks, worded as torch words them -------------------------------------------------------------


def _check_tensors(flat: list, argname: str) -> None:
    if not flat:
        raise RuntimeError(f"{JVP}: Expected {argname} to contain at least one Tensor.")
    for item in flat:
        if not isinstance(item, Tensor):
            raise RuntimeError(f"{JVP}: Expected {argname} to only contain Tensors, got "
                               f"{type(item)}")


def _check_outputs(flat_outputs: list) -> None:
    if not flat_outputs or (len(flat_outputs) == 1 and flat_outputs[0] is None):
        raise RuntimeError(f"{JVP}: Expected f to be a function that has non-empty output (got "
                           f"output = {flat_outputs})")
    for out in flat_outputs:
        if not isinstance(out, Tensor):
            raise RuntimeError(f"{JVP}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(out)}")


def _independent(strict: bool) -> None:
    if strict:
        raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is independent "
                           "of the inputs. This is not allowed with strict=True.")


def _sliced(args: tuple, argnums: Any) -> tuple:
    """The arguments ``argnums`` picks, as a tuple (one for an int), with torch's argnums errors."""
    argnums = normalize_argnums(argnums, len(args))
    return (args[argnums],) if isinstance(argnums, int) else tuple(args[i] for i in argnums)


def _split_aux(output: Any, has_aux: bool) -> tuple[Any, Any]:
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{JVP}: output of function f should be a tuple: (output, aux) if "
                           "has_aux is True")
    return output


def _plain(tree: Any) -> Any:
    """``aux`` as the caller gets it: tensors only, without tangents."""
    leaves, spec = tree_flatten(tree)
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")
    return tree_unflatten([forward_ad.unpack_dual(leaf).primal for leaf in leaves], spec)


# -- jvp ---------------------------------------------------------------------------------------------


def jvp(func: Callable[..., Any], primals: Any, tangents: Any, *, strict: bool = False,
        has_aux: bool = False) -> tuple:
    """``(func(*primals), J v)``: the output and the Jacobian-vector product for ``tangents`` (the
    vector ``v``, shaped like ``primals``), computed in one forward pass by forward mode. With
    ``has_aux``, ``func`` returns ``(output, aux)`` and the result is ``(output, jvp_out, aux)``;
    with ``strict``, an output that does not depend on the inputs is an error (else its tangent is
    zeros)."""
    return _jvp_with_argnums(func, primals, tangents, None, strict=strict, has_aux=has_aux)


def _jvp_with_argnums(func: Callable[..., Any], primals: Any, tangents: Any, argnums: Any, *,
                      strict: bool = False, has_aux: bool) -> tuple:
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{JVP}: Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    differentiated = primals if argnums is None else _sliced(primals, argnums)
    flat_primals, primals_spec = tree_flatten(differentiated)
    flat_tangents, tangents_spec = tree_flatten(tangents)
    if primals_spec != tangents_spec:
        raise RuntimeError(
            f"{JVP}: Expected primals and tangents to have the same python structure. For example, "
            "if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
            f"{primals_spec} and tangents with structure {tangents_spec}")
    _check_tensors(flat_primals, "primals")
    _check_tensors(flat_tangents, "tangents")
    run = _nested_jvp if forward_ad.state.active else _forward_jvp
    outputs, tangents_out, spec, aux = run(func, primals, argnums, flat_primals, primals_spec,
                                           flat_tangents, strict, has_aux)
    result = (tree_unflatten(outputs, spec), tree_unflatten(tangents_out, spec))
    return (*result, aux) if has_aux else result


def _call(func: Callable[..., Any], primals: tuple, argnums: Any, flat_inputs: list,
          primals_spec: Any, has_aux: bool) -> tuple[list, Any, Any]:
    """Run ``func`` with ``flat_inputs`` in place of the differentiated primals: (flat outputs,
    their structure, aux)."""
    inputs = tree_unflatten(flat_inputs, primals_spec)
    if argnums is None:
        args = inputs
    else:
        argnums = normalize_argnums(argnums, len(primals))
        args = replaced(primals, argnums, inputs[0] if isinstance(argnums, int) else inputs)
    output, aux = _split_aux(func(*args), has_aux)
    if has_aux:
        aux = _plain(aux)
    flat_outputs, spec = tree_flatten(output)
    _check_outputs(flat_outputs)
    return flat_outputs, spec, aux


def _forward_jvp(func: Callable[..., Any], primals: tuple, argnums: Any, flat_primals: list,
                 primals_spec: Any, flat_tangents: list, strict: bool, has_aux: bool) -> tuple:
    """One forward pass with dual tensors, in a dual level of its own."""
    with transform(), forward_ad.dual_level():
        duals = [forward_ad.make_dual(primal, tangent)
                 for primal, tangent in zip(flat_primals, flat_tangents)]
        flat_outputs, spec, aux = _call(func, primals, argnums, duals, primals_spec, has_aux)
        outputs, tangents = [], []
        for out in flat_outputs:
            primal, tangent = forward_ad.unpack_dual(out)
            if tangent is None:
                _independent(strict)
                tangent = zeros_like(primal)
            outputs.append(primal)
            tangents.append(tangent)
    # a value still in a reverse-mode graph is handed back as an alias, as torch's
    outputs = [out[...] if out.requires_grad else out for out in outputs]
    return outputs, tangents, spec, aux


def _nested_jvp(func: Callable[..., Any], primals: tuple, argnums: Any, flat_primals: list,
                primals_spec: Any, flat_tangents: list, strict: bool, has_aux: bool) -> tuple:
    """``J v`` while a dual level is already open, by double backward: ``g(u) = u^T J`` is a
    backward pass from a dummy cotangent ``u``, and ``J v`` is the gradient of ``g(u) . v`` with
    respect to ``u``. Both passes run inside the open level, so the results carry its tangents."""
    outside_enabled = grad_mode.is_grad_enabled()
    with transform(), grad_mode.enable_grad():
        inputs = _Inputs(list(flat_primals))
        flat_outputs, spec, aux = _call(func, primals, argnums, inputs.flat, primals_spec, has_aux)
        depends = [out.requires_grad for out in flat_outputs]
        dummies = [zeros_like(out).requires_grad_(True) for out, d in zip(flat_outputs, depends)
                   if d]
        products: list = [None] * len(flat_outputs)
        if dummies:
            with batching_suspended():
                transposed = _engine_grad([out for out, d in zip(flat_outputs, depends) if d],
                                          inputs.flat, dummies, create_graph=True,
                                          allow_unused=True)
                pairs = [(g, v) for g, v in zip(transposed, flat_tangents)
                         if g is not None and g.requires_grad]
                if pairs:
                    found = iter(_engine_grad([g for g, _ in pairs], dummies,
                                              [v for _, v in pairs], create_graph=True,
                                              allow_unused=True))
                    products = [next(found) if d else None for d in depends]
        keep = outside_enabled and inputs.reach_outside(flat_outputs)
        outputs, tangents = [], []
        for out, product in zip(flat_outputs, products):
            if product is None:
                _independent(strict)
                product = zeros_like(out)
            outputs.append(out if keep else _cut(out, inputs))
            tangents.append(product if keep else _cut(product, inputs))
    return outputs, tangents, spec, aux


def _cut(tensor: Tensor, inputs: _Inputs) -> Tensor:
    """``tensor`` cut from the reverse-mode graph of the fresh inputs, keeping its tangent at the
    open level (itself cut too, unless it depends on a tensor from outside)."""
    result = tensor.detach()
    tangent = tangent_of(tensor)
    if tangent is not None:
        set_tangent(result, tangent if inputs.reach_outside([tangent]) else tangent.detach())
    return result


# -- jacfwd, hessian, linearize -------------------------------------------------------------------


def jacfwd(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable[..., Any]:
    """The Jacobian of ``func`` w.r.t. the argument(s) ``argnums``, by forward mode: one ``jvp``
    (one forward pass) per element of the inputs, each giving one column, run by ``vmap`` over the
    standard basis (``randomness`` is vmap's). Shapes and nesting as ``jacrev``'s: for output ``o``
    and input ``x`` the block has shape ``o.shape + x.shape``. With ``has_aux``, ``func`` returns
    ``(output, aux)`` and the result is ``(jacobian, aux)``."""

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        if forward_ad.state.active:  # the one dual level is taken: see the module doc
            return jacrev(func, argnums, has_aux=has_aux)(*args)
        flat_primals, primals_spec = tree_flatten(_sliced(args, argnums))
        numels = [primal.numel() for primal in flat_primals]
        basis = tree_unflatten(_standard_basis(flat_primals, numels), primals_spec)

        def push_jvp(direction: Any) -> Any:
            output = _jvp_with_argnums(func, args, direction, argnums, has_aux=has_aux)
            return (output[1], output[2]) if has_aux else output[1]

        results = vmap(push_jvp, randomness=randomness)(basis)
        aux = None
        if has_aux:
            results, aux = results
            flat_aux, aux_spec = tree_flatten(aux)
            aux = tree_unflatten([value[0] for value in flat_aux], aux_spec)
        columns, spec = tree_flatten(results)
        per_output = []
        for column in columns:  # (inputs' total numel, *out.shape)
            out_shape = tuple(column.shape[1:])
            pieces = split(column.movedim(0, -1), numels, dim=-1)
            blocks = [piece.reshape(out_shape + tuple(primal.shape))
                      for piece, primal in zip(pieces, flat_primals)]
            per_input = tree_unflatten(blocks, primals_spec)
            per_output.append(per_input[0] if isinstance(argnums, int) else per_input)
        jacobian = tree_unflatten(per_output, spec)
        return (jacobian, aux) if has_aux else jacobian

    return wrapper


def _standard_basis(flat_primals: list, numels: list[int]) -> list[Tensor]:
    """For each primal, the tangents that pick each element of all primals in turn: a tensor of
    shape ``(total, *primal.shape)`` whose rows are one-hot across the primals together."""
    total = sum(numels)
    basis, start = [], 0
    for primal, numel in zip(flat_primals, numels):
        block = zeros((total, numel), dtype=primal.dtype)
        rows = block._data
        rows[range(start, start + numel), range(numel)] = 1
        basis.append(block.view((total, *primal.shape)))
        start += numel
    return basis


def hessian(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """The Hessian of ``func`` w.r.t. the argument(s) ``argnums``, as torch defines it:
    ``jacfwd(jacrev(func, argnums), argnums)``, forward mode over reverse mode (for a scalar
    ``func``, shaped ``x.shape + x.shape``)."""
    return jacfwd(jacrev(func, argnums), argnums)


def linearize(func: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[..., Any]]:
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` is ``J v`` at ``primals``. torch traces
    ``func`` once into a graph of its tangent computation; here each ``jvp_fn`` call is one
    forward-mode pass (``jvp``), with torch's checks of the tangents."""
    output = func(*primals)
    _, output_spec = tree_flatten(output)
    flat_primals, primals_spec = tree_flatten(primals)
    metadata = [(primal.shape, primal.device, primal.dtype) for primal in flat_primals]

    def jvp_fn(*tangents: Any) -> Any:
        """``J v`` for ``tangents`` shaped like the primals."""
        flat_tangents, tangents_spec = tree_flatten(tangents)
        if tangents_spec != primals_spec:
            raise RuntimeError(f"Expected the tangents {tangents_spec} to have the same argspec as "
                               f"the primals {primals_spec}")
        for index, (tangent, expected) in enumerate(zip(flat_tangents, metadata)):
            for what, have, want in zip(("shape", "device", "dtype"),
                                        (tangent.shape, tangent.device, tangent.dtype), expected):
                if have != want:
                    raise RuntimeError(f"tangent:{index} with {what} {have} in flattened pytree "
                                       f"doesn't match the {what} {want} of the corresponding "
                                       "primal.")
        tangents_out = jvp(func, primals, tangents)[1]
        return tree_unflatten(tree_flatten(tangents_out)[0], output_spec)

    return output, jvp_fn
