create table if not exists calib.parameters (
    run_id varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run', 'long_run_share', 'half_life')),
    estimate double,
    std_error double check (std_error >= 0),
    ci_low double,
    ci_high double,
    units varchar not null check (units in ('bp per $100bn', 'bp per 1% of GDP', 'share of impact', 'quarters')),
    method varchar not null check (method in ('data', 'prior', 'blend')),
    ci_level double not null check (ci_level > 0 and ci_level < 1),
    n_obs integer check (n_obs > 0),
    r_squared double check (r_squared >= 0 and r_squared <= 1),
    blend_weight double check (blend_weight >= 0 and blend_weight <= 1),
    estimable boolean not null,
    identification_sd double check (identification_sd >= 0),
    prior_mean double,
    prior_sd double check (prior_sd > 0),
    published_low_bp_per_100bn double,
    published_high_bp_per_100bn double,
    flags varchar[] not null default [],
    note varchar,
    primary key (run_id, tenor, term, units, method),
    check (
        (term in ('impact', 'long_run') and units in ('bp per $100bn', 'bp per 1% of GDP'))
        or (term = 'long_run_share' and units = 'share of impact')
        or (term = 'half_life' and units = 'quarters')
    ),
    -- impact and long run always have a number when estimable; persistence may not exist (never halves)
    check (term not in ('impact', 'long_run') or estimable = (estimate is not null)),
    check (term not in ('impact', 'long_run') or estimate is null or (ci_low <= estimate and estimate <= ci_high))
);

comment on table calib.parameters is
    'The calibrated price impact (the contract with projections): per tenor, the impact and long-run effect '
    'of a foreign sale on the yield, positive = yields rise, in bp per $100bn sold (at the GDP in '
    'calib.calibrations) and in bp per sale of 1% of GDP, for the data-only estimate, the literature prior '
    'and their precision-weighted blend (the default that feeds projections); long_run_share and half_life '
    'describe persistence.';
comment on column calib.parameters.run_id is 'the calibration run (meta.runs)';
comment on column calib.parameters.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.parameters.term is
    'impact (h = 0, the quarter of the sale), long_run (the mean response 6-8 quarters out), long_run_share '
    '(long run / impact) or half_life (quarters until the response falls to half its impact)';
comment on column calib.parameters.estimate is
    'point estimate, in units (positive = yields rise); null when not estimable, or for persistence when '
    'the impact is not positive or never halves (see note)';
comment on column calib.parameters.std_error is
    'standard error, in units (Newey-West for data); null for the persistence terms';
comment on column calib.parameters.ci_low is
    'lower end of the ci_level interval, in units: Student t for data, normal for prior and blend, '
    'percentiles of the draws for persistence';
comment on column calib.parameters.ci_high is 'upper end of that interval, in units';
comment on column calib.parameters.units is
    'bp per $100bn or bp per 1% of GDP (impact and long_run: each estimate comes in both), share of impact '
    '(long_run_share) or quarters (half_life)';
comment on column calib.parameters.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column calib.parameters.ci_level is 'level of the interval, e.g. 0.90';
comment on column calib.parameters.n_obs is 'quarters in the regression (data and blend); null for prior';
comment on column calib.parameters.r_squared is 'R-squared of the regression (data and blend), 0-1';
comment on column calib.parameters.blend_weight is
    'weight on the data, 0-1: 1 for data, 0 for prior, the precision weight for blend';
comment on column calib.parameters.estimable is
    'false when the regression could not be fitted (too few quarters, a singular design): see note';
comment on column calib.parameters.identification_sd is
    'standard deviation of the estimate across flow measures and plausible durations, in units: counted as '
    'extra data variance in the blend';
comment on column calib.parameters.prior_mean is
    'mean of the literature prior, in units (impact and long_run)';
comment on column calib.parameters.prior_sd is 'standard deviation of the prior, in units';
comment on column calib.parameters.published_low_bp_per_100bn is
    'low end of the published estimates, bp per $100bn';
comment on column calib.parameters.published_high_bp_per_100bn is
    'high end of the published estimates, bp per $100bn';
comment on column calib.parameters.flags is
    'warnings: insignificant (the interval covers 0), wrong_sign (yields fall after a sale), '
    'above_published_range, below_published_range, not_estimable';
comment on column calib.parameters.note is
    'e.g. why it is not estimable, the prior''s sources, policy-driven tenor: use a policy-rate path';
