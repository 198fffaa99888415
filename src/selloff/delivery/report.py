"""The report: one self-contained HTML file, the same content in Markdown, and every table as CSV and Parquet.

:func:`build_report` reads the published warehouse — only the ``report.*`` views (the latest successful
projection and the calibration and refresh it was built on, see ``sql/marts/500_report_lineage.sql``),
plus ``stg.*`` for the history charts and ``meta.runs`` / ``marts.coverage`` for the assumptions — and
writes::

    out_dir/report.html          self-contained: inline CSS and SVG, no script, no network (a CSP forbids it)
    out_dir/report.md            the same sections, tables and numbers; charts as links to charts/*.svg
    out_dir/charts/<name>.svg    every chart
    out_dir/tables/<name>.csv    every table shown in the report, and every report.* view in full
    out_dir/tables/<name>.parquet

The report follows the seed's chain for the headline scenario (Japan sells everything): sale → price
fall → yield rise → interest cost → budget share, with the p5–p95 band of the Monte Carlo draws at each
step, then the detail per scenario, the policy levers, the rate sensitivity beside published rules of
thumb, the binding CBO baseline check, a calibration appendix and the assumptions.

Conventions
-----------
Units are in every column name and header: ``_usd_bn`` / ($bn), ``_bp`` / (bp), ``_pct`` / (%), ``fy`` =
federal fiscal year (October–September, named by the year it ends). A sale is written positive and pushes
yields up; a loss is positive; ``p5``/``p95`` are the 5th/95th percentiles across the projection's draws
(for prices, p5 pairs with the yield's p95). In the HTML every table carries ``data-table`` (its file
name), every row ``data-row-key`` (its key columns joined by ``|``) and every cell ``data-column`` and,
for numbers, ``data-value`` (the unrounded value); numbers in running text carry ``data-figure`` and
``data-value``. Tools can read the figures back and compare them with the warehouse.

Determinism: the output depends only on the warehouse (and the package's pinned baseline facts, which the
warehouse does not hold); the only timestamps are the runs' own, written in UTC. Table queries are static
SQL over the ``report.*`` views; exports go through DuckDB's ``COPY`` with table names from the fixed lists
in this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar, Literal

import duckdb
import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from selloff.delivery import charts
from selloff.projection import bonds
from selloff.projection.baselines import load_baseline
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS

HEADLINE_SCENARIO = "japan-full-dump"
"""The scenario the report's opening chain follows (falls back to the first Japanese sale, then the first)."""

TENORS = ("3m", "1y", "2y", "5y", "10y", "30y")
TENOR_LABELS = {
    "3m": "3-month",
    "1y": "1-year",
    "2y": "2-year",
    "5y": "5-year",
    "10y": "10-year",
    "30y": "30-year",
}

REPORT_VIEWS = (
    "lineage",
    "parameters",
    "impulse_responses",
    "d_sensitivity",
    "episodes",
    "diagnostics",
    "regressions",
    "scenarios",
    "yield_paths",
    "bond_prices",
    "fiscal_annual",
    "mitigations",
    "sensitivity",
    "baseline_check",
)
"""The ``report.*`` views exported in full as ``tables/report_<view>.csv|parquet`` (fixed list: COPY
statements take their table names only from here)."""

REPORT_TITLE = "What happens to Treasury yields and the federal interest bill if a large foreign holder sells"

NO_PROJECTION = "no projection in the warehouse: run `selloff project` (or `selloff run`) first"


class NoProjectionError(ValueError):
    """The warehouse holds no successful projection, so there is nothing to report."""


# --------------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioHeadline:
    """One scenario's headline numbers (``p5``/``p95``: percentiles across the draws)."""

    scenario: str
    title: str
    sale_usd_bn: float
    peak_10y_bp: float
    peak_10y_bp_p5: float
    peak_10y_bp_p95: float
    ten_year_extra_interest_usd_bn: float
    ten_year_extra_interest_usd_bn_p5: float
    ten_year_extra_interest_usd_bn_p95: float
    last_fy: int


