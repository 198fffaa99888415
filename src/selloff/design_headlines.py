"""What the Japan headline would be with each design alone, through the projection engine (issue 10 §3).

Composes two stages without making one import the other: calibration builds each source's price impact
standing alone (:mod:`selloff.calibration.design_alone`: the prior; A, B, C with their term, the other as in
blend; D, a diagnostic; the blend), and the projection runs the **point projection** of the bundled
:data:`HEADLINE_SCENARIO` with each (:func:`selloff.projection.project.point_projection`: the code path of the
prior-only headline of ``selloff project``, on the same inputs — the warehouse's yields, TIC holdings and
reference GDP, the settings' baseline). The calibrate flow calls :func:`read_inputs`, then
:func:`design_headlines` after storing the calibration, and stores the frame in ``calib.design_headlines``.
Pure apart from :func:`read_inputs`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from selloff.calibration.design_alone import design_alone_impacts, tenor_value
from selloff.calibration.results import CalibrationResult
from selloff.projection import fiscal
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.projection.holdings import TicHoldings
from selloff.projection.legacy import LegacyFit
from selloff.projection.prepare import check_scenarios, prepare
from selloff.projection.project import point_projection
from selloff.projection.scenarios import resolve_scenario, with_baseline

HEADLINE_SCENARIO = "japan-full-dump"
"""The scenario of the report's headline: all of Japan's Treasuries sold over 12 months."""

NOTE = (
    "the point projection of the bundled japan-full-dump scenario (the engine of selloff project) with "
    "the price impact the combination would give if that design were the only evidence for its term, the "
    "other term as in blend; the prior alone uses the prior for both terms and equals selloff project's "
    "prior-only headline; d, a diagnostic, supplies both terms and never enters the parameters; the short "
    "end stays fixed at 0"
)


@dataclass(frozen=True)
class ProjectionInputs:
    """What the headline projection reads from the warehouse, as ``selloff project`` reads it."""

    yields_monthly: pd.DataFrame
    holdings: TicHoldings
    reference_gdp: fiscal.ReferenceGdp
    legacy_fits: dict[str, LegacyFit]
    """``proj.legacy_fits``: the legacy rebuild reused on the same inputs, as ``selloff project`` does."""


def read_inputs(con: duckdb.DuckDBPyConnection) -> ProjectionInputs:
    """Yields, the latest TIC holdings and the reference GDP (``ValueError`` naming what is missing)."""
    return ProjectionInputs(
        proj_store.read_yields_monthly(con),
        proj_store.read_holdings(con),
        proj_store.read_reference_gdp(con),
        proj_store.read_legacy_fits(con),
    )


def build_setup(inputs: ProjectionInputs, baseline: str) -> fiscal.FiscalSetup:
    """The fiscal setup of ``selloff project`` on these inputs (the legacy rebuild and the baseline run)."""
    return fiscal.build_setup(
        load_baseline(baseline),
        inputs.yields_monthly,
        reference_gdp=inputs.reference_gdp,
        known_fits=inputs.legacy_fits,
    )


def design_headlines(
    result: CalibrationResult, run_id: str, setup: fiscal.FiscalSetup, holdings: TicHoldings
) -> pd.DataFrame:
    """``calib.design_headlines`` rows: each source's point projection of :data:`HEADLINE_SCENARIO`.

    Raises :class:`~selloff.projection.scenarios.ScenarioError` when the scenario cannot run on these inputs
    (e.g. holdings without Japan).
    """
    scenario = with_baseline(resolve_scenario(HEADLINE_SCENARIO), setup.baseline.name)
    check_scenarios([scenario], setup, holdings)
    prep = prepare(scenario, setup, holdings)
    per_100bn = 100.0 * 100.0 / result.reference_gdp_usd_bn
    rows = []
    for alone in design_alone_impacts(result, run_id):
        point = point_projection(prep, alone.impact)
        rows.append(
            {
                "run_id": run_id,
                "source": alone.source,
                "role": alone.role,
                "terms": alone.terms,
                "basis": alone.basis,
                "included": alone.included,
                "impact_10y_bp_per_100bn": tenor_value(alone.impact, "10y", "impact") * per_100bn,
                "persistent_10y_bp_per_100bn": tenor_value(alone.impact, "10y", "long_run") * per_100bn,
                "scenario": scenario.name,
                "baseline": setup.baseline.name,
                "start_month": prep.months[0].date(),
                "end_month": prep.months[-1].date(),
                "peak_10y_bp": point.peak_10y_bp,
                "ten_year_extra_interest_usd_bn": point.ten_year_extra_interest_usd_bn,
                "reference_gdp_usd_bn": result.reference_gdp_usd_bn,
            }
        )
    frame = pd.DataFrame(rows)
    frame["included"] = frame["included"].astype("boolean")
    return frame


def to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """The rows for ``selloff calibrate --json``: dates as ISO text, missing values as null."""
    rows = []
    for record in frame.drop(columns=["run_id"]).to_dict("records"):
        row: dict[str, Any] = {}
        for key, value in record.items():
            if value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
                value = None
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            row[str(key)] = value
        rows.append(row)
    return {"scenario": HEADLINE_SCENARIO, "method": NOTE, "rows": rows}


def skipped(reason: str) -> dict[str, Any]:
    """The ``--json`` entry when the warehouse cannot project the scenario (nothing stored)."""
    return {"scenario": HEADLINE_SCENARIO, "method": NOTE, "skipped": reason, "rows": []}
