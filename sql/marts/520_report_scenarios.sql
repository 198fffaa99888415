-- proj.scenarios of the latest successful projection (see report.lineage).
create or replace view report.scenarios as
select proj.*
from proj.scenarios as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
