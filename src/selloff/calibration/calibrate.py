r"""Calibration of the price impact of foreign Treasury sales (the only module that imports statsmodels).

Pure functions: panels (pandas frames from :mod:`selloff.calibration.store`) and a prior table in, a frozen
:class:`CalibrationResult` out. No DuckDB, no clock, no environment, no global random state; the one
random generator is seeded from :attr:`CalibrationConfig.seed`, so the same panels give the same numbers.

Model
-----
For each tenor :math:`k`, quarter :math:`t` and horizon :math:`h = 0 \dots H` (local projections, Jordà 2005):

.. math::

    y_{k,t+h} - y_{k,t-1} = \alpha_{k,h} + \beta_{k,h}\, S_t + \gamma_{k,h}' Z_{k,t} + \varepsilon_{k,t+h}

* :math:`y` — the yield at the end of the quarter (the quarter's last monthly average), in bp.
* :math:`S_t` — net foreign **sales** in quarter :math:`t`, % of GDP (GDP at a seasonally adjusted annual
  rate): a sale is positive, so :math:`\beta > 0` means sales raise yields (the contract sign).
* :math:`Z_{k,t}` — controls: the change in the policy rate (bp), Fed net purchases (% of GDP; 0 where
  TREAST is missing), the shares of the quarter in QE / QT programmes *where TREAST is missing*, the change
  in debt held by the public (pp of GDP) and the lagged change of the yield itself (bp).

:math:`\beta_{k,0}` is the **impact**; the **long run** is the mean response 6–8 quarters out, estimated
as one regression whose dependent variable is :math:`\tfrac13\sum_{h=6}^{8}(y_{k,t+h} - y_{k,t-1})` (the
same number as averaging the three projections on their common sample, with its own HAC error). All
errors are Newey–West (Bartlett kernel, small-sample correction :math:`n/(n-k)`, Student-t intervals),
with at least :math:`h + 1` lags because a projection's errors overlap.

Uncertainty
-----------
A moving-block bootstrap (blocks of two years) re-estimates every tenor and horizon on the same resampled
quarters, which gives the joint dependence across tenors and horizons; each coefficient's draws are then
rescaled to its reported (Newey–West) error. Prior draws are joint normal (:func:`_prior_responses`).
Blend draws combine the two per parameter with the blend weight :math:`w`,

.. math:: \beta^{(d)}_{blend} = w\,\beta^{(d)}_{data} + (1 - w)\,\beta^{(d)}_{prior},

which has the posterior mean and variance of :func:`blend` and keeps the cross-tenor correlation.

Identification (what the estimate is and is not)
------------------------------------------------
* The primary flow measure is WMTSECL1, Treasuries held in custody at the New York Fed for foreign
  official and international accounts, at **face value**: its changes are transactions, free of the
  mechanical valuation effect (yields up → market value down) that biases regressions on market-value
  holdings toward "sales raise yields". It covers official holders only, from mid-2007.
* Market-value measures (FDHBFIN from 1970, TIC foreign official from 2000) need a valuation adjustment
  :math:`F = \Delta H + D\,H_{t-1}\,\Delta y / 10^4` with an assumed duration :math:`D` (years). That puts
  the dependent variable on the right-hand side, and the sign of the estimate flips with :math:`D`; the
  D-sensitivity table (:func:`d_sensitivity`) is therefore a required diagnostic, and
  :func:`data_method_allowed` refuses the data-only estimate for projections when its sign is not stable over
  the plausible range of :math:`D`.
* Reverse causality: official buyers react to yields (they buy when global yields rise; they sell in
  dash-for-cash episodes when yields fall), which biases OLS toward zero or past it. OLS here identifies a
  conditional correlation, not the causal price impact; nothing in this regression isolates exogenous
  sales. The data estimate is blended with a literature prior (Theil–Goldberger mixed estimation) whose
  weight on the data also counts the spread of the estimate across identification assumptions.
* The short end (3m, 1y) is driven by the policy rate; its coefficients are reported but projections
  should take a policy-rate path for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize, stats
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, breaks_cusumolsresid
from statsmodels.stats.stattools import durbin_watson, jarque_bera

from selloff.calibration.impact import Method, PriceImpact
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]

Term = Literal["impact", "long_run"]
ParameterTerm = Literal["impact", "long_run", "long_run_share", "half_life"]
FlowMeasure = Literal["custody_face", "foreign_mv", "tic_official_mv"]
METHODS: tuple[Method, ...] = get_args(Method)
TERMS: tuple[Term, ...] = get_args(Term)
FLOW_MEASURES: tuple[FlowMeasure, ...] = get_args(FlowMeasure)
POLICY_DRIVEN_TENORS: tuple[Tenor, ...] = ("3m", "1y")

UNITS_PCT_GDP = "bp per 1% of GDP"
UNITS_100BN = "bp per $100bn"


@dataclass(frozen=True)
class FlowMeasureSpec:
    """A measure of net foreign purchases in the quarterly panel."""

    name: FlowMeasure
    net_change_usd_bn: str
    start_holdings_usd_bn: str | None
    """Holdings at the start of the quarter ($bn), for the valuation adjustment; None for face value."""
    valuation_basis: Literal["face", "market"]
    series: str
    description: str


FLOW_MEASURE_SPECS: dict[FlowMeasure, FlowMeasureSpec] = {
    "custody_face": FlowMeasureSpec(
        "custody_face",
        "custody_net_purchases_usd_bn",
        None,
        "face",
        "WMTSECL1",
        "Fed custody holdings for foreign official accounts, face value, from 2007Q3",
    ),
    "foreign_mv": FlowMeasureSpec(
        "foreign_mv",
        "foreign_mv_net_change_usd_bn",
        "foreign_mv_start_usd_bn",
        "market",
        "FDHBFIN",
        "all foreign holders (Treasury Bulletin), market value, from 1970",
    ),
    "tic_official_mv": FlowMeasureSpec(
        "tic_official_mv",
        "tic_official_net_change_usd_bn",
        "tic_official_start_usd_bn",
        "market",
        "TIC For. Official",
        "TIC foreign official holders, market value, from 2000 (series breaks stepped over)",
    ),
}

# Columns the calibration reads, and the series a user has to refresh when one is empty.
QUARTERLY_COLUMNS: dict[str, str] = {
    **{
        f"d_yield_{tenor}_bp": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    "d_policy_rate_bp": "FEDFUNDS",
    "gdp_usd_bn": "GDP",
    "d_debt_public_pct_gdp": "FYGFDPUN and GDP",
    "custody_net_purchases_usd_bn": "WMTSECL1",
    "foreign_mv_net_change_usd_bn": "FDHBFIN",
    "foreign_mv_start_usd_bn": "FDHBFIN",
    "tic_official_net_change_usd_bn": "TIC holdings (For. Official)",
    "tic_official_start_usd_bn": "TIC holdings (For. Official)",
    "fed_net_purchases_pct_gdp": "TREAST",
    "fed_series_available": "TREAST",
    "qe_share": "stg.fed_balance_sheet_regimes",
    "qt_share": "stg.fed_balance_sheet_regimes",
}
# Empty optional columns only cost a sensitivity check (noted); empty required ones stop the calibration.
OPTIONAL_QUARTERLY_COLUMNS = frozenset(
    {"tic_official_net_change_usd_bn", "tic_official_start_usd_bn", "fed_net_purchases_pct_gdp"}
)
MONTHLY_COLUMNS: dict[str, str] = {
    **{
        f"yield_{tenor}_pct": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    **{
        f"d_yield_{tenor}_bp": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    "d_policy_rate_bp": "FEDFUNDS",
    "custody_net_purchases_usd_bn": "WMTSECL1",
    "custody_face_eop_usd_bn": "WMTSECL1",
    "fed_regime": "stg.fed_balance_sheet_regimes",
}


def term_columns(horizons_q: int) -> tuple[tuple[Term, int], ...]:
    """The response columns of the two contract terms: impact (h = 0) and long run (after h = H)."""
    return (("impact", 0), ("long_run", horizons_q + 1))


REGRESSORS: tuple[str, ...] = (
    "const",
    "net_sales_pct_gdp",
    "d_policy_rate_bp",
    "fed_net_purchases_pct_gdp",
    "qe_share_no_fed_data",
    "qt_share_no_fed_data",
    "d_debt_public_pct_gdp",
    "lag_d_yield_bp",
)
FLOW_REGRESSOR = "net_sales_pct_gdp"


# ---------------------------------------------------------------------------------------------------
# inputs: panels, prior, settings
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Panels:
    """The calibration inputs read from ``marts.panel_quarterly`` / ``marts.panel_monthly``.

    ``quarterly`` has one row per quarter (column ``quarter``, first day), ``monthly`` one row per month
    (column ``month``); both gap-free and sorted. ``vintage`` is the latest ``realtime_start`` of the data
    used; ``as_of`` the ``--as-of`` date they were read at (None = latest vintage).
    """

    quarterly: pd.DataFrame
    monthly: pd.DataFrame
    vintage: date | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class PriorEntry:
    """The literature prior for one tenor and term, bp per sale of 1% of GDP."""

    tenor: Tenor
    term: Term
    mean_bp_per_pct_gdp: float
    sd_bp_per_pct_gdp: float
    sources: tuple[str, ...]
    published_low_bp_per_100bn: float | None = None
    published_high_bp_per_100bn: float | None = None


@dataclass(frozen=True)
class PriorTable:
    """The checked-in prior (``selloff/data/priors.toml``)."""

    entries: tuple[PriorEntry, ...]
    half_life_quarters: float
    corr_tenors: float
    corr_impact_long_run: float
    conversion_gdp_usd_bn: float
    source: str = ""

    def __post_init__(self) -> None:
        keys = [(e.tenor, e.term) for e in self.entries]
        missing = [f"{t}/{m}" for t in TENORS for m in TERMS if (t, m) not in keys]
        if missing:
            raise ValueError(f"prior table has no entry for {', '.join(missing)}")
        if len(set(keys)) != len(keys):
            raise ValueError("prior table has duplicate (tenor, term) entries")
        for e in self.entries:
            if not (math.isfinite(e.mean_bp_per_pct_gdp) and e.sd_bp_per_pct_gdp > 0):
                raise ValueError(f"prior {e.tenor}/{e.term}: mean must be finite and sd positive")
        if self.half_life_quarters <= 0:
            raise ValueError(f"prior half_life_quarters must be positive, got {self.half_life_quarters}")
        for name in ("corr_tenors", "corr_impact_long_run"):
            value = getattr(self, name)
            if not -1 < value < 1:
                raise ValueError(f"prior {name} must be in (-1, 1), got {value}")

    def get(self, tenor: Tenor, term: Term) -> PriorEntry:
        for entry in self.entries:
            if entry.tenor == tenor and entry.term == term:
                return entry
        raise KeyError((tenor, term))


def parse_prior(raw: Mapping[str, Any]) -> PriorTable:
    """Validate the parsed ``priors.toml`` mapping into a :class:`PriorTable` (``ValueError`` if bad)."""
    try:
        entries = tuple(
            PriorEntry(
                tenor=_checked(row["tenor"], TENORS, "tenor"),
                term=_checked(row["term"], TERMS, "term"),
                mean_bp_per_pct_gdp=float(row["mean_bp_per_pct_gdp"]),
                sd_bp_per_pct_gdp=float(row["sd_bp_per_pct_gdp"]),
                sources=tuple(str(s) for s in row.get("sources", ())),
                published_low_bp_per_100bn=_opt_float(row.get("published_low_bp_per_100bn")),
                published_high_bp_per_100bn=_opt_float(row.get("published_high_bp_per_100bn")),
            )
            for row in raw["prior"]
        )
        return PriorTable(
            entries=entries,
            half_life_quarters=float(raw["half_life_quarters"]),
            corr_tenors=float(raw["corr_tenors"]),
            corr_impact_long_run=float(raw["corr_impact_long_run"]),
            conversion_gdp_usd_bn=float(raw["conversion_gdp_usd_bn"]),
            source=str(raw.get("source", "")),
        )
    except KeyError as exc:
        raise ValueError(f"prior table is missing the field {exc.args[0]!r}") from None


def _checked(value: Any, allowed: tuple[str, ...], name: str) -> Any:
    if value not in allowed:
        raise ValueError(f"prior {name}={value!r} not in {allowed}")
    return value


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Subsample:
    """A named subsample of the primary regression: quarters in [start, end] minus ``exclude`` ranges."""

    label: str
    start: date | None = None
    end: date | None = None
    exclude: tuple[tuple[date, date], ...] = ()


DEFAULT_SUBSAMPLES: tuple[Subsample, ...] = (
    Subsample("to 2014Q4 (QE era)", end=date(2014, 10, 1)),
    Subsample("from 2015Q1", start=date(2015, 1, 1)),
    # the two dash-for-cash quarters pairs, where official sales met falling yields
    Subsample(
        "without 2008Q3-2009Q2 and 2020Q1-Q2",
        exclude=((date(2008, 7, 1), date(2009, 4, 1)), (date(2020, 1, 1), date(2020, 4, 1))),
    ),
)


@dataclass(frozen=True)
class CalibrationConfig:
    """Settings of one calibration; every field is recorded with the run.

    Durations are in years, horizons in quarters.
    """

    primary_flow: FlowMeasure = "custody_face"
    horizons_q: int = 8
    long_run_horizons_q: tuple[int, ...] = (6, 7, 8)
    duration_grid_years: tuple[float, ...] = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)
    plausible_duration_years: tuple[float, float] = (2.0, 7.0)
    """Modified duration of foreign holdings: marketable debt's average maturity was 62-72 months in
    2020-2025 (research S3), i.e. a duration of about 4-5 years; official holders hold more bills (lower),
    private holders longer bonds (higher)."""
    valuation_yield_tenor: Tenor = "5y"
    """The yield whose change revalues market-value holdings (the tenor nearest their duration)."""
    min_obs_quarterly: int = 40
    min_obs_monthly: int = 60
    ci_level: float = 0.90
    n_draws: int = 1000
    block_length_q: int = 8
    """Moving-block bootstrap block: two years, about the 9-quarter overlap of the long-run regression."""
    seed: int = 20250101
    chow_break: date = date(2015, 1, 1)
    """Stated break date of the Chow test: QE3 purchases ended Oct 2014 and China's reserve drawdown began."""
    rolling_window_q: int = 40
    rolling_step_q: int = 4
    subsamples: tuple[Subsample, ...] = DEFAULT_SUBSAMPLES
    identification_variance: bool = True
    """Count the spread of the estimate across flow measures and plausible durations as data variance in
    the blend (False = textbook mixed estimation on sampling variance only)."""
    breusch_godfrey_lags: int = 4

    def __post_init__(self) -> None:
        if self.primary_flow not in FLOW_MEASURES:
            raise ValueError(f"primary_flow={self.primary_flow!r} not in {FLOW_MEASURES}")
        if FLOW_MEASURE_SPECS[self.primary_flow].valuation_basis != "face":
            raise ValueError("primary_flow must be a face-value measure (custody_face): see the module notes")
        if not 1 <= self.horizons_q <= 20:
            raise ValueError(f"horizons_q must be in 1..20, got {self.horizons_q}")
        if not self.long_run_horizons_q or any(
            not 0 <= h <= self.horizons_q for h in self.long_run_horizons_q
        ):
            raise ValueError(
                f"long_run_horizons_q {self.long_run_horizons_q} must lie in 0..{self.horizons_q}"
            )
        low, high = self.plausible_duration_years
        if not 0 <= low < high:
            raise ValueError(
                f"plausible_duration_years {self.plausible_duration_years} must be 0 <= low < high"
            )
        if not any(low <= d <= high for d in self.duration_grid_years):
            raise ValueError("duration_grid_years has no point inside plausible_duration_years")
        if self.min_obs_quarterly < 10 or self.min_obs_monthly < 10:
            raise ValueError("min_obs_* must be at least 10")
        if not 0.5 <= self.ci_level < 1:
            raise ValueError(f"ci_level must be in [0.5, 1), got {self.ci_level}")
        if self.n_draws < 10:
            raise ValueError(f"n_draws must be at least 10, got {self.n_draws}")
        if self.block_length_q < 1:
            raise ValueError(f"block_length_q must be positive, got {self.block_length_q}")
        if self.rolling_window_q < self.min_obs_quarterly:
            raise ValueError("rolling_window_q must be at least min_obs_quarterly")

    @property
    def plausible_durations(self) -> tuple[float, ...]:
        low, high = self.plausible_duration_years
        return tuple(d for d in self.duration_grid_years if low <= d <= high)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe settings, as recorded on the run."""
        return {
            "primary_flow": self.primary_flow,
            "horizons_q": self.horizons_q,
            "long_run_horizons_q": list(self.long_run_horizons_q),
            "duration_grid_years": list(self.duration_grid_years),
            "plausible_duration_years": list(self.plausible_duration_years),
            "valuation_yield_tenor": self.valuation_yield_tenor,
            "min_obs_quarterly": self.min_obs_quarterly,
            "min_obs_monthly": self.min_obs_monthly,
            "ci_level": self.ci_level,
            "n_draws": self.n_draws,
            "block_length_q": self.block_length_q,
            "seed": self.seed,
            "chow_break": self.chow_break.isoformat(),
            "rolling_window_q": self.rolling_window_q,
            "rolling_step_q": self.rolling_step_q,
            "subsamples": [s.label for s in self.subsamples],
            "identification_variance": self.identification_variance,
            "breusch_godfrey_lags": self.breusch_godfrey_lags,
        }


# ---------------------------------------------------------------------------------------------------
# one regression: OLS with Newey-West errors, and its diagnostics
# ---------------------------------------------------------------------------------------------------


class NotEstimableError(ValueError):
    """A regression cannot be fitted (too few observations or a singular design); the message says why."""


@dataclass(frozen=True)
class Diagnostics:
    """Residual and stability diagnostics of one OLS fit (p-values next to their statistics)."""

    durbin_watson: float
    breusch_godfrey_lm: float
    breusch_godfrey_pvalue: float
    breusch_godfrey_lags: int
    jarque_bera: float
    jarque_bera_pvalue: float
    cusum: float
    cusum_pvalue: float
    chow_break: date
    chow_f: float
    chow_pvalue: float
    condition_number: float


@dataclass(frozen=True)
class RegressionFit:
    """One OLS fit with Newey-West covariance: our result type, never a statsmodels object.

    ``params``, ``std_errors`` and ``cov`` are in the units of the dependent variable (bp) per unit of
    each regressor (``names``); ``cov`` is the HAC covariance.
    """

    names: tuple[str, ...]
    params: FloatArray
    std_errors: FloatArray
    cov: FloatArray
    n_obs: int
    df_resid: int
    r_squared: float
    hac_maxlags: int
    sample_start: date
    sample_end: date
    dropped: tuple[str, ...] = ()
    """Regressors left out because they do not vary in the sample (e.g. QT share before 2024)."""
    diagnostics: Diagnostics | None = None

    def coef(self, name: str = FLOW_REGRESSOR) -> float:
        return float(self.params[self.names.index(name)])

    def se(self, name: str = FLOW_REGRESSOR) -> float:
        return float(self.std_errors[self.names.index(name)])

    def p_value(self, name: str = FLOW_REGRESSOR) -> float:
        """Two-sided p-value of a zero coefficient (Student t, residual degrees of freedom)."""
        return float(2 * stats.t.sf(abs(self.coef(name) / self.se(name)), self.df_resid))

    def ci(self, level: float, name: str = FLOW_REGRESSOR) -> tuple[float, float]:
        """Student-t interval with the residual degrees of freedom."""
        half = stats.t.ppf(0.5 + level / 2, self.df_resid) * self.se(name)
        return self.coef(name) - half, self.coef(name) + half

    def summary(self) -> str:
        lines = [
            f"OLS, Newey-West ({self.hac_maxlags} lags), N={self.n_obs}, R²={self.r_squared:.3f}, "
            f"{self.sample_start:%Y-%m}..{self.sample_end:%Y-%m}"
        ]
        lines += [
            f"  {n:<28} {p:>10.3f}  ({s:.3f})"
            for n, p, s in zip(self.names, self.params, self.std_errors, strict=True)
        ]
        if self.dropped:
            lines.append(f"  dropped (no variation): {', '.join(self.dropped)}")
        return "\n".join(lines)


def hac_maxlags_rule(n_obs: int) -> int:
    r"""Newey–West's automatic lag length :math:`\lfloor 4 (n/100)^{2/9} \rfloor`."""
    return math.floor(4 * (n_obs / 100.0) ** (2.0 / 9.0))


