-- Diagnostics of the primary impact and long-run regressions, one statistic per row with its p-value
-- where it is a test: n_obs, r_squared, durbin_watson, breusch_godfrey (LM), jarque_bera, cusum_ols
-- (Ploberger-Kramer), chow (at the date in note), condition_number, hac_maxlags. The long run's errors
-- overlap by construction, so its serial-correlation tests reject; its HAC lags cover the overlap.
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
