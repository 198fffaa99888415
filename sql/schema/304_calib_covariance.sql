-- Covariance of the impact and long-run parameters across tenors, from the joint draws
-- ((bp per 1% of GDP)^2): what keeps Monte Carlo yield curves coherent, in a form people can read.
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
