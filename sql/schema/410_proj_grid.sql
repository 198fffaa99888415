-- One row per cell of a scenario grid (`selloff project --grid FILE`): a base scenario varied over sale
-- size × pace × Fed absorption, each cell projected with its own Monte Carlo seed. Money in $bn; yield
-- moves in bp; a sale is written positive (it is a negative purchase) and raises yields. Unsuffixed
-- numbers use the calibration's point estimates; _p5/_p50/_p95 are percentiles across the cell's draws.
create table if not exists proj.grid (
    run_id varchar not null,
    grid varchar not null,
    -- the cell's scenario name, {grid}-{sale_index}-{pace_index}-{fed_index}
    cell varchar not null,
    sale_index integer not null check (sale_index >= 0),
    pace_index integer not null check (pace_index >= 0),
    fed_index integer not null check (fed_index >= 0),
    -- canonical coordinates, e.g. 'sale.share_of_holdings=0.5;sale.pace_months=12;fed.absorption_share=0.0':
    -- the seed is keyed by them, so a cell's numbers do not depend on the grid around it or on the worker
    cell_key varchar not null,
    base_scenario varchar not null,
    seller varchar not null,
    -- the size coordinate when the grid gives sizes as shares of holdings; null when it gives $bn
    -- (then sale_usd_bn is the coordinate)
    sale_share_of_holdings double check (sale_share_of_holdings between 0 and 1),
    pace_months integer not null check (pace_months >= 1),
    fed_absorption_share double not null check (fed_absorption_share between 0 and 1),
    -- SeedSequence(entropy=base_seed, spawn_key=blake2b(cell_key)) → seed, the seed the engine was given
    base_seed bigint not null check (base_seed >= 0),
    seed bigint not null check (seed >= 0),
    draws integer not null check (draws >= 1),
    -- face amount sold, whichever way the size was given
    sale_usd_bn double not null check (sale_usd_bn >= 0),
    sale_pct_gdp double not null check (sale_pct_gdp >= 0),
    sale_pct_marketable_debt double not null check (sale_pct_marketable_debt >= 0),
    sale_10y_eq_usd_bn double not null check (sale_10y_eq_usd_bn >= 0),
    -- long-run 10-year response / its peak (point estimate); null when the peak is not positive
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
    -- the cell as a complete scenario (seed and draws included): it reproduces the cell on its own
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
