"""The DuckDB warehouse: schema from ``sql/``, staged writes with an atomic publish, loads, run records.

Publishing (contract)
---------------------
A writing run never touches the published file. It takes the writer lock (a kernel ``flock`` on
``<warehouse>.lock``; a second writer waits up to ``lock_timeout_seconds`` and then fails clearly),
copies the published file into ``<dir>/.staging/``, does all its work there, then checkpoints and
closes the copy, fsyncs it, ``os.replace``-s it over the published file and fsyncs the directory.
A run killed at any point leaves the previous warehouse in place; readers holding a read-only
connection keep the inode they opened and see a consistent state throughout.

Python never writes DDL here: :func:`apply_sql` runs the files of ``sql/schema``, ``sql/staging`` and
``sql/marts`` in order. The DML below binds every value as a parameter.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd

from selloff import faults
from selloff.catalog import SeriesSpec, load_catalog

SQL_LAYERS = ("schema", "staging", "marts")

READ_ONLY_CONFIG: dict[str, Any] = {
    # DuckDB's own guards for ad-hoc SQL: no writes, no files, no network, no extensions, and no
    # statement can switch these back on.
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}

RunKind = Literal["refresh", "calibrate", "project", "report", "nightly"]
RunStatus = Literal["running", "ok", "partial", "failed"]


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened, locked or published; the message says what to do."""


class WarehouseLockedError(WarehouseError):
    """Another writer holds the warehouse lock for longer than the timeout."""


# ---------------------------------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------------------------------


def sql_root() -> Path:
    """The ``sql/`` directory: packaged as ``selloff/_sql`` in a wheel, the repository's in a checkout."""
    packaged = Path(str(resources.files("selloff"))) / "_sql"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "sql"
    if source_tree.is_dir():
        return source_tree
    raise WarehouseError(f"cannot find the sql/ directory (looked in {packaged} and {source_tree})")


def sql_files() -> list[Path]:
    """Every relation file, in the order it must be applied (schema → staging → marts, by name)."""
    root = sql_root()
    return [path for layer in SQL_LAYERS for path in sorted((root / layer).glob("*.sql"))]


def apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update every schema object; idempotent."""
    for path in sql_files():
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise WarehouseError(f"{path.relative_to(sql_root().parent)}: {exc}") from exc


def load_catalog_table(con: duckdb.DuckDBPyConnection, specs: Sequence[SeriesSpec] | None = None) -> None:
    """Replace ``meta.catalog`` with the checked-in catalog."""
    rows = [
        (
            s.id,
            s.title,
            s.units,
            s.unit_scale,
            s.frequency,
            s.aggregation,
            s.role,
            s.tenor,
            s.valuation_basis,
            s.stand_in_for,
            s.zero_means_missing_before,
            s.notes,
        )
        for s in (specs if specs is not None else load_catalog())
    ]
    con.execute("begin transaction")
    con.execute("delete from meta.catalog")
    con.executemany("insert into meta.catalog values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("commit")


# ---------------------------------------------------------------------------------------------------
# connections
# ---------------------------------------------------------------------------------------------------


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse with external access and extensions off."""
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `selloff refresh` (or `selloff run`) first")
    try:
        return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} read-only: {exc}") from None


