"""``func.vmap``: a function of one example, applied to a batch of them.

``vmap(f)(xs)`` computes ``stack([f(x) for x in xs])``: inside ``f``, each tensor mapped over has
lost its batch dimension (``in_dims`` says which one), and the results get one back (at
``out_dims``). torch runs ``f`` once on "batched tensors" and each op has a batching rule that does
the whole batch at once. Here, ``f`` runs once per batch element and the results are stacked: no
op needs a rule, and the values, shapes and dtypes are torch's. What torch refuses inside vmap is
refused here too, with torch's errors: ``.item()``, ``if`` on a tensor that holds per-element
values, in-place writes of per-element values into a tensor that holds one value for the whole
batch, random numbers unless ``randomness`` says how they vary across the batch. For that, a
running vmap (a ``_Level``) keeps track of which tensors are "batched": the slices it hands ``f``
and everything computed from them (every op reports to it through ``autograd.record``).

One thing is arranged so that the values stay torch's: a matrix product whose batched factor is one
row (``mm``, ``addmm``: a linear layer) or a vector (``mv``) is computed as the batch's row (column)
of a matrix product, as torch's batched run computes it, not as BLAS's vector product, which rounds
otherwise (``_Level._round_as_the_batch``).

What differs, because ``f`` runs once per element: side effects (``print``, appending to a list)
happen once per element, and a tensor printed inside ``f`` shows one element's values; a result that
requires grad has ``StackBackward0`` as its ``grad_fn`` (torch's is the last op of ``f``); inside
``f``, a slice of an input that requires grad requires grad too (torch's batched tensors do not).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd.record import recorder, transform
from ..nn.functional import Addmm
from ..ops.linalg import Mm, Mv
from ..ops.shape import movedim, stack
from ..random import Generator
from ..tensor import Tensor
from .pytree import broadcast_to_and_flatten, tree_flatten, tree_unflatten

__all__ = ["vmap"]

ITEM_MESSAGE = (
    "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling "
    ".item() on a Tensor, please try to rewrite what you're doing with other operations. If error "
    "is occurring somewhere inside PyTorch internals, please file a bug report.")
CONTROL_FLOW_MESSAGE = (
    "vmap: It looks like you're attempting to use a Tensor in some data-dependent control flow. We "
    "don't support that yet, please file an issue at https://github.com/pytorch/pytorch/issues .")
DATA_MESSAGE = "Cannot access data pointer of Tensor that doesn't have storage"
RANDOM_MESSAGE = (
    "vmap: called random operation while in randomness error mode. Please either use the 'same' or "
    "'different' randomness flags on vmap or perform the randomness operation out of vmap")
_REFUSALS = {"item": ITEM_MESSAGE, "control flow": CONTROL_FLOW_MESSAGE, "data": DATA_MESSAGE}

# How torch names an in-place method whose operand is batched but whose target is not (None: torch's
# broadcasting error instead), by the op function Tensor._inplace runs
_INPLACE_NAMES = {"sub": "inplace arithmetic", "mul": "inplace arithmetic",
                  "div": "inplace arithmetic", "copy_from": "inplace arithmetic",
                  "put_key": "inplace arithmetic", "masked_fill": "inplace arithmetic",
                  "fill": "fill_", "clamp": "aten::clamp_", "pow": "aten::pow_", "add": None}

RANDOMNESS = ("error", "different", "same")


class _Level:
    """One running vmap: its batch size and randomness mode, the vmap around it (``outer``), and
    which tensors are batched at this level (by id, held weakly)."""

    __slots__ = ("size", "randomness", "outer", "depth", "chain", "batched", "saved_states", "drawn")

    def __init__(self, size: int, randomness: str, outer: _Level | None) -> None:
        self.size = size
        self.randomness = randomness
        self.outer = outer
        self.depth = 1 if outer is None else outer.depth + 1
        self.chain: tuple[_Level, ...] = (self,) if outer is None else (self, *outer.chain)
        # id -> weak reference; an entry whose tensor died is dead weight until the next element
        # (``holds`` compares identities, so a new tensor reusing the id is not taken for it)
        self.batched: dict[int, weakref.ref] = {}
        self.saved_states: dict[Generator, Any] = {}  # randomness="same": each generator's state
        self.drawn: set[Generator] = set()  # ... and which were drawn from for this element

    def levels(self) -> tuple[_Level, ...]:
        """This level and the vmaps around it, innermost first."""
        return self.chain

    # -- which tensors are batched ---------------------------------------------------------------

    def mark(self, tensor: Tensor) -> None:
        self.batched[id(tensor)] = weakref.ref(tensor)

    def holds(self, tensor: Any) -> bool:
        """Whether ``tensor`` is batched at this level."""
        ref = self.batched.get(id(tensor))
        return ref is not None and ref() is tensor

    def start_element(self) -> None:
        self.drawn = set()
        batched = self.batched
        for key in [key for key, ref in batched.items() if ref() is None]:
            del batched[key]

    # -- what the core reports (autograd/record.py) ----------------------------------------------

    def run(self, apply: Callable[..., Any], inputs: tuple, params: dict) -> Any:
        """Run one op (not reporting the ops it may run itself) and mark its results."""
        recorder.batching = None
        try:
            result = apply(*inputs, **params)
            if apply.__self__ in _BATCH_PRODUCTS:
                self._round_as_the_batch(apply.__self__, inputs, params, result)
        finally:
            recorder.batching = self
        self.derived(result, inputs)
        return result

    def _round_as_the_batch(self, op: type, inputs: tuple, params: dict, result: Tensor) -> None:
        """A matrix product computed again so that its values are bit for bit those of torch's
        batched run, when that run multiplies the whole batch as one matrix product: a batched
        factor of one row in ``mm`` or ``addmm`` (a linear layer: torch multiplies the batch's
        rows at once), or a batched vector in ``mv`` (torch multiplies the matrix by the batch's
        vectors as columns).

        Why: a BLAS matrix product (gemm) rounds each row (column) alike whatever the number of
        rows (columns). Run per element, the product has one row (column), and BLAS computes that
        as a vector product (gemv), which sums in another order: a few ulps apart, and
        ``1 - tanh**2`` of such values, in a Jacobian, differs by 1e-6. A second row (column) of
        zeros makes it a matrix product again, whose first row (column) is the batch's. Rounding
        only: the graph and the saved factors are the per-element run's. Other cases (both factors
        batched, a batched matrix in ``mv``, ``dot``) are left as they are: torch's batched kernels
        for them do not round as any one product here does."""
        batched = [any(level.holds(tensor) for level in self.chain) for tensor in inputs]
        arrays = [tensor._data for tensor in inputs]
        if op is Mv:
            vector = arrays[1]
            if batched[1] and not batched[0]:
                # (a transposed array, the layout of the batch's vectors as columns, ``xs.T``:
                # products sum in an order that depends on the layout, autograd_lab/_matmul_rounding.py)
                arrays[1] = np.stack([vector, np.zeros_like(vector)]).T
                result._data[...] = op._value_of(tuple(arrays), params)[:, 0]
            return
        rows = 0 if op is Mm else 1  # (addmm's inputs: self, mat1, mat2)
        factor = arrays[rows]
        if batched[rows] and not batched[rows + 1] and factor.shape[0] == 1:
            arrays[rows] = np.concatenate([factor, np.zeros_like(factor)])
            result._data[...] = op._value_of(tuple(arrays), params)[:1]

    def derived(self, result: Any, sources: tuple) -> None:
        """``result`` was computed from ``sources``: batched at every level where a source is."""
        for level in self.chain:
            batched = level.batched
            for source in sources:
                ref = batched.get(id(source))
                if ref is not None and ref() is source:
                    if type(result) is Tensor:
                        batched[id(result)] = weakref.ref(result)
                    else:
                        for tensor in _tensors_in(result):
                            batched[id(tensor)] = weakref.ref(tensor)
                    break

    def refuse(self, tensor: Tensor, use: str) -> None:
        if any(level.holds(tensor) for level in self.levels()):
            raise RuntimeError(_REFUSALS[use])

    def check_inplace(self, target: Tensor, operands: tuple, method: str) -> None:
        """Writing batched ``operands`` into a ``target`` that is not batched is refused."""
        tensors = [operand for operand in operands if isinstance(operand, Tensor)]
        levels = self.levels()
        for level in reversed(levels):  # outermost first, as torch checks
            if level.holds(target) or not any(level.holds(t) for t in tensors):
                continue
            name = _INPLACE_NAMES.get(method, f"aten::{method}_")
            if name is None:
                raise RuntimeError(self._broadcast_message(target, tensors))
            where = f"at level {level.depth}" if name.startswith("aten::") else "in a vmap"
            raise RuntimeError(
                f"vmap: {name}(self, *extra_args) is not possible because there exists a Tensor "
                f"`other` in extra_args that has more elements than `self`. This happened due to "
                f"`other` being vmapped over but `self` not being vmapped over {where}. Please try "
                f"to use out-of-place operators instead of {name}. If said operator is being "
                "called inside the PyTorch framework, please file a bug report instead.")

    def _broadcast_message(self, target: Tensor, operands: list) -> str:
        """torch's error for ``add_``: the shapes as its batching rule sees them, batch
        dimensions (outermost vmap first) in front."""
        import numpy as np

        levels = list(reversed(self.levels()))
        target_dims: list[int] = []
        for level in levels:
            if level.holds(target):
                target_dims.append(level.size)
            elif target_dims:
                target_dims.append(1)
        batch_dims = [level.size for level in levels
                      if level.holds(target) or any(level.holds(t) for t in operands)]
        logical = np.broadcast_shapes(target._data.shape, *(t._data.shape for t in operands))
        return (f"output with shape {target_dims + list(target._data.shape)} doesn't match the "
                f"broadcast shape {batch_dims + list(logical)}")

    def random(self, generator: Generator) -> None:
        """A draw from ``generator``: refused, or (``randomness="same"``) the draws of the first
        element replayed for every other one."""
        for level in reversed(self.levels()):
            if level.randomness == "error":
                raise RuntimeError(RANDOM_MESSAGE)
            if level.randomness == "same" and generator not in level.drawn:
                level.drawn.add(generator)
                if generator in level.saved_states:
                    generator.set_state(level.saved_states[generator])
                else:
                    level.saved_states[generator] = generator.get_state()

    def check_grad(self, outputs: list, inputs: list) -> None:
        """``autograd.grad`` inside vmap: batched tensors do not require grad at vmap's level."""
        levels = self.levels()
        for index, output in enumerate(outputs):
            if any(level.holds(output) for level in levels):
                raise RuntimeError(f"element {index} of tensors does not require grad and does not "
                                   "have a grad_fn")
        for tensor in inputs:
            if any(level.holds(tensor) for level in levels):
                raise RuntimeError("One of the differentiated Tensors does not require grad")


