-- proj.yield_paths of the latest successful projection (see report.lineage).
create or replace view report.yield_paths as
select proj.*
from proj.yield_paths as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
