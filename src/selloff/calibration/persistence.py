"""Persistence of a response: the long-run share and the half-life, with intervals from the joint draws.

Per tenor and method, from :class:`~selloff.calibration.results.MethodResponses`: the long-run share is
long run / impact (a ratio; undefined for a non-positive impact), the half-life the quarters until the
response falls to half its impact (linear between quarters; infinite if it never does within the horizons).
Intervals are the draws' percentiles at the configured level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from selloff.calibration.config import CalibrationConfig
from selloff.calibration.results import MethodResponses, ParameterEstimate
from selloff.tenors import TENORS

FloatArray = npt.NDArray[np.float64]


def half_life_q(irf: npt.ArrayLike) -> float:
    """Quarters until a response falls to half its impact (linear between quarters); inf if it never does.

    NaN when the impact is not positive (there is no rise to halve).
    """
    r = np.asarray(irf, dtype=float)
    if not r[0] > 0:
        return math.nan
    below = np.flatnonzero(r <= r[0] / 2)
    if below.size == 0:
        return math.inf
    h = int(below[0])
    return float(h - 1 + (r[h - 1] - r[0] / 2) / (r[h - 1] - r[h]))


def _half_lives(irf: FloatArray) -> FloatArray:
    """:func:`half_life_q` of every row of ``irf`` (draws, horizons); a non-positive impact gives inf."""
    impact = irf[:, 0]
    below = irf <= impact[:, None] / 2
    h = np.argmax(below, axis=1)
    before = irf[np.arange(len(irf)), np.maximum(h - 1, 0)]
    at = irf[np.arange(len(irf)), h]
    with np.errstate(divide="ignore", invalid="ignore"):
        interpolated = h - 1 + (before - impact / 2) / (before - at)
    never = ~below.any(axis=1) | ~(impact > 0)  # never halves, or nothing to halve (never decays)
    return np.where(never, np.inf, interpolated)


def _order_quantiles(values: FloatArray, probabilities: Sequence[float]) -> list[float]:
    """Quantiles as order statistics ("lower"), so infinite values (never halves) stay infinite."""
    ordered = np.sort(values)
    return [float(ordered[min(math.floor(p * (len(ordered) - 1)), len(ordered) - 1)]) for p in probabilities]


def persistence_parameters(resp: MethodResponses, config: CalibrationConfig) -> list[ParameterEstimate]:
    """Long-run share (long run / impact) and half-life per tenor, intervals from the draws' percentiles."""
    out: list[ParameterEstimate] = []
    tail = (1 - config.ci_level) / 2
    for k, tenor in enumerate(TENORS):
        impact, long_run = float(resp.irf_point[k, 0]), float(resp.long_run_point[k])
        if not (math.isfinite(impact) and math.isfinite(long_run)):
            out += [
                ParameterEstimate(
                    tenor,
                    term,
                    resp.method,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    False,
                    note="not estimable",
                )
                for term in ("long_run_share", "half_life")
            ]
            continue
        # a share of a non-positive impact means nothing: the interval is over draws with a positive impact
        positive = resp.irf_draws[:, k, 0] > 0
        share_draws = resp.long_run_draws[positive, k] / resp.irf_draws[positive, k, 0]
        share = long_run / impact if impact > 0 else None
        lo, hi = np.quantile(share_draws, [tail, 1 - tail]) if share_draws.size else (np.nan, np.nan)
        share_note = (
            ""
            if positive.all()
            else f"interval over the {positive.mean():.0%} of draws with a positive impact"
        )
        out.append(
            ParameterEstimate(
                tenor,
                "long_run_share",
                resp.method,
                share,
                None,
                float(lo) if share is not None else None,
                float(hi) if share is not None else None,
                None,
                None,
                None,
                True,
                note=share_note if share is not None else "impact not positive: no share",
            )
        )
        hl = half_life_q(resp.irf_point[k])
        hl_draws = _half_lives(resp.irf_draws[:, k])
        q = _order_quantiles(hl_draws, (tail, 1 - tail))
        finite = math.isfinite(hl)
        out.append(
            ParameterEstimate(
                tenor,
                "half_life",
                resp.method,
                hl if finite else None,
                None,
                float(q[0]) if math.isfinite(q[0]) else None,
                float(q[1]) if math.isfinite(q[1]) else None,
                None,
                None,
                None,
                True,
                note=""
                if finite
                else (
                    f"does not fall to half its impact within {config.horizons_q} quarters"
                    if math.isinf(hl)
                    else "impact not positive: no half-life"
                ),
            )
        )
    return out
