"""Scenario grids: one base scenario varied over sale size × pace × Fed absorption, one projection per cell.

A grid file (TOML, ``scenarios/grids/*.toml``) names a base scenario and up to three axes: sale size
(``share_of_holdings`` or ``amount_usd_bn``), ``pace_months`` and ``fed_absorption_share``. Its format
and validation live in :mod:`selloff.projection.grid_spec`, whose names this module re-exports.

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
import platform
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from pydantic import ValidationError

from selloff import __version__
from selloff.calibration.impact import PriceImpact
from selloff.projection.fiscal import FiscalSetup
from selloff.projection.grid_spec import (  # the file format lives apart: light enough for the CLI's checks
    MAX_CELLS,
    Grid,
    GridAxes,
    GridError,
    GridSpec,
    bundled_grids,
    check_grid,
    grids_dir,
    load_grid,
    parse_grid_spec,
    resolve_grid,
)
from selloff.projection.holdings import TicHoldings
from selloff.projection.project import project
from selloff.projection.scenarios import Scenario
from selloff.projection.tables import Headline
from selloff.projection.toml_input import indexed

__all__ = [  # the grid file's names are re-exported from grid_spec, where they live
    "GRID_COLUMNS", "GRID_TABLE", "HEADLINE_NUMBERS", "MAX_CELLS", "CellInputs", "CellResult", "Grid",
    "GridAxes", "GridCell", "GridError", "GridSpec", "bundled_grids", "cell_key", "cell_seed", "check_grid",
    "environment", "environment_mismatches", "expand_grid", "grid_frame", "grids_dir", "load_grid",
    "parse_grid_spec", "project_cell", "resolve_grid", "store_grid",
]  # fmt: skip

GRID_TABLE = "proj.grid"


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
                f"cell {key}: {err['msg'].removeprefix('Value error, ')} (at {indexed(tuple(err['loc']))})",
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

    ``sale_share_of_holdings`` is null on a grid sized in $bn; ``sale_usd_bn`` is the market value sold
    ($bn, at the prices of the projection's start) whichever way the size was given.
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
