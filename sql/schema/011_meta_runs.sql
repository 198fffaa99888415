create table if not exists meta.runs (
    run_id varchar primary key,
    kind varchar not null check (kind in ('refresh', 'calibrate', 'project', 'report', 'nightly')),
    source varchar,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null check (status in ('running', 'ok', 'partial', 'failed')),
    settings json,
    package_version varchar not null,
    parent_run_ids varchar[] not null default [],
    data_vintage date,
    message varchar
);

comment on table meta.runs is
    'Every refresh, calibrate, project, report and nightly run: what ran, on what, and how it ended. Every '
    'output row carries the run_id of the run that wrote it; settings never hold secrets.';
comment on column meta.runs.run_id is
    '<kind>-<UTC start yyyymmddThhmmssZ>-<6 hex digits>, e.g. refresh-20261130T030512Z-3f9a1c: sorts by '
    'start time';
comment on column meta.runs.kind is
    'refresh, calibrate, project (a scenario set, or a grid when settings has grid), report, or nightly '
    '(the main job: one row beside the four step runs it chained)';
comment on column meta.runs.source is
    'refresh and nightly runs: where the data came from, e.g. series:snapshot,tic:snapshot or '
    'series:fred,tic:tic; null for the other kinds';
comment on column meta.runs.started_at is 'when the run started (UTC)';
comment on column meta.runs.finished_at is 'when the run ended (UTC); null while it runs';
comment on column meta.runs.status is
    'running, ok, partial (a refresh in which some datasets failed: see meta.load_checks) or failed '
    '(message says why; nothing else of the run was published)';
comment on column meta.runs.settings is
    'the run''s settings as JSON, without secrets: the exact package versions under versions, and the '
    'step''s own options (e.g. method, scenarios, baseline, draws, seed)';
comment on column meta.runs.package_version is 'the selloff version that ran';
comment on column meta.runs.parent_run_ids is
    'the runs whose outputs this one used: a calibration''s refresh, a projection''s calibration, a '
    'report''s projection; a nightly run lists its four step runs';
comment on column meta.runs.data_vintage is
    'refresh and nightly: the latest realtime_start stored; calibrate: the latest realtime_start in the '
    'panels it read; null for project and report runs';
comment on column meta.runs.message is 'why the run failed or was partial; null when it was ok';
