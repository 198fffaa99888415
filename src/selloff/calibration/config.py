"""The calibration's vocabulary and settings: methods, terms, units, and :class:`CalibrationConfig`.

Contract units: the price impact is in basis points per sale worth 1% of GDP (:data:`UNITS_PCT_GDP`), and
in bp per $100bn sold at a reference GDP (:data:`UNITS_100BN`); positive = yields rise (a sale is a
negative purchase). Horizons are in quarters, durations in years. Every field of
:class:`CalibrationConfig` is recorded with the run (:meth:`CalibrationConfig.as_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from selloff.calibration.impact import Method
from selloff.calibration.panels import FLOW_MEASURE_SPECS, FLOW_MEASURES, FlowMeasure
from selloff.tenors import Tenor

Term = Literal["impact", "long_run"]
ParameterTerm = Literal["impact", "long_run", "long_run_share", "half_life"]
METHODS: tuple[Method, ...] = get_args(Method)
TERMS: tuple[Term, ...] = get_args(Term)
POLICY_DRIVEN_TENORS: tuple[Tenor, ...] = ("3m", "1y")

UNITS_PCT_GDP = "bp per 1% of GDP"
UNITS_100BN = "bp per $100bn"

FLOW_REGRESSOR = "net_sales_pct_gdp"
"""The regressor whose coefficient is the price impact: net foreign sales, % of GDP (a sale is positive)."""


def term_columns(horizons_q: int) -> tuple[tuple[Term, int], ...]:
    """The response columns of the two contract terms: impact (h = 0) and long run (after h = H)."""
    return (("impact", 0), ("long_run", horizons_q + 1))


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
    """Measure the spread of the custody-flow estimate across flow measures and plausible durations
    (reported with the data method; the blend no longer uses these regressions: see
    :mod:`selloff.calibration.identified`)."""
    breusch_godfrey_lags: int = 4
    n_permutations: int = 5000
    """Randomisation draws of the event studies (designs A and B)."""
    n_boot_supply: int = 2000
    """Moving-block bootstrap draws of the supply model (design C)."""
    scaling_base: Literal["gdp", "marketable_debt"] = "gdp"
    """What a sale is measured against: % of GDP (the PriceImpact unit) or pp of marketable debt; the
    combination table shows both (a per-%-of-GDP effect x marketable/GDP = per pp of marketable debt)."""

    def __post_init__(self) -> None:
        if self.primary_flow not in FLOW_MEASURES:
            raise ValueError(f"primary_flow={self.primary_flow!r} not in {FLOW_MEASURES}")
        if FLOW_MEASURE_SPECS[self.primary_flow].valuation_basis != "face":
            # the notes: the Identification section of selloff.calibration.designs.custody_flows
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
        if self.scaling_base not in ("gdp", "marketable_debt"):
            raise ValueError(f"scaling_base={self.scaling_base!r} not in ('gdp', 'marketable_debt')")
        if self.n_permutations < 100 or self.n_boot_supply < 100:
            raise ValueError("n_permutations and n_boot_supply must be at least 100")
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
            "n_permutations": self.n_permutations,
            "n_boot_supply": self.n_boot_supply,
            "scaling_base": self.scaling_base,
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