# The matrix products whose rounding follows torch's batched run (``_Level._round_as_the_batch``)
_BATCH_PRODUCTS = frozenset({Mm, Addmm, Mv})


def _tensors_in(result: Any) -> list:
    if isinstance(result, Tensor):
        return [result]
    if isinstance(result, tuple | list):
        return [item for item in result if isinstance(item, Tensor)]
    return []


# -- vmap ----------------------------------------------------------------------------------------


def _name(func: Any) -> str:
    """How torch names the function in vmap's messages."""
    if hasattr(func, "__name__"):
        return func.__name__
    if isinstance(func, functools.partial):
        return f"functools.partial({_name(func.func)}, ...)"
    return repr(func)


def check_randomness(randomness: Any) -> None:
    if randomness not in RANDOMNESS:
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or 'same'. "
                           f"Got {randomness}")


def vmap(func: Callable[..., Any], in_dims: Any = 0, out_dims: Any = 0, randomness: str = "error",
         *, chunk_size: int | None = None) -> Callable[..., Any]:
    """``func`` mapped over a dimension of its inputs: the batched function.

    ``in_dims`` says which dimension of each input is the batch (an int for all, or a structure like
    the inputs with an int or None per tensor: None, not mapped); ``out_dims`` where the batch
    dimension goes in each output. ``randomness``: ``"error"`` (random ops are refused),
    ``"different"`` (each element draws its own numbers) or ``"same"`` (every element gets the same
    numbers). ``chunk_size`` is accepted as torch's; ``func`` runs one element at a time anyway.
    Keyword arguments of the batched function are passed to ``func`` unmapped.
    """
    check_randomness(randomness)
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return _vmap_call(func, in_dims, out_dims, randomness, args, kwargs)

    return wrapped


