"""The fiscal engine: marketable debt as cohorts, rolled month by month, interest by fiscal year.

Pure and vectorised across Monte Carlo draws: every function takes arrays/frames and explicit
parameters and returns new objects; nothing reads files, the clock, the environment or a global RNG.

Units and conventions
---------------------
Money in billions of dollars ($bn); yields, coupons and rates in percent per year, **bond-equivalent**
(the 3-month bill's discount rate is converted once, on the way in); months are labelled by their first
day and every flow happens at the **end** of its month. Fiscal years run October–September and are named
by the calendar year in which they end (FY2026 = October 2025 – September 2026). Net interest means CBO's
budget concept (never NIPA interest). Debt is marketable debt held by the public unless stated.

The recurrence (month :math:`t`, draw :math:`d`)
------------------------------------------------
Debt is a set of cohorts :math:`i` with amount :math:`A_i`, coupon :math:`c_i` and maturity month
:math:`m_i`. Interest accrues per cohort at its own rate on the stock outstanding at the end of the
previous month; floating-rate notes (FRNs) reset monthly to the 3-month bill rate plus a spread; TIPS
cost their real coupon plus inflation accretion on principal:

.. math::

    I_t = \\sum_{i:\\,m_i \\ge t} A_i\\,\\frac{c_i}{1200}
          + F_t\\,\\frac{r^{3m}_t + s}{1200} + P^{TIPS}_t\\,\\frac{\\pi_t}{1200}

Each month the Treasury must refinance maturing debt :math:`R_t`, the primary deficit and other means of
financing :math:`X_t` (CBO's), and the month's interest, and issues that amount across instruments
:math:`k` with gross issuance shares :math:`w_{t,k}` at that month's yields :math:`y_{t,k}`:

.. math::

    N_t = R_t + X_t + \\kappa\\,I_t + (1 - \\kappa)\\,I^{ref}_t, \\qquad
    N_{t,k} = w_{t,k}\\,N_t \\;(+\\,B_t \\text{ for bills}), \\qquad c_{new} = y_{t,k}

:math:`B_t` are buybacks financed with bills. :math:`\\kappa = 1` is the normal engine: interest is
borrowed and itself bears interest (the **snowball**). :math:`\\kappa = 0` ("interest capitalisation
off") borrows a reference interest path instead (the baseline's), so the debt stock is the reference's
and only the rates differ. The scenario-minus-baseline interest is decomposed exactly
(:func:`decompose`):

.. math::

    \\Delta I = \\underbrace{I^{\\kappa=0,\\,X=0}_{scen} - I^{\\kappa=0,\\,X=0}_{base}}_{\\text{rollover}}
              + \\underbrace{(I^{\\kappa=0}_{scen} - I_{base}) - \\text{rollover}}_{\\text{deficit financing}}
              + \\underbrace{I_{scen} - I^{\\kappa=0}_{scen}}_{\\text{snowball}}

where :math:`X = 0` runs the engine with no new money (the starting debt and its refinancing only).
Without capitalisation the engine is linear in its financing needs, so the three terms add up exactly.

Modelling choices (and why)
---------------------------
* **Start.** The projection starts in the first month of the baseline's first fiscal year (October 2025
  for ``cbo-2025-01``) from CBO's end-of-year debt held by the public less nonmarketable debt, so the
  engine's debt follows CBO's path when it borrows CBO's deficits.
* **Legacy cohorts** (:func:`rebuild_legacy`): past issuance simulated from 1980 at historical yields,
  each security type kept at its MSPD share, the within-type mix calibrated to Treasury's WAM and share
  maturing within a year. The 2020–21 pandemic borrowing is issued at the yields of 2020–21, so its
  low coupons roll off at today's rates exactly when their maturities say.
* **Issuance shares**: each instrument's share of gross issuance over the rebuild's last year, held
  fixed ("regular and predictable"): bills are about 84% of gross issuance and 21% of the stock; the
  bill share of the stock drifts from 21.3% to about 19.4% by the end of FY2035 in the baseline.
* **Curve**: CBO projects the 3-month bill and the 10-year note; 1-, 2- and 5-year yields are linear in
  log maturity between them, the 30-year is the 10-year plus its last-decade average spread, and every
  instrument (3-, 7-, 20-year…) is interpolated in log maturity from the six tenors.
* **TIPS**: legacy TIPS pay Fiscal Data's average TIPS rate (their real coupon) plus inflation accretion
  on principal (an interest outlay in the budget) at CBO's GDP-price-index inflation; new TIPS cost
  the nominal yield of their maturity (break-even inflation = expected inflation, no risk premium), so
  a sell-off that raises real yields raises their cost one for one.
* **FRNs**: two-year notes resetting monthly to the 3-month bill plus the spread observed at the Fiscal
  Data date (FRN average rate − bill yield, about 8 bp).
* **Net interest**: engine interest + :class:`InterestBridge` (nonmarketable debt and other net
  interest, derived for the base year and held by stated rules); the bridge does not move with a sale.
* **Cash flow timing**: deficits are spread evenly over each fiscal year's months; interest accrues on
  the stock at the end of the previous month and is financed at the end of the month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import least_squares

from selloff.projection.baselines import SECURITY_TYPES, Baseline, SecurityType
from selloff.projection.bonds import bill_bey_from_discount
from selloff.tenors import TENOR_YEARS, TENORS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
InstrumentKind = Literal["fixed", "frn", "tips"]

BILL_DAYS = 91.0
"""Days to maturity of the 13-week bill behind TB3MS and CBO's 3-month rate (discount → bond-equivalent)."""


def _cell(frame: pd.DataFrame, row: object, col: str) -> float:
    """One numeric cell (typed helper: ``DataFrame.at`` returns a scalar union to the type checker)."""
    value: Any = frame.at[row, col]
    return float(value)


# --------------------------------------------------------------------------------------------------
# instruments and curves
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instrument:
    """A security the Treasury issues: type, original maturity (months) and how its coupon behaves."""

    name: str
    security_type: SecurityType
    months: int
    kind: InstrumentKind

    @property
    def years(self) -> float:
        return self.months / 12.0


INSTRUMENTS: tuple[Instrument, ...] = (
    # One 3-month bill stands for the whole bill ladder (4- to 52-week): the gross-issuance-weighted
    # original maturity of the weekly/monthly bill auctions is about 13 weeks, so bill stock ≈ 3 months
    # of gross bill issuance, as in reality.
    Instrument("bill_3m", "bills", 3, "fixed"),
    Instrument("note_2y", "notes", 24, "fixed"),
    Instrument("note_3y", "notes", 36, "fixed"),
    Instrument("note_5y", "notes", 60, "fixed"),
    Instrument("note_7y", "notes", 84, "fixed"),
    Instrument("note_10y", "notes", 120, "fixed"),
    Instrument("bond_20y", "bonds", 240, "fixed"),
    Instrument("bond_30y", "bonds", 360, "fixed"),
    Instrument("tips_5y", "tips", 60, "tips"),
    Instrument("tips_10y", "tips", 120, "tips"),
    Instrument("tips_30y", "tips", 360, "tips"),
    Instrument("frn_2y", "frn", 24, "frn"),
)
INSTRUMENT_NAMES: tuple[str, ...] = tuple(i.name for i in INSTRUMENTS)
_K = len(INSTRUMENTS)
_MONTHS = np.array([i.months for i in INSTRUMENTS], dtype=np.int64)
_TYPE_INDEX = np.array([SECURITY_TYPES.index(i.security_type) for i in INSTRUMENTS], dtype=np.int64)
_IS_FRN = np.array([i.kind == "frn" for i in INSTRUMENTS])
_BILL = INSTRUMENT_NAMES.index("bill_3m")

TIPS_TENOR_WEIGHTS: Mapping[str, float] = {"tips_5y": 0.35, "tips_10y": 0.50, "tips_30y": 0.15}
"""Split of TIPS gross issuance (assumption: roughly the 2024–25 auction calendar — 5-year twice, 10-year
four times, 30-year twice a year; not in the snapshot). Only the maturity ladder of TIPS depends on it."""


