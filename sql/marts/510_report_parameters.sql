create or replace view report.parameters as
select calib.*
from calib.parameters as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.parameters is
    'calib.parameters of the calibration behind the latest successful projection (see report.lineage): the '
    'price impact per tenor, term, units and method.';

-- columns as in calib.parameters: copied from its comments by `make docs` (edit them there)
comment on column report.parameters.run_id is 'the calibration run (meta.runs)';
comment on column report.parameters.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.parameters.term is
    'impact (h = 0, the quarter of the sale), long_run (the mean response 6-8 quarters out), long_run_share '
    '(long run / impact) or half_life (quarters until the response falls to half its impact)';
comment on column report.parameters.estimate is
    'point estimate, in units (positive = yields rise); null when not estimable, or for persistence when '
    'the impact is not positive or never halves (see note)';
comment on column report.parameters.std_error is
    'standard error, in units (Newey-West for data); null for the persistence terms';
comment on column report.parameters.ci_low is
    'lower end of the ci_level interval, in units: Student t for data, normal for prior and blend, '
    'percentiles of the draws for persistence';
comment on column report.parameters.ci_high is 'upper end of that interval, in units';
comment on column report.parameters.units is
    'bp per $100bn or bp per 1% of GDP (impact and long_run: each estimate comes in both), share of impact '
    '(long_run_share) or quarters (half_life)';
comment on column report.parameters.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column report.parameters.ci_level is 'level of the interval, e.g. 0.90';
comment on column report.parameters.n_obs is 'quarters in the regression (data and blend); null for prior';
comment on column report.parameters.r_squared is 'R-squared of the regression (data and blend), 0-1';
comment on column report.parameters.blend_weight is
    'weight on the data, 0-1: 1 for data, 0 for prior, the precision weight for blend';
comment on column report.parameters.estimable is
    'false when the regression could not be fitted (too few quarters, a singular design): see note';
comment on column report.parameters.identification_sd is
    'standard deviation of the estimate across flow measures and plausible durations, in units: counted as '
    'extra data variance in the blend';
comment on column report.parameters.prior_mean is
    'mean of the literature prior, in units (impact and long_run)';
comment on column report.parameters.prior_sd is 'standard deviation of the prior, in units';
comment on column report.parameters.published_low_bp_per_100bn is
    'low end of the published estimates, bp per $100bn';
comment on column report.parameters.published_high_bp_per_100bn is
    'high end of the published estimates, bp per $100bn';
comment on column report.parameters.flags is
    'warnings: insignificant (the interval covers 0), wrong_sign (yields fall after a sale), '
    'above_published_range, below_published_range, not_estimable';
comment on column report.parameters.note is
    'e.g. why it is not estimable, the prior''s sources, policy-driven tenor: use a policy-rate path';
