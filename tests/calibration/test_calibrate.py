"""The calibration end to end: the data-method gate, determinism, bad input, the contract with projections,
and the snapshot against an independent regression and its golden numbers.

The snapshot's 10-year impact must equal a hand-built numpy regression to rtol 1e-9; golden numbers are in
tests/results/calibration_snapshot.json (see its README).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate, data_method_allowed, price_impact
from selloff.calibration.config import METHODS, CalibrationConfig
from selloff.calibration.panels import Panels
from selloff.calibration.prior import PriorTable
from selloff.calibration.regression import hac_maxlags_rule
from selloff.calibration.results import CalibrationResult
from selloff.tenors import TENORS
from tests.calib_helpers import FAST, hand_newey_west, master_warehouse, synthetic_panels

RESULTS = Path(__file__).parents[1] / "results"


@pytest.fixture(scope="module")
def snapshot_panels(tmp_path_factory: pytest.TempPathFactory) -> Panels:
    import duckdb

    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        return calib_store.read_panels(con)


@pytest.fixture(scope="module")
def snapshot_result(snapshot_panels: Panels, prior: PriorTable) -> CalibrationResult:
    return calibrate(snapshot_panels, prior)


def test_data_method_allowed_when_the_sign_is_identified_and_refused_when_not(prior: PriorTable) -> None:
    strong = calibrate(synthetic_panels(beta_bp_per_pct_gdp=60.0, noise_bp=10.0), prior, FAST)
    allowed, reason = data_method_allowed(strong)
    assert allowed, reason
    assert (allowed, reason) == (strong.data_method_allowed, strong.data_method_reason)
    price_impact(strong, "data", "calibrate-x")  # does not raise

    weak = calibrate(synthetic_panels(beta_bp_per_pct_gdp=0.0), prior, FAST)
    allowed, reason = data_method_allowed(weak)
    assert not allowed
    assert "sign not stable" in reason
    with pytest.raises(ValueError, match="--method data refused"):
        price_impact(weak, "data", "calibrate-x")


# ---------------------------------------------------------------------------------------------------
# determinism, bad input, the contract with projections
# ---------------------------------------------------------------------------------------------------


def test_same_panels_same_numbers_and_the_seed_only_moves_draws(prior: PriorTable) -> None:
    panels = synthetic_panels()
    a, b = calibrate(panels, prior, FAST), calibrate(panels, prior, FAST)
    pd.testing.assert_frame_equal(a.parameters_frame(), b.parameters_frame())
    for m in METHODS:
        assert np.array_equal(a.response(m).irf_draws, b.response(m).irf_draws, equal_nan=True)
    c = calibrate(panels, prior, replace(FAST, seed=1))
    assert np.array_equal(a.response("data").irf_point, c.response("data").irf_point, equal_nan=True)
    assert not np.allclose(a.response("blend").irf_draws, c.response("blend").irf_draws)


def test_the_inputs_are_not_modified(prior: PriorTable) -> None:
    panels = synthetic_panels()
    before = panels.quarterly.copy(), panels.monthly.copy()
    calibrate(panels, prior, FAST)
    pd.testing.assert_frame_equal(panels.quarterly, before[0])
    pd.testing.assert_frame_equal(panels.monthly, before[1])


def test_bad_input_raises_value_errors_naming_what_is_missing(prior: PriorTable) -> None:
    panels = synthetic_panels()
    with pytest.raises(ValueError, match="lacks the columns gdp_usd_bn"):
        calibrate(replace(panels, quarterly=panels.quarterly.drop(columns="gdp_usd_bn")), prior, FAST)
    no_custody = panels.quarterly.assign(custody_net_purchases_usd_bn=np.nan)
    with pytest.raises(ValueError, match=r"missing series .*WMTSECL1"):
        calibrate(replace(panels, quarterly=no_custody), prior, FAST)
    with pytest.raises(ValueError, match="too short"):
        calibrate(replace(panels, quarterly=panels.quarterly.iloc[:30].copy()), prior, FAST)
    # custody flows that are an exact multiple of the debt control: the design is singular
    q = panels.quarterly
    collinear = q.assign(custody_net_purchases_usd_bn=q["d_debt_public_pct_gdp"] * q["gdp_usd_bn"] / 100)
    with pytest.raises(ValueError, match="singular design"):
        calibrate(replace(panels, quarterly=collinear), prior, FAST)
    with pytest.raises(ValueError, match="primary_flow must be a face-value measure"):
        CalibrationConfig(primary_flow="foreign_mv")


def test_price_impact_contract(prior: PriorTable) -> None:
    panels = synthetic_panels()
    result = calibrate(panels, prior, FAST)
    impact = price_impact(result, "blend", "calibrate-1")
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
    snapshot_panels: Panels, snapshot_result: CalibrationResult
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
    lags = max(hac_maxlags_rule(len(frame)), 1)
    assert data.std_error == pytest.approx(math.sqrt(hand_newey_west(X, resid, lags)[1, 1]), rel=1e-9)


def test_snapshot_golden_numbers(snapshot_result: CalibrationResult) -> None:
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


def test_snapshot_identification_is_reported_honestly(snapshot_result: CalibrationResult) -> None:
    result = snapshot_result
    assert not result.data_method_allowed
    assert "sign not stable" in result.data_method_reason
    assert any("conditional correlation" in n for n in result.notes)
    assert any("policy" in n for n in result.notes)
    for tenor in ("3m", "1y"):
        assert "policy-driven" in result.parameter(tenor, "impact", "data").note
    # the blend's long run is the prior's except at the 10-year, where design C carries most of the weight
    # (3m and 1y: fixed at 0 by the policy path, weight 0); the weight is reported everywhere
    for tenor in TENORS:
        w = result.parameter(tenor, "long_run", "blend").blend_weight
        assert w is not None
        assert (0.5 < w <= 1) if tenor == "10y" else (w == 0)
    episodes = {(e.episode, e.method) for e in result.episodes if e.tenor == "10y"}
    assert {
        ("march_2020", "blend"),
        ("japan_2022", "blend"),
        ("japan_2024_apr_may", "blend"),
        ("japan_2024_jul", "blend"),
    } <= episodes
