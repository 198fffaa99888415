-- calib.episodes of the calibration behind the latest successful projection (see report.lineage).
create or replace view report.episodes as
select calib.*
from calib.episodes as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;
