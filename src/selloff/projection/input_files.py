"""A projection's input files checked before anything slow starts: scenario and grid files, and their
sellers against the published warehouse's TIC holders.

``selloff project`` calls :func:`check_scenario_files` or :func:`check_grid_file` before Prefect is
imported, so a bad file is refused in well under a second with every error listed (each field with
its line). The flows validate again when they run; these checks only move the refusal earlier.
Light: pydantic, DuckDB and the standard library (no pandas, no Prefect).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from selloff.projection.grid_spec import resolve_grid
from selloff.projection.holdings import TicHoldings, sellers_among
from selloff.projection.scenarios import ScenarioError, resolve_scenario
from selloff.warehouse.errors import WarehouseError


class InputFilesError(ValueError):
    """Several input files are invalid; the message lists each file's errors, separated by " | "."""


def stored_sellers(warehouse: Path) -> tuple[str, ...] | None:
    """The TIC holders of the warehouse's latest month (those :class:`TicHoldings` offers as sellers),
    or None when the warehouse cannot be read here (the run itself then says why)."""
    from selloff.warehouse.publish import connect_read_only

    # our constant inlined as a literal, not a bound parameter: binding one makes DuckDB import pandas
    # (~0.8 s of CPU, most of this check's time)
    total = TicHoldings.TOTAL.replace("'", "''")
    query = f"""
        with holdings as (
            select country, date from stg.tic_holdings where holdings_usd_bn is not null
        )
        select distinct country from holdings
        where date = (select max(date) from holdings where country = '{total}')
    """  # noqa: S608 (a constant of ours, quoted; no user input)
    try:
        with connect_read_only(warehouse) as con:
            rows = con.execute(query).fetchall()
    except (WarehouseError, duckdb.Error):
        return None
    return sellers_among(str(r[0]) for r in rows) if rows else None


def check_scenario_files(names: Sequence[str], warehouse: Path | None) -> None:
    """Resolve and validate every ``--scenario NAME|FILE``, sellers included when the warehouse can
    be read. Raises :class:`ScenarioError` (one bad file) or :class:`InputFilesError` (several), each
    file's message listing all its errors."""
    sellers = stored_sellers(warehouse) if warehouse is not None else None
    problems: list[ScenarioError] = []
    for name in names:
        try:
            resolve_scenario(name, known_sellers=sellers)
        except ScenarioError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputFilesError(" | ".join(str(p) for p in problems))


def check_grid_file(name: str, warehouse: Path | None) -> None:
    """Resolve and validate a ``--grid NAME|FILE`` and its base scenario (sellers included when the
    warehouse can be read). Raises :class:`~selloff.projection.grid_spec.GridError` or
    :class:`ScenarioError` listing all the file's errors."""
    sellers = stored_sellers(warehouse) if warehouse is not None else None
    resolve_grid(name, known_sellers=sellers)
