-- Japan mof fx interventions 1998-2024, single days and reporting-period totals, with the us trading day of
-- each single day, as known on `as_of` (date '9999-12-31' = the latest version): the last version stored on
-- or before that day of each row, without rows withdrawn by then.
create or replace macro ref.mof_fx_interventions_as_of(as_of) as table
select
    date,
    row_type,
    seq,
    date_as_printed,
    date_precision,
    direction,
    amount_jpy_bn,
    period_start,
    period_end,
    amount_as_printed,
    usd_jpy_dexjpus_on_date,
    us_trading_date,
    us_trading_date_rule,
    us_trading_date_reason,
    source,
    note,
    realtime_start
from (
    select *
    from raw.mof_fx_interventions
    where realtime_start <= as_of
    qualify row_number() over (partition by date, row_type, seq order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.mof_fx_interventions_as_of is 'japan mof fx interventions 1998-2024, single days and reporting-period totals, with the us trading day of each single day: as known on as_of; columns as ref.mof_fx_interventions';
