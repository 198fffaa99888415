"""The I/O edge of calibration: panels out of DuckDB, results into ``calib.*``, price impact back out.

The calibration (:func:`selloff.calibration.calibrate.calibrate`) is pure; this module is the only place
that moves its inputs and outputs between the warehouse and Python. Tables are written only from the fixed
list below, every value is bound as a parameter or passed as a registered frame, and nothing here writes
DDL (the tables are in ``sql/schema/3*_calib_*.sql``).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from selloff.calibration.config import TERMS
from selloff.calibration.identified import DesignInputs
from selloff.calibration.impact_store import latest_calibration_run_id, load_price_impact
from selloff.calibration.panels import FLOW_MEASURE_SPECS, Panels
from selloff.calibration.prior import PriorTable, parse_prior
from selloff.calibration.results import CalibrationResult
from selloff.tenors import TENORS, Tenor
from selloff.warehouse.errors import WarehouseError

# Written in this order, deleted in reverse; the only tables this module touches.
CALIB_TABLES = (
    "calib.calibrations",
    "calib.parameters",
    "calib.impulse_responses",
    "calib.draws",
    "calib.covariance",
    "calib.coefficients",
    "calib.diagnostics",
    "calib.d_sensitivity",
    "calib.episodes",
    "calib.regressions",
    "calib.designs",
    "calib.combination",
)

_LATEST = date(9999, 12, 31)


# ---------------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------------


def read_panels(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> Panels:
    """Read ``marts.panel_quarterly`` and ``marts.panel_monthly`` as known on ``as_of`` (None = latest).

    ``as_of`` goes through the ``marts.panel_*_as_of`` table macros, which read
    ``stg.observations_as_of(as_of)``: only vintages with ``realtime_start <= as_of`` count. The returned
    :class:`~selloff.calibration.panels.Panels` carries the latest ``realtime_start`` used (the data
    vintage).

    Raises ``ValueError`` when the panels are missing (a warehouse older than the calibration SQL) or
    hold no data as of that date.
    """
    day = as_of or _LATEST
    try:
        quarterly = con.execute("select * from marts.panel_quarterly_as_of(?) order by quarter", [day]).df()
        monthly = con.execute("select * from marts.panel_monthly_as_of(?) order by month", [day]).df()
    except duckdb.CatalogException as exc:
        raise ValueError(
            f"the warehouse has no calibration panels ({exc}); any writing run (e.g. `selloff refresh`) "
            "applies sql/ and creates them"
        ) from None
    if quarterly.empty or monthly.empty or quarterly["realtime_start"].isna().all():
        when = f"as of {as_of}" if as_of else "in the warehouse"
        raise ValueError(f"no observations {when}: refresh the data (or pick a later --as-of date)")
    vintages = pd.concat([quarterly["realtime_start"], monthly["realtime_start"]]).dropna()
    return Panels(
        quarterly=quarterly,
        monthly=monthly,
        vintage=pd.Timestamp(vintages.max()).date() if len(vintages) else None,
        as_of=as_of,
        design_inputs=read_design_inputs(con, day),
    )


def read_design_inputs(con: duckdb.DuckDBPyConnection, day: date) -> DesignInputs | None:
    """The identified designs' inputs as known on ``day``: daily yields, JGB on US dates, ``ref.*`` event
    tables, the supply panel (the ``*_as_of`` macros). None when the warehouse has no daily yields.

    Read on one DuckDB thread: a parallel ``avg``/``stddev`` adds in varying order, and a last-bit change in
    the supply panel would make the same warehouse give different digits run to run.
    """
    threads = int(con.execute("select current_setting('threads')").fetchone()[0])  # type: ignore[index]
    con.execute("set threads = 1")
    try:
        return _read_design_inputs(con, day)
    finally:
        con.execute(f"set threads = {threads}")


def _read_design_inputs(con: duckdb.DuckDBPyConnection, day: date) -> DesignInputs | None:
    daily = con.execute(
        "select tenor, date, yield_pct from marts.yield_changes_daily_as_of(?) order by tenor, date", [day]
    ).df()
    if daily.empty:
        return None
    jgb = con.execute(
        "select tenor, date, jgb_10y_pct from marts.jgb_yield_on_us_dates_as_of(?) order by tenor, date",
        [day],
    ).df()

    def by_tenor(frame: pd.DataFrame, column: str) -> dict[Tenor, pd.Series]:
        return {
            t: pd.Series(g[column].to_numpy(float), index=pd.DatetimeIndex(pd.to_datetime(g["date"])))
            for t in TENORS
            if len(g := frame[frame["tenor"] == t])
        }

    def ref(name: str) -> pd.DataFrame:
        return con.execute(f"select * from ref.{name}_as_of(?)", [day]).df()  # noqa: S608 - fixed names

    return DesignInputs(
        yields_daily_pct=by_tenor(daily, "yield_pct"),
        jgb_on_us_dates_pct=by_tenor(jgb, "jgb_10y_pct"),
        fed_announcements=ref("fed_balance_sheet_announcements"),
        fx_interventions=ref("mof_fx_interventions"),
        fomc_dates=ref("fomc_statement_dates"),
        supply_quarterly=con.execute(
            "select * from marts.panel_supply_quarterly_as_of(?) order by quarter", [day]
        ).df(),
    )


def load_prior(path: Path | None = None) -> PriorTable:
    """The checked-in prior table (``selloff/data/priors.toml``), or the TOML file at ``path``."""
    if path is None:
        text = resources.files("selloff").joinpath("data/priors.toml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        return parse_prior(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(
            f"prior table {path or 'selloff/data/priors.toml'} is not valid TOML: {exc}"
        ) from None


# ---------------------------------------------------------------------------------------------------
# storing a calibration
# ---------------------------------------------------------------------------------------------------


def store_calibration(con: duckdb.DuckDBPyConnection, result: CalibrationResult, run_id: str) -> None:
    """Write ``result`` into every ``calib.*`` table under ``run_id`` (replacing rows of that run).

    Parameters
    ----------
    con
        A writable connection (the staged copy of the warehouse).
    result
        The calibration (:func:`selloff.calibration.calibrate.calibrate`).
    run_id
        Key of every row; the ``meta.runs`` row is the caller's (the flow records start, status and the
        parent refresh run, see :func:`latest_refresh_run_id`).

    Notes
    -----
    One transaction: either every table holds the run or none does; storing a run again replaces it.
    """
    frames = calibration_frames(result, run_id)
    missing = [t for t in CALIB_TABLES if not _table_exists(con, t)]
    if missing:
        raise WarehouseError(
            f"the warehouse lacks {', '.join(missing)}: write through "
            "selloff.warehouse.publish.staged(), which applies sql/ first"
        )
    with _transaction(con):
        for table in reversed(CALIB_TABLES):
            con.execute(f"delete from {table} where run_id = ?", [run_id])  # noqa: S608 - fixed table list
        for table in CALIB_TABLES:
            frame = frames[table]
            if frame.empty:
                continue
            con.register("calib_incoming", frame)
            try:
                con.execute(f"insert into {table} by name select * from calib_incoming")  # noqa: S608
            finally:
                con.unregister("calib_incoming")
        _store_draws(con, result, run_id)


def store_design_headlines(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, run_id: str) -> None:
    """Write the ``calib.design_headlines`` rows of ``run_id`` (:mod:`selloff.design_headlines`), replacing
    that run's rows, in one transaction."""
    if not _table_exists(con, "calib.design_headlines"):
        raise WarehouseError(
            "the warehouse lacks calib.design_headlines: write through "
            "selloff.warehouse.publish.staged(), which applies sql/ first"
        )
    if set(frame["run_id"]) - {run_id}:
        raise ValueError(f"design headline rows of another run than {run_id!r}")
    with _transaction(con):
        con.execute("delete from calib.design_headlines where run_id = ?", [run_id])
        con.register("calib_incoming", frame)
        try:
            con.execute("insert into calib.design_headlines by name select * from calib_incoming")
        finally:
            con.unregister("calib_incoming")


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return row is not None and row[0] > 0


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def calibration_frames(result: CalibrationResult, run_id: str) -> dict[str, pd.DataFrame]:
    """The rows of every ``calib.*`` table but ``calib.draws`` (stored from arrays), keyed by table."""
    factor = result.bp_per_100bn_factor
    cfg = result.config
    frames: dict[str, pd.DataFrame] = {}
    frames["calib.calibrations"] = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "spec": result.spec,
                "primary_flow": cfg.primary_flow,
                "sample_start": result.sample_start,
                "sample_end": result.sample_end,
                "n_obs": result.n_obs,
                "data_vintage": result.vintage,
                "as_of": result.as_of,
                "reference_quarter": result.reference_quarter,
                "reference_gdp_usd_bn": result.reference_gdp_usd_bn,
                "largest_sale_pct_gdp": result.largest_sale_pct_gdp,
                "largest_sale_quarter": result.largest_sale_quarter,
                "horizons_q": cfg.horizons_q,
                "n_draws": cfg.n_draws,
                "seed": cfg.seed,
                "ci_level": cfg.ci_level,
                "data_method_allowed": result.data_method_allowed,
                "data_method_reason": result.data_method_reason,
                "config": json.dumps(cfg.as_dict()),
                "prior_source": result.prior.source,
                "notes": list(result.notes),
            }
        ]
    )
    parameters = result.parameters_frame()
    parameters.insert(0, "run_id", run_id)
    parameters["ci_level"] = cfg.ci_level
    frames["calib.parameters"] = parameters

    level_z = _normal_quantile(cfg.ci_level)
    irf_rows = []
    for resp in result.responses:
        for k, tenor in enumerate(result.tenors):
            for h in result.horizons_q:
                point = float(resp.irf_point[k, h])
                se = float(resp.irf_std_error[k, h])
                ok = math.isfinite(point)
                weight = float(resp.blend_weight_irf[k, h])
                if resp.method == "data":
                    fit = _fit(result, tenor, int(h))
                    lo, hi = fit.ci(cfg.ci_level) if fit is not None else (math.nan, math.nan)
                else:
                    lo, hi = point - level_z * se, point + level_z * se
                irf_rows.append(
                    {
                        "run_id": run_id,
                        "method": resp.method,
                        "tenor": tenor,
                        "horizon_q": int(h),
                        "estimable": ok,
                        "estimate_bp_per_pct_gdp": point if ok else None,
                        "std_error": se if ok else None,
                        "ci_low": lo if ok else None,
                        "ci_high": hi if ok else None,
                        "estimate_bp_per_100bn": point * factor if ok else None,
                        "blend_weight": weight if math.isfinite(weight) else None,
                        "n_obs": int(resp.n_obs_irf[k, h]) if resp.n_obs_irf[k, h] > 0 else None,
                    }
                )
    frames["calib.impulse_responses"] = pd.DataFrame(irf_rows)
    frames["calib.draws"] = pd.DataFrame()
    frames["calib.covariance"] = _covariance_frame(result, run_id)
    frames["calib.coefficients"], frames["calib.diagnostics"] = _fit_frames(result, run_id)
    frames["calib.d_sensitivity"] = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "flow_measure": r.flow_measure,
                "valuation_basis": FLOW_MEASURE_SPECS[r.flow_measure].valuation_basis,
                "tenor": r.tenor,
                "term": r.term,
                "duration_years": r.duration_years,
                "plausible": r.plausible,
                "estimable": r.estimable,
                "n_obs": r.n_obs,
                "estimate_bp_per_pct_gdp": r.estimate,
                "std_error": r.std_error,
                "estimate_bp_per_100bn": r.estimate * factor if r.estimate is not None else None,
                "note": r.note or None,
            }
            for r in result.d_sensitivity
        ]
    )
    frames["calib.episodes"] = pd.DataFrame([{"run_id": run_id, **e.__dict__} for e in result.episodes])
    frames["calib.regressions"] = pd.DataFrame([{"run_id": run_id, **r.__dict__} for r in result.regressions])
    frames["calib.designs"], frames["calib.combination"] = design_frames(result, run_id)
    return frames


