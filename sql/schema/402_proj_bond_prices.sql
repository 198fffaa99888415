-- Bond prices under the scenario relative to the baseline path, monthly.
-- Tenor rows ('3m' … '30y'): percent price change of a par bond of that maturity (the 3-month as a
-- bill) when its yield moves by the scenario's shock. Portfolio rows ('seller_holdings' = the seller's
-- remaining holdings, 'all_foreign' = all foreign holders): face holdings left ($bn) and their
-- mark-to-market loss ($bn, positive = value lost), bills at the 3-month bill and notes & bonds as a
-- par bond of the marketable debt's average maturity. Price p5 pairs with the yield shock's p95.
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
