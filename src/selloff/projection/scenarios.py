"""Sell-off scenarios: validated TOML → yield paths, bond prices, fiscal cost, with Monte Carlo bands.

A scenario says who sells how much of what, how fast, and what the Fed, the Treasury and Congress do
about it (:class:`Scenario`, read from ``scenarios/*.toml``). :func:`project` turns it, the
calibration's :class:`~selloff.calibration.impact.PriceImpact` and a
:class:`~selloff.projection.fiscal.FiscalSetup` into the
frames of ``proj.yield_paths``, ``proj.bond_prices``, ``proj.fiscal_annual``, ``proj.mitigations`` and
``proj.scenarios``. Pure: no files (except the thin :func:`load_scenario` edge), no clock, no global RNG.

Units and signs
---------------
Amounts in $bn; yields in percent, yield changes in **bp**; a **sale is a negative purchase**: sold
amounts are written positive in the scenario and push yields **up** (the calibration's sign: bp per sale
of 1% of GDP, positive = yields rise). Months are counted from the baseline's first projected month
(0 = October 2025 for ``cbo-2025-01``); fiscal years run October–September.

Yield paths
-----------
With :math:`s_u` the amount sold in month :math:`u` and :math:`x_u` its market-absorbed,
duration-scaled size in percent of the denominator (GDP, or marketable debt),

.. math::

    x_u = 100\\,\\frac{(1 - \\phi)\\,s_u\\,D_{sale}/D_{ref} - o_u\\,D_{10}/D_{ref}}{\\text{denominator}_u},
    \\qquad \\Delta y_{\\tau, t} = \\sum_{u \\le t} x_u\\,g_\\tau(t - u)
          + \\beta_\\tau\\,\\Delta p_t + \\delta_t

where :math:`\\phi` is the Fed's absorption share, :math:`D_{sale}/D_{ref}` the sale's modified duration
relative to the foreign-official mix (TIC bills vs notes & bonds) the calibration saw, :math:`o_u` the
duration the Treasury takes out of the market (bill-financed buybacks, coupon issuance moved to bills)
in 10-year equivalents (so scaled by :math:`D_{10}/D_{ref}`, the 10-year note's duration relative to
that mix), :math:`g_\\tau(j)` the monthly response kernel of tenor :math:`\\tau` built from the
calibration's impulse response (bp per 1% of GDP, quarterly, joint draws) under the chosen persistence,
:math:`\\Delta p_t` a policy-rate override passed through with weights :math:`\\beta_\\tau`, and
:math:`\\delta_t` an optional parallel shift. The optional confidence channel adds
:math:`c\\,(b_t - b^{base}_t)` bp per point of debt/GDP inside the fiscal engine.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from selloff.calibration.impact import PriceImpact
from selloff.projection import bonds
from selloff.projection.curve import (
    BILL_DAYS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    TENOR_TO_INSTRUMENT,
    TENOR_YEARS_ARRAY,
    instrument_yields,
    interpolation_matrix,
)
from selloff.projection.engine import (
    Confidence,
    EnginePlan,
    EngineResult,
    decompose,
    fy_end_values,
    run_engine,
    to_fiscal_years,
)
from selloff.projection.fiscal import BaselineOverrides, FiscalSetup, with_overrides
from selloff.projection.legacy import (
    BUYBACK_MIN_MONTHS,
    LegacyPaths,
    legacy_paths,
    starting_marketable_usd_bn,
)
from selloff.tenors import TENOR_YEARS, TENORS, Tenor

FloatArray = npt.NDArray[np.float64]

NO_SELLER = "none"
HOLDINGS_MATURITY_YEARS = 6.0
"""Average maturity assumed for foreign holdings of notes and bonds: the marketable debt's weighted average
maturity (72 months, June 2025; anchors-calibration.md §3 S3). TIC does not publish foreign holdings'
maturity; this sets their duration (≈5.3 years) and so the 10-year equivalents and mark-to-market."""

DEFAULT_POLICY_PASSTHROUGH: dict[Tenor, float] = {
    "3m": 1.0, "1y": 0.81, "2y": 0.64, "5y": 0.42, "10y": 0.29, "30y": 0.20,
}  # fmt: skip
"""bp of each tenor per bp of a policy-rate override. 1y–30y: OLS slopes of quarterly changes in the
GS1…GS30 quarterly averages on quarterly changes in FEDFUNDS, 1990Q1–2025Q3, computed from the snapshot
(tests/results/README.md); the 3-month bill is set to track the policy rate one for one."""

DEFAULT_CONFIDENCE_WEIGHTS: dict[Tenor, float] = {
    "3m": 0.0,
    "1y": 0.0,
    "2y": 1.0,
    "5y": 1.0,
    "10y": 1.0,
    "30y": 1.0,
}
"""The debt → yields effect is measured on long rates (Laubach: 5-year-ahead forwards; CBO: 10-year);
the short end stays pinned by the policy rate."""

TRANSITION_QUARTERS = 4
"""Beyond the last estimated horizon H the response moves linearly to its long-run value (or to zero
for ``transitory``) over this many quarters, then stays there."""


# --------------------------------------------------------------------------------------------------
# scenario model (TOML → validated pydantic model)
# --------------------------------------------------------------------------------------------------


class ScenarioError(ValueError):
    """A scenario file is invalid; the message names the scenario and the offending field."""

    def __init__(self, message: str, *, scenario: str | None = None, field: str | None = None) -> None:
        where = f"scenario {scenario!r}" if scenario else "scenario"
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")
        self.scenario = scenario
        self.field = field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


NonNegative = Annotated[float, Field(ge=0.0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
RateMoveBp = Annotated[float, Field(ge=-2000.0, le=2000.0)]
"""A rate move against the baseline, bp: within ±20 percentage points, beyond any episode on record."""
SEED_MAX = 2**63 - 1
"""Seeds are stored as BIGINT (proj.scenarios.seed)."""
Month = Annotated[int, Field(ge=0)]


class SaleSpec(_Model):
    """Who sells, how much, what, how fast."""

    seller: str | list[str] = Field(
        description="TIC country name ('Japan', 'China, Mainland'), or a list of them selling together"
    )
    amount_usd_bn: NonNegative | None = Field(None, description="face amount sold, $bn")
    share_of_holdings: Share | None = Field(None, description="fraction of the seller's latest TIC holdings")
    bills_share: Share | None = Field(
        None, description="fraction sold in bills (rest notes & bonds); default: TIC foreign-official split"
    )
    start_month: Month = 0
    pace_months: int = Field(12, ge=1, description="months over which the sale is spread")
    shape: Literal["uniform", "front_loaded", "back_loaded"] = "uniform"
    scaling: Literal["gdp", "marketable_debt"] = Field(
        "gdp", description="denominator the calibrated bp-per-1% is applied to (both are reported)"
    )

    @field_validator("seller")
    @classmethod
    def _sellers(cls, value: str | list[str]) -> str | list[str]:
        names = [value] if isinstance(value, str) else value
        if not names or any(not n.strip() for n in names) or len(set(names)) != len(names):
            raise ValueError("must name one seller, or a list of distinct sellers")
        return value

    @property
    def sellers(self) -> tuple[str, ...]:
        return (self.seller,) if isinstance(self.seller, str) else tuple(self.seller)

    @model_validator(mode="after")
    def _one_amount(self) -> SaleSpec:
        if (self.amount_usd_bn is None) == (self.share_of_holdings is None):
            raise ValueError("give exactly one of amount_usd_bn and share_of_holdings")
        return self


class FedSpec(_Model):
    """What the Fed does: absorb part of the sale (QE), and/or move the policy rate."""

    absorption_share: Share = Field(0.0, description="fraction of the sale the Fed buys")
    policy_change_months: list[Month] = Field(default_factory=list)
    policy_change_bp: list[RateMoveBp] = Field(
        default_factory=list, description="policy rate vs baseline, bp"
    )
    policy_passthrough: dict[Tenor, Annotated[float, Field(ge=0.0, le=2.0)]] = Field(
        default_factory=lambda: dict(DEFAULT_POLICY_PASSTHROUGH)
    )

    @model_validator(mode="after")
    def _knots(self) -> FedSpec:
        if len(self.policy_change_months) != len(self.policy_change_bp):
            raise ValueError("policy_change_months and policy_change_bp must have the same length")
        if any(
            b <= a for a, b in zip(self.policy_change_months, self.policy_change_months[1:], strict=False)
        ):
            raise ValueError("policy_change_months must be strictly increasing")
        return self


class ConfidenceSpec(_Model):
    enabled: bool = False
    bp_per_pct_debt_gdp: float = Field(3.0, ge=0.0, le=10.0, description="Laubach 3–4, CBO 2–3")
    tenor_weights: dict[Tenor, Annotated[float, Field(ge=0.0, le=2.0)]] = Field(
        default_factory=lambda: dict(DEFAULT_CONFIDENCE_WEIGHTS)
    )


class IssuanceSpec(_Model):
    """The Treasury's response: move coupon issuance into bills, and/or buy back coupons with bills."""

    coupon_to_bills_pct: float = Field(0.0, ge=0.0, le=100.0, description="% of fixed-coupon issuance moved")
    shift_start_month: Month = 0
    shift_months: Month = 0
    buyback_usd_bn_per_month: NonNegative = 0.0
    buyback_start_month: Month = 0
    buyback_months: Month = 0
    duration_offset: bool = Field(
        True, description="count the duration removed as a purchase in the yield model"
    )


