-- calib.d_sensitivity of the calibration behind the latest successful projection (see report.lineage).
create or replace view report.d_sensitivity as
select calib.*
from calib.d_sensitivity as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;
