r"""Identified designs and the rule that turns them into the ``blend`` the projection uses.

Designs (each per tenor, bp per sale of 1% of GDP, positive = yields rise; stored in ``calib.designs``):

* **A** Fed QE/QT announcements, 1-day event study
  (:mod:`~selloff.calibration.designs.event_studies`): impact;
* **B** Japan's yen-buying interventions, 1-day event study with a JGB control (same module): impact, an upper
  bound on the Treasury flow;
* **C** supply stock model of the 10-year term premium (:mod:`~selloff.calibration.designs.supply_model`):
  persistent, 10-year only;
* **D** the repaired custody-flow local projections (:mod:`~selloff.calibration.designs.custody_diagnostic`):
  a conditional correlation, shown and stored, **never combined**.

Combination rule (fixed before the package estimate; the prototype's pre-registered rule with the amendments
it states, adopted after its synthetic coverage checks and before this estimate, never framed as
pre-registered):

* **impact** (every tenor but 3m) = precision-weighted combination of the literature prior :math:`N(m, s^2)`
  and the *included* A and B:
  :math:`\hat b = (m/s^2 + \sum_j b_j/\sigma_j^2) / (1/s^2 + \sum_j 1/\sigma_j^2)`,
  :math:`\hat\sigma = (1/s^2 + \sum_j 1/\sigma_j^2)^{-1/2}`. A's :math:`\sigma` is the largest of its two
  randomisation SEs (ordinary-day and FOMC-day pools), its HC1 and its jackknife SE (heterogeneity-robust;
  amendment: the randomisation SE alone covered 50% when effects vary by event). B counts only yen-buying
  days and is excluded with fewer than 10 (amendment); its :math:`\sigma` is the same maximum (one pool).
* **persistent** = the prior and C (10-year only; C measures the 10-year term premium), C's :math:`\sigma`
  = its calibrated SE and the spread across its specifications in quadrature (amendment). Other tenors'
  persistent effect is the prior's.
* **short end**: the 3-month impact and persistent effect and the 1-year persistent effect are **0 with no
  spread** (they follow the policy path; no market-impact noise on bills).
* A design is excluded only for a reason stated in advance (too few events; a failed t-5 placebo at the
  10-year, p < 0.05; for C: N < 40, no cointegration, CUSUM), never for its sign. **D never enters.**
* labels: "data-driven" when the designs carry more than half the precision, else "prior-driven", for impact
  and persistent apart; "fixed at 0 (policy path)" at the short end.

The blend's response decays from the combined impact to the combined persistent effect with the prior's
shape (:func:`~selloff.calibration.prior.prior_decay_weights`); draws are joint normal with the prior's
correlations across tenors and terms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.calibration.config import CalibrationConfig
from selloff.calibration.designs.custody_diagnostic import ASSUMPTION_D, design_d
from selloff.calibration.designs.event_studies import (
    ASSUMPTION_A,
    ASSUMPTION_B,
    PLACEBO_P_FAIL,
    Z90,
    EventDesignResult,
    EventStudyEstimate,
    design_a,
    design_b,
)
from selloff.calibration.designs.supply_model import ASSUMPTION_C, SupplyDesignResult, design_c
from selloff.calibration.prior import PriorTable, prior_decay_weights
from selloff.calibration.regression import read_only
from selloff.calibration.results import MethodResponses, ParameterEstimate
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]
COMBINED_DESIGNS = ("A", "B", "C")
"""The only designs the combination reads; D is absent on purpose."""
FIXED_ZERO: tuple[tuple[Tenor, str], ...] = (("3m", "impact"), ("3m", "long_run"), ("1y", "long_run"))


@dataclass(frozen=True)
class DesignInputs:
    """The designs' inputs, read from the warehouse (:func:`selloff.calibration.store.read_design_inputs`).

    ``yields_daily_pct``: each tenor's H.15 closes on its own calendar (``marts.yield_changes_daily``);
    ``jgb_on_us_dates_pct``: the MoF 10-year JGB as of each US date of that tenor
    (``marts.jgb_yield_on_us_dates``); the three ``ref.*`` event tables as stored; and
    ``marts.panel_supply_quarterly``.
    """

    yields_daily_pct: Mapping[Tenor, pd.Series]
    jgb_on_us_dates_pct: Mapping[Tenor, pd.Series]
    fed_announcements: pd.DataFrame
    fx_interventions: pd.DataFrame
    fomc_dates: pd.DataFrame
    supply_quarterly: pd.DataFrame


@dataclass(frozen=True)
class DesignRow:
    """One estimate of one design (a row of ``calib.designs``), bp per sale of 1% of GDP."""

    design: str
    variant: str
    tenor: Tenor
    term: str  # "impact" | "long_run" (the persistent effect)
    window_days: int | None
    estimate: float
    ci_low: float
    ci_high: float
    se_combination: float | None
    n: int
    sample_start: date | None
    sample_end: date | None
    p_value: float | None
    p_value_method: str
    identifying_assumption: str
    included: bool
    exclusion_reason: str
    note: str = ""


@dataclass(frozen=True)
class CombinedRow:
    """The combination for one tenor and term (a row of ``calib.combination``), bp per sale of 1% of GDP."""

    tenor: Tenor
    term: str
    prior_mean: float
    prior_sd: float
    components: tuple[tuple[str, float, float], ...]
    """(design, estimate, SE) of every included design."""
    estimate: float
    std_error: float
    weights: tuple[tuple[str, float], ...]
    data_share: float
    label: str


def _d(ts: pd.Timestamp | None) -> date | None:
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).date()


def _event_row(
    design: str,
    variant: str,
    e: EventStudyEstimate,
    se: float | None,
    included: bool,
    why: str,
    note: str = "",
) -> DesignRow:
    return DesignRow(
        design,
        variant,
        e.tenor,
        "impact",
        e.window_days,
        e.estimate,
        e.ci90_perm[0],
        e.ci90_perm[1],
        se,
        e.n_events,
        _d(e.sample_start),
        _d(e.sample_end),
        e.p_perm,
        f"randomisation ({e.pool}-day pool, {e.n_draws} draws)",
        ASSUMPTION_A if design == "A" else ASSUMPTION_B,
        included,
        why,
        note,
    )


def event_rows(results: Sequence[EventDesignResult]) -> list[DesignRow]:
    """calib.designs rows of A or B: the main estimate (decided included or not), variants, the placebo."""
    rows: list[DesignRow] = []
    ten = next((r for r in results if r.tenor == "10y"), None)
    failed = ""
    if ten is not None and ten.placebo is not None and ten.placebo.p_perm < PLACEBO_P_FAIL:
        failed = f"failed placebo (t-5 at the 10-year, p = {ten.placebo.p_perm:.3f} < {PLACEBO_P_FAIL})"
    for r in results:
        if r.main is None:
            continue
        pools = [r.main] + [v for name, v in r.variants if name.endswith("fomc_pool")]
        se = max(max(p.se_perm for p in pools), r.main.se_hc1, r.main.se_jackknife)
        why = r.too_few or failed
        note = (
            f"SE = max(randomisation {', '.join(f'{p.se_perm:.2f}' for p in pools)}, "
            f"HC1 {r.main.se_hc1:.2f}, "
            f"jackknife {r.main.se_jackknife:.2f}); {r.note}".rstrip("; ")
        )
        rows.append(_event_row(r.design, "main", r.main, se, not why, why, note))
        for name, v in r.variants:
            rows.append(
                _event_row(r.design, name, v, None, False, "reported variant (not a combination input)")
            )
        if r.placebo is not None:
            rows.append(
                _event_row(
                    r.design, "placebo_t-5", r.placebo, None, False, "placebo (decides exclusion at 10y)"
                )
            )
    return rows


def supply_rows(c: SupplyDesignResult) -> list[DesignRow]:
    """calib.designs rows of C: the main specification (combination input unless excluded), the others."""
    rows = []
    for e in c.estimates:
        main = e.name == c.main.name
        se = c.se_combination if main else e.se_calibrated
        diag = (
            f"rho {e.rho:.2f} (t {e.rho_t:.1f}); Engle-Granger p {e.eg_pvalue:.3f}; "
            f"CUSUM p {e.cusum_pvalue:.3f}; "
            f"Chow p {e.chow_pvalue:.3f}; HAC delta CI [{e.ci90_delta[0]:.1f}, {e.ci90_delta[1]:.1f}]; "
            f"block bootstrap CI [{e.ci90_boot[0]:.1f}, {e.ci90_boot[1]:.1f}]"
        )
        if main:
            diag += f"; SE includes the specification spread {c.spec_spread_sd:.2f}"
        rows.append(
            DesignRow(
                "C",
                e.name,
                "10y",
                "long_run",
                None,
                e.long_run,
                e.long_run - Z90 * se,
                e.long_run + Z90 * se,
                se if main else None,
                e.n_obs,
                _d(e.sample_start),
                _d(e.sample_end),
                e.p_delta,
                "HAC delta method (t)",
                ASSUMPTION_C,
                main and not c.exclusion,
                c.exclusion if main else "specification (enters through the spread)",
                diag,
            )
        )
        lo, hi = e.diff4_estimate - Z90 * e.diff4_se, e.diff4_estimate + Z90 * e.diff4_se
        rows.append(
            DesignRow(
                "C",
                e.name + "_diff4",
                "10y",
                "long_run",
                None,
                e.diff4_estimate,
                lo,
                hi,
                None,
                e.n_obs,
                _d(e.sample_start),
                _d(e.sample_end),
                None,
                "HAC (4-quarter differences)",
                ASSUMPTION_C,
                False,
                "specification (enters through the spread)",
            )
        )
    return rows


def run_designs(inputs: DesignInputs, gdp_q: pd.Series, config: CalibrationConfig) -> tuple[DesignRow, ...]:
    """Estimate A, B, C and D on the warehouse inputs; ``gdp_q`` is GDP ($bn SAAR) by quarter start."""
    rng = np.random.default_rng(np.random.SeedSequence(config.seed).spawn(4)[3])
    a = design_a(
        inputs.yields_daily_pct,
        inputs.fed_announcements,
        inputs.fomc_dates,
        gdp_q,
        rng,
        config.n_permutations,
    )
    b = design_b(
        inputs.yields_daily_pct,
        inputs.jgb_on_us_dates_pct,
        inputs.fx_interventions,
        gdp_q,
        rng,
        config.n_permutations,
    )
    c = design_c(inputs.supply_quarterly, rng, n_boot=config.n_boot_supply)
    d = [
        DesignRow(
            "D",
            "custody_lp_repaired",
            e.tenor,
            "impact" if e.term == "impact" else "long_run",
            None,
            e.estimate,
            e.ci90[0],
            e.ci90[1],
            None,
            e.n_obs,
            _d(e.sample_start),
            _d(e.sample_end),
            e.p_value,
            "HAC t",
            ASSUMPTION_D,
            False,
            "diagnostic only (conditional correlation)",
        )
        for e in design_d(inputs.yields_daily_pct, inputs.supply_quarterly)
    ]
    return tuple(event_rows(a) + event_rows(b) + supply_rows(c) + d)


def combine(
    tenor: Tenor, term: str, prior_mean: float, prior_sd: float, components: Mapping[str, tuple[float, float]]
) -> CombinedRow:
    """Inverse-variance combination of ``N(prior_mean, prior_sd^2)`` and independent ``(estimate, SE)``."""
    comps = {"prior": (prior_mean, prior_sd), **components}
    for k, (b, s) in comps.items():
        if not (math.isfinite(b) and math.isfinite(s) and s > 0):
            raise ValueError(f"combine {tenor}/{term}: {k} has estimate {b} and SE {s}")
    prec = {k: 1.0 / s**2 for k, (_, s) in comps.items()}
    total = sum(prec.values())
    est = sum(prec[k] * comps[k][0] for k in comps) / total
    share = 1.0 - prec["prior"] / total
    return CombinedRow(
        tenor,
        term,
        prior_mean,
        prior_sd,
        tuple((k, b, s) for k, (b, s) in components.items()),
        est,
        1.0 / math.sqrt(total),
        tuple((k, prec[k] / total) for k in comps),
        share,
        "data-driven" if share > 0.5 else "prior-driven",
    )


def combine_designs(rows: Sequence[DesignRow], prior: PriorTable) -> tuple[CombinedRow, ...]:
    """The combination rule (module docstring): reads only included main rows of A, B and C."""
    inputs = [r for r in rows if r.design in COMBINED_DESIGNS and r.included and r.se_combination is not None]
    out = []
    for tenor in TENORS:
        for term in ("impact", "long_run"):
            entry = prior.get(tenor, term)
            if (tenor, term) in FIXED_ZERO:
                out.append(
                    CombinedRow(
                        tenor,
                        term,
                        entry.mean_bp_per_pct_gdp,
                        entry.sd_bp_per_pct_gdp,
                        (),
                        0.0,
                        0.0,
                        (),
                        0.0,
                        "fixed at 0 (policy path)",
                    )
                )
                continue
            comps = {
                r.design: (r.estimate, float(r.se_combination or math.nan))
                for r in inputs
                if r.tenor == tenor and r.term == term
            }
            out.append(combine(tenor, term, entry.mean_bp_per_pct_gdp, entry.sd_bp_per_pct_gdp, comps))
    return tuple(out)


def blend_responses(
    combination: Sequence[CombinedRow], prior: PriorTable, config: CalibrationConfig, rng: np.random.Generator
) -> MethodResponses:
    """The ``blend`` responses: impact -> persistent with the prior's decay, joint normal draws."""
    K, H = len(TENORS), config.horizons_q
    by = {(c.tenor, c.term): c for c in combination}
    mean = np.array([[by[(t, "impact")].estimate, by[(t, "long_run")].estimate] for t in TENORS])
    sd = np.array([[by[(t, "impact")].std_error, by[(t, "long_run")].std_error] for t in TENORS])
    share = np.array([[by[(t, "impact")].data_share, by[(t, "long_run")].data_share] for t in TENORS])
    corr_t = (1 - prior.corr_tenors) * np.eye(K) + prior.corr_tenors
    rho = prior.corr_impact_long_run
    corr = np.kron(corr_t, np.array([[1.0, rho], [rho, 1.0]]))
    z = rng.standard_normal((config.n_draws, 2 * K)) @ np.linalg.cholesky(corr).T
    draws_il = mean.ravel() + sd.ravel() * z
    draws_il = draws_il.reshape(-1, K, 2)
    g = prior_decay_weights(prior.half_life_quarters, min(config.long_run_horizons_q), H)

    def curve(impact: FloatArray, long_run: FloatArray) -> FloatArray:
        return np.asarray(long_run[..., None] + (impact - long_run)[..., None] * g, dtype=float)

    irf_point = curve(mean[:, 0], mean[:, 1])
    irf_draws = curve(draws_il[..., 0], draws_il[..., 1])
    var_irf = (
        (g**2) * sd[:, :1] ** 2
        + ((1 - g) ** 2) * sd[:, 1:] ** 2
        + 2 * g * (1 - g) * rho * sd[:, :1] * sd[:, 1:]
    )
    return MethodResponses(
        method="blend",
        irf_point=read_only(irf_point),
        irf_std_error=read_only(np.sqrt(var_irf)),
        long_run_point=read_only(mean[:, 1].copy()),
        long_run_std_error=read_only(sd[:, 1].copy()),
        irf_draws=read_only(irf_draws),
        long_run_draws=read_only(draws_il[..., 1].copy()),
        blend_weight_irf=read_only(g * share[:, :1] + (1 - g) * share[:, 1:]),
        blend_weight_long_run=read_only(share[:, 1].copy()),
        n_obs_irf=np.zeros((K, H + 1), dtype=np.int64),
    )


