-- Stability and robustness: the flow coefficient of the primary specification on the full sample,
-- subsamples and rolling windows (bp per 1% of GDP), and the monthly custody regression (bp per $100bn).
-- Below the minimum N a row says "not estimable" instead of fitting a handful of points.
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
