"""What every pipeline step shares: choosing sources from settings, and recording a run around a stage.

The flows call these; they hold no modelling. A step run on its own stages its own copy of the
warehouse and publishes it; inside the nightly job it writes into the nightly's stage
(``stage_path``) and leaves publishing to the nightly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from selloff import __version__, progress
from selloff.ingest.catalog import SeriesSpec, load_catalog, series_ids
from selloff.ingest.reference import ReferenceFetch, SnapshotReferenceSource
from selloff.ingest.snapshot import Snapshot, SnapshotHoldingsSource, SnapshotSeriesSource, default_snapshot
from selloff.ingest.sources import HoldingsSource, SeriesSource
from selloff.settings import Settings, SourceChoice
from selloff.warehouse import publish, retention, runs
from selloff.warehouse.errors import NotAWarehouseError, WarehouseError, WarehouseLockedError
from selloff.warehouse.runs import new_run_id, package_versions, utc_now


class BadInputError(ValueError):
    """The user asked for something that cannot be done (exit code 2); nothing was written."""


@dataclass(frozen=True)
class RefreshPlan:
    """Which source serves each dataset in this refresh, and which series to fetch."""

    series_source: str | None  # 'snapshot' | 'fred' | None (series not refreshed)
    holdings_source: str | None  # 'snapshot' | 'tic' | None (TIC not refreshed)
    series: tuple[SeriesSpec, ...]
    references: bool = False  # the reference datasets, from the snapshot (they have no live source)

    @property
    def label(self) -> str:
        parts = [f"series:{self.series_source}"] if self.series_source else []
        parts += [f"tic:{self.holdings_source}"] if self.holdings_source else []
        parts += ["ref:snapshot"] if self.references else []
        return ",".join(parts)


def load_settings(warehouse_path: str | None = None) -> Settings:
    """The settings of a flow run: environment / ``.env``, with the CLI's ``--warehouse`` on top."""
    return Settings(warehouse=Path(warehouse_path)) if warehouse_path else Settings()


def plan_refresh(choice: SourceChoice, series: Sequence[str] | None, *, has_fred_key: bool) -> RefreshPlan:
    """Resolve ``--source`` and ``--series`` into a plan (offline unless a key is set or asked for).

    ``auto`` is live FRED and live TIC when a FRED key is configured, else the snapshot for both.
    ``--series`` restricts the FRED series and leaves TIC alone. The reference datasets load with the
    snapshot (never with ``--series``) or alone with ``ref``; a live refresh keeps them as they are.
    """
    wanted: list[str] = []
    for item in series or ():
        wanted += [s.strip().upper() for s in item.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(series_ids()))
    if unknown:
        raise BadInputError(f"unknown series {', '.join(unknown)} (catalogued: {', '.join(series_ids())})")
    specs = tuple(s for s in load_catalog() if not wanted or s.id in wanted)
    if choice == "auto":
        choice = "fred" if has_fred_key else "snapshot"
        holdings = "tic" if choice == "fred" else "snapshot"
        return RefreshPlan(choice, None if wanted else holdings, specs, not wanted and choice == "snapshot")
    if choice == "snapshot":
        return RefreshPlan("snapshot", None if wanted else "snapshot", specs, not wanted)
    if choice == "fred":
        return RefreshPlan("fred", None, specs)
    if choice in ("tic", "ref"):
        if wanted:
            raise BadInputError(f"--series selects FRED series; it cannot be combined with --source {choice}")
        return RefreshPlan(None, "tic", ()) if choice == "tic" else RefreshPlan(None, None, (), True)
    raise BadInputError(f"unknown source {choice!r} (snapshot, fred, tic, ref)")


def _snapshot(settings: Settings) -> Snapshot:
    """The verified snapshot (a corrupted or truncated file is refused by name, before any write)."""
    snapshot = Snapshot(settings.snapshot_dir) if settings.snapshot_dir else default_snapshot()
    snapshot.verify()
    return snapshot


def make_series_source(name: str, settings: Settings) -> SeriesSource:
    if name == "snapshot":
        return SnapshotSeriesSource(_snapshot(settings))
    settings.fred_key()  # a missing key is a clear message, before anything else happens
    from selloff.ingest.fred import FredSeriesSource  # imported only when the live source is asked for

    return FredSeriesSource.from_settings(settings)