def blend_parameters(
    combination: Sequence[CombinedRow], old: Sequence[ParameterEstimate], prior: PriorTable
) -> list[ParameterEstimate]:
    """``old`` with the ``blend`` impact and long-run rows of ``calib.parameters`` from the combination."""
    from selloff.calibration.combination import _flags

    by = {(c.tenor, c.term): c for c in combination}
    out = []
    for p in old:
        c = by.get((p.tenor, str(p.term)))
        if p.method != "blend" or c is None:
            out.append(p)
            continue
        parts = ", ".join(f"{k} {w:.0%}" for k, w in c.weights) or "none"
        out.append(
            replace(
                p,
                estimate=c.estimate,
                std_error=c.std_error,
                ci_low=c.estimate - Z90 * c.std_error,
                ci_high=c.estimate + Z90 * c.std_error,
                n_obs=None,
                r_squared=None,
                blend_weight=c.data_share,
                identification_sd=None,
                flags=_flags(
                    c.estimate,
                    c.estimate - Z90 * c.std_error,
                    c.estimate + Z90 * c.std_error,
                    prior.get(p.tenor, c.term),  # type: ignore[arg-type]
                    prior.conversion_gdp_usd_bn,
                )
                if c.std_error > 0
                else (),
                note=f"{c.label}: weights {parts}",
            )
        )
    return out
