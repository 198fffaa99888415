"""Scenario grids: one base scenario varied over sale size × pace × Fed absorption, one projection per cell.

A grid file (TOML, ``scenarios/grids/*.toml``) names a base scenario and up to three axes::

    name = "japan-grid"
    title = "Japan sells part or all of its Treasuries, fast or slow, with or without the Fed"
    base = "japan-full-dump"        # a bundled scenario name, or a scenario file (relative to this file)
    seed = 20250200                 # entropy of the cells' seeds (default: the base scenario's seed)
    draws = 1000                    # Monte Carlo draws per cell (default: the base scenario's)

    [axes]
    share_of_holdings = [0.25, 0.5, 1.0]    # or amount_usd_bn = [100.0, 300.0]; omitted: the base's sale
    pace_months = [6, 12, 36]               # omitted: the base's pace
    fed_absorption_share = [0.0, 0.5]       # omitted: the base's absorption

:func:`expand_grid` turns it into cells (the Cartesian product, sale size slowest, Fed absorption fastest),
each a validated :class:`~selloff.projection.scenarios.Scenario` derived from the base.
:func:`project_cell` projects one cell with :func:`selloff.projection.project.project` and keeps only
its headline numbers; :func:`grid_frame` turns the cells' results into ``proj.grid`` rows.

Seeding
-------
Each cell's Monte Carlo seed comes from a :class:`numpy.random.SeedSequence` keyed by the cell's
*coordinates*, not by its position or by the worker that runs it:

.. math::

    \\text{seed}_c = \\Big\\lfloor \\tfrac{1}{2}\\,
        \\text{SeedSequence}\\big(\\text{entropy}=s,\\;\\text{spawn\\_key}=\\text{blake2b}_{128}(k_c)\\big)
        .\\text{generate\\_state}(1, \\text{uint64}) \\Big\\rfloor

where :math:`s` is the grid's seed and :math:`k_c` the cell key, e.g.
``sale.share_of_holdings=0.5;sale.pace_months=12;fed.absorption_share=0.0`` (floats by their shortest
round-trip ``repr``). So a cell's numbers are the same whichever process or machine projects it, in
whatever order, and stay the same when values are added to an axis. The seed fits a signed 64-bit
integer (stored in ``proj.grid.seed``) and is written into the cell's scenario, so the cell's
``proj.grid.spec_json`` alone reproduces it (``Scenario.model_validate_json`` → ``project``).

Units and signs as in :mod:`selloff.projection.project`: $bn, bp, a sale is written positive and
raises yields.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import platform
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from selloff import __version__
from selloff.calibration.impact import PriceImpact
from selloff.projection.fiscal import FiscalSetup
from selloff.projection.holdings import TicHoldings
from selloff.projection.project import project
from selloff.projection.scenarios import SaleSpec, Scenario, ScenarioError, resolve_scenario
from selloff.projection.tables import Headline

MAX_CELLS = 10_000
"""A grid larger than this is almost certainly a typo (e.g. a 1,000-value axis); it is refused."""

GRID_TABLE = "proj.grid"


class GridError(ScenarioError):
    """A grid file is invalid; the message names the grid and the offending field as a dotted path."""

    def __init__(self, message: str, *, grid: str | None = None, field: str | None = None) -> None:
        where = f"grid {grid!r}" if grid else "grid"
        ValueError.__init__(self, f"{where}: {field}: {message}" if field else f"{where}: {message}")
        self.scenario = None
        self.grid = grid
        self.field = field


# --------------------------------------------------------------------------------------------------
# grid file (TOML → validated pydantic model)
# --------------------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


Share = Annotated[float, Field(ge=0.0, le=1.0)]
AmountUsdBn = Annotated[float, Field(ge=0.0)]
PaceMonths = Annotated[int, Field(ge=1)]


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
    seed: int | None = Field(None, ge=0, description="entropy of the cells' seeds (default: the base's seed)")
    draws: int | None = Field(None, ge=1, le=1_000_000, description="Monte Carlo draws per cell")
    axes: GridAxes = Field(default_factory=GridAxes)


def _loc(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a dotted path with list indices: ``axes.pace_months[1]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "[key]":
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def parse_grid_spec(text: str, *, source: str = "<string>") -> GridSpec:
    """Validate a grid file's TOML text.

    Raises
    ------
    GridError
        Invalid TOML, an unknown or missing field, an empty or repeated axis, a value out of range (a share
        outside [0, 1], a negative amount, a pace under one month, NaN), or two sale-size axes. The
        message names the grid and the field, e.g. ``grid 'japan-grid': axes.pace_months[1]: …``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GridError(f"{source}: not valid TOML: {exc}") from None
    name = data.get("name") if isinstance(data.get("name"), str) else source
    try:
        return GridSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        if err["type"] == "finite_number":
            msg = f"must be a finite number, got {err.get('input')!r}"
        else:
            msg = err["msg"].removeprefix("Value error, ")
        extra = f" (and {len(exc.errors()) - 1} more error(s))" if len(exc.errors()) > 1 else ""
        raise GridError(msg + extra, grid=name, field=_loc(tuple(err["loc"]))) from None


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


