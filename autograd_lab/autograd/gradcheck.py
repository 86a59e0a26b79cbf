"""``gradcheck``: compare autograd's gradients with finite differences.

For each input element, the output is evaluated at ``x + eps`` and ``x - eps``; the central difference
``(f(x + eps) - f(x - eps)) / (2 eps)`` is one column of the numerical Jacobian. The analytical
Jacobian comes from backward with one-hot output gradients. Use float64 inputs: float32 rounding
swamps the differences.

The keywords are torch's. Besides the comparison, the checks torch makes are made here too: backward
run twice gives the same Jacobian (``nondet_tol``), gradients have their inputs' dtypes
(``check_grad_dtypes``), and backward copes with outputs that get no gradient
(``check_undefined_grad``). ``check_forward_ad=True`` compares forward mode too: the Jacobian built
column by column, one forward pass per input element with that element's tangent 1 and every other
0 (``gradgradcheck``'s ``check_fwd_over_rev`` does that for the gradient: forward mode through a
backward pass). The batched checks (``check_batched_grad``, ``check_batched_forward_grad``) compare
``func.vmap`` over two random output gradients (or tangents) with the two computed one at a time.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd_lab as _lab

from ..tensor import Tensor
from . import forward_ad, grad_mode
from .function import FunctionCtx

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when the analytical and numerical Jacobians differ."""


def _as_tuple(value: Any) -> tuple:
    """Inputs, outputs or gradients as a tuple: a list is its items, anything else one item."""
    if isinstance(value, tuple):
        return value
    return tuple(value) if isinstance(value, list) else (value,)


def _outputs(func: Callable, inputs: tuple) -> list:

    return [o for o in _as_tuple(func(*inputs)) if isinstance(o, Tensor)]


def _differentiable(inputs: tuple) -> list[Tensor]:
    return [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]


def numerical_jacobian(func: Callable, inputs: tuple, eps: float) -> list[list[np.ndarray]]:
    """``[input][output]`` Jacobians (rows: input elements, columns: output elements)."""

    jacobians = []
    with grad_mode.no_grad():
        outputs = _outputs(func, inputs)
        for tensor in inputs:
            if not (isinstance(tensor, Tensor) and tensor.requires_grad):
                continue
            columns = [np.zeros((tensor.numel(), out.numel())) for out in outputs]
            array = tensor._data  # changed in place, element by element (a non-contiguous input,
            for i in range(array.size):  # such as a transposed one, has no flat view to write to)
                element = np.unravel_index(i, array.shape)
                original = array[element].copy()
                array[element] = original + eps
                plus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
                array[element] = original - eps
                minus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
                array[element] = original
                for column, p, m in zip(columns, plus, minus):
                    column[i] = (p - m) / (2 * eps)
            jacobians.append(columns)
    return jacobians


def analytical_jacobian(func: Callable, inputs: tuple, *, check_grad_dtypes: bool = False,
                        nondet_tol: float | None = None) -> list[list[np.ndarray]]:
    """``[input][output]`` Jacobians from backward. With ``nondet_tol``, each output's rows are
    computed twice and must agree within it (torch calls a backward that passes "reentrant");
    with ``check_grad_dtypes``, each gradient must have its input's dtype."""
    from .engine import grad

    differentiable = _differentiable(inputs)
    outputs = _outputs(func, inputs)
    jacobians = [[np.zeros((t.numel(), o.numel())) for o in outputs] for t in differentiable]
    for j, out in enumerate(outputs):
        if not out.requires_grad:
            continue
        rows = [_jacobian_rows(grad, out, differentiable, check_grad_dtypes)
                for _ in range(1 if nondet_tol is None else 2)]
        if len(rows) == 2 and not all(np.abs(a - b).max(initial=0) <= nondet_tol
                                      for a, b in zip(*rows)):
            raise GradcheckError(
                "Backward is not reentrant, i.e., running backward with same input and grad_output "
                "multiple times gives different values, although analytical gradient matches "
                f"numerical gradient.The tolerance for nondeterminism was {nondet_tol}.")
        for i, rows_of_input in enumerate(rows[0]):
            jacobians[i][j] = rows_of_input
    return jacobians


