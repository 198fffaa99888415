-- Japan's Ministry of Finance foreign-exchange interventions (single days and reporting-period totals), as
-- shipped in the snapshot, with the US trading day each single day maps to. Parsed and checked at ingest as
-- raw.fed_balance_sheet_announcements. Versioned as raw.acm_term_premium; key = date, row type and the row's
-- order among rows of that date and type (seq).
create table if not exists raw.mof_fx_interventions (
    date date not null,
    row_type varchar not null check (row_type in ('single_day', 'period_total')),
    seq integer not null check (seq >= 1),
    date_as_printed varchar,
    date_precision varchar check (date_precision in ('day', 'month')),
    direction varchar check (direction in ('buy_yen', 'sell_yen')),
    amount_jpy_bn double check (amount_jpy_bn > 0),
    period_start date,
    period_end date,
    amount_as_printed varchar,
    usd_jpy_dexjpus_on_date double check (usd_jpy_dexjpus_on_date > 0),
    us_trading_date date,
    us_trading_date_rule varchar check (us_trading_date_rule in ('same_day', 'next_trading_day')),
    us_trading_date_reason varchar,
    source varchar,
    note varchar,
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (date, row_type, seq, realtime_start)
);

comment on table raw.mof_fx_interventions is 'japan ministry of finance fx interventions 1998-2024 (news reports of mof figures), single days and reporting-period totals, every stored version; reference table, not on fred';
comment on column raw.mof_fx_interventions.date is 'intervention day (single_day), or the period''s first day; a period printed only as a month (2003-09) is dated by its first day, date_precision = month';
comment on column raw.mof_fx_interventions.row_type is 'single_day or period_total (a mof monthly or quarterly reporting-period total)';
comment on column raw.mof_fx_interventions.seq is 'order of the row among rows with the same date and row_type in the file (1, 2, ...)';
comment on column raw.mof_fx_interventions.date_as_printed is 'the date field as in the file (yyyy-mm-dd or yyyy-mm)';
comment on column raw.mof_fx_interventions.date_precision is 'day, or month for a period printed as a month';
comment on column raw.mof_fx_interventions.direction is 'buy_yen (yen-buying: dollar assets sold) or sell_yen (yen-selling: dollar assets bought)';
comment on column raw.mof_fx_interventions.amount_jpy_bn is 'amount, billions of yen, positive (direction carries the sign)';
comment on column raw.mof_fx_interventions.period_start is 'first day of the mof reporting period the amount belongs to, where printed';
comment on column raw.mof_fx_interventions.period_end is 'last day of that period, where printed';
comment on column raw.mof_fx_interventions.amount_as_printed is 'the amount as the source prints it';
comment on column raw.mof_fx_interventions.usd_jpy_dexjpus_on_date is 'fred dexjpus (yen per dollar) on the date, single days only; null where the file has none';
comment on column raw.mof_fx_interventions.us_trading_date is 'single days: the us trading day (h.15 10-year close) whose close first reflects the intervention (tokyo hours precede the new york close of the same date); null for period totals';
comment on column raw.mof_fx_interventions.us_trading_date_rule is 'same_day or next_trading_day (a stated rule in event_day_rules.toml); null for period totals';
comment on column raw.mof_fx_interventions.us_trading_date_reason is 'the stated reason of a next_trading_day rule';
comment on column raw.mof_fx_interventions.source is 'source address (a news report of the mof figure)';
comment on column raw.mof_fx_interventions.note is 'caveats, alternative printings, the reporting period an amount was attributed from';
comment on column raw.mof_fx_interventions.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.mof_fx_interventions.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.mof_fx_interventions.run_id is 'the refresh run that stored the row';