class FiscalSpec(_Model):
    consolidation_pct_gdp: float = Field(0.0, ge=0.0, le=10.0, description="primary deficit cut, % of GDP")
    start_fy: int | None = Field(
        None, ge=2000, le=2100, description="first fiscal year of the cut (default: the second projected)"
    )
    ramp_years: int = Field(1, ge=1)


class ShockSpec(_Model):
    parallel_bp: RateMoveBp = Field(0.0, description="all tenors, from start_month on, permanently")
    start_month: Month = 0


class BaselineSpec(_Model):
    name: str = "cbo-2025-01"
    rate_shift_bp: float = 0.0
    primary_deficit_shift_pct_gdp: float = Field(0.0, ge=-10.0, le=10.0)


class Scenario(_Model):
    """A validated scenario (TOML). Field errors name the field (e.g. ``sale.share_of_holdings``).

    Every table but ``name`` and ``title`` is optional; a scenario without ``[sale]`` sells nothing
    (e.g. a pure ``[shock] parallel_bp``). Months count from the baseline's first projected month::

        name = "japan-dump-fed-qe"
        title = "Japan sells everything over 12 months; the Fed absorbs half"
        horizon_months = 120            # whole fiscal years, at most the baseline's window
        draws = 1000                    # Monte Carlo draws; seed = 0 …
        persistence = "estimated"       # or "transitory" / "permanent" (lower / upper bound)

        [sale]
        seller = "Japan"                # or ["Japan", "China, Mainland"] (TIC names)
        share_of_holdings = 1.0         # or amount_usd_bn = 60.0
        pace_months = 12                # start_month = 0; shape = "uniform" | "front_loaded" | "back_loaded"
        # bills_share = 0.1             # default: TIC foreign-official bills / (bills + notes & bonds)
        # scaling = "gdp"               # or "marketable_debt"

        [fed]
        absorption_share = 0.5
        # policy_change_months = [0, 1, 24]; policy_change_bp = [-100.0, -150.0, 0.0]

        # [confidence] enabled = true, bp_per_pct_debt_gdp = 3.0
        # [issuance] coupon_to_bills_pct, shift_start_month, shift_months, buyback_usd_bn_per_month, …
        # [fiscal] consolidation_pct_gdp, start_fy, ramp_years
        # [shock] parallel_bp, start_month
        # [baseline] name = "cbo-2025-01", rate_shift_bp, primary_deficit_shift_pct_gdp
    """

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    label: str | None = None
    horizon_months: int = Field(120, ge=12, description="a whole number of fiscal years")
    draws: int = Field(1000, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0, le=SEED_MAX)
    persistence: Literal["estimated", "transitory", "permanent"] = "estimated"
    sale: SaleSpec | None = None
    fed: FedSpec = Field(default_factory=FedSpec)
    confidence: ConfidenceSpec = Field(default_factory=ConfidenceSpec)
    issuance: IssuanceSpec = Field(default_factory=IssuanceSpec)
    fiscal: FiscalSpec = Field(default_factory=FiscalSpec)
    shock: ShockSpec = Field(default_factory=ShockSpec)
    baseline: BaselineSpec = Field(default_factory=BaselineSpec)

    @field_validator("horizon_months")
    @classmethod
    def _whole_years(cls, value: int) -> int:
        if value % 12:
            raise ValueError(f"must be a multiple of 12 (whole fiscal years), got {value}")
        return value

    @model_validator(mode="after")
    def _seller_known(self, info: ValidationInfo) -> Scenario:
        known = (info.context or {}).get("known_sellers")
        if known is not None and self.sale is not None:
            for seller in self.sale.sellers:
                if seller not in known:
                    listed = "; ".join(repr(k) for k in sorted(known))  # names may hold commas
                    raise ValueError(f"unknown seller {seller!r}; known: {listed}")
        return self

    def to_json(self) -> str:
        return self.model_dump_json()


