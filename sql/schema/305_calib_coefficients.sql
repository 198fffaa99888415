-- Every coefficient of the primary regressions (the flow coefficient and the controls), with Newey-West
-- errors: response 'h0'..'hH' is the local projection h quarters out, 'long_run' the 6-8 quarter mean.
-- Units: bp of the dependent variable per unit of the regressor (named with its unit).
create table if not exists calib.coefficients (
    run_id varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    response varchar not null,
    regressor varchar not null,
    estimate double not null,
    std_error double not null check (std_error >= 0),
    p_value double check (p_value >= 0 and p_value <= 1),
    primary key (run_id, tenor, response, regressor)
);
