"""The combination rule: precision weights by hand, the stated exclusions, the short end, labels, and D never
entering ``blend``; and the designs on the embedded snapshot, stored in calib.designs / calib.combination."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest

from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate
from selloff.calibration.config import CalibrationConfig
from selloff.calibration.identified import (
    CombinedRow,
    DesignRow,
    blend_parameters,
    blend_responses,
    combine_designs,
    event_rows,
)
from selloff.calibration.prior import PriorTable
from selloff.calibration.results import CalibrationResult
from tests.calib_helpers import master_warehouse

CONFIG = CalibrationConfig(n_draws=200, n_permutations=1000, n_boot_supply=300)


def _row(
    design: str, tenor: str, term: str, estimate: float, se: float | None, included: bool = True
) -> DesignRow:
    return DesignRow(
        design,
        "main",
        tenor,
        term,
        1,
        estimate,
        estimate - 1.6449 * (se or 1),
        estimate + 1.6449 * (se or 1),
        se,
        21,
        None,
        None,
        0.5,
        "test",
        "test",
        included,
        "" if included else "excluded",
    )  # type: ignore[arg-type]


def test_impact_is_the_precision_weighted_prior_a_and_b(prior: PriorTable) -> None:
    rows = [_row("A", "10y", "impact", 2.0, 2.5), _row("B", "10y", "impact", 20.0, 10.0)]
    c = {(r.tenor, r.term): r for r in combine_designs(rows, prior)}[("10y", "impact")]
    m, s = prior.get("10y", "impact").mean_bp_per_pct_gdp, prior.get("10y", "impact").sd_bp_per_pct_gdp
    prec = [1 / s**2, 1 / 2.5**2, 1 / 10.0**2]
    assert c.estimate == pytest.approx((m * prec[0] + 2.0 * prec[1] + 20.0 * prec[2]) / sum(prec))
    assert c.std_error == pytest.approx(1 / math.sqrt(sum(prec)))
    assert dict(c.weights)["prior"] == pytest.approx(prec[0] / sum(prec))
    assert c.label == "data-driven"


def test_excluded_designs_and_d_never_enter_and_the_short_end_is_fixed(prior: PriorTable) -> None:
    rows = [
        _row("A", "5y", "impact", 3.0, 2.0, included=False),
        _row("D", "5y", "impact", -40.0, 1.0),  # even "included", D is not a combination design
        _row("C", "10y", "long_run", 0.0, 3.0),
        _row("A", "3m", "impact", 0.3, 0.5),
    ]
    by = {(r.tenor, r.term): r for r in combine_designs(rows, prior)}
    assert by[("5y", "impact")].components == ()
    assert by[("5y", "impact")].estimate == prior.get("5y", "impact").mean_bp_per_pct_gdp
    assert by[("5y", "impact")].label == "prior-driven"
    assert by[("10y", "long_run")].components == (("C", 0.0, 3.0),)
    for key in (("3m", "impact"), ("3m", "long_run"), ("1y", "long_run")):
        assert (by[key].estimate, by[key].std_error, by[key].label) == (0.0, 0.0, "fixed at 0 (policy path)")
    draws = blend_responses(list(by.values()), prior, CONFIG, np.random.default_rng(0))
    assert np.all(draws.irf_draws[:, 0, :] == 0.0)  # 3m: no market-impact noise on bills
    assert np.all(draws.long_run_draws[:, 1] == 0.0)  # 1y persistent


def test_a_failed_placebo_excludes_a_design_at_every_tenor_whatever_its_sign() -> None:
    from selloff.calibration.designs.event_studies import EventDesignResult, EventStudyEstimate

    def est(tenor: str, b: float, p: float) -> EventStudyEstimate:
        return EventStudyEstimate(
            tenor,
            1,
            "ordinary",
            b,
            (b - 1, b + 1),
            p,
            0.6,
            0.5,
            p,
            0.7,
            21,  # type: ignore[arg-type]
            None,
            None,
            1000,
        )  # type: ignore[arg-type]

    import pandas as pd

    results = [
        EventDesignResult(
            "A", t, est(t, 2.0, 0.01), (), est(t, 1.0, 0.02 if t == "10y" else 0.9), pd.DataFrame()
        )
        for t in ("5y", "10y")
    ]
    main = [r for r in event_rows(results) if r.variant == "main"]
    assert all(not r.included for r in main)
    assert all(r.exclusion_reason.startswith("failed placebo (t-5 at the 10-year, p = 0.020") for r in main)
    assert all(r.se_combination == pytest.approx(0.7) for r in main)  # max(randomisation, HC1, jackknife)
    passing = [dataclasses.replace(r, placebo=est(r.tenor, -5.0, 0.5)) for r in results]
    assert all(r.included for r in event_rows(passing) if r.variant == "main")


@pytest.fixture(scope="module")
def snapshot_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalibrationResult]:
    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        yield calibrate(calib_store.read_panels(con), calib_store.load_prior(), CONFIG)


def test_on_the_snapshot_every_design_is_estimated_with_its_evidence(
    snapshot_result: CalibrationResult,
) -> None:
    rows = snapshot_result.designs
    assert {r.design for r in rows} == {"A", "B", "C", "D"}
    a10 = next(r for r in rows if (r.design, r.variant, r.tenor) == ("A", "main", "10y"))
    assert a10.n == 21 and a10.included and a10.identifying_assumption
    b10 = next(r for r in rows if (r.design, r.variant, r.tenor) == ("B", "main", "10y"))
    assert b10.n == 8 and not b10.included
    assert b10.exclusion_reason == "too few events (8 yen-buying days < 10)"
    c = next(r for r in rows if (r.design, r.variant) == ("C", "main_acm"))
    assert c.included and c.n > 80 and c.se_combination is not None
    assert all(not r.included for r in rows if r.design == "D")
    comb = {(c.tenor, c.term): c for c in snapshot_result.combination}
    assert [k for k, _, _ in comb[("10y", "impact")].components] == ["A"]
    assert [k for k, _, _ in comb[("10y", "long_run")].components] == ["C"]
    assert comb[("30y", "long_run")].label == "prior-driven"
    blend = snapshot_result.response("blend")
    k10 = snapshot_result.tenors.index("10y")
    assert blend.irf_point[k10, 0] == pytest.approx(comb[("10y", "impact")].estimate)
    assert blend.long_run_point[k10] == pytest.approx(comb[("10y", "long_run")].estimate)


def test_changing_d_leaves_the_blend_parameters_unchanged(snapshot_result: CalibrationResult) -> None:
    res = snapshot_result
    moved = tuple(
        dataclasses.replace(r, estimate=r.estimate + 100.0, included=True, se_combination=0.01)
        if r.design == "D"
        else r
        for r in res.designs
    )
    again = combine_designs(moved, res.prior)
    assert again == res.combination
    base = res.parameters_frame()
    other = dataclasses.replace(res, parameters=tuple(blend_parameters(again, res.parameters, res.prior)))
    frame = other.parameters_frame()
    blend = base["method"] == "blend"
    assert frame[blend].equals(base[blend])


def test_designs_and_combination_are_stored_with_the_reference_gdp(
    snapshot_result: CalibrationResult, tmp_path: Path
) -> None:
    from selloff.warehouse import schema

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    schema.apply_sql(con)
    designs, combination = calib_store.design_frames(snapshot_result, "calibrate-x")
    for table, frame in (("calib.designs", designs), ("calib.combination", combination)):
        con.register("incoming", frame)
        con.execute(f"insert into {table} by name select * from incoming")
        con.unregister("incoming")
    gdp = snapshot_result.reference_gdp_usd_bn
    row = con.execute(
        "select estimate_bp_per_pct_gdp, estimate_bp_per_100bn, reference_gdp_usd_bn from calib.combination "
        "where tenor = '10y' and term = 'impact'"
    ).fetchone()
    assert row is not None
    assert row[1] == pytest.approx(row[0] * 1e4 / gdp) and row[2] == gdp
    n = con.execute("select count(*) from calib.designs where design = 'D' and included").fetchone()
    assert n == (0,)
    labels = con.execute("select distinct label from calib.combination order by 1").fetchall()
    assert {lab for (lab,) in labels} <= {"data-driven", "prior-driven", "fixed at 0 (policy path)"}


def test_combined_row_is_a_plain_record() -> None:
    # CombinedRow compares by value: the D-invariance test above depends on it
    a = CombinedRow("10y", "impact", 50.0, 25.0, (), 50.0, 25.0, (("prior", 1.0),), 0.0, "prior-driven")  # type: ignore[arg-type]
    assert a == dataclasses.replace(a)
