"""The fiscal engine: closed forms, identities, the legacy rebuild, the binding CBO check, sensitivity."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from selloff.ingest.snapshot import default_snapshot, read_fred_csv
from selloff.projection import fiscal
from selloff.projection.baselines import Baseline, load_baseline
from selloff.projection.bonds import bill_bey_from_discount
from selloff.tenors import TENORS

RESULTS = Path(__file__).parents[1] / "results"
FRED_TENORS = {"TB3MS": "3m", "GS1": "1y", "GS2": "2y", "GS5": "5y", "GS10": "10y", "GS30": "30y"}
K = len(fiscal.INSTRUMENTS)


def snapshot_yields() -> pd.DataFrame:
    """``stg.yields_monthly`` as the warehouse serves it, built from the snapshot's FRED files."""
    snap = default_snapshot()
    frames = []
    for series, tenor in FRED_TENORS.items():
        obs = read_fred_csv(snap.path(f"fred/{series}.csv"), series).dropna()
        frames.append(pd.DataFrame({"date": obs["date"], "tenor": tenor, "yield_pct": obs["value"]}))
    return pd.concat(frames, ignore_index=True)


def golden() -> dict[str, object]:
    data: dict[str, object] = json.loads((RESULTS / "golden.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def cbo() -> Baseline:
    return load_baseline("cbo-2025-01")


@pytest.fixture(scope="module")
def yields() -> pd.DataFrame:
    return snapshot_yields()


@pytest.fixture(scope="module")
def setup(cbo: Baseline, yields: pd.DataFrame) -> fiscal.FiscalSetup:
    return fiscal.build_setup(cbo, yields)


# --------------------------------------------------------------------------------------------------
# closed forms on hand-made debt
# --------------------------------------------------------------------------------------------------


def one_cohort(
    amount: float, coupon: float, months_left: int, instrument: str = "note_10y"
) -> fiscal.LegacyDebt:
    inst = fiscal.INSTRUMENTS[fiscal.INSTRUMENT_NAMES.index(instrument)]
    cohorts = pd.DataFrame(
        {
            "instrument": [instrument],
            "security_type": [inst.security_type],
            "kind": [inst.kind],
            "issue_month": [pd.Timestamp("2020-01-01")],
            "months_to_maturity": [months_left],
            "amount_usd_bn": [amount],
            "coupon_pct": [coupon],
        }
    )
    return fiscal.LegacyDebt(
        start_month=pd.Timestamp("2025-10-01"),
        cohorts=cohorts,
        params=fiscal.RebuildParams(0.0, 0.5),
        gross_shares={name: float(name == "note_2y") for name in fiscal.INSTRUMENT_NAMES},
        frn_spread_pct=0.0,
        diagnostics=pd.DataFrame(),
    )


def rolled_into(legacy: fiscal.LegacyDebt, horizon: int, instrument: str = "note_2y") -> fiscal.EnginePlan:
    shares = np.zeros((horizon, K))
    shares[:, fiscal.INSTRUMENT_NAMES.index(instrument)] = 1.0
    zero = np.zeros(horizon)
    return fiscal.EnginePlan(fiscal.legacy_paths(legacy, horizon), shares, zero, zero, zero, 0.0)


def flat(rate_pct: float, horizon: int, draws: int = 1) -> tuple[np.ndarray, np.ndarray]:
    return np.full((horizon, draws, K), rate_pct), np.full((horizon, draws), rate_pct)


def test_bullet_bond_rolled_at_a_known_rate() -> None:
    # $100bn at 3% maturing at the end of the first fiscal year, refinanced by a 2-year note at 5%; the
    # interest is paid, not borrowed (capitalisation off, reference 0): $3bn then $5bn a year exactly.
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(5.0, 24)
    out = fiscal.run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(24))
    fys, by_fy = fiscal.to_fiscal_years(out.interest_usd_bn, np.repeat([2026, 2027], 12))
    assert list(fys) == [2026, 2027]
    assert_allclose(by_fy[:, 0], [3.0, 5.0], rtol=1e-12)
    assert_allclose(out.debt_end_usd_bn[:, 0], 100.0, rtol=1e-12)


def test_bullet_rolled_at_the_seed_yield() -> None:
    # the seed's example: refinancing $100bn at 14.44% instead of 3% costs $14.44bn a year
    seed_yield = (103.0 - 90.0) / 90.0 * 100.0
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(seed_yield, 24)
    out = fiscal.run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(24))
    _, by_fy = fiscal.to_fiscal_years(out.interest_usd_bn, np.repeat([2026, 2027], 12))
    assert_allclose(by_fy[:, 0], [3.0, 14.444444444], rtol=1e-9)