def parse_scenario(
    text: str, *, source: str = "<string>", known_sellers: Collection[str] | None = None
) -> Scenario:
    """Validate a scenario from TOML text.

    Raises
    ------
    ScenarioError
        Invalid TOML, an unknown or missing field, a value out of range (negative amounts, shares outside
        [0, 1], an unknown tenor, a zero horizon, NaN), or an unknown seller when ``known_sellers`` is
        given. The message names the scenario and the field as a dotted path.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {exc}") from None
    name = data.get("name") if isinstance(data.get("name"), str) else source
    context = {"known_sellers": set(known_sellers)} if known_sellers is not None else None
    try:
        return Scenario.model_validate(data, context=context)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"] if p != "[key]") or "(top level)"
        if err["type"] == "finite_number":
            msg = f"must be a finite number, got {err.get('input')!r}"
        else:
            msg = err["msg"].removeprefix("Value error, ")
        if err["loc"] == () and "seller" in msg:
            loc = "sale.seller"
        extra = f" (and {len(exc.errors()) - 1} more error(s))" if len(exc.errors()) > 1 else ""
        raise ScenarioError(msg + extra, scenario=name, field=loc) from None


def with_baseline(scenario: Scenario, name: str) -> Scenario:
    """The scenario against another baseline (``--baseline NAME`` overrides the file's ``baseline.name``)."""
    return scenario.model_copy(update={"baseline": scenario.baseline.model_copy(update={"name": name})})


def load_scenario(path: Path, *, known_sellers: Collection[str] | None = None) -> Scenario:
    """Read and validate a scenario file (edge helper: the only file access in this module)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    return parse_scenario(text, source=str(path), known_sellers=known_sellers)


def scenarios_dir() -> Path:
    """The bundled ``scenarios/`` directory (``selloff/_scenarios`` in a wheel, else the repository's)."""
    packaged = Path(str(resources.files("selloff"))) / "_scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "scenarios"


def bundled_scenarios() -> dict[str, Path]:
    """Bundled scenario names → files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.toml"))}


def check_batch(chosen: Sequence[Scenario], horizon_months: int) -> None:
    """Scenarios projected together: names unique (they key every proj.* row), horizons within the
    baseline's window. Raises :class:`ScenarioError` naming the scenario and field."""
    seen: set[str] = set()
    for scenario in chosen:
        if scenario.name in seen:
            raise ScenarioError(
                "two scenarios share this name; names key the stored tables",
                scenario=scenario.name,
                field="name",
            )
        seen.add(scenario.name)
        if scenario.horizon_months > horizon_months:
            raise ScenarioError(
                f"must be at most {horizon_months} (the baseline's window), got {scenario.horizon_months}",
                scenario=scenario.name, field="horizon_months",
            )  # fmt: skip


def resolve_scenario(name_or_path: str, *, known_sellers: Collection[str] | None = None) -> Scenario:
    """A bundled scenario by name, or a scenario file by path (``--scenario NAME|FILE``)."""
    bundled = bundled_scenarios()
    if name_or_path in bundled:
        return load_scenario(bundled[name_or_path], known_sellers=known_sellers)
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return load_scenario(path, known_sellers=known_sellers)
    raise ScenarioError(
        f"no bundled scenario {name_or_path!r} and no such file; bundled: {', '.join(bundled)}"
    )


# --------------------------------------------------------------------------------------------------
# TIC holdings
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicHoldings:
    """Latest TIC major-foreign-holders figures ($bn, end of month, market value as TIC reports)."""

    as_of: date
    by_country_usd_bn: Mapping[str, float]
    official_bills_usd_bn: float
    official_notes_bonds_usd_bn: float
    total_foreign_usd_bn: float

    OFFICIAL_BILLS = "For. Official - Treasury Bills"
    OFFICIAL_NOTES_BONDS = "For. Official - T-Bonds & Notes"
    TOTAL = "Grand Total"

    @property
    def official_bills_share(self) -> float:
        """Bills' share of foreign-official holdings: the default composition of a sale."""
        return self.official_bills_usd_bn / (self.official_bills_usd_bn + self.official_notes_bonds_usd_bn)

    @property
    def sellers(self) -> tuple[str, ...]:
        skip = {self.OFFICIAL_BILLS, self.OFFICIAL_NOTES_BONDS, self.TOTAL, "For. Official", "All Other"}
        return tuple(sorted(c for c in self.by_country_usd_bn if c not in skip))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TicHoldings:
        """From a ``country, date, holdings_usd_bn`` frame (``stg.tic_holdings``, ``raw.tic_holdings`` or the
        snapshot file with ``holdings_bn`` renamed): the latest month that has the Grand Total."""
        needed = {"country", "date", "holdings_usd_bn"}
        if not needed <= set(frame.columns):
            raise ValueError(f"TIC holdings need columns {sorted(needed)}, got {list(frame.columns)}")
        data = frame.assign(date=pd.to_datetime(frame["date"])).dropna(subset=["holdings_usd_bn"])
        if "realtime_start" in data.columns:  # raw rows with several vintages: keep the latest of each
            data = data.sort_values("realtime_start")
        data = data.drop_duplicates(subset=["country", "date"], keep="last")
        latest = data.loc[data["country"] == cls.TOTAL, "date"].max()
        if pd.isna(latest):
            raise ValueError("TIC holdings have no 'Grand Total' row")
        month = data[data["date"] == latest].set_index("country")["holdings_usd_bn"].astype("float64")
        for need in (cls.OFFICIAL_BILLS, cls.OFFICIAL_NOTES_BONDS):
            if need not in month.index:
                raise ValueError(f"TIC holdings for {latest:%Y-%m} lack {need!r}")
        return cls(
            as_of=latest.date(),
            by_country_usd_bn={str(k): float(v) for k, v in month.items()},
            official_bills_usd_bn=float(month[cls.OFFICIAL_BILLS]),
            official_notes_bonds_usd_bn=float(month[cls.OFFICIAL_NOTES_BONDS]),
            total_foreign_usd_bn=float(month[cls.TOTAL]),
        )


# --------------------------------------------------------------------------------------------------
# durations and the monthly response kernel
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """Modified durations (years) at the baseline's starting curve."""

    bills: float
    notes_bonds: float
    ten_year: float
    reference: float
    """The foreign-official mix (TIC bills vs notes & bonds) the calibration's flows stand for."""
    instruments: FloatArray
    """(K,) par-bond modified duration of each instrument."""

    def of_mix(self, bills_share: float) -> float:
        return bills_share * self.bills + (1.0 - bills_share) * self.notes_bonds


def _curve_at(tenor_yields: FloatArray, years: float) -> FloatArray:
    w = interpolation_matrix([years], TENOR_YEARS_ARRAY)[:, 0]
    return tenor_yields @ w


def durations(setup: FiscalSetup, holdings: TicHoldings) -> Durations:
    curve0 = setup.paths.tenor_yields_pct[0]
    y3m = float(curve0[TENORS.index("3m")])
    d_bill = float(bonds.bill_modified_duration(y3m, BILL_DAYS))
    y_nb = float(_curve_at(curve0, HOLDINGS_MATURITY_YEARS))
    d_nb = float(bonds.modified_duration(y_nb, y_nb, HOLDINGS_MATURITY_YEARS))
    y10 = float(curve0[TENORS.index("10y")])
    d10 = float(bonds.modified_duration(y10, y10, 10.0))
    inst_y = instrument_yields(curve0)
    inst = np.array(
        [
            d_bill if i.months < 12 else float(bonds.modified_duration(float(y), float(y), i.years))
            for i, y in zip(INSTRUMENTS, inst_y, strict=True)
        ]
    )
    share = holdings.official_bills_share
    return Durations(d_bill, d_nb, d10, share * d_bill + (1.0 - share) * d_nb, inst)


def _tenor_map(impact: PriceImpact) -> FloatArray:
    """(impact tenors × 6): the calibration's tenors interpolated onto the six standard tenors."""
    src_years = [TENOR_YEARS[t] for t in impact.tenors]
    order = np.argsort(src_years)
    w_sorted = interpolation_matrix(TENOR_YEARS_ARRAY, np.asarray(src_years)[order])
    w = np.zeros_like(w_sorted)
    w[order] = w_sorted
    return w


def kernel_matrix(n_horizons: int, horizon: int, persistence: str) -> FloatArray:
    """(H+2 × months) weights turning ``[irf_0, …, irf_H, long_run]`` (quarters) into a monthly kernel.

    Month :math:`j` after a sale sits at quarter :math:`q = j/3`: linear between estimated quarters up to
    :math:`H`; then linear over :data:`TRANSITION_QUARTERS` to the long-run response (``estimated``) or to
    zero (``transitory``); ``permanent`` holds the response at :math:`H` (the running peak is taken later).
    """
    H = n_horizons - 1
    q = np.arange(horizon) / 3.0
    w = np.zeros((n_horizons + 1, horizon))
    for j, qj in enumerate(q):
        if qj <= H:
            lo = min(int(np.floor(qj)), H)
            hi = min(lo + 1, H)
            frac = qj - lo if hi > lo else 0.0
            w[lo, j] += 1.0 - frac
            w[hi, j] += frac
        else:
            a = min((qj - H) / TRANSITION_QUARTERS, 1.0)
            w[H, j] += 1.0 - a
            if persistence == "estimated":
                w[H + 1, j] += a
            elif persistence == "permanent":
                w[H, j] += a
    return w


def monthly_kernel(irf: FloatArray, long_run: FloatArray, horizon: int, persistence: str) -> FloatArray:
    """Monthly kernel (…, 6, months), bp per 1% sold, from quarterly IRFs (…, 6, H+1) and long run (…, 6)."""
    q = kernel_matrix(irf.shape[-1], horizon, persistence)
    stacked = np.concatenate([irf, long_run[..., None]], axis=-1)
    g = stacked @ q
    if persistence == "permanent":
        g = np.maximum.accumulate(g, axis=-1)  # the largest rise so far is never undone (upper bound)
    return g


def convolve(kernel: FloatArray, x: FloatArray) -> FloatArray:
    """Discrete convolution along the last axis: ``kernel`` (…, T), ``x`` (T,).

    .. math:: \\Delta y_t = \\sum_{u \\le t} x_u\\, g(t - u)
    """
    T = kernel.shape[-1]
    toeplitz = np.zeros((T, T))
    for lag in range(T):
        toeplitz[lag, lag:] = x[: T - lag]
    return kernel @ toeplitz


# --------------------------------------------------------------------------------------------------
# scenario preparation (deterministic parts)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleSummary:
    seller: str
    amount_usd_bn: float
    seller_holdings_usd_bn: float
    bills_share: float
    pct_gdp: float
    pct_marketable_debt: float
    ten_year_eq_usd_bn: float
    duration_factor: float
    max_quarter_pct_gdp: float


@dataclass(frozen=True)
class PreparedScenario:
    scenario: Scenario
    setup: FiscalSetup
    T: int
    sale_usd_bn: FloatArray  # (T,) sold per month (gross, before Fed absorption)
    x: FloatArray  # (T,) effective shock input, % of denominator
    exogenous_bp: FloatArray  # (T, 6) policy pass-through + parallel shift, bp
    policy_rate_pct: FloatArray  # (T,)
    plan: EnginePlan
    base_plan: EnginePlan
    base: EngineResult
    confidence: Confidence | None
    confidence_tenor_weights: FloatArray
    durations: Durations
    summary: SaleSummary
    fed_bills_usd_bn: FloatArray  # (T,) Fed purchases per month
    fed_notes_usd_bn: FloatArray
    consolidation_usd_bn_fy: FloatArray  # (n_fy,)


def _truncate(plan: EnginePlan, T: int) -> EnginePlan:
    leg = plan.legacy
    return EnginePlan(
        legacy=LegacyPaths(
            leg.maturing[:T], leg.outstanding_end[:T], leg.fixed_interest[:T], leg.frn_outstanding[:T],
            leg.tips_outstanding[:T],
        ),
        issuance_shares=plan.issuance_shares[:T],
        primary_need_usd_bn=plan.primary_need_usd_bn[:T],
        extra_bills_usd_bn=plan.extra_bills_usd_bn[:T],
        inflation_pct=plan.inflation_pct[:T],
        frn_spread_pct=plan.frn_spread_pct,
    )  # fmt: skip


def _window(T: int, start: int, months: int) -> FloatArray:
    out = np.zeros(T)
    out[min(start, T) : min(start + months, T)] = 1.0
    return out


def _sale_profile(spec: SaleSpec, T: int) -> FloatArray:
    n = spec.pace_months
    if spec.shape == "uniform":
        w = np.ones(n)
    elif spec.shape == "front_loaded":
        w = np.arange(n, 0, -1, dtype=np.float64)
    else:
        w = np.arange(1, n + 1, dtype=np.float64)
    w = w / w.sum()
    out = np.zeros(T)
    end = min(spec.start_month + n, T)
    if spec.start_month < T:
        out[spec.start_month : end] = w[: end - spec.start_month]
    return out


def prepare(scenario: Scenario, setup: FiscalSetup, holdings: TicHoldings) -> PreparedScenario:
    """Everything deterministic about a scenario: the sale path and its size in every unit, the
    effective shock input :math:`x_u`, exogenous moves (policy override, parallel shift), the engine plan
    (issuance response, buybacks, consolidation), the Fed's purchases and the confidence channel.

    Raises :class:`ScenarioError` naming the field for an unknown seller, a baseline other than the
    setup's, or a horizon beyond the baseline's window.
    """
    if scenario.baseline.name != setup.baseline.name:
        raise ScenarioError(
            f"the scenario asks for baseline {scenario.baseline.name!r} but the setup is "
            f"{setup.baseline.name!r}", scenario=scenario.name, field="baseline.name",
        )  # fmt: skip
    overrides = BaselineOverrides(
        scenario.baseline.rate_shift_bp, scenario.baseline.primary_deficit_shift_pct_gdp
    )
    setup = with_overrides(setup, overrides)
    T = scenario.horizon_months
    if setup.horizon < T:
        raise ScenarioError(
            f"must be at most {setup.horizon} (the baseline's window), got {T}",
            scenario=scenario.name, field="horizon_months",
        )  # fmt: skip
    paths = setup.paths
    base_plan = _truncate(setup.plan, T)
    sb = setup.base
    base = EngineResult(
        sb.interest_usd_bn[:T], sb.debt_end_usd_bn[:T], sb.issuance_usd_bn[:T], sb.maturing_usd_bn[:T]
    )
    durs = durations(setup, holdings)
    gdp = paths.gdp_saar_usd_bn[:T]
    marketable = np.concatenate([[starting_marketable_usd_bn(setup.baseline)], base.debt_end_usd_bn[:-1, 0]])

    # --- the sale -------------------------------------------------------------------------------
    sale = scenario.sale
    if sale is not None:
        for name in sale.sellers:
            if name not in holdings.by_country_usd_bn:
                raise ScenarioError(
                    f"unknown seller {name!r}; known: {', '.join(holdings.sellers)}",
                    scenario=scenario.name, field="sale.seller",
                )  # fmt: skip
        seller_holdings = sum(holdings.by_country_usd_bn[name] for name in sale.sellers)
        share = sale.share_of_holdings if sale.share_of_holdings is not None else 0.0
        amount = sale.amount_usd_bn if sale.amount_usd_bn is not None else share * seller_holdings
        bills_share = holdings.official_bills_share if sale.bills_share is None else sale.bills_share
        profile = _sale_profile(sale, T)
        sale_usd = amount * profile
        denom = gdp if sale.scaling == "gdp" else marketable
        seller = " + ".join(sale.sellers)
        start = sale.start_month
    else:
        seller, seller_holdings, amount, bills_share = NO_SELLER, 0.0, 0.0, holdings.official_bills_share
        sale_usd, denom, start = np.zeros(T), gdp, 0
    d_sale = durs.of_mix(bills_share)
    factor = d_sale / durs.reference
    phi = scenario.fed.absorption_share
    quarterly = np.convolve(sale_usd / gdp * 100.0, np.ones(3))[:T]
    summary = SaleSummary(
        seller=seller,
        amount_usd_bn=float(amount),
        seller_holdings_usd_bn=float(seller_holdings),
        bills_share=float(bills_share),
        pct_gdp=float(amount / gdp[min(start, T - 1)] * 100.0),
        pct_marketable_debt=float(amount / marketable[min(start, T - 1)] * 100.0),
        ten_year_eq_usd_bn=float(amount * d_sale / durs.ten_year),
        duration_factor=float(factor),
        max_quarter_pct_gdp=float(quarterly.max()) if T else 0.0,
    )

    # --- Treasury response: coupon issuance moved to bills, bill-financed buybacks ---------------
    iss = scenario.issuance
    shares = base_plan.issuance_shares.copy()
    moved = iss.coupon_to_bills_pct / 100.0 * _window(T, iss.shift_start_month, iss.shift_months)
    coupon_cols = np.array([i.kind != "frn" and i.security_type != "bills" for i in INSTRUMENTS])
    bill = INSTRUMENT_NAMES.index("bill_3m")
    moved_share = shares[:, coupon_cols] * moved[:, None]
    shares[:, coupon_cols] -= moved_share
    shares[:, bill] += moved_share.sum(axis=1)
    buybacks = iss.buyback_usd_bn_per_month * _window(T, iss.buyback_start_month, iss.buyback_months)
    legacy = legacy_paths(setup.legacy, T, buybacks) if buybacks.any() else base_plan.legacy
    offset_10y = np.zeros(T)
    if iss.duration_offset:
        # coupon issuance moved: the baseline's issuance of each coupon instrument × its extra duration
        base_issue = base.issuance_usd_bn[:, 0]
        dur_gap = durs.instruments[coupon_cols] - durs.bills
        offset_10y += (moved_share * base_issue[:, None] * dur_gap[None, :]).sum(axis=1) / durs.ten_year
        offset_10y += buybacks * (_buyback_duration(setup, durs) - durs.bills) / durs.ten_year

    # --- fiscal consolidation ---------------------------------------------------------------------
    fys = np.array(setup.fys[: T // 12])
    fs = scenario.fiscal
    first = fs.start_fy if fs.start_fy is not None else int(fys[0]) + 1
    ramp = np.clip((fys - first + 1) / fs.ramp_years, 0.0, 1.0)
    gdp_fy = setup.baseline.budget["gdp_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    consolidation_fy = fs.consolidation_pct_gdp / 100.0 * gdp_fy * ramp
    consolidation_month = np.repeat(consolidation_fy / 12.0, 12)

    plan = EnginePlan(
        legacy=legacy,
        issuance_shares=shares,
        primary_need_usd_bn=base_plan.primary_need_usd_bn - consolidation_month,
        extra_bills_usd_bn=buybacks,
        inflation_pct=base_plan.inflation_pct,
        frn_spread_pct=base_plan.frn_spread_pct,
    )

    # --- effective shock input and exogenous moves -------------------------------------------------
    absorbed = (1.0 - phi) * sale_usd * factor - offset_10y * durs.ten_year / durs.reference
    x = absorbed / denom * 100.0
    fed = scenario.fed
    months = np.arange(T)
    if fed.policy_change_months:
        knots = np.array(fed.policy_change_months, dtype=np.float64)
        dp = np.interp(months, knots, np.array(fed.policy_change_bp, dtype=np.float64))
        dp[months < knots[0]] = 0.0
    else:
        dp = np.zeros(T)
    passthrough = np.array([fed.policy_passthrough.get(t, DEFAULT_POLICY_PASSTHROUGH[t]) for t in TENORS])
    parallel = scenario.shock.parallel_bp * (months >= scenario.shock.start_month)
    exogenous = dp[:, None] * passthrough[None, :] + parallel[:, None]

    conf = None
    conf_w = np.array(
        [scenario.confidence.tenor_weights.get(t, DEFAULT_CONFIDENCE_WEIGHTS[t]) for t in TENORS]
    )
    if scenario.confidence.enabled and scenario.confidence.bp_per_pct_debt_gdp > 0:
        nonmkt = setup.baseline.debt.nonmarketable_total_usd_bn
        conf = Confidence(
            bp_per_pct_debt_gdp=scenario.confidence.bp_per_pct_debt_gdp,
            instrument_weights=conf_w @ TENOR_TO_INSTRUMENT,
            short_rate_weight=float(conf_w[TENORS.index("3m")]),
            baseline_debt_pct_gdp=(base.debt_end_usd_bn[:, 0] + nonmkt) / gdp * 100.0,
            gdp_saar_usd_bn=gdp,
            nonmarketable_usd_bn=nonmkt,
        )
    fed_total = phi * sale_usd
    return PreparedScenario(
        scenario=scenario,
        setup=setup,
        T=T,
        sale_usd_bn=sale_usd,
        x=x,
        exogenous_bp=exogenous,
        policy_rate_pct=paths.policy_rate_pct[:T] + dp / 100.0,
        plan=plan,
        base_plan=base_plan,
        base=base,
        confidence=conf,
        confidence_tenor_weights=conf_w,
        durations=durs,
        summary=summary,
        fed_bills_usd_bn=fed_total * bills_share,
        fed_notes_usd_bn=fed_total * (1.0 - bills_share),
        consolidation_usd_bn_fy=consolidation_fy,
    )


def _buyback_duration(setup: FiscalSetup, durs: Durations) -> float:
    """Duration of the legacy coupons a buyback retires: a par bond at their average remaining maturity."""
    c = setup.legacy.cohorts
    eligible = c["security_type"].isin(["notes", "bonds"]) & (c["months_to_maturity"] >= BUYBACK_MIN_MONTHS)
    amount = c.loc[eligible, "amount_usd_bn"]
    years = float((amount * (c.loc[eligible, "months_to_maturity"] + 1)).sum() / amount.sum() / 12.0)
    years = max(0.5, round(years * 2.0) / 2.0)  # a whole number of half-years for the bond formula
    y = float(_curve_at(setup.paths.tenor_yields_pct[0], years))
    return float(bonds.modified_duration(y, y, years))


# --------------------------------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    shock_bp: FloatArray  # (T, D, 6) including exogenous moves and the confidence add-on
    tenor_yields_pct: FloatArray  # (T, D, 6), confidence add-on included
    pre_confidence_yields_pct: FloatArray  # (T, D, 6), what the engine was given
    result: EngineResult
    fed_loss_usd_bn: FloatArray  # (T, D) fall in Fed remittances (positive = Treasury+Fed cost)


def simulate(prep: PreparedScenario, kernel: FloatArray) -> Simulation:
    """Run the response kernels ``kernel`` (D, 6, T; bp per 1% sold) through yields, the engine and the
    Fed's books, all draws at once.

    The Fed's remittances fall by what its reserves cost (policy rate) less what its purchases earn (the
    bill rate on bills; the notes-and-bonds yield at purchase on the rest), per month:

    .. math::

        L_t = \\big(p_t\\,H_{t-1} - r^{3m}_t\\,H^{b}_{t-1}
              - \\textstyle\\sum_{u<t} F^{nb}_u\\,y^{nb}_u\\big)/1200
    """
    T = prep.T
    base_curve = prep.setup.paths.tenor_yields_pct[:T]
    shock = convolve(kernel, prep.x)  # (D, 6, T) bp
    shock = np.ascontiguousarray(shock.transpose(2, 0, 1)) + prep.exogenous_bp[:, None, :]  # (T, D, 6)
    curve = base_curve[:, None, :] + shock / 100.0
    inst = instrument_yields(curve)
    short = curve[:, :, TENORS.index("3m")]
    result = run_engine(prep.plan, inst, short, confidence=prep.confidence)
    pre = curve
    if result.confidence_pp is not None:
        add = result.confidence_pp[:, :, None] * prep.confidence_tenor_weights[None, None, :]
        shock = shock + add * 100.0
        curve = curve + add
        short = curve[:, :, TENORS.index("3m")]
    # Fed: reserves pay the policy rate; bills earn the bill rate; notes & bonds their yield at purchase
    held_bills = np.concatenate([[0.0], np.cumsum(prep.fed_bills_usd_bn)[:-1]])
    held_notes = np.concatenate([[0.0], np.cumsum(prep.fed_notes_usd_bn)[:-1]])
    y_nb = _curve_at(curve, HOLDINGS_MATURITY_YEARS)  # (T, D)
    notes_runrate = np.cumsum(prep.fed_notes_usd_bn[:, None] * y_nb, axis=0)
    notes_runrate = np.concatenate([np.zeros((1, curve.shape[1])), notes_runrate[:-1]])
    policy = prep.policy_rate_pct[:, None]
    loss = (
        (held_bills + held_notes)[:, None] * policy - held_bills[:, None] * short - notes_runrate
    ) / 1200.0
    return Simulation(shock, curve, pre, result, loss)


def draw_kernels(prep: PreparedScenario, impact: PriceImpact, idx: npt.NDArray[np.int64]) -> FloatArray:
    """Monthly kernels (D, 6, T) of the calibration's draws ``idx``: the same draw for every tenor and
    horizon (joint draws keep each simulated curve coherent)."""
    m = _tenor_map(impact)
    irf = np.einsum("dsh,st->dth", impact.irf_bp_per_pct_gdp[idx], m)
    lr = impact.long_run_bp_per_pct_gdp[idx] @ m
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)


def point_kernel(prep: PreparedScenario, impact: PriceImpact) -> FloatArray:
    """The monthly kernel (1, 6, T) of the calibration's point estimates."""
    m = _tenor_map(impact)
    irf = np.einsum("sh,st->th", impact.point_irf_bp_per_pct_gdp, m)[None]
    lr = (impact.point_long_run_bp_per_pct_gdp @ m)[None]
    return monthly_kernel(irf, lr, prep.T, prep.scenario.persistence)


# --------------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------------

_PCTS = ("p5", "p50", "p95")


def _with_pcts(*names: str) -> tuple[str, ...]:
    return tuple(col for name in names for col in (name, *(f"{name}_{p}" for p in _PCTS)))


YIELD_PATHS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "month", "tenor", "baseline_yield_pct",
    *_with_pcts("scenario_yield_pct", "shock_bp"),
)  # fmt: skip
"""Columns of ``proj.yield_paths`` (key: run_id, scenario, month, tenor)."""

BOND_PRICES_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "month", "instrument", "maturity_years", *_with_pcts("price_change_pct"),
    "holdings_usd_bn", *_with_pcts("mtm_loss_usd_bn"),
)  # fmt: skip
"""Columns of ``proj.bond_prices`` (key: run_id, scenario, month, instrument)."""

FISCAL_ANNUAL_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "fy", "baseline_interest_usd_bn", "scenario_interest_usd_bn",
    "delta_interest_usd_bn", "cumulative_delta_usd_bn",
    *(f"{n}_{p}" for n in ("scenario_interest_usd_bn", "delta_interest_usd_bn", "cumulative_delta_usd_bn")
      for p in _PCTS),
    "cbo_net_interest_usd_bn", "gdp_usd_bn", "revenues_usd_bn", "baseline_outlays_usd_bn",
    "scenario_outlays_usd_bn",
    "baseline_interest_pct_gdp", "scenario_interest_pct_gdp", "baseline_interest_pct_revenues",
    "scenario_interest_pct_revenues", "baseline_interest_pct_outlays", "scenario_interest_pct_outlays",
    "scenario_interest_pct_outlays_p50", "baseline_debt_pct_gdp", *_with_pcts("scenario_debt_pct_gdp"),
    "baseline_avg_rate_pct", "scenario_avg_rate_pct", "rollover_usd_bn", "deficit_financing_usd_bn",
    "snowball_usd_bn", "fed_remittance_loss_usd_bn", "treasury_only_delta_usd_bn",
    *_with_pcts("treasury_plus_fed_delta_usd_bn"),
)  # fmt: skip
"""Columns of ``proj.fiscal_annual`` (key: run_id, scenario, fy)."""

MITIGATIONS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "mitigation", "description", "peak_10y_bp", "ten_year_delta_treasury_usd_bn",
    "ten_year_delta_treasury_plus_fed_usd_bn", "saving_vs_as_specified_usd_bn",
)  # fmt: skip
"""Columns of ``proj.mitigations`` (key: run_id, scenario, mitigation)."""

