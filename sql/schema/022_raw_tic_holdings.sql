-- Treasury's "Major Foreign Holders of Treasury Securities" (TIC), holdings at end of month, $bn.
-- `date` is the first day of the month whose end-of-month holdings are reported. At series breaks
-- (March 2000, June 2002-2011) Treasury prints two columns for the same month: holdings_usd_bn is the
-- new series, holdings_old_series_usd_bn the old one ("shown for comparison"); flows across a break
-- month use the old column. Vintage rows as in raw.observations.
create table if not exists raw.tic_holdings (
    country varchar not null,
    date date not null,
    holdings_usd_bn double,
    holdings_old_series_usd_bn double,
    source varchar not null check (source in ('snapshot', 'tic')),
    realtime_start date not null,
    run_id varchar not null,
    primary key (country, date, realtime_start),
    check (date = date_trunc('month', date))
);
