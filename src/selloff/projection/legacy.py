"""The legacy debt: the marketable debt outstanding at the start, rebuilt as cohorts, and its monthly paths.

Past issuance is simulated month by month from 1980 at historical yields (:func:`rebuild_legacy`), so
each cohort carries the coupon of its month of issue and matures when its maturity says:

* **Legacy cohorts**: each security type kept at its MSPD share, the within-type mix calibrated to
  Treasury's WAM and share maturing within a year. The 2020–21 pandemic borrowing is issued at the
  yields of 2020–21, so its low coupons roll off at today's rates exactly when their maturities say.
* **Start.** The projection starts in the month after the latest yields observed, from the marketable
  debt held by the public at the end of the month before (:func:`starting_marketable_usd_bn`: the MSPD's
  latest total, carried forward along CBO's debt path if the MSPD ends earlier). The rebuild is
  calibrated to the latest maturity facts at that date, and gives the interest already paid in the
  months of the first fiscal year that are history (:attr:`LegacyDebt.realised_interest_usd_bn`).
* **TIPS**: legacy TIPS pay Fiscal Data's average TIPS rate (their real coupon) plus inflation accretion
  on principal (an interest outlay in the budget, charged by the engine).
* **FRNs**: two-year notes resetting monthly to the 3-month bill plus the spread observed at the Fiscal
  Data date (FRN average rate − bill yield, about 8 bp).

:func:`legacy_paths` turns the cohorts into the engine's monthly inputs (maturities, stock, fixed
interest, FRN and TIPS principal), optionally with bill-financed buybacks of coupons.

Money in $bn, coupons in percent per year (bond-equivalent), months labelled by their first day with
every flow at the **end** of its month. Pure: frames and explicit parameters in, new objects out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.projection.baselines import SECURITY_TYPES, Baseline, Fact, cell, fy_of, fy_start
from selloff.projection.curve import (
    BILL_INDEX,
    INSTRUMENT_MONTHS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    IS_FRN,
    N_INSTRUMENTS,
    TENOR_TO_INSTRUMENT,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_TYPE_INDEX = np.array([SECURITY_TYPES.index(i.security_type) for i in INSTRUMENTS], dtype=np.int64)
"""(K,) each instrument's position in :data:`~selloff.projection.baselines.SECURITY_TYPES`."""

TIPS_TENOR_WEIGHTS: Mapping[str, float] = {"tips_5y": 0.35, "tips_10y": 0.50, "tips_30y": 0.15}
"""Split of TIPS gross issuance (assumption: roughly the 2024–25 auction calendar — 5-year twice, 10-year
four times, 30-year twice a year; not in the snapshot). Only the maturity ladder of TIPS depends on it."""


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
class LegacyFit:
    """The rebuild's calibrated mix, keyed by everything it was calibrated on (``proj.legacy_fits``).

    Fitting the mix is the slow step of every projection, sensitivity and calibration headline (about a
    second, and scipy's optimiser to import); a later run on the same inputs reuses the stored fit. The key
    covers what the fit depends on, so another start, baseline or debt structure, or an edit of this
    module (where the rebuild is written) never reuses an old fit; and a reused fit is checked by
    simulating it once, which must give back the stored WAM and share maturing within a year.
    """

    inputs_sha256: str
    """sha256 of what the mix is fitted on (the debt path, type shares, instruments' availability, the
    targets; not the yields, which set coupons only) and of this module's source."""
    params: RebuildParams
    wam_months: float
    """The weighted average maturity the fitted mix gives at the start, months."""
    maturing_within_1y_pct: float
    """The share maturing within a year that the fitted mix gives at the start, %."""
    reused: bool = False
    """Whether this run took the fit from ``proj.legacy_fits`` instead of fitting."""


