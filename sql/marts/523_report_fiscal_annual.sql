create or replace view report.fiscal_annual as
select proj.*
from proj.fiscal_annual as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.fiscal_annual is
    'proj.fiscal_annual of the latest successful projection (see report.lineage): net interest by fiscal '
    'year, baseline vs scenario, with its decomposition and bands.';

-- columns as in proj.fiscal_annual: copied from its comments by `make docs` (edit them there)
comment on column report.fiscal_annual.run_id is 'the projection run (meta.runs)';
comment on column report.fiscal_annual.scenario is 'scenario name (proj.scenarios)';
comment on column report.fiscal_annual.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column report.fiscal_annual.baseline_interest_usd_bn is 'net interest on the baseline path, $bn';
comment on column report.fiscal_annual.scenario_interest_usd_bn is 'net interest under the scenario, $bn';
comment on column report.fiscal_annual.delta_interest_usd_bn is
    'scenario_interest_usd_bn - baseline_interest_usd_bn, $bn: the extra interest';
comment on column report.fiscal_annual.cumulative_delta_usd_bn is
    'delta_interest_usd_bn summed from the first projected fiscal year, $bn';
comment on column report.fiscal_annual.scenario_interest_usd_bn_p5 is
    '5th percentile of scenario net interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.scenario_interest_usd_bn_p50 is
    'median of scenario net interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.scenario_interest_usd_bn_p95 is
    '95th percentile of scenario net interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.delta_interest_usd_bn_p5 is
    '5th percentile of the extra interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.delta_interest_usd_bn_p50 is
    'median of the extra interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.delta_interest_usd_bn_p95 is
    '95th percentile of the extra interest across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.cumulative_delta_usd_bn_p5 is
    '5th percentile of each draw''s cumulative sum across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.cumulative_delta_usd_bn_p50 is
    'median of each draw''s cumulative sum across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.cumulative_delta_usd_bn_p95 is
    '95th percentile of each draw''s cumulative sum across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.cbo_net_interest_usd_bn is 'CBO''s baseline net interest, $bn';
comment on column report.fiscal_annual.gdp_usd_bn is 'the baseline''s fiscal-year GDP, $bn';
comment on column report.fiscal_annual.revenues_usd_bn is 'the baseline''s revenues, $bn';
comment on column report.fiscal_annual.baseline_outlays_usd_bn is
    'total outlays on the baseline path: non-interest outlays plus baseline_interest_usd_bn, $bn';
comment on column report.fiscal_annual.scenario_outlays_usd_bn is
    'total outlays under the scenario: non-interest outlays (less any fiscal consolidation) plus '
    'scenario_interest_usd_bn, $bn';
comment on column report.fiscal_annual.baseline_interest_pct_gdp is
    'baseline net interest as a percent of GDP';
comment on column report.fiscal_annual.scenario_interest_pct_gdp is
    'scenario net interest as a percent of GDP';
comment on column report.fiscal_annual.baseline_interest_pct_revenues is
    'baseline net interest as a percent of revenues';
comment on column report.fiscal_annual.scenario_interest_pct_revenues is
    'scenario net interest as a percent of revenues';
comment on column report.fiscal_annual.baseline_interest_pct_outlays is
    'baseline net interest as a percent of baseline outlays';
comment on column report.fiscal_annual.scenario_interest_pct_outlays is
    'scenario net interest as a percent of scenario outlays';
comment on column report.fiscal_annual.scenario_interest_pct_outlays_p50 is
    'median of that share across the Monte Carlo draws, percent';
comment on column report.fiscal_annual.baseline_debt_pct_gdp is
    'debt held by the public (marketable + nonmarketable) at the end of the fiscal year as a percent of '
    'fiscal-year GDP, baseline';
comment on column report.fiscal_annual.scenario_debt_pct_gdp is 'the same under the scenario, percent';
comment on column report.fiscal_annual.scenario_debt_pct_gdp_p5 is
    '5th percentile of scenario debt across the Monte Carlo draws, percent of GDP';
comment on column report.fiscal_annual.scenario_debt_pct_gdp_p50 is
    'median of scenario debt across the Monte Carlo draws, percent of GDP';
comment on column report.fiscal_annual.scenario_debt_pct_gdp_p95 is
    '95th percentile of scenario debt across the Monte Carlo draws, percent of GDP';
comment on column report.fiscal_annual.baseline_avg_rate_pct is
    'baseline interest on marketable debt / its average stock over the year, percent';
comment on column report.fiscal_annual.scenario_avg_rate_pct is 'the same under the scenario, percent';
comment on column report.fiscal_annual.rollover_usd_bn is
    'part of delta_interest_usd_bn from refinancing the debt outstanding at the start at the scenario''s '
    'yields, $bn';
comment on column report.fiscal_annual.deficit_financing_usd_bn is
    'part of delta_interest_usd_bn from debt issued for new deficits (and its refinancing), $bn';
comment on column report.fiscal_annual.snowball_usd_bn is
    'part of delta_interest_usd_bn that is interest on borrowed extra interest (with the confidence channel '
    'on, also that channel''s add-on), $bn; rollover + deficit_financing + snowball = delta';
comment on column report.fiscal_annual.fed_remittance_loss_usd_bn is
    'fall in Fed remittances when the Fed absorbs part of the sale: its reserves cost the policy rate, its '
    'purchases earn their yield, $bn';
comment on column report.fiscal_annual.treasury_only_delta_usd_bn is
    'Treasury''s extra net interest alone (= delta_interest_usd_bn), $bn';
comment on column report.fiscal_annual.treasury_plus_fed_delta_usd_bn is
    'delta_interest_usd_bn + fed_remittance_loss_usd_bn, $bn';
comment on column report.fiscal_annual.treasury_plus_fed_delta_usd_bn_p5 is
    '5th percentile of the Treasury plus Fed cost across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.treasury_plus_fed_delta_usd_bn_p50 is
    'median of the Treasury plus Fed cost across the Monte Carlo draws, $bn';
comment on column report.fiscal_annual.treasury_plus_fed_delta_usd_bn_p95 is
    '95th percentile of the Treasury plus Fed cost across the Monte Carlo draws, $bn';
