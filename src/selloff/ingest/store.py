"""Ingest's I/O edge: new observation vintages, series metadata, TIC holdings, reference-table versions and
load checks into DuckDB.

The DML binds every value as a parameter. A row is added only when a value changes, so reloading the
same data adds nothing and history is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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


_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


def _reference_sql(table: str, keys: Sequence[str], values: Sequence[str]) -> tuple[str, str]:
    """The two statements that version one reference table: add new or changed rows, then withdraw the
    rows whose key the incoming version no longer has. Identifiers come from the fixed registry
    (:data:`selloff.ingest.reference.REFERENCE_DATASETS`), checked here; values are bound."""
    for name in (table, *keys, *values):
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"not a plain identifier: {name!r}")
    key_list = ", ".join(keys)
    same_key = " and ".join(f"latest.{k} = incoming.{k}" for k in keys)
    changed = " or ".join(f"latest.{v} is distinct from incoming.{v}" for v in values)
    set_values = ", ".join(f"{v} = excluded.{v}" for v in values)
    # identifiers only from the checked registry above; every value is a bound parameter
    latest = (
        f"(select * from raw.{table} qualify row_number() over "  # noqa: S608
        f"(partition by {key_list} order by realtime_start desc) = 1) as latest"
    )
    on_conflict = f"on conflict ({key_list}, realtime_start) do update set {set_values}, "
    add = f"""
        insert into raw.{table} ({key_list}, {", ".join(values)}, withdrawn, realtime_start, run_id)
        select {", ".join(f"incoming.{c}" for c in [*keys, *values])}, false, $realtime_start, $run_id
        from incoming_reference as incoming
        left join {latest} on {same_key}
        where latest.{keys[0]} is null or latest.withdrawn or {changed}
        {on_conflict} withdrawn = false, run_id = excluded.run_id
    """  # noqa: S608
    withdraw = f"""
        insert into raw.{table} ({key_list}, withdrawn, realtime_start, run_id)
        select {", ".join(f"latest.{k}" for k in keys)}, true, $realtime_start, $run_id
        from {latest}
        where not latest.withdrawn
            and not exists (select 1 from incoming_reference as incoming where {same_key})
        {on_conflict} withdrawn = true, run_id = excluded.run_id
    """  # noqa: S608
    return add, withdraw


def load_reference_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    keys: Sequence[str],
    values: Sequence[str],
    rows: pd.DataFrame,
    *,
    realtime_start: date,
    run_id: str,
) -> int:
    """Store a new version of reference table ``raw.<table>``; return the rows written.

    ``rows`` is the whole dataset (``keys`` + ``values`` columns). A row is added where a key is new or
    a value changed (NULLs included); a stored key missing from ``rows`` gets a ``withdrawn`` row. All
    are stamped ``realtime_start`` (the snapshot date), so reloading the same version adds nothing.
    """
    add, withdraw = _reference_sql(table, keys, values)
    params = {"realtime_start": realtime_start, "run_id": run_id}
    con.register("incoming_reference", rows[[*keys, *values]])
    try:
        return _scalar(con, add, params) + _scalar(con, withdraw, params)
    finally:
        con.unregister("incoming_reference")


_UPSERT_REFERENCE_DATASET = """
insert or replace into raw.reference_datasets (dataset, title, units, frequency, file, sha256, source, notes,
    realtime_start, fetched_at, run_id)
values ($dataset, $title, $units, $frequency, $file, $sha256, $source, $notes, $realtime_start, $fetched_at,
    $run_id)
"""


def upsert_reference_dataset(
    con: duckdb.DuckDBPyConnection, metadata: dict[str, Any], *, run_id: str
) -> None:
    """Store what a reference dataset is and which version was loaded (replaces the previous row)."""
    con.execute(_UPSERT_REFERENCE_DATASET, {**metadata, "run_id": run_id})


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
