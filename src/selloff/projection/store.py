"""The I/O edge of projection: inputs out of the warehouse, ``proj.*`` rows in.

The projection itself (:mod:`selloff.projection.project` and the modules it calls) is pure;
this module reads what it needs (yields by tenor, the latest TIC holdings, the calibration's price
impact) and writes its frames.
Table names come only from :data:`PROJ_TABLES`; frames are registered, never interpolated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from selloff.projection.fiscal import FiscalSetup, ReferenceGdp
from selloff.projection.holdings import TicHoldings
from selloff.projection.legacy import LegacyFit, RebuildParams

if TYPE_CHECKING:  # the projection and calibration modules only where used: `sensitivity` reads yields here
    from selloff.calibration.impact import Method, PriceImpact
    from selloff.projection.project import Projection

PROJ_TABLES = (
    "proj.scenarios",
    "proj.yield_paths",
    "proj.bond_prices",
    "proj.fiscal_annual",
    "proj.mitigations",
    "proj.sensitivity",
    "proj.baseline_check",
    "proj.inputs",
)


@dataclass(frozen=True)
class ProjectionInputs:
    """What a projection run reads from the warehouse."""

    calibration_run_id: str
    method: Method
    impact: PriceImpact
    yields_monthly: pd.DataFrame
    holdings: TicHoldings
    reference_gdp: ReferenceGdp
    prior_impact: PriceImpact | None = None
    """The same calibration's literature prior alone (None if it stored none)."""
    legacy_fits: dict[str, LegacyFit] = field(default_factory=dict)
    """The legacy rebuild's stored fits (``proj.legacy_fits``), reused on the same inputs."""


def calibration_method(con: duckdb.DuckDBPyConnection, calibration_run_id: str) -> Method:
    """The method the calibration run chose to feed projections (recorded in its settings)."""
    row = con.execute("select settings from meta.runs where run_id = ?", [calibration_run_id]).fetchone()
    recorded = str(json.loads(row[0]).get("method", "blend")) if row and row[0] else "blend"
    methods: dict[str, Method] = {"data": "data", "prior": "prior", "blend": "blend"}
    if recorded not in methods:
        raise ValueError(f"calibration {calibration_run_id} records an unknown method {recorded!r}")
    return methods[recorded]


def read_yields_monthly(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``date, tenor, yield_pct, basis, series_id`` (monthly averages, percent) from
    ``stg.projection_yields_monthly``: the monthly series, extended by daily means past their end."""
    frame = con.execute(
        "select date, tenor, yield_pct, basis, series_id from stg.projection_yields_monthly "
        "order by tenor, date"
    ).df()
    if frame.empty:
        raise ValueError("no Treasury yields in the warehouse: run `selloff refresh` first")
    return frame


def read_reference_gdp(con: duckdb.DuckDBPyConnection) -> ReferenceGdp:
    """The latest quarter of nominal GDP in the warehouse (FRED GDP, $bn SAAR): the one reference level."""
    row = con.execute(
        "select date, value from stg.observations where series_id = 'GDP' and value is not null "
        "order by date desc limit 1"
    ).fetchone()
    if row is None:
        raise ValueError("no GDP in the warehouse: run `selloff refresh` first")
    return ReferenceGdp(
        pd.Timestamp(row[0]), float(row[1]), "FRED GDP (BEA), latest quarter in the warehouse"
    )


def read_holdings(con: duckdb.DuckDBPyConnection) -> TicHoldings:
    frame = con.execute("select country, date, holdings_usd_bn from stg.tic_holdings").df()
    if frame.empty:
        raise ValueError("no TIC holdings in the warehouse: run `selloff refresh` first")
    return TicHoldings.from_frame(frame)


def read_inputs(
    con: duckdb.DuckDBPyConnection, calibration_run_id: str | None = None, method: Method | None = None
) -> ProjectionInputs:
    """Everything a projection needs: the (latest) calibration's price impact, yields and holdings."""
    from selloff.calibration import impact_store

    run_id = calibration_run_id or impact_store.latest_calibration_run_id(con)
    chosen = method or calibration_method(con, run_id)
    impact = impact_store.load_price_impact(con, run_id, chosen)
    try:
        prior = impact if chosen == "prior" else impact_store.load_price_impact(con, run_id, "prior")
    except ValueError:
        prior = None  # a calibration that stored no prior: the headline goes without its prior-only twin
    return ProjectionInputs(
        run_id,
        chosen,
        impact,
        read_yields_monthly(con),
        read_holdings(con),
        read_reference_gdp(con),
        prior,
        read_legacy_fits(con),
    )


def read_legacy_fits(con: duckdb.DuckDBPyConnection) -> dict[str, LegacyFit]:
    """``proj.legacy_fits`` by key (empty in a warehouse without the table: it is created by the next
    writing run)."""
    try:
        rows = con.execute(
            "select inputs_sha256, note_tilt, bond_20y_share, wam_months, maturing_within_1y_pct "
            "from proj.legacy_fits"
        ).fetchall()
    except duckdb.CatalogException:
        return {}
    return {
        key: LegacyFit(key, RebuildParams(float(tilt), float(share)), float(wam), float(within))
        for key, tilt, share, wam, within in rows
    }


LEGACY_FIT_COLUMNS = (
    "inputs_sha256",
    "baseline",
    "start_month",
    "note_tilt",
    "bond_20y_share",
    "wam_months",
    "maturing_within_1y_pct",
    "first_run_id",
)


def legacy_fits_frame(setups: Iterable[FiscalSetup], run_id: str) -> pd.DataFrame:
    """Rows of ``proj.legacy_fits`` for the legacy rebuilds of ``setups``, used by ``run_id`` (reused fits
    included: storing them again is a no-op, the first run to fit one keeps it)."""
    return pd.DataFrame(
        [
            {
                "inputs_sha256": setup.legacy.fit.inputs_sha256,
                "baseline": setup.baseline.name,
                "start_month": setup.start_month.date(),
                "note_tilt": setup.legacy.fit.params.note_tilt,
                "bond_20y_share": setup.legacy.fit.params.bond_20y_share,
                "wam_months": setup.legacy.fit.wam_months,
                "maturing_within_1y_pct": setup.legacy.fit.maturing_within_1y_pct,
                "first_run_id": run_id,
            }
            for setup in setups
            if setup.legacy.fit is not None  # cohorts given by hand have no fit
        ],
        columns=list(LEGACY_FIT_COLUMNS),
    )


def store_legacy_fits(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Add fits not stored yet (keyed by their inputs; a fit already there is kept as first stored)."""
    if rows.empty:
        return
    con.register("incoming_legacy_fits", rows.drop_duplicates("inputs_sha256"))
    try:
        con.execute("insert or ignore into proj.legacy_fits by name select * from incoming_legacy_fits")
    finally:
        con.unregister("incoming_legacy_fits")


def store_projections(
    con: duckdb.DuckDBPyConnection,
    projections: Iterable[Projection],
    extra: dict[str, pd.DataFrame] | None = None,
    legacy_fits: pd.DataFrame | None = None,
) -> None:
    """Insert every projection's frames (and ``extra`` frames keyed by table) in one transaction, with
    the legacy fits not stored yet (:func:`legacy_fits_frame`)."""
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
            # the table name comes from PROJ_TABLES only; columns matched by name
            con.execute(f"insert into {table} by name select * from incoming_projection")  # noqa: S608
            con.unregister("incoming_projection")
        if legacy_fits is not None:
            store_legacy_fits(con, legacy_fits)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
