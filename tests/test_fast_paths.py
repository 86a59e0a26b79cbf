"""The core's fast paths give the same results as the plain ones they shortcut.

- A broadcasting product's backward sums ``grad * other`` back to each input's shape in one einsum
  pass once the product is large (``FUSE_MIN_SIZE``): checked against the plain multiply-then-sum on
  random broadcastable shapes (hypothesis) and, through the whole op, against live torch.
- Addmm's forward and backward kernels (``linear``) give the rules' values and gradients, with
  mat2's gradient in mat2's own layout; AccumulateGrad keeps a gradient without a copy only when it
  is laid out as the copy would be (C-contiguous).
- ``prod`` of a tensor with two zeros or more: the kernel's zeros, given at once, are what the rule's
  running products of the others compute (and, with an infinite element, what torch gives).
- Reused plans of int keys (``P[3, 4]``) are the plans the key decodes to, with the same errors;
  other keys are decoded as usual. A basic key on a tensor that records nothing is one view with
  the values, strides, base and version counter the step-by-step views give.
- In-place arithmetic that records nothing (numpy into the tensor's memory) writes the same bits,
  dtype, versions and errors as the op's result copied in, for every dtype and operand kind.
- The recorded lanes (``P[i, j]`` of a tensor that requires grad, ``torch.log(x)`` of one, ``x +=
  y`` on a tensor with a history) make the nodes the usual path makes: names, fields, sequence
  order, edges, saved values, versions and gradients compared with the fast paths off, and the
  cases they leave to the usual path.
- The engine's bookkeeping shortcuts (a chain's next node skipping the heap, one-output buffers,
  AccumulateGrad run in place) are checked against torch's order in tests/test_engine_order.py.
"""

from __future__ import annotations

import operator
import re
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab import fast_paths
from autograd_lab.autograd.op import sum_to_shape
from autograd_lab.fast_paths import (
    FUSE_MIN_SIZE,
    prod_backward,
    product_summed_to,
    reuse_int_key_plans,
    threshold_backward,
)
from autograd_lab.ops.elementwise import ThresholdBackward
from autograd_lab.ops.indexing import Select, decode_key
from autograd_lab.ops.reductions import Prod
from autograd_lab.ops.views import view_info


