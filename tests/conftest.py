"""Shared fixtures: an isolated environment, a snapshot warehouse built once, and a Prefect test server.

Tests never touch the internet and never see the developer's key or settings: every ``SELLOFF_*`` and
``FRED_*`` variable is cleared and tests run from a temporary directory (no stray ``.env``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from selloff.ingest import refresh
from selloff.ingest.catalog import load_catalog
from selloff.ingest.reference import SnapshotReferenceSource
from selloff.ingest.snapshot import SnapshotHoldingsSource, SnapshotSeriesSource, default_snapshot
from selloff.warehouse import publish, runs

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("SELLOFF_", "FRED_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def build_snapshot_warehouse(path: Path) -> str:
    """Load the embedded snapshot (FRED series, TIC, reference tables) into ``path`` with the src functions
    (no Prefect); return the run id."""
    snapshot = default_snapshot()
    series_source, holdings_source = SnapshotSeriesSource(snapshot), SnapshotHoldingsSource(snapshot)
    run_id = runs.new_run_id("refresh")
    now = runs.utc_now()
    with publish.staged(path, lock_timeout_s=60) as stage:
        con = stage.connect()
        runs.start_run(
            con,
            run_id=run_id,
            kind="refresh",
            source="snapshot",
            started_at=now,
            settings={},
            package_version="test",
        )
        fetches = [
            refresh.fetch_series(
                series_source,
                spec,
                refresh.StoredState(),
                full=False,
                revision_window_days=0,
                run_date=now.date(),
            )
            for spec in load_catalog()
        ]
        holdings = (refresh.fetch_holdings(holdings_source, run_date=now.date()), "snapshot")
        references = SnapshotReferenceSource(snapshot).read_all()
        checks = refresh.load_all(
            con, fetches, holdings, run_id=run_id, fetched_at=now, references=references
        )
        runs.finish_run(
            con,
            run_id=run_id,
            status=refresh.run_status(checks),
            finished_at=runs.utc_now(),
            data_vintage=refresh.data_vintage(con),
        )
    return run_id


@pytest.fixture(scope="session")
def snapshot_warehouse_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("master") / "selloff.duckdb"
    build_snapshot_warehouse(path)
    return path


@pytest.fixture
def snapshot_warehouse(snapshot_warehouse_master: Path, tmp_path: Path) -> Path:
    """A private copy of a warehouse holding the whole snapshot (one refresh run)."""
    path = tmp_path / "warehouse" / "selloff.duckdb"
    path.parent.mkdir()
    shutil.copyfile(snapshot_warehouse_master, path)
    return path


@pytest.fixture(scope="session")
def projected_warehouse_master(
    snapshot_warehouse_master: Path, tmp_path_factory: pytest.TempPathFactory, prefect_server: PrefectServer
) -> Path:
    """The snapshot, calibrated and projected (every bundled scenario, 1,000 draws), via the real flows."""
    from flows.calibrate import calibrate_flow
    from flows.project import project_flow

    path = tmp_path_factory.mktemp("projected") / "selloff.duckdb"
    shutil.copyfile(snapshot_warehouse_master, path)
    calibrate_flow(warehouse=str(path))
    project_flow(warehouse=str(path))
    return path


@pytest.fixture
def projected_warehouse(projected_warehouse_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "warehouse" / "selloff.duckdb"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(projected_warehouse_master, path)
    return path


def table_counts(path: Path) -> dict[str, int]:
    """Row counts of every base table in the warehouse at ``path`` (opened read-only)."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in tables}


@dataclass(frozen=True)
class PrefectServer:
    api_url: str
    home: Path


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """One temporary Prefect server per test worker; flows called in-process run against it, and
    subprocesses get its URL so they skip starting a server of their own."""
    home = tmp_path_factory.mktemp("prefect-home")
    saved = {k: os.environ.get(k) for k in ("PREFECT_HOME", "PREFECT_LOGGING_LEVEL")}
    os.environ["PREFECT_HOME"] = str(home)
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PrefectServer(api_url=str(PREFECT_API_URL.value()), home=home)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def run_cli(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    prefect: PrefectServer | None = None,
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``selloff`` command in a subprocess with a clean environment.

    ``timeout`` only guards against a hung child; it is not a performance assertion.
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    base["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
    base["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    if prefect is not None:
        base["PREFECT_API_URL"] = prefect.api_url
        base["PREFECT_HOME"] = str(prefect.home)
    base.update(env or {})
    return subprocess.run(
        [str(VENV_BIN / "selloff"), *args],
        env=base,
        cwd=cwd or Path.cwd(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
