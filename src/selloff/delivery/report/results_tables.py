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
            sale_face_usd_bn,
            sale_pct_gdp,
            sale_pct_marketable_debt,
            sale_10y_eq_usd_bn,
            fed_absorption_share * 100 as fed_absorption_pct,
            peak_10y_bp,
            peak_10y_month,
            peak_10y_bp_p5,
            peak_10y_bp_p95,
            ten_years_on_10y_bp,
            permanent_share * 100 as permanent_share_pct,
            ten_year_extra_interest_usd_bn,
            ten_year_extra_interest_usd_bn_p5,
            ten_year_extra_interest_usd_bn_p95,
            share_draws_negative_cost * 100 as share_draws_negative_cost_pct,
            share_draws_negative_10y_bp * 100 as share_draws_negative_10y_pct,
            ten_year_extra_cost_treasury_plus_fed_usd_bn,
            prior_only_peak_10y_bp,
            prior_only_ten_year_extra_interest_usd_bn,
            first_fy,
            last_fy,
            start_month,
            end_month,
            reference_gdp_usd_bn,
            reference_gdp_quarter,
            interest_pct_outlays_last_fy,
            draws,
            warnings
        from report.scenarios
        order by scenario
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        Col("title", "What happens", "text"),
        Col("sale_usd_bn", "Market value ($bn)", "usd_bn", "Sale"),
        Col("sale_face_usd_bn", "Face value ($bn)", "usd_bn", "Sale"),
        Col("sale_pct_gdp", "% of GDP", "pct", "Sale"),
        Col("sale_pct_marketable_debt", "% of marketable debt", "pct", "Sale"),
        Col("sale_10y_eq_usd_bn", "10-year equivalents ($bn)", "usd_bn", "Sale"),
        Col("fed_absorption_pct", "Fed absorbs (%)", "pct"),
        Col("peak_10y_bp", "bp", "bp", "Peak 10-year yield change"),
        Col("peak_10y_month", "Month", "month", "Peak 10-year yield change"),
        Col("peak_10y_bp_p5", "p5", "bp", "Peak 10-year yield change", band=True),
        Col("peak_10y_bp_p95", "p95", "bp", "Peak 10-year yield change", band=True),
        Col("ten_years_on_10y_bp", "Ten years on (bp)", "bp", "Persistence"),
        Col("permanent_share_pct", "Permanent share (%)", "pct", "Persistence"),
        *band("ten_year_extra_interest_usd_bn", "$bn", "usd_bn", "Extra net interest over the projection"),
        Col("share_draws_negative_cost_pct", "Draws with a negative cost (%)", "pct"),
        Col("ten_year_extra_cost_treasury_plus_fed_usd_bn", "Treasury + Fed ($bn)", "usd_bn"),
        Col("last_fy", "Last fiscal year", "fy"),
        Col("interest_pct_outlays_last_fy", "Net interest, last FY (% of outlays)", "pct"),
        Col("draws", "Draws", "int"),
    ),
    note=(
        "Sale: market value at the prices of the latest month of yields, as TIC reports holdings, and the "
        "face value the bond maths uses; 10-year equivalents: 10-year notes with the same interest-rate risk "
        "(modified duration). Peak: the change of largest size, with its sign and month; bands are "
        "percentiles of each draw's own peak. Permanent share: the scenario's 10-year change ten years on "
        "(the 120th projected month) over its peak — a permanent +100 bp shift reads 100%. Extra net "
        "interest: from the projection's first month to the end of the last fiscal year."
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
                count(*) over (partition by scenario, tenor) as n_months,
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
            any_value(shock_bp) filter (where month_number = least(120, n_months)) as year_10_bp,
            any_value(shock_bp_p5) filter (where month_number = least(120, n_months)) as year_10_bp_p5,
            any_value(shock_bp_p95) filter (where month_number = least(120, n_months)) as year_10_bp_p95
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
        *band("year_10_bp", "bp", "bp", "Ten years on"),
    ),
    note=(
        "Scenario minus baseline yield, bp (positive = yields rise). Peak: the month of the point "
        "projection's largest change (by size, with its sign), with the draws' p5–p95 in that month. Year "
        "k: the 12k-th projected month; ten years on: the 120th."
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
                -- the largest change by size (with its sign): a fall, in a sale
                row_number() over (
                    partition by scenario, instrument order by abs(price_change_pct) desc, month
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
        Col("trough_month", "Month", "month", "Largest change"),
        *band("trough_price_change_pct", "%", "pct", "Largest change"),
        *band("end_price_change_pct", "%", "pct", "End of horizon"),
    ),
    note=(
        "Percent change in the price of a par bond (the 3-month as a bill) when its yield moves by the "
        "scenario's shock; full repricing, convexity included. Largest change: by size, with its sign (a "
        "fall is negative). p5 is the larger fall."
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
        "bill, notes and bonds as a par bond of the marketable debt's average maturity. Holdings: the face "
        "value left, at the prices of the latest month of yields. The seller's loss stops once it has sold "
        "everything."
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
    title="Totals over the projection and the last year's budget shares",
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
        *band("extra_interest_usd_bn", "$bn", "usd_bn", "Extra net interest over the projection"),
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
    note=(
        "The total's band is the last year's cumulative band (percentiles of each draw's own sum). The first "
        "fiscal year may have begun before the projection: only its projected months carry extra interest."
    ),
)

MITIGATIONS = TableSpec(
    name="mitigations",
    title="Policy levers: what each takes off the cost of the sale itself",
    key=("scenario", "mitigation"),
    sql="""
        select
            scenario,
            mitigation,
            sale_specific_saving_usd_bn,
            sale_without_lever_usd_bn,
            sale_with_lever_usd_bn,
            lever_alone_usd_bn,
            lever_alone_primary_usd_bn,
            sale_with_lever_treasury_plus_fed_usd_bn,
            peak_10y_bp,
            description
        from report.mitigations
        where mitigation <> 'as_specified'
        order by
            scenario,
            list_position(
                ['fed_purchases', 'gradual_sale', 'fiscal_consolidation', 'issuance_shift'], mitigation
            )
    """,
    columns=(
        Col("scenario", "Scenario", "text"),
        Col("mitigation", "Lever", "text"),
        Col("sale_specific_saving_usd_bn", "Saving on the sale ($bn)", "usd_bn"),
        Col("sale_without_lever_usd_bn", "Sale without the lever", "usd_bn", "Extra net interest ($bn)"),
        Col("sale_with_lever_usd_bn", "Sale with the lever", "usd_bn", "Extra net interest ($bn)"),
        Col("lever_alone_usd_bn", "Net interest", "usd_bn", "The lever's own budget effect, no sale ($bn)"),
        Col(
            "lever_alone_primary_usd_bn",
            "Primary deficit",
            "usd_bn",
            "The lever's own budget effect, no sale ($bn)",
        ),
        Col(
            "sale_with_lever_treasury_plus_fed_usd_bn", "Sale with the lever, Treasury + Fed ($bn)", "usd_bn"
        ),
        Col("peak_10y_bp", "Peak 10-year change with the lever (bp)", "bp"),
        Col("description", "What it does", "text"),
    ),
    note=(
        "Point projections; extra net interest over the projection against the baseline. Saving on the sale "
        "= (sale without the lever) − (sale with the lever − the lever alone): a lever is credited only "
        "with what it does to the sale. Its own budget effect — what it would save with no sale at all (a "
        "consolidation's lower debt, bills cheaper than coupons) — is shown apart and is not a saving on the "
        "sale. Treasury + Fed adds the fall in Fed remittances when the Fed finances purchases with reserves "
        "paid the policy rate."
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
    note=(
        "Every Treasury rate shift_bp higher for good from the first month of the baseline's own ten-year "
        "window, as CBO's rules of thumb; debt service included."
    ),
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
    title="Binding checks: the model's baseline net interest and debt against CBO's",
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
            binding,
            tolerance_pct,
            realised_months,
            cbo_debt_held_by_public_usd_bn,
            model_debt_held_by_public_usd_bn,
            debt_diff_pct,
            debt_tolerance_pct,
            debt_within_tolerance
        from report.baseline_check
        order by fy
    """,
    columns=(
        Col("fy", "Fiscal year", "fy"),
        Col("realised_months", "Months already history", "int"),
        Col("cbo_net_interest_usd_bn", "CBO", "usd_bn", "Net interest ($bn)"),
        Col("model_net_interest_usd_bn", "Model", "usd_bn", "Net interest ($bn)"),
        Col("diff_pct", "Difference (%)", "pct", "Net interest ($bn)"),
        Col("binding", "Binding", "bool", "Net interest ($bn)"),
        Col("within_tolerance", "Within tolerance", "bool", "Net interest ($bn)"),
        Col("cbo_debt_held_by_public_usd_bn", "CBO", "usd_bn", "Debt held by the public ($bn)"),
        Col("model_debt_held_by_public_usd_bn", "Model", "usd_bn", "Debt held by the public ($bn)"),
        Col("debt_diff_pct", "Difference (%)", "pct", "Debt held by the public ($bn)"),
        Col("debt_within_tolerance", "Within tolerance", "bool", "Debt held by the public ($bn)"),
    ),
    note=(
        "CBO's concepts. Net interest is compared where the baseline's data have CBO's figure (blank "
        "otherwise), within the baseline's tolerance in its binding years; debt held by the public "
        "(marketable plus nonmarketable) at the end of every fiscal year, within the baseline's debt "
        "tolerance where it has one. A first year that began before the projection counts its past months "
        "from the rebuilt debt."
    ),
)

INPUTS = TableSpec(
    name="inputs",
    title="What the projection rests on: each input and the date its data run to",
    key=("input",),
    sql="""
        select input, description, source, data_to, frequency, usual_lag_months, stale, note
        from report.inputs
        order by
            list_position(
                [
                    'yield_3m', 'yield_1y', 'yield_2y', 'yield_5y', 'yield_10y', 'yield_30y', 'gdp',
                    'tic_holdings', 'cbo_baseline', 'debt_marketable', 'debt_composition', 'debt_wam',
                    'avg_rates_by_type'
                ],
                input
            ),
            input
    """,
    columns=(
        Col("description", "Input", "text"),
        Col("source", "Source", "text"),
        Col("data_to", "Data to", "month"),
        Col("usual_lag_months", "Usual lag (months)", "int"),
        Col("stale", "Older than usual", "bool"),
        Col("note", "How it is used", "text"),
    ),
    note=(
        "Data to: the last month (or the first month of the last quarter) the data cover; a publication's "
        "month. Older than usual: the data end earlier than the usual publication lag explains, against the "
        "latest month of yields."
    ),
)

SQL_TABLES: tuple[TableSpec, ...] = (
    INPUTS,
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
        "Comparable in method (rates higher from the window's first year); on the January 2025 baseline, "
        "window FY2026–2035 — the same as this model's only on cbo-2025-01.",
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
