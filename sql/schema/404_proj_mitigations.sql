create table if not exists proj.mitigations (
    run_id varchar not null,
    scenario varchar not null,
    mitigation varchar not null check (
        mitigation in ('as_specified', 'fed_purchases', 'gradual_sale', 'fiscal_consolidation', 'issuance_shift')
    ),
    description varchar not null,
    peak_10y_bp double not null,
    sale_specific_saving_usd_bn double not null,
    sale_without_lever_usd_bn double not null,
    sale_with_lever_usd_bn double not null,
    lever_alone_usd_bn double not null,
    lever_alone_primary_usd_bn double not null,
    sale_with_lever_treasury_plus_fed_usd_bn double not null,
    primary key (run_id, scenario, mitigation)
);

comment on table proj.mitigations is
    'What each policy lever does to the cost of the sale itself (point projections): the scenario as '
    'written, then one lever pulled at a time, each with three numbers - the sale without the lever, the '
    'sale with it, the lever alone (no sale) - as extra net interest over the projection against the '
    'baseline, $bn (positive = a higher deficit). sale_specific_saving = (sale without - 0) - (sale with - '
    'lever alone): a lever is never credited with what it saves on the baseline.';
comment on column proj.mitigations.run_id is 'the projection run (meta.runs)';
comment on column proj.mitigations.scenario is 'scenario name (proj.scenarios)';
comment on column proj.mitigations.mitigation is
    'as_specified (the scenario as written), fed_purchases (the Fed buys at least half the sale), '
    'gradual_sale (the sale spread over three times as many months, at least 36), fiscal_consolidation (the '
    'primary deficit cut by a further 0.5% of GDP) or issuance_shift (fixed-coupon issuance moved to bills '
    'around the sale, termed out again afterwards)';
comment on column proj.mitigations.description is 'what the lever does in this scenario, with its numbers';
comment on column proj.mitigations.peak_10y_bp is
    'peak change of the 10-year yield against the baseline with the lever (signed extremum), bp '
    '(positive = yields rise)';
comment on column proj.mitigations.sale_specific_saving_usd_bn is
    'what the lever takes off the sale''s cost: sale_without_lever - (sale_with_lever - lever_alone), $bn; '
    'positive = the sale costs less';
comment on column proj.mitigations.sale_without_lever_usd_bn is
    'extra net interest over the projection of the scenario as written, Treasury only, $bn';
comment on column proj.mitigations.sale_with_lever_usd_bn is
    'extra net interest over the projection of the scenario with the lever, Treasury only, $bn';
comment on column proj.mitigations.lever_alone_usd_bn is
    'the lever''s own effect on net interest with no sale and no shock (beyond the scenario''s own levers), '
    '$bn: e.g. a consolidation''s interest saving on the baseline debt (negative = lower)';
comment on column proj.mitigations.lever_alone_primary_usd_bn is
    'the lever''s own effect on the primary deficit over the projection, $bn (a consolidation''s cut, '
    'negative = a lower deficit; 0 for the other levers)';
comment on column proj.mitigations.sale_with_lever_treasury_plus_fed_usd_bn is
    'sale_with_lever_usd_bn plus the fall in Fed remittances (the Fed pays the policy rate on the reserves '
    'that fund its purchases), $bn';
