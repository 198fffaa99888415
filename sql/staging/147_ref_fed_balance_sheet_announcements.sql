-- Fed qe, taper and qt announcements 2008-2025 with their treasury amounts and the us trading day each maps
-- to (see ref.fed_balance_sheet_announcements_as_of). Reference data shipped with the snapshot: a live
-- refresh (--source fred/tic) keeps it as it is.
create or replace view ref.fed_balance_sheet_announcements as
select * from ref.fed_balance_sheet_announcements_as_of(date '9999-12-31');

comment on view ref.fed_balance_sheet_announcements is 'fed qe, taper and qt announcements 2008-2025 with their treasury amounts and the us trading day each maps to: latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.fed_balance_sheet_announcements.date is 'announcement date as published';
comment on column ref.fed_balance_sheet_announcements.seq is 'order among the rows of the same date (1, 2, ...)';
comment on column ref.fed_balance_sheet_announcements.event is 'what was announced';
comment on column ref.fed_balance_sheet_announcements.treasury_purchase_usd_bn is 'treasury purchase amount stated, $bn face; meaning in purchase_amount_basis (total, monthly pace, restatement, gross offset by sales); null if none stated';
comment on column ref.fed_balance_sheet_announcements.purchase_amount_basis is 'what the purchase amount is, as the source states it';
comment on column ref.fed_balance_sheet_announcements.treasury_runoff_cap_usd_bn_per_month is 'monthly treasury redemption cap of a qt announcement, $bn per month; null if none';
comment on column ref.fed_balance_sheet_announcements.us_trading_date is 'the us trading day (h.15 10-year close) whose close first reflects the announcement';
comment on column ref.fed_balance_sheet_announcements.us_trading_date_rule is 'same_day or next_trading_day (a stated rule, src/selloff/data/event_day_rules.toml)';
comment on column ref.fed_balance_sheet_announcements.us_trading_date_reason is 'the reason stated for a next_trading_day rule';
comment on column ref.fed_balance_sheet_announcements.source is 'source address';
comment on column ref.fed_balance_sheet_announcements.source_quote is 'the sentence of the source that states date and amount';
comment on column ref.fed_balance_sheet_announcements.realtime_start is 'version: the snapshot date of the load that stored these values';