@st.composite
def broadcast_pair(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two shapes that broadcast together: a common shape with some sizes set to 1 in either, and
    leading dims dropped from either."""
    ndim = draw(st.integers(0, 4))
    full = draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim))

    def squeeze() -> tuple[int, ...]:
        shape = [1 if draw(st.booleans()) else size for size in full]
        return tuple(shape[draw(st.integers(0, ndim)):])

    return squeeze(), squeeze()


@settings(max_examples=200, deadline=None)
@given(broadcast_pair(), st.sampled_from([np.float32, np.float64]))
def test_product_summed_to_equals_multiply_then_sum(shapes, dtype) -> None:
    shape_a, shape_b = shapes
    rng = np.random.default_rng(len(shape_a) * 7 + len(shape_b))
    out = np.broadcast_shapes(shape_a, shape_b)
    grad = rng.standard_normal(out).astype(dtype)
    b = rng.standard_normal(shape_b).astype(dtype)
    fused = product_summed_to(grad, b, shape_a)
    plain = sum_to_shape(grad * b, shape_a)
    assert fused.shape == shape_a and fused.dtype == plain.dtype
    np.testing.assert_allclose(fused, plain, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)


def test_product_summed_to_reads_a_broadcast_gradient_view() -> None:
    """The gradient a reduction hands back is a stride-0 view; the fused path takes it as it is."""
    rng = np.random.default_rng(0)
    compact = rng.standard_normal((8, 5, 1))
    grad = np.broadcast_to(compact, (8, 5, 6))
    x = rng.standard_normal((8, 1, 6))
    np.testing.assert_allclose(product_summed_to(grad, x, (1, 5, 6)),
                               (compact * x).sum(0, keepdims=True), rtol=1e-12)


def _large_broadcast_case(module) -> tuple:
    rng = np.random.default_rng(3)
    x = module.tensor(rng.standard_normal((64, 32)).astype(np.float32), requires_grad=True)
    w = module.tensor(rng.standard_normal((16, 32)).astype(np.float32), requires_grad=True)
    product = x[:, None, :] * w[None, :, :]
    return x, w, product


def test_large_broadcast_product_takes_the_fused_path_and_matches_numpy(fast_paths_on) -> None:
    x, w, product = _large_broadcast_case(t)
    assert product.numel() >= FUSE_MIN_SIZE  # (so this test exercises the einsum path)
    (product.sum(-1) * t.arange(16.0)).sum().backward()
    weights = np.arange(16.0, dtype=np.float32)[None, :, None]
    every_row = (weights * w.detach().numpy()[None]).sum(1)  # d/dx does not depend on the row
    np.testing.assert_allclose(x.grad.numpy(), np.broadcast_to(every_row, (64, 32)), rtol=1e-5)
    np.testing.assert_allclose(w.grad.numpy(), (weights * x.detach().numpy()[:, None]).sum(0),
                               rtol=1e-5, atol=1e-5)


def test_large_broadcast_product_gradients_match_live_torch(torch) -> None:
    grads = []
    for module in (t, torch):
        x, w, product = _large_broadcast_case(module)
        (product.sum(-1) * module.arange(16.0)).sum().backward()
        grads.append((x.grad.numpy(), w.grad.numpy()))
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_kept_gradient_is_laid_out_as_the_copy_would_be(fast_paths_on) -> None:
    """A gradient arriving transposed (``x @ w.t()``: MmBackward0 then TBackward0) is copied into
    ``.grad``, not kept as a strided view: ``.grad`` is contiguous, as torch's layout contract
    makes it and as the plain copy does."""
    w = t.ones(3, 4, requires_grad=True)
    (t.ones(2, 4) @ w.t()).sum().backward()
    assert w.grad.is_contiguous()
    np.testing.assert_array_equal(w.grad.numpy(), np.full((3, 4), 2.0))


def _on_and_off(run) -> tuple:
    """``run()`` with the fast paths on, then with them off (the rules alone)."""
    from autograd_lab import fast_paths

    previous = fast_paths.is_enabled()
    fast_paths.set_enabled(True)
    try:
        fast = run()
    finally:
        fast_paths.set_enabled(previous)
    with fast_paths.disabled():
        plain = run()
    return fast, plain


def _assert_same_arrays(fast, plain, rtol: float) -> None:
    assert len(fast) == len(plain)
    for mine, theirs in zip(fast, plain):
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
            np.testing.assert_allclose(mine, theirs, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("bias_shape", "beta", "alpha", "transposed"), [
    ((5,), 1, 1, True),        # linear: bias (out,), mat2 = weight.T
    ((5,), 1, 1, False),       # mat2 laid out as itself
    ((4, 5), 0.5, 2.0, True),  # scaled, a full-size bias
    ((1, 5), 1, -1.5, False),
    ((), 0, 1, True),          # beta = 0: the bias is ignored, NaN included
])
def test_addmm_kernels_match_the_rules(dtype, bias_shape, beta, alpha, transposed) -> None:
    """Addmm's forward and backward kernels against its rules: the same values and gradients, and
    mat2's gradient in mat2's own layout (so a weight's ``.grad`` is whole and contiguous)."""
    rng = np.random.default_rng(7)
    values = [rng.standard_normal(shape).astype(dtype) for shape in (bias_shape, (4, 6), (5, 6))]
    values[0][...] = np.nan if beta == 0 else values[0]
    upstream = rng.standard_normal((4, 5)).astype(dtype)

    def run() -> tuple:
        bias, mat1, weight = (t.tensor(v, requires_grad=True) for v in values)
        mat2 = weight.t() if transposed else weight.detach().t().contiguous().requires_grad_()
        out = t.nn.functional.addmm(bias, mat1, mat2, beta=beta, alpha=alpha)
        out.backward(t.tensor(upstream))
        leaf = weight if transposed else mat2
        assert leaf.grad.is_contiguous()
        return out.detach().numpy(), bias.grad.numpy(), mat1.grad.numpy(), leaf.grad.numpy()

    fast, plain = _on_and_off(run)
    _assert_same_arrays(fast, plain, rtol=1e-6 if dtype == np.float32 else 1e-13)


# -- prod: two zeros or more ------------------------------------------------------------------------


@st.composite
def products_with_zeros(draw: st.DrawFn) -> np.ndarray:
    """A small array whose elements are often exactly 0 (no, one, two or more zeros)."""
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=3)))
    size = int(np.prod(shape, dtype=np.int64))
    values = draw(st.lists(st.sampled_from([0.0, 0.0, -1.5, 0.5, 2.0, -3.0]), min_size=size,
                           max_size=size))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    return np.array(values, dtype=dtype).reshape(shape)


@settings(max_examples=200, deadline=None)
@given(products_with_zeros())
def test_prod_backward_kernel_equals_the_rule(a: np.ndarray) -> None:
    x = t.tensor(a, requires_grad=True)
    node = x.prod().grad_fn
    grad = np.asarray(np.float32(1.5)).astype(a.dtype)
    kernel, rule = prod_backward(node, grad), Prod.backward(node, grad)
    assert kernel.shape == rule.shape == a.shape and kernel.dtype == rule.dtype
    np.testing.assert_array_equal(kernel, rule)


def test_prod_with_two_zeros_and_an_infinity_matches_live_torch(fast_paths_on, torch) -> None:
    """The one case where the kernel's zeros differ from the rule's running products (NaN, as in
    torch's recorded formula): torch gives zeros when no graph is recorded, and so does the kernel."""
    grads = []
    for module in (t, torch):
        x = module.tensor([0.0, 2.0, 0.0, float("inf")], requires_grad=True)
        x.prod().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(*grads)


