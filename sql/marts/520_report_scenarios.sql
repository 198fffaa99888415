create or replace view report.scenarios as
select proj.*
from proj.scenarios as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.scenarios is
    'proj.scenarios of the latest successful projection (see report.lineage): one row per scenario with its '
    'headline numbers.';

-- columns as in proj.scenarios: copied from its comments by `make docs` (edit them there)
comment on column report.scenarios.run_id is 'the projection run (meta.runs)';
comment on column report.scenarios.scenario is 'scenario name: a bundled scenarios/*.toml or a user''s file';
comment on column report.scenarios.title is 'the scenario''s title';
comment on column report.scenarios.label is 'a short qualifier, e.g. upper-bound stress; null if none';
comment on column report.scenarios.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column report.scenarios.spec_json is
    'the validated scenario as JSON, defaults included: it reproduces the row';
comment on column report.scenarios.draws is 'Monte Carlo draws';
comment on column report.scenarios.seed is 'Monte Carlo seed';
comment on column report.scenarios.seller is
    'the TIC holder selling, e.g. Japan, or several joined by + ; none for a scenario without a sale';
comment on column report.scenarios.sale_usd_bn is
    'face amount sold, $bn (a sale is written positive: it is a negative purchase)';
comment on column report.scenarios.sale_pct_gdp is
    'the sale as a percent of GDP (annualised) in the sale''s first month';
comment on column report.scenarios.sale_pct_marketable_debt is
    'the sale as a percent of marketable debt in the sale''s first month';
comment on column report.scenarios.sale_10y_eq_usd_bn is
    'the sale re-expressed as 10-year notes of the same modified duration, $bn';
comment on column report.scenarios.fed_absorption_share is 'share of the sale the Fed buys, 0-1';
comment on column report.scenarios.permanent_share is
    'long-run 10-year response / its peak (point estimate): 0 transitory, 1 permanent; null when the peak '
    'is not positive';
comment on column report.scenarios.peak_10y_bp is
    'largest change of the 10-year yield against the baseline over the horizon (point projection), bp, '
    'positive = yields rise';
comment on column report.scenarios.peak_10y_bp_p5 is
    '5th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column report.scenarios.peak_10y_bp_p50 is
    'median of each draw''s peak across the Monte Carlo draws, bp';
comment on column report.scenarios.peak_10y_bp_p95 is
    '95th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column report.scenarios.ten_year_extra_interest_usd_bn is
    'extra net interest summed over the projected fiscal years (ten by default), Treasury only, $bn';
comment on column report.scenarios.ten_year_extra_interest_usd_bn_p5 is
    '5th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column report.scenarios.ten_year_extra_interest_usd_bn_p50 is
    'median of each draw''s sum across the Monte Carlo draws, $bn';
comment on column report.scenarios.ten_year_extra_interest_usd_bn_p95 is
    '95th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column report.scenarios.ten_year_extra_cost_treasury_plus_fed_usd_bn is
    'ten_year_extra_interest_usd_bn plus the fall in Fed remittances (its reserves are paid the policy '
    'rate), $bn';
comment on column report.scenarios.interest_pct_outlays_last_fy is
    'net interest as a percent of total outlays in last_fy, under the scenario (point projection)';
comment on column report.scenarios.interest_pct_outlays_last_fy_p50 is
    'median of that share across the Monte Carlo draws, percent';
comment on column report.scenarios.last_fy is
    'the last projected federal fiscal year (October-September, named by the year it ends)';
comment on column report.scenarios.warnings is
    'caveats, e.g. a sale beyond the largest in the calibration sample (extrapolated linearly), a sale '
    'above the seller''s holdings, the confidence channel on';
