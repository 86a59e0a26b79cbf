"""Differential testing against PyTorch: the same snippet runs with ``t`` bound to torch and to
autograd_lab, and what it shows (values, dtypes, reprs, grad_fn names, next_functions, errors,
warnings) is compared.

A case is a snippet of code; its last line is an expression whose value is observed (like a notebook
cell). Case tables live in ``tests/parity/cases_<area>.py`` as ``CASES = {"name": "code"}``.
``scripts/record_goldens.py`` runs them under torch into ``tests/goldens/parity_<area>.json``;
``tests/test_parity.py`` compares autograd_lab with those goldens (no torch needed) and, where torch
is installed, with torch live.
"""

from __future__ import annotations

import ast
import importlib
import math
import pkgutil
import re
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
GOLDENS = HERE.parent / "goldens"
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
# Where torch's file paths leak into warnings, only the message matters.
_INTERNAL = re.compile(r" \(Triggered internally at [^)]*\)")


def second_derivative_nodes(setup: str, *exprs: str) -> str:
    """A case that records, for each ``expr`` (a function of ``x``), the names of the nodes in the
    graph of ``x``'s gradient made with ``create_graph=True``: what a second derivative goes back
    through (e.g. ``SelectBackwardBackward0``, the backward of ``x[1]`` as a node of its own)."""
    return f"""
{setup}
def nodes(y):
    (g,) = t.autograd.grad((y * y).sum(), x, create_graph=True)
    names, seen, todo = set(), set(), [g.grad_fn]
    while todo:
        node = todo.pop()
        if node is not None and id(node) not in seen:
            seen.add(id(node))
            names.add(node.name())
            todo.extend(f for f, _ in node.next_functions)
    return sorted(names)
[nodes({"), nodes(".join(exprs)})]
"""


def case_modules() -> dict[str, ModuleType]:
    """Every ``cases_<area>`` module, by area."""
    modules = {}
    for info in pkgutil.iter_modules([str(HERE)]):
        if info.name.startswith("cases_"):
            modules[info.name.removeprefix("cases_")] = importlib.import_module(
                f"{__name__}.{info.name}")
    return modules


_FORWARD_TRACE = "Traceback of forward call that caused the error:\n"


# torch gives these warnings once per process (its C++ ``TORCH_WARN_ONCE``), so whether a case shows
# one depends on which cases ran before it; they are left out of every comparison (ours warn each
# time, through Python's warnings, and tests of the op check that they do).
ONCE_PER_PROCESS = ("Using padding='same' with even kernel lengths and odd dilation may require",
                    "torch.cholesky is deprecated", "torch.qr is deprecated",
                    "The PyTorch API of nested tensors is in prototype stage",
                    "Converting a tensor with requires_grad=True to a scalar",
                    "This overload of ",
                    "Warning: Profiler clears events at the end of each cycle.",
                    "The reduce argument of torch.scatter with Tensor src is deprecated",
                    "torch.asarray: unspecified requires_grad now defaults")


def comparable_warnings(observation: dict) -> dict:
    """``observation`` without the warnings torch gives once per process."""
    if observation.get("warnings"):
        observation["warnings"] = [w for w in observation["warnings"]
                                   if not w[1].startswith(ONCE_PER_PROCESS)]
    return observation


def warning_text(message: str) -> str:
    """A warning as compared: without torch's C++ file paths, and an anomaly-detection traceback
    reduced to the frames of the case's own code (library frames and file paths differ)."""
    text = _INTERNAL.sub("", message)
    head, marker, stack = text.partition(_FORWARD_TRACE)
    if not marker:
        return text
    frames = [line.strip() for line in stack.splitlines() if line.strip().startswith('File "<case>"')]
    return head + marker + "\n".join(frames)


def normalize(text: str) -> str:
    """Strip what legitimately differs between runs: memory addresses."""
    return _ADDRESS.sub("0x…", text)


def _is_tensor(value: Any) -> bool:
    return hasattr(value, "grad_fn") and hasattr(value, "requires_grad") and hasattr(value, "shape")


def _is_node(value: Any) -> bool:
    return hasattr(value, "next_functions")


def describe(value: Any) -> Any:
    """A JSON-able description of what a learner would see of ``value``."""
    if _is_tensor(value):
        data = value.detach().numpy() if hasattr(value, "detach") else value.numpy()
        return {
            "kind": "tensor",
            "repr": normalize(repr(value)),
            "dtype": str(value.dtype),
            "shape": list(value.shape),
            "values": _values(data),
            "requires_grad": bool(value.requires_grad),
            "is_leaf": bool(value.is_leaf),
            "grad_fn": value.grad_fn.name() if value.grad_fn is not None else None,
        }
    if _is_node(value):
        return {
            "kind": "node",
            "name": value.name(),
            "repr": normalize(repr(value)),
            "next": [[None if n is None else n.name(), nr] for n, nr in value.next_functions],
        }
    if type(value).__name__ == "Size":
        return {"kind": "size", "repr": repr(value), "value": list(value)}
    if type(value).__name__ == "dtype":
        return {"kind": "dtype", "repr": repr(value)}
    if isinstance(value, (tuple, list)):
        fields = getattr(value, "_fields", None)
        items = [describe(item) for item in value]
        return {"kind": type(value).__name__ if not fields else "namedtuple", "items": items,
                **({"fields": list(fields)} if fields else {})}
    if isinstance(value, dict):
        return {"kind": "dict", "items": {str(k): describe(v) for k, v in value.items()}}
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    if isinstance(value, float):
        return {"kind": "float", "value": _float(value)}
    return {"kind": "other", "type": type(value).__name__, "repr": normalize(repr(value))}


