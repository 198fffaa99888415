-- The 10-year term premium by calendar month and model, as known on `as_of` (date '9999-12-31' = latest):
-- 'acm' (Adrian-Crump-Moench, New York Fed, from 1961; the reference table ref.acm_term_premium) and
-- 'kim_wright' (Kim-Wright three-factor, FRED THREEFYTP10, from 1990). Both are daily, in percent: the
-- month's mean of the daily values and its last value. Holidays are not observations.
create or replace macro stg.term_premia_monthly_as_of(as_of) as table
with acm as (
    select
        date_trunc('month', date)::date as month,
        'acm' as model,
        avg(term_premium_10y_pct) as term_premium_avg_pct,
        arg_max(term_premium_10y_pct, date) as term_premium_eom_pct,
        count(*) as n_days,
        max(realtime_start) as realtime_start
    from ref.acm_term_premium_as_of(as_of)
    where term_premium_10y_pct is not null
    group by all
),

kim_wright as (
    select
        month,
        'kim_wright' as model,
        value_avg as term_premium_avg_pct,
        value_eop as term_premium_eom_pct,
        n_observations as n_days,
        realtime_start
    from stg.series_monthly_as_of(as_of)
    where series_id = 'THREEFYTP10'
)

select * from acm
union all
select * from kim_wright;

comment on macro table stg.term_premia_monthly_as_of is 'the 10-year term premium by month and model (acm, kim_wright) as known on as_of: month (first day), model, term_premium_avg_pct (mean of the daily values, percent), term_premium_eom_pct (last daily value of the month, percent), n_days (daily values in the month), realtime_start (vintage)';
