"""The series catalog: which FRED series selloff stores and what each one means.

The checked-in file is ``selloff/data/catalog.toml`` (contract: id, title, units, frequency, role,
valuation basis). This module reads it into frozen :class:`SeriesSpec` records, each with the plausible
range of its values (the file's ``[bounds]`` per role, or the series' own ``min_value``/``max_value``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal, get_args

from selloff.tenors import TENORS, Tenor

Frequency = Literal["D", "W", "M", "Q", "A"]
Role = Literal[
    "yield",
    "policy_rate",
    "debt",
    "foreign_holdings",
    "fed_holdings",
    "fed_balance_sheet",
    "macro",
    "context",
    "term_premium",
    "global_yield",
    "fx",
]
UnitScale = Literal["pct", "usd_mn", "usd_bn", "jpy_per_usd"]
_PER_BOUND_UNIT: dict[str, float] = {"pct": 1.0, "usd_bn": 1.0, "usd_mn": 1000.0, "jpy_per_usd": 1.0}
"""Series units per unit of a ``[bounds]`` entry (percent, $bn, or the series' own unit)."""
ValuationBasis = Literal["market", "face", "n.a."]


@dataclass(frozen=True)
class SeriesSpec:
    """One catalogued FRED series."""

    id: str
    title: str
    units: str
    unit_scale: UnitScale
    frequency: Frequency
    aggregation: Literal["avg", "eop", "sum"]
    role: Role
    valuation_basis: ValuationBasis
    tenor: Tenor | None = None
    stand_in_for: str | None = None
    zero_means_missing_before: date | None = None
    notes: str | None = None
    min_value: float = float("-inf")
    """Smallest plausible value, in the series' own units (``units``/``unit_scale``)."""
    max_value: float = float("inf")
    """Largest plausible value, in the series' own units."""
    release_lag_days: int | None = None
    """Days after a period ends until its observation is usually out, when the frequency's default
    (:data:`selloff.ingest.freshness.RELEASE_LAG_DAYS`) does not fit the series."""


def _range(raw: dict[str, object], bounds: dict[str, object]) -> tuple[float, float]:
    """The series' plausible range in its own units: its own ``min_value``/``max_value``, else its role's."""
    role_range = bounds.get(str(raw["role"]))
    if not (isinstance(role_range, list) and len(role_range) == 2):
        raise ValueError(f"catalog [bounds] has no [min, max] for role {raw['role']!r}")
    scale = _PER_BOUND_UNIT[str(raw["unit_scale"])]
    low = raw.get("min_value", float(role_range[0]) * scale)
    high = raw.get("max_value", float(role_range[1]) * scale)
    if not (isinstance(low, int | float) and isinstance(high, int | float) and low < high):
        raise ValueError(f"catalog entry {raw.get('id')!r}: bad plausible range [{low}, {high}]")
    return float(low), float(high)


def _spec(raw: dict[str, object], bounds: dict[str, object]) -> SeriesSpec:
    checks: dict[str, tuple[object, ...]] = {
        "unit_scale": get_args(UnitScale),
        "frequency": get_args(Frequency),
        "role": get_args(Role),
        "valuation_basis": get_args(ValuationBasis),
    }
    for field, allowed in checks.items():
        if raw.get(field) not in allowed:
            raise ValueError(f"catalog entry {raw.get('id')!r}: {field}={raw.get(field)!r} not in {allowed}")
    if raw.get("tenor") is not None and raw["tenor"] not in TENORS:
        raise ValueError(f"catalog entry {raw.get('id')!r}: tenor={raw['tenor']!r} not in {TENORS}")
    zero_before = raw.get("zero_means_missing_before")
    low, high = _range(raw, bounds)
    lag = raw.get("release_lag_days")
    if lag is not None and (isinstance(lag, bool) or not isinstance(lag, int) or lag < 0):
        raise ValueError(
            f"catalog entry {raw.get('id')!r}: release_lag_days={lag!r} is not a whole number of days"
        )
    return SeriesSpec(
        id=str(raw["id"]),
        title=str(raw["title"]),
        units=str(raw["units"]),
        unit_scale=raw["unit_scale"],  # type: ignore[arg-type]
        frequency=raw["frequency"],  # type: ignore[arg-type]
        aggregation=raw["aggregation"],  # type: ignore[arg-type]
        role=raw["role"],  # type: ignore[arg-type]
        valuation_basis=raw["valuation_basis"],  # type: ignore[arg-type]
        tenor=raw.get("tenor"),  # type: ignore[arg-type]
        stand_in_for=raw.get("stand_in_for") or None,  # type: ignore[arg-type]
        zero_means_missing_before=date.fromisoformat(str(zero_before)) if zero_before else None,
        notes=raw.get("notes") or None,  # type: ignore[arg-type]
        min_value=low,
        max_value=high,
        release_lag_days=lag,
    )


@cache
def load_catalog() -> tuple[SeriesSpec, ...]:
    """All catalogued series, in file order."""
    text = resources.files("selloff").joinpath("data/catalog.toml").read_text(encoding="utf-8")
    document = tomllib.loads(text)
    specs = tuple(_spec(entry, document.get("bounds", {})) for entry in document["series"])
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"catalog has duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return specs


def series_ids() -> tuple[str, ...]:
    return tuple(spec.id for spec in load_catalog())


def get_spec(series_id: str) -> SeriesSpec:
    """The catalog entry for ``series_id``; ``KeyError`` naming the known ids if it is not catalogued."""
    for spec in load_catalog():
        if spec.id == series_id:
            return spec
    raise KeyError(f"{series_id!r} is not in the series catalog (known: {', '.join(series_ids())})")