def check_grid(spec: GridSpec, base: Scenario, *, source: str = "<string>") -> Grid:
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
    for i, pace in enumerate(spec.axes.pace_months or ()):
        if start + pace > base.horizon_months:
            raise GridError(
                f"a sale over {pace} months from month {start} would not end within the base's "
                f"{base.horizon_months}-month horizon",
                grid=spec.name,
                field=f"axes.pace_months[{i}]",
            )
    grid = Grid(spec, base, base.sale, source)
    n_cells = math.prod(grid.shape)
    if n_cells > MAX_CELLS:
        raise GridError(f"{n_cells:,} cells, more than {MAX_CELLS:,}", grid=spec.name, field="axes")
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
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GridError(f"cannot read {path}: {exc.strerror}") from None
    spec = parse_grid_spec(text, source=str(path))
    beside = path.parent / spec.base
    try:
        target = str(beside) if spec.base.endswith(".toml") and beside.is_file() else spec.base
        base = resolve_scenario(target, known_sellers=known_sellers)
    except ScenarioError as exc:
        if exc.field is not None:  # the base file exists but is invalid: its own message is clearer
            raise
        raise GridError(str(exc), grid=spec.name, field="base") from None
    return check_grid(spec, base, source=str(path))


def resolve_grid(name_or_path: str, *, known_sellers: Collection[str] | None = None) -> Grid:
    """A bundled grid by name, or a grid file by path (``selloff project --grid NAME|FILE``)."""
    bundled = bundled_grids()
    if name_or_path in bundled:
        return load_grid(bundled[name_or_path], known_sellers=known_sellers)
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return load_grid(path, known_sellers=known_sellers)
    raise GridError(f"no bundled grid {name_or_path!r} and no such file; bundled: {', '.join(bundled)}")


# --------------------------------------------------------------------------------------------------
# cells and their seeds
# --------------------------------------------------------------------------------------------------


def cell_key(size_field: str, size: float, pace_months: int, fed_absorption_share: float) -> str:
    """The canonical coordinates of a cell (floats by their shortest round-trip ``repr``)."""
    return (
        f"sale.{size_field}={float(size)!r};sale.pace_months={int(pace_months)};"
        f"fed.absorption_share={float(fed_absorption_share)!r}"
    )


def cell_seed(base_seed: int, key: str) -> int:
    """The Monte Carlo seed of the cell with coordinates ``key`` (see the module docstring).

    A pure function of ``(base_seed, key)``: independent of the cell's position in the grid, of the order
    cells run in and of the process that runs them. Returns an integer in :math:`[0, 2^{63})`.
    """
    if base_seed < 0:
        raise ValueError(f"base_seed must be non-negative, got {base_seed}")
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    spawn_key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    state = np.random.SeedSequence(entropy=base_seed, spawn_key=spawn_key).generate_state(1, np.uint64)
    return int(state[0]) >> 1  # 63 bits: fits proj.grid.seed (bigint) and Scenario.seed (≥ 0)


@dataclass(frozen=True)
class GridCell:
    """One cell of a grid: its coordinates, seed and validated scenario."""

    grid: str
    index: tuple[int, int, int]
    """Position on the (sale size, pace, Fed absorption) axes."""
    key: str
    """Canonical coordinates (:func:`cell_key`): what the seed is keyed by."""
    size_field: str
    """``share_of_holdings`` or ``amount_usd_bn``: how the sale size is given."""
    size: float
    """Sale size: a fraction of the seller's holdings, or $bn."""
    pace_months: int
    fed_absorption_share: float
    base_seed: int
    seed: int
    scenario: Scenario

    @property
    def name(self) -> str:
        return self.scenario.name


