-- Federal reserve soma holdings by category, wednesdays, $bn at par, as known on `as_of` (date '9999-12-31' =
-- the latest version) ($ at par in raw.soma_holdings, $bn here): the last version stored on or before that
-- day of each row, without rows withdrawn by then.
create or replace macro ref.soma_holdings_as_of(as_of) as table
select
    date,
    category,
    holdings_usd / 1e9 as holdings_usd_bn,
    realtime_start
from (
    select *
    from raw.soma_holdings
    where realtime_start <= as_of
    qualify row_number() over (partition by date, category order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.soma_holdings_as_of is 'federal reserve soma holdings by category, wednesdays, $bn at par: as known on as_of; columns as ref.soma_holdings';
