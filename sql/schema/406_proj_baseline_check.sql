-- The binding check of the fiscal engine: the model's baseline net interest beside CBO's, per fiscal
-- year ($bn; CBO's net interest concept). It must stay within 10% in FY2026 and FY2035 on cbo-2025-01.
-- Debt held by the public includes nonmarketable debt, as CBO's does.
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
