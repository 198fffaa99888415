create table if not exists raw.series (
    series_id varchar primary key,
    title varchar,
    units varchar,
    frequency varchar,
    seasonal_adjustment varchar,
    observation_start date,
    observation_end date,
    last_updated varchar,
    notes varchar,
    source varchar not null check (source in ('snapshot', 'fred')),
    fetched_at timestamptz not null,
    run_id varchar not null
);

comment on table raw.series is
    'One row per FRED series: its metadata as the source gives it. Overwritten by each fetch (it describes '
    'the series now); the observations themselves are never overwritten (raw.observations).';
comment on column raw.series.series_id is 'FRED series id (meta.catalog)';
comment on column raw.series.title is 'the series'' title as the source gives it';
comment on column raw.series.units is 'units as the source gives them, e.g. Billions of Dollars';
comment on column raw.series.frequency is 'frequency as the source names it, e.g. Monthly';
comment on column raw.series.seasonal_adjustment is
    'seasonal adjustment as FRED names it, e.g. Not Seasonally Adjusted; null from the snapshot';
comment on column raw.series.observation_start is 'first observation date the source has';
comment on column raw.series.observation_end is 'last observation date the source has';
comment on column raw.series.last_updated is
    'when FRED last updated the series, verbatim, e.g. 2026-11-02 07:51:03-06: the incremental refresh '
    'fetches observations only when it has moved';
comment on column raw.series.notes is 'the source''s notes on the series';
comment on column raw.series.source is 'snapshot (the embedded copy) or fred (fetched live)';
comment on column raw.series.fetched_at is 'when the metadata was fetched (UTC)';
comment on column raw.series.run_id is 'the refresh run that fetched it (meta.runs)';