def test_capitalised_interest_compounds_in_closed_form() -> None:
    # borrowing each month's interest in 2-year notes at 5%: I_t = 0.25 (1 + 0.05/12)^t before the rollover
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(5.0, 24)
    out = fiscal.run_engine(plan, y, short)
    t = np.arange(12)
    assert_allclose(out.interest_usd_bn[:12, 0], 0.25 * (1.0 + 0.05 / 12.0) ** t, rtol=1e-12)
    # and the debt grows by exactly the interest borrowed
    assert_allclose(out.debt_end_usd_bn[:, 0] - 100.0, np.cumsum(out.interest_usd_bn[:, 0]), rtol=1e-12)


def test_zero_coupon_cohort() -> None:
    # a zero-coupon cohort accrues nothing until it matures (end of month 5), then costs the new rate
    plan = rolled_into(one_cohort(100.0, 0.0, 5), 12)
    y, short = flat(4.0, 12)
    out = fiscal.run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(12))
    assert_allclose(out.interest_usd_bn[:6, 0], 0.0, atol=0.0)
    assert_allclose(out.interest_usd_bn[6:, 0], 100.0 * 4.0 / 1200.0, rtol=1e-12)


def test_frn_floats_and_tips_accrete() -> None:
    frn = one_cohort(50.0, np.nan, 30, "frn_2y")
    plan = fiscal.EnginePlan(
        fiscal.legacy_paths(frn, 6), np.tile(np.eye(K)[1], (6, 1)), *(np.zeros(6),) * 3, 0.1
    )
    y, _ = flat(4.0, 6)
    short = np.array([[4.0], [4.0], [5.0], [5.0], [3.0], [3.0]])
    out = fiscal.run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(6))
    assert_allclose(out.interest_usd_bn[:, 0], 50.0 * (short[:, 0] + 0.1) / 1200.0, rtol=1e-12)
    tips = one_cohort(80.0, 1.0, 30, "tips_10y")
    inflation = np.full(6, 2.5)
    plan = fiscal.EnginePlan(
        fiscal.legacy_paths(tips, 6), np.tile(np.eye(K)[1], (6, 1)), *(np.zeros(6),) * 2, inflation, 0.0
    )
    out = fiscal.run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(6))
    assert_allclose(out.interest_usd_bn[:, 0], 80.0 * (1.0 + 2.5) / 1200.0, rtol=1e-12)


def test_buybacks_retire_coupons_pro_rata() -> None:
    legacy = one_cohort(100.0, 3.0, 60)
    bb = np.zeros(12)
    bb[2] = 25.0
    paths = fiscal.legacy_paths(legacy, 12, bb)
    assert_allclose(paths.outstanding_end[:2], 100.0)
    assert_allclose(paths.outstanding_end[2:], 75.0)
    # bought back at the end of month 2: month 2 still accrues on 100, month 3 on 75
    assert_allclose(paths.fixed_interest[2:4], [100.0 * 3 / 1200, 75.0 * 3 / 1200], rtol=1e-12)
    with pytest.raises(ValueError, match="exceed the eligible"):
        fiscal.legacy_paths(legacy, 12, np.full(12, 30.0))


# --------------------------------------------------------------------------------------------------
# engine properties on the real baseline
# --------------------------------------------------------------------------------------------------


def test_debt_identity(setup: fiscal.FiscalSetup) -> None:
    base = setup.base
    start = fiscal.starting_marketable_usd_bn(setup.baseline)
    previous = np.concatenate([[start], base.debt_end_usd_bn[:-1, 0]])
    # debt changes by gross issuance less maturities, every month ($bn, rounding only)
    net_issuance = base.issuance_usd_bn[:, 0] - base.maturing_usd_bn[:, 0]
    assert_allclose(base.debt_end_usd_bn[:, 0] - previous, net_issuance, atol=1e-6)


