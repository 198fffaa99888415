-- The MoF 10-year JGB yield aligned to each tenor's US calendar (the rows of marts.yield_changes_daily_as_of),
-- as known on `as_of`: the last JGB close dated on or before the US date (an as-of join; Tokyo closes
-- before New York opens, so the JGB close of the same date is known at the US close), and its changes over
-- the US yield's own windows, in bp:
--   jgb_d1_bp  aligned JGB on `date` less the aligned JGB on the previous US close of the tenor
--   jgb_d2_bp  aligned JGB on the next US close less that on the previous one
-- A Tokyo holiday carries the previous JGB close (a zero change); jgb_age_days says how old it is.
create or replace macro marts.jgb_yield_on_us_dates_as_of(as_of) as table
with us as (
    select tenor, date from marts.yield_changes_daily_as_of(as_of)
),

jgb as (
    select date as jgb_date, yield_10y_pct, realtime_start
    from ref.jgb_yields_daily_as_of(as_of)
    where yield_10y_pct is not null
),

aligned as (
    select
        us.tenor,
        us.date,
        jgb.jgb_date,
        jgb.yield_10y_pct as jgb_10y_pct,
        jgb.realtime_start
    from us
    asof left join jgb on us.date >= jgb.jgb_date
)

select
    tenor,
    date,
    jgb_date,
    date_diff('day', jgb_date, date) as jgb_age_days,
    jgb_10y_pct,
    100 * (jgb_10y_pct - lag(jgb_10y_pct) over by_tenor) as jgb_d1_bp,
    100 * (lead(jgb_10y_pct) over by_tenor - lag(jgb_10y_pct) over by_tenor) as jgb_d2_bp,
    realtime_start
from aligned
window by_tenor as (partition by tenor order by date)
order by tenor, date;

comment on macro table marts.jgb_yield_on_us_dates_as_of is 'the mof 10-year jgb yield as-of joined onto each tenor''s us trading days, with its changes over the us windows, as known on as_of; columns as marts.jgb_yield_on_us_dates';
