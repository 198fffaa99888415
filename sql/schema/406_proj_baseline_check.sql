create table if not exists proj.baseline_check (
    run_id varchar not null,
    baseline varchar not null,
    fy integer not null check (fy between 1990 and 2100),
    cbo_net_interest_usd_bn double not null,
    model_net_interest_usd_bn double not null,
    diff_usd_bn double not null,
    diff_pct double not null,
    within_tolerance boolean not null,
    model_marketable_interest_usd_bn double not null,
    bridge_usd_bn double not null,
    cbo_debt_held_by_public_usd_bn double not null,
    model_debt_held_by_public_usd_bn double not null,
    primary key (run_id, baseline, fy)
);

comment on table proj.baseline_check is
    'The binding check of the fiscal engine: the model''s baseline net interest beside CBO''s, per fiscal '
    'year (CBO''s net interest concept). It must stay within 10% in FY2026 and FY2035 on cbo-2025-01. Debt '
    'held by the public includes nonmarketable debt, as CBO''s does.';
comment on column proj.baseline_check.run_id is 'the projection run (meta.runs)';
comment on column proj.baseline_check.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column proj.baseline_check.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column proj.baseline_check.cbo_net_interest_usd_bn is 'CBO''s net interest, $bn';
comment on column proj.baseline_check.model_net_interest_usd_bn is
    'the model''s baseline net interest (model_marketable_interest_usd_bn + bridge_usd_bn), $bn';
comment on column proj.baseline_check.diff_usd_bn is
    'model_net_interest_usd_bn - cbo_net_interest_usd_bn, $bn';
comment on column proj.baseline_check.diff_pct is 'diff_usd_bn as a percent of cbo_net_interest_usd_bn';
comment on column proj.baseline_check.within_tolerance is 'whether diff_pct is within plus or minus 10';
comment on column proj.baseline_check.model_marketable_interest_usd_bn is
    'the engine''s interest on marketable debt held by the public, $bn';
comment on column proj.baseline_check.bridge_usd_bn is
    'nonmarketable interest and other net interest, added to reach CBO''s concept, $bn';
comment on column proj.baseline_check.cbo_debt_held_by_public_usd_bn is
    'CBO''s debt held by the public at the end of the fiscal year, $bn';
comment on column proj.baseline_check.model_debt_held_by_public_usd_bn is
    'the model''s: marketable debt at the end of the fiscal year plus nonmarketable debt, $bn';
