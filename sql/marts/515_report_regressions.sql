create or replace view report.regressions as
select calib.*
from calib.regressions as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.regressions is
    'calib.regressions of the calibration behind the latest successful projection (see report.lineage): '
    'subsample, rolling-window and monthly robustness regressions.';

-- columns as in calib.regressions: copied from its comments by `make docs` (edit them there)
comment on column report.regressions.run_id is 'the calibration run (meta.runs)';
comment on column report.regressions.spec is
    'primary/full, primary/subsample, primary/rolling or custody_monthly';
comment on column report.regressions.sample_label is
    'the sample, e.g. full sample, to 2014Q4 (QE era), from 2015Q1, rolling 2005-01..2014-10';
comment on column report.regressions.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.regressions.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column report.regressions.flow_measure is
    'the flow measure regressed on (custody_face by default)';
comment on column report.regressions.frequency is 'Q (quarterly) or M (monthly)';
comment on column report.regressions.units is
    'units of estimate: bp per 1% of GDP (quarterly), bp per $100bn (2007-2026 market size) (monthly)';
comment on column report.regressions.estimable is
    'false below the minimum number of observations or for a singular design (see note)';
comment on column report.regressions.sample_start is
    'first period of the sample (first day of the quarter or month)';
comment on column report.regressions.sample_end is 'last period of the sample (first day)';
comment on column report.regressions.n_obs is 'periods in the sample';
comment on column report.regressions.estimate is 'flow coefficient, in units (positive = yields rise)';
comment on column report.regressions.std_error is 'Newey-West standard error, in units';
comment on column report.regressions.ci_low is 'lower end of the ci_level interval (Student t), in units';
comment on column report.regressions.ci_high is 'upper end of that interval, in units';
comment on column report.regressions.r_squared is 'R-squared of the regression, 0-1';
comment on column report.regressions.note is
    'why not estimable, or a caveat (e.g. excluded quarters inside the sample)';
