"""A prepared baseline: the window from the data's end, the binding CBO checks, the bridge, the implied
primary deficit, the monthly paths, the reference GDP and the rate-shift override."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.projection import fiscal
from selloff.projection.baselines import load_baseline
from selloff.projection.engine import to_fiscal_years
from selloff.tenors import TENORS
from tests.projection.conftest import golden, snapshot_gdp


def test_the_projection_starts_after_the_latest_yields(
    setup: fiscal.FiscalSetup, yields: pd.DataFrame
) -> None:
    # the snapshot's GS10 and TB3MS end in June 2026 (GS30 in October 2025, carried on)
    last_10y = pd.Timestamp(yields.loc[yields["tenor"] == "10y", "date"].max())
    assert setup.data_end == last_10y == pd.Timestamp("2026-06-01")
    assert setup.start_month == pd.Timestamp("2026-07-01")
    assert setup.end_month == pd.Timestamp("2036-09-01") and setup.horizon == 123
    assert setup.fys == tuple(range(2026, 2037))
    # FY2026's October–June are history: the rebuilt cohorts give their interest
    assert setup.realised_months == 9
    assert list(setup.legacy.realised_interest_usd_bn.index) == list(
        pd.date_range("2025-10-01", "2026-06-01", freq="MS")
    )


def test_starting_debt_is_the_latest_mspd(setup: fiscal.FiscalSetup) -> None:
    # MSPD, 30 June 2026: total marketable $31,085.831bn less the intragovernmental part ($19.816bn)
    assert_allclose(setup.legacy.total_usd_bn, 31085.831 - 19.816, atol=0.01)


def test_cbo_2026_02_binding_checks(setup: fiscal.FiscalSetup) -> None:
    check = fiscal.baseline_check(setup).set_index("fy")
    # FY2026 net interest within ±5% of CBO's $1,038.976bn (February 2026, Table 1-1)
    assert check.loc[2026, "cbo_net_interest_usd_bn"] == 1038.976
    assert abs(check.loc[2026, "model_net_interest_usd_bn"] / 1038.976 - 1.0) <= 0.05
    assert bool(check.loc[2026, "binding"]) and bool(check.loc[2026, "within_tolerance"])
    assert check.loc[2027:, "cbo_net_interest_usd_bn"].isna().all()  # no CBO figure to compare with
    assert not check.loc[2027:, "binding"].any()
    # debt held by the public within ±2% of CBO's in every year
    gap = check["model_debt_held_by_public_usd_bn"] / check["cbo_debt_held_by_public_usd_bn"] - 1.0
    assert (gap.abs() <= 0.02).all() and check["debt_within_tolerance"].all()
    assert_allclose(check["debt_diff_pct"], gap * 100.0, rtol=1e-12)
    assert check.loc[2026, "realised_months"] == 9 and (check.loc[2027:, "realised_months"] == 0).all()
    assert fiscal.check_passes(fiscal.baseline_check(setup))
    # published, secondary: net interest "4.6% of GDP in 2036" (CBO via nationaltoday.com, 16 Feb 2026): the
    # model's own FY2036 figure (no CBO number in the data) is within 0.3 point of it
    gdp_2036 = setup.baseline.budget.loc[2036, "gdp_usd_bn"]
    assert abs(check.loc[2036, "model_net_interest_usd_bn"] / gdp_2036 * 100.0 - 4.6) < 0.3


def test_cbo_2025_01_binding_check_in_its_own_window(setup_2025: fiscal.FiscalSetup) -> None:
    assert setup_2025.start_month == pd.Timestamp("2025-10-01") and setup_2025.realised_months == 0
    check = fiscal.baseline_check(setup_2025).set_index("fy")
    # FY2026 and FY2035 net interest within ±10% of CBO's $1,010bn and $1,783bn (January 2025)
    for fy, cbo in ((2026, 1010.0), (2035, 1783.0)):
        assert check.loc[fy, "cbo_net_interest_usd_bn"] == cbo
        assert abs(check.loc[fy, "model_net_interest_usd_bn"] / cbo - 1.0) <= 0.10
    assert check["within_tolerance"].all()
    assert check["debt_within_tolerance"].isna().all()  # shown, not binding on this baseline
    # the debt path stays on CBO's (the engine borrows CBO's deficits): within 1% at the end of FY2035
    assert_allclose(check.loc[2035, "model_debt_held_by_public_usd_bn"], 52_056.0, rtol=0.01)
    assert fiscal.check_passes(fiscal.baseline_check(setup_2025))


def test_binding_checks_match_golden_numbers(
    setup: fiscal.FiscalSetup, setup_2025: fiscal.FiscalSetup
) -> None:
    # regression guard: tests/results/golden.json (see its README for where each number comes from)
    for key, prepared in (
        ("baseline_net_interest_usd_bn", setup),
        ("baseline_net_interest_usd_bn_cbo_2025_01", setup_2025),
    ):
        expected = golden()[key]
        assert isinstance(expected, dict)
        check = fiscal.baseline_check(prepared).set_index("fy")
        for fy, value in expected.items():
            assert_allclose(check.loc[int(fy), "model_net_interest_usd_bn"], value, rtol=0.005, err_msg=key)


def test_bridge_reproduces_cbo_fy2025(setup: fiscal.FiscalSetup, setup_2025: fiscal.FiscalSetup) -> None:
    b = setup.bridge
    total = b.marketable_run_rate_usd_bn + b.tips_accretion_usd_bn + b.nonmarketable_interest_usd_bn
    assert b.base_fy == 2025
    assert_allclose(total + b.other_net_interest_base_usd_bn, 952.0, rtol=1e-12)  # CBO FY2025 (Jan 2025)
    # the residual is small: under 3% of net interest, i.e. the bridge is not doing the model's work
    assert abs(b.other_net_interest_base_usd_bn) < 0.03 * 952.0
    assert setup_2025.bridge == b  # one bridge for both baselines: neither is fitted to its own check


def test_primary_deficit_where_cbo_net_interest_is_missing(setup: fiscal.FiscalSetup) -> None:
    """cbo-2026-02 after FY2026: primary deficit = CBO's total deficit − the model's baseline net interest,
    so the baseline's total deficit is CBO's in every year."""
    budget = setup.baseline.budget
    fys = np.array(setup.fys)
    _, primary_monthly = to_fiscal_years(setup.paths.primary_deficit_usd_bn, setup.paths.fy)
    months_in = np.array([(setup.paths.fy == f).sum() for f in fys])
    primary = primary_monthly / months_in * 12.0  # the fiscal year's primary deficit
    net_interest = fiscal.net_interest_fy(setup, setup.base)[:, 0]
    deficit = -budget["total_deficit_usd_bn"].reindex(fys).to_numpy()
    later = fys >= 2027
    assert_allclose(primary[later] + net_interest[later], deficit[later], rtol=1e-9)
    # FY2026: CBO's own primary deficit (Table 1-1: $813.727bn)
    assert_allclose(primary[0], 813.727, rtol=1e-12)
    # and non-interest outlays follow: CBO's outlays less that net interest
    assert_allclose(setup.budget_net_interest_usd_bn[later], net_interest[later], rtol=1e-12)
    assert setup.budget_net_interest_usd_bn[0] == 1038.976


def test_baseline_paths(setup: fiscal.FiscalSetup) -> None:
    p = setup.paths
    assert len(p.months) == 123 and p.months[0] == pd.Timestamp("2026-07-01")
    assert list(np.unique(p.fy)) == list(range(2026, 2037))
    assert_allclose(p.tenor_yields_pct[:, TENORS.index("30y")] - p.tenor_yields_pct[:, TENORS.index("10y")],
                    p.spread_30y_10y_pct)  # fmt: skip
    # GDP: CBO's path rescaled to the observed level of 2026Q1 ($31,819.5bn, FRED GDP) in that quarter
    ref = snapshot_gdp()
    assert ref.label == "2026Q1" and ref.usd_bn == pytest.approx(31819.464)
    unscaled = fiscal.baseline_paths(setup.baseline, setup.observed_curve, setup.start_month)
    econ = setup.baseline.economic["gdp_usd_bn_saar"]
    at_q1 = np.interp(0.0, [-3.0, 3.0], [econ["2025-10-01"], econ["2026-04-01"]])  # mid-February
    assert_allclose(p.gdp_saar_usd_bn / unscaled.gdp_saar_usd_bn, ref.usd_bn / at_q1, rtol=1e-9)
    assert setup.reference_gdp == ref


def test_start_is_bounded_by_the_data_and_the_baseline(yields: pd.DataFrame) -> None:
    cbo = load_baseline("cbo-2026-02")
    with pytest.raises(ValueError, match=r"cannot start in 2026-09: the yields end in 2026-06"):
        fiscal.build_setup(cbo, yields, start=pd.Timestamp("2026-09-01"))
    with pytest.raises(ValueError, match=r"cannot start in 2024-07: cbo-2026-02 covers FY2026–FY2036"):
        fiscal.build_setup(cbo, yields, start=pd.Timestamp("2024-07-01"))


def test_rate_shift_override(setup: fiscal.FiscalSetup) -> None:
    shifted = fiscal.with_overrides(setup, fiscal.BaselineOverrides(rate_shift_bp=10.0))
    assert_allclose(shifted.paths.tenor_yields_pct - setup.paths.tenor_yields_pct, 0.1, rtol=1e-12)
    assert_allclose(shifted.paths.policy_rate_pct - setup.paths.policy_rate_pct, 0.1, rtol=1e-12)
    # the primary deficit is policy: a rate shift leaves it where the baseline put it
    assert_allclose(shifted.paths.primary_deficit_usd_bn, setup.paths.primary_deficit_usd_bn, rtol=0)
    # every new issue costs 10 bp more: the first month's extra interest is on that month's issuance only
    assert shifted.base.interest_usd_bn[0, 0] > setup.base.interest_usd_bn[0, 0] - 1e-9
    assert shifted.base.interest_usd_bn.sum() > setup.base.interest_usd_bn.sum()
    assert fiscal.with_overrides(setup, fiscal.BaselineOverrides()) is setup
