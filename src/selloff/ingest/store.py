"""Ingest's I/O edge: new observation vintages, series metadata, TIC holdings and load checks into DuckDB.

The DML binds every value as a parameter. A row is added only when a value changes, so reloading the
same data adds nothing and history is never overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

_INSERT_OBSERVATIONS_CHANGED = """
insert into raw.observations (series_id, date, value, realtime_start, realtime_end, run_id)
select incoming.series_id, incoming.date, incoming.value, incoming.realtime_start, incoming.realtime_end,
    $run_id
from incoming_observations as incoming
left join (
    select date, value
    from raw.observations
    where series_id = $series_id
    qualify row_number() over (partition by date order by realtime_start desc) = 1
) as latest on latest.date = incoming.date
where latest.date is null or latest.value is distinct from incoming.value
on conflict (series_id, date, realtime_start) do update
    set value = excluded.value, realtime_end = excluded.realtime_end, run_id = excluded.run_id
"""

# ALFRED rows carry their own real-time periods: store each vintage once, never rewrite it.
_INSERT_OBSERVATIONS_VINTAGES = """
insert into raw.observations (series_id, date, value, realtime_start, realtime_end, run_id)
select series_id, date, value, realtime_start, realtime_end, $run_id
from incoming_observations
on conflict (series_id, date, realtime_start) do nothing
"""


def load_observations(
    con: duckdb.DuckDBPyConnection,
    series_id: str,
    observations: pd.DataFrame,
    *,
    run_id: str,
    vintages: bool = False,
) -> int:
    """Add the vintages of ``series_id`` that are new; return how many rows were written.

    ``observations`` has columns ``date, value, realtime_start, realtime_end`` (validated upstream,
    one row per date unless ``vintages``). Without ``vintages`` (a plain request, or the snapshot), a
    row is added only where the value differs from the latest stored vintage, NULLs included, so
    reloading the same data adds nothing. FRED stamps a plain request with today's date, so a value
    that changes again on the day it was first seen overwrites that day's vintage (one vintage per
    day; the count includes it).
    """
    frame = observations.assign(series_id=series_id)[
        ["series_id", "date", "value", "realtime_start", "realtime_end"]
    ]
    con.register("incoming_observations", frame)
    try:
        return _scalar(
            con,
            _INSERT_OBSERVATIONS_VINTAGES if vintages else _INSERT_OBSERVATIONS_CHANGED,
            {"run_id": run_id} if vintages else {"run_id": run_id, "series_id": series_id},
        )
    finally:
        con.unregister("incoming_observations")


_UPSERT_SERIES = """
insert or replace into raw.series (series_id, title, units, frequency, seasonal_adjustment,
    observation_start, observation_end, last_updated, notes, source, fetched_at, run_id)
values ($series_id, $title, $units, $frequency, $seasonal_adjustment, $observation_start,
    $observation_end, $last_updated, $notes, $source, $fetched_at, $run_id)
"""


def upsert_series(con: duckdb.DuckDBPyConnection, metadata: dict[str, Any], *, run_id: str) -> None:
    """Store the series' metadata as the source gives it now (replaces the previous row)."""
    con.execute(_UPSERT_SERIES, {**metadata, "run_id": run_id})


def stored_series_state(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, date | None]]:
    """``series_id -> (last_updated as stored, last observation date)`` for the incremental refresh."""
    rows = con.execute(
        "select s.series_id, s.last_updated, max(o.date) from raw.series as s "
        "left join raw.observations as o using (series_id) group by all"
    ).fetchall()
    return {sid: (last_updated, last_date) for sid, last_updated, last_date in rows}


_INSERT_TIC_CHANGED = """
insert into raw.tic_holdings (country, date, holdings_usd_bn, holdings_old_series_usd_bn, source,
    realtime_start, run_id)
select incoming.country, incoming.date, incoming.holdings_usd_bn, incoming.holdings_old_series_usd_bn,
    $source, incoming.realtime_start, $run_id
from incoming_tic as incoming
left join (
    select country, date, holdings_usd_bn, holdings_old_series_usd_bn
    from raw.tic_holdings
    qualify row_number() over (partition by country, date order by realtime_start desc) = 1
) as latest on latest.country = incoming.country and latest.date = incoming.date
where latest.date is null
    or latest.holdings_usd_bn is distinct from incoming.holdings_usd_bn
    or latest.holdings_old_series_usd_bn is distinct from incoming.holdings_old_series_usd_bn
on conflict (country, date, realtime_start) do update
    set holdings_usd_bn = excluded.holdings_usd_bn,
        holdings_old_series_usd_bn = excluded.holdings_old_series_usd_bn,
        run_id = excluded.run_id
"""


def load_tic_holdings(
    con: duckdb.DuckDBPyConnection, holdings: pd.DataFrame, *, source: str, run_id: str
) -> int:
    """Add the TIC holdings rows that are new or changed; return how many rows were added."""
    frame = holdings[["country", "date", "holdings_usd_bn", "holdings_old_series_usd_bn", "realtime_start"]]
    con.register("incoming_tic", frame)
    try:
        return _scalar(con, _INSERT_TIC_CHANGED, {"source": source, "run_id": run_id})
    finally:
        con.unregister("incoming_tic")


def record_load_check(con: duckdb.DuckDBPyConnection, run_id: str, check: dict[str, Any]) -> None:
    con.execute(
        "insert or replace into meta.load_checks (run_id, dataset, status, requests, rows_fetched, "
        "rows_added, first_date, last_date, message) values ($run_id, $dataset, $status, $requests, "
        "$rows_fetched, $rows_added, $first_date, $last_date, $message)",
        {"run_id": run_id, **check},
    )


def _scalar(con: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any]) -> int:
    """The single number a statement returns (for an INSERT: rows inserted or updated)."""
    row = con.execute(query, params).fetchone()
    return int(row[0]) if row is not None else 0
