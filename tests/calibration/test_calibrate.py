"""Tests of the pure calibration core against independent references (numpy, closed forms, simulation).

Tolerances are stated per quantity: OLS coefficients and the Newey-West covariance must equal the
hand-written references to floating-point precision (rtol 1e-9); Monte Carlo moments to a few percent.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.calibration import calibrate as cal
from selloff.calibration import store as calib_store
from selloff.tenors import TENORS
from tests.calib_helpers import master_warehouse, synthetic_panels

RESULTS = Path(__file__).parents[1] / "results"
FAST = cal.CalibrationConfig(n_draws=200)


@pytest.fixture(scope="module")
def prior() -> cal.PriorTable:
    return calib_store.load_prior()


@pytest.fixture(scope="module")
def snapshot_panels(tmp_path_factory: pytest.TempPathFactory) -> cal.Panels:
    import duckdb

    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        return calib_store.read_panels(con)


@pytest.fixture(scope="module")
def snapshot_result(snapshot_panels: cal.Panels, prior: cal.PriorTable) -> cal.CalibrationResult:
    return cal.calibrate(snapshot_panels, prior)


# ---------------------------------------------------------------------------------------------------
# one regression against independent references
# ---------------------------------------------------------------------------------------------------


def _hand_newey_west(X: np.ndarray, resid: np.ndarray, lags: int) -> np.ndarray:
    """Newey-West (1987) by the textbook formula, with the n/(n-k) small-sample factor."""
    n, k = X.shape
    scores = X * resid[:, None]
    S = scores.T @ scores
    for lag in range(1, lags + 1):
        weight = 1 - lag / (lags + 1)
        gamma = scores[lag:].T @ scores[:-lag]
        S += weight * (gamma + gamma.T)
    bread = np.linalg.inv(X.T @ X)
    return bread @ S @ bread * n / (n - k)


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
    fit = cal.fit_ols_hac(y, X, names, maxlags=5)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_allclose(fit.params, beta, rtol=1e-9)
    reference = _hand_newey_west(X, y - X @ beta, lags=5)
    assert_allclose(fit.cov, reference, rtol=1e-9)
    assert_allclose(fit.std_errors, np.sqrt(np.diag(reference)), rtol=1e-9)
    r2 = 1 - np.sum((y - X @ beta) ** 2) / np.sum((y - y.mean()) ** 2)
    assert fit.r_squared == pytest.approx(r2, rel=1e-9)
    assert fit.df_resid == n - 4


def test_hac_intervals_cover_the_truth_85_to_95_percent_of_the_time() -> None:
    """500 panels, N = 200, AR(1) errors with rho = 0.3 (and an AR(1) regressor): 90% intervals."""
    rng = np.random.default_rng(20250101)
    n, reps, beta = 200, 500, 2.0
    lags = cal.hac_maxlags_rule(n)
    covered = 0
    for _ in range(reps):
        x = _ar1(rng, n, 0.5)
        X = np.column_stack([np.ones(n), x])
        y = 0.3 + beta * x + _ar1(rng, n, 0.3)
        lo, hi = cal.fit_ols_hac(y, X, ["const", "net_sales_pct_gdp"], maxlags=lags).ci(0.90)
        covered += lo <= beta <= hi
    assert 0.85 <= covered / reps <= 0.95, covered / reps


def test_too_few_observations_and_a_singular_design_are_not_estimable() -> None:
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(30), rng.normal(size=30)])
    with pytest.raises(cal.NotEstimableError, match="N=30 is below the minimum of 40"):
        cal.fit_ols_hac(X[:, 1], X, ["const", "net_sales_pct_gdp"], maxlags=2, min_obs=40)
    collinear = np.column_stack([X, 2 * X[:, 1]])
    with pytest.raises(cal.NotEstimableError, match="singular design"):
        cal.fit_ols_hac(X[:, 1], collinear, ["const", "net_sales_pct_gdp", "twice"], maxlags=2)


def test_constant_controls_are_dropped_and_reported() -> None:
    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(60), rng.normal(size=60), np.zeros(60)])
    fit = cal.fit_ols_hac(X[:, 1] + rng.normal(size=60), X, ["const", "net_sales_pct_gdp", "qt"], maxlags=3)
    assert fit.names == ("const", "net_sales_pct_gdp")
    assert fit.dropped == ("qt",)


def test_chow_test_detects_a_break_and_accepts_none() -> None:
    rng = np.random.default_rng(3)
    n = 120
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x])
    after = np.arange(n) >= 60
    _, p_none = cal._chow(1 + 2 * x + rng.normal(size=n), X, after)
    _, p_break = cal._chow(1 + np.where(after, 5.0, 2.0) * x + rng.normal(size=n), X, after)
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
    assert cal._chow(y, X, after)[0] == pytest.approx(expected, rel=1e-9)


# ---------------------------------------------------------------------------------------------------
# identification: valuation adjustment and the D-sensitivity
# ---------------------------------------------------------------------------------------------------


def test_valuation_adjustment_on_a_hand_example() -> None:
    """$1,000bn held at the start, market value down $20bn while the 5y rose 50 bp, GDP $20,000bn.

    A duration of 4 years loses 4 x 1000 x 0.005 = $20bn to the yield rise: no transactions at all, so
    net sales are 0. With D = 0 the whole $20bn drop counts as a sale: 100 x 20 / 20000 = 0.1% of GDP.
    """
    q = pd.DataFrame(
        {
            "foreign_mv_net_change_usd_bn": [-20.0],
            "foreign_mv_start_usd_bn": [1000.0],
            "d_yield_5y_bp": [50.0],
            "gdp_usd_bn": [20000.0],
            "custody_net_purchases_usd_bn": [-20.0],
        }
    )
    assert cal.net_sales_pct_gdp(q, "foreign_mv", 4.0)[0] == pytest.approx(0.0, abs=1e-12)
    assert cal.net_sales_pct_gdp(q, "foreign_mv", 0.0)[0] == pytest.approx(0.1, rel=1e-12)
    assert cal.net_sales_pct_gdp(q, "foreign_mv", 8.0)[0] == pytest.approx(-0.1, rel=1e-12)
    # face value: transactions already, the duration does not enter
    assert cal.net_sales_pct_gdp(q, "custody_face", 8.0)[0] == pytest.approx(0.1, rel=1e-12)


def test_d_sensitivity_sign_flips_with_the_assumed_duration() -> None:
    """No price impact at all; market-value holdings revalue with a true duration of 4 years.

    Too small a D leaves part of the revaluation in the flow (yields up, value down: a spurious "sale"
    with yields rising, beta > 0); too large a D over-corrects (beta < 0); the true D recovers beta = 0.
    """
    panels = synthetic_panels(beta_bp_per_pct_gdp=0.0, true_duration_years=4.0)
    rows = cal.d_sensitivity(panels.quarterly, FAST)
    ten = {
        r.duration_years: r
        for r in rows
        if r.flow_measure == "foreign_mv" and r.tenor == "10y" and r.term == "impact"
    }
    assert ten[0.0].estimate is not None
    assert ten[0.0].estimate > 2 * (ten[0.0].std_error or 0)
    assert ten[8.0].estimate is not None
    assert ten[8.0].estimate < -2 * (ten[8.0].std_error or 0)
    assert abs(ten[4.0].estimate or 0) < 2 * (ten[4.0].std_error or 1)
    estimates = [ten[d].estimate or 0 for d in sorted(ten)]
    assert all(a > b for a, b in itertools.pairwise(estimates)), "falls monotonically with D"
    face = {
        r.estimate
        for r in rows
        if r.flow_measure == "custody_face" and r.tenor == "10y" and r.term == "impact"
    }
    assert len(face) == 1, "face value does not depend on D"


def test_data_method_allowed_when_the_sign_is_identified_and_refused_when_not(prior: cal.PriorTable) -> None:
    strong = cal.calibrate(synthetic_panels(beta_bp_per_pct_gdp=60.0, noise_bp=10.0), prior, FAST)
    allowed, reason = cal.data_method_allowed(strong)
    assert allowed, reason
    assert (allowed, reason) == (strong.data_method_allowed, strong.data_method_reason)
    cal.price_impact(strong, "data", "calibrate-x")  # does not raise

    weak = cal.calibrate(synthetic_panels(beta_bp_per_pct_gdp=0.0), prior, FAST)
    allowed, reason = cal.data_method_allowed(weak)
    assert not allowed
    assert "sign not stable" in reason
    with pytest.raises(ValueError, match="--method data refused"):
        cal.price_impact(weak, "data", "calibrate-x")


def test_calibration_recovers_a_known_effect(prior: cal.PriorTable) -> None:
    result = cal.calibrate(
        synthetic_panels(beta_bp_per_pct_gdp=40.0, noise_bp=10.0, n_quarters=160), prior, FAST
    )
    for tenor in ("5y", "10y", "30y"):
        p = result.parameter(tenor, "impact", "data")
        assert p.ci_low is not None
        assert p.ci_high is not None
        assert p.ci_low < 40.0 < p.ci_high, (tenor, p)


# ---------------------------------------------------------------------------------------------------
# prior and blend
# ---------------------------------------------------------------------------------------------------


def test_blend_is_theil_goldberger_mixed_estimation() -> None:
    """Closed form, and the full mixed estimator on a two-coefficient regression as the reference."""
    estimate, se, weight = cal.blend(10.0, 2.0, 4.0, 1.0)
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
    estimate, se, _ = cal.blend(float(b[1]), math.sqrt(V[1, 1]), 1.5, 0.5)
    assert estimate == pytest.approx(mixed[1], rel=1e-9)
    assert se == pytest.approx(math.sqrt(np.linalg.inv(precision)[1, 1]), rel=1e-9)


def test_blend_draws_have_the_posterior_moments_and_keep_the_cross_tenor_correlation(
    prior: cal.PriorTable,
) -> None:
    result = cal.calibrate(
        synthetic_panels(beta_bp_per_pct_gdp=40.0), prior, cal.CalibrationConfig(n_draws=4000)
    )
    blend = result.response("blend")
    for k in range(len(TENORS)):
        assert blend.irf_draws[:, k, 0].mean() == pytest.approx(
            blend.irf_point[k, 0], abs=0.06 * blend.irf_std_error[k, 0]
        )
        assert blend.irf_draws[:, k, 0].std() == pytest.approx(blend.irf_std_error[k, 0], rel=0.05)
        assert blend.long_run_draws[:, k].std() == pytest.approx(blend.long_run_std_error[k], rel=0.05)
    five, ten = TENORS.index("5y"), TENORS.index("10y")
    assert np.corrcoef(blend.irf_draws[:, five, 0], blend.irf_draws[:, ten, 0])[0, 1] > 0.3


def test_prior_draws_reproduce_the_table(prior: cal.PriorTable) -> None:
    config = cal.CalibrationConfig(n_draws=20000)
    point, sd, draws = cal._prior_responses(prior, config, np.random.default_rng(0))
    ten = TENORS.index("10y")
    entry_i, entry_l = prior.get("10y", "impact"), prior.get("10y", "long_run")
    assert point[ten, 0] == entry_i.mean_bp_per_pct_gdp
    assert point[ten, -1] == entry_l.mean_bp_per_pct_gdp
    assert draws[:, ten, 0].std() == pytest.approx(entry_i.sd_bp_per_pct_gdp, rel=0.03)
    assert draws[:, ten, -1].mean() == pytest.approx(entry_l.mean_bp_per_pct_gdp, abs=0.15)
    assert draws[:, :, 1].std(axis=0) == pytest.approx(sd[:, 1], rel=0.03)
    five = TENORS.index("5y")
    assert np.corrcoef(draws[:, five, 0], draws[:, ten, 0])[0, 1] == pytest.approx(
        prior.corr_tenors, abs=0.02
    )
    # the response decays from impact to long run with the stated half-life
    h = int(prior.half_life_quarters)
    assert point[ten, h] - entry_l.mean_bp_per_pct_gdp == pytest.approx(
        (entry_i.mean_bp_per_pct_gdp - entry_l.mean_bp_per_pct_gdp) / 2
    )
    # ... and has settled by the long-run horizons, so its long run is the same statistic as the data's
    long_run_h = list(config.long_run_horizons_q)
    assert point[:, long_run_h].mean(axis=1) == pytest.approx(point[:, -1], abs=1e-9)
    assert draws[:, :, long_run_h].mean(axis=2) == pytest.approx(draws[:, :, -1], abs=1e-9)
    assert np.all(np.diff(point[ten, : min(long_run_h) + 1]) < 0)  # impact 50 > long run 12: falls


def test_prior_decay_weights() -> None:
    g = cal.prior_decay_weights(2.0, 6, 8)
    assert g[0] == 1.0 and g[2] == pytest.approx(0.5, abs=1e-12)
    assert np.all(g[6:] == 0.0) and np.all(np.diff(g[:7]) < 0)
    # the straight-line limit: half-life approaching S/2 = 3 quarters
    assert cal.prior_decay_weights(2.999, 6, 8)[1] == pytest.approx(1 - 1 / 6, abs=1e-3)
    with pytest.raises(ValueError, match=r"half_life_quarters must lie in \(0, 3\)"):
        cal.prior_decay_weights(3.5, 6, 8)


def test_prior_table_lands_in_the_published_ranges(prior: cal.PriorTable) -> None:
    """Research file: persistent 10y effect "central 3-5 bp per $100bn"; short-run 10-30 rescaled to 2025."""
    per_100bn = 100 * 100 / prior.conversion_gdp_usd_bn
    assert 3.0 <= prior.get("10y", "long_run").mean_bp_per_pct_gdp * per_100bn <= 5.0
    assert 10.0 <= prior.get("10y", "impact").mean_bp_per_pct_gdp * per_100bn <= 30.0
    for tenor in TENORS:
        assert (
            prior.get(tenor, "impact").mean_bp_per_pct_gdp >= prior.get(tenor, "long_run").mean_bp_per_pct_gdp
        )


def test_prior_table_is_validated() -> None:
    raw = {
        "half_life_quarters": 2,
        "corr_tenors": 0.5,
        "corr_impact_long_run": 0.5,
        "conversion_gdp_usd_bn": 1,
        "prior": [],
    }
    with pytest.raises(ValueError, match="no entry for 3m/impact"):
        cal.parse_prior(raw)
    with pytest.raises(ValueError, match="missing the field 'prior'"):
        cal.parse_prior({k: v for k, v in raw.items() if k != "prior"})


# ---------------------------------------------------------------------------------------------------
# persistence, bootstrap, determinism, bad input
# ---------------------------------------------------------------------------------------------------


def test_half_life_by_hand() -> None:
    assert cal.half_life_q([10.0, 8.0, 6.0, 4.0]) == pytest.approx(2.5)  # 5 is reached between h=2 and h=3
    assert cal.half_life_q([10.0, 9.0, 8.0]) == math.inf
    assert math.isnan(cal.half_life_q([-1.0, 0.0]))


def test_block_bootstrap_draws_whole_blocks() -> None:
    idx = cal.block_bootstrap_indices(np.random.default_rng(9), 50, 8, 100)
    assert idx.shape == (100, 50)
    assert idx.min() >= 0
    assert idx.max() < 50
    steps = np.diff(idx[:, :8], axis=1)
    assert np.all(steps == 1), "the first block is eight consecutive rows"
    assert np.array_equal(idx, cal.block_bootstrap_indices(np.random.default_rng(9), 50, 8, 100))


def test_bootstrap_regressions_equal_lstsq_on_each_resample() -> None:
    """The count-weighted normal equations against an explicit lstsq on every resampled design."""
    rng = np.random.default_rng(4)
    T, B = 40, 60
    X = np.column_stack([np.ones(T), rng.normal(size=(T, 3))])
    y = X @ np.array([0.5, 1.0, -2.0, 0.0]) + rng.normal(size=T)
    idx = cal.block_bootstrap_indices(rng, T, 5, B)
    counts = np.zeros((B, T))
    np.add.at(counts, (np.repeat(np.arange(B), T), idx.ravel()), 1.0)
    reference = np.array([np.linalg.lstsq(X[rows], y[rows], rcond=None)[0] for rows in idx])
    assert_allclose(cal._resampled_ols(counts, X, y), reference, rtol=1e-9, atol=1e-12)


def test_vectorised_half_lives_equal_the_scalar_definition() -> None:
    irf = np.random.default_rng(6).normal(5, 5, size=(500, 9))
    irf[:20, 0] = -1.0
    scalar = np.array([cal.half_life_q(row) for row in irf])
    expected = np.where(np.isnan(scalar), np.inf, scalar)  # no positive impact: never decays
    assert_allclose(cal._half_lives(irf), expected, rtol=1e-12)


def test_same_panels_same_numbers_and_the_seed_only_moves_draws(prior: cal.PriorTable) -> None:
    panels = synthetic_panels()
    a, b = cal.calibrate(panels, prior, FAST), cal.calibrate(panels, prior, FAST)
    pd.testing.assert_frame_equal(a.parameters_frame(), b.parameters_frame())
    for m in cal.METHODS:
        assert np.array_equal(a.response(m).irf_draws, b.response(m).irf_draws, equal_nan=True)
    c = cal.calibrate(panels, prior, replace(FAST, seed=1))
    assert np.array_equal(a.response("data").irf_point, c.response("data").irf_point, equal_nan=True)
    assert not np.allclose(a.response("blend").irf_draws, c.response("blend").irf_draws)


def test_the_inputs_are_not_modified(prior: cal.PriorTable) -> None:
    panels = synthetic_panels()
    before = panels.quarterly.copy(), panels.monthly.copy()
    cal.calibrate(panels, prior, FAST)
    pd.testing.assert_frame_equal(panels.quarterly, before[0])
    pd.testing.assert_frame_equal(panels.monthly, before[1])


def test_bad_input_raises_value_errors_naming_what_is_missing(prior: cal.PriorTable) -> None:
    panels = synthetic_panels()
    with pytest.raises(ValueError, match="lacks the columns gdp_usd_bn"):
        cal.calibrate(replace(panels, quarterly=panels.quarterly.drop(columns="gdp_usd_bn")), prior, FAST)
    no_custody = panels.quarterly.assign(custody_net_purchases_usd_bn=np.nan)
    with pytest.raises(ValueError, match=r"missing series .*WMTSECL1"):
        cal.calibrate(replace(panels, quarterly=no_custody), prior, FAST)
    with pytest.raises(ValueError, match="too short"):
        cal.calibrate(replace(panels, quarterly=panels.quarterly.iloc[:30].copy()), prior, FAST)
    # custody flows that are an exact multiple of the debt control: the design is singular
    q = panels.quarterly
    collinear = q.assign(custody_net_purchases_usd_bn=q["d_debt_public_pct_gdp"] * q["gdp_usd_bn"] / 100)
    with pytest.raises(ValueError, match="singular design"):
        cal.calibrate(replace(panels, quarterly=collinear), prior, FAST)
    with pytest.raises(ValueError, match="primary_flow must be a face-value measure"):
        cal.CalibrationConfig(primary_flow="foreign_mv")


def test_short_subsamples_get_a_not_estimable_row_instead_of_a_fit(prior: cal.PriorTable) -> None:
    result = cal.calibrate(synthetic_panels(n_quarters=70), prior, FAST)
    rows = [r for r in result.regressions if r.spec == "primary/subsample" and r.tenor == "10y"]
    assert rows, "subsamples are reported"
    for row in rows:
        assert row.estimable == (row.n_obs >= FAST.min_obs_quarterly), row
        if not row.estimable:
            assert row.estimate is None
            assert "not estimable" in row.note


def test_price_impact_contract(prior: cal.PriorTable) -> None:
    panels = synthetic_panels()
    result = cal.calibrate(panels, prior, FAST)
    impact = cal.price_impact(result, "blend", "calibrate-1")
    assert impact.irf_bp_per_pct_gdp.shape == (FAST.n_draws, len(TENORS), FAST.horizons_q + 1)
    assert impact.long_run_bp_per_pct_gdp.shape == (FAST.n_draws, len(TENORS))
    assert impact.tenors == TENORS
    assert impact.reference_gdp_usd_bn == pytest.approx(float(panels.quarterly["gdp_usd_bn"].iloc[-1]))
    assert impact.largest_sale_pct_gdp > 0
    assert_allclose(
        impact.point_irf_bp_per_pct_gdp[:, 0],
        [result.parameter(t, "impact", "blend").estimate for t in TENORS],
    )


# ---------------------------------------------------------------------------------------------------
# the snapshot: independent recomputation and golden numbers
# ---------------------------------------------------------------------------------------------------


def test_snapshot_10y_impact_equals_an_independent_numpy_regression(
    snapshot_panels: cal.Panels, snapshot_result: cal.CalibrationResult
) -> None:
    """Rebuild the 10y impact regression from the panel columns by hand and solve it with lstsq."""
    q = snapshot_panels.quarterly
    no_fed = ~q["fed_series_available"].astype(bool)
    frame = pd.DataFrame(
        {
            "y": q["d_yield_10y_bp"],
            "const": 1.0,
            "sales": -100 * q["custody_net_purchases_usd_bn"] / q["gdp_usd_bn"],
            "policy": q["d_policy_rate_bp"],
            "fed": q["fed_net_purchases_pct_gdp"].fillna(0.0),
            "qt": q["qt_share"].where(no_fed, 0.0),
            "debt": q["d_debt_public_pct_gdp"],
            "lag": q["d_yield_10y_bp"].shift(1),
        }
    ).dropna()
    frame = frame.loc[:, (frame.std() > 0) | (frame.columns == "const")]
    X = frame.drop(columns="y").to_numpy()
    beta = np.linalg.lstsq(X, frame["y"].to_numpy(), rcond=None)[0]
    data = snapshot_result.parameter("10y", "impact", "data")
    assert data.n_obs == len(frame)
    assert data.estimate == pytest.approx(beta[1], rel=1e-9)
    resid = frame["y"].to_numpy() - X @ beta
    lags = max(cal.hac_maxlags_rule(len(frame)), 1)
    assert data.std_error == pytest.approx(math.sqrt(_hand_newey_west(X, resid, lags)[1, 1]), rel=1e-9)


def test_snapshot_golden_numbers(snapshot_result: cal.CalibrationResult) -> None:
    """Same warehouse, same numbers: tests/results/calibration_snapshot.json (see its README)."""
    golden = json.loads((RESULTS / "calibration_snapshot.json").read_text())
    result = snapshot_result
    assert result.n_obs == golden["n_obs"]
    assert result.sample_start.isoformat() == golden["sample_start"]
    assert result.sample_end.isoformat() == golden["sample_end"]
    assert result.reference_gdp_usd_bn == pytest.approx(golden["reference_gdp_usd_bn"], rel=1e-12)
    assert result.data_method_allowed == golden["data_method_allowed"]
    frame = result.parameters_frame()
    for row in golden["parameters"]:
        got = frame[
            (frame.tenor == row["tenor"])
            & (frame.term == row["term"])
            & (frame.method == row["method"])
            & (frame.units == row["units"])
        ]
        assert len(got) == 1
        # data and prior are closed-form; the blend involves the bootstrap only through its weights: 1e-6
        assert got["estimate"].iloc[0] == pytest.approx(row["estimate"], rel=1e-6, abs=1e-9)
        assert got["std_error"].iloc[0] == pytest.approx(row["std_error"], rel=1e-6, abs=1e-9)
    for row in golden["d_sensitivity_10y_impact"]:
        got = [
            r
            for r in result.d_sensitivity
            if r.flow_measure == row["flow_measure"]
            and r.tenor == "10y"
            and r.term == "impact"
            and r.duration_years == row["duration_years"]
        ]
        assert got[0].estimate == pytest.approx(row["estimate_bp_per_pct_gdp"], rel=1e-9)


def test_snapshot_identification_is_reported_honestly(snapshot_result: cal.CalibrationResult) -> None:
    result = snapshot_result
    assert not result.data_method_allowed
    assert "sign not stable" in result.data_method_reason
    assert any("conditional correlation" in n for n in result.notes)
    assert any("policy" in n for n in result.notes)
    for tenor in ("3m", "1y"):
        assert "policy-driven" in result.parameter(tenor, "impact", "data").note
    # the blend leans on the prior where the data are weak, and the weight is reported everywhere
    for tenor in TENORS:
        w = result.parameter(tenor, "long_run", "blend").blend_weight
        assert w is not None
        assert 0 <= w < 0.5
    episodes = {(e.episode, e.method) for e in result.episodes if e.tenor == "10y"}
    assert {
        ("march_2020", "blend"),
        ("japan_2022", "blend"),
        ("japan_2024_apr_may", "blend"),
        ("japan_2024_jul", "blend"),
    } <= episodes