@dataclass(frozen=True)
class LegacyDebt:
    """The marketable debt outstanding at the start, as cohorts, and how it was rebuilt.

    ``cohorts`` columns: ``instrument``, ``security_type``, ``kind``, ``issue_month``,
    ``months_to_maturity`` (0 = matures at the end of the first projected month), ``amount_usd_bn``,
    ``coupon_pct`` (TIPS: real coupon; FRN: NaN — floating).
    """

    start_month: pd.Timestamp
    """The first projected month: the cohorts are those outstanding at the end of the month before."""
    cohorts: pd.DataFrame
    params: RebuildParams
    gross_shares: Mapping[str, float]
    """Each instrument's share of gross issuance over the rebuild's last 12 months: the baseline
    issuance shares of the projection ("regular and predictable" issuance, as in CBO's projections)."""
    frn_spread_pct: float
    """FRN rate minus the 3-month bill (bond-equivalent) at the Fiscal Data date."""
    diagnostics: pd.DataFrame
    """One row per calibration target or check: ``fact, target, model, units, as_of, source, role``."""
    realised_interest_usd_bn: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))
    """Interest on marketable debt held by the public accruing in each month of the first projected
    fiscal year before the start (index: month), $bn: the rebuilt cohorts at their coupons, TIPS with
    their accretion, FRNs at that month's bill rate. Empty when the projection starts in October."""
    fit: LegacyFit | None = None
    """How ``params`` were found: fitted now, or reused from an earlier run on the same inputs (None for
    cohorts given by hand)."""

    @property
    def total_usd_bn(self) -> float:
        """Marketable debt held by the public at the start, $bn."""
        return float(self.cohorts["amount_usd_bn"].sum())

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


def _history_inputs(
    baseline: Baseline, curve: pd.DataFrame, start: pd.Timestamp, marketable_start: float
) -> _History:
    end = start - pd.DateOffset(months=1)
    months = pd.date_range(REBUILD_START, end, freq="MS")
    missing = months.difference(pd.DatetimeIndex(curve.dropna().index))
    if len(missing):
        raise ValueError(
            f"yields_monthly lacks yields for {len(missing)} months needed to rebuild the legacy debt "
            f"(first: {missing[0]:%Y-%m}); it must cover {REBUILD_START:%Y-%m} to {end:%Y-%m}"
        )
    tenor = curve.loc[months].to_numpy(dtype=np.float64)
    issue_yields = tenor @ TENOR_TO_INSTRUMENT
    volume = debt_volume_path(baseline, months)
    volume = volume * (marketable_start / volume[-1])

    available = np.ones((len(months), N_INSTRUMENTS), dtype=bool)
    for name, first in _AVAILABLE_FROM.items():
        available[:, INSTRUMENT_NAMES.index(name)] = months >= first
    for name, (lo, hi) in _SUSPENDED.items():
        available[:, INSTRUMENT_NAMES.index(name)] &= ~((months >= lo) & (months <= hi))

    shares = baseline.debt.type_shares(end + pd.offsets.MonthEnd(0))
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


