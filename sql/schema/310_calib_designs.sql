create table if not exists calib.designs (
    run_id varchar not null,
    design varchar not null check (design in ('A', 'B', 'C', 'D')),
    variant varchar not null,
    tenor varchar not null check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    term varchar not null check (term in ('impact', 'long_run')),
    window_days integer,
    estimate_bp_per_pct_gdp double not null,
    ci_low_bp_per_pct_gdp double,
    ci_high_bp_per_pct_gdp double,
    estimate_bp_per_100bn double not null,
    ci_low_bp_per_100bn double,
    ci_high_bp_per_100bn double,
    se_combination_bp_per_pct_gdp double check (se_combination_bp_per_pct_gdp > 0),
    n integer not null check (n > 0),
    sample_start date,
    sample_end date,
    p_value double check (p_value between 0 and 1),
    p_value_method varchar not null,
    identifying_assumption varchar not null,
    included boolean not null,
    exclusion_reason varchar,
    note varchar,
    reference_gdp_usd_bn double not null check (reference_gdp_usd_bn > 0),
    primary key (run_id, design, variant, tenor, term)
);

comment on table calib.designs is
    'Every estimate of the identified designs of the price impact, per tenor, with its evidence: a Fed qe/qt '
    'announcements, b japan''s yen-buying interventions, c the supply model of the 10-year term premium, d '
    'the repaired custody-flow local projections (a conditional correlation, never combined). one row per '
    'design, variant, tenor and term; the forest plot of the calibration appendix reads it.';
comment on column calib.designs.run_id is 'the calibration run (meta.runs)';
comment on column calib.designs.design is 'a (fed announcements), b (mof interventions), c (supply model) or d (diagnostic)';
comment on column calib.designs.variant is
    'main (the combination input of a and b), main_acm (of c), or a reported variant: 1day_fomc_pool, 2day, '
    'all_single_days, placebo_t-5, other c specifications and their _diff4 (4-quarter differences) versions, '
    'custody_lp_repaired (d)';
comment on column calib.designs.tenor is 'curve point: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column calib.designs.term is 'impact (a, b, d) or long_run, the persistent effect (c, d)';
comment on column calib.designs.window_days is 'event window in trading days (a, b); null for the quarterly designs';
comment on column calib.designs.estimate_bp_per_pct_gdp is 'bp per sale worth 1% of gdp, positive = yields rise';
comment on column calib.designs.ci_low_bp_per_pct_gdp is
    '90% interval, low end, bp per 1% of gdp: randomisation (a, b), se_combination (c main) or hac (c, d)';
comment on column calib.designs.ci_high_bp_per_pct_gdp is '90% interval, high end, bp per 1% of gdp';
comment on column calib.designs.estimate_bp_per_100bn is 'bp per $100bn sold, at reference_gdp_usd_bn';
comment on column calib.designs.ci_low_bp_per_100bn is '90% interval, low end, bp per $100bn';
comment on column calib.designs.ci_high_bp_per_100bn is '90% interval, high end, bp per $100bn';
comment on column calib.designs.se_combination_bp_per_pct_gdp is
    'the se the combination uses (main rows only), bp per 1% of gdp: a and b max(randomisation, hc1, '
    'jackknife); c calibrated se and specification spread in quadrature';
comment on column calib.designs.n is 'event windows (a, b) or quarters (c, d)';
comment on column calib.designs.sample_start is 'first event day or quarter used';
comment on column calib.designs.sample_end is 'last event day or quarter used';
comment on column calib.designs.p_value is 'two-sided p-value of no effect';
comment on column calib.designs.p_value_method is 'how p_value and the interval were computed';
comment on column calib.designs.identifying_assumption is 'the design''s identifying assumption, one sentence';
comment on column calib.designs.included is 'true if the row enters the combination (calib.combination)';
comment on column calib.designs.exclusion_reason is
    'why a main row is excluded (too few events, failed placebo; for c no cointegration or instability) or '
    'what a non-main row is; never the sign';
comment on column calib.designs.note is 'diagnostics: the ses compared, jgb loading, cointegration, cusum, chow';
comment on column calib.designs.reference_gdp_usd_bn is
    'the one gdp ($bn saar, latest quarter) behind every bp-per-$100bn number of the run';
