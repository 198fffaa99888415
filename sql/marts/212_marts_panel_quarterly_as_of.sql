-- The quarterly calibration panel as known on `as_of` (date '9999-12-31' = latest vintage), one row per
-- quarter (first day) on a gap-free spine from 1970Q1.
--
-- Units and timing:
--   yield_*_avg_pct     average of the quarter's three monthly averages
--   yield_*_eop_pct     the quarter's last monthly average (FRED's GS*/TB3MS are monthly averages, so this
--                       is the closest to end of quarter they allow); d_yield_*_bp = 100 x change of it
--   gdp_usd_bn          nominal GDP, $bn at a seasonally adjusted annual rate: "% of GDP" divides by it
--   debt_public_usd_bn  FYGFDPUN, end of quarter. It is also the proxy for marketable debt: held-by-public
--                       debt also counts nonmarketable savings bonds and SLGS, about 1.5-2% of it in 2025
--                       (MSPD 30 Apr 2025: marketable $28.58T vs held by the public ~$29.0T), so "% of
--                       marketable debt" is understated by about that much
--   foreign_mv_*        FDHBFIN, end of quarter, market value: changes mix purchases with price changes
--   custody_face_*      WMTSECL1 at face value (free of valuation), last Wednesday of the quarter
--   tic_*               TIC holdings (market value), last month; changes are sums of the monthly changes,
--                       which step over series breaks on the old-series basis (stg.tic_flows_monthly_as_of)
--   fed_treasuries_*    TREAST, quarterly average of the Wednesday levels ($bn; = FRED's quarterly TREAST),
--                       2003Q1 on; changes are average to average
-- Sign: *_net_purchases_* / *_net_change_* are purchases (a sale is negative).
create or replace macro marts.panel_quarterly_as_of(as_of) as table
with series as (
    select
        quarter,
        max(value_avg) filter (where series_id = 'TB3MS') as yield_3m_avg_pct,
        max(value_avg) filter (where series_id = 'GS1') as yield_1y_avg_pct,
        max(value_avg) filter (where series_id = 'GS2') as yield_2y_avg_pct,
        max(value_avg) filter (where series_id = 'GS5') as yield_5y_avg_pct,
        max(value_avg) filter (where series_id = 'GS10') as yield_10y_avg_pct,
        max(value_avg) filter (where series_id = 'GS30') as yield_30y_avg_pct,
        max(value_eop) filter (where series_id = 'TB3MS') as yield_3m_eop_pct,
        max(value_eop) filter (where series_id = 'GS1') as yield_1y_eop_pct,
        max(value_eop) filter (where series_id = 'GS2') as yield_2y_eop_pct,
        max(value_eop) filter (where series_id = 'GS5') as yield_5y_eop_pct,
        max(value_eop) filter (where series_id = 'GS10') as yield_10y_eop_pct,
        max(value_eop) filter (where series_id = 'GS30') as yield_30y_eop_pct,
        max(value_avg) filter (where series_id = 'FEDFUNDS') as policy_rate_avg_pct,
        max(value_eop) filter (where series_id = 'FEDFUNDS') as policy_rate_eop_pct,
        max(value_avg) filter (where series_id = 'GDP') as gdp_usd_bn,
        -- GFDEBTN, FYGFDPUN, WMTSECL1 and TREAST are in $mn
        max(value_eop) filter (where series_id = 'GFDEBTN') / 1000 as debt_total_usd_bn,
        max(value_eop) filter (where series_id = 'FYGFDPUN') / 1000 as debt_public_usd_bn,
        max(value_eop) filter (where series_id = 'FDHBFIN') as foreign_mv_usd_bn,
        max(value_eop) filter (where series_id = 'WMTSECL1') / 1000 as custody_face_eop_usd_bn,
        max(value_avg) filter (where series_id = 'WMTSECL1') / 1000 as custody_face_avg_usd_bn,
        max(value_avg) filter (where series_id = 'TREAST') / 1000 as fed_treasuries_avg_usd_bn,
        max(realtime_start) as realtime_start
    from stg.series_quarterly_as_of(as_of)
    -- only the series this panel reads, so its realtime_start is their vintage and no other's
    where series_id in (
        'TB3MS', 'GS1', 'GS2', 'GS5', 'GS10', 'GS30', 'FEDFUNDS', 'GDP', 'GFDEBTN', 'FYGFDPUN', 'FDHBFIN',
        'WMTSECL1', 'TREAST'
    )
    group by quarter
),

tic_monthly as (
    select
        date_trunc('quarter', date)::date as quarter,
        date,
        country,
        holdings_usd_bn,
        net_change_usd_bn,
        is_series_break
    from stg.tic_flows_monthly_as_of(as_of)
    where country in ('Grand Total', 'For. Official', 'Japan', 'China, Mainland')
),

tic_by_country as (
    select
        quarter,
        country,
        arg_max(holdings_usd_bn, date) as holdings_usd_bn,
        -- a quarter's flow needs all three monthly changes
        case when count(net_change_usd_bn) = 3 then sum(net_change_usd_bn) end as net_change_usd_bn,
        bool_or(is_series_break) as has_series_break
    from tic_monthly
    group by quarter, country
    having count(distinct date) = 3
),

tic as (
    select
        quarter,
        max(holdings_usd_bn) filter (where country = 'Grand Total') as tic_total_usd_bn,
        max(net_change_usd_bn) filter (where country = 'Grand Total') as tic_total_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'For. Official') as tic_official_usd_bn,
        max(net_change_usd_bn) filter (where country = 'For. Official') as tic_official_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'Japan') as tic_japan_usd_bn,
        max(net_change_usd_bn) filter (where country = 'Japan') as tic_japan_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'China, Mainland') as tic_china_usd_bn,
        max(net_change_usd_bn) filter (where country = 'China, Mainland') as tic_china_net_change_usd_bn,
        bool_or(has_series_break) filter (where country = 'Grand Total') as tic_series_break
    from tic_by_country
    group by quarter
),