@st.composite
def int_key_and_shape(draw: st.DrawFn) -> tuple[Any, tuple[int, ...]]:
    """A shape and a key of Python ints for it (sometimes out of bounds, sometimes too long, sometimes
    a lone int)."""
    shape = tuple(draw(st.lists(st.integers(0, 4), max_size=3)))
    items = draw(st.lists(st.integers(-5, 5), max_size=len(shape) + 1))
    key: Any = tuple(items)
    if len(items) == 1 and draw(st.booleans()):
        key = items[0]
    return key, shape


@given(int_key_and_shape())
@settings(max_examples=200, deadline=None)
def test_reused_int_key_plans_are_the_decoded_plans(case: tuple[Any, tuple[int, ...]]) -> None:
    key, shape = case
    try:
        expected = decode_key(key, shape)
    except IndexError as error:
        with pytest.raises(IndexError, match=f"^{re.escape(str(error))}$"):
            reuse_int_key_plans(key, shape)
        with pytest.raises(IndexError, match=f"^{re.escape(str(error))}$"):
            reuse_int_key_plans(key, shape)  # an error is not remembered as a plan
        return
    first = reuse_int_key_plans(key, shape)
    assert (first.steps, first.advanced, first.unique) == (expected.steps, expected.advanced,
                                                            expected.unique)
    array = np.arange(int(np.prod(shape))).reshape(shape)
    via_key, via_steps = first.view(array), expected.view(array)  # one numpy key, or the steps
    assert first.numpy_key is not None and expected.numpy_key is None
    assert (via_key.shape, via_key.strides, via_key.tolist()) == (
        via_steps.shape, via_steps.strides, via_steps.tolist())
    assert (via_key.base is not None or not array.size) and type(via_key) is np.ndarray  # a view
    assert reuse_int_key_plans(key, shape) is first  # decoded once, then reused


@pytest.mark.parametrize("key", [(1, True), (np.int64(1), 0), (slice(None), 0), [0, 1],
                                 (t.tensor(0), 1), None, Ellipsis, True])
def test_only_keys_of_python_ints_take_the_reused_plans(key: Any) -> None:
    assert reuse_int_key_plans(key, (2, 3)) is None


def test_an_int_key_gives_the_same_views_and_errors_either_way(fast_paths_on) -> None:
    p = t.arange(12.0).reshape(3, 4).clone().requires_grad_()
    with fast_paths.disabled():
        plain = [p[1, 2], p[-1], p[2, -4]]
    fast = [p[1, 2], p[-1], p[2, -4]]
    for a, b in zip(plain, fast):
        assert a.tolist() == b.tolist() and view_info(a).base is p and view_info(b).base is p
        assert a.grad_fn.name() == b.grad_fn.name() == "SelectBackward0"
    assert fast[0].grad_fn.next_functions[0][0].name() == "SelectBackward0"
    with pytest.raises(IndexError, match="^index 3 is out of bounds for dimension 0 with size 3$"):
        p[3, 0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_threshold_backward_kernel_is_the_rule_bit_for_bit(dtype, data) -> None:
    """relu's backward value, ``where(y <= 0, 0, g)``: the same bits from the kernel as from the
    rule, with NaN, infinities and -0.0 in the gradient (kept where y > 0 or y is NaN, +0.0
    elsewhere)."""
    shape = tuple(data.draw(st.lists(st.integers(0, 5), max_size=3)))
    size = int(np.prod(shape))
    specials = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5, -2.0] if dtype != np.int64 else [0, -3, 7]
    g = np.array(data.draw(st.lists(st.sampled_from(specials), min_size=size, max_size=size)),
                 dtype=dtype).reshape(shape)
    outputs = [0.0, -0.0, 1.0, -1.0, np.nan] if dtype != np.int64 else [0, 1, -1]
    y = np.array(data.draw(st.lists(st.sampled_from(outputs), min_size=size, max_size=size)),
                 dtype=dtype).reshape(shape)
    rule = ThresholdBackward.forward(ThresholdBackward(), g, y)
    kernel = threshold_backward(g, y)
    assert kernel.dtype == rule.dtype and kernel.shape == rule.shape
    assert kernel.tobytes() == np.asarray(rule).tobytes()


# -- a basic key on a tensor that records nothing: one view ----------------------------------------

BASIC_KEYS = [(1, 2), -1, (slice(None), 2), (slice(1, None, 2), None, -1), (Ellipsis, 0),
              (0, slice(0, 4, 3)), None, (2, 3, None)]


@pytest.mark.parametrize("key", BASIC_KEYS, ids=repr)
@pytest.mark.parametrize("base_kind", ["tensor", "view", "grad mode off"])
def test_unrecorded_basic_keys_give_the_views_the_steps_give(fast_paths_on, key, base_kind) -> None:
    """``P[1, 2]`` with nothing recorded is one numpy view: the same values, shape, strides, base
    and version counter as the view ops, one per step, give; a change through it is the base's."""
    results = []
    for on in (False, True):
        fast_paths.set_enabled(on)
        root = t.arange(24.0).reshape(4, 6).clone()
        base = root[1:] if base_kind == "view" else root
        if base_kind == "grad mode off":
            root.requires_grad_()
            with t.no_grad():
                out = base[key]
        else:
            out = base[key]
        assert view_info(out).base is root and not out.requires_grad
        before = root._version
        with t.no_grad():
            out.mul_(-1)  # through the view: the base sees it, and the versions move together
        assert root._version == out._version == before + 1
        results.append((out.tolist(), out.shape, out._data.strides, root.tolist(),
                        view_info(out).no_grad))
    assert results[0] == results[1]


