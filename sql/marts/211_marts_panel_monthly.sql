create or replace view marts.panel_monthly as
select * from marts.panel_monthly_as_of(date '9999-12-31');

comment on view marts.panel_monthly is
    'The monthly calibration panel on the latest vintage: yields, the policy rate, Fed custody holdings for '
    'foreign official accounts and TIC holdings, one row per month. GDP, debt and Fed holdings are '
    'quarterly and never carried across months here, so flows are in $bn and as a percent of total foreign '
    'holdings; % of GDP is in marts.panel_quarterly. Sign: *_net_purchases_* and *_net_change_* are '
    'purchases (a sale is negative).';
comment on column marts.panel_monthly.month is
    'the month, dated by its first day; one row per month, gap-free from the first to the last month with '
    'FRED data';
comment on column marts.panel_monthly.yield_3m_pct is
    '3m Treasury yield (TB3MS), monthly average, percent (discount basis)';
comment on column marts.panel_monthly.yield_1y_pct is
    '1y Treasury yield (GS1), monthly average, percent (investment basis)';
comment on column marts.panel_monthly.yield_2y_pct is
    '2y Treasury yield (GS2), monthly average, percent (investment basis)';
comment on column marts.panel_monthly.yield_5y_pct is
    '5y Treasury yield (GS5), monthly average, percent (investment basis)';
comment on column marts.panel_monthly.yield_10y_pct is
    '10y Treasury yield (GS10), monthly average, percent (investment basis)';
comment on column marts.panel_monthly.yield_30y_pct is
    '30y Treasury yield (GS30), monthly average, percent (investment basis)';
comment on column marts.panel_monthly.d_yield_3m_bp is
    'change of yield_3m_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.d_yield_1y_bp is
    'change of yield_1y_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.d_yield_2y_bp is
    'change of yield_2y_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.d_yield_5y_bp is
    'change of yield_5y_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.d_yield_10y_bp is
    'change of yield_10y_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.d_yield_30y_bp is
    'change of yield_30y_pct from the previous month, bp: monthly averages, so from the middle of one month '
    'to the middle of the next';
comment on column marts.panel_monthly.policy_rate_pct is
    'federal funds rate (FEDFUNDS), monthly average, percent';
comment on column marts.panel_monthly.d_policy_rate_bp is
    'change of policy_rate_pct from the previous month, bp';
comment on column marts.panel_monthly.custody_face_avg_usd_bn is
    'Treasuries held in custody at the New York Fed for foreign official and international accounts '
    '(WMTSECL1), average of the month''s Wednesdays, face value, $bn';
comment on column marts.panel_monthly.custody_face_eop_usd_bn is
    'the same on the month''s last Wednesday, face value, $bn';
comment on column marts.panel_monthly.custody_net_purchases_usd_bn is
    'change of custody_face_eop_usd_bn from the previous month, $bn: net purchases at face value, free of '
    'valuation effects (a sale is negative)';
comment on column marts.panel_monthly.custody_net_purchases_pct_foreign_holdings is
    'custody_net_purchases_usd_bn as a percent of all foreign holdings (tic_total_usd_bn) at the end of the '
    'previous month';
comment on column marts.panel_monthly.tic_total_usd_bn is
    'TIC Grand Total (all foreign holders), end of month, market value, $bn';
comment on column marts.panel_monthly.tic_total_net_change_usd_bn is
    'monthly change of tic_total_usd_bn, $bn at market value, so it mixes net purchases with price changes '
    '(a sale is negative); on the old-series basis across a series break, NULL across a gap '
    '(stg.tic_flows_monthly_as_of)';
comment on column marts.panel_monthly.tic_total_net_change_pct_foreign_holdings is
    'tic_total_net_change_usd_bn as a percent of tic_total_usd_bn at the end of the previous month';
comment on column marts.panel_monthly.tic_official_usd_bn is
    'TIC foreign official holders (For. Official), end of month, market value, $bn';
comment on column marts.panel_monthly.tic_official_net_change_usd_bn is
    'monthly change of tic_official_usd_bn, $bn at market value (as tic_total_net_change_usd_bn)';
comment on column marts.panel_monthly.tic_japan_usd_bn is
    'TIC holdings of Japan, end of month, market value, $bn';
comment on column marts.panel_monthly.tic_japan_net_change_usd_bn is
    'monthly change of tic_japan_usd_bn, $bn at market value (as tic_total_net_change_usd_bn)';
comment on column marts.panel_monthly.tic_china_usd_bn is
    'TIC holdings of China, Mainland, end of month, market value, $bn';
comment on column marts.panel_monthly.tic_china_net_change_usd_bn is
    'monthly change of tic_china_usd_bn, $bn at market value (as tic_total_net_change_usd_bn)';
comment on column marts.panel_monthly.tic_series_break is 'true in a TIC series-break month (Grand Total)';
comment on column marts.panel_monthly.fed_regime is
    'Fed balance-sheet regime of the month: qe, qt or neutral (stg.fed_balance_sheet_regimes)';
comment on column marts.panel_monthly.realtime_start is
    'latest vintage (realtime_start) among the FRED observations of the month';