@dataclass(frozen=True)
class ReportSummary:
    """What :func:`build_report` wrote and the numbers a caller prints."""

    html_path: Path
    markdown_path: Path
    table_paths: tuple[Path, ...]
    """Every CSV and Parquet file written under ``tables/``."""
    chart_paths: tuple[Path, ...]
    projection_run_id: str
    calibration_run_id: str
    calibration_method: str
    refresh_run_id: str | None
    refresh_source: str | None
    data_vintage: date | None
    baseline: str | None
    package_version: str
    headline_scenario: str
    ten_year_impact_bp_per_100bn: float | None
    """The 10-year yield's impact response to a $100bn sale, bp, of the method feeding projections."""
    ten_year_long_run_bp_per_100bn: float | None
    """The 10-year yield's long-run response to a $100bn sale, bp, of the method feeding projections."""
    scenarios: tuple[ScenarioHeadline, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file written."""
        return (self.html_path, self.markdown_path, *self.chart_paths, *self.table_paths)


# --------------------------------------------------------------------------------------------------
# building the report: read, export, chart, render
# --------------------------------------------------------------------------------------------------


def build_report(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, report_run_id: str | None = None
) -> ReportSummary:
    """Write the report for the latest successful projection in the warehouse behind ``con``.

    Parameters
    ----------
    con
        A connection to the warehouse (read-only is enough). Only the ``report.*`` views, ``stg.*``,
        ``meta.runs`` and ``marts.coverage`` are read, through a cursor of ``con`` (nothing is registered
        on ``con`` itself, and its session settings are left alone). The debt-structure facts of the
        assumptions page come from the package's pinned baseline named on the projection run.
    out_dir
        Directory to write into (created if missing); existing files of the same names are replaced.
    report_run_id
        The report run's id, shown in the lineage footer when given (the report is otherwise identical
        for the same warehouse).

    Returns
    -------
    ReportSummary
        Paths written, the lineage (run ids, data vintage, source, package version) and headline numbers.

    Raises
    ------
    NoProjectionError
        The warehouse holds no successful projection (a :class:`ValueError` whose message names the fix).
    """
    lineage = _lineage(con)
    out_dir = Path(out_dir)
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    (out_dir / "charts").mkdir(parents=True, exist_ok=True)
    baseline_name = None if _is_missing(lineage.get("baseline")) else str(lineage["baseline"])
    baseline_title, baseline_sources, profile, facts = _baseline_frames(baseline_name)
    built_here = {
        PRICE_YIELD.name: (PRICE_YIELD, _price_yield_frame()),
        MATURITY_PROFILE.name: (MATURITY_PROFILE, profile),
        DEBT_FACTS.name: (DEBT_FACTS, facts),
    }

    # A cursor of our own: the frames built here are registered on it, never on the caller's connection,
    # and its session time zone (UTC, for timestamps written to CSV) is its own.
    cur = con.cursor()
    try:
        cur.execute("set session TimeZone = 'UTC'")
        cur.register("_report_published_rules", pd.DataFrame(list(PUBLISHED_RULES)))
        for name, (_, frame) in built_here.items():
            cur.register(f"_report_{name}", frame)
        tables = _write_tables(cur, built_here, out_dir / "tables")
        headline = _headline_scenario(tables.frames["scenarios"])
        order = [headline, *[s for s in tables.frames["scenarios"]["scenario"] if s != headline]]
        data = _chart_data(cur, headline)
    finally:
        cur.close()

    chart_list = _charts(data, tables, headline, order, lineage)
    chart_paths = []
    for chart in chart_list.values():
        path = out_dir / "charts" / f"{chart.name}.svg"
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + str(chart.svg) + "\n", encoding="utf-8")
        chart_paths.append(path)

    sections = _sections(tables, chart_list, data, headline, order, lineage, baseline_title, baseline_sources)
    context = {
        "title": REPORT_TITLE,
        "subtitle": _subtitle(lineage),
        "sections": sections,
        "footer": _footer(lineage, report_run_id),
    }
    html_path = out_dir / "report.html"
    markdown_path = out_dir / "report.md"
    html_path.write_text(_environment().get_template("report.html.j2").render(**context), encoding="utf-8")
    markdown_path.write_text(_markdown_env().get_template("report.md.j2").render(**context), encoding="utf-8")
    return _summary(lineage, tables, headline, order, html_path, markdown_path, chart_paths)


def _sql_string(text: str) -> str:
    """A SQL string literal (COPY cannot bind its file name as a parameter)."""
    if "\x00" in text:
        raise ValueError("a path for COPY cannot contain NUL")
    return "'" + text.replace("'", "''") + "'"


def _copy(cur: duckdb.DuckDBPyConnection, name: str, query: str, directory: Path) -> tuple[str, list[Path]]:
    """``query`` to ``<name>.parquet`` and ``<name>.csv`` through DuckDB's COPY; return the Parquet source.

    The query runs once, into Parquet (which keeps DuckDB's types: dates, JSON, lists); the CSV is
    written from that file, and readers of the table read it too, so every copy holds the same rows.
    """
    parquet, csv = directory / f"{name}.parquet", directory / f"{name}.csv"
    cur.execute(f"copy ({query}) to {_sql_string(str(parquet))} (format parquet)")
    source = f"read_parquet({_sql_string(str(parquet))})"
    cur.execute(f"copy (select * from {source}) to {_sql_string(str(csv))} (format csv, header true)")  # noqa: S608
    return source, [csv, parquet]


def _write_tables(
    cur: duckdb.DuckDBPyConnection, built: Mapping[str, tuple[TableSpec, pd.DataFrame]], directory: Path
) -> _Tables:
    """Every report table and every ``report.*`` view to CSV and Parquet; the tables' frames read back."""
    tables = _Tables()

    def add(spec: TableSpec, query: str) -> pd.DataFrame:
        source, paths = _copy(cur, spec.name, query, directory)
        frame = cur.execute(f"select * from {source}").df()  # noqa: S608 - our own file
        tables.specs[spec.name], tables.frames[spec.name] = spec, frame
        tables.paths += paths
        return frame

    for spec in SQL_TABLES:
        add(spec, str(spec.sql))
    # pivots whose columns come from the data: the spec follows the frame
    frame = add(TableSpec("d_sensitivity", "", (), ()), _D_SENSITIVITY_SQL)
    tables.specs["d_sensitivity"] = _d_sensitivity_spec(frame)
    frame = add(TableSpec("scenario_settings", "", (), ()), _SCENARIO_SETTINGS_SQL)
    tables.specs["scenario_settings"] = _scenario_settings_spec(frame)
    for name, (spec, _) in built.items():
        add(spec, f"select * from _report_{name}")  # noqa: S608 - names from the fixed specs above
    for view in REPORT_VIEWS:
        _, paths = _copy(cur, f"report_{view}", f"select * from report.{view}", directory)  # noqa: S608
        tables.paths += paths
    return tables


def _subtitle(lineage: Mapping[str, object]) -> str:
    vintage = lineage.get("data_vintage")
    vintage_text = format_value(vintage, "date") if not _is_missing(vintage) else "unknown"
    source = lineage.get("refresh_source") or "unknown"
    baseline = lineage.get("baseline") or "unknown"
    return (
        f"Projection {lineage['projection_run_id']} on data as of {vintage_text} (source: {source}), "
        f"baseline {baseline}, price impact: {lineage.get('calibration_method')} calibration."
    )


def _footer(lineage: Mapping[str, object], report_run_id: str | None) -> tuple[FooterItem, ...]:
    items = [
        ("Projection run", "projection_run_id"),
        ("Projected at", "projected_at"),
        ("Calibration run", "calibration_run_id"),
        ("Calibration method", "calibration_method"),
        ("Refresh run", "refresh_run_id"),
        ("Data source", "refresh_source"),
        ("Data vintage", "data_vintage"),
        ("Baseline", "baseline"),
        ("selloff version", "package_version"),
    ]
    footer = [
        FooterItem(label, "–" if _is_missing(lineage.get(key)) else _lineage_text(lineage[key]), key)
        for label, key in items
    ]
    if report_run_id is not None:
        footer.insert(0, FooterItem("Report run", report_run_id, "report_run_id"))
    return tuple(footer)


def _lineage_text(value: object) -> str:
    if isinstance(value, datetime):
        # in UTC whatever the session's time zone, so the footer is the same on every machine
        stamp = value.astimezone(UTC) if value.tzinfo is not None else value
        return stamp.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _summary(
    lineage: Mapping[str, object],
    tables: _Tables,
    headline: str,
    order: Sequence[str],
    html_path: Path,
    markdown_path: Path,
    chart_paths: Sequence[Path],
) -> ReportSummary:
    scenarios = tables.frames["scenarios"]
    impact = tables.frames["price_impact"]
    method = str(lineage["calibration_method"])

    def ten_year(term: str) -> float | None:
        rows = impact.loc[(impact["tenor"] == "10y") & (impact["term"] == term), f"{method}_bp_per_100bn"]
        return None if rows.empty or _is_missing(rows.iloc[0]) else float(rows.iloc[0])

    headlines = []
    for name in order:
        row = _one(scenarios, scenario=name)
        headlines.append(
            ScenarioHeadline(
                scenario=name,
                title=str(row["title"]),
                sale_usd_bn=float(row["sale_usd_bn"]),
                peak_10y_bp=float(row["peak_10y_bp"]),
                peak_10y_bp_p5=float(row["peak_10y_bp_p5"]),
                peak_10y_bp_p95=float(row["peak_10y_bp_p95"]),
                ten_year_extra_interest_usd_bn=float(row["ten_year_extra_interest_usd_bn"]),
                ten_year_extra_interest_usd_bn_p5=float(row["ten_year_extra_interest_usd_bn_p5"]),
                ten_year_extra_interest_usd_bn_p95=float(row["ten_year_extra_interest_usd_bn_p95"]),
                last_fy=int(row["last_fy"]),
            )
        )
    vintage = lineage.get("data_vintage")
    return ReportSummary(
        html_path=html_path,
        markdown_path=markdown_path,
        table_paths=tuple(tables.paths),
        chart_paths=tuple(chart_paths),
        projection_run_id=str(lineage["projection_run_id"]),
        calibration_run_id=str(lineage["calibration_run_id"]),
        calibration_method=method,
        refresh_run_id=None if _is_missing(lineage.get("refresh_run_id")) else str(lineage["refresh_run_id"]),
        refresh_source=None if _is_missing(lineage.get("refresh_source")) else str(lineage["refresh_source"]),
        data_vintage=vintage if isinstance(vintage, date) else None,
        baseline=None if _is_missing(lineage.get("baseline")) else str(lineage["baseline"]),
        package_version=str(lineage["package_version"]),
        headline_scenario=headline,
        ten_year_impact_bp_per_100bn=ten_year("impact"),
        ten_year_long_run_bp_per_100bn=ten_year("long_run"),
        scenarios=tuple(headlines),
    )


# --------------------------------------------------------------------------------------------------
# table specifications: static SQL over the report.* views, with display formats and units
# --------------------------------------------------------------------------------------------------

Fmt = Literal[
    "text", "usd_bn", "bp", "pct", "price", "dec2", "years", "num", "p", "int", "fy", "month", "date", "bool"
]


@dataclass(frozen=True)
class Col:
    """A displayed column: the query's column name, its header (with units) and number format."""

    key: str
    header: str
    fmt: Fmt = "num"
    group: str = ""
    """Header group spanning adjacent columns with the same group (e.g. "Peak" over point/p5/p95)."""
    band: bool = False
    """A p5/p95 column: shown lighter, beside its point value."""


@dataclass(frozen=True)
class TableSpec:
    """A report table: its file name, title, SQL (or a Python-built frame), row key and columns."""

    name: str
    title: str
    key: tuple[str, ...]
    columns: tuple[Col, ...]
    sql: str | None = None
    """Static SQL over the report.* / stg / meta / marts relations; None for frames built here."""
    note: str = ""


def _band(prefix: str, header: str, fmt: Fmt, group: str) -> tuple[Col, Col, Col]:
    """A point value and its p5/p95 band: columns ``prefix``, ``prefix_p5``, ``prefix_p95``."""
    return (
        Col(prefix, header, fmt, group),
        Col(f"{prefix}_p5", "p5", fmt, group, band=True),
        Col(f"{prefix}_p95", "p95", fmt, group, band=True),
    )


_TENOR_ORDER = "['3m', '1y', '2y', '5y', '10y', '30y']"

SCENARIOS = TableSpec(
    name="scenarios",
    title="The scenarios: size of the sale and headline results",
    key=("scenario",),
    sql="""
        select
            scenario,
            title,
            seller,
            sale_usd_bn,
            sale_pct_gdp,
            sale_pct_marketable_debt,
            sale_10y_eq_usd_bn,
            fed_absorption_share * 100 as fed_absorption_pct,
            peak_10y_bp,
            peak_10y_bp_p5,
            peak_10y_bp_p95,
            permanent_share * 100 as permanent_share_pct,
            ten_year_extra_interest_usd_bn,
            ten_year_extra_interest_usd_bn_p5,
            ten_year_extra_interest_usd_bn_p95,
            ten_year_extra_cost_treasury_plus_fed_usd_bn,
            last_fy,
            interest_pct_outlays_last_fy,
            draws,
            warnings
        from report.scenarios
        order by scenario
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        Col("title", "What happens", "text"),
        Col("sale_usd_bn", "$bn", "usd_bn", "Sale"),
        Col("sale_pct_gdp", "% of GDP", "pct", "Sale"),
        Col("sale_pct_marketable_debt", "% of marketable debt", "pct", "Sale"),
        Col("sale_10y_eq_usd_bn", "10-year equivalents ($bn)", "usd_bn", "Sale"),
        Col("fed_absorption_pct", "Fed absorbs (%)", "pct"),
        *_band("peak_10y_bp", "point", "bp", "Peak 10-year yield rise (bp)"),
        Col("permanent_share_pct", "Permanent share of the 10-year rise (%)", "pct"),
        *_band(
            "ten_year_extra_interest_usd_bn",
            "point",
            "usd_bn",
            "Extra net interest over 10 fiscal years ($bn)",
        ),
        Col("ten_year_extra_cost_treasury_plus_fed_usd_bn", "Treasury + Fed, 10 years ($bn)", "usd_bn"),
        Col("last_fy", "Last fiscal year", "fy"),
        Col("interest_pct_outlays_last_fy", "Net interest, last FY (% of outlays)", "pct"),
        Col("draws", "Draws", "int"),
    ),
    note=(
        "10-year equivalents: the sale re-expressed as 10-year notes with the same interest-rate risk "
        "(modified duration). Peak bands are percentiles of each draw's own peak. Permanent share: the "
        "10-year yield's long-run response over its peak (point estimate)."
    ),
)

YIELD_CHANGES = TableSpec(
    name="yield_changes",
    title="Yield change by tenor: at the peak, and at the end of years 1, 3 and 10",
    key=("scenario", "tenor"),
    sql=f"""
        with paths as (
            select
                scenario,
                tenor,
                month,
                shock_bp,
                shock_bp_p5,
                shock_bp_p95,
                row_number() over (partition by scenario, tenor order by month) as month_number,
                -- the peak of the point projection; a tie (a permanent shift) keeps the first month
                row_number() over (
                    partition by scenario, tenor order by abs(shock_bp) desc, month
                ) as peak_rank
            from report.yield_paths
        )

        select
            scenario,
            tenor,
            any_value(month) filter (where peak_rank = 1) as peak_month,
            any_value(shock_bp) filter (where peak_rank = 1) as peak_bp,
            any_value(shock_bp_p5) filter (where peak_rank = 1) as peak_bp_p5,
            any_value(shock_bp_p95) filter (where peak_rank = 1) as peak_bp_p95,
            any_value(shock_bp) filter (where month_number = 12) as year_1_bp,
            any_value(shock_bp_p5) filter (where month_number = 12) as year_1_bp_p5,
            any_value(shock_bp_p95) filter (where month_number = 12) as year_1_bp_p95,
            any_value(shock_bp) filter (where month_number = 36) as year_3_bp,
            any_value(shock_bp_p5) filter (where month_number = 36) as year_3_bp_p5,
            any_value(shock_bp_p95) filter (where month_number = 36) as year_3_bp_p95,
            any_value(shock_bp) filter (where month_number = 120) as year_10_bp,
            any_value(shock_bp_p5) filter (where month_number = 120) as year_10_bp_p5,
            any_value(shock_bp_p95) filter (where month_number = 120) as year_10_bp_p95
        from paths
        group by scenario, tenor
        order by scenario, list_position({_TENOR_ORDER}, tenor)
    """,  # noqa: S608 - the only interpolation is the fixed tenor list above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("peak_month", "Month", "month", "Peak"),
        *_band("peak_bp", "bp", "bp", "Peak"),
        *_band("year_1_bp", "bp", "bp", "End of year 1"),
        *_band("year_3_bp", "bp", "bp", "End of year 3"),
        *_band("year_10_bp", "bp", "bp", "End of year 10"),
    ),
    note=(
        "Scenario minus baseline yield, bp (positive = yields rise). Peak: the month the point projection "
        "peaks, with the draws' p5–p95 in that month. Year k: the 12k-th projected month."
    ),
)

PRICE_CHANGES = TableSpec(
    name="price_changes",
    title="Bond prices: change in the price of a par bond of each maturity",
    key=("scenario", "tenor"),
    sql="""
        with tenors as (
            select
                scenario,
                instrument as tenor,
                maturity_years,
                month,
                price_change_pct,
                price_change_pct_p5,
                price_change_pct_p95,
                row_number() over (
                    partition by scenario, instrument order by price_change_pct, month
                ) as trough_rank,
                row_number() over (partition by scenario, instrument order by month desc) as last_rank
            from report.bond_prices
            where maturity_years is not null
        )

        select
            scenario,
            tenor,
            maturity_years,
            any_value(month) filter (where trough_rank = 1) as trough_month,
            any_value(price_change_pct) filter (where trough_rank = 1) as trough_price_change_pct,
            any_value(price_change_pct_p5) filter (where trough_rank = 1) as trough_price_change_pct_p5,
            any_value(price_change_pct_p95) filter (where trough_rank = 1) as trough_price_change_pct_p95,
            any_value(price_change_pct) filter (where last_rank = 1) as end_price_change_pct,
            any_value(price_change_pct_p5) filter (where last_rank = 1) as end_price_change_pct_p5,
            any_value(price_change_pct_p95) filter (where last_rank = 1) as end_price_change_pct_p95
        from tenors
        group by scenario, tenor, maturity_years
        order by scenario, maturity_years
    """,
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("maturity_years", "Maturity (years)", "years"),
        Col("trough_month", "Month", "month", "Largest fall"),
        *_band("trough_price_change_pct", "%", "pct", "Largest fall"),
        *_band("end_price_change_pct", "%", "pct", "End of horizon"),
    ),
    note=(
        "Percent change in the price of a par bond (the 3-month as a bill) when its yield moves by the "
        "scenario's shock; full repricing, convexity included. p5 is the larger fall."
    ),
)

MTM_LOSSES = TableSpec(
    name="mtm_losses",
    title="Mark-to-market losses: the seller and all foreign holders",
    key=("scenario", "holder"),
    sql="""
        with portfolios as (
            select
                scenario,
                instrument as holder,
                month,
                holdings_usd_bn,
                price_change_pct,
                mtm_loss_usd_bn,
                mtm_loss_usd_bn_p5,
                mtm_loss_usd_bn_p95,
                row_number() over (
                    partition by scenario, instrument order by mtm_loss_usd_bn desc, month
                ) as peak_rank,
                row_number() over (partition by scenario, instrument order by month desc) as last_rank
            from report.bond_prices
            where instrument in ('seller_holdings', 'all_foreign')
        )

        select
            scenario,
            holder,
            case holder
                when 'seller_holdings' then 'the seller, on what it still holds'
                else 'all foreign holders'
            end as holder_label,
            any_value(month) filter (where peak_rank = 1) as peak_month,
            any_value(holdings_usd_bn) filter (where peak_rank = 1) as peak_holdings_usd_bn,
            any_value(price_change_pct) filter (where peak_rank = 1) as peak_price_change_pct,
            any_value(mtm_loss_usd_bn) filter (where peak_rank = 1) as peak_loss_usd_bn,
            any_value(mtm_loss_usd_bn_p5) filter (where peak_rank = 1) as peak_loss_usd_bn_p5,
            any_value(mtm_loss_usd_bn_p95) filter (where peak_rank = 1) as peak_loss_usd_bn_p95,
            any_value(holdings_usd_bn) filter (where last_rank = 1) as end_holdings_usd_bn,
            any_value(mtm_loss_usd_bn) filter (where last_rank = 1) as end_loss_usd_bn,
            any_value(mtm_loss_usd_bn_p5) filter (where last_rank = 1) as end_loss_usd_bn_p5,
            any_value(mtm_loss_usd_bn_p95) filter (where last_rank = 1) as end_loss_usd_bn_p95
        from portfolios
        group by scenario, holder
        order by scenario, holder desc
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        Col("holder_label", "Holder", "text"),
        Col("peak_month", "Month", "month", "Largest loss"),
        Col("peak_holdings_usd_bn", "Holdings ($bn)", "usd_bn", "Largest loss"),
        Col("peak_price_change_pct", "Price change (%)", "pct", "Largest loss"),
        *_band("peak_loss_usd_bn", "Loss ($bn)", "usd_bn", "Largest loss"),
        Col("end_holdings_usd_bn", "Holdings ($bn)", "usd_bn", "End of horizon"),
        *_band("end_loss_usd_bn", "Loss ($bn)", "usd_bn", "End of horizon"),
    ),
    note=(
        "Loss in market value of the face holdings left, $bn (positive = value lost): bills at the 3-month "
        "bill, notes and bonds as a par bond of the marketable debt's average maturity. The seller's loss "
        "stops once it has sold everything."
    ),
)

