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
