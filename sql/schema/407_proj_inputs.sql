create table if not exists proj.inputs (
    run_id varchar not null,
    input varchar not null,
    description varchar not null,
    source varchar not null,
    data_to date not null,
    frequency varchar not null check (frequency in ('D', 'W', 'M', 'Q', 'A', 'fixed')),
    usual_lag_months integer not null check (usual_lag_months >= 0),
    stale boolean not null,
    note varchar,
    primary key (run_id, input)
);

comment on table proj.inputs is
    'Every input of a projection run with the date its data run to, and whether it is older than its '
    'usual publication lag would explain, judged against the latest month of yields (the projection starts '
    'the month after). One row per input: each yield tenor, GDP, TIC holdings, the CBO baseline, the debt '
    'structure facts.';
comment on column proj.inputs.run_id is 'the projection run (meta.runs)';
comment on column proj.inputs.input is 'the input, e.g. yield_10y, gdp, tic_holdings, cbo_baseline';
comment on column proj.inputs.description is 'what it is, in words';
comment on column proj.inputs.source is 'the published source (series id or publication)';
comment on column proj.inputs.data_to is
    'the last period the data cover (first day of the month or quarter; a publication''s date)';
comment on column proj.inputs.frequency is 'D daily, W weekly, M monthly, Q quarterly, A annual, fixed';
comment on column proj.inputs.usual_lag_months is
    'months after the end of a period that its figure is usually published';
comment on column proj.inputs.stale is
    'whether data_to is older than the usual lag explains, against the latest month of yields';
comment on column proj.inputs.note is 'how the projection uses it, or what stands in when it is stale';
