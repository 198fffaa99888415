-- One row per stored calibration run: what was estimated, on which data, and whether the data-only
-- estimate may drive projections. The run itself (status, parent refresh run) is in meta.runs.
create table if not exists calib.calibrations (
    run_id varchar primary key,
    spec varchar not null,
    primary_flow varchar not null check (primary_flow in ('custody_face', 'foreign_mv', 'tic_official_mv')),
    sample_start date not null,
    sample_end date not null,
    n_obs integer not null check (n_obs > 0),
    data_vintage date,
    as_of date,
    -- GDP (SAAR, $bn) of the latest quarter in the data: converts bp per 1% of GDP to bp per $100bn
    reference_quarter date not null,
    reference_gdp_usd_bn double not null check (reference_gdp_usd_bn > 0),
    largest_sale_pct_gdp double not null check (largest_sale_pct_gdp >= 0),
    largest_sale_quarter date,
    horizons_q integer not null check (horizons_q >= 1),
    n_draws integer not null check (n_draws >= 1),
    seed bigint not null,
    ci_level double not null check (ci_level > 0 and ci_level < 1),
    data_method_allowed boolean not null,
    data_method_reason varchar not null,
    config json not null,
    prior_source varchar,
    notes varchar[] not null default [],
    check (sample_start <= sample_end)
);
