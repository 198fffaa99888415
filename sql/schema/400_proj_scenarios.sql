create table if not exists proj.scenarios (
    run_id varchar not null,
    scenario varchar not null,
    title varchar not null,
    label varchar,
    baseline varchar not null,
    spec_json json not null,
    draws integer not null check (draws >= 1),
    seed bigint not null check (seed >= 0),
    seller varchar not null,
    sale_usd_bn double not null check (sale_usd_bn >= 0),
    sale_pct_gdp double not null check (sale_pct_gdp >= 0),
    sale_pct_marketable_debt double not null check (sale_pct_marketable_debt >= 0),
    sale_10y_eq_usd_bn double not null check (sale_10y_eq_usd_bn >= 0),
    fed_absorption_share double not null check (fed_absorption_share between 0 and 1),
    permanent_share double,
    peak_10y_bp double not null,
    peak_10y_bp_p5 double not null,
    peak_10y_bp_p50 double not null,
    peak_10y_bp_p95 double not null,
    ten_year_extra_interest_usd_bn double not null,
    ten_year_extra_interest_usd_bn_p5 double not null,
    ten_year_extra_interest_usd_bn_p50 double not null,
    ten_year_extra_interest_usd_bn_p95 double not null,
    ten_year_extra_cost_treasury_plus_fed_usd_bn double not null,
    interest_pct_outlays_last_fy double not null,
    interest_pct_outlays_last_fy_p50 double not null,
    last_fy integer not null,
    warnings varchar[] not null default [],
    primary key (run_id, scenario),
    check (peak_10y_bp_p5 <= peak_10y_bp_p50 and peak_10y_bp_p50 <= peak_10y_bp_p95),
    check (
        ten_year_extra_interest_usd_bn_p5 <= ten_year_extra_interest_usd_bn_p50
        and ten_year_extra_interest_usd_bn_p50 <= ten_year_extra_interest_usd_bn_p95
    )
);

comment on table proj.scenarios is
    'One row per scenario projected in a run: the validated scenario (as JSON) and its headline numbers. '
    'Money in $bn; yield moves in bp; a sale is written positive (it is a negative purchase) and raises '
    'yields. Unsuffixed numbers use the calibration''s point estimates; _p5/_p50/_p95 are percentiles '
    'across the Monte Carlo draws.';
comment on column proj.scenarios.run_id is 'the projection run (meta.runs)';
comment on column proj.scenarios.scenario is 'scenario name: a bundled scenarios/*.toml or a user''s file';
comment on column proj.scenarios.title is 'the scenario''s title';
comment on column proj.scenarios.label is 'a short qualifier, e.g. upper-bound stress; null if none';
comment on column proj.scenarios.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column proj.scenarios.spec_json is
    'the validated scenario as JSON, defaults included: it reproduces the row';
comment on column proj.scenarios.draws is 'Monte Carlo draws';
comment on column proj.scenarios.seed is 'Monte Carlo seed';
comment on column proj.scenarios.seller is
    'the TIC holder selling, e.g. Japan, or several joined by + ; none for a scenario without a sale';
comment on column proj.scenarios.sale_usd_bn is
    'face amount sold, $bn (a sale is written positive: it is a negative purchase)';
comment on column proj.scenarios.sale_pct_gdp is
    'the sale as a percent of GDP (annualised) in the sale''s first month';
comment on column proj.scenarios.sale_pct_marketable_debt is
    'the sale as a percent of marketable debt in the sale''s first month';
comment on column proj.scenarios.sale_10y_eq_usd_bn is
    'the sale re-expressed as 10-year notes of the same modified duration, $bn';
comment on column proj.scenarios.fed_absorption_share is 'share of the sale the Fed buys, 0-1';
comment on column proj.scenarios.permanent_share is
    'long-run 10-year response / its peak (point estimate): 0 transitory, 1 permanent; null when the peak '
    'is not positive';
comment on column proj.scenarios.peak_10y_bp is
    'largest change of the 10-year yield against the baseline over the horizon (point projection), bp, '
    'positive = yields rise';
comment on column proj.scenarios.peak_10y_bp_p5 is
    '5th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.scenarios.peak_10y_bp_p50 is
    'median of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.scenarios.peak_10y_bp_p95 is
    '95th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.scenarios.ten_year_extra_interest_usd_bn is
    'extra net interest summed over the projected fiscal years (ten by default), Treasury only, $bn';
comment on column proj.scenarios.ten_year_extra_interest_usd_bn_p5 is
    '5th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.scenarios.ten_year_extra_interest_usd_bn_p50 is
    'median of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.scenarios.ten_year_extra_interest_usd_bn_p95 is
    '95th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.scenarios.ten_year_extra_cost_treasury_plus_fed_usd_bn is
    'ten_year_extra_interest_usd_bn plus the fall in Fed remittances (its reserves are paid the policy '
    'rate), $bn';
comment on column proj.scenarios.interest_pct_outlays_last_fy is
    'net interest as a percent of total outlays in last_fy, under the scenario (point projection)';
comment on column proj.scenarios.interest_pct_outlays_last_fy_p50 is
    'median of that share across the Monte Carlo draws, percent';
comment on column proj.scenarios.last_fy is
    'the last projected federal fiscal year (October-September, named by the year it ends)';
comment on column proj.scenarios.warnings is
    'caveats, e.g. a sale beyond the largest in the calibration sample (extrapolated linearly), a sale '
    'above the seller''s holdings, the confidence channel on';
