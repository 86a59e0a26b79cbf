"""Record torch's TypeError for calls with arguments of the wrong type (golden data for
tests/test_arguments.py): every function and Tensor method in ``autograd_lab._torch_signatures``,
called with each argument pattern of :data:`PATTERNS`. For each, ``calls`` lists the patterns torch
refuses with a TypeError from its argument parser, as ``pattern:digest`` where the digest is
:func:`fingerprint` of torch's message (the messages themselves are long: a test that finds a
difference shows it against torch live).

Only :func:`record` imports torch; :func:`arguments` is shared with the tests.
"""

from __future__ import annotations

import hashlib
import warnings
from types import ModuleType
from typing import Any

import numpy as np


class Unusual:
    """An object of a type no signature takes (torch prints its type name, ``Unusual``)."""


def values(lib: ModuleType) -> dict[str, Any]:
    """The argument values the patterns name, made with ``lib`` (torch or autograd_lab)."""
    return {
        "tensor": lib.ones(2), "long_tensor": lib.tensor([1, 2]), "scalar_tensor": lib.tensor(2.0),
        "none": None, "str": "a", "float_list": [1.0, 2.0], "int_tuple": (1, 2), "float": 1.5,
        "int": 1, "bool": True, "object": Unusual(), "int_list": [0, 1],
        "numpy_float": np.float64(2.0), "array": np.ones(2), "dtype_name": "float32",
        "python_float_type": float,
    }


def _patterns() -> list[tuple[tuple[str, ...], dict[str, str]]]:
    singles = ("scalar_tensor", "none", "str", "float_list", "int_tuple", "float", "object",
               "array", "dtype_name", "python_float_type")
    patterns: list[tuple[tuple[str, ...], dict[str, str]]] = [((name,), {}) for name in singles]
    patterns += [(("tensor", second), {}) for second in ("none", "str", "float", "float_list",
                                                          "object")]
    patterns += [((first, "tensor"), {}) for first in ("none", "str", "int")]
    patterns += [(("int", second), {}) for second in ("none", "str")]
    patterns += [(("tensor", "int", "none"), {}), (("tensor", "int", "str"), {}),
                 (("int", "int", "none"), {}), (("tensor", "tensor", "tensor"), {})]
    for keyword in ("dim", "keepdim", "dtype", "alpha", "min", "other", "rounding_mode",
                    "requires_grad", "device", "unknown"):
        for value in ("str", "none"):
            patterns += [((), {keyword: value}), (("tensor",), {keyword: value})]
    patterns += [((), {"dtype": "dtype_name"}), (("int",), {"dtype": "dtype_name"})]
    return patterns


PATTERNS = _patterns()


def arguments(lib: ModuleType, pattern: tuple[tuple[str, ...], dict[str, str]]) -> tuple[list, dict]:
    """A pattern's positional and keyword arguments, made with ``lib``."""
    named = values(lib)
    args, kwargs = pattern
    return [named[name] for name in args], {key: named[name] for key, name in kwargs.items()}


def _parser_error(message: str) -> bool:
    """A TypeError from torch's argument parser (not one raised by the function's own code)."""
    return not any(text in message for text in ("descriptor", "TensorBase", "new(): invalid data"))


def fingerprint(message: str) -> str:
    """A short, stable digest of a message (the goldens keep digests, not the long texts)."""
    return hashlib.sha256(message.encode()).hexdigest()[:12]


def torch_message(torch: ModuleType, variant: str, name: str,
                  pattern: tuple[tuple[str, ...], dict[str, str]]) -> str | None:
    """torch's parser TypeError for calling ``name`` with ``pattern`` (None when there is none)."""
    args, kwargs = arguments(torch, pattern)
    target = getattr(torch if variant == "function" else torch.ones(2), name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            target(*args, **kwargs)
    except TypeError as error:
        return str(error) if _parser_error(str(error)) else None
    except Exception:  # noqa: BLE001 - only argument-type errors are recorded
        return None
    return None


def record() -> dict:
    import torch

    from autograd_lab import _torch_signatures

    torch.set_num_threads(1)
    calls: dict[str, str] = {}
    for variant, table in (("function", _torch_signatures.FUNCTIONS),
                           ("method", _torch_signatures.METHODS)):
        for name in sorted(set(table) - (_torch_signatures.PYTHON_LEVEL if variant == "function"
                                         else set())):
            messages = [(number, torch_message(torch, variant, name, pattern))
                        for number, pattern in enumerate(PATTERNS)]
            calls[f"{variant} {name}"] = " ".join(f"{number}:{fingerprint(message)}"
                                                  for number, message in messages if message)
    return {"patterns": [[list(args), kwargs] for args, kwargs in PATTERNS], "calls": calls}
