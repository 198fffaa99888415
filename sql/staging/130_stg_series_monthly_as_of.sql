-- Monthly, weekly and daily FRED series by calendar month, as known on `as_of` (pass date '9999-12-31' for
-- the latest vintage): the month's average and its last observation. For the yields and FEDFUNDS FRED
-- publishes monthly averages, so value_avg = value_eop = that average; for weekly Wednesday levels
-- (WMTSECL1, TREAST, WALCL; $mn, face value) value_eop is the level on the month's last Wednesday; for
-- daily series (DGS*, THREEFYTP10, DEXJPUS) value_avg is the mean of the month's closes (FRED's own
-- monthly aggregation: DGS10's equals GS10 within rounding) and value_eop the last close. Holidays ("."
-- values) are not observations. Units as in the catalog.
create or replace macro stg.series_monthly_as_of(as_of) as table
with known as (
    select
        observations.series_id,
        date_trunc('month', observations.date)::date as month,
        observations.date,
        observations.value,
        observations.realtime_start
    from stg.observations_as_of(as_of) as observations
    where observations.frequency in ('M', 'W', 'D') and observations.value is not null
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

comment on macro table stg.series_monthly_as_of is
    'Monthly and weekly FRED series by calendar month as known on as_of (date ''9999-12-31'' for the latest '
    'vintage). Columns: series_id; month (first day); value_avg, the month''s average, and value_eop, its '
    'last observation, in the series'' units (meta.catalog); n_observations; last_observation_date; '
    'realtime_start, the latest vintage used. FRED publishes the yields and FEDFUNDS as monthly averages, '
    'so for them value_avg = value_eop; WMTSECL1 ($mn, face value) is weekly, so its value_eop is the level '
    'on the month''s last Wednesday.';
