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
