"""The I/O edge of projection: inputs out of the warehouse, ``proj.*`` rows in.

The projection itself (:mod:`selloff.projection.project` and the modules it calls) is pure;
this module reads what it needs (yields by tenor, the latest TIC holdings, the calibration's price
impact) and writes its frames.
Table names come only from :data:`PROJ_TABLES`; frames are registered, never interpolated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pandas as pd

from selloff.calibration import store as calib_store
from selloff.calibration.impact import Method, PriceImpact
from selloff.projection.holdings import TicHoldings
from selloff.projection.project import Projection

PROJ_TABLES = (
    "proj.scenarios",
    "proj.yield_paths",
    "proj.bond_prices",
    "proj.fiscal_annual",
    "proj.mitigations",
    "proj.sensitivity",
    "proj.baseline_check",
)


@dataclass(frozen=True)
class ProjectionInputs:
    """What a projection run reads from the warehouse."""

    calibration_run_id: str
    method: Method
    impact: PriceImpact
    yields_monthly: pd.DataFrame
    holdings: TicHoldings


def calibration_method(con: duckdb.DuckDBPyConnection, calibration_run_id: str) -> Method:
    """The method the calibration run chose to feed projections (recorded in its settings)."""
    row = con.execute("select settings from meta.runs where run_id = ?", [calibration_run_id]).fetchone()
    recorded = str(json.loads(row[0]).get("method", "blend")) if row and row[0] else "blend"
    methods: dict[str, Method] = {"data": "data", "prior": "prior", "blend": "blend"}
    if recorded not in methods:
        raise ValueError(f"calibration {calibration_run_id} records an unknown method {recorded!r}")
    return methods[recorded]


def read_yields_monthly(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``date, tenor, yield_pct`` (monthly averages, percent) from ``stg.yields_monthly``."""
    frame = con.execute("select date, tenor, yield_pct from stg.yields_monthly order by tenor, date").df()
    if frame.empty:
        raise ValueError("no Treasury yields in the warehouse: run `selloff refresh` first")
    return frame


def read_holdings(con: duckdb.DuckDBPyConnection) -> TicHoldings:
    frame = con.execute("select country, date, holdings_usd_bn from stg.tic_holdings").df()
    if frame.empty:
        raise ValueError("no TIC holdings in the warehouse: run `selloff refresh` first")
    return TicHoldings.from_frame(frame)


def read_inputs(
    con: duckdb.DuckDBPyConnection, calibration_run_id: str | None = None, method: Method | None = None
) -> ProjectionInputs:
    """Everything a projection needs: the (latest) calibration's price impact, yields and holdings."""
    run_id = calibration_run_id or calib_store.latest_calibration_run_id(con)
    chosen = method or calibration_method(con, run_id)
    impact = calib_store.load_price_impact(con, run_id, chosen)
    return ProjectionInputs(run_id, chosen, impact, read_yields_monthly(con), read_holdings(con))


def store_projections(
    con: duckdb.DuckDBPyConnection,
    projections: Iterable[Projection],
    extra: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Insert every projection's frames (and ``extra`` frames keyed by table) in one transaction."""
    frames: dict[str, list[pd.DataFrame]] = {table: [] for table in PROJ_TABLES}
    for projection in projections:
        frames["proj.scenarios"].append(projection.scenarios_row)
        frames["proj.yield_paths"].append(projection.yield_paths)
        frames["proj.bond_prices"].append(projection.bond_prices)
        frames["proj.fiscal_annual"].append(projection.fiscal_annual)
        frames["proj.mitigations"].append(projection.mitigations)
    for table, frame in (extra or {}).items():
        if table not in frames:
            raise ValueError(f"{table!r} is not a projection table ({', '.join(PROJ_TABLES)})")
        frames[table].append(frame)
    con.execute("begin transaction")
    try:
        for table, parts in frames.items():
            if not parts:
                continue
            con.register("incoming_projection", pd.concat(parts, ignore_index=True))
            # the table name comes from PROJ_TABLES only; the frames' columns follow the DDL's order
            con.execute(f"insert into {table} select * from incoming_projection")  # noqa: S608
            con.unregister("incoming_projection")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
