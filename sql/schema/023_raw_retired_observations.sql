-- Observations moved out of raw.observations because their series changed definition (kept, never deleted).
create table if not exists raw.retired_observations (
    series_id varchar not null,
    date date not null,
    value double,
    realtime_start date not null,
    realtime_end date not null,
    run_id varchar not null,
    retired_because varchar not null,
    primary key (series_id, date, realtime_start)
);

comment on table raw.retired_observations is 'observations taken out of raw.observations because their series changed definition; same columns, plus why. nothing here is read by staging';
comment on column raw.retired_observations.series_id is 'fred series id';
comment on column raw.retired_observations.date is 'observation date as fred dated it';
comment on column raw.retired_observations.value is 'the value as stored, in the series'' old units';
comment on column raw.retired_observations.realtime_start is 'first day this value was known (the snapshot date for snapshot rows)';
comment on column raw.retired_observations.realtime_end is 'realtime_end as the source gave it';
comment on column raw.retired_observations.run_id is 'the refresh run that stored the row';
comment on column raw.retired_observations.retired_because is 'why the row left raw.observations';

-- TREAST was FRED's quarterly average (quarter-start dates, loaded only from the 2026-11-30 snapshot: a live
-- fetch could never pass the old quarterly catalog entry) until the December 2026 catalog made it the weekly
-- Wednesday level. Left in place, those rows would sit among the weekly ones and be averaged into them.
-- Idempotent: once moved, nothing matches.
insert or ignore into raw.retired_observations
select
    series_id,
    date,
    value,
    realtime_start,
    realtime_end,
    run_id,
    'TREAST quarterly average (snapshot 2026-11-30) replaced by the weekly Wednesday level (catalog of 2026-12)'
from raw.observations
where series_id = 'TREAST' and realtime_start = date '2026-11-30';

delete from raw.observations where series_id = 'TREAST' and realtime_start = date '2026-11-30';
