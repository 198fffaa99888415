"""Assembling the report: read the lineage, write every table, draw the charts, render the templates.

:func:`build_report` reads the published warehouse — only the ``report.*`` views (the latest successful
projection and the calibration and refresh it was built on, see ``sql/marts/500_report_lineage.sql``),
plus ``stg.*`` for the history charts and ``meta.runs`` / ``marts.coverage`` for the assumptions — and
writes::

    out_dir/report.html          self-contained: inline CSS and SVG, no script, no network (a CSP forbids it)
    out_dir/report.md            the same sections, tables and numbers; charts as links to charts/*.svg
    out_dir/charts/<name>.svg    every chart
    out_dir/tables/<name>.csv    every table shown in the report, and every report.* view in full
    out_dir/tables/<name>.parquet
    out_dir/tables/README.md     what each file holds (one file per table)

The report follows the seed's chain for the headline scenario (Japan sells everything): sale → price
fall → yield rise → interest cost → budget share, with the p5–p95 band of the Monte Carlo draws at each
step, then the detail per scenario, the policy levers, the rate sensitivity beside published rules of
thumb, the binding CBO baseline check, a calibration appendix and the assumptions.

Where the parts are (all in ``selloff.delivery.report``): the tables' columns, units and SQL in
``results_tables`` (the body) and ``appendix_tables``, declared with ``tables``; number formats and
table rendering in ``formatting``; the document's blocks in ``blocks``; the words in ``prose``; the charts
in ``figures`` (drawn by :mod:`selloff.delivery.charts`); the outline in ``sections``; the layout in
``templates/report.html.j2`` and ``report.md.j2``. This module holds the lineage, the exports, the
summary returned to the caller and the rendering of the templates.

Conventions
-----------
Units are in every column name and header (see :mod:`~selloff.delivery.report.tables`). In the HTML every
table carries ``data-table`` (its file name), every row ``data-row-key`` (its key columns joined by
``|``) and every cell ``data-column`` and, for numbers, ``data-value`` (the unrounded value); numbers in
running text carry ``data-figure`` and ``data-value``. Tools can read the figures back and compare them
with the warehouse.

CSV files open as they are in a spreadsheet: UTF-8 with a byte-order mark, dates as ``YYYY-MM-DD`` and
timestamps as ``YYYY-MM-DD HH:MM:SS`` in UTC (no offset suffix, which spreadsheets read as text).

Determinism: the output depends only on the warehouse (and the package's pinned baseline facts, which the
warehouse does not hold); the only timestamps are the runs' own, written in UTC. Table queries are static
SQL over the ``report.*`` views; exports go through DuckDB's ``COPY`` with table names from fixed lists
(:data:`SQL_TABLES`, :data:`REPORT_VIEWS` and the table declarations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import jinja2
import pandas as pd

from selloff.delivery.report import appendix_tables, prose, results_tables
from selloff.delivery.report.blocks import FooterItem
from selloff.delivery.report.figures import chart_data, make_charts
from selloff.delivery.report.formatting import is_missing
from selloff.delivery.report.sections import build_sections
from selloff.delivery.report.tables import Tables, TableSpec, one
from selloff.warehouse.publish import sql_literal

HEADLINE_SCENARIO = "japan-full-dump"
"""The scenario the report's opening chain follows (falls back to the first Japanese sale, then the first)."""

SQL_TABLES: tuple[TableSpec, ...] = (*results_tables.SQL_TABLES, *appendix_tables.SQL_TABLES)
"""Every table with fixed SQL, exported and rendered (the data-shaped pivots and the frames built in
Python are added by :func:`build_report`)."""

REPORT_VIEWS = (
    "lineage",
    "parameters",
    "calibration_designs",
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
    "inputs",
)
"""The ``report.*`` views exported in full as ``tables/report_<view>.csv|parquet`` (fixed list: COPY
statements take their table names only from here)."""

REPORT_TITLE = "What happens to Treasury yields and the federal interest bill if a large foreign holder sells"

NO_PROJECTION = (
    "no projection in the warehouse: run `selloff project` (the bundled scenarios) or `selloff run` first; "
    "an ad-hoc projection is reported with `selloff report --run RUN_ID`"
)


class NoProjectionError(ValueError):
    """The warehouse holds no successful projection, so there is nothing to report."""


