"""The Python API (`import selloff`): cheap to import, the report.* views as DataFrames without pandas
warnings, a connection that follows publishes, and in-process projections equal to `selloff project`."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

import selloff
from selloff import api
from selloff.delivery import exports
from selloff.warehouse import publish, runs
from tests.conftest import PrefectServer, run_cli


def test_import_selloff_loads_no_api_until_asked() -> None:
    code = (
        "import sys, selloff\n"
        "heavy = [m for m in ('pandas', 'duckdb', 'numpy', 'selloff.api', 'prefect') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert callable(selloff.connect) and 'selloff.api' in sys.modules\n"
        "assert 'connect' in dir(selloff)\n"
        "try:\n    selloff.nope\nexcept AttributeError as e:\n    print(e)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "module 'selloff' has no attribute 'nope'" in result.stdout


def test_every_report_view_has_a_typed_reader(projected_warehouse: Path) -> None:
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        views = {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where schema_name = 'report'"
            ).fetchall()
        }
        tables = {
            f"{s}.{t}"
            for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
        }
    assert views == set(api.REPORT_VIEWS)
    assert {t for t in api.REPORT_VIEWS.values() if t} <= tables
    for name in api.REPORT_VIEWS:
        assert callable(getattr(api.Tables, name).__get__(api.Tables(), api.Tables))
        assert getattr(api.Tables, name).__doc__


def test_views_read_without_pandas_warnings_and_match_sql(projected_warehouse: Path) -> None:
    with api.connect(projected_warehouse) as wh, warnings.catch_warnings():
        warnings.simplefilter("error")  # DeprecationWarning, FutureWarning, … are failures here
        for name in api.REPORT_VIEWS:
            frame = wh.tables.view(name)
            assert len(frame) > 0, name
        fa = wh.tables.fiscal_annual(scenario="japan-full-dump")
        expected = wh.sql(
            "select * from report.fiscal_annual where scenario = ? order by run_id, scenario, fy",
            ["japan-full-dump"],
        )
        pd.testing.assert_frame_equal(fa, expected)
        fys = fa["fy"].tolist()  # consecutive fiscal years from the data's end to the baseline's last
        assert fys == list(range(fys[0], fys[-1] + 1)) and len(fys) >= 10
        run = str(wh.tables.lineage()["projection_run_id"].iloc[0])
        calibration = str(wh.tables.lineage()["calibration_run_id"].iloc[0])
        pd.testing.assert_frame_equal(wh.tables.fiscal_annual(run=run, scenario="japan-full-dump"), fa)
        # a projection run given to a calibration view means the calibration it was built on
        params = wh.tables.parameters(run=run)
        assert set(params["run_id"]) == {calibration}
        pd.testing.assert_frame_equal(params, wh.tables.parameters(run=calibration))
        table = wh.arrow("select scenario, peak_10y_bp from report.scenarios")
        assert table.num_rows == len(wh.tables.scenarios())
        assert wh.relation("select * from report.scenarios").arrow().read_all().num_rows == table.num_rows


def test_bad_requests_are_one_line_errors(projected_warehouse: Path) -> None:
    with api.connect(projected_warehouse) as wh:
        with pytest.raises(ValueError, match=r"no run 'nope' in meta\.runs"):
            wh.tables.fiscal_annual(run="nope")
        with pytest.raises(ValueError, match="has no scenario column"):
            wh.tables.parameters(scenario="x")
        with pytest.raises(ValueError, match="no report view 'nope'"):
            wh.tables.view("nope")
        calibration = str(wh.tables.lineage()["calibration_run_id"].iloc[0])
        with pytest.raises(
            ValueError, match=r"is a calibrate run; proj\.fiscal_annual holds projection runs"
        ):
            wh.tables.fiscal_annual(run=calibration)


def test_parquet_exports_read_in_pandas(projected_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "fa.parquet"
    rows = exports.export_table(projected_warehouse, "report.fiscal_annual", "parquet", out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = pd.read_parquet(out)
    assert len(frame) == rows > 0
    with api.connect(projected_warehouse) as wh:
        expected = wh.tables.fiscal_annual()
    merged = frame.merge(expected, on=["scenario", "fy"], suffixes=("", "_sql"))
    np.testing.assert_array_equal(merged["delta_interest_usd_bn"], merged["delta_interest_usd_bn_sql"])


def _publish_a_run(path: Path) -> str:
    run_id = runs.new_run_id("refresh")
    with publish.staged(path, lock_timeout_s=60) as stage:
        con = stage.connect()
        runs.start_run(
            con, run_id=run_id, kind="refresh", source="snapshot", started_at=runs.utc_now(), settings={},
            package_version="test",
        )  # fmt: skip
    return run_id


def test_a_connection_follows_a_publish(projected_warehouse: Path) -> None:
    # a plain DuckDB connection opened before the publish: DuckDB's instance cache would hand its
    # (replaced) file to any later duckdb.connect of the same path in this process
    plain = duckdb.connect(str(projected_warehouse), read_only=True)
    with api.connect(projected_warehouse) as wh:
        before = int(wh.sql("select count(*) as n from meta.runs")["n"].iloc[0])
        assert wh.is_current
        run_id = _publish_a_run(projected_warehouse)
        assert not wh.is_current
        after = wh.sql("select run_id from meta.runs")["run_id"].tolist()
        assert run_id in after and len(after) == before + 1
        assert wh.reconnects == 1 and wh.is_current
    # why it matters: the plain connection, and a new one from DuckDB's cache, still read the old file
    assert plain.execute("select count(*) from meta.runs").fetchone() == (before,)
    with duckdb.connect(str(projected_warehouse), read_only=True) as cached:
        assert cached.execute("select count(*) from meta.runs").fetchone() == (before,)
    plain.close()


def test_the_read_only_guards_hold(projected_warehouse: Path, tmp_path: Path) -> None:
    with api.connect(projected_warehouse) as wh:
        for query in (
            "create table x as select 1",
            f"attach '{tmp_path / 'x.duckdb'}' as x",
            "select * from read_csv('/etc/passwd')",
            "set enable_external_access = true",
        ):
            with pytest.raises(duckdb.Error):
                wh.sql(query)


def test_module_level_tables_read_the_default_warehouse(
    projected_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELLOFF_WAREHOUSE", str(projected_warehouse))
    scenarios = selloff.tables.scenarios()
    assert "japan-full-dump" in set(scenarios["scenario"])
    assert selloff.tables.warehouse.path == projected_warehouse


def test_load_scenario_names_files_and_errors(tmp_path: Path) -> None:
    assert selloff.load_scenario("japan-gradual").sale is not None
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\ntitle = "t"\n[sale]\nseller = "Japan"\namount_usd_bn = true\n')
    with pytest.raises(selloff.ScenarioError, match=r"sale\.amount_usd_bn: .* \(line 5\)"):
        selloff.load_scenario(bad)


def test_project_needs_a_calibration(snapshot_warehouse: Path) -> None:
    with pytest.raises(
        ValueError, match="no successful calibration in the warehouse: run `selloff calibrate`"
    ):
        selloff.project("japan-gradual", warehouse=snapshot_warehouse)


KEYS = {
    "yield_paths": ["scenario", "month", "tenor"],
    "bond_prices": ["scenario", "month", "instrument"],
    "fiscal_annual": ["scenario", "fy"],
    "mitigations": ["scenario", "mitigation"],
}


@pytest.mark.slow
def test_project_in_process_equals_the_cli(
    projected_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    scenario = tmp_path / "half.toml"
    scenario.write_text(
        'name = "half"\ntitle = "Japan sells half over 18 months, the Fed absorbs a quarter"\n'
        '[sale]\nseller = "Japan"\nshare_of_holdings = 0.5\npace_months = 18\n'
        "[fed]\nabsorption_share = 0.25\n"
    )
    result = run_cli(
        "--warehouse", str(projected_warehouse), "project", "--scenario", str(scenario), "--draws", "300",
        "--seed", "7", "--quiet", prefect=prefect_server,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    mine = selloff.project(selloff.load_scenario(scenario), draws=300, seed=7, warehouse=projected_warehouse)
    assert mine.draws == 300 and mine.seed == 7
    with api.connect(projected_warehouse) as wh:
        (run,) = wh.sql(
            "select run_id from proj.scenarios where scenario = 'half' order by run_id desc limit 1"
        )["run_id"]
        assert (
            mine.calibration_run_id
            == wh.sql("select parent_run_ids[1] as c from meta.runs where run_id = ?", [run])["c"].iloc[0]
        )
        for table, keys in KEYS.items():
            stored = wh.sql(f"select * from proj.{table} where run_id = ? order by all", [run])
            ours = getattr(mine, table)
            stored = stored.drop(columns="run_id").sort_values(keys, ignore_index=True)
            ours = ours.drop(columns="run_id").sort_values(keys, ignore_index=True)
            assert len(ours) > 0, table
            pd.testing.assert_frame_equal(ours, stored, check_dtype=False, check_exact=False, rtol=1e-12)
        row = wh.sql("select * from proj.scenarios where run_id = ?", [run]).iloc[0]
    for column in ("peak_10y_bp", "peak_10y_bp_p5", "ten_year_extra_interest_usd_bn_p95", "sale_usd_bn"):
        assert getattr(mine.headline, column) == pytest.approx(row[column], rel=1e-12)
