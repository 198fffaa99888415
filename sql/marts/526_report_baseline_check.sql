create or replace view report.baseline_check as
select proj.*
from proj.baseline_check as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.baseline_check is
    'proj.baseline_check of the latest successful projection (see report.lineage): the fiscal engine''s '
    'baseline net interest against CBO''s.';

-- columns as in proj.baseline_check: copied from its comments by `make docs` (edit them there)
comment on column report.baseline_check.run_id is 'the projection run (meta.runs)';
comment on column report.baseline_check.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column report.baseline_check.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column report.baseline_check.cbo_net_interest_usd_bn is 'CBO''s net interest, $bn';
comment on column report.baseline_check.model_net_interest_usd_bn is
    'the model''s baseline net interest (model_marketable_interest_usd_bn + bridge_usd_bn), $bn';
comment on column report.baseline_check.diff_usd_bn is
    'model_net_interest_usd_bn - cbo_net_interest_usd_bn, $bn';
comment on column report.baseline_check.diff_pct is 'diff_usd_bn as a percent of cbo_net_interest_usd_bn';
comment on column report.baseline_check.within_tolerance is 'whether diff_pct is within plus or minus 10';
comment on column report.baseline_check.model_marketable_interest_usd_bn is
    'the engine''s interest on marketable debt held by the public, $bn';
comment on column report.baseline_check.bridge_usd_bn is
    'nonmarketable interest and other net interest, added to reach CBO''s concept, $bn';
comment on column report.baseline_check.cbo_debt_held_by_public_usd_bn is
    'CBO''s debt held by the public at the end of the fiscal year, $bn';
comment on column report.baseline_check.model_debt_held_by_public_usd_bn is
    'the model''s: marketable debt at the end of the fiscal year plus nonmarketable debt, $bn';
