create or replace view marts.panel_quarterly as
select * from marts.panel_quarterly_as_of(date '9999-12-31');

comment on view marts.panel_quarterly is
    'The quarterly calibration panel on the latest vintage: yields, the policy rate, GDP, debt, foreign '
    'holdings by measure (FDHBFIN at market value, Fed custody at face value, TIC at market value), Fed '
    'holdings and QE/QT shares, one row per quarter. Sign: *_net_purchases_* and *_net_change_* are '
    'purchases (a sale is negative).';
comment on column marts.panel_quarterly.quarter is
    'the quarter, dated by its first day; one row per quarter, gap-free from 1970Q1 to the last quarter '
    'with a 10-year yield';
comment on column marts.panel_quarterly.yield_3m_avg_pct is
    '3m Treasury yield (TB3MS), average of the quarter''s three monthly averages, percent (discount basis)';
comment on column marts.panel_quarterly.yield_1y_avg_pct is
    '1y Treasury yield (GS1), average of the quarter''s three monthly averages, percent (investment basis)';
comment on column marts.panel_quarterly.yield_2y_avg_pct is
    '2y Treasury yield (GS2), average of the quarter''s three monthly averages, percent (investment basis)';
comment on column marts.panel_quarterly.yield_5y_avg_pct is
    '5y Treasury yield (GS5), average of the quarter''s three monthly averages, percent (investment basis)';
comment on column marts.panel_quarterly.yield_10y_avg_pct is
    '10y Treasury yield (GS10), average of the quarter''s three monthly averages, percent (investment '
    'basis)';
comment on column marts.panel_quarterly.yield_30y_avg_pct is
    '30y Treasury yield (GS30), average of the quarter''s three monthly averages, percent (investment '
    'basis)';
comment on column marts.panel_quarterly.yield_3m_eop_pct is
    '3m Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.yield_1y_eop_pct is
    '1y Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.yield_2y_eop_pct is
    '2y Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.yield_5y_eop_pct is
    '5y Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.yield_10y_eop_pct is
    '10y Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.yield_30y_eop_pct is
    '30y Treasury yield, the quarter''s last monthly average, percent: the closest to end of quarter that '
    'FRED''s monthly averages allow';
comment on column marts.panel_quarterly.d_yield_3m_bp is
    'change of yield_3m_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_1y_bp is
    'change of yield_1y_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_2y_bp is
    'change of yield_2y_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_5y_bp is
    'change of yield_5y_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_10y_bp is
    'change of yield_10y_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_30y_bp is
    'change of yield_30y_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.d_yield_10y_avg_bp is
    'change of yield_10y_avg_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.policy_rate_avg_pct is
    'federal funds rate (FEDFUNDS), average of the quarter''s monthly averages, percent';
comment on column marts.panel_quarterly.policy_rate_eop_pct is
    'federal funds rate, the quarter''s last monthly average, percent';
comment on column marts.panel_quarterly.d_policy_rate_bp is
    'change of policy_rate_eop_pct from the previous quarter, bp';
comment on column marts.panel_quarterly.gdp_usd_bn is
    'nominal GDP (GDP), $bn at a seasonally adjusted annual rate: every % of GDP divides by it';
comment on column marts.panel_quarterly.debt_total_usd_bn is
    'total public debt (GFDEBTN), end of quarter, $bn';
comment on column marts.panel_quarterly.debt_public_usd_bn is
    'federal debt held by the public (FYGFDPUN), end of quarter, $bn. Also the proxy for marketable debt: '
    'it also counts nonmarketable savings bonds and SLGS, about 1.5-2% of it in 2025 (MSPD 30 Apr 2025: '
    'marketable $28.58T, held by the public about $29.0T), so % of marketable debt is understated by about '
    'that much';
comment on column marts.panel_quarterly.debt_public_start_usd_bn is
    'debt_public_usd_bn at the end of the previous quarter, $bn';
comment on column marts.panel_quarterly.debt_public_pct_gdp is
    'debt_public_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.d_debt_public_pct_gdp is
    'change of debt_public_pct_gdp from the previous quarter, percentage points';
comment on column marts.panel_quarterly.foreign_mv_usd_bn is
    'Treasuries held by all foreign holders (FDHBFIN), end of quarter, market value, $bn';
comment on column marts.panel_quarterly.foreign_mv_start_usd_bn is
    'foreign_mv_usd_bn at the end of the previous quarter, $bn';
comment on column marts.panel_quarterly.foreign_mv_net_change_usd_bn is
    'change of foreign_mv_usd_bn over the quarter, $bn: mixes net purchases with price changes (a sale is '
    'negative)';
comment on column marts.panel_quarterly.foreign_mv_net_change_pct_gdp is
    'foreign_mv_net_change_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.foreign_mv_net_change_pct_marketable_debt is
    'foreign_mv_net_change_usd_bn as a percent of debt_public_start_usd_bn (the marketable-debt proxy at '
    'the start of the quarter)';