SCENARIOS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "title", "label", "baseline", "spec_json", "draws", "seed", "seller", "sale_usd_bn",
    "sale_pct_gdp", "sale_pct_marketable_debt", "sale_10y_eq_usd_bn", "fed_absorption_share",
    "permanent_share", *_with_pcts("peak_10y_bp", "ten_year_extra_interest_usd_bn"),
    "ten_year_extra_cost_treasury_plus_fed_usd_bn",
    "interest_pct_outlays_last_fy", "interest_pct_outlays_last_fy_p50", "last_fy", "warnings",
)  # fmt: skip
"""Columns of ``proj.scenarios`` (key: run_id, scenario)."""

ISSUANCE_SHIFT_SHARE = 0.5
"""The ``issuance_shift`` mitigation moves fixed-coupon issuance into bills during the sale and for 12
months after, enough to take out of the market duration worth this share of the sale (the mirror of the
Fed absorbing half of it)."""
ISSUANCE_SHIFT_PCT = 5.0
"""… or, for a scenario without a sale, this share of fixed-coupon gross issuance."""

MITIGATIONS = ("as_specified", "fed_purchases", "gradual_sale", "fiscal_consolidation", "issuance_shift")
"""``proj.mitigations`` vocabulary (the scenario as written, then one lever pulled at a time)."""


