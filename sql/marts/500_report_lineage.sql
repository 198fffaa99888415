create or replace view report.lineage as
with latest_projection as (
    select run_id, parent_run_ids, finished_at, settings, package_version
    from meta.runs
    -- grid runs (settings.grid) project many cells into proj.grid, not a scenario set: not reportable here
    where kind = 'project' and status = 'ok' and json_extract_string(settings, '$.grid') is null
    order by finished_at desc, run_id desc
    limit 1
),

calibration as (
    select runs.run_id, runs.parent_run_ids, runs.data_vintage, runs.settings
    from meta.runs as runs
    inner join latest_projection on runs.run_id = latest_projection.parent_run_ids[1]
)

select
    latest_projection.run_id as projection_run_id,
    latest_projection.finished_at as projected_at,
    calibration.run_id as calibration_run_id,
    json_extract_string(calibration.settings, '$.method') as calibration_method,
    calibration.parent_run_ids[1] as refresh_run_id,
    refresh.source as refresh_source,
    calibration.data_vintage,
    json_extract_string(latest_projection.settings, '$.baseline') as baseline,
    latest_projection.package_version
from latest_projection
inner join calibration on true
left join meta.runs as refresh on refresh.run_id = calibration.parent_run_ids[1];

comment on view report.lineage is
    'The runs every report.* view shows, in one row: the latest successful projection (grid runs excluded), '
    'the calibration it was built on and the refresh that calibration used. Always one coherent chain, '
    'never two unrelated latest runs.';
comment on column report.lineage.projection_run_id is
    'the latest successful projection run (kind project, status ok, not a grid)';
comment on column report.lineage.projected_at is 'when it finished (UTC)';
comment on column report.lineage.calibration_run_id is 'the calibration it projected with (its parent run)';
comment on column report.lineage.calibration_method is
    'the method the calibration run was asked to feed projections: data, prior or blend';
comment on column report.lineage.refresh_run_id is 'the refresh that calibration read (its parent run)';
comment on column report.lineage.refresh_source is
    'where that refresh took its data, e.g. series:snapshot,tic:snapshot';
comment on column report.lineage.data_vintage is
    'the calibration''s data vintage: the latest realtime_start in the panels it read';
comment on column report.lineage.baseline is 'the fiscal baseline of the projection, e.g. cbo-2025-01';
comment on column report.lineage.package_version is 'the selloff version of the projection run';
