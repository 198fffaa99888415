create table if not exists calib.diagnostics (
    run_id varchar not null,
    spec varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run')),
    statistic varchar not null check (
        statistic in (
            'n_obs', 'r_squared', 'durbin_watson', 'breusch_godfrey', 'jarque_bera', 'cusum_ols', 'chow',
            'condition_number', 'hac_maxlags', 'estimable'
        )
    ),
    value double,
    p_value double check (p_value >= 0 and p_value <= 1),
    note varchar,
    primary key (run_id, spec, tenor, term, statistic)
);

comment on table calib.diagnostics is
    'Diagnostics of the primary impact and long-run regressions, one statistic per row. The long run''s '
    'errors overlap by construction, so its serial-correlation tests reject; its HAC lags cover the '
    'overlap.';
comment on column calib.diagnostics.run_id is 'the calibration run (meta.runs)';
comment on column calib.diagnostics.spec is 'the specification: primary';
comment on column calib.diagnostics.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.diagnostics.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column calib.diagnostics.statistic is
    'estimable (1 or 0), n_obs, r_squared, durbin_watson, breusch_godfrey (LM), jarque_bera, cusum_ols '
    '(Ploberger-Kramer), chow (break date in note), condition_number or hac_maxlags';
comment on column calib.diagnostics.value is
    'the statistic (n_obs in quarters, hac_maxlags in quarters of lag)';
comment on column calib.diagnostics.p_value is
    'p-value where the statistic is a test (breusch_godfrey, jarque_bera, cusum_ols, chow)';
comment on column calib.diagnostics.note is
    'context: the sample for n_obs, the lags for breusch_godfrey, the break for chow, why a regression is '
    'not estimable or which regressors were dropped';
