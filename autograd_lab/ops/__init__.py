"""The op library: one module per family, each op a class with forward and backward side by side
(and its forward-mode rule, ``jvp``).

``registry()`` lists every op (its torch grad_fn name, the file and line of its backward, its
formula and its forward-mode formula); ``python -m autograd_lab.ops`` prints that table, and
``scripts/update_readme.py`` writes the README's list of supported ops from it, with the ops that
have no forward-mode rule (``without_forward_rule()``).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

__all__ = ["OpInfo", "registry", "FAMILIES", "without_forward_rule"]

FAMILIES = ("arithmetic", "elementwise", "reductions", "linalg", "shape", "indexing", "activations")

# torch.ops is torch's operator registry (torch.ops.aten.mul.Tensor ...), what __torch_dispatch__
# tensor subclasses match on; ``torch.ops`` resolves to this package when code imports autograd_lab
# as torch: ``aten`` names the kit's ops (``_aten.py``), torch's other namespaces get an error that
# says what is missing rather than a bare AttributeError
_TORCH_OPERATOR_NAMESPACES = ("prims", "higher_order", "quantized", "_c10d_functional")


def __getattr__(name: str) -> object:
    if name == "aten":
        from ._aten import aten

        return aten
    if name in _TORCH_OPERATOR_NAMESPACES:
        raise AttributeError(
            f"module 'autograd_lab.ops' has no attribute '{name}'\nHint (autograd_lab): torch.ops."
            f"{name} is a namespace of torch's registry of C++ operators; autograd_lab has only "
            "torch.ops.aten (for the kit's own ops, the Python classes of autograd_lab.ops).")
    raise AttributeError(f"module 'autograd_lab.ops' has no attribute '{name}'")


@dataclass(frozen=True)
class OpInfo:
    """One registered op, as the docs show it."""

    grad_fn: str  # torch's grad_fn name, e.g. "MulBackward0"
    op_class: str  # the class in the source, e.g. "Mul"
    module: str  # e.g. "autograd_lab.ops.arithmetic"
    file: str  # path relative to the package's parent folder
    line: int  # where backward is defined
    formula: str  # the "Backward:" lines of the docstring
    forward_formula: str  # the "Forward:" lines ("" for an op without a forward-mode rule)
    has_forward_rule: bool  # whether the class defines jvp


def registry() -> list[OpInfo]:
    """Every op class registered by ``Op.__init_subclass__`` (importing autograd_lab loads them all),
    sorted by module and line."""
    import autograd_lab  # noqa: F401 - loads every op module, so every op is registered
    from autograd_lab.autograd.op import OPS

    root = Path(inspect.getfile(autograd_lab)).resolve().parent.parent
    infos = []
    for grad_fn, cls in OPS.items():
        backward = cls.backward
        _, line = inspect.getsourcelines(backward)
        file = Path(inspect.getfile(backward)).resolve()
        infos.append(OpInfo(grad_fn, cls.__qualname__, cls.__module__,
                            str(file.relative_to(root)) if file.is_relative_to(root) else str(file),
                            line, cls.formula(), cls.forward_formula(), cls.has_forward_rule()))
    return sorted(infos, key=lambda info: (info.module, info.line))


def without_forward_rule() -> list[str]:
    """The grad_fn names of the ops without a forward-mode rule (forward mode through them raises
    torch's NotImplementedError); the README lists them."""
    return [info.grad_fn for info in registry() if not info.has_forward_rule]


def public_functions() -> dict[str, list[str]]:
    """The functions each op family exports to ``autograd_lab`` (its ``__all__``)."""
    import importlib

    return {family: sorted(importlib.import_module(f"{__name__}.{family}").__all__)
            for family in FAMILIES}
