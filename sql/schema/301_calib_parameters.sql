-- The calibrated price impact (contract): per tenor, impact and long-run effect of a foreign sale,
-- positive = yields rise, in bp per $100bn sold (at the GDP in calib.calibrations) and bp per 1% of GDP,
-- for the data-only estimate, the literature prior and their precision-weighted blend (the default that
-- feeds projections). long_run_share and half_life describe persistence. blend_weight is the weight on
-- the data; identification_sd the spread across flow measures and plausible durations.
create table if not exists calib.parameters (
    run_id varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run', 'long_run_share', 'half_life')),
    estimate double,
    std_error double check (std_error >= 0),
    ci_low double,
    ci_high double,
    units varchar not null check (units in ('bp per $100bn', 'bp per 1% of GDP', 'share of impact', 'quarters')),
    method varchar not null check (method in ('data', 'prior', 'blend')),
    ci_level double not null check (ci_level > 0 and ci_level < 1),
    n_obs integer check (n_obs > 0),
    r_squared double check (r_squared >= 0 and r_squared <= 1),
    blend_weight double check (blend_weight >= 0 and blend_weight <= 1),
    estimable boolean not null,
    identification_sd double check (identification_sd >= 0),
    prior_mean double,
    prior_sd double check (prior_sd > 0),
    published_low_bp_per_100bn double,
    published_high_bp_per_100bn double,
    flags varchar[] not null default [],
    note varchar,
    primary key (run_id, tenor, term, units, method),
    check (
        (term in ('impact', 'long_run') and units in ('bp per $100bn', 'bp per 1% of GDP'))
        or (term = 'long_run_share' and units = 'share of impact')
        or (term = 'half_life' and units = 'quarters')
    ),
    -- impact and long run always have a number when estimable; persistence may not exist (never halves)
    check (term not in ('impact', 'long_run') or estimable = (estimate is not null)),
    check (term not in ('impact', 'long_run') or estimate is null or (ci_low <= estimate and estimate <= ci_high))
);
