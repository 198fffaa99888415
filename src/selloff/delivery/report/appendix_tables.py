"""The report's appendix tables: the calibration (Appendix A) and the assumptions (Appendix B).

One :class:`~selloff.delivery.report.tables.TableSpec` per table. Appendix A: the price impact of a $100bn
sale by data, prior and blend (bp per $100bn, positive = yields rise), persistence, impulse responses
(bp per sale of 1% of GDP), the flow coefficient against the assumed duration D, stability, regression
diagnostics and the episode replay, read from ``report.parameters``, ``report.impulse_responses``,
``report.d_sensitivity``, ``report.regressions``, ``report.diagnostics`` and ``report.episodes``.
Appendix B: data coverage (``marts.coverage``), every setting recorded on the runs (``meta.runs``), the
scenario settings, and the debt structure of the pinned baseline (package data, built here).

Two tables are pivots whose columns come from the data (one column per scenario, one per assumed
duration): their SQL is fixed here, their spec is made from the frame the SQL returns.
"""

from __future__ import annotations

import pandas as pd

from selloff.delivery.report.tables import TENOR_ORDER_SQL, Col, TableSpec
from selloff.projection.baselines import load_baseline
from selloff.projection.legacy import starting_marketable_usd_bn

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
        order by list_position({TENOR_ORDER_SQL}, tenor), term
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

_RATIO = "Persistence ratio (long run / impact)"

