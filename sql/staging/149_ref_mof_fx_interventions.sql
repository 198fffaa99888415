-- Japan mof fx interventions 1998-2024, single days and reporting-period totals, with the us trading day of
-- each single day (see ref.mof_fx_interventions_as_of). Reference data shipped with the snapshot: a live
-- refresh (--source fred/tic) keeps it as it is.
create or replace view ref.mof_fx_interventions as
select * from ref.mof_fx_interventions_as_of(date '9999-12-31');

comment on view ref.mof_fx_interventions is 'japan mof fx interventions 1998-2024, single days and reporting-period totals, with the us trading day of each single day: latest version of the reference table; shipped with the snapshot, kept as it is by a live refresh (--source fred/tic)';
comment on column ref.mof_fx_interventions.date is 'intervention day, or the first day of a period total (a month printed as yyyy-mm: its first day)';
comment on column ref.mof_fx_interventions.row_type is 'single_day or period_total (a mof reporting-period total)';
comment on column ref.mof_fx_interventions.seq is 'order among rows with the same date and row_type (1, 2, ...)';
comment on column ref.mof_fx_interventions.date_as_printed is 'the date as in the file';
comment on column ref.mof_fx_interventions.date_precision is 'day, or month for a period printed as a month';
comment on column ref.mof_fx_interventions.direction is 'buy_yen (dollar assets sold) or sell_yen (dollar assets bought)';
comment on column ref.mof_fx_interventions.amount_jpy_bn is 'amount, billions of yen, positive; direction gives the side';
comment on column ref.mof_fx_interventions.period_start is 'first day of the mof reporting period the amount belongs to, where printed';
comment on column ref.mof_fx_interventions.period_end is 'last day of that reporting period, where printed';
comment on column ref.mof_fx_interventions.amount_as_printed is 'the amount as the source prints it';
comment on column ref.mof_fx_interventions.usd_jpy_dexjpus_on_date is 'fred dexjpus on the date, yen per dollar (single days)';
comment on column ref.mof_fx_interventions.us_trading_date is 'single days: the us trading day whose close first reflects the intervention; null for period totals';
comment on column ref.mof_fx_interventions.us_trading_date_rule is 'same_day or next_trading_day (a stated rule); null for period totals';
comment on column ref.mof_fx_interventions.us_trading_date_reason is 'the reason stated for a next_trading_day rule';
comment on column ref.mof_fx_interventions.source is 'source address';
comment on column ref.mof_fx_interventions.note is 'caveats and alternative printings';
comment on column ref.mof_fx_interventions.realtime_start is 'version: the snapshot date of the load that stored these values';
