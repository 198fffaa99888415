"""The blend rule: Theil-Goldberger mixed estimation, against its closed form and the full mixed estimator.

Blend draws must have the posterior moments (a few percent) and keep the cross-tenor correlation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from selloff.calibration.calibrate import calibrate
from selloff.calibration.combination import blend
from selloff.calibration.config import CalibrationConfig
from selloff.calibration.prior import PriorTable
from selloff.tenors import TENORS
from tests.calib_helpers import synthetic_panels


def test_blend_is_theil_goldberger_mixed_estimation() -> None:
    """Closed form, and the full mixed estimator on a two-coefficient regression as the reference."""
    estimate, se, weight = blend(10.0, 2.0, 4.0, 1.0)
    assert weight == pytest.approx(0.2)
    assert estimate == pytest.approx(0.2 * 10 + 0.8 * 4)
    assert se == pytest.approx(math.sqrt(1 / (1 / 4 + 1)))

    rng = np.random.default_rng(5)
    n = 80
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = X @ np.array([1.0, 3.0]) + rng.normal(size=n)
    sigma2 = 1.0
    V = sigma2 * np.linalg.inv(X.T @ X)
    b = np.linalg.solve(X.T @ X, X.T @ y)
    R, r, omega = np.array([[0.0, 1.0]]), np.array([1.5]), np.array([[0.25]])
    precision = X.T @ X / sigma2 + R.T @ np.linalg.inv(omega) @ R
    mixed = np.linalg.solve(precision, X.T @ y / sigma2 + R.T @ np.linalg.inv(omega) @ r)
    estimate, se, _ = blend(float(b[1]), math.sqrt(V[1, 1]), 1.5, 0.5)
    assert estimate == pytest.approx(mixed[1], rel=1e-9)
    assert se == pytest.approx(math.sqrt(np.linalg.inv(precision)[1, 1]), rel=1e-9)


def test_blend_draws_have_the_posterior_moments_and_keep_the_cross_tenor_correlation(
    prior: PriorTable,
) -> None:
    result = calibrate(synthetic_panels(beta_bp_per_pct_gdp=40.0), prior, CalibrationConfig(n_draws=4000))
    blend = result.response("blend")
    for k in range(len(TENORS)):
        assert blend.irf_draws[:, k, 0].mean() == pytest.approx(
            blend.irf_point[k, 0], abs=0.06 * blend.irf_std_error[k, 0]
        )
        assert blend.irf_draws[:, k, 0].std() == pytest.approx(blend.irf_std_error[k, 0], rel=0.05)
        assert blend.long_run_draws[:, k].std() == pytest.approx(blend.long_run_std_error[k], rel=0.05)
    five, ten = TENORS.index("5y"), TENORS.index("10y")
    assert np.corrcoef(blend.irf_draws[:, five, 0], blend.irf_draws[:, ten, 0])[0, 1] > 0.3
