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
amounts are written positive in the scenario and push yields **up**. A sale is stated at **market
value**, as TIC reports holdings (``amount_usd_bn``, or a share of the seller's TIC holdings), or at face
value (``amount_face_usd_bn``); the projection converts between them at the prices of the moment.
Months are counted from the projection's first month — the month after the latest yields observed
(``selloff project`` prints it); fiscal years run October–September.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from selloff.projection import toml_input
from selloff.projection.toml_input import FieldError, KeyPath
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
    """A scenario file is invalid; the message names the scenario and the offending field(s).

    ``errors`` holds every invalid field of the file (field, message, line), so one error lists them
    all; ``field`` is the first one's (None for a file that cannot be read or parsed).
    """

    def __init__(
        self,
        message: str = "",
        *,
        scenario: str | None = None,
        field: str | None = None,
        errors: Sequence[FieldError] = (),
    ) -> None:
        where = f"scenario {scenario!r}" if scenario else "scenario"
        if errors:
            text, field = f"{where}: {toml_input.join(list(errors))}", field or errors[0].field
        else:
            text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
            errors = (FieldError(field, message),) if field else ()
        super().__init__(text)
        self.scenario = scenario
        self.field = field
        self.errors = tuple(errors)


class _Model(BaseModel):
    # strict: TOML's `true` is not $1bn, and 1e12 (a float) is not a month count
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)


