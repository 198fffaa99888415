create table if not exists calib.calibrations (
    run_id varchar primary key,
    spec varchar not null,
    primary_flow varchar not null check (primary_flow in ('custody_face', 'foreign_mv', 'tic_official_mv')),
    sample_start date not null,
    sample_end date not null,
    n_obs integer not null check (n_obs > 0),
    data_vintage date,
    as_of date,
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

comment on table calib.calibrations is
    'One row per stored calibration run: what was estimated, on which data, and whether the data-only '
    'estimate may drive projections. The run itself (status, parent refresh run) is in meta.runs.';
comment on column calib.calibrations.run_id is 'the calibration run (meta.runs)';
comment on column calib.calibrations.spec is
    'the primary specification in words: local projections of the end-of-quarter yield change (bp) on net '
    'foreign sales (% of GDP) with controls, OLS with Newey-West errors';
comment on column calib.calibrations.primary_flow is
    'the flow measure of the primary regressions: custody_face (Fed custody holdings for foreign official '
    'accounts, face value), foreign_mv (all foreign holders, market value) or tic_official_mv (TIC foreign '
    'official, market value)';
comment on column calib.calibrations.sample_start is
    'first quarter (first day) of the 10-year impact regression''s sample';
comment on column calib.calibrations.sample_end is 'last quarter (first day) of that sample';
comment on column calib.calibrations.n_obs is 'quarters in the 10-year impact regression';
comment on column calib.calibrations.data_vintage is
    'latest realtime_start in the panels read: the data as known then';
comment on column calib.calibrations.as_of is
    'the --as-of date the panels were read as of; null for the latest vintage';
comment on column calib.calibrations.reference_quarter is
    'latest quarter with GDP in the data (first day): its GDP converts bp per 1% of GDP into bp per $100bn';
comment on column calib.calibrations.reference_gdp_usd_bn is
    'GDP of reference_quarter, $bn at a seasonally adjusted annual rate: bp per $100bn = bp per 1% of GDP x '
    '10,000 / this';
comment on column calib.calibrations.largest_sale_pct_gdp is
    'largest one-quarter net foreign sale in the sample (primary flow), % of GDP; 0 if none: projections of '
    'larger sales are flagged as extrapolated';
comment on column calib.calibrations.largest_sale_quarter is 'the quarter of that sale (first day)';
comment on column calib.calibrations.horizons_q is
    'H, quarters: the local projections run h = 0..H quarters after the sale';
comment on column calib.calibrations.n_draws is 'joint draws per method (calib.draws)';
comment on column calib.calibrations.seed is 'seed of the bootstrap and prior draws';
comment on column calib.calibrations.ci_level is 'level of every interval of the run, e.g. 0.90';
comment on column calib.calibrations.data_method_allowed is
    'whether projections may use the data-only estimate (--method data): every 2y-30y sign must be the same '
    'for all flow measures and plausible durations of market-value holdings';
comment on column calib.calibrations.data_method_reason is 'why data_method_allowed is what it is';
comment on column calib.calibrations.config is
    'every calibration setting as JSON (horizons, duration grid, minimum sample sizes, bootstrap block, '
    'subsamples, Chow break, ...)';
comment on column calib.calibrations.prior_source is
    'where the literature prior comes from (the source line of priors.toml)';
comment on column calib.calibrations.notes is
    'caveats of the run, e.g. missing optional series or identification notes';
