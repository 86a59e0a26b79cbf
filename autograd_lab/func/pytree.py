"""Nested Python containers of tensors ("pytrees"), as ``torch.utils._pytree`` sees them.

The transforms take and return whole structures: ``grad`` of a function of a dict of parameters
returns a dict of gradients, ``vmap`` maps over the tensors inside tuples, lists and dicts. A pytree
is a tuple, list, dict (also ``OrderedDict``, ``defaultdict``) or namedtuple whose items are pytrees,
or else a leaf (a tensor, a number, None ...). ``tree_flatten`` lists the leaves in order and
returns the structure as a ``TreeSpec``, which prints as torch's does (error messages show it).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any

__all__ = ["TreeSpec", "LEAF", "tree_flatten", "tree_unflatten", "tree_leaves", "tree_map",
           "broadcast_to_and_flatten", "treespec_pprint"]


def _is_namedtuple(value: Any) -> bool:
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def _kind(value: Any) -> Any:
    """The node type of ``value``, or None for a leaf (subclasses of tuple other than namedtuples,
    such as ``torch.Size``, are leaves, as in torch)."""
    kind = type(value)
    if kind in (tuple, list, dict, OrderedDict, defaultdict):
        return kind
    if _is_namedtuple(value):
        return kind
    return None


class TreeSpec:
    """The structure of a pytree: its node type, the context needed to rebuild it (dict keys, a
    namedtuple's class) and one spec per child; a leaf is ``LEAF`` (printed ``*``)."""

    __slots__ = ("type", "context", "children", "num_leaves")

    def __init__(self, kind: Any, context: Any, children: list[TreeSpec]) -> None:
        self.type = kind
        self.context = context
        self.children = children
        self.num_leaves = 1 if kind is None else sum(child.num_leaves for child in children)

    def is_leaf(self) -> bool:
        return self.type is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return (self.type is other.type and self.context == other.context
                and self.children == other.children)

    def __hash__(self) -> int:
        return hash((self.type, len(self.children)))

    def __repr__(self, indent: int = 0) -> str:
        if self.type is None:
            return "*"
        inner = ""
        if self.children:
            indent += 2
            inner = self.children[0].__repr__(indent)
            if len(self.children) > 1:
                inner += "," + ",".join("\n" + " " * indent + child.__repr__(indent)
                                        for child in self.children[1:])
        name = "namedtuple" if isinstance(self.context, type) else self.type.__name__
        return f"TreeSpec({name}, {self.context}, [{inner}])"


LEAF = TreeSpec(None, None, [])


def _children(value: Any, kind: Any) -> tuple[list, Any]:
    """A node's children and context."""
    if kind is dict or kind is OrderedDict:
        return list(value.values()), list(value.keys())
    if kind is defaultdict:
        return list(value.values()), [value.default_factory, list(value.keys())]
    if kind is tuple or kind is list:
        return list(value), None
    return list(value), kind  # a namedtuple


def tree_flatten(tree: Any) -> tuple[list, TreeSpec]:
    """The leaves of ``tree`` in order, and its structure."""
    leaves: list = []
    return leaves, _flatten(tree, leaves)


def _flatten(tree: Any, leaves: list) -> TreeSpec:
    kind = _kind(tree)
    if kind is None:
        leaves.append(tree)
        return LEAF
    children, context = _children(tree, kind)
    return TreeSpec(kind, context, [_flatten(child, leaves) for child in children])


def tree_unflatten(leaves: list, spec: TreeSpec) -> Any:
    """The pytree of structure ``spec`` holding ``leaves`` (the inverse of ``tree_flatten``)."""
    if len(leaves) != spec.num_leaves:
        raise ValueError(f"treespec.unflatten(leaves): `leaves` has length {len(leaves)} but the "
                         f"spec refers to a pytree that holds {spec.num_leaves} items ({spec}).")
    iterator = iter(leaves)
    return _unflatten(iterator, spec)


def _unflatten(leaves: Any, spec: TreeSpec) -> Any:
    if spec.type is None:
        return next(leaves)
    children = [_unflatten(leaves, child) for child in spec.children]
    kind = spec.type
    if kind is tuple:
        return tuple(children)
    if kind is list:
        return children
    if kind is dict or kind is OrderedDict:
        return kind(zip(spec.context, children))
    if kind is defaultdict:
        factory, keys = spec.context
        return defaultdict(factory, zip(keys, children))
    return kind(*children)  # a namedtuple


def tree_leaves(tree: Any) -> list:
    return tree_flatten(tree)[0]


def tree_map(function: Callable[[Any], Any], tree: Any) -> Any:
    """``tree`` with ``function`` applied to every leaf."""
    leaves, spec = tree_flatten(tree)
    return tree_unflatten([function(leaf) for leaf in leaves], spec)


def broadcast_to_and_flatten(prefix: Any, spec: TreeSpec) -> list | None:
    """``prefix`` (a pytree whose leaves stand for whole subtrees, as vmap's ``in_dims``) expanded
    to one entry per leaf of ``spec``; None when ``prefix`` is not a prefix of that structure."""
    result: list = []
    return result if _broadcast(prefix, spec, result) else None


def _broadcast(prefix: Any, spec: TreeSpec, result: list) -> bool:
    kind = _kind(prefix)
    if kind is None:
        result.extend([prefix] * spec.num_leaves)
        return True
    if kind is not spec.type:
        return False
    children, context = _children(prefix, kind)
    if len(children) != len(spec.children):
        return False
    child_specs = spec.children
    if kind in (dict, OrderedDict, defaultdict):
        keys = context if kind is not defaultdict else context[1]
        wanted = spec.context if kind is not defaultdict else spec.context[1]
        if set(keys) != set(wanted):
            return False
        # as torch: the prefix's own key order decides the order of the entries
        by_key = dict(zip(wanted, spec.children))
        child_specs = [by_key[key] for key in keys]
    return all(_broadcast(child, child_spec, result)
               for child, child_spec in zip(children, child_specs))


class _Asterisk(str):
    """A leaf placeholder that prints as a bare ``*``."""

    def __repr__(self) -> str:
        return "*"


def treespec_pprint(spec: TreeSpec) -> str:
    """The structure written as Python with ``*`` for leaves: ``(*, *)``, ``{'w': *}``."""
    return repr(tree_unflatten([_Asterisk("*")] * spec.num_leaves, spec))
