-- Every refresh / calibrate / project / report / nightly run. `settings` never holds secrets.
create table if not exists meta.runs (
    run_id varchar primary key,
    kind varchar not null check (kind in ('refresh', 'calibrate', 'project', 'report', 'nightly')),
    source varchar,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null check (status in ('running', 'ok', 'partial', 'failed')),
    settings json,
    package_version varchar not null,
    -- the runs whose outputs this one used (projection → calibration → refresh)
    parent_run_ids varchar[] not null default [],
    -- refresh: latest realtime_start loaded; others: the data vintage of the refresh they built on
    data_vintage date,
    message varchar
);
