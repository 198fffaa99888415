-- The 10-year term premium by quarter and model (see stg.term_premia_monthly_as_of), as known on `as_of`:
-- the quarter's mean of the daily values, the mean of its last month (the supply model's dependent
-- variable: close to the quarter-end stock of debt, less noisy than one day) and its last daily value.
-- Complete quarters only (all three months observed). Percent.
create or replace macro stg.term_premia_quarterly_as_of(as_of) as table
select
    date_trunc('quarter', month)::date as quarter,
    model,
    -- every day weighted equally, as a quarterly mean of the daily values
    sum(term_premium_avg_pct * n_days) / sum(n_days) as term_premium_avg_pct,
    arg_max(term_premium_avg_pct, month) as term_premium_last_month_avg_pct,
    arg_max(term_premium_eom_pct, month) as term_premium_eoq_pct,
    sum(n_days) as n_days,
    max(realtime_start) as realtime_start
from stg.term_premia_monthly_as_of(as_of)
group by all
having count(distinct month) = 3;

comment on macro table stg.term_premia_quarterly_as_of is 'the 10-year term premium by quarter and model (acm, kim_wright) as known on as_of, complete quarters only: quarter (first day), model, term_premium_avg_pct (mean of the daily values), term_premium_last_month_avg_pct (mean of the last month''s daily values), term_premium_eoq_pct (last daily value), all percent; n_days; realtime_start';
