"""``save`` and ``load``: tensors, state dicts and optimizer state in a file that loading cannot
turn into running code.

torch's files are pickles inside a zip archive. Unpickling can call any function the file names
(that is how pickle rebuilds objects), so loading a pickle from someone else can run their code:
torch's ``weights_only=True`` (the default since 2.6) restricts what the unpickler may build.
autograd_lab unpickles nothing unless ``load`` is called with ``weights_only=False``. Its file is a
zip archive holding:

- ``autograd_lab.json``: the object's structure as JSON (dicts, lists, tuples, numbers, strings,
  ``None``, dtypes, devices, sizes, and tensors by number);
- ``arrays/<n>.npy``: each tensor's values, written and read by numpy with ``allow_pickle=False``.

So what a training script saves (a tensor, ``model.state_dict()``, ``optimizer.state_dict()``,
epochs and losses, dicts and lists of them) loads back without unpickling anything: ``load``
rebuilds only those kinds of values, whatever the file says.

Other objects (a whole ``nn.Module``, as torch's recipes save one) are saved as torch saves them, a
pickle (``object.pkl``, beside the same ``.npy`` arrays for its tensors). As in torch, loading such a
file with ``weights_only`` (the default) builds only the classes and functions allowed: besides
containers (``OrderedDict``, ``set``), those the user allowlists with ``add_safe_globals([...])`` or,
for a block, ``with safe_globals([...])`` (a whole model loads when its classes are listed); any
other global the file names is torch's ``UnpicklingError``. ``weights_only=False`` trusts the file.
"""

from __future__ import annotations

import codecs
import inspect
import io
import json
import math
import os
import pickle
import sys
import threading
import zipfile
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import IO, Any

import numpy as np

from ._dtypes import as_dtype, bfloat16, dtype
from .autograd.meta import is_meta, meta_array
from .device import check_device
from .device import device as _device
from .tensor import Size, Tensor

__all__ = ["save", "load", "add_safe_globals", "get_safe_globals", "clear_safe_globals",
           "safe_globals"]

_STRUCTURE = "autograd_lab.json"
_PICKLED = "object.pkl"
_FORMAT = 1


class _Arrays(list):
    """The arrays of a file's tensors; a tensor met twice (a tied weight, one tensor under two keys)
    is stored once, so that it loads back as one tensor, as in torch."""

    def __init__(self) -> None:
        super().__init__()
        self.index: dict[int, int] = {}
        self.meta: dict[str, list[int]] = {}
        """The shapes of meta tensors (stored as one element of their dtype: they have no values)."""
        self.bfloat16: list[int] = []
        """The arrays that are bfloat16 tensors' (stored as their bits, uint16: the .npy format has
        no bfloat16 type)."""

    def add(self, tensor: Tensor) -> int:
        if id(tensor) not in self.index:
            if is_meta(tensor):
                self.meta[str(len(self))] = list(tensor._data.shape)
                array = np.zeros(1, tensor._data.dtype)
            else:
                array = np.asarray(tensor._data, order="C")  # (ascontiguousarray: 0-d as 1-d)
            if array.dtype.kind == "V":  # bfloat16
                self.bfloat16.append(len(self))
                array = array.view(np.uint16)
            self.append(array)
            self.index[id(tensor)] = len(self) - 1
        return self.index[id(tensor)]


