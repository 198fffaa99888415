-- The quarterly supply-model panel on the latest vintage (see marts.panel_supply_quarterly_as_of).
create or replace view marts.panel_supply_quarterly as
select * from marts.panel_supply_quarterly_as_of(date '9999-12-31');

comment on view marts.panel_supply_quarterly is 'quarterly panel of the supply model of the 10-year term premium: term premia, treasury supply left to price-sensitive investors (% of gdp) and its parts, global-yield, policy-rate and volatility controls; one row per quarter from 1970q1, latest vintage';
comment on column marts.panel_supply_quarterly.quarter is 'first day of the quarter';
comment on column marts.panel_supply_quarterly.tp_acm_last_month_avg_pct is 'acm 10-year term premium, mean of the daily values in the quarter''s last month, percent (from 1961)';
comment on column marts.panel_supply_quarterly.tp_acm_avg_pct is 'acm 10-year term premium, mean of the quarter''s daily values, percent';
comment on column marts.panel_supply_quarterly.tp_kw_last_month_avg_pct is 'kim-wright 10-year term premium (threefytp10), mean of the last month''s daily values, percent (from 1990)';
comment on column marts.panel_supply_quarterly.tp_kw_avg_pct is 'kim-wright 10-year term premium, mean of the quarter''s daily values, percent';
comment on column marts.panel_supply_quarterly.gdp_usd_bn is 'nominal gdp of the quarter, $bn saar: the denominator of every % of gdp here';
comment on column marts.panel_supply_quarterly.debt_public_usd_bn is 'federal debt held by the public (fygfdpun), end of quarter, $bn (includes ~2% nonmarketable)';
comment on column marts.panel_supply_quarterly.fed_treasuries_eoq_usd_bn is 'fed treasury holdings (treast) on the quarter''s last wednesday, $bn face (from 2002-12)';
comment on column marts.panel_supply_quarterly.fed_bills_eoq_usd_bn is 'fed treasury bills (soma) on the quarter''s last wednesday, $bn par (2007-01 to 2025-10)';
comment on column marts.panel_supply_quarterly.fed_treasuries_soma_eoq_usd_bn is 'all fed treasury securities in soma (bills, notes and bonds, tips with inflation compensation, frns) on the quarter''s last wednesday, $bn par';
comment on column marts.panel_supply_quarterly.fed_total_assets_eoq_usd_bn is 'fed total assets (walcl) on the quarter''s last wednesday, $bn';
comment on column marts.panel_supply_quarterly.tic_official_eoq_usd_bn is 'foreign official holdings of treasuries (tic for. official) at the quarter''s last month end, $bn market value (from 2000)';
comment on column marts.panel_supply_quarterly.tic_official_bills_eoq_usd_bn is 'foreign official holdings of treasury bills (tic), quarter''s last month end, $bn';
comment on column marts.panel_supply_quarterly.tic_official_notes_bonds_eoq_usd_bn is 'foreign official holdings of treasury bonds and notes (tic), quarter''s last month end, $bn';
comment on column marts.panel_supply_quarterly.custody_face_eoq_usd_bn is 'treasuries in custody at the fed for foreign official accounts (wmtsecl1), last wednesday, $bn face (from 2007-07)';
comment on column marts.panel_supply_quarterly.foreign_mv_eoq_usd_bn is 'treasuries held by all foreign investors (fdhbfin), end of quarter, $bn market value (from 1970)';
comment on column marts.panel_supply_quarterly.private_supply_usd_bn is 'debt held by the public less fed treasuries (treast) less foreign official holdings (tic), end of quarter, $bn';
comment on column marts.panel_supply_quarterly.private_supply_pct_gdp is 'private_supply_usd_bn as % of the quarter''s gdp (from 2003q1, when treast and tic both exist)';
comment on column marts.panel_supply_quarterly.private_supply_custody_pct_gdp is 'debt held by the public less treast less wmtsecl1 custody holdings, % of gdp (from 2007q3)';
comment on column marts.panel_supply_quarterly.supply_less_foreign_pct_gdp is 'debt held by the public less all foreign holdings (fdhbfin), fed not deducted, % of gdp (from 1970: the long sample)';
comment on column marts.panel_supply_quarterly.policy_rate_last_month_pct is 'effective federal funds rate, average of the quarter''s last month, percent';
comment on column marts.panel_supply_quarterly.bund_10y_last_month_pct is 'german 10-year government yield (oecd, irltlt01dem156n), last month''s average, percent';
comment on column marts.panel_supply_quarterly.gilt_10y_last_month_pct is 'uk 10-year government yield (oecd, irltlt01gbm156n), last month''s average, percent';
comment on column marts.panel_supply_quarterly.jgb_10y_last_month_pct is 'japan 10-year government yield (oecd definition, irltlt01jpm156n), last month''s average, percent (from 1989)';
comment on column marts.panel_supply_quarterly.global_10y_last_month_pct is 'mean of the bund, gilt and jgb 10-year yields, last month, percent; null if one is missing';
comment on column marts.panel_supply_quarterly.global_10y_ex_japan_last_month_pct is 'mean of the bund and gilt 10-year yields, last month, percent (the long sample''s control)';
comment on column marts.panel_supply_quarterly.vol_10y_daily_bp is 'standard deviation of the quarter''s daily 10-year yield changes (dgs10), bp';
comment on column marts.panel_supply_quarterly.realtime_start is 'the latest vintage among the values of the row';
