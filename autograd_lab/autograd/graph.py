"""``torch.autograd.graph``: the node type (for ``isinstance(y.grad_fn, Node)``) and the hooks on
saved tensors (``saved_tensors_hooks``, ``save_on_cpu``, ``disable_saved_tensors_hooks``)."""

from .node import Node
from .saved_hooks import disable_saved_tensors_hooks, save_on_cpu, saved_tensors_hooks

__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks"]
