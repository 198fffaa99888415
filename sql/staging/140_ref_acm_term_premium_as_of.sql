-- The acm 10-year term premium (new york fed), daily, percent, as known on `as_of` (date '9999-12-31' = the
-- latest version): the last version stored on or before that day of each row, without rows withdrawn by then.
create or replace macro ref.acm_term_premium_as_of(as_of) as table
select
    date,
    term_premium_10y_pct,
    realtime_start
from (
    select *
    from raw.acm_term_premium
    where realtime_start <= as_of
    qualify row_number() over (partition by date order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.acm_term_premium_as_of is 'the acm 10-year term premium (new york fed), daily, percent: as known on as_of; columns as ref.acm_term_premium';
