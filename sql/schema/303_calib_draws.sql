-- Joint draws of the whole response (all tenors and horizons share a draw index: one draw is one coherent
-- yield-curve response), bp per sale of 1% of GDP. irf_bp_per_pct_gdp[h + 1] is horizon h (DuckDB lists
-- are 1-based). data: block bootstrap; prior: the prior table's joint normal; blend: their precision mix.
create table if not exists calib.draws (
    run_id varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    draw integer not null check (draw >= 0),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    irf_bp_per_pct_gdp double[] not null check (len(irf_bp_per_pct_gdp) >= 1),
    long_run_bp_per_pct_gdp double not null,
    primary key (run_id, method, draw, tenor)
);
