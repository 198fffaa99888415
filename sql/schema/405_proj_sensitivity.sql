-- All rates shift_bp higher for good from the first projected month (`selloff sensitivity --bp X`):
-- the extra net interest per fiscal year (= the deficit increase, debt service included), $bn, and its
-- running sum. Comparable with CBO's rule of thumb (rates 0.1 point higher each year).
-- `scenario` is the label of the shift, e.g. 'rates+10bp'.
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
