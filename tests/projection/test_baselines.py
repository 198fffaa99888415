"""Named baselines: what cbo-2025-01 holds, checked against the snapshot's own identities and facts."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.ingest.snapshot import default_snapshot
from selloff.projection.baselines import BASELINES, BUDGET_COLUMNS, SECURITY_TYPES, Baseline, load_baseline


@pytest.fixture(scope="module")
def cbo() -> Baseline:
    return load_baseline("cbo-2025-01")


def test_known_names_and_unknown_name() -> None:
    assert BASELINES == ("cbo-2025-01",)
    with pytest.raises(ValueError, match=r"unknown baseline 'cbo-2026-02'; known baselines: cbo-2025-01"):
        load_baseline("cbo-2026-02")  # partial in the snapshot: deliberately not offered


def test_budget_holds_cbo_numbers(cbo: Baseline) -> None:
    b = cbo.budget
    assert list(b.columns) == list(BUDGET_COLUMNS)
    assert list(b.index) == list(range(2024, 2036))
    # the binding-check targets, straight from CBO's Table 1-1 (publication 60870)
    assert b.loc[2026, "net_interest_usd_bn"] == 1010.0
    assert b.loc[2035, "net_interest_usd_bn"] == 1783.0
    assert b.loc[2025, "debt_held_by_public_usd_bn"] == 30103.0
    # CBO's own identity: revenues − outlays = total deficit (negative = deficit), every year
    assert_allclose(b["revenues_usd_bn"] - b["outlays_usd_bn"], b["total_deficit_usd_bn"], atol=0.5)


def test_projection_window(cbo: Baseline) -> None:
    assert cbo.projection_fys == tuple(range(2026, 2036))
    assert cbo.start_month == pd.Timestamp("2025-10-01")  # first month of FY2026
    assert cbo.horizon_months == 120
    assert cbo.base_fy == 2025


def test_economic_paths(cbo: Baseline) -> None:
    e = cbo.economic
    assert len(e) == 48
    assert e.index[0] == pd.Timestamp("2024-01-01") and e.index[-1] == pd.Timestamp("2035-10-01")
    assert e["tnote_10y_pct"].between(3.0, 5.0).all()
    assert e["tbill_3m_discount_pct"].between(2.5, 6.0).all()


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
    # bills share: MSPD April 2025 vs JEC's September 2025 fact (21.13%), within 0.2 point
    assert_allclose(debt.type_shares()["bills"] * 100.0, debt.facts["bills_share_pct"].value, atol=0.2)


def test_facts_carry_sources(cbo: Baseline) -> None:
    facts = cbo.debt.facts
    assert {
        "wam_months",
        "maturing_within_1y_pct",
        "bills_share_pct",
        "total_marketable_avg_rate_pct",
    } <= set(facts)
    assert facts["wam_months"].value == 72.0
    assert_allclose(facts["maturing_within_1y_pct"].value, 32.7176, atol=1e-4)
    assert all(f.source for f in facts.values())
    assert cbo.debt.avg_rate_pct["notes"] == 2.99 and cbo.debt.avg_rate_pct["tips"] == 0.853


def test_debt_history_reaches_the_start(cbo: Baseline) -> None:
    last = cbo.debt_history["date"].max()
    assert last + pd.DateOffset(months=2) >= cbo.start_month - pd.DateOffset(months=1)
    # FYGFDPUN is in $ millions in FRED; the baseline holds $bn: ~$30tn at the end of FY2025
    assert cbo.debt_history["debt_held_by_public_usd_bn"].iloc[-1] == pytest.approx(30_871, rel=1e-3)
