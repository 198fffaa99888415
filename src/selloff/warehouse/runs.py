"""Run identity and records: run ids, the clock at the edges, exact versions, ``meta.runs`` rows."""

from __future__ import annotations

import json
import platform
import resource
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

import duckdb

from selloff import __version__
from selloff.warehouse.publish import staged

RunKind = Literal["refresh", "calibrate", "project", "report", "nightly"]
RunStatus = Literal["running", "ok", "partial", "failed"]

# The packages whose exact versions decide the numbers; recorded on every run.
RECORDED_PACKAGES = ("pandas", "numpy", "duckdb", "prefect", "statsmodels", "scipy", "fredapi", "pandera")


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_run_id(kind: str, now: datetime | None = None) -> str:
    """A sortable, unique run id such as ``refresh-20261130T030512Z-3f9a1c``."""
    stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%SZ")
    return f"{kind}-{stamp}-{uuid.uuid4().hex[:6]}"


def one_line(exc: BaseException, limit: int = 500) -> str:
    """An exception as the one-line cause a run record keeps: its first line, bounded (the type name if
    it has no text). Messages reaching here are already free of secrets (the FRED client scrubs them)."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def package_versions() -> dict[str, str]:
    """``{package: version}`` for Python, selloff and the packages that decide the numbers."""
    found = {"python": platform.python_version(), "selloff": __version__}
    for name in RECORDED_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


class StepTimer:
    """Wall time per step of the main job (reported in the summary and by bench/bench_main_job.py)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def start(self, step: str) -> str:
        self.stop()
        self._current = (step, time.perf_counter())
        return step

    def stop(self) -> None:
        if self._current is not None:
            name, began = self._current
            self.seconds[name] = round(time.perf_counter() - began, 3)
            self._current = None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


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
    failed_step: str | None = None,
) -> None:
    con.execute(
        "update meta.runs set status = ?, finished_at = ?, data_vintage = ?, message = ?, "
        "parent_run_ids = coalesce(?, parent_run_ids), failed_step = ? where run_id = ?",
        [
            status,
            finished_at,
            data_vintage,
            message,
            None if parent_run_ids is None else list(parent_run_ids),
            failed_step,
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
    failed_step: str | None = None,
) -> None:
    """Publish a warehouse that differs from the current one only by a ``failed`` row in meta.runs
    (``failed_step``: the step of a nightly run that failed)."""
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
        finish_run(
            con,
            run_id=run_id,
            status="failed",
            finished_at=finished_at,
            message=message,
            failed_step=failed_step,
        )