def _month_number(index: pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    return np.asarray(index.to_numpy(dtype="datetime64[M]").astype(np.int64))


def _cbo_debt_at(baseline: Baseline, month_numbers: npt.ArrayLike) -> FloatArray:
    """CBO's debt held by the public at the end of months (numbered as ``datetime64[M]``): linear between
    fiscal-year ends ($bn)."""
    debt = baseline.budget["debt_held_by_public_usd_bn"]
    ends = pd.DatetimeIndex([pd.Timestamp(year=int(fy), month=9, day=1) for fy in debt.index])
    return np.asarray(
        np.interp(
            np.asarray(month_numbers, dtype=np.float64), _month_number(ends), debt.to_numpy(dtype=np.float64)
        )
    )


def debt_volume_path(baseline: Baseline, months: pd.DatetimeIndex) -> FloatArray:
    """The shape of the debt's growth, end of each month ($bn, before rescaling to the starting stock).

    FRED FYGFDPUN (debt held by the public, end of quarter; linear between quarters) as far as it goes,
    then the MSPD's monthly marketable totals, then CBO's debt path — each spliced on by its growth from
    the month the previous source ends, so the path has no jumps.
    """
    hist = baseline.debt_history
    dhp = hist["debt_held_by_public_usd_bn"].to_numpy(dtype=np.float64)
    # FRED dates FYGFDPUN by quarter start; the value is the end of the quarter's last month
    x = _month_number(pd.DatetimeIndex(hist["date"]) + pd.DateOffset(months=2))
    t = _month_number(months)
    path = np.interp(t, x, dhp)
    last = int(x.max())
    if t.max() <= last:
        return np.asarray(path)
    mspd = baseline.debt.monthly["total_marketable_usd_bn"].to_numpy(dtype=np.float64)
    m_x = _month_number(pd.DatetimeIndex(baseline.debt.monthly.index).to_period("M").to_timestamp())
    if m_x.min() > last:
        raise ValueError("the debt history (FRED FYGFDPUN) ends before the MSPD's monthly totals start")
    anchor = dhp[-1]
    after = t > last
    path[after] = anchor * np.interp(t[after], m_x, mspd) / np.interp(last, m_x, mspd)
    later = t > m_x.max()
    if later.any():
        at_mspd_end = anchor * mspd[-1] / np.interp(last, m_x, mspd)
        path[later] = at_mspd_end * _cbo_debt_at(baseline, t[later]) / _cbo_debt_at(baseline, [m_x.max()])[0]
    return np.asarray(path)


def starting_marketable_usd_bn(baseline: Baseline, start: pd.Timestamp) -> float:
    """Marketable debt held by the public at the end of the month before ``start``, $bn.

    The MSPD's latest total at or before that month less its intragovernmental part (MSPD Table I); if
    the MSPD ends earlier, carried forward along CBO's debt path.
    """
    end = start - pd.DateOffset(months=1)
    when, row = baseline.debt.latest_monthly(end + pd.offsets.MonthEnd(0))
    held = float(row["total_marketable_usd_bn"]) - baseline.debt.intragovernmental_marketable_usd_bn
    gap = _month_number(pd.DatetimeIndex([when.to_period("M").to_timestamp(), end]))
    if gap[1] > gap[0]:
        cbo = _cbo_debt_at(baseline, gap)
        held *= cbo[1] / cbo[0]
    return held


def _within_type_weights(params: RebuildParams, available: npt.NDArray[np.bool_]) -> FloatArray:
    """(n, K) gross issuance weights within each type, renormalised over the instruments available."""
    base = np.zeros(N_INSTRUMENTS)
    for name, w in _note_weights(params.note_tilt).items():
        base[INSTRUMENT_NAMES.index(name)] = w
    base[INSTRUMENT_NAMES.index("bond_20y")] = params.bond_20y_share
    base[INSTRUMENT_NAMES.index("bond_30y")] = 1.0 - params.bond_20y_share
    for name, w in TIPS_TENOR_WEIGHTS.items():
        base[INSTRUMENT_NAMES.index(name)] = w
    base[BILL_INDEX] = 1.0
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
    issued = np.zeros((n, N_INSTRUMENTS))
    outstanding = np.zeros(N_INSTRUMENTS)
    cols = np.arange(N_INSTRUMENTS)
    for t in range(n):
        back = t - INSTRUMENT_MONTHS
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
    left = s_idx + INSTRUMENT_MONTHS[k_idx] - at - 1
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


_SOURCE_SHA256 = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""This module's source: part of every fit's key, so an edited rebuild fits again."""
_FIT_X0 = (0.0, 0.4)
_FIT_BOUNDS = ((-3.0, 0.0), (3.0, 1.0))
_REUSE_TOL = 1e-9
"""A reused fit must give back its stored WAM (months) and share within a year (%) this closely."""


def _fit_key(hist: _History, wam_target: float, within_target: float) -> str:
    """What the mix is fitted on: the amounts, never the yields (issuance follows the stock path, the
    type shares and each instrument's availability; the WAM and the share within a year depend only on
    the amounts issued). So a month of new yields keeps the key, and the key is exact bytes of inputs
    that come from the pinned baseline files, never from the warehouse's floating-point averages."""
    digest = hashlib.sha256(_SOURCE_SHA256.encode())
    digest.update(np.array([wam_target, within_target, *_FIT_X0, *np.ravel(_FIT_BOUNDS)]).tobytes())
    # the months by name: their integer form depends on the timestamps' unit (ns or us), not on the data
    digest.update(f"{hist.months[0]:%Y-%m}/{hist.months[-1]:%Y-%m}/{len(hist.months)}/{hist.n_burn}".encode())
    for array in (hist.volume, hist.type_shares, hist.available):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _fit_mix(
    hist: _History, end: int, key: str, wam_target: float, within_target: float
) -> tuple[LegacyFit, FloatArray]:
    """Least squares on the two mix parameters so the rebuilt stock has the target WAM and share
    maturing within a year; the fit and the gross issuance it gives."""
    from scipy.optimize import least_squares  # here: a reused fit never pays scipy's import (~0.5 s)

    def residuals(x: FloatArray) -> FloatArray:
        issued = _simulate_history(hist, RebuildParams(float(x[0]), float(x[1])))
        wam, within, _ = _structure_facts(issued, end)
        return np.array([(wam - wam_target) / 1.0, (within - within_target) / 0.5])

    fit = least_squares(residuals, x0=np.array(_FIT_X0), bounds=_FIT_BOUNDS, diff_step=1e-3)
    params = RebuildParams(float(fit.x[0]), float(fit.x[1]))
    issued = _simulate_history(hist, params)
    wam, within, _ = _structure_facts(issued, end)
    return LegacyFit(key, params, wam, within), issued


def _reuse(known: LegacyFit, hist: _History, end: int) -> tuple[LegacyFit, FloatArray] | None:
    """``known`` and its gross issuance, if simulating it gives back its stored facts (else None: fit)."""
    issued = _simulate_history(hist, known.params)
    wam, within, _ = _structure_facts(issued, end)
    if abs(wam - known.wam_months) > _REUSE_TOL or abs(within - known.maturing_within_1y_pct) > _REUSE_TOL:
        return None
    return LegacyFit(known.inputs_sha256, known.params, wam, within, reused=True), issued


def rebuild_legacy(
    baseline: Baseline,
    curve: pd.DataFrame,
    start: pd.Timestamp,
    *,
    known_fits: Mapping[str, LegacyFit] | None = None,
) -> LegacyDebt:
    """Rebuild the marketable debt outstanding at the start from past issuance at historical yields.

    The past is simulated month by month from 1980 (after a 30-year burn-in at the 1980 curve) to the
    month before ``start``: the stock follows :func:`debt_volume_path`, rescaled to the starting marketable
    stock; each month maturing debt and the change in the stock are issued at that month's yields, each
    security type keeping its latest published share of the stock (TIPS from 1997, FRNs from 2014), split
    within the type by a mix whose two parameters (note tilt, 20-year share of bonds) are calibrated by
    least squares so the stock at the end has Treasury's weighted average maturity and share maturing
    within a year (the latest published at that date). The cohorts are then scaled to the starting
    amounts by type. Checks (not targets): average coupons by type against Fiscal Data's average rates
    (30 April 2025) and the total marketable average rate.

    Conventions: nominal cohorts carry the par yield of their month of issue as coupon; TIPS carry
    Fiscal Data's average TIPS rate (their real coupon) and accrete with inflation in the engine; FRNs
    float at the 3-month bill rate plus the spread observed on the Fiscal Data date.

    Parameters
    ----------
    baseline
        The baseline (debt structure and facts, debt history, CBO's debt path and inflation).
    curve
        Month × tenor bond-equivalent yields (:func:`~selloff.projection.curve.monthly_curve`) covering
        1980-01 to the month before ``start``.
    start
        The first projected month.
    known_fits
        Fits stored by earlier runs (``proj.legacy_fits``), by key: the one whose key matches these
        inputs is reused instead of fitting again (:class:`LegacyFit`).
    """
    debt = baseline.debt
    marketable_start = starting_marketable_usd_bn(baseline, start)
    hist = _history_inputs(baseline, curve, start, marketable_start)
    end = hist.n_burn + len(hist.months) - 1
    facts = debt.facts_at(start - pd.DateOffset(days=1))
    wam_target = facts["wam_months"].value
    within_target = facts["maturing_within_1y_pct"].value

    key = _fit_key(hist, wam_target, within_target)
    known = (known_fits or {}).get(key)
    reused = _reuse(known, hist, end) if known is not None else None
    fit, issued = reused or _fit_mix(hist, end, key, wam_target, within_target)
    params = fit.params

    burn = pd.date_range(end=hist.months[0] - pd.DateOffset(months=1), periods=hist.n_burn, freq="MS")
    all_months = burn.append(hist.months)
    s_idx, k_idx, left = _alive(issued, end)
    amount = issued[s_idx, k_idx]
    coupon = hist.issue_yields[s_idx, k_idx].copy()
    coupon[IS_FRN[k_idx]] = np.nan
    is_tips = np.array([INSTRUMENTS[k].kind == "tips" for k in k_idx])
    coupon[is_tips] = debt.avg_rate_pct["tips"]
    # scale each type to its starting amount (the latest shares of the starting marketable stock)
    shares = debt.type_shares(start - pd.DateOffset(days=1))
    scale = np.ones(len(SECURITY_TYPES))
    for j, stype in enumerate(SECURITY_TYPES):
        mask = _TYPE_INDEX[k_idx] == j
        scale[j] = shares[stype] * marketable_start / amount[mask].sum()
        amount[mask] *= scale[j]
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
    frn_spread = debt.avg_rate_pct["frn"] - cell(curve, rate_month, "3m")
    at_rates = hist.n_burn + int(np.flatnonzero(hist.months == rate_month)[0])
    wam, within, bills = _structure_facts(issued, end)
    realised = _realised_interest(baseline, hist, issued, scale, curve, frn_spread, start)
    diag = _diagnostics(
        baseline, facts, issued, hist, at_rates, wam, within, bills, cohorts, curve, frn_spread, start
    )
    return LegacyDebt(
        start_month=start,
        cohorts=cohorts,
        params=params,
        fit=fit,
        gross_shares=gross_shares,
        frn_spread_pct=frn_spread,
        diagnostics=diag,
        realised_interest_usd_bn=realised,
    )


def _realised_interest(
    baseline: Baseline,
    hist: _History,
    issued: FloatArray,
    type_scale: FloatArray,
    curve: pd.DataFrame,
    frn_spread: float,
    start: pd.Timestamp,
) -> pd.Series:
    """Interest accruing in each month of the start's fiscal year before ``start`` ($bn), on the rebuilt
    cohorts outstanding at the end of the month before (the engine's convention), scaled by type as the
    starting cohorts are."""
    first = fy_start(fy_of(start))
    months = pd.date_range(first, start - pd.DateOffset(months=1), freq="MS")
    if months.empty:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="month"), name="interest_usd_bn")
    price = baseline.budget["gdp_price_index"]
    tips_rate = baseline.debt.avg_rate_pct["tips"]
    values = []
    for month in months:
        at = hist.n_burn + int(np.flatnonzero(hist.months == month)[0])
        s_idx, k_idx, _ = _alive(issued, at - 1)
        amount = issued[s_idx, k_idx] * type_scale[_TYPE_INDEX[k_idx]]
        kind = np.array([INSTRUMENTS[k].kind for k in k_idx])
        fy = fy_of(month)
        inflation = float(price[fy] / price[fy - 1] - 1.0) * 100.0
        rate = hist.issue_yields[s_idx, k_idx].copy()
        rate[kind == "tips"] = tips_rate + inflation
        rate[kind == "frn"] = cell(curve, month, "3m") + frn_spread
        values.append(float((amount * rate).sum()) / 1200.0)
    return pd.Series(values, index=pd.DatetimeIndex(months, name="month"), name="interest_usd_bn")


