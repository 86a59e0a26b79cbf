"""``OpSpec``: how one differentiable op is exercised by ``tests/test_gradcheck.py``.

Each area lists its ops in ``tests/op_specs_<area>.py`` as ``SPECS: list[OpSpec]``. The gradcheck test
draws input shapes from ``spec.shapes`` (a hypothesis strategy, or a function of hypothesis's
``draw``), fills float64 inputs with values in ``spec.domain`` (kept away from ``spec.kinks`` and,
with ``distinct``, from each other, where finite differences would straddle a non-smooth point),
checks the output's grad_fn name, then runs gradcheck and gradgradcheck. ``tests/test_registry.py``
checks that every op class of the registry appears as some spec's ``grad_fn``.

The shape helpers below cover the common signatures: one input of any shape (0-d and empty
included), two or three inputs that broadcast together, and inputs with at least ``n`` dims for
ops that take a ``dim``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

Shape = tuple[int, ...]
ShapeSource = Callable[[Any], tuple[Shape, ...]] | st.SearchStrategy

__all__ = ["OpSpec", "Shape", "one", "broadcasting", "at_least", "same", "fixed", "make_inputs"]

CHECKS = ("name", "grad", "gradgrad")


@dataclass(frozen=True)
class OpSpec:
    """One op under gradcheck: what to call, on which shapes, with which values."""

    name: str
    """The public function (or registry name) under test, e.g. ``"exp"``."""
    fn: Callable[..., Any]
    """Takes the input tensors, returns a tensor (or a tuple whose tensors are all checked)."""
    shapes: ShapeSource
    """Input shapes: a strategy of shape tuples, or ``lambda draw: (shape, ...)``."""
    grad_fn: str
    """The grad_fn name torch gives the output, e.g. ``"ExpBackward0"``."""
    domain: tuple[float, float] = (-2.0, 2.0)
    """Input values are drawn uniformly from this range (e.g. ``(0.1, 2)`` for ``log``)."""
    variant: str = ""
    """Tells specs of the same function apart in test ids (``"dim=-1,keepdim"``)."""
    kinks: tuple[float, ...] = ()
    """Values where the function is not smooth: inputs are kept at least ``gap`` away."""
    distinct: bool = False
    """Keep all input values at least ``gap`` apart (max, sort-like ops: no ties)."""
    gap: float = 0.05
    zeros: float = 0.0
    """Probability that an input element is exactly 0 (ops with special cases at 0, e.g. prod)."""
    differentiable: tuple[int, ...] | None = None
    """Positions of the inputs that require grad (None: all)."""
    check: str = "gradgrad"
    """How far to check: ``"name"`` (grad_fn only), ``"grad"`` (+ gradcheck), ``"gradgrad"``."""
    eps: float = 1e-6
    atol: float = 1e-5
    rtol: float = 1e-3

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"check must be one of {CHECKS}, not {self.check!r}")

    @property
    def id(self) -> str:
        """The test id: ``name`` or ``name[variant]``."""
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def draw_shapes(self, data: Any) -> tuple[Shape, ...]:
        """Draw one tuple of input shapes with hypothesis's ``data`` object."""
        if isinstance(self.shapes, st.SearchStrategy):
            return data.draw(self.shapes)
        return data.draw(st.composite(lambda draw: self.shapes(draw))())


# -- shape strategies ------------------------------------------------------------------------------

_SIZE = st.integers(1, 3)
MAX_NUMEL = 8
"""Largest input drawn: gradgradcheck's cost grows with the square of the element count, and the
whole suite must stay fast."""


def _small(dims: list[int]) -> bool:
    return int(np.prod(dims)) <= MAX_NUMEL


def one(*, max_dims: int = 3, empty: bool = True) -> st.SearchStrategy:
    """One input of 0 to ``max_dims`` dims (sizes 1-3; with ``empty``, sometimes a 0-size dim)."""
    sizes = st.integers(0, 3) if empty else _SIZE
    return st.lists(sizes, max_size=max_dims).filter(_small).map(lambda dims: (tuple(dims),))


def at_least(min_dims: int, *, max_dims: int = 3, count: int = 1,
             empty: bool = False) -> st.SearchStrategy:
    """``count`` inputs of the same shape with ``min_dims`` to ``max_dims`` dims (ops with a ``dim``)."""
    sizes = st.integers(0, 3) if empty else _SIZE
    return st.lists(sizes, min_size=min_dims, max_size=max_dims).filter(_small).map(
        lambda dims: (tuple(dims),) * count)


def same(count: int, *, max_dims: int = 3, empty: bool = True) -> st.SearchStrategy:
    """``count`` inputs of one shape."""
    return one(max_dims=max_dims, empty=empty).map(lambda shapes: shapes * count)


def fixed(*shapes: Shape) -> st.SearchStrategy:
    """Exactly these shapes."""
    return st.just(tuple(shapes))


@st.composite
def _broadcasting(draw: Any, count: int, max_dims: int, empty: bool) -> tuple[Shape, ...]:
    full = draw(st.lists(st.integers(0, 3) if empty else _SIZE, max_size=max_dims).filter(_small))
    shapes = []
    for _ in range(count):
        drop = draw(st.integers(0, len(full)))  # broadcasting adds leading dims
        shape = [1 if draw(st.booleans()) else n for n in full[drop:]]  # and stretches 1s
        shapes.append(tuple(shape))
    return tuple(shapes)


def broadcasting(count: int = 2, *, max_dims: int = 3, empty: bool = True) -> st.SearchStrategy:
    """``count`` shapes that broadcast together (fewer dims, or size 1 where the others are larger)."""
    return _broadcasting(count, max_dims, empty)


# -- input values ----------------------------------------------------------------------------------


def _away_from_kinks(values: np.ndarray, kinks: tuple[float, ...], gap: float) -> np.ndarray:
    """Move values closer than ``gap`` to a kink out to ``gap`` on the same side."""
    for kink in kinks:
        offset = values - kink
        close = np.abs(offset) < gap
        values = np.where(close, kink + np.where(offset < 0, -gap, gap), values)
    return values


def make_inputs(t: Any, spec: OpSpec, shapes: tuple[Shape, ...], seed: int) -> list[Any]:
    """float64 tensors of ``shapes`` with values for ``spec`` (reproducible from ``seed``)."""
    rng = np.random.default_rng(seed)
    low, high = spec.domain
    sizes = [int(np.prod(shape)) for shape in shapes]
    total = sum(sizes)
    if spec.distinct:
        # evenly spaced values shuffled: every pair at least (high - low) / total apart
        pool = np.linspace(low, high, max(total, 2))[:total]
        pool = rng.permutation(pool)
    else:
        pool = rng.uniform(low, high, size=total)
    pool = _away_from_kinks(pool, spec.kinks, spec.gap)
    if spec.zeros:
        pool = np.where(rng.uniform(size=total) < spec.zeros, 0.0, pool)
    inputs, start = [], 0
    for position, (shape, size) in enumerate(zip(shapes, sizes)):
        values = pool[start:start + size].reshape(shape)
        start += size
        wants_grad = spec.differentiable is None or position in spec.differentiable
        inputs.append(t.tensor(values, dtype=t.float64, requires_grad=wants_grad))
    return inputs
