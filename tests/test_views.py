"""Views: shared memory and version counters, in-place changes through views (the base's
``CopySlices``, the view's ``AsStridedBackward0``), torch's errors, and ``x[key] = value`` gradients
to both sides.

Gradients of in-place code are checked against the same computation written out of place (no
views, no in-place), which the library differentiates independently; messages and graphs are
compared with torch live (``torch`` fixture) and, through tests/parity/cases_shape.py and
cases_indexing.py, with the recorded goldens.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import autograd_lab as t
from tests.parity import compare, run_case

# -- which ops are views ---------------------------------------------------------------------------

VIEWS: dict[str, Callable] = {
    "view": lambda x: x.view(6, 4),
    "view(-1)": lambda x: x.view(-1),
    "reshape (viewable)": lambda x: x.reshape(4, 6),
    "flatten": lambda x: x.flatten(1),
    "squeeze": lambda x: x.unsqueeze(0).squeeze(0),
    "unsqueeze": lambda x: x.unsqueeze(1),
    "transpose": lambda x: x.transpose(0, 2),
    "t": lambda x: x[0].t(),
    "permute": lambda x: x.permute(2, 0, 1),
    "T": lambda x: x[0].T,
    "mT": lambda x: x.mT,
    "expand": lambda x: x[:, :1].expand(2, 5, 4),
    "select": lambda x: x[1],
    "slice": lambda x: x[:, 1::2],
    "none": lambda x: x[None],
    "ellipsis": lambda x: x[...],
    "split": lambda x: x.split(1)[1],
    "chunk": lambda x: x.chunk(2, 2)[0],
    "unbind": lambda x: x.unbind(1)[2],
    "detach": lambda x: x.detach(),
}

COPIES: dict[str, Callable] = {
    "reshape (copy)": lambda x: x.transpose(0, 1).reshape(-1),
    "contiguous (copy)": lambda x: x.transpose(0, 1).contiguous(),
    "repeat": lambda x: x.repeat(1, 1, 1),
    "flip": lambda x: x.flip(0),
    "cat": lambda x: t.cat([x]),
    "stack": lambda x: t.stack([x]),
    "index list": lambda x: x[[0, 1]],
    "index mask": lambda x: x[x > 1],
    "gather": lambda x: x.gather(0, t.zeros(1, 3, 4, dtype=t.int64)),
    "index_select": lambda x: x.index_select(0, t.tensor([1])),
    "clone": lambda x: x.clone(),
}


def _base() -> t.Tensor:
    return t.arange(24.).reshape(2, 3, 4)


@pytest.mark.parametrize("make", VIEWS.values(), ids=VIEWS.keys())
def test_view_ops_share_memory_and_version_counter(make: Callable) -> None:
    x = _base()
    v = make(x)
    assert np.shares_memory(v.numpy(), x.numpy())
    before = x._version
    x.add_(1)  # through the base ...
    assert v._version == x._version == before + 1
    assert np.array_equal(make(x).numpy(), v.numpy())  # ... the view sees it


@pytest.mark.parametrize("make", [m for name, m in VIEWS.items() if name != "expand"],
                         ids=[name for name in VIEWS if name != "expand"])
def test_writing_through_a_view_changes_the_base(make: Callable) -> None:
    x = _base()
    v = make(x)
    v.mul_(0)
    assert x._version == v._version == 1
    assert not np.any(make(x).numpy())


@pytest.mark.parametrize("make", COPIES.values(), ids=COPIES.keys())
def test_copies_do_not_share(make: Callable) -> None:
    x = _base()
    c = make(x)
    assert not np.shares_memory(c.numpy(), x.numpy())
    c.add_(1)
    assert x._version == 0
    assert np.array_equal(x.numpy(), _base().numpy())


def test_setitem_bumps_version_and_writes() -> None:
    x = t.ones(3)
    x[0] = 5
    assert x._version == 1 and x.tolist() == [5.0, 1.0, 1.0]
    x[[1, 2]] = t.tensor([2.0, 3.0])
    assert x._version == 2 and x.tolist() == [5.0, 2.0, 3.0]
    row = t.zeros(2, 3)
    r = row[1]
    r[0] = 3  # setitem on a view: the base is written, its version moves with the view's
    assert row._version == r._version == 1 and row.tolist() == [[0, 0, 0], [3, 0, 0]]


# -- gradients of in-place changes through views, against the out-of-place computation ------------


def _grads(fn: Callable, *values: np.ndarray) -> list[np.ndarray]:
    leaves = [t.tensor(v, dtype=t.float64, requires_grad=True) for v in values]
    out = fn(*leaves)
    weights = t.arange(1.0, out.numel() + 1.0, dtype=t.float64).reshape(out.shape)
    (out * weights).sum().backward()
    return [leaf.grad.numpy() if leaf.grad is not None else None for leaf in leaves]


def _mul_through_view(x: t.Tensor) -> t.Tensor:
    y = x * 2
    y[:2].mul_(3)
    return y


def _mul_out_of_place(x: t.Tensor) -> t.Tensor:
    y = x * 2
    return t.cat([y[:2] * 3, y[2:]])


def _add_through_view_of_view(x: t.Tensor, a: t.Tensor) -> t.Tensor:
    y = x * 3
    y.view(2, 2).t()[1].add_(a * a)  # elements 2 and 3 of y
    return y


def _add_out_of_place(x: t.Tensor, a: t.Tensor) -> t.Tensor:
    y = x * 3
    return t.cat([y[:1], y[1:2] + a[0] * a[0], y[2:3], y[3:] + a[1] * a[1]])


def _setitem_both_sides(x: t.Tensor, v: t.Tensor) -> t.Tensor:
    y = x * x
    y[1:, 0] = v * 3
    y[0, [2, 0]] = v.flip(0)
    return y


def _setitem_out_of_place(x: t.Tensor, v: t.Tensor) -> t.Tensor:
    y = x * x
    first = t.stack([v[0], y[0, 1], v[1]])  # y[0, 2] = v[0], y[0, 0] = v[1]
    rest = t.cat([(v * 3).unsqueeze(1), y[1:, 1:]], 1)
    return t.cat([first.unsqueeze(0), rest])


def _mask_write(x: t.Tensor, v: t.Tensor) -> t.Tensor:
    y = x * 1
    y[y > 0] = v * 2
    return y


def _mask_out_of_place(x: t.Tensor, v: t.Tensor) -> t.Tensor:
    return t.where(x > 0, v * 2, x * 1)


def _view_then_base_changed(x: t.Tensor) -> t.Tensor:
    y = x * 2
    head = y[:2].t() if y.ndim > 1 else y[:2]
    y.mul_(x)  # the base changes after the view was taken ...
    return head * 1  # ... and the view reads the new values


def _view_then_base_changed_out_of_place(x: t.Tensor) -> t.Tensor:
    y = x * 2 * x
    return y[:2].t() * 1 if y.ndim > 1 else y[:2] * 1


@pytest.mark.parametrize(("inplace", "reference", "values"), [
    (_mul_through_view, _mul_out_of_place, (np.array([1.0, -2.0, 3.0]),)),
    (_add_through_view_of_view, _add_out_of_place,
     (np.array([0.1, 0.2, 0.3, 0.4]), np.array([1.5, -0.5]))),
    (_setitem_both_sides, _setitem_out_of_place,
     (np.arange(9.0).reshape(3, 3) / 4, np.array([0.5, -1.0]))),
    (_mask_write, _mask_out_of_place, (np.array([[1.0, -1.0], [-2.0, 3.0]]), np.array(0.7))),
    (_view_then_base_changed, _view_then_base_changed_out_of_place,
     (np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 2.0]]),)),
], ids=["view.mul_", "view of view.add_", "setitem basic and mixed", "setitem mask",
        "view taken before the base changed"])
def test_inplace_gradients_match_out_of_place(inplace: Callable, reference: Callable,
                                              values: tuple) -> None:
    for ours, expected in zip(_grads(inplace, *values), _grads(reference, *values)):
        np.testing.assert_allclose(ours, expected, rtol=1e-12)


def test_inplace_through_view_second_derivative_matches_out_of_place() -> None:
    def second(fn: Callable) -> np.ndarray:
        x = t.tensor([0.3, -0.7, 1.1], dtype=t.float64, requires_grad=True)
        (g,) = t.autograd.grad(fn(x).pow(2).sum(), x, create_graph=True)
        g.sum().backward()
        return x.grad.numpy()

    np.testing.assert_allclose(second(_mul_through_view), second(_mul_out_of_place), rtol=1e-12)


def test_graph_after_inplace_through_view() -> None:
    x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    multiply = y.grad_fn
    v = y[:2]
    v.mul_(3)
    assert type(y.grad_fn).__name__ == "CopySlices"
    assert y.grad_fn.next_functions[0] == (multiply, 0)
    assert v.grad_fn.name() == "AsStridedBackward0"
    assert v.grad_fn.next_functions == ((y.grad_fn, 0),)


def test_saved_tensor_changed_through_view_fails_at_backward_not_before() -> None:
    x = t.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()  # saves its result
    y[0].mul_(2)  # allowed ...
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()  # ... but the saved result is stale
    assert x.grad is None  # nothing was accumulated before the error


# -- errors and graphs compared with torch ---------------------------------------------------------

SNIPPETS = {
    "view_of_leaf": "x = t.tensor([1., 2.], requires_grad=True); x[:1].mul_(2)",
    "setitem_leaf_basic": "x = t.ones(3, requires_grad=True); x[0] = 2.",
    "setitem_leaf_advanced": "x = t.ones(3, requires_grad=True); x[[0]] = 2.",
    "setitem_leaf_no_grad": "x = t.ones(3, requires_grad=True)\nwith t.no_grad():\n    x[0] = 2.\nx",
    "no_grad_view": "y = t.ones(3, requires_grad=True) * 1\nwith t.no_grad():\n    v = y[1:]\nv.add_(1)",
    "split_output": "y = t.ones(4, requires_grad=True) * 1; a, b = y.chunk(2); a.mul_(2)",
    "expanded": "t.ones(2, 1).expand(2, 3).mul_(2)",
    "base_after_view_change": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y[1:].add_(t.tensor([5., 6.], requires_grad=True))
y.grad_fn, y.grad_fn.next_functions, y._version
""",
    "setitem_then_backward_both": """
x = t.tensor([[1., 2.], [3., 4.]], requires_grad=True)
v = t.tensor([10., 20.], requires_grad=True)
y = x ** 2
y[:, 1] = v
y[0] = y[0] * v
(y * t.tensor([[1., 2.], [3., 4.]])).sum().backward()
y, y.grad_fn, x.grad, v.grad
""",
}


