create table if not exists proj.baseline_check (
    run_id varchar not null,
    baseline varchar not null,
    fy integer not null check (fy between 1990 and 2100),
    cbo_net_interest_usd_bn double,
    model_net_interest_usd_bn double not null,
    diff_usd_bn double,
    diff_pct double,
    within_tolerance boolean,
    model_marketable_interest_usd_bn double not null,
    bridge_usd_bn double not null,
    cbo_debt_held_by_public_usd_bn double not null,
    model_debt_held_by_public_usd_bn double not null,
    binding boolean not null,
    tolerance_pct double not null,
    realised_months integer not null check (realised_months between 0 and 11),
    debt_diff_pct double not null,
    debt_tolerance_pct double,
    debt_within_tolerance boolean,
    primary key (run_id, baseline, fy)
);

comment on table proj.baseline_check is
    'The binding checks of the fiscal engine: the model''s baseline net interest and debt beside CBO''s, '
    'per fiscal year (CBO''s concepts). cbo-2026-02: FY2026 net interest within 5% of CBO''s and debt held '
    'by the public within 2% in every year; cbo-2025-01: net interest within 10% in FY2026 and FY2035. '
    'Debt held by the public includes nonmarketable debt, as CBO''s does.';
comment on column proj.baseline_check.run_id is 'the projection run (meta.runs)';
comment on column proj.baseline_check.baseline is 'the fiscal baseline projected against, e.g. cbo-2026-02';
comment on column proj.baseline_check.fy is
    'federal fiscal year (October-September, named by the year it ends)';
comment on column proj.baseline_check.cbo_net_interest_usd_bn is
    'CBO''s net interest, $bn; null where the baseline''s data do not have it';
comment on column proj.baseline_check.model_net_interest_usd_bn is
    'the model''s baseline net interest (model_marketable_interest_usd_bn + bridge_usd_bn), $bn';
comment on column proj.baseline_check.diff_usd_bn is
    'model_net_interest_usd_bn - cbo_net_interest_usd_bn, $bn; null without CBO''s figure';
comment on column proj.baseline_check.diff_pct is 'diff_usd_bn as a percent of cbo_net_interest_usd_bn';
comment on column proj.baseline_check.within_tolerance is
    'whether diff_pct is within plus or minus tolerance_pct; null without CBO''s figure';
comment on column proj.baseline_check.model_marketable_interest_usd_bn is
    'the model''s interest on marketable debt held by the public, $bn (the first year''s months before the '
    'start from the rebuilt debt, the rest from the engine)';
comment on column proj.baseline_check.bridge_usd_bn is
    'nonmarketable interest and other net interest, added to reach CBO''s concept, $bn';
comment on column proj.baseline_check.cbo_debt_held_by_public_usd_bn is
    'CBO''s debt held by the public at the end of the fiscal year, $bn';
comment on column proj.baseline_check.model_debt_held_by_public_usd_bn is
    'the model''s: marketable debt at the end of the fiscal year plus nonmarketable debt, $bn';
comment on column proj.baseline_check.binding is 'whether this year''s net interest check is binding';
comment on column proj.baseline_check.tolerance_pct is 'the net interest tolerance of the baseline, percent';
comment on column proj.baseline_check.realised_months is
    'months of the fiscal year before the projection''s start (history)';
comment on column proj.baseline_check.debt_diff_pct is
    'model debt minus CBO''s, as a percent of CBO''s';
comment on column proj.baseline_check.debt_tolerance_pct is
    'the baseline''s debt tolerance, percent, every year; null when the debt check is not binding';
comment on column proj.baseline_check.debt_within_tolerance is
    'whether debt_diff_pct is within plus or minus debt_tolerance_pct; null when not binding';
