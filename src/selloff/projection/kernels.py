"""Monthly response kernels: the calibration's quarterly impulse responses → bp per 1% sold, by month.

The calibration (:class:`~selloff.calibration.impact.PriceImpact`) gives, per tenor and for each joint
draw, the yield response in bp to a sale of 1% of GDP at quarterly horizons :math:`0 … H` and a long-run
response. :func:`monthly_kernel` turns them into the monthly kernel :math:`g_\\tau(j)` of each of the six
tenors under the scenario's persistence, and :func:`convolve` applies it to a path of sales:

.. math::

    \\Delta y_{\\tau, t} = \\sum_{u \\le t} x_u\\,g_\\tau(t - u)

with :math:`x_u` the effective sale of month :math:`u` in percent of the denominator
(:mod:`selloff.projection.prepare`). Sign: the calibration's — bp per sale of 1% of GDP, positive =
yields rise.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from selloff.calibration.impact import PriceImpact
from selloff.projection.curve import TENOR_YEARS_ARRAY, interpolation_matrix
from selloff.projection.prepare import PreparedScenario
from selloff.tenors import TENOR_YEARS

FloatArray = npt.NDArray[np.float64]

TRANSITION_QUARTERS = 4
"""Beyond the last estimated horizon H the response moves linearly to its long-run value (or to zero
for ``transitory``) over this many quarters, then stays there."""


def tenor_map(impact: PriceImpact) -> FloatArray:
    """(impact tenors × 6): the calibration's tenors interpolated onto the six standard tenors."""
    src_years = [TENOR_YEARS[t] for t in impact.tenors]
    order = np.argsort(src_years)
    w_sorted = interpolation_matrix(TENOR_YEARS_ARRAY, np.asarray(src_years)[order])
    w = np.zeros_like(w_sorted)
    w[order] = w_sorted
    return w


def kernel_matrix(n_horizons: int, horizon: int, persistence: str) -> FloatArray:
    """(H+2 × months) weights turning ``[irf_0, …, irf_H, long_run]`` (quarters) into a monthly kernel.

    Month :math:`j` after a sale sits at quarter :math:`q = j/3`: linear between estimated quarters up to
    :math:`H`; then linear over :data:`TRANSITION_QUARTERS` to the long-run response (``estimated``) or to
    zero (``transitory``); ``permanent`` holds the response at :math:`H` (the running peak is taken later).
    """
    H = n_horizons - 1
    q = np.arange(horizon) / 3.0
    w = np.zeros((n_horizons + 1, horizon))
    for j, qj in enumerate(q):
        if qj <= H:
            lo = min(int(np.floor(qj)), H)
            hi = min(lo + 1, H)
            frac = qj - lo if hi > lo else 0.0
            w[lo, j] += 1.0 - frac
            w[hi, j] += frac
        else:
            a = min((qj - H) / TRANSITION_QUARTERS, 1.0)
            w[H, j] += 1.0 - a
            if persistence == "estimated":
                w[H + 1, j] += a
            elif persistence == "permanent":
                w[H, j] += a
    return w


def monthly_kernel(irf: FloatArray, long_run: FloatArray, horizon: int, persistence: str) -> FloatArray:
    """Monthly kernel (…, 6, months), bp per 1% sold, from quarterly IRFs (…, 6, H+1) and long run (…, 6)."""
    q = kernel_matrix(irf.shape[-1], horizon, persistence)
    stacked = np.concatenate([irf, long_run[..., None]], axis=-1)
    g = stacked @ q
    if persistence == "permanent":
        g = np.maximum.accumulate(g, axis=-1)  # the largest rise so far is never undone (upper bound)
    return g


def convolve(kernel: FloatArray, x: FloatArray) -> FloatArray:
    """Discrete convolution along the last axis: ``kernel`` (…, T), ``x`` (T,).

    .. math:: \\Delta y_t = \\sum_{u \\le t} x_u\\, g(t - u)
    """
    T = kernel.shape[-1]
    toeplitz = np.zeros((T, T))
    for lag in range(T):
        toeplitz[lag, lag:] = x[: T - lag]
    return kernel @ toeplitz


def draw_kernels(prep: PreparedScenario, impact: PriceImpact, idx: npt.NDArray[np.int64]) -> FloatArray:
    """Monthly kernels (D, 6, T) of the calibration's draws ``idx``: the same draw for every tenor and
    horizon (joint draws keep each simulated curve coherent)."""
    m = tenor_map(impact)
    irf = np.einsum("dsh,st->dth", impact.irf_bp_per_pct_gdp[idx], m)
    lr = impact.long_run_bp_per_pct_gdp[idx] @ m
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)


def point_kernel(prep: PreparedScenario, impact: PriceImpact) -> FloatArray:
    """The monthly kernel (1, 6, T) of the calibration's point estimates."""
    m = tenor_map(impact)
    irf = np.einsum("sh,st->th", impact.point_irf_bp_per_pct_gdp, m)[None]
    lr = (impact.point_long_run_bp_per_pct_gdp @ m)[None]
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)
