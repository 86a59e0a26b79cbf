"""Forward mode (``autograd.forward_ad``): dual levels, dual tensors, tangents through ops, in-place
changes, forward over reverse, reverse over forward, custom Functions with ``jvp``. Values are
checked against derivatives worked out by hand; ``tests/parity/cases_forward.py`` compares the same
behaviour with torch."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab.autograd import forward_ad as fwAD
from autograd_lab.autograd.op import Op


def _tangent(tensor: t.Tensor) -> np.ndarray:
    found = fwAD.unpack_dual(tensor).tangent
    assert found is not None, "no tangent"
    return found.detach().numpy()


# -- levels ---------------------------------------------------------------------------------------


def test_a_level_is_numbered_zero_and_tangents_are_dropped_when_it_closes() -> None:
    with fwAD.dual_level() as level:
        assert level == 0
        x = fwAD.make_dual(t.tensor([1.0, 2.0]), t.tensor([3.0, 4.0]))
        y = x * x
        assert _tangent(y).tolist() == [6.0, 16.0]
    assert fwAD.unpack_dual(y).tangent is None
    assert fwAD.unpack_dual(y).primal is y  # outside a level: the tensor itself
    assert "tangent" not in repr(y)
    assert fwAD.enter_dual_level() == 0  # a new level after the old one closed
    fwAD.exit_dual_level()


def test_levels_do_not_nest_and_only_the_open_one_can_close() -> None:
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
            fwAD.enter_dual_level()
        with pytest.raises(RuntimeError, match="was not the last one"):
            fwAD.exit_dual_level(level=3)
    with pytest.raises(RuntimeError, match="Dual level must be a positive number"):
        fwAD.exit_dual_level()


def test_dual_level_decorates_a_function() -> None:
    @fwAD.dual_level()
    def derivative_of_cube(x: float) -> float:
        dual = fwAD.make_dual(t.tensor(x, dtype=t.float64), t.tensor(1.0, dtype=t.float64))
        return fwAD.unpack_dual(dual ** 3).tangent.item()

    assert derivative_of_cube(2.0) == pytest.approx(12.0)
    with pytest.raises(RuntimeError, match="no level exists"):
        fwAD.make_dual(t.ones(1), t.ones(1))


# -- make_dual and unpack_dual -------------------------------------------------------------------


def test_make_dual_keeps_a_tangent_of_the_same_layout_and_copies_another() -> None:
    primal = t.ones(2, 3)
    same, transposed = t.ones(2, 3), t.ones(3, 2).t()
    with fwAD.dual_level():
        assert fwAD.unpack_dual(fwAD.make_dual(primal, same)).tangent is same
        kept = fwAD.unpack_dual(fwAD.make_dual(primal, transposed)).tangent
        assert kept is not transposed and kept.is_contiguous()
        assert kept.tolist() == transposed.tolist()


def test_make_dual_is_a_view_differentiable_in_reverse_mode() -> None:
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.ones(2))
        assert dual.grad_fn.name() == "ViewBackward0"
        primal = fwAD.unpack_dual(dual).primal
        assert primal.grad_fn.name() == "torch::autograd::Identity"
        assert fwAD.unpack_dual(primal).tangent is None
        (primal * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_make_dual_refuses_what_torch_refuses() -> None:
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match=r"Tensor is of size \[3\] while the given forward "
                                               r"gradient is of size \[2\]"):
            fwAD.make_dual(t.ones(3), t.ones(2))
        with pytest.raises(ValueError, match="Expected primal to be floating point"):
            fwAD.make_dual(t.tensor([1, 2]), t.ones(2))
        with pytest.raises(ValueError, match="Expected tangent to be floating point"):
            fwAD.make_dual(t.ones(2), t.tensor([1, 2]))
        dual = fwAD.make_dual(t.ones(2), t.ones(2))
        with pytest.raises(RuntimeError, match="already has a forward gradient at the same level 0"):
            fwAD.make_dual(dual, t.ones(2))
        with pytest.raises(RuntimeError, match="Invalid level given to _make_dual"):
            fwAD.make_dual(t.ones(2), t.ones(2), level=1)


def test_a_tangent_keeps_its_own_dtype() -> None:
    with fwAD.dual_level():
        dual = fwAD.make_dual(t.ones(2), t.ones(2, dtype=t.float64))
        doubled = dual * 2
        assert doubled.dtype == t.float32
        assert fwAD.unpack_dual(doubled).tangent.dtype == t.float64
        mixed = dual + t.ones(2, dtype=t.float64)  # the promoted operand's tangent is converted too
        assert _tangent(mixed).tolist() == [1.0, 1.0]


def test_the_repr_shows_the_tangent() -> None:
    with fwAD.dual_level():
        dual = fwAD.make_dual(t.tensor([1.0, 2.0]), t.tensor([0.5, 0.0]))
        assert repr(dual) == ("tensor([1., 2.], tangent=tensor([0.5000, 0.0000]))")
        scalar = fwAD.make_dual(t.tensor(2.0), t.tensor(0.25))
        assert repr(scalar) == "tensor(2., tangent=0.25)"


# -- tangents through ops --------------------------------------------------------------------------


def test_tangents_follow_the_chain_rule() -> None:
    x0, v = 0.7, 1.5
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor(x0, dtype=t.float64), t.tensor(v, dtype=t.float64))
        y = t.tanh(t.sin(x) * t.exp(x)) / (1 + x * x) - t.sqrt(x) + 2 ** x + x.sigmoid()
        inner = math.sin(x0) * math.exp(x0)
        expected = v * ((1 - math.tanh(inner) ** 2) * (math.cos(x0) + math.sin(x0)) * math.exp(x0)
                        / (1 + x0 * x0)
                        - math.tanh(inner) * 2 * x0 / (1 + x0 * x0) ** 2
                        - 0.5 / math.sqrt(x0) + 2 ** x0 * math.log(2)
                        + math.exp(-x0) / (1 + math.exp(-x0)) ** 2)
        assert _tangent(y) == pytest.approx(expected)


def test_tangents_broadcast_as_the_values_do() -> None:
    with fwAD.dual_level():
        column = fwAD.make_dual(t.ones(3, 1), t.tensor([[1.0], [2.0], [3.0]]))
        product = column * t.full((1, 4), 2.0)
        assert product.shape == fwAD.unpack_dual(product).tangent.shape == (3, 4)
        assert _tangent(product)[:, 0].tolist() == [2.0, 4.0, 6.0]
        picked = t.where(t.tensor([True, False, True, False]), column, t.zeros(4))
        assert _tangent(picked).tolist() == [[1.0, 0.0, 1.0, 0.0], [2.0, 0.0, 2.0, 0.0],
                                             [3.0, 0.0, 3.0, 0.0]]


def test_only_one_operand_needs_a_tangent() -> None:
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([2.0]), t.tensor([1.0]))
        plain = t.tensor([5.0])
        assert _tangent(x * plain).tolist() == [5.0]
        assert _tangent(plain / x).tolist() == [-1.25]
        assert fwAD.unpack_dual(plain * plain).tangent is None


def test_forward_mode_works_without_grad_mode_and_integer_results_have_no_tangent() -> None:
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([1.0, -2.0]), t.tensor([1.0, 1.0]))
        with t.no_grad():
            assert _tangent(x.abs()).tolist() == [1.0, -1.0]
        assert fwAD.unpack_dual(x > 0).tangent is None
        assert _tangent(x.floor()).tolist() == [0.0, 0.0]


def test_an_op_without_a_forward_rule_raises_torchs_error() -> None:
    class _NoRule(Op):  # (a leading underscore: not registered as an op of the library)
        torch_name = "MyOp"

        def forward(self, a: np.ndarray) -> np.ndarray:
            return a * 2

        def backward(self, grad: np.ndarray) -> np.ndarray:
            return grad * 2

    assert not _NoRule.has_forward_rule()
    assert _NoRule.apply(t.ones(2)).tolist() == [2.0, 2.0]  # outside a level it works
    with fwAD.dual_level():
        assert _NoRule.apply(t.ones(2)).tolist() == [2.0, 2.0]  # and on tensors without tangent
        with pytest.raises(NotImplementedError) as error:
            _NoRule.apply(fwAD.make_dual(t.ones(2), t.ones(2)))
    assert str(error.value).startswith(
        "Trying to use forward AD with my_op that does not support it because it has not been "
        "implemented yet.\nPlease file an issue to PyTorch at https://github.com/pytorch/pytorch/"
        "issues/new?template=feature-request.yml")


def test_an_op_torch_records_without_derivative_refuses_forward_mode() -> None:
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([3.0]), t.tensor([1.0]))
        with pytest.raises(NotImplementedError,
                           match="^Trying to use forward AD with aten::floor_divide that does not "
                                 "support it.$"):
            x // 2


# -- in-place changes --------------------------------------------------------------------------------


def test_an_in_place_op_updates_the_tangent_in_place() -> None:
    tangent = t.ones(3)
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([1.0, 2.0, 3.0]), tangent)
        x.mul_(2)
        assert fwAD.unpack_dual(x).tangent is tangent and tangent.tolist() == [2.0, 2.0, 2.0]
        plain = t.tensor([1.0, 2.0, 3.0])
        plain.add_(x)  # a tensor without tangent gets one from its operand
        assert _tangent(plain).tolist() == [2.0, 2.0, 2.0]


def test_a_copy_has_a_tangent_of_its_own() -> None:
    tangent = t.ones(3)
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([1.0, 2.0, 3.0]), tangent)
        copy = x.clone()
        copy.mul_(5)
        assert _tangent(copy).tolist() == [5.0, 5.0, 5.0]
        assert tangent.tolist() == [1.0, 1.0, 1.0]


def test_an_in_place_op_on_a_tensor_that_requires_grad_records_both_modes() -> None:
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with fwAD.dual_level():
        y = fwAD.make_dual(x, t.tensor([1.0, 0.0])) * 1
        y.exp_()
        assert _tangent(y) == pytest.approx(np.exp([1.0, 2.0]) * [1.0, 0.0])
        y.sum().backward()
    assert x.grad.numpy() == pytest.approx(np.exp([1.0, 2.0]))


# -- forward over reverse, reverse over forward ----------------------------------------------------


def test_the_tangent_of_a_gradient_is_a_hessian_vector_product() -> None:
    x0 = np.array([0.3, -1.2, 2.0])
    v = np.array([1.0, 0.5, -2.0])
    x = t.tensor(x0, requires_grad=True)
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.tensor(v))
        f = (t.sin(dual) * t.exp(dual)).sum() + (dual * dual * dual).sum()
        (gradient,) = t.autograd.grad(f, x, create_graph=True)
        expected_gradient = np.cos(x0) * np.exp(x0) + np.sin(x0) * np.exp(x0) + 3 * x0 ** 2
        assert gradient.detach().numpy() == pytest.approx(expected_gradient)
        hessian_diagonal = 2 * np.cos(x0) * np.exp(x0) + 6 * x0
        assert _tangent(gradient) == pytest.approx(hessian_diagonal * v)
        # without create_graph too (nothing is recorded, the tangents still flow)
        f = (t.tanh(dual) * dual).sum()
        (gradient,) = t.autograd.grad(f, x)
        assert gradient.grad_fn is None
        th = np.tanh(x0)
        expected = (2 * (1 - th ** 2) - 2 * x0 * th * (1 - th ** 2)) * v
        assert _tangent(gradient) == pytest.approx(expected)


def test_leaf_grad_has_no_tangent_but_a_retained_grad_does() -> None:
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.tensor([1.0, 0.0]))
        y = dual * dual
        y.retain_grad()
        (y * y).sum().backward()
        assert fwAD.unpack_dual(x.grad).tangent is None  # as torch's AccumulateGrad
        assert _tangent(y.grad).tolist() == [4.0, 0.0]  # d(2y)/dx . v = 4 x v


def test_reverse_over_forward_differentiates_the_tangent() -> None:
    x = t.tensor([0.5, 1.5], dtype=t.float64, requires_grad=True)
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.tensor([1.0, 1.0], dtype=t.float64))
        tangent = fwAD.unpack_dual(t.exp(dual) * dual).tangent  # (1 + x) e^x
        assert tangent.requires_grad
        (grad,) = t.autograd.grad(tangent.sum(), x)
    assert grad.numpy() == pytest.approx((2 + x.detach().numpy()) * np.exp(x.detach().numpy()))


# -- custom Functions -------------------------------------------------------------------------------


class _Scale(t.autograd.Function):
    @staticmethod
    def forward(ctx, x: t.Tensor, factor: float) -> t.Tensor:
        ctx.save_for_forward(x)
        ctx.factor = factor
        assert fwAD.unpack_dual(x * 1).tangent is None  # forward runs without tangents
        return x * x * factor

    @staticmethod
    def jvp(ctx, x_t: t.Tensor, factor_t: None) -> t.Tensor:
        (x,) = ctx.saved_tensors
        assert factor_t is None
        return 2 * x * x_t * ctx.factor

    @staticmethod
    def backward(ctx, grad: t.Tensor) -> tuple:
        raise AssertionError("not used")


def test_a_custom_function_jvp_gives_the_tangent() -> None:
    with fwAD.dual_level():
        x = fwAD.make_dual(t.tensor([1.0, 3.0]), t.tensor([1.0, 2.0]))
        y = _Scale.apply(x, 0.5)
        assert y.tolist() == [0.5, 4.5]
        assert _tangent(y).tolist() == [1.0, 6.0]
        assert _Scale.apply(t.tensor([2.0]), 1.0).tolist() == [4.0]  # no tangent: jvp not called


def test_a_custom_function_without_jvp_and_bad_jvp_results_raise_torchs_errors() -> None:
    class NoJvp(t.autograd.Function):
        @staticmethod
        def forward(ctx, x: t.Tensor) -> t.Tensor:
            return x * 2

    class TwoTangents(NoJvp):
        @staticmethod
        def jvp(ctx, x_t: t.Tensor) -> tuple:
            return x_t, x_t

    class ListTangent(NoJvp):
        @staticmethod
        def jvp(ctx, x_t: t.Tensor) -> list:
            return [x_t]

    class ShortTangent(NoJvp):
        @staticmethod
        def jvp(ctx, x_t: t.Tensor) -> t.Tensor:
            return x_t[:1]

    class SavesANumber(NoJvp):
        @staticmethod
        def forward(ctx, x: t.Tensor) -> t.Tensor:
            ctx.save_for_forward(3)
            return x * 2

    with fwAD.dual_level():
        x = fwAD.make_dual(t.ones(2), t.ones(2))
        with pytest.raises(NotImplementedError, match="You must implement the jvp function"):
            NoJvp.apply(x)
        with pytest.raises(RuntimeError, match=r"invalid number of forward gradients \(expected 1 "
                                               r"but got 2\)"):
            TwoTangents.apply(x)
        with pytest.raises(RuntimeError, match=r"expected Variable or None \(got list\) for grad "
                                               r"output 0\."):
            ListTangent.apply(x)
        with pytest.raises(RuntimeError, match=r"Tensor is of size \[2\] while the given forward "
                                               r"gradient is of size \[1\]"):
            ShortTangent.apply(x)
        with pytest.raises(AssertionError, match="save_for_forward expects all arguments"):
            SavesANumber.apply(x)