def interpolation_matrix(
    target_years: Sequence[float] | FloatArray, source_years: Sequence[float] | FloatArray
) -> FloatArray:
    """Weights ``W`` (sources × targets) with ``y_target = y_source @ W``: linear in log maturity.

    Targets outside the source range take the nearest end (flat extrapolation).
    """
    src = np.log(np.asarray(source_years, dtype=np.float64))
    if np.any(np.diff(src) <= 0):
        raise ValueError("source maturities must be strictly increasing")
    w = np.zeros((len(src), len(target_years)))
    for j, years in enumerate(target_years):
        x = np.log(years)
        if x <= src[0]:
            w[0, j] = 1.0
        elif x >= src[-1]:
            w[-1, j] = 1.0
        else:
            hi = int(np.searchsorted(src, x))
            lo = hi - 1
            frac = (x - src[lo]) / (src[hi] - src[lo])
            w[lo, j], w[hi, j] = 1.0 - frac, frac
    return w


TENOR_YEARS_ARRAY = np.array([TENOR_YEARS[t] for t in TENORS])
TENOR_TO_INSTRUMENT: FloatArray = interpolation_matrix([i.years for i in INSTRUMENTS], TENOR_YEARS_ARRAY)
"""(6 tenors × instruments): an instrument's yield is log-maturity interpolated from the tenor curve."""


def monthly_curve(yields_monthly: pd.DataFrame) -> pd.DataFrame:
    """Month × tenor table of **bond-equivalent** yields (percent) from ``stg.yields_monthly``.

    Parameters
    ----------
    yields_monthly
        Columns ``date`` (month start), ``tenor`` (one of ``3m, 1y, 2y, 5y, 10y, 30y``), ``yield_pct``.
        The ``3m`` row is TB3MS, on a **discount** basis as FRED publishes it; it is converted to a
        bond-equivalent yield (:func:`selloff.projection.bonds.bill_bey_from_discount`, 91 days).

    Returns
    -------
    DataFrame indexed by month (every month from the first to the last in the input), columns
    :data:`~selloff.tenors.TENORS`. A tenor missing in a month (e.g. the 30-year in 2002–2006 in
    some copies) is filled by log-maturity interpolation across that month's other tenors.
    """
    needed = {"date", "tenor", "yield_pct"}
    if not needed <= set(yields_monthly.columns):
        raise ValueError(f"yields_monthly needs columns {sorted(needed)}, got {list(yields_monthly.columns)}")
    bad = set(yields_monthly["tenor"]) - set(TENORS)
    if bad:
        raise ValueError(f"yields_monthly has unknown tenors {sorted(bad)}; known: {TENORS}")
    wide = yields_monthly.pivot_table(index="date", columns="tenor", values="yield_pct", aggfunc="last")
    wide.index = pd.DatetimeIndex(wide.index).to_period("M").to_timestamp()
    wide = wide.reindex(columns=list(TENORS))
    full = pd.date_range(wide.index.min(), wide.index.max(), freq="MS")
    wide = wide.reindex(full)
    wide["3m"] = bill_bey_from_discount(wide["3m"].to_numpy(dtype=np.float64), BILL_DAYS)
    values = wide.to_numpy(dtype=np.float64)
    logs = np.log(TENOR_YEARS_ARRAY)
    for row in np.flatnonzero(np.isnan(values).any(axis=1)):
        ok = ~np.isnan(values[row])
        if ok.sum() >= 2:
            values[row, ~ok] = np.interp(logs[~ok], logs[ok], values[row, ok])
    return pd.DataFrame(values, index=full, columns=list(TENORS))


# --------------------------------------------------------------------------------------------------
# the baseline's monthly paths
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselinePaths:
    """Monthly inputs of the baseline projection (length ``T``: the baseline's projection window)."""

    months: pd.DatetimeIndex
    fy: IntArray
    tenor_yields_pct: FloatArray
    """(T, 6) bond-equivalent yields by tenor."""
    policy_rate_pct: FloatArray
    gdp_saar_usd_bn: FloatArray
    inflation_pct: FloatArray
    """Accretion rate of TIPS principal, percent a year: CBO's fiscal-year GDP price index growth
    (stand-in for CPI-U, which the snapshot lacks; CPI has run a few tenths above it)."""
    primary_deficit_usd_bn: FloatArray
    """Monthly primary deficit (positive = deficit): CBO's total deficit less net interest, / 12."""
    other_means_usd_bn: FloatArray
    """Monthly other means of financing: CBO's change in debt held by the public less its deficit, / 12."""
    spread_30y_10y_pct: float


def _quarterly_to_monthly(quarterly: pd.Series, months: pd.DatetimeIndex) -> FloatArray:
    """Quarterly averages → months, linear between quarter mid-months (flat beyond the ends)."""
    index = pd.DatetimeIndex(quarterly.index)
    mid = (index + pd.DateOffset(months=1)).to_numpy(dtype="datetime64[M]").astype(np.int64)
    target = months.to_numpy(dtype="datetime64[M]").astype(np.int64)
    return np.interp(target, mid, quarterly.to_numpy(dtype=np.float64))


def baseline_paths(baseline: Baseline, history: pd.DataFrame) -> BaselinePaths:
    """The baseline's monthly yield curve, policy rate, GDP, inflation and financing needs.

    * 3-month bill and 10-year note: CBO's quarterly paths, linear between quarter mid-months; the bill
      converted from discount to bond-equivalent.
    * 1-, 2- and 5-year: linear in log maturity between the 3-month and the 10-year (CBO projects only
      those two points).
    * 30-year: the 10-year plus the average 30y−10y spread of the 120 months before the start
      (``history``, from :func:`monthly_curve`).
    * Primary deficit and other means of financing per fiscal year from CBO's Table 1-1 (unadjusted
      basis, i.e. cash), spread evenly over the year's months (no intra-year seasonality).
    """
    start = baseline.start_month
    months = pd.date_range(start, periods=baseline.horizon_months, freq="MS")
    fy = np.asarray(months.year + (months.month >= 10), dtype=np.int64)
    econ = baseline.economic
    bill_disc = _quarterly_to_monthly(econ["tbill_3m_discount_pct"], months)
    y3m = np.asarray(bill_bey_from_discount(bill_disc, BILL_DAYS))
    y10 = _quarterly_to_monthly(econ["tnote_10y_pct"], months)
    window = history.loc[(history.index < start) & (history.index >= start - pd.DateOffset(months=120))]
    if len(window) < 60 or window[["10y", "30y"]].isna().any().any():
        raise ValueError("history must hold the 10y and 30y yields for the 120 months before the start")
    spread = float((window["30y"] - window["10y"]).mean())
    curve = np.empty((len(months), len(TENORS)))
    w = interpolation_matrix(TENOR_YEARS_ARRAY, [0.25, 10.0])
    curve[:] = np.column_stack([y3m, y10]) @ w
    curve[:, TENORS.index("30y")] = y10 + spread

    budget = baseline.budget
    deficit = -budget["total_deficit_usd_bn"]
    primary = deficit - budget["net_interest_usd_bn"]
    other = budget["debt_held_by_public_usd_bn"].diff() - deficit
    price = budget["gdp_price_index"]
    inflation = (price / price.shift(1) - 1.0) * 100.0
    return BaselinePaths(
        months=months,
        fy=fy,
        tenor_yields_pct=curve,
        policy_rate_pct=_quarterly_to_monthly(econ["fed_funds_pct"], months),
        gdp_saar_usd_bn=_quarterly_to_monthly(econ["gdp_usd_bn_saar"], months),
        inflation_pct=inflation.reindex(fy).to_numpy(dtype=np.float64),
        primary_deficit_usd_bn=primary.reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        other_means_usd_bn=other.reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        spread_30y_10y_pct=spread,
    )


