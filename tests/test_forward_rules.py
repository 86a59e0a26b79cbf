"""Every op's forward-mode rule (``jvp``), checked numerically on the inputs of its gradcheck specs
(``tests/op_specs_<area>.py``): the Jacobian-vector product forward mode gives must match

- finite differences of the op along the tangent: ``(f(x + eps v) - f(x - eps v)) / (2 eps)``, and
- reverse mode, through the identity ``<J v, u> = <v, J^T u>`` for a random output direction ``u``,

with the tangents as arrays (plain forward mode) and as recorded tensors (inputs requiring grad:
the rule runs on the graph's tensors). An op without a rule must be one the README lists as such,
and forward mode through it must raise torch's NotImplementedError. Three drawn examples per spec
keep the run short (the suite runs twice in CI).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t
from autograd_lab.autograd import forward_ad as fwAD
from autograd_lab.autograd.op import OPS
from tests.op_specs import OpSpec, make_inputs
from tests.test_gradcheck import all_specs

SPECS = all_specs()
# floor_divide's op raises in both modes, as torch's; the primal of a dual tensor has no tangent by
# definition (tests/test_forward_mode.py checks both)
WITH_RULE = [spec for spec in SPECS if OPS[spec.grad_fn].has_forward_rule()
             and spec.grad_fn not in ("NotImplemented", "Identity")]
WITHOUT_RULE = [spec for spec in SPECS if not OPS[spec.grad_fn].has_forward_rule()]
# specs whose backward is, by definition, not the adjoint of the derivative (so <J v, u> = <v, J^T u>
# does not hold, in torch either), while the forward rule is the derivative itself (checked by finite
# differences): embedding's padding_idx row gets no gradient, yet its values move the output
NOT_ADJOINT = {"embedding[padding_idx]"}


_WITHOUT_RULE_BY_ATEN_NAME = {cls.aten_name(): name for name, cls in OPS.items()
                              if not cls.has_forward_rule()}


def _outputs(value: object) -> list:
    return [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, t.Tensor)]


def _differentiable(outputs: list) -> list[int]:
    """Positions of the floating-point outputs (indices and masks have no derivative)."""
    return [i for i, out in enumerate(outputs) if out.dtype.is_floating_point]


def _jvp(spec: OpSpec, inputs: list, tangents: list, recorded: bool) -> list[np.ndarray]:
    """The outputs' tangents in forward mode (zeros for an output that got none): with grad mode
    on, the rules run on tensors (the inputs require grad); in ``no_grad``, on arrays."""
    with fwAD.dual_level():
        duals = []
        for x, v in zip(inputs, tangents):
            primal = x.detach().requires_grad_(x.requires_grad)
            duals.append(fwAD.make_dual(primal, t.tensor(v, dtype=t.float64)) if v is not None
                         else primal)
        with t.set_grad_enabled(recorded):
            outputs = _outputs(spec.fn(*duals))
        found = []
        for index in _differentiable(outputs):
            tangent = fwAD.unpack_dual(outputs[index]).tangent
            found.append(np.zeros(outputs[index].shape) if tangent is None
                         else tangent.detach().numpy().astype(np.float64))
    return found


def _finite_differences(spec: OpSpec, inputs: list, tangents: list) -> list[np.ndarray]:
    def at(step: float) -> list[np.ndarray]:
        moved = [t.tensor(x.detach().numpy() + step * v, dtype=t.float64, requires_grad=True)
                 if v is not None else x.detach()
                 for x, v in zip(inputs, tangents)]
        with t.no_grad():
            outputs = _outputs(spec.fn(*moved))
        return [outputs[i].detach().numpy().astype(np.float64) for i in _differentiable(outputs)]

    return [(p - m) / (2 * spec.eps) for p, m in zip(at(spec.eps), at(-spec.eps))]


def _reverse_product(spec: OpSpec, inputs: list, tangents: list, directions: list) -> float:
    """``<v, J^T u>``: the gradient of ``<f(x), u>`` dotted with the tangents."""
    leaves = [x.detach().requires_grad_(v is not None) for x, v in zip(inputs, tangents)]
    outputs = _outputs(spec.fn(*leaves))
    picked = [outputs[i] for i in _differentiable(outputs)]
    total = sum(((out * t.tensor(u, dtype=t.float64)).sum() for out, u in zip(picked, directions)
                 if out.requires_grad), t.tensor(0.0, dtype=t.float64))
    wanted = [leaf for leaf in leaves if leaf.requires_grad]
    if not total.requires_grad:
        return 0.0
    grads = t.autograd.grad(total, wanted, allow_unused=True)
    vs = [v for v in tangents if v is not None]
    return float(sum(float((g.numpy() * v).sum()) for g, v in zip(grads, vs) if g is not None))


@pytest.mark.parametrize("spec", WITH_RULE, ids=[spec.id for spec in WITH_RULE])
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])
@given(data=st.data())
def test_forward_rule_matches_finite_differences_and_reverse_mode(spec: OpSpec,
                                                                  data: st.DataObject) -> None:
    shapes = spec.draw_shapes(data)
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    inputs = make_inputs(t, spec, shapes, seed)
    rng = np.random.default_rng(seed + 1)
    tangents = [rng.uniform(-1, 1, x.shape) if x.requires_grad else None for x in inputs]
    try:
        plain = _jvp(spec, inputs, tangents, recorded=False)
    except NotImplementedError as error:
        # the spec's function also runs an op without a forward rule: one the README lists
        missing = str(error).removeprefix("Trying to use forward AD with ").split(" that ")[0]
        assert missing in _WITHOUT_RULE_BY_ATEN_NAME, f"{spec.id}: {error}"
        return
    recorded = _jvp(spec, inputs, tangents, recorded=True)
    for a, b in zip(plain, recorded):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12,
                                   err_msg=f"{spec.id}: recorded and plain tangents differ")
    if spec.check != "name" or spec.id in NOT_ADJOINT:  # (a "name" spec may sit on a kink)
        for found, expected in zip(plain, _finite_differences(spec, inputs, tangents)):
            np.testing.assert_allclose(found, expected, rtol=spec.rtol, atol=spec.atol,
                                       err_msg=f"{spec.id}: jvp against finite differences")
    if spec.id in NOT_ADJOINT or all(v.size == 0 for v in tangents if v is not None):
        return  # (empty tangents: a mean over nothing is NaN, value and tangent, as in torch)
    directions = [rng.uniform(-1, 1, j.shape) for j in plain]
    forward = float(sum((j * u).sum() for j, u in zip(plain, directions)))
    reverse = _reverse_product(spec, inputs, tangents, directions)
    assert forward == pytest.approx(reverse, rel=1e-6, abs=1e-9), \
        f"{spec.id}: <J v, u> = {forward} but <v, J^T u> = {reverse}"


def test_ops_without_a_forward_rule_are_the_readme_list() -> None:
    """The README lists the ops that have no forward rule (generated; see scripts/update_readme.py)
    and nothing else: every other op's rule is checked above."""
    from autograd_lab.ops import without_forward_rule

    assert sorted(without_forward_rule()) == sorted(
        name for name, cls in OPS.items() if not cls.has_forward_rule())
    checked = {spec.grad_fn for spec in WITH_RULE}
    missing = sorted(name for name, cls in OPS.items()
                     if cls.has_forward_rule() and name not in checked
                     and name not in ("NotImplemented", "Identity"))
    assert not missing, f"ops with a forward rule that no spec checks: {missing}"