@dataclass(frozen=True)
class Headline:
    """Headline numbers of one scenario (also the ``proj.scenarios`` row)."""

    scenario: str
    title: str
    label: str | None
    sale_usd_bn: float
    sale_pct_gdp: float
    sale_pct_marketable_debt: float
    sale_10y_eq_usd_bn: float
    fed_absorption_share: float
    permanent_share: float
    peak_10y_bp: float
    peak_10y_bp_p5: float
    peak_10y_bp_p50: float
    peak_10y_bp_p95: float
    ten_year_extra_interest_usd_bn: float
    ten_year_extra_interest_usd_bn_p5: float
    ten_year_extra_interest_usd_bn_p50: float
    ten_year_extra_interest_usd_bn_p95: float
    ten_year_extra_cost_treasury_plus_fed_usd_bn: float
    interest_pct_outlays_last_fy: float
    interest_pct_outlays_last_fy_p50: float
    last_fy: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Projection:
    """Everything :func:`project` produces for one scenario: frames ready for the ``proj.*`` tables."""

    run_id: str
    scenario: Scenario
    headline: Headline
    yield_paths: pd.DataFrame
    bond_prices: pd.DataFrame
    fiscal_annual: pd.DataFrame
    mitigations: pd.DataFrame
    scenarios_row: pd.DataFrame
    warnings: tuple[str, ...]

    def artifact_row(self) -> dict[str, object]:
        """The headline rounded for a Prefect table artifact."""
        h = self.headline
        return {
            "scenario": h.scenario,
            "sale_usd_bn": round(h.sale_usd_bn, 1),
            "sale_pct_gdp": round(h.sale_pct_gdp, 2),
            "peak_10y_bp": round(h.peak_10y_bp, 1),
            "peak_10y_bp_p5_p95": f"{h.peak_10y_bp_p5:.1f} to {h.peak_10y_bp_p95:.1f}",
            "ten_year_extra_interest_usd_bn": round(h.ten_year_extra_interest_usd_bn, 1),
            "ten_year_extra_interest_usd_bn_p5_p95": (
                f"{h.ten_year_extra_interest_usd_bn_p5:,.0f} to {h.ten_year_extra_interest_usd_bn_p95:,.0f}"
            ),
            f"interest_pct_outlays_fy{h.last_fy}": round(h.interest_pct_outlays_last_fy, 2),
        }

    def artifact_markdown(self) -> str:
        """A short markdown summary: the chain sale → yields → interest, and the warnings."""
        h = self.headline
        lines = [
            f"# {h.title}" + (f" ({h.label})" if h.label else ""),
            "",
            f"- Sale: ${h.sale_usd_bn:,.0f}bn ({h.sale_pct_gdp:.2f}% of GDP, "
            f"{h.sale_pct_marketable_debt:.2f}% of marketable debt; "
            f"${h.sale_10y_eq_usd_bn:,.0f}bn in 10-year equivalents), Fed absorbs "
            f"{h.fed_absorption_share:.0%}",
            f"- Peak 10-year yield change: {h.peak_10y_bp:+.1f} bp (p5-p95 {h.peak_10y_bp_p5:+.1f} to "
            f"{h.peak_10y_bp_p95:+.1f})",
            f"- Extra interest over ten fiscal years: ${h.ten_year_extra_interest_usd_bn:,.0f}bn (p5-p95 "
            f"${h.ten_year_extra_interest_usd_bn_p5:,.0f}bn to "
            f"${h.ten_year_extra_interest_usd_bn_p95:,.0f}bn); "
            f"with the Fed's remittances ${h.ten_year_extra_cost_treasury_plus_fed_usd_bn:,.0f}bn",
            f"- Interest in FY{h.last_fy}: {h.interest_pct_outlays_last_fy:.1f}% of outlays",
        ]
        lines += [f"- Warning: {w}" for w in h.warnings]
        return "\n".join(lines) + "\n"

    def headline_dict(self) -> dict[str, object]:
        """JSON-ready headline (``selloff project --json``)."""
        out = {k: getattr(self.headline, k) for k in self.headline.__dataclass_fields__}
        out["warnings"] = list(self.headline.warnings)
        return out