@settings(max_examples=5, deadline=None)
@given(draw=st.integers(min_value=0, max_value=63))
def test_one_draw_equals_its_column_of_many(setup: fiscal.FiscalSetup, draw: int) -> None:
    rng = np.random.default_rng(7)
    T = setup.horizon
    y = setup.base_instrument_yields()[:, None, :] + rng.normal(0.0, 0.5, (T, 64, 1))
    short = y[:, :, fiscal.INSTRUMENT_NAMES.index("bill_3m")]
    many = fiscal.run_engine(setup.plan, y, short)
    one = fiscal.run_engine(setup.plan, y[:, draw : draw + 1], short[:, draw : draw + 1])
    # vectorising across draws must not change one draw's arithmetic at all
    assert np.array_equal(many.interest_usd_bn[:, draw], one.interest_usd_bn[:, 0])


def test_engine_rejects_bad_shapes(setup: fiscal.FiscalSetup) -> None:
    y = setup.base_instrument_yields()[:, None, :]
    with pytest.raises(ValueError, match="short_rate_pct"):
        fiscal.run_engine(setup.plan, y, np.zeros((3, 1)))
    with pytest.raises(ValueError, match="reference_interest"):
        fiscal.run_engine(setup.plan, y, y[:, :, 0], capitalise_interest=False)


def test_instrument_yields_interpolate_in_log_maturity() -> None:
    curve = np.array([[3.0, 3.2, 3.4, 3.7, 4.0, 4.5]])
    inst = fiscal.instrument_yields(curve)[0]
    idx = fiscal.INSTRUMENT_NAMES.index
    assert inst[idx("note_2y")] == 3.4 and inst[idx("note_10y")] == 4.0 and inst[idx("bond_30y")] == 4.5
    frac = (np.log(7) - np.log(5)) / (np.log(10) - np.log(5))
    assert_allclose(inst[idx("note_7y")], 3.7 + frac * 0.3, rtol=1e-14)
    assert_allclose(inst, (curve @ fiscal.TENOR_TO_INSTRUMENT)[0], rtol=1e-14)


def test_monthly_curve_converts_the_bill_to_bond_equivalent(yields: pd.DataFrame) -> None:
    curve = fiscal.monthly_curve(yields)
    raw = yields[(yields["tenor"] == "3m") & (yields["date"] == pd.Timestamp("2025-04-01"))][
        "yield_pct"
    ].iloc[0]
    assert_allclose(
        curve.loc[pd.Timestamp("2025-04-01"), "3m"], bill_bey_from_discount(raw, 91.0), rtol=1e-12
    )
    assert list(curve.columns) == list(TENORS)
    with pytest.raises(ValueError, match="unknown tenors"):
        fiscal.monthly_curve(
            pd.DataFrame({"date": [pd.Timestamp("2020-01-01")], "tenor": ["15y"], "yield_pct": [1.0]})
        )


# --------------------------------------------------------------------------------------------------
# the legacy rebuild and the binding CBO check
# --------------------------------------------------------------------------------------------------


def test_legacy_rebuild_hits_the_calibration_targets(setup: fiscal.FiscalSetup) -> None:
    diag = setup.legacy.diagnostics.set_index("fact")
    # calibrated (2 parameters, 2 targets): Treasury's WAM (72 months) and the share maturing in a year
    assert_allclose(diag.loc["wam_months", "model"], 72.0, atol=0.25)
    assert_allclose(diag.loc["maturing_within_1y_pct", "model"], 32.72, atol=0.2)
    # by construction: each type's amount is its MSPD share of the starting stock
    debt = setup.baseline.debt
    start = fiscal.starting_marketable_usd_bn(setup.baseline)
    for stype, amount in setup.legacy.type_amounts_usd_bn().items():
        assert_allclose(amount, debt.type_shares()[stype] * start, rtol=1e-9)
    # checks, not targets: average coupons by type vs Fiscal Data (30 April 2025), within 15 bp
    for stype in ("bills", "notes", "bonds"):
        assert_allclose(diag.loc[f"avg_rate_{stype}_pct", "model"], debt.avg_rate_pct[stype], atol=0.15)


def test_low_coupon_2020_21_debt_is_rolling_over(setup: fiscal.FiscalSetup) -> None:
    c = setup.legacy.cohorts
    pandemic = c[
        (c["issue_month"] >= "2020-04-01") & (c["issue_month"] <= "2021-12-01") & (c["kind"] == "fixed")
    ]
    amount = pandemic["amount_usd_bn"]
    assert amount.sum() > 1500.0  # a large block of the notes and bonds outstanding
    # issued when the 10-year yielded 0.6–1.7%: a low average coupon (the 30-year reached ~2% at most)
    assert (amount * pandemic["coupon_pct"]).sum() / amount.sum() < 1.2
    assert pandemic["coupon_pct"].max() < 2.5
    # most of it matures inside the projection window, at rates well above its coupons
    inside = pandemic[pandemic["months_to_maturity"] < 120]["amount_usd_bn"].sum()
    assert inside / amount.sum() > 0.6


