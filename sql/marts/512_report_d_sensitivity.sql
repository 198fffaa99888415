create or replace view report.d_sensitivity as
select calib.*
from calib.d_sensitivity as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.d_sensitivity is
    'calib.d_sensitivity of the calibration behind the latest successful projection (see report.lineage): '
    'the flow coefficient under each assumed duration of market-value holdings.';

-- columns as in calib.d_sensitivity: copied from its comments by `make docs` (edit them there)
comment on column report.d_sensitivity.run_id is 'the calibration run (meta.runs)';
comment on column report.d_sensitivity.flow_measure is
    'custody_face, foreign_mv or tic_official_mv (see calib.calibrations.primary_flow)';
comment on column report.d_sensitivity.valuation_basis is 'face or market: how the measure values holdings';
comment on column report.d_sensitivity.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.d_sensitivity.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column report.d_sensitivity.duration_years is
    'assumed modified duration D of market-value holdings, years';
comment on column report.d_sensitivity.plausible is
    'whether D lies in the plausible range (2-7 years by default, calib.calibrations.config)';
comment on column report.d_sensitivity.estimable is
    'false when the regression could not be fitted (see note)';
comment on column report.d_sensitivity.n_obs is 'quarters in the regression';
comment on column report.d_sensitivity.estimate_bp_per_pct_gdp is
    'flow coefficient, bp per sale of 1% of GDP (positive = yields rise)';
comment on column report.d_sensitivity.std_error is 'its Newey-West standard error, bp per 1% of GDP';
comment on column report.d_sensitivity.estimate_bp_per_100bn is
    'the same per $100bn sold, at the reference GDP of calib.calibrations';
comment on column report.d_sensitivity.note is 'why a regression is not estimable; null otherwise';