FISCAL_ANNUAL = TableSpec(
    name="fiscal_annual",
    title="Extra net interest by fiscal year, with its decomposition",
    key=("scenario", "fy"),
    sql="""
        select
            scenario,
            fy,
            baseline_interest_usd_bn,
            scenario_interest_usd_bn,
            delta_interest_usd_bn,
            delta_interest_usd_bn_p5,
            delta_interest_usd_bn_p95,
            cumulative_delta_usd_bn,
            cumulative_delta_usd_bn_p5,
            cumulative_delta_usd_bn_p95,
            rollover_usd_bn,
            deficit_financing_usd_bn,
            snowball_usd_bn,
            fed_remittance_loss_usd_bn,
            treasury_plus_fed_delta_usd_bn
        from report.fiscal_annual
        order by scenario, fy
    """,
    columns=(
        Col("fy", "Fiscal year", "fy"),
        Col("baseline_interest_usd_bn", "Baseline", "usd_bn", "Net interest ($bn)"),
        Col("scenario_interest_usd_bn", "Scenario", "usd_bn", "Net interest ($bn)"),
        *_band("delta_interest_usd_bn", "$bn", "usd_bn", "Extra interest in the year"),
        *_band("cumulative_delta_usd_bn", "$bn", "usd_bn", "Cumulative extra interest"),
        Col("rollover_usd_bn", "Rollover", "usd_bn", "Decomposition ($bn)"),
        Col("deficit_financing_usd_bn", "Deficit financing", "usd_bn", "Decomposition ($bn)"),
        Col("snowball_usd_bn", "Snowball", "usd_bn", "Decomposition ($bn)"),
        Col("fed_remittance_loss_usd_bn", "Fed remittances lost ($bn)", "usd_bn"),
        Col("treasury_plus_fed_delta_usd_bn", "Treasury + Fed ($bn)", "usd_bn"),
    ),
    note=(
        "CBO's net interest concept. Rollover: maturing debt refinanced at the higher yields; deficit "
        "financing: the baseline's new borrowing at the higher yields; snowball: interest on the extra "
        "debt the extra interest itself creates. The three add up to the point projection's extra interest."
    ),
)

BUDGET_SHARES = TableSpec(
    name="budget_shares",
    title="Net interest as a share of GDP, revenues and outlays; debt held by the public",
    key=("scenario", "fy"),
    sql="""
        select
            scenario,
            fy,
            baseline_interest_pct_gdp,
            scenario_interest_pct_gdp,
            baseline_interest_pct_revenues,
            scenario_interest_pct_revenues,
            baseline_interest_pct_outlays,
            scenario_interest_pct_outlays,
            baseline_debt_pct_gdp,
            scenario_debt_pct_gdp,
            scenario_debt_pct_gdp_p5,
            scenario_debt_pct_gdp_p95,
            baseline_avg_rate_pct,
            scenario_avg_rate_pct
        from report.fiscal_annual
        order by scenario, fy
    """,
    columns=(
        Col("fy", "Fiscal year", "fy"),
        Col("baseline_interest_pct_gdp", "Baseline", "pct", "Net interest (% of GDP)"),
        Col("scenario_interest_pct_gdp", "Scenario", "pct", "Net interest (% of GDP)"),
        Col("baseline_interest_pct_revenues", "Baseline", "pct", "Net interest (% of revenues)"),
        Col("scenario_interest_pct_revenues", "Scenario", "pct", "Net interest (% of revenues)"),
        Col("baseline_interest_pct_outlays", "Baseline", "pct", "Net interest (% of outlays)"),
        Col("scenario_interest_pct_outlays", "Scenario", "pct", "Net interest (% of outlays)"),
        Col("baseline_debt_pct_gdp", "Baseline", "pct", "Debt held by the public (% of GDP)"),
        *_band("scenario_debt_pct_gdp", "Scenario", "pct", "Debt held by the public (% of GDP)"),
        Col("baseline_avg_rate_pct", "Baseline", "pct", "Average rate on marketable debt (%)"),
        Col("scenario_avg_rate_pct", "Scenario", "pct", "Average rate on marketable debt (%)"),
    ),
    note="Debt at the end of the fiscal year over fiscal-year GDP; revenues and GDP are the baseline's.",
)

TEN_YEAR_TOTALS = TableSpec(
    name="ten_year_totals",
    title="Ten-year totals and the last year's budget shares",
    key=("scenario",),
    sql="""
        select
            scenario,
            min(fy) as first_fy,
            max(fy) as last_fy,
            sum(delta_interest_usd_bn) as extra_interest_usd_bn,
            arg_max(cumulative_delta_usd_bn_p5, fy) as extra_interest_usd_bn_p5,
            arg_max(cumulative_delta_usd_bn_p95, fy) as extra_interest_usd_bn_p95,
            sum(rollover_usd_bn) as rollover_usd_bn,
            sum(deficit_financing_usd_bn) as deficit_financing_usd_bn,
            sum(snowball_usd_bn) as snowball_usd_bn,
            sum(treasury_plus_fed_delta_usd_bn) as treasury_plus_fed_usd_bn,
            arg_max(baseline_interest_pct_outlays, fy) as last_fy_baseline_interest_pct_outlays,
            arg_max(scenario_interest_pct_outlays, fy) as last_fy_scenario_interest_pct_outlays,
            arg_max(baseline_interest_pct_revenues, fy) as last_fy_baseline_interest_pct_revenues,
            arg_max(scenario_interest_pct_revenues, fy) as last_fy_scenario_interest_pct_revenues,
            arg_max(baseline_interest_pct_gdp, fy) as last_fy_baseline_interest_pct_gdp,
            arg_max(scenario_interest_pct_gdp, fy) as last_fy_scenario_interest_pct_gdp,
            arg_max(baseline_debt_pct_gdp, fy) as last_fy_baseline_debt_pct_gdp,
            arg_max(scenario_debt_pct_gdp, fy) as last_fy_scenario_debt_pct_gdp
        from report.fiscal_annual
        group by scenario
        order by scenario
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        *_band("extra_interest_usd_bn", "$bn", "usd_bn", "Extra net interest, all years"),
        Col("rollover_usd_bn", "Rollover", "usd_bn", "Of which ($bn)"),
        Col("deficit_financing_usd_bn", "Deficit financing", "usd_bn", "Of which ($bn)"),
        Col("snowball_usd_bn", "Snowball", "usd_bn", "Of which ($bn)"),
        Col("treasury_plus_fed_usd_bn", "Treasury + Fed ($bn)", "usd_bn"),
        Col(
            "last_fy_baseline_interest_pct_outlays", "Baseline", "pct", "Last FY: net interest (% of outlays)"
        ),
        Col(
            "last_fy_scenario_interest_pct_outlays", "Scenario", "pct", "Last FY: net interest (% of outlays)"
        ),
        Col(
            "last_fy_baseline_interest_pct_revenues",
            "Baseline",
            "pct",
            "Last FY: net interest (% of revenues)",
        ),
        Col(
            "last_fy_scenario_interest_pct_revenues",
            "Scenario",
            "pct",
            "Last FY: net interest (% of revenues)",
        ),
        Col("last_fy_baseline_debt_pct_gdp", "Baseline", "pct", "Last FY: debt (% of GDP)"),
        Col("last_fy_scenario_debt_pct_gdp", "Scenario", "pct", "Last FY: debt (% of GDP)"),
    ),
    note="The total's band is the last year's cumulative band (percentiles of each draw's own sum).",
)

MITIGATIONS = TableSpec(
    name="mitigations",
    title="Policy levers: the scenario as written, then one lever pulled at a time",
    key=("scenario", "mitigation"),
    sql="""
        select
            scenario,
            mitigation,
            description,
            peak_10y_bp,
            ten_year_delta_treasury_usd_bn,
            ten_year_delta_treasury_plus_fed_usd_bn,
            saving_vs_as_specified_usd_bn
        from report.mitigations
        order by
            scenario,
            list_position(
                ['as_specified', 'fed_purchases', 'gradual_sale', 'fiscal_consolidation', 'issuance_shift'],
                mitigation
            )
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        Col("mitigation", "Lever", "text"),
        Col("description", "What it does", "text"),
        Col("peak_10y_bp", "Peak 10-year rise (bp)", "bp"),
        Col(
            "ten_year_delta_treasury_usd_bn",
            "Treasury only",
            "usd_bn",
            "Extra cost over 10 fiscal years ($bn)",
        ),
        Col(
            "ten_year_delta_treasury_plus_fed_usd_bn",
            "Treasury + Fed",
            "usd_bn",
            "Extra cost over 10 fiscal years ($bn)",
        ),
        Col("saving_vs_as_specified_usd_bn", "Saving vs as written ($bn)", "usd_bn"),
    ),
    note=(
        "Point projections. Treasury + Fed adds the fall in Fed remittances when the Fed finances purchases "
        "with reserves paid the policy rate."
    ),
)

RATE_SENSITIVITY = TableSpec(
    name="rate_sensitivity",
    title="All rates higher for good: extra net interest by fiscal year",
    key=("shift", "fy"),
    sql="""
        select
            scenario as shift,
            shift_bp,
            baseline,
            fy,
            delta_interest_usd_bn,
            cumulative_delta_usd_bn
        from report.sensitivity
        order by shift_bp, fy
    """,
    columns=(
        Col("shift", "Shift", "text"),
        Col("shift_bp", "Shift (bp)", "bp"),
        Col("fy", "Fiscal year", "fy"),
        Col("delta_interest_usd_bn", "Extra net interest ($bn)", "usd_bn"),
        Col("cumulative_delta_usd_bn", "Cumulative ($bn)", "usd_bn"),
    ),
    note="Every Treasury rate shift_bp higher from the first projected month; debt service included.",
)

RULES_OF_THUMB = TableSpec(
    name="rules_of_thumb",
    title="The sensitivity beside published rules of thumb",
    key=("source",),
    sql="""
        with model as (
            select
                shift_bp,
                min(fy) as first_fy,
                max(fy) as last_fy,
                arg_max(cumulative_delta_usd_bn, fy) as model_cumulative_usd_bn
            from report.sensitivity
            group by shift_bp
        )

        select
            published.source,
            published.shift_bp,
            published.published_window,
            published.published_low_usd_bn,
            published.published_high_usd_bn,
            published.status,
            model.first_fy || '–' || model.last_fy as model_window,
            model.model_cumulative_usd_bn,
            published.note
        from _report_published_rules as published
        left join model on model.shift_bp = published.shift_bp
        order by published.shift_bp, published.source
    """,
    columns=(
        Col("source", "Source", "text"),
        Col("shift_bp", "Rates higher by (bp)", "bp"),
        Col("published_window", "Window", "text", "Published"),
        Col("published_low_usd_bn", "Low ($bn)", "usd_bn", "Published"),
        Col("published_high_usd_bn", "High ($bn)", "usd_bn", "Published"),
        Col("status", "Status", "text", "Published"),
        Col("model_window", "Fiscal years", "text", "This model"),
        Col("model_cumulative_usd_bn", "Cumulative ($bn)", "usd_bn", "This model"),
        Col("note", "Comparability", "text"),
    ),
)

BASELINE_CHECK = TableSpec(
    name="baseline_check",
    title="Binding check: the model's baseline net interest against CBO's",
    key=("fy",),
    sql="""
        select
            baseline,
            fy,
            cbo_net_interest_usd_bn,
            model_net_interest_usd_bn,
            diff_usd_bn,
            diff_pct,
            within_tolerance,
            fy = min(fy) over () or fy = max(fy) over () as binding,
            cbo_debt_held_by_public_usd_bn,
            model_debt_held_by_public_usd_bn
        from report.baseline_check
        order by fy
    """,
    columns=(
        Col("fy", "Fiscal year", "fy"),
        Col("cbo_net_interest_usd_bn", "CBO", "usd_bn", "Net interest ($bn)"),
        Col("model_net_interest_usd_bn", "Model", "usd_bn", "Net interest ($bn)"),
        Col("diff_usd_bn", "Difference ($bn)", "usd_bn", "Net interest ($bn)"),
        Col("diff_pct", "Difference (%)", "pct", "Net interest ($bn)"),
        Col("within_tolerance", "Within ±10%", "bool"),
        Col("binding", "Binding year", "bool"),
        Col("cbo_debt_held_by_public_usd_bn", "CBO", "usd_bn", "Debt held by the public ($bn)"),
        Col("model_debt_held_by_public_usd_bn", "Model", "usd_bn", "Debt held by the public ($bn)"),
    ),
    note="The model must land within 10% of CBO in the first and last projected years (binding).",
)

