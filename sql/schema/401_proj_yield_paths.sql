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

comment on table proj.yield_paths is
    'Monthly Treasury yields by tenor under each scenario: the baseline''s and the scenario''s, with Monte '
    'Carlo bands.';
comment on column proj.yield_paths.run_id is 'the projection run (meta.runs)';
comment on column proj.yield_paths.scenario is 'scenario name (proj.scenarios)';
comment on column proj.yield_paths.month is 'the month, dated by its first day; values are for that month';
comment on column proj.yield_paths.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column proj.yield_paths.baseline_yield_pct is 'the baseline''s yield, percent (bond-equivalent)';
comment on column proj.yield_paths.scenario_yield_pct is 'the scenario''s yield (point projection), percent';
comment on column proj.yield_paths.scenario_yield_pct_p5 is 'baseline_yield_pct + shock_bp_p5 / 100, percent';
comment on column proj.yield_paths.scenario_yield_pct_p50 is
    'baseline_yield_pct + shock_bp_p50 / 100, percent';
comment on column proj.yield_paths.scenario_yield_pct_p95 is
    'baseline_yield_pct + shock_bp_p95 / 100, percent';
comment on column proj.yield_paths.shock_bp is
    'scenario_yield_pct - baseline_yield_pct, bp (positive = yields rise)';
comment on column proj.yield_paths.shock_bp_p5 is
    '5th percentile of the shock across the Monte Carlo draws, bp';
comment on column proj.yield_paths.shock_bp_p50 is 'median of the shock across the Monte Carlo draws, bp';
comment on column proj.yield_paths.shock_bp_p95 is
    '95th percentile of the shock across the Monte Carlo draws, bp';
