create table if not exists calib.episodes (
    run_id varchar not null,
    episode varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    baseline_month date not null,
    end_month date not null,
    sale_usd_bn double not null,
    gdp_usd_bn double not null check (gdp_usd_bn > 0),
    sale_pct_gdp double not null,
    implied_bp double not null,
    implied_p5_bp double not null,
    implied_p95_bp double not null,
    actual_monthly_bp double,
    actual_published_bp double,
    custody_change_usd_bn double,
    description varchar not null,
    confounders varchar not null,
    primary key (run_id, episode, method, tenor),
    check (baseline_month < end_month),
    check (implied_p5_bp <= implied_p95_bp)
);

comment on table calib.episodes is
    'Episode replay: the impact each method implies for a known foreign sale beside the actual change in '
    'the monthly-average yield over the window and the published move where one exists. Sales and published '
    'moves are from the research file''s rows.';
comment on column calib.episodes.run_id is 'the calibration run (meta.runs)';
comment on column calib.episodes.episode is
    'march_2020, japan_2022, japan_2024_apr_may, japan_2024_jul or april_2025 (a contrast: not an official '
    'sale)';
comment on column calib.episodes.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column calib.episodes.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.episodes.baseline_month is
    'the month before the episode (first day): where the actual move starts';
comment on column calib.episodes.end_month is 'the episode''s month (first day): where it ends';
comment on column calib.episodes.sale_usd_bn is 'the foreign sale, $bn (a sale positive)';
comment on column calib.episodes.gdp_usd_bn is
    'GDP of end_month''s quarter, $bn at a seasonally adjusted annual rate';
comment on column calib.episodes.sale_pct_gdp is 'sale_usd_bn as a percent of gdp_usd_bn';
comment on column calib.episodes.implied_bp is
    'the method''s point impact x sale_pct_gdp, bp (positive = yields rise)';
comment on column calib.episodes.implied_p5_bp is '5th percentile of the implied move across the draws, bp';
comment on column calib.episodes.implied_p95_bp is '95th percentile of the implied move across the draws, bp';
comment on column calib.episodes.actual_monthly_bp is
    'actual change in the monthly-average yield from baseline_month to end_month, bp';
comment on column calib.episodes.actual_published_bp is
    'the published move of the 10-year yield where one exists (e.g. +64 bp over 9-18 March 2020), bp; 10y '
    'rows only';
comment on column calib.episodes.custody_change_usd_bn is
    'change in Fed custody holdings for foreign official accounts over the window, $bn at face value (a '
    'sale is negative)';
comment on column calib.episodes.description is 'what happened, with the research file''s rows';
comment on column calib.episodes.confounders is 'what else moved yields in the window';
