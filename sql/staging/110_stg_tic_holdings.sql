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

comment on view stg.tic_holdings is
    'The latest vintage of the TIC major foreign holders table: holdings by country at the end of each '
    'month, $bn at market value.';
comment on column stg.tic_holdings.country is 'the holder as TIC names it (see raw.tic_holdings)';
comment on column stg.tic_holdings.date is 'first day of the month whose end-of-month holdings are reported';
comment on column stg.tic_holdings.holdings_usd_bn is
    'holdings at the end of the month, $bn at market value (the new series at a break)';
comment on column stg.tic_holdings.holdings_old_series_usd_bn is
    'the old series at a series-break month, $bn: comparable with the month before; null elsewhere';
comment on column stg.tic_holdings.is_series_break is
    'true in a series-break month (holdings_old_series_usd_bn is present)';
comment on column stg.tic_holdings.source is 'snapshot or tic (fetched live)';
comment on column stg.tic_holdings.realtime_start is 'first day the latest vintage was known';