@pytest.mark.parametrize("key", [(1, slice(1, 3)), (1, 2)], ids=repr)
def test_a_view_made_unrecorded_is_refreshed_when_its_base_changes_with_grad(fast_paths_on,
                                                                            key) -> None:
    """A view taken when nothing was recorded still learns of a later recorded change of its base
    (``AsStridedBackward0``), as the step-by-step views do (a key of ints: the one-call kernel)."""
    names = []
    for on in (False, True):
        fast_paths.set_enabled(on)
        base = t.zeros(3, 4)
        view = base[key]
        source = t.ones(3, 4, requires_grad=True)
        base.copy_(source * 2)
        names.append(view.grad_fn.name())
        view.sum().backward()
        assert source.grad.sum().item() == 2.0 * view.numel()
    assert names == ["AsStridedBackward0", "AsStridedBackward0"]


@pytest.mark.parametrize("key", [True, (True, 1), (1, False), 1, (0, -1), (3, 0), (0, 0, 0), ()],
                         ids=repr)
def test_int_key_kernel_takes_python_ints_only(fast_paths_on, key) -> None:
    """Booleans are not ints to torch's indexing (``x[True]`` adds a dim): the one-call kernel
    leaves them, ``()`` and every bad key to the usual path, which gives the same result or error."""
    outcomes = []
    for on in (False, True):
        fast_paths.set_enabled(on)
        p = t.arange(6.0).reshape(2, 3)
        try:
            out = p[key]
        except IndexError as error:
            outcomes.append(("IndexError", str(error)))
            continue
        info = view_info(out)  # (a bool in the key copies, as in torch: no view)
        outcomes.append((out.tolist(), out.shape, info is not None and info.base is p,
                         out._version))
    assert outcomes[0] == outcomes[1]


def test_a_key_that_needs_a_graph_takes_the_view_ops() -> None:
    p = t.rand(3, 4, requires_grad=True)
    assert fast_paths.one_view_when_unrecorded(p, decode_key((1, 2), (3, 4))) is None
    with t.no_grad():
        assert fast_paths.one_view_when_unrecorded(p, decode_key((1, 2), (3, 4))) is not None


# -- in-place arithmetic that records nothing: numpy into the tensor's memory ----------------------

IN_PLACE = ["add_", "sub_", "mul_", "div_"]
OPERANDS = {
    "same shape": lambda dt: t.tensor([[1.5, -2.0, 3.0], [0.25, 7.0, -1.0]]).to(dt),
    "0-d": lambda dt: t.tensor(3.0).to(dt),
    "broadcast row": lambda dt: t.tensor([2.0, -1.0, 4.0]).to(dt),
    "other dtype": lambda dt: t.tensor([[1.5, -2.0, 3.0], [0.25, 7.0, -1.0]], dtype=t.float64),
    "bool mask": lambda dt: t.tensor([True, False, True]),
    "int64 row": lambda dt: t.tensor([2, -3, 0]),
    "python int": lambda dt: 3,
    "python float": lambda dt: 0.1,
    "too big": lambda dt: t.ones(3, 2, 3),
    "bad type": lambda dt: "x",
}


# ``x += y`` tries the kernel first (Tensor.__iadd__), before the method's own checks
OPERATORS = {"add_": operator.iadd, "sub_": operator.isub, "mul_": operator.imul,
             "div_": operator.itruediv}
TARGETS = {
    "tensor": lambda base: base,
    "view": lambda base: base[:2],
    "0-d view": lambda base: base[1, 1],
    "0-d": lambda base: base[1, 0].clone(),  # (not a view: the kernel's first test decides)
    "expanded": lambda base: base[0].expand(2, 3),
}


