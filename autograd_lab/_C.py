"""``torch._C``: the one name of torch's C extension that subclass code uses here,
``DisableTorchFunctionSubclass`` (``autograd_lab/overrides.py``)."""

from .overrides import DisableTorchFunctionSubclass

__all__ = ["DisableTorchFunctionSubclass"]
