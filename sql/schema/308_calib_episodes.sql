-- Episode replay: the impact each method implies for a known foreign sale (bp, with the 5th-95th
-- percentile of the draws) beside the actual change in the monthly-average yield over the window and the
-- published move where one exists. Sales and published moves are from the research file's rows.
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
