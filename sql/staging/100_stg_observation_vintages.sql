create or replace view stg.observation_vintages as
select
    series_id,
    date,
    value,
    realtime_start,
    coalesce(
        lead(realtime_start) over (partition by series_id, date order by realtime_start) - interval 1 day,
        date '9999-12-31'
    )::date as valid_to,
    run_id
from raw.observations;

comment on view stg.observation_vintages is
    'Every vintage of every FRED observation with its effective validity: a vintage is valid from its '
    'realtime_start until the day before the next vintage of the same observation.';
comment on column stg.observation_vintages.series_id is 'FRED series id (meta.catalog)';
comment on column stg.observation_vintages.date is 'observation date, as in raw.observations';
comment on column stg.observation_vintages.value is
    'the vintage''s value in the series'' units (meta.catalog); NULL where FRED serves "."';
comment on column stg.observation_vintages.realtime_start is 'first day this vintage was known';
comment on column stg.observation_vintages.valid_to is
    'last day it was the latest vintage: the day before the next one, 9999-12-31 for the latest';
comment on column stg.observation_vintages.run_id is 'the refresh run that added it (meta.runs)';
