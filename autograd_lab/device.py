"""Devices: everything here runs on the CPU, in numpy.

``device("cpu")``, ``device=`` on the factories, ``.to(device)``, ``set_default_device`` and the
``cuda`` / ``accelerator`` availability checks (``backends`` is a package of its own) work as on a
machine without a GPU, so tutorial code that picks "cuda if available else cpu" runs unchanged.
Asking for another device is a clear error, never silently ignored. The one other device is torch's
``meta``: tensors with shapes and no values (``autograd/meta.py``), made by the factories
(``device="meta"``, or inside ``with torch.device("meta"):``) and by ``.to("meta")``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

__all__ = ["device", "check_device", "set_default_device", "get_default_device", "cuda", "xpu",
           "accelerator", "layout", "strided"]

_KNOWN_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
                "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


class device:  # noqa: N801 - torch's name
    """A device name: ``device("cpu")``, ``device("cuda", 0)`` or ``device("cuda:0")``. Only the CPU
    can hold tensors here; other devices can be named (tutorials build ``device("cuda")`` to test
    for it) but not used. A bare index (``device(0)``, ``.cuda(0)``, ``.to(0)``, ``device=0``) names
    a device of the current accelerator, and is torch's error on a machine without one."""

    __slots__ = ("type", "index")

    def __init__(self, type: Any, index: int | None = None) -> None:  # noqa: A002 - torch's name
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            # torch reads a bare index as one of the current accelerator's devices: there is none
            if type < 0:
                raise RuntimeError("Device index must not be negative")
            raise RuntimeError("Cannot access accelerator device when none is available.")
        if not isinstance(type, str):
            from ._arguments import combination_error, type_name  # (it reads devices itself)

            if index is not None:  # (one overload takes two arguments: torch names the bad one)
                raise TypeError(f"device(): argument 'type' (position 1) must be str, not "
                                f"{type_name(type)}")
            raise combination_error("device()", (type,), {}, (
                "device(Device device)", "device(c10::string_view type, int64_t index=-1)"))
        name, colon, number = type.partition(":")
        if name not in _KNOWN_TYPES or (colon and not number.isdigit()):
            raise RuntimeError(f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of "
                               f"device string: {type}")
        if colon:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            index = int(number)
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative, got {index}")
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self) -> tuple:
        return (device, (self.type, self.index))

    def __enter__(self) -> device:
        """``with torch.device(d):`` makes ``d`` the default device inside the block (only the
        CPU here: another device is refused on entry, where torch fails at the first tensor)."""
        global _default_device
        _entered.append(_default_device)
        _default_device = placement(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        global _default_device
        _default_device = _entered.pop()


CPU = device("cpu")
META = device("meta")


class layout:  # noqa: N801 - torch's name
    """How a tensor's elements are laid out in memory: always ``strided`` here (dense arrays with
    strides, as numpy's); torch's sparse layouts are not implemented."""

    __slots__ = ("_name",)

    def __new__(cls, *args: Any, **kwargs: Any) -> layout:
        raise TypeError("cannot create 'torch.layout' instances")

    def __repr__(self) -> str:
        return f"torch.{self._name}"

    def __reduce__(self) -> str:
        return self._name  # (copies and pickles are the one instance)


strided = object.__new__(layout)
strided._name = "strided"


def check_layout(value: Any, function: str) -> None:
    """``layout=`` of a creation function: None or ``strided``; another layout is not implemented."""
    if value is not None and value is not strided:
        if isinstance(value, layout):
            raise NotImplementedError(f"{function}(): only the strided layout is implemented here")
        raise TypeError(f"{function}(): argument 'layout' must be torch.layout, not "
                        f"{type(value).__name__}")


def check_device(value: Any, meta: bool = False) -> None:
    """Accept ``None`` and the CPU (as a string or a ``device``), and the meta device if ``meta``;
    refuse every other device."""
    if value is None or value is CPU or value == "cpu":
        return
    wanted = value if isinstance(value, device) else device(value)
    if wanted.type == "cpu" or (meta and wanted.type == "meta"):
        return
    if wanted.type == "cuda":
        raise AssertionError(
            "Torch not compiled with CUDA enabled\nHint (autograd_lab): everything runs on the CPU "
            "here; use device='cpu' (torch.cuda.is_available() is False).")
    raise RuntimeError(
        f"device '{wanted}' is not available: autograd_lab runs everything on the CPU; use "
        "device='cpu'.")


def placement(value: Any) -> device:
    """Where a new tensor goes: ``value`` (the CPU or the meta device; any other is refused), or the
    default device when ``value`` is None."""
    if value is None:
        return _default_device or CPU
    if value is CPU or value == "cpu":
        return CPU
    check_device(value, meta=True)
    wanted = value if isinstance(value, device) else device(value)
    return META if wanted.type == "meta" else CPU


# The default device, None while unset: torch then runs every op through a device mode (a
# TorchFunctionMode), and its fused inference paths (a TransformerEncoder's nested tensor) stay off.
_default_device: device | None = None
_entered: list[device | None] = []  # the default before each ``with device(...)`` block still open


def set_default_device(value: Any) -> None:
    """Set the device new tensors go to: the CPU or the meta device (anything else is an error)."""
    global _default_device
    _default_device = None if value is None else placement(value)


def default_device_is_set() -> bool:
    """Whether ``set_default_device`` was last given a device (not ``None``)."""
    return _default_device is not None


def get_default_device() -> device:
    return _default_device or CPU


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _nothing_to_seed(seed: int) -> None:
    """There is no GPU generator to seed: the call does nothing, as torch's does without CUDA."""


def _absent_backend(name: str) -> SimpleNamespace:
    """``torch.<name>`` (a GPU backend) as on a machine without that GPU: nothing is available,
    there are no devices, and seeding their generators does nothing."""
    backend = SimpleNamespace(is_available=_false, device_count=lambda: 0,
                              manual_seed=_nothing_to_seed, manual_seed_all=_nothing_to_seed,
                              is_initialized=_false)
    backend.__doc__ = f"torch.{name} on a machine without such a GPU: nothing is available."
    return backend


cuda = _absent_backend("cuda")
xpu = _absent_backend("xpu")  # Intel GPUs (the profiler recipe checks for one after CUDA)
accelerator = SimpleNamespace(is_available=_false, current_accelerator=lambda *args, **kwargs: None,
                              device_count=lambda: 0)
