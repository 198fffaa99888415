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
    'around the sale)';
comment on column report.mitigations.description is 'what the lever does in this scenario, with its numbers';
comment on column report.mitigations.peak_10y_bp is
    'peak change of the 10-year yield against the baseline, bp (positive = yields rise)';
comment on column report.mitigations.ten_year_delta_treasury_usd_bn is
    'extra net interest over the projected fiscal years, Treasury only, $bn';
comment on column report.mitigations.ten_year_delta_treasury_plus_fed_usd_bn is
    'the same plus the fall in Fed remittances, $bn';
comment on column report.mitigations.saving_vs_as_specified_usd_bn is
    'as_specified''s ten_year_delta_treasury_usd_bn minus this row''s, $bn: positive = the lever saves '
    'money';
