-- Interest by federal fiscal year (October–September, named by the year it ends), baseline vs scenario.
-- Interest is CBO's net interest concept (never NIPA): the engine's interest on marketable debt held by
-- the public plus the bridge (nonmarketable debt, other net interest), $bn. delta = scenario − baseline;
-- cumulative_* sums the deltas from the first projected year (its percentiles are percentiles of each
-- draw's cumulative sum). rollover + deficit_financing + snowball = delta (point projection).
-- treasury_plus_fed adds the fall in Fed remittances when the Fed absorbs part of the sale.
create table if not exists proj.fiscal_annual (
    run_id varchar not null,
    scenario varchar not null,
    fy integer not null check (fy between 1990 and 2100),
    baseline_interest_usd_bn double not null,
    scenario_interest_usd_bn double not null,
    delta_interest_usd_bn double not null,
    cumulative_delta_usd_bn double not null,
    scenario_interest_usd_bn_p5 double not null,
    scenario_interest_usd_bn_p50 double not null,
    scenario_interest_usd_bn_p95 double not null,
    delta_interest_usd_bn_p5 double not null,
    delta_interest_usd_bn_p50 double not null,
    delta_interest_usd_bn_p95 double not null,
    cumulative_delta_usd_bn_p5 double not null,
    cumulative_delta_usd_bn_p50 double not null,
    cumulative_delta_usd_bn_p95 double not null,
    cbo_net_interest_usd_bn double not null,
    gdp_usd_bn double not null check (gdp_usd_bn > 0),
    revenues_usd_bn double not null check (revenues_usd_bn > 0),
    baseline_outlays_usd_bn double not null check (baseline_outlays_usd_bn > 0),
    scenario_outlays_usd_bn double not null check (scenario_outlays_usd_bn > 0),
    baseline_interest_pct_gdp double not null,
    scenario_interest_pct_gdp double not null,
    baseline_interest_pct_revenues double not null,
    scenario_interest_pct_revenues double not null,
    baseline_interest_pct_outlays double not null,
    scenario_interest_pct_outlays double not null,
    scenario_interest_pct_outlays_p50 double not null,
    -- debt held by the public (marketable + nonmarketable) at the end of the year / fiscal-year GDP
    baseline_debt_pct_gdp double not null,
    scenario_debt_pct_gdp double not null,
    scenario_debt_pct_gdp_p5 double not null,
    scenario_debt_pct_gdp_p50 double not null,
    scenario_debt_pct_gdp_p95 double not null,
    -- interest on marketable debt / its average stock over the year, percent
    baseline_avg_rate_pct double not null,
    scenario_avg_rate_pct double not null,
    rollover_usd_bn double not null,
    deficit_financing_usd_bn double not null,
    snowball_usd_bn double not null,
    fed_remittance_loss_usd_bn double not null,
    treasury_only_delta_usd_bn double not null,
    treasury_plus_fed_delta_usd_bn double not null,
    treasury_plus_fed_delta_usd_bn_p5 double not null,
    treasury_plus_fed_delta_usd_bn_p50 double not null,
    treasury_plus_fed_delta_usd_bn_p95 double not null,
    primary key (run_id, scenario, fy),
    check (
        delta_interest_usd_bn_p5 <= delta_interest_usd_bn_p50
        and delta_interest_usd_bn_p50 <= delta_interest_usd_bn_p95
    ),
    check (
        cumulative_delta_usd_bn_p5 <= cumulative_delta_usd_bn_p50
        and cumulative_delta_usd_bn_p50 <= cumulative_delta_usd_bn_p95
    ),
    check (abs(rollover_usd_bn + deficit_financing_usd_bn + snowball_usd_bn - delta_interest_usd_bn) < 1e-6)
);
