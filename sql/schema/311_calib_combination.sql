create table if not exists calib.combination (
    run_id varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run')),
    prior_mean_bp_per_pct_gdp double not null,
    prior_sd_bp_per_pct_gdp double not null check (prior_sd_bp_per_pct_gdp > 0),
    components varchar not null,
    weights varchar not null,
    estimate_bp_per_pct_gdp double not null,
    std_error_bp_per_pct_gdp double not null check (std_error_bp_per_pct_gdp >= 0),
    ci_low_bp_per_pct_gdp double not null,
    ci_high_bp_per_pct_gdp double not null,
    estimate_bp_per_100bn double not null,
    ci_low_bp_per_100bn double not null,
    ci_high_bp_per_100bn double not null,
    data_share double not null check (data_share between 0 and 1),
    label varchar not null check (label in ('data-driven', 'prior-driven', 'fixed at 0 (policy path)')),
    reference_gdp_usd_bn double not null check (reference_gdp_usd_bn > 0),
    primary key (run_id, tenor, term)
);

comment on table calib.combination is
    'The combination rule per tenor and term, what the blend method uses: impact = precision-weighted prior '
    'and the included designs a and b; long_run (persistent) = prior and c (10-year); 3m and the 1y long run '
    'fixed at 0 (policy path); d never enters.';
comment on column calib.combination.run_id is 'the calibration run (meta.runs)';
comment on column calib.combination.tenor is 'curve point: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.combination.term is 'impact or long_run (the persistent effect)';
comment on column calib.combination.prior_mean_bp_per_pct_gdp is 'literature prior mean, bp per 1% of gdp sold';
comment on column calib.combination.prior_sd_bp_per_pct_gdp is 'literature prior sd, bp per 1% of gdp';
comment on column calib.combination.components is
    'json: design -> estimate and se (bp per 1% of gdp) of every included design';
comment on column calib.combination.weights is 'json: prior and design -> share of the precision';
comment on column calib.combination.estimate_bp_per_pct_gdp is 'combined effect, bp per 1% of gdp sold';
comment on column calib.combination.std_error_bp_per_pct_gdp is 'its standard error, bp per 1% of gdp (0 when fixed)';
comment on column calib.combination.ci_low_bp_per_pct_gdp is '90% interval, low end, bp per 1% of gdp';
comment on column calib.combination.ci_high_bp_per_pct_gdp is '90% interval, high end, bp per 1% of gdp';
comment on column calib.combination.estimate_bp_per_100bn is 'combined effect, bp per $100bn at reference_gdp_usd_bn';
comment on column calib.combination.ci_low_bp_per_100bn is '90% interval, low end, bp per $100bn';
comment on column calib.combination.ci_high_bp_per_100bn is '90% interval, high end, bp per $100bn';
comment on column calib.combination.data_share is 'share of the precision carried by the designs (1 - prior weight)';
comment on column calib.combination.label is 'data-driven (designs carry > 50%), prior-driven, or fixed at 0 (policy path)';
comment on column calib.combination.reference_gdp_usd_bn is 'the one gdp ($bn saar, latest quarter) of every conversion';