class _NeedsPickle(TypeError):
    """``obj`` holds a value outside the weights-only kinds; ``where`` says which (for the error of
    a weights-only load)."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.where = where


def save(obj: Any, f: str | os.PathLike | IO[bytes], pickle_module: Any = None,
         pickle_protocol: int = 2, _use_new_zipfile_serialization: bool = True) -> None:
    """Write ``obj`` (tensors, numbers, strings, dtypes and dicts/lists/tuples of them) to ``f``,
    a path or a binary file object."""
    arrays = _Arrays()
    pickled = None
    try:
        structure = {"format": _FORMAT, "object": _encode(obj, arrays, "obj")}
    except _NeedsPickle as unsupported:
        arrays = _Arrays()
        pickled = _pickle_dumps(obj, arrays, pickle_protocol)
        structure = {"format": _FORMAT, "pickled": unsupported.where}
    if arrays.meta:
        structure["meta"] = arrays.meta
    if arrays.bfloat16:
        structure["bfloat16"] = arrays.bfloat16
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(_STRUCTURE, json.dumps(structure))
        if pickled is not None:
            archive.writestr(_PICKLED, pickled)
        for index, array in enumerate(arrays):
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(f"arrays/{index}.npy", buffer.getvalue())


def load(f: str | os.PathLike | IO[bytes], map_location: Any = None, pickle_module: Any = None,
         *, weights_only: bool | None = None, mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    """Read what ``save`` wrote. With ``weights_only`` (the default, as in torch 2.6 and later)
    only tensors, numbers, strings, dtypes, devices and containers of them can come back, so
    loading never runs code from the file; a file holding other objects (a whole module) is
    refused with torch's ``UnpicklingError`` and loads only with ``weights_only=False``."""
    try:
        archive = zipfile.ZipFile(f, "r")
    except zipfile.BadZipFile:
        raise RuntimeError(_NOT_OURS) from None
    with archive:
        if _STRUCTURE not in archive.namelist():
            raise RuntimeError(_NOT_OURS)
        structure = json.loads(archive.read(_STRUCTURE))
        if not isinstance(structure, dict) or structure.get("format") != _FORMAT:
            raise RuntimeError("unsupported autograd_lab file format")

        metas = structure.get("meta", {})
        bfloat16_arrays = set(structure.get("bfloat16", ()))

        def read_array(index: int) -> np.ndarray:
            with archive.open(f"arrays/{int(index)}.npy") as member:
                array = np.load(io.BytesIO(member.read()), allow_pickle=False)
            if int(index) in bfloat16_arrays:  # (its bits: see _Arrays.bfloat16)
                if array.dtype != np.uint16:
                    raise RuntimeError("corrupt autograd_lab file: a bfloat16 tensor not stored "
                                       "as 16-bit words")
                array = array.view(bfloat16.numpy)
            shape = metas.get(str(int(index)))
            return array if shape is None else meta_array(tuple(shape), array.dtype)

        if "pickled" in structure:
            return _pickle_loads(archive.read(_PICKLED), _tensor_loader(read_array, map_location),
                                 restricted=weights_only is not False)
        return _decode(structure["object"], _tensor_loader(read_array, map_location))


def _weights_only_message(where: str) -> str:
    """torch's error for a weights-only load of a file that names a global not allowed (``where``,
    as ``module.name``)."""
    return (
        "Weights only load failed. This file can still be loaded, to do so you have two options, "
        "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In "
        "PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
        "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
        "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
        "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please "
        "check the recommended steps in the following error message.\n\tWeightsUnpickler error: "
        f"Unsupported global: GLOBAL {where} was not an allowed global by default. Please use "
        f"`torch.serialization.add_safe_globals([{where}])` or the "
        f"`torch.serialization.safe_globals([{where}])` context manager to allowlist this global if "
        "you trust this class/function.\n\nCheck the documentation of torch.load to learn more "
        "about types accepted by default with weights_only "
        "https://pytorch.org/docs/stable/generated/torch.load.html.")


# -- the globals a weights-only load may build ------------------------------------------------------

# what torch allows by default, as far as autograd_lab's pickles can name it (tensors and
# parameters are persistent ids, not globals): containers, bytes (as codecs.encode rebuilds them in
# protocol 2), complex numbers, sizes, devices and, below, dtypes
_ALLOWED_BY_DEFAULT = (OrderedDict, Counter, codecs.encode, bytearray, set, complex, Size, _device)
_user_globals: list = []  # add_safe_globals' entries: objects, or (object, "module.name")
_block_globals = threading.local()  # safe_globals' entries, per thread, while its block runs


def add_safe_globals(safe_globals: list[Callable | tuple[Callable, str]]) -> None:
    """Allow a weights-only ``load`` to build these classes and functions (each an object, or an
    ``(object, "module.name")`` pair naming where the file says it is)."""
    _user_globals.extend(safe_globals)


def get_safe_globals() -> list[Callable | tuple[Callable, str]]:
    """The entries ``add_safe_globals`` added."""
    return list(_user_globals)


def clear_safe_globals() -> None:
    """Forget every entry ``add_safe_globals`` added."""
    _user_globals.clear()


class safe_globals:  # noqa: N801 - torch's name
    """``with safe_globals([...]):`` allows these classes and functions to a weights-only ``load``
    inside the block only."""

    def __init__(self, safe_globals: list[Callable | tuple[Callable, str]]) -> None:
        self.safe_globals = safe_globals

    def __enter__(self) -> None:
        _block_globals.stack = [*getattr(_block_globals, "stack", []), self.safe_globals]

    def __exit__(self, *exc: object) -> None:
        _block_globals.stack = _block_globals.stack[:-1]


