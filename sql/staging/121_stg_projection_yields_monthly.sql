-- The yields a projection uses, monthly: FRED's monthly averages (GS1 … GS30, TB3MS) as published, and,
-- for the months after a monthly series' last observation, the monthly mean of the daily series of the
-- same tenor (DGS1 … DGS30, DGS3MO) where the warehouse has one: the projection starts from the data's end.
create or replace view stg.projection_yields_monthly as
with curve as (
    select
        obs.series_id,
        obs.date,
        obs.value,
        catalog.tenor,
        catalog.frequency,
        -- TB3MS is quoted on a discount basis; the constant-maturity yields (GS*, DGS*) on an investment basis
        case when catalog.title ilike '%discount basis%' then 'discount' else 'investment' end as basis
    from stg.observations as obs
    inner join meta.catalog as catalog on catalog.series_id = obs.series_id
    where catalog.role = 'yield' and catalog.tenor is not null and obs.value is not null
),

monthly as (
    select date_trunc('month', date)::date as date, tenor, value as yield_pct, basis, series_id
    from curve
    where frequency = 'M'
),

monthly_end as (
    select tenor, max(date) as last_month
    from monthly
    group by tenor
),

daily_means as (
    select
        date_trunc('month', curve.date)::date as date,
        curve.tenor,
        avg(curve.value) as yield_pct,
        any_value(curve.basis) as basis,
        any_value(curve.series_id) as series_id
    from curve
    where curve.frequency = 'D'
    group by all
)

select date, tenor, yield_pct, basis, series_id
from monthly

union all

select daily_means.date, daily_means.tenor, daily_means.yield_pct, daily_means.basis, daily_means.series_id
from daily_means
left join monthly_end on monthly_end.tenor = daily_means.tenor
where monthly_end.last_month is null or daily_means.date > monthly_end.last_month;

comment on view stg.projection_yields_monthly is
    'The Treasury yields a projection uses, by month and tenor: FRED''s monthly averages as published, '
    'extended past a monthly series'' last month by the monthly mean of the daily series of the same tenor '
    '(the latest month may be partial). The projection starts the month after the latest month observed.';
comment on column stg.projection_yields_monthly.date is 'the month, dated by its first day';
comment on column stg.projection_yields_monthly.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column stg.projection_yields_monthly.yield_pct is 'monthly average yield, percent';
comment on column stg.projection_yields_monthly.basis is
    'discount (TB3MS, a discount rate) or investment (constant-maturity yields): how yield_pct is quoted';
comment on column stg.projection_yields_monthly.series_id is
    'the FRED series the value comes from (a daily series when it is the mean of daily closes)';
