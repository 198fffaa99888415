"""Benchmark: interactive commands (issue 13 §1), every case interleaved with the ones it is compared to.

* ``selloff sql`` against the DuckDB CLI on the same small query, on the same warehouse: the CLI binary
  the ``duckdb-cli`` package ships (what ``.venv/bin/duckdb`` runs), the ``.venv/bin/duckdb`` wrapper
  itself (a Python launcher around that binary), and ``python -c`` with the duckdb module.
* ``selloff status``, ``status --check``, ``export``, ``sensitivity``: wall time per command, each in its
  own process (``SELLOFF_WORKER=off``) and in the warm worker ``selloff server start`` leaves running.
* One-scenario ``selloff project`` in three modes: a temporary Prefect server per command; the background
  server started once with ``selloff server start``, the command in its own process; the same, the command
  in the warm worker (every mode records the run in Prefect).

Rounds are interleaved (A B C A B C …) so machine load hits every case alike; medians are reported, with
the load average seen. Run: ``.venv/bin/python bench/bench_quick.py [ROUNDS]`` (default 7; project
rounds are 5).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
QUERY = "select series_id, count(*) as n, max(date) as last from stg.observations group by all order by 1"


def duckdb_binary() -> Path:
    import duckdb_cli

    return Path(duckdb_cli.__file__).parent / "duckdb"


def clean_env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    return env | {"PREFECT_HOME": str(prefect_home)}


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):  # status --check exits 1 on the (stale) snapshot: a verdict
        raise SystemExit(f"{args[:4]} failed ({done.returncode}): {done.stderr[-1500:]}")
    return wall


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` (MiB); pages shared with its forked commands are counted once here."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


NO_WORKER = {"SELLOFF_WORKER": "off"}

Case = list[str] | tuple[list[str], dict[str, str]]
"""A command, or a command and the variables it runs with on top of the common environment."""


def interleave(cases: dict[str, Case], rounds: int, env: dict[str, str], cwd: Path) -> dict[str, dict]:
    walls: dict[str, list[float]] = {name: [] for name in cases}
    loads = []
    for _ in range(rounds):
        for name, case in cases.items():
            args, extra = case if isinstance(case, tuple) else (case, {})
            loads.append(load())
            walls[name].append(timed(args, env | extra, cwd))
    return {
        name: {
            "median_s": round(statistics.median(w), 3),
            "min_s": round(min(w), 3),
            "max_s": round(max(w), 3),
            "n": len(w),
        }
        | {"load_avg_min": min(loads), "load_avg_max": max(loads)}
        for name, w in walls.items()
    }


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    selloff = str(BIN / "selloff")
    work = Path(tempfile.mkdtemp(prefix="bench-quick-"))
    background_home, temporary_home = work / "prefect-background", work / "prefect-temporary"
    env = clean_env(background_home)
    warehouse = work / "warehouse" / "selloff.duckdb"

    start = time.perf_counter()
    started = subprocess.run(
        [selloff, "server", "start", "--json"], env=env, cwd=work, check=True, capture_output=True, text=True
    )
    server_start_s = time.perf_counter() - start
    worker_pid = json.loads(started.stdout)["worker_pid"]
    try:
        subprocess.run([selloff, "run", "-q"], env=env, cwd=work, check=True, capture_output=True)
        wh = ["--warehouse", str(warehouse)]
        results: dict[str, object] = {"server_start_s": round(server_start_s, 2)}

        results["sql"] = interleave(
            {
                "selloff sql (worker)": [selloff, *wh, "sql", QUERY],
                "selloff sql --format csv (worker)": [selloff, *wh, "sql", "--format", "csv", QUERY],
                "selloff sql (own process)": ([selloff, *wh, "sql", QUERY], NO_WORKER),
                "selloff sql --format csv (own process)": (
                    [selloff, *wh, "sql", "--format", "csv", QUERY],
                    NO_WORKER,
                ),
                "duckdb CLI binary": [str(duckdb_binary()), "-readonly", str(warehouse), "-c", QUERY],
                ".venv/bin/duckdb (Python launcher + binary)": [
                    str(BIN / "duckdb"),
                    "-readonly",
                    str(warehouse),
                    "-c",
                    QUERY,
                ],
                "python -c duckdb": [
                    sys.executable,
                    "-c",
                    "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
                    "print(con.sql(sys.argv[2]))",
                    str(warehouse),
                    QUERY,
                ],
            },
            rounds,
            env,
            work,
        )
        out_csv = work / "export.csv"
        export = [selloff, *wh, "export", "--table", "report.fiscal_annual", "--format", "csv", "--out"]
        quick: dict[str, Case] = {}
        for label, extra in (("own process", NO_WORKER), ("worker", {})):
            quick |= {
                f"selloff status ({label})": ([selloff, *wh, "status"], extra),
                f"selloff status --check ({label})": ([selloff, *wh, "status", "--check"], extra),
                f"selloff export ({label})": ([*export, str(out_csv)], extra),
                f"selloff sensitivity --bp 100 ({label})": (
                    [selloff, *wh, "sensitivity", "--bp", "100"],
                    extra,
                ),
            }
        quick["selloff --version"] = [selloff, "--version"]
        results["quick"] = interleave(quick, rounds, env, work)
        project = [selloff, *wh, "project", "--scenario", "japan-full-dump", "-q"]
        temporary_env = clean_env(temporary_home)
        timed(project, temporary_env, work)  # creates the temporary mode's Prefect database (not counted)
        modes = {
            "temporary server": temporary_env,
            "background server, own process": env | NO_WORKER,
            "background server, warm worker": env,
        }
        walls: dict[str, list[float]] = {name: [] for name in modes}
        loads = []
        for _ in range(min(rounds, 5)):
            for name, mode_env in modes.items():
                loads.append(load())
                walls[name].append(timed(project, mode_env, work))
        results["worker_rss_mib"] = rss_mib(worker_pid)
        results["project_one_scenario"] = {
            name: {"median_s": round(statistics.median(w), 2), "min_s": round(min(w), 2), "n": len(w)}
            | {"load_avg_min": min(loads), "load_avg_max": max(loads)}
            for name, w in walls.items()
        }
    finally:
        subprocess.run([selloff, "server", "stop"], env=env, cwd=work, check=False, capture_output=True)

    sql = results["sql"]
    assert isinstance(sql, dict)
    binary = sql["duckdb CLI binary"]["median_s"]
    for row in sql.values():
        row["ratio_to_duckdb_cli_binary"] = round(row["median_s"] / binary, 2)
        row["ratio_to_python_duckdb"] = round(row["median_s"] / sql["python -c duckdb"]["median_s"], 2)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
