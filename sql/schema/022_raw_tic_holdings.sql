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

comment on table raw.tic_holdings is
    'Treasury''s "Major Foreign Holders of Treasury Securities" (TIC): holdings by country at the end of '
    'each month, $bn, every vintage (vintage rows as in raw.observations).';
comment on column raw.tic_holdings.country is
    'the holder as TIC names it, e.g. Japan, ''China, Mainland'', ''For. Official'' (all foreign official '
    'holders), ''Grand Total'' (all foreign holders)';
comment on column raw.tic_holdings.date is 'first day of the month whose end-of-month holdings are reported';
comment on column raw.tic_holdings.holdings_usd_bn is
    'holdings at the end of the month, $bn at market value; at a series break, the new series';
comment on column raw.tic_holdings.holdings_old_series_usd_bn is
    'at series breaks (March 2000, June 2002-2011) Treasury prints two columns for the same month: this is '
    'the old one ("shown for comparison"), $bn, which flows across the break use; null elsewhere';
comment on column raw.tic_holdings.source is
    'snapshot (the embedded copy) or tic (fetched live from Treasury)';
comment on column raw.tic_holdings.realtime_start is
    'first day this value was known (its vintage), as in raw.observations';
comment on column raw.tic_holdings.run_id is 'the refresh run that added the row (meta.runs)';