# --------------------------------------------------------------------------------------------------
# what build_report returns
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
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    report_run_id: str | None = None,
    projection_run_id: str | None = None,
) -> ReportSummary:
    """Write the report for a projection in the warehouse behind ``con``: by default the one the
    ``report.*`` views follow (the latest nightly or bundled-scenario projection), else
    ``projection_run_id``.

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
    projection_run_id
        A projection run (or the nightly run that made it), ad hoc ones included. The report's own cursor
        pins every ``report.*`` view to it (``set variable report_run_id``, see
        ``sql/marts/500_report_lineage.sql``), so the report reads exactly what those views show.

    Returns
    -------
    ReportSummary
        Paths written, the lineage (run ids, data vintage, source, package version) and headline numbers.

    Raises
    ------
    NoProjectionError
        The warehouse holds no successful projection (a :class:`ValueError` whose message names the fix),
        or ``projection_run_id`` is not one.
    """
    # A cursor of our own: the run pin, the frames built here and its session time zone (UTC, for
    # timestamps written to CSV) are its own, never the caller's connection's.
    cur = con.cursor()
    try:
        if projection_run_id is not None:
            cur.execute("set variable report_run_id = ?", [projection_run_id])
        lineage = _lineage(cur, projection_run_id)
    except BaseException:
        cur.close()
        raise
    out_dir = Path(out_dir)
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    (out_dir / "charts").mkdir(parents=True, exist_ok=True)
    baseline_name = None if is_missing(lineage.get("baseline")) else str(lineage["baseline"])
    start_month = _start_month(cur)
    baseline_title, baseline_sources, profile, facts = appendix_tables.baseline_frames(
        baseline_name, start_month
    )
    built_here = {
        results_tables.PRICE_YIELD.name: (results_tables.PRICE_YIELD, results_tables.price_yield_frame()),
        appendix_tables.MATURITY_PROFILE.name: (appendix_tables.MATURITY_PROFILE, profile),
        appendix_tables.DEBT_FACTS.name: (appendix_tables.DEBT_FACTS, facts),
    }

    try:
        cur.execute("set session TimeZone = 'UTC'")
        cur.register("_report_published_rules", pd.DataFrame(list(results_tables.PUBLISHED_RULES)))
        for name, (_, frame) in built_here.items():
            cur.register(f"_report_{name}", frame)
        tables = _write_tables(cur, built_here, out_dir / "tables")
        headline = _headline_scenario(tables.frames["scenarios"])
        order = [headline, *[s for s in tables.frames["scenarios"]["scenario"] if s != headline]]
        data = chart_data(cur, headline)
    finally:
        cur.close()

    chart_list = make_charts(data, tables, headline, order, lineage)
    chart_paths = []
    for chart in chart_list.values():
        path = out_dir / "charts" / f"{chart.name}.svg"
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + str(chart.svg) + "\n", encoding="utf-8")
        chart_paths.append(path)

    sections = build_sections(
        tables, chart_list, data.holdings, headline, order, lineage, baseline_title, baseline_sources
    )
    context = {
        "title": REPORT_TITLE,
        "subtitle": prose.subtitle(lineage, tables.frames["scenarios"], baseline_title),
        "sections": sections,
        "footer": _footer(lineage, report_run_id),
    }
    html_path = out_dir / "report.html"
    markdown_path = out_dir / "report.md"
    html_path.write_text(_environment().get_template("report.html.j2").render(**context), encoding="utf-8")
    markdown_path.write_text(_markdown_env().get_template("report.md.j2").render(**context), encoding="utf-8")
    return _summary(lineage, tables, headline, order, html_path, markdown_path, chart_paths)


def _headline_scenario(scenarios: pd.DataFrame) -> str:
    names = scenarios["scenario"].tolist()
    if HEADLINE_SCENARIO in names:
        return HEADLINE_SCENARIO
    japan = scenarios.loc[scenarios["seller"] == "Japan", "scenario"].tolist()
    return str(japan[0] if japan else names[0])


CSV_OPTIONS = "format csv, header true, dateformat '%Y-%m-%d', timestampformat '%Y-%m-%d %H:%M:%S'"
"""How the report writes CSV (with the session in UTC): dates and timestamps a spreadsheet reads as such."""

UTF8_BOM = b"\xef\xbb\xbf"
"""Written first in every CSV: spreadsheets then read the file as UTF-8 (–, −, é …) instead of a code page."""


def _copy(cur: duckdb.DuckDBPyConnection, name: str, query: str, directory: Path) -> tuple[str, list[Path]]:
    """``query`` to ``<name>.parquet`` and ``<name>.csv`` through DuckDB's COPY; return the Parquet source.

    The query runs once, into Parquet (which keeps DuckDB's types: dates, JSON, lists); the CSV is
    written from that file (:data:`CSV_OPTIONS`, then a UTF-8 byte-order mark put in front), and readers of
    the table read it too, so every copy holds the same rows.
    """
    parquet, csv = directory / f"{name}.parquet", directory / f"{name}.csv"
    cur.execute(f"copy ({query}) to {sql_literal(str(parquet))} (format parquet)")
    source = f"read_parquet({sql_literal(str(parquet))})"
    cur.execute(f"copy (select * from {source}) to {sql_literal(str(csv))} ({CSV_OPTIONS})")  # noqa: S608
    csv.write_bytes(UTF8_BOM + csv.read_bytes())
    return source, [csv, parquet]


