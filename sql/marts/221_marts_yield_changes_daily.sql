-- Daily Treasury yield changes per tenor on the latest vintage (see marts.yield_changes_daily_as_of).
create or replace view marts.yield_changes_daily as
select * from marts.yield_changes_daily_as_of(date '9999-12-31');

comment on view marts.yield_changes_daily is 'daily treasury yield closes and their 1- and 2-day changes per tenor, each tenor on its own h.15 calendar (days with a valid close), latest vintage';
comment on column marts.yield_changes_daily.tenor is 'curve point: 3m, 1y, 2y, 5y, 10y, 30y';
comment on column marts.yield_changes_daily.date is 'a day with a valid close of this tenor';
comment on column marts.yield_changes_daily.series_id is 'the fred daily series (dgs3mo ... dgs30)';
comment on column marts.yield_changes_daily.yield_pct is 'constant-maturity yield at the close, percent (investment basis)';
comment on column marts.yield_changes_daily.previous_date is 'the previous valid close of this tenor';
comment on column marts.yield_changes_daily.next_date is 'the next valid close of this tenor';
comment on column marts.yield_changes_daily.d1_bp is 'close on date less the previous valid close, bp: the day''s change';
comment on column marts.yield_changes_daily.d2_bp is 'next valid close less the previous valid close, bp: the change over date and the next trading day';
comment on column marts.yield_changes_daily.realtime_start is 'vintage of the close on date';
