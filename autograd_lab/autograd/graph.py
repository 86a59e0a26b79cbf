"""``torch.autograd.graph``: the node type, for ``isinstance(y.grad_fn, Node)``."""

from .node import Node

__all__ = ["Node"]
