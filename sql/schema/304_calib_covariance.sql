create table if not exists calib.covariance (
    run_id varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    tenor_a varchar not null check (tenor_a in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term_a varchar not null check (term_a in ('impact', 'long_run')),
    tenor_b varchar not null check (tenor_b in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term_b varchar not null check (term_b in ('impact', 'long_run')),
    covariance double not null,
    correlation double check (correlation >= -1.000001 and correlation <= 1.000001),
    primary key (run_id, method, tenor_a, term_a, tenor_b, term_b)
);

comment on table calib.covariance is
    'Covariance of the impact and long-run parameters across tenors, from the joint draws: what keeps Monte '
    'Carlo yield curves coherent, in a form people can read.';
comment on column calib.covariance.run_id is 'the calibration run (meta.runs)';
comment on column calib.covariance.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column calib.covariance.tenor_a is 'first parameter''s tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.covariance.term_a is 'first parameter''s term: impact or long_run';
comment on column calib.covariance.tenor_b is 'second parameter''s tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.covariance.term_b is 'second parameter''s term: impact or long_run';
comment on column calib.covariance.covariance is
    'covariance of the two across draws, (bp per 1% of GDP) squared';
comment on column calib.covariance.correlation is
    'the same as a correlation, -1 to 1; null when a variance is 0';
