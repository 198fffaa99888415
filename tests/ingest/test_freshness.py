"""Freshness (issue 12 §1): each dataset's latest observation against its usual publication lag, and
`selloff status --check` exiting 1 naming every stale dataset.

Due dates below are worked by hand from the rule in selloff.ingest.freshness: the observation after
``last_date`` covers the next period; it is due ``release_lag_days`` after that period ends.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from selloff.ingest import freshness
from selloff.ingest.catalog import get_spec, load_catalog
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("frequency", "last", "period_end"),
    [
        ("M", date(2025, 10, 1), date(2025, 11, 30)),  # October's average → November's, out in early Dec
        ("M", date(2024, 1, 1), date(2024, 2, 29)),  # leap February
        ("Q", date(2026, 4, 1), date(2026, 9, 30)),  # Q2 → Q3 ends 30 September
        ("Q", date(2025, 10, 1), date(2026, 3, 31)),  # Q4 → next year's Q1
        ("A", date(2020, 1, 1), date(2021, 12, 31)),
        ("W", date(2026, 6, 24), date(2026, 7, 1)),  # week ending Wednesday → the next Wednesday
        ("D", date(2026, 9, 25), date(2026, 9, 26)),
    ],
)
def test_the_next_period_ends_where_the_calendar_says(frequency: str, last: date, period_end: date) -> None:
    assert freshness.next_period_end(frequency, last) == period_end  # type: ignore[arg-type]


def test_a_dataset_is_stale_only_after_its_next_observation_was_due() -> None:
    gs30 = get_spec("GS30")  # monthly, default lag 7 days: October 2025 → November's due 2025-12-07
    on_due = freshness.check({"GS30": date(2025, 10, 1)}, date(2025, 12, 7), specs=[gs30])
    assert on_due[0].due_date == date(2025, 12, 7) and not on_due[0].stale
    day_after = freshness.check({"GS30": date(2025, 10, 1)}, date(2025, 12, 8), specs=[gs30])
    assert day_after[0].stale and day_after[0].days_overdue == 1
    assert day_after[0].describe() == "GS30 (last 2025-10-01, next due by 2025-12-07, 1 days overdue)"


def test_the_catalog_overrides_the_lag_and_missing_data_is_stale() -> None:
    term_premium = get_spec("THREEFYTP10")  # daily, but posted weekly: 14 days in the catalog
    assert freshness.release_lag_days(term_premium) == 14
    (check,) = [
        c
        for c in freshness.check({"THREEFYTP10": date(2026, 9, 25)}, date(2026, 10, 10))
        if c.dataset == "THREEFYTP10"
    ]
    assert check.due_date == date(2026, 10, 10) and not check.stale  # 9-26 + 14 days
    checks = freshness.check({}, date(2026, 1, 1))
    assert [c.dataset for c in checks] == [s.id for s in load_catalog()] + ["TIC"]
    assert all(c.stale and c.last_date is None for c in checks)
    assert checks[-1].describe() == "TIC (no observations stored)"


def test_status_check_names_each_stale_series_and_exits_1(snapshot_warehouse: Path) -> None:
    """On 2026-07-01 the monthly 30-year (ended 2025-10) and the fiscal-year interest series are overdue;
    the other yields and the Fed's weekly Treasury holdings (TREAST, to 2026-08) are current."""
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        latest = freshness.read_latest(con)
    assert latest["GS30"] == date(2025, 10, 1) and latest["GS10"] == date(2026, 6, 1)
    expected = {c.dataset for c in freshness.stale(freshness.check(latest, date(2026, 7, 1)))}
    assert "GS30" in expected and not {"GS10", "GS2", "GFDEBTN", "TREAST", "DGS10"} & expected

    result = run_cli("--warehouse", str(snapshot_warehouse), "status", "--check", "--as-of", "2026-07-01")

    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("stale on 2026-07-01: ")
    named = {
        part.split(" (", 1)[0]
        for part in result.stdout.strip().removeprefix("stale on 2026-07-01: ").split("; ")
    }
    assert named == expected
    assert "GS30 (last 2025-10-01, next due by 2025-12-07, 206 days overdue)" in result.stdout

    # a check date in the future is bad input, refused before anything is read
    future = run_cli("--warehouse", str(snapshot_warehouse), "status", "--check", "--as-of", "2999-01-01")
    assert future.returncode == 2 and "in the future" in future.stderr


RECENT = {"D": date(2026, 6, 30), "W": date(2026, 6, 24), "M": date(2026, 5, 1), "Q": date(2026, 1, 1)}
"""A latest observation each frequency may have on 2026-07-01 without being overdue (worked by hand:
D due 07-06, W 07-04, M 07-07, Q 10-08; annual series get 2025-01-01: due 2027-07-19)."""


def test_status_check_passes_once_every_dataset_is_current(snapshot_warehouse: Path) -> None:
    """Give every overdue dataset a newer observation (as a refresh would), and the check passes."""
    with duckdb.connect(str(snapshot_warehouse)) as con:
        stale = freshness.stale(freshness.check(freshness.read_latest(con), date(2026, 7, 1)))
        for c in stale:
            if c.dataset == freshness.TIC_DATASET:
                con.execute(
                    "insert into raw.tic_holdings select country, date '2026-04-01', holdings_usd_bn, null, "
                    "source, date '2026-06-18', run_id from raw.tic_holdings where date = (select max(date) "
                    "from raw.tic_holdings)"
                )
            else:
                con.execute(
                    "insert into raw.observations values "
                    "(?, ?, 1.0, date '2026-06-30', date '9999-12-31', 'test')",
                    [c.dataset, RECENT.get(c.frequency, date(2025, 1, 1))],
                )
    result = run_cli("--warehouse", str(snapshot_warehouse), "status", "--check", "--as-of", "2026-07-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"fresh on 2026-07-01: all {len(load_catalog()) + 1} datasets")
