-- Coverage of every stored series: range, units, and breaks (missing periods inside the range, NULL
-- values, values the source marks as not reported, stand-ins and TIC series breaks), and of the reference
-- tables shipped with the snapshot (`ref:<dataset>`: their version, and that a live refresh keeps them).
create or replace view marts.coverage as
with obs as (
    select
        raw_latest.series_id,
        raw_latest.date,
        raw_latest.value,
        catalog.frequency,
        case catalog.frequency
            when 'M' then date_diff('month', lag(raw_latest.date) over w, raw_latest.date) - 1
            when 'Q' then date_diff('month', lag(raw_latest.date) over w, raw_latest.date) // 3 - 1
            when 'A' then date_diff('year', lag(raw_latest.date) over w, raw_latest.date) - 1
            when 'W' then date_diff('day', lag(raw_latest.date) over w, raw_latest.date) // 7 - 1
            else 0  -- business-daily: holidays are FRED "." rows, counted as nulls
        end as periods_missing_before,
        raw_latest.value = 0 and raw_latest.date < catalog.zero_means_missing_before as not_reported
    from stg.observations as raw_latest
    inner join meta.catalog as catalog on catalog.series_id = raw_latest.series_id
    window w as (partition by raw_latest.series_id order by raw_latest.date)
),

series_coverage as (
    select
        series_id,
        min(date) as first_date,
        max(date) as last_date,
        count(*) as n_observations,
        count(*) - count(value) as n_null,
        coalesce(sum(periods_missing_before), 0) as n_missing_periods
    from obs
    group by series_id
),

not_reported as (
    -- stg.observations already turned these zeros into NULL; count them from raw
    select observations.series_id, count(*) as n_not_reported, max(observations.date) as last_not_reported
    from raw.observations as observations
    inner join meta.catalog as catalog on catalog.series_id = observations.series_id
    where observations.value = 0 and observations.date < catalog.zero_means_missing_before
    group by observations.series_id
),

fred as (
    select
        series_coverage.series_id as dataset,
        catalog.title,
        catalog.units,
        catalog.frequency,
        series_coverage.first_date,
        series_coverage.last_date,
        series_coverage.n_observations,
        series_coverage.n_null,
        concat_ws(
            '; ',
            case when series_coverage.n_missing_periods > 0
                then series_coverage.n_missing_periods || ' missing periods' end,
            case when series_coverage.n_null - coalesce(not_reported.n_not_reported, 0) > 0
                then (series_coverage.n_null - coalesce(not_reported.n_not_reported, 0)) || ' "." values' end,
            case when not_reported.n_not_reported > 0
                then not_reported.n_not_reported || ' zeros read as not reported (to '
                    || not_reported.last_not_reported || ')' end,
            case when catalog.stand_in_for is not null then 'stand-in for ' || catalog.stand_in_for end
        ) as breaks
    from series_coverage
    inner join meta.catalog as catalog on catalog.series_id = series_coverage.series_id
    left join not_reported on not_reported.series_id = series_coverage.series_id
),

tic as (
    select
        'TIC:' || country as dataset,
        'Major foreign holders of Treasury securities: ' || country as title,
        'Billions of Dollars, end of month, market value' as units,
        'M' as frequency,
        min(date) as first_date,
        max(date) as last_date,
        count(*) as n_observations,
        count(*) - count(holdings_usd_bn) as n_null,
        case when count(holdings_old_series_usd_bn) > 0
            then 'series breaks (old and new column) at '
                || string_agg(case when is_series_break then strftime(date, '%Y-%m') end, ', ' order by date)
        end as breaks
    from stg.tic_holdings
    where country in ('Japan', 'China, Mainland', 'For. Official', 'Grand Total')
    group by country
),

