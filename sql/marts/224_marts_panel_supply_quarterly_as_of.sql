-- The quarterly panel of the supply model of the term premium, as known on `as_of` (date '9999-12-31' =
-- latest), one row per quarter (first day) on a gap-free spine from 1970Q1 to the last quarter with debt
-- held by the public. Levels at the end of the quarter unless named otherwise; $bn, percent, bp:
--   tp_*_last_month_avg_pct  10-year term premium, mean of the quarter's last month of daily values (acm:
--                            ref.acm_term_premium from 1961; kw: Kim-Wright THREEFYTP10 from 1990); *_avg_pct
--                            the whole quarter's mean
--   debt_public_usd_bn       FYGFDPUN, end of quarter (also counts nonmarketable debt, ~2% of it)
--   fed_treasuries_eoq_*     TREAST on the quarter's last Wednesday (face value, from 2002-12)
--   fed_bills_eoq_*, fed_treasuries_soma_eoq_*  SOMA bills and all Treasuries on that Wednesday (to 2025-10)
--   tic_official_*_eoq_*     TIC foreign official holdings at the quarter's last month end (market value;
--                            bills and bonds & notes apart), from 2000; series breaks as published
--   custody_face_eoq_*       WMTSECL1, foreign official custody at the Fed, last Wednesday (face value, 2007-07 on)
--   foreign_mv_eoq_*         FDHBFIN, all foreign holders, end of quarter (market value)
--   private_supply_*         debt held by the public less the Fed's Treasuries (TREAST) less foreign official
--                            holdings (TIC): the supply price-sensitive investors must hold; *_custody_* with
--                            WMTSECL1 instead of TIC; supply_less_foreign_* = debt less FDHBFIN, no Fed (the
--                            long sample from 1970, when the Fed series is missing). % of GDP uses the same
--                            quarter's GDP (SAAR). Nothing is duration-weighted: no maturity structure of all
--                            marketable debt is in the warehouse (the SOMA and TIC bill splits cover holders only)
--   policy_rate_*, *_10y_last_month_pct  FEDFUNDS and the OECD Bund, gilt and JGB 10-year yields: the last
--                            month's average; global_10y_* their mean (null if one is missing)
--   vol_10y_daily_bp         standard deviation of the quarter's daily 10-year changes (DGS10), bp
create or replace macro marts.panel_supply_quarterly_as_of(as_of) as table
with series as (
    select
        quarter,
        max(value_avg) filter (where series_id = 'GDP') as gdp_usd_bn,
        -- FYGFDPUN, TREAST, WALCL and WMTSECL1 are in $mn
        max(value_eop) filter (where series_id = 'FYGFDPUN') / 1000 as debt_public_usd_bn,
        max(value_eop) filter (where series_id = 'TREAST') / 1000 as fed_treasuries_eoq_usd_bn,
        max(value_eop) filter (where series_id = 'WALCL') / 1000 as fed_total_assets_eoq_usd_bn,
        max(value_eop) filter (where series_id = 'WMTSECL1') / 1000 as custody_face_eoq_usd_bn,
        max(value_eop) filter (where series_id = 'FDHBFIN') as foreign_mv_eoq_usd_bn,
        max(value_eop) filter (where series_id = 'FEDFUNDS') as policy_rate_last_month_pct,
        max(value_eop) filter (where series_id = 'IRLTLT01DEM156N') as bund_10y_last_month_pct,
        max(value_eop) filter (where series_id = 'IRLTLT01GBM156N') as gilt_10y_last_month_pct,
        max(value_eop) filter (where series_id = 'IRLTLT01JPM156N') as jgb_10y_last_month_pct,
        max(realtime_start) as realtime_start
    from stg.series_quarterly_as_of(as_of)
    where series_id in (
        'GDP', 'FYGFDPUN', 'TREAST', 'WALCL', 'WMTSECL1', 'FDHBFIN', 'FEDFUNDS', 'IRLTLT01DEM156N',
        'IRLTLT01GBM156N', 'IRLTLT01JPM156N'
    )
    group by quarter
),

term_premia as (
    select
        quarter,
        max(term_premium_last_month_avg_pct) filter (where model = 'acm') as tp_acm_last_month_avg_pct,
        max(term_premium_avg_pct) filter (where model = 'acm') as tp_acm_avg_pct,
        max(term_premium_last_month_avg_pct) filter (where model = 'kim_wright') as tp_kw_last_month_avg_pct,
        max(term_premium_avg_pct) filter (where model = 'kim_wright') as tp_kw_avg_pct,
        max(realtime_start) as realtime_start
    from stg.term_premia_quarterly_as_of(as_of)
    group by quarter
),

