"""Calibrate flow: panels from the warehouse → price-impact regressions → calib.* tables.

``python flows/calibrate.py`` or ``selloff calibrate``. The regression code is in
:mod:`selloff.calibration` (pure; :func:`selloff.calibration.calibrate.calibrate` is the entry point); this
flow reads, calls and stores.
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
from datetime import date
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from selloff import design_headlines, pipeline, progress
from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate
from selloff.calibration.config import CalibrationConfig
from selloff.calibration.impact import Method
from selloff.calibration.panels import Panels
from selloff.calibration.prior import PriorTable
from selloff.calibration.results import CalibrationResult
from selloff.projection import store as proj_store
from selloff.projection.scenarios import ScenarioError
from selloff.warehouse import faults


@task(name="read-panels", cache_policy=NO_CACHE)
def read_panels(ctx: pipeline.RunContext, as_of: date | None) -> tuple[Panels, str | None]:
    with ctx.connect() as con:
        return calib_store.read_panels(con, as_of), calib_store.latest_refresh_run_id(con)


@task(name="calibrate", cache_policy=NO_CACHE)
def run_calibration(panels: Panels, prior: PriorTable, config: CalibrationConfig) -> CalibrationResult:
    return calibrate(panels, prior, config)


@task(name="store-calibration", cache_policy=NO_CACHE)
def store(ctx: pipeline.RunContext, result: CalibrationResult) -> None:
    with ctx.connect() as con:
        calib_store.store_calibration(con, result, ctx.run_id)


@task(name="design-headlines", cache_policy=NO_CACHE)
def japan_design_headlines(
    ctx: pipeline.RunContext, result: CalibrationResult, baseline: str
) -> dict[str, Any]:
    """What the Japan headline would be with each design alone, through the projection engine, stored in
    calib.design_headlines; skipped (with the reason) when the warehouse cannot project the scenario."""
    try:  # no yields, holdings or GDP yet, or a baseline the data cannot start
        with ctx.connect() as con:
            inputs = design_headlines.read_inputs(con)
        setup = design_headlines.build_setup(inputs, baseline)
    except ValueError as exc:
        return design_headlines.skipped(str(exc))
    try:
        frame = design_headlines.design_headlines(result, ctx.run_id, setup, inputs.holdings)
    except ScenarioError as exc:  # e.g. TIC holdings without Japan
        return design_headlines.skipped(str(exc))
    with ctx.connect() as con:
        calib_store.store_design_headlines(con, frame, ctx.run_id)
        # the nightly's projection that follows reuses this rebuild of the legacy debt
        proj_store.store_legacy_fits(con, proj_store.legacy_fits_frame([setup], ctx.run_id))
    return design_headlines.to_json(frame)


@task(name="publish-calibration-artifacts", cache_policy=NO_CACHE)
def publish_artifacts(result: CalibrationResult, run_id: str) -> None:
    """Stable keys, so Prefect's Artifacts page keeps the history of every calibration."""
    create_table_artifact(
        key="selloff-calibration",
        table=result.artifact_rows(),
        description=f"Price impact, bp per $100bn sold (run {run_id}; data vintage {result.vintage})",
    )
    create_markdown_artifact(
        key="selloff-calibration-summary",
        markdown=f"# Calibration {run_id}\n\n```\n{result.summary()}\n```\n",
        description="the calibration summary as `selloff calibrate` prints it",
    )


@flow(name="calibrate", log_prints=False)
def calibrate_flow(
    method: Method = "blend",
    as_of: date | None = None,
    stage_path: str | None = None,
    warehouse: str | None = None,
) -> dict[str, Any]:
    """Calibrate on the warehouse's data (as known on ``as_of``); ``method`` is what feeds projections."""
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    if method not in ("data", "prior", "blend"):
        raise pipeline.BadInputError(f"--method must be data, prior or blend, not {method!r}")
    config = CalibrationConfig(seed=settings.seed)
    prior = calib_store.load_prior()
    run_settings = {"method": method, "as_of": as_of, "calibration": config.as_dict()}
    with pipeline.recorded_run(
        settings, kind="calibrate", source=None, stage_path=stage_path, extra_settings=run_settings
    ) as ctx:
        progress.report("calibrate: reading the panels")
        panels, refresh_run_id = read_panels(ctx, as_of)
        progress.report("calibrate: estimating the price impact by tenor")
        result = run_calibration(panels, prior, config)
        progress.report("calibrate: storing the calibration")
        store(ctx, result)
        progress.report(
            f"calibrate: the {design_headlines.HEADLINE_SCENARIO} headline under each design alone"
        )
        headlines = japan_design_headlines(ctx, result, settings.baseline)
        publish_artifacts(result, ctx.run_id)
        ctx.parent_run_ids = [refresh_run_id] if refresh_run_id else []
        ctx.data_vintage = result.vintage
        ctx.summary = {
            "run_id": ctx.run_id,
            "method": method,
            "data_method_allowed": result.data_method_allowed,
            "data_method_reason": result.data_method_reason,
            "text": result.summary(),
            "result": result.to_dict(),
            "ten_year_bp_per_100bn": result.headline_bp_per_100bn("10y"),
            "design_headlines": headlines,
        }
    return ctx.summary


if __name__ == "__main__":
    print(calibrate_flow()["text"])
