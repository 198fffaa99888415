-- The mof 10-year jgb yield, daily on japan business days, percent, as known on `as_of` (date '9999-12-31' =
-- the latest version): the last version stored on or before that day of each row, without rows withdrawn by
-- then.
create or replace macro ref.jgb_yields_daily_as_of(as_of) as table
select
    date,
    yield_10y_pct,
    realtime_start
from (
    select *
    from raw.jgb_yields_daily
    where realtime_start <= as_of
    qualify row_number() over (partition by date order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.jgb_yields_daily_as_of is 'the mof 10-year jgb yield, daily on japan business days, percent: as known on as_of; columns as ref.jgb_yields_daily';
