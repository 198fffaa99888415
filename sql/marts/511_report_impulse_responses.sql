-- calib.impulse_responses of the calibration behind the latest successful projection (see report.lineage).
create or replace view report.impulse_responses as
select calib.*
from calib.impulse_responses as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;
