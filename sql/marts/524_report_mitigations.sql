-- proj.mitigations of the latest successful projection (see report.lineage).
create or replace view report.mitigations as
select proj.*
from proj.mitigations as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;
