"""The explorer's state: the controls as URL parameters, the scenario they stand for, and its TOML.

The page keeps every control in its URL (``?seller=Japan&size=share&share=0.5&pace=12…``), so a view is
shared by sharing the link. :func:`parse_controls` validates those parameters (one-line errors naming
the parameter), :meth:`Controls.scenario_data` turns them into a scenario (the same fields a TOML file
holds, validated by :func:`selloff.projection.scenarios.validate_scenario`), and :func:`scenario_toml`
writes that scenario as a file ``selloff project --scenario FILE`` accepts.

Units: amounts in $bn, shares in [0, 1], months from the baseline's first projected month, fiscal
consolidation in % of GDP, the issuance shift in % of coupon issuance moved to bills.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from selloff.projection.scenarios import MAX_SALE_USD_BN

SizeMode = Literal["usd", "share"]
Persistence = Literal["estimated", "transitory", "permanent"]
StressMetric = Literal["outlays", "revenues"]

_SIZES: dict[str, SizeMode] = {"usd": "usd", "share": "share"}
_PERSISTENCES: dict[str, Persistence] = {
    "estimated": "estimated", "transitory": "transitory", "permanent": "permanent",
}  # fmt: skip

MAX_DRAWS = 10_000
"""Bands on request: at most 10,000 draws (about 1 s per 1,000 on one core)."""


class ControlError(ValueError):
    """A URL parameter the explorer cannot use; the message names it."""


@dataclass(frozen=True)
class Controls:
    """One state of the explorer (hashable: it keys the result cache)."""

    seller: str
    size: SizeMode = "share"
    amount: float = 100.0
    """Sale, $bn face (``size=usd``)."""
    share: float = 1.0
    """Sale, fraction of the seller's latest TIC holdings (``size=share``)."""
    pace: int = 12
    """Months over which the sale is spread."""
    start: int = 0
    """First month of the sale (0 = the baseline's first projected month)."""
    fed: float = 0.0
    """Fraction of the sale the Fed absorbs."""
    consolidation: float = 0.0
    """Primary-deficit cut, % of GDP, from the second projected fiscal year."""
    bills: float = 0.0
    """% of coupon issuance moved to bills, from the sale's start to the horizon."""
    persistence: Persistence = "estimated"
    method: str = ""
    """Calibration method feeding the projection ("" = the calibration's own)."""
    baseline: str = ""
    """Fiscal baseline ("" = the default)."""
    draws: int = 1000
    """Monte Carlo draws for the bands."""
    seed: int = 0

    def query(self) -> dict[str, str]:
        """The URL parameters of this state (every field, as text)."""
        return {f.name: _text(getattr(self, f.name)) for f in fields(self)}

    def with_amount(self, amount_usd_bn: float) -> Controls:
        """The same state selling ``amount_usd_bn`` ($bn) (the reverse stress test's search)."""
        return replace(self, size="usd", amount=amount_usd_bn)

    def scenario_data(
        self, *, name: str, title: str, horizon_months: int, draws: int | None = None
    ) -> dict[str, Any]:
        """The scenario these controls stand for, as the dict a scenario TOML file parses to."""
        size = {"amount_usd_bn": self.amount} if self.size == "usd" else {"share_of_holdings": self.share}
        sale: dict[str, Any] = {
            "seller": self.seller, **size, "pace_months": self.pace, "start_month": self.start,
        }  # fmt: skip
        data: dict[str, Any] = {
            "name": name,
            "title": title,
            "horizon_months": horizon_months,
            "draws": self.draws if draws is None else draws,
            "seed": self.seed,
            "persistence": self.persistence,
            "sale": sale,
            "fed": {"absorption_share": self.fed},
        }
        if self.consolidation:
            data["fiscal"] = {"consolidation_pct_gdp": self.consolidation}
        if self.bills:
            data["issuance"] = {
                "coupon_to_bills_pct": self.bills,
                "shift_start_month": self.start,
                "shift_months": max(horizon_months - self.start, 0),
            }
        if self.baseline:
            data["baseline"] = {"name": self.baseline}
        return data


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _number(params: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ControlError(f"{name}: not a number: {raw[:40]!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ControlError(f"{name}: must be between {low:g} and {high:g}, got {raw[:40]}")
    return value


def _integer(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = _number(params, name, default, low, high)
    if value != int(value):
        raise ControlError(f"{name}: must be a whole number, got {params[name][:40]}")
    return int(value)


def _choice(params: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = params.get(name) or default
    if value not in allowed:
        listed = ", ".join(a for a in allowed if a)  # "" is the default, not a choice to list
        raise ControlError(f"{name}: must be one of {listed}; got {value[:40]!r}")
    return value


def parse_controls(
    params: Mapping[str, str],
    *,
    sellers: tuple[str, ...],
    methods: tuple[str, ...],
    baselines: tuple[str, ...],
    horizon_months: int,
) -> Controls:
    """Validate URL parameters into :class:`Controls`; absent ones take their defaults.

    Raises :class:`ControlError` naming the first bad parameter (the page builds valid URLs; a hand-edited
    one gets a clear message). Scenario-level checks (e.g. a sale starting past the horizon) are the
    scenario validator's.
    """
    default_seller = "Japan" if "Japan" in sellers else sellers[0]
    return Controls(
        seller=_choice(params, "seller", default_seller, sellers),
        size=_SIZES[_choice(params, "size", "share", tuple(_SIZES))],
        amount=_number(params, "amount", 100.0, 0.0, MAX_SALE_USD_BN),
        share=_number(params, "share", 1.0, 0.0, 1.0),
        pace=_integer(params, "pace", 12, 1, horizon_months),
        start=_integer(params, "start", 0, 0, horizon_months - 1),
        fed=_number(params, "fed", 0.0, 0.0, 1.0),
        consolidation=_number(params, "consolidation", 0.0, 0.0, 10.0),
        bills=_number(params, "bills", 0.0, 0.0, 100.0),
        persistence=_PERSISTENCES[_choice(params, "persistence", "estimated", tuple(_PERSISTENCES))],
        method=_choice(params, "method", "", ("", *methods)),
        baseline=_choice(params, "baseline", "", ("", *baselines)),
        draws=_integer(params, "draws", 1000, 1, MAX_DRAWS),
        seed=_integer(params, "seed", 0, 0, 2**53),  # JavaScript's exact integers
    )


# ---------------------------------------------------------------------------------------------------
# the scenario as a TOML file
# ---------------------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    raise TypeError(f"no TOML form for {type(value).__name__}")


def scenario_toml(data: Mapping[str, Any], *, comments: tuple[str, ...] = ()) -> str:
    """``data`` (a scenario dict: scalars at the top, one level of tables) as TOML text."""
    lines = [f"# {c}" for c in comments]
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    lines += [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, table in tables.items():
        lines += ["", f"[{name}]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"
