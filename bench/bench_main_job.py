"""Benchmark: the main job (`selloff run` on the embedded snapshot) broken down by step.

Runs the installed command as a user would, in a fresh directory (after the install step ``make``
performs: creating Prefect's local database), twice: a first run into an empty
warehouse (everything loads) and a second run (nothing new to load). For each, the wall time of the
whole command, the time of each step as the job reports it (refresh, calibrate, project, report,
publish), the rest — Python and Prefect start-up, Prefect's temporary server, flow bookkeeping — and
the peak resident memory of the job's process.

Targets (issue 6): under 30 s after install, everything but Prefect's own start-up under 10 s, peak
memory under 1 GB. Run: ``.venv/bin/python bench/bench_main_job.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run_once(workdir: Path, label: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    env["PREFECT_HOME"] = str(workdir / "prefect")
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "selloff"), "run", "--json"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{label}: selloff run failed ({result.returncode}): {result.stderr[-2000:]}")
    summary = json.loads(result.stdout)
    steps: dict[str, float] = summary["step_seconds"]
    in_steps = sum(steps.values())
    return {
        "case": label,
        "wall_seconds": round(wall, 2),
        "steps_seconds": steps,
        "steps_total_seconds": round(in_steps, 2),
        "startup_and_prefect_seconds": round(wall - in_steps, 2),
        "peak_rss_mb": summary["peak_rss_mb"],
    }


def install_prefect_database(workdir: Path) -> float:
    """What `make` does once at install: create Prefect's local database (its migrations take ~10 s)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(workdir / "prefect")
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "prefect"), "server", "database", "upgrade", "-y"],
        env=env,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="selloff-bench-main-"))
    print(f"install step (Prefect database migrations, once): {install_prefect_database(workdir):.1f} s")
    results = [
        run_once(workdir, "first run (empty warehouse)"),
        run_once(workdir, "second run (no new data)"),
    ]
    print(f"{'case':<30} {'wall':>6} {'steps':>6} {'other':>6} {'rss MB':>7}  per step")
    for r in results:
        steps = ", ".join(f"{k} {v:.2f}" for k, v in r["steps_seconds"].items())  # type: ignore[attr-defined]
        print(
            f"{r['case']:<30} {r['wall_seconds']:>6.2f} {r['steps_total_seconds']:>6.2f} "
            f"{r['startup_and_prefect_seconds']:>6.2f} {r['peak_rss_mb']:>7.0f}  {steps}"
        )
    ok = all(
        float(r["wall_seconds"]) < 30
        and float(r["steps_total_seconds"]) < 10
        and float(r["peak_rss_mb"]) < 1024
        for r in results
    )
    print(f"targets (< 30 s, steps < 10 s, < 1 GB): {'met' if ok else 'MISSED'}")
    print(json.dumps(results))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
