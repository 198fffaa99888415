create or replace view report.bond_prices as
select proj.*
from proj.bond_prices as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.bond_prices is
    'proj.bond_prices of the latest successful projection (see report.lineage): monthly price changes by '
    'tenor and mark-to-market losses of foreign holdings.';

-- columns as in proj.bond_prices: copied from its comments by `make docs` (edit them there)
comment on column report.bond_prices.run_id is 'the projection run (meta.runs)';
comment on column report.bond_prices.scenario is 'scenario name (proj.scenarios)';
comment on column report.bond_prices.month is 'the month, dated by its first day';
comment on column report.bond_prices.instrument is
    'a tenor (3m, 1y, 2y, 5y, 10y, 30y: a par bond of that maturity, the 3-month a bill) or a portfolio: '
    'seller_holdings (the seller''s remaining holdings) or all_foreign (all foreign holders)';
comment on column report.bond_prices.maturity_years is 'tenor rows: the maturity, years; null for portfolios';
comment on column report.bond_prices.price_change_pct is
    'percent change in price when the yield moves by the scenario''s shock (negative when yields rise); '
    'portfolios: -100 x mtm_loss_usd_bn / holdings_usd_bn';
comment on column report.bond_prices.price_change_pct_p5 is
    'tenor rows: 5th percentile of the price change, percent (at the yield shock''s 95th percentile)';
comment on column report.bond_prices.price_change_pct_p50 is 'tenor rows: median price change, percent';
comment on column report.bond_prices.price_change_pct_p95 is
    'tenor rows: 95th percentile of the price change, percent (at the yield shock''s 5th percentile)';
comment on column report.bond_prices.holdings_usd_bn is
    'portfolio rows: face holdings left after the sale so far, $bn; null for tenor rows';
comment on column report.bond_prices.mtm_loss_usd_bn is
    'portfolio rows: mark-to-market loss against the baseline, $bn, positive = value lost; bills priced as '
    'the 3-month bill, notes and bonds as a par bond of the marketable debt''s average maturity';
comment on column report.bond_prices.mtm_loss_usd_bn_p5 is
    '5th percentile of the loss across the Monte Carlo draws, $bn';
comment on column report.bond_prices.mtm_loss_usd_bn_p50 is
    'median of the loss across the Monte Carlo draws, $bn';
comment on column report.bond_prices.mtm_loss_usd_bn_p95 is
    '95th percentile of the loss across the Monte Carlo draws, $bn';
