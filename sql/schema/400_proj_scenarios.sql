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
    sale_face_usd_bn double not null check (sale_face_usd_bn >= 0),
    sale_face_per_market double not null check (sale_face_per_market > 0),
    sale_prices_month date not null,
    peak_10y_month date not null,
    ten_years_on_10y_bp double not null,
    share_draws_negative_10y_bp double not null check (share_draws_negative_10y_bp between 0 and 1),
    share_draws_negative_cost double not null check (share_draws_negative_cost between 0 and 1),
    prior_only_peak_10y_bp double,
    prior_only_ten_year_extra_interest_usd_bn double,
    start_month date not null,
    end_month date not null,
    first_fy integer not null,
    reference_gdp_usd_bn double not null check (reference_gdp_usd_bn > 0),
    reference_gdp_quarter varchar not null,
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
comment on column proj.scenarios.baseline is 'the fiscal baseline projected against, e.g. cbo-2026-02';
comment on column proj.scenarios.spec_json is
    'the validated scenario as JSON, defaults included: it reproduces the row';
comment on column proj.scenarios.draws is 'Monte Carlo draws';
comment on column proj.scenarios.seed is 'Monte Carlo seed';
comment on column proj.scenarios.seller is
    'the TIC holder selling, e.g. Japan, or several joined by + ; none for a scenario without a sale';
comment on column proj.scenarios.sale_usd_bn is
    'market value sold, $bn, at the prices of sale_prices_month, as TIC reports holdings (a sale is written '
    'positive: it is a negative purchase)';
comment on column proj.scenarios.sale_pct_gdp is
    'sale_usd_bn as a percent of the reference GDP (reference_gdp_usd_bn, annual rate)';
comment on column proj.scenarios.sale_pct_marketable_debt is
    'sale_usd_bn as a percent of marketable debt held by the public at the projection''s start';
comment on column proj.scenarios.sale_10y_eq_usd_bn is
    'the sale re-expressed as 10-year notes of the same interest-rate risk (market value times modified '
    'duration), $bn';
comment on column proj.scenarios.fed_absorption_share is 'share of the sale the Fed buys, 0-1';
comment on column proj.scenarios.permanent_share is
    'the scenario''s own permanent share: the 10-year change ten years on (ten_years_on_10y_bp) over its '
    'peak (peak_10y_bp), point projection; 1 for a permanent parallel shift; null when the path never '
    'moves. Not the calibration''s long-run/impact ratio';
comment on column proj.scenarios.peak_10y_bp is
    'the change of the 10-year yield against the baseline of largest absolute size over the projection, '
    'with its sign (point projection), bp, positive = yields rise';
comment on column proj.scenarios.peak_10y_bp_p5 is
    '5th percentile of each draw''s peak (its signed extremum) across the Monte Carlo draws, bp';
comment on column proj.scenarios.peak_10y_bp_p50 is
    'median of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.scenarios.peak_10y_bp_p95 is
    '95th percentile of each draw''s peak across the Monte Carlo draws, bp';
comment on column proj.scenarios.ten_year_extra_interest_usd_bn is
    'extra net interest summed over the projection (start_month to end_month, fiscal years first_fy to '
    'last_fy), Treasury only, $bn';
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
comment on column proj.scenarios.sale_face_usd_bn is
    'face value sold, $bn: the market value converted at the prices of sale_prices_month (what the bond '
    'maths uses)';
comment on column proj.scenarios.sale_face_per_market is
    'face value per dollar of market value of the seller''s portfolio at those prices (above 1 when its '
    'coupons are below the yields)';
comment on column proj.scenarios.sale_prices_month is
    'the month whose observed yields price the sale: the latest month of yields before the start';
comment on column proj.scenarios.peak_10y_month is 'the month of peak_10y_bp (first of the month)';
comment on column proj.scenarios.ten_years_on_10y_bp is
    'the 10-year change in the 120th projected month (the last, if the projection is shorter), point '
    'projection, bp';
comment on column proj.scenarios.share_draws_negative_10y_bp is
    'share of the Monte Carlo draws whose 10-year change peaks below zero (0-1): wrong-signed parameter '
    'draws';
comment on column proj.scenarios.share_draws_negative_cost is
    'share of the Monte Carlo draws whose extra net interest over the projection is negative (0-1)';
comment on column proj.scenarios.prior_only_peak_10y_bp is
    'peak_10y_bp of the point projection with the calibration''s literature prior alone; null if not '
    'computed';
comment on column proj.scenarios.prior_only_ten_year_extra_interest_usd_bn is
    'ten_year_extra_interest_usd_bn of the point projection with the literature prior alone, $bn';
comment on column proj.scenarios.start_month is
    'the first projected month: the month after the latest yields observed';
comment on column proj.scenarios.end_month is 'the last projected month (end of last_fy)';
comment on column proj.scenarios.first_fy is
    'the first fiscal year of the projection (it may have begun before start_month: its earlier months '
    'count as history)';
comment on column proj.scenarios.reference_gdp_usd_bn is
    'the one GDP level of every conversion to percent of GDP: the latest quarter of nominal GDP observed '
    '(FRED GDP, $bn annual rate)';
comment on column proj.scenarios.reference_gdp_quarter is 'that quarter, e.g. 2026Q1';
