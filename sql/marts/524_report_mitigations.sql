create or replace view report.mitigations as
select proj.*
from proj.mitigations as proj
inner join report.lineage on proj.run_id = report.lineage.projection_run_id;

comment on view report.mitigations is
    'proj.mitigations of the latest successful projection (see report.lineage): what each policy lever does '
    'to a scenario''s cost.';

-- columns as in proj.mitigations: copied from its comments by `make docs` (edit them there)
comment on column report.mitigations.run_id is 'the projection run (meta.runs)';
comment on column report.mitigations.scenario is 'scenario name (proj.scenarios)';
comment on column report.mitigations.mitigation is
    'as_specified (the scenario as written), fed_purchases (the Fed buys at least half the sale), '
    'gradual_sale (the sale spread over three times as many months, at least 36), fiscal_consolidation (the '
    'primary deficit cut by a further 0.5% of GDP) or issuance_shift (fixed-coupon issuance moved to bills '
    'around the sale, termed out again afterwards)';
comment on column report.mitigations.description is 'what the lever does in this scenario, with its numbers';
comment on column report.mitigations.peak_10y_bp is
    'peak change of the 10-year yield against the baseline with the lever (signed extremum), bp (positive = '
    'yields rise)';
comment on column report.mitigations.sale_specific_saving_usd_bn is
    'what the lever takes off the sale''s cost: sale_without_lever - (sale_with_lever - lever_alone), $bn; '
    'positive = the sale costs less';
comment on column report.mitigations.sale_without_lever_usd_bn is
    'extra net interest over the projection of the scenario as written, Treasury only, $bn';
comment on column report.mitigations.sale_with_lever_usd_bn is
    'extra net interest over the projection of the scenario with the lever, Treasury only, $bn';
comment on column report.mitigations.lever_alone_usd_bn is
    'the lever''s own effect on net interest with no sale and no shock (beyond the scenario''s own levers), '
    '$bn: e.g. a consolidation''s interest saving on the baseline debt (negative = lower)';
comment on column report.mitigations.lever_alone_primary_usd_bn is
    'the lever''s own effect on the primary deficit over the projection, $bn (a consolidation''s cut, '
    'negative = a lower deficit; 0 for the other levers)';
comment on column report.mitigations.sale_with_lever_treasury_plus_fed_usd_bn is
    'sale_with_lever_usd_bn plus the fall in Fed remittances (the Fed pays the policy rate on the reserves '
    'that fund its purchases), $bn';
