-- Latest vintage of every observation, units made explicit from the catalog. Zeros that the source
-- serves for "not reported" (catalog.zero_means_missing_before, e.g. WMTSECL1 before July 2007) are NULL.
create or replace view stg.observations as
with latest as (
    select series_id, date, value, realtime_start
    from raw.observations
    qualify row_number() over (partition by series_id, date order by realtime_start desc) = 1
)

select
    latest.series_id,
    latest.date,
    case
        when latest.value = 0 and latest.date < catalog.zero_means_missing_before then null
        else latest.value
    end as value,
    catalog.unit_scale,
    catalog.frequency,
    latest.realtime_start
from latest
left join meta.catalog as catalog on catalog.series_id = latest.series_id;
