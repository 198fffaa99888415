-- Monthly and weekly FRED series by calendar month, as known on `as_of` (pass date '9999-12-31' for the
-- latest vintage): the month's average and its last observation. For the yields and FEDFUNDS FRED
-- publishes monthly averages, so value_avg = value_eop = that average; for WMTSECL1 (weekly Wednesday
-- levels, $mn, face value) value_eop is the level on the month's last Wednesday. Units as in the catalog.
create or replace macro stg.series_monthly_as_of(as_of) as table
with known as (
    select
        observations.series_id,
        date_trunc('month', observations.date)::date as month,
        observations.date,
        observations.value,
        observations.realtime_start
    from stg.observations_as_of(as_of) as observations
    where observations.frequency in ('M', 'W') and observations.value is not null
)

select
    series_id,
    month,
    avg(value) as value_avg,
    arg_max(value, date) as value_eop,
    count(*) as n_observations,
    max(date) as last_observation_date,
    max(realtime_start) as realtime_start
from known
group by series_id, month;
