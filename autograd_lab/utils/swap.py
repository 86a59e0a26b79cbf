"""``torch.utils.swap_tensors``: two tensor objects exchange their contents, each keeping its identity
(so an optimizer or a module holding one of them sees the other's values, class and attributes)."""

from __future__ import annotations

import copyreg
import weakref
from typing import Any

__all__ = ["swap_tensors"]

_POISONED = (
    "Trying to execute AccumulateGrad node that was poisoned by swap_tensors this can happen when you "
    "try to run backward on a tensor that was swapped. For a module m with "
    "`torch.__future__.set_swap_module_params_on_conversion(True)` you should not change the device "
    "or dtype of the module (e.g. `m.cpu()` or `m.half()`) between running forward and backward. To "
    "resolve this, please only change the device/dtype before running forward (or after both forward "
    "and backward).")


def _poison(tensor: Any) -> None:
    """A graph built before the swap ends in the leaf's AccumulateGrad node, which would now write
    into the other content: as torch, make that node raise when backward reaches it."""
    state = tensor._state
    node = state.accumulator() if state is not None else None
    if node is not None:
        def refuse(grad_outputs: Any) -> None:
            raise RuntimeError(_POISONED)

        node.register_prehook(refuse)


def _base_list_of_views(tensor: Any) -> list:
    """The weak references to its views that the base of ``tensor`` keeps, when ``tensor`` is a view
    (``ops/views.py``; empty otherwise): one of them is the library's own reference to ``tensor``."""
    base = getattr(tensor, "_base", None)
    base_state = base._state if base is not None else None
    return (base_state.views or []) if base_state is not None else []


def _has_live_views(tensor: Any) -> bool:
    state = getattr(tensor, "_state", None)
    views = state.views if state is not None else None
    return bool(views) and any(ref() is not None for ref in views)


def swap_tensors(t1: Any, t2: Any) -> None:
    """Swap the contents of ``t1`` and ``t2`` (class, ``__dict__``, values, autograd state) in
    place. Refused, as in torch, when either has a weak reference or their slots differ, and when
    either has live views (which would go on looking into the memory it gives away)."""
    lists = (_base_list_of_views(t1), _base_list_of_views(t2))
    for name, tensor, views in (("t1", t1, lists[0]), ("t2", t2, lists[1])):
        # (a view's base holds a weak reference to it, which is not the caller's)
        own = {id(ref) for ref in views}
        if any(id(ref) not in own for ref in weakref.getweakrefs(tensor)):
            raise RuntimeError(f"Cannot swap {name} because it has weakref associated with it")
    t1_slots = set(copyreg._slotnames(t1.__class__))  # type: ignore[attr-defined]
    t2_slots = set(copyreg._slotnames(t2.__class__))  # type: ignore[attr-defined]
    if t1_slots != t2_slots:
        raise RuntimeError("Cannot swap t1 and t2 if they have different slots")
    for name, tensor in (("t1", t1), ("t2", t2)):
        if _has_live_views(tensor):
            raise RuntimeError(f"Cannot swap {name} because it has views: they would go on looking into "
                               "the memory it gives away")
    for tensor in (t1, t2):
        _poison(tensor)
    t1.__class__, t2.__class__ = t2.__class__, t1.__class__
    if hasattr(t1, "__dict__") or hasattr(t2, "__dict__"):
        t1.__dict__, t2.__dict__ = t2.__dict__, t1.__dict__
    for slot in t1_slots - {"__weakref__"}:
        missing = object()
        first, second = getattr(t1, slot, missing), getattr(t2, slot, missing)
        for target, value in ((t1, second), (t2, first)):
            if value is missing:
                if hasattr(target, slot):
                    delattr(target, slot)
            else:
                setattr(target, slot, value)
    # a view's contents moved to the other object: its base's list of views must now name that one
    for views in {id(views): views for views in lists if views}.values():
        views[:] = [weakref.ref(t2) if ref() is t1 else weakref.ref(t1) if ref() is t2 else ref
                    for ref in views]