def _jacobian_rows(grad: Callable, out: Tensor, differentiable: list[Tensor],
                   check_grad_dtypes: bool) -> list[np.ndarray]:
    """The Jacobian of ``out`` w.r.t. each input (one backward per output element)."""
    rows = [np.zeros((t.numel(), out.numel())) for t in differentiable]
    for k in range(out.numel()):
        one_hot = np.zeros(out.numel(), dtype=out._data.dtype)
        one_hot[k] = 1
        grads = grad(out, differentiable, Tensor._make(one_hot.reshape(out._data.shape)),
                     retain_graph=True, allow_unused=True)
        for i, g in enumerate(grads):
            if g is None:
                continue
            if check_grad_dtypes and g.dtype is not differentiable[i].dtype:
                raise GradcheckError("Gradient has dtype mismatch")
            rows[i][:, k] = g._data.reshape(-1)
    return rows


def gradcheck(func: Callable, inputs: Any, *, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, raise_exception: bool = True, nondet_tol: float = 0.0,
              check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
              check_batched_grad: bool = False, check_batched_forward_grad: bool = False,
              check_forward_ad: bool = False, check_backward_ad: bool = True,
              fast_mode: bool = False, masked: bool | None = None) -> bool:
    """True if autograd's Jacobian matches finite differences for every (input, output) pair
    (torch's keywords; ``raise_exception=False`` returns False instead of raising GradcheckError).

    ``fast_mode=True`` runs the full comparison (stricter than torch's random projections);
    ``masked`` only concerns sparse tensors, which autograd_lab has none of. ``check_forward_ad``
    compares forward mode's Jacobian too (after backward's, as torch orders the checks);
    ``check_batched_grad`` and ``check_batched_forward_grad`` compare vmap's batched gradients
    (tangents) with the ones computed one at a time."""
    _check_modes(check_forward_ad, check_backward_ad, check_batched_grad,
                 check_batched_forward_grad, "check_forward_ad", "check_backward_ad")
    inputs = _as_tuple(inputs)
    _check_inputs(inputs)
    try:
        if check_backward_ad:
            _check_gradients(func, inputs, eps=eps, atol=atol, rtol=rtol, nondet_tol=nondet_tol,
                             check_grad_dtypes=check_grad_dtypes)
        if check_forward_ad:
            _check_forward_ad(func, inputs, eps=eps, atol=atol, rtol=rtol)
            if check_undefined_grad:
                _check_undefined_tangents(func, inputs)
        if check_batched_forward_grad:
            _check_batched_tangents(func, inputs)
        if check_backward_ad:
            if check_batched_grad:
                outputs = [out for out in _outputs(func, inputs) if out.requires_grad]
                for index, out in enumerate(outputs):
                    _check_batched_gradients(inputs, out, index)
            _check_multiplied_by_grad_output(func, inputs)
            if check_undefined_grad:
                _check_undefined_grads(func, inputs)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _check_modes(forward: bool, backward: bool, batched: bool, batched_forward: bool,
                 forward_name: str, backward_name: str) -> None:
    """torch's AssertionErrors for keywords that contradict each other; NotImplementedError for
    checks autograd_lab cannot make yet."""
    if not (forward or backward):
        raise AssertionError(f"Expected at least one of {forward_name} or {backward_name} to be True")
    if batched and not backward:
        raise AssertionError(f"Setting check_batched_grad=True requires {backward_name} to be True")
    if batched_forward and not forward:
        raise AssertionError(
            f"Setting check_batched_forward_grad=True requires {forward_name} to be True")


BATCHED_FAILED = ("gradcheck or gradgradcheck failed while testing batched gradient computation.\n"
                  "Hint (autograd_lab): the gradients were computed by func.vmap over the backward "
                  "pass; call gradcheck/gradgradcheck with check_batched_grad=False to skip this "
                  "check.")
BATCHED_FORWARD_FAILED = (
    "gradcheck failed while testing batched gradient computation with forward-mode AD.\n"
    "Hint (autograd_lab): the tangents were computed by func.vmap over forward mode; call gradcheck "
    "with check_batched_forward_grad=False to skip this check.")


