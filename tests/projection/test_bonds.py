"""Bond arithmetic against closed forms, hand calculations and the seed's worked example."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from selloff.projection import bonds


def _price_by_summation(y_pct: float, c_pct: float, years: float, f: int) -> float:
    """Independent reference: discount every cash flow explicitly."""
    n = round(years * f)
    v = 1.0 / (1.0 + y_pct / 100.0 / f)
    return sum(100.0 * c_pct / 100.0 / f * v**k for k in range(1, n + 1)) + 100.0 * v**n


def test_seed_example_yield_from_price() -> None:
    # $100 face, 3% annual coupon, one year, bought at $90: (103 - 90) / 90 = 14.444…%
    assert_allclose(
        bonds.yield_from_price(90.0, 3.0, 1.0, frequency=1), (103.0 - 90.0) / 90.0 * 100.0, rtol=1e-10
    )


def test_seed_example_interest_cost() -> None:
    # $100bn at 3% costs $3bn a year; raised at the seed's 14.44% it costs $14.44bn
    assert_allclose(bonds.annual_interest_usd_bn(100.0, 3.0), 3.0, rtol=1e-12)
    seed_yield = bonds.yield_from_price(90.0, 3.0, 1.0, frequency=1)
    assert_allclose(bonds.annual_interest_usd_bn(100.0, seed_yield), 14.444444, rtol=1e-6)


@pytest.mark.parametrize(
    ("y", "c", "years", "f"), [(6.0, 5.0, 10.0, 2), (3.0, 3.0, 1.0, 1), (14.0, 0.0, 7.5, 2)]
)
def test_price_matches_cash_flow_sum(y: float, c: float, years: float, f: bonds.Frequency) -> None:
    assert_allclose(bonds.price_from_yield(y, c, years, f), _price_by_summation(y, c, years, f), rtol=1e-12)


def test_textbook_price() -> None:
    # 10-year 5% semiannual bond at a 6% yield: 92.56 per 100 (standard textbook value)
    assert_allclose(bonds.price_from_yield(6.0, 5.0, 10.0), 92.5613, atol=5e-5)


@pytest.mark.parametrize("f", [1, 2])
def test_par_bond_prices_at_par(f: bonds.Frequency) -> None:
    assert_allclose(bonds.price_from_yield(4.25, 4.25, 30.0, f), 100.0, rtol=1e-12)


def test_zero_coupon_closed_forms() -> None:
    y, years = 4.0, 8.0
    price = bonds.price_from_yield(y, 0.0, years, frequency=2)
    assert_allclose(price, 100.0 / (1.0 + y / 200.0) ** 16, rtol=1e-12)
    # a zero's Macaulay duration is its maturity; modified duration divides by (1 + y/f)
    assert_allclose(bonds.macaulay_duration(y, 0.0, years), years, rtol=1e-12)
    assert_allclose(bonds.modified_duration(y, 0.0, years), years / (1.0 + y / 200.0), rtol=1e-12)
    assert_allclose(bonds.yield_from_price(price, 0.0, years), y, rtol=1e-10)


def test_zero_yield_price_is_undiscounted_cash() -> None:
    assert_allclose(bonds.price_from_yield(0.0, 3.0, 5.0, 2), 115.0, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    y=st.floats(min_value=-0.5, max_value=25.0),
    c=st.floats(min_value=0.0, max_value=15.0),
    periods=st.integers(min_value=1, max_value=60),
    f=st.sampled_from([1, 2]),
)
def test_yield_price_round_trip(y: float, c: float, periods: int, f: int) -> None:
    years = periods / f
    price = bonds.price_from_yield(y, c, years, f)  # type: ignore[arg-type]
    assert_allclose(bonds.yield_from_price(price, c, years, f), y, atol=1e-8)  # type: ignore[arg-type]


def test_duration_and_convexity_match_numerical_derivatives() -> None:
    y, c, years, h = 4.0, 3.5, 10.0, 1e-3

    def p(x: float) -> float:
        return bonds.price_from_yield(x, c, years)

    d_num = -(p(y + h) - p(y - h)) / (2.0 * h / 100.0) / p(y)
    c_num = (p(y + h) - 2.0 * p(y) + p(y - h)) / (h / 100.0) ** 2 / p(y)
    assert_allclose(bonds.modified_duration(y, c, years), d_num, rtol=1e-6)
    assert_allclose(bonds.convexity(y, c, years), c_num, rtol=1e-4)


def test_vectorised_prices_match_scalar() -> None:
    ys = np.array([[3.0, 4.0], [5.0, 6.0]])
    out = bonds.price_from_yield(ys, 4.0, 5.0)
    expected = [[bonds.price_from_yield(float(v), 4.0, 5.0) for v in row] for row in ys]
    assert_allclose(out, expected, rtol=1e-13)


def test_bill_discount_and_bond_equivalent() -> None:
    d, days = 5.0, 91.0
    price = bonds.bill_price_from_discount(d, days)
    assert_allclose(price, 100.0 * (1.0 - 0.05 * 91.0 / 360.0), rtol=1e-12)
    assert_allclose(bonds.bill_discount_from_price(price, days), d, rtol=1e-12)
    # BEY = (100 - P)/P * 365/t, equivalently 365 d / (360 - d t)
    assert_allclose(
        bonds.bill_bey_from_discount(d, days), 365.0 * 0.05 / (360.0 - 0.05 * 91.0) * 100.0, rtol=1e-12
    )
    assert bonds.bill_bey_from_discount(d, days) > d  # the discount basis understates the yield


def test_long_bill_bond_equivalent_solves_treasury_formula() -> None:
    price, days = 95.0, 364.0
    y = bonds.bill_bey_from_price(price, days) / 100.0
    assert_allclose(price * (1.0 + y / 2.0) * (1.0 + y * (days - 182.5) / 365.0), 100.0, rtol=1e-12)


def test_bill_bond_equivalent_is_continuous_at_half_a_year() -> None:
    """Simple interest up to 182.5 days, Treasury's quadratic beyond: they meet at half a year."""
    price = 98.0
    at_half_year = bonds.bill_bey_from_price(price, 182.5)
    assert_allclose(at_half_year, (100.0 - price) / price * 365.0 / 182.5 * 100.0, rtol=1e-12)
    assert_allclose(bonds.bill_bey_from_price(price, 182.5 + 1e-6), at_half_year, rtol=1e-6)


def test_price_change_signs_and_convexity() -> None:
    assert bonds.par_bond_price_change_pct(4.0, 0.0, 10.0) == pytest.approx(0.0, abs=1e-12)
    down = bonds.par_bond_price_change_pct(4.0, 50.0, 10.0)
    d, cx = bonds.modified_duration(4.0, 4.0, 10.0), bonds.convexity(4.0, 4.0, 10.0)
    assert down < 0  # yields up, prices down
    assert_allclose(down, (-d * 0.005 + 0.5 * cx * 0.005**2) * 100.0, rtol=2e-3)
    assert bonds.bill_price_change_pct(4.0, 100.0, 91.0) < 0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: bonds.price_from_yield(4.0, 4.0, 1.3, 2), "whole number of coupon periods"),
        (lambda: bonds.price_from_yield(4.0, 4.0, 1.0, 3), "frequency"),  # type: ignore[arg-type]
        (lambda: bonds.yield_from_price(-5.0, 4.0, 1.0), "price must be positive"),
        (lambda: bonds.yield_from_price(0.9, 3.0, 1.0, 1), "below the bond's price at a 10,000% yield"),
        (lambda: bonds.bill_price_from_discount(4.0, 0.0), "days"),
    ],
)
def test_bad_inputs_raise(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
