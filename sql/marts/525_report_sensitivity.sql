create or replace view report.sensitivity as
select proj.*
from proj.sensitivity as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.sensitivity is
    'proj.sensitivity of the latest successful projection (see report.lineage): the cost of all rates '
    'higher for good.';

-- columns as in proj.sensitivity: copied from its comments by `make docs` (edit them there)
comment on column report.sensitivity.run_id is 'the projection run (meta.runs)';
comment on column report.sensitivity.scenario is 'the label of the shift, e.g. rates+10bp';
comment on column report.sensitivity.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column report.sensitivity.shift_bp is 'the permanent rise of every rate, bp';
comment on column report.sensitivity.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column report.sensitivity.delta_interest_usd_bn is 'extra net interest in the fiscal year, $bn';
comment on column report.sensitivity.cumulative_delta_usd_bn is
    'delta_interest_usd_bn summed from the first projected fiscal year, $bn';
