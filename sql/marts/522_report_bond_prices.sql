-- proj.bond_prices of the latest successful projection (see report.lineage).
create or replace view report.bond_prices as
select proj.*
from proj.bond_prices as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
