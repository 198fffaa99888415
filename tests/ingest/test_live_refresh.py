"""The live path end to end: `selloff refresh` over real HTTP against the local FRED/TIC server.

The CLI runs in a subprocess with the test key; the server runs in this process, so every request is
counted at the server. The pacing window is shortened here (a setting) except where the real rate is
the point of the test (tests/ingest/test_fred.py holds the real 2-per-second rate).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from selloff.ingest.catalog import series_ids
from selloff.ingest.reference import REFERENCE_DATASETS
from tests.conftest import PrefectServer, run_cli, table_counts
from tests.fakefred import TEST_KEY, FakeFred

N_SERIES = len(series_ids())


@pytest.fixture
def server() -> Iterator[FakeFred]:
    with FakeFred() as fake:
        yield fake


def live_env(server: FakeFred, **extra: str) -> dict[str, str]:
    return {
        "FRED_API_KEY": TEST_KEY,
        "SELLOFF_FRED_API_URL": server.url,
        "SELLOFF_TIC_CURRENT_URL": server.tic_table5_url,
        "SELLOFF_TIC_HISTORY_URL": server.tic_history_url,
        "SELLOFF_FRED_WINDOW_SECONDS": "0.02",  # fast pacing for tests; same code path as the real rate
        "SELLOFF_FRED_BACKOFF_INITIAL_SECONDS": "0.01",
        "SELLOFF_FRED_BACKOFF_MAX_SECONDS": "0.05",
        "SELLOFF_FRED_TIMEOUT_SECONDS": "2",
        **extra,
    }


def refresh(
    path: Path, server: FakeFred, prefect: PrefectServer, *args: str, **env: str
) -> tuple[int, dict, str]:
    result = run_cli(
        "--warehouse", str(path), "refresh", "--json", *args, env=live_env(server, **env), prefect=prefect
    )
    summary = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}
    return result.returncode, summary, result.stdout + result.stderr


def test_live_refresh_loads_everything_then_a_no_change_refresh_costs_one_request_per_series(
    server: FakeFred, prefect_server: PrefectServer, tmp_path: Path, snapshot_warehouse: Path
) -> None:
    path = tmp_path / "live" / "selloff.duckdb"
    code, first, output = refresh(path, server, prefect_server)
    assert code == 0, output
    assert first["source"] == "series:fred,tic:tic"
    assert {c["status"] for c in first["checks"]} == {"loaded"}
    # every value equals the snapshot's (the server serves the snapshot over FRED's XML)
    with (
        duckdb.connect(str(path), read_only=True) as live,
        duckdb.connect(str(snapshot_warehouse), read_only=True) as offline,
    ):
        query = "select series_id, date, value from stg.observations order by all"
        assert live.execute(query).fetchall() == offline.execute(query).fetchall()
        tic = (
            "select country, date, holdings_usd_bn, holdings_old_series_usd_bn "
            "from stg.tic_holdings order by all"
        )
        assert live.execute(tic).fetchall() == offline.execute(tic).fetchall()

    server.clear_requests()
    code, second, output = refresh(path, server, prefect_server, "--source", "fred")
    assert code == 0, output
    fred_requests = server.requests_matching()
    assert len(fred_requests) == N_SERIES  # at most one request per catalogued series ...
    assert {r.endpoint for r in fred_requests} == {"series"}  # ... and no observation request
    assert {c["status"] for c in second["checks"]} == {"not_updated"}
    assert second["requests"] == N_SERIES


def test_a_live_refresh_keeps_the_reference_tables_as_they_are(
    server: FakeFred, prefect_server: PrefectServer, tmp_path: Path, snapshot_warehouse: Path
) -> None:
    """The reference tables have no live source: `auto` with a key (FRED + TIC) and `--source tic` leave
    them exactly as the snapshot loaded them, and the runs' checks do not mention them."""
    references = [f"raw.{d.name}" for d in REFERENCE_DATASETS] + ["raw.reference_datasets"]

    def stored(path: Path) -> dict[str, list[tuple[object, ...]]]:
        with duckdb.connect(str(path), read_only=True) as con:
            return {
                table: con.execute(f"select * from {table} order by all").fetchall() for table in references
            }

    before = stored(snapshot_warehouse)
    assert all(before.values())
    for args in ((), ("--source", "tic")):
        code, summary, output = refresh(snapshot_warehouse, server, prefect_server, *args)
        assert code == 0, output
        assert not [c for c in summary["checks"] if c["dataset"].startswith("ref:")]
    assert summary["source"] == "tic:tic"
    assert stored(snapshot_warehouse) == before


