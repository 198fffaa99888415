create table if not exists proj.sensitivity (
    run_id varchar not null,
    scenario varchar not null,
    baseline varchar not null,
    shift_bp double not null,
    fy integer not null check (fy between 1990 and 2100),
    delta_interest_usd_bn double not null,
    cumulative_delta_usd_bn double not null,
    primary key (run_id, scenario, fy)
);

comment on table proj.sensitivity is
    'All rates shift_bp higher for good from the first projected month (selloff sensitivity --bp X): the '
    'extra net interest per fiscal year, which is the deficit increase (debt service included), and its '
    'running sum. Comparable with CBO''s rule of thumb (rates 0.1 point higher each year).';
comment on column proj.sensitivity.run_id is 'the projection run (meta.runs)';
comment on column proj.sensitivity.scenario is 'the label of the shift, e.g. rates+10bp';
comment on column proj.sensitivity.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column proj.sensitivity.shift_bp is 'the permanent rise of every rate, bp';
comment on column proj.sensitivity.fy is 'federal fiscal year (October-September, named by the year it ends)';
comment on column proj.sensitivity.delta_interest_usd_bn is 'extra net interest in the fiscal year, $bn';
comment on column proj.sensitivity.cumulative_delta_usd_bn is
    'delta_interest_usd_bn summed from the first projected fiscal year, $bn';