MAX_MONTHS = 1200
"""Any month count or month index: at most 100 years (baselines span ten)."""
MAX_SALE_USD_BN = 100_000.0
"""A sale of at most $100tn, about three times all marketable Treasury debt: anything larger is a typo."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]
AmountUsdBn = Annotated[float, Field(ge=0.0, le=MAX_SALE_USD_BN)]
RateMoveBp = Annotated[float, Field(ge=-2000.0, le=2000.0)]
"""A rate move against the baseline, bp: within ±20 percentage points, beyond any episode on record."""
SEED_MAX = 2**63 - 1
"""Seeds are stored as BIGINT (proj.scenarios.seed)."""
Month = Annotated[int, Field(ge=0, le=MAX_MONTHS)]


class SaleSpec(_Model):
    """Who sells, how much, what, how fast."""

    seller: str | list[str] = Field(
        description="TIC country name ('Japan', 'China, Mainland'), or a list of them selling together"
    )
    amount_usd_bn: AmountUsdBn | None = Field(
        None, description="market value sold, $bn, at the prices of the projection's start (as TIC reports)"
    )
    amount_face_usd_bn: AmountUsdBn | None = Field(
        None, description="face value sold, $bn (with amount_usd_bn too: both must agree at those prices)"
    )
    share_of_holdings: Share | None = Field(None, description="fraction of the seller's latest TIC holdings")
    bills_share: Share | None = Field(
        None, description="fraction sold in bills (rest notes & bonds); default: TIC foreign-official split"
    )
    start_month: Month = 0
    pace_months: int = Field(12, ge=1, le=MAX_MONTHS, description="months over which the sale is spread")
    shape: Literal["uniform", "front_loaded", "back_loaded"] = "uniform"
    scaling: Literal["gdp", "marketable_debt"] = Field(
        "gdp", description="denominator the calibrated bp-per-1% is applied to (both are reported)"
    )

    @field_validator("seller", mode="before")
    @classmethod
    def _seller_type(cls, value: object) -> object:
        # one message instead of one per branch of the union
        if not (
            isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            raise ValueError("must be a TIC country name, or a list of them")
        return value

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
        amounts = self.amount_usd_bn is not None or self.amount_face_usd_bn is not None
        if amounts == (self.share_of_holdings is not None):
            raise ValueError(
                "give exactly one of share_of_holdings, amount_usd_bn (market value) and amount_face_usd_bn "
                "(face value; both amounts together only if they agree at the prices of the moment)"
            )
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
    buyback_usd_bn_per_month: Annotated[float, Field(ge=0.0, le=MAX_SALE_USD_BN)] = 0.0
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
    ramp_years: int = Field(1, ge=1, le=100)


class ShockSpec(_Model):
    parallel_bp: RateMoveBp = Field(0.0, description="all tenors, from start_month on, permanently")
    start_month: Month = 0


class BaselineSpec(_Model):
    name: str = "cbo-2026-02"  # selloff.projection.baselines.DEFAULT_BASELINE (a test checks they agree)
    rate_shift_bp: RateMoveBp = 0.0
    primary_deficit_shift_pct_gdp: float = Field(0.0, ge=-10.0, le=10.0)


class Scenario(_Model):
    """A validated scenario (TOML). Field errors name the field (e.g. ``sale.share_of_holdings``).

    Every table but ``name`` and ``title`` is optional; a scenario without ``[sale]`` sells nothing
    (e.g. a pure ``[shock] parallel_bp``). Months count from the projection's first month (the month
    after the latest yields observed)::

        name = "japan-dump-fed-qe"
        title = "Japan sells everything over 12 months; the Fed absorbs half"
        # horizon_months = 120          # default: to the end of the baseline's last fiscal year
        draws = 1000                    # Monte Carlo draws; seed = 0 …
        persistence = "estimated"       # or "transitory" / "permanent" (lower / upper bound)

        [sale]
        seller = "Japan"                # or ["Japan", "China, Mainland"] (TIC names)
        share_of_holdings = 1.0         # or amount_usd_bn = 60.0 (market value), amount_face_usd_bn
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
        # [baseline] name = "cbo-2026-02", rate_shift_bp, primary_deficit_shift_pct_gdp
    """

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    label: str | None = None
    horizon_months: int | None = Field(
        None,
        ge=12,
        le=MAX_MONTHS,
        description="months from the projection's start; it runs on to the end of that fiscal year "
        "(default: to the end of the baseline's last fiscal year)",
    )
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

    def to_json(self) -> str:
        return self.model_dump_json()


def parse_scenario(
    text: str,
    *,
    source: str = "<string>",
    known_sellers: Collection[str] | None = None,
    holdings_usd_bn: Mapping[str, float] | None = None,
) -> Scenario:
    """Validate a scenario from TOML text.

    Raises
    ------
    ScenarioError
        Invalid TOML (or nested deeper than :data:`~selloff.projection.toml_input.MAX_DEPTH`), or invalid
        fields: unknown or missing ones, values of the wrong type (``true`` for a number, ``1e12`` for a
        month) or out of range (negative amounts, shares outside [0, 1], months past
        :data:`MAX_MONTHS`, NaN), a sale starting after the horizon, an unknown seller when
        ``known_sellers`` is given, or a sale (or a lever on it) by a seller holding nothing when
        ``holdings_usd_bn`` (the latest TIC holdings by holder) is given. **All** the invalid fields are
        listed, each as a dotted path with its line in ``text``.
    """
    try:
        data = toml_input.loads(text, source=source)
    except toml_input.TomlInputError as exc:
        raise ScenarioError(str(exc)) from None
    return validate_scenario(
        data,
        source=source,
        known_sellers=known_sellers,
        holdings_usd_bn=holdings_usd_bn,
        lines=toml_input.key_lines(text),
    )


def validate_scenario(
    data: Mapping[str, Any],
    *,
    source: str = "<dict>",
    known_sellers: Collection[str] | None = None,
    holdings_usd_bn: Mapping[str, float] | None = None,
    lines: Mapping[KeyPath, int] | None = None,
) -> Scenario:
    """Validate a scenario given as parsed TOML (or JSON) ``data``; every error at once.

    ``lines`` (from :func:`~selloff.projection.toml_input.key_lines`) locates the errors in the file.
    Raises :class:`ScenarioError` listing every invalid field (see :func:`parse_scenario`).
    """
    name = data.get("name") if isinstance(data.get("name"), str) else source
    lines = lines or {}
    errors: list[FieldError] = []
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors += toml_input.field_errors(exc, data, lines)
    errors += _cross_field_errors(data, lines, known_sellers, holdings_usd_bn)
    if errors or scenario is None:
        errors.sort(key=toml_input.by_line)
        raise ScenarioError(scenario=name, errors=errors)
    return scenario


def _cross_field_errors(
    data: Mapping[str, Any],
    lines: Mapping[KeyPath, int],
    known_sellers: Collection[str] | None,
    holdings_usd_bn: Mapping[str, float] | None = None,
) -> list[FieldError]:
    """Checks that span fields or need the warehouse's sellers, on the raw data (so they are listed
    with the field errors, whatever else is wrong)."""
    out: list[FieldError] = []
    sale = data.get("sale")
    if not isinstance(sale, dict):
        return out
    horizon = data.get("horizon_months", Scenario.model_fields["horizon_months"].default)
    start = sale.get("start_month", 0)
    if type(start) is int and type(horizon) is int and 0 <= start <= MAX_MONTHS and start >= horizon:
        out.append(
            FieldError(
                "sale.start_month",
                f"must be less than horizon_months ({horizon}): the sale would start after the "
                f"projection ends, got {start}",
                toml_input.locate(lines, ("sale", "start_month")),
            )
        )
    seller = sale.get("seller")
    names = [seller] if isinstance(seller, str) else seller if isinstance(seller, list) else []
    if known_sellers is not None:
        known = set(known_sellers)
        for name in names:
            if isinstance(name, str) and name.strip() and name not in known:
                listed = "; ".join(repr(k) for k in sorted(known))  # names may hold commas
                out.append(
                    FieldError(
                        "sale.seller",
                        f"unknown seller {name!r}; known: {listed}",
                        toml_input.locate(lines, ("sale", "seller")),
                    )
                )
    # an unknown seller is reported above, not again as one holding nothing
    known_names = [n for n in names if known_sellers is None or n in set(known_sellers)]
    out += _holds_nothing_errors(sale, data.get("fed"), known_names, lines, holdings_usd_bn)
    return out


def _holds_nothing_errors(
    sale: Mapping[str, Any],
    fed: object,
    sellers: Sequence[object],
    lines: Mapping[KeyPath, int],
    holdings_usd_bn: Mapping[str, float] | None,
) -> list[FieldError]:
    """A sale, or a lever acting on it, needs a seller that holds Treasuries in the latest TIC data."""
    names = [s for s in sellers if isinstance(s, str)]
    if holdings_usd_bn is None or not names:
        return []
    if sum(float(holdings_usd_bn.get(s, 0.0) or 0.0) for s in names) > 0.0:
        return []
    absorbs = isinstance(fed, Mapping) and isinstance(fed.get("absorption_share"), int | float)
    if "share_of_holdings" in sale:
        key: KeyPath = ("sale", "share_of_holdings")
    elif absorbs and float(fed["absorption_share"]) > 0:  # type: ignore[index]
        key = ("fed", "absorption_share")
    else:
        key = ("sale", "amount_usd_bn") if "amount_usd_bn" in sale else ("sale", "amount_face_usd_bn")
    return [
        FieldError(
            ".".join(str(k) for k in key),
            f"{' + '.join(names)} holds no Treasuries in the latest TIC data, so there is nothing to sell "
            "(or for a lever to act on); choose a seller that holds some",
            toml_input.locate(lines, key),
        )
    ]


def with_baseline(scenario: Scenario, name: str) -> Scenario:
    """The scenario against another baseline (``--baseline NAME`` overrides the file's ``baseline.name``)."""
    return scenario.model_copy(update={"baseline": scenario.baseline.model_copy(update={"name": name})})


def load_scenario(
    path: Path,
    *,
    known_sellers: Collection[str] | None = None,
    holdings_usd_bn: Mapping[str, float] | None = None,
) -> Scenario:
    """Read and validate a scenario file (edge helper: the only file access in this module)."""
    try:
        text = toml_input.read_text(path)
    except toml_input.TomlInputError as exc:
        raise ScenarioError(str(exc)) from None
    return parse_scenario(
        text, source=str(path), known_sellers=known_sellers, holdings_usd_bn=holdings_usd_bn
    )


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
    projection's window (``horizon_months``: its start to the end of the baseline's last fiscal year).
    Raises :class:`ScenarioError` naming the scenario and field."""
    seen: set[str] = set()
    for scenario in chosen:
        if scenario.name in seen:
            raise ScenarioError(
                "two scenarios share this name; names key the stored tables",
                scenario=scenario.name,
                field="name",
            )
        seen.add(scenario.name)
        if scenario.horizon_months is not None and scenario.horizon_months > horizon_months:
            raise ScenarioError(
                f"must be at most {horizon_months} (to the end of the baseline's last fiscal year), got "
                f"{scenario.horizon_months}",
                scenario=scenario.name, field="horizon_months",
            )  # fmt: skip


def resolve_scenario(
    name_or_path: str,
    *,
    known_sellers: Collection[str] | None = None,
    holdings_usd_bn: Mapping[str, float] | None = None,
) -> Scenario:
    """A bundled scenario by name, or a scenario file by path (``--scenario NAME|FILE``)."""
    bundled = bundled_scenarios()
    if name_or_path in bundled:
        return load_scenario(
            bundled[name_or_path], known_sellers=known_sellers, holdings_usd_bn=holdings_usd_bn
        )
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return load_scenario(path, known_sellers=known_sellers, holdings_usd_bn=holdings_usd_bn)
    raise ScenarioError(
        f"no bundled scenario {name_or_path!r} and no such file; bundled: {', '.join(bundled)}"
    )
