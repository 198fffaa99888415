-- Japan's Ministry of Finance 10-year JGB yield (constant maturity), daily on Japan's business days, as shipped in
-- the snapshot. Versioned as raw.acm_term_premium.
create table if not exists raw.jgb_yields_daily (
    date date not null,
    yield_10y_pct double,
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (date, realtime_start)
);

comment on table raw.jgb_yields_daily is 'japan ministry of finance 10-year jgb yield, constant maturity, daily (japan business days; saturdays until 1989-01-28), every stored version; reference table, not on fred';
comment on column raw.jgb_yields_daily.date is 'japan business day (tokyo close)';
comment on column raw.jgb_yields_daily.yield_10y_pct is '10-year jgb yield, percent per annum';
comment on column raw.jgb_yields_daily.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.jgb_yields_daily.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.jgb_yields_daily.run_id is 'the refresh run that stored the row';
