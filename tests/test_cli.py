"""The command line: exit codes, read-only SQL, status, refresh summaries."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from selloff.ingest.reference import REFERENCE_DATASETS
from selloff.ingest.snapshot import build_manifest, default_snapshot
from tests.conftest import VENV_BIN, PrefectServer, run_cli, table_counts


@pytest.mark.parametrize(
    "query",
    [
        "delete from raw.observations",
        "create table t (a int)",
        "copy raw.series to 'leak.csv'",
        "attach 'other.duckdb' as other",
        "select * from read_csv('/etc/hostname')",
        "install httpfs",
        "set enable_external_access = true",
    ],
)
def test_sql_refuses_anything_but_reading(snapshot_warehouse: Path, query: str) -> None:
    before = table_counts(snapshot_warehouse)
    result = run_cli("--warehouse", str(snapshot_warehouse), "sql", query)
    assert result.returncode == 2, result.stderr
    assert "refused" in result.stderr or "failed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one line, no traceback
    assert table_counts(snapshot_warehouse) == before
    assert not Path("leak.csv").exists()


def test_sql_formats(snapshot_warehouse: Path) -> None:
    query = (
        "select series_id, count(*) as n from raw.observations "
        "where series_id in ('GS10', 'GS2') group by 1 order by 1"
    )
    as_json = run_cli("--warehouse", str(snapshot_warehouse), "sql", query, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == [{"series_id": "GS10", "n": 879}, {"series_id": "GS2", "n": 601}]
    as_csv = run_cli("--warehouse", str(snapshot_warehouse), "sql", query, "--format", "csv")
    assert as_csv.stdout.splitlines() == ["series_id,n", "GS10,879", "GS2,601"]
    table = run_cli("--warehouse", str(snapshot_warehouse), "sql", query)
    assert "GS10" in table.stdout
    assert "879" in table.stdout


def test_sql_syntax_error_is_bad_input(snapshot_warehouse: Path) -> None:
    result = run_cli("--warehouse", str(snapshot_warehouse), "sql", "selec 1")
    assert result.returncode == 2
    assert "query failed" in result.stderr


def test_sql_json_keeps_values_exact(snapshot_warehouse: Path) -> None:
    query = (
        "select 1e-15::double as tiny, 1.0::double / 3 as third, 36000000.123::double as debt, "
        "12345::decimal(10, 0) as whole, 'inf'::double as inf, date '2020-01-02' as d, "
        "timestamp '2020-01-02 03:04:05.123456' as ts, null as n"
    )
    result = run_cli("--warehouse", str(snapshot_warehouse), "sql", query, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "tiny": 1e-15,
            "third": 1.0 / 3,
            "debt": 36000000.123,
            "whole": 12345,
            "inf": None,  # JSON has no infinity
            "d": "2020-01-02",
            "ts": "2020-01-02T03:04:05.123456",
            "n": None,
        }
    ]


def test_sql_shows_data_as_text_not_as_markup(snapshot_warehouse: Path) -> None:
    result = run_cli(
        "--warehouse",
        str(snapshot_warehouse),
        "sql",
        """select '[red]x[/red]' as "[/c]", '[/y]' as b, null as n""",
    )
    assert result.returncode == 0, result.stderr
    assert "[red]x[/red]" in result.stdout and "[/c]" in result.stdout and "[/y]" in result.stdout
    assert "None" not in result.stdout and "nan" not in result.stdout  # NULL shows as DuckDB shows it
    missing = run_cli("--warehouse", str(snapshot_warehouse), "sql", 'select * from "[red]t"')
    assert missing.returncode == 2 and "[red]t" in missing.stderr


@pytest.mark.parametrize("query", ["select 1; select 2", "", "   ", "-- only a comment"])
def test_sql_takes_exactly_one_statement(snapshot_warehouse: Path, query: str) -> None:
    result = run_cli("--warehouse", str(snapshot_warehouse), "sql", "--", query)
    assert result.returncode == 2, result.stderr
    assert "exactly one SQL statement" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["status"], ["report"], ["calibrate"], ["project"]])
def test_commands_on_a_missing_warehouse_say_what_to_do(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "none.duckdb"
    result = run_cli("--warehouse", str(missing), *command)
    assert result.returncode == 1
    assert "run `selloff refresh`" in result.stderr
    assert not missing.exists()  # refused, not created empty


def test_status_reports_runs_and_coverage(snapshot_warehouse: Path) -> None:
    result = run_cli("--warehouse", str(snapshot_warehouse), "status", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["runs"][0]["kind"] == "refresh"
    assert payload["runs"][0]["status"] == "ok"
    coverage = {row["dataset"]: row for row in payload["coverage"]}
    assert coverage["GS10"]["first_date"] == "1953-04-01"
    assert coverage["DGS10"]["frequency"] == "D"
    acm = coverage["ref:acm_term_premium"]
    assert (acm["first_date"], acm["n_observations"]) == ("1961-06-14", 16261)
    assert "a live refresh keeps it as it is" in acm["breaks"]
    assert "1998-04-10 mapped to 1998-04-13" in coverage["ref:mof_fx_interventions"]["breaks"]
    assert "live refresh (--source fred or tic) keeps them as they are" in payload["references"]
    table = run_cli("--warehouse", str(snapshot_warehouse), "status")
    assert "ref:soma_holdings" in table.stdout and "--source ref" in table.stdout


@pytest.mark.parametrize("series", ["", " , "])
def test_an_empty_series_list_is_bad_input_not_the_whole_catalog(tmp_path: Path, series: str) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    result = run_cli("--warehouse", str(path), "refresh", "--series", series)
    assert result.returncode == 2
    assert "--series is empty" in result.stderr
    assert not path.exists()


def test_unknown_series_is_bad_input_and_writes_nothing(
    tmp_path: Path, prefect_server: PrefectServer
) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    result = run_cli(
        "--warehouse", str(path), "refresh", "--series", "GS10,NOTASERIES", prefect=prefect_server
    )
    assert result.returncode == 2
    assert "NOTASERIES" in result.stderr
    assert not path.exists()


def test_live_source_without_a_key_says_where_to_set_it(
    tmp_path: Path, prefect_server: PrefectServer
) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    result = run_cli("--warehouse", str(path), "refresh", "--source", "fred", prefect=prefect_server)
    assert result.returncode == 2
    assert "FRED_API_KEY" in result.stderr
    assert not path.exists()


def test_refresh_json_summary_and_exit_code(tmp_path: Path, prefect_server: PrefectServer) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    result = run_cli(
        "--warehouse",
        str(path),
        "refresh",
        "--source",
        "snapshot",
        "--series",
        "GS10",
        "--json",
        prefect=prefect_server,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "ok"
    assert [(c["dataset"], c["rows_added"]) for c in summary["checks"]] == [("GS10", 879)]
    assert table_counts(path)["raw.observations"] == 879


def test_source_ref_loads_only_the_reference_tables(tmp_path: Path, prefect_server: PrefectServer) -> None:
    path = tmp_path / "wh" / "selloff.duckdb"
    args = ("--warehouse", str(path), "refresh", "--source", "ref", "--json")
    result = run_cli(*args, prefect=prefect_server)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["source"] == "ref:snapshot"
    assert [(c["dataset"], c["status"]) for c in summary["checks"]] == [
        (f"ref:{d.name}", "loaded") for d in REFERENCE_DATASETS
    ]
    counts = table_counts(path)
    assert (counts["raw.observations"], counts["raw.tic_holdings"], counts["raw.acm_term_premium"]) == (
        0,
        0,
        16261,
    )
    again = run_cli(*args, prefect=prefect_server)
    assert {c["status"] for c in json.loads(again.stdout)["checks"]} == {"unchanged"}
    assert table_counts(path)["raw.acm_term_premium"] == 16261
    mixed = run_cli(*args[:5], "--series", "GS10", prefect=prefect_server)
    assert mixed.returncode == 2
    assert "cannot be combined with --source ref" in mixed.stderr


def test_a_bad_reference_row_is_bad_input_and_writes_nothing(
    snapshot_warehouse: Path, tmp_path: Path, prefect_server: PrefectServer
) -> None:
    snapshot = tmp_path / "snapshot"
    shutil.copytree(default_snapshot().root, snapshot)
    fx = snapshot / "ref" / "japan_mof_fx_interventions.csv"
    text = fx.read_text(encoding="utf-8")
    text = text.replace("2022-09-22,buy_yen,2838.2,", "2022-09-22,buy_yen,-2838.2,")
    text = text.replace("2024-07-12,buy_yen,2367,", "2024-07-13,buy_yen,2367,")  # a Saturday
    fx.write_text(text, encoding="utf-8")
    manifest = build_manifest(snapshot, default_snapshot().snapshot_date)  # a consistent, edited snapshot
    (snapshot / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = table_counts(snapshot_warehouse)
    for source in ("snapshot", "ref"):
        result = run_cli(
            "--warehouse",
            str(snapshot_warehouse),
            "refresh",
            "--source",
            source,
            env={"SELLOFF_SNAPSHOT_DIR": str(snapshot)},
            prefect=prefect_server,
        )
        assert result.returncode == 2, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, result.stderr
        assert "ref/japan_mof_fx_interventions.csv: 2 problems, nothing loaded" in errors[0]
        assert "amount_jpy_bn: -2838.2 is not allowed" in errors[0]
        assert "date: 2024-07-13 (Saturday) is not a US trading day" in errors[0]
    assert table_counts(snapshot_warehouse) == before  # no rows, no run record


def test_a_refresh_with_nothing_new_is_silent_on_its_own_prefect_server(
    snapshot_warehouse: Path, tmp_path: Path
) -> None:
    """The nightly cron job on an up-to-date warehouse: a quick flow of ~20 tasks on the command's own
    temporary Prefect server, which must not be stopped while it still records the task runs (that
    printed ~150 lines of "Error flushing … CancelledError" and lost task runs)."""
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(snapshot_warehouse.read_bytes())
    result = run_cli(
        "--warehouse", str(warehouse), "refresh", env={"PREFECT_HOME": str(tmp_path / "prefect")}
    )
    assert result.returncode == 0, result.stderr
    assert "not_updated" in result.stdout
    assert result.stderr == ""


def test_calibrate_stores_a_run_linked_to_its_refresh(
    snapshot_warehouse: Path, prefect_server: PrefectServer
) -> None:
    result = run_cli("--warehouse", str(snapshot_warehouse), "calibrate", "--json", prefect=prefect_server)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        kind, status, parents, settings = con.execute(
            "select kind, status, parent_run_ids, settings from meta.runs where run_id = ?",
            [summary["run_id"]],
        ).fetchone()
        refresh_run = con.execute("select run_id from meta.runs where kind = 'refresh'").fetchone()[0]
        n_params = con.execute(
            "select count(*) from calib.parameters where run_id = ?", [summary["run_id"]]
        ).fetchone()[0]
    assert (kind, status, parents) == ("calibrate", "ok", [refresh_run])
    assert json.loads(settings)["method"] == "blend"
    assert n_params > 0
    blend = summary["ten_year_bp_per_100bn"]["long_run"]["blend"]
    assert 0.5 < blend < 15  # inside the literature's persistent range (research file: 2-10, central 3-5)
    # per tenor: the prior, each design and the combination side by side
    ten = summary["result"]["designs"]["tenors"]["10y"]
    assert set(ten["impact"]) == {"prior", "A", "B", "D", "combination"}
    assert set(ten["persistent"]) == {"prior", "C", "D", "combination"}
    assert (
        ten["impact"]["B"]["included"] is False and "too few events" in ten["impact"]["B"]["exclusion_reason"]
    )
    assert ten["persistent"]["combination"]["bp_per_100bn"] == pytest.approx(blend, rel=1e-9)
    assert not any("japan_linear_bp" in entry for entry in ten["impact"].values())  # no linear arithmetic
    # the Japan headline under each design alone, through the engine: the prior's row is `selloff project`'s
    # prior-only headline on the same warehouse (same engine, same inputs) to 1e-9
    alone = {r["source"]: r for r in summary["design_headlines"]["rows"]}
    assert list(alone) == ["prior", "A", "B", "C", "D", "combination"]
    projected = run_cli(
        "--warehouse", str(snapshot_warehouse), "project", "--scenario", "japan-full-dump", "--draws", "50",
        "--json", prefect=prefect_server,
    )  # fmt: skip
    assert projected.returncode == 0, projected.stderr
    headline = json.loads(projected.stdout)["scenarios"][0]
    assert alone["prior"]["peak_10y_bp"] == pytest.approx(headline["prior_only_peak_10y_bp"], rel=0, abs=1e-9)
    assert alone["prior"]["ten_year_extra_interest_usd_bn"] == pytest.approx(
        headline["prior_only_ten_year_extra_interest_usd_bn"], rel=0, abs=1e-9
    )
    assert alone["combination"]["peak_10y_bp"] == pytest.approx(headline["peak_10y_bp"], rel=0, abs=1e-9)
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        stored = con.execute(
            "select source, peak_10y_bp from calib.design_headlines where run_id = ?", [summary["run_id"]]
        ).fetchall()
    assert dict(stored) == {k: v["peak_10y_bp"] for k, v in alone.items()}


def test_calibrate_as_of_before_the_data_is_bad_input_and_only_records_a_failed_run(
    snapshot_warehouse: Path, prefect_server: PrefectServer
) -> None:
    before = table_counts(snapshot_warehouse)
    result = run_cli(
        "--warehouse", str(snapshot_warehouse), "calibrate", "--as-of", "2008-06-30", prefect=prefect_server
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    after = table_counts(snapshot_warehouse)
    assert after.pop("meta.runs") == before.pop("meta.runs") + 1
    assert after == before
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        assert con.execute(
            "select kind, status from meta.runs order by started_at desc limit 1"
        ).fetchone() == (
            "calibrate",
            "failed",
        )


@pytest.mark.parametrize(
    "args",
    [
        ["--dask-address", "tcp://127.0.0.1:8786"],
        ["--grid", "japan-grid", "--scenario", "japan-full-dump"],
        ["--grid", "japan-grid", "--seed", "3"],
    ],
)
def test_grid_options_are_checked_before_anything_runs(snapshot_warehouse: Path, args: list[str]) -> None:
    before = table_counts(snapshot_warehouse)
    result = run_cli("--warehouse", str(snapshot_warehouse), "project", *args)
    assert result.returncode == 2
    assert "--" in result.stderr
    assert table_counts(snapshot_warehouse) == before


# --- bad input and a hostile environment: one line, the right exit code, nothing stored (D11, D12) ---


def _foreign(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create table invoices (id integer, amount double)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory; name the DuckDB file"),
        (lambda p: p.write_text("not a database\n"), "is not a DuckDB database"),
        (_foreign, "is a DuckDB database of another application"),
    ],
    ids=["directory", "text-file", "foreign-duckdb"],
)
@pytest.mark.parametrize("command", [["status"], ["refresh", "-q"]])
def test_a_warehouse_path_that_is_not_a_warehouse_is_bad_input(
    tmp_path: Path, make: Callable[[Path], object], message: str, command: list[str]
) -> None:
    path = tmp_path / "target.duckdb"
    make(path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run_cli("--warehouse", str(path), *command)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no tables added, no lock, no stage
    if path.is_file() and message.endswith("application"):
        with duckdb.connect(str(path), read_only=True) as con:
            assert con.execute("select table_name from duckdb_tables()").fetchall() == [("invoices",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--draws", "1000000000"], "--draws"),
        (["run", "--seed", "100000000000000000000"], "--seed"),
        (["project", "--draws", "1000000000"], "--draws"),
        (["calibrate", "--as-of", "2999-01-01"], "--as-of 2999-01-01 is in the future"),
    ],
)
def test_out_of_range_options_are_refused_before_any_work(
    snapshot_warehouse: Path, args: list[str], message: str
) -> None:
    before = table_counts(snapshot_warehouse)
    result = run_cli("--warehouse", str(snapshot_warehouse), *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert table_counts(snapshot_warehouse) == before  # nothing recorded for bad input


def test_a_full_disk_is_one_line_exit_1_and_the_warehouse_unchanged(
    snapshot_warehouse: Path, prefect_server: PrefectServer
) -> None:
    """A file-size limit below the warehouse's size (RLIMIT_FSIZE: the write fails with EFBIG, as a
    full disk fails with ENOSPC) stops the copy into the stage."""
    before = snapshot_warehouse.read_bytes()
    limit = len(before) // 2

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    result = subprocess.run(
        [str(VENV_BIN / "selloff"), "--warehouse", str(snapshot_warehouse), "refresh", "-q"],
        env={
            **env,
            "PREFECT_LOGGING_LEVEL": "CRITICAL",
            "PREFECT_API_URL": prefect_server.api_url,
            "PREFECT_HOME": str(prefect_server.home),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        preexec_fn=small_files,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "the published warehouse" in result.stderr and "is unchanged" in result.stderr
    assert snapshot_warehouse.read_bytes() == before
