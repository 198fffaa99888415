"""The refresh step: plan what to fetch, fetch and validate one dataset, load it, summarise the run.

These are the functions the refresh flow wraps in tasks. Fetching never raises for a bad series: it
returns a failed :class:`SeriesFetch` naming the problem, so the other series still load and the run
is recorded ``partial``. Reference datasets are read and checked before the run starts (a bad row is
bad input: nothing is written) and loaded here as new versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import duckdb
import pandas as pd

from selloff.ingest import store as ingest_store
from selloff.ingest.catalog import SeriesSpec
from selloff.ingest.reference import ReferenceFetch
from selloff.ingest.sources import HoldingsSource, SeriesMetadata, SeriesSource, SourceError
from selloff.ingest.validate import InvalidDataError, validate_holdings, validate_observations
from selloff.warehouse import faults

FetchStatus = Literal["fetched", "not_updated", "failed"]
RunStatus = Literal["ok", "partial", "failed"]


@dataclass(frozen=True)
class StoredState:
    """What the warehouse holds for one series: FRED's ``last_updated`` as stored, the last date."""

    last_updated: str | None = None
    last_date: date | None = None


@dataclass(frozen=True)
class SeriesFetch:
    """The outcome of fetching one series (no secret in any field)."""

    series_id: str
    status: FetchStatus
    requests: int
    metadata: SeriesMetadata | None = None
    observations: pd.DataFrame | None = None
    observation_start: date | None = None
    message: str | None = None


@dataclass(frozen=True)
class HoldingsFetch:
    status: Literal["fetched", "failed"]
    requests: int
    holdings: pd.DataFrame | None = None
    message: str | None = None


@dataclass(frozen=True)
class LoadCheck:
    """One row of meta.load_checks: what a dataset's load did."""

    dataset: str
    status: Literal["loaded", "unchanged", "not_updated", "failed"]
    requests: int = 0
    rows_fetched: int = 0
    rows_added: int = 0
    first_date: date | None = None
    last_date: date | None = None
    message: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "status": self.status,
            "requests": self.requests,
            "rows_fetched": self.rows_fetched,
            "rows_added": self.rows_added,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "message": self.message,
        }


def observation_start_for(stored: StoredState, *, full: bool, revision_window_days: int) -> date | None:
    """Where an incremental fetch starts: the last stored date minus the revision window.

    ``None`` (everything) for a full refetch or a series never stored.
    """
    if full or stored.last_date is None:
        return None
    return stored.last_date - timedelta(days=revision_window_days)


def fetch_series(
    source: SeriesSource,
    spec: SeriesSpec,
    stored: StoredState,
    *,
    full: bool,
    revision_window_days: int,
    run_date: date,
) -> SeriesFetch:
    """Fetch and validate one series, skipping it when its ``last_updated`` has not moved.

    ``run_date`` (the run's UTC date) bounds the vintages accepted (see :mod:`selloff.ingest.validate`).
    """
    try:
        metadata = source.series_info(spec.id)
        if not full and stored.last_updated is not None and metadata.last_updated == stored.last_updated:
            return SeriesFetch(spec.id, "not_updated", source.requests_for(spec.id), metadata=metadata)
        start = observation_start_for(stored, full=full, revision_window_days=revision_window_days)
        frame = source.observations(spec.id, observation_start=start)
        checked = validate_observations(frame, spec, run_date=run_date)
    except (SourceError, InvalidDataError) as exc:
        return SeriesFetch(spec.id, "failed", source.requests_for(spec.id), message=str(exc))
    return SeriesFetch(
        spec.id,
        "fetched",
        source.requests_for(spec.id),
        metadata=metadata,
        observations=checked,
        observation_start=start,
    )


def fetch_holdings(source: HoldingsSource, *, run_date: date) -> HoldingsFetch:
    """Fetch and validate the TIC major-foreign-holders table."""
    try:
        checked = validate_holdings(source.holdings(), run_date=run_date)
    except (SourceError, InvalidDataError) as exc:
        return HoldingsFetch("failed", source.requests_made(), message=str(exc))
    return HoldingsFetch("fetched", source.requests_made(), holdings=checked)


