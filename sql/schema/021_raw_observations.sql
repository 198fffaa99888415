create table if not exists raw.observations (
    series_id varchar not null,
    date date not null,
    value double,
    realtime_start date not null,
    realtime_end date not null,
    run_id varchar not null,
    primary key (series_id, date, realtime_start),
    check (realtime_end >= realtime_start)
);

comment on table raw.observations is
    'Every vintage of every FRED observation, as fetched and never overwritten. FRED''s "." is a NULL '
    'value, kept. stg.observations is the latest vintage; stg.observation_vintages adds each vintage''s '
    'effective end.';
comment on column raw.observations.series_id is 'FRED series id (meta.catalog)';
comment on column raw.observations.date is
    'observation date as FRED gives it: the first day of the period for monthly, quarterly and annual '
    'series; the day itself for daily and weekly (Wednesday) series';
comment on column raw.observations.value is
    'the value in the series'' units (meta.catalog.units); NULL where FRED serves "."';
comment on column raw.observations.realtime_start is
    'first day this value was known (its vintage). A plain FRED request stamps rows with the fetch date, so '
    'a row is added only when the value differs from the latest stored vintage; ALFRED requests bring their '
    'own dates';
comment on column raw.observations.realtime_end is
    'last day of the vintage as the source gave it (9999-12-31: still current); stg.observation_vintages '
    'derives the effective end';
comment on column raw.observations.run_id is 'the refresh run that added the row (meta.runs)';
