create or replace view report.inputs as
select proj.*
from proj.inputs as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.inputs is
    'proj.inputs of the latest successful projection (see report.lineage): every input with the date its '
    'data run to, and a freshness flag.';

-- columns as in proj.inputs: copied from its comments by `make docs` (edit them there)
comment on column report.inputs.run_id is 'the projection run (meta.runs)';
comment on column report.inputs.input is 'the input, e.g. yield_10y, gdp, tic_holdings, cbo_baseline';
comment on column report.inputs.description is 'what it is, in words';
comment on column report.inputs.source is 'the published source (series id or publication)';
comment on column report.inputs.data_to is
    'the last period the data cover (first day of the month or quarter; a publication''s date)';
comment on column report.inputs.frequency is 'D daily, W weekly, M monthly, Q quarterly, A annual, fixed';
comment on column report.inputs.usual_lag_months is
    'months after the end of a period that its figure is usually published';
comment on column report.inputs.stale is
    'whether data_to is older than the usual lag explains, against the latest month of yields';
comment on column report.inputs.note is 'how the projection uses it, or what stands in when it is stale';