def test_binding_check_against_cbo(setup: fiscal.FiscalSetup) -> None:
    check = fiscal.baseline_check(setup).set_index("fy")
    # the binding check: FY2026 and FY2035 net interest within ±10% of CBO's $1,010bn and $1,783bn
    for fy, cbo in ((2026, 1010.0), (2035, 1783.0)):
        assert check.loc[fy, "cbo_net_interest_usd_bn"] == cbo
        assert abs(check.loc[fy, "model_net_interest_usd_bn"] / cbo - 1.0) <= 0.10
    assert check["within_tolerance"].all()
    # the debt path stays on CBO's (the engine borrows CBO's deficits): within 1% at the end of FY2035
    assert_allclose(check.loc[2035, "model_debt_held_by_public_usd_bn"], 52_056.0, rtol=0.01)


def test_binding_check_matches_golden_numbers(setup: fiscal.FiscalSetup) -> None:
    # regression guard: tests/results/golden.json (see its README for where each number comes from)
    expected = golden()["baseline_net_interest_usd_bn"]
    assert isinstance(expected, dict)
    check = fiscal.baseline_check(setup).set_index("fy")
    for fy, value in expected.items():
        assert_allclose(check.loc[int(fy), "model_net_interest_usd_bn"], value, rtol=0.005)


def test_bridge_reproduces_cbo_base_year(setup: fiscal.FiscalSetup) -> None:
    b = setup.bridge
    total = b.marketable_run_rate_usd_bn + b.tips_accretion_usd_bn + b.nonmarketable_interest_usd_bn
    assert_allclose(total + b.other_net_interest_base_usd_bn, 952.0, rtol=1e-12)  # CBO FY2025
    # the residual is small: under 3% of net interest, i.e. the bridge is not doing the model's work
    assert abs(b.other_net_interest_base_usd_bn) < 0.03 * 952.0


def test_baseline_paths(setup: fiscal.FiscalSetup) -> None:
    p = setup.paths
    assert len(p.months) == 120 and p.months[0] == pd.Timestamp("2025-10-01")
    assert list(np.unique(p.fy)) == list(range(2026, 2036))
    # CBO's deficits less net interest: FY2026 primary deficit $703bn (CBO "By the Numbers": 703)
    assert_allclose(p.primary_deficit_usd_bn[:12].sum(), 703.0, rtol=1e-12)
    assert_allclose(p.tenor_yields_pct[:, TENORS.index("30y")] - p.tenor_yields_pct[:, TENORS.index("10y")],
                    p.spread_30y_10y_pct)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# decomposition and sensitivity
# --------------------------------------------------------------------------------------------------


def test_snowball_is_the_capitalisation_difference_and_positive(setup: fiscal.FiscalSetup) -> None:
    T = setup.horizon
    base_y = setup.base_instrument_yields()[:, None, :]
    base_short = setup.paths.tenor_yields_pct[:, TENORS.index("3m")][:, None]
    scen_y, scen_short = base_y + 0.5, base_short + 0.5
    dec = fiscal.decompose(
        setup.plan, setup.paths.fy, base_y, base_short, scen_y, scen_short, setup.base.interest_usd_bn
    )
    full = fiscal.run_engine(setup.plan, scen_y, scen_short)
    nocap = fiscal.run_engine(setup.plan, scen_y, scen_short, capitalise_interest=False,
                              reference_interest_usd_bn=setup.base.interest_usd_bn[:, 0])  # fmt: skip
    _, snowball = fiscal.to_fiscal_years(full.interest_usd_bn - nocap.interest_usd_bn, setup.paths.fy)
    assert_allclose(dec.snowball_usd_bn, snowball, rtol=1e-12)
    assert (dec.snowball_usd_bn > 0).all()
    assert (dec.rollover_usd_bn > 0).all() and (dec.deficit_financing_usd_bn > 0).all()
    parts = dec.rollover_usd_bn + dec.deficit_financing_usd_bn + dec.snowball_usd_bn
    assert_allclose(parts, dec.total_usd_bn, rtol=1e-12)
    # the snowball grows: extra interest compounds on itself
    assert np.all(np.diff(dec.snowball_usd_bn[:, 0]) > 0)
    del T


