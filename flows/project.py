"""Project flow: the calibration's price impact → yield paths, bond prices and interest by fiscal year.

``python flows/project.py`` or ``selloff project``. Each scenario is a task; the engine is pure
(:mod:`selloff.projection.project`, :mod:`selloff.projection.fiscal`) and vectorised over Monte Carlo draws.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from selloff import pipeline
from selloff.calibration.impact import Method, PriceImpact
from selloff.projection import fiscal, scenarios
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.projection.holdings import TicHoldings
from selloff.projection.project import Projection, project
from selloff.projection.sensitivity import rate_sensitivity
from selloff.warehouse import faults

SENSITIVITY_BP = (10.0, 100.0)
"""Parallel shifts stored with every projection run: CBO's +0.1 point rule of thumb and CRFB's +1 point."""


@task(name="build-baseline", cache_policy=NO_CACHE)
def build_setup(baseline: str, yields_monthly: pd.DataFrame) -> fiscal.FiscalSetup:
    return fiscal.build_setup(load_baseline(baseline), yields_monthly)


@task(name="project-scenario", cache_policy=NO_CACHE, task_run_name="project-{scenario.name}")
def project_scenario(
    scenario: scenarios.Scenario,
    impact: PriceImpact,
    setup: fiscal.FiscalSetup,
    holdings: TicHoldings,
    run_id: str,
    draws: int | None,
    seed: int | None,
) -> Projection:
    return project(scenario, impact, setup, holdings, run_id=run_id, draws=draws, seed=seed)


@task(name="store-projections", cache_policy=NO_CACHE)
def store(ctx: pipeline.RunContext, projections: list[Projection], setup: fiscal.FiscalSetup) -> None:
    extra = {
        "proj.sensitivity": pd.concat(
            [rate_sensitivity(setup, bp).frame(ctx.run_id) for bp in SENSITIVITY_BP], ignore_index=True
        ),
        "proj.baseline_check": fiscal.baseline_check(setup, run_id=ctx.run_id),
    }
    with ctx.connect() as con:
        proj_store.store_projections(con, projections, extra)


@task(name="publish-projection-artifacts", cache_policy=NO_CACHE)
def publish_artifacts(projections: list[Projection], run_id: str) -> None:
    """One table of headlines, and one markdown artifact per scenario, under stable keys."""
    create_table_artifact(
        key="selloff-projections",
        table=[p.artifact_row() for p in projections],
        description=f"Headlines of projection run {run_id}",
    )
    for projection in projections:
        create_markdown_artifact(
            key=f"selloff-projection-{projection.scenario.name}",
            markdown=projection.artifact_markdown(),
            description=f"{projection.scenario.title} (run {run_id})",
        )


@flow(name="project", log_prints=False)
def project_flow(
    scenario_names: list[str] | None = None,
    baseline: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    calibration_run_id: str | None = None,
    method: Method | None = None,
    stage_path: str | None = None,
    warehouse: str | None = None,
) -> dict[str, Any]:
    """Project the named scenarios (default: every bundled one) on the latest calibration."""
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    baseline_name = baseline or settings.baseline
    horizon_months = load_baseline(baseline_name).horizon_months  # unknown baseline: bad input, first
    names = scenario_names or list(scenarios.bundled_scenarios())
    # every input is validated before anything is recorded or written: the calibration (a refused data-only
    # estimate), sellers against the stored TIC data, each scenario and its horizon, unique names
    with pipeline.reading(settings, stage_path) as con:
        inputs = proj_store.read_inputs(con, calibration_run_id, method)
    chosen = [scenarios.resolve_scenario(name, known_sellers=inputs.holdings.sellers) for name in names]
    if baseline is not None:
        chosen = [scenarios.with_baseline(s, baseline_name) for s in chosen]
    scenarios.check_batch(chosen, horizon_months)
    run_settings = {
        "scenarios": [s.name for s in chosen],
        "baseline": baseline_name,
        "draws": draws,
        "seed": seed,
    }
    with pipeline.recorded_run(
        settings, kind="project", source=None, stage_path=stage_path, extra_settings=run_settings
    ) as ctx:
        setup = build_setup(baseline_name, inputs.yields_monthly)
        futures = [
            project_scenario.submit(s, inputs.impact, setup, inputs.holdings, ctx.run_id, draws, seed)
            for s in chosen
        ]
        projections = [f.result() for f in futures]
        store(ctx, projections, setup)
        publish_artifacts(projections, ctx.run_id)
        ctx.parent_run_ids = [inputs.calibration_run_id]
        ctx.summary = {
            "run_id": ctx.run_id,
            "calibration_run_id": inputs.calibration_run_id,
            "method": inputs.method,
            "baseline": baseline_name,
            "scenarios": [p.headline_dict() for p in projections],
        }
    return ctx.summary


if __name__ == "__main__":
    for headline in project_flow()["scenarios"]:
        print(headline["scenario"], round(headline["peak_10y_bp"], 1), "bp")
