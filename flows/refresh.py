"""Refresh flow: fetch every catalogued FRED series and the TIC table, validate, load new vintages; with the
snapshot, also the reference datasets (new versions only).

Runs on its own (``python flows/refresh.py`` or ``selloff refresh``) with Prefect's temporary local
server; no Prefect server needs to be configured. Fetches are mapped onto Prefect's thread pool; the
live FRED client paces all of them together (2 requests per second, process-wide) and is the only
retry layer, so these tasks do not retry.
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
from datetime import date
from typing import Any

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from rich.console import Console
from rich.progress import Progress

from selloff import pipeline, progress
from selloff.ingest import freshness, refresh
from selloff.ingest import store as ingest_store
from selloff.ingest.catalog import SeriesSpec
from selloff.ingest.reference import ReferenceFetch
from selloff.ingest.sources import HoldingsSource, SeriesSource
from selloff.settings import SourceChoice
from selloff.warehouse import faults
from selloff.warehouse.runs import utc_now


@task(name="read-stored-state", cache_policy=NO_CACHE)
def read_stored_state(ctx: pipeline.RunContext) -> dict[str, refresh.StoredState]:
    with ctx.connect() as con:
        return {
            sid: refresh.StoredState(*state) for sid, state in ingest_store.stored_series_state(con).items()
        }


@task(name="fetch-series", cache_policy=NO_CACHE, task_run_name="fetch-{spec.id}")
def fetch_series(
    source: SeriesSource,
    spec: SeriesSpec,
    stored: dict[str, refresh.StoredState],
    full: bool,
    window_days: int,
    run_date: date,
) -> refresh.SeriesFetch:
    return refresh.fetch_series(
        source,
        spec,
        stored.get(spec.id, refresh.StoredState()),
        full=full,
        revision_window_days=window_days,
        run_date=run_date,
    )


@task(name="fetch-tic", cache_policy=NO_CACHE)
def fetch_holdings(source: HoldingsSource, run_date: date) -> refresh.HoldingsFetch:
    return refresh.fetch_holdings(source, run_date=run_date)


@task(name="load", cache_policy=NO_CACHE)
def load(
    ctx: pipeline.RunContext,
    fetches: list[refresh.SeriesFetch],
    holdings: tuple[refresh.HoldingsFetch, str] | None,
    references: tuple[ReferenceFetch, ...] = (),
) -> tuple[list[refresh.LoadCheck], date | None]:
    """Load everything fetched; return the checks and the data vintage now stored."""
    with ctx.connect() as con:
        checks = refresh.load_all(
            con, fetches, holdings, run_id=ctx.run_id, fetched_at=utc_now(), references=references
        )
        return checks, refresh.data_vintage(con)


@task(name="check-freshness", cache_policy=NO_CACHE)
def check_freshness(ctx: pipeline.RunContext) -> list[freshness.Freshness]:
    """Each dataset's latest observation against its usual publication lag, on the run's date;
    recorded in meta.freshness (`selloff status --check` runs the same check for today)."""
    with ctx.connect() as con:
        checks = freshness.check(freshness.read_latest(con), utc_now().date())
        freshness.store(con, ctx.run_id, checks)
    return checks


@flow(name="refresh", log_prints=False)
def refresh_flow(
    source: SourceChoice = "auto",
    series: list[str] | None = None,
    full: bool = False,
    stage_path: str | None = None,
    show_progress: bool = False,
    warehouse: str | None = None,
) -> dict[str, Any]:
    """Refresh the warehouse; returns the run summary (run id, status, one check per dataset)."""
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    plan = pipeline.plan_refresh(source, series, has_fred_key=settings.has_fred_key())
    # Sources are built (and the snapshot verified) before any run is recorded: a corrupted snapshot
    # or a missing key publishes nothing.
    series_source = pipeline.make_series_source(plan.series_source, settings) if plan.series_source else None
    holdings_source = (
        pipeline.make_holdings_source(plan.holdings_source, settings) if plan.holdings_source else None
    )
    # reference tables are checked row by row here: a bad row is bad input and nothing is written
    references = pipeline.read_references(settings) if plan.references else ()
    progress.report(f"refresh: {plan.label}")
    with pipeline.recorded_run(settings, kind="refresh", source=plan.label, stage_path=stage_path) as ctx:
        stored = read_stored_state(ctx)
        run_date = utc_now().date()  # no vintage may start after it
        tic_future = fetch_holdings.submit(holdings_source, run_date) if holdings_source else None
        fetches: list[refresh.SeriesFetch] = []
        if series_source is not None:
            futures = fetch_series.map(
                unmapped(series_source),
                list(plan.series),
                unmapped(stored),
                unmapped(full),
                unmapped(settings.fred_revision_window_days),
                unmapped(run_date),
            )
            progress.report(f"refresh: fetching {len(futures)} series")
            # on stderr, like every progress line: stdout carries only the command's result
            stderr = Console(stderr=True)
            with Progress(console=stderr, transient=True, disable=not show_progress) as bar_display:
                bar = bar_display.add_task(f"fetching {len(futures)} series", total=len(futures))
                for future in as_completed(futures):
                    future.result()
                    bar_display.advance(bar)
            fetches = [future.result() for future in futures]  # catalog order
        holdings = (
            (tic_future.result(), plan.holdings_source) if tic_future and plan.holdings_source else None
        )
        progress.report("refresh: validating and loading")
        checks, ctx.data_vintage = load(ctx, fetches, holdings, references)
        stale = freshness.stale(check_freshness(ctx))
        ctx.status = refresh.run_status(checks)
        failed = [c for c in checks if c.status == "failed"]
        ctx.message = "; ".join(c.message or c.dataset for c in failed) or None
        ctx.summary = {
            "run_id": ctx.run_id,
            "status": ctx.status,
            "source": plan.label,
            "data_vintage": ctx.data_vintage.isoformat() if ctx.data_vintage else None,
            "requests": sum(c.requests for c in checks),
            "checks": [c.as_row() for c in checks],
            "stale": [c.describe() for c in stale],
        }
    return ctx.summary


if __name__ == "__main__":
    summary = refresh_flow()
    raise SystemExit(0 if summary["status"] == "ok" else 1)
