-- Monthly average Treasury yields by tenor, percent (TB3MS is on a discount basis, the rest on an
-- investment basis, as FRED publishes them). The monthly series only: the daily closes of the same tenors
-- (DGS*) are in marts.yield_changes_daily, and their monthly means in stg.series_monthly_as_of.
create or replace view stg.yields_monthly as
select
    obs.date,
    catalog.tenor,
    obs.value as yield_pct
from stg.observations as obs
inner join meta.catalog as catalog on catalog.series_id = obs.series_id
where catalog.role = 'yield' and catalog.frequency = 'M' and obs.value is not null;

comment on view stg.yields_monthly is 'Monthly average Treasury yields by tenor, latest vintage.';
comment on column stg.yields_monthly.date is 'the month, dated by its first day';
comment on column stg.yields_monthly.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column stg.yields_monthly.yield_pct is
    'monthly average yield, percent: 3m is TB3MS on a discount basis, the rest constant-maturity yields on '
    'an investment basis, as FRED publishes them';