@contextmanager
def writer_lock(published: Path, timeout_s: float, poll_s: float = 0.05) -> Iterator[None]:
    """Hold the exclusive writer lock of ``published`` (kernel flock on ``<published>.lock``)."""
    lock_path = published.with_name(published.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
                    raise WarehouseLockedError(
                        f"another selloff writer (pid {holder}) still holds {lock_path} after "
                        f"{timeout_s:g} s; wait for it to finish or raise SELLOFF_LOCK_TIMEOUT_SECONDS"
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@dataclass
class Stage:
    """A private, writable copy of the warehouse that replaces the published file on success."""

    published: Path
    path: Path
    _connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list, repr=False)

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        self._connections.append(con)
        return con

    def close_all(self) -> None:
        for con in self._connections:
            con.close()
        self._connections.clear()


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(stage: Stage) -> None:
    stage.close_all()
    con = duckdb.connect(str(stage.path))
    con.execute("checkpoint")
    con.close()
    wal = stage.path.with_name(stage.path.name + ".wal")
    if wal.exists():  # a checkpointed, closed database has folded its WAL in; anything else is a bug
        raise WarehouseError(f"staged warehouse still has a WAL after checkpoint: {wal}")
    _fsync_path(stage.path)
    faults.hit("before_rename")
    os.replace(stage.path, stage.published)
    _fsync_path(stage.published.parent, directory=True)
    faults.hit("after_rename")


@contextmanager
def staged(published: Path, *, lock_timeout_s: float) -> Iterator[Stage]:
    """Work on a copy of ``published`` and publish it atomically when the block ends without error.

    On an exception the copy is discarded and the published file is untouched. The caller must not
    keep connections of its own to ``stage.path`` beyond the block (those from ``stage.connect()``
    are closed here).
    """
    published = published.absolute()
    published.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(published, lock_timeout_s):
        wal = published.with_name(published.name + ".wal")
        if wal.exists():
            raise WarehouseError(
                f"{wal} exists: a read-write session on the published warehouse has not been closed "
                "cleanly. Close it (ad-hoc SQL should use `selloff sql` or `duckdb -readonly`) and retry"
            )
        staging_dir = published.parent / ".staging"
        shutil.rmtree(staging_dir, ignore_errors=True)  # left by a killed run; we hold the lock
        staging_dir.mkdir()
        stage = Stage(published=published, path=staging_dir / published.name)
        try:
            if published.exists():
                shutil.copyfile(published, stage.path)
            faults.hit("after_copy")
            con = stage.connect()
            apply_sql(con)
            load_catalog_table(con)
            yield stage
            _publish(stage)
        finally:
            stage.close_all()
            shutil.rmtree(staging_dir, ignore_errors=True)


@contextmanager
def writing(published: Path, stage_path: str | Path | None, *, lock_timeout_s: float) -> Iterator[Path]:
    """The file a step writes to: its own stage (published at the end) or the caller's ``stage_path``.

    The nightly job stages once and runs every step in that one copy, publishing once at the end.
    """
    if stage_path is not None:
        yield Path(stage_path)
        return
    with staged(published, lock_timeout_s=lock_timeout_s) as stage:
        yield stage.path


def initialise(published: Path, *, lock_timeout_s: float) -> None:
    """Create (or bring up to date) the warehouse schema and publish it."""
    with staged(published, lock_timeout_s=lock_timeout_s):
        pass


# ---------------------------------------------------------------------------------------------------
# run records
# ---------------------------------------------------------------------------------------------------


def start_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    kind: RunKind,
    source: str | None,
    started_at: datetime,
    settings: dict[str, Any],
    package_version: str,
    parent_run_ids: Sequence[str] = (),
) -> None:
    con.execute(
        "insert into meta.runs (run_id, kind, source, started_at, status, settings, package_version, "
        "parent_run_ids) values (?, ?, ?, ?, 'running', ?, ?, ?)",
        [
            run_id,
            kind,
            source,
            started_at,
            json.dumps(settings, default=str),
            package_version,
            list(parent_run_ids),
        ],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    status: RunStatus,
    finished_at: datetime,
    data_vintage: date | None = None,
    message: str | None = None,
    parent_run_ids: Sequence[str] | None = None,
) -> None:
    con.execute(
        "update meta.runs set status = ?, finished_at = ?, data_vintage = ?, message = ?, "
        "parent_run_ids = coalesce(?, parent_run_ids) where run_id = ?",
        [
            status,
            finished_at,
            data_vintage,
            message,
            None if parent_run_ids is None else list(parent_run_ids),
            run_id,
        ],
    )


def record_failed_run(
    published: Path,
    *,
    lock_timeout_s: float,
    run_id: str,
    kind: RunKind,
    source: str | None,
    started_at: datetime,
    finished_at: datetime,
    settings: dict[str, Any],
    package_version: str,
    message: str,
    parent_run_ids: Sequence[str] = (),
) -> None:
    """Publish a warehouse that differs from the current one only by a ``failed`` row in meta.runs."""
    with staged(published, lock_timeout_s=lock_timeout_s) as stage:
        con = stage.connect()
        start_run(
            con,
            run_id=run_id,
            kind=kind,
            source=source,
            started_at=started_at,
            settings=settings,
            package_version=package_version,
            parent_run_ids=parent_run_ids,
        )
        finish_run(con, run_id=run_id, status="failed", finished_at=finished_at, message=message)


# ---------------------------------------------------------------------------------------------------
# loads
# ---------------------------------------------------------------------------------------------------

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