def _cell_title(grid: Grid, size_field: str, size: float, pace: int, fed: float) -> str:
    seller = " + ".join(grid.sale.sellers)
    what = f"{size:.0%} of its holdings" if size_field == "share_of_holdings" else f"${size:,.0f}bn"
    return f"{seller} sells {what} over {pace} months; the Fed absorbs {fed:.0%}"


def expand_grid(grid: Grid, *, draws: int | None = None) -> tuple[GridCell, ...]:
    """Every cell of ``grid``, sale size slowest and Fed absorption fastest.

    Each cell's scenario is the base with its sale size, pace and Fed absorption replaced, named
    ``{grid}-{i}-{j}-{k}`` (axis indices), unlabelled, with the cell's seed and ``draws`` (argument, else the
    grid's, else the base's) written in; it is validated again as a whole (``model_copy`` alone does not
    validate), so a cell is a scenario :func:`selloff.projection.project.project` accepts as it stands.

    Raises
    ------
    GridError
        ``draws`` below 1, or a cell that is not a valid scenario (naming the axis).
    """
    base, sale = grid.base, grid.sale
    n_draws = draws if draws is not None else grid.spec.draws if grid.spec.draws is not None else base.draws
    if n_draws < 1:
        raise GridError(f"must be at least 1, got {n_draws}", grid=grid.name, field="draws")
    cells: list[GridCell] = []
    for (i, (size_field, size)), (j, pace), (k, fed) in itertools.product(
        enumerate(grid.sizes()), enumerate(grid.paces()), enumerate(grid.fed_shares())
    ):
        key = cell_key(size_field, size, pace, fed)
        seed = cell_seed(grid.seed, key)
        amounts = (
            {"share_of_holdings": size, "amount_usd_bn": None}
            if size_field == "share_of_holdings"
            else {"amount_usd_bn": size, "share_of_holdings": None}
        )
        derived = base.model_copy(
            update={
                "name": f"{grid.name}-{i}-{j}-{k}",
                "title": _cell_title(grid, size_field, size, pace, fed),
                "description": f"Cell {key} of grid {grid.name!r} (base scenario {base.name!r}).",
                "label": None,
                "draws": n_draws,
                "seed": seed,
                "sale": sale.model_copy(update={**amounts, "pace_months": pace}),
                "fed": base.fed.model_copy(update={"absorption_share": fed}),
            }
        )
        try:
            scenario = Scenario.model_validate(derived.model_dump())
        except ValidationError as exc:
            err = exc.errors()[0]
            raise GridError(
                f"cell {key}: {err['msg'].removeprefix('Value error, ')} (at {_loc(tuple(err['loc']))})",
                grid=grid.name,
                field="axes",
            ) from None
        cells.append(
            GridCell(grid.name, (i, j, k), key, size_field, size, pace, fed, grid.seed, seed, scenario)
        )
    return tuple(cells)


# --------------------------------------------------------------------------------------------------
# projecting a cell
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellInputs:
    """What every cell needs, bundled so it is shipped to a Dask worker once (≈0.6 MB pickled)."""

    impact: PriceImpact
    setup: FiscalSetup
    holdings: TicHoldings


@dataclass(frozen=True)
class CellResult:
    """One projected cell: its coordinates and headline numbers (no frames: a grid is for comparing)."""

    cell: GridCell
    headline: Headline
    worker: str | None = None
    """``host:pid`` of the process that projected it (diagnostics; set by the flow, not stored)."""

    def summary_dict(self) -> dict[str, object]:
        """JSON-ready: the cell's coordinates, seed and headline (``selloff project --grid … --json``)."""
        c = self.cell
        out: dict[str, object] = {
            "cell": c.name,
            "index": list(c.index),
            "key": c.key,
            c.size_field: c.size,
            "pace_months": c.pace_months,
            "fed_absorption_share": c.fed_absorption_share,
            "seed": c.seed,
            "draws": c.scenario.draws,
        }
        for key in Headline.__dataclass_fields__:
            if key not in out and key not in ("scenario", "title", "label", "fed_absorption_share"):
                out[key] = getattr(self.headline, key)
        out["warnings"] = list(self.headline.warnings)
        return out


def project_cell(cell: GridCell, inputs: CellInputs, *, run_id: str) -> CellResult:
    """Project one cell: :func:`selloff.projection.project.project` with the cell's own seed and
    draws, without the mitigation variants (the grid itself varies the levers that matter here). Pure.

    Parameters
    ----------
    cell
        From :func:`expand_grid`; its scenario carries the seed and the number of draws.
    inputs
        The calibration's price impact (bp per sale of 1% of GDP), the fiscal baseline, TIC holdings ($bn).
    run_id
        The projection run (only labels the engine's frames, which are dropped).
    """
    projection = project(
        cell.scenario, inputs.impact, inputs.setup, inputs.holdings, run_id=run_id, mitigations=False
    )
    return CellResult(cell, projection.headline)