comment on column marts.panel_quarterly.custody_face_eop_usd_bn is
    'Treasuries held in custody at the New York Fed for foreign official and international accounts '
    '(WMTSECL1), last Wednesday of the quarter, face value, $bn';
comment on column marts.panel_quarterly.custody_face_avg_usd_bn is
    'the same averaged over the quarter''s Wednesdays, face value, $bn';
comment on column marts.panel_quarterly.custody_net_purchases_usd_bn is
    'change of custody_face_eop_usd_bn over the quarter, $bn: net purchases at face value, free of '
    'valuation effects (a sale is negative); the calibration''s primary flow measure';
comment on column marts.panel_quarterly.custody_net_purchases_pct_gdp is
    'custody_net_purchases_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.custody_net_purchases_pct_marketable_debt is
    'custody_net_purchases_usd_bn as a percent of debt_public_start_usd_bn (the marketable-debt proxy at '
    'the start of the quarter)';
comment on column marts.panel_quarterly.tic_total_usd_bn is
    'TIC Grand Total (all foreign holders) at the end of the quarter''s last month, market value, $bn';
comment on column marts.panel_quarterly.tic_total_start_usd_bn is
    'tic_total_usd_bn at the end of the previous quarter, $bn';
comment on column marts.panel_quarterly.tic_total_net_change_usd_bn is
    'sum of the quarter''s three monthly changes of TIC Grand Total holdings, $bn at market value (a sale '
    'is negative): steps over series breaks on the old-series basis; NULL unless all three months have a '
    'change';
comment on column marts.panel_quarterly.tic_total_net_change_pct_gdp is
    'tic_total_net_change_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.tic_total_net_change_pct_marketable_debt is
    'tic_total_net_change_usd_bn as a percent of debt_public_start_usd_bn (the marketable-debt proxy at the '
    'start of the quarter)';
comment on column marts.panel_quarterly.tic_official_usd_bn is
    'TIC foreign official holders (For. Official) at the end of the quarter''s last month, market value, '
    '$bn';
comment on column marts.panel_quarterly.tic_official_start_usd_bn is
    'tic_official_usd_bn at the end of the previous quarter, $bn';
comment on column marts.panel_quarterly.tic_official_net_change_usd_bn is
    'quarterly change of TIC foreign official holdings, $bn at market value (as '
    'tic_total_net_change_usd_bn)';
comment on column marts.panel_quarterly.tic_official_net_change_pct_gdp is
    'tic_official_net_change_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.tic_official_net_change_pct_marketable_debt is
    'tic_official_net_change_usd_bn as a percent of debt_public_start_usd_bn (the marketable-debt proxy at '
    'the start of the quarter)';
comment on column marts.panel_quarterly.tic_japan_usd_bn is
    'TIC holdings of Japan at the end of the quarter''s last month, market value, $bn';
comment on column marts.panel_quarterly.tic_japan_net_change_usd_bn is
    'quarterly change of Japan''s TIC holdings, $bn at market value (as tic_total_net_change_usd_bn)';
comment on column marts.panel_quarterly.tic_china_usd_bn is
    'TIC holdings of China, Mainland at the end of the quarter''s last month, market value, $bn';
comment on column marts.panel_quarterly.tic_china_net_change_usd_bn is
    'quarterly change of China''s TIC holdings, $bn at market value (as tic_total_net_change_usd_bn)';
comment on column marts.panel_quarterly.tic_series_break is
    'true when a TIC series break (Grand Total) falls in the quarter';
comment on column marts.panel_quarterly.fed_treasuries_avg_usd_bn is
    'Treasuries held by the Federal Reserve (TREAST), quarterly average, $bn; 2003Q1-2024Q1 only';
comment on column marts.panel_quarterly.fed_net_purchases_usd_bn is
    'change of fed_treasuries_avg_usd_bn from the previous quarter (average to average), $bn (a sale is '
    'negative)';
comment on column marts.panel_quarterly.fed_net_purchases_pct_gdp is
    'fed_net_purchases_usd_bn as a percent of gdp_usd_bn';
comment on column marts.panel_quarterly.fed_series_available is
    'true where fed_net_purchases_usd_bn exists (TREAST covers the quarter and the one before)';
comment on column marts.panel_quarterly.qe_share is
    'share of the quarter''s months in a Fed QE programme (stg.fed_balance_sheet_regimes), 0-1';
comment on column marts.panel_quarterly.qt_share is
    'share of the quarter''s months in a Fed QT programme, 0-1';
comment on column marts.panel_quarterly.realtime_start is
    'latest vintage (realtime_start) among the FRED observations of the quarter';
