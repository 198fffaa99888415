"""One regression (OLS with Newey-West errors, diagnostics) against independent references.

OLS coefficients and the Newey-West covariance must equal numpy's lstsq and the textbook formula to
floating-point precision (rtol 1e-9); interval coverage is checked by simulation.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from selloff.calibration.regression import NotEstimableError, _chow, fit_ols_hac, hac_maxlags_rule
from tests.calib_helpers import hand_newey_west


def _ar1(rng: np.random.Generator, n: int, rho: float, scale: float = 1.0) -> np.ndarray:
    shocks = rng.normal(0, scale, n + 50)
    out = np.zeros(n + 50)
    for t in range(1, n + 50):
        out[t] = rho * out[t - 1] + shocks[t]
    return out[50:]


def test_ols_and_newey_west_match_lstsq_and_the_textbook_formula() -> None:
    rng = np.random.default_rng(11)
    n = 150
    X = np.column_stack([np.ones(n), _ar1(rng, n, 0.6), rng.normal(size=n), _ar1(rng, n, 0.3)])
    y = X @ np.array([1.0, 2.5, -0.7, 0.0]) + _ar1(rng, n, 0.5)
    names = ["const", "net_sales_pct_gdp", "b", "c"]
    fit = fit_ols_hac(y, X, names, maxlags=5)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_allclose(fit.params, beta, rtol=1e-9)
    reference = hand_newey_west(X, y - X @ beta, lags=5)
    assert_allclose(fit.cov, reference, rtol=1e-9)
    assert_allclose(fit.std_errors, np.sqrt(np.diag(reference)), rtol=1e-9)
    r2 = 1 - np.sum((y - X @ beta) ** 2) / np.sum((y - y.mean()) ** 2)
    assert fit.r_squared == pytest.approx(r2, rel=1e-9)
    assert fit.df_resid == n - 4


def test_hac_intervals_cover_the_truth_85_to_95_percent_of_the_time() -> None:
    """500 panels, N = 200, AR(1) errors with rho = 0.3 (and an AR(1) regressor): 90% intervals."""
    rng = np.random.default_rng(20250101)
    n, reps, beta = 200, 500, 2.0
    lags = hac_maxlags_rule(n)
    covered = 0
    for _ in range(reps):
        x = _ar1(rng, n, 0.5)
        X = np.column_stack([np.ones(n), x])
        y = 0.3 + beta * x + _ar1(rng, n, 0.3)
        lo, hi = fit_ols_hac(y, X, ["const", "net_sales_pct_gdp"], maxlags=lags).ci(0.90)
        covered += lo <= beta <= hi
    assert 0.85 <= covered / reps <= 0.95, covered / reps


def test_too_few_observations_and_a_singular_design_are_not_estimable() -> None:
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(30), rng.normal(size=30)])
    with pytest.raises(NotEstimableError, match="N=30 is below the minimum of 40"):
        fit_ols_hac(X[:, 1], X, ["const", "net_sales_pct_gdp"], maxlags=2, min_obs=40)
    collinear = np.column_stack([X, 2 * X[:, 1]])
    with pytest.raises(NotEstimableError, match="singular design"):
        fit_ols_hac(X[:, 1], collinear, ["const", "net_sales_pct_gdp", "twice"], maxlags=2)


def test_constant_controls_are_dropped_and_reported() -> None:
    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(60), rng.normal(size=60), np.zeros(60)])
    fit = fit_ols_hac(X[:, 1] + rng.normal(size=60), X, ["const", "net_sales_pct_gdp", "qt"], maxlags=3)
    assert fit.names == ("const", "net_sales_pct_gdp")
    assert fit.dropped == ("qt",)


def test_chow_test_detects_a_break_and_accepts_none() -> None:
    rng = np.random.default_rng(3)
    n = 120
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x])
    after = np.arange(n) >= 60
    _, p_none = _chow(1 + 2 * x + rng.normal(size=n), X, after)
    _, p_break = _chow(1 + np.where(after, 5.0, 2.0) * x + rng.normal(size=n), X, after)
    assert p_none > 0.01
    assert p_break < 1e-6
    # reference: the textbook F with the full regressor set in both parts
    y = 1 + np.where(after, 5.0, 2.0) * x + rng.normal(size=n)

    def ssr(mask: np.ndarray) -> float:
        b = np.linalg.lstsq(X[mask], y[mask], rcond=None)[0]
        return float(np.sum((y[mask] - X[mask] @ b) ** 2))

    expected = ((ssr(np.ones(n, bool)) - ssr(~after) - ssr(after)) / 2) / (
        (ssr(~after) + ssr(after)) / (n - 4)
    )
    assert _chow(y, X, after)[0] == pytest.approx(expected, rel=1e-9)
