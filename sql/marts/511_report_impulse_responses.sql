create or replace view report.impulse_responses as
select calib.*
from calib.impulse_responses as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.impulse_responses is
    'calib.impulse_responses of the calibration behind the latest successful projection (see '
    'report.lineage): the local-projection responses h = 0..H quarters after a sale.';

-- columns as in calib.impulse_responses: copied from its comments by `make docs` (edit them there)
comment on column report.impulse_responses.run_id is 'the calibration run (meta.runs)';
comment on column report.impulse_responses.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column report.impulse_responses.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.impulse_responses.horizon_q is 'quarters after the quarter of the sale (0 = impact)';
comment on column report.impulse_responses.estimable is
    'false when the data regression at this horizon could not be fitted';
comment on column report.impulse_responses.estimate_bp_per_pct_gdp is
    'cumulative yield change h quarters out, bp per sale of 1% of GDP';
comment on column report.impulse_responses.std_error is 'its standard error, bp per 1% of GDP';
comment on column report.impulse_responses.ci_low is
    'lower end of the ci_level interval (calib.calibrations), bp per 1% of GDP';
comment on column report.impulse_responses.ci_high is 'upper end of that interval, bp per 1% of GDP';
comment on column report.impulse_responses.estimate_bp_per_100bn is
    'the same per $100bn sold, at the reference GDP of calib.calibrations';
comment on column report.impulse_responses.blend_weight is
    'weight on the data, 0-1: 1 for data, 0 for prior, the precision weight for blend';
comment on column report.impulse_responses.n_obs is
    'quarters in the data regression at this horizon; null when none';