def _pct(values: FloatArray, axis: int) -> FloatArray:
    """p5, p50, p95 along ``axis`` (stacked first)."""
    return np.percentile(values, [5.0, 50.0, 95.0], axis=axis)


def project(
    scenario: Scenario,
    impact: PriceImpact,
    setup: FiscalSetup,
    holdings: TicHoldings,
    *,
    run_id: str,
    draws: int | None = None,
    seed: int | None = None,
    mitigations: bool = True,
) -> Projection:
    """Project one scenario: yields, bond prices, interest by fiscal year, bands, mitigations.

    Parameters
    ----------
    scenario
        The validated scenario.
    impact
        The calibration's price impact (bp per sale of 1% of GDP, joint draws).
    setup
        The baseline prepared by :func:`selloff.projection.fiscal.build_setup` (its name must match
        the scenario's).
    holdings
        Latest TIC holdings (seller's holdings, foreign-official bills vs notes & bonds, all foreign).
    run_id
        Key of the output rows.
    draws, seed
        Override the scenario's Monte Carlo size and seed. Draw indices are sampled with replacement
        from the calibration's joint draws with ``numpy.random.default_rng(SeedSequence(seed))``.
    mitigations
        Also compute the point projections of ``proj.mitigations`` (cheap).

    Returns
    -------
    :class:`Projection`. "Point" columns use the calibration's point estimates; ``_p5/_p50/_p95`` are
    percentiles across draws, computed per cell (a cumulative percentile is the percentile of each draw's
    cumulative sum, not the sum of percentiles).
    """
    n_draws = scenario.draws if draws is None else draws
    if n_draws < 1:
        raise ValueError(f"draws must be at least 1, got {n_draws}")
    seed_value = scenario.seed if seed is None else seed
    prep = prepare(scenario, setup, holdings)
    rng = np.random.default_rng(np.random.SeedSequence(seed_value))
    idx = rng.integers(0, impact.n_draws, size=n_draws)
    sim = simulate(prep, draw_kernels(prep, impact, idx))
    point = simulate(prep, point_kernel(prep, impact))
    warnings = _warnings(prep, impact)
    fa, ten_year = _fiscal_annual(prep, sim, point, run_id)
    headline = _headline(prep, impact, sim, point, fa, ten_year, warnings)
    yp = _yield_paths(prep, sim, point, run_id)
    bp = _bond_prices(prep, holdings, sim, point, run_id)
    mit = _mitigations(prep, impact, holdings, run_id) if mitigations else _empty_mitigations()
    row = _scenarios_row(prep, headline, run_id, n_draws, seed_value)
    return Projection(run_id, scenario, headline, yp, bp, fa, mit, row, warnings)


def _warnings(prep: PreparedScenario, impact: PriceImpact) -> tuple[str, ...]:
    s, sc = prep.summary, prep.scenario
    out: list[str] = []
    if sc.label:
        out.append(f"{sc.name}: {sc.label}")
    if s.max_quarter_pct_gdp > impact.largest_sale_pct_gdp:
        net = s.max_quarter_pct_gdp * (1.0 - sc.fed.absorption_share)
        out.append(
            f"the sale reaches {s.max_quarter_pct_gdp:.2f}% of GDP in a quarter ({net:.2f}% after Fed "
            f"absorption), beyond the largest one-quarter net foreign sale in the calibration sample "
            f"({impact.largest_sale_pct_gdp:.2f}% of GDP): the response is extrapolated linearly"
        )
    if sc.sale is not None and s.amount_usd_bn > s.seller_holdings_usd_bn + 1e-9:
        out.append(
            f"the sale (${s.amount_usd_bn:,.0f}bn) exceeds {s.seller}'s latest TIC holdings "
            f"(${s.seller_holdings_usd_bn:,.0f}bn)"
        )
    if sc.confidence.enabled:
        out.append(
            f"confidence channel on: +{sc.confidence.bp_per_pct_debt_gdp:g} bp per point of debt/GDP "
            "above the baseline's"
        )
    return tuple(out)


def _fy_sum(prep: PreparedScenario, monthly: FloatArray) -> FloatArray:
    return to_fiscal_years(monthly, prep.setup.paths.fy[: prep.T])[1]