def _float(x: float) -> Any:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _values(array: np.ndarray) -> Any:
    if array.dtype == np.bool_:
        return array.tolist()
    if array.dtype.kind in "iu":
        return array.tolist()
    flat = [_float(float(v)) for v in np.asarray(array, dtype=np.float64).reshape(-1)]
    return {"flat": flat}


def _preload(t: ModuleType) -> None:
    """Load what torch imports lazily with warnings of its own import: its first ``make_dual`` loads
    the forward-mode decompositions, whose import warns that ``torch.jit.script`` is deprecated
    (nothing a case does; in a notebook a learner does not see it either)."""
    if t.__name__ == "torch" and "torch._decomp.decompositions_for_jvp" not in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            importlib.import_module("torch._decomp.decompositions_for_jvp")


def run_case(t: ModuleType, code: str) -> dict:
    """Run ``code`` with ``t`` bound to a torch-like module; observe its last expression."""
    _preload(t)
    namespace: dict[str, Any] = {"t": t, "torch": t, "np": np, "V": t.autograd.Variable}
    if hasattr(t, "manual_seed"):
        t.manual_seed(0)
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    observation: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(tree, "<case>", "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace) \
                if last is not None else None
            observation["value"] = describe(value)
        except Exception as error:  # noqa: BLE001 - errors are what some cases observe
            observation["error"] = type(error).__name__
            observation["message"] = normalize(str(error))
    observation["warnings"] = [[w.category.__name__, warning_text(str(w.message))] for w in caught]
    return comparable_warnings(observation)


def compare(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Differences between two observations (empty when they agree)."""
    if isinstance(theirs, dict) and theirs.get("kind") == "tensor" and isinstance(ours, dict):
        problems = []
        for key in ("repr", "dtype", "shape", "requires_grad", "is_leaf", "grad_fn"):
            if ours.get(key) != theirs.get(key):
                problems.append(f"{path}.{key}: ours {ours.get(key)!r} != torch {theirs.get(key)!r}")
        if not _values_close(ours.get("values"), theirs.get("values")):
            problems.append(f"{path}.values: ours {ours.get('values')} != torch {theirs.get('values')}")
        return problems
    if isinstance(theirs, dict) and isinstance(ours, dict):
        problems = []
        if "message" in theirs and "message" in ours:
            if not ours["message"].startswith(theirs["message"]):
                problems.append(f"{path}.message: ours {ours['message']!r}\n   torch {theirs['message']!r}")
            # a learner hint may follow torch's text, after a newline
            rest = ours["message"][len(theirs["message"]):]
            if rest and not rest.startswith("\n"):
                problems.append(f"{path}.message has extra text not on a new line: {rest!r}")
        for key in sorted(set(ours) | set(theirs)):
            if key == "message":
                continue
            problems += compare(ours.get(key), theirs.get(key), f"{path}.{key}")
        return problems
    if isinstance(theirs, list) and isinstance(ours, list):
        if len(ours) != len(theirs):
            return [f"{path}: ours has {len(ours)} items, torch {len(theirs)}: {ours!r} vs {theirs!r}"]
        problems = []
        for index, (a, b) in enumerate(zip(ours, theirs)):
            problems += compare(a, b, f"{path}[{index}]")
        return problems
    if isinstance(theirs, float) and isinstance(ours, float):
        return [] if math.isclose(ours, theirs, rel_tol=1e-5, abs_tol=1e-6) else [
            f"{path}: {ours} != {theirs}"]
    return [] if ours == theirs else [f"{path}: ours {ours!r} != torch {theirs!r}"]


def _values_close(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, dict) and isinstance(ours, dict):
        a = np.array([np.nan if v == "nan" else float(v) for v in ours["flat"]])
        b = np.array([np.nan if v == "nan" else float(v) for v in theirs["flat"]])
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=1e-5, equal_nan=True))
    return ours == theirs


def record_area(area: str) -> dict:
    """Run one area's cases under torch (for scripts/record_goldens.py)."""
    import torch

    torch.set_num_threads(1)
    module = case_modules()[area]
    return {name: run_case(torch, code) for name, code in module.CASES.items()}
