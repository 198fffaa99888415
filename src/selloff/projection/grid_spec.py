"""Grid files: the TOML that varies one base scenario over sale size × pace × Fed absorption, validated.

The format (see :mod:`selloff.projection.grid` for what a grid computes)::

    name = "japan-grid"
    title = "Japan sells part or all of its Treasuries, fast or slow, with or without the Fed"
    base = "japan-full-dump"        # a bundled scenario name, or a scenario file (relative to this file)
    seed = 20250200                 # entropy of the cells' seeds (default: the base scenario's seed)
    draws = 1000                    # Monte Carlo draws per cell (default: the base scenario's)

    [axes]
    share_of_holdings = [0.25, 0.5, 1.0]    # or amount_usd_bn = [100.0, 300.0]; omitted: the base's sale
    pace_months = [6, 12, 36]               # omitted: the base's pace
    fed_absorption_share = [0.0, 0.5]       # omitted: the base's absorption

:func:`resolve_grid` finds a bundled grid by name or a file by path, :func:`load_grid` reads one and
resolves its base scenario, :func:`check_grid` checks them together. A bad file is refused with **all**
its errors (:class:`GridError`, each field with its line). Light: pydantic and the standard library
only, so ``selloff project --grid`` refuses a bad file before anything slow is imported.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from selloff.projection import toml_input
from selloff.projection.scenarios import (
    MAX_MONTHS,
    MAX_SALE_USD_BN,
    SEED_MAX,
    SaleSpec,
    Scenario,
    ScenarioError,
    resolve_scenario,
)
from selloff.projection.toml_input import FieldError, KeyPath

MAX_CELLS = 10_000
"""A grid larger than this is almost certainly a typo (e.g. a 1,000-value axis); it is refused."""


class GridError(ScenarioError):
    """A grid file is invalid; the message names the grid and every offending field (dotted path with
    list indices, e.g. ``axes.pace_months[1]``, and its line)."""

    def __init__(
        self,
        message: str = "",
        *,
        grid: str | None = None,
        field: str | None = None,
        errors: Sequence[FieldError] = (),
    ) -> None:
        where = f"grid {grid!r}" if grid else "grid"
        if errors:
            text, field = f"{where}: {toml_input.join(list(errors))}", field or errors[0].field
        else:
            text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
            errors = (FieldError(field, message),) if field else ()
        ValueError.__init__(self, text)
        self.scenario = None
        self.grid = grid
        self.field = field
        self.errors = tuple(errors)


# --------------------------------------------------------------------------------------------------
# grid file (TOML → validated pydantic model)
# --------------------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)


Share = Annotated[float, Field(ge=0.0, le=1.0)]
AmountUsdBn = Annotated[float, Field(ge=0.0, le=MAX_SALE_USD_BN)]
PaceMonths = Annotated[int, Field(ge=1, le=MAX_MONTHS)]


def _distinct(values: list[Any] | None) -> list[Any] | None:
    if values is None:
        return None
    if not values:
        raise ValueError("must list at least one value (or leave the axis out to keep the base's)")
    if len(set(values)) != len(values):
        dupes = sorted({v for v in values if values.count(v) > 1})
        raise ValueError(f"values must be distinct, got {dupes} more than once")
    return values


class GridAxes(_Model):
    """The values each axis takes; an omitted axis keeps the base scenario's single value."""

    share_of_holdings: list[Share] | None = Field(
        None, description="sale size as a fraction of the seller's latest TIC holdings"
    )
    amount_usd_bn: list[AmountUsdBn] | None = Field(None, description="sale size, face amount, $bn")
    pace_months: list[PaceMonths] | None = Field(None, description="months over which the sale is spread")
    fed_absorption_share: list[Share] | None = Field(None, description="fraction of the sale the Fed buys")

    _check_distinct = field_validator(
        "share_of_holdings", "amount_usd_bn", "pace_months", "fed_absorption_share"
    )(_distinct)

    @model_validator(mode="after")
    def _one_size_axis(self) -> GridAxes:
        if self.share_of_holdings is not None and self.amount_usd_bn is not None:
            raise ValueError("give at most one sale-size axis: share_of_holdings or amount_usd_bn")
        return self


