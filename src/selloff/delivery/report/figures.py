"""The report's charts: the data each one reads, and which chart type, title and caption it gets.

:func:`chart_data` runs the charts' own static SQL (history from ``stg.*``: TIC holdings and the Fed's
TREAST in $bn, monthly yields in %; and, from the ``report.*`` views, the 10-year yield paths in bp, the
impulse responses and the calibration's stability checks); :func:`make_charts` draws every chart with
:mod:`selloff.delivery.charts` (pure matplotlib → inline SVG) from those frames and the report's tables.
Where each chart appears is decided in :mod:`~selloff.delivery.report.sections`. Bands are p5–p95 of
the projection's draws, or the calibration's confidence interval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
from markupsafe import Markup

from selloff.delivery import charts
from selloff.delivery.report.blocks import Chart
from selloff.delivery.report.formatting import format_value, is_missing
from selloff.delivery.report.tables import Tables, for_scenario

TENORS = ("3m", "1y", "2y", "5y", "10y", "30y")
TENOR_LABELS = {
    "3m": "3-month",
    "1y": "1-year",
    "2y": "2-year",
    "5y": "5-year",
    "10y": "10-year",
    "30y": "30-year",
}

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


_DESIGNS_10Y_SQL = """
    select
        design,
        impact_bp_per_100bn,
        impact_ci_low_bp_per_100bn,
        impact_ci_high_bp_per_100bn,
        persistent_bp_per_100bn,
        persistent_ci_low_bp_per_100bn,
        persistent_ci_high_bp_per_100bn,
        -- a design with an estimate that the combination leaves out (stated reasons; d is its own kind)
        design in ('A', 'B', 'C')
            and not (coalesce(impact_included, false) or coalesce(persistent_included, false)) as excluded
    from report.calibration_designs
    where tenor = '10y'
"""


@dataclass(frozen=True)
class ChartData:
    """The frames the charts read beyond the report's tables (columns as in the SQL above)."""

    holdings: pd.DataFrame
    yields: pd.DataFrame
    headline_10y: pd.DataFrame
    all_10y: pd.DataFrame
    irf: pd.DataFrame
    d_chart: pd.DataFrame
    rolling: pd.DataFrame
    designs_10y: pd.DataFrame


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def chart_data(con: duckdb.DuckDBPyConnection, headline: str) -> ChartData:
    """Run the charts' SQL on ``con``; ``headline`` is the scenario of the headline fan chart."""
    return ChartData(
        holdings=_fetch(con, _HOLDINGS_SQL),
        yields=_fetch(con, _YIELDS_SQL),
        headline_10y=con.execute(_HEADLINE_10Y_SQL, [headline]).df(),
        all_10y=_fetch(con, _ALL_10Y_SQL),
        irf=_fetch(con, _IRF_SQL),
        d_chart=_fetch(con, _D_CHART_SQL),
        rolling=_fetch(con, _ROLLING_SQL),
        designs_10y=_fetch(con, _DESIGNS_10Y_SQL),
    )


_HOLDERS = ("Grand Total", "Japan", "China, Mainland", "Federal Reserve")
_HOLDER_LABELS = {
    "Grand Total": "all foreign holders (TIC)",
    "China, Mainland": "China (mainland)",
    "Federal Reserve": "Federal Reserve (TREAST, quarterly average)",
}


def _chart(name: str, title: str, svg: str, caption: str, detail: str = "") -> Chart:
    alt = (
        f"Chart: {title}. {caption} {detail + ' ' if detail else ''}The numbers it draws are in the "
        "report's tables and in tables/*.csv beside this report."
    )
    return Chart(name=name, title=title, svg=Markup(svg), caption=caption, alt=alt)


def make_charts(
    data: ChartData, tables: Tables, headline: str, order: Sequence[str], lineage: Mapping[str, object]
) -> dict[str, Chart]:
    """Every chart of the report by name, with its title and caption (SVG drawn here, written by the caller).

    ``order`` is the scenarios' panel order (the headline first); the impulse-response chart shows the
    calibration method named in ``lineage``.
    """
    scenarios = tables.frames["scenarios"]
    titles = {str(r.scenario): str(r.title) for r in scenarios.itertuples()}
    fiscal = tables.frames["fiscal_annual"]
    head_fiscal = for_scenario(fiscal, headline)
    method = str(lineage["calibration_method"])
    irf = data.irf
    out: dict[str, Chart] = {}

    def add(name: str, title: str, caption: str, make: Callable[[], str], detail: str = "") -> None:
        out[name] = _chart(name, title, make(), caption, detail)

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
    add(
        "designs_forest_10y",
        "The 10-year price impact by design, beside the prior and the combination",
        "Each identified design's estimate of a $100bn sale, bp, with its 90% interval; impact and "
        "persistent effect apart. A: Fed QE/QT announcements, B: Japan's interventions, C: the supply "
        "model (persistent only), D: the custody-flow projections (hollow, dashed: a diagnostic, never "
        "combined); the combination is what the projection uses.",
        lambda: charts.forest_plot(
            data.designs_10y,
            row="design",
            panels=(
                (
                    "Impact",
                    "impact_bp_per_100bn",
                    "impact_ci_low_bp_per_100bn",
                    "impact_ci_high_bp_per_100bn",
                ),
                (
                    "Persistent effect",
                    "persistent_bp_per_100bn",
                    "persistent_ci_low_bp_per_100bn",
                    "persistent_ci_high_bp_per_100bn",
                ),
            ),
            title="10-year yield effect of a $100bn sale, by design (bp, 90% intervals)",
            x_label="bp per $100bn",
            order=DESIGN_ORDER,
            labels=_forest_labels(data.designs_10y),
            prior="prior",
            combined="combination",
            diagnostic=("D",),
        ),
        _forest_text(data.designs_10y),
    )
    return out


DESIGN_ORDER = ("A", "B", "C", "D", "prior", "combination")
DESIGN_LABELS = {
    "A": "A · Fed QE/QT",
    "B": "B · Japan MoF",
    "C": "C · supply model",
    "D": "D · custody flows",
    "prior": "prior",
    "combination": "combination",
}


def _forest_labels(frame: pd.DataFrame) -> dict[str, str]:
    """Row labels of the forest plot: a design the combination excludes says so."""
    excluded = set(frame.loc[frame["excluded"].fillna(False).astype(bool), "design"].astype(str))
    return {d: label + (" (excluded)" if d in excluded else "") for d, label in DESIGN_LABELS.items()}


def _forest_text(frame: pd.DataFrame) -> str:
    """The forest plot's numbers in words, row by row (its text alternative)."""

    def term(row: pd.Series, prefix: str) -> str:
        point = row[f"{prefix}_bp_per_100bn"]
        lo, hi = row[f"{prefix}_ci_low_bp_per_100bn"], row[f"{prefix}_ci_high_bp_per_100bn"]
        if is_missing(point):
            return "no estimate"
        text = f"{format_value(point, 'num')} bp"
        if is_missing(lo) or is_missing(hi):
            return text
        return f"{text} (90% {format_value(lo, 'num')} to {format_value(hi, 'num')})"

    by_design = {str(r["design"]): r for _, r in frame.iterrows()}
    labels = _forest_labels(frame)
    parts = [
        f"{labels[d]}: impact {term(by_design[d], 'impact')}, persistent {term(by_design[d], 'persistent')}"
        for d in DESIGN_ORDER
        if d in by_design
    ]
    return "; ".join(parts) + "." if parts else "No design estimates for the 10-year."
