-- proj.fiscal_annual of the latest successful projection (see report.lineage).
create or replace view report.fiscal_annual as
select proj.*
from proj.fiscal_annual as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