# --------------------------------------------------------------------------------------------------
# legacy cohorts: rebuilt by simulating past issuance at historical yields
# --------------------------------------------------------------------------------------------------

REBUILD_START = pd.Timestamp("1980-01-01")
_BURN_IN_MONTHS = 360

# Months when an instrument was not issued, per Treasury's issuance history (dates of first issue or
# suspension, from Treasury announcements; approximate to the month): TIPS from January 1997, FRNs from
# January 2014, the 20-year bond again from May 2020, the 30-year suspended November 2001 – January 2006.
_AVAILABLE_FROM: Mapping[str, pd.Timestamp] = {
    "tips_5y": pd.Timestamp("1997-01-01"),
    "tips_10y": pd.Timestamp("1997-01-01"),
    "tips_30y": pd.Timestamp("1997-01-01"),
    "frn_2y": pd.Timestamp("2014-01-01"),
    "bond_20y": pd.Timestamp("2020-05-01"),
}
_SUSPENDED: Mapping[str, tuple[pd.Timestamp, pd.Timestamp]] = {
    "bond_30y": (pd.Timestamp("2001-11-01"), pd.Timestamp("2006-01-01")),
}


@dataclass(frozen=True)
class RebuildParams:
    """Within-type gross issuance mix of the rebuild (calibrated).

    Notes: weights over 2-, 3-, 5-, 7- and 10-year ∝ :math:`n^{\\theta}` (``note_tilt`` = θ; θ < 0 favours
    short notes). Bonds: ``bond_20y_share`` of bond issuance in the 20-year once it exists, the rest 30-year.
    """

    note_tilt: float
    bond_20y_share: float


@dataclass(frozen=True)
class LegacyDebt:
    """The marketable debt outstanding at the start, as cohorts, and how it was rebuilt.

    ``cohorts`` columns: ``instrument``, ``security_type``, ``kind``, ``issue_month``,
    ``months_to_maturity`` (0 = matures at the end of the first projected month), ``amount_usd_bn``,
    ``coupon_pct`` (TIPS: real coupon; FRN: NaN — floating).
    """

    start_month: pd.Timestamp
    cohorts: pd.DataFrame
    params: RebuildParams
    gross_shares: Mapping[str, float]
    """Each instrument's share of gross issuance over the rebuild's last 12 months: the baseline
    issuance shares of the projection ("regular and predictable" issuance, as in CBO's projections)."""
    frn_spread_pct: float
    """FRN rate minus the 3-month bill (bond-equivalent) at the Fiscal Data date."""
    diagnostics: pd.DataFrame
    """One row per calibration target or check: ``fact, target, model, units, as_of, source, role``."""

    def type_amounts_usd_bn(self) -> dict[str, float]:
        sums = self.cohorts.groupby("security_type")["amount_usd_bn"].sum()
        return {t: float(sums.get(t, 0.0)) for t in SECURITY_TYPES}


def _note_weights(tilt: float) -> dict[str, float]:
    years = {"note_2y": 2, "note_3y": 3, "note_5y": 5, "note_7y": 7, "note_10y": 10}
    raw = {k: float(v) ** tilt for k, v in years.items()}
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


@dataclass(frozen=True)
class _History:
    months: pd.DatetimeIndex
    issue_yields: FloatArray  # (n, K)
    volume: FloatArray  # (n,) target marketable debt, $bn, end of month
    available: npt.NDArray[np.bool_]  # (n, K)
    type_shares: FloatArray  # (5,)
    n_burn: int


def _history_inputs(baseline: Baseline, curve: pd.DataFrame, marketable_start: float) -> _History:
    end = baseline.start_month - pd.DateOffset(months=1)
    months = pd.date_range(REBUILD_START, end, freq="MS")
    missing = months.difference(pd.DatetimeIndex(curve.dropna().index))
    if len(missing):
        raise ValueError(
            f"yields_monthly lacks yields for {len(missing)} months needed to rebuild the legacy debt "
            f"(first: {missing[0]:%Y-%m}); it must cover {REBUILD_START:%Y-%m} to {end:%Y-%m}"
        )
    tenor = curve.loc[months].to_numpy(dtype=np.float64)
    issue_yields = tenor @ TENOR_TO_INSTRUMENT

    # FRED dates FYGFDPUN by quarter start; the value is the end of the quarter's last month
    hist = baseline.debt_history
    q_end = pd.DatetimeIndex(hist["date"]) + pd.DateOffset(months=2)
    x = q_end.to_numpy(dtype="datetime64[M]").astype(np.int64)
    t = months.to_numpy(dtype="datetime64[M]").astype(np.int64)
    dhp = np.interp(t, x, hist["debt_held_by_public_usd_bn"].to_numpy(dtype=np.float64))
    if x.max() < t.max():
        raise ValueError(f"the debt history ends before {end:%Y-%m}")
    volume = dhp * (marketable_start / dhp[-1])

    available = np.ones((len(months), _K), dtype=bool)
    for name, first in _AVAILABLE_FROM.items():
        available[:, INSTRUMENT_NAMES.index(name)] = months >= first
    for name, (lo, hi) in _SUSPENDED.items():
        available[:, INSTRUMENT_NAMES.index(name)] &= ~((months >= lo) & (months <= hi))

    shares = baseline.debt.type_shares()
    type_shares = np.array([shares[t] for t in SECURITY_TYPES])
    # burn-in: the first month repeated, so the 1980 stock starts with staggered maturities
    n_burn = _BURN_IN_MONTHS
    return _History(
        months=months,
        issue_yields=np.vstack([np.repeat(issue_yields[:1], n_burn, axis=0), issue_yields]),
        volume=np.concatenate([np.full(n_burn, volume[0]), volume]),
        available=np.vstack([np.repeat(available[:1], n_burn, axis=0), available]),
        type_shares=type_shares,
        n_burn=n_burn,
    )


def _within_type_weights(params: RebuildParams, available: npt.NDArray[np.bool_]) -> FloatArray:
    """(n, K) gross issuance weights within each type, renormalised over the instruments available."""
    base = np.zeros(_K)
    for name, w in _note_weights(params.note_tilt).items():
        base[INSTRUMENT_NAMES.index(name)] = w
    base[INSTRUMENT_NAMES.index("bond_20y")] = params.bond_20y_share
    base[INSTRUMENT_NAMES.index("bond_30y")] = 1.0 - params.bond_20y_share
    for name, w in TIPS_TENOR_WEIGHTS.items():
        base[INSTRUMENT_NAMES.index(name)] = w
    base[_BILL] = 1.0
    base[INSTRUMENT_NAMES.index("frn_2y")] = 1.0
    weights = np.where(available, base, 0.0)
    one_hot = np.eye(len(SECURITY_TYPES))[_TYPE_INDEX]  # (K, 5)
    totals = weights @ one_hot  # (n, 5)
    per_k = totals[:, _TYPE_INDEX]
    return np.divide(weights, per_k, out=np.zeros_like(weights), where=per_k > 0)


def _simulate_history(hist: _History, params: RebuildParams) -> FloatArray:
    """Gross issuance (n, K) of the rebuild: each month each security type is issued so that its stock
    returns to its share of the target total (stock targeting), split within the type by the weights."""
    n = len(hist.volume)
    within = _within_type_weights(params, hist.available)
    one_hot = np.eye(len(SECURITY_TYPES))[_TYPE_INDEX]
    type_ok = (within @ one_hot) > 0  # (n, 5): a type can be issued this month
    issued = np.zeros((n, _K))
    outstanding = np.zeros(_K)
    cols = np.arange(_K)
    for t in range(n):
        back = t - _MONTHS
        maturing = np.where(back >= 0, issued[np.maximum(back, 0), cols], 0.0)
        outstanding = outstanding - maturing
        stock_by_type = outstanding @ one_hot
        need = hist.volume[t] - outstanding.sum()
        if need > 0:
            shares = np.where(type_ok[t], hist.type_shares, 0.0)
            shares = shares / shares.sum()
            gaps = np.maximum(shares * hist.volume[t] - stock_by_type, 0.0)
            split = gaps / gaps.sum() if gaps.sum() > 0 else shares
            issued[t] = (split * need)[_TYPE_INDEX] * within[t]
            outstanding = outstanding + issued[t]
    return issued


