"""Bond arithmetic: price ↔ yield for coupon bonds and bills, duration and convexity.

Pure functions, no state. Units: yields, coupons and discount rates in **percent per year** (4.25 means
4.25%); prices per 100 of face value unless ``face`` says otherwise; maturities in years (bonds) or days
(bills). Array inputs broadcast (numpy), so the Monte Carlo can reprice a whole draw × month grid at once.

Conventions
-----------
A coupon bond with annual coupon rate :math:`c`, yield :math:`y` (both as fractions here), ``f`` coupon
payments a year and :math:`n = f\\,T` whole periods left, priced on a coupon date:

.. math::

    P(y) = \\sum_{k=1}^{n} \\frac{100\\,c/f}{(1 + y/f)^k} + \\frac{100}{(1 + y/f)^n}

A Treasury bill is quoted on a **discount basis** :math:`d` (actual/360), and on a **bond-equivalent**
(investment) basis :math:`y_{be}` (actual/365) for comparison with coupon yields:

.. math::

    P = 100\\,(1 - d\\,t/360), \\qquad
    y_{be} = \\frac{365\\,d}{360 - d\\,t} \\quad (t \\le 182 \\text{ days})

(for longer bills the quadratic formula of the Treasury's bill-yield convention is used).
FRED's ``TB3MS`` and CBO's 3-month bill rate are on the discount basis; the ``GS*`` constant-maturity
yields and everything the projection uses are bond-equivalent.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
import numpy.typing as npt

Frequency = Literal[1, 2]
FloatArray = npt.NDArray[np.float64]
ArrayLike = float | FloatArray


def _periods(years: float, frequency: int) -> int:
    if frequency not in (1, 2):
        raise ValueError(f"frequency must be 1 (annual) or 2 (semiannual), got {frequency}")
    if not np.isfinite(years) or years <= 0:
        raise ValueError(f"years must be positive, got {years}")
    n = years * frequency
    if abs(n - round(n)) > 1e-9:
        raise ValueError(f"years={years} is not a whole number of coupon periods at frequency {frequency}")
    return round(n)


@overload
def price_from_yield(
    yield_pct: float, coupon_pct: float, years: float, frequency: Frequency = 2, face: float = 100.0
) -> float: ...
@overload
def price_from_yield(
    yield_pct: FloatArray, coupon_pct: ArrayLike, years: float, frequency: Frequency = 2, face: float = 100.0
) -> FloatArray: ...
def price_from_yield(
    yield_pct: ArrayLike, coupon_pct: ArrayLike, years: float, frequency: Frequency = 2, face: float = 100.0
) -> ArrayLike:
    """Price of a coupon bond on a coupon date, given its yield to maturity.

    Parameters
    ----------
    yield_pct, coupon_pct
        Yield to maturity and annual coupon rate, percent per year (arrays broadcast).
    years
        Time to maturity in years; must be a whole number of coupon periods.
    frequency
        Coupon payments per year: 1 (annual) or 2 (semiannual, the Treasury convention).
    face
        Face (redemption) value; the price is in the same units.

    Returns
    -------
    Price in units of ``face`` (per 100 by default).

    Notes
    -----
    Closed form of the sum in the module docstring, with :math:`v = (1 + y/f)^{-1}`:

    .. math::

        P = \\frac{c}{y}\\,F\\,(1 - v^n) + F\\,v^n \\quad (y \\ne 0), \\qquad
        P = F\\,(1 + n\\,c/f) \\quad (y = 0)
    """
    n = _periods(years, frequency)
    y = np.asarray(yield_pct, dtype=np.float64) / 100.0 / frequency
    c = np.asarray(coupon_pct, dtype=np.float64) / 100.0 / frequency
    if np.any(y <= -1.0):
        raise ValueError("yield_pct must exceed -100 * frequency")
    # expm1/log1p keep (1 - v^n)/y accurate for yields near zero (no cancellation)
    log_v_n = -n * np.log1p(y)
    v_n = np.exp(log_v_n)
    small = np.abs(y) < 1e-15
    safe_y = np.where(small, 1.0, y)
    annuity = np.where(small, float(n), -np.expm1(log_v_n) / safe_y)
    price = face * (c * annuity + v_n)
    return float(price) if price.ndim == 0 else price


def yield_from_price(
    price: float, coupon_pct: float, years: float, frequency: Frequency = 2, face: float = 100.0
) -> float:
    """Yield to maturity (percent per year) that prices a coupon bond at ``price``.

    Solved with :func:`scipy.optimize.brentq` on :math:`P(y) - \\text{price}`, which is strictly
    decreasing in :math:`y`, so the bracket ``(-99·f %, 10,000 %)`` holds exactly one root for any
    price between the bond's price at 10,000% and the undiscounted cash flows' limit near −99·f %
    (a price above the undiscounted cash flows gives a negative yield); a price outside that range,
    e.g. 0.9 for a one-year 3% bond, is a :class:`ValueError` naming it.

    Examples
    --------
    The seed's example: $100 face, 3% annual coupon, one year, bought at $90 —
    :math:`(103 - 90)/90 = 14.44\\%`.

    >>> round(yield_from_price(90.0, 3.0, 1.0, frequency=1), 4)
    14.4444
    """
    n = _periods(years, frequency)
    if not np.isfinite(price) or price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    del n  # validated above; the bracket below needs no period count

    def gap(y_pct: float) -> float:
        return price_from_yield(y_pct, coupon_pct, years, frequency, face) - price

    from scipy.optimize import brentq  # here: importing scipy.optimize costs every command ~0.5 s

    low, high = -99.0 * frequency, 10_000.0
    if gap(high) > 0:
        raise ValueError(f"price {price} is below the bond's price at a {high:,.0f}% yield: no yield")
    return float(brentq(gap, low, high, xtol=1e-12, rtol=1e-14, maxiter=500))


def _cash_flow_grid(
    yield_pct: ArrayLike, coupon_pct: ArrayLike, years: float, frequency: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    n = _periods(years, frequency)
    y = np.asarray(yield_pct, dtype=np.float64)[..., None] / 100.0 / frequency
    c = np.asarray(coupon_pct, dtype=np.float64)[..., None] / 100.0 / frequency
    k = np.arange(1, n + 1, dtype=np.float64)
    cash = np.broadcast_to(c * 100.0, np.broadcast(c, k).shape).copy()
    cash[..., -1] += 100.0
    disc = (1.0 + y) ** (-k)
    return k, cash, disc, y


def macaulay_duration(
    yield_pct: ArrayLike, coupon_pct: ArrayLike, years: float, frequency: Frequency = 2
) -> ArrayLike:
    """Macaulay duration in years: the present-value-weighted average time of the cash flows.

    .. math:: D_{mac} = \\frac{1}{P}\\sum_{k=1}^{n} \\frac{k}{f}\\,\\frac{CF_k}{(1+y/f)^k}
    """
    k, cash, disc, _ = _cash_flow_grid(yield_pct, coupon_pct, years, frequency)
    pv = cash * disc
    out = (pv * k / frequency).sum(axis=-1) / pv.sum(axis=-1)
    return float(out) if out.ndim == 0 else out


def modified_duration(
    yield_pct: ArrayLike, coupon_pct: ArrayLike, years: float, frequency: Frequency = 2
) -> ArrayLike:
    """Modified duration in years: :math:`-\\frac{1}{P}\\frac{dP}{dy} = D_{mac}/(1 + y/f)`.

    A yield rise of 1 bp lowers the price by about ``modified_duration / 100`` percent.
    """
    y = np.asarray(yield_pct, dtype=np.float64) / 100.0 / frequency
    out = np.asarray(macaulay_duration(yield_pct, coupon_pct, years, frequency)) / (1.0 + y)
    return float(out) if out.ndim == 0 else out


def convexity(
    yield_pct: ArrayLike, coupon_pct: ArrayLike, years: float, frequency: Frequency = 2
) -> ArrayLike:
    """Convexity in years²: :math:`\\frac{1}{P}\\frac{d^2P}{dy^2}`.

    .. math:: C = \\frac{1}{P\\,(1+y/f)^2}\\sum_{k=1}^{n} \\frac{k(k+1)}{f^2}\\,\\frac{CF_k}{(1+y/f)^k}

    so that :math:`\\Delta P / P \\approx -D_{mod}\\,\\Delta y + \\tfrac12 C\\,\\Delta y^2`.
    """
    k, cash, disc, y = _cash_flow_grid(yield_pct, coupon_pct, years, frequency)
    pv = cash * disc
    out = (pv * k * (k + 1)).sum(axis=-1) / (frequency**2) / pv.sum(axis=-1) / (1.0 + y[..., 0]) ** 2
    return float(out) if out.ndim == 0 else out


# --- bills -------------------------------------------------------------------------------------------


def _check_days(days: float) -> None:
    if not np.isfinite(days) or days <= 0 or days > 366:
        raise ValueError(f"bill days to maturity must be in (0, 366], got {days}")


def bill_price_from_discount(discount_pct: ArrayLike, days: float, face: float = 100.0) -> ArrayLike:
    """Bill price from its discount rate: :math:`P = F\\,(1 - d\\,t/360)`."""
    _check_days(days)
    out = face * (1.0 - np.asarray(discount_pct, dtype=np.float64) / 100.0 * days / 360.0)
    return float(out) if out.ndim == 0 else out


def bill_discount_from_price(price: float, days: float, face: float = 100.0) -> float:
    """Bill discount rate (percent) from its price: :math:`d = (F - P)/F \\cdot 360/t`."""
    _check_days(days)
    return (face - price) / face * 360.0 / days * 100.0


def bill_bey_from_price(price: ArrayLike, days: float, face: float = 100.0) -> ArrayLike:
    """Bond-equivalent (investment) yield of a bill, percent.

    For :math:`t \\le 182.5` days (half a year), simple interest on actual/365:
    :math:`y = (F - P)/P \\cdot 365/t`. For longer bills, the Treasury convention solves
    :math:`P\\,(1 + y/2)(1 + y\\,(t - 182.5)/365) = F` for :math:`y`.
    """
    _check_days(days)
    p = np.asarray(price, dtype=np.float64)
    if np.any(p <= 0) or np.any(p > face):
        raise ValueError("bill price must be in (0, face]")
    if days <= 182.5:  # the quadratic below degenerates (a = 0) at exactly half a year
        out = (face - p) / p * 365.0 / days
    else:
        a = days / (2.0 * 365.0) - 0.25
        b = days / 365.0
        c = (p - face) / p
        out = (-b + np.sqrt(b * b - 4.0 * a * c)) / (2.0 * a)
    out = out * 100.0
    return float(out) if np.ndim(out) == 0 else out


def bill_bey_from_discount(discount_pct: ArrayLike, days: float = 91.0) -> ArrayLike:
    """Bond-equivalent yield (percent) of a bill quoted at ``discount_pct`` with ``days`` to maturity.

    For the usual 13-week bill (91 days): :math:`y_{be} = 365\\,d / (360 - d\\,t)`.
    """
    return bill_bey_from_price(bill_price_from_discount(discount_pct, days), days)


def bill_price_from_bey(bey_pct: ArrayLike, days: float, face: float = 100.0) -> ArrayLike:
    """Price of a bill (``days`` ≤ 182) from its bond-equivalent yield: :math:`P = F/(1 + y\\,t/365)`."""
    _check_days(days)
    if days > 182:
        raise ValueError("bill_price_from_bey handles bills of up to 182 days")
    out = face / (1.0 + np.asarray(bey_pct, dtype=np.float64) / 100.0 * days / 365.0)
    return float(out) if out.ndim == 0 else out


def bill_modified_duration(bey_pct: ArrayLike, days: float) -> ArrayLike:
    """Modified duration (years) of a bill priced as :math:`F/(1 + y\\,t/365)`.

    .. math:: D_{mod} = \\frac{t/365}{1 + y\\,t/365}
    """
    _check_days(days)
    tau = days / 365.0
    out = tau / (1.0 + np.asarray(bey_pct, dtype=np.float64) / 100.0 * tau)
    return float(out) if out.ndim == 0 else out


# --- price changes and interest cost ----------------------------------------------------------------


def par_bond_price_change_pct(
    yield_pct: ArrayLike, shock_bp: ArrayLike, years: float, frequency: Frequency = 2
) -> ArrayLike:
    """Percent price change of a par bond when its yield moves by ``shock_bp`` basis points.

    The bond carries coupon = ``yield_pct`` (it priced at 100 before the move); full repricing, no
    duration approximation, so convexity is included:

    .. math:: \\frac{\\Delta P}{P} = P(y + \\Delta y;\\; c = y) / 100 - 1

    A positive ``shock_bp`` (yields rise — the sign convention of a sale) gives a negative change.
    """
    y = np.asarray(yield_pct, dtype=np.float64)
    shocked = y + np.asarray(shock_bp, dtype=np.float64) / 100.0
    out = np.asarray(price_from_yield(np.asarray(shocked), y, years, frequency)) - 100.0
    return float(out) if out.ndim == 0 else out


def bill_price_change_pct(bey_pct: ArrayLike, shock_bp: ArrayLike, days: float = 91.0) -> ArrayLike:
    """Percent price change of a bill when its bond-equivalent yield moves by ``shock_bp`` bp."""
    y = np.asarray(bey_pct, dtype=np.float64)
    before = np.asarray(bill_price_from_bey(y, days))
    after = np.asarray(bill_price_from_bey(y + np.asarray(shock_bp, dtype=np.float64) / 100.0, days))
    out = (after / before - 1.0) * 100.0
    return float(out) if out.ndim == 0 else out


def annual_interest_usd_bn(amount_usd_bn: ArrayLike, rate_pct: ArrayLike) -> ArrayLike:
    """Interest a year ($bn) on ``amount_usd_bn`` borrowed at ``rate_pct`` percent.

    The seed's example: $100bn at 3% costs $3bn a year; raised at 14.44%, $14.44bn.
    """
    out = np.asarray(amount_usd_bn, dtype=np.float64) * np.asarray(rate_pct, dtype=np.float64) / 100.0
    return float(out) if out.ndim == 0 else out
