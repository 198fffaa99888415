r"""Each design alone: the price impact the combination would give if one design were its only evidence.

For "what the Japan headline would be with this design alone" (issue 10 §3) the projection engine runs the
point estimates of these :class:`~selloff.calibration.impact.PriceImpact` objects; calibration only builds
them (it never imports the projection; the calibrate flow composes the two, :mod:`selloff.design_headlines`).

* **prior**: the literature prior alone, both terms (the ``prior`` method's responses, exactly what
  ``selloff project`` runs for its prior-only headline);
* **A**, **B** (impact) and **C** (persistent): that term from the design's main estimate at every tenor
  the design estimates, the blend's elsewhere; the **other term as in the blend**. Whether the design
  enters the combination (``included``) is reported, not used: an excluded design gets its headline too;
* **D** (diagnostic, never in the parameters): both terms from D, the custody-flow local projections;
* **combination**: the blend itself, for reference.

Every design keeps the combination's short end: the 3-month impact and persistent effect and the 1-year
persistent effect are 0 (they follow the policy path, whatever the evidence). Between impact :math:`I` and
persistent effect :math:`L` a design's response has the blend's shape, :math:`r_h = L + (I - L)\,g_h`
with the prior's decay weights :math:`g` (:func:`~selloff.calibration.prior.prior_decay_weights`). Only
point estimates are projected: a design's impact carries one "draw", equal to its point (the prior and the
blend keep their own). Units: bp per sale of 1% of GDP, positive = yields rise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from selloff.calibration.calibrate import price_impact
from selloff.calibration.identified import FIXED_ZERO, CombinedRow, DesignRow
from selloff.calibration.impact import Method, PriceImpact
from selloff.calibration.prior import prior_decay_weights
from selloff.calibration.results import CalibrationResult
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]
Source = Literal["prior", "A", "B", "C", "D", "combination"]
Role = Literal["prior", "identified", "diagnostic", "combination"]

DESIGN_TERMS: dict[str, tuple[str, ...]] = {
    "A": ("impact",),
    "B": ("impact",),
    "C": ("long_run",),
    "D": ("impact", "long_run"),
}
"""The terms each design supplies when it stands alone (the rest comes from the blend)."""


@dataclass(frozen=True)
class DesignAlone:
    """One source's price impact standing alone (module notes)."""

    source: Source
    role: Role
    terms: str
    """Which terms come from the source: ``impact``, ``persistent`` or ``impact and persistent``."""
    basis: str
    """One sentence: what the price impact is made of."""
    included: bool | None
    """Whether the design's estimate of its term enters the combination (None: the prior, the combination)."""
    impact: PriceImpact


def main_rows(designs: tuple[DesignRow, ...]) -> list[DesignRow]:
    """Each design's main estimate per tenor and term (the combination input; D's repaired projection)."""
    return [
        r
        for r in designs
        if r.variant == "main"
        or (r.design == "C" and r.se_combination is not None)
        or r.variant == "custody_lp_repaired"
    ]


def _impact(
    result: CalibrationResult, run_id: str, method: Method, irf: FloatArray, long_run: FloatArray, note: str
) -> PriceImpact:
    return PriceImpact(
        calibration_run_id=run_id,
        method=method,
        tenors=TENORS,
        horizons_q=result.horizons_q.copy(),
        point_irf_bp_per_pct_gdp=irf,
        point_long_run_bp_per_pct_gdp=long_run,
        irf_bp_per_pct_gdp=irf[None].copy(),
        long_run_bp_per_pct_gdp=long_run[None].copy(),
        reference_gdp_usd_bn=result.reference_gdp_usd_bn,
        largest_sale_pct_gdp=result.largest_sale_pct_gdp,
        notes=(note,),
    )


def decay_curve(result: CalibrationResult, impact: FloatArray, long_run: FloatArray) -> FloatArray:
    """(tenors, H + 1) the blend's response shape from impact to persistent effect (module notes)."""
    g = prior_decay_weights(
        result.prior.half_life_quarters, min(result.config.long_run_horizons_q), result.config.horizons_q
    )
    return np.asarray(long_run[:, None] + (impact - long_run)[:, None] * g)


def design_alone_impacts(result: CalibrationResult, run_id: str) -> tuple[DesignAlone, ...]:
    """The prior, each design that estimates the 10-year (A, B, C; D as a diagnostic) and the combination,
    each as the price impact it would give standing alone (module notes). Without the identified designs
    (a warehouse without their inputs) only the prior and the blend."""
    out = [
        DesignAlone(
            "prior", "prior", "impact and persistent", "the literature prior alone, both terms", None,
            price_impact(result, "prior", run_id),
        ),
    ]  # fmt: skip
    if result.combination:
        out += _designs(result, run_id, result.combination)
    out.append(
        DesignAlone(
            "combination", "combination", "impact and persistent", "the combination rule (blend)", None,
            price_impact(result, "blend", run_id),
        )
    )  # fmt: skip
    return tuple(out)


def _designs(
    result: CalibrationResult, run_id: str, combination: tuple[CombinedRow, ...]
) -> list[DesignAlone]:
    by = {(c.tenor, c.term): c.estimate for c in combination}
    blend = {term: np.array([by[(t, term)] for t in TENORS]) for term in ("impact", "long_run")}
    rows = main_rows(result.designs)
    out = []
    for design, terms in DESIGN_TERMS.items():
        own = [r for r in rows if r.design == design and r.term in terms]
        if not any(r.tenor == "10y" for r in own):
            continue  # the headline is the 10-year's: a design without a 10-year estimate has none
        values = {term: blend[term].copy() for term in ("impact", "long_run")}
        for r in own:
            if (r.tenor, r.term) not in FIXED_ZERO:
                values[r.term][TENORS.index(r.tenor)] = r.estimate
        ten = [r for r in own if r.tenor == "10y"]
        words = " and ".join("persistent" if t == "long_run" else t for t in terms)
        other = "" if len(terms) == 2 else (
            "; persistent effect as in blend" if terms == ("impact",) else "; impact as in blend"
        )  # fmt: skip
        diagnostic = design == "D"
        basis = (
            f"{words} from design {design} at every tenor it estimates{other}"
            + ("; a diagnostic (conditional correlation), never in the parameters" if diagnostic else "")
            + "; the short end fixed at 0 (policy path)"
        )
        note = f"design alone: {design} ({words})"
        curve = decay_curve(result, values["impact"], values["long_run"])
        out.append(
            DesignAlone(
                design,  # type: ignore[arg-type]
                "diagnostic" if diagnostic else "identified",
                words,
                basis,
                all(r.included for r in ten),
                _impact(result, run_id, "blend", curve, values["long_run"], note),
            )
        )
    return out


def tenor_value(impact: PriceImpact, tenor: Tenor, term: str) -> float:
    """The point impact (h = 0) or persistent effect of ``tenor``, bp per 1% of GDP."""
    k = impact.tenor_index(tenor)
    if term == "impact":
        return float(impact.point_irf_bp_per_pct_gdp[k, 0])
    return float(impact.point_long_run_bp_per_pct_gdp[k])