def _check_out_dims(out_dims: Any, func: Any) -> None:
    if isinstance(out_dims, int):
        return
    for leaf in tree_flatten(out_dims)[0]:
        if not (leaf is None or isinstance(leaf, int)):
            raise ValueError(
                f"vmap({_name(func)}, ..., out_dims={out_dims}): `out_dims` must be an int, None or "
                "a python collection of ints representing where in the outputs the vmapped "
                "dimension should appear.")


def _batched_inputs(in_dims: Any, args: tuple, func: Any) -> tuple[int, list, list, Any]:
    """The batch size, each flattened input's (normalized) in_dim, the flattened inputs and their
    structure, with torch's checks and messages."""
    name = _name(func)
    if not isinstance(in_dims, int | tuple):
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` to be int or a "
            f"(potentially nested) tuple matching the structure of inputs, got: {type(in_dims)}.")
    if not args:
        raise ValueError(
            f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
            "trying to vmap over a function with no inputs. The latter is unsupported.")
    flat_args, spec = tree_flatten(args)
    flat_in_dims = broadcast_to_and_flatten(in_dims, spec)
    if flat_in_dims is None:
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with the "
            f"structure of `inputs`. in_dims has structure {tree_flatten(in_dims)[1]} but inputs "
            f"has structure {spec}.")
    prefix = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): "
    for index, (arg, in_dim) in enumerate(zip(flat_args, flat_in_dims)):
        if not isinstance(in_dim, int) and in_dim is not None:
            raise ValueError(prefix + f"Got in_dim={in_dim} for an input but in_dim must be either "
                             "an integer dimension or None.")
        if isinstance(in_dim, int) and not isinstance(arg, Tensor):
            raise ValueError(prefix + f"Got in_dim={in_dim} for an input but the input is of type "
                             f"{type(arg)}. We cannot vmap over non-Tensor arguments, please use "
                             "None as the respective in_dim")
        if in_dim is not None and not -arg.dim() <= in_dim < arg.dim():
            raise ValueError(prefix + f"Got in_dim={in_dim} for some input, but that input is a "
                             f"Tensor of dimensionality {arg.dim()} so expected in_dim to satisfy "
                             f"-{arg.dim()} <= in_dim < {arg.dim()}.")
        if in_dim is not None and in_dim < 0:
            flat_in_dims[index] = in_dim % arg.dim()
    sizes = [arg.shape[in_dim] for arg, in_dim in zip(flat_args, flat_in_dims) if in_dim is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(size != sizes[0] for size in sizes):
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    return sizes[0], flat_in_dims, flat_args, spec


def _vmap_call(func: Callable[..., Any], in_dims: Any, out_dims: Any, randomness: str,
               args: tuple, kwargs: dict) -> Any:
    _check_out_dims(out_dims, func)
    size, flat_in_dims, flat_args, spec = _batched_inputs(in_dims, args, func)
    level = _Level(size, randomness, recorder.batching)
    per_element: list[list] = []
    passthrough: list = []  # per element: which input slice each output is, if it is one
    output_spec = flat_out_dims = None
    with transform(batching=level):
        for index in range(max(size, 1)):
            level.start_element()
            slices = [arg if in_dim is None else _element(arg, in_dim, index, size)
                      for arg, in_dim in zip(flat_args, flat_in_dims)]
            for piece, in_dim in zip(slices, flat_in_dims):
                if in_dim is not None:
                    level.mark(piece)
            outputs = func(*tree_unflatten(slices, spec), **kwargs)
            flat_outputs, this_spec = tree_flatten(outputs)
            if output_spec is None:
                output_spec = this_spec
                flat_out_dims = _flat_out_dims(outputs, this_spec, out_dims, func)
                _check_outputs(flat_outputs, flat_out_dims, level, func)
            elif this_spec != output_spec:
                raise RuntimeError(
                    f"vmap({_name(func)}): the function returned outputs of different structures "
                    f"for different batch elements ({output_spec} and {this_spec}); it runs once per "
                    "element here, and every element must give the same structure")
            per_element.append(flat_outputs)
            passthrough.append([_which_slice(output, slices, flat_in_dims)
                                for output in flat_outputs])
    results = []
    for position, out_dim in enumerate(flat_out_dims):
        values = [outputs[position] for outputs in per_element]
        if out_dim is None:
            results.append(values[0])
            continue
        source = passthrough[0][position]
        if (size and source is not None and flat_in_dims[source] == _normalized(out_dim, values[0])
                and all(element[position] == source for element in passthrough)):
            results.append(flat_args[source])  # f returned its input: torch returns the input itself
            continue
        results.append(_stacked(values, out_dim, size, func, position))
    return tree_unflatten(results, output_spec)


def _element(arg: Tensor, in_dim: int, index: int, size: int) -> Tensor:
    """Element ``index`` of ``arg`` along ``in_dim`` (a view); for an empty batch, zeros shaped
    like an element, so that ``f`` can run once to show the shape of its results."""
    if size == 0:
        from ..creation import zeros

        shape = tuple(n for dim, n in enumerate(arg.shape) if dim != in_dim)
        return zeros(shape, dtype=arg.dtype)
    return arg[(slice(None),) * in_dim + (index,)]


def _flat_out_dims(outputs: Any, spec: Any, out_dims: Any, func: Any) -> list:
    def incompatible() -> ValueError:
        return ValueError(
            f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible "
            f"with the structure of `outputs`. out_dims has structure {tree_flatten(out_dims)[1]} "
            f"but outputs has structure {spec}.")

    if isinstance(outputs, Tensor):
        if isinstance(out_dims, int) or out_dims is None:
            return [out_dims]
        if isinstance(out_dims, tuple) and len(out_dims) == 1:
            return list(out_dims)
        raise incompatible()
    flat = broadcast_to_and_flatten(out_dims, spec)
    if flat is None:
        raise incompatible()
    return flat


def _check_outputs(flat_outputs: list, flat_out_dims: list, level: _Level, func: Any) -> None:
    name = _name(func)
    for output, out_dim in zip(flat_outputs, flat_out_dims):
        if out_dim is None:
            if isinstance(output, Tensor) and level.holds(output):
                raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when "
                                 "out_dim is None")
        elif not isinstance(output, Tensor):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(output)}. Did you mean to set out_dims= to None for output?")


def _which_slice(output: Any, slices: list, flat_in_dims: list) -> int | None:
    for position, (piece, in_dim) in enumerate(zip(slices, flat_in_dims)):
        if in_dim is not None and output is piece:
            return position
    return None


def _normalized(out_dim: int, example: Tensor) -> int:
    return out_dim + example.dim() + 1 if out_dim < 0 else out_dim


def _stacked(values: list, out_dim: int, size: int, func: Any, position: int) -> Tensor:
    """The elements' results stacked along ``out_dim``."""
    first = values[0]
    for value in values[1:]:
        if value.shape != first.shape:
            raise RuntimeError(
                f"vmap({_name(func)}): output {position} has shape {first.shape} for one batch "
                f"element and {value.shape} for another; vmap's results must have the same shape "
                "for every element")
    if size == 0:
        from ..creation import zeros

        return movedim(zeros((0, *first.shape), dtype=first.dtype), 0, out_dim)
    return stack(values, dim=out_dim)
