-- The MoF 10-year JGB yield on each tenor's US calendar, latest version (see marts.jgb_yield_on_us_dates_as_of).
create or replace view marts.jgb_yield_on_us_dates as
select * from marts.jgb_yield_on_us_dates_as_of(date '9999-12-31');

comment on view marts.jgb_yield_on_us_dates is 'the mof 10-year jgb yield on each tenor''s us trading days (last tokyo close on or before the us date) and its 1- and 2-day changes over the same windows as marts.yield_changes_daily: the global-factor control of event studies';
comment on column marts.jgb_yield_on_us_dates.tenor is 'the us tenor whose calendar the row follows (join on tenor and date with marts.yield_changes_daily)';
comment on column marts.jgb_yield_on_us_dates.date is 'a us trading day of that tenor';
comment on column marts.jgb_yield_on_us_dates.jgb_date is 'the tokyo date of the jgb close used (on or before date); null before the jgb data start';
comment on column marts.jgb_yield_on_us_dates.jgb_age_days is 'days between jgb_date and date (0 = same day; more across tokyo holidays)';
comment on column marts.jgb_yield_on_us_dates.jgb_10y_pct is 'mof 10-year jgb yield, percent';
comment on column marts.jgb_yield_on_us_dates.jgb_d1_bp is 'aligned jgb on date less aligned jgb on the previous us close of the tenor, bp';
comment on column marts.jgb_yield_on_us_dates.jgb_d2_bp is 'aligned jgb on the next us close less aligned jgb on the previous us close, bp';
comment on column marts.jgb_yield_on_us_dates.realtime_start is 'version of the jgb value used';