reference_rows as (
    select
        'acm_term_premium' as dataset,
        min(date) as first_date,
        max(date) as last_date,
        count(*) as n_observations,
        count(*) - count(term_premium_10y_pct) as n_null,
        null as detail
    from ref.acm_term_premium
    union all
    select 'soma_holdings', min(date), max(date), count(*), count(*) - count(holdings_usd_bn), null
    from ref.soma_holdings
    union all
    select 'jgb_yields_daily', min(date), max(date), count(*), count(*) - count(yield_10y_pct), null
    from ref.jgb_yields_daily
    union all
    select
        'fed_balance_sheet_announcements', min(date), max(date), count(*), 0,
        count(treasury_purchase_usd_bn) || ' with a Treasury purchase amount, '
        || count(treasury_runoff_cap_usd_bn_per_month) || ' with a runoff cap'
    from ref.fed_balance_sheet_announcements
    union all
    select
        'mof_fx_interventions', min(date), max(date), count(*), 0,
        count(*) filter (where row_type = 'single_day') || ' single days, '
        || count(*) filter (where row_type = 'period_total') || ' period totals'
    from ref.mof_fx_interventions
    union all
    select 'fomc_statement_dates', min(date), max(date), count(*), 0, null
    from ref.fomc_statement_dates
),

moved as (
    -- events that a stated rule moves to the next US trading day (src/selloff/data/event_day_rules.toml)
    select 'fed_balance_sheet_announcements' as dataset, date, us_trading_date
    from ref.fed_balance_sheet_announcements where us_trading_date_rule = 'next_trading_day'
    union all
    select 'mof_fx_interventions', date, us_trading_date
    from ref.mof_fx_interventions where us_trading_date_rule = 'next_trading_day'
    union all
    select 'fomc_statement_dates', date, us_trading_date
    from ref.fomc_statement_dates where us_trading_date_rule = 'next_trading_day'
),

reference as (
    select
        'ref:' || datasets.dataset as dataset,
        datasets.title,
        datasets.units,
        datasets.frequency,
        reference_rows.first_date,
        reference_rows.last_date,
        reference_rows.n_observations,
        reference_rows.n_null,
        concat_ws(
            '; ',
            reference_rows.detail,
            case when reference_rows.n_null > 0 then reference_rows.n_null || ' blank values' end,
            (
                select string_agg(moved.date || ' mapped to ' || moved.us_trading_date, ', ' order by moved.date)
                from moved where moved.dataset = datasets.dataset
            ),
            'reference table, snapshot ' || datasets.realtime_start || ': a live refresh keeps it as it is'
        ) as breaks
    from raw.reference_datasets as datasets
    inner join reference_rows on reference_rows.dataset = datasets.dataset
    where reference_rows.n_observations > 0
)

select * from fred
union all
select * from tic
union all
select * from reference
order by dataset;

comment on view marts.coverage is
    'Coverage of every stored FRED series (latest vintage) and of the main TIC holders: range, units and '
    'breaks (missing periods inside the range, NULL values, values the source marks as not reported, '
    'stand-ins and TIC series breaks). selloff status --coverage prints it.';
comment on column marts.coverage.dataset is
    'a FRED series id, or TIC:<country> for Japan, ''China, Mainland'', ''For. Official'' and ''Grand '
    'Total''';
comment on column marts.coverage.title is 'the series'' title (meta.catalog), or the TIC table''s';
comment on column marts.coverage.units is 'units as the source gives them';
comment on column marts.coverage.frequency is 'D, W, M, Q or A';
comment on column marts.coverage.first_date is 'first observation date';
comment on column marts.coverage.last_date is 'last observation date';
comment on column marts.coverage.n_observations is
    'observations from first_date to last_date, NULL values included';
comment on column marts.coverage.n_null is 'NULL values: FRED''s "." and zeros read as not reported';
comment on column marts.coverage.breaks is
    'what is missing or special, e.g. 3 missing periods; 12 "." values; zeros read as not reported; '
    'stand-in for another series; TIC series breaks; null if nothing';
