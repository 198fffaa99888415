"""The calibration panels (sql/staging/13*, sql/marts/21*) against the snapshot's own CSV files.

Every expected number is read from the embedded snapshot files with pandas, independently of the SQL:
units ($mn → $bn, % → bp), alignment (average vs end of quarter, last Wednesday), the TIC series
breaks, GDP scaling, the regime calendar and ``--as-of`` vintages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from selloff.calibration import store as calib_store
from selloff.ingest.snapshot import snapshot_root
from tests.calib_helpers import SNAPSHOT_VINTAGE, master_warehouse, private_copy

SNAP = snapshot_root()


def fred(series_id: str) -> pd.Series:
    frame = pd.read_csv(SNAP / "fred" / f"{series_id}.csv", parse_dates=["observation_date"])
    return frame.set_index("observation_date")[series_id].astype(float)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def quarterly(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from marts.panel_quarterly").df().set_index("quarter")


@pytest.fixture(scope="module")
def monthly(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from marts.panel_monthly").df().set_index("month")


def test_quarterly_yields_average_and_end_of_quarter_in_percent_changes_in_bp(
    quarterly: pd.DataFrame,
) -> None:
    gs10 = fred("GS10")
    q1 = gs10["2024-01-01":"2024-03-01"]
    row = quarterly.loc[pd.Timestamp("2024-01-01")]
    assert row["yield_10y_avg_pct"] == pytest.approx(q1.mean(), rel=1e-12)
    assert row["yield_10y_eop_pct"] == pytest.approx(gs10["2024-03-01"], rel=1e-12)
    assert row["d_yield_10y_bp"] == pytest.approx(100 * (gs10["2024-03-01"] - gs10["2023-12-01"]), rel=1e-9)
    tb3 = fred("TB3MS")
    assert row["d_yield_3m_bp"] == pytest.approx(100 * (tb3["2024-03-01"] - tb3["2023-12-01"]), rel=1e-9)
    ff = fred("FEDFUNDS")
    assert row["d_policy_rate_bp"] == pytest.approx(100 * (ff["2024-03-01"] - ff["2023-12-01"]), rel=1e-9)


def test_incomplete_quarters_have_no_yield(quarterly: pd.DataFrame) -> None:
    """GS30 in the snapshot ends in October 2025: 2025Q4 has one month, so no 30y value for it."""
    assert fred("GS30").index.max() == pd.Timestamp("2025-10-01")
    assert np.isnan(quarterly.loc[pd.Timestamp("2025-10-01"), "yield_30y_eop_pct"])
    assert not np.isnan(quarterly.loc[pd.Timestamp("2025-07-01"), "yield_30y_eop_pct"])


def test_debt_gdp_and_foreign_holdings_units(quarterly: pd.DataFrame) -> None:
    row, before = quarterly.loc[pd.Timestamp("2024-01-01")], quarterly.loc[pd.Timestamp("2023-10-01")]
    debt, gdp, foreign = fred("FYGFDPUN"), fred("GDP"), fred("FDHBFIN")
    assert row["debt_public_usd_bn"] == pytest.approx(debt["2024-01-01"] / 1000, rel=1e-12)  # $mn → $bn
    assert row["gdp_usd_bn"] == pytest.approx(gdp["2024-01-01"], rel=1e-12)
    expected_ratio = 100 * debt["2024-01-01"] / 1000 / gdp["2024-01-01"]
    assert row["debt_public_pct_gdp"] == pytest.approx(expected_ratio, rel=1e-12)
    assert row["d_debt_public_pct_gdp"] == pytest.approx(
        expected_ratio - before["debt_public_pct_gdp"], rel=1e-9
    )
    change = foreign["2024-01-01"] - foreign["2023-10-01"]
    assert row["foreign_mv_net_change_usd_bn"] == pytest.approx(change, rel=1e-9)
    assert row["foreign_mv_start_usd_bn"] == pytest.approx(foreign["2023-10-01"], rel=1e-12)
    assert row["foreign_mv_net_change_pct_gdp"] == pytest.approx(100 * change / gdp["2024-01-01"], rel=1e-9)
    # marketable debt proxy (FYGFDPUN) at the start of the quarter
    assert row["foreign_mv_net_change_pct_marketable_debt"] == pytest.approx(
        100 * change / (debt["2023-10-01"] / 1000), rel=1e-9
    )


def test_custody_holdings_are_face_value_at_the_last_wednesday_and_missing_before_july_2007(
    quarterly: pd.DataFrame, monthly: pd.DataFrame
) -> None:
    weekly = fred("WMTSECL1")
    march = weekly["2024-03-01":"2024-03-31"]
    december = weekly["2023-12-01":"2023-12-31"]
    row = quarterly.loc[pd.Timestamp("2024-01-01")]
    assert march.index[-1] == pd.Timestamp("2024-03-27")  # the quarter's last Wednesday
    assert row["custody_face_eop_usd_bn"] == pytest.approx(march.iloc[-1] / 1000, rel=1e-12)
    assert row["custody_face_avg_usd_bn"] == pytest.approx(
        weekly["2024-01-01":"2024-03-31"].mean() / 1000, rel=1e-12
    )
    purchases = (march.iloc[-1] - december.iloc[-1]) / 1000
    assert row["custody_net_purchases_usd_bn"] == pytest.approx(purchases, rel=1e-9)
    assert row["custody_net_purchases_pct_gdp"] == pytest.approx(
        100 * purchases / row["gdp_usd_bn"], rel=1e-9
    )
    assert monthly.loc[pd.Timestamp("2024-03-01"), "custody_face_avg_usd_bn"] == pytest.approx(
        march.mean() / 1000
    )
    # FRED serves zeros before 2007-07-04: not reported, so no holdings and no flows
    assert (weekly["2007-06-01":"2007-06-30"] == 0).all()
    assert quarterly.loc[:"2007-04-01", "custody_face_eop_usd_bn"].isna().all()
    assert not np.isnan(quarterly.loc[pd.Timestamp("2007-07-01"), "custody_face_eop_usd_bn"])
    assert np.isnan(quarterly.loc[pd.Timestamp("2007-07-01"), "custody_net_purchases_usd_bn"])
    assert not np.isnan(quarterly.loc[pd.Timestamp("2007-10-01"), "custody_net_purchases_usd_bn"])


def _tic(country: str) -> tuple[pd.Series, pd.Series]:
    main = pd.read_csv(SNAP / "tic" / "major_foreign_holders.csv", parse_dates=["date"])
    old = pd.read_csv(
        SNAP / "tic" / "major_foreign_holders_series_break_comparison.csv", parse_dates=["date"]
    )
    return (
        main[main.country == country].set_index("date")["holdings_bn"],
        old[old.country == country].set_index("date")["holdings_bn_old_series"],
    )


def test_tic_flows_step_over_series_breaks_on_the_old_series(
    monthly: pd.DataFrame, quarterly: pd.DataFrame
) -> None:
    new, old = _tic("Grand Total")
    june = pd.Timestamp("2002-06-01")
    assert june in old.index, "June 2002 is a break month in the snapshot"
    # into the break month: old series of June minus May; out of it: new series of July minus new of June
    assert monthly.loc[june, "tic_total_net_change_usd_bn"] == pytest.approx(
        old[june] - new["2002-05-01"], abs=1e-9
    )
    assert monthly.loc[pd.Timestamp("2002-07-01"), "tic_total_net_change_usd_bn"] == pytest.approx(
        new["2002-07-01"] - new[june], abs=1e-9
    )
    assert bool(monthly.loc[june, "tic_series_break"])
    # never across the break: the quarter's flow is the sum of monthly flows, not the end-of-quarter change
    q2 = quarterly.loc[pd.Timestamp("2002-04-01")]
    expected = (
        (new["2002-04-01"] - new["2002-03-01"])
        + (new["2002-05-01"] - new["2002-04-01"])
        + (old[june] - new["2002-05-01"])
    )
    assert q2["tic_total_net_change_usd_bn"] == pytest.approx(expected, abs=1e-9)
    assert q2["tic_total_net_change_usd_bn"] != pytest.approx(new[june] - new["2002-03-01"], abs=1e-6)
    official_new, official_old = _tic("For. Official")
    assert monthly.loc[june, "tic_official_net_change_usd_bn"] == pytest.approx(
        official_old[june] - official_new["2002-05-01"], abs=1e-9
    )
    # the first month of the table has no previous month: no flow
    assert np.isnan(monthly.loc[pd.Timestamp("2000-03-01"), "tic_total_net_change_usd_bn"])


def test_monthly_panel_has_no_quarterly_series(monthly: pd.DataFrame) -> None:
    quarterly_words = ("gdp", "debt", "foreign_mv", "fed_treasuries", "fed_net")
    assert not [c for c in monthly.columns if any(w in c for w in quarterly_words)]
    gs10 = fred("GS10")
    assert monthly.loc[pd.Timestamp("2020-03-01"), "d_yield_10y_bp"] == pytest.approx(
        100 * (gs10["2020-03-01"] - gs10["2020-02-01"]), rel=1e-9
    )


def test_spines_are_gap_free(monthly: pd.DataFrame, quarterly: pd.DataFrame) -> None:
    months = monthly.index.to_series()
    assert (months.dt.to_period("M").diff().dropna().apply(lambda d: d.n) == 1).all()
    quarters = quarterly.index.to_series()
    assert (quarters.dt.to_period("Q").diff().dropna().apply(lambda d: d.n) == 1).all()
    assert quarters.iloc[0] == pd.Timestamp("1970-01-01")


# FRED's own quarterly averages of TREAST ($mn; frequency=q, aggregation_method=avg), as served before the
# weekly series replaced them in the snapshot (jialis3-2133498/Econ481, see PROVENANCE.md): an independent
# reference for the SQL's quarterly mean of the Wednesday levels.
FRED_TREAST_QUARTERLY_AVG_USD_MN = {
    "2003-01-01": 633174.615384615385,
    "2009-10-01": 775354.692307692308,
    "2010-01-01": 776607.615384615385,
    "2023-10-01": 4858788.307692307692,
    "2024-01-01": 4680826.769230769231,
}


def test_fed_holdings_and_regime_shares(quarterly: pd.DataFrame) -> None:
    weekly = fred("TREAST")  # Wednesday levels, $mn
    for quarter, fred_avg in FRED_TREAST_QUARTERLY_AVG_USD_MN.items():
        start = pd.Timestamp(quarter)
        wednesdays = weekly[start : start + pd.offsets.QuarterEnd(0)]
        assert wednesdays.mean() == pytest.approx(fred_avg, rel=1e-12), quarter
        assert quarterly.loc[start, "fed_treasuries_avg_usd_bn"] == pytest.approx(fred_avg / 1000, rel=1e-12)
    row = quarterly.loc[pd.Timestamp("2010-01-01")]
    assert row["fed_net_purchases_usd_bn"] == pytest.approx(
        (FRED_TREAST_QUARTERLY_AVG_USD_MN["2010-01-01"] - FRED_TREAST_QUARTERLY_AVG_USD_MN["2009-10-01"])
        / 1000,
        rel=1e-9,
    )
    assert bool(row["fed_series_available"])
    # weekly TREAST runs to 2026-08-19: complete quarters to 2026Q2, none before 2003Q1 (2002Q4 has two weeks)
    assert bool(quarterly.loc[pd.Timestamp("2024-07-01"), "fed_series_available"])
    assert quarterly.loc[pd.Timestamp("2026-04-01"), "fed_treasuries_avg_usd_bn"] == pytest.approx(
        weekly["2026-04-01":"2026-06-30"].mean() / 1000, rel=1e-12
    )
    assert np.isnan(quarterly.loc[pd.Timestamp("2002-10-01"), "fed_treasuries_avg_usd_bn"])
    assert quarterly.loc[pd.Timestamp("2009-01-01"), "qe_share"] == 1.0
    assert quarterly.loc[pd.Timestamp("2025-10-01"), "qt_share"] == pytest.approx(2 / 3)  # QT2 ended Nov 2025
    assert quarterly.loc[pd.Timestamp("2016-01-01"), ["qe_share", "qt_share"]].sum() == 0.0


def test_read_panels_as_of_uses_only_vintages_known_then(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = private_copy(master_warehouse(tmp_path_factory), tmp_path)
    with duckdb.connect(str(path)) as con:
        # a later revision of GS10 for March 2024 (4.21 in the snapshot)
        con.execute(
            "insert into raw.observations values "
            "('GS10', date '2024-03-01', 5.0, date '2027-01-15', date '9999-12-31', 'x')"
        )
        latest = calib_store.read_panels(con)
        then = calib_store.read_panels(con, as_of=date.fromisoformat(SNAPSHOT_VINTAGE))
        q1 = pd.Timestamp("2024-01-01")
        assert latest.quarterly.set_index("quarter").loc[q1, "yield_10y_eop_pct"] == 5.0
        assert then.quarterly.set_index("quarter").loc[q1, "yield_10y_eop_pct"] == pytest.approx(4.21)
        assert latest.vintage == date(2027, 1, 15)
        assert then.vintage == date.fromisoformat(SNAPSHOT_VINTAGE)
        assert then.as_of == date.fromisoformat(SNAPSHOT_VINTAGE)
        with pytest.raises(ValueError, match="no observations as of 2026-12-06"):
            calib_store.read_panels(con, as_of=date(2026, 12, 6))


def test_the_contract_columns_exist(quarterly: pd.DataFrame, monthly: pd.DataFrame) -> None:
    for tenor in ("3m", "1y", "2y", "5y", "10y", "30y"):
        for column in (f"yield_{tenor}_avg_pct", f"yield_{tenor}_eop_pct", f"d_yield_{tenor}_bp"):
            assert column in quarterly.columns
        assert f"d_yield_{tenor}_bp" in monthly.columns
    for flow in (
        "custody_net_purchases",
        "tic_total_net_change",
        "tic_official_net_change",
        "foreign_mv_net_change",
    ):
        for unit in ("usd_bn", "pct_gdp", "pct_marketable_debt"):
            assert f"{flow}_{unit}" in quarterly.columns
    for column in ("tic_japan_net_change_usd_bn", "tic_china_net_change_usd_bn", "fed_net_purchases_pct_gdp"):
        assert column in quarterly.columns
