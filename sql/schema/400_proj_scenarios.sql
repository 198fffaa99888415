-- One row per scenario projected in a run: the validated scenario (as JSON) and its headline numbers.
-- Money in $bn; yield moves in bp; a sale is written positive (it is a negative purchase) and raises
-- yields. Unsuffixed numbers use the calibration's point estimates; _p5/_p50/_p95 are percentiles
-- across the Monte Carlo draws.
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
    -- the sale re-expressed as 10-year notes of the same modified duration
    sale_10y_eq_usd_bn double not null check (sale_10y_eq_usd_bn >= 0),
    fed_absorption_share double not null check (fed_absorption_share between 0 and 1),
    -- long-run 10-year response / its peak (point estimate); 0 transitory, 1 permanent
    permanent_share double,
    peak_10y_bp double not null,
    peak_10y_bp_p5 double not null,
    peak_10y_bp_p50 double not null,
    peak_10y_bp_p95 double not null,
    -- extra net interest summed over the projected fiscal years (Treasury only)
    ten_year_extra_interest_usd_bn double not null,
    ten_year_extra_interest_usd_bn_p5 double not null,
    ten_year_extra_interest_usd_bn_p50 double not null,
    ten_year_extra_interest_usd_bn_p95 double not null,
    -- the same plus the fall in Fed remittances (reserves paid the policy rate)
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
