create table if not exists calib.draws (
    run_id varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    draw integer not null check (draw >= 0),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    irf_bp_per_pct_gdp double[] not null check (len(irf_bp_per_pct_gdp) >= 1),
    long_run_bp_per_pct_gdp double not null,
    primary key (run_id, method, draw, tenor)
);

comment on table calib.draws is
    'Joint draws of the whole response, bp per sale of 1% of GDP: all tenors and horizons share a draw '
    'index, so one draw is one coherent yield-curve response. data: moving-block bootstrap; prior: the '
    'prior table''s joint normal; blend: their precision mix.';
comment on column calib.draws.run_id is 'the calibration run (meta.runs)';
comment on column calib.draws.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column calib.draws.draw is 'draw index, 0 to n_draws - 1, shared across tenors';
comment on column calib.draws.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.draws.irf_bp_per_pct_gdp is
    'the response at horizons 0..H, bp per 1% of GDP: element h + 1 is horizon h (DuckDB lists are 1-based)';
comment on column calib.draws.long_run_bp_per_pct_gdp is
    'the long-run response of the same draw (mean 6-8 quarters out), bp per 1% of GDP';