def _diagnostics(
    baseline: Baseline,
    facts: Mapping[str, Fact],
    issued: FloatArray,
    hist: _History,
    at_rates: int,
    wam: float,
    within: float,
    bills: float,
    cohorts: pd.DataFrame,
    curve: pd.DataFrame,
    frn_spread: float,
    start: pd.Timestamp,
) -> pd.DataFrame:
    debt = baseline.debt
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
    last = start - pd.DateOffset(months=1)
    start_rate[frn] = cell(curve, last, "3m") + frn_spread
    total_rate = float((cohorts["amount_usd_bn"] * start_rate).sum() / cohorts["amount_usd_bn"].sum())
    f = facts["total_marketable_avg_rate_pct"]
    add("total_marketable_avg_rate_pct", f.value, total_rate, f.units, f.as_of, f.source, "check")
    f = facts["total_marketable_usd_bn"]
    add(
        "total_marketable_usd_bn", f.value, float(cohorts["amount_usd_bn"].sum()), f.units, f.as_of,
        f.source + "; the model starts from it", "matched by construction",
    )  # fmt: skip
    return pd.DataFrame(rows)


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


def _cohort_factors(
    legacy: LegacyDebt, horizon: int, buybacks_usd_bn: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """(during, after): the fraction of each cohort outstanding during month t and at its end (after the
    month's buyback), arrays (cohorts, horizon)."""
    c = legacy.cohorts
    left = c["months_to_maturity"].to_numpy(dtype=np.int64)
    amount = c["amount_usd_bn"].to_numpy(dtype=np.float64)
    during = np.ones((len(amount), horizon))
    after = np.ones((len(amount), horizon))
    if buybacks_usd_bn is None:
        return during, after
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
    return during, after


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
    during, after = _cohort_factors(legacy, horizon, buybacks_usd_bn)
    live = amount[:, None] * (left[:, None] >= t[None, :]) * during
    return LegacyPaths(
        maturing=(amount[:, None] * (left[:, None] == t[None, :]) * during).sum(axis=0),
        outstanding_end=(amount[:, None] * (left[:, None] > t[None, :]) * after).sum(axis=0),
        fixed_interest=(live * ((kind != "frn") * coupon)[:, None]).sum(axis=0) / 1200.0,
        frn_outstanding=(live * (kind == "frn")[:, None]).sum(axis=0),
        tips_outstanding=(live * (kind == "tips")[:, None]).sum(axis=0),
    )


def legacy_duration_usd_bn_years(
    legacy: LegacyDebt,
    horizon: int,
    duration_years: Callable[[FloatArray], FloatArray],
    buybacks_usd_bn: FloatArray | None = None,
) -> FloatArray:
    """(horizon,) Σ amount × modified duration of the legacy debt outstanding at the end of each month
    ($bn × years): what the market holds of it in interest-rate risk. ``duration_years`` maps months left
    to a modified duration (years); FRNs count as one month (they reset monthly)."""
    c = legacy.cohorts
    left = c["months_to_maturity"].to_numpy(dtype=np.int64)
    amount = c["amount_usd_bn"].to_numpy(dtype=np.float64)
    frn = (c["kind"] == "frn").to_numpy()
    _, after = _cohort_factors(legacy, horizon, buybacks_usd_bn)
    t = np.arange(horizon)
    months_left = left[:, None] - t[None, :]
    months_left = np.where(frn[:, None], np.minimum(months_left, 1), months_left)
    alive = months_left > 0
    duration = np.where(alive, duration_years(np.maximum(months_left, 0).astype(np.float64)), 0.0)
    return np.asarray((amount[:, None] * after * duration).sum(axis=0))
