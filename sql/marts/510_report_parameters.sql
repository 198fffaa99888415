-- calib.parameters of the calibration behind the latest successful projection (see report.lineage).
create or replace view report.parameters as
select calib.*
from calib.parameters as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;