def fit_ols_hac(
    y: npt.ArrayLike,
    X: npt.ArrayLike,
    names: Sequence[str],
    *,
    maxlags: int,
    dates: Sequence[date] | None = None,
    min_obs: int = 10,
    diagnostics: bool = False,
    chow_break: date | None = None,
    breusch_godfrey_lags: int = 4,
) -> RegressionFit:
    r"""OLS of ``y`` on ``X`` with a Newey–West (HAC) covariance.

    .. math::

        \hat\beta = (X'X)^{-1} X'y, \qquad
        \hat V = \frac{n}{n-k}\,(X'X)^{-1}\Big[\sum_{l=-L}^{L}\Big(1 - \frac{|l|}{L+1}\Big)
        \sum_t \hat u_t \hat u_{t-l}\, x_t x_{t-l}'\Big](X'X)^{-1}

    Parameters
    ----------
    y, X
        Dependent variable (n,) and regressors (n, k), consecutive periods, no missing values.
    names
        Regressor names (``"const"`` for the intercept); the flow coefficient is ``net_sales_pct_gdp``.
    maxlags
        Newey–West lag length :math:`L` (at least :math:`h + 1` for a projection :math:`h` periods out).
    dates
        Period of each row (for the sample range and the Chow test).
    min_obs
        Fewer rows than this: :class:`NotEstimableError`, never a fit on a handful of points.
    diagnostics
        Also compute Durbin–Watson, Breusch–Godfrey, Jarque–Bera, CUSUM and Chow (at ``chow_break``).

    Returns
    -------
    RegressionFit
        Coefficients, HAC covariance, Student-t inference with :math:`n - k` degrees of freedom.
        Regressors other than ``const`` that do not vary are dropped and listed in ``dropped``.

    Raises
    ------
    NotEstimableError
        Too few rows, or a singular design (the message names the columns).
    """
    y_arr = np.asarray(y, dtype=float)
    X_arr = np.asarray(X, dtype=float)
    names = list(names)
    if X_arr.ndim != 2 or X_arr.shape != (y_arr.shape[0], len(names)):
        raise ValueError(f"X has shape {X_arr.shape}; expected ({y_arr.shape[0]}, {len(names)})")
    if not (np.all(np.isfinite(y_arr)) and np.all(np.isfinite(X_arr))):
        raise ValueError("y and X must be finite (drop missing rows before fitting)")
    n_obs = y_arr.shape[0]
    if n_obs < min_obs or n_obs == 0:
        raise NotEstimableError(f"N={n_obs} is below the minimum of {max(min_obs, 1)}")
    keep = [j for j, name in enumerate(names) if name == "const" or np.ptp(X_arr[:, j]) > 0]
    dropped = tuple(names[j] for j in range(len(names)) if j not in keep)
    X_arr, names = X_arr[:, keep], [names[j] for j in keep]
    if n_obs < max(min_obs, len(names) + 1):
        raise NotEstimableError(f"N={n_obs} is below the minimum of {max(min_obs, len(names) + 1)}")
    if np.linalg.matrix_rank(X_arr) < X_arr.shape[1]:
        raise NotEstimableError(f"singular design: the columns {', '.join(names)} are collinear")
    if maxlags < 0:
        raise ValueError(f"maxlags must be non-negative, got {maxlags}")
    result = OLS(y_arr, X_arr).fit(
        cov_type="HAC", cov_kwds={"maxlags": int(maxlags), "use_correction": True}, use_t=True
    )
    cov = np.asarray(result.cov_params(), dtype=float)
    date_list = list(dates) if dates is not None else [date(1, 1, 1)] * n_obs
    diag = (
        _diagnostics(result, X_arr, y_arr, date_list, chow_break, breusch_godfrey_lags)
        if diagnostics
        else None
    )
    return RegressionFit(
        names=tuple(names),
        params=_frozen(np.asarray(result.params, dtype=float)),
        std_errors=_frozen(np.sqrt(np.diag(cov))),
        cov=_frozen(cov),
        n_obs=n_obs,
        df_resid=int(result.df_resid),
        r_squared=float(result.rsquared),
        hac_maxlags=int(maxlags),
        sample_start=date_list[0],
        sample_end=date_list[-1],
        dropped=dropped,
        diagnostics=diag,
    )


