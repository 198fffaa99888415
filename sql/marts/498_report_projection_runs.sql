create or replace view report.projection_runs as
with projections as (
    select
        run_id,
        finished_at,
        parent_run_ids,
        settings,
        package_version,
        json_extract_string(settings, '$.scenario_set') as scenario_set
    from meta.runs
    -- grid runs (settings.grid) project many cells into proj.grid, not a scenario set: not reportable here
    where kind = 'project' and status = 'ok' and json_extract_string(settings, '$.grid') is null
),

nightly as (
    select run_id as nightly_run_id, unnest(parent_run_ids) as child_run_id
    from meta.runs
    where kind = 'nightly' and status in ('ok', 'partial')
)

select
    projections.run_id,
    projections.finished_at,
    nightly.nightly_run_id,
    projections.scenario_set,
    -- runs recorded before scenario_set existed keep counting, as they did then
    nightly.nightly_run_id is not null or coalesce(projections.scenario_set, 'bundled') = 'bundled'
        as reportable,
    json_extract_string(projections.settings, '$.baseline') as baseline,
    cast(json_extract(projections.settings, '$.scenarios') as varchar[]) as scenarios,
    projections.parent_run_ids[1] as calibration_run_id,
    projections.package_version
from projections
left join nightly on nightly.child_run_id = projections.run_id;

comment on view report.projection_runs is
    'Every successful projection run (grid runs excluded), nightly and ad hoc: which one the report.* views '
    'follow (the latest reportable one) and how to reach the others by run id (report.lineage_of, or '
    '`set variable report_run_id`; see warehouse/README.md).';
comment on column report.projection_runs.run_id is 'the projection run (meta.runs)';
comment on column report.projection_runs.finished_at is 'when it finished (UTC)';
comment on column report.projection_runs.nightly_run_id is
    'the nightly run (main job) that made it; null for a projection run on its own';
comment on column report.projection_runs.scenario_set is
    'bundled (every bundled scenario, as the nightly job projects them: selloff project without '
    '--scenario) or ad-hoc (the scenarios named with --scenario); null for runs recorded before selloff '
    'noted it (they count as reportable)';
comment on column report.projection_runs.reportable is
    'true for a nightly or bundled-scenario projection (or one recorded before scenario_set): the report.* '
    'views follow the latest such run, never an ad-hoc one';
comment on column report.projection_runs.baseline is 'the fiscal baseline projected against, e.g. cbo-2025-01';
comment on column report.projection_runs.scenarios is 'the scenarios projected, by name';
comment on column report.projection_runs.calibration_run_id is 'the calibration it projected with';
comment on column report.projection_runs.package_version is 'the selloff version of the projection run';
