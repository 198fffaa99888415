r"""Local projections (Jordà 2005), the machinery every quarterly local-projection design shares.

A :class:`Design` holds one tenor's regressors and dependent variables on the full quarterly index (NaN
where missing). Column :math:`h = 0 \dots H` of ``targets`` is the cumulative yield change
:math:`y_{t+h} - y_{t-1}` (bp); column :math:`H + 1` is the long run,
:math:`\tfrac13\sum_{h=6}^{8}(y_{t+h} - y_{t-1})` for the default long-run horizons, estimated as one
regression (the same number as averaging the three projections on their common sample, with its own HAC
error). :func:`fit_design` fits one column with Newey–West errors and at least :math:`h + 1` lags, because a
projection's errors overlap :math:`h` quarters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from selloff.calibration.config import CalibrationConfig
from selloff.calibration.regression import NotEstimableError, RegressionFit, fit_ols_hac, hac_maxlags_rule

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Design:
    """Aligned arrays of one tenor's regressions on the full quarterly index (NaN where missing)."""

    names: tuple[str, ...]  # the columns of X ("const" first, the flow regressor second)
    X: FloatArray  # (T, p)
    targets: FloatArray  # (T, H + 2): cumulative changes for h = 0..H, then the long-run average
    dates: tuple[date, ...]


def cumulative_targets(dy: npt.NDArray[np.floating[Any]], config: CalibrationConfig) -> FloatArray:
    """The dependent variables, shape (T, H + 2), from the changes ``dy`` (bp); see the module notes."""
    T, H = len(dy), config.horizons_q
    targets = np.full((T, H + 2), np.nan)
    cumulative = np.zeros(T)
    for h in range(H + 1):
        # y_{t+h} - y_{t-1} = sum of the changes in t..t+h (NaN once the window runs past the data)
        shifted = np.concatenate([dy[h:], np.full(h, np.nan)])
        cumulative = cumulative + shifted
        targets[:, h] = cumulative
    targets[:, H + 1] = targets[:, list(config.long_run_horizons_q)].mean(axis=1)
    return targets


def usable_rows(
    design: Design, column: int, mask: npt.NDArray[np.bool_] | None = None
) -> npt.NDArray[np.bool_]:
    """Rows where the target ``column`` and every regressor are present (and ``mask`` holds)."""
    ok = np.isfinite(design.targets[:, column]) & np.all(np.isfinite(design.X), axis=1)
    return ok if mask is None else ok & mask


def _maxlags(n_obs: int, column: int, config: CalibrationConfig) -> int:
    # a projection h quarters out has errors overlapping h quarters; the long run overlaps max(h)
    horizon = column if column <= config.horizons_q else max(config.long_run_horizons_q)
    return max(hac_maxlags_rule(n_obs), horizon + 1)


def fit_design(
    design: Design,
    column: int,
    config: CalibrationConfig,
    mask: npt.NDArray[np.bool_] | None = None,
    *,
    diagnostics: bool = False,
) -> RegressionFit:
    """OLS + Newey–West of target ``column`` (h = 0..H, then H + 1 = long run) on the design's regressors.

    Raises :class:`~selloff.calibration.regression.NotEstimableError` when too few rows are usable, or when
    the full sample (no ``mask``) has missing quarters inside it.
    """
    rows = usable_rows(design, column, mask)
    n_obs = int(rows.sum())
    if n_obs and not consecutive(np.flatnonzero(rows)) and mask is None:
        # HAC assumes consecutive periods; a hole inside the sample would silently shift lags
        raise NotEstimableError("the sample has gaps (missing quarters inside it)")
    return fit_ols_hac(
        design.targets[rows, column],
        design.X[rows],
        design.names,
        maxlags=_maxlags(n_obs, column, config),
        dates=[d for d, keep in zip(design.dates, rows, strict=True) if keep],
        min_obs=config.min_obs_quarterly,
        diagnostics=diagnostics,
        chow_break=config.chow_break,
        breusch_godfrey_lags=config.breusch_godfrey_lags,
    )


def consecutive(index: npt.NDArray[np.int64]) -> bool:
    """Whether row indices are consecutive (no hole inside the sample)."""
    return bool(np.all(np.diff(index) == 1))
