"""gradcheck specs for the indexing ops of autograd_lab/ops/indexing.py: reading (views and
gathers), writing (CopySlices / IndexPut, both sides), gather, index_select, masked_fill."""

from __future__ import annotations

import autograd_lab as t
from autograd_lab.ops.indexing import put_key  # x[key] = v as a function: any key
from tests.op_specs import OpSpec, at_least, fixed, one
from tests.op_specs_elementwise import _first_derivative

_INDEX = t.tensor([0, 0, 1])
_MASK = t.tensor([[True, False, True], [False, False, True]])
_SCATTER_INDEX = t.tensor([[0, 2, 1], [2, 1, 0]])  # no position twice in a column: scatter keeps one write


# three values into row 0 of column 0, two into row 2 of column 1, rows 1 and 2 of column 2
_REDUCE_INDEX = t.tensor([[0, 2, 1], [0, 2, 2], [0, 0, 1]])


def _scatter_reduce(reduce: str, include_self: bool):
    return lambda a, s: a.scatter_reduce(0, _REDUCE_INDEX, s, reduce, include_self=include_self)


def _leading_at_least(n: int, min_dims: int = 1):
    return at_least(min_dims).filter(lambda shapes: shapes[0][0] >= n)


def _and_its_gradient(function: object, n: int):
    """Shapes of an input (first dim at least ``n``) and of ``function``'s output on it."""
    return _leading_at_least(n).map(
        lambda shapes: (shapes[0], tuple(function(t.zeros(shapes[0])).shape)))


