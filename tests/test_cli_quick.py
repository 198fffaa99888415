"""Quick commands and small conveniences (issue 13 §1, issue 12 §1): `--version`, `sql -` from stdin,
`sql --json`, CSV without pandas, quick commands that never import Prefect or pandas, and the plain-cron
recipe's timestamped line per run (`run --log-file`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from selloff import __version__
from selloff.ingest.catalog import load_catalog
from selloff.ingest.snapshot import snapshot_root
from tests.conftest import VENV_BIN, PrefectServer, run_cli


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == __version__


def _sql_stdin(warehouse: Path, query: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    return subprocess.run(
        [str(VENV_BIN / "selloff"), "--warehouse", str(warehouse), "sql", *args, "-"],
        input=query,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


QUERY = """
select series_id, count(*) as n, max(date) as last, max(value) as top_value
from stg.observations where series_id in ('GS10', 'GS30') group by series_id order by series_id
"""


def test_sql_reads_the_query_from_stdin_and_json_is_format_json(snapshot_warehouse: Path) -> None:
    piped = _sql_stdin(snapshot_warehouse, QUERY, "--json")
    assert piped.returncode == 0, piped.stderr
    named = run_cli("--warehouse", str(snapshot_warehouse), "sql", "--format", "json", QUERY)
    assert named.returncode == 0, named.stderr
    assert piped.stdout == named.stdout
    rows = json.loads(piped.stdout)
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        expected = con.execute(QUERY).fetchall()
    assert [(r["series_id"], r["n"], r["last"], r["top_value"]) for r in rows] == [
        (s, n, last.isoformat(), top) for s, n, last, top in expected
    ]
    clash = run_cli("--warehouse", str(snapshot_warehouse), "sql", "--json", "--format", "csv", "select 1")
    assert clash.returncode == 2 and "--json is --format json" in clash.stderr
    empty = _sql_stdin(snapshot_warehouse, "")
    assert empty.returncode == 2 and "exactly one SQL statement" in empty.stderr


def test_sql_csv_is_what_pandas_writes(snapshot_warehouse: Path) -> None:
    """The CSV is written without pandas now; pandas' own to_csv is the reference (NULL and NaN empty,
    quoting, full float precision)."""
    query = (
        "select 1 as i, 0.1 + 0.2 as x, 1e-20 as tiny, null as nothing, 'nan'::double as nan, "
        "date '2026-01-31' as d, 'a, \"quoted\" text' as s union all "
        "select 2, -3.5, 12345678.125, null, 2.0, null, ''"
    )
    result = run_cli("--warehouse", str(snapshot_warehouse), "sql", "--format", "csv", query)
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        expected = con.execute(query).df().to_csv(index=False)
    assert result.stdout == expected


@pytest.mark.parametrize(
    "args",
    [
        ["sql", "select count(*) from report.lineage"],
        ["status", "--check"],
        ["status", "--json"],
        ["sensitivity", "--bp", "100"],
    ],
)
def test_quick_commands_never_import_prefect(snapshot_warehouse: Path, args: list[str]) -> None:
    """What the command imports, read from the process itself (not a timing): never Prefect, and `sql`
    and `status` not pandas either."""
    script = (
        "import sys\nfrom selloff import cli\nsys.argv = ['selloff', *sys.argv[1:]]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('prefect', 'pandas', 'scipy', 'statsmodels') if m in sys.modules), "
        "file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    done = subprocess.run(
        [sys.executable, "-c", script, "--warehouse", str(snapshot_warehouse), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    imported = done.stderr.strip().splitlines()[-1]
    assert "prefect" not in imported, done.stderr
    if args[0] in {"sql", "status"}:
        assert imported == "[]", done.stderr


@pytest.mark.slow
def test_sensitivity_reuses_the_stored_legacy_fit_without_scipy_and_prints_the_same(
    projected_warehouse: Path,
) -> None:
    """The calibrate run fits the legacy debt's mix and stores it; the projection and `sensitivity` reuse
    it (no optimiser imported) and print exactly what a fresh fit prints."""
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        fits = con.execute("select baseline, first_run_id from proj.legacy_fits").fetchall()
    assert [baseline for baseline, _ in fits] == ["cbo-2026-02"]
    assert fits[0][1].startswith("calibrate-")  # fitted once, by the calibration's design headlines
    script = (
        "import sys\nfrom selloff import cli\nsys.argv = ['selloff', *sys.argv[1:]]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print('scipy' in sys.modules, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}

    def sensitivity() -> tuple[str, str]:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                "--warehouse",
                str(projected_warehouse),
                "sensitivity",
                "--bp",
                "100",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return done.stdout, done.stderr.strip().splitlines()[-1]

    reused, scipy_imported = sensitivity()
    assert scipy_imported == "False"
    with duckdb.connect(str(projected_warehouse)) as con:
        con.execute("delete from proj.legacy_fits")
    fitted, scipy_imported = sensitivity()
    assert scipy_imported == "True"  # the fit ran: the comparison below is of two different paths
    assert reused == fitted and "cumulative over FY2027–FY2036" in reused


def test_run_log_file_must_be_a_file_in_an_existing_directory(tmp_path: Path) -> None:
    for bad in (tmp_path, tmp_path / "missing" / "nightly.log"):
        result = run_cli("--warehouse", str(tmp_path / "w.duckdb"), "run", "--log-file", str(bad))
        assert result.returncode == 2, result.stderr
        assert "--log-file" in result.stderr and len(result.stderr.strip().splitlines()) == 1


STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


@pytest.mark.slow
def test_the_cron_recipe_logs_one_timestamped_line_per_run(
    snapshot_warehouse: Path, prefect_server: PrefectServer, tmp_path: Path
) -> None:
    log = tmp_path / "nightly.log"
    ok = run_cli(
        "--warehouse", str(snapshot_warehouse), "run", "--quiet", "--draws", "100", "--log-file", str(log),
        prefect=prefect_server, cwd=tmp_path,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == ""

    snapshot = tmp_path / "snapshot"  # a damaged copy of the packaged snapshot: the refresh step fails
    shutil.copytree(snapshot_root(), snapshot)
    for path in [snapshot, *snapshot.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    gs10 = snapshot / "fred" / "GS10.csv"
    gs10.write_bytes(gs10.read_bytes()[: gs10.stat().st_size // 2])
    failed = run_cli(
        "--warehouse", str(snapshot_warehouse), "run", "--quiet", "--log-file", str(log),
        prefect=prefect_server, cwd=tmp_path, env={"SELLOFF_SNAPSHOT_DIR": str(snapshot)},
    )  # fmt: skip
    assert failed.returncode == 1

    first, second = log.read_text().splitlines()
    assert re.fullmatch(
        rf"{STAMP} selloff run (nightly-\S+): ok \([^;]+; data vintage \d{{4}}-\d\d-\d\d; [\d.]+ s\); "
        r"stale: .*GS30.*",
        first,
    ), first
    assert re.fullmatch(
        rf"{STAMP} selloff run failed: the main job failed at step 'refresh': .*GS10.*", second
    )
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        recorded = con.execute(
            "select run_id, status, failed_step from meta.runs where kind = 'nightly' order by started_at"
        ).fetchall()
        # the nightly's refresh recorded its freshness check: every dataset, GS30 stale
        fresh = con.execute(
            "select dataset, stale from meta.freshness where run_id = "
            "(select parent_run_ids[1] from meta.runs where run_id = ?)",
            [recorded[0][0]],
        ).fetchall()
    assert [r[1:] for r in recorded] == [("ok", None), ("failed", "refresh")]
    assert recorded[0][0] in first and recorded[1][0] in second
    assert len(fresh) == len(load_catalog()) + 1 and ("GS30", True) in fresh


def test_progress_goes_to_a_terminal_on_stderr_never_to_stdout(
    snapshot_warehouse: Path, prefect_server: PrefectServer
) -> None:
    """stderr a terminal (a pty), stdout a pipe: each step on stderr, the result alone on stdout; with
    --quiet no progress at all."""
    import pty

    def calibrate(*extra: str) -> tuple[int, str, str]:
        master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
        env |= {"PREFECT_API_URL": prefect_server.api_url, "PREFECT_HOME": str(prefect_server.home)}
        process = subprocess.Popen(
            [
                str(VENV_BIN / "selloff"),
                "--warehouse",
                str(snapshot_warehouse),
                "calibrate",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=env,
            text=True,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the pty closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = process.stdout.read() if process.stdout else ""
        os.close(master)
        return process.wait(timeout=900), stdout, b"".join(chunks).decode(errors="replace")

    code, stdout, stderr = calibrate()
    assert code == 0, stderr
    assert stdout.strip() and "calibrate:" not in stdout  # stdout holds the result only
    steps = [
        "calibrate: reading the panels",
        "calibrate: estimating the price impact by tenor",
        "calibrate: storing the calibration",
        "calibrate: the japan-full-dump headline under each design alone",
        "calibrate: publishing the warehouse",
    ]
    positions = [stderr.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), stderr
    assert re.search(r"\[\s*\d+\.\ds\] calibrate: reading the panels", stderr), stderr

    code, stdout, stderr = calibrate("--quiet")
    assert code == 0 and "calibrate:" not in stderr, stderr
