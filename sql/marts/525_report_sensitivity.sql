-- proj.sensitivity of the latest successful projection (see report.lineage).
create or replace view report.sensitivity as
select proj.*
from proj.sensitivity as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