SPECS = [
    OpSpec("__getitem__", lambda a: a[0], at_least(1), "SelectBackward0", variant="int"),
    OpSpec("__getitem__", lambda a: a[..., 1:], at_least(1, empty=True), "SliceBackward0",
           variant="slice"),
    OpSpec("__getitem__", lambda a: a[::2], at_least(1), "SliceBackward0", variant="step"),
    # their backward formulas are ops of their own under create_graph, as in torch
    OpSpec("select backward", lambda a, g: _first_derivative(lambda x: x[1], a, g),
           _and_its_gradient(lambda x: x[1], 2), "SelectBackwardBackward0"),
    OpSpec("slice backward", lambda a, g: _first_derivative(lambda x: x[1::2], a, g),
           _and_its_gradient(lambda x: x[1::2], 2), "SliceBackwardBackward0"),
    OpSpec("__getitem__", lambda a: a[...], at_least(0), "AliasBackward0", variant="ellipsis"),
    OpSpec("__getitem__", lambda a: a[None], at_least(0), "UnsqueezeBackward0", variant="None"),
    OpSpec("__getitem__", lambda a: a[[0, 0, -1]], at_least(1), "IndexBackward0",
           variant="list with repeats"),
    OpSpec("__getitem__", lambda a: a[a > 0], at_least(0, empty=True), "IndexBackward0",
           variant="mask"),
    OpSpec("__getitem__", lambda a: a[0, ..., [0, 0]], at_least(2), "IndexBackward0",
           variant="mixed"),
    OpSpec("index_put", lambda a, v: t.index_put(a, (t.tensor([0, 1]),), v), fixed((2, 3), (3,)),
           "IndexPutBackward0"),
    OpSpec("index_put", lambda a, v: t.index_put(a, (_MASK,), v), fixed((2, 3), ()),
           "IndexPutBackward0", variant="mask"),
    OpSpec("index_put", lambda a, v: t.index_put(a, (t.tensor([0, 1, 0]),), v, accumulate=True),
           fixed((2, 3), (3, 3)), "IndexPutBackward0", variant="accumulate"),
    OpSpec("index_put", lambda a, v: put_key(a, (0,), v), fixed((2, 3), (3,)), "CopySlices",
           variant="int"),
    OpSpec("index_put", lambda a, v: put_key(a, (slice(None), [2, 0]), v),
           fixed((2, 3), (2, 1)), "IndexPutBackward0", variant="slice and list"),
    OpSpec("index_put", lambda a, v: put_key(a, (1, [2, 0]), v), fixed((2, 3), (2,)),
           "CopySlices", variant="int and list"),
    OpSpec("index_put", lambda a, v: put_key(a, (Ellipsis,), v), fixed((2, 3), ()),
           "FillBackward3", variant="everything, 0-d value"),
    OpSpec("gather", lambda a: a.gather(-1, _INDEX.expand(*a.shape[:-1], 3)),
           at_least(1).filter(lambda shapes: shapes[0][-1] >= 2), "GatherBackward0"),
    OpSpec("take", lambda a: a.take(t.tensor([[0, -1], [0, 1]])),
           one(empty=False).filter(lambda shapes: 0 not in shapes[0] and len(shapes[0]) and
                                   shapes[0] != (1,) * len(shapes[0])), "TakeBackward0"),
    OpSpec("take", lambda a: t.take(a, t.tensor([0, 0])), fixed(()), "TakeBackward0",
           variant="0-d input"),
    OpSpec("put", lambda a, s: a.put(t.tensor([0, -1, 2]), s), fixed((2, 3), (3,)), "PutBackward0"),
    OpSpec("put", lambda a, s: t.put(a, t.tensor([[5], [0]]), s, accumulate=True),
           fixed((2, 3), (2, 1)), "PutBackward0", variant="accumulate"),
    OpSpec("index_select", lambda a: a.index_select(0, _INDEX), _leading_at_least(2),
           "IndexSelectBackward0"),
    OpSpec("masked_fill", lambda a: a.masked_fill(_MASK, 0.5), fixed((2, 3)), "MaskedFillBackward0"),
    OpSpec("masked_fill", lambda a: a.masked_fill(a > 0, -1.0), at_least(0, empty=True),
           "MaskedFillBackward0", variant="own mask", kinks=(0.0,)),
    OpSpec("masked_fill", lambda a, v: a.masked_fill(_MASK[0], v), fixed((2, 3), ()),
           "MaskedFillBackward1", variant="0-d tensor value"),
    OpSpec("masked_select", lambda a: a.masked_select(a > 0), at_least(0, empty=True),
           "MaskedSelectBackward0"),
    OpSpec("masked_select", lambda a: t.masked_select(a, _MASK), fixed((3,)),
           "MaskedSelectBackward0", variant="broadcast input"),
    OpSpec("masked_scatter", lambda a, s: a.masked_scatter(_MASK, s), fixed((2, 3), (5,)),
           "MaskedScatterBackward0"),
    OpSpec("masked_scatter", lambda a, s: t.masked_scatter(a, _MASK, s), fixed((3,), (2, 3)),
           "MaskedScatterBackward0", variant="broadcast input"),
    OpSpec("scatter", lambda a, s: a.scatter(0, _SCATTER_INDEX, s), fixed((3, 3), (2, 3)),
           "ScatterBackward0"),
    OpSpec("scatter", lambda a: a.scatter(1, _SCATTER_INDEX, 0.5), fixed((2, 3)),
           "ScatterBackward1", variant="value"),
    OpSpec("scatter_add", lambda a, s: t.scatter_add(a, 0, _SCATTER_INDEX, s), fixed((3, 3), (2, 3)),
           "ScatterAddBackward0"),
    *(OpSpec("scatter_reduce", _scatter_reduce(reduce, include_self), fixed((3, 3), (3, 3)),
             "ScatterReduceBackward0", variant=f"{reduce}{'' if include_self else ',include_self=False'}",
             distinct=reduce in ("amax", "amin"))
      for reduce in ("sum", "prod", "mean", "amax", "amin") for include_self in (True, False)),
    # zeros among the values: prod's gradient is the product of the others (first derivatives only:
    # two zeros reduced into one position have no second derivative in torch either)
    OpSpec("scatter_reduce", _scatter_reduce("prod", True), fixed((3, 3), (3, 3)),
           "ScatterReduceBackward0", variant="prod,zeros", zeros=0.4, check="grad"),
    OpSpec("index_add", lambda a, s: a.index_add(0, _INDEX, s, alpha=2.0), fixed((2, 3), (3, 3)),
           "IndexAddBackward0"),
    OpSpec("index_copy", lambda a, s: a.index_copy(1, t.tensor([2, 0]), s), fixed((2, 3), (2, 2)),
           "IndexCopyBackward0"),
    OpSpec("index_fill", lambda a: a.index_fill(-1, t.tensor([1]), -1.0), at_least(1)
           .filter(lambda s: s[0][-1] >= 2), "IndexFillBackward0"),
]