@pytest.mark.parametrize("method", IN_PLACE)
@pytest.mark.parametrize("operand", OPERANDS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32", "bool"])
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("spelling", ["method", "operator"])
def test_in_place_kernels_write_what_the_usual_path_writes(fast_paths_on, method, operand, dtype,
                                                           target, spelling) -> None:
    """``x.add_(y)`` and ``x += y`` (and sub, mul, div) with nothing recorded: the same values,
    dtype, version and error, bit for bit, whether numpy writes into x or the op's result is
    copied in."""
    outcomes = []
    for on in (False, True):
        fast_paths.set_enabled(on)
        dt = getattr(t, dtype)
        base = t.tensor([[4.0, 5.0, -6.0], [1e38, 0.5, 0.0], [3.0, 2.0, 1.0]]).to(dt)
        x = TARGETS[target](base)
        try:
            if spelling == "method":
                result = getattr(x, method)(OPERANDS[operand](dt))
            else:
                result = OPERATORS[method](x, OPERANDS[operand](dt))
        except (RuntimeError, TypeError) as error:
            outcomes.append((type(error), str(error), base._version))
            continue
        assert result is x
        outcomes.append((base._data.tobytes(), x._data.tobytes(), x.dtype, base._version,
                         x._version))
    assert outcomes[0] == outcomes[1]


def test_in_place_kernels_leave_recorded_changes_to_the_usual_path(fast_paths_on) -> None:
    """When the change must be recorded the kernel declines: the tensor gets torch's graph."""
    x = t.zeros(3)
    y = t.ones(3, requires_grad=True)
    assert not fast_paths.add_in_place(x, y)
    x += y
    assert x.grad_fn.name() == "AddBackward0"
    base = t.zeros(2, 3, requires_grad=True).clone()
    view = base[0]
    assert not fast_paths.mul_in_place(view, 2.0)
    with t.enable_grad():
        view *= 2.0
    assert base.grad_fn.name() == "torch::autograd::CopySlices"


def test_in_place_operators_refuse_a_leaf_that_requires_grad(fast_paths_on) -> None:
    """``w += 1`` on a leaf that requires grad is torch's error, and allowed under no_grad (an
    optimizer's step): the kernel, tried first by ``+=``, leaves the check to the usual path."""
    w = t.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        w += 1.0
    assert w._version == 0
    with t.no_grad():
        w -= t.tensor([0.5, 1.0, 2.0])
    assert w.tolist() == [0.5, 0.0, -1.0] and w._version == 1 and w.grad_fn is None


SET_KEYS = [(1, 2), 0, (slice(None), 1), (slice(0, 3, 2), None), Ellipsis, (), slice(None),
            (Ellipsis, -1), True, (t.tensor([0, 2]),), [0, 1]]
SET_VALUES = {
    "python int": lambda dt: 3,
    "python float": lambda dt: 2.75,
    "0-d same dtype": lambda dt: t.tensor(5).to(dt),
    "row same dtype": lambda dt: t.tensor([1, -2, 3, 4]).to(dt),
    "0-d other dtype": lambda dt: t.tensor(1.5, dtype=t.float64),
    "column": lambda dt: t.tensor([[7], [8], [9]]).to(dt),
    "too big": lambda dt: t.ones(5, 4).to(dt),
    "leading ones": lambda dt: t.tensor([[1, -2, 3, 4]]).to(dt),
}


@pytest.mark.parametrize("key", SET_KEYS, ids=repr)
@pytest.mark.parametrize("value", SET_VALUES)
@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
def test_setitem_kernel_writes_what_the_usual_path_writes(fast_paths_on, key, value, dtype) -> None:
    """``x[key] = value`` with nothing recorded: the same bytes, versions and errors whether numpy
    writes into x's view or index_put's result (a copy of x) is copied back."""
    outcomes = []
    for on in (False, True):
        fast_paths.set_enabled(on)
        dt = getattr(t, dtype)
        x = t.arange(12).reshape(3, 4).to(dt)
        try:
            x[key] = SET_VALUES[value](dt)
        except (RuntimeError, IndexError, TypeError) as error:
            outcomes.append((type(error), str(error), x._version, x._data.tobytes()))
            continue
        outcomes.append((x._data.tobytes(), x._version))
    assert outcomes[0] == outcomes[1]


def test_setitem_kernel_leaves_recorded_writes_to_the_usual_path() -> None:
    x = t.zeros(2, 3)
    value = t.ones(3, requires_grad=True)
    assert not fast_paths.index_put_in_place(x, 0, value)
    x[0] = value
    assert x.grad_fn.name() == "torch::autograd::CopySlices"
    assert not fast_paths.index_put_in_place(x, (t.tensor([0]),), 1.0)  # an advanced key


def test_makemore_counting_loop_gives_torch_counts(fast_paths_on) -> None:
    """makemore part 1's ``N[ix1, ix2] += 1`` (a view, an in-place add, a write back), int32."""
    rng = np.random.default_rng(3)
    pairs = rng.integers(0, 5, (300, 2))
    counts = t.zeros((5, 5), dtype=t.int32)
    for a, b in pairs.tolist():
        counts[a, b] += 1
    expected = np.zeros((5, 5), np.int32)
    np.add.at(expected, (pairs[:, 0], pairs[:, 1]), 1)
    assert counts.dtype == t.int32 and counts._data.tolist() == expected.tolist()
    assert counts._version == 2 * len(pairs)  # the add and the write back, as torch counts


# -- one-input ops that record nothing: the op's ufunc alone ----------------------------------------

VALUE_LANE = [path for path in fast_paths.registered()
              if path.rule == "value" and isinstance(path.kernel, np.ufunc)]


@pytest.mark.parametrize("path", VALUE_LANE, ids=lambda path: path.target.torch_name)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("shape", [(11,), ()], ids=["vector", "0-d"])
def test_value_lane_gives_the_rules_values(fast_paths_on, path, dtype, shape) -> None:
    """An op that records nothing runs its ufunc alone (``Op.apply``'s lane): the same bits,
    dtype and shape as the rule's forward, no warning (log(0), sqrt(-1)), no graph; with an input
    that requires grad the lane is not taken and the node is made."""
    without, with_lane = (_unrecorded_results(path.target.apply, dtype, shape, on)
                          for on in (False, True))
    assert without == with_lane
    x = t.tensor([-0.5, 0.0], requires_grad=True)
    assert path.target.apply(x).grad_fn.name() == path.target.__name__


def _unrecorded_results(run: Any, dtype: Any, shape: tuple, fast: bool) -> list:
    """Bits, dtype and shape of ``run`` on each of a row of awkward values (NaN, infinities, signed
    zeros, out of domain), as 0-d tensors or one vector, with the fast paths on or off; no warning
    and no graph."""
    fast_paths.set_enabled(fast)
    values = np.array([-2.0, -0.5, 0.0, -0.0, 0.5, 1.0, 3.0, 700.0, np.inf, -np.inf, np.nan], dtype)
    results = []
    for value in (values if shape == () else [values]):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            out = run(t.tensor(np.asarray(value, dtype).reshape(shape)))
        assert out.grad_fn is None and type(out._data) is np.ndarray
        results.append((out._data.tobytes(), out._data.dtype, out.shape))
    return results


# -- the same ops called as torch's functions: the ufunc straight from ``torch.log(x)`` -------------

DIRECT_LANE = [path for path in fast_paths.registered() if path.rule == "direct"]


def test_every_value_lane_op_has_its_function_s_direct_lane() -> None:
    assert {path.target.__name__ for path in DIRECT_LANE} == {
        path.target.torch_name.lower() for path in VALUE_LANE}


@pytest.mark.parametrize("path", DIRECT_LANE, ids=lambda path: path.target.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("shape", [(11,), ()], ids=["vector", "0-d"])
def test_direct_lane_gives_the_functions_values(fast_paths_on, path, dtype, shape) -> None:
    """``torch.log(x)`` (and the other one-input ufunc ops) of a tensor that records nothing: the
    same bits, dtype and shape with the lane as through the function's layers, and no warning."""
    function = getattr(t, path.target.__name__)
    assert (_unrecorded_results(function, dtype, shape, False)
            == _unrecorded_results(function, dtype, shape, True))


@pytest.mark.parametrize("path", DIRECT_LANE, ids=lambda path: path.target.__name__)
def test_direct_lane_declines_what_must_be_recorded_or_converted(fast_paths_on, path) -> None:
    """The lane answers None (the function's usual path runs) for a tensor that requires grad
    under no_grad, an integer tensor (converted to float first), a subclass, inside a dual level
    and while a profiler watches; anything but one positional tensor never reaches it."""
    direct = path.kernel
    leaf = t.tensor([0.5, 0.25], requires_grad=True)
    with t.no_grad():
        assert direct(leaf) is None
    assert getattr(t, path.target.__name__)(leaf).grad_fn is not None
    assert direct(t.nn.Parameter(t.tensor([0.5]))) is None
    assert direct(t.tensor([1, 2])) is None
    assert direct(t.nn.Parameter(t.tensor([0.5]), requires_grad=False)) is None
    assert direct(0.5) is None
    with t.autograd.forward_ad.dual_level():
        assert direct(t.tensor([0.5])) is None
    with t.autograd.profiler.profile() as profile:
        assert direct(t.tensor([0.5])) is None
        getattr(t, path.target.__name__)(t.tensor([0.5]))
    assert path.target.__name__ in profile.key_averages().table()


@pytest.mark.parametrize("dtype,width", [(np.float16, 16), (np.float32, 32), (np.float64, 64)])
@pytest.mark.parametrize("spelling", ["+=", "-=", "*="])
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # (it only switches them on)
@given(data=st.data())
def test_in_place_arithmetic_on_0d_floats_rounds_as_numpy(fast_paths_on, dtype, width, spelling,
                                                           data) -> None:
    """``acc += q`` on 0-d tensors of one floating dtype runs on Python floats (fast_paths.py):
    the float64 result rounded once to the dtype is numpy's result in that dtype, bit for bit,
    infinities, signed zeros and subnormals included, with no warning."""
    floats = st.floats(width=width, allow_nan=True, allow_infinity=True, allow_subnormal=True)
    a, b = data.draw(floats), data.draw(floats)
    acc, q = t.tensor(np.asarray(a, dtype)), t.tensor(np.asarray(b, dtype))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if spelling == "+=":
            acc += q
        elif spelling == "-=":
            acc -= q
        else:
            acc *= q
        with np.errstate(all="ignore"):
            expected = {"+=": np.add, "-=": np.subtract, "*=": np.multiply}[spelling](
                np.asarray(a, dtype), np.asarray(b, dtype))
    assert acc._data.dtype == dtype
    if np.isnan(expected):  # (which NaN comes out of two is the hardware's choice, in torch too)
        assert np.isnan(acc._data)
    else:
        assert acc._data.tobytes() == expected.tobytes()
    assert acc._version == 1


# -- recorded lanes: the nodes the op machinery would record, made directly -------------------------


def _graph(*roots: Any) -> list:
    """What the graph below ``roots`` records, comparable between two runs: each node (in the
    order a walk finds them) with its name, the rank of its sequence number, where its edges lead
    and the parameters its backward reads; a leaf's AccumulateGrad by the position of its leaf."""
    order: list = []
    seen: dict = {}
    stack = [tensor.grad_fn for tensor in roots if tensor.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen[node] = len(order)
        order.append(node)
        stack.extend(child for child, _ in node.next_functions)
    ranks = {node: rank for rank, node in enumerate(
        sorted((n for n in order if n.name() != "torch::autograd::AccumulateGrad"),
               key=lambda n: n._sequence_nr))}
    described = []
    for node in order:
        fields = tuple((name, getattr(node, name)) for name in ("self_sym_sizes", "dim", "index",
                                                                 "alpha") if hasattr(node, name))
        described.append((node.name(), ranks.get(node), fields, tuple(
            (None if child is None else seen[child], nr) for child, nr in node.next_functions)))
    return described


def _recorded_run(build: Any) -> tuple:
    """``build()`` (which returns tensors and its result), then the result's graph, value, version
    and which of the tensors is its view base, and after a backward pass, the gradient of each of
    the tensors that is a leaf, bit for bit."""
    leaves, result = build()
    info = view_info(result)
    described = (_graph(result), result._data.tobytes(), result.shape, result._version,
                 None if info is None else [base is info.base for base in leaves],
                 result.requires_grad)
    (result * 3).sum().backward()
    return described, [leaf.grad._data.tobytes() for leaf in leaves if leaf.is_leaf]


def _both_ways(build: Any) -> None:
    fast, plain = _on_and_off(lambda: _recorded_run(build))
    assert fast == plain


@pytest.mark.parametrize("key", [(1, 2), 1, -1, (0, -1), (1, 3, 4)], ids=repr)
@pytest.mark.parametrize("base_kind", ["leaf", "non-leaf", "view"])
def test_a_recorded_int_key_records_the_select_nodes_the_view_ops_record(key, base_kind) -> None:
    """``P[1, 2]`` of a tensor that requires grad: one ``SelectBackward0`` per int, with the same
    sizes, dims, indices, sequence order and edges, the same view of the same base sharing its
    version counter, and the same gradients, whether the view ops make them or the kernel."""
    def build() -> tuple:
        leaf = t.arange(60.0).reshape(3, 4, 5).clone().requires_grad_()
        base = {"leaf": leaf, "non-leaf": leaf * 2, "view": leaf[1:]}[base_kind]
        return [leaf, base], base[key]

    _both_ways(build)


def test_a_view_recorded_by_the_int_key_kernel_sees_its_base_change() -> None:
    """A recorded change of the base reaches the view the kernel made (AsStridedBackward0), and a
    change through the view is the base's, as for the view ops' view."""
    def build() -> tuple:
        leaf = t.ones(3, 4, requires_grad=True)
        base = leaf.clone()
        view = base[1, 2]
        base.mul_(leaf)
        view.mul_(5)
        return [leaf, base], view

    _both_ways(build)


def test_the_int_key_kernel_leaves_what_it_does_not_record_to_the_view_ops(fast_paths_on) -> None:
    """A subclass (a Parameter), a profiler, a dual level: the kernel answers None and the view
    ops record the key, step by step."""
    kernel = fast_paths.int_key_views
    parameter = t.nn.Parameter(t.ones(3, 4))
    assert kernel(parameter, (1, 2)) is None
    assert parameter[1, 2].grad_fn.name() == "SelectBackward0"
    leaf = t.ones(3, 4, requires_grad=True)
    with t.autograd.profiler.profile() as profile:
        assert kernel(leaf, (1, 2)) is None
        leaf[1, 2]
    assert "select" in profile.key_averages().table()
    with t.autograd.forward_ad.dual_level():
        assert kernel(leaf, (1, 2)) is None
    with t.no_grad():  # (nothing recorded: the kernel's view alone)
        assert kernel(leaf, (1, 2)).grad_fn is None


RECORDED_OPERANDS = {
    "same shape": lambda x: t.tensor(np.linspace(-2.0, 3.0, x.numel()).reshape(x.shape)).to(
        x.dtype).requires_grad_(),
    "constant": lambda x: t.tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -4.0]]),
    "history": lambda x: t.tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -4.0]], requires_grad=True).exp(),
    "itself": lambda x: x,
    "0-d": lambda x: t.tensor(3.0, requires_grad=True),
    "row": lambda x: t.tensor([1.0, 2.0, 3.0], requires_grad=True),
    "float64": lambda x: t.ones(2, 3, dtype=t.float64, requires_grad=True),
    "int64": lambda x: t.ones(2, 3, dtype=t.int64),
    "python float": lambda x: 0.5,
}
RECORDED_TARGETS = {
    "non-leaf": lambda leaf: leaf * 1.5,
    "saved by exp": lambda leaf: leaf.exp(),
    "0-d": lambda leaf: leaf.sum(),
    "view": lambda leaf: (leaf * 1.5)[1],
    "base of a view": lambda leaf: (lambda y: (y, y[0])[0])(leaf * 1.5),
    "retains grad": lambda leaf: (lambda y: (y.retain_grad(), y)[1])(leaf * 1.5),
    "float16": lambda leaf: leaf.to(t.float16) * 2,
}