PRICE_IMPACT = TableSpec(
    name="price_impact",
    title="Price impact of a $100bn foreign sale: data, prior and their blend",
    key=("tenor", "term"),
    sql=f"""
        select
            tenor,
            term,
            any_value(estimate) filter (where method = 'data') as data_bp_per_100bn,
            any_value(ci_low) filter (where method = 'data') as data_ci_low_bp_per_100bn,
            any_value(ci_high) filter (where method = 'data') as data_ci_high_bp_per_100bn,
            any_value(array_to_string(flags, ', ')) filter (where method = 'data') as data_flags,
            any_value(estimate) filter (where method = 'prior') as prior_bp_per_100bn,
            any_value(ci_low) filter (where method = 'prior') as prior_ci_low_bp_per_100bn,
            any_value(ci_high) filter (where method = 'prior') as prior_ci_high_bp_per_100bn,
            any_value(estimate) filter (where method = 'blend') as blend_bp_per_100bn,
            any_value(ci_low) filter (where method = 'blend') as blend_ci_low_bp_per_100bn,
            any_value(ci_high) filter (where method = 'blend') as blend_ci_high_bp_per_100bn,
            any_value(blend_weight) filter (where method = 'blend') * 100 as blend_weight_on_data_pct,
            any_value(published_low_bp_per_100bn) as published_low_bp_per_100bn,
            any_value(published_high_bp_per_100bn) as published_high_bp_per_100bn,
            any_value(n_obs) filter (where method = 'data') as n_obs,
            any_value(ci_level) * 100 as ci_level_pct
        from report.parameters
        where units = 'bp per $100bn'
        group by tenor, term
        order by list_position({_TENOR_ORDER}, tenor), term
    """,  # noqa: S608 - the only interpolation is the fixed tenor list above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("term", "Term", "text"),
        Col("data_bp_per_100bn", "bp", "num", "Data only (bp per $100bn)"),
        Col("data_ci_low_bp_per_100bn", "CI low", "num", "Data only (bp per $100bn)", band=True),
        Col("data_ci_high_bp_per_100bn", "CI high", "num", "Data only (bp per $100bn)", band=True),
        Col("data_flags", "Flags", "text", "Data only (bp per $100bn)"),
        Col("prior_bp_per_100bn", "bp", "num", "Literature prior (bp per $100bn)"),
        Col("prior_ci_low_bp_per_100bn", "CI low", "num", "Literature prior (bp per $100bn)", band=True),
        Col("prior_ci_high_bp_per_100bn", "CI high", "num", "Literature prior (bp per $100bn)", band=True),
        Col("blend_bp_per_100bn", "bp", "num", "Blend (bp per $100bn)"),
        Col("blend_ci_low_bp_per_100bn", "CI low", "num", "Blend (bp per $100bn)", band=True),
        Col("blend_ci_high_bp_per_100bn", "CI high", "num", "Blend (bp per $100bn)", band=True),
        Col("blend_weight_on_data_pct", "Weight on data (%)", "pct", "Blend (bp per $100bn)"),
        Col("published_low_bp_per_100bn", "Low", "num", "Published range (bp)"),
        Col("published_high_bp_per_100bn", "High", "num", "Published range (bp)"),
        Col("n_obs", "N (quarters)", "int"),
    ),
    note=(
        "bp per $100bn sold at the calibration's reference GDP; positive = yields rise. Impact: the quarter "
        "of the sale; long run: the mean response 6–8 quarters out. The blend is the precision-weighted "
        "(Theil–Goldberger) mix of data and prior. Confidence intervals at the calibration's level."
    ),
)

PERSISTENCE = TableSpec(
    name="persistence",
    title="Persistence: long-run share of the impact and half-life",
    key=("tenor", "method"),
    sql=f"""
        select
            tenor,
            method,
            any_value(estimate) filter (where term = 'long_run_share') * 100 as long_run_share_pct,
            any_value(ci_low) filter (where term = 'long_run_share') * 100 as long_run_share_ci_low_pct,
            any_value(ci_high) filter (where term = 'long_run_share') * 100 as long_run_share_ci_high_pct,
            any_value(estimate) filter (where term = 'half_life') as half_life_q,
            any_value(note) filter (where term = 'half_life') as half_life_note
        from report.parameters
        where term in ('long_run_share', 'half_life')
        group by tenor, method
        order by list_position({_TENOR_ORDER}, tenor), list_position(['data', 'prior', 'blend'], method)
    """,  # noqa: S608 - the only interpolation is the fixed tenor list above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("method", "Method", "text"),
        Col("long_run_share_pct", "%", "pct", "Long run / impact"),
        Col("long_run_share_ci_low_pct", "CI low", "pct", "Long run / impact", band=True),
        Col("long_run_share_ci_high_pct", "CI high", "pct", "Long run / impact", band=True),
        Col("half_life_q", "Half-life (quarters)", "num"),
        Col("half_life_note", "Note", "text"),
    ),
)

IMPULSE_RESPONSES = TableSpec(
    name="impulse_responses",
    title="Impulse responses of the method feeding projections (bp per sale of 1% of GDP)",
    key=("horizon_q",),
    sql="""
        select
            horizon_q,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '3m') as bp_per_pct_gdp_3m,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '1y') as bp_per_pct_gdp_1y,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '2y') as bp_per_pct_gdp_2y,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '5y') as bp_per_pct_gdp_5y,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '10y') as bp_per_pct_gdp_10y,
            any_value(ci_low) filter (where tenor = '10y') as ci_low_10y,
            any_value(ci_high) filter (where tenor = '10y') as ci_high_10y,
            any_value(estimate_bp_per_pct_gdp) filter (where tenor = '30y') as bp_per_pct_gdp_30y
        from report.impulse_responses
        where method = (select calibration_method from report.lineage)
        group by horizon_q
        order by horizon_q
    """,
    columns=(
        Col("horizon_q", "Quarters after the sale", "int"),
        Col("bp_per_pct_gdp_3m", "3m", "num", "bp per 1% of GDP sold"),
        Col("bp_per_pct_gdp_1y", "1y", "num", "bp per 1% of GDP sold"),
        Col("bp_per_pct_gdp_2y", "2y", "num", "bp per 1% of GDP sold"),
        Col("bp_per_pct_gdp_5y", "5y", "num", "bp per 1% of GDP sold"),
        Col("bp_per_pct_gdp_10y", "10y", "num", "bp per 1% of GDP sold"),
        Col("ci_low_10y", "10y CI low", "num", "bp per 1% of GDP sold", band=True),
        Col("ci_high_10y", "10y CI high", "num", "bp per 1% of GDP sold", band=True),
        Col("bp_per_pct_gdp_30y", "30y", "num", "bp per 1% of GDP sold"),
    ),
    note="Cumulative local-projection responses h quarters after a one-quarter sale; positive = yields rise.",
)

STABILITY = TableSpec(
    name="stability",
    title="Stability of the 10-year flow coefficient: full sample, subsamples, rolling windows",
    key=("spec", "sample_label", "term"),
    sql="""
        select
            spec,
            sample_label,
            term,
            flow_measure,
            frequency,
            units,
            sample_start,
            sample_end,
            n_obs,
            estimate,
            ci_low,
            ci_high,
            r_squared,
            note
        from report.regressions
        where tenor = '10y'
        order by spec, term, sample_start, sample_label
    """,
    columns=(
        Col("spec", "Specification", "text"),
        Col("sample_label", "Sample", "text"),
        Col("term", "Term", "text"),
        Col("units", "Units", "text"),
        Col("n_obs", "N", "int"),
        Col("estimate", "Estimate", "num"),
        Col("ci_low", "CI low", "num", band=True),
        Col("ci_high", "CI high", "num", band=True),
        Col("r_squared", "R²", "num"),
        Col("note", "Note", "text"),
    ),
)

DIAGNOSTICS = TableSpec(
    name="diagnostics",
    title="Diagnostics of the primary 10-year regressions",
    key=("spec", "statistic"),
    sql="""
        select
            spec,
            statistic,
            any_value(value) filter (where term = 'impact') as impact_value,
            any_value(p_value) filter (where term = 'impact') as impact_p_value,
            any_value(note) filter (where term = 'impact') as impact_note,
            any_value(value) filter (where term = 'long_run') as long_run_value,
            any_value(p_value) filter (where term = 'long_run') as long_run_p_value,
            any_value(note) filter (where term = 'long_run') as long_run_note
        from report.diagnostics
        where tenor = '10y'
        group by spec, statistic
        order by
            spec,
            list_position(
                [
                    'estimable', 'n_obs', 'r_squared', 'durbin_watson', 'breusch_godfrey', 'jarque_bera',
                    'cusum_ols', 'chow', 'condition_number', 'hac_maxlags'
                ],
                statistic
            )
    """,
    columns=(
        Col("statistic", "Statistic", "text"),
        Col("impact_value", "Value", "num", "Impact"),
        Col("impact_p_value", "p-value", "p", "Impact"),
        Col("impact_note", "Note", "text", "Impact"),
        Col("long_run_value", "Value", "num", "Long run"),
        Col("long_run_p_value", "p-value", "p", "Long run"),
        Col("long_run_note", "Note", "text", "Long run"),
    ),
    note=(
        "The long run's errors overlap by construction, so its serial-correlation tests reject; "
        "its HAC lags cover the overlap."
    ),
)

EPISODES = TableSpec(
    name="episodes",
    title="Episode replay: what each method implies for known foreign sales (10-year yield)",
    key=("episode",),
    sql="""
        select
            episode,
            any_value(baseline_month) as baseline_month,
            any_value(end_month) as end_month,
            any_value(sale_usd_bn) as sale_usd_bn,
            any_value(sale_pct_gdp) as sale_pct_gdp,
            any_value(implied_bp) filter (where method = 'data') as data_implied_bp,
            any_value(implied_bp) filter (where method = 'prior') as prior_implied_bp,
            any_value(implied_bp) filter (where method = 'blend') as blend_implied_bp,
            any_value(implied_p5_bp) filter (where method = 'blend') as blend_implied_bp_p5,
            any_value(implied_p95_bp) filter (where method = 'blend') as blend_implied_bp_p95,
            any_value(actual_monthly_bp) as actual_monthly_bp,
            any_value(actual_published_bp) as actual_published_bp,
            any_value(description) as description,
            any_value(confounders) as confounders
        from report.episodes
        where tenor = '10y'
        group by episode
        order by baseline_month, episode
    """,
    columns=(
        Col("episode", "Episode", "text"),
        Col("baseline_month", "From", "month"),
        Col("end_month", "To", "month"),
        Col("sale_usd_bn", "Sale ($bn)", "usd_bn"),
        Col("sale_pct_gdp", "Sale (% of GDP)", "pct"),
        Col("data_implied_bp", "Data", "bp", "Implied 10-year move (bp)"),
        Col("prior_implied_bp", "Prior", "bp", "Implied 10-year move (bp)"),
        Col("blend_implied_bp", "Blend", "bp", "Implied 10-year move (bp)"),
        Col("blend_implied_bp_p5", "p5", "bp", "Implied 10-year move (bp)", band=True),
        Col("blend_implied_bp_p95", "p95", "bp", "Implied 10-year move (bp)", band=True),
        Col("actual_monthly_bp", "Monthly average", "bp", "Actual move (bp)"),
        Col("actual_published_bp", "Published", "bp", "Actual move (bp)"),
        Col("description", "What happened", "text"),
        Col("confounders", "Confounders", "text"),
    ),
)

COVERAGE = TableSpec(
    name="coverage",
    title="Data coverage of every stored series",
    key=("dataset",),
    sql="""
        select dataset, title, units, frequency, first_date, last_date, n_observations, n_null, breaks
        from marts.coverage
        order by dataset
    """,
    columns=(
        Col("dataset", "Series", "text"),
        Col("title", "Title", "text"),
        Col("units", "Units", "text"),
        Col("frequency", "Freq.", "text"),
        Col("first_date", "First", "date"),
        Col("last_date", "Last", "date"),
        Col("n_observations", "Observations", "int"),
        Col("n_null", "Missing", "int"),
        Col("breaks", "Breaks and notes", "text"),
    ),
)

