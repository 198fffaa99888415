"""The custody-flow design: the valuation adjustment, the D-sensitivity, and recovering a known effect."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from selloff.calibration.calibrate import calibrate
from selloff.calibration.designs.custody_flows import d_sensitivity, net_sales_pct_gdp
from selloff.calibration.prior import PriorTable
from tests.calib_helpers import FAST, synthetic_panels


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
    assert net_sales_pct_gdp(q, "foreign_mv", 4.0)[0] == pytest.approx(0.0, abs=1e-12)
    assert net_sales_pct_gdp(q, "foreign_mv", 0.0)[0] == pytest.approx(0.1, rel=1e-12)
    assert net_sales_pct_gdp(q, "foreign_mv", 8.0)[0] == pytest.approx(-0.1, rel=1e-12)
    # face value: transactions already, the duration does not enter
    assert net_sales_pct_gdp(q, "custody_face", 8.0)[0] == pytest.approx(0.1, rel=1e-12)


def test_d_sensitivity_sign_flips_with_the_assumed_duration() -> None:
    """No price impact at all; market-value holdings revalue with a true duration of 4 years.

    Too small a D leaves part of the revaluation in the flow (yields up, value down: a spurious "sale"
    with yields rising, beta > 0); too large a D over-corrects (beta < 0); the true D recovers beta = 0.
    """
    panels = synthetic_panels(beta_bp_per_pct_gdp=0.0, true_duration_years=4.0)
    rows = d_sensitivity(panels.quarterly, FAST)
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


def test_calibration_recovers_a_known_effect(prior: PriorTable) -> None:
    result = calibrate(synthetic_panels(beta_bp_per_pct_gdp=40.0, noise_bp=10.0, n_quarters=160), prior, FAST)
    for tenor in ("5y", "10y", "30y"):
        p = result.parameter(tenor, "impact", "data")
        assert p.ci_low is not None
        assert p.ci_high is not None
        assert p.ci_low < 40.0 < p.ci_high, (tenor, p)


def test_short_subsamples_get_a_not_estimable_row_instead_of_a_fit(prior: PriorTable) -> None:
    result = calibrate(synthetic_panels(n_quarters=70), prior, FAST)
    rows = [r for r in result.regressions if r.spec == "primary/subsample" and r.tenor == "10y"]
    assert rows, "subsamples are reported"
    for row in rows:
        assert row.estimable == (row.n_obs >= FAST.min_obs_quarterly), row
        if not row.estimable:
            assert row.estimate is None
            assert "not estimable" in row.note
