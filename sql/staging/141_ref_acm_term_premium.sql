-- The acm 10-year term premium (new york fed), daily, percent (see ref.acm_term_premium_as_of). Reference
-- data shipped with the snapshot: a live refresh (--source fred/tic) keeps it as it is.
create or replace view ref.acm_term_premium as
select * from ref.acm_term_premium_as_of(date '9999-12-31');

comment on view ref.acm_term_premium is 'the acm 10-year term premium (new york fed), daily, percent: latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.acm_term_premium.date is 'business day';
comment on column ref.acm_term_premium.term_premium_10y_pct is 'acm term premium on the 10-year zero-coupon treasury, percent';
comment on column ref.acm_term_premium.realtime_start is 'version: the snapshot date of the load that stored these values';
