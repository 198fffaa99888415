create or replace view report.baseline_check as
select proj.*
from proj.baseline_check as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.baseline_check is
    'proj.baseline_check of the latest successful projection (see report.lineage): the fiscal engine''s '
    'baseline net interest against CBO''s.';

-- columns as in proj.baseline_check: copied from its comments by `make docs` (edit them there)
comment on column report.baseline_check.run_id is 'the projection run (meta.runs)';
comment on column report.baseline_check.baseline is 'the fiscal baseline projected against, e.g. cbo-2026-02';
comment on column report.baseline_check.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column report.baseline_check.cbo_net_interest_usd_bn is
    'CBO''s net interest, $bn; null where the baseline''s data do not have it';
comment on column report.baseline_check.model_net_interest_usd_bn is
    'the model''s baseline net interest (model_marketable_interest_usd_bn + bridge_usd_bn), $bn';
comment on column report.baseline_check.diff_usd_bn is
    'model_net_interest_usd_bn - cbo_net_interest_usd_bn, $bn; null without CBO''s figure';
comment on column report.baseline_check.diff_pct is 'diff_usd_bn as a percent of cbo_net_interest_usd_bn';
comment on column report.baseline_check.within_tolerance is
    'whether diff_pct is within plus or minus tolerance_pct; null without CBO''s figure';
comment on column report.baseline_check.model_marketable_interest_usd_bn is
    'the model''s interest on marketable debt held by the public, $bn (the first year''s months before the '
    'start from the rebuilt debt, the rest from the engine)';
comment on column report.baseline_check.bridge_usd_bn is
    'nonmarketable interest and other net interest, added to reach CBO''s concept, $bn';
comment on column report.baseline_check.cbo_debt_held_by_public_usd_bn is
    'CBO''s debt held by the public at the end of the fiscal year, $bn';
comment on column report.baseline_check.model_debt_held_by_public_usd_bn is
    'the model''s: marketable debt at the end of the fiscal year plus nonmarketable debt, $bn';
comment on column report.baseline_check.binding is 'whether this year''s net interest check is binding';
comment on column report.baseline_check.tolerance_pct is
    'the net interest tolerance of the baseline, percent';
comment on column report.baseline_check.realised_months is
    'months of the fiscal year before the projection''s start (history)';
comment on column report.baseline_check.debt_diff_pct is 'model debt minus CBO''s, as a percent of CBO''s';
comment on column report.baseline_check.debt_tolerance_pct is
    'the baseline''s debt tolerance, percent, every year; null when the debt check is not binding';
comment on column report.baseline_check.debt_within_tolerance is
    'whether debt_diff_pct is within plus or minus debt_tolerance_pct; null when not binding';
