-- Latest vintage of the TIC major foreign holders table, $bn at end of month.
create or replace view stg.tic_holdings as
select
    country,
    date,
    holdings_usd_bn,
    holdings_old_series_usd_bn,
    holdings_old_series_usd_bn is not null as is_series_break,
    source,
    realtime_start
from raw.tic_holdings
qualify row_number() over (partition by country, date order by realtime_start desc) = 1;
