"""Benchmark: a scenario grid in one process vs fanned out on a Dask cluster — when is a grid worth Dask?

Run: ``.venv/bin/python bench/bench_grid.py [--grid japan-grid] [--draws 16 1000 10000] [--workers 2]``.

On the embedded snapshot (refreshed and calibrated into a temporary warehouse through the real flows,
one Prefect temporary server for the whole benchmark), for each number of draws per cell:

* **engine only**: :func:`~selloff.projection.grid.project_cell` over every cell in a plain loop (no
  Prefect, no Dask): the floor any executor can reach on one core;
* **local-process**: ``grid_flow(dask_address="local-process")``: the same cells as Prefect tasks in this
  process, one after another (adds Prefect's task bookkeeping, reading inputs, storing ``proj.grid``);
* **dask (existing cluster)**: ``grid_flow`` on a ``LocalCluster`` of ``--workers`` single-threaded
  processes started before the timer (what a user with a running cluster pays);
* **dask (temporary cluster)**: ``grid_flow(dask_address=None)``, which starts and stops its own cluster.

Each flow row gives the wall time of the call (Prefect flow-run bookkeeping included), the time the
cells themselves took (``summary["seconds"]["cells"]``), the speed-up of that against local-process, and
the largest absolute difference of any headline number of any cell from the local-process run (the
contract: ≤ 1e-12). Also printed: the pickled size of what is shipped to each worker once.
No timing is asserted anywhere; on this 2-core machine the cluster competes with the flow process.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# quiet, offline, before Prefect or Dask are imported (they read these once)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

import duckdb
import numpy as np

from selloff.projection import grid
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.projection.fiscal import build_setup


def prepare_warehouse(workdir: Path) -> Path:
    from flows.calibrate import calibrate_flow
    from flows.refresh import refresh_flow

    path = workdir / "selloff.duckdb"
    refresh_flow(source="snapshot", warehouse=str(path))
    calibrate_flow(warehouse=str(path))
    return path


def engine_only(path: Path, name: str, draws: int) -> tuple[float, int, float]:
    """(seconds for every cell in a plain loop, cells, pickled MB of the shared inputs)."""
    with duckdb.connect(str(path), read_only=True) as con:
        inputs = proj_store.read_inputs(con)
        sellers = proj_store.read_holdings(con).sellers
    loaded = grid.resolve_grid(name, known_sellers=sellers)
    shared = grid.CellInputs(
        inputs.impact,
        build_setup(load_baseline(loaded.base.baseline.name), inputs.yields_monthly),
        inputs.holdings,
    )
    cells = grid.expand_grid(loaded, draws=draws)
    start = time.perf_counter()
    for cell in cells:
        grid.project_cell(cell, shared, run_id="bench")
    return time.perf_counter() - start, len(cells), len(pickle.dumps(shared)) / 1e6


def timed(name: str, draws: int, warehouse: str, address: str | None) -> tuple[float, dict[str, Any]]:
    """(wall seconds of the flow call, its summary)."""
    from flows.grid import grid_flow

    start = time.perf_counter()
    summary = grid_flow(name, dask_address=address, draws=draws, warehouse=warehouse)
    return time.perf_counter() - start, summary


def headline_matrix(summary: dict[str, Any]) -> np.ndarray:
    return np.array([[float(c[k]) for k in grid.HEADLINE_NUMBERS] for c in summary["cells"]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", default="japan-grid")
    parser.add_argument("--draws", type=int, nargs="+", default=[16, 1000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from distributed import LocalCluster

    from flows.grid import LOCAL_PROCESS

    workdir = Path(tempfile.mkdtemp(prefix="selloff-bench-grid-"))
    start = time.perf_counter()
    path = prepare_warehouse(workdir)
    print(f"warehouse refreshed and calibrated in {time.perf_counter() - start:.1f} s ({path})")
    print(f"{os.cpu_count()} cores; Dask workers: {args.workers} single-threaded processes\n")
    header = (
        f"{'draws':>6} {'executor':<28} {'wall s':>7} {'cells s':>8} {'cluster s':>9} {'speed-up':>8} "
        f"{'max |diff|':>11}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for draws in args.draws:
        seconds, n_cells, shipped_mb = engine_only(path, args.grid, draws)
        print(f"{draws:>6} {'engine only (no Prefect)':<28} {seconds:>7.2f} {seconds:>8.2f}")
        rows = [("local-process", *timed(args.grid, draws, str(path), LOCAL_PROCESS))]
        with LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster:
            rows.append(
                ("dask (existing cluster)", *timed(args.grid, draws, str(path), cluster.scheduler_address))
            )
        rows.append(("dask (temporary cluster)", *timed(args.grid, draws, str(path), None)))
        reference = headline_matrix(rows[0][2])
        base_cells = rows[0][2]["seconds"]["cells"]
        for label, wall, summary in rows:
            diff = float(np.nanmax(np.abs(headline_matrix(summary) - reference)))
            worst = max(worst, diff)
            sec = summary["seconds"]
            print(
                f"{draws:>6} {label:<28} {wall:>7.2f} {sec['cells']:>8.2f} {sec['cluster']:>9.2f} "
                f"{base_cells / sec['cells']:>7.2f}x {diff:>11.1e}"
            )
        print(
            f"{'':>6} ({n_cells} cells; shared inputs shipped once per worker: {shipped_mb:.2f} MB pickled)\n"
        )
    print(f"largest difference from the single-process run, any cell, any headline number: {worst:.1e}")
    return 0 if worst <= 1e-12 else 1


if __name__ == "__main__":
    sys.exit(main())
