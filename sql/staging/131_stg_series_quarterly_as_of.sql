-- Every FRED series at quarterly frequency (quarter = its first day), as known on `as_of`. Monthly, weekly
-- and daily series: average over the quarter (every observation weighted equally, as FRED's own quarterly
-- average: TREAST's equals FRED's quarterly TREAST exactly, 2003Q1-2024Q1) and the last month's end value
-- (for a monthly average, that month's average; for a weekly level, the quarter's last Wednesday),
-- complete quarters only (all three months observed). Quarterly series pass through into the column their
-- aggregation allows: a quarterly average (GDP SAAR) has no end-of-period value and an end-of-quarter level
-- (FYGFDPUN, GFDEBTN, FDHBFIN) has no average. Units as in the catalog.
create or replace macro stg.series_quarterly_as_of(as_of) as table
with monthly as (
    select
        series_id,
        date_trunc('quarter', month)::date as quarter,
        month,
        value_avg,
        value_eop,
        n_observations,
        realtime_start
    from stg.series_monthly_as_of(as_of)
),

from_monthly as (
    select
        series_id,
        quarter,
        -- weekly and daily series: weight each observation equally, as FRED's own quarterly average does
        sum(value_avg * n_observations) / sum(n_observations) as value_avg,
        arg_max(value_eop, month) as value_eop,
        max(realtime_start) as realtime_start
    from monthly
    group by series_id, quarter
    having count(distinct month) = 3
),

quarterly as (
    select
        observations.series_id,
        observations.date as quarter,
        case when catalog.aggregation = 'avg' then observations.value end as value_avg,
        case when catalog.aggregation = 'eop' then observations.value end as value_eop,
        observations.realtime_start
    from stg.observations_as_of(as_of) as observations
    inner join meta.catalog as catalog on catalog.series_id = observations.series_id
    where observations.frequency = 'Q' and observations.value is not null
)

select series_id, quarter, value_avg, value_eop, realtime_start from from_monthly
union all
select series_id, quarter, value_avg, value_eop, realtime_start from quarterly;

comment on macro table stg.series_quarterly_as_of is
    'Every FRED series the calibration uses, by quarter, as known on as_of. Columns: series_id; quarter '
    '(first day); value_avg, the average over the quarter (weekly series weight each week equally); '
    'value_eop, the last month''s end-of-period value; realtime_start, the latest vintage used. Units as in '
    'meta.catalog. Monthly and weekly series count only complete quarters (all three months observed); '
    'quarterly series fill the column their aggregation allows: an average (GDP SAAR, TREAST) has no '
    'value_eop, an end-of-quarter level (FYGFDPUN, GFDEBTN, FDHBFIN) no value_avg.';
