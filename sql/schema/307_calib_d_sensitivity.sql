-- Required identification diagnostic: the flow coefficient (bp per 1% of GDP sold) when market-value
-- holdings are valuation-adjusted with an assumed duration D (years). The sign flips with D for
-- market-value measures; face-value custody flows do not depend on D (repeated across the grid).
create table if not exists calib.d_sensitivity (
    run_id varchar not null,
    flow_measure varchar not null check (flow_measure in ('custody_face', 'foreign_mv', 'tic_official_mv')),
    valuation_basis varchar not null check (valuation_basis in ('face', 'market')),
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run')),
    duration_years double not null check (duration_years >= 0),
    plausible boolean not null,
    estimable boolean not null,
    n_obs integer not null check (n_obs >= 0),
    estimate_bp_per_pct_gdp double,
    std_error double check (std_error >= 0),
    estimate_bp_per_100bn double,
    note varchar,
    primary key (run_id, flow_measure, tenor, term, duration_years),
    check (estimable = (estimate_bp_per_pct_gdp is not null))
);
