"""`selloff project` and `selloff sensitivity` on the snapshot: stored tables, links, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from selloff.projection.scenarios import bundled_scenarios
from tests.conftest import VENV_BIN, PrefectServer, run_cli, table_counts


def test_projection_run_stores_every_bundled_scenario_linked_to_its_calibration(
    projected_warehouse: Path,
) -> None:
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        parents, status = con.execute(
            "select parent_run_ids, status from meta.runs where kind = 'project'"
        ).fetchone()
        calibration_run = con.execute("select run_id from meta.runs where kind = 'calibrate'").fetchone()[0]
        scenarios = {r[0] for r in con.execute("select scenario from proj.scenarios").fetchall()}
        years = con.execute(
            "select scenario, count(*), min(fy), max(fy) from proj.fiscal_annual group by 1"
        ).fetchall()
        sensitivity = con.execute(
            "select scenario, sum(delta_interest_usd_bn) from proj.sensitivity group by 1 order by 1"
        ).fetchall()
        check = con.execute(
            "select fy, model_net_interest_usd_bn, cbo_net_interest_usd_bn from proj.baseline_check "
            "where cbo_net_interest_usd_bn is not null order by fy"
        ).fetchall()
        debt = con.execute(
            "select max(abs(debt_diff_pct)), bool_and(debt_within_tolerance), count(*) "
            "from proj.baseline_check"
        ).fetchone()
    assert status == "ok"
    assert parents == [calibration_run]
    assert scenarios == set(bundled_scenarios())
    # cbo-2026-02 from July 2026 (the month after the snapshot's yields) to the end of FY2036
    assert {(n, lo, hi) for _, n, lo, hi in years} == {(11, 2026, 2036)}
    assert [s for s, _ in sensitivity] == ["rates+100bp", "rates+10bp"]
    # binding checks on the stored rows: within 5% of CBO's $1,039bn (FY2026, the only year with CBO's net
    # interest in the February 2026 data) and debt held by the public within 2% of CBO's in every year
    assert [(fy, cbo) for fy, _, cbo in check] == [(2026, 1038.976)]
    for _, model, cbo in check:
        assert abs(model / cbo - 1) < 0.05
    assert debt is not None and debt[0] < 2.0 and debt[1] is True and debt[2] == 11


def test_project_prints_headlines_as_json(projected_warehouse: Path, prefect_server: PrefectServer) -> None:
    result = run_cli(
        "--warehouse",
        str(projected_warehouse),
        "project",
        "--scenario",
        "japan-mof-intervention",
        "--draws",
        "200",
        "--json",
        prefect=prefect_server,
    )
    assert result.returncode == 0, result.stderr
    (headline,) = json.loads(result.stdout)["scenarios"]
    assert headline["scenario"] == "japan-mof-intervention"
    assert 50 <= headline["sale_usd_bn"] <= 70  # "about $60bn, the 2022 size"
    assert headline["peak_10y_bp_p5"] <= headline["peak_10y_bp_p50"] <= headline["peak_10y_bp_p95"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 120\n[sale]\nseller = "Japan"\namount_usd_bn = -5\n',
            "amount_usd_bn",
        ),
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 120\n[sale]\nseller = "Atlantis"\namount_usd_bn = 5\n',
            "seller",
        ),
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 0\n[sale]\nseller = "Japan"\namount_usd_bn = 5\n',
            "horizon_months",
        ),
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 120\n'
            '[sale]\nseller = "Japan"\nshare_of_holdings = 1.5\n',
            "share",
        ),
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 120\n[sale]\nseller = "Japan"\namount_usd_bn = nan\n',
            "amount_usd_bn",
        ),
        # valid alone, beyond the projection's window (to September 2036): caught before the run is recorded
        (
            'name = "x"\ntitle = "x"\nhorizon_months = 1200\n[sale]\nseller = "Japan"\namount_usd_bn = 5\n',
            "horizon_months",
        ),
        # a face value that does not match the market value at the prices of the moment (needs the data)
        (
            'name = "x"\ntitle = "x"\n[sale]\nseller = "Japan"\n'
            "amount_usd_bn = 100\namount_face_usd_bn = 50\n",
            "sale.amount_face_usd_bn",
        ),
        (
            'name = "x"\ntitle = "x"\n[sale]\nseller = "Japan"\namount_usd_bn = 5\n'
            "[shock]\nparallel_bp = 1e300\n",
            "shock.parallel_bp",
        ),
        (
            'name = "x"\ntitle = "x"\nseed = 18446744073709551616\n'
            '[sale]\nseller = "Japan"\namount_usd_bn = 5\n',
            "seed",
        ),
    ],
)
def test_bad_scenario_file_is_exit_2_naming_the_field_and_writes_nothing(
    projected_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path, body: str, field: str
) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text(body)
    before = table_counts(projected_warehouse)
    result = run_cli(
        "--warehouse",
        str(projected_warehouse),
        "project",
        "--scenario",
        str(scenario),
        prefect=prefect_server,
    )
    assert result.returncode == 2, result.stderr
    assert field in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_counts(projected_warehouse) == before


def test_two_scenarios_with_one_name_are_bad_input(
    projected_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    files = []
    for amount in (5, 10):
        path = tmp_path / f"sale-{amount}.toml"
        path.write_text(f'name = "same"\ntitle = "x"\n[sale]\nseller = "Japan"\namount_usd_bn = {amount}\n')
        files += ["--scenario", str(path)]
    before = table_counts(projected_warehouse)
    result = run_cli("--warehouse", str(projected_warehouse), "project", *files, prefect=prefect_server)
    assert result.returncode == 2, result.stderr
    assert "scenario 'same': name:" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert table_counts(projected_warehouse) == before


def test_projection_on_a_refused_data_only_calibration_names_the_fix_and_writes_nothing(
    projected_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(projected_warehouse.read_bytes())
    calibrated = run_cli(
        "--warehouse", str(warehouse), "calibrate", "--method", "data", prefect=prefect_server
    )
    assert calibrated.returncode == 0, calibrated.stderr
    before = table_counts(warehouse)
    result = run_cli("--warehouse", str(warehouse), "project", prefect=prefect_server)
    assert result.returncode == 2, result.stderr
    assert "`selloff calibrate --method prior`" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_counts(warehouse) == before


def test_unknown_baseline_and_scenario_names_are_bad_input(
    projected_warehouse: Path, prefect_server: PrefectServer
) -> None:
    for args in (["--baseline", "cbo-1999-01"], ["--scenario", "no-such-scenario"]):
        result = run_cli("--warehouse", str(projected_warehouse), "project", *args, prefect=prefect_server)
        assert result.returncode == 2, (args, result.stderr)


def test_sensitivity_json_contract_and_no_prefect(projected_warehouse: Path) -> None:
    result = run_cli(
        "--warehouse",
        str(projected_warehouse),
        "sensitivity",
        "--bp",
        "10",
        "--json",
        env={"PREFECT_API_URL": "http://127.0.0.1:9/api"},
    )  # would fail if Prefect were used
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    per_fy = payload["per_fiscal_year"]
    # the default baseline's own ten-year window, FY2027-2036
    assert payload["baseline"] == "cbo-2026-02" and [r["fy"] for r in per_fy] == list(range(2027, 2037))
    assert payload["cumulative_usd_bn"] == pytest.approx(sum(r["delta_interest_usd_bn"] for r in per_fy))
    # cbo-2025-01 keeps its own window, FY2026-2035, though the data end in June 2026
    older = run_cli(
        "--warehouse", str(projected_warehouse), "sensitivity", "--bp", "10",
        "--baseline", "cbo-2025-01", "--json",
    )  # fmt: skip
    assert older.returncode == 0, older.stderr
    payload = json.loads(older.stdout)
    assert [r["fy"] for r in payload["per_fiscal_year"]] == list(range(2026, 2036))
    # CBO publishes $184bn-$388bn of extra deficits over 2026-35 for its four "0.1 point" scenarios
    assert 184 <= payload["cumulative_usd_bn"] <= 388
    nan = run_cli("--warehouse", str(projected_warehouse), "sensitivity", "--bp", "nan")
    assert nan.returncode == 2


def test_calibration_and_projections_publish_prefect_artifacts_with_stable_keys(
    projected_warehouse: Path, prefect_server: PrefectServer
) -> None:
    from prefect.artifacts import Artifact

    from selloff.projection.scenarios import bundled_scenarios

    calibration = Artifact.get("selloff-calibration")
    assert calibration is not None and calibration.type == "table"
    rows = json.loads(calibration.data) if isinstance(calibration.data, str) else calibration.data
    ten_year = [r for r in rows if r["tenor"] == "10y" and r["term"] == "long_run"]
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        stored = con.execute(
            "select estimate from report.parameters where tenor = '10y' and term = 'long_run' "
            "and method = 'blend' and units = 'bp per $100bn'"
        ).fetchone()[0]
    assert ten_year[0]["blend_bp_per_100bn"] == pytest.approx(stored, abs=0.005)
    assert Artifact.get("selloff-projections") is not None
    for name in bundled_scenarios():
        artifact = Artifact.get(f"selloff-projection-{name}")
        assert artifact is not None and artifact.type == "markdown"
        assert "Peak 10-year yield change" in str(artifact.data)


@pytest.mark.parametrize("bp", ["abc", "nan", "inf", "1e8", "-2500"])
def test_sensitivity_refuses_a_shift_that_is_not_a_plausible_rate_move(
    projected_warehouse: Path, bp: str
) -> None:
    result = run_cli("--warehouse", str(projected_warehouse), "sensitivity", f"--bp={bp}", "--json")
    assert result.returncode == 2, result.stderr
    assert "--bp" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.mark.parametrize("kind", ["scenario", "grid"])
def test_a_bad_file_is_refused_before_prefect_with_all_its_errors(
    snapshot_warehouse: Path, tmp_path: Path, kind: str
) -> None:
    """Refused by the CLI's own checks: with Prefect pointed at a closed port, any flow would fail
    differently. The seller is checked against the warehouse's TIC holders in the same pass."""
    scenario = tmp_path / "bad.toml"
    scenario.write_text(
        'name = "bad"\ntitle = "bad"\n[sale]\nseller = "Narnia"\namount_usd_bn = true\n'
        "pace_months = 1e15\nstart_month = 1e12\n[baseline]\nrate_shift_bp = 1e300\n",
        encoding="utf-8",
    )
    args = ["--scenario", str(scenario)]
    if kind == "grid":
        grid = tmp_path / "grid.toml"
        grid.write_text('name = "g"\ntitle = "g"\nbase = "bad.toml"\n[axes]\npace_months = [6, 12]\n')
        args = ["--grid", str(grid)]
    before = table_counts(snapshot_warehouse)
    result = run_cli(
        "--warehouse",
        str(snapshot_warehouse),
        "project",
        *args,
        env={"PREFECT_API_URL": "http://127.0.0.1:9/api"},
    )
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: scenario 'bad': 5 errors: ")
    for field, n in [
        ("sale.seller", 4),
        ("sale.amount_usd_bn", 5),
        ("sale.pace_months", 6),
        ("sale.start_month", 7),
        ("baseline.rate_shift_bp", 9),
    ]:
        assert f"{field}: " in line and f"(line {n})" in line
    assert "unknown seller 'Narnia'; known: " in line and "'Japan'" in line
    assert table_counts(snapshot_warehouse) == before


