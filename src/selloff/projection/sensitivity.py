"""Rate sensitivity: the extra net interest if every rate is ``shift_bp`` bp higher, for good.

The baseline's own what-if, stored with every projection run (``proj.sensitivity``) and behind
``selloff sensitivity --bp X``; comparable with CBO's rule of thumb (rates 0.1 point higher each year),
so it keeps **the baseline's own ten-year window** (FY2027–FY2036 for ``cbo-2026-02``, FY2026–FY2035 for
``cbo-2025-01``) whatever the data's end: rates rise from the window's first month, on the debt as it
stands then (:func:`sensitivity_setup` starts the engine there, or earlier). Money in $bn, shifts in bp,
fiscal years October–September; a year's extra net interest is that year's deficit increase (debt
service included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff.projection.baselines import Baseline
from selloff.projection.curve import data_end_month
from selloff.projection.engine import to_fiscal_years
from selloff.projection.fiscal import FiscalSetup, ReferenceGdp, build_setup
from selloff.projection.legacy import LegacyFit

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


def sensitivity_setup(
    baseline: Baseline,
    yields_monthly: pd.DataFrame,
    *,
    reference_gdp: ReferenceGdp | None = None,
    setup: FiscalSetup | None = None,
    known_fits: Mapping[str, LegacyFit] | None = None,
) -> FiscalSetup:
    """A setup that covers ``baseline``'s ten-year window: ``setup`` itself when it starts no later than
    the window, else one started at the window (or at the data's end, if that is earlier), reusing a
    stored legacy fit on the same inputs (``known_fits``, :func:`~selloff.projection.fiscal.build_setup`)."""
    if setup is not None and setup.start_month <= baseline.window_start:
        return setup
    data_start = data_end_month(yields_monthly) + pd.DateOffset(months=1)
    start = min(data_start, baseline.window_start)
    return build_setup(
        baseline, yields_monthly, start=start, reference_gdp=reference_gdp, known_fits=known_fits
    )


def rate_sensitivity(setup: FiscalSetup, shift_bp: float) -> Sensitivity:
    """The cumulative deficit increase over the baseline's ten-year window if every rate — bills,
    notes, bonds, FRN resets and TIPS real yields on new issues — is ``shift_bp`` bp higher for good
    from the window's first month.

    Comparable with CBO's rule of thumb (rates 0.1 point higher each year); fixed coupons on legacy debt
    do not change, TIPS accretion does not change (inflation is unchanged). ``setup`` must start no later
    than the window (:func:`sensitivity_setup`).
    """
    if not np.isfinite(shift_bp):
        raise ValueError(f"shift_bp must be finite, got {shift_bp}")
    baseline = setup.baseline
    if setup.start_month > baseline.window_start:
        raise ValueError(
            f"the setup starts in {setup.start_month:%Y-%m}, after {baseline.name}'s ten-year window "
            f"(FY{baseline.window_fys[0]}–FY{baseline.window_fys[-1]}): use sensitivity_setup"
        )
    inside = np.asarray(setup.paths.months >= baseline.window_start)[:, None]
    shifted = setup.run_point(tenor_yields_pct=setup.paths.tenor_yields_pct + inside * shift_bp / 100.0)
    fys, delta = to_fiscal_years(shifted.interest_usd_bn - setup.base.interest_usd_bn, setup.paths.fy)
    keep = np.isin(fys, baseline.window_fys)
    fys, delta = fys[keep], delta[keep]
    per_fy = tuple(float(v) for v in delta[:, 0])
    return Sensitivity(
        baseline=setup.baseline.name,
        shift_bp=float(shift_bp),
        fys=tuple(int(f) for f in fys),
        delta_interest_usd_bn=per_fy,
        cumulative_usd_bn=float(sum(per_fy)),
    )