@pytest.mark.parametrize("spelling", ["+=", "-="])
@pytest.mark.parametrize("target", RECORDED_TARGETS)
@pytest.mark.parametrize("operand", RECORDED_OPERANDS)
def test_a_recorded_in_place_sum_records_the_node_the_usual_path_records(spelling, target,
                                                                         operand) -> None:
    """``x += y`` and ``x -= y`` where x has a history: the same values, node (name, alpha,
    sequence order, edges), version and gradients, or the same error, whether the kernel writes
    into x or the usual path snapshots x and copies the op's result in."""
    def build() -> tuple:
        leaf = t.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], requires_grad=True)
        x = RECORDED_TARGETS[target](leaf)
        other = RECORDED_OPERANDS[operand](x)
        keep = x
        if spelling == "+=":
            x += other
        else:
            x -= other
        assert x is keep
        leaves = [leaf] + ([other] if isinstance(other, t.Tensor) and other.is_leaf
                           and other.requires_grad else [])
        return leaves, x

    def outcome() -> Any:
        try:
            return _recorded_run(build)
        except RuntimeError as error:  # (exp saved x: the in-place check fails the same way)
            return type(error), str(error)

    fast, plain = _on_and_off(outcome)
    assert fast == plain


def test_the_recorded_in_place_kernel_leaves_the_rest_to_the_usual_path(fast_paths_on) -> None:
    """A leaf that requires grad (torch's error), grad mode off, a dual level, anomaly mode, a
    subclass: the kernel answers False, and the usual path decides."""
    kernel = fast_paths.add_in_place_recorded
    leaf = t.ones(3, requires_grad=True)
    assert not kernel(leaf, t.ones(3))
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        leaf += t.ones(3)
    x = leaf * 2
    with t.no_grad():
        assert not kernel(x, t.ones(3))
    with t.autograd.forward_ad.dual_level():
        assert not kernel(x, t.ones(3))
    with pytest.warns(UserWarning, match="Anomaly Detection"), t.autograd.detect_anomaly():
        assert not kernel(x, t.ones(3))
    assert not kernel(t.nn.Parameter(t.ones(3)) * 1, t.nn.Parameter(t.ones(3)))
    assert x._version == 0


