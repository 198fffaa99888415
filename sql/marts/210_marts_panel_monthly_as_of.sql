create or replace macro marts.panel_monthly_as_of(as_of) as table
with series as (
    select
        month,
        max(value_avg) filter (where series_id = 'TB3MS') as yield_3m_pct,
        max(value_avg) filter (where series_id = 'GS1') as yield_1y_pct,
        max(value_avg) filter (where series_id = 'GS2') as yield_2y_pct,
        max(value_avg) filter (where series_id = 'GS5') as yield_5y_pct,
        max(value_avg) filter (where series_id = 'GS10') as yield_10y_pct,
        max(value_avg) filter (where series_id = 'GS30') as yield_30y_pct,
        max(value_avg) filter (where series_id = 'FEDFUNDS') as policy_rate_pct,
        -- WMTSECL1 is in $mn at face value
        max(value_avg) filter (where series_id = 'WMTSECL1') / 1000 as custody_face_avg_usd_bn,
        max(value_eop) filter (where series_id = 'WMTSECL1') / 1000 as custody_face_eop_usd_bn,
        max(realtime_start) as realtime_start
    from stg.series_monthly_as_of(as_of)
    -- only the series this panel reads, so its realtime_start is their vintage and no other's
    where series_id in ('TB3MS', 'GS1', 'GS2', 'GS5', 'GS10', 'GS30', 'FEDFUNDS', 'WMTSECL1')
    group by month
),

tic as (
    select
        date as month,
        max(holdings_usd_bn) filter (where country = 'Grand Total') as tic_total_usd_bn,
        max(net_change_usd_bn) filter (where country = 'Grand Total') as tic_total_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'For. Official') as tic_official_usd_bn,
        max(net_change_usd_bn) filter (where country = 'For. Official') as tic_official_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'Japan') as tic_japan_usd_bn,
        max(net_change_usd_bn) filter (where country = 'Japan') as tic_japan_net_change_usd_bn,
        max(holdings_usd_bn) filter (where country = 'China, Mainland') as tic_china_usd_bn,
        max(net_change_usd_bn) filter (where country = 'China, Mainland') as tic_china_net_change_usd_bn,
        bool_or(is_series_break) filter (where country = 'Grand Total') as tic_series_break
    from stg.tic_flows_monthly_as_of(as_of)
    group by date
),

spine as (
    select month::date as month
    from range(
        (select min(month) from series),
        (select max(month) from series) + interval 1 month,
        interval 1 month
    ) as months (month)
),

joined as (
    select
        spine.month,
        series.* exclude (month),
        tic.* exclude (month),
        regimes.regime as fed_regime
    from spine
    left join series on series.month = spine.month
    left join tic on tic.month = spine.month
    left join stg.fed_balance_sheet_regimes as regimes on regimes.month = spine.month
)

select
    month,
    yield_3m_pct,
    yield_1y_pct,
    yield_2y_pct,
    yield_5y_pct,
    yield_10y_pct,
    yield_30y_pct,
    -- monthly averages, so a change runs from the middle of one month to the middle of the next
    100 * (yield_3m_pct - lag(yield_3m_pct) over by_month) as d_yield_3m_bp,
    100 * (yield_1y_pct - lag(yield_1y_pct) over by_month) as d_yield_1y_bp,
    100 * (yield_2y_pct - lag(yield_2y_pct) over by_month) as d_yield_2y_bp,
    100 * (yield_5y_pct - lag(yield_5y_pct) over by_month) as d_yield_5y_bp,
    100 * (yield_10y_pct - lag(yield_10y_pct) over by_month) as d_yield_10y_bp,
    100 * (yield_30y_pct - lag(yield_30y_pct) over by_month) as d_yield_30y_bp,
    policy_rate_pct,
    100 * (policy_rate_pct - lag(policy_rate_pct) over by_month) as d_policy_rate_bp,
    custody_face_avg_usd_bn,
    custody_face_eop_usd_bn,
    custody_face_eop_usd_bn - lag(custody_face_eop_usd_bn) over by_month as custody_net_purchases_usd_bn,
    100 * (custody_face_eop_usd_bn - lag(custody_face_eop_usd_bn) over by_month)
        / lag(tic_total_usd_bn) over by_month as custody_net_purchases_pct_foreign_holdings,
    tic_total_usd_bn,
    tic_total_net_change_usd_bn,
    100 * tic_total_net_change_usd_bn / lag(tic_total_usd_bn) over by_month
        as tic_total_net_change_pct_foreign_holdings,
    tic_official_usd_bn,
    tic_official_net_change_usd_bn,
    tic_japan_usd_bn,
    tic_japan_net_change_usd_bn,
    tic_china_usd_bn,
    tic_china_net_change_usd_bn,
    coalesce(tic_series_break, false) as tic_series_break,
    fed_regime,
    realtime_start
from joined
window by_month as (order by month)
order by month;

comment on macro table marts.panel_monthly_as_of is
    'The monthly calibration panel as known on as_of (date ''9999-12-31'' for the latest vintage): the '
    'columns of marts.panel_monthly, built only from vintages with realtime_start <= as_of.';