def test_forward_mode_through_an_op_without_a_rule_raises_torchs_error() -> None:
    """Every registered op without a rule (none, once all have one) and an op class written without
    ``jvp`` raise torch's NotImplementedError inside a dual level."""
    from autograd_lab.autograd.op import OPS, Op

    class Twice(Op):
        """2x, with no forward rule.

        Backward:  grad_self = 2 * grad
        """

        __slots__ = ()

        def forward(self, a: Any) -> Any:
            return a * 2

        def backward(self, grad: Any) -> Any:
            return grad * 2

    try:
        with fwAD.dual_level(), pytest.raises(NotImplementedError,
                                              match="^Trying to use forward AD with "):
            Twice.apply(fwAD.make_dual(t.ones(2), t.ones(2)))
    finally:
        del OPS[Twice.__name__]  # (a test's op: not one of the library's)
    for spec in WITHOUT_RULE:
        inputs = make_inputs(t, spec, _first_shapes(spec), 0)  # (one example: the rule is missing)
        with fwAD.dual_level(), pytest.raises(NotImplementedError,
                                              match="^Trying to use forward AD with "):
            duals = [fwAD.make_dual(x.detach(), t.ones_like(x)) if x.requires_grad else x.detach()
                     for x in inputs]
            spec.fn(*duals)


def _first_shapes(spec: OpSpec) -> tuple:
    """One draw of the spec's shapes, the same every run."""
    drawn = []

    @settings(max_examples=1, derandomize=True, database=None)
    @given(data=st.data())
    def draw(data: st.DataObject) -> None:
        drawn.append(spec.draw_shapes(data))

    draw()
    return drawn[0]


def test_floor_divide_refuses_forward_mode_as_torch() -> None:
    with fwAD.dual_level(), pytest.raises(NotImplementedError, match="aten::floor_divide"):
        fwAD.make_dual(t.tensor([3.0]), t.tensor([1.0])) // t.tensor([2.0])
