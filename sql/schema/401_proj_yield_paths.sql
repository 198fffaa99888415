-- Monthly Treasury yields by tenor: the baseline's and the scenario's, with Monte Carlo bands.
-- Yields in percent, bond-equivalent; shock_bp = scenario minus baseline, bp (positive = yields rise).
-- `month` is the first day of the month; values are for that month.
create table if not exists proj.yield_paths (
    run_id varchar not null,
    scenario varchar not null,
    month date not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    baseline_yield_pct double not null,
    scenario_yield_pct double not null,
    scenario_yield_pct_p5 double not null,
    scenario_yield_pct_p50 double not null,
    scenario_yield_pct_p95 double not null,
    shock_bp double not null,
    shock_bp_p5 double not null,
    shock_bp_p50 double not null,
    shock_bp_p95 double not null,
    primary key (run_id, scenario, month, tenor),
    check (month = date_trunc('month', month)),
    check (shock_bp_p5 <= shock_bp_p50 and shock_bp_p50 <= shock_bp_p95)
);
