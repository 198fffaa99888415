"""What the Japan headline would be with each design alone (issue 10 §3), through the projection engine.

References: the projection's own prior-only headline (``project(…, prior_impact=…)``, the code path of
``selloff project``) on the same inputs, which the prior's design-alone row must equal to 1e-9; the blend's
stored responses, which the design-alone construction must rebuild exactly when nothing is replaced; and
monotonicity (a design with a larger impact gives a larger headline). The end-to-end check through the two
commands on one warehouse is in ``tests/test_cli.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff import design_headlines
from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate, price_impact
from selloff.calibration.config import CalibrationConfig
from selloff.calibration.design_alone import decay_curve, design_alone_impacts
from selloff.calibration.results import CalibrationResult
from selloff.projection import fiscal
from selloff.projection.project import project
from selloff.projection.scenarios import resolve_scenario
from tests.calib_helpers import master_warehouse

CONFIG = CalibrationConfig(n_draws=200, n_permutations=1000, n_boot_supply=300)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalibrationResult]:
    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        yield calibrate(calib_store.read_panels(con), calib_store.load_prior(), CONFIG)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[design_headlines.ProjectionInputs]:
    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        yield design_headlines.read_inputs(con)


@pytest.fixture(scope="module")
def setup(inputs: design_headlines.ProjectionInputs) -> fiscal.FiscalSetup:
    return design_headlines.build_setup(inputs, "cbo-2026-02")


@pytest.fixture(scope="module")
def frame(
    result: CalibrationResult, setup: fiscal.FiscalSetup, inputs: design_headlines.ProjectionInputs
) -> pd.DataFrame:
    return design_headlines.design_headlines(result, "calibrate-x", setup, inputs.holdings).set_index(
        "source"
    )


def test_every_source_has_its_headline_and_its_terms(frame: pd.DataFrame, result: CalibrationResult) -> None:
    assert frame.index.tolist() == ["prior", "A", "B", "C", "D", "combination"]
    assert frame.loc["D", "role"] == "diagnostic" and frame.loc["C", "terms"] == "persistent"
    assert bool(frame.loc["A", "included"]) and not bool(frame.loc["B", "included"])  # B: 8 < 10 days
    comb = {(c.tenor, c.term): c for c in result.combination}
    per_100bn = 1e4 / result.reference_gdp_usd_bn
    # A and B replace the impact, C the persistent effect; the other term is the blend's
    for source in ("A", "B"):
        assert_allclose(
            frame.loc[source, "persistent_10y_bp_per_100bn"], comb[("10y", "long_run")].estimate * per_100bn
        )
    assert_allclose(frame.loc["C", "impact_10y_bp_per_100bn"], comb[("10y", "impact")].estimate * per_100bn)
    main = {
        (r.design, r.term): r.estimate
        for r in result.designs
        if r.tenor == "10y" and (r.variant in ("main", "custody_lp_repaired") or r.se_combination is not None)
    }
    assert_allclose(frame.loc["A", "impact_10y_bp_per_100bn"], main[("A", "impact")] * per_100bn)
    assert_allclose(frame.loc["C", "persistent_10y_bp_per_100bn"], main[("C", "long_run")] * per_100bn)
    assert_allclose(frame.loc["D", "persistent_10y_bp_per_100bn"], main[("D", "long_run")] * per_100bn)
    assert (frame["start_month"] == frame["start_month"].iloc[0]).all()


def test_the_priors_row_is_the_projections_prior_only_headline(
    frame: pd.DataFrame,
    result: CalibrationResult,
    setup: fiscal.FiscalSetup,
    inputs: design_headlines.ProjectionInputs,
) -> None:
    # the same engine on the same inputs: project()'s prior-only twin, and its blend point projection
    scenario = resolve_scenario(design_headlines.HEADLINE_SCENARIO)
    run = project(
        scenario, price_impact(result, "blend", "calibrate-x"), setup, inputs.holdings, run_id="r", draws=20,
        mitigations=False, prior_impact=price_impact(result, "prior", "calibrate-x"),
    ).headline  # fmt: skip
    assert (
        run.prior_only_peak_10y_bp is not None and run.prior_only_ten_year_extra_interest_usd_bn is not None
    )
    assert_allclose(frame.loc["prior", "peak_10y_bp"], run.prior_only_peak_10y_bp, rtol=0, atol=1e-9)
    assert_allclose(
        frame.loc["prior", "ten_year_extra_interest_usd_bn"],
        run.prior_only_ten_year_extra_interest_usd_bn,
        rtol=0,
        atol=1e-9,
    )
    assert_allclose(frame.loc["combination", "peak_10y_bp"], run.peak_10y_bp, rtol=0, atol=1e-9)
    assert frame.loc["prior", "peak_10y_bp"] > 5 * frame.loc["combination", "peak_10y_bp"] > 0


def test_nothing_replaced_rebuilds_the_blend_exactly(result: CalibrationResult) -> None:
    comb = {(c.tenor, c.term): c.estimate for c in result.combination}
    impact = np.array([comb[(t, "impact")] for t in result.tenors])
    long_run = np.array([comb[(t, "long_run")] for t in result.tenors])
    assert_allclose(decay_curve(result, impact, long_run), result.response("blend").irf_point, rtol=1e-14)


def test_a_design_with_a_larger_impact_gives_a_larger_headline(
    result: CalibrationResult, setup: fiscal.FiscalSetup, inputs: design_headlines.ProjectionInputs
) -> None:
    def with_a(scale: float) -> pd.DataFrame:
        designs = tuple(
            dataclasses.replace(r, estimate=r.estimate * scale)
            if (r.design, r.variant) == ("A", "main")
            else r
            for r in result.designs
        )
        moved = dataclasses.replace(result, designs=designs)
        return design_headlines.design_headlines(moved, "x", setup, inputs.holdings).set_index("source")

    base, larger = with_a(1.0), with_a(10.0)
    assert larger.loc["A", "impact_10y_bp_per_100bn"] == pytest.approx(
        10 * base.loc["A", "impact_10y_bp_per_100bn"]
    )
    assert larger.loc["A", "peak_10y_bp"] > base.loc["A", "peak_10y_bp"] + 10.0
    assert larger.loc["A", "ten_year_extra_interest_usd_bn"] > base.loc["A", "ten_year_extra_interest_usd_bn"]
    # every other source is untouched: the design alone moves only its own row
    others = ["prior", "B", "C", "D", "combination"]
    assert_allclose(larger.loc[others, "peak_10y_bp"], base.loc[others, "peak_10y_bp"], rtol=0, atol=0)
    assert len(design_alone_impacts(result, "x")) == 6


def test_the_rows_are_stored_and_shown_with_their_comments(
    frame: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from selloff.warehouse import schema

    con = duckdb.connect(str(tmp_path_factory.mktemp("dh") / "w.duckdb"))
    schema.apply_sql(con)
    rows = frame.reset_index()
    calib_store.store_design_headlines(con, rows, "calibrate-x")
    calib_store.store_design_headlines(con, rows, "calibrate-x")  # stored again: replaced, not doubled
    got = con.execute(
        "select source, peak_10y_bp from calib.design_headlines where run_id = 'calibrate-x' order by source"
    ).df()
    assert len(got) == 6
    assert_allclose(got.set_index("source").loc["prior", "peak_10y_bp"], frame.loc["prior", "peak_10y_bp"])
    shown = design_headlines.to_json(rows)
    assert [r["source"] for r in shown["rows"]] == rows["source"].tolist()
    assert shown["rows"][0]["included"] is None and "only evidence for its term" in shown["method"]
