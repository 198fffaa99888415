-- Fomc statement dates 2006-01 to 2025-07 (file names of harryposner/fed-statement-tracker), as known on
-- `as_of` (date '9999-12-31' = the latest version): the last version stored on or before that day of each
-- row, without rows withdrawn by then.
create or replace macro ref.fomc_statement_dates_as_of(as_of) as table
select
    path,
    date,
    kind,
    us_trading_date,
    us_trading_date_rule,
    us_trading_date_reason,
    realtime_start
from (
    select *
    from raw.fomc_statement_dates
    where realtime_start <= as_of
    qualify row_number() over (partition by path order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.fomc_statement_dates_as_of is 'fomc statement dates 2006-01 to 2025-07 (file names of harryposner/fed-statement-tracker): as known on as_of; columns as ref.fomc_statement_dates';
