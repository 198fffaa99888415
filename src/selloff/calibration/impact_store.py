"""Reading a stored calibration back as the projection's input: the one calibration I/O ``project`` needs.

Kept apart from :mod:`selloff.calibration.store` (which writes every calib.* table and so imports the
estimation code: statsmodels, scipy.stats) so that a projection, the sensitivity command and the
explorer import only DuckDB, numpy and pandas from the calibration stage (~2 s less per command).
"""

from __future__ import annotations

import duckdb
import numpy as np

from selloff.calibration.config import METHODS
from selloff.calibration.impact import Method, PriceImpact
from selloff.tenors import TENORS


def latest_calibration_run_id(con: duckdb.DuckDBPyConnection) -> str:
    """The latest successful calibrate run that stored a calibration (``ValueError`` if there is none)."""
    row = con.execute(
        """
        select runs.run_id
        from meta.runs as runs
        inner join calib.calibrations as calibrations on calibrations.run_id = runs.run_id
        where runs.kind = 'calibrate' and runs.status = 'ok'
        order by runs.finished_at desc nulls last, runs.started_at desc
        limit 1
        """
    ).fetchone()
    if row is None:
        raise ValueError("no successful calibration in the warehouse: run `selloff calibrate` first")
    return str(row[0])


def load_price_impact(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None, method: Method = "blend"
) -> PriceImpact:
    """The :class:`~selloff.calibration.impact.PriceImpact` stored by a calibration run, for one method.

    ``run_id`` None takes the latest successful calibrate run (``meta.runs`` kind 'calibrate', status 'ok').
    Raises ``ValueError`` when there is no such run, when ``method="data"`` was refused by the calibration
    (the sign of the data estimate depends on the assumed duration; the reason is in the message), or when
    the stored rows are incomplete.
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} not in {METHODS}")
    run_id = run_id or latest_calibration_run_id(con)
    meta = con.execute(
        "select reference_gdp_usd_bn, largest_sale_pct_gdp, horizons_q, data_method_allowed, "
        "data_method_reason, notes from calib.calibrations where run_id = ?",
        [run_id],
    ).fetchone()
    if meta is None:
        raise ValueError(f"calibration run {run_id!r} is not in calib.calibrations")
    reference_gdp, largest_sale, horizons, allowed, reason, notes = meta
    if method == "data" and not allowed:
        raise ValueError(
            f"--method data refused for calibration {run_id}: projections need the blend (`selloff "
            f"calibrate`, the default) or the prior (`selloff calibrate --method prior`). Why: {reason}"
        )
    n_h = int(horizons) + 1
    tenors = TENORS
    draws = con.execute(
        "select draw, tenor, irf_bp_per_pct_gdp, long_run_bp_per_pct_gdp from calib.draws "
        "where run_id = ? and method = ? order by draw",
        [run_id, method],
    ).df()
    points = con.execute(
        "select tenor, horizon_q, estimate_bp_per_pct_gdp from calib.impulse_responses "
        "where run_id = ? and method = ? and estimable",
        [run_id, method],
    ).df()
    long_run = con.execute(
        "select tenor, estimate from calib.parameters where run_id = ? and method = ? and term = 'long_run' "
        "and units = 'bp per 1% of GDP' and estimable",
        [run_id, method],
    ).df()
    if set(draws["tenor"]) != set(tenors) or len(points) != len(tenors) * n_h or len(long_run) != len(tenors):
        raise ValueError(f"calibration {run_id} has no complete {method!r} responses for every tenor")
    n_draws = int(draws["draw"].nunique())
    order = {t: k for k, t in enumerate(tenors)}
    irf = np.full((n_draws, len(tenors), n_h), np.nan)
    lr = np.full((n_draws, len(tenors)), np.nan)
    d_idx = draws["draw"].to_numpy()
    k_idx = draws["tenor"].map(order).to_numpy()
    irf[d_idx, k_idx, :] = np.vstack([np.asarray(v, dtype=float) for v in draws["irf_bp_per_pct_gdp"]])
    lr[d_idx, k_idx] = draws["long_run_bp_per_pct_gdp"].to_numpy(dtype=float)
    point_irf = np.full((len(tenors), n_h), np.nan)
    point_irf[points["tenor"].map(order).to_numpy(), points["horizon_q"].to_numpy()] = points[
        "estimate_bp_per_pct_gdp"
    ].to_numpy(dtype=float)
    point_lr = np.full(len(tenors), np.nan)
    point_lr[long_run["tenor"].map(order).to_numpy()] = long_run["estimate"].to_numpy(dtype=float)
    return PriceImpact(
        calibration_run_id=run_id,
        method=method,
        tenors=tenors,
        horizons_q=np.arange(n_h, dtype=np.int64),
        point_irf_bp_per_pct_gdp=point_irf,
        point_long_run_bp_per_pct_gdp=point_lr,
        irf_bp_per_pct_gdp=irf,
        long_run_bp_per_pct_gdp=lr,
        reference_gdp_usd_bn=float(reference_gdp),
        largest_sale_pct_gdp=float(largest_sale),
        notes=tuple(notes or ()),
    )