RUN_SETTINGS = TableSpec(
    name="run_settings",
    title="Every setting recorded on the runs behind this report",
    key=("setting",),
    sql="""
        with chain as (
            select 'refresh' as kind, refresh_run_id as run_id from report.lineage
            union all
            select 'calibrate', calibration_run_id from report.lineage
            union all
            select 'project', projection_run_id from report.lineage
        ),

        nodes as (
            select chain.kind, tree.id, tree.parent, tree.type, tree.fullkey, tree.value
            from chain
            inner join meta.runs as runs on runs.run_id = chain.run_id
            cross join json_tree(runs.settings) as tree
        ),

        leaves as (
            -- scalars, and arrays as one value (their elements are not listed one by one)
            select node.kind, substr(node.fullkey, 3) as setting, node.value::varchar as value
            from nodes as node
            left join nodes as parent on parent.kind = node.kind and parent.id = node.parent
            where node.type <> 'OBJECT' and coalesce(parent.type, '') <> 'ARRAY'
        )

        select
            setting,
            any_value(value) filter (where kind = 'refresh') as refresh,
            any_value(value) filter (where kind = 'calibrate') as calibrate,
            any_value(value) filter (where kind = 'project') as project
        from leaves
        group by setting
        order by setting
    """,
    columns=(
        Col("setting", "Setting", "text"),
        Col("refresh", "Refresh run", "text"),
        Col("calibrate", "Calibration run", "text"),
        Col("project", "Projection run", "text"),
    ),
    note="As recorded in meta.runs.settings (JSON; secrets are never recorded). Blank: not set on that run.",
)

# The scenario settings are pivoted to one column per scenario at build time (see _scenario_settings).
_SCENARIO_SETTINGS_SQL = """
    with nodes as (
        select scenarios.scenario, tree.id, tree.parent, tree.type, tree.fullkey, tree.value
        from report.scenarios as scenarios
        cross join json_tree(scenarios.spec_json) as tree
    ),

    leaves as (
        select node.scenario, substr(node.fullkey, 3) as setting, node.value::varchar as value
        from nodes as node
        left join nodes as parent on parent.scenario = node.scenario and parent.id = node.parent
        where node.type <> 'OBJECT' and coalesce(parent.type, '') <> 'ARRAY'
    )

    select * from (pivot leaves on scenario using any_value(value) group by setting)
    order by setting
"""

_D_SENSITIVITY_SQL = """
    select * from (
        pivot (
            select flow_measure, valuation_basis, term, duration_years, estimate_bp_per_pct_gdp
            from report.d_sensitivity
            where tenor = '10y'
        )
        on duration_years
        using any_value(estimate_bp_per_pct_gdp)
        group by flow_measure, valuation_basis, term
    )
    order by flow_measure, term
"""

SQL_TABLES: tuple[TableSpec, ...] = (
    SCENARIOS,
    YIELD_CHANGES,
    PRICE_CHANGES,
    MTM_LOSSES,
    FISCAL_ANNUAL,
    BUDGET_SHARES,
    TEN_YEAR_TOTALS,
    MITIGATIONS,
    RATE_SENSITIVITY,
    RULES_OF_THUMB,
    BASELINE_CHECK,
    PRICE_IMPACT,
    PERSISTENCE,
    IMPULSE_RESPONSES,
    STABILITY,
    DIAGNOSTICS,
    EPISODES,
    COVERAGE,
    RUN_SETTINGS,
)

# --------------------------------------------------------------------------------------------------
# published rules of thumb (for the sensitivity table) — sources as read, unconfirmed items marked
# --------------------------------------------------------------------------------------------------

PUBLISHED_RULES: tuple[dict[str, object], ...] = (
    {
        "source": "CBO (March 2025), How Changes in Economic Conditions Might Affect the Federal Budget: "
        "2025 to 2035, publication 61249",
        "shift_bp": 10.0,
        "published_window": "FY2026–2035",
        "published_low_usd_bn": 184.0,
        "published_high_usd_bn": 388.0,
        "status": "range confirmed; the rate scenario's own figure unconfirmed",
        "note": "All rates 0.1 point higher each year than CBO's January 2025 forecast. $184bn–$388bn is "
        "the range across CBO's four 0.1-point scenarios (productivity, labour force, interest rates, "
        "inflation), as read on cbo.gov; the interest-rate scenario's own total was not in the text read. "
        "Same baseline and window as this model.",
    },
    {
        "source": "CRFB (19 April 2018), What If Interest Rates Are 1 Point Higher? $1.9 Trillion in Extra "
        "Costs (blog)",
        "shift_bp": 100.0,
        "published_window": "ten years to 2028",
        "published_low_usd_bn": 1900.0,
        "published_high_usd_bn": 1900.0,
        "status": "confirmed (crfb.org text)",
        "note": "On CBO's April 2018 baseline, when debt held by the public was $15T rising to $29T — about "
        "half of today's — so a like-for-like figure now is roughly twice as large.",
    },
    {
        "source": "CBO (January 2017) rule of thumb, as cited by CRFB (2018)",
        "shift_bp": 100.0,
        "published_window": "ten years (to 2027, inferred)",
        "published_low_usd_bn": 1600.0,
        "published_high_usd_bn": 1600.0,
        "status": "secondary (cited by CRFB; CBO text not read)",
        "note": "Older, smaller baseline; shown for the order of magnitude only.",
    },
)

# --------------------------------------------------------------------------------------------------
# rendering model: tables, paragraphs with figures, charts, sections
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    column: str
    value: str | None
    """Unrounded value for ``data-value`` (None for text)."""
    numeric: bool
    band: bool


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class HeaderGroup:
    label: str
    span: int


@dataclass(frozen=True)
class HeaderCell:
    """An HTML header cell: grouped columns get a spanning cell on top, ungrouped ones span both rows."""

    label: str
    colspan: int
    rowspan: int
    numeric: bool
    band: bool


@dataclass(frozen=True)
class RenderedTable:
    kind: ClassVar[str] = "table"
    name: str
    title: str
    note: str
    top: tuple[HeaderCell, ...]
    bottom: tuple[HeaderCell, ...]
    """Second header row (empty when no column is grouped)."""
    md_headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Num:
    """A number inside running text, with its unrounded value and a stable name (``data-figure``)."""

    text: str
    value: str
    figure: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    parts: tuple[str | Num, ...]
    style: Literal["p", "note", "warning", "lead"] = "p"


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[Paragraph, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Chart:
    kind: ClassVar[str] = "chart"
    name: str
    title: str
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Group:
    """A titled group of blocks: open or collapsed (``<details>``) in HTML, a sub-heading in Markdown."""

    kind: ClassVar[str] = "group"
    title: str
    blocks: tuple[Block, ...]
    open: bool = True


Block = RenderedTable | Paragraph | Bullets | Chart | Group


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FooterItem:
    label: str
    value: str
    figure: str


@dataclass
class _Tables:
    """Fetched frames by table name, and the specs to render and export them."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    specs: dict[str, TableSpec] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)
    """Every CSV and Parquet file written."""


# --------------------------------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------------------------------

_MINUS = "\u2212"


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _decimals(value: float, fmt: Fmt) -> int:
    size = abs(value)
    if fmt == "usd_bn":
        return 0 if size >= 100 else 1 if size >= 1 else 2
    if fmt == "bp":
        return 0 if size >= 10 else 1
    if fmt == "pct":
        return 1 if size >= 10 else 2
    if fmt in ("price", "dec2"):
        return 2
    return 0 if size >= 1000 else 1 if size >= 10 else 2 if size >= 0.1 else 3


def format_value(value: object, fmt: Fmt) -> str:
    """How a value is shown in the report.

    Parameters
    ----------
    value
        A number, date, bool, text or list; None / NaN / NaT are missing.
    fmt
        The column's format: ``usd_bn`` (0 decimals from $100bn, 1 from $1bn, else 2), ``bp`` (0 from
        10 bp, else 1), ``pct`` (1 from 10%, else 2), ``dec2``/``price`` (2), ``num`` (by size), ``p``
        (p-values), ``int``, ``fy``, ``years``, ``month``, ``date``, ``bool`` or ``text``.

    Returns
    -------
    str
        Thousands separators, a true minus sign (U+2212), exact zero as ``0``; missing as an en dash.
    """
    if _is_missing(value):
        return "–"
    if fmt == "text":
        if isinstance(value, list | tuple | np.ndarray):
            return ", ".join(str(v) for v in value)
        return str(value)
    if fmt == "bool":
        return "yes" if bool(value) else "no"
    if fmt in ("month", "date"):
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
        return stamp.strftime("%Y-%m") if fmt == "month" else stamp.strftime("%Y-%m-%d")
    number = float(value)  # type: ignore[arg-type]
    if fmt == "fy":
        return str(round(number))
    if fmt == "int":
        text = f"{round(number):,}"
    elif fmt == "years":
        text = f"{number:g}"
    elif fmt == "p":
        text = "<0.001" if number < 0.001 else f"{number:.3f}"
    else:
        decimals = _decimals(number, fmt)
        text = "0" if number == 0 else f"{number:,.{decimals}f}"
        if float(text.replace(",", "")) == 0:
            text = text.lstrip("-")  # "-0.0" reads as a sign error
    return text.replace("-", _MINUS)


def _raw(value: object, fmt: Fmt) -> str | None:
    """The unrounded value for ``data-value``: shortest round-trip float text, ISO dates, true/false."""
    if fmt == "text" or _is_missing(value):
        return None
    if fmt == "bool":
        return "true" if bool(value) else "false"
    if fmt in ("month", "date"):
        return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if fmt in ("fy", "int") and number.is_integer() else repr(number)


def _key_part(value: object) -> str:
    if isinstance(value, datetime | pd.Timestamp):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def row_key(values: Iterable[object]) -> str:
    """The ``data-row-key`` of a row: its key columns' values joined by ``|``."""
    return "|".join(_key_part(v) for v in values)


def render_table(
    spec: TableSpec, frame: pd.DataFrame, *, title: str | None = None, note: str | None = None
) -> RenderedTable:
    """The display form of ``frame`` under ``spec``: formatted cells with their unrounded values.

    Parameters
    ----------
    spec
        The table's columns (with units and formats) and row key.
    frame
        The rows to show (all of the table, or one scenario's).
    title, note
        Override the spec's title and note (e.g. to name the scenario).

    Returns
    -------
    RenderedTable
        Header rows (grouped columns under a spanning cell), Markdown headers and the rows.

    Raises
    ------
    ValueError
        ``frame`` lacks a column the spec displays or keys on.
    """
    missing = [c.key for c in spec.columns if c.key not in frame.columns] + [
        k for k in spec.key if k not in frame.columns
    ]
    if missing:
        raise ValueError(f"table {spec.name}: the query has no column(s) {missing}")
    columns = spec.columns
    groups: list[HeaderGroup] = []
    for col in columns:
        if groups and col.group and groups[-1].label == col.group:
            groups[-1] = HeaderGroup(col.group, groups[-1].span + 1)
        else:
            groups.append(HeaderGroup(col.group, 1))
    grouped = any(g.label for g in groups)
    top: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    position = 0
    for group in groups:
        members = columns[position : position + group.span]
        position += group.span
        if grouped and group.label:
            top.append(HeaderCell(group.label, group.span, 1, True, False))
            bottom += [HeaderCell(c.header, 1, 1, c.fmt not in ("text", "bool"), c.band) for c in members]
        else:
            top += [
                HeaderCell(c.header, 1, 2 if grouped else 1, c.fmt not in ("text", "bool"), c.band)
                for c in members
            ]
    rows = []
    key_values = frame[list(spec.key)].itertuples(index=False, name=None)
    value_columns = [frame[c.key].tolist() for c in columns]
    for i, key in enumerate(key_values):
        cells = tuple(
            Cell(
                text=format_value(value_columns[j][i], col.fmt),
                column=col.key,
                value=_raw(value_columns[j][i], col.fmt),
                numeric=col.fmt not in ("text", "bool"),
                band=col.band,
            )
            for j, col in enumerate(columns)
        )
        rows.append(Row(key=row_key(key), cells=cells))
    return RenderedTable(
        name=spec.name,
        title=spec.title if title is None else title,
        note=spec.note if note is None else note,
        top=tuple(top),
        bottom=tuple(bottom),
        md_headers=tuple(f"{c.group}: {c.header}" if c.group else c.header for c in columns),
        numeric=tuple(c.fmt not in ("text", "bool") for c in columns),
        rows=tuple(rows),
    )


def _num(value: object, fmt: Fmt, figure: str) -> Num:
    return Num(text=format_value(value, fmt), value=_raw(value, fmt) or "", figure=figure)


# --------------------------------------------------------------------------------------------------
# reading the warehouse
# --------------------------------------------------------------------------------------------------