def _allowed(obj: Any, where: str) -> bool:
    """Whether a weights-only load may build ``obj``, which the file names as ``where``."""
    if any(obj is allowed for allowed in _ALLOWED_BY_DEFAULT) or isinstance(obj, dtype):
        return True
    entries: Iterable = [*_user_globals, *(e for block in getattr(_block_globals, "stack", [])
                                           for e in block)]
    for entry in entries:
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], str):
            if entry[0] is obj and entry[1] == where:
                return True
        elif entry is obj:
            return True
    return False


class _ArrayPickler(pickle.Pickler):
    """Pickles tensors as references to ``.npy`` arrays (torch's persistent ids for storages), so
    the tensors of a pickled object are stored as those of a weights-only file."""

    def __init__(self, file: IO[bytes], protocol: int, arrays: _Arrays) -> None:
        super().__init__(file, protocol)
        self.arrays = arrays

    def persistent_id(self, obj: Any) -> Any:
        from .nn.parameter import Parameter

        if type(obj) is Tensor or type(obj) is Parameter:
            return ("tensor", self.arrays.add(obj), bool(obj.requires_grad), type(obj) is Parameter)
        return None


def _pickle_dumps(obj: Any, arrays: _Arrays, protocol: int) -> bytes:
    buffer = io.BytesIO()
    _ArrayPickler(buffer, max(protocol, 2), arrays).dump(obj)
    return buffer.getvalue()


class _WeightsOnlyUnpickler(pickle.Unpickler):
    """An unpickler that builds only the globals allowed (``_allowed``): any other is torch's
    ``UnpicklingError``. A global is looked up among the modules already imported, so a file
    cannot make it import one."""

    def find_class(self, module: str, name: str) -> Any:
        # (torch names a builtin by its name alone: "GLOBAL print")
        where = name if module in ("builtins", "__builtin__") else f"{module}.{name}"
        loaded = sys.modules.get(module if module != "__builtin__" else "builtins")
        obj = getattr(loaded, name, None) if loaded is not None and "." not in name else None
        if obj is None or not _allowed(obj, where):
            raise pickle.UnpicklingError(_weights_only_message(where))
        return obj


def _pickle_loads(data: bytes, tensor_at: Callable[[int, bool, bool], Tensor],
                  restricted: bool = False) -> Any:
    """Unpickle ``data``; ``restricted``: build only the globals allowed (a weights-only load)."""
    unpickler = (_WeightsOnlyUnpickler if restricted else pickle.Unpickler)(io.BytesIO(data))
    unpickler.persistent_load = lambda pid: tensor_at(*pid[1:])
    return unpickler.load()


_CPU_ONLY = "If you are running on a CPU-only machine, please use torch.load with " \
    "map_location=torch.device('cpu') to map your storages to the CPU."
# what torch says when a map_location sends tensors to a device type it has no backend for here
_NO_BACKEND = {
    "cuda": "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
            "False. " + _CPU_ONLY,
    "xpu": "Attempting to deserialize object on a XPU device but torch.xpu.is_available() is False. "
           + _CPU_ONLY,
    "hpu": "The HPU device module is not registered. " + _CPU_ONLY,
    "mps": "torch.UntypedStorage(): Storage device not recognized: mps",
    "mtia": "Cannot execute getCurrentDevice() without MTIA backend.",
}


def _check_map_location(map_location: Any) -> None:
    """torch's errors for a ``map_location`` that sends the file's tensors (all saved on the CPU)
    anywhere but the CPU; torch applies it to each tensor, so a file without tensors loads whatever
    it says. A callable is trusted to return the storage it is given (the CPU is all there is)."""
    if map_location is None or callable(map_location):
        return
    if isinstance(map_location, dict):  # {saved location: new location}
        map_location = map_location.get("cpu", "cpu")
    if not isinstance(map_location, str | _device):
        # (torch calls what is neither a string, a device nor a dict)
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    kind = map_location.type if isinstance(map_location, _device) else map_location.partition(":")[0]
    if kind in _NO_BACKEND:
        raise RuntimeError(_NO_BACKEND[kind])
    if kind not in ("cpu", "meta"):
        raise RuntimeError("don't know how to restore data location of "
                           f"torch.storage.UntypedStorage (tagged with {map_location})")
    check_device(map_location, meta=True)


def _to_meta(map_location: Any) -> bool:
    """Whether ``map_location`` puts the loaded tensors on the meta device."""
    if isinstance(map_location, dict):
        map_location = map_location.get("cpu", "cpu")
    return isinstance(map_location, str | _device) and str(map_location) == "meta"