regimes as (
    select
        date_trunc('quarter', month)::date as quarter,
        count(*) filter (where regime = 'qe') / 3 as qe_share,
        count(*) filter (where regime = 'qt') / 3 as qt_share
    from stg.fed_balance_sheet_regimes
    group by all
),

spine as (
    select quarter::date as quarter
    from range(
        date '1970-01-01',
        (select max(quarter) from series where yield_10y_eop_pct is not null) + interval 3 month,
        interval 3 month
    ) as quarters (quarter)
),

joined as (
    select
        spine.quarter,
        series.* exclude (quarter),
        tic.* exclude (quarter),
        coalesce(regimes.qe_share, 0) as qe_share,
        coalesce(regimes.qt_share, 0) as qt_share
    from spine
    left join series on series.quarter = spine.quarter
    left join tic on tic.quarter = spine.quarter
    left join regimes on regimes.quarter = spine.quarter
),

changes as (
    select
        *,
        lag(debt_public_usd_bn) over by_quarter as debt_public_start_usd_bn,
        100 * debt_public_usd_bn / gdp_usd_bn as debt_public_pct_gdp,
        foreign_mv_usd_bn - lag(foreign_mv_usd_bn) over by_quarter as foreign_mv_net_change_usd_bn,
        lag(foreign_mv_usd_bn) over by_quarter as foreign_mv_start_usd_bn,
        custody_face_eop_usd_bn - lag(custody_face_eop_usd_bn) over by_quarter as custody_net_purchases_usd_bn,
        lag(tic_total_usd_bn) over by_quarter as tic_total_start_usd_bn,
        lag(tic_official_usd_bn) over by_quarter as tic_official_start_usd_bn,
        fed_treasuries_avg_usd_bn - lag(fed_treasuries_avg_usd_bn) over by_quarter as fed_net_purchases_usd_bn
    from joined
    window by_quarter as (order by quarter)
)