@pytest.mark.parametrize("path", DIRECT_LANE, ids=lambda path: path.target.__name__)
@pytest.mark.parametrize("input_kind", ["leaf", "non-leaf", "changed before"])
def test_direct_lane_records_the_node_the_function_records(path, input_kind) -> None:
    """``torch.log(x)`` (and the other one-input ufunc ops) of a tensor that requires grad: the
    same value, node, saved values and gradients from the lane as through the function's layers;
    a saved tensor changed in place afterwards fails the backward pass the same way."""
    function = getattr(t, path.target.__name__)

    def build() -> tuple:
        leaf = t.tensor([0.5, 0.25, 0.75], requires_grad=True)
        x = leaf if input_kind == "leaf" else leaf * 1
        if input_kind == "changed before":
            x.mul_(1.0)  # (a version above 0 when the node is made)
        return [leaf], function(x)

    _both_ways(build)

    def changed_after() -> Any:
        x = t.tensor([0.5, 0.25, 0.75], requires_grad=True) * 1
        y = function(x)
        x.add_(1.0)
        y.exp_() if path.target.__name__ != "exp" else y.add_(0.0)
        try:
            y.sum().backward()
        except RuntimeError as error:
            return str(error)
        return None

    fast, plain = _on_and_off(changed_after)
    assert fast == plain


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize(("shape", "dim", "index"), [((5,), 0, 3), ((3, 4), 0, 2), ((3, 4), 1, 0),
                                                     ((2, 3, 4), 2, 3), ((2, 3, 4), 1, 2)])
def test_select_backward_kernel_is_the_rule(dtype, shape, dim, index) -> None:
    """``x.select(dim, i)``'s backward kernel (zeros, the gradient written at the index) gives the
    rule's array (``SelectBackward``'s forward), bit for bit, -0.0 and NaN included."""
    rng = np.random.default_rng(dim * 10 + index)
    x = t.tensor(rng.standard_normal(shape).astype(dtype), requires_grad=True)
    node = x.select(dim, index).grad_fn
    grad = rng.standard_normal(shape[:dim] + shape[dim + 1:]).astype(dtype)
    grad.reshape(-1)[:2] = [-0.0, np.nan][:grad.size]
    fast = fast_paths.select_backward(node, grad)
    plain = Select.backward(node, grad)
    assert fast.dtype == plain.dtype and fast.shape == plain.shape == shape
    assert fast.tobytes() == plain.tobytes()
