-- FOMC statement dates 2006-2025 from the file names of the public repository harryposner/fed-statement-tracker
-- (the placebo pool of FOMC days), as shipped in the snapshot, with the US trading day each maps to.
-- Versioned as raw.acm_term_premium; key = path.
create table if not exists raw.fomc_statement_dates (
    path varchar not null,
    date date,
    kind varchar check (kind in ('fomc_statement', 'longer_run_goals', 'other_statement')),
    us_trading_date date,
    us_trading_date_rule varchar check (us_trading_date_rule in ('same_day', 'next_trading_day')),
    us_trading_date_reason varchar,
    withdrawn boolean not null default false,
    realtime_start date not null,
    run_id varchar not null,
    primary key (path, realtime_start)
);

comment on table raw.fomc_statement_dates is 'fomc statements 2006-01 to 2025-07 (and one 2025-08 longer-run goals document) as listed by harryposner/fed-statement-tracker data/statements/*.md (commit 5ae9831c), every stored version; reference table';
comment on column raw.fomc_statement_dates.path is 'the statement file in that repository (data/statements/yyyy-mm-dd-….md)';
comment on column raw.fomc_statement_dates.date is 'statement date (the file name''s prefix)';
comment on column raw.fomc_statement_dates.kind is 'fomc_statement (a meeting statement), longer_run_goals (the annual goals statement) or other_statement (an unscheduled or joint statement)';
comment on column raw.fomc_statement_dates.us_trading_date is 'the us trading day whose close first reflects the statement';
comment on column raw.fomc_statement_dates.us_trading_date_rule is 'same_day or next_trading_day (a stated rule in event_day_rules.toml)';
comment on column raw.fomc_statement_dates.us_trading_date_reason is 'the stated reason of a next_trading_day rule';
comment on column raw.fomc_statement_dates.withdrawn is 'true: the row''s key is absent from this version of the file (values null); the row no longer exists from realtime_start on';
comment on column raw.fomc_statement_dates.realtime_start is 'version: the snapshot date of the load that first stored these values';
comment on column raw.fomc_statement_dates.run_id is 'the refresh run that stored the row';
