"""Named baselines: what cbo-2026-02 and cbo-2025-01 hold, checked against the snapshot's own identities,
CBO's published figures and Treasury's facts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.ingest.snapshot import default_snapshot
from selloff.projection.baselines import (
    BASELINES,
    BUDGET_COLUMNS,
    DEFAULT_BASELINE,
    SECURITY_TYPES,
    Baseline,
    fy_of,
    fy_start,
    load_baseline,
)
from selloff.settings import Settings


@pytest.fixture(scope="module")
def cbo_2025() -> Baseline:
    return load_baseline("cbo-2025-01")


def test_known_names_and_the_default(cbo: Baseline) -> None:
    assert BASELINES == ("cbo-2026-02", "cbo-2025-01")
    assert DEFAULT_BASELINE == "cbo-2026-02" == cbo.name
    assert Settings().baseline == DEFAULT_BASELINE  # the command line's default is the same
    with pytest.raises(ValueError, match=r"unknown baseline 'cbo-2027-01'; known baselines: cbo-2026-02, "):
        load_baseline("cbo-2027-01")


def test_fiscal_years() -> None:
    assert fy_of(pd.Timestamp("2025-10-01")) == 2026 and fy_of(pd.Timestamp("2026-09-01")) == 2026
    assert fy_start(2027) == pd.Timestamp("2026-10-01")


def test_cbo_2026_02_budget_holds_cbo_numbers(cbo: Baseline) -> None:
    b = cbo.budget
    assert list(b.columns) == list(BUDGET_COLUMNS)
    assert list(b.index) == list(range(2025, 2037))
    # CBO, February 2026, Tables 1-1 and 1-3 (snapshot PROVENANCE.md): the binding check's target
    assert b.loc[2026, "net_interest_usd_bn"] == 1038.976
    assert b[["net_interest_usd_bn"]].loc[2027:].isna().all().all()  # not in the data after FY2026
    assert b.loc[2025, "debt_held_by_public_usd_bn"] == 30172.402
    assert b.loc[2036, "debt_held_by_public_usd_bn"] == 56152.391
    assert_allclose(b["revenues_usd_bn"] - b["outlays_usd_bn"], b["total_deficit_usd_bn"], atol=0.002)
    # CBO's FY2026 identity: total deficit − primary deficit = net interest (1,852.703 − 813.727)
    assert_allclose(-b.loc[2026, "total_deficit_usd_bn"] - 813.727, 1038.976, atol=1e-9)
    # published: debt 120% of GDP at the end of FY2036 (American Action Forum, CRFB)
    assert_allclose(b.loc[2036, "debt_held_by_public_usd_bn"] / b.loc[2036, "gdp_usd_bn"], 1.20, atol=0.005)


def test_cbo_2026_02_fiscal_year_price_index_from_calendar_years(cbo: Baseline) -> None:
    cy = pd.read_csv(default_snapshot().path("cbo/economic_annual_cy_2026_02.csv")).set_index("calendar_year")
    price = cy["gdp_price_index"]
    # a fiscal year is the last quarter of the calendar year before and three quarters of its own
    assert_allclose(cbo.budget.loc[2026, "gdp_price_index"], 0.25 * price[2025] + 0.75 * price[2026])


def test_cbo_2026_02_economic_paths(cbo: Baseline) -> None:
    e = cbo.economic
    cy = pd.read_csv(default_snapshot().path("cbo/economic_annual_cy_2026_02.csv")).set_index("calendar_year")
    # quarters from CBO's calendar-year averages: each year's quarters average to CBO's figure
    for year in range(2027, 2036):
        quarters = e.loc[str(year)]
        assert_allclose(quarters["tnote_10y_pct"].mean(), cy.loc[year, "treasury_note_rate_10yr"], atol=0.01)
        assert_allclose(quarters["gdp_usd_bn_saar"].mean(), cy.loc[year, "gdp"], rtol=0.002)
    # against CBO's own quarterly figure for 2026Q1 (51135-2026-02-Economic-Projections): 10-year 4.059%,
    # 3-month bill 3.469% — the annual path is within 0.15 point of them
    quarterly = pd.read_csv(default_snapshot().path("cbo/economic_2026_02_selected_quarterly.csv"))
    published = quarterly.set_index("variable")["value"]
    q1 = e.loc[pd.Timestamp("2026-01-01")]
    assert_allclose(q1["tnote_10y_pct"], published["treasury_note_rate_10yr"], atol=0.15)
    assert_allclose(q1["tbill_3m_discount_pct"], published["treasury_bill_rate_3mo"], atol=0.15)


def test_windows_and_checks(cbo: Baseline, cbo_2025: Baseline) -> None:
    assert cbo.window_fys == tuple(range(2027, 2037)) and cbo.window_start == pd.Timestamp("2026-10-01")
    assert cbo.end_month == pd.Timestamp("2036-09-01")
    assert cbo.checks.net_interest_fys == (2026,) and cbo.checks.net_interest_tolerance_pct == 5.0
    assert cbo.checks.debt_tolerance_pct == 2.0
    assert cbo_2025.window_fys == tuple(range(2026, 2036)) and cbo_2025.end_month == pd.Timestamp(
        "2035-09-01"
    )
    assert cbo_2025.checks.net_interest_fys == (2026, 2035)
    assert cbo_2025.checks.net_interest_tolerance_pct == 10.0 and cbo_2025.checks.debt_tolerance_pct is None


def test_cbo_2025_01_budget_holds_cbo_numbers(cbo_2025: Baseline) -> None:
    b = cbo_2025.budget
    assert list(b.index) == list(range(2024, 2036))
    # the binding-check targets, straight from CBO's Table 1-1 (publication 60870)
    assert b.loc[2026, "net_interest_usd_bn"] == 1010.0
    assert b.loc[2035, "net_interest_usd_bn"] == 1783.0
    assert_allclose(b["revenues_usd_bn"] - b["outlays_usd_bn"], b["total_deficit_usd_bn"], atol=0.5)
    assert len(cbo_2025.economic) == 48


def test_debt_structure_adds_up_to_mspd_total(cbo: Baseline) -> None:
    debt = cbo.debt
    assert set(debt.marketable_usd_bn) == set(SECURITY_TYPES)
    mspd = pd.read_csv(default_snapshot().path("treasury/mspd_table1_2025-04-30.csv")).set_index(
        "security_class"
    )
    held = mspd["debt_held_by_public_mil"] / 1000.0
    # component lines add to MSPD's subtotals within the source's rounding ($3mn); FFB holds none publicly
    assert_allclose(debt.marketable_total_usd_bn, held["Total Marketable"], atol=0.005)
    assert_allclose(debt.nonmarketable_total_usd_bn, held["Total Nonmarketable"], atol=0.005)
    assert_allclose(debt.intragovernmental_marketable_usd_bn, 19.816)


def test_composition_is_the_latest_published_at_each_date(cbo: Baseline) -> None:
    debt = cbo.debt
    # JEC's Monthly Debt Update: bills 21.13% (September 2025), 21.85% (November 2025)
    when, shares = debt.composition_at(pd.Timestamp("2026-06-30"))
    assert when == pd.Timestamp("2025-11-30").date() and shares["bills"] == 21.85
    when, shares = debt.composition_at(pd.Timestamp("2025-09-30"))
    assert when == pd.Timestamp("2025-09-30").date() and shares["bills"] == 21.13
    fractions = debt.type_shares(pd.Timestamp("2026-06-30"))
    assert_allclose(sum(fractions.values()), 1.0, rtol=1e-12)
    # TIPS and FRNs are published together (10.95%) and split in their MSPD Table I proportion
    total = 50.35 + 21.85 + 16.86 + 10.95  # the November 2025 shares, as published (they sum to 100.01)
    assert_allclose((fractions["tips"] + fractions["frn"]) * 100.0, 10.95 / total * 100.0, rtol=1e-12)
    assert_allclose(fractions["tips"] / fractions["frn"], 2026.965 / 618.319, rtol=1e-3)


def test_facts_at_a_date_carry_sources(cbo: Baseline) -> None:
    facts = cbo.debt.facts_at(pd.Timestamp("2026-06-30"))
    assert {
        "wam_months",
        "maturing_within_1y_pct",
        "bills_share_pct",
        "total_marketable_avg_rate_pct",
        "total_marketable_usd_bn",
    } <= set(facts)
    assert facts["wam_months"].value == 72.0
    # MSPD, 30 June 2026: 32.64% of $31,085.8bn matures within a year; held by the public: less the
    # intragovernmental part (MSPD Table I)
    assert_allclose(facts["maturing_within_1y_pct"].value, 32.6402, atol=1e-4)
    assert_allclose(facts["total_marketable_usd_bn"].value, 31085.831 - 19.816, atol=0.01)
    assert facts["maturing_within_1y_pct"].as_of == pd.Timestamp("2026-06-30").date()
    assert all(f.source and ".csv" not in f.source and ".md" not in f.source for f in facts.values())
    older = cbo.debt.facts_at(pd.Timestamp("2025-09-30"))
    assert_allclose(older["maturing_within_1y_pct"].value, 32.7176, atol=1e-4)
    assert cbo.debt.avg_rate_pct["notes"] == 2.99 and cbo.debt.avg_rate_pct["tips"] == 0.853


def test_sources_cite_publications_not_files(cbo: Baseline, cbo_2025: Baseline) -> None:
    for baseline in (cbo, cbo_2025):
        for text in (*baseline.sources.values(), baseline.title, baseline.bridge_base.source):
            assert not any(mark in text for mark in (".csv", ".md", "shared/", "snapshot")), text
    assert cbo.title == "CBO, The Budget and Economic Outlook: 2026 to 2036 (February 2026)"


def test_debt_history_splices_onto_the_mspd(cbo: Baseline) -> None:
    # FYGFDPUN is in $ millions in FRED; the baseline holds $bn: ~$30.9tn at the end of 2025
    assert cbo.debt_history["debt_held_by_public_usd_bn"].iloc[-1] == pytest.approx(30_871, rel=1e-3)
    from selloff.projection.legacy import debt_volume_path

    months = pd.date_range("2025-07-01", "2026-06-01", freq="MS")
    path = debt_volume_path(cbo, months)
    assert np.all(np.isfinite(path))
    # after FRED's last quarter (December 2025) the path grows as the MSPD's monthly totals do
    mspd = cbo.debt.monthly["total_marketable_usd_bn"]
    assert_allclose(path[-1] / path[5], mspd["2026-06-30"] / mspd["2025-12-31"], rtol=1e-12)
