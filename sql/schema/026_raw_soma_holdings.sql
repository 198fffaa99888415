-- The Federal Reserve's System Open Market Account holdings by category (New York Fed), weekly, as shipped in
-- the snapshot, in US dollars at par as published. Versioned as raw.acm_term_premium.
create table if not exists raw.soma_holdings (
    date date not null,
    category varchar not null check (
        category in (
            'bills', 'notes_&_bonds', 'tips', 'tips_inflation_compensation', 'frn', 'mbs', 'cmbs', 'agencies', 'total'
        )
    ),
    holdings_usd double check (holdings_usd >= 0),
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (date, category, realtime_start)
);

comment on table raw.soma_holdings is 'new york fed soma holdings summary by category (markets api /api/soma/summary), wednesdays, every stored version; reference table, not on fred';
comment on column raw.soma_holdings.date is 'as-of wednesday';
comment on column raw.soma_holdings.category is 'bills, notes_&_bonds, tips, tips_inflation_compensation, frn (treasury securities: their sum equals fred treast within $6mn), mbs, cmbs, agencies, total';
comment on column raw.soma_holdings.holdings_usd is 'holdings, us dollars at par (tips inflation compensation in dollars); null where the source is blank (frn before frns existed, some agencies weeks)';
comment on column raw.soma_holdings.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.soma_holdings.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.soma_holdings.run_id is 'the refresh run that stored the row';
