create table if not exists proj.grid (
    run_id varchar not null,
    grid varchar not null,
    cell varchar not null,
    sale_index integer not null check (sale_index >= 0),
    pace_index integer not null check (pace_index >= 0),
    fed_index integer not null check (fed_index >= 0),
    cell_key varchar not null,
    base_scenario varchar not null,
    seller varchar not null,
    sale_share_of_holdings double check (sale_share_of_holdings between 0 and 1),
    pace_months integer not null check (pace_months >= 1),
    fed_absorption_share double not null check (fed_absorption_share between 0 and 1),
    base_seed bigint not null check (base_seed >= 0),
    seed bigint not null check (seed >= 0),
    draws integer not null check (draws >= 1),
    sale_usd_bn double not null check (sale_usd_bn >= 0),
    sale_pct_gdp double not null check (sale_pct_gdp >= 0),
    sale_pct_marketable_debt double not null check (sale_pct_marketable_debt >= 0),
    sale_10y_eq_usd_bn double not null check (sale_10y_eq_usd_bn >= 0),
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
    spec_json json not null,
    primary key (run_id, cell),
    unique (run_id, sale_index, pace_index, fed_index),
    unique (run_id, cell_key),
    check (peak_10y_bp_p5 <= peak_10y_bp_p50 and peak_10y_bp_p50 <= peak_10y_bp_p95),
    check (
        ten_year_extra_interest_usd_bn_p5 <= ten_year_extra_interest_usd_bn_p50
        and ten_year_extra_interest_usd_bn_p50 <= ten_year_extra_interest_usd_bn_p95
    )
);

comment on table proj.grid is
    'One row per cell of a scenario grid (selloff project --grid FILE): a base scenario varied over sale '
    'size x pace x Fed absorption, each cell projected with its own Monte Carlo seed. Money in $bn; yield '
    'moves in bp; a sale is written positive (it is a negative purchase) and raises yields. Unsuffixed '
    'numbers use the calibration''s point estimates; _p5/_p50/_p95 are percentiles across the cell''s '
    'draws.';
comment on column proj.grid.run_id is 'the projection run (meta.runs)';
comment on column proj.grid.grid is 'the grid''s name';
comment on column proj.grid.cell is 'the cell''s scenario name, {grid}-{sale_index}-{pace_index}-{fed_index}';
comment on column proj.grid.sale_index is 'position of the cell on the sale-size axis, from 0';
comment on column proj.grid.pace_index is 'position on the pace axis, from 0';
comment on column proj.grid.fed_index is 'position on the Fed-absorption axis, from 0';
comment on column proj.grid.cell_key is
    'canonical coordinates, e.g. sale.share_of_holdings=0.5;sale.pace_months=12;fed.absorption_share=0.0: '
    'the seed is keyed by them, so a cell''s numbers do not depend on the grid around it or on the worker';
comment on column proj.grid.base_scenario is 'the scenario the grid varies';
comment on column proj.grid.seller is
    'the TIC holder selling, e.g. Japan, or several joined by + ; none for a scenario without a sale';
comment on column proj.grid.sale_share_of_holdings is
    'the size coordinate when the grid gives sizes as shares of holdings, 0-1; null when it gives $bn (then '
    'sale_usd_bn is the coordinate)';
comment on column proj.grid.pace_months is 'months over which the sale is spread';
comment on column proj.grid.fed_absorption_share is 'share of the sale the Fed buys, 0-1';
comment on column proj.grid.base_seed is 'the grid''s seed';
comment on column proj.grid.seed is
    'the seed the engine was given: SeedSequence(entropy=base_seed, spawn_key=blake2b(cell_key))';
comment on column proj.grid.draws is 'Monte Carlo draws';
comment on column proj.grid.sale_usd_bn is
    'face amount sold, $bn (a sale is written positive: it is a negative purchase)';
comment on column proj.grid.sale_pct_gdp is
    'the sale as a percent of GDP (annualised) in the sale''s first month';
comment on column proj.grid.sale_pct_marketable_debt is
    'the sale as a percent of marketable debt in the sale''s first month';
comment on column proj.grid.sale_10y_eq_usd_bn is
    'the sale re-expressed as 10-year notes of the same modified duration, $bn';
comment on column proj.grid.permanent_share is
    'long-run 10-year response / its peak (point estimate): 0 transitory, 1 permanent; null when the peak '
    'is not positive';
comment on column proj.grid.peak_10y_bp is
    'largest change of the 10-year yield against the baseline over the horizon (point projection), bp, '
    'positive = yields rise';
comment on column proj.grid.peak_10y_bp_p5 is
    '5th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.grid.peak_10y_bp_p50 is 'median of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.grid.peak_10y_bp_p95 is
    '95th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.grid.ten_year_extra_interest_usd_bn is
    'extra net interest summed over the projected fiscal years (ten by default), Treasury only, $bn';
comment on column proj.grid.ten_year_extra_interest_usd_bn_p5 is
    '5th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.grid.ten_year_extra_interest_usd_bn_p50 is
    'median of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.grid.ten_year_extra_interest_usd_bn_p95 is
    '95th percentile of each draw''s sum across the Monte Carlo draws, $bn';
comment on column proj.grid.ten_year_extra_cost_treasury_plus_fed_usd_bn is
    'ten_year_extra_interest_usd_bn plus the fall in Fed remittances (its reserves are paid the policy '
    'rate), $bn';
comment on column proj.grid.interest_pct_outlays_last_fy is
    'net interest as a percent of total outlays in last_fy, under the scenario (point projection)';
comment on column proj.grid.interest_pct_outlays_last_fy_p50 is
    'median of that share across the Monte Carlo draws, percent';
comment on column proj.grid.last_fy is
    'the last projected federal fiscal year (October-September, named by the year it ends)';
comment on column proj.grid.warnings is
    'caveats, e.g. a sale beyond the largest in the calibration sample (extrapolated linearly), a sale '
    'above the seller''s holdings, the confidence channel on';
comment on column proj.grid.spec_json is
    'the cell as a complete scenario (seed and draws included): it reproduces the cell on its own';
