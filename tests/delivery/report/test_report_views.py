"""The report.* views follow the latest nightly or bundled-scenario projection; an ad-hoc projection
(`selloff project --scenario …`) never switches them and is reachable by its run id (issue 12 §1):
report.lineage_of, `set variable report_run_id`, `selloff sql --run`, `selloff report --run`."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from selloff.delivery.report.assemble import build_report
from tests.conftest import PrefectServer, run_cli

AD_HOC = "rates-plus-100bp"


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None, sql
    return row[0]


def test_an_ad_hoc_projection_never_switches_the_report_views(
    projected_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    from flows.project import project_flow

    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        bundled = _one(con, "select projection_run_id from report.lineage")
        bundled_scenarios = sorted(
            r[0] for r in con.execute("select scenario from report.scenarios").fetchall()
        )
    assert len(bundled_scenarios) > 1

    ad_hoc = project_flow(scenario_names=[AD_HOC], draws=200, warehouse=str(projected_warehouse))["run_id"]

    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        # the views, and so the README's queries and the default report, still show the bundled run
        assert _one(con, "select projection_run_id from report.lineage") == bundled
        assert sorted(r[0] for r in con.execute("select scenario from report.scenarios").fetchall()) == (
            bundled_scenarios
        )
        runs = con.execute(
            "select run_id, scenario_set, reportable, list_sort(scenarios) from report.projection_runs "
            "order by finished_at"
        ).fetchall()
        assert runs == [(bundled, "bundled", True, bundled_scenarios), (ad_hoc, "ad-hoc", False, [AD_HOC])]
        # reachable by run id: the macro, and the session pin every report.* view follows
        assert _one(con, "select projection_run_id from report.lineage_of(?)", [ad_hoc]) == ad_hoc
        assert _one(con, "select projection_run_id from report.lineage_of(null)") == bundled
        assert con.execute("select * from report.lineage_of('project-no-such-run')").fetchall() == []
        con.execute("set variable report_run_id = ?", [ad_hoc])
        assert con.execute("select distinct scenario from report.fiscal_annual").fetchall() == [(AD_HOC,)]
        con.execute("reset variable report_run_id")
        assert _one(con, "select projection_run_id from report.lineage") == bundled

        ad_hoc_report = build_report(con, tmp_path / "ad-hoc", projection_run_id=ad_hoc)
        default_report = build_report(con, tmp_path / "default")
        # the report's pin stayed on its own cursor
        assert _one(con, "select projection_run_id from report.lineage") == bundled
    assert ad_hoc_report.projection_run_id == ad_hoc
    assert [s.scenario for s in ad_hoc_report.scenarios] == [AD_HOC]
    assert default_report.projection_run_id == bundled

    # the CLI: `sql --run` pins the views for one query, `report --run` refuses an unknown run at once
    pinned = run_cli(
        "--warehouse", str(projected_warehouse), "sql", "--run", ad_hoc, "--json",
        "select distinct scenario from report.yield_paths",
    )  # fmt: skip
    assert pinned.returncode == 0, pinned.stderr
    assert json.loads(pinned.stdout) == [{"scenario": AD_HOC}]
    unknown = run_cli("--warehouse", str(projected_warehouse), "report", "--run", "project-no-such-run")
    assert unknown.returncode == 2
    assert "not a successful projection or nightly run" in unknown.stderr

    # a new bundled projection is followed again
    again = project_flow(draws=200, warehouse=str(projected_warehouse))["run_id"]
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        assert _one(con, "select projection_run_id from report.lineage") == again
