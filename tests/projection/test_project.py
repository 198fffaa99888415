"""Projecting a scenario: its properties, the golden headlines, frames that fit the proj.* schema."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from selloff.calibration.impact import PriceImpact
from selloff.projection import fiscal, scenarios
from selloff.projection.baselines import load_baseline
from selloff.projection.holdings import TicHoldings
from selloff.projection.project import Projection, headline_json, project
from selloff.projection.scenarios import Scenario, ScenarioError, parse_scenario
from selloff.projection.sensitivity import rate_sensitivity
from tests.projection.conftest import golden, snapshot_holdings, synthetic_impact

SCHEMA = Path(__file__).resolve().parents[2] / "sql" / "schema"


def make(
    text: str = "", *, sale: str | None = 'seller = "Japan"\nshare_of_holdings = 1.0\npace_months = 12'
) -> Scenario:
    body = f'name = "t"\ntitle = "test"\ndraws = 200\nseed = 3\n{text}\n'
    if sale is not None:
        body += f"[sale]\n{sale}\n"
    return parse_scenario(body)


def ten_year(p: Projection) -> float:
    return float(p.fiscal_annual["delta_interest_usd_bn"].sum())


def test_unknown_seller_caught_at_projection(setup: fiscal.FiscalSetup, impact: PriceImpact) -> None:
    sc = make(sale='seller = "Atlantis"\namount_usd_bn = 10.0')
    with pytest.raises(ScenarioError, match=r"sale\.seller: unknown seller 'Atlantis'"):
        project(sc, impact, setup, snapshot_holdings(), run_id="r")


# --------------------------------------------------------------------------------------------------
# projection properties
# --------------------------------------------------------------------------------------------------


def test_zero_sale_equals_baseline_exactly(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    p = project(make(sale='seller = "Japan"\namount_usd_bn = 0.0'), impact, setup, holdings, run_id="r")
    fa = p.fiscal_annual
    assert np.array_equal(fa["scenario_interest_usd_bn"], fa["baseline_interest_usd_bn"])
    assert np.array_equal(fa["scenario_interest_usd_bn_p95"], fa["baseline_interest_usd_bn"])
    assert (fa["delta_interest_usd_bn"] == 0.0).all() and (fa["cumulative_delta_usd_bn_p95"] == 0.0).all()
    assert (p.yield_paths["shock_bp_p95"] == 0.0).all()
    assert np.array_equal(p.yield_paths["scenario_yield_pct"], p.yield_paths["baseline_yield_pct"])


def test_full_fed_absorption_leaves_yields_unchanged(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    p = project(make("[fed]\nabsorption_share = 1.0"), impact, setup, holdings, run_id="r")
    assert (p.yield_paths[["shock_bp", "shock_bp_p5", "shock_bp_p95"]] == 0.0).all().all()
    assert (p.fiscal_annual["treasury_only_delta_usd_bn"] == 0.0).all()
    # but the Fed's books move: reserves at the policy rate against the securities' yields
    assert (p.fiscal_annual["fed_remittance_loss_usd_bn"].abs() > 0).any()


@settings(max_examples=6, deadline=None)
@given(small=st.floats(min_value=10.0, max_value=500.0), extra=st.floats(min_value=10.0, max_value=1000.0))
def test_cost_rises_with_sale_size(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings, small: float, extra: float
) -> None:
    costs = []
    for amount in (small, small + extra):
        sc = make(sale=f'seller = "Japan"\namount_usd_bn = {amount}\npace_months = 12')
        costs.append(ten_year(project(sc, impact, setup, holdings, run_id="r", draws=20, mitigations=False)))
    assert 0.0 < costs[0] < costs[1]


@settings(max_examples=6, deadline=None)
@given(low=st.floats(min_value=0.0, max_value=0.45), gap=st.floats(min_value=0.05, max_value=0.5))
def test_treasury_cost_falls_with_fed_absorption(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings, low: float, gap: float
) -> None:
    costs = []
    for share in (low, low + gap):
        sc = make(f"[fed]\nabsorption_share = {share}")
        costs.append(ten_year(project(sc, impact, setup, holdings, run_id="r", draws=20, mitigations=False)))
    assert costs[1] < costs[0]


def test_snowball_decomposition_in_the_projection(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    fa = project(make(), impact, setup, holdings, run_id="r", mitigations=False).fiscal_annual
    parts = fa["rollover_usd_bn"] + fa["deficit_financing_usd_bn"] + fa["snowball_usd_bn"]
    assert_allclose(parts, fa["delta_interest_usd_bn"], rtol=1e-9)
    assert (fa["snowball_usd_bn"] > 0).all()
    assert (fa["rollover_usd_bn"] > fa["snowball_usd_bn"]).all()


def test_monte_carlo_median_near_point(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    # symmetric (antithetic) draws: the median ten-year cost sits on the point projection, within 2%
    p = project(make(), impact, setup, holdings, run_id="r", draws=4000, seed=11, mitigations=False)
    h = p.headline
    assert_allclose(h.ten_year_extra_interest_usd_bn_p50, h.ten_year_extra_interest_usd_bn, rtol=0.02)
    assert_allclose(h.peak_10y_bp_p50, h.peak_10y_bp, rtol=0.02)
    assert (
        h.ten_year_extra_interest_usd_bn_p5
        < h.ten_year_extra_interest_usd_bn
        < h.ten_year_extra_interest_usd_bn_p95
    )


def test_seeded_and_reproducible(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    a = project(make(), impact, setup, holdings, run_id="r", draws=300, seed=5, mitigations=False)
    b = project(make(), impact, setup, holdings, run_id="r", draws=300, seed=5, mitigations=False)
    c = project(make(), impact, setup, holdings, run_id="r", draws=300, seed=6, mitigations=False)
    pd.testing.assert_frame_equal(a.fiscal_annual, b.fiscal_annual)
    assert a.headline.ten_year_extra_interest_usd_bn_p95 != c.headline.ten_year_extra_interest_usd_bn_p95


def test_persistence_bounds_order_the_cost(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    costs = {
        mode: ten_year(project(make(f'persistence = "{mode}"'), impact, setup, holdings, run_id="r", draws=20,
                               mitigations=False))
        for mode in ("transitory", "estimated", "permanent")
    }  # fmt: skip
    assert 0.0 < costs["transitory"] < costs["estimated"] < costs["permanent"]


def test_policy_hike_makes_fed_absorption_costly(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    # with reserves paid a policy rate 300 bp above the baseline, the Fed's purchases lose money
    sc = make("[fed]\nabsorption_share = 0.5\npolicy_change_months = [0]\npolicy_change_bp = [300.0]")
    fa = project(sc, impact, setup, holdings, run_id="r", draws=20, mitigations=False).fiscal_annual
    assert (fa["fed_remittance_loss_usd_bn"] > 0).all()
    assert (fa["treasury_plus_fed_delta_usd_bn"] > fa["treasury_only_delta_usd_bn"]).all()


def test_confidence_channel_adds_cost(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    off = project(make(), impact, setup, holdings, run_id="r", draws=20, mitigations=False)
    on = project(make("[confidence]\nenabled = true\nbp_per_pct_debt_gdp = 3.0"), impact, setup, holdings,
                 run_id="r", draws=20, mitigations=False)  # fmt: skip
    assert ten_year(on) > ten_year(off)
    assert any("confidence channel" in w for w in on.warnings)


def test_a_primary_deficit_override_is_booked_as_outlays(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    """Outlays = CBO's non-interest outlays + the override (1% of GDP) + the model's net interest."""
    shifted = make('[baseline]\nname = "cbo-2025-01"\nprimary_deficit_shift_pct_gdp = 1.0')
    fa = project(shifted, impact, setup, holdings, run_id="r", draws=20, mitigations=False).fiscal_annual
    cbo = load_baseline("cbo-2025-01").budget.reindex(fa["fy"])
    noninterest = cbo["outlays_usd_bn"].to_numpy() - cbo["net_interest_usd_bn"].to_numpy()
    gdp = cbo["gdp_usd_bn"].to_numpy()
    assert_allclose(
        fa["baseline_outlays_usd_bn"], noninterest + 0.01 * gdp + fa["baseline_interest_usd_bn"], rtol=1e-12
    )
    assert_allclose(
        fa["baseline_interest_pct_outlays"],
        100 * fa["baseline_interest_usd_bn"] / fa["baseline_outlays_usd_bn"],
        rtol=1e-9,
    )


def test_issuance_response_takes_duration_out(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    base = project(make(), impact, setup, holdings, run_id="r", draws=20, mitigations=False)
    sc = make("[issuance]\nbuyback_usd_bn_per_month = 20.0\nbuyback_months = 12\ncoupon_to_bills_pct = 5.0\n"
              "shift_months = 12")  # fmt: skip
    resp = project(sc, impact, setup, holdings, run_id="r", draws=20, mitigations=False)
    assert resp.headline.peak_10y_bp < base.headline.peak_10y_bp


def test_mark_to_market(setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings) -> None:
    bp = project(make(), impact, setup, holdings, run_id="r", draws=50).bond_prices
    seller = bp[bp["instrument"] == "seller_holdings"].sort_values("month")
    assert seller["holdings_usd_bn"].iloc[0] < 1185.5 and seller["holdings_usd_bn"].iloc[-1] == 0.0
    assert (seller["mtm_loss_usd_bn"].iloc[:11] > 0).all()  # yields up, the rest of the holdings lose value
    foreign = bp[bp["instrument"] == "all_foreign"]
    assert (foreign["mtm_loss_usd_bn"] > 0).all()
    ten = bp[bp["instrument"] == "10y"]
    assert (ten["price_change_pct"] < 0).all()


def test_sale_beyond_the_sample_warns(setup: fiscal.FiscalSetup, holdings: TicHoldings) -> None:
    imp = synthetic_impact(largest_sale_pct_gdp=0.5)
    big = project(scenarios.resolve_scenario("japan-full-dump"), imp, setup, holdings, run_id="r", draws=20)
    small = project(
        scenarios.resolve_scenario("japan-mof-intervention"), imp, setup, holdings, run_id="r", draws=20
    )
    assert any("beyond the largest one-quarter net foreign sale" in w for w in big.warnings)
    assert any("upper-bound stress" in w for w in big.warnings)
    assert not any("beyond the largest" in w for w in small.warnings)


def test_golden_headlines(setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings) -> None:
    # regression guard on the headline numbers with the synthetic impact (tests/results/README.md)
    expected = golden()["headlines_synthetic_impact"]
    assert isinstance(expected, dict)
    for name, numbers in expected.items():
        h = project(
            scenarios.resolve_scenario(name), impact, setup, holdings, run_id="r", mitigations=False
        ).headline
        for key, value in numbers.items():
            assert_allclose(getattr(h, key), value, rtol=0.01, err_msg=f"{name}.{key}")


# --------------------------------------------------------------------------------------------------
# frames fit the proj.* schema
# --------------------------------------------------------------------------------------------------


def test_frames_load_into_the_proj_schema(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    con = duckdb.connect()
    files = [SCHEMA / "000_schemas.sql", *sorted(SCHEMA.glob("4*_proj_*.sql"))]
    for path in files * 2:  # idempotent DDL
        con.execute(path.read_text(encoding="utf-8"))
    p = project(
        scenarios.resolve_scenario("japan-dump-fed-qe"), impact, setup, holdings, run_id="run-1", draws=200
    )
    tables = {
        "scenarios": p.scenarios_row,
        "yield_paths": p.yield_paths,
        "bond_prices": p.bond_prices,
        "fiscal_annual": p.fiscal_annual,
        "mitigations": p.mitigations,
        "sensitivity": rate_sensitivity(setup, 10.0).frame("run-1"),
        "baseline_check": fiscal.baseline_check(setup, run_id="run-1"),
    }
    for table, frame in tables.items():
        columns = [r[0] for r in con.execute(f"describe proj.{table}").fetchall()]
        assert list(frame.columns) == columns, table
        con.register("frame", frame)
        con.execute(f"insert into proj.{table} select * from frame")  # fixed table list
        con.unregister("frame")
        assert con.execute(f"select count(*) from proj.{table}").fetchone() == (len(frame),)
    assert con.execute("select count(*) from proj.yield_paths").fetchone() == (120 * 6,)
    spec = json.loads(con.execute("select spec_json from proj.scenarios").fetchone()[0])
    assert spec["fed"]["absorption_share"] == 0.5
    headline = json.loads(headline_json(p))
    assert headline["scenario"] == "japan-dump-fed-qe" and isinstance(headline["warnings"], list)


def test_inputs_are_not_mutated(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    irf, base = impact.irf_bp_per_pct_gdp.copy(), setup.base.interest_usd_bn.copy()
    cohorts, by_country = setup.legacy.cohorts.copy(), dict(holdings.by_country_usd_bn)
    project(make("[issuance]\nbuyback_usd_bn_per_month = 10.0\nbuyback_months = 6"), impact, setup, holdings,
            run_id="r", draws=20)  # fmt: skip
    assert np.array_equal(irf, impact.irf_bp_per_pct_gdp) and np.array_equal(base, setup.base.interest_usd_bn)
    pd.testing.assert_frame_equal(cohorts, setup.legacy.cohorts)
    assert by_country == dict(holdings.by_country_usd_bn)
