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

comment on view stg.observations is
    'The latest vintage of every FRED observation, units made explicit from the catalog. Zeros the source '
    'serves for "not reported" (meta.catalog.zero_means_missing_before, e.g. WMTSECL1 before July 2007) are '
    'NULL.';
comment on column stg.observations.series_id is 'FRED series id (meta.catalog)';
comment on column stg.observations.date is 'observation date, as in raw.observations';
comment on column stg.observations.value is
    'the latest value, in unit_scale; NULL where FRED serves "." or a zero means not reported';
comment on column stg.observations.unit_scale is
    'the unit of value: pct (percent), usd_mn ($mn) or usd_bn ($bn), from meta.catalog';
comment on column stg.observations.frequency is 'D, W, M, Q or A, from meta.catalog';
comment on column stg.observations.realtime_start is 'first day the latest vintage was known';
