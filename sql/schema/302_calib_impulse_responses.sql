create table if not exists calib.impulse_responses (
    run_id varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    horizon_q integer not null check (horizon_q >= 0),
    estimable boolean not null,
    estimate_bp_per_pct_gdp double,
    std_error double check (std_error >= 0),
    ci_low double,
    ci_high double,
    estimate_bp_per_100bn double,
    blend_weight double check (blend_weight >= 0 and blend_weight <= 1),
    n_obs integer,
    primary key (run_id, method, tenor, horizon_q),
    check (estimable = (estimate_bp_per_pct_gdp is not null))
);

comment on table calib.impulse_responses is
    'Local-projection responses of each tenor''s yield h = 0..H quarters after a one-quarter sale, '
    'cumulative, per method; positive = yields rise.';
comment on column calib.impulse_responses.run_id is 'the calibration run (meta.runs)';
comment on column calib.impulse_responses.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column calib.impulse_responses.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.impulse_responses.horizon_q is 'quarters after the quarter of the sale (0 = impact)';
comment on column calib.impulse_responses.estimable is
    'false when the data regression at this horizon could not be fitted';
comment on column calib.impulse_responses.estimate_bp_per_pct_gdp is
    'cumulative yield change h quarters out, bp per sale of 1% of GDP';
comment on column calib.impulse_responses.std_error is 'its standard error, bp per 1% of GDP';
comment on column calib.impulse_responses.ci_low is
    'lower end of the ci_level interval (calib.calibrations), bp per 1% of GDP';
comment on column calib.impulse_responses.ci_high is 'upper end of that interval, bp per 1% of GDP';
comment on column calib.impulse_responses.estimate_bp_per_100bn is
    'the same per $100bn sold, at the reference GDP of calib.calibrations';
comment on column calib.impulse_responses.blend_weight is
    'weight on the data, 0-1: 1 for data, 0 for prior, the precision weight for blend';
comment on column calib.impulse_responses.n_obs is
    'quarters in the data regression at this horizon; null when none';
