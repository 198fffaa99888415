-- Local-projection responses of each tenor's yield h = 0..H quarters after a one-quarter sale, cumulative,
-- bp per sale of 1% of GDP (and per $100bn at the calibration's reference GDP); positive = yields rise.
create table if not exists calib.impulse_responses (
    run_id varchar not null,
    method varchar not null check (method in ('data', 'prior', 'blend')),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    horizon_q integer not null check (horizon_q >= 0),
    estimable boolean not null,
    estimate_bp_per_pct_gdp double,
    std_error double check (std_error >= 0),
    ci_low double,
    ci_high double,
    estimate_bp_per_100bn double,
    blend_weight double check (blend_weight >= 0 and blend_weight <= 1),
    n_obs integer,
    primary key (run_id, method, tenor, horizon_q),
    check (estimable = (estimate_bp_per_pct_gdp is not null))
);
