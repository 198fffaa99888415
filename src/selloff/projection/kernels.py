"""Monthly response kernels: the calibration's quarterly impulse responses → bp per 1% sold, by month.

The calibration (:class:`~selloff.calibration.impact.PriceImpact`) gives, per tenor and for each joint
draw, the yield response in bp to a sale of 1% of GDP at quarterly horizons :math:`0 … H` and a long-run
response :math:`L_\\tau`. :func:`monthly_kernel` turns them into a :class:`Kernel` of two parts under the
scenario's persistence: the **flow** (transitory) kernel :math:`f_\\tau(j)`, bp per 1% of the denominator
sold :math:`j` months earlier, and the long-run weight :math:`a(j)` (0 on impact, rising to 1 over the
transition after the last estimated quarter). :func:`shock_bp` applies them to a path of sales:

.. math::

    \\Delta y_{\\tau, t} = \\sum_{u \\le t} x_u\\,f_\\tau(t - u)
        + L_\\tau\\;100\\,\\frac{\\sum_{u \\le t} S_u\\,a(t - u)}{\\text{denominator}_t}

with :math:`x_u = 100\\,S_u/\\text{denominator}_u` the effective sale of month :math:`u` in percent of
the denominator **at** :math:`u` and :math:`S_u` the same sale in effective $bn (after the Fed's absorption
and the duration factors; :mod:`selloff.projection.prepare`). The transitory part is a flow: it follows
the sale at the market's size when it was sold. The persistent part is a **stock**: the sold supply still
weighing on the market (:math:`\\sum S_u a(t-u)`, $bn), in percent of the market **at** :math:`t`, so a
sale's long-run effect shrinks as the market (GDP, or marketable debt) grows over the horizon. With a
constant denominator the two parts add up to the single kernel :math:`g = f + L\\,a` of a plain
convolution, :math:`\\sum_u x_u\\,g(t - u)`.

``persistence = "permanent"`` (the upper bound) holds the response at the last estimated quarter and takes
its running peak: the largest rise so far is never undone, **not even by the market's growth** — the whole
held response stays in the flow part at the market's size when sold, and :math:`a \\equiv 0`. It stays
the upper bound on persistence: nothing of the response decays and nothing is diluted. ``transitory``
decays to zero (:math:`a \\equiv 0`). Sign: the calibration's — bp per sale of 1% of GDP, positive =
yields rise.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Kernel:
    """A response kernel in two parts (see the module's notes), as
    :func:`~selloff.projection.simulate.simulate` takes it.

    Both parts sit in one array, so that :func:`shock_bp` applies them in one matrix product (the cost of
    the single kernel it replaced)."""

    stacked_bp: FloatArray
    """(D, 6, T + 1): the flow part :math:`f(0), …, f(T-1)`, then the long run :math:`L` (see the
    properties)."""
    stock_weight: FloatArray
    """(T,) :math:`a(j)`: the share of a sale still weighing on the market ``j`` months on, 0–1 (the
    long-run row of :func:`kernel_matrix`; 0 throughout for ``permanent`` and ``transitory``)."""

    @property
    def flow_bp(self) -> FloatArray:
        """(D, 6, T) transitory part: bp per 1% of the denominator sold ``j`` months earlier, at the
        market's size when sold (for ``permanent``, the whole held running peak)."""
        return self.stacked_bp[..., :-1]

    @property
    def long_run_bp(self) -> FloatArray:
        """(D, 6) long-run response, bp per 1% of the market outstanding at the month of the yield."""
        return self.stacked_bp[..., -1]

    @property
    def n_draws(self) -> int:
        return int(self.stacked_bp.shape[0])

    def combined_bp(self) -> FloatArray:
        """(D, 6, T) the single kernel :math:`f + L\\,a`: the response with a constant denominator."""
        return np.asarray(self.flow_bp + self.long_run_bp[..., None] * self.stock_weight)


def monthly_kernel(irf: FloatArray, long_run: FloatArray, horizon: int, persistence: str) -> Kernel:
    """The :class:`Kernel` from quarterly IRFs (…, 6, H+1) and long run (…, 6), bp per 1% sold."""
    q = kernel_matrix(irf.shape[-1], horizon, persistence)
    # [irf_0 … irf_H, L] → [f(0) … f(T-1), L]: the long-run row leaves the flow and is carried as itself
    split = np.zeros((q.shape[0], horizon + 1))
    split[:-1, :horizon] = q[:-1]
    split[-1, horizon] = 1.0
    stacked = np.concatenate([irf, long_run[..., None]], axis=-1) @ split
    if persistence == "permanent":  # the largest rise so far is never undone (upper bound)
        stacked[..., :horizon] = np.maximum.accumulate(stacked[..., :horizon], axis=-1)
    return Kernel(stacked, q[-1].copy())


def toeplitz_of(x: FloatArray) -> FloatArray:
    """(T, T) the upper-triangular Toeplitz matrix :math:`M_{j,t} = x_{t-j}`: ``g @ M`` convolves ``g``
    with ``x``."""
    T = len(x)
    toeplitz = np.zeros((T, T))
    for lag in range(T):
        toeplitz[lag, lag:] = x[: T - lag]
    return toeplitz


def convolve(kernel: FloatArray, x: FloatArray) -> FloatArray:
    """Discrete convolution along the last axis: ``kernel`` (…, T), ``x`` (T,).

    .. math:: \\Delta y_t = \\sum_{u \\le t} x_u\\, g(t - u)
    """
    return np.asarray(kernel @ toeplitz_of(x))


def stock_pct(prep: PreparedScenario, stock_weight: FloatArray) -> FloatArray:
    """(T,) the sold supply still weighing on the market, percent of the denominator at each month:

    .. math:: z_t = 100\\,\\frac{\\sum_{u \\le t} S_u\\,a(t - u)}{\\text{denominator}_t}
    """
    T = prep.T
    held = np.convolve(prep.effective_sale_usd_bn, stock_weight)[:T]
    return np.asarray(100.0 * held / prep.denominator_usd_bn)


def shock_bp(prep: PreparedScenario, kernel: Kernel) -> FloatArray:
    """(D, 6, T) the sale's yield response, bp: the flow part convolved with :math:`x_u`, plus the long run
    times the stock still outstanding in percent of the market at :math:`t` (module's notes), as one
    product ``[f, L] @ [[Toeplitz(x)], [z]]``."""
    T = prep.T
    m = np.empty((T + 1, T))
    m[:T] = toeplitz_of(prep.x)
    m[T] = stock_pct(prep, kernel.stock_weight) if kernel.stock_weight.any() else 0.0
    return np.asarray(kernel.stacked_bp @ m)


def draw_kernels(prep: PreparedScenario, impact: PriceImpact, idx: npt.NDArray[np.int64]) -> Kernel:
    """Kernels of the calibration's draws ``idx`` (D of them): the same draw for every tenor and horizon
    (joint draws keep each simulated curve coherent)."""
    m = tenor_map(impact)
    irf = np.einsum("dsh,st->dth", impact.irf_bp_per_pct_gdp[idx], m)
    lr = impact.long_run_bp_per_pct_gdp[idx] @ m
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)


def point_kernel(prep: PreparedScenario, impact: PriceImpact) -> Kernel:
    """The kernel of the calibration's point estimates (one draw)."""
    m = tenor_map(impact)
    irf = np.einsum("sh,st->th", impact.point_irf_bp_per_pct_gdp, m)[None]
    lr = (impact.point_long_run_bp_per_pct_gdp @ m)[None]
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)
