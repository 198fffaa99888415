"""Instruments and yield curves: what the Treasury issues, and the yield each new issue pays.

The six constant-maturity tenors (:data:`~selloff.tenors.TENORS`) are the curve every stage speaks of;
the fiscal engine issues twelve instruments (:data:`INSTRUMENTS`: one 3-month bill for the bill ladder,
2- to 10-year notes, 20- and 30-year bonds, TIPS and a 2-year FRN), each priced off that curve.

Units and conventions
---------------------
Yields in percent per year, **bond-equivalent**: the 3-month bill's discount rate (TB3MS, CBO's
3-month rate) is converted once, on the way in (:func:`monthly_curve`, :data:`BILL_DAYS`). Maturities
in years for tenors, in months for instruments. Every instrument's yield, and any maturity between the
tenors (:func:`curve_at`), is **linear in log maturity** between the two tenors around it, flat beyond
the 3-month and the 30-year:

.. math::

    y(m) = (1 - f)\\,y_{lo} + f\\,y_{hi}, \\qquad f = \\frac{\\ln m - \\ln m_{lo}}{\\ln m_{hi} - \\ln m_{lo}}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.projection.baselines import SecurityType
from selloff.projection.bonds import bill_bey_from_discount
from selloff.tenors import TENOR_YEARS, TENORS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
InstrumentKind = Literal["fixed", "frn", "tips"]

BILL_DAYS = 91.0
"""Days to maturity of the 13-week bill behind TB3MS and CBO's 3-month rate (discount → bond-equivalent)."""


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
N_INSTRUMENTS = len(INSTRUMENTS)
"""``K``, the instrument axis of every (…, K) array."""
INSTRUMENT_MONTHS: IntArray = np.array([i.months for i in INSTRUMENTS], dtype=np.int64)
"""(K,) original maturity of each instrument, months."""
IS_FRN = np.array([i.kind == "frn" for i in INSTRUMENTS])
"""(K,) the floating-rate instruments (their coupon resets monthly to the 3-month bill)."""
BILL_INDEX = INSTRUMENT_NAMES.index("bill_3m")
"""Column of the 3-month bill (it finances buybacks and takes coupon issuance moved to bills)."""


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
    """Month × tenor table of **bond-equivalent** yields (percent), up to the data's end.

    Parameters
    ----------
    yields_monthly
        Columns ``date`` (month start), ``tenor`` (one of ``3m, 1y, 2y, 5y, 10y, 30y``), ``yield_pct`` and
        optionally ``basis`` (``discount`` or ``investment``). A ``3m`` row on a **discount** basis (TB3MS,
        as FRED publishes it; the default when there is no ``basis`` column) is converted to a
        bond-equivalent yield (:func:`selloff.projection.bonds.bill_bey_from_discount`, 91 days); one on
        an investment basis (a monthly mean of DGS3MO) is taken as it is.

    Returns
    -------
    DataFrame indexed by month, from the first month in the input to :func:`data_end_month`, columns
    :data:`~selloff.tenors.TENORS`. A tenor missing inside its history (e.g. the 30-year in 2002–2006 in
    some copies) is filled by log-maturity interpolation across that month's other tenors; a tenor whose
    series stops before the data's end is carried on at its last observed spread to the 10-year
    (``proj.inputs`` names them).
    """
    wide = _wide(yields_monthly)
    end = data_end_month(yields_monthly)
    wide = wide.loc[wide.index <= end]
    values = wide.to_numpy(dtype=np.float64, copy=True)
    logs = np.log(TENOR_YEARS_ARRAY)
    j10 = TENORS.index("10y")
    last_seen = {j: np.flatnonzero(~np.isnan(values[:, j])) for j in range(len(TENORS))}
    for j, seen in last_seen.items():
        if len(seen) and seen[-1] < len(values) - 1 and j != j10:
            # a series that stopped early: its last spread to the 10-year, carried forward
            spread = values[seen[-1], j] - values[seen[-1], j10]
            values[seen[-1] + 1 :, j] = values[seen[-1] + 1 :, j10] + spread
    for row in np.flatnonzero(np.isnan(values).any(axis=1)):
        ok = ~np.isnan(values[row])
        if ok.sum() >= 2:
            values[row, ~ok] = np.interp(logs[~ok], logs[ok], values[row, ok])
    return pd.DataFrame(values, index=wide.index, columns=list(TENORS))


def _wide(yields_monthly: pd.DataFrame) -> pd.DataFrame:
    """Month × tenor, bond-equivalent, every month from the first to the last in the input (NaN gaps)."""
    needed = {"date", "tenor", "yield_pct"}
    if not needed <= set(yields_monthly.columns):
        raise ValueError(f"yields_monthly needs columns {sorted(needed)}, got {list(yields_monthly.columns)}")
    bad = set(yields_monthly["tenor"]) - set(TENORS)
    if bad:
        raise ValueError(f"yields_monthly has unknown tenors {sorted(bad)}; known: {TENORS}")
    frame = yields_monthly
    if "basis" in frame.columns:
        bad_basis = set(frame["basis"]) - {"discount", "investment"}
        if bad_basis:
            raise ValueError(f"yields_monthly has unknown basis {sorted(bad_basis)}")
        discount = (frame["tenor"] == "3m") & (frame["basis"] == "discount")
    else:
        discount = frame["tenor"] == "3m"
    values = frame["yield_pct"].to_numpy(dtype=np.float64).copy()
    values[discount.to_numpy()] = bill_bey_from_discount(values[discount.to_numpy()], BILL_DAYS)
    converted = pd.DataFrame({"date": frame["date"], "tenor": frame["tenor"], "yield_pct": values})
    wide = converted.pivot_table(index="date", columns="tenor", values="yield_pct", aggfunc="last")
    wide.index = pd.DatetimeIndex(wide.index).to_period("M").to_timestamp()
    wide = wide.reindex(columns=list(TENORS))
    full = pd.date_range(wide.index.min(), wide.index.max(), freq="MS")
    return wide.reindex(full)


def data_end_month(yields_monthly: pd.DataFrame) -> pd.Timestamp:
    """The latest month in which both the 3-month bill and the 10-year note are observed.

    They are the two points of the curve CBO projects, so the projection starts in the next month (other
    tenors that stop earlier are carried on, see :func:`monthly_curve`).
    """
    frame = yields_monthly.dropna(subset=["yield_pct"])
    months = pd.DatetimeIndex(frame["date"]).to_period("M").to_timestamp()
    ends = [months[(frame["tenor"] == tenor).to_numpy()].max() for tenor in ("3m", "10y")]
    if any(pd.isna(e) for e in ends):
        raise ValueError("yields_monthly needs the 3-month and 10-year yields")
    return pd.Timestamp(min(ends))


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


def curve_at(tenor_yields: FloatArray, years: float) -> FloatArray:
    """Yields (…) at maturity ``years`` from tenor yields (…, 6), linear in log maturity."""
    w = interpolation_matrix([years], TENOR_YEARS_ARRAY)[:, 0]
    return tenor_yields @ w
