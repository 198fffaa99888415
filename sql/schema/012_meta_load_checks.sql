create table if not exists meta.load_checks (
    run_id varchar not null,
    dataset varchar not null,
    status varchar not null check (status in ('loaded', 'unchanged', 'not_updated', 'failed')),
    requests integer not null default 0,
    rows_fetched integer not null default 0,
    rows_added integer not null default 0,
    first_date date,
    last_date date,
    message varchar,
    primary key (run_id, dataset)
);

comment on table meta.load_checks is
    'Checks after each load, one row per dataset (FRED series or the TIC table) per refresh run: what was '
    'fetched, what was added as new vintages, the date coverage, and why a dataset failed if it did.';
comment on column meta.load_checks.run_id is 'the refresh run (meta.runs)';
comment on column meta.load_checks.dataset is
    'a FRED series id, or TIC for Treasury''s major-foreign-holders table';
comment on column meta.load_checks.status is
    'loaded (new vintages added), unchanged (fetched, nothing new), not_updated (FRED''s last_updated had '
    'not moved, so no observations were fetched) or failed (see message)';
comment on column meta.load_checks.requests is
    'HTTP requests made for the dataset, retries included (0 from the snapshot)';
comment on column meta.load_checks.rows_fetched is 'observations fetched';
comment on column meta.load_checks.rows_added is 'rows added to raw.* as new vintages';
comment on column meta.load_checks.first_date is 'first observation date fetched';
comment on column meta.load_checks.last_date is 'last observation date fetched';
comment on column meta.load_checks.message is
    'why the dataset failed (the source''s message, never the key), or a note; null otherwise';