def _diagnostics(
    result: Any, X: FloatArray, y: FloatArray, dates: list[date], chow_break: date | None, bg_lags: int
) -> Diagnostics:
    resid = np.asarray(result.resid, dtype=float)
    k = X.shape[1]
    bg = acorr_breusch_godfrey(result, nlags=bg_lags, result_object=True)
    jb_stat, jb_p, _, _ = jarque_bera(resid)
    cusum_stat, cusum_p, _ = breaks_cusumolsresid(resid, ddof=k)
    chow_date = chow_break or dates[len(dates) // 2]
    chow_f, chow_p = _chow(y, X, np.array([d >= chow_date for d in dates]))
    return Diagnostics(
        durbin_watson=float(durbin_watson(resid)),
        breusch_godfrey_lm=float(bg[0]),
        breusch_godfrey_pvalue=float(bg[1]),
        breusch_godfrey_lags=bg_lags,
        jarque_bera=float(jb_stat),
        jarque_bera_pvalue=float(jb_p),
        cusum=float(cusum_stat),
        cusum_pvalue=float(cusum_p),
        chow_break=chow_date,
        chow_f=chow_f,
        chow_pvalue=chow_p,
        condition_number=float(np.linalg.cond(X)),
    )


def _chow(y: FloatArray, X: FloatArray, after: npt.NDArray[np.bool_]) -> tuple[float, float]:
    r"""Chow test of equal coefficients before and after a date (homoskedastic F; NaN if a part is too short).

    .. math:: F = \frac{(SSR_p - SSR_1 - SSR_2)/q}{(SSR_1 + SSR_2)/(n - k_1 - k_2)}, \quad q = k_1 + k_2 - k

    :math:`k_i` counts the regressors that vary within part :math:`i` (plus the constant): a control that is
    zero throughout one part (the QT share before 2024) is estimated in the other part only.
    """
    n = X.shape[0]

    def ssr_and_rank(mask: npt.NDArray[np.bool_]) -> tuple[float, int]:
        Xm = X[mask]
        keep = [0] + [j for j in range(1, Xm.shape[1]) if np.ptp(Xm[:, j]) > 0]
        beta, _, rank, _ = np.linalg.lstsq(Xm[:, keep], y[mask], rcond=None)
        return float(np.sum((y[mask] - Xm[:, keep] @ beta) ** 2)), int(rank)

    parts = [~after, after]
    if any(int(p.sum()) <= X.shape[1] for p in parts):
        return math.nan, math.nan
    (ssr_1, k_1), (ssr_2, k_2) = ssr_and_rank(parts[0]), ssr_and_rank(parts[1])
    ssr_p, k_p = ssr_and_rank(np.ones(n, dtype=bool))
    q, df = k_1 + k_2 - k_p, n - k_1 - k_2
    if q <= 0 or df <= 0:
        return math.nan, math.nan
    f_stat = ((ssr_p - ssr_1 - ssr_2) / q) / ((ssr_1 + ssr_2) / df)
    return float(f_stat), float(stats.f.sf(f_stat, q, df))


def _frozen(array: FloatArray) -> FloatArray:
    array = np.array(array, dtype=float)
    array.setflags(write=False)
    return array


# ---------------------------------------------------------------------------------------------------
# designs
# ---------------------------------------------------------------------------------------------------


def net_sales_pct_gdp(
    quarterly: pd.DataFrame, measure: FlowMeasure, duration_years: float = 0.0, yield_tenor: Tenor = "5y"
) -> pd.Series:
    r"""Net foreign sales in each quarter, % of GDP (GDP at an annual rate); a sale is positive.

    Face-value measures are transactions already. Market-value measures are valuation-adjusted with an
    assumed modified duration :math:`D` (years) and the change of one yield :math:`\Delta y` (bp):

    .. math::

        S_t = -\,100\,\frac{\Delta H_t + D\, H_{t-1}\, \Delta y_t / 10^4}{GDP_t}

    (a 100 bp rise takes :math:`D\%` off the value of holdings, which the adjustment adds back).

    Parameters
    ----------
    quarterly
        ``marts.panel_quarterly`` rows ($bn holdings and changes, bp yield changes, GDP $bn SAAR).
    measure
        ``custody_face`` (WMTSECL1), ``foreign_mv`` (FDHBFIN) or ``tic_official_mv`` (TIC official).
    duration_years
        :math:`D`, modified duration of the market-value holdings; ignored for face value.
    yield_tenor
        The yield whose change revalues the holdings.

    Returns
    -------
    pandas.Series
        :math:`S_t`, % of GDP; NaN where a series is missing.
    """
    spec = FLOW_MEASURE_SPECS[measure]
    change = quarterly[spec.net_change_usd_bn].astype(float)
    if spec.start_holdings_usd_bn is not None:
        revaluation = duration_years * quarterly[spec.start_holdings_usd_bn].astype(float)
        change = change + revaluation * quarterly[f"d_yield_{yield_tenor}_bp"].astype(float) / 1e4
    return -100.0 * change / quarterly["gdp_usd_bn"].astype(float)


@dataclass(frozen=True)
class _Design:
    """Aligned arrays of one tenor's regressions on the full quarterly index (NaN where missing)."""

    X: FloatArray  # (T, p), columns REGRESSORS
    targets: FloatArray  # (T, H + 2): cumulative changes for h = 0..H, then the long-run average
    dates: tuple[date, ...]


def _design(quarterly: pd.DataFrame, tenor: Tenor, sales: pd.Series, config: CalibrationConfig) -> _Design:
    dy = quarterly[f"d_yield_{tenor}_bp"].astype(float).to_numpy()
    T, H = len(dy), config.horizons_q
    no_fed = ~quarterly["fed_series_available"].fillna(False).astype(bool).to_numpy()
    columns = {
        "const": np.ones(T),
        "net_sales_pct_gdp": sales.astype(float).to_numpy(),
        "d_policy_rate_bp": quarterly["d_policy_rate_bp"].astype(float).to_numpy(),
        # where TREAST is missing the Fed's purchases are unknown: 0 here, QE/QT shares below instead
        "fed_net_purchases_pct_gdp": quarterly["fed_net_purchases_pct_gdp"]
        .astype(float)
        .fillna(0.0)
        .to_numpy(),
        "qe_share_no_fed_data": np.where(no_fed, quarterly["qe_share"].astype(float).fillna(0.0), 0.0),
        "qt_share_no_fed_data": np.where(no_fed, quarterly["qt_share"].astype(float).fillna(0.0), 0.0),
        "d_debt_public_pct_gdp": quarterly["d_debt_public_pct_gdp"].astype(float).to_numpy(),
        "lag_d_yield_bp": np.concatenate([[np.nan], dy[:-1]]),
    }
    X = np.column_stack([columns[name] for name in REGRESSORS])
    targets = np.full((T, H + 2), np.nan)
    cumulative = np.zeros(T)
    for h in range(H + 1):
        # y_{t+h} - y_{t-1} = sum of the changes in t..t+h (NaN once the window runs past the data)
        shifted = np.concatenate([dy[h:], np.full(h, np.nan)])
        cumulative = cumulative + shifted
        targets[:, h] = cumulative
    targets[:, H + 1] = targets[:, list(config.long_run_horizons_q)].mean(axis=1)
    dates = tuple(pd.Timestamp(q).date() for q in quarterly["quarter"])
    return _Design(X=X, targets=targets, dates=dates)


def _rows(design: _Design, column: int, mask: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.bool_]:
    ok = np.isfinite(design.targets[:, column]) & np.all(np.isfinite(design.X), axis=1)
    return ok if mask is None else ok & mask


def _maxlags(n_obs: int, column: int, config: CalibrationConfig) -> int:
    # a projection h quarters out has errors overlapping h quarters; the long run overlaps max(h)
    horizon = column if column <= config.horizons_q else max(config.long_run_horizons_q)
    return max(hac_maxlags_rule(n_obs), horizon + 1)


def _fit_design(
    design: _Design,
    column: int,
    config: CalibrationConfig,
    mask: npt.NDArray[np.bool_] | None = None,
    *,
    diagnostics: bool = False,
) -> RegressionFit:
    rows = _rows(design, column, mask)
    n_obs = int(rows.sum())
    if n_obs and not _consecutive(np.flatnonzero(rows)) and mask is None:
        # HAC assumes consecutive periods; a hole inside the sample would silently shift lags
        raise NotEstimableError("the sample has gaps (missing quarters inside it)")
    return fit_ols_hac(
        design.targets[rows, column],
        design.X[rows],
        REGRESSORS,
        maxlags=_maxlags(n_obs, column, config),
        dates=[d for d, keep in zip(design.dates, rows, strict=True) if keep],
        min_obs=config.min_obs_quarterly,
        diagnostics=diagnostics,
        chow_break=config.chow_break,
        breusch_godfrey_lags=config.breusch_godfrey_lags,
    )


def _consecutive(index: npt.NDArray[np.int64]) -> bool:
    return bool(np.all(np.diff(index) == 1))


def _ols_flow_points(X: FloatArray, Y: FloatArray) -> FloatArray:
    """Flow coefficients of OLS of each column of ``Y`` on ``X`` (rows with NaN dropped per column)."""
    out = np.full(Y.shape[1], np.nan)
    finite_x = np.all(np.isfinite(X), axis=1)
    for j in range(Y.shape[1]):
        rows = finite_x & np.isfinite(Y[:, j])
        Xj = X[rows]
        keep = [0] + [c for c in range(1, Xj.shape[1]) if np.ptp(Xj[:, c]) > 0]
        if rows.sum() > len(keep):
            out[j] = np.linalg.lstsq(Xj[:, keep], Y[rows, j], rcond=None)[0][1]
    return out


# ---------------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------
# the calibration
# ---------------------------------------------------------------------------------------------------


def validate_panels(panels: Panels) -> list[str]:
    """Check the panels carry what the calibration needs; return notes on optional gaps.

    Raises ``ValueError`` naming the missing columns and the series to refresh.
    """
    q, m = panels.quarterly, panels.monthly
    for frame, key, needed, name in (
        (q, "quarter", QUARTERLY_COLUMNS, "marts.panel_quarterly"),
        (m, "month", MONTHLY_COLUMNS, "marts.panel_monthly"),
    ):
        absent = [c for c in (key, *needed) if c not in frame.columns]
        if absent:
            raise ValueError(f"{name} lacks the columns {', '.join(absent)}")
    empty_required = sorted(
        {
            QUARTERLY_COLUMNS[c]
            for c in QUARTERLY_COLUMNS
            if c not in OPTIONAL_QUARTERLY_COLUMNS and q[c].isna().all()
        }
    )
    empty_required += sorted(
        {MONTHLY_COLUMNS[c] for c in MONTHLY_COLUMNS if m[c].isna().all()} - set(empty_required)
    )
    if empty_required:
        raise ValueError(f"missing series (no observations in the panels): {', '.join(empty_required)}")
    notes = []
    for column in sorted(OPTIONAL_QUARTERLY_COLUMNS):
        if q[column].isna().all():
            notes.append(f"{QUARTERLY_COLUMNS[column]} has no observations: {column} left out")
    if not q["quarter"].is_monotonic_increasing or q["quarter"].duplicated().any():
        raise ValueError("marts.panel_quarterly must have one row per quarter, sorted")
    return notes


def calibrate(
    panels: Panels, prior: PriorTable, config: CalibrationConfig | None = None
) -> CalibrationResult:
    """Run the whole calibration: regressions, D-sensitivity, bootstrap, prior and blend, episodes.

    Parameters
    ----------
    panels
        The quarterly and monthly panels (not modified).
    prior
        The literature prior (:func:`parse_prior`), bp per sale of 1% of GDP.
    config
        Settings; defaults to :class:`CalibrationConfig()`.

    Returns
    -------
    CalibrationResult
        Parameters for the ``data``, ``prior`` and ``blend`` methods (bp per sale of 1% of GDP; positive =
        yields rise), impulse responses h = 0..H quarters, joint draws, diagnostics, D-sensitivity,
        subsample/rolling regressions and the episode replay.

    Raises
    ------
    ValueError
        Missing columns or series, a sample too short for the 10-year impact regression, a singular design.
    """
    config = config or CalibrationConfig()
    notes = validate_panels(panels)
    quarterly = panels.quarterly.reset_index(drop=True).copy()
    H = config.horizons_q
    n_cols = H + 2  # h = 0..H, then the long run

    # --- primary regressions -------------------------------------------------------------------------
    primary_sales = net_sales_pct_gdp(quarterly, config.primary_flow)
    designs = {tenor: _design(quarterly, tenor, primary_sales, config) for tenor in TENORS}
    fits: list[tuple[Tenor, int, RegressionFit | None, str]] = []
    for tenor in TENORS:
        for column in range(n_cols):
            try:
                fit = _fit_design(designs[tenor], column, config, diagnostics=column in (0, H + 1))
                fits.append((tenor, column, fit, ""))
            except NotEstimableError as exc:
                fits.append((tenor, column, None, str(exc)))
    fit_map = {(t, c): (f, why) for t, c, f, why in fits}
    ten_year, why = fit_map[("10y", 0)]
    if ten_year is None:
        raise ValueError(
            f"cannot calibrate: the 10-year impact regression on {config.primary_flow} flows is not "
            f"estimable ({why}); the sample is too short or the data are missing"
        )

    # --- identification: D-sensitivity and the spread across measures --------------------------------
    d_rows, id_points = _d_sensitivity(quarterly, designs, config)
    identification_sd = np.zeros((len(TENORS), n_cols))
    for k, tenor in enumerate(TENORS):
        for column in range(n_cols):
            primary_fit = fit_map[(tenor, column)][0]
            points = [primary_fit.coef()] if primary_fit is not None else []
            points += [p for p in id_points[(tenor, column)] if math.isfinite(p)]
            identification_sd[k, column] = float(np.std(points, ddof=1)) if len(points) > 1 else 0.0
    if not config.identification_variance:
        identification_sd[:] = 0.0

    # --- joint draws: block bootstrap of every regression, and prior draws ---------------------------
    seeds = np.random.SeedSequence(config.seed).spawn(2)
    z_draws = _bootstrap_z(designs, fit_map, config, np.random.default_rng(seeds[0]))
    prior_point, prior_sd, prior_draws = _prior_responses(prior, config, np.random.default_rng(seeds[1]))

    responses, parameters = _methods(
        fit_map, z_draws, identification_sd, prior, prior_point, prior_sd, prior_draws, config
    )

    # --- robustness: subsamples, rolling windows, monthly ----------------------------------------------
    regressions = _subsample_regressions(designs, config) + _monthly_regressions(panels.monthly, config)

    # --- references and the episode replay -------------------------------------------------------------
    gdp = quarterly[["quarter", "gdp_usd_bn"]].dropna()
    reference_quarter = pd.Timestamp(gdp["quarter"].iloc[-1]).date()
    reference_gdp = float(gdp["gdp_usd_bn"].iloc[-1])
    in_sample = _rows(designs["10y"], 0)
    sales_in_sample = primary_sales.to_numpy()[in_sample]
    largest = int(np.argmax(sales_in_sample))
    largest_sale_quarter = np.array(designs["10y"].dates)[in_sample][largest]
    result_responses = tuple(responses[m] for m in METHODS)
    episodes = _episodes(panels.monthly, quarterly, result_responses)

    allowed, reason = _data_method_check(d_rows, fit_map, config)
    notes += _identification_notes(config, allowed, identification_sd)

    return CalibrationResult(
        config=config,
        prior=prior,
        vintage=panels.vintage,
        as_of=panels.as_of,
        spec=(
            "local projections of Δyield (bp, end of quarter) on net foreign sales "
            f"({FLOW_MEASURE_SPECS[config.primary_flow].description}, % of GDP) with controls, "
            "OLS + Newey-West"
        ),
        tenors=TENORS,
        horizons_q=np.arange(H + 1, dtype=np.int64),
        sample_start=ten_year.sample_start,
        sample_end=ten_year.sample_end,
        n_obs=ten_year.n_obs,
        reference_quarter=reference_quarter,
        reference_gdp_usd_bn=reference_gdp,
        largest_sale_pct_gdp=float(max(sales_in_sample[largest], 0.0)),
        largest_sale_quarter=largest_sale_quarter,
        parameters=tuple(parameters),
        responses=result_responses,
        fits=tuple(fits),
        identification_sd=_frozen(identification_sd),
        d_sensitivity=tuple(d_rows),
        regressions=tuple(regressions),
        episodes=tuple(episodes),
        data_method_allowed=allowed,
        data_method_reason=reason,
        notes=tuple(notes),
    )


def d_sensitivity(
    quarterly: pd.DataFrame, config: CalibrationConfig | None = None
) -> tuple[DSensitivityRow, ...]:
    r"""The D-sensitivity table: impact and long-run flow coefficients for every flow measure and duration.

    For market-value measures the flow is valuation-adjusted with each duration :math:`D` in
    ``config.duration_grid_years`` (:func:`net_sales_pct_gdp`); a yield rise then enters the flow with
    weight :math:`D`, so the estimate falls as :math:`D` grows and can change sign. Face-value flows do
    not depend on :math:`D` and are repeated across the grid for comparison. bp per 1% of GDP sold.
    """
    config = config or CalibrationConfig()
    sales = net_sales_pct_gdp(quarterly, config.primary_flow)
    designs = {tenor: _design(quarterly, tenor, sales, config) for tenor in TENORS}
    return tuple(_d_sensitivity(quarterly, designs, config)[0])


def _d_sensitivity(
    quarterly: pd.DataFrame, designs: dict[Tenor, _Design], config: CalibrationConfig
) -> tuple[list[DSensitivityRow], dict[tuple[Tenor, int], list[float]]]:
    """Flow coefficients under each assumed duration, for every measure (table) and horizon (points)."""
    H = config.horizons_q
    rows: list[DSensitivityRow] = []
    points: dict[tuple[Tenor, int], list[float]] = {(t, c): [] for t in TENORS for c in range(H + 2)}
    term_columns: tuple[tuple[Term, int], ...] = (("impact", 0), ("long_run", H + 1))
    plausible = set(config.plausible_durations)
    for measure in FLOW_MEASURES:
        spec = FLOW_MEASURE_SPECS[measure]
        # face value does not depend on D: one fit, repeated across the grid so the table reads across
        durations = config.duration_grid_years
        for duration in durations:
            if spec.valuation_basis == "face" and duration != durations[0]:
                rows += [
                    replace(r, duration_years=duration, plausible=duration in plausible)
                    for r in rows
                    if r.flow_measure == measure and r.duration_years == durations[0]
                ]
                continue
            sales = net_sales_pct_gdp(quarterly, measure, duration, config.valuation_yield_tenor).to_numpy()
            for tenor in TENORS:
                base = designs[tenor]
                X = base.X.copy()
                X[:, REGRESSORS.index(FLOW_REGRESSOR)] = sales
                design = _Design(X=X, targets=base.targets, dates=base.dates)
                for term, column in term_columns:
                    try:
                        fit = _fit_design(design, column, config)
                        rows.append(
                            DSensitivityRow(
                                measure,
                                tenor,
                                term,
                                duration,
                                duration in plausible,
                                True,
                                fit.n_obs,
                                fit.coef(),
                                fit.se(),
                                "face value: independent of D" if spec.valuation_basis == "face" else "",
                            )
                        )
                    except NotEstimableError as exc:
                        n = int(_rows(design, column).sum())
                        rows.append(
                            DSensitivityRow(
                                measure, tenor, term, duration, duration in plausible, False, n, note=str(exc)
                            )
                        )
                if spec.valuation_basis == "market" and duration in plausible:
                    flows = _ols_flow_points(X, base.targets)
                    for column in range(H + 2):
                        if int(_rows(design, column).sum()) >= config.min_obs_quarterly:
                            points[(tenor, column)].append(float(flows[column]))
    return rows, points


def _data_method_check(
    d_rows: Sequence[DSensitivityRow],
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    config: CalibrationConfig,
) -> tuple[bool, str]:
    """Is the sign of the data estimate the same for every flow measure and every plausible duration?"""
    problems = []
    checked_tenors = [t for t in TENORS if t not in POLICY_DRIVEN_TENORS]
    for tenor in TENORS:
        for term, column in term_columns(config.horizons_q):
            fit, why = fit_map[(tenor, column)]
            if fit is None:
                problems.append(f"{tenor} {term} not estimable ({why})")
                continue
            if tenor not in checked_tenors:
                continue
            plausible = [
                r
                for r in d_rows
                if r.tenor == tenor
                and r.term == term
                and r.plausible
                and r.estimate is not None
                and FLOW_MEASURE_SPECS[r.flow_measure].valuation_basis == "market"
            ]
            values = [fit.coef()] + [float(r.estimate) for r in plausible if r.estimate is not None]
            if not plausible:
                problems.append(f"{tenor} {term}: no market-value measure estimable to test the sign over D")
            elif len({np.sign(v) for v in values}) > 1:
                lo = min(plausible, key=lambda r: r.estimate or 0.0)
                hi = max(plausible, key=lambda r: r.estimate or 0.0)
                problems.append(
                    f"{tenor} {term}: sign not stable (face value {fit.coef():+.1f}; "
                    f"{lo.flow_measure} {lo.estimate:+.1f} at D={lo.duration_years:g} … "
                    f"{hi.flow_measure} {hi.estimate:+.1f} at D={hi.duration_years:g}; bp per 1% of GDP)"
                )
    low, high = config.plausible_duration_years
    if problems:
        return False, f"over plausible D in [{low:g}, {high:g}] years: " + "; ".join(problems)
    return True, (
        "the sign of every 2y-30y estimate is the same for all flow measures and every D in "
        f"[{low:g}, {high:g}] years"
    )


def data_method_allowed(result: CalibrationResult) -> tuple[bool, str]:
    """Whether projections may use ``--method data``, and why (the sign must not depend on D).

    Refused when any tenor is not estimable, or when for any tenor from 2y to 30y (the short end is
    policy-driven and left to the policy path) the impact or long-run estimate changes sign across the flow
    measures and the plausible durations of market-value holdings.
    """
    fit_map = {(t, c): (f, why) for t, c, f, why in result.fits}
    return _data_method_check(result.d_sensitivity, fit_map, result.config)


def _identification_notes(
    config: CalibrationConfig, allowed: bool, identification_sd: FloatArray
) -> list[str]:
    notes = [
        "Identifies a conditional correlation, not the causal price impact: official buyers react to yields "
        "(buying when global yields rise, selling for dollars when yields fall in a dash for cash), which "
        "biases OLS toward zero or past it (research F5, F6). Nothing here isolates exogenous sales.",
        "Primary flows are WMTSECL1 custody holdings at face value (no valuation effect), foreign official "
        "accounts only, 2007Q3 on; market-value measures enter only the D-sensitivity check.",
        "3m and 1y yields follow the policy rate: their coefficients are reported, projections should take a "
        "policy-rate path for the short end.",
        "The long run is the mean local-projection response 6-8 quarters out; local projections that far out "
        "are imprecise.",
    ]
    if config.identification_variance:
        k10 = TENORS.index("10y")
        notes.append(
            "Blend weights count the spread of the estimate across flow measures and plausible durations as "
            f"data variance (10y impact: {identification_sd[k10, 0]:.1f} bp per 1% of GDP), not only its "
            "sampling error."
        )
    if not allowed:
        notes.append("The data-only estimate is not fit to drive projections (see data_method_reason).")
    return notes


# ---------------------------------------------------------------------------------------------------
# bootstrap, prior, blend
# ---------------------------------------------------------------------------------------------------


def block_bootstrap_indices(
    rng: np.random.Generator, n_rows: int, block_length: int, n_draws: int
) -> npt.NDArray[np.int64]:
    """Moving-block bootstrap row indices, shape (n_draws, n_rows): blocks of consecutive rows."""
    block = min(block_length, n_rows)
    n_blocks = -(-n_rows // block)
    starts = rng.integers(0, n_rows - block + 1, size=(n_draws, n_blocks))
    return (starts[:, :, None] + np.arange(block)).reshape(n_draws, -1)[:, :n_rows]


def _bootstrap_z(
    designs: Mapping[Tenor, _Design],
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    config: CalibrationConfig,
    rng: np.random.Generator,
) -> FloatArray:
    """Standardised bootstrap deviations of every flow coefficient, shape (draws, tenors, H + 2).

    The same resampled quarters feed every tenor and horizon, so the draws carry their joint dependence;
    each is centred and scaled to unit spread, for the caller to rescale to the reported standard errors.
    """
    H = config.horizons_q
    T = len(next(iter(designs.values())).dates)
    idx = block_bootstrap_indices(rng, T, config.block_length_q, config.n_draws)
    # a resample is fully described by how often it draws each quarter: X'WX = sum_t count_t x_t x_t'
    counts = np.zeros((config.n_draws, T))
    np.add.at(counts, (np.repeat(np.arange(config.n_draws), T), idx.ravel()), 1.0)
    z = np.zeros((config.n_draws, len(TENORS), H + 2))
    for k, tenor in enumerate(TENORS):
        design = designs[tenor]
        for column in range(H + 2):
            fit = fit_map[(tenor, column)][0]
            if fit is None:
                continue
            keep = [REGRESSORS.index(n) for n in fit.names]
            valid = _rows(design, column)
            beta = _resampled_ols(
                counts * valid, np.nan_to_num(design.X[:, keep]), np.nan_to_num(design.targets[:, column])
            )[:, fit.names.index(FLOW_REGRESSOR)]
            spread = float(np.std(beta))
            if spread > 0 and np.all(np.isfinite(beta)):
                z[:, k, column] = (beta - beta.mean()) / spread
    return z


def _resampled_ols(counts: FloatArray, X: FloatArray, y: FloatArray) -> FloatArray:
    r"""OLS on many resamples of the same rows: counts (B, T), X (T, p), y (T,) → coefficients (B, p).

    .. math:: \hat\beta_b = \Big(\sum_t c_{bt}\, x_t x_t'\Big)^{-1} \sum_t c_{bt}\, x_t y_t
    """
    B, p = counts.shape[0], X.shape[1]
    XtX = (counts @ np.einsum("tp,tq->tpq", X, X).reshape(len(X), p * p)).reshape(B, p, p)
    Xty = counts @ (X * y[:, None])
    # a resample can miss every quarter where a control is non-zero (e.g. the QT tail): its column is then
    # all zero; a unit diagonal gives it a zero coefficient, the same as dropping it
    draw, column = np.nonzero(np.einsum("bii->bi", XtX) == 0)
    XtX[draw, column, column] = 1.0
    try:
        return np.linalg.solve(XtX, Xty[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.einsum("bpq,bq->bp", np.linalg.pinv(XtX), Xty)


def prior_decay_weights(half_life_q: float, settle_q: int, max_horizon_q: int) -> FloatArray:
    r"""Weight on the impact at horizons 0…``max_horizon_q``: 1 at 0, ½ at ``half_life_q``, 0 from quarter S.

    A shifted exponential, :math:`g_h = (x^h - x^S)/(1 - x^S)` for :math:`h < S`, 0 after, with :math:`x`
    solved so that :math:`g_\tau = 1/2`. A plain :math:`2^{-h/\tau}` would leave 9–13% of the gap open at
    6–8 quarters, so the prior's long run (the mean response there) would exceed its stated mean.
    Needs :math:`0 < \tau < S/2` (the limit :math:`x \to 1` is a straight line, halved at :math:`S/2`).
    """
    if not 0.0 < half_life_q < settle_q / 2.0:
        raise ValueError(
            f"prior half_life_quarters must lie in (0, {settle_q / 2:g}) to settle by quarter {settle_q}, "
            f"got {half_life_q}"
        )
    h = np.arange(max_horizon_q + 1, dtype=np.float64)

    def shape(x: float, at: FloatArray) -> FloatArray:
        return np.where(at < settle_q, (x**at - x**settle_q) / (1.0 - x**settle_q), 0.0)

    x = optimize.brentq(lambda x: float(shape(x, np.array(half_life_q))) - 0.5, 1e-9, 1.0 - 1e-9, xtol=1e-14)
    return shape(float(x), h)


def _prior_responses(
    prior: PriorTable, config: CalibrationConfig, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Prior point, SD and draws of the response, shape (tenors, H + 2) and (draws, tenors, H + 2).

    The response decays from the impact :math:`I` to the long run :math:`L`,
    :math:`r_h = L + (I - L)\, g_h`, with the weights of :func:`prior_decay_weights`: the gap halves in
    ``half_life_quarters`` and is closed at the first long-run horizon, so the prior's mean response over
    the long-run horizons is :math:`L`, the same statistic as the data's long run.

    Draws of :math:`(I_k, L_k)` are joint normal with correlation ``corr_tenors`` across tenors and
    ``corr_impact_long_run`` between the two terms.
    """
    H = config.horizons_q
    K = len(TENORS)
    mean = np.array(
        [
            [prior.get(t, "impact").mean_bp_per_pct_gdp, prior.get(t, "long_run").mean_bp_per_pct_gdp]
            for t in TENORS
        ]
    )
    sd = np.array(
        [
            [prior.get(t, "impact").sd_bp_per_pct_gdp, prior.get(t, "long_run").sd_bp_per_pct_gdp]
            for t in TENORS
        ]
    )
    corr_t = (1 - prior.corr_tenors) * np.eye(K) + prior.corr_tenors
    corr_term = np.array([[1.0, prior.corr_impact_long_run], [prior.corr_impact_long_run, 1.0]])
    cov = np.kron(corr_t, corr_term) * np.outer(sd.ravel(), sd.ravel())
    draws_il = rng.multivariate_normal(mean.ravel(), cov, size=config.n_draws, method="cholesky").reshape(
        -1, K, 2
    )
    g = prior_decay_weights(prior.half_life_quarters, min(config.long_run_horizons_q), H)

    def curve(impact: FloatArray, long_run: FloatArray) -> FloatArray:
        irf = long_run[..., None] + (impact - long_run)[..., None] * g
        return np.concatenate([irf, long_run[..., None]], axis=-1)

    point = curve(mean[:, 0], mean[:, 1])
    draws = curve(draws_il[..., 0], draws_il[..., 1])
    rho = prior.corr_impact_long_run
    var_irf = (
        (g**2) * sd[:, :1] ** 2
        + ((1 - g) ** 2) * sd[:, 1:] ** 2
        + 2 * g * (1 - g) * rho * sd[:, :1] * sd[:, 1:]
    )
    prior_sd = np.concatenate([np.sqrt(var_irf), sd[:, 1:]], axis=1)
    return point, prior_sd, draws


def blend(
    data_estimate: float, data_se: float, prior_mean: float, prior_sd: float
) -> tuple[float, float, float]:
    r"""Theil–Goldberger mixed estimate of one coefficient: ``(estimate, std_error, weight on the data)``.

    With a normal prior :math:`N(m, s^2)` on the coefficient and the data's estimate :math:`b` with variance
    :math:`v`, the mixed estimate and its variance are

    .. math::

        \hat\beta = w\,b + (1 - w)\,m, \quad w = \frac{s^2}{s^2 + v}, \qquad
        \operatorname{Var}\hat\beta = \Big(\frac1v + \frac1{s^2}\Big)^{-1} = w^2 v + (1-w)^2 s^2.

    For one restricted coefficient this equals the full mixed estimator's coefficient (the prior touches
    the others only through their covariance with it).
    """
    if not (data_se > 0 and prior_sd > 0) or not (math.isfinite(data_estimate) and math.isfinite(prior_mean)):
        raise ValueError(f"blend needs finite estimates and positive errors, got {data_se=} {prior_sd=}")
    w = prior_sd**2 / (prior_sd**2 + data_se**2)
    return (
        w * data_estimate + (1 - w) * prior_mean,
        math.sqrt(w**2 * data_se**2 + (1 - w) ** 2 * prior_sd**2),
        w,
    )


def _methods(
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    z: FloatArray,
    identification_sd: FloatArray,
    prior: PriorTable,
    prior_point: FloatArray,
    prior_sd: FloatArray,
    prior_draws: FloatArray,
    config: CalibrationConfig,
) -> tuple[dict[Method, MethodResponses], list[ParameterEstimate]]:
    H, K = config.horizons_q, len(TENORS)
    shape = (K, H + 2)
    data_point, data_se = np.full(shape, np.nan), np.full(shape, np.nan)
    n_obs = np.zeros(shape, dtype=np.int64)
    for k, tenor in enumerate(TENORS):
        for column in range(H + 2):
            fit = fit_map[(tenor, column)][0]
            if fit is not None:
                data_point[k, column], data_se[k, column], n_obs[k, column] = fit.coef(), fit.se(), fit.n_obs
    estimable = np.isfinite(data_point)
    data_draws = data_point + z * data_se  # NaN where not estimable
    effective_se = np.sqrt(data_se**2 + identification_sd**2)
    weight = np.where(
        estimable, prior_sd**2 / (prior_sd**2 + np.where(estimable, effective_se, 1.0) ** 2), 0.0
    )
    blend_point = np.where(
        estimable, weight * np.nan_to_num(data_point) + (1 - weight) * prior_point, prior_point
    )
    blend_se = np.sqrt(weight**2 * np.nan_to_num(effective_se) ** 2 + (1 - weight) ** 2 * prior_sd**2)
    # posterior draws: the precision-weighted mix of data draws (spread = effective error) and prior draws
    blend_draws = (
        weight * np.nan_to_num(data_point + z * np.nan_to_num(effective_se)) + (1 - weight) * prior_draws
    )

    def pack(
        method: Method, point: FloatArray, se: FloatArray, draws: FloatArray, w: FloatArray
    ) -> MethodResponses:
        return MethodResponses(
            method=method,
            irf_point=_frozen(point[:, : H + 1]),
            irf_std_error=_frozen(se[:, : H + 1]),
            long_run_point=_frozen(point[:, H + 1]),
            long_run_std_error=_frozen(se[:, H + 1]),
            irf_draws=_frozen(draws[:, :, : H + 1]),
            long_run_draws=_frozen(draws[:, :, H + 1]),
            blend_weight_irf=_frozen(w[:, : H + 1]),
            blend_weight_long_run=_frozen(w[:, H + 1]),
            n_obs_irf=n_obs[:, : H + 1].copy(),
        )

    responses: dict[Method, MethodResponses] = {
        "data": pack("data", data_point, data_se, data_draws, np.where(estimable, 1.0, np.nan)),
        "prior": pack("prior", prior_point, prior_sd, prior_draws, np.zeros(shape)),
        "blend": pack("blend", blend_point, blend_se, blend_draws, weight),
    }

    level = config.ci_level
    z_crit = float(stats.norm.ppf(0.5 + level / 2))
    parameters: list[ParameterEstimate] = []
    for k, tenor in enumerate(TENORS):
        for term, column in term_columns(H):
            entry = prior.get(tenor, term)
            fit, why = fit_map[(tenor, column)]
            policy_note = (
                "policy-driven tenor: use a policy-rate path" if tenor in POLICY_DRIVEN_TENORS else ""
            )
            if fit is None:
                parameters.append(
                    ParameterEstimate(
                        tenor,
                        term,
                        "data",
                        None,
                        None,
                        None,
                        None,
                        int(n_obs[k, column]) or None,
                        None,
                        1.0,
                        False,
                        None,
                        ("not_estimable",),
                        why,
                    )
                )
            else:
                lo, hi = fit.ci(level)
                parameters.append(
                    ParameterEstimate(
                        tenor,
                        term,
                        "data",
                        fit.coef(),
                        fit.se(),
                        lo,
                        hi,
                        fit.n_obs,
                        fit.r_squared,
                        1.0,
                        True,
                        float(identification_sd[k, column]),
                        _flags(fit.coef(), lo, hi, entry, prior.conversion_gdp_usd_bn),
                        policy_note,
                    )
                )
            m, s = float(prior_point[k, column]), float(prior_sd[k, column])
            parameters.append(
                ParameterEstimate(
                    tenor,
                    term,
                    "prior",
                    m,
                    s,
                    m - z_crit * s,
                    m + z_crit * s,
                    None,
                    None,
                    0.0,
                    True,
                    None,
                    _flags(m, m - z_crit * s, m + z_crit * s, entry, prior.conversion_gdp_usd_bn),
                    "sources: " + ", ".join(entry.sources),
                )
            )
            b, s_b, w = float(blend_point[k, column]), float(blend_se[k, column]), float(weight[k, column])
            parameters.append(
                ParameterEstimate(
                    tenor,
                    term,
                    "blend",
                    b,
                    s_b,
                    b - z_crit * s_b,
                    b + z_crit * s_b,
                    fit.n_obs if fit else None,
                    fit.r_squared if fit else None,
                    w,
                    True,
                    float(identification_sd[k, column]),
                    _flags(b, b - z_crit * s_b, b + z_crit * s_b, entry, prior.conversion_gdp_usd_bn),
                    "prior only: data not estimable" if fit is None else policy_note,
                )
            )
    for method in METHODS:
        parameters += _persistence_parameters(responses[method], config)
    return responses, parameters


def _flags(estimate: float, lo: float, hi: float, entry: PriorEntry, gdp_usd_bn: float) -> tuple[str, ...]:
    """Warnings for an estimate in bp per 1% of GDP, compared with the published range per $100bn."""
    flags = []
    if lo <= 0 <= hi:
        flags.append("insignificant")
    per_100bn = estimate * 100.0 * 100.0 / gdp_usd_bn
    if per_100bn < -0.05:  # negative at the precision shown (0.1 bp per $100bn), not a rounding -0.0
        flags.append("wrong_sign")
    if entry.published_high_bp_per_100bn is not None and per_100bn > entry.published_high_bp_per_100bn:
        flags.append("above_published_range")
    if entry.published_low_bp_per_100bn is not None and per_100bn < entry.published_low_bp_per_100bn:
        flags.append("below_published_range")
    return tuple(flags)


def half_life_q(irf: npt.ArrayLike) -> float:
    """Quarters until a response falls to half its impact (linear between quarters); inf if it never does.

    NaN when the impact is not positive (there is no rise to halve).
    """
    r = np.asarray(irf, dtype=float)
    if not r[0] > 0:
        return math.nan
    below = np.flatnonzero(r <= r[0] / 2)
    if below.size == 0:
        return math.inf
    h = int(below[0])
    return float(h - 1 + (r[h - 1] - r[0] / 2) / (r[h - 1] - r[h]))


def _half_lives(irf: FloatArray) -> FloatArray:
    """:func:`half_life_q` of every row of ``irf`` (draws, horizons); a non-positive impact gives inf."""
    impact = irf[:, 0]
    below = irf <= impact[:, None] / 2
    h = np.argmax(below, axis=1)
    before = irf[np.arange(len(irf)), np.maximum(h - 1, 0)]
    at = irf[np.arange(len(irf)), h]
    with np.errstate(divide="ignore", invalid="ignore"):
        interpolated = h - 1 + (before - impact / 2) / (before - at)
    never = ~below.any(axis=1) | ~(impact > 0)  # never halves, or nothing to halve (never decays)
    return np.where(never, np.inf, interpolated)


def _order_quantiles(values: FloatArray, probabilities: Sequence[float]) -> list[float]:
    """Quantiles as order statistics ("lower"), so infinite values (never halves) stay infinite."""
    ordered = np.sort(values)
    return [float(ordered[min(math.floor(p * (len(ordered) - 1)), len(ordered) - 1)]) for p in probabilities]


def _persistence_parameters(resp: MethodResponses, config: CalibrationConfig) -> list[ParameterEstimate]:
    """Long-run share (long run / impact) and half-life per tenor, intervals from the draws' percentiles."""
    out: list[ParameterEstimate] = []
    tail = (1 - config.ci_level) / 2
    for k, tenor in enumerate(TENORS):
        impact, long_run = float(resp.irf_point[k, 0]), float(resp.long_run_point[k])
        if not (math.isfinite(impact) and math.isfinite(long_run)):
            out += [
                ParameterEstimate(
                    tenor,
                    term,
                    resp.method,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    False,
                    note="not estimable",
                )
                for term in ("long_run_share", "half_life")
            ]
            continue
        # a share of a non-positive impact means nothing: the interval is over draws with a positive impact
        positive = resp.irf_draws[:, k, 0] > 0
        share_draws = resp.long_run_draws[positive, k] / resp.irf_draws[positive, k, 0]
        share = long_run / impact if impact > 0 else None
        lo, hi = np.quantile(share_draws, [tail, 1 - tail]) if share_draws.size else (np.nan, np.nan)
        share_note = (
            ""
            if positive.all()
            else f"interval over the {positive.mean():.0%} of draws with a positive impact"
        )
        out.append(
            ParameterEstimate(
                tenor,
                "long_run_share",
                resp.method,
                share,
                None,
                float(lo) if share is not None else None,
                float(hi) if share is not None else None,
                None,
                None,
                None,
                True,
                note=share_note if share is not None else "impact not positive: no share",
            )
        )
        hl = half_life_q(resp.irf_point[k])
        hl_draws = _half_lives(resp.irf_draws[:, k])
        q = _order_quantiles(hl_draws, (tail, 1 - tail))
        finite = math.isfinite(hl)
        out.append(
            ParameterEstimate(
                tenor,
                "half_life",
                resp.method,
                hl if finite else None,
                None,
                float(q[0]) if math.isfinite(q[0]) else None,
                float(q[1]) if math.isfinite(q[1]) else None,
                None,
                None,
                None,
                True,
                note=""
                if finite
                else (
                    f"does not fall to half its impact within {config.horizons_q} quarters"
                    if math.isinf(hl)
                    else "impact not positive: no half-life"
                ),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------
# robustness regressions
# ---------------------------------------------------------------------------------------------------


def _subsample_regressions(
    designs: Mapping[Tenor, _Design], config: CalibrationConfig
) -> list[RegressionRow]:
    H = config.horizons_q
    rows: list[RegressionRow] = []
    for tenor in TENORS:
        design = designs[tenor]
        dates = np.array(design.dates)
        samples: list[tuple[str, str, npt.NDArray[np.bool_]]] = [
            ("full", "full sample", np.ones(len(dates), dtype=bool))
        ]
        for sub in config.subsamples:
            mask = np.ones(len(dates), dtype=bool)
            if sub.start is not None:
                mask &= dates >= sub.start
            if sub.end is not None:
                mask &= dates <= sub.end
            for first, last in sub.exclude:
                mask &= ~((dates >= first) & (dates <= last))
            samples.append(("subsample", sub.label, mask))
        usable = np.flatnonzero(_rows(design, 0))
        for start in range(0, max(len(usable) - config.rolling_window_q + 1, 0), config.rolling_step_q):
            window = usable[start : start + config.rolling_window_q]
            mask = np.zeros(len(dates), dtype=bool)
            mask[window[0] : window[-1] + 1] = True
            samples.append(("rolling", f"rolling {dates[window[0]]:%Y-%m}..{dates[window[-1]]:%Y-%m}", mask))
        for spec, label, mask in samples:
            for term, column in term_columns(H):
                rows.append(
                    _regression_row(design, column, mask, config, f"primary/{spec}", label, tenor, term)
                )
    return rows


def _regression_row(
    design: _Design,
    column: int,
    mask: npt.NDArray[np.bool_],
    config: CalibrationConfig,
    spec: str,
    label: str,
    tenor: Tenor,
    term: Term,
) -> RegressionRow:
    rows = _rows(design, column, mask)
    dates = [d for d, keep in zip(design.dates, rows, strict=True) if keep]
    base = RegressionRow(
        spec=spec,
        sample_label=label,
        tenor=tenor,
        term=term,
        flow_measure=config.primary_flow,
        frequency="Q",
        units=UNITS_PCT_GDP,
        estimable=False,
        sample_start=dates[0] if dates else None,
        sample_end=dates[-1] if dates else None,
        n_obs=len(dates),
    )
    try:
        fit = _fit_design(design, column, config, mask)
    except NotEstimableError as exc:
        return replace(base, note=f"not estimable: {exc}")
    lo, hi = fit.ci(config.ci_level)
    gaps = (
        ""
        if _consecutive(np.flatnonzero(rows))
        else "excluded quarters inside the sample; HAC lags span them"
    )
    return replace(
        base,
        estimable=True,
        estimate=fit.coef(),
        std_error=fit.se(),
        ci_low=lo,
        ci_high=hi,
        r_squared=fit.r_squared,
        note=gaps,
    )


def _monthly_regressions(monthly: pd.DataFrame, config: CalibrationConfig) -> list[RegressionRow]:
    r"""Monthly robustness check on custody flows (monthly regressors only; no GDP scaling).

    .. math::

        \Delta y_{k,m} = a + b\,\frac{-\Delta C_m}{100} + c\,\Delta i_m + d' \text{regime}_m
            + e\,\Delta y_{k,m-1} + u_m

    :math:`C` is WMTSECL1 custody holdings ($bn, month end), so :math:`b` is bp per $100bn sold at the
    2007-2026 market size; regimes are the QE / QT months of ``stg.fed_balance_sheet_regimes``.
    """
    out: list[RegressionRow] = []
    names = ("const", "net_sales_100bn", "d_policy_rate_bp", "qe_month", "qt_month", "lag_d_yield_bp")
    months = [pd.Timestamp(m).date() for m in monthly["month"]]
    for tenor in TENORS:
        dy = monthly[f"d_yield_{tenor}_bp"].astype(float).to_numpy()
        X = np.column_stack(
            [
                np.ones(len(dy)),
                -monthly["custody_net_purchases_usd_bn"].astype(float).to_numpy() / 100.0,
                monthly["d_policy_rate_bp"].astype(float).to_numpy(),
                (monthly["fed_regime"] == "qe").astype(float).to_numpy(),
                (monthly["fed_regime"] == "qt").astype(float).to_numpy(),
                np.concatenate([[np.nan], dy[:-1]]),
            ]
        )
        rows = np.isfinite(dy) & np.all(np.isfinite(X), axis=1)
        dates = [d for d, keep in zip(months, rows, strict=True) if keep]
        base = RegressionRow(
            spec="custody_monthly",
            sample_label="full sample",
            tenor=tenor,
            term="impact",
            flow_measure="custody_face",
            frequency="M",
            units="bp per $100bn (2007-2026 market size)",
            estimable=False,
            n_obs=len(dates),
            sample_start=dates[0] if dates else None,
            sample_end=dates[-1] if dates else None,
        )
        try:
            fit = fit_ols_hac(
                dy[rows],
                X[rows],
                names,
                maxlags=hac_maxlags_rule(len(dates)),
                dates=dates,
                min_obs=config.min_obs_monthly,
            )
        except NotEstimableError as exc:
            out.append(replace(base, note=f"not estimable: {exc}"))
            continue
        lo, hi = fit.ci(config.ci_level, "net_sales_100bn")
        out.append(
            replace(
                base,
                estimable=True,
                estimate=fit.coef("net_sales_100bn"),
                std_error=fit.se("net_sales_100bn"),
                ci_low=lo,
                ci_high=hi,
                r_squared=fit.r_squared,
                note="monthly averages of yields; no Fed-holdings series monthly (regime dummies instead)",
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------
# episode replay
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Episode:
    """A stress episode with a known foreign sale (research file rows named in ``description``)."""

    name: str
    sale_usd_bn: float
    baseline_month: date
    end_month: date
    published_10y_bp: float | None
    description: str
    confounders: str


EPISODES: tuple[Episode, ...] = (
    Episode(
        "march_2020",
        299.35,
        date(2020, 2, 1),
        date(2020, 3, 1),
        64.0,
        "E1: foreign net sales of Treasuries $299.35bn in March 2020 (record); 10y +64 bp over 9-18 March "
        "(seven trading days); custody holdings fell about $110bn",
        "Fed bought more than $1T of Treasuries from mid-March and cut the policy rate 150 bp; mutual funds "
        "and hedge funds sold too (dash for cash); the monthly average 10y fell while the mid-March spike "
        "reversed",
    ),
    Episode(
        "japan_2022",
        63.5,
        date(2022, 8, 1),
        date(2022, 10, 1),
        None,
        "J3/J4: MoF yen-buying intervention ¥9.19T (≈$62-65bn) on 22 Sep and 21/24 Oct 2022, funded partly "
        "from reserves (Japan's reserves fell $54bn in Sep, $43bn in Oct)",
        "Fed hikes of 75 bp (Sep, Nov 2022); UK gilt/LDI crisis late Sep; 10y yield move not isolated in any "
        "source (J7): 10y reached 4.08% in mid-Oct",
    ),
    Episode(
        "japan_2024_apr_may",
        62.0,
        date(2024, 4, 1),
        date(2024, 5, 1),
        None,
        "J5/J6: MoF intervention ¥9.79T (≈$62bn) on 29 Apr and 1 May 2024; Japan's foreign securities in "
        "reserves fell $50.4bn in May",
        "May 2024 FOMC (QT taper announced), softer US data in May",
    ),
    Episode(
        "japan_2024_jul",
        36.0,
        date(2024, 6, 1),
        date(2024, 7, 1),
        None,
        "J5: MoF intervention ¥5.53T (≈$36bn) on 11-12 Jul 2024",
        "soft June CPI (11 Jul) and rate-cut expectations; yen carry-trade unwind into early August",
    ),
    Episode(
        "april_2025",
        36.0,
        date(2025, 3, 1),
        date(2025, 4, 1),
        50.0,
        "E2 (contrast, not calibration): foreign holdings fell $36bn in April 2025 while official accounts "
        "were net buyers; 10y about +50 bp in the week of 4-11 April",
        "tariff shock, swap-spread and basis-trade unwinds (E2b): not a foreign-official sale",
    ),
)


def _episodes(
    monthly: pd.DataFrame, quarterly: pd.DataFrame, responses: Sequence[MethodResponses]
) -> list[EpisodeReplay]:
    """Impact implied by each method for each episode's sale, beside the actual change in monthly yields."""
    by_month = monthly.assign(month=[pd.Timestamp(m).date() for m in monthly["month"]]).set_index("month")
    gdp = {
        pd.Timestamp(q).date(): float(v)
        for q, v in zip(quarterly["quarter"], quarterly["gdp_usd_bn"], strict=True)
        if pd.notna(v)
    }
    out: list[EpisodeReplay] = []
    for episode in EPISODES:
        quarter = date(episode.end_month.year, 3 * ((episode.end_month.month - 1) // 3) + 1, 1)
        if (
            quarter not in gdp
            or episode.end_month not in by_month.index
            or episode.baseline_month not in by_month.index
        ):
            continue  # outside the data: nothing to replay
        sale_pct = 100.0 * episode.sale_usd_bn / gdp[quarter]
        custody = by_month["custody_face_eop_usd_bn"].astype(float)
        custody_change = float(custody.loc[episode.end_month] - custody.loc[episode.baseline_month])
        for resp in responses:
            for k, tenor in enumerate(TENORS):
                if not math.isfinite(float(resp.irf_point[k, 0])):
                    continue
                implied = resp.irf_draws[:, k, 0] * sale_pct
                actual = by_month[f"yield_{tenor}_pct"].astype(float)
                # yields are quoted to 0.01 pp: round away float noise in the bp difference
                move = round(
                    100.0 * float(actual.loc[episode.end_month] - actual.loc[episode.baseline_month]), 6
                )
                out.append(
                    EpisodeReplay(
                        episode=episode.name,
                        method=resp.method,
                        tenor=tenor,
                        baseline_month=episode.baseline_month,
                        end_month=episode.end_month,
                        sale_usd_bn=episode.sale_usd_bn,
                        gdp_usd_bn=gdp[quarter],
                        sale_pct_gdp=sale_pct,
                        implied_bp=float(resp.irf_point[k, 0]) * sale_pct,
                        implied_p5_bp=float(np.quantile(implied, 0.05)),
                        implied_p95_bp=float(np.quantile(implied, 0.95)),
                        actual_monthly_bp=move if math.isfinite(move) else None,
                        actual_published_bp=episode.published_10y_bp if tenor == "10y" else None,
                        custody_change_usd_bn=custody_change if math.isfinite(custody_change) else None,
                        description=episode.description,
                        confounders=episode.confounders,
                    )
                )
    return out


# ---------------------------------------------------------------------------------------------------
# the contract with projections
# ---------------------------------------------------------------------------------------------------


def price_impact(result: CalibrationResult, method: Method, calibration_run_id: str) -> PriceImpact:
    """The :class:`~selloff.calibration.impact.PriceImpact` that projections consume, for one method.

    Parameters
    ----------
    result
        A calibration.
    method
        ``data`` (regression only), ``prior`` (literature) or ``blend`` (the default for projections).
    calibration_run_id
        The run the result is stored under (``meta.runs``).

    Returns
    -------
    PriceImpact
        Responses in bp per sale of 1% of GDP (positive = yields rise), h = 0..H quarters, with the joint
        draws of that method.

    Raises
    ------
    ValueError
        ``method="data"`` when :func:`data_method_allowed` refuses it (the reason is in the message).
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} not in {METHODS}")
    if method == "data":
        allowed, reason = data_method_allowed(result)
        if not allowed:
            raise ValueError(f"--method data refused: {reason}")
    resp = result.response(method)
    return PriceImpact(
        calibration_run_id=calibration_run_id,
        method=method,
        tenors=result.tenors,
        horizons_q=result.horizons_q.copy(),
        point_irf_bp_per_pct_gdp=np.array(resp.irf_point),
        point_long_run_bp_per_pct_gdp=np.array(resp.long_run_point),
        irf_bp_per_pct_gdp=np.array(resp.irf_draws),
        long_run_bp_per_pct_gdp=np.array(resp.long_run_draws),
        reference_gdp_usd_bn=result.reference_gdp_usd_bn,
        largest_sale_pct_gdp=result.largest_sale_pct_gdp,
        notes=result.notes,
    )