HEADLINE_NUMBERS: tuple[str, ...] = (
    "sale_usd_bn", "sale_pct_gdp", "sale_pct_marketable_debt", "sale_10y_eq_usd_bn", "permanent_share",
    "peak_10y_bp", "peak_10y_bp_p5", "peak_10y_bp_p50", "peak_10y_bp_p95",
    "ten_year_extra_interest_usd_bn", "ten_year_extra_interest_usd_bn_p5",
    "ten_year_extra_interest_usd_bn_p50", "ten_year_extra_interest_usd_bn_p95",
    "ten_year_extra_cost_treasury_plus_fed_usd_bn",
    "interest_pct_outlays_last_fy", "interest_pct_outlays_last_fy_p50",
)  # fmt: skip
"""The headline's numbers stored per cell (and compared local vs Dask)."""

GRID_COLUMNS: tuple[str, ...] = (
    "run_id", "grid", "cell", "sale_index", "pace_index", "fed_index", "cell_key", "base_scenario",
    "seller", "sale_share_of_holdings", "pace_months", "fed_absorption_share",
    "base_seed", "seed", "draws", *HEADLINE_NUMBERS, "last_fy", "warnings", "spec_json",
)  # fmt: skip
"""Columns of ``proj.grid`` (key: run_id, cell), in the DDL's order."""


def grid_frame(run_id: str, grid: Grid, results: list[CellResult]) -> pd.DataFrame:
    """The ``proj.grid`` rows of a run: one per cell, in cell order, every headline number.

    ``sale_share_of_holdings`` is null on a grid sized in $bn; ``sale_usd_bn`` is the amount the engine
    sold ($bn, face) whichever way the size was given.
    """
    if not results:
        raise ValueError("a grid run has at least one cell")
    seller = " + ".join(grid.sale.sellers)
    rows = []
    for r in sorted(results, key=lambda r: r.cell.index):
        c, h = r.cell, r.headline
        row: dict[str, object] = {
            "run_id": run_id,
            "grid": grid.name,
            "cell": c.name,
            "sale_index": c.index[0],
            "pace_index": c.index[1],
            "fed_index": c.index[2],
            "cell_key": c.key,
            "base_scenario": grid.base.name,
            "seller": seller,
            "sale_share_of_holdings": c.size if c.size_field == "share_of_holdings" else None,
            "pace_months": c.pace_months,
            "fed_absorption_share": c.fed_absorption_share,
            "base_seed": c.base_seed,
            "seed": c.seed,
            "draws": c.scenario.draws,
            **{name: getattr(h, name) for name in HEADLINE_NUMBERS},
            "last_fy": h.last_fy,
            "warnings": list(h.warnings),
            "spec_json": c.scenario.to_json(),
        }
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(GRID_COLUMNS))
    return frame.astype({"sale_share_of_holdings": "float64"})


def store_grid(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Insert ``proj.grid`` rows in one transaction (I/O edge; the table name is the constant
    :data:`GRID_TABLE`, the frame is registered, never interpolated)."""
    if list(frame.columns) != list(GRID_COLUMNS):
        raise ValueError(f"proj.grid rows need columns {list(GRID_COLUMNS)}, got {list(frame.columns)}")
    con.execute("begin transaction")
    try:
        con.register("incoming_grid", frame)
        con.execute(f"insert into {GRID_TABLE} select * from incoming_grid")  # noqa: S608
        con.unregister("incoming_grid")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


# --------------------------------------------------------------------------------------------------
# worker environment (checked before a grid is fanned out)
# --------------------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    """Versions that decide whether a worker computes the same numbers as this process."""
    return {"selloff": __version__, "numpy": np.__version__, "python": platform.python_version()}


def environment_mismatches(local: dict[str, str], workers: dict[str, dict[str, str]]) -> list[str]:
    """Each worker whose :func:`environment` differs from ``local``, described for an error message."""
    out = []
    for address, env in sorted(workers.items()):
        diffs = [f"{k} {env.get(k)} (here {v})" for k, v in local.items() if env.get(k) != v]
        if diffs:
            out.append(f"{address}: {', '.join(diffs)}")
    return out