def _tensor_loader(read_array: Callable[[int], np.ndarray],
                   map_location: Any = None) -> Callable[[int, bool, bool], Tensor]:
    """``tensor_at(index, requires_grad, parameter)``: the file's tensor ``index``, built once (a
    tensor stored once for several places comes back as one tensor), after ``map_location`` is
    checked."""
    from .nn.parameter import Parameter

    built: dict[int, Tensor] = {}

    def tensor_at(index: int, requires_grad: bool, parameter: bool) -> Tensor:
        if not built:
            _check_map_location(map_location)
        if index not in built:
            array = read_array(index)
            as_dtype(array.dtype)  # only the dtypes a tensor can hold
            if _to_meta(map_location):
                array = meta_array(array.shape, array.dtype)
            tensor = Tensor._make(array)
            if parameter:
                tensor = Parameter(tensor, requires_grad=bool(requires_grad))
            elif requires_grad:
                tensor.requires_grad_(True)
            built[index] = tensor
        return built[index]

    return tensor_at


_NOT_OURS = (
    "not a file written by autograd_lab's save: autograd_lab reads only its own format (a zip of "
    "JSON and .npy arrays) and never unpickles torch's files, because loading a pickle can run any "
    "code the file names.\nHint (autograd_lab): to bring weights over from PyTorch, save them from "
    "torch as numpy arrays (np.savez) and load those with numpy, or re-save them with "
    "autograd_lab.save.")


def _encode(value: Any, arrays: _Arrays, path: str) -> Any:
    """``value`` as JSON, tensors' values appended to ``arrays``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"int": str(value)} if abs(value) >= 2**53 else value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, Tensor):
        from .nn.parameter import Parameter

        return {"tensor": arrays.add(value), "requires_grad": bool(value.requires_grad),
                "parameter": isinstance(value, Parameter)}
    if isinstance(value, Size):
        return {"size": list(value)}
    if type(value).__name__ == "dtype" and hasattr(value, "numpy"):
        return {"dtype": value.name}
    if isinstance(value, _device):
        return {"device": str(value)}
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return _encode(value.item(), arrays, path)
    if isinstance(value, dict):
        items = [[_encode(k, arrays, f"{path} key"), _encode(v, arrays, f"{path}[{k!r}]")]
                 for k, v in value.items()]
        return {"dict": items, "ordered": isinstance(value, OrderedDict)}
    if isinstance(value, list):
        return {"list": [_encode(v, arrays, f"{path}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, arrays, f"{path}[{i}]") for i, v in enumerate(value)]}
    kind = value if isinstance(value, type) or inspect.isroutine(value) else type(value)
    module = getattr(kind, "__module__", None)
    name = getattr(kind, "__qualname__", type(kind).__name__)
    # pickle names a builtin without its module (torch's message shows ``print``)
    raise _NeedsPickle(f"{path} of type {type(value).__name__} needs pickling",
                       name if module in (None, "builtins") else f"{module}.{name}")


def _decode(node: Any, tensor_at: Callable[[int, bool, bool], Tensor]) -> Any:
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list) or not isinstance(node, dict) or len(node) == 0:
        raise RuntimeError("corrupt autograd_lab file: unexpected entry in its structure")
    if "tensor" in node:
        return tensor_at(int(node["tensor"]), bool(node.get("requires_grad")), bool(node.get("parameter")))
    if "int" in node:
        return int(node["int"])
    if "float" in node:
        return float(node["float"])
    if "size" in node:
        return Size(int(n) for n in node["size"])
    if "dtype" in node:
        from . import _dtypes

        found = getattr(_dtypes, node["dtype"] if node["dtype"] != "bool" else "bool_", None)
        if not isinstance(found, _dtypes.dtype):
            raise RuntimeError(f"corrupt autograd_lab file: unknown dtype {node['dtype']!r}")
        return found
    if "device" in node:
        return _device(str(node["device"]))
    if "dict" in node:
        pairs = [(_hashable(_decode(k, tensor_at)), _decode(v, tensor_at)) for k, v in node["dict"]]
        return OrderedDict(pairs) if node.get("ordered") else dict(pairs)
    if "list" in node:
        return [_decode(v, tensor_at) for v in node["list"]]
    if "tuple" in node:
        return tuple(_decode(v, tensor_at) for v in node["tuple"])
    raise RuntimeError("corrupt autograd_lab file: unexpected entry in its structure")


def _hashable(key: Any) -> Any:
    if isinstance(key, (list, dict, Tensor)):
        raise RuntimeError("corrupt autograd_lab file: a dict key that cannot be a key")
    return key
