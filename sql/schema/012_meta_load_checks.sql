-- Checks after each load, one row per series (or TIC dataset) per refresh run: what was fetched, what
-- was added as new vintages, the date coverage, and why a series failed if it did.
create table if not exists meta.load_checks (
    run_id varchar not null,
    dataset varchar not null,           -- a FRED series id, or 'TIC'
    status varchar not null check (status in ('loaded', 'unchanged', 'not_updated', 'failed')),
    requests integer not null default 0,
    rows_fetched integer not null default 0,
    rows_added integer not null default 0,
    first_date date,
    last_date date,
    message varchar,
    primary key (run_id, dataset)
);
