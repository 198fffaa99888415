create table if not exists meta.pruned_runs (
    run_id varchar primary key,
    pruned_at timestamptz not null,
    rows_deleted bigint not null check (rows_deleted >= 0)
);

comment on table meta.pruned_runs is
    'Runs whose per-run detail was deleted by retention (the keep_run_detail setting, applied after every '
    'calibrate and project run, and `selloff prune`): the calibration draws of a calibrate run, the monthly '
    'yield paths and bond prices of a project run. Their meta.runs row and headline rows (parameters, '
    'scenarios, fiscal years, mitigations) are kept for ever.';
comment on column meta.pruned_runs.run_id is 'the calibrate or project run (meta.runs)';
comment on column meta.pruned_runs.pruned_at is 'when its detail was deleted (UTC)';
comment on column meta.pruned_runs.rows_deleted is 'detail rows deleted, all tables together';
