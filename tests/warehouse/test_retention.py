"""Retention: the per-run detail of the newest runs, headline rows and run records for ever.

The nightlies are the real first one's rows (the projected snapshot) copied under new run ids a day
apart, as bench/bench_retention.py simulates a year of them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from bench.bench_retention import clone_nightly, latest_nightly, run_tables

from selloff.warehouse import retention
from tests.conftest import PrefectServer, run_cli
from tests.fault_helpers import check_invariants

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def add_nightlies(path: Path, nights: int) -> dict[str, list[str]]:
    """Make the projected warehouse's runs night 0 (with a report run and a nightly row over them),
    copy them ``nights - 1`` times a day apart, all in the past (a run started now is the newest);
    the calibrate and project run ids, oldest first."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into meta.runs (run_id, kind, started_at, finished_at, status, package_version) "
            "select 'report-0', 'report', max(started_at), max(finished_at), 'ok', 'test' from meta.runs"
        )
        parents = [
            r[0]
            for r in con.execute(
                "select run_id from meta.runs where kind in ('refresh', 'calibrate', 'project', 'report') "
                "and status = 'ok' order by started_at"
            ).fetchall()
        ]
        con.execute(
            "insert into meta.runs (run_id, kind, started_at, finished_at, status, package_version, "
            "parent_run_ids) select 'nightly-0', 'nightly', max(started_at), max(finished_at), 'ok', "
            "'test', ? from meta.runs",
            [parents],
        )
        back = f"interval {nights + 1} day"
        con.execute(
            f"update meta.runs set started_at = started_at - {back}, finished_at = finished_at - {back}"
        )
        tables = run_tables(con)
        nightly, parents = latest_nightly(con)
        for night in range(1, nights):
            clone_nightly(con, tables, nightly, parents, night)
        return {
            kind: [
                r[0]
                for r in con.execute(
                    "select run_id from meta.runs where kind = ? order by started_at", [kind]
                ).fetchall()
            ]
            for kind in ("calibrate", "project")
        }


def run_ids(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(f"select distinct run_id from {table}").fetchall()}


def test_prune_keeps_the_newest_runs_detail_and_every_runs_headline_rows(projected_warehouse: Path) -> None:
    ids = add_nightlies(projected_warehouse, 5)
    calibrations, projections = ids["calibrate"], ids["project"]
    assert len(calibrations) == len(projections) == 5
    with duckdb.connect(str(projected_warehouse)) as con:
        detail = {
            table: dict(con.execute(f"select run_id, count(*) from {table} group by 1").fetchall())
            for tables in retention.DETAIL_TABLES.values()
            for table in tables
        }
        result = retention.prune_detail(con, keep=2, now=NOW)

        assert set(result.runs) == set(calibrations[:3] + projections[:3])
        assert run_ids(con, "calib.draws") == set(calibrations[3:])
        assert run_ids(con, "proj.yield_paths") == run_ids(con, "proj.bond_prices") == set(projections[3:])
        # headline rows and run records stay for every run
        assert run_ids(con, "calib.parameters") == set(calibrations)
        assert run_ids(con, "proj.fiscal_annual") == run_ids(con, "proj.scenarios") == set(projections)
        assert con.execute("select count(*) from meta.runs where kind = 'nightly'").fetchone() == (5,)
        # meta.pruned_runs says what went, with the rows counted before the delete
        pruned = dict(con.execute("select run_id, rows_deleted from meta.pruned_runs").fetchall())
        for run_id in calibrations[:3]:
            assert pruned[run_id] == detail["calib.draws"][run_id] > 0
        for run_id in projections[:3]:
            assert pruned[run_id] == detail["proj.yield_paths"][run_id] + detail["proj.bond_prices"][run_id]
        assert result.total_rows == sum(pruned.values())
        # the warehouse's invariants hold with the detail gone; a second prune has nothing to do
        _, violations = check_invariants(con)
        assert violations == {}
        assert retention.prune_detail(con, keep=2, now=NOW).runs == ()


def test_the_runs_the_newest_nightly_built_on_keep_their_detail(projected_warehouse: Path) -> None:
    ids = add_nightlies(projected_warehouse, 3)
    oldest = [ids["calibrate"][0], ids["project"][0]]
    with duckdb.connect(str(projected_warehouse)) as con:
        # a newer nightly that chained the first night's runs (as a nightly whose steps were reused)
        con.execute(
            "insert into meta.runs (run_id, kind, started_at, finished_at, status, package_version, "
            "parent_run_ids) select 'nightly-9', 'nightly', (select max(started_at) from meta.runs) + "
            "interval 1 day, (select max(finished_at) from meta.runs) + interval 1 day, 'ok', 'test', "
            "parent_run_ids from meta.runs where run_id = 'nightly-0'"
        )
        retention.prune_detail(con, keep=1, now=NOW)
        assert run_ids(con, "calib.draws") == {ids["calibrate"][0], ids["calibrate"][-1]}
        assert run_ids(con, "proj.yield_paths") == {ids["project"][0], ids["project"][-1]}
        assert not set(oldest) & {r[0] for r in con.execute("select run_id from meta.pruned_runs").fetchall()}


def test_keep_must_be_at_least_one(projected_warehouse: Path) -> None:
    with duckdb.connect(str(projected_warehouse)) as con, pytest.raises(ValueError, match="at least 1"):
        retention.prune_detail(con, keep=0, now=NOW)


def test_selloff_prune_deletes_the_detail_and_shrinks_the_file(projected_warehouse: Path) -> None:
    ids = add_nightlies(projected_warehouse, 4)
    before = projected_warehouse.stat().st_size

    result = run_cli("--warehouse", str(projected_warehouse), "prune", "--keep", "1", "--json")

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary["runs"]) == set(ids["calibrate"][:3] + ids["project"][:3])
    assert summary["bytes_before"] == before > summary["bytes_after"] == projected_warehouse.stat().st_size
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        assert run_ids(con, "calib.draws") == {ids["calibrate"][-1]}
        assert run_ids(con, "calib.parameters") == set(ids["calibrate"])
        _, violations = check_invariants(con)
        assert violations == {}


def test_every_calibrate_run_prunes_beyond_the_setting(
    projected_warehouse: Path, prefect_server: PrefectServer
) -> None:
    ids = add_nightlies(projected_warehouse, 3)
    result = run_cli(
        "--warehouse",
        str(projected_warehouse),
        "calibrate",
        "-q",
        env={"SELLOFF_KEEP_RUN_DETAIL": "2"},
        prefect=prefect_server,
    )
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        newest = con.execute(
            "select run_id from meta.runs where kind = 'calibrate' order by started_at desc limit 1"
        ).fetchone()
        assert newest is not None and newest[0] not in ids["calibrate"]
        # the new run and the newest nightly's own calibration keep their draws; the rest went
        assert run_ids(con, "calib.draws") == {newest[0], ids["calibrate"][-1]}
        # every kind is pruned after any calibrate or project run: the oldest projection went too
        pruned = {r[0] for r in con.execute("select run_id from meta.pruned_runs").fetchall()}
        assert pruned == {*ids["calibrate"][:-1], ids["project"][0]}