def _batched_mismatch(output_index: int, input_index: int, got: Any, expected: Any,
                      message: str) -> GradcheckError:
    return GradcheckError(f"For output {output_index} and input {input_index}:\n\n{message}\n\n"
                          f"Got:\n{got!r}\n\nExpected:\n{expected!r}")


def _compare_batched(got: Sequence, expected: list, output_index: int | None,
                     message: str) -> None:
    """Each batched result against the two results computed one at a time, stacked."""
    for index, (result, shards) in enumerate(zip(got, expected)):
        stacked = Tensor._make(np.stack([shard._data for shard in shards]))
        if not np.allclose(result._data, stacked._data, rtol=1e-5, atol=1e-8):
            raise _batched_mismatch(index if output_index is None else output_index, index,
                                    result, stacked, message)


def _check_batched_gradients(inputs: tuple, out: Tensor, output_index: int) -> None:
    """``check_batched_grad``: the input gradients for two random output gradients, computed by
    ``vmap`` over one backward pass, must equal the two computed one at a time."""
    vmap = _lab.func.vmap  # (func sits above autograd: looked up when called)
    from ..random import normal_array
    from .engine import grad

    differentiable = _differentiable(inputs)

    def vjp(v: Tensor) -> tuple:
        grads = grad(out, differentiable, v, retain_graph=True, allow_unused=True)
        return tuple(g if g is not None else Tensor._make(np.zeros(t._data.shape, t._data.dtype))
                     for g, t in zip(grads, differentiable))

    vectors = [Tensor._make(normal_array(out._data.shape, dtype=out._data.dtype)) for _ in range(2)]
    expected = list(zip(*[vjp(v) for v in vectors]))
    try:
        got = vmap(vjp)(Tensor._make(np.stack([v._data for v in vectors])))
    except RuntimeError as error:
        raise GradcheckError(f"While computing batched gradients, got: {error}\n\n"
                             f"{BATCHED_FAILED}") from error
    _compare_batched(got, expected, output_index, BATCHED_FAILED)


def _check_batched_tangents(func: Callable, inputs: tuple) -> None:
    """``check_batched_forward_grad``: for each input that requires grad, the outputs' tangents for
    two random tangents of it, computed by ``vmap`` over one forward pass, must equal the two
    computed one at a time."""
    vmap = _lab.func.vmap  # (func sits above autograd: looked up when called)
    from ..random import normal_array

    for position, current in enumerate(inputs):
        if not (isinstance(current, Tensor) and current.requires_grad
                and current.dtype.is_floating_point):
            continue

        def jvp(tangent: Tensor, position: int = position, current: Tensor = current) -> tuple:
            with forward_ad.dual_level():
                duals = tuple(forward_ad.make_dual(current.detach(), tangent) if i == position
                              else (a.detach() if isinstance(a, Tensor) else a)
                              for i, a in enumerate(inputs))
                found = []
                for out in _as_tuple(func(*duals)):
                    if out is None:
                        continue
                    primal, tangent_out = forward_ad.unpack_dual(out)
                    found.append(tangent_out if tangent_out is not None else
                                 Tensor._make(np.zeros(primal._data.shape, primal._data.dtype)))
                return tuple(found)

        tangents = [Tensor._make(normal_array(current._data.shape, dtype=current._data.dtype))
                    for _ in range(2)]
        expected = list(zip(*[jvp(v) for v in tangents]))
        try:
            got = vmap(jvp)(Tensor._make(np.stack([v._data for v in tangents])))
        except RuntimeError as error:
            raise GradcheckError(f"While computing batched gradients, got: {error}\n\n"
                                 f"{BATCHED_FORWARD_FAILED}") from error
        _compare_batched(got, expected, None, BATCHED_FORWARD_FAILED)


def _check_forward_ad(func: Callable, inputs: tuple, *, eps: float, atol: float,
                      rtol: float) -> None:
    """Forward mode: the Jacobian that forward mode gives (``forward_jacobian``) must match the
    numerical one, for every floating-point output and input that requires grad."""
    numerical = numerical_jacobian(func, inputs, eps)
    floating = [j for j, out in enumerate(_outputs(func, inputs)) if out.dtype.is_floating_point]
    forward = forward_jacobian(func, inputs)
    for i, (num_row, fwd_row) in enumerate(zip(numerical, forward)):
        for j, ana in enumerate(fwd_row):
            num = num_row[floating[j]]
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                raise GradcheckError(
                    f"Jacobian computed with forward mode mismatch for output {j} with respect to "
                    f"input {i},\nnumerical:{_fmt(num)}\nanalytical:{_fmt(ana)}\n")


