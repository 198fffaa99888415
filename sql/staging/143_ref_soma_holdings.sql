-- Federal reserve soma holdings by category, wednesdays, $bn at par (see ref.soma_holdings_as_of). Reference
-- data shipped with the snapshot: a live refresh (--source fred/tic) keeps it as it is.
create or replace view ref.soma_holdings as
select * from ref.soma_holdings_as_of(date '9999-12-31');

comment on view ref.soma_holdings is 'federal reserve soma holdings by category, wednesdays, $bn at par: latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.soma_holdings.date is 'as-of wednesday';
comment on column ref.soma_holdings.category is 'bills, notes_&_bonds, tips, tips_inflation_compensation, frn (treasury securities), mbs, cmbs, agencies, total';
comment on column ref.soma_holdings.holdings_usd_bn is 'holdings, $bn at par (tips inflation compensation in $bn); null where the source is blank';
comment on column ref.soma_holdings.realtime_start is 'version: the snapshot date of the load that stored these values';