class GridSpec(_Model):
    """A validated grid file (see the module docstring for the format)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    base: str = Field(min_length=1, description="bundled scenario name, or a scenario file")
    seed: int | None = Field(
        None, ge=0, le=SEED_MAX, description="entropy of the cells' seeds (default: the base's seed)"
    )
    draws: int | None = Field(None, ge=1, le=1_000_000, description="Monte Carlo draws per cell")
    axes: GridAxes = Field(default_factory=GridAxes)


def parse_grid_spec(text: str, *, source: str = "<string>") -> GridSpec:
    """Validate a grid file's TOML text.

    Raises
    ------
    GridError
        Invalid TOML (or nested too deeply), an unknown or missing field, an empty or repeated axis, a
        value of the wrong type or out of range (a share outside [0, 1], a negative amount, a pace under
        one month or past :data:`~selloff.projection.scenarios.MAX_MONTHS`, NaN), or two sale-size axes.
        **All** the invalid fields are listed, e.g. ``grid 'japan-grid': axes.pace_months[1]: … (line 9)``.
    """
    try:
        data = toml_input.loads(text, source=source)
    except toml_input.TomlInputError as exc:
        raise GridError(str(exc)) from None
    name = data.get("name") if isinstance(data.get("name"), str) else source
    try:
        return GridSpec.model_validate(data)
    except ValidationError as exc:
        errors = toml_input.field_errors(exc, data, toml_input.key_lines(text), toml_input.indexed)
        raise GridError(grid=name, errors=errors) from None


@dataclass(frozen=True)
class Grid:
    """A grid file with its base scenario resolved and checked against it."""

    spec: GridSpec
    base: Scenario
    sale: SaleSpec
    """The base scenario's sale (a grid varies a sale, so the base must have one)."""
    source: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def seed(self) -> int:
        """Entropy of the cells' seeds: the grid's ``seed``, else the base scenario's."""
        return self.base.seed if self.spec.seed is None else self.spec.seed

    def sizes(self) -> tuple[tuple[str, float], ...]:
        """The sale-size axis as (``share_of_holdings`` | ``amount_usd_bn``, value) pairs."""
        axes, sale = self.spec.axes, self.sale
        if axes.share_of_holdings is not None:
            return tuple(("share_of_holdings", v) for v in axes.share_of_holdings)
        if axes.amount_usd_bn is not None:
            return tuple(("amount_usd_bn", v) for v in axes.amount_usd_bn)
        if sale.share_of_holdings is not None:
            return (("share_of_holdings", sale.share_of_holdings),)
        return (("amount_usd_bn", float(sale.amount_usd_bn or 0.0)),)

    def paces(self) -> tuple[int, ...]:
        return tuple(self.spec.axes.pace_months or (self.sale.pace_months,))

    def fed_shares(self) -> tuple[float, ...]:
        return tuple(self.spec.axes.fed_absorption_share or (self.base.fed.absorption_share,))

    @property
    def shape(self) -> tuple[int, int, int]:
        """Number of values on each axis: (sale sizes, paces, Fed absorption shares)."""
        return (len(self.sizes()), len(self.paces()), len(self.fed_shares()))


def check_grid(
    spec: GridSpec,
    base: Scenario,
    *,
    source: str = "<string>",
    lines: Mapping[KeyPath, int] | None = None,
) -> Grid:
    """Check a grid against its base scenario (pure): the base sells something, every sale ends within
    the horizon, and the grid is not absurdly large.

    Raises
    ------
    GridError
        Naming the field: ``base`` (no ``[sale]`` to vary), ``axes.pace_months[i]`` (the sale would not
        end within the base's ``horizon_months``), ``axes`` (more than :data:`MAX_CELLS` cells).
    """
    if base.sale is None:
        raise GridError(
            f"base scenario {base.name!r} has no [sale] to vary; pick a scenario that sells",
            grid=spec.name,
            field="base",
        )
    start = base.sale.start_month
    errors = [
        FieldError(
            f"axes.pace_months[{i}]",
            f"a sale over {pace} months from month {start} would not end within the base's "
            f"{base.horizon_months}-month horizon",
            toml_input.locate(lines or {}, ("axes", "pace_months", i)),
        )
        for i, pace in enumerate(spec.axes.pace_months or ())
        if base.horizon_months is not None and start + pace > base.horizon_months
    ]
    grid = Grid(spec, base, base.sale, source)
    n_cells = math.prod(grid.shape)
    if n_cells > MAX_CELLS:
        errors.append(
            FieldError(
                "axes",
                f"{n_cells:,} cells, more than {MAX_CELLS:,}",
                toml_input.locate(lines or {}, ("axes",)),
            )
        )
    if errors:
        raise GridError(grid=spec.name, errors=errors)
    return grid


def grids_dir() -> Path:
    """The bundled ``scenarios/grids/`` directory (``selloff/_scenarios/grids`` in a wheel)."""
    packaged = Path(str(resources.files("selloff"))) / "_scenarios" / "grids"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "scenarios" / "grids"


def bundled_grids() -> dict[str, Path]:
    """Bundled grid names → files."""
    return {p.stem: p for p in sorted(grids_dir().glob("*.toml"))}


def load_grid(path: Path, *, known_sellers: Collection[str] | None = None) -> Grid:
    """Read a grid file and its base scenario, and check them (edge helper: file access).

    The base is a bundled scenario name, or a scenario file; a relative path is taken relative to the
    grid file's directory first. ``known_sellers`` (the warehouse's TIC countries) validates the seller.

    Raises
    ------
    GridError
        The grid file cannot be read or is invalid, or the base cannot be resolved (field ``base``).
    ScenarioError
        The base scenario file itself is invalid (its message names the scenario's field).
    """
    try:
        text = toml_input.read_text(path)
    except toml_input.TomlInputError as exc:
        raise GridError(str(exc)) from None
    spec = parse_grid_spec(text, source=str(path))
    beside = path.parent / spec.base
    try:
        target = str(beside) if spec.base.endswith(".toml") and beside.is_file() else spec.base
        base = resolve_scenario(target, known_sellers=known_sellers)
    except ScenarioError as exc:
        if exc.field is not None:  # the base file exists but is invalid: its own message is clearer
            raise
        raise GridError(str(exc), grid=spec.name, field="base") from None
    return check_grid(spec, base, source=str(path), lines=toml_input.key_lines(text))


def resolve_grid(name_or_path: str, *, known_sellers: Collection[str] | None = None) -> Grid:
    """A bundled grid by name, or a grid file by path (``selloff project --grid NAME|FILE``)."""
    bundled = bundled_grids()
    if name_or_path in bundled:
        return load_grid(bundled[name_or_path], known_sellers=known_sellers)
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return load_grid(path, known_sellers=known_sellers)
    raise GridError(f"no bundled grid {name_or_path!r} and no such file; bundled: {', '.join(bundled)}")
