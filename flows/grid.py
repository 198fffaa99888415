"""Grid flow: a base scenario varied over sale size × pace × Fed absorption, the cells fanned out on Dask.

``python flows/grid.py [GRID] [DASK_ADDRESS]`` or ``selloff project --grid FILE [--dask-address tcp://…]``.
The flow validates the grid, connects to the cluster, then (inside one recorded ``project`` run) reads the
calibration's price impact, yields and TIC holdings once, builds the fiscal baseline once, ships them to
every worker once, projects each cell as a Prefect task through the task runner and stores ``proj.grid``.

Where the cells run (``dask_address``):

* ``None``: a temporary ``distributed.LocalCluster`` on this machine (one single-threaded worker process per
  core, at most one per cell), torn down at the end;
* ``"tcp://host:8786"``: an existing Dask cluster. Its workers need ``selloff[dask]`` installed (same
  ``selloff``, numpy and Python versions: checked before anything is recorded) and must reach the Prefect
  API this flow reports to, because each task reports its own state from the worker;
* ``"local-process"`` (:data:`LOCAL_PROCESS`): no Dask at all, one cell after another in this process; the
  reference the Dask runs are compared against.

Each cell is seeded from its coordinates (:mod:`selloff.projection.grid`), so every path gives the
same numbers.
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
import logging
import os
import socket
import sys
import time
from dataclasses import replace
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.project import build_setup
from selloff import pipeline
from selloff.projection import grid
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.warehouse import faults

LOCAL_PROCESS = "local-process"
"""``dask_address`` value that projects the cells in this process, without Dask."""


@task(name="project-grid-cell", cache_policy=NO_CACHE, task_run_name="project-{cell.name}")
def project_cell(cell: grid.GridCell, inputs: grid.CellInputs, run_id: str) -> grid.CellResult:
    result = grid.project_cell(cell, inputs, run_id=run_id)
    # which process ran it: shows the fan-out really happened (not stored)
    return replace(result, worker=f"{socket.gethostname()}:{os.getpid()}")


@task(name="store-grid", cache_policy=NO_CACHE)
def store(ctx: pipeline.RunContext, chosen: grid.Grid, results: list[grid.CellResult]) -> None:
    frame = grid.grid_frame(ctx.run_id, chosen, results)
    with ctx.connect() as con:
        grid.store_grid(con, frame)


def _flow_run() -> tuple[str, str]:
    """(flow run id, the Prefect API it reports to). The API may be Prefect's temporary server, whose URL
    is not a setting: the workers must report their task runs to the same one."""
    ctx = FlowRunContext.get()
    if ctx is None or ctx.client is None or ctx.flow_run is None:
        raise RuntimeError("grid_flow must run as a Prefect flow (call it, not grid_flow.fn)")
    return str(ctx.flow_run.id), str(ctx.client.api_url)


def _task_runner(dask_address: str | None, n_cells: int, api_url: str) -> TaskRunner[Any]:
    if dask_address == LOCAL_PROCESS:
        return ThreadPoolTaskRunner(max_workers=1)
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise pipeline.BadInputError(
            "fanning a grid out to Dask needs the dask extra: pip install 'selloff[dask]' "
            f"(or run it in this process with --dask-address {LOCAL_PROCESS})"
        ) from None
    if dask_address is not None:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            # one single-threaded process per core: the engine is numpy-bound and holds the GIL in places
            "n_workers": max(1, min(os.cpu_count() or 1, n_cells)),
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": "127.0.0.1:0",  # loopback only, any free port: nothing to clash with
            "silence_logs": logging.ERROR,
            # workers spawned here report to this flow's Prefect API even outside a task's context
            "env": {"PREFECT_API_URL": api_url},
        }
    )


def _is_loopback(host: str | None) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _connect(runner: TaskRunner[Any], dask_address: str | None, api_url: str) -> str:
    """Start or reach the cluster and check its workers can compute what this process would; describe it.

    Raises :class:`~selloff.pipeline.BadInputError` (nothing recorded yet) when the scheduler cannot be
    reached, has no workers, its workers cannot import ``selloff`` or run other versions, or they sit on
    other machines while the Prefect API is on this machine's loopback interface.
    """
    if dask_address == LOCAL_PROCESS:
        return LOCAL_PROCESS
    where = dask_address or "a temporary LocalCluster"
    try:
        client = runner.client  # type: ignore[attr-defined]  # DaskTaskRunner: creates/connects lazily
        workers = client.nthreads()
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: not a Dask address (scheme, port)
        raise pipeline.BadInputError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
    if not workers:
        raise pipeline.BadInputError(f"the Dask scheduler at {where} has no workers")
    try:
        environments = client.run(grid.environment)
    except Exception as exc:  # the call cannot be unpickled there: selloff is not installed
        raise pipeline.BadInputError(
            f"the Dask workers at {where} cannot run selloff ({type(exc).__name__}: {exc}); "
            "install selloff[dask] on every worker"
        ) from None
    mismatches = grid.environment_mismatches(grid.environment(), environments)
    if mismatches:
        raise pipeline.BadInputError(
            "the Dask workers run other versions than this process, so their numbers would not equal a "
            "local run: " + "; ".join(mismatches)
        )
    remote = [w for w in workers if not _is_loopback(urlsplit(w).hostname)]
    if remote and _is_loopback(urlsplit(api_url).hostname):
        raise pipeline.BadInputError(
            f"Dask workers on other machines ({', '.join(sorted(remote)[:3])}) cannot reach the Prefect API "
            f"at {api_url}; run a Prefect server they can reach (prefect server start --host 0.0.0.0) "
            "and set PREFECT_API_URL to its address"
        )
    kind = "dask LocalCluster" if dask_address is None else f"dask {dask_address}"
    return f"{kind} ({len(workers)} workers, {sum(workers.values())} threads)"


def _ship(runner: TaskRunner[Any], inputs: grid.CellInputs) -> Any:
    """The shared inputs as every task receives them: on Dask, scattered to all workers once (a future);
    in this process, the object itself."""
    if not hasattr(runner, "client"):
        return inputs
    # broadcast: each worker holds one copy (≈0.6 MB) instead of one per task; hash=False skips
    # tokenizing the arrays for a key nobody else will look up
    return runner.client.scatter(inputs, broadcast=True, hash=False)


@flow(name="project-grid", log_prints=False)
def grid_flow(
    grid_file: str,
    dask_address: str | None = None,
    draws: int | None = None,
    warehouse: str | None = None,
    stage_path: str | None = None,
) -> dict[str, Any]:
    """Project every cell of a scenario grid on the latest calibration and store ``proj.grid``.

    Parameters
    ----------
    grid_file
        A grid TOML file, or the name of a bundled grid (``scenarios/grids/``).
    dask_address
        Scheduler of an existing Dask cluster (``tcp://host:8786``); ``None`` starts a temporary local
        cluster; ``"local-process"`` runs the cells here, without Dask.
    draws
        Monte Carlo draws per cell (default: the grid's, else its base scenario's).
    warehouse, stage_path
        As for the other flows: the warehouse to publish to, or the nightly's stage to write into.

    Returns
    -------
    The run's summary: run ids, the grid's shape, where the cells ran, and each cell's coordinates, seed
    and headline numbers (bp, $bn).
    """
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    if dask_address is not None and not dask_address.strip():
        raise pipeline.BadInputError(f"--dask-address is empty (give tcp://host:port or {LOCAL_PROCESS})")
    # the calibration, the grid and every cell are validated before a cluster is started or anything is
    # recorded (sellers against the stored TIC data)
    with pipeline.reading(settings, stage_path) as con:
        inputs = proj_store.read_inputs(con)
    chosen = grid.resolve_grid(grid_file, known_sellers=inputs.holdings.sellers)
    cells = grid.expand_grid(chosen, draws=draws)
    baseline_name = chosen.base.baseline.name
    load_baseline(baseline_name)
    flow_run_id, api_url = _flow_run()
    runner = _task_runner(dask_address, len(cells), api_url)
    started = time.perf_counter()
    # tasks carry this flow's settings to the workers: pin the API URL there too (Prefect's temporary
    # server is not a setting, and a worker without one would start a server of its own)
    with runner, temporary_settings(updates={PREFECT_API_URL: api_url}):
        executor = _connect(runner, dask_address, api_url)
        connected = time.perf_counter()
        run_settings = {
            "grid": chosen.name,
            "grid_file": chosen.source,
            "base_scenario": chosen.base.name,
            "shape": list(chosen.shape),
            "cells": len(cells),
            "draws": cells[0].scenario.draws,
            "seed": chosen.seed,
            "baseline": baseline_name,
            "executor": executor,
        }
        with pipeline.recorded_run(
            settings, kind="project", source=None, stage_path=stage_path, extra_settings=run_settings
        ) as ctx:
            setup = build_setup(
                baseline_name, inputs.yields_monthly, inputs.reference_gdp, inputs.legacy_fits
            )
            shipped = _ship(runner, grid.CellInputs(inputs.impact, setup, inputs.holdings))
            shipped_at = time.perf_counter()
            futures = [
                runner.submit(project_cell, {"cell": cell, "inputs": shipped, "run_id": ctx.run_id})
                for cell in cells
            ]
            results: list[grid.CellResult] = [future.result() for future in futures]
            projected = time.perf_counter()
            store(ctx, chosen, results)
            ctx.parent_run_ids = [inputs.calibration_run_id]
            ctx.summary = {
                "run_id": ctx.run_id,
                "flow_run_id": flow_run_id,
                "calibration_run_id": inputs.calibration_run_id,
                "method": inputs.method,
                "baseline": baseline_name,
                "grid": chosen.name,
                "title": chosen.title,
                "base_scenario": chosen.base.name,
                "shape": list(chosen.shape),
                "executor": executor,
                "workers": sorted({r.worker for r in results if r.worker}),
                "seconds": {
                    "cluster": round(connected - started, 3),
                    "inputs": round(shipped_at - connected, 3),
                    "cells": round(projected - shipped_at, 3),
                },
                "cells": [r.summary_dict() for r in results],
            }
    faults.hit("after_project")
    return ctx.summary


if __name__ == "__main__":
    summary = grid_flow(
        sys.argv[1] if len(sys.argv) > 1 else "japan-grid", sys.argv[2] if len(sys.argv) > 2 else None
    )
    print(summary["executor"], summary["seconds"])
    for cell in summary["cells"]:
        print(
            cell["cell"], round(cell["peak_10y_bp"], 1), "bp", round(cell["ten_year_extra_interest_usd_bn"])
        )