def _alive(issued: FloatArray, at: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Cohorts outstanding at the end of month ``at``: (issue index, instrument index, months left − 1)."""
    s_idx, k_idx = np.nonzero(issued[: at + 1] > 0)
    left = s_idx + _MONTHS[k_idx] - at - 1
    keep = left >= 0
    return s_idx[keep], k_idx[keep], left[keep].astype(np.float64)


def _structure_facts(issued: FloatArray, at: int) -> tuple[float, float, float]:
    """(WAM months, % maturing within a year, bills % ) of the stock at the end of month ``at``."""
    s_idx, k_idx, left = _alive(issued, at)
    amount = issued[s_idx, k_idx]
    total = amount.sum()
    wam = float((amount * (left + 1.0)).sum() / total)
    within = float(amount[left <= 11].sum() / total * 100.0)
    bills = float(amount[_TYPE_INDEX[k_idx] == SECURITY_TYPES.index("bills")].sum() / total * 100.0)
    return wam, within, bills


def rebuild_legacy(baseline: Baseline, yields_monthly: pd.DataFrame) -> LegacyDebt:
    """Rebuild the marketable debt outstanding at the start from past issuance at historical yields.

    The past is simulated month by month from 1980 (after a 30-year burn-in at the 1980 curve): the
    stock follows debt held by the public (FRED FYGFDPUN, rescaled to the starting marketable stock);
    each month maturing debt and the change in the stock are issued at that month's yields, each
    security type keeping its MSPD share of the stock (TIPS from 1997, FRNs from 2014), split within the
    type by a mix whose two parameters (note tilt, 20-year share of bonds) are calibrated by least
    squares so the stock at the end of September 2025 has Treasury's weighted average maturity (72
    months) and share maturing within a year (32.7%). The cohorts are then scaled to the starting
    amounts by type. Checks (not targets): average coupons by type against Fiscal Data's average rates
    (30 April 2025) and the total marketable average rate (September 2025).

    Conventions: nominal cohorts carry the par yield of their month of issue as coupon; TIPS carry
    Fiscal Data's average TIPS rate (their real coupon) and accrete with inflation in the engine; FRNs
    float at the 3-month bill rate plus the spread observed on the Fiscal Data date.

    Parameters
    ----------
    baseline
        The baseline (starting amounts by type, facts, debt history).
    yields_monthly
        ``stg.yields_monthly`` as a frame (see :func:`monthly_curve`), covering 1980-01 to the month
        before the baseline's start.
    """
    debt = baseline.debt
    curve = monthly_curve(yields_monthly)
    marketable_start = starting_marketable_usd_bn(baseline)
    hist = _history_inputs(baseline, curve, marketable_start)
    end = hist.n_burn + len(hist.months) - 1
    facts = debt.facts
    wam_target = facts["wam_months"].value
    within_target = facts["maturing_within_1y_pct"].value

    def residuals(x: FloatArray) -> FloatArray:
        issued = _simulate_history(hist, RebuildParams(float(x[0]), float(x[1])))
        wam, within, _ = _structure_facts(issued, end)
        return np.array([(wam - wam_target) / 1.0, (within - within_target) / 0.5])

    fit = least_squares(residuals, x0=np.array([0.0, 0.4]), bounds=([-3.0, 0.0], [3.0, 1.0]), diff_step=1e-3)
    params = RebuildParams(float(fit.x[0]), float(fit.x[1]))
    issued = _simulate_history(hist, params)

    burn = pd.date_range(end=hist.months[0] - pd.DateOffset(months=1), periods=hist.n_burn, freq="MS")
    all_months = burn.append(hist.months)
    s_idx, k_idx, left = _alive(issued, end)
    amount = issued[s_idx, k_idx]
    coupon = hist.issue_yields[s_idx, k_idx].copy()
    coupon[_IS_FRN[k_idx]] = np.nan
    is_tips = np.array([INSTRUMENTS[k].kind == "tips" for k in k_idx])
    coupon[is_tips] = debt.avg_rate_pct["tips"]
    # scale each type to its starting amount (MSPD shares of the starting marketable stock)
    shares = debt.type_shares()
    for j, stype in enumerate(SECURITY_TYPES):
        mask = _TYPE_INDEX[k_idx] == j
        amount[mask] *= shares[stype] * marketable_start / amount[mask].sum()
    cohorts = pd.DataFrame(
        {
            "instrument": [INSTRUMENT_NAMES[k] for k in k_idx],
            "security_type": [INSTRUMENTS[k].security_type for k in k_idx],
            "kind": [INSTRUMENTS[k].kind for k in k_idx],
            "issue_month": all_months[s_idx],
            "months_to_maturity": left.astype(np.int64),
            "amount_usd_bn": amount,
            "coupon_pct": coupon,
        }
    ).sort_values(["months_to_maturity", "instrument"], ignore_index=True)

    last_year = issued[end - 11 : end + 1].sum(axis=0)
    gross_shares = {
        name: float(v) for name, v in zip(INSTRUMENT_NAMES, last_year / last_year.sum(), strict=True)
    }

    # FRN spread over the bill, and checks of average coupons at the Fiscal Data date
    rate_month = pd.Timestamp(debt.avg_rate_date).to_period("M").to_timestamp()
    frn_spread = debt.avg_rate_pct["frn"] - _cell(curve, rate_month, "3m")
    at_rates = hist.n_burn + int(np.flatnonzero(hist.months == rate_month)[0])
    wam, within, bills = _structure_facts(issued, end)
    diag = _diagnostics(baseline, issued, hist, at_rates, wam, within, bills, cohorts, curve, frn_spread)
    return LegacyDebt(
        start_month=baseline.start_month,
        cohorts=cohorts,
        params=params,
        gross_shares=gross_shares,
        frn_spread_pct=frn_spread,
        diagnostics=diag,
    )


def _diagnostics(
    baseline: Baseline,
    issued: FloatArray,
    hist: _History,
    at_rates: int,
    wam: float,
    within: float,
    bills: float,
    cohorts: pd.DataFrame,
    curve: pd.DataFrame,
    frn_spread: float,
) -> pd.DataFrame:
    debt = baseline.debt
    facts = debt.facts
    s_idx, k_idx, _ = _alive(issued, at_rates)
    amount = issued[s_idx, k_idx]
    coupon = hist.issue_yields[s_idx, k_idx]
    rows: list[dict[str, object]] = []

    def add(
        fact: str, target: float, model: float, units: str, as_of: object, source: str, role: str
    ) -> None:
        rows.append(
            {"fact": fact, "target": target, "model": model, "units": units, "as_of": str(as_of),
             "source": source, "role": role}
        )  # fmt: skip

    f = facts["wam_months"]
    add("wam_months", f.value, wam, f.units, f.as_of, f.source, "calibrated")
    f = facts["maturing_within_1y_pct"]
    add("maturing_within_1y_pct", f.value, within, f.units, f.as_of, f.source, "calibrated")
    f = facts["bills_share_pct"]
    add("bills_share_pct", f.value, bills, f.units, f.as_of, f.source, "matched by construction")
    for stype in ("bills", "notes", "bonds"):
        mask = _TYPE_INDEX[k_idx] == SECURITY_TYPES.index(stype)
        model = float((amount[mask] * coupon[mask]).sum() / amount[mask].sum())
        add(
            f"avg_rate_{stype}_pct", debt.avg_rate_pct[stype], model, "percent", debt.avg_rate_date,
            baseline.sources.get("avg_rates", ""), "check",
        )  # fmt: skip
    # total marketable average rate at the start: TIPS at the real coupon, FRNs at the current rate
    start_rate = cohorts["coupon_pct"].to_numpy(dtype=np.float64).copy()
    frn = cohorts["kind"].to_numpy() == "frn"
    last = baseline.start_month - pd.DateOffset(months=1)
    start_rate[frn] = _cell(curve, last, "3m") + frn_spread
    total_rate = float((cohorts["amount_usd_bn"] * start_rate).sum() / cohorts["amount_usd_bn"].sum())
    f = facts["total_marketable_avg_rate_pct"]
    add("total_marketable_avg_rate_pct", f.value, total_rate, f.units, f.as_of, f.source, "check")
    f = facts["total_marketable_usd_bn"]
    add(
        "total_marketable_usd_bn", f.value, float(cohorts["amount_usd_bn"].sum()), f.units, f.as_of,
        f.source + "; model = CBO end-FY debt held by the public less nonmarketable (MSPD)", "check",
    )  # fmt: skip
    return pd.DataFrame(rows)


def starting_marketable_usd_bn(baseline: Baseline) -> float:
    """Marketable debt held by the public at the start, $bn.

    CBO's debt held by the public at the end of the base fiscal year less nonmarketable debt held by
    the public (MSPD, held at its 30 April 2025 amount): the engine's debt then follows CBO's path.
    """
    dhp = _cell(baseline.budget, baseline.base_fy, "debt_held_by_public_usd_bn")
    return dhp - baseline.debt.nonmarketable_total_usd_bn


# --------------------------------------------------------------------------------------------------
# legacy cohorts as monthly paths (with optional buybacks)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyPaths:
    """Legacy debt over the projection, length-``T`` arrays ($bn)."""

    maturing: FloatArray
    """Principal maturing at the end of month t."""
    outstanding_end: FloatArray
    """Principal outstanding at the end of month t (after maturities and buybacks)."""
    fixed_interest: FloatArray
    """Interest accruing in month t on nominal fixed-coupon cohorts (and TIPS real coupons)."""
    frn_outstanding: FloatArray
    """FRN principal accruing in month t (rate set by the month's 3-month bill)."""
    tips_outstanding: FloatArray
    """TIPS principal accruing in month t (inflation accretion)."""


BUYBACK_MIN_MONTHS = 24
"""Buybacks retire legacy notes and bonds with at least this many months left (off-the-run coupons; the
short end is left to roll), pro rata, at par (a simplification: after a sell-off they trade below par)."""


def legacy_paths(legacy: LegacyDebt, horizon: int, buybacks_usd_bn: FloatArray | None = None) -> LegacyPaths:
    """Monthly paths of the legacy debt; ``buybacks_usd_bn`` (length ``horizon``) retire coupons.

    A buyback of :math:`B_t` at the end of month :math:`t` scales every eligible cohort (notes and
    bonds with at least :data:`BUYBACK_MIN_MONTHS` left) by :math:`1 - B_t / E_t`, :math:`E_t` their
    outstanding total; a cohort bought back at the end of month :math:`t` has accrued month :math:`t`.
    """
    c = legacy.cohorts
    left = c["months_to_maturity"].to_numpy(dtype=np.int64)
    amount = c["amount_usd_bn"].to_numpy(dtype=np.float64)
    coupon = np.nan_to_num(c["coupon_pct"].to_numpy(dtype=np.float64))
    kind = c["kind"].to_numpy()
    t = np.arange(horizon)
    # fraction of each cohort outstanding during month t, and at its end (after month t's buyback)
    during = np.ones((len(amount), horizon))
    after = np.ones((len(amount), horizon))
    if buybacks_usd_bn is not None:
        bb = np.asarray(buybacks_usd_bn, dtype=np.float64)
        if bb.shape != (horizon,) or np.any(bb < 0) or not np.all(np.isfinite(bb)):
            raise ValueError("buybacks_usd_bn must be finite, non-negative, one value per month")
        coupon_debt = c["security_type"].isin(["notes", "bonds"]).to_numpy()
        factor = np.ones(len(amount))
        for month in range(horizon):
            during[:, month] = factor
            if bb[month] > 0:
                eligible = coupon_debt & (left >= month + BUYBACK_MIN_MONTHS)
                pool = float((amount * factor)[eligible].sum())
                if bb[month] > pool:
                    raise ValueError(
                        f"buybacks in month {month} exceed the eligible legacy coupons ({pool:.0f}bn)"
                    )
                factor = np.where(eligible, factor * (1.0 - bb[month] / pool), factor)
            after[:, month] = factor
    live = amount[:, None] * (left[:, None] >= t[None, :]) * during
    return LegacyPaths(
        maturing=(amount[:, None] * (left[:, None] == t[None, :]) * during).sum(axis=0),
        outstanding_end=(amount[:, None] * (left[:, None] > t[None, :]) * after).sum(axis=0),
        fixed_interest=(live * ((kind != "frn") * coupon)[:, None]).sum(axis=0) / 1200.0,
        frn_outstanding=(live * (kind == "frn")[:, None]).sum(axis=0),
        tips_outstanding=(live * (kind == "tips")[:, None]).sum(axis=0),
    )


# --------------------------------------------------------------------------------------------------
# the engine
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnginePlan:
    """Everything deterministic in a projection (the same for every Monte Carlo draw)."""

    legacy: LegacyPaths
    issuance_shares: FloatArray
    """(T, K) gross issuance shares by instrument, rows summing to 1."""
    primary_need_usd_bn: FloatArray
    """(T,) primary deficit + other means of financing, $bn a month (after any consolidation)."""
    extra_bills_usd_bn: FloatArray
    """(T,) buybacks, financed with 3-month bills on top of the shares."""
    inflation_pct: FloatArray
    frn_spread_pct: float

    @property
    def horizon(self) -> int:
        return len(self.primary_need_usd_bn)


@dataclass(frozen=True)
class Confidence:
    """Debt/GDP → yields feedback (Laubach 2009: 3–4 bp, CBO 2019: 2–3 bp per point of debt/GDP).

    Each month the yields of new issues rise by ``bp_per_pct_debt_gdp`` × (debt/GDP − baseline debt/GDP,
    percentage points, as of the previous month) × the instrument's weight.
    """

    bp_per_pct_debt_gdp: float
    instrument_weights: FloatArray
    """(K,) weight per instrument (interpolated from per-tenor weights)."""
    short_rate_weight: float
    """Weight on the 3-month rate that FRNs reset to."""
    baseline_debt_pct_gdp: FloatArray
    """(T,) the baseline's debt (incl. nonmarketable) / GDP at the end of each month, percent."""
    gdp_saar_usd_bn: FloatArray
    nonmarketable_usd_bn: float


@dataclass(frozen=True)
class EngineResult:
    """Monthly engine output, arrays (T, D) in $bn (``D`` draws)."""

    interest_usd_bn: FloatArray
    """Interest accruing in month t on marketable debt held by the public."""
    debt_end_usd_bn: FloatArray
    """Marketable debt held by the public at the end of month t."""
    issuance_usd_bn: FloatArray
    maturing_usd_bn: FloatArray
    confidence_pp: FloatArray | None = None
    """(T, D) debt/GDP gap (pp) × bp per pp / 100: the confidence add-on (percent) before tenor weights."""


def run_engine(
    plan: EnginePlan,
    yields_pct: FloatArray,
    short_rate_pct: FloatArray,
    *,
    capitalise_interest: bool = True,
    reference_interest_usd_bn: FloatArray | None = None,
    confidence: Confidence | None = None,
) -> EngineResult:
    """Roll the debt forward month by month for ``D`` yield draws at once (see the module's recurrence).

    Parameters
    ----------
    plan
        The deterministic inputs.
    yields_pct
        (T, D, K) yields of new issues by instrument, percent (bond-equivalent). FRN columns are ignored.
    short_rate_pct
        (T, D) 3-month bill rate, percent: the FRN index.
    capitalise_interest
        ``False`` finances ``reference_interest_usd_bn`` (T,) or (T, D) instead of the month's own
        interest: the debt stock is then the reference's and the extra interest is not borrowed.
    confidence
        Optional debt/GDP → yields feedback (applied to new issues and FRN resets).

    Returns
    -------
    :class:`EngineResult`; nothing in ``plan`` or the inputs is modified.
    """
    T = plan.horizon
    # C order: numpy's row sums take the same (pairwise) path for every row only on contiguous rows,
    # which keeps one draw's arithmetic identical whatever the number of draws or the input's layout
    yields_pct = np.ascontiguousarray(yields_pct, dtype=np.float64)
    short_rate_pct = np.ascontiguousarray(short_rate_pct, dtype=np.float64)
    if yields_pct.ndim != 3 or yields_pct.shape[0] != T or yields_pct.shape[2] != _K:
        raise ValueError(f"yields_pct must have shape (T={T}, draws, {_K}), got {yields_pct.shape}")
    D = yields_pct.shape[1]
    if short_rate_pct.shape != (T, D):
        raise ValueError(f"short_rate_pct must have shape {(T, D)}, got {short_rate_pct.shape}")
    if not capitalise_interest:
        if reference_interest_usd_bn is None:
            raise ValueError("capitalise_interest=False needs reference_interest_usd_bn")
        ref = np.broadcast_to(np.asarray(reference_interest_usd_bn, dtype=np.float64).reshape(T, -1), (T, D))
    shares = plan.issuance_shares
    if shares.shape != (T, _K) or not np.allclose(shares.sum(axis=1), 1.0):
        raise ValueError("issuance_shares must be (T, K) with rows summing to 1")

    # maturity groups: instruments that mature inside the horizon, grouped by original maturity, so
    # each month adds one schedule entry per group (sums, not BLAS, keep one draw's arithmetic
    # identical whatever the number of draws)
    groups = [(int(m), np.flatnonzero(np.equal(_MONTHS, m))) for m in np.unique(_MONTHS) if m < T]
    fixed_share = np.where(_IS_FRN[None, :], 0.0, shares)  # (T, K)
    frn_col = int(np.flatnonzero(_IS_FRN)[0])
    frn_months = int(_MONTHS[frn_col])
    extra_bills = plan.extra_bills_usd_bn

    leg = plan.legacy
    sched_amount = np.zeros((T, D))
    sched_runrate = np.zeros((T, D))
    sched_frn = np.zeros((T, D))
    runrate = np.zeros(D)  # Σ amount × coupon of new fixed-coupon cohorts outstanding
    frn_new = np.zeros(D)
    new_out = np.zeros(D)
    out_interest = np.empty((T, D))
    out_debt = np.empty((T, D))
    out_issue = np.empty((T, D))
    out_mat = np.empty((T, D))
    out_conf = np.zeros((T, D))

    for t in range(T):
        y_t = yields_pct[t]
        short_t = short_rate_pct[t]
        if confidence is not None and t > 0:
            ratio = (
                (out_debt[t - 1] + confidence.nonmarketable_usd_bn)
                / confidence.gdp_saar_usd_bn[t - 1]
                * 100.0
            )
            shift = (ratio - confidence.baseline_debt_pct_gdp[t - 1]) * confidence.bp_per_pct_debt_gdp / 100.0
            y_t = y_t + shift[:, None] * confidence.instrument_weights[None, :]
            short_t = short_t + shift * confidence.short_rate_weight
            out_conf[t] = shift
        interest = (
            leg.fixed_interest[t]
            + leg.tips_outstanding[t] * plan.inflation_pct[t] / 1200.0
            + (leg.frn_outstanding[t] + frn_new) * (short_t + plan.frn_spread_pct) / 1200.0
            + runrate / 1200.0
        )
        maturing = leg.maturing[t] + sched_amount[t]
        financed = interest if capitalise_interest else ref[t]
        need = maturing + plan.primary_need_usd_bn[t] + financed
        extra = extra_bills[t]
        yw = y_t * fixed_share[t][None, :]  # (D, K): coupon × share of each new fixed cohort
        bill_rr = extra * y_t[:, _BILL]
        runrate = runrate + need * yw.sum(axis=1) + bill_rr - sched_runrate[t]
        frn_add = need * shares[t, frn_col]
        frn_new = frn_new + frn_add - sched_frn[t]
        new_out = new_out + need + extra - sched_amount[t]
        for months, cols in groups:
            due = t + months
            if due < T:
                sched_amount[due] += need * shares[t, cols].sum()
                sched_runrate[due] += need * yw[:, cols].sum(axis=1)
                if _BILL in cols:
                    sched_amount[due] += extra
                    sched_runrate[due] += bill_rr
        if t + frn_months < T:
            sched_frn[t + frn_months] += frn_add
        out_interest[t] = interest
        out_debt[t] = leg.outstanding_end[t] + new_out
        out_issue[t] = need + extra
        out_mat[t] = maturing
    return EngineResult(
        out_interest, out_debt, out_issue, out_mat, out_conf if confidence is not None else None
    )


def _two_point(w: FloatArray) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    lo = np.argmax(w > 0, axis=0)
    hi = w.shape[0] - 1 - np.argmax(w[::-1] > 0, axis=0)
    cols = np.arange(w.shape[1])
    a = w[lo, cols]
    b = np.where(hi != lo, w[hi, cols], 0.0)
    return lo.astype(np.int64), hi.astype(np.int64), a, b


_LO, _HI, _A, _B = _two_point(TENOR_TO_INSTRUMENT)


def instrument_yields(tenor_yields_pct: FloatArray) -> FloatArray:
    """Instrument yields (..., K) from tenor yields (..., 6), linear in log maturity.

    Each instrument sits between two tenors, so this is two gathers and a weighted sum: elementwise,
    hence bit-identical for one draw or ten thousand (a BLAS product is not guaranteed to be).
    """
    y = np.asarray(tenor_yields_pct, dtype=np.float64)
    return y[..., _LO] * _A + y[..., _HI] * _B


# --------------------------------------------------------------------------------------------------
# bridge from interest on marketable debt to CBO's net interest
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestBridge:
    """CBO net interest = engine interest on marketable debt + this bridge ($bn a fiscal year).

    Derived for the base fiscal year from Treasury data, then held by a stated rule:

    * **nonmarketable debt held by the public** (savings bonds, SLGS, …): MSPD amounts × Fiscal Data
      average rates by class (30 April 2025), held constant in dollars (the stock has not trended);
    * **other net interest** (interest income on credit financing accounts and other investments,
      other interest; CBO's net interest is net of them): the residual of the base year — CBO's net
      interest less the run-rate interest on debt held by the public — held constant **as a share of GDP**.

    The run-rate is Σ by type (MSPD amount × Fiscal Data average rate) + TIPS principal × inflation
    (accretion is an interest outlay) at the Fiscal Data date, the middle of the base fiscal year.
    """

    base_fy: int
    cbo_net_interest_base_usd_bn: float
    marketable_run_rate_usd_bn: float
    tips_accretion_usd_bn: float
    nonmarketable_interest_usd_bn: float
    other_net_interest_base_usd_bn: float
    other_net_interest_pct_gdp: float

    def per_fy(self, gdp_usd_bn: FloatArray) -> FloatArray:
        """Bridge ($bn) for fiscal years with fiscal-year GDP ``gdp_usd_bn``."""
        return self.nonmarketable_interest_usd_bn + self.other_net_interest_pct_gdp / 100.0 * np.asarray(
            gdp_usd_bn
        )


def interest_bridge(baseline: Baseline) -> InterestBridge:
    """The :class:`InterestBridge` of ``baseline`` (base year: the fiscal year before the projection)."""
    debt, budget, base = baseline.debt, baseline.budget, baseline.base_fy
    run_rate = sum(debt.marketable_usd_bn[t] * debt.avg_rate_pct[t] / 100.0 for t in SECURITY_TYPES)
    price = budget["gdp_price_index"]
    inflation = float(price[base] / price[base - 1] - 1.0) * 100.0
    accretion = debt.marketable_usd_bn["tips"] * inflation / 100.0
    nonmkt = sum(v * debt.nonmarketable_avg_rate_pct[k] / 100.0 for k, v in debt.nonmarketable_usd_bn.items())
    cbo = _cell(budget, base, "net_interest_usd_bn")
    gdp = _cell(budget, base, "gdp_usd_bn")
    other = cbo - run_rate - accretion - nonmkt
    return InterestBridge(
        base_fy=base,
        cbo_net_interest_base_usd_bn=cbo,
        marketable_run_rate_usd_bn=float(run_rate),
        tips_accretion_usd_bn=float(accretion),
        nonmarketable_interest_usd_bn=float(nonmkt),
        other_net_interest_base_usd_bn=float(other),
        other_net_interest_pct_gdp=float(other / gdp * 100.0),
    )


# --------------------------------------------------------------------------------------------------
# setup: everything a baseline projection needs, built once per run
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineOverrides:
    """Changes to the baseline itself (both the comparison baseline and the scenario see them)."""

    rate_shift_bp: float = 0.0
    """All yields and the policy rate shifted by this many bp over the whole projection."""
    primary_deficit_shift_pct_gdp: float = 0.0
    """Primary deficit raised (positive) or cut by this share of GDP every fiscal year."""


@dataclass(frozen=True)
class FiscalSetup:
    """A baseline ready to project: monthly paths, legacy cohorts, engine plan, bridge, baseline run."""

    baseline: Baseline
    raw_paths: BaselinePaths
    """The baseline's own paths, before :class:`BaselineOverrides`."""
    paths: BaselinePaths
    """The paths projected (overrides applied)."""
    legacy: LegacyDebt
    plan: EnginePlan
    bridge: InterestBridge
    base: EngineResult
    """The baseline engine run (one draw)."""
    overrides: BaselineOverrides = field(default_factory=BaselineOverrides)

    @property
    def horizon(self) -> int:
        return self.plan.horizon

    @property
    def fys(self) -> tuple[int, ...]:
        return self.baseline.projection_fys

    def base_instrument_yields(self) -> FloatArray:
        """(T, K) baseline yields of new issues."""
        return instrument_yields(self.paths.tenor_yields_pct)

    def run_point(
        self, tenor_yields_pct: FloatArray | None = None, plan: EnginePlan | None = None
    ) -> EngineResult:
        """The engine for one deterministic tenor curve (T, 6) (default: the baseline's)."""
        curve = self.paths.tenor_yields_pct if tenor_yields_pct is None else tenor_yields_pct
        y = instrument_yields(curve)[:, None, :]
        short = curve[:, TENORS.index("3m")][:, None]
        return run_engine(plan or self.plan, y, short)


def build_setup(
    baseline: Baseline,
    yields_monthly: pd.DataFrame,
    *,
    legacy: LegacyDebt | None = None,
    overrides: BaselineOverrides | None = None,
) -> FiscalSetup:
    """Prepare ``baseline`` for projection: monthly paths, legacy cohorts, bridge and the baseline run.

    Rebuilding the legacy debt is the slow step (a fraction of a second); pass the ``legacy`` of an
    earlier setup to skip it, and use :func:`with_overrides` to change a prepared setup.
    """
    raw = baseline_paths(baseline, monthly_curve(yields_monthly))
    legacy = legacy or rebuild_legacy(baseline, yields_monthly)
    return _setup(baseline, raw, legacy, overrides or BaselineOverrides())


def with_overrides(setup: FiscalSetup, overrides: BaselineOverrides) -> FiscalSetup:
    """The same baseline with different :class:`BaselineOverrides` (no legacy rebuild)."""
    if overrides == setup.overrides:
        return setup
    return _setup(setup.baseline, setup.raw_paths, setup.legacy, overrides)


def _setup(baseline: Baseline, raw: BaselinePaths, legacy: LegacyDebt, ov: BaselineOverrides) -> FiscalSetup:
    paths = raw
    if ov.rate_shift_bp:
        # every rate moves, new issues and FRN resets included; fixed legacy coupons do not
        paths = replace(
            raw,
            tenor_yields_pct=raw.tenor_yields_pct + ov.rate_shift_bp / 100.0,
            policy_rate_pct=raw.policy_rate_pct + ov.rate_shift_bp / 100.0,
        )
    T = baseline.horizon_months
    gdp_fy = baseline.budget["gdp_usd_bn"].reindex(paths.fy).to_numpy(dtype=np.float64)
    primary = paths.primary_deficit_usd_bn + ov.primary_deficit_shift_pct_gdp / 100.0 * gdp_fy / 12.0
    shares = np.array([legacy.gross_shares[name] for name in INSTRUMENT_NAMES])
    plan = EnginePlan(
        legacy=legacy_paths(legacy, T),
        issuance_shares=np.repeat(shares[None, :], T, axis=0),
        primary_need_usd_bn=primary + paths.other_means_usd_bn,
        extra_bills_usd_bn=np.zeros(T),
        inflation_pct=paths.inflation_pct,
        frn_spread_pct=legacy.frn_spread_pct,
    )
    empty = EngineResult(np.zeros((T, 1)), np.zeros((T, 1)), np.zeros((T, 1)), np.zeros((T, 1)))
    setup = FiscalSetup(baseline, raw, paths, legacy, plan, interest_bridge(baseline), empty, ov)
    return replace(setup, base=setup.run_point())


# --------------------------------------------------------------------------------------------------
# fiscal-year results
# --------------------------------------------------------------------------------------------------


def to_fiscal_years(monthly: FloatArray, fy: IntArray) -> tuple[IntArray, FloatArray]:
    """Sum a (T, …) monthly array by fiscal year: returns (fys, (n_fy, …))."""
    fys, index = np.unique(fy, return_inverse=True)
    out = np.zeros((len(fys), *monthly.shape[1:]))
    np.add.at(out, index, monthly)
    return fys.astype(np.int64), out


def fy_end_values(monthly: FloatArray, fy: IntArray) -> FloatArray:
    """The value at the end of each fiscal year (last month of the year)."""
    fys = np.unique(fy)
    last = np.array([np.flatnonzero(fy == f)[-1] for f in fys])
    return monthly[last]


def net_interest_fy(setup: FiscalSetup, result: EngineResult) -> FloatArray:
    """CBO-concept net interest by fiscal year (n_fy, D): engine interest + :class:`InterestBridge`."""
    _, marketable = to_fiscal_years(result.interest_usd_bn, setup.paths.fy)
    gdp = setup.baseline.budget["gdp_usd_bn"].reindex(setup.fys).to_numpy(dtype=np.float64)
    return marketable + setup.bridge.per_fy(gdp)[:, None]


BASELINE_CHECK_COLUMNS: tuple[str, ...] = (
    "run_id",
    "baseline",
    "fy",
    "cbo_net_interest_usd_bn",
    "model_net_interest_usd_bn",
    "diff_usd_bn",
    "diff_pct",
    "within_tolerance",
    "model_marketable_interest_usd_bn",
    "bridge_usd_bn",
    "cbo_debt_held_by_public_usd_bn",
    "model_debt_held_by_public_usd_bn",
)
"""Columns of ``proj.baseline_check`` (key: run_id, baseline, fy)."""

BINDING_CHECK_FYS = (2026, 2035)
"""The fiscal years of the binding check on ``cbo-2025-01`` (CBO: $1,010bn and $1,783bn)."""


def baseline_check(
    setup: FiscalSetup, tolerance_pct: float = 10.0, *, run_id: str | None = None
) -> pd.DataFrame:
    """The model's baseline net interest beside CBO's, per fiscal year (the binding check: ±10%).

    Net interest is CBO's concept: engine interest on marketable debt plus the :class:`InterestBridge`.
    Columns: :data:`BASELINE_CHECK_COLUMNS` (``run_id`` empty unless given); debt held by the public
    includes nonmarketable debt, as CBO's does.
    """
    budget = setup.baseline.budget
    fys = np.array(setup.fys)
    model = net_interest_fy(setup, setup.base)[:, 0]
    _, marketable = to_fiscal_years(setup.base.interest_usd_bn, setup.paths.fy)
    cbo = budget["net_interest_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    debt_end = fy_end_values(setup.base.debt_end_usd_bn, setup.paths.fy)[:, 0] + (
        setup.baseline.debt.nonmarketable_total_usd_bn
    )
    diff = model - cbo
    return pd.DataFrame(
        {
            "run_id": run_id,
            "baseline": setup.baseline.name,
            "fy": fys,
            "cbo_net_interest_usd_bn": cbo,
            "model_net_interest_usd_bn": model,
            "diff_usd_bn": diff,
            "diff_pct": diff / cbo * 100.0,
            "within_tolerance": np.abs(diff / cbo * 100.0) <= tolerance_pct,
            "model_marketable_interest_usd_bn": marketable[:, 0],
            "bridge_usd_bn": model - marketable[:, 0],
            "cbo_debt_held_by_public_usd_bn": budget["debt_held_by_public_usd_bn"].reindex(fys).to_numpy(),
            "model_debt_held_by_public_usd_bn": debt_end,
        }
    )


# --------------------------------------------------------------------------------------------------
# decomposition and sensitivity
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decomposition:
    """Extra interest by fiscal year split into rollover, deficit financing and snowball ($bn, (n_fy, D))."""

    fys: IntArray
    total_usd_bn: FloatArray
    rollover_usd_bn: FloatArray
    deficit_financing_usd_bn: FloatArray
    snowball_usd_bn: FloatArray


def decompose(
    plan: EnginePlan,
    fy: IntArray,
    base_yields_pct: FloatArray,
    base_short_pct: FloatArray,
    scen_yields_pct: FloatArray,
    scen_short_pct: FloatArray,
    base_interest_usd_bn: FloatArray,
    confidence: Confidence | None = None,
) -> Decomposition:
    """Split scenario − baseline interest exactly into rollover, deficit financing and snowball.

    ``base_*`` are the baseline's (T, 1, K) / (T, 1) yields and (T, 1) interest; ``scen_*`` the
    scenario's (T, D, K) / (T, D) yields (before any confidence add-on, which ``confidence`` applies).

    * **snowball** = full engine − engine with interest capitalisation off (the reference interest,
      the baseline's, is borrowed instead): interest on borrowed extra interest; positive when rates rise.
      With the confidence channel on it also holds that channel's whole add-on: without capitalisation
      the debt path is the baseline's, so the add-on exists only because extra interest was borrowed
      (the debt → yields → interest feedback is itself a snowball).
    * **rollover** = the extra interest on the debt outstanding at the start and on everything issued
      to refinance it (the engine run with no new money: primary need, buybacks and interest set to
      zero), at scenario minus baseline yields.
    * **deficit financing** = the rest of the no-capitalisation difference: the extra interest on debt
      issued for new deficits and its refinancing (and any change of plan, e.g. consolidation).

    Without capitalisation the engine is linear in its financing needs for given yields, so the split is
    exact: ``rollover + deficit_financing + snowball = total``.
    """
    ref = base_interest_usd_bn[:, 0]
    full = run_engine(plan, scen_yields_pct, scen_short_pct, confidence=confidence)
    nocap = run_engine(
        plan, scen_yields_pct, scen_short_pct, capitalise_interest=False, reference_interest_usd_bn=ref,
        confidence=confidence,
    )  # fmt: skip
    zero = np.zeros(plan.horizon)
    refinance_only = replace(plan, primary_need_usd_bn=zero, extra_bills_usd_bn=zero)
    roll_scen = run_engine(
        refinance_only,
        scen_yields_pct,
        scen_short_pct,
        capitalise_interest=False,
        reference_interest_usd_bn=zero,
    )
    roll_base = run_engine(
        refinance_only,
        base_yields_pct,
        base_short_pct,
        capitalise_interest=False,
        reference_interest_usd_bn=zero,
    )
    fys, total = to_fiscal_years(full.interest_usd_bn - base_interest_usd_bn, fy)
    _, snowball = to_fiscal_years(full.interest_usd_bn - nocap.interest_usd_bn, fy)
    _, rollover = to_fiscal_years(roll_scen.interest_usd_bn - roll_base.interest_usd_bn, fy)
    return Decomposition(fys, total, rollover, total - snowball - rollover, snowball)


SENSITIVITY_COLUMNS: tuple[str, ...] = (
    "run_id",
    "scenario",
    "baseline",
    "shift_bp",
    "fy",
    "delta_interest_usd_bn",
    "cumulative_delta_usd_bn",
)
"""Columns of ``proj.sensitivity`` (key: run_id, scenario, fy)."""


@dataclass(frozen=True)
class Sensitivity:
    """All rates ``shift_bp`` higher, permanently, from the first projected month."""

    baseline: str
    shift_bp: float
    fys: tuple[int, ...]
    delta_interest_usd_bn: tuple[float, ...]
    """Extra net interest per fiscal year = the deficit increase (debt service included)."""
    cumulative_usd_bn: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (contract of ``selloff sensitivity --json``): ``cumulative_usd_bn`` and a
        per-fiscal-year list."""
        return {
            "baseline": self.baseline,
            "shift_bp": self.shift_bp,
            "cumulative_usd_bn": self.cumulative_usd_bn,
            "first_fy": self.fys[0],
            "last_fy": self.fys[-1],
            "per_fiscal_year": [
                {"fy": fy, "delta_interest_usd_bn": d}
                for fy, d in zip(self.fys, self.delta_interest_usd_bn, strict=True)
            ],
        }

    @property
    def label(self) -> str:
        """The ``scenario`` key of ``proj.sensitivity`` rows, e.g. ``rates+10bp``."""
        return f"rates{self.shift_bp:+g}bp"

    def frame(self, run_id: str | None = None) -> pd.DataFrame:
        """Rows of ``proj.sensitivity`` (:data:`SENSITIVITY_COLUMNS`)."""
        d = np.array(self.delta_interest_usd_bn)
        return pd.DataFrame(
            {
                "run_id": run_id,
                "scenario": self.label,
                "baseline": self.baseline,
                "shift_bp": self.shift_bp,
                "fy": list(self.fys),
                "delta_interest_usd_bn": d,
                "cumulative_delta_usd_bn": np.cumsum(d),
            },
            columns=list(SENSITIVITY_COLUMNS),
        )


def rate_sensitivity(setup: FiscalSetup, shift_bp: float) -> Sensitivity:
    """The cumulative deficit increase over the baseline's ten fiscal years if every rate — bills,
    notes, bonds, FRN resets and TIPS real yields on new issues — is ``shift_bp`` bp higher for good.

    Comparable with CBO's rule of thumb (rates 0.1 point higher each year); fixed coupons on legacy debt
    do not change, TIPS accretion does not change (inflation is unchanged).
    """
    if not np.isfinite(shift_bp):
        raise ValueError(f"shift_bp must be finite, got {shift_bp}")
    shifted = setup.run_point(tenor_yields_pct=setup.paths.tenor_yields_pct + shift_bp / 100.0)
    fys, delta = to_fiscal_years(shifted.interest_usd_bn - setup.base.interest_usd_bn, setup.paths.fy)
    per_fy = tuple(float(v) for v in delta[:, 0])
    return Sensitivity(
        baseline=setup.baseline.name,
        shift_bp=float(shift_bp),
        fys=tuple(int(f) for f in fys),
        delta_interest_usd_bn=per_fy,
        cumulative_usd_bn=float(sum(per_fy)),
    )