select
    quarter,
    yield_3m_avg_pct,
    yield_1y_avg_pct,
    yield_2y_avg_pct,
    yield_5y_avg_pct,
    yield_10y_avg_pct,
    yield_30y_avg_pct,
    yield_3m_eop_pct,
    yield_1y_eop_pct,
    yield_2y_eop_pct,
    yield_5y_eop_pct,
    yield_10y_eop_pct,
    yield_30y_eop_pct,
    100 * (yield_3m_eop_pct - lag(yield_3m_eop_pct) over by_quarter) as d_yield_3m_bp,
    100 * (yield_1y_eop_pct - lag(yield_1y_eop_pct) over by_quarter) as d_yield_1y_bp,
    100 * (yield_2y_eop_pct - lag(yield_2y_eop_pct) over by_quarter) as d_yield_2y_bp,
    100 * (yield_5y_eop_pct - lag(yield_5y_eop_pct) over by_quarter) as d_yield_5y_bp,
    100 * (yield_10y_eop_pct - lag(yield_10y_eop_pct) over by_quarter) as d_yield_10y_bp,
    100 * (yield_30y_eop_pct - lag(yield_30y_eop_pct) over by_quarter) as d_yield_30y_bp,
    100 * (yield_10y_avg_pct - lag(yield_10y_avg_pct) over by_quarter) as d_yield_10y_avg_bp,
    policy_rate_avg_pct,
    policy_rate_eop_pct,
    100 * (policy_rate_eop_pct - lag(policy_rate_eop_pct) over by_quarter) as d_policy_rate_bp,
    gdp_usd_bn,
    debt_total_usd_bn,
    debt_public_usd_bn,
    debt_public_start_usd_bn,
    debt_public_pct_gdp,
    debt_public_pct_gdp - lag(debt_public_pct_gdp) over by_quarter as d_debt_public_pct_gdp,
    foreign_mv_usd_bn,
    foreign_mv_start_usd_bn,
    foreign_mv_net_change_usd_bn,
    100 * foreign_mv_net_change_usd_bn / gdp_usd_bn as foreign_mv_net_change_pct_gdp,
    100 * foreign_mv_net_change_usd_bn / debt_public_start_usd_bn as foreign_mv_net_change_pct_marketable_debt,
    custody_face_eop_usd_bn,
    custody_face_avg_usd_bn,
    custody_net_purchases_usd_bn,
    100 * custody_net_purchases_usd_bn / gdp_usd_bn as custody_net_purchases_pct_gdp,
    100 * custody_net_purchases_usd_bn / debt_public_start_usd_bn as custody_net_purchases_pct_marketable_debt,
    tic_total_usd_bn,
    tic_total_start_usd_bn,
    tic_total_net_change_usd_bn,
    100 * tic_total_net_change_usd_bn / gdp_usd_bn as tic_total_net_change_pct_gdp,
    100 * tic_total_net_change_usd_bn / debt_public_start_usd_bn as tic_total_net_change_pct_marketable_debt,
    tic_official_usd_bn,
    tic_official_start_usd_bn,
    tic_official_net_change_usd_bn,
    100 * tic_official_net_change_usd_bn / gdp_usd_bn as tic_official_net_change_pct_gdp,
    100 * tic_official_net_change_usd_bn / debt_public_start_usd_bn
        as tic_official_net_change_pct_marketable_debt,
    tic_japan_usd_bn,
    tic_japan_net_change_usd_bn,
    tic_china_usd_bn,
    tic_china_net_change_usd_bn,
    coalesce(tic_series_break, false) as tic_series_break,
    fed_treasuries_avg_usd_bn,
    fed_net_purchases_usd_bn,
    100 * fed_net_purchases_usd_bn / gdp_usd_bn as fed_net_purchases_pct_gdp,
    fed_net_purchases_usd_bn is not null as fed_series_available,
    qe_share,
    qt_share,
    realtime_start
from changes
window by_quarter as (order by quarter)
order by quarter;

comment on macro table marts.panel_quarterly_as_of is
    'The quarterly calibration panel as known on as_of (date ''9999-12-31'' for the latest vintage): the '
    'columns of marts.panel_quarterly, built only from vintages with realtime_start <= as_of.';
