"""Project flow: the calibration's price impact → yield paths, bond prices and interest by fiscal year.

``python flows/project.py`` or ``selloff project``. Each scenario is a task; the engine is pure
(:mod:`selloff.projection.project`, :mod:`selloff.projection.fiscal`) and vectorised over Monte Carlo draws.
Every input is checked before anything is recorded or written, including the checks that need the data
(sellers' holdings, a face value against a market value, the horizon against the projection's window).
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
from typing import Any

import pandas as pd
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from selloff import pipeline, progress
from selloff.calibration.impact import Method, PriceImpact
from selloff.projection import fiscal, inputs, scenarios
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.projection.holdings import TicHoldings
from selloff.projection.legacy import LegacyFit
from selloff.projection.prepare import check_scenarios
from selloff.projection.project import Projection, project
from selloff.projection.sensitivity import rate_sensitivity, sensitivity_setup
from selloff.warehouse import faults

SENSITIVITY_BP = (10.0, 100.0)
"""Parallel shifts stored with every projection run: CBO's +0.1 point rule of thumb and CRFB's +1 point."""


@task(name="build-baseline", cache_policy=NO_CACHE)
def build_setup(
    baseline: str,
    yields_monthly: pd.DataFrame,
    reference_gdp: fiscal.ReferenceGdp | None = None,
    known_fits: dict[str, LegacyFit] | None = None,
) -> fiscal.FiscalSetup:
    return fiscal.build_setup(
        load_baseline(baseline), yields_monthly, reference_gdp=reference_gdp, known_fits=known_fits
    )


@task(name="project-scenario", cache_policy=NO_CACHE, task_run_name="project-{scenario.name}")
def project_scenario(
    scenario: scenarios.Scenario,
    impact: PriceImpact,
    setup: fiscal.FiscalSetup,
    holdings: TicHoldings,
    run_id: str,
    draws: int | None,
    seed: int | None,
    prior_impact: PriceImpact | None = None,
) -> Projection:
    return project(
        scenario, impact, setup, holdings, run_id=run_id, draws=draws, seed=seed, prior_impact=prior_impact
    )


@task(name="store-projections", cache_policy=NO_CACHE)
def store(
    ctx: pipeline.RunContext,
    projections: list[Projection],
    setup: fiscal.FiscalSetup,
    yields_monthly: pd.DataFrame,
    holdings: TicHoldings,
    known_fits: dict[str, LegacyFit],
) -> None:
    window = sensitivity_setup(
        setup.baseline, yields_monthly, reference_gdp=setup.reference_gdp, setup=setup, known_fits=known_fits
    )  # the baseline's own ten-year window, as CBO's rules of thumb
    extra = {
        "proj.sensitivity": pd.concat(
            [rate_sensitivity(window, bp).frame(ctx.run_id) for bp in SENSITIVITY_BP], ignore_index=True
        ),
        "proj.baseline_check": fiscal.baseline_check(setup, run_id=ctx.run_id),
        "proj.inputs": inputs.inputs_frame(
            inputs.projection_inputs(yields_monthly, setup, holdings), setup.start_month, ctx.run_id
        ),
    }
    with ctx.connect() as con:
        proj_store.store_projections(
            con, projections, extra, legacy_fits=proj_store.legacy_fits_frame([setup, window], ctx.run_id)
        )


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


def window_summary(
    setup: fiscal.FiscalSetup, holdings: TicHoldings, yields_monthly: pd.DataFrame
) -> dict[str, Any]:
    """The projection's window, baseline and reference GDP, in words and numbers (the CLI prints them)."""
    found = inputs.projection_inputs(yields_monthly, setup, holdings)
    return {
        "data_end": setup.data_end.date().isoformat(),
        "start_month": setup.start_month.date().isoformat(),
        "end_month": setup.end_month.date().isoformat(),
        "window": inputs.window_text(setup),
        "baseline_title": setup.baseline.title,
        "reference_gdp": {"quarter": setup.reference_gdp.label, "usd_bn": setup.reference_gdp.usd_bn},
        "inputs_data_to": [f"{i.description} {inputs.period_text(i)}" for i in found],
        "stale_inputs": inputs.stale_warnings(found, setup.start_month),
        "baseline_check_passes": fiscal.check_passes(fiscal.baseline_check(setup)),
    }


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
    load_baseline(baseline_name)  # an unknown baseline: bad input, first
    names = scenario_names or list(scenarios.bundled_scenarios())
    # every input is validated before anything is recorded or written: the calibration (a refused data-only
    # estimate), sellers and their holdings against the stored TIC data, each scenario, then the checks
    # that need the data (a face value against its market value, the horizon against the window)
    progress.report("project: reading the calibration, yields and TIC holdings")
    with pipeline.reading(settings, stage_path) as con:
        found = proj_store.read_inputs(con, calibration_run_id, method)
    chosen = [
        scenarios.resolve_scenario(
            name, known_sellers=found.holdings.sellers, holdings_usd_bn=found.holdings.by_country_usd_bn
        )
        for name in names
    ]
    if baseline is not None:
        chosen = [scenarios.with_baseline(s, baseline_name) for s in chosen]
    progress.report(f"project: building the fiscal baseline ({baseline_name})")
    setup = build_setup(baseline_name, found.yields_monthly, found.reference_gdp, found.legacy_fits)
    scenarios.check_batch(chosen, setup.horizon)
    check_scenarios(chosen, setup, found.holdings)
    window = window_summary(setup, found.holdings, found.yields_monthly)
    run_settings = {
        "scenarios": [s.name for s in chosen],
        # what the report.* views follow (sql/marts/500_report_lineage.sql): the bundled set, as the
        # nightly job projects it; a run of chosen scenarios is ad hoc, reachable by its run id
        "scenario_set": "ad-hoc" if scenario_names else "bundled",
        "baseline": baseline_name,
        "draws": draws,
        "seed": seed,
        "data_end": window["data_end"],
        "start_month": window["start_month"],
        "reference_gdp_usd_bn": setup.reference_gdp.usd_bn,
    }
    with pipeline.recorded_run(
        settings, kind="project", source=None, stage_path=stage_path, extra_settings=run_settings
    ) as ctx:
        progress.report(f"project: projecting {len(chosen)} scenario{'s' * (len(chosen) != 1)}")
        futures = [
            project_scenario.submit(
                s, found.impact, setup, found.holdings, ctx.run_id, draws, seed, found.prior_impact
            )
            for s in chosen
        ]
        projections = [f.result() for f in futures]
        progress.report("project: storing the projections")
        store(ctx, projections, setup, found.yields_monthly, found.holdings, found.legacy_fits)
        publish_artifacts(projections, ctx.run_id)
        ctx.parent_run_ids = [found.calibration_run_id]
        ctx.summary = {
            "run_id": ctx.run_id,
            "calibration_run_id": found.calibration_run_id,
            "method": found.method,
            "baseline": baseline_name,
            **window,
            "scenarios": [p.headline_dict() for p in projections],
        }
    return ctx.summary


if __name__ == "__main__":
    for headline in project_flow()["scenarios"]:
        print(headline["scenario"], round(headline["peak_10y_bp"], 1), "bp")
