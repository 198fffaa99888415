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

comment on table calib.coefficients is
    'Every coefficient of the primary regressions, the flow coefficient and the controls, with Newey-West '
    'errors.';
comment on column calib.coefficients.run_id is 'the calibration run (meta.runs)';
comment on column calib.coefficients.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.coefficients.response is
    'h0 .. hH: the local projection h quarters out; long_run: the mean response 6-8 quarters out';
comment on column calib.coefficients.regressor is
    'const, net_sales_pct_gdp (the flow: net foreign sales, % of GDP, a sale positive), d_policy_rate_bp, '
    'fed_net_purchases_pct_gdp, qe_share_no_fed_data, qt_share_no_fed_data, d_debt_public_pct_gdp or '
    'lag_d_yield_bp';
comment on column calib.coefficients.estimate is
    'bp of the yield change per unit of the regressor (its unit is in its name)';
comment on column calib.coefficients.std_error is 'Newey-West standard error, same units';
comment on column calib.coefficients.p_value is 'two-sided p-value (Student t)';