def forward_jacobian(func: Callable, inputs: tuple) -> list[list[np.ndarray]]:
    """``[input][output]`` Jacobians from forward mode, as torch builds them: inside a dual level,
    every input that requires grad becomes a dual tensor (its value detached) with a zero tangent,
    and for each of its elements in turn that element's tangent is set to 1 and ``func`` runs: the
    outputs' tangents are that element's row (zeros for an output without a tangent). Only
    floating-point outputs count (integer outputs have no tangent)."""
    differentiable = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    jacobians: list[list[np.ndarray]] = []
    with forward_ad.dual_level():
        duals = list(inputs)
        tangents = []
        for i in differentiable:
            zeros = Tensor._make(np.zeros_like(inputs[i]._data))
            duals[i] = forward_ad.make_dual(inputs[i].detach(), zeros)
            tangents.append(forward_ad.unpack_dual(duals[i]).tangent)
        for tangent in tangents:
            array = tangent._data  # the dual's own tangent: set in place, element by element
            rows: list[np.ndarray] = []
            for k in range(array.size):
                element = np.unravel_index(k, array.shape)
                array[element] = 1
                outputs = [o for o in _outputs(func, tuple(duals)) if o.dtype.is_floating_point]
                if not rows:
                    rows = [np.zeros((array.size, o.numel())) for o in outputs]
                for row, out in zip(rows, outputs):
                    out_tangent = forward_ad.unpack_dual(out).tangent
                    if out_tangent is not None:  # (read before the reset: it may be a view)
                        row[k] = out_tangent._data.astype(np.float64).reshape(-1)
                array[element] = 0
            if not rows:  # an input with no elements: no rows, but one Jacobian per output
                outputs = [o for o in _outputs(func, tuple(duals)) if o.dtype.is_floating_point]
                rows = [np.zeros((0, o.numel())) for o in outputs]
            jacobians.append(rows)
    return jacobians


def _check_undefined_tangents(func: Callable, inputs: tuple) -> None:
    """Forward mode copes with inputs that have no tangent, as torch checks it: with random
    tangents on every input that requires grad, each such input in turn is given a zero tangent and
    then none at all (a plain tensor); the outputs' tangents must agree."""
    from ..random import normal_array

    differentiable = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    with forward_ad.dual_level():
        duals = list(inputs)
        for i in differentiable:
            tangent = Tensor._make(normal_array(inputs[i]._data.shape, dtype=inputs[i]._data.dtype))
            duals[i] = forward_ad.make_dual(inputs[i].detach(), tangent)
        for i in differentiable:
            given = duals[i]
            duals[i] = forward_ad.make_dual(inputs[i].detach(),
                                            Tensor._make(np.zeros_like(inputs[i]._data)))
            with_zeros = [o for o in _outputs(func, tuple(duals)) if o.dtype.is_floating_point]
            duals[i] = inputs[i].detach()
            without = [o for o in _outputs(func, tuple(duals)) if o.dtype.is_floating_point]
            duals[i] = given
            for index, (first, second) in enumerate(zip(with_zeros, without)):
                got = forward_ad.unpack_dual(first).tangent
                expected = forward_ad.unpack_dual(second).tangent
                if got is not None and expected is not None and not np.allclose(
                        got._data, expected._data, rtol=1e-5, atol=1e-8):
                    # (torch's error carries these pieces as its arguments, as here)
                    raise GradcheckError(
                        "Mismatch in tangent values for output with index: ", index,
                        " when input: ", inputs[i], " has an undefined tangent value. ",
                        " Got: ", got, " but expected: ", expected)


