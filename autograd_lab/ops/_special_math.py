"""The numerics behind ``erfinv``, ``lgamma``, ``digamma`` and ``polygamma``, on numpy arrays.

numpy has none of these functions (and the package does not depend on scipy), so they are computed
here: in float64 whatever the input's dtype, then rounded to it, with torch's values at the special
points (poles, the ends of erfinv's domain, infinities). The op classes in ``elementwise`` call them
from their ``forward``; this module is numerics only (no tensors, no graph).

- ``erfinv``: an approximate inverse (Winitzki's closed form, about 2e-3 relative), refined by two
  Halley steps on ``erf`` (``erfc`` where ``|x| > 0.5``, so the residual keeps its digits near ±1):
  each step cubes the relative error, so two steps reach float64 rounding.
- ``lgamma``: ``math.lgamma`` element by element (the C library's, accurate to the last digits even
  next to its zeros at 1 and 2, where formulas such as Lanczos's lose the relative precision).
- ``digamma`` and ``trigamma``: reflection for small or negative ``x``, the recurrence
  ``psi(x) = psi(x + 1) - 1/x`` up to ``x >= 10``, then the asymptotic series in ``1/x^2``.
- ``polygamma(n, x)`` for ``n >= 2``: ``(-1)^(n+1) n! zeta(n+1, x)``, the Hurwitz zeta function summed
  directly up to ``x + N >= 10`` and completed by the Euler-Maclaurin formula.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["erfinv", "lgamma", "digamma", "polygamma"]

_erf = np.frompyfunc(math.erf, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

# Bernoulli numbers B_2, B_4, ..., B_20: the coefficients of the asymptotic series below
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798,
              -174611 / 330)
_SHIFT_TO = 10.0  # the recurrences move x up to here before the asymptotic series is used


def _float64(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def erfinv(a: np.ndarray) -> np.ndarray:
    """The inverse of ``erf`` on [-1, 1]: ±inf at ±1, NaN outside (and for NaN)."""
    x = _float64(a)
    size = np.abs(x)
    inside = size < 1
    z = np.where(inside, size, 0.0)  # values outside are set at the end; keep them out of the math
    # initial guess (Winitzki): with L = log(1 - z^2) and c = 2 / (pi 0.147) + L / 2,
    # erfinv(z) ~ sqrt(sqrt(c^2 - L / 0.147) - c); for tiny z, the series' first term z sqrt(pi) / 2
    log_term = np.log((1 - z) * (1 + z))
    c = 2 / (math.pi * 0.147) + log_term / 2
    y = np.sqrt(np.maximum(np.sqrt(c * c - log_term / 0.147) - c, 0.0))
    y = np.where(z < 1e-4, z / _TWO_OVER_SQRT_PI, y)
    tail = z > 0.5
    for _ in range(2):
        # Halley's step on f(y) = erf(y) - z (f' = 2/sqrt(pi) exp(-y^2), f'' = -2 y f'):
        # with s = f / f', y <- y - s / (1 + y s); near 1, f = (1 - z) - erfc(y) keeps its digits
        residual = np.empty_like(y)
        residual[tail] = (1 - z[tail]) - np.array(_erfc(y[tail]), dtype=np.float64)
        residual[~tail] = np.array(_erf(y[~tail]), dtype=np.float64) - z[~tail]
        step = residual / (_TWO_OVER_SQRT_PI * np.exp(-y * y))
        y = y - step / (1 + y * step)
    y = np.where(size == 1, np.inf, np.where(inside, y, np.nan))
    return np.copysign(y, x).astype(a.dtype)


def _asymptotic_digamma(x: np.ndarray) -> np.ndarray:
    """``psi(x) ~ log(x) - 1/(2x) - sum_k B_2k / (2k x^2k)`` for x >= 10."""
    inverse_square = 1 / (x * x)
    series = np.zeros_like(x)
    for k in range(len(_BERNOULLI), 0, -1):  # Horner's scheme in 1/x^2
        series = (series + _BERNOULLI[k - 1] / (2 * k)) * inverse_square
    return np.log(x) - 0.5 / x - series


def _asymptotic_trigamma(x: np.ndarray) -> np.ndarray:
    """``psi1(x) ~ 1/x + 1/(2x^2) + 1/(6x^3) - 1/(30x^5) + 1/(42x^7)``: the series to torch's last
    term (the next, ``-1/(30x^9)``, is torch's truncation error: about 1e-9 at x = 7)."""
    inverse_square = 1 / (x * x)
    series = np.zeros_like(x)
    for k in range(3, 0, -1):
        series = (series + _BERNOULLI[k - 1]) * inverse_square
    return (1 + 0.5 / x + series) / x


def _shift_up(x: np.ndarray, term: int) -> tuple[np.ndarray, np.ndarray]:
    """Move ``x`` up to at least 10 by steps of 1 and sum what the recurrence removes there:
    ``1/x`` (``term`` 1, digamma's) or ``1/x^2`` (``term`` 2, trigamma's)."""
    removed = np.zeros_like(x)
    low = x < _SHIFT_TO
    while low.any():
        removed = removed + np.where(low, 1 / x**term, 0.0)
        x = np.where(low, x + 1, x)
        low = x < _SHIFT_TO
    return x, removed


def _pi_times(a: np.ndarray) -> np.ndarray:
    """``pi * a`` rounded in ``a``'s dtype, as torch forms the argument of its reflection formulas
    (so values at the poles, where the reflection divides by a rounding error, are torch's too)."""
    return _float64(a.dtype.type(math.pi) * a)


def digamma(a: np.ndarray) -> np.ndarray:
    """``psi(a) = d/da log Gamma(a)``: -inf at +0, inf at -0, NaN at the negative integers and -inf."""
    x = _float64(a)
    with np.errstate(all="ignore"):
        negative = x < 0
        # reflection: psi(x) = psi(1 - x) - pi / tan(pi x), with x's fractional part (same tangent)
        fraction = x - np.trunc(x)
        reflected = np.where(negative, 1 - x, x)
        shifted, removed = _shift_up(np.where(np.isfinite(reflected), reflected, _SHIFT_TO), 1)
        result = _asymptotic_digamma(shifted) - removed
        result = np.where(np.isfinite(reflected), result, reflected)  # inf -> inf, NaN -> NaN
        result = np.where(negative, result - math.pi / np.tan(math.pi * fraction), result)
        result = np.where(negative & (x == np.trunc(x)), np.nan, result)  # the poles, and -inf
        result = np.where(x == 0, np.copysign(np.inf, -x), result)
    return result.astype(a.dtype)


def _trigamma(a: np.ndarray) -> np.ndarray:
    """``psi1(a)``, the derivative of digamma, computed as torch computes it:
    ``psi1(x) = pi^2 / sin^2(pi x) - psi1(1 - x)`` below 1/2, then six steps of the recurrence
    ``psi1(x) = psi1(x + 1) + 1/x^2`` and the asymptotic series (so values agree with torch's to
    rounding, torch's truncation error of about 1e-9 relative included)."""
    x = _float64(a)
    with np.errstate(all="ignore"):
        small = x < 0.5
        reflected = np.where(small, 1 - x, x)
        finite = np.isfinite(reflected)
        shifted = np.where(finite, reflected, _SHIFT_TO)
        removed = np.zeros_like(shifted)
        for _ in range(6):
            removed = removed + 1 / (shifted * shifted)
            shifted = shifted + 1
        result = np.where(finite, _asymptotic_trigamma(shifted) + removed,
                          np.where(np.isnan(reflected), np.nan, 0.0))
        result = np.where(small, math.pi**2 / np.sin(_pi_times(a)) ** 2 - result, result)
        result = np.where(np.isneginf(x), np.nan, result)
    return result


def _direct_terms(s: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sum_{k<N} (q + k)^-s`` with ``N = max(10, ceil(10 - q))`` terms for each element (so that
    ``q + N >= 10``), and ``q + N``. Summed in blocks of k (a very negative q needs many terms)."""
    count = np.maximum(10, np.ceil(_SHIFT_TO - q)).astype(np.int64)
    total = np.zeros_like(q)
    start = 0
    while True:
        active = np.flatnonzero(count > start)
        if not active.size:
            return total, q + count
        block = max(1, min(4096, (1 << 20) // active.size))
        k = start + np.arange(block)
        terms = (q[active, None] + k) ** -float(s)
        total[active] += np.where(k < count[active, None], terms, 0.0).sum(axis=1)
        start += block


def _hurwitz_zeta(s: int, q: np.ndarray) -> np.ndarray:
    """``zeta(s, q) = sum_k (q + k)^-s`` for an integer ``s >= 3``: the first terms directly, until
    ``q + N >= 10`` (and N >= 10), the rest by Euler-Maclaurin. inf at q = 0, -1, -2, ..."""
    with np.errstate(all="ignore"):
        finite = np.isfinite(q)
        pole = (q <= 0) & (q == np.floor(q))
        total, x = _direct_terms(s, np.where(finite & ~pole, q, _SHIFT_TO).ravel())
        total, x = total.reshape(q.shape), x.reshape(q.shape)
        # the tail from x on: x^(1-s)/(s-1) + x^-s/2 + sum_j B_2j/(2j)! s(s+1)...(s+2j-2) x^(-s-2j+1)
        tail = x ** (1 - s) / (s - 1) + 0.5 * x**-s
        rising = float(s)  # s (s+1) ... (s+2j-2)
        factorial = 2.0  # (2j)!
        power = x ** (-s - 1)
        for j, bernoulli in enumerate(_BERNOULLI, start=1):
            tail = tail + bernoulli / factorial * rising * power
            rising *= (s + 2 * j - 1) * (s + 2 * j)
            factorial *= (2 * j + 1) * (2 * j + 2)
            power = power / (x * x)
        result = np.where(finite, total + tail, np.where(np.isnan(q), np.nan, 0.0))
        return np.where(pole, np.inf, np.where(np.isinf(q), np.nan, result))  # ±inf: NaN, as torch


_EULER_GAMMA = 0.57721566490153286061
_ZETA_MINUS_ONE = tuple(float(_hurwitz_zeta(k, np.array(2.0))) for k in range(2, 32))
"""``zeta(k) - 1`` for k = 2, ..., 31: the coefficients of ``log Gamma`` around 1 and 2."""


def _stirling_lgamma(x: np.ndarray) -> np.ndarray:
    """``log Gamma(x) ~ (x - 1/2) log x - x + log(2 pi) / 2 + sum_k B_2k / (2k (2k-1) x^(2k-1))`` for
    x >= 10 (the series' next term is below 1e-20 there)."""
    inverse_square = 1 / (x * x)
    series = np.zeros_like(x)
    for k in range(len(_BERNOULLI), 0, -1):
        series = series * inverse_square + _BERNOULLI[k - 1] / (2 * k * (2 * k - 1))
    return x * (np.log(x) - 1) - 0.5 * np.log(x) + 0.5 * math.log(2 * math.pi) + series / x


def _lgamma_near_two(z: np.ndarray) -> np.ndarray:
    """``log Gamma(2 + z)`` for ``|z| <= 1/2``: ``(1 - gamma) z + sum_k (-1)^k (zeta(k) - 1) z^k / k``
    (Abramowitz and Stegun 6.1.33 plus ``log(1 + z)``), with no cancellation at the zero z = 0."""
    total = np.zeros_like(z)
    for k in range(len(_ZETA_MINUS_ONE) + 1, 1, -1):  # Horner's scheme
        total = (total + (-1) ** k * _ZETA_MINUS_ONE[k - 2] / k) * z
    return (total + (1 - _EULER_GAMMA)) * z


def _lgamma_positive(x: np.ndarray) -> np.ndarray:
    """``log Gamma(x)`` for finite x > 0: below 1/2 through ``Gamma(x) = Gamma(x + 1) / x``, up to 10
    through ``Gamma(x + 1) = x Gamma(x)`` down to [1.5, 2.5), the series around 1 and 2 there, and
    Stirling's series from 10 on."""
    tiny = x < 0.5
    shifted = np.where(tiny, x + 1, np.minimum(x, _SHIFT_TO))
    factors = np.ones_like(x)  # the product x (x - 1) ... the recurrence takes off above 2.5
    high = shifted >= 2.5
    while high.any():
        shifted = np.where(high, shifted - 1, shifted)
        factors = np.where(high, factors * shifted, factors)
        high = shifted >= 2.5
    near_one = shifted < 1.5
    result = np.where(near_one, _lgamma_near_two(shifted - 1) - np.log1p(shifted - 1),
                      _lgamma_near_two(shifted - 2)) + np.log(factors)
    result = np.where(tiny, result - np.log(x), result)
    return np.where(x >= _SHIFT_TO, _stirling_lgamma(np.maximum(x, _SHIFT_TO)), result)


def lgamma(a: np.ndarray) -> np.ndarray:
    """``log|Gamma(a)|``; inf at 0 and the negative integers and at ±inf, NaN for NaN. Below 0 by
    reflection: ``log|Gamma(x)| = log(pi / |sin(pi x)|) - log Gamma(1 - x)``."""
    x = _float64(a)
    with np.errstate(all="ignore"):
        finite = np.isfinite(x)
        positive = np.where(finite, np.abs(x), 1.0)
        negative = x < 0
        result = _lgamma_positive(np.where(negative, 1 + positive, positive))
        fraction = positive - np.trunc(positive)  # |sin(pi x)| = sin(pi frac(|x|))
        result = np.where(negative, np.log(math.pi / np.sin(math.pi * fraction)) - result, result)
        result = np.where(finite, result, np.abs(x))  # ±inf -> inf, NaN -> NaN
        result = np.where((x <= 0) & (x == np.trunc(x)), np.inf, result)  # the poles
    return result.astype(a.dtype)


def polygamma(n: int, a: np.ndarray) -> np.ndarray:
    """The ``n``-th derivative of digamma (``n >= 0``)."""
    if n == 0:
        return digamma(a)
    if n == 1:
        return _trigamma(a).astype(a.dtype)
    with np.errstate(all="ignore"):
        return ((-1) ** (n + 1) * math.factorial(n) * _hurwitz_zeta(n + 1, _float64(a))).astype(a.dtype)


def standard_gamma_grad(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``dx/da`` for a Gamma(a, 1) draw ``x`` held at a fixed c.d.f. value ``P(a, x)``:
    ``-(dP/da) / p(x; a)``. With the series ``P = x**a e**-x / Gamma(a + 1) * S``,
    ``S = sum_n t_n``, ``t_n = x**n / ((a + 1) ... (a + n))``, this is
    ``-(x / a) * (S (log x - digamma(a + 1)) - T)`` with ``T = sum_n t_n sum_{k<=n} 1 / (a + k)``
    (no exponentials, so nothing overflows for draws of moderate size)."""
    a64, x64 = np.broadcast_arrays(_float64(a), _float64(x))
    term = np.ones_like(a64)
    total = np.ones_like(a64)
    weighted = np.zeros_like(a64)
    harmonic = np.zeros_like(a64)
    # the terms grow while n < x - a, then fall off like a Gaussian of width sqrt(x)
    largest = float(np.max(x64, initial=0.0))
    for n in range(1, int(largest + 30 * math.sqrt(largest) + 100)):
        term = term * x64 / (a64 + n)
        harmonic = harmonic + 1 / (a64 + n)
        total = total + term
        weighted = weighted + term * harmonic
        if np.all(term <= 1e-17 * total):
            break
    with np.errstate(all="ignore"):
        grad = -(x64 / a64) * (total * (np.log(x64) - digamma(a64 + 1)) - weighted)
    return grad.astype(np.result_type(a, x))