PERSISTENCE = TableSpec(
    name="persistence",
    title=(
        "Calibration persistence ratio: long-run response over impact of a one-quarter sale, and half-life "
        "(not a scenario's permanent share)"
    ),
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
        order by list_position({TENOR_ORDER_SQL}, tenor), list_position(['data', 'prior', 'blend'], method)
    """,  # noqa: S608 - the only interpolation is the fixed tenor list above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("method", "Method", "text"),
        Col("long_run_share_pct", "%", "pct", _RATIO),
        Col("long_run_share_ci_low_pct", "CI low", "pct", _RATIO, band=True),
        Col("long_run_share_ci_high_pct", "CI high", "pct", _RATIO, band=True),
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

# The scenario settings are pivoted to one column per scenario at build time (see scenario_settings_spec).
SCENARIO_SETTINGS_SQL = """
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

D_SENSITIVITY_SQL = """
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

_DESIGN_ORDER_SQL = "['A', 'B', 'C', 'D', 'prior', 'combination']"
"""The rows of a tenor in display order: the designs, then the prior and the combination."""

_IMPACT = "Impact (bp per $100bn)"
_PERSISTENT = "Persistent (bp per $100bn)"
_JAPAN = "Japan headline with this alone (japan-full-dump, point projection)"


def _use_sql(term: str) -> str:
    """How a row took part in the ``term`` combination: weight, exclusion reason, or the label and weights."""
    return f"""
            case
                when d.design = 'combination' then w.{term}_label || coalesce(': ' || w.{term}_weights, '')
                when d.{term}_bp_per_100bn is null then null
                when w.{term}_label = 'fixed at 0 (policy path)' and (d.design = 'prior' or d.{term}_included)
                    then 'not used: fixed at 0 (policy path)'
                when d.design = 'prior' then
                    'weight ' || cast(round(d.{term}_weight * 100) as integer) || '%'
                when d.{term}_included then
                    'used, weight ' || cast(round(d.{term}_weight * 100) as integer) || '%'
                else 'excluded: ' || coalesce(d.{term}_exclusion_reason, 'not a combination input')
            end"""


CALIBRATION_DESIGNS = TableSpec(
    name="calibration_designs",
    title="Identified designs, the prior and the combination, per tenor (bp per $100bn, 90% intervals)",
    key=("tenor", "design"),
    sql=f"""
        with d as (select * from report.calibration_designs),
        w as (
            -- the weights actually used, for the combination row: "prior 62%, A 30%, B 8%"
            select
                tenor,
                string_agg(
                    design || ' ' || cast(round(impact_weight * 100) as integer) || '%', ', '
                    order by list_position(['prior', 'A', 'B', 'C', 'D'], design)
                ) filter (where impact_weight > 0 and design <> 'combination') as impact_weights,
                string_agg(
                    design || ' ' || cast(round(persistent_weight * 100) as integer) || '%', ', '
                    order by list_position(['prior', 'A', 'B', 'C', 'D'], design)
                ) filter (where persistent_weight > 0 and design <> 'combination') as persistent_weights,
                any_value(impact_label) filter (where design = 'combination') as impact_label,
                any_value(persistent_label) filter (where design = 'combination') as persistent_label
            from d
            group by tenor
        )
        select
            d.tenor,
            d.design,
            d.role,
            d.impact_bp_per_100bn,
            d.impact_ci_low_bp_per_100bn,
            d.impact_ci_high_bp_per_100bn,
            d.impact_n,
            {_use_sql("impact")} as impact_use,
            d.persistent_bp_per_100bn,
            d.persistent_ci_low_bp_per_100bn,
            d.persistent_ci_high_bp_per_100bn,
            d.persistent_n,
            {_use_sql("persistent")} as persistent_use,
            strftime(coalesce(d.impact_sample_start, d.persistent_sample_start), '%Y-%m-%d') || ' – '
                || strftime(coalesce(d.impact_sample_end, d.persistent_sample_end), '%Y-%m-%d') as sample,
            d.japan_alone_terms,
            d.japan_alone_peak_10y_bp,
            d.japan_alone_ten_year_extra_interest_usd_bn,
            d.identifying_assumption
        from d
        left join w on d.tenor = w.tenor
        order by list_position({TENOR_ORDER_SQL}, d.tenor), list_position({_DESIGN_ORDER_SQL}, d.design)
    """,  # noqa: S608 - the only interpolations are the fixed lists and column names above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("design", "Design", "text"),
        Col("role", "Role", "text"),
        Col("impact_bp_per_100bn", "bp", "num", _IMPACT),
        Col("impact_ci_low_bp_per_100bn", "90% low", "num", _IMPACT, band=True),
        Col("impact_ci_high_bp_per_100bn", "90% high", "num", _IMPACT, band=True),
        Col("impact_n", "N", "int", _IMPACT),
        Col("impact_use", "Used / excluded", "text", _IMPACT),
        Col("persistent_bp_per_100bn", "bp", "num", _PERSISTENT),
        Col("persistent_ci_low_bp_per_100bn", "90% low", "num", _PERSISTENT, band=True),
        Col("persistent_ci_high_bp_per_100bn", "90% high", "num", _PERSISTENT, band=True),
        Col("persistent_n", "N", "int", _PERSISTENT),
        Col("persistent_use", "Used / excluded", "text", _PERSISTENT),
        Col("sample", "Sample", "text"),
        Col("japan_alone_terms", "Terms from it", "text", _JAPAN),
        Col("japan_alone_peak_10y_bp", "Peak 10y (bp)", "bp", _JAPAN),
        Col("japan_alone_ten_year_extra_interest_usd_bn", "Extra interest ($bn)", "usd_bn", _JAPAN),
        Col("identifying_assumption", "Identifying assumption", "text"),
    ),
    note=(
        "bp per $100bn sold at the calibration's reference GDP; positive = yields rise. A: Fed QE/QT "
        "announcements; B: Japan's yen-buying interventions; C: the supply model of the 10-year term premium "
        "(persistent effect); D: the custody-flow local projections, a conditional correlation shown as a "
        "diagnostic and never combined. N: event windows (A, B) or quarters (C, D). The combination is the "
        "precision-weighted mix of the prior and the included designs; data-driven when the designs carry "
        "more than half the precision, impact and persistent apart. Exclusions follow rules stated in "
        "advance, never the sign. Japan headline (10-year rows): the projection engine's point projection of "
        "japan-full-dump with the price impact the combination would give if that design were the only "
        "evidence for its term, the other term as in the combination (D, a diagnostic, supplies both; the "
        "prior alone is the report's prior-only figure)."
    ),
)

SQL_TABLES: tuple[TableSpec, ...] = (
    PRICE_IMPACT,
    CALIBRATION_DESIGNS,
    PERSISTENCE,
    IMPULSE_RESPONSES,
    STABILITY,
    DIAGNOSTICS,
    EPISODES,
    COVERAGE,
    RUN_SETTINGS,
)
"""The appendices' fixed SQL tables, in the report's order (the pivots and built frames come after)."""


def scenario_settings_spec(frame: pd.DataFrame) -> TableSpec:
    """The scenario settings table: one text column per scenario the pivot returned, sorted by name."""
    scenarios = sorted(c for c in frame.columns if c != "setting")
    return TableSpec(
        name="scenario_settings",
        title="Scenario settings (the validated scenario files, as stored with the projection)",
        key=("setting",),
        sql=SCENARIO_SETTINGS_SQL,
        columns=(Col("setting", "Setting", "text"), *(Col(s, s, "text") for s in scenarios)),
        note="Amounts in $bn, shares 0–1, months counted from the first projected month.",
    )


def d_sensitivity_spec(frame: pd.DataFrame) -> TableSpec:
    """The D-sensitivity table: one column per assumed duration D (years) the pivot returned, ascending."""
    durations = sorted(
        (c for c in frame.columns if c not in ("flow_measure", "valuation_basis", "term")), key=float
    )
    group = "bp per 1% of GDP sold, by assumed duration D (years)"
    return TableSpec(
        name="d_sensitivity",
        title="Identification: the 10-year flow coefficient against the assumed duration D",
        key=("flow_measure", "term"),
        sql=D_SENSITIVITY_SQL,
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


# --------------------------------------------------------------------------------------------------
# the pinned baseline's debt structure: frames built here from package data, not the warehouse
# --------------------------------------------------------------------------------------------------

MATURITY_PROFILE = TableSpec(
    name="maturity_profile",
    title="Marketable debt held by the public at the projection's start, by type",
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


def baseline_frames(
    baseline_name: str | None, start_month: pd.Timestamp | None = None
) -> tuple[str, dict[str, str], pd.DataFrame, pd.DataFrame]:
    """The pinned baseline's title, sources and the debt structure at the projection's start (package data,
    not the warehouse): amounts by type at the latest published shares of the starting marketable debt,
    and the facts the legacy cohorts are rebuilt to match."""
    if baseline_name is None or start_month is None:
        return (
            "",
            {},
            pd.DataFrame(columns=[c.key for c in MATURITY_PROFILE.columns]),
            pd.DataFrame(columns=[c.key for c in DEBT_FACTS.columns]),
        )
    baseline = load_baseline(baseline_name)
    debt = baseline.debt
    month_end = pd.Timestamp(start_month) - pd.DateOffset(days=1)
    shares = debt.type_shares(month_end)
    total = starting_marketable_usd_bn(baseline, pd.Timestamp(start_month))
    profile = pd.DataFrame(
        {
            "security_type": list(shares),
            "held_by_public_usd_bn": [shares[t] * total for t in shares],
            "share_pct": [shares[t] * 100.0 for t in shares],
            "avg_rate_pct": [debt.avg_rate_pct[t] for t in shares],
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
            for f in debt.facts_at(month_end).values()
        ]
    )
    return baseline.title, dict(baseline.sources), profile, facts
