"""The contract between calibration and projection: the price impact of foreign sales, with draws.

Calibration (:mod:`selloff.calibration`) produces a :class:`PriceImpact`; projection
(:mod:`selloff.projection`) consumes it and nothing else from calibration.

Sign convention (contract): effects are **bp per unit sold**, positive = yields rise. The unit is a
sale worth 1% of GDP (scale-free, so samples from decades with a smaller market are comparable);
:meth:`PriceImpact.bp_per_100bn` converts at a given GDP.

``irf_bp_per_pct_gdp[d, k, h]`` is the cumulative change in tenor ``k``'s yield ``h`` quarters after a
one-quarter sale of 1% of GDP, in draw ``d`` (local projections, ``h = 0 … H``); ``h = 0`` is the
impact. ``long_run_bp_per_pct_gdp[d, k]`` is the persistent effect the response settles at.
Draws are joint across tenors and horizons (a block bootstrap of the whole calibration, blended with
the prior), so a Monte Carlo yield curve built from one draw index is coherent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from selloff.tenors import TENORS, Tenor

Method = Literal["data", "prior", "blend"]


@dataclass(frozen=True)
class PriceImpact:
    """Calibrated yield response to foreign sales, bp per sale of 1% of GDP, with joint draws."""

    calibration_run_id: str
    method: Method
    tenors: tuple[Tenor, ...]
    horizons_q: npt.NDArray[np.int64]
    """Quarters after the sale, 0 … H."""
    point_irf_bp_per_pct_gdp: npt.NDArray[np.float64]
    """Point estimate, shape (tenors, horizons)."""
    point_long_run_bp_per_pct_gdp: npt.NDArray[np.float64]
    """Point estimate, shape (tenors,)."""
    irf_bp_per_pct_gdp: npt.NDArray[np.float64]
    """Joint draws, shape (draws, tenors, horizons)."""
    long_run_bp_per_pct_gdp: npt.NDArray[np.float64]
    """Joint draws, shape (draws, tenors)."""
    reference_gdp_usd_bn: float
    """Nominal GDP (SAAR, $bn) of the latest quarter in the calibration data; converts to bp per $100bn."""
    largest_sale_pct_gdp: float
    """Largest one-quarter net foreign sale in the calibration sample, % of GDP (extrapolation warning)."""
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        n_tenors, n_h = len(self.tenors), len(self.horizons_q)
        if not set(self.tenors) <= set(TENORS):
            raise ValueError(f"unknown tenors {sorted(set(self.tenors) - set(TENORS))}")
        if self.point_irf_bp_per_pct_gdp.shape != (n_tenors, n_h):
            raise ValueError(f"point_irf shape {self.point_irf_bp_per_pct_gdp.shape} != {(n_tenors, n_h)}")
        if self.point_long_run_bp_per_pct_gdp.shape != (n_tenors,):
            raise ValueError(
                f"point_long_run shape {self.point_long_run_bp_per_pct_gdp.shape} != {(n_tenors,)}"
            )
        if self.irf_bp_per_pct_gdp.ndim != 3 or self.irf_bp_per_pct_gdp.shape[1:] != (n_tenors, n_h):
            raise ValueError(f"irf draws shape {self.irf_bp_per_pct_gdp.shape} != (draws, {n_tenors}, {n_h})")
        if self.long_run_bp_per_pct_gdp.shape != (self.irf_bp_per_pct_gdp.shape[0], n_tenors):
            raise ValueError("long_run draws must have shape (draws, tenors) matching the irf draws")
        for name in ("point_irf_bp_per_pct_gdp", "irf_bp_per_pct_gdp", "long_run_bp_per_pct_gdp"):
            if not np.all(np.isfinite(getattr(self, name))):
                raise ValueError(f"{name} has non-finite values")
        if self.reference_gdp_usd_bn <= 0:
            raise ValueError(f"reference_gdp_usd_bn must be positive, got {self.reference_gdp_usd_bn}")

    @property
    def n_draws(self) -> int:
        return int(self.irf_bp_per_pct_gdp.shape[0])

    def bp_per_100bn(self, gdp_usd_bn: float | None = None) -> float:
        """Factor from bp per 1% of GDP to bp per $100bn sold, at ``gdp_usd_bn`` (default: reference)."""
        gdp = self.reference_gdp_usd_bn if gdp_usd_bn is None else gdp_usd_bn
        return 100.0 * 100.0 / gdp  # $100bn is 100 * 100 / GDP percent of GDP

    def tenor_index(self, tenor: Tenor) -> int:
        return self.tenors.index(tenor)