def _lineage(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The one row of ``report.lineage``, or :class:`NoProjectionError` naming the fix."""
    try:
        cursor = con.execute("select * from report.lineage")
        row = cursor.fetchone()
        names = [d[0] for d in cursor.description or ()]
        scenarios = con.execute("select count(*) from report.scenarios").fetchone()
    except duckdb.CatalogException as exc:
        first_line = exc.args[0].splitlines()[0] if exc.args else str(exc)
        raise NoProjectionError(f"{NO_PROJECTION} (the warehouse has no report views: {first_line})") from exc
    if row is None:
        raise NoProjectionError(NO_PROJECTION)
    if scenarios is None or scenarios[0] == 0:
        raise NoProjectionError(f"{NO_PROJECTION} (the latest projection run stored no scenarios)")
    return dict(zip(names, row, strict=True))


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def _scenario_settings_spec(frame: pd.DataFrame) -> TableSpec:
    scenarios = sorted(c for c in frame.columns if c != "setting")
    return TableSpec(
        name="scenario_settings",
        title="Scenario settings (the validated scenario files, as stored with the projection)",
        key=("setting",),
        sql=_SCENARIO_SETTINGS_SQL,
        columns=(Col("setting", "Setting", "text"), *(Col(s, s, "text") for s in scenarios)),
        note="Amounts in $bn, shares 0–1, months counted from the first projected month.",
    )


def _d_sensitivity_spec(frame: pd.DataFrame) -> TableSpec:
    durations = sorted(
        (c for c in frame.columns if c not in ("flow_measure", "valuation_basis", "term")), key=float
    )
    group = "bp per 1% of GDP sold, by assumed duration D (years)"
    return TableSpec(
        name="d_sensitivity",
        title="Identification: the 10-year flow coefficient against the assumed duration D",
        key=("flow_measure", "term"),
        sql=_D_SENSITIVITY_SQL,
        columns=(
            Col("flow_measure", "Flow measure", "text"),
            Col("valuation_basis", "Valuation", "text"),
            Col("term", "Term", "text"),
            *(Col(d, f"D = {float(d):g}", "num", group) for d in durations),
        ),
        note=(
            "Market-value holdings are valuation-adjusted by adding back D × holdings × yield change, which "
            "puts the yield change on both sides of the regression: the sign can flip with D. Face-value "
            "custody flows do not depend on D (the same number across the row)."
        ),
    )


def _price_yield_frame() -> pd.DataFrame:
    """The seed's arithmetic beside longer bonds: $100 face, 3% annual coupon, bought at $90.

    Bond maths is :mod:`selloff.projection.bonds` (pure); nothing here comes from the warehouse.
    """
    coupon, price = 3.0, 90.0
    rows = []
    for years in (1, 2, 10, 30):
        ytm = bonds.yield_from_price(price, coupon, float(years), frequency=1)
        rows.append(
            {
                "maturity_years": float(years),
                "coupon_pct": coupon,
                "price_usd": price,
                "yield_pct": ytm,
                "yield_rise_bp": (ytm - coupon) * 100.0,
                "modified_duration_years": bonds.modified_duration(coupon, coupon, float(years), frequency=1),
                "price_after_100bp_usd": bonds.price_from_yield(
                    coupon + 1.0, coupon, float(years), frequency=1
                ),
            }
        )
    return pd.DataFrame(rows)


PRICE_YIELD = TableSpec(
    name="price_yield",
    title="Price ↔ yield: the seed's one-year example beside 2-, 10- and 30-year bonds",
    key=("maturity_years",),
    columns=(
        Col("maturity_years", "Maturity (years)", "years"),
        Col("coupon_pct", "Coupon (%)", "dec2"),
        Col("price_usd", "Price paid ($ per $100 face)", "price"),
        Col("yield_pct", "Yield to maturity (%)", "dec2"),
        Col("yield_rise_bp", "Yield above the coupon (bp)", "bp"),
        Col("modified_duration_years", "Modified duration at par (years)", "num"),
        Col("price_after_100bp_usd", "Price if the yield rises from 3% to 4% ($)", "price"),
    ),
    note=(
        "Annual coupons, priced on a coupon date. One year: (103 − 90)/90 = 14.44%. The same $10 price "
        "fall is a much smaller yield rise on a long bond, and a given yield rise moves a long bond's price "
        "much more."
    ),
)

MATURITY_PROFILE = TableSpec(
    name="maturity_profile",
    title="Marketable debt held by the public at the start, by type",
    key=("security_type",),
    columns=(
        Col("security_type", "Type", "text"),
        Col("held_by_public_usd_bn", "Held by the public ($bn)", "usd_bn"),
        Col("share_pct", "Share of marketable (%)", "pct"),
        Col("avg_rate_pct", "Average interest rate (%)", "pct"),
    ),
)

DEBT_FACTS = TableSpec(
    name="debt_facts",
    title="Debt-structure facts the legacy cohorts are rebuilt to match",
    key=("fact",),
    columns=(
        Col("fact", "Fact", "text"),
        Col("value", "Value", "num"),
        Col("units", "Units", "text"),
        Col("as_of", "As of", "date"),
        Col("source", "Source", "text"),
    ),
)


def _baseline_frames(baseline_name: str | None) -> tuple[str, dict[str, str], pd.DataFrame, pd.DataFrame]:
    """The pinned baseline's title, sources and debt structure (package data, not the warehouse)."""
    if baseline_name is None:
        return (
            "",
            {},
            pd.DataFrame(columns=[c.key for c in MATURITY_PROFILE.columns]),
            pd.DataFrame(columns=[c.key for c in DEBT_FACTS.columns]),
        )
    baseline = load_baseline(baseline_name)
    debt = baseline.debt
    shares = debt.type_shares()
    profile = pd.DataFrame(
        {
            "security_type": list(debt.marketable_usd_bn),
            "held_by_public_usd_bn": list(debt.marketable_usd_bn.values()),
            "share_pct": [shares[t] * 100.0 for t in debt.marketable_usd_bn],
            "avg_rate_pct": [debt.avg_rate_pct[t] for t in debt.marketable_usd_bn],
        }
    )
    facts = pd.DataFrame(
        [
            {
                "fact": f.name,
                "value": f.value,
                "units": f.units,
                "as_of": pd.Timestamp(f.as_of),
                "source": f.source,
            }
            for f in debt.facts.values()
        ]
    )
    return baseline.title, dict(baseline.sources), profile, facts


# --------------------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("selloff.delivery", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _md_cell(text: object) -> str:
    """Markdown-safe cell text: pipes escaped, line breaks flattened."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("selloff.delivery", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = _md_cell
    return env


# --------------------------------------------------------------------------------------------------
# chart data and charts
# --------------------------------------------------------------------------------------------------

_HOLDINGS_SQL = """
    select date, country as holder, holdings_usd_bn
    from stg.tic_holdings
    where country in ('Japan', 'China, Mainland', 'Grand Total') and holdings_usd_bn is not null
    union all
    -- TREAST is a quarterly average in $ millions (a stand-in for the Fed's end-of-quarter holdings)
    select
        date,
        'Federal Reserve' as holder,
        case unit_scale when 'usd_mn' then value / 1000 when 'usd_bn' then value end as holdings_usd_bn
    from stg.observations
    where series_id = 'TREAST' and value is not null and unit_scale in ('usd_mn', 'usd_bn')
    order by holder, date
"""

_YIELDS_SQL = """
    select date, tenor, yield_pct
    from stg.yields_monthly
    where date >= date '2000-01-01' and tenor in ('3m', '2y', '10y', '30y')
    order by tenor, date
"""


def _chart(name: str, title: str, svg: str, caption: str) -> Chart:
    return Chart(name=name, title=title, svg=Markup(svg), caption=caption)


_HEADLINE_10Y_SQL = """
    select month, shock_bp, shock_bp_p5, shock_bp_p95
    from report.yield_paths
    where scenario = ? and tenor = '10y'
    order by month
"""

_ALL_10Y_SQL = """
    select scenario, month, shock_bp, shock_bp_p5, shock_bp_p95
    from report.yield_paths
    where tenor = '10y'
    order by scenario, month
"""

_IRF_SQL = """
    select method, tenor, horizon_q, estimate_bp_per_pct_gdp, ci_low, ci_high
    from report.impulse_responses
    where estimable
    order by method, tenor, horizon_q
"""

_D_CHART_SQL = """
    select flow_measure || ' · ' || term as series, duration_years, estimate_bp_per_pct_gdp
    from report.d_sensitivity
    where tenor = '10y' and estimable
    order by series, duration_years
"""

_ROLLING_SQL = """
    select term, sample_end, estimate, ci_low, ci_high
    from report.regressions
    where tenor = '10y' and spec = 'primary/rolling' and estimable
    order by term, sample_end
"""


@dataclass(frozen=True)
class _ChartData:
    holdings: pd.DataFrame
    yields: pd.DataFrame
    headline_10y: pd.DataFrame
    all_10y: pd.DataFrame
    irf: pd.DataFrame
    d_chart: pd.DataFrame
    rolling: pd.DataFrame


def _chart_data(con: duckdb.DuckDBPyConnection, headline: str) -> _ChartData:
    return _ChartData(
        holdings=_fetch(con, _HOLDINGS_SQL),
        yields=_fetch(con, _YIELDS_SQL),
        headline_10y=con.execute(_HEADLINE_10Y_SQL, [headline]).df(),
        all_10y=_fetch(con, _ALL_10Y_SQL),
        irf=_fetch(con, _IRF_SQL),
        d_chart=_fetch(con, _D_CHART_SQL),
        rolling=_fetch(con, _ROLLING_SQL),
    )


_HOLDERS = ("Grand Total", "Japan", "China, Mainland", "Federal Reserve")
_HOLDER_LABELS = {
    "Grand Total": "all foreign holders (TIC)",
    "China, Mainland": "China (mainland)",
    "Federal Reserve": "Federal Reserve (TREAST, quarterly average)",
}


def _charts(
    data: _ChartData, tables: _Tables, headline: str, order: Sequence[str], lineage: Mapping[str, object]
) -> dict[str, Chart]:
    scenarios = tables.frames["scenarios"]
    titles = {str(r.scenario): str(r.title) for r in scenarios.itertuples()}
    fiscal = tables.frames["fiscal_annual"]
    head_fiscal = _for(fiscal, headline)
    method = str(lineage["calibration_method"])
    irf = data.irf
    out: dict[str, Chart] = {}

    def add(name: str, title: str, caption: str, make: Callable[[], str]) -> None:
        out[name] = _chart(name, title, make(), caption)

    add(
        "holdings_history",
        "Who holds Treasuries: foreign holders and the Fed ($bn)",
        "TIC major foreign holders (end of month, market value) and the Fed's Treasury holdings (TREAST).",
        lambda: charts.line_chart(
            data.holdings,
            x="date",
            y="holdings_usd_bn",
            series="holder",
            title="Holdings of Treasury securities ($bn)",
            y_label="$bn",
            order=_HOLDERS,
            labels=_HOLDER_LABELS,
        ),
    )
    add(
        "yields_history",
        "Treasury yields since 2000 (%)",
        "Monthly averages, percent (FRED TB3MS on a discount basis; GS2, GS10, GS30 constant maturity).",
        lambda: charts.line_chart(
            data.yields,
            x="date",
            y="yield_pct",
            series="tenor",
            title="Treasury yields, monthly average (%)",
            y_label="%",
            order=("3m", "2y", "10y", "30y"),
            labels=TENOR_LABELS,
        ),
    )
    add(
        "headline_10y_fan",
        f"10-year yield shock: {titles[headline]}",
        "Scenario minus baseline 10-year yield, bp; band: p5–p95 of the draws in each month.",
        lambda: charts.fan_chart(
            data.headline_10y,
            x="month",
            low="shock_bp_p5",
            mid="shock_bp",
            high="shock_bp_p95",
            title=f"10-year yield vs baseline (bp): {titles[headline]}",
            y_label="bp",
        ),
    )
    add(
        "all_10y_fans",
        "10-year yield shock, every scenario",
        "Each panel on its own scale; band: p5–p95 of the draws.",
        lambda: charts.fan_grid(
            data.all_10y,
            panel="scenario",
            x="month",
            low="shock_bp_p5",
            mid="shock_bp",
            high="shock_bp_p95",
            title="10-year yield vs baseline (bp), by scenario",
            y_label="bp",
            order=order,
            panel_titles=titles,
        ),
    )
    add(
        "headline_interest_fan",
        f"Cumulative extra net interest: {titles[headline]}",
        "Running sum of extra net interest by fiscal year, $bn; band: p5–p95 of each draw's running sum.",
        lambda: charts.fan_chart(
            head_fiscal,
            x="fy",
            low="cumulative_delta_usd_bn_p5",
            mid="cumulative_delta_usd_bn",
            high="cumulative_delta_usd_bn_p95",
            title=f"Cumulative extra net interest ($bn): {titles[headline]}",
            y_label="$bn",
        ),
    )
    add(
        "headline_decomposition",
        f"Where the extra interest comes from: {titles[headline]}",
        "Extra net interest per fiscal year, $bn: rollover, deficit financing, snowball (point projection).",
        lambda: charts.stacked_bars(
            head_fiscal,
            x="fy",
            parts=(
                ("rollover_usd_bn", "rollover"),
                ("deficit_financing_usd_bn", "deficit financing"),
                ("snowball_usd_bn", "snowball"),
            ),
            total=("delta_interest_usd_bn", "total"),
            title=f"Extra net interest by fiscal year ($bn): {titles[headline]}",
            y_label="$bn",
        ),
    )
    add(
        "all_interest_fans",
        "Cumulative extra net interest, every scenario",
        "Each panel on its own scale, $bn by fiscal year; band: p5–p95 of the draws.",
        lambda: charts.fan_grid(
            fiscal,
            panel="scenario",
            x="fy",
            low="cumulative_delta_usd_bn_p5",
            mid="cumulative_delta_usd_bn",
            high="cumulative_delta_usd_bn_p95",
            title="Cumulative extra net interest ($bn), by scenario",
            y_label="$bn",
            order=order,
            panel_titles=titles,
        ),
    )
    add(
        "irf_by_tenor",
        f"Impulse responses by tenor ({method})",
        "Cumulative response h quarters after a sale of 1% of GDP, bp, with confidence bands.",
        lambda: charts.bands_chart(
            irf.loc[irf["method"] == method],
            x="horizon_q",
            group="tenor",
            mid="estimate_bp_per_pct_gdp",
            low="ci_low",
            high="ci_high",
            title=f"Yield response to a sale of 1% of GDP, {method} (bp)",
            y_label="bp",
            x_label="quarters after the sale",
            order=TENORS,
        ),
    )
    add(
        "irf_10y_methods",
        "The 10-year response: data, prior and blend",
        "The data-only response against the literature prior and their blend, bp per sale of 1% of GDP.",
        lambda: charts.bands_chart(
            irf.loc[irf["tenor"] == "10y"],
            x="horizon_q",
            group="method",
            mid="estimate_bp_per_pct_gdp",
            low="ci_low",
            high="ci_high",
            title="10-year yield response to a sale of 1% of GDP (bp)",
            y_label="bp",
            x_label="quarters after the sale",
            order=("data", "prior", "blend"),
        ),
    )
    add(
        "d_sensitivity",
        "The 10-year flow coefficient against the assumed duration",
        "bp per sale of 1% of GDP by flow measure and term, as the assumed duration D of holdings varies.",
        lambda: charts.bands_chart(
            data.d_chart,
            x="duration_years",
            group="series",
            mid="estimate_bp_per_pct_gdp",
            low=None,
            high=None,
            title="10-year coefficient by assumed duration D (bp per 1% of GDP)",
            y_label="bp per 1% of GDP",
            x_label="assumed duration D (years)",
        ),
    )
    add(
        "rolling_10y",
        "Rolling-window estimates of the 10-year coefficient",
        "Ten-year rolling windows of the primary regression, by window end, with confidence bands.",
        lambda: charts.bands_chart(
            data.rolling,
            x="sample_end",
            group="term",
            mid="estimate",
            low="ci_low",
            high="ci_high",
            title="10-year coefficient, rolling 10-year windows (bp per 1% of GDP)",
            y_label="bp per 1% of GDP",
            x_label="end of window",
            order=("impact", "long_run"),
        ),
    )
    return out


# --------------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------------


def _headline_scenario(scenarios: pd.DataFrame) -> str:
    names = scenarios["scenario"].tolist()
    if HEADLINE_SCENARIO in names:
        return HEADLINE_SCENARIO
    japan = scenarios.loc[scenarios["seller"] == "Japan", "scenario"].tolist()
    return str(japan[0] if japan else names[0])


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    """The single row of ``frame`` matching ``where`` (a lookup, not arithmetic)."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    rows = frame.loc[mask]
    if len(rows) != 1:
        raise ValueError(f"expected one row where {where}, found {len(rows)}")
    return rows.iloc[0]


def _for(frame: pd.DataFrame, scenario: str) -> pd.DataFrame:
    return frame.loc[frame["scenario"] == scenario]


def _p(*parts: str | Num, style: Literal["p", "note", "warning", "lead"] = "p") -> Paragraph:
    """A paragraph; a negative amount written after a literal "$" reads "−$16.6bn", not "$−16.6bn"."""
    fixed: list[str | Num] = list(parts)
    for i in range(1, len(fixed)):
        before, part = fixed[i - 1], fixed[i]
        if not (isinstance(part, Num) and part.text.startswith(_MINUS)):
            continue
        if isinstance(before, str) and before.endswith("$"):
            fixed[i - 1] = before[:-1]
            fixed[i] = replace(part, text=f"{_MINUS}${part.text[1:]}")
    return Paragraph(parts=tuple(fixed), style=style)


def _per_scenario(
    tables: _Tables, name: str, order: Sequence[str], titles: Mapping[str, str], headline: str
) -> tuple[Block, ...]:
    """One table per scenario (the headline open, the others collapsed in HTML)."""
    spec, frame = tables.specs[name], tables.frames[name]
    blocks: list[Block] = []
    for scenario in order:
        table = render_table(spec, _for(frame, scenario), title=f"{spec.title} — {titles[scenario]}")
        blocks.append(
            Group(title=f"{titles[scenario]} ({scenario})", blocks=(table,), open=scenario == headline)
        )
    return tuple(blocks)


def _table(tables: _Tables, name: str) -> RenderedTable:
    return render_table(tables.specs[name], tables.frames[name])


def _chain(tables: _Tables, headline: str, lineage: Mapping[str, object]) -> tuple[Block, ...]:
    """The seed's chain for the headline scenario, every number with its band."""
    s = _one(tables.frames["scenarios"], scenario=headline)
    price = _one(tables.frames["price_changes"], scenario=headline, tenor="10y")
    all_foreign = _one(tables.frames["mtm_losses"], scenario=headline, holder="all_foreign")
    sellers = _for(tables.frames["mtm_losses"], headline)
    sellers = sellers.loc[sellers["holder"] == "seller_holdings"]
    y10 = _one(tables.frames["yield_changes"], scenario=headline, tenor="10y")
    totals = _one(tables.frames["ten_year_totals"], scenario=headline)
    last_fy = int(totals["last_fy"])
    last = _one(tables.frames["fiscal_annual"], scenario=headline, fy=last_fy)
    h = f"headline.{headline}"

    def n(row: pd.Series, column: str, fmt: Fmt) -> Num:
        return _num(row[column], fmt, f"{h}.{column}")

    steps = (
        _p(
            f"The sale: {s['title']}. That is $",
            n(s, "sale_usd_bn", "usd_bn"),
            "bn of Treasuries, ",
            n(s, "sale_pct_gdp", "pct"),
            "% of GDP and ",
            n(s, "sale_pct_marketable_debt", "pct"),
            "% of marketable debt; in interest-rate risk, as much as $",
            n(s, "sale_10y_eq_usd_bn", "usd_bn"),
            "bn of 10-year notes.",
        ),
        _p(
            "Sale → price fall. Other investors must take on that interest-rate risk, and prices fall until "
            "they will: at the worst point (",
            n(price, "trough_month", "month"),
            ") the price of a 10-year note is ",
            n(price, "trough_price_change_pct", "pct"),
            "% against the baseline path (p5–p95: ",
            n(price, "trough_price_change_pct_p5", "pct"),
            "% to ",
            n(price, "trough_price_change_pct_p95", "pct"),
            "%). All foreign holders lose $",
            n(all_foreign, "peak_loss_usd_bn", "usd_bn"),
            "bn in market value at the worst point (p5–p95: $",
            n(all_foreign, "peak_loss_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(all_foreign, "peak_loss_usd_bn_p95", "usd_bn"),
            *(
                ("bn); the seller loses up to $", n(sellers.iloc[0], "peak_loss_usd_bn", "usd_bn"))
                if len(sellers) == 1
                else ("bn)",)
            ),
            "bn on what it has not yet sold." if len(sellers) == 1 else ".",
        ),
        _p(
            "Price fall → yield rise. The same coupons for a lower price are a higher yield: the 10-year "
            "yield peaks ",
            n(s, "peak_10y_bp", "bp"),
            " bp above the baseline (p5–p95 of the draws' peaks: ",
            n(s, "peak_10y_bp_p5", "bp"),
            " to ",
            n(s, "peak_10y_bp_p95", "bp"),
            " bp). ",
            n(s, "permanent_share_pct", "pct"),
            "% of the rise is permanent: ten years on, the 10-year yield is still ",
            n(y10, "year_10_bp", "bp"),
            " bp higher (p5–p95: ",
            n(y10, "year_10_bp_p5", "bp"),
            " to ",
            n(y10, "year_10_bp_p95", "bp"),
            " bp).",
        ),
        _p(
            "Yield rise → interest cost. Coupons on debt already issued do not change; the cost arrives as "
            "maturing debt is refinanced and deficits are financed at the higher yields: $",
            n(totals, "extra_interest_usd_bn", "usd_bn"),
            f"bn of extra net interest over FY{int(totals['first_fy'])}–{last_fy} (p5–p95: $",
            n(totals, "extra_interest_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(totals, "extra_interest_usd_bn_p95", "usd_bn"),
            "bn), of which rollover $",
            n(totals, "rollover_usd_bn", "usd_bn"),
            "bn, deficit financing $",
            n(totals, "deficit_financing_usd_bn", "usd_bn"),
            "bn and the snowball (interest on the extra interest) $",
            n(totals, "snowball_usd_bn", "usd_bn"),
            f"bn. In FY{last_fy} alone: $",
            n(last, "delta_interest_usd_bn", "usd_bn"),
            "bn (p5–p95: $",
            n(last, "delta_interest_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(last, "delta_interest_usd_bn_p95", "usd_bn"),
            "bn).",
        ),
        _p(
            f"Interest cost → budget share. In FY{last_fy} net interest takes ",
            n(totals, "last_fy_scenario_interest_pct_outlays", "pct"),
            "% of federal outlays instead of ",
            n(totals, "last_fy_baseline_interest_pct_outlays", "pct"),
            "% on the baseline, and ",
            n(totals, "last_fy_scenario_interest_pct_revenues", "pct"),
            "% of revenues instead of ",
            n(totals, "last_fy_baseline_interest_pct_revenues", "pct"),
            "%; debt held by the public reaches ",
            n(totals, "last_fy_scenario_debt_pct_gdp", "pct"),
            "% of GDP instead of ",
            n(totals, "last_fy_baseline_debt_pct_gdp", "pct"),
            "%.",
        ),
    )
    blocks: list[Block] = [
        _p(
            f"{s['title']}: the 10-year yield peaks about ",
            _num(s["peak_10y_bp"], "bp", f"{h}.lead.peak_10y_bp"),
            " bp higher and the federal government pays about $",
            _num(totals["extra_interest_usd_bn"], "usd_bn", f"{h}.lead.extra_interest_usd_bn"),
            f"bn more in net interest over FY{int(totals['first_fy'])}–{last_fy} — with wide uncertainty. "
            "The chain, step by step (point projection, with the 5th–95th percentiles of "
            f"{int(s['draws']):,} Monte Carlo draws):",
            style="lead",
        ),
        Bullets(items=steps, ordered=True),
    ]
    blocks.append(_seed_paragraph(tables, price, s))
    blocks.append(_honesty_paragraph(tables, lineage))
    if _warnings(s):
        blocks.append(_p("Warning — " + _warning_text(headline, _warnings(s)) + ".", style="warning"))
    return tuple(blocks)


def _warnings(scenario: pd.Series) -> list[str]:
    value = scenario["warnings"]
    return [] if value is None or not len(value) else [str(w) for w in value]


def _warning_text(scenario: str, warnings: Sequence[str]) -> str:
    """One scenario's warnings as one sentence, named once (the projection prefixes some already)."""
    text = "; ".join(warnings)
    return text if text.startswith(f"{scenario}:") else f"{scenario}: {text}"


def _seed_paragraph(tables: _Tables, price_10y: pd.Series, scenario: pd.Series) -> Paragraph:
    seed = _one(tables.frames["price_yield"], maturity_years=1.0)
    long_bond = _one(tables.frames["price_yield"], maturity_years=30.0)
    interest = bonds.annual_interest_usd_bn(100.0, float(seed["yield_pct"]))
    return _p(
        "The seed's arithmetic, for scale: a one-year bond with $100 face value and a 3% coupon bought for "
        "$90 yields (103 − 90)/90 = ",
        _num(seed["yield_pct"], "dec2", "seed.yield_pct"),
        "%, and $100bn borrowed at that yield costs $",
        _num(interest, "dec2", "seed.interest_usd_bn"),
        "bn a year instead of $3bn — a ",
        _num(seed["yield_rise_bp"], "bp", "seed.yield_rise_1y_bp"),
        " bp yield rise. The same $10 price fall on a 30-year bond is a rise of only ",
        _num(long_bond["yield_rise_bp"], "bp", "seed.yield_rise_30y_bp"),
        " bp (table in Bond prices). The price falls projected here are smaller — ",
        _num(price_10y["trough_price_change_pct"], "pct", "seed.projected_10y_price_change_pct"),
        "% on the 10-year note at worst — and so is the yield rise: ",
        _num(scenario["peak_10y_bp"], "bp", "seed.projected_peak_10y_bp"),
        " bp at the peak.",
        style="note",
    )


_FLAG_WORDS = {
    "insignificant": "not significantly different from zero",
    "wrong_sign": "of the wrong sign",
    "above_published_range": "above the published range",
    "below_published_range": "below the published range",
}


def _flags_in_words(flags: Sequence[str]) -> str:
    """Calibration flags (calib.parameters.flags) in words, e.g. "of the wrong sign and below the …"."""
    words = [_FLAG_WORDS.get(flag, flag.replace("_", " ")) for flag in flags]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _honesty_paragraph(tables: _Tables, lineage: Mapping[str, object]) -> Paragraph:
    impact = _one(tables.frames["price_impact"], tenor="10y", term="impact")
    long_run = _one(tables.frames["price_impact"], tenor="10y", term="long_run")
    method = str(lineage["calibration_method"])
    flags = [] if _is_missing(impact["data_flags"]) else str(impact["data_flags"]).split(", ")
    verdict = (
        f" bp — {_flags_in_words(flags)}, so not to be used on its own —"
        if flags
        else " bp, of the expected sign, significant and within the published range,"
    )
    parts: list[str | Num] = [
        "How sure is this? On our data alone the 10-year impact of a $100bn sale is ",
        _num(impact["data_bp_per_100bn"], "num", "honesty.data_impact_10y_bp_per_100bn"),
        f"{verdict} and the long-run estimate has a 90% confidence interval from ",
        _num(long_run["data_ci_low_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_low"),
        " to ",
        _num(long_run["data_ci_high_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_high"),
        " bp. ",
    ]
    if method == "blend":
        weights_pct = [float(row["blend_weight_on_data_pct"]) for row in (long_run, impact)]
        reading = (
            "so the projections are prior-driven: read them as what the published evidence implies, "
            "checked against our data. "
            if max(weights_pct) < 50.0
            else "so data and literature both shape the projections. "
        )
        parts += [
            "The blend of data and literature prior puts ",
            _num(long_run["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_long_run_pct"),
            "% weight on the data for the long run and ",
            _num(impact["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_impact_pct"),
            "% for the impact, " + reading,
        ]
    elif method == "prior":
        parts.append("The projections use the literature prior alone. ")
    else:
        parts.append(
            "The projections use the data-only estimate"
            + (", against the advice of its flags. " if flags else ". ")
        )
    parts.append(
        "Sales far beyond anything in the calibration sample are linear extrapolations of the calibrated "
        "response: no market-functioning breakdown, no Fed reaction unless the scenario says so."
    )
    return Paragraph(parts=tuple(parts), style="note")


def _background(data: _ChartData, charts_: Mapping[str, Chart]) -> tuple[Block, ...]:
    latest = data.holdings.sort_values("date").groupby("holder").tail(1).set_index("holder")
    parts: list[str | Num] = ["At the latest data, "]
    pieces = []
    for holder, label in (
        ("Japan", "Japan held $"),
        ("China, Mainland", "China $"),
        ("Grand Total", "all foreign holders together $"),
        ("Federal Reserve", "and the Fed (latest quarter in the snapshot) $"),
    ):
        if holder in latest.index:
            row = latest.loc[holder]
            pieces.append(
                (
                    label,
                    _num(row["holdings_usd_bn"], "usd_bn", f"background.{holder}.holdings_usd_bn"),
                    f"bn ({format_value(row['date'], 'month')})",
                )
            )
    for i, (label, number, tail) in enumerate(pieces):
        parts += [label, number, tail, ", " if i < len(pieces) - 1 else "."]
    return (
        Paragraph(parts=tuple(parts)),
        charts_["holdings_history"],
        _p(
            "TIC holdings are at market value: when yields rise they fall without anyone selling, which is "
            "why the calibration prefers face-value custody flows (appendix).",
            style="note",
        ),
        charts_["yields_history"],
    )


def _sensitivity_text(tables: _Tables) -> Paragraph:
    rules = tables.frames["rules_of_thumb"]
    parts: list[str | Num] = []
    for shift, text in ((10.0, "+10 bp"), (100.0, "+100 bp")):
        rows = rules.loc[rules["shift_bp"] == shift]
        if rows.empty or _is_missing(rows.iloc[0]["model_cumulative_usd_bn"]):
            continue
        row = rows.iloc[0]
        parts += [
            f"All rates {text} for good add $",
            _num(row["model_cumulative_usd_bn"], "usd_bn", f"sensitivity.{int(shift)}bp.cumulative_usd_bn"),
            f"bn of net interest over FY{row['model_window']} here. ",
        ]
    parts.append(
        "CBO's four 0.1-point scenarios add $184bn–$388bn to 2026–35 deficits (publication 61249; the "
        "interest-rate scenario's own figure was not in the text we could read, so it is marked "
        "unconfirmed). CRFB's +1 point ≈ $1.9 trillion (2018) was on a debt about half today's, so the "
        "model's larger +100 bp figure is the expected order of magnitude."
    )
    return Paragraph(parts=tuple(parts))


def _baseline_text(tables: _Tables) -> Paragraph:
    check = tables.frames["baseline_check"]
    binding = check.loc[check["binding"]]
    parts: list[str | Num] = ["Binding years: "]
    for i, row in enumerate(binding.to_dict("records")):
        fy = int(row["fy"])
        parts += [
            f"FY{fy} model $",
            _num(row["model_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.model_usd_bn"),
            "bn against CBO's $",
            _num(row["cbo_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.cbo_usd_bn"),
            "bn (",
            _num(row["diff_pct"], "pct", f"baseline_check.{fy}.diff_pct"),
            "%, " + ("within" if row["within_tolerance"] else "OUTSIDE") + " ±10%)",
            "; " if i < len(binding) - 1 else ". ",
        ]
    parts.append(
        "The model rebuilds the legacy debt from historical issuance and refinances it at CBO's rate "
        "paths; landing near CBO's net interest is what makes its scenario differences credible."
    )
    ok = bool(binding["within_tolerance"].all()) if not binding.empty else False
    return Paragraph(parts=tuple(parts), style="p" if ok else "warning")


def _sections(
    tables: _Tables,
    charts_: Mapping[str, Chart],
    data: _ChartData,
    headline: str,
    order: Sequence[str],
    lineage: Mapping[str, object],
    baseline_title: str,
    baseline_sources: Mapping[str, str],
) -> tuple[Section, ...]:
    scenarios = tables.frames["scenarios"]
    titles = {str(r.scenario): str(r.title) for r in scenarios.itertuples()}
    head_title = titles[headline]
    warning_items = tuple(
        _p(_warning_text(name, _warnings(_one(scenarios, scenario=name))))
        for name in order
        if _warnings(_one(scenarios, scenario=name))
    )
    sections = [
        Section("summary", f"The chain: {head_title}", _chain(tables, headline, lineage)),
        Section("background", "Who holds Treasuries, and what yields have done", _background(data, charts_)),
        Section(
            "scenarios",
            "Scenarios",
            (
                _table(tables, "scenarios"),
                *(
                    (_p("Warnings raised by the projection:"), Bullets(items=warning_items))
                    if warning_items
                    else ()
                ),
            ),
        ),
        Section(
            "yields",
            "Yields: how far, at which maturities, for how long",
            (
                charts_["headline_10y_fan"],
                *_per_scenario(tables, "yield_changes", order, titles, headline),
                charts_["all_10y_fans"],
            ),
        ),
        Section(
            "prices",
            "Bond prices and mark-to-market losses",
            (
                _table(tables, "price_yield"),
                *_per_scenario(tables, "price_changes", order, titles, headline),
                _table(tables, "mtm_losses"),
            ),
        ),
        Section(
            "interest",
            "The interest bill: extra net interest by fiscal year",
            (
                charts_["headline_interest_fan"],
                charts_["headline_decomposition"],
                _table(tables, "ten_year_totals"),
                *_per_scenario(tables, "fiscal_annual", order, titles, headline),
                charts_["all_interest_fans"],
            ),
        ),
        Section(
            "budget",
            "Budget shares: interest against GDP, revenues and outlays; debt",
            _per_scenario(tables, "budget_shares", order, titles, headline),
        ),
        Section(
            "mitigations",
            "What policy can do",
            (
                _p(
                    "Each lever is pulled alone on the scenario as written: the Fed buying (part of) the "
                    "sale, the same sale spread out, a fiscal consolidation, and the Treasury issuing bills "
                    "instead of coupons. Fed purchases cost the Treasury less but the Fed pays interest on "
                    "the reserves it creates, so both costs are shown."
                ),
                _table(tables, "mitigations"),
            ),
        ),
        Section(
            "sensitivity",
            "Sensitivity: all rates higher, beside published rules of thumb",
            (_sensitivity_text(tables), _table(tables, "rules_of_thumb"), _table(tables, "rate_sensitivity")),
        ),
        Section(
            "baseline-check",
            "Binding check against CBO's baseline",
            (_baseline_text(tables), _table(tables, "baseline_check")),
        ),
        Section("calibration", "Appendix A — Calibration", _calibration(tables, charts_, lineage)),
        Section(
            "assumptions",
            "Appendix B — Assumptions",
            _assumptions(tables, lineage, baseline_title, baseline_sources),
        ),
    ]
    return tuple(sections)


def _calibration(
    tables: _Tables, charts_: Mapping[str, Chart], lineage: Mapping[str, object]
) -> tuple[Block, ...]:
    method = str(lineage["calibration_method"])
    return (
        _p(
            "Quarterly changes in each tenor's yield (bp) are regressed on net foreign sales scaled by GDP, "
            "with controls for the policy rate, Fed purchases, debt supply and the lagged yield change, and "
            "Newey–West standard errors; local projections give the response over 0–8 quarters. Because "
            "the data speak weakly, a literature prior (published estimates, rescaled to today's market) is "
            "mixed with the data by precision (Theil–Goldberger). The projections use the ",
            method,
            " estimates.",
        ),
        _honesty_paragraph(tables, lineage),
        _table(tables, "price_impact"),
        _table(tables, "persistence"),
        charts_["irf_by_tenor"],
        _table(tables, "impulse_responses"),
        charts_["irf_10y_methods"],
        charts_["d_sensitivity"],
        _table(tables, "d_sensitivity"),
        charts_["rolling_10y"],
        _table(tables, "stability"),
        _table(tables, "diagnostics"),
        _p(
            "Episode replay: the move each method implies for known foreign sales, beside what yields did. "
            "Every episode is confounded (see the last column); none is a clean test."
        ),
        _table(tables, "episodes"),
    )


def _assumptions(
    tables: _Tables, lineage: Mapping[str, object], baseline_title: str, baseline_sources: Mapping[str, str]
) -> tuple[Block, ...]:
    return (
        _p(
            f"Fiscal baseline: {lineage.get('baseline')} — {baseline_title}. CBO's budget concepts "
            "throughout "
            "(net interest, revenues and outlays as in CBO's Table 1-1); fiscal years run October–September. "
            "The projection starts from CBO's end-of-FY2025 debt and refinances it month by month at the "
            "baseline's (or the scenario's) yields by tenor."
        ),
        Bullets(items=tuple(_p(f"{k}: {v}") for k, v in sorted(baseline_sources.items()))),
        _table(tables, "maturity_profile"),
        _table(tables, "debt_facts"),
        _p(
            "Foreign holdings of notes and bonds are assumed to have the marketable debt's average "
            "maturity, ",
            _num(HOLDINGS_MATURITY_YEARS, "years", "assumptions.holdings_maturity_years"),
            " years (TIC does not publish it); this sets the 10-year equivalents and the mark-to-market "
            "losses. These debt-structure facts are the package's pinned baseline data (the version in the "
            "footer), not rows of the warehouse.",
            style="note",
        ),
        _table(tables, "scenario_settings"),
        _table(tables, "run_settings"),
        _table(tables, "coverage"),
    )
