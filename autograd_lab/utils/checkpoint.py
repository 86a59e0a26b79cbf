"""``torch.utils.checkpoint``: trade compute for memory by running part of the forward pass again
in the backward pass, instead of keeping what its ops save.

``checkpoint(function, *args, use_reentrant=...)`` returns ``function(*args)``. Two ways, as torch:

- ``use_reentrant=False`` (recommended): ``function`` runs with grad as usual, inside
  ``saved_tensors_hooks`` whose pack hook keeps a number instead of each saved tensor. The first
  time the backward pass needs one, ``function`` runs again (same inputs, same random numbers) and
  the numbers are looked up in what that run saved. The graph is ``function``'s own, so
  ``autograd.grad``, keyword arguments and ``backward(inputs=...)`` work.
- ``use_reentrant=True`` (torch's default, with a warning, when ``use_reentrant`` is not given):
  ``function`` runs under ``no_grad`` inside a custom Function, ``CheckpointFunctionBackward`` in the
  graph; its backward runs ``function`` again with grad and calls ``autograd.backward`` from inside
  the outer pass ("reentrant"), so it needs a pass that writes ``.grad`` (not ``autograd.grad``).

Here a node keeps its inputs anyway (for the in-place check and double backward), so the memory
saved is that of results and intermediates only; the recomputation and the graphs are torch's.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from .. import random as _random
from ..autograd import engine, grad_mode
from ..autograd.function import Function
from ..autograd.saved_hooks import saved_tensors_hooks
from ..tensor import Tensor

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction",
           "noop_context_fn"]

_WITHOUT_USE_REENTRANT = (
    "{name}: the use_reentrant parameter should be passed explicitly. {when} use_reentrant=False "
    "is recommended, but if you need to preserve the current default behavior, you can pass "
    "use_reentrant=True. Refer to docs for more details on the differences between the two "
    "variants.")


class CheckpointError(RuntimeError):
    """The recomputation saved other tensors than the forward pass did (``use_reentrant=False``)."""


def noop_context_fn() -> tuple[contextlib.AbstractContextManager, contextlib.AbstractContextManager]:
    """The default ``context_fn``: no context around the forward pass or the recomputation."""
    return contextlib.nullcontext(), contextlib.nullcontext()


def _detached(args: Iterable[Any]) -> list:
    """The inputs again for the recomputation: tensors cut from the graph, requiring grad as the
    originals did."""
    out = []
    for arg in args:
        if isinstance(arg, Tensor):
            copy = arg.detach()
            copy.requires_grad_(arg.requires_grad)
            arg = copy
        out.append(arg)
    return out


@contextlib.contextmanager
def _random_state(state: dict | None) -> Any:
    """The block runs with the default generator in ``state`` (None: as it is), and leaves it as
    it found it."""
    if state is None:
        yield
        return
    outside = _random.default_generator.get_state()
    _random.default_generator.set_state(state)
    try:
        yield
    finally:
        _random.default_generator.set_state(outside)


# -- use_reentrant=True ----------------------------------------------------------------------------


class CheckpointFunction(Function):
    """``function(*args)`` run without grad; its backward runs it again with grad and
    backpropagates through that second graph."""

    @staticmethod
    def forward(ctx: Any, run_function: Callable, preserve_rng_state: bool, *args: Any) -> Any:
        if not any(isinstance(arg, Tensor) and arg.requires_grad for arg in args):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          stacklevel=2)
        ctx.run_function = run_function
        ctx.rng_state = _random.default_generator.get_state() if preserve_rng_state else None
        ctx.inputs = [None if isinstance(arg, Tensor) else arg for arg in args]
        ctx.tensor_indices = [i for i, arg in enumerate(args) if isinstance(arg, Tensor)]
        ctx.save_for_backward(*[arg for arg in args if isinstance(arg, Tensor)])
        with grad_mode.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> tuple:
        if not engine.checkpoint_valid():
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or "
                "passing an `inputs` parameter to .backward(). To resolve this error, you can "
                "either set use_reentrant=False, or call .backward() without passing the `inputs` "
                "argument.")
        inputs = list(ctx.inputs)
        for index, tensor in zip(ctx.tensor_indices, ctx.saved_tensors):
            inputs[index] = tensor
        with _random_state(ctx.rng_state):
            detached = _detached(inputs)
            with grad_mode.enable_grad():
                outputs = ctx.run_function(*detached)
        outputs = (outputs,) if isinstance(outputs, Tensor) else outputs
        pairs = [(out, grad) for out, grad in zip(outputs, grads)
                 if isinstance(out, Tensor) and out.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not "
                               "necessary")
        engine.backward([out for out, _ in pairs], [grad for _, grad in pairs])
        return (None, None) + tuple(arg.grad if isinstance(arg, Tensor) else None
                                    for arg in detached)


# -- use_reentrant=False ---------------------------------------------------------------------------


class _Recomputed:
    """One checkpointed call without reentrance: its forward packs each saved tensor as a number
    (keeping only its shape and dtype), and the first unpack runs the function again to get them."""

    def __init__(self, function: Callable, args: tuple, kwargs: dict, rng_state: dict | None,
                 recompute_context: contextlib.AbstractContextManager) -> None:
        self.function = function
        self.args = args
        self.kwargs = kwargs
        self.rng_state = rng_state
        self.recompute_context = recompute_context
        self.metadata: list[dict] = []  # of each tensor the forward saved, in order
        self.tensors: list[Tensor] | None = None  # what the last recomputation saved
        self.handed_out: set[int] = set()

    def pack(self, tensor: Tensor) -> int:
        self.metadata.append(_metadata(tensor))
        return len(self.metadata) - 1

    def unpack(self, index: int) -> Tensor:
        # each recomputed tensor is handed out once, as torch frees it then: asking again (a second
        # backward pass with retain_graph, a second read of grad_fn._saved_*) recomputes
        if self.tensors is None or index in self.handed_out:
            self.tensors = self._recompute()
            self.handed_out = set()
        self.handed_out.add(index)
        return self.tensors[index]

    def _recompute(self) -> list[Tensor]:
        saved: list[Tensor] = []

        def keep(tensor: Tensor) -> int:
            saved.append(tensor)
            return len(saved) - 1

        with _random_state(self.rng_state), grad_mode.enable_grad(), self.recompute_context, \
                saved_tensors_hooks(keep, saved.__getitem__):
            self.function(*_detached(self.args), **self.kwargs)
        # (more is fine: torch stops the recomputation once it has what the forward saved)
        if len(saved) < len(self.metadata):
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved during the "
                f"original forward and recomputation.\nNumber of tensors saved during forward: "
                f"{len(self.metadata)}\nNumber of tensors saved during recomputation: "
                f"{len(saved)}.")
        different = [(index, before, _metadata(tensor)) for index, (before, tensor)
                     in enumerate(zip(self.metadata, saved)) if before != _metadata(tensor)]
        if different:
            lines = "".join(f"tensor at position {index}:\nsaved metadata: {before}\n"
                            f"recomputed metadata: {after}\n" for index, before, after in different)
            raise CheckpointError("torch.utils.checkpoint: Recomputed values for the following "
                                  f"tensors have different metadata than during the forward "
                                  f"pass.\n{lines}.")
        return saved[:len(self.metadata)]


def _metadata(tensor: Tensor) -> dict:
    return {"shape": tensor.shape, "dtype": tensor.dtype, "device": tensor.device}


# -- the functions users call ----------------------------------------------------------------------


def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None,
               context_fn: Callable[[], tuple] = noop_context_fn,
               determinism_check: str = "default", debug: bool = False, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, whose saved tensors are recomputed in the backward pass
    instead of kept (see the module doc for the two variants). ``preserve_rng_state=True`` (a
    keyword) replays the forward's random numbers in the recomputation; ``context_fn`` returns
    two context managers, around the forward and around the recomputation (non-reentrant only)."""
    if use_reentrant is None:
        warnings.warn(_WITHOUT_USE_REENTRANT.format(
            name="torch.utils.checkpoint",
            when="Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
                 "exception."), stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if determinism_check not in ("default", "none"):
        raise ValueError(f"determinism_check should be one of ['default', 'none'], but got "
                         f"{determinism_check}")
    if use_reentrant:
        if context_fn is not noop_context_fn or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when "
                             "use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    forward_context, recompute_context = context_fn()
    recomputed = _Recomputed(function, args, kwargs,
                             _random.default_generator.get_state() if preserve else None,
                             recompute_context)
    with forward_context, saved_tensors_hooks(recomputed.pack, recomputed.unpack):
        return function(*args, **kwargs)


def checkpoint_sequential(functions: Any, segments: int, input: Tensor,
                          use_reentrant: bool | None = None, **kwargs: Any) -> Tensor:
    """Run ``functions`` (an ``nn.Sequential`` or a list of modules or functions) one after the
    other on ``input``, in ``segments`` chunks: every chunk but the last is checkpointed."""
    if use_reentrant is None:
        warnings.warn(_WITHOUT_USE_REENTRANT.format(
            name="torch.utils.checkpoint.checkpoint_sequential",
            when="In version 2.9 we will raise an exception if use_reentrant is not passed."),
            stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    from ..nn import Sequential

    if isinstance(functions, Sequential):
        functions = list(functions.children())

    def run(start: int, end: int) -> Callable[[Tensor], Tensor]:
        def forward(value: Tensor) -> Tensor:
            for j in range(start, end + 1):
                value = functions[j](value)
            return value

        return forward

    size = len(functions) // segments
    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run(end + 1, len(functions) - 1)(input)
