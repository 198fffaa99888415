-- All vintages with their effective validity: a vintage is valid from its realtime_start until the day
-- before the next vintage of the same observation (9999-12-31 for the latest).
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
