"""``torch.jit``'s entry points as teaching code meets them: ``script`` a module or a function,
``save`` what it gives, ``load`` it back.

TorchScript compiles Python to its own typed language, run by its interpreter; a scripted module
computes what the eager module computes, through the same autograd formulas (its results carry the
same ``grad_fn`` names). Here nothing is compiled: ``script`` gives a module of the same kind as
torch's (``RecursiveScriptModule``, its repr naming each layer's ``original_name``) that runs the
module's own Python ``forward``. As in torch, the scripted module shares the original's parameters
and buffers (a training step through either changes both) but has its own training flags (``eval``
on it leaves the original in training mode) and its own children, scripted in turn.

What TorchScript adds beyond running the code is not here: its type checks and the errors they
raise for Python it cannot compile (code that torch refuses runs here), the compiled ``code`` and
``graph``, ``trace``, and ``script`` of a class. ``save`` writes autograd_lab's file format (the
module pickled, its tensors as ``.npy`` arrays: see ``serialization``), which ``jit.load`` reads;
torch's TorchScript archives are a different format and neither library reads the other's.
"""

from __future__ import annotations

import copy
import inspect
import io
import os
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import IO, Any

from . import serialization
from .nn.module import Module

__all__ = ["script", "save", "load", "ScriptModule", "RecursiveScriptModule", "ScriptFunction"]


class ScriptModule(Module):
    """The base class of scripted modules: what ``isinstance(m, torch.jit.ScriptModule)`` checks."""

    def save(self, f: str | os.PathLike, **kwargs: Any) -> None:
        """Write this module to the file at path ``f`` for ``torch.jit.load``."""
        serialization.save(self, f)

    def save_to_buffer(self, **kwargs: Any) -> bytes:
        """This module as the bytes ``save`` would write."""
        buffer = io.BytesIO()
        serialization.save(self, buffer)
        return buffer.getvalue()


class RecursiveScriptModule(ScriptModule):
    """A scripted module: a copy of the original module's attributes (its parameters and buffers
    the same tensors, its children scripted in turn) whose methods are the original class's."""

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.__dict__["_original_class"].forward(self, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            # the original class's methods and properties (those forward calls), bound to this copy
            original = self.__dict__.get("_original_class")
            if original is None or name.startswith("__"):
                raise
            try:
                found = inspect.getattr_static(original, name)
            except AttributeError:
                raise AttributeError(f"'{type(self).__name__}' object has no attribute "
                                     f"'{name}'") from None
            return found.__get__(self, original) if hasattr(found, "__get__") else found

    # container protocols are looked up on the type, not through __getattr__: the original's
    def __len__(self) -> int:
        return self._original_method("__len__")()

    def __iter__(self) -> Iterator:
        return self._original_method("__iter__")()

    def __getitem__(self, index: Any) -> Any:
        return self._original_method("__getitem__")(index)

    def _original_method(self, name: str) -> Callable:
        original = self.__dict__["_original_class"]
        method = getattr(original, name, None)
        if method is None:
            raise TypeError(f"'{self.original_name}' object has no attribute '{name}'")
        return method.__get__(self, original)

    def extra_repr(self) -> str:
        return f"original_name={self.original_name}"


class ScriptFunction:
    """A scripted function: called as the function is; ``name`` is the function's name."""

    def __init__(self, function: Callable) -> None:
        self._function = function
        self.name = function.__name__
        self.__name__ = function.__name__
        self.__doc__ = function.__doc__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<torch.jit.torch.jit.ScriptFunction object at {hex(id(self))}>"



def _script_module(module: Module) -> RecursiveScriptModule:
    """A scripted copy of ``module``: its attributes copied one level deep (tables of parameters,
    buffers and hooks are new tables of the same tensors and functions), its children scripted."""
    scripted = RecursiveScriptModule.__new__(RecursiveScriptModule)
    state = {name: copy.copy(value) if isinstance(value, (dict, list, set)) else value
             for name, value in module.__dict__.items()}
    state["_modules"] = OrderedDict(
        (name, None if child is None else _script_module(child))
        for name, child in module._modules.items())
    state["_original_class"] = type(module)
    state["original_name"] = type(module).__name__
    scripted.__dict__.update(state)
    return scripted


def script(obj: Any, optimize: Any = None, _frames_up: int = 0, _rcb: Any = None,
           example_inputs: Any = None) -> Any:
    """A scripted module (``RecursiveScriptModule``) for an ``nn.Module``, a ``ScriptFunction``
    for a function; a scripted module or function is returned as it is."""
    warnings.warn("`torch.jit.script` is deprecated. Please switch to `torch.compile` or "
                  "`torch.export`.", DeprecationWarning, stacklevel=2)
    if isinstance(obj, (ScriptModule, ScriptFunction)):
        return obj
    if isinstance(obj, Module):
        return _script_module(obj)
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        return ScriptFunction(obj)
    if type(obj).__module__ == "builtins":
        raise TypeError(f"{type(obj)} is a built-in class")
    raise RuntimeError(f"torch.jit.script of {type(obj).__name__!r} objects is not supported here: "
                       "only modules and functions are scripted")


def save(m: Any, f: str | os.PathLike | IO[bytes], _extra_files: Any = None) -> None:
    """Write the scripted module ``m`` to ``f``: a path (``m.save(f)``) or a binary file (the
    bytes of ``m.save_to_buffer()``)."""
    warnings.warn("`torch.jit.save` is deprecated. Please switch to `torch.export`.",
                  DeprecationWarning, stacklevel=2)
    if isinstance(f, (str, os.PathLike)):
        m.save(os.fspath(f))
    else:
        f.write(m.save_to_buffer())


def load(f: str | os.PathLike | IO[bytes], map_location: Any = None,
         _extra_files: Any = None) -> ScriptModule:
    """The scripted module that ``save`` wrote to ``f``."""
    warnings.warn("`torch.jit.load` is deprecated. Please switch to `torch.export`.",
                  DeprecationWarning, stacklevel=2)
    if isinstance(f, (str, os.PathLike)):
        if not os.path.exists(f):
            raise ValueError(f"The provided filename {os.fspath(f)} does not exist")
        if os.path.isdir(f):
            raise ValueError(f"The provided filename {os.fspath(f)} is a directory")
    loaded = serialization.load(f, map_location=map_location, weights_only=False)
    if not isinstance(loaded, ScriptModule):
        # (torch's reader finds no compiled code in a file torch.save wrote)
        raise RuntimeError(
            "PytorchStreamReader failed locating file constants.pkl: file not found. This is an "
            "internal miniz error. If you are seeing this error, there is a high likelihood that "
            "your checkpoint file is corrupted. This can happen if the checkpoint was not saved "
            "properly, was transferred incorrectly, or the file was modified after saving.")
    return loaded
