-- The dated Fed QE/taper/QT announcements with the Treasury amounts they state, as shipped in the snapshot, with
-- the US trading day each maps to (src/selloff/data/event_day_rules.toml). Parsed and checked at ingest: a bad
-- row is refused by file, row and field and nothing is loaded. Versioned as raw.acm_term_premium; key = date
-- and the row's order among the rows of that date (seq).
create table if not exists raw.fed_balance_sheet_announcements (
    date date not null,
    seq integer not null check (seq >= 1),
    event varchar,
    treasury_purchase_usd_bn double check (treasury_purchase_usd_bn >= 0),
    purchase_amount_basis varchar,
    treasury_runoff_cap_usd_bn_per_month double check (treasury_runoff_cap_usd_bn_per_month >= 0),
    us_trading_date date,
    us_trading_date_rule varchar check (us_trading_date_rule in ('same_day', 'next_trading_day')),
    us_trading_date_reason varchar,
    source varchar,
    source_quote varchar,
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (date, seq, realtime_start)
);

comment on table raw.fed_balance_sheet_announcements is 'fed lsap/qe, taper, qt and reserve-management announcements 2008-2025 with the treasury amounts stated, every stored version; reference table, not on fred';
comment on column raw.fed_balance_sheet_announcements.date is 'announcement date as published (us eastern time)';
comment on column raw.fed_balance_sheet_announcements.seq is 'order of the row among the rows of the same date in the file (1, 2, ...)';
comment on column raw.fed_balance_sheet_announcements.event is 'what was announced';
comment on column raw.fed_balance_sheet_announcements.treasury_purchase_usd_bn is 'treasury purchase amount stated, $bn, face; its meaning (a total, a monthly pace, a restatement of an earlier total, gross purchases offset by sales) is in purchase_amount_basis; null if none is stated';
comment on column raw.fed_balance_sheet_announcements.purchase_amount_basis is 'what the purchase amount is, as the source states it (e.g. total over the next six months, per month, total (restated; not new))';
comment on column raw.fed_balance_sheet_announcements.treasury_runoff_cap_usd_bn_per_month is 'monthly treasury redemption cap in qt announcements, $bn per month (initial cap where a schedule is given); null if none';
comment on column raw.fed_balance_sheet_announcements.us_trading_date is 'the us trading day (a day with an h.15 10-year close) whose close first reflects the announcement';
comment on column raw.fed_balance_sheet_announcements.us_trading_date_rule is 'same_day (the date is a us trading day) or next_trading_day (a stated rule in event_day_rules.toml moves it)';
comment on column raw.fed_balance_sheet_announcements.us_trading_date_reason is 'the stated reason of a next_trading_day rule';
comment on column raw.fed_balance_sheet_announcements.source is 'source address';
comment on column raw.fed_balance_sheet_announcements.source_quote is 'the sentence of the source that states the date and amount';
comment on column raw.fed_balance_sheet_announcements.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.fed_balance_sheet_announcements.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.fed_balance_sheet_announcements.run_id is 'the refresh run that stored the row';