def test_the_early_checks_import_neither_pandas_nor_prefect(snapshot_warehouse: Path, tmp_path: Path) -> None:
    """What keeps a refusal under a second: the checks (sellers read from the warehouse included) load
    no pandas (DuckDB imports it to bind a query parameter) and no Prefect."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\ntitle = "bad"\n[sale]\nseller = "Narnia"\namount_usd_bn = 1.0\n')
    code = (
        "import sys\nfrom pathlib import Path\nfrom selloff.projection import input_files\n"
        f"assert input_files.stored_sellers(Path({str(snapshot_warehouse)!r}))\n"
        f"try:\n    input_files.check_scenario_files([{str(bad)!r}], Path({str(snapshot_warehouse)!r}))\n"
        "except input_files.ScenarioError as exc:\n    print(exc)\n"
        "print(sorted(m for m in ('pandas', 'prefect') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "unknown seller 'Narnia'" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_several_bad_files_are_listed_together(snapshot_warehouse: Path, tmp_path: Path) -> None:
    paths = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.toml"
        path.write_text(f'name = "{name}"\ntitle = "x"\n[sale]\nseller = "Japan"\nshare_of_holdings = 2\n')
        paths += ["--scenario", str(path)]
    result = run_cli("--warehouse", str(snapshot_warehouse), "project", *paths, "--scenario", "japan-gradual")
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert (
        "scenario 'one': sale.share_of_holdings:" in line
        and "scenario 'two': sale.share_of_holdings:" in line
    )
