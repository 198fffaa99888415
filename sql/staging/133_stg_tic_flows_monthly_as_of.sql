create or replace macro stg.tic_flows_monthly_as_of(as_of) as table
with holdings as (
    select
        country,
        date,
        holdings_usd_bn,
        holdings_old_series_usd_bn,
        is_series_break,
        lag(holdings_usd_bn) over by_country as previous_usd_bn,
        lag(date) over by_country as previous_date
    from stg.tic_holdings_as_of(as_of)
    window by_country as (partition by country order by date)
)

select
    country,
    date,
    holdings_usd_bn,
    is_series_break,
    case
        when date_diff('month', previous_date, date) = 1
            then coalesce(holdings_old_series_usd_bn, holdings_usd_bn) - previous_usd_bn
    end as net_change_usd_bn
from holdings;

comment on macro table stg.tic_flows_monthly_as_of is
    'Monthly change in TIC holdings by country as known on as_of. Columns: country; date (first day of the '
    'month); holdings_usd_bn; is_series_break; net_change_usd_bn, $bn at market value, so it mixes net '
    'purchases with price changes (positive = holdings rose). Across a series-break month t the change is '
    'old_series(t) - holdings(t-1), both on the old basis, and the next month starts from the new-series '
    'level of t. A change is never taken across a break (new(t) - old(t-1)) nor across a gap in the '
    'country''s rows (NULL instead).';