@pytest.mark.parametrize("code", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_views_match_torch(torch: object, code: str) -> None:
    problems = compare(run_case(t, code), run_case(torch, code))
    assert not problems, "\n".join(problems)


def test_a_base_with_many_live_views_is_not_rescanned_every_few_views(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """makemore's loop ``ll += log(P[i, j])`` with P requiring grad keeps every view alive (the
    graph holds them): the base's list of views must not be scanned for dead ones every 32 views,
    which made the loop quadratic in its length (80,000 bigrams: 9x slower per bigram than 5,000)."""
    from autograd_lab.ops import views

    scans: list[int] = []
    real = views.prune_views
    monkeypatch.setattr(views, "prune_views", lambda refs: (scans.append(len(refs)), real(refs)))
    base = t.rand(27, 27, requires_grad=True)
    kept = [base[i % 27] for i in range(4000)]
    live = {id(ref()) for ref in base._state.views if ref() is not None}
    assert {id(view) for view in kept} <= live  # every live view is still known to the base
    assert scans == [32, 64, 128, 256, 512, 1024, 2048]  # each scan at least doubles the list


def test_a_base_whose_views_half_die_is_scanned_twice_per_view_on_average(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``P[i, j]`` with P requiring grad makes two views of P: ``P[i]`` dies at once, ``P[i][j]``
    lives on in the graph. Pruning whenever the list reached a power of two scanned it again and
    again as the live views neared that power (7 weak references per view made)."""
    from autograd_lab.ops import views

    scans: list[int] = []
    real = views.prune_views
    monkeypatch.setattr(views, "prune_views", lambda refs: (scans.append(len(refs)), real(refs)))
    base = t.rand(27, 27, requires_grad=True)
    kept = [base[i % 27, i % 5] for i in range(2000)]
    assert {id(view) for view in kept} <= {id(ref()) for ref in base._state.views}
    assert sum(scans) <= 2 * (2 * len(kept)) + 2 * views._PRUNE_FROM


def test_views_of_a_base_stay_correct_after_pruning() -> None:
    """Dropping dead views never drops a live one: an in-place change of the base still reaches
    a view made long before (its values and its gradient)."""
    base = t.zeros(3, 4, requires_grad=True).clone()
    early = base[1]
    for index in range(200):
        base[index % 3]  # views that die at once
    source = t.ones(4, requires_grad=True)
    base[1] = source * 2
    assert early.grad_fn.name() == "AsStridedBackward0"
    early.sum().backward()
    assert source.grad.tolist() == [2.0, 2.0, 2.0, 2.0]


def test_make_duals_view_leaves_its_siblings_views_of_the_base_tangent() -> None:
    """``make_dual``'s result is a view of its input whose tangent is its own; the input's other
    views stay views of the input's tangent (each view has a record of its own: making one must not
    change another's). Values as torch 2.13 gives them."""
    fwAD = t.autograd.forward_ad
    x = t.zeros(3)
    whole, tail = x.view(3), x[1:]
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.ones(3))
        x.add_(fwAD.make_dual(t.zeros(3), t.full((3,), 2.0)))
        assert fwAD.unpack_dual(whole).tangent.tolist() == [2.0, 2.0, 2.0]
        assert fwAD.unpack_dual(tail).tangent.tolist() == [2.0, 2.0]
        assert fwAD.unpack_dual(dual).tangent.tolist() == [1.0, 1.0, 1.0]
        assert fwAD.unpack_dual(x[:2]).tangent.tolist() == [2.0, 2.0]


def test_a_base_with_views_is_freed_with_its_last_view() -> None:
    """No reference cycle between a base, its views and their records keeps a base (and its
    memory) alive until the garbage collector runs."""
    import gc
    import weakref

    gc.disable()
    try:
        for grad in (False, True):
            base = t.zeros(1000, requires_grad=grad).clone() if grad else t.zeros(1000)
            views = [base[0], base[1:], base.view(10, 100)[3]]
            gone = weakref.ref(base)
            del base, views
            assert gone() is None
    finally:
        gc.enable()
