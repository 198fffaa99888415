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

comment on table calib.d_sensitivity is
    'Required identification diagnostic: the flow coefficient when market-value holdings are '
    'valuation-adjusted with an assumed duration D. The sign flips with D for market-value measures; '
    'face-value custody flows do not depend on D (repeated across the grid).';
comment on column calib.d_sensitivity.run_id is 'the calibration run (meta.runs)';
comment on column calib.d_sensitivity.flow_measure is
    'custody_face, foreign_mv or tic_official_mv (see calib.calibrations.primary_flow)';
comment on column calib.d_sensitivity.valuation_basis is 'face or market: how the measure values holdings';
comment on column calib.d_sensitivity.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.d_sensitivity.term is
    'impact (h = 0, the quarter of the sale) or long_run (the mean response 6-8 quarters out)';
comment on column calib.d_sensitivity.duration_years is
    'assumed modified duration D of market-value holdings, years';
comment on column calib.d_sensitivity.plausible is
    'whether D lies in the plausible range (2-7 years by default, calib.calibrations.config)';
comment on column calib.d_sensitivity.estimable is 'false when the regression could not be fitted (see note)';
comment on column calib.d_sensitivity.n_obs is 'quarters in the regression';
comment on column calib.d_sensitivity.estimate_bp_per_pct_gdp is
    'flow coefficient, bp per sale of 1% of GDP (positive = yields rise)';
comment on column calib.d_sensitivity.std_error is 'its Newey-West standard error, bp per 1% of GDP';
comment on column calib.d_sensitivity.estimate_bp_per_100bn is
    'the same per $100bn sold, at the reference GDP of calib.calibrations';
comment on column calib.d_sensitivity.note is 'why a regression is not estimable; null otherwise';