def _write_tables(
    cur: duckdb.DuckDBPyConnection, built: Mapping[str, tuple[TableSpec, pd.DataFrame]], directory: Path
) -> Tables:
    """Every report table and every ``report.*`` view to CSV and Parquet; the tables' frames read back."""
    tables = Tables()

    def add(spec: TableSpec, query: str) -> pd.DataFrame:
        source, paths = _copy(cur, spec.name, query, directory)
        frame = cur.execute(f"select * from {source}").df()  # noqa: S608 - our own file
        tables.specs[spec.name], tables.frames[spec.name] = spec, frame
        tables.paths += paths
        return frame

    for spec in SQL_TABLES:
        add(spec, str(spec.sql))
    # pivots whose columns come from the data: the spec follows the frame
    frame = add(TableSpec("d_sensitivity", "", (), ()), appendix_tables.D_SENSITIVITY_SQL)
    tables.specs["d_sensitivity"] = appendix_tables.d_sensitivity_spec(frame)
    frame = add(TableSpec("scenario_settings", "", (), ()), appendix_tables.SCENARIO_SETTINGS_SQL)
    tables.specs["scenario_settings"] = appendix_tables.scenario_settings_spec(frame)
    for name, (spec, _) in built.items():
        add(spec, f"select * from _report_{name}")  # noqa: S608 - names from the fixed specs above
    for view in REPORT_VIEWS:
        _, paths = _copy(cur, f"report_{view}", f"select * from report.{view}", directory)  # noqa: S608
        tables.paths += paths
    tables.paths.append(_write_manifest(cur, tables, directory))
    return tables


def _write_manifest(cur: duckdb.DuckDBPyConnection, tables: Tables, directory: Path) -> Path:
    """``tables/README.md``: one line per file pair, saying what it holds and how to open it."""
    views = dict(
        cur.execute(
            "select view_name, comment from duckdb_views() "
            "where schema_name = 'report' and comment is not null"
        ).fetchall()
    )
    lines = [
        "# Tables of this report",
        "",
        "Every table of the report, and every `report.*` view of the warehouse in full, as CSV (UTF-8 with a "
        "byte-order mark; dates `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS` in UTC) and Parquet (the "
        "same rows, with their types). Units are in the column names: `_usd_bn` billions of dollars, `_bp` "
        "basis points, `_pct` percent, `fy` federal fiscal year (October–September); `_p5`/`_p95` are "
        "percentiles across the projection's Monte Carlo draws.",
        "",
        "| file | what it holds |",
        "| :--- | :--- |",
    ]
    for name, spec in tables.specs.items():
        lines.append(f"| `{name}.csv`, `{name}.parquet` | {_md_cell(spec.title)} |")
    for view in REPORT_VIEWS:
        text = views.get(view, f"the report.{view} view")
        lines.append(f"| `report_{view}.csv`, `report_{view}.parquet` | {_md_cell(str(text))} |")
    path = directory / "README.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
        FooterItem(label, "–" if is_missing(lineage.get(key)) else _lineage_text(lineage[key]), key)
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
    tables: Tables,
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
        return None if rows.empty or is_missing(rows.iloc[0]) else float(rows.iloc[0])

    headlines = []
    for name in order:
        row = one(scenarios, scenario=name)
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
        refresh_run_id=None if is_missing(lineage.get("refresh_run_id")) else str(lineage["refresh_run_id"]),
        refresh_source=None if is_missing(lineage.get("refresh_source")) else str(lineage["refresh_source"]),
        data_vintage=vintage if isinstance(vintage, date) else None,
        baseline=None if is_missing(lineage.get("baseline")) else str(lineage["baseline"]),
        package_version=str(lineage["package_version"]),
        headline_scenario=headline,
        ten_year_impact_bp_per_100bn=ten_year("impact"),
        ten_year_long_run_bp_per_100bn=ten_year("long_run"),
        scenarios=tuple(headlines),
    )


# --------------------------------------------------------------------------------------------------
# reading the warehouse
# --------------------------------------------------------------------------------------------------


def _start_month(con: duckdb.DuckDBPyConnection) -> pd.Timestamp | None:
    """The projection's first month (every scenario of a run shares it)."""
    row = con.execute("select min(start_month) from report.scenarios").fetchone()
    return None if row is None or row[0] is None else pd.Timestamp(row[0])


def _lineage(con: duckdb.DuckDBPyConnection, projection_run_id: str | None = None) -> dict[str, object]:
    """The one row of ``report.lineage``, or :class:`NoProjectionError` naming the fix."""
    try:
        cursor = con.execute("select * from report.lineage")
        row = cursor.fetchone()
        names = [d[0] for d in cursor.description or ()]
        scenarios = con.execute("select count(*) from report.scenarios").fetchone()
    except duckdb.CatalogException as exc:
        first_line = exc.args[0].splitlines()[0] if exc.args else str(exc)
        raise NoProjectionError(f"{NO_PROJECTION} (the warehouse has no report views: {first_line})") from exc
    if row is None and projection_run_id is not None:
        raise NoProjectionError(
            f"no successful projection run {projection_run_id!r} in the warehouse (give a project or nightly "
            "run id, see `selloff status`; grid runs have no report)"
        )
    if row is None:
        raise NoProjectionError(NO_PROJECTION)
    if scenarios is None or scenarios[0] == 0:
        raise NoProjectionError(f"{NO_PROJECTION} (the latest projection run stored no scenarios)")
    return dict(zip(names, row, strict=True))


# --------------------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("selloff.delivery.report", "templates"),
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
        loader=jinja2.PackageLoader("selloff.delivery.report", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = _md_cell
    return env