def _date_or_none(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def load_series(
    con: duckdb.DuckDBPyConnection, fetch: SeriesFetch, *, run_id: str, fetched_at: datetime
) -> LoadCheck:
    """Store one fetched series (metadata, new vintages) and return its load check."""
    if fetch.status == "failed":
        return LoadCheck(fetch.series_id, "failed", fetch.requests, message=fetch.message)
    assert fetch.metadata is not None  # by construction of a non-failed SeriesFetch
    if fetch.status == "not_updated":
        return LoadCheck(fetch.series_id, "not_updated", fetch.requests, message="last_updated unchanged")
    assert fetch.observations is not None
    frame = fetch.observations
    con.execute("begin transaction")
    added = ingest_store.load_observations(con, fetch.series_id, frame, run_id=run_id)
    ingest_store.upsert_series(con, fetch.metadata.as_row(fetched_at), run_id=run_id)
    con.execute("commit")
    return _loaded(fetch.series_id, fetch.requests, frame, added)


def load_holdings(
    con: duckdb.DuckDBPyConnection, fetch: HoldingsFetch, *, source: str, run_id: str
) -> LoadCheck:
    if fetch.status == "failed" or fetch.holdings is None:
        return LoadCheck("TIC", "failed", fetch.requests, message=fetch.message)
    frame = fetch.holdings
    con.execute("begin transaction")
    added = ingest_store.load_tic_holdings(con, frame, source=source, run_id=run_id)
    con.execute("commit")
    return _loaded("TIC", fetch.requests, frame, added)


def _loaded(dataset: str, requests: int, frame: pd.DataFrame, added: int) -> LoadCheck:
    """The check of a dataset whose rows were loaded (``added`` of ``len(frame)`` were new)."""
    return LoadCheck(
        dataset,
        "loaded" if added else "unchanged",
        requests,
        rows_fetched=len(frame),
        rows_added=added,
        first_date=_date_or_none(frame["date"].min()),
        last_date=_date_or_none(frame["date"].max()),
    )


REFERENCE_PREFIX = "ref:"
"""Load checks of reference datasets are named ``ref:<dataset>``."""


def load_references(
    con: duckdb.DuckDBPyConnection, fetches: Sequence[ReferenceFetch], *, run_id: str, fetched_at: datetime
) -> list[LoadCheck]:
    """Store checked reference datasets as new versions (rows that changed) with their metadata, in one
    transaction (they are small: one commit, not one each)."""
    checks = []
    con.execute("begin transaction")
    for fetch in fetches:
        d, frame = fetch.dataset, fetch.rows
        added = ingest_store.load_reference_rows(
            con, d.name, d.keys, d.values, frame, realtime_start=fetch.realtime_start, run_id=run_id
        )
        ingest_store.upsert_reference_dataset(con, fetch.metadata_row(fetched_at), run_id=run_id)
        dates = pd.to_datetime(frame[d.date_column])
        checks.append(
            LoadCheck(
                REFERENCE_PREFIX + d.name,
                "loaded" if added else "unchanged",
                0,
                rows_fetched=len(frame),
                rows_added=added,
                first_date=_date_or_none(dates.min()),
                last_date=_date_or_none(dates.max()),
            )
        )
    con.execute("commit")
    return checks


def load_all(
    con: duckdb.DuckDBPyConnection,
    fetches: Sequence[SeriesFetch],
    holdings: tuple[HoldingsFetch, str] | None,
    *,
    run_id: str,
    fetched_at: datetime,
    references: Sequence[ReferenceFetch] = (),
) -> list[LoadCheck]:
    """Load every fetched dataset and record its check on the run."""
    checks: list[LoadCheck] = []
    for i, fetch in enumerate(fetches):
        checks.append(load_series(con, fetch, run_id=run_id, fetched_at=fetched_at))
        if i == 0:
            faults.hit("mid_load")
    if holdings is not None:
        holdings_fetch, source_name = holdings
        checks.append(load_holdings(con, holdings_fetch, source=source_name, run_id=run_id))
    if references:
        checks += load_references(con, references, run_id=run_id, fetched_at=fetched_at)
    for check in checks:
        ingest_store.record_load_check(con, run_id, check.as_row())
    return checks


def run_status(checks: Sequence[LoadCheck]) -> RunStatus:
    """``ok`` if nothing failed, ``failed`` if everything did, ``partial`` otherwise."""
    failed = sum(c.status == "failed" for c in checks)
    if failed == 0:
        return "ok"
    return "failed" if failed == len(checks) else "partial"


def data_vintage(con: duckdb.DuckDBPyConnection) -> date | None:
    """The newest realtime_start in the warehouse: the vintage the stored data represent."""
    row = con.execute(
        "select greatest(max(realtime_start), (select max(realtime_start) from raw.tic_holdings)) "
        "from raw.observations"
    ).fetchone()
    return row[0] if row and row[0] is not None else None
