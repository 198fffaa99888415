"""The inputs of the identified designs (sql/marts/22*, sql/staging/14*-16*) against the snapshot's own files.

Expected numbers are computed with pandas from the embedded snapshot's CSV files, independently of the
SQL: daily changes on each tenor's own calendar, the JGB as-of join across Tokyo holidays, term-premium
averages, end-of-quarter levels of weekly series and the private-supply arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from selloff.ingest import store as ingest_store
from selloff.ingest.reference import get_reference
from selloff.ingest.snapshot import snapshot_root
from selloff.warehouse import schema
from tests.calib_helpers import SNAPSHOT_VINTAGE, master_warehouse, private_copy

SNAP = snapshot_root()


def fred(series_id: str) -> pd.Series:
    frame = pd.read_csv(SNAP / "fred" / f"{series_id}.csv", parse_dates=["observation_date"])
    return frame.set_index("observation_date")[series_id].astype(float)


def ref_series(name: str) -> pd.Series:
    frame = pd.read_csv(SNAP / "ref" / name, parse_dates=["date"])
    return frame.set_index("date")["value"].astype(float)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True)
    yield connection
    connection.close()


def test_daily_changes_run_between_valid_closes_on_each_tenors_calendar(
    con: duckdb.DuckDBPyConnection,
) -> None:
    changes = con.execute(
        "select tenor, date, series_id, yield_pct, previous_date, d1_bp, d2_bp from marts.yield_changes_daily"
    ).df()
    for tenor, series_id in (("10y", "DGS10"), ("3m", "DGS3MO")):
        closes = fred(series_id).dropna()
        mine = changes[changes["tenor"] == tenor].set_index("date")
        assert set(mine["series_id"]) == {series_id}
        assert list(mine.index) == list(closes.index)  # one row per valid close, nothing else
        expected_d1 = 100 * closes.diff()
        expected_d2 = 100 * (closes.shift(-1) - closes.shift(1))
        np.testing.assert_allclose(mine["d1_bp"].to_numpy(), expected_d1.to_numpy(), rtol=0, atol=1e-9)
        np.testing.assert_allclose(mine["d2_bp"].to_numpy(), expected_d2.to_numpy(), rtol=0, atol=1e-9)
    ten = changes[changes["tenor"] == "10y"].set_index("date")
    # Good Friday 1998 has no close: Monday's change runs from Thursday 9 April
    monday = ten.loc[pd.Timestamp("1998-04-13")]
    assert monday["previous_date"] == pd.Timestamp("1998-04-09")
    dgs10 = fred("DGS10")
    assert monday["d1_bp"] == pytest.approx(100 * (dgs10["1998-04-13"] - dgs10["1998-04-09"]), abs=1e-9)
    # each tenor keeps its own end: DGS3MO stops on 2026-08-04, DGS10 runs to 2026-08-20
    last = changes.groupby("tenor")["date"].max()
    assert last["3m"] == pd.Timestamp("2026-08-04") and last["10y"] == pd.Timestamp("2026-08-20")
    assert set(changes["tenor"]) == {"3m", "1y", "2y", "5y", "10y", "30y"}  # DTB3 has no tenor: not here


def test_jgb_is_aligned_as_of_the_us_date_across_tokyo_holidays(con: duckdb.DuckDBPyConnection) -> None:
    jgb = ref_series("JGB10Y_daily_MOF.csv")
    aligned = (
        con.execute(
            "select * from marts.jgb_yield_on_us_dates where tenor = '10y' and date between ? and ?",
            [date(2024, 4, 24), date(2024, 5, 6)],
        )
        .df()
        .set_index("date")
    )
    # 29 April 2024 is a Tokyo holiday (Showa Day) and a US trading day: Friday's JGB close carries over
    holiday = aligned.loc[pd.Timestamp("2024-04-29")]
    assert holiday["jgb_date"] == pd.Timestamp("2024-04-26") and holiday["jgb_age_days"] == 3
    assert holiday["jgb_10y_pct"] == jgb["2024-04-26"]
    assert holiday["jgb_d1_bp"] == 0.0
    tuesday = aligned.loc[pd.Timestamp("2024-04-30")]
    assert tuesday["jgb_d1_bp"] == pytest.approx(100 * (jgb["2024-04-30"] - jgb["2024-04-26"]), abs=1e-9)
    assert aligned.loc[pd.Timestamp("2024-04-26"), "jgb_d2_bp"] == pytest.approx(
        100 * (jgb["2024-04-26"] - jgb["2024-04-25"]), abs=1e-9
    )
    # one row per US close of every tenor, keyed like marts.yield_changes_daily
    counts = con.execute(
        "select (select count(*) from marts.jgb_yield_on_us_dates), "
        "(select count(*) from marts.yield_changes_daily)"
    ).fetchone()
    assert counts is not None and counts[0] == counts[1]
    before = con.execute(
        "select count(*) from marts.jgb_yield_on_us_dates "
        "where date < date '1986-07-05' and jgb_10y_pct is not null"
    ).fetchone()
    assert before == (0,)


def test_term_premia_monthly_and_quarterly_means(con: duckdb.DuckDBPyConnection) -> None:
    acm = ref_series("ACMTP10.csv")
    kw = fred("THREEFYTP10").dropna()
    monthly = (
        con.execute(
            "select * from stg.term_premia_monthly_as_of(date '9999-12-31') where month = date '2020-03-01'"
        )
        .df()
        .set_index("model")
    )
    march_acm = acm["2020-03-01":"2020-03-31"]
    assert monthly.loc["acm", "term_premium_avg_pct"] == pytest.approx(march_acm.mean(), rel=1e-12)
    assert monthly.loc["acm", "term_premium_eom_pct"] == march_acm.iloc[-1]
    assert monthly.loc["acm", "n_days"] == len(march_acm)
    assert monthly.loc["kim_wright", "term_premium_avg_pct"] == pytest.approx(
        kw["2020-03-01":"2020-03-31"].mean(), rel=1e-12
    )
    quarterly = (
        con.execute(
            "select * from stg.term_premia_quarterly_as_of(date '9999-12-31') "
            "where quarter = date '2020-01-01'"
        )
        .df()
        .set_index("model")
    )
    assert quarterly.loc["kim_wright", "term_premium_avg_pct"] == pytest.approx(
        kw["2020-01-01":"2020-03-31"].mean(), rel=1e-12
    )
    assert quarterly.loc["acm", "term_premium_last_month_avg_pct"] == pytest.approx(
        march_acm.mean(), rel=1e-12
    )


def test_supply_panel_is_debt_less_fed_less_foreign_official_over_gdp(con: duckdb.DuckDBPyConnection) -> None:
    row = (
        con.execute("select * from marts.panel_supply_quarterly where quarter = date '2024-01-01'")
        .df()
        .iloc[0]
    )
    debt, gdp, treast = fred("FYGFDPUN"), fred("GDP"), fred("TREAST")
    tic = pd.read_csv(SNAP / "tic" / "major_foreign_holders.csv", parse_dates=["date"])
    official = tic[(tic.country == "For. Official") & (tic.date == "2024-03-01")]["holdings_bn"].item()
    last_wednesday = treast["2024-01-01":"2024-03-31"]
    assert last_wednesday.index[-1] == pd.Timestamp("2024-03-27")
    fed = last_wednesday.iloc[-1] / 1000
    assert row["fed_treasuries_eoq_usd_bn"] == pytest.approx(fed, rel=1e-12)
    private = debt["2024-01-01"] / 1000 - fed - official
    assert row["private_supply_usd_bn"] == pytest.approx(private, rel=1e-12)
    assert row["private_supply_pct_gdp"] == pytest.approx(100 * private / gdp["2024-01-01"], rel=1e-12)
    assert row["tp_acm_last_month_avg_pct"] == pytest.approx(
        ref_series("ACMTP10.csv")["2024-03-01":"2024-03-31"].mean(), rel=1e-12
    )
    bund, gilt, jgb = fred("IRLTLT01DEM156N"), fred("IRLTLT01GBM156N"), fred("IRLTLT01JPM156N")
    assert row["global_10y_last_month_pct"] == pytest.approx(
        (bund["2024-03-01"] + gilt["2024-03-01"] + jgb["2024-03-01"]) / 3, rel=1e-12
    )
    assert row["vol_10y_daily_bp"] == pytest.approx(
        (100 * fred("DGS10").dropna().diff())["2024-01-01":"2024-03-31"].std(), rel=1e-9
    )
    # SOMA's Treasury categories equal TREAST on the same Wednesday within $6mn (PROVENANCE.md)
    assert abs(row["fed_treasuries_soma_eoq_usd_bn"] - fed) < 0.006
    # the long sample: no Fed series before 2002-12, debt less all foreign holders from 1970
    early = con.execute(
        "select private_supply_pct_gdp, supply_less_foreign_pct_gdp from marts.panel_supply_quarterly "
        "where quarter = date '1985-01-01'"
    ).fetchone()
    assert early is not None and early[0] is None
    assert early[1] == pytest.approx(
        100 * (debt["1985-01-01"] / 1000 - fred("FDHBFIN")["1985-01-01"]) / gdp["1985-01-01"]
    )


def test_weekly_series_give_month_and_quarter_end_levels(con: duckdb.DuckDBPyConnection) -> None:
    walcl = fred("WALCL")
    monthly = con.execute(
        "select value_avg, value_eop, n_observations from stg.series_monthly_as_of(date '9999-12-31') "
        "where series_id = 'WALCL' and month = date '2025-12-01'"
    ).fetchone()
    december = walcl["2025-12-01":"2025-12-31"]
    assert monthly == (pytest.approx(december.mean(), rel=1e-12), december.iloc[-1], len(december))


def test_daily_yields_stay_out_of_the_monthly_curve(con: duckdb.DuckDBPyConnection) -> None:
    """The projection reads stg.yields_monthly: one monthly value per tenor and month, from GS*/TB3MS only."""
    rows = con.execute("select count(*), count(distinct (date, tenor)) from stg.yields_monthly").fetchone()
    assert rows is not None and rows[0] == rows[1]
    gs10 = fred("GS10")
    assert con.execute(
        "select yield_pct from stg.yields_monthly where tenor = '10y' and date = date '2024-03-01'"
    ).fetchone() == (gs10["2024-03-01"],)


# --- reference tables: versioned loads ------------------------------------------------------------


def test_reference_rows_are_versioned_and_withdrawn_rows_are_marked(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = private_copy(master_warehouse(tmp_path_factory), tmp_path)
    d = get_reference("mof_fx_interventions")
    with duckdb.connect(str(path)) as con:
        current = con.execute(f"select {', '.join([*d.keys, *d.values])} from ref.mof_fx_interventions").df()
        # the same version again: nothing changes
        assert (
            ingest_store.load_reference_rows(
                con, d.name, d.keys, d.values, current, realtime_start=date(2027, 1, 4), run_id="again"
            )
            == 0
        )
        # a later snapshot revises one amount and drops one row
        later = current.copy()
        revised = (later["date"] == pd.Timestamp("2022-09-22")) & (later["row_type"] == "single_day")
        later.loc[revised, "amount_jpy_bn"] = 2838.0
        dropped = later["date_as_printed"] == "2003-09"
        written = ingest_store.load_reference_rows(
            con, d.name, d.keys, d.values, later[~dropped], realtime_start=date(2027, 1, 4), run_id="later"
        )
        assert written == 2
        latest = con.execute("select count(*) from ref.mof_fx_interventions").fetchone()
        assert latest == (24,)
        assert con.execute(
            "select amount_jpy_bn from ref.mof_fx_interventions where date = date '2022-09-22'"
        ).fetchone() == (2838.0,)
        # as known before the later snapshot: the old amount and the withdrawn row
        then = con.execute(
            "select count(*), max(amount_jpy_bn) filter (where date = date '2022-09-22') "
            "from ref.mof_fx_interventions_as_of(?)",
            [date.fromisoformat(SNAPSHOT_VINTAGE)],
        ).fetchone()
        assert then == (25, 2838.2)
        withdrawn = con.execute(
            "select date, withdrawn, amount_jpy_bn, run_id from raw.mof_fx_interventions "
            "where realtime_start = date '2027-01-04' and withdrawn"
        ).fetchall()
        assert withdrawn == [(date(2003, 9, 1), True, None, "later")]


def test_an_old_warehouse_takes_the_new_catalog_and_retires_quarterly_treast(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        # the catalog table and TREAST rows as a warehouse loaded from the 2026-11-30 snapshot has them
        con.execute("create schema meta; create schema raw")
        con.execute(
            "create table meta.catalog (series_id varchar primary key, title varchar not null, units varchar "
            "not null, unit_scale varchar not null check (unit_scale in ('pct', 'usd_mn', 'usd_bn')), "
            "frequency varchar not null, aggregation varchar not null, role varchar not null check (role in "
            "('yield', 'policy_rate', 'debt', 'foreign_holdings', 'fed_holdings', 'macro', 'context', "
            "'term_premium')), tenor varchar, valuation_basis varchar not null, stand_in_for varchar, "
            "zero_means_missing_before date, notes varchar)"
        )
        con.execute(
            "create table raw.observations (series_id varchar not null, date date not null, value double, "
            "realtime_start date not null, realtime_end date not null, run_id varchar not null, "
            "primary key (series_id, date, realtime_start))"
        )
        con.execute(
            "insert into raw.observations values "
            "('TREAST', '2024-01-01', 4680826.769230769231, '2026-11-30', '9999-12-31', 'old'), "
            "('TREAST', '2024-04-01', null, '2026-11-30', '9999-12-31', 'old'), "
            "('GS10', '2024-03-01', 4.21, '2026-11-30', '9999-12-31', 'old')"
        )
        schema.apply_sql(con)
        schema.load_catalog_table(con)  # the new vocabulary (jpy_per_usd, global_yield, fx) is accepted
        assert con.execute("select unit_scale from meta.catalog where series_id = 'DEXJPUS'").fetchone() == (
            "jpy_per_usd",
        )
        assert con.execute("select series_id, count(*) from raw.observations group by all").fetchall() == [
            ("GS10", 1)
        ]
        retired = con.execute(
            "select series_id, date, value, retired_because from raw.retired_observations"
        ).df()
        assert len(retired) == 2 and set(retired["series_id"]) == {"TREAST"}
        assert retired["retired_because"].str.contains("weekly Wednesday level").all()
        schema.apply_sql(con)  # a second time moves nothing
        assert con.execute("select count(*) from raw.retired_observations").fetchone() == (2,)
