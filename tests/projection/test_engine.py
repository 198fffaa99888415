"""The fiscal engine: closed forms on hand-made debt, properties on the real baseline, the decomposition."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from selloff.projection import fiscal
from selloff.projection.curve import INSTRUMENT_NAMES, INSTRUMENTS
from selloff.projection.engine import EnginePlan, decompose, run_engine, to_fiscal_years
from selloff.projection.legacy import LegacyDebt, LegacyPaths, legacy_paths, starting_marketable_usd_bn
from selloff.tenors import TENORS
from tests.projection.conftest import one_cohort

K = len(INSTRUMENTS)

# --------------------------------------------------------------------------------------------------
# closed forms on hand-made debt
# --------------------------------------------------------------------------------------------------


def rolled_into(legacy: LegacyDebt, horizon: int, instrument: str = "note_2y") -> EnginePlan:
    shares = np.zeros((horizon, K))
    shares[:, INSTRUMENT_NAMES.index(instrument)] = 1.0
    zero = np.zeros(horizon)
    return EnginePlan(legacy_paths(legacy, horizon), shares, zero, zero, zero, 0.0)


def flat(rate_pct: float, horizon: int, draws: int = 1) -> tuple[np.ndarray, np.ndarray]:
    return np.full((horizon, draws, K), rate_pct), np.full((horizon, draws), rate_pct)


def test_bullet_bond_rolled_at_a_known_rate() -> None:
    # $100bn at 3% maturing at the end of the first fiscal year, refinanced by a 2-year note at 5%; the
    # interest is paid, not borrowed (capitalisation off, reference 0): $3bn then $5bn a year exactly.
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(5.0, 24)
    out = run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(24))
    fys, by_fy = to_fiscal_years(out.interest_usd_bn, np.repeat([2026, 2027], 12))
    assert list(fys) == [2026, 2027]
    assert_allclose(by_fy[:, 0], [3.0, 5.0], rtol=1e-12)
    assert_allclose(out.debt_end_usd_bn[:, 0], 100.0, rtol=1e-12)


def test_bullet_rolled_at_the_seed_yield() -> None:
    # the seed's example: refinancing $100bn at 14.44% instead of 3% costs $14.44bn a year
    seed_yield = (103.0 - 90.0) / 90.0 * 100.0
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(seed_yield, 24)
    out = run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(24))
    _, by_fy = to_fiscal_years(out.interest_usd_bn, np.repeat([2026, 2027], 12))
    assert_allclose(by_fy[:, 0], [3.0, 14.444444444], rtol=1e-9)


def test_capitalised_interest_compounds_in_closed_form() -> None:
    # borrowing each month's interest in 2-year notes at 5%: I_t = 0.25 (1 + 0.05/12)^t before the rollover
    plan = rolled_into(one_cohort(100.0, 3.0, 11), 24)
    y, short = flat(5.0, 24)
    out = run_engine(plan, y, short)
    t = np.arange(12)
    assert_allclose(out.interest_usd_bn[:12, 0], 0.25 * (1.0 + 0.05 / 12.0) ** t, rtol=1e-12)
    # and the debt grows by exactly the interest borrowed
    assert_allclose(out.debt_end_usd_bn[:, 0] - 100.0, np.cumsum(out.interest_usd_bn[:, 0]), rtol=1e-12)


def test_zero_coupon_cohort() -> None:
    # a zero-coupon cohort accrues nothing until it matures (end of month 5), then costs the new rate
    plan = rolled_into(one_cohort(100.0, 0.0, 5), 12)
    y, short = flat(4.0, 12)
    out = run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(12))
    assert_allclose(out.interest_usd_bn[:6, 0], 0.0, atol=0.0)
    assert_allclose(out.interest_usd_bn[6:, 0], 100.0 * 4.0 / 1200.0, rtol=1e-12)


def test_frn_floats_and_tips_accrete() -> None:
    frn = one_cohort(50.0, np.nan, 30, "frn_2y")
    plan = EnginePlan(legacy_paths(frn, 6), np.tile(np.eye(K)[1], (6, 1)), *(np.zeros(6),) * 3, 0.1)
    y, _ = flat(4.0, 6)
    short = np.array([[4.0], [4.0], [5.0], [5.0], [3.0], [3.0]])
    out = run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(6))
    assert_allclose(out.interest_usd_bn[:, 0], 50.0 * (short[:, 0] + 0.1) / 1200.0, rtol=1e-12)
    tips = one_cohort(80.0, 1.0, 30, "tips_10y")
    inflation = np.full(6, 2.5)
    plan = EnginePlan(
        legacy_paths(tips, 6), np.tile(np.eye(K)[1], (6, 1)), *(np.zeros(6),) * 2, inflation, 0.0
    )
    out = run_engine(plan, y, short, capitalise_interest=False, reference_interest_usd_bn=np.zeros(6))
    assert_allclose(out.interest_usd_bn[:, 0], 80.0 * (1.0 + 2.5) / 1200.0, rtol=1e-12)


# --------------------------------------------------------------------------------------------------
# engine properties on the real baseline
# --------------------------------------------------------------------------------------------------


def test_debt_identity(setup: fiscal.FiscalSetup) -> None:
    base = setup.base
    start = starting_marketable_usd_bn(setup.baseline)
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
    short = y[:, :, INSTRUMENT_NAMES.index("bill_3m")]
    many = run_engine(setup.plan, y, short)
    one = run_engine(setup.plan, y[:, draw : draw + 1], short[:, draw : draw + 1])
    # vectorising across draws must not change one draw's arithmetic at all
    assert np.array_equal(many.interest_usd_bn[:, draw], one.interest_usd_bn[:, 0])


def test_engine_rejects_bad_shapes(setup: fiscal.FiscalSetup) -> None:
    y = setup.base_instrument_yields()[:, None, :]
    with pytest.raises(ValueError, match="short_rate_pct"):
        run_engine(setup.plan, y, np.zeros((3, 1)))
    with pytest.raises(ValueError, match="reference_interest"):
        run_engine(setup.plan, y, y[:, :, 0], capitalise_interest=False)


# --------------------------------------------------------------------------------------------------
# the decomposition
# --------------------------------------------------------------------------------------------------


def test_snowball_is_the_capitalisation_difference_and_positive(setup: fiscal.FiscalSetup) -> None:
    T = setup.horizon
    base_y = setup.base_instrument_yields()[:, None, :]
    base_short = setup.paths.tenor_yields_pct[:, TENORS.index("3m")][:, None]
    scen_y, scen_short = base_y + 0.5, base_short + 0.5
    dec = decompose(
        setup.plan, setup.paths.fy, base_y, base_short, scen_y, scen_short, setup.base.interest_usd_bn
    )
    full = run_engine(setup.plan, scen_y, scen_short)
    nocap = run_engine(setup.plan, scen_y, scen_short, capitalise_interest=False,
                              reference_interest_usd_bn=setup.base.interest_usd_bn[:, 0])  # fmt: skip
    _, snowball = to_fiscal_years(full.interest_usd_bn - nocap.interest_usd_bn, setup.paths.fy)
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
    dec = decompose(
        setup.plan, setup.paths.fy, base_y, base_short, scen_y, scen_short, setup.base.interest_usd_bn
    )
    zero = np.zeros(setup.horizon)
    new_money_only = replace(setup.plan, legacy=LegacyPaths(zero, zero, zero, zero, zero))
    reference = setup.base.interest_usd_bn[:, 0]

    def interest(yields: np.ndarray, short: np.ndarray) -> np.ndarray:
        return run_engine(
            new_money_only, yields, short, capitalise_interest=False, reference_interest_usd_bn=reference
        ).interest_usd_bn

    _, expected = to_fiscal_years(interest(scen_y, scen_short) - interest(base_y, base_short), setup.paths.fy)
    assert_allclose(dec.deficit_financing_usd_bn, expected, rtol=1e-9, atol=1e-9)
