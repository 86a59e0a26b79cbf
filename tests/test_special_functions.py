"""The accuracy of ``erfinv``, ``lgamma``, ``digamma`` and ``polygamma`` (autograd_lab/ops/_special_math.py):
against values known in closed form (no torch needed), and against torch element by element over
wide ranges in float64 and float32 (the parity cases in tests/parity/cases_special.py compare at
the suite's looser tolerance)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_lab as t

EULER_GAMMA = 0.5772156649015329
ZETA_3 = 1.2020569031595942


def _f64(values: list[float] | np.ndarray) -> t.Tensor:
    return t.tensor(np.asarray(values, dtype=np.float64))


def test_lgamma_of_integers_and_halves_is_the_log_of_factorials() -> None:
    n = np.arange(1, 60)
    assert np.allclose(t.lgamma(_f64(n)).numpy(), [math.log(math.factorial(k - 1)) for k in n],
                       rtol=1e-14, atol=0)
    assert t.lgamma(_f64([0.5])).item() == pytest.approx(0.5 * math.log(math.pi), rel=1e-15)
    # lgamma(1.5) = log(sqrt(pi) / 2), next to the zero at 2: relative accuracy kept
    assert t.lgamma(_f64([1.5])).item() == pytest.approx(math.log(math.sqrt(math.pi) / 2), rel=1e-15)


def test_lgamma_keeps_its_digits_next_to_its_zeros_at_1_and_2() -> None:
    # lgamma(1 + z) = -gamma z + zeta(2) z^2 / 2 + O(z^3)
    z = 1e-7
    expected = -EULER_GAMMA * z + math.pi**2 / 12 * z * z
    assert t.lgamma(_f64([1 + z])).item() == pytest.approx(expected, rel=1e-8)
    # lgamma(2 + z) = (1 - gamma) z + (zeta(2) - 1) z^2 / 2 + O(z^3)
    z = 2 ** -30
    expected = (1 - EULER_GAMMA) * z + (math.pi**2 / 6 - 1) / 2 * z * z
    assert t.lgamma(_f64([2 + z])).item() == pytest.approx(expected, rel=1e-12)


def test_digamma_and_polygamma_at_known_points() -> None:
    harmonic = np.cumsum(1 / np.arange(1, 30))
    assert np.allclose(t.digamma(_f64(np.arange(2, 31))).numpy(), harmonic - EULER_GAMMA, rtol=1e-14)
    assert t.digamma(_f64([1.0])).item() == pytest.approx(-EULER_GAMMA, rel=1e-15)
    assert t.digamma(_f64([0.5])).item() == pytest.approx(-EULER_GAMMA - 2 * math.log(2), rel=1e-15)
    # trigamma is computed as torch computes it, whose series stops early: ~5e-10 relative at 1
    assert t.polygamma(1, _f64([1.0])).item() == pytest.approx(math.pi**2 / 6, rel=1e-9)
    assert t.polygamma(1, _f64([0.5])).item() == pytest.approx(math.pi**2 / 2, rel=1e-9)
    # sum_k 1 / (30.5 + k)^2, where the series has converged
    assert t.polygamma(1, _f64([30.5])).item() == pytest.approx(0.0333302481128016, rel=1e-12)
    assert t.polygamma(2, _f64([1.0])).item() == pytest.approx(-2 * ZETA_3, rel=1e-15)
    assert t.polygamma(3, _f64([1.0])).item() == pytest.approx(math.pi**4 / 15, rel=1e-15)
    assert t.polygamma(0, _f64([3.0])).item() == t.digamma(_f64([3.0])).item()


def test_erfinv_inverts_erf_to_float64_rounding() -> None:
    x = np.concatenate([np.linspace(-0.999, 0.999, 2001), 1 - np.logspace(-15, -1, 50), [1e-300]])
    y = t.erfinv(_f64(x)).numpy()
    assert np.allclose([math.erf(v) for v in y], x, rtol=5e-16, atol=0)
    tail = 1 - np.logspace(-15, -1, 50)  # near 1: erfc(y) = 1 - x holds to its own rounding
    assert np.allclose([math.erfc(v) for v in t.erfinv(_f64(tail)).numpy()], 1 - tail, rtol=1e-14)


def test_special_points() -> None:
    inf, nan = math.inf, math.nan
    values = t.erfinv(_f64([1.0, -1.0, 1.0000001, -2.0, nan, 0.0, -0.0])).tolist()
    assert values[:2] == [inf, -inf] and all(math.isnan(v) for v in values[2:5])
    assert math.copysign(1, values[6]) == -1
    assert t.lgamma(_f64([0.0, -0.0, -1.0, -7.0, inf, -inf])).tolist() == [inf] * 6
    assert t.digamma(_f64([0.0, -0.0, inf])).tolist() == [-inf, inf, inf]
    assert all(math.isnan(v) for v in t.digamma(_f64([-1.0, -3.0, -inf, nan])).tolist())


def test_many_elements_and_a_very_negative_polygamma_argument_finish() -> None:
    x = t.linspace(0.1, 50.0, 200_000, dtype=t.float64)
    assert np.isfinite(t.digamma(x).numpy()).all() and np.isfinite(t.lgamma(x).numpy()).all()
    # the Hurwitz zeta sums its first terms directly up to x + N >= 10: a million of them here
    value = t.polygamma(2, _f64([-1e6 - 0.5])).item()
    assert math.isfinite(value)


# (function, float64 inputs): wide ranges, the ends of erfinv's domain, large and tiny arguments
_RNG = np.random.default_rng(7)
RANGES = {
    "erfinv": (t.erfinv, np.concatenate([_RNG.uniform(-1, 1, 20000), 1 - 10.0 ** -_RNG.uniform(1, 15, 2000),
                                          10.0 ** -_RNG.uniform(0, 300, 500)])),
    "lgamma": (t.lgamma, np.concatenate([_RNG.uniform(-20, 20, 20000), 10 ** _RNG.uniform(-8, 20, 2000)])),
    "digamma": (t.digamma, np.concatenate([_RNG.uniform(-20, 20, 20000), 10 ** _RNG.uniform(-8, 20, 2000)])),
    "polygamma1": (lambda x: t.polygamma(1, x),
                   np.concatenate([_RNG.uniform(-20, 20, 20000), 10 ** _RNG.uniform(-8, 10, 2000)])),
    "polygamma2": (lambda x: t.polygamma(2, x),
                   np.concatenate([_RNG.uniform(-20, 20, 20000), 10 ** _RNG.uniform(-3, 5, 2000)])),
    "polygamma5": (lambda x: t.polygamma(5, x),
                   np.concatenate([_RNG.uniform(-20, 20, 5000), 10 ** _RNG.uniform(-2, 5, 1000)])),
}
# Measured against torch 2.13: float64 agrees to a few units in the last place except next to the
# functions' zeros (there both libraries' absolute error, ~1e-16 times the terms' size, shows as a
# relative one): hence the atol. float32: torch computes in float32 (we round a float64 result), so
# its own rounding, largest next to digamma's zero at 1.46, sets the tolerance.
TOLERANCES = {np.float64: (1e-12, 1e-13), np.float32: (2e-6, 2e-6)}


def _torch_function(torch, name: str):
    if name.startswith("polygamma"):
        n = int(name.removeprefix("polygamma"))
        return lambda x: torch.polygamma(n, x)
    return getattr(torch, name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("name", sorted(RANGES))
def test_values_match_torch_over_wide_ranges(torch, name: str, dtype: type) -> None:
    function, inputs = RANGES[name]
    x = inputs.astype(dtype)
    ours = function(t.tensor(x)).numpy().astype(np.float64)
    theirs = _torch_function(torch, name)(torch.from_numpy(x)).numpy().astype(np.float64)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    finite = np.isfinite(theirs)
    assert np.array_equal(ours[~finite & ~np.isnan(theirs)], theirs[~finite & ~np.isnan(theirs)])
    rtol, atol = TOLERANCES[dtype]
    if name == "digamma" and dtype is np.float32:
        atol = 2e-5 * np.maximum(1, np.abs(x[finite]))  # torch's float32 cancellation at the zeros
    close = np.isclose(ours[finite], theirs[finite], rtol=rtol, atol=atol)
    worst = np.flatnonzero(~close)[:5]
    assert close.all(), [(x[finite][i], ours[finite][i], theirs[finite][i]) for i in worst]


def test_gradients_match_torch(torch) -> None:
    x = np.array([0.3, 1.5, 4.0, -2.5, 12.0])
    for name in ("lgamma", "digamma", "polygamma1", "polygamma2"):
        ours_in = t.tensor(x, requires_grad=True)
        theirs_in = torch.tensor(x, requires_grad=True)
        RANGES[name][0](ours_in).sum().backward()
        _torch_function(torch, name)(theirs_in).sum().backward()
        assert np.allclose(ours_in.grad.numpy(), theirs_in.grad.numpy(), rtol=1e-12), name
    y = np.array([-0.99, -0.3, 0.0, 0.7, 0.999999])
    ours_in, theirs_in = t.tensor(y, requires_grad=True), torch.tensor(y, requires_grad=True)
    t.erfinv(ours_in).sum().backward()
    torch.erfinv(theirs_in).sum().backward()
    assert np.allclose(ours_in.grad.numpy(), theirs_in.grad.numpy(), rtol=1e-10)


def _gamma_cdf(a: float, x: float) -> float:
    """``P(a, x)`` by quadrature (a >= 2: the integrand vanishes at 0 and is smooth)."""
    grid = np.linspace(0.0, x, 200001)
    density = np.exp((a - 1) * np.log(np.maximum(grid, 1e-300)) - grid - math.lgamma(a))
    return float(np.sum((density[1:] + density[:-1]) / 2 * np.diff(grid)))


def test_standard_gamma_grad_keeps_the_cdf_value() -> None:
    # d x / d a = -(dP/da) / p(x; a): the draw moves so that its c.d.f. value stays put
    from autograd_lab.ops._special_math import standard_gamma_grad
    for a, x in [(2.0, 1.3), (3.5, 6.0), (7.0, 4.0)]:
        h = 1e-4
        dp_da = (_gamma_cdf(a + h, x) - _gamma_cdf(a - h, x)) / (2 * h)
        density = math.exp((a - 1) * math.log(x) - x - math.lgamma(a))
        got = standard_gamma_grad(np.array(a), np.array(x))
        assert float(got) == pytest.approx(-dp_da / density, rel=1e-5)


def test_standard_gamma_grad_matches_torch(torch) -> None:
    from autograd_lab.ops._special_math import standard_gamma_grad
    a = np.array([0.05, 0.3, 1.0, 2.5, 10.0, 100.0, 1000.0, 0.5, 2.0, 2.0])
    x = np.array([1e-20, 0.2, 1.1, 2.7, 9.0, 103.0, 990.0, 8.0, 0.01, 30.0])
    expected = torch._standard_gamma_grad(torch.tensor(a), torch.tensor(x)).numpy()
    # (torch approximates it, to about 1e-3 relative; the series here is exact to rounding)
    assert np.allclose(standard_gamma_grad(a, x), expected, rtol=2e-3)