def read_references(settings: Settings) -> tuple[ReferenceFetch, ...]:
    """Every reference dataset of the verified snapshot, checked row by row (a bad row is a
    :class:`~selloff.ingest.refcsv.ReferenceDataError`, bad input: call this before any run is recorded)."""
    return SnapshotReferenceSource(_snapshot(settings)).read_all()


def make_holdings_source(name: str, settings: Settings) -> HoldingsSource:
    if name == "snapshot":
        return SnapshotHoldingsSource(_snapshot(settings))
    from selloff.ingest.tic import TicHoldingsSource

    return TicHoldingsSource.from_settings(settings)


@contextmanager
def reading(settings: Settings, stage_path: str | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to read what a step will build on: the nightly's stage, else the published file."""
    if stage_path is not None:
        with closing(duckdb.connect(stage_path)) as con:
            yield con
    else:
        with closing(publish.connect_read_only(settings.warehouse)) as con:
            yield con


@dataclass
class RunContext:
    """The run being recorded: its id, where it writes, and how it ends."""

    run_id: str
    kind: runs.RunKind
    stage_path: Path
    status: runs.RunStatus = "ok"
    message: str | None = None
    data_vintage: date | None = None
    parent_run_ids: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with closing(duckdb.connect(str(self.stage_path))) as con:
            yield con


def recorded_settings(settings: Settings) -> dict[str, Any]:
    """Settings as stored on a run: no secrets, plus the exact package versions in use."""
    return {**settings.public_dict(), "versions": package_versions()}


@contextmanager
def recorded_run(
    settings: Settings,
    *,
    kind: runs.RunKind,
    source: str | None,
    stage_path: str | None = None,
    parent_run_ids: Sequence[str] = (),
    extra_settings: dict[str, Any] | None = None,
) -> Iterator[RunContext]:
    """Run a step inside a stage with a ``meta.runs`` row that ends ``ok``/``partial``/``failed``.

    On an exception nothing the step wrote is published. A step run on its own then publishes a
    warehouse that differs from the previous one only by the ``failed`` run row (not when the lock
    could not be taken: another writer is busy and the failure is the caller's to report; nor when the
    path is not a selloff warehouse; nor when the environment refuses that write too).
    """
    run_id = new_run_id(kind)
    started = utc_now()
    settings_row = {**recorded_settings(settings), **(extra_settings or {})}
    try:
        with publish.writing(
            settings.warehouse, stage_path, lock_timeout_s=settings.lock_timeout_seconds
        ) as path:
            ctx = RunContext(run_id=run_id, kind=kind, stage_path=path, parent_run_ids=list(parent_run_ids))
            with ctx.connect() as con:
                runs.start_run(
                    con,
                    run_id=run_id,
                    kind=kind,
                    source=source,
                    started_at=started,
                    settings=settings_row,
                    package_version=__version__,
                    parent_run_ids=parent_run_ids,
                )
            yield ctx
            with ctx.connect() as con:
                runs.finish_run(
                    con,
                    run_id=run_id,
                    status=ctx.status,
                    finished_at=utc_now(),
                    data_vintage=ctx.data_vintage,
                    message=ctx.message,
                    parent_run_ids=ctx.parent_run_ids,
                )
                if kind in retention.DETAIL_TABLES:  # keeps the file from growing run after run
                    retention.prune_detail(con, keep=settings.keep_run_detail, now=utc_now())
            if stage_path is None:
                progress.report(f"{kind}: publishing the warehouse")
    except Exception as exc:
        if stage_path is None and not isinstance(exc, WarehouseLockedError | NotAWarehouseError):
            # best effort: when the disk is full or read-only, recording fails the same way, and the
            # error to report is the run's own
            with suppress(WarehouseError):
                runs.record_failed_run(
                    settings.warehouse,
                    lock_timeout_s=settings.lock_timeout_seconds,
                    run_id=run_id,
                    kind=kind,
                    source=source,
                    started_at=started,
                    finished_at=utc_now(),
                    settings=settings_row,
                    package_version=__version__,
                    message=str(exc),
                    parent_run_ids=parent_run_ids,
                )
        raise