def _fiscal_annual(
    prep: PreparedScenario, sim: Simulation, point: Simulation, run_id: str
) -> tuple[pd.DataFrame, FloatArray]:
    setup, T = prep.setup, prep.T
    fy_month = setup.paths.fy[:T]
    fys = np.unique(fy_month)
    budget = setup.baseline.budget.reindex(fys)
    gdp = budget["gdp_usd_bn"].to_numpy(dtype=np.float64)
    bridge = setup.bridge.per_fy(gdp)
    nonmkt = setup.baseline.debt.nonmarketable_total_usd_bn

    base_ni = _fy_sum(prep, prep.base.interest_usd_bn)[:, 0] + bridge
    pt_ni = _fy_sum(prep, point.result.interest_usd_bn)[:, 0] + bridge
    mc_ni = _fy_sum(prep, sim.result.interest_usd_bn) + bridge[:, None]
    pt_delta = pt_ni - base_ni
    mc_delta = mc_ni - base_ni[:, None]
    mc_cum = np.cumsum(mc_delta, axis=0)
    fed_pt = _fy_sum(prep, point.fed_loss_usd_bn)[:, 0]
    fed_mc = _fy_sum(prep, sim.fed_loss_usd_bn)
    tpf_mc = mc_delta + fed_mc

    cbo_ni = budget["net_interest_usd_bn"].to_numpy(dtype=np.float64)
    # a baseline primary-deficit override is booked as non-interest outlays, as the engine borrows it
    deficit_shift_usd_bn = prep.scenario.baseline.primary_deficit_shift_pct_gdp / 100.0 * gdp
    noninterest = budget["outlays_usd_bn"].to_numpy(dtype=np.float64) - cbo_ni + deficit_shift_usd_bn
    base_outlays = noninterest + base_ni
    scen_noninterest = noninterest - prep.consolidation_usd_bn_fy
    revenues = budget["revenues_usd_bn"].to_numpy(dtype=np.float64)

    def debt_pct(result: EngineResult) -> FloatArray:
        return (fy_end_values(result.debt_end_usd_bn, fy_month) + nonmkt) / gdp[:, None] * 100.0

    def avg_rate(result: EngineResult) -> FloatArray:
        start = np.concatenate(
            [np.full((1, result.debt_end_usd_bn.shape[1]), starting_marketable_usd_bn(setup.baseline)),
             result.debt_end_usd_bn[:-1]]
        )  # fmt: skip
        return _fy_sum(prep, result.interest_usd_bn) / (_fy_sum(prep, start) / 12.0) * 100.0

    dec = decompose(
        prep.plan, fy_month, prep.setup.base_instrument_yields()[:T, None, :],
        prep.setup.paths.tenor_yields_pct[:T, TENORS.index("3m")][:, None],
        instrument_yields(point.pre_confidence_yields_pct),
        point.pre_confidence_yields_pct[:, :, TENORS.index("3m")],
        prep.base.interest_usd_bn, confidence=prep.confidence,
    )  # fmt: skip
    mc_p = _pct(mc_ni, 1)
    d_p = _pct(mc_delta, 1)
    c_p = _pct(mc_cum, 1)
    tpf_p = _pct(tpf_mc, 1)
    debt_mc = _pct(debt_pct(sim.result), 1)
    outl_mc = scen_noninterest[:, None] + mc_ni
    frame = pd.DataFrame(
        {
            "run_id": run_id,
            "scenario": prep.scenario.name,
            "fy": fys.astype(np.int64),
            "baseline_interest_usd_bn": base_ni,
            "scenario_interest_usd_bn": pt_ni,
            "delta_interest_usd_bn": pt_delta,
            "cumulative_delta_usd_bn": np.cumsum(pt_delta),
            "scenario_interest_usd_bn_p5": mc_p[0],
            "scenario_interest_usd_bn_p50": mc_p[1],
            "scenario_interest_usd_bn_p95": mc_p[2],
            "delta_interest_usd_bn_p5": d_p[0],
            "delta_interest_usd_bn_p50": d_p[1],
            "delta_interest_usd_bn_p95": d_p[2],
            "cumulative_delta_usd_bn_p5": c_p[0],
            "cumulative_delta_usd_bn_p50": c_p[1],
            "cumulative_delta_usd_bn_p95": c_p[2],
            "cbo_net_interest_usd_bn": cbo_ni,
            "gdp_usd_bn": gdp,
            "revenues_usd_bn": revenues,
            "baseline_outlays_usd_bn": base_outlays,
            "scenario_outlays_usd_bn": scen_noninterest + pt_ni,
            "baseline_interest_pct_gdp": base_ni / gdp * 100.0,
            "scenario_interest_pct_gdp": pt_ni / gdp * 100.0,
            "baseline_interest_pct_revenues": base_ni / revenues * 100.0,
            "scenario_interest_pct_revenues": pt_ni / revenues * 100.0,
            "baseline_interest_pct_outlays": base_ni / base_outlays * 100.0,
            "scenario_interest_pct_outlays": pt_ni / (scen_noninterest + pt_ni) * 100.0,
            "scenario_interest_pct_outlays_p50": np.percentile(mc_ni / outl_mc * 100.0, 50.0, axis=1),
            "baseline_debt_pct_gdp": debt_pct(prep.base)[:, 0],
            "scenario_debt_pct_gdp": debt_pct(point.result)[:, 0],
            "scenario_debt_pct_gdp_p5": debt_mc[0],
            "scenario_debt_pct_gdp_p50": debt_mc[1],
            "scenario_debt_pct_gdp_p95": debt_mc[2],
            "baseline_avg_rate_pct": avg_rate(prep.base)[:, 0],
            "scenario_avg_rate_pct": avg_rate(point.result)[:, 0],
            "rollover_usd_bn": dec.rollover_usd_bn[:, 0],
            "deficit_financing_usd_bn": dec.deficit_financing_usd_bn[:, 0],
            "snowball_usd_bn": dec.snowball_usd_bn[:, 0],
            "fed_remittance_loss_usd_bn": fed_pt,
            "treasury_only_delta_usd_bn": pt_delta,
            "treasury_plus_fed_delta_usd_bn": pt_delta + fed_pt,
            "treasury_plus_fed_delta_usd_bn_p5": tpf_p[0],
            "treasury_plus_fed_delta_usd_bn_p50": tpf_p[1],
            "treasury_plus_fed_delta_usd_bn_p95": tpf_p[2],
        }
    )
    return frame.reindex(columns=list(FISCAL_ANNUAL_COLUMNS)), mc_delta.sum(axis=0)


def _headline(
    prep: PreparedScenario,
    impact: PriceImpact,
    sim: Simulation,
    point: Simulation,
    fa: pd.DataFrame,
    ten_year_draws: FloatArray,
    warnings: tuple[str, ...],
) -> Headline:
    k10 = TENORS.index("10y")
    peak_draws = sim.shock_bp[:, :, k10].max(axis=0)
    peak_p = _pct(peak_draws, 0)
    ty_p = _pct(ten_year_draws, 0)
    last = fa.iloc[-1]
    sc = prep.scenario
    if sc.persistence == "transitory":
        permanent = 0.0
    elif sc.persistence == "permanent":
        permanent = 1.0
    else:
        m = _tenor_map(impact)
        irf10 = (impact.point_irf_bp_per_pct_gdp.T @ m)[:, k10]
        lr10 = float((impact.point_long_run_bp_per_pct_gdp @ m)[k10])
        peak = float(np.max(irf10))
        permanent = lr10 / peak if peak > 0 else float("nan")
    s = prep.summary
    return Headline(
        scenario=sc.name,
        title=sc.title,
        label=sc.label,
        sale_usd_bn=s.amount_usd_bn,
        sale_pct_gdp=s.pct_gdp,
        sale_pct_marketable_debt=s.pct_marketable_debt,
        sale_10y_eq_usd_bn=s.ten_year_eq_usd_bn,
        fed_absorption_share=sc.fed.absorption_share,
        permanent_share=permanent,
        peak_10y_bp=float(point.shock_bp[:, 0, k10].max()),
        peak_10y_bp_p5=float(peak_p[0]),
        peak_10y_bp_p50=float(peak_p[1]),
        peak_10y_bp_p95=float(peak_p[2]),
        ten_year_extra_interest_usd_bn=float(fa["delta_interest_usd_bn"].sum()),
        ten_year_extra_interest_usd_bn_p5=float(ty_p[0]),
        ten_year_extra_interest_usd_bn_p50=float(ty_p[1]),
        ten_year_extra_interest_usd_bn_p95=float(ty_p[2]),
        ten_year_extra_cost_treasury_plus_fed_usd_bn=float(fa["treasury_plus_fed_delta_usd_bn"].sum()),
        interest_pct_outlays_last_fy=float(last["scenario_interest_pct_outlays"]),
        interest_pct_outlays_last_fy_p50=float(last["scenario_interest_pct_outlays_p50"]),
        last_fy=int(last["fy"]),
        warnings=warnings,
    )


def _yield_paths(prep: PreparedScenario, sim: Simulation, point: Simulation, run_id: str) -> pd.DataFrame:
    T = prep.T
    months = prep.setup.paths.months[:T]
    base = prep.setup.paths.tenor_yields_pct[:T]
    shock_p = _pct(sim.shock_bp, 1)  # (3, T, 6)
    n = len(TENORS)
    return pd.DataFrame(
        {
            "run_id": run_id,
            "scenario": prep.scenario.name,
            "month": np.repeat(months.to_numpy(), n),
            "tenor": np.tile(np.array(TENORS, dtype=object), T),
            "baseline_yield_pct": base.ravel(),
            "scenario_yield_pct": point.tenor_yields_pct[:, 0, :].ravel(),
            "scenario_yield_pct_p5": (base + shock_p[0] / 100.0).ravel(),
            "scenario_yield_pct_p50": (base + shock_p[1] / 100.0).ravel(),
            "scenario_yield_pct_p95": (base + shock_p[2] / 100.0).ravel(),
            "shock_bp": point.shock_bp[:, 0, :].ravel(),
            "shock_bp_p5": shock_p[0].ravel(),
            "shock_bp_p50": shock_p[1].ravel(),
            "shock_bp_p95": shock_p[2].ravel(),
        },
        columns=list(YIELD_PATHS_COLUMNS),
    )


def _price_change_pct(base: FloatArray, shock_bp: FloatArray, years: float) -> FloatArray:
    if years < 1.0:
        return np.asarray(bonds.bill_price_change_pct(base, shock_bp, years * 365.0))
    return np.asarray(bonds.par_bond_price_change_pct(base, shock_bp, years))


