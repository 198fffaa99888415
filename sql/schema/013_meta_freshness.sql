create table if not exists meta.freshness (
    run_id varchar not null,
    dataset varchar not null,
    frequency varchar not null check (frequency in ('D', 'W', 'M', 'Q', 'A')),
    last_date date,
    release_lag_days integer not null,
    due_date date,
    checked_on date not null,
    stale boolean not null,
    primary key (run_id, dataset)
);

comment on table meta.freshness is
    'Whether the stored data were current when a refresh ended (the nightly job''s refresh included): per '
    'dataset, the latest observation against its usual publication lag. selloff status --check runs the '
    'same check for today.';
comment on column meta.freshness.run_id is 'the refresh run that checked (meta.runs)';
comment on column meta.freshness.dataset is
    'a catalogued FRED series id, or TIC for Treasury''s major-foreign-holders table';
comment on column meta.freshness.frequency is 'D, W, M, Q or A (TIC: M)';
comment on column meta.freshness.last_date is
    'latest observation with a value (latest vintage; FRED''s dating: period start, weekly the week''s '
    'end); null when nothing is stored';
comment on column meta.freshness.release_lag_days is
    'days after a period ends until its observation is usually published (by frequency, or the catalog''s '
    'release_lag_days)';
comment on column meta.freshness.due_date is
    'when the observation after last_date was due: end of the next period + release_lag_days';
comment on column meta.freshness.checked_on is 'the date checked on (the refresh''s UTC date)';
comment on column meta.freshness.stale is
    'true when checked_on is after due_date (the next observation is overdue) or nothing is stored';
