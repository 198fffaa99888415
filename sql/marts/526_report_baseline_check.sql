-- proj.baseline_check of the latest successful projection (see report.lineage).
create or replace view report.baseline_check as
select proj.*
from proj.baseline_check as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
