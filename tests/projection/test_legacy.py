"""The legacy debt: buybacks on hand-made debt, the rebuild's calibration targets and its 2020–21 cohorts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.projection import fiscal, legacy
from selloff.projection.baselines import Baseline
from selloff.projection.curve import monthly_curve
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
    # the share maturing within a year is the MSPD's at the end of June 2026 (the month before the start)
    within = diag.loc["maturing_within_1y_pct"]
    assert str(within["as_of"]) == "2026-06-30"
    assert_allclose(within["model"], within["target"], atol=0.2)
    # by construction: each type's amount is its latest published share of the starting stock
    debt = setup.baseline.debt
    month_end = setup.start_month - pd.DateOffset(days=1)
    start = starting_marketable_usd_bn(setup.baseline, setup.start_month)
    assert_allclose(setup.legacy.total_usd_bn, start, rtol=1e-9)
    for stype, amount in setup.legacy.type_amounts_usd_bn().items():
        assert_allclose(amount, debt.type_shares(month_end)[stype] * start, rtol=1e-9)
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


def test_a_stored_fit_on_the_same_inputs_is_reused_and_gives_the_same_debt(
    cbo: Baseline, yields: pd.DataFrame, setup: fiscal.FiscalSetup
) -> None:
    fitted = setup.legacy
    assert fitted.fit is not None and not fitted.fit.reused
    # timestamps in ns or us do not change the key
    as_us = yields.assign(date=pd.to_datetime(yields["date"]).astype("datetime64[us]"))
    known = {fitted.fit.inputs_sha256: fitted.fit}
    reused = fiscal.build_setup(cbo, as_us, reference_gdp=setup.reference_gdp, known_fits=known).legacy
    assert reused.fit is not None and reused.fit.reused
    assert reused.params == fitted.params
    pd.testing.assert_frame_equal(reused.cohorts, fitted.cohorts, rtol=1e-12)
    assert_allclose(reused.realised_interest_usd_bn, fitted.realised_interest_usd_bn, rtol=1e-12)


def test_new_yields_reuse_the_mix_and_give_the_coupons_of_a_fresh_rebuild(
    cbo: Baseline, yields: pd.DataFrame, setup: fiscal.FiscalSetup
) -> None:
    """The mix is fitted on amounts only: other yields keep the key, and the debt rebuilt with the reused
    mix equals a fresh rebuild on those yields (new coupons, same amounts)."""
    fit = setup.legacy.fit
    assert fit is not None
    bumped = yields.copy()
    dates = pd.to_datetime(bumped["date"])
    bumped.loc[
        (bumped["tenor"] == "30y") & (dates >= "2015-01-01") & (dates < "2016-01-01"), "yield_pct"
    ] += 1.0
    curve = monthly_curve(bumped)
    reused = legacy.rebuild_legacy(cbo, curve, setup.start_month, known_fits={fit.inputs_sha256: fit})
    fresh = legacy.rebuild_legacy(cbo, curve, setup.start_month)
    assert reused.fit is not None and reused.fit.reused
    assert fresh.fit is not None and fresh.fit.inputs_sha256 == fit.inputs_sha256
    pd.testing.assert_frame_equal(reused.cohorts, fresh.cohorts, rtol=1e-12)
    # the bump reached the coupons of the 30-year bonds issued in 2015 (still outstanding)
    assert not np.allclose(
        reused.cohorts["coupon_pct"].fillna(0), setup.legacy.cohorts["coupon_pct"].fillna(0)
    )


def test_a_stored_fit_is_not_reused_for_another_start_or_when_it_does_not_reproduce(
    cbo: Baseline, yields: pd.DataFrame, setup: fiscal.FiscalSetup
) -> None:
    fit = setup.legacy.fit
    assert fit is not None
    curve = monthly_curve(yields)
    earlier = setup.start_month - pd.DateOffset(months=3)
    other = legacy.rebuild_legacy(cbo, curve, earlier, known_fits={fit.inputs_sha256: fit})
    assert other.fit is not None and not other.fit.reused and other.fit.inputs_sha256 != fit.inputs_sha256
    # the same key with facts its mix does not reproduce (e.g. a row written by other code): fitted again
    wrong = replace(fit, params=legacy.RebuildParams(1.0, 0.9))
    again = legacy.rebuild_legacy(cbo, curve, setup.start_month, known_fits={fit.inputs_sha256: wrong})
    assert again.fit is not None and not again.fit.reused
    assert again.params == setup.legacy.params
