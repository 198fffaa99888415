create or replace view report.diagnostics as
select calib.*
from calib.diagnostics as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.diagnostics is
    'calib.diagnostics of the calibration behind the latest successful projection (see report.lineage): '
    'regression diagnostics, one statistic per row.';

-- columns as in calib.diagnostics: copied from its comments by `make docs` (edit them there)
comment on column report.diagnostics.run_id is 'the calibration run (meta.runs)';
comment on column report.diagnostics.spec is 'the specification: primary';
comment on column report.diagnostics.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.diagnostics.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column report.diagnostics.statistic is
    'estimable (1 or 0), n_obs, r_squared, durbin_watson, breusch_godfrey (LM), jarque_bera, cusum_ols '
    '(Ploberger-Kramer), chow (break date in note), condition_number or hac_maxlags';
comment on column report.diagnostics.value is
    'the statistic (n_obs in quarters, hac_maxlags in quarters of lag)';
comment on column report.diagnostics.p_value is
    'p-value where the statistic is a test (breusch_godfrey, jarque_bera, cusum_ols, chow)';
comment on column report.diagnostics.note is
    'context: the sample for n_obs, the lags for breusch_godfrey, the break for chow, why a regression is '
    'not estimable or which regressors were dropped';
