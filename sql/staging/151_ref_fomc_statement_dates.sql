-- Fomc statement dates 2006-01 to 2025-07 (file names of harryposner/fed-statement-tracker) (see
-- ref.fomc_statement_dates_as_of). Reference data shipped with the snapshot: a live refresh (--source
-- fred/tic) keeps it as it is.
create or replace view ref.fomc_statement_dates as
select * from ref.fomc_statement_dates_as_of(date '9999-12-31');

comment on view ref.fomc_statement_dates is 'fomc statement dates 2006-01 to 2025-07 (file names of harryposner/fed-statement-tracker): latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.fomc_statement_dates.path is 'statement file in harryposner/fed-statement-tracker (data/statements/...)';
comment on column ref.fomc_statement_dates.date is 'statement date';
comment on column ref.fomc_statement_dates.kind is 'fomc_statement, longer_run_goals or other_statement';
comment on column ref.fomc_statement_dates.us_trading_date is 'the us trading day whose close first reflects the statement';
comment on column ref.fomc_statement_dates.us_trading_date_rule is 'same_day or next_trading_day (a stated rule)';
comment on column ref.fomc_statement_dates.us_trading_date_reason is 'the reason stated for a next_trading_day rule';
comment on column ref.fomc_statement_dates.realtime_start is 'version: the snapshot date of the load that stored these values';
