-- Fed qe, taper and qt announcements 2008-2025 with their treasury amounts and the us trading day each maps
-- to, as known on `as_of` (date '9999-12-31' = the latest version): the last version stored on or before that
-- day of each row, without rows withdrawn by then.
create or replace macro ref.fed_balance_sheet_announcements_as_of(as_of) as table
select
    date,
    seq,
    event,
    treasury_purchase_usd_bn,
    purchase_amount_basis,
    treasury_runoff_cap_usd_bn_per_month,
    us_trading_date,
    us_trading_date_rule,
    us_trading_date_reason,
    source,
    source_quote,
    realtime_start
from (
    select *
    from raw.fed_balance_sheet_announcements
    where realtime_start <= as_of
    qualify row_number() over (partition by date, seq order by realtime_start desc) = 1
)
where not withdrawn;

comment on macro table ref.fed_balance_sheet_announcements_as_of is 'fed qe, taper and qt announcements 2008-2025 with their treasury amounts and the us trading day each maps to: as known on as_of; columns as ref.fed_balance_sheet_announcements';