def test_a_revision_adds_one_vintage_and_keeps_history(
    server: FakeFred, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    path = tmp_path / "live" / "selloff.duckdb"
    assert refresh(path, server, prefect_server, "--series", "GDP,GS10")[0] == 0
    before = table_counts(path)["raw.observations"]
    server.today = date.fromordinal(server.today.toordinal() + 1)  # FRED revises on a later day
    server.revise("GDP", date(2025, 10, 1), 31_500.25)
    server.clear_requests()
    code, summary, output = refresh(path, server, prefect_server, "--series", "GDP,GS10")
    assert code == 0, output
    statuses = {c["dataset"]: (c["status"], c["rows_added"]) for c in summary["checks"]}
    assert statuses == {"GDP": ("loaded", 1), "GS10": ("not_updated", 0)}
    # GDP's observations were fetched from the last stored date minus the revision window only
    (obs_request,) = server.requests_matching(series_id="GDP", endpoint="observations")
    assert obs_request.params["observation_start"] > "2020-01-01"
    assert table_counts(path)["raw.observations"] == before + 1
    with duckdb.connect(str(path), read_only=True) as con:
        vintages = con.execute(
            "select value from raw.observations where series_id = 'GDP' and date = '2025-10-01' "
            "order by realtime_start"
        ).fetchall()
    assert len(vintages) == 2 and vintages[-1] == (31_500.25,)


def test_permanent_and_transient_failures_give_a_partial_run(
    server: FakeFred, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    path = tmp_path / "live" / "selloff.duckdb"
    server.unknown("GS5")  # FRED: "Bad Request.  The series does not exist."
    server.fail(503, times=None, series_id="GS2")  # a 5xx run that outlasts the retries
    server.fail(429, times=2, series_id="GS10")  # a burst the retries absorb
    server.malformed(series_id="FEDFUNDS", endpoint="observations")
    code, summary, output = refresh(
        path, server, prefect_server, "--source", "fred", SELLOFF_FRED_MAX_ATTEMPTS="3"
    )
    assert code == 1, output
    assert summary["status"] == "partial"
    checks = {c["dataset"]: c for c in summary["checks"]}
    assert checks["GS5"]["status"] == "failed" and "does not exist" in checks["GS5"]["message"]
    assert checks["GS5"]["requests"] == 1  # 400 fails fast
    assert checks["GS2"]["status"] == "failed" and checks["GS2"]["requests"] == 3
    assert checks["FEDFUNDS"]["status"] == "failed"
    assert (
        checks["GS10"]["status"] == "loaded" and checks["GS10"]["requests"] == 4
    )  # 2 x 429, then info + obs
    loaded = [d for d, c in checks.items() if c["status"] == "loaded"]
    assert len(loaded) == N_SERIES - 3
    with duckdb.connect(str(path), read_only=True) as con:
        stored = {r[0] for r in con.execute("select distinct series_id from raw.observations").fetchall()}
        run = con.execute("select status, message from meta.runs where kind = 'refresh'").fetchone()
    assert stored == set(loaded)
    assert run[0] == "partial" and "GS5" in run[1] and "GS2" in run[1]


def test_the_key_never_leaves_the_process(
    server: FakeFred, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    """Search every place a key could leak to: output, warehouse, run records, Prefect's database."""
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    path = tmp_path / "live" / "selloff.duckdb"
    server.echo_key(series_id="GS1", times=None)  # an error message carrying the request URL and key
    server.fail(500, times=None, series_id="GS30")
    code, summary, output = refresh(
        path, server, prefect_server, "--source", "fred", SELLOFF_FRED_MAX_ATTEMPTS="2"
    )
    assert code == 1 and summary["status"] == "partial"
    assert TEST_KEY not in output
    # a run that fails outright (bad key) must not leak it either
    bad = run_cli(
        "--warehouse",
        str(path),
        "refresh",
        "--source",
        "fred",
        "--series",
        "GS10",
        env=live_env(server, FRED_API_KEY=TEST_KEY[::-1]),
        prefect=prefect_server,
    )
    assert bad.returncode == 1 and TEST_KEY[::-1] not in bad.stdout + bad.stderr
    # warehouse: every value of every table, as text, and the file's bytes
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            assert TEST_KEY not in json.dumps(
                con.execute(f"select * from {table}").fetchall(), default=str
            ), table
        settings = [json.loads(s) for (s,) in con.execute("select settings from meta.runs").fetchall()]
    assert all(s["fred_api_key_set"] is True and "fred_api_key" not in s for s in settings)
    assert TEST_KEY.encode() not in path.read_bytes()
    # Prefect's database (flow parameters, task runs, logs) and home directory
    db_url = str(PREFECT_SERVER_DATABASE_CONNECTION_URL.value())
    db_file = Path(db_url.split("///", 1)[1])
    for file in [*db_file.parent.glob(db_file.name + "*"), *prefect_server.home.rglob("*")]:
        if file.is_file():
            assert TEST_KEY.encode() not in file.read_bytes(), file
