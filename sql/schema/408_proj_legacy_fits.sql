create table if not exists proj.legacy_fits (
    inputs_sha256 varchar primary key,
    baseline varchar not null,
    start_month date not null,
    note_tilt double not null,
    bond_20y_share double not null check (bond_20y_share between 0 and 1),
    wam_months double not null check (wam_months > 0),
    maturing_within_1y_pct double not null check (maturing_within_1y_pct between 0 and 100),
    first_run_id varchar not null
);

comment on table proj.legacy_fits is
    'The legacy-debt rebuild''s calibrated issuance mix, one row per set of inputs it was fitted on. A '
    'projection, sensitivity or calibration headline on the same inputs reuses the row instead of fitting '
    'again (the slow step); a reused fit is checked by simulating it once. Not per-run detail: rows are '
    'kept, one per start month, baseline and debt structure.';
comment on column proj.legacy_fits.inputs_sha256 is
    'sha256 of what the mix is fitted on (the debt path from 1980, security-type shares, the WAM and '
    'maturing-within-a-year targets; not the yields, which set coupons only) and of the rebuild''s code';
comment on column proj.legacy_fits.baseline is 'the baseline whose debt path and facts were used';
comment on column proj.legacy_fits.start_month is 'the first projected month: the rebuild is of the debt the month before';
comment on column proj.legacy_fits.note_tilt is
    'theta: the 2-, 3-, 5-, 7- and 10-year notes are issued in proportion to maturity in years to the power theta';
comment on column proj.legacy_fits.bond_20y_share is 'share of bond issuance in the 20-year bond once it exists (0-1)';
comment on column proj.legacy_fits.wam_months is 'weighted average maturity of the rebuilt debt at the start, months';
comment on column proj.legacy_fits.maturing_within_1y_pct is
    'share of the rebuilt debt maturing within a year at the start, %';
comment on column proj.legacy_fits.first_run_id is 'the run that fitted it first (meta.runs)';
