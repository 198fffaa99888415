create table if not exists proj.mitigations (
    run_id varchar not null,
    scenario varchar not null,
    mitigation varchar not null check (
        mitigation in ('as_specified', 'fed_purchases', 'gradual_sale', 'fiscal_consolidation', 'issuance_shift')
    ),
    description varchar not null,
    peak_10y_bp double not null,
    ten_year_delta_treasury_usd_bn double not null,
    ten_year_delta_treasury_plus_fed_usd_bn double not null,
    saving_vs_as_specified_usd_bn double not null,
    primary key (run_id, scenario, mitigation)
);

comment on table proj.mitigations is
    'What each policy lever does to a scenario''s cost (point projections): the scenario as written, then '
    'one lever pulled at a time. Ten-year costs are extra net interest summed over the projected fiscal '
    'years, $bn: Treasury only, and Treasury plus the fall in Fed remittances.';
comment on column proj.mitigations.run_id is 'the projection run (meta.runs)';
comment on column proj.mitigations.scenario is 'scenario name (proj.scenarios)';
comment on column proj.mitigations.mitigation is
    'as_specified (the scenario as written), fed_purchases (the Fed buys at least half the sale), '
    'gradual_sale (the sale spread over three times as many months, at least 36), fiscal_consolidation (the '
    'primary deficit cut by a further 0.5% of GDP) or issuance_shift (fixed-coupon issuance moved to bills '
    'around the sale)';
comment on column proj.mitigations.description is 'what the lever does in this scenario, with its numbers';
comment on column proj.mitigations.peak_10y_bp is
    'peak change of the 10-year yield against the baseline, bp (positive = yields rise)';
comment on column proj.mitigations.ten_year_delta_treasury_usd_bn is
    'extra net interest over the projected fiscal years, Treasury only, $bn';
comment on column proj.mitigations.ten_year_delta_treasury_plus_fed_usd_bn is
    'the same plus the fall in Fed remittances, $bn';
comment on column proj.mitigations.saving_vs_as_specified_usd_bn is
    'as_specified''s ten_year_delta_treasury_usd_bn minus this row''s, $bn: positive = the lever saves '
    'money';
