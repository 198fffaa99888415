"""The maturities every stage speaks of: the six constant-maturity Treasury tenors, in maturity order."""

from __future__ import annotations

from typing import Literal, get_args

Tenor = Literal["3m", "1y", "2y", "5y", "10y", "30y"]

TENORS: tuple[Tenor, ...] = get_args(Tenor)
"""Tenors in maturity order; the contract vocabulary of calib.* and proj.* tables."""

TENOR_YEARS: dict[Tenor, float] = {"3m": 0.25, "1y": 1.0, "2y": 2.0, "5y": 5.0, "10y": 10.0, "30y": 30.0}
