-- One row per FRED series: metadata as the source gives it. Overwritten by each fetch (it describes
-- the series now); the observations themselves are never overwritten.
create table if not exists raw.series (
    series_id varchar primary key,
    title varchar,
    units varchar,
    frequency varchar,
    seasonal_adjustment varchar,
    observation_start date,
    observation_end date,
    -- as FRED gives it, e.g. '2026-11-02 07:51:03-06'; the incremental refresh compares it verbatim
    last_updated varchar,
    notes varchar,
    source varchar not null check (source in ('snapshot', 'fred')),
    fetched_at timestamptz not null,
    run_id varchar not null
);