def _bond_prices(
    prep: PreparedScenario, holdings: TicHoldings, sim: Simulation, point: Simulation, run_id: str
) -> pd.DataFrame:
    T = prep.T
    months = prep.setup.paths.months[:T].to_numpy()
    base = prep.setup.paths.tenor_yields_pct[:T]
    shock_p = _pct(sim.shock_bp, 1)
    frames: list[pd.DataFrame] = []
    for j, tenor in enumerate(TENORS):
        years = TENOR_YEARS[tenor]
        # price falls as yields rise: the p5 price change is the change at the p95 yield shock
        frames.append(
            pd.DataFrame(
                {
                    "instrument": tenor,
                    "maturity_years": years,
                    "month": months,
                    "price_change_pct": _price_change_pct(base[:, j], point.shock_bp[:, 0, j], years),
                    "price_change_pct_p5": _price_change_pct(base[:, j], shock_p[2][:, j], years),
                    "price_change_pct_p50": _price_change_pct(base[:, j], shock_p[1][:, j], years),
                    "price_change_pct_p95": _price_change_pct(base[:, j], shock_p[0][:, j], years),
                }
            )
        )
    # mark-to-market of portfolios: bills at the 3-month bill, notes & bonds as a par bond of
    # HOLDINGS_MATURITY_YEARS, both repriced from the baseline yield to the scenario yield each month
    sold = np.cumsum(prep.sale_usd_bn)
    portfolios = {"all_foreign": (holdings.total_foreign_usd_bn, holdings.official_bills_share)}
    if prep.scenario.sale is not None:
        portfolios["seller_holdings"] = (prep.summary.seller_holdings_usd_bn, prep.summary.bills_share)
    base_nb = _curve_at(base, HOLDINGS_MATURITY_YEARS)
    j3 = TENORS.index("3m")

    def remaining(start: float) -> FloatArray:
        # face holdings left after the sale so far (a full sale ends at exactly zero, not at rounding dust)
        left = start - sold
        return np.where(left > 1e-9 * max(start, 1.0), left, 0.0)

    def loss(sim_: Simulation, start: float, bills_share: float) -> FloatArray:
        held = remaining(start)[:, None]
        shock_nb = _curve_at(sim_.shock_bp, HOLDINGS_MATURITY_YEARS)
        dp_bill = _price_change_pct(base[:, j3][:, None], sim_.shock_bp[:, :, j3], 0.25)
        dp_nb = _price_change_pct(base_nb[:, None], shock_nb, HOLDINGS_MATURITY_YEARS)
        change = held * (bills_share * dp_bill + (1.0 - bills_share) * dp_nb) / 100.0
        return -change

    for name, (start, share) in portfolios.items():
        mc = _pct(loss(sim, start, share), 1)
        pt = loss(point, start, share)[:, 0]
        held = remaining(start)
        frames.append(
            pd.DataFrame(
                {
                    "instrument": name,
                    "maturity_years": np.nan,
                    "month": months,
                    "price_change_pct": -pt / np.where(held > 0, held, np.nan) * 100.0,
                    "holdings_usd_bn": held,
                    "mtm_loss_usd_bn": pt,
                    "mtm_loss_usd_bn_p5": mc[0],
                    "mtm_loss_usd_bn_p50": mc[1],
                    "mtm_loss_usd_bn_p95": mc[2],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", prep.scenario.name)
    out.insert(0, "run_id", run_id)
    return out.reindex(columns=list(BOND_PRICES_COLUMNS)).sort_values(
        ["month", "instrument"], ignore_index=True
    )


def _point_cost(
    scenario: Scenario, impact: PriceImpact, setup: FiscalSetup, holdings: TicHoldings
) -> tuple[float, float, float]:
    """(ten-year Treasury-only cost, Treasury+Fed cost, peak 10-year bp) of the point projection."""
    prep = prepare(scenario, setup, holdings)
    point = simulate(prep, point_kernel(prep, impact))
    delta = _fy_sum(prep, point.result.interest_usd_bn - prep.base.interest_usd_bn)[:, 0].sum()
    fed = _fy_sum(prep, point.fed_loss_usd_bn)[:, 0].sum()
    peak = float(point.shock_bp[:, 0, TENORS.index("10y")].max())
    return float(delta), float(delta + fed), peak


def _mitigations(
    prep: PreparedScenario, impact: PriceImpact, holdings: TicHoldings, run_id: str
) -> pd.DataFrame:
    """Point projections with one lever pulled at a time (defaults stated in each description)."""
    sc = prep.scenario
    setup = prep.setup
    first_fy = setup.fys[0]
    variants: dict[str, tuple[Scenario, str]] = {"as_specified": (sc, "the scenario as written")}
    fed = sc.fed.model_copy(update={"absorption_share": max(sc.fed.absorption_share, 0.5)})
    variants["fed_purchases"] = (
        sc.model_copy(update={"fed": fed}),
        "the Fed buys half of the sale (at least), funded with reserves paid the policy rate",
    )
    if sc.sale is not None:
        room = sc.horizon_months - sc.sale.start_month
        pace = min(max(3 * sc.sale.pace_months, 36), room)
        variants["gradual_sale"] = (
            sc.model_copy(update={"sale": sc.sale.model_copy(update={"pace_months": pace})}),
            f"the same sale spread over {pace} months",
        )
    else:
        variants["gradual_sale"] = (sc, "no sale to spread out: same as written")
    fs = sc.fiscal.model_copy(
        update={
            "consolidation_pct_gdp": sc.fiscal.consolidation_pct_gdp + 0.5,
            "start_fy": first_fy + 1,
            "ramp_years": 2,
        }
    )
    variants["fiscal_consolidation"] = (
        sc.model_copy(update={"fiscal": fs}),
        f"primary deficit cut by a further 0.5% of GDP from FY{first_fy + 1}, phased in over two years",
    )
    start = sc.sale.start_month if sc.sale is not None else 0
    months = (sc.sale.pace_months if sc.sale is not None else 12) + 12
    fixed_coupon = np.array([i.kind != "frn" and i.security_type != "bills" for i in INSTRUMENTS])
    window = _window(prep.T, start, months)
    issued = prep.base.issuance_usd_bn[:, 0, None] * prep.base_plan.issuance_shares[:, fixed_coupon]
    coupon_issuance = float((issued.sum(axis=1) * window).sum())
    # duration the shift takes out per 1% of coupon issuance moved, $bn × years
    dur_gap = prep.durations.instruments[fixed_coupon] - prep.durations.bills
    per_pct = float((issued * dur_gap[None, :] * window[:, None]).sum()) / 100.0
    target = (
        ISSUANCE_SHIFT_SHARE * prep.summary.amount_usd_bn * prep.durations.of_mix(prep.summary.bills_share)
    )
    pct = min(
        100.0, max(sc.issuance.coupon_to_bills_pct, target / per_pct if target > 0 else ISSUANCE_SHIFT_PCT)
    )
    iss = sc.issuance.model_copy(
        update={"coupon_to_bills_pct": pct, "shift_start_month": start, "shift_months": months}
    )
    variants["issuance_shift"] = (
        sc.model_copy(update={"issuance": iss}),
        f"{pct:.2g}% of fixed-coupon issuance (${coupon_issuance * pct / 100.0:,.0f}bn) moved to bills over "
        f"{months} months from the sale's start"
        + (", taking out of the market duration worth half the sale" if target > 0 else "")
        + "; bills cost less than coupons on the baseline curve, at the price of more rollover risk",
    )
    rows = []
    base_cost = None
    for name in MITIGATIONS:
        variant, description = variants[name]
        treasury, combined, peak = _point_cost(variant, impact, setup, holdings)
        if name == "as_specified":
            base_cost = treasury
        rows.append(
            {
                "run_id": run_id,
                "scenario": sc.name,
                "mitigation": name,
                "description": description,
                "peak_10y_bp": peak,
                "ten_year_delta_treasury_usd_bn": treasury,
                "ten_year_delta_treasury_plus_fed_usd_bn": combined,
                "saving_vs_as_specified_usd_bn": (base_cost - treasury) if base_cost is not None else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=list(MITIGATIONS_COLUMNS))


def _empty_mitigations() -> pd.DataFrame:
    return pd.DataFrame(columns=list(MITIGATIONS_COLUMNS))


def _scenarios_row(prep: PreparedScenario, h: Headline, run_id: str, draws: int, seed: int) -> pd.DataFrame:
    row: dict[str, object] = {
        "run_id": run_id,
        "scenario": h.scenario,
        "title": h.title,
        "label": h.label,
        "baseline": prep.setup.baseline.name,
        "spec_json": prep.scenario.to_json(),
        "draws": draws,
        "seed": seed,
        "seller": prep.summary.seller,
    }
    for key in Headline.__dataclass_fields__:
        if key not in row and key not in ("title", "label", "warnings"):
            row[key] = getattr(h, key)
    row["warnings"] = list(h.warnings)
    return pd.DataFrame([row]).reindex(columns=list(SCENARIOS_COLUMNS))


def headline_json(projection: Projection) -> str:
    """The headline as a JSON string (NaN → null)."""
    data = projection.headline_dict()
    clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in data.items()}
    return json.dumps(clean)
