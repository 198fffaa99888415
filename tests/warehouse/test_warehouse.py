"""The warehouse contract: schema constraints, vintages, idempotent loads, atomic publish, one writer."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from selloff.ingest import store as ingest_store
from selloff.warehouse import publish, schema
from selloff.warehouse.errors import WarehouseError, WarehouseLockedError
from tests.conftest import table_counts

FAR = pd.Timestamp("9999-12-31")


def _obs(values: dict[str, float | None], vintage: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(list(values)),
            "value": pd.array(list(values.values()), dtype="float64"),
            "realtime_start": pd.Timestamp(vintage),
            "realtime_end": FAR,
        }
    )


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    schema.apply_sql(con)
    schema.load_catalog_table(con)
    return con


# --- schema -----------------------------------------------------------------------------------------


def test_apply_sql_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    schema.apply_sql(con)  # a second time changes nothing and does not fail
    schemas = {r[0] for r in con.execute("select schema_name from information_schema.schemata").fetchall()}
    assert {"raw", "stg", "marts", "meta", "calib", "proj", "report"} <= schemas


def test_ensure_schema_applies_only_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect(":memory:")
    assert schema.ensure_schema(con)  # a new warehouse: applied, catalog loaded, fingerprint kept
    catalog_rows = table_counts_of(con, "meta.catalog")
    assert catalog_rows > 0
    con.execute("comment on table proj.scenarios is 'changed by hand'")
    assert not schema.ensure_schema(con)  # nothing changed in sql/ or the catalog: nothing re-applied
    assert con.execute(
        "select comment from duckdb_tables() where schema_name = 'proj' and table_name = 'scenarios'"
    ).fetchone() == ("changed by hand",)
    # an edited sql/ file (a new selloff version): applied again, the hand edit gone
    scripts = schema.sql_scripts()
    edited = [(name, text + "\n-- edited\n" if i == 0 else text) for i, (name, text) in enumerate(scripts)]
    monkeypatch.setattr(schema, "sql_scripts", lambda: edited)
    assert schema.ensure_schema(con)
    assert con.execute(
        "select comment from duckdb_tables() where schema_name = 'proj' and table_name = 'scenarios'"
    ).fetchone() != ("changed by hand",)
    assert table_counts_of(con, "meta.catalog") == catalog_rows
    assert con.execute("select count(*) from meta.schema_applied").fetchone() == (1,)


def table_counts_of(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select count(*) from {table}").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("statement", "fragment"),
    [
        # primary key (series_id, date, realtime_start)
        (
            "insert into raw.observations values ('GS10', '2020-01-01', 1, '2026-01-01', '9999-12-31', 'r'),"
            " ('GS10', '2020-01-01', 2, '2026-01-01', '9999-12-31', 'r')",
            "duplicate key",
        ),
        # a vintage cannot end before it starts
        (
            "insert into raw.observations values ('GS10', '2020-01-01', 1, '2026-01-01', '2025-01-01', 'r')",
            "check constraint",
        ),
        (
            "insert into raw.observations values (null, '2020-01-01', 1, '2026-01-01', '9999-12-31', 'r')",
            "not null",
        ),
        # accepted values
        (
            "insert into meta.runs (run_id, kind, started_at, status, package_version) "
            "values ('x', 'refresh', now(), 'finished', 'v')",
            "check constraint",
        ),
        (
            "insert into meta.runs (run_id, kind, started_at, status, package_version) "
            "values ('x', 'backtest', now(), 'ok', 'v')",
            "check constraint",
        ),
        # TIC months are dated by their first day
        (
            "insert into raw.tic_holdings "
            "values ('Japan', '2024-03-31', 1, null, 'snapshot', '2026-01-01', 'r')",
            "check constraint",
        ),
    ],
)
def test_schema_constraints_reject_bad_rows(
    con: duckdb.DuckDBPyConnection, statement: str, fragment: str
) -> None:
    with pytest.raises(duckdb.ConstraintException, match=f"(?i){fragment}"):
        con.execute(statement)


# --- vintages -----------------------------------------------------------------------------------------


def test_same_data_twice_adds_nothing(con: duckdb.DuckDBPyConnection) -> None:
    frame = _obs({"2020-01-01": 1.5, "2020-02-01": None, "2020-03-01": 1.7}, "2026-01-05")
    assert ingest_store.load_observations(con, "GS10", frame, run_id="r1") == 3
    assert ingest_store.load_observations(con, "GS10", frame, run_id="r2") == 0
    # a later plain fetch of unchanged data (FRED stamps it with today's date) adds nothing either
    assert (
        ingest_store.load_observations(
            con, "GS10", _obs({"2020-01-01": 1.5, "2020-02-01": None}, "2026-02-01"), run_id="r3"
        )
        == 0
    )
    assert con.execute("select count(*) from raw.observations").fetchone() == (3,)


def test_dot_is_kept_as_null_and_a_revision_adds_a_vintage(con: duckdb.DuckDBPyConnection) -> None:
    ingest_store.load_observations(
        con, "GS10", _obs({"2020-01-01": 1.5, "2020-02-01": None}, "2026-01-05"), run_id="r1"
    )
    added = ingest_store.load_observations(
        con, "GS10", _obs({"2020-01-01": 1.6, "2020-02-01": 2.0}, "2026-03-01"), run_id="r2"
    )
    assert added == 2  # one revised value, one "." that became a number
    rows = con.execute(
        "select date, value, realtime_start from raw.observations order by date, realtime_start"
    ).fetchall()
    assert [(str(d), v, str(r)) for d, v, r in rows] == [
        ("2020-01-01", 1.5, "2026-01-05"),
        ("2020-01-01", 1.6, "2026-03-01"),
        ("2020-02-01", None, "2026-01-05"),
        ("2020-02-01", 2.0, "2026-03-01"),
    ]
    latest = con.execute("select date, value from stg.observations order by date").fetchall()
    assert [v for _, v in latest] == [1.6, 2.0]
    # the old vintage stays queryable, with its validity ending the day before the revision
    old = con.execute(
        "select value, valid_to from stg.observation_vintages "
        "where date = '2020-01-01' order by realtime_start"
    ).fetchall()
    assert [(v, str(t)) for v, t in old] == [(1.5, "2026-02-28"), (1.6, "9999-12-31")]
    as_of = con.execute(
        "select value from stg.observations_as_of(date '2026-02-01') where date = '2020-01-01'"
    ).fetchall()
    assert as_of == [(1.5,)]


def test_alfred_vintages_are_stored_once(con: duckdb.DuckDBPyConnection) -> None:
    frame = pd.concat([_obs({"2020-01-01": 1.0}, "2020-02-01"), _obs({"2020-01-01": 1.1}, "2020-03-01")])
    assert ingest_store.load_observations(con, "GDP", frame, run_id="r1", vintages=True) == 2
    assert ingest_store.load_observations(con, "GDP", frame, run_id="r2", vintages=True) == 0


def test_zeros_that_mean_not_reported_are_null_in_staging(con: duckdb.DuckDBPyConnection) -> None:
    frame = _obs({"2007-06-27": 0.0, "2007-07-04": 1_209_781.0}, "2026-01-05")
    ingest_store.load_observations(con, "WMTSECL1", frame, run_id="r1")
    assert con.execute("select value from stg.observations order by date").fetchall() == [
        (None,),
        (1_209_781.0,),
    ]
    assert con.execute("select count(*) from raw.observations where value = 0").fetchone() == (1,)


def test_tic_loads_keep_old_series_column_and_are_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    frame = pd.DataFrame(
        {
            "country": ["Japan", "Japan"],
            "date": pd.to_datetime(["2011-05-01", "2011-06-01"]),
            "holdings_usd_bn": [907.9, 914.8],
            "holdings_old_series_usd_bn": [None, 911.1],
            "realtime_start": pd.Timestamp("2026-01-05"),
        }
    )
    assert ingest_store.load_tic_holdings(con, frame, source="snapshot", run_id="r1") == 2
    assert ingest_store.load_tic_holdings(con, frame, source="snapshot", run_id="r2") == 0
    breaks = con.execute("select date, is_series_break from stg.tic_holdings order by date").fetchall()
    assert [b for _, b in breaks] == [False, True]


# --- staged publish -------------------------------------------------------------------------------------


def _write_marker(stage: publish.Stage, run_id: str) -> None:
    con = stage.connect()
    con.execute(
        "insert into meta.runs (run_id, kind, started_at, status, package_version) "
        "values (?, 'refresh', now(), 'ok', 't')",
        [run_id],
    )


def test_publish_replaces_atomically_and_leaves_nothing_beside(tmp_path: Path) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    with publish.staged(path, lock_timeout_s=5) as stage:
        _write_marker(stage, "a")
        assert not path.exists()  # nothing is published before the block ends
    assert table_counts(path)["meta.runs"] == 1
    leftovers = sorted(p.name for p in path.parent.iterdir())
    assert leftovers == ["selloff.duckdb", "selloff.duckdb.lock"]


def test_a_failed_block_publishes_nothing(snapshot_warehouse: Path) -> None:
    before = table_counts(snapshot_warehouse)
    mtime = snapshot_warehouse.stat().st_mtime_ns
    with (
        pytest.raises(RuntimeError, match="boom"),
        publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage,
    ):
        stage.connect().execute("delete from raw.observations")
        raise RuntimeError("boom")
    assert table_counts(snapshot_warehouse) == before
    assert snapshot_warehouse.stat().st_mtime_ns == mtime
    assert not (snapshot_warehouse.parent / ".selloff.duckdb.staging").exists()


def test_reader_keeps_a_consistent_view_across_a_publish(snapshot_warehouse: Path) -> None:
    reader = publish.connect_read_only(snapshot_warehouse)
    before = reader.execute("select count(*) from raw.observations").fetchone()
    with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
        stage.connect().execute("delete from raw.observations where series_id = 'GS10'")
    # the open reader still sees the file it opened, without an error
    assert reader.execute("select count(*) from raw.observations").fetchone() == before
    reader.close()
    fresh = publish.connect_read_only(snapshot_warehouse)
    assert fresh.execute("select count(*) from raw.observations where series_id = 'GS10'").fetchone() == (0,)
    fresh.close()


def test_second_writer_times_out_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "selloff.duckdb"
    with publish.writer_lock(path, timeout_s=1):
        with pytest.raises(WarehouseLockedError, match=r"another selloff writer \(pid \d+\)"):
            with publish.staged(path, lock_timeout_s=0.3):
                pass
    assert not path.exists()


def test_concurrent_writers_are_serialised(tmp_path: Path) -> None:
    path = tmp_path / "selloff.duckdb"
    publish.initialise(path, lock_timeout_s=5)
    errors: list[BaseException] = []

    def write(run_id: str) -> None:
        try:
            with publish.staged(path, lock_timeout_s=60) as stage:
                _write_marker(stage, run_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f"run-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with duckdb.connect(str(path), read_only=True) as con:
        assert sorted(r[0] for r in con.execute("select run_id from meta.runs").fetchall()) == [
            f"run-{i}" for i in range(4)
        ]


def test_a_wal_left_by_a_read_write_session_is_refused(snapshot_warehouse: Path) -> None:
    wal = snapshot_warehouse.with_name(snapshot_warehouse.name + ".wal")
    wal.write_bytes(b"stale")
    with pytest.raises(WarehouseError, match="read-write session"):
        with publish.staged(snapshot_warehouse, lock_timeout_s=5):
            pass


def test_read_only_connection_refuses_writes_files_and_extensions(snapshot_warehouse: Path) -> None:
    con = publish.connect_read_only(snapshot_warehouse)
    for statement in (
        "delete from raw.observations",
        "create table x (a int)",
        "copy raw.series to '/tmp/out.csv'",
        "attach '/tmp/other.duckdb'",
        "select * from read_csv('/etc/passwd')",
        "install httpfs",
        "set enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            con.execute(statement)
    con.close()
