"""Sell-off scenarios: the scenario file (TOML), validated, and where the bundled ones live.

A scenario says who sells how much of what, how fast, and what the Fed, the Treasury and Congress do
about it (:class:`Scenario`, read from ``scenarios/*.toml``): :func:`parse_scenario` and
:func:`load_scenario` validate one, :func:`resolve_scenario` finds a bundled one by name or a file by
path, :func:`check_batch` checks scenarios projected together. Invalid input raises
:class:`ScenarioError` naming the scenario and the field. :func:`selloff.projection.project.project`
projects a scenario; this module holds no arithmetic, and reads files only in the thin loaders.

Units and signs
---------------
Amounts in $bn; rate moves in **bp**; shares in [0, 1]; a **sale is a negative purchase**: sold
amounts are written positive in the scenario and push yields **up**. Months are counted from the
baseline's first projected month (0 = October 2025 for ``cbo-2025-01``); fiscal years run
October–September.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from selloff.tenors import Tenor

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
