-- Monthly average Treasury yields by tenor, percent (TB3MS is on a discount basis, the rest on an
-- investment basis, as FRED publishes them).
create or replace view stg.yields_monthly as
select
    obs.date,
    catalog.tenor,
    obs.value as yield_pct
from stg.observations as obs
inner join meta.catalog as catalog on catalog.series_id = obs.series_id
where catalog.role = 'yield' and obs.value is not null;
