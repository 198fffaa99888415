"""The legacy debt: buybacks on hand-made debt, the rebuild's calibration targets and its 2020–21 cohorts."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from selloff.projection import fiscal
from selloff.projection.legacy import legacy_paths, starting_marketable_usd_bn
from tests.projection.conftest import one_cohort


def test_buybacks_retire_coupons_pro_rata() -> None:
    legacy = one_cohort(100.0, 3.0, 60)
    bb = np.zeros(12)
    bb[2] = 25.0
    paths = legacy_paths(legacy, 12, bb)
    assert_allclose(paths.outstanding_end[:2], 100.0)
    assert_allclose(paths.outstanding_end[2:], 75.0)
    # bought back at the end of month 2: month 2 still accrues on 100, month 3 on 75
    assert_allclose(paths.fixed_interest[2:4], [100.0 * 3 / 1200, 75.0 * 3 / 1200], rtol=1e-12)
    with pytest.raises(ValueError, match="exceed the eligible"):
        legacy_paths(legacy, 12, np.full(12, 30.0))


def test_legacy_rebuild_hits_the_calibration_targets(setup: fiscal.FiscalSetup) -> None:
    diag = setup.legacy.diagnostics.set_index("fact")
    # calibrated (2 parameters, 2 targets): Treasury's WAM (72 months) and the share maturing in a year
    assert_allclose(diag.loc["wam_months", "model"], 72.0, atol=0.25)
    assert_allclose(diag.loc["maturing_within_1y_pct", "model"], 32.72, atol=0.2)
    # by construction: each type's amount is its MSPD share of the starting stock
    debt = setup.baseline.debt
    start = starting_marketable_usd_bn(setup.baseline)
    for stype, amount in setup.legacy.type_amounts_usd_bn().items():
        assert_allclose(amount, debt.type_shares()[stype] * start, rtol=1e-9)
    # checks, not targets: average coupons by type vs Fiscal Data (30 April 2025), within 15 bp
    for stype in ("bills", "notes", "bonds"):
        assert_allclose(diag.loc[f"avg_rate_{stype}_pct", "model"], debt.avg_rate_pct[stype], atol=0.15)


def test_low_coupon_2020_21_debt_is_rolling_over(setup: fiscal.FiscalSetup) -> None:
    c = setup.legacy.cohorts
    pandemic = c[
        (c["issue_month"] >= "2020-04-01") & (c["issue_month"] <= "2021-12-01") & (c["kind"] == "fixed")
    ]
    amount = pandemic["amount_usd_bn"]
    assert amount.sum() > 1500.0  # a large block of the notes and bonds outstanding
    # issued when the 10-year yielded 0.6–1.7%: a low average coupon (the 30-year reached ~2% at most)
    assert (amount * pandemic["coupon_pct"]).sum() / amount.sum() < 1.2
    assert pandemic["coupon_pct"].max() < 2.5
    # most of it matures inside the projection window, at rates well above its coupons
    inside = pandemic[pandemic["months_to_maturity"] < 120]["amount_usd_bn"].sum()
    assert inside / amount.sum() > 0.6
