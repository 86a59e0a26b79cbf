"""Hooks on saved tensors: ``torch.autograd.graph.saved_tensors_hooks`` and ``save_on_cpu``.

An op that needs values in its backward pass saves them when it runs (``x * y`` saves ``x`` and
``y``; ``exp(x)`` its result). Inside ``with saved_tensors_hooks(pack_hook, unpack_hook):``, each
tensor an op saves goes through ``pack_hook`` at once, and the node keeps what ``pack_hook``
returned (any Python object) instead of the tensor. Whenever the saved value is needed (the
backward pass, ``grad_fn._saved_self``), ``unpack_hook`` turns the packed object back into a tensor,
which must have the saved tensor's shape and dtype. A backward pass without ``retain_graph`` drops
the packed objects with the rest of the node's buffers. Hooks nest (the innermost pair packs), and
ops run inside a hook are not packed themselves.

The machinery that applies them sits in ``op.py`` (``Op._pack_saved``) and ``function.py``: an op
with hooks active is one more reason for ``Op.apply`` to leave its fast path (``record.watching``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .record import watching

__all__ = ["saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks", "Packed", "active",
           "pack", "unpack"]


class _HookState(threading.local):
    """This thread's hook pairs, innermost last, and the message of an open
    ``disable_saved_tensors_hooks`` (None: hooks allowed)."""

    pairs: tuple = ()
    disabled: str | None = None


state = _HookState()


def _count_watch(step: int) -> None:
    with watching.lock:
        watching.count += step


class saved_tensors_hooks:  # noqa: N801 - torch's name
    """Inside the ``with`` block, every tensor an op saves for backward is replaced by
    ``pack_hook(tensor)``; ``unpack_hook(packed)`` must give it back (a tensor of the same shape and
    dtype) whenever the backward pass or ``grad_fn._saved_*`` needs it."""

    def __init__(self, pack_hook: Callable[[Any], Any], unpack_hook: Callable[[Any], Any]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> saved_tensors_hooks:
        if state.disabled is not None:
            raise RuntimeError(state.disabled)
        state.pairs = (*state.pairs, (self.pack_hook, self.unpack_hook))
        _count_watch(1)
        return self

    def __exit__(self, *exc: object) -> None:
        state.pairs = state.pairs[:-1]
        _count_watch(-1)


class save_on_cpu(saved_tensors_hooks):  # noqa: N801 - torch's name
    """Saved tensors kept on the CPU, to come back to their device in backward. Every tensor here
    is on the CPU already, so ``pin_memory=False`` keeps the tensor itself and ``pin_memory=True``
    a copy (torch copies into pinned memory); the backward pass then reads the copy."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack_to_cpu(tensor: Any) -> tuple:
            if not pin_memory:
                return tensor.device, tensor.cpu()
            return tensor.device, tensor.detach().clone()

        def unpack_from_cpu(packed: tuple) -> Any:
            device, tensor = packed
            return tensor.to(device, non_blocking=pin_memory)

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextmanager
def disable_saved_tensors_hooks(error_message: str) -> Iterator[None]:
    """Inside the block, ``saved_tensors_hooks`` raises RuntimeError(``error_message``); entering it
    while hooks are active raises at once."""
    if state.pairs:
        raise RuntimeError(error_message)
    previous, state.disabled = state.disabled, error_message
    try:
        yield
    finally:
        state.disabled = previous


# -- for the machinery (op.py, function.py) ---------------------------------------------------------


class Packed(tuple):
    """A node's saved values after packing: one ``(packed, unpack_hook, shape, dtype)`` per saved
    tensor (``unpack_hook`` None: a value that was not a tensor, kept as it is)."""

    __slots__ = ()


def active() -> tuple | None:
    """The innermost (pack, unpack) pair of this thread, or None."""
    pairs = state.pairs
    return pairs[-1] if pairs else None


def pack(tensors: list, is_tensor: list[bool]) -> Packed:
    """Each tensor through the innermost pack hook (hooks are off while it runs, as in torch)."""
    pack_hook, unpack_hook = state.pairs[-1]
    pairs, state.pairs = state.pairs, ()
    try:
        return Packed(
            (pack_hook(tensor), unpack_hook, tensor.shape, tensor.dtype) if tensor_like
            else (tensor, None, None, None)
            for tensor, tensor_like in zip(tensors, is_tensor))
    finally:
        state.pairs = pairs


def unpack(entry: tuple) -> Any:
    """One saved value back from its packed form: the tensor ``unpack_hook`` gives, checked."""
    from ..tensor import Tensor

    packed, unpack_hook, shape, dtype = entry
    if unpack_hook is None:
        return packed
    tensor = unpack_hook(packed)
    if not isinstance(tensor, Tensor):
        raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result "
                        f"of type {type(tensor).__name__}")
    if tensor.shape != shape or tensor.dtype != dtype:
        raise RuntimeError(
            f"unpack_hook returned a tensor of shape {list(tensor.shape)} and dtype {tensor.dtype} "
            f"for a saved tensor of shape {list(shape)} and dtype {dtype}: it must give back what "
            "pack_hook was given")
    return tensor
