"""The report's body tables: what each shows, its units and the static SQL that reads it.

One :class:`~selloff.delivery.report.tables.TableSpec` per table, in the order of the report: the scenarios
and their headline numbers, yield changes by tenor, bond prices and mark-to-market losses, extra net
interest by fiscal year and its decomposition, budget shares, ten-year totals, the policy levers, the
all-rates-higher sensitivity beside published rules of thumb, and the binding check against CBO's
baseline. The SQL reads only the ``report.*`` views (the latest successful projection), plus the rules
of thumb below, which the report registers as ``_report_published_rules``. The seed's price ↔ yield table
is built in Python from :mod:`selloff.projection.bonds` (nothing from the warehouse).

Units as in :mod:`~selloff.delivery.report.tables`: ``_usd_bn`` ($bn), ``_bp`` (bp), ``_pct`` (%), ``fy``
(federal fiscal year); a sale is positive and pushes yields up; a loss is positive; ``p5``/``p95`` are
percentiles across the projection's draws.
"""

from __future__ import annotations

import pandas as pd

from selloff.delivery.report.tables import TENOR_ORDER_SQL, Col, TableSpec, band
from selloff.projection import bonds

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
        *band("peak_10y_bp", "point", "bp", "Peak 10-year yield rise (bp)"),
        Col("permanent_share_pct", "Permanent share of the 10-year rise (%)", "pct"),
        *band(
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
        order by scenario, list_position({TENOR_ORDER_SQL}, tenor)
    """,  # noqa: S608 - the only interpolation is the fixed tenor list above
    columns=(
        Col("tenor", "Tenor", "text"),
        Col("peak_month", "Month", "month", "Peak"),
        *band("peak_bp", "bp", "bp", "Peak"),
        *band("year_1_bp", "bp", "bp", "End of year 1"),
        *band("year_3_bp", "bp", "bp", "End of year 3"),
        *band("year_10_bp", "bp", "bp", "End of year 10"),
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
        *band("trough_price_change_pct", "%", "pct", "Largest fall"),
        *band("end_price_change_pct", "%", "pct", "End of horizon"),
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
        *band("peak_loss_usd_bn", "Loss ($bn)", "usd_bn", "Largest loss"),
        Col("end_holdings_usd_bn", "Holdings ($bn)", "usd_bn", "End of horizon"),
        *band("end_loss_usd_bn", "Loss ($bn)", "usd_bn", "End of horizon"),
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
        *band("delta_interest_usd_bn", "$bn", "usd_bn", "Extra interest in the year"),
        *band("cumulative_delta_usd_bn", "$bn", "usd_bn", "Cumulative extra interest"),
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
        *band("scenario_debt_pct_gdp", "Scenario", "pct", "Debt held by the public (% of GDP)"),
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
        *band("extra_interest_usd_bn", "$bn", "usd_bn", "Extra net interest, all years"),
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
)
"""The body's SQL tables, in the report's order (exported and rendered in this order)."""

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
# the seed's price <-> yield arithmetic: a frame built here, not read from the warehouse
# --------------------------------------------------------------------------------------------------


def price_yield_frame() -> pd.DataFrame:
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
