create or replace macro stg.tic_holdings_as_of(as_of) as table
select
    country,
    date,
    holdings_usd_bn,
    holdings_old_series_usd_bn,
    holdings_old_series_usd_bn is not null as is_series_break,
    realtime_start
from raw.tic_holdings
where realtime_start <= as_of
qualify row_number() over (partition by country, date order by realtime_start desc) = 1;

comment on macro table stg.tic_holdings_as_of is
    'TIC major foreign holders as known on as_of: the columns of stg.tic_holdings but source (country; '
    'date, the first day of the month reported; holdings_usd_bn and holdings_old_series_usd_bn, $bn at the '
    'end of the month, market value; is_series_break; realtime_start). At series-break months the '
    'old-series column carries the value comparable with the month before.';
