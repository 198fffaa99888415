"""Rate sensitivity: the extra net interest if every rate is ``shift_bp`` bp higher, for good.

The baseline's own what-if, stored with every projection run (``proj.sensitivity``) and behind
``selloff sensitivity --bp X``; comparable with CBO's rule of thumb (rates 0.1 point higher each year).
Money in $bn, shifts in bp, fiscal years October–September; a year's extra net interest is that year's
deficit increase (debt service included).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff.projection.engine import to_fiscal_years
from selloff.projection.fiscal import FiscalSetup

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
