create table if not exists calib.regressions (
    run_id varchar not null,
    spec varchar not null,
    sample_label varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run')),
    flow_measure varchar not null,
    frequency varchar not null check (frequency in ('Q', 'M')),
    units varchar not null,
    estimable boolean not null,
    sample_start date,
    sample_end date,
    n_obs integer not null check (n_obs >= 0),
    estimate double,
    std_error double check (std_error >= 0),
    ci_low double,
    ci_high double,
    r_squared double,
    note varchar,
    primary key (run_id, spec, sample_label, tenor, term),
    check (estimable = (estimate is not null))
);

comment on table calib.regressions is
    'Stability and robustness: the flow coefficient of the primary specification on the full sample, '
    'subsamples and rolling windows, and the monthly custody regression. Below the minimum number of '
    'observations a row says not estimable instead of fitting a handful of points.';
comment on column calib.regressions.run_id is 'the calibration run (meta.runs)';
comment on column calib.regressions.spec is
    'primary/full, primary/subsample, primary/rolling or custody_monthly';
comment on column calib.regressions.sample_label is
    'the sample, e.g. full sample, to 2014Q4 (QE era), from 2015Q1, rolling 2005-01..2014-10';
comment on column calib.regressions.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.regressions.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column calib.regressions.flow_measure is 'the flow measure regressed on (custody_face by default)';
comment on column calib.regressions.frequency is 'Q (quarterly) or M (monthly)';
comment on column calib.regressions.units is
    'units of estimate: bp per 1% of GDP (quarterly), bp per $100bn (2007-2026 market size) (monthly)';
comment on column calib.regressions.estimable is
    'false below the minimum number of observations or for a singular design (see note)';
comment on column calib.regressions.sample_start is
    'first period of the sample (first day of the quarter or month)';
comment on column calib.regressions.sample_end is 'last period of the sample (first day)';
comment on column calib.regressions.n_obs is 'periods in the sample';
comment on column calib.regressions.estimate is 'flow coefficient, in units (positive = yields rise)';
comment on column calib.regressions.std_error is 'Newey-West standard error, in units';
comment on column calib.regressions.ci_low is 'lower end of the ci_level interval (Student t), in units';
comment on column calib.regressions.ci_high is 'upper end of that interval, in units';
comment on column calib.regressions.r_squared is 'R-squared of the regression, 0-1';
comment on column calib.regressions.note is
    'why not estimable, or a caveat (e.g. excluded quarters inside the sample)';