tic as (
    -- the quarter's last month only: end-of-quarter holdings
    select
        date_trunc('quarter', date)::date as quarter,
        max(holdings_usd_bn) filter (where country = 'For. Official') as tic_official_eoq_usd_bn,
        max(holdings_usd_bn) filter (where country = 'For. Official - Treasury Bills')
            as tic_official_bills_eoq_usd_bn,
        max(holdings_usd_bn) filter (where country = 'For. Official - T-Bonds & Notes')
            as tic_official_notes_bonds_eoq_usd_bn,
        max(realtime_start) as realtime_start
    from stg.tic_holdings_as_of(as_of)
    where month(date) % 3 = 0
    group by all
),

soma_last_wednesday as (
    -- a quarter counts only if its last SOMA Wednesday falls in its last month
    select date_trunc('quarter', date)::date as quarter, max(date) as date
    from ref.soma_holdings_as_of(as_of)
    group by all
    having month(max(date)) % 3 = 0
),

soma as (
    select
        last.quarter,
        max(holdings.holdings_usd_bn) filter (where holdings.category = 'bills') as fed_bills_eoq_usd_bn,
        sum(holdings.holdings_usd_bn) filter (
            where holdings.category in ('bills', 'notes_&_bonds', 'tips', 'tips_inflation_compensation', 'frn')
        ) as fed_treasuries_soma_eoq_usd_bn,
        max(holdings.realtime_start) as realtime_start
    from soma_last_wednesday as last
    inner join ref.soma_holdings_as_of(as_of) as holdings on holdings.date = last.date
    group by all
),

volatility as (
    select
        date_trunc('quarter', date)::date as quarter,
        stddev_samp(d1_bp) as vol_10y_daily_bp,
        max(realtime_start) as realtime_start
    from marts.yield_changes_daily_as_of(as_of)
    where tenor = '10y' and d1_bp is not null
    group by all
),

spine as (
    select quarter::date as quarter
    from range(
        date '1970-01-01',
        (select max(quarter) from series where debt_public_usd_bn is not null) + interval 3 month,
        interval 3 month
    ) as quarters (quarter)
)

select
    spine.quarter,
    term_premia.tp_acm_last_month_avg_pct,
    term_premia.tp_acm_avg_pct,
    term_premia.tp_kw_last_month_avg_pct,
    term_premia.tp_kw_avg_pct,
    series.gdp_usd_bn,
    series.debt_public_usd_bn,
    series.fed_treasuries_eoq_usd_bn,
    soma.fed_bills_eoq_usd_bn,
    soma.fed_treasuries_soma_eoq_usd_bn,
    series.fed_total_assets_eoq_usd_bn,
    tic.tic_official_eoq_usd_bn,
    tic.tic_official_bills_eoq_usd_bn,
    tic.tic_official_notes_bonds_eoq_usd_bn,
    series.custody_face_eoq_usd_bn,
    series.foreign_mv_eoq_usd_bn,
    series.debt_public_usd_bn - series.fed_treasuries_eoq_usd_bn - tic.tic_official_eoq_usd_bn
        as private_supply_usd_bn,
    100 * (series.debt_public_usd_bn - series.fed_treasuries_eoq_usd_bn - tic.tic_official_eoq_usd_bn)
        / series.gdp_usd_bn as private_supply_pct_gdp,
    100 * (series.debt_public_usd_bn - series.fed_treasuries_eoq_usd_bn - series.custody_face_eoq_usd_bn)
        / series.gdp_usd_bn as private_supply_custody_pct_gdp,
    100 * (series.debt_public_usd_bn - series.foreign_mv_eoq_usd_bn) / series.gdp_usd_bn
        as supply_less_foreign_pct_gdp,
    series.policy_rate_last_month_pct,
    series.bund_10y_last_month_pct,
    series.gilt_10y_last_month_pct,
    series.jgb_10y_last_month_pct,
    (series.bund_10y_last_month_pct + series.gilt_10y_last_month_pct + series.jgb_10y_last_month_pct) / 3
        as global_10y_last_month_pct,
    (series.bund_10y_last_month_pct + series.gilt_10y_last_month_pct) / 2 as global_10y_ex_japan_last_month_pct,
    volatility.vol_10y_daily_bp,
    greatest(
        series.realtime_start,
        term_premia.realtime_start,
        tic.realtime_start,
        soma.realtime_start,
        volatility.realtime_start
    ) as realtime_start
from spine
left join series on series.quarter = spine.quarter
left join term_premia on term_premia.quarter = spine.quarter
left join tic on tic.quarter = spine.quarter
left join soma on soma.quarter = spine.quarter
left join volatility on volatility.quarter = spine.quarter
order by spine.quarter;

comment on macro table marts.panel_supply_quarterly_as_of is 'the quarterly supply-model panel (term premia, treasury supply held by price-sensitive investors as % of gdp, controls) as known on as_of; columns as marts.panel_supply_quarterly';
