-- Every vintage of every observation. FRED's "." is a NULL value, kept. A plain FRED request stamps
-- rows with realtime_start = today, so a row is added only when the value differs from the latest
-- stored vintage (its realtime_start is the first-seen date); ALFRED requests bring their own dates.
-- realtime_end is as the source gave it; stg.observation_vintages derives the effective end.
create table if not exists raw.observations (
    series_id varchar not null,
    date date not null,
    value double,
    realtime_start date not null,
    realtime_end date not null,
    run_id varchar not null,
    primary key (series_id, date, realtime_start),
    check (realtime_end >= realtime_start)
);