def design_frames(result: CalibrationResult, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``calib.designs`` and ``calib.combination`` rows: bp per 1% of GDP and per $100bn (reference GDP)."""
    f = result.bp_per_100bn_factor
    designs = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "design": r.design,
                "variant": r.variant,
                "tenor": r.tenor,
                "term": r.term,
                "window_days": r.window_days,
                "estimate_bp_per_pct_gdp": r.estimate,
                "ci_low_bp_per_pct_gdp": r.ci_low,
                "ci_high_bp_per_pct_gdp": r.ci_high,
                "estimate_bp_per_100bn": r.estimate * f,
                "ci_low_bp_per_100bn": r.ci_low * f,
                "ci_high_bp_per_100bn": r.ci_high * f,
                "se_combination_bp_per_pct_gdp": r.se_combination,
                "n": r.n,
                "sample_start": r.sample_start,
                "sample_end": r.sample_end,
                "p_value": r.p_value,
                "p_value_method": r.p_value_method,
                "identifying_assumption": r.identifying_assumption,
                "included": r.included,
                "exclusion_reason": r.exclusion_reason or None,
                "note": r.note or None,
                "reference_gdp_usd_bn": result.reference_gdp_usd_bn,
            }
            for r in result.designs
        ]
    )
    z = _normal_quantile(0.90)
    combination = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "tenor": c.tenor,
                "term": c.term,
                "prior_mean_bp_per_pct_gdp": c.prior_mean,
                "prior_sd_bp_per_pct_gdp": c.prior_sd,
                "components": json.dumps({k: {"estimate": b, "se": s} for k, b, s in c.components}),
                "weights": json.dumps({k: w for k, w in c.weights}),
                "estimate_bp_per_pct_gdp": c.estimate,
                "std_error_bp_per_pct_gdp": c.std_error,
                "ci_low_bp_per_pct_gdp": c.estimate - z * c.std_error,
                "ci_high_bp_per_pct_gdp": c.estimate + z * c.std_error,
                "estimate_bp_per_100bn": c.estimate * f,
                "ci_low_bp_per_100bn": (c.estimate - z * c.std_error) * f,
                "ci_high_bp_per_100bn": (c.estimate + z * c.std_error) * f,
                "data_share": c.data_share,
                "label": c.label,
                "reference_gdp_usd_bn": result.reference_gdp_usd_bn,
            }
            for c in result.combination
        ]
    )
    return designs, combination


def _normal_quantile(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


def _fit(result: CalibrationResult, tenor: str, column: int) -> Any:
    for t, c, fit, _ in result.fits:
        if t == tenor and c == column:
            return fit
    return None


def _covariance_frame(result: CalibrationResult, run_id: str) -> pd.DataFrame:
    rows = []
    labels = [(tenor, term) for tenor in result.tenors for term in TERMS]
    for resp in result.responses:
        columns = []
        for k, _tenor in enumerate(result.tenors):
            columns += [resp.irf_draws[:, k, 0], resp.long_run_draws[:, k]]
        draws = np.column_stack(columns)
        finite = np.all(np.isfinite(draws), axis=0)
        cov = np.full((len(labels), len(labels)), np.nan)
        if finite.any():
            cov[np.ix_(finite, finite)] = np.atleast_2d(np.cov(draws[:, finite], rowvar=False))
        sd = np.sqrt(np.diag(cov))
        for i, (tenor_a, term_a) in enumerate(labels):
            for j, (tenor_b, term_b) in enumerate(labels):
                if not math.isfinite(cov[i, j]):
                    continue
                corr = cov[i, j] / (sd[i] * sd[j]) if sd[i] > 0 and sd[j] > 0 else None
                rows.append(
                    {
                        "run_id": run_id,
                        "method": resp.method,
                        "tenor_a": tenor_a,
                        "term_a": term_a,
                        "tenor_b": tenor_b,
                        "term_b": term_b,
                        "covariance": float(cov[i, j]),
                        "correlation": corr,
                    }
                )
    return pd.DataFrame(rows)


def _fit_frames(result: CalibrationResult, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    H = result.config.horizons_q
    coefficients, diagnostics = [], []
    for tenor, column, fit, why in result.fits:
        response = "long_run" if column == H + 1 else f"h{column}"
        term = "impact" if column == 0 else "long_run" if column == H + 1 else None
        if fit is None:
            if term is not None:
                diagnostics.append(
                    {
                        "run_id": run_id,
                        "spec": "primary",
                        "tenor": tenor,
                        "term": term,
                        "statistic": "estimable",
                        "value": 0.0,
                        "p_value": None,
                        "note": why,
                    }
                )
            continue
        for name in fit.names:
            coefficients.append(
                {
                    "run_id": run_id,
                    "tenor": tenor,
                    "response": response,
                    "regressor": name,
                    "estimate": fit.coef(name),
                    "std_error": fit.se(name),
                    "p_value": fit.p_value(name),
                }
            )
        if term is None or fit.diagnostics is None:
            continue
        d = fit.diagnostics
        dropped = f"dropped (no variation): {', '.join(fit.dropped)}" if fit.dropped else None
        stats_rows: list[tuple[str, float, float | None, str | None]] = [
            ("estimable", 1.0, None, dropped),
            ("n_obs", float(fit.n_obs), None, f"{fit.sample_start:%Y-%m}..{fit.sample_end:%Y-%m}"),
            ("r_squared", fit.r_squared, None, None),
            ("durbin_watson", d.durbin_watson, None, None),
            (
                "breusch_godfrey",
                d.breusch_godfrey_lm,
                d.breusch_godfrey_pvalue,
                f"LM, {d.breusch_godfrey_lags} lags",
            ),
            ("jarque_bera", d.jarque_bera, d.jarque_bera_pvalue, None),
            ("cusum_ols", d.cusum, d.cusum_pvalue, "Ploberger-Kramer CUSUM of OLS residuals"),
            ("chow", d.chow_f, d.chow_pvalue, f"break at {d.chow_break:%Y-%m}"),
            ("condition_number", d.condition_number, None, None),
            ("hac_maxlags", float(fit.hac_maxlags), None, "Newey-West, Bartlett kernel"),
        ]
        for statistic, value, p_value, note in stats_rows:
            diagnostics.append(
                {
                    "run_id": run_id,
                    "spec": "primary",
                    "tenor": tenor,
                    "term": term,
                    "statistic": statistic,
                    "value": value if math.isfinite(value) else None,
                    "p_value": p_value if p_value is not None and math.isfinite(p_value) else None,
                    "note": note,
                }
            )
    return pd.DataFrame(coefficients), pd.DataFrame(diagnostics)


def _store_draws(con: duckdb.DuckDBPyConnection, result: CalibrationResult, run_id: str) -> None:
    # long format in, lists built by DuckDB: much faster than handing pandas a column of Python lists
    parts = []
    n_h = len(result.horizons_q)
    for resp in result.responses:
        draws = np.concatenate([resp.irf_draws, resp.long_run_draws[:, :, None]], axis=2)
        B, K, _ = draws.shape
        usable = [k for k in range(K) if np.all(np.isfinite(draws[:, k, :]))]
        if not usable:
            continue
        sub = draws[:, usable, :]
        d_idx, k_idx, h_idx = np.meshgrid(np.arange(B), np.array(usable), np.arange(n_h + 1), indexing="ij")
        parts.append(
            pd.DataFrame(
                {
                    "method": resp.method,
                    "draw": d_idx.ravel().astype(np.int32),
                    "tenor": np.array(result.tenors, dtype=object)[k_idx.ravel()],
                    "h": h_idx.ravel().astype(np.int32),
                    "value": sub.ravel(),
                }
            )
        )
    if not parts:
        return
    con.register("calib_draws_long", pd.concat(parts, ignore_index=True))
    try:
        con.execute(
            """
            insert into calib.draws (run_id, method, draw, tenor, irf_bp_per_pct_gdp, long_run_bp_per_pct_gdp)
            select
                $run_id,
                method,
                draw,
                tenor,
                list(value order by h) filter (where h < $n_h),
                max(value) filter (where h = $n_h)
            from calib_draws_long
            group by method, draw, tenor
            """,
            {"run_id": run_id, "n_h": n_h},
        )
    finally:
        con.unregister("calib_draws_long")


# ---------------------------------------------------------------------------------------------------
# reading back
# ---------------------------------------------------------------------------------------------------


def latest_refresh_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The latest refresh run that loaded data (status ok or partial): the parent of a calibrate run."""
    row = con.execute(
        "select run_id from meta.runs where kind = 'refresh' and status in ('ok', 'partial') "
        "order by finished_at desc nulls last, started_at desc limit 1"
    ).fetchone()
    return None if row is None else str(row[0])


def read_parameters(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """``calib.parameters`` of ``run_id`` (default: the latest successful calibration)."""
    run_id = run_id or latest_calibration_run_id(con)
    return con.execute(
        "select * from calib.parameters where run_id = ? order by tenor, term, units, method", [run_id]
    ).df()


__all__ = ["latest_calibration_run_id", "load_price_impact"]  # read back in impact_store, kept here too
