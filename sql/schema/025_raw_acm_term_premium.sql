-- The Adrian-Crump-Moench 10-year term premium (New York Fed), daily, as shipped in the snapshot. Versioned like
-- raw.observations: a row is added only when a value changes (or a date appears or disappears), stamped with
-- the snapshot date; ref.acm_term_premium is the latest version.
create table if not exists raw.acm_term_premium (
    date date not null,
    term_premium_10y_pct double,
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (date, realtime_start)
);

comment on table raw.acm_term_premium is 'acm 10-year treasury term premium (new york fed acmtermpremium file, acm daily, column acmtp10), every stored version; reference table, not on fred';
comment on column raw.acm_term_premium.date is 'business day';
comment on column raw.acm_term_premium.term_premium_10y_pct is 'term premium on the 10-year zero-coupon treasury, percent';
comment on column raw.acm_term_premium.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.acm_term_premium.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.acm_term_premium.run_id is 'the refresh run that stored the row';
