r"""Resampling: the moving-block bootstrap that gives the data estimates their joint draws.

A moving-block bootstrap (blocks of ``block_length_q`` quarters, two years by default) re-estimates every
tenor and horizon of a local-projection design on the same resampled quarters, which gives the joint
dependence across tenors and horizons; :func:`bootstrap_z` returns each coefficient's draws centred and
scaled to unit spread, and the combination (:mod:`selloff.calibration.combination`) rescales them to the
reported (Newey–West) error. The generator is passed in (seeded from ``CalibrationConfig.seed``): no global
random state.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from selloff.calibration.config import FLOW_REGRESSOR, CalibrationConfig
from selloff.calibration.designs.local_projections import Design, usable_rows
from selloff.calibration.regression import RegressionFit
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]


def block_bootstrap_indices(
    rng: np.random.Generator, n_rows: int, block_length: int, n_draws: int
) -> npt.NDArray[np.int64]:
    """Moving-block bootstrap row indices, shape (n_draws, n_rows): blocks of consecutive rows."""
    block = min(block_length, n_rows)
    n_blocks = -(-n_rows // block)
    starts = rng.integers(0, n_rows - block + 1, size=(n_draws, n_blocks))
    return (starts[:, :, None] + np.arange(block)).reshape(n_draws, -1)[:, :n_rows]


def bootstrap_z(
    designs: Mapping[Tenor, Design],
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    config: CalibrationConfig,
    rng: np.random.Generator,
) -> FloatArray:
    """Standardised bootstrap deviations of every flow coefficient, shape (draws, tenors, H + 2).

    The same resampled quarters feed every tenor and horizon, so the draws carry their joint dependence;
    each is centred and scaled to unit spread, for the caller to rescale to the reported standard errors.
    """
    H = config.horizons_q
    T = len(next(iter(designs.values())).dates)
    idx = block_bootstrap_indices(rng, T, config.block_length_q, config.n_draws)
    # a resample is fully described by how often it draws each quarter: X'WX = sum_t count_t x_t x_t'
    counts = np.zeros((config.n_draws, T))
    np.add.at(counts, (np.repeat(np.arange(config.n_draws), T), idx.ravel()), 1.0)
    z = np.zeros((config.n_draws, len(TENORS), H + 2))
    for k, tenor in enumerate(TENORS):
        design = designs[tenor]
        for column in range(H + 2):
            fit = fit_map[(tenor, column)][0]
            if fit is None:
                continue
            keep = [design.names.index(n) for n in fit.names]
            valid = usable_rows(design, column)
            beta = _resampled_ols(
                counts * valid, np.nan_to_num(design.X[:, keep]), np.nan_to_num(design.targets[:, column])
            )[:, fit.names.index(FLOW_REGRESSOR)]
            spread = float(np.std(beta))
            if spread > 0 and np.all(np.isfinite(beta)):
                z[:, k, column] = (beta - beta.mean()) / spread
    return z


def _resampled_ols(counts: FloatArray, X: FloatArray, y: FloatArray) -> FloatArray:
    r"""OLS on many resamples of the same rows: counts (B, T), X (T, p), y (T,) → coefficients (B, p).

    .. math:: \hat\beta_b = \Big(\sum_t c_{bt}\, x_t x_t'\Big)^{-1} \sum_t c_{bt}\, x_t y_t
    """
    B, p = counts.shape[0], X.shape[1]
    XtX = (counts @ np.einsum("tp,tq->tpq", X, X).reshape(len(X), p * p)).reshape(B, p, p)
    Xty = counts @ (X * y[:, None])
    # a resample can miss every quarter where a control is non-zero (e.g. the QT tail): its column is then
    # all zero; a unit diagonal gives it a zero coefficient, the same as dropping it
    draw, column = np.nonzero(np.einsum("bii->bi", XtX) == 0)
    XtX[draw, column, column] = 1.0
    try:
        return np.linalg.solve(XtX, Xty[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.einsum("bpq,bq->bp", np.linalg.pinv(XtX), Xty)