def test_deficit_financing_equals_the_engine_run_on_new_money_alone(setup: fiscal.FiscalSetup) -> None:
    """The decomposition takes deficit financing as the remainder; check it against an independent run.

    Without capitalisation the engine is linear in its financing needs for given yields, so the remainder
    must equal the extra interest of a plan with no legacy debt that borrows the primary deficits and the
    baseline's interest, at scenario against baseline yields.
    """
    base_y = setup.base_instrument_yields()[:, None, :]
    base_short = setup.paths.tenor_yields_pct[:, TENORS.index("3m")][:, None]
    scen_y, scen_short = base_y + 0.5, base_short + 0.5
    dec = fiscal.decompose(
        setup.plan, setup.paths.fy, base_y, base_short, scen_y, scen_short, setup.base.interest_usd_bn
    )
    zero = np.zeros(setup.horizon)
    new_money_only = replace(setup.plan, legacy=fiscal.LegacyPaths(zero, zero, zero, zero, zero))
    reference = setup.base.interest_usd_bn[:, 0]

    def interest(yields: np.ndarray, short: np.ndarray) -> np.ndarray:
        return fiscal.run_engine(
            new_money_only, yields, short, capitalise_interest=False, reference_interest_usd_bn=reference
        ).interest_usd_bn

    _, expected = fiscal.to_fiscal_years(
        interest(scen_y, scen_short) - interest(base_y, base_short), setup.paths.fy
    )
    assert_allclose(dec.deficit_financing_usd_bn, expected, rtol=1e-9, atol=1e-9)


def test_sensitivity_plus_10bp(setup: fiscal.FiscalSetup) -> None:
    s10 = fiscal.rate_sensitivity(setup, 10.0)
    # CBO (Jan 2025, pub. 61249): its four 0.1-point scenarios raise 2026–35 deficits by $184bn–$388bn;
    # the interest-rate one is recalled as $351bn (UNCONFIRMED, tests/results/README.md)
    assert 184.0 <= s10.cumulative_usd_bn <= 388.0
    assert_allclose(s10.cumulative_usd_bn, golden()["sensitivity_plus_10bp_cumulative_usd_bn"], rtol=0.005)
    assert s10.fys == tuple(range(2026, 2036))
    assert np.all(np.diff(s10.delta_interest_usd_bn) > 0)  # more debt reprices every year
    # nearly linear; the snowball makes it slightly convex
    s20 = fiscal.rate_sensitivity(setup, 20.0)
    assert 2.0 * s10.cumulative_usd_bn < s20.cumulative_usd_bn < 2.02 * s10.cumulative_usd_bn
    assert fiscal.rate_sensitivity(setup, 0.0).cumulative_usd_bn == 0.0
    assert fiscal.rate_sensitivity(setup, -10.0).cumulative_usd_bn < 0.0


def test_sensitivity_json_contract(setup: fiscal.FiscalSetup) -> None:
    s = fiscal.rate_sensitivity(setup, 10.0)
    data = json.loads(json.dumps(s.to_dict()))
    assert data["cumulative_usd_bn"] == pytest.approx(s.cumulative_usd_bn)
    assert [row["fy"] for row in data["per_fiscal_year"]] == list(range(2026, 2036))
    assert sum(row["delta_interest_usd_bn"] for row in data["per_fiscal_year"]) == pytest.approx(
        s.cumulative_usd_bn
    )
    frame = s.frame("run-1")
    assert list(frame.columns) == list(fiscal.SENSITIVITY_COLUMNS) and set(frame["scenario"]) == {
        "rates+10bp"
    }


def test_rate_shift_override(setup: fiscal.FiscalSetup) -> None:
    shifted = fiscal.with_overrides(setup, fiscal.BaselineOverrides(rate_shift_bp=10.0))
    assert_allclose(shifted.paths.tenor_yields_pct - setup.paths.tenor_yields_pct, 0.1, rtol=1e-12)
    s = fiscal.rate_sensitivity(setup, 10.0)
    delta = shifted.base.interest_usd_bn.sum() - setup.base.interest_usd_bn.sum()
    assert_allclose(delta, s.cumulative_usd_bn, rtol=1e-9)
    assert fiscal.with_overrides(setup, fiscal.BaselineOverrides()) is setup
