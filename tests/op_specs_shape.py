"""gradcheck specs for the shape ops of autograd_lab/ops/shape.py (views, copies, joins, splits)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

import autograd_lab as t
from tests.op_specs import MAX_NUMEL, OpSpec, at_least, fixed, one
from tests.op_specs_elementwise import _first_derivative


@st.composite
def _with_ones(draw: Any, min_dims: int = 1) -> tuple:
    """One input whose shape has some size-1 dims (what squeeze removes)."""
    dims = draw(st.lists(st.sampled_from([1, 1, 2, 3]), min_size=min_dims, max_size=4)
                .filter(lambda d: math.prod(d) <= MAX_NUMEL))
    return (tuple(dims),)


@st.composite
def _joinable(draw: Any, count: int = 2, same: bool = False) -> tuple:
    """``count`` inputs that agree except along dim 0 (or agree entirely with ``same``)."""
    rest = tuple(draw(st.lists(st.integers(1, 2), max_size=2)))
    return tuple((draw(st.integers(1, 2)) if not same else 2,) + rest for _ in range(count))


def _changed_through_view(a: Any, result: str) -> Any:
    """``b = a * 1``, then an in-place op on a view of ``b``: returns the view (now read out of
    the changed base, ``AsStridedBackward0``) or the base (``CopySlices``)."""
    base = a * 1
    view = base[..., :1]
    view.mul_(view + 2)
    return view if result == "view" else base


def _first_dim_at_least(n: int) -> st.SearchStrategy:
    return at_least(1).filter(lambda shapes: shapes[0][0] >= n)



def _and_its_gradient(function: Any):
    """Shapes of a matrix-like input and of ``function``'s output on it."""
    return at_least(2).map(lambda shapes: (shapes[0], tuple(function(t.zeros(shapes[0])).shape)))



def _overlapping_windows(x: Any) -> Any:
    """Windows of two along dim 0, one apart (of one, where dim 0 is too short)."""
    return x.unfold(0, 2 if x.shape[0] >= 2 else 1, 1)


