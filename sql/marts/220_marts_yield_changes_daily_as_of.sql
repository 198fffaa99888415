-- Daily changes of each Treasury yield on its own calendar, as known on `as_of` (date '9999-12-31' = latest):
-- one row per tenor and day with a valid H.15 close of that tenor's daily series (catalog role 'yield',
-- frequency 'D', with a tenor: DGS3MO, DGS1, DGS2, DGS5, DGS10, DGS30), in bp:
--   d1_bp  the close on `date` less the previous valid close: the day's change
--   d2_bp  the next valid close less the previous valid close: the change over `date` and the next day
--          (the two-day window of an event on `date`)
-- A holiday "." is not a close, so changes run between valid closes (Friday to Monday, across holidays),
-- and each tenor keeps its own calendar (DGS3MO, DGS1 and DGS5 end earlier than DGS10 in the snapshot).
create or replace macro marts.yield_changes_daily_as_of(as_of) as table
with closes as (
    select
        catalog.tenor,
        observations.date,
        observations.series_id,
        observations.value as yield_pct,
        observations.realtime_start
    from stg.observations_as_of(as_of) as observations
    inner join meta.catalog as catalog on catalog.series_id = observations.series_id
    where
        catalog.role = 'yield'
        and catalog.frequency = 'D'
        and catalog.tenor is not null
        and observations.value is not null
)

select
    tenor,
    date,
    series_id,
    yield_pct,
    lag(date) over by_tenor as previous_date,
    lead(date) over by_tenor as next_date,
    100 * (yield_pct - lag(yield_pct) over by_tenor) as d1_bp,
    100 * (lead(yield_pct) over by_tenor - lag(yield_pct) over by_tenor) as d2_bp,
    realtime_start
from closes
window by_tenor as (partition by tenor order by date)
order by tenor, date;

comment on macro table marts.yield_changes_daily_as_of is 'daily treasury yield changes per tenor on each tenor''s own h.15 calendar, as known on as_of; columns as marts.yield_changes_daily';
