-- The mof 10-year jgb yield, daily on japan business days, percent (see ref.jgb_yields_daily_as_of).
-- Reference data shipped with the snapshot: a live refresh (--source fred/tic) keeps it as it is.
create or replace view ref.jgb_yields_daily as
select * from ref.jgb_yields_daily_as_of(date '9999-12-31');

comment on view ref.jgb_yields_daily is 'the mof 10-year jgb yield, daily on japan business days, percent: latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.jgb_yields_daily.date is 'japan business day (tokyo close, before the new york close of the same date)';
comment on column ref.jgb_yields_daily.yield_10y_pct is 'japan ministry of finance 10-year jgb yield, constant maturity, percent';
comment on column ref.jgb_yields_daily.realtime_start is 'version: the snapshot date of the load that stored these values';
