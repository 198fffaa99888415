create table if not exists proj.bond_prices (
    run_id varchar not null,
    scenario varchar not null,
    month date not null,
    instrument varchar not null check (
        instrument in ('3m', '1y', '2y', '5y', '10y', '30y', 'seller_holdings', 'all_foreign')
    ),
    maturity_years double,
    price_change_pct double,
    price_change_pct_p5 double,
    price_change_pct_p50 double,
    price_change_pct_p95 double,
    holdings_usd_bn double check (holdings_usd_bn >= 0),
    mtm_loss_usd_bn double,
    mtm_loss_usd_bn_p5 double,
    mtm_loss_usd_bn_p50 double,
    mtm_loss_usd_bn_p95 double,
    primary key (run_id, scenario, month, instrument),
    check (month = date_trunc('month', month)),
    check (price_change_pct_p5 <= price_change_pct_p50 and price_change_pct_p50 <= price_change_pct_p95),
    check (mtm_loss_usd_bn_p5 <= mtm_loss_usd_bn_p50 and mtm_loss_usd_bn_p50 <= mtm_loss_usd_bn_p95),
    -- tenor rows carry a maturity, portfolio rows holdings
    check ((maturity_years is null) = (holdings_usd_bn is not null))
);

comment on table proj.bond_prices is
    'Bond prices under the scenario relative to the baseline path, monthly: per tenor the price change of a '
    'bond of that maturity, and for the seller''s and all foreign holdings the face amount left and its '
    'mark-to-market loss.';
comment on column proj.bond_prices.run_id is 'the projection run (meta.runs)';
comment on column proj.bond_prices.scenario is 'scenario name (proj.scenarios)';
comment on column proj.bond_prices.month is 'the month, dated by its first day';
comment on column proj.bond_prices.instrument is
    'a tenor (3m, 1y, 2y, 5y, 10y, 30y: a par bond of that maturity, the 3-month a bill) or a portfolio: '
    'seller_holdings (the seller''s remaining holdings) or all_foreign (all foreign holders)';
comment on column proj.bond_prices.maturity_years is 'tenor rows: the maturity, years; null for portfolios';
comment on column proj.bond_prices.price_change_pct is
    'percent change in price when the yield moves by the scenario''s shock (negative when yields rise); '
    'portfolios: -100 x mtm_loss_usd_bn / holdings_usd_bn';
comment on column proj.bond_prices.price_change_pct_p5 is
    'tenor rows: 5th percentile of the price change, percent (at the yield shock''s 95th percentile)';
comment on column proj.bond_prices.price_change_pct_p50 is 'tenor rows: median price change, percent';
comment on column proj.bond_prices.price_change_pct_p95 is
    'tenor rows: 95th percentile of the price change, percent (at the yield shock''s 5th percentile)';
comment on column proj.bond_prices.holdings_usd_bn is
    'portfolio rows: face holdings left after the sale so far, $bn; null for tenor rows';
comment on column proj.bond_prices.mtm_loss_usd_bn is
    'portfolio rows: mark-to-market loss against the baseline, $bn, positive = value lost; bills priced as '
    'the 3-month bill, notes and bonds as a par bond of the marketable debt''s average maturity';
comment on column proj.bond_prices.mtm_loss_usd_bn_p5 is
    '5th percentile of the loss across the Monte Carlo draws, $bn';
comment on column proj.bond_prices.mtm_loss_usd_bn_p50 is
    'median of the loss across the Monte Carlo draws, $bn';
comment on column proj.bond_prices.mtm_loss_usd_bn_p95 is
    '95th percentile of the loss across the Monte Carlo draws, $bn';
