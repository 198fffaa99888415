create or replace macro stg.observations_as_of(as_of) as table
with known as (
    select series_id, date, value, realtime_start
    from raw.observations
    where realtime_start <= as_of
    qualify row_number() over (partition by series_id, date order by realtime_start desc) = 1
)

select
    known.series_id,
    known.date,
    case
        when known.value = 0 and known.date < catalog.zero_means_missing_before then null
        else known.value
    end as value,
    catalog.unit_scale,
    catalog.frequency,
    known.realtime_start
from known
left join meta.catalog as catalog on catalog.series_id = known.series_id;

comment on macro table stg.observations_as_of is
    'The data as they were known on as_of (a date), for --as-of DATE and replaying past runs: the columns '
    'of stg.observations, from the latest vintage with realtime_start <= as_of. select * from '
    'stg.observations_as_of(date ''2026-06-30'')';
