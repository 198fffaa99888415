"""The literature prior: the table's validation, its published ranges, the decay shape and the joint draws.

Monte Carlo moments of the draws are checked to a few percent; the decay weights to 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest

from selloff.calibration.config import CalibrationConfig
from selloff.calibration.prior import PriorTable, parse_prior, prior_decay_weights, prior_responses
from selloff.tenors import TENORS


def test_prior_draws_reproduce_the_table(prior: PriorTable) -> None:
    config = CalibrationConfig(n_draws=20000)
    point, sd, draws = prior_responses(prior, config, np.random.default_rng(0))
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
    g = prior_decay_weights(2.0, 6, 8)
    assert g[0] == 1.0 and g[2] == pytest.approx(0.5, abs=1e-12)
    assert np.all(g[6:] == 0.0) and np.all(np.diff(g[:7]) < 0)
    # the straight-line limit: half-life approaching S/2 = 3 quarters
    assert prior_decay_weights(2.999, 6, 8)[1] == pytest.approx(1 - 1 / 6, abs=1e-3)
    with pytest.raises(ValueError, match=r"half_life_quarters must lie in \(0, 3\)"):
        prior_decay_weights(3.5, 6, 8)


def test_prior_table_lands_in_the_published_ranges(prior: PriorTable) -> None:
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
        parse_prior(raw)
    with pytest.raises(ValueError, match="missing the field 'prior'"):
        parse_prior({k: v for k, v in raw.items() if k != "prior"})