def _check_inputs(inputs: tuple) -> None:
    """torch's checks of gradcheck's inputs, whatever the mode: a warning for inputs that are not
    float64, ValueError when none requires grad."""
    for index, t in enumerate(inputs):
        if isinstance(t, Tensor) and t.requires_grad and t.dtype.name != "float64":
            warnings.warn(
                f"Input #{index} requires gradient and is not a double precision floating point "
                "or complex. This check will likely fail if all the inputs are not of double "
                "precision floating point or complex. ", UserWarning, stacklevel=4)
    if not _differentiable(inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")


def _check_gradients(func: Callable, inputs: tuple, *, eps: float, atol: float, rtol: float,
                     nondet_tol: float, check_grad_dtypes: bool) -> None:
    """Backward's Jacobian against the numerical one (and reentrancy, dtypes); GradcheckError
    at the first that fails."""
    numerical = numerical_jacobian(func, inputs, eps)
    outputs = _outputs(func, inputs)
    compared = [j for j, out in enumerate(outputs) if out.requires_grad]
    if not compared:
        # no output is differentiable: the function must not depend on its inputs (outputs that
        # are not floating point, such as indices, are left out, as in torch)
        if any(np.any(numerical_row[j] != 0) for numerical_row in numerical
               for j, out in enumerate(outputs) if out.dtype.is_floating_point):
            raise GradcheckError("Numerical gradient for function expected to be zero")
        return
    analytical = analytical_jacobian(func, inputs, check_grad_dtypes=check_grad_dtypes,
                                     nondet_tol=nondet_tol)
    for i, (num_row, ana_row) in enumerate(zip(numerical, analytical)):
        # (j counts the differentiable outputs only, as torch's message does)
        for j, (num, ana) in enumerate((num_row[k], ana_row[k]) for k in compared):
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                raise GradcheckError(
                    f"Jacobian mismatch for output {j} with respect to input {i},\n"
                    f"numerical:{_fmt(num)}\nanalytical:{_fmt(ana)}\n")


def _check_multiplied_by_grad_output(func: Callable, inputs: tuple) -> None:
    """Backward from zero output gradients gives zero input gradients of the inputs' dtypes and
    shapes (torch runs this check always)."""
    from .engine import grad

    outputs = [out for out in _outputs(func, inputs) if out.requires_grad]
    differentiable = _differentiable(inputs)
    zeros = [Tensor._make(np.zeros_like(out._data)) for out in outputs]
    for g, tensor in zip(grad(outputs, differentiable, zeros, allow_unused=True), differentiable):
        if g is None:
            continue
        if np.any(g._data != 0):
            raise GradcheckError("backward not multiplied by grad_output")
        if g.dtype is not tensor.dtype:
            raise GradcheckError("grad is incorrect type")
        if g._data.shape != tensor._data.shape:
            raise GradcheckError("grad is incorrect size")


UNDEFINED_GRAD_WARNING = (
    "Backwards compatibility: New undefined gradient support checking feature is enabled by "
    "default, but it may break existing callers of this function. If this is true for you, you "
    "can call this function with \"check_undefined_grad=False\" to disable the feature")
UNDEFINED_HINT = ("\nHint (autograd_lab): an output that gets no gradient reaches backward as zeros, "
                  "or as None in a Function that calls ctx.set_materialize_grads(False); backward "
                  "must then give zero (or None) gradients.")


def _check_undefined_grads(func: Callable, inputs: tuple) -> None:
    """Backward copes with outputs that get no gradient, as torch checks it. torch sends undefined
    gradients through the whole graph, for all outputs and for each output in turn; the nodes they
    can break are the custom Functions that asked for ``None`` (``set_materialize_grads(False)``:
    the others get zeros, which the check above covers). autograd_lab's engine calls no node that
    gets no gradient, so those Functions are called here directly, with ``None`` for all their
    outputs and for each one in turn."""
    outputs = [out for out in _outputs(func, inputs) if out.requires_grad]
    for ctx in _functions_in_graph(outputs):
        if ctx.materialize_grads:
            continue
        count = len(ctx._output_meta)
        patterns = [(None,) * count]
        if count > 1:
            patterns += [tuple(None if i == j else _zeros(meta)
                               for i, meta in enumerate(ctx._output_meta)) for j in range(count)]
        for pattern in patterns:
            _undefined_grad_support(ctx._grads_for_inputs, pattern, False)


def _zeros(meta: tuple) -> np.ndarray:
    shape, dtype = meta
    return np.zeros(shape, dtype)


def _undefined_grad_support(backward: Callable[..., Sequence], *args: Any, **kwargs: Any) -> None:
    """Run ``backward(*args, **kwargs)`` (which gives no or zero output gradients): it must not
    fail, and every input gradient it returns must be zero (or None)."""
    try:
        grads = [g for g in backward(*args, **kwargs) if g is not None]
    except RuntimeError as error:
        warnings.warn(UNDEFINED_GRAD_WARNING, UserWarning, stacklevel=5)
        raise GradcheckError("Expected backward function to handle undefined output grads."
                             + UNDEFINED_HINT) from error
    if any(np.any(np.asarray(getattr(g, "_data", g)) != 0) for g in grads):
        warnings.warn(UNDEFINED_GRAD_WARNING, UserWarning, stacklevel=5)
        raise GradcheckError("Expected all input grads to be undefined or zero when all output "
                             "grads are undefined or zero." + UNDEFINED_HINT)


def _functions_in_graph(outputs: list[Tensor]) -> list[FunctionCtx]:
    """The custom Functions' nodes in the graph behind ``outputs``, each once."""
    seen: set[int] = set()
    found: list[FunctionCtx] = []
    stack = [out.grad_fn for out in outputs if out.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, FunctionCtx):
            found.append(node)
        stack.extend(next_node for next_node, _ in node.next_functions)
    return found


def _fmt(matrix: np.ndarray) -> str:

    return repr(Tensor._make(matrix))


def gradgradcheck(func: Callable, inputs: Any, grad_outputs: Sequence | None = None, *,
                  eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True,
                  nondet_tol: float = 0.0, check_undefined_grad: bool = True,
                  check_grad_dtypes: bool = False, check_batched_grad: bool = False,
                  check_fwd_over_rev: bool = False, check_rev_over_rev: bool = True,
                  fast_mode: bool = False, masked: bool = False) -> bool:
    """gradcheck of the gradient itself (second derivatives through ``create_graph``), with
    torch's keywords. ``gen_non_contig_grad_outputs`` changes nothing here (numpy arrays have no
    layout autograd_lab's ops depend on); ``check_fwd_over_rev`` compares forward mode through the
    backward pass (the gradient's tangents) with finite differences of the gradient;
    ``check_batched_grad`` checks vmap's batched second derivatives."""
    from .engine import grad

    if (check_fwd_over_rev or check_rev_over_rev) and check_undefined_grad \
            and not check_rev_over_rev:
        raise AssertionError(
            "Setting check_undefined_grad=True requires check_rev_over_rev to be True")
    _check_modes(check_fwd_over_rev, check_rev_over_rev, check_batched_grad, False,
                 "check_fwd_over_rev", "check_rev_over_rev")
    inputs = _as_tuple(inputs)
    differentiable = {i for i, a in enumerate(inputs) if isinstance(a, Tensor) and a.requires_grad}
    generated = grad_outputs is None
    if generated:
        from ..random import normal_array

        grad_outputs = [Tensor._make(normal_array(o._data.shape, dtype=o._data.dtype))
                        for o in _outputs(func, inputs)]

    def first_derivative(*args: Any) -> tuple:
        # the numerical Jacobian evaluates this under no_grad: the derivative itself needs a graph;
        # forward mode passes the inputs as dual tensors of detached values: they require grad
        # again here, as in torch
        with grad_mode.enable_grad():
            args = tuple(a.requires_grad_() if i in differentiable and not a.requires_grad else a
                         for i, a in enumerate(args))
            outputs = _outputs(func, args)
            wanted = [a for i, a in enumerate(args) if i in differentiable]
            grads = grad(outputs, wanted, list(_as_tuple(grad_outputs)), create_graph=True,
                         allow_unused=True)
        # the grad_outputs torch draws require grad, so a gradient cut from the inputs still
        # requires grad there and is compared (as zero) rather than checked to be constant
        return tuple(g if g.requires_grad or not generated else g.detach().requires_grad_()
                     for g in grads if g is not None)

    return gradcheck(first_derivative, inputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_grad_dtypes=check_grad_dtypes, fast_mode=fast_mode, masked=masked,
                     check_forward_ad=check_fwd_over_rev, check_backward_ad=check_rev_over_rev,
                     check_batched_grad=check_batched_grad)