SPECS = [
    OpSpec("reshape", lambda a: a.reshape(-1), one(), "ViewBackward0"),
    OpSpec("reshape", lambda a: a.transpose(0, -1).reshape(-1),
           at_least(2).filter(lambda shapes: shapes[0][0] > 1 and shapes[0][-1] > 1),
           "UnsafeViewBackward0", variant="copy"),
    OpSpec("reshape", lambda a: a.t().reshape(a.shape[-1], -1, 1),
           at_least(2, max_dims=2).filter(lambda shapes: shapes[0][0] > 1 and shapes[0][-1] > 1),
           "ReshapeAliasBackward0", variant="strided view"),
    OpSpec("view", lambda a: a.view(1, -1), one(empty=False), "ViewBackward0"),
    OpSpec("flatten", lambda a: a.flatten(-2), at_least(2), "ViewBackward0"),
    OpSpec("squeeze", lambda a: a.squeeze(), _with_ones(), "SqueezeBackward0"),
    OpSpec("squeeze", lambda a: a.squeeze(0), _with_ones(), "SqueezeBackward1", variant="dim"),
    OpSpec("squeeze", lambda a: a.squeeze((0, -1)), _with_ones(2), "SqueezeBackward2",
           variant="dims"),
    OpSpec("unsqueeze", lambda a: a.unsqueeze(-1), one(), "UnsqueezeBackward0"),
    OpSpec("transpose", lambda a: a.transpose(0, -1), at_least(1, empty=True),
           "TransposeBackward0"),
    OpSpec("t", lambda a: a.t(), one(max_dims=2), "TBackward0"),
    OpSpec("permute", lambda a: a.permute(2, 0, 1), at_least(3, max_dims=3), "PermuteBackward0"),
    # the in-place forms: applied to a non-leaf copy of the input (a leaf that requires grad is refused)
    OpSpec("t_", lambda a: (a * 1).t_(), one(max_dims=2), "TBackward1"),
    OpSpec("transpose_", lambda a: (a * 1).transpose_(0, -1), at_least(1, empty=True),
           "TransposeBackward1"),
    OpSpec("unsqueeze_", lambda a: (a * 1).unsqueeze_(1), at_least(1), "UnsqueezeBackward1"),
    OpSpec("squeeze_", lambda a: (a * 1).squeeze_(), _with_ones(), "SqueezeBackward3"),
    OpSpec("squeeze_", lambda a: (a * 1).squeeze_(0), _with_ones(), "SqueezeBackward4", variant="dim"),
    OpSpec("squeeze_", lambda a: (a * 1).squeeze_((0, -1)), _with_ones(2), "SqueezeBackward5",
           variant="dims"),
    OpSpec("T", lambda a: a.T, at_least(2, max_dims=2), "PermuteBackward0", variant="property"),
    OpSpec("expand", lambda a: a.expand(2, *a.shape), one(), "ExpandBackward0"),
    OpSpec("expand", lambda a: a.expand(3, -1), fixed((1, 2)), "ExpandBackward0",
           variant="size-1 dim"),
    OpSpec("repeat", lambda a: a.repeat(2, *([1] * a.ndim)), one(max_dims=2), "RepeatBackward0"),
    OpSpec("repeat", lambda a: a.repeat(*([2] * a.ndim)), at_least(1, max_dims=2, empty=True),
           "RepeatBackward0", variant="every dim"),  # (x.repeat() with no sizes is a TypeError)
    OpSpec("flip", lambda a: a.flip(0, -1), at_least(2, empty=True), "FlipBackward0"),
    OpSpec("flip", lambda a: a.flip(0), at_least(1, empty=True), "FlipBackward0", variant="one dim"),
    OpSpec("cat", lambda a, b: t.cat([a, b]), _joinable(), "CatBackward0"),
    OpSpec("cat", lambda a, b, c: t.cat([a, b, c], -1),
           _joinable(3).map(lambda shapes: tuple(s[::-1] for s in shapes)), "CatBackward0",
           variant="dim=-1"),
    OpSpec("stack", lambda a, b: t.stack([a, b], -1), _joinable(same=True), "StackBackward0"),
    OpSpec("stack", lambda a, b: t.stack([a, b]), fixed((), ()), "StackBackward0", variant="0-d"),
    OpSpec("split", lambda a: a.split(2), _first_dim_at_least(1), "SplitBackward0"),
    OpSpec("split", lambda a: a.split(2)[-1], _first_dim_at_least(3), "SplitBackward0",
           variant="one output used"),
    OpSpec("split", lambda a: a.split([1, a.shape[0] - 1]), _first_dim_at_least(1),
           "SplitWithSizesBackward0", variant="sizes"),
    OpSpec("chunk", lambda a: a.chunk(2, -1), at_least(1), "SplitBackward0"),
    OpSpec("unbind", lambda a: a.unbind(-1), at_least(1), "UnbindBackward0"),
    OpSpec("unbind", lambda a: a.unbind()[0], at_least(1), "UnbindBackward0",
           variant="one output used"),
    OpSpec("view.mul_", lambda a: _changed_through_view(a, "view"), at_least(1), "AsStridedBackward0",
           variant="the view"),
    OpSpec("view.mul_", lambda a: _changed_through_view(a, "base"), at_least(1), "CopySlices",
           variant="the base"),
    # triangles, diagonals, rolls
    OpSpec("tril", lambda a: a.tril(), at_least(2, empty=True), "TrilBackward0"),
    OpSpec("tril", lambda a: t.tril(a, -1), at_least(2), "TrilBackward0", variant="diagonal=-1"),
    OpSpec("triu", lambda a: a.triu(1), at_least(2, empty=True), "TriuBackward0"),
    OpSpec("roll", lambda a: a.roll(1, -1), at_least(1, empty=True), "RollBackward0"),
    OpSpec("roll", lambda a: t.roll(a, 2), one(), "RollBackward0", variant="flattened"),
    OpSpec("roll", lambda a: a.roll((1, -1), (0, 1)), at_least(2), "RollBackward0",
           variant="two dims"),
    OpSpec("diagonal", lambda a: a.diagonal(), at_least(2, empty=True), "DiagonalBackward0"),
    OpSpec("unfold", lambda a: a.unfold(-1, 2, 1), fixed((3, 5)), "UnfoldBackward0",
           variant="overlapping windows"),
    OpSpec("unfold", lambda a: a.unfold(0, 2, 3), fixed((7, 2)), "UnfoldBackward0",
           variant="windows apart"),
    OpSpec("unfold backward", lambda a, g: _first_derivative(_overlapping_windows, a, g),
           _and_its_gradient(_overlapping_windows), "UnfoldBackwardBackward0"),
    OpSpec("diagonal", lambda a: t.diagonal(a, -1, 1, 0), at_least(2), "DiagonalBackward0",
           variant="offset=-1,dims swapped"),
    OpSpec("diagonal backward", lambda a, g: _first_derivative(lambda x: x.diagonal(1), a, g),
           _and_its_gradient(lambda x: x.diagonal(1)), "DiagonalBackwardBackward0"),
    OpSpec("diag", lambda a: t.diag(a, 1), fixed((3, 2)), "DiagonalBackward0_copy",
           variant="matrix"),
    OpSpec("diag", lambda a: t.diag(a, -1), fixed((3,)), "DiagEmbedBackward0", variant="vector"),
    OpSpec("rot90", lambda a: a.rot90(), at_least(2, empty=True), "Rot90Backward0"),
    OpSpec("rot90", lambda a: t.rot90(a, -3, (-1, 0)), at_least(2), "Rot90Backward0",
           variant="k=-3,dims=(-1,0)"),
    OpSpec("diag_embed", lambda a: t.diag_embed(a, 0, 0, 2), at_least(2), "DiagEmbedBackward0"),
    OpSpec("block_diag", t.block_diag, fixed((2, 3), (), (2,)), "BlockDiagBackward0"),
    OpSpec("block_diag", lambda a, b: t.block_diag(a, b), fixed((0, 2), (1, 1)), "BlockDiagBackward0",
           variant="empty block"),
]
