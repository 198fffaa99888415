create or replace view report.yield_paths as
select proj.*
from proj.yield_paths as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.yield_paths is
    'proj.yield_paths of the latest successful projection (see report.lineage): monthly yields by tenor, '
    'baseline and scenario, with bands.';

-- columns as in proj.yield_paths: copied from its comments by `make docs` (edit them there)
comment on column report.yield_paths.run_id is 'the projection run (meta.runs)';
comment on column report.yield_paths.scenario is 'scenario name (proj.scenarios)';
comment on column report.yield_paths.month is 'the month, dated by its first day; values are for that month';
comment on column report.yield_paths.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.yield_paths.baseline_yield_pct is 'the baseline''s yield, percent (bond-equivalent)';
comment on column report.yield_paths.scenario_yield_pct is
    'the scenario''s yield (point projection), percent';
comment on column report.yield_paths.scenario_yield_pct_p5 is
    'baseline_yield_pct + shock_bp_p5 / 100, percent';
comment on column report.yield_paths.scenario_yield_pct_p50 is
    'baseline_yield_pct + shock_bp_p50 / 100, percent';
comment on column report.yield_paths.scenario_yield_pct_p95 is
    'baseline_yield_pct + shock_bp_p95 / 100, percent';
comment on column report.yield_paths.shock_bp is
    'scenario_yield_pct - baseline_yield_pct, bp (positive = yields rise)';
comment on column report.yield_paths.shock_bp_p5 is
    '5th percentile of the shock across the Monte Carlo draws, bp';
comment on column report.yield_paths.shock_bp_p50 is 'median of the shock across the Monte Carlo draws, bp';
comment on column report.yield_paths.shock_bp_p95 is
    '95th percentile of the shock across the Monte Carlo draws, bp';
