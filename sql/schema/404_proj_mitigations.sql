-- What each policy lever does to a scenario's cost (point projections): the scenario as written, then
-- one lever pulled at a time. Ten-year costs are extra net interest summed over the projected fiscal
-- years, $bn: Treasury only, and Treasury plus the fall in Fed remittances.
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
