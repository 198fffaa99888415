"""The calibration's result types: one frozen :class:`CalibrationResult`, and the rows it is made of.

Downstream code (the store, the CLI, the flows) consumes these, never a statsmodels object or a loose dict.
Estimates are bp per sale worth 1% of GDP (positive = yields rise) unless a field says otherwise;
:attr:`CalibrationResult.bp_per_100bn_factor` converts to bp per $100bn at the reference GDP.
:meth:`CalibrationResult.summary` is the plain-text report for people, :meth:`CalibrationResult.to_dict`
the JSON of ``selloff calibrate --json``, :meth:`CalibrationResult.parameters_frame` the ``calib.parameters``
rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.calibration.config import (
    METHODS,
    TERMS,
    UNITS_100BN,
    UNITS_PCT_GDP,
    CalibrationConfig,
    ParameterTerm,
    Term,
)
from selloff.calibration.impact import Method
from selloff.calibration.panels import FLOW_MEASURES, FlowMeasure
from selloff.calibration.prior import PriorTable
from selloff.calibration.regression import RegressionFit
from selloff.tenors import Tenor

if TYPE_CHECKING:
    from selloff.calibration.identified import CombinedRow, DesignRow

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ParameterEstimate:
    """One row of the contract table, before unit conversion.

    ``estimate`` / ``std_error`` / ``ci_*`` are bp per 1% of GDP sold for ``impact`` and ``long_run``, a
    ratio for ``long_run_share`` and quarters for ``half_life``. ``blend_weight`` is the weight on the data
    (1 for ``data``, 0 for ``prior``).
    """

    tenor: Tenor
    term: ParameterTerm
    method: Method
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    n_obs: int | None
    r_squared: float | None
    blend_weight: float | None
    estimable: bool
    identification_sd: float | None = None
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RegressionRow:
    """A subsample, rolling-window or robustness regression (calib.regressions)."""

    spec: str
    sample_label: str
    tenor: Tenor
    term: Term
    flow_measure: str
    frequency: Literal["Q", "M"]
    units: str
    estimable: bool
    sample_start: date | None
    sample_end: date | None
    n_obs: int
    estimate: float | None = None
    std_error: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    r_squared: float | None = None
    note: str = ""


@dataclass(frozen=True)
class DSensitivityRow:
    """The flow coefficient under an assumed duration of market-value holdings (calib.d_sensitivity)."""

    flow_measure: FlowMeasure
    tenor: Tenor
    term: Term
    duration_years: float
    plausible: bool
    estimable: bool
    n_obs: int
    estimate: float | None = None
    std_error: float | None = None
    note: str = ""


@dataclass(frozen=True)
class EpisodeReplay:
    """Model-implied against actual yield moves in a named episode (calib.episodes)."""

    episode: str
    method: Method
    tenor: Tenor
    baseline_month: date
    end_month: date
    sale_usd_bn: float
    gdp_usd_bn: float
    sale_pct_gdp: float
    implied_bp: float
    implied_p5_bp: float
    implied_p95_bp: float
    actual_monthly_bp: float | None
    actual_published_bp: float | None
    custody_change_usd_bn: float | None
    description: str
    confounders: str


@dataclass(frozen=True)
class MethodResponses:
    """Point responses and joint draws of one method, bp per sale of 1% of GDP.

    ``irf_*`` have shape (tenors, horizons) and draws (draws, tenors, horizons); ``long_run_*`` drop the
    horizon axis. ``blend_weight_*`` is the weight on the data (NaN where the data are not estimable).
    """

    method: Method
    irf_point: FloatArray
    irf_std_error: FloatArray
    long_run_point: FloatArray
    long_run_std_error: FloatArray
    irf_draws: FloatArray
    long_run_draws: FloatArray
    blend_weight_irf: FloatArray
    blend_weight_long_run: FloatArray
    n_obs_irf: npt.NDArray[np.int64]


@dataclass(frozen=True)
class CalibrationResult:
    """Everything one calibration produced; :meth:`summary` for people, the fields for storage."""

    config: CalibrationConfig
    prior: PriorTable
    vintage: date | None
    as_of: date | None
    spec: str
    tenors: tuple[Tenor, ...]
    horizons_q: npt.NDArray[np.int64]
    sample_start: date
    sample_end: date
    n_obs: int
    reference_quarter: date
    reference_gdp_usd_bn: float
    largest_sale_pct_gdp: float
    largest_sale_quarter: date
    parameters: tuple[ParameterEstimate, ...]
    responses: tuple[MethodResponses, ...]
    fits: tuple[tuple[Tenor, int, RegressionFit | None, str], ...]
    """(tenor, column, fit or None, reason if not estimable): h = 0..H, then H + 1 = long run."""
    identification_sd: FloatArray
    """Spread of the flow coefficient across flow measures and plausible durations, (tenors, H + 2)."""
    d_sensitivity: tuple[DSensitivityRow, ...]
    regressions: tuple[RegressionRow, ...]
    episodes: tuple[EpisodeReplay, ...]
    data_method_allowed: bool
    data_method_reason: str
    notes: tuple[str, ...] = field(default=())
    designs: tuple[DesignRow, ...] = field(default=())
    """Every estimate of the identified designs A-D (calib.designs)."""
    combination: tuple[CombinedRow, ...] = field(default=())
    """The combination rule's result per tenor and term: what ``blend`` uses (calib.combination)."""
    japan_holdings_usd_bn: float | None = None
    """Japan's Treasury holdings (TIC, $bn) in the latest quarter of the calibration panel."""
    japan_holdings_quarter: date | None = None
    marketable_to_gdp: float | None = None
    """Debt held by the public (the marketable-debt proxy) / GDP in the reference quarter: a per-%-of-GDP
    effect times this is the effect per pp of marketable debt (``scaling_base = "marketable_debt"``)."""

    @property
    def bp_per_100bn_factor(self) -> float:
        """Multiply bp per 1% of GDP by this to get bp per $100bn at the reference GDP."""
        return 100.0 * 100.0 / self.reference_gdp_usd_bn

    def response(self, method: Method) -> MethodResponses:
        for responses in self.responses:
            if responses.method == method:
                return responses
        raise KeyError(method)

    def parameter(self, tenor: Tenor, term: ParameterTerm, method: Method) -> ParameterEstimate:
        for p in self.parameters:
            if (p.tenor, p.term, p.method) == (tenor, term, method):
                return p
        raise KeyError((tenor, term, method))

    def fit(self, tenor: Tenor, term: Term) -> RegressionFit | None:
        column = 0 if term == "impact" else self.config.horizons_q + 1
        for t, c, fit, _ in self.fits:
            if t == tenor and c == column:
                return fit
        raise KeyError((tenor, term))

    def parameters_frame(self) -> pd.DataFrame:
        """The ``calib.parameters`` rows (without run_id): impact and long run in both contract units."""
        rows: list[dict[str, Any]] = []
        factor = self.bp_per_100bn_factor
        for p in self.parameters:
            unit_sets: list[tuple[str, float]]
            if p.term in ("impact", "long_run"):
                unit_sets = [(UNITS_PCT_GDP, 1.0), (UNITS_100BN, factor)]
            else:
                unit_sets = [("share of impact" if p.term == "long_run_share" else "quarters", 1.0)]
            prior = self.prior.get(p.tenor, p.term) if p.term == "impact" or p.term == "long_run" else None
            for units, scale in unit_sets:
                rows.append(
                    {
                        "tenor": p.tenor,
                        "term": p.term,
                        "estimate": _scaled(p.estimate, scale),
                        "std_error": _scaled(p.std_error, scale),
                        "ci_low": _scaled(p.ci_low, scale),
                        "ci_high": _scaled(p.ci_high, scale),
                        "units": units,
                        "method": p.method,
                        "n_obs": p.n_obs,
                        "r_squared": p.r_squared,
                        "blend_weight": p.blend_weight,
                        "estimable": p.estimable,
                        "identification_sd": _scaled(p.identification_sd, scale),
                        "prior_mean": _scaled(prior.mean_bp_per_pct_gdp, scale) if prior else None,
                        "prior_sd": _scaled(prior.sd_bp_per_pct_gdp, scale) if prior else None,
                        "published_low_bp_per_100bn": prior.published_low_bp_per_100bn if prior else None,
                        "published_high_bp_per_100bn": prior.published_high_bp_per_100bn if prior else None,
                        "flags": list(p.flags),
                        "note": p.note,
                    }
                )
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """A plain-text report: per tenor, impact and long run per $100bn by method, with 90% intervals."""
        factor = self.bp_per_100bn_factor
        level = round(100 * self.config.ci_level)
        header = (
            f"{'tenor':<5} {'term':<9} {'data':>24} {'prior':>24} {'blend':>24} {'N':>4} {'R²':>5} {'w':>5}"
        )
        out = [
            f"Price impact of foreign Treasury sales — {self.spec}",
            f"sample {self.sample_start:%Y-%m}..{self.sample_end:%Y-%m} (N={self.n_obs}), data vintage "
            f"{self.vintage}, as of {self.as_of or 'latest'}",
            f"bp per $100bn sold at GDP ${self.reference_gdp_usd_bn:,.0f}bn "
            f"({self.reference_quarter:%Y-%m}); positive = yields rise",
            f"{header}  flags",
        ]
        for tenor in self.tenors:
            for term in TERMS:
                cells = [_cell(self.parameter(tenor, term, method), factor) for method in METHODS]
                data_p, blend_p = self.parameter(tenor, term, "data"), self.parameter(tenor, term, "blend")
                n = f"{data_p.n_obs}" if data_p.n_obs else "-"
                r2 = f"{data_p.r_squared:.2f}" if data_p.r_squared is not None else "-"
                w = f"{blend_p.blend_weight:.2f}" if blend_p.blend_weight is not None else "-"
                flags = sorted(set(data_p.flags) | {f"blend:{f}" for f in blend_p.flags})
                out.append(
                    f"{tenor:<5} {term:<9} {' '.join(cells)} {n:>4} {r2:>5} {w:>5}  {', '.join(flags)}"
                )
        out.append(f"({level}% intervals; data: Newey-West, Student t; prior/blend: normal)")
        if self.combination:
            out.append(
                "blend = the combination rule (impact: prior + A + B; persistent: prior + C; D never):"
            )
            by_debt = self.config.scaling_base == "marketable_debt" and self.marketable_to_gdp is not None
            unit = "bp per pp of marketable debt" if by_debt else "bp per $100bn"
            scale = (self.marketable_to_gdp or 1.0) if by_debt else factor
            for c in self.combination:
                parts = ", ".join(f"{k} {w:.0%}" for k, w in c.weights) or "-"
                out.append(
                    f"  {c.tenor:<4} {c.term:<9} {c.estimate * scale:>7.2f} {unit}  {c.label} ({parts})"
                )
            for r in self.designs:
                if r.tenor == "10y" and r.variant in ("main", "main_acm", "custody_lp_repaired"):
                    use = "included" if r.included else f"excluded: {r.exclusion_reason}"
                    out.append(
                        f"  design {r.design} 10y {r.term:<9} {r.estimate * factor:>6.2f} "
                        f"[{r.ci_low * factor:.2f}, {r.ci_high * factor:.2f}] per $100bn, N={r.n} ({use})"
                    )
        out.append(f"--method data allowed: {self.data_method_allowed} — {self.data_method_reason}")
        out.append("D-sensitivity, 10y impact (bp per $100bn) by assumed duration of market-value holdings:")
        for measure in FLOW_MEASURES:
            cells = [
                f"D={r.duration_years:g}:"
                + (f"{r.estimate * factor:+.1f}" if r.estimate is not None else "n/a")
                for r in self.d_sensitivity
                if r.flow_measure == measure and r.tenor == "10y" and r.term == "impact"
            ]
            if cells:
                out.append(f"  {measure:<16} {' '.join(cells)}")
        if self.episodes:
            out.append("Episode replay, 10y (bp): blend impact for the sale [5%, 95%] vs the actual move:")
        for e in self.episodes:
            if e.tenor == "10y" and e.method == "blend":
                actual = f"{e.actual_monthly_bp:+.0f}" if e.actual_monthly_bp is not None else "n/a"
                published = (
                    f", published {e.actual_published_bp:+.0f}" if e.actual_published_bp is not None else ""
                )
                out.append(
                    f"  {e.episode:<18} ${e.sale_usd_bn:,.0f}bn ({e.sale_pct_gdp:.2f}% GDP): "
                    f"{e.implied_bp:+.1f} [{e.implied_p5_bp:+.1f}, {e.implied_p95_bp:+.1f}]; "
                    f"monthly average {actual}{published}"
                )
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out)

    def artifact_rows(self) -> list[dict[str, Any]]:
        """Per tenor and term: data, prior and blend in bp per $100bn sold, blend weight, N (for Prefect)."""
        factor = self.bp_per_100bn_factor
        rows: list[dict[str, Any]] = []
        for tenor in self.tenors:
            for term in ("impact", "long_run"):
                data, blend = self.parameter(tenor, term, "data"), self.parameter(tenor, term, "blend")
                rows.append(
                    {
                        "tenor": tenor,
                        "term": term,
                        **{
                            f"{m}_bp_per_100bn": _rounded(
                                _scaled(self.parameter(tenor, term, m).estimate, factor)
                            )
                            for m in METHODS
                        },
                        "blend_weight_on_data": _rounded(blend.blend_weight),
                        "n_obs": data.n_obs,
                        "flags": ", ".join(data.flags),
                    }
                )
        return rows

    def headline_bp_per_100bn(self, tenor: Tenor = "10y") -> dict[str, dict[str, float | None]]:
        """``{term: {method: estimate}}``, impact and long run, bp per $100bn sold (None: not estimable)."""
        factor = self.bp_per_100bn_factor
        return {
            term: {m: _scaled(self.parameter(tenor, term, m).estimate, factor) for m in METHODS}
            for term in ("impact", "long_run")
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary for ``selloff calibrate --json``: run, parameters, identification, episodes."""
        frame = self.parameters_frame()
        return {
            "spec": self.spec,
            "sample_start": self.sample_start.isoformat(),
            "sample_end": self.sample_end.isoformat(),
            "n_obs": self.n_obs,
            "data_vintage": self.vintage.isoformat() if self.vintage else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "reference_quarter": self.reference_quarter.isoformat(),
            "reference_gdp_usd_bn": self.reference_gdp_usd_bn,
            "largest_sale_pct_gdp": self.largest_sale_pct_gdp,
            "ci_level": self.config.ci_level,
            "data_method_allowed": self.data_method_allowed,
            "data_method_reason": self.data_method_reason,
            "parameters": _json_records(frame),
            "d_sensitivity": [
                {**r.__dict__, "estimate_bp_per_100bn": _scaled(r.estimate, self.bp_per_100bn_factor)}
                for r in self.d_sensitivity
            ],
            "episodes": [
                {
                    **e.__dict__,
                    "baseline_month": e.baseline_month.isoformat(),
                    "end_month": e.end_month.isoformat(),
                }
                for e in self.episodes
            ],
            "notes": list(self.notes),
            "config": self.config.as_dict(),
            "designs": self.designs_side_by_side(),
        }

    def designs_side_by_side(self) -> dict[str, Any]:
        """Per tenor and term: the prior, each design's main estimate and the combination, per 1% of GDP and
        per $100bn (90% intervals). What the Japan headline would be under each design alone comes from the
        projection engine (:mod:`selloff.design_headlines`, ``design_headlines`` in ``calibrate --json``)."""
        f = self.bp_per_100bn_factor
        ratio = self.marketable_to_gdp

        def entry(est: float, lo: float, hi: float, **extra: Any) -> dict[str, Any]:
            out = {
                "bp_per_pct_gdp": est,
                "ci90_bp_per_pct_gdp": [lo, hi],
                "bp_per_100bn": est * f,
                "ci90_bp_per_100bn": [lo * f, hi * f],
                **extra,
            }
            if ratio is not None:
                out["bp_per_pp_marketable_debt"] = est * ratio
            return out

        tenors: dict[str, Any] = {}
        z = 1.6448536269514722
        for c in self.combination:
            sources: dict[str, Any] = {
                "prior": entry(c.prior_mean, c.prior_mean - z * c.prior_sd, c.prior_mean + z * c.prior_sd),
            }
            for r in self.designs:
                if (
                    r.tenor == c.tenor
                    and r.term == c.term
                    and r.variant in ("main", "main_acm", "custody_lp_repaired")
                ):
                    sources[r.design] = entry(
                        r.estimate,
                        r.ci_low,
                        r.ci_high,
                        n=r.n,
                        included=r.included,
                        exclusion_reason=r.exclusion_reason,
                        identifying_assumption=r.identifying_assumption,
                        sample=[str(r.sample_start), str(r.sample_end)],
                    )
            sources["combination"] = entry(
                c.estimate,
                c.estimate - z * c.std_error,
                c.estimate + z * c.std_error,
                label=c.label,
                weights=dict(c.weights),
            )
            tenors.setdefault(c.tenor, {})["persistent" if c.term == "long_run" else "impact"] = sources
        return {
            "reference_gdp_usd_bn": self.reference_gdp_usd_bn,
            "reference_quarter": self.reference_quarter.isoformat(),
            "scaling_base": self.config.scaling_base,
            "marketable_to_gdp": ratio,
            "japan_holdings_usd_bn": self.japan_holdings_usd_bn,
            "japan_holdings_quarter": self.japan_holdings_quarter.isoformat()
            if self.japan_holdings_quarter
            else None,
            "tenors": tenors,
        }


def _cell(p: ParameterEstimate, factor: float) -> str:
    if p.estimate is None or p.ci_low is None or p.ci_high is None:
        return f"{'not estimable':>24}"
    return f"{p.estimate * factor:>7.1f} [{p.ci_low * factor:>6.1f},{p.ci_high * factor:>6.1f}]".rjust(24)


def _json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = frame.to_dict("records")
    return [
        {str(k): (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
        for row in records
    ]


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale
